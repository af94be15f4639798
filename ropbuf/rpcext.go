package ropbuf

import (
	"errors"
	"fmt"

	"github.com/oxkit/oxkit/internal/wire"
)

// ExtFlags are the Flags of an RPC_HEADER_EXT ([MS-OXCRPC] 2.2.2.1).
type ExtFlags uint16

// RPC_HEADER_EXT flags.
const (
	ExtCompressed ExtFlags = 0x0001 // payload is LZ77 compressed
	ExtXorMagic   ExtFlags = 0x0002 // payload is XORed with 0xA5
	ExtLast       ExtFlags = 0x0004 // no header follows this payload
)

// String lists the set flags ("Compressed|Last"), with unknown bits in hex.
func (f ExtFlags) String() string {
	if f == 0 {
		return "0"
	}
	s := ""
	add := func(n string) {
		if s != "" {
			s += "|"
		}
		s += n
	}
	if f&ExtCompressed != 0 {
		add("Compressed")
	}
	if f&ExtXorMagic != 0 {
		add("XorMagic")
	}
	if f&ExtLast != 0 {
		add("Last")
	}
	if rest := f &^ (ExtCompressed | ExtXorMagic | ExtLast); rest != 0 {
		add(fmt.Sprintf("0x%04X", uint16(rest)))
	}
	return s
}

// ExtHeaderSize is the size of an RPC_HEADER_EXT.
const ExtHeaderSize = 8

// ExtHeader is an RPC_HEADER_EXT ([MS-OXCRPC] 2.2.2.1). Size is the
// payload's size on the wire, SizeActual its size once decompressed.
type ExtHeader struct {
	Version    uint16 // MUST be 0x0000
	Flags      ExtFlags
	Size       uint16
	SizeActual uint16
}

// ExtBuffer is one header of an extended buffer chain and its payload,
// decompressed and de-obfuscated.
type ExtBuffer struct {
	Header  ExtHeader
	Payload []byte
}

// DefaultMaxExtTotal is the default bound on the total decompressed size
// of one extended buffer chain (4 MiB): each header's SizeActual is at
// most 65535, but a chain of tiny compressed payloads could otherwise
// expand a request thousands of times.
const DefaultMaxExtTotal = 4 << 20

// ExtOptions are the limits of ParseExt. The zero value (or nil) means the
// defaults.
type ExtOptions struct {
	// MaxTotal bounds the sum of SizeActual over the chain; 0 means
	// DefaultMaxExtTotal.
	MaxTotal int
}

// ErrExtLimit is the cause of an ExtError when a chain's decompressed
// size would exceed ExtOptions.MaxTotal.
var ErrExtLimit = errors.New("ropbuf: extended buffer chain exceeds MaxTotal")

// ExtError is a failure to decode an extended buffer chain.
type ExtError struct {
	Index  int // header in the chain
	Offset int // byte offset of the header in the input
	Err    error
}

// Error implements error.
func (e *ExtError) Error() string {
	return fmt.Sprintf("ropbuf: RPC_HEADER_EXT #%d at offset %d: %v", e.Index, e.Offset, e.Err)
}

// Unwrap returns the cause.
func (e *ExtError) Unwrap() error { return e.Err }

// ParseExt decodes a chain of RPC_HEADER_EXT headers and payloads
// ([MS-OXCRPC] 3.1.4.1.1): it de-obfuscates and decompresses each payload
// (each into fresh memory; the input is not modified) and stops after the
// header with ExtLast. Bytes after it are an error, as is a chain without
// ExtLast.
func ParseExt(b []byte, opts *ExtOptions) ([]ExtBuffer, error) {
	max := DefaultMaxExtTotal
	if opts != nil && opts.MaxTotal > 0 {
		max = opts.MaxTotal
	}
	var out []ExtBuffer
	r := wire.NewReader(b)
	total := 0
	for i := 0; ; i++ {
		at := r.Offset()
		fail := func(err error) ([]ExtBuffer, error) { return out, &ExtError{Index: i, Offset: at, Err: err} }
		var h ExtHeader
		h.Version = r.Uint16()
		h.Flags = ExtFlags(r.Uint16())
		h.Size = r.Uint16()
		h.SizeActual = r.Uint16()
		if err := r.Err(); err != nil {
			return fail(err)
		}
		if h.Version != 0 {
			return fail(fmt.Errorf("Version 0x%04X, want 0x0000", h.Version))
		}
		payload := r.Bytes(int(h.Size))
		if err := r.Err(); err != nil {
			return fail(err)
		}
		total += int(h.SizeActual)
		if total > max {
			return fail(ErrExtLimit)
		}
		var data []byte
		if h.Flags&ExtXorMagic != 0 {
			data = make([]byte, len(payload))
			copy(data, payload)
			Obfuscate(data)
			payload = data
		}
		if h.Flags&ExtCompressed != 0 {
			var err error
			data, err = DecompressLZ77(nil, payload, int(h.SizeActual))
			if err != nil {
				return fail(err)
			}
		} else {
			if h.Size != h.SizeActual {
				return fail(fmt.Errorf("uncompressed payload with Size %d != SizeActual %d", h.Size, h.SizeActual))
			}
			if data == nil && len(payload) > 0 {
				data = append([]byte(nil), payload...)
			}
		}
		out = append(out, ExtBuffer{Header: h, Payload: data})
		if h.Flags&ExtLast != 0 {
			if r.Remaining() != 0 {
				return out, &ExtError{Index: i + 1, Offset: r.Offset(), Err: fmt.Errorf("%d bytes after the Last header", r.Remaining())}
			}
			return out, nil
		}
		if r.Remaining() == 0 {
			return out, &ExtError{Index: i + 1, Offset: r.Offset(), Err: errors.New("chain ends without the Last flag")}
		}
	}
}

// AppendExt appends one RPC_HEADER_EXT and payload. flags may ask for
// ExtCompressed, ExtXorMagic and ExtLast; compression is applied first and
// obfuscation second ([MS-OXCRPC] 3.1.7.2). When compression would not
// make the payload smaller the payload is sent uncompressed and
// ExtCompressed is cleared, as Exchange does. payload is not modified.
func AppendExt(b, payload []byte, flags ExtFlags) ([]byte, error) {
	if len(payload) > 0xFFFF {
		return b, fmt.Errorf("ropbuf: extended buffer payload of %d bytes: %w", len(payload), ErrTooLong)
	}
	start := len(b)
	b = append(b, make([]byte, ExtHeaderSize)...)
	body := len(b)
	if flags&ExtCompressed != 0 {
		b = CompressLZ77(b, payload)
		if len(b)-body >= len(payload) {
			b = append(b[:body], payload...)
			flags &^= ExtCompressed
		}
	} else {
		b = append(b, payload...)
	}
	if flags&ExtXorMagic != 0 {
		Obfuscate(b[body:])
	}
	h := b[start:body]
	putU16 := func(at int, v uint16) { h[at], h[at+1] = byte(v), byte(v>>8) }
	putU16(0, 0)
	putU16(2, uint16(flags))
	putU16(4, uint16(len(b)-body))
	putU16(6, uint16(len(payload)))
	return b, nil
}

// AppendExtChain appends payloads as a chain, each with flags and the last
// also with ExtLast.
func AppendExtChain(b []byte, payloads [][]byte, flags ExtFlags) ([]byte, error) {
	flags &^= ExtLast
	for i, p := range payloads {
		f := flags
		if i == len(payloads)-1 {
			f |= ExtLast
		}
		var err error
		if b, err = AppendExt(b, p, f); err != nil {
			return b, err
		}
	}
	return b, nil
}

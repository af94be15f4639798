// Package wire holds the little-endian cursor and append helpers that every
// binary codec of oxkit (mapi, ropbuf, oxcmail's TNEF and RTF, ical's blobs)
// shares.
//
// Reader never panics and never allocates on its own: every read past the
// end sets a sticky error (returned by Err) and yields zero values, so a
// decoder can read a whole structure and check once at the end, the way
// crypto/cryptobyte and archive/zip's readBuf do. Callers must check counts
// read from the wire against Remaining before they allocate.
package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrShort is the sticky error of a read past the end of the buffer.
var ErrShort = errors.New("wire: buffer too short")

// Error is a decoding error located at an offset of the buffer.
type Error struct {
	Offset int    // offset into the buffer where decoding failed
	What   string // what was being decoded
	Err    error  // the cause, often ErrShort
}

func (e *Error) Error() string {
	if e.What == "" {
		return fmt.Sprintf("offset %d: %v", e.Offset, e.Err)
	}
	return fmt.Sprintf("%s at offset %d: %v", e.What, e.Offset, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Reader is a little-endian cursor over a byte slice with a sticky error.
// The zero value reads from an empty buffer.
type Reader struct {
	buf  []byte
	off  int
	base int // offset of buf[0] in the outermost buffer, for error reports
	err  error
}

// NewReader returns a Reader over b.
func NewReader(b []byte) *Reader { return &Reader{buf: b} }

// Reset makes r read b from the start and clears its error.
func (r *Reader) Reset(b []byte) { *r = Reader{buf: b} }

// Err returns the first error met, or nil.
func (r *Reader) Err() error { return r.err }

// Offset returns the number of bytes consumed, counted from the start of
// the outermost buffer (sub-readers made by Sub keep counting from there).
func (r *Reader) Offset() int { return r.base + r.off }

// Remaining returns the number of unread bytes (0 after an error).
func (r *Reader) Remaining() int {
	if r.err != nil {
		return 0
	}
	return len(r.buf) - r.off
}

// Rest returns the unread bytes without consuming them. The slice aliases
// the buffer.
func (r *Reader) Rest() []byte {
	if r.err != nil {
		return nil
	}
	return r.buf[r.off:]
}

// Fail records err as the sticky error (wrapped in *Error with the current
// offset) unless an error is already recorded. It returns the recorded error.
func (r *Reader) Fail(what string, err error) error {
	if r.err == nil {
		r.err = &Error{Offset: r.Offset(), What: what, Err: err}
	}
	return r.err
}

// Failf is Fail with a formatted cause.
func (r *Reader) Failf(what, format string, args ...any) error {
	return r.Fail(what, fmt.Errorf(format, args...))
}

func (r *Reader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.buf)-r.off {
		r.Fail("", ErrShort)
		return nil
	}
	b := r.buf[r.off : r.off+n : r.off+n]
	r.off += n
	return b
}

// Uint8 reads one byte.
func (r *Reader) Uint8() uint8 {
	b := r.take(1)
	if b == nil {
		return 0
	}
	return b[0]
}

// Uint16 reads a little-endian uint16.
func (r *Reader) Uint16() uint16 {
	b := r.take(2)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint16(b)
}

// Uint32 reads a little-endian uint32.
func (r *Reader) Uint32() uint32 {
	b := r.take(4)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(b)
}

// Uint64 reads a little-endian uint64.
func (r *Reader) Uint64() uint64 {
	b := r.take(8)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(b)
}

// Uint16BE reads a big-endian uint16.
func (r *Reader) Uint16BE() uint16 {
	b := r.take(2)
	if b == nil {
		return 0
	}
	return binary.BigEndian.Uint16(b)
}

// Uint32BE reads a big-endian uint32.
func (r *Reader) Uint32BE() uint32 {
	b := r.take(4)
	if b == nil {
		return 0
	}
	return binary.BigEndian.Uint32(b)
}

// Float32 reads a little-endian IEEE 754 float32.
func (r *Reader) Float32() float32 { return math.Float32frombits(r.Uint32()) }

// Float64 reads a little-endian IEEE 754 float64.
func (r *Reader) Float64() float64 { return math.Float64frombits(r.Uint64()) }

// Bytes consumes n bytes and returns them, aliasing the buffer. It returns
// nil and sets the error if fewer than n bytes remain.
func (r *Reader) Bytes(n int) []byte { return r.take(n) }

// CopyBytes is Bytes returning a fresh copy (nil for n == 0).
func (r *Reader) CopyBytes(n int) []byte {
	b := r.take(n)
	if len(b) == 0 {
		return nil
	}
	return append([]byte(nil), b...)
}

// Skip consumes n bytes.
func (r *Reader) Skip(n int) { r.take(n) }

// Sub consumes n bytes and returns a Reader over them that reports offsets
// relative to the outermost buffer. An error in the sub-reader does not
// affect r.
func (r *Reader) Sub(n int) *Reader {
	start := r.Offset()
	b := r.take(n)
	sub := &Reader{buf: b, base: start}
	if b == nil && n != 0 {
		sub.err = r.err
	}
	return sub
}

// CheckCount fails with ErrShort unless count items of at least minSize
// bytes each could still fit in the remaining bytes. Call it before
// allocating a slice for a count read from the wire.
func (r *Reader) CheckCount(what string, count, minSize int) bool {
	if r.err != nil {
		return false
	}
	if count < 0 || (minSize > 0 && count > r.Remaining()/minSize) {
		r.Failf(what, "count %d exceeds the %d bytes left", count, r.Remaining())
		return false
	}
	return true
}

// String8 reads a NUL-terminated 8-bit string and consumes the terminator.
// The bytes are returned as they are (no code page conversion).
func (r *Reader) String8() string {
	if r.err != nil {
		return ""
	}
	rest := r.buf[r.off:]
	for i, c := range rest {
		if c == 0 {
			s := string(rest[:i])
			r.off += i + 1
			return s
		}
	}
	r.Fail("8-bit string", errors.New("missing NUL terminator"))
	return ""
}

// String16 reads a NUL-terminated UTF-16LE string and consumes the
// terminator. Unpaired surrogates become U+FFFD.
func (r *Reader) String16() string {
	if r.err != nil {
		return ""
	}
	rest := r.buf[r.off:]
	for i := 0; i+1 < len(rest); i += 2 {
		if rest[i] == 0 && rest[i+1] == 0 {
			s := DecodeUTF16(rest[:i])
			r.off += i + 2
			return s
		}
	}
	r.Fail("UTF-16 string", errors.New("missing NUL terminator"))
	return ""
}

// DecodeUTF16 converts UTF-16LE bytes (even length; a trailing odd byte is
// ignored) to a Go string. Pure ASCII is converted without an intermediate
// []uint16.
func DecodeUTF16(b []byte) string {
	n := len(b) / 2
	ascii := true
	for i := 0; i < n; i++ {
		if b[2*i+1] != 0 || b[2*i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		out := make([]byte, n)
		for i := range n {
			out[i] = b[2*i]
		}
		return string(out)
	}
	out := make([]byte, 0, n*3)
	for i := 0; i < n; i++ {
		u := rune(binary.LittleEndian.Uint16(b[2*i:]))
		if utf16.IsSurrogate(u) && i+1 < n {
			u2 := rune(binary.LittleEndian.Uint16(b[2*i+2:]))
			if d := utf16.DecodeRune(u, u2); d != utf8.RuneError {
				out = utf8.AppendRune(out, d)
				i++
				continue
			}
		}
		if utf16.IsSurrogate(u) {
			u = utf8.RuneError
		}
		out = utf8.AppendRune(out, u)
	}
	return string(out)
}

// AppendUint8 appends v.
func AppendUint8(b []byte, v uint8) []byte { return append(b, v) }

// AppendUint16 appends v little-endian.
func AppendUint16(b []byte, v uint16) []byte { return binary.LittleEndian.AppendUint16(b, v) }

// AppendUint32 appends v little-endian.
func AppendUint32(b []byte, v uint32) []byte { return binary.LittleEndian.AppendUint32(b, v) }

// AppendUint64 appends v little-endian.
func AppendUint64(b []byte, v uint64) []byte { return binary.LittleEndian.AppendUint64(b, v) }

// AppendUint16BE appends v big-endian.
func AppendUint16BE(b []byte, v uint16) []byte { return binary.BigEndian.AppendUint16(b, v) }

// AppendUint32BE appends v big-endian.
func AppendUint32BE(b []byte, v uint32) []byte { return binary.BigEndian.AppendUint32(b, v) }

// AppendFloat32 appends v as little-endian IEEE 754.
func AppendFloat32(b []byte, v float32) []byte { return AppendUint32(b, math.Float32bits(v)) }

// AppendFloat64 appends v as little-endian IEEE 754.
func AppendFloat64(b []byte, v float64) []byte { return AppendUint64(b, math.Float64bits(v)) }

// AppendString8 appends s and a NUL terminator.
func AppendString8(b []byte, s string) []byte {
	b = append(b, s...)
	return append(b, 0)
}

// AppendUTF16 appends s as UTF-16LE without a terminator. Invalid UTF-8
// becomes U+FFFD.
func AppendUTF16(b []byte, s string) []byte {
	for _, c := range s {
		if c >= 0x10000 {
			r1, r2 := utf16.EncodeRune(c)
			b = AppendUint16(b, uint16(r1))
			b = AppendUint16(b, uint16(r2))
			continue
		}
		b = AppendUint16(b, uint16(c))
	}
	return b
}

// AppendString16 appends s as UTF-16LE and a NUL terminator.
func AppendString16(b []byte, s string) []byte {
	return append(AppendUTF16(b, s), 0, 0)
}

// UTF16Len returns the number of bytes AppendUTF16 would append for s.
func UTF16Len(s string) int {
	n := 0
	for _, c := range s {
		if c >= 0x10000 {
			n += 4
		} else {
			n += 2
		}
	}
	return n
}

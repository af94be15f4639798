package ropbuf

import (
	"errors"
	"fmt"

	"github.com/oxkit/oxkit/internal/wire"
	"github.com/oxkit/oxkit/mapi"
)

// codec walks the fields of a ROP in both directions: it decodes when r is
// set and encodes (appending to b) otherwise. Each ROP describes its layout
// once, in a fields method, so the two directions cannot disagree.
//
// Decoded byte slices alias the input buffer; decoded empty slices are nil.
type codec struct {
	r    *wire.Reader
	b    []byte
	err  error           // first encoding error
	rctx *RequestContext // request decoding context (may be nil)
	// logons records the kind of the RopLogon requests decoded so far in
	// this buffer: 1 private, 2 public.
	logons [256]uint8
	rd     wire.Reader // backing store of r for buffer decoders
}

// newDecoder returns a codec decoding b, with its reader inside it (one
// allocation for both).
func newDecoder(b []byte, rctx *RequestContext) *codec {
	c := &codec{rctx: rctx}
	c.rd.Reset(b)
	c.r = &c.rd
	return c
}

func (c *codec) decoding() bool { return c.r != nil }

// ErrTooLong is the cause of an encoding error when a slice or string is
// longer than its wire length field can express.
var ErrTooLong = errors.New("ropbuf: value too long for its length field")

// failEnc records an encoding error.
func (c *codec) failEnc(what string, err error) {
	if c.err == nil {
		c.err = fmt.Errorf("ropbuf: encoding %s: %w", what, err)
	}
}

// fail records a decoding or encoding error, whichever direction is active.
func (c *codec) fail(what string, err error) {
	if c.decoding() {
		c.r.Fail(what, err)
		return
	}
	c.failEnc(what, err)
}

func (c *codec) u8(p *uint8) {
	if c.decoding() {
		*p = c.r.Uint8()
		return
	}
	c.b = append(c.b, *p)
}

func (c *codec) u16(p *uint16) {
	if c.decoding() {
		*p = c.r.Uint16()
		return
	}
	c.b = wire.AppendUint16(c.b, *p)
}

func (c *codec) u32(p *uint32) {
	if c.decoding() {
		*p = c.r.Uint32()
		return
	}
	c.b = wire.AppendUint32(c.b, *p)
}

func (c *codec) u64(p *uint64) {
	if c.decoding() {
		*p = c.r.Uint64()
		return
	}
	c.b = wire.AppendUint64(c.b, *p)
}

func u8[T ~uint8](c *codec, p *T) {
	v := uint8(*p)
	c.u8(&v)
	*p = T(v)
}

func u16[T ~uint16](c *codec, p *T) {
	v := uint16(*p)
	c.u16(&v)
	*p = T(v)
}

func u32[T ~uint32](c *codec, p *T) {
	v := uint32(*p)
	c.u32(&v)
	*p = T(v)
}

// i32 codes a signed 32-bit integer.
func (c *codec) i32(p *int32) {
	if c.decoding() {
		*p = int32(c.r.Uint32())
		return
	}
	c.b = wire.AppendUint32(c.b, uint32(*p))
}

// i64 codes a signed 64-bit integer.
func (c *codec) i64(p *int64) {
	if c.decoding() {
		*p = int64(c.r.Uint64())
		return
	}
	c.b = wire.AppendUint64(c.b, uint64(*p))
}

// boolean codes a one-byte Boolean: any nonzero byte decodes as true,
// true encodes as 0x01.
func (c *codec) boolean(p *bool) {
	if c.decoding() {
		*p = c.r.Uint8() != 0
		return
	}
	if *p {
		c.b = append(c.b, 1)
	} else {
		c.b = append(c.b, 0)
	}
}

// ec codes a 4-byte ReturnValue or error code.
func (c *codec) ec(p *mapi.ErrorCode) { u32(c, p) }

// tag codes a PropertyTag ([MS-OXCDATA] 2.9).
func (c *codec) tag(p *mapi.PropTag) { u32(c, p) }

func (c *codec) guid(p *mapi.GUID) {
	if c.decoding() {
		copy(p[:], c.r.Bytes(16))
		return
	}
	c.b = append(c.b, p[:]...)
}

// fixed codes exactly len(p) bytes.
func (c *codec) fixed(p []byte) {
	if c.decoding() {
		copy(p, c.r.Bytes(len(p)))
		return
	}
	c.b = append(c.b, p...)
}

// raw codes n bytes (decoding) or all of *p (encoding); the caller has
// coded the length itself.
func (c *codec) raw(p *[]byte, n int) {
	if c.decoding() {
		b := c.r.Bytes(n)
		if len(b) == 0 {
			b = nil
		}
		*p = b
		return
	}
	c.b = append(c.b, *p...)
}

// rest codes all the remaining bytes of the ROP.
func (c *codec) rest(p *[]byte) {
	if c.decoding() {
		c.raw(p, c.r.Remaining())
		return
	}
	c.b = append(c.b, *p...)
}

// bytes16 codes a 2-byte length followed by that many bytes.
func (c *codec) bytes16(what string, p *[]byte) {
	n := c.count16(what, len(*p))
	c.raw(p, n)
}

// bytes32 codes a 4-byte length followed by that many bytes.
func (c *codec) bytes32(what string, p *[]byte) {
	var n uint32
	if !c.decoding() {
		if uint64(len(*p)) > 0xFFFFFFFF {
			c.failEnc(what, ErrTooLong)
		}
		n = uint32(len(*p))
	}
	c.u32(&n)
	if c.decoding() && uint64(n) > uint64(c.r.Remaining()) {
		c.r.Failf(what, "length %d exceeds the %d bytes left", n, c.r.Remaining())
		return
	}
	c.raw(p, int(n))
}

// count16 codes a 2-byte count. Encoding, it writes n (failing when n does
// not fit); decoding, it returns the count read.
func (c *codec) count16(what string, n int) int {
	var v uint16
	if !c.decoding() {
		if n > 0xFFFF {
			c.failEnc(what, ErrTooLong)
		}
		v = uint16(n)
	}
	c.u16(&v)
	return int(v)
}

// count32 is count16 with a 4-byte count.
func (c *codec) count32(what string, n int) int {
	var v uint32
	if !c.decoding() {
		if uint64(n) > 0xFFFFFFFF {
			c.failEnc(what, ErrTooLong)
		}
		v = uint32(n)
	}
	c.u32(&v)
	if c.decoding() && uint64(v) > uint64(c.r.Remaining()) {
		c.r.Failf(what, "count %d exceeds the %d bytes left", v, c.r.Remaining())
		return 0
	}
	return int(v)
}

// count8 is count16 with a 1-byte count.
func (c *codec) count8(what string, n int) int {
	var v uint8
	if !c.decoding() {
		if n > 0xFF {
			c.failEnc(what, ErrTooLong)
		}
		v = uint8(n)
	}
	c.u8(&v)
	return int(v)
}

// slice prepares *p for n elements of at least minSize bytes each when
// decoding (checking n against the bytes left first) and reports whether
// the caller should code the elements.
func slice[T any](c *codec, what string, p *[]T, n, minSize int) bool {
	if !c.decoding() {
		return c.err == nil
	}
	*p = nil
	if n == 0 || !c.r.CheckCount(what, n, minSize) {
		return false
	}
	*p = make([]T, n)
	return true
}

// tags16 codes a 2-byte count followed by that many PropertyTags.
func (c *codec) tags16(what string, p *[]mapi.PropTag) {
	n := c.count16(what, len(*p))
	c.tagsN(what, p, n)
}

// tagsN codes n PropertyTags (decoding) or all of *p (encoding).
func (c *codec) tagsN(what string, p *[]mapi.PropTag, n int) {
	if !slice(c, what, p, n, 4) {
		return
	}
	for i := range *p {
		c.tag(&(*p)[i])
	}
}

// propIDs16 codes a 2-byte count followed by that many 2-byte property IDs.
func (c *codec) propIDs16(what string, p *[]mapi.PropID) {
	n := c.count16(what, len(*p))
	if !slice(c, what, p, n, 2) {
		return
	}
	for i := range *p {
		u16(c, &(*p)[i])
	}
}

// string8 codes a NUL-terminated 8-bit string.
func (c *codec) string8(p *string) {
	if c.decoding() {
		*p = c.r.String8()
		return
	}
	for i := 0; i < len(*p); i++ {
		if (*p)[i] == 0 {
			c.failEnc("8-bit string", errors.New("contains NUL"))
			return
		}
	}
	c.b = wire.AppendString8(c.b, *p)
}

// string16 codes a NUL-terminated UTF-16LE string.
func (c *codec) string16(p *string) {
	if c.decoding() {
		*p = c.r.String16()
		return
	}
	for i := 0; i < len(*p); i++ {
		if (*p)[i] == 0 {
			c.failEnc("UTF-16 string", errors.New("contains NUL"))
			return
		}
	}
	c.b = wire.AppendString16(c.b, *p)
}

// id codes an 8-byte folder or message ID ([MS-OXCDATA] 2.2.1.1, 2.2.1.2).
func (c *codec) id(p *mapi.ID) {
	v := uint64(*p)
	c.u64(&v)
	*p = mapi.ID(v)
}

// ltid codes a 24-byte LongTermID ([MS-OXCDATA] 2.2.1.3.1).
func (c *codec) ltid(p *mapi.LongTermID) {
	if c.decoding() {
		b := c.r.Bytes(mapi.LongTermIDSize)
		if b != nil {
			*p, _ = mapi.ParseLongTermID(b) // cannot fail on 24 bytes
		}
		return
	}
	b, err := p.AppendBinary(c.b)
	if err != nil {
		c.failEnc("LongTermID", err)
		return
	}
	c.b = b
}

// globcnt codes a 6-byte big-endian global counter ([MS-OXCDATA] 2.2.1.3).
func (c *codec) globcnt(p *uint64) {
	if c.decoding() {
		var v uint64
		for _, x := range c.r.Bytes(6) {
			v = v<<8 | uint64(x)
		}
		*p = v
		return
	}
	if *p > 0xFFFFFFFFFFFF {
		c.failEnc("global counter", ErrTooLong)
		return
	}
	v := *p
	c.b = append(c.b, byte(v>>40), byte(v>>32), byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}

// ids16 codes a 2-byte count followed by that many 8-byte IDs.
func (c *codec) ids16(what string, p *[]mapi.ID) {
	n := c.count16(what, len(*p))
	if !slice(c, what, p, n, 8) {
		return
	}
	for i := range *p {
		c.id(&(*p)[i])
	}
}

// strings8 codes n NUL-terminated 8-bit strings.
func (c *codec) strings8(what string, p *[]string, n int) {
	if !slice(c, what, p, n, 1) {
		return
	}
	for i := range *p {
		c.string8(&(*p)[i])
	}
}

var (
	errZeroSize = errors.New("size 0 leaves no room for the NUL terminator")
	errNoNUL    = errors.New("missing NUL terminator")
)

// ext codes a structure whose codec lives in another package: parse
// decodes it from the front of a slice, returning the bytes used.
func ext[T any](c *codec, what string, p *T, parse func([]byte) (T, int, error), app func([]byte, T) ([]byte, error)) {
	if c.decoding() {
		if c.r.Err() != nil {
			return
		}
		v, n, err := parse(c.r.Rest())
		if err != nil {
			c.r.Fail(what, err)
			return
		}
		c.r.Skip(n)
		*p = v
		return
	}
	if c.err != nil {
		return
	}
	b, err := app(c.b, *p)
	if err != nil {
		c.failEnc(what, err)
		return
	}
	c.b = b
}

package mapi

import (
	"fmt"

	"github.com/oxkit/oxkit/internal/wire"
)

// ParsePropertyTagArray16 decodes a PropertyTagArray ([MS-OXCDATA] 2.10.1):
// a 16-bit Count followed by that many property tags. It returns the tags
// and the number of bytes read.
func ParsePropertyTagArray16(b []byte) ([]PropTag, int, error) {
	return parseTagArray(b, width16)
}

// ParsePropertyTagArray32 decodes a PropertyTagArray with a 32-bit Count,
// the layout of PropertyTagArray_r ([MS-OXCDATA] 2.10.2) used by NSPI and
// MAPI/HTTP.
func ParsePropertyTagArray32(b []byte) ([]PropTag, int, error) {
	return parseTagArray(b, width32)
}

func parseTagArray(b []byte, w countWidth) ([]PropTag, int, error) {
	var r wire.Reader
	r.Reset(b)
	n := w.read(&r)
	if !r.CheckCount("mapi: PropertyTagArray Count", n, 4) {
		return nil, 0, fillWhat(&r, "mapi: PropertyTagArray")
	}
	tags := make([]PropTag, n)
	for i := range tags {
		tags[i] = PropTag(r.Uint32())
	}
	return tags, r.Offset(), nil
}

// AppendPropertyTagArray16 appends tags as a PropertyTagArray with a
// 16-bit Count; more than 65535 tags is an error.
func AppendPropertyTagArray16(b []byte, tags []PropTag) ([]byte, error) {
	return appendTagArray(b, tags, width16)
}

// AppendPropertyTagArray32 appends tags as a PropertyTagArray with a 32-bit Count.
func AppendPropertyTagArray32(b []byte, tags []PropTag) ([]byte, error) {
	return appendTagArray(b, tags, width32)
}

func appendTagArray(b []byte, tags []PropTag, w countWidth) ([]byte, error) {
	if len(tags) > w.max() {
		return b, fmt.Errorf("mapi: PropertyTagArray: %d tags exceed the %d-bit Count", len(tags), 8*int(w))
	}
	b = w.append(b, len(tags))
	for _, t := range tags {
		b = wire.AppendUint32(b, uint32(t))
	}
	return b, nil
}

package mapi

import (
	"fmt"

	"github.com/oxkit/oxkit/internal/wire"
)

// ParseTaggedPropertyValues16 decodes a 16-bit count followed by that many
// TaggedPropertyValue structures ([MS-OXCDATA] 2.11.4) with 16-bit COUNT
// fields: the PropertyValueCount/PropertyValues pair of RopSetProperties,
// RopGetPropertiesAll and rule data ([MS-OXORULE] 2.2.1.3).
func ParseTaggedPropertyValues16(b []byte) ([]PropValue, int, error) {
	return parseTaggedArray(b, width16)
}

// ParseTaggedPropertyValues32 is ParseTaggedPropertyValues16 with a 32-bit
// count and 32-bit COUNT fields.
func ParseTaggedPropertyValues32(b []byte) ([]PropValue, int, error) {
	return parseTaggedArray(b, width32)
}

func parseTaggedArray(b []byte, w countWidth) ([]PropValue, int, error) {
	var r wire.Reader
	r.Reset(b)
	n := w.read(&r)
	if !r.CheckCount("mapi: TaggedPropertyValue count", n, 4) {
		return nil, 0, fillWhat(&r, "mapi: TaggedPropertyValue array")
	}
	vals := make([]PropValue, n)
	for i := range vals {
		vals[i] = readTagged(&r, w)
		if r.Err() != nil {
			break
		}
	}
	if err := fillWhat(&r, "mapi: TaggedPropertyValue array"); err != nil {
		return nil, 0, err
	}
	return vals, r.Offset(), nil
}

// AppendTaggedPropertyValues16 appends a 16-bit count and vals as
// TaggedPropertyValue structures with 16-bit COUNT fields. On error b is
// returned unchanged.
func AppendTaggedPropertyValues16(b []byte, vals []PropValue) ([]byte, error) {
	return appendTaggedArray(b, vals, width16)
}

// AppendTaggedPropertyValues32 appends a 32-bit count and vals with 32-bit
// COUNT fields.
func AppendTaggedPropertyValues32(b []byte, vals []PropValue) ([]byte, error) {
	return appendTaggedArray(b, vals, width32)
}

func appendTaggedArray(b []byte, vals []PropValue, w countWidth) ([]byte, error) {
	if len(vals) > w.max() {
		return b, fmt.Errorf("mapi: %d TaggedPropertyValues exceed the %d-bit count", len(vals), 8*int(w))
	}
	orig := b
	b = w.append(b, len(vals))
	var err error
	for i, v := range vals {
		b = wire.AppendUint32(b, uint32(v.Tag))
		if b, err = appendValue(b, v.Tag.Type(), v.Value, w); err != nil {
			return orig, fmt.Errorf("mapi: TaggedPropertyValue %d (%v): %w", i, v.Tag, err)
		}
	}
	return b, nil
}

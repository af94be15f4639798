package mapi

import (
	"fmt"

	"github.com/oxkit/oxkit/internal/wire"
)

// PropertyProblem describes a property an operation failed on
// ([MS-OXCDATA] 2.7): RopSetProperties, RopDeleteProperties,
// RopCopyProperties, RopCopyTo and their NoReplicate forms return arrays of
// them.
type PropertyProblem struct {
	Index     uint16    // index of the property in the request's array
	Tag       PropTag   // the property
	ErrorCode ErrorCode // what went wrong
}

// propertyProblemSize is the wire size of a PropertyProblem.
const propertyProblemSize = 2 + 4 + 4

// String returns "index 2 PidTagSubject: ecAccessDenied".
func (p PropertyProblem) String() string {
	return fmt.Sprintf("index %d %v: %v", p.Index, p.Tag, p.ErrorCode)
}

// ParsePropertyProblem decodes one PropertyProblem.
func ParsePropertyProblem(b []byte) (PropertyProblem, int, error) {
	var r wire.Reader
	r.Reset(b)
	p := readProblem(&r)
	if err := fillWhat(&r, "mapi: PropertyProblem"); err != nil {
		return PropertyProblem{}, 0, err
	}
	return p, r.Offset(), nil
}

func readProblem(r *wire.Reader) PropertyProblem {
	return PropertyProblem{Index: r.Uint16(), Tag: PropTag(r.Uint32()), ErrorCode: ErrorCode(r.Uint32())}
}

// AppendPropertyProblem appends p.
func AppendPropertyProblem(b []byte, p PropertyProblem) ([]byte, error) {
	b = wire.AppendUint16(b, p.Index)
	b = wire.AppendUint32(b, uint32(p.Tag))
	return wire.AppendUint32(b, uint32(p.ErrorCode)), nil
}

// ParsePropertyProblemArray16 decodes a PropertyProblemArray ([MS-OXCDATA]
// 2.7.1): a 16-bit Count followed by that many PropertyProblem structures.
func ParsePropertyProblemArray16(b []byte) ([]PropertyProblem, int, error) {
	return parseProblemArray(b, width16)
}

// ParsePropertyProblemArray32 decodes a PropertyProblemArray with a 32-bit
// Count.
func ParsePropertyProblemArray32(b []byte) ([]PropertyProblem, int, error) {
	return parseProblemArray(b, width32)
}

func parseProblemArray(b []byte, w countWidth) ([]PropertyProblem, int, error) {
	var r wire.Reader
	r.Reset(b)
	n := w.read(&r)
	if !r.CheckCount("mapi: PropertyProblemArray Count", n, propertyProblemSize) {
		return nil, 0, fillWhat(&r, "mapi: PropertyProblemArray")
	}
	ps := make([]PropertyProblem, n)
	for i := range ps {
		ps[i] = readProblem(&r)
	}
	return ps, r.Offset(), nil
}

// AppendPropertyProblemArray16 appends ps with a 16-bit Count.
func AppendPropertyProblemArray16(b []byte, ps []PropertyProblem) ([]byte, error) {
	return appendProblemArray(b, ps, width16)
}

// AppendPropertyProblemArray32 appends ps with a 32-bit Count.
func AppendPropertyProblemArray32(b []byte, ps []PropertyProblem) ([]byte, error) {
	return appendProblemArray(b, ps, width32)
}

func appendProblemArray(b []byte, ps []PropertyProblem, w countWidth) ([]byte, error) {
	if len(ps) > w.max() {
		return b, fmt.Errorf("mapi: PropertyProblemArray: %d problems exceed the %d-bit Count", len(ps), 8*int(w))
	}
	b = w.append(b, len(ps))
	for _, p := range ps {
		b, _ = AppendPropertyProblem(b, p)
	}
	return b, nil
}

package fxstream

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/oxkit/oxkit/internal/wire"
	"github.com/oxkit/oxkit/mapi"
)

// Error is a decoding or encoding error located in a stream.
type Error struct {
	Offset int    // byte offset in the stream (encoding: length of the output so far)
	What   string // the element being processed, e.g. "propValue 0x0037001F"
	Err    error  // the cause: one of the Err* sentinels, wire.ErrShort, or a mapi error
}

func (e *Error) Error() string {
	return fmt.Sprintf("fxstream: %s at offset %d: %v", e.What, e.Offset, e.Err)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Sentinel causes wrapped in *Error.
var (
	ErrSyntax      = errors.New("unexpected element") // the grammar of 2.2.4.2 does not allow this element here
	ErrType        = errors.New("unsupported property type")
	ErrTooLarge    = errors.New("stream exceeds Limits.MaxBytes")
	ErrTooDeep     = errors.New("embedded messages nested deeper than Limits.MaxDepth")
	ErrTooMany     = errors.New("count exceeds a limit")
	ErrValue       = errors.New("value does not fit its property type")
	ErrMissingName = errors.New("named property ID without a name in Names")
)

// Names maps the named property IDs (0x8000 and up) of a Message to their
// names ([MS-OXCDATA] 2.6.1).
type Names map[mapi.PropID]mapi.PropertyName

// PropValue is one lexical propValue element ([MS-OXCFXICS] 2.2.4.1):
// Tag's ID is the property ID as written for tagged properties, or, for
// named properties, the ID the decoder assigned to Name.
type PropValue struct {
	Tag   mapi.PropTag
	Name  *mapi.PropertyName // non-nil for named properties (ID >= 0x8000 on the wire)
	Value any                // Go type as in mapi.PropValue
}

// codePageType reports whether typ is a code page string type
// ([MS-OXCFXICS] 2.2.4.1.1.1) and returns the code page.
func codePageType(typ mapi.PropType) (cp uint16, ok bool) {
	if typ&0x8000 == 0 {
		return 0, false
	}
	return uint16(typ & 0x7FFF), true
}

// AppendMarker appends marker m (4 bytes, little-endian).
func AppendMarker(b []byte, m Marker) []byte { return wire.AppendUint32(b, uint32(m)) }

// AppendPropValue appends a propValue element for tag and v
// ([MS-OXCFXICS] 2.2.4.1). For a named property (ID >= 0x8000) name must
// be non-nil and is written as the propertySet GUID with a dispid or a
// name. On error b is returned unchanged and the error is an *Error.
func AppendPropValue(b []byte, tag mapi.PropTag, name *mapi.PropertyName, v any) ([]byte, error) {
	orig := b
	fail := func(err error) ([]byte, error) {
		return orig, &Error{Offset: len(orig), What: fmt.Sprintf("propValue 0x%08X", uint32(tag)), Err: err}
	}
	b = wire.AppendUint32(b, uint32(tag))
	if tag.ID() >= 0x8000 {
		if name == nil {
			return fail(ErrMissingName)
		}
		b = append(b, name.GUID[:]...)
		switch name.Kind {
		case mapi.NameKindID:
			b = append(b, 0)
			b = wire.AppendUint32(b, name.LID)
		case mapi.NameKindString:
			b = append(b, 1)
			b = wire.AppendString16(b, name.Name)
		default:
			return fail(fmt.Errorf("%w: name kind %v", ErrValue, name.Kind))
		}
	}
	b, err := appendValue(b, tag.Type(), v)
	if err != nil {
		return fail(err)
	}
	return b, nil
}

func appendVar(b, data []byte) ([]byte, error) {
	if len(data) > math.MaxUint32 {
		return b, fmt.Errorf("%w: %d bytes", ErrValue, len(data))
	}
	b = wire.AppendUint32(b, uint32(len(data)))
	return append(b, data...), nil
}

func appendString16(b []byte, s string) []byte {
	b = wire.AppendUint32(b, uint32(wire.UTF16Len(s)+2))
	return wire.AppendString16(b, s)
}

func appendString8(b []byte, s string) []byte {
	b = wire.AppendUint32(b, uint32(len(s)+1))
	return wire.AppendString8(b, s)
}

// appendTime appends t as a FILETIME. The zero time.Time (Go's "no
// time") is written as FILETIME 0; other times before 1601 are errors.
func appendTime(b []byte, t time.Time) ([]byte, error) {
	if t.IsZero() {
		return wire.AppendUint64(b, 0), nil
	}
	ft, err := mapi.TimeToFiletime(t)
	if err != nil {
		return b, fmt.Errorf("%w: %v", ErrValue, err)
	}
	return wire.AppendUint64(b, ft), nil
}

func typeErr(typ mapi.PropType, v any) error {
	return fmt.Errorf("%w: Go type %T for %v", ErrValue, v, typ)
}

// appendValue appends the value part of a propValue.
func appendValue(b []byte, typ mapi.PropType, v any) ([]byte, error) {
	switch typ {
	case mapi.PtypInteger16:
		x, ok := v.(int16)
		if !ok {
			return b, typeErr(typ, v)
		}
		return wire.AppendUint16(b, uint16(x)), nil
	case mapi.PtypInteger32:
		x, ok := v.(int32)
		if !ok {
			return b, typeErr(typ, v)
		}
		return wire.AppendUint32(b, uint32(x)), nil
	case mapi.PtypFloating32:
		x, ok := v.(float32)
		if !ok {
			return b, typeErr(typ, v)
		}
		return wire.AppendFloat32(b, x), nil
	case mapi.PtypFloating64:
		x, ok := v.(float64)
		if !ok {
			return b, typeErr(typ, v)
		}
		return wire.AppendFloat64(b, x), nil
	case mapi.PtypCurrency:
		x, ok := v.(mapi.Currency)
		if !ok {
			return b, typeErr(typ, v)
		}
		return wire.AppendUint64(b, uint64(x)), nil
	case mapi.PtypFloatingTime:
		x, ok := v.(mapi.FloatingTime)
		if !ok {
			return b, typeErr(typ, v)
		}
		return wire.AppendFloat64(b, float64(x)), nil
	case mapi.PtypErrorCode:
		x, ok := v.(mapi.ErrorCode)
		if !ok {
			return b, typeErr(typ, v)
		}
		return wire.AppendUint32(b, uint32(x)), nil
	case mapi.PtypBoolean:
		// [MS-OXCFXICS] 2.2.4.1.3: two bytes, "01 00" for TRUE.
		x, ok := v.(bool)
		if !ok {
			return b, typeErr(typ, v)
		}
		if x {
			return wire.AppendUint16(b, 1), nil
		}
		return wire.AppendUint16(b, 0), nil
	case mapi.PtypInteger64:
		x, ok := v.(int64)
		if !ok {
			return b, typeErr(typ, v)
		}
		return wire.AppendUint64(b, uint64(x)), nil
	case mapi.PtypTime:
		x, ok := v.(time.Time)
		if !ok {
			return b, typeErr(typ, v)
		}
		return appendTime(b, x)
	case mapi.PtypGuid:
		x, ok := v.(mapi.GUID)
		if !ok {
			return b, typeErr(typ, v)
		}
		return append(b, x[:]...), nil
	case mapi.PtypString:
		x, ok := v.(string)
		if !ok {
			return b, typeErr(typ, v)
		}
		return appendString16(b, x), nil
	case mapi.PtypString8:
		x, ok := v.(string)
		if !ok {
			return b, typeErr(typ, v)
		}
		return appendString8(b, x), nil
	case mapi.PtypBinary:
		x, ok := v.([]byte)
		if !ok {
			return b, typeErr(typ, v)
		}
		return appendVar(b, x)
	case mapi.PtypServerId:
		x, ok := v.(mapi.ServerID)
		if !ok {
			return b, typeErr(typ, v)
		}
		var p []byte
		if x.Ours {
			p = append(p, 1)
			p = wire.AppendUint64(p, x.FolderID)
			p = wire.AppendUint64(p, x.MessageID)
			p = wire.AppendUint32(p, x.Instance)
		} else {
			p = append(append(p, 0), x.Raw...)
		}
		return appendVar(b, p)
	}
	if !typ.IsMultiple() || typ&mapi.MultiInstanceFlag != 0 {
		return b, fmt.Errorf("%w: %v", ErrType, typ)
	}
	return appendMulti(b, typ, v)
}

func appendMulti(b []byte, typ mapi.PropType, v any) ([]byte, error) {
	count := func(n int) []byte { return wire.AppendUint32(b, uint32(n)) }
	var err error
	switch typ {
	case mapi.PtypMultipleInteger16:
		xs, ok := v.([]int16)
		if !ok {
			return b, typeErr(typ, v)
		}
		b = count(len(xs))
		for _, x := range xs {
			b = wire.AppendUint16(b, uint16(x))
		}
	case mapi.PtypMultipleInteger32:
		xs, ok := v.([]int32)
		if !ok {
			return b, typeErr(typ, v)
		}
		b = count(len(xs))
		for _, x := range xs {
			b = wire.AppendUint32(b, uint32(x))
		}
	case mapi.PtypMultipleFloating32:
		xs, ok := v.([]float32)
		if !ok {
			return b, typeErr(typ, v)
		}
		b = count(len(xs))
		for _, x := range xs {
			b = wire.AppendFloat32(b, x)
		}
	case mapi.PtypMultipleFloating64:
		xs, ok := v.([]float64)
		if !ok {
			return b, typeErr(typ, v)
		}
		b = count(len(xs))
		for _, x := range xs {
			b = wire.AppendFloat64(b, x)
		}
	case mapi.PtypMultipleCurrency:
		xs, ok := v.([]mapi.Currency)
		if !ok {
			return b, typeErr(typ, v)
		}
		b = count(len(xs))
		for _, x := range xs {
			b = wire.AppendUint64(b, uint64(x))
		}
	case mapi.PtypMultipleFloatingTime:
		xs, ok := v.([]mapi.FloatingTime)
		if !ok {
			return b, typeErr(typ, v)
		}
		b = count(len(xs))
		for _, x := range xs {
			b = wire.AppendFloat64(b, float64(x))
		}
	case mapi.PtypMultipleInteger64:
		xs, ok := v.([]int64)
		if !ok {
			return b, typeErr(typ, v)
		}
		b = count(len(xs))
		for _, x := range xs {
			b = wire.AppendUint64(b, uint64(x))
		}
	case mapi.PtypMultipleTime:
		xs, ok := v.([]time.Time)
		if !ok {
			return b, typeErr(typ, v)
		}
		b = count(len(xs))
		for _, x := range xs {
			if b, err = appendTime(b, x); err != nil {
				return b, err
			}
		}
	case mapi.PtypMultipleGuid:
		xs, ok := v.([]mapi.GUID)
		if !ok {
			return b, typeErr(typ, v)
		}
		b = count(len(xs))
		for _, x := range xs {
			b = append(b, x[:]...)
		}
	case mapi.PtypMultipleString:
		xs, ok := v.([]string)
		if !ok {
			return b, typeErr(typ, v)
		}
		b = count(len(xs))
		for _, x := range xs {
			b = appendString16(b, x)
		}
	case mapi.PtypMultipleString8:
		xs, ok := v.([]string)
		if !ok {
			return b, typeErr(typ, v)
		}
		b = count(len(xs))
		for _, x := range xs {
			b = appendString8(b, x)
		}
	case mapi.PtypMultipleBinary:
		xs, ok := v.([][]byte)
		if !ok {
			return b, typeErr(typ, v)
		}
		b = count(len(xs))
		for _, x := range xs {
			if b, err = appendVar(b, x); err != nil {
				return b, err
			}
		}
	default:
		return b, fmt.Errorf("%w: %v", ErrType, typ)
	}
	return b, nil
}

// fixedSize returns the wire size of one value of a fixed-size type, or 0.
func fixedSize(typ mapi.PropType) int {
	switch typ {
	case mapi.PtypInteger16, mapi.PtypBoolean:
		return 2
	case mapi.PtypInteger32, mapi.PtypFloating32, mapi.PtypErrorCode:
		return 4
	case mapi.PtypFloating64, mapi.PtypCurrency, mapi.PtypFloatingTime, mapi.PtypInteger64, mapi.PtypTime:
		return 8
	case mapi.PtypGuid:
		return 16
	}
	return 0
}

// readVar reads a 32-bit length and that many bytes (aliasing the buffer).
func readVar(r *wire.Reader) []byte {
	n := r.Uint32()
	if r.Err() != nil {
		return nil
	}
	if uint64(n) > uint64(r.Remaining()) {
		r.Fail("", wire.ErrShort)
		return nil
	}
	return r.Bytes(int(n))
}

// trimNUL drops a terminating NUL of size n (1 or 2) when it is there
// ([MS-OXCFXICS] 2.2.4.1.3 R995).
func trimNUL(b []byte, n int) []byte {
	if len(b) >= n {
		zero := true
		for _, c := range b[len(b)-n:] {
			zero = zero && c == 0
		}
		if zero {
			return b[:len(b)-n]
		}
	}
	return b
}

func readString16(r *wire.Reader) string {
	b := readVar(r)
	if len(b)%2 != 0 {
		r.Fail("", fmt.Errorf("%w: UTF-16 string of odd length %d", ErrValue, len(b)))
		return ""
	}
	return wire.DecodeUTF16(trimNUL(b, 2))
}

func readString8(r *wire.Reader) string { return string(trimNUL(readVar(r), 1)) }

// readValue reads the value part of a propValue of type typ. Code page
// string types are returned with the type they decode to.
func readValue(r *wire.Reader, typ mapi.PropType) (mapi.PropType, any) {
	if cp, ok := codePageType(typ); ok {
		switch cp {
		case 1200, 0x14B0:
			// UTF-16LE; 0x94B0 (code page ID 0x14B0) is a Unicode form seen
			// in Exchange's streams (Microsoft's MAPIInspector parses it
			// as PtypCodePageUnicode52).
			return mapi.PtypString, readString16(r)
		case 1201:
			// UTF-16BE: swap to little-endian.
			b := readVar(r)
			if len(b)%2 != 0 {
				r.Fail("", fmt.Errorf("%w: UTF-16 string of odd length %d", ErrValue, len(b)))
				return mapi.PtypString, ""
			}
			le := make([]byte, len(b))
			for i := 0; i+1 < len(b); i += 2 {
				le[i], le[i+1] = b[i+1], b[i]
			}
			return mapi.PtypString, wire.DecodeUTF16(trimNUL(le, 2))
		}
		return mapi.PtypString8, readString8(r)
	}
	switch typ {
	case mapi.PtypInteger16:
		return typ, int16(r.Uint16())
	case mapi.PtypInteger32:
		return typ, int32(r.Uint32())
	case mapi.PtypFloating32:
		return typ, r.Float32()
	case mapi.PtypFloating64:
		return typ, r.Float64()
	case mapi.PtypCurrency:
		return typ, mapi.Currency(r.Uint64())
	case mapi.PtypFloatingTime:
		return typ, mapi.FloatingTime(r.Float64())
	case mapi.PtypErrorCode:
		return typ, mapi.ErrorCode(r.Uint32())
	case mapi.PtypBoolean:
		return typ, r.Uint16() != 0
	case mapi.PtypInteger64:
		return typ, int64(r.Uint64())
	case mapi.PtypTime:
		return typ, mapi.FiletimeToTime(r.Uint64())
	case mapi.PtypGuid:
		var g mapi.GUID
		copy(g[:], r.Bytes(16))
		return typ, g
	case mapi.PtypString:
		return typ, readString16(r)
	case mapi.PtypString8:
		return typ, readString8(r)
	case mapi.PtypBinary:
		b := readVar(r)
		return typ, append([]byte{}, b...)
	case mapi.PtypObject:
		// Objects travel as subobjects; a value here is skipped.
		readVar(r)
		return typ, nil
	case mapi.PtypServerId:
		p := readVar(r)
		if r.Err() != nil {
			return typ, nil
		}
		switch {
		case len(p) == 21 && p[0] == 1:
			pr := wire.NewReader(p[1:])
			return typ, mapi.ServerID{Ours: true, FolderID: pr.Uint64(), MessageID: pr.Uint64(), Instance: pr.Uint32()}
		case len(p) >= 1 && p[0] == 0:
			return typ, mapi.ServerID{Raw: append([]byte(nil), p[1:]...)}
		}
		r.Fail("", fmt.Errorf("%w: PtypServerId of %d bytes", ErrValue, len(p)))
		return typ, nil
	}
	if !typ.IsMultiple() || typ&mapi.MultiInstanceFlag != 0 {
		r.Fail("", fmt.Errorf("%w: %v", ErrType, typ))
		return typ, nil
	}
	return typ, readMulti(r, typ)
}

func readMulti(r *wire.Reader, typ mapi.PropType) any {
	single := typ &^ mapi.MultipleFlag
	n := int(r.Uint32())
	size := fixedSize(single)
	minSize := size
	if minSize == 0 {
		minSize = 4 // a length
	}
	if n < 0 || n > r.Remaining()/minSize {
		r.Fail("", fmt.Errorf("%w: %d values in %d bytes", wire.ErrShort, n, r.Remaining()))
		return nil
	}
	switch typ {
	case mapi.PtypMultipleInteger16:
		out := make([]int16, n)
		for i := range out {
			out[i] = int16(r.Uint16())
		}
		return out
	case mapi.PtypMultipleInteger32:
		out := make([]int32, n)
		for i := range out {
			out[i] = int32(r.Uint32())
		}
		return out
	case mapi.PtypMultipleFloating32:
		out := make([]float32, n)
		for i := range out {
			out[i] = r.Float32()
		}
		return out
	case mapi.PtypMultipleFloating64:
		out := make([]float64, n)
		for i := range out {
			out[i] = r.Float64()
		}
		return out
	case mapi.PtypMultipleCurrency:
		out := make([]mapi.Currency, n)
		for i := range out {
			out[i] = mapi.Currency(r.Uint64())
		}
		return out
	case mapi.PtypMultipleFloatingTime:
		out := make([]mapi.FloatingTime, n)
		for i := range out {
			out[i] = mapi.FloatingTime(r.Float64())
		}
		return out
	case mapi.PtypMultipleInteger64:
		out := make([]int64, n)
		for i := range out {
			out[i] = int64(r.Uint64())
		}
		return out
	case mapi.PtypMultipleTime:
		out := make([]time.Time, n)
		for i := range out {
			out[i] = mapi.FiletimeToTime(r.Uint64())
		}
		return out
	case mapi.PtypMultipleGuid:
		out := make([]mapi.GUID, n)
		for i := range out {
			copy(out[i][:], r.Bytes(16))
		}
		return out
	case mapi.PtypMultipleString:
		out := make([]string, n)
		for i := range out {
			out[i] = readString16(r)
		}
		return out
	case mapi.PtypMultipleString8:
		out := make([]string, n)
		for i := range out {
			out[i] = readString8(r)
		}
		return out
	case mapi.PtypMultipleBinary:
		out := make([][]byte, n)
		for i := range out {
			out[i] = append([]byte{}, readVar(r)...)
		}
		return out
	}
	r.Fail("", fmt.Errorf("%w: %v", ErrType, typ))
	return nil
}

package mapi

import (
	"fmt"

	"github.com/oxkit/oxkit/internal/wire"
)

// ErrorValue stands for a property that could not be returned: the value
// of a FlaggedPropertyValue whose Flag is 0x0A, which carries an error code
// instead of the value ([MS-OXCDATA] 2.11.5, 2.4.2). It is a distinct Go
// type from ErrorCode so that it never collides with a real PtypErrorCode
// value: in a flagged row, a PtypErrorCode column that holds an error code
// (Flag 0x00) decodes to ErrorCode, one that failed (Flag 0x0A) to
// ErrorValue.
type ErrorValue ErrorCode

// String returns "error " and the error code's name.
func (e ErrorValue) String() string { return "error " + ErrorCode(e).String() }

// Absent stands for a property value that is not present: the value of a
// FlaggedPropertyValue whose Flag is 0x01 ([MS-OXCDATA] 2.11.5).
type Absent struct{}

// String returns "absent".
func (Absent) String() string { return "absent" }

// Flag values of FlaggedPropertyValue ([MS-OXCDATA] 2.11.5).
const (
	flagValue  = 0x00 // PropertyValue present
	flagAbsent = 0x01 // no PropertyValue
	flagError  = 0x0A // PropertyValue is a PtypErrorCode
)

// ParseFlaggedPropertyValue16 decodes a FlaggedPropertyValue ([MS-OXCDATA]
// 2.11.5) of type typ with 16-bit COUNT fields. The value is the
// property's value (Flag 0x00), an ErrorValue (Flag 0x0A) or Absent{}
// (Flag 0x01); any other flag is an error.
func ParseFlaggedPropertyValue16(b []byte, typ PropType) (v any, n int, err error) {
	return parseFlagged(b, typ, width16)
}

// ParseFlaggedPropertyValue32 is ParseFlaggedPropertyValue16 with 32-bit COUNT fields.
func ParseFlaggedPropertyValue32(b []byte, typ PropType) (v any, n int, err error) {
	return parseFlagged(b, typ, width32)
}

func parseFlagged(b []byte, typ PropType, w countWidth) (any, int, error) {
	var r wire.Reader
	r.Reset(b)
	v := readFlagged(&r, typ, w, nil)
	if err := fillWhat(&r, "mapi: FlaggedPropertyValue"); err != nil {
		return nil, 0, err
	}
	return v, r.Offset(), nil
}

// AppendFlaggedPropertyValue16 appends v as a FlaggedPropertyValue of type
// typ with 16-bit COUNT fields: ErrorValue is written with Flag 0x0A,
// Absent with Flag 0x01, anything else as a value of typ with Flag 0x00.
func AppendFlaggedPropertyValue16(b []byte, typ PropType, v any) ([]byte, error) {
	return appendFlagged(b, typ, v, width16)
}

// AppendFlaggedPropertyValue32 is AppendFlaggedPropertyValue16 with 32-bit COUNT fields.
func AppendFlaggedPropertyValue32(b []byte, typ PropType, v any) ([]byte, error) {
	return appendFlagged(b, typ, v, width32)
}

// ParseFlaggedPropertyValueWithType16 decodes a
// FlaggedPropertyValueWithType ([MS-OXCDATA] 2.11.6): a property type, a
// flag and, unless the flag is 0x01, a value, with 16-bit COUNT fields.
// The value is as for ParseFlaggedPropertyValue16.
func ParseFlaggedPropertyValueWithType16(b []byte) (typ PropType, v any, n int, err error) {
	return parseFlaggedWithType(b, width16)
}

// ParseFlaggedPropertyValueWithType32 is ParseFlaggedPropertyValueWithType16
// with 32-bit COUNT fields.
func ParseFlaggedPropertyValueWithType32(b []byte) (typ PropType, v any, n int, err error) {
	return parseFlaggedWithType(b, width32)
}

func parseFlaggedWithType(b []byte, w countWidth) (PropType, any, int, error) {
	var r wire.Reader
	r.Reset(b)
	typ := PropType(r.Uint16())
	v := readFlagged(&r, typ, w, nil)
	if err := fillWhat(&r, "mapi: FlaggedPropertyValueWithType"); err != nil {
		return 0, nil, 0, err
	}
	return typ, v, r.Offset(), nil
}

// AppendFlaggedPropertyValueWithType16 appends a FlaggedPropertyValueWithType
// with 16-bit COUNT fields; v is as for AppendFlaggedPropertyValue16.
func AppendFlaggedPropertyValueWithType16(b []byte, typ PropType, v any) ([]byte, error) {
	return appendFlaggedWithType(b, typ, v, width16)
}

// AppendFlaggedPropertyValueWithType32 is AppendFlaggedPropertyValueWithType16
// with 32-bit COUNT fields.
func AppendFlaggedPropertyValueWithType32(b []byte, typ PropType, v any) ([]byte, error) {
	return appendFlaggedWithType(b, typ, v, width32)
}

func appendFlaggedWithType(b []byte, typ PropType, v any, w countWidth) ([]byte, error) {
	out, err := appendFlagged(wire.AppendUint16(b, uint16(typ)), typ, v, w)
	if err != nil {
		return b, err
	}
	return out, nil
}

func readFlagged(r *wire.Reader, typ PropType, w countWidth, a *arena) any {
	switch flag := r.Uint8(); flag {
	case flagValue:
		return readValue(r, typ, w, a)
	case flagAbsent:
		return Absent{}
	case flagError:
		return ErrorValue(r.Uint32())
	default:
		if r.Err() == nil {
			r.Failf("mapi: FlaggedPropertyValue", "unknown Flag 0x%02X before this offset", flag)
		}
	}
	return nil
}

func appendFlagged(b []byte, typ PropType, v any, w countWidth) ([]byte, error) {
	switch x := v.(type) {
	case Absent:
		return append(b, flagAbsent), nil
	case ErrorValue:
		return wire.AppendUint32(append(b, flagError), uint32(x)), nil
	}
	out, err := appendValue(append(b, flagValue), typ, v, w)
	if err != nil {
		return b, err
	}
	return out, nil
}

// errFlaggedInStandard is returned when a StandardPropertyRow would have
// to carry an ErrorValue or Absent.
func errFlaggedInStandard(i int, col PropTag) error {
	return fmt.Errorf("mapi: column %d (%v): error or absent value in a StandardPropertyRow (set Flagged)", i, col)
}

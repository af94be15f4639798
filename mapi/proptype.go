package mapi

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// PropType is a property type ([MS-OXCDATA] 2.11.1).
type PropType uint16

// Property types of [MS-OXCDATA] 2.11.1 and 2.11.1.1 (multi-valued types).
const (
	PtypUnspecified          PropType = 0x0000 // any type; only in TypedPropertyValue and GetPropertiesSpecific requests
	PtypNull                 PropType = 0x0001 // no value
	PtypInteger16            PropType = 0x0002
	PtypInteger32            PropType = 0x0003
	PtypFloating32           PropType = 0x0004
	PtypFloating64           PropType = 0x0005
	PtypCurrency             PropType = 0x0006
	PtypFloatingTime         PropType = 0x0007
	PtypErrorCode            PropType = 0x000A
	PtypBoolean              PropType = 0x000B
	PtypObject               PropType = 0x000D // also PtypEmbeddedTable
	PtypInteger64            PropType = 0x0014
	PtypString8              PropType = 0x001E
	PtypString               PropType = 0x001F
	PtypTime                 PropType = 0x0040
	PtypGuid                 PropType = 0x0048
	PtypServerId             PropType = 0x00FB
	PtypRestriction          PropType = 0x00FD
	PtypRuleAction           PropType = 0x00FE
	PtypBinary               PropType = 0x0102
	PtypMultipleInteger16    PropType = 0x1002
	PtypMultipleInteger32    PropType = 0x1003
	PtypMultipleFloating32   PropType = 0x1004
	PtypMultipleFloating64   PropType = 0x1005
	PtypMultipleCurrency     PropType = 0x1006
	PtypMultipleFloatingTime PropType = 0x1007
	PtypMultipleInteger64    PropType = 0x1014
	PtypMultipleString8      PropType = 0x101E
	PtypMultipleString       PropType = 0x101F
	PtypMultipleTime         PropType = 0x1040
	PtypMultipleGuid         PropType = 0x1048
	PtypMultipleBinary       PropType = 0x1102

	// PtypEmbeddedTable is an alias of PtypObject ([MS-OXCDATA] 2.11.1).
	PtypEmbeddedTable = PtypObject

	// MultipleFlag is the bit that makes a type multi-valued (MV_FLAG).
	MultipleFlag PropType = 0x1000
	// MultiInstanceFlag (MVI_FLAG, 0x2000) asks a table to expand a
	// multi-valued column into one row per value ([MS-OXCDATA] 2.11.1.1).
	MultiInstanceFlag PropType = 0x2000
)

var propTypeNames = map[PropType]string{
	PtypUnspecified:          "PtypUnspecified",
	PtypNull:                 "PtypNull",
	PtypInteger16:            "PtypInteger16",
	PtypInteger32:            "PtypInteger32",
	PtypFloating32:           "PtypFloating32",
	PtypFloating64:           "PtypFloating64",
	PtypCurrency:             "PtypCurrency",
	PtypFloatingTime:         "PtypFloatingTime",
	PtypErrorCode:            "PtypErrorCode",
	PtypBoolean:              "PtypBoolean",
	PtypObject:               "PtypObject",
	PtypInteger64:            "PtypInteger64",
	PtypString8:              "PtypString8",
	PtypString:               "PtypString",
	PtypTime:                 "PtypTime",
	PtypGuid:                 "PtypGuid",
	PtypServerId:             "PtypServerId",
	PtypRestriction:          "PtypRestriction",
	PtypRuleAction:           "PtypRuleAction",
	PtypBinary:               "PtypBinary",
	PtypMultipleInteger16:    "PtypMultipleInteger16",
	PtypMultipleInteger32:    "PtypMultipleInteger32",
	PtypMultipleFloating32:   "PtypMultipleFloating32",
	PtypMultipleFloating64:   "PtypMultipleFloating64",
	PtypMultipleCurrency:     "PtypMultipleCurrency",
	PtypMultipleFloatingTime: "PtypMultipleFloatingTime",
	PtypMultipleInteger64:    "PtypMultipleInteger64",
	PtypMultipleString8:      "PtypMultipleString8",
	PtypMultipleString:       "PtypMultipleString",
	PtypMultipleTime:         "PtypMultipleTime",
	PtypMultipleGuid:         "PtypMultipleGuid",
	PtypMultipleBinary:       "PtypMultipleBinary",
}

// String returns the spec name ("PtypInteger32"), with "|MVI" for the
// multi-instance flag, or "PropType(0x1234)" for unknown values.
func (t PropType) String() string {
	if n, ok := propTypeNames[t]; ok {
		return n
	}
	if t&MultiInstanceFlag != 0 {
		if n, ok := propTypeNames[t&^MultiInstanceFlag]; ok {
			return n + "|MVI"
		}
	}
	return fmt.Sprintf("PropType(0x%04X)", uint16(t))
}

// Known reports whether t (without the multi-instance flag) is a type of
// [MS-OXCDATA] 2.11.1.
func (t PropType) Known() bool {
	_, ok := propTypeNames[t&^MultiInstanceFlag]
	return ok
}

// IsMultiple reports whether t is a multi-valued type.
func (t PropType) IsMultiple() bool { return t&MultipleFlag != 0 }

// Single returns the single-valued type of a multi-valued type (flags removed).
func (t PropType) Single() PropType { return t &^ (MultipleFlag | MultiInstanceFlag) }

// FixedSize returns the wire size of a fixed-size single value of type t,
// or 0 if t has a variable size.
func (t PropType) FixedSize() int {
	switch t {
	case PtypInteger16:
		return 2
	case PtypInteger32, PtypFloating32, PtypErrorCode:
		return 4
	case PtypFloating64, PtypCurrency, PtypFloatingTime, PtypInteger64, PtypTime:
		return 8
	case PtypBoolean:
		return 1
	case PtypGuid:
		return 16
	}
	return 0
}

// PropID is the 16-bit identifier half of a property tag. IDs 0x8000 and
// above name named properties mapped per mailbox ([MS-OXCDATA] 2.9).
type PropID uint16

// IsNamed reports whether id is in the named-property range (>= 0x8000).
func (id PropID) IsNamed() bool { return id >= 0x8000 }

// PropTag is a property tag: ID in the high 16 bits, type in the low 16
// ([MS-OXCDATA] 2.9).
type PropTag uint32

// NewPropTag returns the tag of id and typ.
func NewPropTag(id PropID, typ PropType) PropTag { return PropTag(uint32(id)<<16 | uint32(typ)) }

// ID returns the property ID.
func (t PropTag) ID() PropID { return PropID(t >> 16) }

// Type returns the property type.
func (t PropTag) Type() PropType { return PropType(t) }

// WithType returns t with its type replaced by typ.
func (t PropTag) WithType(typ PropType) PropTag { return NewPropTag(t.ID(), typ) }

// String returns the spec name of a known tag ("PidTagSubject"), else
// "PropTag(0x0037001F)".
func (t PropTag) String() string {
	if n := tagName(t); n != "" {
		return n
	}
	return fmt.Sprintf("PropTag(0x%08X)", uint32(t))
}

// GUID is a GUID in its little-endian wire form ([MS-DTYP] 2.3.4.2): the
// first three fields little-endian, the last eight bytes as they are.
type GUID [16]byte

// NewGUID builds a GUID from its textual fields, as in
// {00020329-0000-0000-C000-000000000046} = NewGUID(0x00020329, 0, 0, 0xC000, 0x000000000046).
func NewGUID(d1 uint32, d2, d3, d4 uint16, d5 uint64) GUID {
	var g GUID
	binary.LittleEndian.PutUint32(g[0:], d1)
	binary.LittleEndian.PutUint16(g[4:], d2)
	binary.LittleEndian.PutUint16(g[6:], d3)
	binary.BigEndian.PutUint16(g[8:], d4)
	for i := 0; i < 6; i++ {
		g[10+i] = byte(d5 >> (8 * (5 - i)))
	}
	return g
}

// ParseGUID parses "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" with or without braces.
func ParseGUID(s string) (GUID, error) {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}")
	var d1 uint32
	var d2, d3, d4 uint16
	var d5 uint64
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return GUID{}, fmt.Errorf("mapi: malformed GUID %q", s)
	}
	if _, err := fmt.Sscanf(s, "%08x-%04x-%04x-%04x-%012x", &d1, &d2, &d3, &d4, &d5); err != nil {
		return GUID{}, fmt.Errorf("mapi: malformed GUID %q: %w", s, err)
	}
	return NewGUID(d1, d2, d3, d4, d5), nil
}

// String returns the GUID as "{00020329-0000-0000-C000-000000000046}".
func (g GUID) String() string {
	return fmt.Sprintf("{%08X-%04X-%04X-%04X-%012X}",
		binary.LittleEndian.Uint32(g[0:]), binary.LittleEndian.Uint16(g[4:]),
		binary.LittleEndian.Uint16(g[6:]), binary.BigEndian.Uint16(g[8:]),
		uint64(binary.BigEndian.Uint16(g[10:]))<<32|uint64(binary.BigEndian.Uint32(g[12:])))
}

// Currency is a PtypCurrency value: a signed 64-bit integer scaled by 10,000
// ([MS-OXCDATA] 2.11.1).
type Currency int64

// FloatingTime is a PtypFloatingTime value: an OLE automation date, days
// since 1899-12-30 as a float64 ([MS-OXCDATA] 2.11.1).
type FloatingTime float64

// PropValue is one property: a tag and a Go value whose dynamic type
// follows the tag's type:
//
//	PtypInteger16            int16
//	PtypInteger32            int32
//	PtypFloating32           float32
//	PtypFloating64           float64
//	PtypCurrency             Currency
//	PtypFloatingTime         FloatingTime
//	PtypErrorCode            ErrorCode
//	PtypBoolean              bool
//	PtypInteger64            int64
//	PtypString, PtypString8  string (PtypString8 bytes kept as they are)
//	PtypTime                 time.Time (UTC)
//	PtypGuid                 GUID
//	PtypServerId             ServerID
//	PtypRestriction          Restriction
//	PtypRuleAction           RuleActions
//	PtypBinary               []byte
//	PtypObject               uint32 (a count or handle where it appears)
//	PtypNull, PtypUnspecified nil
//	PtypMultipleXxx          []T of the single type's Go type
//	                         ([]string for both string kinds, []Currency, []time.Time, ...)
//
// A value of the wrong Go type is an encoding error, never a panic.
type PropValue struct {
	Tag   PropTag
	Value any
}

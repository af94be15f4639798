package mapi

// NameKind says how a named property is named ([MS-OXCDATA] 2.6.1).
type NameKind uint8

// Name kinds of [MS-OXCDATA] 2.6.1.
const (
	NameKindID     NameKind = 0x00 // MNID_ID: named by a 32-bit LID
	NameKindString NameKind = 0x01 // MNID_STRING: named by a string
	NameKindNone   NameKind = 0xFF // no name (RopGetNamesFromPropertyIds: not found)
)

// PropertyName names a named property: a property set GUID plus a LID or
// a string ([MS-OXCDATA] 2.6.1).
type PropertyName struct {
	Kind NameKind
	GUID GUID
	LID  uint32 // when Kind == NameKindID
	Name string // when Kind == NameKindString
}

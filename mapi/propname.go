package mapi

import (
	"fmt"

	"github.com/oxkit/oxkit/internal/wire"
)

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

// MaxPropertyNameSize is the largest Name a string PropertyName can carry:
// NameSize is one byte and counts the UTF-16LE bytes of the name including
// its two-byte terminator, so a name has at most 126 UTF-16 code units.
const MaxPropertyNameSize = 255

// ParsePropertyName decodes a PropertyName ([MS-OXCDATA] 2.6.1): Kind,
// then for Kind 0x00 a GUID and a LID, for Kind 0x01 a GUID, NameSize and
// a NUL-terminated UTF-16LE Name of NameSize bytes, and for Kind 0xFF
// nothing more (the "no name" answer of RopGetNamesFromPropertyIds,
// [MS-OXCPRPT] 3.2.5.9). It returns the name and the bytes read.
func ParsePropertyName(b []byte) (PropertyName, int, error) {
	var r wire.Reader
	r.Reset(b)
	var pn PropertyName
	pn.Kind = NameKind(r.Uint8())
	switch pn.Kind {
	case NameKindID:
		pn.GUID = readGUID(&r)
		pn.LID = r.Uint32()
	case NameKindString:
		pn.GUID = readGUID(&r)
		size := int(r.Uint8())
		if r.Err() != nil {
			break
		}
		if size < 2 || size%2 != 0 {
			r.Failf("mapi: PropertyName", "NameSize %d is not an even count of at least 2", size)
			break
		}
		name := r.Bytes(size)
		if name == nil {
			break
		}
		if name[size-2] != 0 || name[size-1] != 0 {
			r.Failf("mapi: PropertyName", "Name of %d bytes lacks its NUL terminator", size)
			break
		}
		pn.Name = decodeUTF16(name[:size-2])
	case NameKindNone:
	default:
		if r.Err() == nil {
			r.Failf("mapi: PropertyName", "unknown Kind 0x%02X before this offset", uint8(pn.Kind))
		}
	}
	if err := fillWhat(&r, "mapi: PropertyName"); err != nil {
		return PropertyName{}, 0, err
	}
	return pn, r.Offset(), nil
}

// AppendPropertyName appends n as a PropertyName. A string name whose
// UTF-16 form with terminator exceeds MaxPropertyNameSize bytes, and an
// unknown Kind, are errors. Fields that n.Kind does not use are ignored.
func AppendPropertyName(b []byte, n PropertyName) ([]byte, error) {
	switch n.Kind {
	case NameKindID:
		b = append(b, byte(n.Kind))
		b = append(b, n.GUID[:]...)
		return wire.AppendUint32(b, n.LID), nil
	case NameKindString:
		size := wire.UTF16Len(n.Name) + 2
		if size > MaxPropertyNameSize {
			return b, fmt.Errorf("mapi: PropertyName %q: %d bytes exceed the %d-byte NameSize", n.Name, size, MaxPropertyNameSize)
		}
		b = append(b, byte(n.Kind))
		b = append(b, n.GUID[:]...)
		b = append(b, byte(size))
		return wire.AppendString16(b, n.Name), nil
	case NameKindNone:
		return append(b, byte(n.Kind)), nil
	}
	return b, fmt.Errorf("mapi: PropertyName: unknown Kind 0x%02X", uint8(n.Kind))
}

// propertyNameRSize is the wire size of a PropertyName_r.
const propertyNameRSize = 16 + 4 + 4

// ParsePropertyNameR decodes a PropertyName_r ([MS-OXCDATA] 2.6.2), the
// NSPI form that names properties by LID only: GUID, a reserved 32-bit
// zero and the LID. The result has Kind NameKindID. A non-zero Reserved
// field is accepted and dropped.
func ParsePropertyNameR(b []byte) (PropertyName, int, error) {
	var r wire.Reader
	r.Reset(b)
	pn := PropertyName{Kind: NameKindID, GUID: readGUID(&r)}
	r.Skip(4)
	pn.LID = r.Uint32()
	if err := fillWhat(&r, "mapi: PropertyName_r"); err != nil {
		return PropertyName{}, 0, err
	}
	return pn, propertyNameRSize, nil
}

// AppendPropertyNameR appends n as a PropertyName_r. Only Kind
// NameKindID names can be expressed; others are an error.
func AppendPropertyNameR(b []byte, n PropertyName) ([]byte, error) {
	if n.Kind != NameKindID {
		return b, fmt.Errorf("mapi: PropertyName_r holds only LID names, not Kind 0x%02X", uint8(n.Kind))
	}
	b = append(b, n.GUID[:]...)
	b = wire.AppendUint32(b, 0)
	return wire.AppendUint32(b, n.LID), nil
}

// String returns "MNID_ID", "MNID_STRING", "None" or "NameKind(0x07)".
func (k NameKind) String() string {
	switch k {
	case NameKindID:
		return "MNID_ID"
	case NameKindString:
		return "MNID_STRING"
	case NameKindNone:
		return "None"
	}
	return fmt.Sprintf("NameKind(0x%02X)", uint8(k))
}

// String returns "{GUID}:0x8580" for a LID name, "{GUID}:\"name\"" for a
// string name, and the kind otherwise.
func (n PropertyName) String() string {
	switch n.Kind {
	case NameKindID:
		return fmt.Sprintf("%v:0x%04X", n.GUID, n.LID)
	case NameKindString:
		return fmt.Sprintf("%v:%q", n.GUID, n.Name)
	}
	return n.Kind.String()
}

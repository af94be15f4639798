package mapi

import (
	"fmt"
	"math"
	"strings"

	"github.com/oxkit/oxkit/internal/wire"
)

// RecipientFlags is the RecipientFlags field of a RecipientRow
// ([MS-OXCDATA] 2.8.3.1): the recipient's address type in the low three
// bits and presence bits for the standard fields that follow.
type RecipientFlags uint16

// Bits of RecipientFlags ([MS-OXCDATA] 2.8.3.1).
const (
	RecipientTypeMask          RecipientFlags = 0x0007 // Type: a RecipientRowType
	RecipientFlagEmail         RecipientFlags = 0x0008 // E: EmailAddress present
	RecipientFlagDisplay       RecipientFlags = 0x0010 // D: DisplayName present
	RecipientFlagTransmittable RecipientFlags = 0x0020 // T: TransmittableDisplayName present
	RecipientFlagSame          RecipientFlags = 0x0040 // S: TransmittableDisplayName equals DisplayName
	RecipientFlagResponsible   RecipientFlags = 0x0080 // R: PidTagResponsibility is true
	RecipientFlagNonRich       RecipientFlags = 0x0100 // N: PidTagSendRichInfo is false
	RecipientFlagUnicode       RecipientFlags = 0x0200 // U: the strings are UTF-16LE, else 8-bit
	RecipientFlagSimple        RecipientFlags = 0x0400 // I: SimpleDisplayName present
	RecipientFlagOutOfStandard RecipientFlags = 0x8000 // O: AddressType present (Type NoType)
)

// RecipientRowType is the Type part of RecipientFlags.
type RecipientRowType uint8

// Recipient types of [MS-OXCDATA] 2.8.3.1.
const (
	RecipientNoType                    RecipientRowType = 0x0
	RecipientX500DN                    RecipientRowType = 0x1
	RecipientMsMail                    RecipientRowType = 0x2
	RecipientSMTP                      RecipientRowType = 0x3
	RecipientFax                       RecipientRowType = 0x4
	RecipientProfessionalOfficeSystem  RecipientRowType = 0x5
	RecipientPersonalDistributionList1 RecipientRowType = 0x6
	RecipientPersonalDistributionList2 RecipientRowType = 0x7
)

// Type returns the recipient type bits.
func (f RecipientFlags) Type() RecipientRowType { return RecipientRowType(f & RecipientTypeMask) }

// RecipientRow is one recipient of a message in a ROP buffer
// ([MS-OXCDATA] 2.8.3.2): RopReadRecipients, RopOpenMessage,
// RopOpenEmbeddedMessage, RopModifyRecipients. Flags decides, exactly as
// on the wire, which of the optional fields are present, so a decoded row
// re-encodes to the same bytes; the fields a flag does not select are
// ignored when encoding. The S flag is not acted upon: when it is set the
// caller may take DisplayName for TransmittableDisplayName.
type RecipientRow struct {
	Flags                    RecipientFlags
	AddressPrefixUsed        uint8  // Type X500DN
	DisplayType              uint8  // Type X500DN
	X500DN                   string // Type X500DN; 8-bit string
	EntryID                  []byte // Type PersonalDistributionList1/2
	SearchKey                []byte // Type PersonalDistributionList1/2
	AddressType              string // Type NoType with O set; 8-bit string
	EmailAddress             string // E
	DisplayName              string // D
	SimpleDisplayName        string // I
	TransmittableDisplayName string // T
	// Properties holds the values of the first len(Properties.Values)
	// recipient columns (RecipientColumnCount) as a PropertyRow.
	Properties PropertyRow
}

// ParseRecipientRow decodes a RecipientRow whose RecipientProperties are
// laid out for the recipient columns cols (the RecipientColumns of the
// enclosing ROP). RecipientColumnCount may not exceed len(cols).
func ParseRecipientRow(b []byte, cols []PropTag) (RecipientRow, int, error) {
	var r wire.Reader
	r.Reset(b)
	rr := readRecipientRow(&r, cols)
	if err := fillWhat(&r, "mapi: RecipientRow"); err != nil {
		return RecipientRow{}, 0, err
	}
	return rr, r.Offset(), nil
}

func readRecipientRow(r *wire.Reader, cols []PropTag) RecipientRow {
	var rr RecipientRow
	rr.Flags = RecipientFlags(r.Uint16())
	typ := rr.Flags.Type()
	if typ == RecipientX500DN {
		rr.AddressPrefixUsed = r.Uint8()
		rr.DisplayType = r.Uint8()
		rr.X500DN = readString8(r, nil)
	}
	if typ == RecipientPersonalDistributionList1 || typ == RecipientPersonalDistributionList2 {
		rr.EntryID = readBinary(r, width16, nil)
		rr.SearchKey = readBinary(r, width16, nil)
	}
	if typ == RecipientNoType && rr.Flags&RecipientFlagOutOfStandard != 0 {
		rr.AddressType = readString8(r, nil)
	}
	str := func(r *wire.Reader) string { return readString8(r, nil) }
	if rr.Flags&RecipientFlagUnicode != 0 {
		str = func(r *wire.Reader) string { return readString16(r, nil) }
	}
	if rr.Flags&RecipientFlagEmail != 0 {
		rr.EmailAddress = str(r)
	}
	if rr.Flags&RecipientFlagDisplay != 0 {
		rr.DisplayName = str(r)
	}
	if rr.Flags&RecipientFlagSimple != 0 {
		rr.SimpleDisplayName = str(r)
	}
	if rr.Flags&RecipientFlagTransmittable != 0 {
		rr.TransmittableDisplayName = str(r)
	}
	n := int(r.Uint16())
	if r.Err() != nil {
		return rr
	}
	if n > len(cols) {
		r.Failf("mapi: RecipientRow", "RecipientColumnCount %d exceeds the %d recipient columns", n, len(cols))
		return rr
	}
	rr.Properties = readRow(r, cols[:n], width16, nil)
	return rr
}

// AppendRecipientRow appends rr encoded for the recipient columns cols;
// RecipientColumnCount is len(rr.Properties.Values), which may not exceed
// len(cols). On error b is returned unchanged.
func AppendRecipientRow(b []byte, cols []PropTag, rr RecipientRow) ([]byte, error) {
	n := len(rr.Properties.Values)
	if n > len(cols) {
		return b, fmt.Errorf("mapi: RecipientRow: %d property values for %d recipient columns", n, len(cols))
	}
	orig := b
	fail := func(field string, err error) ([]byte, error) {
		return orig, fmt.Errorf("mapi: RecipientRow %s: %w", field, err)
	}
	str8 := func(field, s string) error {
		if strings.IndexByte(s, 0) >= 0 {
			return fmt.Errorf("%s: %w", field, errEmbeddedNUL)
		}
		b = wire.AppendString8(b, s)
		return nil
	}
	str := str8
	if rr.Flags&RecipientFlagUnicode != 0 {
		str = func(field, s string) error {
			if strings.IndexByte(s, 0) >= 0 {
				return fmt.Errorf("%s: %w", field, errEmbeddedNUL)
			}
			b = wire.AppendString16(b, s)
			return nil
		}
	}
	b = wire.AppendUint16(b, uint16(rr.Flags))
	typ := rr.Flags.Type()
	if typ == RecipientX500DN {
		b = append(b, rr.AddressPrefixUsed, rr.DisplayType)
		if err := str8("X500DN", rr.X500DN); err != nil {
			return fail("string", err)
		}
	}
	if typ == RecipientPersonalDistributionList1 || typ == RecipientPersonalDistributionList2 {
		for _, x := range [][]byte{rr.EntryID, rr.SearchKey} {
			if len(x) > math.MaxUint16 {
				return fail("EntryID/SearchKey", fmt.Errorf("%d bytes exceed the 16-bit size", len(x)))
			}
			b = wire.AppendUint16(b, uint16(len(x)))
			b = append(b, x...)
		}
	}
	if typ == RecipientNoType && rr.Flags&RecipientFlagOutOfStandard != 0 {
		if err := str8("AddressType", rr.AddressType); err != nil {
			return fail("string", err)
		}
	}
	for _, f := range []struct {
		bit   RecipientFlags
		name  string
		value string
	}{
		{RecipientFlagEmail, "EmailAddress", rr.EmailAddress},
		{RecipientFlagDisplay, "DisplayName", rr.DisplayName},
		{RecipientFlagSimple, "SimpleDisplayName", rr.SimpleDisplayName},
		{RecipientFlagTransmittable, "TransmittableDisplayName", rr.TransmittableDisplayName},
	} {
		if rr.Flags&f.bit != 0 {
			if err := str(f.name, f.value); err != nil {
				return fail("string", err)
			}
		}
	}
	b = wire.AppendUint16(b, uint16(n))
	var err error
	if b, err = appendRow(b, cols[:n], rr.Properties, width16); err != nil {
		return fail("RecipientProperties", err)
	}
	return b, nil
}

var recipientRowTypeNames = [...]string{
	"NoType", "X500DN", "MsMail", "SMTP", "Fax", "ProfessionalOfficeSystem",
	"PersonalDistributionList1", "PersonalDistributionList2",
}

// String returns the spec name of the type ("SMTP") or
// "RecipientRowType(0x09)".
func (t RecipientRowType) String() string {
	if int(t) < len(recipientRowTypeNames) {
		return recipientRowTypeNames[t]
	}
	return fmt.Sprintf("RecipientRowType(0x%02X)", uint8(t))
}

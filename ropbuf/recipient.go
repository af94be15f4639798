package ropbuf

import (
	"fmt"

	"github.com/oxkit/oxkit/internal/wire"
	"github.com/oxkit/oxkit/mapi"
)

// RecipientFlags is the RecipientFlags field of a RecipientRow
// ([MS-OXCDATA] 2.8.3.1): the address Type in the low three bits and flags
// saying which standard fields follow.
type RecipientFlags uint16

// RecipientFlags bits and the Type mask ([MS-OXCDATA] 2.8.3.1).
const (
	RecipientTypeMask        RecipientFlags = 0x0007
	RecipientEmailAddress    RecipientFlags = 0x0008 // E: EmailAddress present
	RecipientDisplayName     RecipientFlags = 0x0010 // D: DisplayName present
	RecipientTransmittable   RecipientFlags = 0x0020 // T: TransmittableDisplayName present
	RecipientSameAsDisplay   RecipientFlags = 0x0040 // S: TransmittableDisplayName equals DisplayName
	RecipientResponsibility  RecipientFlags = 0x0080 // R: another transport delivers
	RecipientNonRich         RecipientFlags = 0x0100 // N: no rich text
	RecipientUnicode         RecipientFlags = 0x0200 // U: strings are UTF-16
	RecipientSimpleDisplay   RecipientFlags = 0x0400 // I: SimpleDisplayName present
	RecipientOtherAddrType   RecipientFlags = 0x8000 // O: AddressType present
	RecipientTypeNone        RecipientFlags = 0x0
	RecipientTypeX500DN      RecipientFlags = 0x1
	RecipientTypeMsMail      RecipientFlags = 0x2
	RecipientTypeSMTP        RecipientFlags = 0x3
	RecipientTypeFax         RecipientFlags = 0x4
	RecipientTypeOfficeSys   RecipientFlags = 0x5
	RecipientTypePersonalDL1 RecipientFlags = 0x6
	RecipientTypePersonalDL2 RecipientFlags = 0x7
)

// Type returns the address type (the low three bits).
func (f RecipientFlags) Type() RecipientFlags { return f & RecipientTypeMask }

// RecipientRow is a RecipientRow structure ([MS-OXCDATA] 2.8.3.2), the
// bytes that RopOpenMessage, RopReadRecipients, RopReloadCachedInformation,
// RopOpenEmbeddedMessage and RopModifyRecipients carry in their
// RecipientRow fields. Flags decides which fields are on the wire, in both
// directions: X500DN with its prefix and display type for Type X500DN,
// EntryID and SearchKey for the personal distribution list types,
// AddressType with O, and the four names with E, D, I and T. Strings are
// UTF-16 with U and 8-bit otherwise (X500DN is always 8-bit).
type RecipientRow struct {
	Flags                    RecipientFlags
	AddressPrefixUsed        uint8
	DisplayType              uint8
	X500DN                   string
	EntryID                  []byte
	SearchKey                []byte
	AddressType              string
	EmailAddress             string
	DisplayName              string
	SimpleDisplayName        string
	TransmittableDisplayName string
	// Properties holds the values of the first len(Properties.Values)
	// RecipientColumns (RecipientColumnCount is its length).
	Properties mapi.PropertyRow
}

func (r *RecipientRow) fields(c *codec, cols []mapi.PropTag) {
	u16(c, &r.Flags)
	uni := r.Flags&RecipientUnicode != 0
	switch r.Flags.Type() {
	case RecipientTypeX500DN:
		c.u8(&r.AddressPrefixUsed)
		c.u8(&r.DisplayType)
		c.string8(&r.X500DN)
	case RecipientTypePersonalDL1, RecipientTypePersonalDL2:
		c.bytes16("EntryId", &r.EntryID)
		c.bytes16("SearchKey", &r.SearchKey)
	}
	if r.Flags&RecipientOtherAddrType != 0 {
		c.string8or16(&r.AddressType, uni)
	}
	if r.Flags&RecipientEmailAddress != 0 {
		c.string8or16(&r.EmailAddress, uni)
	}
	if r.Flags&RecipientDisplayName != 0 {
		c.string8or16(&r.DisplayName, uni)
	}
	if r.Flags&RecipientSimpleDisplay != 0 {
		c.string8or16(&r.SimpleDisplayName, uni)
	}
	if r.Flags&RecipientTransmittable != 0 {
		c.string8or16(&r.TransmittableDisplayName, uni)
	}
	n := c.count16("RecipientColumnCount", len(r.Properties.Values))
	if n > len(cols) {
		c.fail("RecipientColumnCount", fmt.Errorf("%d columns, only %d RecipientColumns", n, len(cols)))
		return
	}
	c.row(&r.Properties, cols[:n])
}

// ParseRecipientRow decodes the RecipientRow bytes of an OpenRecipientRow,
// ReadRecipientRow or ModifyRecipientRow for the response's (or request's)
// RecipientColumns. The whole of b must be used.
func ParseRecipientRow(b []byte, cols []mapi.PropTag) (RecipientRow, error) {
	var r RecipientRow
	c := &codec{r: wire.NewReader(b)}
	r.fields(c, cols)
	if err := c.r.Err(); err != nil {
		return RecipientRow{}, fmt.Errorf("ropbuf: RecipientRow: %w", err)
	}
	if c.r.Remaining() != 0 {
		return RecipientRow{}, fmt.Errorf("ropbuf: RecipientRow: %d bytes left over", c.r.Remaining())
	}
	return r, nil
}

// AppendRecipientRow appends r encoded for the RecipientColumns cols.
func AppendRecipientRow(b []byte, cols []mapi.PropTag, r RecipientRow) ([]byte, error) {
	c := &codec{b: b}
	r.fields(c, cols)
	if c.err != nil {
		return b, c.err
	}
	return c.b, nil
}

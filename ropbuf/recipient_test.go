package ropbuf

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/oxkit/oxkit/mapi"
)

func TestRecipientRow(t *testing.T) {
	cols := []mapi.PropTag{0x0C150003, 0x3001001F, 0x39FE001F} // PidTagRecipientType, PidTagDisplayName, PidTagSmtpAddress
	props := mapi.PropertyRow{Values: []mapi.PropValue{{Tag: cols[0], Value: int32(1)}, {Tag: cols[1], Value: "Alice"}}}
	for _, r := range []RecipientRow{
		{Flags: RecipientTypeSMTP | RecipientEmailAddress | RecipientDisplayName | RecipientTransmittable | RecipientUnicode,
			EmailAddress: "alice@example.com", DisplayName: "Alice", TransmittableDisplayName: "Alice <alice@example.com>", Properties: props},
		{Flags: RecipientTypeX500DN | RecipientDisplayName | RecipientSimpleDisplay | RecipientSameAsDisplay,
			AddressPrefixUsed: 3, DisplayType: 0, X500DN: "/o=Example/cn=alice", DisplayName: "Alice", SimpleDisplayName: "alice"},
		{Flags: RecipientTypePersonalDL1 | RecipientDisplayName, EntryID: []byte{1, 2, 3}, SearchKey: []byte{4, 5}, DisplayName: "Team",
			Properties: mapi.PropertyRow{Values: props.Values[:1]}},
		{Flags: RecipientTypeNone | RecipientOtherAddrType | RecipientEmailAddress | RecipientUnicode | RecipientNonRich,
			AddressType: "EX", EmailAddress: "x"},
	} {
		b, err := AppendRecipientRow(nil, cols, r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseRecipientRow(b, cols)
		if err != nil {
			t.Fatalf("% X: %v", b, err)
		}
		if got.Properties.Values == nil {
			got.Properties.Values = r.Properties.Values[:0:0]
		}
		if r.Properties.Values == nil {
			r.Properties.Values = got.Properties.Values
		}
		if !reflect.DeepEqual(got, r) {
			t.Errorf("got %+v\nwant %+v", got, r)
		}
		again, _ := AppendRecipientRow(nil, cols, got)
		if !bytes.Equal(again, b) {
			t.Errorf("re-encoded % X, want % X", again, b)
		}
	}
	// The SMTP row by hand: flags 0x0233, then UTF-16 strings, then the count.
	b, _ := AppendRecipientRow(nil, cols, RecipientRow{Flags: RecipientTypeSMTP | RecipientEmailAddress | RecipientUnicode, EmailAddress: "a"})
	if want := []byte{0x0B, 0x02, 'a', 0, 0, 0, 0, 0, 0}; !bytes.Equal(b, want) {
		t.Errorf("% X, want % X", b, want)
	}
	if _, err := ParseRecipientRow([]byte{0x00, 0x00, 0x05, 0x00, 0x00}, cols); err == nil {
		t.Error("RecipientColumnCount beyond the columns decoded")
	}
}

package mapi

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/internal/wire"
)

// recipientColumns is a typical RecipientColumns set.
var recipientColumns = []PropTag{
	0x0C150003, // PidTagRecipientType
	0x5FF6001F, // PidTagRecipientDisplayName
	0x3A40000B, // PidTagSendRichInfo
	0x0FFF0102, // PidTagEntryId
}

func recipientRowCases(t testing.TB) []struct {
	name string
	rr   RecipientRow
	hex  string
} {
	return []struct {
		name string
		rr   RecipientRow
		hex  string
	}{
		{"smtp unicode", RecipientRow{
			Flags:        RecipientFlags(RecipientSMTP) | RecipientFlagEmail | RecipientFlagDisplay | RecipientFlagUnicode,
			EmailAddress: "a@b", DisplayName: "A",
			Properties: PropertyRow{Values: []PropValue{
				{Tag: 0x0C150003, Value: int32(1)},
				{Tag: 0x5FF6001F, Value: "A"},
			}},
		}, "1B02" + "610040006200 0000" + "4100 0000" + "0200" + "00 01000000 41000000"},
		{"x500 8-bit", RecipientRow{
			Flags:             RecipientFlags(RecipientX500DN) | RecipientFlagDisplay | RecipientFlagResponsible,
			AddressPrefixUsed: 3, DisplayType: 0, X500DN: "/o=x", DisplayName: "X",
			Properties: PropertyRow{Flagged: true, Values: []PropValue{{Tag: 0x0C150003, Value: Absent{}}}},
		}, "9100" + "03 00 2F6F3D7800" + "5800" + "0100" + "01 01"},
		{"personal dl", RecipientRow{
			Flags:   RecipientFlags(RecipientPersonalDistributionList1) | RecipientFlagSimple | RecipientFlagTransmittable,
			EntryID: []byte{1, 2}, SearchKey: []byte{},
			SimpleDisplayName: "s", TransmittableDisplayName: "t",
			Properties: PropertyRow{Values: []PropValue{}},
		}, "2604" + "0200 0102" + "0000" + "7300" + "7400" + "0000" + "00"},
		{"out of standard", RecipientRow{
			Flags:       RecipientFlagOutOfStandard | RecipientFlagSame | RecipientFlagNonRich,
			AddressType: "EX",
			Properties:  PropertyRow{Values: []PropValue{}},
		}, "4081" + "455800" + "0000" + "00"},
	}
}

// TestRecipientRow checks the RecipientRow layout of [MS-OXCDATA] 2.8.3.2
// for each family of optional fields, both directions.
func TestRecipientRow(t *testing.T) {
	for _, c := range recipientRowCases(t) {
		want := vtHex(t, c.hex)
		b, err := AppendRecipientRow(nil, recipientColumns, c.rr)
		if err != nil || !bytes.Equal(b, want) {
			t.Fatalf("%s: % X, want % X (%v)", c.name, b, want, err)
		}
		got, n, err := ParseRecipientRow(append(want, 0xEE), recipientColumns)
		if err != nil || n != len(want) || !reflect.DeepEqual(got, c.rr) {
			t.Fatalf("%s: %#v %d %v", c.name, got, n, err)
		}
	}
	if RecipientFlags(0x9B).Type() != RecipientSMTP {
		t.Fatal("Type")
	}
}

func TestRecipientRowErrors(t *testing.T) {
	tooMany := RecipientRow{Properties: PropertyRow{Values: make([]PropValue, 5)}}
	if _, err := AppendRecipientRow(nil, recipientColumns, tooMany); err == nil {
		t.Fatal("more values than columns accepted")
	}
	nul := RecipientRow{Flags: RecipientFlagDisplay | RecipientFlagUnicode, DisplayName: "a\x00"}
	if out, err := AppendRecipientRow([]byte{1}, recipientColumns, nul); err == nil || len(out) != 1 || !strings.HasPrefix(err.Error(), "mapi: ") {
		t.Fatalf("NUL accepted: %v", err)
	}
	bad := []struct {
		name, hex string
		off       int
	}{
		{"empty", "", 0},
		{"column count", "0000 0500", 4},
		{"x500 no NUL", "0100 00 00 2F6F", 4},
		{"unicode email no NUL", "0802 6100", 2},
		{"dl entry id short", "0600 0500 01", 4},
	}
	for _, c := range bad {
		_, _, err := ParseRecipientRow(vtHex(t, c.hex), recipientColumns)
		var we *wire.Error
		if !errors.As(err, &we) || we.Offset != c.off {
			t.Fatalf("%s: %v", c.name, err)
		}
	}
}

// FuzzRecipientRow checks that RecipientRow encoding is a fixed point.
func FuzzRecipientRow(f *testing.F) {
	for _, c := range recipientRowCases(f) {
		f.Add(vtHex(f, c.hex))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rr, _, err := ParseRecipientRow(b, recipientColumns)
		if err != nil {
			return
		}
		b1, err := AppendRecipientRow(nil, recipientColumns, rr)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		rr2, n2, err := ParseRecipientRow(b1, recipientColumns)
		if err != nil || n2 != len(b1) {
			t.Fatalf("re-parse: %v", err)
		}
		b2, err := AppendRecipientRow(nil, recipientColumns, rr2)
		if err != nil || !bytes.Equal(b1, b2) {
			t.Fatalf("not a fixed point:\n% X\n% X", b1, b2)
		}
	})
}

package mapi_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/internal/wire"
	"github.com/oxkit/oxkit/mapi"
)

// Provider UIDs as the spec writes them (%xNN.NN...), to check the
// package's constants byte by byte.
func TestProviderUIDs(t *testing.T) {
	tests := []struct {
		name string
		got  mapi.GUID
		spec string
	}{
		{"public store [MS-OXCDATA] 2.2.4.1", mapi.ProviderUIDPublicStore, "1A.44.73.90.AA.66.11.CD.9B.C8.00.AA.00.2F.C4.5A"},
		{"store wrap [MS-OXCDATA] 2.2.4.3", mapi.ProviderUIDStoreWrap, "38.A1.BB.10.05.E5.10.1A.A1.BB.08.00.2B.2A.56.C2"},
		{"address book [MS-OXCDATA] 2.2.5.2", mapi.ProviderUIDAddressBook, "DC.A7.40.C8.C0.42.10.1A.B4.B9.08.00.2B.2F.E1.82"},
		{"one-off [MS-OXCDATA] 2.2.5.1", mapi.ProviderUIDOneOff, "81.2B.1F.A4.BE.A3.10.19.9D.6E.00.DD.01.0F.54.02"},
		{"contact address [MS-OXCDATA] 2.2.5.3", mapi.ProviderUIDContactAddress, "FE.42.AA.0A.18.C7.1A.10.E8.85.0B.65.1C.24.00.00"},
	}
	for _, tt := range tests {
		want := idsHex(t, strings.ReplaceAll(tt.spec, ".", ""))
		if !bytes.Equal(tt.got[:], want) {
			t.Errorf("%s: % X, want % X", tt.name, tt.got[:], want)
		}
	}
}

// utf16z is s as UTF-16LE hex with a 2-byte terminator.
func utf16z(s string) string { return hexOf(wire.AppendString16(nil, s)) }

// asciiz is s as hex with a 1-byte terminator.
func asciiz(s string) string { return hexOf(append([]byte(s), 0)) }

func hexOf(b []byte) string {
	const digits = "0123456789ABCDEF"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

// idsEntryIDCases are entry IDs with their wire bytes laid out field by
// field from the structure diagrams of [MS-OXCDATA] 2.2.4 and 2.2.5 and
// [MS-OXNSPI] 2.2.9.2 (the specs give no example bytes for them).
func idsEntryIDCases(t testing.TB) []struct {
	name string
	id   mapi.EntryID
	wire []byte
} {
	mbx, repl := hex16(idsMailboxGUID), hex16(idsReplGUID)
	return []struct {
		name string
		id   mapi.EntryID
		wire []byte
	}{
		{"Folder EntryID 2.2.4.1",
			mapi.NewFolderEntryID(idsMailboxGUID, mapi.PrivateFolder, mapi.MakeGID(idsReplGUID, 0x1C)),
			idsHex(t, "00000000"+mbx+"0100"+repl+"00000000001C 0000")},
		{"Folder EntryID 2.2.4.1, public",
			mapi.NewFolderEntryID(mapi.ProviderUIDPublicStore, mapi.PublicFolder, mapi.MakeGID(idsReplGUID, 0x0102030405)),
			idsHex(t, "00000000 1A447390AA6611CD9BC800AA002FC45A 0300"+repl+"000102030405 0000")},
		{"Message EntryID 2.2.4.2",
			mapi.NewMessageEntryID(idsMailboxGUID, mapi.PrivateMessage, mapi.MakeGID(idsReplGUID, 0x1C), mapi.MakeGID(idsReplGUID, 0x123)),
			idsHex(t, "00000000"+mbx+"0700"+repl+"00000000001C 0000"+repl+"000000000123 0000")},
		{"Store Object EntryID 2.2.4.3, mailbox",
			mapi.NewMailboxStoreEntryID("SERVER", "/o=Org/ou=Site/cn=Recipients/cn=user"),
			idsHex(t, "00000000 38A1BB1005E5101AA1BB08002B2A56C2 00 00 454D534D44422E444C4C00000000 00000000"+
				"1B55FA20AA6611CD9BC800AA002FC45A 0C000000"+asciiz("SERVER")+asciiz("/o=Org/ou=Site/cn=Recipients/cn=user"))},
		{"Store Object EntryID 2.2.4.3, public store",
			mapi.NewPublicStoreEntryID("SERVER"),
			idsHex(t, "00000000 38A1BB1005E5101AA1BB08002B2A56C2 00 00 454D534D44422E444C4C00000000 00000000"+
				"1C830210AA6611CD9BC800AA002FC45A 06000000"+asciiz("SERVER"))},
		{"One-Off EntryID 2.2.5.1, Unicode",
			mapi.NewOneOffEntryID("Zoë Ünicode", "SMTP", "zoe@example.com", mapi.OneOffNoRichInfo),
			idsHex(t, "00000000 812B1FA4BEA310199D6E00DD010F5402 0000 0180"+utf16z("Zoë Ünicode")+utf16z("SMTP")+utf16z("zoe@example.com"))},
		{"One-Off EntryID 2.2.5.1, 8-bit",
			&mapi.OneOffEntryID{EntryFlags: mapi.OneOffFormatHTML, DisplayName: "Bob", AddressType: "SMTP", EmailAddress: "bob@example.com"},
			idsHex(t, "00000000 812B1FA4BEA310199D6E00DD010F5402 0000 0E00"+asciiz("Bob")+asciiz("SMTP")+asciiz("bob@example.com"))},
		{"Address Book EntryID 2.2.5.2",
			mapi.NewAddressBookEntryID(mapi.ABMailUser, "/o=Org/ou=Site/cn=Recipients/cn=user"),
			idsHex(t, "00000000 DCA740C8C042101AB4B908002B2FE182 01000000 00000000"+asciiz("/o=Org/ou=Site/cn=Recipients/cn=user"))},
		{"Address Book EntryID 2.2.5.2, distribution list",
			mapi.NewAddressBookEntryID(mapi.ABDistList, "/o=Org/cn=list"),
			idsHex(t, "00000000 DCA740C8C042101AB4B908002B2FE182 01000000 01000000"+asciiz("/o=Org/cn=list"))},
		{"EphemeralEntryID [MS-OXNSPI] 2.2.9.2",
			mapi.NewEphemeralEntryID(idsReplGUID, mapi.ABMailUser, 0x1234),
			idsHex(t, "87000000"+repl+"01000000 00000000 34120000")},
		{"Contact Address EntryID 2.2.5.3",
			mapi.NewContactAddressEntryID(1, idsHex(t, "00000000 0102")),
			idsHex(t, "00000000 FE42AA0A18C71A10E8850B651C240000 03000000 04000000 01000000 06000000 00000000 0102")},
		{"Contact Address EntryID 2.2.5.3 with 3 extra bytes (note 4)",
			&mapi.ContactAddressEntryID{Version: 3, Type: 4, Index: 3, EntryID: idsHex(t, "AA"), Extra: idsHex(t, "000000")},
			idsHex(t, "00000000 FE42AA0A18C71A10E8850B651C240000 03000000 04000000 03000000 01000000 AA 000000")},
		{"General EntryID 2.2.3, other provider",
			&mapi.GenericEntryID{ProviderUID: idsGUIDC, ProviderData: idsHex(t, "03000000 04000000 00000000")},
			idsHex(t, "00000000"+hex16(idsGUIDC)+"03000000 04000000 00000000")},
		{"General EntryID 2.2.3, contact address of another type",
			&mapi.GenericEntryID{ProviderUID: mapi.ProviderUIDContactAddress, ProviderData: idsHex(t, "03000000 05000000 00000000 00000000")},
			idsHex(t, "00000000 FE42AA0A18C71A10E8850B651C240000 03000000 05000000 00000000 00000000")},
	}
}

func TestEntryIDRoundTrip(t *testing.T) {
	for _, tt := range idsEntryIDCases(t) {
		got, err := tt.id.AppendBinary(nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !bytes.Equal(got, tt.wire) {
			t.Errorf("%s: encode\n got % X\nwant % X", tt.name, got, tt.wire)
		}
		back, err := mapi.ParseEntryID(tt.wire)
		if err != nil {
			t.Fatalf("%s: decode: %v", tt.name, err)
		}
		if !reflect.DeepEqual(back, tt.id) {
			t.Errorf("%s: decode = %#v\nwant %#v", tt.name, back, tt.id)
		}
		if back.Provider() != mapi.GUID(tt.wire[4:20]) {
			t.Errorf("%s: Provider = %v", tt.name, back.Provider())
		}
		if back.String() == "" {
			t.Errorf("%s: empty String", tt.name)
		}
	}
}

func TestEntryIDAccessors(t *testing.T) {
	f := mapi.NewFolderEntryID(idsMailboxGUID, mapi.PrivateFolder, mapi.MakeGID(idsReplGUID, 0x1C))
	if f.GID() != mapi.MakeGID(idsReplGUID, 0x1C) {
		t.Errorf("GID = %v", f.GID())
	}
	m := mapi.NewMessageEntryID(idsMailboxGUID, mapi.PrivateMessage, mapi.MakeGID(idsReplGUID, 1), mapi.MakeGID(idsReplGUID, 2))
	if m.FolderGID().GlobalCounter != 1 || m.MessageGID().GlobalCounter != 2 {
		t.Errorf("GIDs = %v %v", m.FolderGID(), m.MessageGID())
	}
	for _, typ := range []mapi.StoreObjectType{mapi.PrivateFolder, mapi.PublicFolder, mapi.MappedPublicFolder, mapi.PublicNewsgroupFolder} {
		if !typ.IsFolder() || typ.IsMessage() || strings.HasPrefix(typ.String(), "StoreObjectType(") {
			t.Errorf("%v", typ)
		}
	}
	for _, typ := range []mapi.StoreObjectType{mapi.PrivateMessage, mapi.PublicMessage, mapi.MappedPublicMessage} {
		if typ.IsFolder() || !typ.IsMessage() {
			t.Errorf("%v", typ)
		}
	}
	if s := mapi.StoreObjectType(0x42).String(); s != "StoreObjectType(0x0042)" {
		t.Errorf("String = %q", s)
	}
	if s := mapi.AddressBookType(0x77).String(); s != "AddressBookType(0x00000077)" {
		t.Errorf("String = %q", s)
	}
	if s := (mapi.OneOffUnicode | mapi.OneOffNoRichInfo | mapi.OneOffFormatText | mapi.OneOffMAEAppleDouble).String(); s != "Unicode|NoRichInfo|Format=TextOnly|MAE=AppleDouble" {
		t.Errorf("String = %q", s)
	}
}

// ParseEntryID tells the kinds apart; lookalikes stay generic.
func TestParseEntryIDKinds(t *testing.T) {
	cases := idsEntryIDCases(t)
	folder := cases[0].wire
	// A 46-byte entry ID with a message type is not a folder entry ID.
	odd := bytes.Clone(folder)
	odd[20] = byte(mapi.PrivateMessage)
	if e, err := mapi.ParseEntryID(odd); err != nil {
		t.Fatal(err)
	} else if _, ok := e.(*mapi.GenericEntryID); !ok {
		t.Errorf("46 bytes with a message type: %T", e)
	}
	// A folder entry ID with a byte more is generic.
	if e, _ := mapi.ParseEntryID(append(bytes.Clone(folder), 0)); reflectType(e) != "*mapi.GenericEntryID" {
		t.Errorf("47 bytes: %T", e)
	}
	// A wrapped store entry ID of another DLL (a PST) is generic.
	pst := append(idsHex(t, "00000000 38A1BB1005E5101AA1BB08002B2A56C2 00 00"), []byte("mspst.dll\x00\x00\x00\x00\x00")...)
	if e, _ := mapi.ParseEntryID(pst); reflectType(e) != "*mapi.GenericEntryID" {
		t.Errorf("mspst.dll: %T", e)
	}
	// The DLL name matches in any case.
	lower := bytes.Clone(cases[3].wire)
	copy(lower[22:], "emsmdb.dll")
	if e, err := mapi.ParseEntryID(lower); err != nil || reflectType(e) != "*mapi.StoreEntryID" {
		t.Errorf("lower-case DLL: %T %v", e, err)
	} else if again, _ := e.AppendBinary(nil); !bytes.Equal(again, lower) {
		t.Error("lower-case DLL name not kept")
	}
	// Bytes after a mailbox store entry ID (newer clients' server block)
	// are kept.
	ext := append(bytes.Clone(cases[3].wire), 0xD8, 0x35, 0x21, 0xF3, 1, 2, 3)
	e, err := mapi.ParseEntryID(ext)
	if err != nil {
		t.Fatal(err)
	}
	if se := e.(*mapi.StoreEntryID); !bytes.Equal(se.Extra, ext[len(cases[3].wire):]) {
		t.Errorf("Extra = % X", se.Extra)
	}
	if again, _ := e.AppendBinary(nil); !bytes.Equal(again, ext) {
		t.Error("Extra not written back")
	}
}

func reflectType(v any) string { return reflect.TypeOf(v).String() }

func TestEntryIDErrors(t *testing.T) {
	cases := idsEntryIDCases(t)
	oneOff := cases[5].wire
	bad := []struct {
		name   string
		wire   []byte
		offset int // -1: any
	}{
		{"shorter than a general entry ID", make([]byte, 19), 19},
		{"one-off without terminator", oneOff[:len(oneOff)-2], -1},
		{"one-off with trailing bytes", append(bytes.Clone(oneOff), 0), len(oneOff)},
		{"one-off header only", oneOff[:22], 22},
		{"address book without terminator", cases[7].wire[:len(cases[7].wire)-1], 28},
		{"address book with trailing bytes", append(bytes.Clone(cases[7].wire), 'x'), len(cases[7].wire)},
		{"store entry ID cut in the header", cases[3].wire[:40], -1},
		{"mailbox store without MailboxDN", cases[3].wire[:60+len("SERVER")+1], -1},
		{"contact address entry ID beyond the bytes", cases[10].wire[:len(cases[10].wire)-1], 32},
		{"contact address with 4 extra bytes", append(bytes.Clone(cases[10].wire), 0, 0, 0, 0), len(cases[10].wire)},
	}
	for _, tt := range bad {
		_, err := mapi.ParseEntryID(tt.wire)
		var se *mapi.StructureError
		if !errors.As(err, &se) {
			t.Errorf("%s: err = %v, want *StructureError", tt.name, err)
			continue
		}
		if tt.offset >= 0 && se.Offset != tt.offset {
			t.Errorf("%s: offset %d, want %d (%v)", tt.name, se.Offset, tt.offset, err)
		}
	}
	// Direct parsers check what ParseEntryID dispatches on.
	if _, err := mapi.ParseFolderEntryID(cases[2].wire); err == nil {
		t.Error("ParseFolderEntryID accepted 70 bytes")
	}
	if _, err := mapi.ParseMessageEntryID(cases[0].wire); err == nil {
		t.Error("ParseMessageEntryID accepted 46 bytes")
	}
	if _, err := mapi.ParseEphemeralEntryID(make([]byte, 32)); err == nil {
		t.Error("ephemeral with ID type 0 accepted")
	}
	if _, err := mapi.ParseOneOffEntryID(cases[7].wire); err == nil {
		t.Error("one-off parser accepted another provider")
	}
	if _, err := mapi.ParseStoreEntryID(cases[0].wire); err == nil {
		t.Error("store parser accepted a folder entry ID")
	}
	// Limits on strings, both directions.
	long := strings.Repeat("x", mapi.MaxEntryIDString+1)
	if _, err := mapi.NewAddressBookEntryID(mapi.ABMailUser, long).AppendBinary(nil); err == nil {
		t.Error("over-long DN encoded")
	}
	raw := append(idsHex(t, "00000000 DCA740C8C042101AB4B908002B2FE182 01000000 00000000"), append([]byte(long), 0)...)
	if _, err := mapi.ParseEntryID(raw); err == nil {
		t.Error("over-long DN decoded")
	}
	if _, err := mapi.NewOneOffEntryID(strings.Repeat("é", mapi.MaxEntryIDString/2+1), "SMTP", "a@b", 0).AppendBinary(nil); err == nil {
		t.Error("over-long UTF-16 name encoded")
	}
	if _, err := mapi.NewOneOffEntryID("a\x00b", "SMTP", "a@b", 0).AppendBinary(nil); err == nil {
		t.Error("NUL in a string encoded")
	}
	pub := mapi.NewPublicStoreEntryID("S")
	pub.MailboxDN = "/o=x"
	if _, err := pub.AppendBinary(nil); err == nil {
		t.Error("MailboxDN on a public store entry ID encoded")
	}
	if _, err := (&mapi.FolderEntryID{GlobalCounter: 1 << 48}).AppendBinary(nil); !errors.Is(err, mapi.ErrCounterRange) {
		t.Errorf("oversized counter: %v", err)
	}
}

func FuzzEntryID(f *testing.F) {
	for _, c := range idsEntryIDCases(f) {
		f.Add(c.wire)
	}
	for _, v := range idsVectors(f, "entryid") {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := mapi.ParseEntryID(b)
		if err != nil {
			return
		}
		_ = e.String()
		enc, err := e.AppendBinary(nil)
		if err != nil {
			t.Fatalf("encode of decoded %T: %v", e, err)
		}
		e2, err := mapi.ParseEntryID(enc)
		if err != nil {
			t.Fatalf("re-decode of %T: %v", e, err)
		}
		if !reflect.DeepEqual(e, e2) {
			t.Fatalf("round trip:\n%#v\n%#v", e, e2)
		}
		// Every field is kept, so the bytes round-trip exactly, except
		// UTF-16 strings with unpaired surrogates (decoded as U+FFFD).
		if o, ok := e.(*mapi.OneOffEntryID); ok && strings.ContainsRune(o.DisplayName+o.AddressType+o.EmailAddress, '\uFFFD') {
			return
		}
		if !bytes.Equal(enc, b) {
			t.Fatalf("%T bytes changed:\n in % X\nout % X", e, b, enc)
		}
	})
}

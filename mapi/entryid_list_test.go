package mapi_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/oxkit/oxkit/mapi"
)

// [MS-OXCDATA] 2.3.3: Count, Size (including the padding between entries),
// then FlatEntry structures (2.3.2) aligned on 4 bytes.
func TestFlatEntryList(t *testing.T) {
	l := mapi.FlatEntryList{idsHex(t, "0102030405"), idsHex(t, "AABBCCDD"), idsHex(t, "EE")}
	want := idsHex(t, `03000000 19000000
		05000000 0102030405 000000
		04000000 AABBCCDD
		01000000 EE`)
	b, err := l.AppendBinary(nil)
	if err != nil || !bytes.Equal(b, want) {
		t.Fatalf("encode = % X, %v\nwant % X", b, err, want)
	}
	back, err := mapi.ParseFlatEntryList(b)
	if err != nil || !reflect.DeepEqual(back, l) {
		t.Fatalf("decode = %v, %v", back, err)
	}
	// Padding after the last entry, counted in Size, is accepted.
	padded := idsHex(t, "01000000 08000000 01000000 EE 000000")
	if p, err := mapi.ParseFlatEntryList(padded); err != nil || len(p) != 1 || !bytes.Equal(p[0], []byte{0xEE}) {
		t.Errorf("trailing padding: %v, %v", p, err)
	}
	empty, err := mapi.ParseFlatEntryList(idsHex(t, "00000000 00000000"))
	if err != nil || len(empty) != 0 {
		t.Errorf("empty: %v, %v", empty, err)
	}
	for _, bad := range []string{
		"01000000",                                      // truncated header
		"01000000 09000000 01000000 EE 000000",          // Size larger than the rest
		"FFFFFF7F 04000000 00000000",                    // count beyond the bytes
		"01000000 08000000 09000000 EEEEEEEE",           // entry size beyond the rest
		"02000000 08000000 01000000 EE 000000",          // second entry missing
		"01000000 0C000000 01000000 EE 000000 00000000", // bytes after the last entry
	} {
		if _, err := mapi.ParseFlatEntryList(idsHex(t, bad)); err == nil {
			t.Errorf("ParseFlatEntryList(%s) succeeded", bad)
		}
	}
}

// [MS-OXCDATA] 2.3.1: EntryCount, Pad, (EntryLength, pad) pairs, then the
// entry IDs end to end.
func TestEntryList(t *testing.T) {
	l := mapi.EntryList{idsHex(t, "0102"), idsHex(t, "030405")}
	want := idsHex(t, "02000000 00000000  02000000 00000000  03000000 00000000  0102 030405")
	b, err := l.AppendBinary(nil)
	if err != nil || !bytes.Equal(b, want) {
		t.Fatalf("encode = % X, %v", b, err)
	}
	// The pad fields can be any value.
	in := idsHex(t, "02000000 DEADBEEF  02000000 11111111  03000000 22222222  0102 030405")
	back, err := mapi.ParseEntryList(in)
	if err != nil || !reflect.DeepEqual(back, l) {
		t.Fatalf("decode = %v, %v", back, err)
	}
	for _, bad := range []string{
		"02000000",
		"02000000 00000000 02000000 00000000",
		"01000000 00000000 05000000 00000000 0102",
		"01000000 00000000 01000000 00000000 0102",
		"FFFFFFFF 00000000",
	} {
		if _, err := mapi.ParseEntryList(idsHex(t, bad)); err == nil {
			t.Errorf("ParseEntryList(%s) succeeded", bad)
		}
	}
}

func FuzzFlatEntryList(f *testing.F) {
	f.Add(idsHex(f, "03000000 19000000 05000000 0102030405 000000 04000000 AABBCCDD 01000000 EE"))
	f.Add(idsHex(f, "01000000 08000000 01000000 EE 000000"))
	f.Add(idsHex(f, "02000000 00000000 02000000 00000000 03000000 00000000 0102 030405"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if l, err := mapi.ParseFlatEntryList(b); err == nil {
			enc, err := l.AppendBinary(nil)
			if err != nil {
				t.Fatal(err)
			}
			l2, err := mapi.ParseFlatEntryList(enc)
			if err != nil || !reflect.DeepEqual(l, l2) {
				t.Fatalf("FlatEntryList round trip: %v, %v", l2, err)
			}
		}
		if l, err := mapi.ParseEntryList(b); err == nil {
			enc, err := l.AppendBinary(nil)
			if err != nil {
				t.Fatal(err)
			}
			l2, err := mapi.ParseEntryList(enc)
			if err != nil || !reflect.DeepEqual(l, l2) {
				t.Fatalf("EntryList round trip: %v, %v", l2, err)
			}
		}
	})
}

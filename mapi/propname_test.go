package mapi

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/internal/wire"
)

func propNameCases(t testing.TB) []struct {
	name string
	pn   PropertyName
	hex  string
} {
	pubStrings := vtGUID(t, "{00020329-0000-0000-C000-000000000046}") // PS_PUBLIC_STRINGS
	common := vtGUID(t, "{00062008-0000-0000-C000-000000000046}")     // PSETID_Common
	return []struct {
		name string
		pn   PropertyName
		hex  string
	}{
		{"lid", PropertyName{Kind: NameKindID, GUID: common, LID: 0x8580},
			"00 0820060000000000C000000000000046 80850000"},
		{"string", PropertyName{Kind: NameKindString, GUID: pubStrings, Name: "Keywords"},
			"01 2903020000000000C000000000000046 12 4B00650079007700 6F0072006400730000 00"},
		{"empty string", PropertyName{Kind: NameKindString, GUID: pubStrings},
			"01 2903020000000000C000000000000046 02 0000"},
		{"none", PropertyName{Kind: NameKindNone}, "FF"},
	}
}

// TestPropertyName checks the PropertyName layout of [MS-OXCDATA] 2.6.1:
// NameSize counts the UTF-16LE bytes of Name including the terminator;
// Kind 0xFF carries nothing else ([MS-OXCPRPT] 3.2.5.9).
func TestPropertyName(t *testing.T) {
	for _, c := range propNameCases(t) {
		want := vtHex(t, c.hex)
		b, err := AppendPropertyName([]byte{9}, c.pn)
		if err != nil || !bytes.Equal(b[1:], want) {
			t.Fatalf("%s: % X %v", c.name, b, err)
		}
		got, n, err := ParsePropertyName(append(want, 0x77))
		if err != nil || n != len(want) || !reflect.DeepEqual(got, c.pn) {
			t.Fatalf("%s: %#v %d %v", c.name, got, n, err)
		}
	}
}

func TestPropertyNameLimits(t *testing.T) {
	ok := PropertyName{Kind: NameKindString, Name: strings.Repeat("x", 126)} // 252+2 bytes
	b, err := AppendPropertyName(nil, ok)
	if err != nil || b[17] != 254 {
		t.Fatalf("126 units: %v", err)
	}
	long := PropertyName{Kind: NameKindString, Name: strings.Repeat("x", 127)}
	if _, err := AppendPropertyName(nil, long); err == nil || !strings.HasPrefix(err.Error(), "mapi: ") {
		t.Fatalf("127 units accepted: %v", err)
	}
	if _, err := AppendPropertyName(nil, PropertyName{Kind: 7}); err == nil {
		t.Fatal("unknown kind accepted")
	}
	g := "0820060000000000C000000000000046"
	bad := []struct {
		name, hex string
		off       int
	}{
		{"empty", "", 0},
		{"unknown kind", "05", 1},
		{"short guid", "00 0820", 1},
		{"short lid", "00 " + g + " 8085", 17},
		{"odd size", "01 " + g + " 03 410000", 18},
		{"zero size", "01 " + g + " 00", 18},
		{"size beyond data", "01 " + g + " 08 41000000", 18},
		{"no terminator", "01 " + g + " 04 41004200", 22},
	}
	for _, c := range bad {
		_, _, err := ParsePropertyName(vtHex(t, c.hex))
		var we *wire.Error
		if !errors.As(err, &we) || we.Offset != c.off {
			t.Fatalf("%s: %v", c.name, err)
		}
	}
}

// FuzzPropertyName checks that PropertyName encoding is a fixed point and,
// for names without unpaired surrogates, byte-exact.
func FuzzPropertyName(f *testing.F) {
	for _, c := range propNameCases(f) {
		f.Add(vtHex(f, c.hex))
	}
	for _, v := range loadVectors(f, "propname") {
		f.Add(v.data)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		pn, n, err := ParsePropertyName(b)
		if err != nil {
			return
		}
		b1, err := AppendPropertyName(nil, pn)
		if err != nil {
			t.Fatalf("re-encode %#v: %v", pn, err)
		}
		pn2, n2, err := ParsePropertyName(b1)
		if err != nil || n2 != len(b1) || !reflect.DeepEqual(pn, pn2) {
			t.Fatalf("round trip: %#v → %#v (%v)", pn, pn2, err)
		}
		if !strings.ContainsRune(pn.Name, '\uFFFD') && !bytes.Equal(b1, b[:n]) {
			t.Fatalf("re-encoding differs:\n% X\n% X", b1, b[:n])
		}
	})
}

func TestPropertyNameR(t *testing.T) {
	pn := PropertyName{Kind: NameKindID, GUID: vtGUID(t, "{00062008-0000-0000-C000-000000000046}"), LID: 0x8580}
	want := vtHex(t, "0820060000000000C000000000000046 00000000 80850000")
	b, err := AppendPropertyNameR(nil, pn)
	if err != nil || !bytes.Equal(b, want) {
		t.Fatalf("% X %v", b, err)
	}
	got, n, err := ParsePropertyNameR(want)
	if err != nil || n != 24 || got != pn {
		t.Fatal(got, n, err)
	}
	if _, err := AppendPropertyNameR(nil, PropertyName{Kind: NameKindString, Name: "x"}); err == nil {
		t.Fatal("string name accepted")
	}
	if _, _, err := ParsePropertyNameR(want[:23]); err == nil {
		t.Fatal("short buffer accepted")
	}
}

func TestPropertyNameString(t *testing.T) {
	g := vtGUID(t, "{00062008-0000-0000-C000-000000000046}")
	cases := map[string]string{
		PropertyName{Kind: NameKindID, GUID: g, LID: 0x8580}.String():          "{00062008-0000-0000-C000-000000000046}:0x8580",
		PropertyName{Kind: NameKindString, GUID: g, Name: "Keywords"}.String(): `{00062008-0000-0000-C000-000000000046}:"Keywords"`,
		PropertyName{Kind: NameKindNone}.String():                              "None",
		NameKind(7).String():         "NameKind(0x07)",
		RecipientSMTP.String():       "SMTP",
		RecipientRowType(9).String(): "RecipientRowType(0x09)",
	}
	for got, want := range cases {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

package mapi

import (
	"bytes"
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/oxkit/oxkit/internal/wire"
)

// vtHex decodes a hex dump as printed in the specs: offsets ("0010:"),
// spaces and the dash between the eighth and ninth byte are ignored.
func vtHex(t testing.TB, s string) []byte {
	t.Helper()
	var sb strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if i := strings.Index(line, ":"); i >= 0 {
			line = line[i+1:]
		}
		line = strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(line)
		sb.WriteString(line)
	}
	b, err := hex.DecodeString(sb.String())
	if err != nil {
		t.Fatalf("dehex: %v", err)
	}
	return b
}

// vtGUID parses a GUID for tests.
func vtGUID(t testing.TB, s string) GUID {
	t.Helper()
	g, err := ParseGUID(s)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestSpecTaggedPropertyValues decodes and re-encodes the PropertyValues of
// the RopSetProperties request of [MS-OXCPRPT] 4.2.1 (two
// TaggedPropertyValue structures, [MS-OXCDATA] 2.11.4).
func TestSpecTaggedPropertyValues(t *testing.T) {
	// 0000: 0A 00 00 24 00 02 00 1F-00 3D 00 00 00 1F 00 1D
	// 0010: 0E 48 00 65 00 6C 00 6C-00 6F 00 20 00 57 00 6F
	// 0020: 00 72 00 6C 00 64 00 00-00
	full := vtHex(t, `0000: 0A 00 00 24 00 02 00 1F-00 3D 00 00 00 1F 00 1D
0010: 0E 48 00 65 00 6C 00 6C-00 6F 00 20 00 57 00 6F
0020: 00 72 00 6C 00 64 00 00-00`)
	vals := full[7:] // after RopId, LogonId, InputHandleIndex, PropertyValueSize, PropertyValueCount
	want := []PropValue{
		{Tag: 0x003D001F, Value: ""},            // PidTagSubjectPrefix
		{Tag: 0x0E1D001F, Value: "Hello World"}, // PidTagNormalizedSubject
	}
	var got []PropValue
	for off := 0; off < len(vals); {
		pv, n, err := ParseTaggedPropertyValue16(vals[off:])
		if err != nil {
			t.Fatalf("MS-OXCPRPT 4.2.1: offset %d: %v", off, err)
		}
		got = append(got, pv)
		off += n
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("MS-OXCPRPT 4.2.1: got %#v, want %#v", got, want)
	}
	var enc []byte
	for _, pv := range want {
		var err error
		if enc, err = AppendTaggedPropertyValue16(enc, pv); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(enc, vals) {
		t.Fatalf("MS-OXCPRPT 4.2.1: encoded % X, want % X", enc, vals)
	}
	if len(vals)+2 != 0x24 { // PropertyValueSize covers the count and the values
		t.Fatalf("PropertyValueSize mismatch: %d", len(vals)+2)
	}
}

// valueCase is one value with its 16-bit and 32-bit encodings.
type valueCase struct {
	name   string
	typ    PropType
	v      any
	wire16 string // hex
	wire32 string // hex; "" means the same as wire16
}

func valueCases(t testing.TB) []valueCase {
	guid := vtGUID(t, "{00020329-0000-0000-C000-000000000046}") // PS_PUBLIC_STRINGS
	guidHex := "2903020000000000C000000000000046"
	when := time.Date(2026, 11, 28, 12, 34, 56, 789012300, time.UTC)
	ft, err := TimeToFiletime(when)
	if err != nil {
		t.Fatal(err)
	}
	ftHex := hex.EncodeToString(wire.AppendUint64(nil, ft))
	return []valueCase{
		{"null", PtypNull, nil, "", ""},
		{"int16", PtypInteger16, int16(-2), "FEFF", ""},
		{"int32", PtypInteger32, int32(0x12345678), "78563412", ""},
		{"float32", PtypFloating32, float32(1.5), "0000C03F", ""},
		{"float64", PtypFloating64, float64(-2.25), "00000000000002C0", ""},
		{"currency", PtypCurrency, Currency(123456789), "15CD5B0700000000", ""},
		{"floatingtime", PtypFloatingTime, FloatingTime(5.25), "0000000000001540", ""},
		{"errorcode", PtypErrorCode, ErrorCode(0x8004010F), "0F010480", ""},
		{"bool true", PtypBoolean, true, "01", ""},
		{"bool false", PtypBoolean, false, "00", ""},
		{"object", PtypObject, uint32(7), "07000000", ""},
		{"int64", PtypInteger64, int64(-1), "FFFFFFFFFFFFFFFF", ""},
		{"string8", PtypString8, "Hi\xE9", "4869E900", ""},
		{"string", PtypString, "Hé€😀", "4800E900AC203DD800DE0000", ""},
		{"string empty", PtypString, "", "0000", ""},
		{"time", PtypTime, when, ftHex, ""},
		{"guid", PtypGuid, guid, guidHex, ""},
		{"serverid ours", PtypServerId, ServerID{Ours: true, FolderID: 0x0102030405060708, MessageID: 0x1112131415161718, Instance: 3},
			"1500" + "01" + "0807060504030201" + "1817161514131211" + "03000000", ""},
		{"serverid client", PtypServerId, ServerID{Raw: []byte{0xAA, 0xBB}}, "0300" + "00" + "AABB", ""},
		{"binary", PtypBinary, []byte{1, 2, 3}, "0300010203", "03000000010203"},
		{"binary empty", PtypBinary, []byte{}, "0000", "00000000"},
		{"mv int16", PtypMultipleInteger16, []int16{1, -1}, "02000100FFFF", "020000000100FFFF"},
		{"mv int32", PtypMultipleInteger32, []int32{1, 2}, "02000100000002000000", "0200000001000000" + "02000000"},
		{"mv float32", PtypMultipleFloating32, []float32{1.5}, "01000000C03F", "010000000000C03F"},
		{"mv float64", PtypMultipleFloating64, []float64{-2.25}, "010000000000000002C0", "0100000000000000000002C0"},
		{"mv currency", PtypMultipleCurrency, []Currency{1}, "01000100000000000000", "010000000100000000000000"},
		{"mv floatingtime", PtypMultipleFloatingTime, []FloatingTime{5.25}, "01000000000000001540", "010000000000000000001540"},
		{"mv int64", PtypMultipleInteger64, []int64{2}, "01000200000000000000", "010000000200000000000000"},
		{"mv string8", PtypMultipleString8, []string{"a", ""}, "0200610000", "020000006100" + "00"},
		{"mv string", PtypMultipleString, []string{"a", "b"}, "020061000000620000 00", "02000000610000006200 0000"},
		{"mv time", PtypMultipleTime, []time.Time{when}, "0100" + ftHex, "01000000" + ftHex},
		{"mv guid", PtypMultipleGuid, []GUID{guid}, "0100" + guidHex, "01000000" + guidHex},
		{"mv binary", PtypMultipleBinary, [][]byte{{1}, {}}, "0200" + "010001" + "0000", "02000000" + "0100000001" + "00000000"},
		{"mv empty", PtypMultipleInteger32, []int32{}, "0000", "00000000"},
		{"mvi string", PtypMultipleString | MultiInstanceFlag, "x", "78000000", ""},
		{"rule actions", PtypRuleAction, RuleActions{Actions: []ActionBlock{{Type: OpDelete, Data: RawActionData{}}}},
			"0100" + "0900" + "0A" + "00000000" + "00000000",
			"01000000" + "09000000" + "0A" + "00000000" + "00000000"},
	}
}

// TestPropertyValueRoundTrip encodes a distinctive value of every property
// type in both widths, checks the bytes, and decodes them back.
func TestPropertyValueRoundTrip(t *testing.T) {
	for _, c := range valueCases(t) {
		for _, w := range []struct {
			name  string
			hex   string
			parse func([]byte, PropType) (any, int, error)
			app   func([]byte, PropType, any) ([]byte, error)
		}{
			{"16", c.wire16, ParsePropertyValue16, AppendPropertyValue16},
			{"32", c.wire32, ParsePropertyValue32, AppendPropertyValue32},
		} {
			h := w.hex
			if h == "" {
				h = c.wire16
			}
			want := vtHex(t, h)
			t.Run(c.name+"/"+w.name, func(t *testing.T) {
				enc, err := w.app([]byte{0xEE}, c.typ, c.v)
				if err != nil {
					t.Fatalf("append: %v", err)
				}
				if !bytes.Equal(enc[1:], want) || enc[0] != 0xEE {
					t.Fatalf("append: % X, want EE % X", enc, want)
				}
				// Trailing bytes must be left unread.
				got, n, err := w.parse(append(append([]byte{}, want...), 0x99), c.typ)
				if err != nil {
					t.Fatalf("parse: %v", err)
				}
				if n != len(want) {
					t.Fatalf("parse read %d bytes, want %d", n, len(want))
				}
				if !reflect.DeepEqual(got, c.v) {
					t.Fatalf("parse: %#v, want %#v", got, c.v)
				}
			})
		}
	}
}

// TestTypedAndTaggedValues checks the TypedPropertyValue (2.11.3) and
// TaggedPropertyValue (2.11.4) framing in both widths.
func TestTypedAndTaggedValues(t *testing.T) {
	for _, c := range valueCases(t) {
		b, err := AppendTypedPropertyValue16(nil, c.typ, c.v)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		typ, v, n, err := ParseTypedPropertyValue16(b)
		if err != nil || typ != c.typ || n != len(b) || !reflect.DeepEqual(v, c.v) {
			t.Fatalf("%s typed16: %v %v %#v %d %v", c.name, typ, c.v, v, n, err)
		}
		b, err = AppendTypedPropertyValue32(nil, c.typ, c.v)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		typ, v, n, err = ParseTypedPropertyValue32(b)
		if err != nil || typ != c.typ || n != len(b) || !reflect.DeepEqual(v, c.v) {
			t.Fatalf("%s typed32: %v %#v %d %v", c.name, typ, v, n, err)
		}
		pv := PropValue{Tag: NewPropTag(0x8001, c.typ), Value: c.v}
		b, err = AppendTaggedPropertyValue32(nil, pv)
		if err != nil {
			t.Fatal(err)
		}
		got, n, err := ParseTaggedPropertyValue32(b)
		if err != nil || n != len(b) || !reflect.DeepEqual(got, pv) {
			t.Fatalf("%s tagged32: %#v %d %v", c.name, got, n, err)
		}
	}
}

func TestPropertyValueEncodeErrors(t *testing.T) {
	cases := []struct {
		name    string
		typ     PropType
		v       any
		w16     bool
		wantErr any // pointer to the error type expected
	}{
		{"int32 as int", PtypInteger32, 5, true, new(*TypeError)},
		{"string as []byte", PtypString, []byte("x"), true, new(*TypeError)},
		{"nil for int16", PtypInteger16, nil, true, new(*TypeError)},
		{"value for null", PtypNull, int32(1), true, new(*TypeError)},
		{"nil restriction", PtypRestriction, nil, true, new(*TypeError)},
		{"mv string8 of []byte", PtypMultipleString8, [][]byte{}, true, new(*TypeError)},
		{"binary 65536 bytes", PtypBinary, make([]byte, 65536), true, new(*ValueError)},
		{"mv int16 65536 values", PtypMultipleInteger16, make([]int16, 65536), true, new(*ValueError)},
		{"NUL in string", PtypString, "a\x00b", true, new(*ValueError)},
		{"NUL in string8", PtypMultipleString8, []string{"ok", "a\x00"}, false, new(*ValueError)},
		{"time before 1601", PtypTime, time.Date(1600, 12, 31, 0, 0, 0, 0, time.UTC), true, new(*ValueError)},
		{"zero time", PtypMultipleTime, []time.Time{{}}, false, new(*ValueError)},
		{"unspecified", PtypUnspecified, int32(1), true, new(*ValueError)},
		{"unknown type", PropType(0x0099), int32(1), false, new(*ValueError)},
		{"rule action wrong data", PtypRuleAction, RuleActions{Actions: []ActionBlock{{Type: OpTag, Data: TagAction{Prop: PropValue{Tag: 0x0E070003, Value: "x"}}}}}, true, new(*TypeError)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			prefix := []byte{1, 2}
			var out []byte
			var err error
			if c.w16 {
				out, err = AppendPropertyValue16(prefix, c.typ, c.v)
			} else {
				out, err = AppendPropertyValue32(prefix, c.typ, c.v)
			}
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.As(err, c.wantErr) {
				t.Fatalf("error %T %v, want %T", err, err, c.wantErr)
			}
			if !bytes.Equal(out, prefix) {
				t.Fatalf("buffer changed on error: % X", out)
			}
			if !strings.HasPrefix(err.Error(), "mapi: ") {
				t.Fatalf("error lacks package prefix: %v", err)
			}
		})
	}
	// Typed and tagged framing leave the buffer alone on error too.
	if out, err := AppendTypedPropertyValue16([]byte{1}, PtypInteger32, "x"); err == nil || len(out) != 1 {
		t.Fatalf("typed: % X %v", out, err)
	}
	if out, err := AppendTaggedPropertyValue32([]byte{1}, PropValue{Tag: 0x0E080003, Value: "x"}); err == nil || len(out) != 1 {
		t.Fatalf("tagged: % X %v", out, err)
	}
	// The 32-bit width takes what the 16-bit width refuses.
	if _, err := AppendPropertyValue32(nil, PtypBinary, make([]byte, 65536)); err != nil {
		t.Fatal(err)
	}
}

func TestPropertyValueDecodeErrors(t *testing.T) {
	cases := []struct {
		name    string
		typ     PropType
		b       string
		w16     bool
		wantOff int
	}{
		{"short int32", PtypInteger32, "010203", true, 0},
		{"short int64", PtypInteger64, "01020304050607", false, 0},
		{"binary count beyond data", PtypBinary, "0500010203", true, 2},
		{"binary 32 count beyond data", PtypBinary, "05000000010203", false, 4},
		{"huge mv count", PtypMultipleInteger64, "FFFFFFFF00", false, 4},
		{"mv string8 count", PtypMultipleString8, "0300610000", true, 5},
		{"string8 no NUL", PtypString8, "414243", true, 0},
		{"string no NUL", PtypString, "41004200", true, 0},
		{"string odd tail", PtypString, "410000", true, 0},
		{"mv string missing NUL", PtypMultipleString, "0200610000006200", true, 6},
		{"guid short", PtypGuid, "0102", true, 0},
		{"serverid ours short", PtypServerId, "0300010203", true, 2},
		{"serverid bad ours", PtypServerId, "02000201", true, 2},
		{"serverid count beyond", PtypServerId, "0900000102", true, 2},
		{"unspecified", PtypUnspecified, "00", true, 0},
		{"unknown type", PropType(0x0099), "00", true, 0},
		{"rule action count", PtypRuleAction, "0500", true, 2},
		{"rule action short length", PtypRuleAction, "0100 0300 0A0000000000000000", true, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			if c.w16 {
				_, _, err = ParsePropertyValue16(vtHex(t, c.b), c.typ)
			} else {
				_, _, err = ParsePropertyValue32(vtHex(t, c.b), c.typ)
			}
			var we *wire.Error
			if !errors.As(err, &we) {
				t.Fatalf("error %T %v, want *wire.Error", err, err)
			}
			if we.Offset != c.wantOff {
				t.Fatalf("offset %d, want %d (%v)", we.Offset, c.wantOff, err)
			}
			if !strings.Contains(err.Error(), "mapi: ") {
				t.Fatalf("error lacks package prefix: %v", err)
			}
		})
	}
}

// TestStringDecoding covers UTF-16 corner cases: surrogate pairs, unpaired
// surrogates (U+FFFD) and a decode/encode/decode fixed point.
func TestStringDecoding(t *testing.T) {
	cases := []struct{ hex, want string }{
		{"3DD800DE0000", "😀"},
		{"3DD841000000", "\uFFFDA"},
		{"00DE0000", "\uFFFD"},
		{"3DD80000", "\uFFFD"},
		{"E9000000", "é"},
		{"FFFF0000", "\uFFFF"},
	}
	for _, c := range cases {
		v, _, err := ParsePropertyValue16(vtHex(t, c.hex), PtypString)
		if err != nil || v != c.want {
			t.Fatalf("%s: %q %v, want %q", c.hex, v, err, c.want)
		}
		if s := wire.DecodeUTF16(vtHex(t, c.hex)[:len(c.hex)/2-2]); s != c.want {
			t.Fatalf("%s: wire.DecodeUTF16 %q disagrees with %q", c.hex, s, c.want)
		}
	}
}

func TestFlaggedPropertyValue(t *testing.T) {
	cases := []struct {
		name string
		typ  PropType
		v    any
		hex  string
	}{
		{"present", PtypInteger32, int32(5), "00 05000000"},
		{"absent", PtypString, Absent{}, "01"},
		{"error", PtypBinary, ErrorValue(0x8004010F), "0A 0F010480"},
		{"errorcode value", PtypErrorCode, ErrorCode(0x80040102), "00 02010480"},
		{"errorcode column error", PtypErrorCode, ErrorValue(0x80040102), "0A 02010480"},
	}
	for _, c := range cases {
		b, err := AppendFlaggedPropertyValue16(nil, c.typ, c.v)
		if err != nil || !bytes.Equal(b, vtHex(t, c.hex)) {
			t.Fatalf("%s: % X %v", c.name, b, err)
		}
		v, n, err := ParseFlaggedPropertyValue16(b, c.typ)
		if err != nil || n != len(b) || !reflect.DeepEqual(v, c.v) {
			t.Fatalf("%s: %#v %d %v", c.name, v, n, err)
		}
		b, err = AppendFlaggedPropertyValueWithType32(nil, c.typ, c.v)
		if err != nil {
			t.Fatal(err)
		}
		typ, v, n, err := ParseFlaggedPropertyValueWithType32(b)
		if err != nil || typ != c.typ || n != len(b) || !reflect.DeepEqual(v, c.v) {
			t.Fatalf("%s with type: %v %#v %d %v", c.name, typ, v, n, err)
		}
	}
	if _, _, err := ParseFlaggedPropertyValue16([]byte{0x02, 0, 0, 0, 0}, PtypInteger32); err == nil {
		t.Fatal("flag 0x02 accepted")
	}
	if s := ErrorValue(0x8004010F).String(); !strings.HasPrefix(s, "error ") {
		t.Fatalf("ErrorValue.String = %q", s)
	}
}

// FuzzTaggedPropertyValue decodes a TaggedPropertyValue in both widths and
// checks that encoding is a fixed point: encode(decode(x)) decodes and
// re-encodes to the same bytes.
func FuzzTaggedPropertyValue(f *testing.F) {
	for _, c := range valueCases(f) {
		pv := PropValue{Tag: NewPropTag(0x1234, c.typ), Value: c.v}
		if b, err := AppendTaggedPropertyValue16(nil, pv); err == nil {
			f.Add(b)
		}
		if b, err := AppendTaggedPropertyValue32(nil, pv); err == nil {
			f.Add(b)
		}
	}
	f.Add(vtHex(f, "1F003D0000001F001D0E480065006C006C006F00200057006F0072006C0064000000"))
	for _, v := range loadVectors(f, "propvalue") {
		f.Add(v.data)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, w := range []struct {
			parse func([]byte) (PropValue, int, error)
			app   func([]byte, PropValue) ([]byte, error)
		}{
			{ParseTaggedPropertyValue16, AppendTaggedPropertyValue16},
			{ParseTaggedPropertyValue32, AppendTaggedPropertyValue32},
		} {
			pv, n, err := w.parse(b)
			if err != nil {
				continue
			}
			if n > len(b) {
				t.Fatalf("read %d of %d bytes", n, len(b))
			}
			b1, err := w.app(nil, pv)
			if err != nil {
				// Decoded strings may hold a NUL only if it was there; a
				// decoded value must always re-encode.
				t.Fatalf("re-encode %#v: %v", pv, err)
			}
			pv2, n2, err := w.parse(b1)
			if err != nil || n2 != len(b1) {
				t.Fatalf("re-parse: %d/%d %v", n2, len(b1), err)
			}
			b2, err := w.app(nil, pv2)
			if err != nil || !bytes.Equal(b1, b2) {
				t.Fatalf("not a fixed point:\n% X\n% X (%v)", b1, b2, err)
			}
		}
	})
}

// TestRestrictionValue round-trips a PtypRestriction value, which nests a
// Restriction ([MS-OXCDATA] 2.12) whose counts follow the value's width.
func TestRestrictionValue(t *testing.T) {
	var res Restriction = AndRestriction{Restricts: []Restriction{
		ExistRestriction{PropTag: 0x0E1B000B},
		PropertyRestriction{RelOp: RelOpEqual, PropTag: 0x0037001F, Value: PropValue{Tag: 0x0037001F, Value: "x"}},
	}}
	for _, c := range []struct {
		name  string
		hex   string
		app   func([]byte, PropType, any) ([]byte, error)
		parse func([]byte, PropType) (any, int, error)
	}{
		{"16", "00 0200 08 0B001B0E 04 04 1F003700 1F003700 78000000", AppendPropertyValue16, ParsePropertyValue16},
		{"32", "00 02000000 08 0B001B0E 04 04 1F003700 1F003700 78000000", AppendPropertyValue32, ParsePropertyValue32},
	} {
		want := vtHex(t, c.hex)
		b, err := c.app(nil, PtypRestriction, res)
		if err != nil || !bytes.Equal(b, want) {
			t.Fatalf("%s: % X %v", c.name, b, err)
		}
		v, n, err := c.parse(append(want, 0xFF), PtypRestriction)
		if err != nil || n != len(want) || !reflect.DeepEqual(v, res) {
			t.Fatalf("%s: %#v %d %v", c.name, v, n, err)
		}
	}
	// A broken nested restriction is reported at the value's offset.
	_, _, err := ParsePropertyValue16(vtHex(t, "00 0200 08"), PtypRestriction)
	var we *wire.Error
	if !errors.As(err, &we) || we.Offset != 0 {
		t.Fatalf("nested error: %v", err)
	}
}

// TestMultiInstanceTypes checks that the multi-instance flag selects the
// single-valued encoding only on known multi-valued types.
func TestMultiInstanceTypes(t *testing.T) {
	if v, _, err := ParsePropertyValue16(vtHex(t, "41000000"), PtypMultipleString|MultiInstanceFlag); err != nil || v != "A" {
		t.Fatal(v, err)
	}
	for _, typ := range []PropType{0x30FD, 0x20FD, 0x2003, 0x30FE} {
		if _, _, err := ParsePropertyValue16(vtHex(t, "0000000000"), typ); err == nil {
			t.Fatalf("%v accepted", typ)
		}
		if _, err := AppendPropertyValue16(nil, typ, int32(0)); err == nil {
			t.Fatalf("%v encoded", typ)
		}
	}
}

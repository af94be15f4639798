package mapi

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// resHex decodes a hex string that may contain spaces, dashes and newlines.
func resHex(t testing.TB, s string) []byte {
	t.Helper()
	s = strings.NewReplacer(" ", "", "-", "", "\n", "", "\t", "").Replace(s)
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

// Tags used by the restriction tests ([MS-OXPROPS]).
const (
	tagSubject           PropTag = 0x0037001F // PidTagSubject
	tagImportance        PropTag = 0x00170003 // PidTagImportance
	tagMessageFlags      PropTag = 0x0E070003 // PidTagMessageFlags
	tagMessageSize       PropTag = 0x0E080003 // PidTagMessageSize
	tagMessageRecipients PropTag = 0x0E12000D // PidTagMessageRecipients
	tagMessageAttach     PropTag = 0x0E13000D // PidTagMessageAttachments
	tagEmailAddress      PropTag = 0x3003001F // PidTagEmailAddress
	tagDisplayTo         PropTag = 0x0E04001F // PidTagDisplayTo
	tagEntryID           PropTag = 0x0FFF0102 // PidTagEntryId
	tagMVKeywords        PropTag = 0x8001101F // a named multi-valued string (mapped ID)
	tagAttachFilename    PropTag = 0x3707001F // PidTagAttachLongFilename
)

// restrictionVector is one restriction with its exact encodings. Bytes are
// derived by hand from the field layouts of [MS-OXCDATA] 2.12.1–2.12.12
// (hence "layout of" in the names): no restriction byte examples were
// found in [MS-OXCDATA], [MS-OXCTABL], [MS-OXCROPS] or [MS-OXORULE] as
// available to this project, so none are transcribed.
type restrictionVector struct {
	name  string
	r     Restriction
	hex16 string
	hex32 string // "" means identical to hex16
}

var existSubject = ExistRestriction{PropTag: tagSubject}

const existSubjectHex = "08 1F003700"

var restrictionVectors = []restrictionVector{
	{name: "ExistRestriction (layout of MS-OXCDATA 2.12.9)", r: existSubject, hex16: existSubjectHex},
	{name: "BitmaskRestriction BMR_NEZ (layout of MS-OXCDATA 2.12.7)",
		r:     BitmaskRestriction{BitmapRelOp: BitmaskNotEqualZero, PropTag: tagMessageFlags, Mask: 0x00000001},
		hex16: "06 01 0300070E 01000000"},
	{name: "SizeRestriction RELOP_GT (layout of MS-OXCDATA 2.12.8)",
		r:     SizeRestriction{RelOp: RelOpGreaterThan, PropTag: tagMessageSize, Size: 1024},
		hex16: "07 02 0300080E 00040000"},
	{name: "ComparePropertiesRestriction RELOP_EQ (layout of MS-OXCDATA 2.12.6)",
		r:     ComparePropertiesRestriction{RelOp: RelOpEqual, PropTag1: tagDisplayTo, PropTag2: tagSubject},
		hex16: "05 04 1F00040E 1F003700"},
	{name: "PropertyRestriction Int32 (layout of MS-OXCDATA 2.12.5)",
		r:     PropertyRestriction{RelOp: RelOpEqual, PropTag: tagImportance, Value: PropValue{Tag: tagImportance, Value: int32(2)}},
		hex16: "04 04 03001700 03001700 02000000"},
	{name: "PropertyRestriction multi-valued value (layout of MS-OXCDATA 2.12.5)",
		r: PropertyRestriction{RelOp: RelOpEqual, PropTag: tagMVKeywords,
			Value: PropValue{Tag: tagMVKeywords, Value: []string{"a", "b"}}},
		hex16: "04 04 1F100180 1F100180 0200 61000000 62000000",
		hex32: "04 04 1F100180 1F100180 02000000 61000000 62000000"},
	{name: "ContentRestriction string (layout of MS-OXCDATA 2.12.4)",
		r: ContentRestriction{FuzzyLevelLow: FuzzySubstring, FuzzyLevelHigh: FuzzyIgnoreCase, PropTag: tagSubject,
			Value: PropValue{Tag: tagSubject, Value: "Hi"}},
		hex16: "03 0100 0100 1F003700 1F003700 48006900 0000"},
	{name: "ContentRestriction binary (layout of MS-OXCDATA 2.12.4)",
		r: ContentRestriction{FuzzyLevelLow: FuzzyPrefix, PropTag: tagEntryID,
			Value: PropValue{Tag: tagEntryID, Value: []byte{0xAA, 0xBB}}},
		hex16: "03 0200 0000 0201FF0F 0201FF0F 0200 AABB",
		hex32: "03 0200 0000 0201FF0F 0201FF0F 02000000 AABB"},
	{name: "AndRestriction (layout of MS-OXCDATA 2.12.1)",
		r:     AndRestriction{Restricts: []Restriction{existSubject, ExistRestriction{PropTag: tagImportance}}},
		hex16: "00 0200 " + existSubjectHex + " 08 03001700",
		hex32: "00 02000000 " + existSubjectHex + " 08 03001700"},
	{name: "OrRestriction empty (layout of MS-OXCDATA 2.12.2)",
		r:     OrRestriction{Restricts: []Restriction{}},
		hex16: "01 0000",
		hex32: "01 00000000"},
	{name: "NotRestriction (layout of MS-OXCDATA 2.12.3)",
		r:     NotRestriction{Restriction: existSubject},
		hex16: "02 " + existSubjectHex},
	{name: "SubObjectRestriction (layout of MS-OXCDATA 2.12.10)",
		r: SubObjectRestriction{SubObject: tagMessageRecipients, Restriction: ContentRestriction{
			FuzzyLevelLow: FuzzyFullString, FuzzyLevelHigh: FuzzyIgnoreCase, PropTag: tagEmailAddress,
			Value: PropValue{Tag: tagEmailAddress, Value: "a@b"}}},
		hex16: "09 0D00120E 03 0000 0100 1F000330 1F000330 6100 4000 6200 0000"},
	{name: "CommentRestriction with restriction (layout of MS-OXCDATA 2.12.11)",
		r: CommentRestriction{TaggedValues: []PropValue{{Tag: 0x60000003, Value: int32(7)}},
			Restriction: existSubject},
		hex16: "0A 01 03000060 07000000 01 " + existSubjectHex},
	{name: "CommentRestriction without restriction (layout of MS-OXCDATA 2.12.11)",
		r:     CommentRestriction{},
		hex16: "0A 00 00"},
	{name: "CountRestriction (layout of MS-OXCDATA 2.12.12)",
		r:     CountRestriction{Count: 5, SubRestriction: existSubject},
		hex16: "0B 05000000 " + existSubjectHex},
	{name: "nested And/Or/Not",
		r: AndRestriction{Restricts: []Restriction{
			OrRestriction{Restricts: []Restriction{existSubject}},
			NotRestriction{Restriction: BitmaskRestriction{BitmapRelOp: BitmaskEqualZero, PropTag: tagMessageFlags, Mask: 1}},
		}},
		hex16: "00 0200 01 0100 " + existSubjectHex + " 02 06 00 0300070E 01000000",
		hex32: "00 02000000 01 01000000 " + existSubjectHex + " 02 06 00 0300070E 01000000"},
}

func TestRestrictionVectors(t *testing.T) {
	for _, v := range restrictionVectors {
		for _, wide := range []bool{false, true} {
			h := v.hex16
			name := v.name + "/16"
			if wide {
				name = v.name + "/32"
				if v.hex32 != "" {
					h = v.hex32
				}
			}
			t.Run(name, func(t *testing.T) {
				want := resHex(t, h)
				parse, appendR := ParseRestriction16, AppendRestriction16
				if wide {
					parse, appendR = ParseRestriction32, AppendRestriction32
				}
				// Decode, with trailing bytes that must not be consumed.
				got, n, err := parse(append(append([]byte(nil), want...), 0xEE, 0xFF))
				if err != nil {
					t.Fatalf("parse: %v", err)
				}
				if n != len(want) {
					t.Errorf("parse consumed %d bytes, want %d", n, len(want))
				}
				if !reflect.DeepEqual(got, v.r) {
					t.Errorf("parse:\n got %#v\nwant %#v", got, v.r)
				}
				// Encode, after a prefix that must be kept.
				out, err := appendR([]byte{0x99}, v.r)
				if err != nil {
					t.Fatalf("append: %v", err)
				}
				if out[0] != 0x99 || !bytes.Equal(out[1:], want) {
					t.Errorf("append:\n got % X\nwant % X", out[1:], want)
				}
			})
		}
	}
}

// Pointer nodes encode like values.
func TestAppendRestrictionPointers(t *testing.T) {
	r := &AndRestriction{Restricts: []Restriction{&NotRestriction{Restriction: &existSubject}}}
	got, err := AppendRestriction16(nil, r)
	if err != nil {
		t.Fatal(err)
	}
	want := resHex(t, "00 0100 02 "+existSubjectHex)
	if !bytes.Equal(got, want) {
		t.Errorf("got % X, want % X", got, want)
	}
}

// A zero Value.Tag takes the restriction's PropTag.
func TestAppendRestrictionDefaultValueTag(t *testing.T) {
	r := PropertyRestriction{RelOp: RelOpEqual, PropTag: tagImportance, Value: PropValue{Value: int32(2)}}
	got, err := AppendRestriction16(nil, r)
	if err != nil {
		t.Fatal(err)
	}
	if want := resHex(t, "04 04 03001700 03001700 02000000"); !bytes.Equal(got, want) {
		t.Errorf("got % X, want % X", got, want)
	}
}

// nest wraps leaf in n NotRestrictions.
func nest(n int, leaf Restriction) Restriction {
	r := leaf
	for i := 0; i < n; i++ {
		r = NotRestriction{Restriction: r}
	}
	return r
}

func TestRestrictionDepthLimit(t *testing.T) {
	okTree := nest(MaxRestrictionDepth-1, existSubject) // depth MaxRestrictionDepth
	deep := nest(MaxRestrictionDepth, existSubject)     // one too deep
	for _, wide := range []bool{false, true} {
		parse, appendR := ParseRestriction16, AppendRestriction16
		if wide {
			parse, appendR = ParseRestriction32, AppendRestriction32
		}
		b, err := appendR(nil, okTree)
		if err != nil {
			t.Fatalf("append at the limit: %v", err)
		}
		if _, _, err := parse(b); err != nil {
			t.Fatalf("parse at the limit: %v", err)
		}
		if _, err := appendR(nil, deep); !errors.Is(err, ErrRestrictionDepth) {
			t.Errorf("append too deep: err = %v, want ErrRestrictionDepth", err)
		}
		// Build the too-deep bytes by hand: one more 0x02 in front.
		tooDeep := append([]byte{0x02}, b...)
		_, _, err = parse(tooDeep)
		var re *RestrictionError
		if !errors.As(err, &re) || !errors.Is(err, ErrRestrictionDepth) {
			t.Fatalf("parse too deep: err = %v, want *RestrictionError with ErrRestrictionDepth", err)
		}
		if re.Offset != MaxRestrictionDepth {
			t.Errorf("depth error offset = %d, want %d", re.Offset, MaxRestrictionDepth)
		}
		if _, err := Evaluate(deep, &Bag{}); !errors.Is(err, ErrRestrictionDepth) {
			t.Errorf("Evaluate too deep: err = %v, want ErrRestrictionDepth", err)
		}
	}
}

func TestParseRestrictionErrors(t *testing.T) {
	tests := []struct {
		name   string
		hex    string
		wide   bool
		is     error
		offset int
	}{
		{"unknown type", "0C", false, ErrUnknownRestriction, 0},
		{"unknown type nested", "00 0100 FF 0000", false, ErrUnknownRestriction, 3},
		{"empty", "", false, nil, 0},
		{"And count beyond buffer", "00 FFFF 08", false, nil, 3},
		{"And count beyond buffer 32", "00 FFFFFF7F 08", true, nil, 5},
		{"Comment RestrictionPresent 2", "0A 00 02", false, nil, 2},
		{"nested PtypRestriction value", "04 04 FD000100 FD000100 08 1F003700", false, ErrNestedValue, 6},
		{"nested PtypRuleAction value", "0A 01 FE000100 0000", false, ErrNestedValue, 2},
		{"truncated string value", "03 0000 0000 1F003700 1F003700 4100", false, nil, 13},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			parse := ParseRestriction16
			if tc.wide {
				parse = ParseRestriction32
			}
			r, n, err := parse(resHex(t, tc.hex))
			var re *RestrictionError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v (%T), want *RestrictionError; got r=%#v n=%d", err, err, r, n)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("err = %v, want %v", err, tc.is)
			}
			if re.Offset != tc.offset {
				t.Errorf("offset = %d, want %d (%v)", re.Offset, tc.offset, err)
			}
			if !strings.HasPrefix(err.Error(), "mapi: ") {
				t.Errorf("message %q lacks the package prefix", err)
			}
		})
	}
}

// Every proper prefix of a valid encoding fails cleanly.
func TestParseRestrictionTruncated(t *testing.T) {
	for _, v := range restrictionVectors {
		full := resHex(t, v.hex16)
		for i := 0; i < len(full); i++ {
			if _, _, err := ParseRestriction16(full[:i]); err == nil {
				t.Errorf("%s: prefix of %d/%d bytes parsed without error", v.name, i, len(full))
			}
		}
	}
}

type bogusRestriction struct{}

func (bogusRestriction) RestrictionType() RestrictionType { return 0x42 }

func TestAppendRestrictionErrors(t *testing.T) {
	many := make([]Restriction, 0x10000)
	for i := range many {
		many[i] = existSubject
	}
	manyValues := make([]PropValue, 256)
	for i := range manyValues {
		manyValues[i] = PropValue{Tag: tagImportance, Value: int32(i)}
	}
	tests := []struct {
		name string
		r    Restriction
		wide bool
		is   error
	}{
		{"nil", nil, false, ErrInvalidRestriction},
		{"nil child", NotRestriction{}, false, ErrInvalidRestriction},
		{"nil pointer", (*ExistRestriction)(nil), false, ErrInvalidRestriction},
		{"unknown Go type", AndRestriction{Restricts: []Restriction{bogusRestriction{}}}, false, ErrUnknownRestriction},
		{"too many children for 16 bits", OrRestriction{Restricts: many}, false, nil},
		{"too many comment values", CommentRestriction{TaggedValues: manyValues}, true, nil},
		{"nested restriction value", PropertyRestriction{PropTag: 0x0001000D,
			Value: PropValue{Tag: NewPropTag(1, PtypRestriction), Value: existSubject}}, false, ErrNestedValue},
		{"value of the wrong Go type", PropertyRestriction{PropTag: tagImportance,
			Value: PropValue{Tag: tagImportance, Value: "two"}}, false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			appendR := AppendRestriction16
			if tc.wide {
				appendR = AppendRestriction32
			}
			prefix := []byte{1, 2, 3}
			out, err := appendR(prefix, tc.r)
			var re *RestrictionError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v (%T), want *RestrictionError", err, err)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("err = %v, want %v", err, tc.is)
			}
			if !bytes.Equal(out, prefix) {
				t.Errorf("on error the buffer was changed: % X", out)
			}
			if !strings.HasPrefix(err.Error(), "mapi: restriction") {
				t.Errorf("message %q lacks the prefix", err)
			}
		})
	}
	// A nil node has no type to report.
	if _, err := AppendRestriction16(nil, NotRestriction{}); err == nil || strings.Contains(err.Error(), "RES_AND") {
		t.Errorf("nil child error = %v, want no type in it", err)
	}
	// The 16-bit limit does not apply to the 32-bit form.
	if _, err := AppendRestriction32(nil, OrRestriction{Restricts: many}); err != nil {
		t.Errorf("32-bit form with 65536 children: %v", err)
	}
}

func TestRestrictionEnumStrings(t *testing.T) {
	tests := []struct {
		got  fmt.Stringer
		want string
	}{
		{ResAnd, "RES_AND"},
		{ResCount, "RES_COUNT"},
		{RestrictionType(0x42), "RestrictionType(0x42)"},
		{RelOpGreaterThanOrEqual, "RELOP_GE"},
		{RelOpRegex, "RELOP_RE"},
		{RelOpMemberOfDL, "RELOP_MEMBER_OF_DL"},
		{RelOp(0x07), "RelOp(0x07)"},
		{BitmaskNotEqualZero, "BMR_NEZ"},
		{BitmaskOp(9), "BitmaskOp(0x09)"},
		{FuzzyPrefix, "FL_PREFIX"},
		{FuzzyLevelLow(0x0100), "FuzzyLevelLow(0x0100)"},
		{FuzzyLevelLow(0x0003), "FuzzyLevelLow(0x0003)"},
		{FuzzySubstring | FuzzyPhraseMatch, "FL_SUBSTRING|FL_PHRASE_MATCH"},
		{FuzzyPrefixOnAnyWord, "FL_FULLSTRING|FL_PREFIX_ON_ANY_WORD"},
		{FuzzyIgnoreCase | FuzzyLoose, "FL_IGNORECASE|FL_LOOSE"},
		{FuzzyLevelHigh(0), "0"},
		{FuzzyIgnoreNonSpace | 0x8000, "FL_IGNORENONSPACE|0x8000"},
		{Descending, "Descending"},
		{SortOrderDirection(7), "SortOrderDirection(0x07)"},
	}
	for _, tc := range tests {
		if s := tc.got.String(); s != tc.want {
			t.Errorf("%#v.String() = %q, want %q", tc.got, s, tc.want)
		}
	}
}

func TestFormatRestriction(t *testing.T) {
	long := strings.Repeat("x", 100)
	tests := []struct {
		r    Restriction
		want string
	}{
		{nil, "<nil>"},
		{AndRestriction{Restricts: []Restriction{existSubject, NotRestriction{}}},
			"AND(EXIST(PidTagSubject), NOT(<nil>))"},
		{content(FuzzySubstring, FuzzyIgnoreCase, tagSubject, "budget"),
			`CONTENT(PidTagSubject FL_SUBSTRING|FL_IGNORECASE "budget")`},
		{&OrRestriction{Restricts: []Restriction{prop(RelOpGreaterThan, tagImportance, int32(1)),
			BitmaskRestriction{BitmapRelOp: BitmaskEqualZero, PropTag: tagMessageFlags, Mask: 1}}},
			"OR(PROPERTY(PidTagImportance RELOP_GT 1), BITMASK(PidTagMessageFlags BMR_EQZ 0x00000001))"},
		{SubObjectRestriction{SubObject: tagMessageRecipients, Restriction: CountRestriction{Count: 2,
			SubRestriction: SizeRestriction{RelOp: RelOpLessThan, PropTag: tagEntryID, Size: 9}}},
			"SUB(PidTagMessageRecipients, COUNT(2, SIZE(PidTagEntryId RELOP_LT 9)))"},
		{CommentRestriction{TaggedValues: make([]PropValue, 2), Restriction: ComparePropertiesRestriction{
			RelOp: RelOpNotEqual, PropTag1: tagSubject, PropTag2: tagDisplayTo}},
			"COMMENT(2 values, COMPAREPROPS(PidTagSubject RELOP_NE PidTagDisplayTo))"},
		{prop(RelOpEqual, tagEntryID, []byte{0xAB, 0x01}), "PROPERTY(PidTagEntryId RELOP_EQ 0xAB01)"},
		{prop(RelOpEqual, tagSubject, long), `PROPERTY(PidTagSubject RELOP_EQ "` + strings.Repeat("x", 64) + `...")`},
		{bogusRestriction{}, "mapi.bogusRestriction"},
	}
	for _, tc := range tests {
		if got := FormatRestriction(tc.r); got != tc.want {
			t.Errorf("FormatRestriction =\n %s\nwant\n %s", got, tc.want)
		}
	}
	if got := FormatRestriction(nest(MaxRestrictionDepth+5, existSubject)); !strings.HasSuffix(got, "NOT(...)"+strings.Repeat(")", MaxRestrictionDepth-1)) {
		t.Errorf("deep tree not cut: %s", got)
	}
}

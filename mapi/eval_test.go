package mapi

import (
	"errors"
	"math"
	"testing"
	"time"
)

// Tags of the evaluator tests beyond those of restriction_test.go.
const (
	tagInt16     PropTag = 0x66000002
	tagInt64     PropTag = 0x66010014
	tagFloat32   PropTag = 0x66020004
	tagFloat64   PropTag = 0x66030005
	tagCurrency  PropTag = 0x66040006
	tagAppTime   PropTag = 0x66050007
	tagBool      PropTag = 0x0E1B000B // PidTagHasAttachments
	tagTime      PropTag = 0x0E060040 // PidTagMessageDeliveryTime
	tagGUID      PropTag = 0x66060048
	tagString8   PropTag = 0x0037001E // PidTagSubject as PtypString8
	tagBody      PropTag = 0x1000001F // PidTagBody
	tagMVInt32   PropTag = 0x66071003
	tagMVBinary  PropTag = 0x66081102
	tagErrorCode PropTag = 0x6609000A
	tagNormSubj  PropTag = 0x0E1D001F // PidTagNormalizedSubject
)

var (
	t0 = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	g1 = NewGUID(0x00020329, 0, 0, 0xC000, 0x000000000046)
	g2 = NewGUID(0x00020329, 0, 0, 0xC000, 0x000000000047)
	g3 = NewGUID(0x00020328, 0xFFFF, 0, 0xC000, 0x000000000046)
)

// testBag is a message with one value of every comparable type, two
// recipients and one attachment.
func testBag() *Bag {
	return &Bag{
		Props: []PropValue{
			{Tag: tagSubject, Value: "Résumé of the Quarterly Meeting"},
			{Tag: tagBody, Value: "Hello WORLD, straße café ＡＢＣ"},
			{Tag: tagImportance, Value: int32(2)},
			{Tag: tagMessageFlags, Value: int32(0x0000_0021)},
			{Tag: tagMessageSize, Value: int32(4096)},
			{Tag: tagInt16, Value: int16(-3)},
			{Tag: tagInt64, Value: int64(1) << 40},
			{Tag: tagFloat32, Value: float32(1.5)},
			{Tag: tagFloat64, Value: 2.25},
			{Tag: tagCurrency, Value: Currency(123_4567)},
			{Tag: tagAppTime, Value: FloatingTime(45000.5)},
			{Tag: tagBool, Value: true},
			{Tag: tagTime, Value: t0},
			{Tag: tagGUID, Value: g1},
			{Tag: tagEntryID, Value: []byte{0x00, 0x00, 0x00, 0x00, 0xAA, 0xBB, 0xCC}},
			{Tag: tagMVKeywords, Value: []string{"Red", "Green", "Blue"}},
			{Tag: tagMVInt32, Value: []int32{1, 5, 9}},
			{Tag: tagMVBinary, Value: [][]byte{{1, 2}, {3, 4, 5}}},
			{Tag: tagErrorCode, Value: ErrorCode(0x8004010F)},
			{Tag: tagDisplayTo, Value: "résumé of the quarterly meeting"},
			{Tag: 0x660A00FB, Value: ServerID{Ours: true, FolderID: 1, MessageID: 2}},
		},
		Recipients: []Object{
			&Bag{Props: []PropValue{{Tag: tagEmailAddress, Value: "alice@example.com"}, {Tag: 0x0C150003, Value: int32(1)}}},
			&Bag{Props: []PropValue{{Tag: tagEmailAddress, Value: "Bob@Example.org"}, {Tag: 0x0C150003, Value: int32(2)}}},
		},
		Attachments: []Object{
			&Bag{Props: []PropValue{{Tag: tagAttachFilename, Value: "report.pdf"}, {Tag: 0x0E200003, Value: int32(50000)}}},
		},
	}
}

// goType returns the property type whose Go type v has (PropValue's table).
func goType(v any) PropType {
	switch v.(type) {
	case int16:
		return PtypInteger16
	case int32:
		return PtypInteger32
	case int64:
		return PtypInteger64
	case float32:
		return PtypFloating32
	case float64:
		return PtypFloating64
	case Currency:
		return PtypCurrency
	case FloatingTime:
		return PtypFloatingTime
	case ErrorCode:
		return PtypErrorCode
	case bool:
		return PtypBoolean
	case string:
		return PtypString
	case time.Time:
		return PtypTime
	case GUID:
		return PtypGuid
	case []byte:
		return PtypBinary
	case ServerID:
		return PtypServerId
	case []int32:
		return PtypMultipleInteger32
	case []string:
		return PtypMultipleString
	}
	return PtypUnspecified
}

// valueOf is v tagged with tag's ID and the type of its Go value.
func valueOf(tag PropTag, v any) PropValue {
	return PropValue{Tag: tag.WithType(goType(v)), Value: v}
}

func prop(op RelOp, tag PropTag, v any) PropertyRestriction {
	return PropertyRestriction{RelOp: op, PropTag: tag, Value: valueOf(tag, v)}
}

func content(low FuzzyLevelLow, high FuzzyLevelHigh, tag PropTag, v any) ContentRestriction {
	return ContentRestriction{FuzzyLevelLow: low, FuzzyLevelHigh: high, PropTag: tag, Value: valueOf(tag, v)}
}

type evalCase struct {
	name string
	r    Restriction
	want bool
}

func runEvalCases(t *testing.T, o Object, cases []evalCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Evaluate(tc.r, o)
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			if got != tc.want {
				t.Errorf("Evaluate = %v, want %v", got, tc.want)
			}
			// The codec must not change the meaning: evaluate the decoded form too.
			b, err := AppendRestriction16(nil, tc.r)
			if err != nil {
				t.Fatalf("append: %v", err)
			}
			r2, _, err := ParseRestriction16(b)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if got2, err := Evaluate(r2, o); err != nil || got2 != tc.want {
				t.Errorf("after round trip: Evaluate = %v, %v; want %v", got2, err, tc.want)
			}
		})
	}
}

// relOpTruth expands one comparison into the six relational operators,
// given the sign of (object value) - (restriction value).
func relOpTruth(name string, tag PropTag, v any, sign int) []evalCase {
	ops := []RelOp{RelOpLessThan, RelOpLessThanOrEqual, RelOpGreaterThan, RelOpGreaterThanOrEqual, RelOpEqual, RelOpNotEqual}
	want := map[int][6]bool{
		-1: {true, true, false, false, false, true},
		0:  {false, true, false, true, true, false},
		1:  {false, false, true, true, false, true},
	}[sign]
	var out []evalCase
	for i, op := range ops {
		out = append(out, evalCase{name + "/" + op.String(), prop(op, tag, v), want[i]})
	}
	return out
}

// MS-OXCDATA 2.12.5: every relational operator on every comparable type.
func TestEvaluatePropertyRelOps(t *testing.T) {
	var cases []evalCase
	add := func(name string, tag PropTag, v any, sign int) {
		cases = append(cases, relOpTruth(name, tag, v, sign)...)
	}
	add("int32 below", tagImportance, int32(3), -1)
	add("int32 equal", tagImportance, int32(2), 0)
	add("int32 above", tagImportance, int32(1), 1)
	add("int16", tagInt16, int16(-3), 0)
	add("int16 negative", tagInt16, int16(0), -1)
	add("int64", tagInt64, int64(1)<<41, -1)
	add("float32", tagFloat32, float32(1.0), 1)
	add("float64", tagFloat64, 2.25, 0)
	add("currency", tagCurrency, Currency(123_4568), -1)
	add("floating time", tagAppTime, FloatingTime(45000.25), 1)
	add("bool", tagBool, false, 1)
	add("time", tagTime, t0.Add(time.Second), -1)
	add("time equal", tagTime, t0, 0)
	add("GUID last byte", tagGUID, g2, -1)
	add("GUID Data1 decides", tagGUID, g3, 1)
	add("binary", tagEntryID, []byte{0x00, 0x00, 0x00, 0x00, 0xAA, 0xBB, 0xCC}, 0)
	add("binary prefix sorts first", tagEntryID, []byte{0x00, 0x00, 0x00, 0x00, 0xAA, 0xBB, 0xCC, 0x00}, -1)
	add("string case-insensitive", tagSubject, "résumé OF THE quarterly meeting", 0)
	add("string order ignores case", tagSubject, "S", -1) // "r..." < "s"
	add("string8 lookup of a PtypString", tagString8, "RÉSUMÉ of the quarterly meeting", 0)
	add("error code", tagErrorCode, ErrorCode(0x8004010F), 0)
	add("server id", 0x660A00FB, ServerID{Ours: true, FolderID: 1, MessageID: 3}, -1)
	runEvalCases(t, testBag(), cases)
}

func TestEvaluatePropertySpecialCases(t *testing.T) {
	runEvalCases(t, testBag(), []evalCase{
		// MS-OXCDATA 2.12.5.1 with a multi-valued property: any value.
		{"MV any equal", prop(RelOpEqual, tagMVInt32, int32(5)), true},
		{"MV none equal", prop(RelOpEqual, tagMVInt32, int32(4)), false},
		{"MV any greater", prop(RelOpGreaterThan, tagMVInt32, int32(8)), true},
		{"MV string any, ignoring case", prop(RelOpEqual, tagMVKeywords, "green"), true},
		{"MV binary", prop(RelOpEqual, tagMVBinary, []byte{3, 4, 5}), true},
		{"MV whole equal", prop(RelOpEqual, tagMVInt32, []int32{1, 5, 9}), true},
		{"MV whole different", prop(RelOpEqual, tagMVInt32, []int32{1, 5}), false},
		// Missing properties make property restrictions false, NE included.
		{"missing EQ", prop(RelOpEqual, 0x7777001F, "x"), false},
		{"missing NE", prop(RelOpNotEqual, 0x7777001F, "x"), false},
		{"Not(missing EQ)", NotRestriction{Restriction: prop(RelOpEqual, 0x7777001F, "x")}, true},
		// Different classes satisfy no operator.
		{"class mismatch EQ", PropertyRestriction{RelOp: RelOpEqual, PropTag: tagImportance,
			Value: PropValue{Tag: tagSubject, Value: "2"}}, false},
		{"class mismatch NE", PropertyRestriction{RelOp: RelOpNotEqual, PropTag: tagImportance,
			Value: PropValue{Tag: tagSubject, Value: "2"}}, false},
		// Integers of different widths compare numerically.
		{"int16 value vs int32 prop", PropertyRestriction{RelOp: RelOpEqual, PropTag: tagImportance,
			Value: PropValue{Tag: tagInt16, Value: int16(2)}}, true},
		// RELOP_RE.
		{"regex match", prop(RelOpRegex, tagSubject, `Quarterly\s+Meet`), true},
		{"regex is case-sensitive", prop(RelOpRegex, tagSubject, `quarterly`), false},
		{"regex on MV", prop(RelOpRegex, tagMVKeywords, `^Gr`), true},
		{"regex on non-string", prop(RelOpRegex, tagImportance, `2`), false},
		// Multi-instance flag on the restriction tag is ignored for lookup.
		{"MVI tag", PropertyRestriction{RelOp: RelOpEqual, PropTag: tagMVInt32 | PropTag(MultiInstanceFlag),
			Value: PropValue{Tag: NewPropTag(tagMVInt32.ID(), PtypInteger32), Value: int32(9)}}, true},
	})
}

func TestEvaluateNaN(t *testing.T) {
	b := &Bag{Props: []PropValue{{Tag: tagFloat64, Value: math.NaN()}}}
	runEvalCases(t, b, []evalCase{
		{"NaN equals NaN", prop(RelOpEqual, tagFloat64, math.NaN()), true},
		{"NaN below numbers", prop(RelOpLessThan, tagFloat64, math.Inf(-1)), true},
	})
}

// MS-OXCDATA 2.12.4: fuzzy levels.
func TestEvaluateContent(t *testing.T) {
	const (
		full = FuzzyFullString
		sub  = FuzzySubstring
		pre  = FuzzyPrefix
		ic   = FuzzyIgnoreCase
		ins  = FuzzyIgnoreNonSpace
		lo   = FuzzyLoose
	)
	runEvalCases(t, testBag(), []evalCase{
		{"full exact", content(full, 0, tagSubject, "Résumé of the Quarterly Meeting"), true},
		{"full case differs", content(full, 0, tagSubject, "résumé of the quarterly meeting"), false},
		{"full ignorecase", content(full, ic, tagSubject, "RÉSUMÉ OF THE QUARTERLY MEETING"), true},
		{"full ignorecase keeps accents", content(full, ic, tagSubject, "resume of the quarterly meeting"), false},
		{"full ignorenonspace", content(full, ins, tagSubject, "Resume of the Quarterly Meeting"), true},
		{"full ignorenonspace keeps case", content(full, ins, tagSubject, "resume of the quarterly meeting"), false},
		{"full loose", content(full, lo, tagSubject, "RESUME OF THE QUARTERLY MEETING"), true},
		{"full both flags", content(full, ic|ins, tagSubject, "resume of the QUARTERLY meeting"), true},
		{"substring", content(sub, 0, tagSubject, "Quarterly"), true},
		{"substring case", content(sub, 0, tagSubject, "quarterly"), false},
		{"substring ignorecase", content(sub, ic, tagSubject, "quarterly"), true},
		{"substring full case folding ß", content(sub, ic, tagBody, "STRASSE"), true},
		{"substring nonspace in pattern", content(sub, ins, tagBody, "cafe"), true},
		{"substring loose width", content(sub, lo, tagBody, "abc"), true},
		{"substring ignorecase no width folding", content(sub, ic, tagBody, "abc"), false},
		{"prefix", content(pre, 0, tagSubject, "Résumé"), true},
		{"prefix not at start", content(pre, 0, tagSubject, "Quarterly"), false},
		{"prefix ignorecase", content(pre, ic, tagSubject, "RÉSUMÉ"), true},
		{"prefix on any word", content(FuzzyPrefixOnAnyWord, ic, tagSubject, "quart"), true},
		{"prefix on any word mid-word", content(FuzzyPrefixOnAnyWord, ic, tagSubject, "arterly"), false},
		{"phrase match", content(FuzzyPhraseMatch, ic, tagSubject, "the quarterly"), true},
		{"phrase match partial word", content(FuzzyPhraseMatch, ic, tagSubject, "the quarter"), false},
		{"string8 restriction on PtypString", content(sub, 0, tagString8, "Meeting"), true},
		{"MV any", content(full, ic, tagMVKeywords, "blue"), true},
		{"MV none", content(sub, 0, tagMVKeywords, "Purple"), false},
		{"binary full", content(full, 0, tagEntryID, []byte{0, 0, 0, 0, 0xAA, 0xBB, 0xCC}), true},
		{"binary substring", content(sub, 0, tagEntryID, []byte{0xAA, 0xBB}), true},
		{"binary prefix", content(pre, 0, tagEntryID, []byte{0, 0, 0, 0}), true},
		{"binary prefix miss", content(pre, 0, tagEntryID, []byte{0xAA}), false},
		{"binary flags ignored", content(sub, ic, tagEntryID, []byte{0xAA}), true},
		{"MV binary", content(pre, 0, tagMVBinary, []byte{3}), true},
		{"missing", content(sub, 0, 0x7777001F, "x"), false},
		{"string pattern on binary prop", content(sub, 0, tagEntryID, "x"), false},
	})
}

func TestEvaluateBitmaskSizeExist(t *testing.T) {
	runEvalCases(t, testBag(), []evalCase{
		{"NEZ set", BitmaskRestriction{BitmapRelOp: BitmaskNotEqualZero, PropTag: tagMessageFlags, Mask: 0x01}, true},
		{"NEZ clear", BitmaskRestriction{BitmapRelOp: BitmaskNotEqualZero, PropTag: tagMessageFlags, Mask: 0x02}, false},
		{"EQZ clear", BitmaskRestriction{BitmapRelOp: BitmaskEqualZero, PropTag: tagMessageFlags, Mask: 0x02}, true},
		{"EQZ set", BitmaskRestriction{BitmapRelOp: BitmaskEqualZero, PropTag: tagMessageFlags, Mask: 0x20}, false},
		{"EQZ missing", BitmaskRestriction{BitmapRelOp: BitmaskEqualZero, PropTag: 0x77770003, Mask: 0x20}, false},
		{"bitmask on string", BitmaskRestriction{BitmapRelOp: BitmaskEqualZero, PropTag: tagSubject, Mask: 1}, false},
		// "Résumé of the Quarterly Meeting" is 31 UTF-16 units: 62 bytes + 2.
		{"size string EQ", SizeRestriction{RelOp: RelOpEqual, PropTag: tagSubject, Size: 64}, true},
		{"size string LT", SizeRestriction{RelOp: RelOpLessThan, PropTag: tagSubject, Size: 64}, false},
		{"size string GE", SizeRestriction{RelOp: RelOpGreaterThanOrEqual, PropTag: tagSubject, Size: 64}, true},
		{"size int32", SizeRestriction{RelOp: RelOpEqual, PropTag: tagImportance, Size: 4}, true},
		{"size binary", SizeRestriction{RelOp: RelOpEqual, PropTag: tagEntryID, Size: 7}, true},
		{"size time", SizeRestriction{RelOp: RelOpEqual, PropTag: tagTime, Size: 8}, true},
		{"size ServerId", SizeRestriction{RelOp: RelOpEqual, PropTag: 0x660A00FB, Size: 21}, true},
		{"size GUID", SizeRestriction{RelOp: RelOpNotEqual, PropTag: tagGUID, Size: 16}, false},
		{"size MV any", SizeRestriction{RelOp: RelOpEqual, PropTag: tagMVBinary, Size: 3}, true},
		{"size MV none", SizeRestriction{RelOp: RelOpGreaterThan, PropTag: tagMVBinary, Size: 3}, false},
		{"size missing", SizeRestriction{RelOp: RelOpGreaterThanOrEqual, PropTag: 0x77770102, Size: 0}, false},
		{"exist", ExistRestriction{PropTag: tagSubject}, true},
		{"exist as PtypString8", ExistRestriction{PropTag: tagString8}, true},
		{"exist other type", ExistRestriction{PropTag: NewPropTag(tagSubject.ID(), PtypInteger32)}, false},
		{"exist missing", ExistRestriction{PropTag: 0x7777001F}, false},
		{"compare props EQ ignoring case", ComparePropertiesRestriction{RelOp: RelOpEqual, PropTag1: tagSubject, PropTag2: tagDisplayTo}, true},
		{"compare props LT", ComparePropertiesRestriction{RelOp: RelOpLessThan, PropTag1: tagInt16, PropTag2: tagImportance}, true},
		{"compare props GT", ComparePropertiesRestriction{RelOp: RelOpGreaterThan, PropTag1: tagInt16, PropTag2: tagImportance}, false},
		{"compare props missing", ComparePropertiesRestriction{RelOp: RelOpNotEqual, PropTag1: tagSubject, PropTag2: 0x7777001F}, false},
		{"compare props classes", ComparePropertiesRestriction{RelOp: RelOpNotEqual, PropTag1: tagSubject, PropTag2: tagImportance}, false},
	})
}

func TestEvaluateComposites(t *testing.T) {
	yes := ExistRestriction{PropTag: tagSubject}
	no := ExistRestriction{PropTag: 0x7777001F}
	toAlice := content(FuzzyFullString, FuzzyIgnoreCase, tagEmailAddress, "ALICE@example.com")
	runEvalCases(t, testBag(), []evalCase{
		{"And empty", AndRestriction{}, true},
		{"And TT", AndRestriction{Restricts: []Restriction{yes, yes}}, true},
		{"And TF", AndRestriction{Restricts: []Restriction{yes, no}}, false},
		{"And FT", AndRestriction{Restricts: []Restriction{no, yes}}, false},
		{"Or empty", OrRestriction{}, false},
		{"Or FF", OrRestriction{Restricts: []Restriction{no, no}}, false},
		{"Or FT", OrRestriction{Restricts: []Restriction{no, yes}}, true},
		{"Or TF", OrRestriction{Restricts: []Restriction{yes, no}}, true},
		{"Not T", NotRestriction{Restriction: yes}, false},
		{"Not F", NotRestriction{Restriction: no}, true},
		{"Comment without restriction", CommentRestriction{TaggedValues: []PropValue{{Tag: tagImportance, Value: int32(1)}}}, true},
		{"Comment with false", CommentRestriction{Restriction: no}, false},
		{"Comment with true", CommentRestriction{Restriction: yes}, true},
		{"SubObject recipients", SubObjectRestriction{SubObject: tagMessageRecipients, Restriction: toAlice}, true},
		{"SubObject recipients second row", SubObjectRestriction{SubObject: tagMessageRecipients,
			Restriction: prop(RelOpEqual, 0x0C150003, int32(2))}, true},
		{"SubObject recipients none", SubObjectRestriction{SubObject: tagMessageRecipients,
			Restriction: prop(RelOpEqual, 0x0C150003, int32(3))}, false},
		{"SubObject attachments", SubObjectRestriction{SubObject: tagMessageAttach,
			Restriction: content(FuzzySubstring, FuzzyIgnoreCase, tagAttachFilename, ".PDF")}, true},
		{"SubObject wrong table", SubObjectRestriction{SubObject: tagMessageAttach, Restriction: toAlice}, false},
		{"SubObject other tag", SubObjectRestriction{SubObject: tagSubject, Restriction: yes}, false},
		{"Count 0", CountRestriction{Count: 0, SubRestriction: yes}, false},
		{"Count 1 true", CountRestriction{Count: 1, SubRestriction: yes}, true},
		{"Count 1 false", CountRestriction{Count: 1, SubRestriction: no}, false},
	})
	// No sub-objects at all.
	if ok, err := Evaluate(SubObjectRestriction{SubObject: tagMessageRecipients, Restriction: yes}, &Bag{}); err != nil || ok {
		t.Errorf("SubObject on an object without recipients = %v, %v; want false", ok, err)
	}
}

// MS-OXCDATA 2.12.12: CountRestriction limits the matches over the rows
// an Evaluator sees.
func TestEvaluatorCount(t *testing.T) {
	e, err := NewEvaluator(CountRestriction{Count: 2, SubRestriction: prop(RelOpGreaterThan, tagImportance, int32(0))})
	if err != nil {
		t.Fatal(err)
	}
	rows := []int32{0, 1, 2, 0, 3}
	var got []bool
	for _, v := range rows {
		ok, err := e.Match(&Bag{Props: []PropValue{{Tag: tagImportance, Value: v}}})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ok)
	}
	want := []bool{false, true, true, false, false}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("matches = %v, want %v", got, want)
		}
	}
	e.Reset()
	if ok, _ := e.Match(&Bag{Props: []PropValue{{Tag: tagImportance, Value: int32(5)}}}); !ok {
		t.Error("after Reset the budget was not restored")
	}
}

func TestEvaluatorMemberOfDL(t *testing.T) {
	dl := []byte{0xD1}
	r := PropertyRestriction{RelOp: RelOpMemberOfDL, PropTag: tagEntryID, Value: PropValue{Tag: tagEntryID, Value: dl}}
	if _, err := Evaluate(r, testBag()); !errors.Is(err, ErrMemberOfDLUnsupported) {
		t.Fatalf("without MemberOfDL: err = %v", err)
	}
	e, err := NewEvaluator(r)
	if err != nil {
		t.Fatal(err)
	}
	var calls int
	e.MemberOfDL = func(member, list []byte) (bool, error) {
		calls++
		return len(member) == 7 && list[0] == 0xD1, nil
	}
	if ok, err := e.Match(testBag()); err != nil || !ok {
		t.Errorf("Match = %v, %v; want true", ok, err)
	}
	boom := errors.New("directory down")
	e.MemberOfDL = func(member, list []byte) (bool, error) { return false, boom }
	if _, err := e.Match(testBag()); !errors.Is(err, boom) {
		t.Errorf("MemberOfDL error not returned: %v", err)
	}
	if calls != 1 {
		t.Errorf("MemberOfDL called %d times, want 1", calls)
	}
}

func TestEvaluateInvalid(t *testing.T) {
	long := make([]byte, MaxRegexLength+1)
	for i := range long {
		long[i] = 'a'
	}
	tests := []struct {
		name string
		r    Restriction
		is   error
	}{
		{"nil", nil, ErrInvalidRestriction},
		{"nil child", AndRestriction{Restricts: []Restriction{nil}}, ErrInvalidRestriction},
		{"unknown Go type", OrRestriction{Restricts: []Restriction{bogusRestriction{}}}, ErrUnknownRestriction},
		{"unknown relop", prop(RelOp(0x10), tagImportance, int32(1)), ErrInvalidRestriction},
		{"regex not a string", prop(RelOpRegex, tagImportance, int32(1)), ErrInvalidRestriction},
		{"regex too long", prop(RelOpRegex, tagSubject, string(long)), ErrInvalidRestriction},
		{"regex bad", prop(RelOpRegex, tagSubject, "a("), ErrInvalidRestriction},
		{"bitmask op", BitmaskRestriction{BitmapRelOp: 2, PropTag: tagMessageFlags}, ErrInvalidRestriction},
		{"size relop", SizeRestriction{RelOp: RelOpRegex, PropTag: tagSubject}, ErrInvalidRestriction},
		{"compare props relop", ComparePropertiesRestriction{RelOp: RelOpMemberOfDL}, ErrInvalidRestriction},
		{"content on int", content(FuzzySubstring, 0, tagImportance, int32(1)), ErrInvalidRestriction},
		{"content fuzzy level", content(FuzzyLevelLow(3), 0, tagSubject, "x"), ErrInvalidRestriction},
		{"content word level on binary", content(FuzzyPrefixOnAnyWord, 0, tagEntryID, []byte{1}), ErrInvalidRestriction},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Evaluate(tc.r, testBag())
			var re *RestrictionError
			if !errors.As(err, &re) || !errors.Is(err, tc.is) {
				t.Errorf("err = %v, want *RestrictionError wrapping %v", err, tc.is)
			}
		})
	}
	if _, err := Evaluate(existSubject, nil); err == nil {
		t.Error("Evaluate on a nil Object succeeded")
	}
}

// FuzzContentMatch checks that the allocation-free content matching gives
// the same answers as normalizing both sides and comparing.
func FuzzContentMatch(f *testing.F) {
	f.Add("Quarterly Budget – draft", "BUDGET", uint8(1), uint8(1))
	f.Add("straße", "STRASSE", uint8(0), uint8(1))
	f.Add("Café", "cafe", uint8(2), uint8(4))
	f.Add("abc", "", uint8(1), uint8(3))
	f.Fuzz(func(t *testing.T, value, pattern string, mode, flags uint8) {
		c := compiler{e: &Evaluator{}}
		node, err := c.compileContent(ContentRestriction{
			FuzzyLevelLow:  FuzzyLevelLow(mode % 3),
			FuzzyLevelHigh: FuzzyLevelHigh(flags & 7),
			PropTag:        tagSubject,
			Value:          PropValue{Tag: tagSubject, Value: pattern},
		})
		if err != nil {
			t.Fatal(err)
		}
		n := node.(*contentNode)
		got := n.match(value)
		want := n.matchString(normalizeContent(value, n.flags))
		if got != want {
			t.Fatalf("match(%q, %q, mode %d, flags %d) = %v, slow path says %v", value, pattern, mode%3, flags&7, got, want)
		}
	})
}

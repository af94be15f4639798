package mapi

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/cases"
)

// MS-OXCTABL 4.3.1: the RopSortTable request of the spec's example. The
// SortOrderSet starts after RopId, LogonId, InputHandleIndex and
// SortTableFlags ("13 00 00 00").
func TestSortOrderSetSpecExample(t *testing.T) {
	rop := resHex(t, "13 00 00 00 02 00 01 00-01 00 1f 30 08 80 00 40 00 06-0e 01")
	want := SortOrderSet{
		Orders: []SortOrder{
			{PropTag: 0x8008301F, Order: Ascending},  // PidTagAddressBookIsMemberOfDistributionList (as mapped)
			{PropTag: 0x0E060040, Order: Descending}, // PidTagMessageDeliveryTime
		},
		CategorizedCount: 1,
		ExpandedCount:    1,
	}
	got, n, err := ParseSortOrderSet(rop[4:])
	if err != nil {
		t.Fatal(err)
	}
	if n != len(rop)-4 {
		t.Errorf("consumed %d bytes, want %d", n, len(rop)-4)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
	out, err := AppendSortOrderSet(append([]byte(nil), rop[:4]...), want)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, rop) {
		t.Errorf("append:\n got % X\nwant % X", out, rop)
	}
	if out2, _ := want.AppendBinary(nil); !bytes.Equal(out2, rop[4:]) {
		t.Errorf("AppendBinary = % X", out2)
	}
}

func TestSortOrderSetEmptyAndMaxCategory(t *testing.T) {
	tests := []struct {
		name string
		hex  string
		want SortOrderSet
	}{
		{"empty", "0000 0000 0000", SortOrderSet{}},
		{"MaximumCategory (layout of MS-OXCDATA 2.13.1)", "0200 0100 0000 1F003700 00 40000E06 04",
			SortOrderSet{Orders: []SortOrder{{PropTag: tagSubject}, {PropTag: 0x060E0040, Order: MaximumCategory}}, CategorizedCount: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := resHex(t, tc.hex)
			got, n, err := ParseSortOrderSet(b)
			if err != nil || n != len(b) || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("parse = %#v, %d, %v", got, n, err)
			}
			out, err := AppendSortOrderSet(nil, tc.want)
			if err != nil || !bytes.Equal(out, b) {
				t.Fatalf("append = % X, %v", out, err)
			}
		})
	}
}

func TestSortOrderSetErrors(t *testing.T) {
	parseTests := []struct {
		name   string
		hex    string
		offset int
	}{
		{"short header", "0100 00", 2},
		{"count beyond buffer", "FFFF 0000 0000 1F003700 00", 6},
		{"categorized above count", "0100 0200 0000 1F003700 00", 6},
		{"expanded above categorized", "0100 0000 0100 1F003700 00", 6},
		{"unknown order", "0100 0000 0000 1F003700 02", 11},
		{"truncated order", "0100 0000 0000 1F0037", 6},
	}
	for _, tc := range parseTests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := ParseSortOrderSet(resHex(t, tc.hex))
			var se *SortOrderError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want *SortOrderError", err)
			}
			if se.Offset != tc.offset {
				t.Errorf("offset = %d, want %d (%v)", se.Offset, tc.offset, err)
			}
		})
	}
	appendTests := []SortOrderSet{
		{CategorizedCount: 1},
		{Orders: []SortOrder{{PropTag: tagSubject}}, CategorizedCount: 1, ExpandedCount: 2},
		{Orders: []SortOrder{{PropTag: tagSubject, Order: 3}}},
		{Orders: make([]SortOrder, 0x10000)},
	}
	for i, s := range appendTests {
		out, err := AppendSortOrderSet([]byte{7}, s)
		var se *SortOrderError
		if !errors.As(err, &se) || !bytes.Equal(out, []byte{7}) {
			t.Errorf("case %d: append = % X, %v; want *SortOrderError and b unchanged", i, out, err)
		}
	}
}

func TestCompareValues(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		a, b any
		want int
		err  bool
	}{
		{int32(1), int32(2), -1, false},
		{int16(5), int64(5), 0, false},
		{int64(-1), int32(-2), 1, false},
		{ErrorCode(0x80040102), int32(1), 1, false},
		{float32(1.5), 1.5, 0, false},
		{nan, 0.0, -1, false},
		{nan, nan, 0, false},
		{math.Inf(1), 1e308, 1, false},
		{FloatingTime(2), 1.0, 1, false},
		{Currency(10), Currency(-10), 1, false},
		{Currency(10), int64(10), 0, true},
		{false, true, -1, false},
		{true, true, 0, false},
		{"abc", "ABC", 0, false},
		{"apple", "Banana", -1, false},
		{"Zebra", "apple", 1, false},
		{"straße", "STRASSE", 0, false},
		{"ab", "abc", -1, false},
		{"é", "f", 1, false}, // no locale tailoring: code point order after folding
		{[]byte{1, 2}, []byte{1, 2, 0}, -1, false},
		{[]byte{2}, []byte{1, 9}, 1, false},
		{[]byte(nil), []byte{}, 0, false},
		{g1, g2, -1, false},
		{g3, g1, -1, false}, // Data1 0x00020328 < 0x00020329
		{t0, t0.Add(-time.Nanosecond), 1, false},
		{nil, nil, 0, false},
		{ServerID{Ours: true, FolderID: 1, MessageID: 9}, ServerID{Ours: true, FolderID: 2}, -1, false},
		{ServerID{Ours: true, FolderID: 1, MessageID: 2, Instance: 1}, ServerID{Ours: true, FolderID: 1, MessageID: 2}, 1, false},
		{ServerID{Raw: []byte{0xFF}}, ServerID{Ours: true}, -1, false},
		{ServerID{Raw: []byte{1}}, ServerID{Raw: []byte{2}}, -1, false},
		{[]int32{1, 2}, []int32{1, 3}, -1, false},
		{[]string{"a", "B"}, []string{"A", "b"}, 0, false},
		{[]int32{1}, []int32{1, 0}, -1, false},
		{[]int32{1}, int32(1), 0, true},
		{"1", int32(1), 0, true},
		{uint64(1), uint64(1), 0, true},
		{existSubject, existSubject, 0, true},
	}
	for _, tc := range tests {
		got, err := CompareValues(PropValue{Value: tc.a}, PropValue{Value: tc.b})
		if (err != nil) != tc.err {
			t.Errorf("CompareValues(%#v, %#v) err = %v, want error %v", tc.a, tc.b, err, tc.err)
			continue
		}
		if tc.err {
			if !errors.Is(err, ErrNotComparable) {
				t.Errorf("CompareValues(%#v, %#v) err = %v, want ErrNotComparable", tc.a, tc.b, err)
			}
			continue
		}
		if got != tc.want {
			t.Errorf("CompareValues(%#v, %#v) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		// Antisymmetry.
		if back, _ := CompareValues(PropValue{Value: tc.b}, PropValue{Value: tc.a}); back != -got {
			t.Errorf("CompareValues(%#v, %#v) = %d, not the negation of %d", tc.b, tc.a, back, got)
		}
	}
}

func TestSortOrderSetCompare(t *testing.T) {
	row := func(name string, subject any, when time.Time) *Bag {
		b := &Bag{Props: []PropValue{{Tag: 0x3001001F, Value: name}}}
		if subject != nil {
			b.Props = append(b.Props, PropValue{Tag: tagSubject, Value: subject})
		}
		if !when.IsZero() {
			b.Props = append(b.Props, PropValue{Tag: tagTime, Value: when})
		}
		return b
	}
	rows := []*Bag{
		row("r1", "beta", t0),
		row("r2", "Alpha", t0.Add(time.Hour)),
		row("r3", nil, t0),
		row("r4", "alpha", t0),
		row("r5", "BETA", time.Time{}),
	}
	names := func(rs []*Bag) []string {
		var out []string
		for _, r := range rs {
			v, _ := r.Prop(0x3001001F)
			out = append(out, v.Value.(string))
		}
		return out
	}
	tests := []struct {
		name string
		s    SortOrderSet
		want []string
	}{
		{"subject ascending, missing last, ties stable", SortOrderSet{Orders: []SortOrder{{PropTag: tagSubject}}},
			[]string{"r2", "r4", "r1", "r5", "r3"}},
		{"subject descending, missing still last", SortOrderSet{Orders: []SortOrder{{PropTag: tagSubject, Order: Descending}}},
			[]string{"r1", "r5", "r2", "r4", "r3"}},
		{"subject asc then time desc", SortOrderSet{Orders: []SortOrder{{PropTag: tagSubject}, {PropTag: tagTime, Order: Descending}}},
			[]string{"r2", "r4", "r1", "r5", "r3"}},
		{"time desc then subject asc", SortOrderSet{Orders: []SortOrder{{PropTag: tagTime, Order: Descending}, {PropTag: tagSubject}}},
			[]string{"r2", "r4", "r1", "r3", "r5"}},
		{"MaximumCategory column ignored", SortOrderSet{Orders: []SortOrder{{PropTag: tagTime, Order: MaximumCategory}, {PropTag: tagSubject}}},
			[]string{"r2", "r4", "r1", "r5", "r3"}},
		{"PtypString8 key finds PtypString values", SortOrderSet{Orders: []SortOrder{{PropTag: tagString8, Order: Descending}}},
			[]string{"r1", "r5", "r2", "r4", "r3"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rs := slices.Clone(rows)
			slices.SortStableFunc(rs, func(a, b *Bag) int { return tc.s.Compare(a, b) })
			if got := names(rs); !slices.Equal(got, tc.want) {
				t.Errorf("order = %v, want %v", got, tc.want)
			}
		})
	}
	// Multi-instance sort key: rows hold the single value.
	mvi := SortOrderSet{Orders: []SortOrder{{PropTag: tagMVKeywords | PropTag(MultiInstanceFlag)}}}
	a := &Bag{Props: []PropValue{{Tag: NewPropTag(tagMVKeywords.ID(), PtypString), Value: "b"}}}
	b := &Bag{Props: []PropValue{{Tag: NewPropTag(tagMVKeywords.ID(), PtypString), Value: "A"}}}
	if c := mvi.Compare(a, b); c != 1 {
		t.Errorf("MVI compare = %d, want 1", c)
	}
	// Incomparable classes still give a total order.
	x := &Bag{Props: []PropValue{{Tag: NewPropTag(0x6700, PtypUnspecified), Value: "s"}}}
	y := &Bag{Props: []PropValue{{Tag: NewPropTag(0x6700, PtypUnspecified), Value: int32(1)}}}
	key := SortOrderSet{Orders: []SortOrder{{PropTag: NewPropTag(0x6700, PtypUnspecified)}}}
	if c1, c2 := key.Compare(x, y), key.Compare(y, x); c1 == 0 || c1 != -c2 {
		t.Errorf("mixed classes compare %d / %d, want a strict antisymmetric order", c1, c2)
	}
}

// compareFolded and foldCase agree with x/text's full case folding.
func TestCompareFoldedMatchesFold(t *testing.T) {
	words := []string{"", "a", "A", "ab", "Ab", "aB", "b", "straße", "STRASSE", "Straßburg", "–dash", "—", "日本", "日本語",
		"ǅ", "ǆ", "Σίσυφος", "ΣΊΣΥΦΟΣ", "K", "k", "\u212A", "µ", "μ", "ﬁle", "FILE", "\xff", "a\xffb", "A\xffB", "é", "É", "e\u0301"}
	for _, x := range words {
		if got, want := foldCase(x), cases.Fold().String(x); got != want {
			t.Errorf("foldCase(%q) = %q, want %q", x, got, want)
		}
		for _, y := range words {
			want := strings.Compare(cases.Fold().String(x), cases.Fold().String(y))
			if got := compareFolded(x, y); got != want {
				t.Errorf("compareFolded(%q, %q) = %d, want %d", x, y, got, want)
			}
		}
	}
}

// FuzzCompareFolded checks the allocation-free string comparison against
// x/text's full case folding on arbitrary (also invalid UTF-8) input.
func FuzzCompareFolded(f *testing.F) {
	f.Add("straße", "STRASSE")
	f.Add("a\xffb", "A\xffB")
	f.Add("\u212A", "k")
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := foldCase(a), cases.Fold().String(a); got != want {
			t.Fatalf("foldCase(%q) = %q, want %q", a, got, want)
		}
		want := strings.Compare(cases.Fold().String(a), cases.Fold().String(b))
		if got := compareFolded(a, b); got != want {
			t.Fatalf("compareFolded(%q, %q) = %d, want %d", a, b, got, want)
		}
	})
}

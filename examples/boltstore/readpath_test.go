package boltstore

import (
	"reflect"
	"testing"

	"github.com/oxkit/oxkit/internal/wire"
	"github.com/oxkit/oxkit/mapi"
)

// richContent is sampleContent with a property of every fixed-size type
// and some variable-size ones, so skipping is exercised for each.
func richContent() *content {
	c := sampleContent()
	for _, p := range []mapi.PropValue{
		{Tag: mapi.NewPropTag(0x6601, mapi.PtypInteger16), Value: int16(-2)},
		{Tag: mapi.NewPropTag(0x6602, mapi.PtypFloating32), Value: float32(1.5)},
		{Tag: mapi.NewPropTag(0x6603, mapi.PtypFloating64), Value: 2.5},
		{Tag: mapi.NewPropTag(0x6604, mapi.PtypCurrency), Value: mapi.Currency(7)},
		{Tag: mapi.NewPropTag(0x6605, mapi.PtypFloatingTime), Value: mapi.FloatingTime(3.25)},
		{Tag: mapi.NewPropTag(0x6606, mapi.PtypErrorCode), Value: mapi.ErrorCode(0x80004005)},
		{Tag: mapi.NewPropTag(0x6607, mapi.PtypBoolean), Value: true},
		{Tag: mapi.NewPropTag(0x6608, mapi.PtypInteger64), Value: int64(-9)},
		{Tag: mapi.NewPropTag(0x6609, mapi.PtypGuid), Value: mapi.PSPublicStrings},
		{Tag: mapi.NewPropTag(0x660A, mapi.PtypBinary), Value: []byte{9, 8, 7}},
		{Tag: mapi.NewPropTag(0x660B, mapi.PtypMultipleInteger32), Value: []int32{1, 2, 3}},
		{Tag: mapi.NewPropTag(0x660C, mapi.PtypMultipleBinary), Value: [][]byte{{1}, {}}},
		{Tag: mapi.NewPropTag(0x8001, mapi.PtypString), Value: "named"},
	} {
		c.props.Set(p)
	}
	return c
}

// TestContentFiltered checks that a filtered decode of every subset
// shape gives exactly the full decode's properties of those IDs, and the
// recipients and attachments only when asked for.
func TestContentFiltered(t *testing.T) {
	b := encodeContent(t, richContent())
	full, err := (&decoder{r: wire.NewReader(b)}).content()
	if err != nil {
		t.Fatal(err)
	}
	var all []mapi.PropTag
	for _, p := range full.props {
		all = append(all, p.Tag)
	}
	sets := [][]mapi.PropTag{
		{},
		{mapi.PidTagSubject},
		{mapi.PidTagBody, mapi.PidTagSubject, mapi.PidTagSubject}, // unsorted, duplicate
		{mapi.NewPropTag(0x6609, mapi.PtypGuid), mapi.NewPropTag(0x8001, mapi.PtypString), mapi.NewPropTag(0x7FFF, mapi.PtypInteger32)},
		{mapi.NewPropTag(0x660C, mapi.PtypMultipleBinary), mapi.NewPropTag(0x0001, mapi.PtypInteger32)},
		all,
	}
	for i := range all {
		sets = append(sets, all[i:i+1], all[:i])
	}
	for _, tags := range sets {
		for _, parts := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			got, err := (&decoder{r: wire.NewReader(b)}).contentFiltered(filterOf(tags, parts[0], parts[1]))
			if err != nil {
				t.Fatalf("%v %v: %v", tags, parts, err)
			}
			var want bag
			for _, p := range full.props {
				for _, tg := range tags {
					if tg.ID() == p.Tag.ID() {
						want = append(want, p)
						break
					}
				}
			}
			if len(got.props) != len(want) || (len(want) > 0 && !reflect.DeepEqual(got.props, want)) {
				t.Errorf("tags %v: props\n got %v\nwant %v", tags, got.props, want)
			}
			if parts[0] != (got.recips != nil) || (parts[0] && !reflect.DeepEqual(got.recips, full.recips)) {
				t.Errorf("tags %v parts %v: recipients %v", tags, parts, got.recips)
			}
			if parts[1] != (got.atts != nil) || (parts[1] && !reflect.DeepEqual(got.atts, full.atts)) {
				t.Errorf("tags %v parts %v: attachments %v", tags, parts, got.atts)
			}
		}
	}
	// nil tags: every property.
	got, err := (&decoder{r: wire.NewReader(b)}).contentFiltered(filterOf(nil, true, true))
	if err != nil || !reflect.DeepEqual(got, full) {
		t.Errorf("unfiltered: %v %v", got, err)
	}
}

// TestContentFilteredCorrupt checks that a filtered decode fails, never
// panics, on every truncation of a record.
func TestContentFilteredCorrupt(t *testing.T) {
	b := encodeContent(t, richContent())
	f := filterOf([]mapi.PropTag{mapi.PidTagSubject}, false, true)
	for n := range len(b) {
		if _, err := (&decoder{r: wire.NewReader(b[:n])}).contentFiltered(f); err == nil {
			t.Errorf("truncated at %d of %d: no error", n, len(b))
		}
	}
}

// FuzzContentFiltered checks that a filtered decode never panics and
// agrees with the full decode wherever that succeeds.
func FuzzContentFiltered(f *testing.F) {
	f.Add(encodeContent(f, richContent()))
	f.Add(encodeContent(f, &content{}))
	f.Fuzz(func(t *testing.T, data []byte) {
		tags := []mapi.PropTag{mapi.PidTagSubject, mapi.PidTagImportance, mapi.NewPropTag(0x6607, mapi.PtypBoolean)}
		got, err := (&decoder{r: wire.NewReader(data)}).contentFiltered(filterOf(tags, false, false))
		full, ferr := (&decoder{r: wire.NewReader(data)}).content()
		if ferr != nil || err != nil {
			return
		}
		for _, tg := range tags {
			p1, ok1 := got.props.Get(mapi.NewPropTag(tg.ID(), mapi.PtypUnspecified))
			p2, ok2 := full.props.Get(mapi.NewPropTag(tg.ID(), mapi.PtypUnspecified))
			if ok1 != ok2 || !reflect.DeepEqual(p1, p2) {
				t.Fatalf("%v: filtered %v %v, full %v %v", tg, p1, ok1, p2, ok2)
			}
		}
	})
}

// TestSkipMeta checks that skipMeta lands where parseMeta does.
func TestSkipMeta(t *testing.T) {
	f := &folder{id: 0x1234}
	for _, m := range []*meta{
		{folder: f},
		{folder: f, ck: []byte{1, 2, 3, 4, 5}, cn: 9, pcl: mapi.PredecessorChangeList{{NamespaceGUID: mapi.PSPublicStrings, LocalID: []byte{0, 0, 0, 0, 0, 1}}}},
	} {
		rec := appendMeta(nil, m)
		rec = append(rec, encodeContent(t, sampleContent())...)
		_, _, want, err := parseMeta(1, rec)
		if err != nil {
			t.Fatal(err)
		}
		got, err := skipMeta(1, rec)
		if err != nil {
			t.Fatal(err)
		}
		if got.Offset() != want.Offset() {
			t.Errorf("skipMeta at %d, parseMeta at %d", got.Offset(), want.Offset())
		}
		for n := range len(rec) - len(encodeContent(t, sampleContent())) {
			if _, err := skipMeta(1, rec[:n]); err == nil {
				t.Errorf("header truncated at %d: no error", n)
			}
		}
	}
}

func TestKnownType(t *testing.T) {
	for i := 0; i <= 0xFFFF; i++ {
		typ := mapi.PropType(i)
		want := typ&mapi.MultiInstanceFlag == 0 && typ.Known()
		if got := knownType(typ); got != want {
			t.Errorf("knownType(%#x) = %v, want %v", i, got, want)
		}
	}
}

// BenchmarkContentFiltered decodes a record for a few columns, as
// QueryMessages does for a FindItem row; BenchmarkContentFull decodes all
// of it, as before.
func BenchmarkContentFiltered(b *testing.B) {
	rec := encodeContent(b, richContent())
	f := filterOf([]mapi.PropTag{mapi.PidTagSubject, mapi.PidTagImportance, mapi.PidTagMessageDeliveryTime}, false, false)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (&decoder{r: wire.NewReader(rec)}).contentFiltered(f); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkContentFull(b *testing.B) {
	rec := encodeContent(b, richContent())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (&decoder{r: wire.NewReader(rec)}).content(); err != nil {
			b.Fatal(err)
		}
	}
}

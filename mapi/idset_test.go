package mapi_test

import (
	"bytes"
	"errors"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/oxkit/oxkit/mapi"
)

func idsGlob(rs ...mapi.GlobRange) *mapi.GlobSet {
	var s mapi.GlobSet
	for _, r := range rs {
		s.AddRange(r.Low, r.High)
	}
	return &s
}

func idsR(lo, hi uint64) mapi.GlobRange { return mapi.GlobRange{Low: lo, High: hi} }

// MS-OXCFXICS 3.1.5.4.3.1.3 (Bitmask Command): the ranges {0x01-0x03,
// 0x05-0x05, 0x07-0x09} under five common high-order bytes encode as
// StartingValue 0x01, Bitmask 0xEB. The command bytes 42 01 EB are the
// spec's; the Push of the five common bytes (here zero) before it, which
// the spec requires ("There MUST already be five high-order bytes in the
// common byte stack"), the Pop and the End are the surrounding GLOBSET.
func TestGlobSetSpecBitmaskExample(t *testing.T) {
	enc := idsHex(t, "05 0000000000 42 01 EB 50 00")
	want := idsGlob(idsR(1, 3), idsR(5, 5), idsR(7, 9))
	got, n, err := mapi.ParseGlobSet(enc, nil)
	if err != nil || n != len(enc) {
		t.Fatalf("decode: %v (consumed %d of %d)", err, n, len(enc))
	}
	if !got.Equal(want) {
		t.Errorf("decode = %v, want %v", &got, want)
	}
	b, err := want.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, enc) {
		t.Errorf("encode = % X, want % X", b, enc)
	}
	if got.Len() != 7 {
		t.Errorf("Len = %d, want 7", got.Len())
	}
}

// Encodings of the deterministic encoder, both directions. Each case notes
// the command choice ([MS-OXCFXICS] 3.1.5.4.3.1 leaves it to the
// implementation).
func TestGlobSetEncoding(t *testing.T) {
	tests := []struct {
		name string
		set  *mapi.GlobSet
		wire string
	}{
		{"empty: End only", idsGlob(), "00"},
		{"singleton: Push of 6 bytes", idsGlob(idsR(1, 1)), "06 000000000001 00"},
		{"singleton high", idsGlob(idsR(0x123456789ABC, 0x123456789ABC)), "06 123456789ABC 00"},
		{"all 2^48 counters: one Range", idsGlob(idsR(0, mapi.MaxGlobalCounter)), "52 000000000000 FFFFFFFFFFFF 00"},
		{"short range under 5 common bytes", idsGlob(idsR(1, 0x10)), "05 0000000000 52 01 10 50 00"},
		{"range over the low byte", idsGlob(idsR(0x100, 0x1FF)), "05 0000000001 52 00 FF 50 00"},
		{"3 common bytes: Push+Range+Pop", idsGlob(idsR(0x10000, 0x2FFFF)), "03 000000 52 010000 02FFFF 50 00"},
		{"2 common bytes: plain Range", idsGlob(idsR(0x1000000, 0x2FFFFFF)), "52 000001000000 000002FFFFFF 00"},
		{"two groups", idsGlob(idsR(1, 2), idsR(0x010000000001, 0x010000000001)), "05 0000000000 52 01 02 50 06 010000000001 00"},
		{"bitmask then tail range", idsGlob(idsR(1, 1), idsR(5, 20)), "05 0000000000 42 01 F8 52 0A 14 50 00"},
		{"across a low-byte boundary", idsGlob(idsR(0xFE, 0xFF), idsR(0x101, 0x101)), "04 00000000 52 00FE 00FF 02 0101 50 00"},
		{"bitmask at the top of the low byte", idsGlob(idsR(0xF8, 0xF8), idsR(0xFA, 0xFF)), "05 0000000000 42 F8 7E 50 00"},
	}
	for _, tt := range tests {
		want := idsHex(t, tt.wire)
		got, err := tt.set.AppendBinary(nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: encode = % X\n want % X", tt.name, got, want)
		}
		dec, n, err := mapi.ParseGlobSet(want, nil)
		if err != nil || n != len(want) || !dec.Equal(tt.set) {
			t.Errorf("%s: decode = %v, %d, %v; want %v", tt.name, &dec, n, err, tt.set)
		}
	}
}

func TestGlobSetDecoding(t *testing.T) {
	tests := []struct {
		name string
		wire string
		want *mapi.GlobSet // nil: an error
	}{
		{"empty input", "", nil},
		{"no End", "06 000000000001", nil},
		{"pop on empty stack", "50 00", nil},
		{"pop after a 6-byte push (it is undone by itself)", "06 000000000001 50 00", nil},
		{"bitmask without 5 common bytes", "04 00000000 42 01 02 50 00", nil},
		{"bitmask passes 0xFF", "05 0000000000 42 FA FF 50 00", nil},
		{"bitmask up to 0xFF", "05 0000000000 42 FA 1F 50 00", idsGlob(idsR(0xFA, 0xFF))},
		{"unknown command", "07 00", nil},
		{"range low above high", "52 000000000002 000000000001 00", nil},
		{"push past 6 bytes", "04 00000000 03 000000 00", nil},
		{"truncated range", "52 0000000000", nil},
		{"truncated bitmask", "05 0000000000 42 01", nil},
		{"End with bytes left on the stack (tolerated)", "02 0000 00", idsGlob()},
		{"unsorted singletons", "06 000000000005 06 000000000001 00", idsGlob(idsR(1, 1), idsR(5, 5))},
		{"overlapping ranges merge", "52 000000000001 000000000005 52 000000000003 000000000009 00", idsGlob(idsR(1, 9))},
		{"adjacent ranges merge", "05 0000000000 52 01 02 52 03 04 50 00", idsGlob(idsR(1, 4))},
		{"nested pushes", "02 0000 02 0000 01 00 52 05 06 50 50 50 00", idsGlob(idsR(5, 6))},
	}
	for _, tt := range tests {
		got, _, err := mapi.ParseGlobSet(idsHex(t, tt.wire), nil)
		if tt.want == nil {
			var se *mapi.StructureError
			if !errors.As(err, &se) || se.Offset < 0 {
				t.Errorf("%s: err = %v, want a located *StructureError", tt.name, err)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("%s: = %v, %v; want %v", tt.name, &got, err, tt.want)
		}
	}
	// ParseGlobSet stops after End and reports the bytes consumed.
	if _, n, err := mapi.ParseGlobSet([]byte{0x00, 0xFF}, nil); err != nil || n != 1 {
		t.Errorf("consumed %d, %v", n, err)
	}
}

// A range of 2^48 counters stays one range: decoding hostile input never
// expands a range.
func TestGlobSetHugeRange(t *testing.T) {
	s, _, err := mapi.ParseGlobSet(idsHex(t, "52 000000000000 FFFFFFFFFFFF 00"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 1<<48 || len(s.Ranges()) != 1 || !s.Contains(0x123456789) {
		t.Fatalf("Len %d, %d ranges", s.Len(), len(s.Ranges()))
	}
	s.Remove(0x123456789)
	if s.Len() != 1<<48-1 || len(s.Ranges()) != 2 || s.Contains(0x123456789) {
		t.Fatalf("after Remove: %v", &s)
	}
	n := 0
	for c := range s.All() {
		if c != uint64(n) {
			t.Fatalf("All yielded %d at %d", c, n)
		}
		if n++; n == 1000 {
			break
		}
	}
}

func TestGlobSetLimit(t *testing.T) {
	in := idsHex(t, "06 000000000001 06 000000000003 06 000000000005 00")
	if _, _, err := mapi.ParseGlobSet(in, &mapi.IDSetOptions{MaxRanges: 2}); !errors.Is(err, mapi.ErrIDSetLimit) {
		t.Errorf("err = %v, want ErrIDSetLimit", err)
	}
	if _, _, err := mapi.ParseGlobSet(in, &mapi.IDSetOptions{MaxRanges: 3}); err != nil {
		t.Errorf("err = %v", err)
	}
	// A bitmask command counts every range it produces.
	bm := idsHex(t, "05 0000000000 42 01 EB 50 00")
	if _, _, err := mapi.ParseGlobSet(bm, &mapi.IDSetOptions{MaxRanges: 2}); !errors.Is(err, mapi.ErrIDSetLimit) {
		t.Errorf("bitmask: err = %v, want ErrIDSetLimit", err)
	}
	// The budget spans all GLOBSETs of an IDSET.
	ids := idsHex(t, "0100 06 000000000001 00 0200 06 000000000001 00")
	if _, err := mapi.ParseIDSet(ids, &mapi.IDSetOptions{MaxRanges: 1}); !errors.Is(err, mapi.ErrIDSetLimit) {
		t.Errorf("IDSET: err = %v, want ErrIDSetLimit", err)
	}
}

// The set operations agree with a map model under random operations.
func TestGlobSetModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var s mapi.GlobSet
	model := map[uint64]bool{}
	const space = 300
	for i := 0; i < 20000; i++ {
		c := rng.Uint64N(space)
		switch op := rng.IntN(10); {
		case op < 4:
			if got, want := s.Add(c), !model[c]; got != want {
				t.Fatalf("Add(%d) = %v, want %v", c, got, want)
			}
			model[c] = true
		case op < 6:
			if got, want := s.Remove(c), model[c]; got != want {
				t.Fatalf("Remove(%d) = %v, want %v", c, got, want)
			}
			delete(model, c)
		case op < 8:
			hi := c + rng.Uint64N(20)
			s.AddRange(c, hi)
			for x := c; x <= hi; x++ {
				model[x] = true
			}
		case op < 9:
			hi := c + rng.Uint64N(20)
			s.RemoveRange(c, hi)
			for x := c; x <= hi; x++ {
				delete(model, x)
			}
		default:
			var t2 mapi.GlobSet
			tm := map[uint64]bool{}
			for k := 0; k < 5; k++ {
				lo := rng.Uint64N(space)
				hi := lo + rng.Uint64N(30)
				t2.AddRange(lo, hi)
				for x := lo; x <= hi; x++ {
					tm[x] = true
				}
			}
			switch rng.IntN(3) {
			case 0:
				s.Union(&t2)
				for x := range tm {
					model[x] = true
				}
			case 1:
				s.Subtract(&t2)
				for x := range tm {
					delete(model, x)
				}
			case 2:
				s.Intersect(&t2)
				for x := range model {
					if !tm[x] {
						delete(model, x)
					}
				}
				// Refill so that the set does not stay empty.
				s.AddRange(0, 100)
				for x := uint64(0); x <= 100; x++ {
					model[x] = true
				}
			}
		}
		if i%97 == 0 {
			idsCheckModel(t, &s, model)
		}
	}
	idsCheckModel(t, &s, model)
}

func idsCheckModel(t *testing.T, s *mapi.GlobSet, model map[uint64]bool) {
	t.Helper()
	want := slices.Sorted(maps.Keys(model))
	got := slices.Collect(s.All())
	if !slices.Equal(got, want) {
		t.Fatalf("set %v\nwant %v", got, want)
	}
	if s.Len() != uint64(len(want)) {
		t.Fatalf("Len %d, want %d", s.Len(), len(want))
	}
	rs := s.Ranges()
	for i := range rs {
		if rs[i].Low > rs[i].High || (i > 0 && rs[i].Low <= rs[i-1].High+1) {
			t.Fatalf("ranges not canonical: %v", rs)
		}
	}
	for c := uint64(0); c < 330; c++ {
		if s.Contains(c) != model[c] {
			t.Fatalf("Contains(%d) = %v", c, s.Contains(c))
		}
	}
	b, err := s.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	back, n, err := mapi.ParseGlobSet(b, nil)
	if err != nil || n != len(b) || !back.Equal(s) {
		t.Fatalf("round trip of %v: %v, %v (% X)", s, &back, err, b)
	}
}

func TestGlobSetBounds(t *testing.T) {
	var s mapi.GlobSet
	if s.Add(mapi.MaxGlobalCounter+1) || !s.IsEmpty() {
		t.Error("added a counter above 48 bits")
	}
	s.AddRange(5, 4)
	s.AddRange(1, mapi.MaxGlobalCounter+1)
	if !s.IsEmpty() {
		t.Errorf("invalid ranges added: %v", &s)
	}
	s.AddRange(mapi.MaxGlobalCounter, mapi.MaxGlobalCounter)
	s.AddRange(0, 0)
	if s.Len() != 2 || s.String() != "[0 FFFFFFFFFFFF]" {
		t.Errorf("%v", &s)
	}
	c := s.Clone()
	c.Add(7)
	if s.Contains(7) {
		t.Error("Clone shares storage")
	}
}

func TestIDSet(t *testing.T) {
	var s mapi.IDSet
	for _, id := range []mapi.ID{mapi.MakeID(2, 5), mapi.MakeID(1, 1), mapi.MakeID(1, 2)} {
		if !s.Add(id) {
			t.Errorf("Add(%v) = false", id)
		}
	}
	if s.Add(mapi.MakeID(1, 2)) {
		t.Error("second Add reported a change")
	}
	// REPLID-based form ([MS-OXCFXICS] 2.2.2.4.1): REPLIDs ascending.
	want := idsHex(t, "0100 05 0000000000 52 01 02 50 00  0200 06 000000000005 00")
	b, err := s.AppendBinary(nil)
	if err != nil || !bytes.Equal(b, want) {
		t.Fatalf("encode = % X, %v\nwant % X", b, err, want)
	}
	back, err := mapi.ParseIDSet(b, nil)
	if err != nil || !back.Equal(&s) {
		t.Fatalf("decode = %v, %v", &back, err)
	}
	if got := slices.Collect(back.All()); !slices.Equal(got, []mapi.ID{mapi.MakeID(1, 1), mapi.MakeID(1, 2), mapi.MakeID(2, 5)}) {
		t.Errorf("All = %v", got)
	}
	if s.Len() != 3 || !s.Contains(mapi.MakeID(2, 5)) || s.Contains(mapi.MakeID(3, 5)) || s.Contains(mapi.MakeID(2, 4)) {
		t.Errorf("Len/Contains wrong: %v", &s)
	}
	if r := s.Replicas(); !slices.Equal(r, []uint16{1, 2}) {
		t.Errorf("Replicas = %v", r)
	}
	// Removing the last ID of a replica drops the replica.
	if !s.Remove(mapi.MakeID(2, 5)) || s.Remove(mapi.MakeID(2, 5)) || len(s.Replicas()) != 1 {
		t.Errorf("Remove: %v", &s)
	}
	var u mapi.IDSet
	u.AddRange(1, 3, 10)
	u.AddRange(7, 1, 1)
	s.Union(&u)
	if s.String() != "{1:[1-A] 7:[1]}" || s.Len() != 11 {
		t.Errorf("Union = %v (Len %d)", &s, s.Len())
	}
	// Subtract drops emptied replicas; Intersect keeps the common IDs.
	var sub mapi.IDSet
	sub.AddRange(7, 0, 5)
	sub.AddRange(1, 2, 4)
	sub.AddRange(9, 1, 1)
	diff := s.Clone()
	diff.Subtract(&sub)
	if diff.String() != "{1:[1 5-A]}" {
		t.Errorf("Subtract = %v", &diff)
	}
	both := s.Clone()
	both.Intersect(&sub)
	if both.String() != "{1:[2-4] 7:[1]}" {
		t.Errorf("Intersect = %v", &both)
	}
	// The empty set is zero bytes; a replica with an empty GLOBSET is dropped.
	var empty mapi.IDSet
	if b, _ := empty.AppendBinary(nil); len(b) != 0 {
		t.Errorf("empty = % X", b)
	}
	e2, err := mapi.ParseIDSet(idsHex(t, "0100 00"), nil)
	if err != nil || !e2.IsEmpty() {
		t.Errorf("empty GLOBSET: %v, %v", &e2, err)
	}
	// A replica twice gets the union.
	d, err := mapi.ParseIDSet(idsHex(t, "0100 06 000000000003 00 0100 06 000000000001 00"), nil)
	if err != nil || d.String() != "{1:[1 3]}" {
		t.Errorf("duplicate replica: %v, %v", &d, err)
	}
	for _, bad := range []string{"01", "0100", "0100 06 0000"} {
		if _, err := mapi.ParseIDSet(idsHex(t, bad), nil); err == nil {
			t.Errorf("ParseIDSet(%s) succeeded", bad)
		}
	}
}

func TestGIDSet(t *testing.T) {
	var s mapi.GIDSet
	s.Add(mapi.MakeGID(idsGUIDB, 0x10))
	s.Add(mapi.MakeGID(idsGUIDA, 1))
	s.AddRange(idsGUIDA, 2, 3)
	// REPLGUID-based form ([MS-OXCFXICS] 2.2.2.4.2): GUIDs in byte order.
	want := idsHex(t, hex16(idsGUIDA)+"05 0000000000 52 01 03 50 00"+hex16(idsGUIDB)+"06 000000000010 00")
	b, err := s.AppendBinary(nil)
	if err != nil || !bytes.Equal(b, want) {
		t.Fatalf("encode = % X, %v\nwant % X", b, err, want)
	}
	back, err := mapi.ParseGIDSet(b, nil)
	if err != nil || !back.Equal(&s) || back.Len() != 4 {
		t.Fatalf("decode = %v, %v", &back, err)
	}
	if !back.Contains(mapi.MakeGID(idsGUIDA, 3)) || back.Contains(mapi.MakeGID(idsGUIDC, 3)) {
		t.Error("Contains wrong")
	}
	if g := slices.Collect(back.All()); len(g) != 4 || g[3] != mapi.MakeGID(idsGUIDB, 0x10) {
		t.Errorf("All = %v", g)
	}
	// REPLID <-> REPLGUID conversion.
	ids, err := s.ToIDSet(func(g mapi.GUID) (uint16, error) {
		if g == idsGUIDA {
			return 1, nil
		}
		return 2, nil
	})
	if err != nil || ids.String() != "{1:[1-3] 2:[10]}" {
		t.Fatalf("ToIDSet = %v, %v", &ids, err)
	}
	again, err := ids.ToGIDSet(func(r uint16) (mapi.GUID, error) {
		return map[uint16]mapi.GUID{1: idsGUIDA, 2: idsGUIDB}[r], nil
	})
	if err != nil || !again.Equal(&s) {
		t.Errorf("ToGIDSet = %v, %v", &again, err)
	}
	errMap := errors.New("unmapped")
	if _, err := ids.ToGIDSet(func(uint16) (mapi.GUID, error) { return mapi.GUID{}, errMap }); !errors.Is(err, errMap) {
		t.Errorf("mapping error lost: %v", err)
	}
	var sub mapi.GIDSet
	sub.AddRange(idsGUIDA, 2, 9)
	sub.Add(mapi.MakeGID(idsGUIDC, 1))
	diff := s.Clone()
	diff.Subtract(&sub)
	if diff.Len() != 2 || !diff.Contains(mapi.MakeGID(idsGUIDA, 1)) || diff.Contains(mapi.MakeGID(idsGUIDA, 2)) {
		t.Errorf("Subtract = %v", &diff)
	}
	both := s.Clone()
	both.Intersect(&sub)
	if both.Len() != 2 || len(both.GUIDs()) != 1 || !both.Contains(mapi.MakeGID(idsGUIDA, 3)) {
		t.Errorf("Intersect = %v", &both)
	}
	if !s.Remove(mapi.MakeGID(idsGUIDB, 0x10)) || len(s.GUIDs()) != 1 {
		t.Errorf("Remove: %v", &s)
	}
	if _, err := mapi.ParseGIDSet(idsHex(t, hex16(idsGUIDA)), nil); err == nil {
		t.Error("GUID without GLOBSET parsed")
	}
}

func FuzzGlobset(f *testing.F) {
	for _, v := range idsVectors(f, "globset") {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, n, err := mapi.ParseGlobSet(b, nil)
		if err != nil {
			return
		}
		if n < 1 || n > len(b) {
			t.Fatalf("consumed %d of %d", n, len(b))
		}
		enc, err := s.AppendBinary(nil)
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		s2, n2, err := mapi.ParseGlobSet(enc, nil)
		if err != nil || n2 != len(enc) || !s2.Equal(&s) {
			t.Fatalf("round trip: %v -> % X -> %v, %v", &s, enc, &s2, err)
		}
		enc2, _ := s2.AppendBinary(nil)
		if !bytes.Equal(enc, enc2) {
			t.Fatalf("encoding not deterministic: % X vs % X", enc, enc2)
		}
		if len(enc) > 2*n+1 {
			t.Fatalf("re-encoding of %d bytes grew to %d", n, len(enc))
		}
	})
}

func FuzzIDSet(f *testing.F) {
	for _, v := range idsVectors(f, "idset") {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if s, err := mapi.ParseIDSet(b, nil); err == nil {
			enc, err := s.AppendBinary(nil)
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			s2, err := mapi.ParseIDSet(enc, nil)
			if err != nil || !s2.Equal(&s) || s2.Len() != s.Len() {
				t.Fatalf("REPLID round trip: %v -> % X -> %v, %v", &s, enc, &s2, err)
			}
			if enc2, _ := s2.AppendBinary(nil); !bytes.Equal(enc, enc2) {
				t.Fatal("REPLID encoding not deterministic")
			}
		}
		if s, err := mapi.ParseGIDSet(b, nil); err == nil {
			enc, err := s.AppendBinary(nil)
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			s2, err := mapi.ParseGIDSet(enc, nil)
			if err != nil || !s2.Equal(&s) || s2.Len() != s.Len() {
				t.Fatalf("REPLGUID round trip: %v -> % X -> %v, %v", &s, enc, &s2, err)
			}
		}
	})
}

// idsSparse returns an IDSet of n sparse message IDs of replica 1: gaps of
// 1 to 40 counters, as a folder whose messages were mostly deleted.
func idsSparse(n int) *mapi.IDSet {
	rng := rand.New(rand.NewPCG(7, 7))
	var s mapi.IDSet
	c := uint64(0x10000)
	for i := 0; i < n; i++ {
		c += 1 + rng.Uint64N(40)
		s.Add(mapi.MakeID(1, c))
	}
	return &s
}

func BenchmarkIDSetEncode(b *testing.B) {
	s := idsSparse(10000)
	buf, _ := s.AppendBinary(nil)
	b.ReportAllocs()
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		var err error
		if buf, err = s.AppendBinary(buf[:0]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIDSetDecode(b *testing.B) {
	s := idsSparse(10000)
	buf, _ := s.AppendBinary(nil)
	b.ReportAllocs()
	b.SetBytes(int64(len(buf)))
	for b.Loop() {
		d, err := mapi.ParseIDSet(buf, nil)
		if err != nil || d.Len() != 10000 {
			b.Fatal(err, d.Len())
		}
	}
}

func BenchmarkIDSetAdd(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		idsSparse(10000)
	}
}

// String never panics, and the read-only GlobSet methods take a nil set
// (IDSet.Counters returns nil for an absent replica).
func TestNilSafety(t *testing.T) {
	var ids mapi.IDSet
	g := ids.Counters(9)
	if g != nil || g.Contains(1) || g.Len() != 0 || !g.IsEmpty() || g.String() != "[]" {
		t.Errorf("nil GlobSet: %v", g)
	}
	if b, err := g.AppendBinary(nil); err != nil || !bytes.Equal(b, []byte{0}) {
		t.Errorf("nil GlobSet encodes as % X, %v", b, err)
	}
	for _, s := range []interface{ String() string }{
		(*mapi.IDSet)(nil), (*mapi.GIDSet)(nil),
		(*mapi.FolderEntryID)(nil), (*mapi.MessageEntryID)(nil), (*mapi.StoreEntryID)(nil),
		(*mapi.OneOffEntryID)(nil), (*mapi.AddressBookEntryID)(nil), (*mapi.EphemeralEntryID)(nil),
		(*mapi.GenericEntryID)(nil), (*mapi.ContactAddressEntryID)(nil),
	} {
		if s.String() != "<nil>" {
			t.Errorf("%T: %q", s, s.String())
		}
	}
}

// The encoder is compact: a contiguous run is one command whatever its
// length, and clustered IDs use bitmasks (3 bytes for up to 9 counters).
func TestGlobSetCompact(t *testing.T) {
	var run mapi.GlobSet
	run.AddRange(1, 1_000_000)
	b, _ := run.AppendBinary(nil)
	if len(b) > 14 { // at most a 6-byte Range and End
		t.Errorf("a run of 10^6 takes %d bytes: % X", len(b), b)
	}
	var alt mapi.GlobSet
	for c := uint64(0); c < 20000; c += 2 {
		alt.Add(c)
	}
	b, _ = alt.AppendBinary(nil)
	// 10,000 counters, five per bitmask: about 6,000 bytes plus the
	// pushes of the common bytes.
	if len(b) > 6500 {
		t.Errorf("10,000 alternate counters take %d bytes", len(b))
	}
	back, _, err := mapi.ParseGlobSet(b, nil)
	if err != nil || !back.Equal(&alt) || back.Len() != 10000 {
		t.Fatalf("round trip: %v", err)
	}
}

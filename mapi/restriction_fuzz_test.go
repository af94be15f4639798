package mapi

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// restrictionSeeds returns the encodings of the table vectors in one width
// plus every testdata/restriction/*.hex file (hex text; files ending in
// "-32.hex" are 32-bit encodings, the others 16-bit). Crashers found by
// fuzzing are committed there as regression seeds.
func restrictionSeeds(t testing.TB, wide bool) [][]byte {
	var out [][]byte
	for _, v := range restrictionVectors {
		h := v.hex16
		if wide && v.hex32 != "" {
			h = v.hex32
		}
		out = append(out, resHex(t, h))
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "restriction", "*.hex"))
	for _, f := range files {
		if strings.HasSuffix(f, "-32.hex") != wide {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, resHex(t, string(data)))
	}
	return out
}

// The testdata seeds are valid restrictions of their width.
func TestRestrictionTestdata(t *testing.T) {
	for _, wide := range []bool{false, true} {
		parse := ParseRestriction16
		if wide {
			parse = ParseRestriction32
		}
		for i, b := range restrictionSeeds(t, wide) {
			if _, n, err := parse(b); err != nil || n != len(b) {
				t.Errorf("seed %d (wide %v): n=%d/%d err=%v", i, wide, n, len(b), err)
			}
		}
	}
}

// FuzzRestriction16 checks that whatever ParseRestriction16 accepts
// encodes, decodes again to the same tree, and encodes to the same bytes
// (append(parse(append(parse(x)))) == append(parse(x))), and that
// Evaluate never panics on it.
func FuzzRestriction16(f *testing.F) {
	for _, s := range restrictionSeeds(f, false) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRestriction(t, data, ParseRestriction16, AppendRestriction16)
	})
}

// FuzzRestriction32 is FuzzRestriction16 for the 32-bit-count form.
func FuzzRestriction32(f *testing.F) {
	for _, s := range restrictionSeeds(f, true) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRestriction(t, data, ParseRestriction32, AppendRestriction32)
	})
}

func fuzzRestriction(t *testing.T, data []byte,
	parse func([]byte) (Restriction, int, error),
	appendR func([]byte, Restriction) ([]byte, error)) {
	r, n, err := parse(data)
	if err != nil {
		if r != nil || n != 0 {
			t.Fatalf("error %v with r=%#v n=%d", err, r, n)
		}
		return
	}
	if n <= 0 || n > len(data) {
		t.Fatalf("consumed %d of %d bytes", n, len(data))
	}
	b1, err := appendR(nil, r)
	if err != nil {
		t.Fatalf("parsed restriction does not encode: %v\n%#v", err, r)
	}
	r2, n2, err := parse(b1)
	if err != nil {
		t.Fatalf("re-parse: %v\n% X", err, b1)
	}
	if n2 != len(b1) {
		t.Fatalf("re-parse consumed %d of %d bytes", n2, len(b1))
	}
	// %#v rather than reflect.DeepEqual so that NaN equals NaN.
	if s1, s2 := fmt.Sprintf("%#v", r), fmt.Sprintf("%#v", r2); s1 != s2 {
		t.Fatalf("round trip changed the tree:\n%s\n%s", s1, s2)
	}
	b2, err := appendR(nil, r2)
	if err != nil || !bytes.Equal(b1, b2) {
		t.Fatalf("encoding not stable: %v\n% X\n% X", err, b1, b2)
	}
	// The evaluator must cope with anything the parser accepts.
	_, _ = Evaluate(r, testBag())
}

// FuzzSortOrderSet checks that ParseSortOrderSet and AppendSortOrderSet
// are exact inverses on every accepted input.
func FuzzSortOrderSet(f *testing.F) {
	f.Add(resHex(f, "02 00 01 00 01 00 1f 30 08 80 00 40 00 06 0e 01")) // MS-OXCTABL 4.3.1
	f.Add(resHex(f, "0000 0000 0000"))
	f.Add(resHex(f, "0200 0100 0000 1F003700 00 40000E06 04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, n, err := ParseSortOrderSet(data)
		if err != nil {
			return
		}
		out, err := AppendSortOrderSet(nil, s)
		if err != nil {
			t.Fatalf("parsed set does not encode: %v", err)
		}
		if !bytes.Equal(out, data[:n]) {
			t.Fatalf("append(parse(x)) != x:\n% X\n% X", out, data[:n])
		}
		// Compare must not panic on arbitrary keys.
		s.Compare(testBag(), &Bag{})
	})
}

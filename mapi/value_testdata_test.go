package mapi

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// vector is one file of testdata/propvalue, testdata/propname or
// testdata/proprow: '#' comment lines, optional "# width: 32" and
// "# columns: 0x... 0x..." lines, and hex bytes.
type vector struct {
	name string
	w32  bool
	cols []PropTag
	data []byte
}

func loadVectors(t testing.TB, dir string) []vector {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", dir, "*.hex"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no vectors in testdata/%s: %v", dir, err)
	}
	var out []vector
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		v := vector{name: filepath.Base(f)}
		var hexText strings.Builder
		for _, line := range strings.Split(string(raw), "\n") {
			switch {
			case strings.HasPrefix(line, "# width: 32"):
				v.w32 = true
			case strings.HasPrefix(line, "# columns:"):
				for _, c := range strings.Fields(strings.TrimPrefix(line, "# columns:")) {
					n, err := strconv.ParseUint(c, 0, 32)
					if err != nil {
						t.Fatalf("%s: column %q: %v", f, c, err)
					}
					v.cols = append(v.cols, PropTag(n))
				}
			case strings.HasPrefix(line, "#"):
			default:
				hexText.WriteString(line)
			}
		}
		v.data = vtHex(t, hexText.String())
		out = append(out, v)
	}
	return out
}

// TestVectorFiles decodes every testdata vector and checks that it
// re-encodes to the same bytes.
func TestVectorFiles(t *testing.T) {
	for _, v := range loadVectors(t, "propvalue") {
		parse, app := ParseTaggedPropertyValue16, AppendTaggedPropertyValue16
		if v.w32 {
			parse, app = ParseTaggedPropertyValue32, AppendTaggedPropertyValue32
		}
		pv, n, err := parse(v.data)
		if err != nil || n != len(v.data) {
			t.Fatalf("%s: %d/%d %v", v.name, n, len(v.data), err)
		}
		if b, err := app(nil, pv); err != nil || !bytes.Equal(b, v.data) {
			t.Fatalf("%s: % X %v", v.name, b, err)
		}
	}
	for _, v := range loadVectors(t, "propname") {
		pn, n, err := ParsePropertyName(v.data)
		if err != nil || n != len(v.data) {
			t.Fatalf("%s: %v", v.name, err)
		}
		if b, err := AppendPropertyName(nil, pn); err != nil || !bytes.Equal(b, v.data) {
			t.Fatalf("%s: % X %v", v.name, b, err)
		}
	}
	for _, v := range loadVectors(t, "proprow") {
		row, n, err := ParsePropertyRow16(v.data, v.cols)
		if err != nil || n != len(v.data) {
			t.Fatalf("%s: %v", v.name, err)
		}
		if b, err := AppendPropertyRow16(nil, v.cols, row); err != nil || !bytes.Equal(b, v.data) {
			t.Fatalf("%s: % X %v", v.name, b, err)
		}
	}
}

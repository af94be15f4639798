package wbxml

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// seedCorpus adds every .wbxml file under testdata and the spec example.
func seedCorpus(f *testing.F) {
	f.Add(specSection3)
	filepath.WalkDir("testdata", func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(path) == ".wbxml" {
			if b, err := os.ReadFile(path); err == nil {
				f.Add(b)
			}
		}
		return nil
	})
	corpus, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*.xml"))
	for _, name := range corpus {
		if x, err := os.ReadFile(name); err == nil {
			if b, err := XMLToWBXML(bytes.NewReader(x)); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add(dehex("03 01 6A 00 45 C3 00 01"))
	f.Add(dehex("03 01 6A 05 41 42 00 43 00 45 83 00 83 03 01"))
}

// normalize maps a token list to what an encoder round trip preserves:
// empty text disappears, and text in byte-array elements becomes opaque.
func normalize(ts []tokenCopy) []tokenCopy {
	var out []tokenCopy
	var stack []Tag
	for _, t := range ts {
		switch t.Kind {
		case StartElement:
			stack = append(stack, t.Tag)
		case EndElement:
			stack = stack[:len(stack)-1]
		case Text:
			if t.Data == "" {
				continue
			}
			if stack[len(stack)-1].Opaque() {
				t.Kind = Opaque
			}
		}
		out = append(out, t)
	}
	return out
}

// FuzzTokens: decode → encode (token by token) → decode gives the same
// tokens.
func FuzzTokens(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		d := NewBytesDecoder(in, &Options{MaxDocumentSize: 1 << 20})
		var toks []tokenCopy
		var buf bytes.Buffer
		en := NewEncoder(&buf)
		for {
			tk, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				return
			}
			toks = append(toks, tokenCopy{tk.Kind, tk.Tag, string(tk.Data)})
			if tk.Kind == Text && bytes.IndexByte(tk.Data, 0) >= 0 {
				return // cannot happen for STR_I; STR_T cannot either
			}
			if err := en.EncodeToken(tk); err != nil {
				t.Fatalf("encode %+v: %v", tk, err)
			}
		}
		if err := en.Close(); err != nil {
			t.Fatal(err)
		}
		again, err := allTokens(NewBytesDecoder(buf.Bytes(), nil))
		if err != nil {
			t.Fatalf("re-decode: %v\n% X", err, buf.Bytes())
		}
		a, b := normalize(toks), normalize(again)
		if len(a) != len(b) {
			t.Fatalf("%d tokens, then %d", len(a), len(b))
		}
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("token %d: %+v then %+v", i, a[i], b[i])
			}
		}
	})
}

// FuzzTree: Parse → MarshalBinary → Parse gives the same tree, and so does
// the XML form where it is lossless.
func FuzzTree(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		e, err := Parse(in, &Options{MaxDocumentSize: 1 << 20})
		if err != nil {
			return
		}
		b, err := e.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		e2, err := Parse(b, nil)
		if err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		mustEqual(t, e2, e)
		b2, err := e2.MarshalBinary()
		if err != nil || !bytes.Equal(b, b2) {
			t.Fatalf("second encoding differs: %v", err)
		}
	})
}

// FuzzUnmarshal: Unmarshal → Marshal → Unmarshal gives the same struct.
func FuzzUnmarshal(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		var a folderSyncResponse
		if err := UnmarshalOptions(in, &a, &Options{MaxDocumentSize: 1 << 20}); err != nil {
			return
		}
		b, err := Marshal(&a)
		if err != nil {
			return // e.g. a NUL byte in a string that came from OPAQUE data
		}
		var c folderSyncResponse
		if err := Unmarshal(b, &c); err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if len(a.Extra) != len(c.Extra) {
			t.Fatalf("%d extra elements, then %d", len(a.Extra), len(c.Extra))
		}
		for i := range a.Extra {
			mustEqual(t, c.Extra[i], a.Extra[i])
		}
		a.Extra, c.Extra = nil, nil
		if !reflect.DeepEqual(a, c) {
			t.Fatalf("round trip differs:\n%+v\n%+v", a, c)
		}
	})
}

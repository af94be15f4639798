package ews

import (
	"strings"
	"testing"
)

// fastParse lays attributes of consecutive elements out in one slab; an
// attribute added to a parsed element afterwards must not overwrite its
// neighbour's, and elements past the first slab keep theirs.
func TestFastParseAttrSlab(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<r>`)
	for range attrSlab {
		b.WriteString(`<e a="1" b="2" c="3"/>`)
	}
	b.WriteString(`</r>`)
	doc, ok := fastParse([]byte(b.String()), 10)
	if !ok {
		t.Fatal("fastParse rejected plain XML")
	}
	es := doc.Root().ChildElements()
	if len(es) != attrSlab {
		t.Fatalf("got %d elements, want %d", len(es), attrSlab)
	}
	es[0].CreateAttr("d", "4")
	es[0].Attr[0].Value = "changed"
	for i, e := range es {
		want := []string{"1", "2", "3"}
		if i == 0 {
			want = []string{"changed", "2", "3", "4"}
		}
		if len(e.Attr) != len(want) {
			t.Fatalf("element %d has %d attributes, want %d", i, len(e.Attr), len(want))
		}
		for k, a := range e.Attr {
			if a.Value != want[k] || a.Element() != e {
				t.Fatalf("element %d attribute %d = %q (element ok %v), want %q", i, k, a.Value, a.Element() == e, want[k])
			}
		}
	}
}

package ews

import (
	"strings"
	"testing"

	"github.com/beevik/etree"
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

// childCounts sizes every child list of a plain request exactly (the
// slab saves the appends only then), and a child added to a parsed
// element afterwards lands in its own list, not in its neighbour's.
func TestFastParseChildSlab(t *testing.T) {
	req := `<?xml version="1.0" encoding="utf-8"?>` + "\n" +
		`<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="x" xmlns:m="y">` +
		"\n  <s:Header><t:RequestServerVersion Version=\"Exchange2016\"/></s:Header>\n" +
		`<s:Body><m:GetItem><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape>` +
		`<m:ItemIds><t:ItemId Id="AA=="/> <t:ItemId Id="BB"/><t:ItemId Id="C&gt;"></t:ItemId></m:ItemIds></m:GetItem></s:Body></s:Envelope>` + "\n"
	doc, ok := fastParse([]byte(req), 20)
	if !ok {
		t.Fatal("fastParse rejected plain XML")
	}
	var walk func(e *etree.Element)
	walk = func(e *etree.Element) {
		if len(e.Child) != cap(e.Child) {
			t.Errorf("<%s> has %d children in a list of capacity %d", e.Tag, len(e.Child), cap(e.Child))
		}
		for _, c := range e.ChildElements() {
			walk(c)
		}
	}
	walk(&doc.Element)
	ids := doc.FindElement("//ItemIds").ChildElements()
	if len(ids) != 3 {
		t.Fatalf("got %d ItemIds, want 3", len(ids))
	}
	ids[0].CreateElement("added")
	for i, e := range ids[1:] {
		if len(e.Child) > 0 {
			if c, ok := e.Child[0].(*etree.Element); ok && c.Tag == "added" {
				t.Fatalf("ItemId %d got its neighbour's child", i+1)
			}
		}
	}
	if len(ids[0].Child) != 1 || ids[0].Child[0].Parent() != ids[0] {
		t.Fatal("added child missing or misparented")
	}
}

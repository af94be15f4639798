package ews

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
)

func TestFilterHTML(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<p>Hello <b>world</b></p>`, `<p>Hello <b>world</b></p>`},
		{`<p>a<script>alert(1)</script>b</p>`, `<p>ab</p>`},
		{`<SCRIPT type="text/javascript">x</SCRIPT>ok`, `ok`},
		{`<a href="javascript:alert(1)" title="t">x</a>`, `<a title="t">x</a>`},
		{`<a href=" jav&#x09;ascript:alert(1)">x</a>`, `<a>x</a>`},
		{`<a href="https://example.com/" onclick="evil()">x</a>`, `<a href="https://example.com/">x</a>`},
		{`<img src="data:image/png;base64,AAAA" onerror="x()">`, `<img src="data:image/png;base64,AAAA">`},
		{`<img src="data:text/html,<script>">`, `<img>`},
		{`<iframe src="https://evil.example/"><p>inner</p></iframe>after`, `after`},
		{`<object data="x.swf"><embed src="x.swf"></object>z`, `z`},
		{`<div style="width: expression(alert(1))">d</div>`, `<div>d</div>`},
		{`<div style="color: red">d</div>`, `<div style="color: red">d</div>`},
		{`<style>p > b { color: red }</style>`, `<style>p > b { color: red }</style>`},
		{`<style>@import url(https://evil.example/x.css);</style>`, `<style></style>`},
		{`<meta http-equiv="refresh" content="0;url=https://evil.example/"><base href="https://evil.example/">t`, `t`},
		{`<form action="https://evil.example/"><input name="p"></form>`, `<input name="p">`},
		{`<!--[if IE]><script>x</script><![endif]-->c`, `c`},
		{`a &lt; b &amp; c`, `a &lt; b &amp; c`},
		{`<iframe><iframe></iframe>after</iframe>out`, `afterout`}, // iframe content is raw text: the first end tag closes it
		{`<object><object></object>inner</object>out`, `out`},
	} {
		if got := filterHTML(tc.in); got != tc.want {
			t.Errorf("filterHTML(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzFilterHTML checks that what filterHTML lets through, parsed again,
// has no active content left.
func FuzzFilterHTML(f *testing.F) {
	for _, s := range []string{`<p onclick=x>a</p>`, `<script>x</script>`, `<a href="javascript:x">`, `<iframe>`, `<style>a{}</style>`, `<img src=x onerror=y>`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := filterHTML(s)
		z := html.NewTokenizer(strings.NewReader(out))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			tok := z.Token()
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			if droppedWithContent[tok.DataAtom] || droppedTags[tok.DataAtom] {
				t.Fatalf("%q → %q keeps <%s>", s, out, tok.Data)
			}
			for _, a := range tok.Attr {
				k := strings.ToLower(a.Key)
				if strings.HasPrefix(k, "on") || (urlAttrs[k] && unsafeURL(a.Val)) || (k == "style" && unsafeStyle(a.Val)) {
					t.Fatalf("%q → %q keeps %s=%q", s, out, a.Key, a.Val)
				}
			}
		}
	})
}

const headerMIME = "From: Alice <alice@example.net>\r\nTo: user1@example.com\r\nSubject: Headers\r\nX-Tracking: abc 123\r\nX-Folded: one\r\n two\r\n" +
	"Message-ID: <h1@example.net>\r\nDate: Mon, 02 Jan 2006 15:04:05 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
	"<html><body><p onclick=\"steal()\">Hi</p><script>alert(1)</script></body></html>\r\n"

func TestBodiesAndHeaders(t *testing.T) {
	e := newEnv(t)
	id, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:MimeContent>`+base64.StdEncoding.EncodeToString([]byte(headerMIME))+`</t:MimeContent>`)
	other, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>no headers</t:Subject>`)
	get := func(version, shape, id string) *etree.Element {
		t.Helper()
		_, doc := e.postAs(user1, strings.Replace(envelope(`<m:GetItem><m:ItemShape>`+shape+`</m:ItemShape><m:ItemIds>`+itemID(id)+`</m:ItemIds></m:GetItem>`), `Version="Exchange2016"`, `Version="`+version+`"`, 1))
		return mustSuccess(t, doc)[0].FindElement("Items/*")
	}
	headers := func(m *etree.Element) []string {
		var out []string
		for _, h := range m.FindElements("InternetMessageHeaders/InternetMessageHeader") {
			out = append(out, h.SelectAttrValue("HeaderName", "")+"="+h.Text())
		}
		return out
	}
	// All headers, unfolded.
	m := get("Exchange2016", `<t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:InternetMessageHeaders"/></t:AdditionalProperties>`, id)
	hs := headers(m)
	if len(hs) != 9 || hs[3] != "X-Tracking=abc 123" || hs[4] != "X-Folded=one two" {
		t.Fatalf("headers %q", hs)
	}
	// One header by name, in any case.
	m = get("Exchange2016", `<t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:IndexedFieldURI FieldURI="item:InternetMessageHeader" FieldIndex="x-tracking"/></t:AdditionalProperties>`, id)
	if d := cmp.Diff([]string{"X-Tracking=abc 123"}, headers(m)); d != "" {
		t.Fatal(d)
	}
	// A saved item without transport headers has none.
	m = get("Exchange2016", `<t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:InternetMessageHeaders"/></t:AdditionalProperties>`, other)
	if m.SelectElement("InternetMessageHeaders") != nil {
		t.Fatal("headers on a saved item")
	}
	// Bodies: FilterHtmlContent applies to Body, UniqueBody and
	// NormalizedBody; TextBody is text.
	bodies := `<t:AdditionalProperties><t:FieldURI FieldURI="item:Body"/><t:FieldURI FieldURI="item:UniqueBody"/><t:FieldURI FieldURI="item:NormalizedBody"/><t:FieldURI FieldURI="item:TextBody"/></t:AdditionalProperties>`
	type bodyView struct{ El, Type, Text string }
	view := func(m *etree.Element) []bodyView {
		var out []bodyView
		for _, k := range m.ChildElements() {
			if k.Tag != "ItemId" {
				out = append(out, bodyView{k.Tag, k.SelectAttrValue("BodyType", ""), strings.TrimSpace(k.Text())})
			}
		}
		return out
	}
	m = get("Exchange2016", `<t:BaseShape>IdOnly</t:BaseShape><t:BodyType>HTML</t:BodyType><t:NormalizedBodyType>Text</t:NormalizedBodyType><t:FilterHtmlContent>true</t:FilterHtmlContent>`+bodies, id)
	clean := `<html><head></head><body><p>Hi</p></body></html>`
	got := view(m)
	for i := range got {
		got[i].Text = strings.ReplaceAll(got[i].Text, "\r\n", "")
	}
	want := []bodyView{{"Body", "HTML", ""}, {"UniqueBody", "HTML", ""}, {"NormalizedBody", "Text", "Hi"}, {"TextBody", "Text", "Hi"}}
	if len(got) != 4 {
		t.Fatalf("%+v", got)
	}
	for i, g := range got {
		if g.El != want[i].El || g.Type != want[i].Type {
			t.Fatalf("%d: %+v", i, g)
		}
		if g.Type == "HTML" {
			if strings.Contains(g.Text, "script") || strings.Contains(g.Text, "onclick") || !strings.Contains(g.Text, "<p>Hi</p>") {
				t.Fatalf("%s not filtered: %q (want like %q)", g.El, g.Text, clean)
			}
		} else if g.Text != want[i].Text {
			t.Fatalf("%s: %q", g.El, g.Text)
		}
	}
	// Without FilterHtmlContent the HTML is as stored.
	m = get("Exchange2016", `<t:BaseShape>IdOnly</t:BaseShape><t:BodyType>HTML</t:BodyType>`+bodies, id)
	if b := view(m)[0]; !strings.Contains(b.Text, "<script>") {
		t.Fatalf("unfiltered body %q", b.Text)
	}
	// Exchange2007 has none of the newer bodies; Exchange2010 has
	// UniqueBody only.
	for version, n := range map[string]int{"Exchange2007_SP1": 1, "Exchange2010_SP2": 2} {
		if got := view(get(version, `<t:BaseShape>IdOnly</t:BaseShape>`+bodies, id)); len(got) != n {
			t.Errorf("%s: %+v", version, got)
		}
	}
	// Restrictions on a header by name.
	find := func(header, value string) []string {
		got, f := findSubjects(t, e, `<m:Restriction><t:IsEqualTo><t:IndexedFieldURI FieldURI="item:InternetMessageHeader" FieldIndex="`+header+`"/>`+
			`<t:FieldURIOrConstant><t:Constant Value="`+value+`"/></t:FieldURIOrConstant></t:IsEqualTo></m:Restriction>`)
		if f != "" {
			return []string{f}
		}
		return got
	}
	if d := cmp.Diff([]string{"Headers"}, find("X-Tracking", "abc 123")); d != "" {
		t.Error(d)
	}
	if d := cmp.Diff([]string(nil), find("X-Tracking", "other")); d != "" {
		t.Error(d)
	}
	if d := cmp.Diff([]string(nil), find("X-Never-Seen", "x")); d != "" {
		t.Error(d)
	}
	if d := cmp.Diff([]string{"Headers"}, find("Message-ID", "&lt;h1@example.net&gt;")); d != "" {
		t.Error(d)
	}
	if d := cmp.Diff([]string{"ErrorUnsupportedPathForQuery"}, find("Received", "x")); d != "" {
		t.Error(d)
	}
}

package ews

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestHTMLToText renders the shapes real mail has ([MS-OXWSCDATA]
// 2.2.4.8 BodyType Text of an HTML-only item).
func TestHTMLToText(t *testing.T) {
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	for _, tc := range []struct{ name, in, want string }{
		{"paragraphs and entities",
			`<p>Hello&nbsp;&amp; welcome,</p><p>Tom &lt;3 &quot;Jerry&quot; &#8364;5 &eacute;</p>`,
			"Hello & welcome,\n\nTom <3 \"Jerry\" €5 é"},
		{"white space collapses as in browsers",
			"<div>  one\n\t two   three </div>\n\n<div>four</div>",
			"one two three\nfour"},
		{"br breaks lines, two give an empty line",
			`Line one<br>Line two<br/><br>Line four`,
			"Line one\nLine two\n\nLine four"},
		{"head, style, script and title are dropped",
			`<html><head><title>Subject</title><style>p{color:red}</style><script>var x = "<p>no</p>";</script></head><body><p>Visible</p><script>alert(1)</script><noscript>shown</noscript></body></html>`,
			"Visible\n\nshown"},
		{"unordered and nested ordered lists",
			`<ul><li>first</li><li>second<ol><li>a</li><li>b</li></ol></li><li>third</li></ul>`,
			"* first\n* second\n  1. a\n  2. b\n* third"},
		{"links: text <url>, bare addresses once",
			`See <a href="https://example.com/docs">the docs</a>, <a href="https://example.com/">example.com</a> or <a href="mailto:bob@example.com">bob@example.com</a> or <a href="#top">top</a>.`,
			"See the docs <https://example.com/docs>, example.com or bob@example.com or top."},
		{"tables: a row per line, cells tab-separated",
			`<table><tr><th>Name</th><th>Qty</th></tr><tr><td>Apple</td><td>3</td></tr><tr><td>Pear</td><td></td></tr></table>after`,
			"Name\tQty\nApple\t3\nPear\n\nafter"},
		{"block quotes get > prefixes",
			`<p>Reply</p><blockquote><p>quoted</p><p>two</p><blockquote>deeper</blockquote></blockquote><p>after</p>`,
			"Reply\n\n> quoted\n>\n> two\n>\n> > deeper\n\nafter"},
		{"pre keeps white space",
			"<p>Code:</p><pre>  if x {\n\treturn\n  }</pre><p>done</p>",
			"Code:\n\n  if x {\n\treturn\n  }\n\ndone"},
		{"hr and headings",
			`<h1>Title</h1>text<hr>end`,
			"Title\n\ntext\n\n----------------------------------------\n\nend"},
		{"image alt text",
			`<p>Logo: <img src="cid:logo" alt="ACME"> Inc</p><img src="x.png">`,
			"Logo: [ACME] Inc"},
		{"Outlook for Windows body",
			`<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><!--[if gte mso 9]><xml><o:shapedefaults v:ext="edit" spidmax="1026" /></xml><![endif]--><style><!-- p.MsoNormal {margin:0cm;} --></style></head><body lang=EN-US><div class=WordSection1><p class=MsoNormal>Hi Bob,<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Numbers attached.<o:p></o:p></p></div></body></html>`,
			"Hi Bob,\n\nNumbers attached."},
		{"Gmail body",
			`<div dir="ltr">Thanks!<div><br></div><div>Bob</div></div>`,
			"Thanks!\n\nBob"},
		{"unclosed markup", `<p>one<p>two<div>three`, "one\n\ntwo\nthree"},
		{"empty", ``, ""},
		{"text only", `just text`, "just text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := htmlToText(tc.in); got != crlf(tc.want) {
				t.Errorf("htmlToText(%q)\n got %q\nwant %q", tc.in, got, crlf(tc.want))
			}
		})
	}
}

// TestHTMLToTextLimits: deep nesting is bounded in the prefixes written.
func TestHTMLToTextLimits(t *testing.T) {
	in := strings.Repeat("<blockquote>", 1000) + "x" + strings.Repeat("</blockquote>", 1000)
	if got, want := htmlToText(in), strings.Repeat("> ", maxTextQuoteDepth)+"x"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	in = strings.Repeat("<ul><li>", 1000) + "x"
	got := htmlToText(in)
	if len(got) > 2*1000*2*maxTextListDepth {
		t.Errorf("list nesting gave %d bytes", len(got))
	}
}

// FuzzHTMLToText checks that rendering never panics and is stable: the
// text rendered again as <pre> (textToHTML) gives the same text.
func FuzzHTMLToText(f *testing.F) {
	for _, s := range []string{`<p>a &amp; b</p>`, `<ul><li>x<ol><li>y`, `<table><tr><td>a<td>b`, `<blockquote>q<br>r</blockquote>`, `<a href="http://x">y</a>`, "<pre> a\n\tb</pre>", `<script>x</script>`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := htmlToText(s)
		// The property holds for text XML can carry (textToHTML drops
		// other control characters).
		if !utf8.ValidString(s) || strings.ContainsFunc(out, func(r rune) bool { return r < 0x20 && r != '\t' && r != '\r' && r != '\n' || r == 0xFFFD }) {
			return
		}
		if again := htmlToText(textToHTML(out)); again != out {
			t.Fatalf("%q → %q → %q", s, out, again)
		}
	})
}

func BenchmarkHTMLToText(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`<html><head><style>p{margin:0}</style></head><body>`)
	for i := 0; i < 50; i++ {
		sb.WriteString(`<p class=MsoNormal>Paragraph with <b>bold</b>, <a href="https://example.com/page">a link</a> and &nbsp;entities &amp; more text to wrap around.</p>`)
		sb.WriteString(`<table><tr><td>cell</td><td>cell two</td></tr></table><ul><li>item one</li><li>item two</li></ul>`)
	}
	sb.WriteString(`</body></html>`)
	in := sb.String()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		htmlToText(in)
	}
}

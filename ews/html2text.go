package ews

import (
	"bytes"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTML-to-text rendering for BodyType Text, item:TextBody and the text of
// replies and forwards of HTML-only items ([MS-OXWSCDATA] 2.2.4.8
// BodyType: "Text" is the body as plain text).
//
// The renderer walks the token stream of golang.org/x/net/html (no tree is
// built, so memory stays proportional to the output) and lays the text out
// the way a browser's "save as text" does: runs of white space collapse to
// one space except inside <pre>; block elements start and end lines and
// paragraphs, headings, lists, tables, block quotes and rules are set off
// by a blank line; <br> breaks the line; list items get "* " (or "1. " in
// ordered lists), nested lists are indented; links whose text is not
// their address are written "text <url>"; table cells of one row are
// separated by a tab, each row on its own line; block quotes prefix
// their lines with "> "; entities are decoded, U+00A0 becomes a space,
// and script, style, title, template and other non-rendered elements are
// dropped. Lines end with CRLF, as in Exchange's text bodies.

// Limits of htmlToText.
const (
	// maxTextQuoteDepth bounds the "> " prefixes of nested block quotes.
	maxTextQuoteDepth = 16
	// maxTextListDepth bounds list nesting (indentation and counters).
	maxTextListDepth = 32
)

// htmlToText renders an HTML document or fragment as plain text (see the
// comment above). It never fails: malformed markup is read as browsers
// read it token by token.
func htmlToText(h string) string {
	r := textRenderer{}
	r.b = make([]byte, 0, len(h)/2)
	z := html.NewTokenizer(strings.NewReader(h))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return r.finish()
		case html.TextToken:
			if r.skip > 0 {
				continue
			}
			r.text(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			r.start(a, z, hasAttr, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			name, _ := z.TagName()
			r.end(atom.Lookup(name))
		}
	}
}

// textList is one open <ul> or <ol>.
type textList struct {
	ordered bool
	n       int // items so far
}

// textRenderer is htmlToText's state.
type textRenderer struct {
	b []byte
	// skip counts open elements whose content is not rendered.
	skip int
	// pre counts open <pre> (and similar) elements.
	pre int
	// quote is the block-quote depth.
	quote int
	// lists are the open lists, innermost last.
	lists []textList
	// cells counts the cells of the open table rows, innermost last.
	cells []int
	// nl is the line breaks the next text must follow (2: a blank line),
	// counting the trail already written since the last text.
	nl, trail int
	// space is a collapsed space due before the next word.
	space bool
	// lineStart is set when nothing was written on the current line.
	lineStart bool
	// href and linkStart are the open link's address and where its text
	// starts in b (href "" when no link is open).
	href      string
	linkStart int
	// prefix is text (a list marker) due at the start of the next line.
	prefix string
}

// skipped are the elements whose content is never rendered.
func skipped(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Title, atom.Template,
		atom.Object, atom.Iframe, atom.Noembed, atom.Noframes, atom.Select,
		atom.Textarea, atom.Svg, atom.Math, atom.Frameset, atom.Datalist:
		return true
	}
	return false
}

// blockBreaks returns the line breaks a block element's start and end
// ask for: 2 for elements set off by a blank line, 1 for other blocks, 0
// for inline elements.
func blockBreaks(a atom.Atom) int {
	switch a {
	case atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Table, atom.Blockquote, atom.Pre, atom.Hr, atom.Dl, atom.Figure,
		atom.Fieldset, atom.Address:
		return 2
	case atom.Div, atom.Li, atom.Tr, atom.Ul, atom.Ol, atom.Dt, atom.Dd,
		atom.Article, atom.Section, atom.Header, atom.Footer, atom.Nav,
		atom.Aside, atom.Main, atom.Form, atom.Center, atom.Caption,
		atom.Thead, atom.Tbody, atom.Tfoot, atom.Figcaption, atom.Details,
		atom.Summary, atom.Listing, atom.Plaintext, atom.Xmp, atom.Body, atom.Html:
		return 1
	}
	return 0
}

func (r *textRenderer) finish() string {
	r.closeLink()
	return strings.TrimRight(string(r.b), " \t\r\n")
}

// breakLine asks for at least n line breaks before the next text.
func (r *textRenderer) breakLine(n int) {
	r.nl = max(r.nl, n)
	r.space = false
}

// writeLineStart writes the due line breaks, then at the start of a line
// the quote prefix and the list marker.
func (r *textRenderer) writeLineStart() {
	if len(r.b) == 0 {
		r.nl = 0
		r.lineStart = true
	}
	r.flushBreaks()
	if r.lineStart {
		for range min(r.quote, maxTextQuoteDepth) {
			r.b = append(r.b, "> "...)
		}
		r.b = append(r.b, r.prefix...)
		r.prefix = ""
		r.lineStart = false
		r.space = false
	}
	r.trail = 0
}

// flushBreaks writes the due line breaks.
func (r *textRenderer) flushBreaks() {
	if len(r.b) == 0 {
		r.nl = 0
		return
	}
	for ; r.trail < r.nl; r.trail++ {
		r.newline()
	}
	r.nl = 0
}

// lineBreak asks for one more line break than is due or written (<br>,
// a newline in <pre>).
func (r *textRenderer) lineBreak() {
	if len(r.b) > 0 {
		r.nl = max(r.nl, r.trail) + 1
	}
	r.space = false
}

// newline ends the current line (trailing blanks dropped; an empty line
// of a quote keeps its ">").
func (r *textRenderer) newline() {
	for len(r.b) > 0 && (r.b[len(r.b)-1] == ' ' || r.b[len(r.b)-1] == '\t') {
		r.b = r.b[:len(r.b)-1]
	}
	if r.lineStart {
		for i := range min(r.quote, maxTextQuoteDepth) {
			if i > 0 {
				r.b = append(r.b, ' ')
			}
			r.b = append(r.b, '>')
		}
	}
	r.b = append(r.b, "\r\n"...)
	r.lineStart = true
}

// word starts a word: line start or the collapsed space before it.
func (r *textRenderer) word() {
	if r.nl > 0 || r.lineStart || len(r.b) == 0 {
		r.writeLineStart()
	} else if r.space {
		r.b = append(r.b, ' ')
	}
	r.space = false
}

// nbsp is U+00A0 in UTF-8.
var nbsp = []byte("\u00a0")

// text writes a text token (valid until the tokenizer's next call):
// white space collapsed outside <pre>.
func (r *textRenderer) text(s []byte) {
	if bytes.Contains(s, nbsp) {
		s = bytes.ReplaceAll(s, nbsp, []byte(" "))
	}
	if r.pre > 0 {
		for i, l := range bytes.Split(bytes.ReplaceAll(s, []byte("\r"), nil), []byte("\n")) {
			if i > 0 {
				r.lineBreak()
			}
			if len(l) > 0 {
				r.writeLineStart()
				r.b = append(r.b, l...)
			}
		}
		return
	}
	for len(s) > 0 {
		i := bytes.IndexFunc(s, isHTMLSpace)
		if i == 0 {
			j := bytes.IndexFunc(s, func(c rune) bool { return !isHTMLSpace(c) })
			if j < 0 {
				j = len(s)
			}
			r.space = true
			s = s[j:]
			continue
		}
		if i < 0 {
			i = len(s)
		}
		r.word()
		r.b = append(r.b, s[:i]...)
		s = s[i:]
	}
}

// isHTMLSpace reports ASCII white space as HTML defines it.
func isHTMLSpace(c rune) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

func (r *textRenderer) start(a atom.Atom, z *html.Tokenizer, hasAttr, selfClosing bool) {
	if skipped(a) {
		if !selfClosing {
			r.skip++
		}
		return
	}
	if r.skip > 0 {
		return
	}
	var href, alt string
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		switch string(k) {
		case "href":
			href = strings.TrimSpace(string(v))
		case "alt":
			alt = strings.TrimSpace(string(v))
		}
	}
	if n := blockBreaks(a); n > 0 {
		r.breakLine(n)
	}
	switch a {
	case atom.Br:
		r.lineBreak()
	case atom.Hr:
		r.writeLineStart()
		r.b = append(r.b, "----------------------------------------"...)
		r.breakLine(2)
	case atom.Pre, atom.Listing, atom.Xmp, atom.Plaintext:
		r.pre++
	case atom.Blockquote:
		r.flushBreaks()
		r.quote++
	case atom.Ul, atom.Ol:
		if len(r.lists) < maxTextListDepth {
			r.lists = append(r.lists, textList{ordered: a == atom.Ol})
		}
	case atom.Li:
		marker := "* "
		indent := 0
		if n := len(r.lists); n > 0 {
			l := &r.lists[n-1]
			l.n++
			if l.ordered {
				marker = strconv.Itoa(l.n) + ". "
			}
			indent = n - 1
		}
		r.prefix = strings.Repeat("  ", indent) + marker
	case atom.Tr:
		r.cells = append(r.cells, 0)
	case atom.Td, atom.Th:
		if n := len(r.cells); n > 0 {
			if r.cells[n-1] > 0 {
				r.writeLineStart()
				r.b = append(r.b, '\t')
				r.space = false
			}
			r.cells[n-1]++
		}
	case atom.A:
		r.closeLink()
		if href != "" {
			r.word()
			r.href, r.linkStart = href, len(r.b)
		}
	case atom.Img:
		if alt != "" {
			r.word()
			r.b = append(r.b, "["+alt+"]"...)
		}
	}
	if selfClosing {
		r.end(a)
	}
}

func (r *textRenderer) end(a atom.Atom) {
	if skipped(a) {
		if r.skip > 0 {
			r.skip--
		}
		return
	}
	if r.skip > 0 {
		return
	}
	switch a {
	case atom.Pre, atom.Listing, atom.Xmp, atom.Plaintext:
		if r.pre > 0 {
			r.pre--
		}
	case atom.Blockquote:
		if r.quote > 0 {
			// The quote's last line ends inside the quote.
			if len(r.b) > 0 && r.trail == 0 {
				r.newline()
				r.trail = 1
			}
			r.quote--
		}
	case atom.Ul, atom.Ol:
		if len(r.lists) > 0 {
			r.lists = r.lists[:len(r.lists)-1]
		}
		r.prefix = ""
	case atom.Tr:
		if len(r.cells) > 0 {
			r.cells = r.cells[:len(r.cells)-1]
		}
	case atom.A:
		r.closeLink()
	}
	if n := blockBreaks(a); n > 0 {
		r.breakLine(n)
	}
}

// closeLink ends the open link: its address follows its text in angle
// brackets unless the text already says it (or it is a fragment or
// script link).
func (r *textRenderer) closeLink() {
	href := r.href
	if href == "" {
		return
	}
	r.href = ""
	text := strings.ToLower(strings.TrimSpace(string(r.b[min(r.linkStart, len(r.b)):])))
	low := strings.ToLower(href)
	bare := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(low, "http://"), "https://"), "/")
	switch {
	case text == "", strings.HasPrefix(href, "#"), strings.HasPrefix(low, "javascript:"),
		strings.HasPrefix(low, "vbscript:"), strings.HasPrefix(low, "data:"), strings.HasPrefix(low, "cid:"):
		return
	case text == low, strings.TrimPrefix(low, "mailto:") == text, strings.TrimPrefix(low, "tel:") == text,
		bare == strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(text, "http://"), "https://"), "/"):
		return
	}
	r.b = append(r.b, " <"+href+">"...)
}

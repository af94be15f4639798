package ews

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxFilteredHTMLBytes bounds the HTML body FilterHtmlContent rewrites;
// a larger body is cut to this size first (its tail would be dropped by
// any client-side size limit anyway).
const maxFilteredHTMLBytes = 16 << 20

// droppedWithContent are elements FilterHtmlContent removes together with
// everything inside them: active content and external frames.
var droppedWithContent = map[atom.Atom]bool{
	atom.Script: true, atom.Iframe: true, atom.Frame: true, atom.Frameset: true,
	atom.Object: true, atom.Embed: true, atom.Applet: true, atom.Noembed: true,
	atom.Template: true,
}

// droppedTags are elements removed without their content: document-level
// elements that load or redirect (base, link, meta), forms and their
// controls' submission targets.
var droppedTags = map[atom.Atom]bool{
	atom.Base: true, atom.Link: true, atom.Meta: true, atom.Form: true,
}

// urlAttrs are attributes holding URLs a browser follows or loads.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "background": true,
	"lowsrc": true, "dynsrc": true, "data": true, "codebase": true, "cite": true,
	"poster": true, "xlink:href": true, "srcset": true,
}

// filterHTML is FilterHtmlContent ([MS-OXWSCDATA] 2.2.4.40
// ItemResponseShapeType): it removes script and other active content
// (script, iframe, frame, frameset, object, embed, applet elements with
// their content; base, link, meta and form tags), event handler
// attributes (on...), javascript:/vbscript:/data: URLs (data: images are
// kept), style attributes and style sheets with expression(), script
// URLs, behaviors or @import, and keeps the rest as written. Text and comments pass through (comments are
// dropped: IE's conditional comments can hide markup).
func filterHTML(s string) string {
	if len(s) > maxFilteredHTMLBytes {
		s = s[:maxFilteredHTMLBytes]
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var out bytes.Buffer
	out.Grow(len(s))
	skip := 0             // depth inside a dropped element
	var skipTag atom.Atom // the element being dropped
	inStyle := false      // inside <style>: raw CSS text
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			// io.EOF at the end; any other error (none for a string
			// reader) ends the body where it stopped.
			return out.String()
		case html.CommentToken, html.DoctypeToken:
			if tt == html.DoctypeToken && skip == 0 {
				out.Write(z.Raw())
			}
			continue
		}
		tok := z.Token()
		if skip > 0 {
			switch {
			case tt == html.StartTagToken && tok.DataAtom == skipTag:
				skip++
			case tt == html.EndTagToken && tok.DataAtom == skipTag:
				skip--
			}
			continue
		}
		switch tt {
		case html.TextToken:
			switch {
			case inStyle && unsafeStyle(tok.Data):
				// A style sheet that can run script or load more goes.
			case inStyle:
				out.WriteString(tok.Data) // raw text: no entities in CSS
			default:
				out.WriteString(html.EscapeString(tok.Data))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			if droppedWithContent[tok.DataAtom] {
				if tt == html.StartTagToken {
					skip, skipTag = 1, tok.DataAtom
				}
				continue
			}
			if droppedTags[tok.DataAtom] {
				continue
			}
			tok.Attr = safeAttrs(tok.Attr)
			out.WriteString(tok.String())
			inStyle = tt == html.StartTagToken && tok.DataAtom == atom.Style
		case html.EndTagToken:
			inStyle = false
			if droppedWithContent[tok.DataAtom] || droppedTags[tok.DataAtom] {
				continue
			}
			out.WriteString(tok.String())
		}
	}
}

// safeAttrs drops event handlers, script URLs and scripted styles.
func safeAttrs(attrs []html.Attribute) []html.Attribute {
	out := attrs[:0]
	for _, a := range attrs {
		k := strings.ToLower(a.Key)
		switch {
		case strings.HasPrefix(k, "on"):
			continue
		case urlAttrs[k] && unsafeURL(a.Val):
			continue
		case k == "style" && unsafeStyle(a.Val):
			continue
		case k == "http-equiv":
			continue
		}
		out = append(out, a)
	}
	return out
}

// unsafeURL reports whether a URL runs script when followed: javascript:,
// vbscript:, livescript: and data: other than images (browsers ignore
// whitespace and control characters inside the scheme).
func unsafeURL(v string) bool {
	var b strings.Builder
	for _, r := range v {
		if r <= ' ' {
			continue
		}
		b.WriteRune(r)
		if b.Len() > 16 {
			break
		}
	}
	s := strings.ToLower(b.String())
	for _, p := range []string{"javascript:", "vbscript:", "livescript:", "mocha:"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return strings.HasPrefix(s, "data:") && !strings.HasPrefix(s, "data:image/")
}

// unsafeStyle reports whether a style attribute can run script
// (IE's expression(), script URLs, behaviors and bindings).
func unsafeStyle(v string) bool {
	s := strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' || r == '\\' {
			return -1
		}
		return r
	}, v))
	for _, p := range []string{"expression(", "javascript:", "vbscript:", "behavior:", "-moz-binding", "@import"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

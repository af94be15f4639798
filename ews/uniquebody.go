package ews

import (
	"bytes"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// UniqueBody ([MS-OXWSCORE] 2.2.4.24 ItemType, UniqueBody: "the part of
// the body that is unique to the conversation the item is part of") is
// computed from the body alone: the earlier messages a reply or forward
// quotes are recognised by the markers mail clients put before them and
// cut off with everything after them.
//
// Text bodies: a "-----Original Message-----" line (and its translations),
// Outlook's "________________________________" separator or a From:/Sent:
// (Date:)/Subject: header block, an attribution line "On … wrote:" (also
// wrapped over two lines, and the German, French, Spanish, Italian, Dutch
// and Portuguese forms), or a tail in which every non-blank line starts
// with ">". Replies written between quoted lines keep their quotes.
//
// HTML bodies (parsed with golang.org/x/net/html and written back, so the
// result is well formed): Outlook's div#appendonsend, div#divRplyFwdMsg
// and the border-top header block of Outlook for Windows
// (div with "border-top:solid" holding "From:"), Outlook for Mac's
// #OLK_SRC_BODY_SECTION, Outlook mobile's
// div#ms-outlook-mobile-reference-message, Gmail's div.gmail_quote
// (and gmail_quote_container), Yahoo's div.yahoo_quoted, Proton's
// .protonmail_quote, Thunderbird's div.moz-cite-prefix, a blockquote
// with type="cite" (Apple Mail, Thunderbird) and a block whose text is
// an "-----Original Message-----" line; the element and everything after it in document order are
// removed, then trailing empty lines (<br>, empty blocks) before it.
//
// When trimming would leave nothing (a forward without text of its own),
// or no marker is found, the whole body is the unique body.

// textQuoteMarker matches the separator lines before a quoted message.
var textQuoteMarker = regexp.MustCompile(`(?i)^\s*(-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|messaggio originale|oorspronkelijk bericht|mensagem original|forwarded message|weitergeleitete nachricht|message transféré)\s*-{2,})\s*$`)

// textRule matches Outlook's separator rule, a quote marker when a
// header block follows it.
var textRule = regexp.MustCompile(`^\s*_{20,}\s*$`)

// textAttribution matches an attribution line ("On <date>, <name> wrote:").
var textAttribution = regexp.MustCompile(`(?i)^\s*(on\s.*\swrote|am\s.*\sschrieb\s.*|le\s.*\sa\s+écrit|el\s.*\sescribió|il\s.*\sha\s+scritto|op\s.*\sschreef\s.*|em\s.*\sescreveu)\s*:\s*$`)

// textHeaderStart matches the first line of a quoted header block.
var textHeaderStart = regexp.MustCompile(`(?i)^\s*\*?(from|von|de|da|van)\s*:\*?\s+\S`)

// textHeaderField matches the other lines of a quoted header block.
var textHeaderField = regexp.MustCompile(`(?i)^\s*\*?(sent|date|gesendet|datum|envoyé|enviado|inviato|verzonden|subject|betreff|objet|asunto|oggetto|onderwerp|assunto|to|an|à|para|a|aan)\s*:\*?`)

// uniqueText returns the text body s without the quoted earlier messages
// (see above). A cut can uncover a ">" tail, so it repeats until nothing
// changes (each round removes lines; in practice two rounds at most).
func uniqueText(s string) string {
	for {
		u := uniqueTextOnce(s)
		if u == s {
			return s
		}
		s = u
	}
}

// uniqueTextOnce makes one cut.
func uniqueTextOnce(s string) string {
	lines := strings.SplitAfter(s, "\n")
	cut := -1
	for i, l := range lines {
		t := strings.TrimRight(l, "\r\n")
		switch {
		case textQuoteMarker.MatchString(t):
			cut = i
		case textAttribution.MatchString(t):
			cut = i
		case textRule.MatchString(t) && i+1 < len(lines) && textHeaderStart.MatchString(lines[i+1]) && headerBlockFollows(lines[i+2:]):
			cut = i
		case i+1 < len(lines) && len(t) < 200 && strings.HasPrefix(strings.TrimSpace(strings.ToLower(t)), "on ") &&
			textAttribution.MatchString(t+" "+strings.TrimRight(lines[i+1], "\r\n")):
			// An attribution wrapped over two lines.
			cut = i
		case textHeaderStart.MatchString(t) && headerBlockFollows(lines[i+1:]) && (i == 0 || strings.TrimSpace(lines[i-1]) == ""):
			cut = i
		}
		if cut >= 0 {
			break
		}
	}
	if cut < 0 {
		cut = quotedTail(lines)
	}
	if cut < 0 {
		return s
	}
	out := strings.TrimRight(strings.Join(lines[:cut], ""), " \t\r\n")
	if out == "" {
		return s
	}
	return out
}

// headerBlockFollows reports whether the lines after a From: line hold
// at least two more header fields (Sent/Date, To, Subject …) within four
// lines.
func headerBlockFollows(lines []string) bool {
	n := 0
	for _, l := range lines[:min(len(lines), 4)] {
		if textHeaderField.MatchString(l) {
			n++
		}
	}
	return n >= 2
}

// quotedTail returns the first line of a tail of s in which every
// non-blank line starts with ">" (-1 when there is none).
func quotedTail(lines []string) int {
	cut := -1
	for i := len(lines) - 1; i >= 0; i-- {
		t := strings.TrimSpace(lines[i])
		switch {
		case t == "":
		case strings.HasPrefix(t, ">"):
			cut = i
		default:
			return cut
		}
	}
	return cut
}

// uniqueHTML returns the HTML body s without the quoted earlier messages
// (see above), s itself when there are none.
func uniqueHTML(s string) string {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return s
	}
	q := findQuote(doc)
	if q == nil {
		return s
	}
	body := q
	for body != nil && body.DataAtom != atom.Body {
		body = body.Parent
	}
	if body == nil {
		return s
	}
	// Remove q and everything after it up to the end of body.
	for n := q; n != nil && n != body; n = n.Parent {
		for n.NextSibling != nil {
			n.Parent.RemoveChild(n.NextSibling)
		}
	}
	if hr := prevElement(q); hr != nil && hr.DataAtom == atom.Hr {
		// Outlook on the web's separator rule.
		hr.Parent.RemoveChild(hr)
	}
	q.Parent.RemoveChild(q)
	trimTrailingEmpty(body)
	if !hasContent(body) {
		return s
	}
	var b bytes.Buffer
	if err := html.Render(&b, doc); err != nil {
		return s
	}
	return b.String()
}

// findQuote returns the first element (in document order) that starts
// the quoted part of a reply, nil when there is none. The walk is
// iterative, so deep documents cannot exhaust the stack.
func findQuote(doc *html.Node) *html.Node {
	for n := doc; n != nil; n = nextNode(n, false) {
		if n.Type == html.ElementNode && isQuoteStart(n) {
			return n
		}
	}
	return nil
}

// nextNode returns the node after n in document order; with skipChildren
// n's subtree is skipped.
func nextNode(n *html.Node, skipChildren bool) *html.Node {
	if !skipChildren && n.FirstChild != nil {
		return n.FirstChild
	}
	for ; n != nil; n = n.Parent {
		if n.NextSibling != nil {
			return n.NextSibling
		}
	}
	return nil
}

// isQuoteStart reports whether element n begins a quoted earlier message.
func isQuoteStart(n *html.Node) bool {
	id, class, style, typ := getAttr(n, "id"), " "+getAttr(n, "class")+" ", strings.ToLower(getAttr(n, "style")), strings.ToLower(getAttr(n, "type"))
	if id == "OLK_SRC_BODY_SECTION" {
		// Outlook for Mac: the span or div around the quoted header and body.
		return true
	}
	switch n.DataAtom {
	case atom.Blockquote:
		return typ == "cite" || strings.Contains(class, " gmail_quote ") || strings.Contains(class, " protonmail_quote ")
	case atom.Div:
		switch {
		case id == "appendonsend", id == "divRplyFwdMsg", id == "mail-editor-reference-message-container",
			id == "ms-outlook-mobile-reference-message":
			return true
		case strings.Contains(class, " gmail_quote "), strings.Contains(class, " gmail_quote_container "),
			strings.Contains(class, " yahoo_quoted "), strings.Contains(class, " moz-cite-prefix "),
			strings.Contains(class, " protonmail_quote "):
			return true
		case strings.Contains(strings.ReplaceAll(style, " ", ""), "border-top:solid") &&
			textHeaderStart.MatchString(strings.TrimSpace(textOf(n, 200))):
			// Outlook for Windows: the From:/Sent:/To:/Subject: block.
			return true
		}
		fallthrough
	case atom.P, atom.Span, atom.Font, atom.B:
		if n.FirstChild != nil && n.FirstChild == n.LastChild && n.FirstChild.Type == html.TextNode {
			return textQuoteMarker.MatchString(n.FirstChild.Data)
		}
	}
	return false
}

// getAttr returns n's attribute key ("" when absent).
func getAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// textOf returns up to max bytes of the text inside n.
func textOf(n *html.Node, max int) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil && b.Len() < max; c = nextWithin(c, n) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// nextWithin is nextNode limited to root's subtree.
func nextWithin(n, root *html.Node) *html.Node {
	if n.FirstChild != nil {
		return n.FirstChild
	}
	for ; n != nil && n != root; n = n.Parent {
		if n.NextSibling != nil {
			return n.NextSibling
		}
	}
	return nil
}

// prevElement returns the element before n among its siblings, skipping
// white space.
func prevElement(n *html.Node) *html.Node {
	for p := n.PrevSibling; p != nil; p = p.PrevSibling {
		switch {
		case p.Type == html.ElementNode:
			return p
		case p.Type == html.TextNode && strings.TrimSpace(p.Data) == "":
		case p.Type == html.CommentNode:
		default:
			return nil
		}
	}
	return nil
}

// trimTrailingEmpty removes the trailing nodes of body that show nothing:
// white space, comments, <br> and elements holding only those. Each step
// removes a node or descends, so it ends.
func trimTrailingEmpty(body *html.Node) {
	n := body.LastChild
	for n != nil && n != body {
		switch {
		case !hasContent(n):
			p := n.Parent
			p.RemoveChild(n)
			n = p.LastChild
			if n == nil {
				n = p // now empty: removed next unless it is body
			}
		case n.Type == html.ElementNode && n.LastChild != nil && n.DataAtom != atom.Pre:
			n = n.LastChild
		default:
			return
		}
	}
}

// hasContent reports whether n shows text or an embedded object.
func hasContent(n *html.Node) bool {
	for c := n; c != nil; c = nextWithin(c, n) {
		switch c.Type {
		case html.TextNode:
			if strings.TrimSpace(strings.ReplaceAll(c.Data, "\u00a0", " ")) != "" {
				return true
			}
		case html.ElementNode:
			switch c.DataAtom {
			case atom.Img, atom.Hr, atom.Table, atom.Video, atom.Audio, atom.Object, atom.Embed, atom.Iframe, atom.Svg:
				return true
			}
		}
	}
	return false
}

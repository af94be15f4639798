package ews

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/beevik/etree"
)

// fastParse builds the etree document of a request in one pass over the
// bytes, for the plain XML that clients send: an optional UTF-8 XML
// declaration, elements and attributes with ASCII names, text with the
// five predefined entities. It reports false on anything else — comments,
// CDATA, processing instructions, numeric character references, carriage
// returns (which XML normalizes), non-ASCII names, any error — and
// ParseRequest then hands the bytes to etree's parser, which decides
// (and words any error) as before. Where fastParse succeeds, the tree is
// the one etree builds (FuzzFastParse checks this): the same elements,
// attributes, character data and whitespace flags.
//
// It exists because encoding/xml's tokenizer, under etree, was an eighth
// of a GetItem's cost; fastParse copies the body into one string and
// takes names and most values as substrings of it.
func fastParse(b []byte, maxDepth int) (*etree.Document, bool) {
	if bytes.IndexByte(b, '\r') >= 0 {
		return nil, false
	}
	s := string(b) // b is a pooled buffer: the tree must not alias it
	doc := etree.NewDocument()
	stack := make([]*etree.Element, 1, 16)
	stack[0] = &doc.Element
	// Child lists come from one slab, each element's sized by a first
	// pass (childCounts), instead of growing by doubling.
	counts, total := childCounts(s)
	kids := make([]etree.Token, total)
	kidsNext := 0
	takeKids := func(e *etree.Element, n int) {
		if n > 0 && kidsNext+n <= len(kids) {
			e.Child = kids[kidsNext : kidsNext : kidsNext+n]
			kidsNext += n
		}
	}
	takeKids(&doc.Element, int(counts[0]))
	ordinal := 0
	i := 0
	if strings.HasPrefix(s, "<?") {
		end := strings.Index(s, "?>")
		if end < 0 || !strings.HasPrefix(s, "<?xml ") {
			return nil, false
		}
		j := len("<?xml")
		for j < end && isXMLSpace(s[j]) {
			j++
		}
		inst := s[j:end]
		if !plainXMLDecl(inst) {
			return nil, false
		}
		doc.CreateProcInst("xml", inst)
		i = end + 2
	}
	// Attributes are laid out in shared slabs (one allocation for many
	// elements instead of one or two per element with attributes): an
	// element's attributes all come in its start tag, before the next
	// element's, so each element takes the next run of the slab. The
	// count of '=' followed by a quote (attrBound) estimates how many
	// there are; a slab holds at most attrSlab, and a new one, for those
	// still expected, is started when one is used up. An element with
	// more than a slab has left grows its list by itself.
	attrBound, attrUsed := countAttrBound(s), 0
	var attrs []etree.Attr
	attrNext := 0
	if attrBound > 0 {
		attrs = make([]etree.Attr, min(attrBound, attrSlab))
	}
	rootDone := false
	for i < len(s) {
		top := stack[len(stack)-1]
		if s[i] != '<' {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				j = len(s)
			} else {
				j += i
			}
			text, ok := unescapePlain(s[i:j], false)
			if !ok || (len(stack) == 1 && !isXMLSpaceString(text)) {
				return nil, false
			}
			top.CreateText("").SetData(text)
			i = j
			continue
		}
		if i+1 >= len(s) {
			return nil, false
		}
		switch s[i+1] {
		case '/':
			name, j := scanXMLName(s, i+2)
			for j < len(s) && isXMLSpace(s[j]) {
				j++
			}
			if name == "" || j >= len(s) || s[j] != '>' || len(stack) == 1 {
				return nil, false
			}
			space, local, ok := splitXMLName(name)
			if !ok || top.Space != space || top.Tag != local {
				return nil, false
			}
			stack = stack[:len(stack)-1]
			rootDone = len(stack) == 1
			i = j + 1
		case '?', '!':
			return nil, false
		default:
			if rootDone || len(stack) > maxDepth {
				return nil, false
			}
			name, j := scanXMLName(s, i+1)
			if _, _, ok := splitXMLName(name); !ok {
				return nil, false
			}
			e := top.CreateElement(name)
			if ordinal++; ordinal < len(counts) {
				takeKids(e, int(counts[ordinal]))
			}
			if attrNext == len(attrs) && attrBound > attrUsed && j < len(s) && isXMLSpace(s[j]) {
				attrs, attrNext = make([]etree.Attr, min(attrBound-attrUsed, attrSlab)), 0
			}
			empty := e.Attr
			e.Attr = attrs[attrNext:attrNext:len(attrs)]
			for {
				k := j
				for j < len(s) && isXMLSpace(s[j]) {
					j++
				}
				if j >= len(s) {
					return nil, false
				}
				if s[j] == '>' {
					stack = append(stack, e)
					j++
					break
				}
				if s[j] == '/' {
					if j+1 >= len(s) || s[j+1] != '>' {
						return nil, false
					}
					rootDone = len(stack) == 1
					j += 2
					break
				}
				if k == j {
					return nil, false // attributes are separated by white space
				}
				an, n := scanXMLName(s, j)
				if _, _, ok := splitXMLName(an); !ok {
					return nil, false
				}
				j = n
				for j < len(s) && isXMLSpace(s[j]) {
					j++
				}
				if j >= len(s) || s[j] != '=' {
					return nil, false
				}
				j++
				for j < len(s) && isXMLSpace(s[j]) {
					j++
				}
				if j >= len(s) || (s[j] != '"' && s[j] != '\'') {
					return nil, false
				}
				end := strings.IndexByte(s[j+1:], s[j])
				if end < 0 {
					return nil, false
				}
				v, ok := unescapePlain(s[j+1:j+1+end], true)
				if !ok {
					return nil, false
				}
				e.CreateAttr(an, v)
				j += end + 2
			}
			if k := len(e.Attr); k == 0 {
				e.Attr = empty // as etree makes it
			} else {
				if attrNext < len(attrs) && &e.Attr[0] == &attrs[attrNext] {
					attrNext += k // still in the slab (not grown past it)
				}
				attrUsed += k
				e.Attr = e.Attr[:k:k] // an attribute added later reallocates
			}
			i = j
		}
	}
	if len(stack) != 1 || !rootDone {
		return nil, false
	}
	return doc, true
}

// childCounts estimates, for the document (index 0) and each start tag
// of s in order (1, 2, ...), how many child tokens fastParse gives it:
// elements, and a text token for each run of characters between tags.
// total is their sum. The estimate only sizes the child lists (a wrong
// one costs an append's reallocation, nothing else): a '>' inside an
// attribute value can make it misjudge a tag's end.
func childCounts(s string) (counts []int32, total int) {
	n := strings.Count(s, "<")
	counts = make([]int32, 1, n+1)
	var stack [64]int32 // ordinals of the open elements; deeper ones are not counted
	depth := 0
	parent := func() int32 {
		if depth == 0 {
			return 0
		}
		if depth <= len(stack) {
			return stack[depth-1]
		}
		return -1
	}
	prevEnd := 0 // index after the last tag
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			if i < len(s) {
				if p := parent(); p >= 0 {
					counts[p]++
				}
			}
			break
		}
		j += i
		if j > prevEnd {
			if p := parent(); p >= 0 {
				counts[p]++ // text before this tag
			}
		}
		end := strings.IndexByte(s[j:], '>')
		if end < 0 {
			break
		}
		end += j
		switch {
		case j+1 < len(s) && s[j+1] == '/':
			if depth > 0 {
				depth--
			}
		case j+1 < len(s) && (s[j+1] == '?' || s[j+1] == '!'):
			if p := parent(); p >= 0 {
				counts[p]++
			}
		default:
			if p := parent(); p >= 0 {
				counts[p]++
			}
			counts = append(counts, 0)
			if s[end-1] != '/' {
				if depth < len(stack) {
					stack[depth] = int32(len(counts) - 1)
				}
				depth++
			}
		}
		i = end + 1
		prevEnd = i
	}
	for _, c := range counts {
		total += int(c)
	}
	return counts, total
}

// attrSlab is the most attributes one of fastParse's slabs holds.
const attrSlab = 256

// countAttrBound returns how many times '=' is followed by a quote in s,
// at least the number of attributes in a document fastParse accepts.
func countAttrBound(s string) int {
	n := 0
	for {
		i := strings.IndexByte(s, '=')
		if i < 0 || i+1 >= len(s) {
			return n
		}
		if c := s[i+1]; c == '"' || c == '\'' {
			n++
		}
		s = s[i+1:]
	}
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' }

func isXMLSpaceString(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isXMLSpace(s[i]) {
			return false
		}
	}
	return true
}

// plainXMLDecl reports whether an XML declaration's content is one of
// the plain forms (version 1.0, UTF-8) that etree's parser accepts as
// they are.
func plainXMLDecl(inst string) bool {
	inst = strings.TrimRight(inst, " \t\n")
	switch strings.ReplaceAll(inst, `'`, `"`) {
	case `version="1.0"`, `version="1.0" encoding="utf-8"`, `version="1.0" encoding="UTF-8"`:
		return true
	}
	return false
}

// scanXMLName returns the ASCII XML name at s[i:] and the index after
// it ("" when there is none).
func scanXMLName(s string, i int) (string, int) {
	j := i
	for j < len(s) {
		c := s[j]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' ||
			j > i && (c >= '0' && c <= '9' || c == '.' || c == '-') {
			j++
			continue
		}
		break
	}
	return s[i:j], j
}

// splitXMLName splits prefix:local as encoding/xml does, reporting false
// for the forms it does not take apart the way etree's CreateElement and
// CreateAttr would (several colons, a colon first or last).
func splitXMLName(name string) (space, local string, ok bool) {
	if name == "" {
		return "", "", false
	}
	c := strings.IndexByte(name, ':')
	if c < 0 {
		return "", name, true
	}
	if c == 0 || c == len(name)-1 || strings.IndexByte(name[c+1:], ':') >= 0 {
		return "", "", false
	}
	return name[:c], name[c+1:], true
}

// unescapePlain decodes character data (attr: an attribute value) that
// uses only the five predefined entities and characters XML allows,
// reporting false on anything else. Values without entities are returned
// as they are (substrings of the request).
func unescapePlain(s string, attr bool) (string, bool) {
	var sb *strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) && plainWord(load64(s, i)) == 0 {
			i += 8 // eight bytes that pass as they are
			continue
		}
		c := s[i]
		switch {
		case c == '&':
			var r byte
			n := 0
			switch {
			case strings.HasPrefix(s[i:], "&amp;"):
				r, n = '&', 5
			case strings.HasPrefix(s[i:], "&lt;"):
				r, n = '<', 4
			case strings.HasPrefix(s[i:], "&gt;"):
				r, n = '>', 4
			case strings.HasPrefix(s[i:], "&quot;"):
				r, n = '"', 6
			case strings.HasPrefix(s[i:], "&apos;"):
				r, n = '\'', 6
			default:
				return "", false
			}
			if sb == nil {
				sb = &strings.Builder{}
				sb.Grow(len(s))
			}
			sb.WriteString(s[last:i])
			sb.WriteByte(r)
			i += n
			last = i
		case c == '<':
			return "", false
		case c < 0x20:
			if attr || (c != '\n' && c != '\t') {
				return "", false
			}
			i++
		case c == ']':
			if !attr && strings.HasPrefix(s[i:], "]]>") {
				return "", false
			}
			i++
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
				return "", false
			}
			i += n
		default:
			i++
		}
	}
	if sb == nil {
		return s, true
	}
	sb.WriteString(s[last:])
	return sb.String(), true
}

// plainWord is non-zero when a byte of v needs unescapePlain's closer
// look: non-ASCII, a control character, '&', '<' or ']' (exact for "any
// byte", as dirtyWord in xw.go, whose tests it shares the form of).
func plainWord(v uint64) uint64 {
	amp := v ^ ('&' * lsb64)
	lt := v ^ ('<' * lsb64)
	rb := v ^ (']' * lsb64)
	return ((v - 0x20*lsb64) | v | (amp-lsb64)&^amp | (lt-lsb64)&^lt | (rb-lsb64)&^rb) & msb64
}

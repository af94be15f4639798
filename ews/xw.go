package ews

import (
	"encoding/base64"
	"strconv"
	"time"
	"unicode/utf8"
)

// xw appends XML to a byte slice. It is the response writer: no
// reflection, no intermediate tree, one buffer per response.
type xw struct {
	b []byte
}

func (w *xw) raw(s string) { w.b = append(w.b, s...) }

// text appends s escaped for character data; invalid UTF-8 and characters
// XML 1.0 forbids become U+FFFD.
func (w *xw) text(s string) { w.b = appendEscaped(w.b, s, false) }

// attr appends s escaped for a double-quoted attribute value.
func (w *xw) attr(s string) { w.b = appendEscaped(w.b, s, true) }

// The element writers build on a local slice and store it back once:
// w lives in the heap (in call), and every store of its slice header is a
// write barrier while the collector marks.

func appendOpen(b []byte, name string) []byte {
	b = append(b, '<')
	b = append(b, name...)
	return append(b, '>')
}

func appendClose(b []byte, name string) []byte {
	b = append(b, '<', '/')
	b = append(b, name...)
	return append(b, '>')
}

// elem appends <name>text</name>.
func (w *xw) elem(name, text string) {
	b := appendOpen(w.b, name)
	b = appendEscaped(b, text, false)
	w.b = appendClose(b, name)
}

func (w *xw) elemInt(name string, v int64) {
	b := appendOpen(w.b, name)
	b = strconv.AppendInt(b, v, 10)
	w.b = appendClose(b, name)
}

func (w *xw) elemBool(name string, v bool) {
	b := appendOpen(w.b, name)
	if v {
		b = append(b, "true"...)
	} else {
		b = append(b, "false"...)
	}
	w.b = appendClose(b, name)
}

func (w *xw) elemTime(name string, t time.Time) {
	b := appendOpen(w.b, name)
	b = appendUTCTime(b, t)
	w.b = appendClose(b, name)
}

// appendUTCTime appends t in UTC as xs:dateTime to the second,
// "2006-01-02T15:04:05Z", without going through time.Format's layout
// interpreter. Years outside 0000-9999 take the general path.
func appendUTCTime(b []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.AppendFormat(b, "2006-01-02T15:04:05Z")
	}
	hour, min, sec := t.Clock()
	return append(b,
		byte('0'+year/1000), byte('0'+year/100%10), byte('0'+year/10%10), byte('0'+year%10), '-',
		byte('0'+int(month)/10), byte('0'+int(month)%10), '-',
		byte('0'+day/10), byte('0'+day%10), 'T',
		byte('0'+hour/10), byte('0'+hour%10), ':',
		byte('0'+min/10), byte('0'+min%10), ':',
		byte('0'+sec/10), byte('0'+sec%10), 'Z')
}

func (w *xw) elemBase64(name string, v []byte) {
	b := appendOpen(w.b, name)
	b = base64.StdEncoding.AppendEncode(b, v)
	w.b = appendClose(b, name)
}

func (w *xw) open(name string) { w.b = appendOpen(w.b, name) }

func (w *xw) close(name string) { w.b = appendClose(w.b, name) }

// escText and escAttr classify bytes for appendEscaped in character data
// and in attribute values: 0 copies through, 1 is escaped or replaced, 2
// starts a multi-byte UTF-8 sequence (checked for validity).
var escText, escAttr = func() (text, attr [256]uint8) {
	for c := 0; c < 0x20; c++ {
		text[c], attr[c] = 1, 1
	}
	text['\n'], text['\t'] = 0, 0
	for _, c := range []byte{'<', '>', '&'} {
		text[c], attr[c] = 1, 1
	}
	attr['"'] = 1
	for c := 0x80; c < 0x100; c++ {
		text[c], attr[c] = 2, 2
	}
	return text, attr
}()

// Word-at-a-time constants for dirtyWord.
const (
	lsb64 = 0x0101010101010101
	msb64 = 0x8080808080808080
)

// load64 returns the 8 bytes of s at i as a little-endian word (the
// compiler merges the byte loads into one 64-bit load).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// hasZero reports (as a non-zero word) whether a byte of v is zero.
func hasZero(v uint64) uint64 { return (v - lsb64) &^ v & msb64 }

// dirtyWord is non-zero when a byte of v may need a closer look by
// appendEscaped: non-ASCII, a control character (below 0x20), '<' or '>'
// (v|2 is '>' for both), '&' or '"' (v|4 is '&' for both). The tests are
// exact for "any byte", so a zero result means every byte copies
// through; '"' in character data is a false alarm the table then passes.
// Non-ASCII and control bytes are one test: v-0x20 in each byte has its
// high bit set for a byte below 0x20 (and for one from 0xA0 on), v for
// one from 0x80 on; a byte's borrow only ever reaches the bytes above a
// byte below 0x20, which is flagged itself. The high bits are masked
// once, at the end. It is small enough to inline, branch-free.
func dirtyWord(v uint64) uint64 {
	lt := (v | 2*lsb64) ^ ('>' * lsb64) // 0 in the bytes of '<' and '>'
	am := (v | 4*lsb64) ^ ('&' * lsb64) // 0 in the bytes of '&' and '"'
	return ((v - 0x20*lsb64) | v | (lt-lsb64)&^lt | (am-lsb64)&^am) & msb64
}

// skipClean returns the index of the first word of s from i on that
// dirtyWord flags, or of the short rest (len(s) when that is clean):
// thirty-two bytes per iteration, then eight. It is a function of its own so that its loop
// keeps everything in registers.
func skipClean(s string, i int) int {
	for ; i+32 <= len(s); i += 32 {
		w := s[i : i+32] // one bounds check for the four loads
		if dirtyWord(load64(w, 0))|dirtyWord(load64(w, 8))|dirtyWord(load64(w, 16))|dirtyWord(load64(w, 24)) != 0 {
			break
		}
	}
	for ; i+8 <= len(s); i += 8 {
		if dirtyWord(load64(s, i)) != 0 {
			return i
		}
	}
	// The short rest: the last word of s, overlapping what is done,
	// settles it at once when it is clean (a dirty byte before i, already
	// handled, only sends the rest the slow way).
	if i < len(s) && len(s) >= 8 && dirtyWord(load64(s, len(s)-8)) == 0 {
		return len(s)
	}
	return i
}

// appendEscaped escapes s for XML 1.0 character data or attribute values.
// Runs of bytes that need nothing are skipped sixteen, then eight, at a
// time and copied at once; only the bytes a table marks are looked at
// closely.
func appendEscaped(b []byte, s string, attr bool) []byte {
	tbl := &escText
	if attr {
		tbl = &escAttr
	}
	last := 0
	for i := 0; i < len(s); {
		// Fewer than eight bytes left (short values, the end of a
		// longer one) go through the table without a call.
		if len(s)-i >= 8 {
			i = skipClean(s, i)
			if i == len(s) {
				break
			}
		}
		c := s[i]
		switch tbl[c] {
		case 0:
			i++
			continue
		case 2:
			r, n := utf8.DecodeRuneInString(s[i:])
			if (r == utf8.RuneError && n == 1) || r == 0xFFFE || r == 0xFFFF {
				b = append(b, s[last:i]...)
				b = append(b, "\uFFFD"...)
				i += n
				last = i
				continue
			}
			i += n
			continue
		}
		var esc string
		switch c {
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '&':
			esc = "&amp;"
		case '"':
			esc = "&quot;"
		case '\n':
			esc = "&#10;"
		case '\t':
			esc = "&#9;"
		case '\r':
			esc = "&#13;"
		default:
			// Other C0 controls are not allowed in XML 1.0.
			esc = "\uFFFD"
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		i++
		last = i
	}
	return append(b, s[last:]...)
}

func appendBase64(b, v []byte) []byte { return base64.StdEncoding.AppendEncode(b, v) }

// base64StdDecode decodes standard base64, tolerating white space (MIME
// content is often line-wrapped).
func base64StdDecode(s string) ([]byte, error) {
	clean := s
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == ' ' || c == '\n' || c == '\r' || c == '\t' {
			b := make([]byte, 0, len(s))
			for j := 0; j < len(s); j++ {
				if c := s[j]; c != ' ' && c != '\n' && c != '\r' && c != '\t' {
					b = append(b, c)
				}
			}
			clean = string(b)
			break
		}
	}
	return base64.StdEncoding.DecodeString(clean)
}

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

// elem appends <name>text</name>.
func (w *xw) elem(name, text string) {
	w.b = append(w.b, '<')
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
	w.text(text)
	w.b = append(w.b, '<', '/')
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
}

func (w *xw) elemInt(name string, v int64) {
	w.b = append(w.b, '<')
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
	w.b = strconv.AppendInt(w.b, v, 10)
	w.b = append(w.b, '<', '/')
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
}

func (w *xw) elemBool(name string, v bool) {
	if v {
		w.elem(name, "true")
	} else {
		w.elem(name, "false")
	}
}

func (w *xw) elemTime(name string, t time.Time) {
	w.b = append(w.b, '<')
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
	w.b = t.UTC().AppendFormat(w.b, "2006-01-02T15:04:05Z")
	w.b = append(w.b, '<', '/')
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
}

func (w *xw) elemBase64(name string, v []byte) {
	w.b = append(w.b, '<')
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
	w.b = base64.StdEncoding.AppendEncode(w.b, v)
	w.b = append(w.b, '<', '/')
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
}

func (w *xw) open(name string) {
	w.b = append(w.b, '<')
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
}

func (w *xw) close(name string) {
	w.b = append(w.b, '<', '/')
	w.b = append(w.b, name...)
	w.b = append(w.b, '>')
}

// appendEscaped escapes s for XML 1.0 character data or attribute values.
func appendEscaped(b []byte, s string, attr bool) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			var esc string
			switch {
			case c == '<':
				esc = "&lt;"
			case c == '>':
				esc = "&gt;"
			case c == '&':
				esc = "&amp;"
			case c == '"' && attr:
				esc = "&quot;"
			case (c == '\n' || c == '\r' || c == '\t') && attr:
				esc = "&#" + strconv.Itoa(int(c)) + ";"
			case c == '\r':
				esc = "&#13;"
			case c < 0x20 && c != '\n' && c != '\t':
				esc = "\uFFFD"
			default:
				i++
				continue
			}
			b = append(b, s[last:i]...)
			b = append(b, esc...)
			i++
			last = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || r == 0xFFFE || r == 0xFFFF {
			b = append(b, s[last:i]...)
			b = append(b, "\uFFFD"...)
			i += n
			last = i
			continue
		}
		i += n
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

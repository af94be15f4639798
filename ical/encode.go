package ical

import (
	"bufio"
	"io"
	"strings"
	"unicode/utf8"
)

// Encode writes the components as iCalendar text: CRLF line ends and
// lines folded at 75 octets without splitting a UTF-8 sequence (RFC 5545
// 3.1). Parameter values containing ':', ';' or ',' are quoted.
func Encode(w io.Writer, cals ...*Component) error {
	bw := bufio.NewWriter(w)
	for _, c := range cals {
		encodeComponent(bw, c)
	}
	return bw.Flush()
}

func encodeComponent(w *bufio.Writer, c *Component) {
	writeFolded(w, "BEGIN:"+c.Name)
	for i := range c.Props {
		writeFolded(w, formatProp(&c.Props[i]))
	}
	for _, ch := range c.Children {
		encodeComponent(w, ch)
	}
	writeFolded(w, "END:"+c.Name)
}

func formatProp(p *Prop) string {
	var b strings.Builder
	b.WriteString(p.Name)
	for _, q := range p.Params {
		b.WriteByte(';')
		b.WriteString(q.Name)
		if q.Values == nil {
			continue
		}
		b.WriteByte('=')
		for i, v := range q.Values {
			if i > 0 {
				b.WriteByte(',')
			}
			v = strings.Map(func(r rune) rune {
				if r == '"' || r < 0x20 && r != '\t' {
					return -1
				}
				return r
			}, v)
			if strings.ContainsAny(v, ":;,") {
				b.WriteByte('"')
				b.WriteString(v)
				b.WriteByte('"')
			} else {
				b.WriteString(v)
			}
		}
	}
	b.WriteByte(':')
	b.WriteString(p.Value)
	return b.String()
}

func writeFolded(w *bufio.Writer, line string) {
	// Control characters other than tab have no place in a content line.
	line = strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, line)
	const max = 75
	first := true
	for len(line) > 0 {
		limit := max
		if !first {
			limit = max - 1
			w.WriteByte(' ')
		}
		if len(line) <= limit {
			w.WriteString(line)
			break
		}
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		w.WriteString(line[:cut])
		w.WriteString("\r\n")
		line = line[cut:]
		first = false
	}
	w.WriteString("\r\n")
}

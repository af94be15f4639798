package vcard

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime/quotedprintable"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
)

// Param is one property parameter. vCard 2.1 bare types ("TEL;HOME;VOICE")
// become TYPE values, so every version reads the same way.
type Param struct {
	Name   string // upper case
	Values []string
}

// Prop is one vCard property with its group ("item1" in
// "item1.EMAIL"), parameters, and its value decoded from
// QUOTED-PRINTABLE, BASE64/b and CHARSET into UTF-8 text (Value) or bytes
// (Data, for inline binary values such as PHOTO).
type Prop struct {
	Group  string
	Name   string // upper case
	Params []Param
	Value  string
	Data   []byte // decoded inline binary, nil otherwise
}

// Param returns the first value of a parameter ("" if absent).
func (p *Prop) Param(name string) string {
	for _, q := range p.Params {
		if q.Name == name && len(q.Values) > 0 {
			return q.Values[0]
		}
	}
	return ""
}

// HasType reports whether TYPE (or a 2.1 bare type) includes t, case
// insensitively.
func (p *Prop) HasType(t string) bool {
	for _, q := range p.Params {
		if q.Name != "TYPE" {
			continue
		}
		for _, v := range q.Values {
			for _, s := range strings.Split(v, ",") {
				if strings.EqualFold(strings.TrimSpace(s), t) {
					return true
				}
			}
		}
	}
	return false
}

// Card is one vCard.
type Card struct {
	Version string // "2.1", "3.0" or "4.0"
	Props   []Prop
}

// Prop returns the first property called name, or nil.
func (c *Card) Prop(name string) *Prop {
	for i := range c.Props {
		if c.Props[i].Name == name {
			return &c.Props[i]
		}
	}
	return nil
}

// PropsNamed returns every property called name.
func (c *Card) PropsNamed(name string) []*Prop {
	var out []*Prop
	for i := range c.Props {
		if c.Props[i].Name == name {
			out = append(out, &c.Props[i])
		}
	}
	return out
}

// Limits bound what Decode accepts; zero fields mean the defaults.
type Limits struct {
	MaxLineBytes int   // one logical line; default 8 MiB (inline photos)
	MaxBytes     int64 // the whole input; default 64 MiB
	MaxCards     int   // default 100000
	MaxProps     int   // per card; default 5000
	MaxParams    int   // per line; default 64
}

func (l *Limits) withDefaults() Limits {
	var v Limits
	if l != nil {
		v = *l
	}
	if v.MaxLineBytes <= 0 {
		v.MaxLineBytes = 8 << 20
	}
	if v.MaxBytes <= 0 {
		v.MaxBytes = 64 << 20
	}
	if v.MaxCards <= 0 {
		v.MaxCards = 100000
	}
	if v.MaxProps <= 0 {
		v.MaxProps = 5000
	}
	if v.MaxParams <= 0 {
		v.MaxParams = 64
	}
	return v
}

// ParseError is a located parse error.
type ParseError struct {
	Line int
	Err  error
}

func (e *ParseError) Error() string { return fmt.Sprintf("vcard: line %d: %v", e.Line, e.Err) }

func (e *ParseError) Unwrap() error { return e.Err }

// ErrLimit is wrapped by errors for input beyond a Limits bound.
var ErrLimit = errors.New("limit exceeded")

type lineReader struct {
	r        *bufio.Reader
	lim      Limits
	line     int
	read     int64
	peek     []byte
	havePeek bool
}

func (lr *lineReader) physical() ([]byte, error) {
	if lr.havePeek {
		lr.havePeek = false
		lr.line++
		return lr.peek, nil
	}
	var buf []byte
	for {
		chunk, err := lr.r.ReadSlice('\n')
		lr.read += int64(len(chunk))
		if lr.read > lr.lim.MaxBytes {
			return nil, fmt.Errorf("input beyond %d bytes: %w", lr.lim.MaxBytes, ErrLimit)
		}
		if len(buf)+len(chunk) > lr.lim.MaxLineBytes+2 {
			return nil, fmt.Errorf("line longer than %d bytes: %w", lr.lim.MaxLineBytes, ErrLimit)
		}
		buf = append(buf, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && len(buf) == 0 {
			return nil, io.EOF
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
		break
	}
	lr.line++
	return bytes.TrimRight(buf, "\r\n"), nil
}

func (lr *lineReader) unread(b []byte) {
	lr.peek, lr.havePeek = b, true
	lr.line--
}

// isQP reports whether the raw line (before the value) declares
// quoted-printable encoding.
func isQP(head []byte) bool {
	return bytes.Contains(bytes.ToUpper(head), []byte("QUOTED-PRINTABLE"))
}

// next returns the next logical line: folded lines (leading space or tab)
// are joined, and a quoted-printable value ending in a soft line break
// ('=') continues on the next physical line whatever it starts with, as
// vCard 2.1 writers (Outlook, Android) produce.
func (lr *lineReader) next() ([]byte, int, error) {
	var out []byte
	start := 0
	for {
		b, err := lr.physical()
		if err == io.EOF {
			if out != nil {
				return out, start, nil
			}
			return nil, lr.line, io.EOF
		}
		if err != nil {
			return nil, lr.line, err
		}
		if out == nil {
			b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
			if len(bytes.TrimSpace(b)) == 0 {
				continue
			}
			out = append([]byte(nil), b...)
			start = lr.line
			continue
		}
		colon := bytes.IndexByte(out, ':')
		if colon > 0 && isQP(out[:colon]) && bytes.HasSuffix(out, []byte("=")) {
			// QUIRK: soft line break of vCard 2.1 QUOTED-PRINTABLE.
			out = append(out[:len(out)-1], b...)
			if len(out) > lr.lim.MaxLineBytes {
				return nil, start, fmt.Errorf("line longer than %d bytes: %w", lr.lim.MaxLineBytes, ErrLimit)
			}
			continue
		}
		if len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
			out = append(out, b[1:]...)
			if len(out) > lr.lim.MaxLineBytes {
				return nil, start, fmt.Errorf("line longer than %d bytes: %w", lr.lim.MaxLineBytes, ErrLimit)
			}
			continue
		}
		lr.unread(b)
		return out, start, nil
	}
}

// typeWords are the vCard 2.1 bare parameters that are types.
var encodings = map[string]bool{"QUOTED-PRINTABLE": true, "BASE64": true, "B": true, "8BIT": true, "7BIT": true}

func parseLine(b []byte, maxParams int) (Prop, string, error) {
	var p Prop
	i := 0
	for i < len(b) && b[i] != ';' && b[i] != ':' {
		i++
	}
	name := string(b[:i])
	if dot := strings.LastIndexByte(name, '.'); dot >= 0 {
		p.Group, name = name[:dot], name[dot+1:]
	}
	p.Name = strings.ToUpper(strings.TrimSpace(name))
	if p.Name == "" {
		return p, "", errors.New("empty property name")
	}
	for i < len(b) && b[i] == ';' {
		i++
		j := i
		for j < len(b) && b[j] != '=' && b[j] != ';' && b[j] != ':' {
			j++
		}
		pname := strings.ToUpper(strings.TrimSpace(string(b[i:j])))
		if j >= len(b) || b[j] != '=' {
			// vCard 2.1 bare parameter: an encoding, a charset-less type.
			if encodings[pname] {
				p.Params = append(p.Params, Param{Name: "ENCODING", Values: []string{pname}})
			} else if pname != "" {
				p.Params = append(p.Params, Param{Name: "TYPE", Values: []string{pname}})
			}
			i = j
		} else {
			param := Param{Name: pname}
			i = j + 1
			for {
				if i < len(b) && b[i] == '"' {
					k := bytes.IndexByte(b[i+1:], '"')
					if k < 0 {
						return p, "", errors.New("unterminated quoted parameter value")
					}
					param.Values = append(param.Values, string(b[i+1:i+1+k]))
					i += k + 2
				} else {
					k := i
					for k < len(b) && b[k] != ',' && b[k] != ';' && b[k] != ':' {
						k++
					}
					param.Values = append(param.Values, string(b[i:k]))
					i = k
				}
				if i < len(b) && b[i] == ',' {
					i++
					continue
				}
				break
			}
			p.Params = append(p.Params, param)
		}
		if len(p.Params) > maxParams {
			return p, "", fmt.Errorf("more than %d parameters: %w", maxParams, ErrLimit)
		}
	}
	if i >= len(b) || b[i] != ':' {
		return p, "", errors.New("missing ':'")
	}
	return p, string(b[i+1:]), nil
}

// decodeValue applies ENCODING and CHARSET.
func decodeValue(p *Prop, raw string) error {
	enc := strings.ToUpper(p.Param("ENCODING"))
	var data []byte
	switch enc {
	case "QUOTED-PRINTABLE":
		// Lenient: a stray '=' that is not a hex escape is kept.
		r := quotedprintable.NewReader(strings.NewReader(raw))
		d, err := io.ReadAll(r)
		if err != nil {
			d = []byte(raw)
		}
		data = d
	case "BASE64", "B":
		clean := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
				return -1
			}
			return r
		}, raw)
		d, err := base64.StdEncoding.DecodeString(clean)
		if err != nil {
			d, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(clean, "="))
			if err != nil {
				return fmt.Errorf("%s: bad base64: %v", p.Name, err)
			}
		}
		p.Data = d
		return nil
	default:
		data = []byte(raw)
	}
	p.Value = toUTF8(data, p.Param("CHARSET"))
	return nil
}

// toUTF8 converts b from charset (default: UTF-8 if valid, else
// Windows-1252, which is what vCard 2.1 exports without CHARSET use).
func toUTF8(b []byte, charset string) string {
	if charset != "" && !strings.EqualFold(charset, "UTF-8") && !strings.EqualFold(charset, "UTF8") {
		if e, err := htmlindex.Get(charset); err == nil {
			if d, err := e.NewDecoder().Bytes(b); err == nil {
				return string(d)
			}
		}
	}
	if utf8.Valid(b) {
		return string(b)
	}
	// QUIRK: 2.1 files without CHARSET from Windows tools are Windows-1252.
	d, _ := charmap.Windows1252.NewDecoder().Bytes(b)
	return string(d)
}

// Decode reads every vCard of r.
func Decode(r io.Reader, lim *Limits) ([]*Card, error) {
	l := lim.withDefaults()
	lr := &lineReader{r: bufio.NewReaderSize(r, 4096), lim: l}
	var cards []*Card
	var cur *Card
	for {
		b, ln, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return cards, &ParseError{Line: ln, Err: err}
		}
		p, raw, err := parseLine(b, l.MaxParams)
		if err != nil {
			return cards, &ParseError{Line: ln, Err: err}
		}
		switch {
		case p.Name == "BEGIN":
			if !strings.EqualFold(strings.TrimSpace(raw), "VCARD") {
				return cards, &ParseError{Line: ln, Err: fmt.Errorf("BEGIN:%s, want VCARD", truncate(raw))}
			}
			if cur != nil {
				// QUIRK: nested AGENT vCards (2.1) are not supported.
				return cards, &ParseError{Line: ln, Err: errors.New("nested vCard")}
			}
			if len(cards) >= l.MaxCards {
				return cards, &ParseError{Line: ln, Err: fmt.Errorf("more than %d cards: %w", l.MaxCards, ErrLimit)}
			}
			cur = &Card{}
		case p.Name == "END":
			if cur == nil || !strings.EqualFold(strings.TrimSpace(raw), "VCARD") {
				return cards, &ParseError{Line: ln, Err: errors.New("END without BEGIN:VCARD")}
			}
			cards = append(cards, cur)
			cur = nil
		case cur == nil:
			return cards, &ParseError{Line: ln, Err: fmt.Errorf("%s outside a vCard", p.Name)}
		default:
			if len(cur.Props) >= l.MaxProps {
				return cards, &ParseError{Line: ln, Err: fmt.Errorf("more than %d properties: %w", l.MaxProps, ErrLimit)}
			}
			if err := decodeValue(&p, raw); err != nil {
				return cards, &ParseError{Line: ln, Err: err}
			}
			if p.Name == "VERSION" {
				cur.Version = strings.TrimSpace(p.Value)
			}
			cur.Props = append(cur.Props, p)
		}
	}
	if cur != nil {
		return cards, &ParseError{Line: lr.line, Err: errors.New("missing END:VCARD")}
	}
	if len(cards) == 0 {
		return nil, &ParseError{Line: lr.line, Err: errors.New("no vCard")}
	}
	return cards, nil
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// unescape removes vCard 3.0/4.0 TEXT escapes (\n \, \; \\); 2.1 values
// only escape ';' in structured values, which splitStructured handles.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n', 'N':
			b.WriteByte('\n')
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// splitStructured splits a structured value (N, ADR, ORG) at unescaped
// ';' and unescapes each part.
func splitStructured(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if s[i] == ';' {
			out = append(out, unescape(s[start:i]))
			start = i + 1
		}
	}
	return append(out, unescape(s[start:]))
}

// splitList splits at unescaped ',' (CATEGORIES, NICKNAME).
func splitList(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if s[i] == ',' {
			out = append(out, unescape(s[start:i]))
			start = i + 1
		}
	}
	return append(out, unescape(s[start:]))
}

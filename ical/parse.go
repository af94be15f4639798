package ical

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Param is one property parameter (RFC 5545 3.2): a name and its values
// (comma-separated on the wire, quotes removed).
type Param struct {
	Name   string // upper case
	Values []string
}

// Prop is one content line (RFC 5545 3.1): name, parameters in their
// order, and the raw value (escapes not yet removed; Text unescapes).
type Prop struct {
	Name   string // upper case
	Params []Param
	Value  string
}

// Param returns the first value of parameter name ("" if absent).
func (p *Prop) Param(name string) string {
	for _, q := range p.Params {
		if strings.EqualFold(q.Name, name) && len(q.Values) > 0 {
			return q.Values[0]
		}
	}
	return ""
}

// SetParam sets parameter name to the values, replacing an existing one.
func (p *Prop) SetParam(name string, values ...string) {
	name = strings.ToUpper(name)
	for i := range p.Params {
		if p.Params[i].Name == name {
			p.Params[i].Values = values
			return
		}
	}
	p.Params = append(p.Params, Param{Name: name, Values: values})
}

// Text returns the value with TEXT escapes (RFC 5545 3.3.11) removed.
func (p *Prop) Text() string { return UnescapeText(p.Value) }

// Component is a calendar component (VCALENDAR, VEVENT, VTODO,
// VTIMEZONE, STANDARD, DAYLIGHT, VALARM, …) with its properties in order
// and its sub-components.
type Component struct {
	Name     string // upper case
	Props    []Prop
	Children []*Component
}

// Prop returns the first property called name, or nil.
func (c *Component) Prop(name string) *Prop {
	for i := range c.Props {
		if c.Props[i].Name == name {
			return &c.Props[i]
		}
	}
	return nil
}

// PropsNamed returns every property called name.
func (c *Component) PropsNamed(name string) []*Prop {
	var out []*Prop
	for i := range c.Props {
		if c.Props[i].Name == name {
			out = append(out, &c.Props[i])
		}
	}
	return out
}

// Text returns the unescaped text of the first property called name.
func (c *Component) Text(name string) string {
	if p := c.Prop(name); p != nil {
		return p.Text()
	}
	return ""
}

// Add appends a property and returns it.
func (c *Component) Add(name, value string, params ...Param) *Prop {
	c.Props = append(c.Props, Prop{Name: strings.ToUpper(name), Params: params, Value: value})
	return &c.Props[len(c.Props)-1]
}

// AddText appends a TEXT property, escaping value.
func (c *Component) AddText(name, value string, params ...Param) *Prop {
	return c.Add(name, EscapeText(value), params...)
}

// ChildrenNamed returns the sub-components called name.
func (c *Component) ChildrenNamed(name string) []*Component {
	var out []*Component
	for _, ch := range c.Children {
		if ch.Name == name {
			out = append(out, ch)
		}
	}
	return out
}

// Limits bound what Decode accepts. The zero value of a field means its
// default.
type Limits struct {
	MaxLineBytes   int   // one unfolded content line; default 256 KiB
	MaxBytes       int64 // the whole input; default 64 MiB
	MaxComponents  int   // components of all kinds; default 20000
	MaxProps       int   // properties in total; default 500000
	MaxDepth       int   // component nesting; default 8
	MaxParams      int   // parameters on one line; default 64
	MaxCalendars   int   // VCALENDAR objects in one stream; default 64
	AllowBareLines bool  // accept lines without ':' by skipping them (lenient mode)
}

func (l *Limits) withDefaults() Limits {
	var v Limits
	if l != nil {
		v = *l
	}
	def := func(p *int, d int) {
		if *p <= 0 {
			*p = d
		}
	}
	def(&v.MaxLineBytes, 256<<10)
	def(&v.MaxComponents, 20000)
	def(&v.MaxProps, 500000)
	def(&v.MaxDepth, 8)
	def(&v.MaxParams, 64)
	def(&v.MaxCalendars, 64)
	if v.MaxBytes <= 0 {
		v.MaxBytes = 64 << 20
	}
	return v
}

// ParseError is a located parse error.
type ParseError struct {
	Line int // 1-based physical line where the content line starts
	Err  error
}

func (e *ParseError) Error() string { return fmt.Sprintf("ical: line %d: %v", e.Line, e.Err) }

func (e *ParseError) Unwrap() error { return e.Err }

// ErrLimit is wrapped by errors for input beyond a Limits bound.
var ErrLimit = errors.New("limit exceeded")

// lineReader unfolds content lines (RFC 5545 3.1) from a stream.
type lineReader struct {
	r        *bufio.Reader
	lim      Limits
	line     int   // physical line number of the next line
	read     int64 // bytes consumed
	peek     []byte
	havePeek bool
	eof      bool
}

// physical returns the next physical line without its line ending.
func (lr *lineReader) physical() ([]byte, error) {
	if lr.havePeek {
		lr.havePeek = false
		return lr.peek, nil
	}
	if lr.eof {
		return nil, io.EOF
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
		if err == io.EOF {
			lr.eof = true
			if len(buf) == 0 {
				return nil, io.EOF
			}
			break
		}
		if err != nil {
			return nil, err
		}
		break
	}
	lr.line++
	buf = bytes.TrimRight(buf, "\r\n")
	return buf, nil
}

// next returns the next unfolded content line and the physical line it
// starts on.
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
			if len(b) == 0 {
				continue // blank lines between objects
			}
			// QUIRK: some exporters put a UTF-8 BOM before BEGIN.
			b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
			out = append([]byte(nil), b...)
			start = lr.line
			continue
		}
		if len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
			if len(out)+len(b) > lr.lim.MaxLineBytes {
				return nil, start, fmt.Errorf("unfolded line longer than %d bytes: %w", lr.lim.MaxLineBytes, ErrLimit)
			}
			out = append(out, b[1:]...)
			continue
		}
		lr.peek, lr.havePeek = b, true
		lr.line--
		return out, start, nil
	}
}

// parseLine splits a content line into name, params and value.
func parseLine(b []byte, maxParams int) (Prop, error) {
	var p Prop
	i := 0
	for i < len(b) && b[i] != ';' && b[i] != ':' {
		i++
	}
	if i == 0 {
		return p, errors.New("empty property name")
	}
	p.Name = strings.ToUpper(string(b[:i]))
	if !validName(p.Name) {
		return p, fmt.Errorf("bad property name %q", truncate(p.Name))
	}
	for i < len(b) && b[i] == ';' {
		i++
		j := i
		for j < len(b) && b[j] != '=' && b[j] != ';' && b[j] != ':' {
			j++
		}
		if j >= len(b) || b[j] != '=' {
			// QUIRK: vCalendar 1.0 style bare parameters ("ENCODING"
			// without value) occur in old exports; keep them valueless.
			p.Params = append(p.Params, Param{Name: strings.ToUpper(string(b[i:j]))})
			i = j
			continue
		}
		param := Param{Name: strings.ToUpper(string(b[i:j]))}
		i = j + 1
		for {
			if i < len(b) && b[i] == '"' {
				k := bytes.IndexByte(b[i+1:], '"')
				if k < 0 {
					return p, errors.New("unterminated quoted parameter value")
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
		if len(p.Params) > maxParams {
			return p, fmt.Errorf("more than %d parameters: %w", maxParams, ErrLimit)
		}
	}
	if i >= len(b) || b[i] != ':' {
		return p, errors.New("missing ':'")
	}
	p.Value = string(b[i+1:])
	if !utf8.ValidString(p.Value) {
		p.Value = strings.ToValidUTF8(p.Value, "\uFFFD")
	}
	return p, nil
}

func validName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '/') {
			return false
		}
	}
	return true
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// Decode reads every VCALENDAR object of r (usually one). Anything outside
// BEGIN:VCALENDAR … END:VCALENDAR is an error.
func Decode(r io.Reader, lim *Limits) ([]*Component, error) {
	l := lim.withDefaults()
	lr := &lineReader{r: bufio.NewReaderSize(r, 4096), lim: l}
	var (
		cals  []*Component
		stack []*Component
		nComp int
		nProp int
	)
	for {
		b, ln, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return cals, &ParseError{Line: ln, Err: err}
		}
		p, err := parseLine(b, l.MaxParams)
		if err != nil {
			if l.AllowBareLines && len(stack) > 0 {
				continue
			}
			return cals, &ParseError{Line: ln, Err: err}
		}
		switch p.Name {
		case "BEGIN":
			name := strings.ToUpper(strings.TrimSpace(p.Value))
			if !validName(name) || name == "" {
				return cals, &ParseError{Line: ln, Err: fmt.Errorf("bad component name %q", truncate(name))}
			}
			if len(stack) == 0 && name != "VCALENDAR" {
				return cals, &ParseError{Line: ln, Err: fmt.Errorf("%s outside VCALENDAR", name)}
			}
			if len(stack) >= l.MaxDepth {
				return cals, &ParseError{Line: ln, Err: fmt.Errorf("nesting deeper than %d: %w", l.MaxDepth, ErrLimit)}
			}
			nComp++
			if nComp > l.MaxComponents {
				return cals, &ParseError{Line: ln, Err: fmt.Errorf("more than %d components: %w", l.MaxComponents, ErrLimit)}
			}
			c := &Component{Name: name}
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.Children = append(parent.Children, c)
			} else {
				if len(cals) >= l.MaxCalendars {
					return cals, &ParseError{Line: ln, Err: fmt.Errorf("more than %d calendars: %w", l.MaxCalendars, ErrLimit)}
				}
				cals = append(cals, c)
			}
			stack = append(stack, c)
		case "END":
			name := strings.ToUpper(strings.TrimSpace(p.Value))
			if len(stack) == 0 || stack[len(stack)-1].Name != name {
				return cals, &ParseError{Line: ln, Err: fmt.Errorf("END:%s does not close the open component", truncate(name))}
			}
			stack = stack[:len(stack)-1]
		default:
			if len(stack) == 0 {
				return cals, &ParseError{Line: ln, Err: fmt.Errorf("property %s outside VCALENDAR", p.Name)}
			}
			nProp++
			if nProp > l.MaxProps {
				return cals, &ParseError{Line: ln, Err: fmt.Errorf("more than %d properties: %w", l.MaxProps, ErrLimit)}
			}
			c := stack[len(stack)-1]
			c.Props = append(c.Props, p)
		}
	}
	if len(stack) > 0 {
		return cals, &ParseError{Line: lr.line, Err: fmt.Errorf("missing END:%s", stack[len(stack)-1].Name)}
	}
	if len(cals) == 0 {
		return nil, &ParseError{Line: lr.line, Err: errors.New("no VCALENDAR")}
	}
	return cals, nil
}

// UnescapeText removes TEXT escapes (RFC 5545 3.3.11): \n \N \\ \; \,.
// QUIRK: an unknown escape keeps its character, as Outlook's own
// exports contain "\:" in older versions.
func UnescapeText(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
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

// EscapeText escapes s as TEXT (RFC 5545 3.3.11); CR LF and lone CR
// become \n.
func EscapeText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', ';', ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// SplitList splits a comma-separated list value, honouring backslash
// escapes (CATEGORIES, EXDATE, …).
func SplitList(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

package oxcmail

import (
	"bytes"
	"fmt"
	"mime"
	"strconv"
	"strings"
)

// The MIME structure is parsed by hand over the message bytes, without
// copying bodies: the standard library's mime/multipart works on streams
// and gives no offsets, part counts or depth limits, and emersion/go-message
// converts charsets through a package-level hook and stops at the first
// malformed boundary. Here every part is a window into the one buffer, so
// limits are exact and malformed-but-common mail (missing close
// delimiters, LF-only line ends, junk after boundaries) is kept.

// field is one header field: its name as written and its raw value
// (folding kept, without the final line break).
type field struct {
	name  string
	value []byte
}

// header is a part's header block, in order.
type header []field

// get returns the first value of name (case-insensitive), unfolded and
// trimmed, and whether it was present.
func (h header) get(name string) (string, bool) {
	for _, f := range h {
		if strings.EqualFold(f.name, name) {
			return unfold(f.value), true
		}
	}
	return "", false
}

// all returns every value of name, unfolded.
func (h header) all(name string) []string {
	var out []string
	for _, f := range h {
		if strings.EqualFold(f.name, name) {
			out = append(out, unfold(f.value))
		}
	}
	return out
}

// unfold removes CRLF/LF folding and trims the value.
func unfold(v []byte) string {
	if bytes.IndexByte(v, '\n') < 0 {
		return string(bytes.TrimSpace(v))
	}
	var b strings.Builder
	b.Grow(len(v))
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == '\r' {
			continue
		}
		if c == '\n' {
			continue
		}
		b.WriteByte(c)
	}
	return strings.TrimSpace(b.String())
}

// part is one MIME entity, as a window of the outermost buffer.
type part struct {
	off      int    // offset of the part's first header byte
	path     string // "1.2.3"
	hdr      header
	rawHdr   []byte // the header block as it stands, with its final blank line
	body     []byte // the body, still transfer-encoded
	bodyOff  int
	media    string            // lower-case type/subtype; "text/plain" by default
	params   map[string]string // lower-case keys
	children []*part
}

// parser holds the limits and counters of one Import.
type parser struct {
	opts  *Options
	parts int
}

func (p *parser) errorf(off int, path string, err error) error {
	return &Error{Offset: off, Part: path, Err: err}
}

// parse parses the entity in buf (a window at offset off of the outermost
// buffer), recursing into multiparts. defaultType is the type of a part
// without Content-Type (text/plain, or message/rfc822 inside
// multipart/digest).
func (p *parser) parse(buf []byte, off int, path string, depth int, defaultType string) (*part, error) {
	if depth > p.opts.maxDepth() {
		return nil, p.errorf(off, path, ErrTooDeep)
	}
	p.parts++
	if p.parts > p.opts.maxParts() {
		return nil, p.errorf(off, path, ErrTooManyParts)
	}
	pt := &part{off: off, path: path}
	hdrEnd, bodyStart := headerEnd(buf)
	if hdrEnd > p.opts.maxHeader() {
		return nil, p.errorf(off, path, ErrHeaderTooBig)
	}
	pt.rawHdr = buf[:bodyStart]
	pt.hdr = parseHeader(buf[:hdrEnd])
	pt.body = buf[bodyStart:]
	pt.bodyOff = off + bodyStart

	pt.media, pt.params = defaultType, map[string]string{}
	if ct, ok := pt.hdr.get("Content-Type"); ok && ct != "" {
		if mt, params, err := parseMediaType(ct); err == nil {
			pt.media, pt.params = mt, params
		}
		// QUIRK: an unparsable Content-Type is treated as text/plain, as
		// RFC 2045 5.2 says, rather than failing the whole message.
	}
	if strings.HasPrefix(pt.media, "multipart/") {
		boundary := pt.params["boundary"]
		if boundary == "" {
			// QUIRK: a multipart without boundary is kept as one
			// opaque attachment (application/octet-stream semantics).
			pt.media = "application/octet-stream"
			return pt, nil
		}
		childDefault := "text/plain"
		if pt.media == "multipart/digest" {
			childDefault = "message/rfc822"
		}
		for i, w := range splitMultipart(pt.body, boundary) {
			cp := path + "." + strconv.Itoa(i+1)
			if path == "" {
				cp = strconv.Itoa(i + 1)
			}
			c, err := p.parse(w.b, pt.bodyOff+w.off, cp, depth+1, childDefault)
			if err != nil {
				return nil, err
			}
			pt.children = append(pt.children, c)
		}
	}
	return pt, nil
}

// headerEnd returns the length of the header block (without the blank
// line) and the offset of the body.
func headerEnd(buf []byte) (hdrEnd, bodyStart int) {
	// An entity starting with a blank line has an empty header.
	if bytes.HasPrefix(buf, []byte("\r\n")) {
		return 0, 2
	}
	if bytes.HasPrefix(buf, []byte("\n")) {
		return 0, 1
	}
	for i := 0; i < len(buf); {
		j := bytes.IndexByte(buf[i:], '\n')
		if j < 0 {
			return len(buf), len(buf)
		}
		next := i + j + 1
		if next < len(buf) && buf[next] == '\n' {
			return next, next + 1
		}
		if next+1 < len(buf) && buf[next] == '\r' && buf[next+1] == '\n' {
			return next, next + 2
		}
		i = next
	}
	return len(buf), len(buf)
}

// parseHeader splits a header block into fields. Lines without a colon
// that are not continuations are dropped (QUIRK: mbox "From " lines and
// junk in the header block of broken mailers).
func parseHeader(b []byte) header {
	var h header
	for len(b) > 0 {
		// A field runs until a line break not followed by white space.
		end := 0
		for {
			j := bytes.IndexByte(b[end:], '\n')
			if j < 0 {
				end = len(b)
				break
			}
			end += j + 1
			if end >= len(b) || (b[end] != ' ' && b[end] != '\t') {
				break
			}
		}
		line := b[:end]
		b = b[end:]
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 {
			continue
		}
		name := bytes.TrimSpace(line[:colon])
		if len(name) == 0 || bytes.ContainsAny(name, " \t") {
			continue
		}
		v := bytes.TrimRight(line[colon+1:], "\r\n")
		h = append(h, field{name: string(name), value: v})
	}
	return h
}

type window struct {
	b   []byte
	off int
}

// splitMultipart returns the body parts of a multipart body delimited by
// boundary (RFC 2046 5.1.1): preamble and epilogue dropped, the line
// break before each delimiter belonging to the delimiter.
//
// QUIRK: a missing close delimiter (truncated or broken mailers) ends
// the last part at the end of the body instead of dropping it; white
// space after a delimiter is allowed (RFC 2046 transport padding).
func splitMultipart(body []byte, boundary string) []window {
	delim := []byte("--" + boundary)
	var out []window
	start := -1 // start of the current part's content
	i := 0
	for i <= len(body) {
		// Find the next line starting with the delimiter.
		var at int
		if i == 0 && bytes.HasPrefix(body, delim) {
			at = 0
		} else {
			k := bytes.Index(body[i:], append([]byte("\n"), delim...))
			if k < 0 {
				break
			}
			at = i + k + 1
		}
		if !delimEnds(body[at+len(delim):]) {
			// "--b1" inside "--b10": not our delimiter.
			i = at + 1
			continue
		}
		lineEnd := bytes.IndexByte(body[at:], '\n')
		next := len(body)
		if lineEnd >= 0 {
			next = at + lineEnd + 1
		}
		rest := body[at+len(delim) : max(at+len(delim), next)]
		closing := bytes.HasPrefix(rest, []byte("--"))
		if start >= 0 {
			end := at
			// The CRLF (or LF) before the delimiter is part of it.
			if end > start && body[end-1] == '\n' {
				end--
				if end > start && body[end-1] == '\r' {
					end--
				}
			}
			out = append(out, window{body[start:end], start})
		}
		if closing {
			return out
		}
		start = next
		i = next
		if lineEnd < 0 {
			break
		}
	}
	if start >= 0 && start <= len(body) {
		out = append(out, window{body[start:], start})
	}
	return out
}

// delimEnds reports whether what follows a "--boundary" makes it a
// delimiter line: end of input, "--" (close), or line end / white space.
func delimEnds(rest []byte) bool {
	if len(rest) == 0 {
		return true
	}
	switch rest[0] {
	case '\r', '\n', ' ', '\t':
		return true
	case '-':
		return len(rest) >= 2 && rest[1] == '-'
	}
	return false
}

// parseMediaType parses a Content-Type or Content-Disposition value,
// lower-casing the type and parameter names, decoding RFC 2231
// continuations and charsets.
//
// QUIRK: mime.ParseMediaType rejects many values real mail carries
// (duplicate parameters, unquoted specials such as "name=foo bar.pdf",
// RFC 2231 charsets other than UTF-8); on its error the value is parsed
// leniently instead.
func parseMediaType(v string) (string, map[string]string, error) {
	mt, params, err := mime.ParseMediaType(v)
	if err == nil {
		return strings.ToLower(mt), params, nil
	}
	return lenientMediaType(v)
}

func lenientMediaType(v string) (string, map[string]string, error) {
	segs := splitParams(v)
	mt := strings.ToLower(strings.TrimSpace(segs[0]))
	if mt == "" {
		return "", nil, fmt.Errorf("empty media type")
	}
	params := map[string]string{}
	type cont struct {
		parts   map[int]string
		charset string
		encoded bool
	}
	conts := map[string]*cont{}
	for _, s := range segs[1:] {
		k, val, ok := strings.Cut(s, "=")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		val = strings.TrimSpace(val)
		if len(val) >= 2 && val[0] == '"' && val[len(val)-1] == '"' {
			val = unquote(val[1 : len(val)-1])
		}
		// RFC 2231: name*N*=..., name*=charset'lang'value
		base, star := k, false
		if strings.HasSuffix(base, "*") {
			base, star = strings.TrimSuffix(base, "*"), true
		}
		idx := -1
		if i := strings.LastIndexByte(base, '*'); i >= 0 {
			if n, err := strconv.Atoi(base[i+1:]); err == nil && n >= 0 && n < 1000 {
				idx, base = n, base[:i]
			}
		}
		if idx < 0 && !star {
			if _, dup := params[base]; !dup {
				params[base] = val
			}
			continue
		}
		c := conts[base]
		if c == nil {
			c = &cont{parts: map[int]string{}}
			conts[base] = c
		}
		if idx < 0 {
			idx = 0
		}
		if star && (idx == 0) {
			if cs, rest, ok := strings.Cut(val, "'"); ok {
				if _, rest2, ok := strings.Cut(rest, "'"); ok {
					c.charset, val = cs, rest2
				}
			}
		}
		if star {
			c.encoded = true
			val = percentDecode(val)
		}
		c.parts[idx] = val
	}
	for name, c := range conts {
		var b strings.Builder
		for i := 0; i < len(c.parts)+1000; i++ {
			s, ok := c.parts[i]
			if !ok {
				break
			}
			b.WriteString(s)
		}
		s := b.String()
		if c.encoded && c.charset != "" {
			if d, err := decodeCharset([]byte(s), c.charset); err == nil {
				s = d
			}
		}
		params[name] = s
	}
	return mt, params, nil
}

// splitParams splits at semicolons outside quotes.
func splitParams(v string) []string {
	var out []string
	inQ, esc, start := false, false, 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case esc:
			esc = false
		case c == '\\' && inQ:
			esc = true
		case c == '"':
			inQ = !inQ
		case c == ';' && !inQ:
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}

func unquote(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func percentDecode(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s)+0 && i+2 <= len(s)-1 {
			if n, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b = append(b, byte(n))
				i += 2
				continue
			}
		}
		b = append(b, s[i])
	}
	return string(b)
}

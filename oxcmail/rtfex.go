package oxcmail

import (
	"bytes"
	"errors"
	"slices"
	"unicode/utf8"

	"golang.org/x/text/encoding"
)

// RTF de-encapsulation ([MS-OXRTFEX]) and plain RTF to text conversion.
// One tokenizer serves three modes: HTML de-encapsulation (\fromhtml1),
// text de-encapsulation (\fromtext) and rendering ordinary RTF as text.

// Limits of the RTF readers.
const (
	// MaxRTFDepth bounds the nesting of RTF groups.
	MaxRTFDepth = 512
	// MaxRTFOutput bounds the size of the text or HTML RTFToText and
	// RTFToHTML produce.
	MaxRTFOutput = MaxRTFSize
)

// RTF reader errors, wrapped in *RTFError.
var (
	ErrRTFTooDeep   = errors.New("RTF groups nested too deeply")
	ErrRTFOutput    = errors.New("RTF output above MaxRTFOutput")
	ErrRTFNotRTF    = errors.New("data does not start with {\\rtf")
	ErrRTFBadEscape = errors.New("malformed RTF escape")
)

type rtfMode int

const (
	rtfModePlain rtfMode = iota // render RTF as text
	rtfModeHTML                 // \fromhtml1 de-encapsulation
	rtfModeText                 // \fromtext de-encapsulation
)

// RTFEncapsulation reports what an RTF document encapsulates, following
// [MS-OXRTFEX] 2.2.3.1: the reader inspects at most the first 10 tokens
// (group starts and control words) and stops at the first other token;
// \fromhtml1 means HTML, \fromtext plain text. It returns "html", "text"
// or "".
func RTFEncapsulation(rtf []byte) string {
	switch rtfDetect(rtf) {
	case rtfModeHTML:
		return "html"
	case rtfModeText:
		return "text"
	}
	return ""
}

func rtfDetect(b []byte) rtfMode {
	tokens := 0
	for i := 0; i < len(b) && tokens < 10; {
		switch c := b[i]; {
		case c == '{':
			tokens++
			i++
		case c == '\r' || c == '\n':
			i++
		case c == '\\':
			j := i + 1
			for j < len(b) && isRTFLetter(b[j]) {
				j++
			}
			if j == i+1 {
				return rtfModePlain // control symbol: not a control word
			}
			word := string(b[i+1 : j])
			k := j
			if k < len(b) && b[k] == '-' {
				k++
			}
			for k < len(b) && b[k] >= '0' && b[k] <= '9' {
				k++
			}
			param := string(b[j:k])
			if k < len(b) && b[k] == ' ' {
				k++
			}
			tokens++
			switch {
			case word == "fromhtml" && param == "1":
				return rtfModeHTML
			case word == "fromtext":
				return rtfModeText
			}
			i = k
		default:
			return rtfModePlain
		}
	}
	return rtfModePlain
}

func isRTFLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// RTFToHTML extracts the HTML encapsulated in an RTF body ([MS-OXRTFEX]
// 2.2.3.2). ok is false (and html nil) when the RTF does not encapsulate
// HTML. The HTML is returned as UTF-8 whatever its original charset was:
// \'hh escapes are decoded with the code page of the current font (or
// \ansicpgN), \uN escapes become their characters, \par and \tab inside
// \*\htmltag groups become CRLF and TAB; text in \htmlrtf regions is
// dropped. A <meta charset> inside the HTML still names the original
// charset; callers storing the HTML set PidTagInternetCodepage to 65001.
func RTFToHTML(rtf []byte) (html []byte, ok bool, err error) {
	if rtfDetect(rtf) != rtfModeHTML {
		return nil, false, nil
	}
	out, err := rtfRun(rtf, rtfModeHTML)
	if err != nil {
		return nil, false, err
	}
	return out, true, nil
}

// RTFToText returns the plain text of an RTF body: the encapsulated text
// of a \fromtext document ([MS-OXRTFEX] 2.2.3.3), otherwise the rendered
// text of the RTF (for \fromhtml documents, the RTF rendering, not the
// HTML): destinations such as the font and colour tables, pictures,
// objects and field instructions are skipped, \par, \line, \row, \sect
// and \page become CRLF, \tab and \cell TAB, and the typographic control
// words (\lquote, \emdash, \bullet, ...) their characters.
func RTFToText(rtf []byte) (string, error) {
	mode := rtfDetect(rtf)
	if mode == rtfModeHTML {
		mode = rtfModePlain
	}
	out, err := rtfRun(rtf, mode)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// rtfGroup is the state RTF scopes to a group.
type rtfGroup struct {
	skip    bool // inside a destination whose text is not output
	htmlrtf bool // \htmlrtf on
	inTag   bool // inside \*\htmltag
	fontTbl bool // inside \fonttbl
	uc      int  // \ucN: characters to skip after \uN
	cp      int  // code page of the current font
}

type rtfReader struct {
	in      []byte
	mode    rtfMode
	out     []byte
	pending []byte // 8-bit bytes awaiting code page conversion
	pendCP  int
	docCP   int
	fonts   map[int]int // font number → code page
	curFont int         // font being defined in \fonttbl
	st      rtfGroup
	stack   []rtfGroup
	skipN   int  // characters still to skip after \uN
	newDest bool // the next control word is the first of a group
	star    bool // \* seen at the start of the group
	hiSurr  rune // pending high surrogate of a \uN pair
	decs    map[int]*encoding.Decoder
	inBody  bool // past the RTF header
	err     error
}

func rtfRun(in []byte, mode rtfMode) ([]byte, error) {
	i := 0
	for i < len(in) && (in[i] == ' ' || in[i] == '\r' || in[i] == '\n' || in[i] == '\t') {
		i++
	}
	if !bytes.HasPrefix(in[i:], []byte("{\\rtf")) {
		return nil, &RTFError{Offset: i, Err: ErrRTFNotRTF}
	}
	r := &rtfReader{in: in, mode: mode, docCP: 1252, fonts: map[int]int{}, curFont: -1}
	r.st.uc = 1
	r.st.cp = 0
	r.out = make([]byte, 0, min(len(in), 1<<20))
	if err := r.run(i); err != nil {
		return nil, err
	}
	r.flush()
	if r.err != nil {
		return nil, r.err
	}
	return r.out, nil
}

// fontCharsetCP maps \fcharsetN to a Windows code page ([MSFT-RTF]).
func fontCharsetCP(cs int) int {
	switch cs {
	case 0:
		return 1252
	case 2:
		return 0 // symbol: bytes as Windows-1252
	case 77:
		return 10000
	case 128:
		return 932
	case 129:
		return 949
	case 134:
		return 936
	case 136:
		return 950
	case 161:
		return 1253
	case 162:
		return 1254
	case 163:
		return 1258
	case 177:
		return 1255
	case 178:
		return 1256
	case 186:
		return 1257
	case 204:
		return 1251
	case 222:
		return 874
	case 238:
		return 1250
	case 254:
		return 437
	}
	return 0
}

// emitting reports whether text is output in the current state.
func (r *rtfReader) emitting() bool {
	if r.st.fontTbl {
		return false
	}
	switch r.mode {
	case rtfModeHTML, rtfModeText:
		if r.st.inTag {
			return r.mode == rtfModeHTML
		}
		// The RTF header (before the first \*\htmltag or \pard) is
		// skipped ([MS-OXRTFEX] 2.2.3.2).
		return r.inBody && !r.st.skip && !r.st.htmlrtf
	}
	return !r.st.skip
}

func (r *rtfReader) codepage() int {
	if r.mode == rtfModeHTML && r.st.inTag {
		return r.docCP
	}
	if r.st.cp != 0 {
		return r.st.cp
	}
	return r.docCP
}

func (r *rtfReader) flush() {
	if len(r.pending) == 0 {
		return
	}
	defer func() { r.pending = r.pending[:0] }()
	if r.err != nil {
		return
	}
	e := windowsCodepage(r.pendCP)
	if e == nil {
		r.write(decodeCodepage(r.pending, r.pendCP))
		return
	}
	dec, ok := r.decs[r.pendCP]
	if !ok {
		dec = e.NewDecoder()
		if r.decs == nil {
			r.decs = make(map[int]*encoding.Decoder)
		}
		r.decs[r.pendCP] = dec
	}
	dec.Reset()
	// A byte of a single- or double-byte code page decodes to at most 3
	// UTF-8 bytes (U+FFFD included).
	need := 3 * len(r.pending)
	if len(r.out)+need > MaxRTFOutput {
		r.write(decodeCodepage(r.pending, r.pendCP))
		return
	}
	r.out = slices.Grow(r.out, need)
	n, _, err := dec.Transform(r.out[len(r.out):cap(r.out)], r.pending, true)
	if err != nil {
		r.write(decodeCodepage(r.pending, r.pendCP))
		return
	}
	r.out = r.out[:len(r.out)+n]
}

func (r *rtfReader) write(s string) {
	if r.err != nil {
		return
	}
	if len(r.out)+len(s) > MaxRTFOutput {
		r.err = &RTFError{Offset: len(r.in), Err: ErrRTFOutput}
		return
	}
	r.out = append(r.out, s...)
}

// char outputs one text byte (ASCII or 8-bit in the current code page),
// honouring the \uc skip count.
func (r *rtfReader) char(c byte) {
	if r.skipN > 0 {
		r.skipN--
		return
	}
	if !r.emitting() {
		return
	}
	if c < 0x80 {
		r.flush()
		if r.err == nil {
			if len(r.out)+1 > MaxRTFOutput {
				r.err = &RTFError{Offset: len(r.in), Err: ErrRTFOutput}
				return
			}
			r.out = append(r.out, c)
		}
		return
	}
	cp := r.codepage()
	if len(r.pending) > 0 && cp != r.pendCP {
		r.flush()
	}
	r.pendCP = cp
	r.pending = append(r.pending, c)
	if len(r.pending) > 4096 {
		// Keep multi-byte sequences together but bound the buffer.
		r.flush()
	}
}

// escByte outputs the byte of a \'hh escape. It always goes through the
// code page (a trail byte of a double-byte code page may be below 0x80).
func (r *rtfReader) escByte(c byte) {
	if r.skipN > 0 {
		r.skipN--
		return
	}
	if !r.emitting() {
		return
	}
	cp := r.codepage()
	if len(r.pending) > 0 && cp != r.pendCP {
		r.flush()
	}
	r.pendCP = cp
	r.pending = append(r.pending, c)
	if len(r.pending) > 4096 {
		r.flush()
	}
}

// text outputs a string (from a control word), honouring \uc skipping.
func (r *rtfReader) text(s string) {
	if r.skipN > 0 {
		r.skipN--
		return
	}
	if !r.emitting() {
		return
	}
	r.flush()
	r.write(s)
}

// rtfDestinations are groups whose text is not document text.
var rtfDestinations = map[string]bool{
	"fonttbl": true, "colortbl": true, "stylesheet": true, "info": true, "pict": true,
	"object": true, "fldinst": true, "header": true, "footer": true, "headerl": true,
	"headerr": true, "headerf": true, "footerl": true, "footerr": true, "footerf": true,
	"footnote": true, "annotation": true, "listtable": true, "listoverridetable": true,
	"rsidtbl": true, "generator": true, "xmlnstbl": true, "themedata": true,
	"colorschememapping": true, "latentstyles": true, "datastore": true, "filetbl": true,
	"revtbl": true, "pgdsctbl": true, "mhtmltag": true, "private": true, "bkmkstart": true,
	"bkmkend": true, "field": false, "shppict": true, "nonshppict": true, "template": true,
	"operator": true, "author": true, "title": true, "subject": true, "comment": true,
	"keywords": true, "doccomm": true, "userprops": true, "company": true,
}

// rtfSymbols are control words that stand for characters.
var rtfSymbols = map[string]string{
	"lquote": "\u2018", "rquote": "\u2019", "ldblquote": "\u201C", "rdblquote": "\u201D",
	"bullet": "\u2022", "endash": "\u2013", "emdash": "\u2014", "enspace": "\u2002",
	"emspace": "\u2003", "qmspace": "\u2005", "zwj": "\u200D", "zwnj": "\u200C",
	"ltrmark": "\u200E", "rtlmark": "\u200F",
}

func (r *rtfReader) push(off int) error {
	if len(r.stack) >= MaxRTFDepth {
		return &RTFError{Offset: off, Err: ErrRTFTooDeep}
	}
	r.stack = append(r.stack, r.st)
	r.newDest = true
	r.star = false
	return nil
}

// pop ends a group; it reports false at the end of the document.
func (r *rtfReader) pop() bool {
	if len(r.stack) == 0 {
		return false
	}
	r.flush()
	r.st = r.stack[len(r.stack)-1]
	r.stack = r.stack[:len(r.stack)-1]
	r.newDest = false
	r.star = false
	return len(r.stack) > 0
}

func (r *rtfReader) run(i int) error {
	in := r.in
	for i < len(in) && r.err == nil {
		c := in[i]
		switch c {
		case '{':
			if err := r.push(i); err != nil {
				return err
			}
			i++
			continue
		case '}':
			r.skipN = 0
			i++
			if !r.pop() {
				return r.err
			}
			continue
		case '\r', '\n':
			i++
			continue
		case '\\':
		default:
			r.newDest = false
			r.char(c)
			i++
			continue
		}
		// Control word or symbol.
		if i+1 >= len(in) {
			return nil
		}
		n := in[i+1]
		if !isRTFLetter(n) {
			i += 2
			switch n {
			case '\'':
				if i+2 > len(in) {
					return &RTFError{Offset: i - 2, Err: ErrRTFBadEscape}
				}
				h, ok := unhex2(in[i], in[i+1])
				if !ok {
					return &RTFError{Offset: i - 2, Err: ErrRTFBadEscape}
				}
				i += 2
				r.newDest = false
				r.escByte(h)
			case '*':
				r.star = true
			case '{', '}', '\\':
				r.newDest = false
				r.char(n)
			case '~':
				r.text("\u00A0")
			case '_':
				r.text("\u2011")
			case '-':
				// optional hyphen: nothing
			case '\r', '\n':
				r.control([]byte("par"), 0, false)
			case '\t':
				r.control([]byte("tab"), 0, false)
			}
			continue
		}
		j := i + 1
		for j < len(in) && isRTFLetter(in[j]) && j-i <= 32 {
			j++
		}
		word := in[i+1 : j]
		k := j
		neg := false
		if k < len(in) && in[k] == '-' {
			neg = true
			k++
		}
		ds := k
		param, has := 0, false
		for k < len(in) && in[k] >= '0' && in[k] <= '9' && k-ds < 10 {
			param = param*10 + int(in[k]-'0')
			has = true
			k++
		}
		if !has && neg {
			k = ds - 1 // a lone '-' is text
			neg = false
		}
		if neg {
			param = -param
		}
		if k < len(in) && in[k] == ' ' {
			k++
		}
		i = k
		if string(word) == "bin" && has && param > 0 {
			// Binary data: skip it.
			if param > len(in)-i {
				param = len(in) - i
			}
			i += param
			continue
		}
		r.control(word, param, has)
	}
	return r.err
}

func unhex2(a, b byte) (byte, bool) {
	h := func(c byte) (byte, bool) {
		switch {
		case c >= '0' && c <= '9':
			return c - '0', true
		case c >= 'a' && c <= 'f':
			return c - 'a' + 10, true
		case c >= 'A' && c <= 'F':
			return c - 'A' + 10, true
		}
		return 0, false
	}
	x, ok1 := h(a)
	y, ok2 := h(b)
	return x<<4 | y, ok1 && ok2
}

// control handles a control word. word aliases the input; the string
// conversions below are the compiler's allocation-free forms.
func (r *rtfReader) control(word []byte, param int, has bool) {
	first := r.newDest
	r.newDest = false
	if first {
		star := r.star
		r.star = false
		switch {
		case string(word) == "htmltag" && star:
			r.flush()
			r.inBody = true
			if r.mode == rtfModeHTML {
				r.st.inTag = true
			} else {
				r.st.skip = true
			}
			return
		case string(word) == "fonttbl":
			r.flush()
			r.st.fontTbl = true
			return
		case string(word) == "fldrslt":
			return
		case rtfDestinations[string(word)] || star:
			r.flush()
			r.st.skip = true
			return
		}
	}
	switch string(word) {
	case "pard":
		r.inBody = true
	case "ansicpg":
		if has && param > 0 {
			r.docCP = param
		}
	case "mac":
		r.docCP = 10000
	case "pc":
		r.docCP = 437
	case "pca":
		r.docCP = 850
	case "f":
		if r.st.fontTbl {
			r.curFont = param
			return
		}
		r.flush()
		r.st.cp = r.fonts[param]
	case "fcharset":
		if r.st.fontTbl && r.curFont >= 0 {
			if _, ok := r.fonts[r.curFont]; !ok || r.fonts[r.curFont] == 0 {
				r.fonts[r.curFont] = fontCharsetCP(param)
			}
		}
	case "cpg":
		if r.st.fontTbl && r.curFont >= 0 && param > 0 {
			r.fonts[r.curFont] = param
		}
	case "htmlrtf":
		if r.mode != rtfModePlain {
			r.flush()
			r.st.htmlrtf = !has || param != 0
		}
	case "uc":
		if has && param >= 0 && param <= 10 {
			r.st.uc = param
		}
	case "u":
		if !has {
			return
		}
		if param < 0 {
			param += 65536
		}
		r.unicode(rune(param))
		r.skipN = r.st.uc
	case "par", "line", "sect", "page", "row":
		if r.mode == rtfModePlain && string(word) == "row" {
			r.text("\r\n")
			return
		}
		r.text("\r\n")
	case "tab", "cell":
		r.text("\t")
	default:
		if s, ok := rtfSymbols[string(word)]; ok {
			r.text(s)
		}
	}
}

// unicode outputs a \uN character, pairing UTF-16 surrogates.
func (r *rtfReader) unicode(c rune) {
	if !r.emitting() {
		return
	}
	r.flush()
	if c >= 0xD800 && c < 0xDC00 {
		// High surrogate: hold it until the low one arrives.
		if r.hiSurr != 0 {
			r.write(string(utf8.RuneError))
		}
		r.hiSurr = c
		return
	}
	if c >= 0xDC00 && c < 0xE000 && r.hiSurr != 0 {
		c = (r.hiSurr-0xD800)<<10 + (c - 0xDC00) + 0x10000
	} else {
		if r.hiSurr != 0 {
			r.write(string(utf8.RuneError))
		}
		if c >= 0xD800 && c < 0xE000 {
			c = utf8.RuneError
		}
	}
	r.hiSurr = 0
	if len(r.out)+utf8.UTFMax > MaxRTFOutput {
		r.err = &RTFError{Offset: len(r.in), Err: ErrRTFOutput}
		return
	}
	r.out = utf8.AppendRune(r.out, c)
}

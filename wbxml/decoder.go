package wbxml

import (
	"bytes"
	"fmt"
	"io"
)

// Global tokens of WBXML 1.3 ([MS-ASWBXML] 1.6, [WBXML1.2] 7.1).
const (
	tokSwitchPage = 0x00
	tokEnd        = 0x01
	tokEntity     = 0x02
	tokStrI       = 0x03
	tokLiteral    = 0x04
	tokExtI0      = 0x40
	tokExtI1      = 0x41
	tokExtI2      = 0x42
	tokPI         = 0x43
	tokLiteralC   = 0x44
	tokExtT0      = 0x80
	tokExtT1      = 0x81
	tokExtT2      = 0x82
	tokStrT       = 0x83
	tokLiteralA   = 0x84
	tokExt0       = 0xC0
	tokExt1       = 0xC1
	tokExt2       = 0xC2
	tokOpaque     = 0xC3
	tokLiteralAC  = 0xC4

	flagContent    = 0x40 // tag has content
	flagAttributes = 0x80 // tag has attributes
)

// Charsets accepted in the header (IANA MIBenum).
const (
	CharsetUTF8  = 106 // UTF-8, what ActiveSync uses
	CharsetASCII = 3   // US-ASCII, a subset of UTF-8
)

// Header is the WBXML document header ([WBXML1.2] 5.4-5.7).
type Header struct {
	Version byte // 0x03 for WBXML 1.3
	// PublicID is the document type public identifier; 1 ("unknown") in
	// ActiveSync. 0 means the identifier is a string in the string table
	// at offset PublicIDIndex (libwbxml writes "-//MICROSOFT//DTD
	// ActiveSync//EN" that way).
	PublicID      uint32
	PublicIDIndex uint32
	Charset       uint32 // 106 (UTF-8)
	// StringTable is the document's string table (ActiveSync does not use
	// one, [MS-ASWBXML] 2.1.3; STR_T references into it are still decoded).
	StringTable []byte
}

// PublicIDString returns the public identifier held in the string table,
// or "" if PublicID is not 0 or the reference is out of range.
func (h *Header) PublicIDString() string {
	if h.PublicID != 0 || int64(h.PublicIDIndex) >= int64(len(h.StringTable)) {
		return ""
	}
	s := h.StringTable[h.PublicIDIndex:]
	if i := bytes.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	return string(s)
}

// Kind is the kind of a Token.
type Kind uint8

// Token kinds.
const (
	StartElement Kind = iota + 1 // a tag; Tag is set
	EndElement                   // the end of the element Tag
	Text                         // inline string (STR_I) or string-table string (STR_T); Data is set
	Opaque                       // OPAQUE data; Data is set
)

// String returns the kind's name. It never panics.
func (k Kind) String() string {
	switch k {
	case StartElement:
		return "StartElement"
	case EndElement:
		return "EndElement"
	case Text:
		return "Text"
	case Opaque:
		return "Opaque"
	}
	return "Kind(" + itoa(int(k)) + ")"
}

// Token is one item of a WBXML document: the start of an element, its end,
// or a piece of content.
//
// Lifetime: the Data of a token returned by Decoder.Token aliases the
// decoder's buffer (or, for NewBytesDecoder, the input slice) and is valid
// only until the next call of Token; copy it to keep it.
type Token struct {
	Kind Kind
	Tag  Tag    // StartElement, EndElement
	Data []byte // Text, Opaque
}

// Options bound what a Decoder accepts. A nil *Options, or a zero field,
// means the default.
type Options struct {
	// MaxDepth is the deepest element nesting accepted (default 64;
	// ActiveSync documents nest about 10 deep).
	MaxDepth int
	// MaxStringLength is the longest inline string, opaque value or
	// string table accepted, in bytes (default 32 MiB).
	MaxStringLength int
	// MaxDocumentSize is the largest document accepted, in bytes
	// (default 64 MiB).
	MaxDocumentSize int64
	// AliasInput, for decoders of a byte slice (NewBytesDecoder, Parse,
	// Unmarshal), makes decoded strings and byte slices (Element.Text and
	// Data, string and []byte fields) share the input's memory instead of
	// copying it, which matters for large bodies and attachments. The
	// caller must then not modify the input while any decoded value is in
	// use: the strings would change. Off by default.
	AliasInput bool
}

// Default limits.
const (
	DefaultMaxDepth        = 64
	DefaultMaxStringLength = 32 << 20
	DefaultMaxDocumentSize = 64 << 20
)

func (o *Options) limits() (depth, str int, doc int64) {
	depth, str, doc = DefaultMaxDepth, DefaultMaxStringLength, DefaultMaxDocumentSize
	if o != nil {
		if o.MaxDepth > 0 {
			depth = o.MaxDepth
		}
		if o.MaxStringLength > 0 {
			str = o.MaxStringLength
		}
		if o.MaxDocumentSize > 0 {
			doc = o.MaxDocumentSize
		}
	}
	return
}

// Decoder reads the tokens of one WBXML document. Tags without content
// are reported as a StartElement immediately followed by an EndElement.
// After the root element's EndElement, Token returns io.EOF.
//
// A Decoder allocates nothing per token once its buffer and element stack
// have grown to the document's needs (see Token for the lifetime of Data).
type Decoder struct {
	r    io.Reader // nil when decoding a byte slice
	buf  []byte
	pos  int
	base int64 // document offset of buf[0]
	rerr error // error of r, reported once buf is drained

	maxDepth  int
	maxString int
	maxDoc    int64

	hdr        Header
	headerDone bool
	page       Page
	stack      []Tag
	pendingEnd bool
	rootDone   bool
	tooLarge   bool // input slice cut at maxDoc
	alias      bool // Options.AliasInput (byte-slice decoders only)
	err        error
}

// NewDecoder returns a Decoder reading a document from r.
func NewDecoder(r io.Reader, opts *Options) *Decoder {
	d := &Decoder{r: r}
	d.maxDepth, d.maxString, d.maxDoc = opts.limits()
	return d
}

// NewBytesDecoder returns a Decoder reading the document b. Token data
// aliases b.
func NewBytesDecoder(b []byte, opts *Options) *Decoder {
	d := &Decoder{}
	d.maxDepth, d.maxString, d.maxDoc = opts.limits()
	d.alias = opts != nil && opts.AliasInput
	d.Reset(b)
	return d
}

// Reset makes d decode the document b, keeping its options and buffers.
func (d *Decoder) Reset(b []byte) {
	*d = Decoder{buf: b, stack: d.stack[:0], maxDepth: d.maxDepth, maxString: d.maxString, maxDoc: d.maxDoc, alias: d.alias}
	if int64(len(b)) > d.maxDoc {
		// Reading past the limit fails with ErrTooLarge, as with a reader.
		d.buf = b[:d.maxDoc]
		d.tooLarge = true
	}
}

// Offset returns the document offset of the next byte to be read.
func (d *Decoder) Offset() int64 { return d.base + int64(d.pos) }

// Depth returns the number of open elements.
func (d *Decoder) Depth() int { return len(d.stack) }

// Header reads (if not yet read) and returns the document header.
func (d *Decoder) Header() (Header, error) {
	if !d.headerDone {
		if err := d.readHeader(); err != nil {
			return Header{}, err
		}
	}
	return d.hdr, nil
}

func (d *Decoder) fail(off int64, tok byte, err error) error {
	if d.err == nil {
		d.err = &SyntaxError{Offset: off, Token: tok, Page: d.page, Err: err}
	}
	return d.err
}

// fill makes at least n unread bytes available in buf, or fails with
// ErrTruncated (or the reader's error).
func (d *Decoder) fill(n int) error {
	if len(d.buf)-d.pos >= n {
		return nil
	}
	if d.base+int64(d.pos)+int64(n) > d.maxDoc {
		return ErrTooLarge
	}
	if d.r == nil {
		if d.tooLarge {
			return ErrTooLarge
		}
		return ErrTruncated
	}
	if d.pos > 0 {
		m := copy(d.buf, d.buf[d.pos:])
		d.base += int64(d.pos)
		d.buf = d.buf[:m]
		d.pos = 0
	}
	for len(d.buf) < n {
		if d.rerr != nil {
			if d.rerr == io.EOF {
				return ErrTruncated
			}
			return d.rerr
		}
		if len(d.buf) == cap(d.buf) {
			// Grow only when full, so that the buffer is never more than
			// about twice what the reader actually delivered, whatever
			// length the document claims.
			nb := make([]byte, len(d.buf), 2*cap(d.buf)+4096)
			copy(nb, d.buf)
			d.buf = nb
		}
		m, err := d.r.Read(d.buf[len(d.buf):cap(d.buf)])
		d.buf = d.buf[:len(d.buf)+m]
		if err != nil {
			d.rerr = err
		}
	}
	return nil
}

// atEOF reports whether the document has no more bytes.
func (d *Decoder) atEOF() bool {
	if d.pos < len(d.buf) {
		return false
	}
	return d.fill(1) != nil
}

func (d *Decoder) byte1() (byte, error) {
	if d.pos >= len(d.buf) {
		if err := d.fill(1); err != nil {
			return 0, err
		}
	}
	c := d.buf[d.pos]
	d.pos++
	return c, nil
}

// mbUint32 reads a multi-byte unsigned integer ([WBXML1.2] 5.1).
func (d *Decoder) mbUint32() (uint32, error) {
	var v uint32
	for i := 0; i < 5; i++ {
		c, err := d.byte1()
		if err != nil {
			return 0, err
		}
		if i == 4 && (v>>25) != 0 {
			return 0, ErrSyntax
		}
		v = v<<7 | uint32(c&0x7F)
		if c&0x80 == 0 {
			return v, nil
		}
	}
	return 0, ErrSyntax
}

func (d *Decoder) readHeader() error {
	if d.err != nil {
		return d.err
	}
	d.headerDone = true
	start := d.Offset()
	v, err := d.byte1()
	if err != nil {
		return d.fail(start, 0, err)
	}
	if v < 1 || v > 3 {
		// WBXML 1.0 has no charset field; ActiveSync uses 1.3.
		return d.fail(start, v, ErrSyntax)
	}
	d.hdr.Version = v
	off := d.Offset()
	if d.hdr.PublicID, err = d.mbUint32(); err != nil {
		return d.fail(off, 0, err)
	}
	if d.hdr.PublicID == 0 {
		if d.hdr.PublicIDIndex, err = d.mbUint32(); err != nil {
			return d.fail(off, 0, err)
		}
	}
	off = d.Offset()
	if d.hdr.Charset, err = d.mbUint32(); err != nil {
		return d.fail(off, 0, err)
	}
	if d.hdr.Charset != CharsetUTF8 && d.hdr.Charset != CharsetASCII {
		return d.fail(off, 0, ErrCharset)
	}
	off = d.Offset()
	n, err := d.mbUint32()
	if err != nil {
		return d.fail(off, 0, err)
	}
	if int64(n) > int64(d.maxString) {
		return d.fail(off, 0, ErrTooLong)
	}
	if err := d.fill(int(n)); err != nil {
		return d.fail(off, 0, err)
	}
	st := d.buf[d.pos : d.pos+int(n) : d.pos+int(n)]
	if d.r != nil {
		st = append([]byte(nil), st...) // buf is reused
	}
	d.hdr.StringTable = st
	d.pos += int(n)
	return nil
}

// Token returns the next token of the document, or io.EOF after the end of
// the root element. Errors are *SyntaxError values (wrapping one of the
// Err* values) located at the offending byte, and are sticky.
//
// Token.Data aliases the decoder's buffer and is valid until the next call.
func (d *Decoder) Token() (Token, error) {
	if d.err != nil {
		return Token{}, d.err
	}
	if !d.headerDone {
		if err := d.readHeader(); err != nil {
			return Token{}, err
		}
	}
	if d.pendingEnd {
		d.pendingEnd = false
		return d.pop(), nil
	}
	for {
		off := d.Offset()
		if d.rootDone {
			if d.atEOF() {
				if d.rerr != nil && d.rerr != io.EOF {
					return Token{}, d.fail(off, 0, d.rerr)
				}
				return Token{}, io.EOF
			}
			c := d.buf[d.pos]
			return Token{}, d.fail(off, c, fmt.Errorf("%w: data after the root element", ErrSyntax))
		}
		c, err := d.byte1()
		if err != nil {
			return Token{}, d.fail(off, 0, err)
		}
		switch c {
		case tokSwitchPage:
			p, err := d.byte1()
			if err != nil {
				return Token{}, d.fail(off, c, err)
			}
			if !Page(p).Known() {
				return Token{}, d.fail(off+1, p, ErrUnknownPage)
			}
			d.page = Page(p)
			continue
		case tokEnd:
			if len(d.stack) == 0 {
				return Token{}, d.fail(off, c, ErrSyntax)
			}
			return d.pop(), nil
		case tokStrI:
			if len(d.stack) == 0 {
				return Token{}, d.fail(off, c, ErrSyntax)
			}
			s, err := d.cstring()
			if err != nil {
				return Token{}, d.fail(off, c, err)
			}
			return Token{Kind: Text, Data: s}, nil
		case tokStrT:
			if len(d.stack) == 0 {
				return Token{}, d.fail(off, c, ErrSyntax)
			}
			idx, err := d.mbUint32()
			if err != nil {
				return Token{}, d.fail(off, c, err)
			}
			st := d.hdr.StringTable
			if int64(idx) >= int64(len(st)) {
				return Token{}, d.fail(off, c, ErrSyntax)
			}
			s := st[idx:]
			i := bytes.IndexByte(s, 0)
			if i < 0 {
				return Token{}, d.fail(off, c, ErrSyntax)
			}
			return Token{Kind: Text, Data: s[:i:i]}, nil
		case tokOpaque:
			if len(d.stack) == 0 {
				return Token{}, d.fail(off, c, ErrSyntax)
			}
			n, err := d.mbUint32()
			if err != nil {
				return Token{}, d.fail(off, c, err)
			}
			if int64(n) > int64(d.maxString) {
				return Token{}, d.fail(off, c, ErrTooLong)
			}
			if err := d.fill(int(n)); err != nil {
				return Token{}, d.fail(off, c, err)
			}
			s := d.buf[d.pos : d.pos+int(n) : d.pos+int(n)]
			d.pos += int(n)
			return Token{Kind: Opaque, Data: s}, nil
		case tokEntity, tokLiteral, tokExtI0, tokExtI1, tokExtI2, tokPI, tokLiteralC,
			tokExtT0, tokExtT1, tokExtT2, tokLiteralA, tokExt0, tokExt1, tokExt2, tokLiteralAC:
			return Token{}, d.fail(off, c, ErrUnsupportedToken)
		}
		if c&flagAttributes != 0 {
			return Token{}, d.fail(off, c, ErrUnsupportedToken)
		}
		t := MakeTag(d.page, c)
		if !t.Known() {
			return Token{}, d.fail(off, c, ErrUnknownTag)
		}
		if len(d.stack) >= d.maxDepth {
			return Token{}, d.fail(off, c, ErrTooDeep)
		}
		d.stack = append(d.stack, t)
		if c&flagContent == 0 {
			d.pendingEnd = true
		}
		return Token{Kind: StartElement, Tag: t}, nil
	}
}

func (d *Decoder) pop() Token {
	t := d.stack[len(d.stack)-1]
	d.stack = d.stack[:len(d.stack)-1]
	if len(d.stack) == 0 {
		d.rootDone = true
	}
	return Token{Kind: EndElement, Tag: t}
}

// cstring reads a NUL-terminated inline string and returns it without the
// NUL.
func (d *Decoder) cstring() ([]byte, error) {
	scanned := 0
	for {
		if i := bytes.IndexByte(d.buf[d.pos+scanned:], 0); i >= 0 {
			n := scanned + i
			if n > d.maxString {
				return nil, ErrTooLong
			}
			s := d.buf[d.pos : d.pos+n : d.pos+n]
			d.pos += n + 1
			return s, nil
		}
		scanned = len(d.buf) - d.pos
		if scanned > d.maxString {
			return nil, ErrTooLong
		}
		if err := d.fill(scanned + 1); err != nil {
			return nil, err
		}
	}
}

// Skip consumes tokens up to and including the end of the element whose
// StartElement was returned last.
func (d *Decoder) Skip() error {
	depth := 1
	for {
		t, err := d.Token()
		if err != nil {
			return err
		}
		switch t.Kind {
		case StartElement:
			depth++
		case EndElement:
			depth--
			if depth == 0 {
				return nil
			}
		}
	}
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

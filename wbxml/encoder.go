package wbxml

import (
	"bytes"
	"io"
)

// header13 is the header ActiveSync uses: WBXML 1.3, unknown public
// identifier, UTF-8, empty string table ([MS-ASWBXML] 3).
var header13 = [4]byte{0x03, 0x01, 0x6A, 0x00}

// enc is the append-only core of the encoders: it writes tokens to buf,
// switching code pages as needed and writing a tag without content when
// its end follows at once.
type enc struct {
	buf     []byte
	page    Page
	stack   []Tag
	pending bool // stack top is started but its tag byte is not yet written
	started bool // root element started
	done    bool // root element ended
}

func (e *enc) reset(b []byte) {
	*e = enc{buf: b, stack: e.stack[:0]}
}

func (e *enc) header() {
	e.buf = append(e.buf, header13[:]...)
}

// flushPending writes the pending start tag with the content bit.
func (e *enc) flushPending() {
	if e.pending {
		e.writeTag(e.stack[len(e.stack)-1], flagContent)
		e.pending = false
	}
}

func (e *enc) writeTag(t Tag, flags byte) {
	if p := t.Page(); p != e.page {
		e.buf = append(e.buf, tokSwitchPage, byte(p))
		e.page = p
	}
	e.buf = append(e.buf, t.Token()|flags)
}

func (e *enc) start(t Tag) error {
	if !t.Known() {
		return &EncodeError{Tag: t, Msg: "unknown tag"}
	}
	if e.done || (!e.started && len(e.stack) > 0) {
		return &EncodeError{Tag: t, Msg: "second root element"}
	}
	e.flushPending()
	e.started = true
	e.stack = append(e.stack, t)
	e.pending = true
	return nil
}

func (e *enc) end() error {
	if len(e.stack) == 0 {
		return &EncodeError{Msg: "end without an open element"}
	}
	t := e.stack[len(e.stack)-1]
	if e.pending {
		e.writeTag(t, 0)
		e.pending = false
	} else {
		e.buf = append(e.buf, tokEnd)
	}
	e.stack = e.stack[:len(e.stack)-1]
	if len(e.stack) == 0 {
		e.done = true
	}
	return nil
}

// text writes character data: an inline string, or OPAQUE data if the
// open element's content is a byte array (Tag.Opaque). Empty text writes
// nothing.
func (e *enc) text(s []byte) error {
	if len(e.stack) == 0 {
		return &EncodeError{Msg: "text outside the root element"}
	}
	if len(s) == 0 {
		return nil
	}
	t := e.stack[len(e.stack)-1]
	if t.Opaque() {
		return e.opaque(s)
	}
	if bytes.IndexByte(s, 0) >= 0 {
		return &EncodeError{Tag: t, Msg: "text contains a NUL byte"}
	}
	e.flushPending()
	e.buf = append(e.buf, tokStrI)
	e.buf = append(e.buf, s...)
	e.buf = append(e.buf, 0)
	return nil
}

// textString is text for a string, without converting it to []byte.
func (e *enc) textString(s string) error {
	if len(e.stack) == 0 {
		return &EncodeError{Msg: "text outside the root element"}
	}
	if len(s) == 0 {
		return nil
	}
	t := e.stack[len(e.stack)-1]
	if t.Opaque() {
		e.flushPending()
		e.buf = append(e.buf, tokOpaque)
		e.buf = appendMbUint32(e.buf, uint32(len(s)))
		e.buf = append(e.buf, s...)
		return nil
	}
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return &EncodeError{Tag: t, Msg: "text contains a NUL byte"}
		}
	}
	e.flushPending()
	e.buf = append(e.buf, tokStrI)
	e.buf = append(e.buf, s...)
	e.buf = append(e.buf, 0)
	return nil
}

// opaque writes OPAQUE data (even if empty).
func (e *enc) opaque(b []byte) error {
	if len(e.stack) == 0 {
		return &EncodeError{Msg: "opaque data outside the root element"}
	}
	if uint64(len(b)) > 0xFFFFFFFF {
		return &EncodeError{Tag: e.stack[len(e.stack)-1], Msg: "opaque data too long"}
	}
	e.flushPending()
	e.buf = append(e.buf, tokOpaque)
	e.buf = appendMbUint32(e.buf, uint32(len(b)))
	e.buf = append(e.buf, b...)
	return nil
}

func (e *enc) finish() error {
	if !e.done {
		return &EncodeError{Msg: "document has no complete root element"}
	}
	return nil
}

// appendMbUint32 appends v as a multi-byte integer ([WBXML1.2] 5.1).
func appendMbUint32(b []byte, v uint32) []byte {
	var tmp [5]byte
	i := len(tmp) - 1
	tmp[i] = byte(v & 0x7F)
	for v >>= 7; v != 0; v >>= 7 {
		i--
		tmp[i] = byte(v&0x7F) | 0x80
	}
	return append(b, tmp[i:]...)
}

// Encoder writes a WBXML document token by token, the way encoding/xml's
// Encoder does. It writes the ActiveSync header (03 01 6A 00) first,
// switches code pages as needed and writes a tag without content when an
// EndElement immediately follows its StartElement. Text of an element
// whose content is a byte array (Tag.Opaque) is written as OPAQUE.
//
// Output is buffered: call Flush (or Close, which also checks that the
// document is complete) at the end.
type Encoder struct {
	w   io.Writer
	e   enc
	err error
}

// NewEncoder returns an Encoder writing to w.
func NewEncoder(w io.Writer) *Encoder {
	en := &Encoder{w: w}
	en.e.header()
	return en
}

// EncodeToken writes t. A StartElement needs a known Tag; EndElement closes
// the innermost open element (its Tag is not checked); Text and Opaque
// need an open element. The token's Data is copied.
func (en *Encoder) EncodeToken(t Token) error {
	if en.err != nil {
		return en.err
	}
	var err error
	switch t.Kind {
	case StartElement:
		err = en.e.start(t.Tag)
	case EndElement:
		err = en.e.end()
	case Text:
		err = en.e.text(t.Data)
	case Opaque:
		err = en.e.opaque(t.Data)
	default:
		err = &EncodeError{Msg: "invalid token kind " + t.Kind.String()}
	}
	if err != nil {
		en.err = err
		return err
	}
	if len(en.e.buf) >= 32<<10 && !en.e.pending {
		return en.Flush()
	}
	return nil
}

// Flush writes the buffered output to the underlying writer (a pending
// start tag stays buffered until its content bit is known).
func (en *Encoder) Flush() error {
	if en.err != nil {
		return en.err
	}
	n := len(en.e.buf) // a pending start tag is not in buf yet
	if n == 0 {
		return nil
	}
	if _, err := en.w.Write(en.e.buf[:n]); err != nil {
		en.err = err
		return err
	}
	en.e.buf = en.e.buf[:0]
	return nil
}

// Close checks that the root element is complete and flushes.
func (en *Encoder) Close() error {
	if en.err == nil {
		en.err = en.e.finish()
	}
	if en.err != nil {
		return en.err
	}
	return en.Flush()
}

package fxstream

import (
	"fmt"

	"github.com/oxkit/oxkit/internal/wire"
	"github.com/oxkit/oxkit/mapi"
)

// Limits bound what a decoder accepts. A zero field means its default
// (the DefaultLimits value).
type Limits struct {
	// MaxBytes bounds the stream's size (default 64 MiB).
	MaxBytes int
	// MaxDepth bounds the nesting of embedded messages (default 16).
	MaxDepth int
	// MaxProps bounds the propValue elements of one object (default 4096).
	MaxProps int
	// MaxRecipients bounds the recipients of one message (default 4096).
	MaxRecipients int
	// MaxAttachments bounds the attachments of one message (default 1024).
	MaxAttachments int
	// MaxObjects bounds messages, recipients and attachments in the whole
	// stream together (default 65536).
	MaxObjects int
	// MaxNames bounds the distinct named properties of a stream (default
	// 4096; IDs are assigned from 0x8000 and there are 32767 of them).
	MaxNames int
}

// DefaultLimits are the limits a nil *Limits means.
var DefaultLimits = Limits{
	MaxBytes:       64 << 20,
	MaxDepth:       16,
	MaxProps:       4096,
	MaxRecipients:  4096,
	MaxAttachments: 1024,
	MaxObjects:     65536,
	MaxNames:       4096,
}

func (l *Limits) withDefaults() Limits {
	out := DefaultLimits
	if l == nil {
		return out
	}
	set := func(dst *int, v int) {
		if v > 0 {
			*dst = v
		}
	}
	set(&out.MaxBytes, l.MaxBytes)
	set(&out.MaxDepth, l.MaxDepth)
	set(&out.MaxProps, l.MaxProps)
	set(&out.MaxRecipients, l.MaxRecipients)
	set(&out.MaxAttachments, l.MaxAttachments)
	set(&out.MaxObjects, l.MaxObjects)
	if l.MaxNames > 0 && l.MaxNames < out.MaxNames {
		out.MaxNames = l.MaxNames
	}
	return out
}

// Token is one lexical element of a stream ([MS-OXCFXICS] 2.2.4.1):
// either a marker (IsMarker) or a propValue (Prop).
type Token struct {
	Offset   int // where the element starts
	IsMarker bool
	Marker   Marker
	Prop     PropValue
}

// Lexer splits a stream into tokens. Named properties are given IDs
// 0x8000, 0x8001, ... in order of first appearance (see Names).
type Lexer struct {
	r      wire.Reader
	lim    Limits
	names  Names
	byName map[mapi.PropertyName]mapi.PropID
	err    error
	peeked *Token
}

// NewLexer returns a Lexer over b; lim nil means DefaultLimits. A stream
// longer than lim.MaxBytes fails on the first Next.
func NewLexer(b []byte, lim *Limits) *Lexer {
	l := &Lexer{lim: lim.withDefaults()}
	l.r.Reset(b)
	if len(b) > l.lim.MaxBytes {
		l.err = &Error{Offset: 0, What: "stream", Err: fmt.Errorf("%w: %d bytes", ErrTooLarge, len(b))}
	}
	return l
}

// Names returns the names of the named properties met so far, by the IDs
// the Lexer gave them.
func (l *Lexer) Names() Names { return l.names }

// Err returns the first error met.
func (l *Lexer) Err() error { return l.err }

// Done reports whether the stream is consumed without error.
func (l *Lexer) Done() bool { return l.err == nil && l.peeked == nil && l.r.Remaining() == 0 }

// Offset returns the offset of the next token.
func (l *Lexer) Offset() int {
	if l.peeked != nil {
		return l.peeked.Offset
	}
	return l.r.Offset()
}

// Peek returns the next token without consuming it; ok is false at the
// end of the stream or after an error.
func (l *Lexer) Peek() (Token, bool) {
	if l.peeked == nil {
		t, ok := l.next()
		if !ok {
			return Token{}, false
		}
		l.peeked = &t
	}
	return *l.peeked, true
}

// Next consumes and returns the next token; ok is false at the end of the
// stream or after an error (see Err).
func (l *Lexer) Next() (Token, bool) {
	if l.peeked != nil {
		t := *l.peeked
		l.peeked = nil
		return t, true
	}
	return l.next()
}

func (l *Lexer) fail(off int, what fmt.Stringer, err error) {
	if l.err == nil {
		l.err = &Error{Offset: off, What: what.String(), Err: err}
	}
}

func (l *Lexer) next() (Token, bool) {
	if l.err != nil || l.r.Remaining() == 0 {
		return Token{}, false
	}
	start := l.r.Offset()
	v := l.r.Uint32()
	if l.r.Err() != nil {
		l.fail(start, constWhat("element"), wire.ErrShort)
		return Token{}, false
	}
	if IsMarker(v) {
		return Token{Offset: start, IsMarker: true, Marker: Marker(v)}, true
	}
	tag := mapi.PropTag(v)
	what := propWhat(v)
	pv := PropValue{Tag: tag}
	if tag.ID() >= 0x8000 {
		var n mapi.PropertyName
		copy(n.GUID[:], l.r.Bytes(16))
		switch kind := l.r.Uint8(); kind {
		case 0:
			n.Kind = mapi.NameKindID
			n.LID = l.r.Uint32()
		case 1:
			n.Kind = mapi.NameKindString
			n.Name = l.r.String16()
		default:
			if l.r.Err() == nil {
				l.fail(start, what, fmt.Errorf("%w: name kind 0x%02X", ErrValue, kind))
				return Token{}, false
			}
		}
		if err := l.r.Err(); err != nil {
			l.fail(start, what, err)
			return Token{}, false
		}
		id, ok := l.byName[n]
		if !ok {
			if len(l.byName) >= l.lim.MaxNames {
				l.fail(start, what, fmt.Errorf("%w: more than %d named properties", ErrTooMany, l.lim.MaxNames))
				return Token{}, false
			}
			if l.byName == nil {
				l.byName = map[mapi.PropertyName]mapi.PropID{}
				l.names = Names{}
			}
			id = mapi.PropID(0x8000 + len(l.byName))
			l.byName[n] = id
			l.names[id] = n
		}
		pv.Name = &n
		pv.Tag = mapi.NewPropTag(id, tag.Type())
	}
	typ, val := readValue(&l.r, tag.Type())
	if err := l.r.Err(); err != nil {
		if we, ok := err.(*wire.Error); ok {
			err = we.Err
		}
		l.fail(start, what, err)
		return Token{}, false
	}
	pv.Tag = pv.Tag.WithType(typ)
	pv.Value = val
	return Token{Offset: start, Prop: pv}, true
}

// propWhat names a propValue in errors; it is cheap until formatted.
type propWhat uint32

func (p propWhat) String() string { return fmt.Sprintf("propValue 0x%08X", uint32(p)) }

type constWhat string

func (c constWhat) String() string { return string(c) }

package wbxml

import (
	"bytes"
	"io"
)

// Element is a node of a WBXML element tree. ActiveSync elements hold
// either child elements or content, never attributes.
//
// Text holds the element's character data (inline and string-table
// strings, concatenated). Data holds OPAQUE content: it is non-nil when the
// document carried OPAQUE data for the element, and for elements whose
// content is a byte array (Tag.Opaque) it holds all of their content, inline
// strings included, so that such elements always round-trip as OPAQUE.
type Element struct {
	Tag      Tag
	Text     string
	Data     []byte
	Children []*Element
}

// NewElement returns an element with the given children.
func NewElement(t Tag, children ...*Element) *Element {
	return &Element{Tag: t, Children: children}
}

// NewText returns an element holding text.
func NewText(t Tag, text string) *Element { return &Element{Tag: t, Text: text} }

// NewOpaque returns an element holding OPAQUE data.
func NewOpaque(t Tag, data []byte) *Element {
	if data == nil {
		data = []byte{}
	}
	return &Element{Tag: t, Data: data}
}

// Child returns the first child with tag t, or nil.
func (e *Element) Child(t Tag) *Element {
	if e == nil {
		return nil
	}
	for _, c := range e.Children {
		if c.Tag == t {
			return c
		}
	}
	return nil
}

// Path follows the first child with each tag in turn and returns the
// element reached, or nil.
func (e *Element) Path(tags ...Tag) *Element {
	for _, t := range tags {
		e = e.Child(t)
	}
	return e
}

// Equal reports whether e and o are the same tree. A nil Data equals an
// empty one only if both are nil or both non-nil.
func (e *Element) Equal(o *Element) bool {
	if e == nil || o == nil {
		return e == o
	}
	if e.Tag != o.Tag || e.Text != o.Text || (e.Data == nil) != (o.Data == nil) ||
		!bytes.Equal(e.Data, o.Data) || len(e.Children) != len(o.Children) {
		return false
	}
	for i := range e.Children {
		if !e.Children[i].Equal(o.Children[i]) {
			return false
		}
	}
	return true
}

// Parse decodes a whole WBXML document into an element tree.
// It fails if anything but the end of the document follows the root
// element.
func Parse(b []byte, opts *Options) (*Element, error) {
	d := NewBytesDecoder(b, opts)
	e, err := d.Element()
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		if err == nil {
			err = d.fail(d.Offset(), 0, ErrSyntax)
		}
		return nil, err
	}
	return e, nil
}

// slab hands out Elements and child slices from chunks to save
// allocations.
type slab struct {
	free  []Element
	ptrs  []*Element
	chunk int // Elements per chunk
}

func (s *slab) new(t Tag) *Element {
	if len(s.free) == 0 {
		if s.chunk < 32 {
			s.chunk = 32
		}
		s.free = make([]Element, s.chunk)
	}
	e := &s.free[0]
	s.free = s.free[1:]
	e.Tag = t
	return e
}

// children returns a copy of kids in a slice of exact capacity (so that
// appending to it never overwrites a neighbour's children).
func (s *slab) children(kids []*Element) []*Element {
	n := len(kids)
	if n == 0 {
		return nil
	}
	if n > 64 {
		return append([]*Element(nil), kids...)
	}
	if len(s.ptrs) < n {
		s.ptrs = make([]*Element, 256)
	}
	c := s.ptrs[:n:n]
	s.ptrs = s.ptrs[n:]
	copy(c, kids)
	return c
}

// Element reads the next element, with everything it contains, as a
// tree: at the start of a document, the root element; after a
// StartElement token, the rest of that element.
func (d *Decoder) Element() (*Element, error) {
	var s slab
	type open struct {
		el    *Element
		kids0 int // where its children start in kids
	}
	var pathBuf [24]open
	var kidsBuf [64]*Element
	path := pathBuf[:0]
	kids := kidsBuf[:0] // children of the open elements, innermost last
	var root *Element
	if d.r == nil {
		// about one element per 8 bytes of input, within limits
		s.chunk = min(max((len(d.buf)-d.pos)/8, 32), 1024)
	}
	if base := len(d.stack); base > 0 && !d.rootDone {
		// continue the element whose StartElement was just returned
		root = s.new(d.stack[base-1])
		path = append(path, open{root, 0})
	}
	var text []byte // scratch for multi-part text
	var arena strArena
	if d.r == nil {
		arena.hint = len(d.buf) - d.pos
	}
	for {
		t, err := d.Token()
		if err != nil {
			if err == io.EOF {
				err = d.fail(d.Offset(), 0, ErrTruncated)
			}
			return nil, err
		}
		switch t.Kind {
		case StartElement:
			el := s.new(t.Tag)
			if len(path) == 0 {
				root = el
			} else {
				kids = append(kids, el)
			}
			path = append(path, open{el, len(kids)})
		case EndElement:
			top := path[len(path)-1]
			top.el.Children = s.children(kids[top.kids0:])
			kids = kids[:top.kids0]
			path = path[:len(path)-1]
			if len(path) == 0 {
				return root, nil
			}
		case Text:
			el := path[len(path)-1].el
			if el.Tag.Opaque() {
				el.Data = append(nonNil(el.Data), t.Data...)
			} else if el.Text == "" && d.alias {
				el.Text = aliasString(t.Data)
			} else if el.Text == "" {
				el.Text = arena.str(t.Data)
			} else {
				text = append(append(text[:0], el.Text...), t.Data...)
				el.Text = string(text)
			}
		case Opaque:
			el := path[len(path)-1].el
			if el.Data == nil && d.alias {
				el.Data = t.Data // capacity-limited: appends copy
			} else if el.Data == nil {
				el.Data = arena.bytes(t.Data)
			} else {
				el.Data = append(el.Data, t.Data...)
			}
		}
	}
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// AppendBinary appends e as a complete WBXML document (header 03 01 6A
// 00) to b. Text is written as an inline string (or OPAQUE for
// Tag.Opaque elements), then Data as OPAQUE if non-nil, then the children.
func (e *Element) AppendBinary(b []byte) ([]byte, error) {
	var en enc
	en.reset(b)
	en.header()
	if err := e.encode(&en); err != nil {
		return b, err
	}
	if err := en.finish(); err != nil {
		return b, err
	}
	return en.buf, nil
}

// MarshalBinary returns e as a complete WBXML document.
func (e *Element) MarshalBinary() ([]byte, error) { return e.AppendBinary(nil) }

func (e *Element) encode(en *enc) error {
	if e == nil {
		return &EncodeError{Msg: "nil element"}
	}
	if err := en.start(e.Tag); err != nil {
		return err
	}
	if err := en.textString(e.Text); err != nil {
		return err
	}
	if e.Data != nil {
		if err := en.opaque(e.Data); err != nil {
			return err
		}
	}
	for _, c := range e.Children {
		if err := c.encode(en); err != nil {
			return err
		}
	}
	return en.end()
}

package wbxml

import (
	"bufio"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// XML conversion, for debugging and tests. The XML form is the one
// Exchange documentation and libwbxml use: element names are the tag names,
// namespaces are the code page names followed by a colon ("AirSync:",
// "AirSyncBase:"), and the document starts with the ActiveSync DOCTYPE.

const xmlDoctype = `<!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/">`

// WriteXML writes e as an XML document. indent is the indentation per
// level ("" writes everything on one line). The root element declares its
// namespace as the default one; elements of other code pages use a prefix
// (the lower-case namespace name) declared on the root.
//
// The content of byte-array elements (Tag.Opaque) is written in base64
// (ParseXML decodes it back). OPAQUE data of other elements is written as
// text if it is valid UTF-8 and base64 otherwise; that is the one lossy
// case (such data comes back as text).
func (e *Element) WriteXML(w io.Writer, indent string) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n" + xmlDoctype + "\n")
	var used [numPages]bool
	e.pages(&used)
	var decl strings.Builder
	fmt.Fprintf(&decl, ` xmlns="%s"`, e.Tag.Page().XMLNamespace())
	for p := range used {
		if used[p] && Page(p) != e.Tag.Page() {
			fmt.Fprintf(&decl, ` xmlns:%s="%s"`, strings.ToLower(pageNames[p]), Page(p).XMLNamespace())
		}
	}
	e.writeXML(bw, e.Tag.Page(), decl.String(), indent, 0)
	bw.WriteString("\n")
	return bw.Flush()
}

func (e *Element) pages(used *[numPages]bool) {
	if e.Tag.Page().Known() {
		used[e.Tag.Page()] = true
	}
	for _, c := range e.Children {
		c.pages(used)
	}
}

func (e *Element) qname(root Page) string {
	if e.Tag.Page() == root {
		return e.Tag.Name()
	}
	return strings.ToLower(e.Tag.Namespace()) + ":" + e.Tag.Name()
}

func (e *Element) writeXML(w *bufio.Writer, root Page, decl, indent string, depth int) {
	name := e.qname(root)
	if indent != "" && depth > 0 {
		w.WriteString("\n")
		for i := 0; i < depth; i++ {
			w.WriteString(indent)
		}
	}
	w.WriteString("<" + name + decl)
	content := e.xmlContent()
	if content == "" && len(e.Children) == 0 {
		w.WriteString("/>")
		return
	}
	w.WriteString(">")
	xml.EscapeText(w, []byte(content))
	for _, c := range e.Children {
		c.writeXML(w, root, "", indent, depth+1)
	}
	if indent != "" && len(e.Children) > 0 {
		w.WriteString("\n")
		for i := 0; i < depth; i++ {
			w.WriteString(indent)
		}
	}
	w.WriteString("</" + name + ">")
}

func (e *Element) xmlContent() string {
	if e.Tag.Opaque() {
		return base64.StdEncoding.EncodeToString(append([]byte(e.Text), e.Data...))
	}
	if e.Data == nil {
		return e.Text
	}
	if utf8.Valid(e.Data) {
		return e.Text + string(e.Data)
	}
	return e.Text + base64.StdEncoding.EncodeToString(e.Data)
}

// ParseXML reads an ActiveSync XML document into an element tree.
// Namespaces may be written with or without the trailing colon
// ("AirSync:" or "AirSync"). Whitespace-only text in elements that have
// child elements is ignored; the content of byte-array elements
// (Tag.Opaque) must be base64. Attributes other than namespace
// declarations are an error, as are unknown namespaces and tags, and
// nesting deeper than DefaultMaxDepth.
func ParseXML(r io.Reader) (*Element, error) {
	dec := xml.NewDecoder(r)
	var root *Element
	var path []*Element
	var texts [][]byte
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if root == nil || len(path) > 0 {
				return nil, fmt.Errorf("wbxml: xml: %w", io.ErrUnexpectedEOF)
			}
			return root, nil
		}
		if err != nil {
			return nil, fmt.Errorf("wbxml: xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			line, col := dec.InputPos()
			tag, ok := LookupTag(t.Name.Space, t.Name.Local)
			if !ok {
				return nil, fmt.Errorf("wbxml: xml line %d:%d: unknown element %q in namespace %q", line, col, t.Name.Local, t.Name.Space)
			}
			for _, a := range t.Attr {
				if a.Name.Space != "xmlns" && !(a.Name.Space == "" && a.Name.Local == "xmlns") {
					return nil, fmt.Errorf("wbxml: xml line %d:%d: attribute %q not allowed", line, col, a.Name.Local)
				}
			}
			if len(path) >= DefaultMaxDepth {
				return nil, fmt.Errorf("wbxml: xml line %d:%d: %w", line, col, ErrTooDeep)
			}
			el := &Element{Tag: tag}
			if len(path) > 0 {
				p := path[len(path)-1]
				p.Children = append(p.Children, el)
			} else if root != nil {
				return nil, fmt.Errorf("wbxml: xml line %d:%d: second root element", line, col)
			} else {
				root = el
			}
			path = append(path, el)
			texts = append(texts, nil)
		case xml.EndElement:
			el := path[len(path)-1]
			s := string(texts[len(texts)-1])
			path = path[:len(path)-1]
			texts = texts[:len(texts)-1]
			if len(el.Children) > 0 && strings.TrimSpace(s) == "" {
				s = ""
			}
			if el.Tag.Opaque() && s != "" {
				b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
				if err != nil {
					line, col := dec.InputPos()
					return nil, fmt.Errorf("wbxml: xml line %d:%d: %v content is not base64: %v", line, col, el.Tag, err)
				}
				el.Data = b
			} else if !el.Tag.Opaque() {
				el.Text = s
			}
		case xml.CharData:
			if len(texts) > 0 {
				texts[len(texts)-1] = append(texts[len(texts)-1], t...)
			} else if strings.TrimSpace(string(t)) != "" {
				return nil, fmt.Errorf("wbxml: xml: text outside the root element")
			}
		}
	}
}

// XMLToWBXML converts an ActiveSync XML document to WBXML.
func XMLToWBXML(r io.Reader) ([]byte, error) {
	e, err := ParseXML(r)
	if err != nil {
		return nil, err
	}
	return e.MarshalBinary()
}

// WBXMLToXML converts a WBXML document to indented XML.
func WBXMLToXML(w io.Writer, b []byte, opts *Options) error {
	e, err := Parse(b, opts)
	if err != nil {
		return err
	}
	return e.WriteXML(w, "  ")
}

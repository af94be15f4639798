package ews

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/beevik/etree"
)

// XML namespaces of EWS ([MS-OXWSCDATA] 2.1, SOAP 1.1).
const (
	nsSOAP     = "http://schemas.xmlsoap.org/soap/envelope/"
	nsMessages = "http://schemas.microsoft.com/exchange/services/2006/messages"
	nsTypes    = "http://schemas.microsoft.com/exchange/services/2006/types"
	nsErrors   = "http://schemas.microsoft.com/exchange/services/2006/errors"
)

// Default limits of the request parser.
const (
	// DefaultMaxRequestBytes bounds a request body (MimeContent of large
	// messages travels inside it): 64 MiB.
	DefaultMaxRequestBytes = 64 << 20
	// DefaultMaxDepth bounds element nesting; EWS restrictions nest, real
	// requests stay below 20 levels.
	DefaultMaxDepth = 64
)

// Request is a parsed SOAP 1.1 request envelope (SOAP 1.1 section 4,
// [MS-OXWSCDATA] 2.2.4 for the headers). Unknown headers are ignored, as
// Exchange does.
type Request struct {
	// Version is RequestServerVersion/@Version ([MS-OXWSCDATA]
	// 2.2.4.58/2.2.5.24 ExchangeVersionType), "" when absent.
	Version string
	// TimeZone is TimeZoneContext/TimeZoneDefinition/@Id, "" when absent.
	TimeZone string
	// DateTimePrecision is the DateTimePrecision header (Seconds or
	// Milliseconds), "" when absent.
	DateTimePrecision string
	// Impersonation is the ExchangeImpersonation/ConnectingSID's
	// PrimarySmtpAddress, PrincipalName or SID; accepted and ignored
	// (impersonation is not implemented).
	Impersonation string
	// Operation is the local name of the body's first element
	// ("GetFolder").
	Operation string
	// Body is that element.
	Body *etree.Element
}

// ParseError is a malformed request envelope.
type ParseError struct {
	// Offset is the byte offset the problem was found at, -1 when unknown.
	Offset int64
	Msg    string
	Err    error
}

func (e *ParseError) Error() string {
	s := "ews: malformed request: " + e.Msg
	if e.Offset >= 0 {
		s += fmt.Sprintf(" (offset %d)", e.Offset)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *ParseError) Unwrap() error { return e.Err }

// ErrTooLarge is a request over the size limit.
var ErrTooLarge = errors.New("ews: request too large")

// ParseOptions bound ParseRequest. nil or zero fields mean the defaults.
type ParseOptions struct {
	MaxBytes int64
	MaxDepth int
}

// ParseRequest parses a SOAP envelope. It rejects DOCTYPE declarations
// (no entity expansion), documents deeper than opts.MaxDepth and bodies
// larger than opts.MaxBytes.
func ParseRequest(b []byte, opts *ParseOptions) (*Request, error) {
	maxBytes, maxDepth := int64(DefaultMaxRequestBytes), DefaultMaxDepth
	if opts != nil {
		if opts.MaxBytes > 0 {
			maxBytes = opts.MaxBytes
		}
		if opts.MaxDepth > 0 {
			maxDepth = opts.MaxDepth
		}
	}
	if int64(len(b)) > maxBytes {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(b), maxBytes)
	}
	if i := bytes.Index(b, []byte("<!DOCTYPE")); i >= 0 {
		return nil, &ParseError{Offset: int64(i), Msg: "DOCTYPE not allowed"}
	}
	// Plain requests are built in one pass (soapfast.go); anything else,
	// errors included, goes through etree's parser.
	doc, ok := fastParse(b, maxDepth)
	if !ok {
		doc = etree.NewDocument()
		doc.ReadSettings = etree.ReadSettings{MaxDepth: maxDepth}
		if err := doc.ReadFromBytes(b); err != nil {
			return nil, &ParseError{Offset: -1, Msg: "not well-formed XML", Err: err}
		}
	}
	env := doc.Root()
	if env == nil || env.Tag != "Envelope" || env.NamespaceURI() != nsSOAP {
		return nil, &ParseError{Offset: -1, Msg: "root element is not a SOAP 1.1 Envelope"}
	}
	req := &Request{}
	var body *etree.Element
	for c := range env.ChildElementsSeq() {
		switch {
		case c.Tag == "Header" && c.NamespaceURI() == nsSOAP:
			req.parseHeader(c)
		case c.Tag == "Body" && c.NamespaceURI() == nsSOAP:
			if body != nil {
				return nil, &ParseError{Offset: -1, Msg: "two SOAP Body elements"}
			}
			body = c
		}
	}
	if body == nil {
		return nil, &ParseError{Offset: -1, Msg: "no SOAP Body"}
	}
	for op := range body.ChildElementsSeq() {
		req.Body = op
		req.Operation = op.Tag
		return req, nil
	}
	return nil, &ParseError{Offset: -1, Msg: "empty SOAP Body"}
}

func (r *Request) parseHeader(h *etree.Element) {
	for c := range h.ChildElementsSeq() {
		switch c.Tag {
		case "RequestServerVersion":
			r.Version = c.SelectAttrValue("Version", "")
		case "TimeZoneContext":
			if d := c.SelectElement("TimeZoneDefinition"); d != nil {
				r.TimeZone = d.SelectAttrValue("Id", "")
			}
		case "DateTimePrecision":
			r.DateTimePrecision = strings.TrimSpace(c.Text())
		case "ExchangeImpersonation":
			if s := c.SelectElement("ConnectingSID"); s != nil {
				for _, id := range s.ChildElements() {
					r.Impersonation = strings.TrimSpace(id.Text())
				}
			}
		}
	}
}

// AppendXML re-serializes the request as an envelope with the headers
// ParseRequest understood and the operation element as parsed (used to
// check parse stability).
func (r *Request) AppendXML(b []byte) []byte {
	// The envelope and headers use prefixes of their own, declared where
	// used, so that a prefix the operation element uses without declaring
	// it stays undeclared (and means the same) when re-read.
	w := xw{b: b}
	w.raw(`<oxs0:Envelope xmlns:oxs0="` + nsSOAP + `"><oxs0:Header>`)
	const t0 = ` xmlns:oxt0="` + nsTypes + `"`
	if r.Version != "" {
		w.raw(`<oxt0:RequestServerVersion` + t0 + ` Version="`)
		w.attr(r.Version)
		w.raw(`"/>`)
	}
	if r.TimeZone != "" {
		w.raw(`<oxt0:TimeZoneContext` + t0 + `><oxt0:TimeZoneDefinition Id="`)
		w.attr(r.TimeZone)
		w.raw(`"/></oxt0:TimeZoneContext>`)
	}
	if r.DateTimePrecision != "" {
		w.raw(`<oxt0:DateTimePrecision` + t0 + `>`)
		w.text(r.DateTimePrecision)
		w.raw(`</oxt0:DateTimePrecision>`)
	}
	if r.Impersonation != "" {
		w.raw(`<oxt0:ExchangeImpersonation` + t0 + `><oxt0:ConnectingSID>`)
		w.elem("oxt0:PrimarySmtpAddress", r.Impersonation)
		w.raw(`</oxt0:ConnectingSID></oxt0:ExchangeImpersonation>`)
	}
	w.raw(`</oxs0:Header><oxs0:Body>`)
	if r.Body != nil {
		var buf bytes.Buffer
		op := r.Body.Copy()
		// Carry namespace declarations made on ancestors (the Envelope
		// usually declares the prefixes the operation uses).
		for a := r.Body.Parent(); a != nil; a = a.Parent() {
			for _, at := range a.Attr {
				if (at.Space == "xmlns" || (at.Space == "" && at.Key == "xmlns")) && op.SelectAttr(at.FullKey()) == nil {
					op.CreateAttr(at.FullKey(), at.Value)
				}
			}
		}
		d := etree.NewDocumentWithRoot(op)
		d.WriteSettings.CanonicalText = true
		d.WriteSettings.CanonicalAttrVal = true
		d.WriteTo(&buf)
		w.b = append(w.b, buf.Bytes()...)
	}
	w.raw(`</oxs0:Body></oxs0:Envelope>`)
	return w.b
}

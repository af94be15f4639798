package ews

import (
	"slices"
	"strings"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
)

// maxHeaderNames bounds the item:InternetMessageHeader paths of a shape.
const maxHeaderNames = 64

// bodyOptions are the body and header options of an ItemShape
// ([MS-OXWSCDATA] 2.2.4.40 ItemResponseShapeType).
type bodyOptions struct {
	// filter is FilterHtmlContent: HTML bodies pass through filterHTML.
	filter bool
	// unique and normalized are UniqueBodyType and NormalizedBodyType
	// (Best, HTML, Text; "" follows BodyType).
	unique, normalized string
	// headers are the header names item:InternetMessageHeader paths ask
	// for; allHeaders is set by item:InternetMessageHeaders (or a path
	// without FieldIndex), which writes every header.
	headers    []string
	allHeaders bool
}

func (o *bodyOptions) parse(shape *etree.Element) error {
	if v := childText(shape, "FilterHtmlContent"); v != "" {
		b, err := parseBool(v)
		if err != nil {
			return &Fault{Code: ErrorSchemaValidation, Message: "FilterHtmlContent is not valid."}
		}
		o.filter = b
	}
	for _, x := range []struct {
		name string
		dst  *string
	}{{"UniqueBodyType", &o.unique}, {"NormalizedBodyType", &o.normalized}} {
		if v := childText(shape, x.name); v != "" {
			if v != "Best" && v != "HTML" && v != "Text" {
				return &Fault{Code: ErrorSchemaValidation, Message: x.name + " is not valid."}
			}
			*x.dst = v
		}
	}
	return nil
}

// addHeader records an item:InternetMessageHeader(s) path.
func (o *bodyOptions) addHeader(pp propPath) {
	if pp.kind != pathIndexed || pp.index == "" || len(o.headers) >= maxHeaderNames {
		o.allHeaders = true
		return
	}
	o.headers = append(o.headers, pp.index)
}

// writeBodyField writes InternetMessageHeaders, UniqueBody,
// NormalizedBody and TextBody ([MS-OXWSCORE] 2.2.4.24 ItemType). The
// bodies need Exchange2010 (UniqueBody) or Exchange2013 (the others)
// and are left out for older RequestServerVersions.
//
// UniqueBody is the body without the earlier messages a reply or
// forward quotes (uniquebody.go). NormalizedBody is the body in
// NormalizedBodyType; TextBody the plain-text body (html2text.go for
// HTML-only items).
func (c *call) writeBodyField(f int, p []mapi.PropValue, s *itemShape) {
	v := ""
	if c.req != nil {
		v = c.req.Version
	}
	old2007 := strings.HasPrefix(v, "Exchange2007")
	old2010 := old2007 || strings.HasPrefix(v, "Exchange2010")
	switch f {
	case fInternetMessageHeaders:
		c.writeInternetHeaders(p, &s.bodies)
	case fUniqueBody:
		if !old2007 {
			c.writeBodyFiltered("t:UniqueBody", p, nonEmpty(s.bodies.unique, s.bodyType), s.bodies.filter, true)
		}
	case fNormalizedBody:
		if !old2010 {
			c.writeBodyFiltered("t:NormalizedBody", p, nonEmpty(s.bodies.normalized, s.bodyType), s.bodies.filter, false)
		}
	case fTextBody:
		if !old2010 {
			c.writeBodyFiltered("t:TextBody", p, "Text", false, false)
		}
	}
}

// writeBodyFiltered writes a BodyType element el ([MS-OXWSCDATA] 2.2.4.8)
// in the requested type (Best gives HTML when the message has HTML),
// HTML through filterHTML when filter is set, without quoted earlier
// messages when unique is set (UniqueBody).
func (c *call) writeBodyFiltered(el string, p []mapi.PropValue, want string, filter, unique bool) {
	text, hasText := getString(p, mapi.PidTagBody)
	html, hasHTML := getBytes(p, mapi.PidTagHtml)
	var htmlStr string
	if hasHTML {
		cp, _ := getInt(p, mapi.PidTagInternetCodepage)
		htmlStr = decodeCodepage(html, cp)
		if unique {
			htmlStr = uniqueHTML(htmlStr)
		}
	}
	if unique && hasText {
		text = uniqueText(text)
	}
	c.w.raw(`<` + el)
	switch {
	case want == "Text" || (want == "Best" && !hasHTML):
		if !hasText && hasHTML {
			// Script and other active content is no text.
			text = htmlToText(filterHTML(htmlStr))
		}
		c.w.raw(` BodyType="Text">`)
		c.w.text(text)
	default:
		if !hasHTML {
			htmlStr = textToHTML(text)
		} else if filter {
			htmlStr = filterHTML(htmlStr)
		}
		c.w.raw(` BodyType="HTML">`)
		c.w.text(htmlStr)
	}
	c.w.raw(`</` + el + `>`)
}

// internetHeader is one header field.
type internetHeader struct{ name, value string }

// parseHeaders splits PidTagTransportMessageHeaders into fields
// (continuation lines unfolded).
func parseHeaders(s string) []internetHeader {
	var out []internetHeader
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if line == "" {
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && len(out) > 0 {
			out[len(out)-1].value += " " + strings.TrimSpace(line)
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			continue
		}
		out = append(out, internetHeader{name, strings.TrimSpace(value)})
	}
	return out
}

// writeInternetHeaders writes t:InternetMessageHeaders ([MS-OXWSCORE]
// 2.2.4.x NonEmptyArrayOfInternetHeadersType) from the transport headers
// of a received message: every header, or those the shape names (names
// compared without regard to case). Items without transport headers
// (saved or sent here) have none and get no element.
func (c *call) writeInternetHeaders(p []mapi.PropValue, o *bodyOptions) {
	raw, ok := getString(p, mapi.PidTagTransportMessageHeaders)
	if !ok {
		return
	}
	n := 0
	for _, h := range parseHeaders(raw) {
		if !o.allHeaders && !slices.ContainsFunc(o.headers, func(x string) bool { return strings.EqualFold(x, h.name) }) {
			continue
		}
		if n == 0 {
			c.w.raw(`<t:InternetMessageHeaders>`)
		}
		n++
		c.w.raw(`<t:InternetMessageHeader HeaderName="`)
		c.w.attr(h.name)
		c.w.raw(`">`)
		c.w.text(h.value)
		c.w.raw(`</t:InternetMessageHeader>`)
	}
	if n > 0 {
		c.w.raw(`</t:InternetMessageHeaders>`)
	}
}

// headerProps are the properties standard header fields are stored in
// ([MS-OXCMAIL] 2.2.3.2), for restrictions on item:InternetMessageHeader.
var headerProps = map[string]mapi.PropTag{
	"subject":     mapi.PidTagSubject,
	"message-id":  mapi.PidTagInternetMessageId,
	"in-reply-to": mapi.PidTagInReplyToId,
	"references":  mapi.PidTagInternetReferences,
	"to":          mapi.PidTagDisplayTo,
	"cc":          mapi.PidTagDisplayCc,
	"date":        mapi.PidTagClientSubmitTime,
}

// headerTag returns the property a restriction on the header name
// compares: a standard field's property, or the PS_INTERNET_HEADERS
// named property oxcmail stores X- headers in (0 when no message of the
// mailbox ever had the header).
func (c *call) headerTag(name string) (mapi.PropTag, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	if t, ok := headerProps[key]; ok {
		return t, nil
	}
	if len(key) < 3 || !strings.HasPrefix(key, "x-") {
		return 0, errorf(ErrorUnsupportedPathForQuery, "Restrictions on the header %q are not supported (only X- headers and %s).", name, "Subject, Message-ID, In-Reply-To, References, To, Cc, Date")
	}
	x := extProp{typ: mapi.PtypString, named: &mapi.PropertyName{Kind: mapi.NameKindString, GUID: mapi.PSInternetHeaders, Name: key}}
	if err := c.resolveNamed([]*extProp{&x}, false); err != nil {
		return 0, err
	}
	return x.resolved, nil
}

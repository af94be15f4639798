package oxcmail

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime/quotedprintable"
	"path"
	"strings"
	"time"
	"unicode"

	"github.com/oxkit/oxkit/mapi"
)

// ImportReader reads a whole message from r (bounded by
// Options.MaxMessageBytes) and imports it.
func ImportReader(r io.Reader, opts *Options) (*Message, error) {
	limit := opts.maxMessage()
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("oxcmail: reading message: %w", err)
	}
	if int64(len(b)) > limit {
		return nil, &Error{Offset: int(limit), Err: ErrTooLarge}
	}
	return Import(b, opts)
}

// Import converts an Internet message (RFC 5322 with MIME) to a property
// bag with recipients and attachments, per [MS-OXCMAIL] 2.2.3. b is not
// retained: every value of the result is a copy.
func Import(b []byte, opts *Options) (*Message, error) {
	if int64(len(b)) > opts.maxMessage() {
		return nil, &Error{Offset: 0, Err: ErrTooLarge}
	}
	im := &importer{p: parser{opts: opts}, opts: opts}
	return im.message(b, 0, "", 0)
}

type importer struct {
	p    parser
	opts *Options
}

// message imports the message in b (at offset off of the outermost
// buffer; path and depth locate it when embedded).
func (im *importer) message(b []byte, off int, path string, depth int) (*Message, error) {
	top, err := im.p.parse(b, off, path, depth, "text/plain")
	if err != nil {
		return nil, err
	}
	m := &Message{}
	im.headers(top, m)
	w := &walker{im: im, m: m, depth: depth}
	if err := w.walk(top, false); err != nil {
		return nil, err
	}
	w.finish()
	return m, nil
}

// headers maps the top-level header fields ([MS-OXCMAIL] 2.2.3.2).
func (im *importer) headers(top *part, m *Message) {
	h := top.hdr
	set(&m.Props, mapi.PidTagMessageClass, "IPM.Note")
	set(&m.Props, mapi.PidTagTransportMessageHeaders, decodeText(bytes.TrimRight(top.rawHdr, "\r\n"), "")+"\r\n")

	if s, ok := h.get("Subject"); ok {
		subj := decodeHeader(s)
		set(&m.Props, mapi.PidTagSubject, subj)
		prefix, norm := splitSubject(subj)
		set(&m.Props, mapi.PidTagSubjectPrefix, prefix)
		set(&m.Props, mapi.PidTagNormalizedSubject, norm)
		if _, ok := h.get("Thread-Topic"); !ok {
			set(&m.Props, mapi.PidTagConversationTopic, norm)
		}
	}
	from := firstAddress(h, "From")
	if from != nil {
		setAddress(&m.Props, sentRepresentingTags, *from)
	}
	if s := firstAddress(h, "Sender"); s != nil {
		setAddress(&m.Props, senderTags, *s)
	} else if from != nil {
		setAddress(&m.Props, senderTags, *from)
	}
	if v, ok := h.get("Reply-To"); ok {
		if list := parseAddressList(v); len(list) > 0 {
			names := make([]string, len(list))
			var entries [][]byte
			for i, a := range list {
				names[i] = a.displayName()
				entries = append(entries, a.oneOff())
			}
			set(&m.Props, mapi.PidTagReplyRecipientNames, strings.Join(names, "; "))
			set(&m.Props, mapi.PidTagReplyRecipientEntries, flatEntryList(entries))
		}
	}
	var to, cc, bcc []string
	for _, rt := range []struct {
		name string
		typ  int32
		disp *[]string
	}{{"To", recipTo, &to}, {"Cc", recipCc, &cc}, {"Bcc", recipBcc, &bcc}} {
		for _, v := range h.all(rt.name) {
			for _, a := range parseAddressList(v) {
				m.Recipients = append(m.Recipients, Recipient{Props: recipientProps(a, rt.typ)})
				*rt.disp = append(*rt.disp, a.displayName())
			}
		}
	}
	set(&m.Props, mapi.PidTagDisplayTo, strings.Join(to, "; "))
	set(&m.Props, mapi.PidTagDisplayCc, strings.Join(cc, "; "))
	set(&m.Props, mapi.PidTagDisplayBcc, strings.Join(bcc, "; "))

	if v, ok := h.get("Date"); ok {
		if t, ok := parseDate(v); ok {
			set(&m.Props, mapi.PidTagClientSubmitTime, t)
		}
	}
	if rs := h.all("Received"); len(rs) > 0 {
		// The topmost Received header is the last hop: delivery to us.
		if i := strings.LastIndexByte(rs[0], ';'); i >= 0 {
			if t, ok := parseDate(rs[0][i+1:]); ok {
				set(&m.Props, mapi.PidTagMessageDeliveryTime, t)
			}
		}
	}
	if v, ok := h.get("Message-ID"); ok && v != "" {
		set(&m.Props, mapi.PidTagInternetMessageId, v)
	}
	if v, ok := h.get("In-Reply-To"); ok && v != "" {
		set(&m.Props, mapi.PidTagInReplyToId, v)
	}
	if v, ok := h.get("References"); ok && v != "" {
		set(&m.Props, mapi.PidTagInternetReferences, strings.Join(strings.Fields(v), " "))
	}
	if v, ok := h.get("Thread-Topic"); ok {
		set(&m.Props, mapi.PidTagConversationTopic, decodeHeader(v))
	}
	if v, ok := h.get("Thread-Index"); ok {
		if b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(v), "")); err == nil {
			set(&m.Props, mapi.PidTagConversationIndex, b)
		}
	}
	if imp, ok := importance(h); ok {
		set(&m.Props, mapi.PidTagImportance, imp)
	}
	if v, ok := h.get("Priority"); ok {
		switch strings.ToLower(v) {
		case "urgent":
			set(&m.Props, mapi.PidTagPriority, int32(1))
		case "non-urgent":
			set(&m.Props, mapi.PidTagPriority, int32(-1))
		case "normal":
			set(&m.Props, mapi.PidTagPriority, int32(0))
		}
	}
	if v, ok := h.get("Sensitivity"); ok {
		switch strings.ToLower(v) {
		case "personal":
			set(&m.Props, mapi.PidTagSensitivity, int32(1))
		case "private":
			set(&m.Props, mapi.PidTagSensitivity, int32(2))
		case "company-confidential":
			set(&m.Props, mapi.PidTagSensitivity, int32(3))
		}
	}
	if v, ok := h.get("Keywords"); ok {
		var kw []string
		for _, k := range strings.Split(decodeHeader(v), ",") {
			if k = strings.TrimSpace(k); k != "" {
				kw = append(kw, k)
			}
		}
		if len(kw) > 0 {
			setNamed(&m.Named, mapi.PidNameKeywords, kw)
		}
	}
	if a := firstAddress(h, "Disposition-Notification-To"); a != nil {
		set(&m.Props, mapi.PidTagReadReceiptRequested, true)
		set(&m.Props, mapi.PidTagReadReceiptName, a.displayName())
		set(&m.Props, mapi.PidTagReadReceiptEmailAddress, a.Addr)
		set(&m.Props, mapi.PidTagReadReceiptAddressType, "SMTP")
	}
	if _, ok := h.get("Return-Receipt-To"); ok {
		set(&m.Props, mapi.PidTagOriginatorDeliveryReportRequested, true)
	}
	for _, l := range []struct {
		name string
		tag  mapi.PropTag
	}{{"List-Help", mapi.PidTagListHelp}, {"List-Subscribe", mapi.PidTagListSubscribe}, {"List-Unsubscribe", mapi.PidTagListUnsubscribe}} {
		if v, ok := h.get(l.name); ok {
			set(&m.Props, l.tag, v)
		}
	}
	im.xHeaders(h, m)
}

// MaxInternetHeaderProps bounds how many distinct X- headers of one
// message become PS_INTERNET_HEADERS named properties.
//
// QUIRK (security): every distinct header name maps to a new named
// property ID of the mailbox, and a mailbox has fewer than 32,767 of them;
// unbounded, a stream of messages with random X- headers exhausts the
// mailbox's named-property space (a known Exchange denial of service).
// Headers past the bound stay in PidTagTransportMessageHeaders.
const MaxInternetHeaderProps = 64

// xHeaders stores X- headers as PS_INTERNET_HEADERS named properties
// ([MS-OXCMAIL] 2.2.3.2.x: header fields without a mapping).
func (im *importer) xHeaders(h header, m *Message) {
	seen := map[string]bool{}
	for _, f := range h {
		if len(f.name) < 3 || !strings.EqualFold(f.name[:2], "x-") {
			continue
		}
		key := strings.ToLower(f.name)
		if seen[key] || len(seen) >= MaxInternetHeaderProps {
			continue
		}
		seen[key] = true
		pn := mapi.PropertyName{Kind: mapi.NameKindString, GUID: mapi.PSInternetHeaders, Name: key}
		setNamedName(&m.Named, pn, mapi.PtypString, decodeHeader(unfold(f.value)))
	}
}

func firstAddress(h header, name string) *address {
	v, ok := h.get(name)
	if !ok {
		return nil
	}
	list := parseAddressList(v)
	if len(list) == 0 || list[0].Addr == "" {
		return nil
	}
	return &list[0]
}

// importance maps Importance, X-Priority and X-MSMail-Priority to
// PidTagImportance (0 low, 1 normal, 2 high).
func importance(h header) (int32, bool) {
	if v, ok := h.get("Importance"); ok {
		switch strings.ToLower(v) {
		case "low":
			return 0, true
		case "normal":
			return 1, true
		case "high":
			return 2, true
		}
	}
	if v, ok := h.get("X-Priority"); ok && v != "" {
		switch v[0] {
		case '1', '2':
			return 2, true
		case '3':
			return 1, true
		case '4', '5':
			return 0, true
		}
	}
	if v, ok := h.get("X-MSMail-Priority"); ok {
		switch strings.ToLower(v) {
		case "high":
			return 2, true
		case "normal":
			return 1, true
		case "low":
			return 0, true
		}
	}
	return 0, false
}

// splitSubject splits a subject into its prefix and normalized subject
// ([MS-OXCMSG] 2.2.1.9, 2.2.1.10): a prefix is one to three characters,
// none of them digits or white space, followed by a colon and a space.
func splitSubject(s string) (prefix, norm string) {
	i := strings.Index(s, ": ")
	if i <= 0 {
		return "", s
	}
	p := []rune(s[:i])
	if len(p) > 3 {
		return "", s
	}
	for _, r := range p {
		if unicode.IsDigit(r) || unicode.IsSpace(r) || r == ':' {
			return "", s
		}
	}
	return s[:i+2], s[i+2:]
}

// parseDate parses an RFC 5322 date (3.3), leniently.
//
// QUIRK: besides the RFC form, accept a missing day name, missing
// seconds, two- and three-digit years (RFC 5322 4.3), obsolete zone names,
// a trailing comment such as "(CET)", and ctime-style dates as some
// scripts write them.
func parseDate(v string) (time.Time, bool) {
	if t, ok := parseRFC5322Date(v); ok {
		return t, true
	}
	v = strings.TrimSpace(v)
	if i := strings.IndexByte(v, '('); i > 0 {
		v = strings.TrimSpace(v[:i])
	}
	for _, layout := range []string{"Mon Jan 2 15:04:05 2006", "Mon Jan 2 15:04:05 MST 2006", "2006-01-02T15:04:05Z07:00", "2006-01-02 15:04:05 -0700"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

var monthAbbr = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// parseRFC5322Date parses "[day ,] D Mon YYYY HH:MM[:SS] zone [comment]"
// without allocating.
func parseRFC5322Date(v string) (time.Time, bool) {
	f := fieldsN(v)
	if len(f) > 0 && len(f[0]) >= 3 && isAlpha(f[0][0]) {
		// The day name, with or without its comma; "Wed,4" glued too.
		if _, rest, ok := strings.Cut(f[0], ","); ok && rest != "" {
			f[0] = rest
		} else {
			f = f[1:]
		}
	}
	if len(f) < 4 {
		return time.Time{}, false
	}
	day, ok := atoi(strings.TrimSuffix(f[0], ","))
	if !ok || day < 1 || day > 31 || len(f[1]) < 3 {
		return time.Time{}, false
	}
	mon := -1
	for i, m := range monthAbbr {
		if strings.EqualFold(f[1][:3], m) {
			mon = i + 1
		}
	}
	year, ok := atoi(f[2])
	if mon < 0 || !ok {
		return time.Time{}, false
	}
	switch {
	case len(f[2]) == 2 && year < 50:
		year += 2000
	case len(f[2]) <= 3:
		year += 1900
	}
	hms := strings.Split(f[3], ":")
	if len(hms) < 2 || len(hms) > 3 {
		return time.Time{}, false
	}
	hh, ok1 := atoi(hms[0])
	mm, ok2 := atoi(hms[1])
	ss, ok3 := 0, true
	if len(hms) == 3 {
		ss, ok3 = atoi(hms[2])
	}
	if !ok1 || !ok2 || !ok3 || hh > 23 || mm > 59 || ss > 60 {
		return time.Time{}, false
	}
	offset := 0
	if len(f) > 4 {
		z := f[4]
		switch {
		case len(z) == 5 && (z[0] == '+' || z[0] == '-'):
			n, ok := atoi(z[1:])
			if !ok {
				return time.Time{}, false
			}
			offset = (n/100*60 + n%100) * 60
			if z[0] == '-' {
				offset = -offset
			}
		default:
			offset = obsZone(z)
		}
	}
	t := time.Date(year, time.Month(mon), day, hh, mm, ss, 0, time.UTC).Add(-time.Duration(offset) * time.Second)
	return t, true
}

// obsZone is the offset in seconds of an obsolete zone name (RFC 5322
// 4.3); unknown names count as UTC, as the RFC says for military zones.
func obsZone(z string) int {
	switch strings.ToUpper(z) {
	case "EDT":
		return -4 * 3600
	case "EST", "CDT":
		return -5 * 3600
	case "CST", "MDT":
		return -6 * 3600
	case "MST", "PDT":
		return -7 * 3600
	case "PST":
		return -8 * 3600
	}
	return 0
}

// fieldsN splits at white space into at most 8 fields without allocating
// beyond the returned array.
func fieldsN(s string) []string {
	var out [8]string
	n := 0
	for i := 0; i < len(s) && n < len(out); {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
			i++
		}
		j := i
		for j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != '\r' && s[j] != '\n' {
			j++
		}
		if j > i {
			out[n] = s[i:j]
			n++
		}
		i = j
	}
	return out[:n]
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func atoi(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// flatEntryList builds a FlatEntryList ([MS-OXCDATA] 2.3.3): count, size,
// then each FlatEntry (size, entry ID) padded to 4 bytes.
func flatEntryList(entries [][]byte) []byte {
	var body []byte
	for i, e := range entries {
		body = append(body, byte(len(e)), byte(len(e)>>8), byte(len(e)>>16), byte(len(e)>>24))
		body = append(body, e...)
		if i < len(entries)-1 {
			for len(body)%4 != 0 {
				body = append(body, 0)
			}
		}
	}
	out := []byte{byte(len(entries)), byte(len(entries) >> 8), byte(len(entries) >> 16), byte(len(entries) >> 24),
		byte(len(body)), byte(len(body) >> 8), byte(len(body) >> 16), byte(len(body) >> 24)}
	return append(out, body...)
}

// parseFlatEntryList reads a FlatEntryList back (bounded by its bytes).
func parseFlatEntryList(b []byte) [][]byte {
	if len(b) < 8 {
		return nil
	}
	n := int(uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24)
	b = b[8:]
	var out [][]byte
	for i := 0; i < n && len(b) >= 4; i++ {
		sz := int(uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24)
		b = b[4:]
		if sz < 0 || sz > len(b) {
			break
		}
		out = append(out, b[:sz])
		b = b[sz:]
		if pad := (4 - sz%4) % 4; pad <= len(b) {
			b = b[pad:]
		}
	}
	return out
}

// decodeBody undoes the part's Content-Transfer-Encoding.
//
// QUIRK: base64 with line breaks, white space, missing padding or junk
// after the data is decoded as far as it goes; quoted-printable with bad
// escapes keeps them literally (mime/quotedprintable's lenient reader).
func decodeBody(p *part) []byte {
	cte, _ := p.hdr.get("Content-Transfer-Encoding")
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		// Fast path: well-formed base64 in lines (the decoder skips CR
		// and LF itself).
		out := make([]byte, base64.StdEncoding.DecodedLen(len(p.body)))
		if n, err := base64.StdEncoding.Decode(out, bytes.TrimSpace(p.body)); err == nil {
			return out[:n]
		}
		clean := make([]byte, 0, len(p.body))
		for _, c := range p.body {
			if isB64(c) {
				clean = append(clean, c)
			}
		}
		if len(clean)%4 == 1 {
			clean = clean[:len(clean)-1] // a lone sextet carries no byte
		}
		if n := base64.RawStdEncoding.DecodedLen(len(clean)); n <= cap(out) {
			out = out[:n]
		} else {
			out = make([]byte, n)
		}
		n, err := base64.RawStdEncoding.Decode(out, clean)
		if err != nil {
			// Decode stops at the first error; keep what was decoded.
			var ce base64.CorruptInputError
			if errors.As(err, &ce) {
				n = int(ce) / 4 * 3
			}
		}
		return out[:n]
	case "quoted-printable":
		out, _ := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(p.body)))
		return out
	default:
		return append([]byte(nil), p.body...)
	}
}

// walker collects bodies and attachments from the MIME tree.
type walker struct {
	im    *importer
	m     *Message
	depth int

	text, html     []byte
	textSet        bool
	htmlSet        bool
	htmlCharset    string
	smime          string
	relatedHidden  map[*part]bool
	calendarParsed bool
	tnef           *Message
	report         string // the class of a read report (mdn.go), "" for none
}

func (w *walker) walk(p *part, inAlternative bool) error {
	disp, dparams := disposition(p)
	switch {
	case p.media == "multipart/signed":
		// [MS-OXCMAIL] 2.2.3.3.x: clear-signed S/MIME keeps the whole
		// signed entity as the one attachment; the body is read from the
		// signed content so it displays.
		w.smime = "IPM.Note.SMIME.MultipartSigned"
		w.attach(p, true)
		if len(p.children) > 0 {
			return w.walk(p.children[0], false)
		}
		return nil
	case p.media == "application/pkcs7-mime" || p.media == "application/x-pkcs7-mime":
		if w.depth == 0 && p.path == "" {
			w.smime = "IPM.Note.SMIME"
		}
		w.attach(p, false)
		return nil
	case p.media == "multipart/alternative":
		for _, c := range p.children {
			if err := w.walk(c, true); err != nil {
				return err
			}
		}
		return nil
	case p.media == "multipart/related":
		root := relatedRoot(p)
		for _, c := range p.children {
			if c == root {
				if err := w.walk(c, inAlternative); err != nil {
					return err
				}
				continue
			}
			if w.relatedHidden == nil {
				w.relatedHidden = map[*part]bool{}
			}
			w.relatedHidden[c] = true
			if err := w.walk(c, false); err != nil {
				return err
			}
		}
		return nil
	case p.media == "multipart/report" && w.depth == 0 && p.path == "" && strings.EqualFold(p.params["report-type"], "disposition-notification"):
		return w.walkMDN(p) // mdn.go
	case strings.HasPrefix(p.media, "multipart/"):
		for _, c := range p.children {
			if err := w.walk(c, false); err != nil {
				return err
			}
		}
		return nil
	case p.media == "message/rfc822" || p.media == "message/global":
		return w.embed(p)
	case p.media == "application/ms-tnef" || p.media == "application/vnd.ms-tnef" ||
		strings.EqualFold(filename(p, dparams), "winmail.dat"):
		// [MS-OXCMAIL] 2.2.3.4.1.2: a TNEF part is analysed into the
		// message's properties and dropped; one that does not decode is
		// kept as an opaque attachment.
		if t, err := DecodeTNEF(decodeBody(p), nil); err == nil && w.tnef == nil {
			w.tnef = t
			return nil
		}
		w.attach(p, false)
		if n := len(w.m.Attachments); n > 0 {
			set(&w.m.Attachments[n-1].Props, mapi.PidTagAttachMimeTag, "application/octet-stream")
		}
		return nil
	case p.media == "text/calendar" && w.im.opts != nil && w.im.opts.Calendar != nil && !w.calendarParsed && disp != "attachment":
		w.calendarParsed = true
		ics := decodeText(decodeBody(p), p.params["charset"])
		if err := w.im.opts.Calendar.ImportCalendar([]byte(ics), p.params["method"], w.m); err == nil {
			return nil
		}
		// A calendar the converter rejects is kept as an attachment.
		w.attach(p, false)
		return nil
	}
	name := filename(p, dparams)
	isBodyCandidate := disp != "attachment" && name == "" && !w.relatedHidden[p]
	switch {
	case p.media == "text/plain" && isBodyCandidate && !w.textSet:
		w.text, w.textSet = []byte(decodeText(decodeBody(p), p.params["charset"])), true
		return nil
	case p.media == "text/html" && isBodyCandidate && !w.htmlSet:
		w.html, w.htmlSet, w.htmlCharset = decodeBody(p), true, p.params["charset"]
		return nil
	case p.media == "text/enriched" && isBodyCandidate && !w.textSet:
		w.text, w.textSet = []byte(enrichedToText(decodeText(decodeBody(p), p.params["charset"]))), true
		return nil
	}
	w.attach(p, false)
	return nil
}

// relatedRoot returns the root of a multipart/related: the part named by
// its start parameter, else the first ([RFC 2387] 3.2).
func relatedRoot(p *part) *part {
	if len(p.children) == 0 {
		return nil
	}
	if start := strings.Trim(p.params["start"], "<> "); start != "" {
		for _, c := range p.children {
			if id, _ := c.hdr.get("Content-ID"); strings.Trim(id, "<> ") == start {
				return c
			}
		}
	}
	return p.children[0]
}

// disposition returns the lower-cased disposition type and parameters.
func disposition(p *part) (string, map[string]string) {
	v, ok := p.hdr.get("Content-Disposition")
	if !ok {
		return "", nil
	}
	d, params, err := parseMediaType(v)
	if err != nil {
		return "", nil
	}
	return d, params
}

// filename returns the attachment's file name from the disposition's
// filename or the type's name parameter, RFC 2231 or RFC 2047 encoded.
//
// QUIRK: RFC 2047 encoded words inside quoted parameters violate RFC 2047
// 5 but are what Outlook, Gmail and most webmail send.
func filename(p *part, dparams map[string]string) string {
	name := dparams["filename"]
	if name == "" {
		name = p.params["name"]
	}
	if name == "" {
		return ""
	}
	name = decodeHeader(name)
	// Keep only the last path element (some mailers send full paths).
	name = strings.TrimSpace(path.Base(strings.ReplaceAll(name, `\`, "/")))
	if name == "." || name == "/" {
		return ""
	}
	return name
}

// attach adds p as a by-value attachment ([MS-OXCMAIL] 2.2.3.4). whole
// stores the entity with its headers (S/MIME signed) instead of the body.
func (w *walker) attach(p *part, whole bool) {
	_, dparams := disposition(p)
	var data []byte
	if whole {
		// The signed entity as it stands: its Content-* fields (not the
		// message's other header fields) and its body, so the signature
		// still verifies ([MS-OXCMAIL] 2.2.3.3.x).
		for _, f := range p.hdr {
			if len(f.name) > 8 && strings.EqualFold(f.name[:8], "content-") {
				data = append(data, f.name...)
				data = append(data, ':')
				data = append(data, f.value...)
				data = append(data, '\r', '\n')
			}
		}
		data = append(data, '\r', '\n')
		data = append(data, p.body...)
	} else {
		data = decodeBody(p)
	}
	a := Attachment{}
	props := &a.Props
	set(props, mapi.PidTagAttachMethod, int32(1)) // afByValue
	set(props, mapi.PidTagAttachDataBinary, data)
	set(props, mapi.PidTagAttachMimeTag, p.media)
	set(props, mapi.PidTagRenderingPosition, int32(-1))
	name := filename(p, dparams)
	if whole {
		name = "smime.p7m"
		set(props, mapi.PidTagAttachMimeTag, "multipart/signed")
	} else if p.media == "application/pkcs7-mime" || p.media == "application/x-pkcs7-mime" {
		if name == "" {
			name = "smime.p7m"
		}
	}
	if name != "" {
		set(props, mapi.PidTagAttachLongFilename, name)
		set(props, mapi.PidTagAttachFilename, name)
		set(props, mapi.PidTagDisplayName, name)
		if ext := path.Ext(name); ext != "" {
			set(props, mapi.PidTagAttachExtension, ext)
		}
	}
	if id, ok := p.hdr.get("Content-ID"); ok && id != "" {
		set(props, mapi.PidTagAttachContentId, strings.Trim(id, "<> "))
	}
	if loc, ok := p.hdr.get("Content-Location"); ok && loc != "" {
		set(props, mapi.PidTagAttachContentLocation, decodeHeader(loc))
	}
	if w.relatedHidden[p] {
		set(props, mapi.PidTagAttachmentHidden, true)
		set(props, mapi.PidTagAttachFlags, int32(4)) // attRenderedInBody
	}
	w.m.Attachments = append(w.m.Attachments, a)
}

// embed adds a message/rfc822 part as an embedded message
// ([MS-OXCMAIL] 2.2.3.4.x, afEmbeddedMessage); a part that does not parse
// is kept by value.
func (w *walker) embed(p *part) error {
	body := decodeBody(p)
	sub, err := w.im.message(body, p.bodyOff, p.path, w.depth+1)
	if err != nil {
		var oe *Error
		if errors.As(err, &oe) && (errors.Is(err, ErrTooDeep) || errors.Is(err, ErrTooManyParts)) {
			return err // limits hold across nesting
		}
		w.attach(p, false)
		return nil
	}
	a := Attachment{Embedded: sub}
	set(&a.Props, mapi.PidTagAttachMethod, int32(5)) // afEmbeddedMessage
	set(&a.Props, mapi.PidTagAttachMimeTag, p.media)
	set(&a.Props, mapi.PidTagRenderingPosition, int32(-1))
	if s, ok := sub.Prop(mapi.PidTagSubject).(string); ok {
		set(&a.Props, mapi.PidTagDisplayName, s)
	}
	w.m.Attachments = append(w.m.Attachments, a)
	return nil
}

// finish sets the body properties and the message class.
func (w *walker) finish() {
	if w.textSet {
		set(&w.m.Props, mapi.PidTagBody, string(toCRLF(w.text)))
	}
	if w.htmlSet {
		cp := codepage(w.htmlCharset)
		html := w.html
		if cp == 0 {
			// An unknown or missing charset: store UTF-8.
			html, cp = []byte(decodeText(html, w.htmlCharset)), 65001
		}
		set(&w.m.Props, mapi.PidTagHtml, toCRLF(html))
		set(&w.m.Props, mapi.PidTagInternetCodepage, cp)
	}
	if w.smime != "" {
		set(&w.m.Props, mapi.PidTagMessageClass, w.smime)
	}
	if w.report != "" {
		set(&w.m.Props, mapi.PidTagMessageClass, w.report)
	}
	if w.tnef != nil {
		MergeTNEF(w.m, w.tnef)
	}
}

// enrichedToText renders text/enriched (RFC 1896) as plain text: commands
// dropped, "<<" unescaped, single line breaks folded.
func enrichedToText(s string) string {
	var b strings.Builder
	nofill := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '<' && i+1 < len(s) && s[i+1] == '<':
			b.WriteByte('<')
			i++
		case c == '<':
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				return b.String()
			}
			cmd := strings.ToLower(s[i+1 : i+j])
			switch cmd {
			case "nofill":
				nofill++
			case "/nofill":
				nofill = max(0, nofill-1)
			}
			i += j
		case c == '\n' && nofill == 0:
			n := 0
			for i+1 < len(s) && s[i+1] == '\n' {
				i++
				n++
			}
			if n == 0 {
				b.WriteByte(' ')
			} else {
				b.WriteString(strings.Repeat("\n", n))
			}
		case c == '\r':
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// toCRLF makes every line break CRLF, as Exchange stores bodies: mail
// arrives with LF-only lines from Unix mailers and with CRLF over SMTP.
func toCRLF(b []byte) []byte {
	if !bytes.Contains(b, []byte("\n")) {
		return b
	}
	out := make([]byte, 0, len(b)+len(b)/32)
	for i, c := range b {
		if c == '\n' && (i == 0 || b[i-1] != '\r') {
			out = append(out, '\r')
		}
		out = append(out, c)
	}
	return out
}

package oxcmail

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"mime"
	"sort"
	"strings"
	"time"

	"github.com/oxkit/oxkit/mapi"
)

// ExportOptions tune Export beyond Options.
type ExportOptions struct {
	Options
	// IncludeBcc writes Bcc recipients as a Bcc header (a saved draft);
	// for transport they are left out.
	IncludeBcc bool
	// Now is the Date for a message without PidTagClientSubmitTime; zero
	// means time.Now.
	Now time.Time
	// TNEF adds a winmail.dat part (application/ms-tnef) carrying every
	// property of the message, for recipients that read TNEF (another
	// Exchange, Outlook) — [MS-OXCMAIL] 2.1.3.4; off by default, as for
	// Internet recipients.
	TNEF bool
}

// Export converts a message to an Internet message per [MS-OXCMAIL]
// 2.2.2: headers from properties, text and HTML bodies as
// multipart/alternative, hidden attachments with a content ID as
// multipart/related, other attachments in multipart/mixed, embedded
// messages as message/rfc822. With opts.Seed set the output is
// byte-for-byte deterministic.
func Export(m *Message, opts *ExportOptions) ([]byte, error) {
	if opts == nil {
		opts = &ExportOptions{}
	}
	e := &exporter{opts: opts, seed: opts.Seed}
	if e.seed == 0 {
		var b [8]byte
		rand.Read(b[:])
		e.seed = binary.LittleEndian.Uint64(b[:]) | 1
	}
	var buf bytes.Buffer
	buf.Grow(estimateSize(m, 0))
	if err := e.message(&buf, m, 0); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type exporter struct {
	opts  *ExportOptions
	seed  uint64
	count int
}

// estimateSize guesses the exported size so the buffer grows once.
func estimateSize(m *Message, depth int) int {
	n := 2048
	if s, ok := m.Prop(mapi.PidTagBody).(string); ok {
		n += len(s) * 9 / 8
	}
	if h, ok := m.Prop(mapi.PidTagHtml).([]byte); ok {
		n += len(h) * 9 / 8
	}
	for _, a := range m.Attachments {
		n += 512
		if d, ok := Get(a.Props, mapi.PidTagAttachDataBinary).([]byte); ok {
			n += base64LinesLen(len(d))
		}
		if a.Embedded != nil && depth < 8 {
			n += estimateSize(a.Embedded, depth+1)
		}
	}
	return n
}

func (e *exporter) boundary() string {
	e.count++
	return fmt.Sprintf("----=_oxkit_%016x_%d", e.seed, e.count)
}

func (e *exporter) message(w *bytes.Buffer, m *Message, depth int) error {
	if depth > e.opts.maxDepth() {
		return &Error{Err: ErrTooDeep}
	}
	writeHeaders(w, m, e.opts)
	w.WriteString("MIME-Version: 1.0\r\n")
	return e.body(w, m, depth)
}

// writeHeaders writes the header fields of [MS-OXCMAIL] 2.2.2.
func writeHeaders(w *bytes.Buffer, m *Message, opts *ExportOptions) {
	date, ok := m.Prop(mapi.PidTagClientSubmitTime).(time.Time)
	if !ok {
		date = opts.Now
		if date.IsZero() {
			date = time.Now()
		}
	}
	writeField(w, "Date", date.Format(time.RFC1123Z))
	if a, ok := addressFrom(m.Props, sentRepresentingTags); ok {
		writeField(w, "From", a.String())
		if s, ok := addressFrom(m.Props, senderTags); ok && !strings.EqualFold(s.Addr, a.Addr) {
			writeField(w, "Sender", s.String())
		}
	} else if s, ok := addressFrom(m.Props, senderTags); ok {
		writeField(w, "From", s.String())
	}
	if ents, ok := m.Prop(mapi.PidTagReplyRecipientEntries).([]byte); ok {
		var list []string
		for _, eid := range parseFlatEntryList(ents) {
			if oo, err := mapi.ParseOneOffEntryID(eid); err == nil && strings.EqualFold(oo.AddressType, "SMTP") {
				name := oo.DisplayName
				if name == oo.EmailAddress {
					name = ""
				}
				list = append(list, address{Name: name, Addr: oo.EmailAddress}.String())
			}
		}
		if len(list) > 0 {
			writeField(w, "Reply-To", strings.Join(list, ", "))
		}
	}
	for _, rt := range []struct {
		name string
		typ  int32
	}{{"To", recipTo}, {"Cc", recipCc}, {"Bcc", recipBcc}} {
		if rt.typ == recipBcc && !opts.IncludeBcc {
			continue
		}
		var list []string
		for _, r := range m.Recipients {
			if t, _ := Get(r.Props, mapi.PidTagRecipientType).(int32); t&0xF != rt.typ {
				continue
			}
			if a, ok := recipientAddress(r); ok {
				list = append(list, a.String())
			}
		}
		if len(list) > 0 {
			writeField(w, rt.name, strings.Join(list, ", "))
		}
	}
	if s, ok := m.Prop(mapi.PidTagSubject).(string); ok {
		writeField(w, "Subject", encodeWords(s))
	} else if n, ok := m.Prop(mapi.PidTagNormalizedSubject).(string); ok {
		p, _ := m.Prop(mapi.PidTagSubjectPrefix).(string)
		writeField(w, "Subject", encodeWords(p+n))
	}
	for _, f := range []struct {
		name string
		tag  mapi.PropTag
	}{{"Message-ID", mapi.PidTagInternetMessageId}, {"In-Reply-To", mapi.PidTagInReplyToId}, {"References", mapi.PidTagInternetReferences}} {
		if v, ok := m.Prop(f.tag).(string); ok && v != "" && isASCII(v) {
			writeField(w, f.name, v)
		}
	}
	if v, ok := m.Prop(mapi.PidTagConversationTopic).(string); ok && v != "" {
		writeField(w, "Thread-Topic", encodeWords(v))
	}
	if v, ok := m.Prop(mapi.PidTagConversationIndex).([]byte); ok && len(v) > 0 {
		writeField(w, "Thread-Index", base64.StdEncoding.EncodeToString(v))
	}
	if v, ok := m.Prop(mapi.PidTagImportance).(int32); ok {
		switch v {
		case 0:
			writeField(w, "Importance", "low")
		case 2:
			writeField(w, "Importance", "high")
		case 1:
			writeField(w, "Importance", "normal")
		}
	}
	if v, ok := m.Prop(mapi.PidTagPriority).(int32); ok {
		switch v {
		case 1:
			writeField(w, "Priority", "urgent")
		case -1:
			writeField(w, "Priority", "non-urgent")
		case 0:
			writeField(w, "Priority", "normal")
		}
	}
	if v, ok := m.Prop(mapi.PidTagSensitivity).(int32); ok {
		switch v {
		case 1:
			writeField(w, "Sensitivity", "Personal")
		case 2:
			writeField(w, "Sensitivity", "Private")
		case 3:
			writeField(w, "Sensitivity", "Company-Confidential")
		}
	}
	if kw, ok := m.NamedProp(mapi.PidNameKeywords).([]string); ok && len(kw) > 0 {
		enc := make([]string, len(kw))
		for i, k := range kw {
			enc[i] = encodeWords(k)
		}
		writeField(w, "Keywords", strings.Join(enc, ", "))
	}
	if rr, _ := m.Prop(mapi.PidTagReadReceiptRequested).(bool); rr {
		addr, _ := m.Prop(mapi.PidTagReadReceiptEmailAddress).(string)
		name, _ := m.Prop(mapi.PidTagReadReceiptName).(string)
		if addr == "" {
			if a, ok := addressFrom(m.Props, sentRepresentingTags); ok {
				addr, name = a.Addr, a.Name
			}
		}
		if addr != "" {
			if name == addr {
				name = ""
			}
			writeField(w, "Disposition-Notification-To", address{Name: name, Addr: addr}.String())
		}
	}
	if dr, _ := m.Prop(mapi.PidTagOriginatorDeliveryReportRequested).(bool); dr {
		if a, ok := addressFrom(m.Props, sentRepresentingTags); ok {
			writeField(w, "Return-Receipt-To", a.String())
		}
	}
	for _, l := range []struct {
		name string
		tag  mapi.PropTag
	}{{"List-Help", mapi.PidTagListHelp}, {"List-Subscribe", mapi.PidTagListSubscribe}, {"List-Unsubscribe", mapi.PidTagListUnsubscribe}} {
		if v, ok := m.Prop(l.tag).(string); ok && v != "" && isASCII(v) {
			writeField(w, l.name, v)
		}
	}
	// PS_INTERNET_HEADERS named properties back as header fields, in
	// name order for determinism.
	var xs []NamedValue
	for _, n := range m.Named {
		if n.Name.Kind == mapi.NameKindString && n.Name.GUID == mapi.PSInternetHeaders && isHeaderName(n.Name.Name) {
			if _, ok := n.Value.(string); ok {
				xs = append(xs, n)
			}
		}
	}
	sort.Slice(xs, func(i, j int) bool { return xs[i].Name.Name < xs[j].Name.Name })
	for _, n := range xs {
		writeField(w, canonicalHeaderName(n.Name.Name), encodeWords(n.Value.(string)))
	}
}

func recipientAddress(r Recipient) (address, bool) {
	name, _ := Get(r.Props, mapi.PidTagDisplayName).(string)
	addr, _ := Get(r.Props, mapi.PidTagSmtpAddress).(string)
	if addr == "" {
		if typ, _ := Get(r.Props, mapi.PidTagAddressType).(string); strings.EqualFold(typ, "SMTP") {
			addr, _ = Get(r.Props, mapi.PidTagEmailAddress).(string)
		}
	}
	if addr == "" {
		return address{}, false
	}
	if name == addr {
		name = ""
	}
	return address{Name: name, Addr: addr}, true
}

// isHeaderName reports whether s is a valid header field name (RFC 5322 3.6.8).
func isHeaderName(s string) bool {
	if s == "" || len(s) > 76 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7F || c == ':' {
			return false
		}
	}
	return true
}

// canonicalHeaderName capitalizes each dash-separated word ("x-mailer" → "X-Mailer").
func canonicalHeaderName(s string) string {
	b := []byte(strings.ToLower(s))
	up := true
	for i, c := range b {
		if up && c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
		up = c == '-'
	}
	return string(b)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] == '\r' || s[i] == '\n' {
			return false
		}
	}
	return true
}

// encodeWords RFC 2047-encodes s when it is not plain ASCII.
func encodeWords(s string) string {
	if isASCII(s) {
		return s
	}
	return mime.QEncoding.Encode("utf-8", s)
}

// writeField writes "Name: value" folded at white space to lines of at
// most 78 characters where possible (RFC 5322 2.1.1).
func writeField(w *bytes.Buffer, name, value string) {
	if strings.ContainsAny(value, "\r\n") {
		value = strings.NewReplacer("\r", " ", "\n", " ").Replace(value)
	}
	line := name + ": "
	lineLen := len(line)
	w.WriteString(line)
	words := strings.Split(value, " ")
	for i, word := range words {
		if i > 0 {
			if lineLen+1+len(word) > 78 && lineLen > len(name)+2 {
				w.WriteString("\r\n ")
				lineLen = 1
			} else {
				w.WriteByte(' ')
				lineLen++
			}
		}
		w.WriteString(word)
		lineLen += len(word)
	}
	w.WriteString("\r\n")
}

// body writes Content-Type and the body of m.
func (e *exporter) body(w *bytes.Buffer, m *Message, depth int) error {
	text, hasText := m.Prop(mapi.PidTagBody).(string)
	html, hasHTML := m.Prop(mapi.PidTagHtml).([]byte)
	htmlCharset := "utf-8"
	rtfOnly := false
	if rtfc, ok := m.Prop(mapi.PidTagRtfCompressed).([]byte); ok && !hasText && !hasHTML {
		// [MS-OXCMAIL] 2.2.2: an RTF-only body goes out as the HTML or
		// text it encapsulates ([MS-OXRTFEX]), else as its text.
		if rtf, err := DecompressRTF(rtfc); err == nil {
			if h, ok, err := RTFToHTML(rtf); err == nil && ok {
				html, hasHTML, rtfOnly = h, true, true
			} else if t, err := RTFToText(rtf); err == nil {
				text, hasText = t, true
			}
		}
	}
	if cp, ok := m.Prop(mapi.PidTagInternetCodepage).(int32); ok && hasHTML && !rtfOnly {
		if cs := charsetOfCodepage(cp); cs != "" {
			htmlCharset = cs
		}
	}
	var inline, files []Attachment
	for _, a := range m.Attachments {
		hidden, _ := Get(a.Props, mapi.PidTagAttachmentHidden).(bool)
		cid, _ := Get(a.Props, mapi.PidTagAttachContentId).(string)
		if hidden && cid != "" && hasHTML && a.Embedded == nil {
			inline = append(inline, a)
		} else {
			files = append(files, a)
		}
	}
	// S/MIME clear-signed: the stored entity is the message body.
	if cls, _ := m.Prop(mapi.PidTagMessageClass).(string); strings.EqualFold(cls, "IPM.Note.SMIME.MultipartSigned") {
		for _, a := range files {
			if mt, _ := Get(a.Props, mapi.PidTagAttachMimeTag).(string); mt == "multipart/signed" {
				data, _ := Get(a.Props, mapi.PidTagAttachDataBinary).([]byte)
				w.Write(data)
				return nil
			}
		}
	}

	alt := func(w *bytes.Buffer) {
		switch {
		case hasText && hasHTML:
			b := e.boundary()
			fmt.Fprintf(w, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n", b)
			fmt.Fprintf(w, "--%s\r\n", b)
			writeText(w, "text/plain", "utf-8", []byte(text))
			fmt.Fprintf(w, "\r\n--%s\r\n", b)
			writeText(w, "text/html", htmlCharset, html)
			fmt.Fprintf(w, "\r\n--%s--\r\n", b)
		case hasHTML:
			writeText(w, "text/html", htmlCharset, html)
		default:
			writeText(w, "text/plain", "utf-8", []byte(text))
		}
	}
	related := func(w *bytes.Buffer) error {
		if len(inline) == 0 {
			alt(w)
			return nil
		}
		b := e.boundary()
		fmt.Fprintf(w, "Content-Type: multipart/related;\r\n boundary=\"%s\"\r\n\r\n", b)
		fmt.Fprintf(w, "--%s\r\n", b)
		alt(w)
		for _, a := range inline {
			fmt.Fprintf(w, "\r\n--%s\r\n", b)
			if err := e.attachment(w, a, depth, true); err != nil {
				return err
			}
		}
		fmt.Fprintf(w, "\r\n--%s--\r\n", b)
		return nil
	}
	var tnef []byte
	if e.opts.TNEF && depth == 0 {
		var err error
		if tnef, err = EncodeTNEF(m, nil); err != nil {
			return err
		}
	}
	if disp := reportDisposition(m); disp != "" && depth == 0 {
		// A read report goes out as an MDN (mdn.go).
		return e.mdn(w, m, disp, files, related)
	}
	if len(files) == 0 && tnef == nil {
		return related(w)
	}
	b := e.boundary()
	fmt.Fprintf(w, "Content-Type: multipart/mixed;\r\n boundary=\"%s\"\r\n\r\n", b)
	fmt.Fprintf(w, "--%s\r\n", b)
	if err := related(w); err != nil {
		return err
	}
	for _, a := range files {
		fmt.Fprintf(w, "\r\n--%s\r\n", b)
		if err := e.attachment(w, a, depth, false); err != nil {
			return err
		}
	}
	if tnef != nil {
		fmt.Fprintf(w, "\r\n--%s\r\n", b)
		w.WriteString("Content-Type: application/ms-tnef; name=\"winmail.dat\"\r\n" +
			"Content-Disposition: attachment; filename=\"winmail.dat\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
		w.Grow(base64LinesLen(len(tnef)))
		w.Write(appendBase64Lines(w.AvailableBuffer(), tnef))
	}
	fmt.Fprintf(w, "\r\n--%s--\r\n", b)
	return nil
}

// writeText writes a text part, quoted-printable when it is not short
// 7-bit lines.
func writeText(w *bytes.Buffer, media, charset string, body []byte) {
	fmt.Fprintf(w, "Content-Type: %s; charset=%s\r\n", media, charset)
	if needsQP(body) {
		w.WriteString("Content-Transfer-Encoding: quoted-printable\r\n\r\n")
		w.Grow(len(body) + len(body)/8 + 16)
		w.Write(appendQP(w.AvailableBuffer(), body))
		return
	}
	w.WriteString("Content-Transfer-Encoding: 7bit\r\n\r\n")
	w.Write(normalizeCRLF(body))
}

func needsQP(b []byte) bool {
	line := 0
	for i, c := range b {
		if c >= 0x80 || c == 0 || (c == '\r' && (i+1 >= len(b) || b[i+1] != '\n')) {
			return true
		}
		if c == '\n' {
			line = 0
			continue
		}
		line++
		if line > 76 {
			return true
		}
	}
	// A 7-bit body that does not end in a line break would gain one on
	// the way back; keep it exact with quoted-printable soft breaks.
	return len(b) > 0 && b[len(b)-1] != '\n' && bytes.Contains(b, []byte("\n--"))
}

// normalizeCRLF turns lone LF into CRLF.
func normalizeCRLF(b []byte) []byte {
	if !bytes.Contains(b, []byte("\n")) {
		return b
	}
	var out bytes.Buffer
	for i, c := range b {
		if c == '\n' && (i == 0 || b[i-1] != '\r') {
			out.WriteByte('\r')
		}
		out.WriteByte(c)
	}
	return out.Bytes()
}

// attachment writes one attachment part.
func (e *exporter) attachment(w *bytes.Buffer, a Attachment, depth int, inline bool) error {
	name, _ := Get(a.Props, mapi.PidTagAttachLongFilename).(string)
	if name == "" {
		name, _ = Get(a.Props, mapi.PidTagAttachFilename).(string)
	}
	media, _ := Get(a.Props, mapi.PidTagAttachMimeTag).(string)
	if a.Embedded != nil {
		w.WriteString("Content-Type: message/rfc822\r\n")
		if name != "" {
			w.WriteString("Content-Disposition: attachment;\r\n " + paramValue("filename", name) + "\r\n")
		}
		w.WriteString("\r\n")
		return e.message(w, a.Embedded, depth+1)
	}
	if media == "" || !strings.Contains(media, "/") || strings.ContainsAny(media, " \r\n;\"") {
		media = "application/octet-stream"
	}
	ct := "Content-Type: " + media
	if name != "" {
		ct += ";\r\n " + paramValue("name", name)
	}
	w.WriteString(ct + "\r\n")
	disp := "attachment"
	if inline {
		disp = "inline"
	}
	if name != "" {
		w.WriteString("Content-Disposition: " + disp + ";\r\n " + paramValue("filename", name) + "\r\n")
	} else {
		w.WriteString("Content-Disposition: " + disp + "\r\n")
	}
	if cid, _ := Get(a.Props, mapi.PidTagAttachContentId).(string); cid != "" && isASCII(cid) {
		writeField(w, "Content-ID", "<"+cid+">")
	}
	if loc, _ := Get(a.Props, mapi.PidTagAttachContentLocation).(string); loc != "" && isASCII(loc) {
		writeField(w, "Content-Location", loc)
	}
	w.WriteString("Content-Transfer-Encoding: base64\r\n\r\n")
	data, _ := Get(a.Props, mapi.PidTagAttachDataBinary).([]byte)
	w.Grow(base64LinesLen(len(data)))
	w.Write(appendBase64Lines(w.AvailableBuffer(), data))
	return nil
}

// paramValue formats a MIME parameter: quoted when ASCII, RFC 2231
// (UTF-8, percent-encoded) otherwise.
func paramValue(name, v string) string {
	if isASCII(v) {
		if strings.ContainsAny(v, `\"`) {
			v = strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v)
		}
		return name + "=\"" + v + "\""
	}
	var b strings.Builder
	b.WriteString(name + "*=utf-8''")
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// base64Lines encodes data as base64 in CRLF-terminated 76-column lines.
func base64Lines(data []byte) []byte {
	return appendBase64Lines(make([]byte, 0, base64LinesLen(len(data))), data)
}

func base64LinesLen(n int) int {
	enc := base64.StdEncoding.EncodedLen(n)
	return enc + (enc+75)/76*2 + 2
}

// appendBase64Lines appends data as base64 in 76-column CRLF lines,
// encoding 57 input bytes per line straight into dst.
func appendBase64Lines(dst, data []byte) []byte {
	for len(data) > 0 {
		n := min(len(data), 57)
		l := len(dst)
		dst = append(dst, make([]byte, base64.StdEncoding.EncodedLen(n))...)
		base64.StdEncoding.Encode(dst[l:], data[:n])
		dst = append(dst, '\r', '\n')
		data = data[n:]
	}
	if len(dst) == 0 || dst[len(dst)-1] != '\n' {
		dst = append(dst, '\r', '\n')
	}
	return dst
}

// appendQP appends b quoted-printable encoded (RFC 2045 6.7) with CRLF
// line breaks: line breaks in b (CRLF or LF) stay hard breaks, lines are
// soft-broken before 76 columns, and white space before a break is
// encoded.
func appendQP(dst, b []byte) []byte {
	const hex = "0123456789ABCDEF"
	col := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\r' && i+1 < len(b) && b[i+1] == '\n' {
			continue
		}
		if c == '\n' {
			dst = append(dst, '\r', '\n')
			col = 0
			continue
		}
		lit := c >= 33 && c <= 126 && c != '='
		if (c == ' ' || c == '\t') && i+1 < len(b) && b[i+1] != '\r' && b[i+1] != '\n' {
			lit = true
		}
		// QUIRK-free safety: a leading "." or "From " is harmless in MIME
		// bodies over SMTP (the transport dot-stuffs), so only '=' and
		// non-printables are escaped.
		need := 1
		if !lit {
			need = 3
		}
		if col+need > 75 {
			dst = append(dst, '=', '\r', '\n')
			col = 0
		}
		if lit {
			dst = append(dst, c)
		} else {
			dst = append(dst, '=', hex[c>>4], hex[c&15])
		}
		col += need
	}
	return dst
}

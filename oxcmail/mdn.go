package oxcmail

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/oxkit/oxkit/mapi"
)

// Read reports: Message Disposition Notifications (RFC 8098).
//
// A message whose top-level part is multipart/report with report-type
// disposition-notification (RFC 8098 3, RFC 6522) is a read report: it
// is imported with message class REPORT.IPM.Note.IPNRN when its
// Disposition is "displayed" (a read receipt) and
// REPORT.IPM.Note.IPNNRN for any other disposition (deleted, dispatched,
// processed: a non-read receipt), the classes [MS-OXOMSG] 2.2.1.10 gives
// read and non-read receipts. The human-readable part becomes the body as
// in any message; the machine-readable message/disposition-notification
// part is read for its Disposition and Original-Message-ID (kept in
// PidTagOriginalMessageId, [MS-OXOMSG] 2.2.1.85: the message ID of the
// original message) and not kept as an attachment; a returned original
// (message/rfc822 or text/rfc822-headers) stays an attachment.
//
// Export writes a message of those classes back as an MDN: the body as
// the human-readable part, then a message/disposition-notification part
// with Final-Recipient (the report's sender, who read the message),
// Original-Message-ID and "Disposition:
// manual-action/MDN-sent-automatically; displayed" (IPNRN) or "deleted"
// (IPNNRN), then any attachments.

// walkMDN walks the parts of a top-level multipart/report of report-type
// disposition-notification.
func (w *walker) walkMDN(p *part) error {
	w.report = "REPORT.IPM.Note.IPNNRN"
	for _, c := range p.children {
		if c.media == "message/disposition-notification" {
			fields := decodeBody(c)
			if mdnDisposition(fields) == "displayed" {
				w.report = "REPORT.IPM.Note.IPNRN"
			}
			if id, ok := parseHeader(fields).get("Original-Message-ID"); ok && strings.TrimSpace(id) != "" {
				set(&w.m.Props, mapi.PidTagOriginalMessageId, strings.TrimSpace(id))
			}
			continue
		}
		if err := w.walk(c, false); err != nil {
			return err
		}
	}
	return nil
}

// mdnDisposition returns the disposition type of the Disposition field
// of a message/disposition-notification body (RFC 8098 3.2.6:
// "Disposition: action-mode/sending-mode; type/modifier"), lower case,
// "" if none.
func mdnDisposition(b []byte) string {
	v, ok := parseHeader(b).get("Disposition")
	if !ok {
		return ""
	}
	_, t, ok := strings.Cut(v, ";")
	if !ok {
		return ""
	}
	t, _, _ = strings.Cut(t, "/") // a disposition modifier (RFC 8098 3.2.6.3)
	return strings.ToLower(strings.TrimSpace(t))
}

// reportDisposition returns the MDN disposition type of a read report
// (message class REPORT.*.IPNRN or REPORT.*.IPNNRN), "" for any other
// message.
func reportDisposition(m *Message) string {
	cls, _ := m.Prop(mapi.PidTagMessageClass).(string)
	u := strings.ToUpper(cls)
	switch {
	case !strings.HasPrefix(u, "REPORT."):
		return ""
	case strings.HasSuffix(u, ".IPNRN"):
		return "displayed"
	case strings.HasSuffix(u, ".IPNNRN"):
		return "deleted"
	}
	return ""
}

// mdn writes the body of a read report as a multipart/report of
// report-type disposition-notification (RFC 8098 3, RFC 6522): the
// human-readable part (related), the machine-readable part, and files.
func (e *exporter) mdn(w *bytes.Buffer, m *Message, disp string, files []Attachment, related func(*bytes.Buffer) error) error {
	b := e.boundary()
	fmt.Fprintf(w, "Content-Type: multipart/report; report-type=disposition-notification;\r\n boundary=\"%s\"\r\n\r\n", b)
	fmt.Fprintf(w, "--%s\r\n", b)
	if err := related(w); err != nil {
		return err
	}
	fmt.Fprintf(w, "\r\n--%s\r\nContent-Type: message/disposition-notification\r\n\r\n", b)
	reader, _ := m.Prop(mapi.PidTagSenderSmtpAddress).(string)
	if reader == "" {
		reader, _ = m.Prop(mapi.PidTagSentRepresentingSmtpAddress).(string)
	}
	if reader = headerSafe(reader); reader != "" {
		fmt.Fprintf(w, "Final-Recipient: rfc822;%s\r\n", reader)
	}
	if id, _ := m.Prop(mapi.PidTagOriginalMessageId).(string); headerSafe(id) != "" {
		fmt.Fprintf(w, "Original-Message-ID: %s\r\n", headerSafe(id))
	}
	fmt.Fprintf(w, "Disposition: manual-action/MDN-sent-automatically; %s\r\n", disp)
	for _, a := range files {
		fmt.Fprintf(w, "\r\n--%s\r\n", b)
		if err := e.attachment(w, a, 0, false); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "\r\n--%s--\r\n", b)
	return nil
}

// headerSafe returns s without line breaks and surrounding space, for a
// field of the machine-readable part.
func headerSafe(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, s))
}

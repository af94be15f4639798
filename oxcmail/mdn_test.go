package oxcmail

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/mapi"
)

// TestMDNRFC8098Example imports the example MDN of RFC 8098 section 9
// (testdata/mail/mdn-rfc8098.eml): a read receipt,
// REPORT.IPM.Note.IPNRN, with the human-readable part as its body and no
// attachment for the machine-readable part.
func TestMDNRFC8098Example(t *testing.T) {
	b, err := os.ReadFile("testdata/mail/mdn-rfc8098.eml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := Import(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c := m.Prop(mapi.PidTagMessageClass); c != "REPORT.IPM.Note.IPNRN" {
		t.Errorf("class %v, want REPORT.IPM.Note.IPNRN", c)
	}
	if body, _ := m.Prop(mapi.PidTagBody).(string); !strings.Contains(body, "has been displayed.") {
		t.Errorf("body %q", body)
	}
	if len(m.Attachments) != 0 {
		t.Errorf("%d attachments, want none", len(m.Attachments))
	}
	// Other dispositions are non-read receipts; the returned original
	// stays an attachment; a report of another type, or one embedded in
	// a message, is no read report.
	for _, tc := range []struct {
		from, to, class string
		atts            int
	}{
		{"; displayed", "; deleted", "REPORT.IPM.Note.IPNNRN", 0},
		{"; displayed", "; displayed/error", "REPORT.IPM.Note.IPNRN", 0},
		{"; displayed", "", "REPORT.IPM.Note.IPNNRN", 0},
		{"--RAA14128.773615765/example.com--", "--RAA14128.773615765/example.com\r\nContent-Type: text/rfc822-headers\r\n\r\nSubject: First draft of report\r\n\r\n--RAA14128.773615765/example.com--", "REPORT.IPM.Note.IPNRN", 1},
		{"report-type=disposition-notification", "report-type=delivery-status", "IPM.Note", 1},
	} {
		x := bytes.Replace(b, []byte(tc.from), []byte(tc.to), 1)
		m, err := Import(x, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c := m.Prop(mapi.PidTagMessageClass); c != tc.class || len(m.Attachments) != tc.atts {
			t.Errorf("%q → %q: class %v with %d attachments, want %s with %d", tc.from, tc.to, c, len(m.Attachments), tc.class, tc.atts)
		}
	}
}

func TestMDNDisposition(t *testing.T) {
	for in, want := range map[string]string{
		"Disposition: manual-action/MDN-sent-manually; displayed\r\n":           "displayed",
		"Disposition: automatic-action/MDN-sent-automatically; Deleted\r\n":     "deleted",
		"Disposition: manual-action/MDN-sent-manually; processed/error\r\n":     "processed",
		"Final-Recipient: rfc822;a@example.com\r\n":                             "",
		"Disposition: displayed\r\n":                                            "",
		"Disposition: manual-action/MDN-sent-manually;\r\n  dispatched\r\n\r\n": "dispatched",
	} {
		if got := mdnDisposition([]byte(in)); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// TestMDNExport: a non-read receipt built as MAPI properties goes out as
// an RFC 8098 MDN and imports back as one.
func TestMDNExport(t *testing.T) {
	m := &Message{Props: []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: "REPORT.IPM.Note.IPNNRN"},
		{Tag: mapi.PidTagSubject, Value: "Not read: plans"},
		{Tag: mapi.PidTagBody, Value: "Your message was deleted without being read."},
		{Tag: mapi.PidTagSenderSmtpAddress, Value: "reader@example.com"},
		{Tag: mapi.PidTagSenderEmailAddress, Value: "reader@example.com"},
		{Tag: mapi.PidTagSenderAddressType, Value: "SMTP"},
		{Tag: mapi.PidTagOriginalMessageId, Value: "<orig@example.org>\r\nBcc: x@example.net"},
	}}
	raw, err := Export(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Content-Type: multipart/report; report-type=disposition-notification;",
		"Content-Type: message/disposition-notification\r\n\r\nFinal-Recipient: rfc822;reader@example.com\r\nOriginal-Message-ID: <orig@example.org>  Bcc: x@example.net\r\nDisposition: manual-action/MDN-sent-automatically; deleted\r\n",
	} {
		if !bytes.Contains(raw, []byte(want)) {
			t.Errorf("export lacks %q:\n%s", want, raw)
		}
	}
	back, err := Import(raw, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c := back.Prop(mapi.PidTagMessageClass); c != "REPORT.IPM.Note.IPNNRN" {
		t.Errorf("class %v after the round trip", c)
	}
	if b, _ := back.Prop(mapi.PidTagBody).(string); !strings.Contains(b, "deleted without being read") {
		t.Errorf("body %q after the round trip", b)
	}
}

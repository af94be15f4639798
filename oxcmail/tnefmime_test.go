package oxcmail

import (
	"bytes"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/mapi"
)

// tnefMIME wraps a TNEF stream as Outlook sends it over SMTP: a text part
// and an application/ms-tnef winmail.dat part.
func tnefMIME(t *testing.T, tnef []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("From: Sender <sender@example.com>\r\nTo: anna@example.com\r\nSubject: MIME subject\r\n" +
		"Date: Mon, 16 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"tnef\"\r\n\r\n--tnef\r\n" +
		"Content-Type: text/plain; charset=us-ascii\r\n\r\nMIME rendering of the body\r\n--tnef\r\n" +
		"Content-Type: application/ms-tnef; name=\"winmail.dat\"\r\nContent-Disposition: attachment; filename=\"winmail.dat\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n")
	b.Write(base64Lines(tnef))
	b.WriteString("--tnef--\r\n")
	return b.Bytes()
}

func TestImportTNEF(t *testing.T) {
	src := &Message{
		Props: []mapi.PropValue{
			{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
			{Tag: mapi.PidTagSubject, Value: "TNEF subject"},
			{Tag: mapi.PidTagBody, Value: "TNEF body\r\n"},
			{Tag: mapi.PidTagImportance, Value: int32(2)},
		},
		Attachments: []Attachment{{Props: []mapi.PropValue{
			{Tag: mapi.PidTagAttachMethod, Value: int32(1)},
			{Tag: mapi.PidTagAttachFilename, Value: "notes.txt"},
			{Tag: mapi.PidTagAttachLongFilename, Value: "notes.txt"},
			{Tag: mapi.PidTagAttachDataBinary, Value: []byte("attached inside TNEF")},
		}}},
	}
	tnef, err := EncodeTNEF(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Import(tnefMIME(t, tnef), nil)
	if err != nil {
		t.Fatal(err)
	}
	// The TNEF's properties win over the MIME rendering ([MS-OXCMAIL]
	// 2.2.3.4.1.2), the From address stays MIME's, winmail.dat is gone.
	if s := m.Prop(mapi.PidTagSubject); s != "TNEF subject" {
		t.Errorf("subject %v", s)
	}
	if b := m.Prop(mapi.PidTagBody); b != "TNEF body\r\n" {
		t.Errorf("body %q", b)
	}
	if v := m.Prop(mapi.PidTagImportance); v != int32(2) {
		t.Errorf("importance %v", v)
	}
	if a := m.Prop(mapi.PidTagSentRepresentingSmtpAddress); a != "sender@example.com" {
		t.Errorf("sender %v", a)
	}
	if len(m.Attachments) != 1 {
		t.Fatalf("%d attachments, want the one inside the TNEF", len(m.Attachments))
	}
	a := m.Attachments[0].Props
	if Get(a, mapi.PidTagAttachLongFilename) != "notes.txt" || !bytes.Equal(Get(a, mapi.PidTagAttachDataBinary).([]byte), []byte("attached inside TNEF")) {
		t.Errorf("attachment %+v", a)
	}
}

func TestImportBrokenTNEFKeptAsAttachment(t *testing.T) {
	m, err := Import(tnefMIME(t, []byte("not a TNEF stream at all")), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Attachments) != 1 || Get(m.Attachments[0].Props, mapi.PidTagAttachMimeTag) != "application/octet-stream" ||
		Get(m.Attachments[0].Props, mapi.PidTagAttachLongFilename) != "winmail.dat" {
		t.Fatalf("attachments %+v", m.Attachments)
	}
	if m.Prop(mapi.PidTagBody) != "MIME rendering of the body" {
		t.Fatalf("body %q", m.Prop(mapi.PidTagBody))
	}
}

// TestExportRTFOnly: a message whose only body is compressed RTF goes out
// with the HTML the RTF encapsulates, or with its text.
func TestExportRTFOnly(t *testing.T) {
	htmlRTF := `{\rtf1\ansi\ansicpg1252\fromhtml1 \deff0{\fonttbl{\f0\fswiss Arial;}}` +
		`{\*\htmltag64 <html><body>}\htmlrtf{\htmlrtf0 Hello {\*\htmltag84 <b>}\htmlrtf\b\htmlrtf0 bold{\*\htmltag92 </b>}}` +
		`{\*\htmltag72 </body></html>}}`
	for _, tt := range []struct {
		name, rtf, wantMedia, wantIn string
	}{
		{"html", htmlRTF, "text/html", "<b>bold</b>"},
		{"text", `{\rtf1\ansi\deff0 Plain RTF body\par}`, "text/plain", "Plain RTF body"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rtfc, err := CompressRTF([]byte(tt.rtf))
			if err != nil {
				t.Fatal(err)
			}
			m := &Message{Props: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "rtf"}, {Tag: mapi.PidTagRtfCompressed, Value: rtfc}}}
			out, err := Export(m, &ExportOptions{Options: Options{Seed: 3}})
			if err != nil {
				t.Fatal(err)
			}
			back, err := Import(out, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got string
			switch tt.wantMedia {
			case "text/html":
				h, _ := back.Prop(mapi.PidTagHtml).([]byte)
				got = string(h)
			default:
				got, _ = back.Prop(mapi.PidTagBody).(string)
			}
			if !strings.Contains(got, tt.wantIn) {
				t.Fatalf("%s body %q lacks %q\n%s", tt.wantMedia, got, tt.wantIn, out)
			}
		})
	}
}

// TestExportTNEF: with TNEF asked for, the export carries a winmail.dat
// from which import restores properties MIME cannot express.
func TestExportTNEF(t *testing.T) {
	m := &Message{Props: []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: "IPM.Note.Custom"},
		{Tag: mapi.PidTagSubject, Value: "with TNEF"},
		{Tag: mapi.PidTagBody, Value: "body\r\n"},
		{Tag: mapi.PidTagSentRepresentingSmtpAddress, Value: "a@example.com"},
		{Tag: mapi.PidTagSentRepresentingAddressType, Value: "SMTP"},
		{Tag: mapi.PidTagSentRepresentingEmailAddress, Value: "a@example.com"},
	}}
	out, err := Export(m, &ExportOptions{Options: Options{Seed: 9}, TNEF: true})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte("application/ms-tnef")) {
		t.Fatalf("no TNEF part:\n%s", out)
	}
	back, err := Import(out, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c := back.Prop(mapi.PidTagMessageClass); c != "IPM.Note.Custom" {
		t.Fatalf("message class %v did not survive through TNEF", c)
	}
	if len(back.Attachments) != 0 {
		t.Fatalf("winmail.dat kept as an attachment: %+v", back.Attachments)
	}
	plain, _ := Export(m, &ExportOptions{Options: Options{Seed: 9}})
	if bytes.Contains(plain, []byte("ms-tnef")) {
		t.Fatal("TNEF written without being asked for")
	}
}

package ews

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Replies as Outlook, Gmail, Thunderbird and Apple Mail write them
// ([MS-OXWSCORE] 2.2.4.24 UniqueBody: the body without the earlier
// messages of the conversation).
func TestUniqueText(t *testing.T) {
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	for _, tc := range []struct{ name, in, want string }{
		{"Outlook original message",
			"Yes, Thursday works.\n\nBob\n\n-----Original Message-----\nFrom: Alice <alice@example.com>\nSent: Monday, January 6, 2025 9:14 AM\nTo: Bob <bob@example.com>\nSubject: Meeting\n\nCan we meet Thursday?\n",
			"Yes, Thursday works.\n\nBob"},
		{"Outlook separator rule and header block",
			"Done.\n\n________________________________\nFrom: Alice <alice@example.com>\nSent: Monday, January 6, 2025 9:14 AM\nTo: Bob\nSubject: Report\n\nPlease send the report.\n",
			"Done."},
		{"Outlook header block without separator",
			"Done.\n\nFrom: Alice <alice@example.com>\nDate: Monday, January 6, 2025 9:14 AM\nSubject: Report\n\nPlease send the report.\n",
			"Done."},
		{"Gmail attribution and > quotes",
			"Thanks!\n\nOn Mon, Jan 6, 2025 at 9:14 AM Alice <alice@example.com> wrote:\n\n> Can you send the report?\n>\n> Alice\n",
			"Thanks!"},
		{"Gmail attribution wrapped over two lines",
			"Sounds good.\n\nOn Mon, Jan 6, 2025 at 9:14 AM Alice Wonderland <\nalice@example.com> wrote:\n\n> Lunch?\n",
			"Sounds good."},
		{"Thunderbird attribution",
			"Agreed.\n\nOn 1/6/25 09:14, Alice wrote:\n> Shall we ship it?\n",
			"Agreed."},
		{"Apple Mail attribution",
			"Sure thing.\n\nSent from my iPhone\n\n> On Jan 6, 2025, at 09:14, Alice <alice@example.com> wrote:\n>\n> Coffee?\n",
			"Sure thing.\n\nSent from my iPhone"},
		{"German Outlook",
			"Passt.\n\n-----Ursprüngliche Nachricht-----\nVon: Alice\nGesendet: Montag, 6. Januar 2025 09:14\nBetreff: Termin\n\nDonnerstag?\n",
			"Passt."},
		{"French attribution",
			"D'accord.\n\nLe lun. 6 janv. 2025 à 09:14, Alice <alice@example.com> a écrit :\n> Jeudi ?\n",
			"D'accord."},
		{"inline replies keep their quotes",
			"> Can you do Thursday?\nYes.\n> And Friday?\nNo.\n",
			"> Can you do Thursday?\nYes.\n> And Friday?\nNo.\n"},
		{"no quote at all", "Just a note.\r\n", "Just a note.\r\n"},
		{"a forward without text keeps its body",
			"-----Original Message-----\nFrom: Alice\nSubject: FYI\n\nbody\n",
			"-----Original Message-----\nFrom: Alice\nSubject: FYI\n\nbody\n"},
		{"a From: line alone is text",
			"From: the team, with thanks.\nSee you.\n",
			"From: the team, with thanks.\nSee you.\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := uniqueText(crlf(tc.in)); got != crlf(tc.want) {
				t.Errorf("got %q\nwant %q", got, crlf(tc.want))
			}
		})
	}
}

// Sample reply bodies as the clients write them.
const (
	outlookWebReply     = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style></head><body dir="ltr"><div class="elementToProof" style="font-family: Aptos; font-size: 12pt;">Yes, Thursday works.</div><div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt"><b>From:</b> Alice &lt;alice@example.com&gt;<br><b>Sent:</b> Monday, January 6, 2025 9:14 AM<br><b>To:</b> Bob<br><b>Subject:</b> Meeting</font><div>&nbsp;</div></div><div dir="ltr">Can we meet Thursday?</div></body></html>`
	outlookDesktopReply = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv=Content-Type content="text/html; charset=us-ascii"><style><!-- p.MsoNormal {margin:0cm;} --></style></head><body lang=EN-US link="#0563C1"><div class=WordSection1><p class=MsoNormal>Yes, Thursday works.<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><div><div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'><p class=MsoNormal><b>From:</b> Alice &lt;alice@example.com&gt; <br><b>Sent:</b> Monday, January 6, 2025 9:14 AM<br><b>To:</b> Bob<br><b>Subject:</b> Meeting<o:p></o:p></p></div></div><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Can we meet Thursday?<o:p></o:p></p></div></body></html>`
	gmailReply          = `<div dir="ltr">Thanks!<div><br></div><div>Bob</div></div><br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">On Mon, Jan 6, 2025 at 9:14 AM Alice &lt;<a href="mailto:alice@example.com">alice@example.com</a>&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex"><div dir="ltr">Can you send the report?</div></blockquote></div>`
	thunderbirdReply    = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body><p>Agreed, ship it.</p><p><br></p><div class="moz-cite-prefix">On 1/6/25 09:14, Alice wrote:<br></div><blockquote type="cite" cite="mid:abc@example.com"><p>Shall we ship it?</p></blockquote></body></html>`
	appleMailReply      = `<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body style="overflow-wrap: break-word;">Sure thing.<div><br></div><div><img src="cid:sig" alt="sig"></div><div><br><blockquote type="cite"><div>On Jan 6, 2025, at 09:14, Alice &lt;alice@example.com&gt; wrote:</div><br class="Apple-interchange-newline"><div><div>Coffee?</div></div></blockquote></div><br></body></html>`
	plainHTMLReply      = `<p>Noted.</p><p>-----Original Message-----</p><p>From: Alice</p><p>old text</p>`
)

func TestUniqueHTML(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"Outlook on the web", outlookWebReply,
			`<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"/><style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style></head><body dir="ltr"><div class="elementToProof" style="font-family: Aptos; font-size: 12pt;">Yes, Thursday works.</div></body></html>`},
		{"Outlook for Windows", outlookDesktopReply,
			`<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv="Content-Type" content="text/html; charset=us-ascii"/><style><!-- p.MsoNormal {margin:0cm;} --></style></head><body lang="EN-US" link="#0563C1"><div class="WordSection1"><p class="MsoNormal">Yes, Thursday works.</p></div></body></html>`},
		{"Gmail", gmailReply,
			`<html><head></head><body><div dir="ltr">Thanks!<div><br/></div><div>Bob</div></div></body></html>`},
		{"Thunderbird", thunderbirdReply,
			`<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"/></head><body><p>Agreed, ship it.</p></body></html>`},
		{"Apple Mail", appleMailReply,
			`<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"/></head><body style="overflow-wrap: break-word;">Sure thing.<div><br/></div><div><img src="cid:sig" alt="sig"/></div></body></html>`},
		{"Outlook for Mac", `<html><body><div>Works for me.</div><div><br></div><span id="OLK_SRC_BODY_SECTION"><div><b>From: </b>Alice<br><b>Date: </b>Monday<br></div><div>Lunch?</div></span></body></html>`,
			`<html><head></head><body><div>Works for me.</div></body></html>`},
		{"Proton Mail", `<div>Yes.</div><div class="protonmail_quote">On Monday, Alice wrote:<br><blockquote class="protonmail_quote" type="cite">Lunch?</blockquote></div>`,
			`<html><head></head><body><div>Yes.</div></body></html>`},
		{"original message paragraph", plainHTMLReply,
			`<html><head></head><body><p>Noted.</p></body></html>`},
		{"no quote: unchanged bytes", `<p>Hello<br>there</p>`, `<p>Hello<br>there</p>`},
		{"a bare forward keeps its body", `<blockquote type="cite">old</blockquote>`, `<blockquote type="cite">old</blockquote>`},
		{"a quotation without type=cite is text", `<p>As they say:</p><blockquote>quote</blockquote><p>end</p>`, `<p>As they say:</p><blockquote>quote</blockquote><p>end</p>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := uniqueHTML(tc.in); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// FuzzUniqueBody: trimming never panics, never grows the text of a body,
// and is stable (trimming the result again changes nothing).
func FuzzUniqueBody(f *testing.F) {
	for _, s := range []string{outlookWebReply, outlookDesktopReply, gmailReply, thunderbirdReply, appleMailReply, plainHTMLReply,
		"a\r\n\r\nOn Mon, Alice wrote:\r\n> b\r\n", "x\n-----Original Message-----\nFrom: y\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u := uniqueText(s)
		if len(u) > len(s) {
			t.Fatalf("uniqueText grew %q → %q", s, u)
		}
		if again := uniqueText(u); again != u {
			t.Fatalf("uniqueText not stable: %q → %q → %q", s, u, again)
		}
		h := uniqueHTML(s)
		if h == s {
			return
		}
		if again := uniqueHTML(h); again != h {
			t.Fatalf("uniqueHTML not stable: %q → %q → %q", s, h, again)
		}
		if a, b := len(htmlToText(h)), len(htmlToText(s)); a > b {
			t.Fatalf("uniqueHTML grew the text: %q (%d) → %q (%d)", s, b, h, a)
		}
	})
}

// TestGetItemUniqueAndTextBody: GetItem writes UniqueBody without the
// quoted original and TextBody rendered from an HTML-only item stored in
// its MIME charset.
func TestGetItemUniqueAndTextBody(t *testing.T) {
	e := newEnv(t)
	mime := func(ctype, body string) string {
		return `<t:MimeContent>` + base64.StdEncoding.EncodeToString([]byte("From: Bob <bob@example.net>\r\nTo: user1@example.com\r\nSubject: RE: Meeting\r\n"+
			"Message-ID: <r1@example.net>\r\nIn-Reply-To: <o1@example.com>\r\nDate: Mon, 06 Jan 2025 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: "+ctype+"\r\n\r\n"+body)) + `</t:MimeContent>`
	}
	// Gmail's reply in ISO-8859-1 ("Merci beaucoup!" with an e-acute).
	htmlID, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), mime("text/html; charset=iso-8859-1",
		"<div dir=\"ltr\">Caf\xe9 at <a href=\"https://example.com/map\">the corner</a>?</div><br><div class=\"gmail_quote\"><div class=\"gmail_attr\">On Mon, Jan 6, 2025 at 9:14 AM Alice wrote:<br></div><blockquote class=\"gmail_quote\">Lunch?</blockquote></div>\r\n"))
	textID, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), mime("text/plain; charset=utf-8",
		"Thursday works.\r\n\r\n-----Original Message-----\r\nFrom: Alice\r\nSent: Monday\r\nSubject: Meeting\r\n\r\nCan we meet?\r\n"))
	shape := `<t:BaseShape>IdOnly</t:BaseShape><t:BodyType>Text</t:BodyType><t:UniqueBodyType>Text</t:UniqueBodyType><t:AdditionalProperties>` +
		`<t:FieldURI FieldURI="item:Body"/><t:FieldURI FieldURI="item:UniqueBody"/><t:FieldURI FieldURI="item:TextBody"/></t:AdditionalProperties>`
	type bodies struct{ Body, Unique, Text string }
	get := func(id, shape string) bodies {
		t.Helper()
		_, doc := e.postAs(user1, envelope(`<m:GetItem><m:ItemShape>`+shape+`</m:ItemShape><m:ItemIds>`+itemID(id)+`</m:ItemIds></m:GetItem>`))
		m := mustSuccess(t, doc)[0].FindElement("Items/*")
		text := func(p string) string {
			if el := m.FindElement(p); el != nil {
				return el.SelectAttrValue("BodyType", "") + ":" + el.Text()
			}
			return ""
		}
		return bodies{text("Body"), text("UniqueBody"), text("TextBody")}
	}
	want := bodies{
		Body:   "Text:Café at the corner <https://example.com/map>?\r\n\r\nOn Mon, Jan 6, 2025 at 9:14 AM Alice wrote:\r\n\r\n> Lunch?",
		Unique: "Text:Café at the corner <https://example.com/map>?",
		Text:   "Text:Café at the corner <https://example.com/map>?\r\n\r\nOn Mon, Jan 6, 2025 at 9:14 AM Alice wrote:\r\n\r\n> Lunch?",
	}
	if d := cmp.Diff(want, get(htmlID, shape)); d != "" {
		t.Errorf("HTML reply (-want +got):\n%s", d)
	}
	// UniqueBody in HTML: the Gmail quote is gone, the markup well formed.
	got := get(htmlID, strings.Replace(shape, `<t:UniqueBodyType>Text</t:UniqueBodyType>`, `<t:UniqueBodyType>HTML</t:UniqueBodyType>`, 1))
	if w := `HTML:<html><head></head><body><div dir="ltr">Café at <a href="https://example.com/map">the corner</a>?</div></body></html>`; got.Unique != w {
		t.Errorf("HTML UniqueBody %q, want %q", got.Unique, w)
	}
	want = bodies{
		Body:   "Text:Thursday works.\r\n\r\n-----Original Message-----\r\nFrom: Alice\r\nSent: Monday\r\nSubject: Meeting\r\n\r\nCan we meet?",
		Unique: "Text:Thursday works.",
		Text:   "Text:Thursday works.\r\n\r\n-----Original Message-----\r\nFrom: Alice\r\nSent: Monday\r\nSubject: Meeting\r\n\r\nCan we meet?",
	}
	g := get(textID, shape)
	g.Body, g.Text = strings.TrimRight(g.Body, "\r\n"), strings.TrimRight(g.Text, "\r\n")
	if d := cmp.Diff(want, g); d != "" {
		t.Errorf("text reply (-want +got):\n%s", d)
	}
}

package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// captured is one message a captureSMTP server accepted.
type captured struct {
	From  string
	Rcpts []string
	Data  []byte
	TLS   bool
	User  string
}

// captureSMTP is an in-process smarthost recording what it accepts.
// rejectRcpt names a recipient it refuses with 550.
// tempRcpt[addr] is how many more times it refuses addr with 451;
// drops is how many more connections it drops at MAIL FROM.
type captureSMTP struct {
	mu         sync.Mutex
	got        []captured
	rejectRcpt string
	tempRcpt   map[string]int
	drops      int
	user, pass string
	addr       string
}

func (c *captureSMTP) NewSession(conn *gosmtp.Conn) (gosmtp.Session, error) {
	return &captureSession{c: c, conn: conn}, nil
}

func (c *captureSMTP) messages() []captured {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]captured(nil), c.got...)
}

type captureSession struct {
	c    *captureSMTP
	conn *gosmtp.Conn
	cur  captured
}

func (s *captureSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *captureSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != s.c.user || pass != s.c.pass {
			return errors.New("bad credentials")
		}
		s.cur.User = user
		return nil
	}), nil
}
func (s *captureSession) Mail(from string, _ *gosmtp.MailOptions) error {
	if s.c.user != "" && s.cur.User == "" {
		return &gosmtp.SMTPError{Code: 530, EnhancedCode: gosmtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	}
	s.c.mu.Lock()
	drop := s.c.drops > 0
	if drop {
		s.c.drops--
	}
	s.c.mu.Unlock()
	if drop {
		s.conn.Conn().Close()
		return errors.New("dropped")
	}
	s.cur.From = from
	return nil
}
func (s *captureSession) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	if strings.EqualFold(to, s.c.rejectRcpt) {
		return &gosmtp.SMTPError{Code: 550, EnhancedCode: gosmtp.EnhancedCode{5, 1, 1}, Message: "No such user"}
	}
	s.c.mu.Lock()
	temp := s.c.tempRcpt[strings.ToLower(to)] > 0
	if temp {
		s.c.tempRcpt[strings.ToLower(to)]--
	}
	s.c.mu.Unlock()
	if temp {
		return &gosmtp.SMTPError{Code: 451, EnhancedCode: gosmtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
	}
	s.cur.Rcpts = append(s.cur.Rcpts, to)
	return nil
}
func (s *captureSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.Data = b
	_, s.cur.TLS = s.conn.TLSConnectionState()
	s.c.mu.Lock()
	s.c.got = append(s.c.got, s.cur)
	s.c.mu.Unlock()
	return nil
}
func (s *captureSession) Reset()        { s.cur = captured{User: s.cur.User} }
func (s *captureSession) Logout() error { return nil }

// startCapture starts a captureSMTP on loopback; with cert it offers
// STARTTLS.
func startCapture(t *testing.T, c *captureSMTP, cert *tls.Certificate) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := gosmtp.NewServer(c)
	srv.Domain = "smarthost.test"
	srv.AllowInsecureAuth = false
	if cert != nil {
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*cert}}
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	c.addr = ln.Addr().String()
}

// ewsCall posts one SOAP body as user and returns the parsed response.
func ewsCall(t *testing.T, s *server, user, pass, body string) *etree.Document {
	t.Helper()
	env := `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><soap:Header><t:RequestServerVersion Version="Exchange2013"/></soap:Header><soap:Body>` + body + `</soap:Body></soap:Envelope>`
	req, _ := http.NewRequest("POST", "http://"+s.http.Addr().String()+"/EWS/Exchange.asmx", strings.NewReader(env))
	req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	req.SetBasicAuth(user, pass)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		t.Fatalf("response: %d %v\n%s", resp.StatusCode, err, data)
	}
	return doc
}

// sendItem is CreateItem SendOnly of a message to the given recipients
// (To) and bcc (BccRecipients).
func sendItem(subject string, to []string, bcc []string) string {
	var b strings.Builder
	b.WriteString(`<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>` + subject + `</t:Subject><t:Body BodyType="Text">hello there</t:Body><t:ToRecipients>`)
	for _, a := range to {
		b.WriteString(`<t:Mailbox><t:EmailAddress>` + a + `</t:EmailAddress></t:Mailbox>`)
	}
	b.WriteString(`</t:ToRecipients>`)
	if len(bcc) > 0 {
		b.WriteString(`<t:BccRecipients>`)
		for _, a := range bcc {
			b.WriteString(`<t:Mailbox><t:EmailAddress>` + a + `</t:EmailAddress></t:Mailbox>`)
		}
		b.WriteString(`</t:BccRecipients>`)
	}
	b.WriteString(`</t:Message></m:Items></m:CreateItem>`)
	return b.String()
}

func responseClass(doc *etree.Document, op string) (class, code string) {
	e := doc.FindElement("//" + op + "ResponseMessage")
	if e == nil {
		return "", ""
	}
	if c := e.FindElement("ResponseCode"); c != nil {
		code = c.Text()
	}
	return e.SelectAttrValue("ResponseClass", ""), code
}

func twoUsers(t *testing.T) string {
	users := filepath.Join(t.TempDir(), "users")
	os.WriteFile(users, []byte("user1@example.com secret User One\nuser2@example.com secret User Two\n"), 0o600)
	return users
}

// subjectsIn lists (class, subject) of the messages in owner's Inbox.
func inboxMessages(t *testing.T, s *server, owner string) [][2]string {
	t.Helper()
	ctx := context.Background()
	mb, err := s.store.OpenMailbox(ctx, owner)
	if err != nil {
		t.Fatal(err)
	}
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	res, err := mb.(store.Tables).QueryMessages(ctx, inbox, &store.Query{Columns: []mapi.PropTag{mapi.PidTagMessageClass, mapi.PidTagSubject}})
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	for _, r := range res.Rows {
		var cls, subj string
		for _, p := range r.Props {
			switch p.Tag {
			case mapi.PidTagMessageClass:
				cls, _ = p.Value.(string)
			case mapi.PidTagSubject:
				subj, _ = p.Value.(string)
			}
		}
		out = append(out, [2]string{cls, subj})
	}
	return out
}

// EWS SendOnly to a remote and a local recipient: the local one gets it
// by local delivery, the remote one (and the Bcc) through the smarthost,
// whose copy carries Message-ID and Date and no Bcc field.
func TestSmarthostRelaysEWSSend(t *testing.T) {
	cap := &captureSMTP{}
	startCapture(t, cap, nil)
	s, _, _ := startTest(t, "-users", twoUsers(t), "-smarthost", cap.addr)
	doc := ewsCall(t, s, "user1@example.com", "secret", sendItem("Relay me", []string{"bob@remote.example", "user2@example.com"}, []string{"hidden@remote.example"}))
	if cls, code := responseClass(doc, "CreateItem"); cls != "Success" {
		t.Fatalf("CreateItem: %s %s", cls, code)
	}
	got := waitCaptured(t, s, cap, 1)
	m := got[0]
	if m.From != "user1@example.com" {
		t.Errorf("MAIL FROM %q", m.From)
	}
	if want := []string{"bob@remote.example", "hidden@remote.example"}; strings.Join(m.Rcpts, ",") != strings.Join(want, ",") {
		t.Errorf("RCPT TO %v, want %v", m.Rcpts, want)
	}
	pm, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		t.Fatal(err)
	}
	if pm.Header.Get("Subject") != "Relay me" || pm.Header.Get("Message-Id") == "" || pm.Header.Get("Date") == "" {
		t.Errorf("header: %v", pm.Header)
	}
	if _, ok := pm.Header["Bcc"]; ok {
		t.Errorf("Bcc field relayed: %v", pm.Header["Bcc"])
	}
	if got := inboxMessages(t, s, "user2@example.com"); len(got) != 1 || got[0][1] != "Relay me" {
		t.Errorf("local recipient inbox: %v", got)
	}
	if got := inboxMessages(t, s, "user1@example.com"); len(got) != 0 {
		t.Errorf("sender got %v, want no NDR", got)
	}
}

// Without the queue, a smarthost refusing a recipient fails the item:
// EWS answers an error instead of success for mail that did not leave.
func TestSmarthostRefusalIsItemError(t *testing.T) {
	cap := &captureSMTP{rejectRcpt: "nobody@remote.example"}
	startCapture(t, cap, nil)
	s, _, _ := startTest(t, "-users", twoUsers(t), "-smarthost", cap.addr, "-queue=false")
	doc := ewsCall(t, s, "user1@example.com", "secret", sendItem("Refused", []string{"nobody@remote.example"}, nil))
	if cls, code := responseClass(doc, "CreateItem"); cls != "Error" || code == "NoError" || code == "" {
		t.Fatalf("CreateItem: %s %s, want an error", cls, code)
	}
	if n := len(cap.messages()); n != 0 {
		t.Fatalf("smarthost accepted %d messages", n)
	}
}

// Without the queue, a smarthost that is down fails the item too.
func TestSmarthostDownIsItemError(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	s, _, _ := startTest(t, "-users", twoUsers(t), "-smarthost", addr, "-queue=false")
	doc := ewsCall(t, s, "user1@example.com", "secret", sendItem("Nowhere", []string{"bob@remote.example"}, nil))
	if cls, _ := responseClass(doc, "CreateItem"); cls != "Error" {
		t.Fatalf("CreateItem: %s, want Error", cls)
	}
}

// STARTTLS is used when offered, and AUTH PLAIN with the credentials of
// -smarthost-auth happens over it.
func TestSmarthostSTARTTLSAuth(t *testing.T) {
	cert, _, err := loadOrCreateCert(t.TempDir(), "localhost")
	if err != nil {
		t.Fatal(err)
	}
	cap := &captureSMTP{user: "relay", pass: "s3cret"}
	startCapture(t, cap, &cert)
	sh := &smarthost{addr: cap.addr, user: "relay", pass: "s3cret", hostname: "oxkit.test",
		tls: &tls.Config{InsecureSkipVerify: true}, log: slog.New(slog.DiscardHandler), now: time.Now}
	raw := []byte("From: user1@example.com\r\nTo: bob@remote.example\r\nSubject: tls\r\n\r\nbody\r\n")
	if err := sh.Send(context.Background(), "user1@example.com", []string{"bob@remote.example"}, raw); err != nil {
		t.Fatal(err)
	}
	got := cap.messages()
	if len(got) != 1 || !got[0].TLS || got[0].User != "relay" {
		t.Fatalf("captured %+v, want one message over TLS as relay", got)
	}
	sh.pass = "wrong"
	if err := sh.Send(context.Background(), "user1@example.com", []string{"bob@remote.example"}, raw); err == nil {
		t.Fatal("wrong password: no error")
	}
	// No TLS offered and not loopback: credentials are not sent.
	plain := &smarthost{addr: "192.0.2.1:25", user: "u", pass: "p"}
	if !loopbackAddr(cap.addr) || loopbackAddr(plain.addr) {
		t.Fatal("loopbackAddr")
	}
}

func TestReadSmarthostAuth(t *testing.T) {
	f := filepath.Join(t.TempDir(), "auth")
	os.WriteFile(f, []byte("relay:pa:ss\n"), 0o600)
	u, p, err := readSmarthostAuth(f)
	if err != nil || u != "relay" || p != "pa:ss" {
		t.Fatalf("file: %q %q %v", u, p, err)
	}
	t.Setenv("OXKIT_SMARTHOST_AUTH", "envuser:envpass")
	if u, p, err := readSmarthostAuth(""); err != nil || u != "envuser" || p != "envpass" {
		t.Fatalf("env: %q %q %v", u, p, err)
	}
	t.Setenv("OXKIT_SMARTHOST_AUTH", "nocolon")
	if _, _, err := readSmarthostAuth(""); err == nil {
		t.Fatal("malformed credentials accepted")
	}
}

func TestPrepareOutbound(t *testing.T) {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, in   string
		wantHeader map[string]string
		absent     []string
		body       string
	}{
		{"adds Message-ID and Date, drops folded Bcc",
			"From: a@example.com\r\nBcc: x@example.org,\r\n y@example.org\r\nTo: b@example.org\r\nSubject: s\r\n\r\nline\r\n",
			map[string]string{"Date": "Sun, 01 Mar 2026 10:00:00 +0000", "To": "b@example.org", "Subject": "s"}, []string{"Bcc"}, "line\r\n"},
		{"keeps existing Message-ID and Date",
			"Message-ID: <x@y>\r\nDate: Mon, 02 Feb 2026 00:00:00 +0000\r\nSubject: s\r\n\r\nb\r\n",
			map[string]string{"Message-Id": "<x@y>", "Date": "Mon, 02 Feb 2026 00:00:00 +0000"}, nil, "b\r\n"},
		{"bare LF input", "Subject: lf\nbcc: z@example.org\n\nbody\n",
			map[string]string{"Subject": "lf"}, []string{"Bcc"}, "body\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := prepareOutbound([]byte(tc.in), "oxkit.test", now)
			m, err := mail.ReadMessage(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tc.wantHeader {
				if got := m.Header.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if id := m.Header.Get("Message-Id"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, ">") {
				t.Errorf("Message-ID %q", id)
			}
			for _, k := range tc.absent {
				if _, ok := m.Header[k]; ok {
					t.Errorf("%s still present", k)
				}
			}
			body, _ := io.ReadAll(m.Body)
			if string(body) != tc.body {
				t.Errorf("body %q, want %q", body, tc.body)
			}
		})
	}
}

// Without -smarthost a message to a remote recipient is accepted and the
// sender gets a non-delivery report naming the recipient, as Exchange
// reports undeliverable mail.
func TestNoSmarthostNDR(t *testing.T) {
	s, _, _ := startTest(t, "-users", twoUsers(t))
	doc := ewsCall(t, s, "user1@example.com", "secret", sendItem("Far away", []string{"bob@remote.example"}, nil))
	if cls, code := responseClass(doc, "CreateItem"); cls != "Success" {
		t.Fatalf("CreateItem: %s %s", cls, code)
	}
	got := inboxMessages(t, s, "user1@example.com")
	if len(got) != 1 || got[0] != [2]string{ndrClass, "Undeliverable: Far away"} {
		t.Fatalf("sender inbox: %v", got)
	}
	ctx := context.Background()
	mb, _ := s.store.OpenMailbox(ctx, "user1@example.com")
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	res, _ := mb.(store.Tables).QueryMessages(ctx, inbox, &store.Query{Columns: []mapi.PropTag{mapi.PidTagSubject}})
	m, err := mb.Message(ctx, res.Rows[0].Message, nil)
	if err != nil {
		t.Fatal(err)
	}
	var body string
	for _, p := range m.Props {
		if p.Tag == mapi.PidTagBody {
			body, _ = p.Value.(string)
		}
	}
	if !strings.Contains(body, "bob@remote.example") || !strings.Contains(body, "no smarthost") {
		t.Errorf("NDR body does not name the recipient and reason:\n%s", body)
	}
}

// SMTP delivery to a mailbox out of office answers an external sender
// once, through the smarthost with a null reverse-path; a list message
// gets no answer.
func TestSMTPDeliveryAutoReplyViaSmarthost(t *testing.T) {
	cap := &captureSMTP{}
	startCapture(t, cap, nil)
	s, _, _ := startTest(t, "-users", twoUsers(t), "-smarthost", cap.addr, "-smtp", "127.0.0.1:0")
	doc := ewsCall(t, s, "user1@example.com", "secret", `<m:SetUserOofSettingsRequest><t:Mailbox><t:Address>user1@example.com</t:Address></t:Mailbox><t:UserOofSettings><t:OofState>Enabled</t:OofState><t:ExternalAudience>All</t:ExternalAudience><t:InternalReply><t:Message>in</t:Message></t:InternalReply><t:ExternalReply><t:Message>Back Monday</t:Message></t:ExternalReply></t:UserOofSettings></m:SetUserOofSettingsRequest>`)
	if cls, code := responseClass(doc, ""); cls != "Success" {
		t.Fatalf("SetUserOofSettings: %s %s", cls, code)
	}
	send := func(subject, extra string) {
		c, err := netsmtpDial(s.smtpLns[0].Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if err := c.SendMail("carol@remote.example", []string{"user1@example.com"}, strings.NewReader("From: <carol@remote.example>\r\nTo: user1@example.com\r\nSubject: "+subject+"\r\n"+extra+"\r\nbody\r\n")); err != nil {
			t.Fatal(err)
		}
	}
	send("Question", "")
	send("Question again", "")
	send("Digest", "List-Id: <news.remote.example>\r\n")
	got := waitCaptured(t, s, cap, 1)
	if got[0].From != "" || strings.Join(got[0].Rcpts, ",") != "carol@remote.example" {
		t.Fatalf("envelope %q → %v", got[0].From, got[0].Rcpts)
	}
	pm, err := mail.ReadMessage(bytes.NewReader(got[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	if pm.Header.Get("Subject") != "Automatic reply: Question" || pm.Header.Get("Auto-Submitted") != "auto-replied" {
		t.Fatalf("reply header: %v", pm.Header)
	}
}

func netsmtpDial(addr string) (*gosmtp.Client, error) { return gosmtp.Dial(addr) }

// FuzzPrepareOutbound: whatever the input, the output keeps the body,
// carries exactly one Message-ID and Date when the input had none, and
// no Bcc field.
func FuzzPrepareOutbound(f *testing.F) {
	f.Add([]byte("Subject: s\r\nBcc: a@b\r\n\r\nbody\r\n"))
	f.Add([]byte("Bcc:\n x\n\n"))
	f.Add([]byte("no header at all"))
	f.Add([]byte(""))
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, raw []byte) {
		out := prepareOutbound(raw, "oxkit.test", now)
		end := bytes.Index(out, []byte("\r\n\r\n"))
		if end < 0 {
			t.Fatalf("no header end in %q", out)
		}
		ids, dates := 0, 0
		for line := range bytes.SplitSeq(out[:end], []byte("\r\n")) {
			name, _, _ := bytes.Cut(line, []byte(":"))
			name = bytes.TrimSpace(name)
			if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') {
				continue
			}
			switch {
			case bytes.EqualFold(name, []byte("Bcc")):
				t.Fatalf("Bcc kept: %q", out)
			case bytes.EqualFold(name, []byte("Message-ID")):
				ids++
			case bytes.EqualFold(name, []byte("Date")):
				dates++
			}
		}
		if ids == 0 || dates == 0 {
			t.Fatalf("Message-ID %d Date %d in %q", ids, dates, out)
		}
		if len(out) > 2*len(raw)+256 {
			t.Fatalf("output grew from %d to %d bytes", len(raw), len(out))
		}
	})
}

package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	netsmtp "net/smtp"

	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	gosmtp "github.com/emersion/go-smtp"

	"github.com/oxkit/oxkit/autodiscover"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// testStore is the store the server tests run on; TestMain runs them on
// each kind.
var testStore = "bolt"

func TestMain(m *testing.M) {
	code := 0
	for _, kind := range storeKinds() {
		testStore = kind
		if c := m.Run(); c != 0 {
			fmt.Fprintf(os.Stderr, "(with -store %s)\n", kind)
			code = c
		}
	}
	os.Exit(code)
}

func startTest(t *testing.T, args ...string) (*server, string, context.CancelFunc) {
	t.Helper()
	cfg, err := parseFlags(append([]string{"-data", t.TempDir(), "-https", "127.0.0.1:0", "-http", "127.0.0.1:0",
		"-hostname", "localhost", "-store", testStore, "-smtp", ""}, args...), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	cfg.logger = slog.New(slog.NewTextHandler(&logs, nil))
	ctx, cancel := context.WithCancel(context.Background())
	var out bytes.Buffer
	s, err := start(ctx, cfg, &out)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		if err := s.wait(); err != nil {
			t.Errorf("wait: %v", err)
		}
	})
	return s, out.String(), cancel
}

func TestServerDemoUserAndEndpoints(t *testing.T) {
	s, out, _ := startTest(t)
	m := regexp.MustCompile(`demo user (\S+) with password (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no demo user printed:\n%s", out)
	}
	user, pass := m[1], m[2]
	httpURL := "http://" + s.http.Addr().String()
	resp, err := http.Get(httpURL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "ok\n" {
		t.Fatalf("healthz: %d %q", resp.StatusCode, body)
	}

	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}, Timeout: 10 * time.Second}
	c := &autodiscover.Client{HTTP: hc, Authorize: func(r *http.Request) { r.SetBasicAuth(user, pass) }}
	ad, err := c.POX(context.Background(), "https://"+s.https.Addr().String()+"/Autodiscover/Autodiscover.xml", user, autodiscover.NSOutlookResponse, false)
	if err != nil {
		t.Fatal(err)
	}
	if ad.DisplayName != "Demo User" || ad.AutoDiscoverSMTPAddress != user || ad.LegacyDN == "" {
		t.Fatalf("autodiscover: %+v", ad)
	}
	if exch := ad.Protocol("EXCH"); exch == nil || !strings.HasSuffix(exch.Server, "@localhost") {
		t.Fatalf("EXCH server should be mailboxGUID@domain: %+v", ad.Protocols)
	}
	bad := &autodiscover.Client{HTTP: hc, Authorize: func(r *http.Request) { r.SetBasicAuth(user, "wrong") }}
	if _, err := bad.POX(context.Background(), "https://"+s.https.Addr().String()+"/autodiscover/autodiscover.xml", user, autodiscover.NSOutlookResponse, false); err == nil {
		t.Fatal("wrong password accepted")
	}
}

func TestServerUsersFile(t *testing.T) {
	dir := t.TempDir()
	users := filepath.Join(dir, "users")
	os.WriteFile(users, []byte("# test users\nuser1@example.com secret User One\n\nuser2@example.com pw2 User Two\n"), 0o600)
	s, out, _ := startTest(t, "-users", users)
	if strings.Contains(out, "demo user") {
		t.Fatalf("demo user created although a users file was given:\n%s", out)
	}
	c := &autodiscover.Client{Authorize: func(r *http.Request) { r.SetBasicAuth("user2@example.com", "pw2") }, AllowInsecureRedirects: true}
	us, err := c.GetUserSettings(context.Background(), "http://"+s.http.Addr().String()+"/autodiscover/autodiscover.svc",
		"user1@example.com", "UserDisplayName", "UserDN")
	if err != nil {
		t.Fatal(err)
	}
	if us.Settings["UserDisplayName"] != "User One" || us.Settings["UserDN"] == "" {
		t.Fatalf("settings: %+v", us)
	}
}

func TestParseUsers(t *testing.T) {
	got, err := parseUsers(strings.NewReader("a@x.example p1 Alice A.\n#c\nB@X.example p2\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []userLine{{"a@x.example", "p1", "Alice A."}, {"b@x.example", "p2", "b"}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("got %+v", got)
	}
	if _, err := parseUsers(strings.NewReader("nonsense\n")); err == nil {
		t.Fatal("bad line accepted")
	}
}

func TestCertReused(t *testing.T) {
	dir := t.TempDir()
	c1, created, err := loadOrCreateCert(dir, "localhost")
	if err != nil || !created {
		t.Fatal(err, created)
	}
	c2, created, err := loadOrCreateCert(dir, "localhost")
	if err != nil || created {
		t.Fatal(err, created)
	}
	if !bytes.Equal(c1.Certificate[0], c2.Certificate[0]) {
		t.Fatal("certificate not reused")
	}
}

func TestSMTPDelivery(t *testing.T) {
	dir := t.TempDir()
	users := filepath.Join(dir, "users")
	os.WriteFile(users, []byte("user1@example.com secret User One\nuser2@example.com pw2 User Two\n"), 0o600)
	s, _, _ := startTest(t, "-users", users, "-smtp", "127.0.0.1:0")
	if len(s.smtpLns) != 1 {
		t.Fatalf("%d delivery listeners", len(s.smtpLns))
	}
	addr := s.smtpLns[0].Addr().String()
	c, err := netsmtp.Dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Hello("client.example.org"); err != nil {
		t.Fatal(err)
	}
	if err := c.Mail("sender@example.org"); err != nil {
		t.Fatal(err)
	}
	if err := c.Rcpt("nobody@example.com"); err == nil || !strings.HasPrefix(err.Error(), "550") {
		t.Fatalf("unknown recipient: %v", err)
	}
	for _, r := range []string{"user1@example.com", "USER2@example.com"} {
		if err := c.Rcpt(r); err != nil {
			t.Fatal(err)
		}
	}
	wc, err := c.Data()
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(wc, "From: Sender <sender@example.org>\r\nTo: user1@example.com, user2@example.com\r\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\nMessage-ID: <m1@example.org>\r\nDate: Mon, 16 Nov 2026 10:00:00 +0000\r\nX-Tracking: 42\r\n\r\nHello there.\r\n")
	if err := wc.Close(); err != nil {
		t.Fatalf("DATA: %v", err)
	}
	c.Quit()

	// The 250 came after the commit: the message is in both Inboxes now.
	ctx := context.Background()
	for _, owner := range []string{"user1@example.com", "user2@example.com"} {
		mb, err := s.store.OpenMailbox(ctx, owner)
		if err != nil {
			t.Fatal(err)
		}
		inbox, err := mb.SpecialFolder(ctx, store.FolderInbox)
		if err != nil {
			t.Fatal(err)
		}
		tables := mb.(store.Tables)
		res, err := tables.QueryMessages(ctx, inbox, &store.Query{Columns: []mapi.PropTag{mapi.PidTagSubject, mapi.PidTagInternetMessageId, mapi.PidTagMessageDeliveryTime}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Rows) != 1 {
			t.Fatalf("%s: %d messages in Inbox", owner, len(res.Rows))
		}
		got := map[mapi.PropTag]any{}
		for _, p := range res.Rows[0].Props {
			got[p.Tag] = p.Value
		}
		if got[mapi.PidTagSubject] != "Grüße" || got[mapi.PidTagInternetMessageId] != "<m1@example.org>" {
			t.Fatalf("%s: %v", owner, got)
		}
		if _, ok := got[mapi.PidTagMessageDeliveryTime].(time.Time); !ok {
			t.Fatalf("%s: no delivery time: %v", owner, got)
		}
		// The X- header became a named property mapped in this mailbox.
		ids, err := mb.(store.NamedProperties).PropIDs(ctx, []mapi.PropertyName{{Kind: mapi.NameKindString, GUID: mapi.PSInternetHeaders, Name: "x-tracking"}}, false)
		if err != nil || ids[0] == 0 {
			t.Fatalf("%s: x-tracking not mapped: %v %v", owner, ids, err)
		}
		msg, err := mb.Message(ctx, res.Rows[0].Message, nil)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, p := range msg.Props {
			if p.Tag == mapi.NewPropTag(ids[0], mapi.PtypString) && p.Value == "42" {
				found = true
			}
		}
		if !found {
			t.Fatalf("%s: x-tracking value missing", owner)
		}
	}
}

func TestSMTPRejectsUnparsable(t *testing.T) {
	d := &deliverer{hostname: "h", log: slog.New(slog.NewTextHandler(io.Discard, nil)), now: time.Now}
	sess := &smtpSession{d: d}
	deep := ""
	for i := 0; i < 40; i++ {
		deep += fmt.Sprintf("Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n", i, i)
	}
	// Size is bounded by go-smtp (MaxMessageBytes) before Data; what
	// oxcmail refuses (here: nesting past its limit) is a permanent 554.
	err := sess.Data(strings.NewReader(deep))
	var se *gosmtp.SMTPError
	if !errors.As(err, &se) || se.Code != 554 {
		t.Fatalf("got %v, want a 554", err)
	}
}

// TestEWSMounted: EWS answers at its path, case-insensitively, behind the
// server's authentication, and Autodiscover announces it.
func TestEWSMounted(t *testing.T) {
	dir := t.TempDir()
	users := filepath.Join(dir, "users")
	os.WriteFile(users, []byte("user1@example.com secret User One\n"), 0o600)
	s, _, _ := startTest(t, "-users", users)
	body := `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><soap:Header><t:RequestServerVersion Version="Exchange2013"/></soap:Header><soap:Body><m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder></soap:Body></soap:Envelope>`
	post := func(path, user, pass string) *http.Response {
		req, _ := http.NewRequest("POST", "http://"+s.http.Addr().String()+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "text/xml; charset=utf-8")
		if user != "" {
			req.SetBasicAuth(user, pass)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	if r := post("/EWS/Exchange.asmx", "", ""); r.StatusCode != 401 {
		t.Fatalf("unauthenticated: %d", r.StatusCode)
	}
	r := post("/ews/exchange.asmx", "user1@example.com", "secret")
	data, _ := io.ReadAll(r.Body)
	r.Body.Close()
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		t.Fatalf("GetFolder inbox: %d %v\n%s", r.StatusCode, err, data)
	}
	msg := doc.FindElement("//GetFolderResponseMessage")
	if r.StatusCode != 200 || msg == nil || msg.SelectAttrValue("ResponseClass", "") != "Success" || doc.FindElement("//Folder/DisplayName") == nil {
		t.Fatalf("GetFolder inbox: %d\n%s", r.StatusCode, data)
	}
	c := &autodiscover.Client{Authorize: func(r *http.Request) { r.SetBasicAuth("user1@example.com", "secret") }}
	us, err := c.GetUserSettings(context.Background(), "http://"+s.http.Addr().String()+"/autodiscover/autodiscover.svc", "user1@example.com", "ExternalEwsUrl")
	if err != nil || !strings.HasSuffix(us.Settings["ExternalEwsUrl"], "/EWS/Exchange.asmx") {
		t.Fatalf("autodiscover EWS URL: %+v %v", us, err)
	}
}

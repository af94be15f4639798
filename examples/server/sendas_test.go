package main

import (
	"bytes"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseSendAs(t *testing.T) {
	g, err := parseSendAs(strings.NewReader("# grants\nUser1@Example.com shared@example.com\n\nuser2@example.com shared@example.com\nuser1@example.com team@example.com\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		principal, sender string
		want              bool
	}{
		{"shared@example.com", "user1@example.com", true},
		{"SHARED@example.com", "User2@example.com", true},
		{"team@example.com", "user1@example.com", true},
		{"team@example.com", "user2@example.com", false},
		{"user1@example.com", "shared@example.com", false},
		{"other@example.com", "user1@example.com", false},
	} {
		if got, _ := g.allow(t.Context(), c.principal, c.sender); got != c.want {
			t.Errorf("allow(%s, %s) = %v", c.principal, c.sender, got)
		}
	}
	for _, bad := range []string{"user1@example.com\n", "user1@example.com shared@example.com extra\n", "user1 shared@example.com\n"} {
		if _, err := parseSendAs(strings.NewReader(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestSendAsFlags: -sendas lets user1 send as shared@example.com (the
// smarthost gets MAIL FROM and From: shared, no Sender:), user2 is
// refused; -principal-sent-copy puts a copy in shared's Sent Items.
func TestSendAsFlags(t *testing.T) {
	dir := t.TempDir()
	users, grants := filepath.Join(dir, "users"), filepath.Join(dir, "sendas")
	os.WriteFile(users, []byte("user1@example.com secret User One\nuser2@example.com secret User Two\nshared@example.com secret3 Support\n"), 0o600)
	os.WriteFile(grants, []byte("user1@example.com shared@example.com\n"), 0o600)
	cap := &captureSMTP{}
	startCapture(t, cap, nil)
	s, _, _ := startTest(t, "-users", users, "-sendas", grants, "-principal-sent-copy", "-smarthost", cap.addr, "-queue=false")
	send := func(user, pass string) (string, string) {
		body := `<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:Items><t:Message><t:Subject>from support</t:Subject>` +
			`<t:From><t:Mailbox><t:EmailAddress>shared@example.com</t:EmailAddress></t:Mailbox></t:From>` +
			`<t:ToRecipients><t:Mailbox><t:EmailAddress>bob@remote.example</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message></m:Items></m:CreateItem>`
		return responseClass(ewsCall(t, s, user, pass, body), "CreateItem")
	}
	if _, code := send("user2@example.com", "secret"); code != "ErrorSendAsDenied" {
		t.Fatalf("user2: %s", code)
	}
	if cls, code := send("user1@example.com", "secret"); cls != "Success" {
		t.Fatalf("user1: %s %s", cls, code)
	}
	got := waitCaptured(t, s, cap, 1)
	if got[0].From != "shared@example.com" {
		t.Errorf("MAIL FROM %q", got[0].From)
	}
	m, err := mail.ReadMessage(bytes.NewReader(got[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	if a, err := mail.ParseAddress(m.Header.Get("From")); err != nil || a.Address != "shared@example.com" || m.Header.Get("Sender") != "" {
		t.Errorf("From %q Sender %q", m.Header.Get("From"), m.Header.Get("Sender"))
	}
	find := `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ParentFolderIds><t:DistinguishedFolderId Id="sentitems"/></m:ParentFolderIds></m:FindItem>`
	for _, u := range []struct{ user, pass string }{{"shared@example.com", "secret3"}, {"user1@example.com", "secret"}} {
		doc := ewsCall(t, s, u.user, u.pass, find)
		if n := len(doc.FindElements("//Items/Message")); n != 1 {
			t.Errorf("%s's Sent Items: %d messages", u.user, n)
		}
	}
}

package main

import (
	"context"
	"io"
	netsmtp "net/smtp"
	"os"
	"path/filepath"
	"testing"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
	"github.com/oxkit/oxkit/store/rules"
)

// SMTP delivery runs the Inbox rules ([MS-OXORULE] 3.2.5.1) before the
// 250: a matching message is in the rule's folder when DATA returns.
func TestSMTPDeliveryRunsRules(t *testing.T) {
	dir := t.TempDir()
	users := filepath.Join(dir, "users")
	os.WriteFile(users, []byte("user1@example.com secret User One\n"), 0o600)
	s, _, _ := startTest(t, "-users", users, "-smtp", "127.0.0.1:0")
	ctx := context.Background()
	mb, err := s.store.OpenMailbox(ctx, "user1@example.com")
	if err != nil {
		t.Fatal(err)
	}
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	f, err := mb.CreateFolder(ctx, inbox, []mapi.PropValue{{Tag: mapi.PidTagDisplayName, Value: "Newsletters"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rs, ok := mb.(store.RuleStore)
	if !ok {
		t.Skip("store keeps no rules")
	}
	cond := mapi.ContentRestriction{FuzzyLevelLow: mapi.FuzzySubstring, FuzzyLevelHigh: mapi.FuzzyIgnoreCase, PropTag: mapi.PidTagSubject, Value: mapi.PropValue{Tag: mapi.PidTagSubject, Value: "newsletter"}}
	if _, err := rs.ModifyRules(ctx, inbox, false, []store.RuleChange{{Op: store.RuleAdd, Props: []mapi.PropValue{
		{Tag: mapi.PidTagRuleSequence, Value: int32(1)},
		{Tag: mapi.PidTagRuleState, Value: int32(store.RuleEnabled)},
		{Tag: mapi.PidTagRuleProvider, Value: "RuleOrganizer"},
		{Tag: mapi.PidTagRuleCondition, Value: cond},
		{Tag: mapi.PidTagRuleActions, Value: mapi.RuleActions{Actions: []mapi.ActionBlock{{Type: mapi.OpMove, Data: rules.MoveCopy(f.ID)}}}},
	}}}); err != nil {
		t.Fatal(err)
	}
	send := func(subject string) {
		c, err := netsmtp.Dial(s.smtpLns[0].Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.Hello("client.example.org")
		if err := c.Mail("sender@example.org"); err != nil {
			t.Fatal(err)
		}
		if err := c.Rcpt("user1@example.com"); err != nil {
			t.Fatal(err)
		}
		wc, err := c.Data()
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(wc, "From: <sender@example.org>\r\nTo: user1@example.com\r\nSubject: "+subject+"\r\n\r\nbody\r\n")
		if err := wc.Close(); err != nil {
			t.Fatalf("DATA: %v", err)
		}
		c.Quit()
	}
	send("Weekly Newsletter")
	send("Hello")
	subjects := func(fid store.FID) []string {
		res, err := mb.(store.Tables).QueryMessages(ctx, fid, &store.Query{Columns: []mapi.PropTag{mapi.PidTagSubject}})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range res.Rows {
			out = append(out, r.Props[0].Value.(string))
		}
		return out
	}
	if got := subjects(f.ID); len(got) != 1 || got[0] != "Weekly Newsletter" {
		t.Errorf("rule folder: %v", got)
	}
	if got := subjects(inbox); len(got) != 1 || got[0] != "Hello" {
		t.Errorf("inbox: %v", got)
	}
}

package ews

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/oxcmail"
	"github.com/oxkit/oxkit/store"
)

// fromCapture records envelope senders too.
type fromCapture struct {
	from  []string
	rcpts [][]string
	raw   [][]byte
}

func (s *fromCapture) Send(_ context.Context, from string, rcpts []string, raw []byte) error {
	s.from = append(s.from, from)
	s.rcpts = append(s.rcpts, rcpts)
	s.raw = append(s.raw, raw)
	return nil
}

func (e *env) setOof(user, state, audience, internal, external string) {
	e.t.Helper()
	doc := e.callAs(user, `<m:SetUserOofSettingsRequest><t:Mailbox><t:Address>`+user+`</t:Address></t:Mailbox><t:UserOofSettings><t:OofState>`+state+`</t:OofState><t:ExternalAudience>`+audience+`</t:ExternalAudience>`+
		`<t:Duration><t:StartTime>2000-01-01T00:00:00Z</t:StartTime><t:EndTime>2001-01-01T00:00:00Z</t:EndTime></t:Duration>`+
		`<t:InternalReply><t:Message>`+internal+`</t:Message></t:InternalReply><t:ExternalReply><t:Message>`+external+`</t:Message></t:ExternalReply></t:UserOofSettings></m:SetUserOofSettingsRequest>`)
	if _, m := messages(doc); m[0].Code != "NoError" {
		e.t.Fatalf("SetUserOofSettings: %+v", m)
	}
}

// deliver puts raw into owner's Inbox as SMTP delivery does (rules and
// automatic replies run).
func (e *env) deliver(owner, raw string) {
	e.t.Helper()
	c := &call{h: e.h, ctx: context.Background(), user: owner}
	if err := c.deliverLocal(owner, []byte(strings.ReplaceAll(raw, "\n", "\r\n"))); err != nil {
		e.t.Fatal(err)
	}
}

type inboxMsg struct {
	Subject, Body, AutoSubmitted, InReplyTo string
}

func (e *env) inbox(owner string) []inboxMsg {
	e.t.Helper()
	ctx := context.Background()
	mb, err := e.st.OpenMailbox(ctx, owner)
	if err != nil {
		e.t.Fatal(err)
	}
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	res, err := mb.(store.Tables).QueryMessages(ctx, inbox, &store.Query{Columns: []mapi.PropTag{mapi.PidTagSubject}})
	if err != nil {
		e.t.Fatal(err)
	}
	var out []inboxMsg
	for _, r := range res.Rows {
		m, err := mb.Message(ctx, r.Message, nil)
		if err != nil {
			e.t.Fatal(err)
		}
		var im inboxMsg
		im.Subject, _ = getString(m.Props, mapi.PidTagSubject)
		im.Body, _ = getString(m.Props, mapi.PidTagBody)
		im.Body = strings.TrimSpace(im.Body)
		im.InReplyTo, _ = getString(m.Props, mapi.PidTagInReplyToId)
		th, _ := getString(m.Props, mapi.PidTagTransportMessageHeaders)
		for n, v := range headerFields(th) {
			if n == "auto-submitted" {
				im.AutoSubmitted = v
			}
		}
		out = append(out, im)
	}
	return out
}

func rawMail(from, to, subject, extra string) string {
	return "From: <" + from + ">\nTo: <" + to + ">\nSubject: " + subject + "\nMessage-ID: <" + strings.ReplaceAll(subject, " ", ".") + "@test>\n" + extra + "\nhello\n"
}

// [MS-OXWSOOF] 1.3: with OOF on, a sender in the organization gets the
// InternalReply once per OOF period, by local delivery, marked
// auto-replied (RFC 3834 5); saving the settings again starts a new
// period.
func TestAutoReplyInternalOncePerPeriod(t *testing.T) {
	e := newEnv(t)
	e.setOof(user1, "Enabled", "None", "I am away (internal)", "external text")
	e.deliver(user1, rawMail(user2, user1, "First", ""))
	e.deliver(user1, rawMail(user2, user1, "Second", ""))
	want := []inboxMsg{{Subject: "Automatic reply: First", Body: "I am away (internal)", AutoSubmitted: "auto-replied", InReplyTo: "<First@test>"}}
	if d := cmp.Diff(want, e.inbox(user2)); d != "" {
		t.Fatalf("user2 inbox (-want +got):\n%s", d)
	}
	e.setOof(user1, "Enabled", "None", "Still away", "")
	e.deliver(user1, rawMail(user2, user1, "Third", ""))
	got := e.inbox(user2)
	if len(got) != 2 || got[1].Subject != "Automatic reply: Third" || got[1].Body != "Still away" {
		t.Fatalf("new period: %+v", got)
	}
}

// Two mailboxes out of office do not answer each other's replies.
func TestAutoReplyNoLoop(t *testing.T) {
	e := newEnv(t)
	e.setOof(user1, "Enabled", "All", "away 1", "away 1")
	e.setOof(user2, "Enabled", "All", "away 2", "away 2")
	e.deliver(user1, rawMail(user2, user1, "Ping", ""))
	if got := e.inbox(user2); len(got) != 1 || got[0].Subject != "Automatic reply: Ping" {
		t.Fatalf("user2: %+v", got)
	}
	if got := e.inbox(user1); len(got) != 1 || got[0].Subject != "Ping" {
		t.Fatalf("user1 got more than the original: %+v", got)
	}
}

// EWS local delivery (CreateItem SendOnly) triggers the reply too.
func TestAutoReplyOnEWSSend(t *testing.T) {
	e := newEnv(t)
	e.setOof(user1, "Enabled", "None", "away", "")
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>Lunch?</t:Subject><t:Body BodyType="Text">x</t:Body><t:ToRecipients><t:Mailbox><t:EmailAddress>`+user1+`</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message></m:Items></m:CreateItem>`))
	if got := e.inbox(user2); len(got) != 1 || got[0].Subject != "Automatic reply: Lunch?" {
		t.Fatalf("user2: %+v", got)
	}
}

// ExternalAudience ([MS-OXWSOOF] 2.2.4.2): None sends nothing outside,
// All answers everyone, Known only senders in the Contacts folder. The
// external reply leaves through Sender with a null reverse-path.
func TestAutoReplyExternalAudience(t *testing.T) {
	const ext = "alice@remote.example"
	for _, tc := range []struct {
		audience string
		contact  bool
		want     int
	}{
		{"None", true, 0},
		{"All", false, 1},
		{"Known", false, 0},
		{"Known", true, 1},
	} {
		t.Run(fmt.Sprintf("%s/contact=%v", tc.audience, tc.contact), func(t *testing.T) {
			e := newEnv(t)
			snd := &fromCapture{}
			e.h.Sender = snd
			if tc.contact {
				mustSuccess(t, e.call(`<m:CreateItem><m:SavedItemFolderId><t:DistinguishedFolderId Id="contacts"/></m:SavedItemFolderId><m:Items><t:Contact><t:GivenName>Alice</t:GivenName><t:EmailAddresses><t:Entry Key="EmailAddress2">ALICE@remote.example</t:Entry></t:EmailAddresses></t:Contact></m:Items></m:CreateItem>`))
			}
			e.setOof(user1, "Enabled", tc.audience, "internal", "&lt;html&gt;&lt;body&gt;I am out&lt;/body&gt;&lt;/html&gt;")
			e.deliver(user1, rawMail(ext, user1, "Offer", ""))
			if len(snd.raw) != tc.want {
				t.Fatalf("sent %d replies, want %d", len(snd.raw), tc.want)
			}
			if tc.want == 0 {
				return
			}
			if snd.from[0] != "" || !cmp.Equal(snd.rcpts[0], []string{ext}) {
				t.Fatalf("envelope from %q to %v", snd.from[0], snd.rcpts[0])
			}
			m, err := oxcmail.Import(snd.raw[0], nil)
			if err != nil {
				t.Fatal(err)
			}
			subj, _ := m.Prop(mapi.PidTagSubject).(string)
			th, _ := m.Prop(mapi.PidTagTransportMessageHeaders).(string)
			html, _ := m.Prop(mapi.PidTagHtml).([]byte)
			auto := ""
			for n, v := range headerFields(th) {
				if n == "auto-submitted" {
					auto = v
				}
			}
			if subj != "Automatic reply: Offer" || auto != "auto-replied" || !strings.Contains(string(html), "I am out") {
				t.Fatalf("reply: subject %q auto-submitted %q html %q", subj, auto, html)
			}
			if len(e.inbox(user2)) != 0 {
				t.Fatal("reply delivered locally")
			}
		})
	}
}

// RFC 3834 2 and 5, [MS-OXCMAIL] 2.2.3.2.14: what never gets an
// automatic reply.
func TestAutoReplySuppressed(t *testing.T) {
	for _, tc := range []struct {
		name, from, extra string
		want              int
	}{
		{"plain", "bob@remote.example", "", 1},
		{"Auto-Submitted no", "bob@remote.example", "Auto-Submitted: no\n", 1},
		{"Auto-Submitted auto-generated", "bob@remote.example", "Auto-Submitted: auto-generated\n", 0},
		{"Auto-Submitted auto-replied", "bob@remote.example", "Auto-Submitted: auto-replied\n", 0},
		{"Precedence bulk", "bob@remote.example", "Precedence: bulk\n", 0},
		{"Precedence list", "bob@remote.example", "Precedence: list\n", 0},
		{"Precedence junk", "bob@remote.example", "Precedence: junk\n", 0},
		{"List-Id", "bob@remote.example", "List-Id: <dev.lists.example>\n", 0},
		{"X-Auto-Response-Suppress OOF", "bob@remote.example", "X-Auto-Response-Suppress: DR, OOF\n", 0},
		{"X-Auto-Response-Suppress All", "bob@remote.example", "X-Auto-Response-Suppress: All\n", 0},
		{"X-Auto-Response-Suppress RN", "bob@remote.example", "X-Auto-Response-Suppress: RN\n", 1},
		{"null sender", "bob@remote.example", "Return-Path: <>\n", 0},
		{"mailer-daemon", "MAILER-DAEMON@remote.example", "", 0},
		{"list request", "dev-request@lists.example", "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			snd := &fromCapture{}
			e.h.Sender = snd
			e.setOof(user1, "Enabled", "All", "in", "out")
			e.deliver(user1, rawMail(tc.from, user1, "Note", tc.extra))
			if len(snd.raw) != tc.want {
				t.Fatalf("sent %d replies, want %d", len(snd.raw), tc.want)
			}
		})
	}
}

// Disabled, and Scheduled outside its Duration, send nothing; without
// a Sender an external reply is dropped, not a failure of the delivery.
func TestAutoReplyInactive(t *testing.T) {
	e := newEnv(t)
	snd := &fromCapture{}
	e.h.Sender = snd
	e.setOof(user1, "Disabled", "All", "in", "out")
	e.deliver(user1, rawMail("bob@remote.example", user1, "A", ""))
	e.setOof(user1, "Scheduled", "All", "in", "out") // 2000-2001: over
	e.deliver(user1, rawMail("bob@remote.example", user1, "B", ""))
	if len(snd.raw) != 0 {
		t.Fatalf("sent %d replies", len(snd.raw))
	}
	e.h.Sender = nil
	e.setOof(user1, "Enabled", "All", "in", "out")
	e.deliver(user1, rawMail("bob@remote.example", user1, "C", ""))
	if got := e.inbox(user1); len(got) != 3 {
		t.Fatalf("deliveries: %+v", got)
	}
}

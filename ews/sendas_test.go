package ews

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/store"
)

// envelopeSender records what Handler.Sender is handed, envelope
// sender included.
type envelopeSender struct {
	from  []string
	rcpts [][]string
	raw   [][]byte
}

func (s *envelopeSender) Send(_ context.Context, from string, rcpts []string, raw []byte) error {
	s.from = append(s.from, from)
	s.rcpts = append(s.rcpts, rcpts)
	s.raw = append(s.raw, raw)
	return nil
}

const team = "team@example.com"

// addTeam adds the distribution list team@example.com (user1, user3).
func addTeam(t *testing.T, e *env) {
	t.Helper()
	ctx := context.Background()
	if err := e.st.PutEntry(ctx, store.DirectoryEntry{Kind: store.EntryDistList, SMTPAddress: team, DisplayName: "Team"}, ""); err != nil {
		t.Fatal(err)
	}
	if err := e.st.SetMembers(ctx, team, []string{user1, user3}); err != nil {
		t.Fatal(err)
	}
}

// grantSendAs makes Handler.SendAs grant sender Send As for the
// principals of grants (principal → sender).
func grantSendAs(e *env, grants map[string]string) {
	e.h.SendAs = func(_ context.Context, principal, sender string) (bool, error) {
		return strings.EqualFold(grants[strings.ToLower(principal)], sender), nil
	}
}

func fromAddr(addr string) string {
	return `<t:From><t:Mailbox><t:EmailAddress>` + addr + `</t:EmailAddress></t:Mailbox></t:From>`
}

func sendAsOp(disp, saved, extra, subject string) string {
	s := ""
	if saved != "" {
		s = `<m:SavedItemFolderId>` + saved + `</m:SavedItemFolderId>`
	}
	return `<m:CreateItem MessageDisposition="` + disp + `">` + s + `<m:Items><t:Message><t:Subject>` + subject + `</t:Subject>` + extra + toUser3 + `</t:Message></m:Items></m:CreateItem>`
}

// sentAsView is what a recipient sees of a message sent as principal:
// From and Sender the principal, in EWS; From the principal and no
// Sender: in MIME.
func sentAsView(principal string) addressView {
	return addressView{From: principal, Sender: principal, MIMEFrom: principal}
}

// TestSendAs: a t:From naming a recipient the caller holds Send As for
// (Handler.SendAs) sends the message as that recipient: PidTagSender* =
// PidTagSentRepresenting* = the principal ([MS-OXOMSG] 2.2.1.46-57),
// MIME From: the principal without Sender:, the envelope sender the
// principal; the caller's Sent Items keeps the copy. Without Send As (and
// not a delegate) it stays ErrorSendAsDenied with nothing sent; with
// both Send As and Send on Behalf, Send As wins.
func TestSendAs(t *testing.T) {
	e := newEnv(t)
	addUser3(t, e)
	snd := &envelopeSender{}
	e.h.Sender = snd
	if got := codes(e.callAs(user2, sendAsOp("SendAndSaveCopy", "", fromUser1, "as the boss"))); !cmp.Equal(got, []string{"ErrorSendAsDenied"}) {
		t.Fatalf("no Send As: %v", got)
	}
	if got := inboxOf(t, e, user3); len(got) != 0 {
		t.Fatalf("delivered although refused: %+v", got)
	}
	grantSendAs(e, map[string]string{user1: user2})
	mustSuccess(t, e.callAs(user2, sendAsOp("SendAndSaveCopy", "", fromUser1, "as the boss")))
	if d := cmp.Diff([]addressView{sentAsView(user1)}, inboxOf(t, e, user3)); d != "" {
		t.Fatalf("the recipient sees (-want +got):\n%s", d)
	}
	sent := findItemsAs(t, e, user2, "sentitems", `<t:FieldURI FieldURI="message:Sender"/>`)
	if len(sent) != 1 || text(sent[0].SelectElement("From"), "EmailAddress") != user1 || text(sent[0].SelectElement("Sender"), "EmailAddress") != user1 {
		t.Fatalf("the sender's Sent Items: %v", tags(sent))
	}
	if n := len(findItemsAs(t, e, user1, "sentitems", "")); n != 0 {
		t.Fatalf("the principal's Sent Items got %d items without SentCopyForPrincipal", n)
	}
	// Others still may not; user1 holds nothing for user2.
	if got := codes(e.callAs(user3, sendAsOp("SendOnly", "", fromUser1, "x"))); !cmp.Equal(got, []string{"ErrorSendAsDenied"}) {
		t.Fatalf("user3 holds no Send As: %v", got)
	}
	if got := codes(e.callAs(user1, sendAsOp("SendOnly", "", fromAddr(user2), "x"))); !cmp.Equal(got, []string{"ErrorSendAsDenied"}) {
		t.Fatalf("user1 holds no Send As for user2: %v", got)
	}
	// Remote recipients: MIME without Sender:, envelope sender the
	// principal.
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>out</t:Subject>`+fromUser1+
		`<t:ToRecipients><t:Mailbox><t:EmailAddress>someone@remote.example</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message></m:Items></m:CreateItem>`))
	if len(snd.raw) != 1 || snd.from[0] != user1 || !cmp.Equal(snd.rcpts[0], []string{"someone@remote.example"}) {
		t.Fatalf("transport got from %v rcpts %v", snd.from, snd.rcpts)
	}
	if f, s := mimeAddresses(t, snd.raw[0]); f != user1 || s != "" {
		t.Fatalf("remote MIME From %q Sender %q", f, s)
	}
	// On behalf (a delegate) stays on behalf, with the caller as
	// envelope sender.
	e.h.SendOnBehalf = func(_ context.Context, principal, sender string) (bool, error) {
		return principal == user1 && sender == user3, nil
	}
	mustSuccess(t, e.callAs(user3, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>behalf</t:Subject>`+fromUser1+
		`<t:ToRecipients><t:Mailbox><t:EmailAddress>someone@remote.example</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message></m:Items></m:CreateItem>`))
	if len(snd.raw) != 2 || snd.from[1] != user3 {
		t.Fatalf("on behalf: envelope from %v", snd.from)
	}
	if f, s := mimeAddresses(t, snd.raw[1]); f != user1 || s != user3 {
		t.Fatalf("on behalf: MIME From %q Sender %q", f, s)
	}
	// Both rights: Send As is used.
	e.h.SendOnBehalf = func(_ context.Context, principal, sender string) (bool, error) { return true, nil }
	mustSuccess(t, e.callAs(user2, sendAsOp("SendOnly", "", fromUser1, "both")))
	got := inboxOf(t, e, user3)
	if d := cmp.Diff(sentAsView(user1), got[len(got)-1]); d != "" {
		t.Fatalf("with Send As and Send on Behalf (-want +got):\n%s", d)
	}
	// An error of SendAs fails the item; nothing is sent.
	e.h.SendAs = func(context.Context, string, string) (bool, error) { return false, errors.New("directory down") }
	if got := codes(e.callAs(user2, sendAsOp("SendOnly", "", fromUser1, "x"))); !cmp.Equal(got, []string{"ErrorInternalServerError"}) {
		t.Fatalf("SendAs failing: %v", got)
	}
	if n := len(inboxOf(t, e, user3)); n != len(got) {
		t.Fatalf("user3 has %d messages, want %d", n, len(got))
	}
}

// TestSendAsGroup: Send As held on a distribution list ("a message sent
// by the delegate appears to have been sent by the group"): From and
// Sender the list, members get it as from the list; Send on Behalf of a
// list is not granted by default.
func TestSendAsGroup(t *testing.T) {
	e := newEnv(t)
	addUser3(t, e)
	addTeam(t, e)
	if got := codes(e.callAs(user2, sendAsOp("SendOnly", "", fromAddr(team), "team news"))); !cmp.Equal(got, []string{"ErrorSendAsDenied"}) {
		t.Fatalf("no Send As on the list: %v", got)
	}
	grantSendAs(e, map[string]string{team: user2})
	e.h.SentCopyForPrincipal = func(_ context.Context, principal string) (bool, bool) {
		t.Errorf("SentCopyForPrincipal asked about %s", principal)
		return true, true
	}
	mustSuccess(t, e.callAs(user2, sendAsOp("SendAndSaveCopy", "", fromAddr(strings.ToUpper(team)), "team news")))
	want := addressView{From: team, Sender: team, MIMEFrom: team}
	if d := cmp.Diff([]addressView{want}, inboxOf(t, e, user3)); d != "" {
		t.Fatalf("the recipient sees (-want +got):\n%s", d)
	}
	sent := findItemsAs(t, e, user2, "sentitems", "")
	if len(sent) != 1 || text(sent[0].SelectElement("From"), "Name") != "Team" {
		t.Fatalf("the sender's Sent Items: %v", tags(sent))
	}
}

// TestSendAsOperations: Send As holds for every way of sending: SendItem
// of a draft, UpdateItem with MessageDisposition, ReplyToItem and
// ForwardItem with a t:From, and sending from the principal's mailbox
// without a t:From.
func TestSendAsOperations(t *testing.T) {
	e := newEnv(t)
	addUser3(t, e)
	grantSendAs(e, map[string]string{user1: user2})
	want := sentAsView(user1)
	check := func(step string, n int) {
		t.Helper()
		got := inboxOf(t, e, user3)
		if len(got) != n {
			t.Fatalf("%s: user3 has %d messages, want %d", step, len(got), n)
		}
		if d := cmp.Diff(want, got[n-1]); d != "" {
			t.Fatalf("%s (-want +got):\n%s", step, d)
		}
	}
	draft := func(subject string) string {
		t.Helper()
		doc := e.callAs(user2, `<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:Message><t:Subject>`+subject+`</t:Subject>`+fromUser1+toUser3+`</t:Message></m:Items></m:CreateItem>`)
		id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
		return id
	}
	mustSuccess(t, e.callAs(user2, `<m:SendItem SaveItemToFolder="true"><m:ItemIds>`+itemID(draft("senditem"))+`</m:ItemIds></m:SendItem>`))
	check("SendItem", 1)
	id := draft("updateitem")
	mustSuccess(t, e.callAs(user2, `<m:UpdateItem MessageDisposition="SendAndSaveCopy" ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange>`+itemID(id)+
		`<t:Updates><t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:Message><t:Subject>updated</t:Subject></t:Message></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	check("UpdateItem", 2)
	// A message in user2's Inbox answered as user1.
	mustSuccess(t, e.callAs(user1, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>question</t:Subject>`+
		`<t:ToRecipients><t:Mailbox><t:EmailAddress>`+user2+`</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message></m:Items></m:CreateItem>`))
	q, _ := idOf(findItemsAs(t, e, user2, "inbox", "")[0], "ItemId")
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:Items><t:ReplyToItem>`+fromUser1+toUser3+`<t:ReferenceItemId Id="`+q+`"/></t:ReplyToItem></m:Items></m:CreateItem>`))
	check("ReplyToItem", 3)
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:ForwardItem>`+fromUser1+toUser3+`<t:ReferenceItemId Id="`+q+`"/></t:ForwardItem></m:Items></m:CreateItem>`))
	check("ForwardItem", 4)
	// From the principal's mailbox (saving in her Sent Items, with the
	// Create right there), no t:From: as her.
	mustSuccess(t, setPerms(t, e, dist("sentitems"), false, mailPerm(user2, "Author")))
	mustSuccess(t, e.callAs(user2, sendAsOp("SendAndSaveCopy", mbDist("sentitems", user1), "", "from her mailbox")))
	check("from the principal's mailbox", 5)
	if got := tags(findItemsAs(t, e, user1, "sentitems", "")); !cmp.Equal(got, []string{"Message:from her mailbox"}) {
		t.Fatalf("the principal's Sent Items: %v", got)
	}
	if got := tags(findItemsAs(t, e, user2, "sentitems", "")); len(got) != 3 {
		t.Fatalf("the sender's Sent Items: %v", got)
	}
}

// TestSendAsMeeting: a delegate who also holds Send As and organizes a
// meeting in the principal's Calendar ([MS-OXODLGT] 3.1.4.3) sends the
// invitations as the principal (Send As wins); without Send As they stay
// on her behalf.
func TestSendAsMeeting(t *testing.T) {
	e := newEnv(t)
	addUser3(t, e)
	addDelegate2(t, e, `<t:CalendarFolderPermissionLevel>Editor</t:CalendarFolderPermissionLevel>`)
	create := func(subject string) {
		t.Helper()
		mustSuccess(t, e.callAs(user2, `<m:CreateItem SendMeetingInvitations="SendToAllAndSaveCopy"><m:SavedItemFolderId>`+mbDist("calendar", user1)+`</m:SavedItemFolderId><m:Items><t:CalendarItem><t:Subject>`+subject+`</t:Subject>`+
			`<t:Start>2030-06-03T09:00:00Z</t:Start><t:End>2030-06-03T10:00:00Z</t:End>`+
			`<t:RequiredAttendees><t:Attendee><t:Mailbox><t:EmailAddress>`+user3+`</t:EmailAddress></t:Mailbox></t:Attendee></t:RequiredAttendees></t:CalendarItem></m:Items></m:CreateItem>`))
	}
	request := func(subject string) addressView {
		t.Helper()
		for _, it := range findItemsAs(t, e, user3, "inbox", `<t:FieldURI FieldURI="message:Sender"/>`) {
			if it.Tag == "MeetingRequest" && text(it, "Subject") == subject {
				return viewAddresses(t, it)
			}
		}
		t.Fatalf("no request %q", subject)
		return addressView{}
	}
	create("on behalf")
	if d := cmp.Diff(addressView{From: user1, Sender: user2}, request("on behalf")); d != "" {
		t.Fatalf("the delegate's request (-want +got):\n%s", d)
	}
	grantSendAs(e, map[string]string{user1: user2})
	create("as her")
	if d := cmp.Diff(addressView{From: user1, Sender: user1}, request("as her")); d != "" {
		t.Fatalf("the request with Send As (-want +got):\n%s", d)
	}
	if got := tags(findItemsAs(t, e, user2, "sentitems", "")); !cmp.Equal(got, []string{"MeetingRequest:as her", "MeetingRequest:on behalf"}) && !cmp.Equal(got, []string{"MeetingRequest:on behalf", "MeetingRequest:as her"}) {
		t.Fatalf("the delegate's Sent Items: %v", got)
	}
}

// TestSentCopyForPrincipal over memstore.
func TestSentCopyForPrincipal(t *testing.T) { testSentCopyForPrincipal(t, newEnv(t)) }

// TestSentCopyForPrincipalBolt over boltstore.
func TestSentCopyForPrincipalBolt(t *testing.T) { testSentCopyForPrincipal(t, newBoltEnv(t)) }

// testSentCopyForPrincipal: with Handler.SentCopyForPrincipal (Exchange's
// MessageCopyForSentAsEnabled / MessageCopyForSendOnBehalfEnabled) a
// message sent as or on behalf of a mailbox is also saved, read, in that
// mailbox's Sent Items, whether or not the sender keeps a copy; once only
// when the sender's copy is saved there already; each kind only when
// asked for.
func testSentCopyForPrincipal(t *testing.T, e *env) {
	addUser3(t, e)
	grantSendAs(e, map[string]string{user1: user2})
	e.h.SendOnBehalf = func(_ context.Context, principal, sender string) (bool, error) {
		return principal == user1 && sender == user3, nil
	}
	sentAs, onBehalf := true, false
	e.h.SentCopyForPrincipal = func(_ context.Context, principal string) (bool, bool) {
		if principal != user1 {
			t.Errorf("SentCopyForPrincipal(%q)", principal)
		}
		return sentAs, onBehalf
	}
	principalSent := func() []*etree.Element {
		return findItemsAs(t, e, user1, "sentitems", `<t:FieldURI FieldURI="message:Sender"/><t:FieldURI FieldURI="message:IsRead"/>`)
	}
	mustSuccess(t, e.callAs(user2, sendAsOp("SendOnly", "", fromUser1, "one")+``))
	got := principalSent()
	if len(got) != 1 || text(got[0], "Subject") != "one" || text(got[0], "IsRead") != "true" ||
		text(got[0].SelectElement("From"), "EmailAddress") != user1 || text(got[0].SelectElement("Sender"), "EmailAddress") != user1 {
		t.Fatalf("the principal's Sent Items: %v", tags(got))
	}
	if n := len(findItemsAs(t, e, user2, "sentitems", "")); n != 0 {
		t.Fatalf("SendOnly left %d items in the sender's Sent Items", n)
	}
	// On behalf: not asked for, no copy; then asked for.
	mustSuccess(t, e.callAs(user3, sendAsOp("SendAndSaveCopy", "", fromUser1, "two")))
	if n := len(principalSent()); n != 1 {
		t.Fatalf("an on-behalf send without MessageCopyForSendOnBehalf: %d items", n)
	}
	onBehalf = true
	mustSuccess(t, e.callAs(user3, sendAsOp("SendAndSaveCopy", "", fromUser1, "three")))
	got = principalSent()
	if d := cmp.Diff([]string{"Message:one", "Message:three"}, sortedTags(got)); d != "" {
		t.Fatalf("the principal's Sent Items (-want +got):\n%s", d)
	}
	for _, it := range got {
		if text(it, "Subject") == "three" && text(it.SelectElement("Sender"), "EmailAddress") != user3 {
			t.Fatalf("the on-behalf copy's Sender: %q", text(it.SelectElement("Sender"), "EmailAddress"))
		}
	}
	if got := tags(findItemsAs(t, e, user3, "sentitems", "")); len(got) != 2 {
		t.Fatalf("the delegate's Sent Items: %v", got)
	}
	// Saved in the principal's Sent Items by the sender already: one copy.
	mustSuccess(t, setPerms(t, e, dist("sentitems"), false, mailPerm(user2, "Author")))
	mustSuccess(t, e.callAs(user2, sendAsOp("SendAndSaveCopy", mbDist("sentitems", user1), "", "four")))
	if d := cmp.Diff([]string{"Message:four", "Message:one", "Message:three"}, sortedTags(principalSent())); d != "" {
		t.Fatalf("after sending from the principal's mailbox (-want +got):\n%s", d)
	}
	// Sending as oneself asks nothing and copies nothing.
	mustSuccess(t, e.callAs(user1, sendAsOp("SendOnly", "", "", "own")))
	if n := len(principalSent()); n != 3 {
		t.Fatalf("user1's own send: %d items", n)
	}
}

func sortedTags(els []*etree.Element) []string {
	out := tags(els)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// failingMailbox is a store whose OpenMailbox fails for one owner.
type failingMailbox struct {
	testStore
	store.Directory
	owner string
}

func (s failingMailbox) OpenMailbox(ctx context.Context, owner string) (store.Mailbox, error) {
	if strings.EqualFold(owner, s.owner) {
		return nil, errors.New("mailbox server unavailable")
	}
	return s.testStore.OpenMailbox(ctx, owner)
}

// TestSentCopyForPrincipalFails: when the principal's copy cannot be
// saved the message has left already: the item succeeds (Exchange sends
// regardless), the recipient has it, the sender keeps her copy.
func TestSentCopyForPrincipalFails(t *testing.T) {
	e := newEnv(t)
	addUser3(t, e)
	grantSendAs(e, map[string]string{user1: user2})
	e.h.SentCopyForPrincipal = func(context.Context, string) (bool, bool) { return true, true }
	e.h.Store = failingMailbox{testStore: e.st, Directory: e.st.(store.Directory), owner: user1}
	mustSuccess(t, e.callAs(user2, sendAsOp("SendAndSaveCopy", "", fromUser1, "regardless")))
	e.h.Store = e.st
	if d := cmp.Diff([]addressView{sentAsView(user1)}, inboxOf(t, e, user3)); d != "" {
		t.Fatalf("the recipient (-want +got):\n%s", d)
	}
	if n := len(findItemsAs(t, e, user2, "sentitems", "")); n != 1 {
		t.Fatalf("the sender's Sent Items: %d", n)
	}
	if n := len(findItemsAs(t, e, user1, "sentitems", "")); n != 0 {
		t.Fatalf("the principal's Sent Items: %d", n)
	}
}

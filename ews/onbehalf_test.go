package ews

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/mail"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
)

// addressView is the From and Sender of an item as GetItem shows them
// and as its MIME header says.
type addressView struct {
	From, Sender         string
	MIMEFrom, MIMESender string
}

func viewAddresses(t *testing.T, it *etree.Element) addressView {
	t.Helper()
	v := addressView{From: text(it.SelectElement("From"), "EmailAddress"), Sender: text(it.SelectElement("Sender"), "EmailAddress")}
	if mc := it.SelectElement("MimeContent"); mc != nil {
		raw, err := base64.StdEncoding.DecodeString(mc.Text())
		if err != nil {
			t.Fatal(err)
		}
		v.MIMEFrom, v.MIMESender = mimeAddresses(t, raw)
	}
	return v
}

func mimeAddresses(t *testing.T, raw []byte) (from, sender string) {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if a, err := mail.ParseAddress(m.Header.Get("From")); err == nil {
		from = a.Address
	}
	if s := m.Header.Get("Sender"); s != "" {
		if a, err := mail.ParseAddress(s); err == nil {
			sender = a.Address
		}
	}
	return from, sender
}

const fromUser1 = `<t:From><t:Mailbox><t:EmailAddress>` + user1 + `</t:EmailAddress></t:Mailbox></t:From>`

const toUser3 = `<t:ToRecipients><t:Mailbox><t:EmailAddress>` + user3 + `</t:EmailAddress></t:Mailbox></t:ToRecipients>`

// inboxOf returns the items of user's Inbox with From, Sender and
// MimeContent.
func inboxOf(t *testing.T, e *env, user string) []addressView {
	t.Helper()
	var out []addressView
	for _, it := range findItemsAs(t, e, user, "inbox", `<t:FieldURI FieldURI="message:Sender"/>`) {
		id, _ := idOf(it, "ItemId")
		doc := e.callAs(user, `<m:GetItem><m:ItemShape><t:BaseShape>Default</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent><t:AdditionalProperties><t:FieldURI FieldURI="message:Sender"/></t:AdditionalProperties></m:ItemShape><m:ItemIds>`+itemID(id)+`</m:ItemIds></m:GetItem>`)
		out = append(out, viewAddresses(t, mustSuccess(t, doc)[0].FindElement("Items/*")))
	}
	return out
}

// TestSendOnBehalf: a message whose t:From names another user
// ([MS-OXWSCORE] 2.2.4.x MessageType From, [MS-OXOMSG] 2.2.1.54
// PidTagSentRepresenting*) is sent only by that user's delegates
// ([MS-OXODLGT] 3.1.4.3), else ErrorSendAsDenied; the recipient sees
// Sender = the delegate and From = the principal, in EWS and in MIME;
// the copy is in the delegate's Sent Items.
func TestSendOnBehalf(t *testing.T) { testSendOnBehalf(t, newEnv(t)) }

// TestSendOnBehalfBolt runs TestSendOnBehalf over boltstore.
func TestSendOnBehalfBolt(t *testing.T) { testSendOnBehalf(t, newBoltEnv(t)) }

func testSendOnBehalf(t *testing.T, e *env) {
	addUser3(t, e)
	snd := &captureSender{}
	e.h.Sender = snd
	send := func(disp, saved, extra string) *etree.Document {
		s := ""
		if saved != "" {
			s = `<m:SavedItemFolderId>` + saved + `</m:SavedItemFolderId>`
		}
		return e.callAs(user2, `<m:CreateItem MessageDisposition="`+disp+`">`+s+`<m:Items><t:Message><t:Subject>for the boss</t:Subject>`+extra+toUser3+`</t:Message></m:Items></m:CreateItem>`)
	}
	if got := codes(send("SendAndSaveCopy", "", fromUser1)); !cmp.Equal(got, []string{"ErrorSendAsDenied"}) {
		t.Fatalf("not a delegate: %v", got)
	}
	if got := inboxOf(t, e, user3); len(got) != 0 {
		t.Fatalf("delivered although refused: %+v", got)
	}
	addDelegate2(t, e, `<t:CalendarFolderPermissionLevel>Editor</t:CalendarFolderPermissionLevel>`)
	mustSuccess(t, send("SendAndSaveCopy", "", fromUser1))
	want := addressView{From: user1, Sender: user2, MIMEFrom: user1, MIMESender: user2}
	if d := cmp.Diff([]addressView{want}, inboxOf(t, e, user3)); d != "" {
		t.Fatalf("the recipient sees (-want +got):\n%s", d)
	}
	sent := findItemsAs(t, e, user2, "sentitems", `<t:FieldURI FieldURI="message:Sender"/>`)
	if len(sent) != 1 || text(sent[0].SelectElement("From"), "EmailAddress") != user1 || text(sent[0].SelectElement("Sender"), "EmailAddress") != user2 {
		t.Fatalf("the delegate's Sent Items: %v", tags(sent))
	}
	if n := len(findItemsAs(t, e, user1, "sentitems", "")); n != 0 {
		t.Fatalf("the principal's Sent Items got %d items", n)
	}

	// A draft sent with SendItem is on behalf of the principal too.
	doc := e.callAs(user2, `<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:Message><t:Subject>draft</t:Subject>`+fromUser1+toUser3+`</t:Message></m:Items></m:CreateItem>`)
	draft, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	mustSuccess(t, e.callAs(user2, `<m:SendItem SaveItemToFolder="true"><m:ItemIds>`+itemID(draft)+`</m:ItemIds></m:SendItem>`))
	if d := cmp.Diff([]addressView{want, want}, inboxOf(t, e, user3)); d != "" {
		t.Fatalf("after SendItem (-want +got):\n%s", d)
	}
	// Sending from the principal's mailbox (saving in her Sent Items)
	// needs the Create right there, and is on her behalf without a
	// t:From.
	if got := codes(send("SendAndSaveCopy", mbDist("sentitems", user1), "")); !cmp.Equal(got, []string{"ErrorAccessDenied"}) {
		t.Fatalf("saving in the principal's Sent Items: %v", got)
	}
	mustSuccess(t, setPerms(t, e, dist("sentitems"), false, mailPerm(user2, "Author")))
	mustSuccess(t, send("SendAndSaveCopy", mbDist("sentitems", user1), ""))
	if d := cmp.Diff([]addressView{want, want, want}, inboxOf(t, e, user3)); d != "" {
		t.Fatalf("after sending from the principal's mailbox (-want +got):\n%s", d)
	}
	if n := len(findItemsAs(t, e, user1, "sentitems", "")); n != 1 {
		t.Fatalf("the principal's Sent Items has %d items", n)
	}
	// Remote recipients get the same header through Handler.Sender.
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>out</t:Subject>`+fromUser1+
		`<t:ToRecipients><t:Mailbox><t:EmailAddress>someone@remote.example</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message></m:Items></m:CreateItem>`))
	if len(snd.raw) != 1 {
		t.Fatalf("%d messages handed to transport", len(snd.raw))
	}
	if f, s := mimeAddresses(t, snd.raw[0]); f != user1 || s != user2 {
		t.Fatalf("remote MIME From %q Sender %q", f, s)
	}
	// Sending as oneself stays as it was: From = Sender = the caller, no
	// Sender header.
	mustSuccess(t, e.callAs(user1, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>own</t:Subject>`+toUser3+`</t:Message></m:Items></m:CreateItem>`))
	counts := map[addressView]int{}
	for _, v := range inboxOf(t, e, user3) {
		counts[v]++
	}
	if d := cmp.Diff(map[addressView]int{want: 3, {From: user1, Sender: user1, MIMEFrom: user1}: 1}, counts); d != "" {
		t.Fatalf("with a message of user1's own (-want +got):\n%s", d)
	}
	// Unknown and non-delegated principals.
	if got := codes(send("SendOnly", "", `<t:From><t:Mailbox><t:EmailAddress>nobody@example.com</t:EmailAddress></t:Mailbox></t:From>`)); !cmp.Equal(got, []string{"ErrorSendAsDenied"}) {
		t.Fatalf("an unknown principal: %v", got)
	}
	if got := codes(e.callAs(user3, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>x</t:Subject>`+fromUser1+toUser3+`</t:Message></m:Items></m:CreateItem>`)); !cmp.Equal(got, []string{"ErrorSendAsDenied"}) {
		t.Fatalf("user3 is no delegate: %v", got)
	}
	// Handler.SendOnBehalf decides instead of the delegate list.
	e.h.SendOnBehalf = func(_ context.Context, principal, sender string) (bool, error) {
		return principal == user1 && sender == user3, nil
	}
	mustSuccess(t, e.callAs(user3, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>x</t:Subject>`+fromUser1+toUser3+`</t:Message></m:Items></m:CreateItem>`))
	if got := codes(send("SendOnly", "", fromUser1)); !cmp.Equal(got, []string{"ErrorSendAsDenied"}) {
		t.Fatalf("user2 refused by SendOnBehalf: %v", got)
	}
}

// TestDelegateAnswersInPrincipalsMailbox: a delegate with Editor rights
// on the principal's Calendar answers a meeting request in the
// principal's Inbox ([MS-OXODLGT] 3.1.4.2, [MS-OXWSMTGS] 3.1.4.2
// AcceptItem): the principal's calendar item takes the answer, the
// response leaves on behalf of the principal (Sender the delegate), the
// organizer's tracking records the principal.
func TestDelegateAnswersInPrincipalsMailbox(t *testing.T) {
	e := newEnv(t)
	addUser3(t, e)
	mustSuccess(t, e.callAs(user3, `<m:CreateItem SendMeetingInvitations="SendToAllAndSaveCopy"><m:Items><t:CalendarItem><t:Subject>review</t:Subject>`+
		`<t:Start>2030-06-03T09:00:00Z</t:Start><t:End>2030-06-03T10:00:00Z</t:End>`+
		`<t:RequiredAttendees><t:Attendee><t:Mailbox><t:EmailAddress>`+user1+`</t:EmailAddress></t:Mailbox></t:Attendee></t:RequiredAttendees></t:CalendarItem></m:Items></m:CreateItem>`))
	doc := e.callAs(user1, `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ParentFolderIds>`+dist("inbox")+`</m:ParentFolderIds></m:FindItem>`)
	req, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	accept := `<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:Items><t:AcceptItem><t:ReferenceItemId Id="` + req + `"/></t:AcceptItem></m:Items></m:CreateItem>`
	// Reviewer on the Calendar and Inbox: may read, not answer.
	addDelegate2(t, e, `<t:CalendarFolderPermissionLevel>Reviewer</t:CalendarFolderPermissionLevel><t:InboxFolderPermissionLevel>Reviewer</t:InboxFolderPermissionLevel>`)
	if got := codes(e.callAs(user2, accept)); !cmp.Equal(got, []string{"ErrorAccessDenied"}) {
		t.Fatalf("a Reviewer delegate: %v", got)
	}
	mustSuccess(t, e.call(`<m:UpdateDelegate>`+mailbox1+`<m:DelegateUsers>`+delegateUserXML(user2,
		`<t:DelegatePermissions><t:CalendarFolderPermissionLevel>Editor</t:CalendarFolderPermissionLevel><t:InboxFolderPermissionLevel>Editor</t:InboxFolderPermissionLevel></t:DelegatePermissions>`, ``)+`</m:DelegateUsers></m:UpdateDelegate>`))
	mustSuccess(t, e.callAs(user2, accept))
	cal := findItemsAs(t, e, user1, "calendar", `<t:FieldURI FieldURI="calendar:MyResponseType"/>`)
	if len(cal) != 1 || text(cal[0], "MyResponseType") != "Accept" {
		t.Fatalf("the principal's calendar: %v", tags(cal))
	}
	orgID, _ := idOf(findItemsAs(t, e, user3, "calendar", "")[0], "ItemId")
	if got := attendeeResponses(getItemAs(t, e, user3, `<t:BaseShape>AllProperties</t:BaseShape>`, orgID)); got[user1] != "Accept" {
		t.Fatalf("the organizer's tracking: %v", got)
	}
	var resp addressView
	for _, it := range findItemsAs(t, e, user3, "inbox", `<t:FieldURI FieldURI="message:Sender"/>`) {
		if it.Tag == "MeetingResponse" {
			resp = viewAddresses(t, it)
		}
	}
	if d := cmp.Diff(addressView{From: user1, Sender: user2}, resp); d != "" {
		t.Fatalf("the response the organizer got (-want +got):\n%s", d)
	}
	if got := tags(findItemsAs(t, e, user2, "sentitems", "")); !cmp.Equal(got, []string{"MeetingResponse:Accepted: review"}) {
		t.Fatalf("the delegate's Sent Items: %v", got)
	}
}

// TestOnBehalfReferenceChecks: response objects referencing another
// user's item (ReplyToItem, ForwardItem: [MS-OXWSCORE] 2.2.4.x
// SmartResponseType) act in that mailbox, on behalf of its owner, and
// need the right to read the item.
func TestOnBehalfReferenceChecks(t *testing.T) {
	e := newEnv(t)
	addUser3(t, e)
	id, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>confidential</t:Subject>`)
	forward := `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:ForwardItem>` + toUser3 + `<t:ReferenceItemId Id="` + id + `"/></t:ForwardItem></m:Items></m:CreateItem>`
	if got := codes(e.callAs(user2, forward)); !cmp.Equal(got, []string{"ErrorSendAsDenied"}) {
		t.Fatalf("not a delegate: %v", got)
	}
	// A delegate for the calendar only may send on user1's behalf but not
	// read her Inbox.
	addDelegate2(t, e, `<t:CalendarFolderPermissionLevel>Editor</t:CalendarFolderPermissionLevel>`)
	if got := codes(e.callAs(user2, forward)); !cmp.Equal(got, []string{"ErrorAccessDenied"}) {
		t.Fatalf("forwarding an item the delegate may not read: %v", got)
	}
	if n := len(findItemsAs(t, e, user3, "inbox", "")); n != 0 {
		t.Fatalf("user3 got %d messages", n)
	}
	mustSuccess(t, setPerms(t, e, dist("inbox"), false, mailPerm(user2, "Reviewer")))
	mustSuccess(t, e.callAs(user2, forward))
	got := inboxOf(t, e, user3)
	if d := cmp.Diff([]addressView{{From: user1, Sender: user2, MIMEFrom: user1, MIMESender: user2}}, got); d != "" {
		t.Fatalf("the forward (-want +got):\n%s", d)
	}
}

// TestOtherSyncStateMailbox: SyncFolderItems states of another user's
// folder belong to that mailbox ([MS-OXWSSYNC] 3.1.4.2 SyncState).
func TestOtherSyncStateMailbox(t *testing.T) {
	e := newEnv(t)
	mustSuccess(t, setPerms(t, e, dist("inbox"), false, mailPerm(user2, "Reviewer")))
	createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>one</t:Subject>`)
	syncItems := func(folder, state string) *etree.Document {
		st := ""
		if state != "" {
			st = `<m:SyncState>` + state + `</m:SyncState>`
		}
		return e.callAs(user2, `<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId>`+folder+`</m:SyncFolderId>`+st+`<m:MaxChangesReturned>10</m:MaxChangesReturned></m:SyncFolderItems>`)
	}
	msg := mustSuccess(t, syncItems(mbDist("inbox", user1), ""))[0]
	if n := len(msg.FindElements("Changes/Create")); n != 1 {
		t.Fatalf("%d creates", n)
	}
	state := text(msg, "SyncState")
	if n := len(mustSuccess(t, syncItems(mbDist("inbox", user1), state))[0].FindElements("Changes/*")); n != 0 {
		t.Fatalf("%d changes after the state", n)
	}
	if got := codes(syncItems(dist("inbox"), state)); !cmp.Equal(got, []string{"ErrorInvalidSyncStateData"}) {
		t.Fatalf("user1's state on user2's own Inbox: %v", got)
	}
}

// TestDelegateOrganizesForPrincipal: a delegate creating a meeting in
// the principal's Calendar sends the invitations on the principal's
// behalf ([MS-OXODLGT] 3.1.4.3): the attendee sees the principal as
// organizer and From, the delegate as Sender. A user with Editor rights
// on the Calendar who is not a delegate gets ErrorSendAsDenied and no
// item is created.
func TestDelegateOrganizesForPrincipal(t *testing.T) {
	e := newEnv(t)
	addUser3(t, e)
	create := `<m:CreateItem SendMeetingInvitations="SendToAllAndSaveCopy"><m:SavedItemFolderId>` + mbDist("calendar", user1) + `</m:SavedItemFolderId><m:Items><t:CalendarItem><t:Subject>planning</t:Subject>` +
		`<t:Start>2030-06-03T09:00:00Z</t:Start><t:End>2030-06-03T10:00:00Z</t:End>` +
		`<t:RequiredAttendees><t:Attendee><t:Mailbox><t:EmailAddress>` + user3 + `</t:EmailAddress></t:Mailbox></t:Attendee></t:RequiredAttendees></t:CalendarItem></m:Items></m:CreateItem>`
	mustSuccess(t, setPerms(t, e, dist("calendar"), true, calPerm(user2, "Editor")))
	if got := codes(e.callAs(user2, create)); !cmp.Equal(got, []string{"ErrorSendAsDenied"}) {
		t.Fatalf("Editor, not a delegate: %v", got)
	}
	if n := len(findItemsAs(t, e, user1, "calendar", "")); n != 0 {
		t.Fatalf("a refused meeting left %d items", n)
	}
	addDelegate2(t, e, `<t:CalendarFolderPermissionLevel>Editor</t:CalendarFolderPermissionLevel>`)
	mustSuccess(t, e.callAs(user2, create))
	var req *etree.Element
	for _, it := range findItemsAs(t, e, user3, "inbox", `<t:FieldURI FieldURI="message:Sender"/>`) {
		if it.Tag == "MeetingRequest" {
			req = it
		}
	}
	if req == nil {
		t.Fatal("user3 got no meeting request")
	}
	if d := cmp.Diff(addressView{From: user1, Sender: user2}, viewAddresses(t, req)); d != "" {
		t.Fatalf("the request (-want +got):\n%s", d)
	}
	cal := findItemsAs(t, e, user3, "calendar", "")
	if len(cal) != 1 || text(cal[0].SelectElement("Organizer"), "EmailAddress") != user1 {
		t.Fatalf("user3's calendar item: %v", tags(cal))
	}
	if got := tags(findItemsAs(t, e, user2, "sentitems", "")); !cmp.Equal(got, []string{"MeetingRequest:planning"}) {
		t.Fatalf("the delegate's Sent Items: %v", got)
	}
}

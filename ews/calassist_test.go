package ews

import (
	"context"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/ical"
	"github.com/oxkit/oxkit/ical/mailhook"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/oxcmail"
	"github.com/oxkit/oxkit/store"
)

// deliverMIME delivers raw to owner as an SMTP delivery does (oxcmail
// with the ical/mailhook converter, named properties mapped to the
// mailbox, the receive folder of the class), then runs
// Handler.ProcessMeeting on it. It returns the new message's ID.
func deliverMIME(t *testing.T, e *env, owner string, raw []byte) store.MID {
	t.Helper()
	ctx := context.Background()
	m, err := oxcmail.Import(raw, &oxcmail.Options{Calendar: mailhook.Hook{}})
	if err != nil {
		t.Fatal(err)
	}
	mb, err := e.st.OpenMailbox(ctx, owner)
	if err != nil {
		t.Fatal(err)
	}
	props := append([]mapi.PropValue(nil), m.Props...)
	if len(m.Named) > 0 {
		names := make([]mapi.PropertyName, len(m.Named))
		for i, n := range m.Named {
			names[i] = n.Name
		}
		ids, err := mb.(store.NamedProperties).PropIDs(ctx, names, true)
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range m.Named {
			props = append(props, mapi.PropValue{Tag: mapi.NewPropTag(ids[i], n.Type), Value: n.Value})
		}
	}
	sm := &store.Message{Props: props, NewMail: true}
	for _, r := range m.Recipients {
		sm.Recipients = append(sm.Recipients, store.Recipient{Props: r.Props})
	}
	cls, _ := getString(props, mapi.PidTagMessageClass)
	fid, _, err := mb.ReceiveFolder(ctx, cls)
	if err != nil {
		t.Fatal(err)
	}
	info, err := mb.CreateMessage(ctx, fid, sm)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.h.ProcessMeeting(ctx, mb, fid, info.ID); err != nil {
		t.Fatalf("ProcessMeeting: %v", err)
	}
	return info.ID
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/imip/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const calFields = `<t:FieldURI FieldURI="calendar:UID"/><t:FieldURI FieldURI="calendar:MyResponseType"/><t:FieldURI FieldURI="calendar:IsCancelled"/>` +
	`<t:FieldURI FieldURI="calendar:LegacyFreeBusyStatus"/><t:FieldURI FieldURI="calendar:CalendarItemType"/><t:FieldURI FieldURI="calendar:Organizer"/>` +
	`<t:FieldURI FieldURI="calendar:AppointmentSequenceNumber"/><t:FieldURI FieldURI="calendar:Recurrence"/>`

// calSummary is what the tests compare of a calendar item.
type calSummary struct {
	Subject, UID, Start, End, Location, Response, FreeBusy, Type, Organizer, Sequence, Cancelled, Recurrence string
}

func summarize(it *etree.Element) calSummary {
	rec := ""
	if r := it.FindElement("Recurrence"); r != nil {
		for _, c := range r.ChildElements() {
			rec += c.Tag + " "
		}
		rec += text(r, "DaysOfWeek") + " " + text(r, "NumberOfOccurrences")
	}
	return calSummary{Subject: text(it, "Subject"), UID: text(it, "UID"), Start: text(it, "Start"), End: text(it, "End"),
		Location: text(it, "Location"), Response: text(it, "MyResponseType"), FreeBusy: text(it, "LegacyFreeBusyStatus"),
		Type: text(it, "CalendarItemType"), Organizer: text(it.FindElement("Organizer"), "EmailAddress"),
		Sequence: text(it, "AppointmentSequenceNumber"), Cancelled: text(it, "IsCancelled"), Recurrence: rec}
}

// TestIMIPRequestUpdateCancel follows [MS-OXOCAL] 3.1.5.1 ff. for meeting
// messages that arrive as iMIP ([RFC 6047]) by SMTP from an external
// organizer: a REQUEST creates the tentative (recurring) calendar item,
// a REQUEST with a higher SEQUENCE updates it and outdates the first
// request ([MS-OXOCAL] 2.2.6.5 mtgOutOfDate), a CANCEL marks it
// cancelled.
func TestIMIPRequestUpdateCancel(t *testing.T) {
	e := newEnv(t)
	deliverMIME(t, e, user2, readTestdata(t, "request.eml"))
	cals := findItemsAs(t, e, user2, "calendar", calFields)
	if len(cals) != 1 {
		t.Fatalf("calendar: %v", tags(cals))
	}
	want := calSummary{Subject: "Partner sync", UID: "imip-weekly-0001@partner.example", Start: "2030-06-04T08:00:00Z", End: "2030-06-04T09:00:00Z",
		Location: "Video call", Response: "NoResponseReceived", FreeBusy: "Tentative", Type: "RecurringMaster", Organizer: "olga@partner.example",
		Sequence: "0", Cancelled: "false", Recurrence: "WeeklyRecurrence NumberedRecurrence Tuesday 10"}
	if d := cmp.Diff(want, summarize(cals[0])); d != "" {
		t.Fatalf("tentative item (-want +got):\n%s", d)
	}
	inbox := findItemsAs(t, e, user2, "inbox", `<t:FieldURI FieldURI="meeting:AssociatedCalendarItemId"/><t:FieldURI FieldURI="meetingRequest:MeetingRequestType"/>`)
	if len(inbox) != 1 || inbox[0].Tag != "MeetingRequest" || text(inbox[0], "MeetingRequestType") != "NewMeetingRequest" {
		t.Fatalf("inbox: %v %q", tags(inbox), text(inbox[0], "MeetingRequestType"))
	}
	calID, _ := idOf(cals[0], "ItemId")
	if assoc, _ := idOf(inbox[0], "AssociatedCalendarItemId"); assoc != calID {
		t.Fatalf("AssociatedCalendarItemId %q, calendar item %q", assoc, calID)
	}

	// The update: new times and location, SEQUENCE 1.
	deliverMIME(t, e, user2, readTestdata(t, "request-seq1.eml"))
	cals = findItemsAs(t, e, user2, "calendar", calFields)
	if len(cals) != 1 {
		t.Fatalf("calendar after update: %v", tags(cals))
	}
	want.Subject, want.Start, want.End, want.Location, want.Sequence = "Partner sync (moved)", "2030-06-04T12:00:00Z", "2030-06-04T13:00:00Z", "Room 7", "1"
	if d := cmp.Diff(want, summarize(cals[0])); d != "" {
		t.Fatalf("updated item (-want +got):\n%s", d)
	}
	outdated := map[string]string{}
	for _, it := range findItemsAs(t, e, user2, "inbox", `<t:FieldURI FieldURI="meeting:IsOutOfDate"/>`) {
		outdated[text(it, "Subject")] = text(it, "IsOutOfDate")
	}
	if d := cmp.Diff(map[string]string{"Partner sync": "true", "Partner sync (moved)": "false"}, outdated); d != "" {
		t.Fatalf("IsOutOfDate (-want +got):\n%s", d)
	}
	// An old request delivered late changes nothing.
	deliverMIME(t, e, user2, readTestdata(t, "request.eml"))
	if got := summarize(findItemsAs(t, e, user2, "calendar", calFields)[0]); got.Subject != "Partner sync (moved)" {
		t.Fatalf("a stale request changed the item: %+v", got)
	}
	// Each request's MeetingRequestType ([MS-OXOCAL] 2.2.6.5: iMIP has
	// none, the assistant classifies): the first was new and is outdated
	// now, the update a full update, the late one outdated on arrival.
	var stale []string
	for _, it := range findItemsAs(t, e, user2, "inbox", `<t:FieldURI FieldURI="meeting:IsOutOfDate"/><t:FieldURI FieldURI="meetingRequest:MeetingRequestType"/>`) {
		stale = append(stale, text(it, "Subject")+":"+text(it, "IsOutOfDate")+":"+text(it, "MeetingRequestType"))
	}
	sort.Strings(stale)
	if d := cmp.Diff([]string{"Partner sync (moved):false:FullUpdate", "Partner sync:true:Outdated", "Partner sync:true:Outdated"}, stale); d != "" {
		t.Fatalf("the late request is not out of date (-want +got):\n%s", d)
	}

	// The cancellation.
	deliverMIME(t, e, user2, readTestdata(t, "cancel.eml"))
	cals = findItemsAs(t, e, user2, "calendar", calFields)
	if len(cals) != 1 {
		t.Fatalf("calendar after cancel: %v", tags(cals))
	}
	if got := summarize(cals[0]); got.Cancelled != "true" || got.FreeBusy != "Free" {
		t.Fatalf("cancelled item: %+v", got)
	}
	var kinds []string
	for _, it := range findItemsAs(t, e, user2, "inbox", "") {
		kinds = append(kinds, it.Tag)
	}
	if !containsString(kinds, "MeetingCancellation") {
		t.Fatalf("inbox: %v", kinds)
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestIMIPAcceptSendsReply accepts an externally organized meeting
// through EWS: the answer goes to the organizer through Handler.Sender
// as iMIP ([MS-OXCICAL] METHOD:REPLY with the attendee's
// PARTSTAT=ACCEPTED).
func TestIMIPAcceptSendsReply(t *testing.T) {
	e := newEnv(t)
	snd := &captureSender{}
	e.h.Sender = snd
	deliverMIME(t, e, user2, readTestdata(t, "request.eml"))
	reqID, _ := idOf(findItemsAs(t, e, user2, "inbox", "")[0], "ItemId")
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:Items><t:AcceptItem><t:ReferenceItemId Id="`+reqID+`"/></t:AcceptItem></m:Items></m:CreateItem>`))
	if len(snd.raw) != 1 || !cmp.Equal(snd.rcpts[0], []string{"olga@partner.example"}) {
		t.Fatalf("sent %d messages to %v", len(snd.raw), snd.rcpts)
	}
	m, err := oxcmail.Import(snd.raw[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	var ics []byte
	for _, a := range m.Attachments {
		if mt, _ := oxcmail.Get(a.Props, mapi.PidTagAttachMimeTag).(string); mt == "text/calendar" {
			ics, _ = oxcmail.Get(a.Props, mapi.PidTagAttachDataBinary).([]byte)
		}
	}
	if ics == nil {
		t.Fatalf("no text/calendar part in\n%s", snd.raw[0])
	}
	cals, err := ical.Decode(strings.NewReader(string(ics)), nil)
	if err != nil {
		t.Fatal(err)
	}
	var method, uid string
	if p := cals[0].Prop("METHOD"); p != nil {
		method = p.Value
	}
	partstat := map[string]string{}
	for _, c := range cals[0].Children {
		if c.Name != "VEVENT" {
			continue
		}
		if p := c.Prop("UID"); p != nil {
			uid = p.Value
		}
		for _, a := range c.Props {
			if a.Name == "ATTENDEE" {
				partstat[strings.ToLower(strings.TrimPrefix(strings.ToLower(a.Value), "mailto:"))] = a.Param("PARTSTAT")
			}
		}
	}
	if method != "REPLY" || uid != "imip-weekly-0001@partner.example" || partstat[user2] != "ACCEPTED" {
		t.Fatalf("reply: METHOD %q UID %q PARTSTAT %v\n%s", method, uid, partstat, ics)
	}
	if got := summarize(findItemsAs(t, e, user2, "calendar", calFields)[0]); got.Response != "Accept" || got.FreeBusy != "Busy" {
		t.Fatalf("accepted item: %+v", got)
	}
}

// TestIMIPReplyUpdatesTracking delivers an external attendee's iMIP
// REPLY to a local organizer's meeting: the attendee's
// PidTagRecipientTrackStatus becomes the answer ([MS-OXOCAL] 3.1.5.6).
func TestIMIPReplyUpdatesTracking(t *testing.T) {
	e := newEnv(t)
	id, uid := remoteMeeting(t, e)
	reply := "From: Guest <guest@remote.example>\r\nTo: user1@example.com\r\nSubject: Accepted: Review\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: text/calendar; charset=utf-8; method=REPLY\r\n\r\n" +
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//remote//test//EN\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:" + uid + "\r\nSEQUENCE:0\r\n" +
		"DTSTAMP:20300601T100000Z\r\nDTSTART:20300603T090000Z\r\nDTEND:20300603T100000Z\r\nSUMMARY:Review\r\n" +
		"ORGANIZER:mailto:user1@example.com\r\nATTENDEE;PARTSTAT=ACCEPTED;CN=Guest:mailto:guest@remote.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	deliverMIME(t, e, user1, []byte(reply))
	if d := cmp.Diff(map[string]string{"guest@remote.example": "Accept"}, attendeeResponses(getItemAs(t, e, user1, `<t:BaseShape>AllProperties</t:BaseShape>`, id))); d != "" {
		t.Fatalf("tracking (-want +got):\n%s", d)
	}
}

// remoteMeeting has user1 invite guest@remote.example (through a
// capturing Sender) to "Review" on 2030-06-03 09:00-10:00 UTC and returns
// the organizer's item ID and the meeting's UID.
func remoteMeeting(t *testing.T, e *env) (id, uid string) {
	t.Helper()
	e.h.Sender = &captureSender{}
	doc := e.call(`<m:CreateItem SendMeetingInvitations="SendOnlyToAll"><m:Items><t:CalendarItem><t:Subject>Review</t:Subject>` +
		`<t:Start>2030-06-03T09:00:00Z</t:Start><t:End>2030-06-03T10:00:00Z</t:End>` +
		`<t:RequiredAttendees><t:Attendee><t:Mailbox><t:EmailAddress>guest@remote.example</t:EmailAddress></t:Mailbox></t:Attendee></t:RequiredAttendees></t:CalendarItem></m:Items></m:CreateItem>`)
	id, _ = idOf(mustSuccess(t, doc)[0], "ItemId")
	return id, text(getItemAs(t, e, user1, `<t:BaseShape>AllProperties</t:BaseShape>`, id), "UID")
}

// TestProcessMeetingIgnoresMail checks that ProcessMeeting leaves other
// messages alone.
func TestProcessMeetingIgnoresMail(t *testing.T) {
	e := newEnv(t)
	deliverMIME(t, e, user2, []byte("From: a@remote.example\r\nTo: user2@example.com\r\nSubject: hello\r\n\r\nhi\r\n"))
	if n := len(findItemsAs(t, e, user2, "calendar", "")); n != 0 {
		t.Fatalf("%d calendar items from plain mail", n)
	}
	if n := len(findItemsAs(t, e, user2, "inbox", "")); n != 1 {
		t.Fatalf("inbox has %d items", n)
	}
}

// extRepresenting asks for PidTagReceivedRepresentingSmtpAddress,
// PidTagReceivedRepresentingName and PidTagDelegatedByRule.
const extRepresenting = `<t:ExtendedFieldURI PropertyTag="0x5D08" PropertyType="String"/><t:ExtendedFieldURI PropertyTag="0x0044" PropertyType="String"/>` +
	`<t:ExtendedFieldURI PropertyTag="0x3FE3" PropertyType="Boolean"/>`

// extValues maps the PropertyTag of an item's ExtendedProperty elements
// to their values.
func extValues(it *etree.Element) map[string]string {
	out := map[string]string{}
	for _, x := range it.FindElements("ExtendedProperty") {
		if f := x.SelectElement("ExtendedFieldURI"); f != nil {
			out[f.SelectAttrValue("PropertyTag", "")] = text(x, "Value")
		}
	}
	return out
}

// TestDelegateMeetingCopies follows DeliverMeetingRequests ([MS-OXWSDLGM]
// 2.2.4.2, [MS-OXODLGT] 2.2.2.2.1 PidTagScheduleInfoDelegatorWantsCopy):
// a meeting request for the delegator is resent to the delegate that
// receives copies of meeting messages, as the delegate rule does
// ([MS-OXORULE] 3.2.5.1 OP_DELEGATE: PidTagReceivedRepresenting*,
// PidTagDelegatedByRule); with DelegatesOnly the delegator's copy goes to
// Deleted Items, with DelegatesAndMe it stays in the Inbox. The
// delegator's calendar gets the tentative item either way; the
// delegate's does not.
func TestDelegateMeetingCopies(t *testing.T) {
	e := newEnv(t)
	doc := e.call(`<m:AddDelegate>` + mailbox1 + `<m:DelegateUsers>` +
		delegateUserXML(user2, `<t:DelegatePermissions><t:CalendarFolderPermissionLevel>Editor</t:CalendarFolderPermissionLevel></t:DelegatePermissions>`,
			`<t:ReceiveCopiesOfMeetingMessages>true</t:ReceiveCopiesOfMeetingMessages>`) +
		`</m:DelegateUsers><m:DeliverMeetingRequests>DelegatesOnly</m:DeliverMeetingRequests></m:AddDelegate>`)
	if c := doc.Root().FindElement("//AddDelegateResponse"); c == nil || c.SelectAttrValue("ResponseClass", "") != "Success" {
		t.Fatalf("AddDelegate:\n%s", dump(doc))
	}
	raw := strings.ReplaceAll(string(readTestdata(t, "request.eml")), "user2@example.com", "user1@example.com")
	deliverMIME(t, e, user1, []byte(raw))

	if got := tags(findItemsAs(t, e, user1, "calendar", "")); !cmp.Equal(got, []string{"CalendarItem:Partner sync"}) {
		t.Fatalf("delegator's calendar: %v", got)
	}
	if got := tags(findItemsAs(t, e, user1, "inbox", "")); len(got) != 0 {
		t.Fatalf("DelegatesOnly left the request in the delegator's Inbox: %v", got)
	}
	if got := tags(findItemsAs(t, e, user1, "deleteditems", "")); !cmp.Equal(got, []string{"MeetingRequest:Partner sync"}) {
		t.Fatalf("delegator's Deleted Items: %v", got)
	}
	inbox2 := findItemsAs(t, e, user2, "inbox", extRepresenting)
	if got := tags(inbox2); !cmp.Equal(got, []string{"MeetingRequest:Partner sync"}) {
		t.Fatalf("delegate's Inbox: %v", got)
	}
	want := map[string]string{"0x5d08": user1, "0x0044": "User One", "0x3fe3": "true"}
	if d := cmp.Diff(want, lowerKeys(extValues(inbox2[0]))); d != "" {
		t.Fatalf("delegate's copy (-want +got):\n%s", d)
	}
	if n := len(findItemsAs(t, e, user2, "calendar", "")); n != 0 {
		t.Fatalf("the delegate's own calendar got %d items", n)
	}
	// The copy's AssociatedCalendarItemId is the delegator's item, which
	// the delegate (Editor on the Calendar) can open.
	assoc, _ := idOf(findItemsAs(t, e, user2, "inbox", `<t:FieldURI FieldURI="meeting:AssociatedCalendarItemId"/>`)[0], "AssociatedCalendarItemId")
	orgItem, _ := idOf(findItemsAs(t, e, user1, "calendar", "")[0], "ItemId")
	if assoc == "" || assoc != orgItem {
		t.Fatalf("delegate's copy: AssociatedCalendarItemId %q, the delegator's item %q", assoc, orgItem)
	}
	if it := getItemAs(t, e, user2, `<t:BaseShape>Default</t:BaseShape>`, assoc); it.Tag != "CalendarItem" || text(it, "Subject") != "Partner sync" {
		t.Fatalf("the delegate opens %s %q", it.Tag, text(it, "Subject"))
	}

	// DelegatesAndMe: both keep a copy; the update reaches both.
	mustSuccess(t, e.call(`<m:UpdateDelegate>`+mailbox1+`<m:DeliverMeetingRequests>DelegatesAndMe</m:DeliverMeetingRequests></m:UpdateDelegate>`))
	raw = strings.ReplaceAll(string(readTestdata(t, "request-seq1.eml")), "user2@example.com", "user1@example.com")
	deliverMIME(t, e, user1, []byte(raw))
	if got := tags(findItemsAs(t, e, user1, "inbox", "")); !cmp.Equal(got, []string{"MeetingRequest:Partner sync (moved)"}) {
		t.Fatalf("DelegatesAndMe: delegator's Inbox %v", got)
	}
	if got := tags(findItemsAs(t, e, user2, "inbox", "")); len(got) != 2 {
		t.Fatalf("DelegatesAndMe: delegate's Inbox %v", got)
	}
	if got := tags(findItemsAs(t, e, user1, "calendar", "")); !cmp.Equal(got, []string{"CalendarItem:Partner sync (moved)"}) {
		t.Fatalf("delegator's calendar after the update: %v", got)
	}

	// A delegate without ReceiveCopiesOfMeetingMessages gets nothing.
	mustSuccess(t, e.call(`<m:UpdateDelegate>`+mailbox1+`<m:DelegateUsers>`+delegateUserXML(user2, ``,
		`<t:ReceiveCopiesOfMeetingMessages>false</t:ReceiveCopiesOfMeetingMessages>`)+`</m:DelegateUsers></m:UpdateDelegate>`))
	deliverMIME(t, e, user1, []byte(strings.ReplaceAll(string(readTestdata(t, "cancel.eml")), "user2@example.com", "user1@example.com")))
	if got := tags(findItemsAs(t, e, user2, "inbox", "")); len(got) != 2 {
		t.Fatalf("a delegate without copies got %v", got)
	}
}

func lowerKeys(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[strings.ToLower(k)] = v
	}
	return out
}

// TestDelegateAcceptsForDelegator: the delegate accepts her copy of the
// delegator's meeting request ([MS-OXODLGT] 3.1.4.2): the delegator's
// calendar item takes the answer, the organizer (external) gets the
// iMIP reply, the delegate's own calendar stays empty. A delegate who
// may only read the delegator's calendar is refused.
func TestDelegateAcceptsForDelegator(t *testing.T) {
	e := newEnv(t)
	snd := &captureSender{}
	e.h.Sender = snd
	addDelegate := func(level string) {
		t.Helper()
		mustSuccess(t, e.call(`<m:AddDelegate>`+mailbox1+`<m:DelegateUsers>`+
			delegateUserXML(user2, `<t:DelegatePermissions><t:CalendarFolderPermissionLevel>`+level+`</t:CalendarFolderPermissionLevel></t:DelegatePermissions>`,
				`<t:ReceiveCopiesOfMeetingMessages>true</t:ReceiveCopiesOfMeetingMessages>`)+
			`</m:DelegateUsers><m:DeliverMeetingRequests>DelegatesOnly</m:DeliverMeetingRequests></m:AddDelegate>`))
	}
	addDelegate("Reviewer")
	deliverMIME(t, e, user1, []byte(strings.ReplaceAll(string(readTestdata(t, "request.eml")), "user2@example.com", "user1@example.com")))
	copyID, _ := idOf(findItemsAs(t, e, user2, "inbox", "")[0], "ItemId")
	accept := `<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:Items><t:AcceptItem><t:ReferenceItemId Id="` + copyID + `"/></t:AcceptItem></m:Items></m:CreateItem>`
	if _, msgs := messages(e.callAs(user2, accept)); len(msgs) != 1 || msgs[0].Code != "ErrorAccessDenied" {
		t.Fatalf("a Reviewer delegate accepting: %+v", msgs)
	}
	mustSuccess(t, e.call(`<m:UpdateDelegate>`+mailbox1+`<m:DelegateUsers>`+delegateUserXML(user2,
		`<t:DelegatePermissions><t:CalendarFolderPermissionLevel>Editor</t:CalendarFolderPermissionLevel></t:DelegatePermissions>`, ``)+`</m:DelegateUsers></m:UpdateDelegate>`))
	mustSuccess(t, e.callAs(user2, accept))
	if got := summarize(findItemsAs(t, e, user1, "calendar", calFields)[0]); got.Response != "Accept" || got.FreeBusy != "Busy" {
		t.Fatalf("the delegator's item: %+v", got)
	}
	if n := len(findItemsAs(t, e, user2, "calendar", "")); n != 0 {
		t.Fatalf("the delegate's own calendar got %d items", n)
	}
	if got := tags(findItemsAs(t, e, user2, "inbox", "")); len(got) != 0 {
		t.Fatalf("the answered copy is still in the delegate's Inbox: %v", got)
	}
	if len(snd.raw) != 1 || !cmp.Equal(snd.rcpts[0], []string{"olga@partner.example"}) {
		t.Fatalf("sent %d messages to %v", len(snd.raw), snd.rcpts)
	}
	// Sent on behalf of the delegator; the copy is in the delegate's
	// Sent Items (onbehalf.go).
	if got := tags(findItemsAs(t, e, user2, "sentitems", "")); !cmp.Equal(got, []string{"MeetingResponse:Accepted: Partner sync"}) {
		t.Fatalf("the delegate's Sent Items: %v", got)
	}
	if got := findItemsAs(t, e, user2, "sentitems", `<t:FieldURI FieldURI="message:From"/><t:FieldURI FieldURI="message:Sender"/>`)[0]; text(got.SelectElement("From"), "EmailAddress") != user1 ||
		text(got.SelectElement("Sender"), "EmailAddress") != user2 {
		t.Fatalf("the response's From %q and Sender %q", text(got.SelectElement("From"), "EmailAddress"), text(got.SelectElement("Sender"), "EmailAddress"))
	}
}

// TestDelegateCopyOfLocalMeeting: a meeting request sent through EWS by
// a local organizer is processed on local delivery the same way: the
// delegator's delegate gets a copy, the delegator keeps hers
// (DelegatesAndMe) flagged as the delegator's copy and gets the
// tentative item.
func TestDelegateCopyOfLocalMeeting(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	const user3 = "user3@example.com"
	if err := e.st.PutEntry(ctx, store.DirectoryEntry{Kind: store.EntryUser, SMTPAddress: user3, DisplayName: "User Three", Alias: "user3"}, "secret"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.CreateMailbox(ctx, user3, nil); err != nil {
		t.Fatal(err)
	}
	mustSuccess(t, e.callAs(user2, `<m:AddDelegate><m:Mailbox><t:EmailAddress>`+user2+`</t:EmailAddress></m:Mailbox><m:DelegateUsers>`+
		delegateUserXML(user3, `<t:DelegatePermissions><t:CalendarFolderPermissionLevel>Editor</t:CalendarFolderPermissionLevel></t:DelegatePermissions>`,
			`<t:ReceiveCopiesOfMeetingMessages>true</t:ReceiveCopiesOfMeetingMessages>`)+
		`</m:DelegateUsers><m:DeliverMeetingRequests>DelegatesAndMe</m:DeliverMeetingRequests></m:AddDelegate>`))
	createMeeting(t, e, "Budget", "SendOnlyToAll") // user1 invites user2
	if got := tags(findItemsAs(t, e, user3, "inbox", "")); !cmp.Equal(got, []string{"MeetingRequest:Budget"}) {
		t.Fatalf("the delegate's Inbox: %v", got)
	}
	if got := tags(findItemsAs(t, e, user2, "inbox", "")); !cmp.Equal(got, []string{"MeetingRequest:Budget"}) {
		t.Fatalf("the delegator's Inbox: %v", got)
	}
	if got := tags(findItemsAs(t, e, user2, "calendar", "")); !cmp.Equal(got, []string{"CalendarItem:Budget"}) {
		t.Fatalf("the delegator's calendar: %v", got)
	}
	// PidLidMeetingType (PSETID_Meeting 0x26) of the delegator's copy
	// carries mtgDelegatorCopy beside mtgRequest.
	it := findItemsAs(t, e, user2, "inbox", `<t:ExtendedFieldURI PropertySetId="6ED8DA90-450B-101B-98DA-00AA003F1305" PropertyId="38" PropertyType="Integer"/>`)[0]
	if v := text(it, "Value"); v != "1048577" { // 0x00100001
		t.Fatalf("PidLidMeetingType of the delegator's copy: %q", v)
	}
}

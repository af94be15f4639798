package ews

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/ical"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/oxcmail"
)

// findItemsAs lists the items of a distinguished folder of user (Default
// shape plus extra AdditionalProperties).
func findItemsAs(t *testing.T, e *env, user, folder, add string) []*etree.Element {
	t.Helper()
	shape := `<t:BaseShape>Default</t:BaseShape>`
	if add != "" {
		shape += `<t:AdditionalProperties>` + add + `</t:AdditionalProperties>`
	}
	doc := e.callAs(user, `<m:FindItem Traversal="Shallow"><m:ItemShape>`+shape+`</m:ItemShape><m:ParentFolderIds>`+dist(folder)+`</m:ParentFolderIds></m:FindItem>`)
	return mustSuccess(t, doc)[0].FindElements("RootFolder/Items/*")
}

// attendeeResponses maps an item's required attendees to their
// ResponseType.
func attendeeResponses(it *etree.Element) map[string]string {
	out := map[string]string{}
	for _, a := range it.FindElements("RequiredAttendees/Attendee") {
		out[text(a, "EmailAddress")] = text(a, "ResponseType")
	}
	return out
}

func tags(els []*etree.Element) []string {
	var out []string
	for _, e := range els {
		out = append(out, e.Tag+":"+text(e, "Subject"))
	}
	return out
}

const attendee2 = `<t:RequiredAttendees><t:Attendee><t:Mailbox><t:EmailAddress>user2@example.com</t:EmailAddress></t:Mailbox></t:Attendee></t:RequiredAttendees>`

func createMeeting(t *testing.T, e *env, subject, send string) string {
	t.Helper()
	doc := e.call(`<m:CreateItem SendMeetingInvitations="` + send + `"><m:Items><t:CalendarItem><t:Subject>` + subject + `</t:Subject><t:Body BodyType="Text">agenda</t:Body>` +
		`<t:Start>2030-06-03T09:00:00Z</t:Start><t:End>2030-06-03T10:00:00Z</t:End><t:Location>Room 1</t:Location>` + attendee2 + `</t:CalendarItem></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	return id
}

// TestMeetingInviteAccept follows [MS-OXWSMTGS] 4.1 (create a meeting
// and send the invitations), 4.2 (accept), and the organizer's tracking
// of the response ([MS-OXOCAL] 3.1.5.6 PidTagRecipientTrackStatus).
func TestMeetingInviteAccept(t *testing.T) { testMeetingInviteAccept(t, newEnv(t)) }

func testMeetingInviteAccept(t *testing.T, e *env) {
	orgID := createMeeting(t, e, "Review", "SendToAllAndSaveCopy")
	// The organizer's item.
	org := getItemAs(t, e, user1, `<t:BaseShape>AllProperties</t:BaseShape>`, orgID)
	uid := text(org, "UID")
	if uid == "" || text(org, "MyResponseType") != "Organizer" || text(org, "MeetingRequestWasSent") != "true" || text(org, "IsMeeting") != "true" {
		t.Fatalf("organizer's item:\n%s", elemString(org))
	}
	// A copy of the request in the organizer's Sent Items.
	if d := cmp.Diff([]string{"MeetingRequest:Review"}, tags(findItemsAs(t, e, user1, "sentitems", ""))); d != "" {
		t.Fatal(d)
	}
	// The attendee's Inbox has the request, her Calendar a tentative item.
	inbox := findItemsAs(t, e, user2, "inbox", `<t:FieldURI FieldURI="meeting:AssociatedCalendarItemId"/><t:FieldURI FieldURI="meetingRequest:MeetingRequestType"/>`)
	if d := cmp.Diff([]string{"MeetingRequest:Review"}, tags(inbox)); d != "" {
		t.Fatal(d)
	}
	reqID, _ := idOf(inbox[0], "ItemId")
	req := getItemAs(t, e, user2, `<t:BaseShape>AllProperties</t:BaseShape>`, reqID)
	assoc, _ := idOf(req, "AssociatedCalendarItemId")
	got := []string{text(req, "ItemClass"), text(req, "MeetingRequestType"), text(req, "IntendedFreeBusyStatus"), text(req, "ResponseType"),
		text(req, "UID"), text(req, "Start"), text(req, "End"), text(req, "Location"), text(req.SelectElement("Organizer"), "EmailAddress"),
		text(req, "HasBeenProcessed"), text(req.SelectElement("From"), "EmailAddress")}
	want := []string{"IPM.Schedule.Meeting.Request", "NewMeetingRequest", "Busy", "NoResponseReceived", uid, "2030-06-03T09:00:00Z", "2030-06-03T10:00:00Z", "Room 1", user1, "true", user1}
	if d := cmp.Diff(want, got); d != "" || assoc == "" {
		t.Fatalf("%s\n%s", d, elemString(req))
	}
	cal := getItemAs(t, e, user2, `<t:BaseShape>AllProperties</t:BaseShape>`, assoc)
	got = []string{text(cal, "Subject"), text(cal, "UID"), text(cal, "MyResponseType"), text(cal, "LegacyFreeBusyStatus"), text(cal.SelectElement("Organizer"), "EmailAddress")}
	if d := cmp.Diff([]string{"Review", uid, "NoResponseReceived", "Tentative", user1}, got); d != "" {
		t.Fatal(d)
	}
	// A meeting request's flags update as a message's; meeting messages
	// cannot be created ([MS-OXWSMTGS] R1197).
	mustSuccess(t, e.callAs(user2, `<m:UpdateItem ConflictResolution="AlwaysOverwrite" MessageDisposition="SaveOnly"><m:ItemChanges><t:ItemChange>`+itemID(reqID)+`<t:Updates>`+
		`<t:SetItemField><t:FieldURI FieldURI="message:IsRead"/><t:MeetingRequest><t:IsRead>true</t:IsRead></t:MeetingRequest></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	if r := text(getItemAs(t, e, user2, `<t:BaseShape>Default</t:BaseShape>`, reqID), "IsRead"); r != "true" {
		t.Fatalf("IsRead %q", r)
	}
	_, msgs := messages(e.callAs(user2, `<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:MeetingRequest><t:Subject>x</t:Subject></t:MeetingRequest></m:Items></m:CreateItem>`))
	if msgs[0].Code != "ErrorInvalidOperation" {
		t.Fatalf("%+v", msgs)
	}
	// [MS-OXWSMTGS] R1241: no MessageDisposition, no response.
	_, msgs = messages(e.callAs(user2, `<m:CreateItem><m:Items><t:AcceptItem><t:ReferenceItemId Id="`+reqID+`"/></t:AcceptItem></m:Items></m:CreateItem>`))
	if msgs[0].Code != "ErrorMessageDispositionRequired" {
		t.Fatalf("%+v", msgs)
	}
	// Accept ([MS-OXWSMTGS] accept example: SendAndSaveCopy, ReferenceItemId).
	doc := e.callAs(user2, `<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:Items><t:AcceptItem><t:ReferenceItemId Id="`+reqID+`"/>`+
		`<t:Body BodyType="Text">see you</t:Body></t:AcceptItem></m:Items></m:CreateItem>`)
	mustSuccess(t, doc)
	cal = getItemAs(t, e, user2, `<t:BaseShape>AllProperties</t:BaseShape>`, assoc)
	if got := []string{text(cal, "MyResponseType"), text(cal, "LegacyFreeBusyStatus")}; !cmp.Equal(got, []string{"Accept", "Busy"}) {
		t.Fatalf("attendee's item after accepting: %v", got)
	}
	if n := len(findItemsAs(t, e, user2, "inbox", "")); n != 0 {
		t.Fatalf("the answered request is still in the Inbox (%d items)", n)
	}
	if d := cmp.Diff([]string{"MeetingResponse:Accepted: Review"}, tags(findItemsAs(t, e, user2, "sentitems", ""))); d != "" {
		t.Fatal(d)
	}
	// The organizer gets the response and sees user2 as accepted.
	resp := findItemsAs(t, e, user1, "inbox", `<t:FieldURI FieldURI="meeting:ResponseType"/>`)
	if d := cmp.Diff([]string{"MeetingResponse:Accepted: Review"}, tags(resp)); d != "" || text(resp[0], "ResponseType") != "Accept" {
		t.Fatalf("%s %s", d, elemString(resp[0]))
	}
	rid, _ := idOf(resp[0], "ItemId")
	r := getItemAs(t, e, user1, `<t:BaseShape>AllProperties</t:BaseShape><t:BodyType>Text</t:BodyType>`, rid)
	if got := []string{text(r, "UID"), text(r, "Body"), text(r, "Start")}; !cmp.Equal(got, []string{uid, "see you", "2030-06-03T09:00:00Z"}) {
		t.Fatalf("response: %v", got)
	}
	org = getItemAs(t, e, user1, `<t:BaseShape>AllProperties</t:BaseShape>`, orgID)
	if d := cmp.Diff(map[string]string{user2: "Accept"}, attendeeResponses(org)); d != "" {
		t.Fatal(d)
	}
	// The organizer moves the meeting: user2 gets a full update, her item
	// follows with its answer reset.
	doc = e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToAllAndSaveCopy"><m:ItemChanges><t:ItemChange>` + itemID(orgID) + `<t:Updates>` +
		`<t:SetItemField><t:FieldURI FieldURI="calendar:Start"/><t:CalendarItem><t:Start>2030-06-03T11:00:00Z</t:Start></t:CalendarItem></t:SetItemField>` +
		`<t:SetItemField><t:FieldURI FieldURI="calendar:End"/><t:CalendarItem><t:End>2030-06-03T12:00:00Z</t:End></t:CalendarItem></t:SetItemField>` +
		`</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`)
	mustSuccess(t, doc)
	upd := findItemsAs(t, e, user2, "inbox", `<t:FieldURI FieldURI="meetingRequest:MeetingRequestType"/><t:FieldURI FieldURI="calendar:AppointmentSequenceNumber"/>`)
	if len(upd) != 1 || text(upd[0], "MeetingRequestType") != "FullUpdate" || text(upd[0], "AppointmentSequenceNumber") != "1" {
		t.Fatalf("update: %v", tags(upd))
	}
	cal = getItemAs(t, e, user2, `<t:BaseShape>AllProperties</t:BaseShape>`, assoc)
	if got := []string{text(cal, "Start"), text(cal, "MyResponseType"), text(cal, "AppointmentSequenceNumber")}; !cmp.Equal(got, []string{"2030-06-03T11:00:00Z", "NoResponseReceived", "1"}) {
		t.Fatalf("attendee's item after the update: %v", got)
	}
	// Tentative, then the organizer's tracking follows.
	updID, _ := idOf(upd[0], "ItemId")
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:TentativelyAcceptItem><t:ReferenceItemId Id="`+updID+`"/></t:TentativelyAcceptItem></m:Items></m:CreateItem>`))
	org = getItemAs(t, e, user1, `<t:BaseShape>AllProperties</t:BaseShape>`, orgID)
	if d := cmp.Diff(map[string]string{user2: "Tentative"}, attendeeResponses(org)); d != "" {
		t.Fatal(d)
	}
	// The organizer cannot accept her own meeting; an attendee cannot
	// cancel it.
	_, msgs = messages(e.call(`<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:AcceptItem><t:ReferenceItemId Id="` + orgID + `"/></t:AcceptItem></m:Items></m:CreateItem>`))
	if msgs[0].Code != "ErrorCalendarIsOrganizerForAccept" {
		t.Fatalf("%+v", msgs)
	}
	_, msgs = messages(e.callAs(user2, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:CancelCalendarItem><t:ReferenceItemId Id="`+assoc+`"/></t:CancelCalendarItem></m:Items></m:CreateItem>`))
	if msgs[0].Code != "ErrorCalendarIsNotOrganizer" {
		t.Fatalf("%+v", msgs)
	}
}

// TestMeetingCancel covers CancelCalendarItem ([MS-OXWSMTGS] 4.4),
// the attendee's RemoveItem, DeclineItem, DeleteItem with
// SendMeetingCancellations and removed attendees.
func TestMeetingCancel(t *testing.T) { testMeetingCancel(t, newEnv(t)) }

func testMeetingCancel(t *testing.T, e *env) {
	orgID := createMeeting(t, e, "Sync", "SendOnlyToAll")
	if n := len(findItemsAs(t, e, user1, "sentitems", "")); n != 0 {
		t.Fatalf("SendOnlyToAll saved %d copies", n)
	}
	mustSuccess(t, e.call(`<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:Items><t:CancelCalendarItem><t:ReferenceItemId Id="`+orgID+`"/>`+
		`<t:NewBodyContent BodyType="Text">sorry</t:NewBodyContent></t:CancelCalendarItem></m:Items></m:CreateItem>`))
	if n := len(findItemsAs(t, e, user1, "calendar", "")); n != 0 {
		t.Fatalf("the organizer's item is still in the calendar (%d)", n)
	}
	inbox := findItemsAs(t, e, user2, "inbox", "")
	if d := cmp.Diff([]string{"MeetingRequest:Sync", "MeetingCancellation:Canceled: Sync"}, tags(inbox)); d != "" {
		t.Fatal(d)
	}
	cals := findItemsAs(t, e, user2, "calendar", "")
	if len(cals) != 1 || text(cals[0], "IsCancelled") != "true" || text(cals[0], "Subject") != "Canceled: Sync" {
		t.Fatalf("attendee's item: %v", tags(cals))
	}
	cancelID, _ := idOf(inbox[1], "ItemId")
	c := getItemAs(t, e, user2, `<t:BaseShape>AllProperties</t:BaseShape><t:BodyType>Text</t:BodyType>`, cancelID)
	if got := []string{text(c, "ItemClass"), text(c, "Body"), text(c, "Start"), text(c, "Location")}; !cmp.Equal(got, []string{"IPM.Schedule.Meeting.Canceled", "sorry", "2030-06-03T09:00:00Z", "Room 1"}) {
		t.Fatalf("cancellation: %v", got)
	}
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:Items><t:RemoveItem><t:ReferenceItemId Id="`+cancelID+`"/></t:RemoveItem></m:Items></m:CreateItem>`))
	if n := len(findItemsAs(t, e, user2, "calendar", "")); n != 0 {
		t.Fatalf("RemoveItem left %d calendar items", n)
	}
	// RemoveItem needs a cancellation.
	reqID, _ := idOf(inbox[0], "ItemId")
	_, msgs := messages(e.callAs(user2, `<m:CreateItem><m:Items><t:RemoveItem><t:ReferenceItemId Id="`+reqID+`"/></t:RemoveItem></m:Items></m:CreateItem>`))
	if msgs[0].Code != "ErrorInvalidOperation" {
		t.Fatalf("%+v", msgs)
	}
	// Decline: the organizer sees it, the attendee's item is gone.
	orgID = createMeeting(t, e, "Lunch", "SendOnlyToAll")
	var lunch string
	for _, it := range findItemsAs(t, e, user2, "inbox", "") {
		if text(it, "Subject") == "Lunch" {
			lunch, _ = idOf(it, "ItemId")
		}
	}
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:DeclineItem><t:ReferenceItemId Id="`+lunch+`"/></t:DeclineItem></m:Items></m:CreateItem>`))
	if n := len(findItemsAs(t, e, user2, "calendar", "")); n != 0 {
		t.Fatalf("the declined meeting is still in the calendar (%d)", n)
	}
	if d := cmp.Diff(map[string]string{user2: "Decline"}, attendeeResponses(getItemAs(t, e, user1, `<t:BaseShape>AllProperties</t:BaseShape>`, orgID))); d != "" {
		t.Fatal(d)
	}
	// DeleteItem with SendMeetingCancellations.
	orgID = createMeeting(t, e, "Retro", "SendOnlyToAll")
	mustSuccess(t, e.call(`<m:DeleteItem DeleteType="MoveToDeletedItems" SendMeetingCancellations="SendToAllAndSaveCopy"><m:ItemIds>`+itemID(orgID)+`</m:ItemIds></m:DeleteItem>`))
	found := false
	for _, it := range findItemsAs(t, e, user2, "inbox", "") {
		found = found || (it.Tag == "MeetingCancellation" && text(it, "Subject") == "Canceled: Retro")
	}
	if !found {
		t.Fatal("no cancellation after DeleteItem")
	}
	// A removed attendee gets a cancellation; SendToNone sends nothing.
	orgID = createMeeting(t, e, "Standup", "SendOnlyToAll")
	before := len(findItemsAs(t, e, user2, "inbox", ""))
	mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange>`+itemID(orgID)+`<t:Updates>`+
		`<t:SetItemField><t:FieldURI FieldURI="calendar:Location"/><t:CalendarItem><t:Location>Room 2</t:Location></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	if n := len(findItemsAs(t, e, user2, "inbox", "")); n != before {
		t.Fatalf("SendToNone sent %d messages", n-before)
	}
	mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendOnlyToAll"><m:ItemChanges><t:ItemChange>`+itemID(orgID)+`<t:Updates>`+
		`<t:DeleteItemField><t:FieldURI FieldURI="calendar:RequiredAttendees"/></t:DeleteItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	last := findItemsAs(t, e, user2, "inbox", "")
	if n := len(last); n != before+1 || !containsTag(last, "MeetingCancellation:Canceled: Standup") {
		t.Fatalf("removed attendee: %v", tags(last))
	}
	// The unanswered requests of the cancelled meetings (Sync, Retro,
	// Standup) are out of date now ([MS-OXOCAL] 2.2.6.5).
	var outdated []string
	for _, it := range findItemsAs(t, e, user2, "inbox", `<t:FieldURI FieldURI="meeting:IsOutOfDate"/><t:FieldURI FieldURI="meetingRequest:MeetingRequestType"/>`) {
		if it.Tag == "MeetingRequest" && text(it, "IsOutOfDate") == "true" && text(it, "MeetingRequestType") == "Outdated" {
			outdated = append(outdated, text(it, "Subject"))
		}
	}
	if d := cmp.Diff([]string{"Sync", "Retro", "Standup"}, outdated); d != "" {
		t.Fatal(d)
	}
	// A bad send option is a schema error.
	code, doc := e.postAs(user1, envelope(`<m:CreateItem SendMeetingInvitations="Sometimes"><m:Items><t:CalendarItem><t:Subject>x</t:Subject></t:CalendarItem></m:Items></m:CreateItem>`))
	if code != 500 || faultCode(doc) != "ErrorSchemaValidation" {
		_, msgs := messages(doc)
		t.Fatalf("HTTP %d %q %+v", code, faultCode(doc), msgs)
	}
}

func containsTag(els []*etree.Element, want string) bool {
	for _, s := range tags(els) {
		if s == want {
			return true
		}
	}
	return false
}

func elemString(e *etree.Element) string {
	if e == nil {
		return "<nil>"
	}
	d := etree.NewDocument()
	d.SetRoot(e.Copy())
	d.Indent(1)
	s, _ := d.WriteToString()
	return s
}

// dumpMeetingResponses writes responses of the meeting and occurrence
// operations into dir for TestDumpResponses (schema validation in the
// interop suite).
func dumpMeetingResponses(t *testing.T, dir string) {
	e := newEnv(t)
	write := func(name, user, op string) *etree.Document {
		_, doc := e.postAs(user, envelope(op))
		doc.WriteToFile(filepath.Join(dir, "meet-"+name+".xml"))
		return doc
	}
	orgID := createMeeting(t, e, "Review", "SendToAllAndSaveCopy")
	all := `<m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape>`
	write("getorganizer", user1, `<m:GetItem>`+all+`<m:ItemIds>`+itemID(orgID)+`</m:ItemIds></m:GetItem>`)
	write("findinbox", user2, `<m:FindItem Traversal="Shallow">`+all+`<m:ParentFolderIds>`+dist("inbox")+`</m:ParentFolderIds></m:FindItem>`)
	reqID, _ := idOf(findItemsAs(t, e, user2, "inbox", "")[0], "ItemId")
	write("getrequest", user2, `<m:GetItem>`+all+`<m:ItemIds>`+itemID(reqID)+`</m:ItemIds></m:GetItem>`)
	write("accept", user2, `<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:Items><t:AcceptItem><t:ReferenceItemId Id="`+reqID+`"/></t:AcceptItem></m:Items></m:CreateItem>`)
	write("findresponse", user1, `<m:FindItem Traversal="Shallow">`+all+`<m:ParentFolderIds>`+dist("inbox")+`</m:ParentFolderIds></m:FindItem>`)
	respID, _ := idOf(findItemsAs(t, e, user1, "inbox", "")[0], "ItemId")
	write("getresponse", user1, `<m:GetItem>`+all+`<m:ItemIds>`+itemID(respID)+`</m:ItemIds></m:GetItem>`)
	write("getorganizer2", user1, `<m:GetItem>`+all+`<m:ItemIds>`+itemID(orgID)+`</m:ItemIds></m:GetItem>`)
	write("cancel", user1, `<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:Items><t:CancelCalendarItem><t:ReferenceItemId Id="`+orgID+`"/></t:CancelCalendarItem></m:Items></m:CreateItem>`)
	write("getcancellation", user2, `<m:FindItem Traversal="Shallow">`+all+`<m:ParentFolderIds>`+dist("inbox")+`</m:ParentFolderIds></m:FindItem>`)
	id := createSeries(t, e, user1, "weekly", attendee2, ` SendMeetingInvitations="SendToAllAndSaveCopy"`, "4")
	occ := calendarViewAs(t, e, user1, "2030-03-01T00:00:00Z", "2030-05-01T00:00:00Z")
	second, _ := idOf(occ[1], "ItemId")
	write("updateoccurrence", user1, `<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange>`+itemID(second)+`<t:Updates>`+
		`<t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:CalendarItem><t:Subject>moved</t:Subject></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`)
	write("deleteoccurrence", user1, `<m:DeleteItem DeleteType="HardDelete"><m:ItemIds><t:OccurrenceItemId RecurringMasterId="`+id+`" InstanceIndex="3"/></m:ItemIds></m:DeleteItem>`)
	write("getmaster", user1, `<m:GetItem>`+all+`<m:ItemIds>`+itemID(id)+`</m:ItemIds></m:GetItem>`)
	write("getexception", user1, `<m:GetItem>`+all+`<m:ItemIds>`+itemID(second)+`</m:ItemIds></m:GetItem>`)
	write("viewexceptions", user1, `<m:FindItem Traversal="Shallow">`+all+`<m:CalendarView StartDate="2030-03-01T00:00:00Z" EndDate="2030-05-01T00:00:00Z"/><m:ParentFolderIds>`+dist("calendar")+`</m:ParentFolderIds></m:FindItem>`)
	write("getseriesrequest", user2, `<m:FindItem Traversal="Shallow">`+all+`<m:ParentFolderIds>`+dist("inbox")+`</m:ParentFolderIds></m:FindItem>`)
}

// TestBoltStoreMeetings runs the meeting and occurrence tests over
// boltstore (the example server's default store).
func TestBoltStoreMeetings(t *testing.T) {
	t.Run("OccurrenceExceptions", func(t *testing.T) { testOccurrenceExceptions(t, newBoltEnv(t)) })
	t.Run("MeetingInviteAccept", func(t *testing.T) { testMeetingInviteAccept(t, newBoltEnv(t)) })
	t.Run("MeetingCancel", func(t *testing.T) { testMeetingCancel(t, newBoltEnv(t)) })
	t.Run("MeetingSeriesOccurrences", func(t *testing.T) { testMeetingSeriesOccurrences(t, newBoltEnv(t)) })
}

// captureSender records what the handler hands to transport.
type captureSender struct {
	rcpts [][]string
	raw   [][]byte
}

func (s *captureSender) Send(_ context.Context, _ string, rcpts []string, raw []byte) error {
	s.rcpts = append(s.rcpts, rcpts)
	s.raw = append(s.raw, raw)
	return nil
}

// TestMeetingRemoteAttendee checks that an attendee outside the store
// gets the request through Handler.Sender with an iCalendar part
// ([MS-OXCICAL] METHOD:REQUEST) that reads back as the same meeting.
func TestMeetingRemoteAttendee(t *testing.T) {
	e := newEnv(t)
	snd := &captureSender{}
	e.h.Sender = snd
	doc := e.call(`<m:CreateItem SendMeetingInvitations="SendOnlyToAll"><m:Items><t:CalendarItem><t:Subject>Partners</t:Subject>` +
		`<t:Start>2030-06-03T09:00:00Z</t:Start><t:End>2030-06-03T10:00:00Z</t:End><t:Location>Lobby</t:Location>` +
		`<t:RequiredAttendees><t:Attendee><t:Mailbox><t:EmailAddress>guest@remote.example</t:EmailAddress></t:Mailbox></t:Attendee>` +
		`<t:Attendee><t:Mailbox><t:EmailAddress>user2@example.com</t:EmailAddress></t:Mailbox></t:Attendee></t:RequiredAttendees></t:CalendarItem></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	uid := text(getItemAs(t, e, user1, `<t:BaseShape>AllProperties</t:BaseShape>`, id), "UID")
	if len(snd.raw) != 1 || !cmp.Equal(snd.rcpts[0], []string{"guest@remote.example"}) {
		t.Fatalf("sent %d messages to %v", len(snd.raw), snd.rcpts)
	}
	if n := len(findItemsAs(t, e, user2, "inbox", "")); n != 1 {
		t.Fatalf("local attendee has %d messages", n)
	}
	checkCalendarPart(t, snd.raw[0], uid)
	// GetItem's MimeContent of the local attendee's request carries it too.
	reqID, _ := idOf(findItemsAs(t, e, user2, "inbox", "")[0], "ItemId")
	doc = e.callAs(user2, `<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent></m:ItemShape><m:ItemIds>`+itemID(reqID)+`</m:ItemIds></m:GetItem>`)
	raw, err := base64StdDecode(text(mustSuccess(t, doc)[0], "MimeContent"))
	if err != nil {
		t.Fatal(err)
	}
	checkCalendarPart(t, raw, uid)
}

// calendarPartBytes returns the content of MIME message raw's
// text/calendar part (any transfer encoding).
func calendarPartBytes(t *testing.T, raw []byte) []byte {
	t.Helper()
	m, err := oxcmail.Import(raw, nil)
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
		t.Fatalf("no text/calendar part:\n%s", raw)
	}
	return ics
}

// checkCalendarPart checks that MIME message raw has a text/calendar
// part with a meeting request of the given UID.
func checkCalendarPart(t *testing.T, raw []byte, uid string) {
	t.Helper()
	ics := calendarPartBytes(t, raw)
	cal, err := ical.ImportPart(ics, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	cls, _ := oxcmail.Get(cal.Props, mapi.PidTagMessageClass).(string)
	var goid []byte
	for _, n := range cal.Named {
		if n.Name == mapi.PidLidCleanGlobalObjectId.PropertyName() {
			goid, _ = n.Value.([]byte)
		}
	}
	if cls != classMeetingRequest || ical.UIDFromGlobalObjectID(goid) != uid {
		t.Fatalf("iCalendar part: class %q, UID %q (want %q)\n%s", cls, ical.UIDFromGlobalObjectID(goid), uid, ics)
	}
}

// TestMeetingSeriesOccurrences changes single occurrences of a recurring
// meeting: the attendee's calendar follows (a request or cancellation
// for each changed occurrence, meetings2_test.go), and SendOnlyToChanged
// sends nothing when no attendee changed.
func TestMeetingSeriesOccurrences(t *testing.T) { testMeetingSeriesOccurrences(t, newEnv(t)) }

func testMeetingSeriesOccurrences(t *testing.T, e *env) {
	id := createSeries(t, e, user1, "weekly sync", attendee2, ` SendMeetingInvitations="SendToAllAndSaveCopy"`, "4")
	const from, to = "2030-03-01T00:00:00Z", "2030-05-01T00:00:00Z"
	if n := len(calendarViewAs(t, e, user2, from, to)); n != 4 {
		t.Fatalf("attendee sees %d occurrences", n)
	}
	// Accept the series.
	reqID, _ := idOf(findItemsAs(t, e, user2, "inbox", "")[0], "ItemId")
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:AcceptItem><t:ReferenceItemId Id="`+reqID+`"/></t:AcceptItem></m:Items></m:CreateItem>`))
	occ := calendarViewAs(t, e, user1, from, to)
	second, _ := idOf(occ[1], "ItemId")
	mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToAllAndSaveCopy"><m:ItemChanges><t:ItemChange>`+itemID(second)+`<t:Updates>`+
		`<t:SetItemField><t:FieldURI FieldURI="calendar:Location"/><t:CalendarItem><t:Location>Room 9</t:Location></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	mustSuccess(t, e.call(`<m:DeleteItem DeleteType="HardDelete" SendMeetingCancellations="SendOnlyToAll"><m:ItemIds><t:OccurrenceItemId RecurringMasterId="`+id+`" InstanceIndex="3"/></m:ItemIds></m:DeleteItem>`))
	want := []viewRow{
		{"weekly sync", "2030-03-25T09:00:00Z", "2030-03-25T10:00:00Z", "Occurrence", "Room 1"},
		{"weekly sync", "2030-04-01T08:00:00Z", "2030-04-01T09:00:00Z", "Exception", "Room 9"},
		{"weekly sync", "2030-04-15T08:00:00Z", "2030-04-15T09:00:00Z", "Occurrence", "Room 1"},
	}
	if d := cmp.Diff(want, viewRows(calendarViewAs(t, e, user1, from, to))); d != "" {
		t.Fatal("organizer:", d)
	}
	got := calendarViewAs(t, e, user2, from, to)
	if d := cmp.Diff(want, viewRows(got)); d != "" {
		t.Fatal("attendee:", d)
	}
	// The attendee's answer stands: the series' times did not change.
	mid, _ := idOf(got[0], "ItemId")
	if r := text(getItemAs(t, e, user2, `<t:BaseShape>AllProperties</t:BaseShape>`, mid), "MyResponseType"); r != "Accept" {
		t.Fatalf("attendee's response %q", r)
	}
	// CancelCalendarItem on the last occurrence.
	last, _ := idOf(calendarViewAs(t, e, user1, from, to)[2], "ItemId")
	mustSuccess(t, e.call(`<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:CancelCalendarItem><t:ReferenceItemId Id="`+last+`"/></t:CancelCalendarItem></m:Items></m:CreateItem>`))
	if d := cmp.Diff(want[:2], viewRows(calendarViewAs(t, e, user2, from, to))); d != "" {
		t.Fatal("attendee after cancelling an occurrence:", d)
	}
	before := len(findItemsAs(t, e, user2, "inbox", ""))
	mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendOnlyToChanged"><m:ItemChanges><t:ItemChange>`+itemID(id)+`<t:Updates>`+
		`<t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:CalendarItem><t:Subject>renamed</t:Subject></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	if n := len(findItemsAs(t, e, user2, "inbox", "")); n != before {
		t.Fatalf("SendOnlyToChanged without attendee changes sent %d messages", n-before)
	}
	// The attendee answers single occurrences: declines the first (gone
	// from her calendar), tentatively accepts the exception; the
	// organizer gets both answers (under the attendee's subject: the
	// rename above reached nobody), the series' tracking stays Accept.
	mine := calendarViewAs(t, e, user2, from, to)
	firstOcc, _ := idOf(mine[0], "ItemId")
	exOcc, _ := idOf(mine[1], "ItemId")
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:Items><t:DeclineItem><t:ReferenceItemId Id="`+firstOcc+`"/></t:DeclineItem></m:Items></m:CreateItem>`))
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:TentativelyAcceptItem><t:ReferenceItemId Id="`+exOcc+`"/></t:TentativelyAcceptItem></m:Items></m:CreateItem>`))
	mine = calendarViewAs(t, e, user2, from, to)
	if len(mine) != 1 || text(mine[0], "LegacyFreeBusyStatus") != "Tentative" || text(mine[0], "Location") != "Room 9" {
		t.Fatalf("attendee after answering occurrences: %v", viewRows(mine))
	}
	if r := text(getItemAs(t, e, user2, `<t:BaseShape>AllProperties</t:BaseShape>`, exOcc), "MyResponseType"); r != "Tentative" {
		t.Fatalf("occurrence response %q", r)
	}
	var answers []string
	for _, it := range findItemsAs(t, e, user1, "inbox", "") {
		answers = append(answers, tags([]*etree.Element{it})...)
	}
	if !containsTag(findItemsAs(t, e, user1, "inbox", ""), "MeetingResponse:Declined: weekly sync") || !containsTag(findItemsAs(t, e, user1, "inbox", ""), "MeetingResponse:Tentative: weekly sync") {
		t.Fatalf("organizer's inbox: %v", answers)
	}
	if d := cmp.Diff(map[string]string{user2: "Accept"}, attendeeResponses(getItemAs(t, e, user1, `<t:BaseShape>AllProperties</t:BaseShape>`, id))); d != "" {
		t.Fatal(d)
	}
	if n := len(calendarViewAs(t, e, user1, from, to)); n != 2 {
		t.Fatalf("organizer's series changed: %d occurrences", n)
	}
}

// TestCalendarUID checks that a client's t:UID is kept (as
// PidLidGlobalObjectId, [MS-OXCICAL] 2.1.3.1.1.20.26) and answered
// back, and that an Exchange-style hex UID round-trips.
func TestCalendarUID(t *testing.T) {
	e := newEnv(t)
	hexUID := "040000008200E00074C5B7101A82E00800000000D0D1A5B3A2C7D901000000000000000010000000F3A6B7D4C1E2F3A4B5C6D7E8F9A0B1C2"
	for _, uid := range []string{"evolution-1234@example.com", hexUID} {
		doc := e.call(`<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:Subject>u</t:Subject><t:Start>2030-01-15T12:00:00Z</t:Start><t:End>2030-01-15T13:00:00Z</t:End>` +
			`<t:UID>` + uid + `</t:UID></t:CalendarItem></m:Items></m:CreateItem>`)
		id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
		if got := text(getItemAs(t, e, user1, `<t:BaseShape>AllProperties</t:BaseShape>`, id), "UID"); got != uid {
			t.Fatalf("UID %q, want %q", got, uid)
		}
	}
}

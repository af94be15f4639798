package ews

import (
	"path/filepath"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/oxcmail"
)

const (
	m2From = "2030-03-01T00:00:00Z"
	m2To   = "2030-05-01T00:00:00Z"
)

// inboxIDs returns the IDs of the items of user's Inbox.
func inboxIDs(t *testing.T, e *env, user string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, it := range findItemsAs(t, e, user, "inbox", "") {
		id, _ := idOf(it, "ItemId")
		out[id] = true
	}
	return out
}

// newestInbox returns, in shape shape, the one item of user's Inbox
// whose ID is not in seen (nil seen: the Inbox must hold one item only)
// and adds it to seen.
func newestInbox(t *testing.T, e *env, user, shape string, seen map[string]bool) *etree.Element {
	t.Helper()
	var fresh []string
	for id := range inboxIDs(t, e, user) {
		if !seen[id] {
			fresh = append(fresh, id)
		}
	}
	if len(fresh) != 1 {
		t.Fatalf("%s got %d new messages", user, len(fresh))
	}
	if seen != nil {
		seen[fresh[0]] = true
	}
	return getItemAs(t, e, user, shape, fresh[0])
}

func inboxCount(t *testing.T, e *env, user string) int {
	t.Helper()
	return len(findItemsAs(t, e, user, "inbox", ""))
}

// acceptedSeries creates user1's four-week series with user2 invited,
// accepted by user2, and returns the series' ID.
func acceptedSeries(t *testing.T, e *env) string {
	t.Helper()
	id := createSeries(t, e, user1, "weekly sync", attendee2, ` SendMeetingInvitations="SendToAllAndSaveCopy"`, "4")
	reqID, _ := idOf(findItemsAs(t, e, user2, "inbox", "")[0], "ItemId")
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:AcceptItem><t:ReferenceItemId Id="`+reqID+`"/></t:AcceptItem></m:Items></m:CreateItem>`))
	return id
}

const requestShape = `<t:BaseShape>Default</t:BaseShape><t:AdditionalProperties>` +
	`<t:FieldURI FieldURI="calendar:RecurrenceId"/><t:FieldURI FieldURI="calendar:UID"/></t:AdditionalProperties>`

// TestOccurrenceMeetingRequest follows [MS-OXOCAL] 3.1.4.6.3 and 3.1.5.2:
// a change to one occurrence of an organizer's series sends a request
// for that instance only (global object ID with the instance date,
// PidLidExceptionReplaceTime, no recurrence), which the attendee's
// calendar applies as an exception of her series.
func TestOccurrenceMeetingRequest(t *testing.T) { testOccurrenceMeetingRequest(t, newEnv(t)) }

func testOccurrenceMeetingRequest(t *testing.T, e *env) {
	id := acceptedSeries(t, e)
	seriesUID := text(getItemAs(t, e, user1, requestShape, id), "UID")
	second, _ := idOf(calendarViewAs(t, e, user1, m2From, m2To)[1], "ItemId")
	seen := inboxIDs(t, e, user2)
	mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToAllAndSaveCopy"><m:ItemChanges><t:ItemChange>`+itemID(second)+`<t:Updates>`+
		`<t:SetItemField><t:FieldURI FieldURI="calendar:Location"/><t:CalendarItem><t:Location>Room 9</t:Location></t:CalendarItem></t:SetItemField>`+
		`<t:SetItemField><t:FieldURI FieldURI="calendar:Start"/><t:CalendarItem><t:Start>2030-04-01T12:00:00Z</t:Start></t:CalendarItem></t:SetItemField>`+
		`<t:SetItemField><t:FieldURI FieldURI="calendar:End"/><t:CalendarItem><t:End>2030-04-01T13:00:00Z</t:End></t:CalendarItem></t:SetItemField>`+
		`</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	req := newestInbox(t, e, user2, requestShape, seen)
	got := map[string]string{"tag": req.Tag}
	for _, f := range []string{"MeetingRequestType", "IsRecurring", "RecurrenceId", "Start", "End", "Location", "UID", "Subject", "MyResponseType"} {
		got[f] = text(req, f)
	}
	want := map[string]string{"tag": "MeetingRequest", "MeetingRequestType": "FullUpdate", "IsRecurring": "false",
		"RecurrenceId": "2030-04-01T08:00:00Z", "Start": "2030-04-01T12:00:00Z", "End": "2030-04-01T13:00:00Z",
		"Location": "Room 9", "UID": seriesUID, "Subject": "weekly sync",
		// The attendee's answer for the moved occurrence, not the series'.
		"MyResponseType": "NoResponseReceived"}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal("request:", d)
	}
	if req.FindElement("Recurrence") != nil {
		t.Fatal("an occurrence's request carries the recurrence")
	}
	// The attendee's series has the exception, the rest as it was.
	wantView := []viewRow{
		{"weekly sync", "2030-03-25T09:00:00Z", "2030-03-25T10:00:00Z", "Occurrence", "Room 1"},
		{"weekly sync", "2030-04-01T12:00:00Z", "2030-04-01T13:00:00Z", "Exception", "Room 9"},
		{"weekly sync", "2030-04-08T08:00:00Z", "2030-04-08T09:00:00Z", "Occurrence", "Room 1"},
		{"weekly sync", "2030-04-15T08:00:00Z", "2030-04-15T09:00:00Z", "Occurrence", "Room 1"},
	}
	view := calendarViewAs(t, e, user2, m2From, m2To)
	if d := cmp.Diff(wantView, viewRows(view)); d != "" {
		t.Fatal("attendee:", d)
	}
	// Moved: the attendee has not answered for the exception; the
	// series' answer stands.
	exID, _ := idOf(view[1], "ItemId")
	ex := getItemAs(t, e, user2, `<t:BaseShape>AllProperties</t:BaseShape>`, exID)
	if r, b := text(ex, "MyResponseType"), text(ex, "LegacyFreeBusyStatus"); r != "NoResponseReceived" || b != "Tentative" {
		t.Fatalf("attendee's exception: %s, %s", r, b)
	}
	master, _ := idOf(view[0], "ItemId")
	_ = master
	if n := len(findItemsAs(t, e, user2, "calendar", "")); n != 1 {
		t.Fatalf("attendee's calendar holds %d items", n)
	}
	if r := text(findItemsAs(t, e, user2, "calendar", "")[0], "MyResponseType"); r != "Accept" {
		t.Fatalf("attendee's series response %q", r)
	}
	// A second change of the same occurrence (same times) keeps the
	// attendee's answer for it.
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:AcceptItem><t:ReferenceItemId Id="`+exID+`"/></t:AcceptItem></m:Items></m:CreateItem>`))
	mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendOnlyToAll"><m:ItemChanges><t:ItemChange>`+itemID(second)+`<t:Updates>`+
		`<t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:CalendarItem><t:Subject>moved sync</t:Subject></t:CalendarItem></t:SetItemField>`+
		`</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	ex = getItemAs(t, e, user2, `<t:BaseShape>AllProperties</t:BaseShape>`, exID)
	if s, r := text(ex, "Subject"), text(ex, "MyResponseType"); s != "moved sync" || r != "Accept" {
		t.Fatalf("attendee's exception after the second update: %q, %s", s, r)
	}
}

// TestOccurrenceMeetingCancel: deleting one occurrence with
// SendMeetingCancellations, and CancelCalendarItem on another, send a
// cancellation of that instance; the attendee loses that occurrence
// only ([MS-OXOCAL] 3.1.4.8 for an exception, 3.1.5.3).
func TestOccurrenceMeetingCancel(t *testing.T) { testOccurrenceMeetingCancel(t, newEnv(t)) }

func testOccurrenceMeetingCancel(t *testing.T, e *env) {
	id := acceptedSeries(t, e)
	seen := inboxIDs(t, e, user2)
	mustSuccess(t, e.call(`<m:DeleteItem DeleteType="HardDelete" SendMeetingCancellations="SendOnlyToAll"><m:ItemIds><t:OccurrenceItemId RecurringMasterId="`+id+`" InstanceIndex="3"/></m:ItemIds></m:DeleteItem>`))
	c := newestInbox(t, e, user2, requestShape, seen)
	if c.Tag != "MeetingCancellation" || text(c, "RecurrenceId") != "2030-04-08T08:00:00Z" || text(c, "Start") != "2030-04-08T08:00:00Z" || text(c, "Subject") != "Canceled: weekly sync" {
		t.Fatalf("cancellation: %s", elemString(c))
	}
	first, _ := idOf(calendarViewAs(t, e, user1, m2From, m2To)[0], "ItemId")
	mustSuccess(t, e.call(`<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:Items><t:CancelCalendarItem><t:ReferenceItemId Id="`+first+`"/>`+
		`<t:NewBodyContent BodyType="Text">not this week</t:NewBodyContent></t:CancelCalendarItem></m:Items></m:CreateItem>`))
	c = newestInbox(t, e, user2, `<t:BaseShape>Default</t:BaseShape>`, seen)
	if c.Tag != "MeetingCancellation" || text(c, "Start") != "2030-03-25T09:00:00Z" || text(c, "Body") != "not this week" {
		t.Fatalf("second cancellation: %s", elemString(c))
	}
	want := []viewRow{
		{"weekly sync", "2030-04-01T08:00:00Z", "2030-04-01T09:00:00Z", "Occurrence", "Room 1"},
		{"weekly sync", "2030-04-15T08:00:00Z", "2030-04-15T09:00:00Z", "Occurrence", "Room 1"},
	}
	for _, u := range []string{user1, user2} {
		if d := cmp.Diff(want, viewRows(calendarViewAs(t, e, u, m2From, m2To))); d != "" {
			t.Fatal(u, d)
		}
	}
	cal := findItemsAs(t, e, user2, "calendar", "")
	if len(cal) != 1 || text(cal[0], "IsCancelled") != "false" {
		t.Fatalf("attendee's series: %v", tags(cal))
	}
	// Without SendMeetingCancellations nobody hears of it.
	before := inboxCount(t, e, user2)
	mustSuccess(t, e.call(`<m:DeleteItem DeleteType="HardDelete" SendMeetingCancellations="SendToNone"><m:ItemIds><t:OccurrenceItemId RecurringMasterId="`+id+`" InstanceIndex="2"/></m:ItemIds></m:DeleteItem>`))
	if n := inboxCount(t, e, user2); n != before {
		t.Fatalf("SendToNone sent %d messages", n-before)
	}
	if n := len(calendarViewAs(t, e, user2, m2From, m2To)); n != 2 {
		t.Fatalf("attendee has %d occurrences", n)
	}
}

// TestOccurrenceTracking: answers for single occurrences update the
// attendee's tracking in the organizer's exception ([MS-OXOCAL] 3.1.5.6
// on the exception attachment's recipient table); the series keeps the
// answer for the series.
func TestOccurrenceTracking(t *testing.T) { testOccurrenceTracking(t, newEnv(t)) }

func testOccurrenceTracking(t *testing.T, e *env) {
	id := acceptedSeries(t, e)
	mine := calendarViewAs(t, e, user2, m2From, m2To)
	second, _ := idOf(mine[1], "ItemId")
	third, _ := idOf(mine[2], "ItemId")
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:DeclineItem><t:ReferenceItemId Id="`+second+`"/></t:DeclineItem></m:Items></m:CreateItem>`))
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:TentativelyAcceptItem><t:ReferenceItemId Id="`+third+`"/></t:TentativelyAcceptItem></m:Items></m:CreateItem>`))
	all := `<t:BaseShape>AllProperties</t:BaseShape>`
	if d := cmp.Diff(map[string]string{user2: "Accept"}, attendeeResponses(getItemAs(t, e, user1, all, id))); d != "" {
		t.Fatal("series:", d)
	}
	occ := calendarViewAs(t, e, user1, m2From, m2To)
	if len(occ) != 4 {
		t.Fatalf("organizer has %d occurrences", len(occ))
	}
	var got []map[string]string
	for _, o := range occ {
		oid, _ := idOf(o, "ItemId")
		got = append(got, attendeeResponses(getItemAs(t, e, user1, all, oid)))
	}
	want := []map[string]string{{user2: "Accept"}, {user2: "Decline"}, {user2: "Tentative"}, {user2: "Accept"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal("occurrences:", d)
	}
	// The organizer's occurrences keep their times and subject.
	if d := cmp.Diff([]viewRow{
		{"weekly sync", "2030-03-25T09:00:00Z", "2030-03-25T10:00:00Z", "Occurrence", "Room 1"},
		{"weekly sync", "2030-04-01T08:00:00Z", "2030-04-01T09:00:00Z", "Exception", "Room 1"},
		{"weekly sync", "2030-04-08T08:00:00Z", "2030-04-08T09:00:00Z", "Exception", "Room 1"},
		{"weekly sync", "2030-04-15T08:00:00Z", "2030-04-15T09:00:00Z", "Occurrence", "Room 1"},
	}, viewRows(occ)); d != "" {
		t.Fatal(d)
	}
}

// TestCounterProposal: a response object with ProposedStart/ProposedEnd
// (types.xsd MeetingRegistrationResponseObjectType) sends a counter
// proposal ([MS-OXOCAL] 2.2.7.3 to 2.2.7.6) that the organizer's item
// records (2.2.4.6, 2.2.4.7, 2.2.4.10.4 to 2.2.4.10.6).
func TestCounterProposal(t *testing.T) { testCounterProposal(t, newEnv(t)) }

func testCounterProposal(t *testing.T, e *env) {
	orgID := createMeeting(t, e, "Review", "SendToAllAndSaveCopy")
	reqID, _ := idOf(findItemsAs(t, e, user2, "inbox", "")[0], "ItemId")
	for _, bad := range []struct{ body, code string }{
		{`<t:ProposedStart>2030-06-03T11:00:00Z</t:ProposedStart>`, "ErrorInvalidOperation"},
		{`<t:ProposedStart>2030-06-03T11:00:00Z</t:ProposedStart><t:ProposedEnd>2030-06-03T10:00:00Z</t:ProposedEnd>`, "ErrorCalendarEndDateIsEarlierThanStartDate"},
	} {
		_, msgs := messages(e.callAs(user2, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:TentativelyAcceptItem><t:ReferenceItemId Id="`+reqID+`"/>`+bad.body+`</t:TentativelyAcceptItem></m:Items></m:CreateItem>`))
		if len(msgs) != 1 || msgs[0].Code != bad.code {
			t.Fatalf("%s: %+v", bad.body, msgs)
		}
	}
	seen := inboxIDs(t, e, user1)
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:TentativelyAcceptItem><t:ReferenceItemId Id="`+reqID+`"/>`+
		`<t:ProposedStart>2030-06-03T11:00:00Z</t:ProposedStart><t:ProposedEnd>2030-06-03T12:30:00Z</t:ProposedEnd></t:TentativelyAcceptItem></m:Items></m:CreateItem>`))
	resp := newestInbox(t, e, user1, `<t:BaseShape>Default</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="meeting:ProposedStart"/><t:FieldURI FieldURI="meeting:ProposedEnd"/></t:AdditionalProperties>`, seen)
	got := map[string]string{"tag": resp.Tag, "Subject": text(resp, "Subject"), "ResponseType": text(resp, "ResponseType"),
		"ProposedStart": text(resp, "ProposedStart"), "ProposedEnd": text(resp, "ProposedEnd")}
	want := map[string]string{"tag": "MeetingResponse", "Subject": "New Time Proposed: Review", "ResponseType": "Tentative",
		"ProposedStart": "2030-06-03T11:00:00Z", "ProposedEnd": "2030-06-03T12:30:00Z"}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal("response:", d)
	}
	// The organizer's item: the attendee's row and the proposal count
	// (PidLidAppointmentProposalNumber, PSETID_Appointment 0x8259).
	org := getItemAs(t, e, user1, `<t:BaseShape>AllProperties</t:BaseShape><t:AdditionalProperties>`+
		`<t:ExtendedFieldURI DistinguishedPropertySetId="Appointment" PropertyId="33369" PropertyType="Integer"/>`+
		`<t:ExtendedFieldURI DistinguishedPropertySetId="Appointment" PropertyId="33367" PropertyType="Boolean"/></t:AdditionalProperties>`, orgID)
	a := org.FindElement("RequiredAttendees/Attendee")
	if a == nil || text(a, "ResponseType") != "Tentative" || text(a, "ProposedStart") != "2030-06-03T11:00:00Z" || text(a, "ProposedEnd") != "2030-06-03T12:30:00Z" {
		t.Fatalf("organizer's attendee: %s", elemString(org))
	}
	ext := map[string]string{}
	for _, x := range org.FindElements("ExtendedProperty") {
		ext[x.FindElement("ExtendedFieldURI").SelectAttrValue("PropertyId", "")] = text(x, "Value")
	}
	if d := cmp.Diff(map[string]string{"33369": "1", "33367": "true"}, ext); d != "" {
		t.Fatal("proposal properties:", d)
	}
	// The organizer takes the proposal: an update of the meeting.
	mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToAllAndSaveCopy"><m:ItemChanges><t:ItemChange>`+itemID(orgID)+`<t:Updates>`+
		`<t:SetItemField><t:FieldURI FieldURI="calendar:Start"/><t:CalendarItem><t:Start>2030-06-03T11:00:00Z</t:Start></t:CalendarItem></t:SetItemField>`+
		`<t:SetItemField><t:FieldURI FieldURI="calendar:End"/><t:CalendarItem><t:End>2030-06-03T12:30:00Z</t:End></t:CalendarItem></t:SetItemField>`+
		`</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	cal := findItemsAs(t, e, user2, "calendar", "")
	if len(cal) != 1 || text(cal[0], "Start") != "2030-06-03T11:00:00Z" || text(cal[0], "End") != "2030-06-03T12:30:00Z" {
		t.Fatalf("attendee's item after the organizer took the proposal: %v", tags(cal))
	}
	// The proposal is settled at the organizer.
	org = getItemAs(t, e, user1, `<t:BaseShape>AllProperties</t:BaseShape><t:AdditionalProperties>`+
		`<t:ExtendedFieldURI DistinguishedPropertySetId="Appointment" PropertyId="33369" PropertyType="Integer"/>`+
		`<t:ExtendedFieldURI DistinguishedPropertySetId="Appointment" PropertyId="33367" PropertyType="Boolean"/></t:AdditionalProperties>`, orgID)
	ext = map[string]string{}
	for _, x := range org.FindElements("ExtendedProperty") {
		ext[x.FindElement("ExtendedFieldURI").SelectAttrValue("PropertyId", "")] = text(x, "Value")
	}
	if d := cmp.Diff(map[string]string{"33369": "0", "33367": "false"}, ext); d != "" {
		t.Fatal("proposal properties after the update:", d)
	}
	if a := org.FindElement("RequiredAttendees/Attendee"); a == nil || a.FindElement("ProposedStart") != nil {
		t.Fatalf("organizer's attendee after the update: %s", elemString(org))
	}
}

// TestConflictingMeetings computes ConflictingMeetings/AdjacentMeetings
// (types.xsd CalendarItemType, MeetingRequestMessageType) from the
// caller's calendar.
func TestConflictingMeetings(t *testing.T) { testConflictingMeetings(t, newEnv(t)) }

const conflictShape = `<t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>` +
	`<t:FieldURI FieldURI="calendar:ConflictingMeetingCount"/><t:FieldURI FieldURI="calendar:AdjacentMeetingCount"/>` +
	`<t:FieldURI FieldURI="calendar:ConflictingMeetings"/><t:FieldURI FieldURI="calendar:AdjacentMeetings"/></t:AdditionalProperties>`

func createAppt(t *testing.T, e *env, user, subject, start, end, busy string) string {
	t.Helper()
	doc := e.callAs(user, `<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:Subject>`+subject+`</t:Subject>`+
		`<t:Start>`+start+`</t:Start><t:End>`+end+`</t:End><t:LegacyFreeBusyStatus>`+busy+`</t:LegacyFreeBusyStatus></t:CalendarItem></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	return id
}

type conflictRow struct{ Subject, Start, End, Busy string }

func conflictRows(it *etree.Element, list string) []conflictRow {
	var out []conflictRow
	for _, c := range it.FindElements(list + "/CalendarItem") {
		out = append(out, conflictRow{text(c, "Subject"), text(c, "Start"), text(c, "End"), text(c, "LegacyFreeBusyStatus")})
	}
	return out
}

func testConflictingMeetings(t *testing.T, e *env) {
	a := createAppt(t, e, user1, "A", "2030-06-03T09:00:00Z", "2030-06-03T10:00:00Z", "Busy")
	createAppt(t, e, user1, "B", "2030-06-03T09:30:00Z", "2030-06-03T10:30:00Z", "Tentative")
	createAppt(t, e, user1, "C", "2030-06-03T10:00:00Z", "2030-06-03T11:00:00Z", "Busy")
	createAppt(t, e, user1, "D", "2030-06-03T08:00:00Z", "2030-06-03T09:00:00Z", "OOF")
	createAppt(t, e, user1, "free", "2030-06-03T09:00:00Z", "2030-06-03T10:00:00Z", "Free")
	createAppt(t, e, user1, "far", "2030-06-03T12:00:00Z", "2030-06-03T13:00:00Z", "Busy")
	it := getItemAs(t, e, user1, conflictShape, a)
	if c, n := text(it, "ConflictingMeetingCount"), text(it, "AdjacentMeetingCount"); c != "1" || n != "2" {
		t.Fatalf("counts %s, %s", c, n)
	}
	if d := cmp.Diff([]conflictRow{{"B", "2030-06-03T09:30:00Z", "2030-06-03T10:30:00Z", "Tentative"}}, conflictRows(it, "ConflictingMeetings")); d != "" {
		t.Fatal(d)
	}
	if d := cmp.Diff([]conflictRow{{"D", "2030-06-03T08:00:00Z", "2030-06-03T09:00:00Z", "OOF"}, {"C", "2030-06-03T10:00:00Z", "2030-06-03T11:00:00Z", "Busy"}}, conflictRows(it, "AdjacentMeetings")); d != "" {
		t.Fatal(d)
	}
	// The listed items are real items: their IDs answer GetItem.
	bid, _ := idOf(it.FindElement("ConflictingMeetings/CalendarItem"), "ItemId")
	if s := text(getItemAs(t, e, user1, `<t:BaseShape>Default</t:BaseShape>`, bid), "Subject"); s != "B" {
		t.Fatalf("conflicting item's ID gives %q", s)
	}
	// A meeting request: the attendee's calendar, without the meeting's
	// own (tentative) item; occurrences of series count.
	createSeries(t, e, user2, "standup", "", "", "2")
	createAppt(t, e, user2, "lunch", "2030-03-25T09:30:00Z", "2030-03-25T11:00:00Z", "Busy")
	mustSuccess(t, e.call(`<m:CreateItem SendMeetingInvitations="SendOnlyToAll"><m:Items><t:CalendarItem><t:Subject>clash</t:Subject>`+
		`<t:Start>2030-03-25T08:00:00Z</t:Start><t:End>2030-03-25T09:00:00Z</t:End>`+attendee2+`</t:CalendarItem></m:Items></m:CreateItem>`))
	req := newestInbox(t, e, user2, conflictShape, nil)
	if req.Tag != "MeetingRequest" || text(req, "ConflictingMeetingCount") != "0" || text(req, "AdjacentMeetingCount") != "1" {
		t.Fatalf("request: %s", elemString(req))
	}
	if d := cmp.Diff([]conflictRow{{"standup", "2030-03-25T09:00:00Z", "2030-03-25T10:00:00Z", "Busy"}}, conflictRows(req, "AdjacentMeetings")); d != "" {
		t.Fatal(d)
	}
	occ, _ := idOf(req.FindElement("AdjacentMeetings/CalendarItem"), "ItemId")
	if ty := text(getItemAs(t, e, user2, `<t:BaseShape>Default</t:BaseShape>`, occ), "CalendarItemType"); ty != "Occurrence" {
		t.Fatalf("adjacent occurrence's ID gives %q", ty)
	}
	// The occurrence conflicts with lunch.
	occItem := getItemAs(t, e, user2, conflictShape, occ)
	if d := cmp.Diff([]conflictRow{{"lunch", "2030-03-25T09:30:00Z", "2030-03-25T11:00:00Z", "Busy"}}, conflictRows(occItem, "ConflictingMeetings")); d != "" {
		t.Fatal("occurrence:", d)
	}
	// FindItem does not compute them.
	for _, row := range findItemsAs(t, e, user1, "calendar", `<t:FieldURI FieldURI="calendar:ConflictingMeetingCount"/>`) {
		if row.FindElement("ConflictingMeetingCount") != nil {
			t.Fatal("FindItem answered ConflictingMeetingCount")
		}
	}
}

// TestBoltStoreMeetings2 runs the occurrence meeting tests over
// boltstore.
func TestBoltStoreMeetings2(t *testing.T) {
	t.Run("OccurrenceMeetingRequest", func(t *testing.T) { testOccurrenceMeetingRequest(t, newBoltEnv(t)) })
	t.Run("OccurrenceTracking", func(t *testing.T) { testOccurrenceTracking(t, newBoltEnv(t)) })
	t.Run("CounterProposal", func(t *testing.T) { testCounterProposal(t, newBoltEnv(t)) })
}

// dumpMeetings2Responses writes responses of the occurrence meeting
// messages, counter proposals and conflicts for TestDumpResponses.
func dumpMeetings2Responses(t *testing.T, dir string) {
	e := newEnv(t)
	write := func(name, user, op string) {
		_, doc := e.postAs(user, envelope(op))
		doc.WriteToFile(filepath.Join(dir, "meet2-"+name+".xml"))
	}
	id := acceptedSeries(t, e)
	second, _ := idOf(calendarViewAs(t, e, user1, m2From, m2To)[1], "ItemId")
	seen2, seen1 := inboxIDs(t, e, user2), inboxIDs(t, e, user1)
	mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToAllAndSaveCopy"><m:ItemChanges><t:ItemChange>`+itemID(second)+`<t:Updates>`+
		`<t:SetItemField><t:FieldURI FieldURI="calendar:Location"/><t:CalendarItem><t:Location>Room 9</t:Location></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	all := `<m:ItemShape><t:BaseShape>AllProperties</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="calendar:RecurrenceId"/>` +
		`<t:FieldURI FieldURI="meeting:ProposedStart"/><t:FieldURI FieldURI="meeting:ProposedEnd"/>` +
		`<t:FieldURI FieldURI="calendar:ConflictingMeetingCount"/><t:FieldURI FieldURI="calendar:AdjacentMeetingCount"/>` +
		`<t:FieldURI FieldURI="calendar:ConflictingMeetings"/><t:FieldURI FieldURI="calendar:AdjacentMeetings"/></t:AdditionalProperties></m:ItemShape>`
	req := newestInbox(t, e, user2, `<t:BaseShape>IdOnly</t:BaseShape>`, seen2)
	reqID, _ := idOf(req, "ItemId")
	write("getoccrequest", user2, `<m:GetItem>`+all+`<m:ItemIds>`+itemID(reqID)+`</m:ItemIds></m:GetItem>`)
	mine := calendarViewAs(t, e, user2, m2From, m2To)
	third, _ := idOf(mine[2], "ItemId")
	write("occaccept", user2, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:AcceptItem><t:ReferenceItemId Id="`+third+`"/>`+
		`<t:ProposedStart>2030-04-08T12:00:00Z</t:ProposedStart><t:ProposedEnd>2030-04-08T13:00:00Z</t:ProposedEnd></t:AcceptItem></m:Items></m:CreateItem>`)
	resp := newestInbox(t, e, user1, `<t:BaseShape>IdOnly</t:BaseShape>`, seen1)
	respID, _ := idOf(resp, "ItemId")
	write("getproposal", user1, `<m:GetItem>`+all+`<m:ItemIds>`+itemID(respID)+`</m:ItemIds></m:GetItem>`)
	occ := calendarViewAs(t, e, user1, m2From, m2To)
	thirdOrg, _ := idOf(occ[2], "ItemId")
	write("getoccurrence", user1, `<m:GetItem>`+all+`<m:ItemIds>`+itemID(thirdOrg)+`</m:ItemIds></m:GetItem>`)
	write("getseries", user1, `<m:GetItem>`+all+`<m:ItemIds>`+itemID(id)+`</m:ItemIds></m:GetItem>`)
	write("canceloccurrence", user1, `<m:DeleteItem DeleteType="HardDelete" SendMeetingCancellations="SendToAllAndSaveCopy"><m:ItemIds><t:OccurrenceItemId RecurringMasterId="`+id+`" InstanceIndex="4"/></m:ItemIds></m:DeleteItem>`)
	c := newestInbox(t, e, user2, `<t:BaseShape>IdOnly</t:BaseShape>`, seen2)
	cID, _ := idOf(c, "ItemId")
	write("getocccancellation", user2, `<m:GetItem>`+all+`<m:ItemIds>`+itemID(cID)+`</m:ItemIds></m:GetItem>`)
}

// TestSendMeetingCancellationsRequired: DeleteItem of a calendar item or
// an occurrence needs SendMeetingCancellations ([MS-OXWSCORE] DeleteItem;
// ErrorSendMeetingCancellationsRequired); other items do not.
func TestSendMeetingCancellationsRequired(t *testing.T) {
	e := newEnv(t)
	appt := createAppt(t, e, user1, "A", "2030-06-03T09:00:00Z", "2030-06-03T10:00:00Z", "Busy")
	series := createSeries(t, e, user1, "S", "", "", "3")
	msg, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("drafts"), `<t:Subject>m</t:Subject>`)
	code := func(attrs, ids string) []string {
		_, msgs := messages(e.call(`<m:DeleteItem DeleteType="HardDelete"` + attrs + `><m:ItemIds>` + ids + `</m:ItemIds></m:DeleteItem>`))
		var out []string
		for _, m := range msgs {
			out = append(out, m.Code)
		}
		return out
	}
	occ := `<t:OccurrenceItemId RecurringMasterId="` + series + `" InstanceIndex="2"/>`
	if d := cmp.Diff([]string{"ErrorSendMeetingCancellationsRequired", "ErrorSendMeetingCancellationsRequired", "NoError", "ErrorItemNotFound"},
		code("", itemID(appt)+occ+itemID(msg)+`<t:OccurrenceItemId RecurringMasterId="`+series+`" InstanceIndex="9"/>`)); d != "" {
		t.Fatal("without the attribute:", d)
	}
	if d := cmp.Diff([]string{"NoError", "NoError"}, code(` SendMeetingCancellations="SendToNone"`, itemID(appt)+occ)); d != "" {
		t.Fatal("with SendToNone:", d)
	}
}

// TestOccurrenceMeetingRemote: an attendee outside the store gets the
// occurrence's request through Handler.Sender as iMIP with the series'
// UID and a RECURRENCE-ID ([MS-OXCICAL] 2.1.3.1.1.20.20), without the
// recurrence.
func TestOccurrenceMeetingRemote(t *testing.T) {
	e := newEnv(t)
	snd := &captureSender{}
	e.h.Sender = snd
	guest := `<t:RequiredAttendees><t:Attendee><t:Mailbox><t:EmailAddress>guest@remote.example</t:EmailAddress></t:Mailbox></t:Attendee></t:RequiredAttendees>`
	id := createSeries(t, e, user1, "remote sync", guest, ` SendMeetingInvitations="SendOnlyToAll"`, "3")
	uid := text(getItemAs(t, e, user1, requestShape, id), "UID")
	second, _ := idOf(calendarViewAs(t, e, user1, m2From, m2To)[1], "ItemId")
	mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendOnlyToAll"><m:ItemChanges><t:ItemChange>`+itemID(second)+`<t:Updates>`+
		`<t:SetItemField><t:FieldURI FieldURI="calendar:Location"/><t:CalendarItem><t:Location>Room 9</t:Location></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	if len(snd.raw) != 2 {
		t.Fatalf("sent %d messages", len(snd.raw))
	}
	m, err := oxcmail.Import(snd.raw[1], nil)
	if err != nil {
		t.Fatal(err)
	}
	var ics []byte
	for _, a := range m.Attachments {
		if mt, _ := oxcmail.Get(a.Props, mapi.PidTagAttachMimeTag).(string); mt == "text/calendar" {
			ics, _ = oxcmail.Get(a.Props, mapi.PidTagAttachDataBinary).([]byte)
		}
	}
	cal := parseICal(t, ics)
	var got []string
	for _, ev := range cal.Children {
		if ev.Name != "VEVENT" {
			continue
		}
		for _, name := range []string{"UID", "RECURRENCE-ID", "LOCATION", "RRULE"} {
			if p := ev.Prop(name); p != nil {
				got = append(got, name+"="+p.Value)
			}
		}
	}
	want := []string{"UID=" + uid, "RECURRENCE-ID=20300401T080000Z", "LOCATION=Room 9"}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("iCalendar part: %s\n%s", d, ics)
	}
}

// TestOccurrenceRequestWithoutSeries: an attendee whose calendar does
// not hold the series (she declined it) gets a single item per changed
// occurrence ([MS-OXOCAL] 3.1.5.2), and an occurrence's cancellation
// marks that item cancelled.
func TestOccurrenceRequestWithoutSeries(t *testing.T) {
	e := newEnv(t)
	id := createSeries(t, e, user1, "weekly sync", attendee2, ` SendMeetingInvitations="SendToAllAndSaveCopy"`, "4")
	reqID, _ := idOf(findItemsAs(t, e, user2, "inbox", "")[0], "ItemId")
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:DeclineItem><t:ReferenceItemId Id="`+reqID+`"/></t:DeclineItem></m:Items></m:CreateItem>`))
	if n := len(calendarViewAs(t, e, user2, m2From, m2To)); n != 0 {
		t.Fatalf("attendee still has %d occurrences", n)
	}
	occ := calendarViewAs(t, e, user1, m2From, m2To)
	for _, i := range []int{1, 2} {
		oid, _ := idOf(occ[i], "ItemId")
		mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendOnlyToAll"><m:ItemChanges><t:ItemChange>`+itemID(oid)+`<t:Updates>`+
			`<t:SetItemField><t:FieldURI FieldURI="calendar:Location"/><t:CalendarItem><t:Location>Room 9</t:Location></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	}
	want := []viewRow{
		{"weekly sync", "2030-04-01T08:00:00Z", "2030-04-01T09:00:00Z", "Single", "Room 9"},
		{"weekly sync", "2030-04-08T08:00:00Z", "2030-04-08T09:00:00Z", "Single", "Room 9"},
	}
	if d := cmp.Diff(want, viewRows(calendarViewAs(t, e, user2, m2From, m2To))); d != "" {
		t.Fatal("attendee:", d)
	}
	mustSuccess(t, e.call(`<m:DeleteItem DeleteType="HardDelete" SendMeetingCancellations="SendOnlyToAll"><m:ItemIds><t:OccurrenceItemId RecurringMasterId="`+id+`" InstanceIndex="3"/></m:ItemIds></m:DeleteItem>`))
	var cancelled []string
	for _, it := range calendarViewAs(t, e, user2, m2From, m2To) {
		cancelled = append(cancelled, text(it, "Start")+" "+text(it, "IsCancelled"))
	}
	if d := cmp.Diff([]string{"2030-04-01T08:00:00Z false", "2030-04-08T08:00:00Z true"}, cancelled); d != "" {
		t.Fatal("after the cancellation:", d)
	}
}

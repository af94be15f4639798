package ews

import (
	"context"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/ical/recur"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// getItemAs is getItem for any user.
func getItemAs(t *testing.T, e *env, user, shape, id string) *etree.Element {
	t.Helper()
	doc := e.callAs(user, `<m:GetItem><m:ItemShape>`+shape+`</m:ItemShape><m:ItemIds>`+itemID(id)+`</m:ItemIds></m:GetItem>`)
	return mustSuccess(t, doc)[0].FindElement("Items/*")
}

// calendarViewAs returns the items of user's Calendar in a CalendarView.
func calendarViewAs(t *testing.T, e *env, user, from, to string) []*etree.Element {
	t.Helper()
	doc := e.callAs(user, `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape>`+
		`<m:CalendarView StartDate="`+from+`" EndDate="`+to+`"/><m:ParentFolderIds>`+dist("calendar")+`</m:ParentFolderIds></m:FindItem>`)
	return mustSuccess(t, doc)[0].FindElements("RootFolder/Items/*")
}

// createSeries creates a weekly Monday series of n occurrences at 10:00
// Berlin time from 2030-03-25 (across the DST change of 2030-03-31) as
// user and returns its ID.
func createSeries(t *testing.T, e *env, user, subject, extra, attrs string, n string) string {
	t.Helper()
	doc := e.callAs(user, `<m:CreateItem`+attrs+`><m:Items><t:CalendarItem><t:Subject>`+subject+`</t:Subject><t:Body BodyType="Text">series body</t:Body>`+
		`<t:Start>2030-03-25T09:00:00Z</t:Start><t:End>2030-03-25T10:00:00Z</t:End><t:Location>Room 1</t:Location>`+
		`<t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday</t:DaysOfWeek></t:WeeklyRecurrence>`+
		`<t:NumberedRecurrence><t:StartDate>2030-03-25</t:StartDate><t:NumberOfOccurrences>`+n+`</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>`+
		extra+`<t:StartTimeZone Id="W. Europe Standard Time"/></t:CalendarItem></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	return id
}

type viewRow struct{ Subject, Start, End, Type, Location string }

func viewRows(els []*etree.Element) []viewRow {
	var out []viewRow
	for _, it := range els {
		out = append(out, viewRow{text(it, "Subject"), text(it, "Start"), text(it, "End"), text(it, "CalendarItemType"), text(it, "Location")})
	}
	return out
}

// TestOccurrenceExceptions modifies one occurrence of a series and
// deletes another ([MS-OXOCAL] 2.2.1.44.5 exceptions, 2.2.10 exception
// attachments), then reads the effects through CalendarView, GetItem of
// the exception and of the master (ModifiedOccurrences,
// DeletedOccurrences, FirstOccurrence, LastOccurrence) and the stored
// recurrence blob.
func TestOccurrenceExceptions(t *testing.T) { testOccurrenceExceptions(t, newEnv(t)) }

func testOccurrenceExceptions(t *testing.T, e *env) {
	id := createSeries(t, e, user1, "weekly", "", "", "4")
	const from, to = "2030-03-01T00:00:00Z", "2030-05-01T00:00:00Z"
	occ := calendarViewAs(t, e, user1, from, to)
	if len(occ) != 4 {
		t.Fatalf("%d occurrences", len(occ))
	}
	second, _ := idOf(occ[1], "ItemId")
	// The second occurrence (Monday 2030-04-01 10:00 CEST) moves to
	// Tuesday 11:00 with its own subject, location and body.
	doc := e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange>` + itemID(second) + `<t:Updates>` +
		`<t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:CalendarItem><t:Subject>moved</t:Subject></t:CalendarItem></t:SetItemField>` +
		`<t:SetItemField><t:FieldURI FieldURI="calendar:Start"/><t:CalendarItem><t:Start>2030-04-02T09:00:00Z</t:Start></t:CalendarItem></t:SetItemField>` +
		`<t:SetItemField><t:FieldURI FieldURI="calendar:End"/><t:CalendarItem><t:End>2030-04-02T10:30:00Z</t:End></t:CalendarItem></t:SetItemField>` +
		`<t:SetItemField><t:FieldURI FieldURI="calendar:Location"/><t:CalendarItem><t:Location>Room 9</t:Location></t:CalendarItem></t:SetItemField>` +
		`<t:SetItemField><t:FieldURI FieldURI="item:Body"/><t:CalendarItem><t:Body BodyType="Text">only this time</t:Body></t:CalendarItem></t:SetItemField>` +
		`</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`)
	exID, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	if exID != second {
		t.Fatalf("UpdateItem answered %s, not the occurrence's ID", exID)
	}
	// The third occurrence is deleted by OccurrenceItemId.
	mustSuccess(t, e.call(`<m:DeleteItem DeleteType="HardDelete" SendMeetingCancellations="SendToNone"><m:ItemIds><t:OccurrenceItemId RecurringMasterId="`+id+`" InstanceIndex="3"/></m:ItemIds></m:DeleteItem>`))
	want := []viewRow{
		{"weekly", "2030-03-25T09:00:00Z", "2030-03-25T10:00:00Z", "Occurrence", "Room 1"},
		{"moved", "2030-04-02T09:00:00Z", "2030-04-02T10:30:00Z", "Exception", "Room 9"},
		{"weekly", "2030-04-15T08:00:00Z", "2030-04-15T09:00:00Z", "Occurrence", "Room 1"},
	}
	if d := cmp.Diff(want, viewRows(calendarViewAs(t, e, user1, from, to))); d != "" {
		t.Fatal(d)
	}
	// GetItem of the exception: its own fields and body.
	x := getItemAs(t, e, user1, `<t:BaseShape>AllProperties</t:BaseShape><t:BodyType>Text</t:BodyType>`, exID)
	got := []string{text(x, "Subject"), text(x, "Body"), text(x, "Start"), text(x, "OriginalStart"), text(x, "CalendarItemType"), text(x, "Location")}
	if d := cmp.Diff([]string{"moved", "only this time", "2030-04-02T09:00:00Z", "2030-04-01T08:00:00Z", "Exception", "Room 9"}, got); d != "" {
		t.Fatal(d)
	}
	// The master lists both changes.
	m := getItemAs(t, e, user1, `<t:BaseShape>AllProperties</t:BaseShape>`, id)
	mo := m.FindElements("ModifiedOccurrences/Occurrence")
	do := m.FindElements("DeletedOccurrences/DeletedOccurrence")
	if len(mo) != 1 || len(do) != 1 {
		t.Fatalf("modified %d, deleted %d:\n%s", len(mo), len(do), dump(doc))
	}
	moID, _ := idOf(mo[0], "ItemId")
	got = []string{moID, text(mo[0], "Start"), text(mo[0], "OriginalStart"), text(do[0], "Start"),
		text(m.SelectElement("FirstOccurrence"), "Start"), text(m.SelectElement("LastOccurrence"), "Start"), text(m, "Subject"), text(m, "CalendarItemType")}
	if d := cmp.Diff([]string{exID, "2030-04-02T09:00:00Z", "2030-04-01T08:00:00Z", "2030-04-08T08:00:00Z", "2030-03-25T09:00:00Z", "2030-04-15T08:00:00Z", "weekly", "RecurringMaster"}, got); d != "" {
		t.Fatal(d)
	}
	// The stored pattern ([MS-OXOCAL] 2.2.1.44.1, 2.2.1.44.2): both
	// original dates deleted, the new date modified, one ExceptionInfo
	// with subject and location overrides in local time, and a hidden
	// exception attachment carrying the body.
	oid, _ := ParseObjectID(id)
	mb, err := e.st.OpenMailbox(context.Background(), user1)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mb.Message(context.Background(), oid.Message, nil)
	if err != nil {
		t.Fatal(err)
	}
	np := mb.(store.NamedProperties)
	ids, _ := np.PropIDs(context.Background(), []mapi.PropertyName{mapi.PidLidAppointmentRecur.PropertyName()}, false)
	blob, _ := getBytes(msg.Props, mapi.NewPropTag(ids[0], mapi.PtypBinary))
	pat, err := recur.ParseAppointmentRecurrencePattern(blob)
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string) uint32 { return recur.TimeToMinutes(mustDate(t, s)) }
	if d := cmp.Diff([]uint32{day("2030-04-01"), day("2030-04-08")}, pat.DeletedInstanceDates); d != "" {
		t.Fatal("DeletedInstanceDates", d)
	}
	if d := cmp.Diff([]uint32{day("2030-04-02")}, pat.ModifiedInstanceDates); d != "" {
		t.Fatal("ModifiedInstanceDates", d)
	}
	if len(pat.Exceptions) != 1 {
		t.Fatalf("%d exceptions", len(pat.Exceptions))
	}
	xi := pat.Exceptions[0]
	if xi.Info.OriginalStartTime != day("2030-04-01")+600 || xi.Info.StartDateTime != day("2030-04-02")+660 || xi.Info.EndDateTime != day("2030-04-02")+750 ||
		xi.Info.OverrideFlags&(recur.AROSubject|recur.AROLocation) != recur.AROSubject|recur.AROLocation || xi.Subject() != "moved" || xi.Location() != "Room 9" {
		t.Fatalf("exception %+v", xi)
	}
	if len(msg.Attachments) != 1 || msg.Attachments[0].Embedded == nil {
		t.Fatalf("%d attachments", len(msg.Attachments))
	}
	a := msg.Attachments[0]
	if f, _ := getInt(a.Props, mapi.PidTagAttachmentFlags); f != afException {
		t.Fatalf("attachment flags %d", f)
	}
	if b, _ := getString(a.Embedded.Props, mapi.PidTagBody); b != "only this time" {
		t.Fatalf("exception body %q", b)
	}
	// Deleting the exception removes it with its attachment.
	mustSuccess(t, e.call(`<m:DeleteItem DeleteType="HardDelete" SendMeetingCancellations="SendToNone"><m:ItemIds>`+itemID(exID)+`</m:ItemIds></m:DeleteItem>`))
	if d := cmp.Diff(want[2:], viewRows(calendarViewAs(t, e, user1, "2030-03-26T00:00:00Z", to))); d != "" {
		t.Fatal(d)
	}
	msg, _ = mb.Message(context.Background(), oid.Message, nil)
	if len(msg.Attachments) != 0 {
		t.Fatalf("%d attachments left", len(msg.Attachments))
	}
	// Occurrences cannot be moved or copied to another folder.
	for _, op := range []string{"MoveItem", "CopyItem"} {
		_, msgs := messages(e.call(`<m:` + op + `><m:ToFolderId>` + dist("inbox") + `</m:ToFolderId><m:ItemIds>` + itemID(exID) + `</m:ItemIds></m:` + op + `>`))
		if msgs[0].Code != "ErrorCalendarCannotMoveOrCopyOccurrence" {
			t.Fatalf("%s: %+v", op, msgs)
		}
	}
	// Moving an occurrence onto the day of the next one is refused.
	first, _ := idOf(calendarViewAs(t, e, user1, from, to)[0], "ItemId")
	_, msgs := messages(e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange>` + itemID(first) + `<t:Updates>` +
		`<t:SetItemField><t:FieldURI FieldURI="calendar:Start"/><t:CalendarItem><t:Start>2030-04-15T10:00:00Z</t:Start></t:CalendarItem></t:SetItemField>` +
		`<t:SetItemField><t:FieldURI FieldURI="calendar:End"/><t:CalendarItem><t:End>2030-04-15T11:00:00Z</t:End></t:CalendarItem></t:SetItemField>` +
		`</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	if msgs[0].Code != "ErrorOccurrenceCrossingBoundary" {
		t.Fatalf("%+v", msgs)
	}
	// An unknown occurrence and a non-occurrence field.
	_, msgs = messages(e.call(`<m:DeleteItem DeleteType="HardDelete"><m:ItemIds><t:OccurrenceItemId RecurringMasterId="` + id + `" InstanceIndex="40"/></m:ItemIds></m:DeleteItem>`))
	if msgs[0].Code != "ErrorItemNotFound" {
		t.Fatalf("%+v", msgs)
	}
	_, msgs = messages(e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange><t:OccurrenceItemId RecurringMasterId="` + id + `" InstanceIndex="1"/><t:Updates>` +
		`<t:DeleteItemField><t:FieldURI FieldURI="item:Subject"/></t:DeleteItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	if msgs[0].Code != "ErrorInvalidPropertyForOperation" {
		t.Fatalf("%+v", msgs)
	}
}

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := parseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestFirstLastOccurrence checks FirstOccurrence and LastOccurrence of a
// yearly series whose first instance is months after its start date, and
// that a series without an end has no LastOccurrence.
func TestFirstLastOccurrence(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ rng, first, last string }{
		{`<t:NumberedRecurrence><t:StartDate>2030-01-15</t:StartDate><t:NumberOfOccurrences>3</t:NumberOfOccurrences></t:NumberedRecurrence>`, "2030-11-28T12:00:00Z", "2032-11-25T12:00:00Z"},
		{`<t:NoEndRecurrence><t:StartDate>2030-01-15</t:StartDate></t:NoEndRecurrence>`, "2030-11-28T12:00:00Z", ""},
	} {
		doc := e.call(`<m:CreateItem><m:Items><t:CalendarItem><t:Subject>p</t:Subject><t:Start>2030-01-15T12:00:00Z</t:Start><t:End>2030-01-15T13:00:00Z</t:End>` +
			`<t:Recurrence><t:RelativeYearlyRecurrence><t:DaysOfWeek>Thursday</t:DaysOfWeek><t:DayOfWeekIndex>Fourth</t:DayOfWeekIndex><t:Month>November</t:Month></t:RelativeYearlyRecurrence>` +
			tc.rng + `</t:Recurrence><t:StartTimeZone Id="UTC"/></t:CalendarItem></m:Items></m:CreateItem>`)
		id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
		m := getItemAs(t, e, user1, `<t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="calendar:FirstOccurrence"/><t:FieldURI FieldURI="calendar:LastOccurrence"/></t:AdditionalProperties>`, id)
		got := []string{text(m.SelectElement("FirstOccurrence"), "Start"), text(m.SelectElement("LastOccurrence"), "Start")}
		if d := cmp.Diff([]string{tc.first, tc.last}, got); d != "" {
			t.Fatal(d)
		}
	}
}

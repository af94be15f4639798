package ews

import (
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
)

type calView struct {
	Subject, Start, End, Location, FreeBusy, AllDay, IsMeeting, Type, Organizer string
	Required                                                                    []string
}

func viewCal(e *etree.Element) calView {
	v := calView{Subject: text(e, "Subject"), Start: text(e, "Start"), End: text(e, "End"), Location: text(e, "Location"),
		FreeBusy: text(e, "LegacyFreeBusyStatus"), AllDay: text(e, "IsAllDayEvent"), IsMeeting: text(e, "IsMeeting"),
		Type: text(e, "CalendarItemType"), Organizer: text(e.SelectElement("Organizer"), "EmailAddress")}
	for _, a := range e.FindElements("RequiredAttendees/Attendee") {
		v.Required = append(v.Required, text(a, "EmailAddress"))
	}
	return v
}

func TestCalendarItems(t *testing.T) { testCalendarItems(t, newEnv(t)) }

func testCalendarItems(t *testing.T, e *env) {
	create := func(subject, start, end, extra string) string {
		doc := e.call(`<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:Subject>` + subject + `</t:Subject>` +
			`<t:Start>` + start + `</t:Start><t:End>` + end + `</t:End>` + extra + `</t:CalendarItem></m:Items></m:CreateItem>`)
		id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
		return id
	}
	id := create("Planning", "2024-01-02T10:00:00+01:00", "2024-01-02T11:00:00+01:00",
		`<t:IsAllDayEvent>false</t:IsAllDayEvent><t:LegacyFreeBusyStatus>Tentative</t:LegacyFreeBusyStatus><t:Location>Room 1</t:Location>`+
			`<t:RequiredAttendees><t:Attendee><t:Mailbox><t:EmailAddress>user2@example.com</t:EmailAddress></t:Mailbox></t:Attendee></t:RequiredAttendees>`)
	create("Later", "2024-01-05T09:00:00Z", "2024-01-05T09:30:00Z", "")
	create("Earlier", "2023-12-20T09:00:00Z", "2023-12-20T09:30:00Z", "")

	m := getItem(t, e, `<t:BaseShape>Default</t:BaseShape>`, id)
	want := calView{Subject: "Planning", Start: "2024-01-02T09:00:00Z", End: "2024-01-02T10:00:00Z", Location: "Room 1", FreeBusy: "Tentative",
		AllDay: "false", IsMeeting: "true", Type: "Single", Organizer: user1, Required: []string{user2}}
	if m.Tag != "CalendarItem" {
		t.Fatalf("element %s", m.Tag)
	}
	if d := cmp.Diff(want, viewCal(m)); d != "" {
		t.Fatal(d)
	}
	// Saved in the Calendar.
	cal, _ := idOf(e.call(getFolderOp("IdOnly", dist("calendar"))).Root(), "FolderId")
	if p, _ := idOf(m, "ParentFolderId"); p != cal {
		t.Fatal("not in the calendar")
	}
	// CalendarView: overlapping items in start order.
	view := func(from, to, max string) []string {
		mx := ""
		if max != "" {
			mx = ` MaxEntriesReturned="` + max + `"`
		}
		doc := e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/><t:FieldURI FieldURI="calendar:Start"/></t:AdditionalProperties></m:ItemShape>` +
			`<m:CalendarView StartDate="` + from + `" EndDate="` + to + `"` + mx + `/><m:ParentFolderIds>` + dist("calendar") + `</m:ParentFolderIds></m:FindItem>`)
		var out []string
		for _, it := range mustSuccess(t, doc)[0].FindElements("RootFolder/Items/*") {
			out = append(out, text(it, "Subject"))
		}
		return out
	}
	if d := cmp.Diff([]string{"Earlier", "Planning", "Later"}, view("2023-12-01T00:00:00Z", "2024-02-01T00:00:00Z", "")); d != "" {
		t.Fatal(d)
	}
	if d := cmp.Diff([]string{"Planning"}, view("2024-01-02T09:30:00Z", "2024-01-03T00:00:00Z", "")); d != "" {
		t.Fatal(d)
	}
	if d := cmp.Diff([]string{"Earlier", "Planning"}, view("2023-12-01T00:00:00Z", "2024-02-01T00:00:00Z", "2")); d != "" {
		t.Fatal(d)
	}
	// A restriction on calendar:Start.
	doc := e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/></t:AdditionalProperties></m:ItemShape>` +
		`<m:Restriction><t:IsGreaterThan><t:FieldURI FieldURI="calendar:Start"/><t:FieldURIOrConstant><t:Constant Value="2024-01-03T00:00:00Z"/></t:FieldURIOrConstant></t:IsGreaterThan></m:Restriction>` +
		`<m:ParentFolderIds>` + dist("calendar") + `</m:ParentFolderIds></m:FindItem>`)
	if got := mustSuccess(t, doc)[0].FindElements("RootFolder/Items/*"); len(got) != 1 || text(got[0], "Subject") != "Later" {
		t.Fatalf("restriction: %s", dump(doc))
	}
	// Update the location; an end before the start is refused.
	mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange>`+itemID(id)+
		`<t:Updates><t:SetItemField><t:FieldURI FieldURI="calendar:Location"/><t:CalendarItem><t:Location>Room 2</t:Location></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	want.Location = "Room 2"
	if d := cmp.Diff(want, viewCal(getItem(t, e, `<t:BaseShape>Default</t:BaseShape>`, id))); d != "" {
		t.Fatal(d)
	}
	_, msgs := messages(e.call(`<m:CreateItem><m:Items><t:CalendarItem><t:Start>2024-01-02T10:00:00Z</t:Start><t:End>2024-01-02T09:00:00Z</t:End></t:CalendarItem></m:Items></m:CreateItem>`))
	if msgs[0].Code != "ErrorCalendarEndDateIsEarlierThanStartDate" {
		t.Fatalf("%+v", msgs)
	}
}

func TestRecurringCalendarItems(t *testing.T) { testRecurringCalendarItems(t, newEnv(t)) }

func testRecurringCalendarItems(t *testing.T, e *env) {
	// Mondays and Wednesdays at 10:00 Berlin time, 4 occurrences, across
	// the start of daylight saving time (2030-03-31).
	doc := e.call(`<m:CreateItem><m:Items><t:CalendarItem><t:Subject>standup</t:Subject>` +
		`<t:Start>2030-03-25T09:00:00Z</t:Start><t:End>2030-03-25T09:15:00Z</t:End>` +
		`<t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday Wednesday</t:DaysOfWeek><t:FirstDayOfWeek>Monday</t:FirstDayOfWeek></t:WeeklyRecurrence>` +
		`<t:NumberedRecurrence><t:StartDate>2030-03-25</t:StartDate><t:NumberOfOccurrences>4</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>` +
		`<t:StartTimeZone Id="W. Europe Standard Time"/><t:EndTimeZone Id="W. Europe Standard Time"/></t:CalendarItem></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	m := getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id)
	r := m.SelectElement("Recurrence")
	got := []string{text(m, "CalendarItemType"), text(r, "Interval"), text(r, "DaysOfWeek"), text(r, "StartDate"), text(r, "NumberOfOccurrences")}
	if d := cmp.Diff([]string{"RecurringMaster", "1", "Monday Wednesday", "2030-03-25", "4"}, got); d != "" {
		t.Fatalf("%s\n%s", d, dump(doc))
	}
	view := func(from, to string) []string {
		doc := e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape>` +
			`<m:CalendarView StartDate="` + from + `" EndDate="` + to + `"/><m:ParentFolderIds>` + dist("calendar") + `</m:ParentFolderIds></m:FindItem>`)
		var out []string
		for _, it := range mustSuccess(t, doc)[0].FindElements("RootFolder/Items/*") {
			out = append(out, text(it, "Start")+" "+text(it, "CalendarItemType"))
		}
		return out
	}
	want := []string{"2030-03-25T09:00:00Z Occurrence", "2030-03-27T09:00:00Z Occurrence", "2030-04-01T08:00:00Z Occurrence", "2030-04-03T08:00:00Z Occurrence"}
	if d := cmp.Diff(want, view("2030-03-01T00:00:00Z", "2030-05-01T00:00:00Z")); d != "" {
		t.Fatal(d)
	}
	if d := cmp.Diff(want[1:3], view("2030-03-26T00:00:00Z", "2030-04-02T00:00:00Z")); d != "" {
		t.Fatal(d)
	}
	// Occurrences have their own IDs: GetItem returns the occurrence.
	doc = e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>` +
		`<m:CalendarView StartDate="2030-03-31T00:00:00Z" EndDate="2030-04-02T00:00:00Z"/><m:ParentFolderIds>` + dist("calendar") + `</m:ParentFolderIds></m:FindItem>`)
	occID, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	if occID == id {
		t.Fatal("occurrence has the series' ID")
	}
	o := getItem(t, e, `<t:BaseShape>Default</t:BaseShape>`, occID)
	if got := []string{text(o, "Start"), text(o, "End"), text(o, "CalendarItemType")}; !cmp.Equal(got, []string{"2030-04-01T08:00:00Z", "2030-04-01T08:15:00Z", "Occurrence"}) {
		t.Fatalf("occurrence: %v", got)
	}
	// OccurrenceItemId (3rd instance) and RecurringMasterItemId.
	doc = e.call(`<m:GetItem><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ItemIds><t:OccurrenceItemId RecurringMasterId="` + id + `" InstanceIndex="3"/>` +
		`<t:RecurringMasterItemId OccurrenceId="` + occID + `"/><t:OccurrenceItemId RecurringMasterId="` + id + `" InstanceIndex="9"/></m:ItemIds></m:GetItem>`)
	els, msgs := messages(doc)
	if len(els) != 3 || text(els[0], "Start") != "2030-04-01T08:00:00Z" || text(els[1], "CalendarItemType") != "RecurringMaster" || msgs[2].Code != "ErrorItemNotFound" {
		t.Fatalf("occurrence forms: %+v\n%s", msgs, dump(doc))
	}
	// Changing and deleting single occurrences: TestOccurrenceExceptions.
	// Moving the series an hour later moves every occurrence; a new
	// recurrence replaces the old one.
	update := func(field, inner string) {
		mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange>`+itemID(id)+`<t:Updates><t:SetItemField><t:FieldURI FieldURI="`+field+`"/><t:CalendarItem>`+inner+`</t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	}
	update("calendar:End", `<t:End>2030-03-25T10:15:00Z</t:End>`)
	update("calendar:Start", `<t:Start>2030-03-25T10:00:00Z</t:Start>`)
	if d := cmp.Diff([]string{"2030-03-25T10:00:00Z Occurrence", "2030-03-27T10:00:00Z Occurrence", "2030-04-01T09:00:00Z Occurrence", "2030-04-03T09:00:00Z Occurrence"},
		view("2030-03-01T00:00:00Z", "2030-05-01T00:00:00Z")); d != "" {
		t.Fatal(d)
	}
	update("calendar:Recurrence", `<t:Recurrence><t:DailyRecurrence><t:Interval>1</t:Interval></t:DailyRecurrence><t:NumberedRecurrence><t:StartDate>2030-03-25</t:StartDate><t:NumberOfOccurrences>2</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>`)
	if d := cmp.Diff([]string{"2030-03-25T10:00:00Z Occurrence", "2030-03-26T10:00:00Z Occurrence"}, view("2030-03-01T00:00:00Z", "2030-05-01T00:00:00Z")); d != "" {
		t.Fatal(d)
	}
	// Other patterns store and read back.
	for _, tc := range []struct{ pattern, want string }{
		{`<t:DailyRecurrence><t:Interval>2</t:Interval></t:DailyRecurrence>`, "DailyRecurrence"},
		{`<t:AbsoluteMonthlyRecurrence><t:Interval>1</t:Interval><t:DayOfMonth>15</t:DayOfMonth></t:AbsoluteMonthlyRecurrence>`, "AbsoluteMonthlyRecurrence"},
		{`<t:RelativeMonthlyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Tuesday</t:DaysOfWeek><t:DayOfWeekIndex>Last</t:DayOfWeekIndex></t:RelativeMonthlyRecurrence>`, "RelativeMonthlyRecurrence"},
		{`<t:AbsoluteYearlyRecurrence><t:DayOfMonth>4</t:DayOfMonth><t:Month>July</t:Month></t:AbsoluteYearlyRecurrence>`, "AbsoluteYearlyRecurrence"},
		{`<t:RelativeYearlyRecurrence><t:DaysOfWeek>Thursday</t:DaysOfWeek><t:DayOfWeekIndex>Fourth</t:DayOfWeekIndex><t:Month>November</t:Month></t:RelativeYearlyRecurrence>`, "RelativeYearlyRecurrence"},
	} {
		doc := e.call(`<m:CreateItem><m:Items><t:CalendarItem><t:Subject>p</t:Subject><t:Start>2030-01-15T12:00:00Z</t:Start><t:End>2030-01-15T13:00:00Z</t:End>` +
			`<t:Recurrence>` + tc.pattern + `<t:NoEndRecurrence><t:StartDate>2030-01-15</t:StartDate></t:NoEndRecurrence></t:Recurrence></t:CalendarItem></m:Items></m:CreateItem>`)
		id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
		r := getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id).SelectElement("Recurrence")
		if r == nil || r.ChildElements()[0].Tag != tc.want || r.ChildElements()[1].Tag != "NoEndRecurrence" {
			t.Fatalf("%s: %v", tc.want, r)
		}
	}
	// A pattern without a range is refused.
	_, msgs = messages(e.call(`<m:CreateItem><m:Items><t:CalendarItem><t:Start>2030-01-15T12:00:00Z</t:Start><t:End>2030-01-15T13:00:00Z</t:End><t:Recurrence><t:DailyRecurrence><t:Interval>1</t:Interval></t:DailyRecurrence></t:Recurrence></t:CalendarItem></m:Items></m:CreateItem>`))
	if msgs[0].Code != "ErrorInvalidValueForProperty" {
		t.Fatalf("%+v", msgs)
	}
}

// TestTimeZoneContext checks that times without an offset are taken in
// the request's TimeZoneContext.
func TestTimeZoneContext(t *testing.T) {
	e := newEnv(t)
	body := `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">` +
		`<s:Header><t:RequestServerVersion Version="Exchange2016"/><t:TimeZoneContext><t:TimeZoneDefinition Id="W. Europe Standard Time"/></t:TimeZoneContext></s:Header>` +
		`<s:Body><m:CreateItem><m:Items><t:CalendarItem><t:Subject>local</t:Subject><t:Start>2030-07-01T10:00:00</t:Start><t:End>2030-07-01T11:00:00</t:End></t:CalendarItem></m:Items></m:CreateItem></s:Body></s:Envelope>`
	code, doc := e.postAs(user1, body)
	if code != 200 {
		t.Fatalf("HTTP %d", code)
	}
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	m := getItem(t, e, `<t:BaseShape>Default</t:BaseShape>`, id)
	if got := []string{text(m, "Start"), text(m, "End")}; !cmp.Equal(got, []string{"2030-07-01T08:00:00Z", "2030-07-01T09:00:00Z"}) {
		t.Fatalf("%v", got)
	}
}

package ews

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/ical"
	"github.com/oxkit/oxkit/vcard"
)

// mimeOf returns the decoded t:MimeContent of an item element.
func mimeOf(t *testing.T, it *etree.Element) []byte {
	t.Helper()
	mc := it.SelectElement("MimeContent")
	if mc == nil {
		t.Fatalf("no MimeContent in %s", it.Tag)
	}
	raw, err := base64.StdEncoding.DecodeString(mc.Text())
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// parseICal decodes an iCalendar object and returns its VCALENDAR.
func parseICal(t *testing.T, raw []byte) *ical.Component {
	t.Helper()
	cals, err := ical.Decode(bytes.NewReader(raw), nil)
	if err != nil || len(cals) != 1 {
		t.Fatalf("MimeContent is not one iCalendar object (%v):\n%s", err, raw)
	}
	return cals[0]
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

const berlinSeries = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" +
	"BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n" +
	"BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n" +
	"BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n" +
	"END:VTIMEZONE\r\n" +
	"BEGIN:VEVENT\r\nUID:series-1@example.com\r\nDTSTAMP:20270101T000000Z\r\n" +
	"DTSTART;TZID=Europe/Berlin:20270315T090000\r\nDTEND;TZID=Europe/Berlin:20270315T093000\r\n" +
	"RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4\r\nSUMMARY:Weekly sync\r\nLOCATION:Room 2\r\nDESCRIPTION:Notes\r\n" +
	"ORGANIZER;CN=User One:mailto:user1@example.com\r\n" +
	"ATTENDEE;CN=User Two;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:user2@example.com\r\n" +
	"BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nDESCRIPTION:Reminder\r\nEND:VALARM\r\n" +
	"END:VEVENT\r\n" +
	"BEGIN:VEVENT\r\nUID:series-1@example.com\r\nDTSTAMP:20270101T000000Z\r\n" +
	"RECURRENCE-ID;TZID=Europe/Berlin:20270329T090000\r\n" +
	"DTSTART;TZID=Europe/Berlin:20270329T110000\r\nDTEND;TZID=Europe/Berlin:20270329T113000\r\n" +
	"SUMMARY:Weekly sync (moved)\r\nEND:VEVENT\r\n" +
	"END:VCALENDAR\r\n"

// TestCalendarMimeContent checks that a t:CalendarItem's MimeContent is
// iCalendar both ways ([MS-OXWSCORE] 2.2.4.26, [MS-OXCICAL] 2.1.3.1):
// CreateItem imports it (times and zone, UID, RRULE, an exception,
// attendees, the alarm) merged with the other elements, and GetItem
// IncludeMimeContent exports the item as a VCALENDAR.
func TestCalendarMimeContent(t *testing.T) { testCalendarMimeContent(t, newEnv(t)) }

func testCalendarMimeContent(t *testing.T, e *env) {
	doc := e.call(`<m:CreateItem MessageDisposition="SaveOnly" SendMeetingInvitations="SendToNone"><m:SavedItemFolderId>` + dist("calendar") +
		`</m:SavedItemFolderId><m:Items><t:CalendarItem><t:MimeContent CharacterSet="UTF-8">` + b64(berlinSeries) + `</t:MimeContent>` +
		`<t:ExtendedProperty><t:ExtendedFieldURI PropertyTag="0x10f3" PropertyType="String"/><t:Value>series-1.ics</t:Value></t:ExtendedProperty>` +
		`<t:LegacyFreeBusyStatus>Tentative</t:LegacyFreeBusyStatus></t:CalendarItem></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")

	it := getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id)
	type view struct {
		Subject, Start, End, Location, FreeBusy, Recurring, Type, Reminder, Minutes, Pattern, Required, Body string
	}
	got := view{text(it, "Subject"), text(it, "Start"), text(it, "End"), text(it, "Location"), text(it, "LegacyFreeBusyStatus"),
		text(it, "IsRecurring"), text(it, "CalendarItemType"), text(it, "ReminderIsSet"), text(it, "ReminderMinutesBeforeStart"),
		"", text(it.SelectElement("RequiredAttendees"), "EmailAddress"), text(it, "Body")}
	if r := it.FindElement("Recurrence/WeeklyRecurrence"); r != nil {
		got.Pattern = text(r, "DaysOfWeek") + "/" + text(it.FindElement("Recurrence"), "NumberOfOccurrences")
	}
	want := view{"Weekly sync", "2027-03-15T08:00:00Z", "2027-03-15T08:30:00Z", "Room 2", "Tentative", "true", "RecurringMaster",
		"true", "15", "Monday/4", user2, "Notes"}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("CreateItem with iCalendar MimeContent (-want +got):\n%s", d)
	}

	// Back out: a VCALENDAR with the zone, the series and its exception.
	it = getItem(t, e, `<t:BaseShape>IdOnly</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent>`, id)
	cal := parseICal(t, mimeOf(t, it))
	if len(cal.ChildrenNamed("VTIMEZONE")) != 1 {
		t.Fatalf("want one VTIMEZONE:\n%s", mimeOf(t, it))
	}
	tzid := cal.ChildrenNamed("VTIMEZONE")[0].Text("TZID")
	evs := cal.ChildrenNamed("VEVENT")
	if len(evs) != 2 {
		t.Fatalf("want the series and one exception:\n%s", mimeOf(t, it))
	}
	type evView struct {
		UID, Summary, Start, StartTZID, RRule, RecurrenceID, Attendee string
		Alarms                                                        int
	}
	ev := func(c *ical.Component) evView {
		v := evView{UID: c.Text("UID"), Summary: c.Text("SUMMARY"), Alarms: len(c.ChildrenNamed("VALARM"))}
		if p := c.Prop("DTSTART"); p != nil {
			v.Start, v.StartTZID = p.Value, p.Param("TZID")
		}
		if p := c.Prop("RRULE"); p != nil {
			v.RRule = p.Value
		}
		if p := c.Prop("RECURRENCE-ID"); p != nil {
			v.RecurrenceID = p.Value
		}
		if p := c.Prop("ATTENDEE"); p != nil {
			v.Attendee = strings.ToLower(p.Value)
		}
		return v
	}
	gotEv := []evView{ev(evs[0]), ev(evs[1])}
	rrule := gotEv[0].RRule
	gotEv[0].RRule = ""
	wantEv := []evView{
		{UID: "series-1@example.com", Summary: "Weekly sync", Start: "20270315T090000", StartTZID: tzid, Attendee: "mailto:user2@example.com", Alarms: 1},
		{UID: "series-1@example.com", Summary: "Weekly sync (moved)", Start: "20270329T110000", StartTZID: tzid, RecurrenceID: "20270329T090000", Attendee: "mailto:user2@example.com"},
	}
	if d := cmp.Diff(wantEv, gotEv); d != "" {
		t.Fatalf("exported VEVENTs (-want +got):\n%s\n%s", d, mimeOf(t, it))
	}
	if !strings.Contains(rrule, "FREQ=WEEKLY") || !strings.Contains(rrule, "COUNT=4") || !strings.Contains(rrule, "BYDAY=MO") {
		t.Fatalf("RRULE %q", rrule)
	}

	// The imported series expands in its own zone across the DST change
	// of 28 March 2027, with the exception's time.
	doc = e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="calendar:Start"/></t:AdditionalProperties></m:ItemShape>` +
		`<m:CalendarView StartDate="2027-03-01T00:00:00Z" EndDate="2027-04-30T00:00:00Z"/><m:ParentFolderIds>` + dist("calendar") + `</m:ParentFolderIds></m:FindItem>`)
	var starts []string
	for _, it := range mustSuccess(t, doc)[0].FindElements("RootFolder/Items/CalendarItem") {
		starts = append(starts, text(it, "Start"))
	}
	if d := cmp.Diff([]string{"2027-03-15T08:00:00Z", "2027-03-22T08:00:00Z", "2027-03-29T09:00:00Z", "2027-04-05T07:00:00Z"}, starts); d != "" {
		t.Fatalf("CalendarView of the imported series (-want +got):\n%s", d)
	}

	// FindItem by the DavMail's urlcompname (0x10f3) finds it.
	doc = e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:Restriction><t:IsEqualTo>` +
		`<t:ExtendedFieldURI PropertyTag="0x10f3" PropertyType="String"/><t:FieldURIOrConstant><t:Constant Value="series-1.ics"/></t:FieldURIOrConstant></t:IsEqualTo></m:Restriction>` +
		`<m:ParentFolderIds>` + dist("calendar") + `</m:ParentFolderIds></m:FindItem>`)
	if n := len(mustSuccess(t, doc)[0].FindElements("RootFolder/Items/CalendarItem")); n != 1 {
		t.Fatalf("FindItem by 0x10f3: %d items", n)
	}
}

// TestCalendarMimeContentProbe is DavMail's time zone probe: a calendar
// item created with Start, End and StartTimeZone, read back with
// IncludeMimeContent; DavMail takes the VTIMEZONE of the answer.
func TestCalendarMimeContentProbe(t *testing.T) {
	e := newEnv(t)
	doc := e.call(`<m:CreateItem MessageDisposition="SaveOnly" SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem>` +
		`<t:Subject>probe</t:Subject><t:Start>2027-01-15T10:00:00Z</t:Start><t:End>2027-01-15T11:00:00Z</t:End>` +
		`<t:StartTimeZone Id="GMT Standard Time"/></t:CalendarItem></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	it := getItem(t, e, `<t:BaseShape>IdOnly</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent>`, id)
	raw := mimeOf(t, it)
	cal := parseICal(t, raw)
	vtz := cal.ChildrenNamed("VTIMEZONE")
	if len(vtz) != 1 || vtz[0].Text("TZID") != "GMT Standard Time" || len(vtz[0].ChildrenNamed("STANDARD")) == 0 || len(vtz[0].ChildrenNamed("DAYLIGHT")) == 0 {
		t.Fatalf("want the VTIMEZONE of GMT Standard Time with its DST rule:\n%s", raw)
	}
	evs := cal.ChildrenNamed("VEVENT")
	if len(evs) != 1 {
		t.Fatalf("want one VEVENT:\n%s", raw)
	}
	st := evs[0].Prop("DTSTART")
	if got := [3]string{evs[0].Text("SUMMARY"), st.Param("TZID"), st.Value}; got != [3]string{"probe", "GMT Standard Time", "20270115T100000"} {
		t.Fatalf("VEVENT %v:\n%s", got, raw)
	}
}

// TestTaskMimeContent checks a t:Task's MimeContent: a VTODO both ways.
func TestTaskMimeContent(t *testing.T) { testTaskMimeContent(t, newEnv(t)) }

func testTaskMimeContent(t *testing.T, e *env) {
	todo := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VTODO\r\nUID:todo-1\r\nDTSTAMP:20270101T000000Z\r\n" +
		"SUMMARY:File the report\r\nDUE;VALUE=DATE:20270120\r\nSTATUS:IN-PROCESS\r\nPERCENT-COMPLETE:50\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
	doc := e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:Task><t:MimeContent>` + b64(todo) + `</t:MimeContent></t:Task></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	it := getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id)
	if got := [3]string{text(it, "Subject"), text(it, "Status"), text(it, "PercentComplete")}; got != [3]string{"File the report", "InProgress", "50"} {
		t.Fatalf("task %v", got)
	}
	it = getItem(t, e, `<t:BaseShape>IdOnly</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent>`, id)
	cal := parseICal(t, mimeOf(t, it))
	todos := cal.ChildrenNamed("VTODO")
	if len(todos) != 1 || todos[0].Text("SUMMARY") != "File the report" || todos[0].Text("PERCENT-COMPLETE") != "50" {
		t.Fatalf("VTODO:\n%s", mimeOf(t, it))
	}
}

// TestContactMimeContent checks a t:Contact's MimeContent: a vCard both
// ways ([MS-OXVCARD]), as DavMail's CardDAV gateway reads it.
func TestContactMimeContent(t *testing.T) { testContactMimeContent(t, newEnv(t)) }

func testContactMimeContent(t *testing.T, e *env) {
	card := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nN:Doe;Jane;;;\r\nORG:Acme;Research\r\nTITLE:Engineer\r\n" +
		"EMAIL;TYPE=INTERNET,WORK:jane@example.net\r\nTEL;TYPE=CELL:+1 555 0101\r\n" +
		"ADR;TYPE=WORK:;;1 Main St;Springfield;IL;62701;USA\r\nEND:VCARD\r\n"
	doc := e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:Contact><t:MimeContent>` + b64(card) + `</t:MimeContent>` +
		`<t:JobTitle>Lead</t:JobTitle></t:Contact></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	c := getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id)
	// The JobTitle element after MimeContent wins over the vCard's TITLE.
	want := []string{"Contact", "Jane Doe", "Jane Doe", "Jane", "Doe", "Acme", "Lead", "EmailAddress1=jane@example.net", "MobilePhone=+1 555 0101"}
	if d := cmp.Diff(want, viewContact(c)); d != "" {
		t.Fatalf("contact from vCard (-want +got):\n%s", d)
	}
	c = getItem(t, e, `<t:BaseShape>IdOnly</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent>`, id)
	cs, err := vcard.Import(bytes.NewReader(mimeOf(t, c)), nil)
	if err != nil || len(cs) != 1 {
		t.Fatalf("MimeContent is not one vCard (%v):\n%s", err, mimeOf(t, c))
	}
	cards, _ := vcard.Decode(bytes.NewReader(mimeOf(t, c)), nil)
	got := map[string]string{}
	for _, name := range []string{"FN", "N", "EMAIL", "TEL", "TITLE", "ORG", "ADR"} {
		if p := cards[0].Prop(name); p != nil {
			got[name] = p.Value
		}
	}
	wantProps := map[string]string{"FN": "Jane Doe", "N": "Doe;Jane;;;", "EMAIL": "jane@example.net", "TEL": "+1 555 0101",
		"TITLE": "Lead", "ORG": "Acme;Research", "ADR": ";;1 Main St;Springfield;IL;62701;USA"}
	if d := cmp.Diff(wantProps, got); d != "" {
		t.Fatalf("exported vCard (-want +got):\n%s\n%s", d, mimeOf(t, c))
	}
}

// TestMimeContentErrors: content that is not iCalendar or vCard is a
// per-item ErrorMimeContentConversionFailed.
func TestMimeContentErrors(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ el, content string }{
		{"CalendarItem", "From: a@b\r\n\r\nnot a calendar\r\n"},
		{"CalendarItem", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"},
		{"Task", berlinSeries},
		{"Contact", "BEGIN:VCARD\r\nFN:x\r\n"},
	} {
		_, msgs := messages(e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:` + tc.el + `><t:MimeContent>` + b64(tc.content) +
			`</t:MimeContent></t:` + tc.el + `></m:Items></m:CreateItem>`))
		if len(msgs) != 1 || msgs[0].Code != "ErrorMimeContentConversionFailed" {
			t.Errorf("%s %q: %+v", tc.el, tc.content[:20], msgs)
		}
	}
}

// TestLocalCommitTimeMax checks DavMail's folder ctag property
// (ExtendedFieldURI PropertyTag 0x670a, PidTagLocalCommitTimeMax,
// [MS-OXCFOLD] 2.2.2.2.1.14): it is returned and changes when an item of
// the folder changes.
func TestLocalCommitTimeMax(t *testing.T) { testLocalCommitTimeMax(t, newEnv(t)) }

func testLocalCommitTimeMax(t *testing.T, e *env) {
	get := func() string {
		doc := e.call(`<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>` +
			`<t:ExtendedFieldURI PropertyTag="0x670a" PropertyType="SystemTime"/><t:ExtendedFieldURI PropertyTag="0x6751" PropertyType="Integer"/>` +
			`<t:ExtendedFieldURI PropertyTag="0x6752" PropertyType="Integer"/><t:ExtendedFieldURI PropertyTag="0x10f3" PropertyType="String"/>` +
			`</t:AdditionalProperties></m:FolderShape><m:FolderIds>` + dist("contacts") + `</m:FolderIds></m:GetFolder>`)
		f := mustSuccess(t, doc)[0].FindElement("Folders/*")
		var v string
		for _, x := range f.SelectElements("ExtendedProperty") {
			if x.FindElement("ExtendedFieldURI").SelectAttrValue("PropertyTag", "") == "0x670a" {
				v = text(x, "Value")
			}
		}
		if v == "" {
			t.Fatalf("no 0x670a in %s", dump(doc))
		}
		return v
	}
	before := get()
	if again := get(); again != before {
		t.Fatalf("0x670a changed without a change: %s, %s", before, again)
	}
	doc := e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:Contact><t:DisplayName>X</t:DisplayName></t:Contact></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	afterCreate := get()
	if afterCreate == before {
		t.Fatalf("0x670a %s unchanged after CreateItem", before)
	}
	mustSuccess(t, e.call(`<m:DeleteItem DeleteType="HardDelete"><m:ItemIds>`+itemID(id)+`</m:ItemIds></m:DeleteItem>`))
	if after := get(); after == afterCreate {
		t.Fatalf("0x670a %s unchanged after DeleteItem", after)
	}
}

// TestCalendarMimeContentUpdate: SetItemField item:MimeContent on a
// calendar item imports the new iCalendar object over the item.
func TestCalendarMimeContentUpdate(t *testing.T) {
	e := newEnv(t)
	ics := func(summary, start, attendee string) string {
		return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:upd-1\r\nDTSTAMP:20270101T000000Z\r\n" +
			"DTSTART:" + start + "\r\nDURATION:PT1H\r\nSUMMARY:" + summary + "\r\n" +
			"ATTENDEE;CN=A:mailto:" + attendee + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	}
	doc := e.call(`<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:MimeContent>` +
		b64(ics("first", "20270201T090000Z", "a@example.net")) + `</t:MimeContent></t:CalendarItem></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange>`+itemID(id)+
		`<t:Updates><t:SetItemField><t:FieldURI FieldURI="item:MimeContent"/><t:CalendarItem><t:MimeContent>`+
		b64(ics("second", "20270202T100000Z", "b@example.net"))+`</t:MimeContent></t:CalendarItem></t:SetItemField></t:Updates>`+
		`</t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	it := getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id)
	got := [4]string{text(it, "Subject"), text(it, "Start"), text(it, "End"), text(it.SelectElement("RequiredAttendees"), "EmailAddress")}
	if want := [4]string{"second", "2027-02-02T10:00:00Z", "2027-02-02T11:00:00Z", "b@example.net"}; got != want {
		t.Fatalf("after UpdateItem MimeContent: %v, want %v", got, want)
	}
	if n := len(it.FindElements("RequiredAttendees/Attendee")); n != 1 {
		t.Fatalf("%d attendees, want 1", n)
	}
	// Messages' MimeContent stays read-only.
	doc = e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:Message><t:Subject>m</t:Subject></t:Message></m:Items></m:CreateItem>`)
	mid, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	_, msgs := messages(e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite" MessageDisposition="SaveOnly"><m:ItemChanges><t:ItemChange>` + itemID(mid) +
		`<t:Updates><t:SetItemField><t:FieldURI FieldURI="item:MimeContent"/><t:Message><t:MimeContent>` + b64("Subject: x\r\n\r\nx\r\n") +
		`</t:MimeContent></t:Message></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	if len(msgs) != 1 || msgs[0].Code != "ErrorInvalidPropertySet" {
		t.Fatalf("message MimeContent update: %+v", msgs)
	}
}

// TestCalendarMimeContentFallback: an appointment iCalendar cannot
// express (no start time) still answers, with a MIME message.
func TestCalendarMimeContentFallback(t *testing.T) {
	e := newEnv(t)
	doc := e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId>` + dist("calendar") + `</m:SavedItemFolderId><m:Items>` +
		`<t:Item><t:ItemClass>IPM.Appointment</t:ItemClass><t:Subject>no times</t:Subject></t:Item></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	raw := mimeOf(t, getItem(t, e, `<t:BaseShape>IdOnly</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent>`, id))
	if bytes.HasPrefix(raw, []byte("BEGIN:VCALENDAR")) || !bytes.Contains(raw, []byte("Subject: no times")) {
		t.Fatalf("MimeContent:\n%s", raw)
	}
}

// TestCalendarMimeContentReplace: an item:MimeContent update replaces a
// recurring series with an exception by a single event (recurrence,
// location, body and the exception attachment go) and back.
func TestCalendarMimeContentReplace(t *testing.T) { testCalendarMimeContentReplace(t, newEnv(t)) }

func testCalendarMimeContentReplace(t *testing.T, e *env) {
	doc := e.call(`<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:MimeContent>` + b64(berlinSeries) +
		`</t:MimeContent></t:CalendarItem></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	update := func(ics string) {
		t.Helper()
		mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange>`+itemID(id)+
			`<t:Updates><t:SetItemField><t:FieldURI FieldURI="item:MimeContent"/><t:CalendarItem><t:MimeContent>`+b64(ics)+
			`</t:MimeContent></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	}
	type view struct {
		Subject, Type, Location, Body, Start string
		Events                               int
	}
	look := func() view {
		t.Helper()
		it := getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent>`, id)
		return view{text(it, "Subject"), text(it, "CalendarItemType"), text(it, "Location"), text(it, "Body"), text(it, "Start"),
			len(parseICal(t, mimeOf(t, it)).ChildrenNamed("VEVENT"))}
	}
	single := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:series-1@example.com\r\nDTSTAMP:20270102T000000Z\r\n" +
		"DTSTART:20270316T120000Z\r\nDTEND:20270316T130000Z\r\nSUMMARY:Just once\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	update(single)
	if d := cmp.Diff(view{"Just once", "Single", "", "", "2027-03-16T12:00:00Z", 1}, look()); d != "" {
		t.Fatalf("after replacing the series by a single event (-want +got):\n%s", d)
	}
	update(berlinSeries)
	if d := cmp.Diff(view{"Weekly sync", "RecurringMaster", "Room 2", "Notes", "2027-03-15T08:00:00Z", 2}, look()); d != "" {
		t.Fatalf("after replacing it by the series again (-want +got):\n%s", d)
	}
}

// TestMeetingMimeContent: a meeting request's MimeContent carries its
// iCalendar object (METHOD:REQUEST) as a text/calendar part.
func TestMeetingMimeContent(t *testing.T) {
	e := newEnv(t)
	ext := func(id, typ, v string) string {
		return `<t:ExtendedProperty><t:ExtendedFieldURI DistinguishedPropertySetId="Appointment" PropertyId="` + id + `" PropertyType="` + typ + `"/><t:Value>` + v + `</t:Value></t:ExtendedProperty>`
	}
	doc := e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId>` + dist("inbox") + `</m:SavedItemFolderId><m:Items><t:Message>` +
		`<t:ItemClass>IPM.Schedule.Meeting.Request</t:ItemClass><t:Subject>Planning</t:Subject><t:Body BodyType="Text">Agenda</t:Body>` +
		ext("33293", "SystemTime", "2027-05-03T09:00:00Z") + ext("33294", "SystemTime", "2027-05-03T10:00:00Z") +
		`<t:ToRecipients><t:Mailbox><t:EmailAddress>user1@example.com</t:EmailAddress></t:Mailbox></t:ToRecipients>` +
		`<t:From><t:Mailbox><t:Name>User Two</t:Name><t:EmailAddress>user2@example.com</t:EmailAddress></t:Mailbox></t:From></t:Message></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	raw := mimeOf(t, getItem(t, e, `<t:BaseShape>IdOnly</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent>`, id))
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if msg.Header.Get("Subject") != "Planning" {
		t.Fatalf("Subject %q", msg.Header.Get("Subject"))
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		t.Fatalf("not multipart (%v):\n%s", err, raw)
	}
	var ics []byte
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		if mt, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type")); mt == "text/calendar" {
			b, _ := io.ReadAll(p)
			ics, _ = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(b)), ""))
		}
	}
	cal := parseICal(t, ics)
	evs := cal.ChildrenNamed("VEVENT")
	if cal.Text("METHOD") != "REQUEST" || len(evs) != 1 || evs[0].Text("SUMMARY") != "Planning" || evs[0].Prop("DTSTART").Value != "20270503T090000Z" {
		t.Fatalf("calendar part:\n%s", ics)
	}
}

// FuzzItemMimeContent feeds CreateItem's iCalendar and vCard MimeContent
// import (and GetItem's export of what was stored): every input gets one
// response message, never a fault or a panic.
func FuzzItemMimeContent(f *testing.F) {
	f.Add(berlinSeries, true)
	f.Add("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nN:Doe;Jane;;;\r\nADR;TYPE=WORK:;;1 Main St;Springfield;IL;62701;USA\r\nEND:VCARD\r\n", false)
	f.Add("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=X:20270101T000000\r\nRRULE:FREQ=MONTHLY;BYDAY=-1FR\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", true)
	shared := newEnv(f)
	f.Fuzz(func(t *testing.T, content string, calendar bool) {
		e := *shared // the store and handler, reporting to t
		e.t = t
		el := "Contact"
		if calendar {
			el = "CalendarItem"
		}
		code, doc := e.postAs(user1, envelope(`<m:CreateItem MessageDisposition="SaveOnly" SendMeetingInvitations="SendToNone"><m:Items><t:`+el+`><t:MimeContent>`+
			b64(content)+`</t:MimeContent></t:`+el+`></m:Items></m:CreateItem>`))
		els, msgs := messages(doc)
		if code != 200 || len(msgs) != 1 {
			t.Fatalf("HTTP %d, %d response messages", code, len(msgs))
		}
		if msgs[0].Class != "Success" {
			return
		}
		id, _ := idOf(els[0], "ItemId")
		code, doc = e.postAs(user1, envelope(`<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent></m:ItemShape>`+
			`<m:ItemIds>`+itemID(id)+`</m:ItemIds></m:GetItem>`))
		if _, msgs := messages(doc); code != 200 || len(msgs) != 1 {
			t.Fatalf("GetItem of the stored item: HTTP %d, %d response messages", code, len(msgs))
		}
	})
}

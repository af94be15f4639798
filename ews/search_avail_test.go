package ews

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// westEurope is W. Europe Standard Time as a SerializableTimeZone
// (UTC+1, UTC+2 from the last Sunday of March to the last of October).
const westEurope = `<t:TimeZone><t:Bias>-60</t:Bias><t:StandardTime><t:Bias>0</t:Bias><t:Time>03:00:00</t:Time><t:DayOrder>5</t:DayOrder><t:Month>10</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:StandardTime>` +
	`<t:DaylightTime><t:Bias>-60</t:Bias><t:Time>02:00:00</t:Time><t:DayOrder>5</t:DayOrder><t:Month>3</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:DaylightTime></t:TimeZone>`

func createEvent(t *testing.T, e *env, user, subject, start, end, fb string) {
	t.Helper()
	mustSuccess(t, e.callAs(user, `<m:CreateItem><m:Items><t:CalendarItem><t:Subject>`+subject+`</t:Subject><t:Start>`+start+`</t:Start><t:End>`+end+
		`</t:End><t:LegacyFreeBusyStatus>`+fb+`</t:LegacyFreeBusyStatus></t:CalendarItem></m:Items></m:CreateItem>`))
}

func availReq(tz, inner string, addrs ...string) string {
	s := `<m:GetUserAvailabilityRequest>` + tz + `<m:MailboxDataArray>`
	for _, a := range addrs {
		s += `<t:MailboxData><t:Email><t:Address>` + a + `</t:Address></t:Email><t:AttendeeType>Required</t:AttendeeType></t:MailboxData>`
	}
	return s + `</m:MailboxDataArray>` + inner + `</m:GetUserAvailabilityRequest>`
}

func fbOptions(start, end, view string) string {
	return `<t:FreeBusyViewOptions><t:TimeWindow><t:StartTime>` + start + `</t:StartTime><t:EndTime>` + end +
		`</t:EndTime></t:TimeWindow><t:MergedFreeBusyIntervalInMinutes>60</t:MergedFreeBusyIntervalInMinutes><t:RequestedView>` + view + `</t:RequestedView></t:FreeBusyViewOptions>`
}

// TestAvailabilityDST checks that the request zone's daylight-saving rule
// applies: the same UTC event reads an hour later in summer than in
// winter.
func TestAvailabilityDST(t *testing.T) {
	e := newEnv(t)
	createEvent(t, e, user2, "winter", "2030-01-14T09:00:00Z", "2030-01-14T10:00:00Z", "Busy")
	createEvent(t, e, user2, "summer", "2030-07-15T09:00:00Z", "2030-07-15T10:00:00Z", "Busy")
	var got []string
	for _, w := range [][2]string{{"2030-01-14T00:00:00", "2030-01-15T00:00:00"}, {"2030-07-15T00:00:00", "2030-07-16T00:00:00"}} {
		doc := e.call(availReq(westEurope, fbOptions(w[0], w[1], "FreeBusy"), user2))
		for _, ev := range doc.FindElements("//CalendarEvent") {
			got = append(got, text(ev, "StartTime"))
		}
	}
	if d := cmp.Diff([]string{"2030-01-14T10:00:00", "2030-07-15T11:00:00"}, got); d != "" {
		t.Fatal(d)
	}
	// Local input: 11:00 summer time is 09:00 UTC, so a window of
	// 10:30–11:30 local catches the event and 11:30–12:00 does not.
	doc := e.call(availReq(westEurope, fbOptions("2030-07-15T10:30:00", "2030-07-15T11:30:00", "FreeBusy"), user2))
	if n := len(doc.FindElements("//CalendarEvent")); n != 1 {
		t.Fatalf("%d events in the local window", n)
	}
	doc = e.call(availReq(westEurope, fbOptions("2030-07-15T12:00:00", "2030-07-15T13:00:00", "FreeBusy"), user2))
	if n := len(doc.FindElements("//CalendarEvent")); n != 0 {
		t.Fatalf("%d events after the event", n)
	}
	// A malformed zone is a fault.
	_, bad := e.postAs(user1, envelope(availReq(`<t:TimeZone><t:Bias>x</t:Bias></t:TimeZone>`, fbOptions("2030-07-15T12:00:00", "2030-07-15T13:00:00", "FreeBusy"), user2)))
	if f := faultCode(bad); f != "ErrorSchemaValidation" {
		t.Fatalf("bad zone: %q", f)
	}
}

type workView struct {
	Bias, StdMonth, DstMonth string
	Days                     string
	Start, End               string
}

func viewWork(doc *etree.Document) []workView {
	var out []workView
	for _, wh := range doc.FindElements("//FreeBusyView/WorkingHours") {
		tz := wh.SelectElement("TimeZone")
		out = append(out, workView{Bias: text(tz, "Bias"), StdMonth: text(tz.SelectElement("StandardTime"), "Month"), DstMonth: text(tz.SelectElement("DaylightTime"), "Month"),
			Days: text(wh.SelectElement("WorkingPeriodArray"), "DayOfWeek"), Start: text(wh, "StartTimeInMinutes"), End: text(wh, "EndTimeInMinutes")})
	}
	return out
}

// TestAvailabilityWorkingHours: the default (08:00–17:00 Monday to Friday)
// and the mailbox's IPM.Configuration.WorkHours ([MS-OXOCAL] 2.2.11).
func TestAvailabilityWorkingHours(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	mb, _ := e.st.OpenMailbox(ctx, user2)
	cal, _ := mb.SpecialFolder(ctx, store.FolderCalendar)
	xml := `<?xml version="1.0"?><Root xmlns="WorkingHours.xsd"><WorkHoursVersion1><TimeZone><Bias>-60</Bias><Name>W. Europe Standard Time</Name></TimeZone>` +
		`<TimeSlot><Start>09:30:00</Start><End>18:00:00</End></TimeSlot><WorkDays>Monday Tuesday Thursday</WorkDays></WorkHoursVersion1></Root>`
	if _, err := mb.CreateMessage(ctx, cal, &store.Message{Associated: true, Props: []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: "IPM.Configuration.WorkHours"},
		{Tag: pidTagRoamingXMLStream, Value: []byte(xml)},
	}}); err != nil {
		t.Fatal(err)
	}
	doc := e.call(availReq("", fbOptions("2030-07-15T00:00:00Z", "2030-07-16T00:00:00Z", "DetailedMerged"), user1, user2))
	want := []workView{
		{Bias: "0", StdMonth: "0", DstMonth: "0", Days: "Monday Tuesday Wednesday Thursday Friday", Start: "480", End: "1020"},
		{Bias: "-60", StdMonth: "10", DstMonth: "3", Days: "Monday Tuesday Thursday", Start: "570", End: "1080"},
	}
	if d := cmp.Diff(want, viewWork(doc)); d != "" {
		t.Fatal(d)
	}
	// MergedOnly carries no working hours.
	doc = e.call(availReq("", fbOptions("2030-07-15T00:00:00Z", "2030-07-16T00:00:00Z", "MergedOnly"), user1))
	if len(viewWork(doc)) != 0 {
		t.Fatal("MergedOnly has WorkingHours")
	}
}

type suggView struct {
	Date, Quality string
	Times         []string
}

func viewSuggestions(t *testing.T, doc *etree.Document) []suggView {
	t.Helper()
	sr := doc.FindElement("//SuggestionsResponse")
	if sr == nil {
		t.Fatalf("no SuggestionsResponse:\n%s", dump(doc))
	}
	if c := text(sr, "ResponseCode"); c != "NoError" {
		t.Fatalf("suggestions: %s", c)
	}
	var out []suggView
	for _, d := range sr.FindElements("SuggestionDayResultArray/SuggestionDayResult") {
		v := suggView{Date: text(d, "Date"), Quality: text(d, "DayQuality")}
		for _, s := range d.FindElements("SuggestionArray/Suggestion") {
			var conf []string
			for _, c := range s.FindElements("AttendeeConflictDataArray/*") {
				if c.Tag == "UnknownAttendeeConflictData" {
					conf = append(conf, "?")
				} else {
					conf = append(conf, text(c, "BusyType"))
				}
			}
			work := "off"
			if text(s, "IsWorkTime") == "true" {
				work = "work"
			}
			v.Times = append(v.Times, strings.TrimPrefix(text(s, "MeetingTime"), v.Date[:11])+" "+work+" "+text(s, "SuggestionQuality")+" "+strings.Join(conf, ","))
		}
		out = append(out, v)
	}
	return out
}

func suggOptions(extra, start, end string) string {
	return `<t:SuggestionsViewOptions>` + extra + `<t:DetailedSuggestionsWindow><t:StartTime>` + start + `</t:StartTime><t:EndTime>` + end + `</t:EndTime></t:DetailedSuggestionsWindow></t:SuggestionsViewOptions>`
}

// TestAvailabilitySuggestions follows [MS-OXWAVLS] SuggestionsViewOptions:
// candidate times with per-attendee conflicts, quality thresholds, the
// per-day caps and DayQuality.
func TestAvailabilitySuggestions(t *testing.T) {
	e := newEnv(t)
	// Monday 2030-07-15: user1 busy 08:00–10:00, user2 tentative 09:00–09:30
	// and busy 12:00–17:00 (UTC, the caller's default working hours).
	createEvent(t, e, user1, "a", "2030-07-15T08:00:00Z", "2030-07-15T10:00:00Z", "Busy")
	createEvent(t, e, user2, "b", "2030-07-15T09:00:00Z", "2030-07-15T09:30:00Z", "Tentative")
	createEvent(t, e, user2, "c", "2030-07-15T12:00:00Z", "2030-07-15T17:00:00Z", "Busy")
	opts := `<t:GoodThreshold>25</t:GoodThreshold><t:MaximumResultsByDay>3</t:MaximumResultsByDay><t:MaximumNonWorkHourResultsByDay>1</t:MaximumNonWorkHourResultsByDay>` +
		`<t:MeetingDurationInMinutes>60</t:MeetingDurationInMinutes><t:MinimumSuggestionQuality>Fair</t:MinimumSuggestionQuality>`
	doc := e.call(availReq("", suggOptions(opts, "2030-07-15T00:00:00Z", "2030-07-17T00:00:00Z"), user1, user2, "nobody@example.com"))
	got := viewSuggestions(t, doc)
	want := []suggView{
		// Excellent times first: 10:00, 10:30 and 11:00 are the work-hour
		// ones (3 per day); one off-hours time (00:00).
		{Date: "2030-07-15T00:00:00Z", Quality: "Excellent", Times: []string{
			"00:00:00Z off Excellent Free,Free,?",
			"10:00:00Z work Excellent Free,Free,?",
			"10:30:00Z work Excellent Free,Free,?",
			"11:00:00Z work Excellent Free,Free,?",
		}},
		{Date: "2030-07-16T00:00:00Z", Quality: "Excellent", Times: []string{
			"00:00:00Z off Excellent Free,Free,?",
			"08:00:00Z work Excellent Free,Free,?",
			"08:30:00Z work Excellent Free,Free,?",
			"09:00:00Z work Excellent Free,Free,?",
		}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
	// Only Poor and Fair on Monday 08:00–10:00 and 12:00–17:00: with
	// MinimumSuggestionQuality Poor and a window of that morning, the
	// conflicts show.
	opts = `<t:MaximumResultsByDay>10</t:MaximumResultsByDay><t:MeetingDurationInMinutes>30</t:MeetingDurationInMinutes><t:MinimumSuggestionQuality>Poor</t:MinimumSuggestionQuality>`
	doc = e.call(availReq("", suggOptions(opts, "2030-07-15T08:00:00Z", "2030-07-15T10:00:00Z"), user1, user2))
	want = []suggView{{Date: "2030-07-15T00:00:00Z", Quality: "Fair", Times: []string{
		"08:00:00Z work Fair Busy,Free",
		"08:30:00Z work Fair Busy,Free",
		"09:00:00Z work Poor Busy,Tentative",
		"09:30:00Z work Fair Busy,Free",
	}}}
	if d := cmp.Diff(want, viewSuggestions(t, doc)); d != "" {
		t.Fatal(d)
	}
	// ExcludeConflicts leaves user1's conflicts out of the quality.
	req := `<m:GetUserAvailabilityRequest><m:MailboxDataArray><t:MailboxData><t:Email><t:Address>` + user1 + `</t:Address></t:Email><t:AttendeeType>Organizer</t:AttendeeType><t:ExcludeConflicts>true</t:ExcludeConflicts></t:MailboxData>` +
		`<t:MailboxData><t:Email><t:Address>` + user2 + `</t:Address></t:Email><t:AttendeeType>Required</t:AttendeeType></t:MailboxData></m:MailboxDataArray>` +
		suggOptions(opts, "2030-07-15T08:00:00Z", "2030-07-15T09:00:00Z") + `</m:GetUserAvailabilityRequest>`
	want = []suggView{{Date: "2030-07-15T00:00:00Z", Quality: "Excellent", Times: []string{
		"08:00:00Z work Excellent Busy,Free",
		"08:30:00Z work Excellent Busy,Free",
	}}}
	if d := cmp.Diff(want, viewSuggestions(t, e.call(req))); d != "" {
		t.Fatal(d)
	}
	// Both views in one request, in the request's zone.
	doc = e.call(availReq(westEurope, fbOptions("2030-07-15T00:00:00", "2030-07-16T00:00:00", "FreeBusy")+suggOptions(opts, "2030-07-15T10:00:00", "2030-07-15T11:00:00"), user1))
	if n := len(doc.FindElements("//FreeBusyResponse")); n != 1 {
		t.Fatalf("%d FreeBusyResponse", n)
	}
	want = []suggView{{Date: "2030-07-15T00:00:00", Quality: "Poor", Times: []string{
		"10:00:00 work Poor Busy",
		"10:30:00 work Poor Busy",
	}}}
	if d := cmp.Diff(want, viewSuggestions(t, doc)); d != "" {
		t.Fatal(d)
	}
	// Bad options are faults.
	for _, bad := range []string{
		suggOptions(`<t:GoodThreshold>80</t:GoodThreshold>`, "2030-07-15T00:00:00Z", "2030-07-16T00:00:00Z"),
		suggOptions(`<t:MeetingDurationInMinutes>5</t:MeetingDurationInMinutes>`, "2030-07-15T00:00:00Z", "2030-07-16T00:00:00Z"),
		suggOptions(`<t:MinimumSuggestionQuality>Superb</t:MinimumSuggestionQuality>`, "2030-07-15T00:00:00Z", "2030-07-16T00:00:00Z"),
		suggOptions("", "2030-07-15T00:00:00Z", "2030-10-16T00:00:00Z"),
	} {
		_, doc := e.postAs(user1, envelope(availReq("", bad, user1)))
		if faultCode(doc) == "" {
			t.Errorf("no fault for %s", bad)
		}
	}
}

// TestAvailabilityRecurring: a weekly series is busy at each occurrence
// (in the series' zone across the DST change), in free/busy and in
// suggestions.
func TestAvailabilityRecurring(t *testing.T) {
	e := newEnv(t)
	mustSuccess(t, e.callAs(user2, `<m:CreateItem><m:Items><t:CalendarItem><t:Subject>weekly</t:Subject><t:Start>2030-03-18T10:00:00</t:Start><t:End>2030-03-18T11:00:00</t:End>`+
		`<t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday</t:DaysOfWeek></t:WeeklyRecurrence><t:NumberedRecurrence><t:StartDate>2030-03-18</t:StartDate><t:NumberOfOccurrences>3</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>`+
		`<t:StartTimeZone Id="W. Europe Standard Time"/></t:CalendarItem></m:Items></m:CreateItem>`))
	doc := e.call(availReq("", fbOptions("2030-03-17T00:00:00Z", "2030-04-15T00:00:00Z", "Detailed"), user2))
	var got []string
	for _, ev := range doc.FindElements("//CalendarEvent") {
		got = append(got, text(ev, "StartTime")+" "+text(ev, "IsRecurring"))
	}
	// Start is UTC (no TimeZoneContext): 11:00 Berlin, kept across the
	// change on 31 March, so 10:00 UTC before and 09:00 after.
	want := []string{"2030-03-18T10:00:00Z true", "2030-03-25T10:00:00Z true", "2030-04-01T09:00:00Z true"}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
	opts := `<t:MaximumResultsByDay>48</t:MaximumResultsByDay><t:MeetingDurationInMinutes>60</t:MeetingDurationInMinutes><t:MinimumSuggestionQuality>Poor</t:MinimumSuggestionQuality>`
	doc = e.call(availReq("", suggOptions(opts, "2030-04-01T09:00:00Z", "2030-04-01T10:00:00Z"), user2))
	if d := cmp.Diff([]suggView{{Date: "2030-04-01T00:00:00Z", Quality: "Poor", Times: []string{"09:00:00Z work Poor Busy"}}}, viewSuggestions(t, doc)); d != "" {
		t.Fatal(d)
	}
}

// TestSuggestionsGlobalObjectId: the meeting being rescheduled does not
// conflict with itself.
func TestSuggestionsGlobalObjectId(t *testing.T) {
	e := newEnv(t)
	goid := make([]byte, 40)
	for i := range goid {
		goid[i] = byte(i + 1)
	}
	b64 := base64.StdEncoding.EncodeToString(goid)
	mustSuccess(t, e.callAs(user2, `<m:CreateItem><m:Items><t:CalendarItem><t:Subject>standup</t:Subject>`+
		`<t:ExtendedProperty><t:ExtendedFieldURI DistinguishedPropertySetId="Meeting" PropertyId="35" PropertyType="Binary"/><t:Value>`+b64+`</t:Value></t:ExtendedProperty>`+
		`<t:Start>2030-07-15T08:00:00Z</t:Start><t:End>2030-07-15T09:00:00Z</t:End><t:LegacyFreeBusyStatus>Busy</t:LegacyFreeBusyStatus></t:CalendarItem></m:Items></m:CreateItem>`))
	opts := `<t:MeetingDurationInMinutes>60</t:MeetingDurationInMinutes><t:MinimumSuggestionQuality>Poor</t:MinimumSuggestionQuality>`
	for _, tc := range []struct{ goid, want string }{
		{"", "08:00:00Z work Poor Busy"},
		{`<t:GlobalObjectId>` + b64 + `</t:GlobalObjectId>`, "08:00:00Z work Excellent Free"},
		{`<t:GlobalObjectId>` + hex.EncodeToString(goid) + `</t:GlobalObjectId>`, "08:00:00Z work Excellent Free"},
	} {
		doc := e.call(availReq("", `<t:SuggestionsViewOptions>`+opts+`<t:DetailedSuggestionsWindow><t:StartTime>2030-07-15T08:00:00Z</t:StartTime><t:EndTime>2030-07-15T09:00:00Z</t:EndTime></t:DetailedSuggestionsWindow>`+
			tc.goid+`</t:SuggestionsViewOptions>`, user2))
		got := viewSuggestions(t, doc)
		if len(got) != 1 || len(got[0].Times) != 1 || got[0].Times[0] != tc.want {
			t.Errorf("%s: %+v", tc.goid, got)
		}
	}
}

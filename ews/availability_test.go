package ews

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestGetUserAvailability(t *testing.T) { testGetUserAvailability(t, newEnv(t)) }

func testGetUserAvailability(t *testing.T, e *env) {
	for _, ev := range []struct{ subject, start, end, fb string }{
		{"busy", "2030-05-06T09:00:00Z", "2030-05-06T10:00:00Z", "Busy"},
		{"maybe", "2030-05-06T11:00:00Z", "2030-05-06T11:30:00Z", "Tentative"},
		{"free", "2030-05-06T12:00:00Z", "2030-05-06T13:00:00Z", "Free"},
		{"outside", "2030-05-09T09:00:00Z", "2030-05-09T10:00:00Z", "Busy"},
	} {
		mustSuccess(t, e.callAs(user2, `<m:CreateItem><m:Items><t:CalendarItem><t:Subject>`+ev.subject+`</t:Subject><t:Start>`+ev.start+`</t:Start><t:End>`+ev.end+
			`</t:End><t:LegacyFreeBusyStatus>`+ev.fb+`</t:LegacyFreeBusyStatus><t:Location>here</t:Location></t:CalendarItem></m:Items></m:CreateItem>`))
	}
	req := func(tz, start, end, view string, addrs ...string) string {
		s := `<m:GetUserAvailabilityRequest>` + tz + `<m:MailboxDataArray>`
		for _, a := range addrs {
			s += `<t:MailboxData><t:Email><t:Address>` + a + `</t:Address></t:Email><t:AttendeeType>Required</t:AttendeeType></t:MailboxData>`
		}
		return s + `</m:MailboxDataArray><t:FreeBusyViewOptions><t:TimeWindow><t:StartTime>` + start + `</t:StartTime><t:EndTime>` + end +
			`</t:EndTime></t:TimeWindow><t:MergedFreeBusyIntervalInMinutes>60</t:MergedFreeBusyIntervalInMinutes><t:RequestedView>` + view + `</t:RequestedView></t:FreeBusyViewOptions></m:GetUserAvailabilityRequest>`
	}
	doc := e.call(req("", "2030-05-06T08:00:00Z", "2030-05-06T14:00:00Z", "DetailedMerged", user2, "nobody@example.com"))
	resps := doc.FindElements("//FreeBusyResponse")
	if len(resps) != 2 {
		t.Fatalf("%d responses", len(resps))
	}
	if c := text(resps[1], "ResponseCode"); c != "ErrorMailRecipientNotFound" {
		t.Fatalf("unknown mailbox: %s", c)
	}
	fb := resps[0].SelectElement("FreeBusyView")
	var got []string
	for _, ev := range fb.FindElements("CalendarEventArray/CalendarEvent") {
		got = append(got, text(ev, "StartTime")+" "+text(ev, "BusyType")+" "+text(ev, "Subject"))
	}
	want := []string{"2030-05-06T09:00:00Z Busy busy", "2030-05-06T11:00:00Z Tentative maybe"}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
	if m := text(fb, "MergedFreeBusy"); m != "020100" {
		t.Fatalf("merged %q", m)
	}
	// A request time zone (bias -60: UTC+1) shifts input and output.
	tz := `<t:TimeZone><t:Bias>-60</t:Bias><t:StandardTime><t:Bias>0</t:Bias><t:Time>03:00:00</t:Time><t:DayOrder>5</t:DayOrder><t:Month>10</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:StandardTime>` +
		`<t:DaylightTime><t:Bias>0</t:Bias><t:Time>02:00:00</t:Time><t:DayOrder>5</t:DayOrder><t:Month>3</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:DaylightTime></t:TimeZone>`
	doc = e.call(req(tz, "2030-05-06T10:00:00", "2030-05-06T11:00:00", "FreeBusy", user2))
	evs := doc.FindElements("//CalendarEvent")
	if len(evs) != 1 || text(evs[0], "StartTime") != "2030-05-06T10:00:00" || text(evs[0], "Subject") != "" {
		t.Fatalf("zoned: %s", dump(doc))
	}
}

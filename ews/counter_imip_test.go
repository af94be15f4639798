package ews

import (
	"bytes"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/ical"
)

// TestIMIPCounterRecorded: an iMIP COUNTER from a remote attendee (RFC
// 5546 3.2.7: DTSTART/DTEND are the proposed times) is recorded on the
// organizer's item as that attendee's proposal, as an EWS counter
// proposal is ([MS-OXOCAL] PidTagRecipientProposedStartTime/EndTime).
func TestIMIPCounterRecorded(t *testing.T) {
	e := newEnv(t)
	id, uid := remoteMeeting(t, e) // calassist_test.go
	counter := "From: Guest <guest@remote.example>\r\nTo: user1@example.com\r\nSubject: New Time Proposed: Review\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: text/calendar; charset=utf-8; method=COUNTER\r\n\r\n" +
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//remote//test//EN\r\nMETHOD:COUNTER\r\nBEGIN:VEVENT\r\nUID:" + uid + "\r\nSEQUENCE:0\r\n" +
		"DTSTAMP:20300601T100000Z\r\nDTSTART:20300603T140000Z\r\nDTEND:20300603T150000Z\r\nSUMMARY:Review\r\n" +
		"ORGANIZER:mailto:user1@example.com\r\nATTENDEE;PARTSTAT=TENTATIVE;CN=Guest:mailto:guest@remote.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	deliverMIME(t, e, user1, []byte(counter))
	org := getItemAs(t, e, user1, `<t:BaseShape>AllProperties</t:BaseShape>`, id)
	a := org.FindElement("RequiredAttendees/Attendee")
	if a == nil || text(a, "ResponseType") != "Tentative" || text(a, "ProposedStart") != "2030-06-03T14:00:00Z" || text(a, "ProposedEnd") != "2030-06-03T15:00:00Z" {
		t.Fatalf("organizer's attendee after the COUNTER: %s", elemString(org))
	}
}

// TestIMIPCounterSent: a local attendee's counter proposal to a remote
// organizer leaves as an iMIP COUNTER whose DTSTART/DTEND are the
// proposed times.
func TestIMIPCounterSent(t *testing.T) {
	e := newEnv(t)
	snd := &captureSender{}
	e.h.Sender = snd
	req := strings.ReplaceAll(string(readTestdata(t, "request.eml")), "user2@example.com", "user1@example.com")
	deliverMIME(t, e, user1, []byte(req))
	var reqID string
	for _, it := range findItemsAs(t, e, user1, "inbox", "") {
		if it.Tag == "MeetingRequest" {
			reqID, _ = idOf(it, "ItemId")
		}
	}
	if reqID == "" {
		t.Fatal("no meeting request delivered")
	}
	mustSuccess(t, e.call(`<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:Items><t:TentativelyAcceptItem><t:ReferenceItemId Id="`+reqID+`"/>`+
		`<t:ProposedStart>2031-01-01T10:00:00Z</t:ProposedStart><t:ProposedEnd>2031-01-01T11:30:00Z</t:ProposedEnd></t:TentativelyAcceptItem></m:Items></m:CreateItem>`))
	if len(snd.raw) == 0 {
		t.Fatal("nothing sent to the remote organizer")
	}
	cal := calendarPart(t, snd.raw[len(snd.raw)-1])
	ev := cal.ChildrenNamed("VEVENT")[0]
	if m, st, en := cal.Text("METHOD"), ev.Prop("DTSTART").Value, ev.Prop("DTEND").Value; m != "COUNTER" || !strings.HasPrefix(st, "20310101T") || !strings.HasPrefix(en, "20310101T") {
		t.Errorf("sent METHOD %s DTSTART %s DTEND %s, want a COUNTER for 2031-01-01", m, st, en)
	}
}

// calendarPart returns the iCalendar object of a sent message's
// text/calendar part.
func calendarPart(t *testing.T, raw []byte) *ical.Component {
	t.Helper()
	cals, err := ical.Decode(bytes.NewReader(calendarPartBytes(t, raw)), nil) // meetings_test.go
	if err != nil || len(cals) != 1 {
		t.Fatalf("%v, %d calendars", err, len(cals))
	}
	return cals[0]
}

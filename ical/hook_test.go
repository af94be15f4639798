package ical

import (
	"testing"

	"github.com/oxkit/oxkit/mapi"
)

func TestImportPart(t *testing.T) {
	// The part's method parameter stands in for a missing METHOD.
	ics := []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x@example.com\r\nDTSTAMP:20250101T000000Z\r\n" +
		"DTSTART:20250102T100000Z\r\nDTEND:20250102T110000Z\r\nSUMMARY:Hi\r\nORGANIZER:mailto:a@example.com\r\n" +
		"ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:b@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
	m, err := ImportPart(ics, "request", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := m.Get(mapi.PidTagMessageClass); c != ClassMeetingRequest {
		t.Errorf("class %v", c)
	}
	if f, _ := m.nint(mapi.PidLidAppointmentStateFlags); f != asfMeeting|asfReceived {
		t.Errorf("state flags %#x", f)
	}
	if _, err := ImportPart([]byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"), "", nil); err == nil {
		t.Error("empty calendar accepted")
	}
	if _, err := ImportPart([]byte("garbage"), "", nil); err == nil {
		t.Error("garbage accepted")
	}
}

// A response goes from the attendee to the organizer (gromox #104 was a
// REPLY that named the wrong party): import makes the attendee the sender
// and the organizer the only recipient; export writes exactly one
// ATTENDEE with the response.
func TestReplyDirection(t *testing.T) {
	ms := importFile(t, "testdata/corpus/android_reply.ics")
	m := ms[0]
	if c, _ := m.Get(mapi.PidTagMessageClass); c != ClassMeetingRespPos {
		t.Fatalf("class %v", c)
	}
	if s := m.str(mapi.PidTagSentRepresentingEmailAddress); s != "erik@example.net" {
		t.Errorf("sender %q, want the attendee", s)
	}
	if len(m.Recipients) != 1 {
		t.Fatalf("%d recipients, want the organizer only", len(m.Recipients))
	}
	if r, _ := m.nint(mapi.PidLidResponseStatus); r != respAccepted {
		t.Errorf("response status %d", r)
	}
	for _, counter := range []bool{false, true} {
		if counter {
			m.SetNamed(mapi.PidLidAppointmentCounterProposal, true)
		}
		cal, err := ExportCalendar([]*Message{m}, &ExportOptions{Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		want := "REPLY"
		if counter {
			want = "COUNTER"
		}
		if got := cal.Text("METHOD"); got != want {
			t.Errorf("METHOD %q, want %q", got, want)
		}
		ev := cal.ChildrenNamed("VEVENT")[0]
		att := ev.PropsNamed("ATTENDEE")
		if len(att) != 1 || att[0].Value != "mailto:erik@example.net" || att[0].Param("PARTSTAT") != "ACCEPTED" {
			t.Errorf("ATTENDEE %+v", att)
		}
		if org := ev.Prop("ORGANIZER"); org == nil || org.Value != "mailto:dana@example.org" {
			t.Errorf("ORGANIZER %+v", org)
		}
	}
}

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

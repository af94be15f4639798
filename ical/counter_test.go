package ical

import (
	"strings"
	"testing"
	"time"

	"github.com/oxkit/oxkit/mapi"
)

// counterICS is an attendee's COUNTER (RFC 5546 3.2.7; the event of the
// RFC's group-event examples): the DTSTART and DTEND are the times
// proposed.
const counterICS = "BEGIN:VCALENDAR\r\nPRODID:-//Example/ExampleCalendarClient//EN\r\nMETHOD:COUNTER\r\nVERSION:2.0\r\n" +
	"BEGIN:VEVENT\r\nORGANIZER:mailto:a@example.com\r\nATTENDEE;ROLE=CHAIR;PARTSTAT=ACCEPTED:mailto:a@example.com\r\n" +
	"ATTENDEE;RSVP=TRUE;TYPE=INDIVIDUAL:mailto:b@example.com\r\nDTSTART:19970701T190000Z\r\nDTEND:19970701T200000Z\r\n" +
	"SUMMARY:Evening meeting\r\nUID:calsrv.example.com-873970198738777@example.com\r\nSEQUENCE:0\r\nDTSTAMP:19970614T190000Z\r\n" +
	"STATUS:CONFIRMED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

// TestCounterProposedTimes: an imported COUNTER proposes its DTSTART and
// DTEND ([MS-OXOCAL] PidLidAppointmentProposedStartWhole/EndWhole/
// Duration), and a counter-proposal response exports them as the
// COUNTER's DTSTART and DTEND, not the meeting's own times.
func TestCounterProposedTimes(t *testing.T) {
	ms, err := Import(strings.NewReader(counterICS), nil)
	if err != nil || len(ms) != 1 {
		t.Fatalf("import: %v, %d messages", err, len(ms))
	}
	m := ms[0]
	want := time.Date(1997, 7, 1, 19, 0, 0, 0, time.UTC)
	if !m.nbool(mapi.PidLidAppointmentCounterProposal) {
		t.Fatal("no counter proposal")
	}
	if st, _ := m.ntime(mapi.PidLidAppointmentProposedStartWhole); !st.Equal(want) {
		t.Errorf("proposed start %v", st)
	}
	if en, _ := m.ntime(mapi.PidLidAppointmentProposedEndWhole); !en.Equal(want.Add(time.Hour)) {
		t.Errorf("proposed end %v", en)
	}
	if d, _ := m.nint(mapi.PidLidAppointmentProposedDuration); d != 60 {
		t.Errorf("proposed duration %d", d)
	}
	// The meeting itself was at 18:00; the response says 19:00-20:00.
	m.SetNamed(mapi.PidLidAppointmentStartWhole, want.Add(-time.Hour))
	m.SetNamed(mapi.PidLidAppointmentEndWhole, want)
	cal, err := ExportCalendar([]*Message{m}, &ExportOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if got := cal.Text("METHOD"); got != "COUNTER" {
		t.Fatalf("METHOD %q", got)
	}
	ev := cal.ChildrenNamed("VEVENT")[0]
	if st, en := ev.Prop("DTSTART").Value, ev.Prop("DTEND").Value; st != "19970701T190000Z" || en != "19970701T200000Z" {
		t.Errorf("COUNTER DTSTART %s DTEND %s, want the proposed 19:00-20:00", st, en)
	}
	// A reply that proposes nothing keeps the meeting's times.
	m.SetNamed(mapi.PidLidAppointmentCounterProposal, false)
	cal, err = ExportCalendar([]*Message{m}, &ExportOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if got, st := cal.Text("METHOD"), cal.ChildrenNamed("VEVENT")[0].Prop("DTSTART").Value; got != "REPLY" || st != "19970701T180000Z" {
		t.Errorf("REPLY: METHOD %s DTSTART %s", got, st)
	}
}

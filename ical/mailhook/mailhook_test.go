package mailhook

import (
	"os"
	"testing"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/oxcmail"
)

// TestInvitation imports oxcmail's calendar-invite corpus message through
// the hook: the message becomes a meeting request with the event's times
// and its attendee as the recipient.
func TestInvitation(t *testing.T) {
	raw, err := os.ReadFile("../../oxcmail/testdata/mail/calendar-invite.eml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := oxcmail.Import(raw, &oxcmail.Options{Calendar: Hook{}})
	if err != nil {
		t.Fatal(err)
	}
	if c := m.Prop(mapi.PidTagMessageClass); c != "IPM.Schedule.Meeting.Request" {
		t.Fatalf("message class %v", c)
	}
	if len(m.Attachments) != 0 {
		t.Fatalf("calendar part kept as %d attachments", len(m.Attachments))
	}
	start := m.NamedProp(mapi.PidLidAppointmentStartWhole)
	if start == nil {
		t.Fatalf("no PidLidAppointmentStartWhole; named: %+v", m.Named)
	}
	seen := map[mapi.PropTag]int{}
	for _, p := range m.Props {
		seen[p.Tag]++
		if seen[p.Tag] > 1 {
			t.Fatalf("%v set twice", p.Tag)
		}
	}
	found := false
	for _, r := range m.Recipients {
		if oxcmail.Get(r.Props, mapi.PidTagSmtpAddress) == "anna@example.com" || oxcmail.Get(r.Props, mapi.PidTagEmailAddress) == "anna@example.com" {
			found = true
		}
	}
	if !found {
		t.Fatalf("attendee not among recipients: %+v", m.Recipients)
	}
}

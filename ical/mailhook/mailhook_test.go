package mailhook

import (
	"os"
	"testing"
	"time"

	"github.com/oxkit/oxkit/ical"
	"github.com/oxkit/oxkit/ical/recur"
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

// TestIMIPMethods imports iMIP messages ([RFC 6047]) of the three methods
// a calendar assistant processes and checks what it relies on
// ([MS-OXCICAL] 2.1.3.1.1.20.26 UID, 2.1.3.1.1.20.22 SEQUENCE,
// 2.1.3.1.1.20.20 RRULE, 2.1.3.1.1.20.2 ATTENDEE PARTSTAT): the message
// class of the method, PidLidGlobalObjectId and PidLidCleanGlobalObjectId
// from the UID, the sequence, the times, the organizer as the sender of
// requests and cancellations, the attendee as the sender of a reply with
// its answer in PidLidResponseStatus, and the recurrence blob of an
// RRULE.
func TestIMIPMethods(t *testing.T) {
	const uid = "imip-weekly-0001@partner.example"
	start := time.Date(2030, 6, 4, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		file, class, from string
		seq               int32
		start             time.Time
		response          any // PidLidResponseStatus
		recurring         bool
	}{
		{"request.eml", "IPM.Schedule.Meeting.Request", "olga@partner.example", 0, start, nil, true},
		{"cancel.eml", "IPM.Schedule.Meeting.Canceled", "olga@partner.example", 2, start.Add(4 * time.Hour), nil, true},
		{"reply.eml", "IPM.Schedule.Meeting.Resp.Tent", "user2@example.com", 1, start, int32(2), false}, // respTentative
	} {
		t.Run(tc.file, func(t *testing.T) {
			raw, err := os.ReadFile("testdata/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			m, err := oxcmail.Import(raw, &oxcmail.Options{Calendar: Hook{}})
			if err != nil {
				t.Fatal(err)
			}
			goid, _ := m.NamedProp(mapi.PidLidGlobalObjectId).([]byte)
			clean, _ := m.NamedProp(mapi.PidLidCleanGlobalObjectId).([]byte)
			got := []any{m.Prop(mapi.PidTagMessageClass), m.Prop(mapi.PidTagSentRepresentingSmtpAddress), ical.UIDFromGlobalObjectID(goid),
				ical.UIDFromGlobalObjectID(clean), m.NamedProp(mapi.PidLidAppointmentSequence), m.NamedProp(mapi.PidLidAppointmentStartWhole),
				m.NamedProp(mapi.PidLidResponseStatus)}
			want := []any{tc.class, tc.from, uid, uid, tc.seq, tc.start, tc.response}
			for i := range want {
				if !equal(got[i], want[i]) {
					t.Fatalf("field %d: got %v, want %v (all: %v)", i, got[i], want[i], got)
				}
			}
			blob, _ := m.NamedProp(mapi.PidLidAppointmentRecur).([]byte)
			if !tc.recurring {
				if blob != nil {
					t.Fatal("a single meeting has a recurrence blob")
				}
				return
			}
			p, err := recur.ParseAppointmentRecurrencePattern(blob)
			if err != nil {
				t.Fatalf("PidLidAppointmentRecur: %v", err)
			}
			if p.PatternType != recur.PatternWeek || p.OccurrenceCount != 10 || p.DaysOfWeek != recur.Tuesday {
				t.Fatalf("recurrence: type %v, %d occurrences, days %v", p.PatternType, p.OccurrenceCount, p.DaysOfWeek)
			}
		})
	}
}

func equal(a, b any) bool {
	if ta, ok := a.(time.Time); ok {
		tb, ok := b.(time.Time)
		return ok && ta.Equal(tb)
	}
	return a == b
}

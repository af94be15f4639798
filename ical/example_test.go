package ical_test

import (
	"fmt"
	"strings"

	"github.com/oxkit/oxkit/ical"
	"github.com/oxkit/oxkit/mapi"
)

func ExampleImport() {
	const ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\n" +
		"BEGIN:VEVENT\r\nUID:42@example.com\r\nSUMMARY:Planning\r\n" +
		"DTSTART;TZID=W. Europe Standard Time:20250331T093000\r\n" +
		"DTEND;TZID=W. Europe Standard Time:20250331T100000\r\n" +
		"ORGANIZER;CN=Alice:mailto:alice@example.com\r\n" +
		"ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:bob@example.com\r\n" +
		"END:VEVENT\r\nEND:VCALENDAR\r\n"
	msgs, err := ical.Import(strings.NewReader(ics), nil)
	if err != nil {
		panic(err)
	}
	m := msgs[0]
	class, _ := m.Get(mapi.PidTagMessageClass)
	start, _ := m.GetNamed(mapi.PidLidAppointmentStartWhole)
	fmt.Println(class)
	fmt.Println(start)
	fmt.Println(len(m.Recipients), "recipients")
	// Output:
	// IPM.Schedule.Meeting.Request
	// 2025-03-31 07:30:00 +0000 UTC
	// 2 recipients
}

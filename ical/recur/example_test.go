package recur_test

import (
	"fmt"
	"time"

	"github.com/oxkit/oxkit/ical/recur"
)

func ExampleRRule_ToPattern() {
	rr, err := recur.ParseRRule("FREQ=WEEKLY;BYDAY=MO,TH;COUNT=4")
	if err != nil {
		panic(err)
	}
	start := time.Date(2025, 3, 27, 9, 0, 0, 0, time.UTC) // wall clock of DTSTART
	p, err := rr.ToPattern(start, nil)
	if err != nil {
		panic(err)
	}
	ap := &recur.AppointmentRecurrencePattern{RecurrencePattern: *p, StartTimeOffset: 9 * 60, EndTimeOffset: 10 * 60}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	occ, _ := ap.Expand(berlin, start.AddDate(0, 0, -1), start.AddDate(0, 1, 0), nil)
	for _, o := range occ {
		fmt.Println(o.Start.Format("Mon 2006-01-02 15:04 MST"))
	}
	// Output:
	// Thu 2025-03-27 09:00 CET
	// Mon 2025-03-31 09:00 CEST
	// Thu 2025-04-03 09:00 CEST
	// Mon 2025-04-07 09:00 CEST
}

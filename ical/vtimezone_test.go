package ical

import (
	"bytes"
	"testing"
	"time"
)

// VTIMEZONE written for an IANA zone over a range of years converts back
// to the same offsets (rules that changed in 2007 for New York included).
func TestVTimezoneRoundTrip(t *testing.T) {
	for _, name := range []string{"America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata", "Australia/Sydney"} {
		iana, err := time.LoadLocation(name)
		if err != nil {
			t.Fatalf("no %s: %v", name, err)
		}
		c := VTimezone(iana, "", 2000, 2030)
		// Through text and back.
		cal := &Component{Name: "VCALENDAR", Children: []*Component{c}}
		var b bytes.Buffer
		if err := Encode(&b, cal); err != nil {
			t.Fatal(err)
		}
		cals, err := Decode(&b, nil)
		if err != nil {
			t.Fatal(err)
		}
		loc, err := LocationFromVTimezone(cals[0].Children[0])
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for at := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC); at.Year() < 2036; at = at.Add(5 * time.Hour) {
			_, o1 := at.In(loc).Zone()
			_, o2 := at.In(iana).Zone()
			if o1 != o2 {
				t.Fatalf("%s at %v: offset %d, want %d\n%s", name, at, o1, o2, b.String())
			}
		}
	}
}

// An observance given only by DTSTART and RDATE (no RRULE) applies to its
// year, as some servers write historical transitions.
func TestVTimezoneRDate(t *testing.T) {
	const ics = "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:Test\r\n" +
		"BEGIN:STANDARD\r\nDTSTART:20241027T030000\r\nRDATE:20251026T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n" +
		"BEGIN:DAYLIGHT\r\nDTSTART:20240331T020000\r\nRDATE:20250330T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\n" +
		"END:VTIMEZONE\r\nEND:VCALENDAR\r\n"
	cals, err := Decode(bytes.NewReader([]byte(ics)), nil)
	if err != nil {
		t.Fatal(err)
	}
	loc, err := LocationFromVTimezone(cals[0].Children[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		at   time.Time
		want int
	}{
		{time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC), 7200},
		{time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), 7200},
		{time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC), 3600},
		{time.Date(2025, 3, 30, 0, 59, 0, 0, time.UTC), 3600},
		{time.Date(2025, 3, 30, 1, 0, 0, 0, time.UTC), 7200},
	} {
		if _, off := c.at.In(loc).Zone(); off != c.want {
			t.Errorf("%v: %d, want %d", c.at, off, c.want)
		}
	}
}

package recur

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func load(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("no time zone %s: %v", name, err)
	}
	return loc
}

func fmtOcc(occ []Occurrence) string {
	var b strings.Builder
	for _, o := range occ {
		fmt.Fprintf(&b, "%s-%s", o.Start.Format("2006-01-02T15:04Z07:00"), o.End.Format("15:04"))
		if o.Exception != nil {
			fmt.Fprintf(&b, "(moved from %s)", o.OriginalStart.Format("01-02T15:04"))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestExpandSpec4112(t *testing.T) {
	la := load(t, "America/Los_Angeles")
	p, err := ParseAppointmentRecurrencePattern(dehex(t, specBlobs[0].hex))
	if err != nil {
		t.Fatal(err)
	}
	occ, err := p.Expand(la, time.Date(2007, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC), nil)
	if err != nil {
		t.Fatal(err)
	}
	// Mon/Thu/Fri from Monday 2007-03-26, 12 instances, the 4/16 one moved
	// to 11:00; Pacific daylight time throughout.
	want := `2007-03-26T10:00-07:00-10:30
2007-03-29T10:00-07:00-10:30
2007-03-30T10:00-07:00-10:30
2007-04-02T10:00-07:00-10:30
2007-04-05T10:00-07:00-10:30
2007-04-06T10:00-07:00-10:30
2007-04-09T10:00-07:00-10:30
2007-04-12T10:00-07:00-10:30
2007-04-13T10:00-07:00-10:30
2007-04-16T11:00-07:00-11:30(moved from 04-16T10:00)
2007-04-19T10:00-07:00-10:30
2007-04-20T10:00-07:00-10:30
`
	if got := fmtOcc(occ); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if occ[9].Exception.Subject() != "Simple Recurrence with exceptions" || occ[9].Exception.Location() != "34/4141" {
		t.Errorf("exception = %+v", occ[9].Exception)
	}
	// The spec's derived fields follow from the rest.
	q := p.RecurrencePattern
	q.FirstDateTime, q.EndDate = 0, 0
	q.ComputeFirstDateTime()
	if err := q.ComputeEnd(); err != nil {
		t.Fatal(err)
	}
	if q.FirstDateTime != p.FirstDateTime || q.EndDate != p.EndDate {
		t.Errorf("computed FirstDateTime %#x EndDate %#x, spec %#x %#x", q.FirstDateTime, q.EndDate, p.FirstDateTime, p.EndDate)
	}
}

func TestExpandSpec4113(t *testing.T) {
	p, err := ParseAppointmentRecurrencePattern(dehex(t, specBlobs[1].hex))
	if err != nil {
		t.Fatal(err)
	}
	occ, err := p.Expand(time.UTC, time.Date(2011, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC), nil)
	if err != nil {
		t.Fatal(err)
	}
	// Every 3 days 4/7–5/4, without 4/19 and 4/22.
	var days []string
	for _, o := range occ {
		days = append(days, o.Start.Format("01-02 15:04"))
	}
	want := "04-07 08:00 04-10 08:00 04-13 08:00 04-16 08:00 04-25 08:00 04-28 08:00 05-01 08:00 05-04 08:00"
	if got := strings.Join(days, " "); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	q := p.RecurrencePattern
	q.FirstDateTime, q.OccurrenceCount = 0, 0
	q.ComputeFirstDateTime()
	if err := q.ComputeEnd(); err != nil {
		t.Fatal(err)
	}
	if q.FirstDateTime != 1440 || q.OccurrenceCount != 10 {
		t.Errorf("computed FirstDateTime %d OccurrenceCount %d, spec 1440 and 10", q.FirstDateTime, q.OccurrenceCount)
	}
}

// mk builds a never-ending-by-default pattern from an RRULE, starting at
// start (wall clock), lasting dur.
func mk(t *testing.T, rrule string, start time.Time, dur time.Duration) *AppointmentRecurrencePattern {
	t.Helper()
	rr, err := ParseRRule(rrule)
	if err != nil {
		t.Fatal(err)
	}
	p, err := rr.ToPattern(start, start.Location())
	if err != nil {
		t.Fatal(err)
	}
	off := uint32(start.Hour()*60 + start.Minute())
	return &AppointmentRecurrencePattern{RecurrencePattern: *p, ReaderVersion2: ReaderVersion2, WriterVersion2: WriterVersion2,
		StartTimeOffset: off, EndTimeOffset: off + uint32(dur/time.Minute)}
}

func TestExpandAcrossDST(t *testing.T) {
	cases := []struct {
		zone, rrule string
		start       time.Time // wall clock; zone applied below
		from, to    time.Time // wall clock in zone
		want        string
	}{
		{
			// Weekly Monday 09:00 over the 2025 spring change: 09:00 local
			// stays, UTC moves from 08:00 to 07:00.
			"Europe/Berlin", "FREQ=WEEKLY;BYDAY=MO",
			time.Date(2025, 3, 17, 9, 0, 0, 0, time.UTC),
			time.Date(2025, 3, 20, 0, 0, 0, 0, time.UTC), time.Date(2025, 4, 8, 0, 0, 0, 0, time.UTC),
			"2025-03-24T09:00+01:00-10:00\n2025-03-31T09:00+02:00-10:00\n2025-04-07T09:00+02:00-10:00\n",
		},
		{
			// Daily 02:30 into a spring-forward gap: the 9 March instance
			// does not exist at 02:30 and moves to 03:30 EDT.
			"America/New_York", "FREQ=DAILY;COUNT=3",
			time.Date(2025, 3, 8, 2, 30, 0, 0, time.UTC),
			time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC),
			"2025-03-08T02:30-05:00-03:00\n2025-03-09T03:30-04:00-04:00\n2025-03-10T02:30-04:00-03:00\n",
		},
		{
			// Fall back: 2 November 2025 at 09:00 is EST.
			"America/New_York", "FREQ=WEEKLY;BYDAY=SU;COUNT=2",
			time.Date(2025, 10, 26, 9, 0, 0, 0, time.UTC),
			time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC),
			"2025-10-26T09:00-04:00-09:30\n2025-11-02T09:00-05:00-09:30\n",
		},
		{
			// Fall back: 01:30 on 2 November 2025 happens twice; the first
			// (EDT) is taken and the 30 minutes end at 01:00 EST.
			"America/New_York", "FREQ=DAILY;COUNT=2",
			time.Date(2025, 11, 1, 1, 30, 0, 0, time.UTC),
			time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC),
			"2025-11-01T01:30-04:00-02:00\n2025-11-02T01:30-04:00-01:00\n",
		},
		{
			// Lord Howe's 30-minute DST starts 5 October 2025 at 02:00;
			// 02:15 falls in the gap and becomes 02:45 (+11:00).
			"Australia/Lord_Howe", "FREQ=DAILY;COUNT=3",
			time.Date(2025, 10, 4, 2, 15, 0, 0, time.UTC),
			time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC),
			"2025-10-04T02:15+10:30-02:45\n2025-10-05T02:45+11:00-03:15\n2025-10-06T02:15+11:00-02:45\n",
		},
		{
			// Kolkata has no DST: the second Tuesday of each month at 18:30.
			"Asia/Kolkata", "FREQ=MONTHLY;BYDAY=2TU;COUNT=4",
			time.Date(2025, 1, 14, 18, 30, 0, 0, time.UTC),
			time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
			"2025-01-14T18:30+05:30-19:00\n2025-02-11T18:30+05:30-19:00\n2025-03-11T18:30+05:30-19:00\n2025-04-08T18:30+05:30-19:00\n",
		},
	}
	for _, c := range cases {
		t.Run(c.zone+" "+c.rrule, func(t *testing.T) {
			loc := load(t, c.zone)
			p := mk(t, c.rrule, c.start, 30*time.Minute)
			if strings.Contains(c.rrule, "BYDAY=MO") {
				p.EndTimeOffset = p.StartTimeOffset + 60
			}
			in := func(w time.Time) time.Time {
				return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), 0, 0, loc)
			}
			occ, err := p.Expand(loc, in(c.from), in(c.to), nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := fmtOcc(occ); got != c.want {
				t.Fatalf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

func TestPatternKinds(t *testing.T) {
	cases := []struct {
		rrule string
		start time.Time
		n     int
		want  string // dates of the first n occurrences
	}{
		{"FREQ=MONTHLY;BYMONTHDAY=31", time.Date(2025, 1, 31, 10, 0, 0, 0, time.UTC), 4, "2025-01-31 2025-02-28 2025-03-31 2025-04-30"},
		{"FREQ=MONTHLY;BYMONTHDAY=-1", time.Date(2024, 1, 31, 10, 0, 0, 0, time.UTC), 3, "2024-01-31 2024-02-29 2024-03-31"},
		{"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", time.Date(2025, 5, 30, 10, 0, 0, 0, time.UTC), 3, "2025-05-30 2025-06-30 2025-07-31"},
		{"FREQ=MONTHLY;INTERVAL=2;BYDAY=SA,SU;BYSETPOS=1", time.Date(2025, 2, 1, 10, 0, 0, 0, time.UTC), 3, "2025-02-01 2025-04-05 2025-06-01"},
		{"FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", time.Date(2025, 11, 27, 12, 0, 0, 0, time.UTC), 3, "2025-11-27 2026-11-26 2027-11-25"},
		{"FREQ=YEARLY;BYMONTHDAY=29;BYMONTH=2", time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC), 3, "2024-02-29 2025-02-28 2026-02-28"},
		{"FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", time.Date(2025, 6, 6, 8, 0, 0, 0, time.UTC), 3, "2025-06-06 2025-06-09 2025-06-10"},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,MO;WKST=MO", time.Date(2025, 6, 2, 8, 0, 0, 0, time.UTC), 4, "2025-06-02 2025-06-08 2025-06-16 2025-06-22"},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,MO;WKST=SU", time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC), 4, "2025-06-01 2025-06-02 2025-06-15 2025-06-16"},
		{"FREQ=DAILY;INTERVAL=10;UNTIL=20250125T000000Z", time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC), 5, "2025-01-01 2025-01-11 2025-01-21"},
	}
	for _, c := range cases {
		t.Run(c.rrule, func(t *testing.T) {
			p := mk(t, c.rrule, c.start, time.Hour)
			occ, err := p.Expand(time.UTC, c.start, c.start.AddDate(5, 0, 0), &ExpandOptions{MaxOccurrences: c.n})
			if err != nil && !errors.Is(err, ErrLimit) {
				t.Fatal(err)
			}
			var got []string
			for _, o := range occ {
				got = append(got, o.Start.Format("2006-01-02"))
			}
			if g := strings.Join(got, " "); g != c.want {
				t.Fatalf("got  %s\nwant %s", g, c.want)
			}
		})
	}
}

func TestExpandFarWindowNeverEnding(t *testing.T) {
	// A never-ending daily series queried 300 years later: the walk jumps
	// to the window instead of stepping through every day.
	p := mk(t, "FREQ=DAILY", time.Date(2000, 1, 1, 9, 0, 0, 0, time.UTC), time.Hour)
	from := time.Date(2300, 5, 1, 0, 0, 0, 0, time.UTC)
	occ, err := p.Expand(time.UTC, from, from.AddDate(0, 0, 3), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(occ) != 3 || !occ[0].Start.Equal(time.Date(2300, 5, 1, 9, 0, 0, 0, time.UTC)) {
		t.Fatalf("got %s", fmtOcc(occ))
	}
}

func TestRRuleRoundTrip(t *testing.T) {
	for _, s := range []string{
		"FREQ=DAILY;COUNT=5;INTERVAL=3",
		"FREQ=WEEKLY;COUNT=12;BYDAY=MO,TH,FR;WKST=SU",
		"FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15",
		"FREQ=MONTHLY;BYDAY=-1FR",
		"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1",
		"FREQ=YEARLY;BYDAY=4TH;BYMONTH=11",
		"FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=2",
	} {
		rr, err := ParseRRule(s)
		if err != nil {
			t.Fatal(err)
		}
		if rr.String() != s {
			t.Errorf("String() = %s, want %s", rr.String(), s)
		}
	}
	// Pattern → RRULE → pattern is stable.
	for _, v := range specBlobs {
		p, _ := ParseAppointmentRecurrencePattern(dehex(t, v.hex))
		rr, err := p.RRule(time.UTC, p.StartTimeOffset, false)
		if err != nil {
			t.Fatal(err)
		}
		start := MinutesToTime(p.StartDate).Add(time.Duration(p.StartTimeOffset) * time.Minute)
		q, err := rr.ToPattern(start, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		if q.PatternType != p.PatternType || q.Period != p.Period || q.DaysOfWeek != p.DaysOfWeek ||
			q.FirstDateTime != p.FirstDateTime || q.EndType != p.EndType || q.EndDate != p.EndDate ||
			q.OccurrenceCount != p.OccurrenceCount || q.StartDate != p.StartDate || q.FirstDOW != p.FirstDOW {
			t.Errorf("%s: %s\n got %+v\nwant %+v", v.name, rr, q, p.RecurrencePattern)
		}
	}
}

func TestRRuleUnsupported(t *testing.T) {
	for _, s := range []string{
		"FREQ=HOURLY", "FREQ=DAILY;BYHOUR=9,17", "FREQ=MONTHLY;BYMONTHDAY=1,15",
		"FREQ=YEARLY;BYWEEKNO=20", "FREQ=MONTHLY;BYDAY=3MO;BYSETPOS=2",
	} {
		rr, err := ParseRRule(s)
		if err != nil {
			continue
		}
		if _, err := rr.ToPattern(time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC), time.UTC); !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: err = %v, want ErrUnsupported", s, err)
		}
	}
	for _, s := range []string{"", "COUNT=3", "FREQ=DAILY;COUNT=x", "FREQ=DAILY;BYDAY=XX", "FREQ=DAILY;INTERVAL=0"} {
		if _, err := ParseRRule(s); err == nil {
			t.Errorf("ParseRRule(%q) accepted", s)
		}
	}
}

func BenchmarkExpandWeeklyYear(b *testing.B) {
	loc := load(b, "Europe/Berlin")
	rr, _ := ParseRRule("FREQ=WEEKLY;BYDAY=MO,WE,FR")
	start := time.Date(2020, 1, 6, 9, 0, 0, 0, time.UTC)
	p0, _ := rr.ToPattern(start, loc)
	p := &AppointmentRecurrencePattern{RecurrencePattern: *p0, StartTimeOffset: 540, EndTimeOffset: 600}
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, loc)
	to := from.AddDate(1, 0, 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Expand(loc, from, to, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseAppointmentRecurrencePattern(b *testing.B) {
	raw := dehex(b, specBlobs[0].hex)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseAppointmentRecurrencePattern(raw); err != nil {
			b.Fatal(err)
		}
	}
}

func TestRRuleAllDayUntil(t *testing.T) {
	// An all-day series ending by date exports UNTIL as a DATE; a timed one
	// as the last start in UTC.
	rr, _ := ParseRRule("FREQ=WEEKLY;BYDAY=FR;UNTIL=20250131")
	p, err := rr.ToPattern(time.Date(2025, 1, 3, 0, 0, 0, 0, time.UTC), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.RRule(time.UTC, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	if s := got.String(); s != "FREQ=WEEKLY;UNTIL=20250131;BYDAY=FR;WKST=MO" {
		t.Errorf("all-day: %s", s)
	}
	ny := load(t, "America/New_York")
	got, _ = p.RRule(ny, 9*60, false)
	if s := got.String(); s != "FREQ=WEEKLY;UNTIL=20250131T140000Z;BYDAY=FR;WKST=MO" {
		t.Errorf("timed: %s", s)
	}
	if p.OccurrenceCount != 5 || MinutesToTime(p.EndDate).Day() != 31 {
		t.Errorf("count %d end %v", p.OccurrenceCount, MinutesToTime(p.EndDate))
	}
}

package tz

import (
	"fmt"
	"time"

	"github.com/oxkit/oxkit/internal/wire"
)

// SystemTime is the SYSTEMTIME structure ([MS-DTYP] 2.3.13). In a time
// zone rule with Year == 0 it is a recurring "day-in-month" date: Day is
// the week of the month (1–4, 5 = last) and DayOfWeek the weekday
// (0 = Sunday); with Year != 0 it is an absolute date.
type SystemTime struct {
	Year, Month, DayOfWeek, Day, Hour, Minute, Second, Milliseconds uint16
}

// systemTimeSize is the wire size of SYSTEMTIME.
const systemTimeSize = 16

func readSystemTime(r *wire.Reader) SystemTime {
	return SystemTime{r.Uint16(), r.Uint16(), r.Uint16(), r.Uint16(), r.Uint16(), r.Uint16(), r.Uint16(), r.Uint16()}
}

func appendSystemTime(b []byte, s SystemTime) []byte {
	for _, v := range [...]uint16{s.Year, s.Month, s.DayOfWeek, s.Day, s.Hour, s.Minute, s.Second, s.Milliseconds} {
		b = wire.AppendUint16(b, v)
	}
	return b
}

// IsZero reports whether s is all zero (no transition).
func (s SystemTime) IsZero() bool { return s == SystemTime{} }

// String formats s for debugging; it never panics.
func (s SystemTime) String() string {
	if s.Year == 0 {
		return fmt.Sprintf("M%d.W%d.D%d %02d:%02d:%02d.%03d", s.Month, s.Day, s.DayOfWeek, s.Hour, s.Minute, s.Second, s.Milliseconds)
	}
	return fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d.%03d", s.Year, s.Month, s.Day, s.Hour, s.Minute, s.Second, s.Milliseconds)
}

// Rule is one time zone rule as Windows stores it: the fields of TZREG
// ([MS-OXOCAL] 2.2.1.39 PidLidTimeZoneStruct, without the years), of a
// TZRule ([MS-OXOCAL] 2.2.1.41.1) and of TIME_ZONE_INFORMATION
// ([MS-ASDTYPE] 2.7.6). Local time = UTC − (Bias + StandardBias) in
// standard time and UTC − (Bias + DaylightBias) in daylight time, in
// minutes. DaylightDate is the switch to daylight time in local standard
// time; StandardDate the switch back, in local daylight time. A rule
// whose StandardDate.Month is 0 has no daylight saving time.
type Rule struct {
	Bias         int32
	StandardBias int32
	DaylightBias int32
	StandardDate SystemTime
	DaylightDate SystemTime
}

// HasDST reports whether r observes daylight saving time.
func (r Rule) HasDST() bool { return r.StandardDate.Month != 0 && r.DaylightDate.Month != 0 }

// StandardOffset returns the UTC offset of standard time in seconds (east
// of UTC positive, as time.Time.Zone reports it).
func (r Rule) StandardOffset() int { return -int(r.Bias+r.StandardBias) * 60 }

// DaylightOffset returns the UTC offset of daylight time in seconds.
func (r Rule) DaylightOffset() int { return -int(r.Bias+r.DaylightBias) * 60 }

// String formats r for debugging; it never panics.
func (r Rule) String() string {
	return fmt.Sprintf("bias=%d std=%+d dst=%+d stdDate=%v dstDate=%v", r.Bias, r.StandardBias, r.DaylightBias, r.StandardDate, r.DaylightDate)
}

// transitionLocal returns the local wall-clock date and time at which s
// happens in year, as a time in UTC location (no zone applied), and
// whether s applies to year at all.
func transitionLocal(s SystemTime, year int) (time.Time, bool) {
	if s.Month < 1 || s.Month > 12 {
		return time.Time{}, false
	}
	clock := time.Duration(s.Hour)*time.Hour + time.Duration(s.Minute)*time.Minute +
		time.Duration(s.Second)*time.Second + time.Duration(s.Milliseconds)*time.Millisecond
	if s.Year != 0 {
		if int(s.Year) != year {
			return time.Time{}, false
		}
		return time.Date(year, time.Month(s.Month), int(s.Day), 0, 0, 0, 0, time.UTC).Add(clock), true
	}
	d := NthWeekday(year, time.Month(s.Month), time.Weekday(s.DayOfWeek%7), int(s.Day))
	return d.Add(clock), true
}

// NthWeekday returns midnight (UTC location) of the n-th (1–4; 5 or more
// = last) weekday wd of month in year.
func NthWeekday(year int, month time.Month, wd time.Weekday, n int) time.Time {
	if n >= 5 {
		last := time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC)
		back := (int(last.Weekday()) - int(wd) + 7) % 7
		return last.AddDate(0, 0, -back)
	}
	if n < 1 {
		n = 1
	}
	first := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
	fwd := (int(wd) - int(first.Weekday()) + 7) % 7
	return first.AddDate(0, 0, fwd+7*(n-1))
}

// Transitions returns the instants (UTC) at which daylight time starts and
// ends in year, and false if r has no daylight saving time in that year.
func (r Rule) Transitions(year int) (dstStart, dstEnd time.Time, ok bool) {
	if !r.HasDST() {
		return time.Time{}, time.Time{}, false
	}
	ds, ok1 := transitionLocal(r.DaylightDate, year)
	se, ok2 := transitionLocal(r.StandardDate, year)
	if !ok1 || !ok2 {
		return time.Time{}, time.Time{}, false
	}
	// DaylightDate is in standard local time, StandardDate in daylight.
	dstStart = ds.Add(-time.Duration(r.StandardOffset()) * time.Second)
	dstEnd = se.Add(-time.Duration(r.DaylightOffset()) * time.Second)
	return dstStart, dstEnd, true
}

// OffsetAt returns the UTC offset (seconds east) r gives the instant t and
// whether daylight time is in effect.
func (r Rule) OffsetAt(t time.Time) (int, bool) {
	t = t.UTC()
	start, end, ok := r.Transitions(t.Year())
	if !ok {
		return r.StandardOffset(), false
	}
	var dst bool
	if start.Before(end) { // northern hemisphere
		dst = !t.Before(start) && t.Before(end)
	} else { // southern: daylight time spans the new year
		dst = !t.Before(start) || t.Before(end)
	}
	if dst {
		return r.DaylightOffset(), true
	}
	return r.StandardOffset(), false
}

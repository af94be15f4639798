package recur

import (
	"errors"
	"fmt"
	"sort"
	"time"
)

// epoch is 1 January 1601, the origin of the pattern's minute counts.
var epoch = time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC)

// MinutesToTime converts minutes since 1601 (a local wall-clock value in
// a recurrence blob) to a time in the UTC location with the same wall
// clock.
func MinutesToTime(m uint32) time.Time {
	return epoch.AddDate(0, 0, int(m/1440)).Add(time.Duration(m%1440) * time.Minute)
}

// TimeToMinutes converts a wall-clock time (its zone is ignored) to
// minutes since 1601, truncating seconds. Times before 1601 give 0 and
// times past the uint32 range the maximum.
func TimeToMinutes(t time.Time) uint32 {
	m := int64(dateDay(t))*1440 + int64(t.Hour()*60+t.Minute())
	if m < 0 {
		return 0
	}
	if m > 0xFFFFFFFF {
		return 0xFFFFFFFF
	}
	return uint32(m)
}

// day numbers count days since 1601-01-01 (a Monday).
func dayOf(m uint32) int { return int(m / 1440) }

func weekday(day int) int { return (day + 1) % 7 }

func dayDate(day int) time.Time { return epoch.AddDate(0, 0, day) }

// epochUnix is epoch in Unix seconds.
var epochUnix = epoch.Unix()

// dateDay returns the day number of t's wall-clock date.
func dateDay(t time.Time) int {
	return int((time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix() - epochUnix) / 86400)
}

func monthIndex(t time.Time) int { return (t.Year()-1601)*12 + int(t.Month()) - 1 }

func monthStart(idx int) time.Time {
	return time.Date(1601+idx/12, time.Month(idx%12+1), 1, 0, 0, 0, 0, time.UTC)
}

// ErrUnsupported is returned for patterns the expander or the RRULE
// conversion do not handle (Hijri calendars, unknown pattern types, RRULE
// parts without a pattern equivalent).
var ErrUnsupported = errors.New("recur: unsupported recurrence")

// MaxSlots bounds the pattern slots Slots and Expand walk through (one
// per generated date before the window) so a hostile pattern cannot spin.
const MaxSlots = 1 << 20

// Slots calls yield with the day number (days since 1601-01-01, local)
// of each date the pattern produces, in order, from its StartDate to its
// end (EndDate or OccurrenceCount), deleted instances included, starting
// at or after the day fromDay for series without a count. It stops when
// yield returns false.
func (p *RecurrencePattern) Slots(fromDay int, yield func(day int) bool) error {
	if p.CalendarType != 0 && p.CalendarType != 1 { // 1 = CAL_GREGORIAN
		return fmt.Errorf("%w: calendar type %#x", ErrUnsupported, p.CalendarType)
	}
	start := dayOf(p.StartDate)
	end := int(^uint(0) >> 1)
	count := -1
	switch p.EndType {
	case EndAfterCount:
		count = int(p.OccurrenceCount)
		if p.EndDate != 0 && p.EndDate != NeverEndDate {
			end = dayOf(p.EndDate)
		}
		fromDay = start // counting needs every slot from the start
	case EndAfterDate:
		end = dayOf(p.EndDate)
	}
	if fromDay < start {
		fromDay = start
	}
	if count == 0 {
		return nil
	}
	n, steps := 0, 0
	emit := func(d int) bool {
		if d < start || d < fromDay && count < 0 {
			return true
		}
		if d > end {
			return false
		}
		n++
		if !yield(d) {
			return false
		}
		return count < 0 || n < count
	}
	step := func() error {
		steps++
		if steps > MaxSlots {
			return fmt.Errorf("recur: more than %d periods walked: %w", MaxSlots, ErrLimit)
		}
		return nil
	}
	switch p.PatternType {
	case PatternDay:
		period := int(p.Period / 1440)
		if period <= 0 {
			return fmt.Errorf("%w: daily period %d minutes", ErrUnsupported, p.Period)
		}
		first := dayOf(p.FirstDateTime) % period
		d := fromDay + ((first-fromDay)%period+period)%period
		for ; ; d += period {
			if err := step(); err != nil {
				return err
			}
			if !emit(d) {
				return nil
			}
		}
	case PatternWeek:
		if p.Period == 0 || p.DaysOfWeek&0x7F == 0 {
			return fmt.Errorf("%w: weekly period %d, days %#x", ErrUnsupported, p.Period, p.DaysOfWeek)
		}
		span := 7 * int(p.Period)
		fdow := int(p.FirstDOW % 7)
		ws := fromDay - (weekday(fromDay)-fdow+7)%7
		first := dayOf(p.FirstDateTime)
		// Move to the first week in phase with FirstDateTime.
		off := ((ws-first)%span + span) % span
		if off != 0 {
			ws += span - off
			// The week containing fromDay may be out of phase, yet an
			// earlier in-phase week can still hold days ≥ fromDay: none
			// can, since weeks are 7 days and in-phase weeks start ≤ ws.
		}
		for ; ; ws += span {
			if err := step(); err != nil {
				return err
			}
			for i := 0; i < 7; i++ {
				d := ws + i
				if !p.DaysOfWeek.Has(weekday(d)) {
					continue
				}
				if !emit(d) {
					return nil
				}
			}
		}
	case PatternMonth, PatternMonthEnd, PatternMonthNth:
		if p.Period == 0 {
			return fmt.Errorf("%w: monthly period 0", ErrUnsupported)
		}
		if p.PatternType == PatternMonthNth && (p.DaysOfWeek&0x7F == 0 || p.N < 1 || p.N > 5) {
			return fmt.Errorf("%w: month-nth days %#x N %d", ErrUnsupported, p.DaysOfWeek, p.N)
		}
		period := int(p.Period)
		first := monthIndex(MinutesToTime(p.FirstDateTime)) % period
		mi := monthIndex(dayDate(fromDay))
		mi += ((first-mi)%period + period) % period
		for ; ; mi += period {
			if err := step(); err != nil {
				return err
			}
			d, ok := p.monthDay(mi)
			if !ok {
				continue
			}
			if !emit(d) {
				return nil
			}
		}
	}
	return fmt.Errorf("%w: pattern type %v", ErrUnsupported, p.PatternType)
}

// monthDay returns the day number of the pattern's day in month mi.
func (p *RecurrencePattern) monthDay(mi int) (int, bool) {
	ms := monthStart(mi)
	dim := ms.AddDate(0, 1, -1).Day()
	base := dateDay(ms)
	switch p.PatternType {
	case PatternMonth:
		dom := int(p.DayOfMonth)
		if dom < 1 {
			return 0, false
		}
		// QUIRK: Outlook moves day 29–31 to the month's last day in
		// shorter months ([MS-OXOCAL] 2.2.1.44.1.2: "the last day of the
		// month" when the day does not exist).
		if dom > dim {
			dom = dim
		}
		return base + dom - 1, true
	case PatternMonthEnd:
		return base + dim - 1, true
	case PatternMonthNth:
		if p.N == 5 {
			for d := dim - 1; d >= 0; d-- {
				if p.DaysOfWeek.Has(weekday(base + d)) {
					return base + d, true
				}
			}
			return 0, false
		}
		k := 0
		for d := 0; d < dim; d++ {
			if p.DaysOfWeek.Has(weekday(base + d)) {
				k++
				if k == int(p.N) {
					return base + d, true
				}
			}
		}
	}
	return 0, false
}

// Occurrence is one instance of a recurring series.
type Occurrence struct {
	Start, End time.Time // in the series' location
	// OriginalStart is the start the pattern gives this instance (the
	// RECURRENCE-ID); it differs from Start for moved exceptions.
	OriginalStart time.Time
	// Exception is the modified instance's data, nil for an unmodified
	// occurrence.
	Exception *Exception
}

// ExpandOptions tune Expand. The zero value means the defaults.
type ExpandOptions struct {
	// MaxOccurrences bounds the returned occurrences (default 10000);
	// Expand returns ErrLimit beyond it.
	MaxOccurrences int
}

func wall(loc *time.Location, minutes uint32) time.Time {
	return LocalTime(MinutesToTime(minutes), loc)
}

func wallDay(loc *time.Location, day int, offset uint32) time.Time {
	return LocalTime(dayDate(day).Add(time.Duration(offset)*time.Minute), loc)
}

// LocalTime returns the instant at which loc's clocks show the wall-clock
// time w (w's own zone is ignored), resolving daylight saving changes as
// RFC 5545 3.3.5 does: an ambiguous time (fall back) is the first of the
// two instants, a nonexistent one (spring forward) uses the offset from
// before the gap, moving it forward by the gap's length.
func LocalTime(w time.Time, loc *time.Location) time.Time {
	u := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), time.UTC)
	_, before := u.Add(-26 * time.Hour).In(loc).Zone()
	_, after := u.Add(26 * time.Hour).In(loc).Zone()
	if before == after {
		return u.Add(-time.Duration(before) * time.Second).In(loc)
	}
	var best time.Time
	for _, o := range [...]int{before, after} {
		t := u.Add(-time.Duration(o) * time.Second).In(loc)
		if y, m, d := t.Date(); y == u.Year() && m == u.Month() && d == u.Day() &&
			t.Hour() == u.Hour() && t.Minute() == u.Minute() && t.Second() == u.Second() {
			if best.IsZero() || t.Before(best) {
				best = t
			}
		}
	}
	if best.IsZero() {
		return u.Add(-time.Duration(before) * time.Second).In(loc)
	}
	return best
}

// Expand lists the occurrences of the series that overlap [from, to), in
// start order, with local times in loc (the series' time zone, e.g. from
// PidLidAppointmentTimeZoneDefinitionRecur via ical/tz). Each occurrence
// keeps its local wall-clock time across daylight saving changes; a start
// in a spring-forward gap moves forward by the gap, as Go's time.Date
// does. Deleted instances are left out; modified ones carry their
// Exception and its times.
func (p *AppointmentRecurrencePattern) Expand(loc *time.Location, from, to time.Time, opt *ExpandOptions) ([]Occurrence, error) {
	max := 10000
	if opt != nil && opt.MaxOccurrences > 0 {
		max = opt.MaxOccurrences
	}
	dur := time.Duration(int64(p.EndTimeOffset)-int64(p.StartTimeOffset)) * time.Minute
	if dur < 0 {
		dur = 0
	}
	deleted := make(map[int]bool, len(p.DeletedInstanceDates))
	for _, d := range p.DeletedInstanceDates {
		deleted[dayOf(d)] = true
	}
	var out []Occurrence
	// Start the walk a little before the window for long occurrences.
	fromDay := dateDay(from.In(loc)) - int(dur/(24*time.Hour)) - 2
	var limitErr error
	err := p.Slots(fromDay, func(day int) bool {
		start := wallDay(loc, day, p.StartTimeOffset)
		if !start.Before(to) {
			return false
		}
		if deleted[day] {
			return true
		}
		end := start.Add(dur)
		if end.After(from) || (dur == 0 && !start.Before(from)) {
			if len(out) >= max {
				limitErr = fmt.Errorf("recur: more than %d occurrences: %w", max, ErrLimit)
				return false
			}
			out = append(out, Occurrence{Start: start, End: end, OriginalStart: start})
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	if limitErr != nil {
		return out, limitErr
	}
	for i := range p.Exceptions {
		x := &p.Exceptions[i]
		start := wall(loc, x.Info.StartDateTime)
		end := wall(loc, x.Info.EndDateTime)
		if !start.Before(to) || !(end.After(from) || (end.Equal(start) && !start.Before(from))) {
			continue
		}
		if len(out) >= max {
			return out, fmt.Errorf("recur: more than %d occurrences: %w", max, ErrLimit)
		}
		out = append(out, Occurrence{Start: start, End: end, OriginalStart: wall(loc, x.Info.OriginalStartTime), Exception: x})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out, nil
}

// ComputeFirstDateTime sets p.FirstDateTime from StartDate, Period,
// PatternType and FirstDOW as [MS-OXOCAL] 2.2.1.44.1.2 specifies.
func (p *RecurrencePattern) ComputeFirstDateTime() {
	start := MinutesToTime(p.StartDate)
	switch p.PatternType {
	case PatternDay:
		if p.Period != 0 {
			p.FirstDateTime = p.StartDate % p.Period
		}
	case PatternWeek:
		if p.Period != 0 {
			d := dayOf(p.StartDate)
			ws := d - (weekday(d)-int(p.FirstDOW%7)+7)%7
			p.FirstDateTime = uint32(ws*1440) % (p.Period * 10080)
		}
	default:
		if p.Period != 0 {
			mi := monthIndex(start) % int(p.Period)
			p.FirstDateTime = uint32(dateDay(monthStart(mi)) * 1440)
		}
	}
}

// ComputeEnd sets EndDate from OccurrenceCount (EndAfterCount), or
// OccurrenceCount from EndDate (EndAfterDate), or the never-end values,
// by walking the pattern.
func (p *RecurrencePattern) ComputeEnd() error {
	switch p.EndType {
	case EndNever, EndNeverAlt:
		p.EndDate = NeverEndDate
		if p.OccurrenceCount == 0 {
			p.OccurrenceCount = 10
		}
		return nil
	case EndAfterCount:
		saved := p.EndDate
		p.EndDate = 0
		last := -1
		err := p.Slots(0, func(d int) bool { last = d; return true })
		p.EndDate = saved
		if err != nil {
			return err
		}
		if last >= 0 {
			p.EndDate = uint32(last * 1440)
		}
		return nil
	case EndAfterDate:
		n := 0
		err := p.Slots(0, func(int) bool { n++; return true })
		p.OccurrenceCount = uint32(n)
		return err
	}
	return fmt.Errorf("%w: end type %v", ErrUnsupported, p.EndType)
}

package recur

import (
	"fmt"
	"time"
)

// Recurring tasks ([MS-OXOTASK] 2.2.2.2.15 PidLidTaskRecurrence, a
// RecurrencePattern of [MS-OXOCAL] 2.2.1.44.1 without deleted or
// modified instances; [MS-OXOTASK] 3.1.4.6: completing an occurrence of
// a recurring task generates the next one).
//
// A task series has one current occurrence: the Task object's start and
// due dates. Completing or skipping it moves the series to the next
// occurrence, which is either the pattern's next date (a recurring
// pattern) or, for a regenerating ("sliding") pattern, a date a fixed
// interval after the day the current occurrence was completed. The
// pattern is re-anchored on each move: StartDate becomes the new current
// occurrence and an EndAfterCount range keeps the occurrences that
// remain, the current one included, so the blob always describes the
// rest of the series.
//
// Regenerating patterns are encoded with SlidingFlag 1 and the pattern
// type of their unit: daily as PatternDay (Period in minutes, as daily
// patterns are), weekly as PatternWeek with the start's weekday, monthly
// as PatternMonth (Period in months) and yearly as PatternMonth with a
// Period of 12 months per year, the encodings the non-sliding patterns of
// the same frequency use.

// MaxTaskInterval bounds the interval of a regenerating pattern (999, as
// Outlook's dialog does), so the Period fields cannot overflow.
const MaxTaskInterval = 999

// NewTaskRegeneration returns the pattern of a task that regenerates
// interval days, weeks, months or years (by freq) after each completion,
// whose current occurrence falls on start's date, with no end (set
// EndType and OccurrenceCount or EndDate, then call ComputeEnd, for a
// range).
func NewTaskRegeneration(freq Frequency, interval uint32, start time.Time) (*RecurrencePattern, error) {
	if interval < 1 || interval > MaxTaskInterval {
		return nil, fmt.Errorf("recur: regeneration interval %d out of 1–%d", interval, MaxTaskInterval)
	}
	p := &RecurrencePattern{ReaderVersion: PatternVersion, WriterVersion: PatternVersion, Frequency: freq, SlidingFlag: 1,
		EndType: EndNever, OccurrenceCount: 10, EndDate: NeverEndDate}
	switch freq {
	case FrequencyDaily:
		p.PatternType, p.Period = PatternDay, interval*1440
	case FrequencyWeekly:
		p.PatternType, p.Period = PatternWeek, interval
	case FrequencyMonthly:
		p.PatternType, p.Period = PatternMonth, interval
	case FrequencyYearly:
		p.PatternType, p.Period = PatternMonth, interval*12
	default:
		return nil, fmt.Errorf("%w: regeneration frequency %v", ErrUnsupported, freq)
	}
	p.anchor(dateDay(start))
	return p, nil
}

// Regenerating reports whether p is a task regeneration pattern
// (SlidingFlag set).
func (p *RecurrencePattern) Regenerating() bool { return p.SlidingFlag != 0 }

// RegenerationInterval returns the interval of a regenerating pattern in
// its frequency's unit (days, weeks, months or years).
func (p *RecurrencePattern) RegenerationInterval() uint32 {
	switch p.Frequency {
	case FrequencyDaily:
		return max(p.Period/1440, 1)
	case FrequencyYearly:
		return max(p.Period/12, 1)
	}
	return max(p.Period, 1)
}

// anchor sets StartDate to day and, for a regenerating pattern, the
// pattern-specific day to that day's, then FirstDateTime.
func (p *RecurrencePattern) anchor(day int) {
	p.StartDate = uint32(day * 1440)
	if p.Regenerating() {
		switch p.PatternType {
		case PatternWeek:
			p.DaysOfWeek = 1 << weekday(day)
		case PatternMonth:
			p.DayOfMonth = uint32(dayDate(day).Day())
		}
	}
	p.ComputeFirstDateTime()
}

// FirstTaskDate returns the date of a new series' first occurrence: the
// first date of the pattern on or after StartDate (StartDate itself for
// a regenerating pattern); ok is false when the range holds none.
func (p *RecurrencePattern) FirstTaskDate() (first time.Time, ok bool, err error) {
	if p.Regenerating() {
		return dayDate(dayOf(p.StartDate)), p.EndType != EndAfterCount || p.OccurrenceCount > 0, nil
	}
	day := -1
	err = p.Slots(dayOf(p.StartDate), func(d int) bool { day = d; return false })
	if err != nil || day < 0 {
		return time.Time{}, false, err
	}
	return dayDate(day), true, nil
}

// NextTaskDate returns the date of the occurrence after the current one
// (on cur's date) when that one is completed or skipped on done's date:
// done plus the interval for a regenerating pattern, otherwise the
// pattern's first date after cur. ok is false when the range is
// exhausted (the current occurrence is the last). Only the dates of cur
// and done count (their zones are ignored).
func (p *RecurrencePattern) NextTaskDate(cur, done time.Time) (next time.Time, ok bool, err error) {
	curDay := dateDay(cur)
	if p.Regenerating() {
		if p.EndType == EndAfterCount && p.OccurrenceCount <= 1 {
			return time.Time{}, false, nil
		}
		n := p.regenerate(dateDay(done))
		if !dayInRange(n) {
			return time.Time{}, false, errOutOfRange
		}
		if p.EndType == EndAfterDate && n > dayOf(p.EndDate) {
			return time.Time{}, false, nil
		}
		return dayDate(n), true, nil
	}
	day := -1
	err = p.Slots(curDay+1, func(d int) bool {
		if d > curDay {
			day = d
			return false
		}
		return true
	})
	if err != nil || day < 0 {
		return time.Time{}, false, err
	}
	if !dayInRange(day) {
		return time.Time{}, false, errOutOfRange
	}
	return dayDate(day), true, nil
}

// errOutOfRange is returned for a next occurrence a pattern's minute
// counts cannot hold (a hostile Period).
var errOutOfRange = fmt.Errorf("recur: next task occurrence past the range of the pattern's dates: %w", ErrLimit)

// dayInRange reports whether day's first minute fits a uint32 minute
// count.
func dayInRange(day int) bool { return day >= 0 && int64(day)*1440 <= 0xFFFFFFFF }

// regenerate returns the day a regenerating pattern's next occurrence
// falls on when the current one is completed on day done. Monthly and
// yearly steps keep the day of the month, or the month's last day when
// it is shorter.
func (p *RecurrencePattern) regenerate(done int) int {
	switch p.PatternType {
	case PatternDay:
		return done + int(max(p.Period/1440, 1))
	case PatternWeek:
		return done + 7*int(max(p.Period, 1))
	}
	t := dayDate(done)
	mi := monthIndex(t) + int(max(p.Period, 1))
	ms := monthStart(mi)
	dom := min(t.Day(), ms.AddDate(0, 1, -1).Day())
	return dateDay(ms) + dom - 1
}

// AdvanceTask moves the series from its current occurrence (on cur's
// date) to next (as NextTaskDate returned it; after cur unless the
// pattern regenerates, whose next follows the completion date, which
// may come before the occurrence's): StartDate becomes next,
// an EndAfterCount range loses the occurrences passed, and
// FirstDateTime, EndDate (or the count of an EndAfterDate range) follow.
func (p *RecurrencePattern) AdvanceTask(cur, next time.Time) error {
	curDay, nextDay := dateDay(cur), dateDay(next)
	if !dayInRange(nextDay) {
		return errOutOfRange
	}
	if nextDay <= curDay && !p.Regenerating() {
		return fmt.Errorf("recur: next occurrence %s is not after %s", next.Format(time.DateOnly), cur.Format(time.DateOnly))
	}
	if p.EndType == EndAfterCount {
		passed := 1
		if !p.Regenerating() {
			passed = 0
			if err := p.Slots(dayOf(p.StartDate), func(d int) bool {
				if d >= nextDay {
					return false
				}
				passed++
				return true
			}); err != nil {
				return err
			}
		}
		if uint32(passed) >= p.OccurrenceCount {
			return fmt.Errorf("recur: no occurrence left after %s", cur.Format(time.DateOnly))
		}
		p.OccurrenceCount -= uint32(passed)
	}
	p.anchor(nextDay)
	return p.ComputeEnd()
}

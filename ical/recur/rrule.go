package recur

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// RRule is a parsed iCalendar RRULE value (RFC 5545 3.3.10). Parts this
// package cannot represent in a RecurrencePattern are kept in Other so
// that a caller can refuse or pass them through.
type RRule struct {
	Freq       string // "DAILY", "WEEKLY", "MONTHLY", "YEARLY", …
	Interval   int    // 0 means 1
	Count      int    // 0: no COUNT
	Until      time.Time
	UntilDate  bool // UNTIL was a DATE, not a DATE-TIME
	UntilUTC   bool // UNTIL ended in Z
	ByDay      []WeekdayNum
	ByMonthDay []int
	ByMonth    []int
	BySetPos   []int
	WeekStart  int // WKST, 0 = Sunday; -1 when absent
	Other      []string
}

// WeekdayNum is one BYDAY entry: an optional ordinal (0 = none, -1 =
// last) and a weekday (0 = Sunday).
type WeekdayNum struct {
	N       int
	Weekday int
}

var dayNames = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

func parseWeekday(s string) (int, bool) {
	for i, n := range dayNames {
		if strings.EqualFold(s, n) {
			return i, true
		}
	}
	return 0, false
}

// MaxRRuleLen bounds the length of an RRULE value ParseRRule accepts.
const MaxRRuleLen = 4096

func parseInts(v string, lo, hi int) ([]int, error) {
	var out []int
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(f)
		if err != nil || n < lo || n > hi || n == 0 {
			return nil, fmt.Errorf("recur: bad RRULE number %q", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// ParseRRule parses an RRULE value ("FREQ=WEEKLY;BYDAY=MO,TH;COUNT=12").
// UNTIL in local or UTC date-time form is returned in UTC location with
// its wall clock; UntilUTC says which.
func ParseRRule(s string) (*RRule, error) {
	if len(s) > MaxRRuleLen {
		return nil, fmt.Errorf("recur: RRULE of %d bytes: %w", len(s), ErrLimit)
	}
	r := &RRule{WeekStart: -1}
	for _, part := range strings.Split(strings.TrimSpace(s), ";") {
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("recur: bad RRULE part %q", part)
		}
		var err error
		switch strings.ToUpper(k) {
		case "FREQ":
			r.Freq = strings.ToUpper(v)
		case "INTERVAL":
			r.Interval, err = strconv.Atoi(v)
			if err == nil && (r.Interval < 1 || r.Interval > 99999) {
				err = fmt.Errorf("recur: RRULE INTERVAL %d out of range", r.Interval)
			}
		case "COUNT":
			r.Count, err = strconv.Atoi(v)
			if err == nil && (r.Count < 1 || r.Count > 999999) {
				err = fmt.Errorf("recur: RRULE COUNT %d out of range", r.Count)
			}
		case "UNTIL":
			r.Until, r.UntilDate, r.UntilUTC, err = parseDateTime(v)
		case "BYDAY":
			for _, f := range strings.Split(v, ",") {
				if len(f) < 2 {
					return nil, fmt.Errorf("recur: bad BYDAY %q", f)
				}
				wd, ok := parseWeekday(f[len(f)-2:])
				if !ok {
					return nil, fmt.Errorf("recur: bad BYDAY %q", f)
				}
				n := 0
				if num := f[:len(f)-2]; num != "" {
					n, err = strconv.Atoi(num)
					if err != nil || n == 0 || n < -53 || n > 53 {
						return nil, fmt.Errorf("recur: bad BYDAY %q", f)
					}
				}
				r.ByDay = append(r.ByDay, WeekdayNum{n, wd})
			}
		case "BYMONTHDAY":
			r.ByMonthDay, err = parseInts(v, -31, 31)
		case "BYMONTH":
			r.ByMonth, err = parseInts(v, 1, 12)
		case "BYSETPOS":
			r.BySetPos, err = parseInts(v, -366, 366)
		case "WKST":
			wd, ok := parseWeekday(v)
			if !ok {
				err = fmt.Errorf("recur: bad WKST %q", v)
			}
			r.WeekStart = wd
		default:
			r.Other = append(r.Other, part)
		}
		if err != nil {
			return nil, err
		}
	}
	if r.Freq == "" {
		return nil, fmt.Errorf("recur: RRULE without FREQ")
	}
	return r, nil
}

func parseDateTime(v string) (t time.Time, isDate, utc bool, err error) {
	if len(v) == 8 {
		t, err = time.Parse("20060102", v)
		return t, true, false, err
	}
	if strings.HasSuffix(v, "Z") {
		utc = true
		v = v[:len(v)-1]
	}
	t, err = time.Parse("20060102T150405", v)
	return t, false, utc, err
}

// String formats r as an RRULE value, parts in the order Outlook writes
// them.
func (r *RRule) String() string {
	var b strings.Builder
	b.WriteString("FREQ=" + r.Freq)
	if r.Count > 0 {
		fmt.Fprintf(&b, ";COUNT=%d", r.Count)
	} else if !r.Until.IsZero() {
		switch {
		case r.UntilDate:
			b.WriteString(";UNTIL=" + r.Until.Format("20060102"))
		case r.UntilUTC:
			b.WriteString(";UNTIL=" + r.Until.Format("20060102T150405Z"))
		default:
			b.WriteString(";UNTIL=" + r.Until.Format("20060102T150405"))
		}
	}
	if r.Interval > 1 {
		fmt.Fprintf(&b, ";INTERVAL=%d", r.Interval)
	}
	if len(r.ByDay) > 0 {
		b.WriteString(";BYDAY=")
		for i, d := range r.ByDay {
			if i > 0 {
				b.WriteByte(',')
			}
			if d.N != 0 {
				b.WriteString(strconv.Itoa(d.N))
			}
			b.WriteString(dayNames[d.Weekday%7])
		}
	}
	writeInts := func(name string, v []int) {
		if len(v) == 0 {
			return
		}
		b.WriteString(";" + name + "=")
		for i, n := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(n))
		}
	}
	writeInts("BYMONTHDAY", r.ByMonthDay)
	writeInts("BYMONTH", r.ByMonth)
	writeInts("BYSETPOS", r.BySetPos)
	if r.WeekStart >= 0 {
		b.WriteString(";WKST=" + dayNames[r.WeekStart%7])
	}
	for _, o := range r.Other {
		b.WriteString(";" + o)
	}
	return b.String()
}

func maskOf(days []WeekdayNum) DaysOfWeek {
	var m DaysOfWeek
	for _, d := range days {
		m |= 1 << d.Weekday
	}
	return m
}

func daysOf(m DaysOfWeek) []WeekdayNum {
	var out []WeekdayNum
	for i := 0; i < 7; i++ {
		if m.Has(i) {
			out = append(out, WeekdayNum{0, i})
		}
	}
	return out
}

// ToPattern converts r, for a series whose first instance starts at the
// local wall-clock time dtstart (zone ignored), into a RecurrencePattern
// following the templates of [MS-OXCICAL] 2.1.3.2.2 (daily, weekly,
// monthly, monthly-nth, yearly, yearly-nth). untilLoc is the zone in which
// a UTC UNTIL is turned into a local date. Rules outside the templates
// (FREQ=HOURLY, BYHOUR, several BYMONTHDAY values, BYWEEKNO, …) return
// ErrUnsupported.
func (r *RRule) ToPattern(dtstart time.Time, untilLoc *time.Location) (*RecurrencePattern, error) {
	if len(r.Other) > 0 {
		return nil, fmt.Errorf("%w: RRULE parts %v", ErrUnsupported, r.Other)
	}
	interval := r.Interval
	if interval == 0 {
		interval = 1
	}
	p := &RecurrencePattern{ReaderVersion: PatternVersion, WriterVersion: PatternVersion, FirstDOW: 0}
	if r.WeekStart >= 0 {
		p.FirstDOW = uint32(r.WeekStart)
	}
	startDay := dateDay(dtstart)
	p.StartDate = uint32(startDay * 1440)
	nth := func() error {
		// BYDAY=2TU, BYDAY=-1FR, or BYDAY=MO,TU,…;BYSETPOS=n.
		var n int
		if len(r.ByDay) == 1 && r.ByDay[0].N != 0 && len(r.BySetPos) == 0 {
			n = r.ByDay[0].N
		} else if len(r.BySetPos) == 1 {
			for _, d := range r.ByDay {
				if d.N != 0 {
					return fmt.Errorf("%w: BYDAY ordinal with BYSETPOS", ErrUnsupported)
				}
			}
			n = r.BySetPos[0]
		} else {
			return fmt.Errorf("%w: BYDAY %v BYSETPOS %v", ErrUnsupported, r.ByDay, r.BySetPos)
		}
		switch {
		case n >= 1 && n <= 4:
			p.N = uint32(n)
		case n == -1:
			p.N = 5
		default:
			return fmt.Errorf("%w: ordinal %d", ErrUnsupported, n)
		}
		p.PatternType = PatternMonthNth
		p.DaysOfWeek = maskOf(r.ByDay)
		return nil
	}
	monthly := func() error {
		switch {
		case len(r.ByDay) > 0:
			if len(r.ByMonthDay) > 0 {
				return fmt.Errorf("%w: BYDAY with BYMONTHDAY", ErrUnsupported)
			}
			return nth()
		case len(r.ByMonthDay) == 1 && r.ByMonthDay[0] == -1:
			p.PatternType = PatternMonthEnd
			p.DayOfMonth = 31
		case len(r.ByMonthDay) == 1 && r.ByMonthDay[0] > 0:
			p.PatternType = PatternMonth
			p.DayOfMonth = uint32(r.ByMonthDay[0])
		case len(r.ByMonthDay) == 0:
			p.PatternType = PatternMonth
			p.DayOfMonth = uint32(dtstart.Day())
		default:
			return fmt.Errorf("%w: BYMONTHDAY %v", ErrUnsupported, r.ByMonthDay)
		}
		if len(r.BySetPos) > 0 && p.PatternType != PatternMonthNth {
			return fmt.Errorf("%w: BYSETPOS without BYDAY", ErrUnsupported)
		}
		return nil
	}
	switch r.Freq {
	case "DAILY":
		if len(r.ByMonthDay)+len(r.ByMonth)+len(r.BySetPos) > 0 {
			return nil, fmt.Errorf("%w: DAILY with BYMONTHDAY/BYMONTH/BYSETPOS", ErrUnsupported)
		}
		if len(r.ByDay) > 0 {
			// "Every weekday": Outlook's daily frequency with a week pattern.
			for _, d := range r.ByDay {
				if d.N != 0 {
					return nil, fmt.Errorf("%w: DAILY BYDAY ordinal", ErrUnsupported)
				}
			}
			if interval != 1 {
				return nil, fmt.Errorf("%w: DAILY BYDAY with INTERVAL", ErrUnsupported)
			}
			p.Frequency, p.PatternType, p.Period = FrequencyDaily, PatternWeek, 1
			p.DaysOfWeek = maskOf(r.ByDay)
		} else {
			p.Frequency, p.PatternType, p.Period = FrequencyDaily, PatternDay, uint32(interval)*1440
		}
	case "WEEKLY":
		if len(r.ByMonthDay)+len(r.ByMonth)+len(r.BySetPos) > 0 {
			return nil, fmt.Errorf("%w: WEEKLY with BYMONTHDAY/BYMONTH/BYSETPOS", ErrUnsupported)
		}
		p.Frequency, p.PatternType, p.Period = FrequencyWeekly, PatternWeek, uint32(interval)
		if r.WeekStart < 0 {
			p.FirstDOW = 1 // RFC 5545 default WKST=MO
		}
		for _, d := range r.ByDay {
			if d.N != 0 {
				return nil, fmt.Errorf("%w: WEEKLY BYDAY ordinal", ErrUnsupported)
			}
		}
		p.DaysOfWeek = maskOf(r.ByDay)
		if p.DaysOfWeek == 0 {
			p.DaysOfWeek = 1 << weekday(startDay)
		}
	case "MONTHLY":
		if len(r.ByMonth) > 0 {
			return nil, fmt.Errorf("%w: MONTHLY with BYMONTH", ErrUnsupported)
		}
		p.Frequency, p.Period = FrequencyMonthly, uint32(interval)
		if err := monthly(); err != nil {
			return nil, err
		}
	case "YEARLY":
		if len(r.ByMonth) > 1 || (len(r.ByMonth) == 1 && r.ByMonth[0] != int(dtstart.Month())) {
			return nil, fmt.Errorf("%w: YEARLY BYMONTH %v differs from DTSTART", ErrUnsupported, r.ByMonth)
		}
		p.Frequency, p.Period = FrequencyYearly, uint32(interval)*12
		if err := monthly(); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("%w: FREQ=%s", ErrUnsupported, r.Freq)
	}
	if p.PatternType == PatternMonthEnd {
		p.DayOfMonth = 31
	}
	p.ComputeFirstDateTime()
	switch {
	case r.Count > 0:
		p.EndType, p.OccurrenceCount = EndAfterCount, uint32(r.Count)
		if err := p.ComputeEnd(); err != nil {
			return nil, err
		}
	case !r.Until.IsZero():
		p.EndType = EndAfterDate
		until := r.Until
		if r.UntilUTC && untilLoc != nil {
			u := time.Date(until.Year(), until.Month(), until.Day(), until.Hour(), until.Minute(), until.Second(), 0, time.UTC).In(untilLoc)
			until = time.Date(u.Year(), u.Month(), u.Day(), u.Hour(), u.Minute(), u.Second(), 0, time.UTC)
		}
		// The last slot whose start is not after UNTIL.
		limit := dateDay(until)
		clock := dtstart.Hour()*60 + dtstart.Minute()
		if !r.UntilDate && until.Hour()*60+until.Minute() < clock {
			limit--
		}
		p.EndDate = uint32(max(limit, startDay) * 1440)
		last := -1
		err := p.Slots(0, func(d int) bool { last = d; return true })
		if err != nil {
			return nil, err
		}
		if last >= 0 {
			p.EndDate = uint32(last * 1440)
		}
		if err := p.ComputeEnd(); err != nil {
			return nil, err
		}
	default:
		p.EndType = EndNever
		p.EndDate = NeverEndDate
		p.OccurrenceCount = 10
	}
	return p, nil
}

// RRule converts p to an RRULE following [MS-OXCICAL] 2.1.3.2.2. For a
// series ending by date, UNTIL is the last occurrence's start: a DATE for
// all-day series, else a UTC DATE-TIME computed in loc with startOffset
// minutes after midnight.
func (p *RecurrencePattern) RRule(loc *time.Location, startOffset uint32, allDay bool) (*RRule, error) {
	r := &RRule{WeekStart: -1}
	monthPart := func() error {
		switch p.PatternType {
		case PatternMonth:
			if p.DayOfMonth == 31 {
				// QUIRK: day 31 means "last day" to Outlook; RFC 5545
				// would skip shorter months.
				r.ByMonthDay = []int{-1}
			} else {
				r.ByMonthDay = []int{int(p.DayOfMonth)}
			}
		case PatternMonthEnd:
			r.ByMonthDay = []int{-1}
		case PatternMonthNth:
			r.ByDay = daysOf(p.DaysOfWeek)
			n := int(p.N)
			if n == 5 {
				n = -1
			}
			if len(r.ByDay) == 1 {
				r.ByDay[0].N = n
			} else {
				r.BySetPos = []int{n}
			}
		default:
			return fmt.Errorf("%w: pattern type %v", ErrUnsupported, p.PatternType)
		}
		return nil
	}
	switch p.PatternType {
	case PatternDay:
		if p.Period%1440 != 0 || p.Period == 0 {
			return nil, fmt.Errorf("%w: daily period %d minutes", ErrUnsupported, p.Period)
		}
		r.Freq, r.Interval = "DAILY", int(p.Period/1440)
	case PatternWeek:
		r.Freq, r.Interval = "WEEKLY", int(p.Period)
		r.ByDay = daysOf(p.DaysOfWeek)
		r.WeekStart = int(p.FirstDOW % 7)
	case PatternMonth, PatternMonthEnd, PatternMonthNth:
		if p.Frequency == FrequencyYearly || (p.Frequency != FrequencyMonthly && p.Period > 0 && p.Period%12 == 0) {
			r.Freq, r.Interval = "YEARLY", int(p.Period/12)
			r.ByMonth = []int{int(MinutesToTime(p.StartDate).Month())}
		} else {
			r.Freq, r.Interval = "MONTHLY", int(p.Period)
		}
		if err := monthPart(); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("%w: pattern type %v", ErrUnsupported, p.PatternType)
	}
	if r.Interval == 1 {
		r.Interval = 0
	}
	switch p.EndType {
	case EndAfterCount:
		r.Count = int(p.OccurrenceCount)
	case EndAfterDate:
		last := MinutesToTime(p.EndDate)
		if allDay {
			r.Until, r.UntilDate = last, true
		} else {
			if loc == nil {
				loc = time.UTC
			}
			l := time.Date(last.Year(), last.Month(), last.Day(), 0, int(startOffset), 0, 0, loc)
			r.Until, r.UntilUTC = l.UTC(), true
		}
	}
	sort.Slice(r.ByDay, func(i, j int) bool { return r.ByDay[i].Weekday < r.ByDay[j].Weekday })
	return r, nil
}

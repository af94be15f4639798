package ews

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/ical/recur"
	"github.com/oxkit/oxkit/ical/tz"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Recurring calendar items ([MS-OXWSCDATA] RecurrenceType ⇄ [MS-OXOCAL]
// 2.2.1.44.5 AppointmentRecurrencePattern in PidLidAppointmentRecur,
// with the series' Windows time zone ID in PidLidTimeZoneDescription).
// Exceptions (modified and deleted occurrences) are not created by EWS
// yet; those stored by other clients are honoured by the expansion.

var dayNames = [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

var weekIndexNames = [...]string{"", "First", "Second", "Third", "Fourth", "Last"}

var monthNames = [...]string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

func parseDays(s string) (recur.DaysOfWeek, error) {
	var d recur.DaysOfWeek
	for _, w := range strings.Fields(s) {
		switch w {
		case "Day":
			d |= recur.Weekdays | recur.WeekendDays
		case "Weekday":
			d |= recur.Weekdays
		case "WeekendDay":
			d |= recur.WeekendDays
		default:
			i := indexOf(dayNames[:], w)
			if i < 0 {
				return 0, errorf(ErrorInvalidValueForProperty, "Day %q is not valid.", w)
			}
			d |= 1 << i
		}
	}
	if d == 0 {
		return 0, errorf(ErrorInvalidValueForProperty, "DaysOfWeek is empty.")
	}
	return d, nil
}

func formatDays(d recur.DaysOfWeek) string {
	switch d {
	case recur.Weekdays | recur.WeekendDays:
		return "Day"
	case recur.Weekdays:
		return "Weekday"
	case recur.WeekendDays:
		return "WeekendDay"
	}
	var out []string
	for i, n := range dayNames {
		if d.Has(i) {
			out = append(out, n)
		}
	}
	return strings.Join(out, " ")
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s && x != "" {
			return i
		}
	}
	return -1
}

// parseDate parses xs:date ("2024-01-02", "2024-01-02Z",
// "2024-01-02+01:00"): the date, zone ignored.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) < 10 {
		return time.Time{}, errorf(ErrorInvalidValueForProperty, "%q is not a date.", s)
	}
	t, err := time.Parse("2006-01-02", s[:10])
	if err != nil {
		return time.Time{}, errorf(ErrorInvalidValueForProperty, "%q is not a date.", s)
	}
	return t, nil
}

func posInt(e *etree.Element, name string, max int) (uint32, error) {
	n, err := strconv.Atoi(childText(e, name))
	if err != nil || n < 1 || n > max {
		return 0, errorf(ErrorInvalidValueForProperty, "%s is not valid.", name)
	}
	return uint32(n), nil
}

// parseRecurrence converts t:Recurrence for a series whose first instance
// runs from start to end in loc.
func parseRecurrence(e *etree.Element, start, end time.Time, loc *time.Location) (*recur.AppointmentRecurrencePattern, error) {
	p := &recur.AppointmentRecurrencePattern{ReaderVersion2: recur.ReaderVersion2, WriterVersion2: recur.WriterVersion2}
	p.ReaderVersion, p.WriterVersion = recur.PatternVersion, recur.PatternVersion
	ls := start.In(loc)
	p.StartTimeOffset = uint32(ls.Hour()*60 + ls.Minute())
	p.EndTimeOffset = p.StartTimeOffset + uint32(end.Sub(start)/time.Minute)
	var month time.Month
	var err error
	found := false
	for _, k := range e.ChildElements() {
		switch k.Tag {
		case "DailyRecurrence":
			var n uint32
			if n, err = posInt(k, "Interval", 999); err != nil {
				return nil, err
			}
			p.Frequency, p.PatternType, p.Period = recur.FrequencyDaily, recur.PatternDay, n*1440
		case "WeeklyRecurrence":
			var n uint32
			if n, err = posInt(k, "Interval", 99); err != nil {
				return nil, err
			}
			if p.DaysOfWeek, err = parseDays(childText(k, "DaysOfWeek")); err != nil {
				return nil, err
			}
			p.Frequency, p.PatternType, p.Period = recur.FrequencyWeekly, recur.PatternWeek, n
			if f := childText(k, "FirstDayOfWeek"); f != "" {
				if i := indexOf(dayNames[:], f); i >= 0 {
					p.FirstDOW = uint32(i)
				}
			}
		case "AbsoluteMonthlyRecurrence", "AbsoluteYearlyRecurrence":
			if p.DayOfMonth, err = posInt(k, "DayOfMonth", 31); err != nil {
				return nil, err
			}
			p.PatternType = recur.PatternMonth
			if k.Tag == "AbsoluteMonthlyRecurrence" {
				if p.Period, err = posInt(k, "Interval", 99); err != nil {
					return nil, err
				}
				p.Frequency = recur.FrequencyMonthly
			} else {
				p.Frequency, p.Period = recur.FrequencyYearly, 12
				if month = time.Month(indexOf(monthNames[:], childText(k, "Month"))); month < 1 {
					return nil, errorf(ErrorInvalidValueForProperty, "Month is not valid.")
				}
			}
		case "RelativeMonthlyRecurrence", "RelativeYearlyRecurrence":
			if p.DaysOfWeek, err = parseDays(childText(k, "DaysOfWeek")); err != nil {
				return nil, err
			}
			i := indexOf(weekIndexNames[:], childText(k, "DayOfWeekIndex"))
			if i < 1 {
				return nil, errorf(ErrorInvalidValueForProperty, "DayOfWeekIndex is not valid.")
			}
			p.N, p.PatternType = uint32(i), recur.PatternMonthNth
			if k.Tag == "RelativeMonthlyRecurrence" {
				if p.Period, err = posInt(k, "Interval", 99); err != nil {
					return nil, err
				}
				p.Frequency = recur.FrequencyMonthly
			} else {
				p.Frequency, p.Period = recur.FrequencyYearly, 12
				if month = time.Month(indexOf(monthNames[:], childText(k, "Month"))); month < 1 {
					return nil, errorf(ErrorInvalidValueForProperty, "Month is not valid.")
				}
			}
		case "NoEndRecurrence", "EndDateRecurrence", "NumberedRecurrence":
			found = true
			sd, err := parseDate(childText(k, "StartDate"))
			if err != nil {
				return nil, err
			}
			p.StartDate = recur.TimeToMinutes(sd)
			switch k.Tag {
			case "NoEndRecurrence":
				p.EndType = recur.EndNever
			case "EndDateRecurrence":
				ed, err := parseDate(childText(k, "EndDate"))
				if err != nil {
					return nil, err
				}
				if ed.Before(sd) {
					return nil, errorf("ErrorRecurrenceEndDateTooBig", "EndDate is before StartDate.")
				}
				p.EndType, p.EndDate = recur.EndAfterDate, recur.TimeToMinutes(ed)
			default:
				if p.OccurrenceCount, err = posInt(k, "NumberOfOccurrences", 999); err != nil {
					return nil, err
				}
				p.EndType = recur.EndAfterCount
			}
		}
	}
	if p.Frequency == 0 || !found {
		return nil, errorf(ErrorInvalidValueForProperty, "A recurrence needs a pattern and a range.")
	}
	if month != 0 {
		// Yearly patterns start in their month: move the start date to
		// the first day of that month on or after it.
		sd := recur.MinutesToTime(p.StartDate)
		m := time.Date(sd.Year(), month, 1, 0, 0, 0, 0, time.UTC)
		if m.Before(time.Date(sd.Year(), sd.Month(), 1, 0, 0, 0, 0, time.UTC)) {
			m = m.AddDate(1, 0, 0)
		}
		if m.After(sd) {
			p.StartDate = recur.TimeToMinutes(m)
		}
	}
	p.ComputeFirstDateTime()
	if err := p.ComputeEnd(); err != nil {
		return nil, &Error{Code: ErrorInvalidValueForProperty, Message: "The recurrence has no occurrence.", Err: err}
	}
	return p, nil
}

// writeRecurrence writes t:Recurrence for a stored pattern.
func (c *call) writeRecurrence(p *recur.AppointmentRecurrencePattern) {
	c.w.open("t:Recurrence")
	switch {
	case p.PatternType == recur.PatternDay:
		c.w.raw(`<t:DailyRecurrence>`)
		c.w.elemInt("t:Interval", int64(max(p.Period/1440, 1)))
		c.w.raw(`</t:DailyRecurrence>`)
	case p.PatternType == recur.PatternWeek:
		c.w.raw(`<t:WeeklyRecurrence>`)
		c.w.elemInt("t:Interval", int64(max(p.Period, 1)))
		c.w.elem("t:DaysOfWeek", formatDays(p.DaysOfWeek))
		c.w.elem("t:FirstDayOfWeek", dayNames[p.FirstDOW%7])
		c.w.raw(`</t:WeeklyRecurrence>`)
	case p.PatternType == recur.PatternMonthNth && p.Frequency == recur.FrequencyYearly:
		c.w.raw(`<t:RelativeYearlyRecurrence>`)
		c.w.elem("t:DaysOfWeek", formatDays(p.DaysOfWeek))
		c.w.elem("t:DayOfWeekIndex", weekIndexNames[clampIdx(int64(p.N), 6, 1)])
		c.w.elem("t:Month", monthNames[recur.MinutesToTime(p.StartDate).Month()])
		c.w.raw(`</t:RelativeYearlyRecurrence>`)
	case p.PatternType == recur.PatternMonthNth:
		c.w.raw(`<t:RelativeMonthlyRecurrence>`)
		c.w.elemInt("t:Interval", int64(max(p.Period, 1)))
		c.w.elem("t:DaysOfWeek", formatDays(p.DaysOfWeek))
		c.w.elem("t:DayOfWeekIndex", weekIndexNames[clampIdx(int64(p.N), 6, 1)])
		c.w.raw(`</t:RelativeMonthlyRecurrence>`)
	case p.Frequency == recur.FrequencyYearly:
		c.w.raw(`<t:AbsoluteYearlyRecurrence>`)
		c.w.elemInt("t:DayOfMonth", int64(p.DayOfMonth))
		c.w.elem("t:Month", monthNames[recur.MinutesToTime(p.StartDate).Month()])
		c.w.raw(`</t:AbsoluteYearlyRecurrence>`)
	default:
		c.w.raw(`<t:AbsoluteMonthlyRecurrence>`)
		c.w.elemInt("t:Interval", int64(max(p.Period, 1)))
		c.w.elemInt("t:DayOfMonth", int64(p.DayOfMonth))
		c.w.raw(`</t:AbsoluteMonthlyRecurrence>`)
	}
	start := recur.MinutesToTime(p.StartDate).Format("2006-01-02")
	switch p.EndType {
	case recur.EndAfterDate:
		c.w.raw(`<t:EndDateRecurrence>`)
		c.w.elem("t:StartDate", start)
		c.w.elem("t:EndDate", recur.MinutesToTime(p.EndDate).Format("2006-01-02"))
		c.w.raw(`</t:EndDateRecurrence>`)
	case recur.EndAfterCount:
		c.w.raw(`<t:NumberedRecurrence>`)
		c.w.elem("t:StartDate", start)
		c.w.elemInt("t:NumberOfOccurrences", int64(p.OccurrenceCount))
		c.w.raw(`</t:NumberedRecurrence>`)
	default:
		c.w.raw(`<t:NoEndRecurrence>`)
		c.w.elem("t:StartDate", start)
		c.w.raw(`</t:NoEndRecurrence>`)
	}
	c.w.close("t:Recurrence")
}

// seriesLocation returns the location of a series' Windows time zone ID
// (UTC when unknown).
func seriesLocation(id string) *time.Location {
	if id != "" {
		if loc, err := tz.LoadWindows(id); err == nil {
			return loc
		}
	}
	return time.UTC
}

// instance is a calendar item or one occurrence of a series in a
// CalendarView.
type instance struct {
	row        int
	start, end time.Time
	occurrence bool
	original   time.Time
	exception  *recur.Exception
}

// expandView turns the rows of a calendar query into the instances that
// overlap [from, to), in start order: single items as they are, series
// expanded.
func expandView(rows []itemData, tags calTags, from, to time.Time) []instance {
	var out []instance
	for i := range rows {
		p := rows[i].props
		blob, isSeries := getBytes(p, tags.recur)
		if tags.recur == 0 || !isSeries {
			st, _ := getTime(p, tags.start)
			en, _ := getTime(p, tags.end)
			if st.Before(to) && en.After(from) {
				out = append(out, instance{row: i, start: st, end: en})
			}
			continue
		}
		pat, err := recur.ParseAppointmentRecurrencePattern(blob)
		if err != nil {
			continue
		}
		tzid, _ := getString(p, tags.tz)
		occ, err := pat.Expand(seriesLocation(tzid), from, to, &recur.ExpandOptions{MaxOccurrences: maxCalendarEvents})
		if err != nil && len(occ) == 0 {
			continue
		}
		for _, o := range occ {
			out = append(out, instance{row: i, start: o.Start.UTC(), end: o.End.UTC(), occurrence: true, original: o.OriginalStart.UTC(), exception: o.Exception})
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].start.Before(out[b].start) })
	return out
}

// calTags are the mailbox's tags of the calendar properties a view needs.
type calTags struct {
	start, end, recur, recurring, tz mapi.PropTag
}

func (c *call) calendarTags() (calTags, error) {
	var t calTags
	var err error
	for _, x := range []struct {
		np  mapi.NamedProp
		dst *mapi.PropTag
	}{
		{mapi.PidLidAppointmentStartWhole, &t.start}, {mapi.PidLidAppointmentEndWhole, &t.end},
		{mapi.PidLidAppointmentRecur, &t.recur}, {mapi.PidLidRecurring, &t.recurring},
		{mapi.PidLidTimeZoneDescription, &t.tz},
	} {
		if *x.dst, err = c.namedTag(x.np, false); err != nil {
			return t, err
		}
	}
	return t, nil
}

// loadOccurrence fills it (a series read for shape s) with the occurrence
// whose original start is original (minutes since 1601 UTC).
func (c *call) loadOccurrence(it *itemData, s *itemShape, original uint32) error {
	return c.occurrenceOf(it, original)
}

// occurrenceByIndex returns the original start (minutes since 1601 UTC)
// of the index-th (1-based) occurrence of series id.
func (c *call) occurrenceByIndex(id ObjectID, index int) (uint32, error) {
	rt, err := c.namedTag(mapi.PidLidAppointmentRecur, false)
	if err != nil {
		return 0, err
	}
	tzt, err := c.namedTag(mapi.PidLidTimeZoneDescription, false)
	if err != nil {
		return 0, err
	}
	notFound := errorf(ErrorItemNotFound, "The occurrence was not found.")
	if rt == 0 {
		return 0, notFound
	}
	m, err := c.mb.Message(c.ctx, id.Message, &store.MessageOptions{Tags: []mapi.PropTag{rt, tzt}})
	if err != nil {
		return 0, err
	}
	blob, ok := getBytes(m.Props, rt)
	if !ok {
		return 0, notFound
	}
	pat, err := recur.ParseAppointmentRecurrencePattern(blob)
	if err != nil {
		return 0, notFound
	}
	tzid, _ := getString(m.Props, tzt)
	// The index counts the pattern's instances: deleted and modified
	// ones keep their place.
	pat.DeletedInstanceDates, pat.ModifiedInstanceDates, pat.Exceptions = nil, nil, nil
	from := recur.MinutesToTime(pat.StartDate).Add(-48 * time.Hour)
	occ, _ := pat.Expand(seriesLocation(tzid), from, from.AddDate(100, 0, 0), &recur.ExpandOptions{MaxOccurrences: index})
	if len(occ) < index {
		return 0, notFound
	}
	return recur.TimeToMinutes(occ[index-1].OriginalStart.UTC()), nil
}

// calendarUpdate keeps a calendar item consistent after an update that
// sets some of set: the duration follows Start/End, a series' time
// offsets follow its new times, and a new t:Recurrence (or time zone)
// is stored against the item's times. It returns the properties to set
// besides set.
func (c *call) calendarUpdate(mid store.MID, set []mapi.PropValue, newRecur *etree.Element, newTZ string) ([]mapi.PropValue, error) {
	tags, err := c.calendarTags()
	if err != nil {
		return nil, err
	}
	touched := newRecur != nil || newTZ != ""
	for _, p := range set {
		if tags.start != 0 && p.Tag == tags.start || tags.end != 0 && p.Tag == tags.end {
			touched = true
		}
	}
	if !touched || tags.start == 0 || tags.end == 0 {
		return nil, nil
	}
	cols := []mapi.PropTag{tags.start, tags.end}
	for _, t := range []mapi.PropTag{tags.recur, tags.tz} {
		if t != 0 {
			cols = append(cols, t)
		}
	}
	cur, err := c.mb.Message(c.ctx, mid, &store.MessageOptions{Tags: cols})
	if err != nil {
		return nil, err
	}
	props := append(append([]mapi.PropValue(nil), cur.Props...), set...)
	// Later values win: set overrides what is stored.
	start, _ := lastTime(props, tags.start)
	end, _ := lastTime(props, tags.end)
	if end.Before(start) {
		return nil, errorf("ErrorCalendarEndDateIsEarlierThanStartDate", "EndDate is earlier than StartDate.")
	}
	var out []mapi.PropValue
	if t, err := c.namedTag(mapi.PidLidAppointmentDuration, true); err == nil && t != 0 {
		out = append(out, mapi.PropValue{Tag: t, Value: int32(end.Sub(start) / time.Minute)})
	}
	tzid := newTZ
	if tzid == "" && tags.tz != 0 {
		tzid, _ = getString(cur.Props, tags.tz)
	}
	if newTZ != "" {
		t, err := c.namedTag(mapi.PidLidTimeZoneDescription, true)
		if err != nil {
			return nil, err
		}
		out = append(out, mapi.PropValue{Tag: t, Value: newTZ})
	}
	loc := seriesLocation(tzid)
	var pat *recur.AppointmentRecurrencePattern
	switch {
	case newRecur != nil:
		if pat, err = parseRecurrence(newRecur, start, end, loc); err != nil {
			return nil, err
		}
	case tags.recur != 0:
		if blob, ok := getBytes(cur.Props, tags.recur); ok {
			if pat, err = recur.ParseAppointmentRecurrencePattern(blob); err != nil {
				return nil, nil // a blob we cannot read is left alone
			}
			ls := start.In(loc)
			pat.StartTimeOffset = uint32(ls.Hour()*60 + ls.Minute())
			pat.EndTimeOffset = pat.StartTimeOffset + uint32(end.Sub(start)/time.Minute)
		}
	}
	if pat != nil {
		blob, err := pat.AppendBinary(nil)
		if err != nil {
			return nil, &Error{Code: ErrorInvalidValueForProperty, Message: "The recurrence cannot be stored.", Err: err}
		}
		for _, x := range []struct {
			np mapi.NamedProp
			v  any
		}{
			{mapi.PidLidAppointmentRecur, blob},
			{mapi.PidLidRecurring, true},
			{mapi.PidLidClipStart, recur.MinutesToTime(pat.StartDate)},
			{mapi.PidLidClipEnd, recur.MinutesToTime(pat.EndDate)},
		} {
			t, err := c.namedTag(x.np, true)
			if err != nil {
				return nil, err
			}
			out = append(out, mapi.PropValue{Tag: t, Value: x.v})
		}
	}
	return out, nil
}

// lastTime returns the last value of tag in props.
func lastTime(props []mapi.PropValue, tag mapi.PropTag) (time.Time, bool) {
	var t time.Time
	ok := false
	for _, p := range props {
		if p.Tag == tag {
			if v, isTime := p.Value.(time.Time); isTime {
				t, ok = v, true
			}
		}
	}
	return t, ok
}

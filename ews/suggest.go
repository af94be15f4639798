package ews

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/ical/recur"
	"github.com/oxkit/oxkit/ical/tz"
	"github.com/oxkit/oxkit/store"
)

// Limits of meeting suggestions.
const (
	// maxSuggestionDays bounds DetailedSuggestionsWindow (Exchange: 42
	// days).
	maxSuggestionDays = 42
	// suggestionStep is the spacing of candidate meeting times.
	suggestionStep = 30 * time.Minute
)

// parseSerializableTimeZone reads a t:TimeZone ([MS-OXWAVLS] 2.2.4.x
// SerializableTimeZone) into a rule: Bias, and StandardTime/DaylightTime
// with their Bias, Time, DayOrder (1–4, 5 the last), Month (0: no daylight
// saving) and DayOfWeek. Year (a one-time rule) is not supported and is
// read as recurring.
func parseSerializableTimeZone(e *etree.Element) (tz.Rule, error) {
	var r tz.Rule
	b, err := strconv.Atoi(strings.TrimSpace(childText(e, "Bias")))
	if err != nil {
		return r, &Fault{Code: ErrorSchemaValidation, Message: "TimeZone Bias is not valid."}
	}
	r.Bias = int32(b)
	part := func(name string) (int32, tz.SystemTime, error) {
		p := child(e, name)
		if p == nil {
			return 0, tz.SystemTime{}, nil
		}
		bad := &Fault{Code: ErrorSchemaValidation, Message: "TimeZone " + name + " is not valid."}
		bias, err := strconv.Atoi(strings.TrimSpace(childText(p, "Bias")))
		if err != nil {
			return 0, tz.SystemTime{}, bad
		}
		var st tz.SystemTime
		month, err1 := strconv.Atoi(strings.TrimSpace(childText(p, "Month")))
		order, err2 := strconv.Atoi(strings.TrimSpace(childText(p, "DayOrder")))
		if err1 != nil || err2 != nil || month < 0 || month > 12 || order < 0 || order > 5 {
			return 0, st, bad
		}
		if month == 0 {
			return int32(bias), st, nil
		}
		clock, err := time.Parse("15:04:05", strings.TrimSpace(childText(p, "Time")))
		if err != nil {
			return 0, st, bad
		}
		wd := slices.Index(weekdays[:], strings.TrimSpace(childText(p, "DayOfWeek")))
		if wd < 0 || order == 0 {
			return 0, st, bad
		}
		st = tz.SystemTime{Month: uint16(month), DayOfWeek: uint16(wd), Day: uint16(order), Hour: uint16(clock.Hour()), Minute: uint16(clock.Minute()), Second: uint16(clock.Second())}
		return int32(bias), st, nil
	}
	if r.StandardBias, r.StandardDate, err = part("StandardTime"); err != nil {
		return r, err
	}
	if r.DaylightBias, r.DaylightDate, err = part("DaylightTime"); err != nil {
		return r, err
	}
	if !r.HasDST() || r.StandardBias == r.DaylightBias {
		// One offset all year.
		r.Bias += r.StandardBias
		r.StandardBias, r.DaylightBias = 0, 0
		r.StandardDate, r.DaylightDate = tz.SystemTime{}, tz.SystemTime{}
	}
	return r, nil
}

// writeSerializableTimeZone writes r as a t:TimeZone.
func writeSerializableTimeZone(w *xw, r tz.Rule) {
	w.raw(`<t:TimeZone>`)
	w.elemInt("t:Bias", int64(r.Bias))
	for _, p := range []struct {
		name string
		bias int32
		at   tz.SystemTime
	}{{"t:StandardTime", r.StandardBias, r.StandardDate}, {"t:DaylightTime", r.DaylightBias, r.DaylightDate}} {
		w.open(p.name)
		w.elemInt("t:Bias", int64(p.bias))
		w.elem("t:Time", time.Date(2000, 1, 1, int(p.at.Hour), int(p.at.Minute), int(p.at.Second), 0, time.UTC).Format("15:04:05"))
		w.elemInt("t:DayOrder", int64(p.at.Day))
		w.elemInt("t:Month", int64(p.at.Month))
		w.elem("t:DayOfWeek", weekdays[p.at.DayOfWeek%7])
		w.close(p.name)
	}
	w.raw(`</t:TimeZone>`)
}

// workingHours is a mailbox's working time: days of the week (bit per
// time.Weekday) from start to end minutes after local midnight in loc.
type workingHours struct {
	loc        *time.Location
	days       uint8
	start, end int
}

// defaultWorkingHours is Exchange's default: 08:00–17:00, Monday to
// Friday.
func defaultWorkingHours(loc *time.Location) workingHours {
	return workingHours{loc: loc, days: 0b0111110, start: 8 * 60, end: 17 * 60}
}

// contains reports whether [s, e) lies inside one working period.
func (h workingHours) contains(s, e time.Time) bool {
	ls, le := s.In(h.loc), e.Add(-time.Nanosecond).In(h.loc)
	if ls.YearDay() != le.YearDay() || h.days&(1<<ls.Weekday()) == 0 {
		return false
	}
	ms := ls.Hour()*60 + ls.Minute()
	me := le.Hour()*60 + le.Minute() + 1
	return ms >= h.start && me <= h.end
}

// workingHoursOf reads the mailbox's working hours from its calendar
// configuration: the IPM.Configuration.WorkHours message of the Calendar
// folder, whose XmlData is [MS-OXOCAL] 2.2.11's WorkHoursVersion1
// (TimeZone/Name, TimeSlot/Start and End, WorkDays). Without one (or with
// one that does not parse) the default holds in UTC.
func (c *call) workingHoursOf(mb store.Mailbox) workingHours {
	h := defaultWorkingHours(time.UTC)
	cal, err := mb.SpecialFolder(c.ctx, store.FolderCalendar)
	if err != nil {
		return h
	}
	row, err := c.findConfig(mb, cal, "WorkHours")
	if err != nil {
		return h
	}
	x, ok := getBytes(row.props, pidTagRoamingXMLStream)
	if !ok || len(x) > 64<<10 {
		return h
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(x); err != nil {
		return h
	}
	v1 := doc.FindElement("//WorkHoursVersion1")
	if v1 == nil {
		return h
	}
	if name := strings.TrimSpace(childText(child(v1, "TimeZone"), "Name")); name != "" {
		if loc, err := tz.LoadWindows(name); err == nil {
			h.loc = loc
		}
	}
	if slot := child(v1, "TimeSlot"); slot != nil {
		s, err1 := time.Parse("15:04:05", strings.TrimSpace(childText(slot, "Start")))
		e, err2 := time.Parse("15:04:05", strings.TrimSpace(childText(slot, "End")))
		if err1 == nil && err2 == nil && e.After(s) {
			h.start, h.end = s.Hour()*60+s.Minute(), e.Hour()*60+e.Minute()
		}
	}
	if wd := child(v1, "WorkDays"); wd != nil {
		var days uint8
		for _, d := range strings.Fields(wd.Text()) {
			if i := slices.Index(weekdays[:], d); i >= 0 {
				days |= 1 << i
			}
		}
		h.days = days
	}
	return h
}

// writeWorkingHours writes t:WorkingHours with the zone's rule in year.
func writeWorkingHours(w *xw, h workingHours, year int) {
	w.raw(`<t:WorkingHours>`)
	writeSerializableTimeZone(w, tz.FromLocation(h.loc, year))
	w.raw(`<t:WorkingPeriodArray>`)
	if h.days != 0 {
		w.raw(`<t:WorkingPeriod>`)
		var names []string
		for i, n := range weekdays {
			if h.days&(1<<i) != 0 {
				names = append(names, n)
			}
		}
		w.elem("t:DayOfWeek", strings.Join(names, " "))
		w.elemInt("t:StartTimeInMinutes", int64(h.start))
		w.elemInt("t:EndTimeInMinutes", int64(h.end))
		w.raw(`</t:WorkingPeriod>`)
	}
	w.raw(`</t:WorkingPeriodArray></t:WorkingHours>`)
}

// suggestionQuality is SuggestionQuality, best first.
type suggestionQuality int

const (
	qualityExcellent suggestionQuality = iota
	qualityGood
	qualityFair
	qualityPoor
)

var qualityNames = [...]string{"Excellent", "Good", "Fair", "Poor"}

// suggestionOptions is SuggestionsViewOptions ([MS-OXWAVLS] 2.2.4.x).
type suggestionOptions struct {
	goodThreshold     int
	maxPerDay         int
	maxNonWorkPerDay  int
	duration          time.Duration
	minQuality        suggestionQuality
	windowFrom, until time.Time
	// exclude is GlobalObjectId: the meeting being rescheduled, whose own
	// busy time is no conflict (nil: none).
	exclude []byte
}

func parseSuggestionOptions(e *etree.Element, zone availabilityZone) (*suggestionOptions, error) {
	o := &suggestionOptions{goodThreshold: 25, maxPerDay: 10, duration: 30 * time.Minute, minQuality: qualityFair}
	num := func(name string, lo, hi int, dst *int) error {
		s := strings.TrimSpace(childText(e, name))
		if s == "" {
			return nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < lo || n > hi {
			return &Fault{Code: ErrorInvalidRequest, Message: name + " must be between " + itoa(lo) + " and " + itoa(hi) + "."}
		}
		*dst = n
		return nil
	}
	minutes := 30
	for _, f := range []error{
		num("GoodThreshold", 1, 49, &o.goodThreshold),
		num("MaximumResultsByDay", 0, 48, &o.maxPerDay),
		num("MaximumNonWorkHourResultsByDay", 0, 48, &o.maxNonWorkPerDay),
		num("MeetingDurationInMinutes", 30, 1440, &minutes),
	} {
		if f != nil {
			return nil, f
		}
	}
	o.duration = time.Duration(minutes) * time.Minute
	if s := strings.TrimSpace(childText(e, "MinimumSuggestionQuality")); s != "" {
		i := slices.Index(qualityNames[:], s)
		if i < 0 {
			return nil, &Fault{Code: ErrorSchemaValidation, Message: "MinimumSuggestionQuality is not valid."}
		}
		o.minQuality = suggestionQuality(i)
	}
	win := child(e, "DetailedSuggestionsWindow")
	from, err1 := zone.parse(childText(win, "StartTime"))
	to, err2 := zone.parse(childText(win, "EndTime"))
	if win == nil || err1 != nil || err2 != nil || !to.After(from) || to.Sub(from) > maxSuggestionDays*24*time.Hour {
		return nil, &Fault{Code: "ErrorInvalidTimeInterval", Message: "DetailedSuggestionsWindow is not valid (at most 42 days)."}
	}
	o.windowFrom, o.until = from, to
	if g := strings.TrimSpace(childText(e, "GlobalObjectId")); g != "" {
		// Hex as in CalendarItem/UID (tried first: hex digits are base64
		// too), else base64 as EWS writes binary values.
		b, err := hex.DecodeString(g)
		if err != nil {
			if b, err = base64.StdEncoding.DecodeString(g); err != nil {
				return nil, &Fault{Code: ErrorSchemaValidation, Message: "GlobalObjectId is neither hex nor base64."}
			}
		}
		o.exclude = b
	}
	return o, nil
}

// suggestionAttendee is one MailboxData of a suggestion request.
type suggestionAttendee struct {
	known   bool // the mailbox exists
	exclude bool // ExcludeConflicts
	events  []busyEvent
}

// candidate is one meeting time considered.
type candidate struct {
	start    time.Time
	work     bool
	quality  suggestionQuality
	busy     []int // per attendee: highest busy status, -1 unknown
	conflict int
}

// suggest computes the SuggestionDayResults ([MS-OXWAVLS] 3.1.4.1.x):
// for each day of the window (days of the request's zone), meeting times
// every 30 minutes of MeetingDurationInMinutes, each with the busy status
// of every attendee. The quality of a time is by the share of attendees
// (whose mailbox exists and whose conflicts are not excluded) that are
// not free: none Excellent, at most GoodThreshold percent Good, at most
// 50 percent Fair, else Poor. Times of at least MinimumSuggestionQuality
// are kept, the best MaximumResultsByDay inside the caller's working
// hours and MaximumNonWorkHourResultsByDay outside them, in time order.
// DayQuality is the best quality of the day's working-hours times (Poor
// for a day without working hours). The meeting GlobalObjectId names is
// no conflict for its own attendees.
func suggest(o *suggestionOptions, atts []suggestionAttendee, work workingHours, loc *time.Location) (days []time.Time, results [][]candidate, quality []suggestionQuality) {
	first := o.windowFrom.In(loc)
	day := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, time.UTC)
	for ; ; day = day.AddDate(0, 0, 1) {
		dayStart := recur.LocalTime(day, loc)
		if !dayStart.Before(o.until) {
			break
		}
		dayEnd := recur.LocalTime(day.AddDate(0, 0, 1), loc)
		// Each attendee's events touching the day (times of the day end
		// by dayEnd + duration), so the slot loop stays small.
		dayEvents := make([][]busyEvent, len(atts))
		for i, a := range atts {
			for _, ev := range a.events {
				if ev.start.Before(dayEnd.Add(o.duration)) && ev.end.After(dayStart) {
					dayEvents[i] = append(dayEvents[i], ev)
				}
			}
		}
		var cands []candidate
		best := qualityPoor
		for s := dayStart; !s.Add(o.duration).After(dayEnd); s = s.Add(suggestionStep) {
			if s.Before(o.windowFrom) || s.Add(o.duration).After(o.until) {
				continue
			}
			e := s.Add(o.duration)
			c := candidate{start: s, work: work.contains(s, e), busy: make([]int, len(atts))}
			counted := 0
			for i, a := range atts {
				if !a.known {
					c.busy[i] = -1
					continue
				}
				b := 0
				for _, ev := range dayEvents[i] {
					if ev.start.Before(e) && ev.end.After(s) && rank(ev.busy) > rank(b) {
						b = ev.busy
					}
				}
				c.busy[i] = b
				if a.exclude {
					continue
				}
				counted++
				if b != 0 {
					c.conflict++
				}
			}
			switch pct := 0; {
			case c.conflict == 0:
				c.quality = qualityExcellent
			default:
				pct = c.conflict * 100 / counted
				switch {
				case pct <= o.goodThreshold:
					c.quality = qualityGood
				case pct <= 50:
					c.quality = qualityFair
				default:
					c.quality = qualityPoor
				}
			}
			if counted == 0 {
				c.quality = qualityPoor
			}
			if c.work && c.quality < best {
				best = c.quality
			}
			if c.quality <= o.minQuality {
				cands = append(cands, c)
			}
		}
		// The best times within each cap, then back in time order.
		slices.SortStableFunc(cands, func(a, b candidate) int { return int(a.quality) - int(b.quality) })
		var kept []candidate
		nWork, nOther := 0, 0
		for _, c := range cands {
			if c.work && nWork < o.maxPerDay {
				nWork++
				kept = append(kept, c)
			} else if !c.work && nOther < o.maxNonWorkPerDay {
				nOther++
				kept = append(kept, c)
			}
		}
		slices.SortFunc(kept, func(a, b candidate) int { return a.start.Compare(b.start) })
		days = append(days, dayStart)
		results = append(results, kept)
		quality = append(quality, best)
	}
	return days, results, quality
}

// writeSuggestions answers SuggestionsViewOptions: m:SuggestionsResponse.
func (c *call) writeSuggestions(o *suggestionOptions, list []*etree.Element, zone availabilityZone) {
	atts := make([]suggestionAttendee, len(list))
	for i, md := range list {
		addr := childText(child(md, "Email"), "Address")
		evs, err := c.freeBusy(addr, o.windowFrom, o.until)
		if err != nil {
			continue
		}
		if o.exclude != nil {
			evs = slices.DeleteFunc(evs, func(ev busyEvent) bool { return sameMeeting(ev.goid, o.exclude) })
		}
		ex, _ := parseBool(strings.TrimSpace(childText(md, "ExcludeConflicts")))
		atts[i] = suggestionAttendee{known: true, exclude: ex, events: evs}
	}
	work := defaultWorkingHours(zone.location())
	if mb, err := c.mailbox(); err == nil {
		work = c.workingHoursOf(mb)
	}
	days, results, quality := suggest(o, atts, work, zone.location())
	c.w.raw(`<m:SuggestionsResponse>`)
	c.msgStart("ResponseMessage")
	c.msgEnd("ResponseMessage")
	c.w.raw(`<m:SuggestionDayResultArray>`)
	for i, d := range days {
		c.w.raw(`<t:SuggestionDayResult>`)
		zone.elem(&c.w, "t:Date", d)
		c.w.elem("t:DayQuality", qualityNames[quality[i]])
		c.w.raw(`<t:SuggestionArray>`)
		for _, s := range results[i] {
			c.w.raw(`<t:Suggestion>`)
			zone.elem(&c.w, "t:MeetingTime", s.start)
			c.w.elemBool("t:IsWorkTime", s.work)
			c.w.elem("t:SuggestionQuality", qualityNames[s.quality])
			c.w.raw(`<t:AttendeeConflictDataArray>`)
			for _, b := range s.busy {
				if b < 0 {
					c.w.raw(`<t:UnknownAttendeeConflictData/>`)
					continue
				}
				c.w.raw(`<t:IndividualAttendeeConflictData>`)
				c.w.elem("t:BusyType", freeBusyNames[clampIdx(int64(b), len(freeBusyNames), 2)])
				c.w.raw(`</t:IndividualAttendeeConflictData>`)
			}
			c.w.raw(`</t:AttendeeConflictDataArray></t:Suggestion>`)
		}
		c.w.raw(`</t:SuggestionArray></t:SuggestionDayResult>`)
	}
	c.w.raw(`</m:SuggestionDayResultArray></m:SuggestionsResponse>`)
}

// sameMeeting compares global object IDs ([MS-OXOCAL] 2.2.1.27): as the
// clean ID, that is with the instance date (bytes 16–19) zeroed.
func sameMeeting(a, b []byte) bool {
	if len(a) != len(b) || len(a) < 20 {
		return len(a) > 0 && bytes.Equal(a, b)
	}
	return bytes.Equal(a[:16], b[:16]) && bytes.Equal(a[20:], b[20:])
}

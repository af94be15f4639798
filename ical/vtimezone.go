package ical

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/oxkit/oxkit/ical/recur"
	"github.com/oxkit/oxkit/ical/tz"
)

// observance is one STANDARD or DAYLIGHT sub-component of a VTIMEZONE.
type observance struct {
	daylight   bool
	start      time.Time // local wall clock, UTC location
	offsetFrom int       // seconds
	offsetTo   int
	rule       *recur.RRule
	rdates     []time.Time
}

func parseOffset(s string) (int, error) {
	s = strings.TrimSpace(s)
	if len(s) != 5 && len(s) != 7 {
		return 0, fmt.Errorf("ical: bad UTC offset %q", s)
	}
	sign := 1
	switch s[0] {
	case '-':
		sign = -1
	case '+':
	default:
		return 0, fmt.Errorf("ical: bad UTC offset %q", s)
	}
	h, err1 := strconv.Atoi(s[1:3])
	m, err2 := strconv.Atoi(s[3:5])
	sec := 0
	var err3 error
	if len(s) == 7 {
		sec, err3 = strconv.Atoi(s[5:7])
	}
	if err1 != nil || err2 != nil || err3 != nil || h > 23 || m > 59 || sec > 59 {
		return 0, fmt.Errorf("ical: bad UTC offset %q", s)
	}
	return sign * (h*3600 + m*60 + sec), nil
}

func formatOffset(off int) string {
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	s := fmt.Sprintf("%c%02d%02d", sign, off/3600, off%3600/60)
	if off%60 != 0 {
		s += fmt.Sprintf("%02d", off%60)
	}
	return s
}

func parseObservances(c *Component) ([]observance, error) {
	var obs []observance
	for _, ch := range c.Children {
		if ch.Name != "STANDARD" && ch.Name != "DAYLIGHT" {
			continue
		}
		o := observance{daylight: ch.Name == "DAYLIGHT"}
		ds := ch.Prop("DTSTART")
		if ds == nil {
			return nil, fmt.Errorf("ical: VTIMEZONE %s without DTSTART", ch.Name)
		}
		var err error
		if o.start, err = parseLocal(ds.Value); err != nil {
			return nil, err
		}
		if o.offsetFrom, err = parseOffset(ch.Text("TZOFFSETFROM")); err != nil {
			return nil, err
		}
		if o.offsetTo, err = parseOffset(ch.Text("TZOFFSETTO")); err != nil {
			return nil, err
		}
		if rr := ch.Prop("RRULE"); rr != nil {
			if o.rule, err = recur.ParseRRule(rr.Value); err != nil {
				return nil, err
			}
		}
		for _, rd := range ch.PropsNamed("RDATE") {
			for _, v := range SplitList(rd.Value) {
				if t, err := parseLocal(v); err == nil && len(o.rdates) < 1000 {
					o.rdates = append(o.rdates, t)
				}
			}
		}
		obs = append(obs, o)
	}
	if len(obs) == 0 {
		return nil, errors.New("ical: VTIMEZONE without STANDARD or DAYLIGHT")
	}
	return obs, nil
}

// parseLocal parses a DATE-TIME or DATE as a wall clock (a trailing Z is
// ignored: VTIMEZONE DTSTARTs are local).
func parseLocal(v string) (time.Time, error) {
	v = strings.TrimSuffix(strings.TrimSpace(v), "Z")
	if len(v) == 8 {
		return time.Parse("20060102", v)
	}
	return time.Parse("20060102T150405", v)
}

// yearlySystemTime turns an observance's yearly rule into the Windows
// day-in-month form, or false if the rule has no such form.
func (o *observance) yearlySystemTime() (tz.SystemTime, bool) {
	r := o.rule
	if r == nil || r.Freq != "YEARLY" || (r.Interval > 1) || len(r.ByMonth) != 1 {
		return tz.SystemTime{}, false
	}
	st := tz.SystemTime{Month: uint16(r.ByMonth[0]), Hour: uint16(o.start.Hour()), Minute: uint16(o.start.Minute()), Second: uint16(o.start.Second())}
	switch {
	case len(r.ByDay) == 1 && r.ByDay[0].N != 0 && len(r.ByMonthDay) == 0:
		n := r.ByDay[0].N
		switch {
		case n >= 1 && n <= 4:
			st.Day = uint16(n)
		case n == -1:
			st.Day = 5
		default:
			return st, false
		}
		st.DayOfWeek = uint16(r.ByDay[0].Weekday)
		return st, true
	case len(r.ByDay) == 1 && r.ByDay[0].N == 0 && len(r.ByMonthDay) >= 7:
		// "Sun>=8" written as BYDAY=SU;BYMONTHDAY=8,9,…,14.
		lo := r.ByMonthDay[0]
		for _, d := range r.ByMonthDay {
			lo = min(lo, d)
		}
		if lo < 1 || (lo-1)%7 != 0 || lo > 22 {
			return st, false
		}
		st.Day = uint16((lo-1)/7 + 1)
		st.DayOfWeek = uint16(r.ByDay[0].Weekday)
		return st, true
	}
	return st, false
}

// activeIn reports whether o's yearly rule (or its DTSTART or an RDATE)
// applies in year, and the date it gives there.
func (o *observance) applies(year int) (tz.SystemTime, bool) {
	if o.start.Year() > year {
		return tz.SystemTime{}, false
	}
	if st, ok := o.yearlySystemTime(); ok {
		r := o.rule
		if !r.Until.IsZero() && r.Until.Year() < year {
			return tz.SystemTime{}, false
		}
		if r.Count > 0 && o.start.Year()+r.Count-1 < year {
			return tz.SystemTime{}, false
		}
		return st, true
	}
	abs := func(t time.Time) tz.SystemTime {
		return tz.SystemTime{Year: uint16(t.Year()), Month: uint16(t.Month()), Day: uint16(t.Day()),
			DayOfWeek: uint16(t.Weekday()), Hour: uint16(t.Hour()), Minute: uint16(t.Minute()), Second: uint16(t.Second())}
	}
	if o.start.Year() == year && o.rule == nil {
		return abs(o.start), true
	}
	for _, d := range o.rdates {
		if d.Year() == year {
			return abs(d), true
		}
	}
	return tz.SystemTime{}, false
}

// rulesFromObservances derives one Windows rule per year for the years
// the VTIMEZONE covers, keeping only the years where the rule changes.
func rulesFromObservances(obs []observance) ([]tz.YearRule, error) {
	lo, hi := 9999, 0
	for _, o := range obs {
		lo = min(lo, o.start.Year())
		hi = max(hi, o.start.Year())
		if o.rule != nil && !o.rule.Until.IsZero() {
			hi = max(hi, o.rule.Until.Year()+1)
		}
		for _, d := range o.rdates {
			hi = max(hi, d.Year())
		}
	}
	lo = max(lo, 1601)
	hi = max(hi+1, lo)
	if hi-lo > 300 {
		lo = hi - 300
	}
	var out []tz.YearRule
	var last *tz.Rule
	for y := lo; y <= hi; y++ {
		var std, dst *observance
		var stdDate, dstDate tz.SystemTime
		// The latest-starting observance of each kind that applies.
		for i := range obs {
			o := &obs[i]
			d, ok := o.applies(y)
			if !ok {
				continue
			}
			if o.daylight {
				if dst == nil || o.start.After(dst.start) {
					dst, dstDate = o, d
				}
			} else if std == nil || o.start.After(std.start) {
				std, stdDate = o, d
			}
		}
		var r tz.Rule
		switch {
		case std != nil && dst != nil:
			r = tz.Rule{Bias: -int32(std.offsetTo / 60), DaylightBias: -int32((dst.offsetTo - std.offsetTo) / 60),
				StandardDate: stdDate, DaylightDate: dstDate}
		case std != nil:
			r = tz.Rule{Bias: -int32(std.offsetTo / 60)}
		case dst != nil:
			r = tz.Rule{Bias: -int32(dst.offsetTo / 60)}
		default:
			// Before the first observance: its "from" offset.
			o := obs[0]
			for i := range obs {
				if obs[i].start.Before(o.start) {
					o = obs[i]
				}
			}
			r = tz.Rule{Bias: -int32(o.offsetFrom / 60)}
		}
		if last == nil || r != *last {
			out = append(out, tz.YearRule{Year: y, Rule: r})
			rr := r
			last = &rr
		}
	}
	return out, nil
}

// LocationFromVTimezone builds a *time.Location from the rules inside a
// VTIMEZONE, whatever its TZID says, so Outlook display-name and custom
// TZIDs convert exactly. Yearly rules become nth-weekday rules; one-off
// DTSTART/RDATE observances apply to their year.
func LocationFromVTimezone(c *Component) (*time.Location, error) {
	obs, err := parseObservances(c)
	if err != nil {
		return nil, err
	}
	rules, err := rulesFromObservances(obs)
	if err != nil {
		return nil, err
	}
	name := c.Text("TZID")
	if name == "" {
		name = "VTIMEZONE"
	}
	return tz.LocationFromRules(name, rules)
}

// RulesFromVTimezone returns the Windows rules of a VTIMEZONE by year (as
// LocationFromVTimezone uses them), for TZDEFINITION and TZREG export.
func RulesFromVTimezone(c *Component) ([]tz.YearRule, error) {
	obs, err := parseObservances(c)
	if err != nil {
		return nil, err
	}
	return rulesFromObservances(obs)
}

func byDayOf(st tz.SystemTime) string {
	days := [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}
	n := int(st.Day)
	if n >= 5 {
		n = -1
	}
	return strconv.Itoa(n) + days[st.DayOfWeek%7]
}

// VTimezoneFromRules writes a VTIMEZONE for Windows rules by year (from a
// TZDEFINITION, or tz.DefinitionFromLocation for an IANA zone): a
// STANDARD/DAYLIGHT pair per rule, DTSTART in the rule's first year, a
// yearly RRULE with UNTIL where the next rule takes over. This is the
// shape Exchange exports ([MS-OXCICAL] 2.1.3.1.1.19).
func VTimezoneFromRules(tzid string, rules []tz.YearRule) *Component {
	c := &Component{Name: "VTIMEZONE"}
	c.AddText("TZID", tzid)
	rs := append([]tz.YearRule(nil), rules...)
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Year < rs[j].Year })
	for i, r := range rs {
		year := r.Year
		if i == 0 && len(rs) == 1 {
			year = 1601 // as Outlook writes a zone with one rule
		}
		var until time.Time
		if i+1 < len(rs) {
			until = time.Date(rs[i+1].Year, 1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Second)
		}
		std, dst := r.StandardOffset(), r.DaylightOffset()
		if !r.HasDST() {
			o := &Component{Name: "STANDARD"}
			o.Add("DTSTART", fmt.Sprintf("%04d0101T000000", year))
			prev := std
			if i > 0 {
				prev = rs[i-1].StandardOffset()
			}
			o.Add("TZOFFSETFROM", formatOffset(prev))
			o.Add("TZOFFSETTO", formatOffset(std))
			c.Children = append(c.Children, o)
			continue
		}
		add := func(name string, st tz.SystemTime, from, to int) {
			o := &Component{Name: name}
			first := st
			if st.Year == 0 {
				d := tz.NthWeekday(year, time.Month(st.Month), time.Weekday(st.DayOfWeek%7), int(st.Day))
				first.Year, first.Day = uint16(d.Year()), uint16(d.Day())
			}
			o.Add("DTSTART", fmt.Sprintf("%04d%02d%02dT%02d%02d%02d", first.Year, first.Month, first.Day, st.Hour, st.Minute, st.Second))
			if st.Year == 0 {
				rr := fmt.Sprintf("FREQ=YEARLY;BYDAY=%s;BYMONTH=%d", byDayOf(st), st.Month)
				if !until.IsZero() {
					rr += ";UNTIL=" + until.Add(-time.Duration(from)*time.Second).Format("20060102T150405Z")
				}
				o.Add("RRULE", rr)
			}
			o.Add("TZOFFSETFROM", formatOffset(from))
			o.Add("TZOFFSETTO", formatOffset(to))
			c.Children = append(c.Children, o)
		}
		add("STANDARD", r.StandardDate, dst, std)
		add("DAYLIGHT", r.DaylightDate, std, dst)
	}
	return c
}

// VTimezone writes a VTIMEZONE for loc covering fromYear..toYear, named
// tzid (loc's Windows ID when tzid is "").
func VTimezone(loc *time.Location, tzid string, fromYear, toYear int) *Component {
	d := tz.DefinitionFromLocation(loc, tzid, fromYear, toYear, toYear)
	rules := make([]tz.YearRule, len(d.Rules))
	for i, r := range d.Rules {
		rules[i] = tz.YearRule{Year: int(r.Year), Rule: r.Rule}
	}
	if tzid == "" {
		tzid = d.KeyName
	}
	return VTimezoneFromRules(tzid, rules)
}

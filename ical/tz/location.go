package tz

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// YearRule is a Rule in force from the start of Year on (local time).
type YearRule struct {
	Year int
	Rule
}

// Location builds a *time.Location named name from r. The daylight
// saving rule, if any, is written as a POSIX TZ rule, so it applies to
// every year; an r with absolute (Year != 0) transition dates applies its
// daylight time to that year only.
func (r Rule) Location(name string) (*time.Location, error) {
	return buildLocation(name, []YearRule{{Year: 1601, Rule: r}})
}

// Location builds a *time.Location from the rules of d, each in force from
// the start of its Year (the first one also before it). The result is
// what Outlook and Exchange compute from the blob, independent of the
// IANA database.
func (d *TZDefinition) Location(name string) (*time.Location, error) {
	if len(d.Rules) == 0 {
		return nil, errors.New("tz: TZDEFINITION without rules")
	}
	rs := make([]YearRule, len(d.Rules))
	for i, t := range d.Rules {
		rs[i] = YearRule{Year: int(t.Year), Rule: t.Rule}
	}
	if name == "" {
		name = d.KeyName
	}
	return buildLocation(name, rs)
}

// LocationFromRules builds a *time.Location from rules, each in force from
// the start of its Year (the first one also before it). Rules are sorted
// by Year first. It is how a VTIMEZONE with yearly-changing rules, or a
// TZDEFINITION, becomes a Location.
func LocationFromRules(name string, rules []YearRule) (*time.Location, error) {
	if len(rules) == 0 {
		return nil, errors.New("tz: no rules")
	}
	rs := append([]YearRule(nil), rules...)
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Year < rs[j].Year })
	return buildLocation(name, rs)
}

type zoneType struct {
	offset int
	dst    bool
}

// maxExplicitYears bounds the years written out as explicit transitions.
const maxExplicitYears = 400

func buildLocation(name string, rs []YearRule) (*time.Location, error) {
	last := rs[len(rs)-1]
	var types []zoneType
	typeIndex := func(z zoneType) int {
		for i, t := range types {
			if t == z {
				return i
			}
		}
		types = append(types, z)
		return len(types) - 1
	}
	first := rs[0]
	typeIndex(zoneType{first.StandardOffset(), false})
	type trans struct {
		when int64
		idx  int
	}
	var tx []trans
	add := func(t time.Time, z zoneType) {
		tx = append(tx, trans{t.Unix(), typeIndex(z)})
	}
	// Explicit transitions for every year up to the last rule's year, and
	// for the last rule's own year when it has absolute dates.
	endYear := last.Year
	lastPOSIX := last.HasDST() && last.StandardDate.Year == 0 && last.DaylightDate.Year == 0
	if !lastPOSIX {
		endYear = last.Year + 1
	}
	startYear := first.Year
	if endYear-startYear > maxExplicitYears {
		startYear = endYear - maxExplicitYears
	}
	ri := 0
	for y := startYear; y < endYear; y++ {
		for ri+1 < len(rs) && rs[ri+1].Year <= y {
			ri++
		}
		r := rs[ri].Rule
		yearStart := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Duration(r.StandardOffset()) * time.Second)
		if y == startYear {
			// Cover the days before the first year's local midnight too.
			yearStart = yearStart.Add(-48 * time.Hour)
		}
		if (ri > 0 && rs[ri].Year == y) || y == startYear {
			off, dst := r.OffsetAt(yearStart)
			add(yearStart, zoneType{off, dst})
		}
		s, e, ok := r.Transitions(y)
		if !ok {
			continue
		}
		if s.Before(e) {
			add(s, zoneType{r.DaylightOffset(), true})
			add(e, zoneType{r.StandardOffset(), false})
		} else {
			add(e, zoneType{r.StandardOffset(), false})
			add(s, zoneType{r.DaylightOffset(), true})
		}
	}
	if lastPOSIX && len(rs) > 1 {
		// Go applies the footer rule from the last transition on: make
		// that the start of the last rule's year.
		ys := time.Date(last.Year, 1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Duration(last.StandardOffset()) * time.Second)
		off, dst := last.OffsetAt(ys)
		add(ys, zoneType{off, dst})
	}
	if !lastPOSIX && last.Year >= startYear {
		// After the last explicit year, standard time of the last rule.
		add(time.Date(endYear, 1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Duration(last.StandardOffset())*time.Second),
			zoneType{last.StandardOffset(), false})
	}
	sort.SliceStable(tx, func(i, j int) bool { return tx[i].when < tx[j].when })
	// TZif version 2 ("TZif2", RFC 8536): an empty version 1 block, the
	// 64-bit block, and the footer TZ string that Go applies after the
	// last transition.
	var chars []byte
	charIdx := make([]int, len(types))
	for i, t := range types {
		charIdx[i] = len(chars)
		chars = append(chars, abbrev(t.offset)...)
		chars = append(chars, 0)
	}
	if len(chars) > 255 || len(types) > 255 {
		return nil, errors.New("tz: too many distinct offsets")
	}
	var b []byte
	b = append(b, "TZif2"...)
	b = append(b, make([]byte, 15)...)
	b = be32(b, 0, 0, 0, 0, 1, 1)
	b = append(b, 0, 0, 0, 0, 0, 0, 0) // one ttinfo, one NUL abbreviation
	b = append(b, "TZif2"...)
	b = append(b, make([]byte, 15)...)
	b = be32(b, 0, 0, 0, len(tx), len(types), len(chars))
	for _, t := range tx {
		b = binary.BigEndian.AppendUint64(b, uint64(t.when))
	}
	for _, t := range tx {
		b = append(b, byte(t.idx))
	}
	for i, t := range types {
		b = binary.BigEndian.AppendUint32(b, uint32(int32(t.offset)))
		d := byte(0)
		if t.dst {
			d = 1
		}
		b = append(b, d, byte(charIdx[i]))
	}
	b = append(b, chars...)
	b = append(b, '\n')
	if lastPOSIX {
		b = append(b, last.POSIX()...)
	} else {
		b = append(b, posixName(last.StandardOffset())...)
		b = append(b, posixOffset(last.StandardOffset())...)
	}
	b = append(b, '\n')
	loc, err := time.LoadLocationFromTZData(name, b)
	if err != nil {
		return nil, fmt.Errorf("tz: building location %q: %w", name, err)
	}
	return loc, nil
}

func be32(b []byte, v ...int) []byte {
	for _, x := range v {
		b = binary.BigEndian.AppendUint32(b, uint32(x))
	}
	return b
}

// abbrev names an offset "+0100", "-0330", "+0545".
func abbrev(offset int) string {
	sign := byte('+')
	if offset < 0 {
		sign = '-'
		offset = -offset
	}
	m := offset / 60
	s := fmt.Sprintf("%c%02d%02d", sign, m/60, m%60)
	if sec := offset % 60; sec != 0 {
		s += fmt.Sprintf("%02d", sec)
	}
	return s
}

func posixName(offset int) string { return "<" + abbrev(offset) + ">" }

// posixOffset writes a POSIX TZ offset, which counts west of UTC positive.
func posixOffset(offset int) string {
	return posixClock(-offset)
}

func posixClock(sec int) string {
	var sb strings.Builder
	if sec < 0 {
		sb.WriteByte('-')
		sec = -sec
	}
	fmt.Fprintf(&sb, "%d", sec/3600)
	if sec%3600 != 0 {
		fmt.Fprintf(&sb, ":%02d", sec%3600/60)
		if sec%60 != 0 {
			fmt.Fprintf(&sb, ":%02d", sec%60)
		}
	}
	return sb.String()
}

func posixDate(s SystemTime) string {
	week := s.Day
	if week > 5 {
		week = 5
	}
	if week < 1 {
		week = 1
	}
	sec := int(s.Hour)*3600 + int(s.Minute)*60 + int(s.Second)
	if s.Milliseconds >= 500 {
		sec++ // 23:59:59.999 means midnight
	}
	return fmt.Sprintf("M%d.%d.%d/%s", s.Month, week, s.DayOfWeek%7, posixClock(sec))
}

// POSIX returns r as a POSIX TZ string ("<+0100>-1<+0200>,M3.5.0/2,M10.5.0/3")
// with offset-named zones. Absolute (Year != 0) transition dates cannot be
// written this way and are dropped.
func (r Rule) POSIX() string {
	s := posixName(r.StandardOffset()) + posixOffset(r.StandardOffset())
	if !r.HasDST() || r.StandardDate.Year != 0 || r.DaylightDate.Year != 0 {
		return s
	}
	return s + posixName(r.DaylightOffset()) + posixOffset(r.DaylightOffset()) +
		"," + posixDate(r.DaylightDate) + "," + posixDate(r.StandardDate)
}

// FromLocation returns the Windows-style rule that loc follows in year:
// standard time is the smaller of the year's two offsets, daylight time
// the larger (so zones whose tzdata marks winter as "daylight", like
// Europe/Dublin, come out as Windows has them). Transition dates are in
// day-in-month form; "last" (5) is chosen when the date is in the month's
// last week and also in the last week in year+1, else the week number. A
// zone that changes its offset once in the year gets the rule of the end
// of the year, without daylight time.
func FromLocation(loc *time.Location, year int) Rule {
	start := time.Date(year, 1, 1, 0, 0, 0, 0, loc)
	end := time.Date(year+1, 1, 1, 0, 0, 0, 0, loc)
	trs := transitionsIn(loc, start, end, 16)
	_, endOff := end.Add(-time.Second).Zone()
	if len(trs) != 2 || trs[0].before != trs[1].after || trs[0].before == trs[0].after {
		return Rule{Bias: -int32(endOff / 60)}
	}
	std, dst := trs[0].before, trs[0].after
	toDST, toStd := trs[0], trs[1]
	if dst < std {
		std, dst = dst, std
		toDST, toStd = trs[1], trs[0]
	}
	r := Rule{Bias: -int32(std / 60), DaylightBias: -int32((dst - std) / 60)}
	r.DaylightDate = dayInMonth(toDST.at.Add(time.Duration(std)*time.Second).UTC(), loc, year, std)
	r.StandardDate = dayInMonth(toStd.at.Add(time.Duration(dst)*time.Second).UTC(), loc, year, dst)
	return r
}

// tr is one offset change.
type tr struct {
	at     time.Time
	before int
	after  int
}

// transitionsIn finds loc's offset changes in [start, end) by sampling
// every 24 hours and bisecting to the second. (time.Time.ZoneBounds is not
// used: for zones whose rules come from a TZ footer string, as in Go's
// own zoneinfo.zip and time/tzdata, it reports bounds clipped at year
// ends.) Two changes less than a day apart are seen as none.
func transitionsIn(loc *time.Location, start, end time.Time, max int) []tr {
	var out []tr
	off := func(t time.Time) int { _, o := t.In(loc).Zone(); return o }
	prev, prevOff := start, off(start)
	for t := start; t.Before(end); {
		next := t.Add(24 * time.Hour)
		if next.After(end) {
			next = end
		}
		o := off(next)
		if o != prevOff {
			lo, hi := prev, next // off(lo) == prevOff, off(hi) != prevOff
			for hi.Sub(lo) > time.Second {
				mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Second)
				if mid.Equal(lo) {
					break
				}
				if off(mid) == prevOff {
					lo = mid
				} else {
					hi = mid
				}
			}
			out = append(out, tr{hi, prevOff, off(hi)})
			if len(out) >= max {
				break
			}
		}
		prev, prevOff, t = next, o, next
		if !t.Before(end) {
			break
		}
	}
	return out
}

// dayInMonth turns a local wall-clock transition time (as a UTC-location
// time) into the SYSTEMTIME day-in-month form.
func dayInMonth(wall time.Time, loc *time.Location, year, offsetBefore int) SystemTime {
	s := SystemTime{
		Month:     uint16(wall.Month()),
		DayOfWeek: uint16(wall.Weekday()),
		Day:       uint16((wall.Day()-1)/7 + 1),
		Hour:      uint16(wall.Hour()),
		Minute:    uint16(wall.Minute()),
		Second:    uint16(wall.Second()),
	}
	daysInMonth := time.Date(wall.Year(), wall.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if wall.Day()+7 > daysInMonth {
		// Last week of the month: "last" unless next year's transition
		// says it is really the 4th.
		s.Day = 5
		if wall.Day() <= 28 {
			next := NthWeekday(year+1, wall.Month(), wall.Weekday(), 4)
			last := NthWeekday(year+1, wall.Month(), wall.Weekday(), 5)
			if !next.Equal(last) {
				// The 4th and last differ next year: check which one the
				// zone follows.
				probe := time.Date(next.Year(), next.Month(), next.Day(), int(s.Hour), int(s.Minute), int(s.Second), 0, time.UTC).
					Add(-time.Duration(offsetBefore) * time.Second)
				_, o1 := probe.Add(-time.Hour).In(loc).Zone()
				_, o2 := probe.Add(time.Hour).In(loc).Zone()
				if o1 != o2 {
					s.Day = 4
				}
			}
		}
	}
	return s
}

// DefinitionFromLocation builds a TZDEFINITION for loc covering the years
// fromYear..toYear: one TZRule at fromYear and one more each year the
// rule changes. The rule in force in effectiveYear is flagged effective
// and "recur current" (it is the rule TimeZoneStructFromLocation gives
// for that year). keyName is the Windows ID; "" looks it up from
// loc.String().
func DefinitionFromLocation(loc *time.Location, keyName string, fromYear, toYear, effectiveYear int) *TZDefinition {
	if keyName == "" {
		keyName, _ = IANAToWindows(loc.String())
		if keyName == "" {
			keyName = loc.String()
		}
	}
	if toYear < fromYear {
		toYear = fromYear
	}
	if toYear-fromYear > MaxRules-1 {
		toYear = fromYear + MaxRules - 1
	}
	d := &TZDefinition{Flags: TZDefinitionFlagValidKeyName, KeyName: keyName}
	var prev Rule
	for y := fromYear; y <= toYear; y++ {
		r := FromLocation(loc, y)
		if y > fromYear && sameInYear(prev, r, y) {
			continue
		}
		d.Rules = append(d.Rules, TZRule{Year: uint16(y), Rule: r})
		prev = r
	}
	eff := 0
	for i, t := range d.Rules {
		if int(t.Year) <= effectiveYear {
			eff = i
		}
	}
	d.Rules[eff].Flags = TZRuleFlagEffectiveTZReg | TZRuleFlagRecurCurrentTZReg
	return d
}

func sameInYear(a, b Rule, year int) bool {
	if a.StandardOffset() != b.StandardOffset() || a.DaylightOffset() != b.DaylightOffset() || a.HasDST() != b.HasDST() {
		return false
	}
	s1, e1, ok1 := a.Transitions(year)
	s2, e2, ok2 := b.Transitions(year)
	return ok1 == ok2 && s1.Equal(s2) && e1.Equal(e2)
}

// TimeZoneStructFromLocation returns the PidLidTimeZoneStruct of loc for
// year.
func TimeZoneStructFromLocation(loc *time.Location, year int) TimeZoneStruct {
	return TimeZoneStruct{Rule: FromLocation(loc, year)}
}

// LoadWindows returns the IANA location of a Windows time zone ID.
func LoadWindows(windowsID string) (*time.Location, error) {
	iana, ok := WindowsToIANA(windowsID)
	if !ok {
		return nil, fmt.Errorf("tz: unknown Windows time zone %q", windowsID)
	}
	return time.LoadLocation(iana)
}

// Resolve finds the location a calendar names: an IANA name
// ("Europe/Berlin"), a Windows ID ("W. Europe Standard Time"), either with
// surrounding quotes, or a path ending in an IANA name as older Mozilla
// clients write ("/mozilla.org/20050126_1/Europe/Berlin"). It returns an
// error for anything else; callers then use the rules of the calendar's
// own VTIMEZONE.
func Resolve(name string) (*time.Location, error) {
	n := strings.Trim(strings.TrimSpace(name), `"`)
	if n == "" {
		return nil, errors.New("tz: empty time zone name")
	}
	if n == "UTC" || n == "GMT" || n == "Z" {
		return time.UTC, nil
	}
	if iana, ok := WindowsToIANA(n); ok {
		return time.LoadLocation(iana)
	}
	if strings.Contains(n, "/") && !strings.Contains(n, "..") && !strings.HasPrefix(n, "/") {
		if loc, err := time.LoadLocation(n); err == nil {
			return loc, nil
		}
	}
	// "/mozilla.org/20050126_1/Europe/Berlin", "/softwarestudio.org/.../Europe/Berlin"
	parts := strings.Split(n, "/")
	for i := 1; i < len(parts)-1; i++ {
		cand := strings.Join(parts[i:], "/")
		if _, ok := IANAToWindows(cand); ok {
			return time.LoadLocation(cand)
		}
	}
	return nil, fmt.Errorf("tz: unknown time zone %q", name)
}

// TimeZoneInformationFromLocation returns the ActiveSync TimeZone
// structure ([MS-ASDTYPE] 2.7.6) of loc in year, named after loc's
// Windows zone ("Pacific Standard Time" / "Pacific Daylight Time") when
// it has one, else after loc.
func TimeZoneInformationFromLocation(loc *time.Location, year int) TimeZoneInformation {
	z := TimeZoneInformation{Rule: FromLocation(loc, year)}
	name, ok := IANAToWindows(loc.String())
	if !ok {
		name = loc.String()
	}
	z.StandardName = name
	z.DaylightName = strings.Replace(name, "Standard", "Daylight", 1)
	if !z.HasDST() {
		z.DaylightName = name
	}
	return z
}

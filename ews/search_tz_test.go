package ews

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/ical/tz"
)

// parseXSDuration reads the durations xsDuration writes ("-PT5H30M").
func parseXSDuration(t *testing.T, s string) time.Duration {
	t.Helper()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "PT")
	var d time.Duration
	if h, rest, ok := strings.Cut(s, "H"); ok {
		n, _ := strconv.Atoi(h)
		d, s = time.Duration(n)*time.Hour, rest
	}
	if m, _, ok := strings.Cut(s, "M"); ok {
		n, _ := strconv.Atoi(m)
		d += time.Duration(n) * time.Minute
	}
	if neg {
		d = -d
	}
	return d
}

// TestGetServerTimeZonesFull checks the whole Windows list: every zone CLDR
// maps is listed once, in Windows order, and each zone's periods and
// recurring transitions reproduce the offsets Go's time zone database
// gives around this year's transitions.
func TestGetServerTimeZonesFull(t *testing.T) {
	e := newEnv(t)
	doc := e.call(`<m:GetServerTimeZones ReturnFullTimeZoneData="true"/>`)
	defs := mustSuccess(t, doc)[0].FindElements("TimeZoneDefinitions/TimeZoneDefinition")
	if len(defs) != len(windowsZoneNames) || len(defs) < 130 {
		t.Fatalf("%d zones, want %d", len(defs), len(windowsZoneNames))
	}
	if id := defs[0].SelectAttrValue("Id", ""); id != "Dateline Standard Time" {
		t.Errorf("first zone %s", id)
	}
	year := time.Now().UTC().Year()
	seen := map[string]bool{}
	dst := 0
	for _, d := range defs {
		id := d.SelectAttrValue("Id", "")
		if seen[id] {
			t.Errorf("%s twice", id)
		}
		seen[id] = true
		loc, err := tz.LoadWindows(id)
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		periods := map[string]time.Duration{}
		for _, p := range d.FindElements("Periods/Period") {
			periods[p.SelectAttrValue("Id", "")] = parseXSDuration(t, p.SelectAttrValue("Bias", ""))
		}
		trs := d.FindElements("TransitionsGroups/TransitionsGroup/RecurringDayTransition")
		if len(trs) == 0 {
			// No DST: the standard bias holds all year.
			for _, b := range periods {
				for _, m := range []time.Month{1, 7} {
					_, off := time.Date(year, m, 15, 12, 0, 0, 0, loc).Zone()
					if time.Duration(-off)*time.Second != b {
						t.Errorf("%s: bias %v, offset in month %d %ds", id, b, m, off)
					}
				}
			}
			continue
		}
		dst++
		if len(trs) != 2 || len(periods) != 2 {
			t.Errorf("%s: %d transitions, %d periods", id, len(trs), len(periods))
			continue
		}
		for i, tr := range trs {
			to := periods[text(tr, "To")]
			from := periods[text(trs[1-i], "To")]
			month, _ := strconv.Atoi(text(tr, "Month"))
			occ, _ := strconv.Atoi(text(tr, "Occurrence"))
			if occ == -1 {
				occ = 5
			}
			wd := slices.Index(weekdays[:], text(tr, "DayOfWeek"))
			day := tz.NthWeekday(year, time.Month(month), time.Weekday(wd), occ)
			// The transition instant: local wall time in the period before.
			at := day.Add(parseXSDuration(t, text(tr, "TimeOffset"))).Add(from)
			_, before := at.Add(-time.Minute).In(loc).Zone()
			_, after := at.Add(time.Minute).In(loc).Zone()
			if time.Duration(-before)*time.Second != from || time.Duration(-after)*time.Second != to {
				t.Errorf("%s transition %d at %v: offsets %d→%d, want biases %v→%v", id, i, at, before, after, from, to)
			}
		}
	}
	if dst < 20 {
		t.Errorf("only %d zones with DST", dst)
	}
	// Short answers name every zone without rules.
	doc = e.call(`<m:GetServerTimeZones ReturnFullTimeZoneData="false"/>`)
	short := mustSuccess(t, doc)[0].FindElements("TimeZoneDefinitions/TimeZoneDefinition")
	if len(short) != len(defs) || len(short[0].ChildElements()) != 0 || short[0].SelectAttrValue("Name", "") != "(UTC-12:00) International Date Line West" {
		t.Errorf("short list: %d zones", len(short))
	}
}

// TestServerTimeZoneRules pins the rules of a few well-known zones.
func TestServerTimeZoneRules(t *testing.T) {
	e := newEnv(t)
	doc := e.call(`<m:GetServerTimeZones><m:Ids><t:Id>Pacific Standard Time</t:Id><t:Id>AUS Eastern Standard Time</t:Id><t:Id>India Standard Time</t:Id></m:Ids></m:GetServerTimeZones>`)
	var got []string
	for _, d := range mustSuccess(t, doc)[0].FindElements("TimeZoneDefinitions/TimeZoneDefinition") {
		got = append(got, zoneSummary(d))
	}
	want := []string{
		"Pacific Standard Time (UTC-08:00) Pacific Time (US & Canada) Standard=PT8H Daylight=PT7H 3/2/Sunday@PT2H 11/1/Sunday@PT2H",
		"India Standard Time (UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi Standard=-PT5H30M",
		"AUS Eastern Standard Time (UTC+10:00) Canberra, Melbourne, Sydney Standard=-PT10H Daylight=-PT11H 10/1/Sunday@PT2H 4/1/Sunday@PT3H",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
}

func zoneSummary(d *etree.Element) string {
	s := d.SelectAttrValue("Id", "") + " " + d.SelectAttrValue("Name", "")
	for _, p := range d.FindElements("Periods/Period") {
		s += " " + p.SelectAttrValue("Name", "") + "=" + p.SelectAttrValue("Bias", "")
	}
	for _, r := range d.FindElements("TransitionsGroups/TransitionsGroup/RecurringDayTransition") {
		s += " " + text(r, "Month") + "/" + text(r, "Occurrence") + "/" + text(r, "DayOfWeek") + "@" + text(r, "TimeOffset")
	}
	return s
}

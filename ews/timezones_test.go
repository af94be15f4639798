package ews

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestGetServerTimeZones(t *testing.T) {
	e := newEnv(t)
	doc := e.call(`<m:GetServerTimeZones ReturnFullTimeZoneData="true"><m:Ids><t:Id>W. Europe Standard Time</t:Id><t:Id>UTC</t:Id><t:Id>Nowhere</t:Id></m:Ids></m:GetServerTimeZones>`)
	defs := mustSuccess(t, doc)[0].FindElements("TimeZoneDefinitions/TimeZoneDefinition")
	var got []string
	for _, d := range defs {
		s := d.SelectAttrValue("Id", "")
		for _, p := range d.FindElements("Periods/Period") {
			s += " " + p.SelectAttrValue("Name", "") + "=" + p.SelectAttrValue("Bias", "")
		}
		for _, r := range d.FindElements("TransitionsGroups/TransitionsGroup/RecurringDayTransition") {
			s += " " + text(r, "Month") + "/" + text(r, "Occurrence") + "@" + text(r, "TimeOffset")
		}
		got = append(got, s)
	}
	want := []string{"UTC Standard=PT0M", "W. Europe Standard Time Standard=-PT1H Daylight=-PT2H 3/-1@PT2H 10/-1@PT3H"}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
	for _, tc := range []struct {
		min  int
		want string
	}{{0, "PT0M"}, {-60, "-PT1H"}, {330, "PT5H30M"}, {-570, "-PT9H30M"}} {
		if got := xsDuration(tc.min); got != tc.want {
			t.Errorf("xsDuration(%d) = %s, want %s", tc.min, got, tc.want)
		}
	}
}

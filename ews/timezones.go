package ews

import (
	"strconv"
	"strings"
	"time"

	"github.com/oxkit/oxkit/ical/tz"
)

// serverZone is a Windows time zone as GetServerTimeZones describes it
// ([MS-OXWSGTZ] 2.2.4.x TimeZoneDefinitionType): its rule (standard
// bias and, for zones with daylight saving time, the yearly transitions)
// in force in year.
type serverZone struct {
	id, name string
	year     int
	rule     tz.Rule
}

// xsDuration formats minutes as xs:duration ("-PT1H", "PT5H30M", "PT0M").
func xsDuration(min int) string {
	sign := ""
	if min < 0 {
		sign, min = "-", -min
	}
	s := sign + "PT"
	if h := min / 60; h > 0 {
		s += strconv.Itoa(h) + "H"
	}
	if m := min % 60; m > 0 || min == 0 {
		s += strconv.Itoa(m) + "M"
	}
	return s
}

// weekdays are the xs:string DayOfWeekType names by time.Weekday.
var weekdays = [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

func (z *serverZone) write(w *xw, full bool) { z.writeAs(w, "t:TimeZoneDefinition", full) }

// writeAs writes the zone as element el of TimeZoneDefinitionType
// (t:TimeZoneDefinition, t:StartTimeZone, t:EndTimeZone).
func (z *serverZone) writeAs(w *xw, el string, full bool) {
	w.raw(`<` + el + ` Id="`)
	w.attr(z.id)
	w.raw(`" Name="`)
	w.attr(z.name)
	if !full {
		w.raw(`"/>`)
		return
	}
	w.raw(`">`)
	r := z.rule
	prefix := "trule:Microsoft/Registry/" + z.id + "/" + strconv.Itoa(z.year)
	std, dl := prefix+"-Standard", prefix+"-Daylight"
	w.raw(`<t:Periods><t:Period Bias="` + xsDuration(int(r.Bias+r.StandardBias)) + `" Name="Standard" Id="`)
	w.attr(std)
	w.raw(`"/>`)
	if r.HasDST() {
		w.raw(`<t:Period Bias="` + xsDuration(int(r.Bias+r.DaylightBias)) + `" Name="Daylight" Id="`)
		w.attr(dl)
		w.raw(`"/>`)
	}
	w.raw(`</t:Periods><t:TransitionsGroups><t:TransitionsGroup Id="0">`)
	if r.HasDST() {
		for _, t := range []struct {
			to string
			at tz.SystemTime
		}{{dl, r.DaylightDate}, {std, r.StandardDate}} {
			w.raw(`<t:RecurringDayTransition><t:To Kind="Period">`)
			w.text(t.to)
			w.raw(`</t:To>`)
			w.elem("t:TimeOffset", xsDuration(int(t.at.Hour)*60+int(t.at.Minute)))
			w.elemInt("t:Month", int64(t.at.Month))
			w.elem("t:DayOfWeek", weekdays[t.at.DayOfWeek%7])
			occ := int64(t.at.Day) // 1..4, 5 = the last
			if occ >= 5 {
				occ = -1
			}
			w.elemInt("t:Occurrence", occ)
			w.raw(`</t:RecurringDayTransition>`)
		}
	} else {
		w.raw(`<t:Transition><t:To Kind="Period">`)
		w.text(std)
		w.raw(`</t:To></t:Transition>`)
	}
	w.raw(`</t:TransitionsGroup></t:TransitionsGroups><t:Transitions><t:Transition><t:To Kind="Group">0</t:To></t:Transition></t:Transitions></` + el + `>`)
}

// getServerTimeZones implements GetServerTimeZones ([MS-OXWSGTZ]
// 3.1.4.1) over every Windows zone (serverZones); unknown Ids are left
// out, as Exchange does.
func (c *call) getServerTimeZones() error {
	body := c.req.Body
	full := true
	if v := attr(body, "ReturnFullTimeZoneData"); v != "" {
		b, err := parseBool(v)
		if err != nil {
			return &Fault{Code: ErrorSchemaValidation, Message: "ReturnFullTimeZoneData is not valid."}
		}
		full = b
	}
	var want map[string]bool
	if ids := child(body, "Ids"); ids != nil {
		want = map[string]bool{}
		for _, e := range ids.ChildElements() {
			want[strings.TrimSpace(e.Text())] = true
		}
	}
	const name = "GetServerTimeZonesResponseMessage"
	c.responseStart("GetServerTimeZones")
	c.msgStart(name)
	c.w.raw(`<m:TimeZoneDefinitions>`)
	year := time.Now().UTC().Year()
	for _, z := range windowsZoneNames {
		if want != nil && !want[z.id] {
			continue
		}
		if !full {
			sz := serverZone{id: z.id, name: z.name}
			sz.write(&c.w, false)
			continue
		}
		if sz, ok := serverZoneFor(z.id, z.name, year); ok {
			sz.write(&c.w, true)
		}
	}
	c.w.raw(`</m:TimeZoneDefinitions>`)
	c.msgEnd(name)
	c.responseEnd("GetServerTimeZones")
	return nil
}

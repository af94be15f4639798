package ews

import (
	"strconv"
	"strings"
)

// serverZone is a Windows time zone as GetServerTimeZones describes it
// ([MS-OXWSGTZ] 2.2.4.x TimeZoneDefinitionType): a standard bias and, for
// zones with daylight saving time, the yearly rules (the rules in force
// since 2007).
type serverZone struct {
	id, name string
	bias     int // minutes, UTC = local + bias (standard time)
	dst      *dstRule
}

// dstRule is a yearly daylight-saving rule: the switch to daylight time
// (bias - 60) and back, each on the occurrence-th weekday of a month at a
// local time ("PT2H"); occurrence -1 is the last.
type dstRule struct {
	toDSTMonth, toDSTOccurrence int
	toDSTTime                   string
	toStdMonth, toStdOccurrence int
	toStdTime                   string
	toDSTWeekday, toStdWeekday  string
}

var (
	euRule  = &dstRule{3, -1, "PT2H", 10, -1, "PT3H", "Sunday", "Sunday"}
	ukRule  = &dstRule{3, -1, "PT1H", 10, -1, "PT2H", "Sunday", "Sunday"}
	usRule  = &dstRule{3, 2, "PT2H", 11, 1, "PT2H", "Sunday", "Sunday"}
	ausRule = &dstRule{10, 1, "PT2H", 4, 1, "PT3H", "Sunday", "Sunday"}
)

// serverZones is the list GetServerTimeZones answers: UTC and the zones
// clients use most. The full Windows list is not shipped yet.
var serverZones = []serverZone{
	{"UTC", "(UTC) Coordinated Universal Time", 0, nil},
	{"GMT Standard Time", "(UTC+00:00) Dublin, Edinburgh, Lisbon, London", 0, ukRule},
	{"W. Europe Standard Time", "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", -60, euRule},
	{"Romance Standard Time", "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris", -60, euRule},
	{"Central Europe Standard Time", "(UTC+01:00) Belgrade, Bratislava, Budapest, Ljubljana, Prague", -60, euRule},
	{"Central European Standard Time", "(UTC+01:00) Sarajevo, Skopje, Warsaw, Zagreb", -60, euRule},
	{"FLE Standard Time", "(UTC+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius", -120, &dstRule{3, -1, "PT3H", 10, -1, "PT4H", "Sunday", "Sunday"}},
	{"Eastern Standard Time", "(UTC-05:00) Eastern Time (US & Canada)", 300, usRule},
	{"Central Standard Time", "(UTC-06:00) Central Time (US & Canada)", 360, usRule},
	{"Mountain Standard Time", "(UTC-07:00) Mountain Time (US & Canada)", 420, usRule},
	{"Pacific Standard Time", "(UTC-08:00) Pacific Time (US & Canada)", 480, usRule},
	{"India Standard Time", "(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi", -330, nil},
	{"China Standard Time", "(UTC+08:00) Beijing, Chongqing, Hong Kong, Urumqi", -480, nil},
	{"Tokyo Standard Time", "(UTC+09:00) Osaka, Sapporo, Tokyo", -540, nil},
	{"AUS Eastern Standard Time", "(UTC+10:00) Canberra, Melbourne, Sydney", -600, ausRule},
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

func (z *serverZone) write(w *xw, full bool) {
	w.raw(`<t:TimeZoneDefinition Id="`)
	w.attr(z.id)
	w.raw(`" Name="`)
	w.attr(z.name)
	if !full {
		w.raw(`"/>`)
		return
	}
	w.raw(`">`)
	std := "trule:Microsoft/Registry/" + z.id + "/2006-Standard"
	dl := "trule:Microsoft/Registry/" + z.id + "/2006-Daylight"
	w.raw(`<t:Periods><t:Period Bias="` + xsDuration(z.bias) + `" Name="Standard" Id="`)
	w.attr(std)
	w.raw(`"/>`)
	if z.dst != nil {
		w.raw(`<t:Period Bias="` + xsDuration(z.bias-60) + `" Name="Daylight" Id="`)
		w.attr(dl)
		w.raw(`"/>`)
	}
	w.raw(`</t:Periods><t:TransitionsGroups><t:TransitionsGroup Id="0">`)
	if r := z.dst; r != nil {
		for _, t := range []struct {
			to, off, day string
			month, occ   int
		}{{dl, r.toDSTTime, r.toDSTWeekday, r.toDSTMonth, r.toDSTOccurrence}, {std, r.toStdTime, r.toStdWeekday, r.toStdMonth, r.toStdOccurrence}} {
			w.raw(`<t:RecurringDayTransition><t:To Kind="Period">`)
			w.text(t.to)
			w.raw(`</t:To>`)
			w.elem("t:TimeOffset", t.off)
			w.elemInt("t:Month", int64(t.month))
			w.elem("t:DayOfWeek", t.day)
			w.elemInt("t:Occurrence", int64(t.occ))
			w.raw(`</t:RecurringDayTransition>`)
		}
	} else {
		w.raw(`<t:Transition><t:To Kind="Period">`)
		w.text(std)
		w.raw(`</t:To></t:Transition>`)
	}
	w.raw(`</t:TransitionsGroup></t:TransitionsGroups><t:Transitions><t:Transition><t:To Kind="Group">0</t:To></t:Transition></t:Transitions></t:TimeZoneDefinition>`)
}

// getServerTimeZones implements GetServerTimeZones ([MS-OXWSGTZ]
// 3.1.4.1) over serverZones; unknown Ids are left out, as Exchange does.
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
	for i := range serverZones {
		if want == nil || want[serverZones[i].id] {
			serverZones[i].write(&c.w, full)
		}
	}
	c.w.raw(`</m:TimeZoneDefinitions>`)
	c.msgEnd(name)
	c.responseEnd("GetServerTimeZones")
	return nil
}

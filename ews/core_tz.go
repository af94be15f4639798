package ews

import (
	"strings"
	"time"

	"github.com/oxkit/oxkit/mapi"
)

// writeItemTimeZone writes a calendar item's calendar:StartTimeZone or
// calendar:EndTimeZone ([MS-OXWSCORE] 2.2.4.8 CalendarItemType,
// TimeZoneDefinitionType): the Windows zone kept in
// PidLidTimeZoneDescription (tag) when the item was created with a
// StartTimeZone, with its current rule as GetServerTimeZones writes it
// (clients such as ews-javascript-api refuse a definition without
// periods and transitions). Items without a known zone get no element.
// The end zone is the start zone: EndTimeZone is not kept apart.
func (c *call) writeItemTimeZone(f int, p []mapi.PropValue, tag mapi.PropTag) {
	if tag == 0 {
		return
	}
	id, ok := getString(p, tag)
	if !ok || id == "" {
		return
	}
	name := ""
	for _, z := range windowsZoneNames {
		if strings.EqualFold(z.id, id) {
			id, name = z.id, z.name
			break
		}
	}
	if name == "" {
		return
	}
	sz, ok := serverZoneFor(id, name, time.Now().UTC().Year())
	if !ok {
		return
	}
	el := "t:StartTimeZone"
	if f == fEndTimeZone {
		el = "t:EndTimeZone"
	}
	sz.writeAs(&c.w, el, true)
}

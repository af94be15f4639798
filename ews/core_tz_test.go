package ews

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
)

// tzView is what a client reads from a t:StartTimeZone/t:EndTimeZone
// (TimeZoneDefinitionType).
type tzView struct {
	Tag, ID, Name string
	Periods       []string // Name:Bias
	Groups        int
	Transitions   int
}

func viewTZ(e *etree.Element) tzView {
	v := tzView{Tag: e.Tag, ID: e.SelectAttrValue("Id", ""), Name: e.SelectAttrValue("Name", "")}
	for _, p := range e.FindElements("Periods/Period") {
		v.Periods = append(v.Periods, p.SelectAttrValue("Name", "")+":"+p.SelectAttrValue("Bias", ""))
	}
	v.Groups = len(e.FindElements("TransitionsGroups/TransitionsGroup"))
	v.Transitions = len(e.FindElements("Transitions/*"))
	return v
}

// TestCoreCalendarStartTimeZoneReadBack: a calendar item created with a
// StartTimeZone answers calendar:StartTimeZone and calendar:EndTimeZone
// ([MS-OXWSCORE] 2.2.4.8 CalendarItemType) as full
// TimeZoneDefinitionType elements (periods, transitions groups,
// transitions: ews-javascript-api's TimeZoneDefinition.Validate refuses
// less), in AllProperties and as AdditionalProperties, on the master and
// on an occurrence; an item without a zone answers none.
func TestCoreCalendarStartTimeZoneReadBack(t *testing.T) {
	e := newEnv(t)
	create := func(inner string) string {
		doc := e.call(`<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem>` + inner + `</t:CalendarItem></m:Items></m:CreateItem>`)
		id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
		return id
	}
	series := create(`<t:Subject>weekly</t:Subject><t:Start>2030-03-25T09:00:00Z</t:Start><t:End>2030-03-25T09:30:00Z</t:End>` +
		`<t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday</t:DaysOfWeek></t:WeeklyRecurrence><t:NumberedRecurrence><t:StartDate>2030-03-25</t:StartDate><t:NumberOfOccurrences>3</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>` +
		`<t:StartTimeZone Id="W. Europe Standard Time"/><t:EndTimeZone Id="W. Europe Standard Time"/>`)
	plain := create(`<t:Subject>no zone</t:Subject><t:Start>2030-03-25T09:00:00Z</t:Start><t:End>2030-03-25T09:30:00Z</t:End>`)
	berlin := func(tag string) tzView {
		return tzView{Tag: tag, ID: "W. Europe Standard Time", Name: windowsZoneName(t, "W. Europe Standard Time"),
			Periods: []string{"Standard:-PT1H", "Daylight:-PT2H"}, Groups: 1, Transitions: 1}
	}
	want := []tzView{berlin("StartTimeZone"), berlin("EndTimeZone")}
	zones := func(it *etree.Element) []tzView {
		var out []tzView
		for _, n := range []string{"StartTimeZone", "EndTimeZone"} {
			if z := it.SelectElement(n); z != nil {
				out = append(out, viewTZ(z))
			}
		}
		return out
	}
	all := `<t:BaseShape>AllProperties</t:BaseShape>`
	add := `<t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="calendar:StartTimeZone"/><t:FieldURI FieldURI="calendar:EndTimeZone"/></t:AdditionalProperties>`
	for _, shape := range []string{all, add} {
		if d := cmp.Diff(want, zones(getItem(t, e, shape, series))); d != "" {
			t.Fatalf("master, %s (-want +got):\n%s", shape, d)
		}
		if got := zones(getItem(t, e, shape, plain)); len(got) != 0 {
			t.Fatalf("item without a zone answered %v", got)
		}
	}
	// An occurrence (OccurrenceItemId) carries the series' zone.
	doc := e.call(`<m:GetItem><m:ItemShape>` + add + `</m:ItemShape><m:ItemIds><t:OccurrenceItemId RecurringMasterId="` + series + `" InstanceIndex="2"/></m:ItemIds></m:GetItem>`)
	if d := cmp.Diff(want, zones(mustSuccess(t, doc)[0].FindElement("Items/CalendarItem"))); d != "" {
		t.Fatalf("occurrence (-want +got):\n%s", d)
	}
	// The Default shape leaves them out, as Exchange does.
	if got := zones(getItem(t, e, `<t:BaseShape>Default</t:BaseShape>`, series)); len(got) != 0 {
		t.Fatalf("Default shape answered %v", got)
	}
}

func windowsZoneName(t *testing.T, id string) string {
	t.Helper()
	for _, z := range windowsZoneNames {
		if z.id == id {
			return z.name
		}
	}
	t.Fatalf("no zone %s", id)
	return ""
}

// TestDumpResponsesCore writes the responses of the core fixes (items
// with t:StartTimeZone/t:EndTimeZone, CreateItem with t:Attachments,
// UpdateItem of message:IsRead alone) into $EWS_DUMP (core-*.xml) for the
// interop suite to validate against the EWS schemas with xmllint.
func TestDumpResponsesCore(t *testing.T) {
	dir := os.Getenv("EWS_DUMP")
	if dir == "" {
		t.Skip("EWS_DUMP not set: only the interop suite (xmllint schema validation) runs this")
	}
	e := newEnv(t)
	doc := e.call(`<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:Subject>weekly</t:Subject><t:Start>2030-03-25T09:00:00Z</t:Start><t:End>2030-03-25T09:30:00Z</t:End>` +
		`<t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday</t:DaysOfWeek></t:WeeklyRecurrence><t:NumberedRecurrence><t:StartDate>2030-03-25</t:StartDate><t:NumberOfOccurrences>3</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>` +
		`<t:StartTimeZone Id="W. Europe Standard Time"/></t:CalendarItem><t:CalendarItem><t:Subject>utc</t:Subject><t:Start>2030-03-25T09:00:00Z</t:Start><t:End>2030-03-25T09:30:00Z</t:End><t:StartTimeZone Id="UTC"/></t:CalendarItem></m:Items></m:CreateItem>`)
	els := mustSuccess(t, doc)
	cal1, _ := idOf(els[0], "ItemId")
	cal2, _ := idOf(els[1], "ItemId")
	content := base64.StdEncoding.EncodeToString([]byte("payload"))
	doc = e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:Message><t:Subject>files</t:Subject><t:Attachments><t:FileAttachment><t:Name>a.bin</t:Name><t:ContentId>a@x</t:ContentId><t:IsInline>true</t:IsInline><t:Content>` + content + `</t:Content></t:FileAttachment>` +
		`<t:ItemAttachment><t:Name>inner</t:Name><t:Message><t:Subject>embedded</t:Subject></t:Message></t:ItemAttachment></t:Attachments></t:Message></m:Items></m:CreateItem>`)
	msg, ck := idOf(mustSuccess(t, doc)[0], "ItemId")
	reqs := map[string]string{
		"core-calendar-tz": `<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds>` + itemID(cal1) + itemID(cal2) +
			`<t:OccurrenceItemId RecurringMasterId="` + cal1 + `" InstanceIndex="2"/></m:ItemIds></m:GetItem>`,
		"core-calendarview-tz": `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="calendar:Start"/><t:FieldURI FieldURI="calendar:StartTimeZone"/><t:FieldURI FieldURI="calendar:EndTimeZone"/></t:AdditionalProperties></m:ItemShape>` +
			`<m:CalendarView StartDate="2030-03-01T00:00:00Z" EndDate="2030-05-01T00:00:00Z"/><m:ParentFolderIds>` + dist("calendar") + `</m:ParentFolderIds></m:FindItem>`,
		"core-createitem-attachments": `<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:Message><t:Subject>files</t:Subject><t:Attachments><t:FileAttachment><t:Name>b.bin</t:Name><t:Content>` + content + `</t:Content></t:FileAttachment>` +
			`<t:ItemAttachment><t:Name>inner</t:Name><t:Message><t:Subject>embedded</t:Subject></t:Message></t:ItemAttachment></t:Attachments></t:Message></m:Items></m:CreateItem>`,
		"core-message-attachments": `<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds>` + itemID(msg) + `</m:ItemIds></m:GetItem>`,
		"core-updateitem-isread": `<m:UpdateItem ConflictResolution="AutoResolve" MessageDisposition="SaveOnly"><m:ItemChanges><t:ItemChange><t:ItemId Id="` + msg + `" ChangeKey="` + ck + `"/><t:Updates>` +
			`<t:SetItemField><t:FieldURI FieldURI="message:IsRead"/><t:Message><t:IsRead>true</t:IsRead></t:Message></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`,
	}
	for k, v := range reqs {
		_, doc := e.postAs(user1, envelope(v))
		if len(doc.FindElements("//*[@ResponseClass='Error']")) > 0 {
			t.Fatalf("%s: %s", k, dump(doc))
		}
		if err := doc.WriteToFile(filepath.Join(dir, k+".xml")); err != nil {
			t.Fatal(err)
		}
	}
}

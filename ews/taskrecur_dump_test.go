package ews

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDumpResponsesTasks is TestDumpResponses for recurring tasks
// (taskrecur.go): GetItem and FindItem of series of every pattern kind,
// the UpdateItem that completes an occurrence and the DeleteItem answers,
// written into $EWS_DUMP (as tasks-*.xml) for the interop suite to
// validate against the EWS schemas with xmllint.
func TestDumpResponsesTasks(t *testing.T) {
	dir := os.Getenv("EWS_DUMP")
	if dir == "" {
		t.Skip("EWS_DUMP not set: only the interop suite (xmllint schema validation) runs this")
	}
	e := newEnv(t)
	var ids string
	for _, r := range []string{
		`<t:DailyRecurrence><t:Interval>2</t:Interval></t:DailyRecurrence><t:NumberedRecurrence><t:StartDate>2030-01-07</t:StartDate><t:NumberOfOccurrences>5</t:NumberOfOccurrences></t:NumberedRecurrence>`,
		`<t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday Wednesday</t:DaysOfWeek><t:FirstDayOfWeek>Sunday</t:FirstDayOfWeek></t:WeeklyRecurrence><t:NoEndRecurrence><t:StartDate>2030-01-03</t:StartDate></t:NoEndRecurrence>`,
		`<t:AbsoluteMonthlyRecurrence><t:Interval>1</t:Interval><t:DayOfMonth>15</t:DayOfMonth></t:AbsoluteMonthlyRecurrence><t:EndDateRecurrence><t:StartDate>2030-01-01</t:StartDate><t:EndDate>2030-06-30</t:EndDate></t:EndDateRecurrence>`,
		`<t:RelativeMonthlyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Friday</t:DaysOfWeek><t:DayOfWeekIndex>Last</t:DayOfWeekIndex></t:RelativeMonthlyRecurrence><t:NumberedRecurrence><t:StartDate>2030-01-01</t:StartDate><t:NumberOfOccurrences>3</t:NumberOfOccurrences></t:NumberedRecurrence>`,
		`<t:AbsoluteYearlyRecurrence><t:DayOfMonth>1</t:DayOfMonth><t:Month>March</t:Month></t:AbsoluteYearlyRecurrence><t:NoEndRecurrence><t:StartDate>2030-03-01</t:StartDate></t:NoEndRecurrence>`,
		`<t:RelativeYearlyRecurrence><t:DaysOfWeek>Thursday</t:DaysOfWeek><t:DayOfWeekIndex>Fourth</t:DayOfWeekIndex><t:Month>November</t:Month></t:RelativeYearlyRecurrence><t:NoEndRecurrence><t:StartDate>2030-11-01</t:StartDate></t:NoEndRecurrence>`,
		`<t:DailyRegeneration><t:Interval>3</t:Interval></t:DailyRegeneration><t:NumberedRecurrence><t:StartDate>2030-01-07</t:StartDate><t:NumberOfOccurrences>4</t:NumberOfOccurrences></t:NumberedRecurrence>`,
		`<t:WeeklyRegeneration><t:Interval>2</t:Interval></t:WeeklyRegeneration><t:NoEndRecurrence><t:StartDate>2030-01-09</t:StartDate></t:NoEndRecurrence>`,
		`<t:MonthlyRegeneration><t:Interval>1</t:Interval></t:MonthlyRegeneration><t:EndDateRecurrence><t:StartDate>2030-01-31</t:StartDate><t:EndDate>2030-12-31</t:EndDate></t:EndDateRecurrence>`,
		`<t:YearlyRegeneration><t:Interval>1</t:Interval></t:YearlyRegeneration><t:NoEndRecurrence><t:StartDate>2030-02-28</t:StartDate></t:NoEndRecurrence>`,
	} {
		ids += itemID(createTask(t, e, `<t:Subject>r</t:Subject><t:Recurrence>`+r+`</t:Recurrence>`))
	}
	series := createTask(t, e, `<t:Subject>weekly</t:Subject>`+weekly3)
	reqs := map[string]string{
		"tasks-getitem":  `<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent></m:ItemShape><m:ItemIds>` + ids + `</m:ItemIds></m:GetItem>`,
		"tasks-default":  `<m:GetItem><m:ItemShape><t:BaseShape>Default</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="task:Recurrence"/><t:FieldURI FieldURI="task:IsRecurring"/></t:AdditionalProperties></m:ItemShape><m:ItemIds>` + ids + `</m:ItemIds></m:GetItem>`,
		"tasks-finditem": `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ParentFolderIds>` + dist("tasks") + `</m:ParentFolderIds></m:FindItem>`,
		"tasks-complete": `<m:UpdateItem ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange>` + itemID(series) +
			`<t:Updates><t:SetItemField><t:FieldURI FieldURI="task:Status"/><t:Task><t:Status>Completed</t:Status></t:Task></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`,
	}
	write := func(name string, body string) {
		_, doc := e.postAs(user1, envelope(body))
		doc.WriteToFile(filepath.Join(dir, name+".xml"))
	}
	for k, v := range reqs {
		write(k, v)
	}
	// In order: the occurrence skipped, then a missing attribute (an
	// error message), then the series deleted.
	write("tasks-delete-occurrence", `<m:DeleteItem DeleteType="HardDelete" AffectedTaskOccurrences="SpecifiedOccurrenceOnly"><m:ItemIds>`+itemID(series)+`</m:ItemIds></m:DeleteItem>`)
	write("tasks-delete-required", `<m:DeleteItem DeleteType="HardDelete"><m:ItemIds>`+itemID(series)+`</m:ItemIds></m:DeleteItem>`)
	write("tasks-delete-all", `<m:DeleteItem DeleteType="HardDelete" AffectedTaskOccurrences="AllOccurrences"><m:ItemIds>`+itemID(series)+`</m:ItemIds></m:DeleteItem>`)
}

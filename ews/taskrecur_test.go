package ews

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
)

// flattenTR lists e's descendants as "path=text" lines, in document order.
func flattenTR(e *etree.Element) []string {
	var out []string
	var walk func(el *etree.Element, path string)
	walk = func(el *etree.Element, path string) {
		kids := el.ChildElements()
		if len(kids) == 0 {
			out = append(out, path+"="+strings.TrimSpace(el.Text()))
			return
		}
		for _, k := range kids {
			walk(k, path+"/"+k.Tag)
		}
	}
	if e != nil {
		walk(e, e.Tag)
	}
	return out
}

// rangeDates appends the "+00:00" offset task range dates are written
// with (taskRangeDate) to the range dates of lines.
func rangeDates(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		if strings.Contains(l, "Recurrence/StartDate=") || strings.Contains(l, "Recurrence/EndDate=") {
			l += "+00:00"
		}
		out[i] = l
	}
	return out
}

func parseFragment(t *testing.T, s string) *etree.Element {
	t.Helper()
	d := etree.NewDocument()
	if err := d.ReadFromString(`<t:Recurrence xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">` + s + `</t:Recurrence>`); err != nil {
		t.Fatal(err)
	}
	return d.Root()
}

func createTask(t *testing.T, e *env, inner string) string {
	t.Helper()
	doc := e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:Task>` + inner + `</t:Task></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	return id
}

func updateTask(e *env, id, uri, inner string) *etree.Document {
	return e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange>` + itemID(id) +
		`<t:Updates><t:SetItemField><t:FieldURI FieldURI="` + uri + `"/><t:Task>` + inner + `</t:Task></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`)
}

// taskView is what the tests compare of a task.
type taskView struct {
	Status, Percent, IsComplete, IsRecurring, Start, Due string
	Recurrence                                           []string
}

func viewTask(t *testing.T, e *env, id string) taskView {
	t.Helper()
	m := getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id)
	own := func(name string) string { // a task field, not the range's StartDate
		if f := m.SelectElement(name); f != nil {
			return f.Text()
		}
		return ""
	}
	v := taskView{Status: own("Status"), Percent: own("PercentComplete"), IsComplete: own("IsComplete"),
		IsRecurring: own("IsRecurring"), Start: own("StartDate"), Due: own("DueDate")}
	if r := m.FindElement("Recurrence"); r != nil {
		v.Recurrence = flattenTR(r)
	}
	return v
}

// TestTaskRecurrencePatterns creates a task with each pattern and range
// of [MS-OXWSTASK] 2.2.7.1 TaskRecurrencePatternTypes and reads it back:
// the same t:Recurrence, IsRecurring, and the dates of the first
// occurrence.
func TestTaskRecurrencePatterns(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name, recurrence, start string // start: the first occurrence
	}{
		{"DailyRecurrence/Numbered", `<t:DailyRecurrence><t:Interval>2</t:Interval></t:DailyRecurrence><t:NumberedRecurrence><t:StartDate>2030-01-07</t:StartDate><t:NumberOfOccurrences>5</t:NumberOfOccurrences></t:NumberedRecurrence>`, "2030-01-07"},
		{"WeeklyRecurrence/NoEnd", `<t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday Wednesday</t:DaysOfWeek><t:FirstDayOfWeek>Sunday</t:FirstDayOfWeek></t:WeeklyRecurrence><t:NoEndRecurrence><t:StartDate>2030-01-07</t:StartDate></t:NoEndRecurrence>`, "2030-01-07"},
		{"AbsoluteMonthlyRecurrence/EndDate", `<t:AbsoluteMonthlyRecurrence><t:Interval>1</t:Interval><t:DayOfMonth>15</t:DayOfMonth></t:AbsoluteMonthlyRecurrence><t:EndDateRecurrence><t:StartDate>2030-01-15</t:StartDate><t:EndDate>2030-06-30</t:EndDate></t:EndDateRecurrence>`, "2030-01-15"},
		{"RelativeMonthlyRecurrence/Numbered", `<t:RelativeMonthlyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Friday</t:DaysOfWeek><t:DayOfWeekIndex>Last</t:DayOfWeekIndex></t:RelativeMonthlyRecurrence><t:NumberedRecurrence><t:StartDate>2030-01-25</t:StartDate><t:NumberOfOccurrences>3</t:NumberOfOccurrences></t:NumberedRecurrence>`, "2030-01-25"},
		{"AbsoluteYearlyRecurrence/NoEnd", `<t:AbsoluteYearlyRecurrence><t:DayOfMonth>1</t:DayOfMonth><t:Month>March</t:Month></t:AbsoluteYearlyRecurrence><t:NoEndRecurrence><t:StartDate>2030-03-01</t:StartDate></t:NoEndRecurrence>`, "2030-03-01"},
		{"RelativeYearlyRecurrence/Numbered", `<t:RelativeYearlyRecurrence><t:DaysOfWeek>Thursday</t:DaysOfWeek><t:DayOfWeekIndex>Fourth</t:DayOfWeekIndex><t:Month>November</t:Month></t:RelativeYearlyRecurrence><t:NumberedRecurrence><t:StartDate>2030-11-28</t:StartDate><t:NumberOfOccurrences>2</t:NumberOfOccurrences></t:NumberedRecurrence>`, "2030-11-28"},
		{"DailyRegeneration/Numbered", `<t:DailyRegeneration><t:Interval>3</t:Interval></t:DailyRegeneration><t:NumberedRecurrence><t:StartDate>2030-01-07</t:StartDate><t:NumberOfOccurrences>4</t:NumberOfOccurrences></t:NumberedRecurrence>`, "2030-01-07"},
		{"WeeklyRegeneration/NoEnd", `<t:WeeklyRegeneration><t:Interval>2</t:Interval></t:WeeklyRegeneration><t:NoEndRecurrence><t:StartDate>2030-01-09</t:StartDate></t:NoEndRecurrence>`, "2030-01-09"},
		{"MonthlyRegeneration/EndDate", `<t:MonthlyRegeneration><t:Interval>1</t:Interval></t:MonthlyRegeneration><t:EndDateRecurrence><t:StartDate>2030-01-31</t:StartDate><t:EndDate>2030-12-31</t:EndDate></t:EndDateRecurrence>`, "2030-01-31"},
		{"YearlyRegeneration/NoEnd", `<t:YearlyRegeneration><t:Interval>1</t:Interval></t:YearlyRegeneration><t:NoEndRecurrence><t:StartDate>2030-02-28</t:StartDate></t:NoEndRecurrence>`, "2030-02-28"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := createTask(t, e, `<t:Subject>`+tc.name+`</t:Subject><t:Recurrence>`+tc.recurrence+`</t:Recurrence>`)
			// Without task dates, the due date is the first occurrence.
			want := taskView{Status: "NotStarted", Percent: "0", IsComplete: "false", IsRecurring: "true",
				Due: tc.start + "T00:00:00Z", Recurrence: rangeDates(flattenTR(parseFragment(t, tc.recurrence)))}
			if d := cmp.Diff(want, viewTask(t, e, id)); d != "" {
				t.Fatal(d)
			}
		})
	}
	// Bad patterns fail per item.
	for _, bad := range []string{
		`<t:DailyRegeneration><t:Interval>0</t:Interval></t:DailyRegeneration><t:NoEndRecurrence><t:StartDate>2030-01-01</t:StartDate></t:NoEndRecurrence>`,
		`<t:WeeklyRegeneration><t:Interval>1</t:Interval></t:WeeklyRegeneration>`,
		`<t:MonthlyRegeneration><t:Interval>1</t:Interval></t:MonthlyRegeneration><t:EndDateRecurrence><t:StartDate>2030-02-01</t:StartDate><t:EndDate>2030-01-01</t:EndDate></t:EndDateRecurrence>`,
		`<t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Caturday</t:DaysOfWeek></t:WeeklyRecurrence><t:NoEndRecurrence><t:StartDate>2030-01-01</t:StartDate></t:NoEndRecurrence>`,
	} {
		_, msgs := messages(e.call(`<m:CreateItem><m:Items><t:Task><t:Recurrence>` + bad + `</t:Recurrence></t:Task></m:Items></m:CreateItem>`))
		if len(msgs) != 1 || msgs[0].Class != "Error" {
			t.Errorf("%s: %+v", bad, msgs)
		}
	}
}

// TestCreateItemTaskRemarks follows the Comments of the CreateItem
// (task) reference: a recurring task's range StartDate keeps its date
// only and moves to the pattern's first occurrence (every Monday from
// Thursday 26 October 2006 starts on Monday 30 October 2006); the task's
// StartDate follows it and its DueDate follows the StartDate; without a
// StartDate only the DueDate moves.
func TestCreateItemTaskRemarks(t *testing.T) {
	e := newEnv(t)
	monday := `<t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday</t:DaysOfWeek><t:FirstDayOfWeek>Sunday</t:FirstDayOfWeek></t:WeeklyRecurrence>` +
		`<t:NoEndRecurrence><t:StartDate>2006-10-26T15:00:00Z</t:StartDate></t:NoEndRecurrence></t:Recurrence>`
	rec := []string{"Recurrence/WeeklyRecurrence/Interval=1", "Recurrence/WeeklyRecurrence/DaysOfWeek=Monday",
		"Recurrence/WeeklyRecurrence/FirstDayOfWeek=Sunday", "Recurrence/NoEndRecurrence/StartDate=2006-10-30+00:00"}
	id := createTask(t, e, `<t:Subject>My task</t:Subject><t:DueDate>2006-10-27T21:32:52Z</t:DueDate>`+monday+`<t:StartDate>2006-10-26T00:00:00Z</t:StartDate><t:Status>NotStarted</t:Status>`)
	want := taskView{Status: "NotStarted", Percent: "0", IsComplete: "false", IsRecurring: "true", Start: "2006-10-30T00:00:00Z", Due: "2006-10-31T21:32:52Z", Recurrence: rec}
	if d := cmp.Diff(want, viewTask(t, e, id)); d != "" {
		t.Fatal(d)
	}
	id = createTask(t, e, `<t:Subject>My task</t:Subject><t:DueDate>2006-10-26T21:32:52Z</t:DueDate>`+monday+`<t:Status>NotStarted</t:Status>`)
	want = taskView{Status: "NotStarted", Percent: "0", IsComplete: "false", IsRecurring: "true", Due: "2006-10-30T21:32:52Z", Recurrence: rec}
	if d := cmp.Diff(want, viewTask(t, e, id)); d != "" {
		t.Fatal(d)
	}
}

const weekly3 = `<t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday</t:DaysOfWeek><t:FirstDayOfWeek>Sunday</t:FirstDayOfWeek></t:WeeklyRecurrence>` +
	`<t:NumberedRecurrence><t:StartDate>2030-01-07</t:StartDate><t:NumberOfOccurrences>3</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>`

func weeklyView(start string, n int) []string {
	return []string{"Recurrence/WeeklyRecurrence/Interval=1", "Recurrence/WeeklyRecurrence/DaysOfWeek=Monday",
		"Recurrence/WeeklyRecurrence/FirstDayOfWeek=Sunday", "Recurrence/NumberedRecurrence/StartDate=" + start + "+00:00",
		"Recurrence/NumberedRecurrence/NumberOfOccurrences=" + string(rune('0'+n))}
}

// TestTaskCompleteOccurrence follows the UpdateItem (task) reference,
// "Updating the Current Occurrence of a Recurring Task": completing the
// current occurrence answers with a new one-off task and moves the
// series (same ID) to the next occurrence, until the last one, which
// completes in place.
func TestTaskCompleteOccurrence(t *testing.T) {
	e := newEnv(t)
	id := createTask(t, e, `<t:Subject>weekly report</t:Subject><t:DueDate>2030-01-08T00:00:00Z</t:DueDate>`+weekly3+`<t:StartDate>2030-01-07T00:00:00Z</t:StartDate>`)
	want := taskView{Status: "NotStarted", Percent: "0", IsComplete: "false", IsRecurring: "true", Start: "2030-01-07T00:00:00Z", Due: "2030-01-08T00:00:00Z", Recurrence: weeklyView("2030-01-07", 3)}
	if d := cmp.Diff(want, viewTask(t, e, id)); d != "" {
		t.Fatal(d)
	}
	var oneOffs []string
	for i, c := range []struct{ uri, set string }{
		{"task:Status", `<t:Status>Completed</t:Status>`},
		{"task:PercentComplete", `<t:PercentComplete>100</t:PercentComplete>`},
	} {
		got, _ := idOf(mustSuccess(t, updateTask(e, id, c.uri, c.set))[0], "ItemId")
		if got == id || got == "" {
			t.Fatalf("completion %d answered with the series' ID", i)
		}
		oneOffs = append(oneOffs, got)
		one := viewTask(t, e, got)
		wantOne := taskView{Status: "Completed", Percent: "100", IsComplete: "true", IsRecurring: "false",
			Start: want.Start, Due: want.Due}
		if d := cmp.Diff(wantOne, one); d != "" {
			t.Fatalf("one-off %d: %s", i, d)
		}
		next := []string{"2030-01-14", "2030-01-21"}[i]
		due := []string{"2030-01-15", "2030-01-22"}[i]
		want = taskView{Status: "NotStarted", Percent: "0", IsComplete: "false", IsRecurring: "true", Start: next + "T00:00:00Z", Due: due + "T00:00:00Z",
			Recurrence: weeklyView(next, 2-i)}
		if d := cmp.Diff(want, viewTask(t, e, id)); d != "" {
			t.Fatalf("series after %d: %s", i, d)
		}
	}
	if oneOffs[0] == oneOffs[1] {
		t.Fatal("one ID for two one-offs")
	}
	// The last occurrence completes in place.
	got, _ := idOf(mustSuccess(t, updateTask(e, id, "task:Status", `<t:Status>Completed</t:Status>`))[0], "ItemId")
	if got != id {
		t.Fatal("the last occurrence answered with another ID")
	}
	last := viewTask(t, e, id)
	if last.Status != "Completed" || last.Start != "2030-01-21T00:00:00Z" {
		t.Fatalf("%+v", last)
	}
	// Two one-offs and the series are in Tasks.
	doc := e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ParentFolderIds>` + dist("tasks") + `</m:ParentFolderIds></m:FindItem>`)
	if n := len(mustSuccess(t, doc)[0].FindElements(".//Task")); n != 3 {
		t.Fatalf("%d tasks, want 3", n)
	}
}

// TestTaskRegeneration: a regenerating task's next occurrence is the
// interval after the completion day ([MS-OXWSTASK] 2.2.7.1, R127).
func TestTaskRegeneration(t *testing.T) {
	e := newEnv(t)
	id := createTask(t, e, `<t:Subject>water plants</t:Subject><t:Recurrence><t:DailyRegeneration><t:Interval>3</t:Interval></t:DailyRegeneration>`+
		`<t:NumberedRecurrence><t:StartDate>2030-01-07</t:StartDate><t:NumberOfOccurrences>2</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>`)
	before := time.Now().UTC()
	mustSuccess(t, updateTask(e, id, "task:Status", `<t:Status>Completed</t:Status>`))
	after := time.Now().UTC()
	v := viewTask(t, e, id)
	var ok bool
	for _, d := range []time.Time{before, after} {
		next := d.AddDate(0, 0, 3).Format(time.DateOnly)
		ok = ok || v.Due == next+"T00:00:00Z" && v.Recurrence[1] == "Recurrence/NumberedRecurrence/StartDate="+next+"+00:00"
	}
	if !ok || v.Status != "NotStarted" || len(v.Recurrence) != 3 || v.Recurrence[2] != "Recurrence/NumberedRecurrence/NumberOfOccurrences=1" {
		t.Fatalf("%+v", v)
	}
}

// TestTaskMoveOccurrence: moving the start of a non-regenerating series
// leaves the moved occurrence as a one-off and the series at its next
// occurrence (UpdateItem (task) reference, item 2).
func TestTaskMoveOccurrence(t *testing.T) {
	e := newEnv(t)
	id := createTask(t, e, `<t:Subject>standup notes</t:Subject><t:StartDate>2030-01-07T00:00:00Z</t:StartDate><t:DueDate>2030-01-07T00:00:00Z</t:DueDate>`+weekly3)
	got, _ := idOf(mustSuccess(t, updateTask(e, id, "task:StartDate", `<t:StartDate>2030-01-09T00:00:00Z</t:StartDate>`))[0], "ItemId")
	if got == id {
		t.Fatal("no one-off")
	}
	if v := viewTask(t, e, got); v.Start != "2030-01-09T00:00:00Z" || v.IsRecurring != "false" || v.Status != "NotStarted" {
		t.Fatalf("one-off %+v", v)
	}
	if v := viewTask(t, e, id); v.Start != "2030-01-14T00:00:00Z" || v.IsRecurring != "true" {
		t.Fatalf("series %+v", v)
	}
	// task:IsRecurring is read-only.
	_, msgs := messages(e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange>` + itemID(id) +
		`<t:Updates><t:DeleteItemField><t:FieldURI FieldURI="task:IsRecurring"/></t:DeleteItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	if len(msgs) != 1 || msgs[0].Code != "ErrorInvalidPropertyRequest" {
		t.Fatalf("%+v", msgs)
	}
	// DeleteItemField task:Recurrence makes it a single task.
	mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange>`+itemID(id)+
		`<t:Updates><t:DeleteItemField><t:FieldURI FieldURI="task:Recurrence"/></t:DeleteItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	if v := viewTask(t, e, id); v.IsRecurring != "false" || v.Recurrence != nil || v.Start != "2030-01-14T00:00:00Z" {
		t.Fatalf("after DeleteItemField %+v", v)
	}
	// SetItemField task:Recurrence makes a single task recurring.
	single := createTask(t, e, `<t:Subject>single</t:Subject><t:StartDate>2030-01-02T09:00:00Z</t:StartDate><t:DueDate>2030-01-04T09:00:00Z</t:DueDate>`)
	mustSuccess(t, updateTask(e, single, "task:Recurrence", weekly3))
	want := taskView{Status: "NotStarted", Percent: "0", IsComplete: "false", IsRecurring: "true", Start: "2030-01-07T09:00:00Z", Due: "2030-01-09T09:00:00Z", Recurrence: weeklyView("2030-01-07", 3)}
	if d := cmp.Diff(want, viewTask(t, e, single)); d != "" {
		t.Fatal(d)
	}
}

// TestTaskDeleteOccurrence: DeleteItem with AffectedTaskOccurrences
// ([MS-OXWSTASK] 3.1.4.3.1.1, R174/R175).
func TestTaskDeleteOccurrence(t *testing.T) {
	e := newEnv(t)
	del := func(id, attr string) respMsg {
		_, msgs := messages(e.call(`<m:DeleteItem DeleteType="HardDelete"` + attr + `><m:ItemIds>` + itemID(id) + `</m:ItemIds></m:DeleteItem>`))
		if len(msgs) != 1 {
			t.Fatalf("%+v", msgs)
		}
		return msgs[0]
	}
	exists := func(id string) bool {
		_, msgs := messages(e.call(`<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds>` + itemID(id) + `</m:ItemIds></m:GetItem>`))
		return msgs[0].Class == "Success"
	}
	id := createTask(t, e, `<t:Subject>two weeks</t:Subject><t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday</t:DaysOfWeek><t:FirstDayOfWeek>Sunday</t:FirstDayOfWeek></t:WeeklyRecurrence>`+
		`<t:NumberedRecurrence><t:StartDate>2030-01-07</t:StartDate><t:NumberOfOccurrences>2</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>`)
	// Exchange needs the attribute on tasks.
	if m := del(id, ""); m.Code != "ErrorAffectedTaskOccurrencesRequired" {
		t.Fatalf("%+v", m)
	}
	if _, doc := e.postAs(user1, envelope(`<m:DeleteItem DeleteType="HardDelete" AffectedTaskOccurrences="Some"><m:ItemIds>`+itemID(id)+`</m:ItemIds></m:DeleteItem>`)); faultCode(doc) != "ErrorSchemaValidation" {
		t.Fatalf("fault %q", faultCode(doc))
	}
	if m := del(id, ` AffectedTaskOccurrences="SpecifiedOccurrenceOnly"`); m.Class != "Success" {
		t.Fatalf("%+v", m)
	}
	want := taskView{Status: "NotStarted", Percent: "0", IsComplete: "false", IsRecurring: "true", Due: "2030-01-14T00:00:00Z", Recurrence: weeklyView("2030-01-14", 1)}
	if d := cmp.Diff(want, viewTask(t, e, id)); d != "" {
		t.Fatal(d)
	}
	// The last occurrence: deleting it deletes the task.
	if m := del(id, ` AffectedTaskOccurrences="SpecifiedOccurrenceOnly"`); m.Class != "Success" || exists(id) {
		t.Fatalf("%+v, exists %v", m, exists(id))
	}
	// AllOccurrences deletes the series.
	id = createTask(t, e, `<t:Subject>series</t:Subject>`+weekly3)
	if m := del(id, ` AffectedTaskOccurrences="AllOccurrences"`); m.Class != "Success" || exists(id) {
		t.Fatalf("%+v", m)
	}
	// Other items do not need the attribute.
	msg, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, "", `<t:Subject>note</t:Subject>`)
	if m := del(msg, ""); m.Class != "Success" {
		t.Fatalf("%+v", m)
	}
}

// TestTaskRecurrenceMime: a recurring task's MimeContent is a VTODO with
// its RRULE, and a VTODO with an RRULE creates a recurring task.
func TestTaskRecurrenceMime(t *testing.T) {
	e := newEnv(t)
	id := createTask(t, e, `<t:Subject>weekly report</t:Subject>`+weekly3)
	rruleOf := func(id string) string {
		m := getItem(t, e, `<t:BaseShape>IdOnly</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent>`, id)
		raw, err := base64.StdEncoding.DecodeString(text(m, "MimeContent"))
		if err != nil || !strings.Contains(string(raw), "BEGIN:VTODO") {
			t.Fatalf("%v\n%s", err, raw)
		}
		var rrule string
		for _, l := range strings.Split(strings.ReplaceAll(string(raw), "\r\n", "\n"), "\n") {
			if strings.HasPrefix(l, "RRULE:") {
				rrule = l
			}
		}
		return rrule
	}
	if r := rruleOf(id); r != "RRULE:FREQ=WEEKLY;COUNT=3;BYDAY=MO;WKST=SU" {
		t.Fatalf("RRULE %q", r)
	}
	// A regenerating task has no RRULE form.
	regen := createTask(t, e, `<t:Subject>regen</t:Subject><t:Recurrence><t:WeeklyRegeneration><t:Interval>1</t:Interval></t:WeeklyRegeneration>`+
		`<t:NoEndRecurrence><t:StartDate>2030-01-07</t:StartDate></t:NoEndRecurrence></t:Recurrence>`)
	if r := rruleOf(regen); r != "" {
		t.Fatalf("regeneration as %q", r)
	}
	ics := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VTODO\r\nUID:todo-1\r\nSUMMARY:imported\r\nDTSTART;VALUE=DATE:20300107\r\nDUE;VALUE=DATE:20300107\r\n" +
		"RRULE:FREQ=DAILY;INTERVAL=2;COUNT=5\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
	id = createTask(t, e, `<t:MimeContent CharacterSet="UTF-8">`+base64.StdEncoding.EncodeToString([]byte(ics))+`</t:MimeContent>`)
	want := taskView{Status: "NotStarted", Percent: "0", IsComplete: "false", IsRecurring: "true", Start: "2030-01-07T00:00:00Z", Due: "2030-01-07T00:00:00Z",
		Recurrence: []string{"Recurrence/DailyRecurrence/Interval=2", "Recurrence/NumberedRecurrence/StartDate=2030-01-07+00:00", "Recurrence/NumberedRecurrence/NumberOfOccurrences=5"}}
	if d := cmp.Diff(want, viewTask(t, e, id)); d != "" {
		t.Fatal(d)
	}
	// It completes like any series.
	mustSuccess(t, updateTask(e, id, "task:Status", `<t:Status>Completed</t:Status>`))
	if v := viewTask(t, e, id); v.Start != "2030-01-09T00:00:00Z" {
		t.Fatalf("%+v", v)
	}
}

// TestTaskAssignment: EWS cannot send task requests (UpdateItem (task)
// reference, Remarks), so nothing sends a task (CreateItem saves it,
// SendItem and a sending UpdateItem refuse it), and the assigner's copy
// of an assigned task ([MS-OXOTASK] 2.2.2.2.14 PidLidTaskState 3, as
// Outlook leaves it) cannot be updated.
func TestTaskAssignment(t *testing.T) {
	e := newEnv(t)
	count := func() int {
		doc := e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ParentFolderIds>` + dist("tasks") + `</m:ParentFolderIds></m:FindItem>`)
		return len(mustSuccess(t, doc)[0].FindElements(".//Task"))
	}
	// CreateItem saves a task whatever the MessageDisposition.
	var id string
	for _, disp := range []string{"SendOnly", "SendAndSaveCopy"} {
		doc := e.call(`<m:CreateItem MessageDisposition="` + disp + `"><m:Items><t:Task><t:Subject>do it</t:Subject></t:Task></m:Items></m:CreateItem>`)
		id, _ = idOf(mustSuccess(t, doc)[0], "ItemId")
	}
	if n := count(); n != 2 {
		t.Fatalf("%d tasks saved, want 2", n)
	}
	_, msgs := messages(e.call(`<m:SendItem SaveItemToFolder="false"><m:ItemIds>` + itemID(id) + `</m:ItemIds></m:SendItem>`))
	if len(msgs) != 1 || msgs[0].Code != "ErrorInvalidItemForOperationSendItem" {
		t.Fatalf("SendItem: %+v", msgs)
	}
	_, msgs = messages(e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite" MessageDisposition="SendAndSaveCopy"><m:ItemChanges><t:ItemChange>` + itemID(id) +
		`<t:Updates><t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:Task><t:Subject>mine!</t:Subject></t:Task></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	if len(msgs) != 1 || msgs[0].Code != "ErrorInvalidItemForOperationSendItem" {
		t.Fatalf("UpdateItem SendAndSaveCopy: %+v", msgs)
	}
	if n := count(); n != 2 {
		t.Fatalf("%d tasks after the refused sends", n)
	}
	// The assigner's copy of an assigned task (PSETID_Task 0x8113 = 3).
	assigned := createTask(t, e, `<t:ExtendedProperty><t:ExtendedFieldURI PropertySetId="00062003-0000-0000-C000-000000000046" PropertyId="33043" PropertyType="Integer"/><t:Value>3</t:Value></t:ExtendedProperty><t:Subject>assigned</t:Subject>`)
	_, msgs = messages(updateTask(e, assigned, "task:PercentComplete", `<t:PercentComplete>50</t:PercentComplete>`))
	if len(msgs) != 1 || msgs[0].Code != "ErrorSentTaskRequestUpdate" {
		t.Fatalf("update of a sent task: %+v", msgs)
	}
	if v := viewTask(t, e, assigned); v.Percent != "0" {
		t.Fatalf("%+v", v)
	}
}

// TestTaskRecurrenceZone: task dates are local midnights ([MS-OXOTASK]
// 2.2.2.2.4) in the request's TimeZoneContext: the series moves by local
// dates and the range dates carry the zone's offset.
func TestTaskRecurrenceZone(t *testing.T) {
	e := newEnv(t)
	berlin := func(op string) *etree.Document {
		t.Helper()
		code, doc := e.postAs(user1, `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">`+
			`<s:Header><t:RequestServerVersion Version="Exchange2016"/><t:TimeZoneContext><t:TimeZoneDefinition Id="W. Europe Standard Time"/></t:TimeZoneContext></s:Header><s:Body>`+op+`</s:Body></s:Envelope>`)
		if code != 200 {
			t.Fatalf("HTTP %d", code)
		}
		return doc
	}
	// Every Monday from Monday 7 January 2030, local midnight (23:00 UTC
	// the day before).
	doc := berlin(`<m:CreateItem><m:Items><t:Task><t:Subject>local</t:Subject><t:StartDate>2030-01-07T00:00:00</t:StartDate><t:DueDate>2030-01-07T00:00:00</t:DueDate>` + weekly3 + `</t:Task></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	get := func() *etree.Element {
		return mustSuccess(t, berlin(`<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds>`+itemID(id)+`</m:ItemIds></m:GetItem>`))[0].FindElement("Items/Task")
	}
	m := get()
	if got := []string{m.SelectElement("StartDate").Text(), text(m.SelectElement("Recurrence"), "StartDate")}; !cmp.Equal(got, []string{"2030-01-06T23:00:00Z", "2030-01-07+01:00"}) {
		t.Fatalf("%v", got)
	}
	mustSuccess(t, berlin(`<m:UpdateItem ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange>`+itemID(id)+
		`<t:Updates><t:SetItemField><t:FieldURI FieldURI="task:Status"/><t:Task><t:Status>Completed</t:Status></t:Task></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	m = get()
	if got := []string{m.SelectElement("StartDate").Text(), m.SelectElement("DueDate").Text(), text(m.SelectElement("Recurrence"), "StartDate")}; !cmp.Equal(got, []string{"2030-01-13T23:00:00Z", "2030-01-13T23:00:00Z", "2030-01-14+01:00"}) {
		t.Fatalf("%v", got)
	}
}

// TestTaskReminderMoves: a series' reminder moves with its occurrence,
// and one dismissed earlier (PidLidTaskResetReminder, [MS-OXOTASK]
// 2.2.2.2.6) is set again for the next occurrence.
func TestTaskReminderMoves(t *testing.T) {
	e := newEnv(t)
	const remTime = `<t:ExtendedFieldURI PropertySetId="00062008-0000-0000-C000-000000000046" PropertyId="34050" PropertyType="SystemTime"/>`
	const reset = `<t:ExtendedFieldURI PropertySetId="00062003-0000-0000-C000-000000000046" PropertyId="33031" PropertyType="Boolean"/>`
	for _, tc := range []struct {
		name, set string
	}{
		{"set", `<t:ReminderIsSet>true</t:ReminderIsSet>`},
		{"dismissed", `<t:ExtendedProperty>` + reset + `<t:Value>true</t:Value></t:ExtendedProperty><t:ReminderIsSet>false</t:ReminderIsSet>`},
	} {
		id := createTask(t, e, `<t:ExtendedProperty>`+remTime+`<t:Value>2030-01-07T09:00:00Z</t:Value></t:ExtendedProperty>`+tc.set+
			`<t:Subject>remind me</t:Subject><t:StartDate>2030-01-07T00:00:00Z</t:StartDate><t:DueDate>2030-01-07T00:00:00Z</t:DueDate>`+weekly3)
		mustSuccess(t, updateTask(e, id, "task:Status", `<t:Status>Completed</t:Status>`))
		m := getItem(t, e, `<t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:ReminderIsSet"/>`+remTime+`</t:AdditionalProperties>`, id)
		if got := []string{text(m, "ReminderIsSet"), text(m, "Value")}; !cmp.Equal(got, []string{"true", "2030-01-14T09:00:00Z"}) {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
}

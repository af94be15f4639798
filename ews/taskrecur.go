package ews

import (
	"bytes"
	"slices"
	"time"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/ical/recur"
	"github.com/oxkit/oxkit/ical/tz"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Recurring tasks: [MS-OXWSTASK] 2.2.4.4 TaskRecurrenceType (the
// recurrence patterns of calendar items plus the DailyRegeneration …
// YearlyRegeneration patterns, 2.2.4.1–2.2.4.8) ⇄ [MS-OXOTASK]
// 2.2.2.2.15 PidLidTaskRecurrence (an [MS-OXOCAL] 2.2.1.44.1
// RecurrencePattern, SlidingFlag set for regeneration) with
// PidLidTaskFRecurring (2.2.2.2.28) and PidLidTaskDeadOccurrence
// (2.2.2.2.8).
//
// A recurring task is one Task object: its StartDate/DueDate are the
// current occurrence. As Exchange does (the UpdateItem (task) reference,
// "Updating the Current Occurrence of a Recurring Task"), completing it
// or moving the dates of a non-regenerating series leaves a one-off,
// non-recurring copy of the occurrence beside the series (whose ID the
// UpdateItem response carries) and moves the series to its next
// occurrence; for a regenerating pattern the next occurrence is the
// interval after the completion date. DeleteItem with
// AffectedTaskOccurrences SpecifiedOccurrenceOnly skips the current
// occurrence the same way without a copy. The last occurrence of a range
// carries PidLidTaskDeadOccurrence and completes, moves or is deleted as
// a single task. The ical/recur task functions (task.go there) do the
// date arithmetic.

// taskRecurTags are the mailbox's tags of the task properties a
// recurring task needs.
type taskRecurTags struct {
	recur, frecur, dead, start, due, status, complete, percent, completed,
	commonStart, commonEnd, reminderSet, reminderTime, signalTime, resetReminder, state mapi.PropTag
}

func (c *call) taskRecurTags() (taskRecurTags, error) {
	var t taskRecurTags
	for _, x := range []struct {
		np  mapi.NamedProp
		dst *mapi.PropTag
	}{
		{mapi.PidLidTaskRecurrence, &t.recur}, {mapi.PidLidTaskFRecurring, &t.frecur}, {mapi.PidLidTaskDeadOccurrence, &t.dead},
		{mapi.PidLidTaskStartDate, &t.start}, {mapi.PidLidTaskDueDate, &t.due}, {mapi.PidLidTaskStatus, &t.status},
		{mapi.PidLidTaskComplete, &t.complete}, {mapi.PidLidPercentComplete, &t.percent},
		{mapi.PidLidTaskDateCompleted, &t.completed}, {mapi.PidLidCommonStart, &t.commonStart},
		{mapi.PidLidCommonEnd, &t.commonEnd}, {mapi.PidLidReminderSet, &t.reminderSet},
		{mapi.PidLidReminderTime, &t.reminderTime}, {mapi.PidLidReminderSignalTime, &t.signalTime},
		{mapi.PidLidTaskResetReminder, &t.resetReminder}, {mapi.PidLidTaskState, &t.state},
	} {
		tag, err := c.namedTag(x.np, true)
		if err != nil {
			return t, err
		}
		*x.dst = tag
	}
	return t, nil
}

// regenerationFrequencies are the frequencies of the regeneration
// elements ([MS-OXWSTASK] 2.2.7.1 TaskRecurrencePatternTypes).
var regenerationFrequencies = map[string]recur.Frequency{
	"DailyRegeneration": recur.FrequencyDaily, "WeeklyRegeneration": recur.FrequencyWeekly,
	"MonthlyRegeneration": recur.FrequencyMonthly, "YearlyRegeneration": recur.FrequencyYearly,
}

// parseTaskRecurrence converts a t:Recurrence of a task ([MS-OXWSTASK]
// 2.2.4.4) to the PidLidTaskRecurrence pattern.
func parseTaskRecurrence(e *etree.Element) (*recur.RecurrencePattern, error) {
	var regen, rng *etree.Element
	for _, k := range e.ChildElements() {
		switch k.Tag {
		case "DailyRegeneration", "WeeklyRegeneration", "MonthlyRegeneration", "YearlyRegeneration":
			regen = k
		case "NoEndRecurrence", "EndDateRecurrence", "NumberedRecurrence":
			rng = k
		}
	}
	if regen == nil {
		// The calendar patterns: their blob minus the appointment part.
		ap, err := parseRecurrence(e, time.Time{}, time.Time{}, time.UTC)
		if err != nil {
			return nil, err
		}
		p := ap.RecurrencePattern
		return &p, nil
	}
	if rng == nil {
		return nil, errorf(ErrorInvalidValueForProperty, "A recurrence needs a pattern and a range.")
	}
	n, err := posInt(regen, "Interval", recur.MaxTaskInterval)
	if err != nil {
		return nil, err
	}
	sd, err := parseDate(childText(rng, "StartDate"))
	if err != nil {
		return nil, err
	}
	p, err := recur.NewTaskRegeneration(regenerationFrequencies[regen.Tag], n, sd)
	if err != nil {
		return nil, &Error{Code: ErrorInvalidValueForProperty, Message: "The regeneration pattern is not valid.", Err: err}
	}
	switch rng.Tag {
	case "EndDateRecurrence":
		ed, err := parseDate(childText(rng, "EndDate"))
		if err != nil {
			return nil, err
		}
		if ed.Before(sd) {
			return nil, errorf("ErrorRecurrenceEndDateTooBig", "EndDate is before StartDate.")
		}
		p.EndType, p.EndDate = recur.EndAfterDate, recur.TimeToMinutes(ed)
	case "NumberedRecurrence":
		if p.OccurrenceCount, err = posInt(rng, "NumberOfOccurrences", 999); err != nil {
			return nil, err
		}
		p.EndType = recur.EndAfterCount
	}
	if err := p.ComputeEnd(); err != nil {
		return nil, &Error{Code: ErrorInvalidValueForProperty, Message: "The recurrence has no occurrence.", Err: err}
	}
	return p, nil
}

// writeTaskRecurrence writes t:Recurrence of a task ([MS-OXWSTASK]
// 2.2.4.4): the pattern (the calendar patterns of [MS-OXWSCDATA] or a
// regeneration) and the range.
func (c *call) writeTaskRecurrence(p *recur.RecurrencePattern) {
	c.w.open("t:Recurrence")
	switch {
	case p.Regenerating():
		el := "t:DailyRegeneration"
		switch p.Frequency {
		case recur.FrequencyWeekly:
			el = "t:WeeklyRegeneration"
		case recur.FrequencyMonthly:
			el = "t:MonthlyRegeneration"
		case recur.FrequencyYearly:
			el = "t:YearlyRegeneration"
		}
		c.w.open(el)
		c.w.elemInt("t:Interval", int64(p.RegenerationInterval()))
		c.w.close(el)
	case p.PatternType == recur.PatternDay:
		c.w.open("t:DailyRecurrence")
		c.w.elemInt("t:Interval", int64(max(p.Period/1440, 1)))
		c.w.close("t:DailyRecurrence")
	case p.PatternType == recur.PatternWeek:
		c.w.open("t:WeeklyRecurrence")
		c.w.elemInt("t:Interval", int64(max(p.Period, 1)))
		c.w.elem("t:DaysOfWeek", formatDays(p.DaysOfWeek))
		c.w.elem("t:FirstDayOfWeek", dayNames[p.FirstDOW%7])
		c.w.close("t:WeeklyRecurrence")
	case p.PatternType == recur.PatternMonthNth && p.Frequency == recur.FrequencyYearly:
		c.w.open("t:RelativeYearlyRecurrence")
		c.w.elem("t:DaysOfWeek", formatDays(p.DaysOfWeek))
		c.w.elem("t:DayOfWeekIndex", weekIndexNames[clampIdx(int64(p.N), 6, 1)])
		c.w.elem("t:Month", monthNames[recur.MinutesToTime(p.StartDate).Month()])
		c.w.close("t:RelativeYearlyRecurrence")
	case p.PatternType == recur.PatternMonthNth:
		c.w.open("t:RelativeMonthlyRecurrence")
		c.w.elemInt("t:Interval", int64(max(p.Period, 1)))
		c.w.elem("t:DaysOfWeek", formatDays(p.DaysOfWeek))
		c.w.elem("t:DayOfWeekIndex", weekIndexNames[clampIdx(int64(p.N), 6, 1)])
		c.w.close("t:RelativeMonthlyRecurrence")
	case p.Frequency == recur.FrequencyYearly:
		c.w.open("t:AbsoluteYearlyRecurrence")
		c.w.elemInt("t:DayOfMonth", int64(p.DayOfMonth))
		c.w.elem("t:Month", monthNames[recur.MinutesToTime(p.StartDate).Month()])
		c.w.close("t:AbsoluteYearlyRecurrence")
	default:
		c.w.open("t:AbsoluteMonthlyRecurrence")
		c.w.elemInt("t:Interval", int64(max(p.Period, 1)))
		c.w.elemInt("t:DayOfMonth", int64(p.DayOfMonth))
		c.w.close("t:AbsoluteMonthlyRecurrence")
	}
	loc := c.taskLoc()
	switch p.EndType {
	case recur.EndAfterDate:
		c.w.open("t:EndDateRecurrence")
		c.w.elem("t:StartDate", taskRangeDate(p.StartDate, loc))
		c.w.elem("t:EndDate", taskRangeDate(p.EndDate, loc))
		c.w.close("t:EndDateRecurrence")
	case recur.EndAfterCount:
		c.w.open("t:NumberedRecurrence")
		c.w.elem("t:StartDate", taskRangeDate(p.StartDate, loc))
		c.w.elemInt("t:NumberOfOccurrences", int64(p.OccurrenceCount))
		c.w.close("t:NumberedRecurrence")
	default:
		c.w.open("t:NoEndRecurrence")
		c.w.elem("t:StartDate", taskRangeDate(p.StartDate, loc))
		c.w.close("t:NoEndRecurrence")
	}
	c.w.close("t:Recurrence")
}

// taskRangeDate writes a range date of a task recurrence as xs:date with
// the offset of the task zone at that date's midnight.
//
// QUIRK: Exchange writes task recurrence dates with a zone offset
// ("2006-01-09+01:00"), and exchangelib reads a task range date as a date
// only in that 16-character form (fields.py DateOrDateTimeField.from_xml,
// "as sent by task recurrences"); a bare date comes back as a datetime.
func taskRangeDate(m uint32, loc *time.Location) string {
	d := recur.MinutesToTime(m)
	return recur.LocalTime(d, loc).Format("2006-01-02-07:00")
}

// writeTaskRecurField writes task:IsRecurring or task:Recurrence.
func (c *call) writeTaskRecurField(f int, p []mapi.PropValue, s *itemShape) {
	tag := s.tag(f)
	switch f {
	case fTaskIsRecurring:
		v, _ := getBool(p, tag)
		c.w.elemBool("t:IsRecurring", v && tag != 0)
	case fTaskRecurrence:
		if b, ok := getBytes(p, tag); ok && tag != 0 {
			if pat, err := recur.ParseRecurrencePattern(b); err == nil {
				c.writeTaskRecurrence(pat)
			}
		}
	}
}

// taskLoc is the zone task dates are counted in: the request's
// TimeZoneContext (UTC without one). [MS-OXOTASK] 2.2.2.2.4 keeps task
// dates as the user's local midnight.
func (c *call) taskLoc() *time.Location {
	if c.req != nil && c.req.TimeZone != "" && c.req.TimeZone != "UTC" {
		if loc, err := tz.LoadWindows(c.req.TimeZone); err == nil {
			return loc
		}
	}
	return time.UTC
}

// localDate returns t's date in loc as a UTC midnight (the wall-clock
// date recur works with).
func localDate(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// onDate returns the instant on date day (a UTC midnight) at t's
// wall-clock time in loc.
func onDate(t time.Time, day time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	w := time.Date(day.Year(), day.Month(), day.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
	return recur.LocalTime(w, loc).UTC()
}

// placeTask returns a task's start and due dates moved to occurrence
// date day, as the CreateItem (task) reference describes it: a start
// date moves to day and the due date follows it (the start's time of
// day and the days from start to due are kept; [MS-OXOTASK] 2.2.2.2.4:
// a start date needs a due date); without a start date only the due
// date is set to day (at local midnight when there was none).
func placeTask(day time.Time, start time.Time, hasStart bool, due time.Time, hasDue bool, loc *time.Location) (newStart, newDue time.Time, setStart bool) {
	switch {
	case hasStart:
		newStart = onDate(start, day, loc)
		newDue = newStart
		if hasDue {
			gap := localDate(due, loc).Sub(localDate(start, loc))
			newDue = onDate(due, day.Add(gap), loc)
		}
		return newStart, newDue, true
	case hasDue:
		return time.Time{}, onDate(due, day, loc), false
	}
	return time.Time{}, recur.LocalTime(day, loc).UTC(), false
}

// occurrenceDate is the date of a task's current occurrence: its start
// date, or its due date without one.
func occurrenceDate(props []mapi.PropValue, t taskRecurTags, loc *time.Location) (time.Time, bool) {
	if v, ok := getTime(props, t.start); ok && t.start != 0 {
		return localDate(v, loc), true
	}
	if v, ok := getTime(props, t.due); ok && t.due != 0 {
		return localDate(v, loc), true
	}
	return time.Time{}, false
}

// taskComplete reports whether the properties describe a completed
// task: Status Completed, IsComplete or 100 percent.
func taskComplete(props []mapi.PropValue, t taskRecurTags) bool {
	if v, ok := getInt(props, t.status); ok && v == 2 {
		return true
	}
	if v, _ := getBool(props, t.complete); v {
		return true
	}
	v, _ := get(props, t.percent).(float64)
	return v >= 1
}

// hasNextTask reports whether a series whose current occurrence is on
// day has one after it (false also when the next depends on a
// completion date not known yet and the range is counted out).
func hasNextTask(p *recur.RecurrencePattern, day time.Time) bool {
	if p.Regenerating() {
		return p.EndType != recur.EndAfterCount || p.OccurrenceCount > 1
	}
	_, ok, err := p.NextTaskDate(day, day)
	return ok && err == nil
}

// recurTaskProps returns the properties that make a task recurring with
// pattern p, its occurrence moved to the pattern's first date.
func (c *call) recurTaskProps(p *recur.RecurrencePattern, props []mapi.PropValue, t taskRecurTags) ([]mapi.PropValue, error) {
	first, ok, err := p.FirstTaskDate()
	if err != nil || !ok {
		return nil, &Error{Code: "ErrorRecurrenceHasNoOccurrence", Message: "The recurrence has no occurrence.", Err: err}
	}
	// The range starts on the first occurrence (the CreateItem (task)
	// reference, Comments: "StartDate is adjusted to ... the next
	// Monday").
	if !p.Regenerating() && p.StartDate != recur.TimeToMinutes(first) {
		p.StartDate = recur.TimeToMinutes(first)
		p.ComputeFirstDateTime()
		if err := p.ComputeEnd(); err != nil {
			return nil, &Error{Code: ErrorInvalidValueForProperty, Message: "The recurrence has no occurrence.", Err: err}
		}
	}
	blob, err := p.AppendBinary(nil)
	if err != nil {
		return nil, &Error{Code: ErrorInvalidValueForProperty, Message: "The recurrence cannot be stored.", Err: err}
	}
	loc := c.taskLoc()
	start, hasStart := lastTime(props, t.start)
	due, hasDue := lastTime(props, t.due)
	ns, nd, setStart := placeTask(first, start, hasStart, due, hasDue, loc)
	out := []mapi.PropValue{{Tag: t.recur, Value: blob}, {Tag: t.frecur, Value: true},
		{Tag: t.dead, Value: !hasNextTask(p, first)}, {Tag: t.due, Value: nd}, {Tag: t.commonEnd, Value: nd}}
	if setStart {
		out = append(out, mapi.PropValue{Tag: t.start, Value: ns}, mapi.PropValue{Tag: t.commonStart, Value: ns})
	}
	return out, nil
}

// taskDefaults completes a new task of CreateItem: a t:Recurrence
// becomes PidLidTaskRecurrence with the dates of its first occurrence;
// a recurrence imported from a VTODO's RRULE gets its
// PidLidTaskDeadOccurrence ([MS-OXOTASK] 2.2.2.2.28: both MUST be set
// on a recurring task).
func (c *call) taskDefaults(n *newItem) error {
	t, err := c.taskRecurTags()
	if err != nil {
		return err
	}
	if t.recur == 0 || t.frecur == 0 || t.dead == 0 || t.start == 0 || t.due == 0 {
		if n.recurrence != nil {
			return errorf(ErrorInvalidPropertySet, "Named properties are not supported by this store.")
		}
		return nil
	}
	if n.recurrence == nil {
		if v, _ := getBool(n.props, t.frecur); v && get(n.props, t.dead) == nil {
			n.props = append(n.props, mapi.PropValue{Tag: t.dead, Value: false})
		}
		return nil
	}
	p, err := parseTaskRecurrence(n.recurrence)
	if err != nil {
		return err
	}
	ps, err := c.recurTaskProps(p, n.props, t)
	if err != nil {
		return err
	}
	for _, v := range ps {
		setProp(&n.props, v)
	}
	return nil
}

// setUpdate sets v in an update, replacing an earlier value of its tag.
func setUpdate(upd *store.MessageUpdate, v mapi.PropValue) {
	upd.Remove = withoutTag(upd.Remove, v.Tag)
	setProp(&upd.Set, v)
}

// removeUpdate removes tag in an update.
func removeUpdate(upd *store.MessageUpdate, tag mapi.PropTag) {
	upd.Set = withoutSet(upd.Set, []mapi.PropTag{tag})
	upd.Remove = append(withoutTag(upd.Remove, tag), tag)
}

// applyUpdate returns props with upd applied (later values win).
func applyUpdate(props []mapi.PropValue, upd *store.MessageUpdate) []mapi.PropValue {
	out := make([]mapi.PropValue, 0, len(props)+len(upd.Set))
	for _, p := range props {
		if !slices.Contains(upd.Remove, p.Tag) {
			out = append(out, p)
		}
	}
	for _, p := range upd.Set {
		setProp(&out, p)
	}
	return out
}

// taskUpdate applies the recurring-task rules to an UpdateItem of task
// mid: a new t:Recurrence (newRecur) is stored with the dates of its
// first occurrence, DeleteItemField task:Recurrence makes the task
// single, and completing the current occurrence (or moving the dates of
// a non-regenerating series) moves the series on. It changes upd and
// returns the one-off copy of the occurrence to create beside the
// series once the update is stored (nil when there is none).
func (c *call) taskUpdate(mid store.MID, upd *store.MessageUpdate, newRecur *etree.Element) (*store.Message, error) {
	t, err := c.taskRecurTags()
	if err != nil || t.recur == 0 || t.frecur == 0 || t.dead == 0 || t.start == 0 || t.due == 0 {
		if newRecur != nil && err == nil {
			err = errorf(ErrorInvalidPropertySet, "Named properties are not supported by this store.")
		}
		return nil, err
	}
	cur, err := c.mb.Message(c.ctx, mid, nil)
	if err != nil {
		return nil, err
	}
	if v, _ := getInt(cur.Props, t.state); v == taskStateAssignersCopy && t.state != 0 {
		// The UpdateItem (task) reference: "If a task request has already
		// been sent, a request to update the task will return an error."
		return nil, errorf("ErrorSentTaskRequestUpdate", "A task whose task request has been sent cannot be updated.")
	}
	if slices.Contains(upd.Remove, t.recur) {
		// DeleteItemField task:Recurrence: a single task from now on.
		setUpdate(upd, mapi.PropValue{Tag: t.frecur, Value: false})
		removeUpdate(upd, t.dead)
		return nil, nil
	}
	merged := applyUpdate(cur.Props, upd)
	if newRecur != nil {
		p, err := parseTaskRecurrence(newRecur)
		if err != nil {
			return nil, err
		}
		// A client that writes back every field (exchangelib's save)
		// sends the stored pattern again with its other changes: that is
		// no new series.
		old, _ := getBytes(cur.Props, t.recur)
		frec, _ := getBool(cur.Props, t.frecur)
		if nb, err := p.AppendBinary(nil); err == nil && frec && bytes.Equal(nb, old) {
			setUpdate(upd, mapi.PropValue{Tag: t.recur, Value: old})
			return c.taskMove(cur, merged, upd, t)
		}
		ps, err := c.recurTaskProps(p, merged, t)
		if err != nil {
			return nil, err
		}
		for _, v := range ps {
			setUpdate(upd, v)
		}
		return nil, nil // a new series starts: nothing completes or moves
	}
	return c.taskMove(cur, merged, upd, t)
}

// taskMove completes or moves the current occurrence of a recurring
// task (cur, with the update upd giving merged) and moves the series on.
func (c *call) taskMove(cur *store.Message, merged []mapi.PropValue, upd *store.MessageUpdate, t taskRecurTags) (*store.Message, error) {
	blob, ok := getBytes(merged, t.recur)
	if frec, _ := getBool(merged, t.frecur); !ok || !frec {
		return nil, nil
	}
	pat, err := recur.ParseRecurrencePattern(blob)
	if err != nil {
		return nil, nil // a pattern we cannot read is left alone
	}
	loc := c.taskLoc()
	completing := taskComplete(merged, t) && !taskComplete(cur.Props, t)
	moved := false
	if !pat.Regenerating() {
		for _, tag := range []mapi.PropTag{t.start, t.due} {
			a, okA := getTime(cur.Props, tag)
			b, okB := getTime(merged, tag)
			if okA != okB || !a.Equal(b) {
				moved = true
			}
		}
	}
	if !completing && !moved {
		return nil, nil
	}
	if dead, _ := getBool(cur.Props, t.dead); dead {
		return nil, nil // the last occurrence completes or moves as it is
	}
	occ, ok := occurrenceDate(cur.Props, t, loc)
	if !ok {
		return nil, nil
	}
	now := time.Now()
	done := localDate(now, loc)
	if v, ok := getTime(merged, t.completed); ok && completing {
		done = localDate(v, loc)
	}
	next, ok, err := pat.NextTaskDate(occ, done)
	if err != nil || !ok {
		// The range is exhausted: this occurrence is the last.
		setUpdate(upd, mapi.PropValue{Tag: t.dead, Value: true})
		return nil, nil
	}
	if err := pat.AdvanceTask(occ, next); err != nil {
		setUpdate(upd, mapi.PropValue{Tag: t.dead, Value: true})
		return nil, nil
	}
	// The occurrence stays as a one-off task: the update's values, not
	// recurring ([MS-OXOTASK] 2.2.2.2.8: the copy of a generated
	// occurrence is dead).
	one := &store.Message{Props: append([]mapi.PropValue(nil), merged...), Recipients: cur.Recipients, Attachments: cur.Attachments, Read: cur.Read}
	one.Props = withoutSet(one.Props, []mapi.PropTag{t.recur})
	setProp(&one.Props, mapi.PropValue{Tag: t.frecur, Value: false})
	setProp(&one.Props, mapi.PropValue{Tag: t.dead, Value: true})
	if completing {
		// Completed: status, flag and percentage agree, and the date is
		// the local midnight of the completion day ([MS-OXOTASK]
		// 2.2.2.2.2, 2.2.2.2.9).
		setProp(&one.Props, mapi.PropValue{Tag: t.status, Value: int32(2)})
		setProp(&one.Props, mapi.PropValue{Tag: t.complete, Value: true})
		setProp(&one.Props, mapi.PropValue{Tag: t.percent, Value: 1.0})
		if _, ok := getTime(one.Props, t.completed); !ok {
			setProp(&one.Props, mapi.PropValue{Tag: t.completed, Value: recur.LocalTime(done, loc).UTC()})
		}
	}
	if err := c.advanceSeries(upd, cur.Props, pat, occ, next, t, loc); err != nil {
		return nil, err
	}
	return one, nil
}

// advanceSeries adds to upd the change that moves a series (stored as
// props, its current occurrence on date occ) to its next occurrence on
// date next, not started: the dates (placeTask), the re-anchored pattern
// pat (AdvanceTask done), PidLidTaskDeadOccurrence when next is the last,
// the progress reset and the reminder moved.
func (c *call) advanceSeries(upd *store.MessageUpdate, props []mapi.PropValue, pat *recur.RecurrencePattern, occ, next time.Time, t taskRecurTags, loc *time.Location) error {
	blob, err := pat.AppendBinary(nil)
	if err != nil {
		return &Error{Code: ErrorInvalidValueForProperty, Message: "The recurrence cannot be stored.", Err: err}
	}
	start, hasStart := getTime(props, t.start)
	due, hasDue := getTime(props, t.due)
	ns, nd, setStart := placeTask(next, start, hasStart, due, hasDue, loc)
	if setStart {
		setUpdate(upd, mapi.PropValue{Tag: t.start, Value: ns})
		setUpdate(upd, mapi.PropValue{Tag: t.commonStart, Value: ns})
	} else {
		// Dates an update gave went to the one-off.
		removeUpdate(upd, t.start)
		removeUpdate(upd, t.commonStart)
	}
	setUpdate(upd, mapi.PropValue{Tag: t.due, Value: nd})
	setUpdate(upd, mapi.PropValue{Tag: t.commonEnd, Value: nd})
	setUpdate(upd, mapi.PropValue{Tag: t.recur, Value: blob})
	setUpdate(upd, mapi.PropValue{Tag: t.dead, Value: !hasNextTask(pat, next)})
	setUpdate(upd, mapi.PropValue{Tag: t.status, Value: int32(0)})
	setUpdate(upd, mapi.PropValue{Tag: t.complete, Value: false})
	setUpdate(upd, mapi.PropValue{Tag: t.percent, Value: 0.0})
	removeUpdate(upd, t.completed)
	c.moveTaskReminder(props, upd, t, next.Sub(occ))
	return nil
}

// moveTaskReminder moves a series' reminder by shift with its
// occurrence; a reminder dismissed earlier (PidLidTaskResetReminder,
// [MS-OXOTASK] 2.2.2.2.6) is set again for the new occurrence.
func (c *call) moveTaskReminder(props []mapi.PropValue, upd *store.MessageUpdate, t taskRecurTags, shift time.Duration) {
	set, _ := getBool(props, t.reminderSet)
	reset, _ := getBool(props, t.resetReminder)
	rt, ok := getTime(props, t.reminderTime)
	if !ok || t.reminderTime == 0 || !(set || reset) {
		return
	}
	rt = rt.Add(shift)
	setUpdate(upd, mapi.PropValue{Tag: t.reminderTime, Value: rt})
	if t.signalTime != 0 {
		setUpdate(upd, mapi.PropValue{Tag: t.signalTime, Value: rt})
	}
	if reset && t.reminderSet != 0 {
		setUpdate(upd, mapi.PropValue{Tag: t.reminderSet, Value: true})
		setUpdate(upd, mapi.PropValue{Tag: t.resetReminder, Value: false})
	}
}

// checkTaskOccurrences checks DeleteItem's AffectedTaskOccurrences
// ([MS-OXWSTASK] 3.1.4.3.4.1).
func checkTaskOccurrences(body *etree.Element) error {
	switch attr(body, "AffectedTaskOccurrences") {
	case "", "AllOccurrences", "SpecifiedOccurrenceOnly":
		return nil
	}
	return &Fault{Code: ErrorSchemaValidation, Message: "AffectedTaskOccurrences is not valid."}
}

// deleteTask applies AffectedTaskOccurrences to the DeleteItem of a
// task ([MS-OXWSTASK] 3.1.4.3.1.1): Exchange refuses to delete a task
// without it (ErrorAffectedTaskOccurrencesRequired); AllOccurrences
// deletes the task (the whole series); SpecifiedOccurrenceOnly on a
// series with occurrences left skips the current one (the task moves to
// the next occurrence and is not deleted). It reports whether the
// delete was handled.
func (c *call) deleteTask(mid store.MID, cls string) (bool, error) {
	if !hasClassPrefix(cls, "IPM.Task") {
		return false, nil
	}
	switch attr(c.req.Body, "AffectedTaskOccurrences") {
	case "":
		return true, errorf("ErrorAffectedTaskOccurrencesRequired", "AffectedTaskOccurrences attribute is required for Task items.")
	case "SpecifiedOccurrenceOnly":
	default:
		return false, nil
	}
	t, err := c.taskRecurTags()
	if err != nil || t.recur == 0 {
		return false, err
	}
	cur, err := c.mb.Message(c.ctx, mid, &store.MessageOptions{Tags: []mapi.PropTag{t.recur, t.frecur, t.dead, t.start, t.due,
		t.reminderSet, t.reminderTime, t.resetReminder}})
	if err != nil {
		return false, err
	}
	blob, ok := getBytes(cur.Props, t.recur)
	frec, _ := getBool(cur.Props, t.frecur)
	dead, _ := getBool(cur.Props, t.dead)
	if !ok || !frec || dead {
		return false, nil // a single task or the last occurrence: deleted
	}
	pat, err := recur.ParseRecurrencePattern(blob)
	if err != nil {
		return false, nil
	}
	loc := c.taskLoc()
	occ, ok := occurrenceDate(cur.Props, t, loc)
	if !ok {
		return false, nil
	}
	next, ok, err := pat.NextTaskDate(occ, localDate(time.Now(), loc))
	if err != nil || !ok || pat.AdvanceTask(occ, next) != nil {
		return false, nil // no occurrence left (or none that can be stored): deleted
	}
	upd := &store.MessageUpdate{}
	if err := c.advanceSeries(upd, cur.Props, pat, occ, next, t, loc); err != nil {
		return true, err
	}
	_, err = c.mb.UpdateMessage(c.ctx, mid, upd)
	return true, err
}

// unstoredTaskFields are the writable task fields this server does not
// keep: DeleteItemField of one removes nothing. exchangelib's save sends
// DeleteItemField for every empty writable field, these included.
var unstoredTaskFields = map[string]bool{"task:companies": true, "task:contacts": true, "task:mileage": true}

// deletableTaskTags maps DeleteItemField of a task field to the
// properties it removes (ok false for other fields).
func (c *call) deletableTaskTags(f int) ([]mapi.PropTag, bool, error) {
	np, ok := fieldNamed[f]
	if !ok || f < fFirstTaskField {
		return nil, false, nil
	}
	if f == fTaskIsRecurring {
		// [MS-OXWSTASK] 2.2.4.6 (R5667001): read-only; DeleteItemField
		// task:Recurrence ends a series.
		return nil, true, errorf(ErrorInvalidPropertyRequest, "The property task:IsRecurring is read-only.")
	}
	tag, err := c.namedTag(np, false)
	if err != nil || tag == 0 {
		return nil, true, err
	}
	return []mapi.PropTag{tag}, true, nil
}

// Task assignment. The UpdateItem (task) reference: "You cannot use
// Exchange Web Services to send task requests. Exchange Web Services can
// return task requests that are created by Microsoft Office Outlook."
// EWS has no element that assigns a task, so a task is never sent:
// CreateItem saves a task whatever its MessageDisposition (createItem
// treats tasks as it treats calendar items and contacts), a SendItem (or
// an UpdateItem with a sending MessageDisposition) of one fails with
// ErrorInvalidItemForOperationSendItem, and an update of the assigner's
// copy of an assigned task ([MS-OXOTASK] 2.2.2.2.14 PidLidTaskState 3)
// with ErrorSentTaskRequestUpdate.

// taskStateAssignersCopy is PidLidTaskState's "task assigner's copy of
// an assigned Task object" ([MS-OXOTASK] 2.2.2.2.14).
const taskStateAssignersCopy = 3

// taskNotSendable refuses to send a task (SendItem, or UpdateItem with
// MessageDisposition SendOnly/SendAndSaveCopy).
func taskNotSendable(m *store.Message) error {
	if cls, _ := getString(m.Props, mapi.PidTagMessageClass); hasClassPrefix(cls, "IPM.Task") {
		return errorf("ErrorInvalidItemForOperationSendItem", "Task requests cannot be sent through Exchange Web Services.")
	}
	return nil
}

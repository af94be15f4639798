// Package recur is oxkit's recurrence core, shared by ical, EWS (CalendarView),
// ActiveSync and the MAPI store: the recurrence blobs of [MS-OXOCAL], an
// occurrence expander, and RRULE conversion.
//
// It sits beside ical/tz under ical/ and imports only internal/wire and
// the standard library (time zones reach it as *time.Location), so a
// protocol package can expand a series without the iCalendar parser.
//
// Implemented:
//   - RecurrencePattern ([MS-OXOCAL] 2.2.1.44.1, also PidLidTaskRecurrence
//     of [MS-OXOTASK]) and AppointmentRecurrencePattern (2.2.1.44.5,
//     PidLidAppointmentRecur) with ExceptionInfo (2.2.1.44.2),
//     ChangeHighlight (2.2.1.44.3) and ExtendedException (2.2.1.44.4):
//     decode and AppendBinary encode, byte-exact on the examples of
//     [MS-OXOCAL] 4.1.1.2 and 4.1.1.3; reserved blocks are kept.
//   - Slots and Expand: occurrences of Day, Week, Month, MonthEnd and
//     MonthNth patterns (daily, every weekday, weekly, monthly, monthly
//     nth, yearly, yearly nth), ending by count, by date or never, with
//     deleted and modified instances, in a window, in the series' time
//     zone; wall-clock times are kept across daylight saving changes and
//     gaps and overlaps resolved as RFC 5545 3.3.5 says (LocalTime).
//   - Task series ([MS-OXOTASK] 2.2.2.2.15, task.go): NewTaskRegeneration
//     (SlidingFlag patterns), FirstTaskDate, NextTaskDate (the pattern's
//     next date, or for regeneration the interval after the completion
//     day) and AdvanceTask (re-anchoring StartDate and the remaining
//     count on the new current occurrence).
//   - ParseRRule / RRule.String, RRule.ToPattern and
//     RecurrencePattern.RRule, following the templates of [MS-OXCICAL]
//     2.1.3.2.2; ComputeFirstDateTime and ComputeEnd derive the fields
//     [MS-OXOCAL] 2.2.1.44.1.2 defines from the others.
//
// Not implemented: Hijri and other non-Gregorian calendars (CalendarType
// other than 0/1 and the Hj pattern types decode and encode but do not
// expand); RRULEs outside the [MS-OXCICAL] templates (BYHOUR, BYWEEKNO,
// several BYMONTHDAY values, FREQ below DAILY) return ErrUnsupported, and
// callers keep such a series as its raw RRULE; Expand ignores the
// SlidingFlag (a regenerating task has one occurrence at a time: see the
// task series functions above).
//
// Deliberate deviation: a Month pattern with day 29–31 falls on the last
// day of shorter months, as Outlook does; day 31 converts to
// BYMONTHDAY=-1 (QUIRK comments mark both).
//
// Limits: MaxInstanceDates deleted/modified dates and MaxExceptions
// exceptions per blob (besides the remaining-bytes check before any
// allocation); MaxSlots pattern periods per walk; ExpandOptions.MaxOccurrences
// (default 10000) per Expand; MaxRRuleLen bytes per RRULE.
package recur

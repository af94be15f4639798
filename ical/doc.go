// Package ical converts iCalendar (RFC 5545) to and from the property
// bags of appointments, meeting messages and tasks, as [MS-OXCICAL]
// specifies, on top of the shared time zone core (ical/tz) and
// recurrence core (ical/recur).
//
// Parser. The package has its own content-line parser (Decode/Encode)
// rather than github.com/emersion/go-ical: the conversion needs the
// VTIMEZONE rules of any TZID — Outlook writes display names ("(UTC+01:00)
// Amsterdam, Berlin, …") and "Customized Time Zone", which go-ical's
// time-zone lookup (via time.LoadLocation) rejects (go-ical issue #10) —
// and it needs bounds that go-ical does not offer: go-ical's decoder reads
// a content line of any length and any number of components, so a hostile
// file can make it allocate without limit. Decode streams through a
// bufio.Reader and enforces Limits: bytes per unfolded line, bytes in
// total, components, properties, parameters per line, nesting depth and
// calendars per stream. It unfolds CRLF and bare-LF input, keeps
// parameter order and quoting, and never panics (FuzzDecode checks
// decode → encode → decode stability).
//
// Import (Import, ImportCalendar, [MS-OXCICAL] 2.1.3.1): METHOD
// PUBLISH/REQUEST/REPLY/CANCEL/COUNTER → IPM.Appointment,
// IPM.Schedule.Meeting.Request, Resp.Pos/Neg/Tent, Canceled (COUNTER sets
// PidLidAppointmentCounterProposal and, from its DTSTART/DTEND, the
// proposed times PidLidAppointmentProposedStartWhole/EndWhole/Duration,
// which export writes back as a COUNTER's DTSTART/DTEND, RFC 5546
// 3.2.7); SUMMARY, DESCRIPTION, LOCATION,
// DTSTART/DTEND/DURATION (UTC, TZID, floating, all-day DATE),
// ORGANIZER/ATTENDEE → recipient rows with type from ROLE/CUTYPE,
// PidTagRecipientTrackStatus from PARTSTAT and PidTagResponseRequested
// from RSVP; UID ⇄ PidLidGlobalObjectId/CleanGlobalObjectId (2.1.3.1.1.20.26);
// RRULE + EXDATE + RECURRENCE-ID instances → PidLidAppointmentRecur with
// ExceptionInfo/ExtendedException and exception attachments (embedded
// messages, [MS-OXOCAL] 2.2.10); the zone → PidLidAppointmentTimeZone-
// DefinitionStartDisplay/EndDisplay/Recur and PidLidTimeZoneStruct; VALARM
// → PidLidReminderSet/Delta/Time/SignalTime; TRANSP and
// X-MICROSOFT-CDO-BUSYSTATUS/INTENDEDSTATUS/IMPORTANCE/ALLDAYEVENT/
// OWNERAPPTID, X-MICROSOFT-DISALLOW-COUNTER, X-MS-OLK-CONFTYPE/
// AUTOFILLLOCATION/ALLOWEXTERNCHECK/APPTSEQTIME; CATEGORIES →
// PidNameKeywords; CLASS → PidTagSensitivity; PRIORITY → PidTagImportance;
// SEQUENCE, DTSTAMP, CREATED, LAST-MODIFIED; X-ALT-DESC;FMTTYPE=text/html →
// PidTagHtml. VTODO → IPM.Task
// ([MS-OXOTASK]): DTSTART/DUE/COMPLETED, STATUS, PERCENT-COMPLETE,
// RRULE → PidLidTaskRecurrence.
//
// TZIDs resolve, in order, by the rules of the calendar's own VTIMEZONE
// (LocationFromVTimezone), then as IANA or Windows names (tz.Resolve);
// anything else falls back to ImportOptions.Location with a warning.
//
// Export (Export, ExportCalendar) writes the reverse, with a VTIMEZONE
// built from the message's TZDEFINITION (VTimezoneFromRules; VTimezone
// does it for an IANA zone), RRULE, EXDATE for deleted instances and one
// VEVENT with RECURRENCE-ID per exception.
//
// Named properties travel by name (Message.Named, mapi.PropertyName):
// the caller maps them to the mailbox's IDs (Message.Resolve with
// store.NamedProperties.PropIDs).
//
// The calendar hook oxcmail calls for a text/calendar part is ImportPart
// (oxcmail.CalendarConverter is satisfied by a three-line adapter in the
// caller, shown at ImportPart, since ical does not import oxcmail);
// Export writes the part for outgoing meeting mail.
//
// Not implemented: RDATE (no [MS-OXOCAL] equivalent; dropped with a
// warning), RRULEs outside the [MS-OXCICAL] templates (imported as a
// single instance with a warning), VJOURNAL and VFREEBUSY, ATTACH, per-attendee delegation (DELEGATED-TO/FROM,
// SENT-BY), RECURRENCE-ID;RANGE=THISANDFUTURE (read as one instance),
// TRIGGER;RELATED=END, and unknown X- properties (dropped, as
// [MS-OXCICAL] does). Exception VEVENTs carry subject, location, times,
// busy status and reminder; other per-instance overrides are not kept.
//
// Limits: see Limits (defaults: 256 KiB per line, 64 MiB per input,
// 20000 components, 500000 properties, depth 8, 64 parameters per line,
// 64 calendars); at most 5000 attendees and 256 categories per item.
package ical

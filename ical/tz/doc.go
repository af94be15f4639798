// Package tz is oxkit's one time zone core, shared by ical, EWS,
// ActiveSync and the MAPI store: Windows ⇄ IANA zone names, the Windows
// time zone blobs, and conversion of all of them to and from Go's
// *time.Location.
//
// It lives under ical/ because iCalendar is its first user, but imports
// only internal/wire and the standard library, so every protocol package
// can use it without pulling in the iCalendar parser. Package ical/recur
// (recurrence) is its sibling for the same reason; keeping the two apart
// keeps each small and lets the blob codecs be used alone.
//
// Implemented:
//   - The CLDR windowsZones mapping (windowszones.txt, generated into
//     zwindowszones.go by internal/genzones; go generate rewrites it):
//     WindowsToIANA, IANAToWindows, LoadWindows and Resolve, which also
//     accepts quoted names and Mozilla-style "/vendor/version/Area/City"
//     TZIDs.
//   - TZDEFINITION and TZRule ([MS-OXOCAL] 2.2.1.41, 2.2.1.41.1; the value
//     of PidLidAppointmentTimeZoneDefinitionRecur, StartDisplay and
//     EndDisplay, 2.2.1.41–2.2.1.43), TZREG ([MS-OXOCAL] 2.2.1.39
//     PidLidTimeZoneStruct) and the ActiveSync TimeZone structure
//     ([MS-ASDTYPE] 2.7.6, 2.7.4/2.6.4 in earlier revisions; Windows'
//     TIME_ZONE_INFORMATION, base64 in [MS-ASCAL] Timezone elements):
//     decode and AppendBinary encode; TimeZoneInformationFromLocation.
//   - Rule, the bias/transition model all three share, with Transitions,
//     OffsetAt and a POSIX TZ string; Rule.Location, TZDefinition.Location
//     and LocationFromRules build a *time.Location from Windows rules (as
//     a TZif blob for time.LoadLocationFromTZData), so a zone that matches
//     no IANA name is still converted exactly; FromLocation,
//     DefinitionFromLocation and TimeZoneStructFromLocation go the other
//     way for a given year or range of years; SeriesLocation picks a
//     recurring series' zone from PidLidAppointmentTimeZoneDefinitionRecur
//     and PidLidTimeZoneStruct by the consistency rule of [MS-OXOCAL]
//     2.2.1.41 (for EWS CalendarView and ActiveSync expansion with
//     ical/recur).
//
// Not implemented: localized Windows display names ("(UTC+01:00)
// Amsterdam, Berlin, …") as zone names — callers fall back to the rules
// of the calendar's VTIMEZONE; Windows rules that are not expressible as
// nth-weekday-of-month (Israel's "Friday before the last Sunday") are
// converted year by year, so a single TZREG for them is right only for the
// year it was made for, as in Windows itself.
//
// Limits: at most 1024 rules and a 260-character key name per
// TZDEFINITION ([MS-OXOCAL] 2.2.1.41); Location writes at most 400 years
// of explicit transitions. LoadWindows and Resolve use the system's (or
// an embedded time/tzdata) IANA database; programs that must run without
// one should import time/tzdata.
package tz

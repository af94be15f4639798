package tz

import (
	"sort"
	"strings"
)

//go:generate go run ./internal/genzones -in windowszones.txt -out zwindowszones.go

// WindowsToIANA returns the IANA time zone of a Windows time zone ID
// ("W. Europe Standard Time" → "Europe/Berlin"), as the CLDR windowsZones
// table's territory 001 entry, and whether the ID is known.
func WindowsToIANA(windowsID string) (string, bool) {
	s, ok := windowsToIANA[windowsID]
	return s, ok
}

// IANAToWindows returns the Windows time zone ID of an IANA time zone name
// ("America/Detroit" → "Eastern Standard Time") and whether it is known.
// Current IANA spellings that CLDR lists under an older name
// ("Asia/Kolkata") are known too.
func IANAToWindows(iana string) (string, bool) {
	s, ok := ianaToWindows[iana]
	return s, ok
}

// MatchWindows returns the Windows time zone whose rule in year equals r
// (same offsets and transition instants), for zones known only by their
// rules (an Outlook display-name or custom TZID). It compares against a
// generated table of every Windows zone's current rule (windowsZoneRules, from
// Go's IANA database at generation time), so it reads no files. Several
// Windows zones often share a rule; hint (the zone's display name, e.g.
// "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna") picks
// the one whose IANA cities it names most, then the alphabetically first.
func MatchWindows(r Rule, year int, hint string) (string, bool) {
	cities := map[string]int{}
	if hint != "" {
		for iana, win := range ianaToWindows {
			if i := strings.LastIndexByte(iana, '/'); i >= 0 {
				if city := strings.ReplaceAll(iana[i+1:], "_", " "); strings.Contains(hint, city) {
					cities[win]++
				}
			}
		}
	}
	names := make([]string, 0, len(windowsZoneRules))
	for w := range windowsZoneRules {
		names = append(names, w)
	}
	sort.Strings(names)
	best, bestScore := "", -1
	for _, w := range names {
		if !sameInYear(windowsZoneRules[w], r, year) {
			continue
		}
		if s := cities[w]; s > bestScore {
			best, bestScore = w, s
		}
	}
	return best, best != ""
}

package tz

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

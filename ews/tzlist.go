package ews

import (
	_ "time/tzdata" // the zone rules GetServerTimeZones derives must not depend on the host's zoneinfo

	"github.com/oxkit/oxkit/ical/tz"
)

//go:generate go run ./internal/gentzlist -in tznames.txt -out ztzlist.go

// serverZoneFor returns the Windows zone id with its rule in year,
// derived from Go's time zone database (the IANA zone CLDR maps the
// Windows ID to, see ical/tz), and whether the zone is known.
func serverZoneFor(id, name string, year int) (serverZone, bool) {
	loc, err := tz.LoadWindows(id)
	if err != nil {
		return serverZone{}, false
	}
	return serverZone{id: id, name: name, year: year, rule: tz.FromLocation(loc, year)}, true
}

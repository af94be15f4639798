package tz_test

// The DST tests need the IANA database; the embedded copy makes them run
// (rather than skip) on a machine without /usr/share/zoneinfo.
import _ "time/tzdata"

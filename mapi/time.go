package mapi

import (
	"errors"
	"math"
	"time"
)

// filetimeUnixOffset is the number of seconds from 1601-01-01 (the
// FILETIME epoch, [MS-DTYP] 2.3.3) to 1970-01-01 (the Unix epoch).
const filetimeUnixOffset = 11644473600

// oleEpochUnix is 1899-12-30 00:00 UTC (the OLE automation date epoch of
// PtypFloatingTime) in Unix seconds.
const oleEpochUnix = -2209161600

// ErrTimeRange is returned by TimeToFiletime for a time that a FILETIME
// cannot hold: before 1601-01-01 UTC or after 60056-05-28 05:36:10.9551615 UTC.
var ErrTimeRange = errors.New("mapi: time outside the FILETIME range")

// FiletimeToTime converts a FILETIME ([MS-DTYP] 2.3.3: 100-nanosecond
// intervals since 1601-01-01 UTC), the wire form of PtypTime, to a UTC
// time.Time. Every uint64 value converts, and TimeToFiletime returns it
// unchanged.
func FiletimeToTime(ft uint64) time.Time {
	secs := int64(ft / 1e7)
	ns := int64(ft%1e7) * 100
	return time.Unix(secs-filetimeUnixOffset, ns).UTC()
}

// TimeToFiletime converts t to a FILETIME. Precision below 100 ns is
// truncated. Times before 1601-01-01 UTC or past the largest FILETIME
// return ErrTimeRange (the zero time.Time, year 1, is such a time).
func TimeToFiletime(t time.Time) (uint64, error) {
	secs := t.Unix() + filetimeUnixOffset
	if secs < 0 {
		return 0, ErrTimeRange
	}
	hundreds := uint64(t.Nanosecond() / 100)
	if uint64(secs) > (math.MaxUint64-hundreds)/1e7 {
		return 0, ErrTimeRange
	}
	return uint64(secs)*1e7 + hundreds, nil
}

// oleMaxDays bounds the FloatingTime values Time converts; the OLE
// automation range itself is -657434 (year 100) to 2958465 (year 9999).
const oleMaxDays = 1e9

// Time converts an OLE automation date to a UTC time.Time: the integer
// part counts days from 1899-12-30, the fractional part is the time of day
// whatever the sign (so -1.25 is 1899-12-29 06:00), as [MS-OXCDATA] 2.11.1
// specifies for PtypFloatingTime. The time of day is rounded to the
// nanosecond. NaN, infinities and values beyond ±1e9 days return the zero
// time.Time.
func (f FloatingTime) Time() time.Time {
	v := float64(f)
	if math.IsNaN(v) || v > oleMaxDays || v < -oleMaxDays {
		return time.Time{}
	}
	days := math.Trunc(v)
	ns := int64(math.Round(math.Abs(v-days) * 86400e9))
	secs := int64(days)*86400 + ns/1e9
	return time.Unix(oleEpochUnix+secs, ns%1e9).UTC()
}

// FloatingTimeFromTime converts t to an OLE automation date, the inverse
// of FloatingTime.Time (exact for times of day that are a binary fraction
// of a day, like the spec's 5.25 = 1900-01-04 06:00; otherwise within the
// precision of a float64).
func FloatingTimeFromTime(t time.Time) FloatingTime {
	secs := t.Unix() - oleEpochUnix
	day := secs / 86400
	rem := secs % 86400
	if rem < 0 {
		rem += 86400
		day--
	}
	tod := (float64(rem)*1e9 + float64(t.Nanosecond())) / 86400e9
	if day < 0 {
		return FloatingTime(float64(day) - tod)
	}
	return FloatingTime(float64(day) + tod)
}

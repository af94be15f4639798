package tz

import (
	"errors"
	"time"
)

// SeriesLocation returns the time zone in which a recurring series'
// pattern is evaluated, from its PidLidAppointmentTimeZoneDefinitionRecur
// (defRecur) and PidLidTimeZoneStruct (tzStruct) values, either of which
// may be nil. As [MS-OXOCAL] 2.2.1.41 specifies, the definition is used
// when its effective rule's biases and dates equal the TimeZoneStruct's
// (or there is no TimeZoneStruct); otherwise the two are inconsistent and
// the TimeZoneStruct wins. name names the result ("" uses the
// definition's key name).
func SeriesLocation(defRecur, tzStruct []byte, name string) (*time.Location, error) {
	var def *TZDefinition
	if len(defRecur) > 0 {
		d, err := ParseTZDefinition(defRecur)
		if err == nil {
			def = d
		}
	}
	var ts *TimeZoneStruct
	if len(tzStruct) > 0 {
		z, err := ParseTimeZoneStruct(tzStruct)
		if err == nil {
			ts = &z
		}
	}
	switch {
	case def != nil && ts != nil:
		if eff, ok := def.Effective(); ok && eff.Rule == ts.Rule {
			return def.Location(name)
		}
		return ts.Rule.Location(nameOr(name, def.KeyName))
	case def != nil:
		return def.Location(name)
	case ts != nil:
		return ts.Rule.Location(nameOr(name, "TimeZoneStruct"))
	}
	return nil, errors.New("tz: no usable time zone definition or TimeZoneStruct")
}

func nameOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

package ews

import (
	"encoding/base64"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/ical/recur"
	"github.com/oxkit/oxkit/ical/tz"
	"github.com/oxkit/oxkit/mapi"
)

// pathKind says which of the three property paths of [MS-OXWSCORE]
// 2.2.4 (FieldURI, IndexedFieldURI, ExtendedFieldURI) a path is.
type pathKind uint8

const (
	pathField pathKind = iota + 1
	pathIndexed
	pathExtended
)

// propPath is a parsed property path (t:Path substitution group).
type propPath struct {
	kind  pathKind
	uri   string // FieldURI / IndexedFieldURI FieldURI, lower-cased
	index string // IndexedFieldURI FieldIndex
	ext   extProp
}

// extProp is an ExtendedFieldURI ([MS-OXWSCORE] 2.2.4.12
// PathToExtendedFieldType) with its resolved tag.
type extProp struct {
	// Attributes as the client sent them, echoed back in responses.
	setID, setGUID, name, id, tag, typeName string
	typ                                     mapi.PropType
	named                                   *mapi.PropertyName
	// resolved is the mailbox's tag; 0 when a named property is unmapped
	// (nothing can have it).
	resolved mapi.PropTag
}

// mapiTypes maps MapiPropertyTypeType values to property types.
var mapiTypes = map[string]mapi.PropType{
	"ApplicationTime":      mapi.PtypFloatingTime,
	"ApplicationTimeArray": mapi.PtypMultipleFloatingTime,
	"Binary":               mapi.PtypBinary,
	"BinaryArray":          mapi.PtypMultipleBinary,
	"Boolean":              mapi.PtypBoolean,
	"CLSID":                mapi.PtypGuid,
	"CLSIDArray":           mapi.PtypMultipleGuid,
	"Currency":             mapi.PtypCurrency,
	"CurrencyArray":        mapi.PtypMultipleCurrency,
	"Double":               mapi.PtypFloating64,
	"DoubleArray":          mapi.PtypMultipleFloating64,
	"Error":                mapi.PtypErrorCode,
	"Float":                mapi.PtypFloating32,
	"FloatArray":           mapi.PtypMultipleFloating32,
	"Integer":              mapi.PtypInteger32,
	"IntegerArray":         mapi.PtypMultipleInteger32,
	"Long":                 mapi.PtypInteger64,
	"LongArray":            mapi.PtypMultipleInteger64,
	"Null":                 mapi.PtypNull,
	"Short":                mapi.PtypInteger16,
	"ShortArray":           mapi.PtypMultipleInteger16,
	"SystemTime":           mapi.PtypTime,
	"SystemTimeArray":      mapi.PtypMultipleTime,
	"String":               mapi.PtypString,
	"StringArray":          mapi.PtypMultipleString,
}

// propertySets maps DistinguishedPropertySetType values to GUIDs.
var propertySets = map[string]mapi.GUID{
	"Meeting":           mapi.PSETIDMeeting,
	"Appointment":       mapi.PSETIDAppointment,
	"Common":            mapi.PSETIDCommon,
	"PublicStrings":     mapi.PSPublicStrings,
	"Address":           mapi.PSETIDAddress,
	"InternetHeaders":   mapi.PSInternetHeaders,
	"CalendarAssistant": mapi.PSETIDCalendarAssistant,
	"UnifiedMessaging":  mapi.PSETIDUnifiedMessaging,
	"Task":              mapi.PSETIDTask,
	"Sharing":           mapi.PSETIDSharing,
}

// parsePath parses one path element; unknown element names are
// ErrorInvalidPropertyRequest.
func parsePath(e *etree.Element) (propPath, error) {
	switch e.Tag {
	case "FieldURI":
		return propPath{kind: pathField, uri: strings.ToLower(attr(e, "FieldURI"))}, nil
	case "IndexedFieldURI":
		return propPath{kind: pathIndexed, uri: strings.ToLower(attr(e, "FieldURI")), index: attr(e, "FieldIndex")}, nil
	case "ExtendedFieldURI":
		x, err := parseExtended(e)
		return propPath{kind: pathExtended, ext: x}, err
	}
	return propPath{}, errorf(ErrorInvalidPropertyRequest, "Property path %s is not valid.", e.Tag)
}

func parseExtended(e *etree.Element) (extProp, error) {
	x := extProp{
		setID: attr(e, "DistinguishedPropertySetId"), setGUID: attr(e, "PropertySetId"),
		name: attr(e, "PropertyName"), id: attr(e, "PropertyId"), tag: attr(e, "PropertyTag"),
		typeName: attr(e, "PropertyType"),
	}
	typ, ok := mapiTypes[x.typeName]
	if !ok {
		return x, errorf(ErrorInvalidPropertyRequest, "PropertyType %q is not valid.", x.typeName)
	}
	x.typ = typ
	if x.tag != "" {
		if x.setID != "" || x.setGUID != "" || x.name != "" || x.id != "" {
			return x, errorf(ErrorInvalidPropertyRequest, "PropertyTag cannot be combined with a property set.")
		}
		s := x.tag
		base := 10
		if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
			s, base = s[2:], 16
		}
		v, err := strconv.ParseUint(s, base, 16)
		if err != nil || v >= 0x8000 {
			return x, errorf(ErrorInvalidPropertyRequest, "PropertyTag %q is not valid.", x.tag)
		}
		x.resolved = mapi.NewPropTag(mapi.PropID(v), typ)
		return x, nil
	}
	var g mapi.GUID
	switch {
	case x.setID != "":
		var ok bool
		if g, ok = propertySets[x.setID]; !ok {
			return x, errorf(ErrorInvalidPropertyRequest, "DistinguishedPropertySetId %q is not valid.", x.setID)
		}
	case x.setGUID != "":
		var err error
		if g, err = mapi.ParseGUID(x.setGUID); err != nil {
			if g, err = mapi.ParseGUID("{" + x.setGUID + "}"); err != nil {
				return x, errorf(ErrorInvalidPropertyRequest, "PropertySetId %q is not valid.", x.setGUID)
			}
		}
	default:
		return x, errorf(ErrorInvalidPropertyRequest, "ExtendedFieldURI needs PropertyTag or a property set.")
	}
	switch {
	case x.name != "" && x.id == "":
		x.named = &mapi.PropertyName{Kind: mapi.NameKindString, GUID: g, Name: x.name}
	case x.id != "" && x.name == "":
		s := x.id
		base := 10
		if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
			s, base = s[2:], 16
		}
		v, err := strconv.ParseUint(s, base, 32)
		if err != nil {
			return x, errorf(ErrorInvalidPropertyRequest, "PropertyId %q is not valid.", x.id)
		}
		x.named = &mapi.PropertyName{Kind: mapi.NameKindID, GUID: g, LID: uint32(v)}
	default:
		return x, errorf(ErrorInvalidPropertyRequest, "ExtendedFieldURI needs exactly one of PropertyName and PropertyId.")
	}
	return x, nil
}

// resolveNamed maps the named properties of xs to the mailbox's tags
// (creating mappings when create is set, for writes).
func (c *call) resolveNamed(xs []*extProp, create bool) error {
	var names []mapi.PropertyName
	var which []*extProp
	for _, x := range xs {
		if x.named != nil && x.resolved == 0 {
			names = append(names, *x.named)
			which = append(which, x)
		}
	}
	if len(names) == 0 {
		return nil
	}
	ids, ok, err := c.propIDs(names, create)
	if err != nil || !ok {
		return err // !ok: nothing named can be stored, every one stays unmapped
	}
	for i, id := range ids {
		if id != 0 && i < len(which) {
			which[i].resolved = mapi.NewPropTag(id, which[i].typ)
		}
	}
	return nil
}

// writeExtendedFieldURI echoes the path as the client sent it.
func (w *xw) extendedFieldURI(x *extProp) {
	w.raw(`<t:ExtendedFieldURI`)
	for _, a := range [...]struct{ k, v string }{
		{"DistinguishedPropertySetId", x.setID}, {"PropertySetId", x.setGUID}, {"PropertyTag", x.tag},
		{"PropertyName", x.name}, {"PropertyId", x.id}, {"PropertyType", x.typeName},
	} {
		if a.v != "" {
			w.raw(" " + a.k + `="`)
			w.attr(a.v)
			w.raw(`"`)
		}
	}
	w.raw(`/>`)
}

// extendedProperty writes <t:ExtendedProperty> for value v of x.
func (w *xw) extendedProperty(x *extProp, v any) {
	w.raw(`<t:ExtendedProperty>`)
	w.extendedFieldURI(x)
	if x.typ.IsMultiple() {
		w.raw(`<t:Values>`)
		forEachValue(v, func(s string) { w.elem("t:Value", s) })
		w.raw(`</t:Values>`)
	} else {
		w.elem("t:Value", formatValue(v))
	}
	w.raw(`</t:ExtendedProperty>`)
}

// formatValue formats a single property value as EWS writes extended
// property values ([MS-OXWSXPROP] 2.2.4.2).
func formatValue(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case bool:
		if v {
			return "true"
		}
		return "false"
	case int16:
		return strconv.FormatInt(int64(v), 10)
	case int32:
		return strconv.FormatInt(int64(v), 10)
	case int64:
		return strconv.FormatInt(v, 10)
	case uint32:
		return strconv.FormatUint(uint64(v), 10)
	case float32:
		return strconv.FormatFloat(float64(v), 'G', -1, 32)
	case float64:
		return strconv.FormatFloat(v, 'G', -1, 64)
	case mapi.Currency:
		return strconv.FormatInt(int64(v), 10)
	case mapi.FloatingTime:
		return strconv.FormatFloat(float64(v), 'G', -1, 64)
	case mapi.ErrorCode:
		return strconv.FormatUint(uint64(v), 10)
	case time.Time:
		return v.UTC().Format("2006-01-02T15:04:05Z")
	case []byte:
		return base64.StdEncoding.EncodeToString(v)
	case mapi.GUID:
		s := v.String()
		return strings.Trim(s, "{}")
	}
	return ""
}

func forEachValue(v any, f func(string)) {
	switch v := v.(type) {
	case []string:
		for _, x := range v {
			f(x)
		}
	case []int16:
		for _, x := range v {
			f(formatValue(x))
		}
	case []int32:
		for _, x := range v {
			f(formatValue(x))
		}
	case []int64:
		for _, x := range v {
			f(formatValue(x))
		}
	case []float32:
		for _, x := range v {
			f(formatValue(x))
		}
	case []float64:
		for _, x := range v {
			f(formatValue(x))
		}
	case []mapi.Currency:
		for _, x := range v {
			f(formatValue(x))
		}
	case []mapi.FloatingTime:
		for _, x := range v {
			f(formatValue(x))
		}
	case []time.Time:
		for _, x := range v {
			f(formatValue(x))
		}
	case [][]byte:
		for _, x := range v {
			f(formatValue(x))
		}
	case []mapi.GUID:
		for _, x := range v {
			f(formatValue(x))
		}
	}
}

// parseValue parses the text of one value of type typ (single-valued).
func parseValue(typ mapi.PropType, s string) (any, error) {
	s = strings.TrimSpace(s)
	bad := func(err error) (any, error) {
		return nil, &Error{Code: ErrorInvalidExtendedPropertyValue, Message: "The extended property value is invalid.", Err: err}
	}
	switch typ.Single() {
	case mapi.PtypString, mapi.PtypString8:
		return s, nil
	case mapi.PtypBoolean:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return bad(err)
		}
		return b, nil
	case mapi.PtypInteger16:
		v, err := strconv.ParseInt(s, 10, 16)
		if err != nil {
			return bad(err)
		}
		return int16(v), nil
	case mapi.PtypInteger32:
		v, err := strconv.ParseInt(s, 10, 32)
		if err != nil {
			// QUIRK: clients write unsigned 32-bit flags (PidTagMessageFlags
			// above 2^31) as positive numbers.
			u, uerr := strconv.ParseUint(s, 10, 32)
			if uerr != nil {
				return bad(err)
			}
			v = int64(int32(uint32(u)))
		}
		return int32(v), nil
	case mapi.PtypInteger64:
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return bad(err)
		}
		return v, nil
	case mapi.PtypCurrency:
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return bad(err)
		}
		return mapi.Currency(v), nil
	case mapi.PtypFloating32:
		v, err := strconv.ParseFloat(s, 32)
		if err != nil {
			return bad(err)
		}
		return float32(v), nil
	case mapi.PtypFloating64:
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) {
			return bad(err)
		}
		return v, nil
	case mapi.PtypFloatingTime:
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return bad(err)
		}
		return mapi.FloatingTime(v), nil
	case mapi.PtypTime:
		t, err := parseTime(s)
		if err != nil {
			return bad(err)
		}
		return t, nil
	case mapi.PtypBinary:
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return bad(err)
		}
		return b, nil
	case mapi.PtypGuid:
		g, err := mapi.ParseGUID("{" + strings.Trim(s, "{}") + "}")
		if err != nil {
			return bad(err)
		}
		return g, nil
	case mapi.PtypErrorCode:
		v, err := strconv.ParseUint(s, 10, 32)
		if err != nil {
			return bad(err)
		}
		return mapi.ErrorCode(v), nil
	}
	return bad(nil)
}

// parseMulti builds a multi-valued value of type typ from texts.
func parseMulti(typ mapi.PropType, texts []string) (any, error) {
	vals := make([]any, 0, len(texts))
	for _, s := range texts {
		v, err := parseValue(typ.Single(), s)
		if err != nil {
			return nil, err
		}
		vals = append(vals, v)
	}
	switch typ.Single() {
	case mapi.PtypString, mapi.PtypString8:
		return collect[string](vals), nil
	case mapi.PtypInteger16:
		return collect[int16](vals), nil
	case mapi.PtypInteger32:
		return collect[int32](vals), nil
	case mapi.PtypInteger64:
		return collect[int64](vals), nil
	case mapi.PtypFloating32:
		return collect[float32](vals), nil
	case mapi.PtypFloating64:
		return collect[float64](vals), nil
	case mapi.PtypCurrency:
		return collect[mapi.Currency](vals), nil
	case mapi.PtypFloatingTime:
		return collect[mapi.FloatingTime](vals), nil
	case mapi.PtypTime:
		return collect[time.Time](vals), nil
	case mapi.PtypBinary:
		return collect[[]byte](vals), nil
	case mapi.PtypGuid:
		return collect[mapi.GUID](vals), nil
	}
	return nil, errorf(ErrorInvalidExtendedPropertyValue, "The extended property type cannot be multi-valued.")
}

func collect[T any](vals []any) []T {
	out := make([]T, len(vals))
	for i, v := range vals {
		out[i] = v.(T)
	}
	return out
}

// localTime parses xs:dateTime like parseTime, but a time without a zone
// is taken in the request's TimeZoneContext when it names a known Windows
// zone ([MS-OXWSCDATA] 2.2.3.x: TimeZoneContext applies to times the
// request carries without an offset).
func (c *call) localTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if c.req != nil && c.req.TimeZone != "" && c.req.TimeZone != "UTC" {
		if t, err := time.Parse("2006-01-02T15:04:05.999999999", s); err == nil {
			if loc, err := tz.LoadWindows(c.req.TimeZone); err == nil {
				return recur.LocalTime(t, loc).UTC(), nil
			}
		}
	}
	return parseTime(s)
}

// parseTime parses xs:dateTime (with or without zone; no zone means UTC,
// as the request's TimeZoneContext is not applied yet).
func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	_, err := time.Parse(time.RFC3339, s)
	return time.Time{}, err
}

// parseBool parses xs:boolean.
func parseBool(s string) (bool, error) {
	switch strings.TrimSpace(s) {
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, errorf(ErrorInvalidValueForProperty, "%q is not a boolean.", s)
}

// hexOrEmpty formats b as upper-case hex.
func hexUpper(b []byte) string { return strings.ToUpper(hex.EncodeToString(b)) }

// get returns the value of tag in props (exact type), or nil.
func get(props []mapi.PropValue, tag mapi.PropTag) any {
	for i := range props {
		if props[i].Tag == tag {
			return props[i].Value
		}
	}
	return nil
}

// getExt returns the value of tag, accepting the other string type for
// string tags (a client asking for String gets a stored String8).
func getExt(props []mapi.PropValue, tag mapi.PropTag) any {
	if v := get(props, tag); v != nil {
		return v
	}
	switch tag.Type() {
	case mapi.PtypString:
		return get(props, tag.WithType(mapi.PtypString8))
	case mapi.PtypString8:
		return get(props, tag.WithType(mapi.PtypString))
	}
	return nil
}

// getID returns the value of the property with tag's ID whatever its type
// (PtypString vs PtypString8), or nil.
func getString(props []mapi.PropValue, tag mapi.PropTag) (string, bool) {
	id := tag.ID()
	for i := range props {
		if props[i].Tag.ID() == id {
			if s, ok := props[i].Value.(string); ok {
				return s, true
			}
		}
	}
	return "", false
}

func getInt(props []mapi.PropValue, tag mapi.PropTag) (int64, bool) {
	switch v := get(props, tag).(type) {
	case int32:
		return int64(v), true
	case int64:
		return v, true
	case int16:
		return int64(v), true
	}
	return 0, false
}

func getTime(props []mapi.PropValue, tag mapi.PropTag) (time.Time, bool) {
	t, ok := get(props, tag).(time.Time)
	return t, ok
}

func getBool(props []mapi.PropValue, tag mapi.PropTag) (bool, bool) {
	b, ok := get(props, tag).(bool)
	return b, ok
}

func getBytes(props []mapi.PropValue, tag mapi.PropTag) ([]byte, bool) {
	b, ok := get(props, tag).([]byte)
	return b, ok
}

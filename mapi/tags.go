package mapi

//go:generate go run ./internal/genprops

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// TagInfo describes one PidTag property of [MS-OXPROPS] section 2.
type TagInfo struct {
	// Name is the spec's canonical name ("PidTagSubject").
	Name string
	// Tag is the property ID and type. Tag.ID() and Tag.Type() split it.
	Tag PropTag
	// AltType is a second type the spec lists for the property (for
	// example PtypEmbeddedTable for address-book properties that an NSPI
	// server returns as tables), or PtypUnspecified.
	AltType PropType
	// Area is the spec's functional area ("General Message Properties").
	Area string
	// DefiningReference is the section that defines the property, as
	// "[MS-OXCMSG] 2.2.1.46"; empty when the spec names none.
	DefiningReference string
	// AlternateNames are the spec's alternate names (PR_SUBJECT, ptagSubject, ...).
	AlternateNames []string
	// Removed reports an entry of an earlier [MS-OXPROPS] revision that the
	// current revision no longer lists (kept because servers still send it).
	Removed bool
}

// NamedPropInfo describes one PidLid or PidName property of [MS-OXPROPS]
// section 2.
type NamedPropInfo struct {
	// Name is the spec's canonical name ("PidLidAppointmentStartWhole").
	Name string
	// Prop is the generated identity of the property.
	Prop NamedProp
	// PropertySet is the property set's spec name ("PSETID_Appointment").
	PropertySet string
	// PropertySetGUID is the property set's GUID.
	PropertySetGUID GUID
	// Kind is NameKindID for PidLid properties, NameKindString for PidName.
	Kind NameKind
	// LID is the long ID of a PidLid property.
	LID uint32
	// StringName is the string name of a PidName property ("Keywords").
	StringName string
	// Type is the property type.
	Type PropType
	// AltType is a second type the spec lists, or PtypUnspecified.
	AltType PropType
	// Area is the spec's functional area.
	Area string
	// DefiningReference is the defining section, as "[MS-OXOCAL] 2.2.1.5".
	DefiningReference string
	// AlternateNames are the spec's alternate names (dispidApptStartWhole, ...).
	AlternateNames []string
	// Removed reports an entry the current [MS-OXPROPS] no longer lists.
	Removed bool
}

// NamedProp identifies a named property of [MS-OXPROPS] section 2: the
// constants PidLidXxx and PidNameXxx. It is an index into a generated
// read-only table; the zero value is invalid. NamedProp numbers are not
// stable across versions of this package: store and transmit the
// PropertyName, never the number.
type NamedProp uint16

type tagEntry struct {
	name           string
	tag            PropTag
	altType        PropType
	area, ref      string
	removed        bool
	alternateNames []string
}

type namedEntry struct {
	name           string
	set            uint8 // index into propSetTable
	kind           NameKind
	lid            uint32
	str            string
	typ, altType   PropType
	area, ref      string
	removed        bool
	alternateNames []string
}

type propSetEntry struct {
	name         string
	guid         GUID
	area, source string
}

// tagName returns the [MS-OXPROPS] name of a known tag, or "". When the
// spec gives several properties the same tag, it returns the one the
// current spec lists, then the first by name.
func tagName(t PropTag) string {
	i := sort.Search(len(tagsByValue), func(i int) bool { return tagTable[tagsByValue[i]].tag >= t })
	if i < len(tagsByValue) && tagTable[tagsByValue[i]].tag == t {
		return tagTable[tagsByValue[i]].name
	}
	return ""
}

func cloneStrings(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string(nil), s...)
}

func (e *tagEntry) info() TagInfo {
	return TagInfo{Name: e.name, Tag: e.tag, AltType: e.altType, Area: e.area,
		DefiningReference: e.ref, AlternateNames: cloneStrings(e.alternateNames), Removed: e.removed}
}

// KnownTags returns every PidTag property of [MS-OXPROPS] section 2,
// sorted by name. The slice is a fresh copy the caller may modify.
func KnownTags() []TagInfo {
	out := make([]TagInfo, len(tagTable))
	for i := range tagTable {
		out[i] = tagTable[i].info()
	}
	return out
}

// LookupTag returns the tag of the PidTag property with the given
// canonical spec name ("PidTagSubject"). Names are case-sensitive.
func LookupTag(name string) (PropTag, bool) {
	i := sort.Search(len(tagTable), func(i int) bool { return tagTable[i].name >= name })
	if i < len(tagTable) && tagTable[i].name == name {
		return tagTable[i].tag, true
	}
	return 0, false
}

// LookupTagInfo is LookupTag returning the full description.
func LookupTagInfo(name string) (TagInfo, bool) {
	i := sort.Search(len(tagTable), func(i int) bool { return tagTable[i].name >= name })
	if i < len(tagTable) && tagTable[i].name == name {
		return tagTable[i].info(), true
	}
	return TagInfo{}, false
}

// KnownNamedProps returns every PidLid and PidName property of
// [MS-OXPROPS] section 2, sorted by name. The slice is a fresh copy the
// caller may modify.
func KnownNamedProps() []NamedPropInfo {
	out := make([]NamedPropInfo, numNamedProps)
	for i := range out {
		out[i], _ = NamedProp(i + 1).Info()
	}
	return out
}

// LookupNamedProp returns the named property with the given canonical
// spec name ("PidLidAppointmentStartWhole", "PidNameKeywords").
func LookupNamedProp(name string) (NamedProp, bool) {
	t := namedTable[1:]
	i := sort.Search(len(t), func(i int) bool { return t[i].name >= name })
	if i < len(t) && t[i].name == name {
		return NamedProp(i + 1), true
	}
	return 0, false
}

// namedIndexEntry is one row of namedByPropertyName.
type namedIndexEntry struct {
	guid GUID
	kind NameKind
	lid  uint32
	key  string // string name, ASCII-lowercased in PS_INTERNET_HEADERS
	prop NamedProp
}

// compare orders e against a PropertyName query; fold lowercases the
// query's string name on the fly (the index keys are already folded).
func (e *namedIndexEntry) compare(pn *PropertyName, fold bool) int {
	if c := bytes.Compare(e.guid[:], pn.GUID[:]); c != 0 {
		return c
	}
	if e.kind != pn.Kind {
		if e.kind < pn.Kind {
			return -1
		}
		return 1
	}
	if pn.Kind == NameKindID {
		switch {
		case e.lid < pn.LID:
			return -1
		case e.lid > pn.LID:
			return 1
		}
		return 0
	}
	if !fold {
		return strings.Compare(e.key, pn.Name)
	}
	a, b := e.key, pn.Name
	for i := 0; i < len(a) && i < len(b); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if a[i] != c {
			if a[i] < c {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

// NamedPropByName returns the [MS-OXPROPS] named property that pn names:
// the same property set GUID and the same LID (NameKindID) or string name
// (NameKindString). String names compare exactly, except in
// PS_INTERNET_HEADERS, whose names are Internet header field names and
// so compare ASCII case-insensitively (RFC 5322 section 1.2.2). When the
// spec gives two properties the same name, the first by canonical name
// is returned.
func NamedPropByName(pn PropertyName) (NamedProp, bool) {
	if pn.Kind != NameKindID && pn.Kind != NameKindString {
		return 0, false
	}
	fold := pn.Kind == NameKindString && pn.GUID == propSetTable[psInternetHeadersIndex].guid
	idx := namedByPropertyName[:]
	i := sort.Search(len(idx), func(i int) bool { return idx[i].compare(&pn, fold) >= 0 })
	if i < len(idx) && idx[i].compare(&pn, fold) == 0 {
		return idx[i].prop, true
	}
	return 0, false
}

// Valid reports whether p is one of the generated PidLid/PidName constants.
func (p NamedProp) Valid() bool { return p >= 1 && p <= numNamedProps }

// Info returns the description of p, or false if p is not valid.
func (p NamedProp) Info() (NamedPropInfo, bool) {
	if !p.Valid() {
		return NamedPropInfo{}, false
	}
	e := &namedTable[p]
	s := &propSetTable[e.set]
	return NamedPropInfo{Name: e.name, Prop: p, PropertySet: s.name, PropertySetGUID: s.guid,
		Kind: e.kind, LID: e.lid, StringName: e.str, Type: e.typ, AltType: e.altType,
		Area: e.area, DefiningReference: e.ref, AlternateNames: cloneStrings(e.alternateNames),
		Removed: e.removed}, true
}

// PropertyName returns the property set GUID and LID or string name of p
// ([MS-OXCDATA] 2.6.1). An invalid p yields a PropertyName of kind
// NameKindNone.
func (p NamedProp) PropertyName() PropertyName {
	if !p.Valid() {
		return PropertyName{Kind: NameKindNone}
	}
	e := &namedTable[p]
	return PropertyName{Kind: e.kind, GUID: propSetTable[e.set].guid, LID: e.lid, Name: e.str}
}

// Type returns the property type of p, or PtypUnspecified if p is not valid.
func (p NamedProp) Type() PropType {
	if !p.Valid() {
		return PtypUnspecified
	}
	return namedTable[p].typ
}

// String returns the spec name ("PidLidAppointmentStartWhole"), or
// "NamedProp(17)" for values outside the table.
func (p NamedProp) String() string {
	if !p.Valid() {
		return fmt.Sprintf("NamedProp(%d)", uint16(p))
	}
	return namedTable[p].name
}

// PropertySetName returns the [MS-OXPROPS] 1.3.2 name of a property set
// GUID ("PSETID_Appointment"), or "" if the GUID is not one of them.
func PropertySetName(g GUID) string {
	for i := range propSetTable {
		if propSetTable[i].guid == g {
			return propSetTable[i].name
		}
	}
	return ""
}

// LookupPropertySet returns the GUID of the property set with the given
// spec name ("PS_PUBLIC_STRINGS").
func LookupPropertySet(name string) (GUID, bool) {
	for i := range propSetTable {
		if propSetTable[i].name == name {
			return propSetTable[i].guid, true
		}
	}
	return GUID{}, false
}

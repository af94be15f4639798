package ews

import (
	"slices"
	"strings"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
)

// FindPeople Restriction and SortOrder ([MS-OXWSFINDPEOPLE] 2.2.4.1.1
// FindPeopleType: Restriction, SortOrder).
//
// Both apply to the personas FindPeople found (the directory's or a
// contacts folder's, after QueryString), in memory: a Restriction over
// persona: FieldURIs is evaluated as any restriction is (mapi.Evaluate:
// IsEqualTo and the other comparisons, Contains with its
// ContainmentMode and ContainmentComparison, Exists, And, Or, Not), and
// SortOrder sorts on them (FieldOrder after FieldOrder, display name
// last), before paging; TotalNumberOfPeopleInView counts what the
// restriction lets through. The fields: persona:DisplayName,
// DisplayNameFirstLast, DisplayNameLastFirst, FileAs, GivenName,
// Surname, CompanyName, EmailAddress (the first address), EmailAddresses
// (all of them) and PersonaType. Any other path answers
// ErrorUnsupportedPathForQuery (restrictions) or
// ErrorUnsupportedPathForSortGroup (sorting). AggregationRestriction is
// not implemented (ignored).

// Persona fields as properties of the in-memory rows FindPeople
// evaluates. Fields with no MAPI counterpart take IDs of the
// provider-defined range (0x6800-0x7BFF, [MS-OXPROPS] 1.3.2) that never
// reach a store.
var (
	personaFileAsTag    = mapi.NewPropTag(0x7B01, mapi.PtypString)
	personaFirstLastTag = mapi.NewPropTag(0x7B02, mapi.PtypString)
	personaLastFirstTag = mapi.NewPropTag(0x7B03, mapi.PtypString)
	personaEmailsTag    = mapi.NewPropTag(0x7B04, mapi.PtypMultipleString)
	personaTypeTag      = mapi.NewPropTag(0x7B05, mapi.PtypString)
)

var personaFieldTags = map[string]mapi.PropTag{
	"persona:displayname":          mapi.PidTagDisplayName,
	"persona:displaynamefirstlast": personaFirstLastTag,
	"persona:displaynamelastfirst": personaLastFirstTag,
	"persona:fileas":               personaFileAsTag,
	"persona:givenname":            mapi.PidTagGivenName,
	"persona:surname":              mapi.PidTagSurname,
	"persona:companyname":          mapi.PidTagCompanyName,
	"persona:emailaddress":         mapi.PidTagSmtpAddress,
	"persona:emailaddresses":       personaEmailsTag,
	"persona:personatype":          personaTypeTag,
}

// personaPathTag is restrictionConv.pathTag for persona paths.
func personaPathTag(pp propPath) (mapi.PropTag, error) {
	if pp.kind == pathField {
		if t, ok := personaFieldTags[pp.uri]; ok {
			return t, nil
		}
	}
	return 0, errorf(ErrorUnsupportedPathForQuery, "The property path %s is not supported in a FindPeople restriction.", pp.uri)
}

// bag is the persona as an object restrictions and sort orders see.
func (ps *persona) bag() *mapi.Bag {
	first := strings.TrimSpace(ps.given + " " + ps.surname)
	last := strings.TrimSpace(ps.surname + " " + ps.given)
	if first == "" {
		first, last = ps.displayName, ps.displayName
	}
	b := &mapi.Bag{Props: make([]mapi.PropValue, 0, 10)}
	add := func(tag mapi.PropTag, v string) {
		if v != "" {
			b.Props = append(b.Props, mapi.PropValue{Tag: tag, Value: v})
		}
	}
	add(mapi.PidTagDisplayName, ps.displayName)
	add(personaFirstLastTag, first)
	add(personaLastFirstTag, last)
	add(personaFileAsTag, nonEmpty(ps.fileAs, ps.displayName))
	add(mapi.PidTagGivenName, ps.given)
	add(mapi.PidTagSurname, ps.surname)
	add(mapi.PidTagCompanyName, ps.company)
	add(personaTypeTag, "Person")
	if len(ps.emails) > 0 {
		add(mapi.PidTagSmtpAddress, ps.emails[0].addr)
		all := make([]string, 0, len(ps.emails))
		for _, e := range ps.emails {
			all = append(all, e.addr)
		}
		b.Props = append(b.Props, mapi.PropValue{Tag: personaEmailsTag, Value: all})
	}
	return b
}

// filterPeople applies FindPeople's Restriction and SortOrder to
// people.
func (c *call) filterPeople(body *etree.Element, people []persona) ([]persona, error) {
	re, so := child(body, "Restriction"), child(body, "SortOrder")
	if re == nil && so == nil {
		return people, nil
	}
	bags := make([]*mapi.Bag, len(people))
	for i := range people {
		bags[i] = people[i].bag()
	}
	idx := make([]int, 0, len(people))
	if re != nil {
		conv := &restrictionConv{c: c, persona: true}
		r, err := conv.convert(re)
		if err != nil {
			return nil, err
		}
		ev, err := mapi.NewEvaluator(r)
		if err != nil {
			return nil, &Fault{Code: ErrorInvalidRequest, Message: "The restriction cannot be evaluated.", Err: err}
		}
		for i, b := range bags {
			ok, err := ev.Match(b)
			if err != nil {
				return nil, &Fault{Code: ErrorInvalidRequest, Message: "The restriction cannot be evaluated.", Err: err}
			}
			if ok {
				idx = append(idx, i)
			}
		}
	} else {
		for i := range people {
			idx = append(idx, i)
		}
	}
	if so != nil {
		var set mapi.SortOrderSet
		for _, fo := range so.ChildElements() {
			dir := mapi.Ascending
			if attr(fo, "Order") == "Descending" {
				dir = mapi.Descending
			}
			for _, p := range fo.ChildElements() {
				pp, err := parsePath(p)
				if err != nil {
					return nil, err
				}
				tag, err := personaPathTag(pp)
				if err != nil {
					return nil, &Error{Code: ErrorUnsupportedPathForSortGroup, Message: "The property is not supported for sorting people.", Err: err}
				}
				set.Orders = append(set.Orders, mapi.SortOrder{PropTag: tag, Order: dir})
			}
		}
		set.Orders = append(set.Orders, mapi.SortOrder{PropTag: mapi.PidTagDisplayName, Order: mapi.Ascending})
		slices.SortStableFunc(idx, func(a, b int) int { return set.Compare(bags[a], bags[b]) })
	}
	out := make([]persona, len(idx))
	for i, j := range idx {
		out[i] = people[j]
	}
	return out, nil
}

package ews

import (
	"strconv"
	"strings"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// The contact fields beyond the single-string ones of contactStrings
// ([MS-OXWSCONT] 2.2.4.2 ContactItemType, [MS-OXOCNTC] 2.2.1):
// PhysicalAddresses, PostalAddressIndex, ImAddresses, Children,
// Companies, Mileage, WeddingAnniversary and the PhoneNumbers keys that
// have no [MS-OXOCNTC] property of their own.

// Indexes into contactXProps.
const (
	cxBusinessAddress = 0  // 5 parts: Street, City, State, CountryOrRegion, PostalCode
	cxHomeAddress     = 5  // 5 parts
	cxOtherAddress    = 10 // 5 parts
	cxPostalIndex     = 15
	cxIM              = 16 // ImAddress1..3
	cxChildren        = 19
	cxCompanies       = 20
	cxMileage         = 21
	cxWedding         = 22
	cxPhones          = 23 // extraPhoneKeys
	cxYomiFirst       = cxPhones + 4
	cxYomiLast        = cxYomiFirst + 1
	cxHasPicture      = cxYomiLast + 1
	numContactX       = cxHasPicture + 1
)

// physicalKeys are PhysicalAddressKeyType values ([MS-OXWSCONT] 2.2.5.4)
// and physicalParts the elements of PhysicalAddressDictionaryEntryType,
// in schema order.
var (
	physicalKeys  = [3]string{"Business", "Home", "Other"}
	physicalParts = [5]string{"Street", "City", "State", "CountryOrRegion", "PostalCode"}
)

// postalIndexNames are PhysicalAddressIndexType values by
// PidLidPostalAddressId ([MS-OXOCNTC] 2.2.1.3.9: 0 none, 1 home, 2 work,
// 3 other).
var postalIndexNames = [4]string{"None", "Home", "Business", "Other"}

// extraPhoneKeys are the PhoneNumberKeyType values without an
// [MS-OXOCNTC] property.
var extraPhoneKeys = [4]string{"BusinessMobile", "IPPhone", "Mms", "Msn"}

func taggedProp(t mapi.PropTag) extProp { return extProp{typ: t.Type(), resolved: t} }
func namedProp(np mapi.NamedProp) extProp {
	return extProp{typ: np.Type(), named: ptrName(np.PropertyName())}
}
func addressNamed(name string, typ mapi.PropType) extProp {
	return extProp{typ: typ, named: &mapi.PropertyName{Kind: mapi.NameKindString, GUID: mapi.PSETIDAddress, Name: name}}
}

// contactXProps are the properties of those fields, by the cx indexes.
//
// QUIRK: [MS-OXOCNTC] has one instant messaging address
// (PidLidInstantMessagingAddress) and no property for the phone keys
// BusinessMobile, IPPhone, Mms and Msn; EWS has three IM addresses and
// those keys. ImAddress2/3 and the four numbers are kept in string-named
// properties of PSETID_Address ("InstantMessagingAddress2",
// "InstantMessagingAddress3", "BusinessMobilePhone", "IPPhone",
// "MmsPhone", "MsnPhone") so that they round-trip; MAPI clients do not
// show them.
var contactXProps = [numContactX]extProp{
	namedProp(mapi.PidLidWorkAddressStreet), namedProp(mapi.PidLidWorkAddressCity), namedProp(mapi.PidLidWorkAddressState),
	namedProp(mapi.PidLidWorkAddressCountry), namedProp(mapi.PidLidWorkAddressPostalCode),
	taggedProp(mapi.PidTagHomeAddressStreet), taggedProp(mapi.PidTagHomeAddressCity), taggedProp(mapi.PidTagHomeAddressStateOrProvince),
	taggedProp(mapi.PidTagHomeAddressCountry), taggedProp(mapi.PidTagHomeAddressPostalCode),
	taggedProp(mapi.PidTagOtherAddressStreet), taggedProp(mapi.PidTagOtherAddressCity), taggedProp(mapi.PidTagOtherAddressStateOrProvince),
	taggedProp(mapi.PidTagOtherAddressCountry), taggedProp(mapi.PidTagOtherAddressPostalCode),
	namedProp(mapi.PidLidPostalAddressId),
	namedProp(mapi.PidLidInstantMessagingAddress), addressNamed("InstantMessagingAddress2", mapi.PtypString),
	addressNamed("InstantMessagingAddress3", mapi.PtypString),
	taggedProp(mapi.PidTagChildrensNames),
	namedProp(mapi.PidLidCompanies),
	// PidLidMileage ([MS-OXPROPS] 2.174): PSETID_Common 0x8534.
	{typ: mapi.PtypString, named: &mapi.PropertyName{Kind: mapi.NameKindID, GUID: mapi.PSETIDCommon, LID: 0x8534}},
	taggedProp(mapi.PidTagWeddingAnniversary),
	addressNamed("BusinessMobilePhone", mapi.PtypString), addressNamed("IPPhone", mapi.PtypString),
	addressNamed("MmsPhone", mapi.PtypString), addressNamed("MsnPhone", mapi.PtypString),
	namedProp(mapi.PidLidYomiFirstName), namedProp(mapi.PidLidYomiLastName), namedProp(mapi.PidLidHasPicture),
}

// contactXFields are the item fields written from contactXProps.
var contactXFields = bits(fPhysicalAddresses, fPostalAddressIndex, fImAddresses, fChildren, fCompanies, fMileage,
	fWeddingAnniversary, fPhoneNumbers, fMembers, fCompleteName, fHasPicture, fPhoneticFullName)

// contactXTags resolves contactXProps in the caller's mailbox (create:
// map missing names); an unmapped one is 0.
func (c *call) contactXTags(create bool) ([numContactX]mapi.PropTag, error) {
	// Resolved straight from contactXProps, without a copy of each
	// extProp: every contact shape parse comes here.
	var out [numContactX]mapi.PropTag
	var names [numContactX]mapi.PropertyName
	var at [numContactX]int
	n := 0
	for i := range contactXProps {
		x := &contactXProps[i]
		if x.named == nil {
			out[i] = x.resolved
			continue
		}
		names[n], at[n] = *x.named, i
		n++
	}
	ids, ok, err := c.propIDs(names[:n], create)
	if err != nil || !ok {
		return out, err
	}
	for j, id := range ids {
		if id != 0 && j < n {
			out[at[j]] = mapi.NewPropTag(id, contactXProps[at[j]].typ)
		}
	}
	return out, nil
}

// cxTags returns the resolved contactXProps tags of the shape.
func (s *itemShape) cxTags() []mapi.PropTag {
	if s.cx == nil {
		return nil
	}
	var out []mapi.PropTag
	for _, t := range s.cx {
		if t != 0 {
			out = append(out, t)
		}
	}
	if s.dl != nil {
		for _, t := range s.dl {
			if t != 0 {
				out = append(out, t)
			}
		}
	}
	return out
}

func (s *itemShape) cxTag(i int) mapi.PropTag {
	if s.cx == nil {
		return 0
	}
	return s.cx[i]
}

// writeContactX writes field f of a contact from props p.
func (c *call) writeContactX(f int, p []mapi.PropValue, s *itemShape) {
	switch f {
	case fPhysicalAddresses:
		n := 0
		for k, key := range physicalKeys {
			var vals [5]string
			have := false
			for i := range physicalParts {
				if t := s.cxTag(cxBusinessAddress + 5*k + i); t != 0 {
					vals[i], _ = getString(p, t)
					have = have || vals[i] != ""
				}
			}
			if !have {
				continue
			}
			if n == 0 {
				c.w.open("t:PhysicalAddresses")
			}
			n++
			c.w.raw(`<t:Entry Key="` + key + `">`)
			for i, part := range physicalParts {
				if vals[i] != "" {
					c.w.elem("t:"+part, vals[i])
				}
			}
			c.w.raw(`</t:Entry>`)
		}
		if n > 0 {
			c.w.close("t:PhysicalAddresses")
		}
	case fPostalAddressIndex:
		if t := s.cxTag(cxPostalIndex); t != 0 {
			if v, ok := getInt(p, t); ok {
				c.w.elem("t:PostalAddressIndex", postalIndexNames[clampIdx(v, 4, 0)])
			}
		}
	case fImAddresses:
		n := 0
		for i := 0; i < 3; i++ {
			t := s.cxTag(cxIM + i)
			if t == 0 {
				continue
			}
			v, _ := getString(p, t)
			if v == "" {
				continue
			}
			if n == 0 {
				c.w.open("t:ImAddresses")
			}
			n++
			c.w.raw(`<t:Entry Key="ImAddress` + itoa(i+1) + `">`)
			c.w.text(v)
			c.w.raw(`</t:Entry>`)
		}
		if n > 0 {
			c.w.close("t:ImAddresses")
		}
	case fChildren, fCompanies:
		el, i := "t:Children", cxChildren
		if f == fCompanies {
			el, i = "t:Companies", cxCompanies
		}
		if t := s.cxTag(i); t != 0 {
			if v, ok := get(p, t).([]string); ok && len(v) > 0 {
				c.w.open(el)
				for _, x := range v {
					c.w.elem("t:String", x)
				}
				c.w.close(el)
			}
		}
	case fMileage:
		if t := s.cxTag(cxMileage); t != 0 {
			if v, ok := getString(p, t); ok && v != "" {
				c.w.elem("t:Mileage", v)
			}
		}
	case fWeddingAnniversary:
		if v, ok := getTime(p, mapi.PidTagWeddingAnniversary); ok {
			c.w.elemTime("t:WeddingAnniversary", v)
		}
	case fContactSource:
		// ContactSourceType ([MS-OXWSCONT] 2.2.5.1): contacts of a mailbox
		// folder come from the store, never from the directory.
		c.w.elem("t:ContactSource", "Store")
	case fHasPicture:
		if t := s.cxTag(cxHasPicture); t != 0 {
			v, _ := getBool(p, t)
			c.w.elemBool("t:HasPicture", v)
		} else {
			c.w.elemBool("t:HasPicture", false)
		}
	case fCompleteName:
		// CompleteNameType ([MS-OXWSCONT] 2.2.4.1), read-only: the name
		// parts of [MS-OXOCNTC] 2.2.1.1.
		parts := []struct {
			el  string
			tag mapi.PropTag
		}{
			{"t:Title", mapi.PidTagDisplayNamePrefix}, {"t:FirstName", mapi.PidTagGivenName}, {"t:MiddleName", mapi.PidTagMiddleName},
			{"t:LastName", mapi.PidTagSurname}, {"t:Suffix", mapi.PidTagGeneration}, {"t:Initials", mapi.PidTagInitials},
			{"t:FullName", mapi.PidTagDisplayName}, {"t:Nickname", mapi.PidTagNickname},
			{"t:YomiFirstName", s.cxTag(cxYomiFirst)}, {"t:YomiLastName", s.cxTag(cxYomiLast)},
		}
		n := 0
		for _, x := range parts {
			if x.tag == 0 {
				continue
			}
			v, ok := getString(p, x.tag)
			if !ok || v == "" {
				continue
			}
			if n == 0 {
				c.w.open("t:CompleteName")
			}
			n++
			c.w.elem(x.el, v)
		}
		if n > 0 {
			c.w.close("t:CompleteName")
		}
	}
}

// writeExtraPhones writes the extraPhoneKeys entries of t:PhoneNumbers
// after the n already written (opening the element if n is 0) and
// returns the new count.
func (c *call) writeExtraPhones(p []mapi.PropValue, s *itemShape, n int) int {
	for i, key := range extraPhoneKeys {
		t := s.cxTag(cxPhones + i)
		if t == 0 {
			continue
		}
		v, _ := getString(p, t)
		if v == "" {
			continue
		}
		if n == 0 {
			c.w.open("t:PhoneNumbers")
		}
		n++
		c.w.raw(`<t:Entry Key="` + key + `">`)
		c.w.text(v)
		c.w.raw(`</t:Entry>`)
	}
	return n
}

// parseContactX parses one of the fields of this file from a t:Contact
// element of CreateItem or SetItemField; it reports false for other
// elements.
func (c *call) parseContactX(n *newItem, f *etree.Element) (bool, error) {
	switch f.Tag {
	case "PhysicalAddresses", "PostalAddressIndex", "ImAddresses", "Children", "Companies", "Mileage", "WeddingAnniversary":
	default:
		return false, nil
	}
	tags, err := c.contactXTags(true)
	if err != nil {
		return true, err
	}
	set := func(i int, v any) {
		if tags[i] != 0 {
			n.props = append(n.props, mapi.PropValue{Tag: tags[i], Value: v})
		}
	}
	switch f.Tag {
	case "PhysicalAddresses":
		for _, en := range f.ChildElements() {
			k := indexOf(physicalKeys[:], attr(en, "Key"))
			if k < 0 {
				return true, errorf(ErrorInvalidValueForProperty, "PhysicalAddress key %q is not valid.", attr(en, "Key"))
			}
			for _, part := range en.ChildElements() {
				i := indexOf(physicalParts[:], part.Tag)
				if i < 0 {
					return true, errorf(ErrorInvalidValueForProperty, "PhysicalAddress element %q is not valid.", part.Tag)
				}
				set(cxBusinessAddress+5*k+i, part.Text())
			}
		}
	case "PostalAddressIndex":
		i := indexOf(postalIndexNames[:], strings.TrimSpace(f.Text()))
		if i < 0 {
			return true, errorf(ErrorInvalidValueForProperty, "PostalAddressIndex %q is not valid.", f.Text())
		}
		set(cxPostalIndex, int32(i))
	case "ImAddresses":
		for _, en := range f.ChildElements() {
			k := attr(en, "Key")
			if len(k) != len("ImAddress1") || !strings.HasPrefix(k, "ImAddress") || k[9] < '1' || k[9] > '3' {
				return true, errorf(ErrorInvalidValueForProperty, "ImAddress key %q is not valid.", k)
			}
			set(cxIM+int(k[9]-'1'), strings.TrimSpace(en.Text()))
		}
	case "Children", "Companies":
		var vals []string
		for _, s := range f.ChildElements() {
			vals = append(vals, s.Text())
		}
		if f.Tag == "Children" {
			set(cxChildren, vals)
		} else {
			set(cxCompanies, vals)
		}
	case "Mileage":
		set(cxMileage, f.Text())
	case "WeddingAnniversary":
		t, err := parseTime(strings.TrimSpace(f.Text()))
		if err != nil {
			return true, errorf(ErrorInvalidValueForProperty, "WeddingAnniversary %q is not a date.", f.Text())
		}
		set(cxWedding, t)
	}
	return true, nil
}

// parseExtraPhone sets one of extraPhoneKeys; false for other keys.
func (c *call) parseExtraPhone(n *newItem, key, v string) (bool, error) {
	i := indexOf(extraPhoneKeys[:], key)
	if i < 0 {
		return false, nil
	}
	tags, err := c.contactXTags(true)
	if err != nil {
		return true, err
	}
	if t := tags[cxPhones+i]; t != 0 {
		n.props = append(n.props, mapi.PropValue{Tag: t, Value: v})
	}
	return true, nil
}

// deletableContactX returns the properties DeleteItemField removes for
// the fields of this file; false for other fields.
func (c *call) deletableContactX(f int, pp propPath) ([]mapi.PropTag, bool, error) {
	var idx []int
	switch f {
	case fPhysicalAddresses:
		// contacts:PhysicalAddress:Street FieldIndex="Business" ...
		k := indexOf(physicalKeys[:], pp.index)
		part := pp.uri[strings.LastIndexByte(pp.uri, ':')+1:]
		i := -1
		for j, name := range physicalParts {
			if strings.EqualFold(name, part) {
				i = j
			}
		}
		if k < 0 || i < 0 {
			return nil, true, errorf(ErrorInvalidPropertyRequest, "The physical address %s %q is not valid.", pp.uri, pp.index)
		}
		idx = []int{cxBusinessAddress + 5*k + i}
	case fImAddresses:
		k := pp.index
		if len(k) != len("ImAddress1") || !strings.HasPrefix(k, "ImAddress") || k[9] < '1' || k[9] > '3' {
			return nil, true, errorf(ErrorInvalidPropertyRequest, "The IM address key %q is not valid.", k)
		}
		idx = []int{cxIM + int(k[9]-'1')}
	case fPostalAddressIndex:
		idx = []int{cxPostalIndex}
	case fChildren:
		idx = []int{cxChildren}
	case fCompanies:
		idx = []int{cxCompanies}
	case fMileage:
		idx = []int{cxMileage}
	case fWeddingAnniversary:
		idx = []int{cxWedding}
	case fPhoneNumbers:
		i := indexOf(extraPhoneKeys[:], pp.index)
		if i < 0 {
			return nil, false, nil
		}
		idx = []int{cxPhones + i}
	default:
		return nil, false, nil
	}
	tags, err := c.contactXTags(false)
	if err != nil {
		return nil, true, err
	}
	var out []mapi.PropTag
	for _, i := range idx {
		if tags[i] != 0 {
			out = append(out, tags[i])
		}
	}
	return out, true, nil
}

// contactsView applies a FindItem ContactsView ([MS-OXWSSRCH] 2.2.4.4
// ContactsViewType) to q: contacts whose FileAs (PidLidFileUnder) lies
// between InitialName and FinalName (both inclusive, either optional),
// in FileAs order unless the request sorts, at most MaxEntriesReturned
// from the beginning.
func (c *call) contactsView(cv *etree.Element, q *store.Query) (*pageView, error) {
	view := &pageView{}
	if s := attr(cv, "MaxEntriesReturned"); s != "" {
		m, err := strconv.Atoi(s)
		if err != nil || m < 1 {
			return nil, errorf(ErrorInvalidPagingMaxRows, "MaxEntriesReturned is not valid.")
		}
		view.max = m
	}
	fileAs, err := c.namedTag(mapi.PidLidFileUnder, false)
	if err != nil {
		return nil, err
	}
	var rs []mapi.Restriction
	if q.Restriction != nil {
		rs = append(rs, q.Restriction)
	}
	for _, b := range []struct {
		name string
		op   mapi.RelOp
	}{{"InitialName", mapi.RelOpGreaterThanOrEqual}, {"FinalName", mapi.RelOpLessThanOrEqual}} {
		v := cv.SelectAttr(b.name)
		if v == nil {
			continue
		}
		if fileAs == 0 {
			// No item has a FileAs yet: nothing is in the range (an
			// empty Or is false, [MS-OXCDATA] 2.12.2).
			rs = append(rs, mapi.OrRestriction{})
			continue
		}
		rs = append(rs, mapi.PropertyRestriction{RelOp: b.op, PropTag: fileAs, Value: mapi.PropValue{Tag: fileAs, Value: v.Value}})
	}
	switch len(rs) {
	case 0:
		q.Restriction = nil
	case 1:
		q.Restriction = rs[0]
	default:
		q.Restriction = mapi.AndRestriction{Restricts: rs}
	}
	if len(q.Sort.Orders) == 0 && fileAs != 0 {
		q.Sort.Orders = []mapi.SortOrder{{PropTag: fileAs, Order: mapi.Ascending}}
	}
	return view, nil
}

// withoutTag and withoutSet keep the changes of one UpdateItem
// ItemChange in request order: a property set after it was deleted (or
// deleted after it was set) ends as the last change says, whatever order
// the store applies MessageUpdate.Set and Remove in. exchangelib's update
// of an indexed field (physical addresses) deletes a label's subfields and
// sets them again in one change.
func withoutTag(tags []mapi.PropTag, t mapi.PropTag) []mapi.PropTag {
	out := tags[:0]
	for _, x := range tags {
		if x.ID() != t.ID() {
			out = append(out, x)
		}
	}
	return out
}

func withoutSet(set []mapi.PropValue, tags []mapi.PropTag) []mapi.PropValue {
	out := set[:0]
	for _, p := range set {
		drop := false
		for _, t := range tags {
			if p.Tag.ID() == t.ID() {
				drop = true
			}
		}
		if !drop {
			out = append(out, p)
		}
	}
	return out
}

// contactXPathTag returns the tag a restriction or sort order on one of
// this file's single-valued fields compares: a physical address part
// (IndexedFieldURI contacts:PhysicalAddress:City FieldIndex="Home"), an
// IM address, an extra phone key, Mileage or WeddingAnniversary. It
// reports false for other paths.
func (c *call) contactXPathTag(pp propPath) (mapi.PropTag, bool, error) {
	idx := -1
	switch {
	case pp.kind == pathIndexed && strings.HasPrefix(pp.uri, "contacts:physicaladdress:"):
		k := indexOf(physicalKeys[:], pp.index)
		part := strings.TrimPrefix(pp.uri, "contacts:physicaladdress:")
		for j, name := range physicalParts {
			if strings.EqualFold(name, part) && k >= 0 {
				idx = cxBusinessAddress + 5*k + j
			}
		}
	case pp.kind == pathIndexed && pp.uri == "contacts:imaddress":
		if k := pp.index; len(k) == len("ImAddress1") && strings.HasPrefix(k, "ImAddress") && k[9] >= '1' && k[9] <= '3' {
			idx = cxIM + int(k[9]-'1')
		}
	case pp.kind == pathIndexed && pp.uri == "contacts:phonenumber":
		if i := indexOf(extraPhoneKeys[:], pp.index); i >= 0 {
			idx = cxPhones + i
		}
	case pp.kind == pathField && pp.uri == "contacts:mileage":
		idx = cxMileage
	case pp.kind == pathField && pp.uri == "contacts:weddinganniversary":
		idx = cxWedding
	}
	if idx < 0 {
		return 0, false, nil
	}
	tags, err := c.contactXTags(false)
	return tags[idx], true, err
}

package ews

// A fieldPlan is the list of fields writeItem visits for one kind of
// item element under one field set: the shape's fields that the element
// type carries ([MS-OXWSCORE] 2.2.4.x, the order of ItemType and its
// derived types), worked out once per request and element instead of
// testing every known field for every item (124 tests per item, an
// eighth of a FindItem's writing).
type fieldPlan struct {
	fields fieldSet
	el     string
	isMsg  bool
	list   []uint8
}

// Every field number fits a fieldPlan's list.
var _ [256 - numItemFields]struct{}

// fieldPlanSlots is how many plans a shape keeps (items of one request
// are of a few element types).
const fieldPlanSlots = 4

// fieldPlanCache is an itemShape's cache of plans. It is a value (no
// pointers but the immutable lists), so a copied shape (an embedded
// item's, with fewer fields) has its own, and each plan carries the
// field set it was made for.
type fieldPlanCache struct {
	plans [fieldPlanSlots]fieldPlan
	n     int
}

// writeFields returns the fields writeItem writes, in order, for an
// item written as element el (isMsg: a message type) under s.
func (s *itemShape) writeFields(el string, isMsg bool) []uint8 {
	pc := &s.planCache
	for i := range min(pc.n, fieldPlanSlots) {
		if p := &pc.plans[i]; p.el == el && p.isMsg == isMsg && p.fields == s.fields {
			return p.list
		}
	}
	list := make([]uint8, 0, 48)
	for f := 0; f < numItemFields; f++ {
		if f == fExtended || !s.skipField(f, el, isMsg) {
			list = append(list, uint8(f))
		}
	}
	pc.plans[pc.n%fieldPlanSlots] = fieldPlan{fields: s.fields, el: el, isMsg: isMsg, list: list}
	pc.n++
	return list
}

// skipField reports whether field f is left out of an item written as
// el: not in the shape, or not a field of that element's type.
func (s *itemShape) skipField(f int, el string, isMsg bool) bool {
	return !s.fields.has(f) ||
		(f >= fFirstMessageField && f < fFirstCalendarField && (!isMsg || (f >= fAssociatedCalendarItemID && !isMeetingElement(el)))) ||
		(f >= fFirstCalendarField && f < fFirstContactField && !calendarFieldFor(el, f)) ||
		(f >= fFirstContactField && f < fFirstTaskField && el != "t:Contact") ||
		(f >= fFirstTaskField && el != "t:Task")
}

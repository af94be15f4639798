package mapi

import (
	"fmt"

	"github.com/oxkit/oxkit/internal/wire"
)

// SortOrderDirection is the Order field of a SortOrder ([MS-OXCDATA] 2.13.1).
type SortOrderDirection uint8

// Sort directions ([MS-OXCDATA] 2.13.1).
const (
	Ascending  SortOrderDirection = 0x00 // sort this column ascending
	Descending SortOrderDirection = 0x01 // sort this column descending
	// MaximumCategory marks an aggregated column of a categorized sort:
	// the group is ordered by the maximum of this column within it.
	MaximumCategory SortOrderDirection = 0x04
)

// String returns "Ascending", "Descending", "MaximumCategory" or
// "SortOrderDirection(0x42)".
func (d SortOrderDirection) String() string {
	switch d {
	case Ascending:
		return "Ascending"
	case Descending:
		return "Descending"
	case MaximumCategory:
		return "MaximumCategory"
	}
	return fmt.Sprintf("SortOrderDirection(0x%02X)", uint8(d))
}

// SortOrder is one column of a sort key ([MS-OXCDATA] 2.13.1). On the wire
// it is PropertyType (2 bytes), PropertyId (2 bytes), Order (1 byte), that
// is the little-endian property tag followed by the order. A multi-valued
// column carries both MultipleFlag and MultiInstanceFlag.
type SortOrder struct {
	PropTag PropTag
	Order   SortOrderDirection
}

// SortOrderSet is a sort key with categorization ([MS-OXCDATA] 2.13.2):
// SortOrderCount (2 bytes), CategorizedCount (2 bytes), ExpandedCount
// (2 bytes), then SortOrderCount SortOrder structures. The first
// CategorizedCount orders are category columns, of which the first
// ExpandedCount start expanded. The counts are 16 bits in every context
// (RopSortTable, [MS-OXCROPS] 2.2.5.2).
type SortOrderSet struct {
	Orders           []SortOrder
	CategorizedCount uint16
	ExpandedCount    uint16
}

// sortOrderSize is the wire size of one SortOrder.
const sortOrderSize = 5

// SortOrderError is a SortOrderSet decoding or encoding error.
type SortOrderError struct {
	Offset int // byte offset of the failure in the buffer
	Err    error
}

func (e *SortOrderError) Error() string {
	return fmt.Sprintf("mapi: sort order set at offset %d: %v", e.Offset, e.Err)
}

func (e *SortOrderError) Unwrap() error { return e.Err }

// ParseSortOrderSet decodes a SortOrderSet ([MS-OXCDATA] 2.13.2) from the
// start of b and returns it with the number of bytes consumed. It checks
// that CategorizedCount <= SortOrderCount and ExpandedCount <=
// CategorizedCount, as the spec requires, and that every Order is one of
// the three defined values.
func ParseSortOrderSet(b []byte) (SortOrderSet, int, error) {
	r := wire.NewReader(b)
	var s SortOrderSet
	n := int(r.Uint16())
	s.CategorizedCount = r.Uint16()
	s.ExpandedCount = r.Uint16()
	if r.Err() == nil {
		switch {
		case int(s.CategorizedCount) > n:
			r.Failf("SortOrderSet", "CategorizedCount %d exceeds SortOrderCount %d", s.CategorizedCount, n)
		case s.ExpandedCount > s.CategorizedCount:
			r.Failf("SortOrderSet", "ExpandedCount %d exceeds CategorizedCount %d", s.ExpandedCount, s.CategorizedCount)
		}
	}
	if r.CheckCount("SortOrders", n, sortOrderSize) && n > 0 {
		s.Orders = make([]SortOrder, n)
		for i := range s.Orders {
			s.Orders[i].PropTag = PropTag(r.Uint32())
			s.Orders[i].Order = SortOrderDirection(r.Uint8())
			if o := s.Orders[i].Order; r.Err() == nil && o != Ascending && o != Descending && o != MaximumCategory {
				r.Failf("SortOrder", "unknown Order 0x%02X", uint8(o))
			}
		}
	}
	if err := r.Err(); err != nil {
		return SortOrderSet{}, 0, sortOrderError(err)
	}
	return s, r.Offset(), nil
}

func sortOrderError(err error) error {
	if we, ok := err.(*wire.Error); ok {
		cause := we.Err
		if we.What != "" {
			cause = fmt.Errorf("%s: %w", we.What, we.Err)
		}
		return &SortOrderError{Offset: we.Offset, Err: cause}
	}
	return &SortOrderError{Err: err}
}

// AppendBinary appends s in its wire form ([MS-OXCDATA] 2.13.2). It
// fails, appending nothing, if there are more than 65535 orders or the
// counts are out of the ranges ParseSortOrderSet accepts.
func (s SortOrderSet) AppendBinary(b []byte) ([]byte, error) {
	return AppendSortOrderSet(b, s)
}

// AppendSortOrderSet appends s in its wire form ([MS-OXCDATA] 2.13.2); see
// SortOrderSet.AppendBinary.
func AppendSortOrderSet(b []byte, s SortOrderSet) ([]byte, error) {
	n := len(s.Orders)
	switch {
	case n > 0xFFFF:
		return b, &SortOrderError{Err: fmt.Errorf("%d sort orders exceed 65535", n)}
	case int(s.CategorizedCount) > n:
		return b, &SortOrderError{Err: fmt.Errorf("CategorizedCount %d exceeds %d orders", s.CategorizedCount, n)}
	case s.ExpandedCount > s.CategorizedCount:
		return b, &SortOrderError{Err: fmt.Errorf("ExpandedCount %d exceeds CategorizedCount %d", s.ExpandedCount, s.CategorizedCount)}
	}
	for i, o := range s.Orders {
		if o.Order != Ascending && o.Order != Descending && o.Order != MaximumCategory {
			return b, &SortOrderError{Offset: 6 + i*sortOrderSize + 4, Err: fmt.Errorf("unknown Order %v", o.Order)}
		}
	}
	b = wire.AppendUint16(b, uint16(n))
	b = wire.AppendUint16(b, s.CategorizedCount)
	b = wire.AppendUint16(b, s.ExpandedCount)
	for _, o := range s.Orders {
		b = wire.AppendUint32(b, uint32(o.PropTag))
		b = append(b, uint8(o.Order))
	}
	return b, nil
}

// Compare orders two objects (table rows) by the sort key and returns -1,
// 0 or +1. Each SortOrder's column is looked up with Object.Prop with the
// multi-instance flag removed (and, for a multi-valued column, under the
// single-valued type too, which is what a row of a multi-instance table
// holds) and compared with CompareValues,
// reversed for Descending. MaximumCategory columns are skipped: the
// aggregate is a property of a category, not of a row, and is the table
// implementation's business.
//
// Missing values sort after present ones in both directions, as MAPI
// documents for SSortOrder ("all NULL entries placed last"). Values that
// CompareValues cannot order (different classes) compare by class, so
// Compare is a total order usable with slices.SortStableFunc.
func (s SortOrderSet) Compare(a, b Object) int {
	for _, o := range s.Orders {
		if o.Order == MaximumCategory {
			continue
		}
		tag := o.PropTag &^ PropTag(MultiInstanceFlag)
		va, okA := lookupSortKey(a, tag)
		vb, okB := lookupSortKey(b, tag)
		var c int
		switch {
		case !okA && !okB:
			continue
		case !okA:
			return 1
		case !okB:
			return -1
		default:
			c = compareForSort(va.Value, vb.Value)
		}
		if o.Order == Descending {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

// lookupSortKey finds the sort column in a row: under tag, or, for a
// multi-valued tag, under its single-valued type (the value a row of a
// multi-instance table holds).
func lookupSortKey(o Object, tag PropTag) (PropValue, bool) {
	if v, ok := lookupProp(o, tag); ok {
		return v, true
	}
	if tag.Type().IsMultiple() {
		return lookupProp(o, tag.WithType(tag.Type().Single()))
	}
	return PropValue{}, false
}

// compareForSort is compareAny made total: incomparable values order by
// their class.
func compareForSort(a, b any) int {
	c, err := compareAny(a, b)
	if err == nil {
		return c
	}
	ca, cb := classOf(a), classOf(b)
	if ca != cb {
		if ca < cb {
			return -1
		}
		return 1
	}
	return 0
}

func classOf(v any) valueClass {
	if _, ok := multiLen(v); ok {
		return classMulti
	}
	return toScalar(v).class
}

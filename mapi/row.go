package mapi

import (
	"errors"
	"fmt"

	"github.com/oxkit/oxkit/internal/wire"
)

// PropertyRow is a StandardPropertyRow or a FlaggedPropertyRow
// ([MS-OXCDATA] 2.8.1.1, 2.8.1.2): the values of one row for a column set
// known from context (RopSetColumns, RopGetPropertiesSpecific).
//
// Values has one entry per column, in column order:
//
//   - For a column with a type, Tag is the column's tag (multi-instance
//     flag included; the value then has the single-valued Go type).
//   - For a PtypUnspecified column the wire carries the type
//     (TypedPropertyValue, FlaggedPropertyValueWithType), and Tag is the
//     column's ID with that type.
//   - In a flagged row, a value whose Flag is 0x0A is an ErrorValue (the
//     error code, typically ecNotFound), one whose Flag is 0x01 is Absent{};
//     Flag 0x00 values have the Go type of the table on PropValue. Encoding
//     writes back exactly these flags, so rows round-trip byte for byte.
//
// A StandardPropertyRow (Flagged false) cannot hold ErrorValue or Absent;
// a server building a row sets Flagged when any column failed, as
// [MS-OXCDATA] 2.8.1 requires.
type PropertyRow struct {
	Flagged bool // FlaggedPropertyRow (Flag 0x01) rather than StandardPropertyRow (0x00)
	Values  []PropValue
}

// HasErrors reports whether any value is an ErrorValue or Absent, that is
// whether the row must be sent as a FlaggedPropertyRow.
func (row PropertyRow) HasErrors() bool {
	for _, v := range row.Values {
		switch v.Value.(type) {
		case ErrorValue, Absent:
			return true
		}
	}
	return false
}

// Row flags of [MS-OXCDATA] 2.8.1.
const (
	rowStandard = 0x00
	rowFlagged  = 0x01
)

var errRowLength = errors.New("row has a different number of values than columns")

// ParsePropertyRow16 decodes a PropertyRow ([MS-OXCDATA] 2.8.1) for the
// columns cols, with 16-bit COUNT fields (ROP buffers). It returns the row
// and the number of bytes read. Nothing aliases b. The strings and byte
// slices of a row (of all rows, for ParsePropertyRowSet16) are carved out
// of shared chunks of at most 4 KB, so the row costs the Values slice, a
// few chunks and one interface box per non-trivial value; a retained
// value keeps its chunk alive, and byte slices are capacity-limited so
// appending to one never overwrites another.
func ParsePropertyRow16(b []byte, cols []PropTag) (PropertyRow, int, error) {
	return parseRowTop(b, cols, width16)
}

// ParsePropertyRow32 is ParsePropertyRow16 with 32-bit COUNT fields.
func ParsePropertyRow32(b []byte, cols []PropTag) (PropertyRow, int, error) {
	return parseRowTop(b, cols, width32)
}

func parseRowTop(b []byte, cols []PropTag, w countWidth) (PropertyRow, int, error) {
	var r wire.Reader
	r.Reset(b)
	row := readRow(&r, cols, w, new(arena))
	if err := fillWhat(&r, "mapi: PropertyRow"); err != nil {
		return PropertyRow{}, 0, err
	}
	return row, r.Offset(), nil
}

func readRow(r *wire.Reader, cols []PropTag, w countWidth, a *arena) PropertyRow {
	var row PropertyRow
	switch flag := r.Uint8(); flag {
	case rowStandard:
	case rowFlagged:
		row.Flagged = true
	default:
		if r.Err() == nil {
			r.Failf("mapi: PropertyRow", "unknown row Flag 0x%02X before this offset", flag)
		}
		return row
	}
	if r.Err() != nil {
		return row
	}
	row.Values = make([]PropValue, len(cols))
	for i, col := range cols {
		tag := col
		typ := col.Type()
		if typ == PtypUnspecified {
			typ = PropType(r.Uint16())
			tag = NewPropTag(col.ID(), typ)
		}
		var v any
		if row.Flagged {
			v = readFlagged(r, typ, w, a)
		} else {
			v = readValue(r, typ, w, a)
		}
		if r.Err() != nil {
			return row
		}
		row.Values[i] = PropValue{Tag: tag, Value: v}
	}
	return row
}

// AppendPropertyRow16 appends row encoded for the columns cols with 16-bit
// COUNT fields. len(row.Values) must equal len(cols) and each value's
// property ID must match its column's; the column's type (or, for
// PtypUnspecified columns, the value's tag type) selects the encoding. On
// error b is returned unchanged.
func AppendPropertyRow16(b []byte, cols []PropTag, row PropertyRow) ([]byte, error) {
	return appendRow(b, cols, row, width16)
}

// AppendPropertyRow32 is AppendPropertyRow16 with 32-bit COUNT fields.
func AppendPropertyRow32(b []byte, cols []PropTag, row PropertyRow) ([]byte, error) {
	return appendRow(b, cols, row, width32)
}

func appendRow(b []byte, cols []PropTag, row PropertyRow, w countWidth) ([]byte, error) {
	if len(row.Values) != len(cols) {
		return b, fmt.Errorf("mapi: PropertyRow: %w (%d values, %d columns)", errRowLength, len(row.Values), len(cols))
	}
	orig := b
	if row.Flagged {
		b = append(b, rowFlagged)
	} else {
		b = append(b, rowStandard)
	}
	var err error
	for i, col := range cols {
		v := &row.Values[i]
		if v.Tag.ID() != col.ID() {
			return orig, fmt.Errorf("mapi: PropertyRow column %d is %v but its value is tagged %v", i, col, v.Tag)
		}
		typ := col.Type()
		if typ == PtypUnspecified {
			typ = v.Tag.Type()
			b = wire.AppendUint16(b, uint16(typ))
		}
		if row.Flagged {
			b, err = appendFlagged(b, typ, v.Value, w)
		} else {
			switch v.Value.(type) {
			case ErrorValue, Absent:
				return orig, errFlaggedInStandard(i, col)
			}
			b, err = appendValue(b, typ, v.Value, w)
		}
		if err != nil {
			return orig, fmt.Errorf("mapi: PropertyRow column %d (%v): %w", i, col, err)
		}
	}
	return b, nil
}

// minRowSize is the fewest bytes a row for cols can take, used to bound a
// row count read from the wire before allocating.
func minRowSize(cols []PropTag) int {
	n := 1
	for _, c := range cols {
		switch c.Type() {
		case PtypNull:
		case PtypUnspecified:
			n += 2
		default:
			n++
		}
	}
	return n
}

// ParsePropertyRowSet16 decodes a PropertyRowSet ([MS-OXCDATA] 2.8.2): a
// 16-bit RowCount followed by that many PropertyRow structures for cols,
// with 16-bit COUNT fields (RopQueryRows, RopFindRow).
func ParsePropertyRowSet16(b []byte, cols []PropTag) ([]PropertyRow, int, error) {
	return parseRowSet(b, cols, width16)
}

// ParsePropertyRowSet32 is ParsePropertyRowSet16 with a 32-bit RowCount
// and 32-bit COUNT fields.
func ParsePropertyRowSet32(b []byte, cols []PropTag) ([]PropertyRow, int, error) {
	return parseRowSet(b, cols, width32)
}

func parseRowSet(b []byte, cols []PropTag, w countWidth) ([]PropertyRow, int, error) {
	var r wire.Reader
	r.Reset(b)
	n := w.read(&r)
	if !r.CheckCount("mapi: PropertyRowSet RowCount", n, minRowSize(cols)) {
		return nil, 0, fillWhat(&r, "mapi: PropertyRowSet")
	}
	rows := make([]PropertyRow, n)
	a := new(arena)
	for i := range rows {
		rows[i] = readRow(&r, cols, w, a)
		if r.Err() != nil {
			break
		}
	}
	if err := fillWhat(&r, "mapi: PropertyRowSet"); err != nil {
		return nil, 0, err
	}
	return rows, r.Offset(), nil
}

// AppendPropertyRowSet16 appends a PropertyRowSet with a 16-bit RowCount.
func AppendPropertyRowSet16(b []byte, cols []PropTag, rows []PropertyRow) ([]byte, error) {
	return appendRowSet(b, cols, rows, width16)
}

// AppendPropertyRowSet32 appends a PropertyRowSet with a 32-bit RowCount
// and 32-bit COUNT fields.
func AppendPropertyRowSet32(b []byte, cols []PropTag, rows []PropertyRow) ([]byte, error) {
	return appendRowSet(b, cols, rows, width32)
}

func appendRowSet(b []byte, cols []PropTag, rows []PropertyRow, w countWidth) ([]byte, error) {
	if len(rows) > w.max() {
		return b, fmt.Errorf("mapi: PropertyRowSet: %d rows exceed the %d-bit RowCount", len(rows), 8*int(w))
	}
	orig := b
	b = w.append(b, len(rows))
	var err error
	for i := range rows {
		if b, err = appendRow(b, cols, rows[i], w); err != nil {
			return orig, fmt.Errorf("mapi: PropertyRowSet row %d: %w", i, err)
		}
	}
	return b, nil
}

// BuildPropertyRow assembles the row for cols from a property lookup, the
// way a server answers RopQueryRows or RopGetPropertiesSpecific:
//
//   - a property found with the column's type (or any type, for a
//     PtypUnspecified column, whose value keeps its own type) is the value;
//   - a property found as a MAPI error value (tag type PtypErrorCode with
//     an ErrorCode value, for a column of another type) becomes an
//     ErrorValue with that code;
//   - a missing property, or one found with a type other than the
//     column's, becomes ErrorValue(EcNotFound); for a PtypUnspecified
//     column its wire type is PtypErrorCode.
//
// Flagged is set when any column holds an ErrorValue, as [MS-OXCDATA]
// 2.8.1 requires. lookup receives the column tag; for multi-instance
// columns it is the caller's job to return the instance's single value.
func BuildPropertyRow(cols []PropTag, lookup func(col PropTag) (PropValue, bool)) PropertyRow {
	row := PropertyRow{Values: make([]PropValue, len(cols))}
	for i, col := range cols {
		v, ok := lookup(col)
		want := col.Type()
		got := v.Tag.Type()
		switch {
		case !ok || v.Tag.ID() != col.ID():
			row.Values[i] = notFoundValue(col)
		case got == PtypErrorCode && want != PtypErrorCode:
			code, isCode := v.Value.(ErrorCode)
			if !isCode {
				code = EcNotFound
			}
			if want == PtypUnspecified {
				row.Values[i] = PropValue{Tag: col.WithType(PtypErrorCode), Value: ErrorValue(code)}
			} else {
				row.Values[i] = PropValue{Tag: col, Value: ErrorValue(code)}
			}
		case want == PtypUnspecified:
			row.Values[i] = PropValue{Tag: col.WithType(got), Value: v.Value}
		case got == want || valueType(got) == valueType(want):
			row.Values[i] = PropValue{Tag: col, Value: v.Value}
		default:
			row.Values[i] = notFoundValue(col)
		}
		if _, isErr := row.Values[i].Value.(ErrorValue); isErr {
			row.Flagged = true
		}
	}
	return row
}

func notFoundValue(col PropTag) PropValue {
	if col.Type() == PtypUnspecified {
		return PropValue{Tag: col.WithType(PtypErrorCode), Value: ErrorValue(EcNotFound)}
	}
	return PropValue{Tag: col, Value: ErrorValue(EcNotFound)}
}

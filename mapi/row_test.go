package mapi

import (
	"bytes"
	"encoding/binary"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/oxkit/oxkit/internal/wire"
)

// Tags used by the row tests.
const (
	tagRuleID           PropTag = 0x66740014 // PidTagRuleId, PtypInteger64
	tagRuleProviderData PropTag = 0x66840102 // PidTagRuleProviderData, PtypBinary
	tagRuleName         PropTag = 0x6682001F // PidTagRuleName, PtypString
)

// TestSpecRuleTableRow decodes and re-encodes the one row of the
// RopQueryRows response of [MS-OXORULE] 4.2.2 (a StandardPropertyRow,
// [MS-OXCDATA] 2.8.1.1, inside a PropertyRowSet, 2.8.2). The columns come
// from the example's RopSetColumns request (4.2.1), which our offline
// material does not reproduce; they are the ones the value layout and the
// rules-table conventions imply: PidTagRuleId, PidTagRuleProviderData,
// PidTagRuleName.
func TestSpecRuleTableRow(t *testing.T) {
	resp := vtHex(t, `0000: 15 01 00 00 00 00 02 01-00 00 01 00 00 00 01 3f
0010: f8 56 10 00 01 00 00 00-01 00 00 00 55 55 55 55
0020: d1 44 e3 40 50 00 72 00-6f 00 6a 00 65 00 63 00
0030: 74 00 20 00 58 00 00 00`)
	cols := []PropTag{tagRuleID, tagRuleProviderData, tagRuleName}
	set := resp[7:] // RowCount (2 bytes) then the rows
	want := []PropertyRow{{Values: []PropValue{
		{Tag: tagRuleID, Value: int64(0x56F83F0100000001)},
		{Tag: tagRuleProviderData, Value: vtHex(t, "01000000 01000000 55555555 D144E340")},
		{Tag: tagRuleName, Value: "Project X"},
	}}}
	rows, n, err := ParsePropertyRowSet16(set, cols)
	if err != nil {
		t.Fatalf("MS-OXORULE 4.2.2: %v", err)
	}
	if n != len(set) || !reflect.DeepEqual(rows, want) {
		t.Fatalf("MS-OXORULE 4.2.2: got %#v (%d bytes)", rows, n)
	}
	enc, err := AppendPropertyRowSet16(nil, cols, want)
	if err != nil || !bytes.Equal(enc, set) {
		t.Fatalf("MS-OXORULE 4.2.2: encoded % X, want % X (%v)", enc, set, err)
	}
	row, n, err := ParsePropertyRow16(set[2:], cols)
	if err != nil || n != len(set)-2 || !reflect.DeepEqual(row, want[0]) {
		t.Fatalf("MS-OXORULE 4.2.2 single row: %#v %d %v", row, n, err)
	}
}

// TestFlaggedRowRoundTrip covers a FlaggedPropertyRow ([MS-OXCDATA]
// 2.8.1.2) with every flag, PtypUnspecified columns
// (FlaggedPropertyValueWithType, 2.11.6) and a PtypErrorCode column holding
// a value, checking exact bytes in both directions and both widths.
func TestFlaggedRowRoundTrip(t *testing.T) {
	cols := []PropTag{
		0x0037001F, // PidTagSubject
		0x0E080003, // PidTagMessageSize
		0x00010000, // unspecified: present
		0x00020000, // unspecified: error, wire type PtypString
		0x00030000, // unspecified: absent, wire type PtypBinary
		0x0004000A, // a PtypErrorCode column with a value
		0x0005000A, // a PtypErrorCode column that failed
	}
	row := PropertyRow{Flagged: true, Values: []PropValue{
		{Tag: 0x0037001F, Value: "Hi"},
		{Tag: 0x0E080003, Value: ErrorValue(0x8004010F)},
		{Tag: 0x00010003, Value: int32(9)},
		{Tag: 0x0002001F, Value: ErrorValue(0x80040102)},
		{Tag: 0x00030102, Value: Absent{}},
		{Tag: 0x0004000A, Value: ErrorCode(0x80040102)},
		{Tag: 0x0005000A, Value: ErrorValue(0x80040102)},
	}}
	want16 := vtHex(t, "01"+
		"00 4800690000 00"+
		"0A 0F010480"+
		"0300 00 09000000"+
		"1F00 0A 02010480"+
		"0201 01"+
		"00 02010480"+
		"0A 02010480")
	b, err := AppendPropertyRow16(nil, cols, row)
	if err != nil || !bytes.Equal(b, want16) {
		t.Fatalf("append: % X, want % X (%v)", b, want16, err)
	}
	got, n, err := ParsePropertyRow16(b, cols)
	if err != nil || n != len(b) || !reflect.DeepEqual(got, row) {
		t.Fatalf("parse: %#v %d %v", got, n, err)
	}
	if !got.HasErrors() {
		t.Fatal("HasErrors false")
	}
	b32, err := AppendPropertyRow32(nil, cols, row)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err = ParsePropertyRow32(b32, cols)
	if err != nil || !reflect.DeepEqual(got, row) {
		t.Fatalf("parse32: %#v %v", got, err)
	}
}

func TestStandardRowUnspecified(t *testing.T) {
	cols := []PropTag{0x3001001F, 0x0E170000} // PidTagDisplayName, PidTagMessageStatus as unspecified
	row := PropertyRow{Values: []PropValue{{Tag: 0x3001001F, Value: "A"}, {Tag: 0x0E170003, Value: int32(2)}}}
	want := vtHex(t, "00 41000000 0300 02000000")
	b, err := AppendPropertyRow16(nil, cols, row)
	if err != nil || !bytes.Equal(b, want) {
		t.Fatalf("% X %v", b, err)
	}
	got, _, err := ParsePropertyRow16(b, cols)
	if err != nil || !reflect.DeepEqual(got, row) || got.HasErrors() {
		t.Fatalf("%#v %v", got, err)
	}
}

func TestRowErrors(t *testing.T) {
	cols := []PropTag{0x0037001F, 0x0E080003}
	cases := []struct {
		name string
		row  PropertyRow
		frag string
	}{
		{"too few values", PropertyRow{Values: []PropValue{{Tag: 0x0037001F, Value: "x"}}}, "different number"},
		{"wrong id", PropertyRow{Values: []PropValue{{Tag: 0x0038001F, Value: "x"}, {Tag: 0x0E080003, Value: int32(1)}}}, "tagged"},
		{"error in standard row", PropertyRow{Values: []PropValue{{Tag: 0x0037001F, Value: "x"}, {Tag: 0x0E080003, Value: ErrorValue(1)}}}, "StandardPropertyRow"},
		{"wrong Go type", PropertyRow{Values: []PropValue{{Tag: 0x0037001F, Value: "x"}, {Tag: 0x0E080003, Value: int64(1)}}}, "cannot encode"},
	}
	for _, c := range cases {
		b, err := AppendPropertyRow16([]byte{7}, cols, c.row)
		if err == nil || !strings.Contains(err.Error(), c.frag) || !strings.HasPrefix(err.Error(), "mapi: ") {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !bytes.Equal(b, []byte{7}) {
			t.Fatalf("%s: buffer changed", c.name)
		}
	}
	var te *TypeError
	_, err := AppendPropertyRow16(nil, cols, cases[3].row)
	if !errors.As(err, &te) {
		t.Fatalf("wrong Go type error does not unwrap to *TypeError: %v", err)
	}

	bad := []struct {
		name string
		b    string
		off  int
	}{
		{"empty", "", 0},
		{"bad row flag", "02", 1},
		{"short value", "00 4100", 1},
		{"bad value flag", "01 05", 2},
	}
	for _, c := range bad {
		_, _, err := ParsePropertyRow16(vtHex(t, c.b), cols)
		var we *wire.Error
		if !errors.As(err, &we) || we.Offset != c.off {
			t.Fatalf("%s: %v", c.name, err)
		}
	}
	// A row count that cannot fit is refused before allocating.
	_, _, err = ParsePropertyRowSet16(vtHex(t, "FFFF 00"), cols)
	var we *wire.Error
	if !errors.As(err, &we) || we.Offset != 2 {
		t.Fatalf("row count: %v", err)
	}
}

// benchRow returns 30 realistic contents-table columns and one row.
func benchRow() ([]PropTag, PropertyRow) {
	when := time.Date(2026, 11, 28, 9, 30, 0, 0, time.UTC)
	entryID := bytes.Repeat([]byte{0xAB}, 70)
	var cols []PropTag
	var vals []PropValue
	add := func(tag PropTag, v any) {
		cols = append(cols, tag)
		vals = append(vals, PropValue{Tag: tag, Value: v})
	}
	add(0x0FFF0102, entryID)                            // PidTagEntryId
	add(0x0037001F, "Quarterly planning meeting notes") // PidTagSubject
	add(0x0C1A001F, "Alice Example")                    // PidTagSenderName
	add(0x0E04001F, "Bob Example; Carol Example")       // PidTagDisplayTo
	add(0x0E03001F, "")                                 // PidTagDisplayCc
	add(0x0E060040, when)                               // PidTagMessageDeliveryTime
	add(0x30070040, when)                               // PidTagCreationTime
	add(0x30080040, when)                               // PidTagLastModificationTime
	add(0x00390040, when)                               // PidTagClientSubmitTime
	add(0x0E080003, int32(48213))                       // PidTagMessageSize
	add(0x0E070003, int32(1))                           // PidTagMessageFlags
	add(0x00170003, int32(1))                           // PidTagImportance
	add(0x00360003, int32(0))                           // PidTagSensitivity
	add(0x0E1B000B, true)                               // PidTagHasAttachments
	add(0x0E1F000B, false)                              // PidTagRtfInSync
	add(0x001A001F, "IPM.Note")                         // PidTagMessageClass
	add(0x0070001F, "Quarterly planning meeting notes") // PidTagConversationTopic
	add(0x00710102, bytes.Repeat([]byte{0x01}, 22))     // PidTagConversationIndex
	add(0x65E20102, bytes.Repeat([]byte{0x02}, 22))     // PidTagChangeKey
	add(0x300B0102, bytes.Repeat([]byte{0x03}, 16))     // PidTagSearchKey
	add(0x67480014, int64(0x0001000000001234))          // PidTagFolderId
	add(0x674A0014, int64(0x0001000000005678))          // PidTagMid
	add(0x67AA000B, false)                              // PidTagAssociated
	add(0x10960003, int32(0x80))                        // PidTagIconIndex... (PidTagIconIndex)
	add(0x0E17001F, "")                                 // string column
	add(0x5D01001F, "alice@example.com")                // PidTagSenderSmtpAddress
	add(0x0C1F001F, "alice@example.com")                // PidTagSenderEmailAddress
	add(0x0E2D0102, bytes.Repeat([]byte{0x04}, 8))      // binary
	add(0x10810003, int32(0))                           // PidTagLastVerbExecuted
	add(0x10820040, when.Add(-time.Hour))               // PidTagLastVerbExecutionTime
	return cols, PropertyRow{Values: vals}
}

func TestBenchRowRoundTrip(t *testing.T) {
	cols, row := benchRow()
	if len(cols) != 30 {
		t.Fatalf("%d columns", len(cols))
	}
	b, err := AppendPropertyRow16(nil, cols, row)
	if err != nil {
		t.Fatal(err)
	}
	got, n, err := ParsePropertyRow16(b, cols)
	if err != nil || n != len(b) || !reflect.DeepEqual(got, row) {
		t.Fatalf("%v %d", err, n)
	}
}

func BenchmarkParsePropertyRow16(b *testing.B) {
	cols, row := benchRow()
	buf, err := AppendPropertyRow16(nil, cols, row)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ParsePropertyRow16(buf, cols); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendPropertyRow16(b *testing.B) {
	cols, row := benchRow()
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if buf, err = AppendPropertyRow16(buf[:0], cols, row); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(buf)))
}

// fuzzTypes are the column types FuzzPropertyRow draws from.
var fuzzTypes = []PropType{
	PtypUnspecified, PtypNull, PtypInteger16, PtypInteger32, PtypFloating32, PtypFloating64,
	PtypCurrency, PtypFloatingTime, PtypErrorCode, PtypBoolean, PtypObject, PtypInteger64,
	PtypString8, PtypString, PtypTime, PtypGuid, PtypServerId, PtypRuleAction, PtypBinary,
	PtypMultipleInteger16, PtypMultipleInteger32, PtypMultipleFloating32, PtypMultipleFloating64,
	PtypMultipleCurrency, PtypMultipleFloatingTime, PtypMultipleInteger64, PtypMultipleString8,
	PtypMultipleString, PtypMultipleTime, PtypMultipleGuid, PtypMultipleBinary,
	PtypMultipleString | MultiInstanceFlag,
}

// fuzzColumns derives up to 8 columns from the first bytes of data: one
// byte for the count, one per column choosing its type. It returns the
// columns and the rest of data.
func fuzzColumns(data []byte) ([]PropTag, []byte) {
	if len(data) == 0 {
		return nil, nil
	}
	n := int(data[0] % 9)
	data = data[1:]
	if n > len(data) {
		n = len(data)
	}
	cols := make([]PropTag, n)
	for i := range cols {
		cols[i] = NewPropTag(PropID(0x8000+i), fuzzTypes[int(data[i])%len(fuzzTypes)])
	}
	return cols, data[n:]
}

// fuzzSeed builds a FuzzPropertyRow input from column type indexes and row bytes.
func fuzzSeed(types []int, row []byte) []byte {
	b := []byte{byte(len(types))}
	for _, t := range types {
		b = append(b, byte(t))
	}
	return append(b, row...)
}

// FuzzPropertyRow decodes a PropertyRow (columns derived from the first
// bytes) in both widths and checks that encoding is a fixed point.
func FuzzPropertyRow(f *testing.F) {
	idx := func(t PropType) int {
		for i, x := range fuzzTypes {
			if x == t {
				return i
			}
		}
		panic(t)
	}
	cols, row := benchRow()
	var types []int
	for _, c := range cols[:8] {
		types = append(types, idx(c.Type()))
	}
	if b, err := AppendPropertyRow16(nil, cols[:8], PropertyRow{Values: row.Values[:8]}); err == nil {
		f.Add(fuzzSeed(types, b))
	}
	if b, err := AppendPropertyRow32(nil, cols[:8], PropertyRow{Values: row.Values[:8]}); err == nil {
		f.Add(fuzzSeed(types, b))
	}
	for _, v := range loadVectors(f, "proprow") {
		var types []int
		for _, c := range v.cols {
			types = append(types, idx(c.Type()))
		}
		f.Add(fuzzSeed(types, v.data))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cols, rest := fuzzColumns(data)
		for _, w := range []struct {
			parse func([]byte, []PropTag) (PropertyRow, int, error)
			app   func([]byte, []PropTag, PropertyRow) ([]byte, error)
		}{
			{ParsePropertyRow16, AppendPropertyRow16},
			{ParsePropertyRow32, AppendPropertyRow32},
		} {
			row, n, err := w.parse(rest, cols)
			if err != nil {
				continue
			}
			if n > len(rest) {
				t.Fatalf("read %d of %d", n, len(rest))
			}
			b1, err := w.app(nil, cols, row)
			if err != nil {
				t.Fatalf("re-encode: %v (%#v)", err, row)
			}
			row2, n2, err := w.parse(b1, cols)
			if err != nil || n2 != len(b1) {
				t.Fatalf("re-parse: %v %d/%d", err, n2, len(b1))
			}
			b2, err := w.app(nil, cols, row2)
			if err != nil || !bytes.Equal(b1, b2) {
				t.Fatalf("not a fixed point:\n% X\n% X", b1, b2)
			}
			// Apart from Boolean normalisation (any non-zero byte is
			// true) and unpaired UTF-16 surrogates (U+FFFD), a decoded
			// row re-encodes to the very bytes it came from.
			if !lossyColumns(cols) && !bytes.Equal(b1, rest[:n]) {
				t.Fatalf("re-encoding differs from input:\n% X\n% X", b1, rest[:n])
			}
		}
	})
}

// lossyColumns reports whether a column type may normalise on re-encoding.
func lossyColumns(cols []PropTag) bool {
	for _, c := range cols {
		switch valueType(c.Type()) {
		case PtypBoolean, PtypString, PtypMultipleString, PtypUnspecified, PtypRuleAction:
			return true
		}
	}
	return false
}

// TestPropertyRowSetWidths checks the 32-bit RowCount.
func TestPropertyRowSetWidths(t *testing.T) {
	cols := []PropTag{0x0E080003}
	rows := []PropertyRow{{Values: []PropValue{{Tag: 0x0E080003, Value: int32(1)}}}, {Flagged: true, Values: []PropValue{{Tag: 0x0E080003, Value: Absent{}}}}}
	b, err := AppendPropertyRowSet32(nil, cols, rows)
	if err != nil {
		t.Fatal(err)
	}
	if binary.LittleEndian.Uint32(b) != 2 || len(b) != 4+5+2 {
		t.Fatalf("% X", b)
	}
	got, n, err := ParsePropertyRowSet32(b, cols)
	if err != nil || n != len(b) || !reflect.DeepEqual(got, rows) {
		t.Fatalf("%#v %v", got, err)
	}
}

func TestBuildPropertyRow(t *testing.T) {
	bag := map[PropID]PropValue{
		0x0037: {Tag: 0x0037001F, Value: "Hi"},
		0x0E08: {Tag: 0x0E080003, Value: int32(5)},
		0x0E07: {Tag: 0x0E07000A, Value: EcNotSupported}, // stored as a MAPI error value
		0x3001: {Tag: 0x3001001F, Value: "Name"},
		0x1000: {Tag: 0x1000001E, Value: "body in 8-bit"},
	}
	lookup := func(col PropTag) (PropValue, bool) { v, ok := bag[col.ID()]; return v, ok }
	cols := []PropTag{0x0037001F, 0x0E080003, 0x0E070003, 0x0FFF0102, 0x30010000, 0x00990000, 0x1000001F}
	row := BuildPropertyRow(cols, lookup)
	want := PropertyRow{Flagged: true, Values: []PropValue{
		{Tag: 0x0037001F, Value: "Hi"},
		{Tag: 0x0E080003, Value: int32(5)},
		{Tag: 0x0E070003, Value: ErrorValue(EcNotSupported)},
		{Tag: 0x0FFF0102, Value: ErrorValue(EcNotFound)},
		{Tag: 0x3001001F, Value: "Name"},
		{Tag: 0x0099000A, Value: ErrorValue(EcNotFound)},
		{Tag: 0x1000001F, Value: ErrorValue(EcNotFound)}, // PtypString8 stored, PtypString asked
	}}
	if !reflect.DeepEqual(row, want) {
		t.Fatalf("got %#v", row)
	}
	b, err := AppendPropertyRow16(nil, cols, row)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := ParsePropertyRow16(b, cols)
	if err != nil || !reflect.DeepEqual(got, row) {
		t.Fatalf("%#v %v", got, err)
	}
	if r := BuildPropertyRow(cols[:2], lookup); r.Flagged {
		t.Fatal("flagged without errors")
	}
}

// TestRowArenaIsolation checks that values decoded from one row share no
// writable memory: appending to a binary value must not change the next.
func TestRowArenaIsolation(t *testing.T) {
	cols := []PropTag{0x00010102, 0x00020102, 0x0003001F, 0x0004001E}
	row := PropertyRow{Values: []PropValue{
		{Tag: 0x00010102, Value: []byte{1, 2}},
		{Tag: 0x00020102, Value: []byte{3, 4}},
		{Tag: 0x0003001F, Value: "é😀x"},
		{Tag: 0x0004001E, Value: "abc"},
	}}
	b, err := AppendPropertyRow16(nil, cols, row)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := ParsePropertyRow16(b, cols)
	if err != nil {
		t.Fatal(err)
	}
	first := got.Values[0].Value.([]byte)
	_ = append(first, 0xFF, 0xFF)
	first[0] = 9
	if !bytes.Equal(got.Values[1].Value.([]byte), []byte{3, 4}) {
		t.Fatalf("neighbour changed: % X", got.Values[1].Value)
	}
	if got.Values[2].Value != "é😀x" || got.Values[3].Value != "abc" {
		t.Fatalf("strings: %q %q", got.Values[2].Value, got.Values[3].Value)
	}
	// Decoded values do not alias the input buffer.
	for i := range b {
		b[i] = 0
	}
	if got.Values[3].Value != "abc" || !bytes.Equal(got.Values[1].Value.([]byte), []byte{3, 4}) {
		t.Fatal("values alias the input")
	}
}

// TestRowSetArenaChunks decodes a row set whose strings and binaries span
// several arena chunks, including values larger than a chunk.
func TestRowSetArenaChunks(t *testing.T) {
	cols := []PropTag{0x0037001F, 0x0FFF0102}
	var rows []PropertyRow
	for i := range 40 {
		rows = append(rows, PropertyRow{Values: []PropValue{
			{Tag: 0x0037001F, Value: strings.Repeat(string(rune('a'+i%26)), 10+i*20)},
			{Tag: 0x0FFF0102, Value: bytes.Repeat([]byte{byte(i)}, 5+i*150)},
		}})
	}
	b, err := AppendPropertyRowSet16(nil, cols, rows)
	if err != nil {
		t.Fatal(err)
	}
	got, n, err := ParsePropertyRowSet16(b, cols)
	if err != nil || n != len(b) || !reflect.DeepEqual(got, rows) {
		t.Fatalf("row set mismatch (%v)", err)
	}
}

package mapi

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/oxkit/oxkit/internal/wire"
)

// Property values ([MS-OXCDATA] 2.11.2.1 PropertyValue and the value
// formats of 2.11.1) come in two count widths. In ROP buffers the COUNT
// fields (byte count of PtypBinary, value count of PtypMultipleXxx, action
// count of PtypRuleAction) are 16 bits wide: the functions ending in 16.
// In MAPI/HTTP, NSPI and extended rules ([MS-OXORULE] 2.2.4) they are 32
// bits wide: the functions ending in 32. The PtypServerId byte count is 16
// bits in both ([MS-OXCDATA] 2.11.1).
//
// Limits. Every count read from the wire is checked against the bytes that
// remain (times the smallest encoding of one item) before anything is
// allocated, so a decoder never allocates more than a small constant
// multiple of its input (at most 24 bytes of slice header per input byte
// for PtypMultipleBinary); no separate maximum value size is needed.
// Strings must be NUL-terminated inside the buffer. Encoders refuse counts
// that overflow their field. Restrictions nested in values are bounded by
// the restriction codec's depth limit.
//
// Normalisation. Decoding keeps every bit except two: a PtypBoolean byte
// other than 0 decodes to true (re-encoded as 0x01), and unpaired UTF-16
// surrogates in PtypString decode to U+FFFD. PtypString8 bytes are kept as
// they are, without code-page conversion.

// ServerID is a PtypServerId value ([MS-OXCDATA] 2.11.1.4). On the wire it
// is a 16-bit byte count followed by the Ours byte and, when Ours is 0x01,
// a folder ID, a message ID and an instance number (21 bytes in all);
// when Ours is 0x00 the remaining bytes are client-defined and kept in Raw.
type ServerID struct {
	Ours      bool   // true: FolderID, MessageID and Instance are valid; false: Raw
	FolderID  uint64 // Folder ID structure (2.2.1.1), its 8 bytes read little-endian
	MessageID uint64 // Message ID structure (2.2.1.2); zero when the object is a folder
	Instance  uint32 // instance within a multi-valued property; zero elsewhere
	Raw       []byte // client-defined bytes after the Ours byte (Ours false)
}

// ServerID wire sizes.
const serverIDOursSize = 1 + 8 + 8 + 4

// TypeError reports a Go value whose dynamic type does not fit the
// property type it is being encoded as (see the table on PropValue).
type TypeError struct {
	Type  PropType // the property type being encoded
	Value any      // the offending value
}

func (e *TypeError) Error() string {
	return fmt.Sprintf("mapi: cannot encode Go type %T as %v", e.Value, e.Type)
}

// ValueError reports a value that has the right Go type but cannot be
// encoded: a count that overflows its field, a string with a NUL, a time
// outside the FILETIME range.
type ValueError struct {
	Type PropType
	Err  error
}

func (e *ValueError) Error() string { return fmt.Sprintf("mapi: %v value: %v", e.Type, e.Err) }

func (e *ValueError) Unwrap() error { return e.Err }

var (
	errEmbeddedNUL    = errors.New("string contains a NUL character")
	errUnspecified    = errors.New("PtypUnspecified has no value encoding (use the typed form)")
	errUnknownType    = errors.New("unknown property type")
	errNotOursOrRaw   = errors.New("Ours byte must be 0x00 or 0x01")
	errServerIDLength = errors.New("a ServerId counts 21 bytes with Ours=0x01 and at least 1 byte otherwise")
)

// countWidth is the width in bytes (2 or 4) of COUNT fields. It is an
// internal parameter of the shared implementation; the exported API has
// distinct functions per width.
type countWidth uint8

const (
	width16 countWidth = 2
	width32 countWidth = 4
)

func (w countWidth) max() int {
	if w == width16 {
		return math.MaxUint16
	}
	return math.MaxUint32
}

func (w countWidth) read(r *wire.Reader) int {
	if w == width16 {
		return int(r.Uint16())
	}
	return int(r.Uint32())
}

func (w countWidth) append(b []byte, n int) []byte {
	if w == width16 {
		return wire.AppendUint16(b, uint16(n))
	}
	return wire.AppendUint32(b, uint32(n))
}

// checkCount fails if n does not fit a COUNT field of width w.
func (w countWidth) check(typ PropType, n int) error {
	if n > w.max() {
		return &ValueError{Type: typ, Err: fmt.Errorf("%d items exceed the %d-bit count", n, 8*int(w))}
	}
	return nil
}

// valueType returns the type whose encoding a value of typ uses: the
// multi-instance flag (0x2000, [MS-OXCDATA] 2.11.1.3) on a known
// multi-valued type selects the single-valued form, as in table rows
// expanded per value. The flag on anything else yields an unknown type
// (0x2000 with the flag still set), which the codecs refuse.
func valueType(typ PropType) PropType {
	if typ&MultiInstanceFlag == 0 {
		return typ
	}
	base := typ &^ MultiInstanceFlag
	if base.IsMultiple() && base.Known() {
		return base &^ MultipleFlag
	}
	return typ
}

// fillWhat names the structure in a short-buffer error the cursor
// recorded without context, and returns the reader's error.
func fillWhat(r *wire.Reader, what string) error {
	err := r.Err()
	if e, ok := err.(*wire.Error); ok && e.What == "" {
		e.What = what
	}
	return err
}

// ParsePropertyValue16 decodes a PropertyValue ([MS-OXCDATA] 2.11.2.1) of
// type typ with 16-bit COUNT fields (ROP buffers) from the start of b. It
// returns the value (Go type per the table on PropValue) and the number of
// bytes read. Decoded strings and byte slices never alias b.
func ParsePropertyValue16(b []byte, typ PropType) (v any, n int, err error) {
	return parsePropertyValue(b, typ, width16)
}

// ParsePropertyValue32 is ParsePropertyValue16 with 32-bit COUNT fields
// (MAPI/HTTP, NSPI, extended rules).
func ParsePropertyValue32(b []byte, typ PropType) (v any, n int, err error) {
	return parsePropertyValue(b, typ, width32)
}

func parsePropertyValue(b []byte, typ PropType, w countWidth) (any, int, error) {
	var r wire.Reader
	r.Reset(b)
	v := readValue(&r, typ, w, nil)
	if err := fillWhat(&r, "mapi: PropertyValue"); err != nil {
		return nil, 0, err
	}
	return v, r.Offset(), nil
}

// AppendPropertyValue16 appends v encoded as a PropertyValue of type typ
// with 16-bit COUNT fields. A Go type that does not match typ is a
// *TypeError; an unencodable value (count overflow, NUL in a string, time
// before 1601) is a *ValueError. On error b is returned unchanged.
func AppendPropertyValue16(b []byte, typ PropType, v any) ([]byte, error) {
	return appendValue(b, typ, v, width16)
}

// AppendPropertyValue32 is AppendPropertyValue16 with 32-bit COUNT fields.
func AppendPropertyValue32(b []byte, typ PropType, v any) ([]byte, error) {
	return appendValue(b, typ, v, width32)
}

// ParseTypedPropertyValue16 decodes a TypedPropertyValue ([MS-OXCDATA]
// 2.11.3): a 16-bit property type followed by a PropertyValue with 16-bit
// COUNT fields.
func ParseTypedPropertyValue16(b []byte) (typ PropType, v any, n int, err error) {
	return parseTyped(b, width16)
}

// ParseTypedPropertyValue32 is ParseTypedPropertyValue16 with 32-bit COUNT fields.
func ParseTypedPropertyValue32(b []byte) (typ PropType, v any, n int, err error) {
	return parseTyped(b, width32)
}

func parseTyped(b []byte, w countWidth) (PropType, any, int, error) {
	var r wire.Reader
	r.Reset(b)
	typ := PropType(r.Uint16())
	v := readValue(&r, typ, w, nil)
	if err := fillWhat(&r, "mapi: TypedPropertyValue"); err != nil {
		return 0, nil, 0, err
	}
	return typ, v, r.Offset(), nil
}

// AppendTypedPropertyValue16 appends a TypedPropertyValue with 16-bit
// COUNT fields. On error b is returned unchanged.
func AppendTypedPropertyValue16(b []byte, typ PropType, v any) ([]byte, error) {
	return keepOnError(b)(appendValue(wire.AppendUint16(b, uint16(typ)), typ, v, width16))
}

// AppendTypedPropertyValue32 appends a TypedPropertyValue with 32-bit
// COUNT fields. On error b is returned unchanged.
func AppendTypedPropertyValue32(b []byte, typ PropType, v any) ([]byte, error) {
	return keepOnError(b)(appendValue(wire.AppendUint16(b, uint16(typ)), typ, v, width32))
}

// keepOnError returns a function that passes an append result through, or
// orig with the error.
func keepOnError(orig []byte) func([]byte, error) ([]byte, error) {
	return func(b []byte, err error) ([]byte, error) {
		if err != nil {
			return orig, err
		}
		return b, nil
	}
}

// ParseTaggedPropertyValue16 decodes a TaggedPropertyValue ([MS-OXCDATA]
// 2.11.4): a property tag followed by a PropertyValue with 16-bit COUNT
// fields.
func ParseTaggedPropertyValue16(b []byte) (PropValue, int, error) {
	return parseTagged(b, width16)
}

// ParseTaggedPropertyValue32 is ParseTaggedPropertyValue16 with 32-bit COUNT fields.
func ParseTaggedPropertyValue32(b []byte) (PropValue, int, error) {
	return parseTagged(b, width32)
}

func parseTagged(b []byte, w countWidth) (PropValue, int, error) {
	var r wire.Reader
	r.Reset(b)
	pv := readTagged(&r, w)
	if err := fillWhat(&r, "mapi: TaggedPropertyValue"); err != nil {
		return PropValue{}, 0, err
	}
	return pv, r.Offset(), nil
}

func readTagged(r *wire.Reader, w countWidth) PropValue {
	tag := PropTag(r.Uint32())
	return PropValue{Tag: tag, Value: readValue(r, tag.Type(), w, nil)}
}

// AppendTaggedPropertyValue16 appends v as a TaggedPropertyValue with
// 16-bit COUNT fields; v.Value is encoded as v.Tag's type. On error b is
// returned unchanged.
func AppendTaggedPropertyValue16(b []byte, v PropValue) ([]byte, error) {
	return keepOnError(b)(appendValue(wire.AppendUint32(b, uint32(v.Tag)), v.Tag.Type(), v.Value, width16))
}

// AppendTaggedPropertyValue32 appends a TaggedPropertyValue with 32-bit
// COUNT fields. On error b is returned unchanged.
func AppendTaggedPropertyValue32(b []byte, v PropValue) ([]byte, error) {
	return keepOnError(b)(appendValue(wire.AppendUint32(b, uint32(v.Tag)), v.Tag.Type(), v.Value, width32))
}

// readValue decodes one PropertyValue of type typ. Errors are recorded in
// r. Strings and byte slices are carved out of a when it is not nil.
func readValue(r *wire.Reader, typ PropType, w countWidth, a *arena) any {
	typ = valueType(typ)
	switch typ {
	case PtypNull:
		return nil
	case PtypInteger16:
		return int16(r.Uint16())
	case PtypInteger32:
		return int32(r.Uint32())
	case PtypFloating32:
		return r.Float32()
	case PtypFloating64:
		return r.Float64()
	case PtypCurrency:
		return Currency(r.Uint64())
	case PtypFloatingTime:
		return FloatingTime(r.Float64())
	case PtypErrorCode:
		return ErrorCode(r.Uint32())
	case PtypBoolean:
		return r.Uint8() != 0
	case PtypObject:
		return r.Uint32()
	case PtypInteger64:
		return int64(r.Uint64())
	case PtypString8:
		return readString8(r, a)
	case PtypString:
		return readString16(r, a)
	case PtypTime:
		ft := r.Uint64()
		if r.Err() != nil {
			return nil
		}
		return FiletimeToTime(ft)
	case PtypGuid:
		return readGUID(r)
	case PtypServerId:
		return readServerID(r)
	case PtypRestriction:
		return readRestriction(r, w)
	case PtypRuleAction:
		return readRuleActions(r, w)
	case PtypBinary:
		return readBinary(r, w, a)
	case PtypMultipleInteger16:
		n := readMVCount(r, w, 2)
		out := make([]int16, n)
		for i := range out {
			out[i] = int16(r.Uint16())
		}
		return out
	case PtypMultipleInteger32:
		n := readMVCount(r, w, 4)
		out := make([]int32, n)
		for i := range out {
			out[i] = int32(r.Uint32())
		}
		return out
	case PtypMultipleFloating32:
		n := readMVCount(r, w, 4)
		out := make([]float32, n)
		for i := range out {
			out[i] = r.Float32()
		}
		return out
	case PtypMultipleFloating64:
		n := readMVCount(r, w, 8)
		out := make([]float64, n)
		for i := range out {
			out[i] = r.Float64()
		}
		return out
	case PtypMultipleCurrency:
		n := readMVCount(r, w, 8)
		out := make([]Currency, n)
		for i := range out {
			out[i] = Currency(r.Uint64())
		}
		return out
	case PtypMultipleFloatingTime:
		n := readMVCount(r, w, 8)
		out := make([]FloatingTime, n)
		for i := range out {
			out[i] = FloatingTime(r.Float64())
		}
		return out
	case PtypMultipleInteger64:
		n := readMVCount(r, w, 8)
		out := make([]int64, n)
		for i := range out {
			out[i] = int64(r.Uint64())
		}
		return out
	case PtypMultipleString8:
		n := readMVCount(r, w, 1)
		out := make([]string, n)
		for i := range out {
			out[i] = readString8(r, a)
		}
		return out
	case PtypMultipleString:
		n := readMVCount(r, w, 2)
		out := make([]string, n)
		for i := range out {
			out[i] = readString16(r, a)
		}
		return out
	case PtypMultipleTime:
		n := readMVCount(r, w, 8)
		out := make([]time.Time, n)
		for i := range out {
			out[i] = FiletimeToTime(r.Uint64())
		}
		return out
	case PtypMultipleGuid:
		n := readMVCount(r, w, 16)
		out := make([]GUID, n)
		for i := range out {
			copy(out[i][:], r.Bytes(16))
		}
		return out
	case PtypMultipleBinary:
		n := readMVCount(r, w, int(w))
		out := make([][]byte, n)
		for i := range out {
			out[i] = readBinary(r, w, a)
		}
		return out
	case PtypUnspecified:
		r.Fail("mapi: PropertyValue", errUnspecified)
	default:
		r.Failf("mapi: PropertyValue", "%w %v", errUnknownType, typ)
	}
	return nil
}

// readMVCount reads the value count of a multi-valued property and checks
// that count values of at least minSize bytes fit in what remains. It
// returns 0 on error so that callers allocate nothing.
func readMVCount(r *wire.Reader, w countWidth, minSize int) int {
	n := w.read(r)
	if !r.CheckCount("mapi: multi-valued property count", n, minSize) {
		return 0
	}
	return n
}

func readBinary(r *wire.Reader, w countWidth, a *arena) []byte {
	n := w.read(r)
	if !r.CheckCount("mapi: PtypBinary byte count", n, 1) {
		return nil
	}
	b := r.Bytes(n)
	if b == nil {
		return nil
	}
	if a != nil {
		return a.bytes(b, r.Remaining())
	}
	return append(make([]byte, 0, n), b...)
}

func readGUID(r *wire.Reader) GUID {
	var g GUID
	copy(g[:], r.Bytes(16))
	return g
}

func readString8(r *wire.Reader, a *arena) string {
	rest := r.Rest()
	for i, c := range rest {
		if c == 0 {
			var s string
			if a != nil {
				s = a.string8(rest[:i], len(rest)-i)
			} else {
				s = string(rest[:i])
			}
			r.Skip(i + 1)
			return s
		}
	}
	r.Fail("mapi: PtypString8 value", errors.New("missing NUL terminator"))
	return ""
}

// readString16 reads a NUL-terminated UTF-16LE string with a single
// allocation, or none when a is not nil.
func readString16(r *wire.Reader, a *arena) string {
	rest := r.Rest()
	end := -1
	for i := 0; i+1 < len(rest); i += 2 {
		if rest[i] == 0 && rest[i+1] == 0 {
			end = i
			break
		}
	}
	if end < 0 {
		r.Fail("mapi: PtypString value", errors.New("missing NUL terminator"))
		return ""
	}
	var s string
	if a != nil {
		s = a.string16(rest[:end], len(rest)-end)
	} else {
		s = decodeUTF16(rest[:end])
	}
	r.Skip(end + 2)
	return s
}

// decodeUTF16 converts UTF-16LE to UTF-8 in one allocation; unpaired
// surrogates become U+FFFD.
func decodeUTF16(b []byte) string {
	size := utf16Size(b)
	if size == 0 {
		return ""
	}
	var sb strings.Builder
	sb.Grow(size)
	writeUTF16(&sb, b)
	return sb.String()
}

// utf16Size returns an upper bound of the UTF-8 size of UTF-16LE b (exact
// except for surrogate pairs, counted 6 bytes for their 4).
func utf16Size(b []byte) int {
	n := len(b) / 2
	size := 0
	for i := 0; i < n; i++ {
		u := rune(b[2*i]) | rune(b[2*i+1])<<8
		switch {
		case u < 0x80:
			size++
		case u < 0x800:
			size += 2
		default:
			size += 3
		}
	}
	return size
}

// writeUTF16 writes UTF-16LE b to sb as UTF-8.
func writeUTF16(sb *strings.Builder, b []byte) {
	n := len(b) / 2
	for i := 0; i < n; i++ {
		u := rune(b[2*i]) | rune(b[2*i+1])<<8
		if u < 0x80 {
			sb.WriteByte(byte(u))
			continue
		}
		if utf16.IsSurrogate(u) {
			if i+1 < n {
				u2 := rune(b[2*i+2]) | rune(b[2*i+3])<<8
				if d := utf16.DecodeRune(u, u2); d != utf8.RuneError {
					sb.WriteRune(d)
					i++
					continue
				}
			}
			u = utf8.RuneError
		}
		sb.WriteRune(u)
	}
}

// arena hands out the strings and byte slices of one row (or row set)
// from shared chunks, so that decoding a row allocates per value only the
// interface box. Chunks start at 256 bytes and double up to 4 KB (larger
// values get a chunk of their own); a full chunk is never copied, so the
// values already handed out stay valid. Byte slices are capacity-limited:
// appending to one reallocates instead of overwriting its neighbour. A
// value keeps its whole chunk alive.
type arena struct {
	sb  strings.Builder
	bin []byte
}

const (
	arenaMinChunk = 256
	arenaMaxChunk = 4096
)

// chunkSize returns the size of a new chunk for a value of need bytes,
// given the previous chunk's capacity and the input bytes that remain.
func chunkSize(need, prev, remaining int) int {
	c := max(2*prev, arenaMinChunk)
	c = min(c, arenaMaxChunk, need+remaining)
	return max(c, need)
}

// bytes copies b into the arena.
func (a *arena) bytes(b []byte, remaining int) []byte {
	if cap(a.bin)-len(a.bin) < len(b) {
		a.bin = make([]byte, 0, chunkSize(len(b), cap(a.bin), remaining))
	}
	start := len(a.bin)
	a.bin = append(a.bin, b...)
	return a.bin[start:len(a.bin):len(a.bin)]
}

// reserve makes room for need more bytes in the string chunk.
func (a *arena) reserve(need, remaining int) {
	if a.sb.Cap()-a.sb.Len() < need {
		prev := a.sb.Cap()
		a.sb = strings.Builder{}
		a.sb.Grow(chunkSize(need, prev, remaining))
	}
}

// string8 copies 8-bit string bytes into the arena.
func (a *arena) string8(b []byte, remaining int) string {
	if len(b) == 0 {
		return ""
	}
	a.reserve(len(b), remaining)
	start := a.sb.Len()
	a.sb.Write(b)
	return a.sb.String()[start:]
}

// string16 decodes UTF-16LE b into the arena.
func (a *arena) string16(b []byte, remaining int) string {
	size := utf16Size(b)
	if size == 0 {
		return ""
	}
	a.reserve(size, remaining)
	start := a.sb.Len()
	writeUTF16(&a.sb, b)
	return a.sb.String()[start:]
}

func readServerID(r *wire.Reader) any {
	const what = "mapi: PtypServerId value"
	n := int(r.Uint16())
	rest := r.Rest()
	if r.Err() != nil {
		return nil
	}
	switch {
	case n > len(rest):
		r.Skip(n) // records the short read at the count's end
		return nil
	case n == 0:
		r.Fail(what, errServerIDLength)
		return nil
	}
	switch rest[0] {
	case 0:
		r.Skip(1)
		return ServerID{Raw: r.CopyBytes(n - 1)}
	case 1:
		if n != serverIDOursSize {
			r.Failf(what, "%w, not %d", errServerIDLength, n)
			return nil
		}
		r.Skip(1)
		return ServerID{Ours: true, FolderID: r.Uint64(), MessageID: r.Uint64(), Instance: r.Uint32()}
	}
	r.Failf(what, "%w, not 0x%02X", errNotOursOrRaw, rest[0])
	return nil
}

func readRestriction(r *wire.Reader, w countWidth) any {
	if r.Err() != nil {
		return nil
	}
	var res Restriction
	var n int
	var err error
	if w == width16 {
		res, n, err = ParseRestriction16(r.Rest())
	} else {
		res, n, err = ParseRestriction32(r.Rest())
	}
	if err != nil {
		r.Fail("mapi: PtypRestriction value", err)
		return nil
	}
	r.Skip(n)
	return res
}

// appendValue encodes v as a PropertyValue of type typ. On error the
// original b is returned.
func appendValue(b []byte, typ PropType, v any, w countWidth) ([]byte, error) {
	typ = valueType(typ)
	orig := b
	bad := func() ([]byte, error) { return orig, &TypeError{Type: typ, Value: v} }
	switch typ {
	case PtypNull:
		if v != nil {
			return bad()
		}
		return b, nil
	case PtypInteger16:
		x, ok := v.(int16)
		if !ok {
			return bad()
		}
		return wire.AppendUint16(b, uint16(x)), nil
	case PtypInteger32:
		x, ok := v.(int32)
		if !ok {
			return bad()
		}
		return wire.AppendUint32(b, uint32(x)), nil
	case PtypFloating32:
		x, ok := v.(float32)
		if !ok {
			return bad()
		}
		return wire.AppendFloat32(b, x), nil
	case PtypFloating64:
		x, ok := v.(float64)
		if !ok {
			return bad()
		}
		return wire.AppendFloat64(b, x), nil
	case PtypCurrency:
		x, ok := v.(Currency)
		if !ok {
			return bad()
		}
		return wire.AppendUint64(b, uint64(x)), nil
	case PtypFloatingTime:
		x, ok := v.(FloatingTime)
		if !ok {
			return bad()
		}
		return wire.AppendFloat64(b, float64(x)), nil
	case PtypErrorCode:
		x, ok := v.(ErrorCode)
		if !ok {
			return bad()
		}
		return wire.AppendUint32(b, uint32(x)), nil
	case PtypBoolean:
		x, ok := v.(bool)
		if !ok {
			return bad()
		}
		if x {
			return append(b, 1), nil
		}
		return append(b, 0), nil
	case PtypObject:
		x, ok := v.(uint32)
		if !ok {
			return bad()
		}
		return wire.AppendUint32(b, x), nil
	case PtypInteger64:
		x, ok := v.(int64)
		if !ok {
			return bad()
		}
		return wire.AppendUint64(b, uint64(x)), nil
	case PtypString8:
		x, ok := v.(string)
		if !ok {
			return bad()
		}
		return appendString8(b, typ, x)
	case PtypString:
		x, ok := v.(string)
		if !ok {
			return bad()
		}
		return appendString16(b, typ, x)
	case PtypTime:
		x, ok := v.(time.Time)
		if !ok {
			return bad()
		}
		ft, err := TimeToFiletime(x)
		if err != nil {
			return orig, &ValueError{Type: typ, Err: err}
		}
		return wire.AppendUint64(b, ft), nil
	case PtypGuid:
		x, ok := v.(GUID)
		if !ok {
			return bad()
		}
		return append(b, x[:]...), nil
	case PtypServerId:
		x, ok := v.(ServerID)
		if !ok {
			return bad()
		}
		return appendServerID(b, x)
	case PtypRestriction:
		x, ok := v.(Restriction)
		if !ok || x == nil {
			return bad()
		}
		var err error
		if w == width16 {
			b, err = AppendRestriction16(b, x)
		} else {
			b, err = AppendRestriction32(b, x)
		}
		if err != nil {
			return orig, err
		}
		return b, nil
	case PtypRuleAction:
		x, ok := v.(RuleActions)
		if !ok {
			return bad()
		}
		out, err := appendRuleActions(b, x, w)
		if err != nil {
			return orig, err
		}
		return out, nil
	case PtypBinary:
		x, ok := v.([]byte)
		if !ok {
			return bad()
		}
		if err := w.check(typ, len(x)); err != nil {
			return orig, err
		}
		return append(w.append(b, len(x)), x...), nil
	case PtypMultipleInteger16:
		x, ok := v.([]int16)
		if !ok {
			return bad()
		}
		if err := w.check(typ, len(x)); err != nil {
			return orig, err
		}
		b = w.append(b, len(x))
		for _, e := range x {
			b = wire.AppendUint16(b, uint16(e))
		}
		return b, nil
	case PtypMultipleInteger32:
		x, ok := v.([]int32)
		if !ok {
			return bad()
		}
		if err := w.check(typ, len(x)); err != nil {
			return orig, err
		}
		b = w.append(b, len(x))
		for _, e := range x {
			b = wire.AppendUint32(b, uint32(e))
		}
		return b, nil
	case PtypMultipleFloating32:
		x, ok := v.([]float32)
		if !ok {
			return bad()
		}
		if err := w.check(typ, len(x)); err != nil {
			return orig, err
		}
		b = w.append(b, len(x))
		for _, e := range x {
			b = wire.AppendFloat32(b, e)
		}
		return b, nil
	case PtypMultipleFloating64:
		x, ok := v.([]float64)
		if !ok {
			return bad()
		}
		if err := w.check(typ, len(x)); err != nil {
			return orig, err
		}
		b = w.append(b, len(x))
		for _, e := range x {
			b = wire.AppendFloat64(b, e)
		}
		return b, nil
	case PtypMultipleCurrency:
		x, ok := v.([]Currency)
		if !ok {
			return bad()
		}
		if err := w.check(typ, len(x)); err != nil {
			return orig, err
		}
		b = w.append(b, len(x))
		for _, e := range x {
			b = wire.AppendUint64(b, uint64(e))
		}
		return b, nil
	case PtypMultipleFloatingTime:
		x, ok := v.([]FloatingTime)
		if !ok {
			return bad()
		}
		if err := w.check(typ, len(x)); err != nil {
			return orig, err
		}
		b = w.append(b, len(x))
		for _, e := range x {
			b = wire.AppendFloat64(b, float64(e))
		}
		return b, nil
	case PtypMultipleInteger64:
		x, ok := v.([]int64)
		if !ok {
			return bad()
		}
		if err := w.check(typ, len(x)); err != nil {
			return orig, err
		}
		b = w.append(b, len(x))
		for _, e := range x {
			b = wire.AppendUint64(b, uint64(e))
		}
		return b, nil
	case PtypMultipleString8, PtypMultipleString:
		x, ok := v.([]string)
		if !ok {
			return bad()
		}
		if err := w.check(typ, len(x)); err != nil {
			return orig, err
		}
		b = w.append(b, len(x))
		var err error
		for _, e := range x {
			if typ == PtypMultipleString8 {
				b, err = appendString8(b, typ, e)
			} else {
				b, err = appendString16(b, typ, e)
			}
			if err != nil {
				return orig, err
			}
		}
		return b, nil
	case PtypMultipleTime:
		x, ok := v.([]time.Time)
		if !ok {
			return bad()
		}
		if err := w.check(typ, len(x)); err != nil {
			return orig, err
		}
		b = w.append(b, len(x))
		for _, e := range x {
			ft, err := TimeToFiletime(e)
			if err != nil {
				return orig, &ValueError{Type: typ, Err: err}
			}
			b = wire.AppendUint64(b, ft)
		}
		return b, nil
	case PtypMultipleGuid:
		x, ok := v.([]GUID)
		if !ok {
			return bad()
		}
		if err := w.check(typ, len(x)); err != nil {
			return orig, err
		}
		b = w.append(b, len(x))
		for _, e := range x {
			b = append(b, e[:]...)
		}
		return b, nil
	case PtypMultipleBinary:
		x, ok := v.([][]byte)
		if !ok {
			return bad()
		}
		if err := w.check(typ, len(x)); err != nil {
			return orig, err
		}
		b = w.append(b, len(x))
		for _, e := range x {
			if err := w.check(typ, len(e)); err != nil {
				return orig, err
			}
			b = append(w.append(b, len(e)), e...)
		}
		return b, nil
	case PtypUnspecified:
		return orig, &ValueError{Type: typ, Err: errUnspecified}
	}
	return orig, &ValueError{Type: typ, Err: errUnknownType}
}

func appendString8(b []byte, typ PropType, s string) ([]byte, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return b, &ValueError{Type: typ, Err: errEmbeddedNUL}
	}
	return wire.AppendString8(b, s), nil
}

func appendString16(b []byte, typ PropType, s string) ([]byte, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return b, &ValueError{Type: typ, Err: errEmbeddedNUL}
	}
	return wire.AppendString16(b, s), nil
}

func appendServerID(b []byte, s ServerID) ([]byte, error) {
	if s.Ours {
		b = wire.AppendUint16(b, serverIDOursSize)
		b = append(b, 1)
		b = wire.AppendUint64(b, s.FolderID)
		b = wire.AppendUint64(b, s.MessageID)
		return wire.AppendUint32(b, s.Instance), nil
	}
	if len(s.Raw)+1 > math.MaxUint16 {
		return b, &ValueError{Type: PtypServerId, Err: fmt.Errorf("%d client-defined bytes exceed the 16-bit count", len(s.Raw))}
	}
	b = wire.AppendUint16(b, uint16(len(s.Raw)+1))
	b = append(b, 0)
	return append(b, s.Raw...), nil
}

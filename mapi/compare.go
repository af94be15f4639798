package mapi

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
)

// ErrNotComparable is returned by CompareValues when the two values belong
// to different comparison classes (a string and an integer, say) or hold a
// Go type that has no order (PtypObject handles, rule actions,
// restrictions).
var ErrNotComparable = errors.New("mapi: values are not comparable")

// valueClass groups the Go value types of PropValue into the classes that
// compare with one another.
type valueClass uint8

const (
	classNone     valueClass = iota // not comparable
	classNull                       // nil (PtypNull)
	classInt                        // int16, int32, int64, ErrorCode, uint32
	classFloat                      // float32, float64, FloatingTime
	classCurrency                   // Currency
	classBool                       // bool
	classString                     // string (PtypString, PtypString8)
	classBinary                     // []byte
	classGUID                       // GUID
	classTime                       // time.Time
	classServerID                   // ServerID
	classMulti                      // any slice type of a multi-valued property
)

// scalar is a decoded single value ready for comparison.
type scalar struct {
	class valueClass
	i     int64
	f     float64
	s     string
	b     []byte
	g     GUID
	t     time.Time
	sid   ServerID
}

func toScalar(v any) scalar {
	switch x := v.(type) {
	case nil:
		return scalar{class: classNull}
	case int16:
		return scalar{class: classInt, i: int64(x)}
	case int32:
		return scalar{class: classInt, i: int64(x)}
	case int64:
		return scalar{class: classInt, i: x}
	case uint32:
		return scalar{class: classInt, i: int64(x)}
	case ErrorCode:
		return scalar{class: classInt, i: int64(x)}
	case float32:
		return scalar{class: classFloat, f: float64(x)}
	case float64:
		return scalar{class: classFloat, f: x}
	case FloatingTime:
		return scalar{class: classFloat, f: float64(x)}
	case Currency:
		return scalar{class: classCurrency, i: int64(x)}
	case bool:
		if x {
			return scalar{class: classBool, i: 1}
		}
		return scalar{class: classBool}
	case string:
		return scalar{class: classString, s: x}
	case []byte:
		return scalar{class: classBinary, b: x}
	case GUID:
		return scalar{class: classGUID, g: x}
	case time.Time:
		return scalar{class: classTime, t: x}
	case ServerID:
		return scalar{class: classServerID, sid: x}
	}
	return scalar{class: classNone}
}

// multiLen returns the length of a multi-valued Go value and true, or
// 0, false if v is not one of the multi-valued Go types.
func multiLen(v any) (int, bool) {
	switch x := v.(type) {
	case []int16:
		return len(x), true
	case []int32:
		return len(x), true
	case []int64:
		return len(x), true
	case []float32:
		return len(x), true
	case []float64:
		return len(x), true
	case []Currency:
		return len(x), true
	case []FloatingTime:
		return len(x), true
	case []string:
		return len(x), true
	case []time.Time:
		return len(x), true
	case []GUID:
		return len(x), true
	case [][]byte:
		return len(x), true
	}
	return 0, false
}

// multiAt returns element i of a multi-valued Go value (see multiLen).
func multiAt(v any, i int) any {
	switch x := v.(type) {
	case []int16:
		return x[i]
	case []int32:
		return x[i]
	case []int64:
		return x[i]
	case []float32:
		return x[i]
	case []float64:
		return x[i]
	case []Currency:
		return x[i]
	case []FloatingTime:
		return x[i]
	case []string:
		return x[i]
	case []time.Time:
		return x[i]
	case []GUID:
		return x[i]
	case [][]byte:
		return x[i]
	}
	return nil
}

// CompareValues compares the Go values of a and b and returns -1, 0 or +1
// (a < b, a == b, a > b). The tags are not consulted: values compare by
// their Go types as PropValue documents them, in these classes:
//
//   - integers (int16, int32, int64, ErrorCode, uint32) compare
//     numerically across widths;
//   - floating point (float32, float64, FloatingTime) numerically, NaN
//     below every number and equal to NaN, so the order is total;
//   - Currency numerically, only with Currency;
//   - bool: false < true;
//   - strings (PtypString and PtypString8) case-insensitively, by Unicode
//     full case folding and then code point order. This follows Exchange,
//     whose tables and restrictions compare strings with the locale's
//     case-insensitive collation; oxkit uses no locale tailoring, so
//     "a" < "B" < "c" but accents sort by code point. Strings equal under
//     folding compare 0 ("abc" == "ABC"), matching RELOP_EQ;
//   - binary ([]byte) by bytes.Compare (byte-wise, a proper prefix first);
//   - GUID by its fields in order (Data1, Data2, Data3 as integers, then
//     Data4 byte-wise), as the textual form sorts;
//   - time.Time chronologically;
//   - ServerID: client-defined ones (Ours false) by their bytes, before
//     server ones, which order by FolderID, MessageID, Instance;
//   - nil (PtypNull) equals nil only;
//   - multi-valued slices element by element, then by length, against the
//     same multi-valued class.
//
// Values of different classes, or of types with no order, return
// ErrNotComparable. CompareValues never panics. Sorting table rows with
// missing values is SortOrderSet.Compare's job.
func CompareValues(a, b PropValue) (int, error) {
	return compareAny(a.Value, b.Value)
}

func compareAny(a, b any) (int, error) {
	na, aMulti := multiLen(a)
	nb, bMulti := multiLen(b)
	if aMulti || bMulti {
		if !aMulti || !bMulti {
			return 0, ErrNotComparable
		}
		for i := 0; i < na && i < nb; i++ {
			c, err := compareAny(multiAt(a, i), multiAt(b, i))
			if err != nil || c != 0 {
				return c, err
			}
		}
		return cmp.Compare(na, nb), nil
	}
	return compareScalar(toScalar(a), toScalar(b))
}

func compareScalar(x, y scalar) (int, error) {
	if x.class != y.class || x.class == classNone {
		return 0, ErrNotComparable
	}
	switch x.class {
	case classNull:
		return 0, nil
	case classInt, classCurrency, classBool:
		return cmp.Compare(x.i, y.i), nil
	case classFloat:
		return compareFloat(x.f, y.f), nil
	case classString:
		return compareFolded(x.s, y.s), nil
	case classBinary:
		return bytes.Compare(x.b, y.b), nil
	case classGUID:
		return compareGUID(x.g, y.g), nil
	case classTime:
		return x.t.Compare(y.t), nil
	case classServerID:
		return compareServerID(x.sid, y.sid), nil
	}
	return 0, ErrNotComparable
}

func compareFloat(a, b float64) int {
	an, bn := math.IsNaN(a), math.IsNaN(b)
	switch {
	case an && bn:
		return 0
	case an:
		return -1
	case bn:
		return 1
	}
	return cmp.Compare(a, b)
}

// compareServerID orders client-defined ServerIds (Ours false, by Raw)
// before server ones, which compare by FolderID, MessageID, Instance.
func compareServerID(a, b ServerID) int {
	switch {
	case a.Ours != b.Ours:
		if a.Ours {
			return 1
		}
		return -1
	case !a.Ours:
		return bytes.Compare(a.Raw, b.Raw)
	}
	if c := cmp.Compare(a.FolderID, b.FolderID); c != 0 {
		return c
	}
	if c := cmp.Compare(a.MessageID, b.MessageID); c != 0 {
		return c
	}
	return cmp.Compare(a.Instance, b.Instance)
}

func compareGUID(a, b GUID) int {
	if c := cmp.Compare(binary.LittleEndian.Uint32(a[0:]), binary.LittleEndian.Uint32(b[0:])); c != 0 {
		return c
	}
	if c := cmp.Compare(binary.LittleEndian.Uint16(a[4:]), binary.LittleEndian.Uint16(b[4:])); c != 0 {
		return c
	}
	if c := cmp.Compare(binary.LittleEndian.Uint16(a[6:]), binary.LittleEndian.Uint16(b[6:])); c != 0 {
		return c
	}
	return bytes.Compare(a[8:], b[8:])
}

// compareFolded compares two strings case-insensitively: the result is
// strings.Compare(foldCase(a), foldCase(b)). It walks both strings without
// allocating while their runes are ASCII or caseless, and folds only the
// remaining suffixes when it meets a cased non-ASCII rune (or invalid
// UTF-8) before the first difference.
func compareFolded(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		ca, cb := a[i], b[j]
		if ca < utf8.RuneSelf && cb < utf8.RuneSelf {
			if la, lb := lowerASCII(ca), lowerASCII(cb); la != lb {
				return cmp.Compare(la, lb)
			}
			i++
			j++
			continue
		}
		ra, na := utf8.DecodeRuneInString(a[i:])
		rb, nb := utf8.DecodeRuneInString(b[j:])
		if needsFold(ra, na) || needsFold(rb, nb) {
			return strings.Compare(foldCase(a[i:]), foldCase(b[j:]))
		}
		if ra < utf8.RuneSelf {
			ra = rune(lowerASCII(byte(ra)))
		}
		if rb < utf8.RuneSelf {
			rb = rune(lowerASCII(byte(rb)))
		}
		if ra != rb {
			return cmp.Compare(ra, rb)
		}
		i += na
		j += nb
	}
	return cmp.Compare(len(a)-i, len(b)-j)
}

// needsFold reports whether the non-ASCII rune r (decoded from n bytes)
// has case, or is invalid UTF-8, so that comparing it needs foldCase.
func needsFold(r rune, n int) bool {
	if r < utf8.RuneSelf {
		return false
	}
	if r == utf8.RuneError && n == 1 {
		return true
	}
	return unicode.SimpleFold(r) != r || unicode.IsLower(r) || unicode.IsUpper(r) || unicode.IsTitle(r)
}

func asciiOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// foldCase returns the Unicode full case folding of s (ß → ss, Σ/ς → σ),
// as golang.org/x/text/cases.Fold does. Strings whose only non-ASCII runes
// have no case (punctuation, symbols, CJK, emoji) are folded without the
// x/text machinery, with the same result.
func foldCase(s string) string {
	simple, upper := true, false
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			upper = upper || ('A' <= c && c <= 'Z')
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if needsFold(r, n) {
			simple = false
			break
		}
		i += n
	}
	if !simple {
		return cases.Fold().String(s)
	}
	if !upper {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		b[i] = lowerASCII(c)
	}
	return string(b)
}

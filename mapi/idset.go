package mapi

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"iter"
	"math/bits"
	"slices"
	"strings"

	"github.com/oxkit/oxkit/internal/wire"
)

// GlobRange is an inclusive range of 48-bit global counters (a GLOBCNT
// range, [MS-OXCFXICS] 2.2.2.6): Low <= High <= MaxGlobalCounter.
type GlobRange struct {
	Low, High uint64
}

// Len returns the number of counters in the range.
func (r GlobRange) Len() uint64 { return r.High - r.Low + 1 }

// GlobSet is a set of 48-bit global counters (a GLOBSET, [MS-OXCFXICS]
// 2.2.2.6), held as sorted, disjoint, non-adjacent ranges: a range of 2^48
// counters costs one GlobRange. The zero value is the empty set. A GlobSet
// must not be copied after first use (copy it with Clone).
type GlobSet struct {
	r []GlobRange
}

// Ranges returns the set's ranges in ascending order. The slice aliases
// the set and is valid until the next change. The read-only methods of
// GlobSet accept a nil *GlobSet as the empty set.
func (s *GlobSet) Ranges() []GlobRange {
	if s == nil {
		return nil
	}
	return s.r
}

// Len returns the number of counters in the set.
func (s *GlobSet) Len() uint64 {
	var n uint64
	for _, r := range s.Ranges() {
		n += r.Len()
	}
	return n
}

// IsEmpty reports whether the set has no counters.
func (s *GlobSet) IsEmpty() bool { return len(s.Ranges()) == 0 }

// Clone returns an independent copy of s.
func (s *GlobSet) Clone() GlobSet { return GlobSet{r: slices.Clone(s.Ranges())} }

// Equal reports whether s and t hold the same counters.
func (s *GlobSet) Equal(t *GlobSet) bool { return slices.Equal(s.Ranges(), t.Ranges()) }

// search returns the index of the first range whose High >= c.
func (s *GlobSet) search(c uint64) int {
	i, _ := slices.BinarySearchFunc(s.r, c, func(r GlobRange, c uint64) int { return cmp.Compare(r.High, c) })
	return i
}

// Contains reports whether c is in the set.
func (s *GlobSet) Contains(c uint64) bool {
	if s == nil {
		return false
	}
	i := s.search(c)
	return i < len(s.r) && s.r[i].Low <= c
}

// Add adds c and reports whether the set changed. Counters above
// MaxGlobalCounter are not added.
func (s *GlobSet) Add(c uint64) bool {
	if c > MaxGlobalCounter || s.Contains(c) {
		return false
	}
	s.AddRange(c, c)
	return true
}

// AddRange adds the counters low..high (inclusive). It does nothing if
// low > high or high > MaxGlobalCounter. Adding in ascending order
// appends without moving ranges.
func (s *GlobSet) AddRange(low, high uint64) {
	if low > high || high > MaxGlobalCounter {
		return
	}
	n := len(s.r)
	// Fast path: at or after the end.
	if n == 0 || low > s.r[n-1].High+1 {
		s.r = append(s.r, GlobRange{low, high})
		return
	}
	if low >= s.r[n-1].Low {
		s.r[n-1].High = max(s.r[n-1].High, high)
		return
	}
	// i: first range that ends at or after low-1 (may touch low).
	lo := low
	if lo > 0 {
		lo--
	}
	i := s.search(lo)
	// j: first range that starts after high+1.
	j := i
	for j < n && s.r[j].Low <= high+1 {
		j++
	}
	if i == j {
		s.r = slices.Insert(s.r, i, GlobRange{low, high})
		return
	}
	merged := GlobRange{min(low, s.r[i].Low), max(high, s.r[j-1].High)}
	s.r = slices.Replace(s.r, i, j, merged)
}

// Remove removes c and reports whether the set changed.
func (s *GlobSet) Remove(c uint64) bool {
	if !s.Contains(c) {
		return false
	}
	s.RemoveRange(c, c)
	return true
}

// RemoveRange removes the counters low..high (inclusive).
func (s *GlobSet) RemoveRange(low, high uint64) {
	if low > high {
		return
	}
	i := s.search(low)
	var keep []GlobRange
	j := i
	for ; j < len(s.r) && s.r[j].Low <= high; j++ {
		r := s.r[j]
		if r.Low < low {
			keep = append(keep, GlobRange{r.Low, low - 1})
		}
		if r.High > high {
			keep = append(keep, GlobRange{high + 1, r.High})
		}
	}
	if i == j {
		return
	}
	s.r = slices.Replace(s.r, i, j, keep...)
}

// Union adds every counter of t to s.
func (s *GlobSet) Union(t *GlobSet) {
	if len(t.r) == 0 {
		return
	}
	if len(s.r) == 0 {
		s.r = slices.Clone(t.r)
		return
	}
	out := make([]GlobRange, 0, len(s.r)+len(t.r))
	a, b := s.r, t.r
	for len(a) > 0 || len(b) > 0 {
		var next GlobRange
		if len(b) == 0 || (len(a) > 0 && a[0].Low <= b[0].Low) {
			next, a = a[0], a[1:]
		} else {
			next, b = b[0], b[1:]
		}
		if k := len(out); k > 0 && next.Low <= out[k-1].High+1 {
			out[k-1].High = max(out[k-1].High, next.High)
		} else {
			out = append(out, next)
		}
	}
	s.r = out
}

// Subtract removes every counter of t from s.
func (s *GlobSet) Subtract(t *GlobSet) {
	tr := t.Ranges()
	if len(s.r) == 0 || len(tr) == 0 {
		return
	}
	out := make([]GlobRange, 0, len(s.r))
	j := 0
	for _, r := range s.r {
		for j < len(tr) && tr[j].High < r.Low {
			j++
		}
		lo, left := r.Low, true
		for k := j; k < len(tr) && tr[k].Low <= r.High; k++ {
			if tr[k].Low > lo {
				out = append(out, GlobRange{lo, tr[k].Low - 1})
			}
			if tr[k].High >= r.High {
				left = false
				break
			}
			lo = tr[k].High + 1
		}
		if left {
			out = append(out, GlobRange{lo, r.High})
		}
	}
	s.r = out
}

// Intersect keeps in s only the counters that are also in t.
func (s *GlobSet) Intersect(t *GlobSet) {
	tr := t.Ranges()
	var out []GlobRange
	i, j := 0, 0
	for i < len(s.r) && j < len(tr) {
		lo, hi := max(s.r[i].Low, tr[j].Low), min(s.r[i].High, tr[j].High)
		if lo <= hi {
			out = append(out, GlobRange{lo, hi})
		}
		if s.r[i].High < tr[j].High {
			i++
		} else {
			j++
		}
	}
	s.r = out
}

// All yields the counters in ascending order. It may yield up to 2^48
// values: callers that only need membership use Contains or Ranges.
func (s *GlobSet) All() iter.Seq[uint64] {
	return func(yield func(uint64) bool) {
		for _, r := range s.Ranges() {
			for c := r.Low; ; c++ {
				if !yield(c) {
					return
				}
				if c == r.High {
					break
				}
			}
		}
	}
}

// String lists the ranges in hexadecimal, as "[1-3 5 7-9]".
func (s *GlobSet) String() string {
	var sb strings.Builder
	sb.WriteByte('[')
	for i, r := range s.Ranges() {
		if i > 0 {
			sb.WriteByte(' ')
		}
		if r.Low == r.High {
			fmt.Fprintf(&sb, "%X", r.Low)
		} else {
			fmt.Fprintf(&sb, "%X-%X", r.Low, r.High)
		}
	}
	sb.WriteByte(']')
	return sb.String()
}

// GLOBSET commands ([MS-OXCFXICS] 2.2.2.6.1-2.2.2.6.5).
const (
	globPush1   = 0x01 // Push of 1..6 common high-order bytes: 0x01-0x06
	globPush6   = 0x06
	globBitmask = 0x42
	globPop     = 0x50
	globRange   = 0x52
	globEnd     = 0x00
)

// DefaultMaxIDSetRanges is the default of IDSetOptions.MaxRanges.
const DefaultMaxIDSetRanges = 1 << 20

// IDSetOptions are the limits of the IDSET and GLOBSET decoders. A nil
// *IDSetOptions means the defaults.
type IDSetOptions struct {
	// MaxRanges bounds the number of ranges that the commands of one
	// decoded buffer may produce, over all its GLOBSETs (a bitmask
	// command counts each range it produces). 0 means
	// DefaultMaxIDSetRanges. Memory use is about 16 bytes a range.
	MaxRanges int
}

func (o *IDSetOptions) maxRanges() int {
	if o == nil || o.MaxRanges <= 0 {
		return DefaultMaxIDSetRanges
	}
	return o.MaxRanges
}

// ErrIDSetLimit is the cause of a decoding error for an IDSET or GLOBSET
// that exceeds IDSetOptions.MaxRanges.
var ErrIDSetLimit = errors.New("too many ranges")

// ParseGlobSet decodes one serialized GLOBSET, up to and including its End
// command, from the start of b. It returns the set and the number of bytes
// consumed.
func ParseGlobSet(b []byte, opt *IDSetOptions) (GlobSet, int, error) {
	r := wire.NewReader(b)
	budget := opt.maxRanges()
	var scratch []GlobRange
	s, err := readGlobSet(r, &budget, &scratch)
	if err != nil {
		return GlobSet{}, 0, err
	}
	return s, r.Offset(), nil
}

// readGlobSet decodes one GLOBSET ([MS-OXCFXICS] 3.1.5.4.3.2). budget is
// the number of ranges still allowed; it is decremented. scratch is a
// buffer for the ranges, reused across the GLOBSETs of one IDSET; the
// result is an exact-size copy.
//
// The common byte stack holds at most 6 bytes, so its depth is at most 6
// pushes. Ranges are collected as decoded and normalized once at the end
// (sort and merge), so hostile out-of-order commands cost O(n log n), and
// a range is never expanded into its counters.
func readGlobSet(r *wire.Reader, budget *int, scratch *[]GlobRange) (GlobSet, error) {
	const what = "GLOBSET"
	var (
		prefix uint64 // the common high-order bytes on the stack, as a number
		depth  int    // bytes on the stack
		pushes [6]int // sizes of the pushes on the stack, for Pop
		npush  int
		ranges = (*scratch)[:0]
	)
	fail := func(off int, format string, args ...any) (GlobSet, error) {
		return GlobSet{}, &StructureError{Structure: what, Offset: off, Err: fmt.Errorf(format, args...)}
	}
	add := func(off int, g GlobRange) error {
		if *budget <= 0 {
			return &StructureError{Structure: what, Offset: off, Err: ErrIDSetLimit}
		}
		*budget--
		ranges = append(ranges, g)
		return nil
	}
	// value combines the stack with the low-order bytes in low.
	value := func(low []byte) uint64 {
		v := prefix
		for _, c := range low {
			v = v<<8 | uint64(c)
		}
		return v
	}
	for {
		off := r.Offset()
		cmd := r.Uint8()
		if r.Err() != nil {
			return GlobSet{}, idStructErr(what, r.Err())
		}
		switch {
		case cmd == globEnd:
			// QUIRK: [MS-OXCFXICS] 3.1.5.4.3.1.5 requires an empty stack
			// before End; the decoder tolerates leftover bytes, which
			// change no value.
			normalizeGlobRanges(&ranges)
			*scratch = ranges[:0]
			if len(ranges) == 0 {
				return GlobSet{}, nil
			}
			return GlobSet{r: slices.Clone(ranges)}, nil
		case cmd >= globPush1 && cmd <= globPush6:
			n := int(cmd)
			if depth+n > 6 {
				return fail(off, "push of %d bytes onto %d common bytes", n, depth)
			}
			bs := r.Bytes(n)
			if bs == nil {
				return GlobSet{}, idStructErr(what, r.Err())
			}
			if depth+n == 6 {
				// A full GLOBCNT: a singleton range, and the push is
				// undone at once ([MS-OXCFXICS] 3.1.5.4.3.1.1).
				v := value(bs)
				if err := add(off, GlobRange{v, v}); err != nil {
					return GlobSet{}, err
				}
				continue
			}
			prefix = value(bs)
			depth += n
			pushes[npush] = n
			npush++
		case cmd == globPop:
			if npush == 0 {
				return fail(off, "pop with an empty common byte stack")
			}
			npush--
			depth -= pushes[npush]
			prefix >>= 8 * pushes[npush]
		case cmd == globBitmask:
			if depth != 5 {
				return fail(off, "bitmask with %d common bytes, want 5", depth)
			}
			start := r.Uint8()
			mask := r.Uint8()
			if r.Err() != nil {
				return GlobSet{}, idStructErr(what, r.Err())
			}
			if int(start)+8 > 0xFF && mask>>(0xFF-int(start)) != 0 {
				return fail(off+1, "bitmask 0x%02X from 0x%02X passes 0xFF", mask, start)
			}
			// The starting value, then bit i means start+1+i
			// ([MS-OXCFXICS] 3.1.5.4.3.1.3); runs of values are ranges.
			cur := GlobRange{uint64(start), uint64(start)}
			for i := 0; i < 8; i++ {
				if mask&(1<<i) == 0 {
					continue
				}
				v := uint64(start) + 1 + uint64(i)
				if v == cur.High+1 {
					cur.High = v
					continue
				}
				if err := add(off, GlobRange{value([]byte{byte(cur.Low)}), value([]byte{byte(cur.High)})}); err != nil {
					return GlobSet{}, err
				}
				cur = GlobRange{v, v}
			}
			if err := add(off, GlobRange{value([]byte{byte(cur.Low)}), value([]byte{byte(cur.High)})}); err != nil {
				return GlobSet{}, err
			}
		case cmd == globRange:
			n := 6 - depth
			low := r.Bytes(n)
			high := r.Bytes(n)
			if r.Err() != nil {
				return GlobSet{}, idStructErr(what, r.Err())
			}
			lv, hv := value(low), value(high)
			// 2.2.2.6.4: LowValue MUST be <= HighValue. (3.1.5.4.3.2.4
			// says to fail "if the high value of the range is larger
			// than the low value", evidently reversed.)
			if lv > hv {
				return fail(off, "range low 0x%X above high 0x%X", lv, hv)
			}
			if err := add(off, GlobRange{lv, hv}); err != nil {
				return GlobSet{}, err
			}
		default:
			return fail(off, "unknown command 0x%02X", cmd)
		}
	}
}

// normalizeGlobRanges sorts and merges overlapping or adjacent ranges in place.
func normalizeGlobRanges(rs *[]GlobRange) {
	r := *rs
	if !slices.IsSortedFunc(r, func(a, b GlobRange) int { return cmp.Compare(a.Low, b.Low) }) {
		slices.SortFunc(r, func(a, b GlobRange) int { return cmp.Compare(a.Low, b.Low) })
	}
	out := r[:0]
	for _, g := range r {
		if k := len(out); k > 0 && g.Low <= out[k-1].High+1 {
			out[k-1].High = max(out[k-1].High, g.High)
			continue
		}
		out = append(out, g)
	}
	*rs = out
}

// AppendBinary appends the serialized GLOBSET ([MS-OXCFXICS] 2.2.2.6),
// ending with the End command. The encoding is deterministic: ranges that
// share high-order bytes are grouped under a Push of those bytes (popped
// after the group), a lone counter is a Push of its remaining bytes,
// clusters of counters within 9 values of each other under 5 common bytes
// are Bitmask commands, and other ranges are Range commands (never
// expanded).
func (s *GlobSet) AppendBinary(b []byte) ([]byte, error) {
	rs := s.Ranges()
	for _, r := range rs {
		if r.Low > r.High || r.High > MaxGlobalCounter {
			return b, &StructureError{Structure: "GLOBSET", Offset: -1, Err: fmt.Errorf("invalid range 0x%X-0x%X", r.Low, r.High)}
		}
	}
	b = encodeGlob(b, rs, 0)
	return append(b, globEnd), nil
}

// globByte returns byte i (0 = highest) of the 6-byte GLOBCNT c.
func globByte(c uint64, i int) byte { return byte(c >> (8 * (5 - i))) }

// globCommonPrefix returns how many high-order bytes a and b share (0..6).
func globCommonPrefix(a, b uint64) int {
	return min(bits.LeadingZeros64((a^b)<<16)/8, 6)
}

// appendGlobBytes appends bytes from..5 of c.
func appendGlobBytes(b []byte, c uint64, from int) []byte {
	for i := from; i < 6; i++ {
		b = append(b, globByte(c, i))
	}
	return b
}

// encodeGlob encodes ranges whose counters all share their top depth
// bytes, which are on the common byte stack.
func encodeGlob(b []byte, rs []GlobRange, depth int) []byte {
	for len(rs) > 0 {
		r0 := rs[0]
		if depth == 5 {
			return encodeLowBytes(b, rs)
		}
		k := globCommonPrefix(r0.Low, r0.High)
		if k <= depth {
			// The range spans different bytes at this depth.
			b = append(b, globRange)
			b = appendGlobBytes(b, r0.Low, depth)
			b = appendGlobBytes(b, r0.High, depth)
			rs = rs[1:]
			continue
		}
		// The group: ranges sharing byte depth with r0 (and so all the
		// bytes above it).
		n := 1
		for n < len(rs) && globCommonPrefix(r0.Low, rs[n].High) > depth {
			n++
		}
		switch {
		case n == 1 && k == 6:
			// A lone counter: push its remaining bytes.
			b = append(b, byte(6-depth))
			b = appendGlobBytes(b, r0.Low, depth)
		case n == 1 && k-depth < 3:
			// Push+Range+Pop would not be shorter than a Range.
			b = append(b, globRange)
			b = appendGlobBytes(b, r0.Low, depth)
			b = appendGlobBytes(b, r0.High, depth)
		default:
			k = globCommonPrefix(r0.Low, rs[n-1].High)
			b = append(b, byte(k-depth))
			for i := depth; i < k; i++ {
				b = append(b, globByte(r0.Low, i))
			}
			b = encodeGlob(b, rs[:n], k)
			b = append(b, globPop)
		}
		rs = rs[n:]
	}
	return b
}

// encodeLowBytes encodes ranges that share their top 5 bytes (on the
// stack). A range that runs past a bitmask's reach is split: its tail is
// carried into the next command.
func encodeLowBytes(b []byte, rs []GlobRange) []byte {
	var carry GlobRange
	hasCarry := false
	for hasCarry || len(rs) > 0 {
		var r0 GlobRange
		if hasCarry {
			r0, hasCarry = carry, false
		} else {
			r0, rs = rs[0], rs[1:]
		}
		start := r0.Low & 0xFF
		end := min(start+8, 0xFF) // the last low byte a bitmask reaches
		base := r0.Low &^ 0xFF
		if r0.High-base > end {
			// Longer than a bitmask reaches: a Range.
			b = append(b, globRange, byte(r0.Low), byte(r0.High))
			continue
		}
		// The next ranges that start within start..end.
		n := 0
		for n < len(rs) && rs[n].Low-base <= end {
			n++
		}
		if n == 0 {
			if r0.Low == r0.High {
				b = append(b, 1, byte(r0.Low)) // Push of the last byte
			} else {
				b = append(b, globRange, byte(r0.Low), byte(r0.High))
			}
			continue
		}
		var mask byte
		for _, r := range rs[:n] {
			for c := r.Low - base; c <= min(r.High-base, end); c++ {
				mask |= 1 << (c - start - 1)
			}
		}
		for c := start + 1; c <= r0.High-base; c++ {
			mask |= 1 << (c - start - 1)
		}
		b = append(b, globBitmask, byte(start), mask)
		if last := rs[n-1]; last.High-base > end {
			carry, hasCarry = GlobRange{base + end + 1, last.High}, true
		}
		rs = rs[n:]
	}
	return b
}

// IDSet is a set of IDs (FIDs, MIDs or CNs; an IDSET or CNSET,
// [MS-OXCFXICS] 2.2.2.4) keyed by replica ID: the form whose wire
// serialization is REPLID-based (2.2.2.4.1). GIDSet is the REPLGUID-keyed
// form. The zero value is the empty set. An IDSet must not be copied after
// first use (copy it with Clone).
type IDSet struct {
	sets []replSet // sorted by replica, none empty
}

type replSet struct {
	replica uint16
	globs   GlobSet
}

// get returns the GlobSet of replica, creating it if create is set.
func (s *IDSet) get(replica uint16, create bool) *GlobSet {
	i, found := slices.BinarySearchFunc(s.sets, replica, func(e replSet, r uint16) int { return cmp.Compare(e.replica, r) })
	if found {
		return &s.sets[i].globs
	}
	if !create {
		return nil
	}
	s.sets = slices.Insert(s.sets, i, replSet{replica: replica})
	return &s.sets[i].globs
}

// prune drops empty replicas.
func (s *IDSet) prune() {
	s.sets = slices.DeleteFunc(s.sets, func(e replSet) bool { return e.globs.IsEmpty() })
}

// Contains reports whether id is in the set.
func (s *IDSet) Contains(id ID) bool {
	g := s.get(id.ReplicaID(), false)
	return g != nil && g.Contains(id.GlobalCounter())
}

// Add adds id and reports whether the set changed.
func (s *IDSet) Add(id ID) bool {
	return s.get(id.ReplicaID(), true).Add(id.GlobalCounter())
}

// AddRange adds the IDs of replica with counters low..high (inclusive).
func (s *IDSet) AddRange(replica uint16, low, high uint64) {
	if low > high || high > MaxGlobalCounter {
		return
	}
	s.get(replica, true).AddRange(low, high)
}

// Remove removes id and reports whether the set changed.
func (s *IDSet) Remove(id ID) bool {
	g := s.get(id.ReplicaID(), false)
	if g == nil || !g.Remove(id.GlobalCounter()) {
		return false
	}
	s.prune()
	return true
}

// Union adds every ID of t to s.
func (s *IDSet) Union(t *IDSet) {
	for i := range t.sets {
		s.get(t.sets[i].replica, true).Union(&t.sets[i].globs)
	}
}

// Subtract removes every ID of t from s: for example the IDs a client was
// given that no longer exist (MetaTagIdsetGiven minus the folder's IDs).
func (s *IDSet) Subtract(t *IDSet) {
	for i := range t.sets {
		if g := s.get(t.sets[i].replica, false); g != nil {
			g.Subtract(&t.sets[i].globs)
		}
	}
	s.prune()
}

// Intersect keeps in s only the IDs that are also in t.
func (s *IDSet) Intersect(t *IDSet) {
	for i := range s.sets {
		s.sets[i].globs.Intersect(t.get(s.sets[i].replica, false))
	}
	s.prune()
}

// Len returns the number of IDs in the set.
func (s *IDSet) Len() uint64 {
	var n uint64
	for i := range s.sets {
		n += s.sets[i].globs.Len()
	}
	return n
}

// IsEmpty reports whether the set has no IDs.
func (s *IDSet) IsEmpty() bool { return len(s.sets) == 0 }

// Replicas returns the replica IDs present, ascending.
func (s *IDSet) Replicas() []uint16 {
	out := make([]uint16, len(s.sets))
	for i, e := range s.sets {
		out[i] = e.replica
	}
	return out
}

// Counters returns the GlobSet of replica's counters (nil if none). It
// aliases the set.
func (s *IDSet) Counters(replica uint16) *GlobSet { return s.get(replica, false) }

// Clone returns an independent copy of s.
func (s *IDSet) Clone() IDSet {
	out := IDSet{sets: make([]replSet, len(s.sets))}
	for i, e := range s.sets {
		out.sets[i] = replSet{replica: e.replica, globs: e.globs.Clone()}
	}
	return out
}

// Equal reports whether s and t hold the same IDs.
func (s *IDSet) Equal(t *IDSet) bool {
	return slices.EqualFunc(s.sets, t.sets, func(a, b replSet) bool { return a.replica == b.replica && a.globs.Equal(&b.globs) })
}

// All yields the IDs by ascending replica, then ascending counter.
func (s *IDSet) All() iter.Seq[ID] {
	return func(yield func(ID) bool) {
		for i := range s.sets {
			rep := s.sets[i].replica
			for c := range s.sets[i].globs.All() {
				if !yield(MakeID(rep, c)) {
					return
				}
			}
		}
	}
}

// String lists the replicas and their ranges, as "{1:[1-3 5]}".
func (s *IDSet) String() string {
	if s == nil {
		return "<nil>"
	}
	var sb strings.Builder
	sb.WriteByte('{')
	for i := range s.sets {
		if i > 0 {
			sb.WriteByte(' ')
		}
		fmt.Fprintf(&sb, "%X:%s", s.sets[i].replica, s.sets[i].globs.String())
	}
	sb.WriteByte('}')
	return sb.String()
}

// AppendBinary appends the REPLID-based serialization ([MS-OXCFXICS]
// 2.2.2.4.1): for each replica in ascending order, its 2-byte REPLID and
// its GLOBSET. The empty set is zero bytes.
func (s *IDSet) AppendBinary(b []byte) ([]byte, error) {
	for i := range s.sets {
		if s.sets[i].globs.IsEmpty() {
			continue
		}
		b = wire.AppendUint16(b, s.sets[i].replica)
		var err error
		if b, err = s.sets[i].globs.AppendBinary(b); err != nil {
			return b, err
		}
	}
	return b, nil
}

// ParseIDSet decodes a REPLID-based IDSET ([MS-OXCFXICS] 2.2.2.4.1) that
// fills b. A replica that appears twice gets the union of its GLOBSETs.
func ParseIDSet(b []byte, opt *IDSetOptions) (IDSet, error) {
	r := wire.NewReader(b)
	budget := opt.maxRanges()
	// Range-producing commands take at least 2 bytes: one scratch buffer
	// of that many ranges serves every GLOBSET.
	scratch := make([]GlobRange, 0, min(len(b)/2, budget))
	var sets []replSet
	for r.Remaining() > 0 {
		replica := r.Uint16()
		if r.Err() != nil {
			return IDSet{}, idStructErr("IDSET", r.Err())
		}
		g, err := readGlobSet(r, &budget, &scratch)
		if err != nil {
			return IDSet{}, err
		}
		if !g.IsEmpty() {
			sets = append(sets, replSet{replica: replica, globs: g})
		}
	}
	// Sort once and merge duplicates, so hostile input costs O(n log n).
	slices.SortStableFunc(sets, func(a, b replSet) int { return cmp.Compare(a.replica, b.replica) })
	out := sets[:0]
	for _, e := range sets {
		if k := len(out); k > 0 && out[k-1].replica == e.replica {
			// Concatenate and normalize once below: repeated unions
			// would be quadratic.
			out[k-1].globs.r = append(out[k-1].globs.r, e.globs.r...)
			continue
		}
		out = append(out, e)
	}
	for i := range out {
		normalizeGlobRanges(&out[i].globs.r)
	}
	return IDSet{sets: out}, nil
}

// GIDSet is a set of GIDs (an IDSET keyed by REPLGUID, [MS-OXCFXICS]
// 2.2.2.4.2): the form persisted in ICS state (MetaTagIdsetGiven,
// MetaTagCnsetSeen, MetaTagCnsetSeenFAI, MetaTagCnsetRead). The zero value
// is the empty set. A GIDSet must not be copied after first use (copy it
// with Clone).
type GIDSet struct {
	sets []guidSet // sorted by GUID bytes, none empty
}

type guidSet struct {
	guid  GUID
	globs GlobSet
}

func (s *GIDSet) get(g GUID, create bool) *GlobSet {
	i, found := slices.BinarySearchFunc(s.sets, g, func(e guidSet, g GUID) int { return bytes.Compare(e.guid[:], g[:]) })
	if found {
		return &s.sets[i].globs
	}
	if !create {
		return nil
	}
	s.sets = slices.Insert(s.sets, i, guidSet{guid: g})
	return &s.sets[i].globs
}

// Contains reports whether g is in the set.
func (s *GIDSet) Contains(g GID) bool {
	gs := s.get(g.DatabaseGUID, false)
	return gs != nil && gs.Contains(g.GlobalCounter)
}

// Add adds g and reports whether the set changed.
func (s *GIDSet) Add(g GID) bool {
	if g.GlobalCounter > MaxGlobalCounter {
		return false
	}
	return s.get(g.DatabaseGUID, true).Add(g.GlobalCounter)
}

// AddRange adds the GIDs of replica guid with counters low..high.
func (s *GIDSet) AddRange(guid GUID, low, high uint64) {
	if low > high || high > MaxGlobalCounter {
		return
	}
	s.get(guid, true).AddRange(low, high)
}

// Remove removes g and reports whether the set changed.
func (s *GIDSet) Remove(g GID) bool {
	gs := s.get(g.DatabaseGUID, false)
	if gs == nil || !gs.Remove(g.GlobalCounter) {
		return false
	}
	s.sets = slices.DeleteFunc(s.sets, func(e guidSet) bool { return e.globs.IsEmpty() })
	return true
}

// Union adds every GID of t to s.
func (s *GIDSet) Union(t *GIDSet) {
	for i := range t.sets {
		s.get(t.sets[i].guid, true).Union(&t.sets[i].globs)
	}
}

// Subtract removes every GID of t from s.
func (s *GIDSet) Subtract(t *GIDSet) {
	for i := range t.sets {
		if g := s.get(t.sets[i].guid, false); g != nil {
			g.Subtract(&t.sets[i].globs)
		}
	}
	s.sets = slices.DeleteFunc(s.sets, func(e guidSet) bool { return e.globs.IsEmpty() })
}

// Intersect keeps in s only the GIDs that are also in t.
func (s *GIDSet) Intersect(t *GIDSet) {
	for i := range s.sets {
		s.sets[i].globs.Intersect(t.get(s.sets[i].guid, false))
	}
	s.sets = slices.DeleteFunc(s.sets, func(e guidSet) bool { return e.globs.IsEmpty() })
}

// Len returns the number of GIDs in the set.
func (s *GIDSet) Len() uint64 {
	var n uint64
	for i := range s.sets {
		n += s.sets[i].globs.Len()
	}
	return n
}

// IsEmpty reports whether the set has no GIDs.
func (s *GIDSet) IsEmpty() bool { return len(s.sets) == 0 }

// GUIDs returns the replica GUIDs present, in wire (byte) order.
func (s *GIDSet) GUIDs() []GUID {
	out := make([]GUID, len(s.sets))
	for i, e := range s.sets {
		out[i] = e.guid
	}
	return out
}

// Counters returns the GlobSet of guid's counters (nil if none). It
// aliases the set.
func (s *GIDSet) Counters(guid GUID) *GlobSet { return s.get(guid, false) }

// Clone returns an independent copy of s.
func (s *GIDSet) Clone() GIDSet {
	out := GIDSet{sets: make([]guidSet, len(s.sets))}
	for i, e := range s.sets {
		out.sets[i] = guidSet{guid: e.guid, globs: e.globs.Clone()}
	}
	return out
}

// Equal reports whether s and t hold the same GIDs.
func (s *GIDSet) Equal(t *GIDSet) bool {
	return slices.EqualFunc(s.sets, t.sets, func(a, b guidSet) bool { return a.guid == b.guid && a.globs.Equal(&b.globs) })
}

// All yields the GIDs by GUID byte order, then ascending counter.
func (s *GIDSet) All() iter.Seq[GID] {
	return func(yield func(GID) bool) {
		for i := range s.sets {
			guid := s.sets[i].guid
			for c := range s.sets[i].globs.All() {
				if !yield(GID{DatabaseGUID: guid, GlobalCounter: c}) {
					return
				}
			}
		}
	}
}

// String lists the replica GUIDs and their ranges.
func (s *GIDSet) String() string {
	if s == nil {
		return "<nil>"
	}
	var sb strings.Builder
	sb.WriteByte('{')
	for i := range s.sets {
		if i > 0 {
			sb.WriteByte(' ')
		}
		fmt.Fprintf(&sb, "%s:%s", s.sets[i].guid, s.sets[i].globs.String())
	}
	sb.WriteByte('}')
	return sb.String()
}

// AppendBinary appends the REPLGUID-based serialization ([MS-OXCFXICS]
// 2.2.2.4.2): for each GUID in ascending byte order, the 16-byte REPLGUID
// and its GLOBSET. The empty set is zero bytes.
func (s *GIDSet) AppendBinary(b []byte) ([]byte, error) {
	for i := range s.sets {
		if s.sets[i].globs.IsEmpty() {
			continue
		}
		b = append(b, s.sets[i].guid[:]...)
		var err error
		if b, err = s.sets[i].globs.AppendBinary(b); err != nil {
			return b, err
		}
	}
	return b, nil
}

// ParseGIDSet decodes a REPLGUID-based IDSET ([MS-OXCFXICS] 2.2.2.4.2)
// that fills b. A GUID that appears twice gets the union of its GLOBSETs.
func ParseGIDSet(b []byte, opt *IDSetOptions) (GIDSet, error) {
	r := wire.NewReader(b)
	budget := opt.maxRanges()
	// Range-producing commands take at least 2 bytes: one scratch buffer
	// of that many ranges serves every GLOBSET.
	scratch := make([]GlobRange, 0, min(len(b)/2, budget))
	var sets []guidSet
	for r.Remaining() > 0 {
		var g GUID
		gb := r.Bytes(16)
		if gb == nil {
			return GIDSet{}, idStructErr("IDSET", r.Err())
		}
		copy(g[:], gb)
		gs, err := readGlobSet(r, &budget, &scratch)
		if err != nil {
			return GIDSet{}, err
		}
		if !gs.IsEmpty() {
			sets = append(sets, guidSet{guid: g, globs: gs})
		}
	}
	slices.SortStableFunc(sets, func(a, b guidSet) int { return bytes.Compare(a.guid[:], b.guid[:]) })
	out := sets[:0]
	for _, e := range sets {
		if k := len(out); k > 0 && out[k-1].guid == e.guid {
			// Concatenate and normalize once below: repeated unions
			// would be quadratic.
			out[k-1].globs.r = append(out[k-1].globs.r, e.globs.r...)
			continue
		}
		out = append(out, e)
	}
	for i := range out {
		normalizeGlobRanges(&out[i].globs.r)
	}
	return GIDSet{sets: out}, nil
}

// ToGIDSet converts s to the REPLGUID-keyed form, naming each replica ID
// with guidOf (the REPLID to REPLGUID mapping of [MS-OXCSTOR]).
func (s *IDSet) ToGIDSet(guidOf func(replica uint16) (GUID, error)) (GIDSet, error) {
	var out GIDSet
	for i := range s.sets {
		g, err := guidOf(s.sets[i].replica)
		if err != nil {
			return GIDSet{}, err
		}
		out.get(g, true).Union(&s.sets[i].globs)
	}
	return out, nil
}

// ToIDSet converts s to the REPLID-keyed form, mapping each replica GUID
// with replicaOf.
func (s *GIDSet) ToIDSet(replicaOf func(GUID) (uint16, error)) (IDSet, error) {
	var out IDSet
	for i := range s.sets {
		rep, err := replicaOf(s.sets[i].guid)
		if err != nil {
			return IDSet{}, err
		}
		out.get(rep, true).Union(&s.sets[i].globs)
	}
	return out, nil
}

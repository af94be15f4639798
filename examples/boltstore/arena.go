package boltstore

import (
	"encoding/binary"
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// A valueArena holds the string and binary values that one read call
// (Messages, QueryMessages) decodes out of the database, so that copying
// them out of bbolt's pages — which are valid only during the
// transaction — costs one allocation per chunk instead of one per value.
//
// The chunks are ordinary GC-owned memory: a string is a view of a
// strings.Builder's buffer, which the builder only ever appends to (its
// String method is exactly that view), and a binary is a capacity-capped
// slice of a byte chunk, so appending to it reallocates instead of
// writing over its neighbour. Nothing aliases the database's memory map
// past the transaction.
//
// Putting a string, a slice, a time or an integer of 256 or more in an
// interface (mapi.PropValue.Value) allocates a copy of it too: the arena
// boxes those in chunks as well (boxes). The results' messages, rows and
// recipient lists come from chunks too.
//
// The price: a call's results are freed together. A caller that keeps
// one value, row or message of a result keeps its chunks alive, and
// through a message or row chunk the values of its neighbours — at most
// what the one call returned, as the arena lives for one call only.
//
// A nil *valueArena copies and boxes each value by itself, as decoding
// always did (folder records, which live as long as the store is open,
// decode that way).
type valueArena struct {
	sb     strings.Builder
	bin    []byte
	rows   []mapi.PropValue
	row    []mapi.PropValue // scratchRow's
	msgs   []store.Message
	recips []store.Recipient
	strs   boxes[string]
	bins   boxes[[]byte]
	times  boxes[time.Time]
	i64s   boxes[int64]
	i32s   boxes[int32]
	// done and total, when a batch read sets them (Messages), are the
	// messages decoded so far and in all: a new chunk is then sized to
	// what the rest of the call is likely to need at the rate of the
	// messages done (chunkSize) — a GetItem of 30 items takes two string
	// chunks instead of eight, and one binary chunk of the size it needs.
	done, total int
	// strUsed, binUsed and rowsUsed are what the chunks have handed out
	// so far: string and binary bytes, property values.
	strUsed, binUsed, rowsUsed int
}

const (
	// arenaChunk is the size of a new string chunk without an estimate.
	arenaChunk = 8 << 10
	// binChunk is the size of a new binary chunk without an estimate:
	// messages have a few short binaries each (change keys, entry IDs).
	binChunk = 1 << 10
	// maxChunk bounds the size of an estimated byte chunk, minChunk is
	// its least size.
	maxChunk = 64 << 10
	minChunk = 512
	// arenaOwn is the size above which a value gets an allocation of
	// its own (a message body, say), not a chunk.
	arenaOwn = 2 << 10
)

// str returns raw, which is about to become invalid, as a string.
func (a *valueArena) str(raw []byte) string {
	if a == nil || len(raw) > arenaOwn {
		return string(raw)
	}
	if len(raw) == 0 {
		return ""
	}
	if a.sb.Cap()-a.sb.Len() < len(raw) {
		a.sb = strings.Builder{}
		a.sb.Grow(a.chunkSize(len(raw), a.strUsed, arenaChunk, minChunk, maxChunk))
	}
	a.strUsed += len(raw)
	start := a.sb.Len()
	a.sb.Write(raw)
	return a.sb.String()[start:]
}

// bytes returns a copy of raw, which is about to become invalid.
func (a *valueArena) bytes(raw []byte) []byte {
	if a == nil || len(raw) > arenaOwn || len(raw) == 0 {
		return append([]byte{}, raw...)
	}
	a.room(len(raw))
	a.binUsed += len(raw)
	start := len(a.bin)
	a.bin = append(a.bin, raw...)
	return a.bin[start:len(a.bin):len(a.bin)]
}

// rowChunk is how many property values a new chunk of rows holds
// without an estimate; maxRowChunk bounds an estimated one.
const (
	rowChunk    = 256
	maxRowChunk = 4 << 10
)

// chunkSize returns the size of a new chunk that is to hold n at once:
// first without an estimate (no batch, or its first message), else what
// the rest of the batch will need at the rate used/done (one eighth
// more), within [least, limit] — and never less than n.
func (a *valueArena) chunkSize(n, used, first, least, limit int) int {
	size := first
	if a.done > 0 && a.total > a.done {
		est := used / a.done * (a.total - a.done)
		size = min(max(est+est/8, least), limit)
	}
	return max(size, n)
}

// props returns a copy of a row's values, capped at its length.
func (a *valueArena) props(row []mapi.PropValue) []mapi.PropValue {
	if len(row) > rowChunk/4 || len(row) == 0 {
		return slices.Clone(row)
	}
	if cap(a.rows)-len(a.rows) < len(row) {
		a.rows = make([]mapi.PropValue, 0, a.chunkSize(len(row), a.rowsUsed, rowChunk, rowChunk/8, maxRowChunk))
	}
	a.rowsUsed += len(row)
	start := len(a.rows)
	a.rows = append(a.rows, row...)
	return a.rows[start:len(a.rows):len(a.rows)]
}

// scratchRow returns an empty slice to collect a row's values in, reused
// from row to row (nil arena: nil).
func (a *valueArena) scratchRow() []mapi.PropValue {
	if a == nil {
		return nil
	}
	return a.row[:0]
}

// endRow returns a row collected from scratchRow, copied into the arena
// at its length (nil arena: row itself).
func (a *valueArena) endRow(row []mapi.PropValue) []mapi.PropValue {
	if a == nil {
		return row
	}
	a.row = row
	if len(row) == 0 {
		return []mapi.PropValue{}
	}
	// The scratch row is not cleared: it lives in the arena, which lives
	// for one call, and only holds values of that call's results (a clear
	// of pointers costs write barriers while the GC runs).
	return a.props(row)
}

// propsCap returns an empty slice with room for n values, reserved in
// the arena (nil arena: allocated by itself).
func (a *valueArena) propsCap(n int) []mapi.PropValue {
	if a == nil || n > rowChunk/4 || n == 0 {
		return make([]mapi.PropValue, 0, n)
	}
	if cap(a.rows)-len(a.rows) < n {
		a.rows = make([]mapi.PropValue, 0, a.chunkSize(n, a.rowsUsed, rowChunk, rowChunk/8, maxRowChunk))
	}
	a.rowsUsed += n
	start := len(a.rows)
	a.rows = a.rows[:start+n]
	return a.rows[start : start : start+n]
}

// rowRoom returns an empty row with room for n values at the end of the
// current row chunk, for keepRow to take what a row collects: a row
// built in place instead of in the scratch row and copied (nil arena or
// n above maxRowChunk: allocated by itself).
func (a *valueArena) rowRoom(n int) []mapi.PropValue {
	if a == nil || n > maxRowChunk || n == 0 {
		return make([]mapi.PropValue, 0, n)
	}
	if cap(a.rows)-len(a.rows) < n {
		a.rows = make([]mapi.PropValue, 0, a.chunkSize(n, a.rowsUsed, rowChunk, rowChunk/8, maxRowChunk))
	}
	start := len(a.rows)
	return a.rows[start : start : start+n]
}

// keepRow takes row, collected in the room rowRoom gave with no other
// row taken from the arena since, and returns it capped at its length;
// the room it did not use goes back to the chunk. A row that outgrew its
// room (appended beyond it) is its own allocation and returned capped.
func (a *valueArena) keepRow(row []mapi.PropValue) []mapi.PropValue {
	if len(row) == 0 {
		return []mapi.PropValue{}
	}
	row = row[:len(row):len(row)]
	if a == nil || cap(a.rows)-len(a.rows) < len(row) || &a.rows[:len(a.rows)+1][len(a.rows)] != &row[0] {
		return row
	}
	a.rows = a.rows[:len(a.rows)+len(row)]
	a.rowsUsed += len(row)
	return row
}

// room makes room for n more bytes in the binary chunk.
func (a *valueArena) room(n int) {
	if cap(a.bin)-len(a.bin) < n {
		a.bin = make([]byte, 0, a.chunkSize(n, a.binUsed, binChunk, minChunk, maxChunk))
	}
}

// pcl returns p's binary form (what p.AppendBinary(nil) returns) in the
// arena.
func (a *valueArena) pcl(p mapi.PredecessorChangeList) []byte {
	need := 0
	for _, x := range p {
		need += 1 + x.Size()
	}
	if need == 0 || need > arenaOwn {
		b, _ := p.AppendBinary(nil)
		return b
	}
	a.room(need)
	a.binUsed += need
	start := len(a.bin)
	a.bin, _ = p.AppendBinary(a.bin) // within the room made
	return a.bin[start:len(a.bin):len(a.bin)]
}

// info returns *m.info() with its binaries in the arena.
func (a *valueArena) info(m *meta) store.MessageInfo {
	return store.MessageInfo{
		ID: m.id, FolderID: m.folder.id, CN: store.MakeCN(m.cn),
		ChangeKey: a.changeKey(m), PCL: a.pcl(m.pcl),
		Size: m.size, Read: m.read, Associated: m.assoc, LastModified: m.modified,
	}
}

// msgChunk is how many messages, recipients a new chunk holds.
const msgChunk = 16

// reserveMessages makes room for n messages in one chunk (a batch of n).
func (a *valueArena) reserveMessages(n int) {
	if n > len(a.msgs) && n <= maxMessages {
		a.msgs = make([]store.Message, n)
	}
}

// maxMessages bounds reserveMessages' chunk.
const maxMessages = 1 << 10

// message returns a new zero store.Message (nil arena: allocated by
// itself).
func (a *valueArena) message() *store.Message {
	if a == nil {
		return &store.Message{}
	}
	if len(a.msgs) == 0 {
		a.msgs = make([]store.Message, msgChunk)
	}
	m := &a.msgs[0]
	a.msgs = a.msgs[1:]
	return m
}

// recipients returns n zero recipients, capped at n.
func (a *valueArena) recipients(n int) []store.Recipient {
	if a == nil || n > msgChunk || n == 0 {
		return make([]store.Recipient, n)
	}
	if len(a.recips) < n {
		a.recips = make([]store.Recipient, msgChunk*4)
	}
	out := a.recips[:n:n]
	a.recips = a.recips[n:]
	return out
}

// changeKey returns m.changeKey() in the arena: the stored change key,
// or the XID of the replica GUID and m's CN's 6-byte global counter
// ([MS-OXCFXICS] 2.2.1.2.7, what mapi.NewChangeKey encodes).
func (a *valueArena) changeKey(m *meta) []byte {
	if m.ck != nil {
		return a.bytes(m.ck)
	}
	const size = 16 + 6
	a.room(size + 2) // the counter is appended as 8 bytes
	a.binUsed += size
	start := len(a.bin)
	g := m.folder.mb.info.ReplicaGUID
	a.bin = append(a.bin, g[:]...)
	a.bin = binary.BigEndian.AppendUint64(a.bin, store.MakeCN(m.cn).GlobalCounter()<<16)[:start+size]
	return a.bin[start : start+size : start+size]
}

// boxString returns s as an interface value.
func (a *valueArena) boxString(s string) any {
	if a == nil {
		return s
	}
	return a.strs.box(a, s)
}

// boxBytes returns b as an interface value.
func (a *valueArena) boxBytes(b []byte) any {
	if a == nil {
		return b
	}
	return a.bins.box(a, b)
}

// boxTime returns t as an interface value.
func (a *valueArena) boxTime(t time.Time) any {
	if a == nil {
		return t
	}
	return a.times.box(a, t)
}

// boxInt64 returns v as an interface value.
func (a *valueArena) boxInt64(v int64) any {
	if a == nil || uint64(v) < 256 {
		return v // small values box without allocating
	}
	return a.i64s.box(a, v)
}

// boxInt32 returns v as an interface value.
func (a *valueArena) boxInt32(v int32) any {
	if a == nil || uint32(v) < 256 {
		return v
	}
	return a.i32s.box(a, v)
}

// boxChunk is how many values of a type a new box chunk holds without an
// estimate; maxBoxChunk bounds an estimated one.
const (
	boxChunk    = 64
	maxBoxChunk = 1 << 10
)

// boxes hands out interface values of type T whose data are slots of a
// GC-owned chunk ([]T) instead of an allocation each.
//
// An interface value of a type that is not pointer-shaped is two words:
// the type and a pointer to the data, which nothing ever writes again
// (the runtime allocates that copy when a value is converted). box makes
// exactly that: the type word of T (taken from a converted zero value)
// and a pointer to a slot that box never hands out twice or writes
// again. The GC sees an ordinary interior pointer into the chunk; type
// switches, assertions, comparisons and reflect behave as with a value
// converted the usual way (TestArenaBoxes). T must not be pointer-shaped
// (the types above are not).
type boxes[T any] struct {
	typ  unsafe.Pointer
	free []T
	// next is the index of free's next slot; used counts the values
	// boxed, for sizing new chunks.
	next, used int
}

// eface is the layout of an interface value with no methods.
type eface struct {
	typ, data unsafe.Pointer
}

// box returns v as an interface value; a new chunk is sized by a's
// estimate of what the call will need (chunkSize).
func (b *boxes[T]) box(a *valueArena, v T) any {
	if b.typ == nil {
		var zero T
		z := any(zero)
		b.typ = (*eface)(unsafe.Pointer(&z)).typ
	}
	if b.next == len(b.free) {
		b.free = make([]T, a.chunkSize(1, b.used, boxChunk, boxChunk/4, maxBoxChunk))
		b.next = 0
	}
	b.used++
	// An index, not a reslice: storing a slice's pointer costs a write
	// barrier while the GC runs.
	p := &b.free[b.next]
	b.next++
	*p = v
	var out any
	e := (*eface)(unsafe.Pointer(&out))
	e.typ, e.data = b.typ, unsafe.Pointer(p)
	return out
}

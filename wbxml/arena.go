package wbxml

import "unsafe"

// strArena makes strings for decoded text with few allocations: short
// strings are copied into shared 16 KiB chunks. A chunk's bytes are never
// written again once a string refers to them (only appended to, past the
// end of every existing string), so the strings stay immutable; a chunk
// lives as long as any string into it.
type strArena struct {
	buf  []byte
	hint int // if > 0, an upper bound of the text still to come (the rest of the input)
}

const (
	arenaChunk  = 16 << 10
	arenaMaxStr = 1 << 10 // longer strings get their own allocation
)

func (a *strArena) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > arenaMaxStr {
		return string(b)
	}
	if cap(a.buf)-len(a.buf) < len(b) {
		n := arenaChunk
		if a.hint > 0 && a.hint < n {
			n = a.hint
		}
		if n < len(b) {
			n = len(b)
		}
		a.buf = make([]byte, 0, n)
	}
	off := len(a.buf)
	a.buf = append(a.buf, b...)
	return unsafe.String(&a.buf[off], len(b))
}

package wbxml

import "unsafe"

// strArena makes strings (and small byte slices) for decoded content with
// few allocations: values up to 4 KiB are copied into shared chunks of up
// to 64 KiB. A chunk's bytes are never
// written again once a string refers to them (only appended to, past the
// end of every existing string), so the strings stay immutable; a chunk
// lives as long as any string into it.
type strArena struct {
	buf  []byte
	hint int // if > 0, an upper bound of the text still to come (the rest of the input)
}

const (
	arenaChunk  = 64 << 10
	arenaMaxStr = 4 << 10 // longer values get their own allocation
)

func (a *strArena) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > arenaMaxStr {
		return string(b)
	}
	c := a.copy(b)
	return unsafe.String(&c[0], len(c))
}

// bytes returns a copy of b (non-nil, capacity-limited so that appending to
// it reallocates instead of overwriting a neighbour).
func (a *strArena) bytes(b []byte) []byte {
	if len(b) == 0 || len(b) > arenaMaxStr {
		return append(make([]byte, 0, len(b)), b...)
	}
	return a.copy(b)
}

func (a *strArena) copy(b []byte) []byte {
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
	return a.buf[off:len(a.buf):len(a.buf)]
}

// aliasString returns b as a string without copying. Only for
// Options.AliasInput, where the caller promises not to modify the input.
func aliasString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

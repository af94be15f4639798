package ews

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// dirtyByte is dirtyWord's test for one byte: the bytes appendEscaped
// must look at (non-ASCII, controls, '<', '>', '&', '"').
func dirtyByte(c byte) bool {
	return c >= 0x80 || c < 0x20 || c == '<' || c == '>' || c == '&' || c == '"'
}

// TestDirtyWordExact checks that dirtyWord flags a word exactly when one
// of its bytes is dirty: every byte value at every position among clean
// bytes (of several kinds), pairs of bytes (a control below a clean
// byte, whose borrow must not hide nor invent anything), and random
// words.
func TestDirtyWordExact(t *testing.T) {
	check := func(w [8]byte) {
		t.Helper()
		want := false
		for _, c := range w {
			want = want || dirtyByte(c)
		}
		if got := dirtyWord(binary.LittleEndian.Uint64(w[:])) != 0; got != want {
			t.Fatalf("dirtyWord(%q) = %v, want %v", w[:], got, want)
		}
	}
	for _, fill := range []byte{' ', 'a', '~', '=', '?', '%', '\'', '!', 0x7f} {
		for pos := range 8 {
			for c := range 256 {
				var w [8]byte
				for i := range w {
					w[i] = fill
				}
				w[pos] = byte(c)
				check(w)
				if pos < 7 {
					for d := range 256 {
						w[pos+1] = byte(d)
						check(w)
					}
				}
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1 << 18 {
		var w [8]byte
		for i := range w {
			// Mostly clean bytes, so that flagged words are not all.
			if r.IntN(16) == 0 {
				w[i] = byte(r.IntN(256))
			} else {
				w[i] = byte(0x20 + r.IntN(0x5f))
			}
		}
		check(w)
	}
}

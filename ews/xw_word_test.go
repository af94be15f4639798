package ews

import (
	"encoding/binary"
	"math/rand/v2"
	"strings"
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

// BenchmarkAppendEscapedShort is appendEscaped on the short values most
// elements hold (names, addresses, subjects, classes).
func BenchmarkAppendEscapedShort(b *testing.B) {
	vals := []string{"User Two", "user2@example.com", "SMTP", "Mailbox", "IPM.Note", "Benchmark message 17", "Normal", "en-US", "x"}
	n := 0
	for _, v := range vals {
		n += len(v)
	}
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	b.SetBytes(int64(n))
	for b.Loop() {
		buf = buf[:0]
		for _, v := range vals {
			buf = appendEscaped(buf, v, false)
		}
	}
}

// TestAppendEscapedEveryOffset checks appendEscaped against refEscaped
// with special bytes at every offset of values of every length up to
// seventy: each word of the fast scan, the thirty-two byte steps, the
// short rest and the overlapping last word, with a special byte before
// the rest (already handled) and in it.
func TestAppendEscapedEveryOffset(t *testing.T) {
	specials := []string{"<", "&", "\"", "\n", "\x01", "\u00e9", "\xff", "\uFFFE"}
	for n := 0; n <= 70; n++ {
		base := []byte(strings.Repeat("abcdefghij", 8)[:n])
		for pos := 0; pos <= n; pos++ {
			for _, sp := range specials {
				for _, second := range []int{-1, pos + 1, n - 1} {
					b := append([]byte{}, base[:pos]...)
					b = append(b, sp...)
					b = append(b, base[pos:]...)
					if second >= 0 && second < len(b) {
						b[second] = '>'
					}
					for _, attr := range []bool{false, true} {
						s := string(b)
						if got, want := string(appendEscaped(nil, s, attr)), string(refEscaped(nil, s, attr)); got != want {
							t.Fatalf("appendEscaped(%q, %v) = %q, want %q", s, attr, got, want)
						}
					}
				}
			}
		}
	}
}

// TestPlainWordExact is TestDirtyWordExact for plainWord (soapfast.go).
func TestPlainWordExact(t *testing.T) {
	plain := func(c byte) bool { return c >= 0x80 || c < 0x20 || c == '&' || c == '<' || c == ']' }
	check := func(w [8]byte) {
		t.Helper()
		want := false
		for _, c := range w {
			want = want || plain(c)
		}
		if got := plainWord(binary.LittleEndian.Uint64(w[:])) != 0; got != want {
			t.Fatalf("plainWord(%q) = %v, want %v", w[:], got, want)
		}
	}
	for _, fill := range []byte{' ', 'a', '~', '=', '\\', '^', '%', 0x7f} {
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
}

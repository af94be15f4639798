package ews

import (
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// refEscaped is the straightforward byte-by-byte escaper appendEscaped
// replaced; the table-driven one must agree with it on every input.
func refEscaped(b []byte, s string, attr bool) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			var esc string
			switch {
			case c == '<':
				esc = "&lt;"
			case c == '>':
				esc = "&gt;"
			case c == '&':
				esc = "&amp;"
			case c == '"' && attr:
				esc = "&quot;"
			case (c == '\n' || c == '\r' || c == '\t') && attr:
				esc = "&#" + strconv.Itoa(int(c)) + ";"
			case c == '\r':
				esc = "&#13;"
			case c < 0x20 && c != '\n' && c != '\t':
				esc = "\uFFFD"
			default:
				i++
				continue
			}
			b = append(b, s[last:i]...)
			b = append(b, esc...)
			i++
			last = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || r == 0xFFFE || r == 0xFFFF {
			b = append(b, s[last:i]...)
			b = append(b, "\uFFFD"...)
			i += n
			last = i
			continue
		}
		i += n
	}
	return append(b, s[last:]...)
}

var escapeCases = []string{
	"", "plain", `a<b>&"c"`, "line\nbreak\ttab\rcr", "\x00\x01\x1f\x7f",
	"caf\u00e9 \u65e5\u672c \U0001F600", "bad \xff\xfe utf8 \xc3", "\uFFFE\uFFFF", "\xed\xa0\x80 surrogate",
	strings.Repeat("Body text of a typical short message. ", 40),
	// Specials at every offset of a word after clean words.
	"abcdefgh<ijklmnop&qrstuvw\"xyz\n12345678\x01abcdefg>", "0123456789abcdef\t", "01234567\r\n89abcdef\u00e9\xff0123456",
	"abcdefghijklmno\x7f\x1f", "abcdefgh" + "ijklmnop" + "&",
}

func TestAppendEscapedMatchesReference(t *testing.T) {
	for _, s := range escapeCases {
		for _, attr := range []bool{false, true} {
			got, want := string(appendEscaped([]byte("x"), s, attr)), string(refEscaped([]byte("x"), s, attr))
			if got != want {
				t.Errorf("appendEscaped(%q, attr=%v) = %q, want %q", s, attr, got, want)
			}
		}
	}
}

func FuzzAppendEscaped(f *testing.F) {
	for _, s := range escapeCases {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, attr bool) {
		got, want := appendEscaped(nil, s, attr), refEscaped(nil, s, attr)
		if string(got) != string(want) {
			t.Fatalf("appendEscaped(%q, %v) = %q, want %q", s, attr, got, want)
		}
		if !utf8.Valid(got) {
			t.Fatalf("appendEscaped(%q) is not UTF-8: %q", s, got)
		}
	})
}

func TestAppendUTCTime(t *testing.T) {
	for _, tm := range []time.Time{
		time.Date(2026, 11, 16, 10, 5, 9, 999, time.UTC),
		time.Date(2026, 3, 29, 1, 30, 0, 0, time.FixedZone("CEST", 2*3600)),
		time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
		{},
	} {
		got, want := string(appendUTCTime(nil, tm)), tm.UTC().Format("2006-01-02T15:04:05Z")
		if got != want {
			t.Errorf("appendUTCTime(%v) = %q, want %q", tm, got, want)
		}
	}
}

func BenchmarkAppendEscapedBody(b *testing.B) {
	s := strings.Repeat("Body text of a typical short message. ", 40)
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		buf = appendEscaped(buf[:0], s, false)
	}
}

package oxcmail

import (
	"bytes"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func dehex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rtfcpExamples are the examples of [MS-OXRTFCP] section 3: the same two
// streams illustrate decompression (3.1) and compression (3.2).
var rtfcpExamples = []struct {
	name       string
	raw        string
	compressed string
}{
	{
		name: "MS-OXRTFCP 3.1.1 Example 1: Simple Compressed RTF / 3.2.1 Example 1: Compressing Simple RTF",
		raw:  "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n",
		compressed: `2d 00 00 00 2b 00 00 00 4c 5a 46 75 f1 c5 c7 a7
			03 00 0a 00 72 63 70 67 31 32 35 42 32 0a f3 20
			68 65 6c 09 00 20 62 77 05 b0 6c 64 7d 0a 80 0f a0`,
	},
	{
		name: "MS-OXRTFCP 3.1.2 Example 2: Reading a Token from the Dictionary that Crosses WritePosition / 3.2.2 Example 2: Compressing with Tokens that Cross WritePosition",
		raw:  "{\\rtf1 WXYZWXYZWXYZWXYZWXYZ}",
		compressed: `1a 00 00 00 1c 00 00 00 4c 5a 46 75 e2 d4 4b 51
			41 00 04 20 57 58 59 5a 0d 6e 7d 01 0e b0`,
	},
}

func TestRTFCPSpecExamples(t *testing.T) {
	for _, tc := range rtfcpExamples {
		t.Run(tc.name, func(t *testing.T) {
			comp := dehex(t, tc.compressed)
			got, err := DecompressRTF(comp)
			if err != nil {
				t.Fatalf("DecompressRTF: %v", err)
			}
			if string(got) != tc.raw {
				t.Errorf("DecompressRTF = %q, want %q", got, tc.raw)
			}
			enc, err := CompressRTF([]byte(tc.raw))
			if err != nil {
				t.Fatalf("CompressRTF: %v", err)
			}
			if !bytes.Equal(enc, comp) {
				t.Errorf("CompressRTF =\n% x\nwant\n% x", enc, comp)
			}
		})
	}
}

func TestRTFInitialDictionary(t *testing.T) {
	// [MS-OXRTFCP] 2.1.3.1.4: the preset is 207 bytes long.
	if n := len(rtfInitialDictionary); n != 207 {
		t.Fatalf("initial dictionary has %d bytes, want 207", n)
	}
}

func TestRTFCRC(t *testing.T) {
	// The CRC field of example 1 covers the 29 bytes after the header.
	comp := dehex(t, rtfcpExamples[0].compressed)
	if got := rtfCRC(comp[16:]); got != 0xA7C7C5F1 {
		t.Fatalf("rtfCRC = 0x%08X, want 0xA7C7C5F1", got)
	}
	if got := rtfCRC(nil); got != 0 {
		t.Fatalf("rtfCRC(nil) = 0x%08X, want 0", got)
	}
}

func TestUncompressedRTF(t *testing.T) {
	raw := []byte("{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n")
	enc, err := UncompressedRTF(raw)
	if err != nil {
		t.Fatal(err)
	}
	// [MS-OXRTFCP] 2.1.3.1.1: COMPSIZE = len+12, RAWSIZE = len, "MELA", CRC 0.
	want := append(dehex(t, "37000000 2b000000 4d454c41 00000000"), raw...)
	if !bytes.Equal(enc, want) {
		t.Fatalf("UncompressedRTF =\n% x\nwant\n% x", enc, want)
	}
	got, err := DecompressRTF(enc)
	if err != nil || !bytes.Equal(got, raw) {
		t.Fatalf("DecompressRTF(MELA) = %q, %v", got, err)
	}
}

func TestRTFRoundTrip(t *testing.T) {
	big := strings.Repeat("{\\rtf1\\ansi\\ansicpg1252\\deff0 {\\fonttbl{\\f0 Arial;}}\\pard hello world \\par}\r\n", 300)
	var noisy []byte
	x := uint32(1)
	for range 10000 {
		x = x*1103515245 + 12345
		noisy = append(noisy, byte(x>>16)%7+'a')
	}
	for _, in := range [][]byte{nil, []byte("a"), []byte("ab"), []byte(big), noisy, bytes.Repeat([]byte{'x'}, 9000)} {
		enc, err := CompressRTF(in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecompressRTF(enc)
		if err != nil {
			t.Fatalf("len %d: %v", len(in), err)
		}
		if !bytes.Equal(got, in) {
			t.Fatalf("len %d: round trip differs", len(in))
		}
	}
}

func TestDecompressRTFErrors(t *testing.T) {
	ex := dehex(t, rtfcpExamples[0].compressed)
	mod := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), ex...)) }
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"short header", ex[:10], ErrRTFShort},
		{"COMPSIZE beyond data", ex[:30], ErrRTFCompSize},
		{"bad COMPTYPE", mod(func(b []byte) []byte { b[8] = 'X'; return b }), ErrRTFCompType},
		{"bad CRC", mod(func(b []byte) []byte { b[12] ^= 1; return b }), ErrRTFCRC},
		{"RAWSIZE too large", mod(func(b []byte) []byte { b[7] = 0x7f; return b }), ErrRTFTooLarge},
		{"RAWSIZE too small", mod(func(b []byte) []byte { b[4] = 10; return b }), ErrRTFOverrun},
		{"RAWSIZE too big", mod(func(b []byte) []byte { b[4] = 0x40; return b }), ErrRTFRawSize},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecompressRTF(tc.in)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			var re *RTFError
			if !errors.As(err, &re) {
				t.Fatalf("err %T is not *RTFError", err)
			}
		})
	}
}

func TestDecompressRTFNoEndMarker(t *testing.T) {
	// The last run of example 1 without its end reference: accepted since
	// RAWSIZE bytes were produced (QUIRK in DecompressRTF).
	ex := dehex(t, rtfcpExamples[0].compressed)
	cut := append([]byte(nil), ex[:len(ex)-2]...)
	cut[0] -= 2
	crc := rtfCRC(cut[16:])
	cut[12], cut[13], cut[14], cut[15] = byte(crc), byte(crc>>8), byte(crc>>16), byte(crc>>24)
	got, err := DecompressRTF(cut)
	if err != nil || string(got) != rtfcpExamples[0].raw {
		t.Fatalf("DecompressRTF = %q, %v", got, err)
	}
}

// rtfSeeds returns the PidTagRtfCompressed values under testdata/rtf (LZFu
// and MELA) plus the spec examples.
func rtfSeeds(t testing.TB) [][]byte {
	var seeds [][]byte
	for _, tc := range rtfcpExamples {
		seeds = append(seeds, dehex(t, tc.compressed))
	}
	files, _ := filepath.Glob("testdata/rtf/*")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	return seeds
}

func FuzzDecompressRTF(f *testing.F) {
	for _, s := range rtfSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		raw, err := DecompressRTF(b)
		if err != nil {
			return
		}
		enc, err := CompressRTF(raw)
		if err != nil {
			t.Fatalf("CompressRTF: %v", err)
		}
		again, err := DecompressRTF(enc)
		if err != nil {
			t.Fatalf("DecompressRTF(CompressRTF(x)): %v", err)
		}
		if !bytes.Equal(again, raw) {
			t.Fatalf("round trip differs")
		}
	})
}

func BenchmarkDecompressRTF(b *testing.B) {
	raw := []byte(strings.Repeat("{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 {\\*\\htmltag64 <p class=MsoNormal>}hello world\\par\r\n", 2000))
	enc, err := CompressRTF(raw)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecompressRTF(enc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompressRTF(b *testing.B) {
	raw := []byte(strings.Repeat("{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 {\\*\\htmltag64 <p class=MsoNormal>}hello world\\par\r\n", 2000))
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CompressRTF(raw); err != nil {
			b.Fatal(err)
		}
	}
}

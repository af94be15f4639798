package ropbuf

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/mapi"
)

func lzCorpus() [][]byte {
	r := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 5000)
	for i := range random {
		random[i] = byte(r.IntN(256))
	}
	lowEntropy := make([]byte, 70000)
	for i := range lowEntropy {
		lowEntropy[i] = "ab"[r.IntN(2)]
	}
	return [][]byte{
		nil,
		{0},
		[]byte("aa"),
		[]byte("aaa"),
		[]byte(strings.Repeat("a", 10)),
		[]byte(strings.Repeat("xyz", 9)),  // lengths using the shared nibble
		[]byte(strings.Repeat("q", 25)),   // nibble 15 + byte 0
		[]byte(strings.Repeat("ab", 200)), // 16-bit length
		bytes.Repeat([]byte{7}, 70000),    // matches capped at 65538
		random,                            // incompressible
		lowEntropy,                        // many nibble-sharing matches
		[]byte(strings.Repeat("Hello, Outlook! ", 600)), // long text
	}
}

func TestLZ77RoundTrip(t *testing.T) {
	for i, in := range lzCorpus() {
		packed := CompressLZ77(nil, in)
		got, err := DecompressLZ77(nil, packed, len(in))
		if err != nil || !bytes.Equal(got, in) {
			t.Errorf("case %d (%d bytes): round trip failed: %v", i, len(in), err)
		}
		// The output never exceeds the size asked for.
		if len(in) > 0 {
			if _, err := DecompressLZ77(nil, packed, len(in)-1); !errors.Is(err, ErrCorrupt) {
				t.Errorf("case %d: decompressing to one byte less: %v", i, err)
			}
		}
	}
}

func TestLZ77Corrupt(t *testing.T) {
	for _, c := range []struct {
		name string
		in   []byte
		size int
	}{
		{"empty", nil, 0},
		{"short flags", []byte{0, 0}, 1},
		{"literal past end", []byte{0, 0, 0, 0}, 1},
		{"match before start", []byte{0xFF, 0xFF, 0xFF, 0xFF, 0x08, 0x00}, 3},
		{"truncated match", []byte{0xFF, 0xFF, 0xFF, 0xFF, 0x08}, 3},
		{"bomb", []byte{0xFF, 0xFF, 0xFF, 0x7F, 'a', 0x07, 0x00, 0x0F, 0xFF, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x7F}, 1 << 16},
	} {
		if _, err := DecompressLZ77(nil, c.in, c.size); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: err = %v, want ErrCorrupt", c.name, err)
		}
	}
}

func TestExtChain(t *testing.T) {
	payloads := lzCorpus()[1:8]
	for _, flags := range []ExtFlags{0, ExtCompressed, ExtXorMagic, ExtCompressed | ExtXorMagic} {
		b, err := AppendExtChain(nil, payloads, flags)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseExt(b, nil)
		if err != nil {
			t.Fatalf("%v: %v", flags, err)
		}
		if len(got) != len(payloads) {
			t.Fatalf("%v: %d buffers", flags, len(got))
		}
		for i, g := range got {
			if !bytes.Equal(g.Payload, payloads[i]) {
				t.Errorf("%v #%d: payload differs", flags, i)
			}
			if (g.Header.Flags&ExtLast != 0) != (i == len(payloads)-1) {
				t.Errorf("%v #%d: Last flag %v", flags, i, g.Header.Flags)
			}
			if g.Header.Flags&ExtCompressed != 0 && g.Header.Size >= g.Header.SizeActual {
				t.Errorf("%v #%d: compressed Size %d not below SizeActual %d", flags, i, g.Header.Size, g.Header.SizeActual)
			}
		}
	}
	// Compression that does not pay is dropped.
	b, _ := AppendExt(nil, []byte{1, 2, 3}, ExtCompressed|ExtLast)
	if ExtFlags(b[2]) != ExtLast {
		t.Errorf("flags %v, want Last only", ExtFlags(b[2]))
	}
	if s := (ExtCompressed | ExtLast | 0x0100).String(); s != "Compressed|Last|0x0100" {
		t.Errorf("String() = %q", s)
	}
}

func TestExtErrors(t *testing.T) {
	ok, _ := AppendExt(nil, []byte("payload"), ExtLast)
	notLast, _ := AppendExt(nil, []byte("payload"), 0)
	zipped, _ := AppendExt(nil, bytes.Repeat([]byte("x"), 1000), ExtCompressed|ExtLast)
	for _, c := range []struct {
		name string
		b    []byte
		opts *ExtOptions
		want error
	}{
		{"short header", ok[:5], nil, nil},
		{"bad version", append([]byte{1}, ok[1:]...), nil, nil},
		{"short payload", ok[:len(ok)-1], nil, nil},
		{"trailing", append(append([]byte(nil), ok...), 0), nil, nil},
		{"no last", notLast, nil, nil},
		{"size mismatch", func() []byte { b := append([]byte(nil), ok...); b[6]++; return b }(), nil, nil},
		{"limit", zipped, &ExtOptions{MaxTotal: 999}, ErrExtLimit},
		{"corrupt", func() []byte { b := append([]byte(nil), zipped...); b[len(b)-1] ^= 0x40; return b }(), nil, ErrCorrupt},
	} {
		_, err := ParseExt(c.b, c.opts)
		var ee *ExtError
		if !errors.As(err, &ee) {
			t.Errorf("%s: err = %v, want *ExtError", c.name, err)
			continue
		}
		if c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
		}
	}
	if _, err := AppendExt(nil, make([]byte, 0x10000), ExtLast); !errors.Is(err, ErrTooLong) {
		t.Errorf("64 KiB payload: %v", err)
	}
}

func TestAuxRoundTrip(t *testing.T) {
	var blocks []AuxBlock
	for _, v := range []uint8{AuxVersion1, AuxVersion2} {
		for typ := 0; typ < 0x50; typ++ {
			body := newAuxBody(v, uint8(typ))
			if body == nil {
				continue
			}
			f := &filler{seed: typ}
			f.fill(reflect.ValueOf(body).Elem())
			blocks = append(blocks, AuxBlock{Version: v, Type: uint8(typ), Body: body})
		}
	}
	if len(blocks) != 40 {
		t.Errorf("%d known block kinds, want 40 (29 types of version 1, 11 of version 2)", len(blocks))
	}
	// Unknown kinds are kept raw.
	blocks = append(blocks,
		AuxBlock{Version: 1, Type: 0x7E, Body: &AuxRaw{Data: []byte{1, 2, 3}}},
		AuxBlock{Version: 3, Type: 0x01, Body: &AuxRaw{}})
	b, err := AppendAux(nil, blocks)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseAux(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, blocks) {
		for i := range got {
			if !reflect.DeepEqual(got[i], blocks[i]) {
				t.Errorf("block %d: got %+v, want %+v", i, got[i].Body, blocks[i].Body)
			}
		}
	}
	// A known block of the wrong size is kept raw and written back as it was.
	odd := []byte{0x07, 0x00, 0x01, AuxTypeEXOrgInfo, 1, 2, 3}
	got, err = ParseAux(odd)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got[0].Body.(*AuxRaw); !ok {
		t.Errorf("short EXORGINFO decoded as %T", got[0].Body)
	}
	if re, _ := AppendAux(nil, got); !bytes.Equal(re, odd) {
		t.Errorf("re-encoded % X", re)
	}
	for _, bad := range [][]byte{{0x03, 0x00, 0x01, 0x01}, {0x08, 0x00, 0x01, 0x01, 0, 0}, {0x04}} {
		var ae *AuxError
		if _, err := ParseAux(bad); !errors.As(err, &ae) {
			t.Errorf("% X: err = %v", bad, err)
		}
	}
}

// TestAuxClientInfo decodes an AUX_PERF_CLIENTINFO block with its strings
// located by offsets from the start of the AUX_HEADER.
func TestAuxClientInfo(t *testing.T) {
	info := &AuxPerfClientInfo{AdapterSpeed: 1000000, ClientID: 1, MachineNameOffset: 32, ClientMode: 1,
		Data: append(appendUTF16z(nil, "PC01"), 0, 0)}
	b, err := AppendAux(nil, []AuxBlock{{Version: AuxVersion1, Type: AuxTypePerfClientInfo, Body: info}})
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 32+12 {
		t.Fatalf("block is %d bytes", len(b))
	}
	if got := string(b[32:40]); got != "P\x00C\x000\x001\x00" {
		t.Errorf("MachineName at offset 32 is %q", got)
	}
	_ = mapi.GUID{}
}

func appendUTF16z(b []byte, s string) []byte {
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return append(b, 0, 0)
}

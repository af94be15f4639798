package ropbuf

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/mapi"
)

// The fuzz targets assert round-trip stability: whatever decodes encodes,
// and the encoding decodes again to something that encodes to the same
// bytes. Seeds are the spec examples (spec_test.go), the start-up buffers
// of the benchmarks and a filled request and response of every ROP.

// fuzzColumns is the column set the response fuzzers decode rows with.
var fuzzColumns = []mapi.PropTag{0x0037001F, 0x0E080003, 0x0FFF0102, 0x0E060040, 0x6001000B, 0x3001001E}

func everyRopSeeds(tb testing.TB) (reqs, resps [][]byte) {
	for _, id := range RopIDs() {
		if q := NewRequest(id); q != nil {
			(&filler{seed: int(id)}).fill(reflect.ValueOf(q).Elem())
			fixup(q)
			if b, err := q.AppendBinary(nil); err == nil {
				reqs = append(reqs, b)
			}
		}
		if p := NewResponse(id); p != nil {
			(&filler{seed: int(id)}).fill(reflect.ValueOf(p).Elem())
			fixup(p)
			setReturnValue(p, 0)
			if b, err := p.AppendBinary(nil); err == nil {
				resps = append(resps, b)
			}
		}
	}
	return reqs, resps
}

func wrapBuffer(rops []byte) []byte {
	b := binary.LittleEndian.AppendUint16(nil, uint16(len(rops)+2))
	b = append(b, rops...)
	return binary.LittleEndian.AppendUint32(b, 0xFFFFFFFF)
}

func FuzzRequestBuffer(f *testing.F) {
	reqs, _ := everyRopSeeds(f)
	for _, r := range reqs {
		f.Add(wrapBuffer(r))
	}
	f.Add(startupRequest(f))
	for _, b := range testdataSeeds(f, "requests") {
		f.Add(wrapBuffer(b))
	}
	for _, b := range testdataSeeds(f, "buffers") {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		buf, err := ParseRequestBuffer(data, nil)
		if buf == nil {
			return
		}
		// Whatever decoded, complete or not, must re-encode stably.
		e1, eerr := buf.AppendBinary(nil)
		if eerr != nil {
			t.Fatalf("decoded buffer (err %v) does not encode: %v", err, eerr)
		}
		buf2, err2 := ParseRequestBuffer(e1, nil)
		if err2 != nil {
			t.Fatalf("re-encoded buffer does not decode: %v\n% X", err2, e1)
		}
		e2, _ := buf2.AppendBinary(nil)
		if !bytes.Equal(e1, e2) {
			t.Fatalf("unstable:\n% X\n% X", e1, e2)
		}
	})
}

func FuzzResponse(f *testing.F) {
	_, resps := everyRopSeeds(f)
	for _, r := range resps {
		f.Add(r)
	}
	for _, b := range testdataSeeds(f, "responses") {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := &ResponseContext{Columns: fuzzColumns}
		p, _, err := ParseResponse(data, ctx)
		if err != nil {
			return
		}
		e1, err := p.AppendBinary(nil)
		if err != nil {
			t.Fatalf("%T decoded but does not encode: %v", p, err)
		}
		p2, n, err := ParseResponse(e1, ctx)
		if err != nil || n != len(e1) {
			t.Fatalf("%T re-encoding does not decode (%d of %d): %v\n% X", p, n, len(e1), err, e1)
		}
		e2, _ := p2.AppendBinary(nil)
		if !bytes.Equal(e1, e2) {
			t.Fatalf("%T unstable:\n% X\n% X", p, e1, e2)
		}
	})
}

func FuzzResponseBuffer(f *testing.F) {
	_, resps := everyRopSeeds(f)
	for _, r := range resps[:20] {
		f.Add(wrapBuffer(r))
	}
	f.Add(startupResponse(f))
	for _, b := range testdataSeeds(f, "responses") {
		f.Add(wrapBuffer(b))
	}
	reqs := startupRequests()
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := &BufferContext{Requests: reqs, Columns: func(uint32) []mapi.PropTag { return fuzzColumns }}
		buf, _ := ParseResponseBuffer(data, ctx)
		if buf == nil {
			return
		}
		e1, err := buf.AppendBinary(nil)
		if err != nil {
			t.Fatalf("decoded buffer does not encode: %v", err)
		}
		buf2, err := ParseResponseBuffer(e1, ctx)
		if err != nil {
			t.Fatalf("re-encoded buffer does not decode: %v\n% X", err, e1)
		}
		e2, _ := buf2.AppendBinary(nil)
		if !bytes.Equal(e1, e2) {
			t.Fatalf("unstable:\n% X\n% X", e1, e2)
		}
	})
}

func FuzzExt(f *testing.F) {
	for _, flags := range []ExtFlags{ExtLast, ExtLast | ExtCompressed, ExtLast | ExtXorMagic | ExtCompressed} {
		b, _ := AppendExt(nil, startupRequest(f), flags)
		f.Add(b)
	}
	b, _ := AppendExtChain(nil, lzCorpus()[2:7], ExtCompressed|ExtXorMagic)
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		bufs, err := ParseExt(data, &ExtOptions{MaxTotal: 1 << 20})
		if err != nil {
			return
		}
		payloads := make([][]byte, len(bufs))
		for i, b := range bufs {
			if len(b.Payload) != int(b.Header.SizeActual) {
				t.Fatalf("payload %d is %d bytes, SizeActual %d", i, len(b.Payload), b.Header.SizeActual)
			}
			payloads[i] = b.Payload
		}
		flags := bufs[0].Header.Flags & (ExtCompressed | ExtXorMagic)
		e, err := AppendExtChain(nil, payloads, flags)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseExt(e, nil)
		if err != nil || len(again) != len(bufs) {
			t.Fatalf("re-encoded chain: %v", err)
		}
		for i := range again {
			if !bytes.Equal(again[i].Payload, payloads[i]) {
				t.Fatalf("payload %d differs after re-encoding", i)
			}
		}
	})
}

func FuzzLZ77(f *testing.F) {
	for _, c := range lzCorpus()[:9] {
		f.Add(CompressLZ77(nil, c), uint16(len(c)))
	}
	f.Add(dehex(f, "ff ff ff 1f 61 62 63 17 00 0f ff 26 01"), uint16(300))
	f.Fuzz(func(t *testing.T, data []byte, size uint16) {
		out, err := DecompressLZ77(nil, data, int(size))
		if err != nil {
			return
		}
		if len(out) != int(size) {
			t.Fatalf("produced %d bytes, want %d", len(out), size)
		}
		again, err := DecompressLZ77(nil, CompressLZ77(nil, out), len(out))
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("recompression does not round-trip: %v", err)
		}
	})
}

func FuzzAux(f *testing.F) {
	var blocks []AuxBlock
	for typ := 0; typ < 0x50; typ++ {
		for _, v := range []uint8{1, 2} {
			if body := newAuxBody(v, uint8(typ)); body != nil {
				(&filler{seed: typ}).fill(reflect.ValueOf(body).Elem())
				blocks = append(blocks, AuxBlock{Version: v, Type: uint8(typ), Body: body})
			}
		}
	}
	for i := 0; i+4 <= len(blocks); i += 4 {
		b, _ := AppendAux(nil, blocks[i:i+4])
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		blocks, err := ParseAux(data)
		if err != nil {
			return
		}
		// Every block, known or not, is written back byte for byte.
		e, err := AppendAux(nil, blocks)
		if err != nil || !bytes.Equal(e, data) {
			t.Fatalf("re-encoded (%v)\n% X\nwant\n% X", err, e, data)
		}
	})
}

// testdataSeeds returns the vectors of testdata/dir/*.hex (hex bytes, lines
// starting with # are comments).
func testdataSeeds(tb testing.TB, dir string) [][]byte {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", dir, "*.hex"))
	if err != nil {
		tb.Fatal(err)
	}
	var out [][]byte
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var hexText strings.Builder
		for _, line := range strings.Split(string(raw), "\n") {
			if !strings.HasPrefix(line, "#") {
				hexText.WriteString(line)
			}
		}
		out = append(out, dehex(tb, hexText.String()))
	}
	if len(out) == 0 {
		tb.Fatalf("no vectors in testdata/%s", dir)
	}
	return out
}

// TestTestdataVectors checks that every vector file decodes and re-encodes
// to its exact bytes.
func TestTestdataVectors(t *testing.T) {
	ruleCols := &ResponseContext{Columns: []mapi.PropTag{0x66740014, 0x66750102, 0x6682001F}}
	for _, b := range testdataSeeds(t, "requests") {
		q, n, err := ParseRequest(b, nil)
		if err != nil || n != len(b) {
			t.Fatalf("% X: %v (%d bytes used)", b, err, n)
		}
		if e, _ := q.AppendBinary(nil); !bytes.Equal(e, b) {
			t.Errorf("re-encoded % X, want % X", e, b)
		}
	}
	for _, b := range testdataSeeds(t, "responses") {
		p, n, err := ParseResponse(b, ruleCols)
		if err != nil || n != len(b) {
			t.Fatalf("% X: %v (%d bytes used)", b, err, n)
		}
		if e, _ := p.AppendBinary(nil); !bytes.Equal(e, b) {
			t.Errorf("re-encoded % X, want % X", e, b)
		}
	}
	for _, b := range testdataSeeds(t, "buffers") {
		buf, err := ParseRequestBuffer(b, nil)
		if err != nil {
			t.Fatal(err)
		}
		if e, _ := buf.AppendBinary(nil); !bytes.Equal(e, b) {
			t.Errorf("re-encoded % X, want % X", e, b)
		}
	}
}

func FuzzRecipientRow(f *testing.F) {
	cols := []mapi.PropTag{0x0C150003, 0x3001001F, 0x0FFF0102}
	for _, r := range []RecipientRow{
		{Flags: RecipientTypeSMTP | RecipientEmailAddress | RecipientDisplayName | RecipientUnicode, EmailAddress: "a@b", DisplayName: "A"},
		{Flags: RecipientTypeX500DN | RecipientDisplayName, X500DN: "/o=x", DisplayName: "X"},
		{Flags: RecipientTypePersonalDL2 | RecipientOtherAddrType, EntryID: []byte{1}, SearchKey: []byte{2}, AddressType: "EX"},
	} {
		b, _ := AppendRecipientRow(nil, cols, r)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseRecipientRow(data, cols)
		if err != nil {
			return
		}
		e1, err := AppendRecipientRow(nil, cols, r)
		if err != nil {
			t.Fatalf("decoded row does not encode: %v", err)
		}
		r2, err := ParseRecipientRow(e1, cols)
		if err != nil {
			t.Fatalf("re-encoded row does not decode: %v", err)
		}
		e2, _ := AppendRecipientRow(nil, cols, r2)
		if !bytes.Equal(e1, e2) {
			t.Fatalf("unstable:\n% X\n% X", e1, e2)
		}
	})
}

package mapi_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/internal/wire"
	"github.com/oxkit/oxkit/mapi"
)

// idsHex decodes hex with optional spaces and newlines.
func idsHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

// idsVectors reads the hex vectors (one per file, whitespace ignored,
// lines starting with # skipped) of testdata/<dir>.
func idsVectors(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", dir, "*.hex"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var sb strings.Builder
		for _, line := range strings.Split(string(raw), "\n") {
			if !strings.HasPrefix(strings.TrimSpace(line), "#") {
				sb.WriteString(line)
				sb.WriteByte(' ')
			}
		}
		out[filepath.Base(f)] = idsHex(t, sb.String())
	}
	if len(out) == 0 {
		t.Fatalf("no vectors in testdata/%s", dir)
	}
	return out
}

// Test GUIDs: arbitrary, only their bytes matter.
var (
	idsMailboxGUID = mapi.NewGUID(0x11111111, 0x2222, 0x3333, 0x4455, 0x66778899AABB)
	idsReplGUID    = mapi.NewGUID(0xA0A1A2A3, 0xB0B1, 0xC0C1, 0xD0D1, 0xE0E1E2E3E4E5)
)

// The wire layout of an ID ([MS-OXCDATA] 2.2.1.1, 2.2.1.2): ReplicaId
// little-endian, then the 6-byte GlobalCounter big-endian (the GLOBCNT
// order of [MS-OXCFXICS] 2.2.2.5).
func TestIDLayout(t *testing.T) {
	tests := []struct {
		replica uint16
		counter uint64
		wire    string
		str     string
	}{
		{1, 0x1C, "0100 00000000001C", "1-1C"},
		{0x0201, 0x0A0B0C0D0E0F, "0102 0A0B0C0D0E0F", "201-A0B0C0D0E0F"},
		{0xFFFF, mapi.MaxGlobalCounter, "FFFF FFFFFFFFFFFF", "FFFF-FFFFFFFFFFFF"},
		{0, 0, "0000 000000000000", "0-0"},
	}
	for _, tt := range tests {
		id := mapi.MakeID(tt.replica, tt.counter)
		got, err := id.AppendBinary(nil)
		if err != nil {
			t.Fatal(err)
		}
		want := idsHex(t, tt.wire)
		if !bytes.Equal(got, want) {
			t.Errorf("MakeID(%#x, %#x) = % X, want % X", tt.replica, tt.counter, got, want)
		}
		back, err := mapi.ParseID(want)
		if err != nil || back != id {
			t.Errorf("ParseID(% X) = %v, %v; want %v", want, back, err, id)
		}
		if back.ReplicaID() != tt.replica || back.GlobalCounter() != tt.counter {
			t.Errorf("%v: replica %#x counter %#x, want %#x %#x", back, back.ReplicaID(), back.GlobalCounter(), tt.replica, tt.counter)
		}
		if s := id.String(); s != tt.str {
			t.Errorf("String = %q, want %q", s, tt.str)
		}
	}
	// The value is the wire bytes read little-endian.
	if id := mapi.MakeID(1, 0x1C); uint64(id) != 0x1C00000000000001 {
		t.Errorf("MakeID(1, 0x1C) = %#x", uint64(id))
	}
	// Counters are truncated to 48 bits.
	if c := mapi.MakeID(1, 1<<48|5).GlobalCounter(); c != 5 {
		t.Errorf("counter not truncated: %#x", c)
	}
	if _, err := mapi.ParseID(make([]byte, 7)); err == nil {
		t.Error("ParseID of 7 bytes succeeded")
	}
}

func TestGIDAndLongTermID(t *testing.T) {
	g := mapi.MakeGID(idsReplGUID, 0x123456789ABC)
	b, err := g.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := append(idsReplGUID[:], 0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC)
	if !bytes.Equal(b, want) {
		t.Fatalf("GID = % X, want % X", b, want)
	}
	back, err := mapi.ParseGID(b)
	if err != nil || back != g {
		t.Fatalf("ParseGID = %v, %v", back, err)
	}
	if x := g.XID(); !bytes.Equal(x.LocalID, want[16:]) || x.NamespaceGUID != idsReplGUID {
		t.Errorf("GID.XID = %v", x)
	}
	if id := g.ID(1); id.GlobalCounter() != 0x123456789ABC || id.ReplicaID() != 1 {
		t.Errorf("GID.ID = %v", id)
	}

	l := mapi.MakeLongTermID(idsReplGUID, 0x123456789ABC)
	lb, err := l.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(lb, append(want, 0, 0)) {
		t.Fatalf("LongTermID = % X", lb)
	}
	// A nonzero Pad is kept so that the bytes round-trip.
	lb[23] = 0x80
	l2, err := mapi.ParseLongTermID(lb)
	if err != nil || l2.Pad != 0x8000 || l2.GID() != g {
		t.Fatalf("ParseLongTermID = %+v, %v", l2, err)
	}
	if again, _ := l2.AppendBinary(nil); !bytes.Equal(again, lb) {
		t.Errorf("LongTermID round trip % X != % X", again, lb)
	}
	for _, n := range []int{0, 21, 23, 25} {
		if _, err := mapi.ParseGID(make([]byte, n)); n != 22 && err == nil {
			t.Errorf("ParseGID(%d bytes) succeeded", n)
		}
		if _, err := mapi.ParseLongTermID(make([]byte, n)); err == nil {
			t.Errorf("ParseLongTermID(%d bytes) succeeded", n)
		}
	}
	var se *mapi.StructureError
	if _, err := (mapi.GID{GlobalCounter: 1 << 48}).AppendBinary(nil); !errors.As(err, &se) || !errors.Is(err, mapi.ErrCounterRange) {
		t.Errorf("oversized counter: %v", err)
	}
}

func TestStructureErrorLocated(t *testing.T) {
	_, err := mapi.ParsePredecessorChangeList(idsHex(t, "16 00112233"))
	var se *mapi.StructureError
	if !errors.As(err, &se) {
		t.Fatalf("error %T %v is not a *StructureError", err, err)
	}
	if se.Offset != 1 || !errors.Is(err, wire.ErrShort) {
		t.Errorf("offset %d, err %v; want offset 1 and ErrShort", se.Offset, err)
	}
	if !strings.HasPrefix(err.Error(), "mapi: PredecessorChangeList at offset 1") {
		t.Errorf("message %q", err.Error())
	}
}

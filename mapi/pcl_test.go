package mapi_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/oxkit/oxkit/mapi"
)

var (
	idsGUIDA = mapi.GUID{0x01, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	idsGUIDB = mapi.GUID{0x02, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}
	idsGUIDC = mapi.GUID{0x03, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3}
)

func idsCK(g mapi.GUID, c uint64) mapi.XID { return mapi.NewChangeKey(g, mapi.MakeID(1, c)) }

func TestXID(t *testing.T) {
	x := idsCK(idsGUIDA, 0x0102030405)
	b, err := x.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := append(idsGUIDA[:], 0x00, 0x01, 0x02, 0x03, 0x04, 0x05)
	if !bytes.Equal(b, want) {
		t.Fatalf("change key % X, want % X", b, want)
	}
	if x.Size() != 22 || x.Value() != 0x0102030405 {
		t.Errorf("Size %d Value %#x", x.Size(), x.Value())
	}
	y, err := mapi.ParseXID(b)
	if err != nil || !y.Equal(x) {
		t.Fatalf("ParseXID = %v, %v", y, err)
	}
	if g, ok := y.GID(); !ok || g.GlobalCounter != 0x0102030405 || g.DatabaseGUID != idsGUIDA {
		t.Errorf("GID = %v %v", g, ok)
	}
	// LocalIds of 1..8 bytes; the size comes from the container.
	for n := 0; n <= 26; n++ {
		_, err := mapi.ParseXID(make([]byte, n))
		if ok := n >= 17 && n <= 24; ok != (err == nil) {
			t.Errorf("ParseXID(%d bytes): %v", n, err)
		}
	}
	if _, err := (mapi.XID{LocalID: make([]byte, 9)}).AppendBinary(nil); err == nil {
		t.Error("9-byte LocalId encoded")
	}
	if _, err := (mapi.XID{}).AppendBinary(nil); err == nil {
		t.Error("empty LocalId encoded")
	}
	if c := mapi.NewXID(idsGUIDA, 0x0100, 2).CompareLocal(mapi.NewXID(idsGUIDA, 0xFF, 4)); c != 1 {
		t.Errorf("CompareLocal numeric = %d", c)
	}
}

func TestPredecessorChangeListCodec(t *testing.T) {
	pcl := mapi.PredecessorChangeList{idsCK(idsGUIDA, 0x10), mapi.NewXID(idsGUIDB, 0x0203, 4)}
	b, err := pcl.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	// SizedXid: XidSize, then the XID ([MS-OXCFXICS] 2.2.2.3.1).
	want := idsHex(t, "16"+hex16(idsGUIDA)+"000000000010"+"14"+hex16(idsGUIDB)+"00000203")
	if !bytes.Equal(b, want) {
		t.Fatalf("PCL = % X\nwant  % X", b, want)
	}
	back, err := mapi.ParsePredecessorChangeList(b)
	if err != nil || !reflect.DeepEqual(back, pcl) {
		t.Fatalf("parse = %v, %v", back, err)
	}
	empty, err := mapi.ParsePredecessorChangeList(nil)
	if err != nil || len(empty) != 0 {
		t.Errorf("empty PCL = %v, %v", empty, err)
	}
	for _, bad := range []string{
		"10" + hex16(idsGUIDA),                        // XidSize 16: no LocalId
		"19" + hex16(idsGUIDA) + "000000000000000000", // XidSize 25
		"16" + hex16(idsGUIDA) + "0000",               // truncated
		"16",                                          // truncated
	} {
		if _, err := mapi.ParsePredecessorChangeList(idsHex(t, bad)); err == nil {
			t.Errorf("parse %s succeeded", bad)
		}
	}
}

func hex16(g mapi.GUID) string {
	const digits = "0123456789ABCDEF"
	out := make([]byte, 0, 32)
	for _, c := range g {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

// MS-OXCFXICS 3.1.5.6.1: PCL A includes PCL B iff every XID of B has an XID
// of A with the same namespace and the same or a greater LocalId. The
// figure's case: the server PCL lacks the client's B2 and the client PCL
// lacks the server's A2, so the versions conflict.
func TestPCLConflictDetection(t *testing.T) {
	server := mapi.PredecessorChangeList{idsCK(idsGUIDA, 2), idsCK(idsGUIDB, 1)}
	client := mapi.PredecessorChangeList{idsCK(idsGUIDA, 1), idsCK(idsGUIDB, 2)}
	tests := []struct {
		name string
		a, b mapi.PredecessorChangeList
		want mapi.PCLOrder
	}{
		{"figure: A2 vs B2", server, client, mapi.PCLConflict},
		{"equal", server, server, mapi.PCLEqual},
		{"newer counter", mapi.PredecessorChangeList{idsCK(idsGUIDA, 3), idsCK(idsGUIDB, 1)}, server, mapi.PCLNewer},
		{"older", server, mapi.PredecessorChangeList{idsCK(idsGUIDA, 3), idsCK(idsGUIDB, 1)}, mapi.PCLOlder},
		{"extra namespace", append(server.Canonical(), idsCK(idsGUIDC, 1)), server, mapi.PCLNewer},
		{"missing namespace", mapi.PredecessorChangeList{idsCK(idsGUIDA, 9)}, server, mapi.PCLConflict},
		{"empty vs any", nil, server, mapi.PCLOlder},
		{"empty vs empty", nil, nil, mapi.PCLEqual},
	}
	for _, tt := range tests {
		if got := tt.a.Compare(tt.b); got != tt.want {
			t.Errorf("%s: Compare = %v, want %v", tt.name, got, tt.want)
		}
	}
	if !server.Includes(nil) || (mapi.PredecessorChangeList(nil)).Includes(server) {
		t.Error("Includes with the empty list is wrong")
	}
	if s := mapi.PCLOrder(42).String(); s != "PCLOrder(42)" {
		t.Errorf("String = %q", s)
	}
}

func TestPCLBuild(t *testing.T) {
	// Canonical: sorted by GUID bytes, one XID per namespace (the greatest).
	p := mapi.PredecessorChangeList{idsCK(idsGUIDC, 1), idsCK(idsGUIDA, 5), idsCK(idsGUIDA, 7), idsCK(idsGUIDB, 2)}
	got := p.Canonical()
	want := mapi.PredecessorChangeList{idsCK(idsGUIDA, 7), idsCK(idsGUIDB, 2), idsCK(idsGUIDC, 1)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Canonical = %v, want %v", got, want)
	}
	if p[0].NamespaceGUID != idsGUIDC {
		t.Error("Canonical modified its receiver")
	}
	// With: the new change key replaces the namespace's XID.
	w := want.With(idsCK(idsGUIDB, 9))
	if x, _ := w.Get(idsGUIDB); x.Value() != 9 || len(w) != 3 {
		t.Errorf("With = %v", w)
	}
	if !w.Includes(want) || want.Includes(w) {
		t.Error("a new version must include its predecessor")
	}
	// Merge: the union resolves a conflict; it includes both sides.
	a := mapi.PredecessorChangeList{idsCK(idsGUIDA, 2), idsCK(idsGUIDB, 1)}
	b := mapi.PredecessorChangeList{idsCK(idsGUIDA, 1), idsCK(idsGUIDB, 2), idsCK(idsGUIDC, 4)}
	m := a.Merge(b)
	wantM := mapi.PredecessorChangeList{idsCK(idsGUIDA, 2), idsCK(idsGUIDB, 2), idsCK(idsGUIDC, 4)}
	if !reflect.DeepEqual(m, wantM) {
		t.Errorf("Merge = %v, want %v", m, wantM)
	}
	if !m.Includes(a) || !m.Includes(b) {
		t.Error("merge does not include its inputs")
	}
	if s := m.String(); s == "" || s[0] != '[' {
		t.Errorf("String = %q", s)
	}
}

func FuzzPredecessorChangeList(f *testing.F) {
	for _, v := range idsVectors(f, "pcl") {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := mapi.ParsePredecessorChangeList(b)
		if err != nil {
			return
		}
		enc, err := p.AppendBinary(nil)
		if err != nil {
			t.Fatalf("encode of decoded PCL: %v", err)
		}
		// Every field is kept, so the bytes round-trip exactly.
		if !bytes.Equal(enc, b) {
			t.Fatalf("round trip:\n in % X\nout % X", b, enc)
		}
		p2, err := mapi.ParsePredecessorChangeList(enc)
		if err != nil || !reflect.DeepEqual(p, p2) {
			t.Fatalf("re-decode: %v, %v", p2, err)
		}
		c := p.Canonical()
		if !c.Includes(p) || !p.Includes(c) || c.Compare(p) != mapi.PCLEqual {
			t.Fatalf("canonical form %v not equal to %v", c, p)
		}
	})
}

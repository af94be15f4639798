package ews

import (
	"math/rand/v2"
	"testing"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// TestAppendMessageIDMatches checks appendMessageID against
// ObjectID.AppendText for random IDs, across a change of the call's
// mailbox GUID (the shared part is encoded again).
func TestAppendMessageIDMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	c := &call{}
	for i := range 2000 {
		if i%500 == 0 {
			var g mapi.GUID
			for j := range g {
				g[j] = byte(r.IntN(256))
			}
			c.guid, c.guidSet = g, true
		}
		fid, mid := store.FID(r.Uint64()), store.MID(r.Uint64())
		if i%7 == 0 {
			fid, mid = store.FID(i), 0
		}
		want := ObjectID{Kind: KindMessage, Mailbox: c.guid, Folder: fid, Message: mid}.AppendText([]byte("x"))
		if got := c.appendMessageID([]byte("x"), fid, mid); string(got) != string(want) {
			t.Fatalf("appendMessageID(%v, %v, %v) = %s, want %s", c.guid, fid, mid, got, want)
		}
		back, err := ParseObjectID(string(c.appendMessageID(nil, fid, mid)))
		if err != nil || back.Folder != fid || back.Message != mid || back.Mailbox != c.guid || back.Kind != KindMessage {
			t.Fatalf("round trip: %+v %v", back, err)
		}
	}
}

// BenchmarkAppendMessageID is a FindItem row's ItemId text, against
// BenchmarkObjectIDAppendText (the whole ID encoded each time).
func BenchmarkAppendMessageID(b *testing.B) {
	c := &call{guid: mapi.GUID{1, 2, 3}, guidSet: true}
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		buf = c.appendMessageID(buf[:0], 0x1000001, store.MID(i))
	}
}

func BenchmarkObjectIDAppendText(b *testing.B) {
	g := mapi.GUID{1, 2, 3}
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		buf = ObjectID{Kind: KindMessage, Mailbox: g, Folder: 0x1000001, Message: store.MID(i)}.AppendText(buf[:0])
	}
}

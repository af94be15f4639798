package propbag

import (
	"testing"

	"github.com/oxkit/oxkit/mapi"
)

// TestFind checks Find against a linear scan on bags of every size up to
// 12 and every ID around their members.
func TestFind(t *testing.T) {
	for n := 0; n <= 12; n++ {
		var b Bag
		for i := range n {
			b.Set(mapi.PropValue{Tag: mapi.NewPropTag(mapi.PropID(10+3*i), mapi.PtypInteger32), Value: int32(i)})
		}
		for id := mapi.PropID(0); id < mapi.PropID(10+3*n+2); id++ {
			want := len(b)
			for i, p := range b {
				if p.Tag.ID() >= id {
					want = i
					break
				}
			}
			wantOK := want < len(b) && b[want].Tag.ID() == id
			if got, ok := b.Find(id); got != want || ok != wantOK {
				t.Errorf("n=%d Find(%#x) = %d %v, want %d %v", n, id, got, ok, want, wantOK)
			}
		}
	}
	var b Bag
	b.Set(mapi.PropValue{Tag: mapi.NewPropTag(0xFFFF, mapi.PtypBoolean), Value: true})
	b.Set(mapi.PropValue{Tag: mapi.NewPropTag(0x0000, mapi.PtypBoolean), Value: false})
	if i, ok := b.Find(0xFFFF); i != 1 || !ok {
		t.Errorf("Find(0xFFFF) = %d %v", i, ok)
	}
	if p, ok := b.Get(mapi.NewPropTag(0xFFFF, mapi.PtypInteger32)); ok {
		t.Errorf("Get with another type found %v", p)
	}
}

func BenchmarkGet(b *testing.B) {
	var bag Bag
	for i := range 40 {
		bag.Set(mapi.PropValue{Tag: mapi.NewPropTag(mapi.PropID(0x0E00+i*7), mapi.PtypInteger32), Value: int32(i)})
	}
	tags := make([]mapi.PropTag, 0, 80)
	for i := range 80 {
		tags = append(tags, mapi.NewPropTag(mapi.PropID(0x0E00+i*4), mapi.PtypInteger32))
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range tags {
			bag.Get(t)
		}
	}
}

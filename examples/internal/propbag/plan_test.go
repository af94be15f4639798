package propbag

import (
	"errors"
	"testing"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

func TestPrepareQuery(t *testing.T) {
	q, ev, err := PrepareQuery("x", nil)
	if err != nil || q == nil || ev != nil {
		t.Fatalf("nil query: %v %v %v", q, ev, err)
	}
	for _, tc := range []struct {
		q    store.Query
		want error
	}{
		{store.Query{Offset: -1}, store.ErrInvalidArgument},
		{store.Query{Limit: -1}, store.ErrInvalidArgument},
		{store.Query{Sort: mapi.SortOrderSet{CategorizedCount: 1}}, store.ErrNotSupported},
	} {
		if _, _, err := PrepareQuery("x", &tc.q); !errors.Is(err, tc.want) {
			t.Errorf("%+v: %v, want %v", tc.q, err, tc.want)
		}
	}
	r := mapi.ExistRestriction{PropTag: mapi.PidTagSubject}
	if _, ev, err := PrepareQuery("x", &store.Query{Restriction: r}); err != nil || ev == nil {
		t.Errorf("restriction: %v %v", ev, err)
	}
}

func TestPlanMatch(t *testing.T) {
	var b Bag // Set keeps it sorted by ID
	b.Set(mapi.PropValue{Tag: mapi.PidTagSubject, Value: "s"})
	b.Set(mapi.PropValue{Tag: mapi.PidTagImportance, Value: int32(1)})
	tags := []mapi.PropTag{mapi.PidTagImportance, mapi.PidTagMessageSize, mapi.NewPropTag(mapi.PidTagSubject.ID(), mapi.PtypInteger32), mapi.PidTagSubject}
	p := NewPlan(tags, func(id mapi.PropID) bool { return id == mapi.PidTagMessageSize.ID() })
	hit := make([]int32, len(tags))
	p.Match(b, hit)
	for i, tag := range tags {
		v, ok := b.Get(tag)
		switch {
		case p.Computed[i]:
			if hit[i] != 0 {
				t.Errorf("%v computed but matched", tag)
			}
		case ok != (hit[i] > 0) || ok && b[hit[i]-1].Tag != v.Tag:
			t.Errorf("%v: hit %d, Get %v %v", tag, hit[i], v, ok)
		}
	}
}

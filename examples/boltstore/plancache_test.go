package boltstore

import (
	"reflect"
	"sync"
	"testing"

	"github.com/oxkit/oxkit/mapi"
)

// TestColumnCache checks that cached plans and IDs are the ones made
// afresh, that the cache keeps its own copy of the tags and that it
// serves concurrent readers (run with -race).
func TestColumnCache(t *testing.T) {
	lists := make([][]mapi.PropTag, 3*columnCacheSize)
	for i := range lists {
		for k := range 5 + i {
			lists[i] = append(lists[i], mapi.NewPropTag(mapi.PropID(0x6800+(k*7+i)%40), mapi.PtypString))
		}
		lists[i] = append(lists[i], mapi.PidTagChangeKey, mapi.PidTagSubject)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range 3 {
				for i, tags := range lists {
					plan, ids := columnsFor(tags)
					want := planColumns(tags)
					if !reflect.DeepEqual(plan.Plan, want.Plan) || !reflect.DeepEqual(ids, filterOf(tags, false, false).ids) {
						t.Errorf("goroutine %d round %d list %d: cached plan or IDs differ", g, r, i)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	tags := []mapi.PropTag{mapi.PidTagSubject, mapi.PidTagBody}
	plan, _ := columnsFor(tags)
	tags[0] = mapi.PidTagImportance
	if plan.Tags[0] != mapi.PidTagSubject {
		t.Errorf("the cache shares the caller's tags")
	}
}

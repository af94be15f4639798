package memstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/oxkit/oxkit/examples/memstore"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// TestSortedPageAllocsIndependentOfSize checks that a sorted first page
// allocates no more for a folder of 20,000 messages than for one of 1,000
// (the sort index is maintained, not rebuilt per query). A slack of two
// allocations absorbs what varies between runs (under -race the counts
// of the two sizes were seen to differ by one either way); anything that
// grew with the folder would be 20 times over it.
func TestSortedPageAllocsIndependentOfSize(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a 20,000-message folder")
	}
	allocs := func(n int) float64 {
		ctx := context.Background()
		s := memstore.New(nil)
		defer s.Close()
		mb, _ := s.CreateMailbox(ctx, "a@example.com", nil)
		inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
		for i := range n {
			mb.CreateMessage(ctx, inbox, &store.Message{Props: []mapi.PropValue{
				{Tag: mapi.PidTagSubject, Value: fmt.Sprint("m", i)},
				{Tag: mapi.PidTagMessageDeliveryTime, Value: time.Unix(int64(i*7919%n), 0)},
			}})
		}
		tb := mb.(store.Tables)
		q := &store.Query{Sort: mapi.SortOrderSet{Orders: []mapi.SortOrder{{PropTag: mapi.PidTagMessageDeliveryTime, Order: mapi.Descending}}},
			Columns: []mapi.PropTag{mapi.PidTagSubject}, Limit: 50}
		tb.QueryMessages(ctx, inbox, q)
		return testing.AllocsPerRun(20, func() {
			if res, err := tb.QueryMessages(ctx, inbox, q); err != nil || len(res.Rows) != 50 {
				t.Fatal(err)
			}
		})
	}
	small, large := allocs(1000), allocs(20000)
	if large > small+2 {
		t.Errorf("allocations per page: %v for 1,000 messages, %v for 20,000", small, large)
	}
}

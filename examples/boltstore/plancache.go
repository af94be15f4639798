package boltstore

import (
	"slices"
	"sync"

	"github.com/oxkit/oxkit/mapi"
)

// columnCache keeps the column plans and sorted property IDs of the last
// few tag lists that Messages and QueryMessages were asked for: clients
// ask for the same shape request after request, and planning it (a
// stable sort of some hundred columns, twice) was a few percent of a
// FindItem. Entries hold their own copy of the tags; plans and ID lists
// are never changed once made, so readers share them.
var columnCache struct {
	mu      sync.Mutex
	entries [columnCacheSize]columnEntry
	next    int
}

const columnCacheSize = 8

type columnEntry struct {
	tags []mapi.PropTag
	plan *columnPlan
	ids  []mapi.PropID
}

// columnsFor returns the plan of tags (not nil) and their property IDs
// sorted and unique (filterOf's), from the cache or made and cached.
func columnsFor(tags []mapi.PropTag) (*columnPlan, []mapi.PropID) {
	columnCache.mu.Lock()
	for i := range columnCache.entries {
		if e := &columnCache.entries[i]; e.plan != nil && slices.Equal(e.tags, tags) {
			plan, ids := e.plan, e.ids // the entry may be replaced once unlocked
			columnCache.mu.Unlock()
			return plan, ids
		}
	}
	columnCache.mu.Unlock()
	own := slices.Clone(tags)
	e := columnEntry{tags: own, plan: planColumns(own), ids: filterOf(own, false, false).ids}
	columnCache.mu.Lock()
	columnCache.entries[columnCache.next] = e
	columnCache.next = (columnCache.next + 1) % columnCacheSize
	columnCache.mu.Unlock()
	return e.plan, e.ids
}

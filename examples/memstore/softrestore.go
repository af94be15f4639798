package memstore

import (
	"context"
	"fmt"
	"slices"

	"github.com/oxkit/oxkit/examples/internal/propbag"
	"github.com/oxkit/oxkit/store"
)

var _ store.SoftDeletedRestorer = (*Mailbox)(nil)

// retainingFolders returns every folder that can hold retained
// soft-deleted messages: the live folders and the retained soft-deleted
// ones (with their subtrees), ordered by FID global counter.
func (mb *Mailbox) retainingFolders() []*folder {
	var out []*folder
	var stack []*folder
	for _, f := range mb.folders {
		stack = append(stack[:0], f)
		for len(stack) > 0 {
			g := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			out = append(out, g)
			stack = append(stack, g.softFolders...)
			if g.deleted {
				stack = append(stack, g.children...)
			}
		}
	}
	slices.SortFunc(out, func(a, b *folder) int {
		return cmpU64(a.id.GlobalCounter(), b.id.GlobalCounter())
	})
	return out
}

func cmpU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// findSoftDeleted returns retained message mid and the folder holding it.
func (mb *Mailbox) findSoftDeleted(mid store.MID) (*message, *folder) {
	for _, g := range mb.retainingFolders() {
		for _, m := range g.softDeleted {
			if m.id == mid {
				return m, g
			}
		}
	}
	return nil, nil
}

// QueryAllSoftDeleted implements store.SoftDeletedRestorer: without a
// sort, ordered by former folder (FID global counter), then deletion.
func (mb *Mailbox) QueryAllSoftDeleted(ctx context.Context, q *store.Query) (*store.QueryResult, error) {
	q, ev, err := propbag.PrepareQuery("memstore", q)
	if err != nil {
		return nil, err
	}
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.RUnlock()
	var rows []*message
	for _, g := range mb.retainingFolders() {
		for _, m := range g.softDeleted {
			if m.assoc == q.Associated {
				// A copy placed in its former folder: m itself is shared
				// with concurrent readers.
				cp := *m
				cp.folder = g
				rows = append(rows, &cp)
			}
		}
	}
	if len(q.Sort.Orders) > 0 {
		slices.SortStableFunc(rows, func(a, b *message) int { return q.Sort.Compare(a, b) })
	}
	return queryRows(rows, q, ev, func(m *message) store.Row {
		return store.Row{Folder: m.folder.id, Message: m.id, Props: columns(m, q.Columns)}
	})
}

// RestoreSoftDeleted implements store.SoftDeletedRestorer.
func (mb *Mailbox) RestoreSoftDeleted(ctx context.Context, mid store.MID, to store.FID, opts *store.RestoreOptions) (*store.MessageInfo, error) {
	keep := opts != nil && opts.Keep
	if err := mb.lock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.Unlock()
	df, err := mb.folder(to)
	if err != nil {
		return nil, err
	}
	m, g := mb.findSoftDeleted(mid)
	if m == nil {
		return nil, fmt.Errorf("memstore: soft-deleted message %v: %w", mid, store.ErrNotFound)
	}
	if lim := mb.s.opts.QuotaBytes; lim > 0 && mb.used+m.size > lim {
		return nil, fmt.Errorf("memstore: restore of %d bytes: %w", m.size, store.ErrQuotaExceeded)
	}
	c := cloneMessage(m)
	c.id = store.MakeMID(mb.nextID())
	if !keep {
		c.pcl = m.pcl
		g.softDeleted = slices.DeleteFunc(g.softDeleted, func(x *message) bool { return x == m })
	}
	mb.insertMessage(df, c)
	mb.publish(store.Event{Type: store.EventObjectCreated, CN: store.MakeCN(c.cn), Folder: df.id, Message: c.id, Associated: c.assoc})
	return c.info(), nil
}

// PurgeSoftDeleted implements store.SoftDeletedRestorer.
func (mb *Mailbox) PurgeSoftDeleted(ctx context.Context, mids []store.MID) ([]store.MID, error) {
	if err := mb.lock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.Unlock()
	want := make(map[store.MID]bool, len(mids))
	for _, id := range mids {
		want[id] = true
	}
	gone := map[store.MID]bool{}
	for _, g := range mb.retainingFolders() {
		g.softDeleted = slices.DeleteFunc(g.softDeleted, func(m *message) bool {
			if want[m.id] {
				gone[m.id] = true
				return true
			}
			return false
		})
	}
	out := []store.MID{}
	for _, id := range mids {
		if gone[id] {
			out = append(out, id)
			delete(gone, id)
		}
	}
	return out, nil
}

package memstore

import (
	"context"
	"slices"

	"github.com/oxkit/oxkit/examples/internal/propbag"
	"github.com/oxkit/oxkit/store"
)

var _ store.SoftDeletedTables = (*Mailbox)(nil)

// defaultMaxSoftDeleted is Options.MaxSoftDeleted's default.
const defaultMaxSoftDeleted = 1000

func (o *Options) maxSoftDeleted() int {
	switch {
	case o.MaxSoftDeleted < 0:
		return 0
	case o.MaxSoftDeleted == 0:
		return defaultMaxSoftDeleted
	}
	return o.MaxSoftDeleted
}

// retainSoftDeleted keeps m (already out of f) for QuerySoftDeleted,
// dropping the oldest beyond max.
func (f *folder) retainSoftDeleted(m *message, max int) {
	if max <= 0 {
		return
	}
	f.softDeleted = append(f.softDeleted, m)
	if n := len(f.softDeleted) - max; n > 0 {
		clear(f.softDeleted[:n])
		f.softDeleted = slices.Delete(f.softDeleted, 0, n)
	}
}

// QuerySoftDeleted implements store.SoftDeletedTables: the messages
// soft-deleted from fid, at most Options.MaxSoftDeleted per folder.
func (mb *Mailbox) QuerySoftDeleted(ctx context.Context, fid store.FID, q *store.Query) (*store.QueryResult, error) {
	q, ev, err := propbag.PrepareQuery("memstore", q)
	if err != nil {
		return nil, err
	}
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.RUnlock()
	f, err := mb.folder(fid)
	if err != nil {
		// The messages of a soft-deleted folder (store.SoftDeletedFolders).
		if f = mb.softFolder(fid); f == nil {
			return nil, err
		}
	}
	rows := make([]*message, 0, len(f.softDeleted))
	for _, m := range f.softDeleted {
		if m.assoc == q.Associated {
			rows = append(rows, m)
		}
	}
	if len(q.Sort.Orders) > 0 {
		slices.SortStableFunc(rows, func(a, b *message) int { return q.Sort.Compare(a, b) })
	}
	return queryRows(rows, q, ev, func(m *message) store.Row {
		return store.Row{Folder: f.id, Message: m.id, Props: columns(m, q.Columns)}
	})
}

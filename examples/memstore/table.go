package memstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/oxkit/oxkit/examples/internal/propbag"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

func indexKey(order mapi.SortOrderSet, assoc bool) string {
	var sb strings.Builder
	if assoc {
		sb.WriteByte('A')
	}
	for _, o := range order.Orders {
		fmt.Fprintf(&sb, "%08X%02X", uint32(o.PropTag), uint8(o.Order))
	}
	return sb.String()
}

// index returns f's sort index for order, building it if needed. It
// needs the write lock when it builds; callers hold the read lock and
// upgrade through getIndex.
func (f *folder) findIndex(key string) *sortIndex {
	for _, ix := range f.indexes {
		if ix.key == key {
			return ix
		}
	}
	return nil
}

func (f *folder) buildIndex(key string, order mapi.SortOrderSet, assoc bool, maxIndexes int) *sortIndex {
	ix := &sortIndex{key: key, order: order, assoc: assoc, ids: map[mapi.PropID]bool{}}
	for _, o := range order.Orders {
		ix.ids[o.PropTag.ID()] = true
	}
	ix.rows = make([]*message, 0, len(f.msgs))
	for _, m := range f.msgs {
		if m.assoc == assoc {
			ix.rows = append(ix.rows, m)
		}
	}
	slices.SortFunc(ix.rows, ix.cmp)
	if len(f.indexes) >= maxIndexes {
		// Evict the least recently used index.
		lru := 0
		for i, o := range f.indexes {
			if o.lastUse < f.indexes[lru].lastUse {
				lru = i
			}
		}
		f.indexes = slices.Delete(f.indexes, lru, lru+1)
	}
	f.indexes = append(f.indexes, ix)
	return ix
}

// QueryMessages implements store.Tables. Sorted queries run over a
// per-folder index kept current by every write, so a page costs
// O(offset + limit) without a restriction.
func (mb *Mailbox) QueryMessages(ctx context.Context, fid store.FID, q *store.Query) (*store.QueryResult, error) {
	q, ev, err := propbag.PrepareQuery("memstore", q)
	if err != nil {
		return nil, err
	}
	key := indexKey(q.Sort, q.Associated)
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	f, err := mb.folder(fid)
	if err != nil {
		mb.mu.RUnlock()
		return nil, err
	}
	ix := f.findIndex(key)
	if ix == nil {
		// Build the index under the write lock.
		mb.mu.RUnlock()
		if err := mb.lock(ctx); err != nil {
			return nil, err
		}
		if f, err = mb.folder(fid); err != nil {
			mb.mu.Unlock()
			return nil, err
		}
		if ix = f.findIndex(key); ix == nil {
			ix = f.buildIndex(key, q.Sort, q.Associated, mb.s.opts.MaxIndexes)
		}
		mb.mu.Unlock()
		if err := mb.rlock(ctx); err != nil {
			return nil, err
		}
		if f, err = mb.folder(fid); err != nil {
			mb.mu.RUnlock()
			return nil, err
		}
		if ix = f.findIndex(key); ix == nil {
			mb.mu.RUnlock()
			return nil, fmt.Errorf("memstore: index evicted concurrently: %w", store.ErrConflict)
		}
	}
	defer mb.mu.RUnlock()
	plan := planColumns(q.Columns)
	return queryRows(ix.rows, q, ev, func(m *message) store.Row {
		return store.Row{Folder: f.id, Message: m.id, Props: plan.row(m)}
	})
}

func columns(o mapi.Object, tags []mapi.PropTag) []mapi.PropValue {
	if len(tags) == 0 {
		return nil
	}
	// Collect on the stack and allocate the row at its final size: an
	// EWS shape asks for dozens of columns of which a message has a few.
	var buf [96]mapi.PropValue
	out := buf[:0]
	for _, t := range tags {
		if p, ok := o.Prop(t); ok {
			out = append(out, mapi.PropValue{Tag: p.Tag, Value: cloneValue(p.Value)})
		}
	}
	return slices.Clone(out)
}

// queryRows applies restriction, offset and limit to sorted rows.
func queryRows[T mapi.Object](rows []T, q *store.Query, ev *mapi.Evaluator, row func(T) store.Row) (*store.QueryResult, error) {
	res := &store.QueryResult{Rows: []store.Row{}}
	if ev == nil {
		res.Total = len(rows)
		lo := min(q.Offset, len(rows))
		hi := len(rows)
		if q.Limit > 0 {
			hi = min(lo+q.Limit, hi)
		}
		res.Rows = make([]store.Row, 0, hi-lo)
		for _, r := range rows[lo:hi] {
			res.Rows = append(res.Rows, row(r))
		}
		return res, nil
	}
	for _, r := range rows {
		ok, err := ev.Match(r)
		if err != nil {
			return nil, fmt.Errorf("memstore: restriction: %w (%w)", store.ErrInvalidArgument, err)
		}
		if !ok {
			continue
		}
		if res.Total >= q.Offset && (q.Limit == 0 || len(res.Rows) < q.Limit) {
			res.Rows = append(res.Rows, row(r))
		}
		res.Total++
	}
	return res, nil
}

// QueryFolders implements store.Tables. Hierarchies are small; this sorts
// on every query.
func (mb *Mailbox) QueryFolders(ctx context.Context, parent store.FID, q *store.Query) (*store.QueryResult, error) {
	q, ev, err := propbag.PrepareQuery("memstore", q)
	if err != nil {
		return nil, err
	}
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.RUnlock()
	p, err := mb.folder(parent)
	if err != nil {
		return nil, err
	}
	var rows []*folder
	var walk func(f *folder)
	walk = func(f *folder) {
		for _, c := range f.children {
			rows = append(rows, c)
			if q.Recursive {
				walk(c)
			}
		}
	}
	walk(p)
	slices.SortStableFunc(rows, func(a, b *folder) int { return q.Sort.Compare(a, b) })
	return queryRows(rows, q, ev, func(f *folder) store.Row {
		return store.Row{Folder: f.id, Props: columns(f, q.Columns)}
	})
}

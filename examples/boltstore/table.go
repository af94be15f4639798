package boltstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

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

func (f *folder) findIndex(key string) *sortIndex {
	for _, ix := range f.indexes {
		if ix.key == key {
			return ix
		}
	}
	return nil
}

// buildIndex reads the folder's records once to build a sort index.
func (mb *Mailbox) buildIndex(f *folder, key string, order mapi.SortOrderSet, assoc bool) (*sortIndex, error) {
	ix := &sortIndex{key: key, order: order, assoc: assoc, vals: map[*meta]keyObj{}}
	needContent := false
	for _, o := range order.Orders {
		if computedTag(o.PropTag.ID(), messageTags) == 0 || o.PropTag.ID() == mapi.PidTagCreationTime.ID() {
			needContent = true
		}
	}
	err := mb.view(func(root *bolt.Bucket) error {
		for _, m := range f.msgs {
			if m.assoc != assoc {
				continue
			}
			c := &content{}
			if needContent {
				var err error
				if c, err = readContent(root, m.id); err != nil {
					return err
				}
			}
			v := ix.keyVals(&msgObject{m: m, c: c, root: root})
			ix.rows = append(ix.rows, idxRow{m, v})
			ix.vals[m] = v
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(ix.rows, ix.cmp)
	if len(f.indexes) >= mb.s.opts.MaxIndexes {
		lru := 0
		for i, o := range f.indexes {
			if o.lastUse < f.indexes[lru].lastUse {
				lru = i
			}
		}
		f.indexes = slices.Delete(f.indexes, lru, lru+1)
	}
	f.indexes = append(f.indexes, ix)
	return ix, nil
}

// QueryMessages implements store.Tables. Sorted queries run over an
// in-memory index of (sort key, MID) kept current by every write; a page
// reads only the records of its rows. A restriction reads every record.
func (mb *Mailbox) QueryMessages(ctx context.Context, fid store.FID, q *store.Query) (*store.QueryResult, error) {
	q, ev, err := propbag.PrepareQuery("boltstore", q)
	if err != nil {
		return nil, err
	}
	key := indexKey(q.Sort, q.Associated)
	// Mostly the folder has the index already: use it under the read
	// lock, which concurrent queries share. Only building one changes
	// the folder and takes the write lock, which would wait for every
	// reader and hold off new ones.
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
		mb.mu.RUnlock()
		if err := mb.lock(ctx); err != nil {
			return nil, err
		}
		f, err = mb.folder(fid)
		if err == nil && f.findIndex(key) == nil {
			_, err = mb.buildIndex(f, key, q.Sort, q.Associated)
		}
		mb.mu.Unlock()
		if err != nil {
			return nil, err
		}
		if err := mb.rlock(ctx); err != nil {
			return nil, err
		}
		if f, err = mb.folder(fid); err != nil {
			mb.mu.RUnlock()
			return nil, err
		}
		if ix = f.findIndex(key); ix == nil {
			mb.mu.RUnlock()
			return nil, fmt.Errorf("boltstore: index evicted concurrently: %w", store.ErrConflict)
		}
	}
	defer mb.mu.RUnlock()
	res := &store.QueryResult{Rows: []store.Row{}}
	var cols *contentFilter
	var plan *columnPlan
	if len(q.Columns) > 0 {
		// One cache lookup for the plan and the filter (plancache.go).
		var ids []mapi.PropID
		plan, ids = columnsFor(q.Columns)
		cols = &contentFilter{ids: ids}
	}
	err = mb.view(func(root *bolt.Bucket) error {
		// One cursor and one arena for all rows (readpath.go,
		// arena.go).
		a := new(valueArena)
		rr := newRecordReader(root.Bucket(bktMsgs), a)
		var obj msgObject // the row's message, reused
		rowOf := func(m *meta, c *content) (store.Row, error) {
			r := store.Row{Folder: f.id, Message: m.id}
			if len(q.Columns) == 0 {
				return r, nil
			}
			if c == nil {
				// Only the columns' properties (readpath.go).
				var err error
				if c, err = rr.content(m.id, cols); err != nil {
					return r, err
				}
			}
			obj = msgObject{m: m, c: c, a: a}
			o := &obj
			// Collected on the stack, allocated at the final size: an
			// EWS shape asks for dozens of columns of which a message has
			// a few.
			var buf [96]mapi.PropValue
			props := plan.appendRow(buf[:0], o) // columns.go
			for i, p := range props {
				if ref, isRef := p.Value.(blobRef); isRef {
					props[i].Value = blobValue(root, m.id, p.Tag, ref)
				} else {
					props[i].Value = handOver(p) // freshly decoded (batch.go)
				}
			}
			r.Props = a.props(props)
			return r, nil
		}
		if ev == nil {
			res.Total = len(ix.rows)
			lo := min(q.Offset, len(ix.rows))
			hi := len(ix.rows)
			if q.Limit > 0 {
				hi = min(lo+q.Limit, hi)
			}
			res.Rows = make([]store.Row, 0, hi-lo)
			a.total = hi - lo // chunk sizes follow the rate so far (arena.go)
			for i, r := range ix.rows[lo:hi] {
				a.done = i
				row, err := rowOf(r.m, nil)
				if err != nil {
					return err
				}
				res.Rows = append(res.Rows, row)
			}
			return nil
		}
		for _, r := range ix.rows {
			c, err := readContent(root, r.m.id)
			if err != nil {
				return err
			}
			ok, err := ev.Match(&msgObject{m: r.m, c: c, root: root})
			if err != nil {
				return fmt.Errorf("boltstore: restriction: %w (%w)", store.ErrInvalidArgument, err)
			}
			if !ok {
				continue
			}
			if res.Total >= q.Offset && (q.Limit == 0 || len(res.Rows) < q.Limit) {
				row, err := rowOf(r.m, c)
				if err != nil {
					return err
				}
				res.Rows = append(res.Rows, row)
			}
			res.Total++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// QueryFolders implements store.Tables.
func (mb *Mailbox) QueryFolders(ctx context.Context, parent store.FID, q *store.Query) (*store.QueryResult, error) {
	q, ev, err := propbag.PrepareQuery("boltstore", q)
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
	res := &store.QueryResult{Rows: []store.Row{}}
	return res, folderRows(res, rows, q, ev)
}

// folderRows sorts folders rows by q, then adds to res those ev (nil:
// all) lets through, counting them in Total and keeping q's window of
// them with q's columns: a hierarchy table's rows (QueryFolders,
// QuerySoftDeletedFolders).
func folderRows(res *store.QueryResult, rows []*folder, q *store.Query, ev *mapi.Evaluator) error {
	slices.SortStableFunc(rows, func(a, b *folder) int { return q.Sort.Compare(a, b) })
	for _, f := range rows {
		if ev != nil {
			ok, err := ev.Match(f)
			if err != nil {
				return fmt.Errorf("boltstore: restriction: %w (%w)", store.ErrInvalidArgument, err)
			}
			if !ok {
				continue
			}
		}
		if res.Total >= q.Offset && (q.Limit == 0 || len(res.Rows) < q.Limit) {
			r := store.Row{Folder: f.id}
			for _, t := range q.Columns {
				if p, ok := f.Prop(t); ok {
					r.Props = append(r.Props, mapi.PropValue{Tag: p.Tag, Value: cloneValue(p.Value)})
				}
			}
			res.Rows = append(res.Rows, r)
		}
		res.Total++
	}
	return nil
}

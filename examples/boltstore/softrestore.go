package boltstore

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/oxkit/oxkit/examples/internal/propbag"
	"github.com/oxkit/oxkit/store"
)

var _ store.SoftDeletedRestorer = (*Mailbox)(nil)

// QueryAllSoftDeleted implements store.SoftDeletedRestorer: a scan of
// bktSoftDel (bounded by retention), so without a sort the rows come by
// former folder (FID global counter), then deletion order.
func (mb *Mailbox) QueryAllSoftDeleted(ctx context.Context, q *store.Query) (*store.QueryResult, error) {
	q, ev, err := propbag.PrepareQuery("boltstore", q)
	if err != nil {
		return nil, err
	}
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.RUnlock()
	res := &store.QueryResult{Rows: []store.Row{}}
	sorted := len(q.Sort.Orders) > 0
	inWindow := func() bool { return res.Total >= q.Offset && (q.Limit == 0 || len(res.Rows) < q.Limit) }
	emit := func(o *msgObject) error {
		if ev != nil {
			ok, err := ev.Match(o)
			if err != nil {
				return fmt.Errorf("boltstore: restriction: %w (%w)", store.ErrInvalidArgument, err)
			}
			if !ok {
				return nil
			}
		}
		if inWindow() {
			row := store.Row{Folder: o.m.folder.id, Message: o.m.id}
			for _, t := range q.Columns {
				if p, ok := o.Prop(t); ok {
					if _, isRef := p.Value.(blobRef); isRef {
						continue
					}
					p.Value = cloneValue(p.Value)
					row.Props = append(row.Props, p)
				}
			}
			res.Rows = append(res.Rows, row)
		}
		res.Total++
		return nil
	}
	err = mb.view(func(root *bolt.Bucket) error {
		bk := root.Bucket(bktSoftDel)
		if bk == nil {
			return nil
		}
		// Unsorted, rows are emitted as they are read and only those in
		// the window (or tested by a restriction) are decoded; sorted,
		// all of them are held (retention bounds how many).
		var objs []*msgObject
		c := bk.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(k) < 8 || len(v) < 8 {
				return fmt.Errorf("%w: soft-deleted entry too short", errCorrupt)
			}
			mid := store.MakeMID(u64(v[:8]))
			m, _, r, err := parseMeta(mid, v[8:])
			if err != nil {
				return err
			}
			if m.assoc != q.Associated {
				continue
			}
			if !sorted && ev == nil && !inWindow() {
				res.Total++
				continue
			}
			content, err := (&decoder{r: r}).content()
			if err != nil {
				return err
			}
			fid := store.MakeFID(u64(k[:8]))
			f, ok := mb.folders[fid]
			if !ok {
				f = &folder{mb: mb, id: fid} // a retained soft-deleted folder
			}
			m.folder = f
			o := &msgObject{m: m, c: content, root: root}
			if !sorted {
				if err := emit(o); err != nil {
					return err
				}
				continue
			}
			objs = append(objs, o)
		}
		slices.SortStableFunc(objs, func(a, b *msgObject) int { return q.Sort.Compare(a, b) })
		for _, o := range objs {
			if err := emit(o); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// findSoftDeleted positions a cursor of bktSoftDel on retained message
// mid; k is nil if there is none.
func findSoftDeleted(bk *bolt.Bucket, mid store.MID) (*bolt.Cursor, []byte, []byte) {
	c := bk.Cursor()
	want := u64key(mid.GlobalCounter())
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(v) >= 8 && bytes.Equal(v[:8], want) {
			return c, k, v
		}
	}
	return c, nil, nil
}

// RestoreSoftDeleted implements store.SoftDeletedRestorer: one
// transaction; the record and blobs are rewritten under the new MID.
func (mb *Mailbox) RestoreSoftDeleted(ctx context.Context, mid store.MID, to store.FID, opts *store.RestoreOptions) (*store.MessageInfo, error) {
	keep := opts != nil && opts.Keep
	var out *store.MessageInfo
	err := mb.update(ctx, func(w *writer) error {
		df, err := mb.folder(to)
		if err != nil {
			return err
		}
		notFound := fmt.Errorf("boltstore: soft-deleted message %v: %w", mid, store.ErrNotFound)
		bk := w.root.Bucket(bktSoftDel)
		if bk == nil {
			return notFound
		}
		cur, k, v := findSoftDeleted(bk, mid)
		if k == nil {
			return notFound
		}
		old, _, r, err := parseMeta(mid, v[8:])
		if err != nil {
			return err
		}
		body := bytes.Clone(r.Rest())
		content, err := (&decoder{r: r}).content()
		if err != nil {
			return err
		}
		if lim := mb.s.opts.QuotaBytes; lim > 0 && mb.used+old.size > lim {
			return fmt.Errorf("boltstore: restore of %d bytes: %w", old.size, store.ErrQuotaExceeded)
		}
		w.mutating()
		m := &meta{id: store.MakeMID(mb.nextID()), assoc: old.assoc, read: old.read, hasAtt: old.hasAtt, flags: old.flags, size: old.size, created: old.created, blobs: old.blobs}
		if !keep {
			m.pcl = old.pcl
		}
		// Blobs under the new MID (moved unless kept).
		blobs := w.b(bktBlobs)
		prefix := u64key(mid.GlobalCounter())
		var keys, vals [][]byte
		bc := blobs.Cursor()
		for bkk, bv := bc.Seek(prefix); bkk != nil && bytes.HasPrefix(bkk, prefix); bkk, bv = bc.Next() {
			keys = append(keys, bytes.Clone(bkk))
			vals = append(vals, bytes.Clone(bv))
		}
		for i, kk := range keys {
			if err := blobs.Put(append(u64key(m.id.GlobalCounter()), kk[8:]...), vals[i]); err != nil {
				return err
			}
		}
		if !keep {
			if err := cur.Delete(); err != nil {
				return err
			}
			if err := w.delBlobs(mid); err != nil {
				return err
			}
		}
		mb.insertMessage(m, df, content)
		rec := appendMeta(make([]byte, 0, 128+len(body)), m)
		if err := w.b(bktMsgs).Put(u64key(m.id.GlobalCounter()), append(rec, body...)); err != nil {
			return err
		}
		mb.publish(store.Event{Type: store.EventObjectCreated, CN: store.MakeCN(m.cn), Folder: df.id, Message: m.id, Associated: m.assoc})
		out = m.info()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PurgeSoftDeleted implements store.SoftDeletedRestorer: one scan of
// bktSoftDel and one transaction for all of mids.
func (mb *Mailbox) PurgeSoftDeleted(ctx context.Context, mids []store.MID) ([]store.MID, error) {
	out := []store.MID{}
	err := mb.update(ctx, func(w *writer) error {
		bk := w.root.Bucket(bktSoftDel)
		if bk == nil || len(mids) == 0 {
			return nil
		}
		want := make(map[uint64]bool, len(mids))
		for _, id := range mids {
			want[id.GlobalCounter()] = true
		}
		var keys [][]byte
		gone := map[uint64]bool{}
		c := bk.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(v) >= 8 && want[u64(v[:8])] {
				keys = append(keys, bytes.Clone(k))
				gone[u64(v[:8])] = true
			}
		}
		if len(keys) == 0 {
			return nil
		}
		w.mutating()
		for _, k := range keys {
			if err := bk.Delete(k); err != nil {
				return err
			}
		}
		for _, id := range mids {
			if gone[id.GlobalCounter()] {
				if err := w.delBlobs(id); err != nil {
					return err
				}
				out = append(out, id)
				delete(gone, id.GlobalCounter())
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

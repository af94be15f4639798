package boltstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/oxkit/oxkit/examples/internal/propbag"
	"github.com/oxkit/oxkit/store"
)

// bktSoftDel holds soft-deleted messages (store.SoftDeletedTables): key
// folder global counter (8) and the deletion CN (8), value the message's
// global counter (8) and its former record. Its large values stay in
// bktBlobs under the message ID until it is purged. The bucket is
// created on first use, so older files need no migration.
var bktSoftDel = []byte("softdel")

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

// softDelete moves mid's record from bktMsgs into bktSoftDel under f,
// keeping its blobs, and purges f's oldest beyond the retention bound.
// Without retention the message is deleted.
func (w *writer) softDelete(f *folder, mid store.MID, cn uint64) error {
	max := w.mb.s.opts.maxSoftDeleted()
	if max == 0 {
		return w.delMessage(mid)
	}
	rec := w.b(bktMsgs).Get(u64key(mid.GlobalCounter()))
	if rec == nil {
		return fmt.Errorf("%w: message %v has no record", errCorrupt, mid)
	}
	val := append(u64key(mid.GlobalCounter()), rec...)
	bk, err := w.root.CreateBucketIfNotExists(bktSoftDel)
	if err != nil {
		return err
	}
	if err := bk.Put(append(u64key(f.id.GlobalCounter()), u64key(cn)...), val); err != nil {
		return err
	}
	if err := w.b(bktMsgs).Delete(u64key(mid.GlobalCounter())); err != nil {
		return err
	}
	// Retention: count f's entries, purge the oldest beyond max.
	prefix := u64key(f.id.GlobalCounter())
	n := 0
	c := bk.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		n++
	}
	for ; n > max; n-- {
		k, v := c.Seek(prefix)
		if k == nil || !bytes.HasPrefix(k, prefix) {
			break
		}
		old := store.MakeMID(binary.BigEndian.Uint64(v[:8]))
		if err := c.Delete(); err != nil {
			return err
		}
		if err := w.delBlobs(old); err != nil {
			return err
		}
	}
	return nil
}

// delBlobs removes the blobs of a message (by global counter in a MID).
func (w *writer) delBlobs(mid store.MID) error {
	bk := w.b(bktBlobs)
	prefix := u64key(mid.GlobalCounter())
	c := bk.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Seek(prefix) {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

// purgeSoftDeleted drops everything f retained (f is being deleted).
func (w *writer) purgeSoftDeleted(f *folder) error {
	bk := w.root.Bucket(bktSoftDel)
	if bk == nil {
		return nil
	}
	prefix := u64key(f.id.GlobalCounter())
	c := bk.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Seek(prefix) {
		old := store.MakeMID(binary.BigEndian.Uint64(v[:8]))
		if err := c.Delete(); err != nil {
			return err
		}
		if err := w.delBlobs(old); err != nil {
			return err
		}
	}
	return nil
}

// QuerySoftDeleted implements store.SoftDeletedTables: the messages
// soft-deleted from fid, at most Options.MaxSoftDeleted per folder,
// decoded from bktSoftDel on every query (retention is bounded, and
// soft-deleted messages are rarely listed).
func (mb *Mailbox) QuerySoftDeleted(ctx context.Context, fid store.FID, q *store.Query) (*store.QueryResult, error) {
	q, ev, err := propbag.PrepareQuery("boltstore", q)
	if err != nil {
		return nil, err
	}
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.RUnlock()
	f, liveErr := mb.folder(fid)
	res := &store.QueryResult{Rows: []store.Row{}}
	err = mb.view(func(root *bolt.Bucket) error {
		if liveErr != nil {
			// The messages of a soft-deleted folder (softfolders.go).
			if !isSoftFolder(root, fid) {
				return liveErr
			}
			f = &folder{mb: mb, id: fid}
		}
		bk := root.Bucket(bktSoftDel)
		if bk == nil {
			return nil
		}
		var objs []*msgObject
		prefix := u64key(f.id.GlobalCounter())
		c := bk.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if len(v) < 8 {
				return fmt.Errorf("%w: soft-deleted entry too short", errCorrupt)
			}
			mid := store.MakeMID(binary.BigEndian.Uint64(v[:8]))
			m, _, r, err := parseMeta(mid, v[8:])
			if err != nil {
				return err
			}
			if m.assoc != q.Associated {
				continue
			}
			content, err := (&decoder{r: r}).content()
			if err != nil {
				return err
			}
			m.folder = f
			objs = append(objs, &msgObject{m: m, c: content, root: root})
		}
		if len(q.Sort.Orders) > 0 {
			slices.SortStableFunc(objs, func(a, b *msgObject) int { return q.Sort.Compare(a, b) })
		}
		for _, o := range objs {
			if ev != nil {
				ok, err := ev.Match(o)
				if err != nil {
					return fmt.Errorf("boltstore: restriction: %w (%w)", store.ErrInvalidArgument, err)
				}
				if !ok {
					continue
				}
			}
			if res.Total >= q.Offset && (q.Limit == 0 || len(res.Rows) < q.Limit) {
				row := store.Row{Folder: f.id, Message: o.m.id}
				for _, t := range q.Columns {
					if p, ok := o.Prop(t); ok {
						if _, isRef := p.Value.(blobRef); isRef {
							continue // Prop resolves blobs when root is set; never here
						}
						p.Value = cloneValue(p.Value)
						row.Props = append(row.Props, p)
					}
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

package boltstore

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/oxkit/oxkit/examples/internal/propbag"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// bktSoftFold holds soft-deleted folders (store.SoftDeletedFolders): key
// the former parent's global counter (8) and the folder's (8), value the
// deletion CN (8) and the folder record as it was. A soft-deleted
// folder's subfolders are keyed under it, its messages are in bktSoftDel
// under its global counter. Created on first use: older files need no
// migration.
var bktSoftFold = []byte("softfold")

var _ store.SoftDeletedFolders = (*Mailbox)(nil)

// maxSoftFolderDepth bounds the recursion over retained subtrees.
const maxSoftFolderDepth = 256

// retainFolder keeps f (being soft-deleted from its parent) in
// bktSoftFold with deletion CN cn, then drops the parent's oldest beyond
// Options.MaxSoftDeleted with their subtrees.
func (w *writer) retainFolder(f *folder, cn uint64) error {
	bk, err := w.root.CreateBucketIfNotExists(bktSoftFold)
	if err != nil {
		return err
	}
	rec, err := appendFolder(u64key(cn), f)
	if err != nil {
		return err
	}
	parent := f.parent.id.GlobalCounter()
	if err := bk.Put(append(u64key(parent), u64key(f.id.GlobalCounter())...), rec); err != nil {
		return err
	}
	type entry struct{ fid, cn uint64 }
	var es []entry
	prefix := u64key(parent)
	c := bk.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if len(k) != 16 || len(v) < 8 {
			return fmt.Errorf("%w: soft-deleted folder entry", errCorrupt)
		}
		es = append(es, entry{u64(k[8:]), u64(v[:8])})
	}
	max := w.mb.s.opts.maxSoftDeleted()
	if len(es) <= max {
		return nil
	}
	slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.cn, b.cn) })
	for _, e := range es[:len(es)-max] {
		if err := w.purgeSoftFolder(parent, e.fid, 0); err != nil {
			return err
		}
	}
	return nil
}

// purgeSoftFolder drops the retained folder fid (under parent) with its
// retained subfolders and messages.
func (w *writer) purgeSoftFolder(parent, fid uint64, depth int) error {
	if err := w.purgeSoftFolders(fid, depth+1); err != nil {
		return err
	}
	if err := w.purgeSoftDeleted(&folder{id: store.MakeFID(fid)}); err != nil {
		return err
	}
	if bk := w.root.Bucket(bktSoftFold); bk != nil {
		return bk.Delete(append(u64key(parent), u64key(fid)...))
	}
	return nil
}

// purgeSoftFolders drops every folder retained under parent (the folder
// is hard-deleted, or is itself being purged).
func (w *writer) purgeSoftFolders(parent uint64, depth int) error {
	bk := w.root.Bucket(bktSoftFold)
	if bk == nil || depth > maxSoftFolderDepth {
		return nil
	}
	var fids []uint64
	prefix := u64key(parent)
	c := bk.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if len(k) == 16 {
			fids = append(fids, u64(k[8:]))
		}
	}
	for _, fid := range fids {
		if err := w.purgeSoftFolder(parent, fid, depth); err != nil {
			return err
		}
	}
	return nil
}

// isSoftFolder reports whether fid is a retained soft-deleted folder (a
// scan of bktSoftFold, bounded by retention).
func isSoftFolder(root *bolt.Bucket, fid store.FID) bool {
	bk := root.Bucket(bktSoftFold)
	if bk == nil {
		return false
	}
	want := u64key(fid.GlobalCounter())
	c := bk.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if len(k) == 16 && bytes.Equal(k[8:], want) {
			return true
		}
	}
	return false
}

// QuerySoftDeletedFolders implements store.SoftDeletedFolders: the
// folders soft-deleted from parent, at most Options.MaxSoftDeleted per
// parent, decoded from bktSoftFold on every query.
func (mb *Mailbox) QuerySoftDeletedFolders(ctx context.Context, parent store.FID, q *store.Query) (*store.QueryResult, error) {
	q, ev, err := propbag.PrepareQuery("boltstore", q)
	if err != nil {
		return nil, err
	}
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.RUnlock()
	_, liveErr := mb.folder(parent)
	res := &store.QueryResult{Rows: []store.Row{}}
	err = mb.view(func(root *bolt.Bucket) error {
		if liveErr != nil && !isSoftFolder(root, parent) {
			return liveErr
		}
		bk := root.Bucket(bktSoftFold)
		if bk == nil {
			return nil
		}
		type entry struct {
			f  *folder
			cn uint64
		}
		var rows []*folder
		var walk func(p uint64, depth int) error
		walk = func(p uint64, depth int) error {
			var es []entry
			prefix := u64key(p)
			c := bk.Cursor()
			for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
				if len(k) != 16 || len(v) < 8 {
					return fmt.Errorf("%w: soft-deleted folder entry", errCorrupt)
				}
				f, _, err := parseFolder(store.MakeFID(u64(k[8:])), v[8:])
				if err != nil {
					return err
				}
				f.mb = mb
				f.parent = &folder{mb: mb, id: store.MakeFID(p)}
				es = append(es, entry{f, u64(v[:8])})
			}
			slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.cn, b.cn) })
			for _, e := range es {
				rows = append(rows, e.f)
				if q.Recursive && depth < maxSoftFolderDepth {
					if err := walk(e.f.id.GlobalCounter(), depth+1); err != nil {
						return err
					}
				}
			}
			return nil
		}
		if err := walk(parent.GlobalCounter(), 0); err != nil {
			return err
		}
		return folderRows(res, rows, q, ev) // table.go
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

var _ store.SoftDeletedReader = (*Mailbox)(nil)

// SoftDeletedMessage implements store.SoftDeletedReader: a scan of
// bktSoftDel (bounded by Options.MaxSoftDeleted per folder); the
// message's large values are still in bktBlobs under its ID.
func (mb *Mailbox) SoftDeletedMessage(ctx context.Context, mid store.MID, opts *store.MessageOptions) (*store.Message, error) {
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.RUnlock()
	o := store.MessageOptions{}
	if opts != nil {
		o = *opts
	}
	o.StreamThreshold = 0
	var out *store.Message
	err := mb.view(func(root *bolt.Bucket) error {
		bk := root.Bucket(bktSoftDel)
		if bk == nil {
			return nil
		}
		want := u64key(mid.GlobalCounter())
		c := bk.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(k) < 8 || len(v) < 8 || !bytes.Equal(v[:8], want) {
				continue
			}
			m, _, r, err := parseMeta(mid, v[8:])
			if err != nil {
				return err
			}
			content, err := (&decoder{r: r}).content()
			if err != nil {
				return err
			}
			m.folder = &folder{mb: mb, id: store.MakeFID(u64(k[:8]))}
			out = export(root, m, &msgObject{m: m, c: content, root: root}, content, &o, nil)
			out.Info = *m.info()
			return nil
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, fmt.Errorf("boltstore: soft-deleted message %v: %w", mid, store.ErrNotFound)
	}
	return out, nil
}

// SoftDeletedFolder implements store.SoftDeletedReader: a scan of
// bktSoftFold (bounded by retention).
func (mb *Mailbox) SoftDeletedFolder(ctx context.Context, fid store.FID, tags []mapi.PropTag) (*store.Folder, error) {
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.RUnlock()
	var out *store.Folder
	err := mb.view(func(root *bolt.Bucket) error {
		bk := root.Bucket(bktSoftFold)
		if bk == nil {
			return nil
		}
		want := u64key(fid.GlobalCounter())
		c := bk.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(k) != 16 || len(v) < 8 || !bytes.Equal(k[8:], want) {
				continue
			}
			f, _, err := parseFolder(fid, v[8:])
			if err != nil {
				return err
			}
			f.mb = mb
			f.parent = &folder{mb: mb, id: store.MakeFID(u64(k[:8]))}
			out = mb.snapshotFolder(f, tags)
			return nil
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, fmt.Errorf("boltstore: soft-deleted folder %v: %w", fid, store.ErrNotFound)
	}
	return out, nil
}

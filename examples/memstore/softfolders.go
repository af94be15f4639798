package memstore

import (
	"context"
	"fmt"
	"slices"

	"github.com/oxkit/oxkit/examples/internal/propbag"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

var _ store.SoftDeletedFolders = (*Mailbox)(nil)

// retainSoftFolder keeps f, just soft-deleted from parent with its
// subtree, for QuerySoftDeletedFolders, dropping parent's oldest beyond
// Options.MaxSoftDeleted (negative: nothing is retained).
func (mb *Mailbox) retainSoftFolder(parent, f *folder, soft bool) {
	max := mb.s.opts.maxSoftDeleted()
	if !soft || max <= 0 {
		return
	}
	parent.softFolders = append(parent.softFolders, f)
	if n := len(parent.softFolders) - max; n > 0 {
		clear(parent.softFolders[:n])
		parent.softFolders = slices.Delete(parent.softFolders, 0, n)
	}
}

// softFolder returns the retained soft-deleted folder fid, nil if there
// is none. Retained trees are searched (bounded by retention).
func (mb *Mailbox) softFolder(fid store.FID) *folder {
	var stack []*folder
	for _, lf := range mb.folders {
		stack = append(stack[:0], lf.softFolders...)
		for len(stack) > 0 {
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if f.id == fid {
				return f
			}
			stack = append(stack, f.children...)
			stack = append(stack, f.softFolders...)
		}
	}
	return nil
}

// QuerySoftDeletedFolders implements store.SoftDeletedFolders: the
// folders soft-deleted from parent, at most Options.MaxSoftDeleted per
// parent folder.
func (mb *Mailbox) QuerySoftDeletedFolders(ctx context.Context, parent store.FID, q *store.Query) (*store.QueryResult, error) {
	q, ev, err := propbag.PrepareQuery("memstore", q)
	if err != nil {
		return nil, err
	}
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.RUnlock()
	var kids []*folder
	if p, err := mb.folder(parent); err == nil {
		kids = p.softFolders
	} else if sf := mb.softFolder(parent); sf != nil {
		kids = append(slices.Clone(sf.children), sf.softFolders...)
	} else {
		return nil, err
	}
	var rows []*folder
	var walk func(fs []*folder, depth int)
	walk = func(fs []*folder, depth int) {
		for _, f := range fs {
			rows = append(rows, f)
			if q.Recursive && depth < 256 {
				walk(append(slices.Clone(f.children), f.softFolders...), depth+1)
			}
		}
	}
	walk(kids, 0)
	slices.SortStableFunc(rows, func(a, b *folder) int { return q.Sort.Compare(a, b) })
	return queryRows(rows, q, ev, func(f *folder) store.Row {
		return store.Row{Folder: f.id, Props: columns(f, q.Columns)}
	})
}

var _ store.SoftDeletedReader = (*Mailbox)(nil)

// SoftDeletedMessage implements store.SoftDeletedReader: a scan of the
// retained messages (bounded by Options.MaxSoftDeleted per folder).
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
	var stack []*folder
	for _, f := range mb.folders {
		stack = append(stack[:0], f)
		for len(stack) > 0 {
			g := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, m := range g.softDeleted {
				if m.id != mid {
					continue
				}
				// A copy placed in its former folder: m itself is shared
				// with concurrent readers.
				cp := *m
				cp.folder = g
				out := cp.export(&o)
				out.Info = *cp.info()
				return out, nil
			}
			stack = append(stack, g.softFolders...)
			if g.deleted {
				stack = append(stack, g.children...)
			}
		}
	}
	return nil, fmt.Errorf("memstore: soft-deleted message %v: %w", mid, store.ErrNotFound)
}

// SoftDeletedFolder implements store.SoftDeletedReader.
func (mb *Mailbox) SoftDeletedFolder(ctx context.Context, fid store.FID, tags []mapi.PropTag) (*store.Folder, error) {
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.RUnlock()
	f := mb.softFolder(fid)
	if f == nil {
		return nil, fmt.Errorf("memstore: soft-deleted folder %v: %w", fid, store.ErrNotFound)
	}
	return mb.snapshotFolder(f, tags), nil
}

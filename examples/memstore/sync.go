package memstore

import (
	"cmp"
	"context"
	"slices"

	"github.com/oxkit/oxkit/examples/internal/syncwin"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// logFrom returns the index of the first entry of log with cn >= c.
func logFrom(log []logEntry, c uint64) int {
	i, _ := slices.BinarySearchFunc(log, c, func(e logEntry, c uint64) int { return cmp.Compare(e.cn, c) })
	return i
}

// SyncContents implements store.ChangeTracker.
func (mb *Mailbox) SyncContents(ctx context.Context, fid store.FID, state *store.SyncState, opts *store.SyncOptions) (*store.ContentChanges, error) {
	opts, err := syncwin.Options("memstore", opts)
	if err != nil {
		return nil, err
	}
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.RUnlock()
	f, err := mb.folder(fid)
	if err != nil {
		return nil, err
	}
	st := state.Clone()
	normal, fai := !opts.ExcludeNormal, opts.IncludeAssociated
	inScope := func(assoc bool) bool { return (assoc && fai) || (!assoc && normal) }
	seenSet := func(assoc bool) *mapi.IDSet {
		if assoc {
			return &st.SeenFAI
		}
		return &st.Seen
	}

	var cands []syncwin.Content
	contentPending := map[*message]bool{}
	// Content changes: log entries from the first CN either Seen set lacks.
	from := uint64(1)
	switch {
	case normal && fai:
		from = min(syncwin.FirstUnseen(&st.Seen), syncwin.FirstUnseen(&st.SeenFAI))
	case normal:
		from = syncwin.FirstUnseen(&st.Seen)
	case fai:
		from = syncwin.FirstUnseen(&st.SeenFAI)
	}
	for _, e := range f.cnLog[logFrom(f.cnLog, from):] {
		m := e.m
		if m.folder != f || m.cn != e.cn || !inScope(m.assoc) || syncwin.SeenCN(seenSet(m.assoc), e.cn) {
			continue
		}
		kind := store.ChangeNew
		if st.Given.Contains(m.id) {
			kind = store.ChangeModify
		}
		contentPending[m] = true
		cands = append(cands, syncwin.Content{Change: store.MessageChange{Kind: kind, ID: m.id, CN: store.MakeCN(e.cn), Associated: m.assoc, Read: m.read}, C: e.cn})
	}
	// Deletions: tombstones of IDs the client has.
	for _, t := range f.tombs[logFrom2(f.tombs, from):] {
		if !inScope(t.assoc) || syncwin.SeenCN(seenSet(t.assoc), t.cn) || !st.Given.Contains(t.id) {
			continue
		}
		cands = append(cands, syncwin.Content{Change: store.MessageChange{Kind: store.ChangeDelete, ID: t.id, CN: store.MakeCN(t.cn), Associated: t.assoc, SoftDelete: t.soft}, C: t.cn})
	}
	// Read-state changes of messages the client has.
	if !opts.NoReadState && normal {
		for _, e := range f.readLog[logFrom(f.readLog, syncwin.FirstUnseen(&st.Read)):] {
			m := e.m
			if m.folder != f || m.readCN != e.cn || m.assoc || contentPending[m] || syncwin.SeenCN(&st.Read, e.cn) || !st.Given.Contains(m.id) {
				continue
			}
			cands = append(cands, syncwin.Content{Change: store.MessageChange{Kind: store.ChangeRead, ID: m.id, CN: store.MakeCN(e.cn), Read: m.read}, C: e.cn})
		}
	}
	return syncwin.FinishContents(st, cands, opts, mb.lastCN), nil
}

func logFrom2(ts []tomb, c uint64) int {
	i, _ := slices.BinarySearchFunc(ts, c, func(t tomb, c uint64) int { return cmp.Compare(t.cn, c) })
	return i
}

// SyncHierarchy implements store.ChangeTracker.
func (mb *Mailbox) SyncHierarchy(ctx context.Context, root store.FID, state *store.SyncState, opts *store.SyncOptions) (*store.HierarchyChanges, error) {
	opts, err := syncwin.Options("memstore", opts)
	if err != nil {
		return nil, err
	}
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.RUnlock()
	r, err := mb.folder(root)
	if err != nil {
		return nil, err
	}
	st := state.Clone()
	var dels, cands []syncwin.Folder
	inTree := map[store.FID]bool{}
	var walk func(f *folder, depth int)
	walk = func(f *folder, depth int) {
		for _, c := range f.children {
			inTree[c.id] = true
			if !syncwin.SeenCN(&st.Seen, c.cn) {
				kind := store.ChangeNew
				if st.Given.Contains(c.id) {
					kind = store.ChangeModify
				}
				cands = append(cands, syncwin.Folder{Change: store.FolderChange{Kind: kind, ID: c.id, ParentID: f.id, CN: store.MakeCN(c.cn)}, Depth: depth, C: c.cn})
			}
			walk(c, depth+1)
		}
	}
	walk(r, 0)
	for id := range st.Given.All() {
		if inTree[id] {
			continue
		}
		ch := store.FolderChange{Kind: store.ChangeDelete, ID: id}
		var c uint64
		if t, ok := mb.hierTombs[id]; ok {
			ch.CN, ch.SoftDelete, c = store.MakeCN(t.cn), t.soft, t.cn
		} else if f, ok := mb.folders[id]; ok {
			ch.CN, c = store.MakeCN(f.cn), f.cn // moved out of the subtree
		}
		dels = append(dels, syncwin.Folder{Change: ch, C: c})
	}
	return syncwin.FinishHierarchy(st, dels, cands, opts, mb.lastCN), nil
}

package boltstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// firstUnseen returns the smallest counter >= 1 not in set.
func firstUnseen(set *mapi.IDSet) uint64 {
	g := set.Counters(store.ReplicaID1)
	if g == nil {
		return 1
	}
	rs := g.Ranges()
	if len(rs) == 0 || rs[0].Low > 1 {
		return 1
	}
	return rs[0].High + 1
}

func seenCN(set *mapi.IDSet, cn uint64) bool { return set.Contains(store.MakeCN(cn)) }

// logFrom returns the index of the first entry of log with cn >= c.
func logFrom(log []logEntry, c uint64) int {
	i, _ := slices.BinarySearchFunc(log, c, func(e logEntry, c uint64) int { return cmp.Compare(e.cn, c) })
	return i
}

type candidate struct {
	ch store.MessageChange
	c  uint64 // counter of ch.CN
}

// SyncContents implements store.ChangeTracker.
func (mb *Mailbox) SyncContents(ctx context.Context, fid store.FID, state *store.SyncState, opts *store.SyncOptions) (*store.ContentChanges, error) {
	if opts == nil {
		opts = &store.SyncOptions{}
	}
	if opts.MaxChanges < 0 {
		return nil, fmt.Errorf("boltstore: MaxChanges %d: %w", opts.MaxChanges, store.ErrInvalidArgument)
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

	var cands []candidate
	contentPending := map[*meta]bool{}
	// Content changes: log entries from the first CN either Seen set lacks.
	from := uint64(1)
	switch {
	case normal && fai:
		from = min(firstUnseen(&st.Seen), firstUnseen(&st.SeenFAI))
	case normal:
		from = firstUnseen(&st.Seen)
	case fai:
		from = firstUnseen(&st.SeenFAI)
	}
	for _, e := range f.cnLog[logFrom(f.cnLog, from):] {
		m := e.m
		if m.folder != f || m.cn != e.cn || !inScope(m.assoc) || seenCN(seenSet(m.assoc), e.cn) {
			continue
		}
		kind := store.ChangeNew
		if st.Given.Contains(m.id) {
			kind = store.ChangeModify
		}
		contentPending[m] = true
		cands = append(cands, candidate{store.MessageChange{Kind: kind, ID: m.id, CN: store.MakeCN(e.cn), Associated: m.assoc, Read: m.read}, e.cn})
	}
	// Deletions: tombstones of IDs the client has.
	for _, t := range f.tombs[logFrom2(f.tombs, from):] {
		if !inScope(t.assoc) || seenCN(seenSet(t.assoc), t.cn) || !st.Given.Contains(t.id) {
			continue
		}
		cands = append(cands, candidate{store.MessageChange{Kind: store.ChangeDelete, ID: t.id, CN: store.MakeCN(t.cn), Associated: t.assoc, SoftDelete: t.soft}, t.cn})
	}
	// Read-state changes of messages the client has.
	if !opts.NoReadState && normal {
		for _, e := range f.readLog[logFrom(f.readLog, firstUnseen(&st.Read)):] {
			m := e.m
			if m.folder != f || m.readCN != e.cn || m.assoc || contentPending[m] || seenCN(&st.Read, e.cn) || !st.Given.Contains(m.id) {
				continue
			}
			cands = append(cands, candidate{store.MessageChange{Kind: store.ChangeRead, ID: m.id, CN: store.MakeCN(e.cn), Read: m.read}, e.cn})
		}
	}
	slices.SortFunc(cands, func(a, b candidate) int { return cmp.Compare(a.c, b.c) })

	out := &store.ContentChanges{Changes: []store.MessageChange{}}
	n := len(cands)
	if opts.MaxChanges > 0 && n > opts.MaxChanges {
		n = opts.MaxChanges
		out.More = true
	}
	for _, c := range cands[:n] {
		out.Changes = append(out.Changes, c.ch)
		switch c.ch.Kind {
		case store.ChangeNew, store.ChangeModify:
			st.Given.Add(c.ch.ID)
		case store.ChangeDelete:
			st.Given.Remove(c.ch.ID)
		}
	}
	// Everything below the first unreported candidate has been seen.
	upTo := mb.lastCN
	if out.More {
		upTo = cands[n].c - 1
	}
	if upTo > 0 {
		if normal {
			st.Seen.AddRange(store.ReplicaID1, 1, upTo)
			if !opts.NoReadState {
				st.Read.AddRange(store.ReplicaID1, 1, upTo)
			}
		}
		if fai {
			st.SeenFAI.AddRange(store.ReplicaID1, 1, upTo)
		}
	}
	out.State = st
	return out, nil
}

func logFrom2(ts []tomb, c uint64) int {
	i, _ := slices.BinarySearchFunc(ts, c, func(t tomb, c uint64) int { return cmp.Compare(t.cn, c) })
	return i
}

// SyncHierarchy implements store.ChangeTracker.
func (mb *Mailbox) SyncHierarchy(ctx context.Context, root store.FID, state *store.SyncState, opts *store.SyncOptions) (*store.HierarchyChanges, error) {
	if opts == nil {
		opts = &store.SyncOptions{}
	}
	if opts.MaxChanges < 0 {
		return nil, fmt.Errorf("boltstore: MaxChanges %d: %w", opts.MaxChanges, store.ErrInvalidArgument)
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
	type hcand struct {
		ch    store.FolderChange
		depth int
		c     uint64
	}
	var dels, cands []hcand
	inTree := map[store.FID]bool{}
	var walk func(f *folder, depth int)
	walk = func(f *folder, depth int) {
		for _, c := range f.children {
			inTree[c.id] = true
			if !seenCN(&st.Seen, c.cn) {
				kind := store.ChangeNew
				if st.Given.Contains(c.id) {
					kind = store.ChangeModify
				}
				cands = append(cands, hcand{store.FolderChange{Kind: kind, ID: c.id, ParentID: f.id, CN: store.MakeCN(c.cn)}, depth, c.cn})
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
		dels = append(dels, hcand{ch, 0, c})
	}
	slices.SortFunc(dels, func(a, b hcand) int { return cmp.Compare(a.c, b.c) })
	// Parents before children: by depth, then CN.
	slices.SortFunc(cands, func(a, b hcand) int {
		if a.depth != b.depth {
			return cmp.Compare(a.depth, b.depth)
		}
		return cmp.Compare(a.c, b.c)
	})
	all := append(dels, cands...)
	out := &store.HierarchyChanges{Changes: []store.FolderChange{}}
	n := len(all)
	if opts.MaxChanges > 0 && n > opts.MaxChanges {
		n = opts.MaxChanges
		out.More = true
	}
	for _, c := range all[:n] {
		out.Changes = append(out.Changes, c.ch)
		if c.ch.Kind == store.ChangeDelete {
			st.Given.Remove(c.ch.ID)
		} else {
			st.Given.Add(c.ch.ID)
			st.Seen.Add(c.ch.CN)
		}
	}
	if !out.More {
		if mb.lastCN > 0 {
			st.Seen.AddRange(store.ReplicaID1, 1, mb.lastCN)
		}
	} else {
		// Everything below the lowest CN still pending has been seen.
		low := uint64(0)
		for _, c := range all[n:] {
			if c.ch.Kind != store.ChangeDelete && (low == 0 || c.c < low) {
				low = c.c
			}
		}
		if low > 1 {
			st.Seen.AddRange(store.ReplicaID1, 1, low-1)
		}
	}
	out.State = st
	return out, nil
}

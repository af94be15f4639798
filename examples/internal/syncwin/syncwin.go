// Package syncwin is the part of change tracking ([MS-OXCFXICS] 3.2.5.3:
// what changed since a sync state) that both example stores share: given
// the candidate changes a store found in its change logs, it orders them,
// cuts the answer at SyncOptions.MaxChanges and advances the state (the
// Given set and the Seen, SeenFAI and Read change-number sets) so that
// the next call goes on where this one stopped. How candidates are found
// depends on each store's data structures and stays there.
package syncwin

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Options returns opts, or the zero options for nil, and refuses a
// negative MaxChanges (the error names the store pkg).
func Options(pkg string, opts *store.SyncOptions) (*store.SyncOptions, error) {
	if opts == nil {
		return &store.SyncOptions{}, nil
	}
	if opts.MaxChanges < 0 {
		return nil, fmt.Errorf("%s: MaxChanges %d: %w", pkg, opts.MaxChanges, store.ErrInvalidArgument)
	}
	return opts, nil
}

// FirstUnseen returns the smallest change counter >= 1 not in set.
func FirstUnseen(set *mapi.IDSet) uint64 {
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

// SeenCN reports whether the change counter cn is in set.
func SeenCN(set *mapi.IDSet, cn uint64) bool { return set.Contains(store.MakeCN(cn)) }

// Content is a candidate content change with the counter of its CN.
type Content struct {
	Change store.MessageChange
	C      uint64
}

// FinishContents orders cands by change number, reports at most
// opts.MaxChanges of them and advances st (normal and FAI scopes as opts
// selects) up to lastCN, the mailbox's last change number, or to just
// below the first change left out.
func FinishContents(st *store.SyncState, cands []Content, opts *store.SyncOptions, lastCN uint64) *store.ContentChanges {
	normal, fai := !opts.ExcludeNormal, opts.IncludeAssociated
	slices.SortFunc(cands, func(a, b Content) int { return cmp.Compare(a.C, b.C) })
	out := &store.ContentChanges{Changes: []store.MessageChange{}}
	n := len(cands)
	if opts.MaxChanges > 0 && n > opts.MaxChanges {
		n = opts.MaxChanges
		out.More = true
	}
	for _, c := range cands[:n] {
		out.Changes = append(out.Changes, c.Change)
		switch c.Change.Kind {
		case store.ChangeNew, store.ChangeModify:
			st.Given.Add(c.Change.ID)
		case store.ChangeDelete:
			st.Given.Remove(c.Change.ID)
		}
	}
	// Everything below the first unreported candidate has been seen.
	upTo := lastCN
	if out.More {
		upTo = cands[n].C - 1
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
	return out
}

// Folder is a candidate hierarchy change: its depth below the
// synchronized root and the counter of its CN.
type Folder struct {
	Change store.FolderChange
	Depth  int
	C      uint64
}

// FinishHierarchy reports deletions first (by CN), then the other
// changes parents before children (by depth, then CN), at most
// opts.MaxChanges of them, and advances st up to lastCN or to just below
// the lowest CN still pending.
func FinishHierarchy(st *store.SyncState, dels, cands []Folder, opts *store.SyncOptions, lastCN uint64) *store.HierarchyChanges {
	slices.SortFunc(dels, func(a, b Folder) int { return cmp.Compare(a.C, b.C) })
	slices.SortFunc(cands, func(a, b Folder) int {
		if a.Depth != b.Depth {
			return cmp.Compare(a.Depth, b.Depth)
		}
		return cmp.Compare(a.C, b.C)
	})
	all := append(dels, cands...)
	out := &store.HierarchyChanges{Changes: []store.FolderChange{}}
	n := len(all)
	if opts.MaxChanges > 0 && n > opts.MaxChanges {
		n = opts.MaxChanges
		out.More = true
	}
	for _, c := range all[:n] {
		out.Changes = append(out.Changes, c.Change)
		if c.Change.Kind == store.ChangeDelete {
			st.Given.Remove(c.Change.ID)
		} else {
			st.Given.Add(c.Change.ID)
			st.Seen.Add(c.Change.CN)
		}
	}
	if !out.More {
		if lastCN > 0 {
			st.Seen.AddRange(store.ReplicaID1, 1, lastCN)
		}
	} else {
		// Everything below the lowest CN still pending has been seen.
		low := uint64(0)
		for _, c := range all[n:] {
			if c.Change.Kind != store.ChangeDelete && (low == 0 || c.C < low) {
				low = c.C
			}
		}
		if low > 1 {
			st.Seen.AddRange(store.ReplicaID1, 1, low-1)
		}
	}
	out.State = st
	return out
}

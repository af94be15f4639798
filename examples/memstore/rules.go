package memstore

import (
	"context"
	"slices"

	"github.com/oxkit/oxkit/store"
)

var _ store.RuleStore = (*Mailbox)(nil)

// Rules implements store.RuleStore.
func (mb *Mailbox) Rules(ctx context.Context, fid store.FID) ([]store.Rule, error) {
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.RUnlock()
	if _, err := mb.folder(fid); err != nil {
		return nil, err
	}
	return slices.Clone(mb.rules[fid]), nil
}

// ModifyRules implements store.RuleStore. Rule IDs come from the
// mailbox's FID/MID counter, so they are unique within the mailbox.
func (mb *Mailbox) ModifyRules(ctx context.Context, fid store.FID, replace bool, changes []store.RuleChange) ([]uint64, error) {
	if err := mb.lock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.Unlock()
	if _, err := mb.folder(fid); err != nil {
		return nil, err
	}
	// Rules of deleted folders are dropped here, lazily.
	for f := range mb.rules {
		if _, ok := mb.folders[f]; !ok {
			delete(mb.rules, f)
		}
	}
	out, ids, err := store.ApplyRuleChanges(mb.rules[fid], replace, changes, mb.nextID)
	if err != nil {
		return nil, err
	}
	if mb.rules == nil {
		mb.rules = map[store.FID][]store.Rule{}
	}
	if len(out) == 0 {
		delete(mb.rules, fid)
	} else {
		mb.rules[fid] = out
	}
	return ids, nil
}

package memstore

import (
	"context"
	"fmt"
	"slices"

	"github.com/oxkit/oxkit/store"
)

var _ store.PermissionStore = (*Mailbox)(nil)

// permTables holds the folders' permissions tables ([MS-OXCPERM]); the
// zero value is empty. Guarded by Mailbox.mu.
type permTables struct {
	tables map[store.FID][]store.Permission
	last   int64 // last MemberID handed out
}

// FolderPermissions implements store.PermissionStore.
func (mb *Mailbox) FolderPermissions(ctx context.Context, fid store.FID) ([]store.Permission, error) {
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.RUnlock()
	if _, err := mb.folder(fid); err != nil {
		return nil, err
	}
	if t, ok := mb.perms.tables[fid]; ok {
		return slices.Clone(t), nil
	}
	return store.ApplyPermissionChanges(nil, false, nil, nil)
}

// ModifyPermissions implements store.PermissionStore.
func (mb *Mailbox) ModifyPermissions(ctx context.Context, fid store.FID, replace bool, changes []store.PermissionChange) error {
	if err := mb.lock(ctx); err != nil {
		return err
	}
	defer mb.mu.Unlock()
	if _, err := mb.folder(fid); err != nil {
		return err
	}
	last := mb.perms.last
	t, err := store.ApplyPermissionChanges(mb.perms.tables[fid], replace, changes, func() int64 { last++; return last })
	if err != nil {
		return fmt.Errorf("memstore: folder %v: %w", fid, err)
	}
	if mb.perms.tables == nil {
		mb.perms.tables = map[store.FID][]store.Permission{}
	}
	// Drop the tables of deleted folders (FIDs are never reused, so
	// they are only dead weight).
	for f := range mb.perms.tables {
		if _, ok := mb.folders[f]; !ok {
			delete(mb.perms.tables, f)
		}
	}
	mb.perms.tables[fid] = t
	mb.perms.last = last
	return nil
}

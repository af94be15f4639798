package boltstore

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/oxkit/oxkit/store"
)

var _ store.PermissionStore = (*Mailbox)(nil)

// bktPerms is the mailbox sub-bucket of folder permissions tables
// ([MS-OXCPERM]): key the FID (8 bytes, big-endian), value the JSON of
// the table; key permsLastKey holds the last MemberID handed out.
var (
	bktPerms     = []byte("perms")
	permsLastKey = []byte("last")
)

func permKey(fid store.FID) []byte { return binary.BigEndian.AppendUint64(nil, uint64(fid)) }

// readPerms returns the table stored for fid, nil if none.
func readPerms(bk *bolt.Bucket, fid store.FID) ([]store.Permission, error) {
	if bk == nil {
		return nil, nil
	}
	v := bk.Get(permKey(fid))
	if v == nil {
		return nil, nil
	}
	var t []store.Permission
	if err := json.Unmarshal(v, &t); err != nil {
		return nil, fmt.Errorf("boltstore: permissions of folder %v: corrupt record: %v", fid, err)
	}
	return t, nil
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
	var t []store.Permission
	err := mb.view(func(root *bolt.Bucket) error {
		var err error
		t, err = readPerms(root.Bucket(bktPerms), fid)
		return err
	})
	if err != nil {
		return nil, err
	}
	// Normalize (Default and Anonymous first, always present).
	return store.ApplyPermissionChanges(t, false, nil, nil)
}

// ModifyPermissions implements store.PermissionStore: one bbolt
// transaction.
func (mb *Mailbox) ModifyPermissions(ctx context.Context, fid store.FID, replace bool, changes []store.PermissionChange) error {
	return mb.update(ctx, func(w *writer) error {
		if _, err := mb.folder(fid); err != nil {
			return err
		}
		bk, err := w.root.CreateBucketIfNotExists(bktPerms)
		if err != nil {
			return err
		}
		cur, err := readPerms(bk, fid)
		if err != nil {
			return err
		}
		var last int64
		if v := bk.Get(permsLastKey); len(v) == 8 {
			last = int64(binary.BigEndian.Uint64(v))
		}
		t, err := store.ApplyPermissionChanges(cur, replace, changes, func() int64 { last++; return last })
		if err != nil {
			return fmt.Errorf("boltstore: folder %v: %w", fid, err)
		}
		v, err := json.Marshal(t)
		if err != nil {
			return err
		}
		// Drop the tables of deleted folders (FIDs are never reused).
		var dead [][]byte
		bk.ForEach(func(k, _ []byte) error {
			if len(k) == 8 {
				if _, ok := mb.folders[store.FID(binary.BigEndian.Uint64(k))]; !ok {
					dead = append(dead, append([]byte(nil), k...))
				}
			}
			return nil
		})
		for _, k := range dead {
			if err := bk.Delete(k); err != nil {
				return err
			}
		}
		if err := bk.Put(permKey(fid), v); err != nil {
			return err
		}
		return bk.Put(permsLastKey, binary.BigEndian.AppendUint64(nil, uint64(last)))
	})
}

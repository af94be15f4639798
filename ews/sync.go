package ews

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strconv"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Sync state tokens ([MS-OXWSSYNC] 2.2.4.x SyncState, an opaque string):
// base64 of version (1), kind (1 hierarchy, 2 contents), the FID
// synchronized (8 bytes, little-endian) and store.SyncState.AppendBinary.
// The state is the store's (given IDs and seen CNs), so the server keeps
// nothing per client.
const (
	syncTokenVersion   = 1
	syncKindHierarchy  = 1
	syncKindContents   = 2
	maxSyncTokenLength = 4 << 20
)

// syncKindOtherMailbox marks the sync state of another user's mailbox:
// the token's kind byte has it set and the mailbox GUID follows the FID,
// so a state cannot be replayed against another mailbox's folder of the
// same FID (and the caller's own tokens keep their form).
const syncKindOtherMailbox = 0x80

// encodeSyncState writes a sync token: version, kind, FID, the mailbox
// GUID when other is not nil (another user's mailbox), then the store's
// state.
func encodeSyncState(kind byte, fid store.FID, other *mapi.GUID, s *store.SyncState) (string, error) {
	b := make([]byte, 0, 80)
	if other != nil {
		kind |= syncKindOtherMailbox
	}
	b = append(b, syncTokenVersion, kind)
	b = binary.LittleEndian.AppendUint64(b, uint64(fid))
	if other != nil {
		b = append(b, other[:]...)
	}
	b, err := s.AppendBinary(b)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(b), nil
}

// decodeSyncState reads a token encodeSyncState wrote for the same kind,
// folder and mailbox (other); an empty token is the initial state.
func decodeSyncState(tok string, kind byte, fid store.FID, other *mapi.GUID) (*store.SyncState, error) {
	if tok == "" {
		return &store.SyncState{}, nil
	}
	bad := func(err error) (*store.SyncState, error) {
		return nil, &Error{Code: ErrorInvalidSyncStateData, Message: "Synchronization state data is corrupt or otherwise invalid.", Err: err}
	}
	if len(tok) > maxSyncTokenLength {
		return bad(nil)
	}
	b, err := base64StdDecode(tok)
	if err != nil {
		return bad(err)
	}
	n := 10
	if other != nil {
		kind |= syncKindOtherMailbox
		n += len(other)
	}
	if len(b) < n || b[0] != syncTokenVersion || b[1] != kind || store.FID(binary.LittleEndian.Uint64(b[2:10])) != fid ||
		(other != nil && !bytes.Equal(b[10:n], other[:])) {
		return bad(errors.New("ews: sync state of another mailbox, folder or kind"))
	}
	s, err := store.ParseSyncState(b[n:], nil)
	if err != nil {
		return bad(err)
	}
	return s, nil
}

// syncFolderHierarchy implements SyncFolderHierarchy ([MS-OXWSSYNC]
// 3.1.4.1).
func (c *call) syncFolderHierarchy() error {
	body := c.req.Body
	mb, err := c.mailbox()
	if err != nil {
		return err
	}
	shape, err := c.parseFolderShape(child(body, "FolderShape"))
	if err != nil {
		return err
	}
	ct, ok := mb.(store.ChangeTracker)
	if !ok {
		return &Fault{Code: ErrorInvalidOperation, Message: "The store does not track changes."}
	}
	const name = "SyncFolderHierarchyResponseMessage"
	c.responseStart("SyncFolderHierarchy")
	defer c.responseEnd("SyncFolderHierarchy")
	var root store.FID
	if ids := folderIDList(child(body, "SyncFolderId")); len(ids) > 0 {
		root, err = c.resolveFolder(ids[0])
	} else {
		root, err = mb.SpecialFolder(c.ctx, store.FolderRoot)
	}
	if err != nil {
		c.msgError(name, err, ErrorFolderNotFound)
		return nil
	}
	state, err := decodeSyncState(childText(body, "SyncState"), syncKindHierarchy, root, c.syncOther())
	if err != nil {
		c.msgError(name, err, ErrorFolderNotFound)
		return nil
	}
	ch, err := ct.SyncHierarchy(c.ctx, root, state, nil)
	if err != nil {
		c.msgError(name, err, ErrorFolderNotFound)
		return nil
	}
	tok, err := encodeSyncState(syncKindHierarchy, root, c.syncOther(), ch.State)
	if err != nil {
		c.msgError(name, err, ErrorFolderNotFound)
		return nil
	}
	mark := len(c.w.b)
	c.msgStart(name)
	c.w.elem("m:SyncState", tok)
	c.w.elemBool("m:IncludesLastFolderInRange", !ch.More)
	c.w.open("m:Changes")
	tags := shape.tags()
	for _, fc := range ch.Changes {
		switch fc.Kind {
		case store.ChangeDelete:
			c.w.open("t:Delete")
			c.writeFolderID("t:FolderId", fc.ID, nil)
			c.w.close("t:Delete")
		case store.ChangeNew, store.ChangeModify:
			if keep, asDelete := c.hierarchyVisible(fc.ID, fc.Kind); !keep { // othermbx.go
				if asDelete {
					c.w.open("t:Delete")
					c.writeFolderID("t:FolderId", fc.ID, nil)
					c.w.close("t:Delete")
				}
				continue
			}
			f, err := mb.Folder(c.ctx, fc.ID, tags)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				c.w.b = c.w.b[:mark]
				c.msgError(name, err, ErrorFolderNotFound)
				return nil
			}
			el := "t:Create"
			if fc.Kind == store.ChangeModify {
				el = "t:Update"
			}
			c.w.open(el)
			if err := c.writeFolder(f, shape); err != nil {
				c.w.b = c.w.b[:mark]
				c.msgError(name, err, ErrorFolderNotFound)
				return nil
			}
			c.w.close(el)
		}
	}
	c.w.close("m:Changes")
	c.msgEnd(name)
	return nil
}

// syncFolderItems implements SyncFolderItems ([MS-OXWSSYNC] 3.1.4.2):
// MaxChangesReturned, IncludesLastItemInRange and read-flag changes.
// Ignore and SyncScope NormalAndAssociatedItems are honoured.
func (c *call) syncFolderItems() error {
	body := c.req.Body
	mb, err := c.mailbox()
	if err != nil {
		return err
	}
	shape, err := c.parseItemShape(child(body, "ItemShape"), false)
	if err != nil {
		return err
	}
	maxChanges, err := strconv.Atoi(childText(body, "MaxChangesReturned"))
	if err != nil || maxChanges < 1 || maxChanges > 512 {
		return &Fault{Code: ErrorSchemaValidation, Message: "MaxChangesReturned must be between 1 and 512."}
	}
	ct, ok := mb.(store.ChangeTracker)
	if !ok {
		return &Fault{Code: ErrorInvalidOperation, Message: "The store does not track changes."}
	}
	ignore := map[store.MID]bool{}
	if ig := child(body, "Ignore"); ig != nil {
		for _, e := range ig.ChildElements() {
			if id, _, err := c.resolveItem(e); err == nil {
				ignore[id.Message] = true
			}
		}
	}
	const name = "SyncFolderItemsResponseMessage"
	c.responseStart("SyncFolderItems")
	defer c.responseEnd("SyncFolderItems")
	ids := folderIDList(child(body, "SyncFolderId"))
	if len(ids) != 1 {
		return &Fault{Code: ErrorSchemaValidation, Message: "SyncFolderItems needs one SyncFolderId."}
	}
	fid, err := c.resolveFolder(ids[0])
	if err != nil {
		c.msgError(name, err, ErrorFolderNotFound)
		return nil
	}
	state, err := decodeSyncState(childText(body, "SyncState"), syncKindContents, fid, c.syncOther())
	if err != nil {
		c.msgError(name, err, ErrorFolderNotFound)
		return nil
	}
	opts := &store.SyncOptions{MaxChanges: maxChanges, IncludeAssociated: childText(body, "SyncScope") == "NormalAndAssociatedItems"}
	ch, err := ct.SyncContents(c.ctx, fid, state, opts)
	if err != nil {
		c.msgError(name, err, ErrorFolderNotFound)
		return nil
	}
	tok, err := encodeSyncState(syncKindContents, fid, c.syncOther(), ch.State)
	if err != nil {
		c.msgError(name, err, ErrorFolderNotFound)
		return nil
	}
	mark := len(c.w.b)
	c.msgStart(name)
	c.w.elem("m:SyncState", tok)
	c.w.elemBool("m:IncludesLastItemInRange", !ch.More)
	c.w.open("m:Changes")
	for _, mc := range ch.Changes {
		if ignore[mc.ID] {
			continue
		}
		switch mc.Kind {
		case store.ChangeDelete:
			c.w.open("t:Delete")
			c.writeItemID("t:ItemId", mc.ID, fid, nil)
			c.w.close("t:Delete")
		case store.ChangeRead:
			c.w.open("t:ReadFlagChange")
			c.writeItemID("t:ItemId", mc.ID, fid, nil)
			c.w.elemBool("t:IsRead", mc.Read)
			c.w.close("t:ReadFlagChange")
		case store.ChangeNew, store.ChangeModify:
			it, err := c.loadItem(ObjectID{Kind: KindMessage, Folder: fid, Message: mc.ID}, shape)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				c.w.b = c.w.b[:mark]
				c.msgError(name, err, ErrorItemNotFound)
				return nil
			}
			el := "t:Create"
			if mc.Kind == store.ChangeModify {
				el = "t:Update"
			}
			c.w.open(el)
			if err := c.writeItem(it, shape); err != nil {
				c.w.b = c.w.b[:mark]
				c.msgError(name, err, ErrorItemNotFound)
				return nil
			}
			c.w.close(el)
		}
	}
	c.w.close("m:Changes")
	c.msgEnd(name)
	return nil
}

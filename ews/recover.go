package ews

import (
	"context"
	"encoding/binary"
	"errors"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Recoverable Items ([MS-OXWSCDATA] 2.2.5.10 DistinguishedFolderIdNameType
// recoverableitemsroot, recoverableitemsdeletions,
// recoverableitemsversions, recoverableitemspurges,
// recoverableitemsdiscoveryholds; Exchange 2010 SP1 and later).
//
// In Exchange the Recoverable Items folder ("dumpster") is a folder
// under the mailbox root, outside the IPM subtree, whose Deletions
// subfolder holds what was soft-deleted; MoveItem out of it restores an
// item, DeleteItem in it removes the item for good. oxkit's stores keep
// soft-deleted messages in place (store.SoftDeletedTables), so these
// folders are a view, not store folders: they have fixed IDs (the FID
// global counters just below 2^48, which no store allocates), Deletions
// lists every retained soft-deleted message of the mailbox
// (store.SoftDeletedRestorer.QueryAllSoftDeleted), and Versions, Purges
// and DiscoveryHolds are always empty (no versions are kept; a hard
// delete is gone; there are no holds). They exist only in the caller's
// own mailbox of a store implementing store.SoftDeletedRestorer.

// recoverKind is one of the virtual Recoverable Items folders.
type recoverKind uint8

const (
	recoverRoot recoverKind = iota + 1
	recoverDeletions
	recoverVersions
	recoverPurges
	recoverDiscoveryHolds
	recoverLast = recoverDiscoveryHolds
)

// recoverBase is the FID global counter below the virtual folders':
// recoverFID(k) is MakeFID(recoverBase + k), at the top of the 48-bit
// counter space.
const recoverBase uint64 = 1<<48 - 0x100

// recoverNames maps the DistinguishedFolderId names to the folders.
var recoverNames = map[string]recoverKind{
	"recoverableitemsroot":           recoverRoot,
	"recoverableitemsdeletions":      recoverDeletions,
	"recoverableitemsversions":       recoverVersions,
	"recoverableitemspurges":         recoverPurges,
	"recoverableitemsdiscoveryholds": recoverDiscoveryHolds,
}

// String returns the DistinguishedFolderId name.
func (k recoverKind) String() string {
	for n, v := range recoverNames {
		if v == k {
			return n
		}
	}
	return "recoverKind(" + itoa(int(k)) + ")"
}

// displayName is Exchange's display name of the folder.
func (k recoverKind) displayName() string {
	switch k {
	case recoverRoot:
		return "Recoverable Items"
	case recoverDeletions:
		return "Deletions"
	case recoverVersions:
		return "Versions"
	case recoverPurges:
		return "Purges"
	case recoverDiscoveryHolds:
		return "DiscoveryHolds"
	}
	return ""
}

func recoverFID(k recoverKind) store.FID { return store.MakeFID(recoverBase + uint64(k)) }

// recoverKindOf returns the virtual folder fid names, 0 for a store FID.
func recoverKindOf(fid store.FID) recoverKind {
	gc := fid.GlobalCounter()
	if fid.ReplicaID() != store.ReplicaID1 || gc <= recoverBase || gc > recoverBase+uint64(recoverLast) {
		return 0
	}
	return recoverKind(gc - recoverBase)
}

// recoverOps are the operations that accept a Recoverable Items folder
// where they take a folder ID; the others answer recoverDenied.
var recoverOps = map[string]bool{
	"GetFolder": true, "FindFolder": true, "FindItem": true,
	"MoveItem": true, "CopyItem": true, "EmptyFolder": true,
}

// recoverResolve is resolveFolder for a Recoverable Items folder.
func (c *call) recoverResolve(k recoverKind) (store.FID, error) {
	if _, ok := c.mb.(store.SoftDeletedRestorer); !ok {
		return 0, errorf(ErrorFolderNotFound, "The specified folder could not be found in the store.")
	}
	if c.acc != nil {
		// Only the owner sees their Recoverable Items; delegate folder
		// rights do not extend to it.
		return 0, errorf(ErrorAccessDenied, "Access is denied to another user's Recoverable Items folders.")
	}
	if !recoverOps[c.req.Operation] {
		return 0, recoverDenied(c.req.Operation, k)
	}
	return recoverFID(k), nil
}

// recoverDenied is the answer of an operation that cannot act on the
// Recoverable Items folder k: they are not deleted, moved, renamed,
// emptied, synchronized or written into (restore with MoveItem, purge
// with DeleteItem).
func recoverDenied(op string, k recoverKind) *Error {
	switch op {
	case "DeleteFolder":
		return errorf(ErrorDeleteDistinguishedFolder, "Distinguished folders cannot be deleted.")
	case "MoveFolder":
		return errorf(ErrorMoveDistinguishedFolder, "Distinguished folders cannot be moved.")
	case "SyncFolderItems", "SyncFolderHierarchy":
		return errorf(ErrorInvalidOperation, "The Recoverable Items folders cannot be synchronized; list them with FindItem.")
	}
	return errorf(ErrorAccessDenied, "%s is not allowed on the Recoverable Items folder %s.", op, k)
}

// recoverChangeKey is the constant ChangeKey of a virtual folder (an XID
// of the mailbox's replica GUID and the folder's counter).
func (c *call) recoverChangeKey(k recoverKind) []byte {
	g := c.mb.Info().ReplicaGUID
	b := append([]byte(nil), g[:]...)
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], recoverBase+uint64(k))
	return append(b, n[2:]...)
}

// recoverFolder returns virtual folder k as a store folder: counts are
// those of Deletions' listing; Parent is the root folder for the
// Recoverable Items root.
func (c *call) recoverFolder(k recoverKind) (*store.Folder, error) {
	f := &store.Folder{ID: recoverFID(k), ParentID: recoverFID(recoverRoot)}
	if k == recoverRoot {
		root, err := c.mb.SpecialFolder(c.ctx, store.FolderRoot)
		if err != nil {
			return nil, err
		}
		f.ParentID = root
	}
	var total, unread int
	if k == recoverDeletions {
		sr := c.mb.(store.SoftDeletedRestorer)
		all, err := sr.QueryAllSoftDeleted(c.ctx, &store.Query{Limit: 1})
		if err != nil {
			return nil, err
		}
		un, err := sr.QueryAllSoftDeleted(c.ctx, &store.Query{Limit: 1, Restriction: unreadRestriction})
		if err != nil {
			return nil, err
		}
		total, unread = all.Total, un.Total
	}
	f.Props = []mapi.PropValue{
		{Tag: mapi.PidTagDisplayName, Value: k.displayName()},
		{Tag: mapi.PidTagChangeKey, Value: c.recoverChangeKey(k)},
		{Tag: mapi.PidTagContentCount, Value: int32(total)},
		{Tag: mapi.PidTagContentUnreadCount, Value: int32(unread)},
	}
	return f, nil
}

// unreadRestriction matches messages without MSGFLAG_READ ([MS-OXCMSG]
// 2.2.1.6 PidTagMessageFlags).
var unreadRestriction mapi.Restriction = mapi.BitmaskRestriction{BitmapRelOp: mapi.BitmaskEqualZero, PropTag: mapi.PidTagMessageFlags, Mask: 1}

// recoverChildren is the number of subfolders of k.
func recoverChildren(k recoverKind) int {
	if k == recoverRoot {
		return int(recoverLast - recoverRoot)
	}
	return 0
}

// writeRecoverFolder writes virtual folder f in shape s: a t:Folder
// without FolderClass (non-IPM, as Exchange's), with the owner's rights
// to read and delete (items are purged there, nothing is created), no
// PermissionSet and no extended properties.
func (c *call) writeRecoverFolder(f *store.Folder, s *folderShape) {
	k := recoverKindOf(f.ID)
	c.w.open("t:Folder")
	if s.fields&ffFolderID != 0 {
		c.writeFolderID("t:FolderId", f.ID, c.recoverChangeKey(k))
	}
	if s.fields&ffParentFolderID != 0 {
		c.writeFolderID("t:ParentFolderId", f.ParentID, nil)
	}
	if s.fields&ffDisplayName != 0 {
		c.w.elem("t:DisplayName", k.displayName())
	}
	if s.fields&ffTotalCount != 0 {
		n, _ := getInt(f.Props, mapi.PidTagContentCount)
		c.w.elemInt("t:TotalCount", n)
	}
	if s.fields&ffChildFolderCount != 0 {
		c.w.elemInt("t:ChildFolderCount", int64(recoverChildren(k)))
	}
	if s.fields&ffEffectiveRights != 0 {
		c.w.raw(`<t:EffectiveRights><t:CreateAssociated>false</t:CreateAssociated><t:CreateContents>false</t:CreateContents>` +
			`<t:CreateHierarchy>false</t:CreateHierarchy><t:Delete>true</t:Delete><t:Modify>false</t:Modify>` +
			`<t:Read>true</t:Read><t:ViewPrivateItems>true</t:ViewPrivateItems></t:EffectiveRights>`)
	}
	if s.fields&ffDistinguishedFolderID != 0 {
		c.w.elem("t:DistinguishedFolderId", k.String())
	}
	if s.fields&ffUnreadCount != 0 {
		n, _ := getInt(f.Props, mapi.PidTagContentUnreadCount)
		c.w.elemInt("t:UnreadCount", n)
	}
	c.w.close("t:Folder")
}

// getRecoverFolder answers GetFolder for fid when it is a virtual
// folder (reporting true), else does nothing.
func (c *call) getRecoverFolder(name string, fid store.FID, shape *folderShape) bool {
	k := recoverKindOf(fid)
	if k == 0 {
		return false
	}
	f, err := c.recoverFolder(k)
	if err != nil {
		c.msgError(name, err, ErrorFolderNotFound)
		return true
	}
	c.msgStart(name)
	c.w.open("m:Folders")
	c.writeRecoverFolder(f, shape)
	c.w.close("m:Folders")
	c.msgEnd(name)
	return true
}

// findRecoverFolders answers FindFolder Shallow or Deep for parent e
// when it names a virtual folder (reporting true): the root's four
// subfolders (which have none), with Restriction and paging.
func (c *call) findRecoverFolders(name string, e *etree.Element, res mapi.Restriction, view *pageView, shape *folderShape) bool {
	parent, err := c.resolveFolder(e)
	if err != nil {
		return false // resolved again, and answered, by the caller
	}
	k := recoverKindOf(parent)
	if k == 0 {
		return false
	}
	var list []*store.Folder
	if k == recoverRoot {
		for sub := recoverDeletions; sub <= recoverLast; sub++ {
			f, err := c.recoverFolder(sub)
			if err != nil {
				c.msgError(name, err, ErrorFolderNotFound)
				return true
			}
			if res != nil {
				ok, err := mapi.Evaluate(res, &mapi.Bag{Props: f.Props})
				if err != nil {
					c.msgError(name, &Error{Code: ErrorInvalidRequest, Message: "The restriction is not valid.", Err: err}, ErrorFolderNotFound)
					return true
				}
				if !ok {
					continue
				}
			}
			list = append(list, f)
		}
	}
	start, end := view.window(len(list))
	c.msgStart(name)
	c.w.raw(`<m:RootFolder`)
	c.pagingAttrs(view, start, end, len(list))
	c.w.raw(`><t:Folders>`)
	for _, f := range list[start:end] {
		c.writeRecoverFolder(f, shape)
	}
	c.w.raw(`</t:Folders></m:RootFolder>`)
	c.msgEnd(name)
	return true
}

// recoverContents wraps FindItem's query: for Deletions (Shallow) the
// mailbox's retained soft-deleted messages, their rows placed in
// Deletions (ParentFolderId, and the folder of their ItemIds); for the
// other virtual folders, and for Associated or SoftDeleted traversals
// of any, nothing. Store folders go to q.
func (c *call) recoverContents(q contentsQuery, softDeleted bool) contentsQuery {
	return func(ctx context.Context, fid store.FID, sq *store.Query) (*store.QueryResult, error) {
		k := recoverKindOf(fid)
		if k == 0 {
			return q(ctx, fid, sq)
		}
		sr, ok := c.mb.(store.SoftDeletedRestorer)
		if !ok || k != recoverDeletions || softDeleted || sq.Associated {
			return &store.QueryResult{Rows: []store.Row{}}, nil
		}
		res, err := sr.QueryAllSoftDeleted(ctx, sq)
		if err != nil {
			return nil, err
		}
		for i := range res.Rows {
			res.Rows[i].Folder = fid
		}
		return res, nil
	}
}

// restoreOne is MoveItem's and CopyItem's path for an item no folder
// holds (notFound is what opening it gave): a retained soft-deleted
// message of the caller's own mailbox is restored into dst (a copy with
// CopyItem, the retained one staying in Deletions). Otherwise notFound
// is returned.
func (c *call) restoreOne(id ObjectID, dst store.FID, cp bool, notFound error) (*store.MessageInfo, string, error) {
	sr, ok := c.mb.(store.SoftDeletedRestorer)
	if !ok || c.acc != nil || id.Kind != KindMessage || !errors.Is(notFound, store.ErrNotFound) {
		return nil, "", notFound
	}
	cls := ""
	if rd, ok := c.mb.(store.SoftDeletedReader); ok {
		m, err := rd.SoftDeletedMessage(c.ctx, id.Message, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagMessageClass}})
		if err != nil {
			return nil, "", notFound
		}
		cls, _ = getString(m.Props, mapi.PidTagMessageClass)
		if k := recoverKindOf(dst); k == recoverDeletions && !cp {
			// Already there.
			info := m.Info
			info.FolderID = dst
			return &info, cls, nil
		}
	}
	if k := recoverKindOf(dst); k != 0 {
		return nil, "", recoverDenied(c.req.Operation, k)
	}
	info, err := sr.RestoreSoftDeleted(c.ctx, id.Message, dst, &store.RestoreOptions{Keep: cp})
	if err != nil {
		return nil, "", err
	}
	return info, cls, nil
}

// moveToRecover is MoveItem of live message cur into the virtual folder
// dst: into Deletions it is a soft delete (the item keeps its ID's
// message part and is listed there); the other virtual folders, and
// CopyItem into any, are refused.
func (c *call) moveToRecover(cur *store.Message, dst store.FID, cls string, cp bool) (*store.MessageInfo, string, error) {
	k := recoverKindOf(dst)
	if cp || k != recoverDeletions {
		return nil, "", recoverDenied(c.req.Operation, k)
	}
	done, err := c.mb.DeleteMessages(c.ctx, cur.Info.FolderID, []store.MID{cur.Info.ID}, nil)
	if err != nil {
		return nil, "", err
	}
	if len(done) == 0 {
		return nil, "", toError(store.ErrNotFound, ErrorItemNotFound)
	}
	info := cur.Info
	info.FolderID = dst
	return &info, cls, nil
}

// deleteSoftDeletedOne is DeleteItem's path for an item no folder holds
// (notFound is what opening it gave): a retained soft-deleted message of
// the caller's own mailbox is purged (HardDelete; SoftDelete too, which
// in Exchange moves it to Purges, a folder users do not see and oxkit
// does not keep) or restored to Deleted Items (MoveToDeletedItems).
// Otherwise notFound is returned.
func (c *call) deleteSoftDeletedOne(id ObjectID, dt string, notFound error) error {
	sr, ok := c.mb.(store.SoftDeletedRestorer)
	if !ok || c.acc != nil || id.Kind != KindMessage || !errors.Is(notFound, store.ErrNotFound) {
		return notFound
	}
	if dt == "MoveToDeletedItems" {
		del, err := c.mb.SpecialFolder(c.ctx, store.FolderDeletedItems)
		if err != nil {
			return err
		}
		if _, err := sr.RestoreSoftDeleted(c.ctx, id.Message, del, nil); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return notFound
			}
			return err
		}
		return nil
	}
	done, err := sr.PurgeSoftDeleted(c.ctx, []store.MID{id.Message})
	if err != nil {
		return err
	}
	if len(done) == 0 {
		return notFound
	}
	return nil
}

// emptyRecoverBatch is how many retained messages emptyRecover handles
// per listing.
const emptyRecoverBatch = 256

// emptyRecover is EmptyFolder of virtual folder fid: for Deletions,
// HardDelete and SoftDelete purge every retained soft-deleted message of
// the mailbox (SoftDelete would move them to Purges in Exchange, which
// oxkit does not keep) and MoveToDeletedItems restores them all to
// Deleted Items. The other folders hold nothing; DeleteSubFolders on the
// root is refused (its subfolders are distinguished).
func (c *call) emptyRecover(fid store.FID, dt string, subs bool) error {
	k := recoverKindOf(fid)
	if k == recoverRoot && subs {
		return errorf(ErrorDeleteDistinguishedFolder, "Distinguished folders cannot be deleted.")
	}
	if k != recoverDeletions {
		return nil
	}
	sr := c.mb.(store.SoftDeletedRestorer)
	var del store.FID
	if dt == "MoveToDeletedItems" {
		var err error
		if del, err = c.mb.SpecialFolder(c.ctx, store.FolderDeletedItems); err != nil {
			return err
		}
	}
	for {
		res, err := sr.QueryAllSoftDeleted(c.ctx, &store.Query{Limit: emptyRecoverBatch})
		if err != nil {
			return err
		}
		if len(res.Rows) == 0 {
			return nil
		}
		done := 0
		if del == 0 {
			mids := make([]store.MID, len(res.Rows))
			for i, r := range res.Rows {
				mids[i] = r.Message
			}
			purged, err := sr.PurgeSoftDeleted(c.ctx, mids)
			if err != nil {
				return err
			}
			done = len(purged)
		}
		for _, r := range res.Rows {
			if del == 0 {
				break
			}
			_, err = sr.RestoreSoftDeleted(c.ctx, r.Message, del, nil)
			switch {
			case err == nil:
				done++
			case !errors.Is(err, store.ErrNotFound): // gone meanwhile: fine
				return err
			}
		}
		if done == 0 {
			// A store listing what it cannot remove: stop, not spin.
			return errors.New("ews: EmptyFolder of Deletions: the store lists soft-deleted messages it cannot purge or restore")
		}
	}
}

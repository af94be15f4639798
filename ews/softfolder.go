package ews

import (
	"errors"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// findFolderSoftDeleted answers FindFolder with Traversal="SoftDeleted"
// ([MS-OXWSSRCH] 3.1.4.1, FolderQueryTraversalType: a shallow search for
// soft-deleted folders): per parent folder, the folders DeleteFolder
// (DeleteType SoftDelete) or EmptyFolder (SoftDelete with
// DeleteSubFolders) removed from it, as they were when deleted, with the
// Restriction and paging of FindFolder. It needs a store retaining
// soft-deleted folders (store.SoftDeletedFolders; else
// ErrorInvalidOperation) and works on the caller's own mailbox only.
// Their FolderIds are those the folders had; GetFolder opens them
// (softDeletedFolder).
func (c *call) findFolderSoftDeleted(parents []*etree.Element, shape *folderShape, view *pageView, res mapi.Restriction) error {
	sdf, ok := c.mb.(store.SoftDeletedFolders)
	if !ok {
		return &Fault{Code: ErrorInvalidOperation, Message: "This store does not retain soft-deleted folders (Traversal SoftDeleted)."}
	}
	if c.acc != nil {
		return &Fault{Code: ErrorAccessDenied, Message: "Soft-deleted folders can be listed in the caller's own mailbox only."}
	}
	// A deleted folder has no permission table of its own to show.
	s := *shape
	s.fields &^= ffPermissionSet
	tags := s.tags()
	tags = append(tags[:len(tags):len(tags)], mapi.PidTagParentFolderId)
	c.responseStart("FindFolder")
	defer c.responseEnd("FindFolder")
	for _, e := range parents {
		const name = "FindFolderResponseMessage"
		parent, err := c.resolveFolder(e)
		var rows *store.QueryResult
		switch {
		case err == nil && recoverKindOf(parent) != 0:
			rows = &store.QueryResult{} // nothing is soft-deleted from the Recoverable Items folders (recover.go)
		case err == nil:
			rows, err = sdf.QuerySoftDeletedFolders(c.ctx, parent, &store.Query{Restriction: res, Columns: tags})
		}
		if err != nil {
			c.msgError(name, err, ErrorFolderNotFound)
			continue
		}
		start, end := view.window(len(rows.Rows))
		mark := len(c.w.b)
		c.msgStart(name)
		c.w.raw(`<m:RootFolder`)
		c.pagingAttrs(view, start, end, len(rows.Rows))
		c.w.raw(`><t:Folders>`)
		for _, r := range rows.Rows[start:end] {
			f := &store.Folder{ID: r.Folder, ParentID: parent, Props: r.Props}
			if p, ok := getInt(r.Props, mapi.PidTagParentFolderId); ok && p != 0 {
				f.ParentID = store.FID(p)
			}
			if err := c.writeFolder(f, &s); err != nil {
				c.w.b = c.w.b[:mark]
				c.msgError(name, err, ErrorFolderNotFound)
				goto next
			}
		}
		c.w.raw(`</t:Folders></m:RootFolder>`)
		c.msgEnd(name)
	next:
	}
	return nil
}

// childFolderCount is t:ChildFolderCount of folder fid: its subfolders,
// or for a soft-deleted folder (FindFolder Traversal="SoftDeleted") the
// subfolders deleted with it.
func (c *call) childFolderCount(fid store.FID) (int, error) {
	subs, err := c.mb.Subfolders(c.ctx, fid)
	if err == nil {
		return len(subs), nil
	}
	if sdf, ok := c.mb.(store.SoftDeletedFolders); ok && errors.Is(err, store.ErrNotFound) {
		res, err2 := sdf.QuerySoftDeletedFolders(c.ctx, fid, &store.Query{Limit: 1})
		if err2 == nil {
			return res.Total, nil
		}
	}
	return 0, err
}

// loadSoftDeletedItem is GetItem's fallback for an item ID that no folder
// holds: a message soft-deleted (DeleteItem or EmptyFolder SoftDelete, or
// with its folder) is still in Recoverable Items, and Exchange opens it
// by its ID; so does this, where the store can (store.SoftDeletedReader),
// in the caller's own mailbox. ParentFolderId is the folder it was
// deleted from. Otherwise notFound is returned.
func (c *call) loadSoftDeletedItem(id ObjectID, shape *itemShape, notFound error) (*itemData, error) {
	sr, ok := c.mb.(store.SoftDeletedReader)
	if !ok || c.acc != nil || id.Kind != KindMessage || !errors.Is(notFound, store.ErrNotFound) {
		return nil, notFound
	}
	m, err := sr.SoftDeletedMessage(c.ctx, id.Message, itemOptions(shape))
	if err != nil {
		return nil, notFound
	}
	it := itemOf(m)
	if recoverKindOf(id.Folder) == recoverDeletions {
		it.fid = id.Folder // listed in Recoverable Items (recover.go)
	}
	return it, nil
}

// softDeletedFolder is GetFolder's fallback for a folder ID that is no
// longer in the hierarchy: a folder soft-deleted with DeleteFolder is
// opened (as exchangelib does after FindFolder Traversal="SoftDeleted")
// where the store can (store.SoftDeletedReader), in the caller's own
// mailbox, with the shape less PermissionSet (a deleted folder has no
// permission table of its own). Otherwise notFound is returned.
func (c *call) softDeletedFolder(fid store.FID, tags []mapi.PropTag, shape *folderShape, notFound error) (*store.Folder, *folderShape, error) {
	sr, ok := c.mb.(store.SoftDeletedReader)
	if !ok || c.acc != nil || !errors.Is(notFound, store.ErrNotFound) {
		return nil, shape, notFound
	}
	f, err := sr.SoftDeletedFolder(c.ctx, fid, tags)
	if err != nil {
		return nil, shape, notFound
	}
	s := *shape
	s.fields &^= ffPermissionSet
	return f, &s, nil
}

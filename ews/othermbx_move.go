package ews

import (
	"errors"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// crossOps are the operations that may name folders and items of more
// than one mailbox: MoveItem and CopyItem ([MS-OXWSCORE] 3.1.4.7,
// 3.1.4.1), MoveFolder and CopyFolder ([MS-OXWSFOLD] 3.1.4.7, 3.1.4.1).
// Each ID is resolved in its own mailbox and checked there: the source
// item needs ReadAny (and, to move it, DeleteAny or DeleteOwned), the
// target folder Create (items) or CreateSubfolder (folders); a moved
// folder needs FolderOwner, a copied one ReadAny on it and on every
// subfolder.
var crossOps = map[string]bool{"MoveItem": true, "CopyItem": true, "MoveFolder": true, "CopyFolder": true}

// Limits of copying between mailboxes.
const (
	// maxCrossDepth bounds the folder depth and the nesting of embedded
	// messages copied between mailboxes.
	maxCrossDepth = 32
	// maxCrossFolders bounds the folders one cross-mailbox folder copy
	// or move may create.
	maxCrossFolders = 1000
)

// moveOrCopyItemAcross is MoveItem/CopyItem when the request names more
// than one mailbox.
func (c *call) moveOrCopyItemAcross(op string, cp bool) error {
	body := c.req.Body
	to := folderIDList(child(body, "ToFolderId"))
	dv, dst, derr := c.resolveFolderIn(to[0], store.RightCreate)
	if derr == nil {
		derr = dv.allow(dst, store.RightCreate)
	}
	c.moveOrCopyLoop(op, derr, func(e *etree.Element) (*store.MessageInfo, string, error) {
		return c.moveItemAcross(e, dv, dst, cp)
	}, func(write func()) { c.withGUID(dv.mailboxGUID(), write) })
	return nil
}

// moveItemAcross moves or copies the item e names to folder dst of the
// mailbox of view dv.
func (c *call) moveItemAcross(e *etree.Element, dv *call, dst store.FID, cp bool) (*store.MessageInfo, string, error) {
	if e.Tag != "ItemId" {
		if e.Tag == "OccurrenceItemId" || e.Tag == "RecurringMasterItemId" {
			return nil, "", errorf("ErrorCalendarCannotMoveOrCopyOccurrence", "An occurrence of a recurring calendar item cannot be moved or copied.")
		}
		return nil, "", errorf(ErrorInvalidIdMalformed, "%s is not supported as an item ID.", e.Tag)
	}
	id, err := ParseObjectID(attr(e, "Id"))
	if err != nil {
		return nil, "", err
	}
	sv, err := c.viewByGUID(id.Mailbox, 0, ErrorItemNotFound)
	if err != nil {
		return nil, "", err
	}
	if sameMailbox(sv, dv) {
		// Within one mailbox (the request names others too).
		return dv.moveOne(dv.mb, e, dst, cp)
	}
	if id.Kind == KindOccurrence {
		return nil, "", errorf("ErrorCalendarCannotMoveOrCopyOccurrence", "An occurrence of a recurring calendar item cannot be moved or copied.")
	}
	if id, _, err = sv.resolveItem(e); err != nil {
		return nil, "", err
	}
	m, err := sv.mb.Message(c.ctx, id.Message, nil)
	if err != nil {
		return nil, "", err
	}
	src := m.Info.FolderID
	if err := sv.allowRead(src, id.Message); err != nil {
		return nil, "", err
	}
	if !cp {
		if err := sv.allowItem(src, id.Message, store.RightDeleteAny, store.RightDeleteOwned); err != nil {
			return nil, "", err
		}
	}
	nm, err := sv.copyMessageTo(dv.mb, m, 0)
	if err != nil {
		return nil, "", err
	}
	nm.Associated, nm.Read = m.Info.Associated, m.Info.Read
	dv.stampCreator(nm)
	info, err := dv.mb.CreateMessage(c.ctx, dst, nm)
	if err != nil {
		return nil, "", err
	}
	if !cp {
		if _, err := sv.mb.DeleteMessages(c.ctx, src, []store.MID{id.Message}, &store.DeleteOptions{Hard: true}); err != nil {
			// Undo the copy: a failed move leaves the item where it was.
			dv.mb.DeleteMessages(c.ctx, dst, []store.MID{info.ID}, &store.DeleteOptions{Hard: true})
			return nil, "", &Error{Code: ErrorMoveCopyFailed, Message: "The move or copy operation failed.", Err: err}
		}
	}
	cls, _ := getString(m.Props, mapi.PidTagMessageClass)
	return info, cls, nil
}

// identityTags are the properties a store computes per message; a copy
// into another mailbox leaves them out ([MS-OXCMSG] 2.2.1.x, see
// store.Message).
var identityTags = map[mapi.PropTag]bool{
	mapi.PidTagMid: true, mapi.PidTagFolderId: true, mapi.PidTagChangeNumber: true, mapi.PidTagChangeKey: true,
	mapi.PidTagPredecessorChangeList: true, mapi.PidTagSourceKey: true, mapi.PidTagParentSourceKey: true,
	mapi.PidTagEntryId: true, mapi.PidTagParentEntryId: true, mapi.PidTagMessageSize: true,
}

// copyMessageTo returns m (of the view's mailbox) as a new message for
// mailbox dst: identity properties dropped, named properties mapped to
// dst's IDs (created there), recipients and attachments (embedded
// messages to maxCrossDepth) included.
func (c *call) copyMessageTo(dst store.Mailbox, m *store.Message, depth int) (*store.Message, error) {
	if depth > maxCrossDepth {
		return nil, errorf(ErrorMoveCopyFailed, "The item nests embedded messages too deeply to be copied.")
	}
	var props []mapi.PropValue
	for _, p := range m.Props {
		if !identityTags[p.Tag] {
			props = append(props, p)
		}
	}
	props, err := c.translate(dst, props) // meetings.go
	if err != nil {
		return nil, err
	}
	out := &store.Message{Props: props}
	for _, r := range m.Recipients {
		rp, err := c.translate(dst, r.Props)
		if err != nil {
			return nil, err
		}
		out.Recipients = append(out.Recipients, store.Recipient{Props: rp})
	}
	for _, a := range m.Attachments {
		ap, err := c.translate(dst, a.Props)
		if err != nil {
			return nil, err
		}
		na := store.Attachment{Props: ap}
		if a.Embedded != nil {
			if na.Embedded, err = c.copyMessageTo(dst, a.Embedded, depth+1); err != nil {
				return nil, err
			}
		}
		out.Attachments = append(out.Attachments, na)
	}
	return out, nil
}

// moveOrCopyFolderAcross is MoveFolder/CopyFolder when the request names
// more than one mailbox: the folder tree is copied into the target
// mailbox (folders, their normal and associated messages) and, for a
// move, deleted from the source afterwards.
func (c *call) moveOrCopyFolderAcross(op string, cp bool) error {
	body := c.req.Body
	to := folderIDList(child(body, "ToFolderId"))
	dv, dst, derr := c.resolveFolderIn(to[0], store.RightCreateSubfolder)
	if derr == nil {
		derr = dv.allow(dst, store.RightCreateSubfolder)
	}
	c.responseStart(op)
	for _, e := range folderIDList(child(body, "FolderIds")) {
		name := op + "ResponseMessage"
		if derr != nil {
			c.msgError(name, derr, ErrorFolderNotFound)
			continue
		}
		sv, fid, err := c.resolveFolderIn(e, store.RightFolderVisible)
		var f *store.Folder
		if err == nil {
			if sameMailbox(sv, dv) {
				f, err = dv.moveOrCopyFolderOne(fid, dst, cp)
			} else {
				f, err = c.moveFolderAcross(sv, fid, dv, dst, cp)
			}
		}
		if errors.Is(err, store.ErrConflict) {
			err = &Error{Code: ErrorMoveCopyFailed, Message: "The move or copy operation failed.", Err: err}
		}
		if err != nil {
			c.msgError(name, err, ErrorFolderNotFound)
			continue
		}
		c.withGUID(dv.mailboxGUID(), func() { c.folderIDOnly(name, f) })
	}
	c.responseEnd(op)
	return nil
}

// moveOrCopyFolderOne moves or copies folder fid under dst within the
// view's mailbox, with the rights of crossOps in another user's.
func (c *call) moveOrCopyFolderOne(fid, dst store.FID, cp bool) (*store.Folder, error) {
	if err := c.allow(dst, store.RightCreateSubfolder); err != nil {
		return nil, err
	}
	if cp {
		if err := c.allowTree(fid, store.RightFolderVisible|store.RightReadAny, 0, new(int)); err != nil {
			return nil, err
		}
		return c.mb.CopyFolder(c.ctx, fid, dst, "", true)
	}
	if err := c.allow(fid, store.RightFolderOwner); err != nil {
		return nil, err
	}
	cur, err := c.mb.Folder(c.ctx, fid, []mapi.PropTag{mapi.PidTagDisplayName})
	if err != nil {
		return nil, err
	}
	if cur.Kind != 0 {
		return nil, errorf(ErrorMoveDistinguishedFolder, "Distinguished folders cannot be moved.")
	}
	return c.mb.MoveFolder(c.ctx, fid, dst, "")
}

// allowTree checks need on fid and every folder below it (to
// maxCrossDepth levels and maxCrossFolders folders; *n counts them).
func (c *call) allowTree(fid store.FID, need store.Rights, depth int, n *int) error {
	if depth > maxCrossDepth || *n >= maxCrossFolders {
		return errorf(ErrorMoveCopyFailed, "The folder tree is too large to be copied.")
	}
	*n++
	if err := c.allow(fid, need); err != nil {
		return err
	}
	subs, err := c.mb.Subfolders(c.ctx, fid)
	if err != nil {
		return err
	}
	for _, s := range subs {
		if err := c.allowTree(s, need, depth+1, n); err != nil {
			return err
		}
	}
	return nil
}

// moveFolderAcross copies folder fid of view sv's mailbox under dst of
// view dv's and, unless cp, deletes it from sv's.
func (c *call) moveFolderAcross(sv *call, fid store.FID, dv *call, dst store.FID, cp bool) (*store.Folder, error) {
	cur, err := sv.mb.Folder(c.ctx, fid, []mapi.PropTag{mapi.PidTagDisplayName})
	if err != nil {
		return nil, err
	}
	need := store.RightFolderVisible | store.RightReadAny
	if !cp {
		if cur.Kind != 0 {
			return nil, errorf(ErrorMoveDistinguishedFolder, "Distinguished folders cannot be moved.")
		}
		need |= store.RightFolderOwner
	}
	if err := sv.allowTree(fid, need, 0, new(int)); err != nil {
		return nil, err
	}
	n := 0
	f, err := sv.copyTree(fid, dv, dst, !cp, 0, &n)
	if err != nil {
		return nil, err
	}
	if !cp {
		if err := sv.mb.DeleteFolder(c.ctx, fid, &store.DeleteOptions{Hard: true, Recursive: true}); err != nil {
			dv.mb.DeleteFolder(c.ctx, f.ID, &store.DeleteOptions{Hard: true, Recursive: true})
			return nil, &Error{Code: ErrorMoveCopyFailed, Message: "The move or copy operation failed.", Err: err}
		}
	}
	return f, nil
}

// folderCopyTags are the folder properties a copy into another mailbox
// keeps.
var folderCopyTags = []mapi.PropTag{mapi.PidTagDisplayName, mapi.PidTagContainerClass, mapi.PidTagComment}

// copyTree copies folder fid of the view's mailbox, its messages and its
// subfolders under dst of view dv's mailbox. Private items the caller
// may not see (canViewPrivate) are left out of a copy and refuse a move
// (which would delete them).
func (c *call) copyTree(fid store.FID, dv *call, dst store.FID, move bool, depth int, n *int) (_ *store.Folder, err error) {
	if depth > maxCrossDepth || *n >= maxCrossFolders {
		return nil, errorf(ErrorMoveCopyFailed, "The folder tree is too large to be copied.")
	}
	*n++
	src, err := c.mb.Folder(c.ctx, fid, folderCopyTags)
	if err != nil {
		return nil, err
	}
	var props []mapi.PropValue
	for _, p := range src.Props {
		if p.Tag == mapi.PidTagDisplayName || p.Tag == mapi.PidTagContainerClass || p.Tag == mapi.PidTagComment {
			props = append(props, p)
		}
	}
	f, err := dv.mb.CreateFolder(c.ctx, dst, props, nil)
	if errors.Is(err, store.ErrExists) {
		return nil, &Error{Code: ErrorFolderExists, Message: "A folder with the specified name already exists.", Err: err}
	}
	if err != nil {
		return nil, err
	}
	if depth == 0 {
		defer func() {
			if err != nil {
				// No half copy is left behind.
				dv.mb.DeleteFolder(c.ctx, f.ID, &store.DeleteOptions{Hard: true, Recursive: true})
			}
		}()
	}
	for _, assoc := range []bool{false, true} {
		mids, err := c.folderMessagesOf(fid, assoc)
		if err != nil {
			return nil, err
		}
		for _, mid := range mids {
			m, err := c.mb.Message(c.ctx, mid, nil)
			if err != nil {
				return nil, err
			}
			if v, _ := getInt(m.Props, mapi.PidTagSensitivity); v == sensitivityPrivate {
				ok, err := c.canViewPrivate()
				if err != nil {
					return nil, err
				}
				if !ok && move {
					return nil, errDenied()
				}
				if !ok {
					continue
				}
			}
			nm, err := c.copyMessageTo(dv.mb, m, 0)
			if err != nil {
				return nil, err
			}
			nm.Associated, nm.Read = m.Info.Associated, m.Info.Read
			dv.stampCreator(nm)
			if _, err := dv.mb.CreateMessage(c.ctx, f.ID, nm); err != nil {
				return nil, err
			}
		}
	}
	subs, err := c.mb.Subfolders(c.ctx, fid)
	if err != nil {
		return nil, err
	}
	for _, s := range subs {
		if _, err := c.copyTree(s, dv, f.ID, move, depth+1, n); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// folderMessagesOf lists the normal or associated messages of fid.
func (c *call) folderMessagesOf(fid store.FID, assoc bool) ([]store.MID, error) {
	t, ok := c.mb.(store.Tables)
	if !ok {
		return nil, errorf(ErrorMoveCopyFailed, "The store cannot list folder contents.")
	}
	r, err := t.QueryMessages(c.ctx, fid, &store.Query{Associated: assoc})
	if err != nil {
		return nil, err
	}
	out := make([]store.MID, 0, len(r.Rows))
	for _, row := range r.Rows {
		out = append(out, row.Message)
	}
	return out, nil
}

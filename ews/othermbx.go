package ews

import (
	"encoding/hex"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Operations on another user's mailbox beyond the one-mailbox requests
// of perms_access.go ([MS-OXWSDLGM] 1.3, [MS-OXCPERM] 1.3): moving and
// copying between mailboxes (othermbx_move.go), SyncFolderHierarchy
// (only visible folders, sync state tied to the mailbox), subscriptions
// to another user's folders and ConvertId of another mailbox's IDs.
//
// A view is a call addressing one mailbox for the same caller and
// request: acc is nil for the caller's own mailbox, else set as
// selectMailbox sets it. Views resolve IDs and check rights; they never
// write the response (their writer is their own).

// viewOf returns a view of mb, in which every folder the request names
// must grant need (see opAccess) when mb is another user's.
func (c *call) viewOf(mb store.Mailbox, need store.Rights) *call {
	info := mb.Info()
	v := &call{h: c.h, ctx: c.ctx, req: c.req, user: c.user, mb: mb, guid: info.MailboxGUID, guidSet: true}
	if !c.isSelf(info.Owner) {
		v.acc = &access{owner: info.Owner, need: need, rights: map[store.FID]store.Rights{}}
	}
	return v
}

// viewByGUID returns a view of the mailbox whose MailboxGUID is g (the
// caller's own or another user's); notFound is the error when there is
// none.
func (c *call) viewByGUID(g mapi.GUID, need store.Rights, notFound ResponseCode) (*call, error) {
	own, err := c.h.Store.OpenMailbox(c.ctx, c.user)
	if err != nil {
		return nil, err
	}
	if own.Info().MailboxGUID == g {
		return c.viewOf(own, need), nil
	}
	mb := c.h.mailboxByGUID(c, g)
	if mb == nil {
		return nil, errorf(notFound, "The specified object was not found in the store.")
	}
	return c.viewOf(mb, need), nil
}

// viewByAddress returns a view of the mailbox of addr ("" or the
// caller's address: the caller's own).
func (c *call) viewByAddress(addr string, need store.Rights) (*call, error) {
	owner := c.user
	if addr != "" && !c.isSelf(addr) {
		owner = addr
		if smtp, _, ok := c.canonicalUser(addr); ok {
			owner = smtp
		}
	}
	mb, err := c.h.Store.OpenMailbox(c.ctx, owner)
	if err != nil {
		return nil, &Error{Code: "ErrorNonExistentMailbox", Message: "No mailbox with SMTP address " + addr + " exists.", Err: err}
	}
	c.h.owners.Store(mb.Info().MailboxGUID, mb.Info().Owner)
	return c.viewOf(mb, need), nil
}

// resolveFolderIn resolves a FolderId or DistinguishedFolderId of any
// mailbox the caller may reach: the view of that mailbox (with need on
// the folder when it is another user's) and the folder.
func (c *call) resolveFolderIn(e *etree.Element, need store.Rights) (*call, store.FID, error) {
	var v *call
	var err error
	switch e.Tag {
	case "FolderId":
		g, ok := idMailbox(attr(e, "Id"))
		if !ok {
			if _, err := ParseObjectID(attr(e, "Id")); err != nil {
				return nil, 0, err
			}
			return nil, 0, errorf(ErrorInvalidIdMalformed, "Id is malformed.")
		}
		v, err = c.viewByGUID(g, need, ErrorFolderNotFound)
	case "DistinguishedFolderId":
		addr := ""
		if m := child(e, "Mailbox"); m != nil {
			addr = childText(m, "EmailAddress")
		}
		v, err = c.viewByAddress(addr, need)
	default:
		return nil, 0, errorf(ErrorInvalidIdMalformed, "%s is not a folder ID.", e.Tag)
	}
	if err != nil {
		return nil, 0, err
	}
	fid, err := v.resolveFolder(e)
	return v, fid, err
}

// sameMailbox reports whether two views address the same mailbox.
func sameMailbox(a, b *call) bool { return a.mailboxGUID() == b.mailboxGUID() }

// withGUID runs write with the IDs it writes naming mailbox g (the
// response's own writer, another mailbox's IDs).
func (c *call) withGUID(g mapi.GUID, write func()) {
	guid, set := c.guid, c.guidSet
	c.guid, c.guidSet = g, true
	write()
	c.guid, c.guidSet = guid, set
}

// hierarchyVisible filters a SyncFolderHierarchy change of another
// user's mailbox: keep is whether to report it; asDelete whether to
// report a folder the caller may no longer see as deleted (a change to a
// folder that was reported before, [MS-OXWSSYNC] 3.1.4.1 Delete).
func (c *call) hierarchyVisible(fid store.FID, kind store.ChangeKind) (keep, asDelete bool) {
	if c.acc == nil || c.allow(fid, store.RightFolderVisible) == nil {
		return true, false
	}
	return false, kind == store.ChangeModify
}

// syncOther is the mailbox GUID the sync tokens of this request carry:
// nil for the caller's own mailbox (sync.go).
func (c *call) syncOther() *mapi.GUID {
	if c.acc == nil {
		return nil
	}
	g := c.mailboxGUID()
	return &g
}

// writeEventsOf writes the events of a subscription to mailbox g (zero:
// the caller's own) with IDs of that mailbox.
func (c *call) writeEventsOf(g mapi.GUID, qs []queuedEvent) {
	write := func() {
		for _, q := range qs {
			c.writeEvent(q)
		}
	}
	if g == (mapi.GUID{}) {
		write()
		return
	}
	c.withGUID(g, write)
}

// alternateIDView returns the view of the mailbox an AlternateId of
// format names (ConvertId, [MS-OXWSCORE] 3.1.4.3): the ObjectID's
// mailbox GUID, or an entry ID's provider UID (the MailboxGUID, see
// store.FolderEntryID). own (the caller's view, c) when the ID is
// malformed, names the caller's mailbox or one this store does not
// have, so parseAlternateID answers as for the caller's own.
func (c *call) alternateIDView(own store.Mailbox, format, s string) *call {
	var g mapi.GUID
	switch format {
	case "EwsId", "EwsLegacyId":
		id, err := ParseObjectID(s)
		if err != nil {
			return c
		}
		g = id.Mailbox
	case "EntryId", "StoreId", "OwaId", "HexEntryId":
		var eid []byte
		var err error
		if format == "HexEntryId" {
			eid, err = hex.DecodeString(s)
		} else {
			eid, err = base64StdDecode(s)
		}
		if err != nil {
			return c
		}
		if f, err := mapi.ParseFolderEntryID(eid); err == nil && len(eid) == mapi.FolderEntryIDSize {
			g = f.ProviderUID
		} else if m, err := mapi.ParseMessageEntryID(eid); err == nil {
			g = m.ProviderUID
		} else {
			return c
		}
	default:
		return c
	}
	if g == own.Info().MailboxGUID {
		return c
	}
	mb := c.h.mailboxByGUID(c, g)
	if mb == nil {
		return c
	}
	return c.viewOf(mb, store.RightFolderVisible)
}

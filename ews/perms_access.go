package ews

import (
	"encoding/base64"
	"strings"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Access to another user's mailbox (delegate and shared-folder access,
// [MS-OXWSDLGM] 1.3, [MS-OXCPERM] 1.3): a request of one of
// delegateOps that names another mailbox — a DistinguishedFolderId with
// t:Mailbox, or FolderIds/ItemIds whose ObjectID carries that mailbox's
// GUID — runs against that mailbox (call.mb) with call.acc set, and
// every folder and item it touches is checked against the folder's
// permissions for the caller (store.PermissionStore, the caller's row or
// the Default row). A request addresses one mailbox: mixing the caller's
// own folders with another user's answers ErrorInvalidOperation.
//
// The own-mailbox path costs one map lookup per request plus the scan of
// the request's IDs (a base64 decode of 24 characters per ID); every
// check is a nil test of call.acc.

// opAccess is what an operation needs of the folders it names in another
// user's mailbox.
type opAccess struct {
	// folder is the right every folder the request names must grant
	// (0: none beyond the item checks).
	folder store.Rights
}

// delegateOps are the operations that may address another user's
// mailbox, with the right each named folder must grant. Item operations
// check each item too (allowItem).
var delegateOps = map[string]opAccess{
	"GetFolder":          {store.RightFolderVisible},
	"FindFolder":         {store.RightFolderVisible},
	"FindItem":           {store.RightReadAny},
	"GetItem":            {store.RightFolderVisible},
	"CreateItem":         {store.RightCreate},
	"UpdateItem":         {store.RightFolderVisible},
	"DeleteItem":         {store.RightFolderVisible},
	"MoveItem":           {store.RightCreate},
	"CopyItem":           {store.RightCreate},
	"CreateFolder":       {store.RightCreateSubfolder},
	"UpdateFolder":       {store.RightFolderOwner},
	"DeleteFolder":       {store.RightFolderOwner},
	"EmptyFolder":        {store.RightFolderOwner},
	"MarkAllItemsAsRead": {store.RightReadAny},
	"SyncFolderItems":    {store.RightReadAny},
	"GetAttachment":      {store.RightFolderVisible},
	"CreateAttachment":   {store.RightFolderVisible},
	"DeleteAttachment":   {store.RightFolderVisible},
	"SendItem":           {store.RightFolderVisible},
	// othermbx.go: SyncFolderHierarchy lists only visible folders;
	// MoveFolder and CopyFolder check the source and target rights
	// themselves; Subscribe needs ReadAny on every folder it watches.
	"SyncFolderHierarchy": {store.RightFolderVisible},
	"MoveFolder":          {store.RightFolderVisible},
	"CopyFolder":          {store.RightFolderVisible},
	"Subscribe":           {store.RightReadAny},
}

// access is the state of a request against another user's mailbox.
type access struct {
	owner string // the mailbox owner's address
	need  store.Rights
	// rights caches the caller's rights per folder for the request.
	rights map[store.FID]store.Rights
	// private is whether the caller may see private items: 0 not known
	// yet, 1 yes, -1 no.
	private int8
}

// errDenied is the per-item answer of a failed permission check.
func errDenied() *Error {
	return errorf(ErrorAccessDenied, "Access is denied. Check credentials and try again.")
}

// idMailbox returns the mailbox GUID of an ObjectID's wire form without
// decoding the rest (the first 24 base64 characters hold version, kind
// and GUID).
func idMailbox(s string) (mapi.GUID, bool) {
	var g mapi.GUID
	if len(s) < 24 || len(s) > maxIDChars {
		return g, false
	}
	var b [18]byte
	n, err := base64.StdEncoding.Decode(b[:], []byte(s[:24]))
	if err != nil || n != 18 || b[0] != idVersion {
		return g, false
	}
	copy(g[:], b[2:18])
	return g, true
}

// selectMailbox scans the request for references to another user's
// mailbox and, if there are any, makes it the request's mailbox. Called
// once per request by call.mailbox with c.mb the caller's own.
func (c *call) selectMailbox() error {
	need, ok := delegateOps[c.req.Operation]
	if !ok {
		return nil
	}
	own := c.mailboxGUID()
	var (
		sawOwn  bool
		guid    mapi.GUID
		hasGUID bool
		addr    string
		mixed   bool
	)
	foreignGUID := func(g mapi.GUID) {
		if g == own {
			sawOwn = true
			return
		}
		if hasGUID && g != guid {
			mixed = true
		}
		guid, hasGUID = g, true
	}
	var walk func(e *etree.Element, depth int)
	walk = func(e *etree.Element, depth int) {
		for _, t := range e.Child {
			el, ok := t.(*etree.Element)
			if !ok {
				continue
			}
			switch el.Tag {
			case "FolderId", "ItemId", "ParentItemId", "AttachmentId", "ReferenceItemId":
				if g, ok := idMailbox(attr(el, "Id")); ok {
					foreignGUID(g)
				}
			case "OccurrenceItemId":
				if g, ok := idMailbox(attr(el, "RecurringMasterId")); ok {
					foreignGUID(g)
				}
			case "RecurringMasterItemId":
				if g, ok := idMailbox(attr(el, "OccurrenceId")); ok {
					foreignGUID(g)
				}
			case "DistinguishedFolderId":
				a := ""
				if m := child(el, "Mailbox"); m != nil {
					a = childText(m, "EmailAddress")
				}
				switch {
				case a == "" || c.isSelf(a):
					sawOwn = true
				case addr != "" && !strings.EqualFold(addr, a):
					mixed = true
				default:
					addr = a
				}
			default:
				if depth < 16 {
					walk(el, depth+1)
				}
			}
		}
	}
	walk(c.req.Body, 0)
	if !hasGUID && addr == "" {
		return nil
	}
	if (mixed || sawOwn) && crossOps[c.req.Operation] {
		// Moving or copying between mailboxes (othermbx_move.go): each
		// ID is resolved in its own mailbox.
		c.cross = true
		return nil
	}
	if mixed || sawOwn {
		return &Fault{Code: ErrorInvalidOperation, Message: "A request can address only one mailbox; moving or copying between mailboxes is not supported by this server."}
	}
	var mb store.Mailbox
	var err error
	if addr != "" {
		owner := addr
		if dir, ok := c.h.Store.(store.Directory); ok {
			if e, err := dir.LookupUser(c.ctx, addr); err == nil {
				owner = e.SMTPAddress
			}
		}
		mb, err = c.h.Store.OpenMailbox(c.ctx, owner)
		if err != nil {
			return &Fault{Code: "ErrorNonExistentMailbox", Message: "No mailbox with SMTP address " + addr + " exists.", Err: err}
		}
		c.h.owners.Store(mb.Info().MailboxGUID, mb.Info().Owner)
		if hasGUID && mb.Info().MailboxGUID != guid {
			return &Fault{Code: ErrorInvalidOperation, Message: "A request can address only one mailbox."}
		}
	} else if mb = c.h.mailboxByGUID(c, guid); mb == nil {
		// Not a mailbox of this store: the IDs answer not found as
		// before.
		return nil
	}
	c.mb = mb
	c.guid, c.guidSet = mb.Info().MailboxGUID, true
	c.acc = &access{owner: mb.Info().Owner, need: need.folder, rights: map[store.FID]store.Rights{}}
	return nil
}

// mailboxByGUID opens the mailbox whose MailboxGUID is g: from the
// Handler's cache, else by opening the mailbox of every user of the
// directory (and caching what it learns). nil if there is none.
func (h *Handler) mailboxByGUID(c *call, g mapi.GUID) store.Mailbox {
	if v, ok := h.owners.Load(g); ok {
		if mb, err := h.Store.OpenMailbox(c.ctx, v.(string)); err == nil && mb.Info().MailboxGUID == g {
			return mb
		}
		h.owners.Delete(g)
	}
	dir, ok := h.Store.(store.Directory)
	if !ok {
		return nil
	}
	entries, _, err := dir.ListEntries(c.ctx, 0, 0)
	if err != nil {
		return nil
	}
	for _, e := range entries {
		if e.Kind != store.EntryUser {
			continue
		}
		mb, err := h.Store.OpenMailbox(c.ctx, e.SMTPAddress)
		if err != nil {
			continue
		}
		h.owners.Store(mb.Info().MailboxGUID, mb.Info().Owner)
		if mb.Info().MailboxGUID == g {
			return mb
		}
	}
	return nil
}

// isTarget reports whether addr names the mailbox the request addresses:
// the caller's own, or the other user's selected by selectMailbox.
func (c *call) isTarget(addr string) bool {
	if c.acc == nil {
		return c.isSelf(addr)
	}
	if strings.EqualFold(addr, c.acc.owner) {
		return true
	}
	if dir, ok := c.h.Store.(store.Directory); ok {
		if e, err := dir.LookupUser(c.ctx, addr); err == nil && strings.EqualFold(e.SMTPAddress, c.acc.owner) {
			return true
		}
	}
	return false
}

// folderRights returns the caller's rights on folder fid of another
// user's mailbox ([MS-OXCPERM] 2.2.7: the caller's row, else the Default
// row). A store without store.PermissionStore grants nothing.
func (c *call) folderRights(fid store.FID) (store.Rights, error) {
	if r, ok := c.acc.rights[fid]; ok {
		return r, nil
	}
	var r store.Rights
	if ps, ok := c.mb.(store.PermissionStore); ok {
		perms, err := ps.FolderPermissions(c.ctx, fid)
		if err != nil {
			return 0, err
		}
		r = store.MemberRights(perms, c.user)
	}
	c.acc.rights[fid] = r
	return r, nil
}

// allow is the permission check of the folder operations: nil for the
// caller's own mailbox, else whether the caller's rights on fid include
// need.
func (c *call) allow(fid store.FID, need store.Rights) error {
	if c.acc == nil || need == 0 {
		return nil
	}
	r, err := c.folderRights(fid)
	if err != nil {
		return err
	}
	if !r.Has(need) {
		return errDenied()
	}
	return nil
}

// allowFolder checks the right the request's operation needs on every
// folder it names (delegateOps).
func (c *call) allowFolder(fid store.FID) error {
	if c.acc == nil {
		return nil
	}
	return c.allow(fid, c.acc.need)
}

// allowItem is the permission check of the item operations: nil for the
// caller's own mailbox, else whether the caller's rights on the item's
// folder include anyRights, or ownRights (when non-zero) for an item the
// caller created (PidTagCreatorEntryId, stamped by stampCreator).
func (c *call) allowItem(fid store.FID, mid store.MID, anyRights, ownRights store.Rights) error {
	if c.acc == nil {
		return nil
	}
	r, err := c.folderRights(fid)
	if err != nil {
		return err
	}
	if r.Has(anyRights) {
		return nil
	}
	if ownRights != 0 && r.Has(ownRights) {
		m, err := c.mb.Message(c.ctx, mid, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagCreatorEntryId}})
		if err != nil {
			return err
		}
		if b, ok := getBytes(m.Props, mapi.PidTagCreatorEntryId); ok {
			if e, err := mapi.ParseOneOffEntryID(b); err == nil && strings.EqualFold(e.EmailAddress, c.user) {
				return nil
			}
		}
	}
	return errDenied()
}

// allowCreate checks that an item may be created in fid with message
// disposition disp: in another user's mailbox with the Create right;
// sending from there is sending on behalf of the owner, allowed to her
// delegates (onbehalf.go).
func (c *call) allowCreate(fid store.FID, disp string) error {
	if c.acc == nil {
		return nil
	}
	if disp != "" && disp != "SaveOnly" {
		if _, err := c.allowSendFrom(c.acc.owner); err != nil { // sendas.go
			return err
		}
		if disp == "SendOnly" || fid == 0 {
			return nil // nothing is saved there (0: the caller's own Sent Items)
		}
	}
	return c.allow(fid, store.RightCreate)
}

// stampCreator records the caller as the creator of an item created in
// another user's mailbox (PidTagCreatorEntryId, [MS-OXCMSG] 2.2.1.31, as
// a one-off entry ID of the caller's SMTP address), which is what the
// EditOwned and DeleteOwned rights test.
func (c *call) stampCreator(m *store.Message) {
	if c.acc == nil {
		return
	}
	b, err := mapi.NewOneOffEntryID(c.user, "SMTP", c.user, 0).AppendBinary(nil)
	if err != nil {
		return
	}
	setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagCreatorEntryId, Value: b})
}

// visibleFolders keeps the folders of fids the caller may see
// (FolderVisible) in another user's mailbox.
func (c *call) visibleFolders(fids []store.FID) []store.FID {
	if c.acc == nil {
		return fids
	}
	out := fids[:0]
	for _, f := range fids {
		if c.allow(f, store.RightFolderVisible) == nil {
			out = append(out, f)
		}
	}
	return out
}

// writeEffectiveRights writes t:EffectiveRights ([MS-OXWSCDATA]
// 2.2.4.29 EffectiveRightsType) of folder fid: everything in the
// caller's own mailbox, the permission bits in another user's.
func (c *call) writeEffectiveRights(fid store.FID) error {
	if c.acc == nil {
		c.w.raw(`<t:EffectiveRights><t:CreateAssociated>true</t:CreateAssociated><t:CreateContents>true</t:CreateContents>` +
			`<t:CreateHierarchy>true</t:CreateHierarchy><t:Delete>true</t:Delete><t:Modify>true</t:Modify>` +
			`<t:Read>true</t:Read><t:ViewPrivateItems>true</t:ViewPrivateItems></t:EffectiveRights>`)
		return nil
	}
	r, err := c.folderRights(fid)
	if err != nil {
		return err
	}
	owner := r.Has(store.RightFolderOwner)
	mark := len(c.w.b)
	c.w.open("t:EffectiveRights")
	c.w.elemBool("t:CreateAssociated", owner)
	c.w.elemBool("t:CreateContents", r.Has(store.RightCreate))
	c.w.elemBool("t:CreateHierarchy", r.Has(store.RightCreateSubfolder))
	c.w.elemBool("t:Delete", owner)
	c.w.elemBool("t:Modify", owner)
	c.w.elemBool("t:Read", r.Has(store.RightReadAny))
	private, err := c.canViewPrivate()
	if err != nil {
		c.w.b = c.w.b[:mark]
		return err
	}
	c.w.elemBool("t:ViewPrivateItems", private)
	c.w.close("t:EffectiveRights")
	return nil
}

// sensitivityPrivate is PidTagSensitivity's value for private items
// ([MS-OXCMSG] 2.2.1.13).
const sensitivityPrivate = 2

// canViewPrivate reports whether the caller may see the private items of
// the mailbox the request addresses: always in the caller's own; in
// another user's only as a delegate with ViewPrivateItems
// ([MS-OXWSDLGM] 2.2.4.3, PidTagDelegateFlags of [MS-OXODLGT]
// 2.2.2.2.6).
func (c *call) canViewPrivate() (bool, error) {
	if c.acc == nil {
		return true, nil
	}
	if c.acc.private == 0 {
		d, err := c.loadDelegates()
		if err != nil {
			return false, err
		}
		c.acc.private = -1
		if i := d.find(c.user); i >= 0 && d.users[i].viewPrivate {
			c.acc.private = 1
		}
	}
	return c.acc.private > 0, nil
}

// privateFilter adds "not private" to a FindItem restriction when the
// caller may not see private items.
func (c *call) privateFilter(res mapi.Restriction) (mapi.Restriction, error) {
	if c.acc == nil {
		return res, nil
	}
	ok, err := c.canViewPrivate()
	if err != nil || ok {
		return res, err
	}
	notPrivate := mapi.NotRestriction{Restriction: mapi.PropertyRestriction{RelOp: mapi.RelOpEqual, PropTag: mapi.PidTagSensitivity,
		Value: mapi.PropValue{Tag: mapi.PidTagSensitivity, Value: int32(sensitivityPrivate)}}}
	if res == nil {
		return notPrivate, nil
	}
	return mapi.AndRestriction{Restricts: []mapi.Restriction{res, notPrivate}}, nil
}

// allowRead is the check of GetItem: ReadAny on the item's folder and,
// for a private item, the right to see private items.
func (c *call) allowRead(fid store.FID, mid store.MID) error {
	if c.acc == nil {
		return nil
	}
	if err := c.allowItem(fid, mid, store.RightReadAny, 0); err != nil {
		return err
	}
	ok, err := c.canViewPrivate()
	if err != nil || ok {
		return err
	}
	m, err := c.mb.Message(c.ctx, mid, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagSensitivity}})
	if err != nil {
		return err
	}
	if v, _ := getInt(m.Props, mapi.PidTagSensitivity); v == sensitivityPrivate {
		return errDenied()
	}
	return nil
}

// targetOwner returns the address of the owner of the mailbox the
// request addresses (the caller's own, or another user's).
func (c *call) targetOwner() string {
	if c.acc != nil {
		return c.acc.owner
	}
	return c.user
}

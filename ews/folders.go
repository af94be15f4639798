package ews

import (
	"errors"
	"strconv"
	"strings"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Folder fields ([MS-OXWSFOLD] 2.2.4.1 BaseFolderType), in schema order.
const (
	ffFolderID uint32 = 1 << iota
	ffParentFolderID
	ffFolderClass
	ffDisplayName
	ffTotalCount
	ffChildFolderCount
	ffEffectiveRights
	ffDistinguishedFolderID
	ffUnreadCount
	ffPermissionSet // perms.go
)

var folderFieldURIs = map[string]uint32{
	"folder:folderid":              ffFolderID,
	"folder:parentfolderid":        ffParentFolderID,
	"folder:folderclass":           ffFolderClass,
	"folder:displayname":           ffDisplayName,
	"folder:totalcount":            ffTotalCount,
	"folder:childfoldercount":      ffChildFolderCount,
	"folder:effectiverights":       ffEffectiveRights,
	"folder:distinguishedfolderid": ffDistinguishedFolderID,
	"folder:unreadcount":           ffUnreadCount,
	"folder:permissionset":         ffPermissionSet,
}

// folderShape is a parsed FolderShape ([MS-OXWSFOLD] 2.2.4.2
// FolderResponseShapeType).
type folderShape struct {
	fields uint32
	ext    []*extProp
}

func (c *call) parseFolderShape(e *etree.Element) (*folderShape, error) {
	s := &folderShape{}
	switch childText(e, "BaseShape") {
	case "IdOnly":
		s.fields = ffFolderID
	case "Default", "":
		s.fields = ffFolderID | ffDisplayName | ffTotalCount | ffChildFolderCount | ffUnreadCount
	case "AllProperties":
		s.fields = ffFolderID | ffParentFolderID | ffFolderClass | ffDisplayName | ffTotalCount | ffChildFolderCount | ffEffectiveRights | ffUnreadCount | ffPermissionSet
	default:
		return nil, &Fault{Code: ErrorSchemaValidation, Message: "BaseShape is not valid."}
	}
	if add := child(e, "AdditionalProperties"); add != nil {
		for _, p := range add.ChildElements() {
			pp, err := parsePath(p)
			if err != nil {
				return nil, err
			}
			switch pp.kind {
			case pathField:
				f, ok := folderFieldURIs[pp.uri]
				if !ok {
					// Item fields and unknown folder fields are ignored
					// rather than failing the folder request.
					continue
				}
				s.fields |= f
			case pathExtended:
				x := pp.ext
				s.ext = append(s.ext, &x)
			}
		}
	}
	if err := c.resolveNamed(s.ext, false); err != nil {
		return nil, err
	}
	return s, nil
}

// folderTags are the properties a folder response reads.
func (s *folderShape) tags() []mapi.PropTag {
	t := []mapi.PropTag{mapi.PidTagChangeKey, mapi.PidTagDisplayName, mapi.PidTagContainerClass,
		mapi.PidTagContentCount, mapi.PidTagContentUnreadCount}
	for _, x := range s.ext {
		if x.resolved != 0 {
			t = append(t, x.resolved)
		}
	}
	return t
}

// folderElement returns the element name for a folder of class cls.
func folderElement(cls string) string {
	switch {
	case hasClassPrefix(cls, "IPF.Appointment"):
		return "t:CalendarFolder"
	case hasClassPrefix(cls, "IPF.Contact"):
		return "t:ContactsFolder"
	case hasClassPrefix(cls, "IPF.Task"):
		return "t:TasksFolder"
	}
	return "t:Folder"
}

func hasClassPrefix(cls, prefix string) bool {
	return len(cls) >= len(prefix) && strings.EqualFold(cls[:len(prefix)], prefix) &&
		(len(cls) == len(prefix) || cls[len(prefix)] == '.')
}

// folderID writes <t:{name} Id=".." ChangeKey=".."/>.
func (c *call) writeFolderID(name string, fid store.FID, ck []byte) {
	c.w.b = append(c.w.b, '<')
	c.w.raw(name)
	c.w.raw(` Id="`)
	c.w.b = ObjectID{Kind: KindFolder, Mailbox: c.mailboxGUID(), Folder: fid}.AppendText(c.w.b)
	if ck != nil {
		c.w.raw(`" ChangeKey="`)
		c.w.b = appendChangeKey(c.w.b, ck)
	}
	c.w.raw(`"/>`)
}

// writeFolder writes one folder in shape s.
func (c *call) writeFolder(f *store.Folder, s *folderShape) error {
	cls, _ := getString(f.Props, mapi.PidTagContainerClass)
	el := folderElement(cls)
	c.w.open(el)
	ck, _ := getBytes(f.Props, mapi.PidTagChangeKey)
	if s.fields&ffFolderID != 0 {
		c.writeFolderID("t:FolderId", f.ID, ck)
	}
	if s.fields&ffParentFolderID != 0 && f.ParentID != 0 {
		c.writeFolderID("t:ParentFolderId", f.ParentID, nil)
	}
	if s.fields&ffFolderClass != 0 && cls != "" {
		c.w.elem("t:FolderClass", cls)
	}
	if s.fields&ffDisplayName != 0 {
		name, _ := getString(f.Props, mapi.PidTagDisplayName)
		c.w.elem("t:DisplayName", name)
	}
	if s.fields&ffTotalCount != 0 {
		n, _ := getInt(f.Props, mapi.PidTagContentCount)
		c.w.elemInt("t:TotalCount", n)
	}
	if s.fields&ffChildFolderCount != 0 {
		n, err := c.childFolderCount(f.ID) // softfolder.go
		if err != nil {
			return err
		}
		c.w.elemInt("t:ChildFolderCount", int64(n))
	}
	for _, x := range s.ext {
		if x.resolved == 0 {
			continue
		}
		if v := getExt(f.Props, x.resolved); v != nil {
			c.w.extendedProperty(x, folderExtValue(x, v))
		}
	}
	if s.fields&ffEffectiveRights != 0 {
		if err := c.writeEffectiveRights(f.ID); err != nil {
			return err
		}
	}
	if s.fields&ffDistinguishedFolderID != 0 {
		if n := distinguishedName(f.Kind); n != "" {
			c.w.elem("t:DistinguishedFolderId", n)
		}
	}
	if s.fields&ffPermissionSet != 0 {
		if err := c.writePermissionSet(f.ID, el); err != nil {
			return err
		}
	}
	if s.fields&ffUnreadCount != 0 && el != "t:CalendarFolder" && el != "t:ContactsFolder" {
		n, _ := getInt(f.Props, mapi.PidTagContentUnreadCount)
		c.w.elemInt("t:UnreadCount", n)
	}
	c.w.close(el)
	return nil
}

// resolveFolder turns a FolderId or DistinguishedFolderId element into a
// FID of the caller's mailbox.
func (c *call) resolveFolder(e *etree.Element) (store.FID, error) {
	mb, err := c.mailbox()
	if err != nil {
		return 0, err
	}
	switch e.Tag {
	case "FolderId":
		id, err := ParseObjectID(attr(e, "Id"))
		if err != nil {
			return 0, err
		}
		if id.Kind != KindFolder {
			return 0, errorf(ErrorInvalidIdMalformed, "Id is malformed: not a folder ID.")
		}
		if id.Mailbox != mb.Info().MailboxGUID {
			return 0, errorf(ErrorFolderNotFound, "The specified folder could not be found in the store.")
		}
		if k := recoverKindOf(id.Folder); k != 0 {
			return c.recoverResolve(k) // recover.go
		}
		return id.Folder, c.allowFolder(id.Folder)
	case "DistinguishedFolderId":
		if m := child(e, "Mailbox"); m != nil {
			if addr := childText(m, "EmailAddress"); addr != "" && !c.isTarget(addr) {
				// Another user's mailbox is only reachable through the
				// operations of delegateOps (perms_access.go).
				return 0, errorf(ErrorAccessDenied, "Access is denied to the mailbox of %s.", addr)
			}
		}
		name := attr(e, "Id")
		if k, ok := recoverNames[name]; ok {
			return c.recoverResolve(k) // recover.go
		}
		kind, ok := distinguished[name]
		if !ok {
			return 0, errorf(ErrorFolderNotFound, "The distinguished folder %q is not valid.", name)
		}
		if kind == 0 {
			return 0, errorf(ErrorFolderNotFound, "The specified folder could not be found in the store.")
		}
		fid, err := c.specialFolderFID(mb, kind) // wellknown.go
		if err != nil {
			return 0, toError(err, ErrorFolderNotFound)
		}
		return fid, c.allowFolder(fid)
	}
	return 0, errorf(ErrorInvalidIdMalformed, "%s is not a folder ID.", e.Tag)
}

// isSelf reports whether addr names the caller (compared
// case-insensitively, or through the directory for aliases).
func (c *call) isSelf(addr string) bool {
	if strings.EqualFold(addr, c.user) {
		return true
	}
	if dir, ok := c.h.Store.(store.Directory); ok {
		if e, err := dir.LookupUser(c.ctx, addr); err == nil && strings.EqualFold(e.SMTPAddress, c.user) {
			return true
		}
	}
	return false
}

// folderIDList returns the folder ID elements of a container
// (FolderIds, ParentFolderIds).
func folderIDList(e *etree.Element) []*etree.Element {
	if e == nil {
		return nil
	}
	var out []*etree.Element
	for _, c := range e.ChildElements() {
		if c.Tag == "FolderId" || c.Tag == "DistinguishedFolderId" {
			out = append(out, c)
		}
	}
	return out
}

// folderNotFound adapts store.ErrNotFound for folders.
func folderErr(err error) error { return toError(err, ErrorFolderNotFound) }

// getFolder implements GetFolder ([MS-OXWSFOLD] 3.1.4.6).
func (c *call) getFolder() error {
	body := c.req.Body
	shape, err := c.parseFolderShape(child(body, "FolderShape"))
	if err != nil {
		return err
	}
	if _, err := c.mailbox(); err != nil {
		return err
	}
	ids := folderIDList(child(body, "FolderIds"))
	c.responseStart("GetFolder")
	tags := shape.tags()
	for _, e := range ids {
		const name = "GetFolderResponseMessage"
		fid, err := c.resolveFolder(e)
		if err == nil && c.getRecoverFolder(name, fid, shape) { // recover.go
			continue
		}
		var f *store.Folder
		fs := shape
		if err == nil {
			if f, err = c.mb.Folder(c.ctx, fid, tags); err != nil {
				f, fs, err = c.softDeletedFolder(fid, tags, shape, err) // softfolder.go
			}
		}
		if err != nil {
			c.msgError(name, err, ErrorFolderNotFound)
			continue
		}
		mark := len(c.w.b)
		c.msgStart(name)
		c.w.open("m:Folders")
		if err := c.writeFolder(f, fs); err != nil {
			c.w.b = c.w.b[:mark]
			c.msgError(name, err, ErrorFolderNotFound)
			continue
		}
		c.w.close("m:Folders")
		c.msgEnd(name)
	}
	c.responseEnd("GetFolder")
	return nil
}

// pageView is an IndexedPageItemView / IndexedPageFolderView
// ([MS-OXWSSRCH] 2.2.4.14).
type pageView struct {
	max       int // 0: unbounded
	offset    int
	fromEnd   bool
	fractionN int // FractionalPageView numerator, 0 if none
	fractionD int
	calendar  bool // a CalendarView
}

func parsePageView(body *etree.Element, names ...string) (*pageView, error) {
	for _, n := range names {
		v := child(body, n)
		if v == nil {
			continue
		}
		p := &pageView{}
		if s := attr(v, "MaxEntriesReturned"); s != "" {
			m, err := strconv.Atoi(s)
			if err != nil || m < 1 {
				return nil, errorf(ErrorInvalidPagingMaxRows, "MaxEntriesReturned is not valid.")
			}
			p.max = m
		}
		switch n {
		case "FractionalPageItemView", "FractionalPageFolderView":
			num, err1 := strconv.Atoi(attr(v, "Numerator"))
			den, err2 := strconv.Atoi(attr(v, "Denominator"))
			if err1 != nil || err2 != nil || den <= 0 || num < 0 {
				return nil, &Fault{Code: ErrorSchemaValidation, Message: "FractionalPageView is not valid."}
			}
			p.fractionN, p.fractionD = num, den
		default:
			off, err := strconv.Atoi(attr(v, "Offset"))
			if err != nil || off < 0 {
				return nil, &Fault{Code: ErrorSchemaValidation, Message: "Offset is not valid."}
			}
			p.offset = off
		}
		p.fromEnd = attr(v, "BasePoint") == "End"
		return p, nil
	}
	return &pageView{}, nil
}

// window returns the row range [start, end) of the view over total rows.
func (p *pageView) window(total int) (int, int) {
	start := p.offset
	if p.fractionD > 0 {
		start = int(int64(total) * int64(p.fractionN) / int64(p.fractionD))
	}
	if p.fromEnd {
		// BasePoint End: Offset counts back from the last row.
		end := total - start
		if end < 0 {
			end = 0
		}
		s := 0
		if p.max > 0 && end-p.max > 0 {
			s = end - p.max
		}
		return s, end
	}
	if start > total {
		start = total
	}
	end := total
	if p.max > 0 && start+p.max < end {
		end = start + p.max
	}
	return start, end
}

// pagingAttrs writes the RootFolder attributes ([MS-OXWSSRCH] 2.2.4.10
// FindItemParentType / FindFolderParentType).
func (c *call) pagingAttrs(p *pageView, start, end, total int) {
	next := end
	if p.fromEnd {
		next = total - start
	}
	if p.fractionD > 0 {
		c.w.raw(` NumeratorOffset="`)
		c.w.b = strconv.AppendInt(c.w.b, int64(end), 10)
		c.w.raw(`" AbsoluteDenominator="`)
		c.w.b = strconv.AppendInt(c.w.b, int64(total), 10)
		c.w.raw(`"`)
	} else {
		c.w.raw(` IndexedPagingOffset="`)
		c.w.b = strconv.AppendInt(c.w.b, int64(next), 10)
		c.w.raw(`"`)
	}
	c.w.raw(` TotalItemsInView="`)
	c.w.b = strconv.AppendInt(c.w.b, int64(total), 10)
	c.w.raw(`" IncludesLastItemInRange="`)
	if (!p.fromEnd && end >= total) || (p.fromEnd && start == 0) {
		c.w.raw(`true"`)
	} else {
		c.w.raw(`false"`)
	}
}

// findFolder implements FindFolder ([MS-OXWSSRCH] 3.1.4.1).
func (c *call) findFolder() error {
	body := c.req.Body
	shape, err := c.parseFolderShape(child(body, "FolderShape"))
	if err != nil {
		return err
	}
	view, err := parsePageView(body, "IndexedPageFolderView", "FractionalPageFolderView")
	if err != nil {
		return err
	}
	traversal := attr(body, "Traversal")
	if traversal == "" {
		traversal = "Shallow"
	}
	if traversal != "Shallow" && traversal != "Deep" && traversal != "SoftDeleted" {
		return &Fault{Code: ErrorSchemaValidation, Message: "Traversal is not valid."}
	}
	var res mapi.Restriction
	if r := child(body, "Restriction"); r != nil {
		conv := &restrictionConv{c: c, folder: true}
		if res, err = conv.convert(r); err != nil {
			return err
		}
	}
	if _, err := c.mailbox(); err != nil {
		return err
	}
	if traversal == "SoftDeleted" {
		return c.findFolderSoftDeleted(folderIDList(child(body, "ParentFolderIds")), shape, view, res) // softfolder.go
	}
	c.responseStart("FindFolder")
	tags := shape.tags()
	for _, e := range folderIDList(child(body, "ParentFolderIds")) {
		const name = "FindFolderResponseMessage"
		if c.findRecoverFolders(name, e, res, view, shape) { // recover.go
			continue
		}
		fids, err := c.listFolders(e, traversal == "Deep", res)
		fids = c.visibleFolders(fids)
		if err != nil {
			c.msgError(name, err, ErrorFolderNotFound)
			continue
		}
		start, end := view.window(len(fids))
		mark := len(c.w.b)
		c.msgStart(name)
		c.w.raw(`<m:RootFolder`)
		c.pagingAttrs(view, start, end, len(fids))
		c.w.raw(`><t:Folders>`)
		for _, fid := range fids[start:end] {
			f, err := c.mb.Folder(c.ctx, fid, tags)
			if err == nil {
				err = c.writeFolder(f, shape)
			}
			if errors.Is(err, store.ErrNotFound) {
				continue // deleted while listing
			}
			if err != nil {
				c.w.b = c.w.b[:mark]
				c.msgError(name, err, ErrorFolderNotFound)
				goto next
			}
		}
		c.w.raw(`</t:Folders></m:RootFolder>`)
		c.msgEnd(name)
	next:
	}
	c.responseEnd("FindFolder")
	return nil
}

// listFolders returns the subfolders of the folder e names (the whole
// subtree when deep) matching res, in depth-first creation order.
func (c *call) listFolders(e *etree.Element, deep bool, res mapi.Restriction) ([]store.FID, error) {
	parent, err := c.resolveFolder(e)
	if err != nil {
		return nil, err
	}
	if t, ok := c.mb.(store.Tables); ok {
		r, err := t.QueryFolders(c.ctx, parent, &store.Query{Restriction: res, Recursive: deep})
		if err != nil {
			return nil, err
		}
		out := make([]store.FID, len(r.Rows))
		for i, row := range r.Rows {
			out[i] = row.Folder
		}
		return out, nil
	}
	if res != nil {
		return nil, errorf(ErrorInvalidOperation, "Folder restrictions need a store with table support.")
	}
	if _, err := c.mb.Folder(c.ctx, parent, []mapi.PropTag{mapi.PidTagDisplayName}); err != nil {
		return nil, err
	}
	var out []store.FID
	var walk func(store.FID, int) error
	walk = func(p store.FID, depth int) error {
		if depth > 64 {
			return nil
		}
		subs, err := c.mb.Subfolders(c.ctx, p)
		if err != nil {
			return err
		}
		for _, s := range subs {
			out = append(out, s)
			if deep {
				if err := walk(s, depth+1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return out, walk(parent, 0)
}

// folderProps converts a folder element of CreateFolder (or the folder
// of a SetFolderField) into properties.
func (c *call) folderProps(f *etree.Element) ([]mapi.PropValue, error) {
	var props []mapi.PropValue
	cls := ""
	switch f.Tag {
	case "CalendarFolder":
		cls = "IPF.Appointment"
	case "ContactsFolder":
		cls = "IPF.Contact"
	case "TasksFolder":
		cls = "IPF.Task"
	case "Folder", "SearchFolder":
	default:
		return nil, errorf(ErrorInvalidRequest, "%s is not a folder element.", f.Tag)
	}
	for _, e := range f.ChildElements() {
		switch e.Tag {
		case "FolderClass":
			cls = strings.TrimSpace(e.Text())
		case "DisplayName":
			props = append(props, mapi.PropValue{Tag: mapi.PidTagDisplayName, Value: e.Text()})
		case "ExtendedProperty":
			p, err := c.extendedValue(e)
			if err != nil {
				return nil, err
			}
			props = append(props, p)
		}
	}
	if cls != "" {
		props = append(props, mapi.PropValue{Tag: mapi.PidTagContainerClass, Value: cls})
	}
	return props, nil
}

// extendedValue parses <t:ExtendedProperty> into a property, mapping a
// named property (created if new).
func (c *call) extendedValue(e *etree.Element) (mapi.PropValue, error) {
	u := child(e, "ExtendedFieldURI")
	if u == nil {
		return mapi.PropValue{}, errorf(ErrorInvalidExtendedPropertyValue, "ExtendedProperty has no ExtendedFieldURI.")
	}
	x, err := parseExtended(u)
	if err != nil {
		return mapi.PropValue{}, err
	}
	if err := c.resolveNamed([]*extProp{&x}, true); err != nil {
		return mapi.PropValue{}, err
	}
	if x.resolved == 0 {
		return mapi.PropValue{}, errorf(ErrorInvalidPropertySet, "Named properties are not supported by this store.")
	}
	var v any
	if x.typ.IsMultiple() {
		var texts []string
		if vs := child(e, "Values"); vs != nil {
			for _, ve := range vs.ChildElements() {
				texts = append(texts, ve.Text())
			}
		}
		v, err = parseMulti(x.typ, texts)
	} else {
		v, err = parseValue(x.typ, childTextRaw(e, "Value"))
	}
	if err != nil {
		return mapi.PropValue{}, err
	}
	return mapi.PropValue{Tag: x.resolved, Value: v}, nil
}

// childTextRaw returns the untrimmed text of e's child name.
func childTextRaw(e *etree.Element, name string) string {
	if c := child(e, name); c != nil {
		return c.Text()
	}
	return ""
}

// createFolder implements CreateFolder ([MS-OXWSFOLD] 3.1.4.2).
func (c *call) createFolder() error {
	body := c.req.Body
	pe := child(body, "ParentFolderId")
	var parentEl *etree.Element
	if ids := folderIDList(pe); len(ids) > 0 {
		parentEl = ids[0]
	} else {
		return &Fault{Code: ErrorSchemaValidation, Message: "CreateFolder needs a ParentFolderId."}
	}
	if _, err := c.mailbox(); err != nil {
		return err
	}
	parent, perr := c.resolveFolder(parentEl)
	c.responseStart("CreateFolder")
	fs := child(body, "Folders")
	if fs != nil {
		for _, f := range fs.ChildElements() {
			const name = "CreateFolderResponseMessage"
			if perr != nil {
				c.msgError(name, perr, ErrorFolderNotFound)
				continue
			}
			if d := child(f, "DistinguishedFolderId"); d != nil {
				nf, err := c.createWellKnownFolder(f, d) // wellknown.go
				if err != nil {
					c.msgError(name, err, ErrorFolderNotFound)
					continue
				}
				c.folderIDOnly(name, nf)
				continue
			}
			props, err := c.folderProps(f)
			if err != nil {
				c.msgError(name, err, ErrorFolderNotFound)
				continue
			}
			if dn, _ := getString(props, mapi.PidTagDisplayName); strings.TrimSpace(dn) == "" {
				c.msgError(name, errorf(ErrorInvalidRequest, "A folder needs a display name."), ErrorFolderNotFound)
				continue
			}
			perms, err := c.folderPermissionSet(f, props)
			if err != nil {
				c.msgError(name, err, ErrorFolderNotFound)
				continue
			}
			nf, err := c.mb.CreateFolder(c.ctx, parent, props, nil)
			if err == nil && perms != nil {
				err = c.setPermissions(nf.ID, perms)
			}
			if err != nil {
				c.msgError(name, err, ErrorFolderNotFound)
				continue
			}
			c.msgStart(name)
			el := folderElement(func() string { s, _ := getString(props, mapi.PidTagContainerClass); return s }())
			c.w.raw(`<m:Folders><` + el + `>`)
			ck, _ := getBytes(nf.Props, mapi.PidTagChangeKey)
			c.writeFolderID("t:FolderId", nf.ID, ck)
			c.w.raw(`</` + el + `></m:Folders>`)
			c.msgEnd(name)
		}
	}
	c.responseEnd("CreateFolder")
	return nil
}

// folderIDOnly writes a response message holding just the folder's ID.
func (c *call) folderIDOnly(name string, f *store.Folder) {
	c.msgStart(name)
	cls, _ := getString(f.Props, mapi.PidTagContainerClass)
	el := folderElement(cls)
	c.w.raw(`<m:Folders><` + el + `>`)
	ck, _ := getBytes(f.Props, mapi.PidTagChangeKey)
	c.writeFolderID("t:FolderId", f.ID, ck)
	c.w.raw(`</` + el + `></m:Folders>`)
	c.msgEnd(name)
}

// updateFolder implements UpdateFolder ([MS-OXWSFOLD] 3.1.4.8).
func (c *call) updateFolder() error {
	body := c.req.Body
	if _, err := c.mailbox(); err != nil {
		return err
	}
	c.responseStart("UpdateFolder")
	if changes := child(body, "FolderChanges"); changes != nil {
		for _, ch := range changes.ChildElements() {
			const name = "UpdateFolderResponseMessage"
			f, err := c.applyFolderChange(ch)
			if err != nil {
				c.msgError(name, err, ErrorFolderNotFound)
				continue
			}
			c.folderIDOnly(name, f)
		}
	}
	c.responseEnd("UpdateFolder")
	return nil
}

func (c *call) applyFolderChange(ch *etree.Element) (*store.Folder, error) {
	var fid store.FID
	var ck []byte
	found := false
	for _, e := range ch.ChildElements() {
		if e.Tag == "FolderId" || e.Tag == "DistinguishedFolderId" {
			var err error
			if fid, err = c.resolveFolder(e); err != nil {
				return nil, err
			}
			if s := attr(e, "ChangeKey"); s != "" && e.Tag == "FolderId" {
				if ck, err = decodeChangeKey(s); err != nil {
					return nil, err
				}
			}
			found = true
		}
	}
	if !found {
		return nil, errorf(ErrorInvalidIdMalformed, "FolderChange has no folder ID.")
	}
	var set []mapi.PropValue
	var remove []mapi.PropTag
	var perms []store.PermissionChange // perms.go
	if ups := child(ch, "Updates"); ups != nil {
		for _, u := range ups.ChildElements() {
			var path *etree.Element
			var folderEl *etree.Element
			for _, e := range u.ChildElements() {
				switch e.Tag {
				case "FieldURI", "IndexedFieldURI", "ExtendedFieldURI":
					path = e
				default:
					folderEl = e
				}
			}
			if path == nil {
				return nil, errorf(ErrorInvalidPropertyRequest, "An update needs a property path.")
			}
			pp, err := parsePath(path)
			if err != nil {
				return nil, err
			}
			switch u.Tag {
			case "SetFolderField", "AppendToFolderField":
				if folderEl == nil {
					return nil, errorf(ErrorIncorrectUpdatePropertyCount, "An object within a change description must contain one and only one property to modify.")
				}
				if pp.kind == pathField && pp.uri == "folder:permissionset" {
					if perms, err = c.updatePermissionSet(fid, folderEl); err != nil {
						return nil, err
					}
					continue
				}
				props, err := c.folderProps(folderEl)
				if err != nil {
					return nil, err
				}
				if len(props) != 1 {
					return nil, errorf(ErrorIncorrectUpdatePropertyCount, "An object within a change description must contain one and only one property to modify.")
				}
				set = append(set, props[0])
			case "DeleteFolderField":
				switch {
				case pp.kind == pathExtended:
					x := pp.ext
					if err := c.resolveNamed([]*extProp{&x}, false); err != nil {
						return nil, err
					}
					if x.resolved != 0 {
						remove = append(remove, x.resolved)
					}
				case pp.uri == "folder:folderclass":
					remove = append(remove, mapi.PidTagContainerClass)
				default:
					return nil, errorf(ErrorInvalidPropertyRequest, "The property %s cannot be deleted.", pp.uri)
				}
			default:
				return nil, errorf(ErrorInvalidRequest, "%s is not a folder update.", u.Tag)
			}
		}
	}
	f, err := c.mb.UpdateFolder(c.ctx, fid, set, remove, &store.UpdateOptions{IfChangeKey: ck})
	if err == nil && perms != nil {
		err = c.setPermissions(fid, perms)
	}
	return f, err
}

func decodeChangeKey(s string) ([]byte, error) {
	b, err := base64StdDecode(s)
	if err != nil || len(b) == 0 || len(b) > 64 {
		return nil, &Error{Code: ErrorInvalidChangeKey, Message: "ChangeKey is invalid.", Err: err}
	}
	return b, nil
}

// deleteFolder implements DeleteFolder ([MS-OXWSFOLD] 3.1.4.3).
func (c *call) deleteFolder() error {
	body := c.req.Body
	dt := attr(body, "DeleteType")
	if dt != "HardDelete" && dt != "SoftDelete" && dt != "MoveToDeletedItems" {
		return &Fault{Code: ErrorSchemaValidation, Message: "DeleteType is not valid."}
	}
	mb, err := c.mailbox()
	if err != nil {
		return err
	}
	c.responseStart("DeleteFolder")
	for _, e := range folderIDList(child(body, "FolderIds")) {
		const name = "DeleteFolderResponseMessage"
		fid, err := c.resolveFolder(e)
		if err == nil {
			var f *store.Folder
			if f, err = mb.Folder(c.ctx, fid, []mapi.PropTag{mapi.PidTagDisplayName}); err == nil && f.Kind != 0 {
				err = errorf(ErrorDeleteDistinguishedFolder, "Distinguished folders cannot be deleted.")
			}
		}
		if err == nil {
			if dt == "MoveToDeletedItems" {
				var del store.FID
				if del, err = mb.SpecialFolder(c.ctx, store.FolderDeletedItems); err == nil {
					_, err = mb.MoveFolder(c.ctx, fid, del, "")
				}
			} else {
				err = mb.DeleteFolder(c.ctx, fid, &store.DeleteOptions{Hard: dt == "HardDelete", Recursive: true})
			}
		}
		if err != nil {
			c.msgError(name, err, ErrorFolderNotFound)
			continue
		}
		c.msgStart(name)
		c.msgEnd(name)
	}
	c.responseEnd("DeleteFolder")
	return nil
}

// emptyFolder implements EmptyFolder ([MS-OXWSFOLD] 3.1.4.5).
func (c *call) emptyFolder() error {
	body := c.req.Body
	dt := attr(body, "DeleteType")
	if dt != "HardDelete" && dt != "SoftDelete" && dt != "MoveToDeletedItems" {
		return &Fault{Code: ErrorSchemaValidation, Message: "DeleteType is not valid."}
	}
	subs, err := parseBool(attr(body, "DeleteSubFolders"))
	if err != nil {
		return &Fault{Code: ErrorSchemaValidation, Message: "DeleteSubFolders is not valid."}
	}
	mb, err := c.mailbox()
	if err != nil {
		return err
	}
	c.responseStart("EmptyFolder")
	for _, e := range folderIDList(child(body, "FolderIds")) {
		const name = "EmptyFolderResponseMessage"
		fid, err := c.resolveFolder(e)
		if err == nil {
			if recoverKindOf(fid) != 0 {
				err = c.emptyRecover(fid, dt, subs) // recover.go
			} else if dt == "MoveToDeletedItems" {
				err = c.moveFolderContentsToDeleted(fid, subs)
			} else {
				err = mb.EmptyFolder(c.ctx, fid, &store.EmptyFolderOptions{Subfolders: subs, Hard: dt == "HardDelete"})
			}
		}
		if err != nil {
			c.msgError(name, err, ErrorFolderNotFound)
			continue
		}
		c.msgStart(name)
		c.msgEnd(name)
	}
	c.responseEnd("EmptyFolder")
	return nil
}

func (c *call) moveFolderContentsToDeleted(fid store.FID, subs bool) error {
	del, err := c.mb.SpecialFolder(c.ctx, store.FolderDeletedItems)
	if err != nil {
		return err
	}
	if fid == del {
		return c.mb.EmptyFolder(c.ctx, fid, &store.EmptyFolderOptions{Subfolders: subs})
	}
	mids, err := c.folderMessages(fid)
	if err != nil {
		return err
	}
	if len(mids) > 0 {
		if _, err := c.mb.MoveMessages(c.ctx, fid, del, mids); err != nil {
			return err
		}
	}
	if subs {
		sf, err := c.mb.Subfolders(c.ctx, fid)
		if err != nil {
			return err
		}
		for _, s := range sf {
			if _, err := c.mb.MoveFolder(c.ctx, s, del, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

// folderMessages lists the normal messages of fid.
func (c *call) folderMessages(fid store.FID) ([]store.MID, error) {
	t, ok := c.mb.(store.Tables)
	if !ok {
		return nil, errorf(ErrorInvalidOperation, "The store cannot list folder contents.")
	}
	r, err := t.QueryMessages(c.ctx, fid, &store.Query{})
	if err != nil {
		return nil, err
	}
	out := make([]store.MID, len(r.Rows))
	for i, row := range r.Rows {
		out[i] = row.Message
	}
	return out, nil
}

// moveFolder implements MoveFolder ([MS-OXWSFOLD] 3.1.4.7).
func (c *call) moveFolder() error { return c.moveOrCopyFolder("MoveFolder", false) }

// copyFolder implements CopyFolder ([MS-OXWSFOLD] 3.1.4.1).
func (c *call) copyFolder() error { return c.moveOrCopyFolder("CopyFolder", true) }

func (c *call) moveOrCopyFolder(op string, cp bool) error {
	body := c.req.Body
	to := folderIDList(child(body, "ToFolderId"))
	if len(to) != 1 {
		return &Fault{Code: ErrorSchemaValidation, Message: op + " needs one ToFolderId."}
	}
	if _, err := c.mailbox(); err != nil {
		return err
	}
	if c.cross {
		return c.moveOrCopyFolderAcross(op, cp) // othermbx_move.go
	}
	dst, derr := c.resolveFolder(to[0])
	c.responseStart(op)
	for _, e := range folderIDList(child(body, "FolderIds")) {
		name := op + "ResponseMessage"
		if derr != nil {
			c.msgError(name, derr, ErrorFolderNotFound)
			continue
		}
		fid, err := c.resolveFolder(e)
		var f *store.Folder
		if err == nil {
			f, err = c.moveOrCopyFolderOne(fid, dst, cp) // othermbx_move.go
		}
		if errors.Is(err, store.ErrConflict) {
			err = &Error{Code: ErrorMoveCopyFailed, Message: "The move or copy operation failed.", Err: err}
		}
		if err != nil {
			c.msgError(name, err, ErrorFolderNotFound)
			continue
		}
		c.folderIDOnly(name, f)
	}
	c.responseEnd(op)
	return nil
}

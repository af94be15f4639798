package ews

import (
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Attachment methods ([MS-OXCMSG] 2.2.2.9 PidTagAttachMethod).
const (
	afByValue         = 1
	afEmbeddedMessage = 5
)

// attachFlagRenderedInBody is ATT_MHTML_REF of PidTagAttachFlags
// ([MS-OXCMSG] 2.2.2.18).
const attachFlagRenderedInBody = 0x4

// writeAttachment writes a FileAttachment or ItemAttachment
// ([MS-OXWSCORE] 2.2.4.x AttachmentType); content only when withContent.
func (c *call) writeAttachment(it *itemData, a *store.Attachment, withContent bool, s *itemShape) {
	method, _ := getInt(a.Props, mapi.PidTagAttachMethod)
	el := "t:FileAttachment"
	if method == afEmbeddedMessage {
		el = "t:ItemAttachment"
	}
	c.w.open(el)
	c.w.raw(`<t:AttachmentId Id="`)
	c.w.b = c.attachmentID(it, a.Num).AppendText(c.w.b)
	c.w.raw(`"/>`)
	name, ok := getString(a.Props, mapi.PidTagAttachLongFilename)
	if !ok {
		if name, ok = getString(a.Props, mapi.PidTagAttachFilename); !ok {
			name, _ = getString(a.Props, mapi.PidTagDisplayName)
		}
	}
	c.w.elem("t:Name", name)
	if ct, ok := getString(a.Props, mapi.PidTagAttachMimeTag); ok {
		c.w.elem("t:ContentType", ct)
	} else if method != afEmbeddedMessage {
		c.w.elem("t:ContentType", "application/octet-stream")
	}
	if cid, ok := getString(a.Props, mapi.PidTagAttachContentId); ok {
		c.w.elem("t:ContentId", cid)
	}
	data, _ := getBytes(a.Props, mapi.PidTagAttachDataBinary)
	size, ok := getInt(a.Props, mapi.PidTagAttachSize)
	if !ok {
		size = int64(len(data))
	}
	c.w.elemInt("t:Size", size)
	if t, ok := getTime(a.Props, mapi.PidTagLastModificationTime); ok {
		c.w.elemTime("t:LastModifiedTime", t)
	}
	flags, _ := getInt(a.Props, mapi.PidTagAttachFlags)
	hidden, _ := getBool(a.Props, mapi.PidTagAttachmentHidden)
	c.w.elemBool("t:IsInline", flags&attachFlagRenderedInBody != 0 || hidden)
	if method == afEmbeddedMessage {
		if withContent && a.Embedded != nil {
			emb := &itemData{props: a.Embedded.Props, recips: a.Embedded.Recipients, msg: a.Embedded}
			es := *s
			drop := bits(fItemID, fParentFolderID, fMimeContent)
			// The embedded message's own attachments are listed with IDs
			// GetAttachment opens (nested.go), as far as an ID can reach.
			if emb.nest = c.nestedParent(it, a.Num); emb.nest == nil {
				drop = drop.or(bits(fAttachments))
			}
			es.fields = es.fields.andNot(drop)
			c.writeItem(emb, &es)
		}
	} else {
		photo, _ := getBool(a.Props, mapi.PidTagAttachmentContactPhoto) // contacts3.go
		c.w.elemBool("t:IsContactPhoto", photo)
		if withContent {
			c.w.elemBase64("t:Content", data)
		}
	}
	c.w.close(el)
}

// resolveAttachment parses an AttachmentId into its message and number.
func (c *call) resolveAttachment(e *etree.Element) (ObjectID, error) {
	id, err := ParseObjectID(attr(e, "Id"))
	if err != nil {
		return id, err
	}
	if id.Kind != KindAttachment {
		return id, errorf(ErrorInvalidIdNotAnItemAttachmentId, "The ID is not an attachment ID.")
	}
	if id.Mailbox != c.mailboxGUID() {
		return id, errorf(ErrorItemNotFound, "The specified object was not found in the store.")
	}
	return id, nil
}

// getAttachment implements GetAttachment ([MS-OXWSATT] 3.1.4.3).
func (c *call) getAttachment() error {
	body := c.req.Body
	if _, err := c.mailbox(); err != nil {
		return err
	}
	shape, err := c.parseItemShape(child(body, "AttachmentShape"), false)
	if err != nil {
		return err
	}
	const name = "GetAttachmentResponseMessage"
	c.responseStart("GetAttachment")
	for _, e := range itemIDList(child(body, "AttachmentIds")) {
		id, err := c.resolveAttachment(e)
		var m *store.Message
		if err == nil {
			m, err = c.mb.Message(c.ctx, id.Message, nil)
		}
		if err == nil && c.acc != nil {
			err = c.allowRead(m.Info.FolderID, m.Info.ID)
		}
		var a *store.Attachment
		var parent *itemData
		if err == nil {
			a, parent, err = findAttachment(m, id) // nested.go
		}
		if err != nil {
			c.msgError(name, err, ErrorItemNotFound)
			continue
		}
		c.msgStart(name)
		c.w.open("m:Attachments")
		c.writeAttachment(parent, a, true, shape)
		c.w.close("m:Attachments")
		c.msgEnd(name)
	}
	c.responseEnd("GetAttachment")
	return nil
}

// createAttachment implements CreateAttachment ([MS-OXWSATT] 3.1.4.1) for
// file attachments and item attachments of messages.
func (c *call) createAttachment() error {
	body := c.req.Body
	if _, err := c.mailbox(); err != nil {
		return err
	}
	const name = "CreateAttachmentResponseMessage"
	pe := child(body, "ParentItemId")
	if pe == nil {
		return &Fault{Code: ErrorSchemaValidation, Message: "CreateAttachment needs a ParentItemId."}
	}
	c.responseStart("CreateAttachment")
	defer c.responseEnd("CreateAttachment")
	// QUIRK: the ParentItemId's ChangeKey is not checked. exchangelib 4.9's
	// Attachment.detach does not refresh the parent's ChangeKey from the
	// DeleteAttachment answer, so its next attach() sends a stale one (seen
	// in interop/ews/exchangelib_core.py); [MS-OXWSATT] 3.1.4.1 names no
	// conflict check for CreateAttachment.
	parent, _, perr := c.resolveItem(pe)
	var ck []byte
	var atts []*etree.Element
	if as := child(body, "Attachments"); as != nil {
		atts = as.ChildElements()
	}
	for _, ae := range atts {
		if perr != nil {
			c.msgError(name, perr, ErrorItemNotFound)
			continue
		}
		info, num, err := c.addAttachment(parent, ck, ae)
		if err != nil {
			c.msgError(name, err, ErrorItemNotFound)
			continue
		}
		ck = info.ChangeKey
		c.msgStart(name)
		el := "t:FileAttachment"
		if ae.Tag == "ItemAttachment" {
			el = "t:ItemAttachment"
		}
		c.w.raw(`<m:Attachments><` + el + `><t:AttachmentId Id="`)
		c.w.b = ObjectID{Kind: KindAttachment, Mailbox: c.mailboxGUID(), Folder: info.FolderID, Message: info.ID, Attach: num}.AppendText(c.w.b)
		c.w.raw(`" RootItemId="`)
		c.w.b = ObjectID{Kind: KindMessage, Mailbox: c.mailboxGUID(), Folder: info.FolderID, Message: info.ID}.AppendText(c.w.b)
		c.w.raw(`" RootItemChangeKey="`)
		c.w.b = appendChangeKey(c.w.b, info.ChangeKey)
		c.w.raw(`"/></` + el + `></m:Attachments>`)
		c.msgEnd(name)
	}
	return nil
}

func (c *call) addAttachment(parent ObjectID, ck []byte, ae *etree.Element) (*store.MessageInfo, uint32, error) {
	cur, err := c.mb.Message(c.ctx, parent.Message, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagMessageClass}, Attachments: true})
	if err == nil {
		err = c.allowItem(cur.Info.FolderID, parent.Message, store.RightEditAny, store.RightEditOwned)
	}
	if err != nil {
		return nil, 0, err
	}
	var num uint32
	for _, a := range cur.Attachments {
		if a.Num >= num {
			num = a.Num + 1
		}
	}
	a, err := c.buildAttachment(ae, num)
	if err != nil {
		return nil, 0, err
	}
	upd := &store.MessageUpdate{SetAttachments: []store.Attachment{a}, IfChangeKey: ck}
	if err := c.contactPhotoAdded(cur, &a, upd); err != nil { // contacts3.go
		return nil, 0, err
	}
	info, err := c.mb.UpdateMessage(c.ctx, parent.Message, upd)
	if err != nil {
		return nil, 0, err
	}
	return info, num, nil
}

// buildAttachment converts a t:FileAttachment or t:ItemAttachment
// ([MS-OXWSATT] 2.2.4.4, 2.2.4.6) to a store attachment numbered num.
func (c *call) buildAttachment(ae *etree.Element, num uint32) (store.Attachment, error) {
	name := childTextRaw(ae, "Name")
	a := store.Attachment{Num: num, Props: []mapi.PropValue{
		{Tag: mapi.PidTagDisplayName, Value: name},
		{Tag: mapi.PidTagAttachLongFilename, Value: name},
		{Tag: mapi.PidTagLastModificationTime, Value: time.Now().UTC().Truncate(time.Second)},
	}}
	if ct := childText(ae, "ContentType"); ct != "" {
		a.Props = append(a.Props, mapi.PropValue{Tag: mapi.PidTagAttachMimeTag, Value: ct})
	}
	if cid := childText(ae, "ContentId"); cid != "" {
		a.Props = append(a.Props, mapi.PropValue{Tag: mapi.PidTagAttachContentId, Value: cid})
	}
	if v := childText(ae, "IsInline"); v != "" {
		if in, err := parseBool(v); err == nil && in {
			a.Props = append(a.Props, mapi.PropValue{Tag: mapi.PidTagAttachFlags, Value: int32(attachFlagRenderedInBody)})
		}
	}
	switch ae.Tag {
	case "FileAttachment":
		data, err := base64StdDecode(childText(ae, "Content"))
		if err != nil {
			return store.Attachment{}, &Error{Code: ErrorInvalidValueForProperty, Message: "The attachment content is not valid base64.", Err: err}
		}
		a.Props = append(a.Props,
			mapi.PropValue{Tag: mapi.PidTagAttachMethod, Value: int32(afByValue)},
			mapi.PropValue{Tag: mapi.PidTagAttachDataBinary, Value: data},
			mapi.PropValue{Tag: mapi.PidTagAttachSize, Value: int32(len(data))})
		if photo, err := isContactPhotoElement(ae); err != nil { // contacts3.go
			return store.Attachment{}, err
		} else if photo {
			a.Props = append(a.Props, mapi.PropValue{Tag: mapi.PidTagAttachmentContactPhoto, Value: true})
		}
	case "ItemAttachment":
		var itemEl *etree.Element
		for _, k := range ae.ChildElements() {
			switch k.Tag {
			case "Message", "Item":
				itemEl = k
			}
		}
		if itemEl == nil {
			return store.Attachment{}, errorf(ErrorInvalidOperation, "Only message item attachments are supported.")
		}
		n, err := c.parseItem(itemEl)
		if err != nil {
			return store.Attachment{}, err
		}
		m, err := c.storeMessage(n)
		if err != nil {
			return store.Attachment{}, err
		}
		if name == "" {
			name, _ = getString(m.Props, mapi.PidTagSubject)
			setProp(&a.Props, mapi.PropValue{Tag: mapi.PidTagDisplayName, Value: name})
			setProp(&a.Props, mapi.PropValue{Tag: mapi.PidTagAttachLongFilename, Value: name})
		}
		a.Props = append(a.Props, mapi.PropValue{Tag: mapi.PidTagAttachMethod, Value: int32(afEmbeddedMessage)})
		a.Embedded = m
	default:
		return store.Attachment{}, errorf(ErrorInvalidOperation, "%s is not supported.", ae.Tag)
	}
	return a, nil
}

// parseItemAttachments reads the t:Attachments of an item in CreateItem
// ([MS-OXWSCORE] 2.2.4.24, ItemType Attachments): exchangelib sends a new
// message's attachments this way with MessageDisposition SendOnly and
// SendAndSaveCopy (Exchange 2013 and later).
func (c *call) parseItemAttachments(n *newItem, f *etree.Element) error {
	for _, ae := range f.ChildElements() {
		a, err := c.buildAttachment(ae, 0)
		if err != nil {
			return err
		}
		n.attachments = append(n.attachments, a)
	}
	return nil
}

// writeCreatedAttachments writes the t:Attachments of an item CreateItem
// made with attachments: each one's AttachmentId (RootItemId,
// RootItemChangeKey), in order, as Exchange answers. ews-javascript-api
// (like the EWS Managed API) sends a new item's attachments inside
// CreateItem and then creates with CreateAttachment every attachment the
// answer did not give an ID, so without them each would be added twice.
func (c *call) writeCreatedAttachments(info *store.MessageInfo) {
	m, err := c.mb.Message(c.ctx, info.ID, &store.MessageOptions{Tags: []mapi.PropTag{}, Attachments: true})
	if err != nil || len(m.Attachments) == 0 {
		return
	}
	c.w.raw(`<t:Attachments>`)
	for _, a := range m.Attachments {
		method, _ := getInt(a.Props, mapi.PidTagAttachMethod)
		el := "t:FileAttachment"
		if method == afEmbeddedMessage {
			el = "t:ItemAttachment"
		}
		c.w.raw(`<` + el + `><t:AttachmentId Id="`)
		c.w.b = ObjectID{Kind: KindAttachment, Mailbox: c.mailboxGUID(), Folder: info.FolderID, Message: info.ID, Attach: a.Num}.AppendText(c.w.b)
		c.w.raw(`" RootItemId="`)
		c.w.b = ObjectID{Kind: KindMessage, Mailbox: c.mailboxGUID(), Folder: info.FolderID, Message: info.ID}.AppendText(c.w.b)
		c.w.raw(`" RootItemChangeKey="`)
		c.w.b = appendChangeKey(c.w.b, info.ChangeKey)
		c.w.raw(`"/></` + el + `>`)
	}
	c.w.raw(`</t:Attachments>`)
}

// deleteAttachment implements DeleteAttachment ([MS-OXWSATT] 3.1.4.2).
func (c *call) deleteAttachment() error {
	body := c.req.Body
	if _, err := c.mailbox(); err != nil {
		return err
	}
	const name = "DeleteAttachmentResponseMessage"
	c.responseStart("DeleteAttachment")
	for _, e := range itemIDList(child(body, "AttachmentIds")) {
		id, err := c.resolveAttachment(e)
		if err == nil && id.NestedLen > 0 {
			err = errorf(ErrorCannotDeleteObject, "An attachment of an attached item cannot be deleted; replace the item attachment.") // nested.go
		}
		var info *store.MessageInfo
		upd := &store.MessageUpdate{RemoveAttachments: []uint32{id.Attach}}
		if err == nil {
			var m *store.Message
			m, err = c.mb.Message(c.ctx, id.Message, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagMessageClass}, Attachments: true})
			if err == nil {
				err = c.allowItem(m.Info.FolderID, id.Message, store.RightEditAny, store.RightEditOwned)
			}
			if err == nil {
				found := false
				for _, a := range m.Attachments {
					found = found || a.Num == id.Attach
				}
				if !found {
					err = errorf(ErrorItemNotFound, "The attachment was not found.")
				}
			}
			if err == nil {
				err = c.contactPhotoRemoved(m, id.Attach, upd) // contacts3.go
			}
		}
		if err == nil {
			info, err = c.mb.UpdateMessage(c.ctx, id.Message, upd)
		}
		if err != nil {
			c.msgError(name, err, ErrorItemNotFound)
			continue
		}
		c.msgStart(name)
		c.w.raw(`<m:RootItemId RootItemId="`)
		c.w.b = ObjectID{Kind: KindMessage, Mailbox: c.mailboxGUID(), Folder: info.FolderID, Message: info.ID}.AppendText(c.w.b)
		c.w.raw(`" RootItemChangeKey="`)
		c.w.b = appendChangeKey(c.w.b, info.ChangeKey)
		c.w.raw(`"/>`)
		c.msgEnd(name)
	}
	c.responseEnd("DeleteAttachment")
	return nil
}

// sendItem implements SendItem ([MS-OXWSCORE] 3.1.4.8): sends saved
// drafts, keeping a copy in SavedItemFolderId (default Sent Items) when
// SaveItemToFolder is true.
func (c *call) sendItem() error {
	body := c.req.Body
	mb, err := c.mailbox()
	if err != nil {
		return err
	}
	save, err := parseBool(attr(body, "SaveItemToFolder"))
	if err != nil {
		return &Fault{Code: ErrorSchemaValidation, Message: "SaveItemToFolder is not valid."}
	}
	var saveIn store.FID
	var saveErr error
	if ids := folderIDList(child(body, "SavedItemFolderId")); len(ids) > 0 {
		saveIn, saveErr = c.resolveFolder(ids[0])
	} else if c.acc == nil {
		saveIn, saveErr = mb.SpecialFolder(c.ctx, store.FolderSentItems)
	} // else 0: the caller's own Sent Items (saveSentCopy, onbehalf.go)
	const name = "SendItemResponseMessage"
	c.responseStart("SendItem")
	for _, e := range itemIDList(child(body, "ItemIds")) {
		err := saveErr
		if !save {
			err = nil
		}
		var id ObjectID
		var ck []byte
		if err == nil {
			id, ck, err = c.resolveItem(e)
		}
		var m *store.Message
		if err == nil {
			m, err = mb.Message(c.ctx, id.Message, nil)
		}
		if err == nil && ck != nil && string(ck) != string(m.Info.ChangeKey) {
			err = errorf(ErrorIrresolvableConflict, "The change key does not match the item's current change key.")
		}
		if err == nil {
			err = c.allowItem(m.Info.FolderID, m.Info.ID, store.RightReadAny|store.RightDeleteAny, store.RightReadAny|store.RightDeleteOwned)
		}
		if err == nil {
			err = taskNotSendable(m) // taskrecur.go
		}
		if err == nil {
			err = c.stampSender(m, time.Now().UTC().Truncate(time.Second)) // onbehalf.go
		}
		if err == nil {
			err = c.send(m)
			if err == nil {
				c.savePrincipalCopy(m, save && saveIn != 0) // sendas.go
			}
		}
		if err == nil && save {
			setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagMessageFlags, Value: int32(msgflagRead | msgflagFromMe)})
			err = c.saveSentCopy(&store.Message{Props: m.Props, Recipients: m.Recipients, Attachments: m.Attachments, Read: true}, saveIn)
		}
		if err == nil {
			_, err = mb.DeleteMessages(c.ctx, m.Info.FolderID, []store.MID{m.Info.ID}, &store.DeleteOptions{Hard: true})
		}
		if err != nil {
			c.msgError(name, err, ErrorItemNotFound)
			continue
		}
		c.msgStart(name)
		c.msgEnd(name)
	}
	c.responseEnd("SendItem")
	return nil
}

// expandDL implements ExpandDL ([MS-OXWSDLIST] 3.1.4.1) for directory
// distribution lists.
func (c *call) expandDL() error {
	body := c.req.Body
	const name = "ExpandDLResponseMessage"
	c.responseStart("ExpandDL")
	defer c.responseEnd("ExpandDL")
	if idEl := child(child(body, "Mailbox"), "ItemId"); idEl != nil {
		c.expandPersonalDL(idEl) // distlist.go
		return nil
	}
	addr := strings.TrimSpace(childText(child(body, "Mailbox"), "EmailAddress"))
	dir, ok := c.h.Store.(store.Directory)
	if !ok || addr == "" {
		c.msgError(name, errorf(ErrorNameResolutionNoResults, "No results were found."), ErrorItemNotFound)
		return nil
	}
	members, err := dir.Members(c.ctx, addr)
	if err != nil {
		c.msgError(name, errorf(ErrorNameResolutionNoResults, "No results were found."), ErrorItemNotFound)
		return nil
	}
	c.msgStart(name)
	c.w.raw(`<m:DLExpansion IndexedPagingOffset="`)
	c.w.raw(itoa(len(members)))
	c.w.raw(`" TotalItemsInView="`)
	c.w.raw(itoa(len(members)))
	c.w.raw(`" IncludesLastItemInRange="true">`)
	for _, m := range members {
		c.w.open("t:Mailbox")
		c.w.elem("t:Name", m.DisplayName)
		c.w.elem("t:EmailAddress", m.SMTPAddress)
		c.w.elem("t:RoutingType", "SMTP")
		if m.Kind == store.EntryDistList {
			c.w.elem("t:MailboxType", "PublicDL")
		} else {
			c.w.elem("t:MailboxType", "Mailbox")
		}
		c.w.close("t:Mailbox")
	}
	c.w.raw(`</m:DLExpansion>`)
	c.msgEnd(name)
	return nil
}

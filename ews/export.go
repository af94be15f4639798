package ews

import (
	"encoding/binary"
	"errors"
	"strings"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/fxstream"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Bulk transfer: ExportItems and UploadItems ([MS-OXWSBTRF]).
//
// The Data of an exported item is the base64 of the item's FastTransfer
// messageContent ([MS-OXCFXICS] 2.2.4.3.16, package fxstream): every
// stored property (named properties by name), the recipients and the
// attachments with embedded messages. [MS-OXWSBTRF] leaves the format
// opaque ("the data of a single exported item", 3.1.4.1.3.1); Exchange's
// own export stream wraps FastTransfer data in a framing of its own that
// no public document describes, so oxkit's Data is the bare stream and
// UploadItems reads the bare stream (a messageContent, or a message
// element starting with StartMessage/StartFAIMsg). Data exported by
// Exchange is refused with ErrorCorruptData.

// Response codes of the bulk transfer and user configuration operations
// ([MS-OXWSCDATA] 2.2.5.24) not in errors.go.
const (
	codeCorruptData            ResponseCode = "ErrorCorruptData"
	codeDataSizeLimitExceeded  ResponseCode = "ErrorDataSizeLimitExceeded"
	codeInvalidPropertyForOper ResponseCode = "ErrorInvalidPropertyForOperation"
)

// DefaultMaxTransferBytes bounds the Data of the items of one ExportItems
// response together, and the Data of one UploadItems item.
const DefaultMaxTransferBytes = 32 << 20

// storeComputedTags are the properties the store computes for a message; they
// travel in an export (full fidelity) but are not written back on upload.
var storeComputedTags = map[mapi.PropTag]bool{
	mapi.PidTagMid: true, mapi.PidTagFolderId: true, mapi.PidTagChangeNumber: true,
	mapi.PidTagChangeKey: true, mapi.PidTagPredecessorChangeList: true,
	mapi.PidTagMessageSize: true, mapi.PidTagMessageSizeExtended: true,
	mapi.PidTagLastModificationTime: true, mapi.PidTagHasAttachments: true,
	mapi.PidTagAssociated: true, mapi.PidTagSourceKey: true, mapi.PidTagParentSourceKey: true,
	mapi.PidTagEntryId: true, mapi.PidTagParentEntryId: true, mapi.PidTagInstanceKey: true,
	mapi.PidTagRecordKey: true,
}

// toFX converts a stored message (and its embedded messages) to the
// fxstream model and adds the named property IDs it uses to named.
func toFX(m *store.Message, named map[mapi.PropID]bool) *fxstream.Message {
	note := func(ps []mapi.PropValue) {
		for _, p := range ps {
			if p.Tag.ID() >= 0x8000 {
				named[p.Tag.ID()] = true
			}
		}
	}
	out := &fxstream.Message{Props: m.Props}
	note(m.Props)
	for _, r := range m.Recipients {
		out.Recipients = append(out.Recipients, fxstream.Recipient{RowID: r.RowID, Props: r.Props})
		note(r.Props)
	}
	for _, a := range m.Attachments {
		fa := fxstream.Attachment{Num: a.Num, Props: a.Props}
		note(a.Props)
		if a.Embedded != nil {
			fa.Embedded = toFX(a.Embedded, named)
		}
		out.Attachments = append(out.Attachments, fa)
	}
	return out
}

// fromFX converts a decoded message to a store message, mapping the
// decoder's named property IDs through ids.
func fromFX(m *fxstream.Message, ids map[mapi.PropID]mapi.PropID) *store.Message {
	mapProps := func(ps []mapi.PropValue) []mapi.PropValue {
		out := make([]mapi.PropValue, 0, len(ps))
		for _, p := range ps {
			if p.Tag.ID() >= 0x8000 {
				id, ok := ids[p.Tag.ID()]
				if !ok || id == 0 {
					continue
				}
				p.Tag = mapi.NewPropTag(id, p.Tag.Type())
			}
			if storeComputedTags[p.Tag] {
				continue
			}
			out = append(out, p)
		}
		return out
	}
	out := &store.Message{Props: mapProps(m.Props)}
	for _, r := range m.Recipients {
		out.Recipients = append(out.Recipients, store.Recipient{RowID: r.RowID, Props: mapProps(r.Props)})
	}
	for _, a := range m.Attachments {
		sa := store.Attachment{Num: a.Num, Props: mapProps(a.Props)}
		if a.Embedded != nil {
			sa.Embedded = fromFX(a.Embedded, ids)
		}
		out.Attachments = append(out.Attachments, sa)
	}
	return out
}

func (c *call) maxTransfer() int {
	if c.h.MaxTransferBytes > 0 {
		return c.h.MaxTransferBytes
	}
	return DefaultMaxTransferBytes
}

// exportItems implements ExportItems ([MS-OXWSBTRF] 3.1.4.1): per item an
// ExportItemsResponseMessage with the ItemId and the Data.
func (c *call) exportItems() error {
	ids := itemIDList(child(c.req.Body, "ItemIds"))
	if len(ids) == 0 {
		return &Fault{Code: ErrorSchemaValidation, Message: "ExportItems needs at least one ItemId ([MS-OXWSBTRF] 3.1.4.1.3.4)."}
	}
	mb, err := c.mailbox()
	if err != nil {
		return err
	}
	const name = "ExportItemsResponseMessage"
	c.responseStart("ExportItems")
	budget := c.maxTransfer()
	for _, e := range ids {
		data, info, err := c.exportOne(mb, e)
		if err == nil && len(data) > budget {
			err = errorf(codeDataSizeLimitExceeded, "The exported items exceed the size limit of one response (%d bytes).", c.maxTransfer())
		}
		if err != nil {
			c.msgError(name, err, ErrorItemNotFound)
			continue
		}
		budget -= len(data)
		c.msgStart(name)
		c.writeItemID("m:ItemId", info.ID, info.FolderID, info.ChangeKey)
		c.w.elemBase64("m:Data", data)
		c.msgEnd(name)
	}
	c.responseEnd("ExportItems")
	return nil
}

// exportOne encodes one item as a FastTransfer messageContent.
func (c *call) exportOne(mb store.Mailbox, e *etree.Element) ([]byte, *store.MessageInfo, error) {
	id, _, err := c.resolveItem(e)
	if err != nil {
		return nil, nil, err
	}
	// Refuse what cannot fit before loading it whole.
	head, err := mb.Message(c.ctx, id.Message, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagMessageClass}})
	if err != nil {
		return nil, nil, err
	}
	if head.Info.Size > int64(c.maxTransfer()) {
		return nil, nil, errorf(codeDataSizeLimitExceeded, "The item exceeds the export size limit (%d bytes).", c.maxTransfer())
	}
	m, err := mb.Message(c.ctx, id.Message, nil)
	if err != nil {
		return nil, nil, err
	}
	named := map[mapi.PropID]bool{}
	fm := toFX(m, named)
	var names fxstream.Names
	if len(named) > 0 {
		np, ok := mb.(store.NamedProperties)
		if !ok {
			return nil, nil, errorf(ErrorInternalServerError, "The store cannot name its named properties.")
		}
		idList := make([]mapi.PropID, 0, len(named))
		for pid := range named {
			idList = append(idList, pid)
		}
		pns, err := np.PropNames(c.ctx, idList)
		if err != nil {
			return nil, nil, err
		}
		names = fxstream.Names{}
		for i, pid := range idList {
			if i < len(pns) && pns[i].Kind != mapi.NameKindNone {
				names[pid] = pns[i]
			}
		}
		// A property whose ID has no name cannot travel: leave it out.
		if len(names) != len(named) {
			fm = dropUnnamed(fm, names)
		}
	}
	data, err := fxstream.AppendMessageContent(nil, fm, names)
	if err != nil {
		return nil, nil, &Error{Code: ErrorInternalServerError, Message: "The item could not be exported.", Err: err}
	}
	return data, &m.Info, nil
}

// dropUnnamed returns m without named properties missing from names.
func dropUnnamed(m *fxstream.Message, names fxstream.Names) *fxstream.Message {
	keep := func(ps []mapi.PropValue) []mapi.PropValue {
		var out []mapi.PropValue
		for _, p := range ps {
			if p.Tag.ID() >= 0x8000 {
				if _, ok := names[p.Tag.ID()]; !ok {
					continue
				}
			}
			out = append(out, p)
		}
		return out
	}
	out := &fxstream.Message{Props: keep(m.Props)}
	for _, r := range m.Recipients {
		out.Recipients = append(out.Recipients, fxstream.Recipient{RowID: r.RowID, Props: keep(r.Props)})
	}
	for _, a := range m.Attachments {
		na := fxstream.Attachment{Num: a.Num, Props: keep(a.Props)}
		if a.Embedded != nil {
			na.Embedded = dropUnnamed(a.Embedded, names)
		}
		out.Attachments = append(out.Attachments, na)
	}
	return out
}

// uploadItems implements UploadItems ([MS-OXWSBTRF] 3.1.4.2): CreateNew,
// Update and UpdateOrCreate, with IsAssociated.
func (c *call) uploadItems() error {
	items := child(c.req.Body, "Items")
	var list []*etree.Element
	if items != nil {
		list = items.ChildElements()
	}
	if len(list) == 0 {
		return &Fault{Code: ErrorSchemaValidation, Message: "UploadItems needs at least one Item ([MS-OXWSBTRF] 3.1.4.2.3.1)."}
	}
	// Request-level checks first: a missing ItemId for Update and
	// UpdateOrCreate is a SOAP fault (3.1.4.2.4.1, R234, R242).
	for _, it := range list {
		switch act := attr(it, "CreateAction"); act {
		case "CreateNew":
		case "Update", "UpdateOrCreate":
			if child(it, "ItemId") == nil {
				return &Fault{Code: ErrorInvalidRequest, Message: "CreateAction " + act + " needs an ItemId."}
			}
		default:
			return &Fault{Code: ErrorSchemaValidation, Message: "CreateAction " + act + " is not CreateNew, Update or UpdateOrCreate."}
		}
		if child(it, "ParentFolderId") == nil || child(it, "Data") == nil {
			return &Fault{Code: ErrorSchemaValidation, Message: "An uploaded Item needs a ParentFolderId and Data."}
		}
		if s := attr(it, "IsAssociated"); s != "" {
			if _, err := parseBool(strings.ToLower(s)); err != nil {
				return &Fault{Code: ErrorSchemaValidation, Message: "IsAssociated is not a boolean."}
			}
		}
	}
	mb, err := c.mailbox()
	if err != nil {
		return err
	}
	const name = "UploadItemsResponseMessage"
	c.responseStart("UploadItems")
	for _, it := range list {
		info, err := c.uploadOne(mb, it)
		if err != nil {
			c.msgError(name, err, ErrorItemNotFound)
			continue
		}
		c.msgStart(name)
		c.writeItemID("m:ItemId", info.ID, info.FolderID, info.ChangeKey)
		c.msgEnd(name)
	}
	c.responseEnd("UploadItems")
	return nil
}

// uploadFolder resolves an UploadItemType's ParentFolderId (a
// t:FolderIdType, [MS-OXWSBTRF] 3.1.4.2.3.5).
func (c *call) uploadFolder(e *etree.Element) (store.FID, error) {
	f := etree.NewElement("FolderId")
	f.Attr = e.Attr
	return c.resolveFolder(f)
}

func (c *call) uploadOne(mb store.Mailbox, it *etree.Element) (*store.MessageInfo, error) {
	fid, err := c.uploadFolder(child(it, "ParentFolderId"))
	if err != nil {
		return nil, toError(err, ErrorFolderNotFound)
	}
	raw := strings.TrimSpace(child(it, "Data").Text())
	if len(raw) > c.maxTransfer()/3*4+4 {
		return nil, errorf(codeDataSizeLimitExceeded, "The item data exceeds the size limit (%d bytes).", c.maxTransfer())
	}
	data, err := base64StdDecode(raw)
	if err != nil {
		return nil, errorf(codeCorruptData, "Data is not valid base64.")
	}
	lim := &fxstream.Limits{MaxBytes: c.maxTransfer()}
	var fm *fxstream.Message
	var names fxstream.Names
	fai := false
	if len(data) >= 4 && (fxstream.Marker(binary.LittleEndian.Uint32(data)) == fxstream.StartMessage || fxstream.Marker(binary.LittleEndian.Uint32(data)) == fxstream.StartFAIMsg) {
		fm, fai, names, err = fxstream.ParseMessage(data, lim)
	} else {
		fm, names, err = fxstream.ParseMessageContent(data, lim)
	}
	if err != nil {
		return nil, &Error{Code: codeCorruptData, Message: "Data is not a FastTransfer message stream: " + err.Error(), Err: err}
	}
	ids := map[mapi.PropID]mapi.PropID{}
	if len(names) > 0 {
		np, ok := mb.(store.NamedProperties)
		if !ok {
			return nil, errorf(ErrorItemSave, "The store cannot map named properties.")
		}
		from := make([]mapi.PropID, 0, len(names))
		list := make([]mapi.PropertyName, 0, len(names))
		for pid, n := range names {
			from = append(from, pid)
			list = append(list, n)
		}
		to, err := np.PropIDs(c.ctx, list, true)
		if err != nil {
			return nil, err
		}
		for i, pid := range from {
			if i < len(to) {
				ids[pid] = to[i]
			}
		}
	}
	msg := fromFX(fm, ids)
	flags, _ := getInt(msg.Props, mapi.PidTagMessageFlags)
	msg.Read = flags&msgflagRead != 0
	msg.Associated = fai
	if s := attr(it, "IsAssociated"); s != "" {
		msg.Associated, _ = parseBool(strings.ToLower(s))
	}

	act := attr(it, "CreateAction")
	if act == "CreateNew" {
		// The ItemId, if any, is ignored (R227).
		return mb.CreateMessage(c.ctx, fid, msg)
	}
	id, _, err := c.resolveItem(child(it, "ItemId"))
	var cur *store.Message
	if err == nil {
		cur, err = mb.Message(c.ctx, id.Message, nil)
	}
	if err == nil && cur.Info.FolderID != fid {
		err = errorf(ErrorItemNotFound, "The item is not in the folder ParentFolderId names.")
	}
	if err != nil {
		var e *Error
		notFound := errors.Is(err, store.ErrNotFound) || (errors.As(err, &e) && e.Code == ErrorItemNotFound)
		if act == "UpdateOrCreate" && notFound {
			// R235: not in the folder (or gone): a new copy in ParentFolderId.
			return mb.CreateMessage(c.ctx, fid, msg)
		}
		return nil, err
	}
	if cur.Info.Associated != msg.Associated {
		return nil, errorf(codeInvalidPropertyForOper, "IsAssociated does not match the item being updated.")
	}
	return mb.UpdateMessage(c.ctx, cur.Info.ID, uploadReplacement(cur, msg))
}

func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

// uploadReplacement returns the update that makes cur's content equal to
// msg's: every property, the recipient table and the attachments.
func uploadReplacement(cur, msg *store.Message) *store.MessageUpdate {
	upd := &store.MessageUpdate{Set: msg.Props}
	has := make(map[mapi.PropTag]bool, len(msg.Props))
	for _, p := range msg.Props {
		has[p.Tag] = true
	}
	for _, p := range cur.Props {
		if !has[p.Tag] && !storeComputedTags[p.Tag] && p.Tag.Type() != mapi.PtypObject {
			upd.Remove = append(upd.Remove, p.Tag)
		}
	}
	recips := msg.Recipients
	if recips == nil {
		recips = []store.Recipient{}
	}
	upd.Recipients = &recips
	keep := map[uint32]bool{}
	for _, a := range msg.Attachments {
		keep[a.Num] = true
	}
	for _, a := range cur.Attachments {
		if !keep[a.Num] {
			upd.RemoveAttachments = append(upd.RemoveAttachments, a.Num)
		}
	}
	upd.SetAttachments = msg.Attachments
	read := msg.Read
	upd.Read = &read
	return upd
}

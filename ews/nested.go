package ews

import (
	"github.com/oxkit/oxkit/store"
)

// Attachments of attached items ([MS-OXWSATT] 3.1.4.3 GetAttachment).
//
// GetAttachment of an ItemAttachment answers the embedded item with its
// own t:Attachments; their AttachmentIds carry the path from the
// top-level attachment down (ObjectID.Nested), so GetAttachment opens
// them too, to MaxNestedAttachments levels below the top-level
// attachment (an embedded message deeper than that is answered without
// its attachments). Nested attachments are read only: DeleteAttachment
// of one answers ErrorCannotDeleteObject (edit the item attachment by
// replacing it).

// attachParent locates an embedded message inside a stored message: the
// attachment numbers from the top-level attachment down to the
// attachment that embeds it.
type attachParent struct {
	fid  store.FID
	mid  store.MID
	path []uint32
}

// attachmentID returns the ID of attachment num of item it: a top-level
// attachment of a stored message, or one of an embedded message.
func (c *call) attachmentID(it *itemData, num uint32) ObjectID {
	if it.nest == nil {
		return ObjectID{Kind: KindAttachment, Mailbox: c.mailboxGUID(), Folder: it.fid, Message: it.mid, Attach: num}
	}
	id := ObjectID{Kind: KindAttachment, Mailbox: c.mailboxGUID(), Folder: it.nest.fid, Message: it.nest.mid, Attach: it.nest.path[0]}
	for _, n := range it.nest.path[1:] {
		id.Nested[id.NestedLen] = n
		id.NestedLen++
	}
	id.Nested[id.NestedLen] = num
	id.NestedLen++
	return id
}

// nestedParent returns the location of the message embedded in
// attachment num of item it, or nil when its attachments would be
// deeper than an ID reaches.
func (c *call) nestedParent(it *itemData, num uint32) *attachParent {
	if it.nest == nil {
		if it.mid == 0 {
			return nil // not a stored message (a draft being built)
		}
		return &attachParent{fid: it.fid, mid: it.mid, path: []uint32{num}}
	}
	// The embedded message's attachments get IDs one level deeper than
	// num's: len(path) numbers below the top-level one.
	if len(it.nest.path) >= MaxNestedAttachments {
		return nil
	}
	return &attachParent{fid: it.nest.fid, mid: it.nest.mid, path: append(append(make([]uint32, 0, len(it.nest.path)+1), it.nest.path...), num)}
}

// findAttachment returns the attachment id names in m (read with its
// attachments and their embedded messages) and the item data to write it
// with (its parent: m, or the embedded message holding it).
func findAttachment(m *store.Message, id ObjectID) (*store.Attachment, *itemData, error) {
	top := &itemData{fid: m.Info.FolderID, mid: m.Info.ID, msg: m}
	a := attachmentNum(m.Attachments, id.Attach)
	parent := top
	path := []uint32{id.Attach}
	for _, n := range id.Nested[:min(int(id.NestedLen), MaxNestedAttachments)] {
		if a == nil || a.Embedded == nil {
			return nil, nil, errorf(ErrorItemNotFound, "The attachment was not found.")
		}
		parent = &itemData{msg: a.Embedded, props: a.Embedded.Props, recips: a.Embedded.Recipients,
			nest: &attachParent{fid: m.Info.FolderID, mid: m.Info.ID, path: append([]uint32(nil), path...)}}
		a = attachmentNum(a.Embedded.Attachments, n)
		path = append(path, n)
	}
	if a == nil {
		return nil, nil, errorf(ErrorItemNotFound, "The attachment was not found.")
	}
	return a, parent, nil
}

// attachmentNum returns the attachment numbered num, nil if none.
func attachmentNum(atts []store.Attachment, num uint32) *store.Attachment {
	for i := range atts {
		if atts[i].Num == num {
			return &atts[i]
		}
	}
	return nil
}

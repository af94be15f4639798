package ews

import (
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// getItemBatch is how many GetItem items are read from the store at a
// time when the mailbox implements store.MessageBatchReader: one read
// transaction (boltstore) or lock (memstore) per batch instead of per
// item, while at most this many read messages are held at once.
const getItemBatch = 32

// getItemID is one resolved GetItem ID ([MS-OXWSCORE] 3.1.4.4): the
// object, the InstanceIndex of an OccurrenceItemId (0 otherwise), or
// why it could not be resolved.
type getItemID struct {
	id    ObjectID
	index int
	err   error
}

// itemOptions returns the store options that read a message for shape s
// (nil: everything, as MimeContent needs the whole message).
func itemOptions(s *itemShape) *store.MessageOptions {
	if s.fields.has(fMimeContent) {
		return nil
	}
	return &store.MessageOptions{Tags: s.tags(), Recipients: s.fields.any(tableFields), Attachments: s.fields.has(fAttachments) || s.fields.has(fPhoto)}
}

// itemOf returns the itemData of a message read from the store.
func itemOf(m *store.Message) *itemData {
	return &itemData{fid: m.Info.FolderID, mid: m.Info.ID, props: m.Props, recips: m.Recipients, msg: m}
}

// prefetchItems reads the messages of ids (those that resolved) in one
// store call where the mailbox can (store.MessageBatchReader). It
// returns results aligned with ids, or nil where each item is to be read
// by itself as before; a zero result also means "read it by itself".
//
// Shapes with MimeContent are not batched: they read whole messages.
// Shapes with Attachments (the Default shape has them) batch without
// the attachments, and a message whose PidTagHasAttachments — computed
// by the store from its attachments ([MS-OXCMSG] 2.2.1.2, store.Mailbox
// contract) — is true is read again by itself with them: so a batch
// never holds more than one message's attachment contents at once, as
// reading one message at a time never did.
func (c *call) prefetchItems(ids []getItemID, s *itemShape) []store.MessageResult {
	br, ok := c.mb.(store.MessageBatchReader)
	opts := itemOptions(s)
	if !ok || opts == nil || len(ids) < 2 {
		return nil
	}
	withAtts := opts.Attachments
	if withAtts {
		o := *opts
		o.Attachments = false
		opts = &o
	}
	mids := make([]store.MID, 0, len(ids))
	for _, r := range ids {
		if r.err == nil {
			mids = append(mids, r.id.Message)
		}
	}
	res, err := br.Messages(c.ctx, mids, opts)
	if err != nil || len(res) != len(mids) {
		// The whole call failed (cancelled, closed): reading one at a
		// time reports it per item, as before.
		return nil
	}
	out := make([]store.MessageResult, len(ids))
	j := 0
	for i, r := range ids {
		if r.err != nil {
			continue
		}
		if m := res[j].Message; !withAtts || m == nil || !hasAttachments(m.Props) {
			out[i] = res[j]
		}
		j++
	}
	return out
}

// hasAttachments reports PidTagHasAttachments of props.
func hasAttachments(props []mapi.PropValue) bool {
	v, _ := getBool(props, mapi.PidTagHasAttachments)
	return v
}

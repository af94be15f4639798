package ews

import (
	"crypto/rand"
	"encoding/binary"
	"time"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Post items ([MS-OXWSPOST]): t:PostItem is an IPM.Post message kept in a
// folder (never sent); PostReplyItem creates a reply post beside the
// post it answers.

// writeItemTail writes the type-specific fields of the item types whose
// element order differs from t:Message's: t:PostItem ([MS-OXWSPOST]
// 2.2.4.1 PostItemType) and t:DistributionList (distlist.go).
func (c *call) writeItemTail(el string, it *itemData, s *itemShape) {
	switch el {
	case "t:PostItem":
		c.writePostFields(it, s)
	case "t:DistributionList":
		c.writeDistList(it, s)
	}
}

// writePostFields writes PostItemType's own fields in schema order.
func (c *call) writePostFields(it *itemData, s *itemShape) {
	p := it.props
	if s.fields.has(fConversationIndex) {
		if v, ok := getBytes(p, mapi.PidTagConversationIndex); ok {
			c.w.elemBase64("t:ConversationIndex", v)
		}
	}
	if s.fields.has(fConversationTopic) {
		if v, ok := getString(p, mapi.PidTagConversationTopic); ok {
			c.w.elem("t:ConversationTopic", v)
		}
	}
	if s.fields.has(fFrom) {
		c.writeSingleRecipient("t:From", p, mapi.PidTagSentRepresentingName, mapi.PidTagSentRepresentingSmtpAddress, mapi.PidTagSentRepresentingEmailAddress, mapi.PidTagSentRepresentingAddressType)
	}
	if s.fields.has(fInternetMessageID) {
		if v, ok := getString(p, mapi.PidTagInternetMessageId); ok {
			c.w.elem("t:InternetMessageId", v)
		}
	}
	if s.fields.has(fIsRead) {
		flags, _ := getInt(p, mapi.PidTagMessageFlags)
		c.w.elemBool("t:IsRead", flags&msgflagRead != 0)
	}
	if s.fields.has(fPostedTime) {
		v, ok := getTime(p, mapi.PidTagClientSubmitTime)
		if !ok {
			v, ok = getTime(p, mapi.PidTagMessageDeliveryTime)
		}
		if ok {
			c.w.elemTime("t:PostedTime", v)
		}
	}
	if s.fields.has(fReferences) {
		if v, ok := getString(p, mapi.PidTagInternetReferences); ok {
			c.w.elem("t:References", v)
		}
	}
	if s.fields.has(fSender) {
		c.writeSingleRecipient("t:Sender", p, mapi.PidTagSenderName, mapi.PidTagSenderSmtpAddress, mapi.PidTagSenderEmailAddress, mapi.PidTagSenderAddressType)
	}
}

// completePost fills what a new post has in Exchange: the poster as
// From and Sender, the posted time (PidTagClientSubmitTime), the
// conversation topic and a conversation index ([MS-OXOMSG] 2.2.1.3), and
// the read flag.
func (c *call) completePost(m *store.Message, now time.Time) {
	name := nonEmpty(c.mb.Info().DisplayName, c.user)
	if get(m.Props, mapi.PidTagSentRepresentingSmtpAddress) == nil {
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagSentRepresentingName, Value: name})
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagSentRepresentingSmtpAddress, Value: c.user})
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagSentRepresentingEmailAddress, Value: c.user})
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagSentRepresentingAddressType, Value: "SMTP"})
	}
	if get(m.Props, mapi.PidTagSenderSmtpAddress) == nil {
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagSenderName, Value: name})
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagSenderSmtpAddress, Value: c.user})
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagSenderEmailAddress, Value: c.user})
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagSenderAddressType, Value: "SMTP"})
	}
	if get(m.Props, mapi.PidTagClientSubmitTime) == nil {
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagClientSubmitTime, Value: now})
	}
	if get(m.Props, mapi.PidTagConversationTopic) == nil {
		subject, _ := getString(m.Props, mapi.PidTagSubject)
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagConversationTopic, Value: subject})
	}
	if get(m.Props, mapi.PidTagConversationIndex) == nil {
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagConversationIndex, Value: conversationIndexHeader(now)})
	}
	if get(m.Props, mapi.PidTagMessageFlags) == nil {
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagMessageFlags, Value: int32(msgflagRead)})
		m.Read = true
	}
}

// conversationIndexHeader is the 22-byte header block of a new
// conversation index ([MS-OXOMSG] 2.2.1.3): reserved byte 1, the 5 high
// bytes of the FILETIME and a random GUID.
func conversationIndexHeader(now time.Time) []byte {
	ft := uint64(now.UnixNano()/100) + 116444736000000000
	b := make([]byte, 22)
	b[0] = 1
	var t [8]byte
	binary.BigEndian.PutUint64(t[:], ft)
	copy(b[1:6], t[:5])
	rand.Read(b[6:]) // the conversation's GUID
	return b
}

// conversationIndexChild appends a 5-byte child block to parent
// ([MS-OXOMSG] 2.2.1.3): the time difference to the header's time.
func conversationIndexChild(parent []byte, now time.Time) []byte {
	if len(parent) < 22 {
		return conversationIndexHeader(now)
	}
	var t [8]byte
	copy(t[:5], parent[1:6])
	base := binary.BigEndian.Uint64(t[:])
	ft := uint64(now.UnixNano()/100) + 116444736000000000
	d := uint64(0)
	if ft > base {
		d = ft - base
	}
	// Bit 0 of the block is 0 (difference in units of 2^18 ticks): 31 bits
	// of the difference >> 18, then 4 random bits and 4 sequence bits.
	v := uint32(d>>18) & 0x7FFFFFFF
	blk := []byte{byte(v >> 23), byte(v >> 15), byte(v >> 7), byte(v << 1), byte(now.Nanosecond())}
	out := append([]byte(nil), parent...)
	return append(out, blk...)
}

// postReply builds a PostReplyItem's post ([MS-OXWSPOST] 2.2.4.2
// PostReplyItemType): "RE: " and the original's topic as the subject
// unless one is given, NewBodyContent above the original text, the
// original's conversation continued, In-Reply-To and References.
func (c *call) postReply(e *etree.Element) (*store.Message, store.FID, error) {
	ref := child(e, "ReferenceItemId")
	if ref == nil {
		return nil, 0, errorf(ErrorInvalidIdMalformed, "The response object has no ReferenceItemId.")
	}
	id, err := ParseObjectID(attr(ref, "Id"))
	if err != nil {
		return nil, 0, err
	}
	if id.Kind != KindMessage || id.Mailbox != c.mailboxGUID() {
		return nil, 0, errorf(ErrorItemNotFound, "The referenced item was not found.")
	}
	orig, err := c.mb.Message(c.ctx, id.Message, nil)
	if err == nil {
		err = c.allowRead(orig.Info.FolderID, id.Message)
	}
	if err != nil {
		return nil, 0, err
	}
	fields := etree.NewElement("PostItem")
	for _, k := range e.ChildElements() {
		switch k.Tag {
		case "ReferenceItemId", "NewBodyContent":
		default:
			fields.AddChild(k.Copy())
		}
	}
	n, err := c.parseItem(fields)
	if err != nil {
		return nil, 0, err
	}
	m, err := c.storeMessage(n)
	if err != nil {
		return nil, 0, err
	}
	topic, ok := getString(orig.Props, mapi.PidTagConversationTopic)
	if !ok {
		topic, _ = getString(orig.Props, mapi.PidTagSubject)
	}
	if get(m.Props, mapi.PidTagSubject) == nil {
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagSubject, Value: "RE: " + topic})
	}
	setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagConversationTopic, Value: topic})
	now := time.Now().UTC()
	if ci, ok := getBytes(orig.Props, mapi.PidTagConversationIndex); ok {
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagConversationIndex, Value: conversationIndexChild(ci, now)})
	}
	if mid, ok := getString(orig.Props, mapi.PidTagInternetMessageId); ok && mid != "" {
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagInReplyToId, Value: mid})
		refs, _ := getString(orig.Props, mapi.PidTagInternetReferences)
		if refs != "" {
			refs += " "
		}
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagInternetReferences, Value: refs + mid})
	}
	body := ""
	if nb := child(e, "NewBodyContent"); nb != nil {
		body = nb.Text()
	}
	if ob, ok := getString(orig.Props, mapi.PidTagBody); ok && ob != "" {
		body += "\r\n\r\n" + ob
	}
	if body != "" {
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagBody, Value: body})
	}
	setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: "IPM.Post"})
	return m, orig.Info.FolderID, nil
}

package ews

import (
	"context"
	"errors"
	"strings"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// The calendar assistant: what Exchange does to a meeting message once
// the store has committed it, whoever delivered it (this handler's local
// delivery, or an embedder's SMTP/LMTP delivery of iMIP mail converted
// by oxcmail and ical/mailhook).
//
//   - [MS-OXOCAL] 3.1.5.1 ff.: a request creates or updates the
//     attendee's tentative calendar item and outdates earlier requests
//     (PidLidMeetingType mtgOutOfDate); a cancellation marks the item
//     cancelled; a response updates the organizer's attendee tracking.
//   - [MS-OXODLGT] 3.1.4.2 / [MS-OXORULE] 3.2.5.1 OP_DELEGATE: a meeting
//     message for a delegator is resent to the delegates that receive
//     copies of meeting messages, with PidTagReceivedRepresenting* naming
//     the delegator and PidTagDelegatedByRule set; with DeliverMeetingRequests
//     DelegatesOnly the delegator's copy goes to Deleted Items.

// mtgDelegatorCopy is the PidLidMeetingType flag of a delegator's copy
// of a request its delegates received too ([MS-OXOCAL] 2.2.6.5).
const mtgDelegatorCopy = 0x00100000

// maxDelegateCopies bounds the copies one delivered meeting message
// makes (the delegates of a mailbox are bounded by maxDelegates too).
const maxDelegateCopies = maxDelegates

// ProcessMeeting runs the calendar assistant on message mid, which was
// just delivered (and committed) to folder fid of mb: a meeting request
// creates or updates the recipient's tentative calendar item and marks
// earlier requests of the meeting out of date, a cancellation marks the
// calendar item cancelled, a response updates the organizer's tracking
// of that attendee ([MS-OXOCAL] 3.1.5.1 ff.), and delegates who receive
// copies of meeting messages get one ([MS-OXODLGT] 3.1.4.2). Messages
// that are not meeting messages (PidTagMessageClass
// IPM.Schedule.Meeting.*) are left alone and nil is returned.
//
// Embedders that deliver mail themselves (the example server's SMTP/LMTP
// delivery) call it after the store committed the message and before
// the Inbox rules run; an error leaves the delivered message where it
// is. Meeting messages this handler delivers to local mailboxes are
// processed already.
func (h *Handler) ProcessMeeting(ctx context.Context, mb store.Mailbox, fid store.FID, mid store.MID) error {
	m, err := mb.Message(ctx, mid, nil)
	if err != nil {
		return err
	}
	cls, _ := getString(m.Props, mapi.PidTagMessageClass)
	if !hasClassPrefix(cls, "IPM.Schedule.Meeting") {
		return nil
	}
	c := &call{h: h, ctx: ctx, mb: mb, user: mb.Info().Owner}
	msg := &store.Message{Props: withoutIdentity(m.Props), Recipients: m.Recipients}
	for i := range msg.Recipients {
		msg.Recipients[i].RowID = 0
	}
	for _, a := range m.Attachments {
		a.Num = 0
		msg.Attachments = append(msg.Attachments, a)
	}
	_, err = c.assist(mb, fid, mid, msg)
	return err
}

// assist is the calendar assistant on meeting message mid (its content
// m) just delivered to folder fid of dst. kept is false when the message
// left fid (DelegatesOnly moved it to Deleted Items): the folder's rules
// have nothing to run on then.
func (c *call) assist(dst store.Mailbox, fid store.FID, mid store.MID, m *store.Message) (kept bool, err error) {
	if err := c.outdateRequests(dst, fid, mid, m.Props); err != nil {
		return true, err
	}
	if err := c.stampRequest(dst, mid, m); err != nil {
		return true, err
	}
	if err := c.processMeeting(dst, m); err != nil {
		return true, err
	}
	c.bookResource(dst, fid, mid, m) // a room answers for itself (booking.go)
	return c.forwardToDelegates(dst, mid, m)
}

// stampRequest classifies request mid (content m) of dst as the
// calendar assistant does before applying it ([MS-OXOCAL] 2.2.6.5
// PidLidMeetingType): when the sender set no meeting type (iMIP carries
// none), mtgRequest for a meeting dst's calendar does not know yet,
// mtgFull for an update of a known one; and mtgOutOfDate when dst's
// calendar item of the meeting has a higher sequence number already (a
// request that arrives after its update; processMeeting then leaves the
// item alone).
func (c *call) stampRequest(dst store.Mailbox, mid store.MID, m *store.Message) error {
	props := m.Props
	cls, _ := getString(props, mapi.PidTagMessageClass)
	if !hasClassPrefix(cls, classMeetingRequest) {
		return nil
	}
	cg, err1 := c.namedTagIn(dst, mapi.PidLidCleanGlobalObjectId, false)
	seqT, err2 := c.namedTagIn(dst, mapi.PidLidAppointmentSequence, true)
	mtT, err3 := c.namedTagIn(dst, mapi.PidLidMeetingType, true)
	if err := errors.Join(err1, err2, err3); err != nil || cg == 0 || seqT == 0 || mtT == 0 {
		return err
	}
	goid, _ := getBytes(props, cg)
	if len(goid) == 0 {
		return nil
	}
	row, err := c.findByGOID(dst, cg, goid, seqT)
	if err != nil {
		return err
	}
	mt, had := getInt(props, mtT)
	if !had || mt == 0 {
		mt = mtgRequest
		if row != nil {
			mt = mtgFull
		}
	}
	if row != nil {
		seq, _ := getInt(props, seqT)
		if cur, _ := getInt(row.Props, seqT); cur > seq {
			mt |= mtgOutOfDate
		}
	}
	if old, _ := getInt(props, mtT); had && old == mt {
		return nil
	}
	v := mapi.PropValue{Tag: mtT, Value: int32(mt)}
	setProp(&m.Props, v) // the delegates' copies carry it too
	_, err = dst.UpdateMessage(c.ctx, mid, &store.MessageUpdate{Set: []mapi.PropValue{v}})
	return err
}

// forwardToDelegates resends meeting message m (message mid of dst) to
// dst's delegates that receive copies of meeting messages, as
// Exchange's delegate rule does ([MS-OXORULE] 3.2.5.1 OP_DELEGATE, R539
// to R545), and applies DeliverMeetingRequests to dst's own copy:
// DelegatesOnly moves it to Deleted Items, the others keep it, flagged
// mtgDelegatorCopy ([MS-OXOCAL] 2.2.6.5).
func (c *call) forwardToDelegates(dst store.Mailbox, mid store.MID, m *store.Message) (kept bool, err error) {
	if b, _ := getBool(m.Props, mapi.PidTagDelegatedByRule); b {
		return true, nil // a delegate's copy is not forwarded again
	}
	dc := &call{h: c.h, ctx: c.ctx, mb: dst, user: dst.Info().Owner}
	d, err := dc.loadDelegates()
	if err != nil {
		var e *Error
		if errors.As(err, &e) && e.Code == ErrorDelegateMissingConfiguration {
			return true, nil // a store without delegate information
		}
		return true, err
	}
	if d.mid == 0 || d.deliver == "NoForward" {
		return true, nil
	}
	sender, _ := getString(m.Props, mapi.PidTagSenderSmtpAddress)
	var to []string
	for _, u := range d.users {
		if !u.receiveCopies || strings.EqualFold(u.address, sender) || strings.EqualFold(u.address, dc.user) {
			continue
		}
		to = append(to, u.address)
		if len(to) == maxDelegateCopies {
			break
		}
	}
	if len(to) == 0 {
		return true, nil
	}
	props := append([]mapi.PropValue(nil), m.Props...)
	for _, p := range dc.representing() {
		setProp(&props, p)
	}
	var errs []error
	for _, addr := range to {
		errs = append(errs, dc.deliverDelegateCopy(addr, &store.Message{Props: props, Recipients: m.Recipients, Attachments: m.Attachments}))
	}
	if err := errors.Join(errs...); err != nil {
		return true, err
	}
	if d.deliver == "DelegatesOnly" {
		info, err := dst.Message(c.ctx, mid, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagMessageClass}})
		if err != nil {
			return true, err
		}
		return false, dc.toDeletedItems(dst, info.Info.FolderID, mid)
	}
	cls, _ := getString(m.Props, mapi.PidTagMessageClass)
	if !hasClassPrefix(cls, classMeetingRequest) {
		return true, nil
	}
	mtT, err := dc.namedTag(mapi.PidLidMeetingType, true)
	if err != nil || mtT == 0 {
		return true, err
	}
	mt, _ := getInt(m.Props, mtT)
	_, err = dst.UpdateMessage(c.ctx, mid, &store.MessageUpdate{Set: []mapi.PropValue{{Tag: mtT, Value: int32(mt | mtgDelegatorCopy)}}})
	return true, err
}

// representing returns the PidTagReceivedRepresenting* properties naming
// the caller's mailbox owner and PidTagDelegatedByRule ([MS-OXORULE]
// 3.2.5.1, R540 to R545): the address book entry ID, "EX" and the
// legacy DN for a directory user, else a one-off entry ID and SMTP.
func (c *call) representing() []mapi.PropValue {
	name := c.mb.Info().DisplayName
	if name == "" {
		name = c.user
	}
	typ, addr := "SMTP", c.user
	var eid []byte
	if dir, ok := c.h.Store.(store.Directory); ok {
		if e, err := dir.LookupUser(c.ctx, c.user); err == nil && e.LegacyDN != "" {
			if b, err := mapi.NewAddressBookEntryID(mapi.ABMailUser, e.LegacyDN).AppendBinary(nil); err == nil {
				typ, addr, eid = "EX", e.LegacyDN, b
			}
		}
	}
	if eid == nil {
		eid, _ = mapi.NewOneOffEntryID(name, "SMTP", c.user, 0).AppendBinary(nil)
	}
	// [MS-OXCPRPT] 2.2.1.9: the search key is the address type and
	// address, upper case, NUL-terminated.
	key := []byte(strings.ToUpper(typ+":"+addr) + "\x00")
	return []mapi.PropValue{
		{Tag: mapi.PidTagReceivedRepresentingEntryId, Value: eid},
		{Tag: mapi.PidTagReceivedRepresentingAddressType, Value: typ},
		{Tag: mapi.PidTagReceivedRepresentingEmailAddress, Value: addr},
		{Tag: mapi.PidTagReceivedRepresentingSmtpAddress, Value: c.user},
		{Tag: mapi.PidTagReceivedRepresentingName, Value: name},
		{Tag: mapi.PidTagReceivedRepresentingSearchKey, Value: key},
		{Tag: mapi.PidTagDelegatedByRule, Value: true},
	}
}

// deliverDelegateCopy puts a delegate's copy of a meeting message (m, in
// the caller's property IDs) into the delegate's receive folder. The
// copy is not processed in the delegate's calendar: it stands for the
// delegator's meeting.
func (c *call) deliverDelegateCopy(owner string, m *store.Message) error {
	dst, err := c.h.Store.OpenMailbox(c.ctx, owner)
	if err != nil {
		return err
	}
	props, err := c.translate(dst, m.Props)
	if err != nil {
		return err
	}
	var atts []store.Attachment
	for _, a := range m.Attachments {
		a.Num = 0
		if a.Embedded != nil {
			ep, err := c.translate(dst, a.Embedded.Props)
			if err != nil {
				return err
			}
			a.Embedded = &store.Message{Props: ep, Recipients: a.Embedded.Recipients}
		}
		atts = append(atts, a)
	}
	cls, _ := getString(props, mapi.PidTagMessageClass)
	inbox, _, err := dst.ReceiveFolder(c.ctx, cls)
	if err != nil {
		return err
	}
	_, err = dst.CreateMessage(c.ctx, inbox, &store.Message{Props: props, Recipients: m.Recipients, Attachments: atts, NewMail: true})
	return err
}

// delegatorItem finds the calendar item a delegate's copy of a meeting
// message stands for: the item of the delegator's Calendar (named by
// PidTagReceivedRepresentingSmtpAddress on a message with
// PidTagDelegatedByRule) with the message's PidLidCleanGlobalObjectId,
// when the caller may read that Calendar ([MS-OXODLGT] 3.1.4.2: the
// delegate answers for the delegator). It returns the delegator's
// mailbox GUID and the item's row, or a nil row.
func (c *call) delegatorItem(it *itemData) (mapi.GUID, *store.Row) {
	cg, err := c.namedTag(mapi.PidLidCleanGlobalObjectId, false)
	if err != nil || cg == 0 || it.mid == 0 {
		return mapi.GUID{}, nil
	}
	m, err := c.mb.Message(c.ctx, it.mid, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagDelegatedByRule, mapi.PidTagReceivedRepresentingSmtpAddress, cg}})
	if err != nil {
		return mapi.GUID{}, nil
	}
	delegated, _ := getBool(m.Props, mapi.PidTagDelegatedByRule)
	owner, _ := getString(m.Props, mapi.PidTagReceivedRepresentingSmtpAddress)
	goid, _ := getBytes(m.Props, cg)
	if !delegated || owner == "" || len(goid) == 0 || strings.EqualFold(owner, c.mb.Info().Owner) {
		return mapi.GUID{}, nil
	}
	dmb, err := c.h.Store.OpenMailbox(c.ctx, owner)
	if err != nil {
		return mapi.GUID{}, nil
	}
	cal, err := dmb.SpecialFolder(c.ctx, store.FolderCalendar)
	ps, ok := dmb.(store.PermissionStore)
	if err != nil || !ok {
		return mapi.GUID{}, nil
	}
	if r, err := c.memberRights(ps, cal, c.user); err != nil || r&store.RightReadAny == 0 {
		return mapi.GUID{}, nil
	}
	dcg, err := c.namedTagIn(dmb, mapi.PidLidCleanGlobalObjectId, false)
	if err != nil || dcg == 0 {
		return mapi.GUID{}, nil
	}
	row, err := c.findByGOID(dmb, dcg, goid)
	if err != nil || row == nil {
		return mapi.GUID{}, nil
	}
	c.h.owners.Store(dmb.Info().MailboxGUID, dmb.Info().Owner)
	return dmb.Info().MailboxGUID, row
}

// writeDelegatorItemID writes the AssociatedCalendarItemId of a
// delegate's copy of a meeting message (delegatorItem); false if there
// is none.
func (c *call) writeDelegatorItemID(it *itemData) bool {
	g, row := c.delegatorItem(it)
	if row == nil {
		return false
	}
	c.w.raw(`<t:AssociatedCalendarItemId Id="`)
	c.w.b = ObjectID{Kind: KindMessage, Mailbox: g, Folder: row.Folder, Message: row.Message}.AppendText(c.w.b)
	if ck, ok := getBytes(row.Props, mapi.PidTagChangeKey); ok {
		c.w.raw(`" ChangeKey="`)
		c.w.b = appendChangeKey(c.w.b, ck)
	}
	c.w.raw(`"/>`)
	return true
}

// respondAsDelegate carries out AcceptItem, TentativelyAcceptItem or
// DeclineItem on a delegate's copy of a meeting request (orig, in the
// caller's mailbox): the delegate answers for the delegator
// ([MS-OXODLGT] 3.1.4.2), so the delegator's calendar item takes the
// answer and the response goes to the organizer from the delegator's
// mailbox (a copy in the delegator's Sent Items with SendAndSaveCopy);
// the delegate's copy goes to the delegate's Deleted Items. It needs
// edit rights on the delegator's Calendar (ErrorAccessDenied otherwise).
// handled is false for anything else (the caller answers as usual).
//
// QUIRK: the response's sender is the delegator, not "delegate on behalf
// of delegator" (PidTagSender* naming the delegate beside
// PidTagSentRepresenting*) as Exchange sends it.
func (c *call) respondAsDelegate(e *etree.Element, orig *store.Message, disp string) (cr *created, handled bool, err error) {
	delegated, _ := getBool(orig.Props, mapi.PidTagDelegatedByRule)
	owner, _ := getString(orig.Props, mapi.PidTagReceivedRepresentingSmtpAddress)
	if !delegated || owner == "" || strings.EqualFold(owner, c.mb.Info().Owner) {
		return nil, false, nil
	}
	it := &itemData{fid: orig.Info.FolderID, mid: orig.Info.ID, props: orig.Props}
	g, row := c.delegatorItem(it)
	if row == nil {
		return nil, true, errorf(ErrorItemNotFound, "The delegator's calendar item of this meeting was not found or cannot be read.")
	}
	dmb, err := c.h.Store.OpenMailbox(c.ctx, owner)
	if err != nil {
		return nil, true, err
	}
	ps, _ := dmb.(store.PermissionStore)
	if r, err := c.memberRights(ps, row.Folder, c.user); err != nil || r&store.RightEditAny == 0 {
		return nil, true, errorf(ErrorAccessDenied, "The delegate may not change the delegator's calendar.")
	}
	// The same response object, referencing the delegator's item, in a
	// call on the delegator's mailbox.
	de := e.Copy()
	ref := child(de, "ReferenceItemId")
	for _, a := range ref.Attr {
		ref.RemoveAttr(a.FullKey())
	}
	ref.CreateAttr("Id", string(ObjectID{Kind: KindMessage, Mailbox: g, Folder: row.Folder, Message: row.Message}.AppendText(nil)))
	// The delegate acts in the delegator's mailbox: the response leaves
	// on behalf of the delegator (Sender the delegate, onbehalf.go).
	dc := c.viewOf(dmb, 0)
	if _, err := dc.respondToMeeting(de, disp); err != nil {
		return nil, true, err
	}
	return nil, true, c.toDeletedItems(c.mb, orig.Info.FolderID, orig.Info.ID)
}

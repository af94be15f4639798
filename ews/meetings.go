package ews

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/ical"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Meetings ([MS-OXWSMTGS] over [MS-OXOCAL] 3.1.4.6 ff.): invitations
// sent from CreateItem/UpdateItem, meeting requests, responses and
// cancellations as their own item types, the response objects AcceptItem,
// TentativelyAcceptItem, DeclineItem, CancelCalendarItem and RemoveItem,
// and cancellations sent by DeleteItem.
//
// Meeting messages for recipients with a mailbox in the store are
// delivered as property bags (named properties mapped to the recipient's
// mailbox) and processed on delivery, as Exchange's calendar assistant
// does: a request puts a tentative item in the attendee's Calendar (or
// updates it), a cancellation marks it cancelled, a response updates the
// attendee's PidTagRecipientTrackStatus in the organizer's item.
//
// QUIRK: local recipients skip MIME, unlike Exchange's transport, so no
// meeting property is lost on the way (oxcmail has no iCalendar export
// of its own); other recipients get the message through Handler.Sender
// as MIME with a text/calendar (iMIP) attachment built by ical.Export.

// Meeting message classes ([MS-OXOCAL] 2.2.6.1, 2.2.7.1, 2.2.8.1).
const (
	classMeetingRequest  = "IPM.Schedule.Meeting.Request"
	classMeetingPos      = "IPM.Schedule.Meeting.Resp.Pos"
	classMeetingTent     = "IPM.Schedule.Meeting.Resp.Tent"
	classMeetingNeg      = "IPM.Schedule.Meeting.Resp.Neg"
	classMeetingCanceled = "IPM.Schedule.Meeting.Canceled"
)

// Response status values of PidLidResponseStatus and
// PidTagRecipientTrackStatus ([MS-OXOCAL] 2.2.1.11, 2.2.4.10.2); their
// index is the EWS ResponseTypeType value.
const (
	respNone         = 0
	respOrganized    = 1
	respTentative    = 2
	respAccepted     = 3
	respDeclined     = 4
	respNotResponded = 5
)

var responseTypeNames = [...]string{"Unknown", "Organizer", "Tentative", "Accept", "Decline", "NoResponseReceived"}

// PidLidMeetingType values ([MS-OXOCAL] 2.2.6.5).
const (
	mtgRequest    = 0x00000001
	mtgFull       = 0x00010000
	mtgInfo       = 0x00020000
	mtgOutOfDate  = 0x00080000
	asfReceived   = 0x2 // PidLidAppointmentStateFlags, [MS-OXOCAL] 2.2.1.10
	recipSendable = 0x1 // PidTagRecipientFlags, [MS-OXOCAL] 2.2.4.10.1
)

// meetingElement is the element of a meeting message class.
func meetingElement(cls string) string {
	switch {
	case hasClassPrefix(cls, classMeetingRequest):
		return "t:MeetingRequest"
	case hasClassPrefix(cls, "IPM.Schedule.Meeting.Resp"):
		return "t:MeetingResponse"
	case hasClassPrefix(cls, classMeetingCanceled):
		return "t:MeetingCancellation"
	}
	return "t:MeetingMessage"
}

func isMeetingElement(el string) bool {
	switch el {
	case "t:MeetingRequest", "t:MeetingResponse", "t:MeetingCancellation", "t:MeetingMessage":
		return true
	}
	return false
}

// calendarFieldFor says whether calendar field f is written for element
// el, following the schema's sequences (types.xsd CalendarItemType,
// MeetingRequestMessageType, MeetingResponseMessageType,
// MeetingCancellationMessageType).
func calendarFieldFor(el string, f int) bool {
	switch el {
	case "t:CalendarItem":
		return f != fMeetingRequestType && f != fIntendedFreeBusyStatus && f != fProposedStart && f != fProposedEnd
	case "t:MeetingRequest":
		return f < fFirstOccurrence || f == fRecurrence
	case "t:MeetingResponse":
		return f == fUID || f == fRecurrenceId || f == fStart || f == fEnd || f == fLocation || f == fRecurrence || f == fProposedStart || f == fProposedEnd
	case "t:MeetingCancellation":
		return f == fUID || f == fRecurrenceId || f == fStart || f == fEnd || f == fLocation || f == fRecurrence
	case "t:MeetingMessage":
		return f == fUID || f == fRecurrenceId
	}
	return false
}

// writeAttendeeResponse writes an attendee's ResponseType and
// LastResponseTime from its recipient row ([MS-OXOCAL] 2.2.4.10).
func (c *call) writeAttendeeResponse(p []mapi.PropValue) {
	v, ok := getInt(p, mapi.PidTagRecipientTrackStatus)
	if !ok {
		return
	}
	c.w.elem("t:ResponseType", responseTypeNames[clampIdx(v, len(responseTypeNames), 0)])
	if t, ok := getTime(p, mapi.PidTagRecipientTrackStatusTime); ok {
		c.w.elemTime("t:LastResponseTime", t)
	}
	c.writeAttendeeProposal(p) // meetings2.go
}

// writeMeetingField writes one of the meeting and occurrence fields.
func (c *call) writeMeetingField(it *itemData, s *itemShape, f int, el string) error {
	p := it.props
	tag := s.tag(f)
	switch f {
	case fUID:
		if g, ok := getBytes(p, tag); ok && tag != 0 {
			if hasInstanceDate(g) { // one instance: the series' UID (meetings2.go)
				g = slices.Clone(g)
				clear(g[16:20])
			}
			c.w.elem("t:UID", ical.UIDFromGlobalObjectID(g))
		}
	case fOriginalStart:
		if it.occurrence {
			c.w.elemTime("t:OriginalStart", it.original)
		}
	case fMeetingRequestWasSent:
		v, _ := getBool(p, tag)
		c.w.elemBool("t:MeetingRequestWasSent", v && tag != 0)
	case fMyResponseType:
		v, ok := getInt(p, tag)
		if !ok || tag == 0 {
			v = respOrganized
		}
		if el == "t:MeetingRequest" {
			// The attendee's answer is kept on her calendar item (for
			// one occurrence: its exception, meetings2.go).
			v = respNotResponded
			if r, ok := c.requestResponse(it, s); ok {
				v = r
			}
		}
		c.w.elem("t:MyResponseType", responseTypeNames[clampIdx(v, len(responseTypeNames), 0)])
	case fResponseType:
		cls, _ := getString(p, mapi.PidTagMessageClass)
		switch {
		case hasClassPrefix(cls, classMeetingPos):
			c.w.elem("t:ResponseType", "Accept")
		case hasClassPrefix(cls, classMeetingTent):
			c.w.elem("t:ResponseType", "Tentative")
		case hasClassPrefix(cls, classMeetingNeg):
			c.w.elem("t:ResponseType", "Decline")
		case el == "t:MeetingRequest":
			v := int64(respNotResponded)
			if r, ok := c.requestResponse(it, s); ok {
				v = r
			}
			c.w.elem("t:ResponseType", responseTypeNames[clampIdx(v, len(responseTypeNames), 0)])
		}
	case fAppointmentReplyTime:
		if v, ok := getTime(p, tag); ok && tag != 0 {
			c.w.elemTime("t:AppointmentReplyTime", v)
		}
	case fAppointmentSequenceNumber:
		if v, ok := getInt(p, tag); ok && tag != 0 {
			c.w.elemInt("t:AppointmentSequenceNumber", v)
		}
	case fAppointmentState:
		if v, ok := getInt(p, tag); ok && tag != 0 {
			c.w.elemInt("t:AppointmentState", v)
		}
	case fFirstOccurrence, fLastOccurrence, fModifiedOccurrences, fDeletedOccurrences:
		return c.writeOccurrenceField(it, s, f)
	case fAssociatedCalendarItemID:
		row, err := c.associatedItem(it, s)
		if err != nil {
			return err
		}
		if row != nil {
			ck, _ := getBytes(row.Props, mapi.PidTagChangeKey)
			c.writeItemID("t:AssociatedCalendarItemId", row.Message, row.Folder, ck)
		} else {
			c.writeDelegatorItemID(it) // a delegate's copy: calassist.go
		}
	case fIsOutOfDate:
		v, _ := getInt(p, tag)
		c.w.elemBool("t:IsOutOfDate", tag != 0 && v&mtgOutOfDate != 0)
	case fHasBeenProcessed:
		row, err := c.associatedItem(it, s)
		if err != nil {
			return err
		}
		c.w.elemBool("t:HasBeenProcessed", row != nil)
	case fMeetingRequestType:
		v, _ := getInt(p, tag)
		name := "None"
		switch {
		case v&mtgOutOfDate != 0:
			name = "Outdated"
		case v&mtgFull != 0:
			name = "FullUpdate"
		case v&mtgInfo != 0:
			name = "InformationalUpdate"
		case v&mtgRequest != 0:
			name = "NewMeetingRequest"
		}
		c.w.elem("t:MeetingRequestType", name)
	case fIntendedFreeBusyStatus:
		if v, ok := getInt(p, tag); ok && tag != 0 {
			c.w.elem("t:IntendedFreeBusyStatus", freeBusyNames[clampIdx(v, len(freeBusyNames), 2)])
		}
	}
	return nil
}

// associatedItem finds the calendar item of a meeting message: the item
// of the caller's Calendar with the same PidLidCleanGlobalObjectId.
func (c *call) associatedItem(it *itemData, s *itemShape) (*store.Row, error) {
	cg, err := c.namedTag(mapi.PidLidCleanGlobalObjectId, false)
	if err != nil || cg == 0 {
		return nil, err
	}
	goid, ok := getBytes(it.props, cg)
	if !ok {
		if it.mid == 0 {
			return nil, nil
		}
		m, err := c.mb.Message(c.ctx, it.mid, &store.MessageOptions{Tags: []mapi.PropTag{cg}})
		if err != nil {
			return nil, nil
		}
		if goid, ok = getBytes(m.Props, cg); !ok {
			return nil, nil
		}
	}
	rt, _ := c.namedTag(mapi.PidLidResponseStatus, false)
	return c.findByGOID(c.mb, cg, goid, rt)
}

// findByGOID returns the item of mb's Calendar whose clean global object
// ID (tag cg) is goid, nil if none, with the values of cols.
func (c *call) findByGOID(mb store.Mailbox, cg mapi.PropTag, goid []byte, cols ...mapi.PropTag) (*store.Row, error) {
	tables, ok := mb.(store.Tables)
	if !ok || cg == 0 || len(goid) == 0 {
		return nil, nil
	}
	cal, err := mb.SpecialFolder(c.ctx, store.FolderCalendar)
	if err != nil {
		return nil, nil
	}
	q := &store.Query{Restriction: mapi.PropertyRestriction{RelOp: mapi.RelOpEqual, PropTag: cg, Value: mapi.PropValue{Tag: cg, Value: goid}},
		Columns: append([]mapi.PropTag{mapi.PidTagChangeKey}, cols...), Limit: 1}
	for i, t := range q.Columns {
		if t == 0 {
			q.Columns[i] = mapi.PidTagChangeKey
		}
	}
	res, err := tables.QueryMessages(c.ctx, cal, q)
	if err != nil || len(res.Rows) == 0 {
		return nil, err
	}
	return &res.Rows[0], nil
}

// newGlobalObjectID returns a new PidLidGlobalObjectId ([MS-OXOCAL]
// 2.2.1.27): the Byte Array ID, no instance date, the creation time and
// 16 random bytes of data.
func newGlobalObjectID(now time.Time) []byte {
	b := []byte{0x04, 0x00, 0x00, 0x00, 0x82, 0x00, 0xE0, 0x00, 0x74, 0xC5, 0xB7, 0x10, 0x1A, 0x82, 0xE0, 0x08}
	b = append(b, 0, 0, 0, 0)
	ft := uint64(now.Sub(time.Date(1601, 1, 1, 0, 0, 0, 0, time.UTC)) / 100)
	b = binary.LittleEndian.AppendUint64(b, ft)
	b = append(b, make([]byte, 8)...)
	b = binary.LittleEndian.AppendUint32(b, 16)
	var rnd [16]byte
	rand.Read(rnd[:])
	return append(b, rnd[:]...)
}

// meetingDefaults gives a new calendar item its global object ID,
// sequence 0 and the organizer's response status, and marks recipients
// for tracking ([MS-OXOCAL] 3.1.4.1, 3.1.4.6.1).
func (c *call) meetingDefaults(n *newItem) error {
	goidT, err := c.namedTag(mapi.PidLidGlobalObjectId, true)
	if err != nil {
		return err
	}
	cleanT, err := c.namedTag(mapi.PidLidCleanGlobalObjectId, true)
	if err != nil {
		return err
	}
	if goidT != 0 && cleanT != 0 {
		// A client may give either ID (as an ExtendedProperty); the other
		// follows from it ([MS-OXOCAL] 2.2.1.27, 2.2.1.28: the clean ID
		// is the global one with the instance date zeroed, and a series
		// or single item's global ID has no instance date).
		g, hasG := getBytes(n.props, goidT)
		cl, hasC := getBytes(n.props, cleanT)
		switch {
		case !hasG && !hasC:
			g = newGlobalObjectID(time.Now().UTC())
			n.props = append(n.props, mapi.PropValue{Tag: goidT, Value: g}, mapi.PropValue{Tag: cleanT, Value: append([]byte(nil), g...)})
		case !hasG:
			n.props = append(n.props, mapi.PropValue{Tag: goidT, Value: append([]byte(nil), cl...)})
		case !hasC:
			cl = append([]byte(nil), g...)
			if len(cl) >= 20 {
				clear(cl[16:20])
			}
			n.props = append(n.props, mapi.PropValue{Tag: cleanT, Value: cl})
		}
	}
	for _, x := range []struct {
		np mapi.NamedProp
		v  any
	}{
		{mapi.PidLidAppointmentSequence, int32(0)},
		{mapi.PidLidResponseStatus, int32(respOrganized)},
	} {
		t, err := c.namedTag(x.np, true)
		if err != nil {
			return err
		}
		if t != 0 && get(n.props, t) == nil {
			n.props = append(n.props, mapi.PropValue{Tag: t, Value: x.v})
		}
	}
	for i := range n.recips {
		setProp(&n.recips[i].Props, mapi.PropValue{Tag: mapi.PidTagRecipientTrackStatus, Value: int32(respNone)})
		setProp(&n.recips[i].Props, mapi.PropValue{Tag: mapi.PidTagRecipientFlags, Value: int32(recipSendable)})
	}
	return nil
}

// sendMode parses a SendMeetingInvitations, ...OrCancellations or
// SendMeetingCancellations value: whether to send, and whether to keep a
// copy in Sent Items.
func sendMode(v string) (send, saveCopy bool, err error) {
	switch v {
	case "", "SendToNone":
		return false, false, nil
	case "SendOnlyToAll", "SendOnlyToChanged":
		return true, false, nil
	case "SendToAllAndSaveCopy", "SendToChangedAndSaveCopy":
		return true, true, nil
	}
	return false, false, &Fault{Code: ErrorSchemaValidation, Message: "The meeting send option " + v + " is not valid."}
}

// attendeeAddrs lists the SMTP addresses of a meeting's attendees (the
// recipient table without the organizer's own row).
func (c *call) attendeeAddrs(recips []store.Recipient) []string {
	var out []string
	for _, r := range recips {
		addr, _ := getString(r.Props, mapi.PidTagSmtpAddress)
		if addr == "" {
			addr, _ = getString(r.Props, mapi.PidTagEmailAddress)
		}
		if addr != "" && !c.isSelf(addr) {
			out = append(out, addr)
		}
	}
	return out
}

// isOrganizer says whether the caller organizes the meeting whose
// properties are p.
func (c *call) isOrganizer(p []mapi.PropValue) bool {
	rt, _ := c.namedTag(mapi.PidLidResponseStatus, false)
	if v, ok := getInt(p, rt); ok && rt != 0 {
		return v == respOrganized
	}
	org, _ := getString(p, mapi.PidTagSentRepresentingSmtpAddress)
	return org == "" || c.isSelf(org)
}

// inviteCreated sends the invitations of a calendar item CreateItem has
// just saved, per SendMeetingInvitations ([MS-OXWSMTGS] 3.1.4.3).
func (c *call) inviteCreated(info *store.MessageInfo) (*store.MessageInfo, error) {
	send, save, err := sendMode(attr(c.req.Body, "SendMeetingInvitations"))
	if err != nil || !send {
		return info, err
	}
	m, err := c.mb.Message(c.ctx, info.ID, nil)
	if err != nil {
		return nil, err
	}
	to := c.attendeeAddrs(m.Recipients)
	if len(to) == 0 {
		return info, nil
	}
	return c.sendRequests(m, to, nil, save, false)
}

// sendRequests marks the organizer's item m as sent (bumping the
// sequence when update is set) and sends a meeting request to the
// addresses in to and a cancellation to those in cancel.
func (c *call) sendRequests(m *store.Message, to, cancel []string, save, update bool) (*store.MessageInfo, error) {
	seqT, err := c.namedTag(mapi.PidLidAppointmentSequence, true)
	if err != nil {
		return nil, err
	}
	invT, err := c.namedTag(mapi.PidLidFInvited, true)
	if err != nil {
		return nil, err
	}
	seq, _ := getInt(m.Props, seqT)
	inv, _ := getBool(m.Props, invT)
	upd := &store.MessageUpdate{}
	if update && inv {
		seq++
		upd.Set = append(upd.Set, mapi.PropValue{Tag: seqT, Value: int32(seq)})
	}
	upd.Set = append(upd.Set, mapi.PropValue{Tag: invT, Value: true})
	if t, err := c.namedTag(mapi.PidLidOwnerCriticalChange, true); err == nil && t != 0 {
		upd.Set = append(upd.Set, mapi.PropValue{Tag: t, Value: time.Now().UTC().Truncate(time.Second)})
	}
	info, err := c.mb.UpdateMessage(c.ctx, m.Info.ID, upd)
	if err != nil {
		return nil, err
	}
	for _, p := range upd.Set {
		setProp(&m.Props, p)
	}
	if len(to) > 0 {
		mt := int32(mtgRequest)
		if update && inv {
			mt = mtgFull
		}
		req, err := c.meetingMessage(m, classMeetingRequest, "", mt)
		if err != nil {
			return nil, err
		}
		if err := c.sendMeeting(req, to, save); err != nil {
			return nil, err
		}
	}
	if len(cancel) > 0 {
		if err := c.sendCancellation(m, cancel, save); err != nil {
			return nil, err
		}
	}
	return info, nil
}

// sendCancellation sends a cancellation of the organizer's item m to
// the addresses in to.
func (c *call) sendCancellation(m *store.Message, to []string, save bool) error {
	cm, err := c.meetingMessage(m, classMeetingCanceled, "Canceled: ", 0)
	if err != nil {
		return err
	}
	return c.sendMeeting(cm, to, save)
}

// meetingMessage builds a meeting request or cancellation from the
// organizer's item m ([MS-OXOCAL] 2.2.6, 2.2.8): the item's properties
// with the message class, subject prefix, meeting type and intended busy
// status of the message.
func (c *call) meetingMessage(m *store.Message, cls, prefix string, meetingType int32) (*store.Message, error) {
	out := &store.Message{Attachments: m.Attachments}
	// The attendee list without the organizer's tracking of answers.
	for _, r := range m.Recipients {
		out.Recipients = append(out.Recipients, store.Recipient{Props: slices.DeleteFunc(slices.Clone(r.Props), func(p mapi.PropValue) bool {
			return p.Tag == mapi.PidTagRecipientTrackStatus || p.Tag == mapi.PidTagRecipientTrackStatusTime
		})})
	}
	respT, _ := c.namedTag(mapi.PidLidResponseStatus, false)
	invT, _ := c.namedTag(mapi.PidLidFInvited, false)
	for _, p := range m.Props {
		if (respT != 0 && p.Tag == respT) || (invT != 0 && p.Tag == invT) {
			continue
		}
		switch p.Tag {
		case mapi.PidTagChangeKey, mapi.PidTagPredecessorChangeList, mapi.PidTagEntryId, mapi.PidTagParentEntryId,
			mapi.PidTagSourceKey, mapi.PidTagParentSourceKey, mapi.PidTagMessageFlags, mapi.PidTagInternetMessageId:
			continue
		}
		out.Props = append(out.Props, p)
	}
	setProp(&out.Props, mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: cls})
	subj, _ := getString(m.Props, mapi.PidTagSubject)
	setProp(&out.Props, mapi.PropValue{Tag: mapi.PidTagSubject, Value: prefix + subj})
	setProp(&out.Props, mapi.PropValue{Tag: mapi.PidTagConversationTopic, Value: subj})
	setProp(&out.Props, mapi.PropValue{Tag: mapi.PidTagResponseRequested, Value: cls == classMeetingRequest})
	x, err := c.calExtraTags(c.mb, true)
	if err != nil {
		return nil, err
	}
	state, _ := getInt(m.Props, x.state)
	state |= asfMeeting | asfReceived
	busy, ok := getInt(m.Props, x.busy)
	if !ok {
		busy = 2
	}
	if cls == classMeetingCanceled {
		state |= asfCanceled
		busy = 0
	}
	set := []struct {
		np mapi.NamedProp
		v  any
	}{
		{mapi.PidLidAppointmentStateFlags, int32(state)},
		{mapi.PidLidIntendedBusyStatus, int32(busy)},
	}
	if meetingType != 0 {
		set = append(set, struct {
			np mapi.NamedProp
			v  any
		}{mapi.PidLidMeetingType, meetingType})
	}
	for _, s := range set {
		t, err := c.namedTag(s.np, true)
		if err != nil {
			return nil, err
		}
		if t != 0 {
			setProp(&out.Props, mapi.PropValue{Tag: t, Value: s.v})
		}
	}
	if cls == classMeetingCanceled && x.busy != 0 {
		setProp(&out.Props, mapi.PropValue{Tag: x.busy, Value: int32(0)})
	}
	return out, nil
}

// sendMeeting sends meeting message m (in the caller's mailbox's
// property IDs) to the addresses in to: delivered and processed for
// local mailboxes, through Handler.Sender for the others; with save, a
// copy goes to the caller's Sent Items.
func (c *call) sendMeeting(m *store.Message, to []string, save bool) error {
	now := time.Now().UTC().Truncate(time.Second)
	if err := c.stampSender(m, now); err != nil { // onbehalf.go
		return err
	}
	dir, _ := c.h.Store.(store.Directory)
	var remote []string
	seen := map[string]bool{}
	var local []string
	for _, addr := range to {
		in, ok, err := c.localAddresses(dir, addr)
		if err != nil {
			return err
		}
		if ok {
			local = append(local, in...)
			continue
		}
		remote = append(remote, addr)
	}
	for _, addr := range local {
		k := strings.ToLower(addr)
		if seen[k] || c.isSelf(addr) {
			continue
		}
		seen[k] = true
		if err := c.deliverMeeting(addr, m); err != nil {
			return err
		}
	}
	if len(remote) > 0 {
		cm, err := c.withCalendarPart(m)
		if err != nil {
			return err
		}
		rm := &store.Message{Props: m.Props, Attachments: cm.Attachments}
		for _, addr := range remote {
			rm.Recipients = append(rm.Recipients, recipientProps("", addr, 1))
		}
		if err := c.send(rm); err != nil {
			return err
		}
	}
	c.savePrincipalCopy(&store.Message{Props: m.Props, Recipients: m.Recipients}, false) // sendas.go
	if save {
		cp := &store.Message{Props: append([]mapi.PropValue(nil), m.Props...), Recipients: m.Recipients, Read: true}
		setProp(&cp.Props, mapi.PropValue{Tag: mapi.PidTagMessageFlags, Value: int32(msgflagRead | msgflagFromMe)})
		if err := c.saveSentCopy(cp, 0); err != nil { // onbehalf.go
			return err
		}
	}
	return nil
}

// translate maps the named properties of props (the caller's mailbox's
// IDs) to dst's IDs, creating them there.
func (c *call) translate(dst store.Mailbox, props []mapi.PropValue) ([]mapi.PropValue, error) {
	out := make([]mapi.PropValue, 0, len(props))
	var ids []mapi.PropID
	for _, p := range props {
		if p.Tag.ID() >= store.FirstNamedPropID {
			ids = append(ids, p.Tag.ID())
		}
	}
	if len(ids) == 0 || dst == c.mb {
		return append(out, props...), nil
	}
	src, ok1 := c.mb.(store.NamedProperties)
	dn, ok2 := dst.(store.NamedProperties)
	if !ok1 || !ok2 {
		for _, p := range props {
			if p.Tag.ID() < store.FirstNamedPropID {
				out = append(out, p)
			}
		}
		return out, nil
	}
	names, err := src.PropNames(c.ctx, ids)
	if err != nil {
		return nil, err
	}
	var keep []mapi.PropertyName
	for _, n := range names {
		if n.Kind != mapi.NameKindNone {
			keep = append(keep, n)
		}
	}
	newIDs, err := dn.PropIDs(c.ctx, keep, true)
	if err != nil {
		return nil, err
	}
	m := map[mapi.PropID]mapi.PropID{}
	k := 0
	for i, n := range names {
		if n.Kind != mapi.NameKindNone {
			m[ids[i]] = newIDs[k]
			k++
		}
	}
	for _, p := range props {
		if p.Tag.ID() < store.FirstNamedPropID {
			out = append(out, p)
		} else if id := m[p.Tag.ID()]; id != 0 {
			out = append(out, mapi.PropValue{Tag: mapi.NewPropTag(id, p.Tag.Type()), Value: p.Value})
		}
	}
	return out, nil
}

// deliverMeeting puts meeting message m into owner's Inbox and processes
// it there.
func (c *call) deliverMeeting(owner string, m *store.Message) error {
	dst, err := c.h.Store.OpenMailbox(c.ctx, owner)
	if err != nil {
		return err
	}
	props, err := c.translate(dst, m.Props)
	if err != nil {
		return err
	}
	setProp(&props, mapi.PropValue{Tag: mapi.PidTagMessageDeliveryTime, Value: time.Now().UTC().Truncate(time.Second)})
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
	msg := &store.Message{Props: props, Recipients: m.Recipients, Attachments: atts, NewMail: true}
	cls, _ := getString(props, mapi.PidTagMessageClass)
	inbox, _, err := dst.ReceiveFolder(c.ctx, cls)
	if err != nil {
		return err
	}
	info, err := dst.CreateMessage(c.ctx, inbox, msg)
	if err != nil {
		return err
	}
	if kept, err := c.assist(dst, inbox, info.ID, msg); err != nil || !kept { // calassist.go
		return err
	}
	// Inbox rules see meeting messages too (IsMeetingRequest,
	// IsMeetingResponse predicates), after the calendar is updated.
	c.h.runInboxRules(c.ctx, dst, inbox, info.ID) // rules_deliver.go
	return nil
}

// outdateRequests marks the earlier requests of a meeting in folder fid
// out of date when a newer request or a cancellation arrives
// ([MS-OXOCAL] 2.2.6.5 mtgOutOfDate): IsOutOfDate, MeetingRequestType
// Outdated.
func (c *call) outdateRequests(dst store.Mailbox, fid store.FID, newest store.MID, props []mapi.PropValue) error {
	cls, _ := getString(props, mapi.PidTagMessageClass)
	if !hasClassPrefix(cls, classMeetingRequest) && !hasClassPrefix(cls, classMeetingCanceled) {
		return nil
	}
	tables, ok := dst.(store.Tables)
	cg, err1 := c.namedTagIn(dst, mapi.PidLidCleanGlobalObjectId, false)
	seqT, err2 := c.namedTagIn(dst, mapi.PidLidAppointmentSequence, false)
	mtT, err3 := c.namedTagIn(dst, mapi.PidLidMeetingType, true)
	if err := errors.Join(err1, err2, err3); err != nil || !ok || cg == 0 || seqT == 0 || mtT == 0 {
		return err
	}
	goid, _ := getBytes(props, cg)
	seq, _ := getInt(props, seqT)
	if len(goid) == 0 {
		return nil
	}
	res, err := tables.QueryMessages(c.ctx, fid, &store.Query{
		Restriction: mapi.PropertyRestriction{RelOp: mapi.RelOpEqual, PropTag: cg, Value: mapi.PropValue{Tag: cg, Value: goid}},
		Columns:     []mapi.PropTag{mapi.PidTagMessageClass, seqT, mtT}, Limit: maxCalendarEvents})
	if err != nil {
		return err
	}
	for _, r := range res.Rows {
		rc, _ := getString(r.Props, mapi.PidTagMessageClass)
		rs, _ := getInt(r.Props, seqT)
		mt, _ := getInt(r.Props, mtT)
		if r.Message == newest || !hasClassPrefix(rc, classMeetingRequest) || rs > seq || mt&mtgOutOfDate != 0 {
			continue
		}
		if _, err := dst.UpdateMessage(c.ctx, r.Message, &store.MessageUpdate{Set: []mapi.PropValue{{Tag: mtT, Value: int32(mt | mtgOutOfDate)}}}); err != nil {
			return err
		}
	}
	return nil
}

// processMeeting applies a delivered meeting message to dst's calendar
// ([MS-OXOCAL] 3.1.5.1 ff.).
func (c *call) processMeeting(dst store.Mailbox, m *store.Message) error {
	x, err := c.calExtraTags(dst, true)
	if err != nil {
		return err
	}
	cls, _ := getString(m.Props, mapi.PidTagMessageClass)
	goid, _ := getBytes(m.Props, x.cleanGoid)
	if len(goid) == 0 {
		return nil
	}
	tag := func(np mapi.NamedProp) mapi.PropTag {
		t, _ := c.namedTagIn(dst, np, true)
		return t
	}
	respT, seqT, startT, endT := tag(mapi.PidLidResponseStatus), tag(mapi.PidLidAppointmentSequence),
		tag(mapi.PidLidAppointmentStartWhole), tag(mapi.PidLidAppointmentEndWhole)
	row, err := c.findByGOID(dst, x.cleanGoid, goid, respT, seqT, startT, endT, x.busy, x.state)
	if err != nil {
		return err
	}
	// One occurrence's messages, counter proposals: meetings2.go.
	if done, err := c.processOccurrenceMessage(dst, m, row); done || err != nil {
		return err
	}
	switch {
	case hasClassPrefix(cls, classMeetingRequest):
		seq, _ := getInt(m.Props, seqT)
		props := make([]mapi.PropValue, 0, len(m.Props))
		mtT, ibT := tag(mapi.PidLidMeetingType), tag(mapi.PidLidIntendedBusyStatus)
		for _, p := range m.Props {
			if p.Tag == mtT || p.Tag == ibT || p.Tag == mapi.PidTagResponseRequested || p.Tag == mapi.PidTagMessageDeliveryTime {
				continue
			}
			props = append(props, p)
		}
		setProp(&props, mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: "IPM.Appointment"})
		if outdated := setKeptResponse(&props, row, m.Props, seq, respT, seqT, startT, endT, x.busy); outdated {
			return nil // an out-of-date request changes nothing
		}
		if row == nil {
			cal, err := dst.SpecialFolder(c.ctx, store.FolderCalendar)
			if err != nil {
				return err
			}
			_, err = dst.CreateMessage(c.ctx, cal, &store.Message{Props: props, Recipients: m.Recipients, Attachments: m.Attachments})
			return err
		}
		recips := m.Recipients
		upd := &store.MessageUpdate{Set: props, Recipients: &recips}
		// The series' exceptions are replaced with the request's.
		old, err := dst.Message(c.ctx, row.Message, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagMessageClass}, Attachments: true})
		if err != nil {
			return err
		}
		for _, a := range old.Attachments {
			upd.RemoveAttachments = append(upd.RemoveAttachments, a.Num)
		}
		next := uint32(0)
		for _, a := range old.Attachments {
			next = max(next, a.Num+1)
		}
		for i, a := range m.Attachments {
			a.Num = next + uint32(i)
			upd.SetAttachments = append(upd.SetAttachments, a)
		}
		_, err = dst.UpdateMessage(c.ctx, row.Message, upd)
		return err
	case hasClassPrefix(cls, classMeetingCanceled):
		if row == nil {
			return nil
		}
		state, _ := getInt(row.Props, x.state)
		subj, _ := getString(m.Props, mapi.PidTagSubject)
		set := []mapi.PropValue{{Tag: x.state, Value: int32(state | asfMeeting | asfReceived | asfCanceled)}, {Tag: mapi.PidTagSubject, Value: subj}}
		if x.busy != 0 {
			set = append(set, mapi.PropValue{Tag: x.busy, Value: int32(0)})
		}
		_, err := dst.UpdateMessage(c.ctx, row.Message, &store.MessageUpdate{Set: set})
		return err
	case hasClassPrefix(cls, "IPM.Schedule.Meeting.Resp"):
		if row == nil {
			return nil
		}
		status := int32(respAccepted)
		switch {
		case hasClassPrefix(cls, classMeetingTent):
			status = respTentative
		case hasClassPrefix(cls, classMeetingNeg):
			status = respDeclined
		}
		from, _ := getString(m.Props, mapi.PidTagSentRepresentingSmtpAddress)
		if from == "" {
			from, _ = getString(m.Props, mapi.PidTagSenderSmtpAddress)
		}
		org, err := dst.Message(c.ctx, row.Message, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagMessageClass}, Recipients: true})
		if err != nil {
			return err
		}
		recips := org.Recipients
		found := false
		now := time.Now().UTC().Truncate(time.Second)
		for i := range recips {
			addr, _ := getString(recips[i].Props, mapi.PidTagSmtpAddress)
			if addr == "" {
				addr, _ = getString(recips[i].Props, mapi.PidTagEmailAddress)
			}
			if strings.EqualFold(addr, from) {
				setProp(&recips[i].Props, mapi.PropValue{Tag: mapi.PidTagRecipientTrackStatus, Value: status})
				setProp(&recips[i].Props, mapi.PropValue{Tag: mapi.PidTagRecipientTrackStatusTime, Value: now})
				found = true
			}
			recips[i].RowID = 0
		}
		if !found {
			return nil
		}
		_, err = dst.UpdateMessage(c.ctx, row.Message, &store.MessageUpdate{Recipients: &recips})
		return err
	}
	return nil
}

// meetingResponseObjects are the response objects respondToMeeting
// handles.
var meetingResponseObjects = map[string]bool{"AcceptItem": true, "TentativelyAcceptItem": true, "DeclineItem": true,
	"CancelCalendarItem": true, "RemoveItem": true}

// respondToMeeting carries out a meeting response object of CreateItem
// ([MS-OXWSMTGS] 3.1.4.1 ff.: AcceptItem, TentativelyAcceptItem,
// DeclineItem, CancelCalendarItem, RemoveItem).
func (c *call) respondToMeeting(e *etree.Element, disp string) (*created, error) {
	ref := child(e, "ReferenceItemId")
	if ref == nil {
		return nil, errorf(ErrorInvalidIdMalformed, "The response object has no ReferenceItemId.")
	}
	id, err := ParseObjectID(attr(ref, "Id"))
	if err != nil {
		return nil, err
	}
	if id.Mailbox != c.mailboxGUID() || (id.Kind != KindMessage && id.Kind != KindOccurrence) {
		return nil, errorf(ErrorItemNotFound, "The referenced item was not found.")
	}
	if disp == "" && e.Tag != "RemoveItem" {
		// [MS-OXWSMTGS] 3.1.4.2.1 (R1241): accept, decline and cancel
		// response objects need a MessageDisposition.
		return nil, errorf("ErrorMessageDispositionRequired", "MessageDisposition is required for %s.", e.Tag)
	}
	if _, err := parseProposal(e); err != nil { // a counter proposal, meetings2.go
		return nil, err
	}
	if err := c.allowMeetingAction(e.Tag, id.Message); err != nil { // onbehalf.go
		return nil, err
	}
	if id.Kind == KindOccurrence {
		switch e.Tag {
		case "CancelCalendarItem":
			return nil, c.cancelOccurrence(e, id, disp)
		case "AcceptItem", "TentativelyAcceptItem", "DeclineItem":
			return c.respondToOccurrence(e, id, disp)
		}
		return nil, errorf(ErrorInvalidOperation, "%s does not apply to a single occurrence.", e.Tag)
	}
	orig, err := c.mb.Message(c.ctx, id.Message, nil)
	if err != nil {
		return nil, err
	}
	cls, _ := getString(orig.Props, mapi.PidTagMessageClass)
	if e.Tag != "CancelCalendarItem" && e.Tag != "RemoveItem" && hasClassPrefix(cls, classMeetingRequest) {
		if cr, ok, err := c.respondAsDelegate(e, orig, disp); ok { // calassist.go
			return cr, err
		}
	}
	x, err := c.calExtraTags(c.mb, true)
	if err != nil {
		return nil, err
	}
	switch e.Tag {
	case "CancelCalendarItem":
		if !hasClassPrefix(cls, "IPM.Appointment") || !c.isOrganizer(orig.Props) {
			return nil, errorf("ErrorCalendarIsNotOrganizer", "Only the organizer can cancel the meeting.")
		}
		cm, err := c.meetingMessage(orig, classMeetingCanceled, "Canceled: ", 0)
		if err != nil {
			return nil, err
		}
		c.responseBody(e, cm)
		if to := c.attendeeAddrs(orig.Recipients); len(to) > 0 && disp != "SaveOnly" {
			if err := c.sendMeeting(cm, to, disp != "SendOnly"); err != nil {
				return nil, err
			}
		}
		return nil, c.toDeletedItems(c.mb, orig.Info.FolderID, orig.Info.ID)
	case "RemoveItem":
		if !hasClassPrefix(cls, classMeetingCanceled) {
			return nil, errorf(ErrorInvalidOperation, "RemoveItem needs a meeting cancellation.")
		}
		goid, _ := getBytes(orig.Props, x.cleanGoid)
		row, err := c.findByGOID(c.mb, x.cleanGoid, goid)
		if err != nil {
			return nil, err
		}
		if row != nil {
			if err := c.toDeletedItems(c.mb, row.Folder, row.Message); err != nil {
				return nil, err
			}
		}
		return nil, c.toDeletedItems(c.mb, orig.Info.FolderID, orig.Info.ID)
	}
	// Accept, TentativelyAccept, Decline: the attendee's calendar item.
	var item *store.Message
	switch {
	case hasClassPrefix(cls, "IPM.Appointment"):
		item = orig
	case hasClassPrefix(cls, classMeetingRequest):
		goid, _ := getBytes(orig.Props, x.cleanGoid)
		row, err := c.findByGOID(c.mb, x.cleanGoid, goid)
		if err != nil {
			return nil, err
		}
		if row == nil {
			if err := c.processMeeting(c.mb, orig); err != nil {
				return nil, err
			}
			if row, err = c.findByGOID(c.mb, x.cleanGoid, goid); err != nil || row == nil {
				return nil, errorf(ErrorItemNotFound, "The meeting's calendar item could not be created.")
			}
		}
		if item, err = c.mb.Message(c.ctx, row.Message, nil); err != nil {
			return nil, err
		}
	default:
		return nil, errorf(ErrorInvalidOperation, "%s needs a meeting request or a calendar item.", e.Tag)
	}
	if c.isOrganizer(item.Props) {
		return nil, errorf("ErrorCalendarIsOrganizerForAccept", "The organizer cannot respond to the meeting.")
	}
	status, rcls, prefix := int32(respAccepted), classMeetingPos, "Accepted: "
	switch e.Tag {
	case "TentativelyAcceptItem":
		status, rcls, prefix = respTentative, classMeetingTent, "Tentative: "
	case "DeclineItem":
		status, rcls, prefix = respDeclined, classMeetingNeg, "Declined: "
	}
	respT, _ := c.namedTag(mapi.PidLidResponseStatus, true)
	replyT, _ := c.namedTag(mapi.PidLidAppointmentReplyTime, true)
	ibT, _ := c.namedTag(mapi.PidLidIntendedBusyStatus, false)
	now := time.Now().UTC().Truncate(time.Second)
	busy := int64(2)
	if v, ok := getInt(orig.Props, ibT); ok && ibT != 0 {
		busy = v
	}
	if status == respTentative {
		busy = 1
	}
	set := []mapi.PropValue{{Tag: respT, Value: status}, {Tag: replyT, Value: now}}
	if x.busy != 0 && status != respDeclined {
		set = append(set, mapi.PropValue{Tag: x.busy, Value: int32(busy)})
	}
	info, err := c.mb.UpdateMessage(c.ctx, item.Info.ID, &store.MessageUpdate{Set: set})
	if err != nil {
		return nil, err
	}
	if saved, err := c.sendResponse(e, item, disp, rcls, prefix, now, nil); saved != nil || err != nil {
		return saved, err
	}
	// Exchange moves the answered request, and a declined meeting, to
	// Deleted Items.
	if hasClassPrefix(cls, classMeetingRequest) {
		if err := c.toDeletedItems(c.mb, orig.Info.FolderID, orig.Info.ID); err != nil {
			return nil, err
		}
	}
	if status == respDeclined {
		return nil, c.toDeletedItems(c.mb, info.FolderID, info.ID)
	}
	return &created{info: info, class: "IPM.Appointment"}, nil
}

// responseBody sets m's body from a response object's Body or
// NewBodyContent.
func (c *call) responseBody(e *etree.Element, m *store.Message) {
	b := child(e, "Body")
	if b == nil {
		b = child(e, "NewBodyContent")
	}
	if b == nil {
		return
	}
	if attr(b, "BodyType") == "HTML" {
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagHtml, Value: []byte(b.Text())})
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagInternetCodepage, Value: int32(65001)})
		m.Props = deleteTag(m.Props, mapi.PidTagBody)
	} else {
		setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagBody, Value: b.Text()})
		m.Props = deleteTag(m.Props, mapi.PidTagHtml)
	}
}

func deleteTag(props []mapi.PropValue, tag mapi.PropTag) []mapi.PropValue {
	out := props[:0:0]
	for _, p := range props {
		if p.Tag.ID() != tag.ID() {
			out = append(out, p)
		}
	}
	return out
}

// toDeletedItems moves a message of mb to its Deleted Items (deletes it
// when it is there already).
func (c *call) toDeletedItems(mb store.Mailbox, fid store.FID, mid store.MID) error {
	del, err := mb.SpecialFolder(c.ctx, store.FolderDeletedItems)
	if err != nil {
		return err
	}
	if del == fid {
		_, err = mb.DeleteMessages(c.ctx, fid, []store.MID{mid}, &store.DeleteOptions{})
		return err
	}
	_, err = mb.MoveMessages(c.ctx, fid, del, []store.MID{mid})
	return err
}

// applyItemChangeMeeting applies one ItemChange of UpdateItem: a single
// occurrence becomes an exception; an organizer's meeting sends updates
// and cancellations per SendMeetingInvitationsOrCancellations. occ is the
// original start of the changed occurrence (0 for whole items).
func (c *call) applyItemChangeMeeting(ch *etree.Element, overwrite bool) (info *store.MessageInfo, cls string, occ uint32, err error) {
	for _, e := range ch.ChildElements() {
		id, ok, err := c.occurrenceTarget(e)
		if !ok {
			continue
		}
		if err != nil {
			return nil, "", 0, err
		}
		var ck []byte
		if s := attr(e, "ChangeKey"); s != "" && e.Tag == "ItemId" {
			if ck, err = decodeChangeKey(s); err != nil {
				return nil, "", 0, err
			}
		}
		info, err := c.updateOccurrence(ch, id, overwrite, ck)
		if err == nil {
			info, err = c.occurrenceChanged(info, id, "SendMeetingInvitationsOrCancellations") // meetings2.go
		}
		return info, "IPM.Appointment", id.Attach, err
	}
	send, save, err := sendMode(attr(c.req.Body, "SendMeetingInvitationsOrCancellations"))
	if err != nil {
		return nil, "", 0, err
	}
	var before []string
	if idEl := child(ch, "ItemId"); idEl != nil && send {
		if id, _, err := c.resolveItem(idEl); err == nil {
			if m, err := c.mb.Message(c.ctx, id.Message, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagMessageClass}, Recipients: true}); err == nil {
				before = c.attendeeAddrs(m.Recipients)
			}
		}
	}
	info, cls, err = c.applyItemChange(ch, overwrite)
	if err != nil || !send || !hasClassPrefix(cls, "IPM.Appointment") {
		return info, cls, 0, err
	}
	changedOnly := strings.Contains(attr(c.req.Body, "SendMeetingInvitationsOrCancellations"), "Changed")
	m, err := c.mb.Message(c.ctx, info.ID, nil)
	if err != nil {
		return nil, "", 0, err
	}
	if !c.isOrganizer(m.Props) {
		return info, cls, 0, nil
	}
	now := c.attendeeAddrs(m.Recipients)
	var removed, added []string
	for _, a := range before {
		if !containsFold(now, a) {
			removed = append(removed, a)
		}
	}
	for _, a := range now {
		if !containsFold(before, a) {
			added = append(added, a)
		}
	}
	to := now
	if changedOnly {
		// SendOnlyToChanged, SendToChangedAndSaveCopy: only added and
		// removed attendees hear of the change.
		to = added
	}
	if len(to) == 0 && len(removed) == 0 {
		return info, cls, 0, nil
	}
	info, err = c.sendRequests(m, to, removed, save, true)
	if err == nil {
		info, err = c.settleProposals(info) // meetings2.go
	}
	return info, cls, 0, err
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// writeOccurrenceID writes an occurrence's ItemId.
func (c *call) writeOccurrenceID(name string, fid store.FID, mid store.MID, original uint32, ck []byte) {
	c.w.raw(`<` + name + ` Id="`)
	c.w.b = ObjectID{Kind: KindOccurrence, Mailbox: c.mailboxGUID(), Folder: fid, Message: mid, Attach: original}.AppendText(c.w.b)
	if ck != nil {
		c.w.raw(`" ChangeKey="`)
		c.w.b = appendChangeKey(c.w.b, ck)
	}
	c.w.raw(`"/>`)
}

// deleteMeetingHook handles the meeting side of DeleteItem: a single
// occurrence is deleted from its series (handled is true), and an
// organizer's meeting sends cancellations per SendMeetingCancellations
// before it is deleted as any item.
func (c *call) deleteMeetingHook(e *etree.Element) (handled bool, err error) {
	if err := c.cancellationsRequired(e); err != nil { // meetings2.go
		return true, err
	}
	id, ok, err := c.occurrenceTarget(e)
	if ok {
		if err != nil {
			return true, err
		}
		send, save, err := sendMode(attr(c.req.Body, "SendMeetingCancellations"))
		if err != nil {
			return true, err
		}
		return true, c.cancelOccurrenceMeeting(id, send, save, nil) // meetings2.go
	}
	send, save, err := sendMode(attr(c.req.Body, "SendMeetingCancellations"))
	if err != nil || !send || e.Tag != "ItemId" {
		return false, err
	}
	id, _, err = c.resolveItem(e)
	if err != nil {
		return false, nil // the deletion reports it
	}
	m, err := c.mb.Message(c.ctx, id.Message, nil)
	if err != nil {
		return false, nil
	}
	cls, _ := getString(m.Props, mapi.PidTagMessageClass)
	if !hasClassPrefix(cls, "IPM.Appointment") || !c.isOrganizer(m.Props) {
		return false, nil
	}
	if to := c.attendeeAddrs(m.Recipients); len(to) > 0 {
		return false, c.sendCancellation(m, to, save)
	}
	return false, nil
}

// checkMeetingOptions checks a request's SendMeetingInvitations,
// SendMeetingInvitationsOrCancellations and SendMeetingCancellations
// values (a bad one is a schema error, as Exchange's validation gives).
func checkMeetingOptions(body *etree.Element) error {
	for _, a := range []string{"SendMeetingInvitations", "SendMeetingInvitationsOrCancellations", "SendMeetingCancellations"} {
		if _, _, err := sendMode(attr(body, a)); err != nil {
			return err
		}
	}
	return nil
}

// isExceptionAttachment says whether a is a series' exception attachment
// ([MS-OXOCAL] 2.2.10.1.2); they travel inside the iCalendar part.
func isExceptionAttachment(a store.Attachment) bool {
	f, _ := getInt(a.Props, mapi.PidTagAttachmentFlags)
	return f&afException != 0
}

// cancelOccurrence cancels one occurrence of an organizer's recurring
// meeting: the occurrence is deleted and the attendees get a
// cancellation of that occurrence (meetings2.go).
func (c *call) cancelOccurrence(e *etree.Element, id ObjectID, disp string) error {
	m, err := c.mb.Message(c.ctx, id.Message, nil)
	if err != nil {
		return err
	}
	if !c.isOrganizer(m.Props) {
		return errorf("ErrorCalendarIsNotOrganizer", "Only the organizer can cancel the meeting.")
	}
	return c.cancelOccurrenceMeeting(id, disp != "SaveOnly", disp == "SendAndSaveCopy", e)
}

// uidProps converts a calendar item's t:UID to PidLidGlobalObjectId and
// PidLidCleanGlobalObjectId ([MS-OXCICAL] 2.1.3.1.1.20.26: a hex GOID
// is decoded, any other UID wrapped).
func (c *call) uidProps(uid string) ([]mapi.PropValue, error) {
	if uid == "" || len(uid) > 2048 {
		return nil, errorf(ErrorInvalidValueForProperty, "UID is not valid.")
	}
	goidT, err := c.namedTag(mapi.PidLidGlobalObjectId, true)
	if err != nil {
		return nil, err
	}
	cleanT, err := c.namedTag(mapi.PidLidCleanGlobalObjectId, true)
	if err != nil || goidT == 0 || cleanT == 0 {
		return nil, err
	}
	g := ical.GlobalObjectIDFromUID(uid)
	return []mapi.PropValue{{Tag: goidT, Value: g}, {Tag: cleanT, Value: append([]byte(nil), g...)}}, nil
}

// sendResponse builds the response to the organizer of the attendee's
// item ([MS-OXOCAL] 2.2.7: class rcls, the meeting's identity and times,
// extra over them) and sends it, or saves it in Drafts for SaveOnly
// (returning the draft).
func (c *call) sendResponse(e *etree.Element, item *store.Message, disp, rcls, prefix string, now time.Time, extra []mapi.PropValue) (*created, error) {
	x, err := c.calExtraTags(c.mb, true)
	if err != nil {
		return nil, err
	}
	// A counter proposal (meetings2.go).
	pp, err := c.counterProposal(e)
	if err != nil {
		return nil, err
	}
	if pp != nil {
		extra = append(extra, pp...)
		prefix = "New Time Proposed: "
	}
	org, _ := getString(item.Props, mapi.PidTagSentRepresentingSmtpAddress)
	orgName, _ := getString(item.Props, mapi.PidTagSentRepresentingName)
	resp := &store.Message{}
	subj, _ := getString(item.Props, mapi.PidTagSubject)
	setProp(&resp.Props, mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: rcls})
	setProp(&resp.Props, mapi.PropValue{Tag: mapi.PidTagSubject, Value: prefix + subj})
	setProp(&resp.Props, mapi.PropValue{Tag: mapi.PidTagConversationTopic, Value: subj})
	keep := map[mapi.PropTag]bool{x.goid: true, x.cleanGoid: true, x.location: true}
	for _, np := range []mapi.NamedProp{mapi.PidLidAppointmentStartWhole, mapi.PidLidAppointmentEndWhole, mapi.PidLidAppointmentSequence,
		mapi.PidLidAppointmentRecur, mapi.PidLidTimeZoneDescription, mapi.PidLidRecurring} {
		if t, _ := c.namedTag(np, false); t != 0 {
			keep[t] = true
		}
	}
	for _, p := range item.Props {
		if keep[p.Tag] && p.Tag != 0 {
			resp.Props = append(resp.Props, p)
		}
	}
	if t, _ := c.namedTag(mapi.PidLidAttendeeCriticalChange, true); t != 0 {
		resp.Props = append(resp.Props, mapi.PropValue{Tag: t, Value: now})
	}
	for _, p := range extra {
		setProp(&resp.Props, p)
	}
	c.responseBody(e, resp)
	if org != "" {
		resp.Recipients = []store.Recipient{recipientProps(orgName, org, 1)}
	}
	fillDisplayNames(resp)
	switch {
	case disp == "SaveOnly":
		drafts, err := c.mb.SpecialFolder(c.ctx, store.FolderDrafts)
		if err != nil {
			return nil, err
		}
		setProp(&resp.Props, mapi.PropValue{Tag: mapi.PidTagMessageFlags, Value: int32(msgflagUnsent)})
		di, err := c.mb.CreateMessage(c.ctx, drafts, resp)
		if err != nil {
			return nil, err
		}
		return &created{info: di, class: rcls}, nil
	case org != "" && !c.isSelf(org):
		if err := c.sendMeeting(resp, []string{org}, disp != "SendOnly"); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// respondToOccurrence answers one occurrence of a series in the
// attendee's calendar: a declined occurrence is deleted there, an
// accepted or tentative one becomes an exception with its own busy
// status and response status; the organizer gets a response whose
// PidLidGlobalObjectId carries the instance date ([MS-OXOCAL] 2.2.1.27)
// and PidLidExceptionReplaceTime the occurrence's original start.
func (c *call) respondToOccurrence(e *etree.Element, id ObjectID, disp string) (*created, error) {
	s, err := c.loadSeries(id.Message)
	if err != nil {
		return nil, err
	}
	if c.isOrganizer(s.msg.Props) {
		return nil, errorf("ErrorCalendarIsOrganizerForAccept", "The organizer cannot respond to the meeting.")
	}
	o, _, ok := s.find(id.Attach)
	if !ok {
		return nil, errorf(ErrorItemNotFound, "The occurrence was not found.")
	}
	status, rcls, prefix, busy := int32(respAccepted), classMeetingPos, "Accepted: ", "Busy"
	switch e.Tag {
	case "TentativelyAcceptItem":
		status, rcls, prefix, busy = respTentative, classMeetingTent, "Tentative: ", "Tentative"
	case "DeclineItem":
		status, rcls, prefix = respDeclined, classMeetingNeg, "Declined: "
	}
	now := time.Now().UTC().Truncate(time.Second)
	respT, _ := c.namedTag(mapi.PidLidResponseStatus, true)
	info := &s.msg.Info
	if status == respDeclined {
		if err := c.deleteOccurrence(id); err != nil {
			return nil, err
		}
	} else {
		ch := etree.NewElement("ItemChange")
		set := ch.CreateElement("Updates").CreateElement("SetItemField")
		set.CreateElement("FieldURI").CreateAttr("FieldURI", "calendar:LegacyFreeBusyStatus")
		set.CreateElement("CalendarItem").CreateElement("LegacyFreeBusyStatus").SetText(busy)
		if info, err = c.updateOccurrence(ch, id, true, nil, mapi.PropValue{Tag: respT, Value: status}); err != nil {
			return nil, err
		}
	}
	original := o.OriginalStart.UTC()
	ol := original.In(s.loc)
	var extra []mapi.PropValue
	if g, ok := getBytes(s.msg.Props, s.loc2.cleanGoid); ok && s.loc2.goid != 0 {
		extra = append(extra, mapi.PropValue{Tag: s.loc2.goid, Value: ical.WithInstanceDate(g, time.Date(ol.Year(), ol.Month(), ol.Day(), 0, 0, 0, 0, time.UTC))})
	}
	if s.loc2.replace != 0 {
		extra = append(extra, mapi.PropValue{Tag: s.loc2.replace, Value: original})
	}
	if s.loc2.isException != 0 {
		extra = append(extra, mapi.PropValue{Tag: s.loc2.isException, Value: true})
	}
	extra = append(extra, mapi.PropValue{Tag: s.tags.start, Value: o.Start.UTC()}, mapi.PropValue{Tag: s.tags.end, Value: o.End.UTC()})
	item := &store.Message{Props: slices.DeleteFunc(slices.Clone(s.msg.Props), func(p mapi.PropValue) bool {
		return p.Tag == s.tags.recur || p.Tag == s.tags.recurring
	})}
	if saved, err := c.sendResponse(e, item, disp, rcls, prefix, now, extra); saved != nil || err != nil {
		return saved, err
	}
	if status == respDeclined {
		return nil, nil
	}
	return &created{info: info, class: "IPM.Appointment"}, nil
}

// setKeptResponse sets the attendee's response (respT) and free/busy
// (busyT, when not 0) in props, the calendar item a request (reqProps,
// sequence seq) creates or updates: tentative until answered, the
// existing item's (row's) answer kept when the times did not change
// ([MS-OXOCAL] 3.1.5.2). outdated: the existing item has a higher
// sequence, and the request changes nothing (props untouched).
func setKeptResponse(props *[]mapi.PropValue, row *store.Row, reqProps []mapi.PropValue, seq int64, respT, seqT, startT, endT, busyT mapi.PropTag) (outdated bool) {
	resp, busy := int64(respNotResponded), int64(1)
	if row != nil {
		if old, _ := getInt(row.Props, seqT); old > seq {
			return true
		}
		os, _ := getTime(row.Props, startT)
		oe, _ := getTime(row.Props, endT)
		ns, _ := getTime(reqProps, startT)
		ne, _ := getTime(reqProps, endT)
		if r, ok := getInt(row.Props, respT); ok && os.Equal(ns) && oe.Equal(ne) {
			// Same times: the attendee's answer stands.
			resp = r
			busy, _ = getInt(row.Props, busyT)
		}
	}
	setProp(props, mapi.PropValue{Tag: respT, Value: int32(resp)})
	if busyT != 0 {
		setProp(props, mapi.PropValue{Tag: busyT, Value: int32(busy)})
	}
	return false
}

package ews

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/ical"
	"github.com/oxkit/oxkit/ical/recur"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Meetings, round 2 ([MS-OXOCAL] 3.1.4.6.3, 3.1.5.2 ff., [MS-OXWSMTGS]):
//
//   - Exception meeting messages. A change to one occurrence of an
//     organizer's series (UpdateItem with
//     SendMeetingInvitationsOrCancellations) sends a request for that
//     occurrence only, and a deleted or cancelled occurrence (DeleteItem
//     with SendMeetingCancellations, CancelCalendarItem) a cancellation
//     for it: PidLidGlobalObjectId carries the instance date while
//     PidLidCleanGlobalObjectId stays the series' ([MS-OXOCAL] 2.2.1.27,
//     2.2.1.28), PidLidExceptionReplaceTime is the original start,
//     PidLidIsException is set, PidLidRecurring is false and there is no
//     PidLidAppointmentRecur ([MS-OXOCAL] 2.2.6.x, 3.1.4.6.3).
//   - The calendar assistant applies them at the attendee: a request
//     creates or updates the exception in the attendee's series (or a
//     single item when she has no series), a cancellation deletes the
//     occurrence; a response for an occurrence updates the attendee's
//     tracking in the recipient table of the organizer's exception
//     (created for it when the occurrence had none).
//   - Counter proposals: ProposedStart/ProposedEnd on AcceptItem,
//     TentativelyAcceptItem and DeclineItem (types.xsd
//     MeetingRegistrationResponseObjectType) give the response
//     PidLidAppointmentProposedStartWhole/EndWhole/Duration and
//     PidLidAppointmentCounterProposal ([MS-OXOCAL] 2.2.7.3 to 2.2.7.6);
//     the organizer's item records them on the attendee's recipient row
//     (PidTagRecipientProposed/StartTime/EndTime, 2.2.4.10.4 to
//     2.2.4.10.6) and counts them (PidLidAppointmentCounterProposal,
//     PidLidAppointmentProposalNumber, 2.2.4.6, 2.2.4.7).

// hasInstanceDate says whether a PidLidGlobalObjectId names one instance
// of a series (its YH, YL, M, D bytes are set, [MS-OXOCAL] 2.2.1.27).
func hasInstanceDate(g []byte) bool { return len(g) >= 20 && g[16]|g[17]|g[18]|g[19] != 0 }

// instanceGOID is the PidLidGlobalObjectId of the occurrence of series s
// originally at original: the clean ID with the original date in the
// series' zone.
func instanceGOID(s *series, original time.Time) []byte {
	clean, ok := getBytes(s.msg.Props, s.loc2.cleanGoid)
	if !ok || s.loc2.cleanGoid == 0 {
		return nil
	}
	ol := original.In(s.loc)
	return ical.WithInstanceDate(clean, time.Date(ol.Year(), ol.Month(), ol.Day(), 0, 0, 0, 0, time.UTC))
}

// bumpSequence marks the organizer's series m as sent before a meeting
// message for one of its occurrences: PidLidAppointmentSequence grows
// when invitations went out before ([MS-OXOCAL] 3.1.4.6.3),
// PidLidFInvited and PidLidOwnerCriticalChange are set. The values set
// are applied to m.Props too.
func (c *call) bumpSequence(m *store.Message) (*store.MessageInfo, error) {
	seqT, err := c.namedTag(mapi.PidLidAppointmentSequence, true)
	if err != nil {
		return nil, err
	}
	invT, err := c.namedTag(mapi.PidLidFInvited, true)
	if err != nil {
		return nil, err
	}
	upd := &store.MessageUpdate{}
	if inv, _ := getBool(m.Props, invT); inv && seqT != 0 {
		seq, _ := getInt(m.Props, seqT)
		upd.Set = append(upd.Set, mapi.PropValue{Tag: seqT, Value: int32(seq + 1)})
	}
	if invT != 0 {
		upd.Set = append(upd.Set, mapi.PropValue{Tag: invT, Value: true})
	}
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
	return info, nil
}

// occurrenceMessage builds the meeting request or cancellation (class
// cls) of occurrence o of the organizer's series s: the series'
// properties, the exception's over them, the occurrence's times and the
// exception identity of [MS-OXOCAL] 2.2.1.27, 2.2.1.35, 2.2.6.x.
func (c *call) occurrenceMessage(s *series, o recur.Occurrence, cls, prefix string, meetingType int32) (*store.Message, error) {
	original := o.OriginalStart.UTC()
	base := &store.Message{Recipients: s.msg.Recipients}
	for _, p := range s.msg.Props {
		if p.Tag == s.tags.recur || (p.Tag == s.tags.recurring && p.Tag != 0) {
			continue
		}
		base.Props = append(base.Props, p)
	}
	for _, a := range s.msg.Attachments {
		if !isExceptionAttachment(a) {
			base.Attachments = append(base.Attachments, a)
		}
	}
	if a := s.exceptionAttachment(original); a != nil {
		for _, p := range a.Embedded.Props {
			switch p.Tag {
			case mapi.PidTagMessageClass, mapi.PidTagChangeKey, mapi.PidTagEntryId, mapi.PidTagParentEntryId,
				mapi.PidTagSourceKey, mapi.PidTagParentSourceKey, mapi.PidTagMessageFlags, s.tags.recur:
				continue
			}
			if p.Tag == s.tags.recurring && p.Tag != 0 {
				continue
			}
			setProp(&base.Props, p)
		}
		if a.Embedded.Recipients != nil {
			base.Recipients = a.Embedded.Recipients
		}
	}
	msg, err := c.meetingMessage(base, cls, prefix, meetingType)
	if err != nil {
		return nil, err
	}
	set := []mapi.PropValue{{Tag: s.tags.start, Value: o.Start.UTC()}, {Tag: s.tags.end, Value: o.End.UTC()},
		{Tag: s.loc2.replace, Value: original}, {Tag: s.loc2.isException, Value: true}}
	if g := instanceGOID(s, original); g != nil {
		set = append(set, mapi.PropValue{Tag: s.loc2.goid, Value: g})
	}
	if t, _ := c.namedTag(mapi.PidLidRecurring, true); t != 0 {
		set = append(set, mapi.PropValue{Tag: t, Value: false})
	}
	// The series' sequence number, not an earlier one of the exception.
	if t, _ := c.namedTag(mapi.PidLidAppointmentSequence, false); t != 0 {
		if v, ok := getInt(s.msg.Props, t); ok {
			set = append(set, mapi.PropValue{Tag: t, Value: int32(v)})
		}
	}
	for _, p := range set {
		if p.Tag != 0 {
			setProp(&msg.Props, p)
		}
	}
	return msg, nil
}

// occurrenceChanged sends the attendees of an organizer's series a
// request for occurrence id after UpdateItem changed it, as the
// request's option (attribute opt) says ([MS-OXOCAL] 3.1.4.6.3: an
// exception's update goes out as a request for that instance).
func (c *call) occurrenceChanged(info *store.MessageInfo, id ObjectID, opt string) (*store.MessageInfo, error) {
	send, save, err := sendMode(attr(c.req.Body, opt))
	if err != nil || !send {
		return info, err
	}
	if strings.Contains(attr(c.req.Body, opt), "Changed") {
		// SendOnlyToChanged, SendToChangedAndSaveCopy: the update goes
		// "only to attendees that were added and/or deleted because of
		// the update" ([MS-OXWSMTGS] 2.2.5.3), as for a series
		// (applyItemChangeMeeting). An occurrence keeps the series'
		// attendees (updateOccurrence skips attendee fields), so nobody
		// is added or deleted and nothing is sent; the exception is saved.
		return info, nil
	}
	s, err := c.loadSeries(id.Message)
	if err != nil {
		return nil, err
	}
	to := c.attendeeAddrs(s.msg.Recipients)
	if !c.isOrganizer(s.msg.Props) || len(to) == 0 {
		return info, nil
	}
	o, _, ok := s.find(id.Attach)
	if !ok {
		return nil, errorf(ErrorItemNotFound, "The occurrence was not found.")
	}
	invT, _ := c.namedTag(mapi.PidLidFInvited, false)
	mt := int32(mtgRequest)
	if inv, _ := getBool(s.msg.Props, invT); inv && invT != 0 {
		mt = mtgFull
	}
	if info, err = c.bumpSequence(s.msg); err != nil {
		return nil, err
	}
	req, err := c.occurrenceMessage(s, o, classMeetingRequest, "", mt)
	if err != nil {
		return nil, err
	}
	return info, c.sendMeeting(req, to, save)
}

// cancelOccurrenceMeeting deletes occurrence id of a series; when send
// is set and the caller organizes the meeting, the attendees get a
// cancellation of that occurrence ([MS-OXOCAL] 3.1.4.6.3, 3.1.4.8),
// with a copy in Sent Items when save is set. body, if not nil, is the
// response object whose Body/NewBodyContent the cancellation carries.
func (c *call) cancelOccurrenceMeeting(id ObjectID, send, save bool, body *etree.Element) error {
	s, err := c.loadSeries(id.Message)
	if err != nil {
		return err
	}
	var cm *store.Message
	var to []string
	if send && c.isOrganizer(s.msg.Props) {
		to = c.attendeeAddrs(s.msg.Recipients)
	}
	if len(to) > 0 {
		o, _, ok := s.find(id.Attach)
		if !ok {
			return errorf(ErrorItemNotFound, "The occurrence was not found.")
		}
		if cm, err = c.occurrenceMessage(s, o, classMeetingCanceled, "Canceled: ", 0); err != nil {
			return err
		}
		if body != nil {
			c.responseBody(body, cm)
		}
	}
	if err := c.deleteOccurrence(id); err != nil {
		return err
	}
	if cm == nil {
		return nil
	}
	if _, err := c.bumpSequence(s.msg); err != nil {
		return err
	}
	// The cancellation carries the series' new sequence number.
	if seqT, _ := c.namedTag(mapi.PidLidAppointmentSequence, false); seqT != 0 {
		if v, ok := getInt(s.msg.Props, seqT); ok {
			setProp(&cm.Props, mapi.PropValue{Tag: seqT, Value: int32(v)})
		}
	}
	return c.sendMeeting(cm, to, save)
}

// meetingCall returns a call on mailbox mb (c itself for its own).
func (c *call) meetingCall(mb store.Mailbox) *call {
	if mb == c.mb {
		return c
	}
	return &call{h: c.h, ctx: c.ctx, mb: mb, user: mb.Info().Owner}
}

// responseStatus is the PidTagRecipientTrackStatus a meeting response
// class gives ([MS-OXOCAL] 2.2.7.1).
func responseStatus(cls string) int32 {
	switch {
	case hasClassPrefix(cls, classMeetingTent):
		return respTentative
	case hasClassPrefix(cls, classMeetingNeg):
		return respDeclined
	}
	return respAccepted
}

// proposal is a counter proposal of a meeting response ([MS-OXOCAL]
// 2.2.7.3 to 2.2.7.6).
type proposal struct{ start, end time.Time }

// responseProposal returns the counter proposal response m carries, nil
// if none.
func (c *call) responseProposal(mb store.Mailbox, props []mapi.PropValue) *proposal {
	cp, _ := c.namedTagIn(mb, mapi.PidLidAppointmentCounterProposal, false)
	st, _ := c.namedTagIn(mb, mapi.PidLidAppointmentProposedStartWhole, false)
	en, _ := c.namedTagIn(mb, mapi.PidLidAppointmentProposedEndWhole, false)
	if b, _ := getBool(props, cp); !b || cp == 0 || st == 0 || en == 0 {
		return nil
	}
	s, ok1 := getTime(props, st)
	e, ok2 := getTime(props, en)
	if !ok1 || !ok2 {
		return nil
	}
	return &proposal{start: s.UTC(), end: e.UTC()}
}

// setTracking sets the tracking of attendee from in recips ([MS-OXOCAL]
// 2.2.4.10: PidTagRecipientTrackStatus(Time), and the counter proposal
// p, PidTagRecipientProposed/StartTime/EndTime); found says whether the
// attendee has a row.
func setTracking(recips []store.Recipient, from string, status int32, now time.Time, p *proposal) (found bool) {
	for i := range recips {
		addr, _ := getString(recips[i].Props, mapi.PidTagSmtpAddress)
		if addr == "" {
			addr, _ = getString(recips[i].Props, mapi.PidTagEmailAddress)
		}
		recips[i].RowID = 0
		if !strings.EqualFold(addr, from) || from == "" {
			continue
		}
		found = true
		setProp(&recips[i].Props, mapi.PropValue{Tag: mapi.PidTagRecipientTrackStatus, Value: status})
		setProp(&recips[i].Props, mapi.PropValue{Tag: mapi.PidTagRecipientTrackStatusTime, Value: now})
		if p != nil {
			setProp(&recips[i].Props, mapi.PropValue{Tag: mapi.PidTagRecipientProposed, Value: true})
			setProp(&recips[i].Props, mapi.PropValue{Tag: mapi.PidTagRecipientProposedStartTime, Value: p.start})
			setProp(&recips[i].Props, mapi.PropValue{Tag: mapi.PidTagRecipientProposedEndTime, Value: p.end})
		}
	}
	return found
}

// proposalProps are the organizer's item's counter proposal properties
// for its recipient table recips ([MS-OXOCAL] 2.2.4.6, 2.2.4.7): the
// number of attendees with an open proposal, and whether there is one.
func (c *call) proposalProps(mb store.Mailbox, recips []store.Recipient) []mapi.PropValue {
	n := 0
	for _, r := range recips {
		if b, _ := getBool(r.Props, mapi.PidTagRecipientProposed); b {
			n++
		}
	}
	var out []mapi.PropValue
	if t, _ := c.namedTagIn(mb, mapi.PidLidAppointmentCounterProposal, true); t != 0 {
		out = append(out, mapi.PropValue{Tag: t, Value: n > 0})
	}
	if t, _ := c.namedTagIn(mb, mapi.PidLidAppointmentProposalNumber, true); t != 0 {
		out = append(out, mapi.PropValue{Tag: t, Value: int32(n)})
	}
	return out
}

// responder is the attendee who sent response m.
func responder(props []mapi.PropValue) string {
	from, _ := getString(props, mapi.PidTagSentRepresentingSmtpAddress)
	if from == "" {
		from, _ = getString(props, mapi.PidTagSenderSmtpAddress)
	}
	return from
}

// processOccurrenceMessage is the calendar assistant's part for meeting
// messages of one occurrence (a PidLidGlobalObjectId with an instance
// date) and for counter proposals; row is dst's calendar item of the
// meeting (by clean global object ID), nil if none. done is false when
// processMeeting's own handling applies.
func (c *call) processOccurrenceMessage(dst store.Mailbox, m *store.Message, row *store.Row) (done bool, err error) {
	x, err := c.calExtraTags(dst, true)
	if err != nil {
		return true, err
	}
	cls, _ := getString(m.Props, mapi.PidTagMessageClass)
	g, _ := getBytes(m.Props, x.goid)
	isResp := hasClassPrefix(cls, "IPM.Schedule.Meeting.Resp")
	if !hasInstanceDate(g) {
		if isResp && row != nil {
			if p := c.responseProposal(dst, m.Props); p != nil {
				return true, c.trackSeries(dst, row.Message, m, p)
			}
		}
		return false, nil
	}
	original, ok := getTime(m.Props, x.replace)
	if !ok || x.replace == 0 {
		// QUIRK: an instance without PidLidExceptionReplaceTime (some
		// iMIP senders) is handled as a meeting of its own.
		return isResp, nil
	}
	dc := c.meetingCall(dst)
	var s *series
	if row != nil {
		if s, err = dc.loadSeries(row.Message); err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != ErrorItemNotFound {
				return true, err
			}
			s = nil // a single item, not a series
		}
	}
	id := ObjectID{Kind: KindOccurrence, Message: 0, Attach: recur.TimeToMinutes(original.UTC())}
	if s != nil {
		id.Message = s.msg.Info.ID
	}
	switch {
	case hasClassPrefix(cls, classMeetingRequest):
		if s == nil {
			return true, dc.instanceItem(m, x, g)
		}
		return true, ignoreItemError(dc.applyExceptionRequest(s, id, m))
	case hasClassPrefix(cls, classMeetingCanceled):
		if s == nil {
			return true, dc.cancelInstanceItem(m, x, g)
		}
		return true, ignoreItemError(dc.deleteOccurrence(id))
	case isResp:
		if s == nil {
			return true, nil
		}
		return true, ignoreItemError(dc.trackOccurrence(s, id, m))
	}
	return false, nil
}

// ignoreItemError drops EWS item errors (an occurrence the recipient
// deleted, a series changed beyond the message): the calendar assistant
// leaves the calendar as it is then; store errors stay.
func ignoreItemError(err error) error {
	var e *Error
	if errors.As(err, &e) {
		return nil
	}
	return err
}

// applyExceptionRequest applies exception request m to occurrence id of
// the attendee's series s ([MS-OXOCAL] 3.1.5.2): the exception takes the
// request's subject, location, body, times and sequence; the attendee's
// answer stands when the times did not change, else it is tentative
// again (NoResponseReceived).
func (c *call) applyExceptionRequest(s *series, id ObjectID, m *store.Message) error {
	o, xi, ok := s.find(id.Attach)
	if !ok {
		return nil // the attendee deleted the occurrence
	}
	tag := func(np mapi.NamedProp) mapi.PropTag {
		t, _ := c.namedTag(np, true)
		return t
	}
	respT, seqT, mtT, ibT := tag(mapi.PidLidResponseStatus), tag(mapi.PidLidAppointmentSequence), tag(mapi.PidLidMeetingType), tag(mapi.PidLidIntendedBusyStatus)
	var old []mapi.PropValue
	if a := s.exceptionAttachment(o.OriginalStart.UTC()); a != nil && xi >= 0 {
		old = a.Embedded.Props
	}
	if seq, _ := getInt(m.Props, seqT); old != nil {
		if cur, _ := getInt(old, seqT); cur > seq {
			return nil // an out-of-date request changes nothing
		}
	}
	var extra []mapi.PropValue
	for _, p := range withoutIdentity(m.Props) {
		switch p.Tag {
		case mtT, ibT, s.tags.recur, mapi.PidTagResponseRequested, mapi.PidTagMessageDeliveryTime, mapi.PidTagMessageFlags,
			mapi.PidTagMessageClass, mapi.PidTagSubjectPrefix:
			continue
		}
		if p.Tag != 0 && p.Tag != s.tags.recurring {
			extra = append(extra, p)
		}
	}
	resp, busy := int64(respNotResponded), int64(1)
	ns, _ := getTime(m.Props, s.tags.start)
	ne, _ := getTime(m.Props, s.tags.end)
	if r, ok := getInt(old, respT); ok && o.Start.Equal(ns) && o.End.Equal(ne) {
		resp = r
		busy, _ = getInt(old, s.loc2.busy)
	} else if r, ok := getInt(s.msg.Props, respT); ok && xi < 0 && o.Start.Equal(ns) && o.End.Equal(ne) {
		resp = r
		busy, _ = getInt(s.msg.Props, s.loc2.busy)
	}
	extra = append(extra, mapi.PropValue{Tag: respT, Value: int32(resp)}, mapi.PropValue{Tag: s.loc2.busy, Value: int32(busy)})
	_, err := c.updateOccurrence(etree.NewElement("ItemChange"), id, true, nil, extra...)
	return err
}

// instanceItem applies exception request m (global object ID g) in a
// calendar without the series: the instance becomes a single item of
// its own, created or updated ([MS-OXOCAL] 3.1.5.2).
func (c *call) instanceItem(m *store.Message, x calExtra, g []byte) error {
	tag := func(np mapi.NamedProp) mapi.PropTag {
		t, _ := c.namedTag(np, true)
		return t
	}
	respT, seqT, startT, endT := tag(mapi.PidLidResponseStatus), tag(mapi.PidLidAppointmentSequence),
		tag(mapi.PidLidAppointmentStartWhole), tag(mapi.PidLidAppointmentEndWhole)
	mtT, ibT := tag(mapi.PidLidMeetingType), tag(mapi.PidLidIntendedBusyStatus)
	row, err := c.findByGOID(c.mb, x.goid, g, respT, seqT, startT, endT, x.busy)
	if err != nil {
		return err
	}
	props := make([]mapi.PropValue, 0, len(m.Props))
	for _, p := range withoutIdentity(m.Props) {
		if p.Tag == mtT || p.Tag == ibT || p.Tag == mapi.PidTagResponseRequested || p.Tag == mapi.PidTagMessageDeliveryTime {
			continue
		}
		props = append(props, p)
	}
	setProp(&props, mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: "IPM.Appointment"})
	if setKeptResponse(&props, row, m.Props, int64(intOf(m.Props, seqT)), respT, seqT, startT, endT, x.busy) {
		return nil // an out-of-date request changes nothing
	}
	if row == nil {
		cal, err := c.mb.SpecialFolder(c.ctx, store.FolderCalendar)
		if err != nil {
			return err
		}
		_, err = c.mb.CreateMessage(c.ctx, cal, &store.Message{Props: props, Recipients: m.Recipients})
		return err
	}
	recips := m.Recipients
	_, err = c.mb.UpdateMessage(c.ctx, row.Message, &store.MessageUpdate{Set: props, Recipients: &recips})
	return err
}

// cancelInstanceItem marks the single item of instance g cancelled (a
// cancellation of one occurrence of a series the calendar does not
// hold).
func (c *call) cancelInstanceItem(m *store.Message, x calExtra, g []byte) error {
	row, err := c.findByGOID(c.mb, x.goid, g, x.state)
	if err != nil || row == nil {
		return err
	}
	state, _ := getInt(row.Props, x.state)
	subj, _ := getString(m.Props, mapi.PidTagSubject)
	set := []mapi.PropValue{{Tag: x.state, Value: int32(state | asfMeeting | asfReceived | asfCanceled)}, {Tag: mapi.PidTagSubject, Value: subj}}
	if x.busy != 0 {
		set = append(set, mapi.PropValue{Tag: x.busy, Value: int32(0)})
	}
	_, err = c.mb.UpdateMessage(c.ctx, row.Message, &store.MessageUpdate{Set: set})
	return err
}

func intOf(props []mapi.PropValue, tag mapi.PropTag) int64 {
	v, _ := getInt(props, tag)
	return v
}

// trackOccurrence records response m for occurrence id in the recipient
// table of the organizer's exception ([MS-OXOCAL] 3.1.5.6 for an
// exception: the exception attachment's embedded message), creating the
// exception, with the occurrence's values, when there is none yet. The
// series' tracking stays as it is.
func (c *call) trackOccurrence(s *series, id ObjectID, m *store.Message) error {
	o, _, ok := s.find(id.Attach)
	if !ok {
		return nil // the organizer deleted the occurrence
	}
	original := o.OriginalStart.UTC()
	if s.exceptionAttachment(original) == nil {
		if _, err := c.updateOccurrence(etree.NewElement("ItemChange"), id, true, nil); err != nil {
			return err
		}
		ns, err := c.loadSeries(id.Message)
		if err != nil {
			return err
		}
		s = ns
	}
	a := s.exceptionAttachment(original)
	if a == nil {
		return nil
	}
	cls, _ := getString(m.Props, mapi.PidTagMessageClass)
	recips := slices.Clone(a.Embedded.Recipients)
	if recips == nil {
		recips = slices.Clone(s.msg.Recipients)
	}
	for i := range recips {
		recips[i].Props = slices.Clone(recips[i].Props)
	}
	p := c.responseProposal(c.mb, m.Props)
	if !setTracking(recips, responder(m.Props), responseStatus(cls), time.Now().UTC().Truncate(time.Second), p) {
		return nil
	}
	emb := *a.Embedded
	emb.Recipients = recips
	emb.Props = slices.Clone(emb.Props)
	for _, v := range c.proposalProps(c.mb, recips) {
		setProp(&emb.Props, v)
	}
	att := *a
	att.Embedded = &emb
	_, err := c.mb.UpdateMessage(c.ctx, s.msg.Info.ID, &store.MessageUpdate{SetAttachments: []store.Attachment{att}})
	return err
}

// trackSeries records response m, a counter proposal p, in the
// organizer's item mid of dst ([MS-OXOCAL] 3.1.5.6, 2.2.4.6, 2.2.4.7).
func (c *call) trackSeries(dst store.Mailbox, mid store.MID, m *store.Message, p *proposal) error {
	org, err := dst.Message(c.ctx, mid, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagMessageClass}, Recipients: true})
	if err != nil {
		return err
	}
	cls, _ := getString(m.Props, mapi.PidTagMessageClass)
	recips := org.Recipients
	if !setTracking(recips, responder(m.Props), responseStatus(cls), time.Now().UTC().Truncate(time.Second), p) {
		return nil
	}
	_, err = dst.UpdateMessage(c.ctx, mid, &store.MessageUpdate{Set: c.proposalProps(dst, recips), Recipients: &recips})
	return err
}

// parseProposal reads ProposedStart and ProposedEnd of a meeting
// response object (types.xsd MeetingRegistrationResponseObjectType,
// Exchange2013 and later); nil when it proposes nothing. Both times are
// needed, the end not before the start.
func parseProposal(e *etree.Element) (*proposal, error) {
	ps, pe := child(e, "ProposedStart"), child(e, "ProposedEnd")
	if ps == nil && pe == nil {
		return nil, nil
	}
	if ps == nil || pe == nil {
		return nil, errorf(ErrorInvalidOperation, "A new time proposal needs both ProposedStart and ProposedEnd.")
	}
	if e.Tag != "AcceptItem" && e.Tag != "TentativelyAcceptItem" && e.Tag != "DeclineItem" {
		return nil, errorf(ErrorInvalidOperation, "%s cannot propose a new time.", e.Tag)
	}
	s, err1 := parseTime(strings.TrimSpace(ps.Text()))
	en, err2 := parseTime(strings.TrimSpace(pe.Text()))
	if err := errors.Join(err1, err2); err != nil {
		return nil, &Fault{Code: ErrorSchemaValidation, Message: "ProposedStart or ProposedEnd is not a valid dateTime."}
	}
	if en.Before(s) {
		return nil, errorf("ErrorCalendarEndDateIsEarlierThanStartDate", "ProposedEnd is earlier than ProposedStart.")
	}
	return &proposal{start: s, end: en}, nil
}

// counterProposal returns the properties a response object's counter
// proposal gives the meeting response ([MS-OXOCAL] 2.2.7.3 to 2.2.7.6),
// nil if it proposes nothing.
func (c *call) counterProposal(e *etree.Element) ([]mapi.PropValue, error) {
	p, err := parseProposal(e)
	if err != nil || p == nil {
		return nil, err
	}
	var out []mapi.PropValue
	for _, x := range []struct {
		np mapi.NamedProp
		v  any
	}{
		{mapi.PidLidAppointmentProposedStartWhole, p.start},
		{mapi.PidLidAppointmentProposedEndWhole, p.end},
		{mapi.PidLidAppointmentProposedDuration, int32(p.end.Sub(p.start) / time.Minute)},
		{mapi.PidLidAppointmentCounterProposal, true},
	} {
		t, err := c.namedTag(x.np, true)
		if err != nil {
			return nil, err
		}
		if t != 0 {
			out = append(out, mapi.PropValue{Tag: t, Value: x.v})
		}
	}
	return out, nil
}

// writeAttendeeProposal writes an attendee's ProposedStart and
// ProposedEnd from her recipient row (types.xsd AttendeeType;
// [MS-OXOCAL] 2.2.4.10.4 to 2.2.4.10.6).
func (c *call) writeAttendeeProposal(p []mapi.PropValue) {
	if b, _ := getBool(p, mapi.PidTagRecipientProposed); !b {
		return
	}
	s, ok1 := getTime(p, mapi.PidTagRecipientProposedStartTime)
	e, ok2 := getTime(p, mapi.PidTagRecipientProposedEndTime)
	if ok1 && ok2 {
		c.w.elemTime("t:ProposedStart", s)
		c.w.elemTime("t:ProposedEnd", e)
	}
}

// writeMeeting2Field writes RecurrenceId, ProposedStart, ProposedEnd and
// the conflicting and adjacent meetings (meetings2_conflicts.go).
func (c *call) writeMeeting2Field(it *itemData, s *itemShape, f int, el string) error {
	p := it.props
	tag := s.tag(f)
	switch f {
	case fRecurrenceId:
		// An occurrence's original start; a meeting message or item of
		// one instance: PidLidExceptionReplaceTime.
		if it.occurrence {
			c.w.elemTime("t:RecurrenceId", it.original)
		} else if v, ok := getTime(p, tag); ok && tag != 0 {
			c.w.elemTime("t:RecurrenceId", v)
		}
	case fProposedStart, fProposedEnd:
		if v, ok := getTime(p, tag); ok && tag != 0 {
			c.w.elemTime(map[bool]string{true: "t:ProposedStart", false: "t:ProposedEnd"}[f == fProposedStart], v)
		}
	case fConflictingMeetingCount, fAdjacentMeetingCount, fConflictingMeetings, fAdjacentMeetings:
		return c.writeConflicts(it, s, f)
	}
	return nil
}

// cancellationsRequired refuses to delete a calendar item or an
// occurrence when DeleteItem has no SendMeetingCancellations attribute:
// the attribute is required for calendar items ([MS-OXWSCORE] 3.1.4.3
// DeleteItem; Exchange answers ErrorSendMeetingCancellationsRequired).
// Other items, and IDs that do not resolve, are left to DeleteItem.
func (c *call) cancellationsRequired(e *etree.Element) error {
	if c.req.Body.SelectAttr("SendMeetingCancellations") != nil || c.acc != nil {
		// QUIRK: items of another user's mailbox (delegate access) are
		// deleted without the attribute, as before; their access checks
		// come first.
		return nil
	}
	var id ObjectID
	switch e.Tag {
	case "OccurrenceItemId":
		if _, _, err := c.occurrenceTarget(e); err != nil {
			return nil // the deletion reports a bad ID
		}
		return errorf("ErrorSendMeetingCancellationsRequired", "SendMeetingCancellations is required to delete a calendar item.")
	case "ItemId":
		var err error
		if id, _, err = c.resolveItemOrOccurrence(e); err != nil {
			return nil // the deletion reports a bad ID
		}
		if id.Kind == KindOccurrence {
			return errorf("ErrorSendMeetingCancellationsRequired", "SendMeetingCancellations is required to delete a calendar item.")
		}
	default:
		return nil
	}
	m, err := c.mb.Message(c.ctx, id.Message, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagMessageClass}})
	if err != nil {
		return nil
	}
	if cls, _ := getString(m.Props, mapi.PidTagMessageClass); hasClassPrefix(cls, "IPM.Appointment") {
		return errorf("ErrorSendMeetingCancellationsRequired", "SendMeetingCancellations is required to delete a calendar item.")
	}
	return nil
}

// settleProposals closes the open counter proposals of the organizer's
// item info once she sent an update of the meeting (taking a proposal is
// such an update): PidTagRecipientProposed and the proposed times leave
// the recipient rows, PidLidAppointmentCounterProposal becomes false and
// PidLidAppointmentProposalNumber 0 ([MS-OXOCAL] 2.2.4.6, 2.2.4.7,
// 2.2.4.10.4).
func (c *call) settleProposals(info *store.MessageInfo) (*store.MessageInfo, error) {
	cp, err := c.namedTag(mapi.PidLidAppointmentCounterProposal, false)
	if err != nil || cp == 0 {
		return info, err
	}
	m, err := c.mb.Message(c.ctx, info.ID, &store.MessageOptions{Tags: []mapi.PropTag{cp}, Recipients: true})
	if err != nil {
		return nil, err
	}
	if open, _ := getBool(m.Props, cp); !open {
		return info, nil
	}
	recips := m.Recipients
	for i := range recips {
		recips[i].RowID = 0
		recips[i].Props = slices.DeleteFunc(recips[i].Props, func(p mapi.PropValue) bool {
			return p.Tag == mapi.PidTagRecipientProposed || p.Tag == mapi.PidTagRecipientProposedStartTime || p.Tag == mapi.PidTagRecipientProposedEndTime
		})
	}
	return c.mb.UpdateMessage(c.ctx, info.ID, &store.MessageUpdate{Set: c.proposalProps(c.mb, recips), Recipients: &recips})
}

// requestResponse is the attendee's answer to meeting request it: the
// response status of her calendar item of the meeting, or, for a request
// of one occurrence, of that occurrence's exception in her series (the
// series' answer when the occurrence has no exception). ok is false when
// she has no calendar item of the meeting.
func (c *call) requestResponse(it *itemData, s *itemShape) (int64, bool) {
	rt, _ := c.namedTag(mapi.PidLidResponseStatus, false)
	row, _ := c.associatedItem(it, s)
	if row == nil || rt == 0 {
		return 0, false
	}
	goidT, _ := c.namedTag(mapi.PidLidGlobalObjectId, false)
	replT, _ := c.namedTag(mapi.PidLidExceptionReplaceTime, false)
	if goidT != 0 && replT != 0 {
		g, ok1 := getBytes(it.props, goidT)
		original, ok2 := getTime(it.props, replT)
		if (!ok1 || !ok2) && it.mid != 0 {
			if m, err := c.mb.Message(c.ctx, it.mid, &store.MessageOptions{Tags: []mapi.PropTag{goidT, replT}}); err == nil {
				g, _ = getBytes(m.Props, goidT)
				original, ok2 = getTime(m.Props, replT)
			}
		}
		if hasInstanceDate(g) && ok2 {
			if ser, err := c.loadSeries(row.Message); err == nil {
				if a := ser.exceptionAttachment(original.UTC()); a != nil {
					if r, ok := getInt(a.Embedded.Props, rt); ok {
						return r, true
					}
				}
			}
		}
	}
	r, ok := getInt(row.Props, rt)
	return r, ok
}

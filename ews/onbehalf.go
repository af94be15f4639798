package ews

import (
	"context"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Sending on behalf of another user ([MS-OXOMSG] 2.2.1.46-2.2.1.57
// PidTagSentRepresenting* and PidTagSender*, [MS-OXODLGT] 3.1.4.3 "send
// on behalf", [MS-OXWSCORE] 2.2.4.x t:From and t:Sender).
//
// A message whose From (PidTagSentRepresenting*) names someone other than
// the caller is sent only when the caller may send on behalf of that
// user: by default when the caller is one of the user's delegates (the
// delegate information object of [MS-OXODLGT] 2.2.2.2, managed with
// AddDelegate), as Exchange grants delegates Send on Behalf; an embedder
// can decide otherwise with Handler.SendOnBehalf. Otherwise the message
// is refused with ErrorSendAsDenied and nothing is sent. The sent message
// carries Sender = the caller and From = the principal (MIME From: and
// Sender: through oxcmail). Sending from another user's mailbox (a draft
// there, or CreateItem with the SavedItemFolderId of that mailbox) is
// sending on behalf of its owner.

// ErrorSendAsDenied is the response code of a message whose From the
// caller may not send as or on behalf of ([MS-OXWSCDATA] 2.2.5.24).
const ErrorSendAsDenied ResponseCode = "ErrorSendAsDenied"

// SendOnBehalfFunc reports whether sender may send messages on behalf
// of principal (both SMTP addresses as the directory spells them).
type SendOnBehalfFunc func(ctx context.Context, principal, sender string) (bool, error)

// errSendAsDenied is the answer of a refused on-behalf send.
func errSendAsDenied(principal string) *Error {
	return errorf(ErrorSendAsDenied, "The user account which was used to submit this request does not have the right to send mail on behalf of %s.", principal)
}

// canonicalUser returns the directory's SMTP address and display name
// for addr; ok is false when the directory does not know addr as a user.
func (c *call) canonicalUser(addr string) (smtp, name string, ok bool) {
	dir, isDir := c.h.Store.(store.Directory)
	if !isDir {
		return "", "", false
	}
	e, err := dir.LookupUser(c.ctx, addr)
	if err != nil || e.Kind != store.EntryUser {
		return "", "", false
	}
	return e.SMTPAddress, e.DisplayName, true
}

// allowOnBehalf checks that the caller may send on behalf of principal.
func (c *call) allowOnBehalf(principal string) error {
	if c.isSelf(principal) {
		return nil
	}
	smtp, _, ok := c.canonicalUser(principal)
	if !ok {
		return errSendAsDenied(principal)
	}
	if c.h.SendOnBehalf != nil {
		ok, err := c.h.SendOnBehalf(c.ctx, smtp, c.user)
		if err != nil {
			return err
		}
		if !ok {
			return errSendAsDenied(principal)
		}
		return nil
	}
	mb, err := c.h.Store.OpenMailbox(c.ctx, smtp)
	if err != nil {
		return errSendAsDenied(principal)
	}
	d, err := c.viewOf(mb, 0).loadDelegates()
	if err != nil {
		return err
	}
	if d.find(c.user) < 0 {
		return errSendAsDenied(principal)
	}
	return nil
}

// callerName returns the caller's display name (the directory's, else
// the own mailbox's, else the address).
func (c *call) callerName() string {
	if c.acc == nil && !c.cross && c.mb != nil {
		if n := c.mb.Info().DisplayName; n != "" {
			return n
		}
	}
	if _, n, ok := c.canonicalUser(c.user); ok && n != "" {
		return n
	}
	return c.user
}

// stampSender sets the sender properties of a message about to be sent:
// Sender is the caller, From (PidTagSentRepresenting*) stays what the
// item says or, if it says nothing, is the owner of the mailbox the
// request addresses (the caller's own, or the principal's whose mailbox
// a delegate sends from). A From naming another user is checked with
// allowSendFrom (sendas.go) and completed with that user's directory
// name and address; with Send As, Sender is that recipient too
// (stampFrom). A refused one is ErrorSendAsDenied.
func (c *call) stampSender(m *store.Message, now time.Time) error {
	name := c.callerName()
	from, _ := getString(m.Props, mapi.PidTagSentRepresentingSmtpAddress)
	if from == "" {
		from, _ = getString(m.Props, mapi.PidTagSentRepresentingEmailAddress)
	}
	if from == "" {
		from = c.targetOwner()
	}
	if c.isSelf(from) {
		fromName, _ := getString(m.Props, mapi.PidTagSentRepresentingName)
		if fromName == "" || strings.EqualFold(fromName, from) {
			fromName = name
		}
		setSentRepresenting(m, fromName, c.user)
	} else {
		mode, err := c.allowSendFrom(from) // sendas.go: Send As first
		if err != nil {
			return err
		}
		if c.stampFrom(m, from, mode) {
			setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagClientSubmitTime, Value: now})
			setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagMessageDeliveryTime, Value: now})
			return nil
		}
		smtp, pname, _ := c.canonicalUser(from)
		fromName, _ := getString(m.Props, mapi.PidTagSentRepresentingName)
		if fromName == "" || strings.EqualFold(fromName, from) {
			fromName = nonEmpty(pname, smtp)
		}
		setSentRepresenting(m, fromName, smtp)
	}
	for _, p := range []mapi.PropValue{
		{Tag: mapi.PidTagSenderName, Value: name},
		{Tag: mapi.PidTagSenderSmtpAddress, Value: c.user},
		{Tag: mapi.PidTagSenderEmailAddress, Value: c.user},
		{Tag: mapi.PidTagSenderAddressType, Value: "SMTP"},
		{Tag: mapi.PidTagClientSubmitTime, Value: now},
		{Tag: mapi.PidTagMessageDeliveryTime, Value: now},
	} {
		setProp(&m.Props, p)
	}
	return nil
}

// setSentRepresenting sets From ([MS-OXOMSG] 2.2.1.54 ff.).
func setSentRepresenting(m *store.Message, name, addr string) {
	setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagSentRepresentingName, Value: nonEmpty(name, addr)})
	setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagSentRepresentingSmtpAddress, Value: addr})
	setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagSentRepresentingEmailAddress, Value: addr})
	setProp(&m.Props, mapi.PropValue{Tag: mapi.PidTagSentRepresentingAddressType, Value: "SMTP"})
}

// saveSentCopy saves the copy of a sent message: in folder fid of the
// request's mailbox, or with fid 0 in the default Sent Items, which for
// a delegate sending from another user's mailbox is the delegate's own
// (Exchange's default for messages sent on behalf; the principal's Sent
// Items only when the request names it). m is in the request's
// mailbox's property IDs.
func (c *call) saveSentCopy(m *store.Message, fid store.FID) error {
	if fid != 0 {
		_, err := c.mb.CreateMessage(c.ctx, fid, m)
		return err
	}
	if c.acc == nil {
		sent, err := c.mb.SpecialFolder(c.ctx, store.FolderSentItems)
		if err != nil {
			return err
		}
		_, err = c.mb.CreateMessage(c.ctx, sent, m)
		return err
	}
	own, err := c.h.Store.OpenMailbox(c.ctx, c.user)
	if err != nil {
		return err
	}
	sent, err := own.SpecialFolder(c.ctx, store.FolderSentItems)
	if err != nil {
		return err
	}
	cp, err := c.copyMessageTo(own, m, 0) // othermbx_move.go
	if err != nil {
		return err
	}
	cp.Read = m.Read
	_, err = own.CreateMessage(c.ctx, sent, cp)
	return err
}

// allowMeetingAction checks a meeting response object (CreateItem
// AcceptItem, TentativelyAcceptItem, DeclineItem, CancelCalendarItem,
// RemoveItem) on item mid (a series for an occurrence) of another
// user's mailbox: the caller must be able to read it and, to answer,
// edit the owner's Calendar ([MS-OXODLGT] 3.1.4.2: a delegate with
// Editor rights answers for the delegator), to cancel or remove, edit
// and delete it. The rights are those of the folder the item is in, not
// the one its ID names. Sending the response is then on behalf of the
// owner (stampSender).
func (c *call) allowMeetingAction(tag string, mid store.MID) error {
	if c.acc == nil {
		return nil
	}
	m, err := c.mb.Message(c.ctx, mid, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagMessageClass}})
	if err != nil {
		return err
	}
	fid := m.Info.FolderID
	if err := c.allowRead(fid, mid); err != nil { // private items too
		return err
	}
	switch tag {
	case "AcceptItem", "TentativelyAcceptItem", "DeclineItem":
		cal, err := c.mb.SpecialFolder(c.ctx, store.FolderCalendar)
		if err != nil {
			return err
		}
		return c.allow(cal, store.RightReadAny|store.RightEditAny)
	case "CancelCalendarItem", "RemoveItem":
		return c.allowItem(fid, mid, store.RightEditAny|store.RightDeleteAny, 0)
	}
	return nil
}

// allowInvitations checks, before a calendar item with attendees is
// created in another user's calendar, that the invitations
// CreateItem's SendMeetingInvitations asks for may be sent on the
// owner's behalf, so that a refused send leaves no item behind.
func (c *call) allowInvitations(item *etree.Element) error {
	switch attr(c.req.Body, "SendMeetingInvitations") {
	case "", "SendToNone":
		return nil
	}
	if child(item, "RequiredAttendees") == nil && child(item, "OptionalAttendees") == nil && child(item, "Resources") == nil {
		return nil
	}
	_, err := c.allowSendFrom(c.acc.owner) // sendas.go
	return err
}

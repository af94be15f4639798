package ews

import (
	"context"
	"strings"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Send As and the principal's copy of sent messages ([MS-OXOMSG]
// 2.2.1.46-2.2.1.57 PidTagSender* and PidTagSentRepresenting*;
// [MS-OXWSCORE] 2.2.4.x t:From and t:Sender).
//
// Exchange has two rights to send from another recipient ("Manage
// permissions for recipients", Exchange Server documentation): Send on
// Behalf (onbehalf.go: From the principal, Sender the caller) and Send
// As, held on a mailbox or on a distribution list, with which the
// message leaves as if the principal had sent it: From and Sender both
// the principal (PidTagSender* = PidTagSentRepresenting*), so MIME has
// From: the principal and no Sender:, and the SMTP envelope sender is
// the principal's address (non-delivery reports go to the principal, as
// with Exchange). "If a user has both Send As and Send on Behalf
// permissions to a mailbox or group, the Send As permission is always
// used" (same page): allowSendFrom asks Handler.SendAs first.
//
// By default only the sender keeps a copy of such a message (in her own
// Sent Items, saveSentCopy). Exchange's MessageCopyForSentAsEnabled and
// MessageCopyForSendOnBehalfEnabled (Set-Mailbox) also put a copy in
// the principal's own Sent Items; Handler.SentCopyForPrincipal is that
// setting here (savePrincipalCopy).

// SendAsFunc reports whether sender holds Send As for principal (both
// SMTP addresses as the directory spells them; principal is a mailbox
// user or a distribution list the directory knows). An error fails the
// item as an internal error, nothing sent.
type SendAsFunc func(ctx context.Context, principal, sender string) (bool, error)

// SentCopyFunc reports, for the mailbox user principal, whether a
// message another user sends as principal (sentAs: Exchange's
// MessageCopyForSentAsEnabled) or on principal's behalf (onBehalf:
// MessageCopyForSendOnBehalfEnabled) is also saved in principal's own
// Sent Items.
type SentCopyFunc func(ctx context.Context, principal string) (sentAs, onBehalf bool)

// fromMode is how a message leaves: from the caller herself, on behalf
// of another user, or as another recipient.
type fromMode uint8

const (
	fromSelf fromMode = iota
	fromOnBehalf
	fromSendAs
)

// sendAsEntry returns the directory entry of addr when it is a
// recipient one can hold Send As for: a mailbox user or a distribution
// list.
func (c *call) sendAsEntry(addr string) (store.DirectoryEntry, bool) {
	dir, ok := c.h.Store.(store.Directory)
	if !ok {
		return store.DirectoryEntry{}, false
	}
	e, err := dir.LookupUser(c.ctx, addr)
	if err != nil || (e.Kind != store.EntryUser && e.Kind != store.EntryDistList) {
		return store.DirectoryEntry{}, false
	}
	return *e, true
}

// allowSendFrom checks that the caller may send a message whose From is
// principal and says how it leaves: as principal when Handler.SendAs
// grants it (Send As wins over Send on Behalf), else on principal's
// behalf when allowOnBehalf does; otherwise ErrorSendAsDenied.
func (c *call) allowSendFrom(principal string) (fromMode, error) {
	if c.isSelf(principal) {
		return fromSelf, nil
	}
	if c.h.SendAs != nil {
		if e, ok := c.sendAsEntry(principal); ok {
			ok, err := c.h.SendAs(c.ctx, e.SMTPAddress, c.user)
			if err != nil {
				return 0, err
			}
			if ok {
				return fromSendAs, nil
			}
		}
	}
	if err := c.allowOnBehalf(principal); err != nil {
		return 0, err
	}
	return fromOnBehalf, nil
}

// stampFrom sets From (PidTagSentRepresenting*) of a message sent from
// another recipient and, for Send As, Sender (PidTagSender*) to the same
// recipient; it returns false, touching nothing, when mode is not
// fromSendAs (stampSender sets Sender then).
func (c *call) stampFrom(m *store.Message, from string, mode fromMode) bool {
	if mode != fromSendAs {
		return false
	}
	e, _ := c.sendAsEntry(from) // allowSendFrom found it
	fromName, _ := getString(m.Props, mapi.PidTagSentRepresentingName)
	if fromName == "" || strings.EqualFold(fromName, from) {
		fromName = nonEmpty(e.DisplayName, e.SMTPAddress)
	}
	setSentRepresenting(m, fromName, e.SMTPAddress)
	for _, p := range []mapi.PropValue{
		{Tag: mapi.PidTagSenderName, Value: fromName},
		{Tag: mapi.PidTagSenderSmtpAddress, Value: e.SMTPAddress},
		{Tag: mapi.PidTagSenderEmailAddress, Value: e.SMTPAddress},
		{Tag: mapi.PidTagSenderAddressType, Value: "SMTP"},
	} {
		setProp(&m.Props, p)
	}
	return true
}

// envelopeFrom is the SMTP envelope sender of m, stamped by stampSender:
// the Sender (the caller; the principal with Send As), else the caller.
func (c *call) envelopeFrom(m *store.Message) string {
	if s, _ := getString(m.Props, mapi.PidTagSenderSmtpAddress); s != "" {
		return s
	}
	return c.user
}

// savePrincipalCopy saves, once m (stamped by stampSender, in the
// request's mailbox's property IDs) has been sent as or on behalf of
// another mailbox user, a copy in that user's Sent Items when
// Handler.SentCopyForPrincipal asks for it. savedHere says that the
// caller's own saved copy went into the request's mailbox: when that
// mailbox is the principal's, she has her copy already.
//
// The message has left when this runs, so a copy that cannot be saved
// does not fail the item (Exchange, too, sends regardless): it is
// logged. A distribution list (no mailbox) gets no copy, and
// SentCopyForPrincipal is not asked about it.
func (c *call) savePrincipalCopy(m *store.Message, savedHere bool) {
	if c.h.SentCopyForPrincipal == nil {
		return
	}
	principal, _ := getString(m.Props, mapi.PidTagSentRepresentingSmtpAddress)
	sender, _ := getString(m.Props, mapi.PidTagSenderSmtpAddress)
	if principal == "" || c.isSelf(principal) {
		return
	}
	if _, _, ok := c.canonicalUser(principal); !ok {
		return // a distribution list: no mailbox, no Sent Items
	}
	asCopy, behalfCopy := c.h.SentCopyForPrincipal(c.ctx, principal)
	if strings.EqualFold(sender, principal) && !asCopy || !strings.EqualFold(sender, principal) && !behalfCopy {
		return
	}
	if savedHere && c.acc != nil && strings.EqualFold(c.acc.owner, principal) {
		return
	}
	if err := c.putSentCopy(principal, m); err != nil {
		c.h.logger().Warn("ews: the copy for the principal's Sent Items was not saved; the message was sent",
			"principal", principal, "sender", c.user, "err", err)
	}
}

// putSentCopy saves a read copy of m in owner's Sent Items.
func (c *call) putSentCopy(owner string, m *store.Message) error {
	mb, err := c.h.Store.OpenMailbox(c.ctx, owner)
	if err != nil {
		return err
	}
	sent, err := mb.SpecialFolder(c.ctx, store.FolderSentItems)
	if err != nil {
		return err
	}
	cp, err := c.copyMessageTo(mb, m, 0) // othermbx_move.go
	if err != nil {
		return err
	}
	cp.Read = true
	setProp(&cp.Props, mapi.PropValue{Tag: mapi.PidTagMessageFlags, Value: int32(msgflagRead | msgflagFromMe)})
	_, err = mb.CreateMessage(c.ctx, sent, cp)
	return err
}

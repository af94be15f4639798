package ews

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/oxcmail"
	"github.com/oxkit/oxkit/store"
)

// Read receipts ([MS-OXOMSG] 3.1.4.x "Read Receipts"; RFC 8098).
//
// A message delivered with Disposition-Notification-To
// (PidTagReadReceiptRequested) has mfNotifyRead set in
// PidTagMessageFlags ([MS-OXCMSG] 2.2.1.6: a read receipt is pending):
// MarkReceiptPending, called by the Handler's local deliveries and by
// the example server's SMTP delivery. When such a message becomes read
// through UpdateItem (message:IsRead) or MarkAllItemsAsRead, the mailbox
// sends a read receipt, as Exchange does: a REPORT.<class>.IPNRN message
// "Read: <subject>" from the mailbox's owner to the address the sender
// asked for (PidTagReadReceiptEmailAddress, else the sender), going out
// as an RFC 8098 MDN (oxcmail) with a null envelope sender, delivered
// locally or through Handler.Sender; then mfNotifyRead is cleared, so a
// message gets one receipt. UpdateItem SuppressReadReceipts="true",
// MarkAllItemsAsRead SuppressReadReceipts="true" and the
// SuppressReadReceipt response object clear it without sending. A
// receipt that cannot be sent is logged and the flag kept; the read
// change itself succeeds either way. DeleteItem (HardDelete, SoftDelete;
// not MoveToDeletedItems, which keeps the message) of an unread message
// that owes a receipt sends a non-read receipt (REPORT.<class>.IPNNRN
// "Not read: <subject>", an MDN with disposition "deleted") unless
// SuppressReadReceipts="true", as Outlook does.

// mfNotifyRead is mfNotifyRead of PidTagMessageFlags ([MS-OXCMSG]
// 2.2.1.6).
const mfNotifyRead = 0x100

// MarkReceiptPending sets mfNotifyRead in the PidTagMessageFlags of
// props, a message being delivered, when its sender asked for a read
// receipt (PidTagReadReceiptRequested, which oxcmail sets from
// Disposition-Notification-To), unless it is a report itself (RFC 8098
// 2.1: MDNs are not answered). Deliveries call it; uploads and saved
// copies do not, so only delivered messages send receipts.
func MarkReceiptPending(props *[]mapi.PropValue) {
	if rr, _ := getBool(*props, mapi.PidTagReadReceiptRequested); !rr {
		return
	}
	if cls, _ := getString(*props, mapi.PidTagMessageClass); hasClassPrefix(cls, "REPORT") {
		return // RFC 8098 2.1: no MDN answers a report
	}
	flags, _ := getInt(*props, mapi.PidTagMessageFlags)
	setProp(props, mapi.PropValue{Tag: mapi.PidTagMessageFlags, Value: int32(flags) | mfNotifyRead})
}

// receiptPending reports whether message props (with
// PidTagMessageFlags) still owes a read receipt.
func receiptPending(props []mapi.PropValue) bool {
	flags, _ := getInt(props, mapi.PidTagMessageFlags)
	return flags&mfNotifyRead != 0
}

// suppressReadReceipts reports SuppressReadReceipts of the request's
// operation: an attribute of UpdateItem, an element of
// MarkAllItemsAsRead.
func (c *call) suppressReadReceipts() bool {
	s := attr(c.req.Body, "SuppressReadReceipts")
	if s == "" {
		s = strings.TrimSpace(childText(c.req.Body, "SuppressReadReceipts"))
	}
	v, _ := parseBool(s)
	return v
}

// readReceiptTags are what readReceipt reads of the original.
var readReceiptTags = []mapi.PropTag{
	mapi.PidTagMessageClass, mapi.PidTagMessageFlags, mapi.PidTagSubject, mapi.PidTagDisplayTo,
	mapi.PidTagClientSubmitTime, mapi.PidTagMessageDeliveryTime, mapi.PidTagInternetMessageId,
	mapi.PidTagReadReceiptEmailAddress, mapi.PidTagReadReceiptName,
	mapi.PidTagSenderSmtpAddress, mapi.PidTagSenderEmailAddress,
}

// readReceipt answers the pending read receipt of message mid of the
// request's mailbox: sends it unless suppress, then clears mfNotifyRead.
// Failures are logged: the read change they follow has succeeded.
func (c *call) readReceipt(mid store.MID, suppress bool) {
	if err := c.answerReceipt(mid, suppress); err != nil {
		c.h.logger().Warn("ews: read receipt not sent", "mailbox", c.mb.Info().Owner, "mid", mid, "err", err)
	}
}

func (c *call) answerReceipt(mid store.MID, suppress bool) error {
	m, err := c.mb.Message(c.ctx, mid, &store.MessageOptions{Tags: readReceiptTags})
	if err != nil {
		return err
	}
	if !receiptPending(m.Props) {
		return nil // answered meanwhile
	}
	if !suppress {
		if err := c.sendReadReceipt(m, true); err != nil {
			return err
		}
	}
	flags, _ := getInt(m.Props, mapi.PidTagMessageFlags)
	_, err = c.mb.UpdateMessage(c.ctx, mid, &store.MessageUpdate{Set: []mapi.PropValue{{Tag: mapi.PidTagMessageFlags, Value: int32(flags) &^ mfNotifyRead}}})
	return err
}

// sendReadReceipt builds and sends the read receipt of orig, or its
// non-read receipt (deleted unread) when !read.
func (c *call) sendReadReceipt(orig *store.Message, read bool) error {
	to, _ := getString(orig.Props, mapi.PidTagReadReceiptEmailAddress)
	if to == "" {
		if to, _ = getString(orig.Props, mapi.PidTagSenderSmtpAddress); to == "" {
			to, _ = getString(orig.Props, mapi.PidTagSenderEmailAddress)
		}
	}
	if to == "" || !strings.Contains(to, "@") {
		return fmt.Errorf("no address to send the read receipt to (%q)", to)
	}
	info := c.mb.Info()
	owner := info.Owner
	now := time.Now().UTC().Truncate(time.Second)
	cls, _ := getString(orig.Props, mapi.PidTagMessageClass)
	if cls == "" {
		cls = "IPM.Note"
	}
	subj, _ := getString(orig.Props, mapi.PidTagSubject)
	var body strings.Builder
	body.WriteString("Your message\r\n\r\n")
	if v, _ := getString(orig.Props, mapi.PidTagDisplayTo); v != "" {
		fmt.Fprintf(&body, "  To: %s\r\n", v)
	}
	fmt.Fprintf(&body, "  Subject: %s\r\n", subj)
	if t, ok := getTime(orig.Props, mapi.PidTagClientSubmitTime); ok {
		fmt.Fprintf(&body, "  Sent: %s\r\n", t.UTC().Format("Monday, January 2, 2006 15:04:05 MST"))
	}
	what, suffix, prefix := "was read on", ".IPNRN", "Read: "
	if !read {
		what, suffix, prefix = "was deleted without being read on", ".IPNNRN", "Not read: "
	}
	fmt.Fprintf(&body, "\r\n%s %s.\r\n", what, now.Format("Monday, January 2, 2006 15:04:05 MST"))
	rm := ownerMessage(owner, info.DisplayName, now,
		mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: "REPORT." + cls + suffix},
		mapi.PropValue{Tag: mapi.PidTagSubject, Value: prefix + subj},
		mapi.PropValue{Tag: mapi.PidTagBody, Value: body.String()},
		mapi.PropValue{Tag: mapi.PidTagAutoResponseSuppress, Value: int32(-1)})
	rm.Recipients = []store.Recipient{smtpRecipient(recipTo, to)}
	if id, _ := getString(orig.Props, mapi.PidTagInternetMessageId); id != "" {
		rm.Props = append(rm.Props, mapi.PropValue{Tag: mapi.PidTagOriginalMessageId, Value: id})
	}
	om, err := c.toOxcmail(rm)
	if err != nil {
		return err
	}
	raw, err := oxcmail.Export(om, nil)
	if err != nil {
		return err
	}
	// RFC 8098 2.1: a null envelope sender; the read change it follows
	// is done, so a client going away does not stop it.
	return c.sendAutomatic(context.WithoutCancel(c.ctx), to, raw) // autoreply.go
}

// pendingReceipts returns the unread messages of folder fid that owe a
// read receipt (before MarkAllItemsAsRead marks them read).
func (c *call) pendingReceipts(fid store.FID) ([]store.MID, error) {
	tb, ok := c.mb.(store.Tables)
	if !ok {
		return nil, nil
	}
	res, err := tb.QueryMessages(c.ctx, fid, &store.Query{
		Restriction: mapi.AndRestriction{Restricts: []mapi.Restriction{
			mapi.BitmaskRestriction{BitmapRelOp: mapi.BitmaskNotEqualZero, PropTag: mapi.PidTagMessageFlags, Mask: mfNotifyRead},
			mapi.BitmaskRestriction{BitmapRelOp: mapi.BitmaskEqualZero, PropTag: mapi.PidTagMessageFlags, Mask: msgflagRead},
		}},
		Columns: []mapi.PropTag{mapi.PidTagMessageFlags},
	})
	if err != nil {
		return nil, err
	}
	mids := make([]store.MID, 0, len(res.Rows))
	for _, r := range res.Rows {
		mids = append(mids, r.Message)
	}
	return mids, nil
}

// infoOf returns the current MessageInfo of mid (after a receipt changed
// its flags, so that the answered ChangeKey is the newest).
func (c *call) infoOf(mid store.MID) (*store.MessageInfo, error) {
	m, err := c.mb.Message(c.ctx, mid, &store.MessageOptions{Tags: []mapi.PropTag{}})
	if err != nil {
		return nil, err
	}
	return &m.Info, nil
}

// suppressReadReceipt is the SuppressReadReceipt response object of
// CreateItem ([MS-OXWSCORE] 2.2.4.x SuppressReadReceiptType): the
// referenced message's pending read receipt is dropped unsent; its read
// state is not changed. A message that owes none is left as it is.
func (c *call) suppressReadReceipt(e *etree.Element) error {
	ref := child(e, "ReferenceItemId")
	if ref == nil {
		return errorf(ErrorInvalidIdMalformed, "The response object has no ReferenceItemId.")
	}
	id, err := ParseObjectID(attr(ref, "Id"))
	if err != nil {
		return err
	}
	if id.Kind != KindMessage || id.Mailbox != c.mailboxGUID() {
		return errorf(ErrorItemNotFound, "The referenced item was not found.")
	}
	m, err := c.mb.Message(c.ctx, id.Message, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagMessageFlags}})
	if err == nil {
		err = c.allowItem(m.Info.FolderID, id.Message, store.RightEditAny, store.RightEditOwned)
	}
	if err != nil {
		return err
	}
	if receiptPending(m.Props) {
		return c.answerReceipt(id.Message, true)
	}
	return nil
}

// nonReadReceipt is the deletion side of read receipts: it returns the
// original's properties to send a non-read receipt from once mid, about
// to be deleted, is gone, or nil when none is owed (read, no receipt
// pending, SuppressReadReceipts).
func (c *call) nonReadReceipt(mb store.Mailbox, mid store.MID) *store.Message {
	if c.suppressReadReceipts() {
		return nil
	}
	m, err := mb.Message(c.ctx, mid, &store.MessageOptions{Tags: readReceiptTags})
	if err != nil || m.Info.Read || !receiptPending(m.Props) {
		return nil
	}
	return m
}

// sendNonReadReceipt sends the non-read receipt of orig (see
// nonReadReceipt), logging a failure.
func (c *call) sendNonReadReceipt(orig *store.Message) {
	if err := c.sendReadReceipt(orig, false); err != nil {
		c.h.logger().Warn("ews: non-read receipt not sent", "mailbox", c.mb.Info().Owner, "mid", orig.Info.ID, "err", err)
	}
}

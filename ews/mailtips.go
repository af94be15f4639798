package ews

import (
	"errors"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/store"
)

// MailTips ([MS-OXWMT] 3.1.4.1 GetMailTips: GetMailTipsType, MailTips,
// MailTipTypes).
//
// GetServiceConfiguration answers MailTips on (MailTipsEnabled,
// MaxRecipientsPerGetMailTipsRequest 50, LargeAudienceThreshold 25,
// ShowExternalRecipientCount, the caller's domain as the internal
// domain, MaxMessageSize from Handler.MaxMessageSize), so Outlook asks
// GetMailTips while a message is addressed. For each recipient
// GetMailTips answers, of the tips asked for (All: every one):
//   - OutOfOfficeMessage: a mailbox user's automatic-reply text
//     (InternalReply: the sender is one of the organization's, the EWS
//     caller) while her OOF is on now (Enabled, or Scheduled with now in
//     its Duration, which is then given), else an empty ReplyBody, as
//     Exchange does;
//   - MailboxFullStatus: whether the mailbox has reached its
//     ProhibitReceive quota (store.QuotaReporter);
//   - TotalMemberCount and ExternalMemberCount: 1 and 0 for a user, for
//     a distribution list its members after expanding nested lists
//     (once each), those without a directory entry external;
//   - MaxMessageSize: Handler.MaxMessageSize, when set;
//   - DeliveryRestriction and ModerationStatus: false (oxkit has no
//     restricted or moderated recipients);
//   - InvalidRecipient: an address of the caller's own domain with no
//     directory entry.
//
// CustomMailTip, Scope and RecipientSuggestions are never given (there
// are none to give); PendingMailTips is always empty. More than
// maxMailTipsRecipients recipients is a fault (ErrorInvalidRequest).

// maxMailTipsRecipients is MaxRecipientsPerGetMailTipsRequest.
const maxMailTipsRecipients = 50

// maxListExpansion bounds the members counted for one distribution list.
const maxListExpansion = 10000

// mailTipKinds are the MailTipTypes this package answers.
var mailTipKinds = []string{"OutOfOfficeMessage", "MailboxFullStatus", "CustomMailTip", "ExternalMemberCount",
	"TotalMemberCount", "MaxMessageSize", "DeliveryRestriction", "ModerationStatus", "InvalidRecipient", "Scope", "RecipientSuggestions"}

// getMailTips implements GetMailTips ([MS-OXWMT] 3.1.4.1).
func (c *call) getMailTips() error {
	body := c.req.Body
	want := map[string]bool{}
	requested := childText(body, "MailTipsRequested")
	if child(body, "MailTipsRequested") == nil {
		// QUIRK: exchangelib 4.9 (Account.mail_tips, services.GetMailTips)
		// writes the MailTipTypes list as text of m:GetMailTips itself,
		// without the MailTipsRequested element the schema requires.
		requested = directText(body)
		if strings.TrimSpace(requested) == "" {
			return &Fault{Code: ErrorSchemaValidation, Message: "GetMailTips needs MailTipsRequested."}
		}
	}
	for _, k := range strings.Fields(requested) {
		if k == "All" {
			for _, a := range mailTipKinds {
				want[a] = true
			}
			continue
		}
		want[k] = true
	}
	var rcpts []string
	if r := child(body, "Recipients"); r != nil {
		for _, m := range r.ChildElements() {
			rcpts = append(rcpts, strings.TrimSpace(childText(m, "EmailAddress")))
		}
	}
	if len(rcpts) > maxMailTipsRecipients {
		return &Fault{Code: ErrorInvalidRequest, Message: "The request has more recipients than MaxRecipientsPerGetMailTipsRequest."}
	}
	dir, _ := c.h.Store.(store.Directory)
	c.w.raw(`<m:GetMailTipsResponse ResponseClass="Success" xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `"><m:ResponseCode>NoError</m:ResponseCode><m:ResponseMessages>`)
	const name = "MailTipsResponseMessageType"
	for _, addr := range rcpts {
		mark := len(c.w.b)
		if err := c.writeMailTips(dir, addr, want); err != nil {
			c.w.b = c.w.b[:mark]
			c.msgError(name, err, ErrorInvalidRequest)
		}
	}
	c.w.raw(`</m:ResponseMessages></m:GetMailTipsResponse>`)
	return nil
}

// writeMailTips writes the response message of one recipient.
func (c *call) writeMailTips(dir store.Directory, addr string, want map[string]bool) error {
	var entry *store.DirectoryEntry
	if dir != nil && addr != "" {
		e, err := dir.LookupUser(c.ctx, addr)
		switch {
		case err == nil:
			entry = e
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
	}
	const name = "MailTipsResponseMessageType"
	c.msgStart(name)
	c.w.raw(`<m:MailTips><t:RecipientAddress>`)
	if entry != nil && entry.DisplayName != "" {
		c.w.elem("t:Name", entry.DisplayName)
	}
	c.w.elem("t:EmailAddress", addr)
	c.w.raw(`<t:RoutingType>SMTP</t:RoutingType>`)
	if entry != nil {
		c.w.elem("t:MailboxType", map[bool]string{true: "PublicDL", false: "Mailbox"}[entry.Kind == store.EntryDistList])
	}
	c.w.raw(`</t:RecipientAddress><t:PendingMailTips/>`)
	user := entry != nil && entry.Kind == store.EntryUser
	var mb store.Mailbox
	if user && (want["OutOfOfficeMessage"] || want["MailboxFullStatus"]) {
		var err error
		if mb, err = c.h.Store.OpenMailbox(c.ctx, entry.SMTPAddress); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	if want["OutOfOfficeMessage"] && mb != nil {
		o, _, _, err := c.loadOof(mb)
		if err != nil {
			return err
		}
		c.w.raw(`<t:OutOfOffice><t:ReplyBody>`)
		if now := time.Now(); o.activeAt(now) {
			c.w.elem("t:Message", o.Internal)
			c.w.raw(`</t:ReplyBody>`)
			if o.State == "Scheduled" {
				c.w.open("t:Duration")
				c.w.elemTime("t:StartTime", o.Start)
				c.w.elemTime("t:EndTime", o.End)
				c.w.close("t:Duration")
			}
		} else {
			c.w.raw(`<t:Message/></t:ReplyBody>`)
		}
		c.w.raw(`</t:OutOfOffice>`)
	}
	if want["MailboxFullStatus"] && mb != nil {
		full := false
		if qr, ok := mb.(store.QuotaReporter); ok {
			q, err := qr.Quota(c.ctx)
			if err != nil {
				return err
			}
			full = q.ProhibitReceive > 0 && q.Used >= q.ProhibitReceive
		}
		c.w.elemBool("t:MailboxFull", full)
	}
	if want["TotalMemberCount"] || want["ExternalMemberCount"] {
		total, external := 1, 0
		switch {
		case entry != nil && entry.Kind == store.EntryDistList:
			var err error
			if total, external, err = c.countMembers(dir, entry.SMTPAddress); err != nil {
				return err
			}
		case entry == nil:
			external = 1
		}
		if want["TotalMemberCount"] {
			c.w.elemInt("t:TotalMemberCount", int64(total))
		}
		if want["ExternalMemberCount"] {
			c.w.elemInt("t:ExternalMemberCount", int64(external))
		}
	}
	if want["MaxMessageSize"] && c.h.MaxMessageSize > 0 {
		c.w.elemInt("t:MaxMessageSize", int64(c.h.MaxMessageSize))
	}
	if want["DeliveryRestriction"] {
		c.w.elemBool("t:DeliveryRestricted", false)
	}
	if want["ModerationStatus"] {
		c.w.elemBool("t:IsModerated", false)
	}
	if want["InvalidRecipient"] {
		c.w.elemBool("t:InvalidRecipient", entry == nil && (addr == "" || sameDomain(addr, c.user)))
	}
	c.w.raw(`</m:MailTips>`)
	c.msgEnd(name)
	return nil
}

// countMembers returns the recipients of distribution list list after
// expanding nested lists (each list once) and how many of them have no
// directory entry.
func (c *call) countMembers(dir store.Directory, list string) (total, external int, err error) {
	seen := map[string]bool{strings.ToLower(list): true}
	queue := []string{list}
	for len(queue) > 0 && total < maxListExpansion {
		l := queue[0]
		queue = queue[1:]
		ms, err := dir.Members(c.ctx, l)
		if err != nil {
			return 0, 0, err
		}
		for _, m := range ms {
			k := strings.ToLower(m.SMTPAddress)
			if seen[k] {
				continue
			}
			seen[k] = true
			if m.Kind == store.EntryDistList {
				queue = append(queue, m.SMTPAddress)
				continue
			}
			total++
			if m.Kind != store.EntryUser {
				if _, err := dir.LookupUser(c.ctx, m.SMTPAddress); err != nil {
					external++
				}
			}
		}
	}
	return total, external, nil
}

// sameDomain reports whether two addresses have the same domain.
func sameDomain(a, b string) bool {
	i, j := strings.LastIndexByte(a, '@'), strings.LastIndexByte(b, '@')
	return i >= 0 && j >= 0 && strings.EqualFold(a[i+1:], b[j+1:])
}

// directText returns the character data directly inside e (not that of
// its children).
func directText(e *etree.Element) string {
	var b strings.Builder
	for _, t := range e.Child {
		if cd, ok := t.(*etree.CharData); ok {
			b.WriteString(cd.Data)
		}
	}
	return b.String()
}

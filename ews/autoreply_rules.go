package ews

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/oxcmail"
	"github.com/oxkit/oxkit/store"
	"github.com/oxkit/oxkit/store/rules"
)

// Rule responses: the transport of OP_REPLY, OP_OOF_REPLY and OP_BOUNCE
// for store/rules (Executor.Reply), and the reply template EWS's
// ServerReplyWithMessage rule action stands for.

// replyTemplateClass is the class of the reply templates created for
// ServerReplyWithMessage ([MS-OXORULE] 3.1.4.2.5 R848: the prefix
// "IPM.Note.Rules.ReplyTemplate.", Outlook's suffix).
const replyTemplateClass = "IPM.Note.Rules.ReplyTemplate.Microsoft"

// stockReplyText is the server-defined text of the ST flavor (R289).
const stockReplyText = "Your message has been received."

// replyTemplate makes a's ServerReplyWithMessage item a reply template:
// the item itself when it already is one (a rule read back and set
// again), else a new associated message in the Inbox, the folder of the
// rules, carrying the item's subject, body and attachments, its class
// and a new PidTagReplyTemplateId ([MS-OXORULE] 3.1.4.2.5), as Outlook
// creates one before an OP_REPLY rule. The action then names the
// template.
func (c *call) replyTemplate(a *ruleActions, inbox store.FID) error {
	if !a.hasReply {
		return nil
	}
	m, err := c.mb.Message(c.ctx, a.replyMessage, nil)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return vErr("Action:ServerReplyWithMessage", "InvalidValue", "The reply template item was not found.", "")
		}
		return err
	}
	cls, _ := getString(m.Props, mapi.PidTagMessageClass)
	if g, ok := getBytes(m.Props, mapi.PidTagReplyTemplateId); ok && len(g) == 16 && (m.Associated || m.Info.Associated) &&
		strings.HasPrefix(strings.ToLower(cls), strings.ToLower("IPM.Note.Rules.ReplyTemplate.")) {
		a.replyGUID = mapi.GUID(g)
		a.replyFolder = m.Info.FolderID
		return nil
	}
	var guid mapi.GUID
	rand.Read(guid[:])
	t := &store.Message{Associated: true, Props: []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: replyTemplateClass},
		{Tag: mapi.PidTagReplyTemplateId, Value: guid[:]},
	}}
	for _, tag := range []mapi.PropTag{mapi.PidTagSubject, mapi.PidTagBody, mapi.PidTagHtml, mapi.PidTagInternetCodepage} {
		if v := get(m.Props, tag); v != nil {
			t.Props = append(t.Props, mapi.PropValue{Tag: tag, Value: v})
		}
	}
	t.Attachments = m.Attachments
	info, err := c.mb.CreateMessage(c.ctx, inbox, t)
	if err != nil {
		return err
	}
	a.replyFolder, a.replyMessage, a.replyGUID = inbox, info.ID, guid
	return nil
}

// replyByRule transports the response of an OP_REPLY, OP_OOF_REPLY or
// OP_BOUNCE rule action: a reply from the template (its subject, else
// "RE: " and the original's; its body, or stock text with the ST
// flavor; its attachments) or, for a bounce, a report naming the bounce
// code's reason. Both are marked Auto-Submitted: auto-replied with
// X-Auto-Response-Suppress: All and rules.LoopHeader, go by local
// delivery to local recipients and through Sender, with a null
// reverse-path, to others.
func (h *Handler) replyByRule(ctx context.Context, req *rules.ReplyRequest) error {
	owner := req.Mailbox.Info().Owner
	c := &call{h: h, ctx: ctx, mb: req.Mailbox, user: owner}
	orig := req.Message
	subj, _ := getString(orig.Props, mapi.PidTagSubject)
	now := time.Now().UTC().Truncate(time.Second)
	m := ownerMessage(owner, req.Mailbox.Info().DisplayName, now,
		mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
		mapi.PropValue{Tag: mapi.PidTagAutoResponseSuppress, Value: int32(-1)})
	if id, _ := getString(orig.Props, mapi.PidTagInternetMessageId); id != "" {
		m.Props = append(m.Props, mapi.PropValue{Tag: mapi.PidTagInReplyToId, Value: id})
	}
	switch req.Action {
	case mapi.OpBounce:
		m.Props = append(m.Props,
			mapi.PropValue{Tag: mapi.PidTagSubject, Value: "Undeliverable: " + subj},
			mapi.PropValue{Tag: mapi.PidTagBody, Value: fmt.Sprintf("Your message to %s couldn't be delivered.\r\n\r\n%s\r\n\r\nSubject: %s\r\n", owner, rules.BounceReason(req.BounceCode), subj)})
	default:
		t := req.Template
		if t == nil {
			return fmt.Errorf("no reply template: %w", store.ErrInvalidArgument)
		}
		ts, _ := getString(t.Props, mapi.PidTagSubject)
		if ts == "" {
			ts = "RE: " + subj
		}
		m.Props = append(m.Props, mapi.PropValue{Tag: mapi.PidTagSubject, Value: ts})
		if req.Flavor&rules.ReplyStockText != 0 {
			m.Props = append(m.Props, mapi.PropValue{Tag: mapi.PidTagBody, Value: stockReplyText})
		} else {
			for _, tag := range []mapi.PropTag{mapi.PidTagBody, mapi.PidTagHtml, mapi.PidTagInternetCodepage} {
				if v := get(t.Props, tag); v != nil {
					m.Props = append(m.Props, mapi.PropValue{Tag: tag, Value: v})
				}
			}
			m.Attachments = t.Attachments
		}
	}
	for _, addr := range req.To {
		m.Recipients = append(m.Recipients, smtpRecipient(recipTo, addr))
	}
	om, err := c.toOxcmail(m)
	if err != nil {
		return err
	}
	raw, err := oxcmail.Export(om, nil)
	if err != nil {
		return err
	}
	var hdr bytes.Buffer
	fmt.Fprintf(&hdr, "Auto-Submitted: auto-replied\r\nX-Auto-Response-Suppress: All\r\n%s: %s\r\n", rules.LoopHeader, owner)
	raw = append(hdr.Bytes(), raw...)
	var remote []string
	var errs []error
	for _, addr := range req.To {
		if c.localMailbox(addr) {
			errs = append(errs, c.deliverLocal(addr, raw))
			continue
		}
		remote = append(remote, addr)
	}
	if len(remote) > 0 {
		if h.Sender == nil {
			h.logger().Warn("ews: no Sender configured; rule reply to remote recipients skipped", "mailbox", owner, "rcpts", remote)
		} else {
			errs = append(errs, h.Sender.Send(ctx, "", remote, raw))
		}
	}
	return errors.Join(errs...)
}

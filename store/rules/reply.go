package rules

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Reply flavors of OP_REPLY and OP_OOF_REPLY ([MS-OXORULE] 2.2.5.1.1).
const (
	// ReplyNoSender (NS): do not send the reply to the message's sender,
	// only to the template's recipients (R288, R663).
	ReplyNoSender uint32 = 0x00000001
	// ReplyStockText (ST): use server-defined text instead of the
	// template's (R289).
	ReplyStockText uint32 = 0x00000002
)

// Bounce codes of OP_BOUNCE ([MS-OXORULE] 2.2.5.1.2.5).
const (
	BounceTooLarge     uint32 = 0x0000000D // R341
	BounceCannotShow   uint32 = 0x0000001F // R342
	BounceAccessDenied uint32 = 0x00000026 // R343
)

// BounceReason returns the text of a bounce code for the report to the
// sender.
func BounceReason(code uint32) string {
	switch code {
	case BounceTooLarge:
		return "The message was rejected because it was too large."
	case BounceCannotShow:
		return "The message was rejected because it cannot be displayed to the user."
	case BounceAccessDenied:
		return "The message delivery was denied."
	}
	return fmt.Sprintf("The message was rejected by a rule of the recipient (bounce code 0x%08X).", code)
}

// ReplyRequest is what Executor.Reply receives for OP_REPLY and
// OP_OOF_REPLY (a reply built from Template and the message, R525, R922)
// and OP_BOUNCE (a report to the sender saying why the message was
// rejected, R546).
type ReplyRequest struct {
	// Mailbox is the mailbox whose rule fired; Message the delivered
	// message.
	Mailbox store.Mailbox
	Message *store.Message
	// Action is mapi.OpReply, mapi.OpOOFReply or mapi.OpBounce; Flavor
	// its ActionFlavor (ReplyNoSender, ReplyStockText).
	Action mapi.ActionType
	Flavor uint32
	// Template is the reply template (OP_REPLY, OP_OOF_REPLY): subject,
	// body and recipients to use. nil for OP_BOUNCE.
	Template *store.Message
	// To are the SMTP addresses to send to: the message's sender (unless
	// ReplyNoSender) and the template's recipients. Never the mailbox
	// owner.
	To []string
	// BounceCode is OP_BOUNCE's code.
	BounceCode uint32
	// RuleID is the rule's PidTagRuleId.
	RuleID uint64
}

// arsFor is the PidTagAutoResponseSuppress bit ([MS-OXOMSG] 2.2.1.77)
// and the X-Auto-Response-Suppress token ([MS-OXCMAIL] 2.2.3.2.14) that
// forbid an action's response.
func arsFor(t mapi.ActionType) (int32, string) {
	switch t {
	case mapi.OpOOFReply:
		return 0x10, "oof"
	case mapi.OpBounce:
		return 0x02, "ndr"
	}
	return 0x20, "autoreply"
}

// noAutoResponse returns why msg must get no automatic response of kind t
// from owner's rules, or "": a message that already went through owner's
// rules (LoopHeader) or too many, an empty or own sender, reports, and
// for replies what RFC 3834 excludes (Auto-Submitted other than "no",
// Precedence bulk/list/junk, List-Id) and what the sender suppressed
// (X-Auto-Response-Suppress, PidTagAutoResponseSuppress).
func noAutoResponse(msg *store.Message, owner string, t mapi.ActionType) string {
	if looped(msg, owner) {
		return "loop"
	}
	sender := senderAddress(msg.Props)
	if sender == "" || strings.EqualFold(sender, owner) {
		return "no sender"
	}
	if cls, _ := prop(msg.Props, mapi.PidTagMessageClass).(string); strings.HasPrefix(strings.ToUpper(cls), "REPORT.") {
		return "report"
	}
	bit, token := arsFor(t)
	if v, ok := prop(msg.Props, mapi.PidTagAutoResponseSuppress).(int32); ok && v&bit != 0 {
		return "PidTagAutoResponseSuppress"
	}
	th, _ := prop(msg.Props, mapi.PidTagTransportMessageHeaders).(string)
	for line := range strings.SplitSeq(th, "\n") {
		if line == "" || line == "\r" {
			break
		}
		name, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		name = strings.ToLower(strings.TrimSpace(name))
		val = strings.ToLower(strings.TrimSpace(val))
		switch name {
		case "x-auto-response-suppress":
			for tok := range strings.SplitSeq(val, ",") {
				if tk := strings.TrimSpace(tok); tk == token || tk == "all" {
					return "X-Auto-Response-Suppress"
				}
			}
		case "return-path":
			if val == "<>" {
				return "null sender"
			}
		}
		if t == mapi.OpBounce {
			continue
		}
		switch name {
		case "auto-submitted":
			if tok, _, _ := strings.Cut(val, ";"); strings.TrimSpace(tok) != "no" {
				return "Auto-Submitted"
			}
		case "precedence":
			if val == "bulk" || val == "list" || val == "junk" {
				return "Precedence"
			}
		case "list-id":
			return "mailing list"
		}
	}
	return ""
}

// template reads the reply template a ReplyAction names: by Folder ID and
// Message ID (standard rules) or Message EntryID of this mailbox
// (extended rules); a PidTagReplyTemplateId on the template must match
// the action's ReplyTemplateGUID (R309, R1001).
func (r *run) template(ctx context.Context, d mapi.ReplyAction) (*store.Message, error) {
	mid := store.MID(d.TemplateMessageID)
	if len(d.TemplateMessageEID) > 0 {
		e, err := mapi.ParseMessageEntryID(d.TemplateMessageEID)
		info := r.mb.Info()
		if err != nil || e.ProviderUID != info.MailboxGUID || e.MessageDatabaseGUID != info.ReplicaGUID {
			return nil, fmt.Errorf("reply template entry ID is not of this mailbox: %w", store.ErrNotFound)
		}
		mid = store.MakeMID(e.MessageGlobalCounter)
	}
	if mid == 0 {
		return nil, fmt.Errorf("no reply template: %w", store.ErrNotFound)
	}
	t, err := r.mb.Message(ctx, mid, nil)
	if err != nil {
		return nil, fmt.Errorf("reply template: %w", err)
	}
	if g, ok := prop(t.Props, mapi.PidTagReplyTemplateId).([]byte); ok && len(g) == 16 && d.TemplateGUID != (mapi.GUID{}) {
		if !bytes.Equal(g, d.TemplateGUID[:]) {
			return nil, fmt.Errorf("reply template GUID does not match the action: %w", store.ErrNotFound)
		}
	}
	return t, nil
}

// reply runs OP_REPLY, OP_OOF_REPLY or OP_BOUNCE through Executor.Reply.
func (r *run) reply(ctx context.Context, ruleID uint64, a mapi.ActionBlock, msg *store.Message) {
	if r.x.Reply == nil {
		r.fail(ruleID, a.Type, fmt.Errorf("no transport: %w", store.ErrNotSupported))
		return
	}
	owner := r.mb.Info().Owner
	if why := noAutoResponse(msg, owner, a.Type); why != "" {
		r.x.logger().Info("rules: response suppressed", "mailbox", owner, "rule", ruleID, "action", a.Type.String(), "why", why)
		return
	}
	req := &ReplyRequest{Mailbox: r.mb, Message: msg, Action: a.Type, Flavor: a.Flavor, RuleID: ruleID}
	seen := map[string]bool{strings.ToLower(owner): true}
	add := func(addr string) {
		if k := strings.ToLower(addr); addr != "" && !seen[k] {
			seen[k] = true
			req.To = append(req.To, addr)
		}
	}
	switch d := a.Data.(type) {
	case mapi.BounceAction:
		if a.Type != mapi.OpBounce {
			r.fail(ruleID, a.Type, fmt.Errorf("malformed action data: %w", store.ErrInvalidArgument))
			return
		}
		req.BounceCode = d.Code
		add(senderAddress(msg.Props))
	case mapi.ReplyAction:
		if a.Type == mapi.OpBounce {
			r.fail(ruleID, a.Type, fmt.Errorf("malformed action data: %w", store.ErrInvalidArgument))
			return
		}
		t, err := r.template(ctx, d)
		if err != nil {
			r.fail(ruleID, a.Type, err)
			return
		}
		req.Template = t
		if a.Flavor&ReplyNoSender == 0 {
			add(senderAddress(msg.Props))
		}
		for _, rc := range t.Recipients {
			add(recipientAddress(rc.Props))
		}
	default:
		r.fail(ruleID, a.Type, fmt.Errorf("malformed action data: %w", store.ErrInvalidArgument))
		return
	}
	if len(req.To) == 0 {
		return
	}
	if err := r.x.Reply(ctx, req); err != nil {
		r.fail(ruleID, a.Type, err)
		return
	}
	r.res.Replied++
}

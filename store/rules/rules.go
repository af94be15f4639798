// Package rules runs a folder's server-side rules on a delivered message
// ([MS-OXORULE] 3.2.5.1 "Processing Incoming Messages to a Folder"): it
// reads the rules table of a store.RuleStore, evaluates each rule's
// PidTagRuleCondition with mapi.Evaluate against the message (its
// properties, recipient rows and attachment rows) and performs the
// PidTagRuleActions.
//
// The package sits under store because it is semantics over the store
// contract shared by every front end that delivers mail (the example
// server's SMTP/LMTP delivery, EWS local delivery, later MAPI submission):
// it imports only store and mapi, so no protocol package depends on
// another to get rules run. Transport (forwarding) is the caller's, via
// Executor.Forward.
//
// What runs:
//   - Rules in increasing PidTagRuleSequence order (R514); only rules with
//     ST_ENABLED, and ST_ONLY_WHEN_OOF rules only while Executor.OOF says
//     the mailbox is out of office (R516, R517). Rules with ST_ERROR or
//     ST_RULE_PARSE_ERROR are skipped.
//   - ST_EXIT_LEVEL and OP_DELETE end the evaluation of later rules except
//     ST_ONLY_WHEN_OOF ones (R550, R560, R807, R857).
//   - OP_MOVE and OP_COPY to a folder of the same mailbox, named by a
//     ServerEid (standard rules, 2.2.5.1.2.1.1) or a Folder EntryID of the
//     mailbox (extended rules). Copies are made when the action runs;
//     moves are done after the last rule (several moves leave one copy
//     per target, R791), so later rules still see the message. The rules
//     of a target folder run on the copy or moved message (R512), after
//     the original folder's rules rather than before them, up to
//     MaxFolderDepth folders deep and never twice for one folder.
//   - OP_DELETE deletes the message (hard) after the last rule; copies
//     made by earlier actions stay.
//   - OP_MARK_AS_READ sets the read flag (R551); OP_TAG sets the property
//     (R548). Both apply to the message before it is moved.
//   - OP_FORWARD and OP_DELEGATE hand the message and the recipients to
//     Executor.Forward (with the action's flavor: FWD_PRESERVE_SENDER |
//     FWD_DO_NOT_MUNGE_MSG is a redirect). Loop protection: a message whose
//     transport headers carry LoopHeader with this mailbox's owner, or
//     more than MaxLoopHops such headers, is not forwarded, and the sender
//     is never a forward target (R798).
//   - OP_REPLY and OP_OOF_REPLY read the reply template the action names
//     (Folder ID + Message ID, or Message EntryID; its
//     PidTagReplyTemplateId must match the action's GUID) and hand it,
//     with the sender (unless the NS flavor) and the template's
//     recipients, to Executor.Reply (R525, R922). OP_BOUNCE hands the
//     bounce code to Executor.Reply for a report to the sender (R546) and
//     deletes the message after the last rule (R547). Loop protection:
//     no response to what already went through this mailbox's rules
//     (LoopHeader), to the owner, to an empty sender or a report; no
//     reply to Auto-Submitted, Precedence bulk/list/junk or List-Id mail
//     (RFC 3834); none the sender suppressed (X-Auto-Response-Suppress,
//     PidTagAutoResponseSuppress). Executor.Reply should mark what it
//     sends Auto-Submitted: auto-replied and add LoopHeader.
//   - OP_DEFER_ACTION (client-side rules) is ignored: no deferred action
//     messages are generated.
//
// Not done: deferred action and deferred error messages (DAMs/DEMs,
// 3.2.5.1.2-3), ST_KEEP_OOF_HIST (an OP_OOF_REPLY rule answers every
// matching message; the mailbox-wide OOF reply of ews.Handler.AutoReply
// keeps its own history), moves and
// copies to other mailboxes, RELOP_MEMBER_OF_DL conditions (they fail
// evaluation and the rule is skipped).
package rules

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Forward flavors of OP_FORWARD ([MS-OXORULE] 2.2.5.1.1).
const (
	FwdPreserveSender  uint32 = 0x00000001 // FWD_PRESERVE_SENDER
	FwdDoNotMungeMsg   uint32 = 0x00000002 // FWD_DO_NOT_MUNGE_MSG
	FwdAsAttachment    uint32 = 0x00000004 // FWD_AS_ATTACHMENT
	FwdAsSMSAlert      uint32 = 0x00000008 // FWD_AS_SMS_ALERT
	redirectFlavorMask        = FwdPreserveSender | FwdDoNotMungeMsg
)

// LoopHeader is the header field a forwarder adds, with the forwarding
// mailbox's owner as value, to what it forwards because of a rule, as
// Exchange does; Executor refuses to forward a message that already
// carries it for the same mailbox.
const LoopHeader = "X-MS-Exchange-Inbox-Rules-Loop"

// MaxLoopHops is the number of LoopHeader fields past which a message is
// not forwarded again by any mailbox.
const MaxLoopHops = 3

// DefaultMaxFolderDepth is the default Executor.MaxFolderDepth.
const DefaultMaxFolderDepth = 4

// ForwardRequest is what Executor.Forward receives for an OP_FORWARD or
// OP_DELEGATE action.
type ForwardRequest struct {
	// Mailbox is the mailbox whose rule fired; Message the delivered
	// message as read from it (properties, recipients, attachments).
	Mailbox store.Mailbox
	Message *store.Message
	// To are the action's recipients, each the properties of a
	// RecipientBlockData ([MS-OXORULE] 2.2.5.1.2.4.1), minus the sender.
	To [][]mapi.PropValue
	// Flavor is the action's ActionFlavor.
	Flavor uint32
	// Delegate marks OP_DELEGATE.
	Delegate bool
	// RuleID is the rule's PidTagRuleId.
	RuleID uint64
}

// Redirect reports whether the message is to be resent unchanged with
// its original sender (FWD_PRESERVE_SENDER | FWD_DO_NOT_MUNGE_MSG).
func (f *ForwardRequest) Redirect() bool { return f.Flavor&redirectFlavorMask == redirectFlavorMask }

// Addresses returns the SMTP addresses of To (PidTagSmtpAddress, else
// PidTagEmailAddress of an SMTP recipient).
func (f *ForwardRequest) Addresses() []string {
	var out []string
	for _, r := range f.To {
		if a := recipientAddress(r); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// Executor runs rules. The zero value runs every action it can except
// forwarding.
type Executor struct {
	// Forward transports a message for OP_FORWARD/OP_DELEGATE; it should
	// add LoopHeader with the mailbox owner to what it sends. nil: such
	// actions fail with store.ErrNotSupported (in Result.Errors).
	Forward func(ctx context.Context, req *ForwardRequest) error
	// Reply transports the response of OP_REPLY, OP_OOF_REPLY and
	// OP_BOUNCE (reply.go); nil: such actions fail with
	// store.ErrNotSupported (in Result.Errors).
	Reply func(ctx context.Context, req *ReplyRequest) error
	// OOF reports whether mb is in the Out of Office state; nil means
	// never, so ST_ONLY_WHEN_OOF rules do not run.
	OOF func(ctx context.Context, mb store.Mailbox) bool
	// MaxFolderDepth bounds how many folders' rules one delivery runs
	// through (the delivery folder counts); 0 means
	// DefaultMaxFolderDepth.
	MaxFolderDepth int
	// Logger receives action failures; nil means slog.Default().
	Logger *slog.Logger
}

// Result says what the rules did to one delivered message.
type Result struct {
	// Fired lists the IDs of the rules whose condition matched and whose
	// actions ran, in order (rules of target folders included).
	Fired []uint64
	// Folder and Message locate the delivered message after the rules:
	// where the (last) move put it, or where it was delivered. Message is
	// 0 when it was deleted.
	Folder  store.FID
	Message store.MID
	// Copies are the copies and moved messages made by the actions.
	Copies []store.MovedMessage
	// Forwarded counts successful Forward calls.
	Forwarded int
	// Replied counts successful Reply calls.
	Replied int
	// Errors are the actions that failed (the other actions still ran).
	Errors []error
}

// ActionError is an action that failed.
type ActionError struct {
	RuleID uint64
	Action mapi.ActionType
	Err    error
}

// Error implements error.
func (e *ActionError) Error() string {
	return fmt.Sprintf("rules: rule %d: %v: %v", e.RuleID, e.Action, e.Err)
}

// Unwrap returns the cause.
func (e *ActionError) Unwrap() error { return e.Err }

func (x *Executor) logger() *slog.Logger {
	if x.Logger != nil {
		return x.Logger
	}
	return slog.Default()
}

// Run runs the rules of folder fid of mb on message mid, just delivered
// there. A mailbox that is not a store.RuleStore, or a folder without
// rules, leaves the message alone. The error is non-nil only when the
// rules or the message could not be read; failed actions are in
// Result.Errors.
func (x *Executor) Run(ctx context.Context, mb store.Mailbox, fid store.FID, mid store.MID) (*Result, error) {
	res := &Result{Folder: fid, Message: mid}
	depth := x.MaxFolderDepth
	if depth <= 0 {
		depth = DefaultMaxFolderDepth
	}
	var oof *bool
	r := &run{x: x, mb: mb, res: res, seen: map[store.FID]bool{}, oof: func() bool {
		if oof == nil {
			v := x.OOF != nil && x.OOF(ctx, mb)
			oof = &v
		}
		return *oof
	}}
	fid, mid, err := r.folder(ctx, fid, mid, depth)
	res.Folder, res.Message = fid, mid
	return res, err
}

type run struct {
	x    *Executor
	mb   store.Mailbox
	res  *Result
	seen map[store.FID]bool
	oof  func() bool
}

func (r *run) fail(ruleID uint64, t mapi.ActionType, err error) {
	e := &ActionError{RuleID: ruleID, Action: t, Err: err}
	r.res.Errors = append(r.res.Errors, e)
	r.x.logger().Warn("rules: action failed", "mailbox", r.mb.Info().Owner, "rule", ruleID, "action", t.String(), "err", err)
}

// object returns m as a mapi.Object for Evaluate.
func object(m *store.Message) *mapi.Bag {
	b := &mapi.Bag{Props: m.Props}
	for _, rc := range m.Recipients {
		b.Recipients = append(b.Recipients, &mapi.Bag{Props: rc.Props})
	}
	for _, a := range m.Attachments {
		b.Attachments = append(b.Attachments, &mapi.Bag{Props: a.Props})
	}
	return b
}

// folder runs fid's rules on mid and returns where the message ended.
func (r *run) folder(ctx context.Context, fid store.FID, mid store.MID, depth int) (store.FID, store.MID, error) {
	if depth <= 0 || r.seen[fid] {
		return fid, mid, nil
	}
	r.seen[fid] = true
	rs, ok := r.mb.(store.RuleStore)
	if !ok {
		return fid, mid, nil
	}
	list, err := rs.Rules(ctx, fid)
	if err != nil || len(list) == 0 {
		return fid, mid, err
	}
	msg, err := r.mb.Message(ctx, mid, nil)
	if err != nil {
		return fid, mid, err
	}
	obj := object(msg)
	var (
		moves   []store.FID
		deleted bool
		exited  bool
	)
	for i := range list {
		rule := &list[i]
		oofRule := rule.State&store.RuleOnlyWhenOOF != 0
		switch {
		case rule.State&(store.RuleError|store.RuleParseError) != 0:
			continue
		case rule.State&(store.RuleEnabled|store.RuleOnlyWhenOOF) == 0: // R63
			continue
		case oofRule && !r.oof(): // R517
			continue
		case exited && !oofRule: // R560, R807
			continue
		}
		if rule.Condition != nil {
			ok, err := mapi.Evaluate(rule.Condition, obj)
			if err != nil {
				r.x.logger().Warn("rules: condition not evaluated", "mailbox", r.mb.Info().Owner, "rule", rule.ID, "err", err)
				continue
			}
			if !ok {
				continue
			}
		}
		r.res.Fired = append(r.res.Fired, rule.ID)
		for _, a := range rule.Actions.Actions {
			switch a.Type {
			case mapi.OpMove, mapi.OpCopy:
				target, err := r.target(a.Data)
				if err != nil {
					r.fail(rule.ID, a.Type, err)
					continue
				}
				if a.Type == mapi.OpMove {
					moves = append(moves, target)
					continue
				}
				r.copyTo(ctx, rule.ID, fid, mid, target, depth)
			case mapi.OpDelete:
				deleted, exited = true, true // R549, R550
			case mapi.OpMarkAsRead:
				if _, err := r.mb.SetReadFlags(ctx, fid, []store.MID{mid}, true); err != nil {
					r.fail(rule.ID, a.Type, err)
				}
			case mapi.OpTag:
				t, ok := a.Data.(mapi.TagAction)
				if !ok {
					r.fail(rule.ID, a.Type, fmt.Errorf("malformed action data: %w", store.ErrInvalidArgument))
					continue
				}
				if _, err := r.mb.UpdateMessage(ctx, mid, &store.MessageUpdate{Set: []mapi.PropValue{t.Prop}}); err != nil {
					r.fail(rule.ID, a.Type, err)
					continue
				}
				setProp(&msg.Props, t.Prop)
				obj.Props = msg.Props
			case mapi.OpForward, mapi.OpDelegate:
				r.forward(ctx, rule.ID, a, msg)
			case mapi.OpReply, mapi.OpOOFReply:
				r.reply(ctx, rule.ID, a, msg)
			case mapi.OpBounce:
				r.reply(ctx, rule.ID, a, msg)
				deleted = true // R547
			case mapi.OpDeferAction:
				// Client-side rule: no DAMs are generated.
			default:
				r.fail(rule.ID, a.Type, store.ErrNotSupported)
			}
		}
		if rule.State&store.RuleExitLevel != 0 { // R857
			exited = true
		}
	}
	// Moves: a copy per target but the last, which gets the message
	// itself (R790, R791); a delete drops the original.
	if deleted {
		for _, t := range moves {
			r.copyTo(ctx, 0, fid, mid, t, depth)
		}
		if _, err := r.mb.DeleteMessages(ctx, fid, []store.MID{mid}, &store.DeleteOptions{Hard: true}); err != nil {
			r.fail(0, mapi.OpDelete, err)
			return fid, mid, nil
		}
		return fid, 0, nil
	}
	if len(moves) == 0 {
		return fid, mid, nil
	}
	for _, t := range moves[:len(moves)-1] {
		r.copyTo(ctx, 0, fid, mid, t, depth)
	}
	last := moves[len(moves)-1]
	if last == fid {
		return fid, mid, nil
	}
	moved, err := r.mb.MoveMessages(ctx, fid, last, []store.MID{mid})
	if err != nil || len(moved) != 1 {
		if err == nil {
			err = fmt.Errorf("message %v not moved: %w", mid, store.ErrNotFound)
		}
		r.fail(0, mapi.OpMove, err)
		return fid, mid, nil
	}
	r.res.Copies = append(r.res.Copies, moved[0])
	nf, nm, err := r.folder(ctx, last, moved[0].New, depth-1)
	if err != nil {
		r.fail(0, mapi.OpMove, err)
		return last, moved[0].New, nil
	}
	return nf, nm, nil
}

// copyTo copies mid to target and runs target's rules on the copy.
func (r *run) copyTo(ctx context.Context, ruleID uint64, fid, mid, target store.FID, depth int) {
	if target == fid {
		return
	}
	copied, err := r.mb.CopyMessages(ctx, fid, target, []store.MID{mid})
	if err != nil || len(copied) != 1 {
		if err == nil {
			err = fmt.Errorf("message %v not copied: %w", mid, store.ErrNotFound)
		}
		r.fail(ruleID, mapi.OpCopy, err)
		return
	}
	r.res.Copies = append(r.res.Copies, copied[0])
	if _, _, err := r.folder(ctx, target, copied[0].New, depth-1); err != nil {
		r.fail(ruleID, mapi.OpCopy, err)
	}
}

// target resolves the folder of an OP_MOVE/OP_COPY action in this
// mailbox.
func (r *run) target(d mapi.ActionData) (store.FID, error) {
	m, ok := d.(mapi.MoveCopyAction)
	if !ok {
		return 0, fmt.Errorf("malformed action data: %w", store.ErrInvalidArgument)
	}
	fid, ok := TargetFolder(r.mb.Info(), m)
	if !ok {
		return 0, fmt.Errorf("target folder is not in this mailbox: %w", store.ErrNotSupported)
	}
	return fid, nil
}

// TargetFolder returns the folder of info's mailbox that a move or copy
// action names: a ServerEid with Ours = 1 ([MS-OXORULE] 2.2.5.1.2.1.1)
// when FolderInThisStore is set, or a Folder EntryID ([MS-OXCDATA]
// 2.2.4.1) of this mailbox.
func TargetFolder(info store.MailboxInfo, m mapi.MoveCopyAction) (store.FID, bool) {
	if m.FolderInThisStore && len(m.FolderEID) == ServerEIDSize && m.FolderEID[0] == 1 {
		id, err := mapi.ParseID(m.FolderEID[1:9])
		if err == nil && id.ReplicaID() == store.ReplicaID1 {
			return id, true
		}
	}
	e, err := mapi.ParseFolderEntryID(m.FolderEID)
	if err == nil && e.ProviderUID == info.MailboxGUID && e.DatabaseGUID == info.ReplicaGUID {
		return store.MakeFID(e.GlobalCounter), true
	}
	return 0, false
}

// ServerEIDSize is the size of a ServerEid ([MS-OXORULE] 2.2.5.1.2.1.1).
const ServerEIDSize = 21

// ServerEID returns the ServerEid of folder fid: Ours = 1, the Folder ID,
// a zero Message ID and Instance.
func ServerEID(fid store.FID) []byte {
	b := make([]byte, 1, ServerEIDSize)
	b[0] = 1
	b, _ = fid.AppendBinary(b)
	return append(b, make([]byte, 12)...)
}

// MoveCopy returns the ActionData of a standard rule's OP_MOVE/OP_COPY to
// folder fid of info's mailbox: FolderInThisStore, the mailbox's Store
// Object EntryID is not needed (R965), so StoreEID is one zero byte.
func MoveCopy(fid store.FID) mapi.MoveCopyAction {
	return mapi.MoveCopyAction{FolderInThisStore: true, StoreEID: []byte{0}, FolderEID: ServerEID(fid)}
}

func (r *run) forward(ctx context.Context, ruleID uint64, a mapi.ActionBlock, msg *store.Message) {
	fd, ok := a.Data.(mapi.ForwardDelegateAction)
	if !ok {
		r.fail(ruleID, a.Type, fmt.Errorf("malformed action data: %w", store.ErrInvalidArgument))
		return
	}
	if r.x.Forward == nil {
		r.fail(ruleID, a.Type, fmt.Errorf("no transport: %w", store.ErrNotSupported))
		return
	}
	owner := r.mb.Info().Owner
	if looped(msg, owner) {
		r.x.logger().Info("rules: forward suppressed (loop)", "mailbox", owner, "rule", ruleID)
		return
	}
	sender := strings.ToLower(senderAddress(msg.Props))
	req := &ForwardRequest{Mailbox: r.mb, Message: msg, Flavor: a.Flavor, Delegate: a.Type == mapi.OpDelegate, RuleID: ruleID}
	for _, rb := range fd.Recipients {
		addr := strings.ToLower(recipientAddress(rb.Props))
		if addr == "" || addr == sender || addr == strings.ToLower(owner) { // R798
			continue
		}
		req.To = append(req.To, rb.Props)
	}
	if len(req.To) == 0 {
		return
	}
	if err := r.x.Forward(ctx, req); err != nil {
		r.fail(ruleID, a.Type, err)
		return
	}
	r.res.Forwarded++
}

// looped reports whether msg came through owner's rules already, or
// through too many mailboxes' rules.
func looped(msg *store.Message, owner string) bool {
	h, _ := prop(msg.Props, mapi.PidTagTransportMessageHeaders).(string)
	hops := 0
	for line := range strings.SplitSeq(h, "\n") {
		name, val, ok := strings.Cut(line, ":")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), LoopHeader) {
			continue
		}
		hops++
		if strings.EqualFold(strings.TrimSpace(val), owner) {
			return true
		}
	}
	return hops >= MaxLoopHops
}

func prop(ps []mapi.PropValue, tag mapi.PropTag) any {
	for _, p := range ps {
		if p.Tag.ID() == tag.ID() {
			return p.Value
		}
	}
	return nil
}

func setProp(ps *[]mapi.PropValue, v mapi.PropValue) {
	for i, p := range *ps {
		if p.Tag.ID() == v.Tag.ID() {
			(*ps)[i] = v
			return
		}
	}
	*ps = append(*ps, v)
}

func senderAddress(ps []mapi.PropValue) string {
	for _, t := range []mapi.PropTag{mapi.PidTagSenderSmtpAddress, mapi.PidTagSentRepresentingSmtpAddress} {
		if s, _ := prop(ps, t).(string); s != "" {
			return s
		}
	}
	if t, _ := prop(ps, mapi.PidTagSenderAddressType).(string); strings.EqualFold(t, "SMTP") {
		s, _ := prop(ps, mapi.PidTagSenderEmailAddress).(string)
		return s
	}
	return ""
}

func recipientAddress(ps []mapi.PropValue) string {
	if s, _ := prop(ps, mapi.PidTagSmtpAddress).(string); s != "" {
		return s
	}
	if t, _ := prop(ps, mapi.PidTagAddressType).(string); strings.EqualFold(t, "SMTP") {
		s, _ := prop(ps, mapi.PidTagEmailAddress).(string)
		return s
	}
	return ""
}

package ews

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/oxcmail"
	"github.com/oxkit/oxkit/store"
	"github.com/oxkit/oxkit/store/rules"
)

// RuleExecutor returns the executor that runs Inbox rules on local
// deliveries: Handler.Rules when set, else one that forwards through
// this handler's local delivery and Sender (rule replies and bounces:
// autoreply_rules.go) and reads the Out of Office
// state from the settings SetUserOofSettings stored. The example server
// uses it for SMTP delivery too.
func (h *Handler) RuleExecutor() *rules.Executor {
	if h.Rules != nil {
		return h.Rules
	}
	return &rules.Executor{Forward: h.forwardByRule, Reply: h.replyByRule, OOF: h.oofActive, Logger: h.logger()}
}

// runInboxRules sends the Out of Office reply (autoreply.go) and runs
// fid's rules on a message just delivered there. The delivery has
// committed; failures are logged, not returned.
func (h *Handler) runInboxRules(ctx context.Context, mb store.Mailbox, fid store.FID, mid store.MID) {
	h.autoReply(ctx, mb, mid)
	if _, ok := mb.(store.RuleStore); !ok {
		return
	}
	if _, err := h.RuleExecutor().Run(ctx, mb, fid, mid); err != nil {
		h.logger().Warn("ews: inbox rules not run", "mailbox", mb.Info().Owner, "err", err)
	}
}

// oofActive reports whether mb's stored OOF settings are on now.
func (h *Handler) oofActive(ctx context.Context, mb store.Mailbox) bool {
	c := &call{h: h, ctx: ctx, mb: mb, user: mb.Info().Owner}
	o, _, _, err := c.loadOof(mb)
	if err != nil {
		return false
	}
	return o.activeAt(time.Now())
}

// forwardByRule transports a message for an OP_FORWARD rule action: a
// redirect resends the message unchanged; a forward sends a new message
// from the mailbox owner ("FW: " subject, the original body, or the
// original attached with FWD_AS_ATTACHMENT). Local recipients get it by
// local delivery (their rules run in turn), others through Sender.
// Every hop adds rules.LoopHeader; the executor refuses to forward what
// already went through the same mailbox.
func (h *Handler) forwardByRule(ctx context.Context, req *rules.ForwardRequest) error {
	if req.Flavor&rules.FwdAsSMSAlert != 0 {
		return fmt.Errorf("SMS alerts: %w", store.ErrNotSupported)
	}
	owner := req.Mailbox.Info().Owner
	c := &call{h: h, ctx: ctx, mb: req.Mailbox, user: owner}
	orig := req.Message
	var m *store.Message
	from := owner
	switch {
	case req.Redirect():
		m = &store.Message{Props: orig.Props, Recipients: orig.Recipients, Attachments: orig.Attachments}
		if s, ok := getString(orig.Props, mapi.PidTagSenderSmtpAddress); ok && s != "" {
			from = s
		}
	default:
		subj, _ := getString(orig.Props, mapi.PidTagSubject)
		m = ownerMessage(owner, req.Mailbox.Info().DisplayName, time.Now().UTC().Truncate(time.Second),
			mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
			mapi.PropValue{Tag: mapi.PidTagSubject, Value: "FW: " + subj},
			mapi.PropValue{Tag: mapi.PidTagAutoForwarded, Value: true})
		if req.Flavor&rules.FwdAsAttachment != 0 {
			embedded := &store.Message{Props: withoutIdentity(orig.Props), Recipients: orig.Recipients, Attachments: orig.Attachments}
			m.Props = append(m.Props, mapi.PropValue{Tag: mapi.PidTagBody, Value: ""})
			m.Attachments = []store.Attachment{{Props: []mapi.PropValue{
				{Tag: mapi.PidTagAttachMethod, Value: int32(5)}, // afEmbeddedMessage
				{Tag: mapi.PidTagDisplayName, Value: subj},
			}, Embedded: embedded}}
		} else {
			for _, t := range []mapi.PropTag{mapi.PidTagBody, mapi.PidTagHtml, mapi.PidTagInternetCodepage} {
				for _, p := range orig.Props {
					if p.Tag == t {
						m.Props = append(m.Props, p)
					}
				}
			}
			m.Attachments = orig.Attachments
		}
		for _, r := range req.To {
			m.Recipients = append(m.Recipients, store.Recipient{Props: r})
		}
	}
	m.Props = withoutIdentity(m.Props)
	om, err := c.toOxcmail(m)
	if err != nil {
		return err
	}
	raw, err := oxcmail.Export(om, nil)
	if err != nil {
		return err
	}
	// Loop headers of earlier hops travel on, with this hop's first.
	var hdr bytes.Buffer
	fmt.Fprintf(&hdr, "%s: %s\r\n", rules.LoopHeader, owner)
	if th, ok := getString(orig.Props, mapi.PidTagTransportMessageHeaders); ok {
		for line := range strings.SplitSeq(th, "\n") {
			if name, _, ok := strings.Cut(line, ":"); ok && strings.EqualFold(strings.TrimSpace(name), rules.LoopHeader) {
				hdr.WriteString(strings.TrimRight(line, "\r") + "\r\n")
			}
		}
	}
	raw = append(hdr.Bytes(), raw...)

	var remote []string
	var errs []error
	for _, addr := range req.Addresses() {
		if c.localMailbox(addr) {
			errs = append(errs, c.deliverLocal(addr, raw))
			continue
		}
		remote = append(remote, addr)
	}
	if len(remote) > 0 {
		if h.Sender == nil {
			h.logger().Warn("ews: no Sender configured; rule forward to remote recipients skipped", "mailbox", owner, "rcpts", remote)
		} else {
			errs = append(errs, h.Sender.Send(ctx, from, remote, raw))
		}
	}
	return errors.Join(errs...)
}

// localMailbox reports whether addr has a mailbox in the store.
func (c *call) localMailbox(addr string) bool {
	dir, ok := c.h.Store.(store.Directory)
	if !ok {
		_, err := c.h.Store.OpenMailbox(c.ctx, addr)
		return err == nil
	}
	e, err := dir.LookupUser(c.ctx, addr)
	return err == nil && e.Kind == store.EntryUser
}

// withoutIdentity drops the store-computed and transport properties a
// resent copy must not carry over.
func withoutIdentity(ps []mapi.PropValue) []mapi.PropValue {
	drop := map[mapi.PropID]bool{}
	for _, t := range []mapi.PropTag{
		mapi.PidTagMid, mapi.PidTagFolderId, mapi.PidTagChangeNumber, mapi.PidTagChangeKey,
		mapi.PidTagPredecessorChangeList, mapi.PidTagSourceKey, mapi.PidTagParentSourceKey,
		mapi.PidTagEntryId, mapi.PidTagParentEntryId, mapi.PidTagTransportMessageHeaders,
		mapi.PidTagInternetMessageId,
	} {
		drop[t.ID()] = true
	}
	var out []mapi.PropValue
	for _, p := range ps {
		if !drop[p.Tag.ID()] {
			out = append(out, p)
		}
	}
	return out
}

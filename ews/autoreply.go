package ews

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/oxcmail"
	"github.com/oxkit/oxkit/store"
)

// Automatic replies (Out of Office) at delivery: [MS-OXWSOOF] 1.3 and
// 3.1.4.2 (the InternalReply goes to senders in the organization, the
// ExternalReply to others per ExternalAudience), RFC 3834 (what never
// gets an automatic reply, and how a reply is marked).

// MaxOofHistory bounds the senders remembered in one Out of Office period
// (the OOF history). Once it is full no further automatic replies are
// sent in that period: a missed reply is better than a mail storm.
const MaxOofHistory = 10000

// oofHistoryClass is the class of the associated message in the root
// folder holding the OOF history: PidTagBody is the period key on the
// first line, then one sender address per line. Exchange keeps its own
// OOF history in the mailbox as well (opaque to clients); this one is
// oxkit's.
const oofHistoryClass = "IPM.Microsoft.OOF.History"

// oofReplyClass is the class Exchange gives an automatic reply.
const oofReplyClass = "IPM.Note.Rules.OofTemplate.Microsoft"

// autoResponseSuppressOOF is ARS_OOF of PidTagAutoResponseSuppress
// ([MS-OXOMSG] 2.2.1.77).
const autoResponseSuppressOOF = 0x00000010

// activeAt reports whether the settings have OOF on at now.
func (o *oofSettings) activeAt(now time.Time) bool {
	switch o.State {
	case "Enabled":
		return true
	case "Scheduled":
		return !now.Before(o.Start) && now.Before(o.End)
	}
	return false
}

// AutoReply sends mb's automatic reply (Out of Office) for message mid,
// just delivered to mb, when the owner's stored OOF settings are on:
// the InternalReply to senders with an entry in the store's Directory,
// the ExternalReply to others when ExternalAudience is All, or Known and
// the sender is in the owner's Contacts folder. Each sender gets at most
// one reply per OOF period (a period ends when the settings are saved
// again). Messages that must not be answered get none: Auto-Submitted
// other than "no", Precedence bulk/list/junk, List-Id or
// List-Unsubscribe, X-Auto-Response-Suppress OOF or All (or ARS_OOF in
// PidTagAutoResponseSuppress), an empty Return-Path, reports, and senders
// such as MAILER-DAEMON, postmaster, owner-* and *-request. The reply
// ("Automatic reply: " + subject, Auto-Submitted: auto-replied,
// In-Reply-To the original) goes by local delivery to local senders and
// through Sender, with a null reverse-path, to others. It reports whether
// a reply was sent.
//
// The example server calls it after every SMTP/LMTP delivery; EWS local
// delivery calls it itself.
func (h *Handler) AutoReply(ctx context.Context, mb store.Mailbox, mid store.MID) (bool, error) {
	owner := mb.Info().Owner
	c := &call{h: h, ctx: ctx, mb: mb, user: owner}
	now := time.Now()
	o, settingsMID, err := c.syncOof(mb, now) // honours PidTagOutOfOfficeState set through the store
	if err != nil || settingsMID == 0 || !o.activeAt(now) {
		return false, err
	}
	msg, err := mb.Message(ctx, mid, nil)
	if err != nil {
		return false, err
	}
	if why := autoReplySuppressed(msg.Props); why != "" {
		h.logger().Debug("ews: no automatic reply", "mailbox", owner, "why", why)
		return false, nil
	}
	sender := messageSender(msg.Props)
	if sender == "" || strings.EqualFold(sender, owner) || robotAddress(sender) {
		return false, nil
	}
	text := o.Internal
	internal := c.inDirectory(sender)
	if !internal {
		switch o.Audience {
		case "All":
		case "Known":
			known, err := c.inContacts(sender)
			if err != nil || !known {
				return false, err
			}
		default:
			return false, nil
		}
		text = o.External
	}
	if strings.TrimSpace(text) == "" {
		return false, nil
	}
	period, err := c.oofPeriod(settingsMID)
	if err != nil {
		return false, err
	}
	histMID, seen, err := c.loadOofHistory(period)
	if err != nil {
		return false, err
	}
	key := strings.ToLower(sender)
	for _, s := range seen {
		if s == key {
			return false, nil
		}
	}
	if len(seen) >= MaxOofHistory {
		h.logger().Warn("ews: OOF history full; no automatic reply", "mailbox", owner)
		return false, nil
	}
	raw, err := c.oofReply(msg, sender, text)
	if err != nil {
		return false, err
	}
	// RFC 3834 3.3: a null reverse-path, so that a failure of the reply
	// produces no report to anyone.
	if err := c.sendAutomatic(ctx, sender, raw); errors.Is(err, errNoSender) {
		h.logger().Warn("ews: no Sender configured; automatic reply not sent", "mailbox", owner, "to", sender)
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("ews: automatic reply to %s: %w", sender, err)
	}
	return true, c.storeOofHistory(histMID, period, append(seen, key))
}

// errNoSender is sendAutomatic's error when a message for a remote
// address finds no Handler.Sender.
var errNoSender = errors.New("ews: no Sender configured")

// sendAutomatic sends raw, a message the server writes itself (an
// automatic reply, a read report), to address to: by local delivery when
// to has a mailbox here, else through Handler.Sender with a null
// reverse-path (RFC 3834 3.3, RFC 8098 2.1), so that its failure reports
// to nobody, within ctx; errNoSender without a Sender.
func (c *call) sendAutomatic(ctx context.Context, to string, raw []byte) error {
	if c.localMailbox(to) { // rules_deliver.go
		return c.deliverLocal(to, raw)
	}
	if c.h.Sender == nil {
		return errNoSender
	}
	return c.h.Sender.Send(ctx, "", []string{to}, raw)
}

// autoReply is AutoReply for the handler's own deliveries: failures are
// logged.
func (h *Handler) autoReply(ctx context.Context, mb store.Mailbox, mid store.MID) {
	if _, err := h.AutoReply(ctx, mb, mid); err != nil {
		h.logger().Warn("ews: automatic reply failed", "mailbox", mb.Info().Owner, "err", err)
	}
}

// autoReplySuppressed returns why a message must get no automatic reply
// (RFC 3834 2 and 5; [MS-OXCMAIL] 2.2.3.2.14 X-Auto-Response-Suppress;
// RFC 2919 List-Id; RFC 2369 List-*), or "".
func autoReplySuppressed(ps []mapi.PropValue) string {
	if cls, _ := getString(ps, mapi.PidTagMessageClass); strings.HasPrefix(strings.ToUpper(cls), "REPORT.") {
		return "report"
	}
	if v, ok := get(ps, mapi.PidTagAutoResponseSuppress).(int32); ok && v&autoResponseSuppressOOF != 0 {
		return "PidTagAutoResponseSuppress"
	}
	th, _ := getString(ps, mapi.PidTagTransportMessageHeaders)
	for name, val := range headerFields(th) {
		v := strings.ToLower(strings.TrimSpace(val))
		switch name {
		case "auto-submitted":
			if tok, _, _ := strings.Cut(v, ";"); strings.TrimSpace(tok) != "no" {
				return "Auto-Submitted"
			}
		case "precedence":
			if v == "bulk" || v == "list" || v == "junk" {
				return "Precedence"
			}
		case "list-id", "list-unsubscribe":
			return "mailing list"
		case "x-auto-response-suppress":
			for tok := range strings.SplitSeq(v, ",") {
				if t := strings.TrimSpace(tok); t == "oof" || t == "all" {
					return "X-Auto-Response-Suppress"
				}
			}
		case "return-path":
			if v == "<>" || v == "" {
				return "null sender"
			}
		}
	}
	return ""
}

// headerFields yields the (lower-cased name, unfolded value) fields of an
// RFC 5322 header block.
func headerFields(h string) func(yield func(string, string) bool) {
	return func(yield func(string, string) bool) {
		var name, val string
		flush := func() bool {
			if name == "" {
				return true
			}
			return yield(name, val)
		}
		for line := range strings.SplitSeq(h, "\n") {
			line = strings.TrimRight(line, "\r")
			if line == "" {
				break
			}
			if line[0] == ' ' || line[0] == '\t' {
				val += " " + strings.TrimSpace(line)
				continue
			}
			if !flush() {
				return
			}
			n, v, ok := strings.Cut(line, ":")
			if !ok {
				name = ""
				continue
			}
			name, val = strings.ToLower(strings.TrimSpace(n)), strings.TrimSpace(v)
		}
		flush()
	}
}

// messageSender returns the SMTP address an automatic reply goes to: the
// sender, else the represented sender.
func messageSender(ps []mapi.PropValue) string {
	for _, t := range []mapi.PropTag{mapi.PidTagSenderSmtpAddress, mapi.PidTagSentRepresentingSmtpAddress} {
		if s, _ := getString(ps, t); s != "" {
			return s
		}
	}
	if t, _ := getString(ps, mapi.PidTagSenderAddressType); strings.EqualFold(t, "SMTP") {
		s, _ := getString(ps, mapi.PidTagSenderEmailAddress)
		return s
	}
	return ""
}

// robotAddress reports addresses RFC 3834 2 says not to answer:
// mailer daemons, postmasters, list owners and request addresses.
func robotAddress(addr string) bool {
	local, _, _ := strings.Cut(strings.ToLower(addr), "@")
	switch local {
	case "mailer-daemon", "postmaster", "listserv", "majordomo", "noreply", "no-reply":
		return true
	}
	return strings.HasPrefix(local, "owner-") || strings.HasSuffix(local, "-request") || strings.HasSuffix(local, "-owner")
}

// inDirectory reports whether addr has an entry in the store's directory
// (the organization).
func (c *call) inDirectory(addr string) bool {
	dir, ok := c.h.Store.(store.Directory)
	if !ok {
		return c.localMailbox(addr)
	}
	_, err := dir.LookupUser(c.ctx, addr)
	return err == nil
}

// inContacts reports whether addr is an e-mail address of a contact in
// the mailbox's Contacts folder (ExternalAudience Known).
func (c *call) inContacts(addr string) (bool, error) {
	t, ok := c.mb.(store.Tables)
	if !ok {
		return false, nil
	}
	fid, err := c.mb.SpecialFolder(c.ctx, store.FolderContacts)
	if err != nil {
		return false, nil
	}
	tags, err := c.namedTags([]mapi.NamedProp{emailNamed[0][0], emailNamed[1][0], emailNamed[2][0]})
	if err != nil {
		return false, err
	}
	var or mapi.OrRestriction
	for _, tag := range tags {
		if tag == 0 {
			continue
		}
		or.Restricts = append(or.Restricts, mapi.ContentRestriction{FuzzyLevelLow: mapi.FuzzyFullString, FuzzyLevelHigh: mapi.FuzzyIgnoreCase,
			PropTag: tag, Value: mapi.PropValue{Tag: tag, Value: addr}})
	}
	if len(or.Restricts) == 0 {
		return false, nil
	}
	r, err := t.QueryMessages(c.ctx, fid, &store.Query{Restriction: or, Columns: []mapi.PropTag{mapi.PidTagMessageClass}, Limit: 1})
	if err != nil {
		return false, err
	}
	return len(r.Rows) > 0, nil
}

// oofPeriod returns the key of the current OOF period: the change key of
// the settings message, which every SetUserOofSettings changes.
func (c *call) oofPeriod(settingsMID store.MID) (string, error) {
	m, err := c.mb.Message(c.ctx, settingsMID, nil)
	if err != nil {
		return "", err
	}
	ck, _ := getBytes(m.Props, mapi.PidTagChangeKey)
	if len(ck) == 0 {
		if t, ok := get(m.Props, mapi.PidTagLastModificationTime).(time.Time); ok {
			return t.UTC().Format(time.RFC3339Nano), nil
		}
	}
	return hex.EncodeToString(ck), nil
}

// loadOofHistory returns the history message (0: none) and the senders
// answered in period (none when the stored history is of another
// period).
func (c *call) loadOofHistory(period string) (store.MID, []string, error) {
	root, err := c.mb.SpecialFolder(c.ctx, store.FolderRoot)
	if err != nil {
		return 0, nil, err
	}
	t, ok := c.mb.(store.Tables)
	if !ok {
		return 0, nil, nil
	}
	r, err := t.QueryMessages(c.ctx, root, &store.Query{
		Associated:  true,
		Restriction: mapi.PropertyRestriction{RelOp: mapi.RelOpEqual, PropTag: mapi.PidTagMessageClass, Value: mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: oofHistoryClass}},
		Columns:     []mapi.PropTag{mapi.PidTagBody},
		Limit:       1,
	})
	if err != nil || len(r.Rows) == 0 {
		return 0, nil, err
	}
	body, _ := getString(r.Rows[0].Props, mapi.PidTagBody)
	if body == "" {
		// A long body is not in table rows: read the message.
		if m, err := c.mb.Message(c.ctx, r.Rows[0].Message, nil); err == nil {
			body, _ = getString(m.Props, mapi.PidTagBody)
		}
	}
	lines := strings.Split(body, "\n")
	if lines[0] != period {
		return r.Rows[0].Message, nil, nil
	}
	var seen []string
	for _, l := range lines[1:] {
		if l != "" {
			seen = append(seen, l)
		}
	}
	return r.Rows[0].Message, seen, nil
}

func (c *call) storeOofHistory(mid store.MID, period string, seen []string) error {
	body := period + "\n" + strings.Join(seen, "\n")
	if mid != 0 {
		_, err := c.mb.UpdateMessage(c.ctx, mid, &store.MessageUpdate{Set: []mapi.PropValue{{Tag: mapi.PidTagBody, Value: body}}})
		return err
	}
	root, err := c.mb.SpecialFolder(c.ctx, store.FolderRoot)
	if err != nil {
		return err
	}
	_, err = c.mb.CreateMessage(c.ctx, root, &store.Message{Associated: true, Props: []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: oofHistoryClass},
		{Tag: mapi.PidTagSubject, Value: oofHistoryClass},
		{Tag: mapi.PidTagBody, Value: body},
	}})
	return err
}

// ownerMessage starts a message the server sends for the mailbox of
// owner (display name name, left out when empty): Sender and
// SentRepresenting as SMTP addresses, PidTagClientSubmitTime now, then
// extra.
func ownerMessage(owner, name string, now time.Time, extra ...mapi.PropValue) *store.Message {
	props := make([]mapi.PropValue, 0, 9+len(extra))
	props = append(props,
		mapi.PropValue{Tag: mapi.PidTagSenderSmtpAddress, Value: owner},
		mapi.PropValue{Tag: mapi.PidTagSenderEmailAddress, Value: owner},
		mapi.PropValue{Tag: mapi.PidTagSenderAddressType, Value: "SMTP"},
		mapi.PropValue{Tag: mapi.PidTagSentRepresentingSmtpAddress, Value: owner},
		mapi.PropValue{Tag: mapi.PidTagSentRepresentingEmailAddress, Value: owner},
		mapi.PropValue{Tag: mapi.PidTagSentRepresentingAddressType, Value: "SMTP"},
		mapi.PropValue{Tag: mapi.PidTagClientSubmitTime, Value: now})
	if name != "" {
		props = append(props, mapi.PropValue{Tag: mapi.PidTagSenderName, Value: name}, mapi.PropValue{Tag: mapi.PidTagSentRepresentingName, Value: name})
	}
	return &store.Message{Props: append(props, extra...)}
}

// smtpRecipient is a recipient row of type typ for the SMTP address
// addr, shown by its address.
func smtpRecipient(typ int32, addr string) store.Recipient {
	return store.Recipient{Props: []mapi.PropValue{
		{Tag: mapi.PidTagRecipientType, Value: typ},
		{Tag: mapi.PidTagSmtpAddress, Value: addr},
		{Tag: mapi.PidTagEmailAddress, Value: addr},
		{Tag: mapi.PidTagAddressType, Value: "SMTP"},
		{Tag: mapi.PidTagDisplayName, Value: addr},
	}}
}

// oofReply returns the RFC 5322 automatic reply to orig.
func (c *call) oofReply(orig *store.Message, to, text string) ([]byte, error) {
	owner := c.user
	now := time.Now().UTC().Truncate(time.Second)
	subj, _ := getString(orig.Props, mapi.PidTagSubject)
	m := ownerMessage(owner, c.mb.Info().DisplayName, now,
		mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: oofReplyClass},
		mapi.PropValue{Tag: mapi.PidTagSubject, Value: "Automatic reply: " + subj},
		mapi.PropValue{Tag: mapi.PidTagAutoResponseSuppress, Value: int32(-1)})
	m.Recipients = []store.Recipient{smtpRecipient(recipTo, to)}
	if id, _ := getString(orig.Props, mapi.PidTagInternetMessageId); id != "" {
		m.Props = append(m.Props, mapi.PropValue{Tag: mapi.PidTagInReplyToId, Value: id})
	}
	// The reply text is what the client stored: Outlook and OWA store
	// HTML, scripts often plain text.
	if t := strings.TrimSpace(text); strings.HasPrefix(t, "<") {
		m.Props = append(m.Props, mapi.PropValue{Tag: mapi.PidTagHtml, Value: []byte(text)}, mapi.PropValue{Tag: mapi.PidTagInternetCodepage, Value: int32(65001)})
	} else {
		m.Props = append(m.Props, mapi.PropValue{Tag: mapi.PidTagBody, Value: text})
	}
	om, err := c.toOxcmail(m)
	if err != nil {
		return nil, err
	}
	raw, err := oxcmail.Export(om, nil)
	if err != nil {
		return nil, err
	}
	// RFC 3834 5: Auto-Submitted: auto-replied; X-Auto-Response-Suppress
	// so that Exchange-style responders do not answer the reply.
	var b bytes.Buffer
	b.WriteString("Auto-Submitted: auto-replied\r\nX-Auto-Response-Suppress: All\r\n")
	b.Write(raw)
	return b.Bytes(), nil
}

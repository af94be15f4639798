package rules_test

import (
	"context"
	"errors"
	"testing"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
	"github.com/oxkit/oxkit/store/rules"
)

// replyTemplate creates a reply template FAI message in the Inbox as
// [MS-OXORULE] 3.1.4.2.5 describes (class prefix, PidTagReplyTemplateId).
func (f *fixture) replyTemplate(class string, guid mapi.GUID, extraRcpt string) store.MID {
	f.t.Helper()
	m := &store.Message{Associated: true, Props: []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: class},
		{Tag: mapi.PidTagReplyTemplateId, Value: guid[:]},
		{Tag: mapi.PidTagSubject, Value: "Thanks"},
		{Tag: mapi.PidTagBody, Value: "We got your message."},
	}}
	if extraRcpt != "" {
		m.Recipients = []store.Recipient{{Props: []mapi.PropValue{{Tag: mapi.PidTagRecipientType, Value: int32(1)}, {Tag: mapi.PidTagSmtpAddress, Value: extraRcpt}}}}
	}
	info, err := f.mb.CreateMessage(f.ctx, f.inbox, m)
	if err != nil {
		f.t.Fatal(err)
	}
	return info.ID
}

func replyRecorder(got *[]*rules.ReplyRequest) *rules.Executor {
	return &rules.Executor{Reply: func(_ context.Context, req *rules.ReplyRequest) error {
		*got = append(*got, req)
		return nil
	}}
}

// [MS-OXORULE] 3.2.5.1 R525: OP_REPLY builds a reply from the template
// named by ReplyTemplateFID/MID (2.2.5.1.2.2) to the sender; NS sends
// only to the template's recipients (R288, R663).
func TestReplyAction(t *testing.T) {
	f := newFixture(t)
	guid := mapi.GUID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	tmpl := f.replyTemplate("IPM.Note.Rules.ReplyTemplate.Microsoft", guid, "boss@example.net")
	f.rules(f.inbox,
		rule{seq: 1, state: store.RuleEnabled, cond: subjectHas("order"), action: []mapi.ActionBlock{{Type: mapi.OpReply, Data: mapi.ReplyAction{TemplateFolderID: uint64(f.inbox), TemplateMessageID: uint64(tmpl), TemplateGUID: guid}}}},
		rule{seq: 2, state: store.RuleEnabled, cond: subjectHas("quiet"), action: []mapi.ActionBlock{{Type: mapi.OpReply, Flavor: rules.ReplyNoSender, Data: mapi.ReplyAction{TemplateFolderID: uint64(f.inbox), TemplateMessageID: uint64(tmpl), TemplateGUID: guid}}}},
	)
	var got []*rules.ReplyRequest
	x := replyRecorder(&got)
	mid := f.deliver("new order", "buyer@example.net")
	res := f.run(x, mid)
	if res.Replied != 1 || len(got) != 1 || len(res.Errors) != 0 {
		t.Fatalf("replied %d, calls %d, errors %v", res.Replied, len(got), res.Errors)
	}
	eq(t, "reply to", got[0].To, []string{"buyer@example.net", "boss@example.net"})
	if got[0].Action != mapi.OpReply || got[0].Template == nil || prop(got[0].Template.Props, mapi.PidTagSubject) != "Thanks" || got[0].Message.Info.ID != mid {
		t.Errorf("request: %+v", got[0])
	}
	if res.Message != mid {
		t.Error("OP_REPLY moved or deleted the message")
	}
	got = nil
	f.run(x, f.deliver("quiet please", "buyer@example.net"))
	if len(got) != 1 {
		t.Fatalf("NS: %d calls", len(got))
	}
	eq(t, "NS reply to", got[0].To, []string{"boss@example.net"})
}

// A template whose PidTagReplyTemplateId differs from the action's GUID
// is not used (R309): the action fails, visibly.
func TestReplyTemplateMismatch(t *testing.T) {
	f := newFixture(t)
	tmpl := f.replyTemplate("IPM.Note.Rules.ReplyTemplate.Microsoft", mapi.GUID{9}, "")
	f.rules(f.inbox, rule{seq: 1, state: store.RuleEnabled, action: []mapi.ActionBlock{{Type: mapi.OpReply, Data: mapi.ReplyAction{TemplateMessageID: uint64(tmpl), TemplateGUID: mapi.GUID{8}}}}})
	var got []*rules.ReplyRequest
	res := f.run(replyRecorder(&got), f.deliver("x", "a@example.net"))
	if len(got) != 0 || len(res.Errors) != 1 || !errors.Is(res.Errors[0], store.ErrNotFound) {
		t.Fatalf("calls %d, errors %v", len(got), res.Errors)
	}
	// A missing template too.
	f2 := newFixture(t)
	f2.rules(f2.inbox, rule{seq: 1, state: store.RuleEnabled, action: []mapi.ActionBlock{{Type: mapi.OpReply, Data: mapi.ReplyAction{TemplateMessageID: uint64(store.MakeMID(99999))}}}})
	if res := f2.run(replyRecorder(&got), f2.deliver("x", "a@example.net")); len(res.Errors) != 1 {
		t.Fatalf("missing template: errors %v", res.Errors)
	}
}

// OP_OOF_REPLY behaves as OP_REPLY (R922) and runs only in the Out of
// Office state for ST_ONLY_WHEN_OOF rules (R553).
func TestOOFReplyAction(t *testing.T) {
	f := newFixture(t)
	tmpl := f.replyTemplate("IPM.Note.Rules.OofTemplate.Microsoft", mapi.GUID{7}, "")
	f.rules(f.inbox, rule{seq: 1, state: store.RuleOnlyWhenOOF, action: []mapi.ActionBlock{{Type: mapi.OpOOFReply, Data: mapi.ReplyAction{TemplateMessageID: uint64(tmpl), TemplateGUID: mapi.GUID{7}}}}})
	var got []*rules.ReplyRequest
	x := replyRecorder(&got)
	f.run(x, f.deliver("a", "a@example.net"))
	if len(got) != 0 {
		t.Fatal("OOF rule ran outside OOF")
	}
	x.OOF = func(context.Context, store.Mailbox) bool { return true }
	f.run(x, f.deliver("b", "a@example.net"))
	if len(got) != 1 || got[0].Action != mapi.OpOOFReply {
		t.Fatalf("calls %+v", got)
	}
}

// OP_BOUNCE (2.2.5.1.2.5, R546, R547): a report with the bounce code goes
// to the sender and the message does not stay in the mailbox.
func TestBounceAction(t *testing.T) {
	f := newFixture(t)
	f.rules(f.inbox, rule{seq: 1, state: store.RuleEnabled, cond: subjectHas("spam"), action: []mapi.ActionBlock{{Type: mapi.OpBounce, Data: mapi.BounceAction{Code: rules.BounceAccessDenied}}}})
	var got []*rules.ReplyRequest
	res := f.run(replyRecorder(&got), f.deliver("spam spam", "spammer@example.net"))
	if len(got) != 1 || got[0].BounceCode != rules.BounceAccessDenied || got[0].Template != nil {
		t.Fatalf("calls %+v", got)
	}
	eq(t, "bounce to", got[0].To, []string{"spammer@example.net"})
	if res.Message != 0 {
		t.Error("bounced message still in the mailbox")
	}
	eq(t, "inbox", f.contents(f.inbox), nil)
	if rules.BounceReason(rules.BounceTooLarge) == rules.BounceReason(rules.BounceAccessDenied) {
		t.Error("bounce reasons not distinct")
	}
}

// Loop protection: no reply to auto-submitted, list or bulk mail, to
// what the sender suppressed, to a message this mailbox's rules already
// handled, to the owner or to an empty sender; a bounce is not stopped
// by Auto-Submitted but is by a null Return-Path.
func TestReplyLoopProtection(t *testing.T) {
	for _, tc := range []struct {
		name    string
		op      mapi.ActionType
		from    string
		headers string
		ars     int32
		want    int
	}{
		{"plain", mapi.OpReply, "a@example.net", "Subject: x\r\n", 0, 1},
		{"Auto-Submitted", mapi.OpReply, "a@example.net", "Auto-Submitted: auto-replied\r\n", 0, 0},
		{"Auto-Submitted no", mapi.OpReply, "a@example.net", "Auto-Submitted: no\r\n", 0, 1},
		{"Precedence bulk", mapi.OpReply, "a@example.net", "Precedence: bulk\r\n", 0, 0},
		{"List-Id", mapi.OpOOFReply, "a@example.net", "List-Id: <l.example.net>\r\n", 0, 0},
		{"X-Auto-Response-Suppress AutoReply", mapi.OpReply, "a@example.net", "X-Auto-Response-Suppress: AutoReply\r\n", 0, 0},
		{"X-Auto-Response-Suppress OOF vs reply", mapi.OpReply, "a@example.net", "X-Auto-Response-Suppress: OOF\r\n", 0, 1},
		{"PidTagAutoResponseSuppress OOF", mapi.OpOOFReply, "a@example.net", "", 0x10, 0},
		{"loop header", mapi.OpReply, "a@example.net", rules.LoopHeader + ": owner@example.com\r\n", 0, 0},
		{"owner", mapi.OpReply, "owner@example.com", "", 0, 0},
		{"no sender", mapi.OpReply, "", "", 0, 0},
		{"bounce of auto-submitted", mapi.OpBounce, "a@example.net", "Auto-Submitted: auto-generated\r\n", 0, 1},
		{"bounce of null sender", mapi.OpBounce, "a@example.net", "Return-Path: <>\r\n", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			var data mapi.ActionData = mapi.BounceAction{Code: rules.BounceTooLarge}
			if tc.op != mapi.OpBounce {
				tmpl := f.replyTemplate("IPM.Note.Rules.ReplyTemplate.Microsoft", mapi.GUID{1}, "")
				data = mapi.ReplyAction{TemplateMessageID: uint64(tmpl), TemplateGUID: mapi.GUID{1}}
			}
			f.rules(f.inbox, rule{seq: 1, state: store.RuleEnabled, action: []mapi.ActionBlock{{Type: tc.op, Data: data}}})
			mid := f.deliver("x", tc.from)
			set := []mapi.PropValue{{Tag: mapi.PidTagTransportMessageHeaders, Value: tc.headers}}
			if tc.ars != 0 {
				set = append(set, mapi.PropValue{Tag: mapi.PidTagAutoResponseSuppress, Value: tc.ars})
			}
			if _, err := f.mb.UpdateMessage(f.ctx, mid, &store.MessageUpdate{Set: set}); err != nil {
				t.Fatal(err)
			}
			var got []*rules.ReplyRequest
			f.run(replyRecorder(&got), mid)
			if len(got) != tc.want {
				t.Fatalf("%d responses, want %d", len(got), tc.want)
			}
		})
	}
}

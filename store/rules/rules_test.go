package rules_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/oxkit/oxkit/examples/memstore"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
	"github.com/oxkit/oxkit/store/rules"
)

type fixture struct {
	t     *testing.T
	ctx   context.Context
	mb    store.Mailbox
	inbox store.FID
}

func newFixture(t *testing.T) *fixture {
	s := memstore.New(nil)
	t.Cleanup(func() { s.Close() })
	mb, err := s.CreateMailbox(t.Context(), "owner@example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	inbox, err := mb.SpecialFolder(t.Context(), store.FolderInbox)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, ctx: t.Context(), mb: mb, inbox: inbox}
}

func (f *fixture) folder(name string) store.FID {
	f.t.Helper()
	fo, err := f.mb.CreateFolder(f.ctx, f.inbox, []mapi.PropValue{{Tag: mapi.PidTagDisplayName, Value: name}}, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	return fo.ID
}

type rule struct {
	seq    int32
	state  store.RuleState
	cond   mapi.Restriction
	action []mapi.ActionBlock
}

func (f *fixture) rules(fid store.FID, rs ...rule) []uint64 {
	f.t.Helper()
	var ch []store.RuleChange
	for _, r := range rs {
		ps := []mapi.PropValue{
			{Tag: mapi.PidTagRuleSequence, Value: r.seq},
			{Tag: mapi.PidTagRuleState, Value: int32(r.state)},
			{Tag: mapi.PidTagRuleProvider, Value: "RuleOrganizer"},
			{Tag: mapi.PidTagRuleActions, Value: mapi.RuleActions{Actions: r.action}},
		}
		if r.cond != nil {
			ps = append(ps, mapi.PropValue{Tag: mapi.PidTagRuleCondition, Value: r.cond})
		}
		ch = append(ch, store.RuleChange{Op: store.RuleAdd, Props: ps})
	}
	ids, err := f.mb.(store.RuleStore).ModifyRules(f.ctx, fid, false, ch)
	if err != nil {
		f.t.Fatal(err)
	}
	return ids
}

func (f *fixture) deliver(subject, from string, to ...string) store.MID {
	f.t.Helper()
	m := &store.Message{NewMail: true, Props: []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
		{Tag: mapi.PidTagSubject, Value: subject},
		{Tag: mapi.PidTagSenderSmtpAddress, Value: from},
		{Tag: mapi.PidTagImportance, Value: int32(1)},
	}}
	for _, a := range to {
		m.Recipients = append(m.Recipients, store.Recipient{Props: []mapi.PropValue{
			{Tag: mapi.PidTagRecipientType, Value: int32(1)},
			{Tag: mapi.PidTagSmtpAddress, Value: a},
		}})
	}
	info, err := f.mb.CreateMessage(f.ctx, f.inbox, m)
	if err != nil {
		f.t.Fatal(err)
	}
	return info.ID
}

func (f *fixture) run(x *rules.Executor, mid store.MID) *rules.Result {
	f.t.Helper()
	res, err := x.Run(f.ctx, f.mb, f.inbox, mid)
	if err != nil {
		f.t.Fatal(err)
	}
	return res
}

// contents returns the subjects in fid.
func (f *fixture) contents(fid store.FID) []string {
	f.t.Helper()
	r, err := f.mb.(store.Tables).QueryMessages(f.ctx, fid, &store.Query{Columns: []mapi.PropTag{mapi.PidTagSubject}})
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, row := range r.Rows {
		for _, p := range row.Props {
			if s, ok := p.Value.(string); ok {
				out = append(out, s)
			}
		}
	}
	slices.Sort(out)
	return out
}

func (f *fixture) message(mid store.MID) *store.Message {
	f.t.Helper()
	m, err := f.mb.Message(f.ctx, mid, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	return m
}

func subjectHas(s string) mapi.Restriction {
	return mapi.ContentRestriction{FuzzyLevelLow: mapi.FuzzySubstring, FuzzyLevelHigh: mapi.FuzzyIgnoreCase, PropTag: mapi.PidTagSubject, Value: mapi.PropValue{Tag: mapi.PidTagSubject, Value: s}}
}

func move(fid store.FID) mapi.ActionBlock {
	return mapi.ActionBlock{Type: mapi.OpMove, Data: rules.MoveCopy(fid)}
}

func copyTo(fid store.FID) mapi.ActionBlock {
	return mapi.ActionBlock{Type: mapi.OpCopy, Data: rules.MoveCopy(fid)}
}

var (
	markRead = mapi.ActionBlock{Type: mapi.OpMarkAsRead, Data: mapi.RawActionData{}}
	del      = mapi.ActionBlock{Type: mapi.OpDelete, Data: mapi.RawActionData{}}
	tagHigh  = mapi.ActionBlock{Type: mapi.OpTag, Data: mapi.TagAction{Prop: mapi.PropValue{Tag: mapi.PidTagImportance, Value: int32(2)}}}
)

func eq[T comparable](t *testing.T, what string, got, want []T) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s: %v, want %v", what, got, want)
	}
}

// MS-OXORULE 3.2.5.1, R790: a matching message is moved, others stay.
func TestMoveOnSubject(t *testing.T) {
	f := newFixture(t)
	inv := f.folder("Invoices")
	ids := f.rules(f.inbox, rule{seq: 1, state: store.RuleEnabled, cond: subjectHas("invoice"), action: []mapi.ActionBlock{move(inv)}})
	var x rules.Executor
	hit := f.deliver("Your INVOICE 42", "shop@example.net", "owner@example.com")
	res := f.run(&x, hit)
	eq(t, "fired", res.Fired, ids)
	if res.Folder != inv || res.Message == hit || res.Message == 0 {
		t.Errorf("result folder %v message %v, want moved to %v", res.Folder, res.Message, inv)
	}
	if got := f.message(res.Message).Info.FolderID; got != inv {
		t.Errorf("moved message is in %v", got)
	}
	miss := f.deliver("hello", "friend@example.net", "owner@example.com")
	res = f.run(&x, miss)
	if len(res.Fired) != 0 || res.Folder != f.inbox || res.Message != miss {
		t.Errorf("non-matching message: %+v", res)
	}
	eq(t, "inbox", f.contents(f.inbox), []string{"hello"})
	eq(t, "invoices", f.contents(inv), []string{"Your INVOICE 42"})
}

// R514, R857, R560, R807, R63, R517: sequence order, ST_EXIT_LEVEL, OOF
// rules and disabled rules.
func TestSequenceExitLevelOOF(t *testing.T) {
	for _, oof := range []bool{false, true} {
		f := newFixture(t)
		ids := f.rules(f.inbox,
			rule{seq: 30, state: store.RuleEnabled, action: []mapi.ActionBlock{markRead}},                            // after the exit: skipped
			rule{seq: 10, state: store.RuleEnabled | store.RuleExitLevel, action: []mapi.ActionBlock{tagHigh}},       // runs, exits
			rule{seq: 5, state: 0, action: []mapi.ActionBlock{del}},                                                  // disabled
			rule{seq: 40, state: store.RuleOnlyWhenOOF, cond: subjectHas("x"), action: []mapi.ActionBlock{markRead}}, // OOF only
		)
		x := rules.Executor{OOF: func(context.Context, store.Mailbox) bool { return oof }}
		mid := f.deliver("x", "a@example.net")
		res := f.run(&x, mid)
		want := []uint64{ids[1]}
		if oof {
			want = append(want, ids[3])
		}
		eq(t, "fired", res.Fired, want)
		m := f.message(mid)
		if m.Info.Read != oof {
			t.Errorf("oof=%v: read %v", oof, m.Info.Read)
		}
		if v, _ := prop(m.Props, mapi.PidTagImportance).(int32); v != 2 {
			t.Errorf("importance %v after OP_TAG, want 2", v)
		}
	}
}

func prop(ps []mapi.PropValue, tag mapi.PropTag) any {
	for _, p := range ps {
		if p.Tag == tag {
			return p.Value
		}
	}
	return nil
}

// R549, R550: OP_DELETE deletes and stops later rules; copies made
// before stay. R791: two moves leave one message per target.
func TestDeleteAndMultipleMoves(t *testing.T) {
	f := newFixture(t)
	a, b, c := f.folder("A"), f.folder("B"), f.folder("C")
	f.rules(f.inbox,
		rule{seq: 1, state: store.RuleEnabled, cond: subjectHas("del"), action: []mapi.ActionBlock{copyTo(a), del}},
		rule{seq: 2, state: store.RuleEnabled, action: []mapi.ActionBlock{move(b), move(c)}},
	)
	var x rules.Executor
	gone := f.deliver("del me", "a@example.net")
	res := f.run(&x, gone)
	if res.Message != 0 || len(res.Fired) != 1 {
		t.Errorf("deleted message: %+v", res)
	}
	if _, err := f.mb.Message(f.ctx, gone, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("original after OP_DELETE: %v", err)
	}
	kept := f.deliver("keep", "a@example.net")
	res = f.run(&x, kept)
	if res.Folder != c {
		t.Errorf("last move target %v, want %v", res.Folder, c)
	}
	eq(t, "inbox", f.contents(f.inbox), nil)
	eq(t, "A", f.contents(a), []string{"del me"})
	eq(t, "B", f.contents(b), []string{"keep"})
	eq(t, "C", f.contents(c), []string{"keep"})
}

// MS-OXCDATA 2.12.10 in a rule: a recipient sub-restriction and the
// sender; R512: the target folder's rules run on the moved message, and
// a cycle of moves ends.
func TestRecipientConditionAndRecursion(t *testing.T) {
	f := newFixture(t)
	lists, archive := f.folder("Lists"), f.folder("Archive")
	toList := mapi.SubObjectRestriction{SubObject: mapi.PidTagMessageRecipients, Restriction: mapi.PropertyRestriction{RelOp: mapi.RelOpEqual, PropTag: mapi.PidTagSmtpAddress, Value: mapi.PropValue{Tag: mapi.PidTagSmtpAddress, Value: "LIST@example.org"}}}
	f.rules(f.inbox, rule{seq: 1, state: store.RuleEnabled, cond: toList, action: []mapi.ActionBlock{move(lists)}})
	fromBoss := mapi.PropertyRestriction{RelOp: mapi.RelOpEqual, PropTag: mapi.PidTagSenderSmtpAddress, Value: mapi.PropValue{Tag: mapi.PidTagSenderSmtpAddress, Value: "boss@example.com"}}
	f.rules(lists, rule{seq: 1, state: store.RuleEnabled, cond: fromBoss, action: []mapi.ActionBlock{move(archive)}})
	f.rules(archive, rule{seq: 1, state: store.RuleEnabled, action: []mapi.ActionBlock{move(f.inbox)}}) // a cycle back

	var x rules.Executor
	res := f.run(&x, f.deliver("weekly", "boss@example.com", "owner@example.com", "list@example.org"))
	if len(res.Fired) != 3 {
		t.Errorf("fired %v, want three rules (inbox, lists, archive)", res.Fired)
	}
	if res.Folder != f.inbox {
		t.Errorf("after the cycle the message is in %v, want the inbox (rules not run twice)", res.Folder)
	}
	res = f.run(&x, f.deliver("other", "joe@example.com", "list@example.org"))
	if res.Folder != lists {
		t.Errorf("list message from joe in %v, want Lists", res.Folder)
	}
	res = f.run(&x, f.deliver("direct", "boss@example.com", "owner@example.com"))
	if res.Folder != f.inbox || len(res.Fired) != 0 {
		t.Errorf("direct message: %+v", res)
	}
}

// R537, R798 and loop protection: OP_FORWARD reaches the transport with
// the recipients minus the sender; a message that already went through
// this mailbox's rules is not forwarded.
func TestForward(t *testing.T) {
	f := newFixture(t)
	fwd := func(addrs ...string) mapi.ActionBlock {
		var rbs []mapi.RecipientBlock
		for _, a := range addrs {
			rbs = append(rbs, mapi.RecipientBlock{Props: []mapi.PropValue{{Tag: mapi.PidTagSmtpAddress, Value: a}}})
		}
		return mapi.ActionBlock{Type: mapi.OpForward, Flavor: rules.FwdPreserveSender | rules.FwdDoNotMungeMsg, Data: mapi.ForwardDelegateAction{Recipients: rbs}}
	}
	f.rules(f.inbox, rule{seq: 1, state: store.RuleEnabled, action: []mapi.ActionBlock{fwd("other@example.net", "sender@example.net")}})
	var got []*rules.ForwardRequest
	x := rules.Executor{Forward: func(_ context.Context, req *rules.ForwardRequest) error {
		got = append(got, req)
		return nil
	}}
	mid := f.deliver("fw me", "sender@example.net")
	res := f.run(&x, mid)
	if res.Forwarded != 1 || len(got) != 1 {
		t.Fatalf("forwarded %d, calls %d", res.Forwarded, len(got))
	}
	eq(t, "forward to", got[0].Addresses(), []string{"other@example.net"})
	if !got[0].Redirect() || got[0].Message.Info.ID != mid {
		t.Errorf("request: redirect %v, message %v", got[0].Redirect(), got[0].Message.Info.ID)
	}

	got = nil
	looped := f.deliver("looped", "x@example.net")
	if _, err := f.mb.UpdateMessage(f.ctx, looped, &store.MessageUpdate{Set: []mapi.PropValue{{Tag: mapi.PidTagTransportMessageHeaders, Value: "Subject: looped\r\n" + rules.LoopHeader + ": OWNER@example.com\r\n"}}}); err != nil {
		t.Fatal(err)
	}
	res = f.run(&x, looped)
	if res.Forwarded != 0 || len(got) != 0 {
		t.Errorf("a looped message was forwarded: %+v", res)
	}

	// Without a transport the action fails, visibly.
	res = f.run(&rules.Executor{}, f.deliver("no transport", "x@example.net"))
	if len(res.Errors) != 1 || !errors.Is(res.Errors[0], store.ErrNotSupported) {
		t.Errorf("errors %v, want one ErrNotSupported", res.Errors)
	}
}

// Unsupported actions are reported; other actions of the rule run.
func TestUnsupportedAction(t *testing.T) {
	f := newFixture(t)
	f.rules(f.inbox, rule{seq: 1, state: store.RuleEnabled, action: []mapi.ActionBlock{
		{Type: mapi.OpReply, Data: mapi.ReplyAction{}}, markRead,
		{Type: mapi.OpMove, Data: mapi.MoveCopyAction{FolderEID: []byte{1, 2, 3}}},
	}})
	mid := f.deliver("s", "a@example.net")
	res := f.run(&rules.Executor{}, mid)
	if len(res.Errors) != 2 {
		t.Fatalf("errors %v, want 2", res.Errors)
	}
	var ae *rules.ActionError
	if !errors.As(res.Errors[0], &ae) || ae.Action != mapi.OpReply || !errors.Is(ae, store.ErrNotSupported) {
		t.Errorf("first error %v", res.Errors[0])
	}
	if !f.message(mid).Info.Read || res.Message != mid {
		t.Error("OP_MARK_AS_READ did not run beside failed actions")
	}
}

// hidden hides the RuleStore capability.
type hidden struct{ store.Mailbox }

func TestNoRuleStore(t *testing.T) {
	f := newFixture(t)
	f.rules(f.inbox, rule{seq: 1, state: store.RuleEnabled, action: []mapi.ActionBlock{del}})
	mid := f.deliver("s", "a@example.net")
	res, err := (&rules.Executor{}).Run(f.ctx, hidden{f.mb}, f.inbox, mid)
	if err != nil || res.Message != mid || len(res.Fired) != 0 {
		t.Errorf("Run without RuleStore: %+v, %v", res, err)
	}
}

// MS-OXORULE 2.2.5.1.2.1.1: the ServerEid round trip, and Folder
// EntryIDs of this mailbox only.
func TestTargetFolder(t *testing.T) {
	f := newFixture(t)
	info := f.mb.Info()
	fid := f.folder("T")
	eid := rules.ServerEID(fid)
	if len(eid) != rules.ServerEIDSize || eid[0] != 1 {
		t.Fatalf("ServerEid % x", eid)
	}
	if got, ok := rules.TargetFolder(info, rules.MoveCopy(fid)); !ok || got != fid {
		t.Errorf("ServerEid target %v %v", got, ok)
	}
	if got, ok := rules.TargetFolder(info, mapi.MoveCopyAction{FolderEID: store.FolderEntryID(info, fid)}); !ok || got != fid {
		t.Errorf("entry ID target %v %v", got, ok)
	}
	other := info
	other.MailboxGUID[0] ^= 0xFF
	if _, ok := rules.TargetFolder(info, mapi.MoveCopyAction{FolderEID: store.FolderEntryID(other, fid)}); ok {
		t.Error("another mailbox's folder accepted")
	}
}

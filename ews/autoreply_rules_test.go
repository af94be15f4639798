package ews

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/oxcmail"
	"github.com/oxkit/oxkit/store"
	"github.com/oxkit/oxkit/store/rules"
)

// ServerReplyWithMessage ([MS-OXWSRULES] 2.2.4.1.1.1 ActionsType) makes
// a reply template FAI message in the Inbox ([MS-OXORULE] 3.1.4.2.5:
// class IPM.Note.Rules.ReplyTemplate.*, PidTagReplyTemplateId equal to
// the action's GUID) and the rule replies with it on delivery (R525),
// once: the reply is auto-submitted and is not answered again.
func TestServerReplyWithMessage(t *testing.T) { testServerReplyWithMessage(t, newEnv(t)) }

func TestServerReplyWithMessageBolt(t *testing.T) { testServerReplyWithMessage(t, newBoltEnv(t)) }

func testServerReplyWithMessage(t *testing.T, e *env) {
	doc := e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId>` + dist("drafts") + `</m:SavedItemFolderId><m:Items><t:Message><t:Subject>Order received</t:Subject><t:Body BodyType="Text">We will ship soon.</t:Body></t:Message></m:Items></m:CreateItem>`)
	draft, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	rule := func(id string) string {
		return `<t:Rule><t:DisplayName>orders</t:DisplayName><t:Priority>1</t:Priority><t:IsEnabled>true</t:IsEnabled>` +
			`<t:Conditions><t:ContainsSubjectStrings><t:String>order</t:String></t:ContainsSubjectStrings></t:Conditions>` +
			`<t:Actions><t:ServerReplyWithMessage Id="` + id + `"/></t:Actions></t:Rule>`
	}
	mustUpdate(t, e, user1, `<t:CreateRuleOperation>`+rule(draft)+`</t:CreateRuleOperation>`)

	// The template: an FAI message of the Inbox, named by the stored action.
	ctx := context.Background()
	mb, _ := e.st.OpenMailbox(ctx, user1)
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	list, err := mb.(store.RuleStore).Rules(ctx, inbox)
	if err != nil || len(list) != 1 || len(list[0].Actions.Actions) != 1 {
		t.Fatalf("stored rules: %+v %v", list, err)
	}
	ra, ok := list[0].Actions.Actions[0].Data.(mapi.ReplyAction)
	if !ok || list[0].Actions.Actions[0].Type != mapi.OpReply {
		t.Fatalf("stored action %+v", list[0].Actions.Actions[0])
	}
	tm, err := mb.Message(ctx, store.MID(ra.TemplateMessageID), nil)
	if err != nil {
		t.Fatal(err)
	}
	cls, _ := getString(tm.Props, mapi.PidTagMessageClass)
	gid, _ := getBytes(tm.Props, mapi.PidTagReplyTemplateId)
	subj, _ := getString(tm.Props, mapi.PidTagSubject)
	if cls != replyTemplateClass || string(gid) != string(ra.TemplateGUID[:]) || ra.TemplateGUID == (mapi.GUID{}) ||
		!tm.Info.Associated || tm.Info.FolderID != inbox || store.FID(ra.TemplateFolderID) != inbox || subj != "Order received" {
		t.Fatalf("template: class %q guid %x/%x associated %v folder %v subject %q", cls, gid, ra.TemplateGUID, tm.Info.Associated, tm.Info.FolderID, subj)
	}

	// Setting the rule again with the Id GetInboxRules gives reuses the
	// template.
	got := getRules(t, e, user1)
	if len(got) != 1 || len(got[0].Actions) != 1 || !strings.HasPrefix(got[0].Actions[0], "ServerReplyWithMessage=") {
		t.Fatalf("GetInboxRules: %+v", got)
	}
	el := e.call(`<m:GetInboxRules><m:MailboxSmtpAddress>` + user1 + `</m:MailboxSmtpAddress></m:GetInboxRules>`).FindElement("//ServerReplyWithMessage")
	tmplID := el.SelectAttrValue("Id", "")
	mustUpdate(t, e, user1, `<t:SetRuleOperation>`+strings.Replace(rule(tmplID), "<t:DisplayName>", "<t:RuleId>"+got[0].ID+"</t:RuleId><t:DisplayName>", 1)+`</t:SetRuleOperation>`)
	list, _ = mb.(store.RuleStore).Rules(ctx, inbox)
	if ra2 := list[0].Actions.Actions[0].Data.(mapi.ReplyAction); ra2.TemplateMessageID != ra.TemplateMessageID || ra2.TemplateGUID != ra.TemplateGUID {
		t.Fatalf("template not reused: %+v, was %+v", ra2, ra)
	}

	// Delivery: user2 gets the reply, once.
	e.deliver(user1, rawMail(user2, user1, "new order", ""))
	e.deliver(user1, rawMail(user2, user1, "lunch", ""))
	want := []inboxMsg{{Subject: "Order received", Body: "We will ship soon.", AutoSubmitted: "auto-replied", InReplyTo: "<new.order@test>"}}
	if g := e.inbox(user2); len(g) != 1 || g[0] != want[0] {
		t.Fatalf("user2 inbox: %+v, want %+v", g, want)
	}
	// The reply carries the loop header with the replying mailbox.
	mb2, _ := e.st.OpenMailbox(ctx, user2)
	inbox2, _ := mb2.SpecialFolder(ctx, store.FolderInbox)
	res, _ := mb2.(store.Tables).QueryMessages(ctx, inbox2, &store.Query{Columns: []mapi.PropTag{mapi.PidTagSubject}})
	m2, _ := mb2.Message(ctx, res.Rows[0].Message, nil)
	th, _ := getString(m2.Props, mapi.PidTagTransportMessageHeaders)
	var loop string
	for n, v := range headerFields(th) {
		if strings.EqualFold(n, rules.LoopHeader) {
			loop = v
		}
	}
	if loop != user1 {
		t.Errorf("%s = %q, want %q", rules.LoopHeader, loop, user1)
	}

	// A ServerReplyWithMessage naming no item of the mailbox is refused.
	if m, errs := updateRules(t, e, user1, `<t:CreateRuleOperation>`+rule(tmplID[:len(tmplID)-4]+"AAA=")+`</t:CreateRuleOperation>`); m.Code == "NoError" || len(errs) != 1 {
		t.Fatalf("bad template id: %+v %v", m, errs)
	}
}

// OP_BOUNCE ([MS-OXORULE] 2.2.5.1.2.5, R546, R547) through the handler's
// executor: the sender gets "Undeliverable: ..." with the bounce code's
// reason, the message leaves the mailbox; a remote sender's report goes
// through Sender with a null reverse-path.
func TestRuleBounceThroughHandler(t *testing.T) {
	e := newEnv(t)
	snd := &fromCapture{}
	e.h.Sender = snd
	ctx := context.Background()
	mb, _ := e.st.OpenMailbox(ctx, user1)
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	cond := mapi.ContentRestriction{FuzzyLevelLow: mapi.FuzzySubstring, FuzzyLevelHigh: mapi.FuzzyIgnoreCase, PropTag: mapi.PidTagSubject, Value: mapi.PropValue{Tag: mapi.PidTagSubject, Value: "huge"}}
	if _, err := mb.(store.RuleStore).ModifyRules(ctx, inbox, false, []store.RuleChange{{Op: store.RuleAdd, Props: []mapi.PropValue{
		{Tag: mapi.PidTagRuleSequence, Value: int32(1)},
		{Tag: mapi.PidTagRuleState, Value: int32(store.RuleEnabled)},
		{Tag: mapi.PidTagRuleProvider, Value: "RuleOrganizer"},
		{Tag: mapi.PidTagRuleCondition, Value: cond},
		{Tag: mapi.PidTagRuleActions, Value: mapi.RuleActions{Actions: []mapi.ActionBlock{{Type: mapi.OpBounce, Data: mapi.BounceAction{Code: rules.BounceTooLarge}}}}},
	}}}); err != nil {
		t.Fatal(err)
	}
	e.deliver(user1, rawMail(user2, user1, "huge file", ""))
	got := e.inbox(user2)
	if len(got) != 1 || got[0].Subject != "Undeliverable: huge file" || !strings.Contains(got[0].Body, rules.BounceReason(rules.BounceTooLarge)) {
		t.Fatalf("user2 inbox: %+v", got)
	}
	if g := e.inbox(user1); len(g) != 0 {
		t.Fatalf("bounced message kept: %+v", g)
	}
	e.deliver(user1, rawMail("far@remote.example", user1, "huge too", ""))
	if len(snd.raw) != 1 || snd.from[0] != "" || snd.rcpts[0][0] != "far@remote.example" {
		t.Fatalf("remote bounce: from %q rcpts %v", snd.from, snd.rcpts)
	}
	m, err := oxcmail.Import(snd.raw[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := m.Prop(mapi.PidTagSubject).(string); s != "Undeliverable: huge too" {
		t.Fatalf("remote bounce subject %q", s)
	}
}

// TestDumpAutoReplyRules writes the rule responses with a reply template
// into $EWS_DUMP for the schema validation of the interop suite.
func TestDumpAutoReplyRules(t *testing.T) {
	dir := os.Getenv("EWS_DUMP")
	if dir == "" {
		t.Skip("EWS_DUMP not set: only the interop suite (xmllint schema validation) runs this")
	}
	e := newEnv(t)
	doc := e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId>` + dist("drafts") + `</m:SavedItemFolderId><m:Items><t:Message><t:Subject>Thanks</t:Subject></t:Message></m:Items></m:CreateItem>`)
	draft, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	up := e.call(`<m:UpdateInboxRules><m:RemoveOutlookRuleBlob>true</m:RemoveOutlookRuleBlob><m:Operations><t:CreateRuleOperation><t:Rule><t:DisplayName>r</t:DisplayName><t:Priority>1</t:Priority><t:IsEnabled>true</t:IsEnabled><t:Actions><t:ServerReplyWithMessage Id="` + draft + `"/></t:Actions></t:Rule></t:CreateRuleOperation>` +
		`<t:CreateRuleOperation><t:Rule><t:DisplayName>bad</t:DisplayName><t:Priority>2</t:Priority><t:IsEnabled>true</t:IsEnabled><t:Actions><t:ServerReplyWithMessage Id="` + draft[:len(draft)-4] + `AAA="/></t:Actions></t:Rule></t:CreateRuleOperation></m:Operations></m:UpdateInboxRules>`)
	up.WriteToFile(filepath.Join(dir, "autoreply-updaterules-error.xml"))
	e.call(`<m:UpdateInboxRules><m:RemoveOutlookRuleBlob>true</m:RemoveOutlookRuleBlob><m:Operations><t:CreateRuleOperation><t:Rule><t:DisplayName>r</t:DisplayName><t:Priority>1</t:Priority><t:IsEnabled>true</t:IsEnabled><t:Actions><t:ServerReplyWithMessage Id="` + draft + `"/></t:Actions></t:Rule></t:CreateRuleOperation></m:Operations></m:UpdateInboxRules>`).WriteToFile(filepath.Join(dir, "autoreply-updaterules.xml"))
	e.call(`<m:GetInboxRules><m:MailboxSmtpAddress>` + user1 + `</m:MailboxSmtpAddress></m:GetInboxRules>`).WriteToFile(filepath.Join(dir, "autoreply-getrules.xml"))
}

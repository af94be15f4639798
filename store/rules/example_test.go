package rules_test

import (
	"context"
	"fmt"

	"github.com/oxkit/oxkit/examples/memstore"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
	"github.com/oxkit/oxkit/store/rules"
)

// A rule that moves messages whose subject contains "invoice" into a
// folder, run on a message just delivered to the Inbox.
func ExampleExecutor_Run() {
	ctx := context.Background()
	s := memstore.New(nil)
	defer s.Close()
	mb, _ := s.CreateMailbox(ctx, "owner@example.com", nil)
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	invoices, _ := mb.CreateFolder(ctx, inbox, []mapi.PropValue{{Tag: mapi.PidTagDisplayName, Value: "Invoices"}}, nil)

	mb.(store.RuleStore).ModifyRules(ctx, inbox, false, []store.RuleChange{{Op: store.RuleAdd, Props: []mapi.PropValue{
		{Tag: mapi.PidTagRuleName, Value: "invoices"},
		{Tag: mapi.PidTagRuleSequence, Value: int32(1)},
		{Tag: mapi.PidTagRuleState, Value: int32(store.RuleEnabled)},
		{Tag: mapi.PidTagRuleProvider, Value: "RuleOrganizer"},
		{Tag: mapi.PidTagRuleCondition, Value: mapi.ContentRestriction{
			FuzzyLevelLow: mapi.FuzzySubstring, FuzzyLevelHigh: mapi.FuzzyIgnoreCase,
			PropTag: mapi.PidTagSubject, Value: mapi.PropValue{Tag: mapi.PidTagSubject, Value: "invoice"}}},
		{Tag: mapi.PidTagRuleActions, Value: mapi.RuleActions{Actions: []mapi.ActionBlock{
			{Type: mapi.OpMarkAsRead, Data: mapi.RawActionData{}},
			{Type: mapi.OpMove, Data: rules.MoveCopy(invoices.ID)},
		}}},
	}}})

	info, _ := mb.CreateMessage(ctx, inbox, &store.Message{NewMail: true, Props: []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
		{Tag: mapi.PidTagSubject, Value: "Your invoice #42"},
	}})
	var x rules.Executor
	res, err := x.Run(ctx, mb, inbox, info.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, _ := mb.Message(ctx, res.Message, nil)
	fmt.Println("rules fired:", len(res.Fired))
	fmt.Println("moved to Invoices:", res.Folder == invoices.ID && m.Info.FolderID == invoices.ID)
	fmt.Println("read:", m.Info.Read)
	// Output:
	// rules fired: 1
	// moved to Invoices: true
	// read: true
}

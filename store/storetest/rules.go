package storetest

import (
	"bytes"
	"errors"
	"testing"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// sampleRuleProps returns the properties of a standard rule ([MS-OXORULE]
// 2.2.1.3.1) with a condition over recipients and actions of every
// structured kind.
func sampleRuleProps(name string, seq int32, target store.FID) []mapi.PropValue {
	serverEID := append([]byte{1}, make([]byte, 20)...)
	copy(serverEID[1:9], mustBytes(target.AppendBinary(nil)))
	return []mapi.PropValue{
		{Tag: mapi.PidTagRuleName, Value: name},
		{Tag: mapi.PidTagRuleSequence, Value: seq},
		{Tag: mapi.PidTagRuleState, Value: int32(store.RuleEnabled | store.RuleExitLevel)},
		{Tag: mapi.PidTagRuleProvider, Value: "RuleOrganizer"},
		{Tag: mapi.PidTagRuleLevel, Value: int32(0)},
		{Tag: mapi.PidTagRuleUserFlags, Value: int32(7)},
		{Tag: mapi.PidTagRuleProviderData, Value: []byte{1, 2, 3}},
		{Tag: mapi.PidTagRuleCondition, Value: mapi.AndRestriction{Restricts: []mapi.Restriction{
			mapi.ContentRestriction{FuzzyLevelLow: mapi.FuzzySubstring, FuzzyLevelHigh: mapi.FuzzyIgnoreCase, PropTag: mapi.PidTagSubject, Value: mapi.PropValue{Tag: mapi.PidTagSubject, Value: name}},
			mapi.SubObjectRestriction{SubObject: mapi.PidTagMessageRecipients, Restriction: mapi.ExistRestriction{PropTag: mapi.PidTagSmtpAddress}},
		}}},
		{Tag: mapi.PidTagRuleActions, Value: mapi.RuleActions{Actions: []mapi.ActionBlock{
			{Type: mapi.OpMove, Data: mapi.MoveCopyAction{FolderInThisStore: true, StoreEID: []byte{0}, FolderEID: serverEID}},
			{Type: mapi.OpForward, Flavor: 0, Data: mapi.ForwardDelegateAction{Recipients: []mapi.RecipientBlock{{Props: []mapi.PropValue{
				{Tag: mapi.PidTagDisplayName, Value: "Fwd"}, {Tag: mapi.PidTagSmtpAddress, Value: "fwd@example.com"},
			}}}}},
			{Type: mapi.OpTag, Data: mapi.TagAction{Prop: mapi.PropValue{Tag: mapi.PidTagImportance, Value: int32(2)}}},
			{Type: mapi.OpMarkAsRead, Data: mapi.RawActionData{}},
		}}},
	}
}

func mustBytes(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// ruleBytes encodes a rule's row in the 16-bit ROP form, to compare rules
// whatever the Go representation of equal values.
func ruleBytes(t *testing.T, r store.Rule) []byte {
	t.Helper()
	var b []byte
	for _, p := range r.Props() {
		var err error
		if b, err = mapi.AppendTaggedPropertyValue16(b, p); err != nil {
			t.Fatalf("rule %d: %v: %v", r.ID, p.Tag, err)
		}
	}
	return b
}

func wantRule(t *testing.T, id uint64, props []mapi.PropValue) store.Rule {
	t.Helper()
	r, err := store.RuleFromProps(props)
	if err != nil {
		t.Fatal(err)
	}
	r.ID = id
	return r
}

func checkRules(t *testing.T, rs store.RuleStore, fid store.FID, want []store.Rule) {
	t.Helper()
	got := must[[]store.Rule](t, "Rules")(rs.Rules(ctx(t), fid))
	if len(got) != len(want) {
		t.Fatalf("Rules: %d rules, want %d: %+v", len(got), len(want), got)
	}
	for i := range got {
		if !bytes.Equal(ruleBytes(t, got[i]), ruleBytes(t, want[i])) {
			t.Errorf("rule %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

// testRules checks store.RuleStore: the RopModifyRules semantics of
// [MS-OXORULE] 2.2.1 (ROW_ADD, ROW_MODIFY, ROW_REMOVE, the replace flag,
// PidTagRuleId given by the store), order by PidTagRuleSequence,
// atomicity and persistence.
func (s *suite) testRules(t *testing.T) {
	st, mb := s.mailbox(t)
	rs, ok := mb.(store.RuleStore)
	if !ok {
		t.Skip("store does not implement store.RuleStore")
	}
	c := ctx(t)
	inbox := special(t, mb, store.FolderInbox)
	target := newFolder(t, mb, inbox, "Rule target")
	checkRules(t, rs, inbox, nil)
	if _, err := rs.Rules(c, store.MakeFID(1<<40)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Rules of a missing folder: %v, want ErrNotFound", err)
	}

	// MS-OXORULE 2.2.1.3: two ROW_ADDs; the second sorts first.
	pa, pb := sampleRuleProps("alpha", 20, target), sampleRuleProps("beta", 10, target)
	ids := must[[]uint64](t, "ModifyRules add")(rs.ModifyRules(c, inbox, false, []store.RuleChange{{Op: store.RuleAdd, Props: pa}, {Op: store.RuleAdd, Props: pb}}))
	if len(ids) != 2 || ids[0] == 0 || ids[1] == 0 || ids[0] == ids[1] {
		t.Fatalf("added IDs %v, want two distinct non-zero IDs", ids)
	}
	ra, rb := wantRule(t, ids[0], pa), wantRule(t, ids[1], pb)
	checkRules(t, rs, inbox, []store.Rule{rb, ra})
	checkRules(t, rs, target, nil)

	// ROW_MODIFY sets the given properties and keeps the rest; a client's
	// ST_ERROR is ignored (R66).
	mod := []mapi.PropValue{
		{Tag: mapi.PidTagRuleId, Value: int64(ids[0])},
		{Tag: mapi.PidTagRuleName, Value: "alpha 2"},
		{Tag: mapi.PidTagRuleSequence, Value: int32(5)},
		{Tag: mapi.PidTagRuleState, Value: int32(store.RuleOnlyWhenOOF | store.RuleError)},
	}
	must[[]uint64](t, "ModifyRules modify")(rs.ModifyRules(c, inbox, false, []store.RuleChange{{Op: store.RuleModify, Props: mod}}))
	ra.Name, ra.Sequence, ra.State = "alpha 2", 5, store.RuleOnlyWhenOOF
	checkRules(t, rs, inbox, []store.Rule{ra, rb})

	// Errors change nothing, even after a valid change in the same call.
	bad := []struct {
		name    string
		replace bool
		changes []store.RuleChange
		want    error
	}{
		{"modify unknown", false, []store.RuleChange{{Op: store.RuleAdd, Props: pa}, {Op: store.RuleModify, Props: []mapi.PropValue{{Tag: mapi.PidTagRuleId, Value: int64(ids[1] + 1000)}}}}, store.ErrNotFound},
		{"remove unknown", false, []store.RuleChange{{Op: store.RuleRemove, Props: []mapi.PropValue{{Tag: mapi.PidTagRuleId, Value: int64(ids[1] + 1000)}}}}, store.ErrNotFound},
		{"add with ID (R53)", false, []store.RuleChange{{Op: store.RuleAdd, Props: append([]mapi.PropValue{{Tag: mapi.PidTagRuleId, Value: int64(1)}}, pa...)}}, store.ErrInvalidArgument},
		{"modify without ID (R54)", false, []store.RuleChange{{Op: store.RuleModify, Props: pa}}, store.ErrInvalidArgument},
		{"not a rule property (R39)", false, []store.RuleChange{{Op: store.RuleAdd, Props: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "x"}}}}, store.ErrInvalidArgument},
		{"wrong type", false, []store.RuleChange{{Op: store.RuleAdd, Props: []mapi.PropValue{{Tag: mapi.PidTagRuleSequence, Value: "x"}}}}, store.ErrInvalidArgument},
		{"unknown flag", false, []store.RuleChange{{Op: 0x08, Props: pa}}, store.ErrInvalidArgument},
		{"replace with modify (R670)", true, []store.RuleChange{{Op: store.RuleModify, Props: mod}}, store.ErrInvalidArgument},
	}
	for _, tc := range bad {
		if _, err := rs.ModifyRules(c, inbox, tc.replace, tc.changes); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	checkRules(t, rs, inbox, []store.Rule{ra, rb})
	if _, err := rs.ModifyRules(c, store.MakeFID(1<<40), false, []store.RuleChange{{Op: store.RuleAdd, Props: pa}}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ModifyRules on a missing folder: %v, want ErrNotFound", err)
	}

	// At most store.MaxRulesPerFolder rules.
	many := make([]store.RuleChange, store.MaxRulesPerFolder+1)
	for i := range many {
		many[i] = store.RuleChange{Op: store.RuleAdd, Props: []mapi.PropValue{{Tag: mapi.PidTagRuleName, Value: "r"}}}
	}
	if _, err := rs.ModifyRules(c, inbox, true, many); !errors.Is(err, store.ErrQuotaExceeded) {
		t.Errorf("%d rules: %v, want ErrQuotaExceeded", len(many), err)
	}
	checkRules(t, rs, inbox, []store.Rule{ra, rb})

	// ROW_REMOVE.
	must[[]uint64](t, "ModifyRules remove")(rs.ModifyRules(c, inbox, false, []store.RuleChange{{Op: store.RuleRemove, Props: []mapi.PropValue{{Tag: mapi.PidTagRuleId, Value: int64(ids[1])}}}}))
	checkRules(t, rs, inbox, []store.Rule{ra})

	// Replace (ModifyRulesFlag R): the old rules go, new IDs are new.
	ids2 := must[[]uint64](t, "ModifyRules replace")(rs.ModifyRules(c, inbox, true, []store.RuleChange{{Op: store.RuleAdd, Props: pb}}))
	if len(ids2) != 1 || ids2[0] == ids[0] || ids2[0] == ids[1] || ids2[0] == 0 {
		t.Fatalf("replace IDs %v (old %v)", ids2, ids)
	}
	rc := wantRule(t, ids2[0], pb)
	checkRules(t, rs, inbox, []store.Rule{rc})

	// Rules of another folder are separate; deleting it drops them.
	fids := must[[]uint64](t, "ModifyRules on a folder")(rs.ModifyRules(c, target, false, []store.RuleChange{{Op: store.RuleAdd, Props: pa}}))
	checkRules(t, rs, target, []store.Rule{wantRule(t, fids[0], pa)})
	checkRules(t, rs, inbox, []store.Rule{rc})
	if err := mb.DeleteFolder(c, target, &store.DeleteOptions{Hard: true, Recursive: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := rs.Rules(c, target); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Rules of a deleted folder: %v, want ErrNotFound", err)
	}

	if s.opts.Reopen != nil {
		owner := mb.Info().Owner
		st = s.opts.Reopen(t, st)
		t.Cleanup(func() { st.Close() })
		mb = must[store.Mailbox](t, "OpenMailbox after reopen")(st.OpenMailbox(c, owner))
		rs = mb.(store.RuleStore)
		checkRules(t, rs, inbox, []store.Rule{rc})
		// IDs stay unique after a restart.
		ids3 := must[[]uint64](t, "ModifyRules after reopen")(rs.ModifyRules(c, inbox, false, []store.RuleChange{{Op: store.RuleAdd, Props: pa}}))
		if ids3[0] <= ids2[0] || ids3[0] <= fids[0] {
			t.Errorf("rule ID %d after reopen, not above %d", ids3[0], max(ids2[0], fids[0]))
		}
	}
}

package mapi

import (
	"bytes"
	"reflect"
	"testing"
)

func ruleActionSample(t testing.TB) RuleActions {
	g := vtGUID(t, "{00062008-0000-0000-C000-000000000046}")
	return RuleActions{Actions: []ActionBlock{
		{Type: OpMove, Data: MoveCopyAction{FolderInThisStore: true, StoreEID: []byte{1}, FolderEID: []byte{1, 2, 3}}},
		{Type: OpReply, Flavor: 0x1, Data: ReplyAction{TemplateFolderID: 7, TemplateMessageID: 9, TemplateMessageEID: []byte{5, 5}, TemplateGUID: g}},
		{Type: OpForward, Flavor: 0x4, Flags: 0xDEAD, Data: ForwardDelegateAction{Recipients: []RecipientBlock{{
			Reserved: 1,
			Props: []PropValue{
				{Tag: 0x3001001F, Value: "Bob"},             // PidTagDisplayName
				{Tag: 0x3003001F, Value: "bob@example.com"}, // PidTagEmailAddress
				{Tag: 0x0C150003, Value: int32(1)},          // PidTagRecipientType
			},
		}}}},
		{Type: OpBounce, Data: BounceAction{Code: 0x26}},
		{Type: OpTag, Data: TagAction{Prop: PropValue{Tag: 0x10900003, Value: int32(2)}}},
		{Type: OpDeferAction, Data: RawActionData{0xCA, 0xFE}},
		{Type: OpMarkAsRead, Data: RawActionData{}},
	}}
}

// TestRuleActionsStandard checks the standard-rule layout ([MS-OXORULE]
// 2.2.5: 16-bit NoOfActions, ActionLength, RecipientCount, NoOfProperties)
// byte by byte for one action, and round trips all action kinds.
func TestRuleActionsStandard(t *testing.T) {
	one := RuleActions{Actions: []ActionBlock{{Type: OpBounce, Data: BounceAction{Code: 0x0D}}}}
	b, err := AppendPropertyValue16(nil, PtypRuleAction, one)
	want := vtHex(t, "0100 0D00 06 00000000 00000000 0D000000")
	if err != nil || !bytes.Equal(b, want) {
		t.Fatalf("% X %v", b, err)
	}
	ra := ruleActionSample(t)
	b, err = AppendPropertyValue16(nil, PtypRuleAction, ra)
	if err != nil {
		t.Fatal(err)
	}
	v, n, err := ParsePropertyValue16(b, PtypRuleAction)
	if err != nil || n != len(b) {
		t.Fatal(n, err)
	}
	got := v.(RuleActions)
	// Standard rules carry no TemplateMessageEID.
	wantRA := ruleActionSample(t)
	r := wantRA.Actions[1].Data.(ReplyAction)
	r.TemplateMessageEID = nil
	wantRA.Actions[1].Data = r
	if !reflect.DeepEqual(got, wantRA) {
		t.Fatalf("got %#v\nwant %#v", got, wantRA)
	}
}

// TestRuleActionsExtended checks the extended-rule layout (32-bit counts,
// no FolderInThisStore, reply template by entry ID) and the re-encoding
// of a standard rule's actions as an extended rule's.
func TestRuleActionsExtended(t *testing.T) {
	mv := RuleActions{Actions: []ActionBlock{{Type: OpCopy, Data: MoveCopyAction{FolderInThisStore: true, StoreEID: []byte{0xAA}, FolderEID: []byte{0xBB, 0xCC}}}}}
	b, err := AppendPropertyValue32(nil, PtypRuleAction, mv)
	want := vtHex(t, "01000000 14000000 02 00000000 00000000 01000000AA 02000000BBCC")
	if err != nil || !bytes.Equal(b, want) {
		t.Fatalf("% X %v", b, err)
	}
	v, _, err := ParsePropertyValue32(b, PtypRuleAction)
	if err != nil {
		t.Fatal(err)
	}
	got := v.(RuleActions).Actions[0].Data.(MoveCopyAction)
	if got.FolderInThisStore || !bytes.Equal(got.FolderEID, []byte{0xBB, 0xCC}) {
		t.Fatalf("%#v", got)
	}
	// Standard → decode → extended → decode keeps every width-independent field.
	ra := ruleActionSample(t)
	b16, _ := AppendPropertyValue16(nil, PtypRuleAction, ra)
	v16, _, err := ParsePropertyValue16(b16, PtypRuleAction)
	if err != nil {
		t.Fatal(err)
	}
	b32, err := AppendPropertyValue32(nil, PtypRuleAction, v16)
	if err != nil {
		t.Fatal(err)
	}
	v32, n, err := ParsePropertyValue32(b32, PtypRuleAction)
	if err != nil || n != len(b32) {
		t.Fatal(err)
	}
	fw16 := v16.(RuleActions).Actions[2]
	fw32 := v32.(RuleActions).Actions[2]
	if !reflect.DeepEqual(fw16, fw32) {
		t.Fatalf("forward action changed across widths:\n%#v\n%#v", fw16, fw32)
	}
	if _, ok := v32.(RuleActions).Actions[2].Data.(ForwardDelegateAction); !ok {
		t.Fatal("forward action not structured after the width change")
	}
}

// TestRuleActionsRawFallback keeps action data that does not parse as its
// type's structure as raw bytes, re-encoding it unchanged.
func TestRuleActionsRawFallback(t *testing.T) {
	cases := []string{
		"0100 0B00 06 00000000 00000000 0D00",               // bounce code too short
		"0100 0F00 06 00000000 00000000 0D0000000000",       // bounce with trailing bytes
		"0100 0A00 01 00000000 00000000 07",                 // move: FolderInThisStore 7
		"0100 0C00 2A 00000000 00000000 0102 03",            // unknown action type
		"0100 1000 09 00000000 00000000 99000000 01 00 00 ", // tag of unknown type
	}
	for _, h := range cases {
		b := vtHex(t, h)
		v, n, err := ParsePropertyValue16(b, PtypRuleAction)
		if err != nil || n != len(b) {
			t.Fatalf("%s: %v", h, err)
		}
		if _, ok := v.(RuleActions).Actions[0].Data.(RawActionData); !ok {
			t.Fatalf("%s: %#v", h, v)
		}
		out, err := AppendPropertyValue16(nil, PtypRuleAction, v)
		if err != nil || !bytes.Equal(out, b) {
			t.Fatalf("%s: % X %v", h, out, err)
		}
	}
	if OpMarkAsRead.String() != "OP_MARK_AS_READ" || ActionType(0x42).String() != "ActionType(0x42)" || ActionType(0).String() != "ActionType(0x00)" {
		t.Fatal("ActionType.String")
	}
}

// TestRuleActionsNoNesting keeps action data that would nest another
// PtypRuleAction value as raw bytes, so decoding depth stays bounded.
func TestRuleActionsNoNesting(t *testing.T) {
	inner := RuleActions{Actions: []ActionBlock{{Type: OpDelete, Data: RawActionData{}}}}
	tag := RuleActions{Actions: []ActionBlock{{Type: OpTag, Data: TagAction{Prop: PropValue{Tag: 0x800100FE, Value: inner}}}}}
	fwd := RuleActions{Actions: []ActionBlock{{Type: OpForward, Data: ForwardDelegateAction{Recipients: []RecipientBlock{{Props: []PropValue{{Tag: 0x800100FE, Value: inner}}}}}}}}
	for _, ra := range []RuleActions{tag, fwd} {
		b, err := AppendPropertyValue16(nil, PtypRuleAction, ra)
		if err != nil {
			t.Fatal(err)
		}
		v, _, err := ParsePropertyValue16(b, PtypRuleAction)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := v.(RuleActions).Actions[0].Data.(RawActionData); !ok {
			t.Fatalf("nested rule action decoded: %#v", v)
		}
		if out, _ := AppendPropertyValue16(nil, PtypRuleAction, v); !bytes.Equal(out, b) {
			t.Fatal("raw fallback does not re-encode exactly")
		}
	}
}

package ews

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
	"github.com/oxkit/oxkit/store/rules"
)

// wireRule is what a client sees of a t:Rule.
type wireRule struct {
	ID, Name, Priority, Enabled, NotSupported, InError string
	Conditions, Exceptions, Actions                    []string // "Name=value,value" per child
}

func flatten(e *etree.Element) []string {
	if e == nil {
		return nil
	}
	var out []string
	for _, ch := range e.ChildElements() {
		s := ch.Tag + "="
		switch {
		case len(ch.ChildElements()) == 0:
			s += ch.Text()
		default:
			for i, g := range ch.ChildElements() {
				if i > 0 {
					s += ","
				}
				switch g.Tag {
				case "Address":
					s += text(g, "EmailAddress")
				case "FolderId":
					s += "folder"
				case "DistinguishedFolderId":
					s += g.SelectAttrValue("Id", "")
				default:
					s += g.Tag + ":" + g.Text()
				}
			}
		}
		out = append(out, s)
	}
	return out
}

func getRules(t *testing.T, e *env, user string) []wireRule {
	t.Helper()
	doc := e.callAs(user, `<m:GetInboxRules><m:MailboxSmtpAddress>`+user+`</m:MailboxSmtpAddress></m:GetInboxRules>`)
	els := mustSuccess(t, doc)
	if got := text(els[0], "OutlookRuleBlobExists"); got != "false" {
		t.Errorf("OutlookRuleBlobExists %q", got)
	}
	var out []wireRule
	for _, r := range doc.FindElements("//InboxRules/Rule") {
		out = append(out, wireRule{
			ID: text(r, "RuleId"), Name: text(r, "DisplayName"), Priority: text(r, "Priority"), Enabled: text(r, "IsEnabled"),
			NotSupported: text(r, "IsNotSupported"), InError: text(r, "IsInError"),
			Conditions: flatten(r.SelectElement("Conditions")), Exceptions: flatten(r.SelectElement("Exceptions")), Actions: flatten(r.SelectElement("Actions")),
		})
	}
	return out
}

// updateRules posts UpdateInboxRules and returns the response class,
// code and the (index, FieldURI, ErrorCode) of each operation error.
func updateRules(t *testing.T, e *env, user, ops string) (respMsg, [][3]string) {
	t.Helper()
	doc := e.callAs(user, `<m:UpdateInboxRules><m:RemoveOutlookRuleBlob>true</m:RemoveOutlookRuleBlob><m:Operations>`+ops+`</m:Operations></m:UpdateInboxRules>`)
	_, msgs := messages(doc)
	if len(msgs) != 1 {
		t.Fatalf("%d response messages:\n%s", len(msgs), dump(doc))
	}
	var errs [][3]string
	for _, oe := range doc.FindElements("//RuleOperationError") {
		errs = append(errs, [3]string{text(oe, "OperationIndex"), text(oe, "FieldURI"), text(oe, "ErrorCode")})
	}
	return msgs[0], errs
}

func mustUpdate(t *testing.T, e *env, user, ops string) {
	t.Helper()
	if m, errs := updateRules(t, e, user, ops); m.Code != "NoError" {
		t.Fatalf("UpdateInboxRules: %+v %v", m, errs)
	}
}

func createFolderID(t *testing.T, e *env, user, name string) string {
	t.Helper()
	doc := e.callAs(user, `<m:CreateFolder><m:ParentFolderId>`+dist("inbox")+`</m:ParentFolderId><m:Folders><t:Folder><t:DisplayName>`+name+`</t:DisplayName></t:Folder></m:Folders></m:CreateFolder>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "FolderId")
	return id
}

func TestInboxRules(t *testing.T)     { testInboxRules(t, newEnv(t)) }
func TestInboxRulesBolt(t *testing.T) { testInboxRules(t, newBoltEnv(t)) }

// The example of the UpdateInboxRules operation reference (Create Rule,
// [MS-OXWSRULES] 3.1.4.2): MoveInterestingToJunk, a subject condition,
// empty exceptions, CopyToFolder junkemail; then GetInboxRules (4.4),
// SetRuleOperation and DeleteRuleOperation.
func testInboxRules(t *testing.T, e *env) {
	if got := getRules(t, e, user1); len(got) != 0 {
		t.Fatalf("fresh mailbox has rules: %+v", got)
	}
	mustUpdate(t, e, user1, `<t:CreateRuleOperation><t:Rule><t:DisplayName>MoveInterestingToJunk</t:DisplayName><t:Priority>1</t:Priority><t:IsEnabled>true</t:IsEnabled>`+
		`<t:Conditions><t:ContainsSubjectStrings><t:String>Interesting</t:String></t:ContainsSubjectStrings></t:Conditions><t:Exceptions/>`+
		`<t:Actions><t:CopyToFolder>`+dist("junkemail")+`</t:CopyToFolder></t:Actions></t:Rule></t:CreateRuleOperation>`)
	target := createFolderID(t, e, user1, "Lists")
	mustUpdate(t, e, user1, `<t:CreateRuleOperation><t:Rule><t:DisplayName>Everything</t:DisplayName><t:Priority>2</t:Priority><t:IsEnabled>false</t:IsEnabled>`+
		`<t:Conditions><t:Categories><t:String>Red</t:String></t:Categories><t:FromAddresses><t:Address><t:Name>Two</t:Name><t:EmailAddress>user2@example.com</t:EmailAddress></t:Address></t:FromAddresses>`+
		`<t:HasAttachments>true</t:HasAttachments><t:Importance>High</t:Importance><t:SentToMe>true</t:SentToMe><t:WithinSizeRange><t:MinimumSize>1</t:MinimumSize><t:MaximumSize>100</t:MaximumSize></t:WithinSizeRange></t:Conditions>`+
		`<t:Exceptions><t:ContainsBodyStrings><t:String>unsubscribe</t:String><t:String>spam</t:String></t:ContainsBodyStrings><t:MessageClassifications><t:String>c1</t:String></t:MessageClassifications></t:Exceptions>`+
		`<t:Actions><t:AssignCategories><t:String>Blue</t:String></t:AssignCategories><t:Delete>true</t:Delete><t:ForwardToRecipients><t:Address><t:EmailAddress>fwd@elsewhere.test</t:EmailAddress></t:Address></t:ForwardToRecipients>`+
		`<t:MarkImportance>Low</t:MarkImportance><t:MarkAsRead>true</t:MarkAsRead><t:MoveToFolder><t:FolderId Id="`+target+`"/></t:MoveToFolder><t:PermanentDelete>true</t:PermanentDelete>`+
		`<t:RedirectToRecipients><t:Address><t:EmailAddress>r@elsewhere.test</t:EmailAddress></t:Address></t:RedirectToRecipients><t:StopProcessingRules>true</t:StopProcessingRules></t:Actions></t:Rule></t:CreateRuleOperation>`)
	got := getRules(t, e, user1)
	if len(got) != 2 || got[0].ID == "" || got[0].ID == got[1].ID {
		t.Fatalf("rules: %+v", got)
	}
	want := []wireRule{
		{ID: got[0].ID, Name: "MoveInterestingToJunk", Priority: "1", Enabled: "true", NotSupported: "false", InError: "false",
			Conditions: []string{"ContainsSubjectStrings=String:Interesting"}, Actions: []string{"CopyToFolder=folder"}},
		{ID: got[1].ID, Name: "Everything", Priority: "2", Enabled: "false", NotSupported: "false", InError: "false",
			Conditions: []string{"Categories=String:Red", "FromAddresses=user2@example.com", "HasAttachments=true", "Importance=High", "SentToMe=true", "WithinSizeRange=MinimumSize:1,MaximumSize:100"},
			Exceptions: []string{"ContainsBodyStrings=String:unsubscribe,String:spam", "MessageClassifications=String:c1"},
			Actions: []string{"AssignCategories=String:Blue", "Delete=true", "ForwardToRecipients=fwd@elsewhere.test", "MarkImportance=Low", "MarkAsRead=true",
				"MoveToFolder=folder", "PermanentDelete=true", "RedirectToRecipients=r@elsewhere.test", "StopProcessingRules=true"}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("GetInboxRules (-want +got):\n%s", d)
	}

	// SetRuleOperation replaces the rule; the other stays.
	mustUpdate(t, e, user1, `<t:SetRuleOperation><t:Rule><t:RuleId>`+got[0].ID+`</t:RuleId><t:DisplayName>Renamed</t:DisplayName><t:Priority>3</t:Priority><t:IsEnabled>false</t:IsEnabled>`+
		`<t:Conditions><t:SentCcMe>true</t:SentCcMe></t:Conditions><t:Actions><t:MarkAsRead>true</t:MarkAsRead></t:Actions></t:Rule></t:SetRuleOperation>`)
	got2 := getRules(t, e, user1)
	want = []wireRule{want[1], {ID: got[0].ID, Name: "Renamed", Priority: "3", Enabled: "false", NotSupported: "false", InError: "false",
		Conditions: []string{"SentCcMe=true"}, Actions: []string{"MarkAsRead=true"}}}
	if d := cmp.Diff(want, got2); d != "" {
		t.Fatalf("after SetRuleOperation (-want +got):\n%s", d)
	}
	// DeleteRuleOperation.
	mustUpdate(t, e, user1, `<t:DeleteRuleOperation><t:RuleId>`+got[1].ID+`</t:RuleId></t:DeleteRuleOperation>`)
	if got3 := getRules(t, e, user1); len(got3) != 1 || got3[0].Name != "Renamed" {
		t.Fatalf("after DeleteRuleOperation: %+v", got3)
	}
	// user2's rules are separate, and user2 cannot read user1's.
	if got := getRules(t, e, user2); len(got) != 0 {
		t.Errorf("user2 sees rules: %+v", got)
	}
	_, msgs := messages(e.callAs(user2, `<m:GetInboxRules><m:MailboxSmtpAddress>`+user1+`</m:MailboxSmtpAddress></m:GetInboxRules>`))
	if msgs[0].Code != "ErrorAccessDenied" {
		t.Errorf("GetInboxRules of another mailbox: %+v", msgs[0])
	}
}

// Validation errors are per operation (RuleOperationErrors with the
// operation's index), and none of the operations is applied.
func TestInboxRulesValidation(t *testing.T) {
	e := newEnv(t)
	mustUpdate(t, e, user1, `<t:CreateRuleOperation><t:Rule><t:DisplayName>keep</t:DisplayName><t:Priority>1</t:Priority><t:IsEnabled>true</t:IsEnabled><t:Actions><t:MarkAsRead>true</t:MarkAsRead></t:Actions></t:Rule></t:CreateRuleOperation>`)
	before := getRules(t, e, user1)
	id := before[0].ID
	m, errs := updateRules(t, e, user1,
		`<t:CreateRuleOperation><t:Rule><t:DisplayName>ok</t:DisplayName><t:Priority>2</t:Priority><t:Actions><t:MarkAsRead>true</t:MarkAsRead></t:Actions></t:Rule></t:CreateRuleOperation>`+
			`<t:CreateRuleOperation><t:Rule><t:RuleId>`+id+`</t:RuleId><t:DisplayName>x</t:DisplayName><t:Priority>1</t:Priority><t:Actions><t:MarkAsRead>true</t:MarkAsRead></t:Actions></t:Rule></t:CreateRuleOperation>`+
			`<t:DeleteRuleOperation><t:RuleId>AAAAAAAAAAA=</t:RuleId></t:DeleteRuleOperation>`+
			`<t:CreateRuleOperation><t:Rule><t:DisplayName>no action</t:DisplayName><t:Priority>1</t:Priority></t:Rule></t:CreateRuleOperation>`+
			`<t:CreateRuleOperation><t:Rule><t:DisplayName>bad folder</t:DisplayName><t:Priority>1</t:Priority><t:Actions><t:MoveToFolder><t:FolderId Id="garbage"/></t:MoveToFolder></t:Actions></t:Rule></t:CreateRuleOperation>`+
			`<t:CreateRuleOperation><t:Rule><t:DisplayName>size</t:DisplayName><t:Priority>1</t:Priority><t:Conditions><t:WithinSizeRange><t:MinimumSize>9</t:MinimumSize><t:MaximumSize>1</t:MaximumSize></t:WithinSizeRange></t:Conditions><t:Actions><t:MarkAsRead>true</t:MarkAsRead></t:Actions></t:Rule></t:CreateRuleOperation>`+
			`<t:DeleteRuleOperation><t:RuleId>`+id+`</t:RuleId></t:DeleteRuleOperation>`+
			`<t:SetRuleOperation><t:Rule><t:RuleId>`+id+`</t:RuleId><t:DisplayName>x</t:DisplayName><t:Priority>1</t:Priority><t:Actions><t:MarkAsRead>true</t:MarkAsRead></t:Actions></t:Rule></t:SetRuleOperation>`+
			`<t:CreateRuleOperation><t:Rule><t:DisplayName>empty</t:DisplayName><t:Priority>1</t:Priority><t:Conditions><t:ContainsSubjectStrings/></t:Conditions><t:Actions><t:MarkAsRead>true</t:MarkAsRead></t:Actions></t:Rule></t:CreateRuleOperation>`+
			`<t:CreateRuleOperation><t:Rule><t:DisplayName>prio</t:DisplayName><t:Priority>0</t:Priority><t:Actions><t:MarkAsRead>true</t:MarkAsRead></t:Actions></t:Rule></t:CreateRuleOperation>`)
	if m.Class != "Error" || m.Code != "ErrorInboxRulesValidationError" {
		t.Fatalf("response %+v", m)
	}
	want := [][3]string{
		{"1", "RuleId", "CreateWithRuleId"},
		{"2", "RuleId", "RuleNotFound"},
		{"3", "Actions", "MissingAction"},
		{"4", "Action:MoveToFolder", "InvalidFolderId"},
		{"5", "Condition:WithinSizeRange", "InvalidSizeRange"},
		{"7", "RuleId", "DuplicatedOperationOnTheSameRule"},
		{"8", "Condition:ContainsSubjectStrings", "EmptyValueFound"},
		{"9", "Priority", "InvalidValue"},
	}
	if d := cmp.Diff(want, errs); d != "" {
		t.Fatalf("RuleOperationErrors (-want +got):\n%s", d)
	}
	if d := cmp.Diff(before, getRules(t, e, user1)); d != "" {
		t.Fatalf("rules changed by a failed update:\n%s", d)
	}
	// Malformed requests are faults.
	for _, body := range []string{
		`<m:UpdateInboxRules><m:Operations/></m:UpdateInboxRules>`,
		`<m:UpdateInboxRules><m:Operations><t:Frobnicate/></m:Operations></m:UpdateInboxRules>`,
		`<m:UpdateInboxRules><m:Operations><t:CreateRuleOperation><t:Rule><t:DisplayName>x</t:DisplayName><t:Priority>1</t:Priority><t:Conditions><t:NoSuchPredicate>true</t:NoSuchPredicate></t:Conditions></t:Rule></t:CreateRuleOperation></m:Operations></m:UpdateInboxRules>`,
	} {
		_, doc := e.postAs(user1, envelope(body))
		if got := faultCode(doc); got != "ErrorSchemaValidation" {
			t.Errorf("%s: fault %q", body, got)
		}
	}
}

// Rules written through EWS are MAPI rules of the Inbox ([MS-OXORULE]
// 2.2.1.3.1): provider RuleOrganizer, a condition that mapi.Evaluate
// runs, OP_MOVE to the folder by ServerEid.
func TestInboxRulesStoredAsMAPI(t *testing.T) {
	e := newEnv(t)
	target := createFolderID(t, e, user1, "Reports")
	mustUpdate(t, e, user1, `<t:CreateRuleOperation><t:Rule><t:DisplayName>reports</t:DisplayName><t:Priority>5</t:Priority><t:IsEnabled>true</t:IsEnabled>`+
		`<t:Conditions><t:ContainsSubjectStrings><t:String>report</t:String></t:ContainsSubjectStrings><t:FromAddresses><t:Address><t:EmailAddress>boss@example.com</t:EmailAddress></t:Address></t:FromAddresses></t:Conditions>`+
		`<t:Exceptions><t:Importance>Low</t:Importance></t:Exceptions>`+
		`<t:Actions><t:MoveToFolder><t:FolderId Id="`+target+`"/></t:MoveToFolder></t:Actions></t:Rule></t:CreateRuleOperation>`)
	ctx := context.Background()
	mb, err := e.st.OpenMailbox(ctx, user1)
	if err != nil {
		t.Fatal(err)
	}
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	list, err := mb.(store.RuleStore).Rules(ctx, inbox)
	if err != nil || len(list) != 1 {
		t.Fatalf("Rules: %v %v", list, err)
	}
	r := list[0]
	if r.Provider != "RuleOrganizer" || r.Name != "reports" || r.Sequence != 5 || r.State != store.RuleEnabled {
		t.Errorf("rule %+v", r)
	}
	oid, _ := ParseObjectID(target)
	if len(r.Actions.Actions) != 1 || r.Actions.Actions[0].Type != mapi.OpMove {
		t.Fatalf("actions %+v", r.Actions)
	}
	if fid, ok := rules.TargetFolder(mb.Info(), r.Actions.Actions[0].Data.(mapi.MoveCopyAction)); !ok || fid != oid.Folder {
		t.Errorf("move target %v %v, want %v", fid, ok, oid.Folder)
	}
	msg := func(subject, from string, importance int32) *mapi.Bag {
		return &mapi.Bag{Props: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: subject}, {Tag: mapi.PidTagSenderSmtpAddress, Value: from}, {Tag: mapi.PidTagImportance, Value: importance}}}
	}
	for _, tc := range []struct {
		name string
		m    *mapi.Bag
		want bool
	}{
		{"match", msg("Weekly REPORT", "Boss@example.com", 1), true},
		{"other sender", msg("Weekly report", "joe@example.com", 1), false},
		{"other subject", msg("hello", "boss@example.com", 1), false},
		{"exception", msg("report", "boss@example.com", 0), false},
	} {
		if got, err := mapi.Evaluate(r.Condition, tc.m); err != nil || got != tc.want {
			t.Errorf("%s: %v %v, want %v", tc.name, got, err, tc.want)
		}
	}
}

// A message user2 sends to user1 through EWS is moved by user1's rule
// (FromAddresses → MoveToFolder) and marked read; one that does not match
// stays in the Inbox. A redirect rule passes a message on to user2.
func TestInboxRuleOnDelivery(t *testing.T) { testInboxRuleOnDelivery(t, newEnv(t)) }

func TestInboxRuleOnDeliveryBolt(t *testing.T) { testInboxRuleOnDelivery(t, newBoltEnv(t)) }

func testInboxRuleOnDelivery(t *testing.T, e *env) {
	target := createFolderID(t, e, user1, "From two")
	mustUpdate(t, e, user1, `<t:CreateRuleOperation><t:Rule><t:DisplayName>from two</t:DisplayName><t:Priority>1</t:Priority><t:IsEnabled>true</t:IsEnabled>`+
		`<t:Conditions><t:FromAddresses><t:Address><t:EmailAddress>user2@example.com</t:EmailAddress></t:Address></t:FromAddresses></t:Conditions>`+
		`<t:Exceptions><t:ContainsSubjectStrings><t:String>keep</t:String></t:ContainsSubjectStrings></t:Exceptions>`+
		`<t:Actions><t:MarkAsRead>true</t:MarkAsRead><t:MoveToFolder><t:FolderId Id="`+target+`"/></t:MoveToFolder></t:Actions></t:Rule></t:CreateRuleOperation>`+
		`<t:CreateRuleOperation><t:Rule><t:DisplayName>redirect</t:DisplayName><t:Priority>2</t:Priority><t:IsEnabled>true</t:IsEnabled>`+
		`<t:Conditions><t:ContainsSubjectStrings><t:String>pass on</t:String></t:ContainsSubjectStrings></t:Conditions>`+
		`<t:Actions><t:RedirectToRecipients><t:Address><t:EmailAddress>user2@example.com</t:EmailAddress></t:Address></t:RedirectToRecipients></t:Actions></t:Rule></t:CreateRuleOperation>`)
	to1 := `<t:ToRecipients><t:Mailbox><t:EmailAddress>user1@example.com</t:EmailAddress></t:Mailbox></t:ToRecipients>`
	for _, subj := range []string{"moved by rule", "keep me here"} {
		mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>`+subj+`</t:Subject>`+to1+`</t:Message></m:Items></m:CreateItem>`))
	}
	mustSuccess(t, e.callAs(user1, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>please pass on</t:Subject>`+to1+`</t:Message></m:Items></m:CreateItem>`))
	find := func(user, folder string) map[string]string {
		doc := e.callAs(user, `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ParentFolderIds>`+folder+`</m:ParentFolderIds></m:FindItem>`)
		out := map[string]string{}
		for _, it := range mustSuccess(t, doc)[0].FindElements(".//Items/*") {
			out[text(it, "Subject")] = text(it, "IsRead")
		}
		return out
	}
	if d := cmp.Diff(map[string]string{"moved by rule": "true"}, find(user1, `<t:FolderId Id="`+target+`"/>`)); d != "" {
		t.Errorf("target folder (-want +got):\n%s", d)
	}
	if d := cmp.Diff(map[string]string{"keep me here": "false", "please pass on": "false"}, find(user1, dist("inbox"))); d != "" {
		t.Errorf("user1 inbox (-want +got):\n%s", d)
	}
	if d := cmp.Diff(map[string]string{"please pass on": "false"}, find(user2, dist("inbox"))); d != "" {
		t.Errorf("user2 inbox after the redirect (-want +got):\n%s", d)
	}
}

// rulesDump adds GetInboxRules and UpdateInboxRules (success and
// validation errors) to TestDumpResponses, for schema validation.
func rulesDump(t *testing.T, e *env, extra map[string]string) {
	target := createFolderID(t, e, user1, "Rule dump")
	mustUpdate(t, e, user1, `<t:CreateRuleOperation><t:Rule><t:DisplayName>all</t:DisplayName><t:Priority>1</t:Priority><t:IsEnabled>true</t:IsEnabled>`+
		`<t:Conditions><t:Categories><t:String>c</t:String></t:Categories><t:ContainsSubjectStrings><t:String>s</t:String></t:ContainsSubjectStrings><t:FlaggedForAction>Any</t:FlaggedForAction>`+
		`<t:FromAddresses><t:Address><t:Name>n</t:Name><t:EmailAddress>a@example.com</t:EmailAddress></t:Address></t:FromAddresses><t:HasAttachments>false</t:HasAttachments>`+
		`<t:Importance>High</t:Importance><t:IsMeetingRequest>true</t:IsMeetingRequest><t:SentOnlyToMe>true</t:SentOnlyToMe><t:Sensitivity>Private</t:Sensitivity>`+
		`<t:WithinDateRange><t:StartDateTime>2024-01-01T00:00:00Z</t:StartDateTime><t:EndDateTime>2025-01-01T00:00:00Z</t:EndDateTime></t:WithinDateRange>`+
		`<t:WithinSizeRange><t:MaximumSize>10</t:MaximumSize></t:WithinSizeRange></t:Conditions>`+
		`<t:Exceptions><t:ItemClasses><t:String>IPM.Note</t:String></t:ItemClasses></t:Exceptions>`+
		`<t:Actions><t:AssignCategories><t:String>x</t:String></t:AssignCategories><t:CopyToFolder><t:FolderId Id="`+target+`"/></t:CopyToFolder><t:Delete>true</t:Delete>`+
		`<t:ForwardAsAttachmentToRecipients><t:Address><t:EmailAddress>f@example.com</t:EmailAddress></t:Address></t:ForwardAsAttachmentToRecipients>`+
		`<t:MarkImportance>Normal</t:MarkImportance><t:MarkAsRead>true</t:MarkAsRead><t:MoveToFolder>`+dist("junkemail")+`</t:MoveToFolder>`+
		`<t:SendSMSAlertToRecipients><t:Address><t:EmailAddress>s@example.com</t:EmailAddress></t:Address></t:SendSMSAlertToRecipients><t:StopProcessingRules>true</t:StopProcessingRules></t:Actions></t:Rule></t:CreateRuleOperation>`)
	extra["getinboxrules"] = `<m:GetInboxRules><m:MailboxSmtpAddress>user1@example.com</m:MailboxSmtpAddress></m:GetInboxRules>`
	extra["updateinboxrules"] = `<m:UpdateInboxRules><m:RemoveOutlookRuleBlob>true</m:RemoveOutlookRuleBlob><m:Operations><t:CreateRuleOperation><t:Rule><t:DisplayName>d</t:DisplayName><t:Priority>2</t:Priority><t:IsEnabled>true</t:IsEnabled><t:Actions><t:PermanentDelete>true</t:PermanentDelete></t:Actions></t:Rule></t:CreateRuleOperation></m:Operations></m:UpdateInboxRules>`
	extra["updateinboxrules-errors"] = `<m:UpdateInboxRules><m:Operations><t:DeleteRuleOperation><t:RuleId>AAAAAAAAAAA=</t:RuleId></t:DeleteRuleOperation><t:CreateRuleOperation><t:Rule><t:DisplayName>d</t:DisplayName><t:Priority>1</t:Priority></t:Rule></t:CreateRuleOperation></m:Operations></m:UpdateInboxRules>`
	extra["getinboxrules-denied"] = `<m:GetInboxRules><m:MailboxSmtpAddress>user2@example.com</m:MailboxSmtpAddress></m:GetInboxRules>`
}

// The meaning of each predicate over a delivered message
// ([MS-OXWSRULES] 2.2.4.22 RulePredicatesType), evaluated with
// mapi.Evaluate as the executor does.
func TestRulePredicateMeaning(t *testing.T) {
	const owner = "me@example.com"
	kw := mapi.NewPropTag(0x8123, mapi.PtypMultipleString)
	tr, fa := true, false
	rcpt := func(typ int32, addr string) mapi.Object {
		return &mapi.Bag{Props: []mapi.PropValue{{Tag: mapi.PidTagRecipientType, Value: typ}, {Tag: mapi.PidTagSmtpAddress, Value: addr}, {Tag: mapi.PidTagDisplayName, Value: "Name " + addr}}}
	}
	base := func(extra ...mapi.PropValue) []mapi.PropValue {
		return append([]mapi.PropValue{
			{Tag: mapi.PidTagSubject, Value: "Quarterly numbers"},
			{Tag: mapi.PidTagBody, Value: "see attached, urgent"},
			{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
			{Tag: mapi.PidTagSenderSmtpAddress, Value: "Boss@Example.com"},
			{Tag: mapi.PidTagSenderName, Value: "The Boss"},
			{Tag: mapi.PidTagImportance, Value: int32(2)},
			{Tag: mapi.PidTagSensitivity, Value: int32(0)},
			{Tag: mapi.PidTagHasAttachments, Value: true},
			{Tag: mapi.PidTagMessageSize, Value: int32(3000)},
			{Tag: mapi.PidTagMessageDeliveryTime, Value: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)},
			{Tag: mapi.PidTagTransportMessageHeaders, Value: "X-Mailer: Foo\r\n"},
			{Tag: kw, Value: []string{"Red", "Work"}},
		}, extra...)
	}
	toMe := &mapi.Bag{Props: base(), Recipients: []mapi.Object{rcpt(1, owner)}}
	ccMe := &mapi.Bag{Props: base(), Recipients: []mapi.Object{rcpt(1, "other@example.com"), rcpt(2, owner)}}
	notMe := &mapi.Bag{Props: base(), Recipients: []mapi.Object{rcpt(1, "other@example.com")}}
	invite := &mapi.Bag{Props: append([]mapi.PropValue{{Tag: mapi.PidTagMessageClass, Value: "IPM.Schedule.Meeting.Request"}}, base()...)} // the first value wins
	i64 := func(v int64) *int64 { return &v }
	tm := func(y int) *time.Time { t := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC); return &t }
	for _, tc := range []struct {
		pred string
		v    predValue
		m    *mapi.Bag
		want bool
	}{
		{"Categories", predValue{Strings: []string{"work"}}, toMe, true},
		{"Categories", predValue{Strings: []string{"Blue"}}, toMe, false},
		{"ContainsBodyStrings", predValue{Strings: []string{"URGENT"}}, toMe, true},
		{"ContainsHeaderStrings", predValue{Strings: []string{"x-mailer: foo"}}, toMe, true},
		{"ContainsRecipientStrings", predValue{Strings: []string{"other@"}}, ccMe, true},
		{"ContainsRecipientStrings", predValue{Strings: []string{"other@"}}, toMe, false},
		{"ContainsSenderStrings", predValue{Strings: []string{"boss"}}, toMe, true},
		{"ContainsSubjectOrBodyStrings", predValue{Strings: []string{"attached"}}, toMe, true},
		{"ContainsSubjectStrings", predValue{Strings: []string{"nope", "quarterly"}}, toMe, true},
		{"ContainsSubjectStrings", predValue{Strings: []string{"attached"}}, toMe, false},
		{"FromAddresses", predValue{Addrs: []ruleAddr{{Address: "boss@example.com"}}}, toMe, true},
		{"FromAddresses", predValue{Addrs: []ruleAddr{{Address: "x@example.com"}}}, toMe, false},
		{"HasAttachments", predValue{Bool: &tr}, toMe, true},
		{"HasAttachments", predValue{Bool: &fa}, toMe, false},
		{"Importance", predValue{Text: "High"}, toMe, true},
		{"Importance", predValue{Text: "Low"}, toMe, false},
		{"Sensitivity", predValue{Text: "Normal"}, toMe, true},
		{"IsMeetingRequest", predValue{Bool: &tr}, invite, true},
		{"IsMeetingRequest", predValue{Bool: &tr}, toMe, false},
		{"IsMeetingRequest", predValue{Bool: &fa}, toMe, true},
		{"ItemClasses", predValue{Strings: []string{"ipm.note"}}, toMe, true},
		{"SentToMe", predValue{Bool: &tr}, toMe, true},
		{"SentToMe", predValue{Bool: &tr}, ccMe, false},
		{"SentCcMe", predValue{Bool: &tr}, ccMe, true},
		{"SentToOrCcMe", predValue{Bool: &tr}, ccMe, true},
		{"SentToOrCcMe", predValue{Bool: &tr}, notMe, false},
		{"NotSentToMe", predValue{Bool: &tr}, notMe, true},
		{"NotSentToMe", predValue{Bool: &tr}, ccMe, false},
		{"SentOnlyToMe", predValue{Bool: &tr}, toMe, true},
		{"SentOnlyToMe", predValue{Bool: &tr}, ccMe, false},
		{"SentToAddresses", predValue{Addrs: []ruleAddr{{Address: "OTHER@example.com"}}}, notMe, true},
		{"WithinSizeRange", predValue{Min: i64(2), Max: i64(3)}, toMe, true},
		{"WithinSizeRange", predValue{Min: i64(4)}, toMe, false},
		{"WithinDateRange", predValue{Start: tm(2024), End: tm(2025)}, toMe, true},
		{"WithinDateRange", predValue{Start: tm(2025)}, toMe, false},
	} {
		r := (&call{}).predRestriction(rulePred{idx: predIndex(tc.pred), v: tc.v}, owner, kw)
		got, err := mapi.Evaluate(r, tc.m)
		if err != nil || got != tc.want {
			t.Errorf("%s %+v: %v %v, want %v", tc.pred, tc.v, got, err, tc.want)
		}
	}
	// Predicates without a meaning over the store are not restrictions.
	if r := (&call{}).predRestriction(rulePred{idx: predIndex("MessageClassifications"), v: predValue{Strings: []string{"x"}}}, owner, kw); r != nil {
		t.Errorf("MessageClassifications: %v", r)
	}
}

// Rules of the Inbox that EWS cannot express read back with
// IsNotSupported; they cannot be set but can be deleted. Rules of other
// providers are not Inbox rules of EWS.
func TestInboxRulesNotSupported(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	mb, _ := e.st.OpenMailbox(ctx, user1)
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	raw := func(name, provider string) store.RuleChange {
		return store.RuleChange{Op: store.RuleAdd, Props: []mapi.PropValue{
			{Tag: mapi.PidTagRuleName, Value: name}, {Tag: mapi.PidTagRuleSequence, Value: int32(1)},
			{Tag: mapi.PidTagRuleState, Value: int32(store.RuleEnabled)}, {Tag: mapi.PidTagRuleProvider, Value: provider},
			{Tag: mapi.PidTagRuleCondition, Value: mapi.ExistRestriction{PropTag: mapi.PidTagSubject}},
			{Tag: mapi.PidTagRuleActions, Value: mapi.RuleActions{Actions: []mapi.ActionBlock{{Type: mapi.OpMarkAsRead, Data: mapi.RawActionData{}}}}},
		}}
	}
	if _, err := mb.(store.RuleStore).ModifyRules(ctx, inbox, false, []store.RuleChange{raw("from outlook", "RuleOrganizer"), raw("junk", "JunkEmailRule")}); err != nil {
		t.Fatal(err)
	}
	got := getRules(t, e, user1)
	if len(got) != 1 || got[0].Name != "from outlook" || got[0].NotSupported != "true" || got[0].Conditions != nil {
		t.Fatalf("rules: %+v", got)
	}
	_, errs := updateRules(t, e, user1, `<t:SetRuleOperation><t:Rule><t:RuleId>`+got[0].ID+`</t:RuleId><t:DisplayName>x</t:DisplayName><t:Priority>1</t:Priority><t:Actions><t:MarkAsRead>true</t:MarkAsRead></t:Actions></t:Rule></t:SetRuleOperation>`)
	if d := cmp.Diff([][3]string{{"0", "IsNotSupported", "UnsupportedRule"}}, errs); d != "" {
		t.Errorf("set: %s", d)
	}
	mustUpdate(t, e, user1, `<t:DeleteRuleOperation><t:RuleId>`+got[0].ID+`</t:RuleId></t:DeleteRuleOperation>`)
	list, _ := mb.(store.RuleStore).Rules(ctx, inbox)
	if len(list) != 1 || list[0].Provider != "JunkEmailRule" {
		t.Errorf("after delete: %+v", list)
	}
}

// Forwarding rules in a cycle of three mailboxes end: every hop adds
// rules.LoopHeader, and a mailbox does not forward what already went
// through its own rules.
func TestInboxRuleForwardLoop(t *testing.T) {
	e := newEnv(t)
	const user3 = "user3@example.com"
	ctx := context.Background()
	if err := e.st.PutEntry(ctx, store.DirectoryEntry{Kind: store.EntryUser, SMTPAddress: user3, DisplayName: "User Three", Alias: "user3"}, "x"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.CreateMailbox(ctx, user3, nil); err != nil {
		t.Fatal(err)
	}
	next := map[string]string{user1: user2, user2: user3, user3: user1}
	for from, to := range next {
		mustUpdate(t, e, from, `<t:CreateRuleOperation><t:Rule><t:DisplayName>fwd</t:DisplayName><t:Priority>1</t:Priority><t:IsEnabled>true</t:IsEnabled>`+
			`<t:Actions><t:ForwardToRecipients><t:Address><t:EmailAddress>`+to+`</t:EmailAddress></t:Address></t:ForwardToRecipients></t:Actions></t:Rule></t:CreateRuleOperation>`)
	}
	mustSuccess(t, e.callAs(user1, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>ping</t:Subject>`+
		`<t:ToRecipients><t:Mailbox><t:EmailAddress>user2@example.com</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message></m:Items></m:CreateItem>`))
	inbox := func(user string) []string {
		doc := e.callAs(user, `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ParentFolderIds>`+dist("inbox")+`</m:ParentFolderIds></m:FindItem>`)
		var out []string
		for _, it := range mustSuccess(t, doc)[0].FindElements(".//Items/*") {
			out = append(out, text(it, "Subject"))
		}
		slices.Sort(out)
		return out
	}
	want := map[string][]string{
		user2: {"FW: FW: FW: ping", "ping"},
		user3: {"FW: ping"},
		user1: {"FW: FW: ping"},
	}
	for u, w := range want {
		if d := cmp.Diff(w, inbox(u)); d != "" {
			t.Errorf("%s inbox (-want +got):\n%s", u, d)
		}
	}
}

// The other actions on delivery: AssignCategories and MarkImportance
// (OP_TAG), Delete (to Deleted Items), PermanentDelete (OP_DELETE),
// ForwardAsAttachmentToRecipients, StopProcessingRules (ST_EXIT_LEVEL).
func TestInboxRuleActionsOnDelivery(t *testing.T) {
	e := newEnv(t)
	rule := func(prio int, name, subject, actions string) string {
		return fmt.Sprintf(`<t:CreateRuleOperation><t:Rule><t:DisplayName>%s</t:DisplayName><t:Priority>%d</t:Priority><t:IsEnabled>true</t:IsEnabled>`+
			`<t:Conditions><t:ContainsSubjectStrings><t:String>%s</t:String></t:ContainsSubjectStrings></t:Conditions><t:Actions>%s</t:Actions></t:Rule></t:CreateRuleOperation>`, name, prio, subject, actions)
	}
	mustUpdate(t, e, user1,
		rule(1, "tag", "tag me", `<t:AssignCategories><t:String>Blue</t:String><t:String>Green</t:String></t:AssignCategories><t:MarkImportance>High</t:MarkImportance><t:StopProcessingRules>true</t:StopProcessingRules>`)+
			rule(2, "trash", "me", `<t:Delete>true</t:Delete>`)+ // "tag me" also matches, but rule 1 stops processing
			rule(3, "gone", "destroy", `<t:PermanentDelete>true</t:PermanentDelete>`)+
			rule(4, "attach", "attach", `<t:ForwardAsAttachmentToRecipients><t:Address><t:EmailAddress>user2@example.com</t:EmailAddress></t:Address></t:ForwardAsAttachmentToRecipients>`))
	to1 := `<t:ToRecipients><t:Mailbox><t:EmailAddress>user1@example.com</t:EmailAddress></t:Mailbox></t:ToRecipients>`
	for _, subj := range []string{"tag me", "trash me", "destroy it", "attach this"} {
		mustSuccess(t, e.callAs(user1, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>`+subj+`</t:Subject><t:Body BodyType="Text">b</t:Body>`+to1+`</t:Message></m:Items></m:CreateItem>`))
	}
	find := func(user, folder string) map[string][]string {
		doc := e.callAs(user, `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ParentFolderIds>`+dist(folder)+`</m:ParentFolderIds></m:FindItem>`)
		out := map[string][]string{}
		for _, it := range mustSuccess(t, doc)[0].FindElements(".//Items/*") {
			var cats []string
			for _, s := range it.FindElements("Categories/String") {
				cats = append(cats, s.Text())
			}
			out[text(it, "Subject")] = append([]string{text(it, "Importance"), text(it, "HasAttachments")}, cats...)
		}
		return out
	}
	want := map[string]map[string][]string{
		user1 + " inbox":        {"tag me": {"High", "false", "Blue", "Green"}, "attach this": {"Normal", "false"}},
		user1 + " deleteditems": {"trash me": {"Normal", "false"}},
		user2 + " inbox":        {"FW: attach this": {"Normal", "true"}},
	}
	for k, w := range want {
		user, folder, _ := strings.Cut(k, " ")
		if d := cmp.Diff(w, find(user, folder)); d != "" {
			t.Errorf("%s (-want +got):\n%s", k, d)
		}
	}
}

// A rule with ST_ONLY_WHEN_OOF ([MS-OXORULE] 2.2.1.3.1.3, R517) runs on
// delivery only while the OOF settings stored by SetUserOofSettings are
// on.
func TestInboxRuleOnlyWhenOOF(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	mb, _ := e.st.OpenMailbox(ctx, user1)
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	if _, err := mb.(store.RuleStore).ModifyRules(ctx, inbox, false, []store.RuleChange{{Op: store.RuleAdd, Props: []mapi.PropValue{
		{Tag: mapi.PidTagRuleSequence, Value: int32(1)}, {Tag: mapi.PidTagRuleState, Value: int32(store.RuleEnabled | store.RuleOnlyWhenOOF)},
		{Tag: mapi.PidTagRuleProvider, Value: "RuleOrganizer"},
		{Tag: mapi.PidTagRuleActions, Value: mapi.RuleActions{Actions: []mapi.ActionBlock{{Type: mapi.OpMarkAsRead, Data: mapi.RawActionData{}}}}},
	}}}); err != nil {
		t.Fatal(err)
	}
	send := func(subj string) {
		mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>`+subj+`</t:Subject>`+
			`<t:ToRecipients><t:Mailbox><t:EmailAddress>user1@example.com</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message></m:Items></m:CreateItem>`))
	}
	oof := func(state string) {
		mustSuccess(t, e.call(`<m:SetUserOofSettingsRequest><t:Mailbox><t:Address>user1@example.com</t:Address></t:Mailbox><t:UserOofSettings><t:OofState>`+state+`</t:OofState><t:ExternalAudience>All</t:ExternalAudience></t:UserOofSettings></m:SetUserOofSettingsRequest>`))
	}
	send("while in")
	oof("Enabled")
	send("while out")
	oof("Disabled")
	send("back in")
	doc := e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds></m:FindItem>`)
	got := map[string]string{}
	for _, it := range mustSuccess(t, doc)[0].FindElements(".//Items/*") {
		got[text(it, "Subject")] = text(it, "IsRead")
	}
	if d := cmp.Diff(map[string]string{"while in": "false", "while out": "true", "back in": "false"}, got); d != "" {
		t.Errorf("read flags (-want +got):\n%s", d)
	}
}

package ews

import (
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
)

func memberList(e *etree.Element, path string) []string {
	var out []string
	for _, m := range e.FindElements(path) {
		out = append(out, text(m, "Name")+" <"+text(m, "EmailAddress")+"> "+text(m, "RoutingType")+"/"+text(m, "MailboxType"))
	}
	return out
}

// TestDistributionList checks personal distribution lists ([MS-OXWSDLIST],
// [MS-OXOCNTC] 2.2.2): CreateItem with Members (an address and a
// contact's ItemId), GetItem, UpdateItem AppendToItemField and
// SetItemField of distributionlist:Members, ExpandDL of the list's ItemId.
func TestDistributionList(t *testing.T) { testDistributionList(t, newEnv(t)) }

func testDistributionList(t *testing.T, e *env) {
	doc := e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:Contact><t:DisplayName>Jane Doe</t:DisplayName>` +
		`<t:EmailAddresses><t:Entry Key="EmailAddress1">jane@example.net</t:Entry></t:EmailAddresses></t:Contact></m:Items></m:CreateItem>`)
	contact, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	doc = e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:DistributionList><t:DisplayName>Team</t:DisplayName><t:FileAs>Team</t:FileAs>` +
		`<t:Members><t:Member><t:Mailbox><t:Name>Bob</t:Name><t:EmailAddress>bob@example.org</t:EmailAddress><t:RoutingType>SMTP</t:RoutingType></t:Mailbox></t:Member>` +
		`<t:Member><t:Mailbox><t:ItemId Id="` + contact + `"/></t:Mailbox></t:Member></t:Members></t:DistributionList></m:Items></m:CreateItem>`)
	els := mustSuccess(t, doc)
	if els[0].FindElement("Items/DistributionList") == nil {
		t.Fatalf("CreateItem answer: %s", dump(doc))
	}
	id, _ := idOf(els[0], "ItemId")
	dl := getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id)
	want := []string{"Bob <bob@example.org> SMTP/OneOff", "Jane Doe <jane@example.net> SMTP/OneOff"}
	if dl.Tag != "DistributionList" || text(dl, "DisplayName") != "Team" || text(dl, "FileAs") != "Team" || text(dl, "ItemClass") != "IPM.DistList" {
		t.Fatalf("GetItem: %s %q %q %q", dl.Tag, text(dl, "DisplayName"), text(dl, "FileAs"), text(dl, "ItemClass"))
	}
	if d := cmp.Diff(want, memberList(dl, "Members/Member/Mailbox")); d != "" {
		t.Fatalf("members (-want +got):\n%s", d)
	}
	// Saved in Contacts, found there as a DistributionList.
	doc = e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ParentFolderIds>` + dist("contacts") + `</m:ParentFolderIds></m:FindItem>`)
	if n := len(mustSuccess(t, doc)[0].FindElements("RootFolder/Items/DistributionList")); n != 1 {
		t.Fatalf("FindItem in contacts: %d lists", n)
	}
	// ExpandDL of the list's ItemId.
	doc = e.call(`<m:ExpandDL><m:Mailbox><t:ItemId Id="` + id + `"/></m:Mailbox></m:ExpandDL>`)
	if d := cmp.Diff(want, memberList(mustSuccess(t, doc)[0], "DLExpansion/Mailbox")); d != "" {
		t.Fatalf("ExpandDL (-want +got):\n%s", d)
	}
	// ExpandDL of a contact's ItemId is an error.
	_, msgs := messages(e.call(`<m:ExpandDL><m:Mailbox><t:ItemId Id="` + contact + `"/></m:Mailbox></m:ExpandDL>`))
	if len(msgs) != 1 || msgs[0].Code != "ErrorNameResolutionNoResults" {
		t.Fatalf("ExpandDL of a contact: %+v", msgs)
	}
	update := func(op, members string) {
		t.Helper()
		mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange>`+itemID(id)+`<t:Updates>`+
			`<t:`+op+`><t:FieldURI FieldURI="distributionlist:Members"/><t:DistributionList><t:Members>`+members+`</t:Members></t:DistributionList></t:`+op+`>`+
			`</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	}
	update("AppendToItemField", `<t:Member><t:Mailbox><t:EmailAddress>carol@example.org</t:EmailAddress></t:Mailbox></t:Member>`)
	want = append(want, "carol@example.org <carol@example.org> SMTP/OneOff")
	if d := cmp.Diff(want, memberList(getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id), "Members/Member/Mailbox")); d != "" {
		t.Fatalf("after AppendToItemField (-want +got):\n%s", d)
	}
	update("SetItemField", `<t:Member><t:Mailbox><t:Name>Dan</t:Name><t:EmailAddress>dan@example.org</t:EmailAddress></t:Mailbox></t:Member>`)
	if d := cmp.Diff([]string{"Dan <dan@example.org> SMTP/OneOff"}, memberList(getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id), "Members/Member/Mailbox")); d != "" {
		t.Fatalf("after SetItemField (-want +got):\n%s", d)
	}
	// Bad members are per-item errors.
	for _, tc := range []struct{ members, code string }{
		{`<t:Member><t:Mailbox><t:Name>x</t:Name></t:Mailbox></t:Member>`, "ErrorInvalidValueForProperty"},
		{`<t:Member/>`, "ErrorInvalidValueForProperty"},
		{`<t:Member><t:Mailbox><t:ItemId Id="` + id + `"/></t:Mailbox></t:Member>`, "ErrorInvalidOperation"},
	} {
		_, msgs := messages(e.call(`<m:CreateItem><m:Items><t:DistributionList><t:DisplayName>x</t:DisplayName><t:Members>` + tc.members +
			`</t:Members></t:DistributionList></m:Items></m:CreateItem>`))
		if len(msgs) != 1 || msgs[0].Code != tc.code {
			t.Errorf("%s: %+v, want %s", tc.members, msgs, tc.code)
		}
	}
	// The 15,000-byte bound of [MS-OXOCNTC] 2.2.2.2.1.
	big := ""
	for i := 0; i < 300; i++ {
		big += `<t:Member><t:Mailbox><t:EmailAddress>member` + itoa(i) + `@a-rather-long-domain-name.example.org</t:EmailAddress></t:Mailbox></t:Member>`
	}
	_, msgs = messages(e.call(`<m:CreateItem><m:Items><t:DistributionList><t:DisplayName>big</t:DisplayName><t:Members>` + big + `</t:Members></t:DistributionList></m:Items></m:CreateItem>`))
	if len(msgs) != 1 || msgs[0].Code != "ErrorInvalidValueForProperty" {
		t.Fatalf("oversized list: %+v", msgs)
	}
}

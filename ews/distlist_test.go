package ews

import (
	"encoding/base64"
	"hash/crc32"
	"strconv"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

func memberList(e *etree.Element, path string) []string {
	var out []string
	for _, m := range e.FindElements(path) {
		v := text(m, "Name") + " <" + text(m, "EmailAddress") + "> " + text(m, "RoutingType") + "/" + text(m, "MailboxType")
		if id, _ := idOf(m, "ItemId"); id != "" {
			v += " " + id
		}
		out = append(out, v)
	}
	return out
}

// TestDistributionList checks personal distribution lists ([MS-OXWSDLIST],
// [MS-OXOCNTC] 2.2.2): CreateItem with Members (an address, a contact's
// ItemId as a WrappedEntryId, a nested list), GetItem, UpdateItem
// AppendToItemField and SetItemField of distributionlist:Members,
// ExpandDL of the list's ItemId.
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
	want := []string{"Bob <bob@example.org> SMTP/OneOff", "Jane Doe <jane@example.net> SMTP/Contact " + contact}
	if dl.Tag != "DistributionList" || text(dl, "DisplayName") != "Team" || text(dl, "FileAs") != "Team" || text(dl, "ItemClass") != "IPM.DistList" {
		t.Fatalf("GetItem: %s %q %q %q", dl.Tag, text(dl, "DisplayName"), text(dl, "FileAs"), text(dl, "ItemClass"))
	}
	if d := cmp.Diff(want, memberList(dl, "Members/Member/Mailbox")); d != "" {
		t.Fatalf("members (-want +got):\n%s", d)
	}
	// [MS-OXOCNTC] 2.2.2.2: the address is a one-off entry ID, the contact a
	// WrappedEntryId (Type 0xC3: contact, Email1) of its message entry ID,
	// the checksum the CRC-32 of the members.
	x := getItem(t, e, `<t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>`+
		`<t:ExtendedFieldURI DistinguishedPropertySetId="Address" PropertyId="32853" PropertyType="BinaryArray"/>`+
		`<t:ExtendedFieldURI DistinguishedPropertySetId="Address" PropertyId="32844" PropertyType="Integer"/></t:AdditionalProperties>`, id)
	var members [][]byte
	var all []byte
	checksum := ""
	for _, p := range x.SelectElements("ExtendedProperty") {
		if p.FindElement("ExtendedFieldURI").SelectAttrValue("PropertyId", "") == "32844" {
			checksum = text(p, "Value")
			continue
		}
		for _, v := range p.FindElements("Values/Value") {
			b, _ := base64.StdEncoding.DecodeString(v.Text())
			members = append(members, b)
			all = append(all, b...)
		}
	}
	if len(members) != 2 {
		t.Fatalf("%d member entry IDs", len(members))
	}
	if one, err := mapi.ParseOneOffEntryID(members[0]); err != nil || one.EmailAddress != "bob@example.org" {
		t.Fatalf("member 0 is not bob's one-off entry ID: %v", err)
	}
	w := members[1]
	if len(w) != 21+70 || w[20] != 0xC3 || [16]byte(w[4:20]) != wrappedProvider {
		t.Fatalf("member 1 is not a WrappedEntryId of a contact's Email1: % x", w)
	}
	cid, _ := ParseObjectID(contact)
	if me, err := mapi.ParseMessageEntryID(w[21:]); err != nil || store.MakeMID(me.MessageGlobalCounter) != cid.Message {
		t.Fatalf("embedded message entry ID does not name the contact: %v", err)
	}
	if checksum != strconv.FormatInt(int64(int32(crc32.ChecksumIEEE(all))), 10) {
		t.Fatalf("checksum %s, want CRC-32 %d", checksum, int32(crc32.ChecksumIEEE(all)))
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
	// A list in a list is a PrivateDL member, not expanded by ExpandDL.
	doc = e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:DistributionList><t:DisplayName>All</t:DisplayName>` +
		`<t:Members><t:Member><t:Mailbox><t:ItemId Id="` + id + `"/></t:Mailbox></t:Member></t:Members></t:DistributionList></m:Items></m:CreateItem>`)
	outer, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	doc = e.call(`<m:ExpandDL><m:Mailbox><t:ItemId Id="` + outer + `"/></m:Mailbox></m:ExpandDL>`)
	if d := cmp.Diff([]string{"Team <> MAPIPDL/PrivateDL " + id}, memberList(mustSuccess(t, doc)[0], "DLExpansion/Mailbox")); d != "" {
		t.Fatalf("ExpandDL of a list of lists (-want +got):\n%s", d)
	}
	// Bad members are per-item errors.
	for _, tc := range []struct{ members, code string }{
		{`<t:Member><t:Mailbox><t:Name>x</t:Name></t:Mailbox></t:Member>`, "ErrorInvalidValueForProperty"},
		{`<t:Member/>`, "ErrorInvalidValueForProperty"},
		{`<t:Member><t:Mailbox><t:ItemId Id="` + board(e) + `"/></t:Mailbox></t:Member>`, "ErrorInvalidValueForProperty"},
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

// board returns the ItemId of a new message, which is neither a contact
// nor a list.
func board(e *env) string {
	doc := e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:Message><t:Subject>not a contact</t:Subject></t:Message></m:Items></m:CreateItem>`)
	id, _ := idOf(doc.Root(), "ItemId")
	return id
}

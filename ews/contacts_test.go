package ews

import (
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
)

func viewContact(c *etree.Element) []string {
	out := []string{c.Tag, text(c, "FileAs"), text(c, "DisplayName"), text(c, "GivenName"), text(c, "Surname"), text(c, "CompanyName"), text(c, "JobTitle")}
	for _, e := range c.FindElements("EmailAddresses/Entry") {
		out = append(out, e.SelectAttrValue("Key", "")+"="+e.Text())
	}
	for _, e := range c.FindElements("PhoneNumbers/Entry") {
		out = append(out, e.SelectAttrValue("Key", "")+"="+e.Text())
	}
	return out
}

func TestContacts(t *testing.T) { testContacts(t, newEnv(t)) }

func testContacts(t *testing.T, e *env) {
	doc := e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId>` + dist("contacts") + `</m:SavedItemFolderId><m:Items><t:Contact>` +
		`<t:FileAs>Doe, Jane</t:FileAs><t:DisplayName>Jane Doe</t:DisplayName><t:GivenName>Jane</t:GivenName><t:CompanyName>Acme</t:CompanyName>` +
		`<t:EmailAddresses><t:Entry Key="EmailAddress1">jane@example.net</t:Entry><t:Entry Key="EmailAddress2">jd@example.org</t:Entry></t:EmailAddresses>` +
		`<t:PhoneNumbers><t:Entry Key="MobilePhone">+1 555 0101</t:Entry><t:Entry Key="BusinessPhone">+1 555 0102</t:Entry></t:PhoneNumbers>` +
		`<t:JobTitle>Engineer</t:JobTitle><t:Surname>Doe</t:Surname></t:Contact></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	c := getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id)
	want := []string{"Contact", "Doe, Jane", "Jane Doe", "Jane", "Doe", "Acme", "Engineer",
		"EmailAddress1=jane@example.net", "EmailAddress2=jd@example.org", "BusinessPhone=+1 555 0102", "MobilePhone=+1 555 0101"}
	if d := cmp.Diff(want, viewContact(c)); d != "" {
		t.Fatal(d)
	}
	// An IndexedFieldURI in AdditionalProperties returns the dictionary.
	c = getItem(t, e, `<t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:IndexedFieldURI FieldURI="contacts:EmailAddress" FieldIndex="EmailAddress1"/></t:AdditionalProperties>`, id)
	if got := c.FindElements("EmailAddresses/Entry"); len(got) != 2 || c.SelectElement("DisplayName") != nil {
		t.Fatalf("indexed shape: %d entries", len(got))
	}
	// Find by an indexed email address.
	doc = e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:Restriction><t:IsEqualTo>` +
		`<t:IndexedFieldURI FieldURI="contacts:EmailAddress" FieldIndex="EmailAddress2"/><t:FieldURIOrConstant><t:Constant Value="jd@example.org"/></t:FieldURIOrConstant></t:IsEqualTo></m:Restriction>` +
		`<m:ParentFolderIds>` + dist("contacts") + `</m:ParentFolderIds></m:FindItem>`)
	found := mustSuccess(t, doc)[0].FindElements("RootFolder/Items/Contact")
	if len(found) != 1 || text(found[0], "DisplayName") != "Jane Doe" {
		t.Fatalf("find: %s", dump(doc))
	}
	// Set one phone, delete one email address.
	mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange>`+itemID(id)+`<t:Updates>`+
		`<t:SetItemField><t:IndexedFieldURI FieldURI="contacts:PhoneNumber" FieldIndex="HomePhone"/><t:Contact><t:PhoneNumbers><t:Entry Key="HomePhone">+1 555 0103</t:Entry></t:PhoneNumbers></t:Contact></t:SetItemField>`+
		`<t:DeleteItemField><t:IndexedFieldURI FieldURI="contacts:EmailAddress" FieldIndex="EmailAddress1"/></t:DeleteItemField>`+
		`<t:SetItemField><t:FieldURI FieldURI="contacts:JobTitle"/><t:Contact><t:JobTitle>Lead</t:JobTitle></t:Contact></t:SetItemField>`+
		`</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	c = getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id)
	want = []string{"Contact", "Doe, Jane", "Jane Doe", "Jane", "Doe", "Acme", "Lead",
		"EmailAddress2=jd@example.org", "BusinessPhone=+1 555 0102", "HomePhone=+1 555 0103", "MobilePhone=+1 555 0101"}
	if d := cmp.Diff(want, viewContact(c)); d != "" {
		t.Fatal(d)
	}
	// Bad keys are per-item errors.
	_, msgs := messages(e.call(`<m:CreateItem><m:Items><t:Contact><t:EmailAddresses><t:Entry Key="EmailAddress9">x@y</t:Entry></t:EmailAddresses></t:Contact></m:Items></m:CreateItem>`))
	if msgs[0].Code != "ErrorInvalidValueForProperty" {
		t.Fatalf("%+v", msgs)
	}
}

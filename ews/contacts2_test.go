package ews

import (
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
)

// contactXView lists the fields of contacts2.go as "name=value" strings
// in document order.
func contactXView(c *etree.Element) []string {
	var out []string
	for _, e := range c.FindElements("PhysicalAddresses/Entry") {
		for _, p := range e.ChildElements() {
			out = append(out, "Address."+e.SelectAttrValue("Key", "")+"."+p.Tag+"="+p.Text())
		}
	}
	for _, e := range c.FindElements("PhoneNumbers/Entry") {
		out = append(out, "Phone."+e.SelectAttrValue("Key", "")+"="+e.Text())
	}
	for _, e := range c.FindElements("Children/String") {
		out = append(out, "Child="+e.Text())
	}
	for _, e := range c.FindElements("Companies/String") {
		out = append(out, "Company="+e.Text())
	}
	for _, e := range c.FindElements("ImAddresses/Entry") {
		out = append(out, "IM."+e.SelectAttrValue("Key", "")+"="+e.Text())
	}
	for _, name := range []string{"Mileage", "PostalAddressIndex", "WeddingAnniversary"} {
		if e := c.SelectElement(name); e != nil {
			out = append(out, name+"="+e.Text())
		}
	}
	return out
}

// TestContactFields checks the t:Contact fields of [MS-OXWSCONT] 2.2.4.2
// that contacts2.go adds: PhysicalAddresses with PostalAddressIndex,
// ImAddresses, Children, Companies, Mileage, WeddingAnniversary and the
// PhoneNumbers keys without an [MS-OXOCNTC] property; CreateItem, GetItem,
// UpdateItem (SetItemField and DeleteItemField with IndexedFieldURI).
func TestContactFields(t *testing.T) { testContactFields(t, newEnv(t)) }

func testContactFields(t *testing.T, e *env) {
	doc := e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId>` + dist("contacts") + `</m:SavedItemFolderId><m:Items><t:Contact>` +
		`<t:DisplayName>Jane Doe</t:DisplayName>` +
		`<t:PhysicalAddresses><t:Entry Key="Business"><t:Street>1 Main St</t:Street><t:City>Springfield</t:City><t:State>IL</t:State>` +
		`<t:CountryOrRegion>USA</t:CountryOrRegion><t:PostalCode>62701</t:PostalCode></t:Entry>` +
		`<t:Entry Key="Home"><t:City>Shelbyville</t:City></t:Entry></t:PhysicalAddresses>` +
		`<t:PhoneNumbers><t:Entry Key="MobilePhone">+1 555 0101</t:Entry><t:Entry Key="BusinessMobile">+1 555 0104</t:Entry><t:Entry Key="Msn">jane@msn.example</t:Entry></t:PhoneNumbers>` +
		`<t:Children><t:String>Ann</t:String><t:String>Bob</t:String></t:Children><t:Companies><t:String>Acme</t:String></t:Companies>` +
		`<t:ImAddresses><t:Entry Key="ImAddress1">jane@im.example</t:Entry><t:Entry Key="ImAddress2">jd@im.example</t:Entry></t:ImAddresses>` +
		`<t:Mileage>120 km</t:Mileage><t:PostalAddressIndex>Business</t:PostalAddressIndex>` +
		`<t:WeddingAnniversary>2015-06-20T00:00:00Z</t:WeddingAnniversary></t:Contact></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	want := []string{
		"Address.Business.Street=1 Main St", "Address.Business.City=Springfield", "Address.Business.State=IL",
		"Address.Business.CountryOrRegion=USA", "Address.Business.PostalCode=62701", "Address.Home.City=Shelbyville",
		"Phone.MobilePhone=+1 555 0101", "Phone.BusinessMobile=+1 555 0104", "Phone.Msn=jane@msn.example",
		"Child=Ann", "Child=Bob", "Company=Acme", "IM.ImAddress1=jane@im.example", "IM.ImAddress2=jd@im.example",
		"Mileage=120 km", "PostalAddressIndex=Business", "WeddingAnniversary=2015-06-20T00:00:00Z",
	}
	c := getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id)
	if d := cmp.Diff(want, contactXView(c)); d != "" {
		t.Fatalf("AllProperties (-want +got):\n%s", d)
	}
	// Schema order: ... EmailAddresses, PhysicalAddresses, PhoneNumbers,
	// ..., Children, Companies, ..., ImAddresses, JobTitle, Manager,
	// Mileage, OfficeLocation, PostalAddressIndex, ..., WeddingAnniversary.
	var order []string
	for _, ch := range c.ChildElements() {
		switch ch.Tag {
		case "DisplayName", "PhysicalAddresses", "PhoneNumbers", "Children", "Companies", "ImAddresses", "Mileage", "PostalAddressIndex", "WeddingAnniversary":
			order = append(order, ch.Tag)
		}
	}
	if d := cmp.Diff([]string{"DisplayName", "PhysicalAddresses", "PhoneNumbers", "Children", "Companies", "ImAddresses", "Mileage", "PostalAddressIndex", "WeddingAnniversary"}, order); d != "" {
		t.Fatalf("element order (-want +got):\n%s", d)
	}
	// Indexed AdditionalProperties.
	c = getItem(t, e, `<t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:IndexedFieldURI FieldURI="contacts:PhysicalAddress:City" FieldIndex="Home"/>`+
		`<t:IndexedFieldURI FieldURI="contacts:ImAddress" FieldIndex="ImAddress1"/></t:AdditionalProperties>`, id)
	if c.SelectElement("PhysicalAddresses") == nil || c.SelectElement("ImAddresses") == nil || c.SelectElement("Mileage") != nil {
		t.Fatalf("indexed shape: %v", contactXView(c))
	}

	// SetItemField of one address part, DeleteItemField of one IM address
	// and of an extra phone key.
	mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange>`+itemID(id)+`<t:Updates>`+
		`<t:SetItemField><t:IndexedFieldURI FieldURI="contacts:PhysicalAddress:Street" FieldIndex="Home"/><t:Contact><t:PhysicalAddresses>`+
		`<t:Entry Key="Home"><t:Street>2 Elm St</t:Street></t:Entry></t:PhysicalAddresses></t:Contact></t:SetItemField>`+
		`<t:DeleteItemField><t:IndexedFieldURI FieldURI="contacts:ImAddress" FieldIndex="ImAddress2"/></t:DeleteItemField>`+
		`<t:DeleteItemField><t:IndexedFieldURI FieldURI="contacts:PhoneNumber" FieldIndex="Msn"/></t:DeleteItemField>`+
		`<t:DeleteItemField><t:IndexedFieldURI FieldURI="contacts:PhysicalAddress:PostalCode" FieldIndex="Business"/></t:DeleteItemField>`+
		`<t:SetItemField><t:FieldURI FieldURI="contacts:PostalAddressIndex"/><t:Contact><t:PostalAddressIndex>Home</t:PostalAddressIndex></t:Contact></t:SetItemField>`+
		`<t:DeleteItemField><t:FieldURI FieldURI="contacts:Children"/></t:DeleteItemField>`+
		`</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	want = []string{
		"Address.Business.Street=1 Main St", "Address.Business.City=Springfield", "Address.Business.State=IL",
		"Address.Business.CountryOrRegion=USA", "Address.Home.Street=2 Elm St", "Address.Home.City=Shelbyville",
		"Phone.MobilePhone=+1 555 0101", "Phone.BusinessMobile=+1 555 0104",
		"Company=Acme", "IM.ImAddress1=jane@im.example",
		"Mileage=120 km", "PostalAddressIndex=Home", "WeddingAnniversary=2015-06-20T00:00:00Z",
	}
	c = getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id)
	if d := cmp.Diff(want, contactXView(c)); d != "" {
		t.Fatalf("after UpdateItem (-want +got):\n%s", d)
	}

	// Bad keys and values are per-item errors.
	for _, bad := range []string{
		`<t:PhysicalAddresses><t:Entry Key="Work"><t:City>x</t:City></t:Entry></t:PhysicalAddresses>`,
		`<t:PhysicalAddresses><t:Entry Key="Home"><t:Planet>x</t:Planet></t:Entry></t:PhysicalAddresses>`,
		`<t:ImAddresses><t:Entry Key="ImAddress4">x</t:Entry></t:ImAddresses>`,
		`<t:PostalAddressIndex>Work</t:PostalAddressIndex>`,
		`<t:WeddingAnniversary>someday</t:WeddingAnniversary>`,
	} {
		_, msgs := messages(e.call(`<m:CreateItem><m:Items><t:Contact>` + bad + `</t:Contact></m:Items></m:CreateItem>`))
		if len(msgs) != 1 || msgs[0].Code != "ErrorInvalidValueForProperty" {
			t.Errorf("%s: %+v", bad, msgs)
		}
	}
}

// TestContactsView checks FindItem with a ContactsView ([MS-OXWSSRCH]
// 2.2.4.4): the contacts whose FileAs lies between InitialName and
// FinalName, in FileAs order, at most MaxEntriesReturned.
func TestContactsView(t *testing.T) { testContactsView(t, newEnv(t)) }

func testContactsView(t *testing.T, e *env) {
	for _, n := range []string{"Miller, Ann", "Adams, Zoe", "Kelly, Ray", "Rachel, Sam", "Smith, Bo", "Baker, Al"} {
		mustSuccess(t, e.call(`<m:CreateItem><m:Items><t:Contact><t:FileAs>`+n+`</t:FileAs><t:DisplayName>`+n+`</t:DisplayName></t:Contact></m:Items></m:CreateItem>`))
	}
	find := func(view string) ([]string, string) {
		doc := e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="contacts:FileAs"/></t:AdditionalProperties></m:ItemShape>` +
			view + `<m:ParentFolderIds>` + dist("contacts") + `</m:ParentFolderIds></m:FindItem>`)
		root := mustSuccess(t, doc)[0].FindElement("RootFolder")
		var out []string
		for _, c := range root.FindElements("Items/Contact") {
			out = append(out, text(c, "FileAs"))
		}
		return out, root.SelectAttrValue("IncludesLastItemInRange", "")
	}
	for _, tc := range []struct {
		view string
		want []string
		last string
	}{
		{`<m:ContactsView InitialName="Kelly" FinalName="Rachel, Sam"/>`, []string{"Kelly, Ray", "Miller, Ann", "Rachel, Sam"}, "true"},
		{`<m:ContactsView InitialName="M"/>`, []string{"Miller, Ann", "Rachel, Sam", "Smith, Bo"}, "true"},
		{`<m:ContactsView FinalName="B"/>`, []string{"Adams, Zoe"}, "true"},
		{`<m:ContactsView MaxEntriesReturned="2"/>`, []string{"Adams, Zoe", "Baker, Al"}, "false"},
	} {
		got, last := find(tc.view)
		if d := cmp.Diff(tc.want, got); d != "" || last != tc.last {
			t.Errorf("%s: IncludesLastItemInRange %s (-want +got):\n%s", tc.view, last, d)
		}
	}
	_, doc := e.postAs(user1, envelope(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ContactsView MaxEntriesReturned="0"/>`+
		`<m:ParentFolderIds>`+dist("contacts")+`</m:ParentFolderIds></m:FindItem>`))
	if faultCode(doc) != "ErrorInvalidPagingMaxRows" {
		t.Fatalf("MaxEntriesReturned=0: %s", dump(doc))
	}
}

// TestUpdateOrder: within one ItemChange, a field deleted and then set
// again (as exchangelib updates indexed fields) is set, and one set and
// then deleted is deleted.
func TestUpdateOrder(t *testing.T) {
	e := newEnv(t)
	doc := e.call(`<m:CreateItem><m:Items><t:Contact><t:DisplayName>x</t:DisplayName><t:JobTitle>Old</t:JobTitle>` +
		`<t:PhysicalAddresses><t:Entry Key="Home"><t:City>A</t:City></t:Entry></t:PhysicalAddresses></t:Contact></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange>`+itemID(id)+`<t:Updates>`+
		`<t:DeleteItemField><t:IndexedFieldURI FieldURI="contacts:PhysicalAddress:City" FieldIndex="Home"/></t:DeleteItemField>`+
		`<t:SetItemField><t:IndexedFieldURI FieldURI="contacts:PhysicalAddress:City" FieldIndex="Home"/><t:Contact><t:PhysicalAddresses>`+
		`<t:Entry Key="Home"><t:City>B</t:City></t:Entry></t:PhysicalAddresses></t:Contact></t:SetItemField>`+
		`<t:SetItemField><t:FieldURI FieldURI="contacts:JobTitle"/><t:Contact><t:JobTitle>New</t:JobTitle></t:Contact></t:SetItemField>`+
		`<t:DeleteItemField><t:FieldURI FieldURI="contacts:JobTitle"/></t:DeleteItemField>`+
		`</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	c := getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id)
	if got := [2]string{text(c, "City"), text(c, "JobTitle")}; got != [2]string{"B", ""} {
		t.Fatalf("City, JobTitle = %q, want B and none", got)
	}
}

// TestContactXRestriction: FindItem restricts and sorts on a physical
// address part and an IM address ([MS-OXWSSRCH] 2.2.4.x IndexedFieldURI).
func TestContactXRestriction(t *testing.T) {
	e := newEnv(t)
	for _, c := range [][3]string{{"A", "Paris", "a@im"}, {"B", "Berlin", "b@im"}, {"C", "Paris", "c@im"}} {
		mustSuccess(t, e.call(`<m:CreateItem><m:Items><t:Contact><t:DisplayName>`+c[0]+`</t:DisplayName><t:PhysicalAddresses><t:Entry Key="Home"><t:City>`+c[1]+
			`</t:City></t:Entry></t:PhysicalAddresses><t:ImAddresses><t:Entry Key="ImAddress1">`+c[2]+`</t:Entry></t:ImAddresses></t:Contact></m:Items></m:CreateItem>`))
	}
	find := func(restriction, sort string) []string {
		doc := e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape>` + restriction + sort +
			`<m:ParentFolderIds>` + dist("contacts") + `</m:ParentFolderIds></m:FindItem>`)
		var out []string
		for _, c := range mustSuccess(t, doc)[0].FindElements("RootFolder/Items/Contact") {
			out = append(out, text(c, "DisplayName"))
		}
		return out
	}
	city := `<t:IndexedFieldURI FieldURI="contacts:PhysicalAddress:City" FieldIndex="Home"/>`
	got := find(`<m:Restriction><t:IsEqualTo>`+city+`<t:FieldURIOrConstant><t:Constant Value="Paris"/></t:FieldURIOrConstant></t:IsEqualTo></m:Restriction>`,
		`<m:SortOrder><t:FieldOrder Order="Descending"><t:FieldURI FieldURI="contacts:DisplayName"/></t:FieldOrder></m:SortOrder>`)
	if d := cmp.Diff([]string{"C", "A"}, got); d != "" {
		t.Fatalf("City = Paris (-want +got):\n%s", d)
	}
	got = find(`<m:Restriction><t:IsEqualTo><t:IndexedFieldURI FieldURI="contacts:ImAddress" FieldIndex="ImAddress1"/><t:FieldURIOrConstant><t:Constant Value="b@im"/></t:FieldURIOrConstant></t:IsEqualTo></m:Restriction>`, "")
	if d := cmp.Diff([]string{"B"}, got); d != "" {
		t.Fatalf("ImAddress1 = b@im (-want +got):\n%s", d)
	}
	got = find("", `<m:SortOrder><t:FieldOrder Order="Ascending">`+city+`</t:FieldOrder><t:FieldOrder Order="Ascending"><t:FieldURI FieldURI="contacts:DisplayName"/></t:FieldOrder></m:SortOrder>`)
	if d := cmp.Diff([]string{"B", "A", "C"}, got); d != "" {
		t.Fatalf("sorted by city (-want +got):\n%s", d)
	}
}

// TestCompleteNameHasPicture checks the read-only t:Contact fields
// CompleteName (from the name parts, [MS-OXOCNTC] 2.2.1.1) and HasPicture
// (PidLidHasPicture, set by a vCard PHOTO).
func TestCompleteNameHasPicture(t *testing.T) {
	e := newEnv(t)
	doc := e.call(`<m:CreateItem><m:Items><t:Contact><t:DisplayName>Dr Ada B Lovelace Jr</t:DisplayName><t:GivenName>Ada</t:GivenName>` +
		`<t:MiddleName>B</t:MiddleName><t:Generation>Jr</t:Generation><t:Surname>Lovelace</t:Surname></t:Contact>` +
		`<t:Contact><t:MimeContent>` + b64("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:P\r\nN:P;;;;\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ==\r\nEND:VCARD\r\n") +
		`</t:MimeContent></t:Contact></m:Items></m:CreateItem>`)
	els := mustSuccess(t, doc)
	id1, _ := idOf(els[0], "ItemId")
	id2, _ := idOf(els[1], "ItemId")
	c := getItem(t, e, `<t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="contacts:CompleteName"/><t:FieldURI FieldURI="contacts:HasPicture"/></t:AdditionalProperties>`, id1)
	var parts []string
	for _, p := range c.FindElements("CompleteName/*") {
		parts = append(parts, p.Tag+"="+p.Text())
	}
	if d := cmp.Diff([]string{"FirstName=Ada", "MiddleName=B", "LastName=Lovelace", "Suffix=Jr", "FullName=Dr Ada B Lovelace Jr"}, parts); d != "" {
		t.Fatalf("CompleteName (-want +got):\n%s", d)
	}
	if text(c, "ContactSource") != "" {
		t.Fatalf("ContactSource in an IdOnly shape")
	}
	if text(c, "HasPicture") != "false" {
		t.Fatalf("HasPicture %q, want false", text(c, "HasPicture"))
	}
	c = getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id2)
	if text(c, "ContactSource") != "Store" {
		t.Fatalf("ContactSource %q, want Store", text(c, "ContactSource"))
	}
	if text(c, "HasPicture") != "true" {
		t.Fatalf("HasPicture of a contact with a PHOTO: %q", text(c, "HasPicture"))
	}
}

package ews

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDumpResponsesDavcal is TestDumpResponses for the responses of
// mimecal.go, contacts2.go, distlist.go and postitem.go: written into
// $EWS_DUMP (as davcal-*.xml) for the interop suite to validate against
// the EWS schemas with xmllint (interop/suites/ews.sh).
func TestDumpResponsesDavcal(t *testing.T) {
	dir := os.Getenv("EWS_DUMP")
	if dir == "" {
		t.Skip("EWS_DUMP not set: only the interop suite (xmllint schema validation) runs this")
	}
	e := newEnv(t)
	create := func(folder, item string) string {
		t.Helper()
		saved := ""
		if folder != "" {
			saved = `<m:SavedItemFolderId>` + dist(folder) + `</m:SavedItemFolderId>`
		}
		doc := e.call(`<m:CreateItem MessageDisposition="SaveOnly" SendMeetingInvitations="SendToNone">` + saved + `<m:Items>` + item + `</m:Items></m:CreateItem>`)
		id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
		return id
	}
	get := func(shape string, ids ...string) string {
		s := `<m:GetItem><m:ItemShape>` + shape + `</m:ItemShape><m:ItemIds>`
		for _, id := range ids {
			s += itemID(id)
		}
		return s + `</m:ItemIds></m:GetItem>`
	}
	all := `<t:BaseShape>AllProperties</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent>`
	cal := create("calendar", `<t:CalendarItem><t:MimeContent>`+b64(berlinSeries)+`</t:MimeContent></t:CalendarItem>`)
	probe := create("", `<t:CalendarItem><t:Subject>probe</t:Subject><t:Start>2027-01-15T10:00:00Z</t:Start><t:End>2027-01-15T11:00:00Z</t:End><t:StartTimeZone Id="GMT Standard Time"/></t:CalendarItem>`)
	con := create("contacts", `<t:Contact><t:FileAs>Doe, Jane</t:FileAs><t:DisplayName>Jane Doe</t:DisplayName><t:EmailAddresses><t:Entry Key="EmailAddress1">jane@example.net</t:Entry></t:EmailAddresses>`+
		`<t:PhysicalAddresses><t:Entry Key="Business"><t:Street>1 Main St</t:Street><t:City>Springfield</t:City><t:State>IL</t:State><t:CountryOrRegion>USA</t:CountryOrRegion><t:PostalCode>62701</t:PostalCode></t:Entry>`+
		`<t:Entry Key="Home"><t:City>Shelbyville</t:City></t:Entry></t:PhysicalAddresses>`+
		`<t:PhoneNumbers><t:Entry Key="MobilePhone">1</t:Entry><t:Entry Key="Msn">m</t:Entry></t:PhoneNumbers><t:Birthday>1990-01-02T00:00:00Z</t:Birthday>`+
		`<t:Children><t:String>Ann</t:String></t:Children><t:Companies><t:String>Acme</t:String></t:Companies>`+
		`<t:ImAddresses><t:Entry Key="ImAddress1">jane@im.example</t:Entry></t:ImAddresses><t:JobTitle>Engineer</t:JobTitle><t:Mileage>12</t:Mileage>`+
		`<t:PostalAddressIndex>Business</t:PostalAddressIndex><t:Surname>Doe</t:Surname><t:WeddingAnniversary>2015-06-20T00:00:00Z</t:WeddingAnniversary></t:Contact>`)
	todo := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTODO\r\nUID:t\r\nSUMMARY:x\r\nDUE;VALUE=DATE:20270120\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
	task := create("", `<t:Task><t:MimeContent>`+b64(todo)+`</t:MimeContent></t:Task>`)
	dl := create("", `<t:DistributionList><t:DisplayName>Team</t:DisplayName><t:FileAs>Team</t:FileAs><t:Members><t:Member><t:Mailbox><t:ItemId Id="`+con+`"/></t:Mailbox></t:Member>`+
		`<t:Member><t:Mailbox><t:Name>Bob</t:Name><t:EmailAddress>bob@example.org</t:EmailAddress></t:Mailbox></t:Member></t:Members></t:DistributionList>`)
	post := create("inbox", `<t:PostItem><t:Subject>Welcome</t:Subject><t:Body BodyType="Text">hi</t:Body></t:PostItem>`)
	reply := create("", `<t:PostReplyItem><t:ReferenceItemId Id="`+post+`"/><t:NewBodyContent BodyType="Text">thanks</t:NewBodyContent></t:PostReplyItem>`)
	reqs := map[string]string{
		"davcal-calendar-mime":  get(all, cal, probe),
		"davcal-contact":        get(all, con),
		"davcal-contact-idonly": get(`<t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:IndexedFieldURI FieldURI="contacts:PhysicalAddress:City" FieldIndex="Home"/><t:FieldURI FieldURI="contacts:Children"/></t:AdditionalProperties>`, con),
		"davcal-task-mime":      get(all, task),
		"davcal-distlist":       get(all, dl),
		"davcal-posts":          get(`<t:BaseShape>AllProperties</t:BaseShape>`, post, reply),
		"davcal-contactsview":   `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ContactsView InitialName="A" FinalName="Z" MaxEntriesReturned="10"/><m:ParentFolderIds>` + dist("contacts") + `</m:ParentFolderIds></m:FindItem>`,
		"davcal-expanddl":       `<m:ExpandDL><m:Mailbox><t:ItemId Id="` + dl + `"/></m:Mailbox></m:ExpandDL>`,
		"davcal-folder-ctag": `<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:ExtendedFieldURI PropertyTag="0x670a" PropertyType="SystemTime"/>` +
			`<t:ExtendedFieldURI PropertyTag="0x6751" PropertyType="Integer"/><t:ExtendedFieldURI PropertyTag="0x10f3" PropertyType="String"/></t:AdditionalProperties></m:FolderShape>` +
			`<m:FolderIds>` + dist("calendar") + dist("contacts") + `</m:FolderIds></m:GetFolder>`,
	}
	for k, v := range reqs {
		_, doc := e.postAs(user1, envelope(v))
		if err := doc.WriteToFile(filepath.Join(dir, k+".xml")); err != nil {
			t.Fatal(err)
		}
	}
}

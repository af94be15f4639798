package ews

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"
)

// TestDumpSearchResponses writes responses of the search and lookup
// operations (QueryString, GroupBy, the full GetServerTimeZones list,
// availability with working hours and suggestions, bodies and headers)
// into $EWS_DUMP for the interop suite's xmllint schema validation.
func TestDumpSearchResponses(t *testing.T) {
	dir := os.Getenv("EWS_DUMP")
	if dir == "" {
		t.Skip("EWS_DUMP not set: only the interop suite (xmllint schema validation) runs this")
	}
	e := newEnv(t)
	searchFixture(t, e)
	id, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:MimeContent>`+base64.StdEncoding.EncodeToString([]byte(headerMIME))+`</t:MimeContent>`)
	createEvent(t, e, user2, "b", "2030-07-15T09:00:00Z", "2030-07-15T10:00:00Z", "Busy")
	con := e.call(`<m:CreateItem><m:SavedItemFolderId>` + dist("contacts") + `</m:SavedItemFolderId><m:Items><t:Contact><t:FileAs>Lovelace, Ada</t:FileAs><t:DisplayName>Ada Lovelace</t:DisplayName><t:GivenName>Ada</t:GivenName>` +
		`<t:EmailAddresses><t:Entry Key="EmailAddress1">ada@example.org</t:Entry></t:EmailAddresses><t:Surname>Lovelace</t:Surname></t:Contact></m:Items></m:CreateItem>`)
	conID, _ := idOf(con.Root(), "ItemId")
	group := `<m:GroupBy Order="Descending"><t:FieldURI FieldURI="message:ConversationTopic"/><t:AggregateOn Aggregate="Maximum"><t:FieldURI FieldURI="item:DateTimeReceived"/></t:AggregateOn></m:GroupBy>`
	reqs := map[string]string{
		"search-querystring": `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:IndexedPageItemView MaxEntriesReturned="10" Offset="0" BasePoint="Beginning"/>` +
			`<m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds><m:QueryString ResetCache="true" ReturnHighlightTerms="true">quarterly OR received:2024-01-15</m:QueryString></m:FindItem>`,
		"search-querystring-bad": `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds><m:QueryString>folder:inbox</m:QueryString></m:FindItem>`,
		"search-groupby": `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:IndexedPageItemView MaxEntriesReturned="3" Offset="0" BasePoint="Beginning"/>` +
			group + `<m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds></m:FindItem>`,
		"search-distinguishedgroupby": `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:DistinguishedGroupBy Order="Ascending"><t:StandardGroupBy>ConversationTopic</t:StandardGroupBy></m:DistinguishedGroupBy>` +
			`<m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds></m:FindItem>`,
		"search-timezones-full":  `<m:GetServerTimeZones ReturnFullTimeZoneData="true"/>`,
		"search-timezones-short": `<m:GetServerTimeZones ReturnFullTimeZoneData="false"/>`,
		"search-availability": availReq(westEurope, fbOptions("2030-07-15T00:00:00", "2030-07-16T00:00:00", "DetailedMerged")+
			suggOptions(`<t:GoodThreshold>25</t:GoodThreshold><t:MaximumResultsByDay>4</t:MaximumResultsByDay><t:MaximumNonWorkHourResultsByDay>1</t:MaximumNonWorkHourResultsByDay><t:MeetingDurationInMinutes>60</t:MeetingDurationInMinutes><t:MinimumSuggestionQuality>Poor</t:MinimumSuggestionQuality>`,
				"2030-07-15T00:00:00", "2030-07-17T00:00:00"), user1, user2, "nobody@example.com"),
		"search-suggestions-only": availReq("", suggOptions("", "2030-07-15T00:00:00Z", "2030-07-16T00:00:00Z"), user2),
		"search-bodies": `<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape><t:BodyType>HTML</t:BodyType><t:UniqueBodyType>HTML</t:UniqueBodyType><t:NormalizedBodyType>Text</t:NormalizedBodyType><t:FilterHtmlContent>true</t:FilterHtmlContent>` +
			`<t:AdditionalProperties><t:FieldURI FieldURI="item:InternetMessageHeaders"/><t:FieldURI FieldURI="item:UniqueBody"/><t:FieldURI FieldURI="item:NormalizedBody"/><t:FieldURI FieldURI="item:TextBody"/></t:AdditionalProperties></m:ItemShape>` +
			`<m:ItemIds>` + itemID(id) + `</m:ItemIds></m:GetItem>`,
		"search-header": `<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:IndexedFieldURI FieldURI="item:InternetMessageHeader" FieldIndex="X-Tracking"/></t:AdditionalProperties></m:ItemShape>` +
			`<m:ItemIds>` + itemID(id) + `</m:ItemIds></m:GetItem>`,
	}
	reqs["search-findpeople-contacts"] = `<m:FindPeople Traversal="Shallow"><m:PersonaShape><t:BaseShape>Default</t:BaseShape></m:PersonaShape><m:IndexedPageItemView MaxEntriesReturned="10" Offset="0" BasePoint="Beginning"/>` +
		`<m:ParentFolderId>` + dist("contacts") + `</m:ParentFolderId><m:QueryString>ada</m:QueryString></m:FindPeople>`
	reqs["search-findpeople-directory"] = `<m:FindPeople><m:IndexedPageItemView MaxEntriesReturned="10" Offset="0" BasePoint="Beginning"/><m:QueryString>user</m:QueryString></m:FindPeople>`
	reqs["search-getpersona"] = `<m:GetPersona><m:PersonaId Id="` + conID + `"/></m:GetPersona>`
	reqs["search-getpersona-missing"] = `<m:GetPersona><m:PersonaId Id="AAAAAAAAAAAAAAAAAAAAAA=="/></m:GetPersona>`
	reqs["search-softdeleted"] = `<m:FindItem Traversal="SoftDeleted"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds></m:FindItem>`
	gone, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>gone</t:Subject>`)
	mustSuccess(t, e.call(`<m:DeleteItem DeleteType="SoftDelete"><m:ItemIds>`+itemID(gone)+`</m:ItemIds></m:DeleteItem>`))
	for k, v := range reqs {
		_, doc := e.postAs(user1, envelope(v))
		if err := doc.WriteToFile(filepath.Join(dir, k+".xml")); err != nil {
			t.Fatal(err)
		}
	}
}

package ews

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDumpSearch2Responses writes responses of FindFolder
// Traversal="SoftDeleted", GetFolder and GetItem of soft-deleted folders
// and items, UniqueBody and
// TextBody of an HTML reply, and GroupSummary (Exchange2013 and
// Exchange2010 requests) into $EWS_DUMP for the interop suite's xmllint
// schema validation.
func TestDumpSearch2Responses(t *testing.T) {
	dir := os.Getenv("EWS_DUMP")
	if dir == "" {
		t.Skip("EWS_DUMP not set: only the interop suite (xmllint schema validation) runs this")
	}
	e := newEnv(t)
	folder, _ := createFolder(t, e, dist("inbox"), "Soft")
	createFolder(t, e, fid(folder), "Soft child")
	inFolder, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, fid(folder), `<t:Subject>in folder</t:Subject>`)
	soft, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>soft</t:Subject>`)
	mustSuccess(t, e.call(`<m:DeleteItem DeleteType="SoftDelete"><m:ItemIds>`+itemID(soft)+`</m:ItemIds></m:DeleteItem>`))
	mustSuccess(t, e.call(`<m:DeleteFolder DeleteType="SoftDelete"><m:FolderIds>`+fid(folder)+`</m:FolderIds></m:DeleteFolder>`))
	reply, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:MimeContent>`+base64.StdEncoding.EncodeToString([]byte(
		"From: Bob <bob@example.net>\r\nTo: user1@example.com\r\nSubject: RE: Plan\r\nMessage-ID: <r2@example.net>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n"+
			gmailReply+"\r\n"))+`</t:MimeContent>`)
	createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>Plan</t:Subject><t:IsRead>false</t:IsRead>`)
	group := `<m:DistinguishedGroupBy Order="Descending"><t:StandardGroupBy>ConversationTopic</t:StandardGroupBy></m:DistinguishedGroupBy>`
	reqs := map[string]struct{ version, body string }{
		"search2-findfolder-softdeleted": {"Exchange2016", `<m:FindFolder Traversal="SoftDeleted"><m:FolderShape><t:BaseShape>AllProperties</t:BaseShape></m:FolderShape><m:ParentFolderIds>` + dist("inbox") + fid(folder) + `</m:ParentFolderIds></m:FindFolder>`},
		"search2-getfolder-softdeleted":  {"Exchange2016", `<m:GetFolder><m:FolderShape><t:BaseShape>AllProperties</t:BaseShape></m:FolderShape><m:FolderIds>` + fid(folder) + `</m:FolderIds></m:GetFolder>`},
		"search2-getitem-softdeleted":    {"Exchange2016", `<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds>` + itemID(soft) + itemID(inFolder) + `</m:ItemIds></m:GetItem>`},
		"search2-uniquebody": {"Exchange2016", `<m:GetItem><m:ItemShape><t:BaseShape>Default</t:BaseShape><t:BodyType>Text</t:BodyType><t:UniqueBodyType>HTML</t:UniqueBodyType><t:AdditionalProperties>` +
			`<t:FieldURI FieldURI="item:UniqueBody"/><t:FieldURI FieldURI="item:TextBody"/></t:AdditionalProperties></m:ItemShape><m:ItemIds>` + itemID(reply) + `</m:ItemIds></m:GetItem>`},
		"search2-groupsummary-2013": {"Exchange2013_SP1", `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>` + group + `<m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds></m:FindItem>`},
		"search2-groupsummary-2010": {"Exchange2010_SP2", `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>` + group + `<m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds></m:FindItem>`},
	}
	for k, r := range reqs {
		_, doc := e.postAs(user1, strings.Replace(envelope(r.body), `Version="Exchange2016"`, `Version="`+r.version+`"`, 1))
		mustSuccess(t, doc)
		if err := doc.WriteToFile(filepath.Join(dir, k+".xml")); err != nil {
			t.Fatal(err)
		}
	}
}

package ews

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/beevik/etree"
)

// TestDumpSendAsResponses writes the responses of sending as another
// recipient (sendas.go) into $EWS_DUMP (as sendas-*.xml) for the interop
// suite's xmllint schema validation: CreateItem, SendItem and UpdateItem
// sending as user1, the refused send, and GetItem of what the recipient
// and the principal's Sent Items hold.
func TestDumpSendAsResponses(t *testing.T) {
	dir := os.Getenv("EWS_DUMP")
	if dir == "" {
		t.Skip("EWS_DUMP not set: only the interop suite (xmllint schema validation) runs this")
	}
	e := newEnv(t)
	addUser3(t, e)
	grantSendAs(e, map[string]string{user1: user2})
	e.h.SentCopyForPrincipal = func(context.Context, string) (bool, bool) { return true, true }
	write := func(name string, doc *etree.Document) {
		t.Helper()
		if err := doc.WriteToFile(filepath.Join(dir, "sendas-"+name+".xml")); err != nil {
			t.Fatal(err)
		}
	}
	post := func(name, user, op string, ok bool) *etree.Document {
		t.Helper()
		code, doc := e.postAs(user, envelope(op))
		if code != 200 {
			t.Fatalf("%s: HTTP %d", name, code)
		}
		if ok {
			mustSuccess(t, doc)
		}
		write(name, doc)
		return doc
	}
	post("createitem", user2, sendAsOp("SendAndSaveCopy", "", fromUser1, "as the boss"), true)
	post("denied", user3, sendAsOp("SendOnly", "", fromUser1, "x"), false)
	doc := post("draft", user2, `<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:Message><t:Subject>draft</t:Subject>`+fromUser1+toUser3+`</t:Message></m:Items></m:CreateItem>`, true)
	id, _ := idOf(doc.Root(), "ItemId")
	post("senditem", user2, `<m:SendItem SaveItemToFolder="true"><m:ItemIds>`+itemID(id)+`</m:ItemIds></m:SendItem>`, true)
	doc = post("draft2", user2, `<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:Message><t:Subject>draft2</t:Subject>`+fromUser1+toUser3+`</t:Message></m:Items></m:CreateItem>`, true)
	id, _ = idOf(doc.Root(), "ItemId")
	post("updateitem", user2, `<m:UpdateItem MessageDisposition="SendOnly" ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange>`+itemID(id)+
		`<t:Updates><t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:Message><t:Subject>updated</t:Subject></t:Message></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`, true)
	get := func(name, user, folder string) {
		t.Helper()
		id, _ := idOf(findItemsAs(t, e, user, folder, "")[0], "ItemId")
		post(name, user, `<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent>`+
			`<t:AdditionalProperties><t:FieldURI FieldURI="message:Sender"/></t:AdditionalProperties></m:ItemShape><m:ItemIds>`+itemID(id)+`</m:ItemIds></m:GetItem>`, true)
	}
	get("getitem-recipient", user3, "inbox")
	get("getitem-principal-sent", user1, "sentitems")
	get("getitem-sender-sent", user2, "sentitems")
}

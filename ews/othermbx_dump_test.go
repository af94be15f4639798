package ews

import (
	"testing"

	"github.com/beevik/etree"
)

// otherDumps adds the responses of the other-mailbox and on-behalf
// operations to TestDumpResponses (validated against the schemas by
// interop/suites/ews.sh): user2 is user1's delegate with Editor on
// user1's Inbox and Calendar.
func otherDumps(t *testing.T, e *env, write func(name string, doc *etree.Document)) {
	addUser3(t, e)
	addDelegate2(t, e, `<t:CalendarFolderPermissionLevel>Editor</t:CalendarFolderPermissionLevel><t:InboxFolderPermissionLevel>Editor</t:InboxFolderPermissionLevel>`)
	id1, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>boss</t:Subject>`)
	inbox, _ := idOf(e.call(getFolderOp("IdOnly", dist("inbox"))).Root(), "FolderId")
	f := createFolderAs(t, e, user1, dist("inbox"), "Shared", mailPerm(user2, "Owner"))
	steps := []struct{ name, body string }{
		{"other-synchier", `<m:SyncFolderHierarchy><m:FolderShape><t:BaseShape>AllProperties</t:BaseShape></m:FolderShape><m:SyncFolderId>` + mbDist("msgfolderroot", user1) + `</m:SyncFolderId></m:SyncFolderHierarchy>`},
		{"other-copyitem", `<m:CopyItem><m:ToFolderId>` + dist("drafts") + `</m:ToFolderId><m:ItemIds>` + itemID(id1) + `</m:ItemIds></m:CopyItem>`},
		{"other-moveitem", `<m:MoveItem><m:ToFolderId>` + dist("inbox") + `</m:ToFolderId><m:ItemIds>` + itemID(id1) + itemID("AAAA") + `</m:ItemIds></m:MoveItem>`},
		{"other-copyfolder", `<m:CopyFolder><m:ToFolderId>` + dist("msgfolderroot") + `</m:ToFolderId><m:FolderIds>` + fid(f) + `</m:FolderIds></m:CopyFolder>`},
		{"other-movefolder", `<m:MoveFolder><m:ToFolderId>` + dist("drafts") + `</m:ToFolderId><m:FolderIds>` + fid(f) + `</m:FolderIds></m:MoveFolder>`},
		{"other-subscribe", `<m:Subscribe><m:PullSubscriptionRequest><t:FolderIds>` + mbDist("inbox", user1) + `</t:FolderIds><t:EventTypes><t:EventType>CreatedEvent</t:EventType></t:EventTypes><t:Timeout>5</t:Timeout></m:PullSubscriptionRequest></m:Subscribe>`},
		{"other-convertid", `<m:ConvertId DestinationFormat="EntryId"><m:SourceIds><t:AlternateId Format="EwsId" Id="` + inbox + `" Mailbox="` + user2 + `"/></m:SourceIds></m:ConvertId>`},
		{"onbehalf-send", `<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:Items><t:Message><t:Subject>for the boss</t:Subject>` + fromUser1 + toUser3 + `</t:Message></m:Items></m:CreateItem>`},
	}
	for _, s := range steps {
		_, doc := e.postAs(user2, envelope(s.body))
		write(s.name+".xml", doc)
	}
	// What the recipient sees, and a refused send.
	id, _ := idOf(findItemsAs(t, e, user3, "inbox", "")[0], "ItemId")
	_, doc := e.postAs(user3, envelope(`<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds>`+itemID(id)+`</m:ItemIds></m:GetItem>`))
	write("onbehalf-getitem.xml", doc)
	_, doc = e.postAs(user3, envelope(`<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>x</t:Subject>`+fromUser1+toUser3+`</t:Message></m:Items></m:CreateItem>`))
	write("onbehalf-denied.xml", doc)
}

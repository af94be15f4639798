package ews

import (
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
)

// permView is the part of a t:Permission / t:CalendarPermission the
// tests compare.
type permView struct {
	User, Level, Read, Edit, Delete string
	Create, Sub, Owner, Visible     string
}

func viewPerms(f *etree.Element) []permView {
	var out []permView
	ps := f.SelectElement("PermissionSet")
	if ps == nil {
		return nil
	}
	for _, arr := range ps.ChildElements() {
		for _, p := range arr.ChildElements() {
			u := text(p, "PrimarySmtpAddress")
			if u == "" {
				u = text(p, "DistinguishedUser")
			}
			lvl := text(p, "PermissionLevel")
			if lvl == "" {
				lvl = "cal:" + text(p, "CalendarPermissionLevel")
			}
			out = append(out, permView{User: u, Level: lvl, Read: text(p, "ReadItems"), Edit: text(p, "EditItems"), Delete: text(p, "DeleteItems"),
				Create: text(p, "CanCreateItems"), Sub: text(p, "CanCreateSubFolders"), Owner: text(p, "IsFolderOwner"), Visible: text(p, "IsFolderVisible")})
		}
	}
	return out
}

// mbDist is a DistinguishedFolderId in owner's mailbox.
func mbDist(name, owner string) string {
	return `<t:DistinguishedFolderId Id="` + name + `"><t:Mailbox><t:EmailAddress>` + owner + `</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>`
}

// setPerms replaces the permissions of folder (as user1) with the given
// t:Permission/t:CalendarPermission elements.
func setPerms(t *testing.T, e *env, folder string, calendar bool, perms string) *etree.Document {
	t.Helper()
	arr, el := "Permissions", "Folder"
	if calendar {
		arr, el = "CalendarPermissions", "CalendarFolder"
	}
	return e.call(`<m:UpdateFolder><m:FolderChanges><t:FolderChange>` + folder + `<t:Updates><t:SetFolderField><t:FieldURI FieldURI="folder:PermissionSet"/>` +
		`<t:` + el + `><t:PermissionSet><t:` + arr + `>` + perms + `</t:` + arr + `></t:PermissionSet></t:` + el + `></t:SetFolderField></t:Updates></t:FolderChange></m:FolderChanges></m:UpdateFolder>`)
}

func calPerm(user, level string) string {
	return `<t:CalendarPermission><t:UserId><t:PrimarySmtpAddress>` + user + `</t:PrimarySmtpAddress></t:UserId><t:CalendarPermissionLevel>` + level + `</t:CalendarPermissionLevel></t:CalendarPermission>`
}

func folderPermsAs(t *testing.T, e *env, user, folder string) []permView {
	t.Helper()
	doc := e.callAs(user, `<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="folder:PermissionSet"/></t:AdditionalProperties></m:FolderShape><m:FolderIds>`+folder+`</m:FolderIds></m:GetFolder>`)
	return viewPerms(mustSuccess(t, doc)[0].FindElement("Folders/*"))
}

// TestPermissionSet covers GetFolder/UpdateFolder/CreateFolder with
// folder:PermissionSet ([MS-OXWSFOLD] 2.2.4.13 PermissionSetType, 2.2.4.4
// CalendarPermissionSetType).
func TestPermissionSet(t *testing.T) { testPermissionSet(t, newEnv(t)) }

func testPermissionSet(t *testing.T, e *env) {
	def := permView{User: "Default", Level: "cal:None", Read: "None", Edit: "None", Delete: "None", Create: "false", Sub: "false", Owner: "false", Visible: "false"}
	anon := def
	anon.User = "Anonymous"
	if d := cmp.Diff([]permView{def, anon}, folderPermsAs(t, e, user1, dist("calendar"))); d != "" {
		t.Errorf("fresh calendar: %s", d)
	}
	// AllProperties includes it too.
	doc := e.call(getFolderOp("AllProperties", dist("calendar")))
	if got := viewPerms(mustSuccess(t, doc)[0].FindElement("Folders/CalendarFolder")); len(got) != 2 {
		t.Errorf("AllProperties: %+v", got)
	}

	mustSuccess(t, setPerms(t, e, dist("calendar"), true, calPerm(user2, "Reviewer")+
		`<t:CalendarPermission><t:UserId><t:DistinguishedUser>Default</t:DistinguishedUser></t:UserId><t:CalendarPermissionLevel>FreeBusyTimeOnly</t:CalendarPermissionLevel></t:CalendarPermission>`))
	def.Level, def.Read = "cal:FreeBusyTimeOnly", "TimeOnly"
	rev := permView{User: user2, Level: "cal:Reviewer", Read: "FullDetails", Edit: "None", Delete: "None", Create: "false", Sub: "false", Owner: "false", Visible: "true"}
	if d := cmp.Diff([]permView{def, anon, rev}, folderPermsAs(t, e, user1, dist("calendar"))); d != "" {
		t.Errorf("after update: %s", d)
	}

	// Custom rights on a mail folder, built from the individual elements.
	mustSuccess(t, setPerms(t, e, dist("inbox"), false, `<t:Permission><t:UserId><t:PrimarySmtpAddress>`+user2+`</t:PrimarySmtpAddress></t:UserId>`+
		`<t:CanCreateItems>true</t:CanCreateItems><t:IsFolderVisible>true</t:IsFolderVisible><t:EditItems>Owned</t:EditItems><t:DeleteItems>All</t:DeleteItems>`+
		`<t:ReadItems>FullDetails</t:ReadItems><t:PermissionLevel>Custom</t:PermissionLevel></t:Permission>`))
	custom := permView{User: user2, Level: "Custom", Read: "FullDetails", Edit: "Owned", Delete: "All", Create: "true", Sub: "false", Owner: "false", Visible: "true"}
	mdef := permView{User: "Default", Level: "None", Read: "None", Edit: "None", Delete: "None", Create: "false", Sub: "false", Owner: "false", Visible: "false"}
	manon := mdef
	manon.User = "Anonymous"
	if d := cmp.Diff([]permView{mdef, manon, custom}, folderPermsAs(t, e, user1, dist("inbox"))); d != "" {
		t.Errorf("custom: %s", d)
	}
	// Named levels that are spelled out are recognized again: Custom
	// with exactly Author's bits reads back as Author.
	mustSuccess(t, setPerms(t, e, dist("inbox"), false, `<t:Permission><t:UserId><t:PrimarySmtpAddress>`+user2+`</t:PrimarySmtpAddress></t:UserId>`+
		`<t:CanCreateItems>true</t:CanCreateItems><t:IsFolderVisible>true</t:IsFolderVisible><t:EditItems>Owned</t:EditItems><t:DeleteItems>Owned</t:DeleteItems>`+
		`<t:ReadItems>FullDetails</t:ReadItems><t:PermissionLevel>Custom</t:PermissionLevel></t:Permission>`))
	if got := folderPermsAs(t, e, user1, dist("inbox")); len(got) != 3 || got[2].Level != "Author" {
		t.Errorf("custom author: %+v", got)
	}
	// An empty set clears the table.
	mustSuccess(t, setPerms(t, e, dist("inbox"), false, ``))
	if d := cmp.Diff([]permView{mdef, manon}, folderPermsAs(t, e, user1, dist("inbox"))); d != "" {
		t.Errorf("cleared: %s", d)
	}

	// Per-item errors.
	for _, tc := range []struct {
		name, folder string
		calendar     bool
		perms, code  string
	}{
		{"calendar permission on a mail folder", dist("inbox"), true, calPerm(user2, "Reviewer"), "ErrorCannotSetCalendarPermissionOnNonCalendarFolder"},
		{"mail permission on a calendar", dist("calendar"), false, `<t:Permission><t:UserId><t:PrimarySmtpAddress>` + user2 + `</t:PrimarySmtpAddress></t:UserId><t:PermissionLevel>Reviewer</t:PermissionLevel></t:Permission>`, "ErrorCannotSetNonCalendarPermissionOnCalendarFolder"},
		{"duplicate user", dist("calendar"), true, calPerm(user2, "Reviewer") + calPerm("USER2@example.com", "Editor"), "ErrorDuplicateUserIdsSpecified"},
		{"unknown user", dist("calendar"), true, calPerm("nobody@example.com", "Reviewer"), "ErrorInvalidUserInfo"},
		{"bad level", dist("calendar"), true, calPerm(user2, "Boss"), "ErrorInvalidPermissionSettings"},
		{"no user", dist("calendar"), true, `<t:CalendarPermission><t:UserId/><t:CalendarPermissionLevel>Reviewer</t:CalendarPermissionLevel></t:CalendarPermission>`, "ErrorMissingUserIdInformation"},
	} {
		_, msgs := messages(setPerms(t, e, tc.folder, tc.calendar, tc.perms))
		if len(msgs) != 1 || msgs[0].Code != tc.code {
			t.Errorf("%s: %+v, want %s", tc.name, msgs, tc.code)
		}
	}
	// The failed updates changed nothing.
	if d := cmp.Diff([]permView{def, anon, rev}, folderPermsAs(t, e, user1, dist("calendar"))); d != "" {
		t.Errorf("after failed updates: %s", d)
	}

	// QUIRK: exchangelib 4.9's doubled PermissionSet, booleans as 0/1 and
	// CalendarPermissionLevel inside t:Permission.
	doc = e.call(`<m:UpdateFolder><m:FolderChanges><t:FolderChange>` + dist("inbox") + `<t:Updates><t:SetFolderField><t:FieldURI FieldURI="folder:PermissionSet"/>` +
		`<t:Folder><t:PermissionSet><t:PermissionSet><t:Permissions><t:Permission><t:CanCreateItems>1</t:CanCreateItems><t:CanCreateSubfolders>0</t:CanCreateSubfolders>` +
		`<t:IsFolderVisible>1</t:IsFolderVisible><t:EditItems>None</t:EditItems><t:DeleteItems>None</t:DeleteItems><t:ReadItems>None</t:ReadItems>` +
		`<t:UserId><t:PrimarySmtpAddress>` + user2 + `</t:PrimarySmtpAddress></t:UserId><t:CalendarPermissionLevel>Custom</t:CalendarPermissionLevel></t:Permission>` +
		`</t:Permissions></t:PermissionSet></t:PermissionSet></t:Folder></t:SetFolderField></t:Updates></t:FolderChange></m:FolderChanges></m:UpdateFolder>`)
	mustSuccess(t, doc)
	contrib := permView{User: user2, Level: "Contributor", Read: "None", Edit: "None", Delete: "None", Create: "true", Sub: "false", Owner: "false", Visible: "true"}
	if d := cmp.Diff([]permView{mdef, manon, contrib}, folderPermsAs(t, e, user1, dist("inbox"))); d != "" {
		t.Errorf("exchangelib form: %s", d)
	}
	// Anything else in a set is an error, not an empty set.
	doc = e.call(`<m:UpdateFolder><m:FolderChanges><t:FolderChange>` + dist("inbox") + `<t:Updates><t:SetFolderField><t:FieldURI FieldURI="folder:PermissionSet"/>` +
		`<t:Folder><t:PermissionSet><t:Rows/></t:PermissionSet></t:Folder></t:SetFolderField></t:Updates></t:FolderChange></m:FolderChanges></m:UpdateFolder>`)
	if _, msgs := messages(doc); len(msgs) != 1 || msgs[0].Code != "ErrorInvalidPermissionSettings" {
		t.Errorf("unknown element in a set: %+v", msgs)
	}
	if got := folderPermsAs(t, e, user1, dist("inbox")); len(got) != 3 {
		t.Errorf("after a bad set: %+v", got)
	}
	mustSuccess(t, setPerms(t, e, dist("inbox"), false, ``))

	// CreateFolder with a PermissionSet.
	doc = e.call(`<m:CreateFolder><m:ParentFolderId>` + dist("inbox") + `</m:ParentFolderId><m:Folders><t:Folder><t:DisplayName>Shared</t:DisplayName>` +
		`<t:PermissionSet><t:Permissions><t:Permission><t:UserId><t:PrimarySmtpAddress>` + user2 + `</t:PrimarySmtpAddress></t:UserId><t:PermissionLevel>Editor</t:PermissionLevel></t:Permission></t:Permissions></t:PermissionSet>` +
		`</t:Folder></m:Folders></m:CreateFolder>`)
	shared, _ := idOf(mustSuccess(t, doc)[0], "FolderId")
	if got := folderPermsAs(t, e, user1, fid(shared)); len(got) != 3 || got[2].User != user2 || got[2].Level != "Editor" {
		t.Errorf("CreateFolder: %+v", got)
	}
	doc = e.call(`<m:CreateFolder><m:ParentFolderId>` + dist("inbox") + `</m:ParentFolderId><m:Folders><t:Folder><t:DisplayName>Bad</t:DisplayName>` +
		`<t:PermissionSet><t:Permissions>` + calPerm(user2, "Editor") + `</t:Permissions></t:PermissionSet></t:Folder></m:Folders></m:CreateFolder>`)
	if _, msgs := messages(doc); len(msgs) != 1 || msgs[0].Code != "ErrorCannotSetCalendarPermissionOnNonCalendarFolder" {
		t.Errorf("CreateFolder with a bad set: %+v", msgs)
	}
	// ... and the folder was not created.
	doc = e.call(`<m:FindFolder Traversal="Shallow"><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds></m:FindFolder>`)
	var names []string
	for _, f := range mustSuccess(t, doc)[0].FindElements(".//Folders/*") {
		names = append(names, text(f, "DisplayName"))
	}
	if d := cmp.Diff([]string{"Shared"}, names); d != "" {
		t.Errorf("subfolders: %s", d)
	}
}

// TestOtherMailboxAccess covers operations on another user's mailbox
// as the folder permissions allow ([MS-OXCPERM] 2.2.7 rights checked per
// operation).
func TestOtherMailboxAccess(t *testing.T) { testOtherMailboxAccess(t, newEnv(t)) }

func testOtherMailboxAccess(t *testing.T, e *env) {
	codes := func(doc *etree.Document) []string {
		_, msgs := messages(doc)
		var out []string
		for _, m := range msgs {
			out = append(out, m.Code)
		}
		return out
	}
	want := func(what string, doc *etree.Document, codes0 ...string) {
		t.Helper()
		if d := cmp.Diff(codes0, codes(doc)); d != "" {
			t.Errorf("%s: %s\n%s", what, d, dump(doc))
		}
	}
	cal := mbDist("calendar", user1)
	// user1's own appointment.
	doc := e.call(`<m:CreateItem><m:Items><t:CalendarItem><t:Subject>boss</t:Subject><t:Start>2030-01-02T10:00:00Z</t:Start><t:End>2030-01-02T11:00:00Z</t:End></t:CalendarItem></m:Items></m:CreateItem>`)
	bossID, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	findCal := `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/></t:AdditionalProperties></m:ItemShape><m:ParentFolderIds>` + cal + `</m:ParentFolderIds></m:FindItem>`
	createIn := func(folder, subject string) *etree.Document {
		return e.callAs(user2, `<m:CreateItem><m:SavedItemFolderId>`+folder+`</m:SavedItemFolderId><m:Items><t:CalendarItem><t:Subject>`+subject+`</t:Subject><t:Start>2030-01-03T10:00:00Z</t:Start><t:End>2030-01-03T11:00:00Z</t:End></t:CalendarItem></m:Items></m:CreateItem>`)
	}
	update := func(id, subject string) *etree.Document {
		return e.callAs(user2, `<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange>`+itemID(id)+
			`<t:Updates><t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:CalendarItem><t:Subject>`+subject+`</t:Subject></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`)
	}
	getAs := func(user, id string) *etree.Document {
		return e.callAs(user, `<m:GetItem><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ItemIds>`+itemID(id)+`</m:ItemIds></m:GetItem>`)
	}

	attach := func(user, id string) *etree.Document {
		return e.callAs(user, `<m:CreateAttachment><m:ParentItemId Id="`+id+`"/><m:Attachments><t:FileAttachment><t:Name>a.txt</t:Name><t:Content>aGk=</t:Content></t:FileAttachment></m:Attachments></m:CreateAttachment>`)
	}
	doc = attach(user1, bossID)
	attID, _ := idOf(mustSuccess(t, doc)[0], "AttachmentId")
	doc = e.call(`<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds>` + itemID(bossID) + `</m:ItemIds></m:GetItem>`)
	bossID, _ = idOf(mustSuccess(t, doc)[0], "ItemId")
	getAtt := func() *etree.Document {
		return e.callAs(user2, `<m:GetAttachment><m:AttachmentIds><t:AttachmentId Id="`+attID+`"/></m:AttachmentIds></m:GetAttachment>`)
	}

	// Nothing granted: refused.
	want("GetFolder before", e.callAs(user2, getFolderOp("Default", cal)), "ErrorAccessDenied")
	want("FindItem before", e.callAs(user2, findCal), "ErrorAccessDenied")
	want("GetItem before", getAs(user2, bossID), "ErrorAccessDenied")
	want("CreateItem before", createIn(cal, "x"), "ErrorAccessDenied")
	want("GetAttachment before", getAtt(), "ErrorAccessDenied")

	// Reviewer: read only.
	mustSuccess(t, setPerms(t, e, dist("calendar"), true, calPerm(user2, "Reviewer")))
	doc = e.callAs(user2, getFolderOp("AllProperties", cal))
	f := mustSuccess(t, doc)[0].FindElement("Folders/CalendarFolder")
	calID, _ := idOf(f, "FolderId")
	if text(f, "DisplayName") != "Calendar" || f.SelectElement("PermissionSet") != nil ||
		text(f, "Read") != "true" || text(f, "CreateContents") != "false" {
		t.Errorf("GetFolder as reviewer:\n%s", dump(doc))
	}
	doc = e.callAs(user2, findCal)
	items := mustSuccess(t, doc)[0].FindElements(".//Items/CalendarItem")
	if len(items) != 1 || text(items[0], "Subject") != "boss" {
		t.Fatalf("FindItem as reviewer:\n%s", dump(doc))
	}
	// The IDs name user1's mailbox, so they work again as they are.
	foundID, _ := idOf(items[0], "ItemId")
	if foundID != bossID {
		t.Errorf("FindItem ID %s, want %s", foundID, bossID)
	}
	if it := mustSuccess(t, getAs(user2, bossID))[0]; text(it, "Subject") != "boss" {
		t.Errorf("GetItem as reviewer: %s", text(it, "Subject"))
	}
	want("FolderId form", e.callAs(user2, getFolderOp("IdOnly", fid(calID))), "NoError")
	want("CreateItem as reviewer", createIn(cal, "x"), "ErrorAccessDenied")
	want("GetAttachment as reviewer", getAtt(), "NoError")
	want("CreateAttachment as reviewer", attach(user2, bossID), "ErrorAccessDenied")
	want("UpdateItem as reviewer", update(bossID, "y"), "ErrorAccessDenied")
	want("DeleteItem as reviewer", e.callAs(user2, `<m:DeleteItem DeleteType="HardDelete">`+`<m:ItemIds>`+itemID(bossID)+`</m:ItemIds></m:DeleteItem>`), "ErrorAccessDenied")
	want("Inbox not granted", e.callAs(user2, getFolderOp("Default", mbDist("inbox", user1))), "ErrorAccessDenied")
	want("UpdateFolder needs FolderOwner", setPermsAs(t, e, user2, fid(calID), calPerm(user2, "Owner")), "ErrorAccessDenied")

	// Author: create, edit and delete own items only.
	mustSuccess(t, setPerms(t, e, dist("calendar"), true, calPerm(user2, "Author")))
	doc = createIn(cal, "by delegate")
	mineID, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	want("CreateAttachment own as author", attach(user2, mineID), "NoError")
	want("CreateAttachment other's as author", attach(user2, bossID), "ErrorAccessDenied")
	want("UpdateItem own as author", update(mineID, "by delegate, edited"), "NoError")
	want("UpdateItem other's as author", update(bossID, "y"), "ErrorAccessDenied")
	if it := mustSuccess(t, getAs(user1, mineID))[0]; text(it, "Subject") != "by delegate, edited" {
		t.Errorf("the owner sees %q", text(it, "Subject"))
	}
	// Copying into the caller's own mailbox needs ReadAny there
	// (othermbx_move.go); a request mixing mailboxes in other operations
	// is refused as a whole.
	want("CopyItem to the caller's mailbox", e.callAs(user2, `<m:CopyItem><m:ToFolderId>`+dist("calendar")+`</m:ToFolderId><m:ItemIds>`+itemID(bossID)+`</m:ItemIds></m:CopyItem>`), "NoError")
	code, fdoc := e.postAs(user2, envelope(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ParentFolderIds>`+dist("calendar")+cal+`</m:ParentFolderIds></m:FindItem>`))
	if code != 500 || faultCode(fdoc) != "ErrorInvalidOperation" {
		t.Errorf("mixed mailboxes: %d %s", code, faultCode(fdoc))
	}
	// Sending from the other mailbox is sending on behalf of its owner:
	// refused to a user who is not her delegate (onbehalf.go).
	doc = e.callAs(user2, `<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:SavedItemFolderId>`+cal+`</m:SavedItemFolderId><m:Items><t:Message><t:Subject>s</t:Subject>`+recips+`</t:Message></m:Items></m:CreateItem>`)
	want("send from another mailbox", doc, "ErrorSendAsDenied")

	// Editor: edit and delete any.
	mustSuccess(t, setPerms(t, e, dist("calendar"), true, calPerm(user2, "Editor")))
	want("UpdateItem other's as editor", update(bossID, "edited by delegate"), "NoError")
	want("DeleteItem as editor", e.callAs(user2, `<m:DeleteItem DeleteType="HardDelete"><m:ItemIds>`+itemID(mineID)+`</m:ItemIds></m:DeleteItem>`), "NoError")
	want("deleted", getAs(user1, mineID), "ErrorItemNotFound")
	// Copy and move within the other mailbox need Create on the target.
	want("CopyItem within the calendar", e.callAs(user2, `<m:CopyItem><m:ToFolderId>`+cal+`</m:ToFolderId><m:ItemIds>`+itemID(bossID)+`</m:ItemIds></m:CopyItem>`), "NoError")
	want("MoveItem to a folder without rights", e.callAs(user2, `<m:MoveItem><m:ToFolderId>`+mbDist("inbox", user1)+`</m:ToFolderId><m:ItemIds>`+itemID(bossID)+`</m:ItemIds></m:MoveItem>`), "ErrorAccessDenied")
	// SyncFolderItems reads as FindItem does, with IDs of user1's mailbox.
	doc = e.callAs(user2, `<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId>`+cal+`</m:SyncFolderId><m:MaxChangesReturned>10</m:MaxChangesReturned></m:SyncFolderItems>`)
	var synced []string
	for _, c := range mustSuccess(t, doc)[0].FindElements(".//Changes/Create/*/ItemId") {
		synced = append(synced, c.SelectAttrValue("Id", ""))
	}
	if len(synced) != 2 || (synced[0] != bossID && synced[1] != bossID) {
		t.Errorf("SyncFolderItems: %v, want 2 items incl. %s\n%s", synced, bossID, dump(doc))
	}

	// Folder visibility: FindFolder on user1's root lists only visible
	// folders.
	mustSuccess(t, setPerms(t, e, dist("msgfolderroot"), false, `<t:Permission><t:UserId><t:PrimarySmtpAddress>`+user2+`</t:PrimarySmtpAddress></t:UserId>`+
		`<t:IsFolderVisible>true</t:IsFolderVisible><t:PermissionLevel>Custom</t:PermissionLevel></t:Permission>`))
	doc = e.callAs(user2, `<m:FindFolder Traversal="Shallow"><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:ParentFolderIds>`+mbDist("msgfolderroot", user1)+`</m:ParentFolderIds></m:FindFolder>`)
	var names []string
	for _, f := range mustSuccess(t, doc)[0].FindElements(".//Folders/*") {
		names = append(names, text(f, "DisplayName"))
	}
	if d := cmp.Diff([]string{"Calendar"}, names); d != "" {
		t.Errorf("visible folders: %s", d)
	}
	// Unknown mailbox.
	code, fdoc = e.postAs(user2, envelope(getFolderOp("IdOnly", mbDist("calendar", "nobody@example.com"))))
	if code != 500 || faultCode(fdoc) != "ErrorNonExistentMailbox" {
		t.Errorf("unknown mailbox: %d %s", code, faultCode(fdoc))
	}
}

func setPermsAs(t *testing.T, e *env, user, folder, perms string) *etree.Document {
	t.Helper()
	return e.callAs(user, `<m:UpdateFolder><m:FolderChanges><t:FolderChange>`+folder+`<t:Updates><t:SetFolderField><t:FieldURI FieldURI="folder:PermissionSet"/>`+
		`<t:CalendarFolder><t:PermissionSet><t:CalendarPermissions>`+perms+`</t:CalendarPermissions></t:PermissionSet></t:CalendarFolder></t:SetFolderField></t:Updates></t:FolderChange></m:FolderChanges></m:UpdateFolder>`)
}

// TestOtherMailboxByID: a FolderId of another user's mailbox is found
// through the directory by a handler that has not seen that mailbox yet.
func TestOtherMailboxByID(t *testing.T) {
	e := newEnv(t)
	mustSuccess(t, setPerms(t, e, dist("calendar"), true, calPerm(user2, "Reviewer")))
	doc := e.call(getFolderOp("IdOnly", dist("calendar")))
	calID, _ := idOf(mustSuccess(t, doc)[0], "FolderId")
	e.h = &Handler{Store: e.st, Logger: e.h.Logger} // a fresh cache
	doc = e.callAs(user2, getFolderOp("Default", fid(calID)))
	if f := mustSuccess(t, doc)[0].FindElement("Folders/CalendarFolder"); text(f, "DisplayName") != "Calendar" {
		t.Errorf("GetFolder by ID:\n%s", dump(doc))
	}
	// An ID of a mailbox the store does not have stays not found.
	bogus, _ := ParseObjectID(calID)
	bogus.Mailbox[0] ^= 0xff
	if _, msgs := messages(e.callAs(user2, getFolderOp("IdOnly", fid(bogus.String())))); len(msgs) != 1 || msgs[0].Code != "ErrorFolderNotFound" {
		t.Errorf("unknown mailbox ID: %+v", msgs)
	}
}

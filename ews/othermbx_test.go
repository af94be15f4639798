package ews

import (
	"context"
	"slices"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

const user3 = "user3@example.com"

// addUser3 adds a third user with a mailbox.
func addUser3(t *testing.T, e *env) {
	t.Helper()
	ctx := context.Background()
	if err := e.st.PutEntry(ctx, store.DirectoryEntry{Kind: store.EntryUser, SMTPAddress: user3, DisplayName: "User Three", Alias: "user3"}, "secret"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.CreateMailbox(ctx, user3, &store.CreateMailboxOptions{DisplayName: "User Three"}); err != nil {
		t.Fatal(err)
	}
}

// mailboxGUIDOf returns the MailboxGUID of user's mailbox.
func mailboxGUIDOf(t *testing.T, e *env, user string) mapi.GUID {
	t.Helper()
	mb, err := e.st.OpenMailbox(context.Background(), user)
	if err != nil {
		t.Fatal(err)
	}
	return mb.Info().MailboxGUID
}

// idMailboxOf returns the mailbox GUID of an ID's wire form.
func idMailboxOf(t *testing.T, id string) mapi.GUID {
	t.Helper()
	o, err := ParseObjectID(id)
	if err != nil {
		t.Fatalf("ID %q: %v", id, err)
	}
	return o.Mailbox
}

// codes returns the ResponseCodes of a response's messages.
func codes(doc *etree.Document) []string {
	_, msgs := messages(doc)
	var out []string
	for _, m := range msgs {
		out = append(out, m.Code)
	}
	return out
}

// mailPerm is a t:Permission granting user a named level.
func mailPerm(user, level string) string {
	return `<t:Permission><t:UserId><t:PrimarySmtpAddress>` + user + `</t:PrimarySmtpAddress></t:UserId><t:PermissionLevel>` + level + `</t:PermissionLevel></t:Permission>`
}

// createFolderAs creates a folder named name under parent as user and
// returns its ID.
func createFolderAs(t *testing.T, e *env, user, parent, name, perms string) string {
	t.Helper()
	ps := ""
	if perms != "" {
		ps = `<t:PermissionSet><t:Permissions>` + perms + `</t:Permissions></t:PermissionSet>`
	}
	doc := e.callAs(user, `<m:CreateFolder><m:ParentFolderId>`+parent+`</m:ParentFolderId><m:Folders><t:Folder><t:DisplayName>`+name+`</t:DisplayName>`+ps+`</t:Folder></m:Folders></m:CreateFolder>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "FolderId")
	return id
}

// syncView is what a SyncFolderHierarchy answer says, by display name.
type syncView struct {
	Creates, Updates []string
	Deletes          int
}

func syncHierarchyAs(t *testing.T, e *env, user, root, state string) (syncView, string, *etree.Element) {
	t.Helper()
	st := ""
	if state != "" {
		st = `<m:SyncState>` + state + `</m:SyncState>`
	}
	doc := e.callAs(user, `<m:SyncFolderHierarchy><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:SyncFolderId>`+root+`</m:SyncFolderId>`+st+`</m:SyncFolderHierarchy>`)
	msg := mustSuccess(t, doc)[0]
	var v syncView
	for _, ch := range msg.SelectElement("Changes").ChildElements() {
		switch ch.Tag {
		case "Create":
			v.Creates = append(v.Creates, text(ch, "DisplayName"))
		case "Update":
			v.Updates = append(v.Updates, text(ch, "DisplayName"))
		case "Delete":
			v.Deletes++
		}
	}
	slices.Sort(v.Creates)
	slices.Sort(v.Updates)
	return v, text(msg, "SyncState"), msg
}

// addDelegateXML makes user2 a delegate of user1 with the given
// DelegatePermissions.
func addDelegate2(t *testing.T, e *env, perms string) {
	t.Helper()
	mustSuccess(t, e.call(`<m:AddDelegate>`+mailbox1+`<m:DelegateUsers>`+delegateUserXML(user2, `<t:DelegatePermissions>`+perms+`</t:DelegatePermissions>`, ``)+
		`</m:DelegateUsers><m:DeliverMeetingRequests>DelegatesAndMe</m:DeliverMeetingRequests></m:AddDelegate>`))
}

// TestOtherSyncFolderHierarchy: SyncFolderHierarchy on another user's
// mailbox ([MS-OXWSSYNC] 3.1.4.1) lists only the folders the caller may
// see (FolderVisible, [MS-OXCPERM] 2.2.7), with IDs of that mailbox and
// a sync state that belongs to that mailbox.
func TestOtherSyncFolderHierarchy(t *testing.T) { testOtherSyncFolderHierarchy(t, newEnv(t)) }

// TestOtherSyncFolderHierarchyBolt runs TestOtherSyncFolderHierarchy
// over boltstore.
func TestOtherSyncFolderHierarchyBolt(t *testing.T) { testOtherSyncFolderHierarchy(t, newBoltEnv(t)) }

func testOtherSyncFolderHierarchy(t *testing.T, e *env) {
	root := mbDist("msgfolderroot", user1)
	if got := codes(e.callAs(user2, `<m:SyncFolderHierarchy><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:SyncFolderId>`+root+`</m:SyncFolderId></m:SyncFolderHierarchy>`)); !cmp.Equal(got, []string{"ErrorAccessDenied"}) {
		t.Fatalf("before delegation: %v", got)
	}
	addDelegate2(t, e, `<t:CalendarFolderPermissionLevel>Editor</t:CalendarFolderPermissionLevel><t:InboxFolderPermissionLevel>Reviewer</t:InboxFolderPermissionLevel>`)
	createFolderAs(t, e, user1, dist("inbox"), "Hidden", "")
	shared := createFolderAs(t, e, user1, dist("inbox"), "Shared", mailPerm(user2, "Reviewer"))

	v, state, msg := syncHierarchyAs(t, e, user2, root, "")
	if d := cmp.Diff(syncView{Creates: []string{"Calendar", "Inbox", "Shared"}}, v); d != "" {
		t.Fatalf("first sync (-want +got):\n%s", d)
	}
	g1 := mailboxGUIDOf(t, e, user1)
	for _, f := range msg.FindElements(".//FolderId") {
		if idMailboxOf(t, f.SelectAttrValue("Id", "")) != g1 {
			t.Fatalf("folder ID %s is not of user1's mailbox", f.SelectAttrValue("Id", ""))
		}
	}
	// The owner sees her whole hierarchy.
	if own, _, _ := syncHierarchyAs(t, e, user1, dist("msgfolderroot"), ""); !slices.Contains(own.Creates, "Hidden") || !slices.Contains(own.Creates, "Drafts") {
		t.Fatalf("the owner's sync: %+v", own)
	}
	if v, _, _ := syncHierarchyAs(t, e, user2, root, state); !cmp.Equal(v, syncView{}) {
		t.Fatalf("no changes: %+v", v)
	}
	// A rename of a visible folder is an update.
	mustSuccess(t, e.call(`<m:UpdateFolder><m:FolderChanges><t:FolderChange>`+fid(shared)+`<t:Updates><t:SetFolderField><t:FieldURI FieldURI="folder:DisplayName"/><t:Folder><t:DisplayName>Shared2</t:DisplayName></t:Folder></t:SetFolderField></t:Updates></t:FolderChange></m:FolderChanges></m:UpdateFolder>`))
	v, state, _ = syncHierarchyAs(t, e, user2, root, state)
	if d := cmp.Diff(syncView{Updates: []string{"Shared2"}}, v); d != "" {
		t.Fatalf("after rename (-want +got):\n%s", d)
	}
	// A folder the caller no longer sees is reported deleted when it
	// changes; a new hidden folder is not reported.
	mustSuccess(t, setPerms(t, e, fid(shared), false, ``))
	createFolderAs(t, e, user1, dist("inbox"), "Hidden2", "")
	v, state, _ = syncHierarchyAs(t, e, user2, root, state)
	if d := cmp.Diff(syncView{Deletes: 1}, v); d != "" {
		t.Fatalf("after revoking (-want +got):\n%s", d)
	}
	// The state belongs to user1's mailbox: not accepted for user2's own
	// root, and user2's own state not for user1's.
	doc := e.callAs(user2, `<m:SyncFolderHierarchy><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:SyncFolderId>`+dist("msgfolderroot")+`</m:SyncFolderId><m:SyncState>`+state+`</m:SyncState></m:SyncFolderHierarchy>`)
	if got := codes(doc); !cmp.Equal(got, []string{"ErrorInvalidSyncStateData"}) {
		t.Fatalf("state of user1's mailbox on user2's: %v", got)
	}
	_, ownState, _ := syncHierarchyAs(t, e, user2, dist("msgfolderroot"), "")
	doc = e.callAs(user2, `<m:SyncFolderHierarchy><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:SyncFolderId>`+root+`</m:SyncFolderId><m:SyncState>`+ownState+`</m:SyncState></m:SyncFolderHierarchy>`)
	if got := codes(doc); !cmp.Equal(got, []string{"ErrorInvalidSyncStateData"}) {
		t.Fatalf("user2's own state on user1's mailbox: %v", got)
	}
}

// getItemOther returns the item of a GetItem as user (failing on errors).
func getItemOther(t *testing.T, e *env, user, id, add string) *etree.Element {
	t.Helper()
	shape := `<t:BaseShape>Default</t:BaseShape>`
	if add != "" {
		shape += `<t:AdditionalProperties>` + add + `</t:AdditionalProperties>`
	}
	doc := e.callAs(user, `<m:GetItem><m:ItemShape>`+shape+`</m:ItemShape><m:ItemIds>`+itemID(id)+`</m:ItemIds></m:GetItem>`)
	return mustSuccess(t, doc)[0].FindElement("Items/*")
}

func subjectsIn(t *testing.T, e *env, user, folder string) []string {
	t.Helper()
	doc := e.callAs(user, `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ParentFolderIds>`+folder+`</m:ParentFolderIds></m:FindItem>`)
	var out []string
	for _, it := range mustSuccess(t, doc)[0].FindElements("RootFolder/Items/*") {
		out = append(out, text(it, "Subject"))
	}
	slices.Sort(out)
	return out
}

// TestOtherMoveCopyItem: MoveItem and CopyItem between the caller's
// mailbox and another user's ([MS-OXWSCORE] 3.1.4.7, 3.1.4.1), checked on
// both sides: ReadAny (and DeleteAny/DeleteOwned to move) on the source
// folder, Create on the target.
func TestOtherMoveCopyItem(t *testing.T) { testOtherMoveCopyItem(t, newEnv(t)) }

// TestOtherMoveCopyItemBolt runs TestOtherMoveCopyItem over boltstore.
func TestOtherMoveCopyItemBolt(t *testing.T) { testOtherMoveCopyItem(t, newBoltEnv(t)) }

func testOtherMoveCopyItem(t *testing.T, e *env) {
	const namedProp = `<t:ExtendedFieldURI PropertySetId="c11ff724-aa03-4555-9952-8fa248a11c3e" PropertyName="oxkit-x" PropertyType="String"/>`
	// user1's item with a named property (mapped to user2's own IDs when
	// copied).
	id1, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>boss</t:Subject><t:ExtendedProperty>`+namedProp+`<t:Value>named</t:Value></t:ExtendedProperty>`)
	copyTo := func(op, user, to, id string) *etree.Document {
		return e.callAs(user, `<m:`+op+`><m:ToFolderId>`+to+`</m:ToFolderId><m:ItemIds>`+itemID(id)+`</m:ItemIds></m:`+op+`>`)
	}
	if got := codes(copyTo("CopyItem", user2, dist("drafts"), id1)); !cmp.Equal(got, []string{"ErrorAccessDenied"}) {
		t.Fatalf("copy without rights: %v", got)
	}
	mustSuccess(t, setPerms(t, e, dist("inbox"), false, mailPerm(user2, "Reviewer")))
	doc := copyTo("CopyItem", user2, dist("drafts"), id1)
	cid, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	if idMailboxOf(t, cid) != mailboxGUIDOf(t, e, user2) {
		t.Fatalf("the copy's ID is not of user2's mailbox")
	}
	it := getItemOther(t, e, user2, cid, namedProp)
	if text(it, "Subject") != "boss" || text(it, "Value") != "named" {
		t.Fatalf("the copy: %q %q", text(it, "Subject"), text(it, "Value"))
	}
	if got := subjectsIn(t, e, user1, dist("inbox")); !cmp.Equal(got, []string{"boss"}) {
		t.Fatalf("the original after copying: %v", got)
	}
	// Reviewer cannot delete: no move out, and no create: no copy in.
	if got := codes(copyTo("MoveItem", user2, dist("drafts"), id1)); !cmp.Equal(got, []string{"ErrorAccessDenied"}) {
		t.Fatalf("move as reviewer: %v", got)
	}
	if got := codes(copyTo("CopyItem", user2, mbDist("inbox", user1), cid)); !cmp.Equal(got, []string{"ErrorAccessDenied"}) {
		t.Fatalf("copy into a Reviewer folder: %v", got)
	}
	// Editor: move out of and into user1's Inbox.
	mustSuccess(t, setPerms(t, e, dist("inbox"), false, mailPerm(user2, "Editor")))
	doc = copyTo("MoveItem", user2, dist("inbox"), id1)
	mid, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	if got := subjectsIn(t, e, user1, dist("inbox")); len(got) != 0 {
		t.Fatalf("user1's Inbox after the move: %v", got)
	}
	if got := subjectsIn(t, e, user2, dist("inbox")); !cmp.Equal(got, []string{"boss"}) {
		t.Fatalf("user2's Inbox after the move: %v", got)
	}
	if text(getItemOther(t, e, user2, mid, namedProp), "Value") != "named" {
		t.Fatal("the moved item lost its named property")
	}
	doc = copyTo("MoveItem", user2, mbDist("inbox", user1), cid)
	back, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	if idMailboxOf(t, back) != mailboxGUIDOf(t, e, user1) {
		t.Fatal("the moved item's ID is not of user1's mailbox")
	}
	if got := subjectsIn(t, e, user1, dist("inbox")); !cmp.Equal(got, []string{"boss"}) {
		t.Fatalf("user1's Inbox after moving back: %v", got)
	}
	if got := subjectsIn(t, e, user2, dist("drafts")); len(got) != 0 {
		t.Fatalf("user2's Drafts after moving out: %v", got)
	}
	// Moved in by user2: user2 created it there (EditOwned and
	// DeleteOwned apply).
	if b := getItemOther(t, e, user1, back, `<t:ExtendedFieldURI PropertyTag="0x3FF9" PropertyType="Binary"/>`); b == nil || text(b, "Value") == "" {
		t.Fatal("no PidTagCreatorEntryId on the item moved in")
	}
	// Occurrence IDs and unknown mailboxes per item.
	bad := ObjectID{Kind: KindMessage, Mailbox: mapi.GUID{1, 2, 3}, Folder: 1, Message: 2}.String()
	doc = e.callAs(user2, `<m:CopyItem><m:ToFolderId>`+dist("drafts")+`</m:ToFolderId><m:ItemIds>`+itemID(bad)+itemID(back)+`</m:ItemIds></m:CopyItem>`)
	if got := codes(doc); !cmp.Equal(got, []string{"ErrorItemNotFound", "NoError"}) {
		t.Fatalf("mixed item list: %v", got)
	}
}

// TestOtherMoveCopyFolder: MoveFolder and CopyFolder within another
// user's mailbox (CreateSubfolder on the target, FolderOwner to move,
// ReadAny to copy) and between mailboxes ([MS-OXWSFOLD] 3.1.4.7,
// 3.1.4.1).
func TestOtherMoveCopyFolder(t *testing.T) { testOtherMoveCopyFolder(t, newEnv(t)) }

// TestOtherMoveCopyFolderBolt runs TestOtherMoveCopyFolder over
// boltstore.
func TestOtherMoveCopyFolderBolt(t *testing.T) { testOtherMoveCopyFolder(t, newBoltEnv(t)) }

func testOtherMoveCopyFolder(t *testing.T, e *env) {
	a := createFolderAs(t, e, user1, dist("inbox"), "A", mailPerm(user2, "Reviewer"))
	b := createFolderAs(t, e, user1, dist("inbox"), "B", mailPerm(user2, "Reviewer"))
	mustSuccess(t, e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId>`+fid(a)+`</m:SavedItemFolderId><m:Items><t:Message><t:Subject>in A</t:Subject></t:Message></m:Items></m:CreateItem>`))
	// A private item user2 may not see ([MS-OXCMSG] 2.2.1.13).
	doc := e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId>` + fid(a) + `</m:SavedItemFolderId><m:Items><t:Message><t:Subject>private</t:Subject><t:Sensitivity>Private</t:Sensitivity></t:Message></m:Items></m:CreateItem>`)
	private, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	op := func(name, user, to, id string) *etree.Document {
		return e.callAs(user, `<m:`+name+`><m:ToFolderId>`+to+`</m:ToFolderId><m:FolderIds>`+fid(id)+`</m:FolderIds></m:`+name+`>`)
	}
	if got := codes(op("MoveFolder", user2, fid(b), a)); !cmp.Equal(got, []string{"ErrorAccessDenied"}) {
		t.Fatalf("move as reviewer: %v", got)
	}
	if got := codes(op("CopyFolder", user2, fid(b), a)); !cmp.Equal(got, []string{"ErrorAccessDenied"}) {
		t.Fatalf("copy into a folder without CreateSubfolder: %v", got)
	}
	mustSuccess(t, setPerms(t, e, fid(b), false, mailPerm(user2, "PublishingEditor")))
	c := createFolderAs(t, e, user1, dist("inbox"), "C", mailPerm(user2, "PublishingEditor"))
	doc = op("CopyFolder", user2, fid(c), a)
	cp, _ := idOf(mustSuccess(t, doc)[0], "FolderId")
	if idMailboxOf(t, cp) != mailboxGUIDOf(t, e, user1) {
		t.Fatal("the copy's ID is not of user1's mailbox")
	}
	if got := subjectsIn(t, e, user1, fid(cp)); !cmp.Equal(got, []string{"in A", "private"}) {
		t.Fatalf("the copy holds %v", got)
	}
	mustSuccess(t, setPerms(t, e, fid(a), false, mailPerm(user2, "Owner")))
	mustSuccess(t, op("MoveFolder", user2, fid(b), a))
	doc = e.call(`<m:FindFolder Traversal="Shallow"><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:ParentFolderIds>` + fid(b) + `</m:ParentFolderIds></m:FindFolder>`)
	var names []string
	for _, f := range mustSuccess(t, doc)[0].FindElements("RootFolder/Folders/*") {
		names = append(names, text(f, "DisplayName"))
	}
	slices.Sort(names)
	if !cmp.Equal(names, []string{"A"}) {
		t.Fatalf("B holds %v", names)
	}
	// Between mailboxes: copy user1's A into user2's root, then move it
	// (user2 owns A).
	doc = op("CopyFolder", user2, dist("msgfolderroot"), a)
	x, _ := idOf(mustSuccess(t, doc)[0], "FolderId")
	if idMailboxOf(t, x) != mailboxGUIDOf(t, e, user2) {
		t.Fatal("the cross-mailbox copy's ID is not of user2's mailbox")
	}
	if got := subjectsIn(t, e, user2, fid(x)); !cmp.Equal(got, []string{"in A"}) {
		t.Fatalf("the cross-mailbox copy holds %v (the private item stays behind)", got)
	}
	if got := codes(op("MoveFolder", user2, dist("msgfolderroot"), b)); !cmp.Equal(got, []string{"ErrorAccessDenied"}) {
		t.Fatalf("moving a folder user2 does not own: %v", got)
	}
	// Moving would delete the private item user2 cannot take along.
	if got := codes(op("MoveFolder", user2, dist("drafts"), a)); !cmp.Equal(got, []string{"ErrorAccessDenied"}) {
		t.Fatalf("moving a folder with a private item: %v", got)
	}
	doc = e.callAs(user2, `<m:FindFolder Traversal="Shallow"><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:ParentFolderIds>`+dist("drafts")+`</m:ParentFolderIds></m:FindFolder>`)
	if n := len(mustSuccess(t, doc)[0].FindElements("RootFolder/Folders/*")); n != 0 {
		t.Fatalf("a refused move left %d folders behind", n)
	}
	mustSuccess(t, e.call(`<m:DeleteItem DeleteType="HardDelete"><m:ItemIds>`+itemID(private)+`</m:ItemIds></m:DeleteItem>`))
	mustSuccess(t, op("MoveFolder", user2, dist("drafts"), a))
	if got := codes(e.call(getFolderOp("IdOnly", fid(a)))); !cmp.Equal(got, []string{"ErrorFolderNotFound"}) {
		t.Fatalf("A in user1's mailbox after the move: %v", got)
	}
	// Distinguished folders do not move.
	mustSuccess(t, setPerms(t, e, dist("inbox"), false, mailPerm(user2, "Owner")))
	if got := codes(e.callAs(user2, `<m:MoveFolder><m:ToFolderId>`+dist("msgfolderroot")+`</m:ToFolderId><m:FolderIds>`+mbDist("inbox", user1)+`</m:FolderIds></m:MoveFolder>`)); !cmp.Equal(got, []string{"ErrorMoveDistinguishedFolder"}) {
		t.Fatalf("moving user1's Inbox: %v", got)
	}
}

// TestOtherSubscribe: a pull subscription to another user's folder the
// caller may read ([MS-OXWSNTIF] 3.1.4.3) gets that folder's events with
// IDs of that mailbox.
func TestOtherSubscribe(t *testing.T) {
	e := newEnv(t)
	sub := func(folder string) *etree.Document {
		return e.callAs(user2, `<m:Subscribe><m:PullSubscriptionRequest><t:FolderIds>`+folder+`</t:FolderIds><t:EventTypes><t:EventType>CreatedEvent</t:EventType></t:EventTypes><t:Timeout>5</t:Timeout></m:PullSubscriptionRequest></m:Subscribe>`)
	}
	if got := codes(sub(mbDist("inbox", user1))); !cmp.Equal(got, []string{"ErrorAccessDenied"}) {
		t.Fatalf("without rights: %v", got)
	}
	mustSuccess(t, setPerms(t, e, dist("inbox"), false, mailPerm(user2, "Reviewer")))
	doc := sub(mbDist("inbox", user1))
	sid := text(mustSuccess(t, doc)[0], "SubscriptionId")
	createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("drafts"), `<t:Subject>elsewhere</t:Subject>`)
	id, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>watched</t:Subject>`)
	doc = e.callAs(user2, `<m:GetEvents><m:SubscriptionId>`+sid+`</m:SubscriptionId><m:Watermark>`+encodeWatermark(0)+`</m:Watermark></m:GetEvents>`)
	evs := mustSuccess(t, doc)[0].FindElements("Notification/CreatedEvent")
	if len(evs) != 1 {
		t.Fatalf("%d events:\n%s", len(evs), dump(doc))
	}
	got, _ := idOf(evs[0], "ItemId")
	if got != id {
		t.Fatalf("event ItemId %s, want %s", got, id)
	}
	if text(getItemOther(t, e, user2, got, ""), "Subject") != "watched" {
		t.Fatal("the event's item cannot be read by the subscriber")
	}
	// The subscription is the subscriber's: user1 cannot read it.
	if got := codes(e.call(`<m:GetEvents><m:SubscriptionId>` + sid + `</m:SubscriptionId><m:Watermark>` + encodeWatermark(0) + `</m:Watermark></m:GetEvents>`)); !cmp.Equal(got, []string{"ErrorSubscriptionNotFound"}) {
		t.Fatalf("user1 reading user2's subscription: %v", got)
	}
}

// TestOtherConvertID: ConvertId of another mailbox's IDs ([MS-OXWSCORE]
// 3.1.4.3): the answer's Mailbox is the owner's address; IDs of folders
// the caller cannot see are not found.
func TestOtherConvertID(t *testing.T) {
	e := newEnv(t)
	mustSuccess(t, setPerms(t, e, dist("inbox"), false, mailPerm(user2, "Reviewer")))
	inbox, _ := idOf(e.call(getFolderOp("IdOnly", dist("inbox"))).Root(), "FolderId")
	msg, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>s</t:Subject>`)
	drafts, _ := idOf(e.call(getFolderOp("IdOnly", dist("drafts"))).Root(), "FolderId")
	conv := func(from, to, id string) (respMsg, *etree.Element) {
		doc := e.callAs(user2, `<m:ConvertId DestinationFormat="`+to+`"><m:SourceIds><t:AlternateId Format="`+from+`" Id="`+id+`" Mailbox="`+user2+`"/></m:SourceIds></m:ConvertId>`)
		els, msgs := messages(doc)
		return msgs[0], els[0].FindElement("AlternateId")
	}
	for _, id := range []string{inbox, msg} {
		m, alt := conv("EwsId", "HexEntryId", id)
		if m.Code != "NoError" || alt.SelectAttrValue("Mailbox", "") != user1 {
			t.Fatalf("EwsId → HexEntryId: %+v %v", m, alt)
		}
		m, back := conv("HexEntryId", "EwsId", alt.SelectAttrValue("Id", ""))
		if m.Code != "NoError" || back.SelectAttrValue("Id", "") != id || back.SelectAttrValue("Mailbox", "") != user1 {
			t.Fatalf("HexEntryId → EwsId: %+v", m)
		}
	}
	if m, _ := conv("EwsId", "EntryId", drafts); m.Code != "ErrorItemNotFound" {
		t.Fatalf("a folder user2 cannot see: %+v", m)
	}
}

// TestOtherStreaming: a streaming subscription to another user's Inbox
// ([MS-OXWSNTIF] 3.1.4.1 GetStreamingEvents) delivers its events with
// IDs of that mailbox.
func TestOtherStreaming(t *testing.T) {
	e := newEnv(t)
	mustSuccess(t, setPerms(t, e, dist("inbox"), false, mailPerm(user2, "Reviewer")))
	doc := e.callAs(user2, `<m:Subscribe><m:StreamingSubscriptionRequest><t:FolderIds>`+mbDist("inbox", user1)+`</t:FolderIds><t:EventTypes><t:EventType>NewMailEvent</t:EventType></t:EventTypes></m:StreamingSubscriptionRequest></m:Subscribe>`)
	sid := text(mustSuccess(t, doc)[0], "SubscriptionId")
	stream := e.openStream(t, user2, sid)
	next := func() *etree.Document { _, d := stream(); return d }
	if s := text(next().Root(), "ConnectionStatus"); s != "OK" {
		t.Fatalf("first envelope status %q", s)
	}
	// user2 sends to user1: a new mail in user1's Inbox.
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>to one</t:Subject><t:ToRecipients><t:Mailbox><t:EmailAddress>`+user1+`</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message></m:Items></m:CreateItem>`))
	d := next()
	ev := d.FindElement("//Notifications/Notification/NewMailEvent")
	if ev == nil {
		t.Fatalf("notification: %s", dump(d))
	}
	id, _ := idOf(ev, "ItemId")
	if idMailboxOf(t, id) != mailboxGUIDOf(t, e, user1) {
		t.Fatal("the event's ItemId is not of user1's mailbox")
	}
	if text(getItemOther(t, e, user2, id, ""), "Subject") != "to one" {
		t.Fatal("the event's item cannot be read by the subscriber")
	}
}

// TestOtherMoveBadInput: malformed and unknown targets of a request
// naming two mailboxes answer per-item errors.
func TestOtherMoveBadInput(t *testing.T) {
	e := newEnv(t)
	mustSuccess(t, setPerms(t, e, dist("inbox"), false, mailPerm(user2, "Editor")))
	boss, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>boss</t:Subject>`)
	doc := e.callAs(user2, `<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:Message><t:Subject>mine</t:Subject></t:Message></m:Items></m:CreateItem>`)
	mine, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	for _, tc := range []struct {
		name, to, ids string
		want          []string
	}{
		{"malformed target", `<t:FolderId Id="garbage"/>`, itemID(boss) + itemID(mine), []string{"ErrorInvalidIdMalformed", "ErrorInvalidIdMalformed"}},
		{"unknown mailbox", mbDist("inbox", "nobody@example.com"), itemID(mine), []string{"ErrorNonExistentMailbox"}},
		{"occurrence", dist("inbox"), `<t:OccurrenceItemId RecurringMasterId="` + boss + `" InstanceIndex="1"/>` + itemID(boss), []string{"ErrorCalendarCannotMoveOrCopyOccurrence", "NoError"}},
		{"malformed item", mbDist("inbox", user1), itemID("AAAA") + itemID(mine), []string{"ErrorInvalidIdMalformed", "NoError"}},
	} {
		doc := e.callAs(user2, `<m:MoveItem><m:ToFolderId>`+tc.to+`</m:ToFolderId><m:ItemIds>`+tc.ids+`</m:ItemIds></m:MoveItem>`)
		if got := codes(doc); !cmp.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

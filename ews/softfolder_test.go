package ews

import (
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/store"
)

// softFolderView is a folder of a FindFolder Traversal="SoftDeleted"
// answer as the tests compare it.
type softFolderView struct {
	ID, Parent, Name, Class, Children string
}

// TestFindFolderSoftDeleted: Traversal SoftDeleted ([MS-OXWSSRCH]
// FolderQueryTraversalType: "only soft-deleted folders are retrieved",
// shallow) lists what DeleteFolder SoftDelete removed from the parent,
// with its FolderId, properties and subfolders; FindItem SoftDeleted of
// its ID lists its items; hard deletes and moves are not listed.
func TestFindFolderSoftDeleted(t *testing.T) { testFindFolderSoftDeleted(t, newEnv(t)) }

func TestFindFolderSoftDeletedBolt(t *testing.T) { testFindFolderSoftDeleted(t, newBoltEnv(t)) }

func testFindFolderSoftDeleted(t *testing.T, e *env) {
	inbox := mustSuccess(t, e.call(getFolderOp(`<t:BaseShape>IdOnly</t:BaseShape>`, dist("inbox"))))[0]
	inboxID, _ := idOf(inbox, "FolderId")
	projects, _ := createFolder(t, e, dist("inbox"), "Projects")
	old, _ := createFolder(t, e, fid(projects), "Old")
	gone, _ := createFolder(t, e, dist("inbox"), "Gone")
	moved, _ := createFolder(t, e, dist("inbox"), "Moved")
	createMsg(t, e, `MessageDisposition="SaveOnly"`, fid(projects), `<t:Subject>plan</t:Subject>`)
	createMsg(t, e, `MessageDisposition="SaveOnly"`, fid(old), `<t:Subject>archive</t:Subject>`)
	del := func(typ, id string) {
		t.Helper()
		mustSuccess(t, e.call(`<m:DeleteFolder DeleteType="`+typ+`"><m:FolderIds>`+fid(id)+`</m:FolderIds></m:DeleteFolder>`))
	}
	del("SoftDelete", projects)
	del("HardDelete", gone)
	del("MoveToDeletedItems", moved)
	find := func(traversal, parent, extra string) []softFolderView {
		t.Helper()
		doc := e.call(`<m:FindFolder Traversal="` + traversal + `"><m:FolderShape><t:BaseShape>AllProperties</t:BaseShape></m:FolderShape>` + extra +
			`<m:ParentFolderIds>` + parent + `</m:ParentFolderIds></m:FindFolder>`)
		var out []softFolderView
		for _, f := range mustSuccess(t, doc)[0].FindElements("RootFolder/Folders/*") {
			id, _ := idOf(f, "FolderId")
			p, _ := idOf(f, "ParentFolderId")
			out = append(out, softFolderView{id, p, text(f, "DisplayName"), text(f, "FolderClass"), text(f, "ChildFolderCount")})
		}
		return out
	}
	// Not in the hierarchy any more.
	if got := find("Shallow", dist("inbox"), ""); len(got) != 0 {
		t.Fatalf("live subfolders: %+v", got)
	}
	// Listed under the folder it was deleted from, with its ID.
	want := []softFolderView{{projects, inboxID, "Projects", "", "1"}}
	if d := cmp.Diff(want, find("SoftDeleted", dist("inbox"), "")); d != "" {
		t.Fatalf("(-want +got):\n%s", d)
	}
	// Its subfolders are listed under it.
	want = []softFolderView{{old, projects, "Old", "", "0"}}
	if d := cmp.Diff(want, find("SoftDeleted", fid(projects), "")); d != "" {
		t.Fatalf("subfolders (-want +got):\n%s", d)
	}
	// Restriction and paging apply.
	noMatch := `<m:Restriction><t:IsEqualTo><t:FieldURI FieldURI="folder:DisplayName"/><t:FieldURIOrConstant><t:Constant Value="Other"/></t:FieldURIOrConstant></t:IsEqualTo></m:Restriction>`
	if got := find("SoftDeleted", dist("inbox"), noMatch); len(got) != 0 {
		t.Fatalf("restricted: %+v", got)
	}
	doc := e.call(`<m:FindFolder Traversal="SoftDeleted"><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape>` +
		`<m:IndexedPageFolderView MaxEntriesReturned="1" Offset="1" BasePoint="Beginning"/><m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds></m:FindFolder>`)
	rf := mustSuccess(t, doc)[0].SelectElement("RootFolder")
	if rf.SelectAttrValue("TotalItemsInView", "") != "1" || len(rf.FindElements("Folders/*")) != 0 {
		t.Fatalf("paging past the end: %s", dump(doc))
	}
	// Its items are soft-deleted items of its ID.
	items := func(folder string) []string {
		t.Helper()
		doc := e.call(`<m:FindItem Traversal="SoftDeleted"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ParentFolderIds>` + fid(folder) + `</m:ParentFolderIds></m:FindItem>`)
		var out []string
		for _, m := range mustSuccess(t, doc)[0].FindElements("RootFolder/Items/*") {
			out = append(out, text(m, "Subject"))
		}
		return out
	}
	if d := cmp.Diff([]string{"plan"}, items(projects)); d != "" {
		t.Fatalf("items (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"archive"}, items(old)); d != "" {
		t.Fatalf("items of the subfolder (-want +got):\n%s", d)
	}
	// GetFolder opens a soft-deleted folder by its ID (AllProperties less
	// PermissionSet).
	gf := mustSuccess(t, e.call(getFolderOp(`<t:BaseShape>AllProperties</t:BaseShape>`, fid(projects))))[0].FindElement("Folders/*")
	id, _ := idOf(gf, "FolderId")
	if got := (softFolderView{ID: id, Name: text(gf, "DisplayName"), Children: text(gf, "ChildFolderCount")}); got != (softFolderView{ID: projects, Name: "Projects", Children: "1"}) || gf.SelectElement("PermissionSet") != nil {
		t.Fatalf("GetFolder of a soft-deleted folder: %+v", got)
	}
	// EmptyFolder SoftDelete with DeleteSubFolders soft-deletes them.
	box, _ := createFolder(t, e, dist("inbox"), "Box")
	inner, _ := createFolder(t, e, fid(box), "Inner")
	mustSuccess(t, e.call(`<m:EmptyFolder DeleteType="SoftDelete" DeleteSubFolders="true"><m:FolderIds>`+fid(box)+`</m:FolderIds></m:EmptyFolder>`))
	want = []softFolderView{{inner, box, "Inner", "", "0"}}
	if d := cmp.Diff(want, find("SoftDeleted", fid(box), "")); d != "" {
		t.Fatalf("after EmptyFolder (-want +got):\n%s", d)
	}
	// Hard-deleting the parent folder purges what it retained.
	parent, _ := createFolder(t, e, dist("inbox"), "Parent")
	child, _ := createFolder(t, e, fid(parent), "Child")
	del("SoftDelete", child)
	if got := find("SoftDeleted", fid(parent), ""); len(got) != 1 {
		t.Fatalf("before purge: %+v", got)
	}
	del("HardDelete", parent)
	_, doc = e.postAs(user1, envelope(`<m:FindFolder Traversal="SoftDeleted"><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:ParentFolderIds>`+fid(child)+`</m:ParentFolderIds></m:FindFolder>`))
	if code := doc.FindElement("//ResponseCode"); code == nil || code.Text() != "ErrorFolderNotFound" && code.Text() != "ErrorItemNotFound" {
		t.Fatalf("purged folder: %s", dump(doc))
	}
}

// folderlessMailbox hides store.SoftDeletedFolders.
type folderlessMailbox struct {
	store.Mailbox
}

// A store that keeps no soft-deleted folders answers a clear fault.
func TestFindFolderSoftDeletedUnsupported(t *testing.T) {
	e := newEnv(t)
	mb, err := e.st.OpenMailbox(t.Context(), user1)
	if err != nil {
		t.Fatal(err)
	}
	c := &call{h: e.h, ctx: t.Context(), mb: folderlessMailbox{mb}, req: &Request{Body: etree.NewElement("FindFolder")}}
	err = c.findFolderSoftDeleted(nil, &folderShape{}, &pageView{}, nil)
	if f, ok := err.(*Fault); !ok || f.Code != ErrorInvalidOperation {
		t.Fatalf("%v", err)
	}
}

// TestGetItemSoftDeleted: GetItem opens a soft-deleted item by its ID (it
// is in Recoverable Items), also one deleted with its folder; hard
// deletes are ErrorItemNotFound.
func TestGetItemSoftDeleted(t *testing.T) { testGetItemSoftDeleted(t, newEnv(t)) }

func TestGetItemSoftDeletedBolt(t *testing.T) { testGetItemSoftDeleted(t, newBoltEnv(t)) }

func testGetItemSoftDeleted(t *testing.T, e *env) {
	inbox := mustSuccess(t, e.call(getFolderOp(`<t:BaseShape>IdOnly</t:BaseShape>`, dist("inbox"))))[0]
	inboxID, _ := idOf(inbox, "FolderId")
	folder, _ := createFolder(t, e, dist("inbox"), "Recover")
	soft, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>soft</t:Subject><t:Body BodyType="Text">kept</t:Body>`)
	hard, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>hard</t:Subject>`)
	inFolder, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, fid(folder), `<t:Subject>in folder</t:Subject>`)
	mustSuccess(t, e.call(`<m:DeleteItem DeleteType="SoftDelete"><m:ItemIds>`+itemID(soft)+`</m:ItemIds></m:DeleteItem>`))
	mustSuccess(t, e.call(`<m:DeleteItem DeleteType="HardDelete"><m:ItemIds>`+itemID(hard)+`</m:ItemIds></m:DeleteItem>`))
	mustSuccess(t, e.call(`<m:DeleteFolder DeleteType="SoftDelete"><m:FolderIds>`+fid(folder)+`</m:FolderIds></m:DeleteFolder>`))
	type view struct{ Class, Code, ID, Parent, Subject, Body string }
	_, doc := e.postAs(user1, envelope(`<m:GetItem><m:ItemShape><t:BaseShape>Default</t:BaseShape><t:BodyType>Text</t:BodyType></m:ItemShape><m:ItemIds>`+
		itemID(soft)+itemID(hard)+itemID(inFolder)+`</m:ItemIds></m:GetItem>`))
	var got []view
	for _, m := range doc.FindElements("//GetItemResponseMessage") {
		v := view{Class: m.SelectAttrValue("ResponseClass", ""), Code: text(m, "ResponseCode")}
		if it := m.FindElement("Items/*"); it != nil {
			v.ID, _ = idOf(it, "ItemId")
			v.Parent, _ = idOf(it, "ParentFolderId")
			v.Subject, v.Body = text(it, "Subject"), text(it, "Body")
		}
		got = append(got, v)
	}
	want := []view{
		{"Success", "NoError", soft, inboxID, "soft", "kept"},
		{"Error", "ErrorItemNotFound", "", "", "", ""},
		{"Success", "NoError", inFolder, folder, "in folder", ""},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("(-want +got):\n%s", d)
	}
}

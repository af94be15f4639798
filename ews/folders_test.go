package ews

import (
	"fmt"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/store"
)

// folderView is the part of a t:Folder the tests compare.
type folderView struct {
	Elem, Name, Class    string
	Total, Child, Unread string
	HasID, HasParent     bool
}

func viewFolder(f *etree.Element) folderView {
	return folderView{
		Elem: f.Tag, Name: text(f, "DisplayName"), Class: text(f, "FolderClass"),
		Total: text(f, "TotalCount"), Child: text(f, "ChildFolderCount"), Unread: text(f, "UnreadCount"),
		HasID: f.SelectElement("FolderId") != nil, HasParent: f.SelectElement("ParentFolderId") != nil,
	}
}

func getFolderOp(shape string, ids ...string) string {
	s := `<m:GetFolder><m:FolderShape><t:BaseShape>` + shape + `</t:BaseShape></m:FolderShape><m:FolderIds>`
	for _, id := range ids {
		s += id
	}
	return s + `</m:FolderIds></m:GetFolder>`
}

func dist(name string) string { return `<t:DistinguishedFolderId Id="` + name + `"/>` }
func fid(id string) string    { return `<t:FolderId Id="` + id + `"/>` }

func TestGetFolderShapes(t *testing.T) { testGetFolderShapes(t, newEnv(t)) }

func testGetFolderShapes(t *testing.T, e *env) {
	for _, tc := range []struct {
		shape string
		want  folderView
	}{
		{"IdOnly", folderView{Elem: "Folder", HasID: true}},
		{"Default", folderView{Elem: "Folder", Name: "Inbox", Total: "0", Child: "0", Unread: "0", HasID: true}},
		{"AllProperties", folderView{Elem: "Folder", Name: "Inbox", Class: "IPF.Note", Total: "0", Child: "0", Unread: "0", HasID: true, HasParent: true}},
	} {
		doc := e.call(getFolderOp(tc.shape, dist("inbox")))
		els := mustSuccess(t, doc)
		f := els[0].FindElement("Folders/*")
		if d := cmp.Diff(tc.want, viewFolder(f)); d != "" {
			t.Errorf("%s: %s", tc.shape, d)
		}
	}
	// Calendar folders are CalendarFolder elements without UnreadCount.
	doc := e.call(getFolderOp("Default", dist("calendar")))
	f := mustSuccess(t, doc)[0].FindElement("Folders/*")
	if d := cmp.Diff(folderView{Elem: "CalendarFolder", Name: "Calendar", Total: "0", Child: "0", HasID: true}, viewFolder(f)); d != "" {
		t.Error(d)
	}
}

// TestDistinguishedFolderIDs resolves every name of the schema the store
// provisions, and answers the others per item with ErrorFolderNotFound.
func TestDistinguishedFolderIDs(t *testing.T) {
	e := newEnv(t)
	for name, kind := range distinguished {
		doc := e.call(getFolderOp("IdOnly", dist(name)))
		_, msgs := messages(doc)
		want := respMsg{"Success", "NoError"}
		if kind == 0 || kind == store.FolderConversationHistory { // created by CreateFolder (wellknown_test.go)
			want = respMsg{"Error", "ErrorFolderNotFound"}
		}
		if len(msgs) != 1 || msgs[0] != want {
			t.Errorf("%s: %+v, want %+v", name, msgs, want)
		}
	}
	for _, name := range []string{"nosuchfolder", "voicemail", "publicfoldersroot", "archiveroot", "archiverecoverableitemsdeletions"} {
		_, msgs := messages(e.call(getFolderOp("IdOnly", dist(name))))
		if len(msgs) != 1 || msgs[0] != (respMsg{"Error", "ErrorFolderNotFound"}) {
			t.Errorf("%s: %+v", name, msgs)
		}
	}
	// Several IDs: one message each, in order.
	_, msgs := messages(e.call(getFolderOp("IdOnly", dist("inbox"), dist("bogus"), fid("AAAA"), dist("drafts"))))
	want := []respMsg{{"Success", "NoError"}, {"Error", "ErrorFolderNotFound"}, {"Error", "ErrorInvalidIdMalformed"}, {"Success", "NoError"}}
	if d := cmp.Diff(want, msgs); d != "" {
		t.Error(d)
	}
	// Another user's mailbox is not reachable.
	_, msgs = messages(e.call(getFolderOp("IdOnly", `<t:DistinguishedFolderId Id="inbox"><t:Mailbox><t:EmailAddress>`+user2+`</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>`)))
	if msgs[0].Code != "ErrorAccessDenied" {
		t.Errorf("foreign mailbox: %+v", msgs)
	}
	// Nor are another user's folder IDs without a permission on the
	// folder (perms_test.go has the granted case).
	doc := e.callAs(user2, getFolderOp("IdOnly", dist("inbox")))
	other, _ := idOf(doc.Root(), "FolderId")
	_, msgs = messages(e.call(getFolderOp("IdOnly", fid(other))))
	if msgs[0].Code != "ErrorAccessDenied" {
		t.Errorf("foreign folder ID: %+v", msgs)
	}
}

func createFolder(t *testing.T, e *env, parent, name string) (string, string) {
	t.Helper()
	doc := e.call(`<m:CreateFolder><m:ParentFolderId>` + parent + `</m:ParentFolderId><m:Folders><t:Folder><t:DisplayName>` + name + `</t:DisplayName></t:Folder></m:Folders></m:CreateFolder>`)
	els := mustSuccess(t, doc)
	id, ck := idOf(els[0], "FolderId")
	if id == "" || ck == "" {
		t.Fatalf("no folder ID:\n%s", dump(doc))
	}
	return id, ck
}

func TestFolderLifecycle(t *testing.T) { testFolderLifecycle(t, newEnv(t)) }

func testFolderLifecycle(t *testing.T, e *env) {
	a, ack := createFolder(t, e, dist("msgfolderroot"), "Projects")
	b, _ := createFolder(t, e, fid(a), "Alpha")
	createFolder(t, e, fid(a), "Beta")
	createFolder(t, e, fid(b), "Deep")

	// A duplicate name is ErrorFolderExists.
	_, msgs := messages(e.call(`<m:CreateFolder><m:ParentFolderId>` + fid(a) + `</m:ParentFolderId><m:Folders><t:Folder><t:DisplayName>Alpha</t:DisplayName></t:Folder><t:CalendarFolder><t:DisplayName>Cal</t:DisplayName></t:CalendarFolder></m:Folders></m:CreateFolder>`))
	if d := cmp.Diff([]respMsg{{"Error", "ErrorFolderExists"}, {"Success", "NoError"}}, msgs); d != "" {
		t.Fatal(d)
	}

	find := func(traversal, view string) (attrs []string, names []string) {
		doc := e.call(`<m:FindFolder Traversal="` + traversal + `"><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape>` + view +
			`<m:ParentFolderIds>` + fid(a) + `</m:ParentFolderIds></m:FindFolder>`)
		els := mustSuccess(t, doc)
		rf := els[0].SelectElement("RootFolder")
		attrs = []string{rf.SelectAttrValue("IndexedPagingOffset", ""), rf.SelectAttrValue("TotalItemsInView", ""), rf.SelectAttrValue("IncludesLastItemInRange", "")}
		for _, f := range rf.FindElements("Folders/*") {
			names = append(names, text(f, "DisplayName"))
		}
		return
	}
	attrs, names := find("Shallow", "")
	if d := cmp.Diff([]string{"Alpha", "Beta", "Cal"}, names); d != "" {
		t.Error(d)
	}
	if d := cmp.Diff([]string{"3", "3", "true"}, attrs); d != "" {
		t.Error(d)
	}
	_, names = find("Deep", "")
	if d := cmp.Diff([]string{"Alpha", "Deep", "Beta", "Cal"}, names); d != "" {
		t.Error(d)
	}
	attrs, names = find("Deep", `<m:IndexedPageFolderView MaxEntriesReturned="2" Offset="1" BasePoint="Beginning"/>`)
	if d := cmp.Diff([]string{"Deep", "Beta"}, names); d != "" {
		t.Error(d)
	}
	if d := cmp.Diff([]string{"3", "4", "false"}, attrs); d != "" {
		t.Error(d)
	}
	// A restriction on the display name.
	doc := e.call(`<m:FindFolder Traversal="Deep"><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="folder:DisplayName"/></t:AdditionalProperties></m:FolderShape>` +
		`<m:Restriction><t:Contains ContainmentMode="Prefixed" ContainmentComparison="IgnoreCase"><t:FieldURI FieldURI="folder:DisplayName"/><t:Constant Value="de"/></t:Contains></m:Restriction>` +
		`<m:ParentFolderIds>` + fid(a) + `</m:ParentFolderIds></m:FindFolder>`)
	els := mustSuccess(t, doc)
	if got := els[0].FindElements("RootFolder/Folders/*"); len(got) != 1 || text(got[0], "DisplayName") != "Deep" {
		t.Errorf("restricted FindFolder:\n%s", dump(doc))
	}

	// Rename with a stale change key fails; with the current one it works.
	rename := func(ck, name string) []respMsg {
		_, m := messages(e.call(`<m:UpdateFolder><m:FolderChanges><t:FolderChange><t:FolderId Id="` + a + `" ChangeKey="` + ck + `"/><t:Updates><t:SetFolderField><t:FieldURI FieldURI="folder:DisplayName"/><t:Folder><t:DisplayName>` + name + `</t:DisplayName></t:Folder></t:SetFolderField></t:Updates></t:FolderChange></m:FolderChanges></m:UpdateFolder>`))
		return m
	}
	if m := rename(ack, "Work"); m[0].Code != "NoError" {
		t.Fatalf("rename: %+v", m)
	}
	if m := rename(ack, "Again"); m[0].Code != "ErrorIrresolvableConflict" {
		t.Fatalf("stale rename: %+v", m)
	}
	doc = e.call(getFolderOp("Default", fid(a)))
	if n := text(doc.Root(), "DisplayName"); n != "Work" {
		t.Fatalf("name after rename %q", n)
	}
	// Two properties in one SetFolderField are refused.
	_, msgs = messages(e.call(`<m:UpdateFolder><m:FolderChanges><t:FolderChange><t:FolderId Id="` + a + `"/><t:Updates><t:SetFolderField><t:FieldURI FieldURI="folder:DisplayName"/><t:Folder><t:DisplayName>x</t:DisplayName><t:FolderClass>IPF.Note</t:FolderClass></t:Folder></t:SetFolderField></t:Updates></t:FolderChange></m:FolderChanges></m:UpdateFolder>`))
	if msgs[0].Code != "ErrorIncorrectUpdatePropertyCount" {
		t.Fatalf("two properties: %+v", msgs)
	}

	// Copy and move.
	doc = e.call(`<m:CopyFolder><m:ToFolderId>` + dist("drafts") + `</m:ToFolderId><m:FolderIds>` + fid(b) + `</m:FolderIds></m:CopyFolder>`)
	copyID, _ := idOf(mustSuccess(t, doc)[0], "FolderId")
	if copyID == b {
		t.Fatal("copy has the source's ID")
	}
	mustSuccess(t, e.call(`<m:MoveFolder><m:ToFolderId>`+dist("inbox")+`</m:ToFolderId><m:FolderIds>`+fid(b)+`</m:FolderIds></m:MoveFolder>`))
	doc = e.call(getFolderOp("Default", dist("inbox")))
	if n := text(doc.Root(), "ChildFolderCount"); n != "1" {
		t.Fatalf("inbox children %s", n)
	}
	// Special folders do not move.
	_, msgs = messages(e.call(`<m:MoveFolder><m:ToFolderId>` + dist("inbox") + `</m:ToFolderId><m:FolderIds>` + dist("drafts") + `</m:FolderIds></m:MoveFolder>`))
	if msgs[0].Code != "ErrorMoveDistinguishedFolder" {
		t.Fatalf("move special: %+v", msgs)
	}

	// Delete: special folders refused; others go away.
	_, msgs = messages(e.call(`<m:DeleteFolder DeleteType="HardDelete"><m:FolderIds>` + dist("inbox") + fid(a) + `</m:FolderIds></m:DeleteFolder>`))
	if d := cmp.Diff([]respMsg{{"Error", "ErrorDeleteDistinguishedFolder"}, {"Success", "NoError"}}, msgs); d != "" {
		t.Fatal(d)
	}
	_, msgs = messages(e.call(getFolderOp("IdOnly", fid(a))))
	if msgs[0].Code != "ErrorFolderNotFound" {
		t.Fatalf("deleted folder: %+v", msgs)
	}
	// MoveToDeletedItems moves.
	mustSuccess(t, e.call(`<m:DeleteFolder DeleteType="MoveToDeletedItems"><m:FolderIds>`+fid(copyID)+`</m:FolderIds></m:DeleteFolder>`))
	doc = e.call(getFolderOp("AllProperties", fid(copyID)))
	parent, _ := idOf(mustSuccess(t, doc)[0], "ParentFolderId")
	del, _ := idOf(e.call(getFolderOp("IdOnly", dist("deleteditems"))).Root(), "FolderId")
	if parent != del {
		t.Fatalf("parent %s, want Deleted Items %s", parent, del)
	}
	// EmptyFolder with subfolders.
	mustSuccess(t, e.call(`<m:EmptyFolder DeleteType="HardDelete" DeleteSubFolders="true"><m:FolderIds>`+dist("deleteditems")+`</m:FolderIds></m:EmptyFolder>`))
	if n := text(e.call(getFolderOp("Default", dist("deleteditems"))).Root(), "ChildFolderCount"); n != "0" {
		t.Fatalf("after EmptyFolder: %s children", n)
	}
}

func TestFolderExtendedProperties(t *testing.T) { testFolderExtendedProperties(t, newEnv(t)) }

func testFolderExtendedProperties(t *testing.T, e *env) {
	doc := e.call(`<m:CreateFolder><m:ParentFolderId>` + dist("inbox") + `</m:ParentFolderId><m:Folders><t:Folder><t:FolderClass>IPF.Note.Custom</t:FolderClass><t:DisplayName>X</t:DisplayName>` +
		`<t:ExtendedProperty><t:ExtendedFieldURI PropertySetId="c11ff724-aa03-4555-9952-8fa248a11c3e" PropertyName="Color" PropertyType="Integer"/><t:Value>7</t:Value></t:ExtendedProperty>` +
		`<t:ExtendedProperty><t:ExtendedFieldURI PropertyTag="0x6701" PropertyType="StringArray"/><t:Values><t:Value>a</t:Value><t:Value>b</t:Value></t:Values></t:ExtendedProperty>` +
		`</t:Folder></m:Folders></m:CreateFolder>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "FolderId")
	doc = e.call(`<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="folder:FolderClass"/>` +
		`<t:ExtendedFieldURI PropertySetId="c11ff724-aa03-4555-9952-8fa248a11c3e" PropertyName="Color" PropertyType="Integer"/>` +
		`<t:ExtendedFieldURI PropertyTag="0x6701" PropertyType="StringArray"/>` +
		`<t:ExtendedFieldURI DistinguishedPropertySetId="PublicStrings" PropertyName="Unset" PropertyType="String"/>` +
		`</t:AdditionalProperties></m:FolderShape><m:FolderIds>` + fid(id) + `</m:FolderIds></m:GetFolder>`)
	f := mustSuccess(t, doc)[0].FindElement("Folders/Folder")
	var got []string
	got = append(got, text(f, "FolderClass"))
	for _, x := range f.SelectElements("ExtendedProperty") {
		u := x.SelectElement("ExtendedFieldURI")
		s := fmt.Sprintf("%s%s=", u.SelectAttrValue("PropertyName", ""), u.SelectAttrValue("PropertyTag", ""))
		for _, v := range x.FindElements(".//Value") {
			s += v.Text() + ";"
		}
		got = append(got, s)
	}
	if d := cmp.Diff([]string{"IPF.Note.Custom", "Color=7;", "0x6701=a;b;"}, got); d != "" {
		t.Fatalf("%s\n%s", d, dump(doc))
	}
}

func TestSyncFolderHierarchy(t *testing.T) { testSyncFolderHierarchy(t, newEnv(t)) }

func testSyncFolderHierarchy(t *testing.T, e *env) {
	sync := func(state string) (string, []string) {
		doc := e.call(`<m:SyncFolderHierarchy><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:SyncFolderId>` + dist("msgfolderroot") + `</m:SyncFolderId><m:SyncState>` + state + `</m:SyncState></m:SyncFolderHierarchy>`)
		els := mustSuccess(t, doc)
		if text(els[0], "IncludesLastFolderInRange") != "true" {
			t.Fatal("not last")
		}
		var ch []string
		for _, c := range els[0].FindElements("Changes/*") {
			ch = append(ch, c.Tag+":"+text(c, "DisplayName"))
		}
		return text(els[0], "SyncState"), ch
	}
	s1, ch := sync("")
	if len(ch) < 10 {
		t.Fatalf("initial sync: %v", ch)
	}
	s2, ch := sync(s1)
	if len(ch) != 0 {
		t.Fatalf("no-op sync: %v", ch)
	}
	id, _ := createFolder(t, e, dist("inbox"), "New")
	s3, ch := sync(s2)
	if d := cmp.Diff([]string{"Create:New"}, ch); d != "" {
		t.Fatal(d)
	}
	mustSuccess(t, e.call(`<m:DeleteFolder DeleteType="HardDelete"><m:FolderIds>`+fid(id)+`</m:FolderIds></m:DeleteFolder>`))
	_, ch = sync(s3)
	if d := cmp.Diff([]string{"Delete:"}, ch); d != "" {
		t.Fatal(d)
	}
	// A corrupt state is a per-item error.
	_, msgs := messages(e.call(`<m:SyncFolderHierarchy><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:SyncState>AAAA</m:SyncState></m:SyncFolderHierarchy>`))
	if msgs[0].Code != "ErrorInvalidSyncStateData" {
		t.Fatalf("corrupt state: %+v", msgs)
	}
}

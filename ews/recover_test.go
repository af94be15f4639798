package ews

import (
	"slices"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/store"
)

// recoverEnv is a mailbox with soft-deleted, hard-deleted and live items
// for the Recoverable Items tests: "one" and "three" soft-deleted from
// the Inbox, "four" from a folder that was then soft-deleted itself,
// "two" hard-deleted, "live" in the Inbox.
type recoverEnv struct {
	*env
	ids map[string]string // subject → the ItemId it had when live
}

func newRecoverEnv(t *testing.T, e *env) *recoverEnv {
	t.Helper()
	r := &recoverEnv{env: e, ids: map[string]string{}}
	doc := e.call(`<m:CreateFolder><m:ParentFolderId>` + dist("inbox") + `</m:ParentFolderId><m:Folders><t:Folder><t:DisplayName>Old</t:DisplayName></t:Folder></m:Folders></m:CreateFolder>`)
	old, _ := idOf(mustSuccess(t, doc)[0], "FolderId")
	for _, s := range []string{"one", "two", "three", "live"} {
		r.ids[s], _ = createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>`+s+`</t:Subject><t:Body BodyType="Text">body of `+s+`</t:Body>`)
	}
	r.ids["four"], _ = createMsg(t, e, `MessageDisposition="SaveOnly"`, fid(old), `<t:Subject>four</t:Subject>`)
	r.del("SoftDelete", r.ids["one"], r.ids["three"])
	r.del("HardDelete", r.ids["two"])
	mustSuccess(t, e.call(`<m:DeleteFolder DeleteType="SoftDelete"><m:FolderIds>`+fid(old)+`</m:FolderIds></m:DeleteFolder>`))
	return r
}

func (r *recoverEnv) del(typ string, ids ...string) *etree.Document {
	r.t.Helper()
	s := ""
	for _, id := range ids {
		s += itemID(id)
	}
	return r.call(`<m:DeleteItem DeleteType="` + typ + `"><m:ItemIds>` + s + `</m:ItemIds></m:DeleteItem>`)
}

// find lists a folder's items (subject, ItemId, ParentFolderId) with
// extra FindItem children.
func (r *recoverEnv) find(t *testing.T, folder, extra string) (subjects, ids, parents []string, total string) {
	t.Helper()
	doc := r.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape><m:AdditionalProperties>` +
		`<t:FieldURI FieldURI="item:ParentFolderId"/></m:AdditionalProperties></m:ItemShape>` + extra +
		`<m:ParentFolderIds>` + folder + `</m:ParentFolderIds></m:FindItem>`)
	m := mustSuccess(t, doc)[0]
	for _, it := range m.FindElements("RootFolder/Items/*") {
		subjects = append(subjects, text(it, "Subject"))
		id, _ := idOf(it, "ItemId")
		ids = append(ids, id)
		p, _ := idOf(it, "ParentFolderId")
		parents = append(parents, p)
	}
	return subjects, ids, parents, m.FindElement("RootFolder").SelectAttrValue("TotalItemsInView", "")
}

func (r *recoverEnv) folderID(t *testing.T, name string) string {
	t.Helper()
	id, _ := idOf(mustSuccess(t, r.call(getFolderOp("IdOnly", dist(name))))[0], "FolderId")
	return id
}

var bySubject = `<m:SortOrder><t:FieldOrder Order="Ascending"><t:FieldURI FieldURI="item:Subject"/></t:FieldOrder></m:SortOrder>`

// TestRecoverableItemsFolders: GetFolder of the five distinguished names
// ([MS-OXWSCDATA] 2.2.5.10), by name and by the FolderId returned, and
// FindFolder under the root: Deletions counts the mailbox's soft-deleted
// items (those of the deleted folder too), the others are empty.
func TestRecoverableItemsFolders(t *testing.T)     { testRecoverableItemsFolders(t, newEnv(t)) }
func TestRecoverableItemsFoldersBolt(t *testing.T) { testRecoverableItemsFolders(t, newBoltEnv(t)) }

func testRecoverableItemsFolders(t *testing.T, e *env) {
	r := newRecoverEnv(t, e)
	get := func(ref string) *etree.Element {
		t.Helper()
		doc := r.call(`<m:GetFolder><m:FolderShape><t:BaseShape>AllProperties</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="folder:DistinguishedFolderId"/></t:AdditionalProperties></m:FolderShape>` +
			`<m:FolderIds>` + ref + `</m:FolderIds></m:GetFolder>`)
		return mustSuccess(t, doc)[0].FindElement("Folders/Folder")
	}
	type fv struct {
		Name, Dist, Total, Unread, Child, Class string
		Parent                                  string
	}
	view := func(f *etree.Element) fv {
		p, _ := idOf(f, "ParentFolderId")
		return fv{text(f, "DisplayName"), text(f, "DistinguishedFolderId"), text(f, "TotalCount"), text(f, "UnreadCount"), text(f, "ChildFolderCount"), text(f, "FolderClass"), p}
	}
	rootID := r.folderID(t, "root")
	riID := r.folderID(t, "recoverableitemsroot")
	want := map[string]fv{
		"recoverableitemsroot":           {"Recoverable Items", "recoverableitemsroot", "0", "0", "4", "", rootID},
		"recoverableitemsdeletions":      {"Deletions", "recoverableitemsdeletions", "3", "3", "0", "", riID},
		"recoverableitemsversions":       {"Versions", "recoverableitemsversions", "0", "0", "0", "", riID},
		"recoverableitemspurges":         {"Purges", "recoverableitemspurges", "0", "0", "0", "", riID},
		"recoverableitemsdiscoveryholds": {"DiscoveryHolds", "recoverableitemsdiscoveryholds", "0", "0", "0", "", riID},
	}
	for name, w := range want {
		f := get(dist(name))
		if d := cmp.Diff(w, view(f)); d != "" {
			t.Errorf("%s: %s", name, d)
		}
		// The same folder by its FolderId, with the same ChangeKey.
		id, ck := idOf(f, "FolderId")
		if id == "" || ck == "" {
			t.Fatalf("%s: FolderId %q ChangeKey %q", name, id, ck)
		}
		g := get(fid(id))
		if d := cmp.Diff(w, view(g)); d != "" {
			t.Errorf("%s by id: %s", name, d)
		}
		if id2, ck2 := idOf(g, "FolderId"); id2 != id || ck2 != ck {
			t.Errorf("%s: ids differ %q/%q, %q/%q", name, id, ck, id2, ck2)
		}
	}
	// FindFolder under the Recoverable Items root: its four subfolders,
	// Deep the same (they have none); restrictions and paging apply.
	ff := func(parent, traversal, extra string) ([]string, string) {
		t.Helper()
		doc := r.call(`<m:FindFolder Traversal="` + traversal + `"><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape>` + extra +
			`<m:ParentFolderIds>` + parent + `</m:ParentFolderIds></m:FindFolder>`)
		m := mustSuccess(t, doc)[0]
		var names []string
		for _, f := range m.FindElements("RootFolder/Folders/*") {
			names = append(names, text(f, "DisplayName"))
		}
		return names, m.FindElement("RootFolder").SelectAttrValue("TotalItemsInView", "")
	}
	all := []string{"Deletions", "Versions", "Purges", "DiscoveryHolds"}
	for _, tr := range []string{"Shallow", "Deep"} {
		if got, n := ff(dist("recoverableitemsroot"), tr, ""); !slices.Equal(got, all) || n != "4" {
			t.Errorf("%s: %q (%s)", tr, got, n)
		}
	}
	if got, n := ff(fid(riID), "Shallow", `<m:IndexedPageFolderView MaxEntriesReturned="2" Offset="1" BasePoint="Beginning"/>`); !slices.Equal(got, all[1:3]) || n != "4" {
		t.Errorf("paged: %q (%s)", got, n)
	}
	res := `<m:Restriction><t:IsEqualTo><t:FieldURI FieldURI="folder:DisplayName"/><t:FieldURIOrConstant><t:Constant Value="Purges"/></t:FieldURIOrConstant></t:IsEqualTo></m:Restriction>`
	if got, n := ff(dist("recoverableitemsroot"), "Shallow", res); !slices.Equal(got, []string{"Purges"}) || n != "1" {
		t.Errorf("restricted: %q (%s)", got, n)
	}
	if got, _ := ff(dist("recoverableitemsdeletions"), "Deep", ""); len(got) != 0 {
		t.Errorf("Deletions has subfolders %q", got)
	}
	// Nothing is soft-deleted from them.
	if got, n := ff(dist("recoverableitemsroot"), "SoftDeleted", ""); len(got) != 0 || n != "0" {
		t.Errorf("SoftDeleted: %q (%s)", got, n)
	}
	// Hidden from the root's listing, as the non-IPM subtree is.
	if got, _ := ff(dist("root"), "Deep", ""); slices.Contains(got, "Recoverable Items") || slices.Contains(got, "Deletions") {
		t.Errorf("root lists %q", got)
	}
}

// TestRecoverableItemsDeletions: FindItem in recoverableitemsdeletions
// lists every soft-deleted item of the mailbox with sort, restriction,
// paging and TotalItemsInView; their ParentFolderId is Deletions and
// GetItem opens them there. Versions, Purges and the root are empty.
func TestRecoverableItemsDeletions(t *testing.T)     { testRecoverableItemsDeletions(t, newEnv(t)) }
func TestRecoverableItemsDeletionsBolt(t *testing.T) { testRecoverableItemsDeletions(t, newBoltEnv(t)) }

func testRecoverableItemsDeletions(t *testing.T, e *env) {
	r := newRecoverEnv(t, e)
	delID := r.folderID(t, "recoverableitemsdeletions")
	subjects, ids, parents, total := r.find(t, dist("recoverableitemsdeletions"), bySubject)
	if d := cmp.Diff([]string{"four", "one", "three"}, subjects); d != "" || total != "3" {
		t.Fatalf("%s (total %s)", d, total)
	}
	for i, p := range parents {
		if p != delID {
			t.Errorf("%s: ParentFolderId %q, want Deletions %q", subjects[i], p, delID)
		}
	}
	// The same by FolderId; paging and restriction.
	if got, _, _, n := r.find(t, fid(delID), `<m:IndexedPageItemView MaxEntriesReturned="1" Offset="1" BasePoint="Beginning"/>`+bySubject); !slices.Equal(got, []string{"one"}) || n != "3" {
		t.Errorf("page: %q of %s", got, n)
	}
	res := `<m:Restriction><t:Contains ContainmentMode="Prefixed" ContainmentComparison="IgnoreCase"><t:FieldURI FieldURI="item:Subject"/><t:Constant Value="t"/></t:Contains></m:Restriction>`
	if got, _, _, n := r.find(t, fid(delID), res); !slices.Equal(got, []string{"three"}) || n != "1" {
		t.Errorf("restricted: %q of %s", got, n)
	}
	// GetItem of a listed item: in Deletions, with its body.
	it := getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, ids[1])
	if p, _ := idOf(it, "ParentFolderId"); p != delID || text(it, "Subject") != "one" || text(it, "Body") != "body of one" {
		t.Errorf("GetItem: parent %q subject %q body %q", p, text(it, "Subject"), text(it, "Body"))
	}
	// The other folders list nothing.
	for _, name := range []string{"recoverableitemsroot", "recoverableitemsversions", "recoverableitemspurges", "recoverableitemsdiscoveryholds"} {
		if got, _, _, n := r.find(t, dist(name), ""); len(got) != 0 || n != "0" {
			t.Errorf("%s: %q (%s)", name, got, n)
		}
	}
	// The Inbox no longer has them.
	if got, _, _, _ := r.find(t, dist("inbox"), ""); !slices.Equal(got, []string{"live"}) {
		t.Errorf("inbox %q", got)
	}
}

// TestRecoverableItemsRestore: MoveItem out of Deletions restores an
// item (a new ItemId in the target, gone from Deletions), CopyItem
// restores a copy and keeps it there, DeleteItem HardDelete purges it,
// MoveToDeletedItems restores it to Deleted Items; MoveItem of a live
// item into Deletions soft-deletes it.
func TestRecoverableItemsRestore(t *testing.T)     { testRecoverableItemsRestore(t, newEnv(t)) }
func TestRecoverableItemsRestoreBolt(t *testing.T) { testRecoverableItemsRestore(t, newBoltEnv(t)) }

func testRecoverableItemsRestore(t *testing.T, e *env) {
	r := newRecoverEnv(t, e)
	inboxID := r.folderID(t, "inbox")
	delID := r.folderID(t, "recoverableitemsdeletions")
	_, ids, _, _ := r.find(t, dist("recoverableitemsdeletions"), bySubject) // four, one, three
	move := func(op, id, to string) *etree.Element {
		t.Helper()
		doc := r.call(`<m:` + op + `><m:ToFolderId>` + to + `</m:ToFolderId><m:ItemIds>` + itemID(id) + `</m:ItemIds></m:` + op + `>`)
		return mustSuccess(t, doc)[0]
	}
	// Restore "one" to the Inbox.
	m := move("MoveItem", ids[1], dist("inbox"))
	newID, _ := idOf(m, "ItemId")
	if newID == "" || newID == ids[1] || newID == r.ids["one"] {
		t.Fatalf("restored ItemId %q", newID)
	}
	it := getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, newID)
	if p, _ := idOf(it, "ParentFolderId"); p != inboxID || text(it, "Subject") != "one" || text(it, "Body") != "body of one" {
		t.Errorf("restored: parent %q subject %q body %q", p, text(it, "Subject"), text(it, "Body"))
	}
	if got, _, _, _ := r.find(t, dist("inbox"), bySubject); !slices.Equal(got, []string{"live", "one"}) {
		t.Errorf("inbox after restore %q", got)
	}
	if got, _, _, n := r.find(t, dist("recoverableitemsdeletions"), bySubject); !slices.Equal(got, []string{"four", "three"}) || n != "2" {
		t.Errorf("deletions after restore %q (%s)", got, n)
	}
	// Restoring it again: it is no longer there.
	_, msgs := messages(r.call(`<m:MoveItem><m:ToFolderId>` + dist("inbox") + `</m:ToFolderId><m:ItemIds>` + itemID(ids[1]) + `</m:ItemIds></m:MoveItem>`))
	if d := cmp.Diff([]respMsg{{"Error", "ErrorItemNotFound"}}, msgs); d != "" {
		t.Error(d)
	}
	// CopyItem of "four" (whose folder is gone) to Drafts: a copy, the
	// item stays recoverable.
	m = move("CopyItem", ids[0], dist("drafts"))
	if id, _ := idOf(m, "ItemId"); id == "" || id == ids[0] {
		t.Errorf("copy ItemId %q", id)
	}
	if got, _, _, _ := r.find(t, dist("drafts"), ""); !slices.Equal(got, []string{"four"}) {
		t.Errorf("drafts %q", got)
	}
	if got, _, _, _ := r.find(t, dist("recoverableitemsdeletions"), bySubject); !slices.Equal(got, []string{"four", "three"}) {
		t.Errorf("deletions after copy %q", got)
	}
	// HardDelete purges "three"; MoveToDeletedItems restores "four" to
	// Deleted Items.
	mustSuccess(t, r.del("HardDelete", ids[2]))
	mustSuccess(t, r.del("MoveToDeletedItems", ids[0]))
	if got, _, _, n := r.find(t, dist("recoverableitemsdeletions"), ""); len(got) != 0 || n != "0" {
		t.Errorf("deletions after purge %q (%s)", got, n)
	}
	if got, _, _, _ := r.find(t, dist("deleteditems"), ""); !slices.Equal(got, []string{"four"}) {
		t.Errorf("deleted items %q", got)
	}
	_, msgs = messages(r.call(`<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds>` + itemID(ids[2]) + `</m:ItemIds></m:GetItem>`))
	if d := cmp.Diff([]respMsg{{"Error", "ErrorItemNotFound"}}, msgs); d != "" {
		t.Errorf("purged item: %s", d)
	}
	_, msgs = messages(r.del("HardDelete", ids[2]))
	if d := cmp.Diff([]respMsg{{"Error", "ErrorItemNotFound"}}, msgs); d != "" {
		t.Errorf("purging twice: %s", d)
	}
	// MoveItem of a live item into Deletions soft-deletes it; it can be
	// restored from there.
	m = move("MoveItem", r.ids["live"], dist("recoverableitemsdeletions"))
	id, _ := idOf(m, "ItemId")
	subjects, listed, parents, _ := r.find(t, dist("recoverableitemsdeletions"), "")
	if !slices.Equal(subjects, []string{"live"}) || listed[0] != id || parents[0] != delID {
		t.Errorf("moved into Deletions: %q %q (answered %q)", subjects, listed, id)
	}
	if got, _, _, _ := r.find(t, dist("inbox"), bySubject); !slices.Equal(got, []string{"one"}) {
		t.Errorf("inbox %q", got)
	}
	move("MoveItem", id, fid(inboxID))
	if got, _, _, _ := r.find(t, dist("inbox"), bySubject); !slices.Equal(got, []string{"live", "one"}) {
		t.Errorf("inbox after second restore %q", got)
	}
}

// TestRecoverableItemsRefused: what cannot be done to the virtual
// folders answers per item, and another user's Recoverable Items are
// out of reach.
func TestRecoverableItemsRefused(t *testing.T) {
	e := newEnv(t)
	r := newRecoverEnv(t, e)
	_, ids, _, _ := r.find(t, dist("recoverableitemsdeletions"), "")
	for _, tc := range []struct {
		name, op, want string
	}{
		{"CreateItem", `<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId>` + dist("recoverableitemsdeletions") + `</m:SavedItemFolderId><m:Items><t:Message><t:Subject>x</t:Subject></t:Message></m:Items></m:CreateItem>`, "ErrorAccessDenied"},
		{"CreateFolder", `<m:CreateFolder><m:ParentFolderId>` + dist("recoverableitemsroot") + `</m:ParentFolderId><m:Folders><t:Folder><t:DisplayName>x</t:DisplayName></t:Folder></m:Folders></m:CreateFolder>`, "ErrorAccessDenied"},
		{"DeleteFolder", `<m:DeleteFolder DeleteType="HardDelete"><m:FolderIds>` + dist("recoverableitemspurges") + `</m:FolderIds></m:DeleteFolder>`, "ErrorDeleteDistinguishedFolder"},
		{"EmptyFolder root with subfolders", `<m:EmptyFolder DeleteType="HardDelete" DeleteSubFolders="true"><m:FolderIds>` + dist("recoverableitemsroot") + `</m:FolderIds></m:EmptyFolder>`, "ErrorDeleteDistinguishedFolder"},
		{"UpdateFolder", `<m:UpdateFolder><m:FolderChanges><t:FolderChange>` + dist("recoverableitemsdeletions") + `<t:Updates><t:SetFolderField><t:FieldURI FieldURI="folder:DisplayName"/><t:Folder><t:DisplayName>y</t:DisplayName></t:Folder></t:SetFolderField></t:Updates></t:FolderChange></m:FolderChanges></m:UpdateFolder>`, "ErrorAccessDenied"},
		{"SyncFolderItems", `<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId>` + dist("recoverableitemsdeletions") + `</m:SyncFolderId><m:MaxChangesReturned>10</m:MaxChangesReturned></m:SyncFolderItems>`, "ErrorInvalidOperation"},
		{"CopyItem into", `<m:CopyItem><m:ToFolderId>` + dist("recoverableitemsdeletions") + `</m:ToFolderId><m:ItemIds>` + itemID(r.ids["live"]) + `</m:ItemIds></m:CopyItem>`, "ErrorAccessDenied"},
		{"MoveItem into Purges", `<m:MoveItem><m:ToFolderId>` + dist("recoverableitemspurges") + `</m:ToFolderId><m:ItemIds>` + itemID(r.ids["live"]) + `</m:ItemIds></m:MoveItem>`, "ErrorAccessDenied"},
		{"restore into Versions", `<m:MoveItem><m:ToFolderId>` + dist("recoverableitemsversions") + `</m:ToFolderId><m:ItemIds>` + itemID(ids[0]) + `</m:ItemIds></m:MoveItem>`, "ErrorAccessDenied"},
		{"another user's", getFolderOp("IdOnly", `<t:DistinguishedFolderId Id="recoverableitemsdeletions"><t:Mailbox><t:EmailAddress>`+user2+`</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>`), "ErrorAccessDenied"},
		{"archive mailbox", getFolderOp("IdOnly", dist("archiverecoverableitemsdeletions")), "ErrorFolderNotFound"},
	} {
		_, doc := e.postAs(user1, envelope(tc.op))
		code := faultCode(doc)
		if code == "" {
			_, msgs := messages(doc)
			if len(msgs) > 0 {
				code = msgs[0].Code
			}
		}
		if code != tc.want {
			t.Errorf("%s: %q, want %q\n%s", tc.name, code, tc.want, dump(doc))
		}
	}
	// Nothing changed.
	if got, _, _, n := r.find(t, dist("recoverableitemsdeletions"), bySubject); !slices.Equal(got, []string{"four", "one", "three"}) || n != "3" {
		t.Errorf("deletions %q (%s)", got, n)
	}
	if got, _, _, _ := r.find(t, dist("inbox"), ""); !slices.Equal(got, []string{"live"}) {
		t.Errorf("inbox %q", got)
	}
	// user2 cannot open user1's items there either.
	_, msgs := messages(e.callAs(user2, `<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds>`+itemID(ids[0])+`</m:ItemIds></m:GetItem>`))
	if len(msgs) != 1 || msgs[0].Class != "Error" {
		t.Errorf("user2 GetItem: %+v", msgs)
	}
}

// restorelessMailbox is a mailbox without store.SoftDeletedRestorer.
type restorelessMailbox struct {
	store.Mailbox
	store.Tables
	store.SoftDeletedTables
	store.SoftDeletedReader
}

// A store that cannot restore has no Recoverable Items folders.
func TestRecoverableItemsUnsupported(t *testing.T) {
	e := newEnv(t)
	mb, err := e.st.OpenMailbox(t.Context(), user1)
	if err != nil {
		t.Fatal(err)
	}
	c := &call{h: e.h, ctx: t.Context(), req: &Request{Operation: "GetFolder"},
		mb: restorelessMailbox{mb, mb.(store.Tables), mb.(store.SoftDeletedTables), mb.(store.SoftDeletedReader)}}
	for name := range recoverNames {
		el := etree.NewElement("DistinguishedFolderId")
		el.CreateAttr("Id", name)
		_, err := c.resolveFolder(el)
		if e, ok := err.(*Error); !ok || e.Code != ErrorFolderNotFound {
			t.Errorf("%s: %v", name, err)
		}
	}
	c.mb = mb
	c.req.Operation = "GetFolder"
	el := etree.NewElement("DistinguishedFolderId")
	el.CreateAttr("Id", "recoverableitemsdeletions")
	if fid, err := c.resolveFolder(el); err != nil || recoverKindOf(fid) != recoverDeletions {
		t.Errorf("with the capability: %v %v", fid, err)
	}
}

// recoverKindOf recognises only the virtual folders' FIDs.
func TestRecoverKindOf(t *testing.T) {
	for k := recoverRoot; k <= recoverLast; k++ {
		if got := recoverKindOf(recoverFID(k)); got != k {
			t.Errorf("%v: %v", k, got)
		}
		if recoverNames[k.String()] != k {
			t.Errorf("name of %d: %q", k, k.String())
		}
	}
	for _, fid := range []store.FID{0, store.MakeFID(1), store.MakeFID(recoverBase), store.MakeFID(recoverBase + uint64(recoverLast) + 1), store.MakeFID(1<<48 - 1)} {
		if k := recoverKindOf(fid); k != 0 {
			t.Errorf("%v: %v", fid, k)
		}
	}
}

// TestRecoverableItemsRestoreTracked: a restore is a new item to
// SyncFolderItems of the target folder ([MS-OXWSSYNC] Create with the
// restored ItemId) and a CreatedEvent to a pull subscription on it.
func TestRecoverableItemsRestoreTracked(t *testing.T) {
	testRecoverableItemsRestoreTracked(t, newEnv(t))
}
func TestRecoverableItemsRestoreTrackedBolt(t *testing.T) {
	testRecoverableItemsRestoreTracked(t, newBoltEnv(t))
}

func testRecoverableItemsRestoreTracked(t *testing.T, e *env) {
	r := newRecoverEnv(t, e)
	sync := func(state string) (string, []string) {
		t.Helper()
		doc := r.call(`<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/></t:AdditionalProperties></m:ItemShape>` +
			`<m:SyncFolderId>` + dist("inbox") + `</m:SyncFolderId><m:SyncState>` + state + `</m:SyncState><m:MaxChangesReturned>100</m:MaxChangesReturned></m:SyncFolderItems>`)
		el := mustSuccess(t, doc)[0]
		var ch []string
		for _, c := range el.FindElements("Changes/*") {
			id, _ := idOf(c, "ItemId")
			ch = append(ch, c.Tag+":"+text(c, "Subject")+":"+id)
		}
		return text(el, "SyncState"), ch
	}
	state, _ := sync("")
	doc := r.call(`<m:Subscribe><m:PullSubscriptionRequest><t:FolderIds>` + dist("inbox") + `</t:FolderIds><t:EventTypes><t:EventType>CreatedEvent</t:EventType></t:EventTypes><t:Timeout>10</t:Timeout></m:PullSubscriptionRequest></m:Subscribe>`)
	el := mustSuccess(t, doc)[0]
	sid, wm := text(el, "SubscriptionId"), text(el, "Watermark")

	_, ids, _, _ := r.find(t, dist("recoverableitemsdeletions"), bySubject) // four, one, three
	m := mustSuccess(t, r.call(`<m:MoveItem><m:ToFolderId>`+dist("inbox")+`</m:ToFolderId><m:ItemIds>`+itemID(ids[2])+`</m:ItemIds></m:MoveItem>`))[0]
	newID, _ := idOf(m, "ItemId")
	_, ch := sync(state)
	if d := cmp.Diff([]string{"Create:three:" + newID}, ch); d != "" {
		t.Error(d)
	}
	doc = r.call(`<m:GetEvents><m:SubscriptionId>` + sid + `</m:SubscriptionId><m:Watermark>` + wm + `</m:Watermark></m:GetEvents>`)
	var evs []string
	for _, ev := range mustSuccess(t, doc)[0].FindElements("Notification/CreatedEvent") {
		id, _ := idOf(ev, "ItemId")
		evs = append(evs, id)
	}
	if d := cmp.Diff([]string{newID}, evs); d != "" {
		t.Errorf("CreatedEvents: %s", d)
	}
}

// TestRecoverableItemsEmpty: EmptyFolder of Deletions purges (HardDelete)
// or restores to Deleted Items (MoveToDeletedItems) every retained item;
// of the empty folders it does nothing.
func TestRecoverableItemsEmpty(t *testing.T)     { testRecoverableItemsEmpty(t, newEnv(t)) }
func TestRecoverableItemsEmptyBolt(t *testing.T) { testRecoverableItemsEmpty(t, newBoltEnv(t)) }

func testRecoverableItemsEmpty(t *testing.T, e *env) {
	r := newRecoverEnv(t, e)
	empty := func(typ, folder string) {
		t.Helper()
		mustSuccess(t, r.call(`<m:EmptyFolder DeleteType="`+typ+`" DeleteSubFolders="false"><m:FolderIds>`+dist(folder)+`</m:FolderIds></m:EmptyFolder>`))
	}
	empty("HardDelete", "recoverableitemspurges")
	empty("HardDelete", "recoverableitemsroot")
	if got, _, _, _ := r.find(t, dist("recoverableitemsdeletions"), bySubject); !slices.Equal(got, []string{"four", "one", "three"}) {
		t.Fatalf("deletions %q", got)
	}
	empty("MoveToDeletedItems", "recoverableitemsdeletions")
	if got, _, _, _ := r.find(t, dist("deleteditems"), bySubject); !slices.Equal(got, []string{"four", "one", "three"}) {
		t.Errorf("deleted items %q", got)
	}
	if got, _, _, n := r.find(t, dist("recoverableitemsdeletions"), ""); len(got) != 0 || n != "0" {
		t.Errorf("deletions after restoring all %q", got)
	}
	// Delete them again, then purge all.
	_, ids, _, _ := r.find(t, dist("deleteditems"), "")
	mustSuccess(t, r.del("SoftDelete", ids...))
	mustSuccess(t, r.del("SoftDelete", r.ids["live"]))
	if got, _, _, _ := r.find(t, dist("recoverableitemsdeletions"), bySubject); !slices.Equal(got, []string{"four", "live", "one", "three"}) {
		t.Fatalf("deletions %q", got)
	}
	empty("HardDelete", "recoverableitemsdeletions")
	if got, _, _, n := r.find(t, dist("recoverableitemsdeletions"), ""); len(got) != 0 || n != "0" {
		t.Errorf("deletions after purging all %q", got)
	}
	_, msgs := messages(r.call(`<m:MoveItem><m:ToFolderId>` + dist("inbox") + `</m:ToFolderId><m:ItemIds>` + itemID(ids[0]) + `</m:ItemIds></m:MoveItem>`))
	if d := cmp.Diff([]respMsg{{"Error", "ErrorItemNotFound"}}, msgs); d != "" {
		t.Errorf("restoring a purged item: %s", d)
	}
}

// TestRecoverableItemsCalendarView: a soft-deleted meeting shows in a
// CalendarView of Deletions ([MS-OXWSSRCH] 2.2.4.5), nothing in the
// empty folders.
func TestRecoverableItemsCalendarView(t *testing.T) {
	e := newEnv(t)
	doc := e.call(`<m:CreateItem SendMeetingInvitations="SendToNone"><m:SavedItemFolderId>` + dist("calendar") + `</m:SavedItemFolderId><m:Items>` +
		`<t:CalendarItem><t:Subject>gone meeting</t:Subject><t:Start>2030-05-01T10:00:00Z</t:Start><t:End>2030-05-01T11:00:00Z</t:End></t:CalendarItem></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	mustSuccess(t, e.call(`<m:DeleteItem DeleteType="SoftDelete" SendMeetingCancellations="SendToNone"><m:ItemIds>`+itemID(id)+`</m:ItemIds></m:DeleteItem>`))
	view := func(folder string) []string {
		t.Helper()
		doc := e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape>` +
			`<m:CalendarView StartDate="2030-05-01T00:00:00Z" EndDate="2030-05-02T00:00:00Z"/><m:ParentFolderIds>` + dist(folder) + `</m:ParentFolderIds></m:FindItem>`)
		var out []string
		for _, it := range mustSuccess(t, doc)[0].FindElements("RootFolder/Items/*") {
			out = append(out, text(it, "Subject"))
		}
		return out
	}
	if got := view("recoverableitemsdeletions"); !slices.Equal(got, []string{"gone meeting"}) {
		t.Errorf("Deletions: %q", got)
	}
	if got := view("recoverableitemspurges"); len(got) != 0 {
		t.Errorf("Purges: %q", got)
	}
	if got := view("calendar"); len(got) != 0 {
		t.Errorf("Calendar still shows %q", got)
	}
	// Purged: gone from the view.
	mustSuccess(t, e.call(`<m:DeleteItem DeleteType="HardDelete" SendMeetingCancellations="SendToNone"><m:ItemIds>`+itemID(id)+`</m:ItemIds></m:DeleteItem>`))
	if got := view("recoverableitemsdeletions"); len(got) != 0 {
		t.Errorf("Deletions after the purge: %q", got)
	}
}

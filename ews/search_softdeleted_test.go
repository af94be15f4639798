package ews

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/store"
)

// TestFindItemSoftDeleted: Traversal SoftDeleted ([MS-OXWSSRCH]
// ItemQueryTraversalType) lists the items DeleteItem soft-deleted from
// the folder, not hard-deleted or moved ones, with restrictions, sort
// and paging as usual.
func TestFindItemSoftDeleted(t *testing.T) { testFindItemSoftDeleted(t, newEnv(t)) }

func TestFindItemSoftDeletedBolt(t *testing.T) { testFindItemSoftDeleted(t, newBoltEnv(t)) }

func testFindItemSoftDeleted(t *testing.T, e *env) {
	del := func(typ string, ids ...string) {
		t.Helper()
		s := ""
		for _, id := range ids {
			s += itemID(id)
		}
		mustSuccess(t, e.call(`<m:DeleteItem DeleteType="`+typ+`"><m:ItemIds>`+s+`</m:ItemIds></m:DeleteItem>`))
	}
	var ids []string
	for _, s := range []string{"one", "two", "three", "four"} {
		id, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>`+s+`</t:Subject>`)
		ids = append(ids, id)
	}
	del("SoftDelete", ids[2], ids[0])
	del("HardDelete", ids[1])
	del("MoveToDeletedItems", ids[3])
	find := func(extra string) []string {
		t.Helper()
		doc := e.call(`<m:FindItem Traversal="SoftDeleted"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape>` + extra +
			`<m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds></m:FindItem>`)
		var out []string
		for _, m := range mustSuccess(t, doc)[0].FindElements("RootFolder/Items/*") {
			out = append(out, text(m, "Subject"))
		}
		return out
	}
	if d := cmp.Diff([]string{"three", "one"}, find("")); d != "" {
		t.Fatal(d)
	}
	// They keep their ItemIds.
	doc := e.call(`<m:FindItem Traversal="SoftDeleted"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds></m:FindItem>`)
	var got []string
	for _, el := range mustSuccess(t, doc)[0].FindElements("RootFolder/Items/*/ItemId") {
		got = append(got, el.SelectAttrValue("Id", ""))
	}
	if d := cmp.Diff([]string{ids[2], ids[0]}, got); d != "" {
		t.Fatal(d)
	}
	sort := `<m:SortOrder><t:FieldOrder Order="Ascending"><t:FieldURI FieldURI="item:Subject"/></t:FieldOrder></m:SortOrder>`
	if d := cmp.Diff([]string{"one", "three"}, find(sort)); d != "" {
		t.Fatal(d)
	}
	if d := cmp.Diff([]string{"three"}, find(qs("subject:three"))); d != "" {
		t.Fatal(d)
	}
	if d := cmp.Diff([]string{"three"}, find(`<m:IndexedPageItemView MaxEntriesReturned="1" Offset="1" BasePoint="Beginning"/>`+sort)); d != "" {
		t.Fatal(d)
	}
	// The normal view no longer has them; Deleted Items has the moved one
	// only, and nothing soft-deleted.
	if got, _ := findSubjects(t, e, ""); len(got) != 0 {
		t.Fatalf("inbox still lists %q", got)
	}
	doc = e.call(`<m:FindItem Traversal="SoftDeleted"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ParentFolderIds>` + dist("deleteditems") + `</m:ParentFolderIds></m:FindItem>`)
	if n := len(mustSuccess(t, doc)[0].FindElements("RootFolder/Items/*")); n != 0 {
		t.Fatalf("%d soft-deleted in Deleted Items", n)
	}
}

// softlessMailbox is a mailbox without store.SoftDeletedTables.
type softlessMailbox struct {
	store.Mailbox
	store.Tables
}

// A store that keeps no soft-deleted items answers a clear fault.
func TestFindItemSoftDeletedUnsupported(t *testing.T) {
	e := newEnv(t)
	mb, err := e.st.OpenMailbox(t.Context(), user1)
	if err != nil {
		t.Fatal(err)
	}
	c := &call{h: e.h, ctx: t.Context(), mb: softlessMailbox{mb, mb.(store.Tables)}}
	_, err = c.contentsQuery(true)
	if f, ok := err.(*Fault); !ok || f.Code != ErrorInvalidOperation {
		t.Fatalf("%v", err)
	}
	if _, err := c.contentsQuery(false); err != nil {
		t.Fatal(err)
	}
}

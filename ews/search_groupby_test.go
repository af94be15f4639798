package ews

import (
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
)

// groupView is a grouped FindItem answer as the tests compare it.
type groupView struct {
	Total, Last, Offset string
	Groups              []groupItems
}

type groupItems struct {
	Index    string
	Subjects []string
}

func viewGroups(t *testing.T, doc *etree.Document) groupView {
	t.Helper()
	els := mustSuccess(t, doc)
	rf := els[0].SelectElement("RootFolder")
	if rf.SelectElement("Items") != nil {
		t.Fatal("grouped answer has Items")
	}
	v := groupView{Total: rf.SelectAttrValue("TotalItemsInView", ""), Last: rf.SelectAttrValue("IncludesLastItemInRange", ""), Offset: rf.SelectAttrValue("IndexedPagingOffset", "")}
	for _, g := range rf.FindElements("Groups/GroupedItems") {
		gi := groupItems{Index: text(g, "GroupIndex")}
		for _, m := range g.FindElements("Items/*") {
			gi.Subjects = append(gi.Subjects, text(m, "Subject"))
		}
		v.Groups = append(v.Groups, gi)
	}
	return v
}

func findGrouped(e *env, view, group, sort string) *etree.Document {
	return e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape>` + view + group +
		sort + `<m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds></m:FindItem>`)
}

const byReceived = `<m:SortOrder><t:FieldOrder Order="Ascending"><t:FieldURI FieldURI="item:DateTimeReceived"/></t:FieldOrder></m:SortOrder>`

// TestGroupBy follows [MS-OXWSSRCH] GroupByType: groups of equal values,
// ordered by the aggregate of AggregateOn, items inside in SortOrder.
func TestGroupBy(t *testing.T) {
	e := newEnv(t)
	searchFixture(t, e)
	// By conversation topic (set from the subject, without "Re: "),
	// groups ordered by their latest item, newest group first.
	doc := findGrouped(e, "", `<m:GroupBy Order="Descending"><t:FieldURI FieldURI="message:ConversationTopic"/>`+
		`<t:AggregateOn Aggregate="Maximum"><t:FieldURI FieldURI="item:DateTimeReceived"/></t:AggregateOn></m:GroupBy>`, byReceived)
	want := groupView{Total: "4", Last: "true", Offset: "4", Groups: []groupItems{
		{"Holiday photos", []string{"Holiday photos"}},
		{"Quarterly report", []string{"Quarterly report", "Re: Quarterly report"}},
		{"Lunch plans", []string{"Lunch plans"}},
	}}
	if d := cmp.Diff(want, viewGroups(t, doc)); d != "" {
		t.Fatal(d)
	}
	// Minimum, ascending: the group whose earliest item is oldest first.
	doc = findGrouped(e, "", `<m:GroupBy Order="Ascending"><t:FieldURI FieldURI="message:ConversationTopic"/>`+
		`<t:AggregateOn Aggregate="Minimum"><t:FieldURI FieldURI="item:DateTimeReceived"/></t:AggregateOn></m:GroupBy>`, byReceived)
	want.Groups = []groupItems{
		{"Quarterly report", []string{"Quarterly report", "Re: Quarterly report"}},
		{"Lunch plans", []string{"Lunch plans"}},
		{"Holiday photos", []string{"Holiday photos"}},
	}
	if d := cmp.Diff(want, viewGroups(t, doc)); d != "" {
		t.Fatal(d)
	}
	// Paging counts items: the second page of two cuts the report group.
	doc = findGrouped(e, `<m:IndexedPageItemView MaxEntriesReturned="2" Offset="1" BasePoint="Beginning"/>`, `<m:GroupBy Order="Ascending"><t:FieldURI FieldURI="message:ConversationTopic"/>`+
		`<t:AggregateOn Aggregate="Minimum"><t:FieldURI FieldURI="item:DateTimeReceived"/></t:AggregateOn></m:GroupBy>`, byReceived)
	want = groupView{Total: "4", Last: "false", Offset: "3", Groups: []groupItems{
		{"Quarterly report", []string{"Re: Quarterly report"}},
		{"Lunch plans", []string{"Lunch plans"}},
	}}
	if d := cmp.Diff(want, viewGroups(t, doc)); d != "" {
		t.Fatal(d)
	}
	// ItemsPerGroup caps each group; grouping by an extended property.
	doc = findGrouped(e, "", `<m:GroupBy Order="Ascending"><t:ExtendedFieldURI PropertyTag="0x0070" PropertyType="String"/>`+
		`<t:AggregateOn Aggregate="Minimum"><t:FieldURI FieldURI="item:DateTimeReceived"/></t:AggregateOn><t:ItemsPerGroup>1</t:ItemsPerGroup></m:GroupBy>`, byReceived)
	want = groupView{Total: "4", Last: "true", Offset: "4", Groups: []groupItems{
		{"Quarterly report", []string{"Quarterly report"}},
		{"Lunch plans", []string{"Lunch plans"}},
		{"Holiday photos", []string{"Holiday photos"}},
	}}
	if d := cmp.Diff(want, viewGroups(t, doc)); d != "" {
		t.Fatal(d)
	}
	// DistinguishedGroupBy ConversationTopic: latest item decides.
	doc = findGrouped(e, "", `<m:DistinguishedGroupBy Order="Ascending"><t:StandardGroupBy>ConversationTopic</t:StandardGroupBy></m:DistinguishedGroupBy>`, byReceived)
	want = groupView{Total: "4", Last: "true", Offset: "4", Groups: []groupItems{
		{"Lunch plans", []string{"Lunch plans"}},
		{"Quarterly report", []string{"Quarterly report", "Re: Quarterly report"}},
		{"Holiday photos", []string{"Holiday photos"}},
	}}
	if d := cmp.Diff(want, viewGroups(t, doc)); d != "" {
		t.Fatal(d)
	}
	// With a QueryString, only matching items are grouped.
	doc = findGrouped(e, "", `<m:DistinguishedGroupBy Order="Descending"><t:StandardGroupBy>ConversationTopic</t:StandardGroupBy></m:DistinguishedGroupBy>`, byReceived+qs("to:bob"))
	want = groupView{Total: "2", Last: "true", Offset: "2", Groups: []groupItems{
		{"Quarterly report", []string{"Re: Quarterly report"}},
		{"Lunch plans", []string{"Lunch plans"}},
	}}
	if d := cmp.Diff(want, viewGroups(t, doc)); d != "" {
		t.Fatal(d)
	}
}

func TestGroupByErrors(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ group, code string }{
		{`<m:GroupBy Order="Sideways"><t:FieldURI FieldURI="item:Subject"/><t:AggregateOn Aggregate="Minimum"><t:FieldURI FieldURI="item:Size"/></t:AggregateOn></m:GroupBy>`, "ErrorSchemaValidation"},
		{`<m:GroupBy Order="Ascending"><t:FieldURI FieldURI="item:Subject"/></m:GroupBy>`, "ErrorSchemaValidation"},
		{`<m:GroupBy Order="Ascending"><t:FieldURI FieldURI="item:Subject"/><t:AggregateOn Aggregate="Average"><t:FieldURI FieldURI="item:Size"/></t:AggregateOn></m:GroupBy>`, "ErrorSchemaValidation"},
		{`<m:GroupBy Order="Ascending"><t:FieldURI FieldURI="item:Attachments"/><t:AggregateOn Aggregate="Minimum"><t:FieldURI FieldURI="item:Size"/></t:AggregateOn></m:GroupBy>`, "ErrorUnsupportedPathForSortGroup"},
		{`<m:DistinguishedGroupBy Order="Ascending"><t:StandardGroupBy>Sender</t:StandardGroupBy></m:DistinguishedGroupBy>`, "ErrorSchemaValidation"},
	} {
		_, doc := e.postAs(user1, envelope(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>`+tc.group+
			`<m:ParentFolderIds>`+dist("inbox")+`</m:ParentFolderIds></m:FindItem>`))
		if f := faultCode(doc); f != tc.code {
			t.Errorf("%s: fault %q, want %s", tc.group, f, tc.code)
		}
	}
}

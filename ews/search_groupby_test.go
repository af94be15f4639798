package ews

import (
	"strconv"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
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

// TestGroupRows: strings group without regard to case, items without the
// property form the last group, the aggregate orders the groups.
func TestGroupRows(t *testing.T) {
	row := func(subject string, size int32) store.Row {
		var p []mapi.PropValue
		if subject != "" {
			p = append(p, mapi.PropValue{Tag: mapi.PidTagSubject, Value: subject})
		}
		return store.Row{Props: append(p, mapi.PropValue{Tag: mapi.PidTagMessageSize, Value: size})}
	}
	g := &groupBy{group: mapi.PidTagSubject, agg: mapi.PidTagMessageSize, max: true}
	groups := g.groupRows([]store.Row{row("Alpha", 5), row("beta", 9), row("", 100), row("ALPHA", 20), row("Beta", 1)})
	var got []string
	for _, gr := range groups {
		got = append(got, groupIndex(gr.key)+"/"+strconv.Itoa(len(gr.rows))+"/"+formatValue(gr.agg))
	}
	// Ascending by the maximum size; the group without a subject has the
	// largest aggregate and its index is "".
	if d := cmp.Diff([]string{"beta/2/9", "Alpha/2/20", "/1/100"}, got); d != "" {
		t.Fatal(d)
	}
	g.descending = true
	got = got[:0]
	for _, gr := range g.groupRows([]store.Row{row("x", 1), row("y", 2)}) {
		got = append(got, groupIndex(gr.key))
	}
	if d := cmp.Diff([]string{"y", "x"}, got); d != "" {
		t.Fatal(d)
	}
}

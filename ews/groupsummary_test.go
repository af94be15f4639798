package ews

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
)

// summaryView is one t:GroupedItems with its t:GroupSummary (types.xsd
// GroupedItemsType / GroupSummaryType, Exchange 2013 schema).
type summaryView struct {
	Index, Count, Unread, Value string
	Key                         string
	Items                       int
}

func viewSummaries(t *testing.T, doc *etree.Document) []summaryView {
	t.Helper()
	var out []summaryView
	for _, g := range mustSuccess(t, doc)[0].FindElements("RootFolder/Groups/GroupedItems") {
		v := summaryView{Index: text(g, "GroupIndex"), Items: len(g.FindElements("Items/*"))}
		if s := g.SelectElement("GroupSummary"); s != nil {
			v.Count, v.Unread, v.Value, v.Key = text(s, "GroupCount"), text(s, "UnreadCount"), text(s, "GroupByValue"), text(s, "InstanceKey")
			if k, err := base64.StdEncoding.DecodeString(v.Key); err != nil || len(k) != 8 {
				t.Errorf("InstanceKey %q is not 8 bytes of base64", v.Key)
			}
		}
		out = append(out, v)
	}
	return out
}

func TestGroupSummary(t *testing.T) {
	e := newEnv(t)
	mk := func(subject, read, recv string) {
		createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>`+subject+`</t:Subject>`+received(recv)+`<t:IsRead>`+read+`</t:IsRead>`)
	}
	mk("Plan", "false", "2024-01-10T10:00:00Z")
	mk("Re: Plan", "true", "2024-01-11T10:00:00Z")
	mk("RE: Plan", "false", "2024-01-12T10:00:00Z")
	mk("Other", "true", "2024-01-09T10:00:00Z")
	group := `<m:DistinguishedGroupBy Order="Descending"><t:StandardGroupBy>ConversationTopic</t:StandardGroupBy></m:DistinguishedGroupBy>`
	find := func(version, view string) *etree.Document {
		_, doc := e.postAs(user1, strings.Replace(envelope(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>`+view+group+byReceived+
			`<m:ParentFolderIds>`+dist("inbox")+`</m:ParentFolderIds></m:FindItem>`), `Version="Exchange2016"`, `Version="`+version+`"`, 1))
		return doc
	}
	got := viewSummaries(t, find("Exchange2013", ""))
	if len(got) != 2 {
		t.Fatalf("%+v", got)
	}
	planKey, otherKey := got[0].Key, got[1].Key
	want := []summaryView{
		{Index: "Plan", Count: "3", Unread: "2", Value: "Plan", Key: planKey, Items: 3},
		{Index: "Other", Count: "1", Unread: "0", Value: "Other", Key: otherKey, Items: 1},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
	if planKey == otherKey {
		t.Fatal("two groups share an InstanceKey")
	}
	// A page with part of a group: the summary still counts the whole
	// group, and the key is the same as before.
	got = viewSummaries(t, find("Exchange2016", `<m:IndexedPageItemView MaxEntriesReturned="1" Offset="1" BasePoint="Beginning"/>`))
	want = []summaryView{{Index: "Plan", Count: "3", Unread: "2", Value: "Plan", Key: planKey, Items: 1}}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
	// Exchange2010 schemas have no GroupSummary.
	got = viewSummaries(t, find("Exchange2010_SP2", ""))
	want = []summaryView{{Index: "Plan", Items: 3}, {Index: "Other", Items: 1}}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
}

package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

func tables(t *testing.T, mb store.Mailbox) store.Tables {
	t.Helper()
	tb, ok := mb.(store.Tables)
	if !ok {
		t.Skip("store does not implement store.Tables")
	}
	return tb
}

// tagKeywords is a multi-valued string property for the table tests.
var tagKeywords = mapi.NewPropTag(0x6720, mapi.PtypMultipleString)

// tableMessages fills fid with n varied messages.
func tableMessages(t *testing.T, mb store.Mailbox, fid store.FID, n int) []store.MID {
	t.Helper()
	words := []string{"alpha", "Beta", "gamma", "ALPHA", "delta", "epsilon", "Zeta", "eta", "théta", ""}
	var ids []store.MID
	for i := range n {
		props := []mapi.PropValue{
			{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
			{Tag: mapi.PidTagImportance, Value: int32((i * 7) % 3)},
		}
		if w := words[(i*3)%len(words)]; w != "" || i%2 == 0 {
			props = append(props, mapi.PropValue{Tag: mapi.PidTagSubject, Value: fmt.Sprintf("%s %d", w, i%4)})
		}
		if i%5 != 0 {
			props = append(props, mapi.PropValue{Tag: mapi.PidTagMessageDeliveryTime, Value: base.Add(time.Duration((i*37)%n) * time.Hour)})
		}
		if i%3 == 0 {
			props = append(props, mapi.PropValue{Tag: mapi.PidTagBody, Value: fmt.Sprintf("body %d with some text", i)})
		}
		if i%4 == 1 {
			props = append(props, mapi.PropValue{Tag: tagKeywords, Value: []string{"red", words[i%len(words)]}})
		}
		m := &store.Message{Props: props, Read: i%6 == 0}
		if i%7 == 0 {
			m.Recipients = []store.Recipient{{Props: []mapi.PropValue{
				{Tag: mapi.PidTagDisplayName, Value: fmt.Sprintf("Person %d", i%3)},
				{Tag: mapi.PidTagRecipientType, Value: int32(1)},
			}}}
		}
		ids = append(ids, createMsg(t, mb, fid, m).ID)
	}
	return ids
}

type tableCase struct {
	name string
	r    mapi.Restriction
	sort mapi.SortOrderSet
}

func sortBy(orders ...mapi.SortOrder) mapi.SortOrderSet { return mapi.SortOrderSet{Orders: orders} }

func tableCases() []tableCase {
	asc := func(t mapi.PropTag) mapi.SortOrder { return mapi.SortOrder{PropTag: t, Order: mapi.Ascending} }
	desc := func(t mapi.PropTag) mapi.SortOrder { return mapi.SortOrder{PropTag: t, Order: mapi.Descending} }
	mid := base.Add(40 * time.Hour)
	restrictions := []struct {
		name string
		r    mapi.Restriction
	}{
		{"all", nil},
		{"subject=alpha 0", mapi.PropertyRestriction{RelOp: mapi.RelOpEqual, PropTag: mapi.PidTagSubject, Value: mapi.PropValue{Tag: mapi.PidTagSubject, Value: "alpha 0"}}},
		{"importance>=1", mapi.PropertyRestriction{RelOp: mapi.RelOpGreaterThanOrEqual, PropTag: mapi.PidTagImportance, Value: mapi.PropValue{Tag: mapi.PidTagImportance, Value: int32(1)}}},
		{"body and not importance 2", mapi.AndRestriction{Restricts: []mapi.Restriction{
			mapi.ExistRestriction{PropTag: mapi.PidTagBody},
			mapi.NotRestriction{Restriction: mapi.PropertyRestriction{RelOp: mapi.RelOpEqual, PropTag: mapi.PidTagImportance, Value: mapi.PropValue{Tag: mapi.PidTagImportance, Value: int32(2)}}},
		}}},
		{"substring or read", mapi.OrRestriction{Restricts: []mapi.Restriction{
			mapi.ContentRestriction{FuzzyLevelLow: mapi.FuzzySubstring, FuzzyLevelHigh: mapi.FuzzyIgnoreCase, PropTag: mapi.PidTagSubject, Value: mapi.PropValue{Tag: mapi.PidTagSubject, Value: "ET"}},
			mapi.BitmaskRestriction{BitmapRelOp: mapi.BitmaskNotEqualZero, PropTag: mapi.PidTagMessageFlags, Mask: 1},
		}}},
		{"prefix", mapi.ContentRestriction{FuzzyLevelLow: mapi.FuzzyPrefix, FuzzyLevelHigh: mapi.FuzzyIgnoreCase, PropTag: mapi.PidTagSubject, Value: mapi.PropValue{Tag: mapi.PidTagSubject, Value: "al"}}},
		{"delivered before", mapi.PropertyRestriction{RelOp: mapi.RelOpLessThan, PropTag: mapi.PidTagMessageDeliveryTime, Value: mapi.PropValue{Tag: mapi.PidTagMessageDeliveryTime, Value: mid}}},
		{"recipient", mapi.SubObjectRestriction{SubObject: mapi.PidTagMessageRecipients, Restriction: mapi.ContentRestriction{
			FuzzyLevelLow: mapi.FuzzySubstring, PropTag: mapi.PidTagDisplayName, Value: mapi.PropValue{Tag: mapi.PidTagDisplayName, Value: "Person 1"}}}},
		{"keyword", mapi.ContentRestriction{FuzzyLevelLow: mapi.FuzzyFullString, PropTag: tagKeywords, Value: mapi.PropValue{Tag: mapi.PidTagSubject, Value: "red"}}},
		{"unread", mapi.BitmaskRestriction{BitmapRelOp: mapi.BitmaskEqualZero, PropTag: mapi.PidTagMessageFlags, Mask: 1}},
		{"subject size", mapi.SizeRestriction{RelOp: mapi.RelOpGreaterThan, PropTag: mapi.PidTagSubject, Size: 14}},
	}
	sorts := []struct {
		name string
		s    mapi.SortOrderSet
	}{
		{"unsorted", mapi.SortOrderSet{}},
		{"delivery desc", sortBy(desc(mapi.PidTagMessageDeliveryTime))},
		{"importance asc subject desc", sortBy(asc(mapi.PidTagImportance), desc(mapi.PidTagSubject))},
		{"subject asc delivery asc", sortBy(asc(mapi.PidTagSubject), asc(mapi.PidTagMessageDeliveryTime))},
		{"size desc", sortBy(desc(mapi.PidTagMessageSize))},
		{"flags asc delivery desc", sortBy(asc(mapi.PidTagMessageFlags), desc(mapi.PidTagMessageDeliveryTime))},
	}
	var out []tableCase
	for _, r := range restrictions {
		for _, s := range sorts {
			out = append(out, tableCase{r.name + "/" + s.name, r.r, s.s})
		}
	}
	return out
}

// bagOf turns a message into a mapi.Object with its tables.
func bagOf(m *store.Message) *mapi.Bag {
	b := &mapi.Bag{Props: m.Props}
	for _, r := range m.Recipients {
		b.Recipients = append(b.Recipients, &mapi.Bag{Props: r.Props})
	}
	for _, a := range m.Attachments {
		b.Attachments = append(b.Attachments, &mapi.Bag{Props: a.Props})
	}
	return b
}

// reference computes a query's answer from whole messages with mapi's
// evaluator and comparator: the semantics store.Tables documents.
func reference(t *testing.T, mb store.Mailbox, ids []store.MID, tc tableCase) []store.MID {
	t.Helper()
	type row struct {
		id  store.MID
		obj *mapi.Bag
	}
	var rows []row
	for _, id := range ids {
		m := must[*store.Message](t, "Message")(mb.Message(ctx(t), id, nil))
		b := bagOf(m)
		if tc.r != nil {
			ok, err := mapi.Evaluate(tc.r, b)
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			if !ok {
				continue
			}
		}
		rows = append(rows, row{id, b})
	}
	slices.SortStableFunc(rows, func(a, b row) int {
		if c := tc.sort.Compare(a.obj, b.obj); c != 0 {
			return c
		}
		switch x, y := a.id.GlobalCounter(), b.id.GlobalCounter(); {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	out := make([]store.MID, len(rows))
	for i, r := range rows {
		out[i] = r.id
	}
	return out
}

func query(t *testing.T, tb store.Tables, fid store.FID, q *store.Query) *store.QueryResult {
	t.Helper()
	res, err := tb.QueryMessages(ctx(t), fid, q)
	if err != nil {
		t.Fatalf("QueryMessages: %v", err)
	}
	return res
}

func rowIDs(rows []store.Row) []store.MID {
	out := make([]store.MID, len(rows))
	for i, r := range rows {
		out[i] = r.Message
	}
	return out
}

func checkTables(t *testing.T, mb store.Mailbox, fid store.FID, ids []store.MID, pageChecks bool) {
	t.Helper()
	tb := tables(t, mb)
	cols := []mapi.PropTag{mapi.PidTagSubject, mapi.PidTagMessageDeliveryTime, mapi.PidTagMid, mapi.PidTagMessageFlags}
	for i, tc := range tableCases() {
		want := reference(t, mb, ids, tc)
		res := query(t, tb, fid, &store.Query{Restriction: tc.r, Sort: tc.sort, Columns: cols})
		if res.Total != len(want) {
			t.Errorf("%s: Total %d, want %d", tc.name, res.Total, len(want))
		}
		if got := rowIDs(res.Rows); !slices.Equal(got, want) {
			t.Errorf("%s: rows\n got %v\nwant %v", tc.name, got, want)
			continue
		}
		for _, r := range res.Rows {
			if r.Folder != fid {
				t.Errorf("%s: row folder %v", tc.name, r.Folder)
			}
			if v, _ := prop(r.Props, mapi.PidTagMid); v != int64(r.Message) {
				t.Errorf("%s: PidTagMid column %v for %v", tc.name, v, r.Message)
			}
		}
		if !pageChecks || i%3 != 0 {
			continue
		}
		for _, limit := range []int{1, 7, 50} {
			var got []store.MID
			for off := 0; off < len(want)+limit; off += limit {
				page := query(t, tb, fid, &store.Query{Restriction: tc.r, Sort: tc.sort, Offset: off, Limit: limit})
				if page.Total != len(want) || len(page.Rows) > limit {
					t.Fatalf("%s: page at %d: Total %d, %d rows", tc.name, off, page.Total, len(page.Rows))
				}
				got = append(got, rowIDs(page.Rows)...)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: pages of %d\n got %v\nwant %v", tc.name, limit, got, want)
			}
		}
	}
}

func (s *suite) testTables(t *testing.T) {
	_, mb := s.mailbox(t)
	tb := tables(t, mb)
	f := newFolder(t, mb, special(t, mb, store.FolderInbox), "Table")
	ids := tableMessages(t, mb, f, s.scaled(90))
	checkTables(t, mb, f, ids, true)
	// FAI rows live in their own table.
	fai := createMsg(t, mb, f, &store.Message{Associated: true, Props: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "alpha 0"}}}).ID
	if res := query(t, tb, f, &store.Query{Associated: true}); res.Total != 1 || len(res.Rows) != 1 || res.Rows[0].Message != fai {
		t.Errorf("associated table: %+v", res)
	}
	checkTables(t, mb, f, ids, false)
	// Bad queries.
	if _, err := tb.QueryMessages(ctx(t), f, &store.Query{Offset: -1}); !errorsIs(err, store.ErrInvalidArgument) {
		t.Errorf("negative offset: %v", err)
	}
	if _, err := tb.QueryMessages(ctx(t), store.MakeFID(0xFFFFFFFF), nil); !errorsIs(err, store.ErrNotFound) {
		t.Errorf("unknown folder: %v", err)
	}
	if res := query(t, tb, f, &store.Query{Offset: 1000}); res.Total != len(ids) || len(res.Rows) != 0 {
		t.Errorf("offset past the end: %+v", res)
	}
}

func (s *suite) testTablesAfterWrites(t *testing.T) {
	_, mb := s.mailbox(t)
	c := ctx(t)
	inbox := special(t, mb, store.FolderInbox)
	f := newFolder(t, mb, inbox, "Table")
	other := newFolder(t, mb, inbox, "Other")
	ids := tableMessages(t, mb, f, s.scaled(60))
	checkTables(t, mb, f, ids, false) // builds whatever indexes the store keeps
	// Change sort keys, read flags and membership.
	for i, id := range ids {
		switch i % 6 {
		case 0:
			must[*store.MessageInfo](t, "UpdateMessage")(mb.UpdateMessage(c, id, &store.MessageUpdate{Set: []mapi.PropValue{
				{Tag: mapi.PidTagSubject, Value: fmt.Sprintf("Zeta %d", i)},
				{Tag: mapi.PidTagMessageDeliveryTime, Value: base.Add(-time.Duration(i) * time.Hour)},
			}}))
		case 1:
			must[*store.MessageInfo](t, "UpdateMessage")(mb.UpdateMessage(c, id, &store.MessageUpdate{Remove: []mapi.PropTag{mapi.PidTagSubject, mapi.PidTagMessageDeliveryTime}}))
		case 2:
			must[*store.MessageInfo](t, "UpdateMessage")(mb.UpdateMessage(c, id, &store.MessageUpdate{Set: []mapi.PropValue{{Tag: mapi.PidTagImportance, Value: int32(2)}, {Tag: mapi.PidTagBody, Value: "much longer body to change the size ordering of this message"}}}))
		}
	}
	must[[]store.MID](t, "SetReadFlags")(mb.SetReadFlags(c, f, ids[:len(ids)/2], true))
	must[[]store.MID](t, "SetReadFlags")(mb.SetReadFlags(c, f, ids[:len(ids)/4], false))
	must[[]store.MID](t, "DeleteMessages")(mb.DeleteMessages(c, f, ids[len(ids)-5:], nil))
	mv := must[[]store.MovedMessage](t, "MoveMessages")(mb.MoveMessages(c, f, other, ids[len(ids)-10:len(ids)-5]))
	live := slices.Clone(ids[:len(ids)-10])
	back := must[[]store.MovedMessage](t, "MoveMessages")(mb.MoveMessages(c, other, f, []store.MID{mv[0].New}))
	live = append(live, back[0].New)
	live = append(live, tableMessages(t, mb, f, 7)...)
	checkTables(t, mb, f, live, true)
}

func (s *suite) testHierarchyTable(t *testing.T) {
	_, mb := s.mailbox(t)
	tb := tables(t, mb)
	c := ctx(t)
	root := newFolder(t, mb, special(t, mb, store.FolderIPMSubtree), "H")
	names := []string{"b", "A", "c", "D"}
	var kids []store.FID
	for _, n := range names {
		kids = append(kids, newFolder(t, mb, root, n))
	}
	g := newFolder(t, mb, kids[0], "aa")
	createMsg(t, mb, kids[2], simpleMessage("x", 0))
	res := must[*store.QueryResult](t, "QueryFolders")(tb.QueryFolders(c, root, &store.Query{Columns: []mapi.PropTag{mapi.PidTagDisplayName}}))
	if res.Total != 4 || len(res.Rows) != 4 {
		t.Fatalf("QueryFolders: %+v", res)
	}
	for i, r := range res.Rows {
		if r.Folder != kids[i] || r.Message != 0 {
			t.Errorf("row %d = %+v, want folder %v (creation order)", i, r, kids[i])
		}
	}
	sorted := must[*store.QueryResult](t, "QueryFolders")(tb.QueryFolders(c, root, &store.Query{
		Sort: sortBy(mapi.SortOrder{PropTag: mapi.PidTagDisplayName, Order: mapi.Ascending}), Recursive: true}))
	var got []store.FID
	for _, r := range sorted.Rows {
		got = append(got, r.Folder)
	}
	if want := []store.FID{kids[1], g, kids[0], kids[2], kids[3]}; !slices.Equal(got, want) {
		t.Errorf("recursive sorted: %v, want %v", got, want)
	}
	withMail := must[*store.QueryResult](t, "QueryFolders")(tb.QueryFolders(c, root, &store.Query{
		Restriction: mapi.PropertyRestriction{RelOp: mapi.RelOpGreaterThan, PropTag: mapi.PidTagContentCount, Value: mapi.PropValue{Tag: mapi.PidTagContentCount, Value: int32(0)}}}))
	if withMail.Total != 1 || withMail.Rows[0].Folder != kids[2] {
		t.Errorf("restricted hierarchy: %+v", withMail)
	}
	page := must[*store.QueryResult](t, "QueryFolders")(tb.QueryFolders(c, root, &store.Query{Offset: 1, Limit: 2}))
	if page.Total != 4 || len(page.Rows) != 2 || page.Rows[0].Folder != kids[1] {
		t.Errorf("paged hierarchy: %+v", page)
	}
}

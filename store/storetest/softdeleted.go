package storetest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// testSoftDeleted checks store.SoftDeletedTables: soft deletes are
// retained and listed per folder with the query semantics of Tables;
// hard deletes, moves and deleted folders are not.
func (s *suite) testSoftDeleted(t *testing.T) {
	_, mb := s.mailbox(t)
	sd, ok := mb.(store.SoftDeletedTables)
	if !ok {
		t.Skip("store does not implement store.SoftDeletedTables")
	}
	c := ctx(t)
	root := special(t, mb, store.FolderIPMSubtree)
	f := newFolder(t, mb, root, "soft")
	other := newFolder(t, mb, root, "other")
	subject := func(i int) string { return []string{"delta", "alpha", "charlie", "bravo", "echo"}[i] }
	var ids []store.MID
	big := strings.Repeat("large body ", 1000) // past any inline-value threshold
	for i := range 5 {
		props := []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: subject(i)}}
		if i == 2 {
			props = append(props, mapi.PropValue{Tag: mapi.PidTagBody, Value: big})
		}
		ids = append(ids, createMsg(t, mb, f, &store.Message{Props: props}).ID)
	}
	fai := createMsg(t, mb, f, &store.Message{Associated: true, Props: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "fai"}}}).ID
	list := func(q *store.Query) []string {
		t.Helper()
		if q.Columns == nil {
			q.Columns = []mapi.PropTag{mapi.PidTagSubject}
		}
		res := must[*store.QueryResult](t, "QuerySoftDeleted")(sd.QuerySoftDeleted(c, f, q))
		var out []string
		for _, r := range res.Rows {
			if r.Folder != f {
				t.Errorf("row folder %v, want %v", r.Folder, f)
			}
			v, _ := prop(r.Props, mapi.PidTagSubject)
			s, _ := v.(string)
			out = append(out, s)
		}
		return out
	}
	if got := list(&store.Query{}); len(got) != 0 {
		t.Fatalf("soft-deleted before any delete: %q", got)
	}
	// Soft: ids 2, 0, 3 (in that order); hard: 1; moved: 4.
	for _, id := range []store.MID{ids[2], ids[0], ids[3]} {
		must[[]store.MID](t, "DeleteMessages")(mb.DeleteMessages(c, f, []store.MID{id}, nil))
	}
	must[[]store.MID](t, "DeleteMessages")(mb.DeleteMessages(c, f, []store.MID{ids[1]}, &store.DeleteOptions{Hard: true}))
	must[[]store.MovedMessage](t, "MoveMessages")(mb.MoveMessages(c, f, other, []store.MID{ids[4]}))
	must[[]store.MID](t, "DeleteMessages")(mb.DeleteMessages(c, f, []store.MID{fai}, nil))
	if got, want := list(&store.Query{}), []string{"charlie", "delta", "bravo"}; !slices.Equal(got, want) {
		t.Errorf("soft-deleted %q, want %q (deletion order)", got, want)
	}
	var mids []store.MID
	for _, r := range must[*store.QueryResult](t, "QuerySoftDeleted")(sd.QuerySoftDeleted(c, f, nil)).Rows {
		mids = append(mids, r.Message)
	}
	if want := []store.MID{ids[2], ids[0], ids[3]}; !slices.Equal(mids, want) {
		t.Errorf("soft-deleted MIDs %v, want the former %v", mids, want)
	}
	sorted := list(&store.Query{Sort: mapi.SortOrderSet{Orders: []mapi.SortOrder{{PropTag: mapi.PidTagSubject, Order: mapi.Ascending}}}})
	if want := []string{"bravo", "charlie", "delta"}; !slices.Equal(sorted, want) {
		t.Errorf("sorted %q, want %q", sorted, want)
	}
	restricted := list(&store.Query{Restriction: mapi.ContentRestriction{FuzzyLevelLow: mapi.FuzzySubstring, PropTag: mapi.PidTagSubject, Value: mapi.PropValue{Tag: mapi.PidTagSubject, Value: "a"}},
		Offset: 1, Limit: 1})
	if want := []string{"delta"}; !slices.Equal(restricted, want) {
		t.Errorf("restricted page %q, want %q", restricted, want)
	}
	res := must[*store.QueryResult](t, "QuerySoftDeleted")(sd.QuerySoftDeleted(c, f, &store.Query{Restriction: mapi.ExistRestriction{PropTag: mapi.PidTagSubject}, Limit: 1}))
	if res.Total != 3 || len(res.Rows) != 1 {
		t.Errorf("Total %d, %d rows; want 3, 1", res.Total, len(res.Rows))
	}
	// Large values are retained too.
	res = must[*store.QueryResult](t, "QuerySoftDeleted")(sd.QuerySoftDeleted(c, f, &store.Query{Columns: []mapi.PropTag{mapi.PidTagBody}, Limit: 1}))
	if v, _ := prop(res.Rows[0].Props, mapi.PidTagBody); v != big {
		t.Errorf("large body of a soft-deleted message: %d bytes, want %d", len(fmt.Sprint(v)), len(big))
	}
	if got := list(&store.Query{Associated: true}); !slices.Equal(got, []string{"fai"}) {
		t.Errorf("associated soft-deleted %q", got)
	}
	// Retained messages are gone from the folder and cannot be opened.
	if got := list(&store.Query{}); len(got) != 3 {
		t.Fatal(got)
	}
	if _, err := mb.Message(c, ids[2], nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("opening a soft-deleted message: %v, want ErrNotFound", err)
	}
	// The other folder retained nothing; deleting the folder purges.
	if res := must[*store.QueryResult](t, "QuerySoftDeleted")(sd.QuerySoftDeleted(c, other, nil)); res.Total != 0 {
		t.Errorf("other folder: %d soft-deleted", res.Total)
	}
	if err := mb.DeleteFolder(c, f, &store.DeleteOptions{Hard: true, Recursive: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := sd.QuerySoftDeleted(c, f, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted folder: %v, want ErrNotFound", err)
	}
}

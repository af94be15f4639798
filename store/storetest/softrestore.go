package storetest

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// testSoftDeletedRestorer checks store.SoftDeletedRestorer: the
// mailbox-wide listing (live folders and retained soft-deleted folders),
// restore as a created message (change tracking, notifications, content,
// large values), copy-restore, purge, and ErrNotFound for what is not
// retained.
func (s *suite) testSoftDeletedRestorer(t *testing.T) {
	st, mb := s.mailbox(t)
	sr, ok := mb.(store.SoftDeletedRestorer)
	if !ok {
		t.Skip("store does not implement store.SoftDeletedRestorer")
	}
	c := ctx(t)
	root := special(t, mb, store.FolderIPMSubtree)
	a := newFolder(t, mb, root, "restore-a")
	b := newFolder(t, mb, root, "restore-b")
	gone := newFolder(t, mb, root, "restore-gone")
	dst := newFolder(t, mb, root, "restore-dst")
	big := strings.Repeat("large restored body ", 1000)
	mk := func(f store.FID, subject string, extra ...mapi.PropValue) store.MID {
		props := append([]mapi.PropValue{{Tag: mapi.PidTagSubject, Value: subject}}, extra...)
		return createMsg(t, mb, f, &store.Message{Props: props}).ID
	}
	a1 := mk(a, "a1", mapi.PropValue{Tag: mapi.PidTagBody, Value: big})
	a2 := mk(a, "a2")
	b1 := mk(b, "b1")
	g1 := mk(gone, "g1")
	keep := mk(a, "live")
	hard := mk(b, "hard")
	for _, d := range []struct {
		f   store.FID
		mid store.MID
	}{{a, a1}, {b, b1}, {a, a2}} {
		must[[]store.MID](t, "DeleteMessages")(mb.DeleteMessages(c, d.f, []store.MID{d.mid}, nil))
	}
	must[[]store.MID](t, "DeleteMessages")(mb.DeleteMessages(c, b, []store.MID{hard}, &store.DeleteOptions{Hard: true}))
	if err := mb.DeleteFolder(c, gone, &store.DeleteOptions{Recursive: true}); err != nil {
		t.Fatal(err)
	}
	_, sdFolders := mb.(store.SoftDeletedFolders)

	type row struct {
		subject string
		folder  store.FID
	}
	list := func(q *store.Query) ([]row, []store.MID, int) {
		t.Helper()
		if q.Columns == nil {
			q.Columns = []mapi.PropTag{mapi.PidTagSubject}
		}
		res := must[*store.QueryResult](t, "QueryAllSoftDeleted")(sr.QueryAllSoftDeleted(c, q))
		var out []row
		var mids []store.MID
		for _, r := range res.Rows {
			v, _ := prop(r.Props, mapi.PidTagSubject)
			s, _ := v.(string)
			out = append(out, row{s, r.Folder})
			mids = append(mids, r.Message)
		}
		return out, mids, res.Total
	}
	bySubject := &store.Query{Sort: mapi.SortOrderSet{Orders: []mapi.SortOrder{{PropTag: mapi.PidTagSubject, Order: mapi.Ascending}}}}
	got, mids, total := list(bySubject)
	want := []row{{"a1", a}, {"a2", a}, {"b1", b}}
	wantMIDs := []store.MID{a1, a2, b1}
	if sdFolders {
		want = append(want, row{"g1", gone})
		wantMIDs = append(wantMIDs, g1)
	}
	if !slices.Equal(got, want) || !slices.Equal(mids, wantMIDs) || total != len(want) {
		t.Fatalf("all soft-deleted %v %v (total %d), want %v %v", got, mids, total, want, wantMIDs)
	}
	// Unsorted: stable between calls; restriction and paging.
	_, m1, _ := list(&store.Query{})
	_, m2, _ := list(&store.Query{})
	if !slices.Equal(m1, m2) || len(m1) != len(want) {
		t.Errorf("unsorted listings differ: %v, %v", m1, m2)
	}
	if _, page, total := list(&store.Query{Offset: 1, Limit: 2}); !slices.Equal(page, m1[1:3]) || total != len(want) {
		t.Errorf("unsorted page %v (total %d), want %v of %d", page, total, m1[1:3], len(want))
	}
	if _, page, total := list(&store.Query{Offset: 10, Limit: 2}); len(page) != 0 || total != len(want) {
		t.Errorf("page past the end %v (total %d)", page, total)
	}
	q := *bySubject
	q.Restriction = mapi.ContentRestriction{FuzzyLevelLow: mapi.FuzzyPrefix, PropTag: mapi.PidTagSubject, Value: mapi.PropValue{Tag: mapi.PidTagSubject, Value: "a"}}
	q.Offset, q.Limit = 1, 1
	if got, _, total := list(&q); !slices.Equal(got, []row{{"a2", a}}) || total != 2 {
		t.Errorf("restricted page %v (total %d), want [a2] of 2", got, total)
	}
	if got, _, _ := list(&store.Query{Associated: true}); len(got) != 0 {
		t.Errorf("associated: %v", got)
	}

	// Restore a1 into dst: a new message there, seen as created.
	ct, hasCT := mb.(store.ChangeTracker)
	var state *store.SyncState
	if hasCT {
		_, state = syncAll(t, ct, dst, nil, store.SyncOptions{})
	}
	var sub store.Subscription
	if n, ok := mb.(store.Notifier); ok {
		sub = must[store.Subscription](t, "Subscribe")(n.Subscribe(c, nil))
		defer sub.Close()
	}
	info := must[*store.MessageInfo](t, "RestoreSoftDeleted")(sr.RestoreSoftDeleted(c, a1, dst, nil))
	if info.ID == a1 || info.FolderID != dst {
		t.Errorf("restored as %v in %v; want a new MID in %v", info.ID, info.FolderID, dst)
	}
	msg := must[*store.Message](t, "Message")(mb.Message(c, info.ID, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagSubject, mapi.PidTagBody}}))
	if v, _ := prop(msg.Props, mapi.PidTagSubject); v != "a1" {
		t.Errorf("restored subject %v", v)
	}
	if v, _ := prop(msg.Props, mapi.PidTagBody); v != big {
		t.Errorf("restored large body lost (%T)", v)
	}
	if ids := messageIDs(t, mb, dst, false); !ids[info.ID] || len(ids) != 1 {
		t.Errorf("dst holds %v, want only %v", ids, info.ID)
	}
	if sub != nil {
		ev := nextEvent(t, sub)
		if ev.Type != store.EventObjectCreated || ev.Folder != dst || ev.Message != info.ID {
			t.Errorf("restore event %+v, want created %v in %v", ev, info.ID, dst)
		}
	}
	if hasCT {
		ch, _ := syncAll(t, ct, dst, state, store.SyncOptions{})
		if len(ch) != 1 || ch[0].Kind != store.ChangeNew || ch[0].ID != info.ID {
			t.Errorf("sync of dst after restore: %+v, want one new %v", ch, info.ID)
		}
	}
	if got, _, _ := list(bySubject); slices.Contains(got, row{"a1", a}) {
		t.Errorf("restored message still listed: %v", got)
	}
	if sr, ok := mb.(store.SoftDeletedReader); ok {
		if _, err := sr.SoftDeletedMessage(c, a1, nil); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("SoftDeletedMessage after restore: %v, want ErrNotFound", err)
		}
	}
	if _, err := sr.RestoreSoftDeleted(c, a1, dst, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("restoring twice: %v, want ErrNotFound", err)
	}

	// A copy keeps the retained message.
	cp := must[*store.MessageInfo](t, "RestoreSoftDeleted")(sr.RestoreSoftDeleted(c, b1, dst, &store.RestoreOptions{Keep: true}))
	if got, _, _ := list(bySubject); !slices.Contains(got, row{"b1", b}) {
		t.Errorf("copied message no longer retained: %v", got)
	}
	if ids := messageIDs(t, mb, dst, false); !ids[cp.ID] || len(ids) != 2 {
		t.Errorf("dst holds %v after the copy", ids)
	}

	// Purge: gone for good.
	if done := must[[]store.MID](t, "PurgeSoftDeleted")(sr.PurgeSoftDeleted(c, []store.MID{keep, a2, store.MakeMID(1 << 40)})); !slices.Equal(done, []store.MID{a2}) {
		t.Errorf("PurgeSoftDeleted gave %v, want [%v] (the live and the unknown skipped)", done, a2)
	}
	if got, _, _ := list(bySubject); slices.Contains(got, row{"a2", a}) {
		t.Errorf("purged message still listed: %v", got)
	}
	if _, err := sr.RestoreSoftDeleted(c, a2, dst, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("restoring a purged message: %v, want ErrNotFound", err)
	}
	if done := must[[]store.MID](t, "PurgeSoftDeleted")(sr.PurgeSoftDeleted(c, []store.MID{a2})); len(done) != 0 {
		t.Errorf("purging twice: %v", done)
	}
	// Unknown, hard-deleted, live: not retained.
	for _, mid := range []store.MID{store.MakeMID(1 << 40), hard, keep} {
		if _, err := sr.RestoreSoftDeleted(c, mid, dst, nil); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("restoring %v: %v, want ErrNotFound", mid, err)
		}
		if done := must[[]store.MID](t, "PurgeSoftDeleted")(sr.PurgeSoftDeleted(c, []store.MID{mid})); len(done) != 0 {
			t.Errorf("purging %v: %v", mid, done)
		}
	}
	// A folder that is not live.
	if _, err := sr.RestoreSoftDeleted(c, b1, gone, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("restoring into a deleted folder: %v, want ErrNotFound", err)
	}
	// A message of a retained soft-deleted folder restores too.
	if sdFolders {
		gi := must[*store.MessageInfo](t, "RestoreSoftDeleted")(sr.RestoreSoftDeleted(c, g1, dst, nil))
		if ids := messageIDs(t, mb, dst, false); !ids[gi.ID] {
			t.Errorf("restored message of a deleted folder missing from dst")
		}
	}
	if _, err := mb.Message(c, keep, nil); err != nil {
		t.Errorf("live message disturbed: %v", err)
	}

	// Persistent stores keep all of it.
	if s.opts.Reopen == nil {
		return
	}
	st = s.opts.Reopen(t, st)
	t.Cleanup(func() { st.Close() })
	mb = must[store.Mailbox](t, "OpenMailbox")(st.OpenMailbox(c, "user@example.com"))
	sr = mb.(store.SoftDeletedRestorer)
	msg = must[*store.Message](t, "Message after reopen")(mb.Message(c, info.ID, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagSubject, mapi.PidTagBody}}))
	if v, _ := prop(msg.Props, mapi.PidTagBody); v != big {
		t.Errorf("restored large body lost after reopen (%T)", v)
	}
	got, _, _ = list(bySubject)
	if !slices.Equal(got, []row{{"b1", b}}) {
		t.Errorf("retained after reopen: %v, want only b1", got)
	}
	if _, err := sr.RestoreSoftDeleted(c, a2, dst, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("purged message back after reopen: %v", err)
	}
}

package storetest

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// testSoftDeletedFolders checks store.SoftDeletedFolders: a folder
// soft-deleted with its subtree is listed under the folder it was removed
// from, keeps its properties, its messages are soft-deleted messages of
// its former FID, its subfolders are listed under it; hard deletes are
// not retained and purge what the folder retained.
func (s *suite) testSoftDeletedFolders(t *testing.T) {
	st, mb := s.mailbox(t)
	sf, ok := mb.(store.SoftDeletedFolders)
	if !ok {
		t.Skip("store does not implement store.SoftDeletedFolders")
	}
	sd, _ := mb.(store.SoftDeletedTables)
	c := ctx(t)
	root := special(t, mb, store.FolderIPMSubtree)
	p := newFolder(t, mb, root, "sd parent")
	a := newFolder(t, mb, p, "alpha")
	b := newFolder(t, mb, a, "bravo")
	hard := newFolder(t, mb, p, "hard")
	msg := func(f store.FID, subject string) store.MID {
		return createMsg(t, mb, f, &store.Message{Props: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: subject}}}).ID
	}
	a0 := msg(a, "a0")
	if _, err := mb.DeleteMessages(c, a, []store.MID{a0}, nil); err != nil {
		t.Fatal(err)
	}
	a1 := msg(a, "a1")
	msg(b, "b1")
	if err := mb.DeleteFolder(c, a, &store.DeleteOptions{Recursive: true}); err != nil {
		t.Fatal(err)
	}
	if err := mb.DeleteFolder(c, hard, &store.DeleteOptions{Hard: true}); err != nil {
		t.Fatal(err)
	}
	if s.opts.Reopen != nil {
		// What was retained survives a restart.
		st = s.opts.Reopen(t, st)
		t.Cleanup(func() { st.Close() })
		mb = must[store.Mailbox](t, "OpenMailbox after reopen")(st.OpenMailbox(c, "user@example.com"))
		sf, _ = mb.(store.SoftDeletedFolders)
		sd, _ = mb.(store.SoftDeletedTables)
		if sf == nil {
			t.Fatal("the reopened store lost store.SoftDeletedFolders")
		}
	}
	names := func(parent store.FID, q *store.Query) []string {
		t.Helper()
		if q == nil {
			q = &store.Query{}
		}
		q.Columns = []mapi.PropTag{mapi.PidTagDisplayName, mapi.PidTagParentFolderId}
		res := must[*store.QueryResult](t, "QuerySoftDeletedFolders")(sf.QuerySoftDeletedFolders(c, parent, q))
		var out []string
		for _, r := range res.Rows {
			name, _ := r.Props[0].Value.(string)
			if r.Props[0].Tag != mapi.PidTagDisplayName {
				name = "?"
			}
			out = append(out, name)
		}
		if res.Total != len(out) && q.Limit == 0 && q.Offset == 0 {
			t.Errorf("Total %d for %d rows", res.Total, len(out))
		}
		return out
	}
	// Gone from the hierarchy.
	if _, err := mb.Folder(c, a, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Folder of a soft-deleted folder: %v, want ErrNotFound", err)
	}
	if subs := must[[]store.FID](t, "Subfolders")(mb.Subfolders(c, p)); len(subs) != 0 {
		t.Errorf("subfolders after deletes: %v", subs)
	}
	if _, err := mb.Message(c, a1, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("message of a soft-deleted folder: %v, want ErrNotFound", err)
	}
	// Listed where they were, with their properties; hard deletes not.
	if d := cmp.Diff([]string{"alpha"}, names(p, nil)); d != "" {
		t.Errorf("soft-deleted folders of the parent (-want +got):\n%s", d)
	}
	res := must[*store.QueryResult](t, "QuerySoftDeletedFolders")(sf.QuerySoftDeletedFolders(c, p, &store.Query{Columns: []mapi.PropTag{mapi.PidTagDisplayName}}))
	if len(res.Rows) != 1 || res.Rows[0].Folder != a {
		t.Errorf("row FID %v, want %v", res.Rows, a)
	}
	if d := cmp.Diff([]string{"bravo"}, names(a, nil)); d != "" {
		t.Errorf("subfolders of a soft-deleted folder (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"alpha", "bravo"}, names(p, &store.Query{Recursive: true})); d != "" {
		t.Errorf("recursive (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"bravo"}, names(p, &store.Query{Recursive: true, Restriction: mapi.PropertyRestriction{RelOp: mapi.RelOpEqual, PropTag: mapi.PidTagDisplayName, Value: mapi.PropValue{Tag: mapi.PidTagDisplayName, Value: "bravo"}}})); d != "" {
		t.Errorf("restricted (-want +got):\n%s", d)
	}
	// Their messages are soft-deleted messages of their former FIDs.
	if sd != nil {
		subjects := func(f store.FID) []string {
			t.Helper()
			res := must[*store.QueryResult](t, "QuerySoftDeleted")(sd.QuerySoftDeleted(c, f, &store.Query{Columns: []mapi.PropTag{mapi.PidTagSubject}}))
			var out []string
			for _, r := range res.Rows {
				out = append(out, r.Props[0].Value.(string))
			}
			slices.Sort(out)
			return out
		}
		if d := cmp.Diff([]string{"a0", "a1"}, subjects(a)); d != "" {
			t.Errorf("messages of the soft-deleted folder (-want +got):\n%s", d)
		}
		if d := cmp.Diff([]string{"b1"}, subjects(b)); d != "" {
			t.Errorf("messages of its subfolder (-want +got):\n%s", d)
		}
	}
	// EmptyFolder with Subfolders soft-deletes them too.
	newFolder(t, mb, p, "echo")
	if err := mb.EmptyFolder(c, p, &store.EmptyFolderOptions{Subfolders: true}); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"alpha", "echo"}, names(p, nil)); d != "" {
		t.Errorf("after EmptyFolder (-want +got):\n%s", d)
	}
	// Hard-deleting the parent purges what it retained.
	if err := mb.DeleteFolder(c, p, &store.DeleteOptions{Hard: true, Recursive: true}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []store.FID{p, a, b} {
		if _, err := sf.QuerySoftDeletedFolders(c, f, nil); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("QuerySoftDeletedFolders(%v) after purge: %v, want ErrNotFound", f, err)
		}
	}
}

// testSoftDeletedReader checks store.SoftDeletedReader: a soft-deleted
// message (also one of a soft-deleted folder) opens by its former ID with
// its properties, large ones inline, and the folder it left; so does a
// soft-deleted folder; hard-deleted and purged ones do not.
func (s *suite) testSoftDeletedReader(t *testing.T) {
	_, mb := s.mailbox(t)
	sr, ok := mb.(store.SoftDeletedReader)
	if !ok {
		t.Skip("store does not implement store.SoftDeletedReader")
	}
	c := ctx(t)
	root := special(t, mb, store.FolderIPMSubtree)
	f := newFolder(t, mb, root, "reader")
	sub := newFolder(t, mb, f, "reader sub")
	big := strings.Repeat("retained body ", 2000)
	mk := func(fid store.FID, subject string) store.MID {
		return createMsg(t, mb, fid, &store.Message{Props: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: subject}, {Tag: mapi.PidTagBody, Value: big}}}).ID
	}
	soft, hard, inSub := mk(f, "soft"), mk(f, "hard"), mk(sub, "in sub")
	if _, err := mb.DeleteMessages(c, f, []store.MID{soft}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := mb.DeleteMessages(c, f, []store.MID{hard}, &store.DeleteOptions{Hard: true}); err != nil {
		t.Fatal(err)
	}
	if err := mb.DeleteFolder(c, sub, &store.DeleteOptions{Recursive: true}); err != nil {
		t.Fatal(err)
	}
	check := func(mid store.MID, folder store.FID, subject string) {
		t.Helper()
		m, err := sr.SoftDeletedMessage(c, mid, &store.MessageOptions{StreamThreshold: 16})
		if err != nil {
			t.Fatalf("SoftDeletedMessage(%s): %v", subject, err)
		}
		var got []string
		for _, p := range m.Props {
			switch p.Tag {
			case mapi.PidTagSubject:
				got = append(got, p.Value.(string))
			case mapi.PidTagBody:
				if p.Value.(string) != big {
					t.Errorf("%s: body of %d bytes", subject, len(p.Value.(string)))
				}
				got = append(got, "body")
			}
		}
		slices.Sort(got)
		if d := cmp.Diff([]string{"body", subject}, got); d != "" || m.Info.ID != mid || m.Info.FolderID != folder || len(m.Large) != 0 {
			t.Errorf("%s: props %s, info %+v, large %v", subject, d, m.Info, m.Large)
		}
	}
	check(soft, f, "soft")
	check(inSub, sub, "in sub")
	// The soft-deleted folder opens by its ID, as it was.
	sfo, err := sr.SoftDeletedFolder(c, sub, []mapi.PropTag{mapi.PidTagDisplayName})
	if err != nil {
		t.Fatalf("SoftDeletedFolder: %v", err)
	}
	if name, _ := sfo.Props[0].Value.(string); len(sfo.Props) != 1 || name != "reader sub" || sfo.ID != sub || sfo.ParentID != f {
		t.Errorf("SoftDeletedFolder: %+v", sfo)
	}
	if _, err := sr.SoftDeletedFolder(c, f, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SoftDeletedFolder of a live folder: %v, want ErrNotFound", err)
	}
	if _, err := sr.SoftDeletedMessage(c, hard, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("hard-deleted message: %v, want ErrNotFound", err)
	}
	if _, err := mb.Message(c, soft, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Message of a soft-deleted message: %v, want ErrNotFound", err)
	}
	if err := mb.DeleteFolder(c, f, &store.DeleteOptions{Hard: true, Recursive: true}); err != nil {
		t.Fatal(err)
	}
	for _, mid := range []store.MID{soft, inSub} {
		if _, err := sr.SoftDeletedMessage(c, mid, nil); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("purged message: %v, want ErrNotFound", err)
		}
	}
	if _, err := sr.SoftDeletedFolder(c, sub, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("purged folder: %v, want ErrNotFound", err)
	}
}

// SoftDeletedFolderRetention checks a store's bound on soft-deleted
// folders: mb (a fresh mailbox) must keep at most one per parent, so the
// older of two soft-deleted folders goes first, with its messages. The
// bound is a store option, not part of the contract, hence outside Run:
// a store's own test calls this with the bound set to 1.
func SoftDeletedFolderRetention(t *testing.T, mb store.Mailbox) {
	t.Helper()
	c := ctx(t)
	root := special(t, mb, store.FolderIPMSubtree)
	a, b := newFolder(t, mb, root, "a"), newFolder(t, mb, root, "b")
	info := createMsg(t, mb, a, &store.Message{Props: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "in a"}}})
	for _, f := range []store.FID{a, b} {
		if err := mb.DeleteFolder(c, f, &store.DeleteOptions{Recursive: true}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := mb.(store.SoftDeletedFolders).QuerySoftDeletedFolders(c, root, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 1 || res.Rows[0].Folder != b {
		t.Fatalf("retained %+v, want only b (%v)", res.Rows, b)
	}
	if _, err := mb.(store.SoftDeletedTables).QuerySoftDeleted(c, a, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("messages of the dropped folder: %v, want ErrNotFound", err)
	}
	if _, err := mb.(store.SoftDeletedReader).SoftDeletedMessage(c, info.ID, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("message of the dropped folder: %v, want ErrNotFound", err)
	}
}

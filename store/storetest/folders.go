package storetest

import (
	"bytes"
	"slices"
	"testing"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

func folderName(t *testing.T, mb store.Mailbox, fid store.FID) string {
	t.Helper()
	f := must[*store.Folder](t, "Folder")(mb.Folder(ctx(t), fid, []mapi.PropTag{mapi.PidTagDisplayName}))
	v, _ := prop(f.Props, mapi.PidTagDisplayName)
	s, _ := v.(string)
	return s
}

func (s *suite) testFolders(t *testing.T) {
	_, mb := s.mailbox(t)
	c := ctx(t)
	inbox := special(t, mb, store.FolderInbox)
	ipm := special(t, mb, store.FolderIPMSubtree)
	a := newFolder(t, mb, inbox, "A")
	b := newFolder(t, mb, a, "B")
	_, err := mb.CreateFolder(c, inbox, []mapi.PropValue{{Tag: mapi.PidTagDisplayName, Value: "a"}}, nil)
	wantErr(t, "CreateFolder duplicate name (case-insensitive)", err, store.ErrExists)
	f, err := mb.CreateFolder(c, inbox, []mapi.PropValue{{Tag: mapi.PidTagDisplayName, Value: "A"}}, &store.CreateFolderOptions{OpenExisting: true})
	wantErr(t, "CreateFolder OpenExisting", err, store.ErrExists)
	if f == nil || f.ID != a {
		t.Errorf("OpenExisting returned %+v, want folder %v", f, a)
	}
	_, err = mb.CreateFolder(c, inbox, []mapi.PropValue{{Tag: mapi.PidTagContainerClass, Value: "IPF.Note"}}, nil)
	wantErr(t, "CreateFolder without name", err, store.ErrInvalidArgument)
	_, err = mb.CreateFolder(c, store.MakeFID(0xFFFFFFFF), []mapi.PropValue{{Tag: mapi.PidTagDisplayName, Value: "x"}}, nil)
	wantErr(t, "CreateFolder under unknown parent", err, store.ErrNotFound)
	if kids := must[[]store.FID](t, "Subfolders")(mb.Subfolders(c, inbox)); !slices.Equal(kids, []store.FID{a}) {
		t.Errorf("Subfolders(inbox) = %v", kids)
	}
	fa := must[*store.Folder](t, "Folder")(mb.Folder(c, a, nil))
	if fa.ParentID != inbox {
		t.Errorf("parent %v", fa.ParentID)
	}
	if v, _ := prop(fa.Props, mapi.PidTagSubfolders); v != true {
		t.Errorf("PidTagSubfolders = %v", v)
	}
	if v, _ := prop(fa.Props, mapi.PidTagParentFolderId); v != int64(inbox) {
		t.Errorf("PidTagParentFolderId = %v", v)
	}

	// Update and rename.
	f2 := must[*store.Folder](t, "UpdateFolder")(mb.UpdateFolder(c, a, []mapi.PropValue{{Tag: mapi.PidTagDisplayName, Value: "A2"}, {Tag: mapi.PidTagComment, Value: "note"}}, []mapi.PropTag{mapi.PidTagContainerClass}, nil))
	if f2.CN.GlobalCounter() <= fa.CN.GlobalCounter() {
		t.Errorf("UpdateFolder did not bump the CN")
	}
	if folderName(t, mb, a) != "A2" {
		t.Errorf("rename not applied")
	}
	if _, ok := prop(f2.Props, mapi.PidTagContainerClass); ok {
		t.Errorf("remove not applied")
	}
	ck, _ := prop(fa.Props, mapi.PidTagChangeKey)
	_, err = mb.UpdateFolder(c, a, []mapi.PropValue{{Tag: mapi.PidTagComment, Value: "x"}}, nil, &store.UpdateOptions{IfChangeKey: asBytes(ck)})
	wantErr(t, "UpdateFolder stale change key", err, store.ErrConflict)
	newFolder(t, mb, inbox, "Sibling")
	_, err = mb.UpdateFolder(c, a, []mapi.PropValue{{Tag: mapi.PidTagDisplayName, Value: "sibling"}}, nil, nil)
	wantErr(t, "rename onto a sibling", err, store.ErrExists)

	// Messages for copy/delete.
	createMsg(t, mb, a, simpleMessage("in A", 1))
	createMsg(t, mb, b, simpleMessage("in B", 2))

	// Move.
	_, err = mb.MoveFolder(c, a, b, "")
	wantErr(t, "MoveFolder into own subtree", err, store.ErrConflict)
	mv := must[*store.Folder](t, "MoveFolder")(mb.MoveFolder(c, a, ipm, "Moved"))
	if mv.ParentID != ipm || folderName(t, mb, a) != "Moved" {
		t.Errorf("move: parent %v name %q", mv.ParentID, folderName(t, mb, a))
	}
	if kids := must[[]store.FID](t, "Subfolders")(mb.Subfolders(c, inbox)); slices.Contains(kids, a) {
		t.Errorf("moved folder still under the old parent")
	}

	// Copy, recursive.
	cp := must[*store.Folder](t, "CopyFolder")(mb.CopyFolder(c, a, inbox, "Copy", true))
	if cp.ID == a || cp.ParentID != inbox {
		t.Errorf("copy %+v", cp)
	}
	if n := countOf(must[*store.Folder](t, "Folder")(mb.Folder(c, cp.ID, nil)).Props); n != 1 {
		t.Errorf("copy has %d messages", n)
	}
	ckids := must[[]store.FID](t, "Subfolders")(mb.Subfolders(c, cp.ID))
	if len(ckids) != 1 || ckids[0] == b || folderName(t, mb, ckids[0]) != "B" {
		t.Errorf("copy's subfolders %v", ckids)
	}
	if n := countOf(must[*store.Folder](t, "Folder")(mb.Folder(c, ckids[0], nil)).Props); n != 1 {
		t.Errorf("copied subfolder has %d messages", n)
	}
	flat := must[*store.Folder](t, "CopyFolder")(mb.CopyFolder(c, a, inbox, "Flat", false))
	if kids := must[[]store.FID](t, "Subfolders")(mb.Subfolders(c, flat.ID)); len(kids) != 0 {
		t.Errorf("non-recursive copy has subfolders")
	}

	// Delete.
	wantErr(t, "DeleteFolder non-empty", mb.DeleteFolder(c, a, nil), store.ErrNotEmpty)
	if err := mb.DeleteFolder(c, a, &store.DeleteOptions{Recursive: true}); err != nil {
		t.Fatal(err)
	}
	for _, fid := range []store.FID{a, b} {
		_, err := mb.Folder(c, fid, nil)
		wantErr(t, "Folder(deleted)", err, store.ErrNotFound)
	}
	empty := newFolder(t, mb, inbox, "Empty")
	if err := mb.DeleteFolder(c, empty, &store.DeleteOptions{Hard: true}); err != nil {
		t.Errorf("DeleteFolder(empty): %v", err)
	}

	// EmptyFolder keeps FAI unless asked.
	createMsg(t, mb, cp.ID, &store.Message{Associated: true, Props: []mapi.PropValue{{Tag: mapi.PidTagMessageClass, Value: "IPM.Configuration.X"}}})
	if err := mb.EmptyFolder(c, cp.ID, nil); err != nil {
		t.Fatal(err)
	}
	fc := must[*store.Folder](t, "Folder")(mb.Folder(c, cp.ID, nil))
	if countOf(fc.Props) != 0 {
		t.Errorf("EmptyFolder left %d messages", countOf(fc.Props))
	}
	if v, _ := prop(fc.Props, mapi.PropTag(0x36170003)); v != int32(1) {
		t.Errorf("EmptyFolder removed FAI (PidTagAssociatedContentCount %v)", v)
	}
	if kids := must[[]store.FID](t, "Subfolders")(mb.Subfolders(c, cp.ID)); len(kids) != 1 {
		t.Errorf("EmptyFolder without Subfolders removed subfolders")
	}
	if err := mb.EmptyFolder(c, cp.ID, &store.EmptyFolderOptions{Associated: true, Subfolders: true, Hard: true}); err != nil {
		t.Fatal(err)
	}
	fc = must[*store.Folder](t, "Folder")(mb.Folder(c, cp.ID, nil))
	if v, _ := prop(fc.Props, mapi.PropTag(0x36170003)); v != int32(0) {
		t.Errorf("EmptyFolder(Associated) left FAI: %v", v)
	}
	if kids := must[[]store.FID](t, "Subfolders")(mb.Subfolders(c, cp.ID)); len(kids) != 0 {
		t.Errorf("EmptyFolder(Subfolders) left %v", kids)
	}
}

func (s *suite) testBulk(t *testing.T) {
	_, mb := s.mailbox(t)
	c := ctx(t)
	inbox := special(t, mb, store.FolderInbox)
	dst := newFolder(t, mb, inbox, "Dest")
	n := s.scaled(300)
	var ids []store.MID
	for i := range n {
		ids = append(ids, createMsg(t, mb, inbox, simpleMessage("bulk", i)).ID)
	}
	unreadOf := func(fid store.FID) int32 {
		f := must[*store.Folder](t, "Folder")(mb.Folder(c, fid, []mapi.PropTag{mapi.PidTagContentUnreadCount}))
		v, _ := prop(f.Props, mapi.PidTagContentUnreadCount)
		x, _ := v.(int32)
		return x
	}
	if u := unreadOf(inbox); u != int32(n) {
		t.Errorf("unread %d, want %d", u, n)
	}
	half := ids[:n/2]
	bogus := store.MakeMID(0xFFFFFFFFFF)
	changed := must[[]store.MID](t, "SetReadFlags")(mb.SetReadFlags(c, inbox, append(slices.Clone(half), bogus, half[0]), true))
	if !sameIDs(changed, half) {
		t.Errorf("SetReadFlags changed %d IDs, want %d", len(changed), len(half))
	}
	if again := must[[]store.MID](t, "SetReadFlags")(mb.SetReadFlags(c, inbox, half, true)); len(again) != 0 {
		t.Errorf("SetReadFlags on read messages changed %d", len(again))
	}
	if u := unreadOf(inbox); u != int32(n-len(half)) {
		t.Errorf("unread %d after marking %d read", u, len(half))
	}
	m := must[*store.Message](t, "Message")(mb.Message(c, half[0], nil))
	if !m.Read || !m.Info.Read || mustProp(t, m.Props, mapi.PidTagMessageFlags).(int32)&1 == 0 {
		t.Errorf("read flag not visible")
	}
	all := must[[]store.MID](t, "SetReadFlags(all)")(mb.SetReadFlags(c, inbox, nil, true))
	if len(all) != n-len(half) || unreadOf(inbox) != 0 {
		t.Errorf("SetReadFlags(nil) changed %d", len(all))
	}

	// Move a third, copy a third, delete a third.
	third := n / 3
	moved := must[[]store.MovedMessage](t, "MoveMessages")(mb.MoveMessages(c, inbox, dst, append(slices.Clone(ids[:third]), bogus)))
	if len(moved) != third {
		t.Fatalf("moved %d, want %d", len(moved), third)
	}
	for i, mv := range moved {
		if mv.Old != ids[i] || mv.New == mv.Old {
			t.Fatalf("moved[%d] = %+v", i, mv)
		}
		if _, err := mb.Message(c, mv.Old, nil); !isNotFound(err) {
			t.Errorf("old ID of moved message still readable: %v", err)
		}
		got := must[*store.Message](t, "Message(moved)")(mb.Message(c, mv.New, nil))
		if got.Info.FolderID != dst || mustProp(t, got.Props, mapi.PidTagSubject) != "bulk" || !got.Read {
			t.Errorf("moved message %+v", got.Info)
		}
	}
	copied := must[[]store.MovedMessage](t, "CopyMessages")(mb.CopyMessages(c, inbox, dst, ids[third:2*third]))
	if len(copied) != third {
		t.Fatalf("copied %d", len(copied))
	}
	for i, cp := range copied {
		if cp.Old != ids[third+i] || cp.New == cp.Old {
			t.Fatalf("copied[%d] = %+v", i, cp)
		}
		must[*store.Message](t, "Message(original)")(mb.Message(c, cp.Old, nil))
	}
	deleted := must[[]store.MID](t, "DeleteMessages")(mb.DeleteMessages(c, inbox, append(slices.Clone(ids[2*third:]), ids[0]), nil))
	if !sameIDs(deleted, ids[2*third:]) {
		t.Errorf("deleted %d, want %d (IDs of another folder must be skipped)", len(deleted), n-2*third)
	}
	if got := countOf(must[*store.Folder](t, "Folder")(mb.Folder(c, inbox, nil)).Props); got != int32(third) {
		t.Errorf("inbox holds %d, want %d", got, third)
	}
	if got := countOf(must[*store.Folder](t, "Folder")(mb.Folder(c, dst, nil)).Props); got != int32(2*third) {
		t.Errorf("dest holds %d, want %d", got, 2*third)
	}
	if _, ok := mb.(store.Tables); ok {
		if got := messageIDs(t, mb, dst, false); len(got) != 2*third {
			t.Errorf("dest table holds %d, want %d", len(got), 2*third)
		}
	}
}

func isNotFound(err error) bool { return err != nil && errorsIs(err, store.ErrNotFound) }

func sameIDs(a, b []store.MID) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

func (s *suite) testChangeKeys(t *testing.T) {
	_, mb := s.mailbox(t)
	c := ctx(t)
	inbox := special(t, mb, store.FolderInbox)
	replica := mb.Info().ReplicaGUID
	i1 := createMsg(t, mb, inbox, simpleMessage("v1", 0))
	check := func(info *store.MessageInfo) mapi.PredecessorChangeList {
		t.Helper()
		want, _ := mapi.NewChangeKey(replica, info.CN).AppendBinary(nil)
		if !bytes.Equal(info.ChangeKey, want) {
			t.Errorf("change key %x, want XID of CN %v: %x", info.ChangeKey, info.CN, want)
		}
		pcl, err := mapi.ParsePredecessorChangeList(info.PCL)
		if err != nil {
			t.Fatalf("PCL %x: %v", info.PCL, err)
		}
		x, _ := mapi.ParseXID(info.ChangeKey)
		if !pcl.Includes(mapi.PredecessorChangeList{x}) {
			t.Errorf("PCL %v does not include the change key", pcl)
		}
		return pcl
	}
	p1 := check(i1)
	i2 := must[*store.MessageInfo](t, "UpdateMessage")(mb.UpdateMessage(c, i1.ID, &store.MessageUpdate{Set: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "v2"}}}))
	p2 := check(i2)
	if i2.CN.GlobalCounter() <= i1.CN.GlobalCounter() {
		t.Errorf("CN did not increase: %v -> %v", i1.CN, i2.CN)
	}
	if !p2.Includes(p1) || p1.Includes(p2) {
		t.Errorf("PCL did not advance: %v -> %v", p1, p2)
	}
	// Every write gets a fresh, increasing CN.
	last := i2.CN.GlobalCounter()
	for i := range 5 {
		info := createMsg(t, mb, inbox, simpleMessage("n", i))
		if info.CN.GlobalCounter() <= last {
			t.Errorf("CN %v not above %x", info.CN, last)
		}
		last = info.CN.GlobalCounter()
	}
	f := newFolder(t, mb, inbox, "F")
	fs := must[*store.Folder](t, "Folder")(mb.Folder(c, f, nil))
	if fs.CN.GlobalCounter() <= last {
		t.Errorf("folder CN %v not above %x", fs.CN, last)
	}
	ck, _ := prop(fs.Props, mapi.PidTagChangeKey)
	if want, _ := mapi.NewChangeKey(replica, fs.CN).AppendBinary(nil); !bytes.Equal(asBytes(ck), want) {
		t.Errorf("folder change key %x, want %x", ck, want)
	}
}

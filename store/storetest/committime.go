package storetest

import (
	"testing"
	"time"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// testLocalCommitTimeMax checks the folder's PidTagLocalCommitTimeMax
// ([MS-OXCFOLD] 2.2.2.2.1.14): every change to the folder's messages
// (create, modify, read flag, delete, move out and in) gives a later
// value, and nothing else does.
func (s *suite) testLocalCommitTimeMax(t *testing.T) {
	_, mb := s.mailbox(t)
	c := ctx(t)
	a := newFolder(t, mb, special(t, mb, store.FolderIPMSubtree), "commit a")
	b := newFolder(t, mb, special(t, mb, store.FolderIPMSubtree), "commit b")
	get := func(fid store.FID) time.Time {
		t.Helper()
		f := must[*store.Folder](t, "Folder")(mb.Folder(c, fid, []mapi.PropTag{mapi.PidTagLocalCommitTimeMax}))
		v, ok := prop(f.Props, mapi.PidTagLocalCommitTimeMax)
		if !ok {
			t.Fatalf("folder %v has no PidTagLocalCommitTimeMax", fid)
		}
		tm, ok := v.(time.Time)
		if !ok {
			t.Fatalf("PidTagLocalCommitTimeMax is %T, want time.Time", v)
		}
		return tm
	}
	last := get(a)
	later := func(what string) {
		t.Helper()
		now := get(a)
		if !now.After(last) {
			t.Errorf("after %s: PidTagLocalCommitTimeMax %v, want later than %v", what, now, last)
		}
		last = now
	}
	mi := createMsg(t, mb, a, simpleMessage("commit", 1))
	later("CreateMessage")
	if got := get(a); !got.Equal(last) {
		t.Errorf("unchanged folder: PidTagLocalCommitTimeMax %v, then %v", last, got)
	}
	must[*store.MessageInfo](t, "UpdateMessage")(mb.UpdateMessage(c, mi.ID, &store.MessageUpdate{
		Set: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "commit 2"}}}))
	later("UpdateMessage")
	must[[]store.MID](t, "SetReadFlags")(mb.SetReadFlags(c, a, []store.MID{mi.ID}, true))
	later("SetReadFlags")
	bBefore := get(b)
	moved := must[[]store.MovedMessage](t, "MoveMessages")(mb.MoveMessages(c, a, b, []store.MID{mi.ID}))
	later("MoveMessages out")
	if got := get(b); !got.After(bBefore) {
		t.Errorf("MoveMessages in: PidTagLocalCommitTimeMax %v, want later than %v", got, bBefore)
	}
	if len(moved) != 1 {
		t.Fatalf("MoveMessages moved %d messages, want 1", len(moved))
	}
	mi2 := createMsg(t, mb, a, simpleMessage("commit", 2))
	later("CreateMessage")
	must[[]store.MID](t, "DeleteMessages")(mb.DeleteMessages(c, a, []store.MID{mi2.ID}, &store.DeleteOptions{Hard: true}))
	later("DeleteMessages")
}

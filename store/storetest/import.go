package storetest

import (
	"bytes"
	"testing"
	"time"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

func (s *suite) testReservedIDs(t *testing.T) {
	_, mb := s.mailbox(t)
	alloc, ok := mb.(store.IDAllocator)
	if !ok {
		t.Skip("store does not implement store.IDAllocator")
	}
	c := ctx(t)
	inbox := special(t, mb, store.FolderInbox)
	first := must[uint64](t, "ReserveIDs")(alloc.ReserveIDs(c, 10))
	second := must[uint64](t, "ReserveIDs")(alloc.ReserveIDs(c, 5))
	if second < first+10 {
		t.Errorf("reservations overlap: %d then %d", first, second)
	}
	// The store does not hand out reserved counters itself.
	for i := range 20 {
		id := createMsg(t, mb, inbox, simpleMessage("auto", i)).ID.GlobalCounter()
		if (id >= first && id < first+10) || (id >= second && id < second+5) {
			t.Fatalf("store handed out reserved counter %#x", id)
		}
	}
	want := store.MakeMID(first + 3)
	in := simpleMessage("client-made", 0)
	in.ID = want
	if info := createMsg(t, mb, inbox, in); info.ID != want {
		t.Errorf("message got %v, want reserved %v", info.ID, want)
	}
	in.ID = want
	_, err := mb.CreateMessage(c, inbox, in)
	wantErr(t, "reusing a reserved ID", err, store.ErrExists)
	in.ID = store.MakeMID(second + 100)
	_, err = mb.CreateMessage(c, inbox, in)
	wantErr(t, "unreserved ID", err, store.ErrInvalidArgument)
	fid := store.MakeFID(second)
	f := must[*store.Folder](t, "CreateFolder")(mb.CreateFolder(c, inbox, []mapi.PropValue{{Tag: mapi.PidTagDisplayName, Value: "Client"}}, &store.CreateFolderOptions{ID: fid}))
	if f.ID != fid {
		t.Errorf("folder got %v, want %v", f.ID, fid)
	}
	if _, err := alloc.ReserveIDs(c, 0); !errorsIs(err, store.ErrInvalidArgument) {
		t.Errorf("ReserveIDs(0): %v", err)
	}
}

func (s *suite) testChangeImport(t *testing.T) {
	_, mb := s.mailbox(t)
	c := ctx(t)
	inbox := special(t, mb, store.FolderInbox)
	client := mapi.NewGUID(0xC11E47, 1, 2, 0x8000, 0xABCDEF)
	xid := func(n uint64) []byte { b, _ := mapi.NewXID(client, n, 6).AppendBinary(nil); return b }
	pclOf := func(keys ...[]byte) []byte {
		var p mapi.PredecessorChangeList
		for _, k := range keys {
			x, _ := mapi.ParseXID(k)
			p = p.With(x)
		}
		b, _ := p.AppendBinary(nil)
		return b
	}
	when := time.Date(2022, 2, 2, 2, 2, 2, 0, time.UTC)
	in := simpleMessage("offline", 0)
	in.Import = &store.ChangeImport{ChangeKey: xid(7), PCL: pclOf(xid(7)), LastModified: when}
	info := createMsg(t, mb, inbox, in)
	if !bytes.Equal(info.ChangeKey, xid(7)) || !info.LastModified.Equal(when) {
		t.Errorf("imported create: change key %x, modified %v", info.ChangeKey, info.LastModified)
	}
	m := must[*store.Message](t, "Message")(mb.Message(c, info.ID, nil))
	if v, _ := prop(m.Props, mapi.PidTagChangeKey); !bytes.Equal(asBytes(v), xid(7)) {
		t.Errorf("PidTagChangeKey %x", v)
	}
	// A later import keeps the history of both sides.
	up := must[*store.MessageInfo](t, "UpdateMessage")(mb.UpdateMessage(c, info.ID, &store.MessageUpdate{
		Set:         []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "edited offline"}},
		IfChangeKey: info.ChangeKey,
		Import:      &store.ChangeImport{ChangeKey: xid(9), PCL: pclOf(xid(9))},
	}))
	if !bytes.Equal(up.ChangeKey, xid(9)) || up.CN.GlobalCounter() <= info.CN.GlobalCounter() {
		t.Errorf("imported update: %+v", up)
	}
	pcl, err := mapi.ParsePredecessorChangeList(up.PCL)
	if err != nil {
		t.Fatal(err)
	}
	x9, _ := mapi.ParseXID(xid(9))
	if !pcl.Includes(mapi.PredecessorChangeList{x9}) {
		t.Errorf("PCL %v lacks the imported change", pcl)
	}
	// A local change after that gets a store XID again and keeps the
	// client's entry in the PCL.
	local := must[*store.MessageInfo](t, "UpdateMessage")(mb.UpdateMessage(c, info.ID, &store.MessageUpdate{Set: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "server edit"}}}))
	own, _ := mapi.NewChangeKey(mb.Info().ReplicaGUID, local.CN).AppendBinary(nil)
	lp, _ := mapi.ParsePredecessorChangeList(local.PCL)
	if !bytes.Equal(local.ChangeKey, own) || !lp.Includes(mapi.PredecessorChangeList{x9}) {
		t.Errorf("local change after import: key %x, PCL %v", local.ChangeKey, lp)
	}
	// Imported changes sync like any other.
	if ct, ok := mb.(store.ChangeTracker); ok {
		res := syncPage(t, ct, inbox, nil, nil)
		if len(res.Changes) != 1 || res.Changes[0].ID != info.ID {
			t.Errorf("sync after import: %+v", res.Changes)
		}
	}
	bad := simpleMessage("bad", 0)
	bad.Import = &store.ChangeImport{ChangeKey: []byte{1, 2, 3}}
	_, err = mb.CreateMessage(c, inbox, bad)
	wantErr(t, "malformed imported change key", err, store.ErrInvalidArgument)
	// Folders too.
	f := must[*store.Folder](t, "CreateFolder")(mb.CreateFolder(c, inbox, []mapi.PropValue{{Tag: mapi.PidTagDisplayName, Value: "Imported"}},
		&store.CreateFolderOptions{Import: &store.ChangeImport{ChangeKey: xid(11), PCL: pclOf(xid(11))}}))
	if v, _ := prop(f.Props, mapi.PidTagChangeKey); !bytes.Equal(asBytes(v), xid(11)) {
		t.Errorf("folder change key %x", v)
	}
	f2 := must[*store.Folder](t, "UpdateFolder")(mb.UpdateFolder(c, f.ID, []mapi.PropValue{{Tag: mapi.PidTagComment, Value: "x"}}, nil,
		&store.UpdateOptions{Import: &store.ChangeImport{ChangeKey: xid(12), PCL: pclOf(xid(11), xid(12))}}))
	if v, _ := prop(f2.Props, mapi.PidTagChangeKey); !bytes.Equal(asBytes(v), xid(12)) {
		t.Errorf("folder change key after update %x", v)
	}
}

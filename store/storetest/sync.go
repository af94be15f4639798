package storetest

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

func tracker(t *testing.T, mb store.Mailbox) store.ChangeTracker {
	t.Helper()
	ct, ok := mb.(store.ChangeTracker)
	if !ok {
		t.Skip("store does not implement store.ChangeTracker")
	}
	return ct
}

// syncPage runs one SyncContents and checks the page's CN order.
func syncPage(t *testing.T, ct store.ChangeTracker, fid store.FID, st *store.SyncState, opts *store.SyncOptions) *store.ContentChanges {
	t.Helper()
	res, err := ct.SyncContents(ctx(t), fid, st, opts)
	if err != nil {
		t.Fatalf("SyncContents: %v", err)
	}
	if res == nil || res.State == nil {
		t.Fatal("SyncContents returned no state")
	}
	if opts != nil && opts.MaxChanges > 0 && len(res.Changes) > opts.MaxChanges {
		t.Fatalf("SyncContents returned %d changes, MaxChanges %d", len(res.Changes), opts.MaxChanges)
	}
	for i := 1; i < len(res.Changes); i++ {
		if res.Changes[i].CN.GlobalCounter() < res.Changes[i-1].CN.GlobalCounter() {
			t.Fatalf("changes not in CN order: %v then %v", res.Changes[i-1], res.Changes[i])
		}
	}
	return res
}

// syncAll pages through SyncContents until More is false.
func syncAll(t *testing.T, ct store.ChangeTracker, fid store.FID, st *store.SyncState, opts store.SyncOptions) ([]store.MessageChange, *store.SyncState) {
	t.Helper()
	var all []store.MessageChange
	for range 100000 {
		res := syncPage(t, ct, fid, st, &opts)
		all = append(all, res.Changes...)
		st = res.State
		if !res.More {
			return all, st
		}
		if len(res.Changes) == 0 {
			t.Fatal("SyncContents: More set on an empty page")
		}
	}
	t.Fatal("SyncContents never finished")
	return nil, nil
}

// replica is what a sync client holds: ID -> read flag.
type replica map[store.MID]bool

func (r replica) apply(t *testing.T, changes []store.MessageChange) {
	t.Helper()
	for _, ch := range changes {
		_, have := r[ch.ID]
		switch ch.Kind {
		case store.ChangeNew:
			if have {
				t.Errorf("ChangeNew for %v the client has", ch.ID)
			}
			r[ch.ID] = ch.Read
		case store.ChangeModify:
			if !have {
				t.Errorf("ChangeModify for %v the client lacks", ch.ID)
			}
			r[ch.ID] = ch.Read
		case store.ChangeRead:
			if !have {
				t.Errorf("ChangeRead for %v the client lacks", ch.ID)
			}
			r[ch.ID] = ch.Read
		case store.ChangeDelete:
			if !have {
				t.Errorf("ChangeDelete for %v the client lacks", ch.ID)
			}
			delete(r, ch.ID)
		default:
			t.Errorf("change of kind %v", ch.Kind)
		}
	}
}

func byID(changes []store.MessageChange) map[store.MID]store.MessageChange {
	out := map[store.MID]store.MessageChange{}
	for _, ch := range changes {
		out[ch.ID] = ch
	}
	return out
}

func (s *suite) testSyncContents(t *testing.T) {
	_, mb := s.mailbox(t)
	ct := tracker(t, mb)
	c := ctx(t)
	inbox := special(t, mb, store.FolderInbox)
	f := newFolder(t, mb, inbox, "Sync")
	other := newFolder(t, mb, inbox, "Other")
	var m []store.MID
	for i := range 6 {
		m = append(m, createMsg(t, mb, f, simpleMessage(fmt.Sprint("m", i), i)).ID)
	}
	outside := createMsg(t, mb, other, simpleMessage("outside", 9)).ID

	first := syncPage(t, ct, f, nil, nil)
	if len(first.Changes) != 6 || first.More {
		t.Fatalf("initial sync: %d changes, More %v", len(first.Changes), first.More)
	}
	for i, ch := range first.Changes {
		if ch.Kind != store.ChangeNew || ch.ID != m[i] || ch.Read {
			t.Errorf("initial change %d = %+v, want new %v", i, ch, m[i])
		}
	}
	s1 := first.State
	if again := syncPage(t, ct, f, s1, nil); len(again.Changes) != 0 || again.More {
		t.Errorf("sync without changes returned %+v", again.Changes)
	}

	// Modify m0, soft-delete m1, hard-delete m5, move m2 out, mark m3
	// read, create one, move one in, mark m4 read then modify it.
	must[*store.MessageInfo](t, "UpdateMessage")(mb.UpdateMessage(c, m[0], &store.MessageUpdate{Set: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "m0'"}}}))
	must[[]store.MID](t, "DeleteMessages")(mb.DeleteMessages(c, f, []store.MID{m[1]}, nil))
	must[[]store.MID](t, "DeleteMessages")(mb.DeleteMessages(c, f, []store.MID{m[5]}, &store.DeleteOptions{Hard: true}))
	must[[]store.MovedMessage](t, "MoveMessages")(mb.MoveMessages(c, f, other, []store.MID{m[2]}))
	must[[]store.MID](t, "SetReadFlags")(mb.SetReadFlags(c, f, []store.MID{m[3], m[4]}, true))
	created := createMsg(t, mb, f, simpleMessage("new", 7)).ID
	movedIn := must[[]store.MovedMessage](t, "MoveMessages")(mb.MoveMessages(c, other, f, []store.MID{outside}))[0].New
	must[*store.MessageInfo](t, "UpdateMessage")(mb.UpdateMessage(c, m[4], &store.MessageUpdate{Set: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "m4'"}}}))

	res := syncPage(t, ct, f, s1, nil)
	got := byID(res.Changes)
	want := map[store.MID]store.MessageChange{
		m[0]:    {Kind: store.ChangeModify},
		m[1]:    {Kind: store.ChangeDelete, SoftDelete: true},
		m[5]:    {Kind: store.ChangeDelete},
		m[2]:    {Kind: store.ChangeDelete},
		m[3]:    {Kind: store.ChangeRead, Read: true},
		m[4]:    {Kind: store.ChangeModify, Read: true},
		created: {Kind: store.ChangeNew},
		movedIn: {Kind: store.ChangeNew},
	}
	if len(res.Changes) != len(want) {
		t.Errorf("got %d changes, want %d: %+v", len(res.Changes), len(want), res.Changes)
	}
	for id, w := range want {
		g, ok := got[id]
		if !ok {
			t.Errorf("no change for %v (want %v)", id, w.Kind)
			continue
		}
		if g.Kind != w.Kind || g.Read != w.Read || (w.Kind == store.ChangeDelete && g.SoftDelete != w.SoftDelete) {
			t.Errorf("change for %v = %+v, want kind %v read %v soft %v", id, g, w.Kind, w.Read, w.SoftDelete)
		}
	}
	// Without read state, the read-only change disappears.
	noRead := syncPage(t, ct, f, s1, &store.SyncOptions{NoReadState: true})
	if ch, ok := byID(noRead.Changes)[m[3]]; ok {
		t.Errorf("NoReadState still reported %+v", ch)
	}
	if len(noRead.Changes) != len(want)-1 {
		t.Errorf("NoReadState: %d changes, want %d", len(noRead.Changes), len(want)-1)
	}
	// Caught up.
	if again := syncPage(t, ct, f, res.State, nil); len(again.Changes) != 0 {
		t.Errorf("after catching up: %+v", again.Changes)
	}
	// The state passed in is not modified.
	if again := syncPage(t, ct, f, s1, nil); len(again.Changes) != len(res.Changes) {
		t.Errorf("replaying s1 gave %d changes, first time %d", len(again.Changes), len(res.Changes))
	}
	// Paging from scratch converges to the same replica.
	for _, page := range []int{1, 2, 3} {
		changes, st := syncAll(t, ct, f, nil, store.SyncOptions{MaxChanges: page})
		r := replica{}
		r.apply(t, changes)
		if len(r) != 5 {
			t.Errorf("page %d: replica has %d messages, want 5", page, len(r))
		}
		if more := syncPage(t, ct, f, st, nil); len(more.Changes) != 0 {
			t.Errorf("page %d: final state not caught up: %+v", page, more.Changes)
		}
	}
}

func (s *suite) testSyncAnyState(t *testing.T) {
	_, mb := s.mailbox(t)
	ct := tracker(t, mb)
	c := ctx(t)
	inbox := special(t, mb, store.FolderInbox)
	f := newFolder(t, mb, inbox, "Sync")
	other := newFolder(t, mb, inbox, "Other")
	rng := rand.New(rand.NewPCG(1, 2))
	truth := replica{}
	var otherIDs []store.MID
	type checkpoint struct {
		st *store.SyncState
		r  replica
	}
	var cps []checkpoint
	client := replica{}
	var st *store.SyncState
	pick := func() (store.MID, bool) {
		if len(truth) == 0 {
			return 0, false
		}
		ids := slices.Sorted(maps.Keys(truth))
		return ids[rng.IntN(len(ids))], true
	}
	steps := s.scaled(300)
	for step := range steps {
		switch op := rng.IntN(10); {
		case op < 3:
			truth[createMsg(t, mb, f, simpleMessage("x", step)).ID] = false
		case op == 3:
			if id, ok := pick(); ok {
				must[*store.MessageInfo](t, "UpdateMessage")(mb.UpdateMessage(c, id, &store.MessageUpdate{Set: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: fmt.Sprint("u", step)}}}))
			}
		case op == 4:
			if id, ok := pick(); ok {
				must[[]store.MID](t, "DeleteMessages")(mb.DeleteMessages(c, f, []store.MID{id}, &store.DeleteOptions{Hard: step%2 == 0}))
				delete(truth, id)
			}
		case op == 5:
			if id, ok := pick(); ok {
				mv := must[[]store.MovedMessage](t, "MoveMessages")(mb.MoveMessages(c, f, other, []store.MID{id}))
				otherIDs = append(otherIDs, mv[0].New)
				delete(truth, id)
			}
		case op == 6:
			if len(otherIDs) > 0 {
				id := otherIDs[len(otherIDs)-1]
				otherIDs = otherIDs[:len(otherIDs)-1]
				mv := must[[]store.MovedMessage](t, "MoveMessages")(mb.MoveMessages(c, other, f, []store.MID{id}))
				truth[mv[0].New] = false
				m := must[*store.Message](t, "Message")(mb.Message(c, mv[0].New, nil))
				truth[mv[0].New] = m.Read
			}
		case op == 7 || op == 8:
			var ids []store.MID
			for range 1 + rng.IntN(4) {
				if id, ok := pick(); ok {
					ids = append(ids, id)
				}
			}
			read := rng.IntN(3) > 0
			must[[]store.MID](t, "SetReadFlags")(mb.SetReadFlags(c, f, ids, read))
			for _, id := range ids {
				truth[id] = read
			}
		default:
			// The client syncs (with a random page size) and checkpoints.
			res := syncPage(t, ct, f, st, &store.SyncOptions{MaxChanges: rng.IntN(4)})
			client.apply(t, res.Changes)
			st = res.State
			cps = append(cps, checkpoint{st, maps.Clone(client)})
		}
	}
	cps = append(cps, checkpoint{nil, replica{}})
	for i, cp := range cps {
		for _, page := range []int{0, 1, 4} {
			changes, _ := syncAll(t, ct, f, cp.st, store.SyncOptions{MaxChanges: page})
			r := maps.Clone(cp.r)
			r.apply(t, changes)
			if !maps.Equal(r, truth) {
				t.Errorf("checkpoint %d, page size %d: replica differs from the folder (%d vs %d messages)", i, page, len(r), len(truth))
			}
		}
	}
}

func (s *suite) testSyncAssociated(t *testing.T) {
	_, mb := s.mailbox(t)
	ct := tracker(t, mb)
	c := ctx(t)
	f := newFolder(t, mb, special(t, mb, store.FolderInbox), "FAI")
	n1 := createMsg(t, mb, f, simpleMessage("n1", 1)).ID
	a1 := createMsg(t, mb, f, &store.Message{Associated: true, Props: []mapi.PropValue{{Tag: mapi.PidTagMessageClass, Value: "IPM.Configuration.A"}}}).ID
	kinds := func(res *store.ContentChanges) map[store.MID]bool {
		out := map[store.MID]bool{}
		for _, ch := range res.Changes {
			out[ch.ID] = ch.Associated
		}
		return out
	}
	if got := kinds(syncPage(t, ct, f, nil, nil)); !maps.Equal(got, map[store.MID]bool{n1: false}) {
		t.Errorf("default sync: %v", got)
	}
	both := syncPage(t, ct, f, nil, &store.SyncOptions{IncludeAssociated: true})
	if got := kinds(both); !maps.Equal(got, map[store.MID]bool{n1: false, a1: true}) {
		t.Errorf("IncludeAssociated: %v", got)
	}
	if got := kinds(syncPage(t, ct, f, nil, &store.SyncOptions{IncludeAssociated: true, ExcludeNormal: true})); !maps.Equal(got, map[store.MID]bool{a1: true}) {
		t.Errorf("FAI only: %v", got)
	}
	normalOnly := syncPage(t, ct, f, nil, nil).State
	must[*store.MessageInfo](t, "UpdateMessage")(mb.UpdateMessage(c, a1, &store.MessageUpdate{Set: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "x"}}}))
	if res := syncPage(t, ct, f, normalOnly, nil); len(res.Changes) != 0 {
		t.Errorf("FAI change reported to a normal-only sync: %+v", res.Changes)
	}
	res := syncPage(t, ct, f, both.State, &store.SyncOptions{IncludeAssociated: true})
	if len(res.Changes) != 1 || res.Changes[0].ID != a1 || res.Changes[0].Kind != store.ChangeModify || !res.Changes[0].Associated {
		t.Errorf("FAI modify: %+v", res.Changes)
	}
}

// folderReplica is a hierarchy client: FID -> parent FID.
type folderReplica map[store.FID]store.FID

func (r folderReplica) apply(t *testing.T, root store.FID, changes []store.FolderChange) {
	t.Helper()
	for _, ch := range changes {
		_, have := r[ch.ID]
		switch ch.Kind {
		case store.ChangeNew, store.ChangeModify:
			if (ch.Kind == store.ChangeNew) == have {
				t.Errorf("%v for %v (client has it: %v)", ch.Kind, ch.ID, have)
			}
			if _, ok := r[ch.ParentID]; !ok && ch.ParentID != root {
				t.Errorf("folder %v reported before its parent %v", ch.ID, ch.ParentID)
			}
			r[ch.ID] = ch.ParentID
		case store.ChangeDelete:
			if !have {
				t.Errorf("delete of %v the client lacks", ch.ID)
			}
			delete(r, ch.ID)
		default:
			t.Errorf("folder change of kind %v", ch.Kind)
		}
	}
}

func syncHierAll(t *testing.T, ct store.ChangeTracker, root store.FID, st *store.SyncState, page int) ([]store.FolderChange, *store.SyncState) {
	t.Helper()
	var all []store.FolderChange
	for range 100000 {
		res, err := ct.SyncHierarchy(ctx(t), root, st, &store.SyncOptions{MaxChanges: page})
		if err != nil {
			t.Fatalf("SyncHierarchy: %v", err)
		}
		if page > 0 && len(res.Changes) > page {
			t.Fatalf("SyncHierarchy: %d changes, MaxChanges %d", len(res.Changes), page)
		}
		all = append(all, res.Changes...)
		st = res.State
		if !res.More {
			return all, st
		}
		if len(res.Changes) == 0 {
			t.Fatal("SyncHierarchy: More on an empty page")
		}
	}
	t.Fatal("SyncHierarchy never finished")
	return nil, nil
}

// treeOf returns the subtree below root as FID -> parent.
func treeOf(t *testing.T, mb store.Mailbox, root store.FID) folderReplica {
	t.Helper()
	out := folderReplica{}
	var walk func(store.FID)
	walk = func(p store.FID) {
		for _, k := range must[[]store.FID](t, "Subfolders")(mb.Subfolders(ctx(t), p)) {
			out[k] = p
			walk(k)
		}
	}
	walk(root)
	return out
}

func (s *suite) testSyncHierarchy(t *testing.T) {
	_, mb := s.mailbox(t)
	ct := tracker(t, mb)
	c := ctx(t)
	ipm := special(t, mb, store.FolderIPMSubtree)
	root := newFolder(t, mb, ipm, "Root")
	a := newFolder(t, mb, root, "A")
	b := newFolder(t, mb, root, "B")
	cc := newFolder(t, mb, a, "C")
	// Rename A after creating its child, so that CN order alone would
	// put the child first.
	must[*store.Folder](t, "UpdateFolder")(mb.UpdateFolder(c, a, []mapi.PropValue{{Tag: mapi.PidTagDisplayName, Value: "A'"}}, nil, nil))
	changes, s1 := syncHierAll(t, ct, root, nil, 0)
	r1 := folderReplica{}
	r1.apply(t, root, changes)
	if !maps.Equal(r1, treeOf(t, mb, root)) || len(r1) != 3 {
		t.Fatalf("initial hierarchy %v, want %v", r1, treeOf(t, mb, root))
	}
	cps := []struct {
		st *store.SyncState
		r  folderReplica
	}{{nil, folderReplica{}}, {s1, maps.Clone(r1)}}

	must[*store.Folder](t, "UpdateFolder")(mb.UpdateFolder(c, b, []mapi.PropValue{{Tag: mapi.PidTagComment, Value: "x"}}, nil, nil))
	must[*store.Folder](t, "MoveFolder")(mb.MoveFolder(c, cc, root, ""))
	d := newFolder(t, mb, cc, "D")
	if err := mb.DeleteFolder(c, a, &store.DeleteOptions{Hard: true}); err != nil {
		t.Fatal(err)
	}
	e := newFolder(t, mb, ipm, "E")
	must[*store.Folder](t, "MoveFolder")(mb.MoveFolder(c, e, root, ""))
	must[*store.Folder](t, "MoveFolder")(mb.MoveFolder(c, b, ipm, ""))

	res := must[*store.HierarchyChanges](t, "SyncHierarchy")(ct.SyncHierarchy(c, root, s1, nil))
	kinds := map[store.FID]store.ChangeKind{}
	for _, ch := range res.Changes {
		kinds[ch.ID] = ch.Kind
	}
	want := map[store.FID]store.ChangeKind{a: store.ChangeDelete, b: store.ChangeDelete, cc: store.ChangeModify, d: store.ChangeNew, e: store.ChangeNew}
	if !maps.Equal(kinds, want) {
		t.Errorf("hierarchy changes %v, want %v", kinds, want)
	}
	r := maps.Clone(r1)
	r.apply(t, root, res.Changes)
	truth := treeOf(t, mb, root)
	if !maps.Equal(r, truth) {
		t.Errorf("replica %v, want %v", r, truth)
	}
	cps = append(cps, struct {
		st *store.SyncState
		r  folderReplica
	}{res.State, r})
	newFolder(t, mb, d, "F")
	truth = treeOf(t, mb, root)
	for i, cp := range cps {
		for _, page := range []int{0, 1, 2} {
			ch, _ := syncHierAll(t, ct, root, cp.st, page)
			rr := maps.Clone(cp.r)
			rr.apply(t, root, ch)
			if !maps.Equal(rr, truth) {
				t.Errorf("checkpoint %d page %d: replica %v, want %v", i, page, rr, truth)
			}
		}
	}
}

func (s *suite) testSyncStateEncoding(t *testing.T) {
	_, mb := s.mailbox(t)
	ct := tracker(t, mb)
	c := ctx(t)
	f := newFolder(t, mb, special(t, mb, store.FolderInbox), "Enc")
	var ids []store.MID
	for i := range 50 {
		ids = append(ids, createMsg(t, mb, f, simpleMessage("e", i)).ID)
	}
	must[[]store.MID](t, "SetReadFlags")(mb.SetReadFlags(c, f, ids[:10], true))
	res := syncPage(t, ct, f, nil, nil)
	b, err := res.State.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > 200 {
		t.Errorf("state of 50 contiguous messages takes %d bytes; IDSETs should make it compact", len(b))
	}
	back, err := store.ParseSyncState(b, nil)
	if err != nil {
		t.Fatalf("ParseSyncState: %v", err)
	}
	if !back.Given.Equal(&res.State.Given) || !back.Seen.Equal(&res.State.Seen) || !back.SeenFAI.Equal(&res.State.SeenFAI) || !back.Read.Equal(&res.State.Read) {
		t.Errorf("state changed in round trip: %+v vs %+v", back, res.State)
	}
	if again := syncPage(t, ct, f, back, nil); len(again.Changes) != 0 {
		t.Errorf("decoded state not caught up: %d changes", len(again.Changes))
	}
	empty, err := store.ParseSyncState(nil, nil)
	if err != nil || !empty.Given.IsEmpty() {
		t.Errorf("ParseSyncState(nil) = %+v, %v", empty, err)
	}
	for _, bad := range [][]byte{{9}, {1, 5, 0, 0, 0}, append(slices.Clone(b), 0), b[:len(b)-1]} {
		if _, err := store.ParseSyncState(bad, nil); !errorsIs(err, store.ErrInvalidArgument) {
			t.Errorf("ParseSyncState(%x) error %v, want ErrInvalidArgument", bad, err)
		}
	}
}

func (s *suite) testSyncAck(t *testing.T) {
	_, mb := s.mailbox(t)
	ct := tracker(t, mb)
	c := ctx(t)
	f := newFolder(t, mb, special(t, mb, store.FolderInbox), "Ack")
	other := createMsg(t, mb, f, simpleMessage("server side", 0)).ID
	st := syncPage(t, ct, f, nil, nil).State
	// The client adds a message and edits another; the front end
	// acknowledges both in the client's state.
	mine := createMsg(t, mb, f, simpleMessage("client side", 1))
	st.AckChange(mine.ID, mine.CN, false)
	edit := must[*store.MessageInfo](t, "UpdateMessage")(mb.UpdateMessage(c, other, &store.MessageUpdate{Set: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "edited by client"}}}))
	st.AckChange(edit.ID, edit.CN, false)
	if res := syncPage(t, ct, f, st, nil); len(res.Changes) != 0 {
		t.Errorf("acknowledged changes echoed back: %+v", res.Changes)
	}
	// The client deletes one.
	must[[]store.MID](t, "DeleteMessages")(mb.DeleteMessages(c, f, []store.MID{other}, nil))
	st.AckDelete(other)
	// The server changes the client's message afterwards: reported.
	later := must[*store.MessageInfo](t, "UpdateMessage")(mb.UpdateMessage(c, mine.ID, &store.MessageUpdate{Set: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "server edit"}}}))
	res := syncPage(t, ct, f, st, nil)
	if len(res.Changes) != 1 || res.Changes[0].ID != mine.ID || res.Changes[0].Kind != store.ChangeModify || res.Changes[0].CN != later.CN {
		t.Errorf("after acks: %+v", res.Changes)
	}
}

package storetest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

var (
	psPublicStrings = mapi.NewGUID(0x00020329, 0, 0, 0xC000, 0x000000000046)
	psetidCommon    = mapi.NewGUID(0x00062008, 0, 0, 0xC000, 0x000000000046)
)

func testNames() []mapi.PropertyName {
	return []mapi.PropertyName{
		{Kind: mapi.NameKindID, GUID: psetidCommon, LID: 0x8580},
		{Kind: mapi.NameKindString, GUID: psPublicStrings, Name: "Keywords"},
		{Kind: mapi.NameKindString, GUID: psPublicStrings, Name: "keywords"},
		{Kind: mapi.NameKindID, GUID: psPublicStrings, LID: 0x8580},
	}
}

func (s *suite) testNamedProperties(t *testing.T) {
	_, mb := s.mailbox(t)
	np, ok := mb.(store.NamedProperties)
	if !ok {
		t.Skip("store does not implement store.NamedProperties")
	}
	checkNamed(t, np, nil)
}

// checkNamed maps testNames and checks the mapping (and, with want, that
// it equals an earlier one).
func checkNamed(t *testing.T, np store.NamedProperties, want []mapi.PropID) []mapi.PropID {
	t.Helper()
	c := ctx(t)
	names := testNames()
	if want == nil {
		none := must[[]mapi.PropID](t, "PropIDs(create=false)")(np.PropIDs(c, names, false))
		if !slices.Equal(none, make([]mapi.PropID, len(names))) {
			t.Errorf("unmapped names got IDs %v", none)
		}
	}
	ids := must[[]mapi.PropID](t, "PropIDs")(np.PropIDs(c, names, true))
	seen := map[mapi.PropID]bool{}
	for i, id := range ids {
		if id < store.FirstNamedPropID || id > store.MaxNamedPropID || seen[id] {
			t.Errorf("name %d mapped to %#x", i, id)
		}
		seen[id] = true
	}
	if want != nil && !slices.Equal(ids, want) {
		t.Errorf("mapping changed: %v, was %v", ids, want)
	}
	again := must[[]mapi.PropID](t, "PropIDs again")(np.PropIDs(c, slices.Concat(names[2:], names[:2]), true))
	if !slices.Equal(again, slices.Concat(ids[2:], ids[:2])) {
		t.Errorf("mapping not stable: %v vs %v", again, ids)
	}
	back := must[[]mapi.PropertyName](t, "PropNames")(np.PropNames(c, append(slices.Clone(ids), 0x7FFF, 0xFFF0)))
	for i, n := range names {
		if back[i] != n {
			t.Errorf("PropNames(%#x) = %+v, want %+v", ids[i], back[i], n)
		}
	}
	if back[len(names)].Kind != mapi.NameKindNone || back[len(names)+1].Kind != mapi.NameKindNone {
		t.Errorf("unmapped IDs named %+v", back[len(names):])
	}
	if _, err := np.PropIDs(c, []mapi.PropertyName{{Kind: 7}}, true); !errorsIs(err, store.ErrInvalidArgument) {
		t.Errorf("bad name kind: %v", err)
	}
	return ids
}

func notifier(t *testing.T, mb store.Mailbox) store.Notifier {
	t.Helper()
	n, ok := mb.(store.Notifier)
	if !ok {
		t.Skip("store does not implement store.Notifier")
	}
	return n
}

func nextEvent(t *testing.T, sub store.Subscription) store.Event {
	t.Helper()
	c, cancel := context.WithTimeout(ctx(t), 10*time.Second)
	defer cancel()
	ev, err := sub.Next(c)
	if err != nil {
		t.Fatalf("Next: %v", err)
	}
	return ev
}

// noEvent checks that nothing is queued (a writer publishes before its
// call returns, so this is not a timing assertion).
func noEvent(t *testing.T, sub store.Subscription) {
	t.Helper()
	c, cancel := context.WithCancel(ctx(t))
	cancel()
	if ev, err := sub.Next(c); err == nil {
		t.Errorf("unexpected event %+v", ev)
	}
}

func (s *suite) testNotifications(t *testing.T) {
	_, mb := s.mailbox(t)
	n := notifier(t, mb)
	c := ctx(t)
	inbox := special(t, mb, store.FolderInbox)
	other := newFolder(t, mb, inbox, "Other")
	all := must[store.Subscription](t, "Subscribe")(n.Subscribe(c, nil))
	defer all.Close()
	onInbox := must[store.Subscription](t, "Subscribe")(n.Subscribe(c, &store.SubscribeOptions{Folder: inbox}))
	defer onInbox.Close()
	newMail := must[store.Subscription](t, "Subscribe")(n.Subscribe(c, &store.SubscribeOptions{Events: store.EventNewMail}))
	defer newMail.Close()

	in := simpleMessage("delivered", 0)
	in.NewMail = true
	m1 := createMsg(t, mb, inbox, in)
	m2 := createMsg(t, mb, other, simpleMessage("elsewhere", 1))
	must[*store.MessageInfo](t, "UpdateMessage")(mb.UpdateMessage(c, m1.ID, &store.MessageUpdate{Set: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "x"}}}))
	mv := must[[]store.MovedMessage](t, "MoveMessages")(mb.MoveMessages(c, other, inbox, []store.MID{m2.ID}))
	cp := must[[]store.MovedMessage](t, "CopyMessages")(mb.CopyMessages(c, inbox, other, []store.MID{m1.ID}))
	must[[]store.MID](t, "DeleteMessages")(mb.DeleteMessages(c, inbox, []store.MID{m1.ID}, nil))
	sub := newFolder(t, mb, other, "Sub")

	type want struct {
		typ    store.EventType
		folder store.FID
		msg    store.MID
	}
	wantAll := []want{
		{store.EventObjectCreated, inbox, m1.ID},
		{store.EventNewMail, inbox, m1.ID},
		{store.EventObjectCreated, other, m2.ID},
		{store.EventObjectModified, inbox, m1.ID},
		{store.EventObjectMoved, inbox, mv[0].New},
		{store.EventObjectCopied, other, cp[0].New},
		{store.EventObjectDeleted, inbox, m1.ID},
		{store.EventObjectCreated, sub, 0},
	}
	var last uint64
	for i, w := range wantAll {
		ev := nextEvent(t, all)
		if ev.Type != w.typ || ev.Folder != w.folder || ev.Message != w.msg {
			t.Errorf("event %d = %+v, want %v in %v on %v", i, ev, w.typ, w.folder, w.msg)
		}
		if ev.CN.GlobalCounter() < last {
			t.Errorf("event %d: CN %v went backwards", i, ev.CN)
		}
		last = ev.CN.GlobalCounter()
		if w.typ == store.EventObjectMoved && (ev.OldFolder != other || ev.OldMessage != m2.ID) {
			t.Errorf("move event without its source: %+v", ev)
		}
		if w.typ == store.EventNewMail && ev.MessageClass != "IPM.Note" {
			t.Errorf("new mail event class %q", ev.MessageClass)
		}
		if w.typ == store.EventObjectCreated && w.msg == 0 && ev.Parent != other {
			t.Errorf("folder event parent %v", ev.Parent)
		}
	}
	noEvent(t, all)
	// Folder subscription: events in or out of the inbox only.
	var inboxTypes []store.EventType
	for range 6 {
		inboxTypes = append(inboxTypes, nextEvent(t, onInbox).Type)
	}
	wantInbox := []store.EventType{store.EventObjectCreated, store.EventNewMail, store.EventObjectModified, store.EventObjectMoved, store.EventObjectCopied, store.EventObjectDeleted}
	if !slices.Equal(inboxTypes, wantInbox) {
		t.Errorf("inbox events %v, want %v", inboxTypes, wantInbox)
	}
	noEvent(t, onInbox)
	if ev := nextEvent(t, newMail); ev.Type != store.EventNewMail || ev.Message != m1.ID {
		t.Errorf("new-mail subscription got %+v", ev)
	}
	noEvent(t, newMail)
	// Ready signals waiting events.
	createMsg(t, mb, inbox, simpleMessage("ready", 2))
	select {
	case <-all.Ready():
	case <-time.After(10 * time.Second):
		t.Error("Ready never fired")
	}
	nextEvent(t, all)
	// Closing ends the subscription.
	all.Close()
	if _, err := all.Next(c); !errorsIs(err, store.ErrClosed) {
		t.Errorf("Next after Close: %v", err)
	}
	// Cancelling the subscription's context ends it too.
	sc, cancel := context.WithCancel(c)
	byCtx := must[store.Subscription](t, "Subscribe")(n.Subscribe(sc, nil))
	cancel()
	if _, err := byCtx.Next(c); !errorsIs(err, store.ErrClosed) {
		t.Errorf("Next after the context ended: %v", err)
	}
}

func (s *suite) testNotificationOverflow(t *testing.T) {
	_, mb := s.mailbox(t)
	n := notifier(t, mb)
	c := ctx(t)
	inbox := special(t, mb, store.FolderInbox)
	const size = 4
	sub := must[store.Subscription](t, "Subscribe")(n.Subscribe(c, &store.SubscribeOptions{QueueSize: size}))
	defer sub.Close()
	// The writer is never blocked by the full queue.
	for i := range 50 {
		createMsg(t, mb, inbox, simpleMessage("flood", i))
	}
	var got []store.Event
	for range size {
		got = append(got, nextEvent(t, sub))
	}
	for _, ev := range got {
		if ev.Type != store.EventObjectCreated {
			t.Errorf("queued event %+v", ev)
		}
	}
	noEvent(t, sub)
	last := createMsg(t, mb, inbox, simpleMessage("after", 0))
	if ev := nextEvent(t, sub); ev.Type != store.EventOverflow {
		t.Errorf("after dropping events: %+v, want EventOverflow", ev)
	}
	if ev := nextEvent(t, sub); ev.Type != store.EventObjectCreated || ev.Message != last.ID {
		t.Errorf("after overflow: %+v", ev)
	}
}

func (s *suite) testQuota(t *testing.T) {
	_, mb := s.mailbox(t)
	q, ok := mb.(store.QuotaReporter)
	if !ok {
		t.Skip("store does not implement store.QuotaReporter")
	}
	c := ctx(t)
	before := must[store.Quota](t, "Quota")(q.Quota(c))
	info := createMsg(t, mb, special(t, mb, store.FolderInbox), &store.Message{Props: []mapi.PropValue{{Tag: mapi.PidTagBody, Value: string(make([]byte, 10000))}}})
	after := must[store.Quota](t, "Quota")(q.Quota(c))
	if after.Used-before.Used != info.Size || info.Size < 10000 {
		t.Errorf("usage grew by %d for a message of size %d", after.Used-before.Used, info.Size)
	}
	must[[]store.MID](t, "DeleteMessages")(mb.DeleteMessages(c, info.FolderID, []store.MID{info.ID}, &store.DeleteOptions{Hard: true}))
	if end := must[store.Quota](t, "Quota")(q.Quota(c)); end.Used != before.Used {
		t.Errorf("usage %d after delete, want %d", end.Used, before.Used)
	}
}

func (s *suite) testDeviceState(t *testing.T) {
	st := s.open(t)
	ds, ok := st.(store.DeviceStateStore)
	if !ok {
		t.Skip("store does not implement store.DeviceStateStore")
	}
	checkDeviceState(t, ds, true)
}

func checkDeviceState(t *testing.T, ds store.DeviceStateStore, write bool) {
	t.Helper()
	c := ctx(t)
	k1 := store.DeviceStateKey{User: "User@Example.com", Client: "DEV1", Name: "sync:inbox"}
	k2 := store.DeviceStateKey{User: "user@example.com", Client: "DEV1", Name: "policy"}
	k3 := store.DeviceStateKey{User: "user@example.com", Client: "DEV2", Name: "policy"}
	if write {
		if _, err := ds.DeviceState(c, k1); !errorsIs(err, store.ErrNotFound) {
			t.Errorf("missing state: %v", err)
		}
		for i, k := range []store.DeviceStateKey{k1, k2, k3} {
			if err := ds.PutDeviceState(c, k, []byte(fmt.Sprint("v", i))); err != nil {
				t.Fatal(err)
			}
		}
		if err := ds.PutDeviceState(c, k1, []byte("v0'")); err != nil {
			t.Fatal(err)
		}
	}
	if b := must[[]byte](t, "DeviceState")(ds.DeviceState(c, store.DeviceStateKey{User: "USER@example.com", Client: "DEV1", Name: "sync:inbox"})); string(b) != "v0'" {
		t.Errorf("DeviceState = %q", b)
	}
	if names := must[[]string](t, "DeviceStateNames")(ds.DeviceStateNames(c, "user@example.com", "DEV1")); !slices.Equal(names, []string{"policy", "sync:inbox"}) {
		t.Errorf("names %v", names)
	}
	if !write {
		return
	}
	if err := ds.DeleteDeviceState(c, store.DeviceStateKey{User: k1.User, Client: "DEV1"}); err != nil {
		t.Fatal(err)
	}
	if names := must[[]string](t, "DeviceStateNames")(ds.DeviceStateNames(c, "user@example.com", "DEV1")); len(names) != 0 {
		t.Errorf("after deleting the client: %v", names)
	}
	if b := must[[]byte](t, "DeviceState")(ds.DeviceState(c, k3)); string(b) != "v2" {
		t.Errorf("other client's state %q", b)
	}
	if err := ds.DeleteDeviceState(c, k3); err != nil {
		t.Fatal(err)
	}
	if err := ds.DeleteDeviceState(c, k3); err != nil {
		t.Errorf("deleting a missing blob: %v", err)
	}
	// Restore for the reopen test.
	for i, k := range []store.DeviceStateKey{k1, k2} {
		if err := ds.PutDeviceState(c, k, []byte(fmt.Sprint("v", i))); err != nil {
			t.Fatal(err)
		}
	}
	ds.PutDeviceState(c, k1, []byte("v0'"))
}

func (s *suite) testDirectory(t *testing.T) {
	st := s.open(t)
	dir, ok := st.(store.Directory)
	if !ok {
		t.Skip("store does not implement store.Directory")
	}
	admin, ok := st.(store.DirectoryAdmin)
	if !ok {
		t.Skip("store implements store.Directory but not store.DirectoryAdmin; the suite cannot populate it")
	}
	c := ctx(t)
	for _, e := range []struct {
		e   store.DirectoryEntry
		pwd string
	}{
		{store.DirectoryEntry{Kind: store.EntryUser, SMTPAddress: "alice@example.com", DisplayName: "Alice Smith", ProxyAddresses: []string{"smtp:al@example.com"}}, "secret-a"},
		{store.DirectoryEntry{Kind: store.EntryUser, SMTPAddress: "bob@example.com", DisplayName: "Bob Jones"}, "secret-b"},
		{store.DirectoryEntry{Kind: store.EntryUser, SMTPAddress: "carol@example.com", DisplayName: "carol Smithers", Hidden: true}, "x"},
		{store.DirectoryEntry{Kind: store.EntryDistList, SMTPAddress: "team@example.com", DisplayName: "Team"}, ""},
	} {
		if err := admin.PutEntry(c, e.e, e.pwd); err != nil {
			t.Fatalf("PutEntry: %v", err)
		}
	}
	if err := admin.SetMembers(c, "team@example.com", []string{"alice@example.com", "bob@example.com"}); err != nil {
		t.Fatal(err)
	}
	a := must[*store.DirectoryEntry](t, "LookupUser")(dir.LookupUser(c, "ALICE@example.com"))
	if a.DisplayName != "Alice Smith" || a.LegacyDN == "" || a.GUID == ([16]byte{}) {
		t.Errorf("entry %+v", a)
	}
	if b := must[*store.DirectoryEntry](t, "LookupUser(proxy)")(dir.LookupUser(c, "al@example.com")); b.SMTPAddress != "alice@example.com" {
		t.Errorf("proxy lookup %+v", b)
	}
	if b := must[*store.DirectoryEntry](t, "LookupUser(legacyDN)")(dir.LookupUser(c, a.LegacyDN)); b.SMTPAddress != "alice@example.com" {
		t.Errorf("legacy DN lookup %+v", b)
	}
	if _, err := dir.LookupUser(c, "nobody@example.com"); !errorsIs(err, store.ErrNotFound) {
		t.Errorf("unknown user: %v", err)
	}
	if err := dir.VerifyPassword(c, "alice@example.com", "secret-a"); err != nil {
		t.Errorf("right password: %v", err)
	}
	for _, bad := range [][2]string{{"alice@example.com", "secret-b"}, {"nobody@example.com", "x"}, {"team@example.com", ""}} {
		if err := dir.VerifyPassword(c, bad[0], bad[1]); !errorsIs(err, store.ErrAccessDenied) {
			t.Errorf("VerifyPassword(%q, %q) = %v", bad[0], bad[1], err)
		}
	}
	list, total, err := dir.ListEntries(c, 0, 0)
	if err != nil || total != 3 || len(list) != 3 || list[0].SMTPAddress != "alice@example.com" || list[1].SMTPAddress != "bob@example.com" || list[2].SMTPAddress != "team@example.com" {
		t.Errorf("ListEntries = %+v, %d, %v", list, total, err)
	}
	page, total, _ := dir.ListEntries(c, 1, 1)
	if total != 3 || len(page) != 1 || page[0].SMTPAddress != "bob@example.com" {
		t.Errorf("ListEntries page = %+v, %d", page, total)
	}
	res := must[[]store.DirectoryEntry](t, "Resolve")(dir.Resolve(c, "smi", 0))
	if len(res) != 1 || res[0].SMTPAddress != "alice@example.com" {
		t.Errorf("Resolve(smi) = %+v (hidden entries must not resolve)", res)
	}
	if res := must[[]store.DirectoryEntry](t, "Resolve")(dir.Resolve(c, "bo", 0)); len(res) != 1 || res[0].SMTPAddress != "bob@example.com" {
		t.Errorf("Resolve(bo) = %+v", res)
	}
	members := must[[]store.DirectoryEntry](t, "Members")(dir.Members(c, "team@example.com"))
	if len(members) != 2 {
		t.Errorf("Members = %+v", members)
	}
	if _, err := dir.Members(c, "alice@example.com"); err == nil {
		t.Errorf("Members of a user succeeded")
	}
	if err := admin.DeleteEntry(c, "bob@example.com"); err != nil {
		t.Fatal(err)
	}
	if _, err := dir.LookupUser(c, "bob@example.com"); !errorsIs(err, store.ErrNotFound) {
		t.Errorf("deleted entry: %v", err)
	}
	// Rooms and room lists keep their marks.
	for _, e := range []store.DirectoryEntry{
		{Kind: store.EntryUser, SMTPAddress: "board@example.com", DisplayName: "Board Room", Room: true},
		{Kind: store.EntryDistList, SMTPAddress: "rooms@example.com", DisplayName: "Rooms", RoomList: true},
	} {
		if err := admin.PutEntry(c, e, ""); err != nil {
			t.Fatalf("PutEntry: %v", err)
		}
	}
	if r := must[*store.DirectoryEntry](t, "LookupUser(room)")(dir.LookupUser(c, "board@example.com")); !r.Room || r.RoomList {
		t.Errorf("room entry %+v: Room not kept", r)
	}
	if r := must[*store.DirectoryEntry](t, "LookupUser(room list)")(dir.LookupUser(c, "rooms@example.com")); !r.RoomList || r.Room {
		t.Errorf("room list entry %+v: RoomList not kept", r)
	}
}

func (s *suite) testConcurrency(t *testing.T) {
	_, mb := s.mailbox(t)
	c := ctx(t)
	inbox := special(t, mb, store.FolderInbox)
	const writers = 4
	per := s.scaled(50)
	var folders []store.FID
	for i := range writers {
		folders = append(folders, newFolder(t, mb, inbox, fmt.Sprint("W", i)))
	}
	var sub store.Subscription
	if n, ok := mb.(store.Notifier); ok {
		sub = must[store.Subscription](t, "Subscribe")(n.Subscribe(c, &store.SubscribeOptions{QueueSize: 1 << 20}))
		defer sub.Close()
	}
	var wg sync.WaitGroup
	errs := make(chan error, writers*4)
	ids := make([][]store.MID, writers)
	for w := range writers {
		wg.Go(func() {
			for i := range per {
				info, err := mb.CreateMessage(c, folders[w], simpleMessage("c", i))
				if err != nil {
					errs <- err
					return
				}
				ids[w] = append(ids[w], info.ID)
				if _, err := mb.CreateMessage(c, inbox, simpleMessage("shared", i)); err != nil {
					errs <- err
					return
				}
				if i%5 == 0 {
					if _, err := mb.UpdateMessage(c, info.ID, &store.MessageUpdate{Set: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "u"}}}); err != nil {
						errs <- err
						return
					}
					if _, err := mb.SetReadFlags(c, folders[w], []store.MID{info.ID}, true); err != nil {
						errs <- err
						return
					}
				}
			}
		})
		// Readers alongside.
		wg.Go(func() {
			for range per {
				if _, err := mb.Folder(c, inbox, nil); err != nil {
					errs <- err
					return
				}
				if tb, ok := mb.(store.Tables); ok {
					if _, err := tb.QueryMessages(c, inbox, &store.Query{Sort: sortBy(mapi.SortOrder{PropTag: mapi.PidTagMessageDeliveryTime, Order: mapi.Descending}), Limit: 10}); err != nil {
						errs <- err
						return
					}
				}
				if ct, ok := mb.(store.ChangeTracker); ok {
					if _, err := ct.SyncContents(c, folders[w], nil, &store.SyncOptions{MaxChanges: 5}); err != nil {
						errs <- err
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent operation: %v", err)
	}
	seen := map[store.MID]bool{}
	for w := range writers {
		for _, id := range ids[w] {
			if seen[id] {
				t.Errorf("MID %v handed out twice", id)
			}
			seen[id] = true
		}
		f := must[*store.Folder](t, "Folder")(mb.Folder(c, folders[w], nil))
		if countOf(f.Props) != int32(per) {
			t.Errorf("folder %d holds %d, want %d", w, countOf(f.Props), per)
		}
	}
	if f := must[*store.Folder](t, "Folder")(mb.Folder(c, inbox, nil)); countOf(f.Props) != int32(writers*per) {
		t.Errorf("inbox holds %d, want %d", countOf(f.Props), writers*per)
	}
	if ct, ok := mb.(store.ChangeTracker); ok {
		for w := range writers {
			changes, _ := syncAll(t, ct, folders[w], nil, store.SyncOptions{MaxChanges: 7})
			r := replica{}
			r.apply(t, changes)
			if len(r) != per {
				t.Errorf("sync of folder %d found %d messages", w, len(r))
			}
		}
	}
	if sub != nil {
		// Events arrive in CN order.
		var last uint64
		for {
			cc, cancel := context.WithCancel(c)
			cancel()
			ev, err := sub.Next(cc)
			if err != nil {
				break
			}
			if ev.CN.GlobalCounter() < last {
				t.Fatalf("event CN %v after %x", ev.CN, last)
			}
			last = ev.CN.GlobalCounter()
		}
	}
}

func (s *suite) testReopen(t *testing.T) {
	if s.opts.Reopen == nil {
		t.Skip("no Options.Reopen: the store is not persistent")
	}
	st := s.newStore(t)
	c := ctx(t)
	mb := must[store.Mailbox](t, "CreateMailbox")(st.CreateMailbox(c, "persist@example.com", nil))
	info := mb.Info()
	inbox := special(t, mb, store.FolderInbox)
	f := newFolder(t, mb, inbox, "Kept")
	sub1 := newFolder(t, mb, f, "Z first")
	sub2 := newFolder(t, mb, f, "A second")
	props := everyType()
	big := bytes.Repeat([]byte("0123456789"), 30000)
	m := createMsg(t, mb, f, &store.Message{Props: props, Attachments: []store.Attachment{{Props: []mapi.PropValue{{Tag: mapi.PidTagAttachDataBinary, Value: big}}}}})
	gone := createMsg(t, mb, f, simpleMessage("gone", 1)).ID
	readLater := createMsg(t, mb, f, simpleMessage("read later", 2)).ID
	var named []mapi.PropID
	if np, ok := mb.(store.NamedProperties); ok {
		named = checkNamed(t, np, nil)
	}
	var reservedFirst uint64
	if alloc, ok := mb.(store.IDAllocator); ok {
		reservedFirst = must[uint64](t, "ReserveIDs")(alloc.ReserveIDs(c, 4))
	}
	var state, hstate *store.SyncState
	ct, hasCT := mb.(store.ChangeTracker)
	if hasCT {
		state = syncPage(t, ct, f, nil, nil).State
		hstate = must[*store.HierarchyChanges](t, "SyncHierarchy")(ct.SyncHierarchy(c, f, nil, nil)).State
	}
	must[[]store.MID](t, "DeleteMessages")(mb.DeleteMessages(c, f, []store.MID{gone}, &store.DeleteOptions{Hard: true}))
	must[[]store.MID](t, "SetReadFlags")(mb.SetReadFlags(c, f, []store.MID{readLater}, true))
	if err := mb.DeleteFolder(c, sub1, nil); err != nil {
		t.Fatal(err)
	}
	if ds, ok := st.(store.DeviceStateStore); ok {
		checkDeviceState(t, ds, true)
	}
	admin, hasAdmin := st.(store.DirectoryAdmin)
	if hasAdmin {
		if err := admin.PutEntry(c, store.DirectoryEntry{Kind: store.EntryUser, SMTPAddress: "persist@example.com", DisplayName: "Persist"}, "pw"); err != nil {
			t.Fatal(err)
		}
	}

	st = s.opts.Reopen(t, st)
	t.Cleanup(func() { st.Close() })
	mb = must[store.Mailbox](t, "OpenMailbox after reopen")(st.OpenMailbox(c, "persist@example.com"))
	if mb.Info() != info {
		t.Errorf("mailbox info %+v, was %+v", mb.Info(), info)
	}
	if got := special(t, mb, store.FolderInbox); got != inbox {
		t.Errorf("inbox %v, was %v", got, inbox)
	}
	if kids := must[[]store.FID](t, "Subfolders")(mb.Subfolders(c, f)); len(kids) != 1 || kids[0] != sub2 {
		t.Errorf("subfolders after reopen %v, want [%v]", kids, sub2)
	}
	if folderName(t, mb, f) != "Kept" {
		t.Errorf("folder name lost")
	}
	got := must[*store.Message](t, "Message after reopen")(mb.Message(c, m.ID, nil))
	for _, p := range props {
		if v, _ := prop(got.Props, p.Tag); !sameValue(v, p.Value) {
			t.Errorf("%v = %#v after reopen, want %#v", p.Tag, v, p.Value)
		}
	}
	if got.Info.CN != m.CN || !bytes.Equal(got.Info.ChangeKey, m.ChangeKey) || len(got.Attachments) != 1 {
		t.Errorf("message info %+v after reopen, was %+v", got.Info, m)
	} else if v, _ := prop(got.Attachments[0].Props, mapi.PidTagAttachDataBinary); !bytes.Equal(asBytes(v), big) {
		t.Errorf("large attachment data lost")
	}
	r, n, err := mb.OpenPropertyStream(c, store.PropRef{Message: m.ID, Attachments: []uint32{0}, Tag: mapi.PidTagAttachDataBinary})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(r)
	r.Close()
	if n != int64(len(big)) || !bytes.Equal(data, big) {
		t.Errorf("stream after reopen: %d bytes of %d", len(data), n)
	}
	if _, err := mb.Message(c, gone, nil); !errorsIs(err, store.ErrNotFound) {
		t.Errorf("deleted message after reopen: %v", err)
	}
	if rm := must[*store.Message](t, "Message")(mb.Message(c, readLater, nil)); !rm.Read {
		t.Errorf("read flag lost")
	}
	if np, ok := mb.(store.NamedProperties); ok && named != nil {
		checkNamed(t, np, named)
	}
	if alloc, ok := mb.(store.IDAllocator); ok && reservedFirst != 0 {
		in := simpleMessage("reserved", 0)
		in.ID = store.MakeMID(reservedFirst + 1)
		if info := createMsg(t, mb, inbox, in); info.ID != in.ID {
			t.Errorf("reserved ID not honoured after reopen")
		}
		next := must[uint64](t, "ReserveIDs")(alloc.ReserveIDs(c, 1))
		if next < reservedFirst+4 {
			t.Errorf("reservation %d overlaps one made before reopen (%d+4)", next, reservedFirst)
		}
	}
	if hasCT {
		ct = mb.(store.ChangeTracker)
		n := createMsg(t, mb, f, simpleMessage("after", 0))
		if n.CN.GlobalCounter() <= m.CN.GlobalCounter() || n.ID == m.ID {
			t.Errorf("counters went back after reopen: %+v", n)
		}
		res := syncPage(t, ct, f, state, nil)
		kinds := map[store.MID]store.ChangeKind{}
		for _, ch := range res.Changes {
			kinds[ch.ID] = ch.Kind
		}
		want := map[store.MID]store.ChangeKind{n.ID: store.ChangeNew, gone: store.ChangeDelete, readLater: store.ChangeRead}
		if !maps.Equal(kinds, want) {
			t.Errorf("sync from a pre-restart state: %v, want %v", kinds, want)
		}
		hres := must[*store.HierarchyChanges](t, "SyncHierarchy")(ct.SyncHierarchy(c, f, hstate, nil))
		if len(hres.Changes) != 1 || hres.Changes[0].ID != sub1 || hres.Changes[0].Kind != store.ChangeDelete {
			t.Errorf("hierarchy sync from a pre-restart state: %+v", hres.Changes)
		}
	}
	if ds, ok := st.(store.DeviceStateStore); ok {
		checkDeviceState(t, ds, false)
	}
	if dir, ok := st.(store.Directory); ok && hasAdmin {
		if err := dir.VerifyPassword(c, "persist@example.com", "pw"); err != nil {
			t.Errorf("directory lost across reopen: %v", err)
		}
	}
}

func (s *suite) testClose(t *testing.T) {
	st := s.newStore(t)
	c := ctx(t)
	mb := must[store.Mailbox](t, "CreateMailbox")(st.CreateMailbox(c, "close@example.com", nil))
	inbox := special(t, mb, store.FolderInbox)
	var sub store.Subscription
	if n, ok := mb.(store.Notifier); ok {
		sub = must[store.Subscription](t, "Subscribe")(n.Subscribe(c, nil))
	}
	if err := st.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := st.OpenMailbox(c, "close@example.com"); !errorsIs(err, store.ErrClosed) {
		t.Errorf("OpenMailbox after Close: %v", err)
	}
	if _, err := mb.CreateMessage(c, inbox, simpleMessage("late", 0)); !errorsIs(err, store.ErrClosed) {
		t.Errorf("CreateMessage after Close: %v", err)
	}
	if _, err := mb.Folder(c, inbox, nil); !errorsIs(err, store.ErrClosed) {
		t.Errorf("Folder after Close: %v", err)
	}
	if sub != nil {
		if _, err := sub.Next(c); !errorsIs(err, store.ErrClosed) {
			t.Errorf("subscription after Close: %v", err)
		}
	}
	if err := st.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	// A canceled context stops a call before it starts.
	st2 := s.open(t)
	cc, cancel := context.WithCancel(c)
	cancel()
	if _, err := st2.CreateMailbox(cc, "x@example.com", nil); !errorsIs(err, context.Canceled) {
		t.Errorf("CreateMailbox with a canceled context: %v", err)
	}
}

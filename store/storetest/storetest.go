// Package storetest is the conformance suite of the store contract: every
// store.Store implementation (the in-memory and bbolt stores of
// examples/, an embedder's own) runs it from a test:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store { return memstore.New(nil) })
//	}
//
// A persistent store also passes Options.Reopen so the suite checks that
// what it wrote survives a restart.
//
// The suite covers the core interfaces (provisioning of the special
// folders of [MS-OXOSFLD], folders, messages with every property type,
// recipients, attachments and embedded messages, streamed properties,
// bulk operations, sentinel errors) and every capability the store
// implements (change tracking from any earlier state with and without
// paging, tables checked against mapi.Evaluate and
// mapi.SortOrderSet.Compare, notifications and overflow, named
// properties, quotas, device state, directory). A capability the store
// does not implement is skipped with the reason. Run it under -race: it
// includes concurrent writers and readers.
//
// The suite needs no particular ID or GUID values and no timing; it is
// deterministic given a deterministic store.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Options tunes RunOptions. The zero value runs everything that does not
// need persistence.
type Options struct {
	// Reopen closes s and returns a store over the same data, as after a
	// process restart. nil skips the persistence tests.
	Reopen func(t *testing.T, s store.Store) store.Store
	// Scale multiplies the sizes of the larger tests (0: 1). Lower it
	// for slow stores only with a reason.
	Scale float64
}

// Run runs the conformance suite against stores made by newStore (one
// fresh, empty store per subtest).
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	RunOptions(t, newStore, nil)
}

// RunOptions is Run with options.
func RunOptions(t *testing.T, newStore func(t *testing.T) store.Store, opts *Options) {
	if opts == nil {
		opts = &Options{}
	}
	if opts.Scale <= 0 {
		opts.Scale = 1
	}
	s := &suite{newStore: newStore, opts: opts}
	tests := []struct {
		name string
		fn   func(t *testing.T)
	}{
		{"Mailboxes", s.testMailboxes},
		{"SpecialFolders", s.testSpecialFolders},
		{"SpecialFoldersOnDemand", s.testSpecialFoldersOnDemand},
		{"ReceiveFolders", s.testReceiveFolders},
		{"PropTypes", s.testPropTypes},
		{"MessageLifecycle", s.testMessageLifecycle},
		{"MessageBatch", s.testMessageBatch},
		{"Streams", s.testStreams},
		{"Folders", s.testFolders},
		{"LocalCommitTimeMax", s.testLocalCommitTimeMax},
		{"Bulk", s.testBulk},
		{"ChangeKeys", s.testChangeKeys},
		{"ReservedIDs", s.testReservedIDs},
		{"ChangeImport", s.testChangeImport},
		{"SyncContents", s.testSyncContents},
		{"SyncContentsAnyState", s.testSyncAnyState},
		{"SyncAssociated", s.testSyncAssociated},
		{"SyncAck", s.testSyncAck},
		{"SyncHierarchy", s.testSyncHierarchy},
		{"SyncStateEncoding", s.testSyncStateEncoding},
		{"Tables", s.testTables},
		{"TablesAfterWrites", s.testTablesAfterWrites},
		{"HierarchyTable", s.testHierarchyTable},
		{"NamedProperties", s.testNamedProperties},
		{"NamedMappingVersion", s.testNamedMappingVersion},
		{"Notifications", s.testNotifications},
		{"NotificationOverflow", s.testNotificationOverflow},
		{"Quota", s.testQuota},
		{"SoftDeleted", s.testSoftDeleted},
		{"SoftDeletedFolders", s.testSoftDeletedFolders},
		{"SoftDeletedReader", s.testSoftDeletedReader},
		{"SoftDeletedRestorer", s.testSoftDeletedRestorer},
		{"DeviceState", s.testDeviceState},
		{"Directory", s.testDirectory},
		{"Permissions", s.testPermissions},
		{"Rules", s.testRules},
		{"Concurrency", s.testConcurrency},
		{"Close", s.testClose},
		{"Reopen", s.testReopen},
	}
	for _, tc := range tests {
		t.Run(tc.name, tc.fn)
	}
}

type suite struct {
	newStore func(t *testing.T) store.Store
	opts     *Options
}

func (s *suite) scaled(n int) int { return max(1, int(float64(n)*s.opts.Scale)) }

// open returns a fresh store closed at the end of the test.
func (s *suite) open(t *testing.T) store.Store {
	t.Helper()
	st := s.newStore(t)
	if st == nil {
		t.Fatal("newStore returned nil")
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// mailbox returns a fresh store and a provisioned mailbox in it.
func (s *suite) mailbox(t *testing.T) (store.Store, store.Mailbox) {
	t.Helper()
	st := s.open(t)
	mb, err := st.CreateMailbox(ctx(t), "user@example.com", &store.CreateMailboxOptions{DisplayName: "Test User"})
	if err != nil {
		t.Fatalf("CreateMailbox: %v", err)
	}
	if mb == nil {
		t.Fatal("CreateMailbox returned a nil mailbox and no error")
	}
	return st, mb
}

func ctx(t *testing.T) context.Context { return t.Context() }

func must[T any](t *testing.T, what string) func(v T, err error) T {
	t.Helper()
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: error %v, want %v", what, err, want)
	}
}

func special(t *testing.T, mb store.Mailbox, k store.SpecialFolder) store.FID {
	t.Helper()
	return must[store.FID](t, fmt.Sprintf("SpecialFolder(%v)", k))(mb.SpecialFolder(ctx(t), k))
}

func newFolder(t *testing.T, mb store.Mailbox, parent store.FID, name string) store.FID {
	t.Helper()
	f := must[*store.Folder](t, "CreateFolder "+name)(mb.CreateFolder(ctx(t), parent, []mapi.PropValue{
		{Tag: mapi.PidTagDisplayName, Value: name},
		{Tag: mapi.PidTagContainerClass, Value: "IPF.Note"},
	}, nil))
	return f.ID
}

// base is a fixed time for deterministic properties.
var base = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

func simpleMessage(subject string, i int) *store.Message {
	return &store.Message{Props: []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
		{Tag: mapi.PidTagSubject, Value: subject},
		{Tag: mapi.PidTagMessageDeliveryTime, Value: base.Add(time.Duration(i) * time.Minute)},
		{Tag: mapi.PidTagImportance, Value: int32(i % 3)},
	}}
}

func createMsg(t *testing.T, mb store.Mailbox, fid store.FID, m *store.Message) *store.MessageInfo {
	t.Helper()
	info := must[*store.MessageInfo](t, "CreateMessage")(mb.CreateMessage(ctx(t), fid, m))
	if info == nil {
		t.Fatal("CreateMessage returned nil info and no error")
	}
	return info
}

func prop(props []mapi.PropValue, tag mapi.PropTag) (any, bool) {
	for _, p := range props {
		if p.Tag.ID() == tag.ID() && (tag.Type() == mapi.PtypUnspecified || p.Tag.Type() == tag.Type()) {
			return p.Value, true
		}
	}
	return nil, false
}

// messageIDs returns the normal messages of fid through Tables when
// available, else fails the test.
func messageIDs(t *testing.T, mb store.Mailbox, fid store.FID, assoc bool) map[store.MID]bool {
	t.Helper()
	tb, ok := mb.(store.Tables)
	if !ok {
		t.Skip("store does not implement store.Tables")
	}
	res := must[*store.QueryResult](t, "QueryMessages")(tb.QueryMessages(ctx(t), fid, &store.Query{Associated: assoc}))
	out := map[store.MID]bool{}
	for _, r := range res.Rows {
		out[r.Message] = true
	}
	if len(out) != res.Total {
		t.Fatalf("QueryMessages: %d distinct rows, Total %d", len(out), res.Total)
	}
	return out
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }

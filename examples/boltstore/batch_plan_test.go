package boltstore_test

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/examples/boltstore"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// TestMessagesAsMessage checks that a batch read (column plan, arena,
// reused record reader) returns what Message returns, message by
// message, for tag lists with computed, absent, mistyped, untyped and
// repeated tags and values kept as blobs, with and without the tables.
func TestMessagesAsMessage(t *testing.T) {
	s, err := boltstore.Open(filepath.Join(t.TempDir(), "t.db"), &boltstore.Options{NoSync: true, LargeValue: 64})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	mb, err := s.CreateMailbox(ctx, "plan@example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	inbox, err := mb.SpecialFolder(ctx, store.FolderInbox)
	if err != nil {
		t.Fatal(err)
	}
	var ids []store.MID
	for i := range 6 {
		m := smallMessage(i)
		m.Props = append(m.Props,
			mapi.PropValue{Tag: mapi.PidTagBody, Value: strings.Repeat("long body ", 10*i)}, // a blob from i = 1
			mapi.PropValue{Tag: mapi.PidTagImportance, Value: int32(i % 3)},
			mapi.PropValue{Tag: mapi.PidTagSearchKey, Value: []byte(strings.Repeat("k", 20*i))})
		m.Recipients = []store.Recipient{{Props: []mapi.PropValue{
			{Tag: mapi.PidTagDisplayName, Value: "To " + string(rune('A'+i))}, {Tag: mapi.PidTagRecipientType, Value: int32(1)},
		}}}
		info, err := mb.CreateMessage(ctx, inbox, m)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, info.ID)
	}
	tagSets := [][]mapi.PropTag{
		{},
		batchTags,
		{mapi.PidTagBody, mapi.PidTagSearchKey, mapi.PidTagChangeKey, mapi.PidTagPredecessorChangeList, mapi.PidTagMid, mapi.PidTagCreationTime,
			mapi.PidTagLastModificationTime, mapi.PidTagSourceKey, mapi.PidTagEntryId, mapi.PidTagParentEntryId, mapi.PidTagMessageFlags},
		{mapi.NewPropTag(mapi.PidTagSubject.ID(), mapi.PtypBinary), mapi.NewPropTag(mapi.PidTagImportance.ID(), mapi.PtypUnspecified),
			mapi.NewPropTag(mapi.PidTagMessageSize.ID(), mapi.PtypInteger64), mapi.PidTagSubject, mapi.PidTagSubject, mapi.PidTagBody},
	}
	// Orders: the records' key order, backwards, and mixed with IDs that
	// have no record (the reader steps its cursor or seeks).
	missing := ids[5] + 1<<16*1000
	orders := [][]store.MID{ids, {ids[5], ids[4], ids[3], ids[2], ids[1], ids[0]},
		{ids[2], missing, ids[3], ids[0], ids[0], missing, ids[5], ids[1], ids[4]}}
	for _, tags := range tagSets {
		for _, tables := range []bool{false, true} {
			for _, order := range orders {
				opts := &store.MessageOptions{Tags: tags, Recipients: tables, Attachments: tables}
				got, err := mb.(*boltstore.Mailbox).Messages(ctx, order, opts)
				if err != nil {
					t.Fatal(err)
				}
				for i, id := range order {
					want, err := mb.Message(ctx, id, opts)
					if id == missing {
						if err == nil || got[i].Err == nil || got[i].Message != nil {
							t.Errorf("missing message: %v / %+v", err, got[i])
						}
						continue
					}
					if err != nil || got[i].Err != nil {
						t.Fatalf("message %d: %v / %v", i, err, got[i].Err)
					}
					if !reflect.DeepEqual(got[i].Message, want) {
						t.Errorf("tags %v tables %v message %d:\n got %+v\nwant %+v", tags, tables, i, got[i].Message, want)
					}
				}
			}
		}
	}
}

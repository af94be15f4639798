package memstore

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/oxkit/oxkit/examples/internal/propbag"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// TestColumnPlan checks columnPlan.row against columns (message.Prop per
// tag) over random column lists: present, absent and duplicate tags,
// wrong and unspecified types, the multi-instance flag, computed
// properties, more columns than the stack buffer holds.
func TestColumnPlan(t *testing.T) {
	ctx := context.Background()
	s := New(nil)
	defer s.Close()
	smb, err := s.CreateMailbox(ctx, "a@example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	kw := mapi.PropTag(0x6701101F) // a multi-valued string property
	mb := smb.(*Mailbox)
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	info, err := mb.CreateMessage(ctx, inbox, &store.Message{Props: []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
		{Tag: mapi.PidTagSubject, Value: "s"},
		{Tag: mapi.PidTagImportance, Value: int32(2)},
		{Tag: mapi.PidTagMessageDeliveryTime, Value: time.Unix(1e9, 0).UTC()},
		{Tag: mapi.PidTagBody, Value: "body"},
		{Tag: mapi.PidTagSearchKey, Value: []byte{1, 2, 3}},
		{Tag: kw, Value: []string{"a", "b"}},
		{Tag: mapi.PidTagCreationTime, Value: time.Unix(2e9, 0).UTC()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := mb.message(info.ID)
	if err != nil {
		t.Fatal(err)
	}
	pool := []mapi.PropTag{
		mapi.PidTagMessageClass, mapi.PidTagSubject, mapi.PidTagImportance, mapi.PidTagMessageDeliveryTime,
		mapi.PidTagBody, mapi.PidTagSearchKey, kw, mapi.PidTagCreationTime,
		mapi.PidTagDisplayTo, mapi.PidTagSensitivity, mapi.PidTagConversationTopic,
		mapi.PropTag(uint32(mapi.PidTagSubject.ID())<<16 | uint32(mapi.PtypInteger32)),      // wrong type
		mapi.PropTag(uint32(mapi.PidTagImportance.ID())<<16 | uint32(mapi.PtypUnspecified)), // any type
		kw | mapi.PropTag(mapi.MultiInstanceFlag),
	}
	pool = append(pool, messageTags...)
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 300 {
		k := n % 40
		if n == 299 {
			k = propbag.MaxPlanColumns + 10
		}
		tags := make([]mapi.PropTag, k)
		for i := range tags {
			tags[i] = pool[r.IntN(len(pool))]
		}
		got := planColumns(tags).row(m)
		want := columns(m, tags)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("tags %v:\n got %v\nwant %v", tags, got, want)
		}
	}
}

package boltstore

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/oxkit/oxkit/examples/internal/propbag"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
	bolt "go.etcd.io/bbolt"
)

// TestColumnPlan checks columnPlan.appendRow against msgObject.Prop per
// column over random column lists: present, absent and duplicate tags,
// wrong and unspecified types, the multi-instance flag, computed
// properties, a value stored as a blob, more columns than the stack
// buffer holds; on content decoded whole and decoded for the columns.
func TestColumnPlan(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "t.db"), &Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	smb, err := s.CreateMailbox(ctx, "a@example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	mb := smb.(*Mailbox)
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	kw := mapi.PropTag(0x6701101F) // a multi-valued string property
	info, err := mb.CreateMessage(ctx, inbox, &store.Message{Props: []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
		{Tag: mapi.PidTagSubject, Value: "s"},
		{Tag: mapi.PidTagImportance, Value: int32(2)},
		{Tag: mapi.PidTagMessageDeliveryTime, Value: time.Unix(1e9, 0).UTC()},
		{Tag: mapi.PidTagBody, Value: strings.Repeat("long body ", 1000)},
		{Tag: mapi.PidTagSearchKey, Value: []byte{1, 2, 3}},
		{Tag: kw, Value: []string{"a", "b"}},
		{Tag: mapi.PidTagCreationTime, Value: time.Unix(2e9, 0).UTC()},
	}})
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
	m, err := mb.message(info.ID)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	err = mb.view(func(root *bolt.Bucket) error {
		whole, err := readContent(root, info.ID)
		if err != nil {
			return err
		}
		for n := range 300 {
			k := n % 40
			if n == 299 {
				k = propbag.MaxPlanColumns + 10
			}
			tags := make([]mapi.PropTag, k)
			for i := range tags {
				tags[i] = pool[r.IntN(len(pool))]
			}
			filtered, err := readContentFiltered(root, info.ID, filterOf(tags, false, false))
			if err != nil {
				return err
			}
			for _, c := range []*content{whole, filtered} {
				o := &msgObject{m: m, c: c}
				var want []mapi.PropValue
				for _, tg := range tags {
					if p, ok := o.Prop(tg); ok {
						want = append(want, p)
					}
				}
				got := planColumns(tags).appendRow(nil, o)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("tags %v:\n got %v\nwant %v", tags, got, want)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

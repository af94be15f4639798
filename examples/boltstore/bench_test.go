package boltstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oxkit/oxkit/examples/boltstore"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Benchmarks run with NoSync: they measure the store's own work, not the
// disk's fsync latency (which is the same for raw bbolt).
func benchMailbox(b *testing.B) (*boltstore.Mailbox, store.FID) {
	b.Helper()
	s, err := boltstore.Open(filepath.Join(b.TempDir(), "bench.db"), &boltstore.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	mb, err := s.CreateMailbox(context.Background(), "bench@example.com", nil)
	if err != nil {
		b.Fatal(err)
	}
	inbox, err := mb.SpecialFolder(context.Background(), store.FolderInbox)
	if err != nil {
		b.Fatal(err)
	}
	return mb.(*boltstore.Mailbox), inbox
}

var t0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func smallMessage(i int) *store.Message {
	return &store.Message{Props: []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
		{Tag: mapi.PidTagSubject, Value: fmt.Sprintf("message %d", i)},
		{Tag: mapi.PidTagMessageDeliveryTime, Value: t0.Add(time.Duration((i*7919)%1000003) * time.Second)},
	}}
}

// fill creates n messages, 1000 per transaction would be faster but the
// contract has no batch create; each is its own commit (NoSync).
func fill(b *testing.B, mb *boltstore.Mailbox, fid store.FID, n int) []store.MID {
	b.Helper()
	ids := make([]store.MID, n)
	for i := range n {
		info, err := mb.CreateMessage(context.Background(), fid, smallMessage(i))
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = info.ID
	}
	return ids
}

func BenchmarkCreateMessage4K(b *testing.B) {
	mb, inbox := benchMailbox(b)
	body := strings.Repeat("x", 4096)
	ctx := context.Background()
	b.ReportAllocs()
	b.SetBytes(4096)
	for b.Loop() {
		m := &store.Message{Props: []mapi.PropValue{
			{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
			{Tag: mapi.PidTagSubject, Value: "benchmark message"},
			{Tag: mapi.PidTagSenderName, Value: "Sender"},
			{Tag: mapi.PidTagSenderEmailAddress, Value: "sender@example.com"},
			{Tag: mapi.PidTagMessageDeliveryTime, Value: t0},
			{Tag: mapi.PidTagImportance, Value: int32(1)},
			{Tag: mapi.PidTagBody, Value: body},
		}}
		if _, err := mb.CreateMessage(ctx, inbox, m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadRow30(b *testing.B) {
	mb, inbox := benchMailbox(b)
	ctx := context.Background()
	var props []mapi.PropValue
	var tags []mapi.PropTag
	for i := range 30 {
		tag := mapi.NewPropTag(mapi.PropID(0x6700+i), mapi.PtypString)
		props = append(props, mapi.PropValue{Tag: tag, Value: fmt.Sprintf("value %d of the row", i)})
		tags = append(tags, tag)
	}
	info, err := mb.CreateMessage(ctx, inbox, &store.Message{Props: props})
	if err != nil {
		b.Fatal(err)
	}
	opts := &store.MessageOptions{Tags: tags}
	b.ReportAllocs()
	for b.Loop() {
		m, err := mb.Message(ctx, info.ID, opts)
		if err != nil || len(m.Props) != 30 {
			b.Fatal(err)
		}
	}
}

func BenchmarkFirst50SortedByDeliveryTime(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			mb, inbox := benchMailbox(b)
			fill(b, mb, inbox, n)
			ctx := context.Background()
			q := &store.Query{
				Sort:    mapi.SortOrderSet{Orders: []mapi.SortOrder{{PropTag: mapi.PidTagMessageDeliveryTime, Order: mapi.Descending}}},
				Columns: []mapi.PropTag{mapi.PidTagSubject, mapi.PidTagMessageDeliveryTime, mapi.PidTagMid},
				Limit:   50,
			}
			if _, err := mb.QueryMessages(ctx, inbox, q); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				res, err := mb.QueryMessages(ctx, inbox, q)
				if err != nil || len(res.Rows) != 50 || res.Total != n {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkMarkRead10000(b *testing.B) {
	mb, inbox := benchMailbox(b)
	ids := fill(b, mb, inbox, 10000)
	ctx := context.Background()
	read := true
	b.ReportAllocs()
	for b.Loop() {
		changed, err := mb.SetReadFlags(ctx, inbox, ids, read)
		if err != nil || len(changed) != len(ids) {
			b.Fatal(err)
		}
		read = !read
	}
}

func BenchmarkChangesSince100k10(b *testing.B) {
	mb, inbox := benchMailbox(b)
	ids := fill(b, mb, inbox, 100000)
	ctx := context.Background()
	res, err := mb.SyncContents(ctx, inbox, nil, nil)
	if err != nil || len(res.Changes) != 100000 {
		b.Fatal(err)
	}
	state := res.State
	for i := range 10 {
		switch i % 3 {
		case 0:
			_, err = mb.UpdateMessage(ctx, ids[i*997], &store.MessageUpdate{Set: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "changed"}}})
		case 1:
			_, err = mb.DeleteMessages(ctx, inbox, []store.MID{ids[i*997]}, nil)
		case 2:
			_, err = mb.SetReadFlags(ctx, inbox, []store.MID{ids[i*997]}, true)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		res, err := mb.SyncContents(ctx, inbox, state, nil)
		if err != nil || len(res.Changes) != 10 {
			b.Fatal(err, len(res.Changes))
		}
	}
}

// BenchmarkOpenMailbox100k reopens a store and opens a mailbox of
// 100,000 messages (reading every record header into memory).
func BenchmarkOpenMailbox100k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "open.db")
	s, err := boltstore.Open(path, &boltstore.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	mb, _ := s.CreateMailbox(ctx, "bench@example.com", nil)
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	fill(b, mb.(*boltstore.Mailbox), inbox, 100000)
	s.Close()
	b.ReportAllocs()
	for b.Loop() {
		s, err := boltstore.Open(path, &boltstore.Options{NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.OpenMailbox(ctx, "bench@example.com"); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

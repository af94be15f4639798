package storebench

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/oxkit/oxkit/examples/boltstore"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

const bodySize = 4096

var body = strings.Repeat("x", bodySize)

func message() *store.Message {
	return &store.Message{Props: []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
		{Tag: mapi.PidTagSubject, Value: "benchmark message"},
		{Tag: mapi.PidTagMessageDeliveryTime, Value: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Tag: mapi.PidTagBody, Value: body},
	}}
}

func fileSize(b *testing.B, path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return fi.Size()
}

// usedBytes opens a closed database file and returns the bytes its pages
// occupy below the high-water mark, less free pages: the file's size
// without bbolt's preallocation.
func usedBytes(b *testing.B, path string) int64 {
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var size int64
	db.View(func(tx *bolt.Tx) error { size = tx.Size(); return nil })
	st := db.Stats()
	return size - int64(st.FreePageN+st.PendingPageN)*int64(db.Info().PageSize)
}

// BenchmarkRawBoltPut4K puts 4 KiB values under increasing keys, one
// transaction each: the baseline for BenchmarkBoltstoreCreate4K.
func BenchmarkRawBoltPut4K(b *testing.B) {
	path := filepath.Join(b.TempDir(), "raw.db")
	db, err := bolt.Open(path, 0o600, &bolt.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("b")); return err })
	val := []byte(body)
	b.ReportAllocs()
	b.SetBytes(bodySize)
	i := uint64(0)
	for b.Loop() {
		i++
		err := db.Update(func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("b")).Put(binary.BigEndian.AppendUint64(nil, i), val)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	db.Close()
	b.ReportMetric(float64(fileSize(b, path))/float64(i*bodySize), "file/data")
	b.ReportMetric(float64(usedBytes(b, path))/float64(i*bodySize), "used/data")
}

// BenchmarkBoltstoreCreate4K creates messages with a 4 KiB body (plus
// class, subject, delivery time), with change tracking and events.
func BenchmarkBoltstoreCreate4K(b *testing.B) {
	path := filepath.Join(b.TempDir(), "store.db")
	s, err := boltstore.Open(path, &boltstore.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	mb, _ := s.CreateMailbox(ctx, "bench@example.com", nil)
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	// A sort index, so that creates pay for index maintenance too.
	tb := mb.(store.Tables)
	tb.QueryMessages(ctx, inbox, &store.Query{Sort: mapi.SortOrderSet{Orders: []mapi.SortOrder{{PropTag: mapi.PidTagMessageDeliveryTime, Order: mapi.Descending}}}, Limit: 1})
	b.ReportAllocs()
	b.SetBytes(bodySize)
	n := 0
	for b.Loop() {
		if _, err := mb.CreateMessage(ctx, inbox, message()); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.StopTimer()
	s.Close()
	b.ReportMetric(float64(fileSize(b, path))/float64(n*bodySize), "file/data")
	b.ReportMetric(float64(usedBytes(b, path))/float64(n*bodySize), "used/data")
}

const readSet = 2000

// BenchmarkRawBoltGet4K reads 4 KiB values by key: the baseline for
// BenchmarkBoltstoreRead4K.
func BenchmarkRawBoltGet4K(b *testing.B) {
	db, err := bolt.Open(filepath.Join(b.TempDir(), "raw.db"), 0o600, &bolt.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	val := []byte(body)
	db.Update(func(tx *bolt.Tx) error {
		bk, _ := tx.CreateBucket([]byte("b"))
		for i := range uint64(readSet) {
			bk.Put(binary.BigEndian.AppendUint64(nil, i), val)
		}
		return nil
	})
	b.ReportAllocs()
	b.SetBytes(bodySize)
	i := uint64(0)
	for b.Loop() {
		i = (i + 7919) % readSet
		var out []byte
		db.View(func(tx *bolt.Tx) error {
			out = append([]byte(nil), tx.Bucket([]byte("b")).Get(binary.BigEndian.AppendUint64(nil, i))...)
			return nil
		})
		if len(out) != bodySize {
			b.Fatal("short read")
		}
	}
}

// BenchmarkBoltstoreRead4K reads whole messages (every property,
// decoded) by MID.
func BenchmarkBoltstoreRead4K(b *testing.B) {
	s, err := boltstore.Open(filepath.Join(b.TempDir(), "store.db"), &boltstore.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	mb, _ := s.CreateMailbox(ctx, "bench@example.com", nil)
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	ids := make([]store.MID, readSet)
	for i := range ids {
		info, err := mb.CreateMessage(ctx, inbox, message())
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = info.ID
	}
	b.ReportAllocs()
	b.SetBytes(bodySize)
	i := 0
	for b.Loop() {
		i = (i + 7919) % readSet
		m, err := mb.Message(ctx, ids[i], nil)
		if err != nil || len(m.Props) < 4 {
			b.Fatal(err)
		}
	}
}

// Package boltspool is a queue.Spool in a bbolt database file: every Add,
// Update and Remove is one fsync'ed transaction, so a message queue.Send
// acknowledged survives a crash, and a new queue.Queue over the same file
// resumes it.
package boltspool

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/oxkit/oxkit/transport/queue"
	bolt "go.etcd.io/bbolt"
)

var (
	bucketEntries  = []byte("entries")
	bucketMessages = []byte("messages")
)

// Spool is a queue.Spool in one bbolt file. Its methods are safe for
// concurrent use.
type Spool struct {
	db *bolt.DB
}

var _ queue.Spool = (*Spool)(nil)

// Options tune Open; nil means defaults.
type Options struct {
	// NoSync skips fsync (tests only: acknowledged mail may be lost in a
	// crash).
	NoSync bool
}

// Open opens (creating if needed) the spool in file path. A file another
// process has open is an error after one second.
func Open(path string, opts *Options) (*Spool, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("boltspool: %w", err)
	}
	if opts != nil && opts.NoSync {
		db.NoSync = true
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketEntries, bucketMessages} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("boltspool: %w", err)
	}
	return &Spool{db: db}, nil
}

// Close closes the file.
func (s *Spool) Close() error { return s.db.Close() }

// Add implements queue.Spool.
func (s *Spool) Add(_ context.Context, e *queue.Entry, raw []byte) error {
	v, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("boltspool: %w", err)
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		be := tx.Bucket(bucketEntries)
		if be.Get([]byte(e.ID)) != nil {
			return fmt.Errorf("boltspool: entry %s exists", e.ID)
		}
		if err := be.Put([]byte(e.ID), v); err != nil {
			return err
		}
		return tx.Bucket(bucketMessages).Put([]byte(e.ID), raw)
	})
}

// Update implements queue.Spool.
func (s *Spool) Update(_ context.Context, e *queue.Entry) error {
	v, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("boltspool: %w", err)
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		be := tx.Bucket(bucketEntries)
		if be.Get([]byte(e.ID)) == nil {
			return fmt.Errorf("boltspool: no entry %s", e.ID)
		}
		return be.Put([]byte(e.ID), v)
	})
}

// ErrNotFound is returned by Message for an ID the spool does not hold.
var ErrNotFound = errors.New("boltspool: not found")

// Message implements queue.Spool.
func (s *Spool) Message(_ context.Context, id string) ([]byte, error) {
	var raw []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketMessages).Get([]byte(id))
		if v == nil {
			return fmt.Errorf("message %s: %w", id, ErrNotFound)
		}
		raw = append([]byte(nil), v...)
		return nil
	})
	return raw, err
}

// Remove implements queue.Spool.
func (s *Spool) Remove(_ context.Context, id string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketEntries).Delete([]byte(id)); err != nil {
			return err
		}
		return tx.Bucket(bucketMessages).Delete([]byte(id))
	})
}

// Entries implements queue.Spool. Entries that do not decode are
// skipped (and stay in the file); their count is in the error only when
// nothing else decodes.
func (s *Spool) Entries(context.Context) ([]*queue.Entry, error) {
	var out []*queue.Entry
	bad := 0
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketEntries).ForEach(func(k, v []byte) error {
			e := new(queue.Entry)
			if err := json.Unmarshal(v, e); err != nil || e.ID != string(k) {
				bad++
				return nil
			}
			out = append(out, e)
			return nil
		})
	})
	if err == nil && bad > 0 && len(out) == 0 {
		err = fmt.Errorf("boltspool: %d entries do not decode", bad)
	}
	return out, err
}

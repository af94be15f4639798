package boltstore

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Options tunes a Store. The zero value (or nil) means defaults.
type Options struct {
	// Rand supplies the bytes of new GUIDs; nil means crypto/rand.
	Rand io.Reader
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// QuotaBytes is the per-mailbox size limit (0: none).
	QuotaBytes int64
	// QueueSize is the default subscription queue size (0: 1024).
	QueueSize int
	// MaxIndexes bounds the sort indexes kept per folder (0: 8).
	MaxIndexes int
	// LargeValue is the size above which a binary or string value is
	// stored in chunks outside its message record (0: 4 KiB). Values up
	// to it are read with the record, without a cursor seek per value:
	// most text and HTML bodies of ordinary mail fit (a 1.5 KB body read
	// from chunks cost GetItem of 30 items about 12%).
	LargeValue int
	// ChunkSize is the size of those chunks (0: 1 KiB). Small chunks pack
	// bbolt's pages: bbolt splits a page into halves of at least two keys,
	// so values of a quarter page or more leave pages half empty.
	ChunkSize int
	// NoSync skips fsync on commit (bbolt's NoSync): faster, not crash
	// safe. For tests and benchmarks only.
	NoSync bool
	// Timeout bounds the wait for the file lock when opening (0: 1 s).
	Timeout time.Duration
	// PageSize is the bbolt page size of a new file (0: 16 KiB). Larger
	// pages hold several message records each, where 4 KiB pages would
	// spend two pages on a 4 KiB record.
	PageSize int
	// MaxSoftDeleted bounds the soft-deleted messages retained per folder
	// for store.SoftDeletedTables; the oldest go first (0: 1000, negative:
	// none are retained).
	MaxSoftDeleted int
}

// Store is a store.Store in a bbolt database file. It implements
// store.Store, store.DeviceStateStore, store.Directory and
// store.DirectoryAdmin; its mailboxes implement store.Mailbox,
// store.ChangeTracker, store.Notifier, store.Tables,
// store.NamedProperties, store.QuotaReporter and store.IDAllocator.
type Store struct {
	db   *bolt.DB
	opts Options

	mu        sync.Mutex
	closed    bool
	mailboxes map[string]*Mailbox // opened mailboxes, by lower-cased owner
	devstate  map[store.DeviceStateKey][]byte
	dir       map[string]*dirEntry
}

var (
	_ store.Store            = (*Store)(nil)
	_ store.DeviceStateStore = (*Store)(nil)
	_ store.Directory        = (*Store)(nil)
	_ store.DirectoryAdmin   = (*Store)(nil)
)

var (
	bktDevState  = []byte("devstate")
	bktDir       = []byte("dir")
	bktMailboxes = []byte("mailboxes")
)

// Open opens (creating if needed) the store in the bbolt file at path.
// Only one process may have it open.
func Open(path string, opts *Options) (*Store, error) {
	s := &Store{mailboxes: map[string]*Mailbox{}, devstate: map[store.DeviceStateKey][]byte{}, dir: map[string]*dirEntry{}}
	if opts != nil {
		s.opts = *opts
	}
	if s.opts.Rand == nil {
		s.opts.Rand = rand.Reader
	}
	if s.opts.Now == nil {
		s.opts.Now = time.Now
	}
	if s.opts.QueueSize <= 0 {
		s.opts.QueueSize = 1024
	}
	if s.opts.MaxIndexes <= 0 {
		s.opts.MaxIndexes = 8
	}
	if s.opts.LargeValue <= 0 {
		s.opts.LargeValue = 4 << 10
	}
	if s.opts.ChunkSize <= 0 {
		s.opts.ChunkSize = 1 << 10
	}
	if s.opts.Timeout <= 0 {
		s.opts.Timeout = time.Second
	}
	if s.opts.PageSize <= 0 {
		s.opts.PageSize = 16 << 10
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: s.opts.Timeout, NoSync: s.opts.NoSync, NoFreelistSync: true, PageSize: s.opts.PageSize})
	if err != nil {
		return nil, fmt.Errorf("boltstore: open %s: %w", path, err)
	}
	// Grow the file in 4 MiB steps rather than bbolt's 16 MiB, so a small
	// store's file stays close to its data.
	db.AllocSize = 4 << 20
	s.db = db
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bktDevState, bktDir, bktMailboxes} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bktDevState).ForEach(func(k, v []byte) error {
			parts := strings.SplitN(string(k), "\x00", 3)
			if len(parts) != 3 {
				return fmt.Errorf("%w: device state key %q", errCorrupt, k)
			}
			s.devstate[store.DeviceStateKey{User: parts[0], Client: parts[1], Name: parts[2]}] = append([]byte{}, v...)
			return nil
		}); err != nil {
			return err
		}
		return tx.Bucket(bktDir).ForEach(func(k, v []byte) error {
			var r dirRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("%w: directory entry %q: %w", errCorrupt, k, err)
			}
			s.dir[string(k)] = &dirEntry{E: r.Entry, Salt: r.Salt, Hash: r.Hash, Members: r.Members}
			return nil
		})
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("boltstore: open %s: %w", path, err)
	}
	return s, nil
}

func (s *Store) newGUID() (mapi.GUID, error) {
	var g mapi.GUID
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := io.ReadFull(s.opts.Rand, g[:]); err != nil {
		return g, fmt.Errorf("boltstore: random GUID: %w", err)
	}
	g[7] = g[7]&0x0F | 0x40
	g[8] = g[8]&0x3F | 0x80
	return g, nil
}

// now returns the current time at the precision records keep.
func (s *Store) now() time.Time { return s.opts.Now().UTC().Truncate(time.Microsecond) }

func mailboxBucket(owner string) []byte { return []byte("mb:" + strings.ToLower(owner)) }

// CreateMailbox implements store.Store.
func (s *Store) CreateMailbox(ctx context.Context, owner string, opts *store.CreateMailboxOptions) (store.Mailbox, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if owner == "" {
		return nil, fmt.Errorf("boltstore: empty mailbox owner: %w", store.ErrInvalidArgument)
	}
	if opts == nil {
		opts = &store.CreateMailboxOptions{}
	}
	info := store.MailboxInfo{Owner: owner, DisplayName: opts.DisplayName, MailboxGUID: opts.MailboxGUID, ReplicaGUID: opts.ReplicaGUID}
	if info.DisplayName == "" {
		info.DisplayName = owner
	}
	var err error
	if info.MailboxGUID == (mapi.GUID{}) {
		if info.MailboxGUID, err = s.newGUID(); err != nil {
			return nil, err
		}
	}
	if info.ReplicaGUID == (mapi.GUID{}) {
		if info.ReplicaGUID, err = s.newGUID(); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, fmt.Errorf("boltstore: %w", store.ErrClosed)
	}
	key := strings.ToLower(owner)
	mb := newMailbox(s, info)
	err = s.db.Update(func(tx *bolt.Tx) error {
		all := tx.Bucket(bktMailboxes)
		if all.Get([]byte(key)) != nil {
			return fmt.Errorf("boltstore: mailbox %q: %w", owner, store.ErrExists)
		}
		if err := all.Put([]byte(key), []byte{1}); err != nil {
			return err
		}
		root, err := tx.CreateBucket(mailboxBucket(owner))
		if err != nil {
			return err
		}
		for _, name := range subBuckets {
			if _, err := root.CreateBucket(name); err != nil {
				return err
			}
		}
		b, err := json.Marshal(info)
		if err != nil {
			return err
		}
		if err := root.Bucket(bktMeta).Put(keyInfo, b); err != nil {
			return err
		}
		w := mb.writer(tx)
		mb.provision(w, opts.FolderNames)
		return w.finish()
	})
	if err != nil {
		return nil, wrapDB(err)
	}
	s.mailboxes[key] = mb
	return mb, nil
}

// OpenMailbox implements store.Store.
func (s *Store) OpenMailbox(ctx context.Context, owner string) (store.Mailbox, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, fmt.Errorf("boltstore: %w", store.ErrClosed)
	}
	key := strings.ToLower(owner)
	if mb, ok := s.mailboxes[key]; ok {
		return mb, nil
	}
	mb, err := s.loadMailbox(owner)
	if err != nil {
		return nil, err
	}
	s.mailboxes[key] = mb
	return mb, nil
}

// Close implements store.Store.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	mbs := make([]*Mailbox, 0, len(s.mailboxes))
	for _, mb := range s.mailboxes {
		mbs = append(mbs, mb)
	}
	s.mu.Unlock()
	for _, mb := range mbs {
		mb.close()
	}
	return s.db.Close()
}

// wrapDB passes store sentinels through and wraps database failures.
func wrapDB(err error) error {
	if err == nil {
		return nil
	}
	for _, e := range []error{store.ErrNotFound, store.ErrExists, store.ErrConflict, store.ErrInvalidArgument, store.ErrQuotaExceeded, store.ErrClosed, store.ErrAccessDenied, store.ErrNotEmpty} {
		if errors.Is(err, e) {
			return err
		}
	}
	return fmt.Errorf("boltstore: database: %w", err)
}

func devKey(k store.DeviceStateKey) []byte {
	return []byte(k.User + "\x00" + k.Client + "\x00" + k.Name)
}

func (s *Store) putDev(k store.DeviceStateKey, data []byte) error {
	return wrapDB(s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bktDevState).Put(devKey(k), data) }))
}

func (s *Store) delDev(keys []store.DeviceStateKey) error {
	return wrapDB(s.db.Update(func(tx *bolt.Tx) error {
		for _, k := range keys {
			if err := tx.Bucket(bktDevState).Delete(devKey(k)); err != nil {
				return err
			}
		}
		return nil
	}))
}

func (s *Store) putDir(key string, de *dirEntry) error {
	b, err := json.Marshal(dirRecord{Entry: de.E, Salt: de.Salt, Hash: de.Hash, Members: de.Members})
	if err != nil {
		return fmt.Errorf("boltstore: directory entry: %w", err)
	}
	return wrapDB(s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bktDir).Put([]byte(key), b) }))
}

func (s *Store) delDir(key string) error {
	return wrapDB(s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bktDir).Delete([]byte(key)) }))
}

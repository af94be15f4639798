package memstore

import (
	"context"
	"crypto/rand"
	"fmt"
	"github.com/oxkit/oxkit/examples/internal/dirmem"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Options tunes a Store. The zero value (or nil) means defaults.
type Options struct {
	// Rand supplies the bytes of new GUIDs (mailbox, replica, directory
	// object GUIDs); nil means crypto/rand. Tests pass a deterministic
	// reader.
	Rand io.Reader
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// QuotaBytes is the per-mailbox size limit beyond which writes fail
	// with store.ErrQuotaExceeded (0: none).
	QuotaBytes int64
	// QueueSize is the default subscription queue size (0: 1024).
	QueueSize int
	// MaxIndexes bounds the sort indexes kept per folder (0: 8).
	MaxIndexes int
	// MaxSoftDeleted bounds the soft-deleted messages retained per folder
	// for store.SoftDeletedTables; the oldest go first (0: 1000, negative:
	// none are retained).
	MaxSoftDeleted int
}

// Store is an in-memory store.Store. It implements store.Store,
// store.DeviceStateStore, store.Directory and store.DirectoryAdmin; its
// mailboxes implement store.Mailbox, store.ChangeTracker, store.Notifier,
// store.Tables, store.NamedProperties and store.QuotaReporter.
type Store struct {
	opts Options

	mu        sync.Mutex
	closed    bool
	mailboxes map[string]*Mailbox // by lower-cased owner
	devstate  map[store.DeviceStateKey][]byte
	dir       map[string]*dirEntry // by lower-cased SMTP address
}

var (
	_ store.Store            = (*Store)(nil)
	_ store.DeviceStateStore = (*Store)(nil)
	_ store.Directory        = (*Store)(nil)
	_ store.DirectoryAdmin   = (*Store)(nil)
)

// New returns an empty store.
func New(opts *Options) *Store {
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
	return s
}

func (s *Store) newGUID() (mapi.GUID, error) {
	var g mapi.GUID
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := io.ReadFull(s.opts.Rand, g[:]); err != nil {
		return g, fmt.Errorf("memstore: random GUID: %w", err)
	}
	g[7] = g[7]&0x0F | 0x40 // version 4 (Data3's high nibble, little-endian)
	g[8] = g[8]&0x3F | 0x80 // variant
	return g, nil
}

func (s *Store) now() time.Time { return s.opts.Now().UTC().Truncate(time.Microsecond) }

// CreateMailbox implements store.Store.
func (s *Store) CreateMailbox(ctx context.Context, owner string, opts *store.CreateMailboxOptions) (store.Mailbox, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if owner == "" {
		return nil, fmt.Errorf("memstore: empty mailbox owner: %w", store.ErrInvalidArgument)
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
		return nil, fmt.Errorf("memstore: %w", store.ErrClosed)
	}
	key := strings.ToLower(owner)
	if _, ok := s.mailboxes[key]; ok {
		return nil, fmt.Errorf("memstore: mailbox %q: %w", owner, store.ErrExists)
	}
	mb := newMailbox(s, info)
	mb.provision(opts.FolderNames)
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
		return nil, fmt.Errorf("memstore: %w", store.ErrClosed)
	}
	mb, ok := s.mailboxes[strings.ToLower(owner)]
	if !ok {
		return nil, fmt.Errorf("memstore: mailbox %q: %w", owner, store.ErrNotFound)
	}
	return mb, nil
}

// Close implements store.Store: the store and every mailbox and
// subscription stop working.
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
	return nil
}

func (s *Store) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

func normKey(k store.DeviceStateKey) store.DeviceStateKey {
	k.User = strings.ToLower(k.User)
	return k
}

// PutDeviceState implements store.DeviceStateStore.
func (s *Store) PutDeviceState(ctx context.Context, key store.DeviceStateKey, data []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if key.User == "" || key.Client == "" || key.Name == "" {
		return fmt.Errorf("memstore: device state key %+v: %w", key, store.ErrInvalidArgument)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.devstate[normKey(key)] = slices.Clone(data)
	return nil
}

// DeviceState implements store.DeviceStateStore.
func (s *Store) DeviceState(ctx context.Context, key store.DeviceStateKey) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.devstate[normKey(key)]
	if !ok {
		return nil, fmt.Errorf("memstore: device state %q/%q/%q: %w", key.User, key.Client, key.Name, store.ErrNotFound)
	}
	if d == nil {
		d = []byte{}
	}
	return slices.Clone(d), nil
}

// DeleteDeviceState implements store.DeviceStateStore.
func (s *Store) DeleteDeviceState(ctx context.Context, key store.DeviceStateKey) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key = normKey(key)
	if key.Name != "" {
		delete(s.devstate, key)
		return nil
	}
	for k := range s.devstate {
		if k.User == key.User && k.Client == key.Client {
			delete(s.devstate, k)
		}
	}
	return nil
}

// DeviceStateNames implements store.DeviceStateStore.
func (s *Store) DeviceStateNames(ctx context.Context, user, client string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	user = strings.ToLower(user)
	names := []string{}
	for k := range s.devstate {
		if k.User == user && k.Client == client {
			names = append(names, k.Name)
		}
	}
	slices.Sort(names)
	return names, nil
}

// dirEntry is the shared in-memory directory entry (examples/internal/dirmem).
type dirEntry = dirmem.Entry

// PutEntry implements store.DirectoryAdmin. Passwords are kept as salted
// SHA-256 (an in-memory reference store; a real store should use a
// password hash such as argon2id or bcrypt).
func (s *Store) PutEntry(ctx context.Context, e store.DirectoryEntry, password string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if e.SMTPAddress == "" || (e.Kind != store.EntryUser && e.Kind != store.EntryDistList) {
		return fmt.Errorf("memstore: directory entry %q: %w", e.SMTPAddress, store.ErrInvalidArgument)
	}
	e.ProxyAddresses = slices.Clone(e.ProxyAddresses)
	if e.Alias == "" {
		e.Alias, _, _ = strings.Cut(e.SMTPAddress, "@")
	}
	if e.LegacyDN == "" {
		e.LegacyDN = "/o=oxkit/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=" + strings.ToLower(e.Alias)
	}
	if e.DisplayName == "" {
		e.DisplayName = e.SMTPAddress
	}
	if e.GUID == ([16]byte{}) {
		g, err := s.newGUID()
		if err != nil {
			return err
		}
		e.GUID = g
	}
	var salt [16]byte
	if password != "" {
		if _, err := io.ReadFull(rand.Reader, salt[:]); err != nil {
			return fmt.Errorf("memstore: salt: %w", err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key := strings.ToLower(e.SMTPAddress)
	de := s.dir[key]
	if de == nil {
		de = &dirEntry{}
		s.dir[key] = de
	} else if e.GUID != de.E.GUID && de.E.GUID != ([16]byte{}) {
		e.GUID = de.E.GUID
	}
	de.E = e
	if password != "" {
		de.Salt = salt[:]
		de.Hash = dirmem.HashPassword(salt[:], password)
	}
	return nil
}

// SetMembers implements store.DirectoryAdmin.
func (s *Store) SetMembers(ctx context.Context, list string, members []string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	de, ok := s.dir[strings.ToLower(list)]
	if !ok {
		return fmt.Errorf("memstore: list %q: %w", list, store.ErrNotFound)
	}
	if de.E.Kind != store.EntryDistList {
		return fmt.Errorf("memstore: %q is not a list: %w", list, store.ErrInvalidArgument)
	}
	de.Members = de.Members[:0]
	for _, m := range members {
		de.Members = append(de.Members, strings.ToLower(m))
	}
	return nil
}

// DeleteEntry implements store.DirectoryAdmin.
func (s *Store) DeleteEntry(ctx context.Context, address string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key := strings.ToLower(address)
	if _, ok := s.dir[key]; !ok {
		return fmt.Errorf("memstore: directory entry %q: %w", address, store.ErrNotFound)
	}
	delete(s.dir, key)
	return nil
}

// lookup finds an entry by SMTP address, proxy address or legacy DN.
// s.mu must be held.
func (s *Store) lookup(address string) *dirEntry { return dirmem.Dir(s.dir).Lookup(address) }

// LookupUser implements store.Directory.
func (s *Store) LookupUser(ctx context.Context, address string) (*store.DirectoryEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return dirmem.Dir(s.dir).LookupUser("memstore", address)
}

// VerifyPassword implements store.Directory.
func (s *Store) VerifyPassword(ctx context.Context, address, password string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return dirmem.Dir(s.dir).VerifyPassword("memstore", address, password)
}

// ListEntries implements store.Directory.
func (s *Store) ListEntries(ctx context.Context, offset, limit int) ([]store.DirectoryEntry, int, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return dirmem.Dir(s.dir).List("memstore", offset, limit)
}

// Resolve implements store.Directory (ambiguous name resolution).
func (s *Store) Resolve(ctx context.Context, name string, limit int) ([]store.DirectoryEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return dirmem.Dir(s.dir).Resolve(name, limit), nil
}

// Members implements store.Directory.
func (s *Store) Members(ctx context.Context, address string) ([]store.DirectoryEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return dirmem.Dir(s.dir).Members("memstore", address)
}

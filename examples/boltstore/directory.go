package boltstore

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/oxkit/oxkit/examples/internal/dirmem"

	"github.com/oxkit/oxkit/store"
)

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
		return fmt.Errorf("boltstore: device state key %+v: %w", key, store.ErrInvalidArgument)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key = normKey(key)
	if err := s.putDev(key, data); err != nil {
		return err
	}
	s.devstate[key] = slices.Clone(data)
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
		return nil, fmt.Errorf("boltstore: device state %q/%q/%q: %w", key.User, key.Client, key.Name, store.ErrNotFound)
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
	var keys []store.DeviceStateKey
	if key.Name != "" {
		keys = append(keys, key)
	} else {
		for k := range s.devstate {
			if k.User == key.User && k.Client == key.Client {
				keys = append(keys, k)
			}
		}
	}
	if err := s.delDev(keys); err != nil {
		return err
	}
	for _, k := range keys {
		delete(s.devstate, k)
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

// dirEntry is a directory entry with its password hash and members; it
// is persisted as JSON (directory writes are rare).
// dirEntry is the shared in-memory directory entry (examples/internal/dirmem).
type dirEntry = dirmem.Entry

type dirRecord struct {
	Entry   store.DirectoryEntry
	Salt    []byte
	Hash    []byte
	Members []string
}

// PutEntry implements store.DirectoryAdmin. Passwords are kept as salted
// SHA-256 (an in-memory reference store; a real store should use a
// password hash such as argon2id or bcrypt).
func (s *Store) PutEntry(ctx context.Context, e store.DirectoryEntry, password string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if e.SMTPAddress == "" || (e.Kind != store.EntryUser && e.Kind != store.EntryDistList) {
		return fmt.Errorf("boltstore: directory entry %q: %w", e.SMTPAddress, store.ErrInvalidArgument)
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
			return fmt.Errorf("boltstore: salt: %w", err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key := strings.ToLower(e.SMTPAddress)
	de := &dirEntry{}
	if old := s.dir[key]; old != nil {
		*de = *old
		if old.E.GUID != ([16]byte{}) {
			e.GUID = old.E.GUID
		}
	}
	de.E = e
	if password != "" {
		de.Salt = salt[:]
		de.Hash = dirmem.HashPassword(salt[:], password)
	}
	if err := s.putDir(key, de); err != nil {
		return err
	}
	s.dir[key] = de
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
		return fmt.Errorf("boltstore: list %q: %w", list, store.ErrNotFound)
	}
	if de.E.Kind != store.EntryDistList {
		return fmt.Errorf("boltstore: %q is not a list: %w", list, store.ErrInvalidArgument)
	}
	nde := *de
	nde.Members = nil
	for _, m := range members {
		nde.Members = append(nde.Members, strings.ToLower(m))
	}
	if err := s.putDir(strings.ToLower(list), &nde); err != nil {
		return err
	}
	*de = nde
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
		return fmt.Errorf("boltstore: directory entry %q: %w", address, store.ErrNotFound)
	}
	if err := s.delDir(key); err != nil {
		return err
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
	return dirmem.Dir(s.dir).LookupUser("boltstore", address)
}

// VerifyPassword implements store.Directory.
func (s *Store) VerifyPassword(ctx context.Context, address, password string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return dirmem.Dir(s.dir).VerifyPassword("boltstore", address, password)
}

// ListEntries implements store.Directory.
func (s *Store) ListEntries(ctx context.Context, offset, limit int) ([]store.DirectoryEntry, int, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return dirmem.Dir(s.dir).List("boltstore", offset, limit)
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
	return dirmem.Dir(s.dir).Members("boltstore", address)
}

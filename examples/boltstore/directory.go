package boltstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"io"
	"slices"
	"strings"

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
type dirEntry struct {
	e       store.DirectoryEntry
	salt    []byte
	hash    []byte
	members []string // lower-cased SMTP addresses
}

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
		if old.e.GUID != ([16]byte{}) {
			e.GUID = old.e.GUID
		}
	}
	de.e = e
	if password != "" {
		de.salt = salt[:]
		h := sha256.Sum256(append(salt[:], password...))
		de.hash = h[:]
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
	if de.e.Kind != store.EntryDistList {
		return fmt.Errorf("boltstore: %q is not a list: %w", list, store.ErrInvalidArgument)
	}
	nde := *de
	nde.members = nil
	for _, m := range members {
		nde.members = append(nde.members, strings.ToLower(m))
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
func (s *Store) lookup(address string) *dirEntry {
	key := strings.ToLower(address)
	if de, ok := s.dir[key]; ok {
		return de
	}
	for _, de := range s.dir {
		if strings.EqualFold(de.e.LegacyDN, address) {
			return de
		}
		for _, p := range de.e.ProxyAddresses {
			_, addr, found := strings.Cut(p, ":")
			if found && strings.EqualFold(addr, address) {
				return de
			}
		}
	}
	return nil
}

func cloneEntry(e store.DirectoryEntry) store.DirectoryEntry {
	e.ProxyAddresses = slices.Clone(e.ProxyAddresses)
	return e
}

// LookupUser implements store.Directory.
func (s *Store) LookupUser(ctx context.Context, address string) (*store.DirectoryEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	de := s.lookup(address)
	if de == nil {
		return nil, fmt.Errorf("boltstore: directory entry %q: %w", address, store.ErrNotFound)
	}
	e := cloneEntry(de.e)
	return &e, nil
}

// VerifyPassword implements store.Directory.
func (s *Store) VerifyPassword(ctx context.Context, address, password string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	de := s.lookup(address)
	var salt, want []byte
	if de != nil && de.e.Kind == store.EntryUser {
		salt, want = de.salt, de.hash
	}
	s.mu.Unlock()
	if want == nil {
		return fmt.Errorf("boltstore: login %q: %w", address, store.ErrAccessDenied)
	}
	h := sha256.Sum256(append(slices.Clone(salt), password...))
	if subtle.ConstantTimeCompare(h[:], want) != 1 {
		return fmt.Errorf("boltstore: login %q: %w", address, store.ErrAccessDenied)
	}
	return nil
}

// sortedEntries returns the visible entries in display-name order.
// s.mu must be held.
func (s *Store) sortedEntries() []*dirEntry {
	out := make([]*dirEntry, 0, len(s.dir))
	for _, de := range s.dir {
		if !de.e.Hidden {
			out = append(out, de)
		}
	}
	slices.SortFunc(out, func(a, b *dirEntry) int {
		if c := strings.Compare(strings.ToLower(a.e.DisplayName), strings.ToLower(b.e.DisplayName)); c != 0 {
			return c
		}
		return strings.Compare(strings.ToLower(a.e.SMTPAddress), strings.ToLower(b.e.SMTPAddress))
	})
	return out
}

// ListEntries implements store.Directory.
func (s *Store) ListEntries(ctx context.Context, offset, limit int) ([]store.DirectoryEntry, int, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	if offset < 0 || limit < 0 {
		return nil, 0, fmt.Errorf("boltstore: offset %d limit %d: %w", offset, limit, store.ErrInvalidArgument)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	all := s.sortedEntries()
	total := len(all)
	all = all[min(offset, total):]
	if limit > 0 && limit < len(all) {
		all = all[:limit]
	}
	out := make([]store.DirectoryEntry, len(all))
	for i, de := range all {
		out[i] = cloneEntry(de.e)
	}
	return out, total, nil
}

// Resolve implements store.Directory (ambiguous name resolution).
func (s *Store) Resolve(ctx context.Context, name string, limit int) ([]store.DirectoryEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	q := strings.ToLower(strings.TrimSpace(name))
	if q == "" {
		return []store.DirectoryEntry{}, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []store.DirectoryEntry{}
	for _, de := range s.sortedEntries() {
		if anrMatch(de.e, q) {
			out = append(out, cloneEntry(de.e))
			if limit > 0 && len(out) == limit {
				break
			}
		}
	}
	return out, nil
}

func anrMatch(e store.DirectoryEntry, q string) bool {
	dn := strings.ToLower(e.DisplayName)
	smtp := strings.ToLower(e.SMTPAddress)
	if strings.HasPrefix(dn, q) || strings.HasPrefix(smtp, q) || strings.HasPrefix(strings.ToLower(e.Alias), q) {
		return true
	}
	for _, w := range strings.Fields(dn) {
		if strings.HasPrefix(w, q) {
			return true
		}
	}
	return false
}

// Members implements store.Directory.
func (s *Store) Members(ctx context.Context, address string) ([]store.DirectoryEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	de := s.lookup(address)
	if de == nil {
		return nil, fmt.Errorf("boltstore: list %q: %w", address, store.ErrNotFound)
	}
	if de.e.Kind != store.EntryDistList {
		return nil, fmt.Errorf("boltstore: %q is not a list: %w", address, store.ErrInvalidArgument)
	}
	out := []store.DirectoryEntry{}
	for _, m := range de.members {
		if me, ok := s.dir[m]; ok {
			out = append(out, cloneEntry(me.e))
		}
	}
	return out, nil
}

// Package dirmem is the in-memory directory both example stores keep
// (boltstore persists it besides): lookups by SMTP, proxy address or
// legacy DN, password checks, the sorted GAL, ambiguous name resolution
// and list members. Callers hold their store's lock.
package dirmem

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"slices"
	"strings"

	"github.com/oxkit/oxkit/store"
)

// Entry is a directory entry with its password hash and list members.
type Entry struct {
	E       store.DirectoryEntry
	Salt    []byte
	Hash    []byte
	Members []string // lower-cased SMTP addresses
}

// Dir maps lower-cased primary SMTP addresses to entries.
type Dir map[string]*Entry

// HashPassword is the salted SHA-256 the example stores keep (reference
// stores; a real store should use a password hash such as Argon2).
func HashPassword(salt []byte, password string) []byte {
	h := sha256.Sum256(append(slices.Clone(salt), password...))
	return h[:]
}

// Lookup finds an entry by SMTP address, proxy address or legacy DN.
func (d Dir) Lookup(address string) *Entry {
	if de, ok := d[strings.ToLower(address)]; ok {
		return de
	}
	for _, de := range d {
		if strings.EqualFold(de.E.LegacyDN, address) {
			return de
		}
		for _, p := range de.E.ProxyAddresses {
			_, addr, found := strings.Cut(p, ":")
			if found && strings.EqualFold(addr, address) {
				return de
			}
		}
	}
	return nil
}

// CloneEntry returns a copy of e that shares no slices with it.
func CloneEntry(e store.DirectoryEntry) store.DirectoryEntry {
	e.ProxyAddresses = slices.Clone(e.ProxyAddresses)
	return e
}

// LookupUser implements store.Directory.LookupUser; prefix names the
// store in errors.
func (d Dir) LookupUser(prefix, address string) (*store.DirectoryEntry, error) {
	de := d.Lookup(address)
	if de == nil {
		return nil, fmt.Errorf("%s: directory entry %q: %w", prefix, address, store.ErrNotFound)
	}
	e := CloneEntry(de.E)
	return &e, nil
}

// VerifyPassword implements store.Directory.VerifyPassword, comparing in
// constant time.
func (d Dir) VerifyPassword(prefix, address, password string) error {
	de := d.Lookup(address)
	if de == nil || de.E.Kind != store.EntryUser || de.Hash == nil {
		return fmt.Errorf("%s: login %q: %w", prefix, address, store.ErrAccessDenied)
	}
	if subtle.ConstantTimeCompare(HashPassword(de.Salt, password), de.Hash) != 1 {
		return fmt.Errorf("%s: login %q: %w", prefix, address, store.ErrAccessDenied)
	}
	return nil
}

// sorted returns the visible entries in display-name order.
func (d Dir) sorted() []*Entry {
	out := make([]*Entry, 0, len(d))
	for _, de := range d {
		if !de.E.Hidden {
			out = append(out, de)
		}
	}
	slices.SortFunc(out, func(a, b *Entry) int {
		if c := strings.Compare(strings.ToLower(a.E.DisplayName), strings.ToLower(b.E.DisplayName)); c != 0 {
			return c
		}
		return strings.Compare(strings.ToLower(a.E.SMTPAddress), strings.ToLower(b.E.SMTPAddress))
	})
	return out
}

// List implements store.Directory.ListEntries.
func (d Dir) List(prefix string, offset, limit int) ([]store.DirectoryEntry, int, error) {
	if offset < 0 || limit < 0 {
		return nil, 0, fmt.Errorf("%s: offset %d limit %d: %w", prefix, offset, limit, store.ErrInvalidArgument)
	}
	all := d.sorted()
	total := len(all)
	all = all[min(offset, total):]
	if limit > 0 && limit < len(all) {
		all = all[:limit]
	}
	out := make([]store.DirectoryEntry, len(all))
	for i, de := range all {
		out[i] = CloneEntry(de.E)
	}
	return out, total, nil
}

// Resolve implements store.Directory.Resolve (ambiguous name resolution).
func (d Dir) Resolve(name string, limit int) []store.DirectoryEntry {
	q := strings.ToLower(strings.TrimSpace(name))
	out := []store.DirectoryEntry{}
	if q == "" {
		return out
	}
	for _, de := range d.sorted() {
		if anrMatch(de.E, q) {
			out = append(out, CloneEntry(de.E))
			if limit > 0 && len(out) == limit {
				break
			}
		}
	}
	return out
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

// Members implements store.Directory.Members.
func (d Dir) Members(prefix, address string) ([]store.DirectoryEntry, error) {
	de := d.Lookup(address)
	if de == nil {
		return nil, fmt.Errorf("%s: list %q: %w", prefix, address, store.ErrNotFound)
	}
	if de.E.Kind != store.EntryDistList {
		return nil, fmt.Errorf("%s: %q is not a list: %w", prefix, address, store.ErrInvalidArgument)
	}
	out := []store.DirectoryEntry{}
	for _, m := range de.Members {
		if me, ok := d[m]; ok {
			out = append(out, CloneEntry(me.E))
		}
	}
	return out, nil
}

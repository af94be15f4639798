package ews

import (
	"sync"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// maxNamedCacheEntries bounds the named-property IDs a Handler caches
// over all mailboxes; past it the cache starts again empty.
const maxNamedCacheEntries = 1 << 16

// namedCache holds, per mailbox (by MailboxGUID), the IDs of the named
// properties ([MS-OXCPRPT] 3.2.5.7 GetPropertyIdsFromNames) that the
// mailbox has mapped. A mapping never changes once assigned, so a cached
// ID stays right; names that are not mapped are never cached (another
// request may map them at any time). Every shape parse resolves dozens
// of named fields, which this saves a store call and its copies.
type namedCache struct {
	mu sync.RWMutex
	// mbs maps MailboxGUID → name → ID.
	mbs map[mapi.GUID]map[mapi.PropertyName]mapi.PropID
	n   int // entries over all mailboxes
}

// lookup fills out[i] with the cached ID of names[i] (0 when not
// cached) and reports how many are not cached.
func (nc *namedCache) lookup(g mapi.GUID, names []mapi.PropertyName, out []mapi.PropID) (missing int) {
	nc.mu.RLock()
	m := nc.mbs[g]
	for i, n := range names {
		id, ok := m[n]
		if !ok {
			missing++
		}
		out[i] = id
	}
	nc.mu.RUnlock()
	return missing
}

// add caches the nonzero ids of names.
func (nc *namedCache) add(g mapi.GUID, names []mapi.PropertyName, ids []mapi.PropID) {
	nc.mu.Lock()
	defer nc.mu.Unlock()
	if nc.mbs == nil {
		nc.mbs = map[mapi.GUID]map[mapi.PropertyName]mapi.PropID{}
	}
	m := nc.mbs[g]
	for i, id := range ids {
		if id == 0 || i >= len(names) {
			continue
		}
		if _, ok := m[names[i]]; ok {
			continue
		}
		if nc.n >= maxNamedCacheEntries {
			clear(nc.mbs)
			nc.n = 0
			m = nil
		}
		if m == nil {
			m = map[mapi.PropertyName]mapi.PropID{}
			nc.mbs[g] = m
		}
		m[names[i]] = id
		nc.n++
	}
}

// propIDs is store.NamedProperties.PropIDs of the request's mailbox
// through the Handler's namedCache: only names not cached reach the
// store. ok is false when the mailbox stores no named properties (every
// name stays unmapped).
func (c *call) propIDs(names []mapi.PropertyName, create bool) (ids []mapi.PropID, ok bool, err error) {
	mb, err := c.mailbox()
	if err != nil {
		return nil, false, err
	}
	np, ok := mb.(store.NamedProperties)
	if !ok {
		return nil, false, nil
	}
	g := mb.Info().MailboxGUID
	if g == (mapi.GUID{}) {
		// No identity to key the cache by.
		ids, err := np.PropIDs(c.ctx, names, create)
		return ids, true, err
	}
	ids = make([]mapi.PropID, len(names))
	missing := c.h.named.lookup(g, names, ids)
	if missing == 0 {
		return ids, true, nil
	}
	if missing == len(names) {
		got, err := np.PropIDs(c.ctx, names, create)
		if err != nil {
			return nil, true, err
		}
		c.h.named.add(g, names, got)
		return got, true, nil
	}
	ask := make([]mapi.PropertyName, 0, missing)
	at := make([]int, 0, missing)
	for i, id := range ids {
		if id == 0 {
			ask = append(ask, names[i])
			at = append(at, i)
		}
	}
	got, err := np.PropIDs(c.ctx, ask, create)
	if err != nil {
		return nil, true, err
	}
	c.h.named.add(g, ask, got)
	for j, id := range got {
		if j < len(at) {
			ids[at[j]] = id
		}
	}
	return ids, true, nil
}

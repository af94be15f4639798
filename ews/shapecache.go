package ews

import (
	"reflect"
	"slices"
	"sync"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// A shape without extended properties ([MS-OXWSCDATA] 2.2.4.40
// ItemResponseShapeType with no ExtendedFieldURI) resolves the same named
// properties ([MS-OXCPRPT] 3.2.5.7) for the same field set every time:
// the named item fields, the e-mail address triples, Categories, the
// contact and distribution-list groups. A Handler keeps that resolution
// — the tags, the unmapped names' zeros included, and the list of
// properties to read (itemShape.tags) — per mailbox and field set in its
// shapeCache, and reuses it only while the mailbox's named-property
// mapping has not changed since (store.NamedMappingVersioner): a name
// that SMTP delivery or another protocol maps later is seen by the next
// shape parse. A mailbox without the capability is resolved on every
// parse, as before.

// maxShapeCacheEntries bounds the entries of a Handler's shapeCache over
// all mailboxes; past it the cache starts again empty.
const maxShapeCacheEntries = 1 << 10

// shapeKey identifies a cached resolution: the mailbox and the shape's
// field set.
type shapeKey struct {
	guid   mapi.GUID
	fields fieldSet
}

// shapeEntry is what parseItemShape resolved for a shapeKey, at a
// version of the mailbox's mapping. Entries are shared by concurrent
// requests and never modified once stored.
type shapeEntry struct {
	key shapeKey
	// mb is the Mailbox value the version was read from: versions of
	// another value (a reopened store's) are not comparable.
	mb        store.Mailbox
	version   uint64
	namedTags [numItemFields]mapi.PropTag
	emailTags [3][3]mapi.PropTag
	// categories is item:Categories' resolved tag (0: unmapped or not
	// in the shape).
	categories mapi.PropTag
	cx         *[numContactX]mapi.PropTag
	dl         *[4]mapi.PropTag
	// tags is computeTags' result for key.fields, capped at its length.
	tags []mapi.PropTag
}

// shapeCache is a Handler's cache of shape resolutions.
type shapeCache struct {
	mu sync.RWMutex
	m  map[shapeKey]*shapeEntry
}

func (sc *shapeCache) get(k shapeKey) *shapeEntry {
	sc.mu.RLock()
	e := sc.m[k]
	sc.mu.RUnlock()
	return e
}

func (sc *shapeCache) put(e *shapeEntry) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.m == nil || len(sc.m) >= maxShapeCacheEntries {
		sc.m = map[shapeKey]*shapeEntry{}
	}
	sc.m[e.key] = e
}

// shapeLookup is the outcome of a cache miss that parseItemShape may
// store its resolution under (ok).
type shapeLookup struct {
	ok      bool
	key     shapeKey
	mb      store.Mailbox
	version uint64
}

// cachedShape fills s's named resolution from the cache and reports
// true when the cache holds it at the mailbox's current mapping version;
// else it returns where the resolution about to be made may be stored.
// The version is read before the resolution, so a name mapped while it
// runs makes the stored entry stale at once rather than wrong. Anything
// that keeps the cache out of the way (a mailbox the operation has not
// opened yet, extended properties, no version) leaves the parse as it
// was.
func (c *call) cachedShape(s *itemShape) (shapeLookup, bool) {
	if len(s.ext) != 0 || c.mb == nil {
		// The operations that matter (GetItem, FindItem, SyncFolderItems)
		// open the mailbox first; opening it here would move where its
		// errors are reported.
		return shapeLookup{}, false
	}
	mb := c.mb
	nv, ok := mb.(store.NamedMappingVersioner)
	if !ok {
		return shapeLookup{}, false
	}
	g := mb.Info().MailboxGUID
	if g == (mapi.GUID{}) {
		return shapeLookup{}, false
	}
	v, err := nv.NamedMappingVersion(c.ctx)
	if err != nil {
		return shapeLookup{}, false
	}
	k := shapeKey{guid: g, fields: s.fields}
	// Entries hold only comparable Mailbox values (below), so == cannot
	// panic: a value of another type compares unequal.
	if e := c.h.shapes.get(k); e != nil && e.version == v && e.mb == mb {
		s.applyCached(e)
		return shapeLookup{}, true
	}
	if !reflect.TypeOf(mb).Comparable() {
		return shapeLookup{}, false
	}
	return shapeLookup{ok: true, key: k, mb: mb, version: v}, false
}

// applyCached sets s's resolution from e, as parseItemShape's own
// resolution would have set it.
func (s *itemShape) applyCached(e *shapeEntry) {
	s.namedTags = e.namedTags
	s.emailTags = e.emailTags
	s.cx, s.dl = e.cx, e.dl
	if s.fields.has(fCategories) {
		x := categoriesExt
		x.resolved = e.categories
		s.named = map[int]*extProp{fCategories: &x}
	}
	s.shared = e
}

// storeShape stores s's resolution, just made, under lk.
func (c *call) storeShape(lk shapeLookup, s *itemShape) {
	if !lk.ok || len(s.ext) != 0 || s.fields != lk.key.fields {
		return
	}
	e := &shapeEntry{
		key: lk.key, mb: lk.mb, version: lk.version,
		namedTags: s.namedTags, emailTags: s.emailTags,
		cx: s.cx, dl: s.dl,
		tags: slices.Clip(s.computeTags()),
	}
	if x := s.named[fCategories]; x != nil {
		e.categories = x.resolved
	}
	c.h.shapes.put(e)
	s.shared = e
}

// sharedTags returns the cached tags of s's resolution when they are
// the ones computeTags would compute now (the field set has not been
// changed since the parse), else nil.
func (s *itemShape) sharedTags() []mapi.PropTag {
	if e := s.shared; e != nil && e.key.fields == s.fields && len(s.ext) == 0 {
		return e.tags
	}
	return nil
}

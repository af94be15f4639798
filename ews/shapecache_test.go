package ews

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// deliverRaw creates a message in user's Inbox through the store, as
// SMTP delivery or another protocol would, mapping the named
// properties of named (create=true) on the way.
func deliverRaw(t *testing.T, e *env, user, subject string, named map[mapi.NamedProp]any) {
	t.Helper()
	ctx := context.Background()
	mb, err := e.st.OpenMailbox(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	props := []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
		{Tag: mapi.PidTagSubject, Value: subject},
	}
	for np, v := range named {
		ids, err := mb.(store.NamedProperties).PropIDs(ctx, []mapi.PropertyName{np.PropertyName()}, true)
		if err != nil {
			t.Fatal(err)
		}
		props = append(props, mapi.PropValue{Tag: mapi.NewPropTag(ids[0], np.Type()), Value: v})
	}
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	if _, err := mb.CreateMessage(ctx, inbox, &store.Message{Props: props}); err != nil {
		t.Fatal(err)
	}
}

// unmapped reports whether np has no ID in user's mailbox.
func unmapped(t *testing.T, e *env, user string, np mapi.NamedProp) bool {
	t.Helper()
	ctx := context.Background()
	mb, err := e.st.OpenMailbox(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := mb.(store.NamedProperties).PropIDs(ctx, []mapi.PropertyName{np.PropertyName()}, false)
	if err != nil {
		t.Fatal(err)
	}
	return ids[0] == 0
}

// inboxBySubject runs FindItem (Default shape) on user's Inbox, then
// GetItem (Default shape) of each item found, and returns both views'
// items by subject.
func inboxBySubject(t *testing.T, e *env, user string) (found, got map[string]*etree.Element) {
	t.Helper()
	doc := e.callAs(user, findItem100Op)
	found, got = map[string]*etree.Element{}, map[string]*etree.Element{}
	for _, it := range mustSuccess(t, doc)[0].FindElements("RootFolder/Items/*") {
		found[text(it, "Subject")] = it
		id, _ := idOf(it, "ItemId")
		g := getItemAs(t, e, user, `<t:BaseShape>Default</t:BaseShape>`, id)
		got[text(g, "Subject")] = g
	}
	return found, got
}

// TestShapeCacheSeesLaterMappings is the shape cache's negative case: a
// name that the mailbox had not mapped when a Default shape was first
// resolved (and cached, unmapped) is mapped by a delivery, and the next
// FindItem and GetItem read the property.
func TestShapeCacheSeesLaterMappings(t *testing.T) {
	for name, e := range map[string]*env{"mem": newEnv(t), "bolt": newBoltEnv(t)} {
		t.Run(name, func(t *testing.T) {
			np := mapi.PidLidReminderSet
			if !unmapped(t, e, user1, np) {
				t.Fatalf("precondition: %v is mapped in a new mailbox", np)
			}
			deliverRaw(t, e, user1, "before", nil)
			// Twice: resolving, then from the cache.
			for range 2 {
				found, got := inboxBySubject(t, e, user1)
				for what, it := range map[string]*etree.Element{"FindItem": found["before"], "GetItem": got["before"]} {
					// Unmapped, so no item has it: not written.
					if it == nil || it.SelectElement("ReminderIsSet") != nil {
						t.Fatalf("%s before: %v", what, dumpElem(it))
					}
				}
			}
			if len(e.h.shapes.m) == 0 {
				t.Fatal("no shape cached")
			}
			deliverRaw(t, e, user1, "after", map[mapi.NamedProp]any{np: true})
			if unmapped(t, e, user1, np) {
				t.Fatal("delivery did not map the name")
			}
			found, got := inboxBySubject(t, e, user1)
			for what, it := range map[string]*etree.Element{"FindItem": found["after"], "GetItem": got["after"]} {
				if it == nil || text(it, "ReminderIsSet") != "true" {
					t.Errorf("%s after the mapping: %v", what, dumpElem(it))
				}
			}
		})
	}
}

func dumpElem(e *etree.Element) string {
	if e == nil {
		return "<nil>"
	}
	d := etree.NewDocument()
	d.SetRoot(e.Copy())
	s, _ := d.WriteToString()
	return s
}

// versionedMailbox is a mailbox whose NamedMappingVersion is fixed (v)
// and which counts its PropIDs calls; a value type with a slice when
// uncomparable is set, which the cache must not keep.
type versionedMailbox struct {
	store.Mailbox
	np    store.NamedProperties
	v     uint64
	calls *int
}

func (m *versionedMailbox) PropIDs(ctx context.Context, names []mapi.PropertyName, create bool) ([]mapi.PropID, error) {
	*m.calls++
	return m.np.PropIDs(ctx, names, create)
}

func (m *versionedMailbox) PropNames(ctx context.Context, ids []mapi.PropID) ([]mapi.PropertyName, error) {
	return m.np.PropNames(ctx, ids)
}

func (m *versionedMailbox) NamedMappingVersion(context.Context) (uint64, error) { return m.v, nil }

// uncomparableMailbox is versionedMailbox as a value type that == cannot
// compare.
type uncomparableMailbox struct {
	versionedMailbox
	_ []int
}

func (m uncomparableMailbox) PropIDs(ctx context.Context, names []mapi.PropertyName, create bool) ([]mapi.PropID, error) {
	return m.versionedMailbox.PropIDs(ctx, names, create)
}

func (m uncomparableMailbox) PropNames(ctx context.Context, ids []mapi.PropID) ([]mapi.PropertyName, error) {
	return m.np.PropNames(ctx, ids)
}

func (m uncomparableMailbox) NamedMappingVersion(context.Context) (uint64, error) { return m.v, nil }

func shapeElem(t *testing.T, inner string) *etree.Element {
	t.Helper()
	d := etree.NewDocument()
	if err := d.ReadFromString(`<m:ItemShape xmlns:m="` + nsMessages + `" xmlns:t="` + nsTypes + `">` + inner + `</m:ItemShape>`); err != nil {
		t.Fatal(err)
	}
	return d.Root()
}

// resolution is what parseItemShape resolves against the mailbox.
type resolution struct {
	NamedTags  [numItemFields]mapi.PropTag
	EmailTags  [3][3]mapi.PropTag
	Categories mapi.PropTag
	CX         []mapi.PropTag
	DL         []mapi.PropTag
	Tags       []mapi.PropTag
}

func resolutionOf(s *itemShape) resolution {
	// computeTags' order depends on a map's; the set is what matters.
	r := resolution{NamedTags: s.namedTags, EmailTags: s.emailTags, Tags: slices.Sorted(slices.Values(s.tags()))}
	if x := s.named[fCategories]; x != nil {
		r.Categories = x.resolved
	}
	if s.cx != nil {
		r.CX = s.cx[:]
	}
	if s.dl != nil {
		r.DL = s.dl[:]
	}
	return r
}

// TestShapeCacheSameResolution checks that a shape served from the cache
// resolves exactly as one parsed without it, for the base shapes, in
// FindItem and GetItem, with Categories, contact and distribution-list
// fields, and that each mailbox (mapping the names in other orders) and
// each field set has its own entry.
func TestShapeCacheSameResolution(t *testing.T) {
	e := newBoltEnv(t)
	ctx := context.Background()
	// user2 maps some of the shapes' names in another order than user1.
	deliverRaw(t, e, user2, "x", map[mapi.NamedProp]any{mapi.PidLidReminderDelta: int32(5), mapi.PidLidLocation: "here"})
	deliverRaw(t, e, user1, "x", map[mapi.NamedProp]any{mapi.PidLidLocation: "there"})
	deliverRaw(t, e, user1, "y", map[mapi.NamedProp]any{mapi.PidLidReminderDelta: int32(7), mapi.PidLidFileUnder: "f"})
	shapes := []string{
		`<t:BaseShape>IdOnly</t:BaseShape>`,
		`<t:BaseShape>Default</t:BaseShape>`,
		`<t:BaseShape>AllProperties</t:BaseShape>`,
		`<t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Categories"/><t:FieldURI FieldURI="contacts:EmailAddresses"/><t:FieldURI FieldURI="distributionlist:Members"/></t:AdditionalProperties>`,
	}
	keys := map[shapeKey]bool{}
	for _, user := range []string{user1, user2} {
		mb, err := e.st.OpenMailbox(ctx, user)
		if err != nil {
			t.Fatal(err)
		}
		for i, sh := range shapes {
			for _, find := range []bool{false, true} {
				// Without the cache: a mailbox value of its own each
				// time (versions of another value never match).
				n := 0
				plain := &call{h: &Handler{Store: e.st}, ctx: ctx, user: user, mb: &versionedMailbox{Mailbox: mb, np: mb.(store.NamedProperties), calls: &n}}
				want, err := plain.parseItemShape(shapeElem(t, sh), find)
				if err != nil {
					t.Fatal(err)
				}
				for round := range 2 {
					c := &call{h: e.h, ctx: ctx, user: user, mb: mb}
					s, err := c.parseItemShape(shapeElem(t, sh), find)
					if err != nil {
						t.Fatal(err)
					}
					if s.shared == nil {
						t.Errorf("%s shape %d find=%v round %d: not cached", user, i, find, round)
					} else {
						keys[s.shared.key] = true
					}
					if d := cmp.Diff(resolutionOf(want), resolutionOf(s)); d != "" {
						t.Errorf("%s shape %d find=%v round %d: (-uncached +cached)\n%s", user, i, find, round, d)
					}
				}
			}
		}
	}
	if got, want := len(e.h.shapes.m), len(keys); got != want || want < 2*len(shapes) {
		t.Errorf("%d entries, want one per mailbox and field set: %d", got, want)
	}
}

// TestShapeCacheMailboxValue checks the cache's keys beyond the version:
// a hit asks the store nothing; another Mailbox value of the same
// mailbox (a reopened store) at the same version misses; a Mailbox
// value == cannot compare is never cached (and does not panic); the
// shape's extended properties bypass the cache.
func TestShapeCacheMailboxValue(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	mb, err := e.st.OpenMailbox(ctx, user1)
	if err != nil {
		t.Fatal(err)
	}
	np := mb.(store.NamedProperties)
	parse := func(m store.Mailbox, shape string) *itemShape {
		t.Helper()
		c := &call{h: e.h, ctx: ctx, user: user1, mb: m}
		s, err := c.parseItemShape(shapeElem(t, shape), false)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	const def = `<t:BaseShape>Default</t:BaseShape>`
	n := 0
	a := &versionedMailbox{Mailbox: mb, np: np, v: 1, calls: &n}
	parse(a, def)
	parse(a, def)
	if n != 1 {
		t.Errorf("same mailbox value and version: %d store calls, want 1", n)
	}
	a.v = 2
	parse(a, def)
	if n != 2 {
		t.Errorf("new version: %d store calls, want 2", n)
	}
	b := &versionedMailbox{Mailbox: mb, np: np, v: 2, calls: &n}
	parse(b, def)
	if n != 3 {
		t.Errorf("another mailbox value: %d store calls, want 3", n)
	}
	u := uncomparableMailbox{versionedMailbox: versionedMailbox{Mailbox: mb, np: np, v: 2, calls: &n}}
	parse(u, def)
	parse(u, def)
	if n != 5 {
		t.Errorf("uncomparable mailbox value: %d store calls, want 5 (never cached)", n)
	}
	ext := def + `<t:AdditionalProperties><t:ExtendedFieldURI PropertySetId="` + mapi.PSPublicStrings.String()[1:37] + `" PropertyName="X" PropertyType="String"/></t:AdditionalProperties>`
	parse(b, ext)
	parse(b, ext)
	if n != 7 {
		t.Errorf("extended properties: %d store calls, want 7 (never cached)", n)
	}
}

// TestShapeCacheBound fills the cache past its bound.
func TestShapeCacheBound(t *testing.T) {
	var sc shapeCache
	for i := range maxShapeCacheEntries + 10 {
		sc.put(&shapeEntry{key: shapeKey{fields: fieldSet{uint64(i)}}})
		if len(sc.m) > maxShapeCacheEntries {
			t.Fatalf("%d entries, bound %d", len(sc.m), maxShapeCacheEntries)
		}
	}
}

// TestShapeCacheConcurrent parses shapes from several goroutines while
// another maps names (for -race), each parse checked against the
// mailbox's mapping after it.
func TestShapeCacheConcurrent(t *testing.T) {
	e := newBoltEnv(t)
	ctx := context.Background()
	mb, err := e.st.OpenMailbox(ctx, user1)
	if err != nil {
		t.Fatal(err)
	}
	np := mb.(store.NamedProperties)
	lids := []mapi.NamedProp{mapi.PidLidReminderSet, mapi.PidLidReminderDelta, mapi.PidLidLocation, mapi.PidLidFileUnder, mapi.PidLidBusyStatus}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, p := range lids {
			if _, err := np.PropIDs(ctx, []mapi.PropertyName{p.PropertyName()}, true); err != nil {
				t.Error(err)
			}
		}
	}()
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				c := &call{h: e.h, ctx: ctx, user: user1, mb: mb}
				s, err := c.parseItemShape(shapeElem(t, `<t:BaseShape>Default</t:BaseShape>`), false)
				if err != nil {
					t.Error(err)
					return
				}
				s.tags()
			}
		}()
	}
	wg.Wait()
	// Once the writer is done, a parse sees every name it mapped.
	c := &call{h: e.h, ctx: ctx, user: user1, mb: mb}
	s, err := c.parseItemShape(shapeElem(t, `<t:BaseShape>Default</t:BaseShape>`), false)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []int{fReminderIsSet, fReminderMinutesBeforeStart, fLocation, fFileAs, fLegacyFreeBusyStatus} {
		if s.tag(f) == 0 {
			t.Errorf("field %d unmapped after the writer mapped it", f)
		}
	}
}

// TestComputeTagsStable checks that a shape's tag list is the same list,
// in the same order, every time it is computed (the store's column plan
// cache is keyed by it; contactStrings is a map).
func TestComputeTagsStable(t *testing.T) {
	s := &itemShape{fields: allFields}
	first := s.computeTags()
	for range 20 {
		if got := s.computeTags(); !slices.Equal(got, first) {
			t.Fatalf("computeTags changed order:\n%v\n%v", first, got)
		}
	}
}

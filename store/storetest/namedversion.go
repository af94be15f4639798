package storetest

import (
	"testing"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// testNamedMappingVersion checks store.NamedMappingVersioner: the
// version stays while nothing is mapped (lookups, creating names already
// mapped) and changes, never back to an earlier value, whenever a name is
// newly mapped — the guarantee a front end's cache of unmapped names
// relies on.
func (s *suite) testNamedMappingVersion(t *testing.T) {
	_, mb := s.mailbox(t)
	np, ok := mb.(store.NamedProperties)
	if !ok {
		t.Skip("store does not implement store.NamedProperties")
	}
	nv, ok := mb.(store.NamedMappingVersioner)
	if !ok {
		t.Skip("store does not implement store.NamedMappingVersioner")
	}
	c := ctx(t)
	version := func(what string) uint64 {
		t.Helper()
		return must[uint64](t, "NamedMappingVersion "+what)(nv.NamedMappingVersion(c))
	}
	seen := map[uint64]bool{}
	v := version("at start")
	seen[v] = true
	names := testNames()
	for i, n := range names {
		// A lookup maps nothing: the version stays.
		ids := must[[]mapi.PropID](t, "PropIDs(create=false)")(np.PropIDs(c, names, false))
		if ids[i] != 0 {
			t.Fatalf("name %d mapped before it was created", i)
		}
		if got := version("after a lookup"); got != v {
			t.Errorf("name %d: lookup changed the version %d → %d", i, v, got)
		}
		// Mapping a new name changes it, to a value not seen before.
		must[[]mapi.PropID](t, "PropIDs(create=true)")(np.PropIDs(c, []mapi.PropertyName{n}, true))
		got := version("after mapping")
		if seen[got] {
			t.Errorf("name %d: mapping it left the version at %d (seen before)", i, got)
		}
		seen[got] = true
		v = got
		// Creating it again maps nothing new.
		must[[]mapi.PropID](t, "PropIDs(create=true) again")(np.PropIDs(c, names[:i+1], true))
		if got := version("after creating mapped names"); got != v {
			t.Errorf("name %d: creating mapped names changed the version %d → %d", i, v, got)
		}
	}
	// Several new names in one call change it too.
	more := []mapi.PropertyName{
		{Kind: mapi.NameKindString, GUID: psPublicStrings, Name: "oxkit-version-a"},
		{Kind: mapi.NameKindString, GUID: psPublicStrings, Name: "oxkit-version-b"},
	}
	must[[]mapi.PropID](t, "PropIDs(create=true) of two")(np.PropIDs(c, more, true))
	if got := version("after mapping two"); seen[got] {
		t.Errorf("mapping two names left the version at %d (seen before)", got)
	}
}

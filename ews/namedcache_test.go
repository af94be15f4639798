package ews

import (
	"strings"
	"sync"
	"testing"

	"github.com/oxkit/oxkit/mapi"
)

func TestNamedCacheLookupAdd(t *testing.T) {
	var nc namedCache
	g1, g2 := mapi.GUID{1}, mapi.GUID{2}
	a := mapi.PropertyName{Kind: mapi.NameKindString, GUID: mapi.PSPublicStrings, Name: "A"}
	b := mapi.PropertyName{Kind: mapi.NameKindID, GUID: mapi.PSETIDCommon, LID: 0x8534}
	names := []mapi.PropertyName{a, b}
	nc.add(g1, names, []mapi.PropID{0x8001, 0}) // b unmapped: not cached
	out := make([]mapi.PropID, 2)
	if m := nc.lookup(g1, names, out); m != 1 || out[0] != 0x8001 || out[1] != 0 {
		t.Fatalf("lookup g1 = %d missing, %v", m, out)
	}
	if m := nc.lookup(g2, names, out); m != 2 || out[0] != 0 || out[1] != 0 {
		t.Fatalf("lookup g2 = %d missing, %v (mailboxes must not share)", m, out)
	}
	// The bound: past maxNamedCacheEntries the cache starts again.
	for i := range maxNamedCacheEntries {
		nc.add(g2, []mapi.PropertyName{{Kind: mapi.NameKindID, GUID: mapi.PSETIDCommon, LID: uint32(i)}}, []mapi.PropID{0x8000})
	}
	if nc.n > maxNamedCacheEntries {
		t.Fatalf("%d entries, bound %d", nc.n, maxNamedCacheEntries)
	}
	if m := nc.lookup(g1, names[:1], out); m != 1 {
		t.Fatalf("g1 still cached after the reset")
	}
}

// TestNamedCacheMapsLater checks that a name read while unmapped is read
// once another request maps it, and that each mailbox keeps its own
// IDs (the two users map the names in opposite orders).
func TestNamedCacheMapsLater(t *testing.T) {
	for name, e := range map[string]*env{"mem": newEnv(t), "bolt": newBoltEnv(t)} {
		t.Run(name, func(t *testing.T) {
			uri := func(n string) string {
				return `<t:ExtendedFieldURI PropertySetId="` + strings.Trim(mapi.PSPublicStrings.String(), "{}") + `" PropertyName="` + n + `" PropertyType="String"/>`
			}
			shape := `<t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>` + uri("CacheA") + uri("CacheB") + `</t:AdditionalProperties>`
			create := func(user string, props ...string) string {
				inner := `<t:Subject>cache</t:Subject>`
				for _, p := range props {
					inner += `<t:ExtendedProperty>` + uri(p) + `<t:Value>` + user + p + `</t:Value></t:ExtendedProperty>`
				}
				doc := e.callAs(user, `<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId>`+dist("inbox")+`</m:SavedItemFolderId><m:Items><t:Message>`+inner+`</t:Message></m:Items></m:CreateItem>`)
				id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
				return id
			}
			values := func(user, id string) map[string]string {
				got := map[string]string{}
				for _, x := range getItemAs(t, e, user, shape, id).SelectElements("ExtendedProperty") {
					got[x.SelectElement("ExtendedFieldURI").SelectAttrValue("PropertyName", "")] = text(x, "Value")
				}
				return got
			}
			plain := create(user1)
			if got := values(user1, plain); len(got) != 0 {
				t.Fatalf("unmapped names read as %v", got)
			}
			a1 := create(user1, "CacheA")
			b2 := create(user2, "CacheB")
			ab1 := create(user1, "CacheA", "CacheB")
			ab2 := create(user2, "CacheA", "CacheB")
			for _, c := range []struct {
				user, id string
				want     map[string]string
			}{
				{user1, a1, map[string]string{"CacheA": user1 + "CacheA"}},
				{user2, b2, map[string]string{"CacheB": user2 + "CacheB"}},
				{user1, ab1, map[string]string{"CacheA": user1 + "CacheA", "CacheB": user1 + "CacheB"}},
				{user2, ab2, map[string]string{"CacheA": user2 + "CacheA", "CacheB": user2 + "CacheB"}},
				{user1, plain, map[string]string{}},
			} {
				// Twice: once filling the cache, once from it.
				for range 2 {
					if got := values(c.user, c.id); !equalMaps(got, c.want) {
						t.Errorf("%s %s: %v, want %v", c.user, c.id, got, c.want)
					}
				}
			}
		})
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestNamedCacheConcurrent runs lookups and adds of several mailboxes at
// once (for -race).
func TestNamedCacheConcurrent(t *testing.T) {
	var nc namedCache
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g := mapi.GUID{byte(w % 2)}
			out := make([]mapi.PropID, 1)
			for i := range 200 {
				n := []mapi.PropertyName{{Kind: mapi.NameKindID, GUID: mapi.PSETIDCommon, LID: uint32(i)}}
				nc.lookup(g, n, out)
				nc.add(g, n, []mapi.PropID{mapi.PropID(0x8000 + i)})
				if nc.lookup(g, n, out) != 0 || out[0] != mapi.PropID(0x8000+i) {
					t.Errorf("worker %d name %d: %v", w, i, out)
					return
				}
			}
		}()
	}
	wg.Wait()
}

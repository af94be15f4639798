package memstore

import (
	"context"
	"fmt"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

type nameKey struct {
	kind mapi.NameKind
	guid mapi.GUID
	lid  uint32
	name string
}

func keyOf(n mapi.PropertyName) (nameKey, bool) {
	switch n.Kind {
	case mapi.NameKindID:
		return nameKey{kind: n.Kind, guid: n.GUID, lid: n.LID}, true
	case mapi.NameKindString:
		return nameKey{kind: n.Kind, guid: n.GUID, name: n.Name}, true
	}
	return nameKey{}, false
}

// namedMap is a mailbox's named-property mapping; IDs are handed out from
// 0x8000 in request order and never reused.
type namedMap struct {
	byName map[nameKey]mapi.PropID
	byID   []mapi.PropertyName
}

func newNamedMap() namedMap { return namedMap{byName: map[nameKey]mapi.PropID{}} }

// PropIDs implements store.NamedProperties.
func (mb *Mailbox) PropIDs(ctx context.Context, names []mapi.PropertyName, create bool) ([]mapi.PropID, error) {
	for i, n := range names {
		if _, ok := keyOf(n); !ok {
			return nil, fmt.Errorf("memstore: property name %d: kind %d: %w", i, n.Kind, store.ErrInvalidArgument)
		}
	}
	var err error
	if create {
		err = mb.lock(ctx)
	} else {
		err = mb.rlock(ctx)
	}
	if err != nil {
		return nil, err
	}
	if create {
		defer mb.mu.Unlock()
	} else {
		defer mb.mu.RUnlock()
	}
	out := make([]mapi.PropID, len(names))
	for i, n := range names {
		k, _ := keyOf(n)
		if id, ok := mb.named.byName[k]; ok {
			out[i] = id
			continue
		}
		if !create {
			continue
		}
		if len(mb.named.byID) > int(store.MaxNamedPropID-store.FirstNamedPropID) {
			return nil, fmt.Errorf("memstore: named property IDs exhausted: %w", store.ErrQuotaExceeded)
		}
		id := store.FirstNamedPropID + mapi.PropID(len(mb.named.byID))
		mb.named.byID = append(mb.named.byID, n)
		mb.named.byName[k] = id
		out[i] = id
	}
	return out, nil
}

// PropNames implements store.NamedProperties.
func (mb *Mailbox) PropNames(ctx context.Context, ids []mapi.PropID) ([]mapi.PropertyName, error) {
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.RUnlock()
	out := make([]mapi.PropertyName, len(ids))
	for i, id := range ids {
		j := int(id) - int(store.FirstNamedPropID)
		if id < store.FirstNamedPropID || j >= len(mb.named.byID) {
			out[i] = mapi.PropertyName{Kind: mapi.NameKindNone}
			continue
		}
		out[i] = mb.named.byID[j]
	}
	return out, nil
}

package boltstore

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

func (k nameKey) propertyName() mapi.PropertyName {
	return mapi.PropertyName{Kind: k.kind, GUID: k.guid, LID: k.lid, Name: k.name}
}

// namedMap is a mailbox's named-property mapping, persisted in the named
// bucket (ID -> name) and loaded when the mailbox opens.
type namedMap struct {
	byName map[nameKey]mapi.PropID
	byID   map[mapi.PropID]nameKey
	next   mapi.PropID
}

func newNamedMap() namedMap {
	return namedMap{byName: map[nameKey]mapi.PropID{}, byID: map[mapi.PropID]nameKey{}, next: store.FirstNamedPropID}
}

func (n *namedMap) set(id mapi.PropID, k nameKey) {
	n.byName[k] = id
	n.byID[id] = k
	if id >= n.next {
		n.next = id + 1
	}
}

// PropIDs implements store.NamedProperties.
func (mb *Mailbox) PropIDs(ctx context.Context, names []mapi.PropertyName, create bool) ([]mapi.PropID, error) {
	keys := make([]nameKey, len(names))
	for i, n := range names {
		k, ok := keyOf(n)
		if !ok {
			return nil, fmt.Errorf("boltstore: property name %d: kind %d: %w", i, n.Kind, store.ErrInvalidArgument)
		}
		keys[i] = k
	}
	out := make([]mapi.PropID, len(names))
	if !create {
		if err := mb.rlock(ctx); err != nil {
			return nil, err
		}
		defer mb.mu.RUnlock()
		for i, k := range keys {
			out[i] = mb.named.byName[k]
		}
		return out, nil
	}
	err := mb.update(ctx, func(w *writer) error {
		for i, k := range keys {
			if id, ok := mb.named.byName[k]; ok {
				out[i] = id
				continue
			}
			if mb.named.next > store.MaxNamedPropID {
				return fmt.Errorf("boltstore: named property IDs exhausted: %w", store.ErrQuotaExceeded)
			}
			w.mutating()
			id := mb.named.next
			mb.named.set(id, k)
			out[i] = id
			if err := w.putNamed(uint16(id), k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
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
		if k, ok := mb.named.byID[id]; ok {
			out[i] = k.propertyName()
		} else {
			out[i] = mapi.PropertyName{Kind: mapi.NameKindNone}
		}
	}
	return out, nil
}

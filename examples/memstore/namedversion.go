package memstore

import (
	"context"

	"github.com/oxkit/oxkit/store"
)

var _ store.NamedMappingVersioner = (*Mailbox)(nil)

// NamedMappingVersion implements store.NamedMappingVersioner: the number
// of names mapped, as IDs are handed out in order and never taken back.
func (mb *Mailbox) NamedMappingVersion(ctx context.Context) (uint64, error) {
	if err := mb.rlock(ctx); err != nil {
		return 0, err
	}
	defer mb.mu.RUnlock()
	return uint64(len(mb.named.byID)), nil
}

package boltstore

import (
	"context"

	"github.com/oxkit/oxkit/store"
)

var _ store.NamedMappingVersioner = (*Mailbox)(nil)

// NamedMappingVersion implements store.NamedMappingVersioner: the next
// ID to hand out, which grows with every name mapped (under the write
// lock, before the new ID can be read) and never shrinks while the
// Mailbox value lives. A commit that fails after mapping a name breaks
// the mailbox, which then answers only with that error; the mailbox of
// a reopened store is a new Mailbox value.
func (mb *Mailbox) NamedMappingVersion(ctx context.Context) (uint64, error) {
	if err := mb.rlock(ctx); err != nil {
		return 0, err
	}
	defer mb.mu.RUnlock()
	return uint64(mb.named.next), nil
}

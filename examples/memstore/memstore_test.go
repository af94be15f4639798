package memstore_test

import (
	"context"
	"testing"

	"github.com/oxkit/oxkit/examples/memstore"
	"github.com/oxkit/oxkit/store"
	"github.com/oxkit/oxkit/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return memstore.New(nil) })
}

// coreStore and coreMailbox hide every capability, to check that the
// suite runs the core tests and skips the rest for a minimal store.
type coreStore struct{ s store.Store }

type coreMailbox struct{ store.Mailbox }

func (c coreStore) CreateMailbox(ctx context.Context, owner string, opts *store.CreateMailboxOptions) (store.Mailbox, error) {
	mb, err := c.s.CreateMailbox(ctx, owner, opts)
	if err != nil {
		return nil, err
	}
	return coreMailbox{mb}, nil
}

func (c coreStore) OpenMailbox(ctx context.Context, owner string) (store.Mailbox, error) {
	mb, err := c.s.OpenMailbox(ctx, owner)
	if err != nil {
		return nil, err
	}
	return coreMailbox{mb}, nil
}

func (c coreStore) Close() error { return c.s.Close() }

func TestConformanceCoreOnly(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return coreStore{memstore.New(nil)} })
}

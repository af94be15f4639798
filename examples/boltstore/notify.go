package boltstore

import (
	"context"
	"fmt"

	"github.com/oxkit/oxkit/examples/internal/eventq"
	"github.com/oxkit/oxkit/store"
)

// subscription is the shared bounded queue (examples/internal/eventq):
// writers push under the mailbox's lock and never block; the reader pops.
type subscription = eventq.Queue

// Subscribe implements store.Notifier.
func (mb *Mailbox) Subscribe(ctx context.Context, opts *store.SubscribeOptions) (store.Subscription, error) {
	sub, err := eventq.New(opts, mb.s.opts.QueueSize, "boltstore")
	if err != nil {
		return nil, err
	}
	if err := mb.lock(ctx); err != nil {
		return nil, err
	}
	if f := sub.Folder(); f != 0 {
		if _, ok := mb.folders[f]; !ok {
			mb.mu.Unlock()
			return nil, fmt.Errorf("boltstore: folder %v: %w", f, store.ErrNotFound)
		}
	}
	mb.subs[sub] = struct{}{}
	mb.mu.Unlock()
	sub.Start(ctx, func(q *subscription) {
		mb.mu.Lock()
		delete(mb.subs, q)
		mb.mu.Unlock()
	})
	return sub, nil
}

// publish queues ev for delivery after the current write commits.
func (mb *Mailbox) publish(ev store.Event) { mb.pending = append(mb.pending, ev) }

// deliver delivers ev to matching subscriptions. mb.mu must be held for
// writing, which orders events by CN.
func (mb *Mailbox) deliver(ev store.Event) {
	for sub := range mb.subs {
		if sub.Matches(ev) {
			sub.Push(ev)
		}
	}
}

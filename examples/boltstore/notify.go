package boltstore

import (
	"context"
	"fmt"
	"sync"

	"github.com/oxkit/oxkit/store"
)

// subscription is a bounded event queue. Writers push under the
// mailbox's lock and never block; the reader pops.
type subscription struct {
	mb     *Mailbox
	folder store.FID
	events store.EventType
	size   int

	mu       sync.Mutex
	queue    []store.Event
	overflow bool // events were dropped; an EventOverflow is owed
	closed   bool
	ready    chan struct{}
	stop     func() bool
}

// Subscribe implements store.Notifier.
func (mb *Mailbox) Subscribe(ctx context.Context, opts *store.SubscribeOptions) (store.Subscription, error) {
	if opts == nil {
		opts = &store.SubscribeOptions{}
	}
	if opts.QueueSize < 0 {
		return nil, fmt.Errorf("boltstore: queue size %d: %w", opts.QueueSize, store.ErrInvalidArgument)
	}
	sub := &subscription{mb: mb, folder: opts.Folder, events: opts.Events, size: opts.QueueSize, ready: make(chan struct{}, 1)}
	if sub.size == 0 {
		sub.size = mb.s.opts.QueueSize
	}
	if sub.size < 2 {
		sub.size = 2
	}
	if err := mb.lock(ctx); err != nil {
		return nil, err
	}
	if opts.Folder != 0 {
		if _, ok := mb.folders[opts.Folder]; !ok {
			mb.mu.Unlock()
			return nil, fmt.Errorf("boltstore: folder %v: %w", opts.Folder, store.ErrNotFound)
		}
	}
	mb.subs[sub] = struct{}{}
	mb.mu.Unlock()
	sub.stop = context.AfterFunc(ctx, func() { sub.Close() })
	return sub, nil
}

// publish queues ev for delivery after the current write commits.
func (mb *Mailbox) publish(ev store.Event) { mb.pending = append(mb.pending, ev) }

// deliver delivers ev to matching subscriptions. mb.mu must be held for
// writing, which orders events by CN.
func (mb *Mailbox) deliver(ev store.Event) {
	for sub := range mb.subs {
		if sub.events != 0 && sub.events&ev.Type == 0 {
			continue
		}
		if f := sub.folder; f != 0 && ev.Folder != f && ev.Parent != f && ev.OldFolder != f && ev.OldParent != f {
			continue
		}
		sub.push(ev)
	}
}

func (s *subscription) push(ev store.Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	if s.overflow {
		if len(s.queue)+2 > s.size {
			return
		}
		s.queue = append(s.queue, store.Event{Type: store.EventOverflow, CN: ev.CN})
		s.overflow = false
	}
	if len(s.queue) >= s.size {
		s.overflow = true
		return
	}
	s.queue = append(s.queue, ev)
	select {
	case s.ready <- struct{}{}:
	default:
	}
}

// Next implements store.Subscription.
func (s *subscription) Next(ctx context.Context) (store.Event, error) {
	for {
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			return store.Event{}, fmt.Errorf("boltstore: subscription: %w", store.ErrClosed)
		}
		if len(s.queue) > 0 {
			ev := s.queue[0]
			s.queue[0] = store.Event{}
			s.queue = s.queue[1:]
			if len(s.queue) > 0 {
				select {
				case s.ready <- struct{}{}:
				default:
				}
			}
			s.mu.Unlock()
			return ev, nil
		}
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return store.Event{}, ctx.Err()
		case <-s.ready:
		}
	}
}

// Ready implements store.Subscription.
func (s *subscription) Ready() <-chan struct{} { return s.ready }

// Close implements store.Subscription.
func (s *subscription) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.queue = nil
	s.mu.Unlock()
	select {
	case s.ready <- struct{}{}:
	default:
	}
	if s.stop != nil {
		s.stop()
	}
	s.mb.mu.Lock()
	delete(s.mb.subs, s)
	s.mb.mu.Unlock()
	return nil
}

// Package eventq is the bounded notification queue shared by the example
// stores: one Queue per store.Subscription. Writers push under their
// mailbox's lock and never block; a full queue drops events and owes the
// reader one store.EventOverflow.
package eventq

import (
	"context"
	"fmt"
	"sync"

	"github.com/oxkit/oxkit/store"
)

// Queue is a store.Subscription.
type Queue struct {
	folder store.FID
	events store.EventType
	size   int
	prefix string // error prefix, the store's name

	mu       sync.Mutex
	queue    []store.Event
	overflow bool // events were dropped; an EventOverflow is owed
	closed   bool
	ready    chan struct{}
	stop     func() bool
	onClose  func(*Queue)
}

var _ store.Subscription = (*Queue)(nil)

// New returns a queue for opts (nil: every event, default size).
// defaultSize applies when opts.QueueSize is 0; sizes below 2 become 2
// (room for one event and the overflow marker). prefix names the store in
// errors.
func New(opts *store.SubscribeOptions, defaultSize int, prefix string) (*Queue, error) {
	if opts == nil {
		opts = &store.SubscribeOptions{}
	}
	if opts.QueueSize < 0 {
		return nil, fmt.Errorf("%s: queue size %d: %w", prefix, opts.QueueSize, store.ErrInvalidArgument)
	}
	q := &Queue{folder: opts.Folder, events: opts.Events, size: opts.QueueSize, prefix: prefix, ready: make(chan struct{}, 1)}
	if q.size == 0 {
		q.size = defaultSize
	}
	q.size = max(q.size, 2)
	return q, nil
}

// Folder is the folder the queue is limited to (0: the whole mailbox).
func (q *Queue) Folder() store.FID { return q.folder }

// Start arms the queue: it closes itself when ctx ends, and onClose runs
// once when it closes (the store drops it from its subscribers there).
func (q *Queue) Start(ctx context.Context, onClose func(*Queue)) {
	q.onClose = onClose
	q.stop = context.AfterFunc(ctx, func() { q.Close() })
}

// Matches reports whether ev is of a type and in a folder the queue wants.
func (q *Queue) Matches(ev store.Event) bool {
	if q.events != 0 && q.events&ev.Type == 0 {
		return false
	}
	f := q.folder
	return f == 0 || ev.Folder == f || ev.Parent == f || ev.OldFolder == f || ev.OldParent == f
}

// Push queues ev without blocking.
func (q *Queue) Push(ev store.Event) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return
	}
	if q.overflow {
		if len(q.queue)+2 > q.size {
			return
		}
		q.queue = append(q.queue, store.Event{Type: store.EventOverflow, CN: ev.CN})
		q.overflow = false
	}
	if len(q.queue) >= q.size {
		q.overflow = true
		return
	}
	q.queue = append(q.queue, ev)
	select {
	case q.ready <- struct{}{}:
	default:
	}
}

// Next implements store.Subscription.
func (q *Queue) Next(ctx context.Context) (store.Event, error) {
	for {
		q.mu.Lock()
		if q.closed {
			q.mu.Unlock()
			return store.Event{}, fmt.Errorf("%s: subscription: %w", q.prefix, store.ErrClosed)
		}
		if len(q.queue) > 0 {
			ev := q.queue[0]
			q.queue[0] = store.Event{}
			q.queue = q.queue[1:]
			if len(q.queue) > 0 {
				select {
				case q.ready <- struct{}{}:
				default:
				}
			}
			q.mu.Unlock()
			return ev, nil
		}
		q.mu.Unlock()
		select {
		case <-ctx.Done():
			return store.Event{}, ctx.Err()
		case <-q.ready:
		}
	}
}

// Ready implements store.Subscription.
func (q *Queue) Ready() <-chan struct{} { return q.ready }

// Close implements store.Subscription.
func (q *Queue) Close() error {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return nil
	}
	q.closed = true
	q.queue = nil
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default:
	}
	if q.stop != nil {
		q.stop()
	}
	if q.onClose != nil {
		q.onClose(q)
	}
	return nil
}

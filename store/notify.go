package store

import (
	"context"
	"fmt"
)

// Notifier is the capability of publishing mailbox events to subscribers,
// the source of MAPI notifications ([MS-OXCNOTIF]), EWS
// push/pull/streaming subscriptions ([MS-OXWSNTIF]) and ActiveSync Ping
// ([MS-ASCMD] 2.2.1.13).
//
// Events of one mailbox are published in commit order (the order of their
// CNs) and each subscription receives them in that order. Publishing never
// blocks a writer: each subscription has a bounded queue
// (SubscribeOptions.QueueSize); when it is full, events are dropped and the
// subscriber receives one EventOverflow before the next event that fits,
// after which it must resynchronize (ChangeTracker) to learn what it
// missed.
type Notifier interface {
	// Subscribe registers a subscription. It ends when ctx is done or
	// Close is called.
	Subscribe(ctx context.Context, opts *SubscribeOptions) (Subscription, error)
}

// SubscribeOptions selects events. nil: every event of the mailbox.
type SubscribeOptions struct {
	// Folder limits events to this folder (0: the whole mailbox): events
	// on messages in it, on its subfolders (as their parent) and on the
	// folder itself.
	Folder FID
	// Events selects event types (0: all).
	Events EventType
	// QueueSize bounds the number of undelivered events (0: 1024).
	QueueSize int
}

// Subscription is a stream of events.
type Subscription interface {
	// Next returns the next event, waiting until one is available, ctx is
	// done (ctx.Err()) or the subscription is closed (ErrClosed).
	Next(ctx context.Context) (Event, error)
	// Ready returns a channel that receives a value whenever events are
	// waiting, for callers that wait on many subscriptions in one select.
	Ready() <-chan struct{}
	// Close ends the subscription. Further Next calls return ErrClosed.
	Close() error
}

// EventType is a bit set of event types ([MS-OXCNOTIF] 2.2.1.4.1.2
// NotificationType, as a Go bit set).
type EventType uint16

// Event types.
const (
	EventNewMail        EventType = 1 << iota // a message was delivered (CreateMessage with Message.NewMail set)
	EventObjectCreated                        // a folder or message was created
	EventObjectDeleted                        // a folder or message was deleted
	EventObjectModified                       // a folder or message changed (read flag included)
	EventObjectMoved                          // a folder or message was moved
	EventObjectCopied                         // a folder or message was copied
	EventOverflow                             // events were dropped; resynchronize
)

// String returns the event type names joined by "|".
func (t EventType) String() string {
	names := []string{"NewMail", "ObjectCreated", "ObjectDeleted", "ObjectModified", "ObjectMoved", "ObjectCopied", "Overflow"}
	s := ""
	for i, n := range names {
		if t&(1<<i) != 0 {
			if s != "" {
				s += "|"
			}
			s += n
		}
	}
	if rest := t &^ (1<<len(names) - 1); rest != 0 || s == "" {
		if s != "" {
			s += "|"
		}
		s += fmt.Sprintf("EventType(%#x)", uint16(rest))
	}
	return s
}

// Event is one notification. For a message event Message is set and
// Folder is its folder; for a folder event Message is 0, Folder is the
// folder and Parent its parent. Moves and copies also carry the old
// location (OldMessage/OldFolder/OldParent).
type Event struct {
	Type    EventType
	CN      CN
	Folder  FID
	Message MID
	Parent  FID
	// OldFolder and OldMessage are the source of a move or copy of a
	// message; OldParent the previous parent of a moved folder.
	OldFolder  FID
	OldMessage MID
	OldParent  FID
	// MessageClass is PidTagMessageClass for EventNewMail.
	MessageClass string
	// Associated marks FAI messages.
	Associated bool
}

package boltstore

import (
	"context"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
	bolt "go.etcd.io/bbolt"
)

var _ store.MessageBatchReader = (*Mailbox)(nil)

// Messages implements store.MessageBatchReader: one read lock and one
// bbolt read transaction for all of mids, where Message takes one of each
// per message (a transaction costs about as much as decoding a small
// message).
func (mb *Mailbox) Messages(ctx context.Context, mids []store.MID, opts *store.MessageOptions) ([]store.MessageResult, error) {
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.RUnlock()
	if opts == nil {
		opts = &store.MessageOptions{}
	}
	out := make([]store.MessageResult, len(mids))
	var f *contentFilter
	if opts.Tags != nil {
		f = filterOf(opts.Tags, opts.Recipients, opts.Attachments)
	}
	err := mb.view(func(root *bolt.Bucket) error {
		msgs := root.Bucket(bktMsgs) // opened once for all messages
		a := new(valueArena)         // one for all messages' values
		for i, mid := range mids {
			m, err := mb.message(mid)
			if err == nil {
				out[i].Message, err = readMessageIn(root, msgs, m, opts, f, a)
			}
			if err != nil {
				out[i].Err = wrapDB(err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// readMessage reads message m under opts (not nil) in a read
// transaction; f is opts' content filter when the caller has it already
// (nil: computed here).
func readMessage(root *bolt.Bucket, m *meta, opts *store.MessageOptions, f *contentFilter) (*store.Message, error) {
	return readMessageIn(root, root.Bucket(bktMsgs), m, opts, f, nil)
}

// readMessageIn is readMessage given root's msgs bucket (opened once by
// a caller that reads many messages) and an arena for the values of a
// filtered read (nil: each value copied by itself).
func readMessageIn(root, msgs *bolt.Bucket, m *meta, opts *store.MessageOptions, f *contentFilter, a *valueArena) (*store.Message, error) {
	var c *content
	var err error
	if opts.Tags == nil {
		c, err = readContent(root, m.id)
	} else {
		if f == nil {
			f = filterOf(opts.Tags, opts.Recipients, opts.Attachments)
		}
		// Only the asked-for parts (readpath.go).
		c, err = readContentFilteredIn(msgs, m.id, f, a)
	}
	if err != nil {
		return nil, err
	}
	out := export(root, m, &msgObject{m: m, c: c, a: a}, c, opts)
	out.Info = *m.info()
	return out, nil
}

// handOver returns the value of p, a property of freshly decoded content
// (or computed from the meta) for a result of Message or Messages: the
// decoder copies strings and binaries out of the database pages, and
// meta.computed makes its binaries afresh (never the meta's own memory),
// so those are handed over as they are; other values are copied as
// before.
func handOver(p mapi.PropValue) any {
	switch p.Value.(type) {
	case string, []byte:
		return p.Value
	}
	return cloneValue(p.Value)
}

// handOverBag is handOver for a decoded recipient row.
func handOverBag(b bag) []mapi.PropValue {
	out := make([]mapi.PropValue, len(b))
	for i, p := range b {
		out[i] = mapi.PropValue{Tag: p.Tag, Value: handOver(p)}
	}
	return out
}

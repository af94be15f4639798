package memstore

import (
	"context"

	"github.com/oxkit/oxkit/store"
)

var _ store.MessageBatchReader = (*Mailbox)(nil)

// Messages implements store.MessageBatchReader: the messages of mids
// under one read lock.
func (mb *Mailbox) Messages(ctx context.Context, mids []store.MID, opts *store.MessageOptions) ([]store.MessageResult, error) {
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.RUnlock()
	if opts == nil {
		opts = &store.MessageOptions{}
	}
	out := make([]store.MessageResult, len(mids))
	for i, mid := range mids {
		m, err := mb.message(mid)
		if err != nil {
			out[i].Err = err
			continue
		}
		msg := m.export(opts)
		msg.Info = *m.info()
		out[i].Message = msg
	}
	return out, nil
}

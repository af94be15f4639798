package memstore

import (
	"context"

	"github.com/oxkit/oxkit/mapi"
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
	// The asked-for properties of every message through one column plan
	// (columns.go); the rest as Message exports it. A streaming
	// threshold takes export's path, which sorts out large values.
	var plan *columnPlan
	rest := opts
	if len(opts.Tags) > 0 && opts.StreamThreshold <= 0 && len(mids) > 1 {
		plan = planColumns(opts.Tags)
		o := *opts
		o.Tags = []mapi.PropTag{}
		rest = &o
	}
	for i, mid := range mids {
		m, err := mb.message(mid)
		if err != nil {
			out[i].Err = err
			continue
		}
		msg := m.export(rest)
		if plan != nil {
			msg.Props = plan.row(m)
		}
		msg.Info = *m.info()
		out[i].Message = msg
	}
	return out, nil
}

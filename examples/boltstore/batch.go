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
	var plan *columnPlan
	if opts.Tags != nil {
		// One cache lookup for the plan and the filter (plancache.go).
		var ids []mapi.PropID
		plan, ids = columnsFor(opts.Tags)
		f = &contentFilter{ids: ids, recips: opts.Recipients, atts: opts.Attachments}
	}
	err := mb.view(func(root *bolt.Bucket) error {
		// One cursor and one arena for all messages (readpath.go,
		// arena.go).
		a := &valueArena{total: len(mids)}
		a.reserveMessages(len(mids))
		rr := newRecordReader(root.Bucket(bktMsgs), a)
		if opts.Tags != nil && opts.StreamThreshold <= 0 {
			// The asked-for properties of every message through one
			// column plan (columns.go), as table rows.
			rr.plan = plan
			rest := *opts
			rest.Tags = []mapi.PropTag{} // export: no properties, the rest as asked
			rr.rest = &rest
		}
		for i, mid := range mids {
			a.done = i // chunk sizes follow the rate so far (arena.go)
			m, err := mb.message(mid)
			if err == nil {
				out[i].Message, err = readMessageIn(root, rr, m, opts, f)
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
	return readMessageIn(root, nil, m, opts, f)
}

// readMessageIn is readMessage with the record reader of a caller that
// reads many messages (nil: the message is read by itself, each value
// copied by itself). export copies what it keeps out of the content, so
// rr may reuse it.
func readMessageIn(root *bolt.Bucket, rr *recordReader, m *meta, opts *store.MessageOptions, f *contentFilter) (*store.Message, error) {
	var c *content
	var err error
	var a *valueArena
	if rr != nil {
		a = rr.a
	}
	switch {
	case opts.Tags == nil:
		c, err = readContent(root, m.id)
	case f == nil:
		f = filterOf(opts.Tags, opts.Recipients, opts.Attachments)
		fallthrough
	default:
		// Only the asked-for parts (readpath.go).
		if rr != nil {
			c, err = rr.content(m.id, f)
		} else {
			c, err = readContentFiltered(root, m.id, f)
		}
	}
	if err != nil {
		return nil, err
	}
	var obj *msgObject
	if rr != nil {
		// One object for the batch: export and the column plan do not
		// keep it.
		rr.obj = msgObject{m: m, c: c, a: a}
		obj = &rr.obj
	} else {
		obj = &msgObject{m: m, c: c, a: a}
	}
	var out *store.Message
	if rr != nil && rr.plan != nil && opts.Tags != nil {
		out = exportRow(root, obj, rr)
	} else {
		out = export(root, m, obj, c, opts, a)
	}
	if a != nil {
		out.Info = a.info(m)
	} else {
		out.Info = *m.info()
	}
	return out, nil
}

// exportRow is export for a batch read with tags and no streaming
// threshold: the properties come from rr.plan (the tags' column plan) as
// QueryMessages' rows do — for every tag what msgObject.Prop returns,
// when it returns one, which is what export collects — with blob
// references read whole, as export's resolve does without a threshold.
// Recipients and attachments are export's under rr.rest (the options
// without tags).
func exportRow(root *bolt.Bucket, o *msgObject, rr *recordReader) *store.Message {
	a := rr.a
	out := export(root, o.m, o, o.c, rr.rest, a)
	// Collected straight into the arena (rowRoom): nothing below takes
	// a row from it before keepRow.
	props := rr.plan.appendRow(a.rowRoom(len(rr.plan.Tags)), o)
	for i, p := range props {
		if ref, isRef := p.Value.(blobRef); isRef {
			props[i].Value = blobValue(root, o.m.id, p.Tag, ref)
		} else {
			props[i].Value = handOver(p)
		}
	}
	out.Props = a.keepRow(props)
	return out
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

// handOverBag is handOver for a decoded recipient row, copied into a
// (nil: allocated by itself).
func handOverBag(b bag, a *valueArena) []mapi.PropValue {
	out := a.propsCap(len(b))
	for _, p := range b {
		out = append(out, mapi.PropValue{Tag: p.Tag, Value: handOver(p)})
	}
	return out
}

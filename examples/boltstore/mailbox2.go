package boltstore

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// UpdateMessage implements store.Mailbox.
func (mb *Mailbox) UpdateMessage(ctx context.Context, mid store.MID, upd *store.MessageUpdate) (*store.MessageInfo, error) {
	if upd == nil {
		upd = &store.MessageUpdate{}
	}
	var streamed bag
	if err := readStreams(&streamed, upd.Streams); err != nil {
		return nil, err
	}
	ipcl, err := parseImport(upd.Import)
	if err != nil {
		return nil, err
	}
	for _, p := range upd.Set {
		if err := checkValue(p.Tag, p.Value); err != nil {
			return nil, err
		}
	}
	var recips []bag
	if upd.Recipients != nil {
		for _, r := range *upd.Recipients {
			var b bag
			if err := setProps(&b, r.Props, nil); err != nil {
				return nil, err
			}
			recips = append(recips, b)
		}
		renumberRecips(recips)
	}
	var atts []*attachment
	for _, a := range upd.SetAttachments {
		att, err := buildAttachment(&a, 0)
		if err != nil {
			return nil, err
		}
		atts = append(atts, att)
	}
	attUpds, err := prepareAttachmentUpdates(upd.UpdateAttachments)
	if err != nil {
		return nil, err
	}
	var out *store.MessageInfo
	err = mb.update(ctx, func(w *writer) error {
		m, err := mb.message(mid)
		if err != nil {
			return err
		}
		if upd.IfChangeKey != nil && !bytes.Equal(upd.IfChangeKey, m.changeKey()) {
			return fmt.Errorf("boltstore: message %v: change key mismatch: %w", mid, store.ErrConflict)
		}
		c, err := readContent(w.root, mid)
		if err != nil {
			return err
		}
		flags := m.flags
		for _, p := range upd.Set {
			if p.Tag.ID() == mapi.PidTagMessageFlags.ID() {
				if v, ok := p.Value.(int32); ok {
					flags = v &^ computedMsgFlags
				}
				continue
			}
			if !msgComputed(p.Tag.ID()) {
				c.props.Set(p)
			}
		}
		for _, t := range upd.Remove {
			if !msgComputed(t.ID()) {
				c.props.Remove(t.ID())
			}
		}
		for _, p := range streamed {
			c.props.Set(p)
		}
		if upd.Recipients != nil {
			c.recips = recips
		}
		for _, n := range upd.RemoveAttachments {
			c.atts = slices.DeleteFunc(c.atts, func(a *attachment) bool { return a.num == n })
		}
		for _, a := range atts {
			c.setAttachment(a)
		}
		for _, u := range attUpds {
			i := slices.IndexFunc(c.atts, func(a *attachment) bool { return a.num == u.num })
			if i < 0 {
				return fmt.Errorf("boltstore: message %v: attachment %d: %w", mid, u.num, store.ErrNotFound)
			}
			a := c.atts[i]
			for _, p := range u.set {
				a.props.Set(p)
			}
			for _, t := range u.remove {
				a.props.Remove(t.ID())
			}
			for _, p := range u.streamed {
				a.props.Set(p)
			}
			a.props.Set(mapi.PropValue{Tag: mapi.PidTagAttachNumber, Value: int32(a.num)})
			if u.embedded != nil {
				a.embedded = u.embedded
			}
		}
		size := contentSize(c)
		if lim := mb.s.opts.QuotaBytes; lim > 0 && size > m.size && mb.used+size-m.size > lim {
			return fmt.Errorf("boltstore: message %v: %w", mid, store.ErrQuotaExceeded)
		}
		w.mutating()
		f := m.folder
		f.account(m, -1)
		mb.used -= m.size
		m.flags, m.size, m.hasAtt = flags, size, len(c.atts) > 0
		if upd.Read != nil {
			m.read = *upd.Read
		}
		f.account(m, 1)
		mb.used += m.size
		old := m.pcl
		mb.bumpMessage(m)
		applyImport(upd.Import, ipcl, old, &m.pcl, &m.ck, &m.modified)
		f.reindex(m, c)
		mb.publish(store.Event{Type: store.EventObjectModified, CN: store.MakeCN(m.cn), Folder: f.id, Message: m.id, Associated: m.assoc})
		out = m.info()
		return w.putMessage(m, c)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// locate finds the bag a PropRef names.
func locate(c *content, ref store.PropRef) (bag, error) {
	cur := c
	for i, n := range ref.Attachments {
		var att *attachment
		for _, a := range cur.atts {
			if a.num == n {
				att = a
			}
		}
		if att == nil {
			return nil, fmt.Errorf("boltstore: attachment %d: %w", n, store.ErrNotFound)
		}
		if i == len(ref.Attachments)-1 && !ref.Embedded {
			return att.props, nil
		}
		if att.embedded == nil {
			return nil, fmt.Errorf("boltstore: attachment %d has no embedded message: %w", n, store.ErrNotFound)
		}
		cur = att.embedded
	}
	return cur.props, nil
}

// OpenPropertyStream implements store.Mailbox. A large value is read
// chunk by chunk, one short read transaction per chunk.
func (mb *Mailbox) OpenPropertyStream(ctx context.Context, ref store.PropRef) (io.ReadCloser, int64, error) {
	if err := mb.rlock(ctx); err != nil {
		return nil, 0, err
	}
	defer mb.mu.RUnlock()
	if _, err := mb.message(ref.Message); err != nil {
		return nil, 0, err
	}
	var rc io.ReadCloser
	var size int64
	err := mb.view(func(root *bolt.Bucket) error {
		c, err := readContent(root, ref.Message)
		if err != nil {
			return err
		}
		b, err := locate(c, ref)
		if err != nil {
			return err
		}
		p, ok := b.Get(ref.Tag)
		if !ok {
			return fmt.Errorf("boltstore: property %v: %w", ref.Tag, store.ErrNotFound)
		}
		if br, ok := p.Value.(blobRef); ok {
			rc, size = &blobReader{s: mb.s, bucket: mb.bucket, mid: ref.Message, ref: br}, br.size
			return nil
		}
		data, ok := streamBytes(p)
		if !ok {
			return fmt.Errorf("boltstore: property %v is not streamable: %w", ref.Tag, store.ErrInvalidArgument)
		}
		rc, size = io.NopCloser(bytes.NewReader(bytes.Clone(data))), int64(len(data))
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return rc, size, nil
}

// blobReader streams a chunked value.
type blobReader struct {
	s      *Store
	bucket []byte
	mid    store.MID
	ref    blobRef
	chunk  uint32
	buf    []byte
	done   bool
}

func (r *blobReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		if r.done {
			return 0, io.EOF
		}
		err := r.s.db.View(func(tx *bolt.Tx) error {
			root := tx.Bucket(r.bucket)
			if root == nil {
				return fmt.Errorf("boltstore: mailbox gone: %w", store.ErrNotFound)
			}
			v := root.Bucket(bktBlobs).Get(blobKey(r.mid, r.ref.no, r.chunk))
			if v == nil {
				r.done = true
				return nil
			}
			r.buf = bytes.Clone(v)
			r.chunk++
			if len(v) < r.s.opts.ChunkSize {
				r.done = true
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

func (r *blobReader) Close() error { return nil }

func (mb *Mailbox) inFolder(f *folder, mids []store.MID) []*meta {
	out := make([]*meta, 0, len(mids))
	seen := make(map[store.MID]bool, len(mids))
	for _, id := range mids {
		if m, ok := f.msgs[id]; ok && !seen[id] {
			seen[id] = true
			out = append(out, m)
		}
	}
	return out
}

// DeleteMessages implements store.Mailbox: one transaction.
func (mb *Mailbox) DeleteMessages(ctx context.Context, fid store.FID, mids []store.MID, opts *store.DeleteOptions) ([]store.MID, error) {
	soft := opts == nil || !opts.Hard
	out := []store.MID{}
	err := mb.update(ctx, func(w *writer) error {
		f, err := mb.folder(fid)
		if err != nil {
			return err
		}
		w.mutating()
		for _, m := range mb.inFolder(f, mids) {
			if err := mb.removeMessage(w, m, soft, true); err != nil {
				return err
			}
			out = append(out, m.id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (mb *Mailbox) copyMessage(w *writer, m *meta, dst *folder) (*meta, error) {
	c := &meta{id: store.MakeMID(mb.nextID()), assoc: m.assoc, read: m.read, hasAtt: m.hasAtt, flags: m.flags, size: m.size, created: m.created, blobs: m.blobs}
	content, err := readContent(w.root, m.id)
	if err != nil {
		return nil, err
	}
	mb.insertMessage(c, dst, content)
	mb.publish(store.Event{Type: store.EventObjectCopied, CN: store.MakeCN(c.cn), Folder: dst.id, Message: c.id, OldFolder: m.folder.id, OldMessage: m.id, Associated: c.assoc})
	return c, w.copyMessage(m.id, c)
}

// MoveMessages implements store.Mailbox: one transaction.
func (mb *Mailbox) MoveMessages(ctx context.Context, src, dst store.FID, mids []store.MID) ([]store.MovedMessage, error) {
	return mb.moveOrCopy(ctx, src, dst, mids, true)
}

// CopyMessages implements store.Mailbox: one transaction.
func (mb *Mailbox) CopyMessages(ctx context.Context, src, dst store.FID, mids []store.MID) ([]store.MovedMessage, error) {
	return mb.moveOrCopy(ctx, src, dst, mids, false)
}

func (mb *Mailbox) moveOrCopy(ctx context.Context, src, dst store.FID, mids []store.MID, move bool) ([]store.MovedMessage, error) {
	out := []store.MovedMessage{}
	err := mb.update(ctx, func(w *writer) error {
		sf, err := mb.folder(src)
		if err != nil {
			return err
		}
		df, err := mb.folder(dst)
		if err != nil {
			return err
		}
		ms := mb.inFolder(sf, mids)
		if !move {
			var total int64
			for _, m := range ms {
				total += m.size
			}
			if lim := mb.s.opts.QuotaBytes; lim > 0 && mb.used+total > lim {
				return fmt.Errorf("boltstore: copy: %w", store.ErrQuotaExceeded)
			}
		}
		w.mutating()
		for _, m := range ms {
			if !move {
				c, err := mb.copyMessage(w, m, df)
				if err != nil {
					return err
				}
				out = append(out, store.MovedMessage{Old: m.id, New: c.id})
				continue
			}
			if sf == df {
				out = append(out, store.MovedMessage{Old: m.id, New: m.id})
				continue
			}
			content, err := readContent(w.root, m.id)
			if err != nil {
				return err
			}
			c := &meta{id: store.MakeMID(mb.nextID()), assoc: m.assoc, read: m.read, hasAtt: m.hasAtt, flags: m.flags, size: m.size, created: m.created, blobs: m.blobs, pcl: m.pcl}
			mb.insertMessage(c, df, content)
			if err := w.copyMessage(m.id, c); err != nil {
				return err
			}
			if err := mb.removeMessage(w, m, false, false); err != nil {
				return err
			}
			mb.publish(store.Event{Type: store.EventObjectMoved, CN: store.MakeCN(c.cn), Folder: df.id, Message: c.id, OldFolder: sf.id, OldMessage: m.id, Associated: c.assoc})
			out = append(out, store.MovedMessage{Old: m.id, New: c.id})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SetReadFlags implements store.Mailbox: one transaction however many
// messages change.
func (mb *Mailbox) SetReadFlags(ctx context.Context, fid store.FID, mids []store.MID, read bool) ([]store.MID, error) {
	out := []store.MID{}
	err := mb.update(ctx, func(w *writer) error {
		f, err := mb.folder(fid)
		if err != nil {
			return err
		}
		var ms []*meta
		if mids == nil {
			ms = sortedMsgs(f)
		} else {
			ms = mb.inFolder(f, mids)
		}
		w.mutating()
		for _, m := range ms {
			if m.read == read || m.assoc {
				continue
			}
			f.account(m, -1)
			m.read = read
			f.account(m, 1)
			f.reindex(m, nil)
			m.readCN = mb.next()
			f.readLog = append(f.readLog, logEntry{m.readCN, m})
			f.committed(mb.s.now())
			mb.publish(store.Event{Type: store.EventObjectModified, CN: store.MakeCN(m.readCN), Folder: f.id, Message: m.id})
			if err := w.putMeta(m); err != nil {
				return err
			}
			out = append(out, m.id)
		}
		f.compactLogs()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Quota implements store.QuotaReporter.
func (mb *Mailbox) Quota(ctx context.Context) (store.Quota, error) {
	if err := mb.rlock(ctx); err != nil {
		return store.Quota{}, err
	}
	defer mb.mu.RUnlock()
	return store.Quota{Used: mb.used, ProhibitReceive: mb.s.opts.QuotaBytes}, nil
}

// checkID validates a caller-chosen ID (0: none).
func (mb *Mailbox) checkID(want mapi.ID) error {
	if want == 0 {
		return nil
	}
	if want.ReplicaID() != store.ReplicaID1 {
		return fmt.Errorf("boltstore: ID %v not of replica 1: %w", want, store.ErrInvalidArgument)
	}
	if _, ok := mb.msgs[want]; ok {
		return fmt.Errorf("boltstore: ID %v: %w", want, store.ErrExists)
	}
	if _, ok := mb.folders[want]; ok {
		return fmt.Errorf("boltstore: ID %v: %w", want, store.ErrExists)
	}
	if !mb.reserved.Contains(want.GlobalCounter()) {
		return fmt.Errorf("boltstore: ID %v was not reserved (or was used): %w", want, store.ErrInvalidArgument)
	}
	return nil
}

// takeID returns the counter for a new object (after checkID).
func (mb *Mailbox) takeID(want mapi.ID) uint64 {
	if want == 0 {
		return mb.nextID()
	}
	mb.reserved.Remove(want.GlobalCounter())
	return want.GlobalCounter()
}

// ReserveIDs implements store.IDAllocator.
func (mb *Mailbox) ReserveIDs(ctx context.Context, count uint32) (uint64, error) {
	if count == 0 {
		return 0, fmt.Errorf("boltstore: ReserveIDs(0): %w", store.ErrInvalidArgument)
	}
	var first uint64
	err := mb.update(ctx, func(w *writer) error {
		if mb.lastID+uint64(count) > mapi.MaxGlobalCounter {
			return fmt.Errorf("boltstore: IDs exhausted: %w", store.ErrQuotaExceeded)
		}
		w.mutating()
		first = mb.lastID + 1
		mb.lastID += uint64(count)
		mb.reserved.AddRange(first, mb.lastID)
		return nil
	})
	return first, err
}

func parseImport(imp *store.ChangeImport) (mapi.PredecessorChangeList, error) {
	if imp == nil {
		return nil, nil
	}
	if _, err := mapi.ParseXID(imp.ChangeKey); err != nil {
		return nil, fmt.Errorf("boltstore: imported change key: %w (%w)", store.ErrInvalidArgument, err)
	}
	pcl, err := mapi.ParsePredecessorChangeList(imp.PCL)
	if err != nil {
		return nil, fmt.Errorf("boltstore: imported PCL: %w (%w)", store.ErrInvalidArgument, err)
	}
	return pcl, nil
}

func applyImport(imp *store.ChangeImport, ipcl, old mapi.PredecessorChangeList, pcl *mapi.PredecessorChangeList, ck *[]byte, modified *time.Time) {
	if imp == nil {
		return
	}
	*pcl = old.Merge(ipcl)
	*ck = slices.Clone(imp.ChangeKey)
	if !imp.LastModified.IsZero() {
		*modified = imp.LastModified.UTC()
	}
}

// attachmentUpdate is a validated store.AttachmentUpdate with its streams
// read.
type attachmentUpdate struct {
	num      uint32
	set      []mapi.PropValue
	remove   []mapi.PropTag
	streamed bag
	embedded *content
}

func prepareAttachmentUpdates(in []store.AttachmentUpdate) ([]attachmentUpdate, error) {
	var out []attachmentUpdate
	for _, u := range in {
		au := attachmentUpdate{num: u.Num, set: u.Set, remove: u.Remove}
		for _, p := range u.Set {
			if err := checkValue(p.Tag, p.Value); err != nil {
				return nil, err
			}
		}
		if err := readStreams(&au.streamed, u.Streams); err != nil {
			return nil, err
		}
		if u.Embedded != nil {
			em, err := buildContent(u.Embedded, 1)
			if err != nil {
				return nil, err
			}
			au.embedded = em
		}
		out = append(out, au)
	}
	return out, nil
}

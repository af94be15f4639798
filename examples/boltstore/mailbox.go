package boltstore

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	bolt "go.etcd.io/bbolt"

	"github.com/oxkit/oxkit/internal/wire"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Mailbox is a mailbox of a boltstore Store. Folders and the metadata of
// every message (IDs, CNs, flags, sizes, change keys) are held in memory
// and rebuilt from the file when the mailbox is opened; properties,
// recipients, attachments and large values are read from the file when
// asked for. Every write is one bbolt transaction.
type Mailbox struct {
	s      *Store
	info   store.MailboxInfo
	bucket []byte

	mu       sync.RWMutex
	closed   bool
	broken   error // set when a commit failed after memory changed
	lastID   uint64
	lastCN   uint64
	reserved mapi.GlobSet
	folders  map[store.FID]*folder
	msgs     map[store.MID]*meta
	special  map[store.SpecialFolder]store.FID
	receive  map[string]store.FID
	named    namedMap
	// hierTombs records deleted folders for hierarchy sync.
	hierTombs map[store.FID]tomb
	used      int64
	subs      map[*subscription]struct{}
	pending   []store.Event
	useClock  uint64
}

var (
	_ store.Mailbox         = (*Mailbox)(nil)
	_ store.ChangeTracker   = (*Mailbox)(nil)
	_ store.Notifier        = (*Mailbox)(nil)
	_ store.Tables          = (*Mailbox)(nil)
	_ store.NamedProperties = (*Mailbox)(nil)
	_ store.QuotaReporter   = (*Mailbox)(nil)
	_ store.IDAllocator     = (*Mailbox)(nil)
)

func newMailbox(s *Store, info store.MailboxInfo) *Mailbox {
	return &Mailbox{
		s: s, info: info, bucket: mailboxBucket(info.Owner),
		folders:   map[store.FID]*folder{},
		msgs:      map[store.MID]*meta{},
		special:   map[store.SpecialFolder]store.FID{},
		receive:   map[string]store.FID{},
		named:     newNamedMap(),
		hierTombs: map[store.FID]tomb{},
		subs:      map[*subscription]struct{}{},
	}
}

func (mb *Mailbox) nextID() uint64 {
	mb.lastID++
	return mb.lastID
}

func (mb *Mailbox) next() uint64 {
	mb.lastCN++
	return mb.lastCN
}

// provision creates the special folders of store.SpecialFolders but the
// OnDemand ones (ondemand.go).
func (mb *Mailbox) provision(w *writer, names map[store.SpecialFolder]string) error {
	w.mutating()
	fids := map[store.SpecialFolder]store.FID{}
	for _, sp := range store.SpecialFolders {
		if !sp.OnDemand {
			fids[sp.Kind] = store.MakeFID(mb.nextID())
		}
	}
	for _, sp := range store.SpecialFolders {
		if sp.OnDemand {
			continue
		}
		var parent *folder
		if sp.Parent != 0 {
			parent = mb.folders[fids[sp.Parent]]
		}
		f := mb.newFolder(fids[sp.Kind], parent)
		f.kind = sp.Kind
		for _, p := range store.ProvisionProps(mb.info, sp.Kind, fids, names) {
			f.props.Set(p)
		}
		mb.bumpFolder(f)
		f.order = f.cn
		mb.special[sp.Kind] = f.id
		if err := w.putFolder(f); err != nil {
			return err
		}
	}
	mb.receive[""] = fids[store.FolderInbox]
	mb.receive["ipm"] = fids[store.FolderInbox]
	mb.receive["ipc"] = fids[store.FolderRoot]
	return w.putReceive()
}

func (mb *Mailbox) newFolder(id store.FID, parent *folder) *folder {
	f := &folder{mb: mb, id: id, parent: parent, msgs: map[store.MID]*meta{}}
	mb.folders[id] = f
	if parent != nil {
		parent.children = append(parent.children, f)
	}
	return f
}

func (mb *Mailbox) bumpFolder(f *folder) {
	f.ck = nil
	f.cn = mb.next()
	f.pcl = f.pcl.With(mapi.NewChangeKey(mb.info.ReplicaGUID, store.MakeCN(f.cn)))
	f.modified = mb.s.now()
}

func (mb *Mailbox) bumpMessage(m *meta) {
	m.ck = nil
	m.cn = mb.next()
	m.pcl = m.pcl.With(mapi.NewChangeKey(mb.info.ReplicaGUID, store.MakeCN(m.cn)))
	m.modified = mb.s.now()
	m.folder.cnLog = append(m.folder.cnLog, logEntry{m.cn, m})
	m.folder.committed(m.modified)
	m.folder.compactLogs()
}

func (f *folder) compactLogs() {
	live := len(f.msgs)
	if len(f.cnLog) > 64 && len(f.cnLog) > 2*live {
		f.cnLog = slices.DeleteFunc(f.cnLog, func(e logEntry) bool { return e.m.folder != f || e.m.cn != e.cn })
	}
	if len(f.readLog) > 64 && len(f.readLog) > 2*live {
		f.readLog = slices.DeleteFunc(f.readLog, func(e logEntry) bool { return e.m.folder != f || e.m.readCN != e.cn })
	}
}

// loadMailbox reads a mailbox from the file.
func (s *Store) loadMailbox(owner string) (*Mailbox, error) {
	var mb *Mailbox
	err := s.db.View(func(tx *bolt.Tx) error {
		root := tx.Bucket(mailboxBucket(owner))
		if root == nil {
			return fmt.Errorf("boltstore: mailbox %q: %w", owner, store.ErrNotFound)
		}
		var info store.MailboxInfo
		if err := json.Unmarshal(root.Bucket(bktMeta).Get(keyInfo), &info); err != nil {
			return fmt.Errorf("%w: mailbox info: %w", errCorrupt, err)
		}
		mb = newMailbox(s, info)
		mbk := root.Bucket(bktMeta)
		mb.lastID, mb.lastCN = u64(mbk.Get(keyLastID)), u64(mbk.Get(keyLastCN))
		if res := mbk.Get(keyReserved); len(res) > 0 {
			g, _, err := mapi.ParseGlobSet(res, nil)
			if err != nil {
				return fmt.Errorf("%w: reserved IDs: %w", errCorrupt, err)
			}
			mb.reserved = g
		}
		var recv map[string]uint64
		if err := json.Unmarshal(mbk.Get(keyReceive), &recv); err != nil {
			return fmt.Errorf("%w: receive folders: %w", errCorrupt, err)
		}
		for k, v := range recv {
			mb.receive[k] = store.MakeFID(v)
		}
		// Folders, then their tree.
		parents := map[*folder]uint64{}
		if err := root.Bucket(bktFolders).ForEach(func(k, v []byte) error {
			f, parent, err := parseFolder(store.MakeFID(u64(k)), v)
			if err != nil {
				return err
			}
			f.mb = mb
			f.msgs = map[store.MID]*meta{}
			mb.folders[f.id] = f
			parents[f] = parent
			if f.kind != 0 {
				mb.special[f.kind] = f.id
			}
			return nil
		}); err != nil {
			return err
		}
		for f, p := range parents {
			if p == 0 {
				continue
			}
			pf := mb.folders[store.MakeFID(p)]
			if pf == nil {
				return fmt.Errorf("%w: folder %v: parent %x missing", errCorrupt, f.id, p)
			}
			f.parent = pf
			pf.children = append(pf.children, f)
		}
		for _, f := range mb.folders {
			slices.SortFunc(f.children, func(a, b *folder) int { return cmp.Compare(a.order, b.order) })
		}
		// Message metadata.
		if err := root.Bucket(bktMsgs).ForEach(func(k, v []byte) error {
			m, fc, _, err := parseMeta(store.MakeMID(u64(k)), v)
			if err != nil {
				return err
			}
			f := mb.folders[store.MakeFID(fc)]
			if f == nil {
				return fmt.Errorf("%w: message %v: folder %x missing", errCorrupt, m.id, fc)
			}
			m.folder = f
			f.msgs[m.id] = m
			mb.msgs[m.id] = m
			f.account(m, 1)
			mb.used += m.size
			f.cnLog = append(f.cnLog, logEntry{m.cn, m})
			// PidTagLocalCommitTimeMax is not persisted: after a reopen it is
			// the newest message's modification time.
			if m.modified.After(f.commitMax) {
				f.commitMax = m.modified
			}
			if m.readCN != m.cn {
				f.readLog = append(f.readLog, logEntry{m.readCN, m})
			}
			return nil
		}); err != nil {
			return err
		}
		for _, f := range mb.folders {
			slices.SortFunc(f.cnLog, func(a, b logEntry) int { return cmp.Compare(a.cn, b.cn) })
			slices.SortFunc(f.readLog, func(a, b logEntry) int { return cmp.Compare(a.cn, b.cn) })
		}
		if err := root.Bucket(bktTombs).ForEach(func(k, v []byte) error {
			if len(k) != 16 || len(v) != 9 {
				return fmt.Errorf("%w: tombstone", errCorrupt)
			}
			f := mb.folders[store.MakeFID(u64(k))]
			if f == nil {
				return nil // the folder is gone too
			}
			f.tombs = append(f.tombs, tomb{id: store.MakeMID(u64(v)), cn: u64(k[8:]), soft: v[8]&1 != 0, assoc: v[8]&2 != 0})
			return nil
		}); err != nil {
			return err
		}
		if err := root.Bucket(bktHTombs).ForEach(func(k, v []byte) error {
			if len(v) != 9 {
				return fmt.Errorf("%w: folder tombstone", errCorrupt)
			}
			id := store.MakeFID(u64(k))
			mb.hierTombs[id] = tomb{id: id, cn: u64(v), soft: v[8]&1 != 0}
			return nil
		}); err != nil {
			return err
		}
		return root.Bucket(bktNamed).ForEach(func(k, v []byte) error {
			if len(k) != 2 || len(v) < 21 {
				return fmt.Errorf("%w: named property", errCorrupt)
			}
			r := wire.NewReader(v)
			var key nameKey
			key.kind = mapi.NameKind(r.Uint8())
			copy(key.guid[:], r.Bytes(16))
			key.lid = r.Uint32()
			key.name = string(r.Rest())
			id := mapi.PropID(binary.BigEndian.Uint16(k))
			mb.named.set(id, key)
			return nil
		})
	})
	if err != nil {
		return nil, wrapDB(err)
	}
	return mb, nil
}

func (mb *Mailbox) close() {
	mb.mu.Lock()
	mb.closed = true
	subs := mb.subs
	mb.subs = map[*subscription]struct{}{}
	mb.mu.Unlock()
	for sub := range subs {
		sub.Close()
	}
}

func (mb *Mailbox) rlock(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	mb.mu.RLock()
	if mb.closed {
		mb.mu.RUnlock()
		return fmt.Errorf("boltstore: mailbox %s: %w", mb.info.Owner, store.ErrClosed)
	}
	if mb.broken != nil {
		mb.mu.RUnlock()
		return mb.broken
	}
	return nil
}

func (mb *Mailbox) lock(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	mb.mu.Lock()
	if mb.closed {
		mb.mu.Unlock()
		return fmt.Errorf("boltstore: mailbox %s: %w", mb.info.Owner, store.ErrClosed)
	}
	if mb.broken != nil {
		mb.mu.Unlock()
		return mb.broken
	}
	return nil
}

// update runs fn in one read-write transaction under the write lock and
// delivers the events it queued once the transaction has committed.
func (mb *Mailbox) update(ctx context.Context, fn func(w *writer) error) error {
	if err := mb.lock(ctx); err != nil {
		return err
	}
	defer mb.mu.Unlock()
	var w *writer
	err := mb.s.db.Update(func(tx *bolt.Tx) error {
		w = mb.writer(tx)
		if err := fn(w); err != nil {
			return err
		}
		return w.finish()
	})
	if err != nil {
		mb.pending = nil
		if w != nil && w.mutated {
			// The file is intact; the in-memory state is not. Refuse
			// further use until the store is reopened.
			mb.broken = fmt.Errorf("boltstore: mailbox %s: commit failed after changes in memory; reopen the store: %w", mb.info.Owner, err)
		}
		return wrapDB(err)
	}
	for _, ev := range mb.pending {
		mb.deliver(ev)
	}
	mb.pending = nil
	return nil
}

// view runs fn in a read-only transaction (the caller holds mb.mu).
func (mb *Mailbox) view(fn func(root *bolt.Bucket) error) error {
	return wrapDB(mb.s.db.View(func(tx *bolt.Tx) error { return fn(tx.Bucket(mb.bucket)) }))
}

// Info implements store.Mailbox.
func (mb *Mailbox) Info() store.MailboxInfo { return mb.info }

// SpecialFolder implements store.Mailbox.
func (mb *Mailbox) SpecialFolder(ctx context.Context, kind store.SpecialFolder) (store.FID, error) {
	if err := mb.rlock(ctx); err != nil {
		return 0, err
	}
	defer mb.mu.RUnlock()
	fid, ok := mb.special[kind]
	if !ok {
		return 0, fmt.Errorf("boltstore: special folder %v: %w", kind, store.ErrNotFound)
	}
	if _, ok := mb.folders[fid]; !ok {
		return 0, fmt.Errorf("boltstore: special folder %v: %w", kind, store.ErrNotFound)
	}
	return fid, nil
}

// ReceiveFolder implements store.Mailbox.
func (mb *Mailbox) ReceiveFolder(ctx context.Context, messageClass string) (store.FID, string, error) {
	if err := mb.rlock(ctx); err != nil {
		return 0, "", err
	}
	defer mb.mu.RUnlock()
	c := strings.ToLower(messageClass)
	for {
		if fid, ok := mb.receive[c]; ok {
			return fid, messageClass[:len(c)], nil
		}
		i := strings.LastIndexByte(c, '.')
		if i < 0 {
			break
		}
		c = c[:i]
	}
	return mb.receive[""], "", nil
}

// SetReceiveFolder implements store.Mailbox.
func (mb *Mailbox) SetReceiveFolder(ctx context.Context, messageClass string, fid store.FID) error {
	return mb.update(ctx, func(w *writer) error {
		c := strings.ToLower(messageClass)
		if fid == 0 {
			if c == "" {
				return fmt.Errorf("boltstore: the default receive folder cannot be removed: %w", store.ErrInvalidArgument)
			}
			w.mutating()
			delete(mb.receive, c)
			return w.putReceive()
		}
		if _, ok := mb.folders[fid]; !ok {
			return fmt.Errorf("boltstore: folder %v: %w", fid, store.ErrNotFound)
		}
		w.mutating()
		mb.receive[c] = fid
		return w.putReceive()
	})
}

func (mb *Mailbox) folder(fid store.FID) (*folder, error) {
	f, ok := mb.folders[fid]
	if !ok {
		return nil, fmt.Errorf("boltstore: folder %v: %w", fid, store.ErrNotFound)
	}
	return f, nil
}

func (mb *Mailbox) message(mid store.MID) (*meta, error) {
	m, ok := mb.msgs[mid]
	if !ok {
		return nil, fmt.Errorf("boltstore: message %v: %w", mid, store.ErrNotFound)
	}
	return m, nil
}

func (mb *Mailbox) snapshotFolder(f *folder, tags []mapi.PropTag) *store.Folder {
	out := &store.Folder{ID: f.id, Kind: f.kind, CN: store.MakeCN(f.cn)}
	if f.parent != nil {
		out.ParentID = f.parent.id
	}
	if tags == nil {
		out.Props = make([]mapi.PropValue, 0, len(f.props)+len(folderTags))
		for _, t := range folderTags {
			if p, ok := f.Prop(t); ok {
				out.Props = append(out.Props, p)
			}
		}
		for _, p := range f.props {
			out.Props = append(out.Props, mapi.PropValue{Tag: p.Tag, Value: cloneValue(p.Value)})
		}
		return out
	}
	out.Props = make([]mapi.PropValue, 0, len(tags))
	for _, t := range tags {
		if p, ok := f.Prop(t); ok {
			out.Props = append(out.Props, mapi.PropValue{Tag: p.Tag, Value: cloneValue(p.Value)})
		}
	}
	return out
}

// Folder implements store.Mailbox.
func (mb *Mailbox) Folder(ctx context.Context, fid store.FID, tags []mapi.PropTag) (*store.Folder, error) {
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.RUnlock()
	f, err := mb.folder(fid)
	if err != nil {
		return nil, err
	}
	return mb.snapshotFolder(f, tags), nil
}

// Subfolders implements store.Mailbox.
func (mb *Mailbox) Subfolders(ctx context.Context, parent store.FID) ([]store.FID, error) {
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.RUnlock()
	f, err := mb.folder(parent)
	if err != nil {
		return nil, err
	}
	out := make([]store.FID, len(f.children))
	for i, c := range f.children {
		out[i] = c.id
	}
	return out, nil
}

func displayName(props bag) string {
	if p, ok := props.Get(mapi.PidTagDisplayName.WithType(mapi.PtypUnspecified)); ok {
		if s, ok := p.Value.(string); ok {
			return s
		}
	}
	return ""
}

func (f *folder) childNamed(name string, except *folder) *folder {
	for _, c := range f.children {
		if c != except && strings.EqualFold(displayName(c.props), name) {
			return c
		}
	}
	return nil
}

func setProps(b *bag, props []mapi.PropValue, computed func(mapi.PropID) bool) error {
	for _, p := range props {
		if err := checkValue(p.Tag, p.Value); err != nil {
			return err
		}
	}
	for _, p := range props {
		if computed == nil || !computed(p.Tag.ID()) {
			b.Set(p)
		}
	}
	return nil
}

// CreateFolder implements store.Mailbox.
func (mb *Mailbox) CreateFolder(ctx context.Context, parent store.FID, props []mapi.PropValue, opts *store.CreateFolderOptions) (*store.Folder, error) {
	return mb.createFolder(ctx, parent, props, opts, 0)
}

// createFolder is CreateFolder; a nonzero kind makes the new folder that
// special folder (ondemand.go), and a kind that has one already answers
// it with ErrExists.
func (mb *Mailbox) createFolder(ctx context.Context, parent store.FID, props []mapi.PropValue, opts *store.CreateFolderOptions, kind store.SpecialFolder) (*store.Folder, error) {
	var b bag
	if err := setProps(&b, props, folderComputed); err != nil {
		return nil, err
	}
	name := displayName(b)
	if name == "" {
		return nil, fmt.Errorf("boltstore: folder without display name: %w", store.ErrInvalidArgument)
	}
	if opts == nil {
		opts = &store.CreateFolderOptions{}
	}
	ipcl, err := parseImport(opts.Import)
	if err != nil {
		return nil, err
	}
	var out *store.Folder
	var existing *store.Folder
	err = mb.update(ctx, func(w *writer) error {
		if fid, ok := mb.special[kind]; ok && kind != 0 && mb.folders[fid] != nil {
			existing = mb.snapshotFolder(mb.folders[fid], nil)
			return fmt.Errorf("boltstore: special folder %v: %w", kind, store.ErrExists)
		}
		p, err := mb.folder(parent)
		if err != nil {
			return err
		}
		if c := p.childNamed(name, nil); c != nil {
			if opts.OpenExisting {
				existing = mb.snapshotFolder(c, nil)
			}
			return fmt.Errorf("boltstore: folder %q: %w", name, store.ErrExists)
		}
		if err := mb.checkID(opts.ID); err != nil {
			return err
		}
		w.mutating()
		f := mb.newFolder(store.MakeFID(mb.takeID(opts.ID)), p)
		f.props = b
		if kind != 0 {
			f.kind = kind
			mb.special[kind] = f.id
		}
		old := f.pcl
		mb.bumpFolder(f)
		f.order = f.cn
		applyImport(opts.Import, ipcl, old, &f.pcl, &f.ck, &f.modified)
		mb.publish(store.Event{Type: store.EventObjectCreated, CN: store.MakeCN(f.cn), Folder: f.id, Parent: p.id})
		out = mb.snapshotFolder(f, nil)
		return w.putFolder(f)
	})
	if existing != nil {
		return existing, err
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateFolder implements store.Mailbox.
func (mb *Mailbox) UpdateFolder(ctx context.Context, fid store.FID, set []mapi.PropValue, remove []mapi.PropTag, opts *store.UpdateOptions) (*store.Folder, error) {
	if opts == nil {
		opts = &store.UpdateOptions{}
	}
	ipcl, err := parseImport(opts.Import)
	if err != nil {
		return nil, err
	}
	var out *store.Folder
	err = mb.update(ctx, func(w *writer) error {
		f, err := mb.folder(fid)
		if err != nil {
			return err
		}
		if opts.IfChangeKey != nil && !bytes.Equal(opts.IfChangeKey, f.changeKey()) {
			return fmt.Errorf("boltstore: folder %v: change key mismatch: %w", fid, store.ErrConflict)
		}
		nb := f.props.Clone()
		if err := setProps(&nb, set, folderComputed); err != nil {
			return err
		}
		for _, t := range remove {
			if !folderComputed(t.ID()) {
				nb.Remove(t.ID())
			}
		}
		name := displayName(nb)
		if name == "" {
			return fmt.Errorf("boltstore: folder %v: display name removed: %w", fid, store.ErrInvalidArgument)
		}
		if f.parent != nil && f.parent.childNamed(name, f) != nil {
			return fmt.Errorf("boltstore: folder %q: %w", name, store.ErrExists)
		}
		w.mutating()
		f.props = nb
		old := f.pcl
		mb.bumpFolder(f)
		applyImport(opts.Import, ipcl, old, &f.pcl, &f.ck, &f.modified)
		ev := store.Event{Type: store.EventObjectModified, CN: store.MakeCN(f.cn), Folder: f.id}
		if f.parent != nil {
			ev.Parent = f.parent.id
		}
		mb.publish(ev)
		out = mb.snapshotFolder(f, nil)
		return w.putFolder(f)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func removeChild(p, c *folder) {
	if i := slices.Index(p.children, c); i >= 0 {
		p.children = slices.Delete(p.children, i, i+1)
	}
}

// MoveFolder implements store.Mailbox.
func (mb *Mailbox) MoveFolder(ctx context.Context, fid, newParent store.FID, newName string) (*store.Folder, error) {
	var out *store.Folder
	err := mb.update(ctx, func(w *writer) error {
		f, err := mb.folder(fid)
		if err != nil {
			return err
		}
		np, err := mb.folder(newParent)
		if err != nil {
			return err
		}
		if f.kind != 0 {
			return fmt.Errorf("boltstore: special folder %v cannot move: %w", f.kind, store.ErrAccessDenied)
		}
		if np.isDescendantOf(f) {
			return fmt.Errorf("boltstore: folder %v into its own subtree: %w", fid, store.ErrConflict)
		}
		name := newName
		if name == "" {
			name = displayName(f.props)
		}
		if np.childNamed(name, f) != nil {
			return fmt.Errorf("boltstore: folder %q: %w", name, store.ErrExists)
		}
		w.mutating()
		old := f.parent
		removeChild(old, f)
		f.parent = np
		np.children = append(np.children, f)
		if newName != "" {
			f.props.Set(mapi.PropValue{Tag: mapi.PidTagDisplayName, Value: newName})
		}
		mb.bumpFolder(f)
		f.order = f.cn
		mb.publish(store.Event{Type: store.EventObjectMoved, CN: store.MakeCN(f.cn), Folder: f.id, Parent: np.id, OldParent: old.id})
		out = mb.snapshotFolder(f, nil)
		return w.putFolder(f)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CopyFolder implements store.Mailbox.
func (mb *Mailbox) CopyFolder(ctx context.Context, fid, newParent store.FID, newName string, recursive bool) (*store.Folder, error) {
	var out *store.Folder
	err := mb.update(ctx, func(w *writer) error {
		f, err := mb.folder(fid)
		if err != nil {
			return err
		}
		np, err := mb.folder(newParent)
		if err != nil {
			return err
		}
		if recursive && np.isDescendantOf(f) {
			return fmt.Errorf("boltstore: folder %v into its own subtree: %w", fid, store.ErrConflict)
		}
		name := newName
		if name == "" {
			name = displayName(f.props)
		}
		if np.childNamed(name, nil) != nil {
			return fmt.Errorf("boltstore: folder %q: %w", name, store.ErrExists)
		}
		if lim := mb.s.opts.QuotaBytes; lim > 0 && mb.used+subtreeSize(f, recursive) > lim {
			return fmt.Errorf("boltstore: copy folder: %w", store.ErrQuotaExceeded)
		}
		w.mutating()
		c, err := mb.copyFolder(w, f, np, recursive, name)
		if err != nil {
			return err
		}
		out = mb.snapshotFolder(c, nil)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func subtreeSize(f *folder, recursive bool) int64 {
	n := f.size
	if recursive {
		for _, c := range f.children {
			n += subtreeSize(c, true)
		}
	}
	return n
}

func (mb *Mailbox) copyFolder(w *writer, f, np *folder, recursive bool, name string) (*folder, error) {
	c := mb.newFolder(store.MakeFID(mb.nextID()), np)
	c.props = f.props.Clone()
	if name != "" {
		c.props.Set(mapi.PropValue{Tag: mapi.PidTagDisplayName, Value: name})
	}
	mb.bumpFolder(c)
	c.order = c.cn
	if err := w.putFolder(c); err != nil {
		return nil, err
	}
	mb.publish(store.Event{Type: store.EventObjectCopied, CN: store.MakeCN(c.cn), Folder: c.id, Parent: np.id, OldFolder: f.id})
	for _, m := range sortedMsgs(f) {
		if _, err := mb.copyMessage(w, m, c); err != nil {
			return nil, err
		}
	}
	if recursive {
		for _, k := range slices.Clone(f.children) {
			if k != c {
				if _, err := mb.copyFolder(w, k, c, true, ""); err != nil {
					return nil, err
				}
			}
		}
	}
	return c, nil
}

func sortedMsgs(f *folder) []*meta {
	out := make([]*meta, 0, len(f.msgs))
	for _, m := range f.msgs {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b *meta) int { return cmp.Compare(a.id.GlobalCounter(), b.id.GlobalCounter()) })
	return out
}

// DeleteFolder implements store.Mailbox.
func (mb *Mailbox) DeleteFolder(ctx context.Context, fid store.FID, opts *store.DeleteOptions) error {
	if opts == nil {
		opts = &store.DeleteOptions{}
	}
	return mb.update(ctx, func(w *writer) error {
		f, err := mb.folder(fid)
		if err != nil {
			return err
		}
		if f.kind != 0 {
			return fmt.Errorf("boltstore: special folder %v cannot be deleted: %w", f.kind, store.ErrAccessDenied)
		}
		if !opts.Recursive && (len(f.msgs) > 0 || len(f.children) > 0) {
			return fmt.Errorf("boltstore: folder %v: %w", fid, store.ErrNotEmpty)
		}
		w.mutating()
		removeChild(f.parent, f)
		return mb.deleteTree(w, f, !opts.Hard)
	})
}

func (mb *Mailbox) deleteTree(w *writer, f *folder, soft bool) error {
	for _, c := range slices.Clone(f.children) {
		if err := mb.deleteTree(w, c, soft); err != nil {
			return err
		}
	}
	// A soft delete retains the folder, its subtree and messages
	// (store.SoftDeletedFolders, softfolders.go).
	retain := soft && mb.s.opts.maxSoftDeleted() > 0
	for _, m := range sortedMsgs(f) {
		mb.used -= m.size
		delete(mb.msgs, m.id)
		m.folder = nil
		if retain {
			if err := w.softDelete(f, m.id, m.cn); err != nil {
				return err
			}
			continue
		}
		if err := w.delMessage(m.id); err != nil {
			return err
		}
	}
	f.msgs = nil
	delete(mb.folders, f.id)
	for c, fid := range mb.receive {
		if fid == f.id {
			delete(mb.receive, c)
			if err := w.putReceive(); err != nil {
				return err
			}
		}
	}
	t := tomb{id: f.id, cn: mb.next(), soft: soft}
	mb.hierTombs[f.id] = t
	mb.publish(store.Event{Type: store.EventObjectDeleted, CN: store.MakeCN(t.cn), Folder: f.id, Parent: f.parent.id})
	if err := w.putHTomb(t); err != nil {
		return err
	}
	// The folder's message tombstones go with it.
	bk := w.b(bktTombs)
	prefix := u64key(f.id.GlobalCounter())
	c := bk.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Seek(prefix) {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	if retain {
		if err := w.retainFolder(f, t.cn); err != nil {
			return err
		}
	} else {
		if err := w.purgeSoftDeleted(f); err != nil {
			return err
		}
		if err := w.purgeSoftFolders(f.id.GlobalCounter(), 0); err != nil {
			return err
		}
	}
	return w.delFolder(f)
}

// EmptyFolder implements store.Mailbox.
func (mb *Mailbox) EmptyFolder(ctx context.Context, fid store.FID, opts *store.EmptyFolderOptions) error {
	if opts == nil {
		opts = &store.EmptyFolderOptions{}
	}
	return mb.update(ctx, func(w *writer) error {
		f, err := mb.folder(fid)
		if err != nil {
			return err
		}
		w.mutating()
		for _, m := range sortedMsgs(f) {
			if m.assoc && !opts.Associated {
				continue
			}
			if err := mb.removeMessage(w, m, !opts.Hard, true); err != nil {
				return err
			}
		}
		if opts.Subfolders {
			for _, c := range slices.Clone(f.children) {
				if c.kind != 0 {
					continue
				}
				removeChild(f, c)
				if err := mb.deleteTree(w, c, !opts.Hard); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// removeMessage takes m out of its folder with a tombstone (and an event
// unless it is the source half of a move).
func (mb *Mailbox) removeMessage(w *writer, m *meta, soft, event bool) error {
	f := m.folder
	f.unindex(m)
	delete(f.msgs, m.id)
	delete(mb.msgs, m.id)
	f.account(m, -1)
	mb.used -= m.size
	t := tomb{id: m.id, cn: mb.next(), soft: soft, assoc: m.assoc}
	f.tombs = append(f.tombs, t)
	f.committed(mb.s.now())
	m.folder = nil
	if event {
		mb.publish(store.Event{Type: store.EventObjectDeleted, CN: store.MakeCN(t.cn), Folder: f.id, Message: m.id, Associated: m.assoc})
	}
	f.compactLogs()
	if err := w.putTomb(f, t); err != nil {
		return err
	}
	if soft {
		return w.softDelete(f, m.id, t.cn)
	}
	return w.delMessage(m.id)
}

func (f *folder) account(m *meta, sign int) {
	if m.assoc {
		f.nFAI += sign
	} else {
		f.nNormal += sign
		if !m.read {
			f.nUnread += sign
		}
	}
	f.size += int64(sign) * m.size
}

const maxEmbedDepth = 16

// buildContent converts an input message into content, reading streams.
func buildContent(in *store.Message, depth int) (*content, error) {
	if depth > maxEmbedDepth {
		return nil, fmt.Errorf("boltstore: embedded messages nested deeper than %d: %w", maxEmbedDepth, store.ErrInvalidArgument)
	}
	c := &content{}
	if err := setProps(&c.props, in.Props, msgComputed); err != nil {
		return nil, err
	}
	if err := readStreams(&c.props, in.Streams); err != nil {
		return nil, err
	}
	for _, r := range in.Recipients {
		var b bag
		if err := setProps(&b, r.Props, nil); err != nil {
			return nil, err
		}
		c.recips = append(c.recips, b)
	}
	renumberRecips(c.recips)
	autoNum := true
	for _, a := range in.Attachments {
		if a.Num != 0 {
			autoNum = false
		}
	}
	for i, a := range in.Attachments {
		att, err := buildAttachment(&a, depth)
		if err != nil {
			return nil, err
		}
		if autoNum {
			att.num = uint32(i)
			att.props.Set(mapi.PropValue{Tag: mapi.PidTagAttachNumber, Value: int32(att.num)})
		}
		c.setAttachment(att)
	}
	return c, nil
}

func buildAttachment(a *store.Attachment, depth int) (*attachment, error) {
	att := &attachment{num: a.Num}
	if err := setProps(&att.props, a.Props, nil); err != nil {
		return nil, err
	}
	if err := readStreams(&att.props, a.Streams); err != nil {
		return nil, err
	}
	if a.Embedded != nil {
		em, err := buildContent(a.Embedded, depth+1)
		if err != nil {
			return nil, err
		}
		att.embedded = em
	}
	att.props.Set(mapi.PropValue{Tag: mapi.PidTagAttachNumber, Value: int32(att.num)})
	return att, nil
}

func (c *content) setAttachment(att *attachment) {
	i, found := slices.BinarySearchFunc(c.atts, att.num, func(a *attachment, n uint32) int { return cmp.Compare(a.num, n) })
	if found {
		c.atts[i] = att
		return
	}
	c.atts = slices.Insert(c.atts, i, att)
}

func renumberRecips(rs []bag) {
	for i := range rs {
		rs[i].Set(mapi.PropValue{Tag: mapi.PidTagRowid, Value: int32(i)})
	}
}

// takeFlags removes PidTagMessageFlags from c and returns its stored bits.
func takeFlags(c *content) int32 {
	p, ok := c.props.Get(mapi.PidTagMessageFlags)
	if !ok {
		return 0
	}
	c.props.Remove(mapi.PidTagMessageFlags.ID())
	return p.Value.(int32) &^ computedMsgFlags
}

func readStreams(b *bag, streams []store.StreamProp) error {
	for _, s := range streams {
		if !isStreamable(s.Tag) {
			return fmt.Errorf("boltstore: stream for %v: not a binary or string property: %w", s.Tag, store.ErrInvalidArgument)
		}
		if _, ok := b.Get(s.Tag); ok {
			return fmt.Errorf("boltstore: %v given as value and stream: %w", s.Tag, store.ErrInvalidArgument)
		}
		data, err := io.ReadAll(s.R)
		if err != nil {
			return fmt.Errorf("boltstore: reading stream for %v: %w", s.Tag, err)
		}
		var v any = data
		if s.Tag.Type() != mapi.PtypBinary {
			v = string(data)
		}
		b.Set(mapi.PropValue{Tag: s.Tag, Value: v})
	}
	return nil
}

// contentSize estimates a message's size (PidTagMessageSize); blob
// references count with their size.
func contentSize(c *content) int64 {
	n := int64(0)
	bagSize := func(b bag) {
		for _, p := range b {
			if ref, ok := p.Value.(blobRef); ok {
				n += 4 + ref.size
				continue
			}
			n += 4 + valueSize(p.Value)
		}
	}
	bagSize(c.props)
	for _, r := range c.recips {
		bagSize(r)
	}
	for _, a := range c.atts {
		bagSize(a.props)
		if a.embedded != nil {
			n += contentSize(a.embedded)
		}
	}
	return n
}

// CreateMessage implements store.Mailbox.
func (mb *Mailbox) CreateMessage(ctx context.Context, fid store.FID, in *store.Message) (*store.MessageInfo, error) {
	if in == nil {
		return nil, fmt.Errorf("boltstore: nil message: %w", store.ErrInvalidArgument)
	}
	c, err := buildContent(in, 0)
	if err != nil {
		return nil, err
	}
	ipcl, err := parseImport(in.Import)
	if err != nil {
		return nil, err
	}
	flags := takeFlags(c)
	size := contentSize(c)
	var out *store.MessageInfo
	err = mb.update(ctx, func(w *writer) error {
		f, err := mb.folder(fid)
		if err != nil {
			return err
		}
		if lim := mb.s.opts.QuotaBytes; lim > 0 && mb.used+size > lim {
			return fmt.Errorf("boltstore: message of %d bytes: %w", size, store.ErrQuotaExceeded)
		}
		if err := mb.checkID(in.ID); err != nil {
			return err
		}
		w.mutating()
		m := &meta{id: store.MakeMID(mb.takeID(in.ID)), assoc: in.Associated, read: in.Read, flags: flags, size: size, hasAtt: len(c.atts) > 0, created: mb.s.now()}
		mb.insertMessage(m, f, c)
		applyImport(in.Import, ipcl, nil, &m.pcl, &m.ck, &m.modified)
		mb.publish(store.Event{Type: store.EventObjectCreated, CN: store.MakeCN(m.cn), Folder: f.id, Message: m.id, Associated: m.assoc})
		if in.NewMail && !m.assoc {
			cls := ""
			if p, ok := c.props.Get(mapi.PidTagMessageClass.WithType(mapi.PtypUnspecified)); ok {
				cls, _ = p.Value.(string)
			}
			mb.publish(store.Event{Type: store.EventNewMail, CN: store.MakeCN(m.cn), Folder: f.id, Message: m.id, MessageClass: cls})
		}
		out = m.info()
		return w.putMessage(m, c)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// insertMessage puts m into f with a fresh CN; c (nil: unknown) feeds
// the sort indexes.
func (mb *Mailbox) insertMessage(m *meta, f *folder, c *content) {
	m.folder = f
	f.msgs[m.id] = m
	mb.msgs[m.id] = m
	mb.bumpMessage(m)
	m.readCN = m.cn
	f.account(m, 1)
	mb.used += m.size
	for _, ix := range f.indexes {
		if ix.assoc == m.assoc {
			ix.insert(m, ix.keyVals(&msgObject{m: m, c: c}))
		}
	}
}

func (m *meta) info() *store.MessageInfo {
	b, _ := m.pcl.AppendBinary(nil)
	return &store.MessageInfo{
		ID: m.id, FolderID: m.folder.id, CN: store.MakeCN(m.cn),
		ChangeKey: m.changeKey(), PCL: b,
		Size: m.size, Read: m.read, Associated: m.assoc, LastModified: m.modified,
	}
}

// readContent decodes m's content from the file.
func readContent(root *bolt.Bucket, mid store.MID) (*content, error) {
	rec := root.Bucket(bktMsgs).Get(u64key(mid.GlobalCounter()))
	if rec == nil {
		return nil, fmt.Errorf("%w: message %v has no record", errCorrupt, mid)
	}
	_, _, r, err := parseMeta(mid, rec)
	if err != nil {
		return nil, err
	}
	return (&decoder{r: r}).content()
}

// readBlob returns a large value whole.
func readBlob(root *bolt.Bucket, mid store.MID, ref blobRef) []byte {
	out := make([]byte, 0, ref.size)
	prefix := binary.BigEndian.AppendUint32(u64key(mid.GlobalCounter()), ref.no)
	c := root.Bucket(bktBlobs).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		out = append(out, v...)
	}
	return out
}

// Message implements store.Mailbox.
func (mb *Mailbox) Message(ctx context.Context, mid store.MID, opts *store.MessageOptions) (*store.Message, error) {
	if err := mb.rlock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.RUnlock()
	m, err := mb.message(mid)
	if err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &store.MessageOptions{}
	}
	var out *store.Message
	err = mb.view(func(root *bolt.Bucket) error {
		var err error
		out, err = readMessage(root, m, opts, nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// export converts stored content to a store.Message under opts, reading
// blobs that are to be returned whole. c is freshly decoded and given to
// the result (handOver). The result and its slices are in a when it is
// not nil (arena.go).
func export(root *bolt.Bucket, m *meta, obj mapi.Object, c *content, opts *store.MessageOptions, a *valueArena) *store.Message {
	out := a.message()
	out.Associated, out.Read = m.assoc, m.read
	mid := m.id
	resolve := func(p mapi.PropValue, large *[]store.LargeProp, dst *[]mapi.PropValue) {
		if ref, ok := p.Value.(blobRef); ok {
			if opts.StreamThreshold > 0 && ref.size > opts.StreamThreshold {
				*large = append(*large, store.LargeProp{Tag: p.Tag, Size: ref.size})
				return
			}
			*dst = append(*dst, mapi.PropValue{Tag: p.Tag, Value: blobValue(root, mid, p.Tag, ref)})
			return
		}
		if opts.StreamThreshold > 0 {
			if b, ok := streamBytes(p); ok && int64(len(b)) > opts.StreamThreshold {
				*large = append(*large, store.LargeProp{Tag: p.Tag, Size: int64(len(b))})
				return
			}
		}
		*dst = append(*dst, mapi.PropValue{Tag: p.Tag, Value: handOver(p)})
	}
	// Collected in the arena's scratch row and copied at their number
	// (arena.go), or allocated with room for at most one hit per stored or
	// computed property (a hint only).
	props := a.scratchRow()
	if a == nil && opts.Tags != nil {
		props = make([]mapi.PropValue, 0, min(len(opts.Tags), len(c.props)+len(messageTags)))
	} else if a == nil {
		props = make([]mapi.PropValue, 0, len(c.props)+8)
	}
	if opts.Tags == nil {
		for _, t := range messageTags {
			if p, ok := obj.Prop(t); ok {
				resolve(p, &out.Large, &props)
			}
		}
		for _, p := range c.props {
			if p.Tag.ID() == mapi.PidTagCreationTime.ID() {
				continue
			}
			resolve(p, &out.Large, &props)
		}
	} else {
		for _, t := range opts.Tags {
			if p, ok := obj.Prop(t); ok {
				resolve(p, &out.Large, &props)
			}
		}
	}
	out.Props = a.endRow(props)
	if opts.Tags == nil || opts.Recipients {
		out.Recipients = a.recipients(len(c.recips))
		for i, r := range c.recips {
			if c.ownRecips {
				// Decoded into the arena for the result (readpath.go).
				out.Recipients[i] = store.Recipient{RowID: uint32(i), Props: r}
				continue
			}
			out.Recipients[i] = store.Recipient{RowID: uint32(i), Props: handOverBag(r, a)}
		}
	}
	if opts.Tags == nil || opts.Attachments {
		out.Attachments = make([]store.Attachment, len(c.atts))
		for i, a := range c.atts {
			sa := store.Attachment{Num: a.num}
			for _, p := range a.props {
				resolve(p, &sa.Large, &sa.Props)
			}
			if a.embedded != nil {
				sub := *opts
				sub.Tags = nil
				// Embedded messages' blobs are stored under the outer MID.
				sa.Embedded = exportWith(root, &meta{id: mid}, a.embedded, &sub)
			}
			out.Attachments[i] = sa
		}
	}
	return out
}

// exportWith is export for an identity-less message whose blobs live
// under m.id.
func exportWith(root *bolt.Bucket, m *meta, c *content, opts *store.MessageOptions) *store.Message {
	out := &store.Message{}
	if p, ok := c.props.Get(mapi.PidTagMessageFlags); ok {
		out.Read = p.Value.(int32)&msgflagRead != 0
	}
	resolve := func(p mapi.PropValue, large *[]store.LargeProp, dst *[]mapi.PropValue) {
		if ref, ok := p.Value.(blobRef); ok {
			if opts.StreamThreshold > 0 && ref.size > opts.StreamThreshold {
				*large = append(*large, store.LargeProp{Tag: p.Tag, Size: ref.size})
				return
			}
			data := readBlob(root, m.id, ref)
			var v any = data
			if p.Tag.Type() != mapi.PtypBinary {
				v = string(data)
			}
			*dst = append(*dst, mapi.PropValue{Tag: p.Tag, Value: v})
			return
		}
		if opts.StreamThreshold > 0 {
			if b, ok := streamBytes(p); ok && int64(len(b)) > opts.StreamThreshold {
				*large = append(*large, store.LargeProp{Tag: p.Tag, Size: int64(len(b))})
				return
			}
		}
		*dst = append(*dst, mapi.PropValue{Tag: p.Tag, Value: cloneValue(p.Value)})
	}
	for _, p := range c.props {
		resolve(p, &out.Large, &out.Props)
	}
	out.Recipients = make([]store.Recipient, len(c.recips))
	for i, r := range c.recips {
		out.Recipients[i] = store.Recipient{RowID: uint32(i), Props: r.Clone()}
	}
	out.Attachments = make([]store.Attachment, len(c.atts))
	for i, a := range c.atts {
		sa := store.Attachment{Num: a.num}
		for _, p := range a.props {
			resolve(p, &sa.Large, &sa.Props)
		}
		if a.embedded != nil {
			sa.Embedded = exportWith(root, m, a.embedded, opts)
		}
		out.Attachments[i] = sa
	}
	return out
}

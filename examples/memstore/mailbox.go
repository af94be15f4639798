package memstore

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// Mailbox is a mailbox of a memstore Store. One RWMutex guards it: writes
// are serialized (which is what makes change numbers and events ordered)
// and reads run in parallel.
type Mailbox struct {
	s    *Store
	info store.MailboxInfo

	mu     sync.RWMutex
	closed bool
	// lastID and lastCN are the last global counters handed out for
	// FIDs/MIDs and for change numbers. They are separate counters (as in
	// Exchange), so IDs created in a row are contiguous and IDSETs of
	// them stay one range.
	lastID, lastCN uint64
	// reserved holds the ID counters reserved by ReserveIDs and not used.
	reserved mapi.GlobSet
	folders  map[store.FID]*folder
	msgs     map[store.MID]*message
	special  map[store.SpecialFolder]store.FID
	receive  map[string]store.FID // lower-cased message class
	named    namedMap
	// hierTombs records deleted folders (by FID) for hierarchy sync.
	hierTombs map[store.FID]tomb
	used      int64
	subs      map[*subscription]struct{}
	useClock  uint64
	perms     permTables                 // perms.go
	rules     map[store.FID][]store.Rule // see rules.go
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
		s: s, info: info,
		folders:   map[store.FID]*folder{},
		msgs:      map[store.MID]*message{},
		special:   map[store.SpecialFolder]store.FID{},
		receive:   map[string]store.FID{},
		named:     newNamedMap(),
		hierTombs: map[store.FID]tomb{},
		subs:      map[*subscription]struct{}{},
	}
}

// nextID returns the counter of a new FID or MID.
func (mb *Mailbox) nextID() uint64 {
	mb.lastID++
	return mb.lastID
}

// next returns the counter of a new change number.
func (mb *Mailbox) next() uint64 {
	mb.lastCN++
	return mb.lastCN
}

// provision creates the special folders of store.SpecialFolders but the
// OnDemand ones (ondemand.go).
func (mb *Mailbox) provision(names map[store.SpecialFolder]string) {
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
		mb.special[sp.Kind] = f.id
	}
	mb.receive[""] = fids[store.FolderInbox]
	mb.receive["ipm"] = fids[store.FolderInbox]
	mb.receive["ipc"] = fids[store.FolderRoot]
}

func (mb *Mailbox) newFolder(id store.FID, parent *folder) *folder {
	f := &folder{mb: mb, id: id, parent: parent, msgs: map[store.MID]*message{}}
	mb.folders[id] = f
	if parent != nil {
		parent.children = append(parent.children, f)
	}
	return f
}

// bumpFolder gives f a new CN, change key and PCL entry.
func (mb *Mailbox) bumpFolder(f *folder) {
	f.ck = nil
	f.cn = mb.next()
	f.pcl = f.pcl.With(mapi.NewChangeKey(mb.info.ReplicaGUID, store.MakeCN(f.cn)))
	f.modified = mb.s.now()
}

// bumpMessage gives m a new CN, change key and PCL entry and logs it.
func (mb *Mailbox) bumpMessage(m *message) {
	m.ck = nil
	m.cn = mb.next()
	m.pcl = m.pcl.With(mapi.NewChangeKey(mb.info.ReplicaGUID, store.MakeCN(m.cn)))
	m.modified = mb.s.now()
	m.folder.cnLog = append(m.folder.cnLog, logEntry{m.cn, m})
	m.folder.committed(m.modified)
	m.folder.compactLogs()
}

// compactLogs drops stale log entries once they dominate.
func (f *folder) compactLogs() {
	live := len(f.msgs)
	if len(f.cnLog) > 64 && len(f.cnLog) > 2*live {
		f.cnLog = slices.DeleteFunc(f.cnLog, func(e logEntry) bool { return e.m.folder != f || e.m.cn != e.cn })
	}
	if len(f.readLog) > 64 && len(f.readLog) > 2*live {
		f.readLog = slices.DeleteFunc(f.readLog, func(e logEntry) bool { return e.m.folder != f || e.m.readCN != e.cn })
	}
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

// rlock takes the read lock after checking ctx and closure.
func (mb *Mailbox) rlock(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	mb.mu.RLock()
	if mb.closed {
		mb.mu.RUnlock()
		return fmt.Errorf("memstore: mailbox %s: %w", mb.info.Owner, store.ErrClosed)
	}
	return nil
}

// lock takes the write lock after checking ctx and closure.
func (mb *Mailbox) lock(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	mb.mu.Lock()
	if mb.closed {
		mb.mu.Unlock()
		return fmt.Errorf("memstore: mailbox %s: %w", mb.info.Owner, store.ErrClosed)
	}
	return nil
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
		return 0, fmt.Errorf("memstore: special folder %v: %w", kind, store.ErrNotFound)
	}
	if _, ok := mb.folders[fid]; !ok {
		return 0, fmt.Errorf("memstore: special folder %v: %w", kind, store.ErrNotFound)
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
	if err := mb.lock(ctx); err != nil {
		return err
	}
	defer mb.mu.Unlock()
	c := strings.ToLower(messageClass)
	if fid == 0 {
		if c == "" {
			return fmt.Errorf("memstore: the default receive folder cannot be removed: %w", store.ErrInvalidArgument)
		}
		delete(mb.receive, c)
		return nil
	}
	if _, ok := mb.folders[fid]; !ok {
		return fmt.Errorf("memstore: folder %v: %w", fid, store.ErrNotFound)
	}
	mb.receive[c] = fid
	return nil
}

func (mb *Mailbox) folder(fid store.FID) (*folder, error) {
	f, ok := mb.folders[fid]
	if !ok {
		return nil, fmt.Errorf("memstore: folder %v: %w", fid, store.ErrNotFound)
	}
	return f, nil
}

func (mb *Mailbox) message(mid store.MID) (*message, error) {
	m, ok := mb.msgs[mid]
	if !ok {
		return nil, fmt.Errorf("memstore: message %v: %w", mid, store.ErrNotFound)
	}
	return m, nil
}

// snapshotFolder returns the store.Folder of f with the properties of tags.
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

// setProps validates and applies props to b, skipping computed IDs.
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
	if err := mb.lock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.Unlock()
	if fid, ok := mb.special[kind]; ok && kind != 0 && mb.folders[fid] != nil {
		return mb.snapshotFolder(mb.folders[fid], nil), fmt.Errorf("memstore: special folder %v: %w", kind, store.ErrExists)
	}
	p, err := mb.folder(parent)
	if err != nil {
		return nil, err
	}
	var b bag
	if err := setProps(&b, props, folderComputed); err != nil {
		return nil, err
	}
	name := displayName(b)
	if name == "" {
		return nil, fmt.Errorf("memstore: folder without display name: %w", store.ErrInvalidArgument)
	}
	if c := p.childNamed(name, nil); c != nil {
		if opts != nil && opts.OpenExisting {
			return mb.snapshotFolder(c, nil), fmt.Errorf("memstore: folder %q: %w", name, store.ErrExists)
		}
		return nil, fmt.Errorf("memstore: folder %q: %w", name, store.ErrExists)
	}
	var want store.FID
	var imp *store.ChangeImport
	if opts != nil {
		want, imp = opts.ID, opts.Import
	}
	ipcl, err := parseImport(imp)
	if err != nil {
		return nil, err
	}
	id, err := mb.takeID(want)
	if err != nil {
		return nil, err
	}
	f := mb.newFolder(store.MakeFID(id), p)
	f.props = b
	if kind != 0 {
		f.kind = kind
		mb.special[kind] = f.id
	}
	old := f.pcl
	mb.bumpFolder(f)
	applyImport(imp, ipcl, old, &f.pcl, &f.ck, &f.modified)
	mb.publish(store.Event{Type: store.EventObjectCreated, CN: store.MakeCN(f.cn), Folder: f.id, Parent: p.id})
	return mb.snapshotFolder(f, nil), nil
}

// UpdateFolder implements store.Mailbox.
func (mb *Mailbox) UpdateFolder(ctx context.Context, fid store.FID, set []mapi.PropValue, remove []mapi.PropTag, opts *store.UpdateOptions) (*store.Folder, error) {
	if err := mb.lock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.Unlock()
	f, err := mb.folder(fid)
	if err != nil {
		return nil, err
	}
	if opts != nil && opts.IfChangeKey != nil && !bytes.Equal(opts.IfChangeKey, f.changeKey()) {
		return nil, fmt.Errorf("memstore: folder %v: change key mismatch: %w", fid, store.ErrConflict)
	}
	nb := f.props.Clone()
	if err := setProps(&nb, set, folderComputed); err != nil {
		return nil, err
	}
	for _, t := range remove {
		if !folderComputed(t.ID()) {
			nb.Remove(t.ID())
		}
	}
	name := displayName(nb)
	if name == "" {
		return nil, fmt.Errorf("memstore: folder %v: display name removed: %w", fid, store.ErrInvalidArgument)
	}
	if f.parent != nil && f.parent.childNamed(name, f) != nil {
		return nil, fmt.Errorf("memstore: folder %q: %w", name, store.ErrExists)
	}
	var imp *store.ChangeImport
	if opts != nil {
		imp = opts.Import
	}
	ipcl, err := parseImport(imp)
	if err != nil {
		return nil, err
	}
	f.props = nb
	old := f.pcl
	mb.bumpFolder(f)
	applyImport(imp, ipcl, old, &f.pcl, &f.ck, &f.modified)
	ev := store.Event{Type: store.EventObjectModified, CN: store.MakeCN(f.cn), Folder: f.id}
	if f.parent != nil {
		ev.Parent = f.parent.id
	}
	mb.publish(ev)
	return mb.snapshotFolder(f, nil), nil
}

func removeChild(p, c *folder) {
	if i := slices.Index(p.children, c); i >= 0 {
		p.children = slices.Delete(p.children, i, i+1)
	}
}

// MoveFolder implements store.Mailbox.
func (mb *Mailbox) MoveFolder(ctx context.Context, fid, newParent store.FID, newName string) (*store.Folder, error) {
	if err := mb.lock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.Unlock()
	f, err := mb.folder(fid)
	if err != nil {
		return nil, err
	}
	np, err := mb.folder(newParent)
	if err != nil {
		return nil, err
	}
	if f.kind != 0 {
		return nil, fmt.Errorf("memstore: special folder %v cannot move: %w", f.kind, store.ErrAccessDenied)
	}
	if np.isDescendantOf(f) {
		return nil, fmt.Errorf("memstore: folder %v into its own subtree: %w", fid, store.ErrConflict)
	}
	name := newName
	if name == "" {
		name = displayName(f.props)
	}
	if np.childNamed(name, f) != nil {
		return nil, fmt.Errorf("memstore: folder %q: %w", name, store.ErrExists)
	}
	old := f.parent
	removeChild(old, f)
	f.parent = np
	np.children = append(np.children, f)
	if newName != "" {
		f.props.Set(mapi.PropValue{Tag: mapi.PidTagDisplayName, Value: newName})
	}
	mb.bumpFolder(f)
	mb.publish(store.Event{Type: store.EventObjectMoved, CN: store.MakeCN(f.cn), Folder: f.id, Parent: np.id, OldParent: old.id})
	return mb.snapshotFolder(f, nil), nil
}

// CopyFolder implements store.Mailbox.
func (mb *Mailbox) CopyFolder(ctx context.Context, fid, newParent store.FID, newName string, recursive bool) (*store.Folder, error) {
	if err := mb.lock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.Unlock()
	f, err := mb.folder(fid)
	if err != nil {
		return nil, err
	}
	np, err := mb.folder(newParent)
	if err != nil {
		return nil, err
	}
	if recursive && np.isDescendantOf(f) {
		return nil, fmt.Errorf("memstore: folder %v into its own subtree: %w", fid, store.ErrConflict)
	}
	name := newName
	if name == "" {
		name = displayName(f.props)
	}
	if np.childNamed(name, nil) != nil {
		return nil, fmt.Errorf("memstore: folder %q: %w", name, store.ErrExists)
	}
	if lim := mb.s.opts.QuotaBytes; lim > 0 && mb.used+subtreeSize(f, recursive) > lim {
		return nil, fmt.Errorf("memstore: copy folder: %w", store.ErrQuotaExceeded)
	}
	c := mb.copyFolder(f, np, recursive)
	c.props.Set(mapi.PropValue{Tag: mapi.PidTagDisplayName, Value: name})
	return mb.snapshotFolder(c, nil), nil
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

func (mb *Mailbox) copyFolder(f, np *folder, recursive bool) *folder {
	c := mb.newFolder(store.MakeFID(mb.nextID()), np)
	c.props = f.props.Clone()
	mb.bumpFolder(c)
	mb.publish(store.Event{Type: store.EventObjectCopied, CN: store.MakeCN(c.cn), Folder: c.id, Parent: np.id, OldFolder: f.id})
	for _, m := range sortedMsgs(f) {
		mb.copyMessage(m, c)
	}
	if recursive {
		kids := slices.Clone(f.children)
		for _, k := range kids {
			if k != c {
				mb.copyFolder(k, c, true)
			}
		}
	}
	return c
}

// sortedMsgs returns f's messages in ID order (for deterministic copies).
func sortedMsgs(f *folder) []*message {
	out := make([]*message, 0, len(f.msgs))
	for _, m := range f.msgs {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b *message) int {
		return int(a.id.GlobalCounter()) - int(b.id.GlobalCounter())
	})
	return out
}

// DeleteFolder implements store.Mailbox.
func (mb *Mailbox) DeleteFolder(ctx context.Context, fid store.FID, opts *store.DeleteOptions) error {
	if err := mb.lock(ctx); err != nil {
		return err
	}
	defer mb.mu.Unlock()
	f, err := mb.folder(fid)
	if err != nil {
		return err
	}
	if opts == nil {
		opts = &store.DeleteOptions{}
	}
	if f.kind != 0 {
		return fmt.Errorf("memstore: special folder %v cannot be deleted: %w", f.kind, store.ErrAccessDenied)
	}
	if !opts.Recursive && (len(f.msgs) > 0 || len(f.children) > 0) {
		return fmt.Errorf("memstore: folder %v: %w", fid, store.ErrNotEmpty)
	}
	removeChild(f.parent, f)
	mb.deleteTree(f, !opts.Hard)
	mb.retainSoftFolder(f.parent, f, !opts.Hard)
	return nil
}

func (mb *Mailbox) deleteTree(f *folder, soft bool) {
	for _, c := range slices.Clone(f.children) {
		mb.deleteTree(c, soft)
	}
	max := mb.s.opts.maxSoftDeleted()
	for _, m := range sortedMsgs(f) {
		mb.used -= m.size
		delete(mb.msgs, m.id)
		m.folder = nil
		if soft {
			// Retained with the folder (store.SoftDeletedFolders).
			f.retainSoftDeleted(m, max)
		}
	}
	f.msgs = nil
	if !soft || max <= 0 {
		f.softDeleted, f.softFolders = nil, nil
	}
	f.deleted = true
	delete(mb.folders, f.id)
	for c, fid := range mb.receive {
		if fid == f.id {
			delete(mb.receive, c)
		}
	}
	cn := mb.next()
	mb.hierTombs[f.id] = tomb{id: f.id, cn: cn, soft: soft}
	mb.publish(store.Event{Type: store.EventObjectDeleted, CN: store.MakeCN(cn), Folder: f.id, Parent: f.parent.id})
}

// EmptyFolder implements store.Mailbox.
func (mb *Mailbox) EmptyFolder(ctx context.Context, fid store.FID, opts *store.EmptyFolderOptions) error {
	if err := mb.lock(ctx); err != nil {
		return err
	}
	defer mb.mu.Unlock()
	f, err := mb.folder(fid)
	if err != nil {
		return err
	}
	if opts == nil {
		opts = &store.EmptyFolderOptions{}
	}
	for _, m := range sortedMsgs(f) {
		if m.assoc && !opts.Associated {
			continue
		}
		mb.removeMessage(m, !opts.Hard)
	}
	if opts.Subfolders {
		for _, c := range slices.Clone(f.children) {
			if c.kind != 0 {
				continue
			}
			removeChild(f, c)
			mb.deleteTree(c, !opts.Hard)
			mb.retainSoftFolder(f, c, !opts.Hard)
		}
	}
	return nil
}

// removeMessage takes m out of its folder with a tombstone and an event.
func (mb *Mailbox) removeMessage(m *message, soft bool) {
	f := m.folder
	for _, ix := range f.indexes {
		if ix.assoc == m.assoc {
			ix.remove(m)
		}
	}
	delete(f.msgs, m.id)
	delete(mb.msgs, m.id)
	f.account(m, -1)
	mb.used -= m.size
	cn := mb.next()
	f.tombs = append(f.tombs, tomb{id: m.id, cn: cn, soft: soft, assoc: m.assoc})
	f.committed(mb.s.now())
	m.folder = nil
	if soft {
		f.retainSoftDeleted(m, mb.s.opts.maxSoftDeleted())
	}
	mb.publish(store.Event{Type: store.EventObjectDeleted, CN: store.MakeCN(cn), Folder: f.id, Message: m.id, Associated: m.assoc})
	f.compactLogs()
}

// account adds (sign 1) or removes (sign -1) m from f's counters.
func (f *folder) account(m *message, sign int) {
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

// buildMessage converts an input message into a stored one (without
// identity), reading its streams.
func buildMessage(in *store.Message, depth int) (*message, error) {
	if depth > maxEmbedDepth {
		return nil, fmt.Errorf("memstore: embedded messages nested deeper than %d: %w", maxEmbedDepth, store.ErrInvalidArgument)
	}
	m := &message{assoc: in.Associated, read: in.Read}
	if err := setProps(&m.props, in.Props, msgComputed); err != nil {
		return nil, err
	}
	if err := readStreams(&m.props, in.Streams); err != nil {
		return nil, err
	}
	m.takeFlags()
	for _, r := range in.Recipients {
		var b bag
		if err := setProps(&b, r.Props, nil); err != nil {
			return nil, err
		}
		m.recips = append(m.recips, b)
	}
	m.renumberRecips()
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
		}
		m.setAttachment(att)
	}
	m.computeSize()
	return m, nil
}

// maxEmbedDepth bounds the nesting of embedded messages.
const maxEmbedDepth = 16

func buildAttachment(a *store.Attachment, depth int) (*attachment, error) {
	att := &attachment{num: a.Num}
	if err := setProps(&att.props, a.Props, nil); err != nil {
		return nil, err
	}
	if err := readStreams(&att.props, a.Streams); err != nil {
		return nil, err
	}
	if a.Embedded != nil {
		em, err := buildMessage(a.Embedded, depth+1)
		if err != nil {
			return nil, err
		}
		att.embedded = em
	}
	att.props.Set(mapi.PropValue{Tag: mapi.PidTagAttachNumber, Value: int32(att.num)})
	return att, nil
}

func (m *message) setAttachment(att *attachment) {
	i, found := slices.BinarySearchFunc(m.atts, att.num, func(a *attachment, n uint32) int { return int(int64(a.num) - int64(n)) })
	if found {
		m.atts[i] = att
		return
	}
	m.atts = slices.Insert(m.atts, i, att)
}

func (m *message) renumberRecips() {
	for i := range m.recips {
		m.recips[i].Set(mapi.PropValue{Tag: mapi.PidTagRowid, Value: int32(i)})
	}
}

// takeFlags moves PidTagMessageFlags from the bag into m.flags.
func (m *message) takeFlags() {
	if p, ok := m.props.Get(mapi.PidTagMessageFlags); ok {
		m.flags = p.Value.(int32) &^ computedMsgFlags
		m.props.Remove(mapi.PidTagMessageFlags.ID())
	}
}

// readStreams reads streamed values into b.
func readStreams(b *bag, streams []store.StreamProp) error {
	for _, s := range streams {
		if !isStreamable(s.Tag) {
			return fmt.Errorf("memstore: stream for %v: not a binary or string property: %w", s.Tag, store.ErrInvalidArgument)
		}
		if _, ok := b.Get(s.Tag); ok {
			return fmt.Errorf("memstore: %v given as value and stream: %w", s.Tag, store.ErrInvalidArgument)
		}
		data, err := io.ReadAll(s.R)
		if err != nil {
			return fmt.Errorf("memstore: reading stream for %v: %w", s.Tag, err)
		}
		var v any = data
		if s.Tag.Type() != mapi.PtypBinary {
			v = string(data)
		}
		b.Set(mapi.PropValue{Tag: s.Tag, Value: v})
	}
	return nil
}

// CreateMessage implements store.Mailbox.
func (mb *Mailbox) CreateMessage(ctx context.Context, fid store.FID, in *store.Message) (*store.MessageInfo, error) {
	if in == nil {
		return nil, fmt.Errorf("memstore: nil message: %w", store.ErrInvalidArgument)
	}
	// Build (and read streams) before taking the lock.
	m, err := buildMessage(in, 0)
	if err != nil {
		return nil, err
	}
	ipcl, err := parseImport(in.Import)
	if err != nil {
		return nil, err
	}
	if err := mb.lock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.Unlock()
	f, err := mb.folder(fid)
	if err != nil {
		return nil, err
	}
	if lim := mb.s.opts.QuotaBytes; lim > 0 && mb.used+m.size > lim {
		return nil, fmt.Errorf("memstore: message of %d bytes: %w", m.size, store.ErrQuotaExceeded)
	}
	id, err := mb.takeID(in.ID)
	if err != nil {
		return nil, err
	}
	m.id = store.MakeMID(id)
	m.created = mb.s.now()
	mb.insertMessage(f, m)
	applyImport(in.Import, ipcl, nil, &m.pcl, &m.ck, &m.modified)
	mb.publish(store.Event{Type: store.EventObjectCreated, CN: store.MakeCN(m.cn), Folder: f.id, Message: m.id, Associated: m.assoc})
	if in.NewMail && !m.assoc {
		cls := ""
		if p, ok := m.props.Get(mapi.PidTagMessageClass.WithType(mapi.PtypUnspecified)); ok {
			cls, _ = p.Value.(string)
		}
		mb.publish(store.Event{Type: store.EventNewMail, CN: store.MakeCN(m.cn), Folder: f.id, Message: m.id, MessageClass: cls})
	}
	return m.info(), nil
}

// insertMessage puts m (with an ID) into f with a fresh CN.
func (mb *Mailbox) insertMessage(f *folder, m *message) {
	m.folder = f
	f.msgs[m.id] = m
	mb.msgs[m.id] = m
	mb.bumpMessage(m)
	m.readCN = m.cn
	f.account(m, 1)
	mb.used += m.size
	for _, ix := range f.indexes {
		if ix.assoc == m.assoc {
			ix.insert(m)
		}
	}
}

func (m *message) info() *store.MessageInfo {
	b, _ := m.pcl.AppendBinary(nil)
	return &store.MessageInfo{
		ID: m.id, FolderID: m.folder.id, CN: store.MakeCN(m.cn),
		ChangeKey: m.changeKey(), PCL: b,
		Size: m.size, Read: m.read, Associated: m.assoc, LastModified: m.modified,
	}
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
	out := m.export(opts)
	out.Info = *m.info()
	return out, nil
}

// export converts m to a store.Message under opts.
func (m *message) export(opts *store.MessageOptions) *store.Message {
	out := &store.Message{Associated: m.assoc, Read: m.read}
	add := func(p mapi.PropValue) {
		if opts.StreamThreshold > 0 {
			if b, ok := streamBytes(p); ok && int64(len(b)) > opts.StreamThreshold {
				out.Large = append(out.Large, store.LargeProp{Tag: p.Tag, Size: int64(len(b))})
				return
			}
		}
		out.Props = append(out.Props, mapi.PropValue{Tag: p.Tag, Value: cloneValue(p.Value)})
	}
	if opts.Tags == nil {
		out.Props = make([]mapi.PropValue, 0, len(m.props)+len(messageTags))
		for _, t := range messageTags {
			if p, ok := m.Prop(t); ok {
				add(p)
			}
		}
		for _, p := range m.props {
			if p.Tag.ID() != mapi.PidTagCreationTime.ID() {
				add(p)
			}
		}
	} else {
		// At most one hit per stored or computed property (a hint only).
		out.Props = make([]mapi.PropValue, 0, min(len(opts.Tags), len(m.props)+len(messageTags)))
		for _, t := range opts.Tags {
			if p, ok := m.Prop(t); ok {
				add(p)
			}
		}
	}
	if opts.Tags == nil || opts.Recipients {
		out.Recipients = make([]store.Recipient, len(m.recips))
		for i, r := range m.recips {
			out.Recipients[i] = store.Recipient{RowID: uint32(i), Props: r.Clone()}
		}
	}
	if opts.Tags == nil || opts.Attachments {
		out.Attachments = make([]store.Attachment, len(m.atts))
		for i, a := range m.atts {
			sa := store.Attachment{Num: a.num}
			for _, p := range a.props {
				if opts.StreamThreshold > 0 {
					if b, ok := streamBytes(p); ok && int64(len(b)) > opts.StreamThreshold {
						sa.Large = append(sa.Large, store.LargeProp{Tag: p.Tag, Size: int64(len(b))})
						continue
					}
				}
				sa.Props = append(sa.Props, mapi.PropValue{Tag: p.Tag, Value: cloneValue(p.Value)})
			}
			if a.embedded != nil {
				sub := *opts
				sub.Tags = nil
				sa.Embedded = a.embedded.export(&sub)
			}
			out.Attachments[i] = sa
		}
	}
	return out
}

// changedIDs returns the property IDs an update touches plus the
// computed ones every content change touches.
func changedIDs(upd *store.MessageUpdate) map[mapi.PropID]bool {
	ids := map[mapi.PropID]bool{}
	for _, t := range messageTags {
		ids[t.ID()] = true
	}
	for _, p := range upd.Set {
		ids[p.Tag.ID()] = true
	}
	for _, t := range upd.Remove {
		ids[t.ID()] = true
	}
	for _, s := range upd.Streams {
		ids[s.Tag.ID()] = true
	}
	return ids
}

// UpdateMessage implements store.Mailbox.
func (mb *Mailbox) UpdateMessage(ctx context.Context, mid store.MID, upd *store.MessageUpdate) (*store.MessageInfo, error) {
	if upd == nil {
		upd = &store.MessageUpdate{}
	}
	// Read streams and build attachments outside the lock.
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
	if err := mb.lock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.Unlock()
	m, err := mb.message(mid)
	if err != nil {
		return nil, err
	}
	if upd.IfChangeKey != nil && !bytes.Equal(upd.IfChangeKey, m.changeKey()) {
		return nil, fmt.Errorf("memstore: message %v: change key mismatch: %w", mid, store.ErrConflict)
	}
	// Compute the new contents on a copy, so a quota failure changes nothing.
	nm := *m
	nm.props = m.props.Clone()
	for _, p := range upd.Set {
		if p.Tag.ID() == mapi.PidTagMessageFlags.ID() {
			if v, ok := p.Value.(int32); ok {
				nm.flags = v &^ computedMsgFlags
			}
			continue
		}
		if !msgComputed(p.Tag.ID()) {
			nm.props.Set(p)
		}
	}
	for _, t := range upd.Remove {
		if !msgComputed(t.ID()) {
			nm.props.Remove(t.ID())
		}
	}
	for _, p := range streamed {
		nm.props.Set(p)
	}
	if upd.Recipients != nil {
		nm.recips = recips
		nm.renumberRecips()
	}
	if len(atts) > 0 || len(upd.RemoveAttachments) > 0 || len(attUpds) > 0 {
		nm.atts = slices.Clone(m.atts)
		for _, n := range upd.RemoveAttachments {
			nm.atts = slices.DeleteFunc(nm.atts, func(a *attachment) bool { return a.num == n })
		}
		for _, a := range atts {
			nm.setAttachment(a)
		}
		for _, u := range attUpds {
			i := slices.IndexFunc(nm.atts, func(a *attachment) bool { return a.num == u.num })
			if i < 0 {
				return nil, fmt.Errorf("memstore: message %v: attachment %d: %w", mid, u.num, store.ErrNotFound)
			}
			na := &attachment{num: u.num, props: nm.atts[i].props.Clone(), embedded: nm.atts[i].embedded}
			for _, p := range u.set {
				na.props.Set(p)
			}
			for _, t := range u.remove {
				na.props.Remove(t.ID())
			}
			for _, p := range u.streamed {
				na.props.Set(p)
			}
			na.props.Set(mapi.PropValue{Tag: mapi.PidTagAttachNumber, Value: int32(na.num)})
			if u.embedded != nil {
				na.embedded = u.embedded
			}
			nm.atts[i] = na
		}
	}
	if upd.Read != nil {
		nm.read = *upd.Read
	}
	nm.computeSize()
	if lim := mb.s.opts.QuotaBytes; lim > 0 && nm.size > m.size && mb.used+nm.size-m.size > lim {
		return nil, fmt.Errorf("memstore: message %v: %w", mid, store.ErrQuotaExceeded)
	}
	f := m.folder
	ixs := f.detach(m, changedIDs(upd))
	f.account(m, -1)
	mb.used -= m.size
	m.props, m.flags, m.recips, m.atts, m.size = nm.props, nm.flags, nm.recips, nm.atts, nm.size
	if m.read != nm.read {
		m.read = nm.read
	}
	f.account(m, 1)
	mb.used += m.size
	old := m.pcl
	mb.bumpMessage(m)
	applyImport(upd.Import, ipcl, old, &m.pcl, &m.ck, &m.modified)
	attach(m, ixs)
	mb.publish(store.Event{Type: store.EventObjectModified, CN: store.MakeCN(m.cn), Folder: f.id, Message: m.id, Associated: m.assoc})
	return m.info(), nil
}

// locate finds the bag a PropRef names.
func (m *message) locate(ref store.PropRef) (bag, error) {
	cur := m
	for i, n := range ref.Attachments {
		var att *attachment
		for _, a := range cur.atts {
			if a.num == n {
				att = a
			}
		}
		if att == nil {
			return nil, fmt.Errorf("memstore: attachment %d: %w", n, store.ErrNotFound)
		}
		last := i == len(ref.Attachments)-1
		if last && !ref.Embedded {
			return att.props, nil
		}
		if att.embedded == nil {
			return nil, fmt.Errorf("memstore: attachment %d has no embedded message: %w", n, store.ErrNotFound)
		}
		cur = att.embedded
	}
	return cur.props, nil
}

// OpenPropertyStream implements store.Mailbox.
func (mb *Mailbox) OpenPropertyStream(ctx context.Context, ref store.PropRef) (io.ReadCloser, int64, error) {
	if err := mb.rlock(ctx); err != nil {
		return nil, 0, err
	}
	defer mb.mu.RUnlock()
	m, err := mb.message(ref.Message)
	if err != nil {
		return nil, 0, err
	}
	b, err := m.locate(ref)
	if err != nil {
		return nil, 0, err
	}
	p, ok := b.Get(ref.Tag)
	if !ok {
		return nil, 0, fmt.Errorf("memstore: property %v: %w", ref.Tag, store.ErrNotFound)
	}
	data, ok := streamBytes(p)
	if !ok {
		return nil, 0, fmt.Errorf("memstore: property %v is not streamable: %w", ref.Tag, store.ErrInvalidArgument)
	}
	// Values are immutable once stored (updates replace them), so the
	// reader can share the bytes of a []byte value.
	return io.NopCloser(bytes.NewReader(data)), int64(len(data)), nil
}

// inFolder returns those of mids that are messages of f, in order,
// without duplicates.
func (mb *Mailbox) inFolder(f *folder, mids []store.MID) []*message {
	out := make([]*message, 0, len(mids))
	seen := make(map[store.MID]bool, len(mids))
	for _, id := range mids {
		if m, ok := f.msgs[id]; ok && !seen[id] {
			seen[id] = true
			out = append(out, m)
		}
	}
	return out
}

// DeleteMessages implements store.Mailbox.
func (mb *Mailbox) DeleteMessages(ctx context.Context, fid store.FID, mids []store.MID, opts *store.DeleteOptions) ([]store.MID, error) {
	if err := mb.lock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.Unlock()
	f, err := mb.folder(fid)
	if err != nil {
		return nil, err
	}
	soft := opts == nil || !opts.Hard
	out := []store.MID{}
	for _, m := range mb.inFolder(f, mids) {
		mb.removeMessage(m, soft)
		out = append(out, m.id)
	}
	return out, nil
}

// cloneMessage deep-copies m's contents (not its identity).
func cloneMessage(m *message) *message {
	c := &message{assoc: m.assoc, read: m.read, props: m.props.Clone(), flags: m.flags, size: m.size, created: m.created}
	for _, r := range m.recips {
		c.recips = append(c.recips, r.Clone())
	}
	for _, a := range m.atts {
		na := &attachment{num: a.num, props: a.props.Clone()}
		if a.embedded != nil {
			na.embedded = cloneMessage(a.embedded)
		}
		c.atts = append(c.atts, na)
	}
	return c
}

func (mb *Mailbox) copyMessage(m *message, dst *folder) *message {
	c := cloneMessage(m)
	c.id = store.MakeMID(mb.nextID())
	mb.insertMessage(dst, c)
	mb.publish(store.Event{Type: store.EventObjectCopied, CN: store.MakeCN(c.cn), Folder: dst.id, Message: c.id, OldFolder: m.folder.id, OldMessage: m.id, Associated: c.assoc})
	return c
}

// MoveMessages implements store.Mailbox.
func (mb *Mailbox) MoveMessages(ctx context.Context, src, dst store.FID, mids []store.MID) ([]store.MovedMessage, error) {
	return mb.moveOrCopy(ctx, src, dst, mids, true)
}

// CopyMessages implements store.Mailbox.
func (mb *Mailbox) CopyMessages(ctx context.Context, src, dst store.FID, mids []store.MID) ([]store.MovedMessage, error) {
	return mb.moveOrCopy(ctx, src, dst, mids, false)
}

func (mb *Mailbox) moveOrCopy(ctx context.Context, src, dst store.FID, mids []store.MID, move bool) ([]store.MovedMessage, error) {
	if err := mb.lock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.Unlock()
	sf, err := mb.folder(src)
	if err != nil {
		return nil, err
	}
	df, err := mb.folder(dst)
	if err != nil {
		return nil, err
	}
	ms := mb.inFolder(sf, mids)
	if !move {
		var total int64
		for _, m := range ms {
			total += m.size
		}
		if lim := mb.s.opts.QuotaBytes; lim > 0 && mb.used+total > lim {
			return nil, fmt.Errorf("memstore: copy: %w", store.ErrQuotaExceeded)
		}
	}
	out := []store.MovedMessage{}
	for _, m := range ms {
		if !move {
			c := mb.copyMessage(m, df)
			out = append(out, store.MovedMessage{Old: m.id, New: c.id})
			continue
		}
		if sf == df {
			out = append(out, store.MovedMessage{Old: m.id, New: m.id})
			continue
		}
		c := cloneMessage(m)
		c.pcl = m.pcl
		c.id = store.MakeMID(mb.nextID())
		mb.removeMessageQuiet(m)
		mb.insertMessage(df, c)
		mb.publish(store.Event{Type: store.EventObjectMoved, CN: store.MakeCN(c.cn), Folder: df.id, Message: c.id, OldFolder: sf.id, OldMessage: m.id, Associated: c.assoc})
		out = append(out, store.MovedMessage{Old: m.id, New: c.id})
	}
	return out, nil
}

// removeMessageQuiet is removeMessage without the event (a move).
func (mb *Mailbox) removeMessageQuiet(m *message) {
	f := m.folder
	for _, ix := range f.indexes {
		if ix.assoc == m.assoc {
			ix.remove(m)
		}
	}
	delete(f.msgs, m.id)
	delete(mb.msgs, m.id)
	f.account(m, -1)
	mb.used -= m.size
	f.tombs = append(f.tombs, tomb{id: m.id, cn: mb.next(), assoc: m.assoc})
	f.committed(mb.s.now())
	m.folder = nil
	f.compactLogs()
}

var readChanged = map[mapi.PropID]bool{mapi.PidTagMessageFlags.ID(): true}

// SetReadFlags implements store.Mailbox.
func (mb *Mailbox) SetReadFlags(ctx context.Context, fid store.FID, mids []store.MID, read bool) ([]store.MID, error) {
	if err := mb.lock(ctx); err != nil {
		return nil, err
	}
	defer mb.mu.Unlock()
	f, err := mb.folder(fid)
	if err != nil {
		return nil, err
	}
	var ms []*message
	if mids == nil {
		ms = sortedMsgs(f)
	} else {
		ms = mb.inFolder(f, mids)
	}
	out := []store.MID{}
	for _, m := range ms {
		if m.read == read || m.assoc {
			continue
		}
		ixs := f.detach(m, readChanged)
		f.account(m, -1)
		m.read = read
		f.account(m, 1)
		attach(m, ixs)
		m.readCN = mb.next()
		f.readLog = append(f.readLog, logEntry{m.readCN, m})
		f.committed(mb.s.now())
		mb.publish(store.Event{Type: store.EventObjectModified, CN: store.MakeCN(m.readCN), Folder: f.id, Message: m.id})
		out = append(out, m.id)
	}
	f.compactLogs()
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

// takeID returns the counter for a new object: the next one, or want's
// if want was reserved and is unused.
func (mb *Mailbox) takeID(want mapi.ID) (uint64, error) {
	if want == 0 {
		return mb.nextID(), nil
	}
	if want.ReplicaID() != store.ReplicaID1 {
		return 0, fmt.Errorf("memstore: ID %v not of replica 1: %w", want, store.ErrInvalidArgument)
	}
	if _, ok := mb.msgs[want]; ok {
		return 0, fmt.Errorf("memstore: ID %v: %w", want, store.ErrExists)
	}
	if _, ok := mb.folders[want]; ok {
		return 0, fmt.Errorf("memstore: ID %v: %w", want, store.ErrExists)
	}
	c := want.GlobalCounter()
	if !mb.reserved.Contains(c) {
		return 0, fmt.Errorf("memstore: ID %v was not reserved (or was used): %w", want, store.ErrInvalidArgument)
	}
	mb.reserved.Remove(c)
	return c, nil
}

// ReserveIDs implements store.IDAllocator.
func (mb *Mailbox) ReserveIDs(ctx context.Context, count uint32) (uint64, error) {
	if count == 0 {
		return 0, fmt.Errorf("memstore: ReserveIDs(0): %w", store.ErrInvalidArgument)
	}
	if err := mb.lock(ctx); err != nil {
		return 0, err
	}
	defer mb.mu.Unlock()
	if mb.lastID+uint64(count) > mapi.MaxGlobalCounter {
		return 0, fmt.Errorf("memstore: IDs exhausted: %w", store.ErrQuotaExceeded)
	}
	first := mb.lastID + 1
	mb.lastID += uint64(count)
	mb.reserved.AddRange(first, mb.lastID)
	return first, nil
}

// parseImport validates a change import.
func parseImport(imp *store.ChangeImport) (mapi.PredecessorChangeList, error) {
	if imp == nil {
		return nil, nil
	}
	if _, err := mapi.ParseXID(imp.ChangeKey); err != nil {
		return nil, fmt.Errorf("memstore: imported change key: %w (%w)", store.ErrInvalidArgument, err)
	}
	pcl, err := mapi.ParsePredecessorChangeList(imp.PCL)
	if err != nil {
		return nil, fmt.Errorf("memstore: imported PCL: %w (%w)", store.ErrInvalidArgument, err)
	}
	return pcl, nil
}

// applyImport replaces the change identity a bump just made with an
// imported one.
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
	embedded *message
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
			em, err := buildMessage(u.Embedded, 1)
			if err != nil {
				return nil, err
			}
			au.embedded = em
		}
		out = append(out, au)
	}
	return out, nil
}

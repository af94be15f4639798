package boltstore

import (
	"cmp"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// folder is a folder; folders live in memory and in the folders bucket.
type folder struct {
	mb       *Mailbox
	id       store.FID
	parent   *folder
	kind     store.SpecialFolder
	cn       uint64
	order    uint64 // position among its siblings (CN at attach time)
	pcl      mapi.PredecessorChangeList
	ck       []byte
	props    bag
	modified time.Time
	// commitMax is PidTagLocalCommitTimeMax: the time of the last
	// change to the folder's contents (see committed).
	commitMax time.Time
	children  []*folder

	msgs                   map[store.MID]*meta
	nNormal, nFAI, nUnread int
	size                   int64

	cnLog   []logEntry
	readLog []logEntry
	tombs   []tomb
	indexes []*sortIndex
}

type logEntry struct {
	cn uint64
	m  *meta
}

type tomb struct {
	id    store.MID
	cn    uint64
	soft  bool
	assoc bool
}

func (f *folder) isDescendantOf(g *folder) bool {
	for p := f; p != nil; p = p.parent {
		if p == g {
			return true
		}
	}
	return false
}

func changeKey(replica mapi.GUID, cn uint64) []byte {
	b, _ := mapi.NewChangeKey(replica, store.MakeCN(cn)).AppendBinary(make([]byte, 0, 22))
	return b
}

func (f *folder) changeKey() []byte {
	if f.ck != nil {
		return slices.Clone(f.ck)
	}
	return changeKey(f.mb.info.ReplicaGUID, f.cn)
}

func (m *meta) changeKey() []byte {
	if m.ck != nil {
		return slices.Clone(m.ck)
	}
	return changeKey(m.folder.mb.info.ReplicaGUID, m.cn)
}

var folderTags = []mapi.PropTag{
	mapi.PidTagFolderId, mapi.PidTagParentFolderId, mapi.PidTagChangeNumber, mapi.PidTagChangeKey,
	mapi.PidTagPredecessorChangeList, mapi.PidTagLastModificationTime, mapi.PidTagLocalCommitTimeMax, mapi.PidTagContentCount,
	mapi.PidTagContentUnreadCount, tagAssociatedContentCount, mapi.PidTagSubfolders, mapi.PidTagMessageSizeExtended,
	mapi.PidTagSourceKey, mapi.PidTagParentSourceKey, mapi.PidTagEntryId, mapi.PidTagParentEntryId,
}

var messageTags = []mapi.PropTag{
	mapi.PidTagMid, mapi.PidTagFolderId, mapi.PidTagChangeNumber, mapi.PidTagChangeKey,
	mapi.PidTagPredecessorChangeList, mapi.PidTagMessageSize, mapi.PidTagLastModificationTime,
	mapi.PidTagCreationTime, mapi.PidTagHasAttachments, mapi.PidTagAssociated, mapi.PidTagMessageFlags,
	mapi.PidTagSourceKey, mapi.PidTagParentSourceKey, mapi.PidTagEntryId, mapi.PidTagParentEntryId,
}

func computedTag(id mapi.PropID, tags []mapi.PropTag) mapi.PropTag {
	for _, t := range tags {
		if t.ID() == id {
			return t
		}
	}
	return 0
}

func typed(req, real mapi.PropTag, v any) (mapi.PropValue, bool) {
	t := req.Type() &^ mapi.MultiInstanceFlag
	if t != mapi.PtypUnspecified && t != real.Type() {
		return mapi.PropValue{}, false
	}
	return mapi.PropValue{Tag: real, Value: v}, true
}

// Prop implements mapi.Object.
func (f *folder) Prop(tag mapi.PropTag) (mapi.PropValue, bool) {
	var v any
	info := f.mb.info
	switch tag.ID() {
	case mapi.PidTagFolderId.ID():
		v = int64(f.id)
	case mapi.PidTagParentFolderId.ID():
		if f.parent == nil {
			return mapi.PropValue{}, false
		}
		v = int64(f.parent.id)
	case mapi.PidTagChangeNumber.ID():
		v = int64(store.MakeCN(f.cn))
	case mapi.PidTagChangeKey.ID():
		v = f.changeKey()
	case mapi.PidTagPredecessorChangeList.ID():
		b, _ := f.pcl.AppendBinary(nil)
		v = b
	case mapi.PidTagLastModificationTime.ID():
		v = f.modified
	case mapi.PidTagLocalCommitTimeMax.ID():
		v = f.commitTime()
	case mapi.PidTagContentCount.ID():
		v = int32(f.nNormal)
	case mapi.PidTagContentUnreadCount.ID():
		v = int32(f.nUnread)
	case tagAssociatedContentCount.ID():
		v = int32(f.nFAI)
	case mapi.PidTagSubfolders.ID():
		v = len(f.children) > 0
	case mapi.PidTagMessageSizeExtended.ID():
		v = f.size
	case mapi.PidTagSourceKey.ID():
		v = store.SourceKey(info, f.id)
	case mapi.PidTagParentSourceKey.ID():
		if f.parent == nil {
			return mapi.PropValue{}, false
		}
		v = store.SourceKey(info, f.parent.id)
	case mapi.PidTagEntryId.ID():
		v = store.FolderEntryID(info, f.id)
	case mapi.PidTagParentEntryId.ID():
		if f.parent == nil {
			return mapi.PropValue{}, false
		}
		v = store.FolderEntryID(info, f.parent.id)
	default:
		return f.props.Get(tag)
	}
	return typed(tag, computedTag(tag.ID(), folderTags), v)
}

// SubObjects implements mapi.Object.
func (f *folder) SubObjects(mapi.PropTag) []mapi.Object { return nil }

func (m *meta) msgFlags() int32 {
	fl := m.flags &^ computedMsgFlags
	if m.read {
		fl |= msgflagRead
	}
	if m.hasAtt {
		fl |= msgflagHasAttach
	}
	if m.assoc {
		fl |= msgflagAssociated
	}
	return fl
}

// computed returns a computed property of m, or ok false if tag is not
// one (or m is embedded and has no identity). Values that need boxing
// are boxed in a when it is not nil (arena.go); binaries are always
// fresh (handOver relies on it).
func (m *meta) computed(tag mapi.PropTag, stored bag, a *valueArena) (mapi.PropValue, bool, bool) {
	var v any
	switch tag.ID() {
	case mapi.PidTagMid.ID():
		v = a.boxInt64(int64(m.id))
	case mapi.PidTagFolderId.ID():
		v = a.boxInt64(int64(m.folder.id))
	case mapi.PidTagChangeNumber.ID():
		v = a.boxInt64(int64(store.MakeCN(m.cn)))
	case mapi.PidTagChangeKey.ID():
		if a != nil {
			v = a.boxBytes(a.changeKey(m))
		} else {
			v = m.changeKey()
		}
	case mapi.PidTagPredecessorChangeList.ID():
		if a != nil {
			v = a.boxBytes(a.pcl(m.pcl))
		} else {
			b, _ := m.pcl.AppendBinary(nil)
			v = b
		}
	case mapi.PidTagMessageSize.ID():
		v = a.boxInt32(int32(min(m.size, 1<<31-1)))
	case mapi.PidTagLastModificationTime.ID():
		v = a.boxTime(m.modified)
	case mapi.PidTagCreationTime.ID():
		if p, ok := stored.Get(tag); ok {
			return p, true, true
		}
		v = a.boxTime(m.created)
	case mapi.PidTagHasAttachments.ID():
		v = m.hasAtt
	case mapi.PidTagAssociated.ID():
		v = m.assoc
	case mapi.PidTagMessageFlags.ID():
		v = a.boxInt32(m.msgFlags())
	case mapi.PidTagSourceKey.ID():
		v = store.SourceKey(m.folder.mb.info, m.id)
	case mapi.PidTagParentSourceKey.ID():
		v = store.SourceKey(m.folder.mb.info, m.folder.id)
	case mapi.PidTagEntryId.ID():
		v = store.MessageEntryID(m.folder.mb.info, m.folder.id, m.id)
	case mapi.PidTagParentEntryId.ID():
		v = store.FolderEntryID(m.folder.mb.info, m.folder.id)
	default:
		return mapi.PropValue{}, false, false
	}
	p, ok := typed(tag, computedTag(tag.ID(), messageTags), v)
	return p, ok, true
}

// msgObject is a message as a mapi.Object: computed properties from its
// meta, stored ones from its content (blob references count as present
// with their size, but have no comparable value).
type msgObject struct {
	m *meta // nil for an embedded message
	c *content
	// root, when set, lets large values be read for comparison.
	root *bolt.Bucket
	// a, when set, boxes computed values (arena.go): only for objects
	// whose values are handed out, never kept by the store.
	a *valueArena
}

func (o *msgObject) Prop(tag mapi.PropTag) (mapi.PropValue, bool) {
	if o.m != nil {
		if p, ok, computed := o.m.computed(tag, o.c.props, o.a); computed {
			return p, ok
		}
	}
	p, ok := o.c.props.Get(tag)
	if ref, isRef := p.Value.(blobRef); ok && isRef && o.root != nil && o.m != nil {
		data := readBlob(o.root, o.m.id, ref)
		if p.Tag.Type() == mapi.PtypBinary {
			p.Value = data
		} else {
			p.Value = string(data)
		}
	}
	return p, ok
}

func (o *msgObject) SubObjects(tag mapi.PropTag) []mapi.Object {
	switch tag.ID() {
	case mapi.PidTagMessageRecipients.ID():
		out := make([]mapi.Object, len(o.c.recips))
		for i, r := range o.c.recips {
			out[i] = &mapi.Bag{Props: r}
		}
		return out
	case mapi.PidTagMessageAttachments.ID():
		out := make([]mapi.Object, len(o.c.atts))
		for i, a := range o.c.atts {
			out[i] = &mapi.Bag{Props: a.props}
		}
		return out
	}
	return nil
}

// keyObj holds the sort-key values of one index row.
type keyObj []mapi.PropValue

func (k keyObj) Prop(tag mapi.PropTag) (mapi.PropValue, bool) {
	for _, p := range k {
		if p.Tag.ID() != tag.ID() {
			continue
		}
		t := tag.Type() &^ mapi.MultiInstanceFlag
		if t == mapi.PtypUnspecified || t == p.Tag.Type() {
			return p, true
		}
	}
	return mapi.PropValue{}, false
}

func (keyObj) SubObjects(mapi.PropTag) []mapi.Object { return nil }

// sortIndex keeps a folder's messages in one sort order with their key
// values, so a sorted page reads only the records it returns.
type sortIndex struct {
	key     string
	order   mapi.SortOrderSet
	assoc   bool
	rows    []idxRow
	vals    map[*meta]keyObj
	lastUse uint64
}

type idxRow struct {
	m    *meta
	vals keyObj
}

func (ix *sortIndex) cmp(a, b idxRow) int {
	if c := ix.order.Compare(a.vals, b.vals); c != 0 {
		return c
	}
	return cmp.Compare(a.m.id.GlobalCounter(), b.m.id.GlobalCounter())
}

// keyVals extracts the values of ix's columns from o.
func (ix *sortIndex) keyVals(o mapi.Object) keyObj {
	var k keyObj
	for _, so := range ix.order.Orders {
		tag := so.PropTag &^ mapi.PropTag(mapi.MultiInstanceFlag)
		if p, ok := o.Prop(tag); ok {
			k = append(k, mapi.PropValue{Tag: p.Tag, Value: cloneValue(p.Value)})
		} else if tag.Type().IsMultiple() {
			if p, ok := o.Prop(tag.WithType(tag.Type().Single())); ok {
				k = append(k, mapi.PropValue{Tag: p.Tag, Value: cloneValue(p.Value)})
			}
		}
	}
	return k
}

func (ix *sortIndex) insert(m *meta, vals keyObj) {
	r := idxRow{m, vals}
	i, _ := slices.BinarySearchFunc(ix.rows, r, ix.cmp)
	ix.rows = slices.Insert(ix.rows, i, r)
	ix.vals[m] = vals
}

func (ix *sortIndex) remove(m *meta) {
	vals, ok := ix.vals[m]
	if !ok {
		return
	}
	delete(ix.vals, m)
	i, found := slices.BinarySearchFunc(ix.rows, idxRow{m, vals}, ix.cmp)
	if found && ix.rows[i].m == m {
		ix.rows = slices.Delete(ix.rows, i, i+1)
		return
	}
	if j := slices.IndexFunc(ix.rows, func(r idxRow) bool { return r.m == m }); j >= 0 {
		ix.rows = slices.Delete(ix.rows, j, j+1)
	}
}

// reindex moves m in every index of its folder after a change; c is its
// new content, or nil when only meta changed (stored key values are kept).
func (f *folder) reindex(m *meta, c *content) {
	for _, ix := range f.indexes {
		if ix.assoc != m.assoc {
			continue
		}
		old := ix.vals[m]
		var o mapi.Object
		if c != nil {
			o = &msgObject{m: m, c: c}
		} else {
			o = &metaOver{m: m, old: old}
		}
		nv := ix.keyVals(o)
		ix.remove(m)
		ix.insert(m, nv)
	}
}

func (f *folder) unindex(m *meta) {
	for _, ix := range f.indexes {
		if ix.assoc == m.assoc {
			ix.remove(m)
		}
	}
}

// metaOver answers computed properties from a meta and stored ones from
// an index row's previous key values.
type metaOver struct {
	m   *meta
	old keyObj
}

func (o *metaOver) Prop(tag mapi.PropTag) (mapi.PropValue, bool) {
	if tag.ID() == mapi.PidTagCreationTime.ID() {
		if p, ok := o.old.Prop(tag); ok {
			return p, true
		}
	}
	if p, ok, computed := o.m.computed(tag, nil, nil); computed {
		return p, ok
	}
	return o.old.Prop(tag)
}

func (o *metaOver) SubObjects(mapi.PropTag) []mapi.Object { return nil }

// committed records a change to f's contents at now in commitMax
// (PidTagLocalCommitTimeMax, [MS-OXCFOLD] 2.2.2.2.1.14), kept strictly
// increasing at millisecond precision so that a client comparing the
// value (as a CalDAV ctag) sees every change.
func (f *folder) committed(now time.Time) {
	prev := f.commitTime()
	t := now.Truncate(time.Millisecond)
	if !t.After(prev) {
		t = prev.Add(time.Millisecond)
	}
	f.commitMax = t
}

// commitTime is PidTagLocalCommitTimeMax: the folder's modification time
// until its contents change.
func (f *folder) commitTime() time.Time {
	if f.commitMax.IsZero() {
		return f.modified.Truncate(time.Millisecond)
	}
	return f.commitMax
}

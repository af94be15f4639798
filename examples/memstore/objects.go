package memstore

import (
	"cmp"
	"encoding/binary"
	"slices"
	"time"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// folder is a folder of a mailbox. All fields are guarded by the
// mailbox's lock.
type folder struct {
	mb       *Mailbox
	id       store.FID
	parent   *folder
	kind     store.SpecialFolder
	cn       uint64
	pcl      mapi.PredecessorChangeList
	ck       []byte // imported change key; nil: the XID of cn
	props    bag
	modified time.Time
	// commitMax is PidTagLocalCommitTimeMax: the time of the last
	// change to the folder's contents (see committed).
	commitMax time.Time
	children  []*folder
	deleted   bool

	msgs                   map[store.MID]*message
	nNormal, nFAI, nUnread int
	size                   int64

	// cnLog holds (CN, message) in CN order, appended on every content
	// change; entries whose message has moved on are stale and skipped.
	cnLog []logEntry
	// readLog is the same for read-state changes.
	readLog []logEntry
	// tombs records removed messages in CN order.
	tombs []tomb
	// softDeleted retains soft-deleted messages, oldest first, at most
	// MaxSoftDeleted (store.SoftDeletedTables).
	softDeleted []*message
	// softFolders retains folders soft-deleted from this one (with their
	// subtrees), oldest first, at most MaxSoftDeleted
	// (store.SoftDeletedFolders).
	softFolders []*folder
	// indexes are the sort indexes built for table queries.
	indexes []*sortIndex
}

type logEntry struct {
	cn uint64
	m  *message
}

type tomb struct {
	id    store.MID
	cn    uint64
	soft  bool
	assoc bool
}

// message is a message, or a message embedded in an attachment (folder
// nil).
type message struct {
	id       store.MID
	folder   *folder
	assoc    bool
	read     bool
	cn       uint64
	readCN   uint64
	pcl      mapi.PredecessorChangeList
	ck       []byte // imported change key; nil: the XID of cn
	props    bag
	flags    int32 // PidTagMessageFlags bits other than the computed ones
	recips   []bag
	atts     []*attachment
	size     int64
	created  time.Time
	modified time.Time
}

type attachment struct {
	num      uint32
	props    bag
	embedded *message
}

func (f *folder) isDescendantOf(g *folder) bool {
	for p := f; p != nil; p = p.parent {
		if p == g {
			return true
		}
	}
	return false
}

// Prop implements mapi.Object over the stored and computed properties.
func (f *folder) Prop(tag mapi.PropTag) (mapi.PropValue, bool) {
	var v any
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
		v = store.SourceKey(f.mb.info, f.id)
	case mapi.PidTagParentSourceKey.ID():
		if f.parent == nil {
			return mapi.PropValue{}, false
		}
		v = store.SourceKey(f.mb.info, f.parent.id)
	case mapi.PidTagEntryId.ID():
		v = store.FolderEntryID(f.mb.info, f.id)
	case mapi.PidTagParentEntryId.ID():
		if f.parent == nil {
			return mapi.PropValue{}, false
		}
		v = store.FolderEntryID(f.mb.info, f.parent.id)
	default:
		return f.props.Get(tag)
	}
	return typed(tag, computedTag(tag.ID(), folderTags), v)
}

// SubObjects implements mapi.Object: folders have none.
func (f *folder) SubObjects(mapi.PropTag) []mapi.Object { return nil }

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

// typed returns v under its real tag if the requested tag's type admits it.
func typed(req, real mapi.PropTag, v any) (mapi.PropValue, bool) {
	t := req.Type() &^ mapi.MultiInstanceFlag
	if t != mapi.PtypUnspecified && t != real.Type() {
		return mapi.PropValue{}, false
	}
	return mapi.PropValue{Tag: real, Value: v}, true
}

// changeKey returns the change key of CN cn: the XID of replica and the
// CN's 6-byte global counter ([MS-OXCFXICS] 2.2.1.2.7, what
// mapi.NewChangeKey encodes), in one allocation.
func changeKey(replica mapi.GUID, cn uint64) []byte {
	b := make([]byte, 16+8)
	copy(b, replica[:])
	binary.BigEndian.PutUint64(b[16:], store.MakeCN(cn).GlobalCounter()<<16)
	return b[: 16+6 : 16+6]
}

// Prop implements mapi.Object over the stored and computed properties.
func (m *message) Prop(tag mapi.PropTag) (mapi.PropValue, bool) {
	var v any
	switch tag.ID() {
	case mapi.PidTagMid.ID():
		if m.folder == nil {
			return mapi.PropValue{}, false
		}
		v = int64(m.id)
	case mapi.PidTagFolderId.ID():
		if m.folder == nil {
			return mapi.PropValue{}, false
		}
		v = int64(m.folder.id)
	case mapi.PidTagChangeNumber.ID():
		if m.folder == nil {
			return mapi.PropValue{}, false
		}
		v = int64(store.MakeCN(m.cn))
	case mapi.PidTagChangeKey.ID():
		if m.folder == nil {
			return mapi.PropValue{}, false
		}
		v = m.changeKey()
	case mapi.PidTagPredecessorChangeList.ID():
		if m.folder == nil {
			return mapi.PropValue{}, false
		}
		b, _ := m.pcl.AppendBinary(nil)
		v = b
	case mapi.PidTagMessageSize.ID():
		v = int32(min(m.size, 1<<31-1))
	case mapi.PidTagLastModificationTime.ID():
		v = m.modified
	case mapi.PidTagCreationTime.ID():
		if p, ok := m.props.Get(tag); ok {
			return p, true
		}
		v = m.created
	case mapi.PidTagHasAttachments.ID():
		v = len(m.atts) > 0
	case mapi.PidTagAssociated.ID():
		v = m.assoc
	case mapi.PidTagMessageFlags.ID():
		v = m.msgFlags()
	case mapi.PidTagSourceKey.ID(), mapi.PidTagParentSourceKey.ID(), mapi.PidTagEntryId.ID(), mapi.PidTagParentEntryId.ID():
		if m.folder == nil {
			return mapi.PropValue{}, false
		}
		info := m.folder.mb.info
		switch tag.ID() {
		case mapi.PidTagSourceKey.ID():
			v = store.SourceKey(info, m.id)
		case mapi.PidTagParentSourceKey.ID():
			v = store.SourceKey(info, m.folder.id)
		case mapi.PidTagEntryId.ID():
			v = store.MessageEntryID(info, m.folder.id, m.id)
		default:
			v = store.FolderEntryID(info, m.folder.id)
		}
	default:
		return m.props.Get(tag)
	}
	return typed(tag, computedTag(tag.ID(), messageTags), v)
}

func (m *message) msgFlags() int32 {
	f := m.flags &^ computedMsgFlags
	if m.read {
		f |= msgflagRead
	}
	if len(m.atts) > 0 {
		f |= msgflagHasAttach
	}
	if m.assoc {
		f |= msgflagAssociated
	}
	return f
}

// SubObjects implements mapi.Object: recipient and attachment rows.
func (m *message) SubObjects(tag mapi.PropTag) []mapi.Object {
	switch tag.ID() {
	case mapi.PidTagMessageRecipients.ID():
		out := make([]mapi.Object, len(m.recips))
		for i, r := range m.recips {
			out[i] = &mapi.Bag{Props: r}
		}
		return out
	case mapi.PidTagMessageAttachments.ID():
		out := make([]mapi.Object, len(m.atts))
		for i, a := range m.atts {
			out[i] = &mapi.Bag{Props: a.props}
		}
		return out
	}
	return nil
}

// computeSize sets m.size from its contents.
func (m *message) computeSize() int64 {
	n := int64(0)
	for _, p := range m.props {
		n += 4 + valueSize(p.Value)
	}
	for _, r := range m.recips {
		for _, p := range r {
			n += 4 + valueSize(p.Value)
		}
	}
	for _, a := range m.atts {
		for _, p := range a.props {
			n += 4 + valueSize(p.Value)
		}
		if a.embedded != nil {
			n += a.embedded.computeSize()
		}
	}
	m.size = n
	return n
}

// sortIndex is a folder's messages (normal or associated) kept in the
// order of one sort key, so that a sorted, paged query touches only the
// rows it returns.
type sortIndex struct {
	key     string
	order   mapi.SortOrderSet
	assoc   bool
	ids     map[mapi.PropID]bool
	rows    []*message
	lastUse uint64
}

func (ix *sortIndex) cmp(a, b *message) int {
	if c := ix.order.Compare(a, b); c != 0 {
		return c
	}
	return cmp.Compare(a.id.GlobalCounter(), b.id.GlobalCounter())
}

func (ix *sortIndex) insert(m *message) {
	i, _ := slices.BinarySearchFunc(ix.rows, m, ix.cmp)
	ix.rows = slices.Insert(ix.rows, i, m)
}

func (ix *sortIndex) remove(m *message) {
	i, found := slices.BinarySearchFunc(ix.rows, m, ix.cmp)
	if found && ix.rows[i] == m {
		ix.rows = slices.Delete(ix.rows, i, i+1)
		return
	}
	// The key changed without a detach: fall back to a scan.
	if j := slices.Index(ix.rows, m); j >= 0 {
		ix.rows = slices.Delete(ix.rows, j, j+1)
	}
}

// affected reports whether a change of the given property IDs (nil: any)
// can move a row of ix.
func (ix *sortIndex) affected(changed map[mapi.PropID]bool) bool {
	if changed == nil {
		return true
	}
	for id := range ix.ids {
		if changed[id] {
			return true
		}
	}
	return false
}

// detach removes m from the indexes a change of changed can affect and
// returns them for attach.
func (f *folder) detach(m *message, changed map[mapi.PropID]bool) []*sortIndex {
	var out []*sortIndex
	for _, ix := range f.indexes {
		if ix.assoc == m.assoc && ix.affected(changed) {
			ix.remove(m)
			out = append(out, ix)
		}
	}
	return out
}

func attach(m *message, ixs []*sortIndex) {
	for _, ix := range ixs {
		ix.insert(m)
	}
}

func (f *folder) changeKey() []byte {
	if f.ck != nil {
		return slices.Clone(f.ck)
	}
	return changeKey(f.mb.info.ReplicaGUID, f.cn)
}

func (m *message) changeKey() []byte {
	if m.ck != nil {
		return slices.Clone(m.ck)
	}
	return changeKey(m.folder.mb.info.ReplicaGUID, m.cn)
}

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

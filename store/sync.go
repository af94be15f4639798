package store

import (
	"context"
	"fmt"
)

// ChangeTracker is the capability of reporting what changed in a folder
// since a state the caller holds. It is the single mechanism behind MAPI
// ICS ([MS-OXCFXICS] 3.2.5.1: contents and hierarchy synchronization),
// EWS SyncFolderItems/SyncFolderHierarchy ([MS-OXWSSYNC]) and ActiveSync
// Sync/FolderSync ([MS-ASCMD] 2.2.1.21, 2.2.1.5).
//
// A state is four ID sets, the same ones ICS keeps (MetaTagIdsetGiven,
// MetaTagCnsetSeen, MetaTagCnsetSeenFAI, MetaTagCnsetRead): the IDs the
// client holds and the change numbers it has seen. The store reports, in
// CN order:
//   - every object in scope whose CN the client has not seen (ChangeNew if
//     its ID is not in Given, else ChangeModify);
//   - every ID in Given that has left the scope (deleted, moved away, or
//     for hierarchy moved out of the subtree) as ChangeDelete;
//   - for messages in Given whose content is unchanged, read-flag changes
//     whose read CN the client has not seen, as ChangeRead (unless
//     SyncOptions.NoReadState).
//
// With SyncOptions.MaxChanges the report stops after that many changes and
// More is set; the returned State then covers exactly the changes
// returned, so calling again with it continues where this page ended.
// States are values: the caller persists them (State.AppendBinary) in its
// sync key, device state or ICS stream, and may replay any earlier state
// (an ActiveSync client retrying a SyncKey) to get the same changes again
// plus whatever happened since.
type ChangeTracker interface {
	// SyncContents reports changes to the messages of folder fid since
	// state (nil or empty: everything, as all ChangeNew).
	SyncContents(ctx context.Context, fid FID, state *SyncState, opts *SyncOptions) (*ContentChanges, error)
	// SyncHierarchy reports changes to the folders below root (root
	// itself excluded) since state.
	SyncHierarchy(ctx context.Context, root FID, state *SyncState, opts *SyncOptions) (*HierarchyChanges, error)
}

// SyncOptions tunes a synchronization. nil means: normal messages, read
// state reported, no page limit.
type SyncOptions struct {
	// MaxChanges bounds the number of changes returned (0: no bound).
	MaxChanges int
	// IncludeAssociated adds associated (FAI) messages (ICS's FAI flag).
	IncludeAssociated bool
	// ExcludeNormal leaves normal messages out (only FAI ones).
	ExcludeNormal bool
	// NoReadState suppresses ChangeRead entries (ICS without the
	// ReadState flag); read-flag changes are then not reported at all.
	NoReadState bool
}

// ChangeKind says what happened to an object.
type ChangeKind uint8

// Change kinds.
const (
	ChangeNew    ChangeKind = iota + 1 // the client does not have the object
	ChangeModify                       // the client has an older version
	ChangeDelete                       // the object left the scope
	ChangeRead                         // only the read flag changed
)

// String returns "new", "modify", "delete", "read" or "ChangeKind(n)".
func (k ChangeKind) String() string {
	switch k {
	case ChangeNew:
		return "new"
	case ChangeModify:
		return "modify"
	case ChangeDelete:
		return "delete"
	case ChangeRead:
		return "read"
	}
	return fmt.Sprintf("ChangeKind(%d)", uint8(k))
}

// MessageChange is one entry of a contents synchronization.
type MessageChange struct {
	Kind ChangeKind
	ID   MID
	// CN is the change number that caused the entry: the message's CN,
	// its read CN (ChangeRead) or its tombstone's CN (ChangeDelete).
	CN         CN
	Associated bool
	// Read is the current read flag (ChangeNew, ChangeModify, ChangeRead).
	Read bool
	// SoftDelete marks a soft deletion (ChangeDelete).
	SoftDelete bool
}

// ContentChanges is the result of SyncContents.
type ContentChanges struct {
	Changes []MessageChange
	// State is the state after the client applied Changes.
	State *SyncState
	// More is set when MaxChanges cut the report short.
	More bool
}

// FolderChange is one entry of a hierarchy synchronization.
type FolderChange struct {
	Kind     ChangeKind // ChangeNew, ChangeModify or ChangeDelete
	ID       FID
	ParentID FID // current parent (not for ChangeDelete)
	CN       CN
	// SoftDelete marks a soft deletion (ChangeDelete).
	SoftDelete bool
}

// HierarchyChanges is the result of SyncHierarchy. Parents are reported
// before their children.
type HierarchyChanges struct {
	Changes []FolderChange
	State   *SyncState
	More    bool
}

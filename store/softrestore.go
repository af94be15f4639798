package store

import "context"

// SoftDeletedRestorer is the capability of recovering retained
// soft-deleted messages (see SoftDeletedTables): listing those of the
// whole mailbox, restoring one into a live folder and purging one. It is
// what EWS serves as the Recoverable Items folders
// (DistinguishedFolderId recoverableitemsdeletions, [MS-OXWSCDATA]
// 2.2.5.10): FindItem there lists every retained message, MoveItem out of
// it restores one, DeleteItem in it purges one.
type SoftDeletedRestorer interface {
	// QueryAllSoftDeleted queries every retained soft-deleted message of
	// the mailbox (those soft-deleted from live folders and those held by
	// retained soft-deleted folders, see SoftDeletedFolders) with the
	// reference semantics of Tables.QueryMessages (Associated,
	// Restriction, Sort, Columns, Offset, Limit, Total). Rows carry the
	// message's former MID and Folder the folder it was deleted from.
	// Without a Sort the order is the store's (stable between calls that
	// change nothing).
	QueryAllSoftDeleted(ctx context.Context, q *Query) (*QueryResult, error)
	// RestoreSoftDeleted puts retained message mid back into the live
	// folder to as a new message: a new MID, a fresh CN, the content,
	// flags and read state it had when deleted. Change tracking and
	// notifications report it as created in to (EventObjectCreated). The
	// retained copy is gone afterwards unless opts.Keep (a copy). A
	// message not retained (unknown, purged, already restored) is
	// ErrNotFound; a folder to that is not live is ErrNotFound;
	// ErrQuotaExceeded as CreateMessage.
	RestoreSoftDeleted(ctx context.Context, mid MID, to FID, opts *RestoreOptions) (*MessageInfo, error)
	// PurgeSoftDeleted drops the retained messages among mids for good,
	// in one write, and returns those it dropped, in mids' order; MIDs
	// not retained (unknown, purged, restored) are skipped. Nothing is
	// reported to change tracking: their deletes were reported when they
	// were soft-deleted.
	PurgeSoftDeleted(ctx context.Context, mids []MID) ([]MID, error)
}

// RestoreOptions tunes RestoreSoftDeleted. nil means a restore (the
// retained message is consumed).
type RestoreOptions struct {
	// Keep leaves the retained message in place: the live message is a
	// copy (EWS CopyItem out of Recoverable Items).
	Keep bool
}

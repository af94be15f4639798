package store

import "context"

// SoftDeletedTables is the capability of retaining soft-deleted messages
// and listing them: EWS FindItem with Traversal="SoftDeleted"
// ([MS-OXWSSRCH] 2.2.5.x ItemQueryTraversalType), MAPI contents tables
// with SHOW_SOFT_DELETES ([MS-OXCFOLD] 2.2.1.14).
//
// A message removed without DeleteOptions.Hard (DeleteMessages, or
// EmptyFolder without EmptyFolderOptions.Hard) is retained: it no longer
// counts in its folder, is reported by change tracking as a soft
// delete, cannot be opened by ID, and is listed by QuerySoftDeleted of
// the folder it was removed from until the store purges it.
// Implementations may bound retention (and document the bound);
// hard-deleting the folder purges what it retained (a soft delete of the
// folder keeps it, in stores implementing SoftDeletedFolders).
type SoftDeletedTables interface {
	// QuerySoftDeleted queries the retained soft-deleted messages of fid
	// (associated ones with q.Associated) with the reference semantics of
	// Tables, in the order they were deleted before sorting. Rows carry
	// Folder fid and the message's former MID.
	QuerySoftDeleted(ctx context.Context, fid FID, q *Query) (*QueryResult, error)
}

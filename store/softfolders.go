package store

import (
	"context"

	"github.com/oxkit/oxkit/mapi"
)

// SoftDeletedFolders is the capability of retaining soft-deleted folders
// and listing them: EWS FindFolder with Traversal="SoftDeleted"
// ([MS-OXWSSRCH] 2.2.5.x FolderQueryTraversalType: "only soft-deleted
// folders are retrieved", a shallow traversal), MAPI hierarchy tables with
// SHOW_SOFT_DELETES ([MS-OXCFOLD] 2.2.1.14).
//
// A folder removed by DeleteFolder without DeleteOptions.Hard (or by
// EmptyFolder with Subfolders and without Hard) is retained with its
// subtree: it is gone from the hierarchy (Folder, Subfolders and
// QueryFolders do not see it, change tracking reports it as a soft
// delete) and is listed by QuerySoftDeletedFolders of the folder it was
// removed from, with the properties it had when deleted. The messages it
// held are retained as soft-deleted messages of its former FID
// (SoftDeletedTables.QuerySoftDeleted answers for that FID), and its
// subfolders are listed by QuerySoftDeletedFolders of its former FID.
// Implementations may bound retention per parent folder (and document the
// bound); hard-deleting a folder purges the soft-deleted folders it
// retained.
type SoftDeletedFolders interface {
	// QuerySoftDeletedFolders queries the folders soft-deleted from
	// parent (a live folder or a retained soft-deleted one, whose
	// subfolders are listed), with the reference semantics of
	// Tables.QueryFolders (Restriction, Sort, Columns, Offset, Limit,
	// Recursive over the retained subtrees), in the order they were
	// deleted before sorting. Rows carry the folder's former FID. A parent
	// that is neither live nor retained is ErrNotFound.
	QuerySoftDeletedFolders(ctx context.Context, parent FID, q *Query) (*QueryResult, error)
}

// SoftDeletedReader is the capability of opening a retained soft-deleted
// message (see SoftDeletedTables) by its former ID: EWS GetItem of an
// item in Recoverable Items, as Exchange allows.
type SoftDeletedReader interface {
	// SoftDeletedMessage returns retained soft-deleted message mid as
	// Message returned it before the delete, opts as there except that
	// every value is returned inline (opts.StreamThreshold is ignored:
	// OpenPropertyStream does not open retained messages). Info.FolderID
	// is the folder it was deleted from (which may itself be a retained
	// soft-deleted folder). A message not retained is ErrNotFound.
	SoftDeletedMessage(ctx context.Context, mid MID, opts *MessageOptions) (*Message, error)
	// SoftDeletedFolder returns retained soft-deleted folder fid (see
	// SoftDeletedFolders) as Folder returned it before the delete, tags
	// as there; ParentID is the folder it was deleted from. A folder not
	// retained is ErrNotFound.
	SoftDeletedFolder(ctx context.Context, fid FID, tags []mapi.PropTag) (*Folder, error)
}

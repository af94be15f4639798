package store

import (
	"context"

	"github.com/oxkit/oxkit/mapi"
)

// Tables is the capability of answering contents and hierarchy table
// queries ([MS-OXCTABL]; EWS FindItem/FindFolder; ActiveSync Search and
// ItemOperations) inside the store, with indexes, instead of loading a
// folder. Implementations must return exactly what the reference
// semantics below give; storetest checks them against mapi's evaluator.
//
// Reference semantics of a Query over a folder's messages (or a parent's
// subfolders):
//  1. keep the rows matching Restriction under mapi.Evaluate (nil: all);
//  2. order them by Sort with mapi.SortOrderSet.Compare (missing values
//     last in either direction), ties keeping the base order (messages:
//     ascending global counter of the MID; folders: depth-first creation
//     order); a categorized sort (CategorizedCount > 0) is ErrNotSupported
//     for now;
//  3. Total is the number of rows after step 1; Rows are the rows at
//     positions Offset .. Offset+Limit-1 (Limit 0: to the end), each with
//     the values of Columns it has (absent ones omitted).
type Tables interface {
	// QueryMessages queries the contents table of fid (its associated
	// contents table with q.Associated).
	QueryMessages(ctx context.Context, fid FID, q *Query) (*QueryResult, error)
	// QueryFolders queries the hierarchy table of parent (its direct
	// subfolders, or its whole subtree with q.Recursive, in depth-first
	// creation order before sorting).
	QueryFolders(ctx context.Context, parent FID, q *Query) (*QueryResult, error)
}

// Query is a table query. nil means: all rows, ID order, no columns.
type Query struct {
	Restriction mapi.Restriction
	Sort        mapi.SortOrderSet
	// Columns are the properties returned per row.
	Columns []mapi.PropTag
	// Offset skips that many rows; Limit bounds the rows returned (0: no
	// bound).
	Offset, Limit int
	// Associated queries associated (FAI) messages instead of normal ones.
	Associated bool
	// Recursive makes a hierarchy query cover the whole subtree.
	Recursive bool
}

// Row is one table row: a message (Message set, Folder its folder) or a
// folder (Message 0).
type Row struct {
	Folder  FID
	Message MID
	Props   []mapi.PropValue
}

// QueryResult is a page of a table.
type QueryResult struct {
	Rows []Row
	// Total is the number of rows matching the restriction.
	Total int
}

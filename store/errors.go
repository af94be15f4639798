package store

import "errors"

// Sentinel errors. Implementations wrap them with %w and context
// ("memstore: message 0x1234: store: not found"); callers test with
// errors.Is. A protocol front end turns them into its own codes in one
// place (ecNotFound, ErrorItemNotFound, Status 8, HTTP 404 ...): the store
// never speaks those codes.
var (
	// ErrNotFound: the mailbox, folder, message, attachment, property,
	// device-state blob or directory entry does not exist (or was deleted).
	ErrNotFound = errors.New("store: not found")
	// ErrExists: an object with that identity or name already exists (a
	// mailbox for that owner; a folder of that display name under the same
	// parent).
	ErrExists = errors.New("store: already exists")
	// ErrConflict: an optimistic-concurrency check failed (the caller's
	// change key is not the object's current one), or a move would create a
	// cycle in the folder tree.
	ErrConflict = errors.New("store: conflict")
	// ErrAccessDenied: the operation is not allowed on this object (deleting
	// or moving a special folder, a wrong password, an embedder's policy).
	ErrAccessDenied = errors.New("store: access denied")
	// ErrQuotaExceeded: the write would exceed the mailbox's quota.
	ErrQuotaExceeded = errors.New("store: quota exceeded")
	// ErrNotSupported: the implementation does not offer this operation or
	// option (for example a sort on a multi-instance column).
	ErrNotSupported = errors.New("store: not supported")
	// ErrInvalidArgument: the request is malformed (a property value whose
	// Go type does not match its tag, an empty display name, a negative
	// offset, a corrupt sync state).
	ErrInvalidArgument = errors.New("store: invalid argument")
	// ErrNotEmpty: a folder delete without DeleteOptions.Recursive met a
	// folder that still holds messages or subfolders.
	ErrNotEmpty = errors.New("store: folder not empty")
	// ErrSyncStateExpired: a sync state refers to history the store no
	// longer keeps (tombstones expired); the client must start over with
	// an empty state. ActiveSync maps it to "invalid SyncKey", EWS to
	// ErrorInvalidSyncStateData, ICS to a full resynchronization.
	ErrSyncStateExpired = errors.New("store: sync state expired")
	// ErrClosed: the store or subscription has been closed.
	ErrClosed = errors.New("store: closed")
)

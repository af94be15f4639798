// Package boltstore is a store.Store in one bbolt database file
// (go.etcd.io/bbolt): the persistent store of the example server and of
// single-host embedders. It passes storetest.RunOptions with Reopen, under
// -race.
//
// It implements store.Store, store.DeviceStateStore, store.Directory and
// store.DirectoryAdmin; its mailboxes implement store.Mailbox,
// store.ChangeTracker, store.Notifier, store.Tables,
// store.NamedProperties, store.NamedMappingVersioner,
// store.QuotaReporter, store.IDAllocator,
// store.PermissionStore (folder permissions in the mailbox's "perms"
// bucket) and store.RuleStore (rules tables in the meta bucket, see
// rules.go).
//
// # Durability
//
// Every Store and Mailbox call that writes is exactly one bbolt
// read-write transaction, committed (and fsynced, unless Options.NoSync)
// before the call returns: an acknowledged write survives kill -9 and
// power loss, and a call that fails leaves the file as it was. Bulk
// operations (SetReadFlags over 10,000 messages, DeleteMessages,
// MoveMessages, CopyMessages, EmptyFolder) are one transaction too, not
// one per message. Events are delivered only after the commit.
//
// # Layout
//
// Per mailbox, a bucket "mb:<owner>" holds sub-buckets: meta (identity,
// ID and CN counters, reserved IDs, receive folders), folders (FID ->
// folder record with its properties), msgs (MID -> message record: change
// state, flags, size, then properties, recipients and attachments,
// embedded messages inline), blobs ((MID, value, chunk) -> bytes of
// values above Options.LargeValue, in Options.ChunkSize chunks), tombs
// ((FID, CN) -> removed MID), htombs (FID -> deletion CN) and named (ID
// -> property name). Store-wide buckets hold device state, the directory
// (JSON records) and the list of mailboxes. Keys are big-endian global
// counters, so records are in ID order and pages fill completely;
// property values use the [MS-OXCDATA] 2.11.2.1 encoding (strings and
// binary raw).
//
// Opening a mailbox reads its folders and the fixed-size header of every
// message record into memory (about 150 bytes per message): IDs, CNs,
// read flags, sizes, change keys. Change tracking, read-state logs,
// counts and sort indexes are built from that and kept current by every
// write, so a sync costs what its changes cost and a sorted page of a
// 100,000-message folder reads only its 50 records. A sort index holds
// the sort-key values of every message of a folder and is built on the
// first query with that order (one pass over the folder's records), at
// most Options.MaxIndexes per folder.
//
// Reads decode only the asked-for properties of a record (readpath.go).
// A batch read (Messages) or a page of rows (QueryMessages) copies the
// values it decodes out of the database into an arena of its own
// (arena.go): a few allocations per call instead of several per value,
// with the price that a caller keeping part of a result keeps the
// call's chunks alive. The chunks are sized to what the rest of the call
// is likely to need at the rate of the messages or rows decoded so far,
// rows are built in place, and the common value types (strings,
// binaries, integers, booleans, times) are decoded straight from the
// record's bytes; anything else takes the checked decoder.
//
// # Limits and omissions
//
//   - One process per file (bbolt's file lock; Options.Timeout).
//   - A commit that fails after the in-memory state changed (disk full,
//     I/O error) leaves the file intact but the open mailbox unusable:
//     further calls return the error until the store is reopened.
//   - Rewriting a message keeps its unchanged large values; values it
//     replaces stay in the blobs bucket until the message is deleted.
//   - Sorting on a value stored as chunks reads it for every row when the
//     index is built; restrictions read every record of the folder.
//   - Tombstones are kept for the life of the mailbox (no
//     ErrSyncStateExpired); soft-deleted items are not retained;
//     categorized sorts are store.ErrNotSupported; passwords are salted
//     SHA-256.
package boltstore

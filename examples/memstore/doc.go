// Package memstore is oxkit's reference in-memory implementation of the
// store contract (package store): every mailbox, message and sync state
// lives in the process and is lost when it exits. It is the store of
// tests, demos and the example server's "memory" mode, and the model a
// new store implementation can read next to store/storetest.
//
// It implements store.Store, store.DeviceStateStore, store.Directory and
// store.DirectoryAdmin; its mailboxes implement store.Mailbox,
// store.ChangeTracker, store.Notifier, store.Tables,
// store.NamedProperties, store.NamedMappingVersioner,
// store.QuotaReporter, store.IDAllocator,
// store.PermissionStore and store.RuleStore (rules tables kept per
// folder, see rules.go). It passes
// storetest.Run, under -race.
//
// Design:
//   - One sync.RWMutex per mailbox. Writes are serialized, which orders
//     change numbers and events; reads run in parallel. Values going in
//     and out are deep-copied, so callers never share memory with the
//     store.
//   - FIDs/MIDs and change numbers come from two 48-bit counters of
//     replica 1 (as in Exchange), so IDs created in a row form one IDSET
//     range.
//   - Each folder keeps an append-only log of (CN, message) for content
//     changes and one for read-state changes, plus tombstones; a sync
//     from a state whose CNSET is [1..k] binary-searches to k and reads
//     only the newer entries. Stale log entries are compacted once they
//     outnumber live messages.
//   - Sorted table queries use per-folder sort indexes (a sorted slice
//     per sort key, at most Options.MaxIndexes per folder, least recently
//     built evicted) that every write keeps current, so the first page
//     of a 100,000-message folder costs what 50 rows cost. A write
//     re-positions a message only in the indexes whose keys it touched.
//   - Notifications use a bounded queue per subscription; a full queue
//     drops events and owes an EventOverflow.
//
// Limits and omissions: everything is in memory (a 4 KB message costs
// about 5 KB); tombstones are kept for the life of the mailbox (no
// ErrSyncStateExpired); soft-deleted objects are not retained (soft and
// hard delete differ only in the tombstone's flag); restrictions with a
// sort run over the sorted index and evaluate every row, so a restricted
// query is O(folder); passwords are salted SHA-256, not a password hash;
// categorized sorts are store.ErrNotSupported.
package memstore

// Package store is the contract between oxkit's protocol front ends
// (emsmdb for MAPI/HTTP, ews, activesync, nspi) and the storage that holds
// mailboxes. An embedder implements it over their own database; oxkit
// ships an in-memory store (examples/memstore), a bbolt store
// (examples/boltstore) and the conformance suite every implementation
// must pass (store/storetest).
//
// # Model
//
// One canonical model serves every protocol: the Exchange store of
// [MS-OXCDATA], [MS-OXCFOLD], [MS-OXCMSG] and [MS-OXCFXICS]. A Store holds
// mailboxes; a Mailbox is a tree of folders; a folder holds messages
// (normal ones and folder associated information, FAI); a message is a
// property bag ([]mapi.PropValue, values typed as mapi.PropValue
// documents) with a recipient table and attachments, which may carry
// embedded messages. EWS items, ActiveSync application data, MIME,
// iCalendar and vCard are converted to and from bags by other packages;
// the store never sees them.
//
// # Interfaces
//
// The core is small: Store (CreateMailbox, OpenMailbox, Close) and
// Mailbox (folders, messages, attachments, streams, read flags, bulk
// operations, receive folders). Everything else is a capability found by
// type assertion, each asserted at compile time by the implementations:
//
//	on a Mailbox:  ChangeTracker (ICS / SyncFolder* / Sync)
//	               Notifier      (MAPI notifications, EWS subscriptions, EAS Ping)
//	               Tables        (contents and hierarchy tables, FindItem, Search)
//	               NamedProperties (GetIDsFromNames / GetNamesFromIDs)
//	               NamedMappingVersioner (has the named-property mapping changed? for front-end caches)
//	               QuotaReporter
//	               IDAllocator   (RopGetLocalReplicaIds: client-assigned IDs)
//	               PermissionStore (folder permissions: RopModifyPermissions, EWS PermissionSet, delegates)
//	               RuleStore     (rules tables: RopModifyRules, EWS inbox rules;
//	                              run at delivery by package store/rules)
//	               SoftDeletedTables (EWS SoftDeleted traversal of soft-deleted messages)
//	               SoftDeletedFolders (EWS FindFolder SoftDeleted: soft-deleted folders kept with their subtree)
//	               SoftDeletedReader (EWS GetItem/GetFolder of soft-deleted messages and folders by ID)
//	               SoftDeletedRestorer (EWS Recoverable Items: list, restore and purge soft-deleted messages)
//	               MessageBatchReader (several messages in one read, for EWS GetItem)
//	               SpecialFolderProvisioner (the OnDemand special folders: Recipient Cache, Conversation History)
//	on the Store:  DeviceStateStore (per user+client+name blobs)
//	               Directory, DirectoryAdmin (NSPI, ResolveNames, GAL, login)
//
// Every method that can block takes a context.Context first. Optional
// arguments travel in options structs whose nil (or zero) value means the
// documented default. Methods either return a usable value or a non-nil
// error: never (nil, nil).
//
// # Errors
//
// Failures wrap one of the sentinels of errors.go with %w: ErrNotFound,
// ErrExists, ErrConflict, ErrAccessDenied, ErrQuotaExceeded,
// ErrNotSupported, ErrInvalidArgument, ErrNotEmpty, ErrSyncStateExpired,
// ErrClosed; a canceled context returns ctx.Err(). The store speaks no
// MAPI error code, EWS ResponseCode, ActiveSync Status or HTTP status: each
// front end maps the sentinels in one function (for example ErrNotFound
// to ecNotFound, ErrorItemNotFound, Status 8, 404).
//
// # Identity
//
// FIDs, MIDs and change numbers are mapi.ID values (replica ID + 48-bit
// global counter, [MS-OXCDATA] 2.2.1); a store hands out IDs of replica 1
// (ReplicaID1) only, from a counter separate from the change-number
// counter (so IDs created in a row form one IDSET range). IDs are unique
// within a mailbox and never reused; compare them by GlobalCounter. A MID
// alone names a message. A moved message gets a new MID (as in Exchange);
// a moved folder keeps its FID.
//
// MailboxInfo.MailboxGUID is the ProviderUID of the mailbox's entry IDs
// and MailboxInfo.ReplicaGUID the REPLGUID of replica 1 (the DatabaseGuid
// of entry IDs, the namespace of change keys and source keys). Entry IDs
// are derived, never stored: FolderEntryID and MessageEntryID build them
// ([MS-OXCDATA] 2.2.4.1, 2.2.4.2) and SourceKey builds source keys
// ([MS-OXCFXICS] 2.2.1.2.5); stores also return them as the computed
// properties PidTagEntryId, PidTagParentEntryId, PidTagSourceKey and
// PidTagParentSourceKey.
//
// Named properties ([MS-OXCDATA] 2.6) are mapped per mailbox to IDs
// 0x8000..0xFFFE by NamedProperties; a mapping never changes once made.
// Property bags store named properties under their mapped IDs.
//
// # Provisioning
//
// CreateMailbox creates the special folders of [MS-OXOSFLD] 2.2.1 listed in
// SpecialFolders (root, IPM subtree, Inbox, Outbox, Sent Items, Deleted
// Items, Drafts, Calendar, Contacts, Tasks, Notes, Journal, Junk E-mail,
// Sync Issues with Conflicts, Local Failures and Server Failures,
// Conversation Action Settings, Quick Step Settings, RSS Feeds, Archive,
// Reminders, Finder, Views, Common Views, Schedule, Shortcuts, Freebusy
// Data, Spooler Queue, Quick Contacts, IM Contact List) with the
// properties of ProvisionProps: display name, PidTagContainerClass
// ([MS-OXOSFLD] 2.2.8), and on the Root and Inbox folders the
// PidTagIpm*EntryId properties (2.2.3), PidTagAdditionalRenEntryIds
// (2.2.4) and PidTagAdditionalRenEntryIdsEx (2.2.5). The receive folder
// table maps "" and "IPM" to the Inbox and "IPC" to the root
// ([MS-OXCSTOR] 2.2.1.2). The store-object properties
// (PidTagIpmSubtreeEntryId, PidTagIpmOutboxEntryId,
// PidTagIpmWastebasketEntryId, PidTagIpmSentMailEntryId,
// PidTagFinderEntryId, PidTagViewsEntryId, PidTagCommonViewsEntryId of
// [MS-OXCSTOR] 2.2.2.1) are for emsmdb to compute from SpecialFolder and
// FolderEntryID. Special folders cannot be moved or deleted
// (ErrAccessDenied). The OnDemand entries of SpecialFolders (Recipient
// Cache, Conversation History) are left out: stores implementing
// SpecialFolderProvisioner create them when first needed, as Exchange
// creates its default folders on first use; until then SpecialFolder
// answers ErrNotFound for them.
//
// # Messages
//
// Message and Folder carry stored properties plus computed ones the store
// maintains and ignores on input (listed on the types): PidTagMid,
// PidTagFolderId, PidTagChangeNumber, PidTagChangeKey,
// PidTagPredecessorChangeList, PidTagMessageSize,
// PidTagLastModificationTime, PidTagHasAttachments, PidTagAssociated, the
// read/has-attachment/associated bits of PidTagMessageFlags, and for
// folders the content and unread counts. A property tag's type is part of
// the value: looking up a tag of another type finds nothing, except
// PtypUnspecified, which matches any type. A bag holds one value per
// property ID.
//
// Large values need not pass through memory whole: MessageOptions.
// StreamThreshold withholds binary and string values above a size
// (listed in Message.Large) and OpenPropertyStream reads them from a
// PropRef (message, attachment path, embedded message); Message.Streams,
// Attachment.Streams and MessageUpdate.Streams supply values from
// readers; PropertyWriter turns RopWriteStream-style incremental writes
// into one such update through a temporary file. Attachments can be
// replaced whole (MessageUpdate.SetAttachments) or changed in place
// (MessageUpdate.UpdateAttachments). A store may keep large values in
// chunks.
//
// Bulk operations (DeleteMessages, MoveMessages, CopyMessages,
// SetReadFlags) take many IDs and are one atomic operation (one
// transaction in a persistent store, not one per message); IDs that are
// not in the folder are skipped and the result lists what was done, which
// is what per-item protocol responses need.
//
// UpdateMessage is atomic and can be conditional (IfChangeKey,
// ErrConflict), which gives EWS ChangeKey checks and MAPI save conflict
// detection. Changes a MAPI client made offline and uploads through ICS
// carry their own change key and PCL (ChangeImport on Message,
// MessageUpdate, CreateFolderOptions, UpdateOptions) and may name objects
// with IDs the client reserved (IDAllocator, Message.ID,
// CreateFolderOptions.ID).
//
// # Change tracking
//
// Every create, modify, move or delete assigns a new change number; a
// content change updates the object's change key (the XID of the new CN)
// and appends it to its predecessor change list ([MS-OXCFXICS] 2.2.2.2,
// 2.2.2.3); a removal leaves a tombstone. A read-flag change through
// SetReadFlags gets a read-state CN of its own and leaves the content CN
// alone, as Exchange does.
//
// ChangeTracker answers "what changed in this folder (or folder subtree)
// since this state": the state is ICS's four ID sets (SyncState: given
// IDs, seen CNs, seen FAI CNs, seen read CNs) and the answer is the new,
// modified, deleted and read-changed objects in CN order plus the state
// after them. One mechanism serves three protocols:
//
//   - MAPI ICS ([MS-OXCFXICS]): the state is what RopSynchronization*
//     uploads and downloads (MetaTagIdsetGiven, MetaTagCnsetSeen,
//     MetaTagCnsetSeenFAI, MetaTagCnsetRead), converted between REPLID and
//     REPLGUID form with mapi.IDSet.ToGIDSet; SyncOptions mirror the
//     Normal, FAI and ReadState flags.
//   - EWS SyncFolderItems / SyncFolderHierarchy ([MS-OXWSSYNC]): SyncState
//     is State.AppendBinary in base64; MaxChangesReturned is MaxChanges and
//     IncludesLastItemInRange is !More; ChangeRead is ReadFlagChange.
//   - ActiveSync Sync / FolderSync ([MS-ASCMD]): the device keeps a SyncKey
//     naming a state saved with DeviceStateStore; WindowSize is MaxChanges
//     and MoreAvailable is More; a client retrying an old SyncKey replays
//     the older state and gets the same changes again plus newer ones.
//
// States are values: a call never modifies the state it is given, any
// earlier state remains valid (until the store expires its tombstones, then
// ErrSyncStateExpired), and states are compact (IDSET ranges) and
// persistable by the caller. Paging with MaxChanges returns a state that
// covers exactly the changes returned. SyncHierarchy reports parents
// before children. Changes a client made itself through a front end are
// acknowledged in its state (SyncState.AckChange, AckDelete, AckRead) so
// the next sync does not echo them back.
//
// # Tables
//
// Tables evaluates contents and hierarchy queries in the store with the
// semantics Tables documents: mapi.Evaluate for the restriction,
// mapi.SortOrderSet.Compare for the multi-column sort, Offset/Limit
// paging and the total row count. Implementations keep indexes so that a
// sorted page costs what its rows cost, not what the folder costs.
//
// # Notifications
//
// Notifier publishes events (new mail, created, modified, deleted, moved,
// copied) per mailbox or per folder, in commit order. A slow subscriber
// never blocks a writer: its bounded queue drops events and delivers one
// EventOverflow, after which the subscriber resynchronizes with
// ChangeTracker.
//
// # Implementing a store
//
// Run storetest.Run (with storetest.Options.Reopen for a persistent
// store) from the implementation's tests, under -race. Assert each
// capability at compile time (var _ store.ChangeTracker = (*Mailbox)(nil)).
// Provision from SpecialFolders and ProvisionProps. Keep writes atomic;
// publish events only after a write commits, in CN order.
//
// # Not yet in the contract
//
// Categorized (grouped) tables, search folders, per-folder permissions
// (ACLs) and delegate access, public folders, rules, retention of
// soft-deleted items for recovery (the flag is carried, retention is the
// store's choice), and sync restricted to a filter (ActiveSync
// FilterType is applied by the front end). Limits: embedded messages nest
// at most 16 deep in the shipped stores; named property IDs run out at
// 0xFFFE (ErrQuotaExceeded).
package store

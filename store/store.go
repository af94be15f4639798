package store

import (
	"context"
	"io"
	"time"

	"github.com/oxkit/oxkit/mapi"
)

// Store is the root of an implementation: a set of mailboxes. It is the
// value a protocol handler holds; optional features are found by type
// assertion on the Store (DeviceStateStore, Directory) or on a Mailbox
// (ChangeTracker, Notifier, Tables, NamedProperties, QuotaReporter).
//
// All methods are safe for concurrent use.
type Store interface {
	// CreateMailbox provisions the mailbox of owner (a primary SMTP
	// address, compared case-insensitively) with the special folders of
	// SpecialFolders and returns it opened. ErrExists if owner already has
	// one. opts may be nil.
	CreateMailbox(ctx context.Context, owner string, opts *CreateMailboxOptions) (Mailbox, error)
	// OpenMailbox opens owner's mailbox. ErrNotFound if there is none.
	// Opening is cheap; a Mailbox holds no per-caller state, so any number
	// of front ends may open the same mailbox at once.
	OpenMailbox(ctx context.Context, owner string) (Mailbox, error)
	// Close releases the store. Mailboxes and subscriptions obtained from
	// it fail with ErrClosed afterwards.
	Close() error
}

// CreateMailboxOptions tunes CreateMailbox. The zero value means defaults.
type CreateMailboxOptions struct {
	// DisplayName is the owner's display name (PidTagDisplayName of the
	// store object); default: owner.
	DisplayName string
	// MailboxGUID and ReplicaGUID fix the mailbox's identities (for a
	// migrated mailbox); zero means "generate".
	MailboxGUID, ReplicaGUID mapi.GUID
	// FolderNames overrides the display names of special folders (for a
	// localized mailbox); missing kinds keep the English names of
	// SpecialFolders.
	FolderNames map[SpecialFolder]string
}

// MailboxInfo is the fixed identity of a mailbox.
type MailboxInfo struct {
	// Owner is the owner's primary SMTP address as given to CreateMailbox.
	Owner string
	// DisplayName is the owner's display name.
	DisplayName string
	// MailboxGUID identifies the mailbox: it is the ProviderUID of the
	// mailbox's entry IDs and its store record key ([MS-OXCDATA] 2.2.4).
	MailboxGUID mapi.GUID
	// ReplicaGUID is the REPLGUID of replica ID 1 ([MS-OXCFXICS] 2.2.2.1):
	// the DatabaseGuid of entry IDs, the namespace GUID of change keys
	// (XIDs) and of source keys (GIDs).
	ReplicaGUID mapi.GUID
}

// Mailbox is one user's message store: a folder tree, the messages in it,
// and their change history. IDs are unique within the mailbox: a MID alone
// names a message, a FID a folder.
//
// Every successful write assigns a new change number (CN) to each object
// it creates or modifies, updates the object's change key and predecessor
// change list, records tombstones for what it removes, and publishes
// events to subscribers (see Notifier), all atomically: a reader sees
// either none or all of one call's effects.
type Mailbox interface {
	// Info returns the mailbox's identity.
	Info() MailboxInfo
	// SpecialFolder returns the FID of a provisioned special folder.
	// ErrNotFound if the mailbox has none of that kind.
	SpecialFolder(ctx context.Context, kind SpecialFolder) (FID, error)
	// ReceiveFolder returns the folder that receives messages of class
	// messageClass ([MS-OXCSTOR] 2.2.1.2): the folder set for the longest
	// prefix of messageClass (compared case-insensitively, on "."
	// boundaries) and that prefix. Every mailbox maps "" and "IPM" to the
	// Inbox and "IPC" to the root folder.
	ReceiveFolder(ctx context.Context, messageClass string) (FID, string, error)
	// SetReceiveFolder maps messageClass to fid (fid 0 removes the
	// mapping; the "" mapping cannot be removed). Deleting a folder removes
	// the mappings to it.
	SetReceiveFolder(ctx context.Context, messageClass string, fid FID) error

	// Folder returns the folder fid with the properties of tags (nil tags:
	// every property). ErrNotFound if there is no such folder.
	Folder(ctx context.Context, fid FID, tags []mapi.PropTag) (*Folder, error)
	// Subfolders returns the FIDs of parent's direct subfolders in
	// creation order.
	Subfolders(ctx context.Context, parent FID) ([]FID, error)
	// CreateFolder creates a folder under parent with props, which must
	// include a non-empty PidTagDisplayName. ErrExists (with the existing
	// folder's FID in the returned Folder when opts.OpenExisting is set)
	// if parent has a subfolder of that name.
	CreateFolder(ctx context.Context, parent FID, props []mapi.PropValue, opts *CreateFolderOptions) (*Folder, error)
	// UpdateFolder sets and removes folder properties. Computed properties
	// (see Folder) cannot be set and are ignored. Renaming onto a sibling's
	// name is ErrExists.
	UpdateFolder(ctx context.Context, fid FID, set []mapi.PropValue, remove []mapi.PropTag, opts *UpdateOptions) (*Folder, error)
	// MoveFolder moves fid (with its subtree) under newParent, renaming it
	// to newName unless newName is "". Moving a special folder is
	// ErrAccessDenied; moving a folder into its own subtree is ErrConflict.
	MoveFolder(ctx context.Context, fid, newParent FID, newName string) (*Folder, error)
	// CopyFolder copies fid under newParent as newName ("" keeps the name),
	// with its messages and, when recursive, its subfolders; the copies get
	// new IDs. It returns the new folder.
	CopyFolder(ctx context.Context, fid, newParent FID, newName string, recursive bool) (*Folder, error)
	// DeleteFolder deletes fid. A folder with contents needs
	// opts.Recursive (else ErrNotEmpty). Special folders cannot be deleted
	// (ErrAccessDenied).
	DeleteFolder(ctx context.Context, fid FID, opts *DeleteOptions) error
	// EmptyFolder deletes fid's messages (normal ones; associated ones too
	// with opts.Associated) and, with opts.Subfolders, its subfolders.
	EmptyFolder(ctx context.Context, fid FID, opts *EmptyFolderOptions) error

	// CreateMessage stores msg in folder fid and returns its identity. msg's
	// Info and computed properties are ignored; msg.Streams are read
	// to EOF (large values need not fit in memory). Associated (FAI)
	// messages set msg.Associated.
	CreateMessage(ctx context.Context, fid FID, msg *Message) (*MessageInfo, error)
	// Message returns message mid. With opts.Tags only those properties
	// are returned (recipients and attachments only with opts.Recipients /
	// opts.Attachments). Values longer than opts.StreamThreshold bytes
	// are left out of Props and listed in Large; read them with
	// OpenPropertyStream.
	Message(ctx context.Context, mid MID, opts *MessageOptions) (*Message, error)
	// UpdateMessage applies upd to message mid atomically: one CN, one
	// change-key bump. With upd.IfChangeKey set, a message whose current
	// change key differs is ErrConflict and nothing changes.
	UpdateMessage(ctx context.Context, mid MID, upd *MessageUpdate) (*MessageInfo, error)
	// OpenPropertyStream opens the value of a binary or string property
	// for reading without loading it whole: bytes for PtypBinary, UTF-8
	// for PtypString and PtypString8. size is the length in bytes.
	OpenPropertyStream(ctx context.Context, ref PropRef) (r io.ReadCloser, size int64, err error)

	// DeleteMessages deletes those of mids that are in folder fid, in one
	// atomic operation, and returns the ones it deleted (IDs not in fid are
	// skipped, not an error).
	DeleteMessages(ctx context.Context, fid FID, mids []MID, opts *DeleteOptions) ([]MID, error)
	// MoveMessages moves those of mids that are in src to dst in one
	// operation. A moved message gets a new MID (as in Exchange; the source
	// folder records a tombstone). It returns the pairs moved.
	MoveMessages(ctx context.Context, src, dst FID, mids []MID) ([]MovedMessage, error)
	// CopyMessages copies those of mids that are in src to dst, returning
	// the pairs copied.
	CopyMessages(ctx context.Context, src, dst FID, mids []MID) ([]MovedMessage, error)
	// SetReadFlags sets or clears the read flag of those of mids that are
	// in fid (mids nil: every normal message of fid) in one operation and
	// returns the messages whose flag changed. A read-flag change assigns
	// a read-state CN, not a content CN (see ChangeTracker).
	SetReadFlags(ctx context.Context, fid FID, mids []MID, read bool) ([]MID, error)
}

// Folder is a snapshot of a folder.
//
// Props holds the stored properties plus computed ones the store keeps
// current and refuses to set: PidTagFolderId, PidTagParentFolderId,
// PidTagChangeNumber, PidTagChangeKey, PidTagPredecessorChangeList,
// PidTagLastModificationTime, PidTagLocalCommitTimeMax (the time of the
// last change to the folder's messages, strictly increasing at
// millisecond precision), PidTagContentCount, PidTagContentUnreadCount,
// PidTagAssociatedContentCount (0x36170003), PidTagSubfolders,
// PidTagMessageSizeExtended, PidTagSourceKey, PidTagParentSourceKey,
// PidTagEntryId and PidTagParentEntryId (see SourceKey and
// FolderEntryID).
type Folder struct {
	ID       FID
	ParentID FID // 0 for the root folder
	// Kind is the special folder this is, or 0.
	Kind  SpecialFolder
	CN    CN
	Props []mapi.PropValue
}

// CreateFolderOptions tunes CreateFolder.
type CreateFolderOptions struct {
	// OpenExisting makes a name clash return the existing folder together
	// with ErrExists (RopCreateFolder's OpenExisting flag).
	OpenExisting bool
	// ID is the FID to give the folder (0: the store picks); as
	// Message.ID.
	ID FID
	// Import as in Message.Import.
	Import *ChangeImport
}

// UpdateOptions tunes an update.
type UpdateOptions struct {
	// IfChangeKey, when non-nil, must equal the object's current change
	// key or the update fails with ErrConflict.
	IfChangeKey []byte
	// Import as in MessageUpdate.Import.
	Import *ChangeImport
}

// DeleteOptions tunes deletions.
type DeleteOptions struct {
	// Hard deletes without retention. A soft delete (the default) may be
	// retained by the store for recovery; either way the object leaves
	// its folder and change tracking reports it with Change.SoftDelete set
	// accordingly.
	Hard bool
	// Recursive lets DeleteFolder delete a folder that has contents.
	Recursive bool
}

// EmptyFolderOptions tunes EmptyFolder.
type EmptyFolderOptions struct {
	// Associated also deletes associated (FAI) messages.
	Associated bool
	// Subfolders also deletes all subfolders.
	Subfolders bool
	// Hard as in DeleteOptions.
	Hard bool
}

// Message is a message: a property bag, a recipient table and
// attachments. The same type carries a message in and out.
//
// Props holds stored properties plus computed ones the store maintains and
// ignores on input: PidTagMid, PidTagFolderId (of the parent folder),
// PidTagChangeNumber, PidTagChangeKey, PidTagPredecessorChangeList,
// PidTagMessageSize, PidTagLastModificationTime, PidTagCreationTime (kept
// from input when given), PidTagHasAttachments, PidTagAssociated,
// PidTagSourceKey, PidTagParentSourceKey, PidTagEntryId,
// PidTagParentEntryId (see SourceKey, MessageEntryID) and the read,
// has-attachment and associated bits of PidTagMessageFlags (other bits of
// PidTagMessageFlags are stored as given). Messages embedded in
// attachments have no identity: they carry none of the ID, change and
// entry ID properties.
type Message struct {
	// Info is set on output; ignored on input.
	Info MessageInfo
	// Associated marks a folder associated information (FAI) message
	// ([MS-OXCFOLD] 1.3.2); set on input to CreateMessage.
	Associated bool
	// Read is the read flag (MSGFLAG_READ); set on input to CreateMessage.
	Read bool
	// NewMail, on input to CreateMessage, marks a delivery: subscribers
	// get EventNewMail besides EventObjectCreated.
	NewMail bool
	// ID, on input to CreateMessage, is the MID to give the message (0:
	// the store picks). It must have been reserved with
	// IDAllocator.ReserveIDs and not used yet (ErrExists if in use,
	// ErrInvalidArgument if never reserved).
	ID MID
	// Import, on input, gives the change identity of a change made
	// elsewhere (see ChangeImport).
	Import     *ChangeImport
	Props      []mapi.PropValue
	Recipients []Recipient
	// Attachments in attachment-number order.
	Attachments []Attachment
	// Large lists, on output, the properties left out of Props because
	// they exceed MessageOptions.StreamThreshold.
	Large []LargeProp
	// Streams supplies, on input, values read from a reader instead of
	// held in Props (a value in both is ErrInvalidArgument).
	Streams []StreamProp
}

// MessageInfo is the identity and change state of a message.
type MessageInfo struct {
	ID       MID
	FolderID FID
	CN       CN
	// ChangeKey is the XID of the last change ([MS-OXCFXICS] 2.2.2.2):
	// ReplicaGUID followed by CN as a 6-byte big-endian counter.
	ChangeKey []byte
	// PCL is the predecessor change list in its binary form
	// ([MS-OXCFXICS] 2.2.2.3).
	PCL          []byte
	Size         int64
	Read         bool
	Associated   bool
	LastModified time.Time
}

// Recipient is a row of a message's recipient table ([MS-OXCMSG] 2.2.1.47,
// PidTagRecipientType, PidTagDisplayName, PidTagSmtpAddress ...).
type Recipient struct {
	// RowID is PidTagRowid: 0, 1, ... in table order; assigned by the
	// store on input.
	RowID uint32
	Props []mapi.PropValue
}

// Attachment is an attachment ([MS-OXCMSG] 2.2.2). An embedded message
// (PidTagAttachMethod afEmbeddedMessage) carries it in Embedded.
type Attachment struct {
	// Num is PidTagAttachNumber, unique within the message; on input, 0
	// for every attachment means "number them 0, 1, ...".
	Num      uint32
	Props    []mapi.PropValue
	Embedded *Message
	Large    []LargeProp
	Streams  []StreamProp
}

// LargeProp names a property withheld from Props because of its size.
type LargeProp struct {
	Tag  mapi.PropTag
	Size int64
}

// StreamProp is a property value supplied as a stream on input: bytes for
// PtypBinary, UTF-8 for PtypString/PtypString8. R is read to EOF during
// the call and not closed.
type StreamProp struct {
	Tag mapi.PropTag
	R   io.Reader
}

// PropRef names one property of a message, of one of its attachments, or
// of a message embedded (possibly nested) in attachments.
type PropRef struct {
	Message MID
	// Attachments is the path of attachment numbers from the message down
	// to the object: nil for the message itself, {2} for attachment 2,
	// {2, 0} for attachment 0 of the message embedded in attachment 2.
	Attachments []uint32
	// Embedded selects the embedded message of the last attachment in the
	// path rather than the attachment itself.
	Embedded bool
	Tag      mapi.PropTag
}

// MessageOptions tunes Mailbox.Message. nil means: every property,
// recipients and attachments, no streaming threshold.
type MessageOptions struct {
	// Tags restricts Props to these properties (nil: all).
	Tags []mapi.PropTag
	// Recipients and Attachments ask for the tables (only read when Tags
	// is non-nil; with nil Tags both are returned).
	Recipients, Attachments bool
	// StreamThreshold, when > 0, withholds binary and string values longer
	// than this many bytes (listed in Large instead).
	StreamThreshold int64
}

// MessageUpdate is the change UpdateMessage applies.
type MessageUpdate struct {
	Set    []mapi.PropValue
	Remove []mapi.PropTag
	// Streams sets properties from readers.
	Streams []StreamProp
	// Recipients, when non-nil, replaces the whole recipient table
	// (a pointer to an empty slice clears it).
	Recipients *[]Recipient
	// SetAttachments adds or replaces whole attachments by Num.
	SetAttachments []Attachment
	// UpdateAttachments changes properties of existing attachments in
	// place (ErrNotFound for a missing Num), after SetAttachments.
	UpdateAttachments []AttachmentUpdate
	// RemoveAttachments deletes attachments by number.
	RemoveAttachments []uint32
	// Read, when non-nil, sets the read flag (this is a content change
	// too; SetReadFlags is the read-state-only path).
	Read *bool
	// IfChangeKey as in UpdateOptions.
	IfChangeKey []byte
	// Import gives the change identity of a change made elsewhere.
	Import *ChangeImport
}

// ChangeImport carries the identity of a change a client made on its own
// copy, as MAPI ICS upload delivers it ([MS-OXCFXICS] 3.3.5.8,
// RopSynchronizationImportMessageChange and
// RopSynchronizationImportHierarchyChange). The object still gets a new
// CN (so other clients see the change), but its change key becomes
// ChangeKey and its predecessor change list the union of its current one
// and PCL, instead of an XID of the store's own. Conflict detection is
// the caller's: compare the current MessageInfo.PCL with PCL
// (mapi.PredecessorChangeList.Compare) and update with IfChangeKey set to
// the change key compared against.
type ChangeImport struct {
	// ChangeKey is an XID of 17..24 bytes ([MS-OXCFXICS] 2.2.2.2).
	ChangeKey []byte
	// PCL is a serialized predecessor change list ([MS-OXCFXICS]
	// 2.2.2.3) that should include ChangeKey.
	PCL []byte
	// LastModified, when not zero, becomes PidTagLastModificationTime.
	LastModified time.Time
}

// AttachmentUpdate changes one attachment in place (RopOpenAttachment,
// RopSetProperties, RopSaveChangesAttachment).
type AttachmentUpdate struct {
	Num     uint32
	Set     []mapi.PropValue
	Remove  []mapi.PropTag
	Streams []StreamProp
	// Embedded, when non-nil, replaces the embedded message.
	Embedded *Message
}

// MovedMessage pairs a source message with its copy or moved self.
type MovedMessage struct {
	Old, New MID
}

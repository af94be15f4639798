package store

import (
	"context"
)

// Directory is the capability of describing the organization's
// recipients: the source of NSPI ([MS-OXNSPI]), EWS ResolveNames and
// ExpandDL, ActiveSync ResolveRecipients and GAL Search, and of login.
type Directory interface {
	// LookupUser returns the entry whose SMTP address (primary or proxy)
	// or legacyExchangeDN equals address, case-insensitively, or
	// ErrNotFound.
	LookupUser(ctx context.Context, address string) (*DirectoryEntry, error)
	// VerifyPassword checks a user's password: nil if it matches,
	// ErrAccessDenied if it does not or the user does not exist (the two
	// are not distinguished).
	VerifyPassword(ctx context.Context, address, password string) error
	// ListEntries returns the global address list in display-name order
	// (case-insensitive), from offset, at most limit entries (0: all),
	// and the total.
	ListEntries(ctx context.Context, offset, limit int) ([]DirectoryEntry, int, error)
	// Resolve performs ambiguous name resolution ([MS-OXNSPI] 3.1.4.7,
	// ANR): entries whose display name, any word of it, SMTP address or
	// its local part, or alias starts with name, case-insensitively, in
	// display-name order, at most limit (0: all).
	Resolve(ctx context.Context, name string, limit int) ([]DirectoryEntry, error)
	// Members returns the members of a distribution list, or
	// ErrNotFound / ErrInvalidArgument if address is not a list.
	Members(ctx context.Context, address string) ([]DirectoryEntry, error)
}

// DirectoryEntryKind says what an entry is.
type DirectoryEntryKind uint8

// Entry kinds.
const (
	EntryUser     DirectoryEntryKind = iota + 1 // a mailbox user
	EntryDistList                               // a distribution list
)

// DirectoryEntry is a recipient of the directory.
type DirectoryEntry struct {
	Kind DirectoryEntryKind
	// SMTPAddress is the primary SMTP address.
	SMTPAddress string
	// ProxyAddresses are further addresses ("smtp:alias@example.com",
	// "X500:/o=...").
	ProxyAddresses []string
	DisplayName    string
	// Alias is the mail nickname (PidTagAccount).
	Alias string
	// LegacyDN is the legacyExchangeDN (PidTagEmailAddress of EX
	// addresses), "/o=Org/ou=Exchange Administrative Group
	// (FYDIBOHF23SPDLT)/cn=Recipients/cn=alias".
	LegacyDN string
	// GUID is the object GUID (PidTagAddressBookObjectGuid); stable.
	GUID [16]byte
	// Hidden keeps the entry out of ListEntries and Resolve.
	Hidden bool
	// Room marks a user entry as a room's resource mailbox (Exchange's
	// room mailbox): EWS GetRooms lists it under the room lists it is a
	// member of.
	Room bool
	// RoomList marks a distribution list as a room list (EWS
	// GetRoomLists).
	RoomList bool
}

// DirectoryAdmin is the capability of managing directory entries, used by
// the example server's user file and by tests.
type DirectoryAdmin interface {
	// PutEntry creates or replaces the entry with SMTPAddress e.SMTPAddress.
	// password "" keeps the current password.
	PutEntry(ctx context.Context, e DirectoryEntry, password string) error
	// SetMembers sets the members (SMTP addresses) of the list list.
	SetMembers(ctx context.Context, list string, members []string) error
	// DeleteEntry removes an entry; ErrNotFound if none.
	DeleteEntry(ctx context.Context, address string) error
}

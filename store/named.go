package store

import (
	"context"

	"github.com/oxkit/oxkit/mapi"
)

// NamedProperties is the capability of mapping named properties
// ([MS-OXCDATA] 2.6) to property IDs of the mailbox (0x8000 .. 0xFFFE),
// as RopGetPropertyIdsFromNames / RopGetNamesFromPropertyIds
// ([MS-OXCPRPT] 2.2.12, 2.2.13) need. A mapping, once made, never changes
// for the life of the mailbox (across restarts of a persistent store).
// Names compare by Kind, GUID and LID, or Kind, GUID and Name (case
// sensitive as stored; [MS-OXCPRPT] 3.2.5.9 leaves case to the server,
// and oxkit keeps exact case).
type NamedProperties interface {
	// PropIDs returns the ID of each name: 0 for an unmapped name unless
	// create is set, in which case a new ID is assigned. Running out of IDs
	// is ErrQuotaExceeded.
	PropIDs(ctx context.Context, names []mapi.PropertyName, create bool) ([]mapi.PropID, error)
	// PropNames returns the name of each ID; an unmapped ID gives a name
	// of Kind mapi.NameKindNone.
	PropNames(ctx context.Context, ids []mapi.PropID) ([]mapi.PropertyName, error)
}

// FirstNamedPropID is the first ID a store assigns to a named property.
const FirstNamedPropID mapi.PropID = 0x8000

// MaxNamedPropID is the last ID a store may assign (0xFFFF is reserved).
const MaxNamedPropID mapi.PropID = 0xFFFE

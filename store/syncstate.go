package store

import (
	"encoding/binary"
	"fmt"

	"github.com/oxkit/oxkit/mapi"
)

// SyncState is what a client has of a folder: the four sets of ICS's
// state properties ([MS-OXCFXICS] 2.2.1.1). The IDs and CNs are those of
// replica 1 of the mailbox; a MAPI front end converts them to and from
// the REPLGUID-based form (mapi.IDSet.ToGIDSet) in the ICS stream.
//
// The zero value (or nil) is the initial state: the client has nothing.
// A SyncState is a value: ChangeTracker methods never modify the state
// passed in and return a new one.
type SyncState struct {
	// Given holds the MIDs (FIDs for hierarchy) the client has
	// (MetaTagIdsetGiven).
	Given mapi.IDSet
	// Seen holds the CNs of normal messages (of folders) whose changes
	// the client has (MetaTagCnsetSeen).
	Seen mapi.IDSet
	// SeenFAI holds the CNs of associated messages (MetaTagCnsetSeenFAI).
	SeenFAI mapi.IDSet
	// Read holds the read-state CNs the client has (MetaTagCnsetRead).
	Read mapi.IDSet
}

// Clone returns a deep copy of s (nil gives an empty state).
func (s *SyncState) Clone() *SyncState {
	if s == nil {
		return &SyncState{}
	}
	return &SyncState{Given: s.Given.Clone(), Seen: s.Seen.Clone(), SeenFAI: s.SeenFAI.Clone(), Read: s.Read.Clone()}
}

// syncStateVersion is the first byte of a serialized SyncState.
const syncStateVersion = 1

// AppendBinary appends the persistent form of s: a version byte, then
// Given, Seen, SeenFAI and Read, each a 4-byte little-endian length and
// the REPLID-based IDSET serialization of [MS-OXCFXICS] 2.2.2.4.1. The
// form is compact (ranges of contiguous IDs cost a few bytes) and stable
// across oxkit versions; its meaning is tied to the mailbox it came from.
func (s *SyncState) AppendBinary(b []byte) ([]byte, error) {
	if s == nil {
		s = &SyncState{}
	}
	b = append(b, syncStateVersion)
	for _, set := range []*mapi.IDSet{&s.Given, &s.Seen, &s.SeenFAI, &s.Read} {
		at := len(b)
		b = append(b, 0, 0, 0, 0)
		var err error
		if b, err = set.AppendBinary(b); err != nil {
			return b[:at], fmt.Errorf("store: sync state: %w", err)
		}
		binary.LittleEndian.PutUint32(b[at:], uint32(len(b)-at-4))
	}
	return b, nil
}

// ParseSyncState decodes a state written by AppendBinary. An empty input
// is the initial state. Malformed input is ErrInvalidArgument (wrapping
// the decoding error), never a panic; opt bounds the work (nil: mapi's
// defaults).
func ParseSyncState(b []byte, opt *mapi.IDSetOptions) (*SyncState, error) {
	s := &SyncState{}
	if len(b) == 0 {
		return s, nil
	}
	if b[0] != syncStateVersion {
		return nil, fmt.Errorf("store: sync state version %d: %w", b[0], ErrInvalidArgument)
	}
	off := 1
	for i, set := range []*mapi.IDSet{&s.Given, &s.Seen, &s.SeenFAI, &s.Read} {
		if len(b)-off < 4 {
			return nil, fmt.Errorf("store: sync state: set %d at offset %d: truncated: %w", i, off, ErrInvalidArgument)
		}
		n := int(binary.LittleEndian.Uint32(b[off:]))
		off += 4
		if n > len(b)-off {
			return nil, fmt.Errorf("store: sync state: set %d at offset %d: length %d exceeds input: %w", i, off, n, ErrInvalidArgument)
		}
		v, err := mapi.ParseIDSet(b[off:off+n], opt)
		if err != nil {
			return nil, fmt.Errorf("store: sync state: set %d at offset %d: %w (%w)", i, off, ErrInvalidArgument, err)
		}
		*set = v
		off += n
	}
	if off != len(b) {
		return nil, fmt.Errorf("store: sync state: %d trailing bytes at offset %d: %w", len(b)-off, off, ErrInvalidArgument)
	}
	return s, nil
}

// AckChange records in s that the client already has the current version
// of object id (changed at cn), because the client made the change
// itself: an ActiveSync Sync Add/Change, an EWS CreateItem/UpdateItem in a
// folder the client syncs, an ICS upload. The next sync from s then does
// not echo the change back. associated selects SeenFAI over Seen.
func (s *SyncState) AckChange(id mapi.ID, cn CN, associated bool) {
	s.Given.Add(id)
	if associated {
		s.SeenFAI.Add(cn)
	} else {
		s.Seen.Add(cn)
	}
}

// AckDelete records in s that the client already removed object id (it
// deleted or moved it away itself), so no ChangeDelete is reported for it.
func (s *SyncState) AckDelete(id mapi.ID) { s.Given.Remove(id) }

// AckRead records in s that the client already has the read state set at
// read CN cn (SetReadFlags returns the changed IDs; a front end that sets
// a read flag for a client acknowledges with the message's read CN, or
// simply lets the next sync report it).
func (s *SyncState) AckRead(cn CN) { s.Read.Add(cn) }

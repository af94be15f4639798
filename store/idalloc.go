package store

import "context"

// IDAllocator is the capability of reserving global counters for IDs a
// client assigns itself: RopGetLocalReplicaIds ([MS-OXCROPS] 2.2.13.13,
// [MS-OXCFXICS] 3.2.5.9.4.1), with which Outlook in cached mode names the
// objects it creates offline and then uploads through ICS. Reserved
// counters are never handed out by the store itself; callers pass them as
// Message.ID or CreateFolderOptions.ID (as MakeMID(counter)).
type IDAllocator interface {
	// ReserveIDs reserves count (>= 1) consecutive global counters of
	// replica 1 and returns the first.
	ReserveIDs(ctx context.Context, count uint32) (first uint64, err error)
}

package store

import "github.com/oxkit/oxkit/mapi"

// FID is a 64-bit folder ID ([MS-OXCDATA] 2.2.1.1) in mapi.ID's value
// form: the 8 wire bytes read little-endian. Compare IDs by
// GlobalCounter, never as integers.
type FID = mapi.ID

// MID is a 64-bit message ID ([MS-OXCDATA] 2.2.1.2), as FID.
type MID = mapi.ID

// CN is a change number ([MS-OXCFXICS] 2.2.2.1), as FID: the value of
// PidTagChangeNumber. Change numbers of one mailbox have strictly
// increasing global counters; counter 0 is never used.
type CN = mapi.ID

// ReplicaID1 is the replica ID of a mailbox's own objects: every FID, MID
// and CN a store hands out uses it, and MailboxInfo.ReplicaGUID is its
// REPLGUID.
const ReplicaID1 uint16 = 1

// MakeFID returns the FID of replica 1 with the given global counter.
func MakeFID(counter uint64) FID { return mapi.MakeID(ReplicaID1, counter) }

// MakeMID returns the MID of replica 1 with the given global counter.
func MakeMID(counter uint64) MID { return mapi.MakeID(ReplicaID1, counter) }

// MakeCN returns the CN of replica 1 with the given global counter.
func MakeCN(counter uint64) CN { return mapi.MakeID(ReplicaID1, counter) }

package mapi

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/oxkit/oxkit/internal/wire"
)

// MaxGlobalCounter is the largest 48-bit global counter (GLOBCNT,
// [MS-OXCFXICS] 2.2.2.5) of a folder ID, message ID or change number.
const MaxGlobalCounter = 1<<48 - 1

// ID is a Folder ID ([MS-OXCDATA] 2.2.1.1), Message ID ([MS-OXCDATA]
// 2.2.1.2) or change number (CN, [MS-OXCFXICS] 2.2.2.1): a 16-bit replica
// ID and a 48-bit global counter in 8 bytes.
//
// The value is the 8 wire bytes read as a little-endian uint64, so a ROP
// codec reads and writes an ID with wire.Reader.Uint64 and
// wire.AppendUint64. On the wire the ReplicaId comes first, little-endian
// (the low 16 bits of the value), followed by the GlobalCounter as 6
// big-endian bytes (the same byte order as a GLOBCNT or the GlobalCounter
// of a GID): the ID of replica 1, counter 0x1C is the bytes
// 01 00 00 00 00 00 00 1C, value 0x1C00000000000001. Build IDs with MakeID
// and take them apart with ReplicaID and GlobalCounter; never do arithmetic
// on the value. IDs of one replica do not sort by counter as uint64s;
// compare GlobalCounter values instead.
type ID uint64

// MakeID returns the ID of the given replica and global counter. Only the
// low 48 bits of counter are used.
func MakeID(replica uint16, counter uint64) ID {
	return ID(uint64(replica) | idSwap48(counter&MaxGlobalCounter)<<16)
}

// ReplicaID returns the ID's 16-bit replica ID (REPLID).
func (id ID) ReplicaID() uint16 { return uint16(id) }

// GlobalCounter returns the ID's 48-bit global counter (GLOBCNT).
func (id ID) GlobalCounter() uint64 { return idSwap48(uint64(id) >> 16) }

// IsZero reports whether id is zero (no object).
func (id ID) IsZero() bool { return id == 0 }

// String returns "replica-counter" in hexadecimal, as "1-1C".
func (id ID) String() string {
	return fmt.Sprintf("%X-%X", id.ReplicaID(), id.GlobalCounter())
}

// AppendBinary appends the 8 wire bytes of id.
func (id ID) AppendBinary(b []byte) ([]byte, error) {
	return wire.AppendUint64(b, uint64(id)), nil
}

// ParseID decodes an 8-byte Folder ID, Message ID or CN.
func ParseID(b []byte) (ID, error) {
	if len(b) != 8 {
		return 0, &StructureError{Structure: "ID", Offset: len(b), Err: fmt.Errorf("length %d, want 8", len(b))}
	}
	return ID(binary.LittleEndian.Uint64(b)), nil
}

// idSwap48 reverses the byte order of the low 6 bytes of v.
func idSwap48(v uint64) uint64 {
	var r uint64
	for i := 0; i < 6; i++ {
		r = r<<8 | (v>>(8*i))&0xFF
	}
	return r
}

// appendGlobCnt appends the 6-byte big-endian GLOBCNT c.
func appendGlobCnt(b []byte, c uint64) []byte {
	return append(b, byte(c>>40), byte(c>>32), byte(c>>24), byte(c>>16), byte(c>>8), byte(c))
}

// readGlobCnt reads a 6-byte big-endian GLOBCNT.
func readGlobCnt(r *wire.Reader) uint64 {
	b := r.Bytes(6)
	if b == nil {
		return 0
	}
	return idBEUint(b)
}

// idBEUint reads up to 8 bytes as a big-endian unsigned integer.
func idBEUint(b []byte) uint64 {
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return v
}

// GID is a Global Identifier ([MS-OXCDATA] 2.2.1.3): the GUID of the
// store replica (DatabaseGuid, REPLGUID) and a 48-bit global counter.
// It is 22 bytes on the wire; the counter is big-endian.
type GID struct {
	DatabaseGUID  GUID
	GlobalCounter uint64 // 48 bits
}

// MakeGID returns the GID of counter in the replica named by db. Only the
// low 48 bits of counter are used.
func MakeGID(db GUID, counter uint64) GID {
	return GID{DatabaseGUID: db, GlobalCounter: counter & MaxGlobalCounter}
}

// GIDSize is the wire size of a GID.
const GIDSize = 22

// ParseGID decodes a 22-byte GID.
func ParseGID(b []byte) (GID, error) {
	if len(b) != GIDSize {
		return GID{}, &StructureError{Structure: "GID", Offset: len(b), Err: fmt.Errorf("length %d, want %d", len(b), GIDSize)}
	}
	var g GID
	copy(g.DatabaseGUID[:], b)
	g.GlobalCounter = idBEUint(b[16:22])
	return g, nil
}

// AppendBinary appends the 22 wire bytes of g. It fails if the counter
// does not fit in 48 bits.
func (g GID) AppendBinary(b []byte) ([]byte, error) {
	if g.GlobalCounter > MaxGlobalCounter {
		return b, idErrCounterRange("GID", g.GlobalCounter)
	}
	b = append(b, g.DatabaseGUID[:]...)
	return appendGlobCnt(b, g.GlobalCounter), nil
}

// XID returns g as an XID with a 6-byte LocalId ([MS-OXCFXICS] 2.2.2.2):
// the form of PidTagSourceKey and of change keys.
func (g GID) XID() XID { return NewXID(g.DatabaseGUID, g.GlobalCounter, 6) }

// ID returns the ID of g's counter under the given replica ID.
func (g GID) ID(replica uint16) ID { return MakeID(replica, g.GlobalCounter) }

// String returns "{GUID}:counter" with the counter in hexadecimal.
func (g GID) String() string {
	return fmt.Sprintf("%s:%X", g.DatabaseGUID, g.GlobalCounter)
}

// LongTermID is a LongTermID ([MS-OXCDATA] 2.2.1.3.1): a GID followed by a
// 2-byte Pad, 24 bytes in all. RopLongTermIdFromId and
// RopIdFromLongTermId convert between it and an ID.
type LongTermID struct {
	DatabaseGUID  GUID
	GlobalCounter uint64 // 48 bits
	Pad           uint16 // MUST be zero; kept as read so encoding round-trips
}

// LongTermIDSize is the wire size of a LongTermID.
const LongTermIDSize = 24

// MakeLongTermID returns the LongTermID of counter in the replica named by
// db. Only the low 48 bits of counter are used.
func MakeLongTermID(db GUID, counter uint64) LongTermID {
	return LongTermID{DatabaseGUID: db, GlobalCounter: counter & MaxGlobalCounter}
}

// ParseLongTermID decodes a 24-byte LongTermID.
func ParseLongTermID(b []byte) (LongTermID, error) {
	if len(b) != LongTermIDSize {
		return LongTermID{}, &StructureError{Structure: "LongTermID", Offset: len(b), Err: fmt.Errorf("length %d, want %d", len(b), LongTermIDSize)}
	}
	var l LongTermID
	copy(l.DatabaseGUID[:], b)
	l.GlobalCounter = idBEUint(b[16:22])
	l.Pad = binary.LittleEndian.Uint16(b[22:])
	return l, nil
}

// AppendBinary appends the 24 wire bytes of l. It fails if the counter
// does not fit in 48 bits.
func (l LongTermID) AppendBinary(b []byte) ([]byte, error) {
	if l.GlobalCounter > MaxGlobalCounter {
		return b, idErrCounterRange("LongTermID", l.GlobalCounter)
	}
	b = append(b, l.DatabaseGUID[:]...)
	b = appendGlobCnt(b, l.GlobalCounter)
	return wire.AppendUint16(b, l.Pad), nil
}

// GID returns the GID part of l.
func (l LongTermID) GID() GID {
	return GID{DatabaseGUID: l.DatabaseGUID, GlobalCounter: l.GlobalCounter}
}

// String returns "{GUID}:counter" with the counter in hexadecimal.
func (l LongTermID) String() string { return l.GID().String() }

// StructureError is a malformed identity or change-tracking structure
// (IDs, entry IDs, XIDs, predecessor change lists, IDSETs), located at a
// byte offset of the decoded buffer.
type StructureError struct {
	Structure string // the structure being decoded, as "MessageEntryID"
	Offset    int    // byte offset in the buffer where decoding failed; -1 for encoding errors
	Err       error  // the cause (wire.ErrShort for truncated input)
}

// Error returns "mapi: <structure> at offset <n>: <cause>".
func (e *StructureError) Error() string {
	return fmt.Sprintf("mapi: %s at offset %d: %v", e.Structure, e.Offset, e.Err)
}

// Unwrap returns the cause.
func (e *StructureError) Unwrap() error { return e.Err }

// idStructErr converts a reader's sticky error into a *StructureError.
func idStructErr(structure string, err error) error {
	if err == nil {
		return nil
	}
	var we *wire.Error
	if errors.As(err, &we) {
		cause := we.Err
		if we.What != "" {
			cause = fmt.Errorf("%s: %w", we.What, we.Err)
		}
		return &StructureError{Structure: structure, Offset: we.Offset, Err: cause}
	}
	return &StructureError{Structure: structure, Offset: -1, Err: err}
}

// ErrCounterRange is the cause of an encoding error for a global counter
// that does not fit in 48 bits.
var ErrCounterRange = errors.New("global counter exceeds 48 bits")

func idErrCounterRange(structure string, c uint64) error {
	return &StructureError{Structure: structure, Offset: -1, Err: fmt.Errorf("%w: 0x%X", ErrCounterRange, c)}
}

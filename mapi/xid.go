package mapi

import (
	"bytes"
	"encoding/hex"
	"fmt"
)

// XID is an external identifier ([MS-OXCFXICS] 2.2.2.2): a namespace GUID
// and a LocalId of 1 to 8 bytes. The size of LocalId is not in the
// structure; the container gives it (a SizedXid's XidSize, a property
// value's length). All XIDs of one namespace have LocalIds of one length.
//
// A GID is an XID with a 6-byte LocalId, and so are the change keys
// (PidTagChangeKey) and source keys (PidTagSourceKey) this package builds:
// NewChangeKey.
type XID struct {
	NamespaceGUID GUID
	LocalID       []byte // 1..8 bytes, big-endian when read as a number
}

// XID sizes on the wire: the GUID plus 1..8 bytes of LocalId.
const (
	MinXIDSize = 17
	MaxXIDSize = 24
)

// NewXID returns the XID of namespace ns whose LocalId is the size-byte
// big-endian encoding of v (size 1..8; out-of-range sizes are clamped and
// high bytes of v that do not fit are dropped).
func NewXID(ns GUID, v uint64, size int) XID {
	size = min(max(size, 1), 8)
	local := make([]byte, size)
	for i := size - 1; i >= 0; i-- {
		local[i] = byte(v)
		v >>= 8
	}
	return XID{NamespaceGUID: ns, LocalID: local}
}

// NewChangeKey returns the change key of change number cn made in the
// replica whose GUID is replica: an XID with a 6-byte LocalId holding the
// CN's global counter ([MS-OXCFXICS] 2.2.1.2.7 PidTagChangeKey).
func NewChangeKey(replica GUID, cn ID) XID {
	return NewXID(replica, cn.GlobalCounter(), 6)
}

// ParseXID decodes an XID whose size is the length of b (17..24 bytes).
// LocalID is a copy.
func ParseXID(b []byte) (XID, error) {
	if len(b) < MinXIDSize || len(b) > MaxXIDSize {
		return XID{}, &StructureError{Structure: "XID", Offset: 0, Err: fmt.Errorf("size %d outside %d..%d", len(b), MinXIDSize, MaxXIDSize)}
	}
	var x XID
	copy(x.NamespaceGUID[:], b)
	x.LocalID = append([]byte(nil), b[16:]...)
	return x, nil
}

// Size returns the wire size of x: 16 plus the length of LocalID.
func (x XID) Size() int { return 16 + len(x.LocalID) }

// AppendBinary appends the GUID and LocalId. It fails unless LocalID has 1
// to 8 bytes.
func (x XID) AppendBinary(b []byte) ([]byte, error) {
	if len(x.LocalID) < 1 || len(x.LocalID) > 8 {
		return b, &StructureError{Structure: "XID", Offset: -1, Err: fmt.Errorf("LocalId of %d bytes, want 1..8", len(x.LocalID))}
	}
	b = append(b, x.NamespaceGUID[:]...)
	return append(b, x.LocalID...), nil
}

// Value returns LocalID as a big-endian unsigned number (the global
// counter of a change key or GID).
func (x XID) Value() uint64 { return idBEUint(x.LocalID) }

// GID returns x as a GID; ok is false unless LocalID has 6 bytes.
func (x XID) GID() (g GID, ok bool) {
	if len(x.LocalID) != 6 {
		return GID{}, false
	}
	return GID{DatabaseGUID: x.NamespaceGUID, GlobalCounter: x.Value()}, true
}

// Equal reports whether x and y have the same namespace and LocalId bytes.
func (x XID) Equal(y XID) bool {
	return x.NamespaceGUID == y.NamespaceGUID && bytes.Equal(x.LocalID, y.LocalID)
}

// CompareLocal compares the LocalIds of x and y as unsigned big-endian
// numbers (leading zero bytes do not count) and returns -1, 0 or +1. The
// namespaces are not compared.
func (x XID) CompareLocal(y XID) int {
	a := bytes.TrimLeft(x.LocalID, "\x00")
	b := bytes.TrimLeft(y.LocalID, "\x00")
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return bytes.Compare(a, b)
}

// String returns "{GUID}:localid" with LocalId in hexadecimal bytes.
func (x XID) String() string {
	return x.NamespaceGUID.String() + ":" + hex.EncodeToString(x.LocalID)
}

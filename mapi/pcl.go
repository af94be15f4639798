package mapi

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/oxkit/oxkit/internal/wire"
)

// PredecessorChangeList is a PCL ([MS-OXCFXICS] 2.2.2.3, the value of
// PidTagPredecessorChangeList): a set of XIDs, at most one per namespace,
// naming the latest change of an object seen from each replica. On the
// wire it is a sequence of SizedXid structures (a 1-byte XidSize and the
// XID) that MUST be sorted by NamespaceGuid bytes.
//
// ParsePredecessorChangeList keeps the order it reads and AppendBinary
// writes the list in its order, so a list round-trips byte for byte. The
// list-building methods (With, Merge, Canonical) return sorted lists with
// one XID per namespace, as the spec requires for serialization.
type PredecessorChangeList []XID

// ParsePredecessorChangeList decodes a serialized PCL. Every SizedXid must
// have an XidSize of 17..24 and fit in b.
func ParsePredecessorChangeList(b []byte) (PredecessorChangeList, error) {
	r := wire.NewReader(b)
	// Every SizedXid takes at least 1+17 bytes, which bounds the count.
	pcl := make(PredecessorChangeList, 0, min(len(b)/(1+MinXIDSize), 64))
	for r.Remaining() > 0 {
		start := r.Offset()
		size := int(r.Uint8())
		if size < MinXIDSize || size > MaxXIDSize {
			return nil, &StructureError{Structure: "PredecessorChangeList", Offset: start, Err: fmt.Errorf("XidSize %d outside %d..%d", size, MinXIDSize, MaxXIDSize)}
		}
		body := r.Bytes(size)
		if body == nil {
			return nil, idStructErr("PredecessorChangeList", r.Err())
		}
		x, _ := ParseXID(body)
		pcl = append(pcl, x)
	}
	return pcl, nil
}

// AppendBinary appends the SizedXid sequence in the list's order.
func (p PredecessorChangeList) AppendBinary(b []byte) ([]byte, error) {
	for i, x := range p {
		if len(x.LocalID) < 1 || len(x.LocalID) > 8 {
			return b, &StructureError{Structure: "PredecessorChangeList", Offset: -1, Err: fmt.Errorf("XID %d: LocalId of %d bytes, want 1..8", i, len(x.LocalID))}
		}
		b = append(b, byte(x.Size()))
		b, _ = x.AppendBinary(b)
	}
	return b, nil
}

// Get returns the XID of namespace ns.
func (p PredecessorChangeList) Get(ns GUID) (XID, bool) {
	for _, x := range p {
		if x.NamespaceGUID == ns {
			return x, true
		}
	}
	return XID{}, false
}

// Includes reports whether p includes q ([MS-OXCFXICS] 3.1.5.6.1): for
// every XID of q, p has an XID of the same namespace with the same or a
// greater LocalId. Every list includes itself and the empty list.
func (p PredecessorChangeList) Includes(q PredecessorChangeList) bool {
	for _, y := range q {
		if !slices.ContainsFunc(p, func(x XID) bool {
			return x.NamespaceGUID == y.NamespaceGUID && x.CompareLocal(y) >= 0
		}) {
			return false
		}
	}
	return true
}

// PCLOrder is how two versions of an object relate, by their PCLs
// ([MS-OXCFXICS] 3.1.5.6.1).
type PCLOrder int

// PCL orders returned by PredecessorChangeList.Compare.
const (
	PCLEqual    PCLOrder = iota // each includes the other: the same version
	PCLNewer                    // p includes q: p's version replaces q's
	PCLOlder                    // q includes p: p's version is ignored
	PCLConflict                 // neither includes the other: conflict
)

var pclOrderNames = [...]string{"PCLEqual", "PCLNewer", "PCLOlder", "PCLConflict"}

// String returns the constant's name, or "PCLOrder(n)".
func (o PCLOrder) String() string {
	if o >= 0 && int(o) < len(pclOrderNames) {
		return pclOrderNames[o]
	}
	return fmt.Sprintf("PCLOrder(%d)", int(o))
}

// Compare applies the conflict detection algorithm of [MS-OXCFXICS]
// 3.1.5.6.1 to a version with PCL p arriving at a replica that holds a
// version with PCL q.
func (p PredecessorChangeList) Compare(q PredecessorChangeList) PCLOrder {
	pq, qp := p.Includes(q), q.Includes(p)
	switch {
	case pq && qp:
		return PCLEqual
	case pq:
		return PCLNewer
	case qp:
		return PCLOlder
	}
	return PCLConflict
}

// With returns a canonical copy of p in which x replaces any XID of x's
// namespace: the PCL of a new version whose change key is x
// ([MS-OXCFXICS] 2.2.1.2.8). p is not modified.
func (p PredecessorChangeList) With(x XID) PredecessorChangeList {
	out := make(PredecessorChangeList, 0, len(p)+1)
	for _, y := range p {
		if y.NamespaceGUID != x.NamespaceGUID {
			out = append(out, y)
		}
	}
	out = append(out, XID{NamespaceGUID: x.NamespaceGUID, LocalID: slices.Clone(x.LocalID)})
	return out.Canonical()
}

// Merge returns the canonical union of p and q, keeping the greater LocalId
// for a namespace in both: the PCL of a version that resolves a conflict
// between them. p and q are not modified.
func (p PredecessorChangeList) Merge(q PredecessorChangeList) PredecessorChangeList {
	out := make(PredecessorChangeList, 0, len(p)+len(q))
	out = append(out, p...)
	out = append(out, q...)
	return out.Canonical()
}

// Canonical returns a sorted copy of p with one XID per namespace (the
// greatest LocalId of each), the order [MS-OXCFXICS] 2.2.2.3 requires on
// the wire. p is not modified.
func (p PredecessorChangeList) Canonical() PredecessorChangeList {
	out := make(PredecessorChangeList, len(p))
	for i, x := range p {
		out[i] = XID{NamespaceGUID: x.NamespaceGUID, LocalID: slices.Clone(x.LocalID)}
	}
	slices.SortStableFunc(out, func(a, b XID) int {
		if c := bytes.Compare(a.NamespaceGUID[:], b.NamespaceGUID[:]); c != 0 {
			return c
		}
		return -a.CompareLocal(b) // greatest first, kept below
	})
	return slices.CompactFunc(out, func(a, b XID) bool { return a.NamespaceGUID == b.NamespaceGUID })
}

// String lists the XIDs, as "[{GUID}:0000000000ab {GUID}:0000000001]".
func (p PredecessorChangeList) String() string {
	var sb strings.Builder
	sb.WriteByte('[')
	for i, x := range p {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(x.String())
	}
	sb.WriteByte(']')
	return sb.String()
}

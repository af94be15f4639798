package mapi

import (
	"fmt"
	"math"

	"github.com/oxkit/oxkit/internal/wire"
)

// FlatEntryList is a FlatEntryList ([MS-OXCDATA] 2.3.3): entry IDs as raw
// bytes (decode one with ParseEntryID), the value of properties such as
// PidTagReplyRecipientEntries.
//
// On the wire: Count (4 bytes), Size (4 bytes, the byte size of what
// follows), then Count FlatEntry structures ([MS-OXCDATA] 2.3.2: a 4-byte
// size and the entry ID), each aligned on 4 bytes by padding after the
// previous one.
type FlatEntryList [][]byte

// ParseFlatEntryList decodes a FlatEntryList that fills b. Padding bytes
// are skipped whatever their value; padding after the last entry, within
// Size, is accepted.
func ParseFlatEntryList(b []byte) (FlatEntryList, error) {
	const what = "FlatEntryList"
	r := wire.NewReader(b)
	count := int(r.Uint32())
	size := int(r.Uint32())
	if r.Err() != nil {
		return nil, idStructErr(what, r.Err())
	}
	if int64(size) != int64(r.Remaining()) {
		return nil, &StructureError{Structure: what, Offset: 4, Err: fmt.Errorf("Size %d, but %d bytes follow", size, r.Remaining())}
	}
	// Each FlatEntry takes at least its 4-byte size.
	if !r.CheckCount("FlatEntry count", count, 4) {
		return nil, idStructErr(what, r.Err())
	}
	list := make(FlatEntryList, 0, count)
	body := r.Sub(size)
	for i := 0; i < count; i++ {
		if i > 0 {
			if pad := (body.Offset() - 8) % 4; pad != 0 {
				body.Skip(4 - pad)
			}
		}
		start := body.Offset()
		n := body.Uint32()
		if body.Err() == nil && int64(n) > int64(body.Remaining()) {
			return nil, &StructureError{Structure: what, Offset: start, Err: fmt.Errorf("FlatEntry %d: size %d exceeds the %d bytes left", i, n, body.Remaining())}
		}
		eid := body.CopyBytes(int(n))
		if body.Err() != nil {
			return nil, idStructErr(what, body.Err())
		}
		list = append(list, eid)
	}
	if rest := body.Remaining(); rest >= 4 || (count == 0 && rest > 0) {
		return nil, &StructureError{Structure: what, Offset: body.Offset(), Err: fmt.Errorf("%d bytes after the last FlatEntry", rest)}
	}
	return list, nil
}

// AppendBinary appends the FlatEntryList, padding with zeros between
// entries (not after the last one).
func (l FlatEntryList) AppendBinary(b []byte) ([]byte, error) {
	size := 0
	for i, e := range l {
		if i > 0 {
			size = (size + 3) &^ 3
		}
		size += 4 + len(e)
	}
	if size > math.MaxUint32 || len(l) > math.MaxUint32 {
		return b, &StructureError{Structure: "FlatEntryList", Offset: -1, Err: fmt.Errorf("%d bytes in %d entries do not fit", size, len(l))}
	}
	b = wire.AppendUint32(b, uint32(len(l)))
	b = wire.AppendUint32(b, uint32(size))
	start := len(b)
	for i, e := range l {
		if i > 0 {
			for (len(b)-start)%4 != 0 {
				b = append(b, 0)
			}
		}
		b = wire.AppendUint32(b, uint32(len(e)))
		b = append(b, e...)
	}
	return b, nil
}

// EntryList is an EntryList ([MS-OXCDATA] 2.3.1), as used in search
// folder criteria: entry IDs as raw bytes.
//
// On the wire: EntryCount (4 bytes), Pad (4 bytes, ignored), EntryCount
// pairs of a 4-byte EntryLength and a 4-byte pad (ignored), then the entry
// IDs end to end.
type EntryList [][]byte

// ParseEntryList decodes an EntryList that fills b. The pad fields are
// ignored, as the spec requires.
func ParseEntryList(b []byte) (EntryList, error) {
	const what = "EntryList"
	r := wire.NewReader(b)
	count := int(r.Uint32())
	r.Skip(4)
	if r.Err() != nil {
		return nil, idStructErr(what, r.Err())
	}
	if !r.CheckCount("EntryList count", count, 8) {
		return nil, idStructErr(what, r.Err())
	}
	lengths := make([]int, count)
	total := 0
	for i := range lengths {
		start := r.Offset()
		n := r.Uint32()
		r.Skip(4)
		if r.Err() != nil {
			return nil, idStructErr(what, r.Err())
		}
		if int64(n) > int64(r.Remaining()) || total+int(n) > r.Remaining() {
			return nil, &StructureError{Structure: what, Offset: start, Err: fmt.Errorf("EntryLength %d exceeds the bytes left", n)}
		}
		lengths[i] = int(n)
		total += int(n)
	}
	list := make(EntryList, count)
	for i, n := range lengths {
		list[i] = r.CopyBytes(n)
	}
	if r.Err() != nil {
		return nil, idStructErr(what, r.Err())
	}
	if r.Remaining() > 0 {
		return nil, &StructureError{Structure: what, Offset: r.Offset(), Err: fmt.Errorf("%d bytes after the last EntryID", r.Remaining())}
	}
	return list, nil
}

// AppendBinary appends the EntryList with zero pads.
func (l EntryList) AppendBinary(b []byte) ([]byte, error) {
	if len(l) > math.MaxUint32 {
		return b, &StructureError{Structure: "EntryList", Offset: -1, Err: fmt.Errorf("%d entries do not fit", len(l))}
	}
	b = wire.AppendUint32(b, uint32(len(l)))
	b = wire.AppendUint32(b, 0)
	for _, e := range l {
		if len(e) > math.MaxUint32 {
			return b, &StructureError{Structure: "EntryList", Offset: -1, Err: fmt.Errorf("entry of %d bytes does not fit", len(e))}
		}
		b = wire.AppendUint32(b, uint32(len(e)))
		b = wire.AppendUint32(b, 0)
	}
	for _, e := range l {
		b = append(b, e...)
	}
	return b, nil
}

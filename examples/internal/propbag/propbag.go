// Package propbag is the property Bag and value checks shared by the
// example stores (memstore, boltstore): a property list sorted by ID with
// deep-copying set, Go-type validation of values against their tags, and
// value sizes.
package propbag

import (
	"fmt"
	"slices"
	"time"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// TagAssociatedContentCount is PidTagAssociatedContentCount ([MS-OXPROPS]
// 2.599), missing from mapi's generated list.
const TagAssociatedContentCount mapi.PropTag = 0x36170003

// Bits of PidTagMessageFlags the store maintains ([MS-OXCMSG] 2.2.1.6).
const (
	MsgflagRead       = 0x00000001
	MsgflagHasAttach  = 0x00000010
	MsgflagAssociated = 0x00000040
	ComputedMsgFlags  = MsgflagRead | MsgflagHasAttach | MsgflagAssociated
)

// Bag is a property list kept sorted by property ID, one value per ID.
type Bag []mapi.PropValue

// Find returns the index of id in b, or where it would be inserted. It is
// on every property read of both example stores, so it is a plain binary
// search rather than slices.BinarySearchFunc with a comparison closure.
func (b Bag) Find(id mapi.PropID) (int, bool) {
	lo, hi := 0, len(b)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if b[m].Tag.ID() < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(b) && b[lo].Tag.ID() == id
}

// get returns the value of tag: its type must match unless it is
// PtypUnspecified (the multi-instance flag is ignored).
func (b Bag) Get(tag mapi.PropTag) (mapi.PropValue, bool) {
	i, ok := b.Find(tag.ID())
	if !ok {
		return mapi.PropValue{}, false
	}
	p := b[i]
	t := tag.Type() &^ mapi.MultiInstanceFlag
	if t != mapi.PtypUnspecified && p.Tag.Type() != t {
		return mapi.PropValue{}, false
	}
	return p, true
}

// set stores p (a deep copy), replacing any value of p's ID.
func (b *Bag) Set(p mapi.PropValue) {
	p = mapi.PropValue{Tag: p.Tag &^ mapi.PropTag(mapi.MultiInstanceFlag), Value: CloneValue(p.Value)}
	i, ok := b.Find(p.Tag.ID())
	if ok {
		(*b)[i] = p
		return
	}
	*b = slices.Insert(*b, i, p)
}

func (b *Bag) Remove(id mapi.PropID) {
	if i, ok := b.Find(id); ok {
		*b = slices.Delete(*b, i, i+1)
	}
}

func (b Bag) Clone() Bag {
	out := make(Bag, len(b))
	for i, p := range b {
		out[i] = mapi.PropValue{Tag: p.Tag, Value: CloneValue(p.Value)}
	}
	return out
}

// CloneValue deep-copies the mutable Go types of a property value.
func CloneValue(v any) any {
	switch x := v.(type) {
	case []byte:
		return slices.Clone(x)
	case [][]byte:
		out := make([][]byte, len(x))
		for i := range x {
			out[i] = slices.Clone(x[i])
		}
		return out
	case []int16:
		return slices.Clone(x)
	case []int32:
		return slices.Clone(x)
	case []int64:
		return slices.Clone(x)
	case []float32:
		return slices.Clone(x)
	case []float64:
		return slices.Clone(x)
	case []mapi.Currency:
		return slices.Clone(x)
	case []mapi.FloatingTime:
		return slices.Clone(x)
	case []string:
		return slices.Clone(x)
	case []time.Time:
		return slices.Clone(x)
	case []mapi.GUID:
		return slices.Clone(x)
	case mapi.ServerID:
		x.Raw = slices.Clone(x.Raw)
		return x
	}
	return v
}

// CheckValue reports whether v's Go type is the one mapi.PropValue
// documents for typ.
func CheckValue(tag mapi.PropTag, v any) error {
	typ := tag.Type() &^ mapi.MultiInstanceFlag
	ok := false
	switch typ {
	case mapi.PtypInteger16:
		_, ok = v.(int16)
	case mapi.PtypInteger32:
		_, ok = v.(int32)
	case mapi.PtypFloating32:
		_, ok = v.(float32)
	case mapi.PtypFloating64:
		_, ok = v.(float64)
	case mapi.PtypCurrency:
		_, ok = v.(mapi.Currency)
	case mapi.PtypFloatingTime:
		_, ok = v.(mapi.FloatingTime)
	case mapi.PtypErrorCode:
		_, ok = v.(mapi.ErrorCode)
	case mapi.PtypBoolean:
		_, ok = v.(bool)
	case mapi.PtypInteger64:
		_, ok = v.(int64)
	case mapi.PtypString, mapi.PtypString8:
		_, ok = v.(string)
	case mapi.PtypTime:
		_, ok = v.(time.Time)
	case mapi.PtypGuid:
		_, ok = v.(mapi.GUID)
	case mapi.PtypServerId:
		_, ok = v.(mapi.ServerID)
	case mapi.PtypRestriction:
		_, ok = v.(mapi.Restriction)
	case mapi.PtypRuleAction:
		_, ok = v.(mapi.RuleActions)
	case mapi.PtypBinary:
		_, ok = v.([]byte)
	case mapi.PtypObject:
		_, ok = v.(uint32)
	case mapi.PtypNull:
		ok = v == nil
	case mapi.PtypMultipleInteger16:
		_, ok = v.([]int16)
	case mapi.PtypMultipleInteger32:
		_, ok = v.([]int32)
	case mapi.PtypMultipleFloating32:
		_, ok = v.([]float32)
	case mapi.PtypMultipleFloating64:
		_, ok = v.([]float64)
	case mapi.PtypMultipleCurrency:
		_, ok = v.([]mapi.Currency)
	case mapi.PtypMultipleFloatingTime:
		_, ok = v.([]mapi.FloatingTime)
	case mapi.PtypMultipleInteger64:
		_, ok = v.([]int64)
	case mapi.PtypMultipleString, mapi.PtypMultipleString8:
		_, ok = v.([]string)
	case mapi.PtypMultipleTime:
		_, ok = v.([]time.Time)
	case mapi.PtypMultipleGuid:
		_, ok = v.([]mapi.GUID)
	case mapi.PtypMultipleBinary:
		_, ok = v.([][]byte)
	}
	if !ok {
		return fmt.Errorf("store: property %v: value of Go type %T: %w", tag, v, store.ErrInvalidArgument)
	}
	return nil
}

// ValueSize estimates the stored size of a value in bytes (the basis of
// PidTagMessageSize).
func ValueSize(v any) int64 {
	switch x := v.(type) {
	case []byte:
		return int64(len(x))
	case string:
		return int64(len(x))
	case [][]byte:
		n := int64(0)
		for _, b := range x {
			n += int64(len(b)) + 4
		}
		return n
	case []string:
		n := int64(0)
		for _, s := range x {
			n += int64(len(s)) + 4
		}
		return n
	case mapi.GUID:
		return 16
	case []int16:
		return int64(2 * len(x))
	case []int32, []float32:
		return int64(4 * SliceLen(x))
	case []int64, []float64, []mapi.Currency, []mapi.FloatingTime, []time.Time:
		return int64(8 * SliceLen(x))
	case []mapi.GUID:
		return int64(16 * len(x))
	}
	return 8
}

func SliceLen(v any) int {
	switch x := v.(type) {
	case []int32:
		return len(x)
	case []float32:
		return len(x)
	case []int64:
		return len(x)
	case []float64:
		return len(x)
	case []mapi.Currency:
		return len(x)
	case []mapi.FloatingTime:
		return len(x)
	case []time.Time:
		return len(x)
	}
	return 0
}

// IsStreamable reports whether a property of tag's type can be streamed.
func IsStreamable(tag mapi.PropTag) bool {
	switch tag.Type() {
	case mapi.PtypBinary, mapi.PtypString, mapi.PtypString8:
		return true
	}
	return false
}

// StreamBytes returns the bytes a stream of p would yield, or false.
func StreamBytes(p mapi.PropValue) ([]byte, bool) {
	switch x := p.Value.(type) {
	case []byte:
		return x, true
	case string:
		return []byte(x), true
	}
	return nil, false
}

// MsgComputed reports whether the store computes the message property
// id; such properties are ignored on input.
func MsgComputed(id mapi.PropID) bool {
	switch id {
	case mapi.PidTagMid.ID(), mapi.PidTagFolderId.ID(), mapi.PidTagChangeNumber.ID(),
		mapi.PidTagChangeKey.ID(), mapi.PidTagPredecessorChangeList.ID(), mapi.PidTagMessageSize.ID(),
		mapi.PidTagLastModificationTime.ID(), mapi.PidTagHasAttachments.ID(), mapi.PidTagAssociated.ID():
		return true
	}
	return false
}

// FolderComputed reports whether the store computes the folder property id.
func FolderComputed(id mapi.PropID) bool {
	switch id {
	case mapi.PidTagFolderId.ID(), mapi.PidTagParentFolderId.ID(), mapi.PidTagChangeNumber.ID(),
		mapi.PidTagChangeKey.ID(), mapi.PidTagPredecessorChangeList.ID(), mapi.PidTagLastModificationTime.ID(),
		mapi.PidTagContentCount.ID(), mapi.PidTagContentUnreadCount.ID(), TagAssociatedContentCount.ID(),
		mapi.PidTagSubfolders.ID(), mapi.PidTagMessageSizeExtended.ID(), mapi.PidTagLocalCommitTimeMax.ID():
		return true
	}
	return false
}

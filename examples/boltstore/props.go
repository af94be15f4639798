package boltstore

import (
	"fmt"
	"slices"
	"time"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// tagAssociatedContentCount is PidTagAssociatedContentCount ([MS-OXPROPS]
// 2.599), missing from mapi's generated list.
const tagAssociatedContentCount mapi.PropTag = 0x36170003

// Bits of PidTagMessageFlags the store maintains ([MS-OXCMSG] 2.2.1.6).
const (
	msgflagRead       = 0x00000001
	msgflagHasAttach  = 0x00000010
	msgflagAssociated = 0x00000040
	computedMsgFlags  = msgflagRead | msgflagHasAttach | msgflagAssociated
)

// bag is a property list kept sorted by property ID, one value per ID.
type bag []mapi.PropValue

func (b bag) find(id mapi.PropID) (int, bool) {
	return slices.BinarySearchFunc(b, id, func(p mapi.PropValue, id mapi.PropID) int {
		return int(p.Tag.ID()) - int(id)
	})
}

// get returns the value of tag: its type must match unless it is
// PtypUnspecified (the multi-instance flag is ignored).
func (b bag) get(tag mapi.PropTag) (mapi.PropValue, bool) {
	i, ok := b.find(tag.ID())
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
func (b *bag) set(p mapi.PropValue) {
	p = mapi.PropValue{Tag: p.Tag &^ mapi.PropTag(mapi.MultiInstanceFlag), Value: cloneValue(p.Value)}
	i, ok := b.find(p.Tag.ID())
	if ok {
		(*b)[i] = p
		return
	}
	*b = slices.Insert(*b, i, p)
}

func (b *bag) remove(id mapi.PropID) {
	if i, ok := b.find(id); ok {
		*b = slices.Delete(*b, i, i+1)
	}
}

func (b bag) clone() bag {
	out := make(bag, len(b))
	for i, p := range b {
		out[i] = mapi.PropValue{Tag: p.Tag, Value: cloneValue(p.Value)}
	}
	return out
}

// cloneValue deep-copies the mutable Go types of a property value.
func cloneValue(v any) any {
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

// checkValue reports whether v's Go type is the one mapi.PropValue
// documents for typ.
func checkValue(tag mapi.PropTag, v any) error {
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
		return fmt.Errorf("boltstore: property %v: value of Go type %T: %w", tag, v, store.ErrInvalidArgument)
	}
	return nil
}

// valueSize estimates the stored size of a value in bytes (the basis of
// PidTagMessageSize).
func valueSize(v any) int64 {
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
		return int64(4 * sliceLen(x))
	case []int64, []float64, []mapi.Currency, []mapi.FloatingTime, []time.Time:
		return int64(8 * sliceLen(x))
	case []mapi.GUID:
		return int64(16 * len(x))
	}
	return 8
}

func sliceLen(v any) int {
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

// isStreamable reports whether a property of tag's type can be streamed.
func isStreamable(tag mapi.PropTag) bool {
	switch tag.Type() {
	case mapi.PtypBinary, mapi.PtypString, mapi.PtypString8:
		return true
	}
	return false
}

// streamBytes returns the bytes a stream of p would yield, or false.
func streamBytes(p mapi.PropValue) ([]byte, bool) {
	switch x := p.Value.(type) {
	case []byte:
		return x, true
	case string:
		return []byte(x), true
	}
	return nil, false
}

// msgComputed lists the message properties the store computes; they are
// ignored on input.
var msgComputed = map[mapi.PropID]bool{
	mapi.PidTagMid.ID():                   true,
	mapi.PidTagFolderId.ID():              true,
	mapi.PidTagChangeNumber.ID():          true,
	mapi.PidTagChangeKey.ID():             true,
	mapi.PidTagPredecessorChangeList.ID(): true,
	mapi.PidTagMessageSize.ID():           true,
	mapi.PidTagLastModificationTime.ID():  true,
	mapi.PidTagHasAttachments.ID():        true,
	mapi.PidTagAssociated.ID():            true,
}

// folderComputed lists the folder properties the store computes.
var folderComputed = map[mapi.PropID]bool{
	mapi.PidTagFolderId.ID():              true,
	mapi.PidTagParentFolderId.ID():        true,
	mapi.PidTagChangeNumber.ID():          true,
	mapi.PidTagChangeKey.ID():             true,
	mapi.PidTagPredecessorChangeList.ID(): true,
	mapi.PidTagLastModificationTime.ID():  true,
	mapi.PidTagContentCount.ID():          true,
	mapi.PidTagContentUnreadCount.ID():    true,
	tagAssociatedContentCount.ID():        true,
	mapi.PidTagSubfolders.ID():            true,
	mapi.PidTagMessageSizeExtended.ID():   true,
}

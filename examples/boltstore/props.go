package boltstore

import (
	"github.com/oxkit/oxkit/examples/internal/propbag"
	"github.com/oxkit/oxkit/mapi"
)

// The property bag and value checks are shared with the other example
// store (examples/internal/propbag).

type bag = propbag.Bag

const (
	tagAssociatedContentCount = propbag.TagAssociatedContentCount
	msgflagRead               = propbag.MsgflagRead
	msgflagHasAttach          = propbag.MsgflagHasAttach
	msgflagAssociated         = propbag.MsgflagAssociated
	computedMsgFlags          = propbag.ComputedMsgFlags
)

func cloneValue(v any) any                        { return propbag.CloneValue(v) }
func checkValue(tag mapi.PropTag, v any) error    { return propbag.CheckValue(tag, v) }
func valueSize(v any) int64                       { return propbag.ValueSize(v) }
func isStreamable(tag mapi.PropTag) bool          { return propbag.IsStreamable(tag) }
func streamBytes(p mapi.PropValue) ([]byte, bool) { return propbag.StreamBytes(p) }

func msgComputed(id mapi.PropID) bool    { return propbag.MsgComputed(id) }
func folderComputed(id mapi.PropID) bool { return propbag.FolderComputed(id) }

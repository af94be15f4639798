package fxstream

import (
	"fmt"

	"github.com/oxkit/oxkit/mapi"
)

// Marker is a FastTransfer stream marker ([MS-OXCFXICS] 2.2.4.1.4): a
// 4-byte value shaped like a property tag that has no value of its own.
type Marker uint32

// Markers of [MS-OXCFXICS] 2.2.4.1.4.
const (
	StartTopFld            Marker = 0x40090003 // start of a folder (topFolder)
	StartSubFld            Marker = 0x400A0003 // start of a subfolder
	EndFolder              Marker = 0x400B0003 // end of a folder or subfolder
	StartMessage           Marker = 0x400C0003 // start of a normal message
	StartFAIMsg            Marker = 0x40100003 // start of an FAI message
	EndMessage             Marker = 0x400D0003 // end of a message
	StartEmbed             Marker = 0x40010003 // start of an embedded message
	EndEmbed               Marker = 0x40020003 // end of an embedded message
	StartRecip             Marker = 0x40030003 // start of a recipient
	EndToRecip             Marker = 0x40040003 // end of a recipient
	NewAttach              Marker = 0x40000003 // start of an attachment
	EndAttach              Marker = 0x400E0003 // end of an attachment
	IncrSyncChg            Marker = 0x40120003 // ICS change header
	IncrSyncChgPartial     Marker = 0x407D0003 // ICS partial change
	IncrSyncDel            Marker = 0x40130003 // ICS deletions
	IncrSyncEnd            Marker = 0x40140003 // end of ICS data
	IncrSyncRead           Marker = 0x402F0003 // ICS read state changes
	IncrSyncStateBegin     Marker = 0x403A0003 // start of the ICS state
	IncrSyncStateEnd       Marker = 0x403B0003 // end of the ICS state
	IncrSyncProgressMode   Marker = 0x4074000B // progressTotal
	IncrSyncProgressPerMsg Marker = 0x4075000B // progressPerMessage
	IncrSyncMessage        Marker = 0x40150003 // ICS message data
	IncrSyncGroupInfo      Marker = 0x407B0102 // property group mapping
	FXErrorInfo            Marker = 0x40180003 // errorInfo
)

var markerNames = map[Marker]string{
	StartTopFld: "StartTopFld", StartSubFld: "StartSubFld", EndFolder: "EndFolder",
	StartMessage: "StartMessage", StartFAIMsg: "StartFAIMsg", EndMessage: "EndMessage",
	StartEmbed: "StartEmbed", EndEmbed: "EndEmbed", StartRecip: "StartRecip",
	EndToRecip: "EndToRecip", NewAttach: "NewAttach", EndAttach: "EndAttach",
	IncrSyncChg: "IncrSyncChg", IncrSyncChgPartial: "IncrSyncChgPartial",
	IncrSyncDel: "IncrSyncDel", IncrSyncEnd: "IncrSyncEnd", IncrSyncRead: "IncrSyncRead",
	IncrSyncStateBegin: "IncrSyncStateBegin", IncrSyncStateEnd: "IncrSyncStateEnd",
	IncrSyncProgressMode: "IncrSyncProgressMode", IncrSyncProgressPerMsg: "IncrSyncProgressPerMsg",
	IncrSyncMessage: "IncrSyncMessage", IncrSyncGroupInfo: "IncrSyncGroupInfo",
	FXErrorInfo: "FXErrorInfo",
}

// String returns the marker's name from [MS-OXCFXICS] 2.2.4.1.4, or its
// hexadecimal value.
func (m Marker) String() string {
	if s, ok := markerNames[m]; ok {
		return s
	}
	return fmt.Sprintf("Marker(0x%08X)", uint32(m))
}

// IsMarker reports whether the 4-byte value v is one of the markers of
// [MS-OXCFXICS] 2.2.4.1.4 (as opposed to the tag of a propValue).
func IsMarker(v uint32) bool {
	_, ok := markerNames[Marker(v)]
	return ok
}

// Meta-properties of [MS-OXCFXICS] 2.2.4.1.5: serialized as propValue
// elements, they direct the reader instead of carrying object data.
const (
	MetaTagFXDelProp                     mapi.PropTag = 0x40160003 // 2.2.4.1.5.1: delete subobjects of this kind
	MetaTagEcWarning                     mapi.PropTag = 0x400F0003 // 2.2.4.1.5.2: warning for the element in context
	MetaTagNewFXFolder                   mapi.PropTag = 0x40110102 // 2.2.4.1.5.3: FolderReplicaInfo of a ghosted folder
	MetaTagIncrSyncGroupId               mapi.PropTag = 0x407C0003 // 2.2.4.1.5.4: property group mapping in use
	MetaTagIncrementalSyncMessagePartial mapi.PropTag = 0x407A0003 // 2.2.4.1.5.5: property group of the following values
	MetaTagDnPrefix                      mapi.PropTag = 0x4008001E // 2.2.4.1.5.6: ignored when received
)

// isMeta reports whether tag is one of the meta-properties.
func isMeta(tag mapi.PropTag) bool {
	switch tag {
	case MetaTagFXDelProp, MetaTagEcWarning, MetaTagNewFXFolder, MetaTagIncrSyncGroupId,
		MetaTagIncrementalSyncMessagePartial, MetaTagDnPrefix:
		return true
	}
	return false
}

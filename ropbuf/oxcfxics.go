package ropbuf

import (
	"fmt"

	"github.com/oxkit/oxkit/mapi"
)

// Fast transfer ROPs of [MS-OXCROPS] 2.2.12 and incremental change
// synchronization ROPs of 2.2.13 (semantics in [MS-OXCFXICS]).

// ecServerBusy is the ReturnValue with which RopFastTransferSourceGetBuffer
// carries BackoffTime instead of TransferBuffer.
const ecServerBusy mapi.ErrorCode = 0x00000480

// FastTransferDestinationConfigureRequest is RopFastTransferDestinationConfigure's request ([MS-OXCROPS] 2.2.12.1.1).
type FastTransferDestinationConfigureRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
	SourceOperation   uint8
	CopyFlags         uint8
}

func (q *FastTransferDestinationConfigureRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.u8(&q.SourceOperation)
	c.u8(&q.CopyFlags)
}

// FastTransferDestinationConfigureResponse is RopFastTransferDestinationConfigure's response ([MS-OXCROPS] 2.2.12.1.2).
type FastTransferDestinationConfigureResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
}

func (p *FastTransferDestinationConfigureResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
}

// FastTransferDestinationPutBufferRequest is RopFastTransferDestinationPutBuffer's request ([MS-OXCROPS] 2.2.12.2.1).
type FastTransferDestinationPutBufferRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	TransferData     []byte
}

func (q *FastTransferDestinationPutBufferRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.bytes16("TransferData", &q.TransferData)
}

// FastTransferDestinationPutBufferResponse is RopFastTransferDestinationPutBuffer's
// response ([MS-OXCROPS] 2.2.12.2.2); the fields follow whatever the ReturnValue.
type FastTransferDestinationPutBufferResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	TransferStatus   uint16
	InProgressCount  uint16
	TotalStepCount   uint16
	Reserved         uint8
	BufferUsedSize   uint16
}

func (p *FastTransferDestinationPutBufferResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	c.u16(&p.TransferStatus)
	c.u16(&p.InProgressCount)
	c.u16(&p.TotalStepCount)
	c.u8(&p.Reserved)
	c.u16(&p.BufferUsedSize)
}

// FastTransferDestinationPutBufferExtendedRequest is RopFastTransferDestinationPutBufferExtended's request ([MS-OXCROPS] 2.2.12.3.1).
type FastTransferDestinationPutBufferExtendedRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	TransferData     []byte
}

func (q *FastTransferDestinationPutBufferExtendedRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.bytes16("TransferData", &q.TransferData)
}

// FastTransferDestinationPutBufferExtendedResponse is RopFastTransferDestinationPutBufferExtended's
// response ([MS-OXCROPS] 2.2.12.3.2); the fields follow whatever the ReturnValue.
type FastTransferDestinationPutBufferExtendedResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	TransferStatus   uint16
	InProgressCount  uint32
	TotalStepCount   uint32
	Reserved         uint8
	BufferUsedSize   uint16
}

func (p *FastTransferDestinationPutBufferExtendedResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	c.u16(&p.TransferStatus)
	c.u32(&p.InProgressCount)
	c.u32(&p.TotalStepCount)
	c.u8(&p.Reserved)
	c.u16(&p.BufferUsedSize)
}

// FastTransferSourceGetBufferRequest is RopFastTransferSourceGetBuffer's
// request ([MS-OXCROPS] 2.2.12.4.1). MaximumBufferSize is present only when
// BufferSize is ReadStreamMaximum (0xBABE).
type FastTransferSourceGetBufferRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	BufferSize        uint16
	MaximumBufferSize uint16
}

func (q *FastTransferSourceGetBufferRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u16(&q.BufferSize)
	if q.BufferSize == ReadStreamMaximum {
		c.u16(&q.MaximumBufferSize)
	} else if c.decoding() {
		q.MaximumBufferSize = 0
	}
}

// FastTransferSourceGetBufferResponse is RopFastTransferSourceGetBuffer's
// response ([MS-OXCROPS] 2.2.12.4.2): TransferBuffer follows unless the
// ReturnValue is ecServerBusy (0x480), which carries BackoffTime instead.
type FastTransferSourceGetBufferResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	TransferStatus   uint16
	InProgressCount  uint16
	TotalStepCount   uint16
	Reserved         uint8
	TransferBuffer   []byte
	BackoffTime      uint32
}

func (p *FastTransferSourceGetBufferResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	c.u16(&p.TransferStatus)
	c.u16(&p.InProgressCount)
	c.u16(&p.TotalStepCount)
	c.u8(&p.Reserved)
	if p.ReturnValue == ecServerBusy {
		// TransferBufferSize is still present (0); the buffer is not.
		n := c.count16("TransferBufferSize", len(p.TransferBuffer))
		if c.decoding() {
			p.TransferBuffer = nil
			if n != 0 {
				c.fail("TransferBufferSize", fmt.Errorf("%d with ecServerBusy", n))
				return
			}
		}
		c.u32(&p.BackoffTime)
		return
	}
	c.bytes16("TransferBuffer", &p.TransferBuffer)
}

// FastTransferSourceCopyFolderRequest is RopFastTransferSourceCopyFolder's request ([MS-OXCROPS] 2.2.12.5.1).
type FastTransferSourceCopyFolderRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
	CopyFlags         uint8
	SendOptions       uint8
}

func (q *FastTransferSourceCopyFolderRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.u8(&q.CopyFlags)
	c.u8(&q.SendOptions)
}

// FastTransferSourceCopyFolderResponse is RopFastTransferSourceCopyFolder's response ([MS-OXCROPS] 2.2.12.5.2).
type FastTransferSourceCopyFolderResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
}

func (p *FastTransferSourceCopyFolderResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
}

// FastTransferSourceCopyMessagesRequest is RopFastTransferSourceCopyMessages's request ([MS-OXCROPS] 2.2.12.6.1).
type FastTransferSourceCopyMessagesRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
	MessageIDs        []mapi.ID
	CopyFlags         uint8
	SendOptions       uint8
}

func (q *FastTransferSourceCopyMessagesRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.ids16("MessageIds", &q.MessageIDs)
	c.u8(&q.CopyFlags)
	c.u8(&q.SendOptions)
}

// FastTransferSourceCopyMessagesResponse is RopFastTransferSourceCopyMessages's response ([MS-OXCROPS] 2.2.12.6.2).
type FastTransferSourceCopyMessagesResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
}

func (p *FastTransferSourceCopyMessagesResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
}

// FastTransferSourceCopyToRequest is RopFastTransferSourceCopyTo's request ([MS-OXCROPS] 2.2.12.7.1).
type FastTransferSourceCopyToRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
	Level             uint8
	CopyFlags         uint32
	SendOptions       uint8
	PropertyTags      []mapi.PropTag
}

func (q *FastTransferSourceCopyToRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.u8(&q.Level)
	c.u32(&q.CopyFlags)
	c.u8(&q.SendOptions)
	c.tags16("PropertyTags", &q.PropertyTags)
}

// FastTransferSourceCopyToResponse is RopFastTransferSourceCopyTo's response ([MS-OXCROPS] 2.2.12.7.2).
type FastTransferSourceCopyToResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
}

func (p *FastTransferSourceCopyToResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
}

// FastTransferSourceCopyPropertiesRequest is RopFastTransferSourceCopyProperties's request ([MS-OXCROPS] 2.2.12.8.1).
type FastTransferSourceCopyPropertiesRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
	Level             uint8
	CopyFlags         uint8
	SendOptions       uint8
	PropertyTags      []mapi.PropTag
}

func (q *FastTransferSourceCopyPropertiesRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.u8(&q.Level)
	c.u8(&q.CopyFlags)
	c.u8(&q.SendOptions)
	c.tags16("PropertyTags", &q.PropertyTags)
}

// FastTransferSourceCopyPropertiesResponse is RopFastTransferSourceCopyProperties's response ([MS-OXCROPS] 2.2.12.8.2).
type FastTransferSourceCopyPropertiesResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
}

func (p *FastTransferSourceCopyPropertiesResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
}

// TellVersionRequest is RopTellVersion's request ([MS-OXCROPS] 2.2.12.9.1).
type TellVersionRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	Version          [3]uint16
}

func (q *TellVersionRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	for i := range q.Version {
		c.u16(&q.Version[i])
	}
}

// TellVersionResponse is RopTellVersion's response ([MS-OXCROPS] 2.2.12.9.2).
type TellVersionResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *TellVersionResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// SynchronizationConfigureRequest is RopSynchronizationConfigure's request ([MS-OXCROPS] 2.2.13.1.1).
type SynchronizationConfigureRequest struct {
	LogonID                   uint8
	InputHandleIndex          uint8
	OutputHandleIndex         uint8
	SynchronizationType       uint8
	SendOptions               uint8
	SynchronizationFlags      uint16
	Restriction               mapi.Restriction
	SynchronizationExtraFlags uint32
	PropertyTags              []mapi.PropTag
}

func (q *SynchronizationConfigureRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.u8(&q.SynchronizationType)
	c.u8(&q.SendOptions)
	c.u16(&q.SynchronizationFlags)
	c.restriction16("RestrictionData", &q.Restriction)
	c.u32(&q.SynchronizationExtraFlags)
	c.tags16("PropertyTags", &q.PropertyTags)
}

// SynchronizationConfigureResponse is RopSynchronizationConfigure's response ([MS-OXCROPS] 2.2.13.1.2).
type SynchronizationConfigureResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
}

func (p *SynchronizationConfigureResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
}

// SynchronizationImportMessageChangeRequest is RopSynchronizationImportMessageChange's request ([MS-OXCROPS] 2.2.13.2.1).
type SynchronizationImportMessageChangeRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
	ImportFlag        uint8
	PropertyValues    []mapi.PropValue
}

func (q *SynchronizationImportMessageChangeRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.u8(&q.ImportFlag)
	c.tagged16("PropertyValues", &q.PropertyValues)
}

// SynchronizationImportMessageChangeResponse is RopSynchronizationImportMessageChange's response ([MS-OXCROPS] 2.2.13.2.2, 2.2.13.2.3).
type SynchronizationImportMessageChangeResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
	MessageID         mapi.ID
}

func (p *SynchronizationImportMessageChangeResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.id(&p.MessageID)
}

// MessageReadState is a MessageReadState structure ([MS-OXCROPS] 2.2.13.3.1.1).
type MessageReadState struct {
	MessageID  []byte // a global identifier (XID) as sent, MessageIdSize bytes
	MarkAsRead bool
}

// SynchronizationImportReadStateChangesRequest is RopSynchronizationImportReadStateChanges's
// request ([MS-OXCROPS] 2.2.13.3.1). MessageReadStateSize is computed when encoding.
type SynchronizationImportReadStateChangesRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	MessageReadStates []MessageReadState
}

func (q *SynchronizationImportReadStateChangesRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	if c.decoding() {
		size := int(c.r.Uint16())
		sub := c.r.Sub(size)
		q.MessageReadStates = nil
		if size > 0 && c.r.Err() == nil {
			q.MessageReadStates = make([]MessageReadState, 0, min(size/3, 64))
		}
		sc := codec{r: sub}
		for sub.Remaining() > 0 {
			var m MessageReadState
			sc.bytes16("MessageId", &m.MessageID)
			sc.boolean(&m.MarkAsRead)
			if sub.Err() != nil {
				c.r.Fail("MessageReadStates", sub.Err())
				return
			}
			q.MessageReadStates = append(q.MessageReadStates, m)
		}
		return
	}
	at := len(c.b)
	c.b = append(c.b, 0, 0)
	for i := range q.MessageReadStates {
		m := &q.MessageReadStates[i]
		c.bytes16("MessageId", &m.MessageID)
		c.boolean(&m.MarkAsRead)
	}
	n := len(c.b) - at - 2
	if n > 0xFFFF {
		c.failEnc("MessageReadStateSize", ErrTooLong)
		return
	}
	c.b[at], c.b[at+1] = byte(n), byte(n>>8)
}

// SynchronizationImportReadStateChangesResponse is RopSynchronizationImportReadStateChanges's response ([MS-OXCROPS] 2.2.13.3.2).
type SynchronizationImportReadStateChangesResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *SynchronizationImportReadStateChangesResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// SynchronizationImportHierarchyChangeRequest is RopSynchronizationImportHierarchyChange's request ([MS-OXCROPS] 2.2.13.4.1).
type SynchronizationImportHierarchyChangeRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	HierarchyValues  []mapi.PropValue
	PropertyValues   []mapi.PropValue
}

func (q *SynchronizationImportHierarchyChangeRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.tagged16("HierarchyValues", &q.HierarchyValues)
	c.tagged16("PropertyValues", &q.PropertyValues)
}

// SynchronizationImportHierarchyChangeResponse is RopSynchronizationImportHierarchyChange's response ([MS-OXCROPS] 2.2.13.4.2, 2.2.13.4.3).
type SynchronizationImportHierarchyChangeResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	FolderID         mapi.ID
}

func (p *SynchronizationImportHierarchyChangeResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.id(&p.FolderID)
}

// SynchronizationImportDeletesRequest is RopSynchronizationImportDeletes's request ([MS-OXCROPS] 2.2.13.5.1).
type SynchronizationImportDeletesRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	ImportDeleteFlags uint8
	PropertyValues    []mapi.PropValue
}

func (q *SynchronizationImportDeletesRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.ImportDeleteFlags)
	c.tagged16("PropertyValues", &q.PropertyValues)
}

// SynchronizationImportDeletesResponse is RopSynchronizationImportDeletes's response ([MS-OXCROPS] 2.2.13.5.2).
type SynchronizationImportDeletesResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *SynchronizationImportDeletesResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// SynchronizationImportMessageMoveRequest is RopSynchronizationImportMessageMove's
// request ([MS-OXCROPS] 2.2.13.6.1). The IDs are kept as sent (XIDs and a
// PredecessorChangeList, [MS-OXCFXICS] 2.2.2).
type SynchronizationImportMessageMoveRequest struct {
	LogonID               uint8
	InputHandleIndex      uint8
	SourceFolderID        []byte
	SourceMessageID       []byte
	PredecessorChangeList []byte
	DestinationMessageID  []byte
	ChangeNumber          []byte
}

func (q *SynchronizationImportMessageMoveRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.bytes32("SourceFolderId", &q.SourceFolderID)
	c.bytes32("SourceMessageId", &q.SourceMessageID)
	c.bytes32("PredecessorChangeList", &q.PredecessorChangeList)
	c.bytes32("DestinationMessageId", &q.DestinationMessageID)
	c.bytes32("ChangeNumber", &q.ChangeNumber)
}

// SynchronizationImportMessageMoveResponse is RopSynchronizationImportMessageMove's response ([MS-OXCROPS] 2.2.13.6.2, 2.2.13.6.3).
type SynchronizationImportMessageMoveResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	MessageID        mapi.ID
}

func (p *SynchronizationImportMessageMoveResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.id(&p.MessageID)
}

// SynchronizationOpenCollectorRequest is RopSynchronizationOpenCollector's request ([MS-OXCROPS] 2.2.13.7.1).
type SynchronizationOpenCollectorRequest struct {
	LogonID             uint8
	InputHandleIndex    uint8
	OutputHandleIndex   uint8
	IsContentsCollector bool
}

func (q *SynchronizationOpenCollectorRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.boolean(&q.IsContentsCollector)
}

// SynchronizationOpenCollectorResponse is RopSynchronizationOpenCollector's response ([MS-OXCROPS] 2.2.13.7.2).
type SynchronizationOpenCollectorResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
}

func (p *SynchronizationOpenCollectorResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
}

// SynchronizationGetTransferStateRequest is RopSynchronizationGetTransferState's request ([MS-OXCROPS] 2.2.13.8.1).
type SynchronizationGetTransferStateRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
}

func (q *SynchronizationGetTransferStateRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
}

// SynchronizationGetTransferStateResponse is RopSynchronizationGetTransferState's response ([MS-OXCROPS] 2.2.13.8.2).
type SynchronizationGetTransferStateResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
}

func (p *SynchronizationGetTransferStateResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
}

// SynchronizationUploadStateStreamBeginRequest is RopSynchronizationUploadStateStreamBegin's request ([MS-OXCROPS] 2.2.13.9.1).
type SynchronizationUploadStateStreamBeginRequest struct {
	LogonID            uint8
	InputHandleIndex   uint8
	StateProperty      mapi.PropTag
	TransferBufferSize uint32
}

func (q *SynchronizationUploadStateStreamBeginRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.tag(&q.StateProperty)
	c.u32(&q.TransferBufferSize)
}

// SynchronizationUploadStateStreamBeginResponse is RopSynchronizationUploadStateStreamBegin's response ([MS-OXCROPS] 2.2.13.9.2).
type SynchronizationUploadStateStreamBeginResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *SynchronizationUploadStateStreamBeginResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// SynchronizationUploadStateStreamContinueRequest is RopSynchronizationUploadStateStreamContinue's request ([MS-OXCROPS] 2.2.13.10.1).
type SynchronizationUploadStateStreamContinueRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	StreamData       []byte // StreamDataSize is 4 bytes
}

func (q *SynchronizationUploadStateStreamContinueRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.bytes32("StreamData", &q.StreamData)
}

// SynchronizationUploadStateStreamContinueResponse is RopSynchronizationUploadStateStreamContinue's response ([MS-OXCROPS] 2.2.13.10.2).
type SynchronizationUploadStateStreamContinueResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *SynchronizationUploadStateStreamContinueResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// SynchronizationUploadStateStreamEndRequest is RopSynchronizationUploadStateStreamEnd's request ([MS-OXCROPS] 2.2.13.11.1).
type SynchronizationUploadStateStreamEndRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
}

func (q *SynchronizationUploadStateStreamEndRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
}

// SynchronizationUploadStateStreamEndResponse is RopSynchronizationUploadStateStreamEnd's response ([MS-OXCROPS] 2.2.13.11.2).
type SynchronizationUploadStateStreamEndResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *SynchronizationUploadStateStreamEndResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// LongTermIDRange is a LongTermIdRange structure ([MS-OXCROPS] 2.2.13.12.1.1).
type LongTermIDRange struct {
	MinLongTermID mapi.LongTermID
	MaxLongTermID mapi.LongTermID
}

// SetLocalReplicaMidsetDeletedRequest is RopSetLocalReplicaMidsetDeleted's
// request ([MS-OXCROPS] 2.2.13.12.1). DataSize is computed when encoding
// and checked when decoding.
type SetLocalReplicaMidsetDeletedRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	LongTermIDRanges []LongTermIDRange
}

func (q *SetLocalReplicaMidsetDeletedRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	size := c.count16("DataSize", 4+48*len(q.LongTermIDRanges))
	n := c.count32("LongTermIdRangeCount", len(q.LongTermIDRanges))
	if c.decoding() && c.r.Err() == nil && size != 4+48*n {
		c.r.Failf("DataSize", "%d does not match %d ranges", size, n)
		return
	}
	if !slice(c, "LongTermIdRanges", &q.LongTermIDRanges, n, 48) {
		return
	}
	for i := range q.LongTermIDRanges {
		c.ltid(&q.LongTermIDRanges[i].MinLongTermID)
		c.ltid(&q.LongTermIDRanges[i].MaxLongTermID)
	}
}

// SetLocalReplicaMidsetDeletedResponse is RopSetLocalReplicaMidsetDeleted's response ([MS-OXCROPS] 2.2.13.12.2).
type SetLocalReplicaMidsetDeletedResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *SetLocalReplicaMidsetDeletedResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// GetLocalReplicaIdsRequest is RopGetLocalReplicaIds's request ([MS-OXCROPS] 2.2.13.13.1).
type GetLocalReplicaIdsRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	IDCount          uint32
}

func (q *GetLocalReplicaIdsRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u32(&q.IDCount)
}

// GetLocalReplicaIdsResponse is RopGetLocalReplicaIds's response ([MS-OXCROPS] 2.2.13.13.2, 2.2.13.13.3).
type GetLocalReplicaIdsResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	ReplGUID         mapi.GUID
	GlobalCount      uint64 // 6 bytes on the wire, big-endian
}

func (p *GetLocalReplicaIdsResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.guid(&p.ReplGUID)
	c.globcnt(&p.GlobalCount)
}

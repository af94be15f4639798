package ropbuf

import "github.com/oxkit/oxkit/mapi"

// Stream ROPs of [MS-OXCROPS] 2.2.9 (semantics in [MS-OXCPRPT]).

// ReadStreamMaximum is the ByteCount of RopReadStream that asks for
// MaximumByteCount bytes instead ([MS-OXCROPS] 2.2.9.2.1), and the
// BufferSize of RopFastTransferSourceGetBuffer that asks for
// MaximumBufferSize ([MS-OXCROPS] 2.2.12.4.1).
const ReadStreamMaximum = 0xBABE

// OpenStreamRequest is RopOpenStream's request ([MS-OXCROPS] 2.2.9.1.1).
type OpenStreamRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
	PropertyTag       mapi.PropTag
	OpenModeFlags     uint8
}

func (q *OpenStreamRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.tag(&q.PropertyTag)
	c.u8(&q.OpenModeFlags)
}

// OpenStreamResponse is RopOpenStream's response ([MS-OXCROPS] 2.2.9.1.2, 2.2.9.1.3).
type OpenStreamResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
	StreamSize        uint32
}

func (p *OpenStreamResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.u32(&p.StreamSize)
}

// ReadStreamRequest is RopReadStream's request ([MS-OXCROPS] 2.2.9.2.1).
// MaximumByteCount is present only when ByteCount is ReadStreamMaximum.
type ReadStreamRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	ByteCount        uint16
	MaximumByteCount uint32
}

func (q *ReadStreamRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u16(&q.ByteCount)
	if q.ByteCount == ReadStreamMaximum {
		c.u32(&q.MaximumByteCount)
	} else if c.decoding() {
		q.MaximumByteCount = 0
	}
}

// ReadStreamResponse is RopReadStream's response ([MS-OXCROPS] 2.2.9.2.2);
// Data is present whatever the ReturnValue.
type ReadStreamResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	Data             []byte
}

func (p *ReadStreamResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	c.bytes16("Data", &p.Data)
}

// WriteStreamRequest is RopWriteStream's request ([MS-OXCROPS] 2.2.9.3.1).
type WriteStreamRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	Data             []byte
}

func (q *WriteStreamRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.bytes16("Data", &q.Data)
}

// WriteStreamResponse is RopWriteStream's response ([MS-OXCROPS] 2.2.9.3.2);
// WrittenSize is present whatever the ReturnValue.
type WriteStreamResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	WrittenSize      uint16
}

func (p *WriteStreamResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	c.u16(&p.WrittenSize)
}

// WriteStreamExtendedRequest is RopWriteStreamExtended's request ([MS-OXCROPS] 2.2.9.4.1).
type WriteStreamExtendedRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	Data             []byte
}

func (q *WriteStreamExtendedRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.bytes16("Data", &q.Data)
}

// WriteStreamExtendedResponse is RopWriteStreamExtended's response ([MS-OXCROPS] 2.2.9.4.2).
type WriteStreamExtendedResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	WrittenSize      uint32
}

func (p *WriteStreamExtendedResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	c.u32(&p.WrittenSize)
}

// CommitStreamRequest is RopCommitStream's request ([MS-OXCROPS] 2.2.9.5.1).
type CommitStreamRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
}

func (q *CommitStreamRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
}

// CommitStreamResponse is RopCommitStream's response ([MS-OXCROPS] 2.2.9.5.2).
type CommitStreamResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *CommitStreamResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// GetStreamSizeRequest is RopGetStreamSize's request ([MS-OXCROPS] 2.2.9.6.1).
type GetStreamSizeRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
}

func (q *GetStreamSizeRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
}

// GetStreamSizeResponse is RopGetStreamSize's response ([MS-OXCROPS] 2.2.9.6.2, 2.2.9.6.3).
type GetStreamSizeResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	StreamSize       uint32
}

func (p *GetStreamSizeResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.u32(&p.StreamSize)
}

// SetStreamSizeRequest is RopSetStreamSize's request ([MS-OXCROPS] 2.2.9.7.1).
type SetStreamSizeRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	StreamSize       uint64
}

func (q *SetStreamSizeRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u64(&q.StreamSize)
}

// SetStreamSizeResponse is RopSetStreamSize's response ([MS-OXCROPS] 2.2.9.7.2).
type SetStreamSizeResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *SetStreamSizeResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// SeekStreamRequest is RopSeekStream's request ([MS-OXCROPS] 2.2.9.8.1).
type SeekStreamRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	Origin           uint8
	Offset           int64
}

func (q *SeekStreamRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.Origin)
	c.i64(&q.Offset)
}

// SeekStreamResponse is RopSeekStream's response ([MS-OXCROPS] 2.2.9.8.2, 2.2.9.8.3).
type SeekStreamResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	NewPosition      uint64
}

func (p *SeekStreamResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.u64(&p.NewPosition)
}

// CopyToStreamRequest is RopCopyToStream's request ([MS-OXCROPS] 2.2.9.9.1).
type CopyToStreamRequest struct {
	LogonID           uint8
	SourceHandleIndex uint8
	DestHandleIndex   uint8
	ByteCount         uint64
}

func (q *CopyToStreamRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.SourceHandleIndex)
	c.u8(&q.DestHandleIndex)
	c.u64(&q.ByteCount)
}

// CopyToStreamResponse is RopCopyToStream's response ([MS-OXCROPS]
// 2.2.9.9.2, 2.2.9.9.3): DestHandleIndex only on ecDstNullObject (0x503),
// the byte counts whatever the ReturnValue.
type CopyToStreamResponse struct {
	SourceHandleIndex uint8
	ReturnValue       mapi.ErrorCode
	DestHandleIndex   uint32
	ReadByteCount     uint64
	WrittenByteCount  uint64
}

func (p *CopyToStreamResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.SourceHandleIndex)
	c.ec(&p.ReturnValue)
	c.nullDest(p.ReturnValue, &p.DestHandleIndex)
	c.u64(&p.ReadByteCount)
	c.u64(&p.WrittenByteCount)
}

// LockRegionStreamRequest is RopLockRegionStream's request ([MS-OXCROPS] 2.2.9.10.1).
type LockRegionStreamRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	RegionOffset     uint64
	RegionSize       uint64
	LockFlags        uint32
}

func (q *LockRegionStreamRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u64(&q.RegionOffset)
	c.u64(&q.RegionSize)
	c.u32(&q.LockFlags)
}

// LockRegionStreamResponse is RopLockRegionStream's response ([MS-OXCROPS] 2.2.9.10.2).
type LockRegionStreamResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *LockRegionStreamResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// UnlockRegionStreamRequest is RopUnlockRegionStream's request ([MS-OXCROPS] 2.2.9.11.1).
type UnlockRegionStreamRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	RegionOffset     uint64
	RegionSize       uint64
	LockFlags        uint32
}

func (q *UnlockRegionStreamRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u64(&q.RegionOffset)
	c.u64(&q.RegionSize)
	c.u32(&q.LockFlags)
}

// UnlockRegionStreamResponse is RopUnlockRegionStream's response ([MS-OXCROPS] 2.2.9.11.2).
type UnlockRegionStreamResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *UnlockRegionStreamResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// WriteAndCommitStreamRequest is RopWriteAndCommitStream's request ([MS-OXCROPS] 2.2.9.12.1).
type WriteAndCommitStreamRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	Data             []byte
}

func (q *WriteAndCommitStreamRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.bytes16("Data", &q.Data)
}

// WriteAndCommitStreamResponse is RopWriteAndCommitStream's response,
// laid out as RopWriteStream's ([MS-OXCROPS] 2.2.9.12.2).
type WriteAndCommitStreamResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	WrittenSize      uint16
}

func (p *WriteAndCommitStreamResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	c.u16(&p.WrittenSize)
}

// CloneStreamRequest is RopCloneStream's request ([MS-OXCROPS] 2.2.9.13.1).
type CloneStreamRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
}

func (q *CloneStreamRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
}

// CloneStreamResponse is RopCloneStream's response ([MS-OXCROPS] 2.2.9.13.2).
type CloneStreamResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
}

func (p *CloneStreamResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
}

package ropbuf

import "github.com/oxkit/oxkit/mapi"

// Transport ROPs of [MS-OXCROPS] 2.2.7 (semantics in [MS-OXOMSG]).

// SubmitMessageRequest is RopSubmitMessage's request ([MS-OXCROPS] 2.2.7.1.1).
type SubmitMessageRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	SubmitFlags      uint8
}

func (q *SubmitMessageRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.SubmitFlags)
}

// SubmitMessageResponse is RopSubmitMessage's response ([MS-OXCROPS] 2.2.7.1.2).
type SubmitMessageResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *SubmitMessageResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// AbortSubmitRequest is RopAbortSubmit's request ([MS-OXCROPS] 2.2.7.2.1).
type AbortSubmitRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	FolderID         mapi.ID
	MessageID        mapi.ID
}

func (q *AbortSubmitRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.id(&q.FolderID)
	c.id(&q.MessageID)
}

// AbortSubmitResponse is RopAbortSubmit's response ([MS-OXCROPS] 2.2.7.2.2).
type AbortSubmitResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *AbortSubmitResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// GetAddressTypesRequest is RopGetAddressTypes's request ([MS-OXCROPS] 2.2.7.3.1).
type GetAddressTypesRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
}

func (q *GetAddressTypesRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
}

// GetAddressTypesResponse is RopGetAddressTypes's response ([MS-OXCROPS]
// 2.2.7.3.2, 2.2.7.3.3). AddressTypeSize is computed when encoding and
// checked when decoding.
type GetAddressTypesResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	AddressTypes     []string // 8-bit
}

func (p *GetAddressTypesResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	n := c.count16("AddressTypeCount", len(p.AddressTypes))
	size := 0
	for _, s := range p.AddressTypes {
		size += len(s) + 1
	}
	size = c.count16("AddressTypeSize", size)
	if c.decoding() {
		sub := codec{r: c.r.Sub(size)}
		sub.strings8("AddressTypes", &p.AddressTypes, n)
		if err := sub.r.Err(); err != nil {
			c.r.Fail("AddressTypes", err)
		} else if sub.r.Remaining() != 0 {
			c.r.Failf("AddressTypes", "%d bytes left over in AddressTypeSize", sub.r.Remaining())
		}
		return
	}
	c.strings8("AddressTypes", &p.AddressTypes, n)
}

// SetSpoolerRequest is RopSetSpooler's request ([MS-OXCROPS] 2.2.7.4.1).
type SetSpoolerRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
}

func (q *SetSpoolerRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
}

// SetSpoolerResponse is RopSetSpooler's response ([MS-OXCROPS] 2.2.7.4.2).
type SetSpoolerResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *SetSpoolerResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// SpoolerLockMessageRequest is RopSpoolerLockMessage's request ([MS-OXCROPS] 2.2.7.5.1).
type SpoolerLockMessageRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	MessageID        mapi.ID
	LockState        uint8
}

func (q *SpoolerLockMessageRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.id(&q.MessageID)
	c.u8(&q.LockState)
}

// SpoolerLockMessageResponse is RopSpoolerLockMessage's response ([MS-OXCROPS] 2.2.7.5.2).
type SpoolerLockMessageResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *SpoolerLockMessageResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// TransportSendRequest is RopTransportSend's request ([MS-OXCROPS] 2.2.7.6.1).
type TransportSendRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
}

func (q *TransportSendRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
}

// TransportSendResponse is RopTransportSend's response ([MS-OXCROPS]
// 2.2.7.6.2, 2.2.7.6.3). NoPropertiesReturned is true when the server
// returns no PropertyValues.
type TransportSendResponse struct {
	InputHandleIndex     uint8
	ReturnValue          mapi.ErrorCode
	NoPropertiesReturned bool
	PropertyValues       []mapi.PropValue
}

func (p *TransportSendResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.boolean(&p.NoPropertiesReturned)
	if p.NoPropertiesReturned {
		if c.decoding() {
			p.PropertyValues = nil
		}
		return
	}
	c.tagged16("PropertyValues", &p.PropertyValues)
}

// TransportNewMailRequest is RopTransportNewMail's request ([MS-OXCROPS] 2.2.7.7.1).
type TransportNewMailRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	MessageID        mapi.ID
	FolderID         mapi.ID
	MessageClass     string // 8-bit
	MessageFlags     uint32
}

func (q *TransportNewMailRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.id(&q.MessageID)
	c.id(&q.FolderID)
	c.string8(&q.MessageClass)
	c.u32(&q.MessageFlags)
}

// TransportNewMailResponse is RopTransportNewMail's response ([MS-OXCROPS] 2.2.7.7.2).
type TransportNewMailResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *TransportNewMailResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// GetTransportFolderRequest is RopGetTransportFolder's request ([MS-OXCROPS] 2.2.7.8.1).
type GetTransportFolderRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
}

func (q *GetTransportFolderRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
}

// GetTransportFolderResponse is RopGetTransportFolder's response ([MS-OXCROPS] 2.2.7.8.2, 2.2.7.8.3).
type GetTransportFolderResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	FolderID         mapi.ID
}

func (p *GetTransportFolderResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.id(&p.FolderID)
}

// OptionsDataRequest is RopOptionsData's request ([MS-OXCROPS] 2.2.7.9.1).
type OptionsDataRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	AddressType      string // 8-bit
	WantWin32        bool
}

func (q *OptionsDataRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.string8(&q.AddressType)
	c.boolean(&q.WantWin32)
}

// OptionsDataResponse is RopOptionsData's response ([MS-OXCROPS] 2.2.7.9.2,
// 2.2.7.9.3). HelpFileName is present only when HelpFile is not empty.
type OptionsDataResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	Reserved         uint8
	OptionsInfo      []byte
	HelpFile         []byte
	HelpFileName     string // 8-bit
}

func (p *OptionsDataResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.u8(&p.Reserved)
	c.bytes16("OptionsInfo", &p.OptionsInfo)
	c.bytes16("HelpFile", &p.HelpFile)
	if len(p.HelpFile) != 0 {
		c.string8(&p.HelpFileName)
	} else if c.decoding() {
		p.HelpFileName = ""
	}
}

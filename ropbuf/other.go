package ropbuf

import "github.com/oxkit/oxkit/mapi"

// Other ROPs of [MS-OXCROPS] 2.2.15, and the five ROPs that earlier
// versions of [MS-OXCROPS] defined and the current one lists as reserved.

// ReleaseRequest is RopRelease's request ([MS-OXCROPS] 2.2.15.3.1); the
// server sends no response.
type ReleaseRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
}

func (q *ReleaseRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
}

// BufferTooSmallResponse is RopBufferTooSmall's response ([MS-OXCROPS]
// 2.2.15.1.1): the output buffer could not hold the response of the ROP
// that starts RequestBuffers, the unprocessed rest of the input RopsList.
// It is always the last response in a buffer, so decoding takes every
// byte left in the RopsList.
type BufferTooSmallResponse struct {
	SizeNeeded     uint16
	RequestBuffers []byte
}

func (p *BufferTooSmallResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u16(&p.SizeNeeded)
	c.rest(&p.RequestBuffers)
}

// BackoffRop is a BackoffRop structure ([MS-OXCROPS] 2.2.15.2.1.1).
type BackoffRop struct {
	RopIDBackoff RopID
	Duration     uint32
}

// BackoffResponse is RopBackoff's response ([MS-OXCROPS] 2.2.15.2.1).
type BackoffResponse struct {
	LogonID        uint8
	Duration       uint32
	BackoffRops    []BackoffRop // BackoffRopCount is one byte
	AdditionalData []byte
}

func (p *BackoffResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.LogonID)
	c.u32(&p.Duration)
	n := c.count8("BackoffRopCount", len(p.BackoffRops))
	if slice(c, "BackoffRopData", &p.BackoffRops, n, 5) {
		for i := range p.BackoffRops {
			u8(c, &p.BackoffRops[i].RopIDBackoff)
			c.u32(&p.BackoffRops[i].Duration)
		}
	}
	c.bytes16("AdditionalData", &p.AdditionalData)
}

// SynchronizationOpenAdvisorRequest is RopSynchronizationOpenAdvisor's
// request (RopId 0x83, reserved in current [MS-OXCROPS]; layout from
// Exchange's ROP parser: the common input and output handle indices).
type SynchronizationOpenAdvisorRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
}

func (q *SynchronizationOpenAdvisorRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
}

// SynchronizationOpenAdvisorResponse is RopSynchronizationOpenAdvisor's response (RopId 0x83).
type SynchronizationOpenAdvisorResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
}

func (p *SynchronizationOpenAdvisorResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
}

// RegisterSynchronizationNotificationsRequest is
// RopRegisterSynchronizationNotifications's request (RopId 0x84, reserved
// in current [MS-OXCROPS]; layout from Exchange's ROP parser: a 2-byte
// count, that many folder IDs, then as many 4-byte change numbers).
// FolderIDs and ChangeNumbers must have equal lengths.
type RegisterSynchronizationNotificationsRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	FolderIDs        []mapi.ID
	ChangeNumbers    []uint32
}

func (q *RegisterSynchronizationNotificationsRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	if !c.decoding() && len(q.FolderIDs) != len(q.ChangeNumbers) {
		c.failEnc("RegisterSynchronizationNotifications", errCNMismatch)
		return
	}
	n := c.count16("FolderIdCount", len(q.FolderIDs))
	if !slice(c, "FolderIds", &q.FolderIDs, n, 12) {
		if c.decoding() {
			q.ChangeNumbers = nil
		}
		return
	}
	for i := range q.FolderIDs {
		c.id(&q.FolderIDs[i])
	}
	if !slice(c, "ChangeNumbers", &q.ChangeNumbers, n, 4) {
		return
	}
	for i := range q.ChangeNumbers {
		c.u32(&q.ChangeNumbers[i])
	}
}

// RegisterSynchronizationNotificationsResponse is RopRegisterSynchronizationNotifications's response (RopId 0x84).
type RegisterSynchronizationNotificationsResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *RegisterSynchronizationNotificationsResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// OpenPublicFolderByNameRequest is RopOpenPublicFolderByName's request
// (RopId 0x87, reserved in current [MS-OXCROPS]). No published spec
// describes it; the layout (output handle index, then the folder name as a
// NUL-terminated 8-bit string) is OpenChange's client and is unverified
// against a server.
type OpenPublicFolderByNameRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
	Name              string // 8-bit
}

func (q *OpenPublicFolderByNameRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.string8(&q.Name)
}

// OpenPublicFolderByNameResponse is RopOpenPublicFolderByName's response
// (RopId 0x87), assumed to be laid out as RopOpenFolder's (unverified).
type OpenPublicFolderByNameResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
	HasRules          bool
	Ghost             *GhostInfo
}

func (p *OpenPublicFolderByNameResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.boolean(&p.HasRules)
	c.ghost(&p.Ghost)
}

// SetSynchronizationNotificationGuidRequest is
// RopSetSynchronizationNotificationGuid's request (RopId 0x88, reserved in
// current [MS-OXCROPS]; layout from Exchange's ROP parser: one GUID).
type SetSynchronizationNotificationGuidRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	NotificationGUID mapi.GUID
}

func (q *SetSynchronizationNotificationGuidRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.guid(&q.NotificationGUID)
}

// SetSynchronizationNotificationGuidResponse is RopSetSynchronizationNotificationGuid's response (RopId 0x88).
type SetSynchronizationNotificationGuidResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *SetSynchronizationNotificationGuidResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// DeletePublicFolderByNameRequest is RopDeletePublicFolderByName's request
// (RopId 0x8A, reserved in current [MS-OXCROPS]). No published spec or
// implementation describes it; the layout (the folder name as a
// NUL-terminated 8-bit string, by analogy with RopOpenPublicFolderByName)
// is an assumption.
type DeletePublicFolderByNameRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	Name             string // 8-bit
}

func (q *DeletePublicFolderByNameRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.string8(&q.Name)
}

// DeletePublicFolderByNameResponse is RopDeletePublicFolderByName's response (RopId 0x8A, assumed).
type DeletePublicFolderByNameResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *DeletePublicFolderByNameResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

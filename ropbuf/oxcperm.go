package ropbuf

import "github.com/oxkit/oxkit/mapi"

// Permission ROPs of [MS-OXCROPS] 2.2.10 (semantics in [MS-OXCPERM]).

// PermissionData is a PermissionData structure ([MS-OXCROPS] 2.2.10.1.1.1).
type PermissionData struct {
	PermissionDataFlags uint8
	PropertyValues      []mapi.PropValue
}

// ModifyPermissionsRequest is RopModifyPermissions's request ([MS-OXCROPS] 2.2.10.1.1).
type ModifyPermissionsRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	ModifyFlags      uint8
	PermissionsData  []PermissionData
}

func (q *ModifyPermissionsRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.ModifyFlags)
	n := c.count16("ModifyCount", len(q.PermissionsData))
	if !slice(c, "PermissionsData", &q.PermissionsData, n, 3) {
		return
	}
	for i := range q.PermissionsData {
		d := &q.PermissionsData[i]
		c.u8(&d.PermissionDataFlags)
		c.tagged16("PropertyValues", &d.PropertyValues)
	}
}

// ModifyPermissionsResponse is RopModifyPermissions's response ([MS-OXCROPS] 2.2.10.1.2).
type ModifyPermissionsResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *ModifyPermissionsResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// GetPermissionsTableRequest is RopGetPermissionsTable's request ([MS-OXCROPS] 2.2.10.2.1).
type GetPermissionsTableRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
	TableFlags        uint8
}

func (q *GetPermissionsTableRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.u8(&q.TableFlags)
}

// GetPermissionsTableResponse is RopGetPermissionsTable's response ([MS-OXCROPS] 2.2.10.2.2).
type GetPermissionsTableResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
}

func (p *GetPermissionsTableResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
}

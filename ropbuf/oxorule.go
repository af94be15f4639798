package ropbuf

import "github.com/oxkit/oxkit/mapi"

// Rule ROPs of [MS-OXCROPS] 2.2.11 (semantics in [MS-OXORULE]).

// RuleData is a RuleData structure ([MS-OXCROPS] 2.2.11.1.1.1).
type RuleData struct {
	RuleDataFlags  uint8
	PropertyValues []mapi.PropValue
}

// ModifyRulesRequest is RopModifyRules's request ([MS-OXCROPS] 2.2.11.1.1).
type ModifyRulesRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	ModifyRulesFlags uint8
	RulesData        []RuleData
}

func (q *ModifyRulesRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.ModifyRulesFlags)
	n := c.count16("RulesCount", len(q.RulesData))
	if !slice(c, "RulesData", &q.RulesData, n, 3) {
		return
	}
	for i := range q.RulesData {
		d := &q.RulesData[i]
		c.u8(&d.RuleDataFlags)
		c.tagged16("PropertyValues", &d.PropertyValues)
	}
}

// ModifyRulesResponse is RopModifyRules's response ([MS-OXCROPS] 2.2.11.1.2).
type ModifyRulesResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *ModifyRulesResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// GetRulesTableRequest is RopGetRulesTable's request ([MS-OXCROPS] 2.2.11.2.1).
type GetRulesTableRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
	TableFlags        uint8
}

func (q *GetRulesTableRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.u8(&q.TableFlags)
}

// GetRulesTableResponse is RopGetRulesTable's response ([MS-OXCROPS] 2.2.11.2.2).
type GetRulesTableResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
}

func (p *GetRulesTableResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
}

// UpdateDeferredActionMessagesRequest is RopUpdateDeferredActionMessages's request ([MS-OXCROPS] 2.2.11.3.1).
type UpdateDeferredActionMessagesRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	ServerEntryID    []byte
	ClientEntryID    []byte
}

func (q *UpdateDeferredActionMessagesRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.bytes16("ServerEntryId", &q.ServerEntryID)
	c.bytes16("ClientEntryId", &q.ClientEntryID)
}

// UpdateDeferredActionMessagesResponse is RopUpdateDeferredActionMessages's response ([MS-OXCROPS] 2.2.11.3.2).
type UpdateDeferredActionMessagesResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *UpdateDeferredActionMessagesResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

package ropbuf

import "github.com/oxkit/oxkit/mapi"

// Property ROPs of [MS-OXCROPS] 2.2.8 (semantics in [MS-OXCPRPT]).
// RopGetPropertiesSpecific's row is in oxcprpt_rows.go.

// GetPropertyIdsFromNamesRequest is RopGetPropertyIdsFromNames's request ([MS-OXCROPS] 2.2.8.1.1).
type GetPropertyIdsFromNamesRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	Flags            uint8
	PropertyNames    []mapi.PropertyName
}

func (q *GetPropertyIdsFromNamesRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.Flags)
	c.names16("PropertyNames", &q.PropertyNames)
}

// GetPropertyIdsFromNamesResponse is RopGetPropertyIdsFromNames's response
// ([MS-OXCROPS] 2.2.8.1.2, 2.2.8.1.3). PropertyIds are present on success
// and with the warning ecWarnWithErrors (0x00040380), when some names
// could not be mapped (their IDs are 0x0000).
type GetPropertyIdsFromNamesResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	PropertyIDs      []mapi.PropID
}

func (p *GetPropertyIdsFromNamesResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 && p.ReturnValue != ecWarnWithErrors {
		return
	}
	c.propIDs16("PropertyIds", &p.PropertyIDs)
}

// GetNamesFromPropertyIdsRequest is RopGetNamesFromPropertyIds's request ([MS-OXCROPS] 2.2.8.2.1).
type GetNamesFromPropertyIdsRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	PropertyIDs      []mapi.PropID
}

func (q *GetNamesFromPropertyIdsRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.propIDs16("PropertyIds", &q.PropertyIDs)
}

// GetNamesFromPropertyIdsResponse is RopGetNamesFromPropertyIds's response ([MS-OXCROPS] 2.2.8.2.2, 2.2.8.2.3).
type GetNamesFromPropertyIdsResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	PropertyNames    []mapi.PropertyName
}

func (p *GetNamesFromPropertyIdsResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.names16("PropertyNames", &p.PropertyNames)
}

// GetPropertiesSpecificRequest is RopGetPropertiesSpecific's request ([MS-OXCROPS] 2.2.8.3.1).
type GetPropertiesSpecificRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	PropertySizeLimit uint16
	WantUnicode       uint16
	PropertyTags      []mapi.PropTag
}

func (q *GetPropertiesSpecificRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u16(&q.PropertySizeLimit)
	c.u16(&q.WantUnicode)
	c.tags16("PropertyTags", &q.PropertyTags)
}

// GetPropertiesAllRequest is RopGetPropertiesAll's request ([MS-OXCROPS] 2.2.8.4.1).
type GetPropertiesAllRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	PropertySizeLimit uint16
	WantUnicode       uint16
}

func (q *GetPropertiesAllRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u16(&q.PropertySizeLimit)
	c.u16(&q.WantUnicode)
}

// GetPropertiesAllResponse is RopGetPropertiesAll's response ([MS-OXCROPS] 2.2.8.4.2, 2.2.8.4.3).
type GetPropertiesAllResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	PropertyValues   []mapi.PropValue
}

func (p *GetPropertiesAllResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.tagged16("PropertyValues", &p.PropertyValues)
}

// GetPropertiesListRequest is RopGetPropertiesList's request ([MS-OXCROPS] 2.2.8.5.1).
type GetPropertiesListRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
}

func (q *GetPropertiesListRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
}

// GetPropertiesListResponse is RopGetPropertiesList's response ([MS-OXCROPS] 2.2.8.5.2, 2.2.8.5.3).
type GetPropertiesListResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	PropertyTags     []mapi.PropTag
}

func (p *GetPropertiesListResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.tags16("PropertyTags", &p.PropertyTags)
}

// sizedValues codes PropertyValueSize (2 bytes: the size of the count and
// the values), PropertyValueCount (2 bytes) and the TaggedPropertyValues.
func (c *codec) sizedValues(p *[]mapi.PropValue) {
	if c.decoding() {
		size := int(c.r.Uint16())
		sub := codec{r: c.r.Sub(size), rctx: c.rctx}
		sub.tagged16("PropertyValues", p)
		if err := sub.r.Err(); err != nil {
			c.r.Fail("PropertyValues", err)
		} else if sub.r.Remaining() != 0 {
			c.r.Failf("PropertyValues", "%d bytes left over in PropertyValueSize", sub.r.Remaining())
		}
		return
	}
	at := len(c.b)
	c.b = append(c.b, 0, 0)
	c.tagged16("PropertyValues", p)
	n := len(c.b) - at - 2
	if n > 0xFFFF {
		c.failEnc("PropertyValueSize", ErrTooLong)
		return
	}
	c.b[at], c.b[at+1] = byte(n), byte(n>>8)
}

// SetPropertiesRequest is RopSetProperties's request ([MS-OXCROPS] 2.2.8.6.1).
type SetPropertiesRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	PropertyValues   []mapi.PropValue
}

func (q *SetPropertiesRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.sizedValues(&q.PropertyValues)
}

// SetPropertiesResponse is RopSetProperties's response ([MS-OXCROPS] 2.2.8.6.2, 2.2.8.6.3).
type SetPropertiesResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	PropertyProblems []mapi.PropertyProblem
}

func (p *SetPropertiesResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.problems16(&p.PropertyProblems)
}

// SetPropertiesNoReplicateRequest is RopSetPropertiesNoReplicate's request ([MS-OXCROPS] 2.2.8.7.1).
type SetPropertiesNoReplicateRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	PropertyValues   []mapi.PropValue
}

func (q *SetPropertiesNoReplicateRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.sizedValues(&q.PropertyValues)
}

// SetPropertiesNoReplicateResponse is RopSetPropertiesNoReplicate's response ([MS-OXCROPS] 2.2.8.7.2, 2.2.8.7.3).
type SetPropertiesNoReplicateResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	PropertyProblems []mapi.PropertyProblem
}

func (p *SetPropertiesNoReplicateResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.problems16(&p.PropertyProblems)
}

// DeletePropertiesRequest is RopDeleteProperties's request ([MS-OXCROPS] 2.2.8.8.1).
type DeletePropertiesRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	PropertyTags     []mapi.PropTag
}

func (q *DeletePropertiesRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.tags16("PropertyTags", &q.PropertyTags)
}

// DeletePropertiesResponse is RopDeleteProperties's response ([MS-OXCROPS] 2.2.8.8.2, 2.2.8.8.3).
type DeletePropertiesResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	PropertyProblems []mapi.PropertyProblem
}

func (p *DeletePropertiesResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.problems16(&p.PropertyProblems)
}

// DeletePropertiesNoReplicateRequest is RopDeletePropertiesNoReplicate's request ([MS-OXCROPS] 2.2.8.9.1).
type DeletePropertiesNoReplicateRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	PropertyTags     []mapi.PropTag
}

func (q *DeletePropertiesNoReplicateRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.tags16("PropertyTags", &q.PropertyTags)
}

// DeletePropertiesNoReplicateResponse is RopDeletePropertiesNoReplicate's response ([MS-OXCROPS] 2.2.8.9.2, 2.2.8.9.3).
type DeletePropertiesNoReplicateResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	PropertyProblems []mapi.PropertyProblem
}

func (p *DeletePropertiesNoReplicateResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.problems16(&p.PropertyProblems)
}

// QueryNamedPropertiesRequest is RopQueryNamedProperties's request
// ([MS-OXCROPS] 2.2.8.10.1). PropertyGUID is nil when HasGuid is false.
type QueryNamedPropertiesRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	QueryFlags       uint8
	PropertyGUID     *mapi.GUID
}

func (q *QueryNamedPropertiesRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.QueryFlags)
	has := q.PropertyGUID != nil
	c.boolean(&has)
	if !has {
		q.PropertyGUID = nil
		return
	}
	if c.decoding() {
		q.PropertyGUID = new(mapi.GUID)
	}
	c.guid(q.PropertyGUID)
}

// QueryNamedPropertiesResponse is RopQueryNamedProperties's response
// ([MS-OXCROPS] 2.2.8.10.2, 2.2.8.10.3): IdCount property IDs followed by
// as many names; PropertyIDs and PropertyNames must have equal lengths.
type QueryNamedPropertiesResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	PropertyIDs      []mapi.PropID
	PropertyNames    []mapi.PropertyName
}

func (p *QueryNamedPropertiesResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	if !c.decoding() && len(p.PropertyIDs) != len(p.PropertyNames) {
		c.failEnc("QueryNamedProperties", errMismatch)
		return
	}
	n := c.count16("IdCount", len(p.PropertyIDs))
	if slice(c, "PropertyIds", &p.PropertyIDs, n, 2) {
		for i := range p.PropertyIDs {
			u16(c, &p.PropertyIDs[i])
		}
	}
	c.namesN("PropertyNames", &p.PropertyNames, n)
}

// CopyPropertiesRequest is RopCopyProperties's request ([MS-OXCROPS] 2.2.8.11.1).
type CopyPropertiesRequest struct {
	LogonID           uint8
	SourceHandleIndex uint8
	DestHandleIndex   uint8
	WantAsynchronous  bool
	CopyFlags         uint8
	PropertyTags      []mapi.PropTag
}

func (q *CopyPropertiesRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.SourceHandleIndex)
	c.u8(&q.DestHandleIndex)
	c.boolean(&q.WantAsynchronous)
	c.u8(&q.CopyFlags)
	c.tags16("PropertyTags", &q.PropertyTags)
}

// CopyResponse is the response shape of RopCopyProperties and RopCopyTo
// ([MS-OXCROPS] 2.2.8.11.2 to 2.2.8.11.4): PropertyProblems on success,
// DestHandleIndex on ecDstNullObject (0x503), nothing on other failures.
type CopyResponse struct {
	SourceHandleIndex uint8
	ReturnValue       mapi.ErrorCode
	DestHandleIndex   uint32
	PropertyProblems  []mapi.PropertyProblem
}

func (p *CopyResponse) fields(c *codec) {
	c.u8(&p.SourceHandleIndex)
	c.ec(&p.ReturnValue)
	switch p.ReturnValue {
	case 0:
		c.problems16(&p.PropertyProblems)
	case ecDstNullObject:
		c.u32(&p.DestHandleIndex)
	}
}

// CopyPropertiesResponse is RopCopyProperties's response ([MS-OXCROPS] 2.2.8.11.2 to 2.2.8.11.4).
type CopyPropertiesResponse struct{ CopyResponse }

func (p *CopyPropertiesResponse) responseFields(c *codec, _ *ResponseContext) { p.fields(c) }

// CopyToRequest is RopCopyTo's request ([MS-OXCROPS] 2.2.8.12.1).
type CopyToRequest struct {
	LogonID           uint8
	SourceHandleIndex uint8
	DestHandleIndex   uint8
	WantAsynchronous  bool
	WantSubObjects    bool
	CopyFlags         uint8
	ExcludedTags      []mapi.PropTag
}

func (q *CopyToRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.SourceHandleIndex)
	c.u8(&q.DestHandleIndex)
	c.boolean(&q.WantAsynchronous)
	c.boolean(&q.WantSubObjects)
	c.u8(&q.CopyFlags)
	c.tags16("ExcludedTags", &q.ExcludedTags)
}

// CopyToResponse is RopCopyTo's response ([MS-OXCROPS] 2.2.8.12.2 to 2.2.8.12.4).
type CopyToResponse struct{ CopyResponse }

func (p *CopyToResponse) responseFields(c *codec, _ *ResponseContext) { p.fields(c) }

// ProgressRequest is RopProgress's request ([MS-OXCROPS] 2.2.8.13.1).
type ProgressRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	WantCancel       bool
}

func (q *ProgressRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.boolean(&q.WantCancel)
}

// ProgressResponse is RopProgress's response ([MS-OXCROPS] 2.2.8.13.2, 2.2.8.13.3).
type ProgressResponse struct {
	InputHandleIndex   uint8
	ReturnValue        mapi.ErrorCode
	LogonID            uint8
	CompletedTaskCount uint32
	TotalTaskCount     uint32
}

func (p *ProgressResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.u8(&p.LogonID)
	c.u32(&p.CompletedTaskCount)
	c.u32(&p.TotalTaskCount)
}

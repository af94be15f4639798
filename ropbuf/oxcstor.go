package ropbuf

import (
	"bytes"
	"fmt"

	"github.com/oxkit/oxkit/mapi"
)

// Logon ROPs of [MS-OXCROPS] 2.2.3 (semantics in [MS-OXCSTOR]).

// LogonFlags are the LogonFlags of RopLogon ([MS-OXCSTOR] 2.2.1.1.1).
type LogonFlags uint8

// LogonFlags bits.
const (
	LogonFlagPrivate     LogonFlags = 0x01 // logon to a private mailbox (else public folders)
	LogonFlagUndercover  LogonFlags = 0x02
	LogonFlagGhosted     LogonFlags = 0x04
	LogonFlagSpoolerProc LogonFlags = 0x08
)

// ecWrongServer is the ReturnValue of the RopLogon redirect response.
const ecWrongServer mapi.ErrorCode = 0x00000478

// LogonRequest is RopLogon's request ([MS-OXCROPS] 2.2.3.1.1).
type LogonRequest struct {
	LogonID           uint8
	OutputHandleIndex uint8
	LogonFlags        LogonFlags
	OpenFlags         uint32
	StoreState        uint32
	// Essdn is the mailbox's ESSDN as sent: EssdnSize bytes, including the
	// NUL terminator when present (empty for public folder logons). It
	// aliases the decoded buffer; ESSDN returns it as a string.
	Essdn []byte
}

// ESSDN returns Essdn without its NUL terminator.
func (q *LogonRequest) ESSDN() string {
	return string(bytes.TrimRight(q.Essdn, "\x00"))
}

func (q *LogonRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.OutputHandleIndex)
	u8(c, &q.LogonFlags)
	c.u32(&q.OpenFlags)
	c.u32(&q.StoreState)
	c.bytes16("Essdn", &q.Essdn)
}

// LogonTime is the LogonTime structure ([MS-OXCROPS] 2.2.3.1.2.1).
type LogonTime struct {
	Seconds, Minutes, Hour, DayOfWeek, Day, Month uint8
	Year                                          uint16
}

func (t *LogonTime) fields(c *codec) {
	c.u8(&t.Seconds)
	c.u8(&t.Minutes)
	c.u8(&t.Hour)
	c.u8(&t.DayOfWeek)
	c.u8(&t.Day)
	c.u8(&t.Month)
	c.u16(&t.Year)
}

// LogonResponse is RopLogon's response: the private mailbox success shape
// ([MS-OXCROPS] 2.2.3.1.2) when LogonFlags has LogonFlagPrivate, the public
// folders shape (2.2.3.1.3) otherwise, the redirect shape (2.2.3.1.4) when
// ReturnValue is ecWrongServer (0x478), and the failure shape (2.2.3.1.5)
// for other nonzero ReturnValues. Fields outside the shape in use are
// ignored when encoding.
type LogonResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
	LogonFlags        LogonFlags  // success and redirect
	FolderIDs         [13]mapi.ID // success: the special folders, in spec order
	// Private mailbox success.
	ResponseFlags uint8
	MailboxGUID   mapi.GUID
	ReplID        uint16 // both success shapes
	ReplGUID      mapi.GUID
	LogonTime     LogonTime
	GwartTime     uint64
	StoreState    uint32
	// Public folders success.
	PerUserGUID mapi.GUID
	// Redirect: the server to log on to, without its NUL terminator.
	ServerName string
}

func (p *LogonResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
	switch p.ReturnValue {
	case 0:
	case ecWrongServer:
		u8(c, &p.LogonFlags)
		// ServerNameSize counts the terminator.
		n := c.count8("ServerName", len(p.ServerName)+1)
		if c.decoding() {
			if n == 0 {
				c.fail("ServerName", errZeroSize)
				return
			}
			b := c.r.Bytes(n)
			if b != nil && b[n-1] != 0 {
				c.fail("ServerName", errNoNUL)
				return
			}
			if b != nil {
				p.ServerName = string(b[:n-1])
			}
			return
		}
		c.string8(&p.ServerName)
		return
	default:
		return
	}
	u8(c, &p.LogonFlags)
	for i := range p.FolderIDs {
		c.id(&p.FolderIDs[i])
	}
	if p.LogonFlags&LogonFlagPrivate != 0 {
		c.u8(&p.ResponseFlags)
		c.guid(&p.MailboxGUID)
		c.u16(&p.ReplID)
		c.guid(&p.ReplGUID)
		p.LogonTime.fields(c)
		c.u64(&p.GwartTime)
		c.u32(&p.StoreState)
		return
	}
	c.u16(&p.ReplID)
	c.guid(&p.ReplGUID)
	c.guid(&p.PerUserGUID)
}

// GetReceiveFolderRequest is RopGetReceiveFolder's request ([MS-OXCROPS] 2.2.3.2.1).
type GetReceiveFolderRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	MessageClass     string // 8-bit
}

func (q *GetReceiveFolderRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.string8(&q.MessageClass)
}

// GetReceiveFolderResponse is RopGetReceiveFolder's response ([MS-OXCROPS] 2.2.3.2.2, 2.2.3.2.3).
type GetReceiveFolderResponse struct {
	InputHandleIndex     uint8
	ReturnValue          mapi.ErrorCode
	FolderID             mapi.ID
	ExplicitMessageClass string // 8-bit
}

func (p *GetReceiveFolderResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.id(&p.FolderID)
	c.string8(&p.ExplicitMessageClass)
}

// SetReceiveFolderRequest is RopSetReceiveFolder's request ([MS-OXCROPS] 2.2.3.3.1).
type SetReceiveFolderRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	FolderID         mapi.ID
	MessageClass     string // 8-bit
}

func (q *SetReceiveFolderRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.id(&q.FolderID)
	c.string8(&q.MessageClass)
}

// SetReceiveFolderResponse is RopSetReceiveFolder's response ([MS-OXCROPS] 2.2.3.3.2).
type SetReceiveFolderResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *SetReceiveFolderResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// GetReceiveFolderTableRequest is RopGetReceiveFolderTable's request ([MS-OXCROPS] 2.2.3.4.1).
type GetReceiveFolderTableRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
}

func (q *GetReceiveFolderTableRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
}

// GetStoreStateRequest is RopGetStoreState's request ([MS-OXCROPS] 2.2.3.5.1).
type GetStoreStateRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
}

func (q *GetStoreStateRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
}

// GetStoreStateResponse is RopGetStoreState's response ([MS-OXCROPS] 2.2.3.5.2, 2.2.3.5.3).
type GetStoreStateResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	StoreState       uint32
}

func (p *GetStoreStateResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.u32(&p.StoreState)
}

// GetOwningServersRequest is RopGetOwningServers's request ([MS-OXCROPS] 2.2.3.6.1).
type GetOwningServersRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	FolderID         mapi.ID
}

func (q *GetOwningServersRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.id(&q.FolderID)
}

// GetOwningServersResponse is RopGetOwningServers's response ([MS-OXCROPS] 2.2.3.6.2, 2.2.3.6.3).
type GetOwningServersResponse struct {
	InputHandleIndex  uint8
	ReturnValue       mapi.ErrorCode
	CheapServersCount uint16
	OwningServers     []string // 8-bit
}

func (p *GetOwningServersResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	n := c.count16("OwningServersCount", len(p.OwningServers))
	c.u16(&p.CheapServersCount)
	c.strings8("OwningServers", &p.OwningServers, n)
}

// PublicFolderIsGhostedRequest is RopPublicFolderIsGhosted's request ([MS-OXCROPS] 2.2.3.7.1).
type PublicFolderIsGhostedRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	FolderID         mapi.ID
}

func (q *PublicFolderIsGhostedRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.id(&q.FolderID)
}

// GhostInfo is the replica list that follows a true IsGhosted: ServersCount,
// CheapServersCount and Servers ([MS-OXCROPS] 2.2.3.7.2, 2.2.4.1.2).
type GhostInfo struct {
	CheapServersCount uint16
	Servers           []string // 8-bit
}

func (g *GhostInfo) fields(c *codec) {
	n := c.count16("ServersCount", len(g.Servers))
	c.u16(&g.CheapServersCount)
	c.strings8("Servers", &g.Servers, n)
}

// ghost codes IsGhosted and, when true, the GhostInfo.
func (c *codec) ghost(p **GhostInfo) {
	isGhosted := *p != nil
	c.boolean(&isGhosted)
	if !isGhosted {
		*p = nil
		return
	}
	if c.decoding() {
		*p = new(GhostInfo)
	}
	(*p).fields(c)
}

// PublicFolderIsGhostedResponse is RopPublicFolderIsGhosted's response
// ([MS-OXCROPS] 2.2.3.7.2, 2.2.3.7.3). Ghost is nil when IsGhosted is false.
type PublicFolderIsGhostedResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	Ghost            *GhostInfo
}

func (p *PublicFolderIsGhostedResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.ghost(&p.Ghost)
}

// LongTermIdFromIdRequest is RopLongTermIdFromId's request ([MS-OXCROPS] 2.2.3.8.1).
type LongTermIdFromIdRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	ObjectID         mapi.ID
}

func (q *LongTermIdFromIdRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.id(&q.ObjectID)
}

// LongTermIdFromIdResponse is RopLongTermIdFromId's response ([MS-OXCROPS] 2.2.3.8.2, 2.2.3.8.3).
type LongTermIdFromIdResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	LongTermID       mapi.LongTermID
}

func (p *LongTermIdFromIdResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.ltid(&p.LongTermID)
}

// IdFromLongTermIdRequest is RopIdFromLongTermId's request ([MS-OXCROPS] 2.2.3.9.1).
type IdFromLongTermIdRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	LongTermID       mapi.LongTermID
}

func (q *IdFromLongTermIdRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.ltid(&q.LongTermID)
}

// IdFromLongTermIdResponse is RopIdFromLongTermId's response ([MS-OXCROPS] 2.2.3.9.2, 2.2.3.9.3).
type IdFromLongTermIdResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	ObjectID         mapi.ID
}

func (p *IdFromLongTermIdResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.id(&p.ObjectID)
}

// GetPerUserLongTermIdsRequest is RopGetPerUserLongTermIds's request ([MS-OXCROPS] 2.2.3.10.1).
type GetPerUserLongTermIdsRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	DatabaseGUID     mapi.GUID
}

func (q *GetPerUserLongTermIdsRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.guid(&q.DatabaseGUID)
}

// GetPerUserLongTermIdsResponse is RopGetPerUserLongTermIds's response ([MS-OXCROPS] 2.2.3.10.2, 2.2.3.10.3).
type GetPerUserLongTermIdsResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	LongTermIDs      []mapi.LongTermID
}

func (p *GetPerUserLongTermIdsResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	n := c.count16("LongTermIdCount", len(p.LongTermIDs))
	if !slice(c, "LongTermIds", &p.LongTermIDs, n, mapi.LongTermIDSize) {
		return
	}
	for i := range p.LongTermIDs {
		c.ltid(&p.LongTermIDs[i])
	}
}

// GetPerUserGuidRequest is RopGetPerUserGuid's request ([MS-OXCROPS] 2.2.3.11.1).
type GetPerUserGuidRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	LongTermID       mapi.LongTermID
}

func (q *GetPerUserGuidRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.ltid(&q.LongTermID)
}

// GetPerUserGuidResponse is RopGetPerUserGuid's response ([MS-OXCROPS] 2.2.3.11.2, 2.2.3.11.3).
type GetPerUserGuidResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	DatabaseGUID     mapi.GUID
}

func (p *GetPerUserGuidResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.guid(&p.DatabaseGUID)
}

// ReadPerUserInformationRequest is RopReadPerUserInformation's request ([MS-OXCROPS] 2.2.3.12.1).
type ReadPerUserInformationRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	FolderID         mapi.LongTermID
	Reserved         uint8
	DataOffset       uint32
	MaxDataSize      uint16
}

func (q *ReadPerUserInformationRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.ltid(&q.FolderID)
	c.u8(&q.Reserved)
	c.u32(&q.DataOffset)
	c.u16(&q.MaxDataSize)
}

// ReadPerUserInformationResponse is RopReadPerUserInformation's response ([MS-OXCROPS] 2.2.3.12.2, 2.2.3.12.3).
type ReadPerUserInformationResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	HasFinished      bool
	Data             []byte
}

func (p *ReadPerUserInformationResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.boolean(&p.HasFinished)
	c.bytes16("Data", &p.Data)
}

// WritePerUserInformationRequest is RopWritePerUserInformation's request
// ([MS-OXCROPS] 2.2.3.13.1). ReplGUID is present only when DataOffset is 0
// on a private mailbox logon; decoding learns the logon kind from the
// RequestContext. Encoding writes ReplGUID whenever it is non-nil.
type WritePerUserInformationRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	FolderID         mapi.LongTermID
	HasFinished      bool
	DataOffset       uint32
	Data             []byte
	ReplGUID         *mapi.GUID
}

func (q *WritePerUserInformationRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.ltid(&q.FolderID)
	c.boolean(&q.HasFinished)
	c.u32(&q.DataOffset)
	c.bytes16("Data", &q.Data)
	if c.decoding() {
		q.ReplGUID = nil
		if q.DataOffset == 0 && c.isPrivate(q.LogonID) {
			q.ReplGUID = new(mapi.GUID)
			c.guid(q.ReplGUID)
		}
		return
	}
	if q.ReplGUID != nil {
		c.guid(q.ReplGUID)
	}
}

// WritePerUserInformationResponse is RopWritePerUserInformation's response ([MS-OXCROPS] 2.2.3.13.2).
type WritePerUserInformationResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *WritePerUserInformationResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// String lists the set flags ("Private|Ghosted"), unknown bits in hex.
func (f LogonFlags) String() string {
	names := [...]string{"Private", "Undercover", "Ghosted", "SpoolerProcess"}
	s := ""
	for i, n := range names {
		if f&(1<<i) != 0 {
			if s != "" {
				s += "|"
			}
			s += n
		}
	}
	if rest := f &^ 0x0F; rest != 0 {
		if s != "" {
			s += "|"
		}
		s += fmt.Sprintf("0x%02X", uint8(rest))
	}
	if s == "" {
		return "0"
	}
	return s
}

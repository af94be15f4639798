package ropbuf

import (
	"fmt"

	"github.com/oxkit/oxkit/mapi"
)

// Message and attachment ROPs of [MS-OXCROPS] 2.2.6 (semantics in [MS-OXCMSG]).

// TypedString is a TypedString structure ([MS-OXCDATA] 2.11.7): StringType
// 0x00 (absent) and 0x01 (empty) carry no bytes, 0x02 an 8-bit string,
// 0x03 a reduced Unicode string (one byte per character), 0x04 UTF-16.
type TypedString struct {
	StringType uint8
	Value      string
}

// Typed string kinds of [MS-OXCDATA] 2.11.7.
const (
	StringTypeNone           uint8 = 0x00
	StringTypeEmpty          uint8 = 0x01
	StringType8Bit           uint8 = 0x02
	StringTypeReducedUnicode uint8 = 0x03
	StringTypeUnicode        uint8 = 0x04
)

func (t *TypedString) fields(c *codec) {
	c.u8(&t.StringType)
	switch t.StringType {
	case StringTypeNone, StringTypeEmpty:
		if c.decoding() {
			t.Value = ""
		}
	case StringType8Bit, StringTypeReducedUnicode:
		c.string8(&t.Value)
	case StringTypeUnicode:
		c.string16(&t.Value)
	default:
		c.fail("TypedString", fmt.Errorf("unknown StringType 0x%02X", t.StringType))
	}
}

// RecipientRow fields are kept as their RecipientRowSize bytes: the
// RecipientRow structure ([MS-OXCDATA] 2.8.3.1) is interpreted against the
// RecipientColumns by the message layer.

// OpenRecipientRow is an OpenRecipientRow structure ([MS-OXCROPS] 2.2.6.1.2.1).
type OpenRecipientRow struct {
	RecipientType uint8
	CodePageID    uint16
	Reserved      uint16
	RecipientRow  []byte // RecipientRow structure, [MS-OXCDATA] 2.8.3.1
}

func (o *OpenRecipientRow) fields(c *codec) {
	c.u8(&o.RecipientType)
	c.u16(&o.CodePageID)
	c.u16(&o.Reserved)
	c.bytes16("RecipientRow", &o.RecipientRow)
}

// MessageInfo is the part shared by the RopOpenMessage,
// RopReloadCachedInformation and RopOpenEmbeddedMessage success responses
// ([MS-OXCROPS] 2.2.6.1.2): HasNamedProperties through RecipientRows.
type MessageInfo struct {
	HasNamedProperties bool
	SubjectPrefix      TypedString
	NormalizedSubject  TypedString
	RecipientCount     uint16
	RecipientColumns   []mapi.PropTag
	RecipientRows      []OpenRecipientRow // RowCount is one byte
}

func (m *MessageInfo) fields(c *codec) {
	c.boolean(&m.HasNamedProperties)
	m.SubjectPrefix.fields(c)
	m.NormalizedSubject.fields(c)
	c.u16(&m.RecipientCount)
	c.tags16("RecipientColumns", &m.RecipientColumns)
	n := c.count8("RowCount", len(m.RecipientRows))
	if !slice(c, "RecipientRows", &m.RecipientRows, n, 7) {
		return
	}
	for i := range m.RecipientRows {
		m.RecipientRows[i].fields(c)
	}
}

// OpenMessageRequest is RopOpenMessage's request ([MS-OXCROPS] 2.2.6.1.1).
type OpenMessageRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
	CodePageID        uint16
	FolderID          mapi.ID
	OpenModeFlags     uint8
	MessageID         mapi.ID
}

func (q *OpenMessageRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.u16(&q.CodePageID)
	c.id(&q.FolderID)
	c.u8(&q.OpenModeFlags)
	c.id(&q.MessageID)
}

// OpenMessageResponse is RopOpenMessage's response ([MS-OXCROPS] 2.2.6.1.2, 2.2.6.1.3).
type OpenMessageResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
	MessageInfo
}

func (p *OpenMessageResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	p.MessageInfo.fields(c)
}

// CreateMessageRequest is RopCreateMessage's request ([MS-OXCROPS] 2.2.6.2.1).
type CreateMessageRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
	CodePageID        uint16
	FolderID          mapi.ID
	AssociatedFlag    bool
}

func (q *CreateMessageRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.u16(&q.CodePageID)
	c.id(&q.FolderID)
	c.boolean(&q.AssociatedFlag)
}

// CreateMessageResponse is RopCreateMessage's response ([MS-OXCROPS]
// 2.2.6.2.2, 2.2.6.2.3). MessageID is nil when HasMessageId is false.
type CreateMessageResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
	MessageID         *mapi.ID
}

func (p *CreateMessageResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	has := p.MessageID != nil
	c.boolean(&has)
	if !has {
		p.MessageID = nil
		return
	}
	if c.decoding() {
		p.MessageID = new(mapi.ID)
	}
	c.id(p.MessageID)
}

// SaveChangesMessageRequest is RopSaveChangesMessage's request ([MS-OXCROPS] 2.2.6.3.1).
type SaveChangesMessageRequest struct {
	LogonID             uint8
	ResponseHandleIndex uint8
	InputHandleIndex    uint8
	SaveFlags           uint8
}

func (q *SaveChangesMessageRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.ResponseHandleIndex)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.SaveFlags)
}

// SaveChangesMessageResponse is RopSaveChangesMessage's response ([MS-OXCROPS] 2.2.6.3.2, 2.2.6.3.3).
type SaveChangesMessageResponse struct {
	ResponseHandleIndex uint8
	ReturnValue         mapi.ErrorCode
	InputHandleIndex    uint8
	MessageID           mapi.ID
}

func (p *SaveChangesMessageResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.ResponseHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.u8(&p.InputHandleIndex)
	c.id(&p.MessageID)
}

// RemoveAllRecipientsRequest is RopRemoveAllRecipients's request ([MS-OXCROPS] 2.2.6.4.1).
type RemoveAllRecipientsRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	Reserved         uint32
}

func (q *RemoveAllRecipientsRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u32(&q.Reserved)
}

// RemoveAllRecipientsResponse is RopRemoveAllRecipients's response ([MS-OXCROPS] 2.2.6.4.2).
type RemoveAllRecipientsResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *RemoveAllRecipientsResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// ModifyRecipientRow is a ModifyRecipientRow structure ([MS-OXCROPS] 2.2.6.5.1.1).
// RecipientRow is empty to delete the recipient.
type ModifyRecipientRow struct {
	RowID         uint32
	RecipientType uint8
	RecipientRow  []byte // RecipientRow structure, [MS-OXCDATA] 2.8.3.1
}

// ModifyRecipientsRequest is RopModifyRecipients's request ([MS-OXCROPS] 2.2.6.5.1).
type ModifyRecipientsRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	RecipientColumns []mapi.PropTag
	RecipientRows    []ModifyRecipientRow
}

func (q *ModifyRecipientsRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.tags16("RecipientColumns", &q.RecipientColumns)
	n := c.count16("RowCount", len(q.RecipientRows))
	if !slice(c, "RecipientRows", &q.RecipientRows, n, 7) {
		return
	}
	for i := range q.RecipientRows {
		r := &q.RecipientRows[i]
		c.u32(&r.RowID)
		c.u8(&r.RecipientType)
		c.bytes16("RecipientRow", &r.RecipientRow)
	}
}

// ModifyRecipientsResponse is RopModifyRecipients's response ([MS-OXCROPS] 2.2.6.5.2).
type ModifyRecipientsResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *ModifyRecipientsResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// ReadRecipientsRequest is RopReadRecipients's request ([MS-OXCROPS] 2.2.6.6.1).
type ReadRecipientsRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	RowID            uint32
	Reserved         uint16
}

func (q *ReadRecipientsRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u32(&q.RowID)
	c.u16(&q.Reserved)
}

// ReadRecipientRow is a ReadRecipientRow structure ([MS-OXCROPS] 2.2.6.6.2.1).
type ReadRecipientRow struct {
	RowID         uint32
	RecipientType uint8
	CodePageID    uint16
	Reserved      uint16
	RecipientRow  []byte // RecipientRow structure, [MS-OXCDATA] 2.8.3.1
}

// ReadRecipientsResponse is RopReadRecipients's response ([MS-OXCROPS] 2.2.6.6.2, 2.2.6.6.3).
type ReadRecipientsResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	RecipientRows    []ReadRecipientRow // RowCount is one byte
}

func (p *ReadRecipientsResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	n := c.count8("RowCount", len(p.RecipientRows))
	if !slice(c, "RecipientRows", &p.RecipientRows, n, 11) {
		return
	}
	for i := range p.RecipientRows {
		r := &p.RecipientRows[i]
		c.u32(&r.RowID)
		c.u8(&r.RecipientType)
		c.u16(&r.CodePageID)
		c.u16(&r.Reserved)
		c.bytes16("RecipientRow", &r.RecipientRow)
	}
}

// ReloadCachedInformationRequest is RopReloadCachedInformation's request ([MS-OXCROPS] 2.2.6.7.1).
type ReloadCachedInformationRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	Reserved         uint16
}

func (q *ReloadCachedInformationRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u16(&q.Reserved)
}

// ReloadCachedInformationResponse is RopReloadCachedInformation's response ([MS-OXCROPS] 2.2.6.7.2, 2.2.6.7.3).
type ReloadCachedInformationResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	MessageInfo
}

func (p *ReloadCachedInformationResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	p.MessageInfo.fields(c)
}

// SetMessageStatusRequest is RopSetMessageStatus's request ([MS-OXCROPS] 2.2.6.8.1).
type SetMessageStatusRequest struct {
	LogonID            uint8
	InputHandleIndex   uint8
	MessageID          mapi.ID
	MessageStatusFlags uint32
	MessageStatusMask  uint32
}

func (q *SetMessageStatusRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.id(&q.MessageID)
	c.u32(&q.MessageStatusFlags)
	c.u32(&q.MessageStatusMask)
}

// SetMessageStatusResponse is RopSetMessageStatus's response ([MS-OXCROPS] 2.2.6.8.2, 2.2.6.8.3).
type SetMessageStatusResponse struct {
	InputHandleIndex   uint8
	ReturnValue        mapi.ErrorCode
	MessageStatusFlags uint32
}

func (p *SetMessageStatusResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.u32(&p.MessageStatusFlags)
}

// GetMessageStatusRequest is RopGetMessageStatus's request ([MS-OXCROPS] 2.2.6.9.1).
type GetMessageStatusRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	MessageID        mapi.ID
}

func (q *GetMessageStatusRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.id(&q.MessageID)
}

// GetMessageStatusResponse is RopGetMessageStatus's response, laid out as
// RopSetMessageStatus's ([MS-OXCROPS] 2.2.6.9.2).
type GetMessageStatusResponse struct {
	InputHandleIndex   uint8
	ReturnValue        mapi.ErrorCode
	MessageStatusFlags uint32
}

func (p *GetMessageStatusResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.u32(&p.MessageStatusFlags)
}

// SetReadFlagsRequest is RopSetReadFlags's request ([MS-OXCROPS] 2.2.6.10.1).
type SetReadFlagsRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	WantAsynchronous bool
	ReadFlags        uint8
	MessageIDs       []mapi.ID
}

func (q *SetReadFlagsRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.boolean(&q.WantAsynchronous)
	c.u8(&q.ReadFlags)
	c.ids16("MessageIds", &q.MessageIDs)
}

// SetReadFlagsResponse is RopSetReadFlags's response ([MS-OXCROPS] 2.2.6.10.2).
type SetReadFlagsResponse struct {
	InputHandleIndex  uint8
	ReturnValue       mapi.ErrorCode
	PartialCompletion bool
}

func (p *SetReadFlagsResponse) responseFields(c *codec, _ *ResponseContext) {
	partial(c, &p.InputHandleIndex, &p.ReturnValue, &p.PartialCompletion)
}

// SetMessageReadFlagRequest is RopSetMessageReadFlag's request
// ([MS-OXCROPS] 2.2.6.11.1). ClientData is present only on public folder
// logons (Private flag unset); decoding learns the logon kind from the
// RequestContext. Encoding writes ClientData whenever it is non-nil.
type SetMessageReadFlagRequest struct {
	LogonID             uint8
	ResponseHandleIndex uint8
	InputHandleIndex    uint8
	ReadFlags           uint8
	ClientData          *[24]byte
}

func (q *SetMessageReadFlagRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.ResponseHandleIndex)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.ReadFlags)
	if c.decoding() {
		q.ClientData = nil
		if !c.isPrivate(q.LogonID) {
			q.ClientData = new([24]byte)
			c.fixed(q.ClientData[:])
		}
		return
	}
	if q.ClientData != nil {
		c.fixed(q.ClientData[:])
	}
}

// SetMessageReadFlagResponse is RopSetMessageReadFlag's response
// ([MS-OXCROPS] 2.2.6.11.2, 2.2.6.11.3). LogonID and ClientData are
// present when ReadStatusChanged is true.
type SetMessageReadFlagResponse struct {
	ResponseHandleIndex uint8
	ReturnValue         mapi.ErrorCode
	ReadStatusChanged   bool
	LogonID             uint8
	ClientData          [24]byte
}

func (p *SetMessageReadFlagResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.ResponseHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.boolean(&p.ReadStatusChanged)
	if !p.ReadStatusChanged {
		return
	}
	c.u8(&p.LogonID)
	c.fixed(p.ClientData[:])
}

// OpenAttachmentRequest is RopOpenAttachment's request ([MS-OXCROPS] 2.2.6.12.1).
type OpenAttachmentRequest struct {
	LogonID             uint8
	InputHandleIndex    uint8
	OutputHandleIndex   uint8
	OpenAttachmentFlags uint8
	AttachmentID        uint32
}

func (q *OpenAttachmentRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.u8(&q.OpenAttachmentFlags)
	c.u32(&q.AttachmentID)
}

// OpenAttachmentResponse is RopOpenAttachment's response ([MS-OXCROPS] 2.2.6.12.2).
type OpenAttachmentResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
}

func (p *OpenAttachmentResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
}

// CreateAttachmentRequest is RopCreateAttachment's request ([MS-OXCROPS] 2.2.6.13.1).
type CreateAttachmentRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
}

func (q *CreateAttachmentRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
}

// CreateAttachmentResponse is RopCreateAttachment's response ([MS-OXCROPS] 2.2.6.13.2, 2.2.6.13.3).
type CreateAttachmentResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
	AttachmentID      uint32
}

func (p *CreateAttachmentResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.u32(&p.AttachmentID)
}

// DeleteAttachmentRequest is RopDeleteAttachment's request ([MS-OXCROPS] 2.2.6.14.1).
type DeleteAttachmentRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
	AttachmentID     uint32
}

func (q *DeleteAttachmentRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u32(&q.AttachmentID)
}

// DeleteAttachmentResponse is RopDeleteAttachment's response ([MS-OXCROPS] 2.2.6.14.2).
type DeleteAttachmentResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
}

func (p *DeleteAttachmentResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
}

// SaveChangesAttachmentRequest is RopSaveChangesAttachment's request ([MS-OXCROPS] 2.2.6.15.1).
type SaveChangesAttachmentRequest struct {
	LogonID             uint8
	ResponseHandleIndex uint8
	InputHandleIndex    uint8
	SaveFlags           uint8
}

func (q *SaveChangesAttachmentRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.ResponseHandleIndex)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.SaveFlags)
}

// SaveChangesAttachmentResponse is RopSaveChangesAttachment's response ([MS-OXCROPS] 2.2.6.15.2).
type SaveChangesAttachmentResponse struct {
	ResponseHandleIndex uint8
	ReturnValue         mapi.ErrorCode
}

func (p *SaveChangesAttachmentResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.ResponseHandleIndex)
	c.ec(&p.ReturnValue)
}

// OpenEmbeddedMessageRequest is RopOpenEmbeddedMessage's request ([MS-OXCROPS] 2.2.6.16.1).
type OpenEmbeddedMessageRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
	CodePageID        uint16
	OpenModeFlags     uint8
}

func (q *OpenEmbeddedMessageRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.u16(&q.CodePageID)
	c.u8(&q.OpenModeFlags)
}

// OpenEmbeddedMessageResponse is RopOpenEmbeddedMessage's response ([MS-OXCROPS] 2.2.6.16.2, 2.2.6.16.3).
type OpenEmbeddedMessageResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
	Reserved          uint8
	MessageID         mapi.ID
	MessageInfo
}

func (p *OpenEmbeddedMessageResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	c.u8(&p.Reserved)
	c.id(&p.MessageID)
	p.MessageInfo.fields(c)
}

// GetAttachmentTableRequest is RopGetAttachmentTable's request ([MS-OXCROPS] 2.2.6.17.1).
type GetAttachmentTableRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
	TableFlags        uint8
}

func (q *GetAttachmentTableRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.u8(&q.TableFlags)
}

// GetAttachmentTableResponse is RopGetAttachmentTable's response ([MS-OXCROPS] 2.2.6.17.2).
type GetAttachmentTableResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
}

func (p *GetAttachmentTableResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
}

// GetValidAttachmentsRequest is RopGetValidAttachments's request ([MS-OXCROPS] 2.2.6.18.1).
type GetValidAttachmentsRequest struct {
	LogonID          uint8
	InputHandleIndex uint8
}

func (q *GetValidAttachmentsRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
}

// GetValidAttachmentsResponse is RopGetValidAttachments's response ([MS-OXCROPS] 2.2.6.18.2, 2.2.6.18.3).
type GetValidAttachmentsResponse struct {
	InputHandleIndex uint8
	ReturnValue      mapi.ErrorCode
	AttachmentIDs    []uint32
}

func (p *GetValidAttachmentsResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.InputHandleIndex)
	c.ec(&p.ReturnValue)
	if p.ReturnValue != 0 {
		return
	}
	n := c.count16("AttachmentIdCount", len(p.AttachmentIDs))
	if !slice(c, "AttachmentIdArray", &p.AttachmentIDs, n, 4) {
		return
	}
	for i := range p.AttachmentIDs {
		c.u32(&p.AttachmentIDs[i])
	}
}

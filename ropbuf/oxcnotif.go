package ropbuf

import "github.com/oxkit/oxkit/mapi"

// Notification ROPs of [MS-OXCROPS] 2.2.14 (semantics in [MS-OXCNOTIF]).

// NotificationExtended is the Extended bit of NotificationTypes: the
// Reserved byte of RopRegisterNotification follows only when it is set
// ([MS-OXCNOTIF] 2.2.1.2.1.1).
const NotificationExtended uint16 = 0x0400

// RegisterNotificationRequest is RopRegisterNotification's request
// ([MS-OXCROPS] 2.2.14.1.1). Reserved is present only when
// NotificationTypes has NotificationExtended; FolderID and MessageID only
// when WantWholeStore is false.
//
// QUIRK: [MS-OXCROPS] 2.2.14.1.1 draws Reserved unconditionally, but
// [MS-OXCNOTIF] 2.2.1.2.1.1 (requirements R49001/R49002) makes it present
// only with the Extended flag, and so do Exchange's own ROP parser and
// gromox (which reads the two bytes of NotificationTypes as a type byte
// and a zero "reserved" byte); we follow them.
type RegisterNotificationRequest struct {
	LogonID           uint8
	InputHandleIndex  uint8
	OutputHandleIndex uint8
	NotificationTypes uint16
	Reserved          uint8
	WantWholeStore    bool
	FolderID          mapi.ID
	MessageID         mapi.ID
}

func (q *RegisterNotificationRequest) requestFields(c *codec) {
	c.u8(&q.LogonID)
	c.u8(&q.InputHandleIndex)
	c.u8(&q.OutputHandleIndex)
	c.u16(&q.NotificationTypes)
	if q.NotificationTypes&NotificationExtended != 0 {
		c.u8(&q.Reserved)
	} else if c.decoding() {
		q.Reserved = 0
	}
	c.boolean(&q.WantWholeStore)
	if q.WantWholeStore {
		if c.decoding() {
			q.FolderID, q.MessageID = 0, 0
		}
		return
	}
	c.id(&q.FolderID)
	c.id(&q.MessageID)
}

// RegisterNotificationResponse is RopRegisterNotification's response ([MS-OXCROPS] 2.2.14.1.2).
type RegisterNotificationResponse struct {
	OutputHandleIndex uint8
	ReturnValue       mapi.ErrorCode
}

func (p *RegisterNotificationResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u8(&p.OutputHandleIndex)
	c.ec(&p.ReturnValue)
}

// NotificationFlags bits and types of the NotificationData structure
// ([MS-OXCNOTIF] 2.2.1.4.1.2). The low 12 bits are the NotificationType.
const (
	NotifyNewMail        uint16 = 0x0002
	NotifyObjectCreated  uint16 = 0x0004
	NotifyObjectDeleted  uint16 = 0x0008
	NotifyObjectModified uint16 = 0x0010
	NotifyObjectMoved    uint16 = 0x0020
	NotifyObjectCopied   uint16 = 0x0040
	NotifySearchComplete uint16 = 0x0080
	NotifyTableModified  uint16 = 0x0100
	NotifyReserved       uint16 = 0x0400

	NotifyFlagTotal   uint16 = 0x1000 // T: TotalMessageCount present
	NotifyFlagUnread  uint16 = 0x2000 // U: UnreadMessageCount present
	NotifyFlagSearch  uint16 = 0x4000 // S: event in a search folder
	NotifyFlagMessage uint16 = 0x8000 // M: event on a message
)

// TableEventType values of a TableModified notification ([MS-OXCNOTIF] 2.2.1.4.1.2).
const (
	TableChanged            uint16 = 0x0001
	TableRowAdded           uint16 = 0x0003
	TableRowDeleted         uint16 = 0x0004
	TableRowModified        uint16 = 0x0005
	TableRestrictionChanged uint16 = 0x0007
)

// NotificationData is the NotificationData structure ([MS-OXCNOTIF]
// 2.2.1.4.1.2). Which fields are on the wire follows from
// NotificationFlags and TableEventType as the spec lists; the others are
// ignored when encoding and zero after decoding. TableRowData is kept as
// its TableRowDataSize bytes (a PropertyRow in the table's columns).
type NotificationData struct {
	NotificationFlags           uint16
	TableEventType              uint16
	TableRowFolderID            mapi.ID
	TableRowMessageID           mapi.ID
	TableRowInstance            uint32
	InsertAfterTableRowFolderID mapi.ID
	InsertAfterTableRowID       mapi.ID
	InsertAfterTableRowInstance uint32
	TableRowData                []byte
	FolderID                    mapi.ID
	MessageID                   mapi.ID
	ParentFolderID              mapi.ID
	OldFolderID                 mapi.ID
	OldMessageID                mapi.ID
	OldParentFolderID           mapi.ID
	// TagCount is kept as sent: 0x0000 and 0xFFFF carry no Tags.
	TagCount           uint16
	Tags               []mapi.PropTag
	TotalMessageCount  uint32
	UnreadMessageCount uint32
	MessageFlags       uint32
	UnicodeFlag        bool
	MessageClass       string
}

// Type returns the NotificationType (the low 12 bits of NotificationFlags).
func (n *NotificationData) Type() uint16 { return n.NotificationFlags & 0x0FFF }

func (n *NotificationData) fields(c *codec) {
	if c.decoding() {
		*n = NotificationData{}
	}
	c.u16(&n.NotificationFlags)
	typ := n.Type()
	msg := n.NotificationFlags&NotifyFlagMessage != 0
	if typ == NotifyTableModified {
		c.u16(&n.TableEventType)
		ev := n.TableEventType
		if ev == TableRowAdded || ev == TableRowDeleted || ev == TableRowModified {
			c.id(&n.TableRowFolderID)
			if msg {
				c.id(&n.TableRowMessageID)
				c.u32(&n.TableRowInstance)
			}
		}
		if ev == TableRowAdded || ev == TableRowModified {
			c.id(&n.InsertAfterTableRowFolderID)
			if msg {
				c.id(&n.InsertAfterTableRowID)
				c.u32(&n.InsertAfterTableRowInstance)
			}
			c.bytes16("TableRowData", &n.TableRowData)
		}
	}
	if typ != NotifyTableModified && typ != NotifyReserved {
		c.id(&n.FolderID)
		if msg {
			c.id(&n.MessageID)
		}
	}
	sm := n.NotificationFlags & (NotifyFlagSearch | NotifyFlagMessage)
	switch typ {
	case NotifyObjectCreated, NotifyObjectDeleted, NotifyObjectMoved, NotifyObjectCopied:
		if sm == 0 || sm == NotifyFlagSearch|NotifyFlagMessage {
			c.id(&n.ParentFolderID)
		}
	}
	if typ == NotifyObjectMoved || typ == NotifyObjectCopied {
		c.id(&n.OldFolderID)
		if msg {
			c.id(&n.OldMessageID)
		} else {
			c.id(&n.OldParentFolderID)
		}
	}
	if typ == NotifyObjectCreated || typ == NotifyObjectModified {
		if !c.decoding() && n.TagCount != 0xFFFF && int(n.TagCount) != len(n.Tags) {
			c.failEnc("Tags", errTagCount)
			return
		}
		c.u16(&n.TagCount)
		if n.TagCount != 0 && n.TagCount != 0xFFFF {
			c.tagsN("Tags", &n.Tags, int(n.TagCount))
		}
	}
	if n.NotificationFlags&NotifyFlagTotal != 0 {
		c.u32(&n.TotalMessageCount)
	}
	if n.NotificationFlags&NotifyFlagUnread != 0 {
		c.u32(&n.UnreadMessageCount)
	}
	if typ == NotifyNewMail {
		c.u32(&n.MessageFlags)
		c.boolean(&n.UnicodeFlag)
		c.string8or16(&n.MessageClass, n.UnicodeFlag)
	}
}

// NotifyResponse is RopNotify's response ([MS-OXCROPS] 2.2.14.2.1); there
// is no request.
type NotifyResponse struct {
	NotificationHandle uint32
	LogonID            uint8
	NotificationData   NotificationData
}

func (p *NotifyResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u32(&p.NotificationHandle)
	c.u8(&p.LogonID)
	p.NotificationData.fields(c)
}

// PendingResponse is RopPending's response ([MS-OXCROPS] 2.2.14.3.1); there
// is no request.
type PendingResponse struct {
	SessionIndex uint16
}

func (p *PendingResponse) responseFields(c *codec, _ *ResponseContext) {
	c.u16(&p.SessionIndex)
}

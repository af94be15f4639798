package mapi

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"github.com/oxkit/oxkit/internal/wire"
)

// Provider UIDs of entry IDs ([MS-OXCDATA] 2.2.3, 2.2.4, 2.2.5), in wire
// byte order. The provider UID of an object in a private mailbox is the
// mailbox's GUID (the MailboxGuid of the RopLogon response), so it has no
// constant here.
var (
	// ProviderUIDPublicStore names objects in the public folder store:
	// %x1A.44.73.90.AA.66.11.CD.9B.C8.00.AA.00.2F.C4.5A.
	ProviderUIDPublicStore = GUID{0x1A, 0x44, 0x73, 0x90, 0xAA, 0x66, 0x11, 0xCD, 0x9B, 0xC8, 0x00, 0xAA, 0x00, 0x2F, 0xC4, 0x5A}
	// ProviderUIDStoreWrap is the provider UID of a Store Object EntryID
	// (MUIDStoreWrap, [MS-OXCDATA] 2.2.4.3).
	ProviderUIDStoreWrap = GUID{0x38, 0xA1, 0xBB, 0x10, 0x05, 0xE5, 0x10, 0x1A, 0xA1, 0xBB, 0x08, 0x00, 0x2B, 0x2A, 0x56, 0xC2}
	// ProviderUIDAddressBook is the provider UID of an Address Book
	// EntryID ([MS-OXCDATA] 2.2.5.2) and of an NSPI PermanentEntryID
	// ([MS-OXNSPI] 2.2.9.3).
	ProviderUIDAddressBook = GUID{0xDC, 0xA7, 0x40, 0xC8, 0xC0, 0x42, 0x10, 0x1A, 0xB4, 0xB9, 0x08, 0x00, 0x2B, 0x2F, 0xE1, 0x82}
	// ProviderUIDOneOff is the provider UID of a One-Off EntryID
	// ([MS-OXCDATA] 2.2.5.1).
	ProviderUIDOneOff = GUID{0x81, 0x2B, 0x1F, 0xA4, 0xBE, 0xA3, 0x10, 0x19, 0x9D, 0x6E, 0x00, 0xDD, 0x01, 0x0F, 0x54, 0x02}
	// ProviderUIDContactAddress is the provider UID of a Contact Address
	// EntryID ([MS-OXCDATA] 2.2.5.3).
	ProviderUIDContactAddress = GUID{0xFE, 0x42, 0xAA, 0x0A, 0x18, 0xC7, 0x1A, 0x10, 0xE8, 0x85, 0x0B, 0x65, 0x1C, 0x24, 0x00, 0x00}
	// WrappedProviderUIDMailbox is the WrappedProvider UID of a mailbox
	// store's Store Object EntryID.
	WrappedProviderUIDMailbox = GUID{0x1B, 0x55, 0xFA, 0x20, 0xAA, 0x66, 0x11, 0xCD, 0x9B, 0xC8, 0x00, 0xAA, 0x00, 0x2F, 0xC4, 0x5A}
	// WrappedProviderUIDPublic is the WrappedProvider UID of the public
	// folder store's Store Object EntryID.
	WrappedProviderUIDPublic = GUID{0x1C, 0x83, 0x02, 0x10, 0xAA, 0x66, 0x11, 0xCD, 0x9B, 0xC8, 0x00, 0xAA, 0x00, 0x2F, 0xC4, 0x5A}
)

// WrappedType values of a Store Object EntryID ([MS-OXCDATA] 2.2.4.3).
const (
	WrappedTypeMailbox uint32 = 0x0000000C
	WrappedTypePublic  uint32 = 0x00000006
)

// emsmdbDLLName is the DLLFileName field of a Store Object EntryID: "EMSMDB.DLL"
// padded with NULs to 14 bytes.
var emsmdbDLLName = [14]byte{'E', 'M', 'S', 'M', 'D', 'B', '.', 'D', 'L', 'L'}

// MaxEntryIDString bounds each string of an entry ID (display names,
// addresses, DNs, server names): at most this many bytes on the wire,
// without the terminator. Longer strings fail to decode and to encode.
const MaxEntryIDString = 4096

// Sizes of the fixed-size entry IDs.
const (
	FolderEntryIDSize    = 46
	MessageEntryIDSize   = 70
	EphemeralEntryIDSize = 32
)

// EntryID is a decoded entry ID: *FolderEntryID, *MessageEntryID,
// *StoreEntryID, *OneOffEntryID, *AddressBookEntryID, *EphemeralEntryID,
// *ContactAddressEntryID or *GenericEntryID (any other provider's, kept as
// bytes).
type EntryID interface {
	// AppendBinary appends the entry ID's wire form.
	AppendBinary(b []byte) ([]byte, error)
	// String describes the entry ID for logs; it never panics.
	String() string
	// Provider returns the ProviderUID field.
	Provider() GUID
}

// StoreObjectType is the type of object named by a folder or message entry
// ID ([MS-OXCDATA] 2.2.4, the FolderType / MessageType field).
type StoreObjectType uint16

// Store object types ([MS-OXCDATA] 2.2.4).
const (
	PrivateFolder         StoreObjectType = 0x0001 // eitLTPrivateFolder
	PublicFolder          StoreObjectType = 0x0003 // eitLTPublicFolder
	MappedPublicFolder    StoreObjectType = 0x0005 // eitLTWackyFolder (ghosted public folder)
	PrivateMessage        StoreObjectType = 0x0007 // eitLTPrivateMessage
	PublicMessage         StoreObjectType = 0x0009 // eitLTPublicMessage
	MappedPublicMessage   StoreObjectType = 0x000B // eitLTWackyMessage (message in a ghosted public folder)
	PublicNewsgroupFolder StoreObjectType = 0x000C // eitLTPublicFolderByName
)

// String returns the type's spec name, or "StoreObjectType(0xNNNN)".
func (t StoreObjectType) String() string {
	switch t {
	case PrivateFolder:
		return "PrivateFolder"
	case PublicFolder:
		return "PublicFolder"
	case MappedPublicFolder:
		return "MappedPublicFolder"
	case PrivateMessage:
		return "PrivateMessage"
	case PublicMessage:
		return "PublicMessage"
	case MappedPublicMessage:
		return "MappedPublicMessage"
	case PublicNewsgroupFolder:
		return "PublicNewsgroupFolder"
	}
	return fmt.Sprintf("StoreObjectType(0x%04X)", uint16(t))
}

// IsFolder reports whether t is one of the folder types.
func (t StoreObjectType) IsFolder() bool {
	return t == PrivateFolder || t == PublicFolder || t == MappedPublicFolder || t == PublicNewsgroupFolder
}

// IsMessage reports whether t is one of the message types.
func (t StoreObjectType) IsMessage() bool {
	return t == PrivateMessage || t == PublicMessage || t == MappedPublicMessage
}

// FolderEntryID is a Folder EntryID ([MS-OXCDATA] 2.2.4.1), 46 bytes.
type FolderEntryID struct {
	Flags         uint32 // MUST be zero for a long-term entry ID
	ProviderUID   GUID   // the mailbox GUID, or ProviderUIDPublicStore
	FolderType    StoreObjectType
	DatabaseGUID  GUID   // the REPLGUID of the folder's FID
	GlobalCounter uint64 // the folder's 48-bit global counter
	Pad           uint16 // MUST be zero; kept as read
}

// NewFolderEntryID returns the entry ID of the folder folder (its GID) in
// the store named by provider.
func NewFolderEntryID(provider GUID, typ StoreObjectType, folder GID) *FolderEntryID {
	return &FolderEntryID{ProviderUID: provider, FolderType: typ, DatabaseGUID: folder.DatabaseGUID, GlobalCounter: folder.GlobalCounter}
}

// Provider returns the ProviderUID field.
func (e *FolderEntryID) Provider() GUID { return e.ProviderUID }

// GID returns the folder's GID.
func (e *FolderEntryID) GID() GID { return GID{e.DatabaseGUID, e.GlobalCounter} }

// AppendBinary appends the 46 wire bytes.
func (e *FolderEntryID) AppendBinary(b []byte) ([]byte, error) {
	if e.GlobalCounter > MaxGlobalCounter {
		return b, idErrCounterRange("FolderEntryID", e.GlobalCounter)
	}
	b = wire.AppendUint32(b, e.Flags)
	b = append(b, e.ProviderUID[:]...)
	b = wire.AppendUint16(b, uint16(e.FolderType))
	b = append(b, e.DatabaseGUID[:]...)
	b = appendGlobCnt(b, e.GlobalCounter)
	return wire.AppendUint16(b, e.Pad), nil
}

// String describes the entry ID.
func (e *FolderEntryID) String() string {
	if e == nil {
		return "<nil>"
	}
	return fmt.Sprintf("FolderEntryID{%s %s %s}", e.FolderType, e.ProviderUID, e.GID())
}

// ParseFolderEntryID decodes a Folder EntryID. b must be exactly 46 bytes.
func ParseFolderEntryID(b []byte) (*FolderEntryID, error) {
	const what = "FolderEntryID"
	if len(b) != FolderEntryIDSize {
		return nil, &StructureError{Structure: what, Offset: min(len(b), FolderEntryIDSize), Err: fmt.Errorf("length %d, want %d", len(b), FolderEntryIDSize)}
	}
	r := wire.NewReader(b)
	e := &FolderEntryID{Flags: r.Uint32()}
	copy(e.ProviderUID[:], r.Bytes(16))
	e.FolderType = StoreObjectType(r.Uint16())
	copy(e.DatabaseGUID[:], r.Bytes(16))
	e.GlobalCounter = readGlobCnt(r)
	e.Pad = r.Uint16()
	return e, idStructErr(what, r.Err())
}

// MessageEntryID is a Message EntryID ([MS-OXCDATA] 2.2.4.2), 70 bytes:
// the GIDs of the message and of the folder it is in.
type MessageEntryID struct {
	Flags                uint32 // MUST be zero for a long-term entry ID
	ProviderUID          GUID   // the mailbox GUID, or ProviderUIDPublicStore
	MessageType          StoreObjectType
	FolderDatabaseGUID   GUID
	FolderGlobalCounter  uint64
	FolderPad            uint16 // MUST be zero; kept as read
	MessageDatabaseGUID  GUID
	MessageGlobalCounter uint64
	MessagePad           uint16 // MUST be zero; kept as read
}

// NewMessageEntryID returns the entry ID of the message message in the
// folder folder of the store named by provider.
func NewMessageEntryID(provider GUID, typ StoreObjectType, folder, message GID) *MessageEntryID {
	return &MessageEntryID{
		ProviderUID: provider, MessageType: typ,
		FolderDatabaseGUID: folder.DatabaseGUID, FolderGlobalCounter: folder.GlobalCounter,
		MessageDatabaseGUID: message.DatabaseGUID, MessageGlobalCounter: message.GlobalCounter,
	}
}

// Provider returns the ProviderUID field.
func (e *MessageEntryID) Provider() GUID { return e.ProviderUID }

// FolderGID returns the GID of the message's folder.
func (e *MessageEntryID) FolderGID() GID { return GID{e.FolderDatabaseGUID, e.FolderGlobalCounter} }

// MessageGID returns the message's GID.
func (e *MessageEntryID) MessageGID() GID { return GID{e.MessageDatabaseGUID, e.MessageGlobalCounter} }

// AppendBinary appends the 70 wire bytes.
func (e *MessageEntryID) AppendBinary(b []byte) ([]byte, error) {
	if e.FolderGlobalCounter > MaxGlobalCounter {
		return b, idErrCounterRange("MessageEntryID", e.FolderGlobalCounter)
	}
	if e.MessageGlobalCounter > MaxGlobalCounter {
		return b, idErrCounterRange("MessageEntryID", e.MessageGlobalCounter)
	}
	b = wire.AppendUint32(b, e.Flags)
	b = append(b, e.ProviderUID[:]...)
	b = wire.AppendUint16(b, uint16(e.MessageType))
	b = append(b, e.FolderDatabaseGUID[:]...)
	b = appendGlobCnt(b, e.FolderGlobalCounter)
	b = wire.AppendUint16(b, e.FolderPad)
	b = append(b, e.MessageDatabaseGUID[:]...)
	b = appendGlobCnt(b, e.MessageGlobalCounter)
	return wire.AppendUint16(b, e.MessagePad), nil
}

// String describes the entry ID.
func (e *MessageEntryID) String() string {
	if e == nil {
		return "<nil>"
	}
	return fmt.Sprintf("MessageEntryID{%s %s folder %s message %s}", e.MessageType, e.ProviderUID, e.FolderGID(), e.MessageGID())
}

// ParseMessageEntryID decodes a Message EntryID. b must be exactly 70
// bytes.
func ParseMessageEntryID(b []byte) (*MessageEntryID, error) {
	const what = "MessageEntryID"
	if len(b) != MessageEntryIDSize {
		return nil, &StructureError{Structure: what, Offset: min(len(b), MessageEntryIDSize), Err: fmt.Errorf("length %d, want %d", len(b), MessageEntryIDSize)}
	}
	r := wire.NewReader(b)
	e := &MessageEntryID{Flags: r.Uint32()}
	copy(e.ProviderUID[:], r.Bytes(16))
	e.MessageType = StoreObjectType(r.Uint16())
	copy(e.FolderDatabaseGUID[:], r.Bytes(16))
	e.FolderGlobalCounter = readGlobCnt(r)
	e.FolderPad = r.Uint16()
	copy(e.MessageDatabaseGUID[:], r.Bytes(16))
	e.MessageGlobalCounter = readGlobCnt(r)
	e.MessagePad = r.Uint16()
	return e, idStructErr(what, r.Err())
}

// StoreEntryID is a Store Object EntryID ([MS-OXCDATA] 2.2.4.3): the
// MAPI-wrapped entry ID of a mailbox or of the public folder store, served
// by "emsmdb.dll".
type StoreEntryID struct {
	Flags              uint32   // MUST be zero
	Version            uint8    // MUST be zero
	Flag               uint8    // MUST be zero
	DLLFileName        [14]byte // "EMSMDB.DLL" NUL-padded (any case on input)
	WrappedFlags       uint32   // MUST be zero
	WrappedProviderUID GUID     // WrappedProviderUIDMailbox or WrappedProviderUIDPublic
	WrappedType        uint32   // WrappedTypeMailbox or WrappedTypePublic
	ServerShortname    string   // 8-bit: the server's short (NetBIOS) name
	// MailboxDN is the X500 DN of the mailbox (8-bit). It is on the wire
	// unless WrappedProviderUID is WrappedProviderUIDPublic.
	MailboxDN string
	// Extra holds the bytes after the fields above, kept for round trip:
	// newer clients append a server FQDN or SMTP address block there.
	Extra []byte
}

// NewMailboxStoreEntryID returns the Store Object EntryID of a mailbox.
func NewMailboxStoreEntryID(serverShortname, mailboxDN string) *StoreEntryID {
	return &StoreEntryID{
		DLLFileName: emsmdbDLLName, WrappedProviderUID: WrappedProviderUIDMailbox,
		WrappedType: WrappedTypeMailbox, ServerShortname: serverShortname, MailboxDN: mailboxDN,
	}
}

// NewPublicStoreEntryID returns the Store Object EntryID of the public
// folder store.
func NewPublicStoreEntryID(serverShortname string) *StoreEntryID {
	return &StoreEntryID{
		DLLFileName: emsmdbDLLName, WrappedProviderUID: WrappedProviderUIDPublic,
		WrappedType: WrappedTypePublic, ServerShortname: serverShortname,
	}
}

// Provider returns ProviderUIDStoreWrap.
func (e *StoreEntryID) Provider() GUID { return ProviderUIDStoreWrap }

func (e *StoreEntryID) hasMailboxDN() bool { return e.WrappedProviderUID != WrappedProviderUIDPublic }

// AppendBinary appends the wire form. It fails for strings that contain
// NUL or exceed MaxEntryIDString bytes.
func (e *StoreEntryID) AppendBinary(b []byte) ([]byte, error) {
	const what = "StoreEntryID"
	if err := eidCheckString8(what, "ServerShortname", e.ServerShortname); err != nil {
		return b, err
	}
	if e.hasMailboxDN() {
		if err := eidCheckString8(what, "MailboxDN", e.MailboxDN); err != nil {
			return b, err
		}
	} else if e.MailboxDN != "" {
		return b, &StructureError{Structure: what, Offset: -1, Err: errors.New("MailboxDN set on a public store entry ID")}
	}
	b = wire.AppendUint32(b, e.Flags)
	b = append(b, ProviderUIDStoreWrap[:]...)
	b = append(b, e.Version, e.Flag)
	b = append(b, e.DLLFileName[:]...)
	b = wire.AppendUint32(b, e.WrappedFlags)
	b = append(b, e.WrappedProviderUID[:]...)
	b = wire.AppendUint32(b, e.WrappedType)
	b = wire.AppendString8(b, e.ServerShortname)
	if e.hasMailboxDN() {
		b = wire.AppendString8(b, e.MailboxDN)
	}
	return append(b, e.Extra...), nil
}

// String describes the entry ID.
func (e *StoreEntryID) String() string {
	if e == nil {
		return "<nil>"
	}
	kind := "mailbox"
	if !e.hasMailboxDN() {
		kind = "public"
	}
	return fmt.Sprintf("StoreEntryID{%s server=%q dn=%q}", kind, e.ServerShortname, e.MailboxDN)
}

// isEMSMDBName reports whether a DLLFileName field names emsmdb.dll.
func isEMSMDBName(name []byte) bool {
	if len(name) != 14 {
		return false
	}
	return bytes.EqualFold(name[:10], emsmdbDLLName[:10]) && bytes.Equal(name[10:], emsmdbDLLName[10:])
}

// ParseStoreEntryID decodes a Store Object EntryID that fills b.
func ParseStoreEntryID(b []byte) (*StoreEntryID, error) {
	const what = "StoreEntryID"
	r := wire.NewReader(b)
	e := &StoreEntryID{Flags: r.Uint32()}
	var prov GUID
	copy(prov[:], r.Bytes(16))
	e.Version = r.Uint8()
	e.Flag = r.Uint8()
	copy(e.DLLFileName[:], r.Bytes(14))
	e.WrappedFlags = r.Uint32()
	copy(e.WrappedProviderUID[:], r.Bytes(16))
	e.WrappedType = r.Uint32()
	if r.Err() != nil {
		return nil, idStructErr(what, r.Err())
	}
	if prov != ProviderUIDStoreWrap {
		return nil, &StructureError{Structure: what, Offset: 4, Err: fmt.Errorf("ProviderUID %s, want %s", prov, ProviderUIDStoreWrap)}
	}
	if !isEMSMDBName(e.DLLFileName[:]) {
		return nil, &StructureError{Structure: what, Offset: 22, Err: fmt.Errorf("DLLFileName %q, want EMSMDB.DLL", bytes.TrimRight(e.DLLFileName[:], "\x00"))}
	}
	var err error
	if e.ServerShortname, err = eidReadString8(r, what, "ServerShortname"); err != nil {
		return nil, err
	}
	if e.hasMailboxDN() {
		if e.MailboxDN, err = eidReadString8(r, what, "MailboxDN"); err != nil {
			return nil, err
		}
	}
	if r.Remaining() > 0 {
		e.Extra = r.CopyBytes(r.Remaining())
	}
	return e, nil
}

// OneOffFlags is the 16-bit flags word of a One-Off EntryID ([MS-OXCDATA]
// 2.2.5.1), as a little-endian value (the MAPI_ONE_OFF_* values of
// IAddrBook::CreateOneOff).
type OneOffFlags uint16

// One-off flags. The spec draws the fields in wire bit order; these are
// the same bits as values of the little-endian word.
const (
	// OneOffNoRichInfo (M, MAPI_ONE_OFF_NO_RICH_INFO, set by
	// MAPI_SEND_NO_RICH_INFO): send pure MIME, not TNEF.
	OneOffNoRichInfo OneOffFlags = 0x0001
	// OneOffFormatMask selects the body format.
	OneOffFormatMask    OneOffFlags = 0x001E
	OneOffFormatText    OneOffFlags = 0x0006 // TextOnly
	OneOffFormatHTML    OneOffFlags = 0x000E // HtmlOnly
	OneOffFormatTextAnd OneOffFlags = 0x0016 // TextAndHtml
	// OneOffMAEMask selects the Macintosh attachment encoding.
	OneOffMAEMask        OneOffFlags = 0x0060
	OneOffMAEBinHex      OneOffFlags = 0x0000
	OneOffMAEUUEncode    OneOffFlags = 0x0020
	OneOffMAEAppleSingle OneOffFlags = 0x0040
	OneOffMAEAppleDouble OneOffFlags = 0x0060
	// OneOffNoLookup (L): the server cannot look the address up in the
	// address book.
	OneOffNoLookup OneOffFlags = 0x1000
	// OneOffUnicode (U, MAPI_ONE_OFF_UNICODE): the strings are UTF-16LE
	// with 2-byte terminators; otherwise 8-bit with 1-byte terminators.
	OneOffUnicode OneOffFlags = 0x8000
)

// String lists the flags, as "Unicode|NoRichInfo|Format=HtmlOnly".
func (f OneOffFlags) String() string {
	var parts []string
	if f&OneOffUnicode != 0 {
		parts = append(parts, "Unicode")
	}
	if f&OneOffNoRichInfo != 0 {
		parts = append(parts, "NoRichInfo")
	}
	if f&OneOffNoLookup != 0 {
		parts = append(parts, "NoLookup")
	}
	switch f & OneOffFormatMask {
	case 0:
	case OneOffFormatText:
		parts = append(parts, "Format=TextOnly")
	case OneOffFormatHTML:
		parts = append(parts, "Format=HtmlOnly")
	case OneOffFormatTextAnd:
		parts = append(parts, "Format=TextAndHtml")
	default:
		parts = append(parts, fmt.Sprintf("Format=0x%X", uint16(f&OneOffFormatMask)))
	}
	switch f & OneOffMAEMask {
	case OneOffMAEUUEncode:
		parts = append(parts, "MAE=UUENCODE")
	case OneOffMAEAppleSingle:
		parts = append(parts, "MAE=AppleSingle")
	case OneOffMAEAppleDouble:
		parts = append(parts, "MAE=AppleDouble")
	}
	if rest := f &^ (OneOffUnicode | OneOffNoRichInfo | OneOffNoLookup | OneOffFormatMask | OneOffMAEMask); rest != 0 {
		parts = append(parts, fmt.Sprintf("0x%04X", uint16(rest)))
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, "|")
}

// OneOffEntryID is a One-Off EntryID ([MS-OXCDATA] 2.2.5.1): a recipient
// not in the directory, with its name and address in the entry ID.
type OneOffEntryID struct {
	Flags   uint32 // MUST be zero for a long-term entry ID
	Version uint16 // set to zero
	// EntryFlags holds the format flags; OneOffUnicode selects UTF-16
	// strings. Without it the strings are 8-bit and kept as their bytes
	// (no code-page conversion).
	EntryFlags   OneOffFlags
	DisplayName  string // PidTagDisplayName
	AddressType  string // PidTagAddressType, as "SMTP"
	EmailAddress string // PidTagEmailAddress
}

// NewOneOffEntryID returns a Unicode one-off entry ID; flags are added to
// OneOffUnicode.
func NewOneOffEntryID(displayName, addressType, emailAddress string, flags OneOffFlags) *OneOffEntryID {
	return &OneOffEntryID{EntryFlags: flags | OneOffUnicode, DisplayName: displayName, AddressType: addressType, EmailAddress: emailAddress}
}

// Provider returns ProviderUIDOneOff.
func (e *OneOffEntryID) Provider() GUID { return ProviderUIDOneOff }

// AppendBinary appends the wire form. It fails for strings that contain
// NUL or exceed MaxEntryIDString bytes once encoded.
func (e *OneOffEntryID) AppendBinary(b []byte) ([]byte, error) {
	const what = "OneOffEntryID"
	uni := e.EntryFlags&OneOffUnicode != 0
	fields := [3]struct{ name, s string }{{"DisplayName", e.DisplayName}, {"AddressType", e.AddressType}, {"EmailAddress", e.EmailAddress}}
	for _, f := range fields {
		var err error
		if uni {
			err = eidCheckString16(what, f.name, f.s)
		} else {
			err = eidCheckString8(what, f.name, f.s)
		}
		if err != nil {
			return b, err
		}
	}
	b = wire.AppendUint32(b, e.Flags)
	b = append(b, ProviderUIDOneOff[:]...)
	b = wire.AppendUint16(b, e.Version)
	b = wire.AppendUint16(b, uint16(e.EntryFlags))
	for _, f := range fields {
		if uni {
			b = wire.AppendString16(b, f.s)
		} else {
			b = wire.AppendString8(b, f.s)
		}
	}
	return b, nil
}

// String describes the entry ID.
func (e *OneOffEntryID) String() string {
	if e == nil {
		return "<nil>"
	}
	return fmt.Sprintf("OneOffEntryID{%q %s:%s %s}", e.DisplayName, e.AddressType, e.EmailAddress, e.EntryFlags)
}

// ParseOneOffEntryID decodes a One-Off EntryID that fills b. Bytes after
// the third string are an error.
func ParseOneOffEntryID(b []byte) (*OneOffEntryID, error) {
	const what = "OneOffEntryID"
	r := wire.NewReader(b)
	e := &OneOffEntryID{Flags: r.Uint32()}
	var prov GUID
	copy(prov[:], r.Bytes(16))
	e.Version = r.Uint16()
	e.EntryFlags = OneOffFlags(r.Uint16())
	if r.Err() != nil {
		return nil, idStructErr(what, r.Err())
	}
	if prov != ProviderUIDOneOff {
		return nil, &StructureError{Structure: what, Offset: 4, Err: fmt.Errorf("ProviderUID %s, want %s", prov, ProviderUIDOneOff)}
	}
	uni := e.EntryFlags&OneOffUnicode != 0
	dst := [3]*string{&e.DisplayName, &e.AddressType, &e.EmailAddress}
	names := [3]string{"DisplayName", "AddressType", "EmailAddress"}
	for i, p := range dst {
		var err error
		if uni {
			*p, err = eidReadString16(r, what, names[i])
		} else {
			*p, err = eidReadString8(r, what, names[i])
		}
		if err != nil {
			return nil, err
		}
	}
	if r.Remaining() > 0 {
		return nil, &StructureError{Structure: what, Offset: r.Offset(), Err: fmt.Errorf("%d bytes after EmailAddress", r.Remaining())}
	}
	return e, nil
}

// AddressBookType is the Type of an Address Book EntryID ([MS-OXCDATA]
// 2.2.5.2), the display type of the object ([MS-OXNSPI] 2.2.1.3).
type AddressBookType uint32

// Address book object types ([MS-OXCDATA] 2.2.5.2).
const (
	ABMailUser        AddressBookType = 0x00000000 // local mail user (DT_MAILUSER)
	ABDistList        AddressBookType = 0x00000001 // distribution list (DT_DISTLIST)
	ABForum           AddressBookType = 0x00000002 // bulletin board or public folder (DT_FORUM)
	ABAgent           AddressBookType = 0x00000003 // automated mailbox (DT_AGENT)
	ABOrganization    AddressBookType = 0x00000004 // organizational mailbox (DT_ORGANIZATION)
	ABPrivateDistList AddressBookType = 0x00000005 // private distribution list (DT_PRIVATE_DISTLIST)
	ABRemoteMailUser  AddressBookType = 0x00000006 // remote mail user (DT_REMOTE_MAILUSER)
	ABContainer       AddressBookType = 0x00000100 // container (DT_CONTAINER)
	ABTemplate        AddressBookType = 0x00000101 // template (DT_TEMPLATE)
	ABOneOffUser      AddressBookType = 0x00000102 // one-off user (DT_ADDRESS_TEMPLATE)
	ABSearch          AddressBookType = 0x00000200 // search (DT_SEARCH)
)

// abEntryVersion is the Version (R4) of address book entry IDs.
const abEntryVersion = 0x00000001

// String returns the type's name, or "AddressBookType(0xNNNNNNNN)".
func (t AddressBookType) String() string {
	switch t {
	case ABMailUser:
		return "MailUser"
	case ABDistList:
		return "DistList"
	case ABForum:
		return "Forum"
	case ABAgent:
		return "Agent"
	case ABOrganization:
		return "Organization"
	case ABPrivateDistList:
		return "PrivateDistList"
	case ABRemoteMailUser:
		return "RemoteMailUser"
	case ABContainer:
		return "Container"
	case ABTemplate:
		return "Template"
	case ABOneOffUser:
		return "OneOffUser"
	case ABSearch:
		return "Search"
	}
	return fmt.Sprintf("AddressBookType(0x%08X)", uint32(t))
}

// AddressBookEntryID is an Address Book EntryID ([MS-OXCDATA] 2.2.5.2),
// the same bytes as an NSPI PermanentEntryID ([MS-OXNSPI] 2.2.9.3): a
// directory object named by its X500 DN.
type AddressBookEntryID struct {
	// Flags MUST be zero; its first byte is the NSPI ID Type (0x00 for a
	// permanent entry ID).
	Flags   uint32
	Version uint32 // MUST be 1 (R4 of [MS-OXNSPI])
	Type    AddressBookType
	X500DN  string // 8-bit, as "/o=org/ou=site/cn=Recipients/cn=user"
}

// NewAddressBookEntryID returns the permanent entry ID of the directory
// object with the given DN.
func NewAddressBookEntryID(typ AddressBookType, x500DN string) *AddressBookEntryID {
	return &AddressBookEntryID{Version: abEntryVersion, Type: typ, X500DN: x500DN}
}

// Provider returns ProviderUIDAddressBook.
func (e *AddressBookEntryID) Provider() GUID { return ProviderUIDAddressBook }

// AppendBinary appends the wire form. It fails for a DN that contains NUL
// or exceeds MaxEntryIDString bytes.
func (e *AddressBookEntryID) AppendBinary(b []byte) ([]byte, error) {
	if err := eidCheckString8("AddressBookEntryID", "X500DN", e.X500DN); err != nil {
		return b, err
	}
	b = wire.AppendUint32(b, e.Flags)
	b = append(b, ProviderUIDAddressBook[:]...)
	b = wire.AppendUint32(b, e.Version)
	b = wire.AppendUint32(b, uint32(e.Type))
	return wire.AppendString8(b, e.X500DN), nil
}

// String describes the entry ID.
func (e *AddressBookEntryID) String() string {
	if e == nil {
		return "<nil>"
	}
	return fmt.Sprintf("AddressBookEntryID{%s %q}", e.Type, e.X500DN)
}

// ParseAddressBookEntryID decodes an Address Book EntryID that fills b.
// Bytes after the DN's terminator are an error.
func ParseAddressBookEntryID(b []byte) (*AddressBookEntryID, error) {
	const what = "AddressBookEntryID"
	r := wire.NewReader(b)
	e := &AddressBookEntryID{Flags: r.Uint32()}
	var prov GUID
	copy(prov[:], r.Bytes(16))
	e.Version = r.Uint32()
	e.Type = AddressBookType(r.Uint32())
	if r.Err() != nil {
		return nil, idStructErr(what, r.Err())
	}
	if prov != ProviderUIDAddressBook {
		return nil, &StructureError{Structure: what, Offset: 4, Err: fmt.Errorf("ProviderUID %s, want %s", prov, ProviderUIDAddressBook)}
	}
	var err error
	if e.X500DN, err = eidReadString8(r, what, "X500DN"); err != nil {
		return nil, err
	}
	if r.Remaining() > 0 {
		return nil, &StructureError{Structure: what, Offset: r.Offset(), Err: fmt.Errorf("%d bytes after X500DN", r.Remaining())}
	}
	return e, nil
}

// EphemeralEntryIDType is the ID Type byte of an NSPI EphemeralEntryID.
const EphemeralEntryIDType = 0x87

// EphemeralEntryID is an NSPI EphemeralEntryID ([MS-OXNSPI] 2.2.9.2), 32
// bytes: a directory object named by its Minimal Entry ID, valid only on
// the server that issued it.
type EphemeralEntryID struct {
	// Flags holds the ID Type byte (0x87, the low byte) and the reserved
	// R1..R3 bytes (MUST be zero).
	Flags       uint32
	ProviderUID GUID   // the GUID of the NSPI server that issued it
	Version     uint32 // R4, MUST be 1
	DisplayType AddressBookType
	MID         uint32 // Minimal Entry ID ([MS-OXNSPI] 2.2.9.1)
}

// NewEphemeralEntryID returns the ephemeral entry ID of the object with
// Minimal Entry ID mid on the server with GUID server.
func NewEphemeralEntryID(server GUID, typ AddressBookType, mid uint32) *EphemeralEntryID {
	return &EphemeralEntryID{Flags: EphemeralEntryIDType, ProviderUID: server, Version: abEntryVersion, DisplayType: typ, MID: mid}
}

// Provider returns the ProviderUID field (the server's GUID).
func (e *EphemeralEntryID) Provider() GUID { return e.ProviderUID }

// AppendBinary appends the 32 wire bytes.
func (e *EphemeralEntryID) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendUint32(b, e.Flags)
	b = append(b, e.ProviderUID[:]...)
	b = wire.AppendUint32(b, e.Version)
	b = wire.AppendUint32(b, uint32(e.DisplayType))
	return wire.AppendUint32(b, e.MID), nil
}

// String describes the entry ID.
func (e *EphemeralEntryID) String() string {
	if e == nil {
		return "<nil>"
	}
	return fmt.Sprintf("EphemeralEntryID{%s %s MId=0x%X}", e.ProviderUID, e.DisplayType, e.MID)
}

// ParseEphemeralEntryID decodes an EphemeralEntryID; b must be 32 bytes
// with ID Type 0x87.
func ParseEphemeralEntryID(b []byte) (*EphemeralEntryID, error) {
	const what = "EphemeralEntryID"
	if len(b) != EphemeralEntryIDSize {
		return nil, &StructureError{Structure: what, Offset: min(len(b), EphemeralEntryIDSize), Err: fmt.Errorf("length %d, want %d", len(b), EphemeralEntryIDSize)}
	}
	if b[0] != EphemeralEntryIDType {
		return nil, &StructureError{Structure: what, Offset: 0, Err: fmt.Errorf("ID Type 0x%02X, want 0x87", b[0])}
	}
	r := wire.NewReader(b)
	e := &EphemeralEntryID{Flags: r.Uint32()}
	copy(e.ProviderUID[:], r.Bytes(16))
	e.Version = r.Uint32()
	e.DisplayType = AddressBookType(r.Uint32())
	e.MID = r.Uint32()
	return e, idStructErr(what, r.Err())
}

// ContactAddressEntryID is a Contact Address EntryID ([MS-OXCDATA]
// 2.2.5.3): a recipient whose address is one of the electronic addresses
// of a Contact object, named by the contact's Message EntryID.
type ContactAddressEntryID struct {
	Flags   uint32 // MUST be zero
	Version uint32 // MUST be 3
	Type    uint32 // MUST be 4
	// Index selects the address: 0..2 Email1..Email3, 3..5 Fax1..Fax3
	// ([MS-OXOCNTC] 2.2.1.2).
	Index uint32
	// EntryID is the contact's entry ID (a Message EntryID, 2.2.4.2), as
	// bytes.
	EntryID []byte
	// Extra holds up to 3 trailing bytes that Outlook 2003 and 2007 can
	// leave ([MS-OXCDATA] 2.2.5.3, product behavior note 4); kept so the
	// bytes round-trip.
	Extra []byte
}

// Contact Address EntryID constants ([MS-OXCDATA] 2.2.5.3).
const (
	contactAddressVersion = 3
	contactAddressType    = 4
	contactAddressHeader  = 36 // Flags .. EntryIdCount
)

// NewContactAddressEntryID returns the entry ID of address index of the
// contact whose entry ID is contact.
func NewContactAddressEntryID(index uint32, contact []byte) *ContactAddressEntryID {
	return &ContactAddressEntryID{Version: contactAddressVersion, Type: contactAddressType, Index: index, EntryID: contact}
}

// Provider returns ProviderUIDContactAddress.
func (e *ContactAddressEntryID) Provider() GUID { return ProviderUIDContactAddress }

// AppendBinary appends the wire form.
func (e *ContactAddressEntryID) AppendBinary(b []byte) ([]byte, error) {
	if len(e.Extra) > 3 || uint64(len(e.EntryID)) > 1<<32-1 {
		return b, &StructureError{Structure: "ContactAddressEntryID", Offset: -1, Err: fmt.Errorf("EntryID of %d bytes or Extra of %d bytes", len(e.EntryID), len(e.Extra))}
	}
	b = wire.AppendUint32(b, e.Flags)
	b = append(b, ProviderUIDContactAddress[:]...)
	b = wire.AppendUint32(b, e.Version)
	b = wire.AppendUint32(b, e.Type)
	b = wire.AppendUint32(b, e.Index)
	b = wire.AppendUint32(b, uint32(len(e.EntryID)))
	b = append(b, e.EntryID...)
	return append(b, e.Extra...), nil
}

// String describes the entry ID.
func (e *ContactAddressEntryID) String() string {
	if e == nil {
		return "<nil>"
	}
	return fmt.Sprintf("ContactAddressEntryID{index %d, contact of %d bytes}", e.Index, len(e.EntryID))
}

// ParseContactAddressEntryID decodes a Contact Address EntryID that fills
// b; up to 3 bytes after the contact's entry ID are kept in Extra.
func ParseContactAddressEntryID(b []byte) (*ContactAddressEntryID, error) {
	const what = "ContactAddressEntryID"
	r := wire.NewReader(b)
	e := &ContactAddressEntryID{Flags: r.Uint32()}
	var prov GUID
	copy(prov[:], r.Bytes(16))
	e.Version = r.Uint32()
	e.Type = r.Uint32()
	e.Index = r.Uint32()
	start := r.Offset()
	n := r.Uint32()
	if r.Err() != nil {
		return nil, idStructErr(what, r.Err())
	}
	if prov != ProviderUIDContactAddress {
		return nil, &StructureError{Structure: what, Offset: 4, Err: fmt.Errorf("ProviderUID %s, want %s", prov, ProviderUIDContactAddress)}
	}
	if int64(n) > int64(r.Remaining()) {
		return nil, &StructureError{Structure: what, Offset: start, Err: fmt.Errorf("EntryIdCount %d exceeds the %d bytes left: %w", n, r.Remaining(), wire.ErrShort)}
	}
	e.EntryID = r.CopyBytes(int(n))
	if r.Remaining() > 3 {
		return nil, &StructureError{Structure: what, Offset: r.Offset(), Err: fmt.Errorf("%d bytes after EntryIdBytes", r.Remaining())}
	}
	if r.Remaining() > 0 {
		e.Extra = r.CopyBytes(r.Remaining())
	}
	return e, nil
}

// GenericEntryID is an entry ID of a kind this package does not decode
// ([MS-OXCDATA] 2.2.3 General EntryID): kept as its fields and bytes so
// it round-trips.
type GenericEntryID struct {
	Flags        uint32
	ProviderUID  GUID
	ProviderData []byte
}

// Provider returns the ProviderUID field.
func (e *GenericEntryID) Provider() GUID { return e.ProviderUID }

// AppendBinary appends the wire form.
func (e *GenericEntryID) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendUint32(b, e.Flags)
	b = append(b, e.ProviderUID[:]...)
	return append(b, e.ProviderData...), nil
}

// String describes the entry ID.
func (e *GenericEntryID) String() string {
	if e == nil {
		return "<nil>"
	}
	return fmt.Sprintf("GenericEntryID{%s %d bytes}", e.ProviderUID, len(e.ProviderData))
}

// GeneralEntryIDSize is the size of the fixed part of every entry ID:
// Flags and ProviderUID ([MS-OXCDATA] 2.2.3).
const GeneralEntryIDSize = 20

// ParseEntryID decodes an entry ID, recognizing its kind:
//
//   - ProviderUIDStoreWrap with DLL name EMSMDB.DLL: *StoreEntryID;
//   - ProviderUIDOneOff: *OneOffEntryID;
//   - ID Type 0x87 and 32 bytes: *EphemeralEntryID;
//   - ProviderUIDAddressBook: *AddressBookEntryID;
//   - ProviderUIDContactAddress with Version 3 and Type 4:
//     *ContactAddressEntryID;
//   - 46 bytes with a folder type: *FolderEntryID;
//   - 70 bytes with a message type: *MessageEntryID;
//   - anything else of at least 20 bytes: *GenericEntryID.
//
// A recognized kind that is malformed is an error, not a GenericEntryID.
func ParseEntryID(b []byte) (EntryID, error) {
	if len(b) < GeneralEntryIDSize {
		return nil, &StructureError{Structure: "EntryID", Offset: len(b), Err: fmt.Errorf("length %d, want at least %d: %w", len(b), GeneralEntryIDSize, wire.ErrShort)}
	}
	var prov GUID
	copy(prov[:], b[4:20])
	switch {
	case prov == ProviderUIDStoreWrap && len(b) >= 36 && isEMSMDBName(b[22:36]):
		return ParseStoreEntryID(b)
	case prov == ProviderUIDOneOff:
		return ParseOneOffEntryID(b)
	case b[0] == EphemeralEntryIDType && len(b) == EphemeralEntryIDSize:
		return ParseEphemeralEntryID(b)
	case prov == ProviderUIDAddressBook:
		return ParseAddressBookEntryID(b)
	case prov == ProviderUIDContactAddress && len(b) >= contactAddressHeader &&
		binary.LittleEndian.Uint32(b[20:]) == contactAddressVersion && binary.LittleEndian.Uint32(b[24:]) == contactAddressType:
		return ParseContactAddressEntryID(b)
	}
	if len(b) >= GeneralEntryIDSize+2 {
		typ := StoreObjectType(uint16(b[20]) | uint16(b[21])<<8)
		switch {
		case len(b) == FolderEntryIDSize && typ.IsFolder():
			return ParseFolderEntryID(b)
		case len(b) == MessageEntryIDSize && typ.IsMessage():
			return ParseMessageEntryID(b)
		}
	}
	e := &GenericEntryID{ProviderUID: prov, ProviderData: append([]byte(nil), b[20:]...)}
	e.Flags = uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
	return e, nil
}

// eidReadString8 reads a NUL-terminated 8-bit string of at most
// MaxEntryIDString bytes.
func eidReadString8(r *wire.Reader, structure, field string) (string, error) {
	start := r.Offset()
	s := r.String8()
	if r.Err() != nil {
		return "", idStructErr(structure, r.Err())
	}
	if len(s) > MaxEntryIDString {
		return "", &StructureError{Structure: structure, Offset: start, Err: fmt.Errorf("%s of %d bytes exceeds %d", field, len(s), MaxEntryIDString)}
	}
	return s, nil
}

// eidReadString16 reads a NUL-terminated UTF-16LE string of at most
// MaxEntryIDString bytes.
func eidReadString16(r *wire.Reader, structure, field string) (string, error) {
	start := r.Offset()
	s := r.String16()
	if r.Err() != nil {
		return "", idStructErr(structure, r.Err())
	}
	if n := r.Offset() - start - 2; n > MaxEntryIDString {
		return "", &StructureError{Structure: structure, Offset: start, Err: fmt.Errorf("%s of %d bytes exceeds %d", field, n, MaxEntryIDString)}
	}
	return s, nil
}

func eidCheckString8(structure, field, s string) error {
	if strings.IndexByte(s, 0) >= 0 {
		return &StructureError{Structure: structure, Offset: -1, Err: fmt.Errorf("%s contains NUL", field)}
	}
	if len(s) > MaxEntryIDString {
		return &StructureError{Structure: structure, Offset: -1, Err: fmt.Errorf("%s of %d bytes exceeds %d", field, len(s), MaxEntryIDString)}
	}
	return nil
}

func eidCheckString16(structure, field, s string) error {
	if strings.IndexByte(s, 0) >= 0 {
		return &StructureError{Structure: structure, Offset: -1, Err: fmt.Errorf("%s contains NUL", field)}
	}
	if n := wire.UTF16Len(s); n > MaxEntryIDString {
		return &StructureError{Structure: structure, Offset: -1, Err: fmt.Errorf("%s of %d UTF-16 bytes exceeds %d", field, n, MaxEntryIDString)}
	}
	return nil
}

package ews

import (
	"encoding/base64"
	"encoding/binary"
	"strconv"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// IDKind is what an EWS ID names.
type IDKind uint8

// ID kinds.
const (
	KindFolder     IDKind = 1
	KindMessage    IDKind = 2
	KindAttachment IDKind = 3
	// KindOccurrence names one occurrence of a recurring series: the
	// series' MID and the occurrence's original start.
	KindOccurrence IDKind = 4
)

// String returns "folder", "message" or "IDKind(n)".
func (k IDKind) String() string {
	switch k {
	case KindFolder:
		return "folder"
	case KindMessage:
		return "message"
	case KindAttachment:
		return "attachment"
	case KindOccurrence:
		return "occurrence"
	}
	return "IDKind(" + strconv.Itoa(int(k)) + ")"
}

// idVersion is the first byte of every ID this package issues.
const idVersion = 1

// maxIDChars bounds the base64 text of an ID we try to decode.
const maxIDChars = 512

// ObjectID is the content of an EWS ItemId/FolderId Id attribute
// ([MS-OXWSCORE] 2.2.4.25 ItemIdType: an opaque string). oxkit's form is
// the standard base64 of: version (1 byte, 1), kind (1 byte), the
// mailbox's MailboxGUID (16 bytes), the FID (8 bytes, little-endian value
// form of mapi.ID), for messages, attachments and occurrences the MID (8
// bytes), and for attachments the attachment number, for occurrences the
// original start in minutes (4 bytes, little-endian), followed for an
// attachment of an attached item by the attachment numbers inside the
// embedded messages, outermost first (4 bytes each, at most
// MaxNestedAttachments). The encoding is stable across restarts; clients
// treat it as opaque.
type ObjectID struct {
	Kind    IDKind
	Mailbox mapi.GUID
	Folder  store.FID
	Message store.MID
	// Attach is the attachment number (KindAttachment) or the
	// occurrence's original start in minutes since 1601-01-01 UTC
	// (KindOccurrence).
	Attach uint32
	// Nested, for KindAttachment, holds the first NestedLen numbers of
	// the attachments below attachment Attach: Nested[0] is an attachment
	// of Attach's embedded message, Nested[1] one of Nested[0]'s, and so
	// on (attachments of attached items, [MS-OXWSATT] 3.1.4.3).
	Nested    [MaxNestedAttachments]uint32
	NestedLen uint8
}

// MaxNestedAttachments bounds how deep below a top-level attachment an
// attachment ID can reach (ErrorAttachmentNestLevelLimitExceeded
// beyond).
const MaxNestedAttachments = 7

// maxIDBytes is the longest binary ID: an attachment nested
// MaxNestedAttachments deep.
const maxIDBytes = 38 + 4*MaxNestedAttachments

// AppendBinary appends the binary form.
func (id ObjectID) AppendBinary(b []byte) []byte {
	b = append(b, idVersion, byte(id.Kind))
	b = append(b, id.Mailbox[:]...)
	b = binary.LittleEndian.AppendUint64(b, uint64(id.Folder))
	if id.Kind == KindMessage || id.Kind == KindAttachment || id.Kind == KindOccurrence {
		b = binary.LittleEndian.AppendUint64(b, uint64(id.Message))
	}
	if id.Kind == KindAttachment || id.Kind == KindOccurrence {
		b = binary.LittleEndian.AppendUint32(b, id.Attach)
	}
	if id.Kind == KindAttachment {
		for _, n := range id.Nested[:min(int(id.NestedLen), MaxNestedAttachments)] {
			b = binary.LittleEndian.AppendUint32(b, n)
		}
	}
	return b
}

// AppendText appends the base64 form used on the wire.
func (id ObjectID) AppendText(b []byte) []byte {
	var tmp [maxIDBytes]byte
	return base64.StdEncoding.AppendEncode(b, id.AppendBinary(tmp[:0]))
}

// String returns the wire form.
func (id ObjectID) String() string { return string(id.AppendText(nil)) }

// ParseObjectID decodes the wire form. Anything else is an *Error with
// ErrorInvalidIdMalformed.
func ParseObjectID(s string) (ObjectID, error) {
	if len(s) > maxIDChars {
		return ObjectID{}, errorf(ErrorInvalidIdMalformed, "Id is malformed.")
	}
	var buf [maxIDChars]byte
	n, err := base64.StdEncoding.Decode(buf[:], []byte(s))
	if err != nil {
		return ObjectID{}, &Error{Code: ErrorInvalidIdMalformed, Message: "Id is malformed.", Err: err}
	}
	b := buf[:n]
	if len(b) < 26 || b[0] != idVersion {
		return ObjectID{}, errorf(ErrorInvalidIdMalformed, "Id is malformed.")
	}
	id := ObjectID{Kind: IDKind(b[1])}
	copy(id.Mailbox[:], b[2:18])
	id.Folder = store.FID(binary.LittleEndian.Uint64(b[18:26]))
	switch {
	case id.Kind == KindFolder && len(b) == 26:
	case id.Kind == KindMessage && len(b) == 34:
		id.Message = store.MID(binary.LittleEndian.Uint64(b[26:34]))
	case (id.Kind == KindAttachment || id.Kind == KindOccurrence) && len(b) == 38,
		id.Kind == KindAttachment && len(b) > 38 && len(b) <= maxIDBytes && (len(b)-38)%4 == 0:
		id.Message = store.MID(binary.LittleEndian.Uint64(b[26:34]))
		id.Attach = binary.LittleEndian.Uint32(b[34:38])
		for i := 38; i < len(b); i += 4 {
			id.Nested[id.NestedLen] = binary.LittleEndian.Uint32(b[i:])
			id.NestedLen++
		}
	default:
		return ObjectID{}, errorf(ErrorInvalidIdMalformed, "Id is malformed.")
	}
	return id, nil
}

// changeKey returns the EWS ChangeKey of a store change key: its base64.
func appendChangeKey(b []byte, ck []byte) []byte {
	return base64.StdEncoding.AppendEncode(b, ck)
}

// distinguished maps DistinguishedFolderIdNameType values
// ([MS-OXWSCDATA] 2.2.5.10) to the store's special folders. Names of the
// schema that have no store folder (voicemail, the archive mailbox's
// folders, public folders ...) are absent and answer ErrorFolderNotFound;
// the recoverable items names are recoverNames (recover.go).
var distinguished = map[string]store.SpecialFolder{
	"root":                 store.FolderRoot,
	"msgfolderroot":        store.FolderIPMSubtree,
	"inbox":                store.FolderInbox,
	"outbox":               store.FolderOutbox,
	"sentitems":            store.FolderSentItems,
	"deleteditems":         store.FolderDeletedItems,
	"drafts":               store.FolderDrafts,
	"calendar":             store.FolderCalendar,
	"contacts":             store.FolderContacts,
	"tasks":                store.FolderTasks,
	"notes":                store.FolderNotes,
	"journal":              store.FolderJournal,
	"junkemail":            store.FolderJunk,
	"searchfolders":        store.FolderFinder,
	"syncissues":           store.FolderSyncIssues,
	"conflicts":            store.FolderConflicts,
	"localfailures":        store.FolderLocalFailures,
	"serverfailures":       store.FolderServerFailures,
	"quickcontacts":        store.FolderQuickContacts,
	"imcontactlist":        store.FolderIMContactList,
	"conversationhistory":  store.FolderConversationHistory, // on demand (wellknown.go)
	"recipientcache":       store.FolderRecipientCache,      // on demand (wellknown.go)
	"archive":              store.FolderArchive,
	"archivemsgfolderroot": 0,
}

// distinguishedName returns the DistinguishedFolderId name of a special
// folder, "" for none.
func distinguishedName(k store.SpecialFolder) string {
	switch k {
	case store.FolderRoot:
		return "root"
	case store.FolderIPMSubtree:
		return "msgfolderroot"
	case store.FolderInbox:
		return "inbox"
	case store.FolderOutbox:
		return "outbox"
	case store.FolderSentItems:
		return "sentitems"
	case store.FolderDeletedItems:
		return "deleteditems"
	case store.FolderDrafts:
		return "drafts"
	case store.FolderCalendar:
		return "calendar"
	case store.FolderContacts:
		return "contacts"
	case store.FolderTasks:
		return "tasks"
	case store.FolderNotes:
		return "notes"
	case store.FolderJournal:
		return "journal"
	case store.FolderJunk:
		return "junkemail"
	case store.FolderFinder:
		return "searchfolders"
	case store.FolderSyncIssues:
		return "syncissues"
	case store.FolderConflicts:
		return "conflicts"
	case store.FolderLocalFailures:
		return "localfailures"
	case store.FolderServerFailures:
		return "serverfailures"
	case store.FolderQuickContacts:
		return "quickcontacts"
	case store.FolderIMContactList:
		return "imcontactlist"
	case store.FolderRecipientCache:
		return "recipientcache"
	case store.FolderConversationHistory:
		return "conversationhistory"
	}
	return ""
}

package store

import (
	"encoding/binary"
	"fmt"

	"github.com/oxkit/oxkit/mapi"
)

// SpecialFolder names a special folder of [MS-OXOSFLD] 2.2.1.
type SpecialFolder uint8

// Special folders provisioned by CreateMailbox, apart from those whose
// SpecialFolderSpec is OnDemand (see SpecialFolderProvisioner). The zero
// value is "not a special folder".
const (
	FolderRoot                SpecialFolder = iota + 1 // Root ([MS-OXCSTOR])
	FolderIPMSubtree                                   // Top of Personal Folders (IPM subtree)
	FolderFinder                                       // Finder (search folders root, [MS-OXOSRCH])
	FolderViews                                        // Personal Views
	FolderCommonViews                                  // Common Views
	FolderSchedule                                     // Schedule
	FolderShortcuts                                    // Shortcuts
	FolderFreeBusy                                     // FreeBusy Data ([MS-OXOPFFB])
	FolderSpoolerQueue                                 // Spooler Queue
	FolderReminders                                    // Reminders
	FolderInbox                                        // Inbox
	FolderOutbox                                       // Outbox
	FolderSentItems                                    // Sent Items
	FolderDeletedItems                                 // Deleted Items
	FolderDrafts                                       // Drafts
	FolderCalendar                                     // Calendar
	FolderContacts                                     // Contacts
	FolderTasks                                        // Tasks
	FolderNotes                                        // Notes
	FolderJournal                                      // Journal
	FolderJunk                                         // Junk E-mail
	FolderSyncIssues                                   // Sync Issues
	FolderConflicts                                    // Conflicts (under Sync Issues)
	FolderLocalFailures                                // Local Failures (under Sync Issues)
	FolderServerFailures                               // Server Failures (under Sync Issues)
	FolderConversationActions                          // Conversation Action Settings
	FolderQuickSteps                                   // Quick Step Settings
	FolderRSSFeeds                                     // RSS Feeds
	FolderArchive                                      // Archive
	FolderQuickContacts                                // Quick Contacts (under Contacts)
	FolderIMContactList                                // IM Contact List (under Contacts)
	FolderRecipientCache                               // Recipient Cache (under Contacts; on demand)
	FolderConversationHistory                          // Conversation History (on demand)
	maxSpecialFolder
)

// SpecialFolderSpec describes how a special folder is provisioned.
type SpecialFolderSpec struct {
	Kind   SpecialFolder
	Parent SpecialFolder // 0 for the root folder
	// Name is the English display name.
	Name string
	// ContainerClass is PidTagContainerClass ([MS-OXOSFLD] 2.2.8), "" for
	// none.
	ContainerClass string
	// Hidden sets PidTagAttributeHidden (folders outside the IPM subtree
	// that clients do not show).
	Hidden bool
	// OnDemand marks a folder CreateMailbox leaves out: it is created
	// when first needed, through SpecialFolderProvisioner, as Exchange
	// creates its default folders that not every mailbox uses. Until
	// then SpecialFolder answers ErrNotFound for it.
	OnDemand bool
}

// SpecialFolders lists the special folders of [MS-OXOSFLD] 2.2.1 that
// CreateMailbox provisions, parents before children, and after them the
// OnDemand ones it does not. Implementations
// provision from this table (see ProvisionProps) so every store has the
// same tree.
var SpecialFolders = []SpecialFolderSpec{
	{FolderRoot, 0, "Root Container", "", false, false},
	{FolderIPMSubtree, FolderRoot, "Top of Information Store", "", false, false},
	{FolderFinder, FolderRoot, "Finder", "", true, false},
	{FolderViews, FolderRoot, "Views", "", true, false},
	{FolderCommonViews, FolderRoot, "Common Views", "", true, false},
	{FolderSchedule, FolderRoot, "Schedule", "", true, false},
	{FolderShortcuts, FolderRoot, "Shortcuts", "", true, false},
	{FolderFreeBusy, FolderRoot, "Freebusy Data", "", true, false},
	{FolderSpoolerQueue, FolderRoot, "Spooler Queue", "", true, false},
	{FolderReminders, FolderRoot, "Reminders", "Outlook.Reminder", true, false},
	{FolderInbox, FolderIPMSubtree, "Inbox", "IPF.Note", false, false},
	{FolderOutbox, FolderIPMSubtree, "Outbox", "IPF.Note", false, false},
	{FolderSentItems, FolderIPMSubtree, "Sent Items", "IPF.Note", false, false},
	{FolderDeletedItems, FolderIPMSubtree, "Deleted Items", "IPF.Note", false, false},
	{FolderDrafts, FolderIPMSubtree, "Drafts", "IPF.Note", false, false},
	{FolderCalendar, FolderIPMSubtree, "Calendar", "IPF.Appointment", false, false},
	{FolderContacts, FolderIPMSubtree, "Contacts", "IPF.Contact", false, false},
	{FolderTasks, FolderIPMSubtree, "Tasks", "IPF.Task", false, false},
	{FolderNotes, FolderIPMSubtree, "Notes", "IPF.StickyNote", false, false},
	{FolderJournal, FolderIPMSubtree, "Journal", "IPF.Journal", false, false},
	{FolderJunk, FolderIPMSubtree, "Junk E-mail", "IPF.Note", false, false},
	{FolderSyncIssues, FolderIPMSubtree, "Sync Issues", "IPF.Note", false, false},
	{FolderConflicts, FolderSyncIssues, "Conflicts", "IPF.Note", false, false},
	{FolderLocalFailures, FolderSyncIssues, "Local Failures", "IPF.Note", false, false},
	{FolderServerFailures, FolderSyncIssues, "Server Failures", "IPF.Note", false, false},
	{FolderConversationActions, FolderIPMSubtree, "Conversation Action Settings", "IPF.Configuration", true, false},
	{FolderQuickSteps, FolderIPMSubtree, "Quick Step Settings", "IPF.Configuration", true, false},
	{FolderRSSFeeds, FolderIPMSubtree, "RSS Feeds", "IPF.Note.OutlookHomepage", false, false},
	{FolderArchive, FolderIPMSubtree, "Archive", "IPF.Note", false, false},
	{FolderQuickContacts, FolderContacts, "Quick Contacts", "IPF.Contact.MOC.QuickContacts", true, false},
	{FolderIMContactList, FolderContacts, "IM Contact List", "IPF.Contact.MOC.ImContactList", true, false},
	// Exchange 2013 and later: the contacts a user has written to, for
	// address completion (EWS DistinguishedFolderId "recipientcache").
	{FolderRecipientCache, FolderContacts, "Recipient Cache", "IPF.Contact.RecipientCache", true, true},
	// Where instant-messaging clients keep their conversations
	// ("conversationhistory"); created by the first client that asks
	// (EWS CreateFolder with a DistinguishedFolderId, [MS-OXWSFOLD]
	// 2.2.4.5 and its product note <2>).
	{FolderConversationHistory, FolderIPMSubtree, "Conversation History", "IPF.Note.Microsoft.Conversation", false, true},
}

// String returns the special folder's English name, or
// "SpecialFolder(n)".
func (k SpecialFolder) String() string {
	for _, s := range SpecialFolders {
		if s.Kind == k {
			return s.Name
		}
	}
	return fmt.Sprintf("SpecialFolder(%d)", uint8(k))
}

// FolderEntryID returns the entry ID of folder fid of the mailbox info
// describes: the Folder EntryID of [MS-OXCDATA] 2.2.4.1 with ProviderUID
// = MailboxGUID, FolderType eitLTPrivateFolder and DatabaseGuid =
// ReplicaGUID (46 bytes, built by mapi.NewFolderEntryID).
func FolderEntryID(info MailboxInfo, fid FID) []byte {
	b, _ := mapi.NewFolderEntryID(info.MailboxGUID, mapi.PrivateFolder, mapi.MakeGID(info.ReplicaGUID, fid.GlobalCounter())).AppendBinary(make([]byte, 0, mapi.FolderEntryIDSize))
	return b
}

// MessageEntryID returns the Message EntryID of [MS-OXCDATA] 2.2.4.2 for
// message mid in folder fid (MessageType eitLTPrivateMessage), 70 bytes.
func MessageEntryID(info MailboxInfo, fid FID, mid MID) []byte {
	e := mapi.NewMessageEntryID(info.MailboxGUID, mapi.PrivateMessage,
		mapi.MakeGID(info.ReplicaGUID, fid.GlobalCounter()), mapi.MakeGID(info.ReplicaGUID, mid.GlobalCounter()))
	b, _ := e.AppendBinary(make([]byte, 0, 70))
	return b
}

// SourceKey returns the source key of folder or message id of the mailbox
// info describes: the XID of ReplicaGUID and the ID's global counter with
// a 6-byte LocalId, 22 bytes ([MS-OXCFXICS] 2.2.1.2.5 PidTagSourceKey).
func SourceKey(info MailboxInfo, id mapi.ID) []byte {
	b, _ := mapi.MakeGID(info.ReplicaGUID, id.GlobalCounter()).XID().AppendBinary(make([]byte, 0, mapi.GIDSize))
	return b
}

// persistData appends a PersistData block of [MS-OXOSFLD] 2.2.5 holding
// one RSF_ELID_ENTRYID element.
func persistData(b []byte, persistID uint16, entryID []byte) []byte {
	b = binary.LittleEndian.AppendUint16(b, persistID)
	b = binary.LittleEndian.AppendUint16(b, uint16(4+len(entryID)))
	b = binary.LittleEndian.AppendUint16(b, 0x0001) // RSF_ELID_ENTRYID
	b = binary.LittleEndian.AppendUint16(b, uint16(len(entryID)))
	return append(b, entryID...)
}

// ProvisionProps returns the properties CreateMailbox sets on special
// folder kind, given the FIDs assigned to every special folder and the
// display names to use (names[k] overrides the English name):
// PidTagDisplayName, PidTagContainerClass ([MS-OXOSFLD] 2.2.8),
// PidTagAttributeHidden for hidden folders, and on the Root and Inbox
// folders the special-folder entry IDs clients look for
// (PidTagIpm{Appointment,Contact,Journal,Note,Task,Drafts}EntryId and
// PidTagRemindersOnlineEntryId, [MS-OXOSFLD] 2.2.3;
// PidTagAdditionalRenEntryIds, 2.2.4; PidTagAdditionalRenEntryIdsEx with
// the RSS Feeds, Conversation Action Settings, Quick Step Settings, Quick
// Contacts and IM Contact List blocks, 2.2.5).
func ProvisionProps(info MailboxInfo, kind SpecialFolder, fids map[SpecialFolder]FID, names map[SpecialFolder]string) []mapi.PropValue {
	var spec SpecialFolderSpec
	for _, s := range SpecialFolders {
		if s.Kind == kind {
			spec = s
		}
	}
	name := spec.Name
	if n := names[kind]; n != "" {
		name = n
	}
	props := []mapi.PropValue{{Tag: mapi.PidTagDisplayName, Value: name}}
	if spec.ContainerClass != "" {
		props = append(props, mapi.PropValue{Tag: mapi.PidTagContainerClass, Value: spec.ContainerClass})
	}
	if spec.Hidden {
		props = append(props, mapi.PropValue{Tag: mapi.PidTagAttributeHidden, Value: true})
	}
	if kind != FolderRoot && kind != FolderInbox {
		return props
	}
	eid := func(k SpecialFolder) []byte {
		if f, ok := fids[k]; ok {
			return FolderEntryID(info, f)
		}
		return nil
	}
	for _, p := range []struct {
		tag  mapi.PropTag
		kind SpecialFolder
	}{
		{mapi.PidTagIpmAppointmentEntryId, FolderCalendar},
		{mapi.PidTagIpmContactEntryId, FolderContacts},
		{mapi.PidTagIpmJournalEntryId, FolderJournal},
		{mapi.PidTagIpmNoteEntryId, FolderNotes},
		{mapi.PidTagIpmTaskEntryId, FolderTasks},
		{mapi.PidTagIpmDraftsEntryId, FolderDrafts},
		{mapi.PidTagRemindersOnlineEntryId, FolderReminders},
	} {
		if e := eid(p.kind); e != nil {
			props = append(props, mapi.PropValue{Tag: p.tag, Value: e})
		}
	}
	ren := [][]byte{eid(FolderConflicts), eid(FolderSyncIssues), eid(FolderLocalFailures), eid(FolderServerFailures), eid(FolderJunk)}
	for i := range ren {
		if ren[i] == nil {
			ren[i] = []byte{}
		}
	}
	props = append(props, mapi.PropValue{Tag: mapi.PidTagAdditionalRenEntryIds, Value: ren})
	var ex []byte
	for _, p := range []struct {
		id   uint16
		kind SpecialFolder
	}{
		{0x8001, FolderRSSFeeds},            // RSF_PID_RSS_SUBSCRIPTION
		{0x8006, FolderConversationActions}, // RSF_PID_CONV_ACTIONS
		{0x8007, FolderQuickSteps},          // RSF_PID_COMBINED_ACTIONS
		{0x800A, FolderIMContactList},       // RSF_PID_BUDDYLIST_PDLS
		{0x800B, FolderQuickContacts},       // RSF_PID_BUDDYLIST_CONTACTS
	} {
		if e := eid(p.kind); e != nil {
			ex = persistData(ex, p.id, e)
		}
	}
	ex = append(ex, 0, 0, 0, 0) // PERSIST_SENTINEL
	props = append(props, mapi.PropValue{Tag: mapi.PidTagAdditionalRenEntryIdsEx, Value: ex})
	return props
}

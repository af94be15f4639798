// Package ews is an Exchange Web Services endpoint: an http.Handler that
// answers SOAP 1.1 requests (POST /EWS/Exchange.asmx) over a store.Store.
// See the end of this comment for what works and what does not yet.
//
// Specifications: [MS-OXWSCORE] (items), [MS-OXWSFOLD] (folders),
// [MS-OXWSSRCH] (FindItem/FindFolder, restrictions, paging),
// [MS-OXWSSYNC] (SyncFolderHierarchy/SyncFolderItems), [MS-OXWSMSG]
// (messages), [MS-OXWSRSLV] (ResolveNames), [MS-OXWSCDATA] (common
// types, response codes), [MS-OXWSXPROP] (extended properties),
// [MS-OXWSUSRCFG] (user configuration), [MS-OXWSATT] (attachments),
// [MS-OXWSNTIF] (notifications), [MS-OXWSOOF] (out of office),
// [MS-OXWAVLS] (availability), [MS-OXWSGTZ] (time zones),
// [MS-OXWSFINDPEOPLE], [MS-OXWSDLIST] (ExpandDL), the Exchange 2016
// schemas (messages.xsd, types.xsd, services.wsdl); items are stored as
// [MS-OXCMSG]/[MS-OXOMSG] messages, [MS-OXOCAL] appointments and
// [MS-OXOCNTC] contacts.
//
// # Wire
//
// Requests are parsed with beevik/etree (ParseRequest): bounded in size
// (Handler.MaxRequestBytes, DefaultMaxRequestBytes) and element depth
// (Handler.MaxDepth, DefaultMaxDepth); DOCTYPE is refused. The headers
// RequestServerVersion, TimeZoneContext, DateTimePrecision and
// ExchangeImpersonation are read; impersonation is accepted and ignored.
// Times the request carries without an offset (calendar Start/End, task
// dates, CalendarView bounds) are taken in the TimeZoneContext zone when
// it names a Windows zone ical/tz knows; restriction constants without an
// offset are taken as UTC. Times are written in UTC with a "Z". Every response carries the
// ServerVersionInfo header (15.1.2507.6, Exchange2016). Responses are
// appended to one pooled buffer, no reflection.
//
// Errors reach the wire in two places: msgError (per response message,
// ResponseClass="Error" with MessageText, ResponseCode and
// DescriptiveLinkKey; store errors are mapped in toError) and writeFault
// (a SOAP fault with faultcode, faultstring and Exchange's detail
// element with e:ResponseCode and e:Message, HTTP 500) for malformed
// requests (ErrorSchemaValidation), unknown or unimplemented operations
// (ErrorInvalidRequest) and bad request-level options. No request gets a
// bare HTTP 500.
//
// IDs: ItemId and FolderId are ObjectID values (base64 of version, kind,
// mailbox GUID, FID and MID); ChangeKey is the base64 of the store's
// change key (XID). A ChangeKey on UpdateItem/UpdateFolder is checked
// (stale → ErrorIrresolvableConflict) unless ConflictResolution is
// AlwaysOverwrite. Sync states are base64 of the store's SyncState, so
// the server keeps no per-client state.
//
// # Operations that work
//
//   - GetFolder, FindFolder (Shallow/Deep, IndexedPageFolderView,
//     FractionalPageFolderView, restrictions on folder:DisplayName,
//     FolderClass, TotalCount, UnreadCount and extended properties),
//     CreateFolder (Folder, CalendarFolder, ContactsFolder, TasksFolder,
//     FolderClass, ExtendedProperty), UpdateFolder (SetFolderField,
//     DeleteFolderField for FolderClass and extended properties),
//     DeleteFolder (HardDelete, SoftDelete, MoveToDeletedItems),
//     EmptyFolder (with DeleteSubFolders), MoveFolder, CopyFolder,
//     SyncFolderHierarchy. Folder shapes IdOnly, Default, AllProperties
//     plus AdditionalProperties (folder: FieldURIs, ExtendedFieldURI by
//     tag, by property set and ID or name).
//   - GetItem, FindItem (IndexedPageItemView, FractionalPageItemView,
//     Traversal Shallow/Associated, Restriction with And, Or, Not,
//     Exists, Excludes, Contains and the six comparisons over common
//     FieldURIs, flag fields such as message:IsRead, and
//     ExtendedFieldURI; SortOrder), CreateItem for messages
//     (MessageDisposition SaveOnly, SendOnly, SendAndSaveCopy,
//     SavedItemFolderId, MimeContent in via oxcmail.Import), UpdateItem
//     (SetItemField, AppendToItemField, DeleteItemField for the message
//     fields below, recipients, extended properties; MessageDisposition
//     SendOnly/SendAndSaveCopy sends the draft), DeleteItem (HardDelete,
//     SoftDelete, MoveToDeletedItems), MoveItem, CopyItem, ArchiveItem
//     (to the primary mailbox's Archive folder),
//     MarkAllItemsAsRead, SyncFolderItems (MaxChangesReturned,
//     IncludesLastItemInRange, ReadFlagChange, Ignore, SyncScope).
//     Item shapes IdOnly, Default, AllProperties, BodyType
//     Best/HTML/Text, IncludeMimeContent (oxcmail.Export),
//     AdditionalProperties. Message fields: ItemId, ParentFolderId,
//     ItemClass, Subject, Sensitivity, Body, DateTimeReceived, Size,
//     Categories, Importance, InReplyTo, IsSubmitted, IsDraft, IsFromMe,
//     IsResend, IsUnmodified, DateTimeSent, DateTimeCreated, DisplayCc,
//     DisplayTo, DisplayBcc, HasAttachments, ExtendedProperty,
//     LastModifiedName, LastModifiedTime, IsAssociated, Sender,
//     ToRecipients, CcRecipients, BccRecipients, IsReadReceiptRequested,
//     IsDeliveryReceiptRequested, ConversationIndex, ConversationTopic,
//     From, InternetMessageId, IsRead, IsResponseRequested, References.
//     Items that are not messages are written as t:Item with the ItemType
//     fields.
//   - Calendar items (t:CalendarItem, IPM.Appointment): CreateItem
//     (saved in the Calendar unless SavedItemFolderId says otherwise),
//     GetItem, UpdateItem, FindItem with CalendarView (overlap with the
//     window, start order, MaxEntriesReturned) and restrictions on
//     calendar:Start/End/Location...; fields Start, End, IsAllDayEvent,
//     LegacyFreeBusyStatus, Location, IsMeeting, IsCancelled,
//     IsRecurring, CalendarItemType (Single, RecurringMaster, Occurrence),
//     Organizer,
//     RequiredAttendees, OptionalAttendees, Resources, and the item
//     fields ReminderIsSet and ReminderMinutesBeforeStart. Times are
//     stored as UTC instants (PidLidAppointmentStartWhole/EndWhole).
//     Recurrence (daily, weekly, absolute/relative monthly and yearly;
//     no end, end date, numbered) is stored as PidLidAppointmentRecur
//     (ical/recur) with the StartTimeZone's Windows ID in
//     PidLidTimeZoneDescription, read back as t:Recurrence, and expanded
//     in CalendarView in the series' time zone (across DST changes).
//     Occurrences get their own ItemIds (series MID + original start) that
//     GetItem answers, as it answers OccurrenceItemId (InstanceIndex) and
//     RecurringMasterItemId; modifying or deleting single occurrences
//     (refused with ErrorInvalidOperation) is not implemented. UpdateItem
//     keeps duration and series times consistent with new Start/End and
//     replaces the recurrence with a new t:Recurrence. No meeting requests are sent
//     (SendMeetingInvitations is ignored).
//   - Contacts (t:Contact, IPM.Contact): CreateItem, GetItem, FindItem,
//     UpdateItem/DeleteItemField (IndexedFieldURI contacts:EmailAddress
//     and contacts:PhoneNumber included), restrictions on contact fields;
//     fields FileAs, DisplayName, GivenName, Initials, MiddleName,
//     Nickname, CompanyName, EmailAddresses (EmailAddress1..3),
//     PhoneNumbers (all keys but BusinessMobile, IPPhone, Mms, Msn),
//     AssistantName, Birthday, BusinessHomePage, Department, Generation,
//     JobTitle, Manager, OfficeLocation, Profession, SpouseName, Surname.
//     PhysicalAddresses, ImAddresses, photos and the remaining fields are
//     not implemented.
//   - Tasks (t:Task, IPM.Task, saved in Tasks by default): ActualWork,
//     BillingInformation, CompleteDate, DueDate, IsComplete, Owner,
//     PercentComplete, StartDate, Status (Completed also sets IsComplete
//     and 100 percent), TotalWork ([MS-OXOTASK] named properties);
//     recurring tasks and task assignment are not implemented.
//   - Response objects ReplyToItem, ReplyAllToItem and ForwardItem in
//     CreateItem (SaveOnly drafts or sent): RE:/FW: subjects, recipients
//     from the original, NewBodyContent above the quoted original text,
//     In-Reply-To/References, forwarded attachments. Sent messages get a
//     Message-ID. Accept/TentativelyAccept/Decline/CancelCalendarItem,
//     SuppressReadReceipt and PostReplyItem are not implemented.
//   - GetAttachment, CreateAttachment (file attachments and message item
//     attachments), DeleteAttachment, and the item:Attachments field
//     (FileAttachment/ItemAttachment with AttachmentId, Name,
//     ContentType, ContentId, Size, LastModifiedTime, IsInline); nested
//     attachments of embedded messages are not addressable yet.
//   - SendItem (SaveItemToFolder, SavedItemFolderId) and ExpandDL
//     (directory lists).
//   - Subscribe (pull and streaming), GetEvents (watermarks,
//     MoreEvents, StatusEvent), GetStreamingEvents (chunked envelopes,
//     heartbeat, ConnectionStatus Closed at ConnectionTimeout),
//     Unsubscribe, fed by store.Notifier. Subscriptions are kept in the
//     Handler's process (bounded by MaxSubscriptions; events per
//     subscription bounded, overflow answers
//     ErrorMissedNotificationEvents). Push subscriptions POST
//     SendNotification to the client's URL (Handler.PushClient) on events
//     and every StatusFrequency minutes, end when the client answers
//     Unsubscribe, and are dropped after 3 failed deliveries (Exchange
//     retries for longer). Handler.Close ends all subscriptions.
//   - GetUserOofSettings and SetUserOofSettings (OofState, ExternalAudience,
//     Duration, InternalReply, ExternalReply) for the caller's mailbox,
//     stored as an IPM.Microsoft.OOF.UserOofSettings associated message in
//     the root folder; no automatic replies are sent yet, and MAPI's
//     PidTagOofState is not kept in step.
//   - GetUserAvailability free/busy (FreeBusy, Detailed, MergedOnly,
//     FreeBusyMerged, DetailedMerged views, MergedFreeBusyIntervalInMinutes)
//     from the attendees' Calendar folders; times without a zone are
//     taken in the request's t:TimeZone base bias (DST rules not applied)
//     and answered in it. Meeting suggestions and working hours are not
//     implemented.
//   - GetServerTimeZones (Ids, ReturnFullTimeZoneData) over a short table
//     of Windows zones (UTC, Western/Central/Eastern Europe, UK, US,
//     India, China, Japan, Australia East) with their current DST rules;
//     the full Windows list is not shipped yet.
//   - FindPeople over the directory (QueryString by ambiguous name
//     resolution, IndexedPageItemView): personas with PersonaId,
//     DisplayName and EmailAddress; contacts folders as a source are not
//     searched yet.
//   - GetUserPhoto (no photos are kept: ErrorItemNotFound, HasChanged
//     false) and GetDelegate (no delegates; AddDelegate, UpdateDelegate,
//     RemoveDelegate are not implemented).
//   - Sending delivers into the Inbox of recipients that have a mailbox
//     in the store (distribution lists expanded) and hands the others to
//     Handler.Sender; without a Sender they are skipped and logged.
//   - ConvertId between EwsId, EwsLegacyId, EntryId, HexEntryId, StoreId
//     and OwaId (the last two use the entry ID's base64; the caller's
//     mailbox only).
//   - ResolveNames over store.Directory (ReturnFullContactData gives a
//     minimal Contact).
//   - Outlook's start-up probes: GetAppManifests (no add-ins),
//     GetAppMarketplaceUrl (none), GetServiceConfiguration (MailTips
//     off), GetUnifiedGroupsSettings (none), GetUserConfiguration (the
//     IPM.Configuration.* FAI message's XmlData and BinaryData; missing
//     ones are ErrorItemNotFound).
//
// # Not implemented yet
//
// Exceptions of recurring series; meeting messages (requests, responses,
// cancellations) and the meeting response objects (Accept, Decline,
// CancelCalendarItem ...); personal distribution lists and posts as their
// own types (CreateItem answers ErrorInvalidOperation for them);
// contact PhysicalAddresses; ContactsView, GroupBy, QueryString and
// SoftDeleted traversal (faults); IndexedFieldURI outside contacts;
// ExportItems, UploadItems; availability suggestions; the
// full time zone list; inbox rules; adding delegates; photos; the
// Dictionary of user configurations; FilterHtmlContent; delegate and
// shared mailbox access (a
// DistinguishedFolderId naming another mailbox is ErrorAccessDenied);
// public folders. Each of these answers a SOAP fault (ErrorInvalidRequest)
// or a per-item error, never a bare 500.
//
// # Limits
//
// Request bodies: Handler.MaxRequestBytes (64 MiB); XML depth:
// Handler.MaxDepth (64); restrictions: 32 levels and 1024 nodes; IDs: 512
// characters; sync states: 4 MiB; FindItem CalendarView and availability:
// 1000 calendar items per folder, 100 mailboxes and 62 days per
// availability request; subscriptions: Handler.MaxSubscriptions (10000),
// 1000 queued events each, 50 events per GetEvents answer.
//
// HTML bodies are decoded from UTF-8, ISO-8859-1 and Windows-1252 only
// (others fall back to Windows-1252); HTML-to-text is a crude tag strip.
package ews

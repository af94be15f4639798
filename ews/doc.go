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
// offset are taken as UTC. Times are written in UTC with a "Z". Every
// response carries the ServerVersionInfo header (15.1.2507.6,
// Exchange2016).
//
// Plain envelopes (UTF-8, ASCII names, the five predefined entities, no
// comments, CDATA, character references or carriage returns) are built
// into the etree tree in one pass (soapfast.go); anything else, including
// every malformed request, goes through etree's own parser, which decides
// and words the error; both paths give the same tree (fuzzed). Responses
// are appended to pooled buffers (apart from request buffers) with
// word-at-a-time escaping, no reflection, and carry Content-Length. Item
// shapes ask the store for each property once.
//
// GetItem reads its items 32 at a time through store.MessageBatchReader
// where the store has it (one read transaction in boltstore, one lock in
// memstore); MimeContent shapes read one whole message at a time, and
// with Attachments in the shape a batch is read without them and each
// message whose PidTagHasAttachments is true is read again by itself, so
// a batch never holds attachment contents. The answers are those of
// reading one message at a time. writeItem visits a per-request list of
// the fields each element type writes (itemshape_plan.go).
//
// Throughput (go run ./bench/ews -d 5s: loopback, the example server on
// boltstore with -gogc 400, 8 connections from one Go load generator on
// the same 2 cores, a bare net/http handler writing a same-size body as
// a process of its own, three rounds of EWS then bare, medians; quiet
// machine): GetItem of 30 items in the Default shape measures
// 0.62-0.64x the bare handler's request rate and FindItem of 100 rows
// 0.66-0.67x (0.16x and 0.19x when this work started); with the bare
// handler inside the load generator (-inproc, sharing its runtime)
// 0.52-0.53x and 0.57-0.58x. Per request the EWS server spends 340-355 us
// and 415-430 us of CPU against the bare handler's 100 and 130 us: a CPU
// ratio of 0.28-0.32, which is what the rate ratio would be if the
// servers rather than the load generator set the pace. In process (go
// test ./ews -run '^$' -bench 'Perf(GetItem30|FindItem100)Bolt'
// -benchmem, GOGC=400) a GetItem of 30 takes about 91-95 us, 133 KB and
// 93 allocations, a FindItem of 100 rows about 96-103 us, 65 KB and 64
// allocations; the Parallel variants run them from 4xGOMAXPROCS
// goroutines. What makes it so: a shape without ExtendedFieldURIs
// resolves its named properties once per mailbox and field set — the
// tags, unmapped names included, and the list of properties to read —
// and reuses them while the store's store.NamedMappingVersioner reports
// the mailbox's mapping unchanged (shapecache.go; a name mapped later by
// delivery or another protocol is seen by the next parse; mailboxes
// without the capability resolve every time; bounded at 1,024 entries);
// other named lookups go through the per-mailbox cache of mapped IDs
// (namedcache.go, never "not mapped"); the tag list is the same for the
// same shape, so the store's column plans are reused; the request parser
// takes attributes and child lists from slabs and skips plain text
// eight bytes at a time; text is escaped 32 bytes per bounds check,
// short values with one overlapping word; message ItemIds encode the
// mailbox's shared head once per request; boltstore reads a batch or a
// page in one transaction through one cursor into a per-call arena,
// decoding only the asked-for properties, and runs queries over an
// existing sort index under its read lock (the write lock only builds
// one); the example server writes its request log line without slog's
// per-record cost. What remains: copying each value out of the database
// into the arena (about 50 KB per GetItem of 30, the largest single
// cost), about 40 elements written per item, the write syscalls, garbage
// collection and the runtime returning memory to the OS.
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
//   - Well-known folders created on first use (wellknown.go), in stores
//     implementing store.SpecialFolderProvisioner (memstore, boltstore):
//     "recipientcache" (Contacts\Recipient Cache, hidden,
//     IPF.Contact.RecipientCache) is created the first time its owner
//     names it, as Exchange creates its default folders; a delegate
//     naming it in a mailbox without one gets ErrorFolderNotFound.
//     "conversationhistory" (Conversation History,
//     IPF.Note.Microsoft.Conversation) answers ErrorFolderNotFound until
//     CreateFolder with t:DistinguishedFolderId conversationhistory in the
//     folder element ([MS-OXWSFOLD] 2.2.4.5, R28402: Exchange 2013 and
//     later) creates it, under msgfolderroot, with the request's
//     DisplayName, FolderClass and extended properties; created again,
//     ErrorFolderExists. Other names there (adminauditlogs,
//     recoverableitemsroot, the rest) answer ErrorInvalidRequest. Both
//     folders answer t:DistinguishedFolderId in folder shapes and cannot
//     be moved or deleted.
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
//     RecurringMasterItemId (single occurrences and meetings: below).
//     UpdateItem keeps duration and series times consistent with new
//     Start/End and replaces the recurrence with a new t:Recurrence.
//   - Meetings ([MS-OXWSMTGS] over [MS-OXOCAL]). CreateItem of a calendar
//     item gives it a PidLidGlobalObjectId (t:UID; a client's t:UID is
//     kept), sequence 0 and MyResponseType Organizer; with
//     SendMeetingInvitations SendOnlyToAll or SendToAllAndSaveCopy an
//     IPM.Schedule.Meeting.Request goes to the attendees (SaveCopy: a copy
//     in Sent Items). UpdateItem with SendMeetingInvitationsOrCancellations
//     bumps PidLidAppointmentSequence and sends a FullUpdate request to
//     the attendees (SendOnlyToChanged, SendToChangedAndSaveCopy: to added
//     attendees only) and cancellations to removed ones; DeleteItem with
//     SendMeetingCancellations cancels an organizer's meeting before
//     deleting it. Recipients with a mailbox in the store get meeting
//     messages as property bags, processed on delivery as Exchange's
//     calendar assistant does (then the Inbox rules run): a request
//     creates or updates a tentative item (NoResponseReceived, Tentative)
//     in the attendee's Calendar and marks earlier requests out of date
//     (IsOutOfDate, Outdated); a cancellation marks the item cancelled
//     (IsCancelled, Free); a response sets PidTagRecipientTrackStatus(Time)
//     of the attendee in the organizer's item (Attendee ResponseType,
//     LastResponseTime). Other recipients get MIME through Handler.Sender
//     with a text/calendar attachment (ical.Export); MimeContent of
//     meeting messages carries it too. Meeting messages are
//     t:MeetingRequest, t:MeetingResponse, t:MeetingCancellation
//     (t:MeetingMessage for other IPM.Schedule.Meeting classes) with the
//     message fields, AssociatedCalendarItemId, IsOutOfDate,
//     HasBeenProcessed, ResponseType, UID, and for requests
//     MeetingRequestType, IntendedFreeBusyStatus and the calendar fields;
//     responses and cancellations Start, End, Location, Recurrence. They
//     update like messages; CreateItem refuses them. Calendar items also
//     answer UID, OriginalStart, MeetingRequestWasSent, MyResponseType,
//     AppointmentReplyTime, AppointmentSequenceNumber, AppointmentState.
//     Response objects in CreateItem (MessageDisposition required,
//     ErrorMessageDispositionRequired otherwise): AcceptItem,
//     TentativelyAcceptItem, DeclineItem on a meeting request, the
//     attendee's calendar item or one occurrence of it set the attendee's
//     response, free/busy and AppointmentReplyTime, send a MeetingResponse
//     to the organizer (SaveOnly: left in Drafts), move the request (and a
//     declined meeting) to Deleted Items; a declined occurrence is deleted,
//     an accepted one becomes an exception. CancelCalendarItem (organizer
//     only, ErrorCalendarIsNotOrganizer) cancels the meeting, or one
//     occurrence; RemoveItem on a cancellation removes the attendee's item
//     and the cancellation. The organizer cannot answer her own meeting
//     (ErrorCalendarIsOrganizerForAccept). Not implemented: resource
//     booking (occurrence meetings, counter proposals and conflicts:
//     below).
//   - Meetings for single occurrences, counter proposals, conflicts
//     (meetings2.go, meetings2_conflicts.go; [MS-OXOCAL] 2.2.1.27,
//     2.2.4.6, 2.2.4.7, 2.2.4.10.4-6, 2.2.7.3-6, 3.1.4.6.3, 3.1.5.2 ff.).
//     UpdateItem of one occurrence of an organizer's series with
//     SendMeetingInvitationsOrCancellations sends a request for that
//     occurrence only: PidLidGlobalObjectId with the instance date
//     (PidLidCleanGlobalObjectId the series'), PidLidExceptionReplaceTime,
//     PidLidIsException, PidLidRecurring false, no recurrence, the series'
//     sequence (bumped); MeetingRequestType FullUpdate once the series was
//     sent. t:MeetingRequest answers IsRecurring false, RecurrenceId (the
//     original start), the series' UID and the attendee's answer for that
//     occurrence (MyResponseType, ResponseType). DeleteItem of an
//     occurrence with SendMeetingCancellations and CancelCalendarItem on an
//     occurrence send a cancellation of that occurrence; remote attendees
//     get both as iMIP with RECURRENCE-ID. The calendar assistant applies
//     an occurrence's request as an exception of the attendee's series
//     (subject, location, body, times; her answer stands when the times
//     did not change, else NoResponseReceived and Tentative; an older
//     sequence changes nothing) or, without the series, as a single item
//     per instance; an occurrence's cancellation deletes that occurrence
//     (or marks the single item cancelled). An answer for one occurrence
//     sets the attendee's ResponseType/LastResponseTime in the recipient
//     table of the organizer's exception (created, with the occurrence's
//     values, when there is none): GetItem of that occurrence shows it,
//     the series keeps its own tracking, later changes of the exception
//     keep it. Counter proposals: ProposedStart/ProposedEnd on AcceptItem,
//     TentativelyAcceptItem, DeclineItem (both needed, else
//     ErrorInvalidOperation; end before start:
//     ErrorCalendarEndDateIsEarlierThanStartDate) give the response
//     ("New Time Proposed: ") PidLidAppointmentProposedStartWhole/EndWhole/
//     Duration and PidLidAppointmentCounterProposal; GetItem answers
//     meeting:ProposedStart/ProposedEnd; the organizer's item (or
//     exception) records them on the attendee's row
//     (PidTagRecipientProposed/StartTime/EndTime, Attendee
//     ProposedStart/ProposedEnd) with PidLidAppointmentCounterProposal and
//     PidLidAppointmentProposalNumber; her next sent update settles them.
//     GetItem of calendar items and meeting requests computes
//     ConflictingMeetingCount, AdjacentMeetingCount, ConflictingMeetings,
//     AdjacentMeetings from the caller's Calendar (overlapping items;
//     items ending at its start or starting at its end; free and cancelled
//     items, the item itself and a request's own calendar item left out;
//     occurrences and exceptions of series included) as t:CalendarItem with
//     ItemId, Subject, Start, End, LegacyFreeBusyStatus, Location, at most
//     100 of each; FindItem leaves them out. DeleteItem of a calendar item
//     or occurrence without SendMeetingCancellations is
//     ErrorSendMeetingCancellationsRequired (QUIRK: not for another user's
//     mailbox under delegate access, whose access checks come first).
//     UpdateItem of one occurrence with SendOnlyToChanged or
//     SendToChangedAndSaveCopy saves the exception and sends nothing:
//     only added or removed attendees are told ([MS-OXWSMTGS] 2.2.5.3),
//     and an occurrence keeps the series' attendees. Not implemented: an
//     occurrence's request answers CalendarItemType Single;
//     the ProposeNewTime response object, iMIP DECLINECOUNTER (an iMIP
//     COUNTER from a remote attendee is recorded as her proposal, and a
//     local attendee's proposal to a remote organizer leaves as one,
//     its DTSTART/DTEND the proposed times);
//     AllowNewTimeProposal false (PidLidAppointmentNotAllowPropose) is not
//     enforced; proposals are accepted under any RequestServerVersion
//     (Exchange from Exchange2013_SP1).
//   - Calendar assistant (calassist.go; [MS-OXOCAL] 3.1.5.1 ff.,
//     [MS-OXODLGT] 3.1.4.2, [MS-OXORULE] 3.2.5.1 OP_DELEGATE).
//     Handler.ProcessMeeting(ctx, mb, fid, mid) processes a meeting
//     message an embedder delivered itself (the example server calls it
//     for SMTP/LMTP mail after the commit and before the Inbox rules;
//     iMIP text/calendar parts become meeting messages through
//     ical/mailhook); this handler's own local delivery runs the same
//     code. A request creates or updates the recipient's tentative
//     calendar item (recurrence included) and outdates earlier requests;
//     requests without PidLidMeetingType (iMIP) are classified as
//     NewMeetingRequest, FullUpdate, or Outdated when the calendar item
//     already has a higher sequence (a late request changes nothing); a
//     cancellation marks the item cancelled and Free; a response (iMIP
//     REPLY from an external attendee too) updates the organizer's
//     attendee tracking (for one occurrence: in its exception; counter
//     proposals recorded). Accepting, tentatively accepting or declining
//     an externally organized meeting sends an iMIP REPLY through
//     Handler.Sender. Delegates with ReceiveCopiesOfMeetingMessages get a
//     copy of the delegator's meeting messages in their Inbox
//     (PidTagReceivedRepresenting* naming the delegator,
//     PidTagDelegatedByRule), not processed in their own calendar; its
//     AssociatedCalendarItemId is the delegator's calendar item when the
//     delegate may read her Calendar, and a delegate with edit rights
//     there answers it for the delegator (her item takes the answer, the
//     response leaves on the delegator's behalf: Sender the delegate,
//     copy in the delegate's Sent Items). DeliverMeetingRequests
//     DelegatesOnly moves the delegator's copy to Deleted Items; the
//     others keep it, flagged mtgDelegatorCopy. Not implemented:
//     informational-only copies for DelegatesAndSendInformationToMe,
//     cancelling or removing for the delegator, HasBeenProcessed on a
//     delegate's copy.
//   - Core behaviour real clients rely on (exchangelib 4.9 and
//     ews-javascript-api 0.15.3, interop/ews/exchangelib_core.py and
//     ewsjs_core.js). CreateItem keeps a new item's t:Attachments (file and
//     message item attachments, sent and delivered with the message) and
//     answers their AttachmentIds with RootItemId/RootItemChangeKey, so
//     clients that create missing attachments afterwards do not add them
//     twice; CreateAttachment does not check the ParentItemId's ChangeKey
//     (QUIRK: exchangelib does not refresh it after DeleteAttachment). An
//     UpdateItem that sets only message:IsRead is a read-state change
//     (Mailbox.SetReadFlags): the ChangeKey stays, SyncFolderItems reports
//     ReadFlagChange, subscriptions get ModifiedEvent; a stale ChangeKey
//     is still refused. Calendar items answer calendar:StartTimeZone and
//     calendar:EndTimeZone (AllProperties and AdditionalProperties, not
//     Default) as full TimeZoneDefinitionType elements with the zone's
//     current rule, from the Windows ID kept in PidLidTimeZoneDescription;
//     EndTimeZone is the start zone, items created without a zone answer
//     none, and StartTimeZoneId/EndTimeZoneId/MeetingTimeZone are not
//     written. GetStreamingEvents writes each envelope as an unprefixed
//     <Envelope> in the SOAP namespace without an XML declaration (QUIRK:
//     ews-javascript-api finds envelopes in the stream by that text).
//     The delivered copy of a sent attachment travels as MIME, so an
//     attachment a text body does not reference loses IsInline and an
//     attached message is named by its subject.
//   - Single occurrences. UpdateItem on an occurrence (its ItemId or an
//     OccurrenceItemId) makes an exception as [MS-OXOCAL] stores them: the
//     original date in DeletedInstanceDates, the new date in
//     ModifiedInstanceDates, an ExceptionInfo/ExtendedException with
//     subject, location, busy and reminder overrides, and a hidden
//     exception attachment whose embedded message holds every property
//     (body included); Subject, Body, Start, End, Location,
//     LegacyFreeBusyStatus, ReminderIsSet, ReminderMinutesBeforeStart,
//     Sensitivity, Importance, Categories and IsAllDayEvent can be set,
//     other calendar: fields are ignored, anything else is
//     ErrorInvalidPropertyForOperation; moving an occurrence onto or past
//     a neighbour's day is ErrorOccurrenceCrossingBoundary; at most 1000
//     exceptions per series. DeleteItem of an occurrence adds a deleted
//     instance (an exception is removed with its attachment). The answer
//     carries the occurrence's ItemId. CalendarView shows exceptions as
//     CalendarItemType Exception with their times, subject, location and
//     busy status; GetItem of an exception answers its own fields and
//     body; the master answers ModifiedOccurrences, DeletedOccurrences,
//     FirstOccurrence and LastOccurrence (none without an end).
//     OccurrenceItemId's InstanceIndex counts the pattern's instances
//     (deleted and modified ones keep their place). MoveItem/CopyItem of an
//     occurrence is ErrorCalendarCannotMoveOrCopyOccurrence.
//   - Contacts (t:Contact, IPM.Contact): CreateItem, GetItem, FindItem,
//     UpdateItem/DeleteItemField (IndexedFieldURI contacts:EmailAddress
//     and contacts:PhoneNumber included), restrictions on contact fields;
//     fields FileAs, DisplayName, GivenName, Initials, MiddleName,
//     Nickname, CompanyName, EmailAddresses (EmailAddress1..3),
//     PhoneNumbers (all keys but BusinessMobile, IPPhone, Mms, Msn),
//     AssistantName, Birthday, BusinessHomePage, Department, Generation,
//     JobTitle, Manager, OfficeLocation, Profession, SpouseName, Surname;
//     more contact fields, distribution lists and posts below.
//   - Contacts also have PhysicalAddresses (Business/Home/Other; Street,
//     City, State, CountryOrRegion, PostalCode), PostalAddressIndex,
//     ImAddresses, Children, Companies, Mileage, WeddingAnniversary, the
//     phone keys BusinessMobile/IPPhone/Mms/Msn (with ImAddress2/3 in
//     string-named PSETID_Address properties, QUIRK), and read-only
//     CompleteName, HasPicture and ContactSource: CreateItem, GetItem,
//     UpdateItem with IndexedFieldURI, DeleteItemField, restrictions and
//     sort orders (not on Children, Companies or PostalAddressIndex).
//     FindItem ContactsView selects InitialName..FinalName on FileAs
//     (inclusive), in FileAs order, with MaxEntriesReturned. Within one
//     ItemChange, changes apply in request order.
//   - Contacts, round 2 (contacts3.go): FileAsMapping (all
//     FileAsMappingType values) as PidLidFileUnderId, with FileAs
//     (PidLidFileUnder) formatted per [MS-OXOCNTC] 2.2.1.1.12 on
//     CreateItem and again whenever UpdateItem changes DisplayName,
//     GivenName, MiddleName, Surname, Generation, CompanyName or the
//     mapping; a new FileAs without a mapping makes it user-defined
//     (FileAsMapping None), the current FileAs sent back changes nothing.
//     From Exchange2010_SP2: PhoneticFirstName/PhoneticLastName
//     (PidLidYomiFirstName/LastName), PhoneticFullName (the two, read-only),
//     Alias (PidTagAccount), Notes (the text body, read-only), Photo (the
//     contact photo, GetItem only), UserSMIMECertificate
//     (PidTagUserX509Certificate), MSExchangeCertificate
//     (PidTagAddressBookX509Certificate); from Exchange2016: Gender
//     (PidTagGender). DeleteItemField and restrictions on them; writing
//     Notes or Photo is ErrorInvalidPropertyRequest, as in Exchange.
//     ResolveNames ReturnFullContactData adds Alias and DirectoryId. Not
//     implemented (no property on a store contact): DirectoryId,
//     ManagerMailbox, DirectReports on store contacts, AccountName and the
//     other Exchange 2016/Online fields (IsAutoUpdateDisabled ...
//     HidePresenceAndProfile and after).
//   - Contact photos ([MS-OXOCNTC] 2.2.1.8): a FileAttachment with
//     IsContactPhoto (CreateAttachment, or CreateItem Attachments) is
//     marked PidTagAttachmentContactPhoto and sets PidLidHasPicture;
//     deleting the last one clears it; IsContactPhoto is shown; a vCard
//     PHOTO (MimeContent) is the photo both ways.
//   - Personal distribution lists (t:DistributionList, IPM.DistList, saved
//     in Contacts by default; distlist.go): DisplayName, FileAs, Members:
//     addresses as One-Off EntryIDs, contacts and other personal lists
//     given by ItemId as WrappedEntryIds ([MS-OXOCNTC] 2.2.2.2.4.1.1) in
//     PidLidDistributionListMembers, with
//     PidLidDistributionListOneOffMembers and a CRC-32 checksum; GetItem
//     shows MailboxType OneOff/Contact/PrivateDL with ItemIds; UpdateItem
//     Set/AppendToItemField of distributionlist:Members; ExpandDL by the
//     list's ItemId (nested lists are not expanded). Lists over 15,000
//     bytes of members are refused; PidLidDistributionListStream is not
//     written.
//   - Posts (t:PostItem, IPM.Post; postitem.go) are saved, never sent,
//     with From/Sender, PostedTime, ConversationTopic and
//     ConversationIndex; PostReplyItem saves "RE: topic" beside the
//     original with NewBodyContent above the original text, the
//     conversation index extended by one block, and In-Reply-
//     To/References.
//   - MimeContent of calendar items, tasks and contacts is iCalendar/vCard
//     as in Exchange (mimecal.go): GetItem IncludeMimeContent on a
//     t:CalendarItem returns a VCALENDAR with the VTIMEZONE of its zone
//     (from its TZDEFINITION, or built from the StartTimeZone's Windows
//     ID), the VEVENT with RRULE and one VEVENT per exception, attendees
//     and VALARM; a t:Task's is a VTODO, a t:Contact's a vCard 3.0;
//     meeting messages are MIME with their iCalendar as a text/calendar
//     part; appointments without an iCalendar form fall back to MIME.
//     CreateItem with MimeContent on CalendarItem/Task/Contact imports it
//     (ical.Import: TZID/VTIMEZONE, floating times in the TimeZoneContext
//     zone, UID to PidLidGlobalObjectId, RRULE, RECURRENCE-ID exceptions
//     as exception attachments, attendees, alarms; vcard.Import), elements
//     after MimeContent overriding it; the zone is kept as its Windows ID.
//     UpdateItem SetItemField item:MimeContent replaces a calendar item's
//     content (attendees and exception attachments replaced, stale
//     recurrence/location/zone/categories/body removed); on contacts it
//     sets what the vCard carries; messages' MimeContent stays read-only.
//   - Folders return PidTagLocalCommitTimeMax (ExtendedFieldURI 0x670A,
//     DavMail's CalDAV/CardDAV ctag) from the store, written with
//     milliseconds (QUIRK); 0x6751, 0x6752 and 0x10F3 are not kept and are
//     left out.
//   - Tasks (t:Task, IPM.Task, saved in Tasks by default, whatever the
//     MessageDisposition): ActualWork, BillingInformation, CompleteDate,
//     DueDate, IsComplete, Owner, PercentComplete, StartDate, Status
//     (Completed also sets IsComplete and 100 percent), TotalWork
//     ([MS-OXOTASK] named properties). Recurring tasks (taskrecur.go,
//     ical/recur task.go): task:Recurrence takes every pattern of
//     [MS-OXWSTASK] 2.2.7.1 (the six calendar patterns and Daily, Weekly,
//     Monthly and YearlyRegeneration) and the NoEnd, EndDate and Numbered
//     ranges, stored as PidLidTaskRecurrence (SlidingFlag set for
//     regeneration) with PidLidTaskFRecurring and
//     PidLidTaskDeadOccurrence; IsRecurring is read-only. On CreateItem
//     the range start moves to the first occurrence, the StartDate
//     follows it and the DueDate follows the StartDate (without a
//     StartDate only the DueDate is set); range dates are written with
//     the zone offset, as Exchange does (QUIRK: exchangelib reads task
//     range dates only in that form); task dates are local midnights in
//     the TimeZoneContext. Completing the current occurrence (Status
//     Completed, PercentComplete 100 or IsComplete), or moving the
//     StartDate/DueDate of a non-regenerating series, keeps the
//     occurrence as a completed (or moved) one-off task, which UpdateItem
//     answers, and moves the series, under its own ID, to the next
//     occurrence, not started, with its reminder moved; a regenerating
//     series moves to the interval after the completion day; the last
//     occurrence completes in place. DeleteItem needs
//     AffectedTaskOccurrences on tasks (ErrorAffectedTaskOccurrencesRequired
//     otherwise): AllOccurrences deletes the series,
//     SpecifiedOccurrenceOnly skips the current occurrence (on the last
//     one it deletes the task). DeleteItemField task:Recurrence makes the
//     task single. MimeContent: a VTODO carries an RRULE both ways,
//     except regenerating patterns, which have no iCalendar form. Task
//     assignment is not possible through EWS, as in Exchange: SendItem of
//     a task, or UpdateItem with a sending MessageDisposition, answers
//     ErrorInvalidItemForOperationSendItem; updating the assigner's copy
//     of an assigned task (PidLidTaskState 3) answers
//     ErrorSentTaskRequestUpdate; task requests are shown as t:Item. Not
//     kept: task Companies, Contacts and Mileage (deleting them is
//     accepted, as exchangelib's save sends those deletes); ReminderDueBy
//     is not parsed on tasks.
//   - Response objects ReplyToItem, ReplyAllToItem and ForwardItem in
//     CreateItem (SaveOnly drafts or sent): RE:/FW: subjects, recipients
//     from the original, NewBodyContent above the quoted original text,
//     In-Reply-To/References, forwarded attachments. Sent messages get a
//     Message-ID. The meeting response objects are described above.
//   - item:ResponseObjects (GetItem's Default and AllProperties shapes,
//     not FindItem, as in Exchange; responseobjects.go) lists the
//     response objects CreateItem takes for the item: ReplyToItem,
//     ReplyAllToItem, ForwardItem for messages and meeting messages
//     (ForwardItem only for drafts), SuppressReadReceipt while a read
//     receipt is owed, AcceptItem/TentativelyAcceptItem/DeclineItem for
//     meeting requests and an attendee's calendar items,
//     CancelCalendarItem for an organizer's, RemoveItem for
//     cancellations, PostReplyItem for posts, ForwardItem for contacts,
//     lists, tasks and appointments. item:EffectiveRights
//     (AllProperties) on items: everything but the Create rights in the
//     caller's own mailbox; under delegate access Read, Modify and Delete
//     as the folder's permissions allow on that item (own items for the
//     Owned levels) and ViewPrivateItems as the delegate flag says.
//   - Read receipts ([MS-OXOMSG] PidTagReadReceiptRequested,
//     [MS-OXCMSG] 2.2.1.6 mfNotifyRead; RFC 8098; readreceipt.go). A
//     message delivered with Disposition-Notification-To owes a read
//     receipt (MarkReceiptPending, called by the Handler's local
//     deliveries and the example server's SMTP delivery). When it becomes
//     read through UpdateItem (message:IsRead) or MarkAllItemsAsRead, the
//     mailbox sends one REPORT.<class>.IPNRN "Read: <subject>" from its
//     owner to the address asked for (else the sender), as an RFC 8098
//     MDN with a null envelope sender, delivered locally or through
//     Handler.Sender; then mfNotifyRead is cleared, so a message answers
//     once. UpdateItem SuppressReadReceipts="true", MarkAllItemsAsRead
//     SuppressReadReceipts true and the SuppressReadReceipt response
//     object (which leaves the read state alone) drop it unsent. A
//     receipt that cannot be sent is logged and stays owed; the read
//     change succeeds either way. Incoming MDNs import as
//     REPORT.IPM.Note.IPNRN (displayed) or IPNNRN (oxcmail). DeleteItem
//     (HardDelete, SoftDelete; not MoveToDeletedItems, which keeps the
//     message) of an unread message that owes a receipt sends a non-read
//     receipt (REPORT.<class>.IPNNRN "Not read: <subject>", disposition
//     "deleted") unless SuppressReadReceipts="true". EmptyFolder sends
//     none.
//   - GetAttachment, CreateAttachment (file attachments and message item
//     attachments), DeleteAttachment, and the item:Attachments field
//     (FileAttachment/ItemAttachment with AttachmentId, Name,
//     ContentType, ContentId, Size, LastModifiedTime, IsInline). GetAttachment
//     of an ItemAttachment answers the embedded item with its own
//     t:Attachments, whose IDs carry the path from the top-level
//     attachment (nested.go): GetAttachment opens them, down to
//     MaxNestedAttachments (7) levels below the top-level attachment (a
//     message deeper than that is answered without its attachments);
//     DeleteAttachment of a nested one answers ErrorCannotDeleteObject
//     (replace the item attachment instead).
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
//     the root folder (automatic replies: below); PidTagOutOfOfficeState
//     is kept in step (below).
//   - GetMailTips ([MS-OXWMT] 3.1.4.1; mailtips.go):
//     GetServiceConfiguration answers MailTips on (50 recipients per
//     request, LargeAudienceThreshold 25, the caller's domain internal,
//     MaxMessageSize from Handler.MaxMessageSize), and per recipient
//     GetMailTips answers the tips asked for: OutOfOfficeMessage (a
//     user's InternalReply while her OOF is on, with the Duration of a
//     scheduled one; otherwise an empty ReplyBody), MailboxFullStatus
//     (ProhibitReceive quota reached), TotalMemberCount and
//     ExternalMemberCount (a list's members after nested lists are
//     expanded once each), MaxMessageSize, DeliveryRestriction and
//     ModerationStatus (false), InvalidRecipient (an address of the
//     caller's domain without a directory entry). No CustomMailTip, Scope
//     or RecipientSuggestions; PendingMailTips is always empty. QUIRK:
//     exchangelib 4.9 writes the requested types as GetMailTips' own text
//     without MailTipsRequested; that is accepted.
//   - GetRoomLists and GetRooms ([MS-OXWSGTRM]; rooms.go): the directory's room lists
//     (store.DirectoryEntry.RoomList) in display-name order, and the
//     members of one marked as rooms (DirectoryEntry.Room); a RoomList
//     that is not one answers ErrorNameResolutionNoResults. The example
//     server declares them with -rooms.
//   - Resource booking (booking.go), as Exchange's booking assistant
//     with AutomateProcessing AutoAccept and its defaults: a meeting
//     request delivered to a room's mailbox is accepted (AcceptItem as
//     the room, SendAndSaveCopy: the organizer's tracking records it)
//     when none of its instances from now to BookingWindow (180 days)
//     ahead — at most 500 of a series — overlaps another busy item of
//     the room's Calendar, and declined otherwise, the decline's body
//     naming the meeting in the way and when; a meeting starting beyond
//     the window is declined. It happens at delivery (the calendar
//     assistant), not in the background. Not implemented: the other
//     booking policies (conflict percentage, maximum duration, working
//     hours, delegates approving, in-policy users) and declining series
//     that reach past the window.
//   - GetUserAvailability free/busy (FreeBusy, Detailed, MergedOnly,
//     FreeBusyMerged, DetailedMerged views,
//     MergedFreeBusyIntervalInMinutes) from the attendees' Calendar
//     folders; times without a zone are taken in the request's t:TimeZone
//     with its daylight-saving rule (the Year of a one-time rule is
//     ignored) and answered in it; recurring series are expanded
//     (IsRecurring). WorkingHours come from the Calendar folder's
//     IPM.Configuration.WorkHours (default 08:00-17:00 Monday-Friday,
//     UTC). SuggestionsViewOptions gives meeting suggestions every 30
//     minutes; quality depends on the share of attendees not free (none
//     Excellent, at most GoodThreshold percent Good, at most 50 percent
//     Fair, otherwise Poor); MinimumSuggestionQuality, MaximumResultsByDay
//     and MaximumNonWorkHourResultsByDay apply; IsWorkTime is judged
//     against the caller's working hours; DayQuality is the best work-time
//     quality of the day; ExcludeConflicts and GlobalObjectId (the meeting
//     being rescheduled) are honoured. Limit: 42 days.
//   - GetServerTimeZones (Ids, ReturnFullTimeZoneData) lists all 139
//     Windows zones that CLDR maps, with Windows display names (generated:
//     ews/internal/gentzlist); each zone's rule for the current year comes
//     from Go's zone database (embedded time/tzdata). Only one transitions
//     group is written; older rules are not.
//   - FindPeople searches the directory or a contacts folder (QueryString
//     words match the start of a name, company or e-mail address; ordered
//     by display name; IndexedPageItemView); GetPersona answers contact
//     and directory personas and lookups by EmailAddress. Restriction and
//     SortOrder over persona:DisplayName, DisplayNameFirstLast,
//     DisplayNameLastFirst, FileAs, GivenName, Surname, CompanyName,
//     EmailAddress, EmailAddresses and PersonaType apply to what was found,
//     before paging (people2.go; other paths: ErrorUnsupportedPathForQuery,
//     ErrorUnsupportedPathForSortGroup). AggregationRestriction and extra
//     PersonaShape properties are not implemented.
//   - FindItem QueryString (a subset of Advanced Query Syntax, turned into
//     restrictions): free words and "phrases" over subject, body, sender
//     and recipients (a word matches the start of any word, ignoring case;
//     no stemming); subject:, body:, from:, to:, cc:, bcc:, participants:,
//     attachment:, hasattachment(s):, category:, kind: (email, meetings,
//     contacts, tasks, notes, posts), importance:, isread:/read:, size:
//     (comparisons, ranges, KB/MB), received: and sent: (days,
//     comparisons, ranges a..b, today/yesterday/this or last
//     week/month/year, in the TimeZoneContext zone); AND, OR, NOT, a
//     leading "-", parentheses. ReturnHighlightTerms returns the terms
//     searched for; ResetCache and ReturnDeletedItems have no effect.
//     Anything else (other properties, prop:(a OR b), NEAR, wildcards
//     inside words) gets a per-folder ErrorInvalidRequest naming it
//     (QUIRK: not a fault, which exchangelib would take for a version
//     mismatch). Limits: 4096 bytes, 64 terms, nesting depth 16.
//   - FindItem GroupBy (FieldURI, IndexedFieldURI or ExtendedFieldURI;
//     AggregateOn Minimum/Maximum; ItemsPerGroup) and DistinguishedGroupBy
//     ConversationTopic (items without a topic use their subject minus a
//     "RE:"-style prefix; groups ordered by their latest
//     DateTimeReceived). Paging and TotalItemsInView count items;
//     GroupIndex is the group's value. UseCollapsibleGroups is accepted
//     and ignored; at most 10000 items per folder
//     (ErrorExceededFindCountLimit). Exchange2013 and later requests get
//     t:GroupSummary: GroupCount and UnreadCount over the whole group (not
//     only the page), InstanceKey (8 bytes, FNV-1a of the group value:
//     stable across requests and pages, not Exchange's key), GroupByValue
//     (as GroupIndex); Exchange2007/2010 requests get none.
//   - Soft deletes. FindItem Traversal SoftDeleted lists the items
//     DeleteItem or EmptyFolder soft-deleted from a folder
//     (store.SoftDeletedTables). Stores implementing
//     store.SoftDeletedFolders (memstore, boltstore: 1000 per parent by
//     Options.MaxSoftDeleted) keep folders removed by DeleteFolder
//     SoftDelete or EmptyFolder SoftDelete with DeleteSubFolders, with
//     their subtree and items: FindFolder Traversal SoftDeleted lists them
//     under the folder they left (Restriction, paging; their FolderIds;
//     ChildFolderCount counts the subfolders deleted with them; TotalCount
//     and UnreadCount as when deleted), and their subfolders under their
//     own ID; FindItem SoftDeleted of that ID lists their items. With
//     store.SoftDeletedReader, GetItem opens soft-deleted items and
//     GetFolder soft-deleted folders by ID (caller's own mailbox;
//     ParentFolderId is the folder it left; no PermissionSet).
//     Hard-deleting a folder purges what it retained. Soft-deleted items
//     are recovered through the Recoverable Items folders (below); nothing
//     restores a soft-deleted folder, FindFolder SoftDeleted of another
//     user's mailbox is ErrorAccessDenied, and other stores get
//     ErrorInvalidOperation.
//   - Recoverable Items (recover.go). With a store implementing
//     store.SoftDeletedRestorer (memstore, boltstore) the
//     DistinguishedFolderId names recoverableitemsroot,
//     recoverableitemsdeletions, recoverableitemsversions,
//     recoverableitemspurges and recoverableitemsdiscoveryholds resolve,
//     in the caller's own mailbox, to virtual folders with fixed FolderIds
//     and ChangeKeys: "Recoverable Items" (ParentFolderId root, no
//     FolderClass, ChildFolderCount 4) and its Deletions, Versions, Purges
//     and DiscoveryHolds. They are a view of the retained soft-deleted
//     messages, not store folders; FindFolder of root does not list them.
//     GetFolder (EffectiveRights read and delete; no PermissionSet or
//     extended properties) and FindFolder Shallow/Deep under the root
//     (Restriction, paging) work. FindItem in Deletions lists every
//     retained soft-deleted message of the mailbox, those of soft-deleted
//     folders included (Restriction, QueryString, SortOrder, GroupBy,
//     paging, CalendarView; TotalCount and UnreadCount count them); the
//     items carry ParentFolderId Deletions and GetItem opens them.
//     Versions, Purges and DiscoveryHolds are always empty (no versions are
//     kept, a hard delete is gone, there are no holds), as are Associated
//     and SoftDeleted traversals. MoveItem of such an item into a mailbox
//     folder restores it (a new ItemId; SyncFolderItems and subscriptions
//     see a create); CopyItem restores a copy and keeps it recoverable;
//     DeleteItem HardDelete or SoftDelete purges it (Exchange moves a
//     SoftDelete to Purges; oxkit keeps none); MoveToDeletedItems restores
//     it to Deleted Items; EmptyFolder of Deletions purges (HardDelete,
//     SoftDelete) or restores to Deleted Items (MoveToDeletedItems)
//     everything. MoveItem of a live item into Deletions soft-deletes it.
//     Refused: CreateItem, CreateFolder, UpdateFolder, CopyFolder,
//     Subscribe and other operations naming them (ErrorAccessDenied),
//     DeleteFolder (ErrorDeleteDistinguishedFolder), MoveFolder
//     (ErrorMoveDistinguishedFolder), SyncFolderItems and
//     SyncFolderHierarchy (ErrorInvalidOperation), CopyItem into them and
//     MoveItem into Versions, Purges or DiscoveryHolds
//     (ErrorAccessDenied), EmptyFolder of the root with DeleteSubFolders
//     (ErrorDeleteDistinguishedFolder). UpdateItem of a recoverable item is
//     ErrorItemNotFound (UpdateItemInRecoverableItems is not implemented).
//     Another user's Recoverable Items are ErrorAccessDenied (delegates
//     never see them). Soft-deleted folders cannot be restored, only their
//     items. Stores without the capability answer ErrorFolderNotFound for
//     the names, as do the archive* names (there is no archive mailbox).
//   - Item shapes: item:InternetMessageHeaders and
//     item:InternetMessageHeader by name (only items that came in as MIME
//     have transport headers; restrictions on a header work for X- headers
//     and Subject, Message-ID, In-Reply-To, References, To, Cc, Date);
//     item:UniqueBody, item:NormalizedBody (NormalizedBodyType),
//     item:TextBody; FilterHtmlContent removes script, frames, objects,
//     event handlers, script URLs and unsafe styles from HTML bodies
//     (golang.org/x/net/html).
//   - Bodies. HTML bodies are decoded from the code page they arrived in
//     (PidTagInternetCodepage: any charset golang.org/x/text's htmlindex
//     knows, Windows, ISO-8859, KOI8, Shift_JIS, EUC-JP, ISO-2022-JP, GBK,
//     GB18030, Big5, EUC-KR, UTF-16); a byte order mark wins; bytes that are
//     not UTF-8 under a UTF-8, ASCII, missing or unknown code page follow
//     the document's <meta charset>/<meta http-equiv> (first 1024 bytes),
//     else Windows-1252; invalid sequences become U+FFFD (htmlcharset.go).
//     The text of HTML-only items (BodyType Text, item:TextBody,
//     NormalizedBody, the quoted text of replies) is rendered over the
//     golang.org/x/net/html token stream (html2text.go): white space
//     collapsed as browsers do (kept in <pre>), blocks on their own lines,
//     paragraphs, headings, lists, tables and quotes set off by a blank
//     line, <br> breaks, "* "/"1. " list markers indented when nested,
//     links "text <url>" (not when the text is the address, nor for #,
//     javascript:, cid:, data:), a table row per line with tab-separated
//     cells, block quotes prefixed "> " (16 levels at most), images as
//     "[alt]", entities decoded, script, style, title, iframe, object and
//     svg dropped, CRLF line ends. item:UniqueBody leaves out the quoted
//     earlier messages (uniquebody.go): in text, from an "-----Original
//     Message-----" line (and its German, French, Spanish, Italian, Dutch,
//     Portuguese forms, "Forwarded message"), Outlook's underscore rule or
//     From:/Sent:/Subject: block, an "On … wrote:" line (also wrapped, and
//     six translations) or a tail of ">" lines; in HTML, from Outlook's
//     #appendonsend, #divRplyFwdMsg, border-top header block,
//     #OLK_SRC_BODY_SECTION or #ms-outlook-mobile-reference-message,
//     Gmail's .gmail_quote, Yahoo's .yahoo_quoted, Proton's
//     .protonmail_quote, Thunderbird's .moz-cite-prefix, blockquote
//     type="cite" (Apple Mail, Thunderbird) or an "Original Message"
//     paragraph, to the end of the document, re-rendered well formed with
//     trailing empty lines trimmed. It reads the body alone, not the other
//     messages of the conversation (quotes without these markers stay);
//     a body that would become empty (a bare forward) is kept whole.
//   - GetUserPhoto (photo.go), SOAP and REST (GET
//     /EWS/Exchange.asmx/s/GetUserPhoto?email=&size=): the user's mailbox
//     photo (associated IPM.UserPhoto message in the root folder,
//     PidTagThumbnailPhoto; SetMailboxPhoto writes it), else Handler.Photos
//     or the Store as store.PhotoSource (the example server: -photos DIR,
//     files <address>.jpg/.png); scaled down to SizeRequested
//     (aspect kept, JPEG/PNG kept, standard library; photos over
//     MaxPhotoPixels sent as stored); ETag is the photo's tag, a matching
//     If-None-Match gives HasChanged false (SOAP) or 304 (REST); no photo
//     is ErrorItemNotFound / 404. No ProfileHeaderPhoto. EWS has no
//     SetUserPhoto (Exchange Online REST only).
//   - Sending delivers into the Inbox of recipients that have a mailbox
//     in the store (distribution lists expanded) and hands the others to
//     Handler.Sender; without a Sender they are skipped and logged.
//   - Transport and automatic replies. Recipients without a mailbox in
//     the store get the message through Handler.Sender; Send returning
//     nil is what the item's NoError promises, so a Sender returns nil
//     only once the message is safe. The example server's default with
//     -smarthost is the durable queue of package transport/queue
//     (DIR/outqueue.db; in memory with -store memory): the send succeeds
//     once the message is stored, then the queue relays it through the
//     smarthost (STARTTLS when offered, AUTH PLAIN from -smarthost-auth
//     or $OXKIT_SMARTHOST_AUTH; Bcc never in the relayed header,
//     Message-ID and Date added once, at queuing) with a result per
//     recipient: accepted recipients are done; 4xx replies and connection
//     failures are retried, only for the recipients concerned, with
//     exponential backoff (-queue-retry 1m doubling up to
//     -queue-max-retry 1h); 5xx refusals and recipients still pending
//     after -queue-expire (48h, Exchange's MessageExpirationTimeout) get
//     a non-delivery report (REPORT.IPM.Note.NDR, RFC 3464 with each
//     recipient's Status and the smarthost's reply as Diagnostic-Code)
//     in the sender's Inbox, and after -queue-delay-dsn (4h) the sender
//     gets one delay notice (REPORT.IPM.Note.Delayed.DR, Action delayed,
//     Will-Retry-Until). A restarted server resumes its queue; delivery
//     is at least once. With -queue=false (or an embedder's direct
//     Sender) an item succeeds only once the smarthost accepted every
//     recipient, else ErrorItemSave. Without a smarthost the example
//     server accepts the message and puts a non-delivery report into the
//     sender's Inbox, as Exchange does. Out of Office: on every local
//     delivery (EWS sends, and the example server's SMTP/LMTP through
//     Handler.AutoReply) a mailbox whose OOF is on (Enabled, or Scheduled
//     and now within Duration) answers with the InternalReply to senders
//     in the Directory and the ExternalReply to others per
//     ExternalAudience (None; Known = address of a contact in Contacts;
//     All), once per sender per OOF period (history in an
//     IPM.Microsoft.OOF.History associated message, up to MaxOofHistory
//     senders; saving the settings starts a new period), marked
//     Auto-Submitted: auto-replied, "Automatic reply: " + subject, and
//     never to Auto-Submitted, Precedence bulk/list/junk, List-Id,
//     X-Auto-Response-Suppress OOF/All, null-sender, report or daemon
//     mail; replies to remote senders leave through Sender with a null
//     reverse-path (never reported on). PidTagOutOfOfficeState
//     ([MS-OXCSTOR] 2.2.2.1.2.4), a store-object property kept on the
//     mailbox's root folder, is in step with the settings:
//     SetUserOofSettings writes it; a change through the store (a MAPI
//     client's PR_OOF_STATE) is honoured at the next read
//     (GetUserOofSettings, a delivery, Handler.SyncOofState): TRUE makes
//     OofState Enabled unless OOF was already on, FALSE makes it Disabled
//     if it was on; a Scheduled window's start and end flip the flag at
//     the next read (the example server calls SyncOofState for every
//     user each minute). Inbox rules execute ServerReplyWithMessage: the
//     referenced item is copied into a reply template (an
//     IPM.Note.Rules.ReplyTemplate.Microsoft associated message in the
//     Inbox with PidTagReplyTemplateId, [MS-OXORULE] 3.1.4.2.5) and the
//     rule replies with it; MAPI rules' OP_REPLY, OP_OOF_REPLY and
//     OP_BOUNCE (report with the bounce code's reason, message removed)
//     run too, with loop protection (X-MS-Exchange-Inbox-Rules-Loop,
//     auto-submitted and suppressed mail not answered). Not done: OOF
//     template messages, ST_KEEP_OOF_HIST on OP_OOF_REPLY rules,
//     serialisation of concurrent deliveries against one OOF history,
//     routing other than one smarthost (no MX lookup), reports to senders
//     without a local mailbox (logged and dropped), a queue admin
//     interface beyond Queue.Entries and Queue.RetryNow.
//   - ConvertId between EwsId, EwsLegacyId, EntryId, HexEntryId, StoreId
//     and OwaId (the last two use the entry ID's base64; IDs of other
//     mailboxes the caller may see too).
//   - ResolveNames over store.Directory (ReturnFullContactData gives a
//     minimal Contact).
//   - Outlook's start-up probes: GetAppManifests (no add-ins),
//     GetAppMarketplaceUrl (none), GetServiceConfiguration (MailTips
//     off), GetUnifiedGroupsSettings (none), GetUserConfiguration (below).
//   - ExportItems and UploadItems ([MS-OXWSBTRF]). Data is the base64 of
//     the item's FastTransfer messageContent ([MS-OXCFXICS] 2.2.4.3.16,
//     package fxstream): every stored property (named properties by name),
//     the recipients and the attachments with embedded messages.
//     Exchange's own export framing is not publicly documented, so Data is
//     the bare stream; UploadItems reads a messageContent or a message
//     element (StartMessage/StartFAIMsg ... EndMessage) and refuses
//     anything else, including data exported by Exchange, with
//     ErrorCorruptData. UploadItems does CreateNew (ItemId ignored),
//     Update (ItemId required, else a SOAP fault; the item must be in
//     ParentFolderId, else ErrorItemNotFound; properties, recipients and
//     attachments are replaced, a new change key is assigned) and
//     UpdateOrCreate (a new copy in ParentFolderId when the item is not
//     there), with IsAssociated for FAI items; every answer carries the
//     ItemId and ChangeKey. Store-computed properties (IDs, change keys,
//     sizes, entry/source keys) travel in an export but are recomputed on
//     upload. Named properties are mapped to the target mailbox's IDs.
//   - CreateUserConfiguration, GetUserConfiguration (UserConfigurationProperties
//     Id, Dictionary, XmlData, BinaryData, All), UpdateUserConfiguration
//     (the parts the request carries replace the stored ones; an empty
//     XmlData/BinaryData removes it; parts left out are kept) and
//     DeleteUserConfiguration ([MS-OXWSUSRCFG]) over the IPM.Configuration.<Name>
//     FAI message of [MS-OXOCFG]: the Dictionary (all ten
//     UserConfigurationDictionaryObjectTypes and nil values, at most 4096
//     entries, no duplicate keys) in PidTagRoamingDictionary as the
//     2.2.5.1 XML stream (type codes of the spec's sample: 3 Boolean,
//     9 Integer32, 18 String, and the matching .NET TypeCodes for the other
//     scalars; arrays use oxkit's own codes 1018/1006, see the QUIRK in
//     userconfig_dict.go), XmlData in PidTagRoamingXmlStream, BinaryData
//     in 0x7C09, PidTagRoamingDatatypes kept in step. Creating an existing
//     name is ErrorItemSave; a missing configuration is ErrorItemNotFound.
//     Dictionary entries of unknown types written by other clients are
//     skipped when read (and lost on the next Update).
//   - Folder permissions ([MS-OXWSFOLD] PermissionSetType and
//     CalendarPermissionSetType over store.PermissionStore, [MS-OXCPERM]):
//     folder:PermissionSet in GetFolder, FindFolder and SyncFolderHierarchy
//     (AllProperties or AdditionalProperties; shown to the owner and
//     folder owners only), UpdateFolder SetFolderField folder:PermissionSet
//     (replaces the table) and CreateFolder with a PermissionSet; levels
//     None, Owner, PublishingEditor, Editor, PublishingAuthor, Author,
//     NoneditingAuthor, Reviewer, Contributor, FreeBusyTimeOnly,
//     FreeBusyTimeAndSubjectAndLocation and Custom (from CanCreateItems,
//     CanCreateSubFolders, IsFolderOwner, IsFolderVisible,
//     IsFolderContact, EditItems, DeleteItems, ReadItems); users by
//     PrimarySmtpAddress or DistinguishedUser (no SIDs).
//   - Another user's mailbox: GetFolder, FindFolder, FindItem (with
//     CalendarView), GetItem, CreateItem, UpdateItem, DeleteItem,
//     MoveItem, CopyItem, MoveFolder, CopyFolder, CreateFolder,
//     UpdateFolder, DeleteFolder, EmptyFolder, MarkAllItemsAsRead,
//     SyncFolderItems, SyncFolderHierarchy, SendItem, Subscribe and
//     Get/Create/DeleteAttachment accept a DistinguishedFolderId with
//     t:Mailbox or IDs of that mailbox (ReferenceItemId of response
//     objects too), checked against the folder's permissions for the
//     caller (own row, else Default): FolderVisible, ReadAny, Create,
//     EditOwned/EditAny and DeleteOwned/DeleteAny (owned: the caller
//     created the item, PidTagCreatorEntryId), CreateSubfolder,
//     FolderOwner; otherwise ErrorAccessDenied. Private items are seen
//     only by delegates with ViewPrivateItems. EffectiveRights reflects
//     the rights. Other operations address one mailbox (a request
//     mixing mailboxes is a SOAP fault, ErrorInvalidOperation).
//     SyncFolderHierarchy lists only the folders the caller may see (a
//     folder she no longer sees is reported as a Delete when it next
//     changes; one that becomes visible without changing is not
//     reported); its sync states, and SyncFolderItems', carry the
//     mailbox GUID and are refused for another mailbox
//     (ErrorInvalidSyncStateData). MoveFolder and CopyFolder there need
//     CreateSubfolder on the target, FolderOwner on a moved folder,
//     FolderVisible and ReadAny on a copied folder and every folder
//     below it. MoveItem, CopyItem, MoveFolder and CopyFolder may name
//     folders and items of several mailboxes (othermbx_move.go): each ID
//     is resolved and checked in its own mailbox (source: ReadAny, and
//     DeleteAny or DeleteOwned to move, private items as for GetItem;
//     target: Create, or CreateSubfolder for folders); between mailboxes
//     the item (recipients, attachments, embedded messages) is
//     re-created in the target with its named properties mapped to the
//     target's IDs and the caller as creator when the target is another
//     user's, then hard-deleted from the source for a move (the copy is
//     removed again if that fails; not one transaction); a folder tree
//     (normal and associated messages, at most 1000 folders and 32
//     levels) is copied likewise and, for a move, deleted from the source
//     (a copied folder keeps its DisplayName, FolderClass and comment,
//     not its permissions; private items the caller may not see stay
//     behind, and then a move is refused). IDs, change keys and entry IDs
//     are new in the target; creation time and read state travel.
//     Subscriptions (pull, streaming, push) to folders of another mailbox
//     need ReadAny on each and deliver events with that mailbox's IDs;
//     SubscribeToAllFolders means the caller's own mailbox; rights are
//     checked when subscribing, not per event. ConvertId converts IDs of
//     another mailbox the caller may see (FolderVisible on the folder,
//     else ErrorItemNotFound) and answers the owner's address in Mailbox.
//   - Sending on behalf ([MS-OXOMSG] PidTagSentRepresenting*/
//     PidTagSender*, [MS-OXODLGT] 3.1.4.3; onbehalf.go). A message
//     sent with CreateItem (SendOnly, SendAndSaveCopy), UpdateItem
//     (MessageDisposition), SendItem or a meeting operation whose From
//     names another user is sent only when the caller may send on that
//     user's behalf: by default when she is in the user's delegate list
//     (AddDelegate; Exchange gives delegates Send on Behalf), or as
//     Handler.SendOnBehalf (a SendOnBehalfFunc) decides; otherwise
//     ErrorSendAsDenied and nothing is sent. Sending from another user's
//     mailbox (a draft there, SavedItemFolderId there, response objects
//     on her items) is on behalf of the owner without a t:From. The sent
//     message has Sender = the caller and From = the principal
//     (GetItem's t:Sender and t:From; MIME Sender: and From: through
//     oxcmail; the envelope sender for Handler.Sender is the caller). The
//     saved copy goes to the caller's own Sent Items unless a
//     SavedItemFolderId names another folder (which needs Create there);
//     SendOnly from another mailbox needs no folder right. A delegate
//     with Editor rights on the principal's Calendar answers (Accept,
//     Tentative, Decline) a meeting request in the principal's Inbox or
//     Calendar, or her own delegated copy of it: the principal's calendar
//     item takes the answer and the response leaves on the principal's
//     behalf (the organizer's tracking records the principal); without
//     those rights ErrorAccessDenied. A delegate creating a meeting in
//     the principal's Calendar invites on her behalf; a non-delegate is
//     refused (ErrorSendAsDenied) before the item is created.
//   - Send As ([MS-OXOMSG] 2.2.1.46-57; sendas.go). A t:From naming a
//     mailbox user or distribution list the caller holds Send As for
//     (Handler.SendAs, a SendAsFunc; nil: nobody) sends the message as
//     that recipient: Sender = From = the principal (PidTagSender* =
//     PidTagSentRepresenting*), MIME From: the principal and no Sender:,
//     the envelope sender for Handler.Sender the principal. Send As is
//     asked first: with both rights Send As is used (Exchange's rule);
//     otherwise sending on behalf as above, else ErrorSendAsDenied with
//     nothing sent. It holds for CreateItem, UpdateItem with
//     MessageDisposition, SendItem, ReplyToItem/ReplyAllToItem/
//     ForwardItem with a From, sending from the principal's mailbox and
//     meeting messages (a delegate who holds Send As invites as the
//     principal). Handler.SentCopyForPrincipal (a SentCopyFunc, Exchange's
//     MessageCopyForSentAsEnabled / MessageCopyForSendOnBehalfEnabled;
//     nil: never) also saves a read copy of what is sent as or on behalf
//     of a mailbox user in that user's Sent Items, whether or not the
//     sender keeps hers, once only when the sender saved hers there; a
//     copy that cannot be saved is logged and the item still succeeds
//     (the message has left, as with Exchange); lists get none. The
//     example server grants Send As with -sendas FILE and turns the
//     copies on with -principal-sent-copy. Not implemented: Send As and
//     send on behalf outside EWS (ActiveSync SendMail, MAPI),
//     send-on-behalf of distribution lists, sending from a proxy address
//     (From is the primary SMTP address), Exchange's refusal of Send As
//     for mailboxes hidden from address lists, per-user send-on-behalf
//     lists in the store apart from delegates (use
//     Handler.SendOnBehalf).
//   - GetDelegate (IncludePermissions, UserIds), AddDelegate,
//     UpdateDelegate, RemoveDelegate ([MS-OXWSDLGM]) on the caller's own
//     mailbox: DelegatePermissions for Calendar, Tasks, Inbox, Contacts,
//     Notes and Journal (None, Editor, Reviewer, Author) become folder
//     permissions; the delegates, ViewPrivateItems and
//     DeliverMeetingRequests are kept in the delegate information object
//     ([MS-OXODLGT]: the LocalFreebusy message of Freebusy Data,
//     PidTagScheduleInfoDelegateNames/EntryIds, PidTagDelegateFlags,
//     PidTagScheduleInfoDelegatorWantsCopy/WantsInfo/DontMailDelegates);
//     delegates also get FolderVisible on the root folders; meeting
//     messages reach delegates as the calendar assistant below says.
//     Managing another user's delegates is ErrorAccessDenied, and the
//     folder changes of one request are not atomic across folders.
//   - GetInboxRules and UpdateInboxRules ([MS-OXWSRULES]) over the
//     caller's Inbox rules table (store.RuleStore): EWS rules are standard
//     MAPI rules ([MS-OXORULE] 2.2.1.3.1) with provider "RuleOrganizer",
//     PidTagRuleName = DisplayName, PidTagRuleSequence = Priority,
//     ST_ENABLED = IsEnabled, ST_EXIT_LEVEL = StopProcessingRules, so MAPI
//     clients see them and delivery runs them. RuleId is the base64 of the
//     rule ID. Every predicate of RulePredicatesType is accepted in
//     Conditions and Exceptions and read back exactly; each is stored as a
//     CommentRestriction carrying its name and value around a restriction
//     that mapi.Evaluate runs (strings: case-insensitive substring on
//     subject, body, transport headers, sender, recipients; addresses:
//     SMTP equality; SentToMe/SentCcMe/SentToOrCcMe/NotSentToMe/
//     SentOnlyToMe over the recipient table; Is* predicates by message
//     class or PidTagAutoForwarded; sizes in KB; dates on
//     PidTagMessageDeliveryTime). MessageClassifications and
//     FromConnectedAccounts are stored and returned but do not restrict;
//     FlaggedForAction tests PidTagFlagStatus = flagged only. Actions:
//     AssignCategories and MarkImportance (OP_TAG), CopyToFolder,
//     MoveToFolder, Delete (OP_MOVE to Deleted Items), PermanentDelete
//     (OP_DELETE), MarkAsRead, ForwardToRecipients,
//     ForwardAsAttachmentToRecipients, RedirectToRecipients (OP_FORWARD
//     flavors; delivered locally or through Handler.Sender),
//     SendSMSAlertToRecipients and ServerReplyWithMessage (stored and
//     returned, not executed). UpdateInboxRules validates every operation
//     first; any failure answers ErrorInboxRulesValidationError with
//     RuleOperationErrors (CreateWithRuleId, RuleNotFound, MissingAction,
//     InvalidFolderId, FolderDoesNotExist, InvalidSizeRange,
//     InvalidDateRange, EmptyValueFound, InvalidAddress, InvalidValue,
//     DuplicatedOperationOnTheSameRule, UnsupportedRule, NotSettable) and
//     applies nothing; otherwise all operations are applied atomically.
//     Rules EWS cannot express (created through MAPI) are listed with
//     IsNotSupported and can be deleted but not set; rules of other
//     providers are not listed. OutlookRuleBlobExists is always false
//     (RemoveOutlookRuleBlob is accepted and ignored). Only the caller's
//     own mailbox. Priorities are stored as given, not renumbered as
//     Exchange does. Local delivery (and the example server's SMTP
//     delivery, through Handler.RuleExecutor) runs the Inbox rules after
//     the message is committed (package store/rules).
//
// # Not implemented yet
//
// Resource booking policies beyond AutoAccept's defaults; task
// assignment (not possible through EWS in Exchange either); the Exchange
// 2016/Online-only contact fields; restoring soft-deleted folders (their
// items can be restored); Exchange's own ExportItems framing; public
// folders. Each of these answers a SOAP fault (ErrorInvalidRequest) or a
// per-item error, never a bare 500.
//
// # Limits
//
// Request bodies: Handler.MaxRequestBytes (64 MiB); XML depth:
// Handler.MaxDepth (64); restrictions: 32 levels and 1024 nodes; IDs: 512
// characters; sync states: 4 MiB; FindItem CalendarView and availability:
// 1000 calendar items per folder, 100 mailboxes and 62 days per
// availability request; subscriptions: Handler.MaxSubscriptions (10000),
// 1000 queued events each, 50 events per GetEvents answer; bulk
// transfer: Handler.MaxTransferBytes (32 MiB) per ExportItems response
// and per uploaded item (ErrorDataSizeLimitExceeded); user configuration
// dictionaries: 4096 entries; rules: store.MaxRulesPerFolder (256).
package ews

package ews

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/ical/recur"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/oxcmail"
	"github.com/oxkit/oxkit/store"
)

// Item fields ([MS-OXWSCORE] 2.2.4.24 ItemType, [MS-OXWSMSG] 2.2.4.1
// MessageType), numbered in schema order: writing in bit order gives a
// schema-valid element sequence.
const (
	fMimeContent = iota
	fItemID
	fParentFolderID
	fItemClass
	fSubject
	fSensitivity
	fBody
	fAttachments
	fDateTimeReceived
	fSize
	fCategories
	fImportance
	fInReplyTo
	fIsSubmitted
	fIsDraft
	fIsFromMe
	fIsResend
	fIsUnmodified
	fInternetMessageHeaders
	fDateTimeSent
	fDateTimeCreated
	fResponseObjects // responseobjects.go
	fReminderIsSet
	fReminderMinutesBeforeStart
	fDisplayCc
	fDisplayTo
	fDisplayBcc
	fHasAttachments
	fExtended        // ExtendedProperty elements go here
	fEffectiveRights // responseobjects.go
	fLastModifiedName
	fLastModifiedTime
	fIsAssociated
	fUniqueBody
	fNormalizedBody
	fTextBody
	fFirstMessageField // fields from here on exist on messages only
	fSender
	fToRecipients
	fCcRecipients
	fBccRecipients
	fIsReadReceiptRequested
	fIsDeliveryReceiptRequested
	fConversationIndex
	fConversationTopic
	fFrom
	fInternetMessageID
	fIsRead
	fIsResponseRequested
	fReferences
	fPostedTime // postitem.go
	// Meeting message fields ([MS-OXWSMTGS] 2.2.4.x MeetingMessageType)
	// exist on meeting requests, responses and cancellations only.
	fAssociatedCalendarItemID
	fIsOutOfDate
	fHasBeenProcessed
	fResponseType
	fFirstCalendarField // fields from here on exist on calendar items (and meeting messages, see calendarFieldFor) only
	fUID
	fRecurrenceId // meetings2.go
	fMeetingRequestType
	fIntendedFreeBusyStatus
	fStart
	fEnd
	fOriginalStart
	fIsAllDayEvent
	fLegacyFreeBusyStatus
	fLocation
	fIsMeeting
	fIsCancelled
	fIsRecurring
	fMeetingRequestWasSent
	fCalendarItemType
	fMyResponseType
	fOrganizer
	fRequiredAttendees
	fOptionalAttendees
	fResources
	fConflictingMeetingCount // meetings2_conflicts.go
	fAdjacentMeetingCount
	fConflictingMeetings
	fAdjacentMeetings
	fAppointmentReplyTime
	fAppointmentSequenceNumber
	fAppointmentState
	fRecurrence
	fFirstOccurrence
	fLastOccurrence
	fModifiedOccurrences
	fDeletedOccurrences
	fProposedStart // meetings2.go
	fProposedEnd
	fStartTimeZone     // core_tz.go
	fEndTimeZone       // core_tz.go
	fFirstContactField // fields from here on exist on contacts only
	fFileAs
	fFileAsMapping // contacts3.go
	fDisplayName
	fGivenName
	fInitials
	fMiddleName
	fNickname
	fCompleteName // contacts2.go
	fCompanyName
	fEmailAddresses
	fPhysicalAddresses // contacts2.go
	fPhoneNumbers
	fAssistantName
	fBirthday
	fBusinessHomePage
	fChildren      // contacts2.go
	fCompanies     // contacts2.go
	fContactSource // contacts2.go
	fDepartment
	fGeneration
	fImAddresses // contacts2.go
	fJobTitle
	fManager
	fMileage // contacts2.go
	fOfficeLocation
	fPostalAddressIndex // contacts2.go
	fProfession
	fSpouseName
	fSurname
	fWeddingAnniversary // contacts2.go
	fHasPicture         // contacts2.go
	fPhoneticFullName   // contacts3.go, Exchange2010_SP2 and later
	fPhoneticFirstName
	fPhoneticLastName
	fAlias
	fNotes
	fPhoto
	fUserSMIMECertificate
	fMSExchangeCertificate
	fGender         // contacts3.go, Exchange2016 and later
	fMembers        // distlist.go
	fFirstTaskField // fields from here on exist on tasks only
	fActualWork
	fBillingInformation
	fCompleteDate
	fDueDate
	fIsComplete
	fTaskIsRecurring // taskrecur.go
	fOwner
	fPercentComplete
	fTaskRecurrence // taskrecur.go
	fTaskStartDate
	fTaskStatus
	fTotalWork
	numItemFields
)

var itemFieldURIs = map[string]int{
	"item:mimecontent":                      fMimeContent,
	"item:itemid":                           fItemID,
	"item:parentfolderid":                   fParentFolderID,
	"item:itemclass":                        fItemClass,
	"item:subject":                          fSubject,
	"item:sensitivity":                      fSensitivity,
	"item:body":                             fBody,
	"item:attachments":                      fAttachments,
	"item:datetimereceived":                 fDateTimeReceived,
	"item:size":                             fSize,
	"item:categories":                       fCategories,
	"item:importance":                       fImportance,
	"item:inreplyto":                        fInReplyTo,
	"item:issubmitted":                      fIsSubmitted,
	"item:isdraft":                          fIsDraft,
	"item:isfromme":                         fIsFromMe,
	"item:isresend":                         fIsResend,
	"item:isunmodified":                     fIsUnmodified,
	"item:datetimesent":                     fDateTimeSent,
	"item:datetimecreated":                  fDateTimeCreated,
	"item:responseobjects":                  fResponseObjects,
	"item:effectiverights":                  fEffectiveRights,
	"item:displaycc":                        fDisplayCc,
	"item:displayto":                        fDisplayTo,
	"item:displaybcc":                       fDisplayBcc,
	"item:hasattachments":                   fHasAttachments,
	"item:lastmodifiedname":                 fLastModifiedName,
	"item:lastmodifiedtime":                 fLastModifiedTime,
	"item:isassociated":                     fIsAssociated,
	"message:sender":                        fSender,
	"message:torecipients":                  fToRecipients,
	"message:ccrecipients":                  fCcRecipients,
	"message:bccrecipients":                 fBccRecipients,
	"message:isreadreceiptrequested":        fIsReadReceiptRequested,
	"message:isdeliveryreceiptrequested":    fIsDeliveryReceiptRequested,
	"message:conversationindex":             fConversationIndex,
	"message:conversationtopic":             fConversationTopic,
	"message:from":                          fFrom,
	"message:internetmessageid":             fInternetMessageID,
	"message:isread":                        fIsRead,
	"message:isresponserequested":           fIsResponseRequested,
	"message:references":                    fReferences,
	"item:reminderisset":                    fReminderIsSet,
	"item:reminderminutesbeforestart":       fReminderMinutesBeforeStart,
	"calendar:start":                        fStart,
	"calendar:end":                          fEnd,
	"calendar:isalldayevent":                fIsAllDayEvent,
	"calendar:legacyfreebusystatus":         fLegacyFreeBusyStatus,
	"calendar:location":                     fLocation,
	"calendar:ismeeting":                    fIsMeeting,
	"calendar:iscancelled":                  fIsCancelled,
	"calendar:isrecurring":                  fIsRecurring,
	"calendar:calendaritemtype":             fCalendarItemType,
	"calendar:organizer":                    fOrganizer,
	"calendar:requiredattendees":            fRequiredAttendees,
	"calendar:optionalattendees":            fOptionalAttendees,
	"calendar:resources":                    fResources,
	"calendar:recurrence":                   fRecurrence,
	"calendar:uid":                          fUID,
	"meeting:uid":                           fUID,
	"calendar:originalstart":                fOriginalStart,
	"calendar:meetingrequestwassent":        fMeetingRequestWasSent,
	"calendar:myresponsetype":               fMyResponseType,
	"calendar:appointmentreplytime":         fAppointmentReplyTime,
	"calendar:appointmentsequencenumber":    fAppointmentSequenceNumber,
	"calendar:appointmentstate":             fAppointmentState,
	"calendar:firstoccurrence":              fFirstOccurrence,
	"calendar:lastoccurrence":               fLastOccurrence,
	"calendar:modifiedoccurrences":          fModifiedOccurrences,
	"calendar:deletedoccurrences":           fDeletedOccurrences,
	"calendar:starttimezone":                fStartTimeZone,
	"calendar:endtimezone":                  fEndTimeZone,
	"meeting:associatedcalendaritemid":      fAssociatedCalendarItemID,
	"meeting:isoutofdate":                   fIsOutOfDate,
	"meeting:hasbeenprocessed":              fHasBeenProcessed,
	"meeting:responsetype":                  fResponseType,
	"meetingrequest:meetingrequesttype":     fMeetingRequestType,
	"meetingrequest:intendedfreebusystatus": fIntendedFreeBusyStatus,
	"calendar:recurrenceid":                 fRecurrenceId,
	"meeting:proposedstart":                 fProposedStart,
	"meeting:proposedend":                   fProposedEnd,
	"calendar:conflictingmeetingcount":      fConflictingMeetingCount,
	"calendar:adjacentmeetingcount":         fAdjacentMeetingCount,
	"calendar:conflictingmeetings":          fConflictingMeetings,
	"calendar:adjacentmeetings":             fAdjacentMeetings,
	"contacts:fileas":                       fFileAs,
	"contacts:displayname":                  fDisplayName,
	"contacts:givenname":                    fGivenName,
	"contacts:initials":                     fInitials,
	"contacts:middlename":                   fMiddleName,
	"contacts:nickname":                     fNickname,
	"contacts:companyname":                  fCompanyName,
	"contacts:emailaddresses":               fEmailAddresses,
	"contacts:emailaddress":                 fEmailAddresses, // IndexedFieldURI
	"contacts:phonenumbers":                 fPhoneNumbers,
	"contacts:phonenumber":                  fPhoneNumbers, // IndexedFieldURI
	"contacts:assistantname":                fAssistantName,
	"contacts:birthday":                     fBirthday,
	"contacts:businesshomepage":             fBusinessHomePage,
	"contacts:department":                   fDepartment,
	"contacts:generation":                   fGeneration,
	"contacts:jobtitle":                     fJobTitle,
	"contacts:manager":                      fManager,
	"contacts:officelocation":               fOfficeLocation,
	"contacts:profession":                   fProfession,
	"contacts:spousename":                   fSpouseName,
	"contacts:surname":                      fSurname,
	"task:actualwork":                       fActualWork,
	"task:billinginformation":               fBillingInformation,
	"task:completedate":                     fCompleteDate,
	"task:duedate":                          fDueDate,
	"task:iscomplete":                       fIsComplete,
	"task:owner":                            fOwner,
	"task:percentcomplete":                  fPercentComplete,
	"task:startdate":                        fTaskStartDate,
	"task:status":                           fTaskStatus,
	"task:totalwork":                        fTotalWork,
	"task:isrecurring":                      fTaskIsRecurring, // taskrecur.go
	"task:recurrence":                       fTaskRecurrence,
	// contacts2.go
	"contacts:physicaladdress:street":          fPhysicalAddresses, // IndexedFieldURI
	"contacts:physicaladdress:city":            fPhysicalAddresses,
	"contacts:physicaladdress:state":           fPhysicalAddresses,
	"contacts:physicaladdress:countryorregion": fPhysicalAddresses,
	"contacts:physicaladdress:postalcode":      fPhysicalAddresses,
	"contacts:postaladdressindex":              fPostalAddressIndex,
	"contacts:imaddress":                       fImAddresses, // IndexedFieldURI
	"contacts:imaddresses":                     fImAddresses,
	"contacts:children":                        fChildren,
	"contacts:companies":                       fCompanies,
	"contacts:mileage":                         fMileage,
	"contacts:weddinganniversary":              fWeddingAnniversary,
	"contacts:completename":                    fCompleteName,
	"contacts:haspicture":                      fHasPicture,
	"contacts:contactsource":                   fContactSource,
	"postitem:postedtime":                      fPostedTime, // postitem.go
	"distributionlist:members":                 fMembers,    // distlist.go
	"item:internetmessageheaders":              fInternetMessageHeaders,
	"item:internetmessageheader":               fInternetMessageHeaders,
	"item:uniquebody":                          fUniqueBody,
	"item:normalizedbody":                      fNormalizedBody,
	"item:textbody":                            fTextBody,
	// contacts3.go
	"contacts:fileasmapping":         fFileAsMapping,
	"contacts:phoneticfullname":      fPhoneticFullName,
	"contacts:phoneticfirstname":     fPhoneticFirstName,
	"contacts:phoneticlastname":      fPhoneticLastName,
	"contacts:alias":                 fAlias,
	"contacts:notes":                 fNotes,
	"contacts:photo":                 fPhoto,
	"contacts:usersmimecertificate":  fUserSMIMECertificate,
	"contacts:msexchangecertificate": fMSExchangeCertificate,
	"contacts:gender":                fGender,
}

// taskStatuses are TaskStatusType values by PidLidTaskStatus
// ([MS-OXOTASK] 2.2.2.2.2).
var taskStatuses = [...]string{"NotStarted", "InProgress", "Completed", "WaitingOnOthers", "Deferred"}

// contactStrings are the contact fields stored in one string property
// ([MS-OXOCNTC] 2.2.1), with their element names.
var contactStrings = map[int]struct {
	elem string
	tag  mapi.PropTag
}{
	fDisplayName:      {"DisplayName", mapi.PidTagDisplayName},
	fGivenName:        {"GivenName", mapi.PidTagGivenName},
	fInitials:         {"Initials", mapi.PidTagInitials},
	fMiddleName:       {"MiddleName", mapi.PidTagMiddleName},
	fNickname:         {"Nickname", mapi.PidTagNickname},
	fCompanyName:      {"CompanyName", mapi.PidTagCompanyName},
	fAssistantName:    {"AssistantName", mapi.PidTagAssistant},
	fBusinessHomePage: {"BusinessHomePage", mapi.PidTagBusinessHomePage},
	fDepartment:       {"Department", mapi.PidTagDepartmentName},
	fGeneration:       {"Generation", mapi.PidTagGeneration},
	fJobTitle:         {"JobTitle", mapi.PidTagTitle},
	fManager:          {"Manager", mapi.PidTagManagerName},
	fOfficeLocation:   {"OfficeLocation", mapi.PidTagOfficeLocation},
	fProfession:       {"Profession", mapi.PidTagProfession},
	fSpouseName:       {"SpouseName", mapi.PidTagSpouseName},
	fSurname:          {"Surname", mapi.PidTagSurname},
}

// contactStringOrder lists contactStrings' fields in ascending order:
// computeTags walks them so, and so gives the same tag list for the same
// shape every time (a store may key a cache of column plans by it, as
// boltstore does; a map's order would make every list new).
var contactStringOrder = slices.Sorted(maps.Keys(contactStrings))

// contactElements maps element names back to fields.
var contactElements = func() map[string]int {
	m := map[string]int{}
	for f, c := range contactStrings {
		m[c.elem] = f
	}
	return m
}()

// phoneKeys are the PhoneNumberKeyType values and their properties
// ([MS-OXOCNTC] 2.2.1.4), in the order they are written.
var phoneKeys = []struct {
	key string
	tag mapi.PropTag
}{
	{"AssistantPhone", mapi.PidTagAssistantTelephoneNumber},
	{"BusinessFax", mapi.PidTagBusinessFaxNumber},
	{"BusinessPhone", mapi.PidTagBusinessTelephoneNumber},
	{"BusinessPhone2", mapi.PidTagBusiness2TelephoneNumber},
	{"Callback", mapi.PidTagCallbackTelephoneNumber},
	{"CarPhone", mapi.PidTagCarTelephoneNumber},
	{"CompanyMainPhone", mapi.PidTagCompanyMainTelephoneNumber},
	{"HomeFax", mapi.PidTagHomeFaxNumber},
	{"HomePhone", mapi.PidTagHomeTelephoneNumber},
	{"HomePhone2", mapi.PidTagHome2TelephoneNumber},
	{"Isdn", mapi.PidTagIsdnNumber},
	{"MobilePhone", mapi.PidTagMobileTelephoneNumber},
	{"OtherFax", mapi.PidTagPrimaryFaxNumber},
	{"OtherTelephone", mapi.PidTagOtherTelephoneNumber},
	{"Pager", mapi.PidTagPagerTelephoneNumber},
	{"PrimaryPhone", mapi.PidTagPrimaryTelephoneNumber},
	{"RadioPhone", mapi.PidTagRadioTelephoneNumber},
	{"Telex", mapi.PidTagTelexNumber},
	{"TtyTddPhone", mapi.PidTagTelecommunicationsDeviceForDeafTelephoneNumber},
}

// emailNamed are the named properties of EmailAddress1..3 ([MS-OXOCNTC]
// 2.2.1.2): address, display name, address type.
var emailNamed = [3][3]mapi.NamedProp{
	{mapi.PidLidEmail1EmailAddress, mapi.PidLidEmail1DisplayName, mapi.PidLidEmail1AddressType},
	{mapi.PidLidEmail2EmailAddress, mapi.PidLidEmail2DisplayName, mapi.PidLidEmail2AddressType},
	{mapi.PidLidEmail3EmailAddress, mapi.PidLidEmail3DisplayName, mapi.PidLidEmail3AddressType},
}

// fieldNamed lists the fields stored in named properties
// ([MS-OXOCAL] 2.2.1, [MS-OXORMDR] 2.2.1).
var fieldNamed = map[int]mapi.NamedProp{
	fReminderIsSet:              mapi.PidLidReminderSet,
	fReminderMinutesBeforeStart: mapi.PidLidReminderDelta,
	fStart:                      mapi.PidLidAppointmentStartWhole,
	fEnd:                        mapi.PidLidAppointmentEndWhole,
	fIsAllDayEvent:              mapi.PidLidAppointmentSubType,
	fLegacyFreeBusyStatus:       mapi.PidLidBusyStatus,
	fLocation:                   mapi.PidLidLocation,
	fIsMeeting:                  mapi.PidLidAppointmentStateFlags,
	fIsCancelled:                mapi.PidLidAppointmentStateFlags,
	fIsRecurring:                mapi.PidLidRecurring,
	fFileAs:                     mapi.PidLidFileUnder,
	fRecurrence:                 mapi.PidLidAppointmentRecur,
	fActualWork:                 mapi.PidLidTaskActualEffort,
	fBillingInformation:         mapi.PidLidBilling,
	fCompleteDate:               mapi.PidLidTaskDateCompleted,
	fDueDate:                    mapi.PidLidTaskDueDate,
	fIsComplete:                 mapi.PidLidTaskComplete,
	fOwner:                      mapi.PidLidTaskOwner,
	fPercentComplete:            mapi.PidLidPercentComplete,
	fTaskStartDate:              mapi.PidLidTaskStartDate,
	fTaskStatus:                 mapi.PidLidTaskStatus,
	fTotalWork:                  mapi.PidLidTaskEstimatedEffort,
	fTaskIsRecurring:            mapi.PidLidTaskFRecurring, // taskrecur.go
	fTaskRecurrence:             mapi.PidLidTaskRecurrence,
	fCalendarItemType:           mapi.PidLidAppointmentRecur,
	fUID:                        mapi.PidLidGlobalObjectId,
	fMyResponseType:             mapi.PidLidResponseStatus,
	fResponseObjects:            mapi.PidLidResponseStatus, // an organizer's item or an attendee's
	fResponseType:               mapi.PidLidResponseStatus,
	fAppointmentReplyTime:       mapi.PidLidAppointmentReplyTime,
	fAppointmentSequenceNumber:  mapi.PidLidAppointmentSequence,
	fAppointmentState:           mapi.PidLidAppointmentStateFlags,
	fMeetingRequestWasSent:      mapi.PidLidFInvited,
	fIntendedFreeBusyStatus:     mapi.PidLidIntendedBusyStatus,
	fMeetingRequestType:         mapi.PidLidMeetingType,
	fIsOutOfDate:                mapi.PidLidMeetingType,
	fAssociatedCalendarItemID:   mapi.PidLidCleanGlobalObjectId,
	fFirstOccurrence:            mapi.PidLidAppointmentRecur,
	fLastOccurrence:             mapi.PidLidAppointmentRecur,
	fModifiedOccurrences:        mapi.PidLidAppointmentRecur,
	fDeletedOccurrences:         mapi.PidLidAppointmentRecur,
	fStartTimeZone:              mapi.PidLidTimeZoneDescription,
	fEndTimeZone:                mapi.PidLidTimeZoneDescription,
	fOriginalStart:              mapi.PidLidAppointmentStartWhole,
	fFileAsMapping:              mapi.PidLidFileUnderId,   // contacts3.go
	fPhoneticFirstName:          mapi.PidLidYomiFirstName, // contacts3.go
	fPhoneticLastName:           mapi.PidLidYomiLastName,  // contacts3.go
	fRecurrenceId:               mapi.PidLidExceptionReplaceTime,
	fProposedStart:              mapi.PidLidAppointmentProposedStartWhole,
	fProposedEnd:                mapi.PidLidAppointmentProposedEndWhole,
	fConflictingMeetingCount:    mapi.PidLidAppointmentStartWhole,
	fAdjacentMeetingCount:       mapi.PidLidAppointmentStartWhole,
	fConflictingMeetings:        mapi.PidLidAppointmentStartWhole,
	fAdjacentMeetings:           mapi.PidLidAppointmentStartWhole,
}

// Appointment state flags ([MS-OXOCAL] 2.2.1.10).
const (
	asfMeeting  = 0x1
	asfCanceled = 0x4
)

var freeBusyNames = [...]string{"Free", "Tentative", "Busy", "OOF", "WorkingElsewhere"}

// fieldTags lists the properties each field reads.
var fieldTags = [numItemFields][]mapi.PropTag{
	fItemID:                     {mapi.PidTagChangeKey},
	fItemClass:                  {mapi.PidTagMessageClass},
	fSubject:                    {mapi.PidTagSubject},
	fSensitivity:                {mapi.PidTagSensitivity},
	fBody:                       {mapi.PidTagBody, mapi.PidTagHtml, mapi.PidTagInternetCodepage},
	fInternetMessageHeaders:     {mapi.PidTagTransportMessageHeaders},
	fUniqueBody:                 {mapi.PidTagBody, mapi.PidTagHtml, mapi.PidTagInternetCodepage},
	fNormalizedBody:             {mapi.PidTagBody, mapi.PidTagHtml, mapi.PidTagInternetCodepage},
	fTextBody:                   {mapi.PidTagBody, mapi.PidTagHtml, mapi.PidTagInternetCodepage},
	fDateTimeReceived:           {mapi.PidTagMessageDeliveryTime},
	fSize:                       {mapi.PidTagMessageSize},
	fImportance:                 {mapi.PidTagImportance},
	fInReplyTo:                  {mapi.PidTagInReplyToId},
	fIsSubmitted:                {mapi.PidTagMessageFlags},
	fIsDraft:                    {mapi.PidTagMessageFlags},
	fIsFromMe:                   {mapi.PidTagMessageFlags},
	fIsResend:                   {mapi.PidTagMessageFlags},
	fIsUnmodified:               {mapi.PidTagMessageFlags},
	fDateTimeSent:               {mapi.PidTagClientSubmitTime},
	fDateTimeCreated:            {mapi.PidTagCreationTime},
	fResponseObjects:            {mapi.PidTagMessageFlags},
	fDisplayCc:                  {mapi.PidTagDisplayCc},
	fDisplayTo:                  {mapi.PidTagDisplayTo},
	fDisplayBcc:                 {mapi.PidTagDisplayBcc},
	fHasAttachments:             {mapi.PidTagHasAttachments},
	fAttachments:                {mapi.PidTagHasAttachments},
	fLastModifiedName:           {mapi.PidTagLastModifierName},
	fLastModifiedTime:           {mapi.PidTagLastModificationTime},
	fIsAssociated:               {mapi.PidTagMessageFlags},
	fSender:                     {mapi.PidTagSenderName, mapi.PidTagSenderSmtpAddress, mapi.PidTagSenderEmailAddress, mapi.PidTagSenderAddressType},
	fIsReadReceiptRequested:     {mapi.PidTagReadReceiptRequested},
	fIsDeliveryReceiptRequested: {mapi.PidTagOriginatorDeliveryReportRequested},
	fConversationIndex:          {mapi.PidTagConversationIndex},
	fConversationTopic:          {mapi.PidTagConversationTopic},
	fFrom:                       {mapi.PidTagSentRepresentingName, mapi.PidTagSentRepresentingSmtpAddress, mapi.PidTagSentRepresentingEmailAddress, mapi.PidTagSentRepresentingAddressType},
	fInternetMessageID:          {mapi.PidTagInternetMessageId},
	fIsRead:                     {mapi.PidTagMessageFlags},
	fIsResponseRequested:        {mapi.PidTagResponseRequested},
	fReferences:                 {mapi.PidTagInternetReferences},
	fPostedTime:                 {mapi.PidTagClientSubmitTime, mapi.PidTagMessageDeliveryTime},
	fCompleteName: {mapi.PidTagDisplayNamePrefix, mapi.PidTagGivenName, mapi.PidTagMiddleName, mapi.PidTagSurname,
		mapi.PidTagGeneration, mapi.PidTagInitials, mapi.PidTagDisplayName, mapi.PidTagNickname},
	fBirthday: {mapi.PidTagBirthday},
	fPhoneNumbers: {mapi.PidTagAssistantTelephoneNumber, mapi.PidTagBusinessFaxNumber, mapi.PidTagBusinessTelephoneNumber,
		mapi.PidTagBusiness2TelephoneNumber, mapi.PidTagCallbackTelephoneNumber, mapi.PidTagCarTelephoneNumber,
		mapi.PidTagCompanyMainTelephoneNumber, mapi.PidTagHomeFaxNumber, mapi.PidTagHomeTelephoneNumber,
		mapi.PidTagHome2TelephoneNumber, mapi.PidTagIsdnNumber, mapi.PidTagMobileTelephoneNumber, mapi.PidTagPrimaryFaxNumber,
		mapi.PidTagOtherTelephoneNumber, mapi.PidTagPagerTelephoneNumber, mapi.PidTagPrimaryTelephoneNumber,
		mapi.PidTagRadioTelephoneNumber, mapi.PidTagTelexNumber, mapi.PidTagTelecommunicationsDeviceForDeafTelephoneNumber},
	fOrganizer: {mapi.PidTagSentRepresentingName, mapi.PidTagSentRepresentingSmtpAddress, mapi.PidTagSentRepresentingEmailAddress, mapi.PidTagSentRepresentingAddressType},
	// contacts3.go
	fAlias:                 {mapi.PidTagAccount},
	fNotes:                 {mapi.PidTagBody},
	fUserSMIMECertificate:  {mapi.PidTagUserX509Certificate},
	fMSExchangeCertificate: {mapi.PidTagAddressBookX509Certificate},
	fGender:                {mapi.PidTagGender},
	fPhoto:                 {mapi.PidTagHasAttachments},
}

// Message flags ([MS-OXCMSG] 2.2.1.6).
const (
	msgflagRead       = 0x01
	msgflagUnmodified = 0x02
	msgflagSubmitted  = 0x04
	msgflagUnsent     = 0x08
	msgflagFromMe     = 0x20
	msgflagAssociated = 0x40
	msgflagResend     = 0x80
)

// fieldSet is a bit set of fields; numItemFields must fit.
type fieldSet [3]uint64

var _ [len(fieldSet{})*64 - numItemFields]struct{}

func (s fieldSet) has(f int) bool { return s[f>>6]&(1<<uint(f&63)) != 0 }

func (s fieldSet) or(o fieldSet) fieldSet {
	for i := range s {
		s[i] |= o[i]
	}
	return s
}

func (s fieldSet) andNot(o fieldSet) fieldSet {
	for i := range s {
		s[i] &^= o[i]
	}
	return s
}

func (s fieldSet) any(o fieldSet) bool {
	for i := range s {
		if s[i]&o[i] != 0 {
			return true
		}
	}
	return false
}

func bits(fs ...int) fieldSet {
	var s fieldSet
	for _, f := range fs {
		s[f>>6] |= 1 << uint(f&63)
	}
	return s
}

var (
	idOnlyFields  = bits(fItemID)
	defaultFields = bits(fItemID, fParentFolderID, fItemClass, fSubject, fSensitivity, fBody, fAttachments, fDateTimeReceived, fSize,
		fImportance, fIsSubmitted, fIsDraft, fIsFromMe, fIsResend, fIsUnmodified, fDateTimeSent, fDateTimeCreated,
		fResponseObjects, fDisplayCc, fDisplayTo, fHasAttachments, fSender, fToRecipients, fCcRecipients, fIsReadReceiptRequested,
		fIsDeliveryReceiptRequested, fFrom, fInternetMessageID, fIsRead, fReminderIsSet, fReminderMinutesBeforeStart,
		fStart, fEnd, fIsAllDayEvent, fLegacyFreeBusyStatus, fLocation, fIsMeeting, fIsCancelled, fIsRecurring,
		fCalendarItemType, fOrganizer, fRequiredAttendees, fOptionalAttendees, fRecurrence,
		fUID, fOriginalStart, fMeetingRequestWasSent, fMyResponseType, fAppointmentReplyTime, fAppointmentSequenceNumber,
		fAppointmentState, fFirstOccurrence, fLastOccurrence, fModifiedOccurrences, fDeletedOccurrences,
		fAssociatedCalendarItemID, fIsOutOfDate, fHasBeenProcessed, fResponseType, fMeetingRequestType, fIntendedFreeBusyStatus,
		fFileAs, fDisplayName, fGivenName, fInitials, fMiddleName, fNickname, fCompanyName, fEmailAddresses, fPhoneNumbers,
		fAssistantName, fBirthday, fBusinessHomePage, fDepartment, fGeneration, fJobTitle, fManager, fOfficeLocation,
		fProfession, fSpouseName, fSurname, fPostedTime, fMembers,
		fActualWork, fBillingInformation, fCompleteDate, fDueDate, fIsComplete, fOwner, fPercentComplete, fTaskStartDate,
		fTaskStatus, fTotalWork, fTaskIsRecurring, fTaskRecurrence)
	allFields = defaultFields.or(bits(fEffectiveRights, fResources, fCategories, fInReplyTo, fDisplayBcc, fLastModifiedName, fLastModifiedTime,
		fIsAssociated, fBccRecipients, fConversationIndex, fConversationTopic, fIsResponseRequested, fReferences,
		fPhysicalAddresses, fChildren, fCompanies, fImAddresses, fMileage, fPostalAddressIndex, fWeddingAnniversary,
		fCompleteName, fHasPicture, fContactSource, fStartTimeZone, fEndTimeZone).or(contact3Fields))
	// findExcluded are fields FindItem does not return ([MS-OXWSSRCH]
	// 3.1.4.2: the body, recipient collections and MIME content need the
	// item itself).
	findExcluded = bits(fMimeContent, fResponseObjects, fBody, fUniqueBody, fNormalizedBody, fTextBody, fInternetMessageHeaders, fAttachments, fToRecipients, fCcRecipients, fBccRecipients,
		fRequiredAttendees, fOptionalAttendees, fResources, fPhoto,
		fConflictingMeetingCount, fAdjacentMeetingCount, fConflictingMeetings, fAdjacentMeetings)
	tableFields = bits(fToRecipients, fCcRecipients, fBccRecipients, fMimeContent, fAttachments,
		fRequiredAttendees, fOptionalAttendees, fResources)
)

// itemShape is a parsed ItemShape ([MS-OXWSCDATA] 2.2.4.40
// ItemResponseShapeType).
type itemShape struct {
	fields   fieldSet
	ext      []*extProp
	bodyType string // Best, HTML, Text
	// bodies holds FilterHtmlContent, UniqueBodyType, NormalizedBodyType
	// and the headers item:InternetMessageHeader asks for (see
	// bodies.go).
	bodies bodyOptions
	named  map[int]*extProp
	// namedTags are the mailbox's tags of the fields in fieldNamed (0:
	// unmapped, so no item has the property).
	namedTags [numItemFields]mapi.PropTag
	// emailTags are the tags of emailNamed (0: unmapped).
	emailTags [3][3]mapi.PropTag
	tagCache  []mapi.PropTag
	// cx are the tags of contactXProps (contacts2.go), nil unless the
	// shape has one of contactXFields.
	cx *[numContactX]mapi.PropTag
	// dl are the tags of distListProps (distlist.go) when the shape has
	// distributionlist:Members.
	dl *[4]mapi.PropTag
	// planCache holds writeItem's field lists (itemshape_plan.go).
	planCache fieldPlanCache
	// conflicts caches the last item's conflicting and adjacent
	// meetings (meetings2_conflicts.go).
	conflicts *conflictCache
	// shared is the Handler's cached resolution the shape was parsed
	// with or stored (shapecache.go).
	shared *shapeEntry
}

// tag returns the tag of a named field.
func (s *itemShape) tag(f int) mapi.PropTag { return s.namedTags[f] }

// categoriesName is PidNameKeywords, the store of item:Categories.
var categoriesExt = extProp{setID: "PublicStrings", name: "Keywords", typeName: "StringArray", typ: mapi.PtypMultipleString,
	named: &mapi.PropertyName{Kind: mapi.NameKindString, GUID: mapi.PSPublicStrings, Name: "Keywords"}}

func (c *call) parseItemShape(e *etree.Element, find bool) (*itemShape, error) {
	s := &itemShape{bodyType: "Best"}
	switch childText(e, "BaseShape") {
	case "IdOnly":
		s.fields = idOnlyFields
	case "Default", "":
		s.fields = defaultFields
	case "AllProperties":
		s.fields = allFields
	default:
		return nil, &Fault{Code: ErrorSchemaValidation, Message: "BaseShape is not valid."}
	}
	if b := childText(e, "BodyType"); b != "" {
		if b != "Best" && b != "HTML" && b != "Text" {
			return nil, &Fault{Code: ErrorSchemaValidation, Message: "BodyType is not valid."}
		}
		s.bodyType = b
	}
	if err := s.bodies.parse(e); err != nil {
		return nil, err
	}
	if v := childText(e, "IncludeMimeContent"); v != "" {
		inc, err := parseBool(v)
		if err != nil {
			return nil, &Fault{Code: ErrorSchemaValidation, Message: "IncludeMimeContent is not valid."}
		}
		if inc {
			s.fields = s.fields.or(bits(fMimeContent))
		}
	}
	if add := child(e, "AdditionalProperties"); add != nil {
		for _, p := range add.ChildElements() {
			pp, err := parsePath(p)
			if err != nil {
				return nil, err
			}
			switch pp.kind {
			case pathField, pathIndexed:
				// An IndexedFieldURI selects the whole dictionary (all its
				// entries are written).
				f, ok := itemFieldURIs[pp.uri]
				if ok && f == fInternetMessageHeaders {
					s.bodies.addHeader(pp)
				}
				if !ok {
					// Fields of other item types (calendar:, contacts:,
					// task:, ...) and item fields not implemented yet are
					// left out of the response rather than failing it.
					continue
				}
				s.fields = s.fields.or(bits(f))
			case pathExtended:
				x := pp.ext
				s.ext = append(s.ext, &x)
			}
		}
	}
	if find {
		s.fields = s.fields.andNot(findExcluded)
	}
	// The same field set resolves the same until the mailbox maps a new
	// name (shapecache.go).
	lk, hit := c.cachedShape(s)
	if hit {
		return s, nil
	}
	if s.fields.has(fCategories) {
		x := categoriesExt
		s.ext = append(s.ext, &x)
		s.named = map[int]*extProp{fCategories: &x}
	}
	// Resolve the named fields' properties, with the extended ones and
	// the contact groups, in one store call (shape_named.go).
	var fs []int
	var nps []mapi.NamedProp
	for f := 0; f < numItemFields; f++ {
		if np, ok := fieldNamed[f]; ok && s.fields.has(f) {
			fs = append(fs, f)
			nps = append(nps, np)
		}
	}
	nEmail := 0
	if s.fields.has(fEmailAddresses) {
		for _, row := range emailNamed {
			nps = append(nps, row[:]...)
		}
		nEmail = 9
	}
	tags, err := c.resolveShapeNamed(s, nps)
	if err != nil {
		return nil, err
	}
	if s.named != nil {
		// Categories is written as its field, not as an ExtendedProperty.
		s.ext = s.ext[:len(s.ext)-1]
	}
	for i, f := range fs {
		s.namedTags[f] = tags[i]
	}
	for i := 0; i < nEmail; i++ {
		s.emailTags[i/3][i%3] = tags[len(fs)+i]
	}
	c.storeShape(lk, s)
	return s, nil
}

// namedTags returns the mailbox's tags of nps without creating any (0:
// unmapped), in one store call; resolveNamed without an extProp per
// property, for the dozens of named fields of a shape.
func (c *call) namedTags(nps []mapi.NamedProp) ([]mapi.PropTag, error) {
	tags := make([]mapi.PropTag, len(nps))
	if len(nps) == 0 {
		return tags, nil
	}
	names := make([]mapi.PropertyName, len(nps))
	for i, p := range nps {
		names[i] = p.PropertyName()
	}
	ids, ok, err := c.propIDs(names, false)
	if err != nil {
		return nil, err
	}
	if !ok {
		return tags, nil // nothing named can be stored: every one stays unmapped
	}
	for i, id := range ids {
		if id != 0 && i < len(tags) {
			tags[i] = mapi.NewPropTag(id, nps[i].Type())
		}
	}
	return tags, nil
}

// tags returns the properties to read for the shape (computed once; the
// slice is shared and must not be modified).
func (s *itemShape) tags() []mapi.PropTag {
	if s.tagCache == nil {
		if t := s.sharedTags(); t != nil {
			s.tagCache = t
		} else {
			s.tagCache = s.computeTags()
		}
	}
	return s.tagCache
}

func (s *itemShape) computeTags() []mapi.PropTag {
	t := make([]mapi.PropTag, 0, 32)
	t = append(t, mapi.PidTagMessageClass)
	for f := 0; f < numItemFields; f++ {
		if s.fields.has(f) {
			t = append(t, fieldTags[f]...)
		}
	}
	for _, x := range s.ext {
		if x.resolved != 0 {
			t = append(t, x.resolved)
		}
	}
	if x := s.named[fCategories]; x != nil && x.resolved != 0 {
		t = append(t, x.resolved)
	}
	for _, nt := range s.namedTags {
		if nt != 0 {
			t = append(t, nt)
		}
	}
	for _, row := range s.emailTags {
		for _, et := range row {
			if et != 0 {
				t = append(t, et)
			}
		}
	}
	if s.fields.has(fDisplayName) {
		t = append(t, mapi.PidTagDisplayName)
	}
	t = append(t, s.cxTags()...)
	for _, f := range contactStringOrder {
		if s.fields.has(f) && f != fDisplayName {
			t = append(t, contactStrings[f].tag)
		}
	}
	// Several fields share properties (PidTagMessageFlags holds six of
	// them): ask the store for each once.
	out := make([]mapi.PropTag, 0, len(t))
	for _, tag := range t {
		if !slices.Contains(out, tag) {
			out = append(out, tag)
		}
	}
	return out
}

// itemElement returns the element an item of class cls is written as.
// Only messages have their own type so far; everything else is a plain
// t:Item with the ItemType fields.
func itemElement(cls string) (string, bool) {
	switch {
	case cls == "", hasClassPrefix(cls, "IPM.Note"), hasClassPrefix(cls, "REPORT"), hasClassPrefix(cls, "IPM.Outlook.Recall"):
		return "t:Message", true
	case hasClassPrefix(cls, "IPM.Appointment"):
		return "t:CalendarItem", false
	case hasClassPrefix(cls, "IPM.Schedule.Meeting"):
		return meetingElement(cls), true
	case hasClassPrefix(cls, "IPM.Contact"):
		return "t:Contact", false
	case hasClassPrefix(cls, "IPM.Task"):
		return "t:Task", false
	case hasClassPrefix(cls, "IPM.Post"):
		return "t:PostItem", false // postitem.go
	case hasClassPrefix(cls, "IPM.DistList"):
		return "t:DistributionList", false // distlist.go
	}
	return "t:Item", false
}

// itemData is what an item is written from: a store message or a table
// row.
type itemData struct {
	fid    store.FID
	mid    store.MID
	props  []mapi.PropValue
	recips []store.Recipient
	msg    *store.Message // nil for table rows
	// occurrence marks one instance of a series in a CalendarView, with
	// its own start and end.
	occurrence bool
	start, end time.Time
	original   time.Time
	// exception marks a modified occurrence (its props carry the
	// exception's values, see applyException).
	exception bool
	// nest, for a message embedded in an attachment (GetAttachment of an
	// ItemAttachment), locates it so that its own attachments get IDs
	// (attachments.go).
	nest *attachParent
}

func (c *call) writeItemID(name string, mid store.MID, fid store.FID, ck []byte) {
	c.w.b = append(c.w.b, '<')
	c.w.raw(name)
	c.w.raw(` Id="`)
	c.w.b = c.appendMessageID(c.w.b, fid, mid) // idprefix.go
	if ck != nil {
		c.w.raw(`" ChangeKey="`)
		c.w.b = appendChangeKey(c.w.b, ck)
	}
	c.w.raw(`"/>`)
}

// writeItem writes one item in shape s.
func (c *call) writeItem(it *itemData, s *itemShape) error {
	cls, _ := getString(it.props, mapi.PidTagMessageClass)
	el, isMsg := itemElement(cls)
	c.w.open(el)
	flags, _ := getInt(it.props, mapi.PidTagMessageFlags)
	p := it.props
	for _, f8 := range s.writeFields(el, isMsg) {
		f := int(f8)
		if f == fExtended {
			for _, x := range s.ext {
				if x.resolved == 0 {
					continue
				}
				v := getExt(p, x.resolved)
				if v == nil && x.resolved == pidTagInternetArticleNumber && it.mid != 0 {
					// QUIRK: DavMail uses PR_INTERNET_ARTICLE_NUMBER as the
					// IMAP UID and ignores messages without one
					// (captures/davmail-full 012 sorts on it); the store
					// keeps none, so the MID's global counter, unique and
					// increasing in the mailbox, stands in.
					v = int32(it.mid.GlobalCounter())
				}
				if v != nil {
					c.w.extendedProperty(x, v)
				}
			}
			continue
		}
		switch f {
		case fMimeContent:
			if it.msg != nil {
				if err := c.writeMime(it.msg); err != nil {
					return err
				}
			}
		case fItemID:
			ck, _ := getBytes(p, mapi.PidTagChangeKey)
			if it.occurrence {
				c.w.raw(`<t:ItemId Id="`)
				c.w.b = ObjectID{Kind: KindOccurrence, Mailbox: c.mailboxGUID(), Folder: it.fid, Message: it.mid,
					Attach: recur.TimeToMinutes(it.original)}.AppendText(c.w.b)
				c.w.raw(`" ChangeKey="`)
				c.w.b = appendChangeKey(c.w.b, ck)
				c.w.raw(`"/>`)
				continue
			}
			c.writeItemID("t:ItemId", it.mid, it.fid, ck)
		case fParentFolderID:
			c.writeParentFolderID(it.fid)
		case fItemClass:
			if cls == "" {
				cls = "IPM.Note"
			}
			c.w.elem("t:ItemClass", cls)
		case fSubject:
			if v, ok := getString(p, mapi.PidTagSubject); ok {
				c.w.elem("t:Subject", v)
			}
		case fSensitivity:
			v, _ := getInt(p, mapi.PidTagSensitivity)
			c.w.elem("t:Sensitivity", [...]string{"Normal", "Personal", "Private", "Confidential"}[clampIdx(v, 4, 0)])
		case fBody:
			c.writeBodyFiltered("t:Body", p, s.bodyType, s.bodies.filter, false)
		case fInternetMessageHeaders, fUniqueBody, fNormalizedBody, fTextBody:
			c.writeBodyField(f, p, s)
		case fAttachments:
			if it.msg != nil && len(it.msg.Attachments) > 0 && (it.mid != 0 || it.nest != nil) {
				c.w.open("t:Attachments")
				for i := range it.msg.Attachments {
					c.writeAttachment(it, &it.msg.Attachments[i], false, s)
				}
				c.w.close("t:Attachments")
			}
		case fDateTimeReceived:
			if v, ok := getTime(p, mapi.PidTagMessageDeliveryTime); ok {
				c.w.elemTime("t:DateTimeReceived", v)
			}
		case fSize:
			if v, ok := getInt(p, mapi.PidTagMessageSize); ok {
				c.w.elemInt("t:Size", v)
			}
		case fCategories:
			if x := s.named[fCategories]; x != nil && x.resolved != 0 {
				if v, ok := get(p, x.resolved).([]string); ok && len(v) > 0 {
					c.w.open("t:Categories")
					for _, s := range v {
						c.w.elem("t:String", s)
					}
					c.w.close("t:Categories")
				}
			}
		case fImportance:
			v, ok := getInt(p, mapi.PidTagImportance)
			if !ok {
				v = 1
			}
			c.w.elem("t:Importance", [...]string{"Low", "Normal", "High"}[clampIdx(v, 3, 1)])
		case fInReplyTo:
			if v, ok := getString(p, mapi.PidTagInReplyToId); ok {
				c.w.elem("t:InReplyTo", v)
			}
		case fIsSubmitted:
			c.w.elemBool("t:IsSubmitted", flags&msgflagSubmitted != 0)
		case fIsDraft:
			c.w.elemBool("t:IsDraft", flags&msgflagUnsent != 0)
		case fIsFromMe:
			c.w.elemBool("t:IsFromMe", flags&msgflagFromMe != 0)
		case fIsResend:
			c.w.elemBool("t:IsResend", flags&msgflagResend != 0)
		case fIsUnmodified:
			c.w.elemBool("t:IsUnmodified", flags&msgflagUnmodified != 0)
		case fDateTimeSent:
			if v, ok := getTime(p, mapi.PidTagClientSubmitTime); ok {
				c.w.elemTime("t:DateTimeSent", v)
			}
		case fDateTimeCreated:
			if v, ok := getTime(p, mapi.PidTagCreationTime); ok {
				c.w.elemTime("t:DateTimeCreated", v)
			}
		case fResponseObjects:
			c.writeResponseObjects(it, s, el) // responseobjects.go
		case fEffectiveRights:
			if err := c.writeItemEffectiveRights(it); err != nil { // responseobjects.go
				return err
			}
		case fDisplayCc:
			v, _ := getString(p, mapi.PidTagDisplayCc)
			c.w.elem("t:DisplayCc", v)
		case fDisplayTo:
			v, _ := getString(p, mapi.PidTagDisplayTo)
			c.w.elem("t:DisplayTo", v)
		case fDisplayBcc:
			v, _ := getString(p, mapi.PidTagDisplayBcc)
			c.w.elem("t:DisplayBcc", v)
		case fHasAttachments:
			v, _ := getBool(p, mapi.PidTagHasAttachments)
			c.w.elemBool("t:HasAttachments", v)
		case fLastModifiedName:
			if v, ok := getString(p, mapi.PidTagLastModifierName); ok {
				c.w.elem("t:LastModifiedName", v)
			}
		case fLastModifiedTime:
			if v, ok := getTime(p, mapi.PidTagLastModificationTime); ok {
				c.w.elemTime("t:LastModifiedTime", v)
			}
		case fIsAssociated:
			c.w.elemBool("t:IsAssociated", flags&msgflagAssociated != 0)
		case fSender:
			c.writeSingleRecipient("t:Sender", p, mapi.PidTagSenderName, mapi.PidTagSenderSmtpAddress, mapi.PidTagSenderEmailAddress, mapi.PidTagSenderAddressType)
		case fToRecipients:
			c.writeRecipients("t:ToRecipients", it.recips, 1)
		case fCcRecipients:
			c.writeRecipients("t:CcRecipients", it.recips, 2)
		case fBccRecipients:
			c.writeRecipients("t:BccRecipients", it.recips, 3)
		case fIsReadReceiptRequested:
			v, _ := getBool(p, mapi.PidTagReadReceiptRequested)
			c.w.elemBool("t:IsReadReceiptRequested", v)
		case fIsDeliveryReceiptRequested:
			v, _ := getBool(p, mapi.PidTagOriginatorDeliveryReportRequested)
			c.w.elemBool("t:IsDeliveryReceiptRequested", v)
		case fConversationIndex:
			if v, ok := getBytes(p, mapi.PidTagConversationIndex); ok {
				c.w.elemBase64("t:ConversationIndex", v)
			}
		case fConversationTopic:
			if v, ok := getString(p, mapi.PidTagConversationTopic); ok {
				c.w.elem("t:ConversationTopic", v)
			}
		case fFrom:
			c.writeSingleRecipient("t:From", p, mapi.PidTagSentRepresentingName, mapi.PidTagSentRepresentingSmtpAddress, mapi.PidTagSentRepresentingEmailAddress, mapi.PidTagSentRepresentingAddressType)
		case fInternetMessageID:
			if v, ok := getString(p, mapi.PidTagInternetMessageId); ok {
				c.w.elem("t:InternetMessageId", v)
			}
		case fIsRead:
			c.w.elemBool("t:IsRead", flags&msgflagRead != 0)
		case fIsResponseRequested:
			if v, ok := getBool(p, mapi.PidTagResponseRequested); ok {
				c.w.elemBool("t:IsResponseRequested", v)
			}
		case fReferences:
			if v, ok := getString(p, mapi.PidTagInternetReferences); ok {
				c.w.elem("t:References", v)
			}
		case fReminderIsSet:
			if t := s.tag(f); t != 0 {
				v, _ := getBool(p, t)
				c.w.elemBool("t:ReminderIsSet", v)
			}
		case fReminderMinutesBeforeStart:
			if t := s.tag(f); t != 0 {
				if v, ok := getInt(p, t); ok {
					c.w.elemInt("t:ReminderMinutesBeforeStart", v)
				}
			}
		case fStart, fEnd:
			if it.occurrence {
				c.w.elemTime(map[bool]string{true: "t:Start", false: "t:End"}[f == fStart], map[bool]time.Time{true: it.start, false: it.end}[f == fStart])
				continue
			}
			if t := s.tag(f); t != 0 {
				if v, ok := getTime(p, t); ok {
					c.w.elemTime(map[bool]string{true: "t:Start", false: "t:End"}[f == fStart], v)
				}
			}
		case fIsAllDayEvent:
			v, _ := getBool(p, s.tag(f))
			c.w.elemBool("t:IsAllDayEvent", v)
		case fLegacyFreeBusyStatus:
			v, ok := getInt(p, s.tag(f))
			if !ok {
				v = 2
			}
			c.w.elem("t:LegacyFreeBusyStatus", freeBusyNames[clampIdx(v, len(freeBusyNames), 2)])
		case fLocation:
			if v, ok := getString(p, s.tag(f)); ok && s.tag(f) != 0 {
				c.w.elem("t:Location", v)
			}
		case fIsMeeting:
			v, _ := getInt(p, s.tag(f))
			c.w.elemBool("t:IsMeeting", v&asfMeeting != 0)
		case fIsCancelled:
			v, _ := getInt(p, s.tag(f))
			c.w.elemBool("t:IsCancelled", v&asfCanceled != 0)
		case fIsRecurring:
			v, _ := getBool(p, s.tag(f))
			c.w.elemBool("t:IsRecurring", v)
		case fCalendarItemType:
			switch _, series := getBytes(p, s.tag(f)); {
			case it.exception:
				c.w.elem("t:CalendarItemType", "Exception")
			case it.occurrence:
				c.w.elem("t:CalendarItemType", "Occurrence")
			case series && s.tag(f) != 0:
				c.w.elem("t:CalendarItemType", "RecurringMaster")
			default:
				c.w.elem("t:CalendarItemType", "Single")
			}
		case fRecurrence:
			if b, ok := getBytes(p, s.tag(f)); ok && s.tag(f) != 0 && !it.occurrence {
				if pat, err := recur.ParseAppointmentRecurrencePattern(b); err == nil {
					c.writeRecurrence(pat)
				}
			}
		case fOrganizer:
			c.writeSingleRecipient("t:Organizer", p, mapi.PidTagSentRepresentingName, mapi.PidTagSentRepresentingSmtpAddress, mapi.PidTagSentRepresentingEmailAddress, mapi.PidTagSentRepresentingAddressType)
		case fRequiredAttendees:
			c.writeAttendees("t:RequiredAttendees", it.recips, 1)
		case fOptionalAttendees:
			c.writeAttendees("t:OptionalAttendees", it.recips, 2)
		case fResources:
			c.writeAttendees("t:Resources", it.recips, 3)
		case fUID, fOriginalStart, fMeetingRequestWasSent, fMyResponseType, fAppointmentReplyTime, fAppointmentSequenceNumber,
			fAppointmentState, fFirstOccurrence, fLastOccurrence, fModifiedOccurrences, fDeletedOccurrences,
			fAssociatedCalendarItemID, fIsOutOfDate, fHasBeenProcessed, fResponseType, fMeetingRequestType, fIntendedFreeBusyStatus:
			if err := c.writeMeetingField(it, s, f, el); err != nil {
				return err
			}
		case fRecurrenceId, fProposedStart, fProposedEnd, fConflictingMeetingCount, fAdjacentMeetingCount, fConflictingMeetings, fAdjacentMeetings:
			if err := c.writeMeeting2Field(it, s, f, el); err != nil { // meetings2.go
				return err
			}
		case fStartTimeZone, fEndTimeZone:
			c.writeItemTimeZone(f, p, s.tag(f))
		case fFileAs:
			if v, ok := getString(p, s.tag(f)); ok && s.tag(f) != 0 {
				c.w.elem("t:FileAs", v)
			}
		case fEmailAddresses:
			n := 0
			for i, row := range s.emailTags {
				if row[0] == 0 {
					continue
				}
				v, ok := getString(p, row[0])
				if !ok || v == "" {
					continue
				}
				if n == 0 {
					c.w.open("t:EmailAddresses")
				}
				n++
				c.w.raw(`<t:Entry Key="EmailAddress` + strconv.Itoa(i+1) + `">`)
				c.w.text(v)
				c.w.raw(`</t:Entry>`)
			}
			if n > 0 {
				c.w.close("t:EmailAddresses")
			}
		case fPhoneNumbers:
			n := 0
			for _, k := range phoneKeys {
				v, ok := getString(p, k.tag)
				if !ok || v == "" {
					continue
				}
				if n == 0 {
					c.w.open("t:PhoneNumbers")
				}
				n++
				c.w.raw(`<t:Entry Key="` + k.key + `">`)
				c.w.text(v)
				c.w.raw(`</t:Entry>`)
			}
			n = c.writeExtraPhones(p, s, n)
			if n > 0 {
				c.w.close("t:PhoneNumbers")
			}
		case fBirthday:
			if v, ok := getTime(p, mapi.PidTagBirthday); ok {
				c.w.elemTime("t:Birthday", v)
			}
		case fPhysicalAddresses, fPostalAddressIndex, fImAddresses, fChildren, fCompanies, fMileage, fWeddingAnniversary, fCompleteName, fHasPicture, fContactSource:
			c.writeContactX(f, p, s)
		case fFileAsMapping, fPhoneticFullName, fPhoneticFirstName, fPhoneticLastName, fAlias, fNotes, fPhoto,
			fUserSMIMECertificate, fMSExchangeCertificate, fGender:
			c.writeContact3(f, it, s) // contacts3.go
		case fActualWork, fTotalWork:
			if v, ok := getInt(p, s.tag(f)); ok && s.tag(f) != 0 {
				c.w.elemInt(map[bool]string{true: "t:ActualWork", false: "t:TotalWork"}[f == fActualWork], v)
			}
		case fBillingInformation, fOwner:
			if v, ok := getString(p, s.tag(f)); ok && s.tag(f) != 0 {
				c.w.elem(map[bool]string{true: "t:BillingInformation", false: "t:Owner"}[f == fBillingInformation], v)
			}
		case fCompleteDate, fDueDate, fTaskStartDate:
			if v, ok := getTime(p, s.tag(f)); ok && s.tag(f) != 0 {
				c.w.elemTime(map[int]string{fCompleteDate: "t:CompleteDate", fDueDate: "t:DueDate", fTaskStartDate: "t:StartDate"}[f], v)
			}
		case fIsComplete:
			v, _ := getBool(p, s.tag(f))
			c.w.elemBool("t:IsComplete", v)
		case fPercentComplete:
			v, _ := get(p, s.tag(f)).(float64)
			c.w.raw("<t:PercentComplete>" + strconv.FormatFloat(v*100, 'f', -1, 64) + "</t:PercentComplete>")
		case fTaskStatus:
			v, _ := getInt(p, s.tag(f))
			c.w.elem("t:Status", taskStatuses[clampIdx(v, len(taskStatuses), 0)])
		case fTaskIsRecurring, fTaskRecurrence:
			c.writeTaskRecurField(f, p, s)
		default:
			if cs, ok := contactStrings[f]; ok {
				if v, ok := getString(p, cs.tag); ok {
					c.w.elem("t:"+cs.elem, v)
				}
			}
		}
	}
	c.writeItemTail(el, it, s)
	c.w.close(el)
	return nil
}

func clampIdx(v int64, n int, dflt int) int {
	if v < 0 || v >= int64(n) {
		return dflt
	}
	return int(v)
}

// writeMailbox writes an EmailAddressType's content.
func (c *call) writeMailbox(name, smtp, addr, addrType string) {
	c.w.open("t:Mailbox")
	if name != "" {
		c.w.elem("t:Name", name)
	}
	// The constant tails are written as they are, in one append each.
	switch {
	case smtp != "":
		c.w.elem("t:EmailAddress", smtp)
		c.w.raw(`<t:RoutingType>SMTP</t:RoutingType>` + mailboxTail)
		return
	case addr != "":
		c.w.elem("t:EmailAddress", addr)
		if addrType != "" {
			c.w.elem("t:RoutingType", addrType)
		}
	}
	c.w.raw(mailboxTail)
}

// mailboxTail ends writeMailbox's t:Mailbox.
const mailboxTail = `<t:MailboxType>Mailbox</t:MailboxType></t:Mailbox>`

func (c *call) writeSingleRecipient(el string, p []mapi.PropValue, nameTag, smtpTag, addrTag, typeTag mapi.PropTag) {
	name, _ := getString(p, nameTag)
	smtp, _ := getString(p, smtpTag)
	addr, _ := getString(p, addrTag)
	typ, _ := getString(p, typeTag)
	if smtp == "" && strings.EqualFold(typ, "SMTP") {
		smtp = addr
	}
	if name == "" && smtp == "" && addr == "" {
		return
	}
	c.w.open(el)
	c.writeMailbox(name, smtp, addr, typ)
	c.w.close(el)
}

func (c *call) writeRecipients(el string, recips []store.Recipient, typ int64) {
	n := 0
	for _, r := range recips {
		if t, _ := getInt(r.Props, mapi.PidTagRecipientType); t&0xF != typ {
			continue
		}
		if n == 0 {
			c.w.open(el)
		}
		n++
		name, _ := getString(r.Props, mapi.PidTagDisplayName)
		smtp, _ := getString(r.Props, mapi.PidTagSmtpAddress)
		addr, _ := getString(r.Props, mapi.PidTagEmailAddress)
		at, _ := getString(r.Props, mapi.PidTagAddressType)
		if smtp == "" && strings.EqualFold(at, "SMTP") {
			smtp = addr
		}
		c.writeMailbox(name, smtp, addr, at)
	}
	if n > 0 {
		c.w.close(el)
	}
}

// writeAttendees writes attendees of one recipient type
// ([MS-OXWSMTGS] AttendeeType).
func (c *call) writeAttendees(el string, recips []store.Recipient, typ int64) {
	n := 0
	for _, r := range recips {
		if t, _ := getInt(r.Props, mapi.PidTagRecipientType); t&0xF != typ {
			continue
		}
		if f, _ := getInt(r.Props, mapi.PidTagRecipientFlags); f&0x2 != 0 {
			continue // the organizer's row (recipOrganizer, [MS-OXOCAL] 2.2.4.10.1) is t:Organizer
		}
		if n == 0 {
			c.w.open(el)
		}
		n++
		name, _ := getString(r.Props, mapi.PidTagDisplayName)
		smtp, _ := getString(r.Props, mapi.PidTagSmtpAddress)
		addr, _ := getString(r.Props, mapi.PidTagEmailAddress)
		at, _ := getString(r.Props, mapi.PidTagAddressType)
		c.w.open("t:Attendee")
		c.writeMailbox(name, smtp, addr, at)
		c.writeAttendeeResponse(r.Props)
		c.w.close("t:Attendee")
	}
	if n > 0 {
		c.w.close(el)
	}
}

// namedTag returns the mailbox's tag of a named property (0 when it is
// unmapped and create is false).
func (c *call) namedTag(np mapi.NamedProp, create bool) (mapi.PropTag, error) {
	x := extProp{typ: np.Type(), named: ptrName(np.PropertyName())}
	if err := c.resolveNamed([]*extProp{&x}, create); err != nil {
		return 0, err
	}
	return x.resolved, nil
}

func ptrName(n mapi.PropertyName) *mapi.PropertyName { return &n }

// writeBody writes t:Body in the requested type ([MS-OXWSCDATA]
// 2.2.4.8 BodyType): Best gives HTML when the message has HTML.
func (c *call) writeBody(p []mapi.PropValue, want string) {
	c.writeBodyFiltered("t:Body", p, want, false, false)
}

// textToHTML wraps plain text in a minimal HTML document.
func textToHTML(t string) string {
	var w xw
	w.raw("<html><body><pre>")
	w.text(t)
	w.raw("</pre></body></html>")
	return string(w.b)
}

// toOxcmail converts a store message to oxcmail's shape, naming the
// named properties.
func (c *call) toOxcmail(m *store.Message) (*oxcmail.Message, error) {
	out := &oxcmail.Message{}
	var ids []mapi.PropID
	for _, p := range m.Props {
		if p.Tag.ID().IsNamed() {
			ids = append(ids, p.Tag.ID())
		} else {
			out.Props = append(out.Props, p)
		}
	}
	if len(ids) > 0 {
		if np, ok := c.mb.(store.NamedProperties); ok {
			names, err := np.PropNames(c.ctx, ids)
			if err != nil {
				return nil, err
			}
			i := 0
			for _, p := range m.Props {
				if p.Tag.ID().IsNamed() {
					if names[i].Kind != mapi.NameKindNone {
						out.Named = append(out.Named, oxcmail.NamedValue{Name: names[i], Type: p.Tag.Type(), Value: p.Value})
					}
					i++
				}
			}
		}
	}
	for _, r := range m.Recipients {
		out.Recipients = append(out.Recipients, oxcmail.Recipient{Props: r.Props})
	}
	for _, a := range m.Attachments {
		oa := oxcmail.Attachment{Props: a.Props}
		if a.Embedded != nil {
			em, err := c.toOxcmail(a.Embedded)
			if err != nil {
				return nil, err
			}
			oa.Embedded = em
		}
		out.Attachments = append(out.Attachments, oa)
	}
	return out, nil
}

// writeMime writes t:MimeContent from oxcmail.Export.
func (c *call) writeMime(m *store.Message) error {
	if ok, err := c.writeItemMime(m); ok {
		return err // iCalendar or vCard (mimecal.go)
	}
	m, err := c.withCalendarPart(m)
	if err != nil {
		return err
	}
	om, err := c.toOxcmail(m)
	if err != nil {
		return err
	}
	raw, err := oxcmail.Export(om, &oxcmail.ExportOptions{IncludeBcc: true})
	if err != nil {
		return &Error{Code: ErrorMimeContentConversionFailed, Message: "The MIME content could not be generated.", Err: err}
	}
	c.w.raw(`<t:MimeContent CharacterSet="UTF-8">`)
	c.w.b = appendBase64(c.w.b, raw)
	c.w.raw(`</t:MimeContent>`)
	return nil
}

// pidTagInternetArticleNumber is PidTagInternetArticleNumber
// ([MS-OXPROPS] 2.743), not in mapi's generated list.
var pidTagInternetArticleNumber = mapi.NewPropTag(0x0E23, mapi.PtypInteger32)

package ews

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/beevik/etree"
)

// TestDumpResponses writes responses to every captured request and to
// one request per implemented operation into $EWS_DUMP, for the interop
// suite to validate against the EWS schemas with xmllint (interop/suites/ews.sh).
func TestDumpResponses(t *testing.T) {
	dir := os.Getenv("EWS_DUMP")
	if dir == "" {
		t.Skip("EWS_DUMP not set: only the interop suite (xmllint schema validation) runs this")
	}
	files, _ := filepath.Glob("testdata/requests/*.xml")
	e := newEnv(t)
	id, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>s</t:Subject><t:Categories><t:String>c</t:String></t:Categories>`+recips)
	extra := map[string]string{
		"getitem-all":  `<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent></m:ItemShape><m:ItemIds>` + itemID(id) + itemID("bad") + `</m:ItemIds></m:GetItem>`,
		"finditem":     `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:IndexedPageItemView MaxEntriesReturned="10" Offset="0" BasePoint="Beginning"/><m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds></m:FindItem>`,
		"syncitems":    `<m:SyncFolderItems><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:SyncFolderId>` + dist("inbox") + `</m:SyncFolderId><m:MaxChangesReturned>10</m:MaxChangesReturned></m:SyncFolderItems>`,
		"synchier":     `<m:SyncFolderHierarchy><m:FolderShape><t:BaseShape>AllProperties</t:BaseShape></m:FolderShape></m:SyncFolderHierarchy>`,
		"update":       `<m:UpdateItem ConflictResolution="AlwaysOverwrite" MessageDisposition="SaveOnly"><m:ItemChanges><t:ItemChange>` + itemID(id) + `<t:Updates><t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:Message><t:Subject>x</t:Subject></t:Message></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`,
		"copy":         `<m:CopyItem><m:ToFolderId>` + dist("drafts") + `</m:ToFolderId><m:ItemIds>` + itemID(id) + `</m:ItemIds></m:CopyItem>`,
		"createfolder": `<m:CreateFolder><m:ParentFolderId>` + dist("inbox") + `</m:ParentFolderId><m:Folders><t:Folder><t:DisplayName>F</t:DisplayName></t:Folder></m:Folders></m:CreateFolder>`,
		"findfolder":   `<m:FindFolder Traversal="Deep"><m:FolderShape><t:BaseShape>AllProperties</t:BaseShape></m:FolderShape><m:ParentFolderIds>` + dist("root") + `</m:ParentFolderIds></m:FindFolder>`,
		"resolve":      `<m:ResolveNames ReturnFullContactData="true"><m:UnresolvedEntry>user</m:UnresolvedEntry></m:ResolveNames>`,
		"resolve1":     `<m:ResolveNames ReturnFullContactData="true"><m:UnresolvedEntry>user2@example.com</m:UnresolvedEntry></m:ResolveNames>`,
		"convert":      `<m:ConvertId DestinationFormat="HexEntryId"><m:SourceIds><t:AlternateId Format="EwsId" Id="` + id + `" Mailbox="user1@example.com"/></m:SourceIds></m:ConvertId>`,
		"manifests":    `<m:GetAppManifests/>`,
		"market":       `<m:GetAppMarketplaceUrl/>`,
		"svccfg":       `<m:GetServiceConfiguration><m:RequestedConfiguration><m:ConfigurationName>MailTips</m:ConfigurationName></m:RequestedConfiguration></m:GetServiceConfiguration>`,
		"markread":     `<m:MarkAllItemsAsRead><m:ReadFlag>true</m:ReadFlag><m:SuppressReadReceipts>true</m:SuppressReadReceipts><m:FolderIds>` + dist("inbox") + `</m:FolderIds></m:MarkAllItemsAsRead>`,
		"fault":        `<m:Nope/>`,
	}
	write := func(name string, doc *etree.Document) {
		doc.WriteToFile(filepath.Join(dir, name))
	}
	permsDumps(t, e, write)
	otherDumps(t, newEnv(t), write) // othermbx_dump_test.go
	doc := e.call(`<m:CreateAttachment><m:ParentItemId Id="` + id + `"/><m:Attachments><t:FileAttachment><t:Name>a.txt</t:Name><t:Content>aGk=</t:Content></t:FileAttachment>` +
		`<t:ItemAttachment><t:Name>m</t:Name><t:Message><t:Subject>e</t:Subject></t:Message></t:ItemAttachment></m:Attachments></m:CreateAttachment>`)
	var attIDs string
	for _, a := range doc.FindElements("//AttachmentId") {
		attIDs += `<t:AttachmentId Id="` + a.SelectAttrValue("Id", "") + `"/>`
	}
	extra["getitem-attachments"] = `<m:GetItem><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ItemIds>` + itemID(id) + `</m:ItemIds></m:GetItem>`
	extra["getattachment"] = `<m:GetAttachment><m:AttachmentIds>` + attIDs + `<t:AttachmentId Id="AAAA"/></m:AttachmentIds></m:GetAttachment>`
	extra["createattachment"] = `<m:CreateAttachment><m:ParentItemId Id="` + id + `"/><m:Attachments><t:FileAttachment><t:Name>b.txt</t:Name><t:Content>aGk=</t:Content></t:FileAttachment></m:Attachments></m:CreateAttachment>`
	sub := e.call(`<m:Subscribe><m:PullSubscriptionRequest><t:FolderIds>` + dist("inbox") + `</t:FolderIds><t:EventTypes><t:EventType>CreatedEvent</t:EventType><t:EventType>MovedEvent</t:EventType></t:EventTypes><t:Timeout>5</t:Timeout></m:PullSubscriptionRequest></m:Subscribe>`)
	write("subscribe.xml", sub)
	sid := text(sub.Root(), "SubscriptionId")
	mid, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>ev</t:Subject>`)
	e.call(`<m:MoveItem><m:ToFolderId>` + dist("drafts") + `</m:ToFolderId><m:ItemIds>` + itemID(mid) + `</m:ItemIds></m:MoveItem>`)
	extra["getevents"] = `<m:GetEvents><m:SubscriptionId>` + sid + `</m:SubscriptionId><m:Watermark>` + encodeWatermark(0) + `</m:Watermark></m:GetEvents>`
	cal := e.call(`<m:CreateItem><m:Items><t:CalendarItem><t:Subject>c</t:Subject><t:Start>2024-01-02T10:00:00Z</t:Start><t:End>2024-01-02T11:00:00Z</t:End><t:Location>L</t:Location>` +
		`<t:RequiredAttendees><t:Attendee><t:Mailbox><t:EmailAddress>user2@example.com</t:EmailAddress></t:Mailbox></t:Attendee></t:RequiredAttendees></t:CalendarItem></m:Items></m:CreateItem>`)
	calID, _ := idOf(cal.Root(), "ItemId")
	extra["getcalendar"] = `<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds>` + itemID(calID) + `</m:ItemIds></m:GetItem>`
	extra["calendarview"] = `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:CalendarView StartDate="2024-01-01T00:00:00Z" EndDate="2024-02-01T00:00:00Z" MaxEntriesReturned="5"/><m:ParentFolderIds>` + dist("calendar") + `</m:ParentFolderIds></m:FindItem>`
	extra["setoof"] = `<m:SetUserOofSettingsRequest><t:Mailbox><t:Address>user1@example.com</t:Address></t:Mailbox><t:UserOofSettings><t:OofState>Scheduled</t:OofState><t:ExternalAudience>All</t:ExternalAudience><t:Duration><t:StartTime>2030-01-01T00:00:00Z</t:StartTime><t:EndTime>2030-01-02T00:00:00Z</t:EndTime></t:Duration><t:InternalReply><t:Message>x</t:Message></t:InternalReply></t:UserOofSettings></m:SetUserOofSettingsRequest>`
	extra["getoof"] = `<m:GetUserOofSettingsRequest><t:Mailbox><t:Address>user1@example.com</t:Address></t:Mailbox></m:GetUserOofSettingsRequest>`
	extra["availability"] = `<m:GetUserAvailabilityRequest><m:MailboxDataArray><t:MailboxData><t:Email><t:Address>user1@example.com</t:Address></t:Email><t:AttendeeType>Required</t:AttendeeType></t:MailboxData>` +
		`<t:MailboxData><t:Email><t:Address>x@example.com</t:Address></t:Email><t:AttendeeType>Required</t:AttendeeType></t:MailboxData></m:MailboxDataArray>` +
		`<t:FreeBusyViewOptions><t:TimeWindow><t:StartTime>2024-01-01T00:00:00Z</t:StartTime><t:EndTime>2024-01-03T00:00:00Z</t:EndTime></t:TimeWindow><t:RequestedView>DetailedMerged</t:RequestedView></t:FreeBusyViewOptions></m:GetUserAvailabilityRequest>`
	extra["timezones"] = `<m:GetServerTimeZones ReturnFullTimeZoneData="true"/>`
	extra["timezones-short"] = `<m:GetServerTimeZones ReturnFullTimeZoneData="false"><m:Ids><t:Id>UTC</t:Id></m:Ids></m:GetServerTimeZones>`
	con := e.call(`<m:CreateItem><m:SavedItemFolderId>` + dist("contacts") + `</m:SavedItemFolderId><m:Items><t:Contact><t:FileAs>F</t:FileAs><t:DisplayName>D</t:DisplayName><t:GivenName>G</t:GivenName>` +
		`<t:EmailAddresses><t:Entry Key="EmailAddress1">a@b.c</t:Entry></t:EmailAddresses><t:PhoneNumbers><t:Entry Key="MobilePhone">1</t:Entry></t:PhoneNumbers><t:Birthday>1990-01-02T00:00:00Z</t:Birthday><t:Surname>S</t:Surname></t:Contact></m:Items></m:CreateItem>`)
	conID, _ := idOf(con.Root(), "ItemId")
	extra["getcontact"] = `<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds>` + itemID(conID) + `</m:ItemIds></m:GetItem>`
	extra["findcontacts"] = `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ParentFolderIds>` + dist("contacts") + `</m:ParentFolderIds></m:FindItem>`
	extra["findpeople"] = `<m:FindPeople><m:IndexedPageItemView MaxEntriesReturned="5" Offset="0" BasePoint="Beginning"/><m:QueryString>user</m:QueryString></m:FindPeople>`
	extra["reply"] = `<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:ReplyToItem><t:ReferenceItemId Id="` + id + `"/><t:NewBodyContent BodyType="Text">x</t:NewBodyContent></t:ReplyToItem></m:Items></m:CreateItem>`
	rec := e.call(`<m:CreateItem><m:Items><t:CalendarItem><t:Subject>r</t:Subject><t:Start>2024-01-01T09:00:00Z</t:Start><t:End>2024-01-01T09:30:00Z</t:End>` +
		`<t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday</t:DaysOfWeek></t:WeeklyRecurrence><t:EndDateRecurrence><t:StartDate>2024-01-01</t:StartDate><t:EndDate>2024-02-01</t:EndDate></t:EndDateRecurrence></t:Recurrence>` +
		`<t:StartTimeZone Id="UTC"/></t:CalendarItem></m:Items></m:CreateItem>`)
	recID, _ := idOf(rec.Root(), "ItemId")
	extra["getrecurring"] = `<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds>` + itemID(recID) + `</m:ItemIds></m:GetItem>`
	task := e.call(`<m:CreateItem><m:Items><t:Task><t:Subject>t</t:Subject><t:DueDate>2030-01-01T00:00:00Z</t:DueDate><t:Status>Completed</t:Status><t:TotalWork>5</t:TotalWork></t:Task></m:Items></m:CreateItem>`)
	taskID, _ := idOf(task.Root(), "ItemId")
	extra["gettask"] = `<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds>` + itemID(taskID) + `</m:ItemIds></m:GetItem>`
	extra["photo"] = `<m:GetUserPhoto><m:Email>user1@example.com</m:Email><m:SizeRequested>HR48x48</m:SizeRequested></m:GetUserPhoto>`
	extra["delegate"] = `<m:GetDelegate IncludePermissions="true"><m:Mailbox><t:EmailAddress>user1@example.com</t:EmailAddress></m:Mailbox></m:GetDelegate>`
	extra["expanddl"] = `<m:ExpandDL><m:Mailbox><t:EmailAddress>nobody@example.com</t:EmailAddress></m:Mailbox></m:ExpandDL>`
	for k, v := range exportDumps(t, e) {
		extra[k] = v
	}
	rulesDump(t, e, extra) // rules_test.go
	for _, f := range files {
		b, _ := os.ReadFile(f)
		_, doc := e.postAs(user1, string(b))
		write(filepath.Base(f), doc)
	}
	for k, v := range extra {
		_, doc := e.postAs(user1, envelope(v))
		write(k+".xml", doc)
	}
	dumpMeetingResponses(t, dir)
	dumpMeetings2Responses(t, dir) // meetings2_test.go
}

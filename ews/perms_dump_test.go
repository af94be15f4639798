package ews

import (
	"testing"

	"github.com/beevik/etree"
)

// permsDumps adds the responses of the permission and delegate
// operations to TestDumpResponses (validated against the schemas by
// interop/suites/ews.sh): in order, since each step needs the one before.
func permsDumps(t *testing.T, e *env, write func(name string, doc *etree.Document)) {
	steps := []struct{ name, user, body string }{
		{"deleg-add", user1, `<m:AddDelegate>` + mailbox1 + `<m:DelegateUsers>` +
			delegateUserXML(user2, `<t:DelegatePermissions><t:CalendarFolderPermissionLevel>Editor</t:CalendarFolderPermissionLevel><t:InboxFolderPermissionLevel>Reviewer</t:InboxFolderPermissionLevel></t:DelegatePermissions>`,
				`<t:ReceiveCopiesOfMeetingMessages>true</t:ReceiveCopiesOfMeetingMessages><t:ViewPrivateItems>false</t:ViewPrivateItems>`) +
			delegateUserXML(user2, ``, ``) + delegateUserXML("nobody@example.com", ``, ``) +
			`</m:DelegateUsers><m:DeliverMeetingRequests>DelegatesOnly</m:DeliverMeetingRequests></m:AddDelegate>`},
		{"deleg-get", user1, `<m:GetDelegate IncludePermissions="true">` + mailbox1 + `</m:GetDelegate>`},
		{"deleg-get-ids", user1, `<m:GetDelegate IncludePermissions="false">` + mailbox1 + `<m:UserIds><t:UserId><t:PrimarySmtpAddress>` + user2 + `</t:PrimarySmtpAddress></t:UserId><t:UserId><t:PrimarySmtpAddress>` + user1 + `</t:PrimarySmtpAddress></t:UserId></m:UserIds></m:GetDelegate>`},
		{"deleg-update", user1, `<m:UpdateDelegate>` + mailbox1 + `<m:DelegateUsers>` + delegateUserXML(user2, `<t:DelegatePermissions><t:TasksFolderPermissionLevel>Author</t:TasksFolderPermissionLevel></t:DelegatePermissions>`, ``) +
			`</m:DelegateUsers><m:DeliverMeetingRequests>DelegatesAndMe</m:DeliverMeetingRequests></m:UpdateDelegate>`},
		{"perms-getfolder-other", user2, `<m:GetFolder><m:FolderShape><t:BaseShape>AllProperties</t:BaseShape></m:FolderShape><m:FolderIds>` + mbDist("calendar", user1) + mbDist("inbox", user1) + mbDist("tasks", user1) + mbDist("contacts", user1) + `</m:FolderIds></m:GetFolder>`},
		{"perms-finditem-other", user2, `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ParentFolderIds>` + mbDist("calendar", user1) + `</m:ParentFolderIds></m:FindItem>`},
		{"perms-set-calendar", user1, `<m:UpdateFolder><m:FolderChanges><t:FolderChange>` + dist("calendar") + `<t:Updates><t:SetFolderField><t:FieldURI FieldURI="folder:PermissionSet"/>` +
			`<t:CalendarFolder><t:PermissionSet><t:CalendarPermissions>` + calPerm(user2, "Editor") +
			`<t:CalendarPermission><t:UserId><t:DistinguishedUser>Default</t:DistinguishedUser></t:UserId><t:CalendarPermissionLevel>FreeBusyTimeAndSubjectAndLocation</t:CalendarPermissionLevel></t:CalendarPermission>` +
			`</t:CalendarPermissions></t:PermissionSet></t:CalendarFolder></t:SetFolderField></t:Updates></t:FolderChange></m:FolderChanges></m:UpdateFolder>`},
		{"perms-set-inbox", user1, `<m:UpdateFolder><m:FolderChanges><t:FolderChange>` + dist("inbox") + `<t:Updates><t:SetFolderField><t:FieldURI FieldURI="folder:PermissionSet"/>` +
			`<t:Folder><t:PermissionSet><t:Permissions><t:Permission><t:UserId><t:PrimarySmtpAddress>` + user2 + `</t:PrimarySmtpAddress></t:UserId>` +
			`<t:CanCreateItems>true</t:CanCreateItems><t:IsFolderVisible>true</t:IsFolderVisible><t:EditItems>Owned</t:EditItems><t:ReadItems>FullDetails</t:ReadItems><t:PermissionLevel>Custom</t:PermissionLevel></t:Permission>` +
			`</t:Permissions></t:PermissionSet></t:Folder></t:SetFolderField></t:Updates></t:FolderChange></m:FolderChanges></m:UpdateFolder>`},
		{"perms-getfolder", user1, `<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="folder:PermissionSet"/><t:FieldURI FieldURI="folder:EffectiveRights"/></t:AdditionalProperties></m:FolderShape><m:FolderIds>` +
			dist("calendar") + dist("inbox") + dist("contacts") + dist("tasks") + `</m:FolderIds></m:GetFolder>`},
		{"perms-findfolder", user1, `<m:FindFolder Traversal="Deep"><m:FolderShape><t:BaseShape>AllProperties</t:BaseShape></m:FolderShape><m:ParentFolderIds>` + dist("msgfolderroot") + `</m:ParentFolderIds></m:FindFolder>`},
		{"perms-error", user1, `<m:UpdateFolder><m:FolderChanges><t:FolderChange>` + dist("inbox") + `<t:Updates><t:SetFolderField><t:FieldURI FieldURI="folder:PermissionSet"/>` +
			`<t:Folder><t:PermissionSet><t:Permissions>` + calPerm(user2, "Editor") + `</t:Permissions></t:PermissionSet></t:Folder></t:SetFolderField></t:Updates></t:FolderChange></m:FolderChanges></m:UpdateFolder>`},
		{"deleg-remove", user1, `<m:RemoveDelegate>` + mailbox1 + `<m:UserIds><t:UserId><t:PrimarySmtpAddress>` + user2 + `</t:PrimarySmtpAddress></t:UserId><t:UserId><t:PrimarySmtpAddress>` + user1 + `</t:PrimarySmtpAddress></t:UserId></m:UserIds></m:RemoveDelegate>`},
		{"deleg-get-none", user1, `<m:GetDelegate IncludePermissions="true">` + mailbox1 + `</m:GetDelegate>`},
	}
	for _, s := range steps {
		_, doc := e.postAs(s.user, envelope(s.body))
		write(s.name+".xml", doc)
	}
}

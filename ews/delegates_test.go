package ews

import (
	"context"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// delegateView is the part of a t:DelegateUser the tests compare.
type delegateView struct {
	Code, User, Name                          string
	Calendar, Tasks, Inbox, Contacts, Notes   string
	Journal, ReceiveCopies, ViewPrivate, Perm string
}

func viewDelegates(doc *etree.Document) []delegateView {
	var out []delegateView
	for _, m := range doc.FindElements("//DelegateUserResponseMessageType") {
		v := delegateView{Code: text(m, "ResponseCode")}
		if u := m.SelectElement("DelegateUser"); u != nil {
			v.User, v.Name = text(u, "PrimarySmtpAddress"), text(u, "DisplayName")
			v.ReceiveCopies, v.ViewPrivate = text(u, "ReceiveCopiesOfMeetingMessages"), text(u, "ViewPrivateItems")
			if p := u.SelectElement("DelegatePermissions"); p != nil {
				v.Perm = "yes"
				v.Calendar, v.Tasks, v.Inbox = text(p, "CalendarFolderPermissionLevel"), text(p, "TasksFolderPermissionLevel"), text(p, "InboxFolderPermissionLevel")
				v.Contacts, v.Notes, v.Journal = text(p, "ContactsFolderPermissionLevel"), text(p, "NotesFolderPermissionLevel"), text(p, "JournalFolderPermissionLevel")
			}
		}
		out = append(out, v)
	}
	return out
}

func delegateUserXML(user, perms, extra string) string {
	return `<t:DelegateUser><t:UserId><t:PrimarySmtpAddress>` + user + `</t:PrimarySmtpAddress></t:UserId>` + perms + extra + `</t:DelegateUser>`
}

const mailbox1 = `<m:Mailbox><t:EmailAddress>` + user1 + `</t:EmailAddress></m:Mailbox>`

// TestDelegates covers AddDelegate, GetDelegate, UpdateDelegate and
// RemoveDelegate ([MS-OXWSDLGM] 3.1.4.1 to 3.1.4.4), what they store
// ([MS-OXODLGT] 2.2.2.2 delegate information object, folder
// permissions) and the access they give.
func TestDelegates(t *testing.T) { testDelegates(t, newEnv(t)) }

func testDelegates(t *testing.T, e *env) {
	// A third user, to have two delegates.
	ctx := context.Background()
	const user3 = "user3@example.com"
	if err := e.st.PutEntry(ctx, store.DirectoryEntry{Kind: store.EntryUser, SMTPAddress: user3, DisplayName: "User Three", Alias: "user3",
		LegacyDN: "/o=oxkit/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=user3"}, "secret"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.CreateMailbox(ctx, user3, nil); err != nil {
		t.Fatal(err)
	}

	// Before: no delegates, and user2 cannot see user1's calendar.
	doc := e.call(`<m:GetDelegate IncludePermissions="true">` + mailbox1 + `</m:GetDelegate>`)
	if text(doc.Root(), "DeliverMeetingRequests") != "DelegatesAndMe" || len(viewDelegates(doc)) != 0 {
		t.Fatalf("initial:\n%s", dump(doc))
	}
	if _, msgs := messages(e.callAs(user2, getFolderOp("Default", mbDist("calendar", user1)))); msgs[0].Code != "ErrorAccessDenied" {
		t.Fatalf("calendar before: %+v", msgs)
	}

	perms := `<t:DelegatePermissions><t:CalendarFolderPermissionLevel>Editor</t:CalendarFolderPermissionLevel><t:InboxFolderPermissionLevel>Reviewer</t:InboxFolderPermissionLevel></t:DelegatePermissions>`
	doc = e.call(`<m:AddDelegate>` + mailbox1 + `<m:DelegateUsers>` +
		delegateUserXML("user2@example.com", `<t:DelegatePermissions><t:CalendarFolderPermissionLevel>Custom</t:CalendarFolderPermissionLevel></t:DelegatePermissions>`, ``) +
		delegateUserXML(user2, perms, `<t:ReceiveCopiesOfMeetingMessages>true</t:ReceiveCopiesOfMeetingMessages><t:ViewPrivateItems>true</t:ViewPrivateItems>`) +
		delegateUserXML(user3, `<t:DelegatePermissions><t:TasksFolderPermissionLevel>Author</t:TasksFolderPermissionLevel></t:DelegatePermissions>`, ``) +
		delegateUserXML(user2, perms, ``) +
		delegateUserXML(user1, perms, ``) +
		delegateUserXML("nobody@example.com", perms, ``) +
		`</m:DelegateUsers><m:DeliverMeetingRequests>DelegatesAndSendInformationToMe</m:DeliverMeetingRequests></m:AddDelegate>`)
	if c := doc.Root().FindElement("//AddDelegateResponse"); c == nil || c.SelectAttrValue("ResponseClass", "") != "Success" {
		t.Fatalf("AddDelegate:\n%s", dump(doc))
	}
	u2 := delegateView{Code: "NoError", User: user2, Name: "User Two", Perm: "yes", Calendar: "Editor", Tasks: "None", Inbox: "Reviewer", Contacts: "None", Notes: "None", Journal: "None", ReceiveCopies: "true", ViewPrivate: "true"}
	u3 := delegateView{Code: "NoError", User: user3, Name: "User Three", Perm: "yes", Calendar: "None", Tasks: "Author", Inbox: "None", Contacts: "None", Notes: "None", Journal: "None", ReceiveCopies: "false", ViewPrivate: "false"}
	want := []delegateView{{Code: "ErrorInvalidDelegatePermission"}, u2, u3,
		{Code: "ErrorDelegateAlreadyExists"}, {Code: "ErrorDelegateCannotAddOwner"}, {Code: "ErrorDelegateNoUser"}}
	if d := cmp.Diff(want, viewDelegates(doc)); d != "" {
		t.Errorf("AddDelegate: %s", d)
	}

	doc = e.call(`<m:GetDelegate IncludePermissions="true">` + mailbox1 + `</m:GetDelegate>`)
	if d := cmp.Diff([]delegateView{u2, u3}, viewDelegates(doc)); d != "" {
		t.Errorf("GetDelegate: %s", d)
	}
	if got := text(doc.Root(), "DeliverMeetingRequests"); got != "DelegatesAndSendInformationToMe" {
		t.Errorf("DeliverMeetingRequests %q", got)
	}
	// UserIds and IncludePermissions false.
	doc = e.call(`<m:GetDelegate IncludePermissions="false">` + mailbox1 + `<m:UserIds><t:UserId><t:PrimarySmtpAddress>` + user3 +
		`</t:PrimarySmtpAddress></t:UserId><t:UserId><t:PrimarySmtpAddress>` + user1 + `</t:PrimarySmtpAddress></t:UserId></m:UserIds></m:GetDelegate>`)
	u3np := delegateView{Code: "NoError", User: user3, Name: "User Three", ReceiveCopies: "false", ViewPrivate: "false"}
	if d := cmp.Diff([]delegateView{u3np, {Code: "ErrorNotDelegate"}}, viewDelegates(doc)); d != "" {
		t.Errorf("GetDelegate UserIds: %s", d)
	}

	// What is stored ([MS-OXODLGT] 2.2.2.2): the LocalFreebusy message
	// of the Freebusy Data folder, entry IDs resolvable to the
	// delegates, and PidTagDelegateFlags.
	mb, err := e.st.OpenMailbox(ctx, user1)
	if err != nil {
		t.Fatal(err)
	}
	fb, _ := mb.SpecialFolder(ctx, store.FolderFreeBusy)
	rows, err := mb.(store.Tables).QueryMessages(ctx, fb, &store.Query{Columns: []mapi.PropTag{mapi.PidTagSubject}})
	if err != nil || len(rows.Rows) != 1 {
		t.Fatalf("Freebusy Data: %v %+v", err, rows)
	}
	m, err := mb.Message(ctx, rows.Rows[0].Message, nil)
	if err != nil {
		t.Fatal(err)
	}
	de2, err := e.st.(store.Directory).LookupUser(ctx, user2)
	if err != nil || de2.LegacyDN == "" {
		t.Fatalf("user2's legacyExchangeDN: %v %+v", err, de2)
	}
	dn2 := de2.LegacyDN
	var eidKinds []string
	eids, _ := get(m.Props, mapi.PidTagScheduleInfoDelegateEntryIds).([][]byte)
	for _, b := range eids {
		if ab, err := mapi.ParseAddressBookEntryID(b); err == nil {
			eidKinds = append(eidKinds, "ab:"+ab.X500DN)
		} else if oo, err := mapi.ParseOneOffEntryID(b); err == nil {
			eidKinds = append(eidKinds, "oneoff:"+oo.EmailAddress)
		}
	}
	type stored struct {
		Subject, Class string
		Names, NamesW  []string
		EntryIDs       []string
		Flags          []int32
		WantsCopy      any
		WantsInfo      any
		DontMail       any
	}
	got := stored{Subject: must(getString(m.Props, mapi.PidTagSubject)), Class: must(getString(m.Props, mapi.PidTagMessageClass)),
		EntryIDs: eidKinds, WantsCopy: get(m.Props, mapi.PidTagScheduleInfoDelegatorWantsCopy), WantsInfo: get(m.Props, mapi.PidTagScheduleInfoDelegatorWantsInfo),
		DontMail: get(m.Props, mapi.PidTagScheduleInfoDontMailDelegates)}
	got.Names, _ = get(m.Props, mapi.PidTagScheduleInfoDelegateNames).([]string)
	got.NamesW, _ = get(m.Props, mapi.PidTagScheduleInfoDelegateNamesW).([]string)
	got.Flags, _ = get(m.Props, mapi.PidTagDelegateFlags).([]int32)
	wantStored := stored{Subject: "LocalFreebusy", Class: "IPM.Microsoft.ScheduleData.FreeBusy",
		Names: []string{"User Two", "User Three"}, NamesW: []string{"User Two", "User Three"},
		EntryIDs: []string{"ab:" + dn2, "ab:/o=oxkit/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=user3"},
		Flags:    []int32{1, 0}, WantsCopy: true, WantsInfo: true, DontMail: false}
	if d := cmp.Diff(wantStored, got); d != "" {
		t.Errorf("delegate information object: %s", d)
	}
	calFID, _ := mb.SpecialFolder(ctx, store.FolderCalendar)
	cp, err := mb.(store.PermissionStore).FolderPermissions(ctx, calFID)
	if err != nil {
		t.Fatal(err)
	}
	if r := store.MemberRights(cp, user2); r != store.RightsEditor|store.RightFreeBusySimple|store.RightFreeBusyDetailed {
		t.Errorf("calendar rights of user2: %v", r)
	}

	// The delegate reaches the calendar now, and writes to it.
	doc = e.callAs(user2, `<m:CreateItem><m:SavedItemFolderId>`+mbDist("calendar", user1)+`</m:SavedItemFolderId><m:Items><t:CalendarItem><t:Subject>set up by delegate</t:Subject>`+
		`<t:Start>2030-01-03T10:00:00Z</t:Start><t:End>2030-01-03T11:00:00Z</t:End></t:CalendarItem></m:Items></m:CreateItem>`)
	mustSuccess(t, doc)
	doc = e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="calendar:Organizer"/></t:AdditionalProperties></m:ItemShape><m:ParentFolderIds>` + dist("calendar") + `</m:ParentFolderIds></m:FindItem>`)
	if its := mustSuccess(t, doc)[0].FindElements(".//CalendarItem"); len(its) != 1 || text(its[0], "Subject") != "set up by delegate" || text(its[0].SelectElement("Organizer"), "EmailAddress") != user1 {
		t.Errorf("owner's calendar (the owner organizes what the delegate set up):\n%s", dump(doc))
	}
	// ... but not the Tasks folder (None) and only reads the Inbox.
	if _, msgs := messages(e.callAs(user2, getFolderOp("Default", mbDist("tasks", user1)))); msgs[0].Code != "ErrorAccessDenied" {
		t.Errorf("tasks: %+v", msgs)
	}
	doc = e.callAs(user2, `<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId>`+mbDist("inbox", user1)+`</m:SavedItemFolderId><m:Items><t:Message><t:Subject>x</t:Subject></t:Message></m:Items></m:CreateItem>`)
	if _, msgs := messages(doc); msgs[0].Code != "ErrorAccessDenied" {
		t.Errorf("inbox create: %+v", msgs)
	}

	// Private items: a delegate with ViewPrivateItems sees them.
	doc = e.call(`<m:CreateItem><m:Items><t:CalendarItem><t:Subject>secret</t:Subject><t:Sensitivity>Private</t:Sensitivity>` +
		`<t:Start>2030-01-04T10:00:00Z</t:Start><t:End>2030-01-04T11:00:00Z</t:End></t:CalendarItem></m:Items></m:CreateItem>`)
	secretID, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	delegateSees := func() []string {
		doc := e.callAs(user2, `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ParentFolderIds>`+mbDist("calendar", user1)+`</m:ParentFolderIds></m:FindItem>`)
		var out []string
		for _, it := range mustSuccess(t, doc)[0].FindElements(".//CalendarItem") {
			out = append(out, text(it, "Subject"))
		}
		return out
	}
	if d := cmp.Diff([]string{"set up by delegate", "secret"}, delegateSees()); d != "" {
		t.Errorf("delegate with ViewPrivateItems: %s", d)
	}
	doc = e.callAs(user2, getFolderOp("AllProperties", mbDist("calendar", user1)))
	if er := mustSuccess(t, doc)[0].FindElement(".//EffectiveRights"); text(er, "ViewPrivateItems") != "true" || text(er, "CreateContents") != "true" || text(er, "Modify") != "false" {
		t.Errorf("EffectiveRights of the delegate:\n%s", dump(doc))
	}

	// UpdateDelegate: only what is given changes.
	doc = e.call(`<m:UpdateDelegate>` + mailbox1 + `<m:DelegateUsers>` +
		delegateUserXML(user2, `<t:DelegatePermissions><t:CalendarFolderPermissionLevel>Reviewer</t:CalendarFolderPermissionLevel></t:DelegatePermissions>`, `<t:ViewPrivateItems>false</t:ViewPrivateItems>`) +
		delegateUserXML("user4@example.com", ``, ``) +
		`</m:DelegateUsers><m:DeliverMeetingRequests>NoForward</m:DeliverMeetingRequests></m:UpdateDelegate>`)
	u2.Calendar, u2.ViewPrivate = "Reviewer", "false"
	if d := cmp.Diff([]delegateView{u2, {Code: "ErrorDelegateNoUser"}}, viewDelegates(doc)); d != "" {
		t.Errorf("UpdateDelegate: %s", d)
	}
	doc = e.call(`<m:UpdateDelegate>` + mailbox1 + `<m:DelegateUsers>` + delegateUserXML(user2, ``, ``) + delegateUserXML(user3, ``, ``) + `</m:DelegateUsers></m:UpdateDelegate>`)
	doc = e.call(`<m:GetDelegate IncludePermissions="true">` + mailbox1 + `</m:GetDelegate>`)
	if d := cmp.Diff([]delegateView{u2, u3}, viewDelegates(doc)); d != "" {
		t.Errorf("after UpdateDelegate: %s", d)
	}
	if got := text(doc.Root(), "DeliverMeetingRequests"); got != "NoForward" {
		t.Errorf("DeliverMeetingRequests %q", got)
	}
	if _, msgs := messages(e.callAs(user2, `<m:CreateItem><m:SavedItemFolderId>`+mbDist("calendar", user1)+`</m:SavedItemFolderId><m:Items><t:CalendarItem><t:Subject>x</t:Subject>`+
		`<t:Start>2030-01-03T10:00:00Z</t:Start><t:End>2030-01-03T11:00:00Z</t:End></t:CalendarItem></m:Items></m:CreateItem>`)); msgs[0].Code != "ErrorAccessDenied" {
		t.Errorf("create as reviewer: %+v", msgs)
	}
	// Without ViewPrivateItems the private item is hidden.
	if d := cmp.Diff([]string{"set up by delegate"}, delegateSees()); d != "" {
		t.Errorf("delegate without ViewPrivateItems: %s", d)
	}
	if _, msgs := messages(e.callAs(user2, `<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds>`+itemID(secretID)+`</m:ItemIds></m:GetItem>`)); msgs[0].Code != "ErrorAccessDenied" {
		t.Errorf("GetItem of a private item: %+v", msgs)
	}
	// A user who is not a delegate.
	doc = e.call(`<m:UpdateDelegate>` + mailbox1 + `<m:DelegateUsers>` + delegateUserXML(user1, ``, ``) + `</m:DelegateUsers></m:UpdateDelegate>`)
	if d := cmp.Diff([]delegateView{{Code: "ErrorNotDelegate"}}, viewDelegates(doc)); d != "" {
		t.Errorf("UpdateDelegate non-delegate: %s", d)
	}

	// RemoveDelegate.
	doc = e.call(`<m:RemoveDelegate>` + mailbox1 + `<m:UserIds><t:UserId><t:PrimarySmtpAddress>` + user2 + `</t:PrimarySmtpAddress></t:UserId>` +
		`<t:UserId><t:PrimarySmtpAddress>` + user2 + `</t:PrimarySmtpAddress></t:UserId><t:UserId><t:DistinguishedUser>Default</t:DistinguishedUser></t:UserId></m:UserIds></m:RemoveDelegate>`)
	if d := cmp.Diff([]delegateView{{Code: "NoError"}, {Code: "ErrorNotDelegate"}, {Code: "ErrorDistinguishedUserNotSupported"}}, viewDelegates(doc)); d != "" {
		t.Errorf("RemoveDelegate: %s", d)
	}
	doc = e.call(`<m:GetDelegate IncludePermissions="true">` + mailbox1 + `</m:GetDelegate>`)
	if d := cmp.Diff([]delegateView{u3}, viewDelegates(doc)); d != "" {
		t.Errorf("after RemoveDelegate: %s", d)
	}
	if _, msgs := messages(e.callAs(user2, getFolderOp("Default", mbDist("calendar", user1)))); msgs[0].Code != "ErrorAccessDenied" {
		t.Errorf("calendar after removal: %+v", msgs)
	}
	if _, msgs := messages(e.callAs(user2, getFolderOp("Default", mbDist("root", user1)))); msgs[0].Code != "ErrorAccessDenied" {
		t.Errorf("root after removal: %+v", msgs)
	}
	// Only the caller's own delegates.
	code, fdoc := e.postAs(user2, envelope(`<m:AddDelegate>`+mailbox1+`<m:DelegateUsers>`+delegateUserXML(user2, perms, ``)+`</m:DelegateUsers></m:AddDelegate>`))
	if code != 500 || faultCode(fdoc) != "ErrorAccessDenied" {
		t.Errorf("AddDelegate on another mailbox: %d %s", code, faultCode(fdoc))
	}
	code, fdoc = e.postAs(user1, envelope(`<m:AddDelegate>`+mailbox1+`<m:DelegateUsers>`+delegateUserXML(user2, perms, ``)+`</m:DelegateUsers><m:DeliverMeetingRequests>Sometimes</m:DeliverMeetingRequests></m:AddDelegate>`))
	if code != 500 || faultCode(fdoc) != "ErrorSchemaValidation" {
		t.Errorf("bad DeliverMeetingRequests: %d %s", code, faultCode(fdoc))
	}
}

func must[T any](v T, _ bool) T { return v }

// TestDelegatesBolt runs the delegate scenario over boltstore.
func TestDelegatesBolt(t *testing.T) { testDelegates(t, newBoltEnv(t)) }

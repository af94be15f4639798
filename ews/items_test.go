package ews

import (
	"encoding/base64"
	"strconv"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/oxcmail"
)

// msgView is the part of a t:Message the tests compare.
type msgView struct {
	Subject, Body, BodyType, IsRead, IsDraft, Importance string
	To, Cc                                               []string
	From                                                 string
}

func viewMsg(m *etree.Element) msgView {
	v := msgView{Subject: text(m, "Subject"), IsRead: text(m, "IsRead"), IsDraft: text(m, "IsDraft"), Importance: text(m, "Importance")}
	if b := m.SelectElement("Body"); b != nil {
		v.Body, v.BodyType = b.Text(), b.SelectAttrValue("BodyType", "")
	}
	for _, r := range m.FindElements("ToRecipients/Mailbox") {
		v.To = append(v.To, text(r, "Name")+" <"+text(r, "EmailAddress")+">")
	}
	for _, r := range m.FindElements("CcRecipients/Mailbox") {
		v.Cc = append(v.Cc, text(r, "Name")+" <"+text(r, "EmailAddress")+">")
	}
	if f := m.SelectElement("From"); f != nil {
		v.From = text(f, "EmailAddress")
	}
	return v
}

func createMsg(t *testing.T, e *env, attrs, folder, inner string) (id, ck string) {
	t.Helper()
	saved := ""
	if folder != "" {
		saved = `<m:SavedItemFolderId>` + folder + `</m:SavedItemFolderId>`
	}
	doc := e.call(`<m:CreateItem ` + attrs + `>` + saved + `<m:Items><t:Message>` + inner + `</t:Message></m:Items></m:CreateItem>`)
	els := mustSuccess(t, doc)
	return idOf(els[0], "ItemId")
}

func itemID(id string) string { return `<t:ItemId Id="` + id + `"/>` }

func getItem(t *testing.T, e *env, shape, id string) *etree.Element {
	t.Helper()
	doc := e.call(`<m:GetItem><m:ItemShape>` + shape + `</m:ItemShape><m:ItemIds>` + itemID(id) + `</m:ItemIds></m:GetItem>`)
	return mustSuccess(t, doc)[0].FindElement("Items/*")
}

const recips = `<t:ToRecipients><t:Mailbox><t:Name>User Two</t:Name><t:EmailAddress>user2@example.com</t:EmailAddress></t:Mailbox></t:ToRecipients>` +
	`<t:CcRecipients><t:Mailbox><t:EmailAddress>someone@elsewhere.test</t:EmailAddress></t:Mailbox></t:CcRecipients>`

func TestCreateGetItem(t *testing.T) { testCreateGetItem(t, newEnv(t)) }

func testCreateGetItem(t *testing.T, e *env) {
	id, ck := createMsg(t, e, `MessageDisposition="SaveOnly"`, "", `<t:Subject>Hello &amp; welcome</t:Subject><t:Body BodyType="Text">Line one
Line two</t:Body><t:Importance>High</t:Importance>`+recips)
	if id == "" || ck == "" {
		t.Fatal("no ID")
	}
	m := getItem(t, e, `<t:BaseShape>Default</t:BaseShape>`, id)
	want := msgView{Subject: "Hello & welcome", Body: "Line one\nLine two", BodyType: "Text", IsRead: "false", IsDraft: "true", Importance: "High",
		To: []string{"User Two <user2@example.com>"}, Cc: []string{"someone@elsewhere.test <someone@elsewhere.test>"}}
	if d := cmp.Diff(want, viewMsg(m)); d != "" {
		t.Fatal(d)
	}
	if m.Tag != "Message" || text(m, "DisplayTo") != "User Two" {
		t.Fatalf("element %s, DisplayTo %q", m.Tag, text(m, "DisplayTo"))
	}
	// BodyType HTML converts text to HTML.
	m = getItem(t, e, `<t:BaseShape>IdOnly</t:BaseShape><t:BodyType>HTML</t:BodyType><t:AdditionalProperties><t:FieldURI FieldURI="item:Body"/></t:AdditionalProperties>`, id)
	if b := m.SelectElement("Body"); b == nil || b.SelectAttrValue("BodyType", "") != "HTML" || !strings.Contains(b.Text(), "Line one") {
		t.Fatalf("HTML body: %v", m)
	}
	// IdOnly returns the ID and nothing else.
	m = getItem(t, e, `<t:BaseShape>IdOnly</t:BaseShape>`, id)
	if len(m.ChildElements()) != 1 || m.ChildElements()[0].Tag != "ItemId" {
		t.Fatalf("IdOnly: %d children", len(m.ChildElements()))
	}
	// Items created in the Drafts folder by default.
	drafts, _ := idOf(e.call(getFolderOp("IdOnly", dist("drafts"))).Root(), "FolderId")
	m = getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id)
	if p, _ := idOf(m, "ParentFolderId"); p != drafts {
		t.Fatalf("parent %s, want drafts", p)
	}
	// Malformed and unknown IDs are per-item errors.
	_, msgs := messages(e.call(`<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds>` + itemID("!!") + itemID(id) + itemID(ObjectID{Kind: KindMessage, Mailbox: mailboxGUID(t, e, user1), Folder: 1, Message: 99999}.String()) + `</m:ItemIds></m:GetItem>`))
	if d := cmp.Diff([]respMsg{{"Error", "ErrorInvalidIdMalformed"}, {"Success", "NoError"}, {"Error", "ErrorItemNotFound"}}, msgs); d != "" {
		t.Fatal(d)
	}
}

func mailboxGUID(t *testing.T, e *env, user string) mapi.GUID {
	mb, err := e.st.OpenMailbox(t.Context(), user)
	if err != nil {
		t.Fatal(err)
	}
	return mb.Info().MailboxGUID
}

func TestMimeContent(t *testing.T) { testMimeContent(t, newEnv(t)) }

func testMimeContent(t *testing.T, e *env) {
	raw := "From: Alice <alice@example.net>\r\nTo: user1@example.com\r\nSubject: From MIME\r\nMessage-ID: <abc@example.net>\r\nDate: Mon, 02 Jan 2006 15:04:05 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nMIME body\r\n"
	// DavMail's IMAP APPEND: MimeContent plus PR_MESSAGE_FLAGS, SaveOnly into a folder.
	id, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:MimeContent>`+base64.StdEncoding.EncodeToString([]byte(raw))+`</t:MimeContent>`+
		`<t:ExtendedProperty><t:ExtendedFieldURI PropertyTag="0xe07" PropertyType="Integer"/><t:Value>1</t:Value></t:ExtendedProperty>`)
	m := getItem(t, e, `<t:BaseShape>Default</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent>`, id)
	got := viewMsg(m)
	if got.Subject != "From MIME" || got.IsRead != "true" || got.IsDraft != "false" || got.From != "alice@example.net" || text(m, "InternetMessageId") != "<abc@example.net>" {
		t.Fatalf("%+v\n%v", got, text(m, "InternetMessageId"))
	}
	mc := m.SelectElement("MimeContent")
	if mc == nil || m.ChildElements()[0] != mc {
		t.Fatal("MimeContent missing or not first")
	}
	b, err := base64.StdEncoding.DecodeString(mc.Text())
	if err != nil {
		t.Fatal(err)
	}
	back, err := oxcmail.Import(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s := back.Prop(mapi.PidTagSubject); s != "From MIME" {
		t.Fatalf("exported MIME subject %v", s)
	}
	// Bad base64 is a per-item error.
	_, msgs := messages(e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:Message><t:MimeContent>@@@</t:MimeContent></t:Message></m:Items></m:CreateItem>`))
	if msgs[0].Code != "ErrorMimeContentConversionFailed" {
		t.Fatalf("%+v", msgs)
	}
}

func TestUpdateItem(t *testing.T) { testUpdateItem(t, newEnv(t)) }

func testUpdateItem(t *testing.T, e *env) {
	id, ck := createMsg(t, e, `MessageDisposition="SaveOnly"`, "", `<t:Subject>Before</t:Subject><t:Body BodyType="Text">a</t:Body>`+recips)
	update := func(cr, ck, updates string) ([]respMsg, string, string) {
		doc := e.call(`<m:UpdateItem MessageDisposition="SaveOnly" ConflictResolution="` + cr + `"><m:ItemChanges><t:ItemChange><t:ItemId Id="` + id + `" ChangeKey="` + ck + `"/><t:Updates>` + updates + `</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`)
		els, msgs := messages(doc)
		nid, nck := idOf(els[0], "ItemId")
		return msgs, nid, nck
	}
	setSubject := func(s string) string {
		return `<t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:Message><t:Subject>` + s + `</t:Subject></t:Message></t:SetItemField>`
	}
	msgs, nid, ck2 := update("AutoResolve", ck, setSubject("After")+
		`<t:AppendToItemField><t:FieldURI FieldURI="item:Body"/><t:Message><t:Body BodyType="Text">b</t:Body></t:Message></t:AppendToItemField>`+
		`<t:SetItemField><t:FieldURI FieldURI="message:IsRead"/><t:Message><t:IsRead>true</t:IsRead></t:Message></t:SetItemField>`+
		`<t:DeleteItemField><t:FieldURI FieldURI="message:CcRecipients"/></t:DeleteItemField>`+
		`<t:SetItemField><t:FieldURI FieldURI="message:ToRecipients"/><t:Message><t:ToRecipients><t:Mailbox><t:EmailAddress>x@y.test</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message></t:SetItemField>`+
		`<t:SetItemField><t:ExtendedFieldURI DistinguishedPropertySetId="PublicStrings" PropertyName="X-Tag" PropertyType="String"/><t:Message><t:ExtendedProperty><t:ExtendedFieldURI DistinguishedPropertySetId="PublicStrings" PropertyName="X-Tag" PropertyType="String"/><t:Value>tagged</t:Value></t:ExtendedProperty></t:Message></t:SetItemField>`)
	if msgs[0].Code != "NoError" || nid != id || ck2 == ck {
		t.Fatalf("%+v id same %v ck changed %v", msgs, nid == id, ck2 != ck)
	}
	m := getItem(t, e, `<t:BaseShape>Default</t:BaseShape><t:AdditionalProperties><t:ExtendedFieldURI DistinguishedPropertySetId="PublicStrings" PropertyName="X-Tag" PropertyType="String"/></t:AdditionalProperties>`, id)
	want := msgView{Subject: "After", Body: "ab", BodyType: "Text", IsRead: "true", IsDraft: "true", Importance: "Normal", To: []string{"x@y.test <x@y.test>"}}
	if d := cmp.Diff(want, viewMsg(m)); d != "" {
		t.Fatal(d)
	}
	if v := text(m.SelectElement("ExtendedProperty"), "Value"); v != "tagged" {
		t.Fatalf("extended property %q", v)
	}
	// Stale change key: conflict, unless AlwaysOverwrite.
	if msgs, _, _ := update("AutoResolve", ck, setSubject("Stale")); msgs[0].Code != "ErrorIrresolvableConflict" {
		t.Fatalf("stale: %+v", msgs)
	}
	if msgs, _, _ := update("AlwaysOverwrite", ck, setSubject("Forced")); msgs[0].Code != "NoError" {
		t.Fatalf("overwrite: %+v", msgs)
	}
	// Two properties in one change description.
	msgs, _, _ = update("AlwaysOverwrite", ck, `<t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:Message><t:Subject>a</t:Subject><t:Importance>Low</t:Importance></t:Message></t:SetItemField>`)
	if msgs[0].Code != "ErrorIncorrectUpdatePropertyCount" {
		t.Fatalf("two properties: %+v", msgs)
	}
	// Deleting a field.
	update("AlwaysOverwrite", "", `<t:DeleteItemField><t:FieldURI FieldURI="item:Subject"/></t:DeleteItemField>`)
	if m := getItem(t, e, `<t:BaseShape>Default</t:BaseShape>`, id); m.SelectElement("Subject") != nil {
		t.Fatal("subject not deleted")
	}
}

func TestFindItem(t *testing.T) { testFindItem(t, newEnv(t)) }

func testFindItem(t *testing.T, e *env) {
	for i, s := range []string{"alpha report", "beta", "Gamma report", "delta", "epsilon report"} {
		read := "false"
		if i%2 == 0 {
			read = "true"
		}
		createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>`+s+`</t:Subject><t:IsRead>`+read+`</t:IsRead>`)
	}
	find := func(view, restriction, sort string) (attrs []string, subjects []string) {
		doc := e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape>` + view + restriction + sort +
			`<m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds></m:FindItem>`)
		rf := mustSuccess(t, doc)[0].SelectElement("RootFolder")
		attrs = []string{rf.SelectAttrValue("IndexedPagingOffset", ""), rf.SelectAttrValue("TotalItemsInView", ""), rf.SelectAttrValue("IncludesLastItemInRange", "")}
		for _, m := range rf.FindElements("Items/*") {
			if m.SelectElement("Body") != nil || m.SelectElement("ToRecipients") != nil {
				t.Fatal("FindItem returned a body or recipients")
			}
			subjects = append(subjects, text(m, "Subject"))
		}
		return
	}
	bySubject := `<m:SortOrder><t:FieldOrder Order="Ascending"><t:FieldURI FieldURI="item:Subject"/></t:FieldOrder></m:SortOrder>`
	attrs, subj := find("", "", bySubject)
	if d := cmp.Diff([]string{"alpha report", "beta", "delta", "epsilon report", "Gamma report"}, subj); d != "" {
		// The store compares strings case-insensitively, as Exchange does.
		t.Fatal(d)
	}
	if d := cmp.Diff([]string{"5", "5", "true"}, attrs); d != "" {
		t.Fatal(d)
	}
	attrs, subj = find(`<m:IndexedPageItemView MaxEntriesReturned="2" Offset="1" BasePoint="Beginning"/>`, "",
		`<m:SortOrder><t:FieldOrder Order="Descending"><t:FieldURI FieldURI="item:DateTimeCreated"/></t:FieldOrder></m:SortOrder>`)
	if d := cmp.Diff([]string{"3", "5", "false"}, attrs); d != "" {
		t.Fatal(d)
	}
	if len(subj) != 2 {
		t.Fatalf("page: %v", subj)
	}
	_, subj = find("", `<m:Restriction><t:Contains ContainmentMode="Substring" ContainmentComparison="IgnoreCase"><t:FieldURI FieldURI="item:Subject"/><t:Constant Value="REPORT"/></t:Contains></m:Restriction>`, bySubject)
	if len(subj) != 3 {
		t.Fatalf("contains: %v", subj)
	}
	_, subj = find("", `<m:Restriction><t:And><t:IsEqualTo><t:FieldURI FieldURI="message:IsRead"/><t:FieldURIOrConstant><t:Constant Value="false"/></t:FieldURIOrConstant></t:IsEqualTo>`+
		`<t:Not><t:IsEqualTo><t:FieldURI FieldURI="item:Subject"/><t:FieldURIOrConstant><t:Constant Value="beta"/></t:FieldURIOrConstant></t:IsEqualTo></t:Not></t:And></m:Restriction>`, bySubject)
	if d := cmp.Diff([]string{"delta"}, subj); d != "" {
		t.Fatal(d)
	}
	// A named property nobody set restricts to nothing.
	_, subj = find("", `<m:Restriction><t:Exists><t:ExtendedFieldURI DistinguishedPropertySetId="PublicStrings" PropertyName="Never" PropertyType="String"/></t:Exists></m:Restriction>`, "")
	if len(subj) != 0 {
		t.Fatalf("exists: %v", subj)
	}
	// Unsupported paths are a fault for the whole request.
	code, doc := e.postAs(user1, envelope(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:Restriction><t:Exists><t:FieldURI FieldURI="item:MimeContent"/></t:Exists></m:Restriction><m:ParentFolderIds>`+dist("inbox")+`</m:ParentFolderIds></m:FindItem>`))
	if code != 500 || faultCode(doc) != "ErrorUnsupportedPathForQuery" {
		t.Fatalf("HTTP %d %s", code, faultCode(doc))
	}
}

func TestMoveCopyDeleteItems(t *testing.T) { testMoveCopyDeleteItems(t, newEnv(t)) }

func testMoveCopyDeleteItems(t *testing.T, e *env) {
	id, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>mover</t:Subject>`)
	doc := e.call(`<m:CopyItem><m:ToFolderId>` + dist("drafts") + `</m:ToFolderId><m:ItemIds>` + itemID(id) + `</m:ItemIds></m:CopyItem>`)
	copyID, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	doc = e.call(`<m:MoveItem><m:ToFolderId>` + dist("junkemail") + `</m:ToFolderId><m:ItemIds>` + itemID(id) + `</m:ItemIds></m:MoveItem>`)
	movedID, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	if movedID == id || copyID == id {
		t.Fatal("IDs did not change")
	}
	// The old ID is gone.
	_, msgs := messages(e.call(`<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds>` + itemID(id) + `</m:ItemIds></m:GetItem>`))
	if msgs[0].Code != "ErrorItemNotFound" {
		t.Fatalf("%+v", msgs)
	}
	if s := text(getItem(t, e, `<t:BaseShape>Default</t:BaseShape>`, movedID), "Subject"); s != "mover" {
		t.Fatal(s)
	}
	// ArchiveItem moves to the Archive folder.
	arch, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>old</t:Subject>`)
	doc = e.call(`<m:ArchiveItem><m:ArchiveSourceFolderId>` + dist("inbox") + `</m:ArchiveSourceFolderId><m:ItemIds>` + itemID(arch) + `</m:ItemIds></m:ArchiveItem>`)
	archived, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	archiveFolder, _ := idOf(e.call(getFolderOp("IdOnly", dist("archive"))).Root(), "FolderId")
	if p, _ := idOf(getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, archived), "ParentFolderId"); p != archiveFolder {
		t.Fatal("not archived")
	}
	// MoveToDeletedItems, then HardDelete from there.
	doc = e.call(`<m:DeleteItem DeleteType="MoveToDeletedItems"><m:ItemIds>` + itemID(movedID) + `</m:ItemIds></m:DeleteItem>`)
	mustSuccess(t, doc)
	count := func(folder string) string {
		return text(e.call(getFolderOp("Default", dist(folder))).Root(), "TotalCount")
	}
	if n := count("deleteditems"); n != "1" {
		t.Fatalf("deleted items %s", n)
	}
	_, msgs = messages(e.call(`<m:DeleteItem DeleteType="HardDelete"><m:ItemIds>` + itemID(copyID) + itemID(copyID) + `</m:ItemIds></m:DeleteItem>`))
	if d := cmp.Diff([]respMsg{{"Success", "NoError"}, {"Error", "ErrorItemNotFound"}}, msgs); d != "" {
		t.Fatal(d)
	}
	if n := count("drafts"); n != "0" {
		t.Fatalf("drafts %s", n)
	}
}

func TestMarkAllItemsAsRead(t *testing.T) { testMarkAllItemsAsRead(t, newEnv(t)) }

func testMarkAllItemsAsRead(t *testing.T, e *env) {
	for i := 0; i < 3; i++ {
		createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>x</t:Subject>`)
	}
	unread := func() string { return text(e.call(getFolderOp("Default", dist("inbox"))).Root(), "UnreadCount") }
	if u := unread(); u != "3" {
		t.Fatalf("unread %s", u)
	}
	mustSuccess(t, e.call(`<m:MarkAllItemsAsRead><m:ReadFlag>true</m:ReadFlag><m:SuppressReadReceipts>true</m:SuppressReadReceipts><m:FolderIds>`+dist("inbox")+`</m:FolderIds></m:MarkAllItemsAsRead>`))
	if u := unread(); u != "0" {
		t.Fatalf("unread after %s", u)
	}
}

func TestSendItems(t *testing.T) { testSendItems(t, newEnv(t)) }

func testSendItems(t *testing.T, e *env) {
	// SendAndSaveCopy: user2 gets it in the Inbox, user1 keeps a copy in
	// Sent Items; the response has no item.
	doc := e.call(`<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:SavedItemFolderId>` + dist("sentitems") + `</m:SavedItemFolderId><m:Items><t:Message><t:Subject>Hi two</t:Subject><t:Body BodyType="HTML">&lt;p&gt;hello&lt;/p&gt;</t:Body>` + recips + `</t:Message></m:Items></m:CreateItem>`)
	els := mustSuccess(t, doc)
	if els[0].FindElement("Items/*") != nil {
		t.Fatal("send returned an item")
	}
	findAll := func(user, folder string) []msgView {
		doc := e.callAs(user, `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/><t:FieldURI FieldURI="message:From"/><t:FieldURI FieldURI="message:IsRead"/></t:AdditionalProperties></m:ItemShape><m:ParentFolderIds>`+dist(folder)+`</m:ParentFolderIds></m:FindItem>`)
		var out []msgView
		for _, m := range mustSuccess(t, doc)[0].FindElements("RootFolder/Items/*") {
			out = append(out, viewMsg(m))
		}
		return out
	}
	if d := cmp.Diff([]msgView{{Subject: "Hi two", IsRead: "false", From: user1}}, findAll(user2, "inbox")); d != "" {
		t.Fatal(d)
	}
	if d := cmp.Diff([]msgView{{Subject: "Hi two", IsRead: "true", From: user1}}, findAll(user1, "sentitems")); d != "" {
		t.Fatal(d)
	}
	// SendOnly keeps nothing.
	mustSuccess(t, e.call(`<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>Only</t:Subject>`+recips+`</t:Message></m:Items></m:CreateItem>`))
	if n := len(findAll(user2, "inbox")); n != 2 {
		t.Fatalf("user2 inbox %d", n)
	}
	if n := len(findAll(user1, "sentitems")); n != 1 {
		t.Fatalf("user1 sent %d", n)
	}
	// No recipients: an error.
	_, msgs := messages(e.call(`<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>nobody</t:Subject></t:Message></m:Items></m:CreateItem>`))
	if msgs[0].Code != "ErrorInvalidRecipients" {
		t.Fatalf("%+v", msgs)
	}
}

func TestSyncFolderItems(t *testing.T) { testSyncFolderItems(t, newEnv(t)) }

func testSyncFolderItems(t *testing.T, e *env) {
	sync := func(state string, max int) (string, bool, []string) {
		doc := e.call(`<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/></t:AdditionalProperties></m:ItemShape><m:SyncFolderId>` + dist("inbox") +
			`</m:SyncFolderId><m:SyncState>` + state + `</m:SyncState><m:MaxChangesReturned>` + itoa(max) + `</m:MaxChangesReturned></m:SyncFolderItems>`)
		el := mustSuccess(t, doc)[0]
		var ch []string
		for _, c := range el.FindElements("Changes/*") {
			s := c.Tag + ":" + text(c, "Subject")
			if c.Tag == "ReadFlagChange" {
				s += text(c, "IsRead")
			}
			ch = append(ch, s)
		}
		return text(el, "SyncState"), text(el, "IncludesLastItemInRange") == "true", ch
	}
	var ids []string
	for _, s := range []string{"one", "two", "three"} {
		id, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>`+s+`</t:Subject>`)
		ids = append(ids, id)
	}
	s1, last, ch := sync("", 2)
	if last || len(ch) != 2 {
		t.Fatalf("page 1: last %v %v", last, ch)
	}
	s2, last, ch2 := sync(s1, 2)
	if !last || len(ch2) != 1 {
		t.Fatalf("page 2: last %v %v", last, ch2)
	}
	if d := cmp.Diff([]string{"Create:one", "Create:two", "Create:three"}, append(ch, ch2...)); d != "" {
		t.Fatal(d)
	}
	// A read flag change, a modification, a deletion.
	mustSuccess(t, e.call(`<m:MarkAllItemsAsRead><m:ReadFlag>true</m:ReadFlag><m:SuppressReadReceipts>true</m:SuppressReadReceipts><m:FolderIds>`+dist("inbox")+`</m:FolderIds></m:MarkAllItemsAsRead>`))
	var s3 string
	s3, _, ch = sync(s2, 100)
	if d := cmp.Diff([]string{"ReadFlagChange:true", "ReadFlagChange:true", "ReadFlagChange:true"}, ch); d != "" {
		t.Fatal(d)
	}
	mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange>`+itemID(ids[0])+`<t:Updates><t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:Message><t:Subject>uno</t:Subject></t:Message></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	mustSuccess(t, e.call(`<m:DeleteItem DeleteType="HardDelete"><m:ItemIds>`+itemID(ids[1])+`</m:ItemIds></m:DeleteItem>`))
	_, _, ch = sync(s3, 100)
	if d := cmp.Diff([]string{"Update:uno", "Delete:"}, ch); d != "" {
		t.Fatal(d)
	}
	// Out-of-range MaxChangesReturned is a fault.
	code, doc := e.postAs(user1, envelope(`<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId>`+dist("inbox")+`</m:SyncFolderId><m:MaxChangesReturned>0</m:MaxChangesReturned></m:SyncFolderItems>`))
	if code != 500 || faultCode(doc) != "ErrorSchemaValidation" {
		t.Fatalf("%d %s", code, faultCode(doc))
	}
}

func TestReplyForward(t *testing.T) { testReplyForward(t, newEnv(t)) }

func testReplyForward(t *testing.T, e *env) {
	// user2 writes to user1 (cc someone else).
	mustSuccess(t, e.callAs(user2, `<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:Items><t:Message><t:Subject>Question</t:Subject><t:Body BodyType="Text">How are you?</t:Body>`+
		`<t:ToRecipients><t:Mailbox><t:EmailAddress>`+user1+`</t:EmailAddress></t:Mailbox></t:ToRecipients>`+
		`<t:CcRecipients><t:Mailbox><t:EmailAddress>carol@elsewhere.test</t:EmailAddress></t:Mailbox></t:CcRecipients></t:Message></m:Items></m:CreateItem>`))
	doc := e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds></m:FindItem>`)
	orig, _ := idOf(mustSuccess(t, doc)[0], "ItemId")

	// Reply-all saved as a draft: the sender in To, the original Cc in Cc.
	doc = e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:ReplyAllToItem><t:ReferenceItemId Id="` + orig + `"/><t:NewBodyContent BodyType="Text">Fine.</t:NewBodyContent></t:ReplyAllToItem></m:Items></m:CreateItem>`)
	draft, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	m := getItem(t, e, `<t:BaseShape>Default</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:InReplyTo"/></t:AdditionalProperties>`, draft)
	v := viewMsg(m)
	if v.Subject != "RE: Question" || !cmp.Equal(v.To, []string{"User Two <user2@example.com>"}) || !cmp.Equal(v.Cc, []string{"carol@elsewhere.test <carol@elsewhere.test>"}) ||
		!strings.HasPrefix(v.Body, "Fine.") || !strings.Contains(v.Body, "How are you?") || v.IsDraft != "true" || text(m, "InReplyTo") == "" {
		t.Fatalf("%+v in-reply-to %q", v, text(m, "InReplyTo"))
	}
	// Reply sent: user2 receives it.
	mustSuccess(t, e.call(`<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:Items><t:ReplyToItem><t:ReferenceItemId Id="`+orig+`"/><t:NewBodyContent BodyType="HTML">&lt;b&gt;Thanks&lt;/b&gt;</t:NewBodyContent></t:ReplyToItem></m:Items></m:CreateItem>`))
	doc = e.callAs(user2, `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ParentFolderIds>`+dist("inbox")+`</m:ParentFolderIds></m:FindItem>`)
	items := mustSuccess(t, doc)[0].FindElements("RootFolder/Items/*")
	if len(items) != 1 || text(items[0], "Subject") != "RE: Question" {
		t.Fatalf("user2 inbox: %s", dump(doc))
	}
	// Forward to user2, saved as a draft with explicit recipients.
	doc = e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:ForwardItem><t:ToRecipients><t:Mailbox><t:EmailAddress>` + user2 + `</t:EmailAddress></t:Mailbox></t:ToRecipients>` +
		`<t:ReferenceItemId Id="` + orig + `"/><t:NewBodyContent BodyType="Text">FYI</t:NewBodyContent></t:ForwardItem></m:Items></m:CreateItem>`)
	fw, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	v = viewMsg(getItem(t, e, `<t:BaseShape>Default</t:BaseShape>`, fw))
	if v.Subject != "FW: Question" || !cmp.Equal(v.To, []string{"user2@example.com <user2@example.com>"}) {
		t.Fatalf("%+v", v)
	}
	// An unknown reference is a per-item error.
	_, msgs := messages(e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:ReplyToItem><t:ReferenceItemId Id="` + ObjectID{Kind: KindMessage, Mailbox: mailboxGUID(t, e, user1), Folder: 1, Message: 1}.String() + `"/></t:ReplyToItem></m:Items></m:CreateItem>`))
	if msgs[0].Code != "ErrorItemNotFound" {
		t.Fatalf("%+v", msgs)
	}
}

// TestArticleNumber checks the PR_INTERNET_ARTICLE_NUMBER stand-in DavMail
// relies on: present, and increasing with creation.
func TestArticleNumber(t *testing.T) {
	e := newEnv(t)
	var nums []int
	for _, s := range []string{"a", "b"} {
		id, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>`+s+`</t:Subject>`)
		m := getItem(t, e, `<t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:ExtendedFieldURI PropertyTag="0xe23" PropertyType="Integer"/></t:AdditionalProperties>`, id)
		n, err := strconv.Atoi(text(m.SelectElement("ExtendedProperty"), "Value"))
		if err != nil {
			t.Fatalf("no article number: %v", err)
		}
		nums = append(nums, n)
	}
	if nums[0] <= 0 || nums[1] <= nums[0] {
		t.Fatalf("article numbers %v", nums)
	}
}

package ews

import (
	"context"
	"encoding/base64"
	"reflect"
	"sort"
	"testing"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/fxstream"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// btSample creates a message with recipients, a named and a tagged
// extended property, a file attachment and an item attachment, and
// returns its ItemId.
func btSample(t *testing.T, e *env) string {
	t.Helper()
	id, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>Export me</t:Subject><t:Body BodyType="HTML">&lt;p&gt;Hi&lt;/p&gt;</t:Body>`+
		`<t:Categories><t:String>red</t:String><t:String>blue</t:String></t:Categories><t:Importance>High</t:Importance>`+
		`<t:ExtendedProperty><t:ExtendedFieldURI DistinguishedPropertySetId="PublicStrings" PropertyName="X-Export" PropertyType="String"/><t:Value>named value</t:Value></t:ExtendedProperty>`+
		`<t:ExtendedProperty><t:ExtendedFieldURI PropertyTag="0x6001" PropertyType="Integer"/><t:Value>42</t:Value></t:ExtendedProperty>`+recips)
	doc := e.call(`<m:CreateAttachment><m:ParentItemId Id="` + id + `"/><m:Attachments><t:FileAttachment><t:Name>a.txt</t:Name><t:Content>aGVsbG8=</t:Content></t:FileAttachment>` +
		`<t:ItemAttachment><t:Name>inner</t:Name><t:Message><t:Subject>Inner</t:Subject>` + recips + `</t:Message></t:ItemAttachment></m:Attachments></m:CreateAttachment>`)
	mustSuccess(t, doc)
	return id
}

func btExport(t *testing.T, e *env, id string) ([]byte, *etree.Element) {
	t.Helper()
	doc := e.call(`<m:ExportItems><m:ItemIds>` + itemID(id) + `</m:ItemIds></m:ExportItems>`)
	els := mustSuccess(t, doc)
	if len(els) != 1 {
		t.Fatalf("%d messages", len(els))
	}
	data, err := base64.StdEncoding.DecodeString(text(els[0], "Data"))
	if err != nil || len(data) == 0 {
		t.Fatalf("Data: %v\n%s", err, dump(doc))
	}
	return data, els[0]
}

func btUpload(e *env, action, folder, item, data string, extra string) *etree.Document {
	return e.call(`<m:UploadItems><m:Items><t:Item CreateAction="` + action + `"` + extra + `><t:ParentFolderId Id="` + folder + `"/>` + item +
		`<t:Data>` + data + `</t:Data></t:Item></m:Items></m:UploadItems>`)
}

// btStored reads a message of user1's mailbox straight from the store.
func btStored(t *testing.T, e *env, id string) *store.Message {
	t.Helper()
	oid, err := ParseObjectID(id)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := e.st.OpenMailbox(context.Background(), user1)
	if err != nil {
		t.Fatal(err)
	}
	m, err := mb.Message(context.Background(), oid.Message, nil)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// btContent is a message with the store's identity properties removed, for
// comparing copies.
func btContent(m *store.Message) *store.Message {
	strip := func(ps []mapi.PropValue) []mapi.PropValue {
		var out []mapi.PropValue
		for _, p := range ps {
			if !storeComputedTags[p.Tag] && p.Tag != mapi.PidTagCreationTime {
				out = append(out, p)
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Tag < out[j].Tag })
		return out
	}
	out := &store.Message{Props: strip(m.Props), Read: m.Read, Associated: m.Info.Associated}
	for _, r := range m.Recipients {
		out.Recipients = append(out.Recipients, store.Recipient{RowID: r.RowID, Props: strip(r.Props)})
	}
	for _, a := range m.Attachments {
		na := store.Attachment{Num: a.Num, Props: strip(a.Props)}
		if a.Embedded != nil {
			na.Embedded = btContent(a.Embedded)
		}
		out.Attachments = append(out.Attachments, na)
	}
	return out
}

// [MS-OXWSBTRF] 3.1.4.1 and 3.1.4.2: an exported item uploaded with
// CreateNew is a copy with every property, recipient and attachment.
func TestExportUploadRoundTrip(t *testing.T) { testExportUploadRoundTrip(t, newEnv(t)) }

func testExportUploadRoundTrip(t *testing.T, e *env) {
	id := btSample(t, e)
	data, el := btExport(t, e, id)
	if got, _ := idOf(el, "ItemId"); got != id {
		t.Errorf("ItemId %q, want %q", got, id)
	}
	// The Data is a FastTransfer messageContent carrying the named
	// property by name.
	fm, names, err := fxstream.ParseMessageContent(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(fm.Recipients) != 2 || len(fm.Attachments) != 2 || fm.Attachments[1].Embedded == nil {
		t.Fatalf("stream: %d recipients, %d attachments", len(fm.Recipients), len(fm.Attachments))
	}
	found := false
	for _, n := range names {
		found = found || (n.Kind == mapi.NameKindString && n.Name == "X-Export")
	}
	if !found {
		t.Errorf("named property X-Export not in the stream's names %v", names)
	}

	target, _ := createFolder(t, e, dist("msgfolderroot"), "Restored")
	doc := btUpload(e, "CreateNew", target, "", base64.StdEncoding.EncodeToString(data), "")
	els := mustSuccess(t, doc)
	newID, newCK := idOf(els[0], "ItemId")
	if newID == "" || newID == id || newCK == "" {
		t.Fatalf("new ItemId %q (original %q)", newID, id)
	}
	orig, cp := btStored(t, e, id), btStored(t, e, newID)
	if tf, _ := ParseObjectID(target); cp.Info.FolderID != tf.Folder {
		t.Errorf("copy in folder %v, want %v", cp.Info.FolderID, tf.Folder)
	}
	if a, b := btContent(orig), btContent(cp); !reflect.DeepEqual(a, b) {
		t.Errorf("copy differs:\n got %+v\nwant %+v", b, a)
	}
	// And through EWS: the named extended property reads back.
	m := getItem(t, e, `<t:BaseShape>Default</t:BaseShape><t:AdditionalProperties><t:ExtendedFieldURI DistinguishedPropertySetId="PublicStrings" PropertyName="X-Export" PropertyType="String"/></t:AdditionalProperties>`, newID)
	if v := text(m.SelectElement("ExtendedProperty"), "Value"); v != "named value" {
		t.Errorf("named property after upload: %q", v)
	}
	if s := text(m, "Subject"); s != "Export me" {
		t.Errorf("Subject %q", s)
	}
}

// [MS-OXWSBTRF] 3.1.4.2.4.1: Update replaces the content of the item in
// ParentFolderId; an item elsewhere is ErrorItemNotFound; UpdateOrCreate
// creates a new copy then.
func TestUploadUpdate(t *testing.T) { testUploadUpdate(t, newEnv(t)) }

func testUploadUpdate(t *testing.T, e *env) {
	id := btSample(t, e)
	dst, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("drafts"), `<t:Subject>old</t:Subject><t:Body BodyType="Text">old body</t:Body>`)
	oldCK := btStored(t, e, dst).Info.ChangeKey
	data, _ := btExport(t, e, id)
	b64 := base64.StdEncoding.EncodeToString(data)
	drafts := e.call(`<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds>` + dist("drafts") + `</m:FolderIds></m:GetFolder>`)
	draftsID, _ := idOf(drafts.Root(), "FolderId")
	inbox := e.call(`<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds>` + dist("inbox") + `</m:FolderIds></m:GetFolder>`)
	inboxID, _ := idOf(inbox.Root(), "FolderId")

	els := mustSuccess(t, btUpload(e, "Update", draftsID, itemID(dst), b64, ""))
	if got, ck := idOf(els[0], "ItemId"); got != dst || ck == "" {
		t.Fatalf("Update answered ItemId %q, want %q", got, dst)
	}
	after := btStored(t, e, dst)
	if string(after.Info.ChangeKey) == string(oldCK) {
		t.Error("change key unchanged by Update")
	}
	if a, b := btContent(btStored(t, e, id)), btContent(after); !reflect.DeepEqual(a, b) {
		t.Errorf("updated item differs from the source:\n got %+v\nwant %+v", b, a)
	}

	// Update naming the wrong folder.
	_, msgs := messages(btUpload(e, "Update", inboxID, itemID(dst), b64, ""))
	if len(msgs) != 1 || msgs[0].Code != "ErrorItemNotFound" {
		t.Errorf("Update in wrong folder: %+v", msgs)
	}
	// UpdateOrCreate naming the wrong folder: a new copy in that folder.
	els = mustSuccess(t, btUpload(e, "UpdateOrCreate", inboxID, itemID(dst), b64, ""))
	if got, _ := idOf(els[0], "ItemId"); got == dst || got == "" {
		t.Errorf("UpdateOrCreate elsewhere answered %q", got)
	}
	// UpdateOrCreate in the right folder updates in place.
	els = mustSuccess(t, btUpload(e, "UpdateOrCreate", draftsID, itemID(dst), b64, ""))
	if got, _ := idOf(els[0], "ItemId"); got != dst {
		t.Errorf("UpdateOrCreate in place answered %q, want %q", got, dst)
	}
	// Updating with a message without attachments or recipients removes them.
	plain, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>plain</t:Subject>`)
	pdata, _ := btExport(t, e, plain)
	mustSuccess(t, btUpload(e, "Update", draftsID, itemID(dst), base64.StdEncoding.EncodeToString(pdata), ""))
	after = btStored(t, e, dst)
	if len(after.Attachments) != 0 || len(after.Recipients) != 0 {
		t.Errorf("after update with a plain message: %d attachments, %d recipients", len(after.Attachments), len(after.Recipients))
	}
	if a, b := btContent(btStored(t, e, plain)), btContent(after); !reflect.DeepEqual(a, b) {
		t.Errorf("updated item differs from the plain source:\n got %+v\nwant %+v", b, a)
	}
	// R242, R234: Update and UpdateOrCreate without ItemId are faults.
	for _, act := range []string{"Update", "UpdateOrCreate"} {
		code, doc := e.postAs(user1, envelope(`<m:UploadItems><m:Items><t:Item CreateAction="`+act+`"><t:ParentFolderId Id="`+draftsID+`"/><t:Data>`+b64+`</t:Data></t:Item></m:Items></m:UploadItems>`))
		if code != 500 || faultCode(doc) != "ErrorInvalidRequest" {
			t.Errorf("%s without ItemId: HTTP %d fault %q", act, code, faultCode(doc))
		}
	}
}

func TestUploadAssociatedAndErrors(t *testing.T) { testUploadAssociatedAndErrors(t, newEnv(t)) }

func testUploadAssociatedAndErrors(t *testing.T, e *env) {
	id := btSample(t, e)
	data, _ := btExport(t, e, id)
	inbox := e.call(`<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds>` + dist("inbox") + `</m:FolderIds></m:GetFolder>`)
	inboxID, _ := idOf(inbox.Root(), "FolderId")

	// IsAssociated: an FAI message (found by Associated traversal only).
	els := mustSuccess(t, btUpload(e, "CreateNew", inboxID, "", base64.StdEncoding.EncodeToString(data), ` IsAssociated="true"`))
	faiID, _ := idOf(els[0], "ItemId")
	if m := btStored(t, e, faiID); !m.Info.Associated {
		t.Error("IsAssociated=true did not make an associated message")
	}
	doc := e.call(`<m:FindItem Traversal="Associated"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds></m:FindItem>`)
	ids := []string{}
	for _, el := range doc.FindElements("//ItemId") {
		ids = append(ids, el.SelectAttrValue("Id", ""))
	}
	if len(ids) != 1 || ids[0] != faiID {
		t.Errorf("associated items %v, want [%s]", ids, faiID)
	}
	// A message element (StartFAIMsg ... EndMessage) is read too.
	fm, names, _ := fxstream.ParseMessageContent(data, nil)
	elem, err := fxstream.AppendMessage(nil, fm, false, names)
	if err != nil {
		t.Fatal(err)
	}
	mustSuccess(t, btUpload(e, "CreateNew", inboxID, "", base64.StdEncoding.EncodeToString(elem), ""))

	// Per-item errors.
	for _, tc := range []struct {
		name, folder, data, want string
	}{
		{"not base64", inboxID, "!!!", "ErrorCorruptData"},
		{"not a stream", inboxID, base64.StdEncoding.EncodeToString([]byte{1, 2, 3, 4, 5}), "ErrorCorruptData"},
		{"truncated", inboxID, base64.StdEncoding.EncodeToString(data[:len(data)/2]), "ErrorCorruptData"},
		{"bad folder", "AAAA", base64.StdEncoding.EncodeToString(data), "ErrorInvalidIdMalformed"},
	} {
		_, msgs := messages(btUpload(e, "CreateNew", tc.folder, "", tc.data, ""))
		if len(msgs) != 1 || msgs[0].Code != tc.want {
			t.Errorf("%s: %+v, want %s", tc.name, msgs, tc.want)
		}
	}
	// Export errors are per item: one good, one malformed, one missing.
	doc = e.call(`<m:ExportItems><m:ItemIds>` + itemID(id) + itemID("bad") + `</m:ItemIds></m:ExportItems>`)
	_, msgs := messages(doc)
	if len(msgs) != 2 || msgs[0].Class != "Success" || msgs[1].Code != "ErrorInvalidIdMalformed" {
		t.Errorf("export: %+v", msgs)
	}
	e.call(`<m:DeleteItem DeleteType="HardDelete"><m:ItemIds>` + itemID(id) + `</m:ItemIds></m:DeleteItem>`)
	_, msgs = messages(e.call(`<m:ExportItems><m:ItemIds>` + itemID(id) + `</m:ItemIds></m:ExportItems>`))
	if len(msgs) != 1 || msgs[0].Code != "ErrorItemNotFound" {
		t.Errorf("export of a deleted item: %+v", msgs)
	}
	// The size limit.
	e.h.MaxTransferBytes = 16
	_, msgs = messages(e.call(`<m:ExportItems><m:ItemIds>` + itemID(faiID) + `</m:ItemIds></m:ExportItems>`))
	if len(msgs) != 1 || msgs[0].Code != "ErrorDataSizeLimitExceeded" {
		t.Errorf("export over the limit: %+v", msgs)
	}
	_, msgs = messages(btUpload(e, "CreateNew", inboxID, "", base64.StdEncoding.EncodeToString(data), ""))
	if len(msgs) != 1 || msgs[0].Code != "ErrorDataSizeLimitExceeded" {
		t.Errorf("upload over the limit: %+v", msgs)
	}
	// Request-level faults.
	for _, body := range []string{`<m:ExportItems><m:ItemIds/></m:ExportItems>`, `<m:UploadItems><m:Items/></m:UploadItems>`,
		`<m:UploadItems><m:Items><t:Item CreateAction="Replace"><t:ParentFolderId Id="x"/><t:Data>AA==</t:Data></t:Item></m:Items></m:UploadItems>`} {
		if code, doc := e.postAs(user1, envelope(body)); code != 500 || faultCode(doc) != "ErrorSchemaValidation" {
			t.Errorf("%s: HTTP %d %q", body, code, faultCode(doc))
		}
	}
}

// exportDumps returns requests whose responses TestDumpResponses writes
// for schema validation.
func exportDumps(t *testing.T, e *env) map[string]string {
	id := btSample(t, e)
	doc := e.call(`<m:ExportItems><m:ItemIds>` + itemID(id) + `</m:ItemIds></m:ExportItems>`)
	data := text(doc.Root(), "Data")
	inbox := e.call(`<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds>` + dist("inbox") + `</m:FolderIds></m:GetFolder>`)
	inboxID, _ := idOf(inbox.Root(), "FolderId")
	out := userConfigDumps(t, e)
	for k, v := range map[string]string{
		"exportitems": `<m:ExportItems><m:ItemIds>` + itemID(id) + itemID("bad") + `</m:ItemIds></m:ExportItems>`,
		"uploaditems": `<m:UploadItems><m:Items><t:Item CreateAction="CreateNew"><t:ParentFolderId Id="` + inboxID + `"/><t:Data>` + data + `</t:Data></t:Item>` +
			`<t:Item CreateAction="UpdateOrCreate" IsAssociated="false"><t:ParentFolderId Id="` + inboxID + `"/>` + itemID(id) + `<t:Data>` + data + `</t:Data></t:Item>` +
			`<t:Item CreateAction="CreateNew"><t:ParentFolderId Id="` + inboxID + `"/><t:Data>AAAA</t:Data></t:Item></m:Items></m:UploadItems>`,
	} {
		out[k] = v
	}
	return out
}

// TestBoltStoreBulkTransfer runs the bulk transfer and user configuration
// tests over boltstore, the example server's default store.
func TestBoltStoreBulkTransfer(t *testing.T) {
	t.Run("ExportUploadRoundTrip", func(t *testing.T) { testExportUploadRoundTrip(t, newBoltEnv(t)) })
	t.Run("UploadUpdate", func(t *testing.T) { testUploadUpdate(t, newBoltEnv(t)) })
	t.Run("UploadAssociatedAndErrors", func(t *testing.T) { testUploadAssociatedAndErrors(t, newBoltEnv(t)) })
	t.Run("UserConfigurationLifecycle", func(t *testing.T) { testUserConfigurationLifecycle(t, newBoltEnv(t)) })
	t.Run("UserConfigurationSpecSample", func(t *testing.T) { testUserConfigurationSpecSample(t, newBoltEnv(t)) })
}

// Calendar items (with recurrence and time zone), contacts and tasks keep
// their named properties ([MS-OXOCAL], [MS-OXOCNTC], [MS-OXOTASK]) through
// export and upload.
func TestExportUploadItemKinds(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ name, folder, item, must string }{
		{"calendar", "calendar", `<t:CalendarItem><t:Subject>r</t:Subject><t:Start>2024-03-25T09:00:00Z</t:Start><t:End>2024-03-25T09:30:00Z</t:End><t:Location>L</t:Location>` +
			`<t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday</t:DaysOfWeek></t:WeeklyRecurrence><t:NumberedRecurrence><t:StartDate>2024-03-25</t:StartDate><t:NumberOfOccurrences>3</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>` +
			`<t:StartTimeZone Id="W. Europe Standard Time"/></t:CalendarItem>`, "Recurrence"},
		{"contact", "contacts", `<t:Contact><t:FileAs>F</t:FileAs><t:GivenName>G</t:GivenName><t:EmailAddresses><t:Entry Key="EmailAddress1">a@b.c</t:Entry></t:EmailAddresses><t:Surname>S</t:Surname></t:Contact>`, "EmailAddresses"},
		{"task", "tasks", `<t:Task><t:Subject>t</t:Subject><t:DueDate>2030-01-01T00:00:00Z</t:DueDate><t:PercentComplete>50</t:PercentComplete></t:Task>`, "PercentComplete"},
	} {
		doc := e.call(`<m:CreateItem><m:SavedItemFolderId>` + dist(tc.folder) + `</m:SavedItemFolderId><m:Items>` + tc.item + `</m:Items></m:CreateItem>`)
		id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
		data, _ := btExport(t, e, id)
		f := e.call(`<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds>` + dist(tc.folder) + `</m:FolderIds></m:GetFolder>`)
		fid, _ := idOf(f.Root(), "FolderId")
		els := mustSuccess(t, btUpload(e, "CreateNew", fid, "", base64.StdEncoding.EncodeToString(data), ""))
		newID, _ := idOf(els[0], "ItemId")
		if a, b := btContent(btStored(t, e, id)), btContent(btStored(t, e, newID)); !reflect.DeepEqual(a, b) {
			t.Errorf("%s: copy differs:\n got %+v\nwant %+v", tc.name, b, a)
		}
		// The copy reads back through EWS as the same kind of item.
		orig := getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id)
		cp := getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, newID)
		if orig.SelectElement(tc.must) == nil {
			t.Errorf("%s: the original has no %s", tc.name, tc.must)
		}
		if orig.Tag != cp.Tag {
			t.Errorf("%s: copy is a %s, original a %s", tc.name, cp.Tag, orig.Tag)
		}
		for _, field := range []string{"Subject", "Start", "End", "Recurrence", "FileAs", "EmailAddresses", "DueDate", "PercentComplete"} {
			a, b := orig.SelectElement(field), cp.SelectElement(field)
			if (a == nil) != (b == nil) {
				t.Errorf("%s: %s present %v in original, %v in copy", tc.name, field, a != nil, b != nil)
				continue
			}
			if a != nil {
				da, db := etree.NewDocument(), etree.NewDocument()
				da.SetRoot(a.Copy())
				db.SetRoot(b.Copy())
				sa, _ := da.WriteToString()
				sb, _ := db.WriteToString()
				if sa != sb {
					t.Errorf("%s: %s differs:\n%s\n%s", tc.name, field, sa, sb)
				}
			}
		}
	}
}

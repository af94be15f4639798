package ews

import (
	"encoding/base64"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCoreCreateAttachmentStaleParentChangeKey: exchangelib 4.9 sends the
// parent's ChangeKey from before a DeleteAttachment on its next
// CreateAttachment (Attachment.detach does not refresh it). The attachment
// is created and the answer carries the parent's new ChangeKey
// ([MS-OXWSATT] 3.1.4.1; QUIRK in createAttachment).
func TestCoreCreateAttachmentStaleParentChangeKey(t *testing.T) {
	e := newEnv(t)
	id, ck0 := createMsg(t, e, `MessageDisposition="SaveOnly"`, "", `<t:Subject>stale parent</t:Subject>`)
	content := base64.StdEncoding.EncodeToString([]byte("one"))
	file := func(name string) string {
		return `<t:FileAttachment><t:Name>` + name + `</t:Name><t:Content>` + content + `</t:Content></t:FileAttachment>`
	}
	els := mustSuccess(t, e.call(`<m:CreateAttachment><m:ParentItemId Id="`+id+`" ChangeKey="`+ck0+`"/><m:Attachments>`+file("a.bin")+`</m:Attachments></m:CreateAttachment>`))
	a := els[0].FindElement(".//AttachmentId")
	ck1 := a.SelectAttrValue("RootItemChangeKey", "")
	if ck1 == "" || ck1 == ck0 {
		t.Fatalf("RootItemChangeKey %q after create (was %q)", ck1, ck0)
	}
	mustSuccess(t, e.call(`<m:DeleteAttachment><m:AttachmentIds><t:AttachmentId Id="`+a.SelectAttrValue("Id", "")+`"/></m:AttachmentIds></m:DeleteAttachment>`))
	// ck1 is stale now: the delete changed the item.
	els = mustSuccess(t, e.call(`<m:CreateAttachment><m:ParentItemId Id="`+id+`" ChangeKey="`+ck1+`"/><m:Attachments>`+file("b.bin")+`</m:Attachments></m:CreateAttachment>`))
	ck3 := els[0].FindElement(".//AttachmentId").SelectAttrValue("RootItemChangeKey", "")
	if ck3 == "" || ck3 == ck1 {
		t.Fatalf("RootItemChangeKey %q after the second create (stale one was %q)", ck3, ck1)
	}
	m := getItem(t, e, `<t:BaseShape>Default</t:BaseShape>`, id)
	var names []string
	for _, x := range m.FindElements("Attachments/*") {
		names = append(names, text(x, "Name"))
	}
	if len(names) != 1 || names[0] != "b.bin" {
		t.Fatalf("attachments %v, want [b.bin]", names)
	}
	if _, gotCK := idOf(m, "ItemId"); gotCK != ck3 {
		t.Fatalf("item ChangeKey %q, answer said %q", gotCK, ck3)
	}
}

// TestCoreCreateItemWithAttachments: a new message's t:Attachments in
// CreateItem ([MS-OXWSCORE] 2.2.4.24 ItemType) are kept on the saved
// copy and on the message delivered to the recipient, byte-exact, with
// name, content ID and inline flag; an item attachment keeps its
// embedded message. exchangelib sends attachments of a new message this
// way on send_and_save().
func TestCoreCreateItemWithAttachments(t *testing.T) {
	e := newEnv(t)
	payload := make([]byte, 3000)
	for i := range payload {
		payload[i] = byte(i * 7)
	}
	b64 := base64.StdEncoding.EncodeToString(payload)
	mustSuccess(t, e.call(`<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:SavedItemFolderId>`+dist("sentitems")+`</m:SavedItemFolderId><m:Items><t:Message>`+
		`<t:Subject>with files</t:Subject><t:Body BodyType="Text">see attached</t:Body>`+
		`<t:Attachments><t:FileAttachment><t:Name>Grüße ✓.bin</t:Name><t:ContentId>c1@x</t:ContentId><t:IsInline>true</t:IsInline><t:Content>`+b64+`</t:Content></t:FileAttachment>`+
		`<t:ItemAttachment><t:Name>inner</t:Name><t:Message><t:Subject>embedded</t:Subject><t:Body BodyType="Text">in</t:Body></t:Message></t:ItemAttachment></t:Attachments>`+
		`<t:ToRecipients><t:Mailbox><t:EmailAddress>`+user2+`</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message></m:Items></m:CreateItem>`))
	type att struct{ Tag, Name, ContentID, IsInline, Content, Embedded string }
	want := []att{
		{Tag: "FileAttachment", Name: "Grüße ✓.bin", ContentID: "c1@x", IsInline: "true", Content: b64},
		{Tag: "ItemAttachment", Name: "inner", IsInline: "false", Embedded: "embedded"},
	}
	// The delivered copy travels as MIME ([MS-OXCMAIL]): the inline flag
	// of an attachment a text body does not reference is not kept, and an
	// attached message is named by its subject.
	delivered := []att{want[0], want[1]}
	delivered[0].IsInline = "false"
	delivered[1].Name = "embedded"
	for _, who := range []struct {
		user, folder string
		want         []att
	}{{user2, "inbox", delivered}, {user1, "sentitems", want}} {
		items := findItemsAs(t, e, who.user, who.folder, `<t:FieldURI FieldURI="item:HasAttachments"/>`)
		if len(items) != 1 || text(items[0], "HasAttachments") != "true" {
			t.Fatalf("%s %s: %d items, HasAttachments %q", who.user, who.folder, len(items), text(items[0], "HasAttachments"))
		}
		id, _ := idOf(items[0], "ItemId")
		m := getItemAs(t, e, who.user, `<t:BaseShape>Default</t:BaseShape>`, id)
		var got []att
		for _, a := range m.FindElements("Attachments/*") {
			aid := a.FindElement("AttachmentId").SelectAttrValue("Id", "")
			doc := e.callAs(who.user, `<m:GetAttachment><m:AttachmentIds><t:AttachmentId Id="`+aid+`"/></m:AttachmentIds></m:GetAttachment>`)
			full := mustSuccess(t, doc)[0].FindElement("Attachments/*")
			g := att{Tag: full.Tag, Name: text(full, "Name"), ContentID: text(full, "ContentId"), IsInline: text(full, "IsInline"), Content: text(full, "Content")}
			if it := full.FindElement("Message"); it != nil {
				g.Embedded = text(it, "Subject")
			}
			got = append(got, g)
		}
		if d := cmp.Diff(who.want, got); d != "" {
			t.Fatalf("%s %s attachments (-want +got):\n%s", who.user, who.folder, d)
		}
	}
}

// TestCoreCreateItemAnswersAttachmentIDs: CreateItem of an item with
// t:Attachments answers the attachments' AttachmentIds in order, with the
// item's ID and ChangeKey as root ([MS-OXWSCORE] 3.1.4.2,
// [MS-OXWSATT] 2.2.4.1 AttachmentIdType), so a client that creates the
// attachments it got no ID for (ews-javascript-api, EWS Managed API) does
// not add them twice.
func TestCoreCreateItemAnswersAttachmentIDs(t *testing.T) {
	e := newEnv(t)
	content := base64.StdEncoding.EncodeToString([]byte("abc"))
	doc := e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId>` + dist("drafts") + `</m:SavedItemFolderId><m:Items><t:Message><t:Subject>two files</t:Subject>` +
		`<t:Attachments><t:FileAttachment><t:Name>one.bin</t:Name><t:Content>` + content + `</t:Content></t:FileAttachment>` +
		`<t:ItemAttachment><t:Name>inner</t:Name><t:Message><t:Subject>embedded</t:Subject></t:Message></t:ItemAttachment>` +
		`<t:FileAttachment><t:Name>two.bin</t:Name><t:Content>` + content + `</t:Content></t:FileAttachment></t:Attachments></t:Message></m:Items></m:CreateItem>`)
	msg := mustSuccess(t, doc)[0].FindElement("Items/Message")
	id, ck := idOf(msg, "ItemId")
	type ans struct{ Tag, Root, RootCK, Name string }
	var got []ans
	for _, a := range msg.FindElements("Attachments/*") {
		aid := a.SelectElement("AttachmentId")
		g := ans{Tag: a.Tag, Root: aid.SelectAttrValue("RootItemId", ""), RootCK: aid.SelectAttrValue("RootItemChangeKey", "")}
		// Each ID opens its attachment.
		full := mustSuccess(t, e.call(`<m:GetAttachment><m:AttachmentIds><t:AttachmentId Id="`+aid.SelectAttrValue("Id", "")+`"/></m:AttachmentIds></m:GetAttachment>`))[0].FindElement("Attachments/*")
		g.Name = text(full, "Name")
		got = append(got, g)
	}
	want := []ans{
		{"FileAttachment", id, ck, "one.bin"},
		{"ItemAttachment", id, ck, "inner"},
		{"FileAttachment", id, ck, "two.bin"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("CreateItem attachments (-want +got):\n%s", d)
	}
	// Without attachments the answer has none.
	doc = e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:Message><t:Subject>plain</t:Subject></t:Message></m:Items></m:CreateItem>`)
	if a := mustSuccess(t, doc)[0].FindElement("Items/Message/Attachments"); a != nil {
		t.Fatal("Attachments in the answer for an item without any")
	}
}

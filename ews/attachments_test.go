package ews

import (
	"context"
	"encoding/base64"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/store"
)

func TestAttachments(t *testing.T) { testAttachments(t, newEnv(t)) }

func testAttachments(t *testing.T, e *env) {
	id, ck := createMsg(t, e, `MessageDisposition="SaveOnly"`, "", `<t:Subject>with files</t:Subject>`)
	content := base64.StdEncoding.EncodeToString([]byte("file content"))
	doc := e.call(`<m:CreateAttachment><m:ParentItemId Id="` + id + `" ChangeKey="` + ck + `"/><m:Attachments>` +
		`<t:FileAttachment><t:Name>a.txt</t:Name><t:ContentType>text/plain</t:ContentType><t:Content>` + content + `</t:Content></t:FileAttachment>` +
		`<t:ItemAttachment><t:Name>inner</t:Name><t:Message><t:Subject>embedded</t:Subject><t:Body BodyType="Text">in</t:Body></t:Message></t:ItemAttachment>` +
		`</m:Attachments></m:CreateAttachment>`)
	els := mustSuccess(t, doc)
	if len(els) != 2 {
		t.Fatalf("%d messages", len(els))
	}
	a1 := els[0].FindElement(".//AttachmentId")
	a2 := els[1].FindElement(".//AttachmentId")
	root := a2.SelectAttrValue("RootItemId", "")
	if root != id || a2.SelectAttrValue("RootItemChangeKey", "") == ck {
		t.Fatalf("root %s ck unchanged", root)
	}
	// GetItem lists them.
	m := getItem(t, e, `<t:BaseShape>Default</t:BaseShape>`, id)
	var got []string
	for _, a := range m.FindElements("Attachments/*") {
		got = append(got, a.Tag+":"+text(a, "Name")+":"+text(a, "Size"))
	}
	if len(got) != 2 || got[0] != "FileAttachment:a.txt:12" || got[1][:len("ItemAttachment:inner:")] != "ItemAttachment:inner:" || text(m, "HasAttachments") != "true" {
		t.Fatalf("%v has=%s", got, text(m, "HasAttachments"))
	}
	// GetAttachment returns the content and the embedded message.
	doc = e.call(`<m:GetAttachment><m:AttachmentIds><t:AttachmentId Id="` + a1.SelectAttrValue("Id", "") + `"/><t:AttachmentId Id="` + a2.SelectAttrValue("Id", "") + `"/></m:AttachmentIds></m:GetAttachment>`)
	els = mustSuccess(t, doc)
	if c := text(els[0], "Content"); c != content {
		t.Fatalf("content %q", c)
	}
	if s := text(els[1].FindElement(".//ItemAttachment/Message"), "Subject"); s != "embedded" {
		t.Fatalf("embedded subject %q\n%s", s, dump(doc))
	}
	// DeleteAttachment, then it is gone.
	doc = e.call(`<m:DeleteAttachment><m:AttachmentIds><t:AttachmentId Id="` + a1.SelectAttrValue("Id", "") + `"/></m:AttachmentIds></m:DeleteAttachment>`)
	if r := mustSuccess(t, doc)[0].SelectElement("RootItemId"); r == nil || r.SelectAttrValue("RootItemId", "") != id {
		t.Fatal("no RootItemId")
	}
	_, msgs := messages(e.call(`<m:GetAttachment><m:AttachmentIds><t:AttachmentId Id="` + a1.SelectAttrValue("Id", "") + `"/><t:AttachmentId Id="` + id + `"/></m:AttachmentIds></m:GetAttachment>`))
	if d := cmp.Diff([]respMsg{{"Error", "ErrorItemNotFound"}, {"Error", "ErrorInvalidIdNotAnItemAttachmentId"}}, msgs); d != "" {
		t.Fatal(d)
	}
}

func TestSendItemAndExpandDL(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if err := e.st.PutEntry(ctx, store.DirectoryEntry{Kind: store.EntryDistList, SMTPAddress: "team@example.com", DisplayName: "Team"}, ""); err != nil {
		t.Fatal(err)
	}
	if err := e.st.SetMembers(ctx, "team@example.com", []string{user1, user2}); err != nil {
		t.Fatal(err)
	}
	doc := e.call(`<m:ExpandDL><m:Mailbox><t:EmailAddress>team@example.com</t:EmailAddress></m:Mailbox></m:ExpandDL>`)
	var got []string
	for _, m := range mustSuccess(t, doc)[0].FindElements("DLExpansion/Mailbox") {
		got = append(got, text(m, "EmailAddress"))
	}
	if d := cmp.Diff([]string{user1, user2}, got); d != "" {
		t.Fatal(d)
	}
	if _, msgs := messages(e.call(`<m:ExpandDL><m:Mailbox><t:EmailAddress>nobody@example.com</t:EmailAddress></m:Mailbox></m:ExpandDL>`)); msgs[0].Code != "ErrorNameResolutionNoResults" {
		t.Fatalf("%+v", msgs)
	}

	// A draft to the list, sent with SendItem: both members get it.
	id, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, "", `<t:Subject>to the team</t:Subject><t:ToRecipients><t:Mailbox><t:EmailAddress>team@example.com</t:EmailAddress></t:Mailbox></t:ToRecipients>`)
	mustSuccess(t, e.call(`<m:SendItem SaveItemToFolder="true"><m:ItemIds>`+itemID(id)+`</m:ItemIds></m:SendItem>`))
	count := func(user, folder string) string {
		return text(e.callAs(user, getFolderOp("Default", dist(folder))).Root(), "TotalCount")
	}
	got = []string{count(user1, "inbox"), count(user2, "inbox"), count(user1, "sentitems"), count(user1, "drafts")}
	if d := cmp.Diff([]string{"1", "1", "1", "0"}, got); d != "" {
		t.Fatal(d)
	}
}

package ews

import (
	"encoding/base64"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
)

// TestPostItem checks posts ([MS-OXWSPOST]): CreateItem of a t:PostItem
// in a folder, GetItem with PostItemType's fields in schema order, and
// PostReplyItem continuing its conversation beside it.
func TestPostItem(t *testing.T) { testPostItem(t, newEnv(t)) }

func testPostItem(t *testing.T, e *env) {
	doc := e.call(`<m:CreateFolder><m:ParentFolderId>` + dist("msgfolderroot") + `</m:ParentFolderId><m:Folders><t:Folder><t:FolderClass>IPF.Note</t:FolderClass>` +
		`<t:DisplayName>Board</t:DisplayName></t:Folder></m:Folders></m:CreateFolder>`)
	board, _ := idOf(mustSuccess(t, doc)[0], "FolderId")
	doc = e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId>` + fid(board) + `</m:SavedItemFolderId><m:Items><t:PostItem>` +
		`<t:Subject>Welcome</t:Subject><t:Body BodyType="Text">Hello board</t:Body><t:InternetMessageId>&lt;post-1@example.com&gt;</t:InternetMessageId></t:PostItem></m:Items></m:CreateItem>`)
	els := mustSuccess(t, doc)
	if els[0].FindElement("Items/PostItem") == nil {
		t.Fatalf("CreateItem answer: %s", dump(doc))
	}
	id, _ := idOf(els[0], "ItemId")
	p := getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id)
	if p.Tag != "PostItem" || text(p, "ItemClass") != "IPM.Post" || text(p, "ConversationTopic") != "Welcome" ||
		text(p.SelectElement("From"), "EmailAddress") != user1 || text(p.SelectElement("Sender"), "EmailAddress") != user1 ||
		text(p, "IsRead") != "true" || text(p, "PostedTime") == "" {
		d := etree.NewDocument()
		d.SetRoot(p.Copy())
		t.Fatalf("GetItem: %s", dump(d))
	}
	var order []string
	for _, ch := range p.ChildElements() {
		switch ch.Tag {
		case "ConversationIndex", "ConversationTopic", "From", "InternetMessageId", "IsRead", "PostedTime", "References", "Sender":
			order = append(order, ch.Tag)
		}
	}
	if d := cmp.Diff([]string{"ConversationIndex", "ConversationTopic", "From", "InternetMessageId", "IsRead", "PostedTime", "Sender"}, order); d != "" {
		t.Fatalf("PostItemType order (-want +got):\n%s", d)
	}
	ci, _ := base64.StdEncoding.DecodeString(text(p, "ConversationIndex"))
	if len(ci) != 22 || ci[0] != 1 {
		t.Fatalf("ConversationIndex % x", ci)
	}

	// PostReplyItem: saved beside the original, RE: subject, the
	// conversation index grows by one 5-byte block, threading headers.
	doc = e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:PostReplyItem><t:ReferenceItemId Id="` + id + `"/>` +
		`<t:NewBodyContent BodyType="Text">Thanks!</t:NewBodyContent></t:PostReplyItem></m:Items></m:CreateItem>`)
	rid, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	r := getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, rid)
	parent, _ := idOf(r, "ParentFolderId")
	got := []string{r.Tag, text(r, "Subject"), text(r, "ConversationTopic"), text(r, "InReplyTo"), text(r, "References"), parent}
	if d := cmp.Diff([]string{"PostItem", "RE: Welcome", "Welcome", "<post-1@example.com>", "<post-1@example.com>", board}, got); d != "" {
		t.Fatalf("PostReplyItem (-want +got):\n%s", d)
	}
	rci, _ := base64.StdEncoding.DecodeString(text(r, "ConversationIndex"))
	if len(rci) != 27 || string(rci[:22]) != string(ci) {
		t.Fatalf("reply ConversationIndex % x, original % x", rci, ci)
	}
	if b := text(r, "Body"); len(b) < 7 || b[:7] != "Thanks!" {
		t.Fatalf("reply body %q", b)
	}
	// A reply to nothing is a per-item error.
	_, msgs := messages(e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:Items><t:PostReplyItem><t:NewBodyContent BodyType="Text">x</t:NewBodyContent></t:PostReplyItem></m:Items></m:CreateItem>`))
	if len(msgs) != 1 || msgs[0].Code != "ErrorInvalidIdMalformed" {
		t.Fatalf("PostReplyItem without ReferenceItemId: %+v", msgs)
	}
}

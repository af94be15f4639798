package ews

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/store"
)

// getWellKnown is GetFolder of a distinguished folder in the
// AllProperties shape with its DistinguishedFolderId (Exchange2013+).
func getWellKnown(name string) string {
	return `<m:GetFolder><m:FolderShape><t:BaseShape>AllProperties</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="folder:DistinguishedFolderId"/></t:AdditionalProperties></m:FolderShape><m:FolderIds>` +
		dist(name) + `</m:FolderIds></m:GetFolder>`
}

func createWellKnown(parent, name, body string) string {
	return `<m:CreateFolder><m:ParentFolderId>` + parent + `</m:ParentFolderId><m:Folders><t:Folder>` + body +
		`<t:DistinguishedFolderId>` + name + `</t:DistinguishedFolderId></t:Folder></m:Folders></m:CreateFolder>`
}

func TestWellKnownRecipientCache(t *testing.T) { testWellKnownRecipientCache(t, newEnv(t)) }
func TestWellKnownRecipientCacheBolt(t *testing.T) {
	testWellKnownRecipientCache(t, newBoltEnv(t))
}

// testWellKnownRecipientCache: "recipientcache" exists from its first
// use by the owner on (a hidden IPF.Contact.RecipientCache folder under
// Contacts), not before and not through a delegate.
func testWellKnownRecipientCache(t *testing.T, e *env) {
	ctx := context.Background()
	mb1, err := e.st.OpenMailbox(ctx, user1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mb1.SpecialFolder(ctx, store.FolderRecipientCache); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("before first use: SpecialFolder = %v, want ErrNotFound", err)
	}
	// A delegate naming it does not create it.
	_, msgs := messages(e.callAs(user2, getFolderOp("IdOnly", `<t:DistinguishedFolderId Id="recipientcache"><t:Mailbox><t:EmailAddress>`+user1+`</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>`)))
	if len(msgs) != 1 || msgs[0].Class != "Error" {
		t.Errorf("delegate: %+v, want an error", msgs)
	}
	if _, err := mb1.SpecialFolder(ctx, store.FolderRecipientCache); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after the delegate's request: SpecialFolder = %v, want ErrNotFound", err)
	}

	doc := e.call(getWellKnown("recipientcache"))
	f := mustSuccess(t, doc)[0].FindElement("Folders/*")
	want := folderView{Elem: "ContactsFolder", Name: "Recipient Cache", Class: "IPF.Contact.RecipientCache", Total: "0", Child: "0", HasID: true, HasParent: true}
	if d := cmp.Diff(want, viewFolder(f)); d != "" {
		t.Error(d)
	}
	if got := text(f, "DistinguishedFolderId"); got != "recipientcache" {
		t.Errorf("DistinguishedFolderId %q, want recipientcache", got)
	}
	id, _ := idOf(f, "FolderId")
	parent, _ := idOf(f, "ParentFolderId")
	contacts, _ := idOf(mustSuccess(t, e.call(getFolderOp("IdOnly", dist("contacts"))))[0], "FolderId")
	if parent != contacts {
		t.Errorf("parent %s, want Contacts %s", parent, contacts)
	}
	// The same folder from then on.
	again, _ := idOf(mustSuccess(t, e.call(getFolderOp("IdOnly", dist("recipientcache"))))[0], "FolderId")
	if again != id {
		t.Errorf("second GetFolder: %s, want %s", again, id)
	}
	// Protected like every distinguished folder.
	_, msgs = messages(e.call(`<m:DeleteFolder DeleteType="HardDelete"><m:FolderIds>` + fid(id) + `</m:FolderIds></m:DeleteFolder>`))
	if len(msgs) != 1 || msgs[0].Class != "Error" {
		t.Errorf("DeleteFolder: %+v, want an error", msgs)
	}
	// Only conversationhistory can be created by name.
	_, msgs = messages(e.call(createWellKnown(dist("contacts"), "recipientcache", `<t:DisplayName>RC</t:DisplayName>`)))
	if d := cmp.Diff([]respMsg{{"Error", "ErrorInvalidRequest"}}, msgs); d != "" {
		t.Errorf("CreateFolder recipientcache: %s", d)
	}
}

func TestWellKnownConversationHistory(t *testing.T) { testWellKnownConversationHistory(t, newEnv(t)) }
func TestWellKnownConversationHistoryBolt(t *testing.T) {
	testWellKnownConversationHistory(t, newBoltEnv(t))
}

// testWellKnownConversationHistory: "conversationhistory" is not found
// until CreateFolder with that DistinguishedFolderId creates it
// ([MS-OXWSFOLD] 2.2.4.5, R28402), then found; created again,
// ErrorFolderExists.
func testWellKnownConversationHistory(t *testing.T, e *env) {
	_, msgs := messages(e.call(getFolderOp("IdOnly", dist("conversationhistory"))))
	if d := cmp.Diff([]respMsg{{"Error", "ErrorFolderNotFound"}}, msgs); d != "" {
		t.Fatalf("before creation: %s", d)
	}
	// Another user cannot create it in user1's mailbox (a fault or an
	// error message; either way nothing is created).
	e.postAs(user2, envelope(createWellKnown(`<t:DistinguishedFolderId Id="msgfolderroot"><t:Mailbox><t:EmailAddress>`+user1+`</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>`,
		"conversationhistory", `<t:DisplayName>Conversation History</t:DisplayName>`)))
	_, msgs = messages(e.call(getFolderOp("IdOnly", dist("conversationhistory"))))
	if d := cmp.Diff([]respMsg{{"Error", "ErrorFolderNotFound"}}, msgs); d != "" {
		t.Fatalf("after another user's CreateFolder: %s", d)
	}
	for _, name := range []string{"adminauditlogs", "inbox", "bogus"} {
		_, msgs = messages(e.call(createWellKnown(dist("msgfolderroot"), name, `<t:DisplayName>X `+name+`</t:DisplayName>`)))
		if d := cmp.Diff([]respMsg{{"Error", "ErrorInvalidRequest"}}, msgs); d != "" {
			t.Errorf("CreateFolder %s: %s", name, d)
		}
	}
	// Lync/Skype-style creation: its display name and class win; it goes
	// under msgfolderroot even when asked for elsewhere.
	doc := e.call(createWellKnown(dist("inbox"), "conversationhistory", `<t:FolderClass>IPF.Note.Microsoft.Conversation</t:FolderClass><t:DisplayName>Unterhaltungsverlauf</t:DisplayName>`))
	created, _ := idOf(mustSuccess(t, doc)[0], "FolderId")
	f := mustSuccess(t, e.call(getWellKnown("conversationhistory")))[0].FindElement("Folders/*")
	want := folderView{Elem: "Folder", Name: "Unterhaltungsverlauf", Class: "IPF.Note.Microsoft.Conversation", Total: "0", Child: "0", Unread: "0", HasID: true, HasParent: true}
	if d := cmp.Diff(want, viewFolder(f)); d != "" {
		t.Error(d)
	}
	if id, _ := idOf(f, "FolderId"); id != created {
		t.Errorf("GetFolder: %s, want the created %s", id, created)
	}
	if got := text(f, "DistinguishedFolderId"); got != "conversationhistory" {
		t.Errorf("DistinguishedFolderId %q", got)
	}
	root, _ := idOf(mustSuccess(t, e.call(getFolderOp("IdOnly", dist("msgfolderroot"))))[0], "FolderId")
	if p, _ := idOf(f, "ParentFolderId"); p != root {
		t.Errorf("parent %s, want msgfolderroot %s", p, root)
	}
	_, msgs = messages(e.call(createWellKnown(dist("msgfolderroot"), "conversationhistory", `<t:DisplayName>Conversation History</t:DisplayName>`)))
	if d := cmp.Diff([]respMsg{{"Error", "ErrorFolderExists"}}, msgs); d != "" {
		t.Errorf("second CreateFolder: %s", d)
	}
	// Items can be kept there like anywhere else.
	mustSuccess(t, e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId>`+dist("conversationhistory")+`</m:SavedItemFolderId><m:Items><t:Message><t:Subject>IM with User Two</t:Subject></t:Message></m:Items></m:CreateItem>`))
	f = mustSuccess(t, e.call(getFolderOp("Default", dist("conversationhistory"))))[0].FindElement("Folders/*")
	if got := text(f, "TotalCount"); got != "1" {
		t.Errorf("TotalCount %s after saving an item, want 1", got)
	}
}

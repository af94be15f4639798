package ews

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/httpauth"
)

// TestResponseContentLength checks that answers carry a Content-Length
// equal to the body's size (so net/http does not chunk them).
func TestResponseContentLength(t *testing.T) {
	e := newEnv(t)
	perfSetup(t, e, 3)
	req := httptest.NewRequest(http.MethodPost, "/EWS/Exchange.asmx", strings.NewReader(findItem100Request))
	req = req.WithContext(httpauth.WithIdentity(req.Context(), httpauth.Identity{User: user1}))
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("HTTP %d", rec.Code)
	}
	if got, want := rec.Header().Get("Content-Length"), strconv.Itoa(rec.Body.Len()); got != want {
		t.Errorf("Content-Length %q, body %s bytes", got, want)
	}
	if els := mustSuccess(t, e.call(findItem100Op)); len(els) != 1 {
		t.Errorf("%d response messages", len(els))
	}
}

// TestParentFolderIDPerItem checks that GetItem and FindItem give each
// item its own folder's ParentFolderId when items of several folders
// come in one response (writeParentFolderID keeps the last one encoded).
func TestParentFolderIDPerItem(t *testing.T) {
	e := newEnv(t)
	folderID := func(name string) string {
		id, _ := idOf(mustSuccess(t, e.call(`<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds>`+dist(name)+`</m:FolderIds></m:GetFolder>`))[0], "FolderId")
		return id
	}
	create := func(folder string) string {
		els := mustSuccess(t, e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId>`+dist(folder)+`</m:SavedItemFolderId><m:Items><t:Message><t:Subject>in `+folder+`</t:Subject></t:Message></m:Items></m:CreateItem>`))
		id, _ := idOf(els[0], "ItemId")
		return id
	}
	folders := []string{"inbox", "drafts", "inbox", "sentitems"}
	var ids strings.Builder
	for _, f := range folders {
		ids.WriteString(itemID(create(f)))
	}
	els := mustSuccess(t, e.call(`<m:GetItem><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ItemIds>`+ids.String()+`</m:ItemIds></m:GetItem>`))
	if len(els) != len(folders) {
		t.Fatalf("%d response messages, want %d", len(els), len(folders))
	}
	for i, el := range els {
		if got, want := el.FindElement(".//ParentFolderId").SelectAttrValue("Id", ""), folderID(folders[i]); got != want {
			t.Errorf("item %d in %s: ParentFolderId %s, want %s", i, folders[i], got, want)
		}
	}
	els = mustSuccess(t, e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ParentFolderIds>`+dist("inbox")+dist("drafts")+`</m:ParentFolderIds></m:FindItem>`))
	for i, name := range []string{"inbox", "drafts"} {
		rows := els[i].FindElements(".//Items/*")
		if len(rows) == 0 {
			t.Fatalf("%s: no rows", name)
		}
		for _, row := range rows {
			if got, want := row.FindElement("ParentFolderId").SelectAttrValue("Id", ""), folderID(name); got != want {
				t.Errorf("FindItem row in %s: ParentFolderId %s, want %s", name, got, want)
			}
		}
	}
}

package ews

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDumpResponsesRecover is TestDumpResponses for recover.go: GetFolder
// and FindFolder of the Recoverable Items folders (AllProperties with
// DistinguishedFolderId), FindItem and GetItem in Deletions, MoveItem
// and CopyItem out of it, MoveItem into it, DeleteItem there and a
// refused CreateItem, written into $EWS_DUMP (as recover-*.xml) for the
// interop suite to validate against the EWS schemas with xmllint
// (interop/suites/ews.sh).
func TestDumpResponsesRecover(t *testing.T) {
	dir := os.Getenv("EWS_DUMP")
	if dir == "" {
		t.Skip("EWS_DUMP not set: only the interop suite (xmllint schema validation) runs this")
	}
	e := newEnv(t)
	r := newRecoverEnv(t, e)
	_, ids, _, _ := r.find(t, dist("recoverableitemsdeletions"), bySubject) // four, one, three
	folderShape := `<m:FolderShape><t:BaseShape>AllProperties</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="folder:DistinguishedFolderId"/></t:AdditionalProperties></m:FolderShape>`
	steps := []struct{ name, op string }{
		{"recover-getfolder", `<m:GetFolder>` + folderShape + `<m:FolderIds>` + dist("recoverableitemsroot") + dist("recoverableitemsdeletions") +
			dist("recoverableitemsversions") + dist("recoverableitemspurges") + dist("recoverableitemsdiscoveryholds") + `</m:FolderIds></m:GetFolder>`},
		{"recover-findfolder", `<m:FindFolder Traversal="Deep">` + folderShape + `<m:IndexedPageFolderView MaxEntriesReturned="3" Offset="0" BasePoint="Beginning"/>` +
			`<m:ParentFolderIds>` + dist("recoverableitemsroot") + `</m:ParentFolderIds></m:FindFolder>`},
		{"recover-finditem", `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape>` +
			`<m:IndexedPageItemView MaxEntriesReturned="10" Offset="0" BasePoint="Beginning"/>` + bySubject +
			`<m:ParentFolderIds>` + dist("recoverableitemsdeletions") + dist("recoverableitemspurges") + `</m:ParentFolderIds></m:FindItem>`},
		{"recover-getitem", `<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds>` + itemID(ids[1]) + `</m:ItemIds></m:GetItem>`},
		{"recover-copyitem", `<m:CopyItem><m:ToFolderId>` + dist("drafts") + `</m:ToFolderId><m:ItemIds>` + itemID(ids[0]) + `</m:ItemIds></m:CopyItem>`},
		{"recover-moveitem", `<m:MoveItem><m:ToFolderId>` + dist("inbox") + `</m:ToFolderId><m:ItemIds>` + itemID(ids[1]) + itemID(ids[1]) + `</m:ItemIds></m:MoveItem>`},
		{"recover-moveitem-into", `<m:MoveItem><m:ToFolderId>` + dist("recoverableitemsdeletions") + `</m:ToFolderId><m:ItemIds>` + itemID(r.ids["live"]) + `</m:ItemIds></m:MoveItem>`},
		{"recover-deleteitem", `<m:DeleteItem DeleteType="HardDelete"><m:ItemIds>` + itemID(ids[2]) + `</m:ItemIds></m:DeleteItem>`},
		{"recover-createitem-denied", `<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId>` + dist("recoverableitemsdeletions") +
			`</m:SavedItemFolderId><m:Items><t:Message><t:Subject>x</t:Subject></t:Message></m:Items></m:CreateItem>`},
	}
	for _, s := range steps {
		_, doc := e.postAs(user1, envelope(s.op))
		if _, msgs := messages(doc); len(msgs) == 0 {
			t.Fatalf("%s: no response messages\n%s", s.name, dump(doc))
		}
		if err := doc.WriteToFile(filepath.Join(dir, s.name+".xml")); err != nil {
			t.Fatal(err)
		}
	}
}

package ews

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDumpResponsesWellKnown writes the responses of wellknown.go's
// folders for the interop suite's xmllint validation.
func TestDumpResponsesWellKnown(t *testing.T) {
	dir := os.Getenv("EWS_DUMP")
	if dir == "" {
		t.Skip("EWS_DUMP not set: only the interop suite (xmllint schema validation) runs this")
	}
	e := newEnv(t)
	for _, r := range []struct{ file, op string }{
		{"wellknown-getfolder-recipientcache.xml", getWellKnown("recipientcache")},
		{"wellknown-getfolder-conversationhistory-missing.xml", getWellKnown("conversationhistory")},
		{"wellknown-createfolder-conversationhistory.xml", createWellKnown(dist("msgfolderroot"), "conversationhistory", `<t:FolderClass>IPF.Note.Microsoft.Conversation</t:FolderClass><t:DisplayName>Conversation History</t:DisplayName>`)},
		{"wellknown-createfolder-again.xml", createWellKnown(dist("msgfolderroot"), "conversationhistory", `<t:DisplayName>Conversation History</t:DisplayName>`)},
		{"wellknown-getfolder-conversationhistory.xml", getWellKnown("conversationhistory")},
	} {
		_, doc := e.postAs(user1, envelope(r.op))
		if err := doc.WriteToFile(filepath.Join(dir, r.file)); err != nil {
			t.Fatal(err)
		}
	}
}

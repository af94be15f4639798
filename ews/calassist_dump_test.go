package ews

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDumpCalAssistResponses writes responses about meetings that came
// in as iMIP and about delegates' copies into $EWS_DUMP (as calasst-*.xml)
// for the interop suite's xmllint schema validation.
func TestDumpCalAssistResponses(t *testing.T) {
	dir := os.Getenv("EWS_DUMP")
	if dir == "" {
		t.Skip("EWS_DUMP not set: only the interop suite (xmllint schema validation) runs this")
	}
	e := newEnv(t)
	write := func(name, user, op string) {
		code, doc := e.postAs(user, envelope(op))
		if code != 200 {
			t.Fatalf("%s: HTTP %d", name, code)
		}
		mustSuccess(t, doc)
		if err := doc.WriteToFile(filepath.Join(dir, "calasst-"+name+".xml")); err != nil {
			t.Fatal(err)
		}
	}
	all := `<m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape>`
	find := func(folder string) string {
		return `<m:FindItem Traversal="Shallow">` + all + `<m:ParentFolderIds>` + dist(folder) + `</m:ParentFolderIds></m:FindItem>`
	}
	mustSuccess(t, e.call(`<m:AddDelegate>`+mailbox1+`<m:DelegateUsers>`+
		delegateUserXML(user2, `<t:DelegatePermissions><t:CalendarFolderPermissionLevel>Editor</t:CalendarFolderPermissionLevel></t:DelegatePermissions>`,
			`<t:ReceiveCopiesOfMeetingMessages>true</t:ReceiveCopiesOfMeetingMessages>`)+
		`</m:DelegateUsers><m:DeliverMeetingRequests>DelegatesAndMe</m:DeliverMeetingRequests></m:AddDelegate>`))
	deliverMIME(t, e, user2, readTestdata(t, "request.eml"))
	write("find-request", user2, find("inbox"))
	write("find-tentative", user2, find("calendar"))
	deliverMIME(t, e, user2, readTestdata(t, "request-seq1.eml"))
	deliverMIME(t, e, user2, readTestdata(t, "cancel.eml"))
	write("find-outdated-cancelled", user2, find("inbox"))
	write("find-cancelled", user2, find("calendar"))
	deliverMIME(t, e, user1, []byte(strings.ReplaceAll(string(readTestdata(t, "request.eml")), "user2@example.com", "user1@example.com")))
	write("find-delegate-copy", user2, find("inbox"))
	write("find-delegator-copy", user1, find("inbox"))
}

package ews

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMeetingRequestRules: an attendee's Inbox rules run on a meeting
// request delivered in the store, after the calendar assistant has put
// the tentative item in the Calendar ([MS-OXORULE] 3.2.5.1: rules run on
// every message delivered to the folder).
func TestMeetingRequestRules(t *testing.T) {
	e := newEnv(t)
	target := createFolderID(t, e, user2, "Invitations")
	mustUpdate(t, e, user2, `<t:CreateRuleOperation><t:Rule><t:DisplayName>meetings</t:DisplayName><t:Priority>1</t:Priority><t:IsEnabled>true</t:IsEnabled>`+
		`<t:Conditions><t:IsMeetingRequest>true</t:IsMeetingRequest></t:Conditions>`+
		`<t:Actions><t:MoveToFolder><t:FolderId Id="`+target+`"/></t:MoveToFolder></t:Actions></t:Rule></t:CreateRuleOperation>`)
	createMeeting(t, e, "Planning", "SendToAllAndSaveCopy")

	doc := e.callAs(user2, `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ParentFolderIds><t:FolderId Id="`+target+`"/></m:ParentFolderIds></m:FindItem>`)
	if d := cmp.Diff([]string{"MeetingRequest:Planning"}, tags(mustSuccess(t, doc)[0].FindElements("RootFolder/Items/*"))); d != "" {
		t.Errorf("rule's folder (-want +got):\n%s", d)
	}
	if got := tags(findItemsAs(t, e, user2, "inbox", "")); len(got) != 0 {
		t.Errorf("Inbox still holds %v", got)
	}
	if d := cmp.Diff([]string{"CalendarItem:Planning"}, tags(findItemsAs(t, e, user2, "calendar", ""))); d != "" {
		t.Errorf("attendee's calendar (-want +got):\n%s", d)
	}
}

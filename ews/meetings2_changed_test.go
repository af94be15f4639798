package ews

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestOccurrenceSendOnlyToChanged: UpdateItem of one occurrence of an
// organizer's series with SendOnlyToChanged or SendToChangedAndSaveCopy
// ([MS-OXWSMTGS] 2.2.5.3 CalendarItemUpdateOperationType: "sent only to
// attendees that were added and/or deleted because of the update")
// saves the exception and sends nothing, as an occurrence's attendees are
// the series' (an attendee field in the change is skipped, so nobody is
// added); SendOnlyToAll then sends the occurrence's request to all.
func TestOccurrenceSendOnlyToChanged(t *testing.T) {
	e := newEnv(t)
	addUser3(t, e)
	createSeries(t, e, user1, "standup", attendee2, ` SendMeetingInvitations="SendToAllAndSaveCopy"`, "3")
	const from, to = "2030-03-01T00:00:00Z", "2030-05-01T00:00:00Z"
	second, _ := idOf(calendarViewAs(t, e, user1, from, to)[1], "ItemId")
	inbox := func(user string) []string { return tags(findItemsAs(t, e, user, "inbox", "")) }
	sent := func() int { return len(findItemsAs(t, e, user1, "sentitems", "")) }
	before, sentBefore := inbox(user2), sent()
	update := func(mode, loc, extra string) {
		t.Helper()
		mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="`+mode+`"><m:ItemChanges><t:ItemChange>`+itemID(second)+`<t:Updates>`+
			`<t:SetItemField><t:FieldURI FieldURI="calendar:Location"/><t:CalendarItem><t:Location>`+loc+`</t:Location></t:CalendarItem></t:SetItemField>`+extra+
			`</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	}
	addUser3Attendee := `<t:SetItemField><t:FieldURI FieldURI="calendar:RequiredAttendees"/><t:CalendarItem><t:RequiredAttendees><t:Attendee><t:Mailbox><t:EmailAddress>` + user3 +
		`</t:EmailAddress></t:Mailbox></t:Attendee></t:RequiredAttendees></t:CalendarItem></t:SetItemField>`
	update("SendOnlyToChanged", "Room 7", "")
	update("SendToChangedAndSaveCopy", "Room 8", addUser3Attendee)
	if got := text(calendarViewAs(t, e, user1, from, to)[1], "Location"); got != "Room 8" {
		t.Fatalf("the organizer's exception: %q", got)
	}
	if d := cmp.Diff(before, inbox(user2)); d != "" {
		t.Fatalf("SendOnlyToChanged reached the attendee (-before +after):\n%s", d)
	}
	if got := inbox(user3); len(got) != 0 {
		t.Fatalf("an attendee field on an occurrence reached user3: %v", got)
	}
	if n := sent(); n != sentBefore {
		t.Fatalf("Sent Items: %d items, before %d", n, sentBefore)
	}
	if got := text(calendarViewAs(t, e, user2, from, to)[1], "Location"); got != "Room 1" {
		t.Fatalf("the attendee's occurrence: %q", got)
	}
	update("SendOnlyToAll", "Room 9", "")
	if got := inbox(user2); len(got) != len(before)+1 {
		t.Fatalf("SendOnlyToAll: attendee's Inbox %v", got)
	}
	if got := text(calendarViewAs(t, e, user2, from, to)[1], "Location"); got != "Room 9" {
		t.Fatalf("the attendee's occurrence after SendOnlyToAll: %q", got)
	}
}

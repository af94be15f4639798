package ews

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/oxkit/oxkit/store"
)

const room = "board@example.com"

// addRoom makes board@example.com a room with a mailbox.
func addRoom(t *testing.T, e *env) {
	t.Helper()
	ctx := context.Background()
	if err := e.st.PutEntry(ctx, store.DirectoryEntry{Kind: store.EntryUser, SMTPAddress: room, DisplayName: "Board Room", Room: true}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.CreateMailbox(ctx, room, &store.CreateMailboxOptions{DisplayName: "Board Room"}); err != nil {
		t.Fatal(err)
	}
}

// bookRoom has user invite the room (and user2 unless alone) from start
// for an hour, returning the organizer's calendar item ID.
func bookRoom(t *testing.T, e *env, user, subject string, start time.Time, recurrence string) string {
	t.Helper()
	doc := e.callAs(user, `<m:CreateItem SendMeetingInvitations="SendToAllAndSaveCopy"><m:Items><t:CalendarItem><t:Subject>`+subject+`</t:Subject>`+
		`<t:Start>`+start.Format(time.RFC3339)+`</t:Start><t:End>`+start.Add(time.Hour).Format(time.RFC3339)+`</t:End>`+
		`<t:Resources><t:Attendee><t:Mailbox><t:EmailAddress>`+room+`</t:EmailAddress></t:Mailbox></t:Attendee></t:Resources>`+recurrence+
		`</t:CalendarItem></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	return id
}

// roomAnswer returns the room's ResponseType on the organizer's item.
func roomAnswer(t *testing.T, e *env, user, id string) string {
	t.Helper()
	it := getItemAs(t, e, user, `<t:BaseShape>AllProperties</t:BaseShape>`, id)
	for _, a := range it.FindElements("Resources/Attendee") {
		if text(a, "EmailAddress") == room {
			return text(a, "ResponseType")
		}
	}
	return ""
}

// TestResourceBooking: a room accepts a request that fits its calendar,
// declines one that overlaps a booking (saying which) or starts beyond
// the booking window.
func TestResourceBooking(t *testing.T) { testResourceBooking(t, newEnv(t)) }
func TestResourceBookingBolt(t *testing.T) {
	testResourceBooking(t, newBoltEnv(t))
}

func testResourceBooking(t *testing.T, e *env) {
	addRoom(t, e)
	at := time.Now().UTC().Truncate(time.Hour).Add(72 * time.Hour)
	first := bookRoom(t, e, user1, "Planning", at, "")
	if got := roomAnswer(t, e, user1, first); got != "Accept" {
		t.Fatalf("first booking: room answered %q, want Accept", got)
	}
	// user2 wants the room half an hour later: it is taken.
	second := bookRoom(t, e, user2, "Retro", at.Add(30*time.Minute), "")
	if got := roomAnswer(t, e, user2, second); got != "Decline" {
		t.Errorf("overlapping booking: room answered %q, want Decline", got)
	}
	var decline string
	for _, it := range findItemsAs(t, e, user2, "inbox", "") {
		if it.Tag == "MeetingResponse" && strings.Contains(text(it, "Subject"), "Retro") {
			id, _ := idOf(it, "ItemId")
			decline = text(getItemAs(t, e, user2, `<t:BaseShape>Default</t:BaseShape><t:BodyType>Text</t:BodyType>`, id), "Body")
		}
	}
	if !strings.Contains(decline, `booked for "Planning"`) {
		t.Errorf("the decline does not say why: %q", decline)
	}
	// The room's calendar holds the accepted meeting only.
	var subjects []string
	for _, it := range findItemsAs(t, e, room, "calendar", "") {
		subjects = append(subjects, text(it, "Subject"))
	}
	if len(subjects) != 1 || subjects[0] != "Planning" {
		t.Errorf("room's calendar: %v", subjects)
	}
	// Right after the first meeting: free.
	third := bookRoom(t, e, user2, "Standup", at.Add(time.Hour), "")
	if got := roomAnswer(t, e, user2, third); got != "Accept" {
		t.Errorf("adjacent booking: room answered %q, want Accept", got)
	}
	// Beyond the booking window.
	far := bookRoom(t, e, user1, "Next year", at.Add(BookingWindow), "")
	if got := roomAnswer(t, e, user1, far); got != "Decline" {
		t.Errorf("booking beyond the window: room answered %q, want Decline", got)
	}
	// A daily series whose fourth day hits Planning's slot a week on.
	clash := at.Add(7 * 24 * time.Hour)
	mustSuccess(t, e.callAs(user1, `<m:CreateItem SendMeetingInvitations="SendToNone"><m:SavedItemFolderId>`+dist("calendar")+`</m:SavedItemFolderId><m:Items><t:CalendarItem><t:Subject>Blocker</t:Subject>`+
		`<t:Start>`+clash.Format(time.RFC3339)+`</t:Start><t:End>`+clash.Add(time.Hour).Format(time.RFC3339)+`</t:End></t:CalendarItem></m:Items></m:CreateItem>`))
	series := bookRoom(t, e, user2, "Daily", at.Add(4*24*time.Hour), `<t:Recurrence><t:DailyRecurrence><t:Interval>1</t:Interval></t:DailyRecurrence>`+
		`<t:NumberedRecurrence><t:StartDate>`+at.Add(4*24*time.Hour).Format("2006-01-02")+`Z</t:StartDate><t:NumberOfOccurrences>5</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>`)
	if got := roomAnswer(t, e, user2, series); got != "Accept" {
		// The Blocker is in user1's calendar, not the room's: no clash.
		t.Errorf("series: room answered %q, want Accept", got)
	}
	clashing := bookRoom(t, e, user1, "Daily clash", at.Add(-2*24*time.Hour+24*time.Hour), `<t:Recurrence><t:DailyRecurrence><t:Interval>1</t:Interval></t:DailyRecurrence>`+
		`<t:NumberedRecurrence><t:StartDate>`+at.Add(-24*time.Hour).Format("2006-01-02")+`Z</t:StartDate><t:NumberOfOccurrences>3</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>`)
	if got := roomAnswer(t, e, user1, clashing); got != "Decline" {
		t.Errorf("series over Planning's slot: room answered %q, want Decline", got)
	}
	// Ordinary attendees answer for themselves.
	doc := e.call(`<m:CreateItem SendMeetingInvitations="SendToAllAndSaveCopy"><m:Items><t:CalendarItem><t:Subject>Lunch</t:Subject>` +
		`<t:Start>` + at.Format(time.RFC3339) + `</t:Start><t:End>` + at.Add(time.Hour).Format(time.RFC3339) + `</t:End>` + attendee2 + `</t:CalendarItem></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	if got := attendeeResponses(getItemAs(t, e, user1, `<t:BaseShape>AllProperties</t:BaseShape>`, id))[user2]; got != "Unknown" && got != "NoResponseReceived" {
		t.Errorf("user2 answered by herself: %q", got)
	}
}

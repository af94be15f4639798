package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseRooms(t *testing.T) {
	rf, err := parseRooms(strings.NewReader("# rooms\nlist Building-A@example.com Building A\nroom board@example.com building-a@example.com Board Room\n\nroom shed@example.com -\n"))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]roomEntry{{"building-a@example.com", "Building A"}}, rf.lists, cmp.AllowUnexported(roomEntry{})); d != "" {
		t.Error(d)
	}
	if d := cmp.Diff([]roomEntry{{"board@example.com", "Board Room"}, {"shed@example.com", "shed"}}, rf.rooms, cmp.AllowUnexported(roomEntry{})); d != "" {
		t.Error(d)
	}
	if d := cmp.Diff(map[string][]string{"building-a@example.com": {"board@example.com"}}, rf.members); d != "" {
		t.Error(d)
	}
	for _, bad := range []string{
		"room board@example.com later@example.com Board\nlist later@example.com Later\n", // list used before it is declared
		"list\n",
		"room board@example.com\n",
		"desk d@example.com -\n",
		"list not-an-address Name\n",
	} {
		if _, err := parseRooms(strings.NewReader(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestRoomsFlag: -rooms provisions room lists and rooms that EWS
// GetRoomLists and GetRooms answer; a room has a mailbox but no login.
func TestRoomsFlag(t *testing.T) {
	dir := t.TempDir()
	users, rooms := filepath.Join(dir, "users"), filepath.Join(dir, "rooms")
	os.WriteFile(users, []byte("user1@example.com secret User One\n"), 0o600)
	os.WriteFile(rooms, []byte("list building-a@example.com Building A\nroom board@example.com building-a@example.com Board Room\nroom lab@example.com building-a@example.com Lab\n"), 0o600)
	s, _, _ := startTest(t, "-users", users, "-rooms", rooms)
	doc := ewsCall(t, s, "user1@example.com", "secret", `<m:GetRoomLists/>`)
	if got := doc.FindElements("//RoomLists/Address"); len(got) != 1 || got[0].FindElement("EmailAddress").Text() != "building-a@example.com" {
		t.Fatalf("GetRoomLists: %d lists", len(got))
	}
	doc = ewsCall(t, s, "user1@example.com", "secret", `<m:GetRooms><m:RoomList><t:EmailAddress>building-a@example.com</t:EmailAddress></m:RoomList></m:GetRooms>`)
	var names []string
	for _, r := range doc.FindElements("//Rooms/Room/Id/Name") {
		names = append(names, r.Text())
	}
	if d := cmp.Diff([]string{"Board Room", "Lab"}, names); d != "" {
		t.Errorf("GetRooms: %s", d)
	}
	// The room's calendar answers free/busy.
	doc = ewsCall(t, s, "user1@example.com", "secret", `<m:GetUserAvailabilityRequest><t:TimeZone><t:Bias>0</t:Bias><t:StandardTime><t:Bias>0</t:Bias><t:Time>00:00:00</t:Time><t:DayOrder>1</t:DayOrder><t:Month>1</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:StandardTime><t:DaylightTime><t:Bias>0</t:Bias><t:Time>00:00:00</t:Time><t:DayOrder>1</t:DayOrder><t:Month>1</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:DaylightTime></t:TimeZone>`+
		`<m:MailboxDataArray><t:MailboxData><t:Email><t:Address>board@example.com</t:Address></t:Email><t:AttendeeType>Room</t:AttendeeType></t:MailboxData></m:MailboxDataArray>`+
		`<t:FreeBusyViewOptions><t:TimeWindow><t:StartTime>2030-01-01T00:00:00</t:StartTime><t:EndTime>2030-01-02T00:00:00</t:EndTime></t:TimeWindow><t:RequestedView>FreeBusy</t:RequestedView></t:FreeBusyViewOptions></m:GetUserAvailabilityRequest>`)
	if c := doc.FindElement("//FreeBusyResponse/ResponseMessage"); c == nil || c.SelectAttrValue("ResponseClass", "") != "Success" {
		t.Errorf("free/busy of a room: %v", c)
	}
	// Nobody logs in as a room.
	for _, pass := range []string{"", "secret"} {
		req, _ := http.NewRequest("POST", "http://"+s.http.Addr().String()+"/EWS/Exchange.asmx", strings.NewReader("<x/>"))
		req.SetBasicAuth("board@example.com", pass)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("login as a room with %q: HTTP %d", pass, resp.StatusCode)
		}
	}
}

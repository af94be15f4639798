package ews

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/store"
)

// putRooms fills the directory with two room lists, three rooms and a
// plain list.
func putRooms(t *testing.T, e *env) {
	t.Helper()
	ctx := context.Background()
	for _, d := range []store.DirectoryEntry{
		{Kind: store.EntryUser, SMTPAddress: "board@example.com", DisplayName: "Board Room", Room: true},
		{Kind: store.EntryUser, SMTPAddress: "lab@example.com", DisplayName: "Lab", Room: true},
		{Kind: store.EntryUser, SMTPAddress: "annex@example.com", DisplayName: "Annex", Room: true},
		{Kind: store.EntryDistList, SMTPAddress: "building-a@example.com", DisplayName: "Building A", RoomList: true},
		{Kind: store.EntryDistList, SMTPAddress: "annexes@example.com", DisplayName: "Annexes", RoomList: true},
		{Kind: store.EntryDistList, SMTPAddress: "team@example.com", DisplayName: "Team"},
	} {
		if err := e.st.PutEntry(ctx, d, ""); err != nil {
			t.Fatal(err)
		}
	}
	for list, members := range map[string][]string{
		"building-a@example.com": {"board@example.com", user1, "lab@example.com"}, // user1 is no room
		"annexes@example.com":    {"annex@example.com"},
		"team@example.com":       {user1, "board@example.com"},
	} {
		if err := e.st.SetMembers(ctx, list, members); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRooms(t *testing.T) {
	e := newEnv(t)
	// No room lists yet: an empty answer.
	doc := e.call(`<m:GetRoomLists/>`)
	if msgs := doc.FindElements("//RoomLists/Address"); len(msgs) != 0 || text(doc.Root(), "ResponseCode") != "NoError" {
		t.Fatalf("empty directory: %s", dump(doc))
	}
	putRooms(t, e)
	doc = e.call(`<m:GetRoomLists/>`)
	var lists []string
	for _, a := range doc.FindElements("//RoomLists/Address") {
		lists = append(lists, text(a, "Name")+"|"+text(a, "EmailAddress")+"|"+text(a, "MailboxType"))
	}
	if d := cmp.Diff([]string{"Annexes|annexes@example.com|PublicDL", "Building A|building-a@example.com|PublicDL"}, lists); d != "" {
		t.Errorf("GetRoomLists: %s", d)
	}
	rooms := func(list string) ([]string, string) {
		t.Helper()
		doc := e.call(`<m:GetRooms><m:RoomList><t:EmailAddress>` + list + `</t:EmailAddress></m:RoomList></m:GetRooms>`)
		var out []string
		for _, r := range doc.FindElements("//Rooms/Room/Id") {
			out = append(out, text(r, "Name")+"|"+text(r, "EmailAddress")+"|"+text(r, "MailboxType"))
		}
		return out, text(doc.Root(), "ResponseCode")
	}
	got, code := rooms("building-a@example.com")
	if d := cmp.Diff([]string{"Board Room|board@example.com|Mailbox", "Lab|lab@example.com|Mailbox"}, got); d != "" || code != "NoError" {
		t.Errorf("GetRooms Building A: %s %s", d, code)
	}
	for _, notList := range []string{"team@example.com", "board@example.com", "nowhere@example.com"} {
		if got, code := rooms(notList); len(got) != 0 || code != "ErrorNameResolutionNoResults" {
			t.Errorf("GetRooms %s: %v %s", notList, got, code)
		}
	}
	if code, doc := e.postAs(user1, envelope(`<m:GetRooms><m:RoomList/></m:GetRooms>`)); code != 500 || faultCode(doc) != "ErrorSchemaValidation" {
		t.Errorf("GetRooms without an address: HTTP %d %q", code, faultCode(doc))
	}
}

// TestDumpResponsesRooms writes GetRoomLists and GetRooms responses for
// the interop suite's xmllint validation.
func TestDumpResponsesRooms(t *testing.T) {
	dir := os.Getenv("EWS_DUMP")
	if dir == "" {
		t.Skip("EWS_DUMP not set: only the interop suite (xmllint schema validation) runs this")
	}
	e := newEnv(t)
	putRooms(t, e)
	for file, op := range map[string]string{
		"rooms-lists.xml":  `<m:GetRoomLists/>`,
		"rooms-rooms.xml":  `<m:GetRooms><m:RoomList><t:EmailAddress>building-a@example.com</t:EmailAddress></m:RoomList></m:GetRooms>`,
		"rooms-nolist.xml": `<m:GetRooms><m:RoomList><t:EmailAddress>team@example.com</t:EmailAddress></m:RoomList></m:GetRooms>`,
	} {
		_, doc := e.postAs(user1, envelope(op))
		if err := doc.WriteToFile(filepath.Join(dir, file)); err != nil {
			t.Fatal(err)
		}
	}
}

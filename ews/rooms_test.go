package ews

import (
	"context"

	"os"
	"path/filepath"
	"testing"

	"github.com/beevik/etree"

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

// TestRoomsSpecExamples sends the requests of [MS-OXWSGTRM] 4.1
// (Getting Room Lists) and 4.2 (Getting Rooms) as the spec gives them
// (Exchange2010_SP1, the room list RoomList@contoso.com) to a directory
// holding that list with one room and one room hidden from the address
// list, and checks the answers' structure against the examples'.
func TestRoomsSpecExamples(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for _, d := range []store.DirectoryEntry{
		{Kind: store.EntryUser, SMTPAddress: "conf1@contoso.com", DisplayName: "Conference Room 1", Room: true},
		{Kind: store.EntryUser, SMTPAddress: "secret@contoso.com", DisplayName: "Hidden Room", Room: true, Hidden: true},
		{Kind: store.EntryDistList, SMTPAddress: "RoomList@contoso.com", DisplayName: "Room List", RoomList: true},
	} {
		if err := e.st.PutEntry(ctx, d, ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.st.SetMembers(ctx, "RoomList@contoso.com", []string{"conf1@contoso.com", "secret@contoso.com"}); err != nil {
		t.Fatal(err)
	}
	post := func(body string) *etree.Document {
		t.Helper()
		code, doc := e.postAs(user1, `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:xsd="http://www.w3.org/2001/XMLSchema"
               xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
               xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"
               xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">
  <soap:Header>
    <t:RequestServerVersion Version ="Exchange2010_SP1"/>
  </soap:Header>
  <soap:Body>
`+body+`
  </soap:Body>
</soap:Envelope>`)
		if code != 200 {
			t.Fatalf("HTTP %d: %s", code, dump(doc))
		}
		return doc
	}
	// 4.1: one room list, as t:Address with Name, EmailAddress,
	// RoutingType SMTP and MailboxType PublicDL.
	doc := post(`    <m:GetRoomLists />`)
	r := doc.FindElement("//GetRoomListsResponse")
	if r == nil || r.SelectAttrValue("ResponseClass", "") != "Success" || text(r, "ResponseCode") != "NoError" {
		t.Fatalf("4.1: %s", dump(doc))
	}
	var lists []string
	for _, a := range r.FindElements("RoomLists/Address") {
		lists = append(lists, text(a, "Name")+"|"+text(a, "EmailAddress")+"|"+text(a, "RoutingType")+"|"+text(a, "MailboxType"))
	}
	if d := cmp.Diff([]string{"Room List|RoomList@contoso.com|SMTP|PublicDL"}, lists); d != "" {
		t.Errorf("4.1 RoomLists: %s", d)
	}
	// 4.2: the list's rooms as t:Room/t:Id; the hidden one left out.
	doc = post(`    <m:GetRooms>
      <m:RoomList>
        <t:EmailAddress>RoomList@contoso.com</t:EmailAddress>
      </m:RoomList>
    </m:GetRooms>`)
	r = doc.FindElement("//GetRoomsResponse")
	if r == nil || r.SelectAttrValue("ResponseClass", "") != "Success" {
		t.Fatalf("4.2: %s", dump(doc))
	}
	var rooms []string
	for _, id := range r.FindElements("Rooms/Room/Id") {
		rooms = append(rooms, text(id, "Name")+"|"+text(id, "EmailAddress")+"|"+text(id, "RoutingType")+"|"+text(id, "MailboxType"))
	}
	if d := cmp.Diff([]string{"Conference Room 1|conf1@contoso.com|SMTP|Mailbox"}, rooms); d != "" {
		t.Errorf("4.2 Rooms: %s", d)
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

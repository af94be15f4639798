package mapi_test

import (
	"fmt"

	"github.com/oxkit/oxkit/mapi"
)

// Build the entry ID of message 0x2A in folder 0x1C of a mailbox (both
// IDs of replica 1, whose REPLGUID is replGUID), then parse it back.
func ExampleNewMessageEntryID() {
	mailboxGUID := mapi.NewGUID(0x11111111, 0x2222, 0x3333, 0x4455, 0x66778899AABB)
	replGUID := mapi.NewGUID(0xA0A1A2A3, 0xB0B1, 0xC0C1, 0xD0D1, 0xE0E1E2E3E4E5)
	fid := mapi.MakeID(1, 0x1C)
	mid := mapi.MakeID(1, 0x2A)

	eid := mapi.NewMessageEntryID(mailboxGUID, mapi.PrivateMessage,
		mapi.MakeGID(replGUID, fid.GlobalCounter()), mapi.MakeGID(replGUID, mid.GlobalCounter()))
	b, err := eid.AppendBinary(nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d bytes: % X...\n", len(b), b[:22])

	parsed, err := mapi.ParseEntryID(b)
	if err != nil {
		panic(err)
	}
	m := parsed.(*mapi.MessageEntryID)
	fmt.Println(m.MessageType, m.FolderGID().ID(1), m.MessageGID().ID(1))
	fmt.Println(m)
	// Output:
	// 70 bytes: 00 00 00 00 11 11 11 11 22 22 33 33 44 55 66 77 88 99 AA BB 07 00...
	// PrivateMessage 1-1C 1-2A
	// MessageEntryID{PrivateMessage {11111111-2222-3333-4455-66778899AABB} folder {A0A1A2A3-B0B1-C0C1-D0D1-E0E1E2E3E4E5}:1C message {A0A1A2A3-B0B1-C0C1-D0D1-E0E1E2E3E4E5}:2A}
}

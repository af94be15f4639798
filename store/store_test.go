package store_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"testing"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

var testInfo = store.MailboxInfo{
	Owner:       "user@example.com",
	MailboxGUID: mapi.NewGUID(0x11223344, 0x5566, 0x7788, 0x99AA, 0xBBCCDDEEFF00),
	ReplicaGUID: mapi.NewGUID(0xA1A2A3A4, 0xB1B2, 0xC1C2, 0xD1D2, 0xE1E2E3E4E5E6),
}

func TestFolderEntryID(t *testing.T) {
	fid := store.MakeFID(0x1234)
	b := store.FolderEntryID(testInfo, fid)
	e, err := mapi.ParseFolderEntryID(b)
	if err != nil {
		t.Fatal(err)
	}
	if e.ProviderUID != testInfo.MailboxGUID || e.DatabaseGUID != testInfo.ReplicaGUID || e.GlobalCounter != 0x1234 || e.FolderType != mapi.PrivateFolder || e.Flags != 0 {
		t.Errorf("entry ID %v", e)
	}
	m := store.MessageEntryID(testInfo, fid, store.MakeMID(0x5678))
	me, err := mapi.ParseMessageEntryID(m)
	if err != nil {
		t.Fatal(err)
	}
	if me.MessageType != mapi.PrivateMessage || me.ProviderUID != testInfo.MailboxGUID || me.FolderGlobalCounter != 0x1234 || me.MessageGlobalCounter != 0x5678 {
		t.Errorf("message entry ID %v", me)
	}
}

func provisionedFIDs() map[store.SpecialFolder]store.FID {
	fids := map[store.SpecialFolder]store.FID{}
	for i, s := range store.SpecialFolders {
		fids[s.Kind] = store.MakeFID(uint64(i + 1))
	}
	return fids
}

func TestProvisionProps(t *testing.T) {
	fids := provisionedFIDs()
	get := func(props []mapi.PropValue, tag mapi.PropTag) any {
		for _, p := range props {
			if p.Tag == tag {
				return p.Value
			}
		}
		return nil
	}
	for _, k := range []store.SpecialFolder{store.FolderRoot, store.FolderInbox} {
		props := store.ProvisionProps(testInfo, k, fids, nil)
		if got := get(props, mapi.PidTagIpmAppointmentEntryId); !bytes.Equal(got.([]byte), store.FolderEntryID(testInfo, fids[store.FolderCalendar])) {
			t.Errorf("%v: calendar entry ID %x", k, got)
		}
		ren := get(props, mapi.PidTagAdditionalRenEntryIds).([][]byte)
		if len(ren) != 5 || !bytes.Equal(ren[4], store.FolderEntryID(testInfo, fids[store.FolderJunk])) {
			t.Errorf("%v: PidTagAdditionalRenEntryIds %x", k, ren)
		}
		// [MS-OXOSFLD] 2.2.5: PersistData blocks, each with one
		// RSF_ELID_ENTRYID element, then PERSIST_SENTINEL.
		ex := get(props, mapi.PidTagAdditionalRenEntryIdsEx).([]byte)
		ids := map[uint16][]byte{}
		for len(ex) >= 4 {
			id, size := binary.LittleEndian.Uint16(ex), int(binary.LittleEndian.Uint16(ex[2:]))
			if id == 0 {
				break
			}
			body := ex[4 : 4+size]
			if binary.LittleEndian.Uint16(body) != 0x0001 || int(binary.LittleEndian.Uint16(body[2:])) != len(body)-4 {
				t.Fatalf("%v: bad PersistElement %x", k, body)
			}
			ids[id] = body[4:]
			ex = ex[4+size:]
		}
		if !bytes.Equal(ex, []byte{0, 0, 0, 0}) {
			t.Errorf("%v: no sentinel, rest %x", k, ex)
		}
		if !bytes.Equal(ids[0x8001], store.FolderEntryID(testInfo, fids[store.FolderRSSFeeds])) || !bytes.Equal(ids[0x8007], store.FolderEntryID(testInfo, fids[store.FolderQuickSteps])) {
			t.Errorf("%v: PersistData blocks %x", k, ids)
		}
	}
	cal := store.ProvisionProps(testInfo, store.FolderCalendar, fids, map[store.SpecialFolder]string{store.FolderCalendar: "Kalender"})
	if get(cal, mapi.PidTagDisplayName) != "Kalender" || get(cal, mapi.PidTagContainerClass) != "IPF.Appointment" || get(cal, mapi.PidTagIpmAppointmentEntryId) != nil {
		t.Errorf("calendar props %v", cal)
	}
}

func TestSpecialFoldersTable(t *testing.T) {
	seen := map[store.SpecialFolder]bool{}
	for _, s := range store.SpecialFolders {
		if s.Parent != 0 && !seen[s.Parent] {
			t.Errorf("%v listed before its parent %v", s.Kind, s.Parent)
		}
		if seen[s.Kind] {
			t.Errorf("%v listed twice", s.Kind)
		}
		seen[s.Kind] = true
	}
	if store.SpecialFolder(200).String() != "SpecialFolder(200)" || store.FolderInbox.String() != "Inbox" {
		t.Errorf("String: %q %q", store.SpecialFolder(200), store.FolderInbox)
	}
}

func TestStrings(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{store.EventNewMail.String(), "NewMail"},
		{(store.EventObjectCreated | store.EventOverflow).String(), "ObjectCreated|Overflow"},
		{store.EventType(0).String(), "EventType(0x0)"},
		{store.EventType(0x8001).String(), "NewMail|EventType(0x8000)"},
		{store.ChangeRead.String(), "read"},
		{store.ChangeKind(99).String(), "ChangeKind(99)"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func sampleState() *store.SyncState {
	s := &store.SyncState{}
	s.Given.AddRange(store.ReplicaID1, 10, 200)
	s.Given.Add(store.MakeMID(500))
	s.Seen.AddRange(store.ReplicaID1, 1, 1000)
	s.SeenFAI.AddRange(store.ReplicaID1, 1, 900)
	s.Read.AddRange(store.ReplicaID1, 1, 1000)
	return s
}

func TestSyncStateRoundTrip(t *testing.T) {
	s := sampleState()
	b, err := s.AppendBinary([]byte("prefix"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := store.ParseSyncState(b[len("prefix"):], nil)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Given.Equal(&s.Given) || !got.Seen.Equal(&s.Seen) || !got.SeenFAI.Equal(&s.SeenFAI) || !got.Read.Equal(&s.Read) {
		t.Errorf("round trip: %+v, want %+v", got, s)
	}
	c := s.Clone()
	c.Given.Add(store.MakeMID(9999))
	if s.Given.Contains(store.MakeMID(9999)) {
		t.Errorf("Clone shares sets")
	}
	var nilState *store.SyncState
	if b, err := nilState.AppendBinary(nil); err != nil || len(b) != 17 {
		t.Errorf("nil state encodes as %x, %v", b, err)
	}
	if _, err := store.ParseSyncState([]byte{1, 0xFF, 0xFF, 0xFF, 0xFF}, nil); !errors.Is(err, store.ErrInvalidArgument) {
		t.Errorf("huge length: %v", err)
	}
}

func FuzzParseSyncState(f *testing.F) {
	b, _ := sampleState().AppendBinary(nil)
	f.Add(b)
	e, _ := (&store.SyncState{}).AppendBinary(nil)
	f.Add(e)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := store.ParseSyncState(data, nil)
		if err != nil {
			if !errors.Is(err, store.ErrInvalidArgument) {
				t.Fatalf("error %v does not wrap ErrInvalidArgument", err)
			}
			return
		}
		enc, err := s.AppendBinary(nil)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		s2, err := store.ParseSyncState(enc, nil)
		if err != nil {
			t.Fatalf("decode of re-encoding: %v", err)
		}
		if !s2.Given.Equal(&s.Given) || !s2.Seen.Equal(&s.Seen) || !s2.SeenFAI.Equal(&s.SeenFAI) || !s2.Read.Equal(&s.Read) {
			t.Fatalf("round trip changed the state")
		}
	})
}

func ExampleSyncState_AppendBinary() {
	// A client that holds messages 1..100 and has seen every change up
	// to CN 250 of the mailbox.
	s := &store.SyncState{}
	s.Given.AddRange(store.ReplicaID1, 1, 100)
	s.Seen.AddRange(store.ReplicaID1, 1, 250)
	b, _ := s.AppendBinary(nil)
	back, _ := store.ParseSyncState(b, nil)
	fmt.Println(len(b), "bytes")
	fmt.Println(back.Given.Contains(store.MakeMID(42)), back.Given.Contains(store.MakeMID(101)))
	fmt.Println(back.Seen.Len())
	// Output:
	// 43 bytes
	// true false
	// 250
}

package wbxml

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// FolderSync response ([MS-ASCMD] 2.2.1.5) modelled as structs.
type folderSyncResponse struct {
	WBXMLName struct{}        `wbxml:"FolderHierarchy:FolderSync"`
	Status    int             `wbxml:"Status"`
	SyncKey   string          `wbxml:"SyncKey,omitempty"`
	Changes   *folderChanges  `wbxml:"Changes"`
	Extra     []*Element      `wbxml:",any"`
	Ignored   string          // no tag: ignored
	Skipped   string          `wbxml:"-"`
	_         map[string]bool // unexported: ignored
}

type folderChanges struct {
	Count  uint32         `wbxml:"Count"`
	Add    []folderAdd    `wbxml:"Add"`
	Delete []folderDelete `wbxml:"Delete,omitempty"`
}

type folderAdd struct {
	ServerID    string `wbxml:"ServerId"`
	ParentID    string `wbxml:"ParentId"`
	DisplayName string `wbxml:"DisplayName"`
	Type        int8   `wbxml:"Type"`
}

type folderDelete struct {
	ServerID string `wbxml:"ServerId"`
}

type syncResponse struct {
	WBXMLName   struct{}     `wbxml:"AirSync:Sync"`
	Collections []collection `wbxml:"Collections>Collection"`
}

type collection struct{}

type sendMail struct {
	WBXMLName       struct{} `wbxml:"ComposeMail:SendMail"`
	ClientID        string   `wbxml:"ClientId"`
	SaveInSentItems bool     `wbxml:"SaveInSentItems,empty"`
	Mime            []byte   `wbxml:"Mime"`
	AccountID       *string  `wbxml:"AccountId"`
	ConversationID  string   `wbxml:"Email2:ConversationId,omitempty"`
	Raw             *Element `wbxml:"Source"`
	Flags           []bool   `wbxml:"AirSync:DeletesAsMoves"`
	Sizes           []int64  `wbxml:"AirSyncBase:EstimatedDataSize"`
}

func TestMarshalFolderSync(t *testing.T) {
	v := folderSyncResponse{
		Status:  1,
		SyncKey: "1",
		Changes: &folderChanges{Count: 2, Add: []folderAdd{
			{"1", "0", "Calendar", 8},
			{"2", "0", "Contacts", 9},
		}},
		Ignored: "x", Skipped: "y",
	}
	b, err := Marshal(&v)
	if err != nil {
		t.Fatal(err)
	}
	want := NewElement(FolderHierarchyFolderSync,
		NewText(FolderHierarchyStatus, "1"),
		NewText(FolderHierarchySyncKey, "1"),
		NewElement(FolderHierarchyChanges,
			NewText(FolderHierarchyCount, "2"),
			NewElement(FolderHierarchyAdd, NewText(FolderHierarchyServerId, "1"), NewText(FolderHierarchyParentId, "0"), NewText(FolderHierarchyDisplayName, "Calendar"), NewText(FolderHierarchyType, "8")),
			NewElement(FolderHierarchyAdd, NewText(FolderHierarchyServerId, "2"), NewText(FolderHierarchyParentId, "0"), NewText(FolderHierarchyDisplayName, "Contacts"), NewText(FolderHierarchyType, "9"))))
	got, err := Parse(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustEqual(t, got, want)

	var back folderSyncResponse
	if err := Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	v.Ignored, v.Skipped = "", ""
	if !reflect.DeepEqual(back, v) {
		t.Fatalf("Unmarshal = %+v, want %+v", back, v)
	}

	// Unknown children go to the ,any field and are written back.
	want.Children = append(want.Children, NewText(FolderHierarchyFolderCreate, "x"))
	b2, _ := want.MarshalBinary()
	var withExtra folderSyncResponse
	if err := NewDecoder(iotest.OneByteReader(bytes.NewReader(b2)), nil).Decode(&withExtra); err != nil {
		t.Fatal(err)
	}
	if len(withExtra.Extra) != 1 || withExtra.Extra[0].Tag != FolderHierarchyFolderCreate {
		t.Fatalf("Extra = %v", withExtra.Extra)
	}
	b3, err := Marshal(withExtra)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b3, b2) {
		t.Fatalf("round trip with ,any:\n% X\n% X", b3, b2)
	}
}

func TestMarshalOptions(t *testing.T) {
	acct := "a1"
	v := sendMail{
		ClientID:        "c1",
		SaveInSentItems: true,
		Mime:            []byte("From: a\r\n\r\nhi"),
		AccountID:       &acct,
		Raw:             NewElement(0, NewText(ComposeMailFolderId, "5"), NewText(ComposeMailItemId, "5:1")),
		Flags:           []bool{true, false},
		Sizes:           []int64{-1, 1 << 40},
	}
	b, err := Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	want := NewElement(ComposeMailSendMail,
		NewText(ComposeMailClientId, "c1"),
		NewElement(ComposeMailSaveInSentItems),
		NewOpaque(ComposeMailMime, []byte("From: a\r\n\r\nhi")),
		NewText(ComposeMailAccountId, "a1"),
		NewElement(ComposeMailSource, NewText(ComposeMailFolderId, "5"), NewText(ComposeMailItemId, "5:1")),
		NewText(AirSyncDeletesAsMoves, "1"),
		NewText(AirSyncDeletesAsMoves, "0"),
		NewText(AirSyncBaseEstimatedDataSize, "-1"),
		NewText(AirSyncBaseEstimatedDataSize, "1099511627776"))
	got, err := Parse(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustEqual(t, got, want)
	var back sendMail
	if err := Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	v.Raw.Tag = ComposeMailSource
	if !reflect.DeepEqual(back, v) {
		t.Fatalf("Unmarshal = %+v\nwant %+v", back, v)
	}
	// Absent ,empty bool and nil pointer are omitted.
	v = sendMail{ClientID: "c2"}
	b, _ = Marshal(&v)
	got, _ = Parse(b, nil)
	mustEqual(t, got, NewElement(ComposeMailSendMail, NewText(ComposeMailClientId, "c2"), NewOpaque(ComposeMailMime, nil)))
}

func TestMarshalErrors(t *testing.T) {
	type noRoot struct {
		A string `wbxml:"AirSync:SyncKey"`
	}
	type badTag struct {
		WBXMLName struct{} `wbxml:"AirSync:Sync"`
		A         string   `wbxml:"NoSuchTag"`
	}
	type badNS struct {
		WBXMLName struct{} `wbxml:"Nope:Sync"`
	}
	type badType struct {
		WBXMLName struct{}  `wbxml:"AirSync:Sync"`
		A         complex64 `wbxml:"SyncKey"`
	}
	type badOpt struct {
		WBXMLName struct{} `wbxml:"AirSync:Sync"`
		A         string   `wbxml:"SyncKey,empty"`
	}
	for _, v := range []any{noRoot{}, badTag{}, badNS{}, badType{}, badOpt{}, 3, (*noRoot)(nil), syncResponse{}, nil} {
		if _, err := Marshal(v); err == nil {
			t.Errorf("Marshal(%T) succeeded", v)
		}
	}
	var fs folderSyncResponse
	if err := Unmarshal(specSection3, &fs); err == nil || !strings.Contains(err.Error(), "root element") {
		t.Errorf("Unmarshal of a Sync into FolderSync: %v", err)
	}
	if err := Unmarshal(specSection3, fs); err == nil {
		t.Error("Unmarshal into a non-pointer succeeded")
	}
	if err := Unmarshal(specSection3, nil); err == nil {
		t.Error("Unmarshal into nil succeeded")
	}
	bad, _ := NewElement(FolderHierarchyFolderSync, NewText(FolderHierarchyStatus, "x")).MarshalBinary()
	if err := Unmarshal(bad, &fs); err == nil {
		t.Error("non-numeric Status decoded")
	}
}

func TestMarshalElementValueField(t *testing.T) {
	type withRaw struct {
		WBXMLName struct{} `wbxml:"AirSync:Sync"`
		Raw       Element  `wbxml:"Collections"`
	}
	v := withRaw{Raw: Element{Children: []*Element{NewElement(AirSyncCollection, NewText(AirSyncSyncKey, "1"))}}}
	b, err := Marshal(v) // not addressable
	if err != nil {
		t.Fatal(err)
	}
	var back withRaw
	if err := Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Raw.Tag != AirSyncCollections || back.Raw.Path(AirSyncCollection, AirSyncSyncKey).Text != "1" {
		t.Fatalf("%+v", back.Raw)
	}
	if err := Unmarshal(append(b, 0x45, 0x01), &back); err == nil {
		t.Fatal("data after the root element accepted")
	}
}

// Marshal and Unmarshal share the type cache across goroutines (run with
// -race).
func TestBindConcurrent(t *testing.T) {
	type fresh struct {
		WBXMLName struct{}       `wbxml:"FolderHierarchy:FolderSync"`
		Status    int            `wbxml:"Status"`
		Changes   *folderChanges `wbxml:"Changes"`
	}
	done := make(chan error)
	for i := 0; i < 8; i++ {
		go func() {
			v := fresh{Status: 1, Changes: &folderChanges{Count: 1, Add: []folderAdd{{"1", "0", "Inbox", 2}}}}
			b, err := Marshal(&v)
			if err == nil {
				var back fresh
				err = Unmarshal(b, &back)
				if err == nil && !reflect.DeepEqual(back, v) {
					err = errors.New("round trip differs")
				}
			}
			done <- err
		}()
	}
	for i := 0; i < 8; i++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

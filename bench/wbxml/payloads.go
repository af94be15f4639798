package wbxmlbench

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// FolderSyncResponse is a FolderSync command response ([MS-ASCMD] 2.2.1.5).
type FolderSyncResponse struct {
	WBXMLName struct{}     `wbxml:"FolderHierarchy:FolderSync"`
	Status    int          `wbxml:"Status"`
	SyncKey   string       `wbxml:"SyncKey"`
	Changes   *FolderDelta `wbxml:"Changes"`
}

// FolderDelta is the Changes element of a FolderSync response.
type FolderDelta struct {
	Count int         `wbxml:"Count"`
	Add   []FolderAdd `wbxml:"Add"`
}

// FolderAdd is one folder added to the hierarchy.
type FolderAdd struct {
	ServerID    string `wbxml:"ServerId"`
	ParentID    string `wbxml:"ParentId"`
	DisplayName string `wbxml:"DisplayName"`
	Type        int    `wbxml:"Type"`
}

// SyncResponse is a Sync command response ([MS-ASCMD] 2.2.1.21).
type SyncResponse struct {
	WBXMLName   struct{}         `wbxml:"AirSync:Sync"`
	Collections []SyncCollection `wbxml:"Collections"`
}

// SyncCollection is the Collections/Collection wrapper.
type SyncCollection struct {
	Collection SyncCollectionBody `wbxml:"Collection"`
}

// SyncCollectionBody is one synchronized folder.
type SyncCollectionBody struct {
	SyncKey      string       `wbxml:"SyncKey"`
	CollectionID string       `wbxml:"CollectionId"`
	Status       int          `wbxml:"Status"`
	Commands     SyncCommands `wbxml:"Commands"`
}

// SyncCommands holds the server's changes.
type SyncCommands struct {
	Add []SyncAdd `wbxml:"Add"`
}

// SyncAdd is one added item.
type SyncAdd struct {
	ServerID string `wbxml:"ServerId"`
	Email    Email  `wbxml:"ApplicationData"`
}

// Email is the E-mail class ApplicationData ([MS-ASEMAIL] 2.2.2).
type Email struct {
	To                string `wbxml:"Email:To"`
	From              string `wbxml:"Email:From"`
	Subject           string `wbxml:"Email:Subject"`
	DateReceived      string `wbxml:"Email:DateReceived"`
	DisplayTo         string `wbxml:"Email:DisplayTo"`
	ThreadTopic       string `wbxml:"Email:ThreadTopic"`
	Importance        int    `wbxml:"Email:Importance"`
	Read              bool   `wbxml:"Email:Read"`
	Body              Body   `wbxml:"AirSyncBase:Body"`
	MessageClass      string `wbxml:"Email:MessageClass"`
	InternetCPID      int    `wbxml:"Email:InternetCPID"`
	ContentClass      string `wbxml:"Email:ContentClass"`
	NativeBodyType    int    `wbxml:"AirSyncBase:NativeBodyType"`
	ConversationID    []byte `wbxml:"Email2:ConversationId"`
	ConversationIndex []byte `wbxml:"Email2:ConversationIndex"`
}

// Body is airsyncbase:Body ([MS-ASAIRS] 2.2.2.9).
type Body struct {
	Type              int    `wbxml:"Type"`
	EstimatedDataSize int    `wbxml:"EstimatedDataSize"`
	Truncated         bool   `wbxml:"Truncated"`
	Data              string `wbxml:"Data"`
}

// ItemOperationsResponse is an ItemOperations response fetching an
// attachment ([MS-ASCMD] 2.2.1.10).
type ItemOperationsResponse struct {
	WBXMLName struct{}      `wbxml:"ItemOperations:ItemOperations"`
	Status    int           `wbxml:"Status"`
	Response  ItemOpsFetchs `wbxml:"Response"`
}

// ItemOpsFetchs is the Response element.
type ItemOpsFetchs struct {
	Fetch []ItemOpsFetch `wbxml:"Fetch"`
}

// ItemOpsFetch is one fetched attachment.
type ItemOpsFetch struct {
	Status        int             `wbxml:"Status"`
	FileReference string          `wbxml:"AirSyncBase:FileReference"`
	Properties    ItemOpsProperty `wbxml:"Properties"`
}

// ItemOpsProperty holds the attachment: its content type and its bytes in
// base64 ([MS-ASCMD] 2.2.3.39.1).
type ItemOpsProperty struct {
	ContentType string `wbxml:"AirSyncBase:ContentType"`
	Data        string `wbxml:"Data"`
}

// FolderSync50 returns a FolderSync response listing 50 folders.
func FolderSync50() *FolderSyncResponse {
	r := &FolderSyncResponse{Status: 1, SyncKey: "1", Changes: &FolderDelta{Count: 50}}
	for i := 0; i < 50; i++ {
		r.Changes.Add = append(r.Changes.Add, FolderAdd{
			ServerID: fmt.Sprint(i + 1), ParentID: fmt.Sprint(i / 10),
			DisplayName: fmt.Sprintf("Folder %d — Projekte %c", i+1, 'A'+rune(i%26)), Type: 12,
		})
	}
	return r
}

// Sync100 returns a Sync response adding 100 e-mails with ~3 KB bodies.
func Sync100() *SyncResponse {
	para := "Dear team, please find the quarterly figures below. Revenue grew in every region; costs were flat. " +
		"Let us discuss the details on Monday. <b>Numbers</b> follow: 1, 2, 3, 5, 8, 13, 21, 34, 55, 89.\n"
	body := strings.Repeat(para, 13) // ~3 KB
	c := SyncCollectionBody{SyncKey: "2", CollectionID: "5", Status: 1}
	for i := 0; i < 100; i++ {
		c.Commands.Add = append(c.Commands.Add, SyncAdd{
			ServerID: fmt.Sprintf("5:%d", i+1),
			Email: Email{
				To: `"Bob" <bob@example.com>`, From: `"Alice" <alice@example.com>`,
				Subject: fmt.Sprintf("Quarterly numbers, part %d", i+1), DateReceived: "2026-11-28T10:00:00.000Z",
				DisplayTo: "Bob", ThreadTopic: "Quarterly numbers", Importance: 1, Read: i%2 == 0,
				Body:         Body{Type: 2, EstimatedDataSize: len(body), Data: body},
				MessageClass: "IPM.Note", InternetCPID: 65001, ContentClass: "urn:content-classes:message",
				NativeBodyType: 2, ConversationID: []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, byte(i)},
				ConversationIndex: []byte{1, 0xCE, 0xD9, 5, byte(i)},
			},
		})
	}
	return &SyncResponse{Collections: []SyncCollection{{Collection: c}}}
}

// ItemOps1MB returns an ItemOperations response carrying a 1 MB attachment.
func ItemOps1MB() *ItemOperationsResponse {
	att := make([]byte, 1<<20)
	x := uint32(1)
	for i := range att {
		x = x*1664525 + 1013904223
		att[i] = byte(x >> 24)
	}
	return &ItemOperationsResponse{Status: 1, Response: ItemOpsFetchs{Fetch: []ItemOpsFetch{{
		Status: 1, FileReference: "5%3a1%3a0",
		Properties: ItemOpsProperty{ContentType: "application/octet-stream", Data: base64.StdEncoding.EncodeToString(att)},
	}}}}
}

// Payloads lists the three benchmark payloads by name.
func Payloads() []struct {
	Name  string
	Value any
} {
	return []struct {
		Name  string
		Value any
	}{
		{"FolderSync50", FolderSync50()},
		{"Sync100", Sync100()},
		{"ItemOps1MB", ItemOps1MB()},
	}
}

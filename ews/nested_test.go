package ews

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// forwardedTwice is a message forwarding, as an attachment, a message
// that itself forwards one: each level carries a text file.
const forwardedTwice = "From: a@example.org\r\nTo: user1@example.com\r\nSubject: outer\r\nMIME-Version: 1.0\r\n" +
	"Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n" +
	"--b1\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n" +
	"--b1\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n" +
	"From: b@example.org\r\nTo: a@example.org\r\nSubject: middle\r\nMIME-Version: 1.0\r\n" +
	"Content-Type: multipart/mixed; boundary=\"b2\"\r\n\r\n" +
	"--b2\r\nContent-Type: text/plain\r\n\r\nmiddle body\r\n" +
	"--b2\r\nContent-Type: text/plain; name=\"middle.txt\"\r\nContent-Disposition: attachment; filename=\"middle.txt\"\r\n\r\nmiddle file\r\n" +
	"--b2\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n" +
	"From: c@example.org\r\nTo: b@example.org\r\nSubject: inner\r\nMIME-Version: 1.0\r\n" +
	"Content-Type: multipart/mixed; boundary=\"b3\"\r\n\r\n" +
	"--b3\r\nContent-Type: text/plain\r\n\r\ninner body\r\n" +
	"--b3\r\nContent-Type: text/plain; name=\"inner.txt\"\r\nContent-Disposition: attachment; filename=\"inner.txt\"\r\n\r\ninner file\r\n" +
	"--b3--\r\n" +
	"--b2--\r\n" +
	"--b1--\r\n"

// attView is what the tests compare of a t:FileAttachment or
// t:ItemAttachment.
type attView struct{ Tag, Name, ID string }

// storeMessage stores m in special folder kind of user's mailbox and
// returns its EWS ID.
func storeMessage(t *testing.T, e *env, user string, kind store.SpecialFolder, m *store.Message) string {
	t.Helper()
	ctx := context.Background()
	mb, err := e.st.OpenMailbox(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	fid, err := mb.SpecialFolder(ctx, kind)
	if err != nil {
		t.Fatal(err)
	}
	info, err := mb.CreateMessage(ctx, fid, m)
	if err != nil {
		t.Fatal(err)
	}
	return ObjectID{Kind: KindMessage, Mailbox: mb.Info().MailboxGUID, Folder: fid, Message: info.ID}.String()
}

func TestNestedAttachments(t *testing.T) { testNestedAttachments(t, newEnv(t)) }
func TestNestedAttachmentsBolt(t *testing.T) {
	testNestedAttachments(t, newBoltEnv(t))
}

// testNestedAttachments: GetAttachment of an ItemAttachment lists the
// embedded item's attachments with IDs that GetAttachment opens in turn,
// two levels down ([MS-OXWSATT] 3.1.4.3); DeleteAttachment refuses them.
func testNestedAttachments(t *testing.T, e *env) {
	mime := base64.StdEncoding.EncodeToString([]byte(forwardedTwice))
	id, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:MimeContent CharacterSet="UTF-8">`+mime+`</t:MimeContent>`)
	m := getItem(t, e, `<t:BaseShape>Default</t:BaseShape>`, id)
	outer := m.FindElements("Attachments/ItemAttachment")
	if len(outer) != 1 {
		t.Fatalf("top-level item attachments: %d", len(outer))
	}
	get := func(attID string) *etree.Element {
		t.Helper()
		doc := e.call(`<m:GetAttachment><m:AttachmentShape><t:BaseShape>Default</t:BaseShape></m:AttachmentShape><m:AttachmentIds><t:AttachmentId Id="` + attID + `"/></m:AttachmentIds></m:GetAttachment>`)
		return mustSuccess(t, doc)[0].FindElement("Attachments/*")
	}
	list := func(a *etree.Element) (out []attView) {
		for _, x := range a.FindElements("./*/Attachments/*") {
			out = append(out, attView{x.Tag, text(x, "Name"), x.FindElement("AttachmentId").SelectAttrValue("Id", "")})
		}
		return out
	}
	// Level 1: the "middle" message with a file and an item attachment.
	middleID := outer[0].FindElement("AttachmentId").SelectAttrValue("Id", "")
	middle := get(middleID)
	if s := text(middle.FindElement("Message"), "Subject"); s != "middle" {
		t.Fatalf("level 1 subject %q", s)
	}
	l1 := list(middle)
	if len(l1) != 2 || l1[0].Tag != "FileAttachment" || l1[0].Name != "middle.txt" || l1[1].Tag != "ItemAttachment" {
		t.Fatalf("level 1 attachments %+v", l1)
	}
	// Their IDs name the path from the top-level attachment.
	top, _ := ParseObjectID(middleID)
	for i, a := range l1 {
		x, err := ParseObjectID(a.ID)
		if err != nil || x.Message != top.Message || x.Attach != top.Attach || x.NestedLen != 1 {
			t.Errorf("level 1 attachment %d ID %+v %v", i, x, err)
		}
	}
	if c := text(get(l1[0].ID), "Content"); c != base64.StdEncoding.EncodeToString([]byte("middle file")) {
		t.Errorf("middle.txt content %q", c)
	}
	// Level 2: the "inner" message and its file.
	inner := get(l1[1].ID)
	if s := text(inner.FindElement("Message"), "Subject"); s != "inner" {
		t.Fatalf("level 2 subject %q", s)
	}
	l2 := list(inner)
	if len(l2) != 1 || l2[0].Name != "inner.txt" {
		t.Fatalf("level 2 attachments %+v", l2)
	}
	if x, _ := ParseObjectID(l2[0].ID); x.NestedLen != 2 {
		t.Errorf("level 2 ID nests %d deep, want 2", x.NestedLen)
	}
	if c := text(get(l2[0].ID), "Content"); c != base64.StdEncoding.EncodeToString([]byte("inner file")) {
		t.Errorf("inner.txt content %q", c)
	}
	// A path that leads nowhere, and one through a file attachment.
	bad, _ := ParseObjectID(l2[0].ID)
	bad.Nested[1] = 99
	through, _ := ParseObjectID(l1[0].ID) // middle.txt
	through.Nested[1], through.NestedLen = 0, 2
	_, msgs := messages(e.call(`<m:GetAttachment><m:AttachmentIds><t:AttachmentId Id="` + bad.String() + `"/><t:AttachmentId Id="` + through.String() + `"/></m:AttachmentIds></m:GetAttachment>`))
	if d := cmp.Diff([]respMsg{{"Error", "ErrorItemNotFound"}, {"Error", "ErrorItemNotFound"}}, msgs); d != "" {
		t.Error(d)
	}
	// Nested attachments cannot be deleted; the top-level one can.
	_, msgs = messages(e.call(`<m:DeleteAttachment><m:AttachmentIds><t:AttachmentId Id="` + l1[0].ID + `"/></m:AttachmentIds></m:DeleteAttachment>`))
	if d := cmp.Diff([]respMsg{{"Error", "ErrorCannotDeleteObject"}}, msgs); d != "" {
		t.Error(d)
	}
	if l := list(get(middleID)); len(l) != 2 {
		t.Errorf("after the refused delete: %d attachments, want 2", len(l))
	}
}

// TestNestedAttachmentDepth: attachments nested deeper than an ID
// reaches are not listed, and the listing stops there without error.
func TestNestedAttachmentDepth(t *testing.T) {
	e := newEnv(t)
	// A chain of MaxNestedAttachments+2 embedded messages, each with a
	// file, built in the store directly.
	var build func(level int) *store.Message
	build = func(level int) *store.Message {
		m := &store.Message{Props: []mapi.PropValue{{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"}, {Tag: mapi.PidTagSubject, Value: "level " + strings.Repeat("I", level)}}}
		m.Attachments = []store.Attachment{{Num: 0, Props: []mapi.PropValue{{Tag: mapi.PidTagAttachMethod, Value: int32(1)}, {Tag: mapi.PidTagAttachLongFilename, Value: "f.txt"}, {Tag: mapi.PidTagAttachDataBinary, Value: []byte("x")}}}}
		if level < MaxNestedAttachments+2 {
			m.Attachments = append(m.Attachments, store.Attachment{Num: 1, Props: []mapi.PropValue{{Tag: mapi.PidTagAttachMethod, Value: int32(afEmbeddedMessage)}}, Embedded: build(level + 1)})
		}
		return m
	}
	id := storeMessage(t, e, user1, store.FolderInbox, build(0))
	m := getItem(t, e, `<t:BaseShape>Default</t:BaseShape>`, id)
	attID := m.FindElement("Attachments/ItemAttachment/AttachmentId").SelectAttrValue("Id", "")
	depth := 0
	for {
		doc := e.call(`<m:GetAttachment><m:AttachmentIds><t:AttachmentId Id="` + attID + `"/></m:AttachmentIds></m:GetAttachment>`)
		a := mustSuccess(t, doc)[0].FindElement("Attachments/ItemAttachment")
		next := a.FindElement("Message/Attachments/ItemAttachment/AttachmentId")
		if next == nil {
			// The deepest message an ID reaches lists no attachments.
			if a.FindElement("Message/Attachments") != nil {
				t.Errorf("at depth %d the message lists attachments but none to follow", depth)
			}
			break
		}
		attID = next.SelectAttrValue("Id", "")
		depth++
	}
	// IDs with NestedLen 1 to MaxNestedAttachments were followed.
	if depth != MaxNestedAttachments {
		t.Errorf("followed %d levels of item attachments, want %d", depth, MaxNestedAttachments)
	}
}

// TestDumpResponsesNested writes GetAttachment responses of nested
// attachments for the interop suite's xmllint validation.
func TestDumpResponsesNested(t *testing.T) {
	dir := os.Getenv("EWS_DUMP")
	if dir == "" {
		t.Skip("EWS_DUMP not set: only the interop suite (xmllint schema validation) runs this")
	}
	e := newEnv(t)
	mime := base64.StdEncoding.EncodeToString([]byte(forwardedTwice))
	id, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:MimeContent CharacterSet="UTF-8">`+mime+`</t:MimeContent>`)
	attID := getItem(t, e, `<t:BaseShape>Default</t:BaseShape>`, id).FindElement("Attachments/ItemAttachment/AttachmentId").SelectAttrValue("Id", "")
	for i := range 3 {
		_, doc := e.postAs(user1, envelope(`<m:GetAttachment><m:AttachmentShape><t:BaseShape>AllProperties</t:BaseShape></m:AttachmentShape><m:AttachmentIds><t:AttachmentId Id="`+attID+`"/></m:AttachmentIds></m:GetAttachment>`))
		if err := doc.WriteToFile(filepath.Join(dir, fmt.Sprintf("nested-getattachment-%d.xml", i))); err != nil {
			t.Fatal(err)
		}
		next := doc.FindElement("//ItemAttachment/Message/Attachments/ItemAttachment/AttachmentId")
		if next == nil {
			next = doc.FindElement("//ItemAttachment/Message/Attachments/FileAttachment/AttachmentId")
		}
		if next == nil {
			break
		}
		attID = next.SelectAttrValue("Id", "")
	}
}

package ews

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/oxcmail"
	"github.com/oxkit/oxkit/store"
)

// fromSender records what Handler.Sender is given, envelope sender
// included.
type fromSender struct {
	mu    sync.Mutex
	from  []string
	rcpts [][]string
	raw   [][]byte
}

func (s *fromSender) Send(_ context.Context, from string, rcpts []string, raw []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.from, s.rcpts, s.raw = append(s.from, from), append(s.rcpts, rcpts), append(s.raw, raw)
	return nil
}

// inboxView lists "class|subject" of the items in user's Inbox.
func inboxView(t *testing.T, e *env, user string) []string {
	t.Helper()
	doc := e.callAs(user, `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>`+
		`<t:FieldURI FieldURI="item:ItemClass"/><t:FieldURI FieldURI="item:Subject"/></t:AdditionalProperties></m:ItemShape>`+
		`<m:SortOrder><t:FieldOrder Order="Ascending"><t:FieldURI FieldURI="item:Subject"/></t:FieldOrder></m:SortOrder>`+
		`<m:ParentFolderIds>`+dist("inbox")+`</m:ParentFolderIds></m:FindItem>`)
	var out []string
	for _, it := range mustSuccess(t, doc)[0].FindElements(".//Items/*") {
		out = append(out, text(it, "ItemClass")+"|"+text(it, "Subject"))
	}
	return out
}

// inboxID returns the ID of the item of user's Inbox with subject subj.
func inboxID(t *testing.T, e *env, user, subj string) string {
	t.Helper()
	doc := e.callAs(user, `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/></t:AdditionalProperties></m:ItemShape>`+
		`<m:ParentFolderIds>`+dist("inbox")+`</m:ParentFolderIds></m:FindItem>`)
	for _, it := range mustSuccess(t, doc)[0].FindElements(".//Items/*") {
		if text(it, "Subject") == subj {
			id, _ := idOf(it, "ItemId")
			return id
		}
	}
	t.Fatalf("%s has no %q in the Inbox", user, subj)
	return ""
}

// flagsOf returns the PidTagMessageFlags of an item.
func flagsOf(t *testing.T, e *env, user, id string) int64 {
	t.Helper()
	oid, err := ParseObjectID(id)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := e.st.OpenMailbox(context.Background(), user)
	if err != nil {
		t.Fatal(err)
	}
	m, err := mb.Message(context.Background(), oid.Message, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagMessageFlags}})
	if err != nil {
		t.Fatal(err)
	}
	f, _ := getInt(m.Props, mapi.PidTagMessageFlags)
	return f
}

func sendWithReceipt(t *testing.T, e *env, subj string) {
	t.Helper()
	mustSuccess(t, e.call(`<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>`+subj+`</t:Subject>`+
		`<t:Body BodyType="Text">hello</t:Body><t:ToRecipients><t:Mailbox><t:EmailAddress>`+user2+`</t:EmailAddress></t:Mailbox></t:ToRecipients>`+
		`<t:IsReadReceiptRequested>true</t:IsReadReceiptRequested></t:Message></m:Items></m:CreateItem>`))
}

func setRead(id string, read bool, suppress string) string {
	attrs := `MessageDisposition="SaveOnly" ConflictResolution="AlwaysOverwrite"`
	if suppress != "" {
		attrs += ` SuppressReadReceipts="` + suppress + `"`
	}
	return `<m:UpdateItem ` + attrs + `><m:ItemChanges><t:ItemChange><t:ItemId Id="` + id + `"/><t:Updates><t:SetItemField><t:FieldURI FieldURI="message:IsRead"/>` +
		`<t:Message><t:IsRead>` + map[bool]string{true: "true", false: "false"}[read] + `</t:IsRead></t:Message></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`
}

func TestReadReceipts(t *testing.T) { testReadReceipts(t, newEnv(t)) }
func TestReadReceiptsBolt(t *testing.T) {
	testReadReceipts(t, newBoltEnv(t))
}

// testReadReceipts: a delivered message with a read receipt requested
// owes one (mfNotifyRead); reading it through UpdateItem sends one
// REPORT.IPM.Note.IPNRN to the sender, once; SuppressReadReceipts and
// the SuppressReadReceipt response object drop it unsent.
func testReadReceipts(t *testing.T, e *env) {
	sendWithReceipt(t, e, "plans")
	id := inboxID(t, e, user2, "plans")
	if f := flagsOf(t, e, user2, id); f&mfNotifyRead == 0 {
		t.Fatalf("delivered flags %#x: no mfNotifyRead", f)
	}
	doc := e.callAs(user2, setRead(id, true, ""))
	mustSuccess(t, doc)
	if _, ck := idOf(doc.Root(), "ItemId"); ck == "" {
		t.Error("UpdateItem answered no ChangeKey")
	}
	if d := cmp.Diff([]string{"REPORT.IPM.Note.IPNRN|Read: plans"}, inboxView(t, e, user1)); d != "" {
		t.Fatalf("user1's Inbox after the read: %s", d)
	}
	if f := flagsOf(t, e, user2, id); f&mfNotifyRead != 0 || f&msgflagRead == 0 {
		t.Errorf("flags after the receipt %#x, want read without mfNotifyRead", f)
	}
	// The receipt names what was read.
	rid := inboxID(t, e, user1, "Read: plans")
	body := text(getItem(t, e, `<t:BaseShape>Default</t:BaseShape><t:BodyType>Text</t:BodyType>`, rid), "Body")
	if !strings.Contains(body, "Subject: plans") || !strings.Contains(body, "was read on") {
		t.Errorf("receipt body %q", body)
	}
	// Unread and read again: no second receipt.
	mustSuccess(t, e.callAs(user2, setRead(id, false, "")))
	mustSuccess(t, e.callAs(user2, setRead(id, true, "")))
	if n := len(inboxView(t, e, user1)); n != 1 {
		t.Errorf("user1 has %d items after a second read, want 1", n)
	}

	// SuppressReadReceipts on UpdateItem.
	sendWithReceipt(t, e, "quiet")
	qid := inboxID(t, e, user2, "quiet")
	mustSuccess(t, e.callAs(user2, setRead(qid, true, "true")))
	if f := flagsOf(t, e, user2, qid); f&mfNotifyRead != 0 {
		t.Errorf("flags after a suppressed read %#x", f)
	}
	// The SuppressReadReceipt response object: dropped, still unread.
	sendWithReceipt(t, e, "secret")
	sid := inboxID(t, e, user2, "secret")
	doc = e.callAs(user2, `<m:CreateItem><m:Items><t:SuppressReadReceipt><t:ReferenceItemId Id="`+sid+`"/></t:SuppressReadReceipt></m:Items></m:CreateItem>`)
	mustSuccess(t, doc)
	if f := flagsOf(t, e, user2, sid); f&mfNotifyRead != 0 || f&msgflagRead != 0 {
		t.Errorf("flags after SuppressReadReceipt %#x, want unread without mfNotifyRead", f)
	}
	mustSuccess(t, e.callAs(user2, setRead(sid, true, "")))
	if d := cmp.Diff([]string{"REPORT.IPM.Note.IPNRN|Read: plans"}, inboxView(t, e, user1)); d != "" {
		t.Errorf("user1's Inbox after suppressed receipts: %s", d)
	}
	// Another user cannot suppress user2's receipts.
	sendWithReceipt(t, e, "theirs")
	tid := inboxID(t, e, user2, "theirs")
	_, msgs := messages(e.callAs(user1, `<m:CreateItem><m:Items><t:SuppressReadReceipt><t:ReferenceItemId Id="`+tid+`"/></t:SuppressReadReceipt></m:Items></m:CreateItem>`))
	if len(msgs) != 1 || msgs[0].Class != "Error" {
		t.Errorf("another user's SuppressReadReceipt: %+v", msgs)
	}
	if f := flagsOf(t, e, user2, tid); f&mfNotifyRead == 0 {
		t.Errorf("another user's SuppressReadReceipt cleared the flag: %#x", f)
	}
}

// TestReadReceiptsMarkAll: MarkAllItemsAsRead sends the receipts owed in
// the folder unless SuppressReadReceipts; messages without a request
// send none.
func TestReadReceiptsMarkAll(t *testing.T) {
	e := newEnv(t)
	sendWithReceipt(t, e, "a")
	sendWithReceipt(t, e, "b")
	mustSuccess(t, e.call(`<m:CreateItem MessageDisposition="SendOnly"><m:Items><t:Message><t:Subject>c</t:Subject><t:ToRecipients><t:Mailbox><t:EmailAddress>`+user2+`</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message></m:Items></m:CreateItem>`))
	markAll := func(suppress string) {
		mustSuccess(t, e.callAs(user2, `<m:MarkAllItemsAsRead><m:ReadFlag>true</m:ReadFlag><m:SuppressReadReceipts>`+suppress+`</m:SuppressReadReceipts><m:FolderIds>`+dist("inbox")+`</m:FolderIds></m:MarkAllItemsAsRead>`))
	}
	markAll("false")
	want := []string{"REPORT.IPM.Note.IPNRN|Read: a", "REPORT.IPM.Note.IPNRN|Read: b"}
	if d := cmp.Diff(want, inboxView(t, e, user1)); d != "" {
		t.Fatalf("after MarkAllItemsAsRead: %s", d)
	}
	sendWithReceipt(t, e, "d")
	markAll("true")
	if d := cmp.Diff(want, inboxView(t, e, user1)); d != "" {
		t.Errorf("after a suppressed MarkAllItemsAsRead: %s", d)
	}
	if f := flagsOf(t, e, user2, inboxID(t, e, user2, "d")); f&mfNotifyRead != 0 || f&msgflagRead == 0 {
		t.Errorf("d after a suppressed MarkAllItemsAsRead: %#x", f)
	}
}

// TestReadReceiptRemote: a receipt for a remote sender leaves through
// Handler.Sender with a null envelope sender (RFC 8098 2.1) as an MDN
// to the Disposition-Notification-To address.
func TestReadReceiptRemote(t *testing.T) {
	e := newEnv(t)
	snd := &fromSender{}
	e.h.Sender = snd
	raw := "From: Jane <jane@example.org>\r\nTo: user2@example.com\r\nSubject: from afar\r\nMessage-ID: <afar@example.org>\r\n" +
		"Disposition-Notification-To: Jane Receipts <receipts@example.org>\r\n\r\nhi\r\n"
	// Delivered as the example server delivers SMTP mail.
	in, err := oxcmail.Import([]byte(raw), nil)
	if err != nil {
		t.Fatal(err)
	}
	sm := &store.Message{Props: in.Props, NewMail: true}
	for _, r := range in.Recipients {
		sm.Recipients = append(sm.Recipients, store.Recipient{Props: r.Props})
	}
	MarkReceiptPending(&sm.Props)
	ctx := context.Background()
	mb, err := e.st.OpenMailbox(ctx, user2)
	if err != nil {
		t.Fatal(err)
	}
	inbox, _, err := mb.ReceiveFolder(ctx, "IPM.Note")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mb.CreateMessage(ctx, inbox, sm); err != nil {
		t.Fatal(err)
	}
	id := inboxID(t, e, user2, "from afar")
	mustSuccess(t, e.callAs(user2, setRead(id, true, "")))
	if len(snd.raw) != 1 {
		t.Fatalf("%d messages sent, want 1", len(snd.raw))
	}
	if snd.from[0] != "" || len(snd.rcpts[0]) != 1 || snd.rcpts[0][0] != "receipts@example.org" {
		t.Errorf("envelope %q → %v, want <> → receipts@example.org", snd.from[0], snd.rcpts[0])
	}
	for _, want := range []string{"report-type=disposition-notification", "Original-Message-ID: <afar@example.org>", "Final-Recipient: rfc822;" + user2, "; displayed\r\n"} {
		if !bytes.Contains(snd.raw[0], []byte(want)) {
			t.Errorf("the MDN lacks %q:\n%s", want, snd.raw[0])
		}
	}
	m, err := oxcmail.Import(snd.raw[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	if cls := m.Prop(mapi.PidTagMessageClass); cls != "REPORT.IPM.Note.IPNRN" {
		t.Errorf("the MDN imports as %v", cls)
	}
	if rr := m.Prop(mapi.PidTagReadReceiptRequested); rr != nil {
		t.Errorf("the MDN asks for a receipt itself: %v", rr)
	}
}

// TestDumpResponsesReadReceipts writes responses of readreceipt.go for
// the interop suite's xmllint validation.
func TestDumpResponsesReadReceipts(t *testing.T) {
	dir := os.Getenv("EWS_DUMP")
	if dir == "" {
		t.Skip("EWS_DUMP not set: only the interop suite (xmllint schema validation) runs this")
	}
	e := newEnv(t)
	sendWithReceipt(t, e, "dump one")
	sendWithReceipt(t, e, "dump two")
	write := func(file, user, op string) {
		t.Helper()
		_, doc := e.postAs(user, envelope(op))
		if err := doc.WriteToFile(filepath.Join(dir, file)); err != nil {
			t.Fatal(err)
		}
	}
	write("receipts-updateitem.xml", user2, setRead(inboxID(t, e, user2, "dump one"), true, "false"))
	write("receipts-suppress.xml", user2, `<m:CreateItem><m:Items><t:SuppressReadReceipt><t:ReferenceItemId Id="`+inboxID(t, e, user2, "dump two")+`"/></t:SuppressReadReceipt></m:Items></m:CreateItem>`)
	write("receipts-markall.xml", user2, `<m:MarkAllItemsAsRead><m:ReadFlag>true</m:ReadFlag><m:SuppressReadReceipts>false</m:SuppressReadReceipts><m:FolderIds>`+dist("inbox")+`</m:FolderIds></m:MarkAllItemsAsRead>`)
	write("receipts-getitem.xml", user1, `<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds>`+itemID(inboxID(t, e, user1, "Read: dump one"))+`</m:ItemIds></m:GetItem>`)
}

// TestMarkReceiptPending: only a requested receipt is owed, and never by
// a report (RFC 8098 2.1).
func TestMarkReceiptPending(t *testing.T) {
	for _, tc := range []struct {
		cls       string
		requested any
		want      bool
	}{
		{"IPM.Note", true, true},
		{"IPM.Note", false, false},
		{"IPM.Note", nil, false},
		{"IPM.Schedule.Meeting.Request", true, true},
		{"REPORT.IPM.Note.IPNRN", true, false},
		{"Report.IPM.Note.NDR", true, false},
	} {
		props := []mapi.PropValue{{Tag: mapi.PidTagMessageClass, Value: tc.cls}, {Tag: mapi.PidTagMessageFlags, Value: int32(msgflagRead)}}
		if tc.requested != nil {
			props = append(props, mapi.PropValue{Tag: mapi.PidTagReadReceiptRequested, Value: tc.requested})
		}
		MarkReceiptPending(&props)
		f, _ := getInt(props, mapi.PidTagMessageFlags)
		if got := f&mfNotifyRead != 0; got != tc.want || f&msgflagRead == 0 {
			t.Errorf("%s requested=%v: flags %#x, want pending %v and the read bit kept", tc.cls, tc.requested, f, tc.want)
		}
	}
}

// TestNonReadReceipts: deleting an unread message that owes a read
// receipt sends a non-read receipt (REPORT.IPM.Note.IPNNRN), unless
// SuppressReadReceipts or the message was read or only moved to Deleted
// Items.
func TestNonReadReceipts(t *testing.T) {
	e := newEnv(t)
	del := func(subj, typ, suppress string) {
		t.Helper()
		attrs := `DeleteType="` + typ + `"`
		if suppress != "" {
			attrs += ` SuppressReadReceipts="` + suppress + `"`
		}
		mustSuccess(t, e.callAs(user2, `<m:DeleteItem `+attrs+`><m:ItemIds>`+itemID(inboxID(t, e, user2, subj))+`</m:ItemIds></m:DeleteItem>`))
	}
	for _, s := range []string{"gone", "soft", "quiet", "moved", "read first"} {
		sendWithReceipt(t, e, s)
	}
	del("gone", "HardDelete", "")
	del("soft", "SoftDelete", "false")
	del("quiet", "HardDelete", "true")
	del("moved", "MoveToDeletedItems", "")
	mustSuccess(t, e.callAs(user2, setRead(inboxID(t, e, user2, "read first"), true, "true")))
	del("read first", "HardDelete", "")
	want := []string{"REPORT.IPM.Note.IPNNRN|Not read: gone", "REPORT.IPM.Note.IPNNRN|Not read: soft"}
	if d := cmp.Diff(want, inboxView(t, e, user1)); d != "" {
		t.Error(d)
	}
	body := text(getItem(t, e, `<t:BaseShape>Default</t:BaseShape><t:BodyType>Text</t:BodyType>`, inboxID(t, e, user1, "Not read: gone")), "Body")
	if !strings.Contains(body, "was deleted without being read") {
		t.Errorf("non-read receipt body %q", body)
	}
}

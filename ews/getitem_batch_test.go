package ews

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/examples/memstore"
	"github.com/oxkit/oxkit/store"
)

// countingStore is memstore whose mailboxes count Message and Messages
// calls; with batch false they do not offer store.MessageBatchReader.
type countingStore struct {
	*memstore.Store
	batch           bool
	single, batches atomic.Int64
}

func (s *countingStore) OpenMailbox(ctx context.Context, owner string) (store.Mailbox, error) {
	mb, err := s.Store.OpenMailbox(ctx, owner)
	if err != nil {
		return nil, err
	}
	m := mb.(*memstore.Mailbox)
	if s.batch {
		return &batchMailbox{countingMailbox{Mailbox: m, s: s}}, nil
	}
	return &countingMailbox{Mailbox: m, s: s}, nil
}

// countingMailbox hides memstore's Messages: hideBatch's method of the
// same name at the same depth makes the selector ambiguous, so it is in
// neither method set.
type countingMailbox struct {
	*memstore.Mailbox
	s *countingStore
	hideBatch
}

type hideBatch struct{}

func (hideBatch) Messages() {}

func (m *countingMailbox) Message(ctx context.Context, mid store.MID, opts *store.MessageOptions) (*store.Message, error) {
	m.s.single.Add(1)
	return m.Mailbox.Message(ctx, mid, opts)
}

type batchMailbox struct{ countingMailbox }

func (m *batchMailbox) Messages(ctx context.Context, mids []store.MID, opts *store.MessageOptions) ([]store.MessageResult, error) {
	m.s.batches.Add(1)
	return m.Mailbox.Messages(ctx, mids, opts)
}

// getItemMix builds a GetItem request of n items (more than a batch)
// mixing good IDs (two of them with an attachment) with a malformed one,
// a deleted message and duplicates, as user1 sees them.
func getItemMix(t *testing.T, e *env, n int) (string, int) {
	var ids []string
	for i := range n {
		id, _ := createMsg2(t, e, fmt.Sprintf(`<t:Subject>batch %d</t:Subject><t:Body BodyType="Text">body %d</t:Body>`+recips, i, i))
		ids = append(ids, id)
	}
	for _, i := range []int{7, 35} {
		mustSuccess(t, e.call(`<m:CreateAttachment><m:ParentItemId Id="`+ids[i]+`"/><m:Attachments><t:FileAttachment><t:Name>f.txt</t:Name><t:Content>aGk=</t:Content></t:FileAttachment></m:Attachments></m:CreateAttachment>`))
	}
	gone := ids[3]
	mustSuccess(t, e.call(`<m:DeleteItem DeleteType="HardDelete"><m:ItemIds>`+itemID(gone)+`</m:ItemIds></m:DeleteItem>`))
	var sb strings.Builder
	for i, id := range ids {
		sb.WriteString(itemID(id))
		switch i {
		case 1:
			sb.WriteString(itemID("AAAA"))
		case 5:
			sb.WriteString(itemID(ids[0]))
		case 40:
			sb.WriteString(itemID(gone))
		}
	}
	return `<m:GetItem><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ItemIds>` + sb.String() + `</m:ItemIds></m:GetItem>`, n + 3
}

// TestGetItemBatch checks that GetItem over a store with
// store.MessageBatchReader answers exactly as it does reading one
// message at a time ([MS-OXWSCORE] 3.1.4.4: one response message per
// ID, in order), with one batch call per getItemBatch IDs.
func TestGetItemBatch(t *testing.T) {
	answers := map[bool]string{}
	for _, batch := range []bool{false, true} {
		st := &countingStore{Store: memstore.New(nil), batch: batch}
		e := newEnvOn(t, st)
		req, n := getItemMix(t, e, 45)
		st.single.Store(0)
		doc := e.call(req)
		els, msgs := messages(doc)
		if len(msgs) != n {
			t.Fatalf("batch %v: %d response messages, want %d", batch, len(msgs), n)
		}
		var errs []string
		for i, m := range msgs {
			if m.Class != "Success" {
				errs = append(errs, fmt.Sprintf("%d:%s", i, m.Code))
				continue
			}
			if got := text(els[i], "Subject"); !strings.HasPrefix(got, "batch ") {
				t.Errorf("batch %v: message %d subject %q", batch, i, got)
			}
		}
		// The malformed ID (after item 1), the deleted item 3 (at 4 and
		// again after item 40, at 43).
		want := []string{"2:ErrorInvalidIdMalformed", "4:ErrorItemNotFound", "43:ErrorItemNotFound"}
		if fmt.Sprint(errs) != fmt.Sprint(want) {
			t.Errorf("batch %v: errors %v, want %v", batch, errs, want)
		}
		if batch {
			// 48 IDs: a batch of 32 and one of 16; single reads only for
			// the two messages with an attachment.
			if b, s := st.batches.Load(), st.single.Load(); b != 2 || s != 2 {
				t.Errorf("batched store: %d batch calls and %d Message calls, want 2 and 2", b, s)
			}
		} else if s := st.single.Load(); s < int64(n-2) {
			t.Errorf("unbatched store: %d Message calls for %d IDs", s, n)
		}
		if n := len(doc.FindElements("//FileAttachment")); n != 2 {
			t.Errorf("batch %v: %d file attachments, want 2", batch, n)
		}
		answers[batch] = batchCanonical(t, doc)
	}
	if a, b := answers[false], answers[true]; a != b {
		i := 0
		for i < min(len(a), len(b)) && a[i] == b[i] {
			i++
		}
		t.Errorf("batched and unbatched GetItem differ at byte %d:\n%.300s\n---\n%.300s", i, a[max(0, i-100):], b[max(0, i-100):])
	}
}

// batchCanonical returns doc's response messages re-serialized by etree,
// without IDs, change keys and times: they carry each store's own
// mailbox GUID and clock.
func batchCanonical(t *testing.T, doc *etree.Document) string {
	t.Helper()
	d := doc.Copy()
	for _, el := range d.FindElements("//ItemId") {
		el.RemoveAttr("Id")
		el.RemoveAttr("ChangeKey")
	}
	for _, el := range d.FindElements("//AttachmentId") {
		el.RemoveAttr("Id")
	}
	for _, el := range d.FindElements("//ParentFolderId") {
		el.RemoveAttr("Id")
		el.RemoveAttr("ChangeKey")
	}
	for _, name := range []string{"DateTimeCreated", "DateTimeSent", "DateTimeReceived", "LastModifiedTime"} {
		for _, el := range d.FindElements("//" + name) {
			el.SetText("")
		}
	}
	s, err := d.WriteToString()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestGetItemBatchShapes checks that shapes reading whole messages
// (IncludeMimeContent) stay one message at a time, and that with
// Attachments a message that has attachments is read again by itself
// with them while one without comes from the batch.
func TestGetItemBatchShapes(t *testing.T) {
	st := &countingStore{Store: memstore.New(nil), batch: true}
	e := newEnvOn(t, st)
	a, _ := createMsg2(t, e, `<t:Subject>a</t:Subject>`)
	b, _ := createMsg2(t, e, `<t:Subject>b</t:Subject>`)
	mustSuccess(t, e.call(`<m:CreateAttachment><m:ParentItemId Id="`+a+`"/><m:Attachments><t:FileAttachment><t:Name>a.txt</t:Name><t:Content>aGk=</t:Content></t:FileAttachment></m:Attachments></m:CreateAttachment>`))
	for _, c := range []struct {
		shape           string
		batches, single int64
	}{
		{`<t:BaseShape>IdOnly</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent>`, 0, 2},
		{`<t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Attachments"/></t:AdditionalProperties>`, 1, 1},
		{`<t:BaseShape>Default</t:BaseShape>`, 1, 1},
		{`<t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/></t:AdditionalProperties>`, 1, 0},
	} {
		st.single.Store(0)
		st.batches.Store(0)
		els := mustSuccess(t, e.call(`<m:GetItem><m:ItemShape>`+c.shape+`</m:ItemShape><m:ItemIds>`+itemID(a)+itemID(b)+`</m:ItemIds></m:GetItem>`))
		if len(els) != 2 {
			t.Fatalf("%s: %d messages", c.shape, len(els))
		}
		if st.batches.Load() != c.batches || st.single.Load() != c.single {
			t.Errorf("%s: %d batch calls, %d Message calls; want %d and %d", c.shape, st.batches.Load(), st.single.Load(), c.batches, c.single)
		}
		if strings.Contains(c.shape, "Attachments") || strings.Contains(c.shape, "Default") {
			names := []string{}
			for _, el := range els {
				var n []string
				for _, f := range el.FindElements(".//FileAttachment/Name") {
					n = append(n, f.Text())
				}
				names = append(names, strings.Join(n, ","))
			}
			if fmt.Sprint(names) != "[a.txt ]" {
				t.Errorf("%s: attachment names per item %q, want [a.txt, none]", c.shape, names)
			}
		}
	}
}

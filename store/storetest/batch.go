package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// testMessageBatch checks store.MessageBatchReader against Message: the
// same message or error for every ID, in order, under each kind of
// options, with duplicates, unknown and deleted IDs.
func (s *suite) testMessageBatch(t *testing.T) {
	_, mb := s.mailbox(t)
	br, ok := mb.(store.MessageBatchReader)
	if !ok {
		t.Skip("store does not implement store.MessageBatchReader")
	}
	c := ctx(t)
	inbox := special(t, mb, store.FolderInbox)
	var mids []store.MID
	for i := range 5 {
		m := simpleMessage("batch", i)
		m.Props = append(m.Props, mapi.PropValue{Tag: mapi.PidTagBody, Value: "body of message " + string(rune('A'+i))})
		m.Recipients = []store.Recipient{{Props: []mapi.PropValue{
			{Tag: mapi.PidTagDisplayName, Value: "To"}, {Tag: mapi.PidTagRecipientType, Value: int32(1)},
		}}}
		m.Attachments = []store.Attachment{{Props: []mapi.PropValue{
			{Tag: mapi.PidTagAttachMethod, Value: int32(1)}, {Tag: mapi.PidTagAttachDataBinary, Value: []byte{byte(i), 1, 2}},
		}}}
		mids = append(mids, createMsg(t, mb, inbox, m).ID)
	}
	deleted := mids[4]
	must[[]store.MID](t, "DeleteMessages")(mb.DeleteMessages(c, inbox, []store.MID{deleted}, &store.DeleteOptions{Hard: true}))
	unknown := mids[0] + 1<<16*1000 // a global counter no message has
	ask := []store.MID{mids[2], unknown, mids[0], deleted, mids[2], mids[1], mids[3]}

	for _, tc := range []struct {
		name string
		opts *store.MessageOptions
	}{
		{"nil", nil},
		{"tags", &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagSubject, mapi.PidTagChangeKey, mapi.PidTagBody, mapi.PidTagMessageSize}}},
		{"tags+tables", &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagSubject}, Recipients: true, Attachments: true}},
		{"stream", &store.MessageOptions{StreamThreshold: 4}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := br.Messages(c, ask, tc.opts)
			if err != nil {
				t.Fatalf("Messages: %v", err)
			}
			if len(got) != len(ask) {
				t.Fatalf("Messages returned %d results for %d IDs", len(got), len(ask))
			}
			for i, mid := range ask {
				want, wantErr := mb.Message(c, mid, tc.opts)
				r := got[i]
				if (r.Message == nil) == (r.Err == nil) {
					t.Errorf("result %d (%v): message %v, error %v: want exactly one", i, mid, r.Message != nil, r.Err)
					continue
				}
				if wantErr != nil {
					if r.Err == nil || !errorsIs(r.Err, store.ErrNotFound) || !errorsIs(wantErr, store.ErrNotFound) {
						t.Errorf("result %d (%v): error %v, Message says %v (want ErrNotFound both)", i, mid, r.Err, wantErr)
					}
					continue
				}
				if r.Err != nil {
					t.Errorf("result %d (%v): %v", i, mid, r.Err)
					continue
				}
				if !reflect.DeepEqual(r.Message, want) {
					t.Errorf("result %d (%v):\n got %+v\nwant %+v", i, mid, r.Message, want)
				}
			}
		})
	}

	// Duplicates are separate copies: changing one changes neither the
	// other nor the store.
	got := must[[]store.MessageResult](t, "Messages")(br.Messages(c, []store.MID{mids[0], mids[0]}, nil))
	for i, p := range got[0].Message.Props {
		if p.Tag == mapi.PidTagSubject {
			got[0].Message.Props[i].Value = "changed"
		}
		if b, ok := p.Value.([]byte); ok && len(b) > 0 {
			b[0] ^= 0xff
		}
	}
	for _, a := range got[0].Message.Attachments {
		for _, p := range a.Props {
			if b, ok := p.Value.([]byte); ok && len(b) > 0 {
				b[0] ^= 0xff
			}
		}
	}
	again := must[*store.Message](t, "Message")(mb.Message(c, mids[0], nil))
	if !reflect.DeepEqual(got[1].Message, again) {
		t.Errorf("changing one result changed another or the store:\n got %+v\nwant %+v", got[1].Message, again)
	}

	if got := must[[]store.MessageResult](t, "Messages(none)")(br.Messages(c, nil, nil)); len(got) != 0 {
		t.Errorf("Messages(nil) returned %d results", len(got))
	}
	cancelled, cancel := context.WithCancel(c)
	cancel()
	if got, err := br.Messages(cancelled, mids[:2], nil); err == nil || got != nil {
		t.Errorf("Messages with a cancelled context: %d results, error %v; want an error and none", len(got), err)
	}
}

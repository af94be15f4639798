package boltstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// mailMessage is a message like the ones bench/ews delivers: a subject,
// a sender, a 1.5 KB text body and two recipients.
func mailMessage(i int) *store.Message {
	body := strings.Repeat("Body text of a typical short message. ", 40)
	recip := func(name string, typ int32) store.Recipient {
		return store.Recipient{Props: []mapi.PropValue{
			{Tag: mapi.PidTagDisplayName, Value: name},
			{Tag: mapi.PidTagEmailAddress, Value: strings.ToLower(name) + "@example.com"},
			{Tag: mapi.PidTagAddressType, Value: "SMTP"},
			{Tag: mapi.PidTagRecipientType, Value: typ},
		}}
	}
	return &store.Message{
		Props: []mapi.PropValue{
			{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
			{Tag: mapi.PidTagSubject, Value: fmt.Sprintf("Benchmark message %d", i)},
			{Tag: mapi.PidTagMessageDeliveryTime, Value: t0},
			{Tag: mapi.PidTagSenderName, Value: "Sender"},
			{Tag: mapi.PidTagSenderEmailAddress, Value: "sender@example.com"},
			{Tag: mapi.PidTagImportance, Value: int32(1)},
			{Tag: mapi.PidTagBody, Value: body},
			{Tag: mapi.PidTagDisplayTo, Value: "User One"},
		},
		Recipients: []store.Recipient{recip("User1", 1), recip("User2", 2)},
	}
}

// BenchmarkMessages30Mail is BenchmarkMessages30 over messages with
// bodies and recipients, as a GetItem of 30 items reads them.
func BenchmarkMessages30Mail(b *testing.B) {
	mb, inbox := benchMailbox(b)
	ctx := context.Background()
	ids := make([]store.MID, 30)
	for i := range ids {
		info, err := mb.CreateMessage(ctx, inbox, mailMessage(i))
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = info.ID
	}
	opts := &store.MessageOptions{Tags: batchTags, Recipients: true}
	b.ReportAllocs()
	for b.Loop() {
		res, err := mb.Messages(ctx, ids, opts)
		if err != nil || len(res) != 30 || res[29].Err != nil || len(res[29].Message.Recipients) != 2 {
			b.Fatal(err)
		}
	}
}

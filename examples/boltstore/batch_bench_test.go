package boltstore_test

import (
	"context"
	"testing"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// batchTags is a GetItem Default shape's worth of columns, most of them
// absent from the messages.
var batchTags = func() []mapi.PropTag {
	t := []mapi.PropTag{mapi.PidTagMessageClass, mapi.PidTagSubject, mapi.PidTagMessageDeliveryTime,
		mapi.PidTagChangeKey, mapi.PidTagMessageFlags, mapi.PidTagMessageSize, mapi.PidTagHasAttachments,
		mapi.PidTagBody, mapi.PidTagImportance, mapi.PidTagSensitivity, mapi.PidTagDisplayTo, mapi.PidTagDisplayCc}
	for id := mapi.PropID(0x6800); len(t) < 60; id++ {
		t = append(t, mapi.NewPropTag(id, mapi.PtypString))
	}
	return t
}()

// BenchmarkMessages30 reads 30 messages in one Messages call (one read
// transaction); BenchmarkMessage30 reads them one Message call each.
func BenchmarkMessages30(b *testing.B) {
	mb, inbox := benchMailbox(b)
	ids := fill(b, mb, inbox, 30)
	opts := &store.MessageOptions{Tags: batchTags, Recipients: true}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		res, err := mb.Messages(ctx, ids, opts)
		if err != nil || len(res) != 30 || res[29].Err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMessage30(b *testing.B) {
	mb, inbox := benchMailbox(b)
	ids := fill(b, mb, inbox, 30)
	opts := &store.MessageOptions{Tags: batchTags, Recipients: true}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		for _, id := range ids {
			if _, err := mb.Message(ctx, id, opts); err != nil {
				b.Fatal(err)
			}
		}
	}
}

package memstore_test

import (
	"context"
	"fmt"

	"github.com/oxkit/oxkit/examples/memstore"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

func Example() {
	ctx := context.Background()
	s := memstore.New(nil)
	defer s.Close()
	mb, _ := s.CreateMailbox(ctx, "alice@example.com", nil)
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)

	// A phone syncs the inbox: nothing there yet.
	ct := mb.(store.ChangeTracker)
	first, _ := ct.SyncContents(ctx, inbox, nil, nil)
	fmt.Println("initial changes:", len(first.Changes))

	// Mail arrives.
	msg := &store.Message{NewMail: true, Props: []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
		{Tag: mapi.PidTagSubject, Value: "Hello"},
	}}
	info, _ := mb.CreateMessage(ctx, inbox, msg)

	// The next sync from the saved state reports exactly that message.
	next, _ := ct.SyncContents(ctx, inbox, first.State, nil)
	for _, ch := range next.Changes {
		m, _ := mb.Message(ctx, ch.ID, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagSubject}})
		fmt.Println(ch.Kind, ch.ID == info.ID, m.Props[0].Value)
	}
	// Marking it read is a read-state change.
	mb.SetReadFlags(ctx, inbox, []store.MID{info.ID}, true)
	last, _ := ct.SyncContents(ctx, inbox, next.State, nil)
	fmt.Println(last.Changes[0].Kind, last.Changes[0].Read)
	// Output:
	// initial changes: 0
	// new true Hello
	// read true
}

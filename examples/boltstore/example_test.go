package boltstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/oxkit/oxkit/examples/boltstore"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

func Example() {
	dir, _ := os.MkdirTemp("", "boltstore-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "mail.db")
	ctx := context.Background()

	s, _ := boltstore.Open(path, nil)
	mb, _ := s.CreateMailbox(ctx, "alice@example.com", nil)
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	info, _ := mb.CreateMessage(ctx, inbox, &store.Message{Props: []mapi.PropValue{
		{Tag: mapi.PidTagSubject, Value: "Kept across restarts"},
	}})
	s.Close()

	// After a restart the message is still there, with the same ID.
	s, _ = boltstore.Open(path, nil)
	defer s.Close()
	mb, _ = s.OpenMailbox(ctx, "alice@example.com")
	m, _ := mb.Message(ctx, info.ID, &store.MessageOptions{Tags: []mapi.PropTag{mapi.PidTagSubject}})
	fmt.Println(m.Props[0].Value)
	// Output: Kept across restarts
}

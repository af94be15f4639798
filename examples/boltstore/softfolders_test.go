package boltstore_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/oxkit/oxkit/examples/boltstore"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// TestSoftDeletedFolderRetention: Options.MaxSoftDeleted bounds the
// soft-deleted folders kept per parent; the oldest goes first, with its
// messages.
func TestSoftDeletedFolderRetention(t *testing.T) {
	ctx := context.Background()
	st := openBolt(t)
	defer st.Close()
	mb, err := st.CreateMailbox(ctx, "user@example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	root, err := mb.SpecialFolder(ctx, store.FolderIPMSubtree)
	if err != nil {
		t.Fatal(err)
	}
	folder := func(name string) store.FID {
		f, err := mb.CreateFolder(ctx, root, []mapi.PropValue{{Tag: mapi.PidTagDisplayName, Value: name}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return f.ID
	}
	a, b := folder("a"), folder("b")
	info, err := mb.CreateMessage(ctx, a, &store.Message{Props: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "in a"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []store.FID{a, b} {
		if err := mb.DeleteFolder(ctx, f, &store.DeleteOptions{Recursive: true}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := mb.(store.SoftDeletedFolders).QuerySoftDeletedFolders(ctx, root, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 1 || res.Rows[0].Folder != b {
		t.Fatalf("retained %+v, want only b (%v)", res.Rows, b)
	}
	if _, err := mb.(store.SoftDeletedTables).QuerySoftDeleted(ctx, a, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("messages of the dropped folder: %v, want ErrNotFound", err)
	}
	if _, err := mb.(store.SoftDeletedReader).SoftDeletedMessage(ctx, info.ID, nil); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("message of the dropped folder: %v, want ErrNotFound", err)
	}
}

func openBolt(t *testing.T) *boltstore.Store {
	s, err := boltstore.Open(filepath.Join(t.TempDir(), "store.db"), &boltstore.Options{NoSync: true, MaxSoftDeleted: 1})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

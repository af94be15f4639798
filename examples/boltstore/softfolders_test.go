package boltstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/oxkit/oxkit/examples/boltstore"
	"github.com/oxkit/oxkit/store/storetest"
)

// TestSoftDeletedFolderRetention: Options.MaxSoftDeleted bounds the
// soft-deleted folders kept per parent; the oldest goes first, with its
// messages.
func TestSoftDeletedFolderRetention(t *testing.T) {
	st := openBolt(t)
	defer st.Close()
	mb, err := st.CreateMailbox(context.Background(), "user@example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	storetest.SoftDeletedFolderRetention(t, mb)
}

func openBolt(t *testing.T) *boltstore.Store {
	s, err := boltstore.Open(filepath.Join(t.TempDir(), "store.db"), &boltstore.Options{NoSync: true, MaxSoftDeleted: 1})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

package memstore_test

import (
	"context"
	"testing"

	"github.com/oxkit/oxkit/examples/memstore"
	"github.com/oxkit/oxkit/store/storetest"
)

// TestSoftDeletedFolderRetention: Options.MaxSoftDeleted bounds the
// soft-deleted folders kept per parent; the oldest goes first, with its
// messages.
func TestSoftDeletedFolderRetention(t *testing.T) {
	st := memstore.New(&memstore.Options{MaxSoftDeleted: 1})
	defer st.Close()
	mb, err := st.CreateMailbox(context.Background(), "user@example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	storetest.SoftDeletedFolderRetention(t, mb)
}

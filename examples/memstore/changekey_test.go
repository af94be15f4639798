package memstore

import (
	"bytes"
	"testing"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// TestChangeKeyEncoding checks changeKey against mapi.NewChangeKey's
// binary form.
func TestChangeKeyEncoding(t *testing.T) {
	g := mapi.GUID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	for _, cn := range []uint64{1, 0x1234, 0xfedcba987654, 1<<48 - 1} {
		want, _ := mapi.NewChangeKey(g, store.MakeCN(cn)).AppendBinary(nil)
		if got := changeKey(g, cn); !bytes.Equal(got, want) {
			t.Errorf("CN %#x: %x, want %x", cn, got, want)
		}
	}
}

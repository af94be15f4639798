package ews

import (
	"bytes"
	"encoding/base64"
	"testing"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// FuzzDecodeSyncState: a sync token either fails with
// ErrorInvalidSyncStateData or decodes to a state that encodes to a
// token decoding to the same state bytes, for the caller's own mailbox
// and for another user's.
func FuzzDecodeSyncState(f *testing.F) {
	other := mapi.GUID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	fid := store.MakeFID(0x1234)
	st := &store.SyncState{}
	st.Seen.Add(7)
	for _, g := range []*mapi.GUID{nil, &other} {
		tok, err := encodeSyncState(syncKindContents, fid, g, st)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(tok, g != nil)
	}
	f.Add("", false)
	f.Add("AQI=", true)
	f.Fuzz(func(t *testing.T, tok string, isOther bool) {
		var g *mapi.GUID
		if isOther {
			g = &other
		}
		s, err := decodeSyncState(tok, syncKindContents, fid, g)
		if err != nil {
			if e, ok := err.(*Error); !ok || e.Code != ErrorInvalidSyncStateData {
				t.Fatalf("error %v is not ErrorInvalidSyncStateData", err)
			}
			return
		}
		tok2, err := encodeSyncState(syncKindContents, fid, g, s)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		s2, err := decodeSyncState(tok2, syncKindContents, fid, g)
		if err != nil {
			t.Fatalf("decode of re-encoding: %v", err)
		}
		a, _ := s.AppendBinary(nil)
		b, _ := s2.AppendBinary(nil)
		if !bytes.Equal(a, b) {
			t.Fatal("round trip changed the state")
		}
		// The other form never decodes as the own, nor the reverse.
		var flip *mapi.GUID
		if g == nil {
			flip = &other
		}
		if tok2 != "" {
			if _, err := decodeSyncState(tok2, syncKindContents, fid, flip); err == nil {
				t.Fatalf("token %s decodes for the other mailbox form too", tok2)
			}
		}
	})
}

// TestSyncTokenMailboxBound: a token of one mailbox is refused for
// another mailbox's folder of the same FID and for the caller's own.
func TestSyncTokenMailboxBound(t *testing.T) {
	a, b := mapi.GUID{1}, mapi.GUID{2}
	fid := store.MakeFID(9)
	tok, err := encodeSyncState(syncKindHierarchy, fid, &a, &store.SyncState{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := decodeSyncState(tok, syncKindHierarchy, fid, &a); err != nil {
		t.Fatalf("own token refused: %v", err)
	}
	for _, g := range []*mapi.GUID{&b, nil} {
		if _, err := decodeSyncState(tok, syncKindHierarchy, fid, g); err == nil {
			t.Errorf("token of mailbox a accepted for %v", g)
		}
	}
	raw, _ := base64.StdEncoding.DecodeString(tok)
	if raw[1] != syncKindHierarchy|syncKindOtherMailbox || !bytes.Equal(raw[10:26], a[:]) {
		t.Errorf("token layout % x", raw[:26])
	}
}

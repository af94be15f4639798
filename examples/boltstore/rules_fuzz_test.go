package boltstore

import (
	"bytes"
	"testing"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

// FuzzParseRules: a rules record from the file decodes or fails with
// errCorrupt, never panics, and what decodes re-encodes to a record that
// decodes to the same bytes (parse(append(parse(x))) == parse(x)).
func FuzzParseRules(f *testing.F) {
	seed, err := appendRules(nil, []store.Rule{
		{ID: 7, Sequence: 1, State: store.RuleEnabled, Name: "n", Provider: "RuleOrganizer", ProviderData: []byte{1},
			Condition: mapi.ExistRestriction{PropTag: mapi.PidTagSubject},
			Actions:   mapi.RuleActions{Actions: []mapi.ActionBlock{{Type: mapi.OpMarkAsRead, Data: mapi.RawActionData{}}}}},
		{ID: 9, Name: "m", Actions: mapi.RuleActions{}},
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte{0xFF, 0xFF, 0xFF, 0x7F})
	f.Add([]byte{1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF})
	f.Fuzz(func(t *testing.T, b []byte) {
		rs, err := parseRules(b)
		if err != nil {
			return
		}
		enc, err := appendRules(nil, rs)
		if err != nil {
			t.Fatalf("decoded rules do not encode: %v", err)
		}
		rs2, err := parseRules(enc)
		if err != nil {
			t.Fatalf("re-encoded rules do not decode: %v", err)
		}
		enc2, _ := appendRules(nil, rs2)
		if !bytes.Equal(enc, enc2) {
			t.Fatalf("round trip differs:\n% x\n% x", enc, enc2)
		}
	})
}

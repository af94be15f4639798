package fxstream

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/MS-OXCFXICS")

// goldenStreams are the streams kept in testdata/MS-OXCFXICS: a message
// element with every value type, named properties, recipients and
// attachments with an embedded message ([MS-OXCFXICS] 2.2.4.3.10), and a
// messageList of it and an FAI message (2.2.4.3.17).
func goldenStreams(t *testing.T) map[string][]byte {
	m, names := sampleMessage()
	msg, err := AppendMessage(nil, m, false, names)
	if err != nil {
		t.Fatal(err)
	}
	list, err := AppendMessageList(nil, []ListMessage{{Message: m}, {Message: m.Attachments[1].Embedded, FAI: true}}, names)
	if err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{"message.bin": msg, "messagelist.bin": list}
}

// TestGolden pins the encoder's bytes: any change to the encoding shows
// as a diff of testdata (refresh with -update after checking it against
// the spec).
func TestGolden(t *testing.T) {
	for name, got := range goldenStreams(t) {
		path := filepath.Join("testdata", "MS-OXCFXICS", name)
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: encoding changed (%d bytes, golden %d); rerun with -update if intended", name, len(got), len(want))
		}
	}
}

// FuzzParseMessageList fuzzes the messageList decoder, seeded from every
// file in testdata/MS-OXCFXICS.
func FuzzParseMessageList(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "MS-OXCFXICS", "*.bin"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		lim := &Limits{MaxDepth: 8}
		l1, n1, err := ParseMessageList(b, lim)
		if err != nil {
			return
		}
		enc, err := AppendMessageList(nil, l1, n1)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		l2, n2, err := ParseMessageList(enc, lim)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if len(l1) != len(l2) {
			t.Fatalf("%d messages, then %d", len(l1), len(l2))
		}
		for i := range l1 {
			if l1[i].FAI != l2[i].FAI || !equalMessages(l1[i].Message, l2[i].Message) {
				t.Fatalf("message %d differs", i)
			}
		}
		if len(n1) != len(n2) {
			t.Fatalf("names %d, then %d", len(n1), len(n2))
		}
	})
}

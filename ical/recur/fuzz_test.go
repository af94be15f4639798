package recur

import (
	"bytes"
	"encoding/hex"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the seed corpus in testdata/vectors")

// FuzzAppointmentRecurrencePattern checks decode → encode → decode
// stability and that expanding a decoded pattern never panics or spins.
func FuzzAppointmentRecurrencePattern(f *testing.F) {
	dir := filepath.Join("testdata", "vectors")
	if *update {
		os.MkdirAll(dir, 0o755)
		for _, v := range specBlobs {
			name := strings.ReplaceAll(v.name, " ", "_") + ".hex"
			os.WriteFile(filepath.Join(dir, name), []byte(v.hex+"\n"), 0o644)
		}
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			f.Fatal(err)
		}
		raw, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil {
			f.Fatalf("%s: %v", e.Name(), err)
		}
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParseAppointmentRecurrencePattern(b)
		if err != nil {
			return
		}
		enc, err := p.AppendBinary(nil)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		p2, err := ParseAppointmentRecurrencePattern(enc)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		enc2, _ := p2.AppendBinary(nil)
		if !bytes.Equal(enc, enc2) {
			t.Fatalf("unstable:\n%x\n%x", enc, enc2)
		}
		from := MinutesToTime(p.StartDate)
		p.Expand(time.UTC, from, from.AddDate(2, 0, 0), &ExpandOptions{MaxOccurrences: 500})
	})
}

func FuzzRRule(f *testing.F) {
	for _, s := range []string{"FREQ=WEEKLY;COUNT=12;BYDAY=MO,TH,FR;WKST=SU", "FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;UNTIL=20300101"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRRule(s)
		if err != nil {
			return
		}
		r2, err := ParseRRule(r.String())
		if err != nil {
			t.Fatalf("reparse %q: %v", r.String(), err)
		}
		if r2.String() != r.String() {
			t.Fatalf("unstable: %q → %q", r.String(), r2.String())
		}
		p, err := r.ToPattern(time.Date(2025, 1, 31, 9, 0, 0, 0, time.UTC), time.UTC)
		if err == nil {
			ap := &AppointmentRecurrencePattern{RecurrencePattern: *p, StartTimeOffset: 540, EndTimeOffset: 600}
			ap.Expand(time.UTC, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), &ExpandOptions{MaxOccurrences: 1000})
		}
	})
}

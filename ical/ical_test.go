package ical

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oxkit/oxkit/ical/recur"
	"github.com/oxkit/oxkit/mapi"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

var fixedNow = func() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }

func corpus(t testing.TB) []string {
	files, err := filepath.Glob(filepath.Join("testdata", "corpus", "*.ics"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	return files
}

func importFile(t testing.TB, path string) []*Message {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ms, err := Import(f, nil)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return ms
}

func dumpAll(ms []*Message) string {
	var b strings.Builder
	for i, m := range ms {
		fmt.Fprintf(&b, "== message %d\n", i)
		b.WriteString(m.Dump())
	}
	return b.String()
}

// TestCorpus imports real-world-shaped calendars and compares a dump of
// the resulting property bags with golden files (refresh with -update).
func TestCorpus(t *testing.T) {
	for _, path := range corpus(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			got := dumpAll(importFile(t, path))
			golden := strings.TrimSuffix(path, ".ics") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("dump differs from %s (run with -update after checking):\n%s", golden, diffLines(string(want), got))
			}
		})
	}
}

func diffLines(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	seen := map[string]int{}
	for _, l := range al {
		seen[l]++
	}
	for _, l := range bl {
		if seen[l] > 0 {
			seen[l]--
			continue
		}
		out = append(out, "+ "+l)
	}
	for l, n := range seen {
		for ; n > 0; n-- {
			out = append(out, "- "+l)
		}
	}
	return strings.Join(out, "\n")
}

func exportString(t testing.TB, ms []*Message) string {
	t.Helper()
	var b bytes.Buffer
	if err := Export(&b, ms, &ExportOptions{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestRoundTrip checks that export is stable (import∘export reaches a
// fixed point after one cycle) and keeps the meaning: subject, times and
// the expanded occurrences of each series are unchanged.
func TestRoundTrip(t *testing.T) {
	for _, path := range corpus(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			m0 := importFile(t, path)
			e1 := exportString(t, m0)
			m1, err := Import(strings.NewReader(e1), nil)
			if err != nil {
				t.Fatalf("re-import: %v\n%s", err, e1)
			}
			e2 := exportString(t, m1)
			m2, err := Import(strings.NewReader(e2), nil)
			if err != nil {
				t.Fatal(err)
			}
			if d1, d2 := dumpAll(m1), dumpAll(m2); d1 != d2 {
				t.Fatalf("not stable:\n%s", diffLines(d1, d2))
			}
			if e1 != e2 {
				t.Fatalf("export not stable:\n%s", diffLines(e1, e2))
			}
			if len(m0) != len(m1) {
				t.Fatalf("%d messages, then %d", len(m0), len(m1))
			}
			for i := range m0 {
				for _, tag := range []mapi.PropTag{mapi.PidTagSubject, mapi.PidTagMessageClass, mapi.PidTagStartDate, mapi.PidTagEndDate, mapi.PidTagImportance, mapi.PidTagSensitivity} {
					a, _ := m0[i].Get(tag)
					b, _ := m1[i].Get(tag)
					if fmt.Sprint(a) != fmt.Sprint(b) {
						t.Errorf("message %d %v: %v, then %v", i, tag, a, b)
					}
				}
				for _, np := range []mapi.NamedProp{mapi.PidLidLocation, mapi.PidLidBusyStatus, mapi.PidLidReminderDelta, mapi.PidLidAppointmentSubType, mapi.PidLidCleanGlobalObjectId, mapi.PidLidTaskStatus, mapi.PidLidPercentComplete, mapi.PidNameKeywords} {
					a, _ := m0[i].GetNamed(np)
					b, _ := m1[i].GetNamed(np)
					if fmt.Sprint(a) != fmt.Sprint(b) {
						t.Errorf("message %d %v: %v, then %v", i, np, a, b)
					}
				}
				if len(m0[i].Recipients) != len(m1[i].Recipients) {
					t.Errorf("message %d: %d recipients, then %d", i, len(m0[i].Recipients), len(m1[i].Recipients))
				}
				o0, o1 := occurrences(t, m0[i]), occurrences(t, m1[i])
				if o0 != o1 {
					t.Errorf("message %d occurrences changed:\n%s\nthen\n%s", i, o0, o1)
				}
			}
		})
	}
}

// occurrences lists a series' instances in 2025–2026, in UTC.
func occurrences(t *testing.T, m *Message) string {
	blob := m.nbin(mapi.PidLidAppointmentRecur)
	if blob == nil {
		return ""
	}
	ap, err := recur.ParseAppointmentRecurrencePattern(blob)
	if err != nil {
		t.Fatal(err)
	}
	z := zoneOf(m)
	loc := time.UTC
	if z != nil {
		loc = z.loc
	}
	occ, err := ap.Expand(loc, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), nil)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, o := range occ {
		fmt.Fprintf(&b, "%s %s\n", o.Start.UTC().Format(time.RFC3339), o.End.UTC().Format(time.RFC3339))
	}
	return b.String()
}

// The Outlook series crosses the 30 March 2025 change: 09:30 Berlin is
// 08:30Z before and 07:30Z after; the 2 April instance is deleted and the
// 26 March one moved to 11:00.
func TestOutlookSeriesAcrossDST(t *testing.T) {
	ms := importFile(t, filepath.Join("testdata", "corpus", "outlook_recurring_meeting.ics"))
	got := occurrences(t, ms[0])
	want := `2025-03-17T08:30:00Z 2025-03-17T09:00:00Z
2025-03-19T08:30:00Z 2025-03-19T09:00:00Z
2025-03-24T08:30:00Z 2025-03-24T09:00:00Z
2025-03-26T10:00:00Z 2025-03-26T10:30:00Z
2025-03-31T07:30:00Z 2025-03-31T08:00:00Z
2025-04-07T07:30:00Z 2025-04-07T08:00:00Z
2025-04-09T07:30:00Z 2025-04-09T08:00:00Z
2025-04-14T07:30:00Z 2025-04-14T08:00:00Z
2025-04-16T07:30:00Z 2025-04-16T08:00:00Z
`
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if c, _ := ms[0].Get(mapi.PidTagMessageClass); c != ClassMeetingRequest {
		t.Errorf("class %v", c)
	}
	if len(ms[0].Attachments) != 1 || ms[0].Attachments[0].Embedded == nil {
		t.Fatalf("exception attachment missing")
	}
	if l := ms[0].Attachments[0].Embedded.nstr(mapi.PidLidLocation); l != "Café Zürich" {
		t.Errorf("exception location %q", l)
	}
}

// A display-name TZID (Exchange) and a custom one (Outlook) convert by the
// rules inside their VTIMEZONE.
func TestDisplayNameAndCustomTZID(t *testing.T) {
	ms := importFile(t, filepath.Join("testdata", "corpus", "exchange_display_name_tz.ics"))
	start, _ := ms[0].ntime(mapi.PidLidAppointmentStartWhole)
	if want := time.Date(2025, 1, 9, 8, 0, 0, 0, time.UTC); !start.Equal(want) {
		t.Errorf("start %v, want %v", start, want)
	}
	occ := occurrences(t, ms[0])
	if !strings.Contains(occ, "2025-07-10T07:00:00Z") || !strings.Contains(occ, "2025-12-11T08:00:00Z") || strings.Contains(occ, "2026-") {
		t.Errorf("second-Thursday series:\n%s", occ)
	}
	ms = importFile(t, filepath.Join("testdata", "corpus", "outlook_cancel_custom_tz.ics"))
	start, _ = ms[0].ntime(mapi.PidLidAppointmentStartWhole)
	if want := time.Date(2025, 3, 5, 13, 0, 0, 0, time.UTC); !start.Equal(want) {
		t.Errorf("custom zone start %v, want %v", start, want)
	}
	if c, _ := ms[0].Get(mapi.PidTagMessageClass); c != ClassMeetingCanceled {
		t.Errorf("class %v", c)
	}
}

func TestParserFolding(t *testing.T) {
	in := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:a long\r\n  line\r\n\tand tab\r\nDESCRIPTION;X-A=\"x:y;z\",b:q\\,r\\;s\\nt\\\\\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	cals, err := Decode(strings.NewReader(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	ev := cals[0].Children[0]
	if got := ev.Text("SUMMARY"); got != "a long lineand tab" {
		t.Errorf("unfolded %q", got)
	}
	d := ev.Prop("DESCRIPTION")
	if d.Text() != "q,r;s\nt\\" || len(d.Params) != 1 || strings.Join(d.Params[0].Values, "|") != "x:y;z|b" {
		t.Errorf("DESCRIPTION %q %+v", d.Text(), d.Params)
	}
	// Encoding folds at 75 octets without splitting UTF-8 and reads back.
	long := strings.Repeat("Zürich ✓ ", 30)
	c := &Component{Name: "VCALENDAR"}
	c.AddText("X-LONG", long)
	var b bytes.Buffer
	Encode(&b, c)
	for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Fatalf("line of %d octets", len(l))
		}
	}
	back, err := Decode(&b, nil)
	if err != nil || back[0].Text("X-LONG") != long {
		t.Fatalf("fold round trip: %v %q", err, back[0].Text("X-LONG"))
	}
}

func TestParserLimits(t *testing.T) {
	cases := []struct {
		name string
		in   string
		lim  *Limits
	}{
		{"long line", "BEGIN:VCALENDAR\nX:" + strings.Repeat("a", 2000) + "\nEND:VCALENDAR\n", &Limits{MaxLineBytes: 1000}},
		{"long folded line", "BEGIN:VCALENDAR\nX:" + strings.Repeat("a\n ", 1500) + "\nEND:VCALENDAR\n", &Limits{MaxLineBytes: 1000}},
		{"depth", "BEGIN:VCALENDAR\n" + strings.Repeat("BEGIN:X\n", 20) + strings.Repeat("END:X\n", 20) + "END:VCALENDAR\n", nil},
		{"components", "BEGIN:VCALENDAR\n" + strings.Repeat("BEGIN:VEVENT\nEND:VEVENT\n", 50) + "END:VCALENDAR\n", &Limits{MaxComponents: 10}},
		{"total bytes", "BEGIN:VCALENDAR\n" + strings.Repeat("X:y\n", 1000) + "END:VCALENDAR\n", &Limits{MaxBytes: 1000}},
	}
	for _, c := range cases {
		_, err := Decode(strings.NewReader(c.in), c.lim)
		if !errors.Is(err, ErrLimit) {
			t.Errorf("%s: err = %v, want ErrLimit", c.name, err)
		}
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line < 1 {
			t.Errorf("%s: err %v is not a located *ParseError", c.name, err)
		}
	}
	for _, bad := range []string{"", "BEGIN:VEVENT\nEND:VEVENT\n", "BEGIN:VCALENDAR\nEND:VEVENT\n", "BEGIN:VCALENDAR\nX\nEND:VCALENDAR\n", "BEGIN:VCALENDAR\n"} {
		if _, err := Decode(strings.NewReader(bad), nil); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestGlobalObjectID(t *testing.T) {
	uid := "040000008200E00074C5B7101A82E0080000000070A2A9A4F3E4DA010000000000000000100000005A3C1B9E2D4F46A8B7C6D5E4F3A2B1C0"
	if got := UIDFromGlobalObjectID(GlobalObjectIDFromUID(uid)); got != uid {
		t.Errorf("GOID UID round trip: %s", got)
	}
	for _, u := range []string{"3k2j4h5g@google.com", "A1B2C3D4-E5F6-4711-8899-AABBCCDDEEFF"} {
		g := GlobalObjectIDFromUID(u)
		if !bytes.Contains(g, []byte("vCal-Uid\x01\x00\x00\x00"+u+"\x00")) {
			t.Errorf("%s: %x", u, g)
		}
		if got := UIDFromGlobalObjectID(g); got != u {
			t.Errorf("UID round trip %q → %q", u, got)
		}
	}
}

func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*.ics"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		lim := &Limits{MaxBytes: 1 << 16, MaxComponents: 200}
		cals, err := Decode(bytes.NewReader(b), lim)
		if err != nil {
			return
		}
		var enc bytes.Buffer
		if err := Encode(&enc, cals...); err != nil {
			t.Fatal(err)
		}
		cals2, err := Decode(bytes.NewReader(enc.Bytes()), nil)
		if err != nil {
			t.Fatalf("re-decode: %v\n%q", err, enc.String())
		}
		var enc2 bytes.Buffer
		Encode(&enc2, cals2...)
		if !bytes.Equal(enc.Bytes(), enc2.Bytes()) {
			t.Fatalf("unstable:\n%q\n%q", enc.String(), enc2.String())
		}
		// Conversion must not panic, and what it imports must export and
		// import again.
		for _, c := range cals {
			ms, err := ImportCalendar(c, nil)
			if err != nil || len(ms) == 0 {
				continue
			}
			var out bytes.Buffer
			if err := Export(&out, ms, &ExportOptions{Now: fixedNow}); err != nil {
				t.Fatalf("export of imported messages: %v", err)
			}
			if _, err := Import(bytes.NewReader(out.Bytes()), nil); err != nil {
				t.Fatalf("re-import: %v\n%s", err, out.String())
			}
		}
	})
}

func BenchmarkDecode(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join("testdata", "corpus", "outlook_recurring_meeting.ics"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(bytes.NewReader(raw), nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkImport(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join("testdata", "corpus", "outlook_recurring_meeting.ics"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Import(bytes.NewReader(raw), nil); err != nil {
			b.Fatal(err)
		}
	}
}

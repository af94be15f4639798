package oxcmail

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/mapi"
)

var update = flag.Bool("update", false, "rewrite the golden property dumps")

// dump renders a message as a stable text: properties sorted by tag,
// named properties by name, then recipients and attachments in order.
func dump(m *Message) string {
	var b strings.Builder
	dumpInto(&b, m, "")
	return b.String()
}

func dumpInto(b *strings.Builder, m *Message, indent string) {
	dumpProps(b, m.Props, indent)
	dumpNamed(b, m.Named, indent)
	for i, r := range m.Recipients {
		fmt.Fprintf(b, "%srecipient %d:\n", indent, i)
		dumpProps(b, r.Props, indent+"  ")
	}
	for i, a := range m.Attachments {
		fmt.Fprintf(b, "%sattachment %d:\n", indent, i)
		dumpProps(b, a.Props, indent+"  ")
		dumpNamed(b, a.Named, indent+"  ")
		if a.Embedded != nil {
			fmt.Fprintf(b, "%s  embedded:\n", indent)
			dumpInto(b, a.Embedded, indent+"    ")
		}
	}
}

func dumpProps(b *strings.Builder, props []mapi.PropValue, indent string) {
	ps := append([]mapi.PropValue(nil), props...)
	sort.Slice(ps, func(i, j int) bool { return ps[i].Tag < ps[j].Tag })
	for _, p := range ps {
		fmt.Fprintf(b, "%s%s = %s\n", indent, p.Tag, fmtValue(p.Value))
	}
}

func dumpNamed(b *strings.Builder, named []NamedValue, indent string) {
	ns := append([]NamedValue(nil), named...)
	key := func(n NamedValue) string {
		return fmt.Sprintf("%s/%d/%08X/%s", mapi.PropertySetName(n.Name.GUID), n.Name.Kind, n.Name.LID, n.Name.Name)
	}
	sort.Slice(ns, func(i, j int) bool { return key(ns[i]) < key(ns[j]) })
	for _, n := range ns {
		name := n.Name.Name
		if n.Name.Kind == mapi.NameKindID {
			name = fmt.Sprintf("0x%04X", n.Name.LID)
		} else {
			name = fmt.Sprintf("%q", name)
		}
		set := mapi.PropertySetName(n.Name.GUID)
		if set == "" {
			set = n.Name.GUID.String()
		}
		fmt.Fprintf(b, "%snamed %s/%s %s = %s\n", indent, set, name, n.Type, fmtValue(n.Value))
	}
}

func fmtValue(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	case []byte:
		if len(v) <= 48 {
			return fmt.Sprintf("bin[%d] %x", len(v), v)
		}
		return fmt.Sprintf("bin[%d] sha256:%x", len(v), sha256.Sum256(v))
	case time.Time:
		return v.UTC().Format(time.RFC3339Nano)
	case []string:
		return fmt.Sprintf("%q", v)
	default:
		return fmt.Sprintf("%T(%v)", v, v)
	}
}

func corpus(t testing.TB) []string {
	files, err := filepath.Glob("testdata/mail/*.eml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	return files
}

// TestCorpusGolden imports every corpus message and compares its property
// dump with the golden file beside it (go test -update rewrites them).
func TestCorpusGolden(t *testing.T) {
	for _, f := range corpus(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			m, err := Import(raw, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := dump(m)
			golden := strings.TrimSuffix(f, ".eml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if d := cmp.Diff(string(want), got); d != "" {
				t.Errorf("golden mismatch (-want +got):\n%s", d)
			}
		})
	}
}

// roundTripExcluded are properties that describe the transport, not the
// message, and so change on export: the raw header block, and the
// delivery time taken from Received fields (which Export does not write).
var roundTripExcluded = map[mapi.PropTag]bool{
	mapi.PidTagTransportMessageHeaders: true,
	mapi.PidTagMessageDeliveryTime:     true,
}

func stripTransport(m *Message) {
	var keep []mapi.PropValue
	for _, p := range m.Props {
		if !roundTripExcluded[p.Tag] {
			keep = append(keep, p)
		}
	}
	m.Props = keep
	for _, a := range m.Attachments {
		if a.Embedded != nil {
			stripTransport(a.Embedded)
		}
	}
}

// TestCorpusRoundTrip: import → export → import yields the same bag.
func TestCorpusRoundTrip(t *testing.T) {
	for _, f := range corpus(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, _ := os.ReadFile(f)
			m1, err := Import(raw, nil)
			if err != nil {
				t.Fatal(err)
			}
			out, err := Export(m1, &ExportOptions{Options: Options{Seed: 42}, IncludeBcc: true})
			if err != nil {
				t.Fatal(err)
			}
			m2, err := Import(out, nil)
			if err != nil {
				t.Fatalf("re-import: %v\n%s", err, out)
			}
			stripTransport(m1)
			stripTransport(m2)
			if d := cmp.Diff(dump(m1), dump(m2)); d != "" {
				t.Errorf("round trip (-first +second):\n%s\nexported:\n%s", d, out)
			}
			// Export is deterministic under a seed.
			again, _ := Export(m1, &ExportOptions{Options: Options{Seed: 42}, IncludeBcc: true})
			out2, _ := Export(m1, &ExportOptions{Options: Options{Seed: 42}, IncludeBcc: true})
			if !bytes.Equal(again, out2) {
				t.Error("export is not deterministic under a seed")
			}
		})
	}
}

func TestLimits(t *testing.T) {
	nested := "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
	msg := ""
	for i := 0; i < 40; i++ {
		msg += fmt.Sprintf("Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n", i, i)
	}
	_ = nested
	_, err := Import([]byte(msg), nil)
	if !errors.Is(err, ErrTooDeep) {
		t.Fatalf("deep nesting: %v", err)
	}
	var oe *Error
	if !errors.As(err, &oe) || oe.Part == "" {
		t.Fatalf("error not located: %v", err)
	}

	many := "Content-Type: multipart/mixed; boundary=x\r\n\r\n" + strings.Repeat("--x\r\n\r\nhi\r\n", 50) + "--x--\r\n"
	if _, err := Import([]byte(many), &Options{MaxParts: 20}); !errors.Is(err, ErrTooManyParts) {
		t.Fatalf("parts: %v", err)
	}
	if _, err := Import([]byte(many), &Options{MaxMessageBytes: 100}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("size: %v", err)
	}
	big := "Subject: " + strings.Repeat("x", 2000) + "\r\n\r\nbody"
	if _, err := Import([]byte(big), &Options{MaxHeaderBytes: 1000}); !errors.Is(err, ErrHeaderTooBig) {
		t.Fatalf("header: %v", err)
	}
	if _, err := ImportReader(strings.NewReader(many), &Options{MaxMessageBytes: 100}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("reader size: %v", err)
	}
}

func TestSubjectPrefix(t *testing.T) {
	for _, tt := range []struct{ in, prefix, norm string }{
		{"RE: Hello", "RE: ", "Hello"},
		{"Fwd: Hello", "Fwd: ", "Hello"},
		{"AW: Re: x", "AW: ", "Re: x"},
		{"Hello", "", "Hello"},
		{"Meeting at 10: agenda", "", "Meeting at 10: agenda"},
		{"12: numbers", "", "12: numbers"},
		{"Long: prefix", "", "Long: prefix"},
		{"SV: Hej", "SV: ", "Hej"},
	} {
		p, n := splitSubject(tt.in)
		if p != tt.prefix || n != tt.norm {
			t.Errorf("splitSubject(%q) = %q, %q; want %q, %q", tt.in, p, n, tt.prefix, tt.norm)
		}
	}
}

type fakeCalendar struct{ got string }

func (f *fakeCalendar) ImportCalendar(ics []byte, method string, m *Message) error {
	f.got = method + "|" + strings.SplitN(string(ics), "\r\n", 2)[0]
	set(&m.Props, mapi.PidTagMessageClass, "IPM.Schedule.Meeting.Request")
	return nil
}

func TestCalendarHook(t *testing.T) {
	raw, _ := os.ReadFile("testdata/mail/calendar-invite.eml")
	cal := &fakeCalendar{}
	m, err := Import(raw, &Options{Calendar: cal})
	if err != nil {
		t.Fatal(err)
	}
	if cal.got != "REQUEST|BEGIN:VCALENDAR" {
		t.Fatalf("hook called with %q", cal.got)
	}
	if c := m.Prop(mapi.PidTagMessageClass); c != "IPM.Schedule.Meeting.Request" || len(m.Attachments) != 0 {
		t.Fatalf("class %v, %d attachments", c, len(m.Attachments))
	}
}

func TestCharsets(t *testing.T) {
	for _, tt := range []struct{ in, charset, want string }{
		{"caf\xe9", "iso-8859-1", "café"},
		{"\x93quoted\x94", "iso-8859-1", "“quoted”"}, // QUIRK: read as windows-1252
		{"\xf0\xd2\xc9\xd7\xc5\xd4", "koi8-r", "Привет"},
		{"Hi Mom -+Jjo--!", "utf-7", "Hi Mom -☺-!"},
		{"+AKM-1", "UTF-7", "£1"},
		{"a+-b", "utf-7", "a+b"},
		{"\xc3\xa9", "", "é"},
		{"\xe9", "", "é"},
		{"\xe9", "x-unknown-charset", "é"},
	} {
		if got := decodeText([]byte(tt.in), tt.charset); got != tt.want {
			t.Errorf("decodeText(%q, %q) = %q, want %q", tt.in, tt.charset, got, tt.want)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"=?utf-8?q?caf=C3=A9?=", "café"},
		{"=?utf-8?q?a?= =?utf-8?q?b?=", "ab"},
		{"=?utf-8?q?a?==?utf-8?q?b?=", "ab"},
		{"=?iso-8859-1?q?caf=E9?=", "café"},
		{"=?gb2312?B?1tDOxA==?=", "中文"},
		{"=?x-bogus?q?abc?=", "=?x-bogus?q?abc?="},
		{"plain", "plain"},
	} {
		if got := decodeHeader(tt.in); got != tt.want {
			t.Errorf("decodeHeader(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAddresses(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []address
	}{
		{`"Doe, Jane" <jane@example.com>, bob@example.com`, []address{{"Doe, Jane", "jane@example.com"}, {"", "bob@example.com"}}},
		{`=?utf-8?q?J=C3=BCrgen?= <j@example.com>`, []address{{"Jürgen", "j@example.com"}}},
		{`"=?utf-8?q?J=C3=BCrgen?=" <j@example.com>`, []address{{"Jürgen", "j@example.com"}}},
		{`undisclosed-recipients:;`, nil},
		{`John Q. Public <jqp@example.com>`, []address{{"John Q. Public", "jqp@example.com"}}},
		{`a@example.com,`, []address{{"", "a@example.com"}}},
	} {
		got := parseAddressList(tt.in)
		if d := cmp.Diff(tt.want, got, cmp.AllowUnexported(address{})); d != "" {
			t.Errorf("parseAddressList(%q) (-want +got):\n%s", tt.in, d)
		}
	}
}

func FuzzImport(f *testing.F) {
	files, _ := filepath.Glob("testdata/mail/*.eml")
	for _, file := range files {
		b, _ := os.ReadFile(file)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		opts := &Options{MaxMessageBytes: 1 << 20, MaxParts: 200, MaxDepth: 10}
		m, err := Import(data, opts)
		if err != nil {
			var oe *Error
			if !errors.As(err, &oe) {
				t.Fatalf("untyped error: %v", err)
			}
			return
		}
		// Round trip: what we export we must import to the same bag.
		out, err := Export(m, &ExportOptions{Options: Options{Seed: 1}, IncludeBcc: true})
		if err != nil {
			return // e.g. nesting over the limit on export
		}
		m2, err := Import(out, &Options{MaxMessageBytes: 8 << 20, MaxParts: 400, MaxDepth: 12})
		if err != nil {
			t.Fatalf("re-import of our export failed: %v\n%s", err, out)
		}
		out2, err := Export(m2, &ExportOptions{Options: Options{Seed: 1}, IncludeBcc: true})
		if err != nil {
			t.Fatal(err)
		}
		m3, err := Import(out2, &Options{MaxMessageBytes: 8 << 20, MaxParts: 400, MaxDepth: 12})
		if err != nil {
			t.Fatal(err)
		}
		stripTransport(m2)
		stripTransport(m3)
		if d := cmp.Diff(dump(m2), dump(m3)); d != "" {
			t.Fatalf("export→import not stable (-first +second):\n%s", d)
		}
	})
}

// TestExportCorpusForInterop writes the export of every corpus message to
// $OXKIT_OXCMAIL_EXPORT_DIR, for interop/suites/oxcmail.sh to check with
// Python's email package; without the variable there is nothing to do.
func TestExportCorpusForInterop(t *testing.T) {
	dir := os.Getenv("OXKIT_OXCMAIL_EXPORT_DIR")
	if dir == "" {
		t.Skip("OXKIT_OXCMAIL_EXPORT_DIR not set: run by interop/suites/oxcmail.sh")
	}
	for _, f := range corpus(t) {
		raw, _ := os.ReadFile(f)
		m, err := Import(raw, nil)
		if err != nil {
			t.Fatal(err)
		}
		out, err := Export(m, &ExportOptions{Options: Options{Seed: 7}})
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestParseDate(t *testing.T) {
	want := time.Date(2026, 11, 4, 19, 3, 10, 0, time.UTC)
	for _, in := range []string{
		"Wed, 4 Nov 2026 19:03:10 +0000",
		"Wed, 04 Nov 2026 20:03:10 +0100 (CET)",
		"4 Nov 2026 14:03:10 -0500",
		"Wed,4 Nov 2026 14:03:10 EST",
		"Wed, 4 Nov 26 19:03:10 GMT",
		"Wed Nov  4 19:03:10 2026",
		"  Wed, 4 Nov 2026 11:03:10 PST  ",
	} {
		got, ok := parseDate(in)
		if !ok || !got.Equal(want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	if got, ok := parseDate("Wed, 4 Nov 2026 19:03 +0000"); !ok || !got.Equal(want.Add(-10*time.Second)) {
		t.Errorf("no seconds: %v %v", got, ok)
	}
	for _, bad := range []string{"", "yesterday", "32 Nov 2026 10:00:00 +0000", "4 Foo 2026 10:00 +0000", "4 Nov 2026 25:00 +0000"} {
		if _, ok := parseDate(bad); ok {
			t.Errorf("parseDate(%q) accepted", bad)
		}
	}
}

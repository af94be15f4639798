package tz

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oxkit/oxkit/internal/wire"
)

var update = flag.Bool("update", false, "rewrite golden files and fuzz seeds in testdata")

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("time zone database lacks %s: %v", name, err)
	}
	return loc
}

// MS-ASCAL v20150630 section 4 (Sync examples) carry these Calendar:Timezone
// values; their layout is [MS-ASDTYPE] 2.7.6.
var asTimeZoneVectors = []struct {
	name string
	b64  string
	want TimeZoneInformation
}{
	{
		"MS-ASCAL 4.x Pacific (2007 US rule)",
		"4AEAAFAAYQBjAGkAZgBpAGMAIABTAHQAYQBuAGQAYQByAGQAIABUAGkAbQBlAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAsAAAABAAIAAAAAAAAAAAAAAFAAYQBjAGkAZgBpAGMAIABEAGEAeQBsAGkAZwBoAHQAIABUAGkAbQBlAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAMAAAACAAIAAAAAAAAAxP///w==",
		TimeZoneInformation{
			Rule: Rule{Bias: 480, DaylightBias: -60,
				StandardDate: SystemTime{Month: 11, Day: 1, Hour: 2},
				DaylightDate: SystemTime{Month: 3, Day: 2, Hour: 2}},
			StandardName: "Pacific Standard Time", DaylightName: "Pacific Daylight Time",
		},
	},
	{
		"MS-ASCAL 4.x 32-character names without NUL",
		"4AEAACgARwBNAFQALQAwADgAOgAwADAAKQAgAFAAYQBjAGkAZgBpAGMAIABUAGkAbQBlACAAKABVAFMAIAAmACAAQwAAAAsAAAABAAIAAAAAAAAAAAAAACgARwBNAFQALQAwADgAOgAwADAAKQAgAFAAYQBjAGkAZgBpAGMAIABUAGkAbQBlACAAKABVAFMAIAAmACAAQwAAAAMAAAACAAIAAAAAAAAAxP///w==",
		TimeZoneInformation{
			Rule: Rule{Bias: 480, DaylightBias: -60,
				StandardDate: SystemTime{Month: 11, Day: 1, Hour: 2},
				DaylightDate: SystemTime{Month: 3, Day: 2, Hour: 2}},
			StandardName: "(GMT-08:00) Pacific Time (US & C", DaylightName: "(GMT-08:00) Pacific Time (US & C",
		},
	},
	{
		"MS-ASCAL 4.x Pacific (pre-2007 rule)",
		"4AEAAFAAYQBjAGkAZgBpAGMAIABTAHQAYQBuAGQAYQByAGQAIABUAGkAbQBlAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAoAAAAFAAIAAAAAAAAAAAAAAFAAYQBjAGkAZgBpAGMAIABEAGEAeQBsAGkAZwBoAHQAIABUAGkAbQBlAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAAAABAAIAAAAAAAAAxP///w==",
		TimeZoneInformation{
			Rule: Rule{Bias: 480, DaylightBias: -60,
				StandardDate: SystemTime{Month: 10, Day: 5, Hour: 2},
				DaylightDate: SystemTime{Month: 4, Day: 1, Hour: 2}},
			StandardName: "Pacific Standard Time", DaylightName: "Pacific Daylight Time",
		},
	},
}

func TestTimeZoneInformationSpec(t *testing.T) {
	for _, v := range asTimeZoneVectors {
		t.Run(v.name, func(t *testing.T) {
			got, err := ParseTimeZoneInformationBase64(v.b64)
			if err != nil {
				t.Fatal(err)
			}
			if got != v.want {
				t.Fatalf("decode:\n got %+v\nwant %+v", got, v.want)
			}
			if enc := got.Base64(); enc != v.b64 {
				t.Fatalf("encode:\n got %s\nwant %s", enc, v.b64)
			}
		})
	}
}

func TestTimeZoneInformationErrors(t *testing.T) {
	raw, _ := base64.StdEncoding.DecodeString(asTimeZoneVectors[0].b64)
	for _, n := range []int{0, 3, 100, 171} {
		_, err := ParseTimeZoneInformation(raw[:n])
		var te *Error
		if !errors.As(err, &te) || !errors.Is(err, wire.ErrShort) {
			t.Errorf("len %d: err = %v, want *tz.Error wrapping wire.ErrShort", n, err)
		}
	}
	if _, err := ParseTimeZoneInformation(append(raw, 0)); err == nil {
		t.Error("trailing byte accepted")
	}
	if _, err := ParseTimeZoneInformationBase64("%%%"); err == nil {
		t.Error("bad base64 accepted")
	}
}

// Windows registry rules of well-known zones, as Exchange writes them.
var windowsRules = []struct {
	iana string
	year int
	want Rule
}{
	{"Europe/Berlin", 2024, Rule{Bias: -60, DaylightBias: -60,
		StandardDate: SystemTime{Month: 10, Day: 5, Hour: 3}, DaylightDate: SystemTime{Month: 3, Day: 5, Hour: 2}}},
	{"America/New_York", 2024, Rule{Bias: 300, DaylightBias: -60,
		StandardDate: SystemTime{Month: 11, Day: 1, Hour: 2}, DaylightDate: SystemTime{Month: 3, Day: 2, Hour: 2}}},
	{"America/New_York", 2006, Rule{Bias: 300, DaylightBias: -60,
		StandardDate: SystemTime{Month: 10, Day: 5, Hour: 2}, DaylightDate: SystemTime{Month: 4, Day: 1, Hour: 2}}},
	{"Australia/Lord_Howe", 2024, Rule{Bias: -630, DaylightBias: -30,
		StandardDate: SystemTime{Month: 4, Day: 1, Hour: 2}, DaylightDate: SystemTime{Month: 10, Day: 1, Hour: 2}}},
	{"Australia/Sydney", 2024, Rule{Bias: -600, DaylightBias: -60,
		StandardDate: SystemTime{Month: 4, Day: 1, Hour: 3}, DaylightDate: SystemTime{Month: 10, Day: 1, Hour: 2}}},
	{"Asia/Kolkata", 2024, Rule{Bias: -330}},
	{"Europe/London", 2024, Rule{Bias: 0, DaylightBias: -60,
		StandardDate: SystemTime{Month: 10, Day: 5, Hour: 2}, DaylightDate: SystemTime{Month: 3, Day: 5, Hour: 1}}},
	// Dublin's tzdata has negative DST (winter is "daylight"); Windows
	// has it as GMT Standard Time with summer time.
	{"Europe/Dublin", 2024, Rule{Bias: 0, DaylightBias: -60,
		StandardDate: SystemTime{Month: 10, Day: 5, Hour: 2}, DaylightDate: SystemTime{Month: 3, Day: 5, Hour: 1}}},
}

func TestFromLocation(t *testing.T) {
	for _, w := range windowsRules {
		loc := mustLoad(t, w.iana)
		if got := FromLocation(loc, w.year); got != w.want {
			t.Errorf("%s %d:\n got %v\nwant %v", w.iana, w.year, got, w.want)
		}
	}
}

// checkSameOffsets compares loc with want every 30 minutes around each
// transition and every 6 hours across the years.
func checkSameOffsets(t *testing.T, got, want *time.Location, from, to int) {
	t.Helper()
	start := time.Date(from, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(to+1, 1, 1, 0, 0, 0, 0, time.UTC)
	for at := start; at.Before(end); at = at.Add(6 * time.Hour) {
		_, o1 := at.In(got).Zone()
		_, o2 := at.In(want).Zone()
		if o1 != o2 {
			// Find the first differing half hour for the report.
			t.Fatalf("%s vs %s: offset at %v = %d, want %d", got, want, at, o1, o2)
		}
	}
	for _, tr := range transitionsIn(want, start, end, 1<<20) {
		for _, d := range []time.Duration{-time.Second, 0, 30 * time.Minute} {
			p := tr.at.Add(d)
			_, o1 := p.In(got).Zone()
			_, o2 := p.In(want).Zone()
			if o1 != o2 {
				t.Fatalf("%s vs %s: offset at %v = %d, want %d", got, want, p, o1, o2)
			}
		}
	}
}

func TestRuleLocationMatchesIANA(t *testing.T) {
	for _, name := range []string{"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Australia/Sydney", "America/Sao_Paulo"} {
		iana := mustLoad(t, name)
		r := FromLocation(iana, 2025)
		loc, err := r.Location(name)
		if err != nil {
			t.Fatal(err)
		}
		from, to := 2025, 2027
		if name == "America/Sao_Paulo" { // no DST since 2019
			from = 2020
		}
		checkSameOffsets(t, loc, iana, from, to)
	}
}

func TestDefinitionFromLocation(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	d := DefinitionFromLocation(ny, "", 2000, 2030, 2024)
	if d.KeyName != "Eastern Standard Time" {
		t.Errorf("KeyName = %q", d.KeyName)
	}
	if len(d.Rules) != 2 || d.Rules[0].Year != 2000 || d.Rules[1].Year != 2007 {
		t.Fatalf("rules = %+v, want 2000 and 2007", d.Rules)
	}
	if d.Rules[1].Flags != TZRuleFlagEffectiveTZReg|TZRuleFlagRecurCurrentTZReg || d.Rules[0].Flags != 0 {
		t.Errorf("flags = %#x %#x", d.Rules[0].Flags, d.Rules[1].Flags)
	}
	b, err := d.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	d2, err := ParseTZDefinition(b)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := d2.AppendBinary(nil)
	if !bytes.Equal(b, b2) {
		t.Fatalf("round trip differs:\n%x\n%x", b, b2)
	}
	loc, err := d2.Location("")
	if err != nil {
		t.Fatal(err)
	}
	checkSameOffsets(t, loc, ny, 2000, 2035)
	if e, _ := d2.Effective(); e.Year != 2007 {
		t.Errorf("effective year %d", e.Year)
	}
	if r := d2.RuleFor(2005); r != d.Rules[0].Rule {
		t.Errorf("RuleFor(2005) = %v", r)
	}
}

// TZDEFINITION layout of [MS-OXOCAL] 2.2.1.41: the header with KeyName
// "Eastern Standard Time" and one 66-byte TZRule.
func TestTZDefinitionLayout(t *testing.T) {
	d := &TZDefinition{KeyName: "Eastern Standard Time", Rules: []TZRule{{
		Flags: TZRuleFlagEffectiveTZReg | TZRuleFlagRecurCurrentTZReg, Year: 2007,
		Rule: Rule{Bias: 300, DaylightBias: -60,
			StandardDate: SystemTime{Month: 11, Day: 1, Hour: 2}, DaylightDate: SystemTime{Month: 3, Day: 2, Hour: 2}},
	}}}
	b, err := d.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "0201" + "3000" + "0200" + "1500" + hex.EncodeToString(wire.AppendUTF16(nil, "Eastern Standard Time")) + "0100" +
		"0201" + "3e00" + "0300" + "d707" + "0000000000000000000000000000" +
		"2c010000" + "00000000" + "c4ffffff" +
		"00000b00000001000200000000000000" + "00000300000002000200000000000000"
	if got := hex.EncodeToString(b); got != want {
		t.Fatalf("encode:\n got %s\nwant %s", got, want)
	}
	d2, err := ParseTZDefinition(b)
	if err != nil {
		t.Fatal(err)
	}
	if d2.KeyName != d.KeyName || len(d2.Rules) != 1 || d2.Rules[0] != d.Rules[0] || d2.Flags != TZDefinitionFlagValidKeyName {
		t.Fatalf("decode: %+v", d2)
	}
	tzs := TimeZoneStruct{Rule: d.Rules[0].Rule}
	tb, _ := tzs.AppendBinary(nil)
	if len(tb) != TimeZoneStructSize {
		t.Fatalf("TZREG size %d", len(tb))
	}
	tzs2, err := ParseTimeZoneStruct(tb)
	if err != nil || tzs2 != tzs {
		t.Fatalf("TZREG round trip: %v %+v", err, tzs2)
	}
	// Every truncation is a located error, never a panic.
	for n := 0; n < len(b); n++ {
		if _, err := ParseTZDefinition(b[:n]); err == nil {
			t.Fatalf("truncated to %d accepted", n)
		}
	}
}

func TestWindowsIANA(t *testing.T) {
	for _, c := range []struct{ win, iana string }{
		{"W. Europe Standard Time", "Europe/Berlin"},
		{"Eastern Standard Time", "America/New_York"},
		{"Lord Howe Standard Time", "Australia/Lord_Howe"},
		{"India Standard Time", "Asia/Calcutta"},
		{"UTC", "Etc/UTC"},
	} {
		if got, ok := WindowsToIANA(c.win); !ok || got != c.iana {
			t.Errorf("WindowsToIANA(%q) = %q, %v", c.win, got, ok)
		}
		if got, ok := IANAToWindows(c.iana); !ok || got != c.win {
			t.Errorf("IANAToWindows(%q) = %q, %v", c.iana, got, ok)
		}
	}
	for iana, win := range map[string]string{"Asia/Kolkata": "India Standard Time", "America/Detroit": "Eastern Standard Time", "Europe/Kyiv": "FLE Standard Time", "Europe/Zurich": "W. Europe Standard Time"} {
		if got, _ := IANAToWindows(iana); got != win {
			t.Errorf("IANAToWindows(%q) = %q, want %q", iana, got, win)
		}
	}
	// Every golden zone must load from Go's database.
	for win, iana := range windowsToIANA {
		if _, err := time.LoadLocation(iana); err != nil {
			t.Errorf("%s → %s: %v", win, iana, err)
		}
	}
}

func TestResolve(t *testing.T) {
	for in, want := range map[string]string{
		"Europe/Berlin":                         "Europe/Berlin",
		`"W. Europe Standard Time"`:             "Europe/Berlin",
		"/mozilla.org/20050126_1/Europe/Berlin": "Europe/Berlin",
		"Eastern Standard Time":                 "America/New_York",
	} {
		loc, err := Resolve(in)
		if err != nil || loc.String() != want {
			t.Errorf("Resolve(%q) = %v, %v; want %s", in, loc, err, want)
		}
	}
	for _, bad := range []string{"", "Customized Time Zone", "../../etc/passwd", "(UTC+01:00) Amsterdam, Berlin"} {
		if _, err := Resolve(bad); err == nil {
			t.Errorf("Resolve(%q) succeeded", bad)
		}
	}
}

func TestAbsoluteDateRule(t *testing.T) {
	// A rule with absolute dates applies daylight time to its year only.
	r := Rule{Bias: -120, DaylightBias: -60,
		DaylightDate: SystemTime{Year: 2024, Month: 3, Day: 29, Hour: 2},
		StandardDate: SystemTime{Year: 2024, Month: 10, Day: 27, Hour: 2}}
	loc, err := LocationFromRules("X", []YearRule{{Year: 2024, Rule: r}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		at   time.Time
		want int
	}{
		{time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), 3 * 3600},
		{time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), 2 * 3600},
		{time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), 2 * 3600},
		{time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC), 2 * 3600},
	} {
		if _, off := c.at.In(loc).Zone(); off != c.want {
			t.Errorf("%v: offset %d, want %d", c.at, off, c.want)
		}
	}
}

func FuzzTZDefinition(f *testing.F) {
	seedDir(f, "tzdef")
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := ParseTZDefinition(b)
		if err != nil {
			return
		}
		enc, err := d.AppendBinary(nil)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		d2, err := ParseTZDefinition(enc)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		enc2, _ := d2.AppendBinary(nil)
		if !bytes.Equal(enc, enc2) {
			t.Fatalf("unstable:\n%x\n%x", enc, enc2)
		}
		_, _ = d2.Location("fuzz")
	})
}

func FuzzTimeZoneInformation(f *testing.F) {
	for _, v := range asTimeZoneVectors {
		raw, _ := base64.StdEncoding.DecodeString(v.b64)
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		z, err := ParseTimeZoneInformation(b)
		if err != nil {
			return
		}
		enc, _ := z.AppendBinary(nil)
		z2, err := ParseTimeZoneInformation(enc)
		if err != nil || z2.Rule != z.Rule {
			t.Fatalf("round trip: %v\n%+v\n%+v", err, z, z2)
		}
		_, _ = z.Rule.Location("fuzz")
	})
}

// seedDir adds every file of testdata/<dir> as a seed; with -update it
// first writes the current seeds there.
func seedDir(f *testing.F, dir string) {
	path := filepath.Join("testdata", dir)
	if *update {
		os.MkdirAll(path, 0o755)
		ny, err := time.LoadLocation("America/New_York")
		if err == nil {
			b, _ := DefinitionFromLocation(ny, "", 2000, 2030, 2024).AppendBinary(nil)
			os.WriteFile(filepath.Join(path, "new_york_2000_2030.bin"), b, 0o644)
		}
		lh, err := time.LoadLocation("Australia/Lord_Howe")
		if err == nil {
			b, _ := DefinitionFromLocation(lh, "", 2024, 2024, 2024).AppendBinary(nil)
			os.WriteFile(filepath.Join(path, "lord_howe.bin"), b, 0o644)
		}
	}
	ents, _ := os.ReadDir(path)
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(path, e.Name()))
		if err == nil {
			f.Add(b)
		}
	}
}

func BenchmarkFromLocation(b *testing.B) {
	loc := mustLoad(b, "Europe/Berlin")
	b.ReportAllocs()
	for b.Loop() {
		FromLocation(loc, 2025)
	}
}

func TestDefinitionLocationSouthern(t *testing.T) {
	for _, name := range []string{"Australia/Sydney", "Australia/Lord_Howe", "Europe/Berlin", "America/Santiago"} {
		iana := mustLoad(t, name)
		d := DefinitionFromLocation(iana, "", 2005, 2026, 2025)
		b, _ := d.AppendBinary(nil)
		d2, err := ParseTZDefinition(b)
		if err != nil {
			t.Fatal(err)
		}
		loc, err := d2.Location(name)
		if err != nil {
			t.Fatal(err)
		}
		to := 2030
		if name == "America/Santiago" { // rules change often; compare the covered years
			to = 2026
		}
		checkSameOffsets(t, loc, iana, 2005, to)
	}
}

func TestMatchWindows(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	r := FromLocation(berlin, 2025)
	got, ok := MatchWindows(r, 2025, "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna")
	if !ok || got != "W. Europe Standard Time" {
		t.Errorf("display name: %q %v", got, ok)
	}
	got, ok = MatchWindows(r, 2025, "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris")
	if !ok || got != "Romance Standard Time" {
		t.Errorf("Paris: %q %v", got, ok)
	}
	lh := FromLocation(mustLoad(t, "Australia/Lord_Howe"), 2025)
	if got, _ := MatchWindows(lh, 2025, "Customized Time Zone"); got != "Lord Howe Standard Time" {
		t.Errorf("Lord Howe rule: %q", got)
	}
	if _, ok := MatchWindows(Rule{Bias: -17}, 2025, ""); ok {
		t.Error("a -00:17 zone matched")
	}
}

func TestTimeZoneInformationFromLocation(t *testing.T) {
	la := mustLoad(t, "America/Los_Angeles")
	z := TimeZoneInformationFromLocation(la, 2025)
	// The same structure as the MS-ASCAL example, built from the IANA zone.
	if z != asTimeZoneVectors[0].want {
		t.Fatalf("got %+v\nwant %+v", z, asTimeZoneVectors[0].want)
	}
	if z.Base64() != asTimeZoneVectors[0].b64 {
		t.Fatal("base64 differs from the MS-ASCAL example")
	}
}

// TestGeneratedTable checks zwindowszones.go against windowszones.txt (run
// go generate after editing the data file).
func TestGeneratedTable(t *testing.T) {
	raw, err := os.ReadFile("windowszones.txt")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(raw), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		win, rest, _ := strings.Cut(line, "\t")
		names := strings.Fields(rest)
		n++
		if got := windowsToIANA[win]; got != names[0] {
			t.Errorf("%s: generated %q, data %q", win, got, names[0])
		}
		for _, iana := range names {
			if got, ok := ianaToWindows[iana]; !ok {
				t.Errorf("%s missing from ianaToWindows", iana)
			} else if got != win && windowsToIANA[got] == "" {
				t.Errorf("%s → %s, not a known Windows zone", iana, got)
			}
		}
	}
	if n != len(windowsToIANA) {
		t.Errorf("data has %d zones, generated table %d: run go generate", n, len(windowsToIANA))
	}
}

// FromLocation must also read zones whose rules are a TZ footer string
// (Go's zoneinfo.zip, time/tzdata, and Rule.Location's own output), where
// time.Time.ZoneBounds reports year-clipped bounds.
func TestFromLocationFooterRules(t *testing.T) {
	for _, w := range windowsRules {
		loc, err := w.want.Location("footer")
		if err != nil {
			t.Fatal(err)
		}
		if got := FromLocation(loc, w.year); got != w.want {
			t.Errorf("%s %d via footer rule:\n got %v\nwant %v", w.iana, w.year, got, w.want)
		}
	}
}

func TestSeriesLocation(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	def := DefinitionFromLocation(ny, "", 2000, 2030, 2025)
	db, _ := def.AppendBinary(nil)
	ts := TimeZoneStructFromLocation(ny, 2025)
	tb, _ := ts.AppendBinary(nil)
	// Consistent: the definition (with its pre-2007 rule) is used.
	loc, err := SeriesLocation(db, tb, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, off := time.Date(2006, 3, 20, 12, 0, 0, 0, time.UTC).In(loc).Zone(); off != -5*3600 {
		t.Errorf("2006 offset %d: the definition's 2000 rule was not used", off)
	}
	// Inconsistent (a legacy client changed the struct): the struct wins.
	berlin := TimeZoneStructFromLocation(mustLoad(t, "Europe/Berlin"), 2025)
	bb, _ := berlin.AppendBinary(nil)
	loc, err = SeriesLocation(db, bb, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, off := time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC).In(loc).Zone(); off != 2*3600 {
		t.Errorf("inconsistent: offset %d, want Berlin's", off)
	}
	if _, err := SeriesLocation(nil, nil, ""); err == nil {
		t.Error("no input accepted")
	}
	if loc, err := SeriesLocation(nil, tb, "x"); err != nil || loc.String() != "x" {
		t.Errorf("struct only: %v %v", loc, err)
	}
}

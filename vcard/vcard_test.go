package vcard

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

	"github.com/oxkit/oxkit/mapi"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

func corpus(t testing.TB) []string {
	files, err := filepath.Glob(filepath.Join("testdata", "corpus", "*.vcf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	return files
}

func importFile(t testing.TB, path string) []*Contact {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cs, err := Import(f, nil)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return cs
}

func dumpAll(cs []*Contact) string {
	var b strings.Builder
	for i, c := range cs {
		fmt.Fprintf(&b, "== contact %d\n%s", i, c.Dump())
	}
	return b.String()
}

func TestCorpus(t *testing.T) {
	for _, path := range corpus(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			got := dumpAll(importFile(t, path))
			golden := strings.TrimSuffix(path, ".vcf") + ".golden"
			if *update {
				os.WriteFile(golden, []byte(got), 0o644)
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("dump differs from %s (run with -update after checking):\n--- got\n%s", golden, got)
			}
		})
	}
}

// Spot checks of what each client shape must give.
func TestCorpusValues(t *testing.T) {
	get := func(c *Contact, tag mapi.PropTag) any { v, _ := c.Get(tag); return v }
	getN := func(c *Contact, np mapi.NamedProp) any { v, _ := c.GetNamed(np); return v }
	ol := importFile(t, filepath.Join("testdata", "corpus", "outlook_21_cp1252.vcf"))[0]
	checks := []struct {
		name      string
		got, want any
	}{
		{"Outlook surname (Windows-1252)", get(ol, mapi.PidTagSurname), "Müller"},
		{"Outlook note (QP soft break)", get(ol, mapi.PidTagBody), "Kunde seit 2019.\r\nAnsprechpartner für alle Bestellungen; bitte immer CC an das Team."},
		{"Outlook second work phone", get(ol, mapi.PidTagBusiness2TelephoneNumber), "+49 30 1234568"},
		{"Outlook business fax", get(ol, mapi.PidTagBusinessFaxNumber), "+49 30 1234569"},
		{"Outlook assistant phone", get(ol, mapi.PidTagAssistantTelephoneNumber), "+49 30 1234570"},
		{"Outlook work street", getN(ol, mapi.PidLidWorkAddressStreet), "Friedrichstraße 100"},
		{"Outlook default address", getN(ol, mapi.PidLidPostalAddressId), int32(2)},
		{"Outlook e-mail 1", getN(ol, mapi.PidLidEmail1EmailAddress), "juergen.mueller@contoso.example"},
		{"Outlook children", fmt.Sprint(get(ol, mapi.PidTagChildrensNames)), "[Lena Tim]"},
		{"Outlook anniversary", get(ol, mapi.PidTagWeddingAnniversary), time.Date(2005, 6, 18, 0, 0, 0, 0, time.UTC)},
	}
	an := importFile(t, filepath.Join("testdata", "corpus", "android_21_utf8_qp.vcf"))[0]
	checks = append(checks, []struct {
		name      string
		got, want any
	}{
		{"Android FN", get(an, mapi.PidTagDisplayName), "田中 太郎"},
		{"Android city (QP soft break)", get(an, mapi.PidTagHomeAddressCity), "東京"},
		{"Android third e-mail", getN(an, mapi.PidLidEmail3EmailAddress), "taro.tanaka@mail.example"},
		{"Android mobile", get(an, mapi.PidTagMobileTelephoneNumber), "+81-90-1234-5678"},
	}...)
	ap := importFile(t, filepath.Join("testdata", "corpus", "apple_30.vcf"))[0]
	checks = append(checks, []struct {
		name      string
		got, want any
	}{
		{"Apple note escapes", get(ap, mapi.PidTagBody), "Met at WWDC, room 3.\r\nLikes apples; pears too."},
		{"Apple pref e-mail first", getN(ap, mapi.PidLidEmail1EmailAddress), "johnny@apple.example"},
		{"Apple home address pref", getN(ap, mapi.PidLidPostalAddressId), int32(1)},
		{"Apple IM", getN(ap, mapi.PidLidInstantMessagingAddress), "johnny@jabber.example"},
		{"Apple photo", len(ap.Attachments), 1},
	}...)
	tb := importFile(t, filepath.Join("testdata", "corpus", "thunderbird_40.vcf"))[0]
	checks = append(checks, []struct {
		name      string
		got, want any
	}{
		{"4.0 gender", get(tb, mapi.PidTagGender), int16(1)},
		{"4.0 tel: URI", get(tb, mapi.PidTagMobileTelephoneNumber), "+91-98450-12345"},
		{"4.0 fax", get(tb, mapi.PidTagBusinessFaxNumber), "+91-80-4000-1299"},
		{"4.0 anniversary", get(tb, mapi.PidTagWeddingAnniversary), time.Date(2015, 2, 14, 0, 0, 0, 0, time.UTC)},
		{"4.0 data: photo", len(tb.Attachments), 1},
	}...)
	for _, c := range checks {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("%s: got %q, want %q", c.name, fmt.Sprint(c.got), fmt.Sprint(c.want))
		}
	}
}

func exportString(t testing.TB, cs []*Contact, ver string) string {
	t.Helper()
	var b bytes.Buffer
	if err := Export(&b, cs, &ExportOptions{Version: ver}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var keyTags = []mapi.PropTag{mapi.PidTagDisplayName, mapi.PidTagSurname, mapi.PidTagGivenName, mapi.PidTagMiddleName,
	mapi.PidTagCompanyName, mapi.PidTagDepartmentName, mapi.PidTagTitle, mapi.PidTagBody, mapi.PidTagBirthday,
	mapi.PidTagWeddingAnniversary, mapi.PidTagBusinessTelephoneNumber, mapi.PidTagBusiness2TelephoneNumber,
	mapi.PidTagHomeTelephoneNumber, mapi.PidTagMobileTelephoneNumber, mapi.PidTagBusinessFaxNumber,
	mapi.PidTagPagerTelephoneNumber, mapi.PidTagAssistantTelephoneNumber, mapi.PidTagCompanyMainTelephoneNumber,
	mapi.PidTagHomeAddressStreet, mapi.PidTagHomeAddressCity, mapi.PidTagHomeAddressCountry, mapi.PidTagGender,
	mapi.PidTagChildrensNames, mapi.PidTagManagerName, mapi.PidTagSpouseName, mapi.PidTagNickname}

var keyNamed = []mapi.NamedProp{mapi.PidLidEmail1EmailAddress, mapi.PidLidEmail2EmailAddress, mapi.PidLidEmail3EmailAddress,
	mapi.PidLidWorkAddressStreet, mapi.PidLidWorkAddressCity, mapi.PidLidWorkAddressPostalCode, mapi.PidLidPostalAddressId,
	mapi.PidNameKeywords, mapi.PidLidInstantMessagingAddress, mapi.PidLidHasPicture}

// TestRoundTrip exports every corpus contact as 2.1, 3.0 and 4.0 and
// imports it again: the key properties survive, and a second cycle is a
// fixed point.
func TestRoundTrip(t *testing.T) {
	for _, path := range corpus(t) {
		for _, ver := range []string{"2.1", "3.0", "4.0"} {
			t.Run(filepath.Base(path)+" "+ver, func(t *testing.T) {
				c0 := importFile(t, path)
				e1 := exportString(t, c0, ver)
				c1, err := Import(strings.NewReader(e1), nil)
				if err != nil {
					t.Fatalf("re-import: %v\n%s", err, e1)
				}
				e2 := exportString(t, c1, ver)
				if e1 != e2 {
					t.Fatalf("export not stable:\n%s\n----\n%s", e1, e2)
				}
				for i := range c0 {
					for _, tag := range keyTags {
						a, _ := c0[i].Get(tag)
						b, _ := c1[i].Get(tag)
						if fmt.Sprint(a) != fmt.Sprint(b) {
							t.Errorf("contact %d %v: %q, then %q", i, tag, fmt.Sprint(a), fmt.Sprint(b))
						}
					}
					for _, np := range keyNamed {
						a, _ := c0[i].GetNamed(np)
						b, _ := c1[i].GetNamed(np)
						if fmt.Sprint(a) != fmt.Sprint(b) {
							t.Errorf("contact %d %v: %q, then %q", i, np, fmt.Sprint(a), fmt.Sprint(b))
						}
					}
					if len(c0[i].Attachments) != len(c1[i].Attachments) {
						t.Errorf("contact %d: %d attachments, then %d", i, len(c0[i].Attachments), len(c1[i].Attachments))
					}
					for j := range c0[i].Attachments {
						if fmt.Sprint(c0[i].Attachments[j].Props) != fmt.Sprint(c1[i].Attachments[j].Props) {
							t.Errorf("contact %d photo changed", i)
						}
					}
				}
			})
		}
	}
}

func TestQuotedPrintableExport(t *testing.T) {
	c := &Contact{}
	c.Set(mapi.PidTagDisplayName, "Zoë Ünal")
	c.Set(mapi.PidTagSurname, "Ünal")
	c.Set(mapi.PidTagBody, strings.Repeat("Line with ümlauts and = signs. ", 6)+"\nSecond line")
	out := exportString(t, []*Contact{c}, "2.1")
	if !strings.Contains(out, "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Zo=C3=AB =C3=9Cnal\r\n") {
		t.Errorf("FN not quoted-printable:\n%s", out)
	}
	back, err := Import(strings.NewReader(out), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := back[0].Get(mapi.PidTagBody); got != strings.Repeat("Line with ümlauts and = signs. ", 6)+"\r\nSecond line" {
		t.Errorf("body %q", got)
	}
}

func TestLimits(t *testing.T) {
	cases := []struct {
		name string
		in   string
		lim  *Limits
	}{
		{"line", "BEGIN:VCARD\nNOTE:" + strings.Repeat("x", 5000) + "\nEND:VCARD\n", &Limits{MaxLineBytes: 1000}},
		{"QP continuation", "BEGIN:VCARD\nNOTE;ENCODING=QUOTED-PRINTABLE:" + strings.Repeat("x=\n", 2000) + "\nEND:VCARD\n", &Limits{MaxLineBytes: 1000}},
		{"cards", strings.Repeat("BEGIN:VCARD\nFN:a\nEND:VCARD\n", 20), &Limits{MaxCards: 5}},
		{"props", "BEGIN:VCARD\n" + strings.Repeat("TEL:1\n", 100) + "END:VCARD\n", &Limits{MaxProps: 50}},
		{"bytes", strings.Repeat("BEGIN:VCARD\nFN:a\nEND:VCARD\n", 100), &Limits{MaxBytes: 500}},
	}
	for _, c := range cases {
		_, err := Decode(strings.NewReader(c.in), c.lim)
		var pe *ParseError
		if !errors.Is(err, ErrLimit) || !errors.As(err, &pe) {
			t.Errorf("%s: err = %v, want located ErrLimit", c.name, err)
		}
	}
	for _, bad := range []string{"", "FN:x\n", "BEGIN:VCARD\nFN:x\n", "BEGIN:VCARD\nBEGIN:VCARD\n", "BEGIN:VCALENDAR\n", "BEGIN:VCARD\nPHOTO;ENCODING=b:!!!\nEND:VCARD\n"} {
		if _, err := Decode(strings.NewReader(bad), nil); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*.vcf"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		cs, err := Import(bytes.NewReader(b), &Limits{MaxBytes: 1 << 16})
		if err != nil {
			return
		}
		for _, ver := range []string{"2.1", "3.0", "4.0"} {
			var e1 bytes.Buffer
			if err := Export(&e1, cs, &ExportOptions{Version: ver}); err != nil {
				t.Fatal(err)
			}
			c1, err := Import(bytes.NewReader(e1.Bytes()), nil)
			if err != nil {
				t.Fatalf("%s re-import: %v\n%q", ver, err, e1.String())
			}
			var e2 bytes.Buffer
			Export(&e2, c1, &ExportOptions{Version: ver})
			c2, err := Import(bytes.NewReader(e2.Bytes()), nil)
			if err != nil {
				t.Fatalf("%s second re-import: %v", ver, err)
			}
			if dumpAll(c1) != dumpAll(c2) {
				t.Fatalf("%s unstable:\n%s\n----\n%s", ver, dumpAll(c1), dumpAll(c2))
			}
		}
	})
}

func BenchmarkImport(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join("testdata", "corpus", "outlook_21_cp1252.vcf"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Import(bytes.NewReader(raw), nil); err != nil {
			b.Fatal(err)
		}
	}
}

package ews

import (
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// TestDecodeCodepage decodes HTML bodies in the charsets mail arrives in
// ([MS-OXCMAIL] 2.2.3.3.1 PidTagInternetCodepage).
func TestDecodeCodepage(t *testing.T) {
	mustEnc := func(b []byte, err error) []byte {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	sjis := mustEnc(japanese.ShiftJIS.NewEncoder().Bytes([]byte("<p>こんにちは</p>")))
	iso2022 := mustEnc(japanese.ISO2022JP.NewEncoder().Bytes([]byte("<p>日本語</p>")))
	gbk := mustEnc(simplifiedchinese.GBK.NewEncoder().Bytes([]byte("<p>中文</p>")))
	koi8 := mustEnc(charmap.KOI8R.NewEncoder().Bytes([]byte("<p>Привет</p>")))
	greek := mustEnc(charmap.ISO8859_7.NewEncoder().Bytes([]byte("<p>Καλημέρα</p>")))
	utf16 := mustEnc(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("<p>Grüße</p>")))
	metaCyr := append([]byte(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body>`),
		mustEnc(charmap.Windows1251.NewEncoder().Bytes([]byte("Привет</body></html>")))...)
	metaCharset := append([]byte(`<meta charset="iso-8859-2"><p>`), mustEnc(charmap.ISO8859_2.NewEncoder().Bytes([]byte("Zażółć")))...)
	for _, tc := range []struct {
		name string
		in   []byte
		cp   int64
		want string
	}{
		{"utf-8", []byte("<p>Grüße €</p>"), 65001, "<p>Grüße €</p>"},
		{"no code page, valid utf-8", []byte("<p>Grüße</p>"), 0, "<p>Grüße</p>"},
		{"shift_jis", sjis, 932, "<p>こんにちは</p>"},
		{"iso-2022-jp", iso2022, 50220, "<p>日本語</p>"},
		{"gbk", gbk, 936, "<p>中文</p>"},
		{"koi8-r", koi8, 20866, "<p>Привет</p>"},
		{"iso-8859-7", greek, 28597, "<p>Καλημέρα</p>"},
		{"windows-1252", []byte("<p>caf\xe9 \x80</p>"), 1252, "<p>café €</p>"},
		{"utf-16 with BOM", utf16, 1200, "<p>Grüße</p>"},
		{"utf-8 BOM wins over code page", []byte("\xef\xbb\xbf<p>ü</p>"), 1252, "<p>ü</p>"},
		{"meta http-equiv when the code page says utf-8 but is not", metaCyr, 65001, `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body>Привет</body></html>`},
		{"meta charset without a code page", metaCharset, 0, `<meta charset="iso-8859-2"><p>Zażółć`},
		{"unknown code page, 8-bit: windows-1252", []byte("<p>na\xefve</p>"), 12345, "<p>naïve</p>"},
		{"invalid utf-8 under utf-8: windows-1252", []byte("<p>\xe9t\xe9</p>"), 65001, "<p>été</p>"},
		{"us-ascii that is utf-8", []byte("<p>ü</p>"), 20127, "<p>ü</p>"},
		{"bad shift_jis bytes become U+FFFD", []byte("<p>\x81</p>"), 932, "<p>\ufffd</p>"},
	} {
		if got := decodeCodepage(tc.in, tc.cp); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

package oxcmail

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
)

// errUnknownCharset is returned for a charset no decoder exists for.
var errUnknownCharset = errors.New("unknown charset")

// lookupCharset finds the decoder of a MIME charset name. It tries the
// WHATWG labels first, then the IANA registry.
//
// QUIRK: through the WHATWG table iso-8859-1 and us-ascii decode as
// windows-1252, and gb2312 as gbk, as every browser and Thunderbird do:
// mail labelled Latin-1 routinely carries Windows "smart quotes" in
// 0x80–0x9F.
func lookupCharset(name string) (encoding.Encoding, error) {
	n := strings.ToLower(strings.Trim(strings.TrimSpace(name), `"'`))
	switch n {
	case "", "us-ascii", "ascii", "utf-8", "utf8":
		return unicode.UTF8, nil
	case "utf-7", "unicode-1-1-utf-7", "csunicode11utf7":
		return nil, nil // handled by decodeUTF7
	}
	if e, err := htmlindex.Get(n); err == nil && e != nil {
		return e, nil
	}
	if e, err := ianaindex.IANA.Encoding(n); err == nil && e != nil {
		return e, nil
	}
	// QUIRK: common misspellings seen in the wild.
	switch strings.ReplaceAll(n, "_", "-") {
	case "latin1", "iso8859-1", "iso-8859-1":
		return charmap.Windows1252, nil
	case "cp1252", "windows1252":
		return charmap.Windows1252, nil
	case "ks-c-5601-1987":
		return htmlindex.Get("euc-kr")
	}
	return nil, fmt.Errorf("%w %q", errUnknownCharset, name)
}

// decodeCharset converts b from charset to UTF-8. Invalid sequences become
// U+FFFD; an unknown charset is an error (the caller falls back).
func decodeCharset(b []byte, charset string) (string, error) {
	e, err := lookupCharset(charset)
	if err != nil {
		return "", err
	}
	if e == nil {
		return decodeUTF7(b), nil
	}
	if e == unicode.UTF8 {
		if utf8.Valid(b) {
			return string(b), nil
		}
		return strings.ToValidUTF8(string(b), "\uFFFD"), nil
	}
	out, err := e.NewDecoder().Bytes(b)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// decodeText converts body text of a declared charset to UTF-8. With no
// or an unknown charset, valid UTF-8 stays as it is and anything else is
// read as windows-1252.
//
// QUIRK: undeclared 8-bit text is what mobile clients and scripts send;
// Outlook and Thunderbird read it in the system code page, which for most
// senders of such mail is windows-1252.
func decodeText(b []byte, charset string) string {
	if charset != "" {
		if s, err := decodeCharset(b, charset); err == nil {
			return s
		}
	}
	if utf8.Valid(b) {
		return string(b)
	}
	s, _ := charmap.Windows1252.NewDecoder().Bytes(b)
	return string(s)
}

// decodeUTF7 decodes RFC 2152 UTF-7 (not supported by x/text).
func decodeUTF7(b []byte) string {
	var out strings.Builder
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '+' {
			out.WriteByte(c)
			continue
		}
		j := i + 1
		for j < len(b) && isB64(b[j]) {
			j++
		}
		if j == i+1 {
			// "+-" is a literal plus; a lone + is kept.
			out.WriteByte('+')
			if j < len(b) && b[j] == '-' {
				i = j
			}
			continue
		}
		raw := b[i+1 : j]
		dec := make([]byte, base64.RawStdEncoding.DecodedLen(len(raw)))
		n, _ := base64.RawStdEncoding.Decode(dec, raw[:len(raw)-len(raw)%4+min(len(raw)%4, 3)])
		dec = dec[:n]
		u := make([]uint16, 0, len(dec)/2)
		for k := 0; k+1 < len(dec); k += 2 {
			u = append(u, uint16(dec[k])<<8|uint16(dec[k+1]))
		}
		out.WriteString(string(utf16.Decode(u)))
		i = j - 1
		if j < len(b) && b[j] == '-' {
			i = j
		}
	}
	return out.String()
}

func isB64(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
}

// wordDecoder decodes RFC 2047 encoded words with every charset x/text knows.
var wordDecoder = &mime.WordDecoder{CharsetReader: func(charset string, input io.Reader) (io.Reader, error) {
	b, err := io.ReadAll(io.LimitReader(input, 1<<20))
	if err != nil {
		return nil, err
	}
	s, err := decodeCharset(b, charset)
	if err != nil {
		return nil, err
	}
	return strings.NewReader(s), nil
}}

// decodeHeader decodes a header value's encoded words and raw 8-bit text.
//
// QUIRKS, all seen in mail from real clients:
//   - encoded words inside quoted strings ("=?utf-8?Q?M=C3=BCller?=" <a@b>)
//     are decoded (RFC 2047 5 forbids them; Outlook and Gmail decode them);
//   - adjacent encoded words separated by white space are joined without
//     the space (RFC 2047 6.2), and so are words with no space between;
//   - an encoded word whose charset is unknown is kept as it stands;
//   - raw 8-bit bytes (no encoded word) are UTF-8 when valid, else
//     windows-1252 (RFC 6532 allows UTF-8; older mailers send Latin-1).
func decodeHeader(v string) string {
	if !strings.Contains(v, "=?") {
		return decodeText([]byte(v), "")
	}
	// Split glued words "?==?" so the decoder sees them as separate words.
	v = strings.ReplaceAll(v, "?==?", "?= =?")
	s, err := wordDecoder.DecodeHeader(v)
	if err != nil {
		return decodeText([]byte(v), "")
	}
	return decodeText([]byte(s), "")
}

// codepageOf (read-only) maps charset names to Windows code pages for
// PidTagInternetCodepage ([MS-OXCMAIL] 2.2.3.3.1).
var codepageOf = map[string]int32{
	"utf-8": 65001, "us-ascii": 20127, "iso-8859-1": 28591, "iso-8859-2": 28592, "iso-8859-3": 28593,
	"iso-8859-4": 28594, "iso-8859-5": 28595, "iso-8859-6": 28596, "iso-8859-7": 28597, "iso-8859-8": 28598,
	"iso-8859-9": 28599, "iso-8859-13": 28603, "iso-8859-15": 28605, "windows-1250": 1250, "windows-1251": 1251,
	"windows-1252": 1252, "windows-1253": 1253, "windows-1254": 1254, "windows-1255": 1255, "windows-1256": 1256,
	"windows-1257": 1257, "windows-1258": 1258, "koi8-r": 20866, "koi8-u": 21866, "shift_jis": 932,
	"euc-jp": 51932, "iso-2022-jp": 50220, "gb2312": 936, "gbk": 936, "gb18030": 54936, "big5": 950,
	"euc-kr": 51949, "ks_c_5601-1987": 949, "utf-7": 65000, "utf-16": 1200,
}

// charsetOfCodepage is the reverse of codepageOf for export.
func charsetOfCodepage(cp int32) string {
	best := ""
	for name, c := range codepageOf {
		if c == cp && (best == "" || name < best) {
			best = name
		}
	}
	return best
}

// codepage returns the code page of a charset name, 0 if unknown.
func codepage(charset string) int32 {
	return codepageOf[strings.ToLower(strings.TrimSpace(charset))]
}

// has8bit reports whether b has bytes above 0x7F.
func has8bit(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

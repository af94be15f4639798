package ews

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// htmlCodepageNames maps the Windows code pages PidTagInternetCodepage
// holds ([MS-OXCMAIL] 2.2.3.3.1: the MIME charset of the HTML part) to
// WHATWG encoding labels golang.org/x/text/encoding/htmlindex knows.
// Read-only.
var htmlCodepageNames = map[int64]string{
	437: "ibm437", 850: "ibm850", 852: "ibm852", 855: "ibm855", 857: "ibm857",
	860: "ibm860", 862: "ibm862", 863: "ibm863", 865: "ibm865", 866: "ibm866",
	874: "windows-874", 932: "shift_jis", 936: "gbk", 949: "euc-kr", 950: "big5",
	1200: "utf-16le", 1201: "utf-16be", 1250: "windows-1250", 1251: "windows-1251",
	1252: "windows-1252", 1253: "windows-1253", 1254: "windows-1254", 1255: "windows-1255",
	1256: "windows-1256", 1257: "windows-1257", 1258: "windows-1258", 10000: "macintosh",
	10007: "x-mac-cyrillic", 20127: "us-ascii", 20866: "koi8-r", 20932: "euc-jp",
	21866: "koi8-u", 28591: "iso-8859-1", 28592: "iso-8859-2", 28593: "iso-8859-3",
	28594: "iso-8859-4", 28595: "iso-8859-5", 28596: "iso-8859-6", 28597: "iso-8859-7",
	28598: "iso-8859-8", 28599: "iso-8859-9", 28600: "iso-8859-10", 28603: "iso-8859-13",
	28604: "iso-8859-14", 28605: "iso-8859-15", 28606: "iso-8859-16", 38598: "iso-8859-8-i",
	50220: "iso-2022-jp", 50221: "iso-2022-jp", 50222: "iso-2022-jp", 51932: "euc-jp",
	51936: "gbk", 51949: "euc-kr", 52936: "hz-gb-2312", 54936: "gb18030", 65001: "utf-8",
}

// maxCharsetSniff bounds the bytes searched for a <meta> charset (the
// HTML standard's prescan looks at the first 1024).
const maxCharsetSniff = 1024

// decodeCodepage decodes an HTML body (PidTagHtml) stored in code page cp
// to UTF-8 text. The order is that of a browser given a transport
// charset: a byte order mark wins; then the code page (the MIME
// Content-Type charset the body arrived with) when known; bytes that are
// not valid UTF-8 under a UTF-8, ASCII, missing or unknown code page are
// decoded by the document's own <meta charset> or <meta http-equiv
// Content-Type> declaration, else as Windows-1252 (the WHATWG default).
// Invalid sequences become U+FFFD; it never fails.
func decodeCodepage(b []byte, cp int64) string {
	if e, n := bomEncoding(b); e != nil {
		return decodeWith(e, b[n:])
	}
	var e encoding.Encoding
	if name, ok := htmlCodepageNames[cp]; ok {
		e, _ = htmlindex.Get(name)
	}
	switch {
	case e == nil, e == encoding.Nop, e == unicode.UTF8:
		// 8-bit ASCII is common mislabelling of UTF-8 or Western text.
		if utf8.Valid(b) {
			return string(b)
		}
		e = sniffMetaCharset(b)
		if e == nil || e == unicode.UTF8 {
			e = charmap.Windows1252
		}
	case cp == 20127 && utf8.Valid(b):
		return string(b)
	}
	return decodeWith(e, b)
}

// bomEncoding returns the encoding of a leading byte order mark and its
// length.
func bomEncoding(b []byte) (encoding.Encoding, int) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return unicode.UTF8, 3
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), 2
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), 2
	}
	return nil, 0
}

// sniffMetaCharset returns the encoding a <meta> element in the start of
// b declares (the HTML standard's prescan, golang.org/x/net/html/charset),
// nil when there is none. UTF-16 declarations are ignored, as browsers
// ignore them in 8-bit bytes.
func sniffMetaCharset(b []byte) encoding.Encoding {
	e, name, certain := charset.DetermineEncoding(b[:min(len(b), maxCharsetSniff)], "text/html")
	if !certain && name == "windows-1252" {
		// DetermineEncoding's default, not a declaration.
		return nil
	}
	if name == "utf-16le" || name == "utf-16be" {
		return nil
	}
	return e
}

// decodeWith decodes b with e; should e fail (it replaces invalid input
// with U+FFFD, so this is defensive), b is read as Windows-1252.
func decodeWith(e encoding.Encoding, b []byte) string {
	out, err := e.NewDecoder().Bytes(b)
	if err != nil {
		out, _ = charmap.Windows1252.NewDecoder().Bytes(b)
	}
	return string(out)
}

package oxcmail

import (
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// windowsCodepage returns the decoder of a Windows code page number, as
// used by RTF's \ansicpgN and TNEF's attOemCodepage, or nil for 65001
// (UTF-8), 20127 (US-ASCII) and code pages this package does not know.
func windowsCodepage(cp int) encoding.Encoding {
	switch cp {
	case 437:
		return charmap.CodePage437
	case 850:
		return charmap.CodePage850
	case 852:
		return charmap.CodePage852
	case 855:
		return charmap.CodePage855
	case 858:
		return charmap.CodePage858
	case 860:
		return charmap.CodePage860
	case 862:
		return charmap.CodePage862
	case 863:
		return charmap.CodePage863
	case 865:
		return charmap.CodePage865
	case 866:
		return charmap.CodePage866
	case 874:
		return charmap.Windows874
	case 932:
		return japanese.ShiftJIS
	case 936:
		return simplifiedchinese.GBK
	case 949:
		return korean.EUCKR
	case 950:
		return traditionalchinese.Big5
	case 1250:
		return charmap.Windows1250
	case 1251:
		return charmap.Windows1251
	case 1252:
		return charmap.Windows1252
	case 1253:
		return charmap.Windows1253
	case 1254:
		return charmap.Windows1254
	case 1255:
		return charmap.Windows1255
	case 1256:
		return charmap.Windows1256
	case 1257:
		return charmap.Windows1257
	case 1258:
		return charmap.Windows1258
	case 10000:
		return charmap.Macintosh
	case 10007:
		return charmap.MacintoshCyrillic
	case 20866:
		return charmap.KOI8R
	case 21866:
		return charmap.KOI8U
	case 28591:
		return charmap.ISO8859_1
	case 28592:
		return charmap.ISO8859_2
	case 28593:
		return charmap.ISO8859_3
	case 28594:
		return charmap.ISO8859_4
	case 28595:
		return charmap.ISO8859_5
	case 28596:
		return charmap.ISO8859_6
	case 28597:
		return charmap.ISO8859_7
	case 28598:
		return charmap.ISO8859_8
	case 28599:
		return charmap.ISO8859_9
	case 28603:
		return charmap.ISO8859_13
	case 28605:
		return charmap.ISO8859_15
	case 51932:
		return japanese.EUCJP
	case 54936:
		return simplifiedchinese.GB18030
	}
	return nil
}

// decodeCodepage converts 8-bit text in code page cp to UTF-8. Unknown
// code pages are read as Windows-1252 when the bytes are not valid UTF-8
// (the common case of mislabelled Western text); invalid sequences become
// U+FFFD.
func decodeCodepage(b []byte, cp int) string {
	ascii := true
	for _, c := range b {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return string(b)
	}
	e := windowsCodepage(cp)
	if e == nil {
		if cp == 65001 && utf8.Valid(b) {
			return string(b)
		}
		if utf8.Valid(b) && cp != 20127 {
			return string(b)
		}
		e = charmap.Windows1252
	}
	s, err := e.NewDecoder().Bytes(b)
	if err != nil {
		return string(b)
	}
	return string(s)
}

// encodeCodepage converts UTF-8 text to code page cp (Windows-1252 when cp
// is unknown); characters the code page lacks become '?'.
func encodeCodepage(s string, cp int) []byte {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return []byte(s)
	}
	if cp == 65001 {
		return []byte(s)
	}
	e := windowsCodepage(cp)
	if e == nil {
		e = charmap.Windows1252
	}
	b, err := encoding.ReplaceUnsupported(e.NewEncoder()).Bytes([]byte(s))
	if err != nil {
		return []byte(s)
	}
	return b
}

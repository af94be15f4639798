package oxcmail

import (
	"errors"
	"strings"
	"testing"
)

// rtfexSample31 is the RTF of [MS-OXRTFEX] 3.1 ("Encapsulating HTML into
// RTF") up to the start of the ordered list (the published page is
// transcribed to there), closed with "}". The page indents every line of
// both the HTML and the RTF by one space; that indentation is removed
// here from both.
const rtfexSample31 = `{\rtf1\ANSI\ansicpg1251\fromhtml1 \deff0
{\fonttbl {\f0\fmodern Courier New;}{\f1\fswiss Arial;}{\f2\fswiss\fcharset0 Arial;}}
{\colortbl\red0\green0\blue0;\red0\green0\blue255;} 
{\*\htmltag64}
\uc1\pard\plain\deftab360 \f0\fs24
{\*\htmltag <HTML><head>\par
<style>\par
<!--\par
 /* Style Definitions */\par
 p.MsoNormal, li.MsoNormal \{font-family:Arial;\}\par
-->\par
</style>\par
\tab <!-- This is a HTML comment.\par
There is a horizontal tab (%x09) character before the comment, \par
and some new lines inside the comment. -->\par
</head>\par
<body>\par
<p\par
class="MsoNormal">}
{\htmlrtf \f1 \htmlrtf0 Note the line break inside a P tag. {\*\htmltag <b>}{\htmlrtf \b \htmlrtf0 This is a bold text{\*\htmltag </b>}} \htmlrtf\par\htmlrtf0}
\htmlrtf \par \htmlrtf0
{\*\htmltag </p>\par
<p class="MsoNormal">\par}
{\htmlrtf \f1 \htmlrtf0 This is a normal text with a character references:
{\*\htmltag &nbsp;}\htmlrtf \'a0\htmlrtf0  {\*\htmltag &lt;}\htmlrtf <\htmlrtf0  {\*\htmltag &uml;}\htmlrtf {\f2\'a8}\htmlrtf0{\*\htmltag <br>\par}\htmlrtf\line\htmlrtf0
characters which have special meaning in RTF: \{\}\\{\*\htmltag <br>\par}\htmlrtf\line\htmlrtf0\htmlrtf\par\htmlrtf0}
{\*\htmltag </p>\par
<ol>\par
<li class="MsoNormal">}
}`

// rtfexSample31HTML is the source HTML of [MS-OXRTFEX] 3.1 up to the same
// point, as the de-encapsulation rules of 2.2.3.2 give it back: line
// ends become CRLF (\par), and where the spec's RTF differs from its
// source HTML the RTF wins ("This is a bold text", "which", no space
// before &nbsp; — the newline before it is RTF whitespace).
const rtfexSample31HTML = "<HTML><head>\r\n<style>\r\n<!--\r\n /* Style Definitions */\r\n p.MsoNormal, li.MsoNormal {font-family:Arial;}\r\n-->\r\n</style>\r\n" +
	"\t<!-- This is a HTML comment.\r\nThere is a horizontal tab (%x09) character before the comment, \r\nand some new lines inside the comment. -->\r\n</head>\r\n<body>\r\n<p\r\nclass=\"MsoNormal\">" +
	"Note the line break inside a P tag. <b>This is a bold text</b> </p>\r\n<p class=\"MsoNormal\">\r\n" +
	"This is a normal text with a character references:&nbsp; &lt; &uml;<br>\r\n" +
	"characters which have special meaning in RTF: {}\\<br>\r\n</p>\r\n<ol>\r\n<li class=\"MsoNormal\">"

func TestRTFToHTMLSpec31(t *testing.T) {
	html, ok, err := RTFToHTML([]byte(rtfexSample31))
	if err != nil || !ok {
		t.Fatalf("RTFToHTML: ok=%v err=%v", ok, err)
	}
	if string(html) != rtfexSample31HTML {
		t.Errorf("RTFToHTML =\n%q\nwant\n%q", html, rtfexSample31HTML)
	}
	if got := RTFEncapsulation([]byte(rtfexSample31)); got != "html" {
		t.Errorf("RTFEncapsulation = %q", got)
	}
}

func TestRTFToHTMLCases(t *testing.T) {
	tests := []struct {
		name, rtf, want string
	}{
		{"code page of the document inside htmltag",
			`{\rtf1\ansi\ansicpg1251\fromhtml1 {\*\htmltag64}{\*\htmltag <p>\'cf\'f0\'e8\'e2\'e5\'f2</p>}}`,
			"<p>Привет</p>"},
		{"font code page outside htmltag",
			`{\rtf1\ansi\ansicpg1252\fromhtml1 {\fonttbl{\f0\fswiss Arial;}{\f1\fswiss\fcharset238 Arial CE;}}{\*\htmltag64}{\*\htmltag <p>}\f1 \'b9\f0 \'e9{\*\htmltag </p>}}`,
			"<p>ąé</p>"},
		{"shift_jis double-byte escapes",
			`{\rtf1\ansi\ansicpg932\fromhtml1 {\*\htmltag <p>}\'93\'fa\'96\'7b{\*\htmltag </p>}}`,
			"<p>日本</p>"},
		{"unicode escapes skip their fallback",
			`{\rtf1\ansi\fromhtml1 {\*\htmltag <p>}\uc1\u8364?\u-10179?\u-8704?{\*\htmltag </p>}}`,
			"<p>€😀</p>"},
		{"htmlrtf is group scoped",
			`{\rtf1\ansi\fromhtml1 {\*\htmltag <p>}a{\htmlrtf b}c\htmlrtf d{e}\htmlrtf0 f{\*\htmltag </p>}}`,
			"<p>acf</p>"},
		{"typographic control words",
			`{\rtf1\ansi\fromhtml1 {\*\htmltag <p>}\lquote x\rquote \emdash\~{\*\htmltag </p>}}`,
			"<p>‘x’—\u00a0</p>"},
		{"mhtmltag ignored",
			`{\rtf1\ansi\fromhtml1 {\*\mhtmltag <img src=cid:1>}{\*\htmltag <img src=x>}}`,
			"<img src=x>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			html, ok, err := RTFToHTML([]byte(tc.rtf))
			if err != nil || !ok {
				t.Fatalf("ok=%v err=%v", ok, err)
			}
			if string(html) != tc.want {
				t.Errorf("got %q, want %q", html, tc.want)
			}
		})
	}
}

func TestRTFToHTMLNotEncapsulated(t *testing.T) {
	for _, in := range []string{
		`{\rtf1\ansi\deff0 hello}`,
		`{\rtf1\ansi\fromtext hello}`,
		// \fromhtml1 after the first 10 tokens does not count.
		`{\rtf1\ansi\a\b\c\d\e\f\g\h\i\fromhtml1 x}`,
		// nor after text.
		`{\rtf1 x\fromhtml1 }`,
	} {
		html, ok, err := RTFToHTML([]byte(in))
		if ok || html != nil || err != nil {
			t.Errorf("RTFToHTML(%q) = %q, %v, %v; want not encapsulated", in, html, ok, err)
		}
	}
}

func TestRTFToText(t *testing.T) {
	tests := []struct {
		name, rtf, want string
	}{
		{"fromtext de-encapsulation",
			`{\rtf1\ansi\ansicpg1252\fromtext \deff0{\fonttbl{\f0\fmodern Courier New;}}{\*\htmltag64}\uc1\pard\plain\f0\fs20 Hello\par{\htmlrtf \b\htmlrtf0 world}\tab !\par}`,
			"Hello\r\nworld\t!\r\n"},
		{"plain RTF from WordPad",
			`{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fnil\fcharset0 Calibri;}}{\*\generator Riched20 10.0.19041}\viewkind4\uc1 \pard\sa200\sl276\slmult1\f0\fs22\lang9 Caf\'e9 \b bold\b0\par Line 2\line end\par}`,
			"Café bold\r\nLine 2\r\nend\r\n"},
		{"fromhtml rendered as RTF, htmltag ignored",
			`{\rtf1\ansi\fromhtml1 {\*\htmltag <p>}Hi{\*\htmltag </p>}\htmlrtf\par\htmlrtf0}`,
			"Hi\r\n"},
		{"fields: result kept, instruction dropped",
			`{\rtf1 see {\field{\*\fldinst HYPERLINK "http://x"}{\fldrslt link}} now}`,
			"see link now"},
		{"binary data skipped",
			"{\\rtf1 a{\\pict\\bin3 {}}}b}",
			"ab"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := RTFToText([]byte(tc.rtf))
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRTFReaderErrors(t *testing.T) {
	deep := `{\rtf1\fromhtml1 ` + strings.Repeat("{", MaxRTFDepth+1) + "x" + strings.Repeat("}", MaxRTFDepth+1) + "}"
	tests := []struct {
		name, rtf string
		want      error
	}{
		{"not RTF", "hello", ErrRTFNotRTF},
		{"too deep", deep, ErrRTFTooDeep},
		{"bad escape", `{\rtf1\fromhtml1 \'zz}`, ErrRTFBadEscape},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := RTFToText([]byte(tc.rtf))
			if !errors.Is(err, tc.want) {
				t.Fatalf("RTFToText err = %v, want %v", err, tc.want)
			}
			var re *RTFError
			if !errors.As(err, &re) {
				t.Fatalf("%T is not *RTFError", err)
			}
		})
	}
}

func FuzzRTFToHTML(f *testing.F) {
	f.Add([]byte(rtfexSample31))
	f.Add([]byte(`{\rtf1\ansi\ansicpg932\fromhtml1 {\*\htmltag <p>}\'93\'fa\u-10179?\u-8704?{\*\htmltag </p>}}`))
	f.Add([]byte(`{\rtf1\ansi\fromtext {\fonttbl{\f0\fcharset204 X;}}\f0 \'cf\par}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		html, ok, err := RTFToHTML(b)
		if err == nil && ok && len(html) > 3*len(b)+16 {
			t.Fatalf("output %d bytes from %d input bytes", len(html), len(b))
		}
		txt, err := RTFToText(b)
		if err == nil && len(txt) > 3*len(b)+16 {
			t.Fatalf("text %d bytes from %d input bytes", len(txt), len(b))
		}
	})
}

func BenchmarkRTFToHTML(b *testing.B) {
	in := []byte(`{\rtf1\ansi\ansicpg1252\fromhtml1 \deff0{\fonttbl{\f0\fswiss Arial;}}{\*\htmltag64}` +
		strings.Repeat(`{\*\htmltag <p class="MsoNormal">}{\htmlrtf \f0 \htmlrtf0 Some caf\'e9 text \u8364? here}{\*\htmltag </p>\par}`, 2000) + "}")
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := RTFToHTML(in); err != nil {
			b.Fatal(err)
		}
	}
}

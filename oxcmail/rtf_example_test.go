package oxcmail_test

import (
	"fmt"

	"github.com/oxkit/oxkit/oxcmail"
)

func ExampleDecompressRTF() {
	// PidTagRtfCompressed of [MS-OXRTFCP] 3.1.1.
	comp := []byte{
		0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xf1, 0xc5, 0xc7, 0xa7,
		0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42, 0x32, 0x0a, 0xf3, 0x20,
		0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62, 0x77, 0x05, 0xb0, 0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f, 0xa0,
	}
	rtf, err := oxcmail.DecompressRTF(comp)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%q\n", rtf)
	text, _ := oxcmail.RTFToText(rtf)
	fmt.Printf("%q\n", text)
	// Output:
	// "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n"
	// "hello world"
}

func ExampleRTFToHTML() {
	rtf := []byte(`{\rtf1\ansi\ansicpg1252\fromhtml1 \deff0{\fonttbl{\f0\fswiss Arial;}}{\*\htmltag64}` +
		`{\*\htmltag <p>}{\htmlrtf \f0 \htmlrtf0 Caf\'e9}{\*\htmltag </p>}}`)
	html, ok, err := oxcmail.RTFToHTML(rtf)
	fmt.Println(string(html), ok, err)
	// Output:
	// <p>Café</p> true <nil>
}

package vcard_test

import (
	"fmt"
	"strings"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/vcard"
)

func ExampleImport() {
	// vCard 2.1 as Android exports it: UTF-8 quoted-printable.
	const vcf = "BEGIN:VCARD\r\nVERSION:2.1\r\n" +
		"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;\r\n" +
		"TEL;CELL:+49 170 1234567\r\nEMAIL;HOME:j@example.com\r\nEND:VCARD\r\n"
	cs, err := vcard.Import(strings.NewReader(vcf), nil)
	if err != nil {
		panic(err)
	}
	name, _ := cs[0].Get(mapi.PidTagDisplayName)
	mobile, _ := cs[0].Get(mapi.PidTagMobileTelephoneNumber)
	fmt.Println(name, mobile)
	var out strings.Builder
	vcard.Export(&out, cs, &vcard.ExportOptions{Version: "3.0"})
	fmt.Print(strings.ReplaceAll(out.String(), "\r\n", "\n")) // CRLF on the wire
	// Output:
	// Jürgen Müller +49 170 1234567
	// BEGIN:VCARD
	// VERSION:3.0
	// FN:Jürgen Müller
	// N:Müller;Jürgen;;;
	// TEL;TYPE=CELL,VOICE:+49 170 1234567
	// EMAIL;TYPE=INTERNET,PREF:j@example.com
	// END:VCARD
}

package vcard

import (
	"bytes"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/mapi"
)

// TestPhoneticNames checks Apple's X-PHONETIC-FIRST-NAME and
// X-PHONETIC-LAST-NAME ⇄ PidLidYomiFirstName and PidLidYomiLastName
// ([MS-OXOCNTC] 2.2.1.1.9-10), in both directions and all versions.
func TestPhoneticNames(t *testing.T) {
	in := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Taro Yamada\r\nN:Yamada;Taro;;;\r\n" +
		"X-PHONETIC-FIRST-NAME:たろう\r\nX-PHONETIC-LAST-NAME:やまだ\r\nEND:VCARD\r\n"
	cs, err := Import(strings.NewReader(in), nil)
	if err != nil || len(cs) != 1 {
		t.Fatalf("%d %v", len(cs), err)
	}
	if first, last := cs[0].nstr(mapi.PidLidYomiFirstName), cs[0].nstr(mapi.PidLidYomiLastName); first != "たろう" || last != "やまだ" {
		t.Fatalf("imported %q %q", first, last)
	}
	for _, ver := range []string{"2.1", "3.0", "4.0"} {
		var buf bytes.Buffer
		if err := Export(&buf, cs, &ExportOptions{Version: ver}); err != nil {
			t.Fatal(err)
		}
		back, err := Import(&buf, nil)
		if err != nil || len(back) != 1 {
			t.Fatalf("%s: %d %v", ver, len(back), err)
		}
		if first, last := back[0].nstr(mapi.PidLidYomiFirstName), back[0].nstr(mapi.PidLidYomiLastName); first != "たろう" || last != "やまだ" {
			t.Errorf("%s round trip: %q %q", ver, first, last)
		}
	}
	// Without them, nothing is written.
	var buf bytes.Buffer
	Export(&buf, []*Contact{{Props: []mapi.PropValue{{Tag: mapi.PidTagDisplayName, Value: "X"}}}}, nil)
	if strings.Contains(buf.String(), "X-PHONETIC") {
		t.Errorf("phonetic lines without phonetic names:\n%s", buf.String())
	}
}

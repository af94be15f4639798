package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/wbxml"
)

// A FolderSync request with SyncKey 0 ([MS-ASCMD] 4.4.1), as TbSync sends it.
var folderSync = []byte{0x03, 0x01, 0x6A, 0x00, 0x00, 0x07, 0x56, 0x52, 0x03, 0x30, 0x00, 0x01, 0x01}

func TestRoundTrips(t *testing.T) {
	want := wbxml.NewElement(wbxml.FolderHierarchyFolderSync, wbxml.NewText(wbxml.FolderHierarchySyncKey, "0"))
	inputs := map[string][]byte{
		"raw":    folderSync,
		"hex":    []byte(fmt.Sprintf("% x\n", folderSync)),
		"0xhex":  []byte("0x03, 0x01, 0x6A, 0x00, 0x00, 0x07, 0x56, 0x52, 0x03, 0x30, 0x00, 0x01, 0x01"),
		"base64": []byte(base64.StdEncoding.EncodeToString(folderSync) + "\n"),
	}
	for name, in := range inputs {
		for _, mode := range []string{"auto", strings.TrimPrefix(name, "0x")} {
			var x bytes.Buffer
			if err := run(&x, in, mode, "raw"); err != nil {
				t.Fatalf("%s/%s: %v", name, mode, err)
			}
			got, err := wbxml.ParseXML(&x)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(want) {
				t.Fatalf("%s/%s: wrong tree", name, mode)
			}
		}
	}
	// and back: XML to WBXML in each output encoding
	var x bytes.Buffer
	run(&x, folderSync, "raw", "raw")
	for _, out := range []string{"raw", "hex", "base64"} {
		var b bytes.Buffer
		if err := run(&b, x.Bytes(), "auto", out); err != nil {
			t.Fatal(err)
		}
		wbx, err := decodeInput(b.Bytes(), map[string]string{"raw": "raw", "hex": "hex", "base64": "base64"}[out])
		if err != nil || !bytes.Equal(wbx, folderSync) {
			t.Fatalf("-out %s: % X, %v", out, wbx, err)
		}
	}
	if err := run(&x, []byte("zz not anything"), "auto", "raw"); err == nil {
		t.Fatal("garbage accepted")
	}
}

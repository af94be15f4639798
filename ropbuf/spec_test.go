package ropbuf

import (
	"bytes"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/mapi"
)

// Byte dumps from the protocol examples of the Open Specifications,
// decoded to the values the spec text explains and re-encoded to the exact
// bytes. Each case is named after its section.

func dehex(t testing.TB, s string) []byte {
	t.Helper()
	s = strings.NewReplacer(" ", "", "\n", "", "\t", "", "-", "").Replace(s)
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatalf("dehex: %v", err)
	}
	return b
}

func TestSpecRequests(t *testing.T) {
	for _, c := range []struct {
		name string
		hex  string
		want Request
	}{
		{
			"MS-OXCTABL 4.1.1", "05 00 00 01 00",
			&GetContentsTableRequest{InputHandleIndex: 0, OutputHandleIndex: 1, TableFlags: 0},
		},
		{
			"MS-OXCFOLD 4.1.1", "1C 00 00 01 01 01 00 00 46 00 6F 00 6C 00 64 00 65 00 72 00 31 00 00 00 00 00",
			&CreateFolderRequest{OutputHandleIndex: 1, FolderType: 1, UseUnicodeStrings: true, DisplayName: "Folder1"},
		},
		{
			"MS-OXCFOLD 4.5.1", "35 00 01 02 01 01 01 00 00 00 0E 8E DF 36 46 00 6F 00 6C 00 64 00 65 00 72 00 31 00 00 00",
			&MoveFolderRequest{SourceHandleIndex: 1, DestHandleIndex: 2, WantAsynchronous: true, UseUnicode: true,
				FolderID: 0x36DF8E0E00000001, NewFolderName: "Folder1"},
		},
		{
			"MS-OXCFOLD 4.6.1", "36 00 00 01 01 01 01 01 00 00 00 0E 8E DF 36 46 00 6F 00 6C 00 64 00 65 00 72 00 31 00 00 00",
			&CopyFolderRequest{SourceHandleIndex: 0, DestHandleIndex: 1, WantAsynchronous: true, WantRecursive: true, UseUnicode: true,
				FolderID: 0x36DF8E0E00000001, NewFolderName: "Folder1"},
		},
		{
			// [MS-OXCTABL] 4.5.3.1 Client Request Buffer.
			"MS-OXCTABL 4.5.3.1", "15 00 00 00 01 32 00",
			&QueryRowsRequest{QueryRowsFlags: 0, ForwardRead: true, RowCount: 0x32},
		},
		{
			// [MS-OXCPRPT] 4 (learn.microsoft.com page 0dfb6edf): the
			// client sets PidTagSubjectPrefix to "" and
			// PidTagNormalizedSubject to "Hello World" on a Message.
			"MS-OXCPRPT 4 RopSetProperties", `0A 00 00 24 00 02 00 1F 00 3D 00 00 00 1F 00 1D
				0E 48 00 65 00 6C 00 6C 00 6F 00 20 00 57 00 6F 00 72 00 6C 00 64 00 00 00`,
			&SetPropertiesRequest{PropertyValues: []mapi.PropValue{
				{Tag: 0x003D001F, Value: ""},
				{Tag: 0x0E1D001F, Value: "Hello World"},
			}},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := dehex(t, c.hex)
			got, n, err := ParseRequest(b, nil)
			if err != nil {
				t.Fatal(err)
			}
			if n != len(b) {
				t.Errorf("used %d of %d bytes", n, len(b))
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("decoded %+v\nwant %+v", got, c.want)
			}
			enc, err := c.want.AppendBinary(nil)
			if err != nil || !bytes.Equal(enc, b) {
				t.Errorf("encoded (%v)\n% X\nwant\n% X", err, enc, b)
			}
		})
	}
}

func TestSpecResponses(t *testing.T) {
	// [MS-OXORULE] 4.2.2: the rules table's columns, as the row bytes
	// decode (the request of 4.2.1 is not transcribed here): PidTagRuleId
	// (PtypInteger64), PidTagRuleIds (PtypBinary), PidTagRuleName
	// (PtypString).
	ruleCols := []mapi.PropTag{0x66740014, 0x66750102, 0x6682001F}
	for _, c := range []struct {
		name string
		hex  string
		ctx  *ResponseContext
		want Response
	}{
		{
			"MS-OXCFOLD 4.1.2", "1C 01 00 00 00 00 01 00 00 00 0E 91 52 12 00", nil,
			&CreateFolderResponse{OutputHandleIndex: 1, FolderID: 0x1252910E00000001, IsExistingFolder: false},
		},
		{
			"MS-OXCTABL 4.3.2", "13 01 00 00 00 00 00", nil,
			&SortTableResponse{InputHandleIndex: 1, TableStatus: 0},
		},
		{
			"MS-OXORULE 4.2.2 RopGetRulesTable", "3f 01 00 00 00 00", nil,
			&GetRulesTableResponse{OutputHandleIndex: 1},
		},
		{
			"MS-OXORULE 4.2.2 RopSetColumns", "12 01 00 00 00 00 00", nil,
			&SetColumnsResponse{InputHandleIndex: 1},
		},
		{
			"MS-OXORULE 4.2.2 RopQueryRows", `15 01 00 00 00 00 02 01 00 00 01 00 00 00 01 3f
				f8 56 10 00 01 00 00 00 01 00 00 00 55 55 55 55 d1 44 e3 40 50 00 72 00 6f 00 6a 00 65 00 63 00
				74 00 20 00 58 00 00 00`,
			&ResponseContext{Columns: ruleCols},
			&QueryRowsResponse{InputHandleIndex: 1, Origin: 2, Columns: ruleCols, Rows: []mapi.PropertyRow{{Values: []mapi.PropValue{
				{Tag: ruleCols[0], Value: int64(0x56F83F0100000001)},
				{Tag: ruleCols[1], Value: []byte{0x01, 0, 0, 0, 0x01, 0, 0, 0, 0x55, 0x55, 0x55, 0x55, 0xd1, 0x44, 0xe3, 0x40}},
				{Tag: ruleCols[2], Value: "Project X"},
			}}}},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := dehex(t, c.hex)
			got, n, err := ParseResponse(b, c.ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n != len(b) {
				t.Errorf("used %d of %d bytes", n, len(b))
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("decoded %+v\nwant %+v", got, c.want)
			}
			enc, err := c.want.AppendBinary(nil)
			if err != nil || !bytes.Equal(enc, b) {
				t.Errorf("encoded (%v)\n% X\nwant\n% X", err, enc, b)
			}
		})
	}
}

// TestSpecLZ77 checks the two examples of [MS-XCA] 3.1 (Plain LZ77, the
// algorithm [MS-OXCRPC] 3.1.7.2.1 uses) in both directions.
func TestSpecLZ77(t *testing.T) {
	for _, c := range []struct {
		name, plain, packed string
	}{
		{"MS-XCA 3.1 alphabet", "abcdefghijklmnopqrstuvwxyz",
			"3f 00 00 00 61 62 63 64 65 66 67 68 69 6a 6b 6c 6d 6e 6f 70 71 72 73 74 75 76 77 78 79 7a"},
		{"MS-XCA 3.1 abc x 100", strings.Repeat("abc", 100), "ff ff ff 1f 61 62 63 17 00 0f ff 26 01"},
	} {
		t.Run(c.name, func(t *testing.T) {
			packed := dehex(t, c.packed)
			got, err := DecompressLZ77(nil, packed, len(c.plain))
			if err != nil || string(got) != c.plain {
				t.Fatalf("decompressed %q, %v", got, err)
			}
			if enc := CompressLZ77(nil, []byte(c.plain)); !bytes.Equal(enc, packed) {
				t.Errorf("compressed\n% x\nwant\n% x", enc, packed)
			}
		})
	}
}

// TestSpecExtHeader checks the RPC_HEADER_EXT of [MS-OXCRPC] 4.2 (Version
// 0, Flags Last, Size and SizeActual 0x0152). The example gives only the
// sizes of its payload (RopSize 0x0142, 320 bytes of ROPs, a 16-byte
// handle table); the payload here is zeros of those sizes.
func TestSpecExtHeader(t *testing.T) {
	hdr := dehex(t, "00 00 04 00 52 01 52 01")
	payload := make([]byte, 0x152)
	payload[0], payload[1] = 0x42, 0x01
	b := append(append([]byte(nil), hdr...), payload...)
	bufs, err := ParseExt(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := ExtHeader{Version: 0, Flags: ExtLast, Size: 0x152, SizeActual: 0x152}
	if len(bufs) != 1 || bufs[0].Header != want || !bytes.Equal(bufs[0].Payload, payload) {
		t.Fatalf("got %+v", bufs)
	}
	enc, err := AppendExt(nil, payload, ExtLast)
	if err != nil || !bytes.Equal(enc, b) {
		t.Errorf("re-encoded header % X, want % X (%v)", enc[:8], hdr, err)
	}
}

// TestSpecRopBuffer is [MS-OXCROPS] 4.4: an input buffer with two
// RopRelease requests and their handle table.
func TestSpecRopBuffer(t *testing.T) {
	b := dehex(t, "08 00 01 00 00 01 00 01 6F 00 00 00 6E 00 00 00")
	want := &RequestBuffer{
		Rops:    []Request{&ReleaseRequest{InputHandleIndex: 0}, &ReleaseRequest{InputHandleIndex: 1}},
		Handles: []uint32{0x6F, 0x6E},
	}
	got, err := ParseRequestBuffer(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded %+v, want %+v", got, want)
	}
	enc, err := want.AppendBinary(nil)
	if err != nil || !bytes.Equal(enc, b) {
		t.Errorf("encoded % X (%v), want % X", enc, err, b)
	}
}

package ropbuf

import (
	"fmt"
	"testing"

	"github.com/oxkit/oxkit/mapi"
)

// The benchmarks decode and encode the Execute request that Outlook sends
// when it starts (RopLogon, RopGetReceiveFolder, five RopOpenFolder,
// RopGetHierarchyTable, RopSetColumns, RopQueryRows) and its response,
// plain and inside a compressed RPC_HEADER_EXT.

var startupColumns = []mapi.PropTag{
	0x67480014, // PidTagFolderId
	0x3001001F, // PidTagDisplayName
	0x36020003, // PidTagContentCount
	0x36030003, // PidTagContentUnreadCount
	0x360A000B, // PidTagSubfolders
	0x3613001F, // PidTagContainerClass
	0x0FFF0102, // PidTagEntryId
	0x66A00003, // PidTagFolderFlags? (a 4-byte column)
}

func startupRequests() []Request {
	essdn := []byte("/o=Example/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=a1b2c3d4e5-alice\x00")
	rops := []Request{
		&LogonRequest{LogonID: 0, OutputHandleIndex: 0, LogonFlags: LogonFlagPrivate, OpenFlags: 0x01000C0D, Essdn: essdn},
		&GetReceiveFolderRequest{LogonID: 0, InputHandleIndex: 0, MessageClass: "IPM"},
	}
	for i := 0; i < 5; i++ {
		rops = append(rops, &OpenFolderRequest{LogonID: 0, InputHandleIndex: 0, OutputHandleIndex: uint8(1 + i), FolderID: mapi.MakeID(1, uint64(0x10+i))})
	}
	rops = append(rops,
		&GetHierarchyTableRequest{InputHandleIndex: 1, OutputHandleIndex: 6, TableFlags: 0x04},
		&SetColumnsRequest{InputHandleIndex: 6, PropertyTags: startupColumns},
		&QueryRowsRequest{InputHandleIndex: 6, ForwardRead: true, RowCount: 0x32},
	)
	return rops
}

func startupRequest(tb testing.TB) []byte {
	handles := []uint32{0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}
	b, err := (&RequestBuffer{Rops: startupRequests(), Handles: handles}).AppendBinary(nil)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func startupResponseBuffer() *ResponseBuffer {
	var ids [13]mapi.ID
	for i := range ids {
		ids[i] = mapi.MakeID(1, uint64(i+1))
	}
	rops := []Response{
		&LogonResponse{LogonFlags: LogonFlagPrivate, FolderIDs: ids, ResponseFlags: 0x07, MailboxGUID: testGUID, ReplID: 1, ReplGUID: testGUID,
			LogonTime: LogonTime{Seconds: 5, Minutes: 4, Hour: 22, DayOfWeek: 6, Day: 28, Month: 11, Year: 2026}, GwartTime: 0x01DB000000000000, StoreState: 0},
		&GetReceiveFolderResponse{FolderID: ids[4], ExplicitMessageClass: "IPM"},
	}
	for i := 0; i < 5; i++ {
		rops = append(rops, &OpenFolderResponse{OutputHandleIndex: uint8(1 + i)})
	}
	var rows []mapi.PropertyRow
	for i := 0; i < 12; i++ {
		rows = append(rows, mapi.PropertyRow{Values: []mapi.PropValue{
			{Tag: startupColumns[0], Value: int64(mapi.MakeID(1, uint64(0x100+i)))},
			{Tag: startupColumns[1], Value: fmt.Sprintf("Folder %d", i)},
			{Tag: startupColumns[2], Value: int32(100 * i)},
			{Tag: startupColumns[3], Value: int32(i)},
			{Tag: startupColumns[4], Value: i%3 == 0},
			{Tag: startupColumns[5], Value: "IPF.Note"},
			{Tag: startupColumns[6], Value: make([]byte, 46)},
			{Tag: startupColumns[7], Value: int32(1)},
		}})
	}
	rops = append(rops,
		&GetHierarchyTableResponse{OutputHandleIndex: 6, RowCount: uint32(len(rows))},
		&SetColumnsResponse{InputHandleIndex: 6},
		&QueryRowsResponse{InputHandleIndex: 6, Origin: 2, Rows: rows, Columns: startupColumns},
	)
	return &ResponseBuffer{Rops: rops, Handles: []uint32{0x100, 0x101, 0x102, 0x103, 0x104, 0x105, 0x106}}
}

func startupResponse(tb testing.TB) []byte {
	b, err := startupResponseBuffer().AppendBinary(nil)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func benchDecodeRequest(b *testing.B, flags ExtFlags) {
	wire, _ := AppendExt(nil, startupRequest(b), flags|ExtLast)
	b.SetBytes(int64(len(wire)))
	b.ReportAllocs()
	for b.Loop() {
		bufs, err := ParseExt(wire, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ParseRequestBuffer(bufs[0].Payload, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func benchEncodeRequest(b *testing.B, flags ExtFlags) {
	buf := &RequestBuffer{Rops: startupRequests(), Handles: make([]uint32, 7)}
	var scratch, out []byte
	b.ReportAllocs()
	for b.Loop() {
		var err error
		scratch, err = buf.AppendBinary(scratch[:0])
		if err != nil {
			b.Fatal(err)
		}
		out, err = AppendExt(out[:0], scratch, flags|ExtLast)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(out)))
}

func benchDecodeResponse(b *testing.B, flags ExtFlags) {
	wire, _ := AppendExt(nil, startupResponse(b), flags|ExtLast)
	ctx := &BufferContext{Requests: startupRequests()}
	b.SetBytes(int64(len(wire)))
	b.ReportAllocs()
	for b.Loop() {
		bufs, err := ParseExt(wire, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ParseResponseBuffer(bufs[0].Payload, ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func benchEncodeResponse(b *testing.B, flags ExtFlags) {
	buf := startupResponseBuffer()
	var scratch, out []byte
	b.ReportAllocs()
	for b.Loop() {
		var err error
		scratch, err = buf.AppendBinary(scratch[:0])
		if err != nil {
			b.Fatal(err)
		}
		out, err = AppendExt(out[:0], scratch, flags|ExtLast)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(out)))
}

func BenchmarkStartupRequestDecode(b *testing.B) { benchDecodeRequest(b, 0) }
func BenchmarkStartupRequestDecodeCompressed(b *testing.B) {
	benchDecodeRequest(b, ExtCompressed|ExtXorMagic)
}
func BenchmarkStartupRequestEncode(b *testing.B) { benchEncodeRequest(b, 0) }
func BenchmarkStartupRequestEncodeCompressed(b *testing.B) {
	benchEncodeRequest(b, ExtCompressed|ExtXorMagic)
}
func BenchmarkStartupResponseDecode(b *testing.B) { benchDecodeResponse(b, 0) }
func BenchmarkStartupResponseDecodeCompressed(b *testing.B) {
	benchDecodeResponse(b, ExtCompressed|ExtXorMagic)
}
func BenchmarkStartupResponseEncode(b *testing.B) { benchEncodeResponse(b, 0) }
func BenchmarkStartupResponseEncodeCompressed(b *testing.B) {
	benchEncodeResponse(b, ExtCompressed|ExtXorMagic)
}

// TestStartupBuffers checks the benchmark buffers round-trip, so the
// benchmarks measure working code.
func TestStartupBuffers(t *testing.T) {
	req, err := ParseRequestBuffer(startupRequest(t), nil)
	if err != nil || len(req.Rops) != 10 {
		t.Fatalf("request: %d ROPs, %v", len(req.Rops), err)
	}
	resp, err := ParseResponseBuffer(startupResponse(t), &BufferContext{Requests: req.Rops})
	if err != nil || len(resp.Rops) != 10 {
		t.Fatalf("response: %v", err)
	}
	if q := resp.Rops[9].(*QueryRowsResponse); len(q.Rows) != 12 {
		t.Errorf("%d rows", len(q.Rows))
	}
}

// BenchmarkStartupRequestBufferDecode decodes the ROP input buffer alone
// (no RPC_HEADER_EXT), to count the allocations of ROP decoding.
func BenchmarkStartupRequestBufferDecode(b *testing.B) {
	buf := startupRequest(b)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseRequestBuffer(buf, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// TestChainedResponseBuffers packs two ROP output buffers into one
// RPC_HEADER_EXT chain, as a server does for chained (packed) responses
// ([MS-OXCRPC] 3.1.4.2.1.1.2), and reads them back.
func TestChainedResponseBuffers(t *testing.T) {
	first, _ := (&ResponseBuffer{Rops: []Response{&ReadStreamResponse{InputHandleIndex: 1, Data: []byte("part one")}}, Handles: []uint32{5, 6}}).AppendBinary(nil)
	second, _ := (&ResponseBuffer{Rops: []Response{&ReadStreamResponse{InputHandleIndex: 1, Data: []byte("part two")}}, Handles: []uint32{5, 6}}).AppendBinary(nil)
	chain, err := AppendExtChain(nil, [][]byte{first, second}, ExtCompressed)
	if err != nil {
		t.Fatal(err)
	}
	bufs, err := ParseExt(chain, nil)
	if err != nil || len(bufs) != 2 {
		t.Fatalf("%d buffers, %v", len(bufs), err)
	}
	for i, want := range []string{"part one", "part two"} {
		rb, err := ParseResponseBuffer(bufs[i].Payload, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(rb.Rops[0].(*ReadStreamResponse).Data); got != want {
			t.Errorf("buffer %d: %q", i, got)
		}
	}
}

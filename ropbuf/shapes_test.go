package ropbuf

import (
	"errors"
	"reflect"
	"testing"

	"github.com/oxkit/oxkit/mapi"
)

// Shapes that the generic round trip does not reach: responses whose
// layout changes with particular ReturnValues or flags, and requests that
// depend on the logon kind.

func filled[T any](seed int) *T {
	v := new(T)
	f := &filler{seed: seed}
	f.fill(reflect.ValueOf(v).Elem())
	fixup(v)
	return v
}

func TestLogonResponseShapes(t *testing.T) {
	pub := filled[LogonResponse](1)
	pub.ReturnValue = 0
	pub.LogonFlags = 0
	b := roundTripResponse(t, pub, nil, true, []string{"ResponseFlags", "MailboxGUID", "LogonTime", "GwartTime", "StoreState", "ServerName"})
	if len(b) != 1+1+4+1+13*8+2+16+16 {
		t.Errorf("public folders logon response is %d bytes", len(b))
	}

	redirect := &LogonResponse{OutputHandleIndex: 3, ReturnValue: ecWrongServer, LogonFlags: LogonFlagPrivate, ServerName: "mbx01.example.com"}
	b = roundTripResponse(t, redirect, nil, true, nil)
	if b[7] != byte(len("mbx01.example.com")+1) {
		t.Errorf("ServerNameSize %d, want the name with its terminator", b[7])
	}
	// A redirect with ServerNameSize 0 or without the terminator is refused.
	bad := append([]byte(nil), b...)
	bad[len(bad)-1] = 'x'
	if _, _, err := ParseResponse(bad, nil); err == nil {
		t.Error("redirect without NUL terminator decoded")
	}
}

func TestNullDestinationShapes(t *testing.T) {
	for _, p := range []Response{
		&MoveCopyMessagesResponse{MoveCopyResponse{SourceHandleIndex: 1, ReturnValue: ecDstNullObject, DestHandleIndex: 0x01020304, PartialCompletion: true}},
		&MoveFolderResponse{MoveCopyResponse{SourceHandleIndex: 1, ReturnValue: ecDstNullObject, DestHandleIndex: 0x01020305}},
		&CopyFolderResponse{MoveCopyResponse{SourceHandleIndex: 1, ReturnValue: ecDstNullObject, DestHandleIndex: 0x01020306}},
		&CopyPropertiesResponse{CopyResponse{SourceHandleIndex: 2, ReturnValue: ecDstNullObject, DestHandleIndex: 0x01020307}},
		&CopyToResponse{CopyResponse{SourceHandleIndex: 2, ReturnValue: ecDstNullObject, DestHandleIndex: 0x01020308}},
		&CopyToStreamResponse{SourceHandleIndex: 2, ReturnValue: ecDstNullObject, DestHandleIndex: 0x01020309, ReadByteCount: 5, WrittenByteCount: 6},
	} {
		roundTripResponse(t, p, nil, true, nil)
	}
}

func TestWarningAndBusyShapes(t *testing.T) {
	ids := &GetPropertyIdsFromNamesResponse{InputHandleIndex: 1, ReturnValue: ecWarnWithErrors, PropertyIDs: []mapi.PropID{0x8001, 0}}
	roundTripResponse(t, ids, nil, true, nil)

	busy := &FastTransferSourceGetBufferResponse{InputHandleIndex: 1, ReturnValue: ecServerBusy, TransferStatus: 1, InProgressCount: 2, TotalStepCount: 3, BackoffTime: 0x01020304}
	b := roundTripResponse(t, busy, nil, true, nil)
	if len(b) != 1+1+4+2+2+2+1+2+4 {
		t.Errorf("busy response is %d bytes", len(b))
	}
}

func TestNotificationShapes(t *testing.T) {
	cases := []NotificationData{
		{NotificationFlags: NotifyTableModified, TableEventType: TableChanged},
		{NotificationFlags: NotifyTableModified | NotifyFlagMessage, TableEventType: TableRowAdded, TableRowFolderID: 1, TableRowMessageID: 2,
			TableRowInstance: 3, InsertAfterTableRowFolderID: 4, InsertAfterTableRowID: 5, InsertAfterTableRowInstance: 6, TableRowData: []byte{0, 1, 2}},
		{NotificationFlags: NotifyTableModified, TableEventType: TableRowDeleted, TableRowFolderID: 7},
		{NotificationFlags: NotifyObjectCreated, FolderID: 8, ParentFolderID: 9, TagCount: 2, Tags: []mapi.PropTag{0x0037001F, 0x0E080003}},
		{NotificationFlags: NotifyObjectCreated | NotifyFlagMessage, FolderID: 8, MessageID: 10, TagCount: 0xFFFF},
		{NotificationFlags: NotifyObjectModified | NotifyFlagTotal | NotifyFlagUnread, FolderID: 11, TotalMessageCount: 12, UnreadMessageCount: 13},
		{NotificationFlags: NotifyObjectMoved | NotifyFlagMessage | NotifyFlagSearch, FolderID: 14, MessageID: 15, ParentFolderID: 16, OldFolderID: 17, OldMessageID: 18},
		{NotificationFlags: NotifyObjectCopied, FolderID: 19, ParentFolderID: 20, OldFolderID: 21, OldParentFolderID: 22},
		{NotificationFlags: NotifyObjectDeleted, FolderID: 23, ParentFolderID: 24},
		{NotificationFlags: NotifySearchComplete, FolderID: 25},
		{NotificationFlags: NotifyNewMail | NotifyFlagMessage, FolderID: 26, MessageID: 27, MessageFlags: 28, MessageClass: "IPM.Note"},
	}
	for i, d := range cases {
		p := &NotifyResponse{NotificationHandle: uint32(0x100 + i), LogonID: 1, NotificationData: d}
		roundTripResponse(t, p, nil, true, nil)
	}
	bad := &NotifyResponse{NotificationData: NotificationData{NotificationFlags: NotifyObjectCreated, TagCount: 3}}
	if _, err := bad.AppendBinary(nil); err == nil {
		t.Error("TagCount different from len(Tags) encoded")
	}
}

func TestLogonContext(t *testing.T) {
	cd := [24]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24}
	pub := &RequestContext{PublicLogon: func(id uint8) bool { return id == 2 }}
	q := &SetMessageReadFlagRequest{LogonID: 2, ResponseHandleIndex: 1, InputHandleIndex: 2, ReadFlags: 4, ClientData: &cd}
	roundTripRequest(t, q, pub, nil)

	// Within one buffer, a public RopLogon decides for the later ROPs.
	buf := &RequestBuffer{Rops: []Request{
		&LogonRequest{LogonID: 5, OutputHandleIndex: 0, LogonFlags: 0},
		&SetMessageReadFlagRequest{LogonID: 5, ClientData: &cd},
		&WritePerUserInformationRequest{LogonID: 5, Data: []byte{1}},
		&WritePerUserInformationRequest{LogonID: 6, Data: []byte{2}, ReplGUID: &testGUID},
	}, Handles: []uint32{0xFFFFFFFF}}
	b, err := buf.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseRequestBuffer(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, buf) {
		t.Errorf("got %+v\nwant %+v", got, buf)
	}
}

func TestUnknownRop(t *testing.T) {
	buf := &RequestBuffer{Rops: []Request{
		&GetReceiveFolderRequest{LogonID: 0, InputHandleIndex: 0, MessageClass: "IPM"},
		&ReleaseRequest{InputHandleIndex: 1},
	}}
	b, err := buf.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	// Insert an unknown ROP (0x28, reserved) after the first one.
	first := 2 + 1 + 2 + 4
	b = append(b[:first:first], append([]byte{0x28, 0x00, 0x00}, b[first:]...)...)
	b[0] += 3
	got, err := ParseRequestBuffer(b, nil)
	var ue *UnknownRopError
	if !errors.As(err, &ue) {
		t.Fatalf("err = %v, want *UnknownRopError", err)
	}
	if ue.ID != 0x28 || ue.Offset != first || ue.Index != 1 {
		t.Errorf("UnknownRopError %+v, want ID 0x28 at offset %d, index 1", ue, first)
	}
	if got == nil || len(got.Rops) != 1 || got.Rops[0].RopID() != RopGetReceiveFolder {
		t.Errorf("ROPs before the unknown one not returned: %+v", got)
	}
	// A response-only ROP in a request buffer is unknown there too.
	if _, _, err := ParseRequest([]byte{byte(RopNotify), 0, 0}, nil); !errors.As(err, &ue) {
		t.Errorf("RopNotify as a request: err = %v", err)
	}
}

func TestResponseBufferContext(t *testing.T) {
	cols := []mapi.PropTag{0x3001001F, 0x36020003}
	reqs := []Request{
		&GetHierarchyTableRequest{InputHandleIndex: 0, OutputHandleIndex: 1},
		&SetColumnsRequest{InputHandleIndex: 1, PropertyTags: cols},
		&QueryRowsRequest{InputHandleIndex: 1, ForwardRead: true, RowCount: 10},
		&GetPropertiesSpecificRequest{InputHandleIndex: 0, PropertyTags: []mapi.PropTag{0x0E080003}},
		&ReleaseRequest{InputHandleIndex: 1},
	}
	row := mapi.PropertyRow{Values: []mapi.PropValue{{Tag: cols[0], Value: "Inbox"}, {Tag: cols[1], Value: int32(7)}}}
	resp := &ResponseBuffer{Rops: []Response{
		&GetHierarchyTableResponse{OutputHandleIndex: 1, RowCount: 1},
		&SetColumnsResponse{InputHandleIndex: 1},
		&QueryRowsResponse{InputHandleIndex: 1, Origin: 2, Rows: []mapi.PropertyRow{row}, Columns: cols},
		&GetPropertiesSpecificResponse{InputHandleIndex: 0, Row: mapi.PropertyRow{Values: []mapi.PropValue{{Tag: 0x0E080003, Value: int32(42)}}}, Columns: []mapi.PropTag{0x0E080003}},
		&NotifyResponse{NotificationHandle: 9, NotificationData: NotificationData{NotificationFlags: NotifySearchComplete, FolderID: 1}},
	}, Handles: []uint32{0x11, 0x22}}
	b, err := resp.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseResponseBuffer(b, &BufferContext{Requests: reqs})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, resp) {
		t.Errorf("got %+v\nwant %+v", got, resp)
	}
	// Without the requests the QueryRows response cannot be decoded, and
	// the responses before it come back with the error.
	got, err = ParseResponseBuffer(b, nil)
	if !errors.Is(err, ErrNeedContext) {
		t.Fatalf("err = %v, want ErrNeedContext", err)
	}
	if len(got.Rops) != 2 {
		t.Errorf("%d responses before the error, want 2", len(got.Rops))
	}
	// Columns from the session state take precedence.
	got, err = ParseResponseBuffer(b, &BufferContext{Requests: reqs[2:], RequestHandles: []uint32{0x11, 0x22},
		Columns: func(h uint32) []mapi.PropTag {
			if h == 0x22 {
				return cols
			}
			return nil
		}})
	if err != nil || !reflect.DeepEqual(got, resp) {
		t.Errorf("with Columns: err %v, got %+v", err, got)
	}
}

func TestBufferFramingErrors(t *testing.T) {
	for _, b := range [][]byte{
		nil,
		{0x01},
		{0x01, 0x00},             // RopSize below 2
		{0x09, 0x00, 0x01},       // RopSize beyond the buffer
		{0x02, 0x00, 0x01, 0x02}, // handle table not a multiple of 4
	} {
		if _, err := ParseRequestBuffer(b, nil); err == nil {
			t.Errorf("% X decoded", b)
		}
	}
	// A truncated ROP is a located DecodeError.
	b := []byte{0x05, 0x00, byte(RopOpenFolder), 0x00, 0x00}
	_, err := ParseRequestBuffer(b, nil)
	var de *DecodeError
	if !errors.As(err, &de) || de.Rop != RopOpenFolder || de.Index != 0 {
		t.Errorf("err = %v, want DecodeError for RopOpenFolder", err)
	}
	// RopSize counts itself: an empty RopsList is valid.
	got, err := ParseRequestBuffer([]byte{0x02, 0x00, 0xFF, 0xFF, 0xFF, 0xFF}, nil)
	if err != nil || len(got.Rops) != 0 || len(got.Handles) != 1 || got.Handles[0] != 0xFFFFFFFF {
		t.Errorf("empty RopsList: %+v, %v", got, err)
	}
}

func TestRopIDNames(t *testing.T) {
	for _, c := range []struct {
		id   RopID
		name string
	}{
		{0x02, "RopOpenFolder"}, {0xFE, "RopLogon"}, {0x01, "RopRelease"}, {0xFF, "RopBufferTooSmall"},
		{0x83, "RopSynchronizationOpenAdvisor"}, {0x28, "RopID(0x28)"}, {0x00, "RopID(0x00)"},
	} {
		if got := c.id.String(); got != c.name {
			t.Errorf("%#x: %q, want %q", uint8(c.id), got, c.name)
		}
	}
	seen := map[RopID]bool{}
	prev := -1
	for _, id := range RopIDs() {
		if seen[id] || int(id) <= prev {
			t.Errorf("RopIDs not strictly increasing at %v", id)
		}
		seen[id] = true
		prev = int(id)
	}
	if RopRelease.HasResponse() || RopNotify.HasRequest() || !RopLogon.HasRequest() {
		t.Error("HasRequest/HasResponse wrong")
	}
}

func TestEnumStrings(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{(LogonFlagPrivate | LogonFlagGhosted).String(), "Private|Ghosted"},
		{LogonFlags(0).String(), "0"},
		{LogonFlags(0x81).String(), "Private|0x80"},
		{TblStatComplete.String(), "TBLSTAT_COMPLETE"},
		{TableStatus(0x42).String(), "TableStatus(0x42)"},
		{ExtFlags(0).String(), "0"},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
}

func TestAuxBuffer(t *testing.T) {
	blocks := []AuxBlock{
		{Version: AuxVersion1, Type: AuxTypeEndpointCapabilities, Body: &AuxEndpointCapabilities{EndpointCapabilityFlag: 1}},
		{Version: AuxVersion1, Type: AuxTypeServerCapabilities, Body: &AuxServerCapabilities{ServerCapabilityFlags: 0x0B}},
	}
	b, err := AppendAuxBuffer(nil, blocks, ExtXorMagic)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseAuxBuffer(b, nil)
	if err != nil || !reflect.DeepEqual(got, blocks) {
		t.Errorf("got %+v, %v", got, err)
	}
}

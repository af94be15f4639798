package ropbuf

import (
	"bytes"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/mapi"
)

// More byte dumps from the "Protocol Examples" (section 4) of the Open
// Specifications, in addition to spec_test.go. Each vector is the complete
// "0000: ..." dump of its section, copied byte for byte; the expected
// struct holds the values that the section's field-by-field explanation
// states. Each case decodes the bytes with the public API, compares every
// field, then encodes the expected value back to the same bytes.
//
// Where the page is cited by an address it is the learn.microsoft.com /
// msdn.microsoft.com page of that section (older revisions of the specs
// number some sections differently; the section number given is the one
// printed on the page).

// svHex decodes a spec hex dump: "0000:"-style offsets, spaces and the
// dash between the eighth and ninth byte are ignored.
func svHex(t testing.TB, s string) []byte {
	t.Helper()
	var sb strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if i := strings.Index(line, ":"); i >= 0 {
			line = line[i+1:]
		}
		sb.WriteString(strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(line))
	}
	b, err := hex.DecodeString(sb.String())
	if err != nil {
		t.Fatalf("svHex: %v", err)
	}
	return b
}

// TestSpecVectorRequests decodes single ROP request buffers of the
// protocol examples.
func TestSpecVectorRequests(t *testing.T) {
	for _, c := range []struct {
		name string
		hex  string
		want Request
	}{
		{
			// [MS-OXCMSG] 4.8.1 RopSaveChangesMessage Request Buffer
			// (page 73ad57f9): RopId 0x0C, LogonId 0x00,
			// ResponseHandleIndex 0x00, InputHandleIndex 0x01,
			// SaveFlags 0x0A. The page labels 0x0A "KeepOpenReadWrite"
			// although that flag alone is 0x02; the byte is kept as
			// given.
			"MS-OXCMSG 4.8.1", "0000: 0c 00 00 01 0a",
			&SaveChangesMessageRequest{LogonID: 0, ResponseHandleIndex: 0, InputHandleIndex: 1, SaveFlags: 0x0A},
		},
		{
			// [MS-OXCPRPT] 4.3.1 Client Request Buffer: PropertySizeLimit
			// 0x0000, WantUnicode 0x0001, three tags (two named
			// properties mapped in 4.1.2, then PidTagChangeKey).
			"MS-OXCPRPT 4.3.1", `0000: 07 00 00 00 00 01 00 03-00 0B 00 3E 86 03 00 3F
				0010: 86 02 01 E2 65`,
			&GetPropertiesSpecificRequest{LogonID: 0, InputHandleIndex: 0, PropertySizeLimit: 0, WantUnicode: 1,
				PropertyTags: []mapi.PropTag{0x863E000B, 0x863F0003, 0x65E20102}},
		},
		{
			// [MS-OXCPRPT] 4.4.1.1 Client Request Buffer: RopOpenStream on
			// PidTagExtendedRuleMessageCondition (0x0E9A0102), ReadWrite.
			"MS-OXCPRPT 4.4.1.1", "0000: 2B 01 00 01 02 01 9A 0E-01",
			&OpenStreamRequest{LogonID: 1, InputHandleIndex: 0, OutputHandleIndex: 1, PropertyTag: 0x0E9A0102, OpenModeFlags: 0x01},
		},
		{
			// [MS-OXCTABL] 4.2.1 Client Request Buffer: RopSetColumns on
			// handle index 1, synchronous, six columns: PidTagFolderId,
			// PidTagMid, PidTagInstID, PidTagInstanceNum, PidTagSubject,
			// PidTagMessageDeliveryTime.
			"MS-OXCTABL 4.2.1", `0000: 12 00 01 00 06 00 14 00-48 67 14 00 4a 67 14 00
				0010: 4d 67 03 00 4e 67 1f 00-37 00 40 00 06 0e`,
			&SetColumnsRequest{LogonID: 0, InputHandleIndex: 1, SetColumnsFlags: 0,
				PropertyTags: []mapi.PropTag{0x67480014, 0x674A0014, 0x674D0014, 0x674E0003, 0x0037001F, 0x0E060040}},
		},
		{
			// [MS-OXCTABL] 4.3.1 Client Request Buffer (the whole
			// RopSortTable; mapi's sort_test.go checks only its
			// SortOrderSet): SortTableFlags 0x00, two sort orders, one
			// category column, all categories expanded;
			// PidTagAddressBookIsMemberOfDistributionList (0x8008301F)
			// ascending, PidTagMessageDeliveryTime descending.
			"MS-OXCTABL 4.3.1", `0000: 13 00 00 00 02 00 01 00-01 00 1f 30 08 80 00 40
				0010: 00 06 0e 01`,
			&SortTableRequest{LogonID: 0, InputHandleIndex: 0, SortTableFlags: 0, SortOrders: mapi.SortOrderSet{
				Orders: []mapi.SortOrder{
					{PropTag: 0x8008301F, Order: mapi.Ascending},
					{PropTag: 0x0E060040, Order: mapi.Descending},
				},
				CategorizedCount: 1,
				ExpandedCount:    1,
			}},
		},
		{
			// [MS-OXCFOLD] 4.2.1 Client Request Buffer: RopDeleteFolder,
			// DeleteFolderFlags 0x05 (DEL_MESSAGES | DEL_FOLDERS),
			// FolderId 0001-00000E8EDF36.
			"MS-OXCFOLD 4.2.1", "0000: 1D 00 01 05 01 00 00 00-0E 8E DF 36",
			&DeleteFolderRequest{LogonID: 0, InputHandleIndex: 1, DeleteFolderFlags: 0x05, FolderID: mapi.MakeID(1, 0x00000E8EDF36)},
		},
		{
			// [MS-OXCFOLD] 4.9.1 Client Request Buffer:
			// RopGetSearchCriteria with UseUnicode and
			// IncludeRestriction, without IncludeFolders.
			"MS-OXCFOLD 4.9.1", "0000: 31 00 00 01 01 00",
			&GetSearchCriteriaRequest{LogonID: 0, InputHandleIndex: 0, UseUnicode: true, IncludeRestriction: true, IncludeFolders: false},
		},
		{
			// [MS-OXCPERM] 4.1 (page 3099162a): RopOpenStream on the
			// folder's PidTagSecurityDescriptorAsXml (0x0E6A001F),
			// ReadOnly.
			"MS-OXCPERM 4.1 RopOpenStream", "0000: 2B 00 01 02 1F 00 6A 0E-00",
			&OpenStreamRequest{LogonID: 0, InputHandleIndex: 1, OutputHandleIndex: 2, PropertyTag: 0x0E6A001F, OpenModeFlags: 0x00},
		},
		{
			// [MS-OXCPERM] 4.1: RopGetPermissionsTable with TableFlags
			// 0x02 (IncludeFreeBusy). (The RopSetColumns and RopQueryRows
			// that the section batches with it are not transcribed: the
			// page text available here breaks off inside them.)
			"MS-OXCPERM 4.1 RopGetPermissionsTable", "0000: 3E 00 00 01 02",
			&GetPermissionsTableRequest{LogonID: 0, InputHandleIndex: 0, OutputHandleIndex: 1, TableFlags: 0x02},
		},
		{
			// [MS-OXCFOLD] 4.3.1 Client Request Buffer: RopDeleteMessages,
			// synchronous, NotifyNonRead TRUE, MIDs 0001-00000E8EF148 (the
			// page misprints it "0001-00000Ee8EF148"; the bytes are
			// 01 00 00 00 0E 8E F1 48) and 0001-00000E8EC302.
			"MS-OXCFOLD 4.3.1", `0000: 1E 00 00 00 01 02 00 01-00 00 00 0E 8E F1 48 01
				0010: 00 00 00 0E 8E C3 02`,
			&DeleteMessagesRequest{LogonID: 0, InputHandleIndex: 0, WantAsynchronous: false, NotifyNonRead: true,
				MessageIDs: []mapi.ID{mapi.MakeID(1, 0x00000E8EF148), mapi.MakeID(1, 0x00000E8EC302)}},
		},
		{
			// [MS-OXCFOLD] 4.4.1 Client Request Buffer:
			// RopMoveCopyMessages from handle index 0 to 1, one MID
			// 0001-00000E8EEC5D, synchronous move (WantCopy FALSE).
			"MS-OXCFOLD 4.4.1", "0000: 33 00 00 01 01 00 01 00-00 00 0E 8E EC 5D 00 00",
			&MoveCopyMessagesRequest{LogonID: 0, SourceHandleIndex: 0, DestHandleIndex: 1,
				MessageIDs: []mapi.ID{mapi.MakeID(1, 0x00000E8EEC5D)}, WantAsynchronous: false, WantCopy: false},
		},
		{
			// [MS-OXOMSG] 4.1.1 ROP Request Buffer: RopSubmitMessage on
			// handle index 2, SubmitFlags None.
			"MS-OXOMSG 4.1.1", "0000: 32 00 02 00",
			&SubmitMessageRequest{LogonID: 0, InputHandleIndex: 2, SubmitFlags: 0},
		},
		{
			// [MS-OXOMSG] 4.3.1 ROP Request Buffer: RopAbortSubmit,
			// FolderId 0001-0003b479ca47, MessageId 0001-0003b7e65fa7.
			// The page's dump carries a stray "4" after the sixteenth
			// byte ("... 03 b7 4" / "0010: e6 5f a7"); the 19 bytes
			// here are the dump without it, which are exactly RopId,
			// LogonId, InputHandleIndex and the two IDs the page states.
			"MS-OXOMSG 4.3.1", `0000: 34 00 00 01 00 00 03 b4-79 ca 47 01 00 00 03 b7
				0010: e6 5f a7`,
			&AbortSubmitRequest{LogonID: 0, InputHandleIndex: 0,
				FolderID: mapi.MakeID(1, 0x0003B479CA47), MessageID: mapi.MakeID(1, 0x0003B7E65FA7)},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := svHex(t, c.hex)
			got, n, err := ParseRequest(b, nil)
			if err != nil {
				t.Fatal(err)
			}
			if n != len(b) {
				t.Errorf("used %d of %d bytes", n, len(b))
			}
			if got.RopID() != RopID(b[0]) {
				t.Errorf("RopID %v, want 0x%02X", got.RopID(), b[0])
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("decoded %+v\nwant    %+v", got, c.want)
			}
			enc, err := c.want.AppendBinary(nil)
			if err != nil || !bytes.Equal(enc, b) {
				t.Errorf("encoded (%v)\n% X\nwant\n% X", err, enc, b)
			}
			if enc, err := AppendRequest([]byte{0xEE}, c.want); err != nil || !bytes.Equal(enc[1:], b) || enc[0] != 0xEE {
				t.Errorf("AppendRequest (%v): % X", err, enc)
			}
		})
	}
}

// TestSpecVectorResponses decodes single ROP response buffers of the
// protocol examples.
func TestSpecVectorResponses(t *testing.T) {
	for _, c := range []struct {
		name string
		hex  string
		ctx  *ResponseContext
		want Response
	}{
		{
			// [MS-OXCPRPT] 4.1.2 Server Response Buffer: two property
			// IDs, 0x863E and 0x863F.
			"MS-OXCPRPT 4.1.2", "0000: 56 00 00 00 00 00 02 00-3E 86 3F 86", nil,
			&GetPropertyIdsFromNamesResponse{InputHandleIndex: 0, ReturnValue: 0, PropertyIDs: []mapi.PropID{0x863E, 0x863F}},
		},
		{
			// [MS-OXCPRPT] 4.2.2 Server Response Buffer: RopSetProperties
			// succeeded, PropertyProblemCount 0.
			"MS-OXCPRPT 4.2.2", "0000: 0A 00 00 00 00 00 00 00", nil,
			&SetPropertiesResponse{InputHandleIndex: 0, ReturnValue: 0, PropertyProblems: nil},
		},
		{
			// [MS-OXCFOLD] 4.2.2 Server Responds to Client Request:
			// RopDeleteFolder, PartialCompletion FALSE.
			"MS-OXCFOLD 4.2.2", "0000: 1D 01 00 00 00 00 00", nil,
			&DeleteFolderResponse{InputHandleIndex: 1, ReturnValue: 0, PartialCompletion: false},
		},
		{
			// [MS-OXCFOLD] 4.5.2 Server Responds to Client Request:
			// RopMoveFolder (request in 4.5.1), PartialCompletion FALSE.
			"MS-OXCFOLD 4.5.2", "0000: 35 01 00 00 00 00 00", nil,
			&MoveFolderResponse{MoveCopyResponse{SourceHandleIndex: 1, ReturnValue: 0, PartialCompletion: false}},
		},
		{
			// [MS-OXCFOLD] 4.6.2 Server Responds to Client Request:
			// RopCopyFolder (request in 4.6.1), PartialCompletion FALSE.
			"MS-OXCFOLD 4.6.2", "0000: 36 00 00 00 00 00 00", nil,
			&CopyFolderResponse{MoveCopyResponse{SourceHandleIndex: 0, ReturnValue: 0, PartialCompletion: false}},
		},
		{
			// [MS-OXCFOLD] 4.7.2 Server Responds to Client Request:
			// RopGetHierarchyTable, 21 rows.
			"MS-OXCFOLD 4.7.2", "0000: 04 02 00 00 00 00 15 00-00 00", nil,
			&GetHierarchyTableResponse{OutputHandleIndex: 2, ReturnValue: 0, RowCount: 0x15},
		},
		{
			// [MS-OXCFOLD] 4.8.2 Server Responds to Client Request:
			// RopSetSearchCriteria succeeded.
			"MS-OXCFOLD 4.8.2", "0000: 30 01 00 00 00 00", nil,
			&SetSearchCriteriaResponse{InputHandleIndex: 1, ReturnValue: 0},
		},
		{
			// [MS-OXCPERM] 4.1: the RopOpenStream of the request above
			// fails with 0x80040102, which the page calls
			// ecNotImplemented and [MS-OXCDATA] 2.4 lists as
			// ecNotSupported; the failure response is six bytes.
			"MS-OXCPERM 4.1 RopOpenStream failure", "0000: 2B 02 02 01 04 80", nil,
			&OpenStreamResponse{OutputHandleIndex: 2, ReturnValue: mapi.EcNotSupported},
		},
		{
			// [MS-OXCFOLD] 4.3.2 Server Responds to Client Request:
			// RopDeleteMessages, PartialCompletion FALSE.
			"MS-OXCFOLD 4.3.2", "0000: 1E 00 00 00 00 00 00", nil,
			&DeleteMessagesResponse{InputHandleIndex: 0, ReturnValue: 0, PartialCompletion: false},
		},
		{
			// [MS-OXOMSG] 4.1.2 ROP Response Buffer: RopSubmitMessage
			// succeeded (ecNone).
			"MS-OXOMSG 4.1.2", "0000: 32 02 00 00 00 00", nil,
			&SubmitMessageResponse{InputHandleIndex: 2, ReturnValue: 0},
		},
		{
			// [MS-OXOMSG] 4.3.2 ROP Response Buffer: RopAbortSubmit
			// succeeded.
			"MS-OXOMSG 4.3.2", "0000: 34 00 00 00 00 00", nil,
			&AbortSubmitResponse{InputHandleIndex: 0, ReturnValue: 0},
		},
		{
			// [MS-OXOMSG] 4.6.1.2 ROP Response Buffer: RopSetSpooler
			// succeeded.
			"MS-OXOMSG 4.6.1.2", "0000: 47 00 00 00 00 00", nil,
			&SetSpoolerResponse{InputHandleIndex: 0, ReturnValue: 0},
		},
		{
			// [MS-OXOMSG] 4.6.6.2 ROP Response Buffer:
			// RopSpoolerLockMessage succeeded.
			"MS-OXOMSG 4.6.6.2", "0000: 48 00 00 00 00 00", nil,
			&SpoolerLockMessageResponse{InputHandleIndex: 0, ReturnValue: 0},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := svHex(t, c.hex)
			got, n, err := ParseResponse(b, c.ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n != len(b) {
				t.Errorf("used %d of %d bytes", n, len(b))
			}
			if got.RopID() != RopID(b[0]) {
				t.Errorf("RopID %v, want 0x%02X", got.RopID(), b[0])
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("decoded %+v\nwant    %+v", got, c.want)
			}
			enc, err := c.want.AppendBinary(nil)
			if err != nil || !bytes.Equal(enc, b) {
				t.Errorf("encoded (%v)\n% X\nwant\n% X", err, enc, b)
			}
			if enc, err := AppendResponse([]byte{0xEE}, c.want); err != nil || !bytes.Equal(enc[1:], b) || enc[0] != 0xEE {
				t.Errorf("AppendResponse (%v): % X", err, enc)
			}
		})
	}
}

// TestSpecVectorEmptyBuffer is [MS-OXCROPS] 4.1 Empty ROP Buffer: RopSize
// 0x0002, no ROPs and no server object handles.
func TestSpecVectorEmptyBuffer(t *testing.T) {
	b := svHex(t, "02 00")
	got, err := ParseRequestBuffer(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Rops) != 0 || len(got.Handles) != 0 {
		t.Errorf("MS-OXCROPS 4.1: got %d ROPs, %d handles", len(got.Rops), len(got.Handles))
	}
	enc, err := (&RequestBuffer{}).AppendBinary(nil)
	if err != nil || !bytes.Equal(enc, b) {
		t.Errorf("MS-OXCROPS 4.1: encoded % X (%v), want % X", enc, err, b)
	}
	enc, err = got.AppendBinary(nil)
	if err != nil || !bytes.Equal(enc, b) {
		t.Errorf("MS-OXCROPS 4.1: re-encoded % X (%v), want % X", enc, err, b)
	}
}

// TestSpecVectorFolderIDs checks the folder IDs of the [MS-OXCFOLD] 4.x
// requests as the pages print them ("0001-00000E8EDF36": replica ID,
// then the 48-bit global counter).
func TestSpecVectorFolderIDs(t *testing.T) {
	q, _, err := ParseRequest(svHex(t, "0000: 1D 00 01 05 01 00 00 00-0E 8E DF 36"), nil)
	if err != nil {
		t.Fatal(err)
	}
	id := q.(*DeleteFolderRequest).FolderID
	if id.ReplicaID() != 0x0001 || id.GlobalCounter() != 0x00000E8EDF36 {
		t.Errorf("MS-OXCFOLD 4.2.1: FolderId %v, want 0001-00000E8EDF36", id)
	}
}

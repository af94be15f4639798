// Command genrops writes ropbuf/zropid.go from the ROP table below: the
// RopID constants, their names and [MS-OXCROPS] sections, the constructors
// the buffer decoders dispatch on, and the RopID/AppendBinary boilerplate
// of every request and response type. Run it with go generate ./ropbuf.
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"log"
	"os"
)

// rop is one row of the table of RopIds ([MS-OXCROPS] 2.2.2).
type rop struct {
	id      int
	name    string // spec name without the "Rop" prefix
	section string // [MS-OXCROPS] section; "" for ROPs no longer in the spec
	req     bool   // has a request buffer
	resp    bool   // has a response buffer
}

var rops = []rop{
	{0x01, "Release", "2.2.15.3", true, false},
	{0x02, "OpenFolder", "2.2.4.1", true, true},
	{0x03, "OpenMessage", "2.2.6.1", true, true},
	{0x04, "GetHierarchyTable", "2.2.4.13", true, true},
	{0x05, "GetContentsTable", "2.2.4.14", true, true},
	{0x06, "CreateMessage", "2.2.6.2", true, true},
	{0x07, "GetPropertiesSpecific", "2.2.8.3", true, true},
	{0x08, "GetPropertiesAll", "2.2.8.4", true, true},
	{0x09, "GetPropertiesList", "2.2.8.5", true, true},
	{0x0A, "SetProperties", "2.2.8.6", true, true},
	{0x0B, "DeleteProperties", "2.2.8.8", true, true},
	{0x0C, "SaveChangesMessage", "2.2.6.3", true, true},
	{0x0D, "RemoveAllRecipients", "2.2.6.4", true, true},
	{0x0E, "ModifyRecipients", "2.2.6.5", true, true},
	{0x0F, "ReadRecipients", "2.2.6.6", true, true},
	{0x10, "ReloadCachedInformation", "2.2.6.7", true, true},
	{0x11, "SetMessageReadFlag", "2.2.6.11", true, true},
	{0x12, "SetColumns", "2.2.5.1", true, true},
	{0x13, "SortTable", "2.2.5.2", true, true},
	{0x14, "Restrict", "2.2.5.3", true, true},
	{0x15, "QueryRows", "2.2.5.4", true, true},
	{0x16, "GetStatus", "2.2.5.6", true, true},
	{0x17, "QueryPosition", "2.2.5.7", true, true},
	{0x18, "SeekRow", "2.2.5.8", true, true},
	{0x19, "SeekRowBookmark", "2.2.5.9", true, true},
	{0x1A, "SeekRowFractional", "2.2.5.10", true, true},
	{0x1B, "CreateBookmark", "2.2.5.11", true, true},
	{0x1C, "CreateFolder", "2.2.4.2", true, true},
	{0x1D, "DeleteFolder", "2.2.4.3", true, true},
	{0x1E, "DeleteMessages", "2.2.4.11", true, true},
	{0x1F, "GetMessageStatus", "2.2.6.9", true, true},
	{0x20, "SetMessageStatus", "2.2.6.8", true, true},
	{0x21, "GetAttachmentTable", "2.2.6.17", true, true},
	{0x22, "OpenAttachment", "2.2.6.12", true, true},
	{0x23, "CreateAttachment", "2.2.6.13", true, true},
	{0x24, "DeleteAttachment", "2.2.6.14", true, true},
	{0x25, "SaveChangesAttachment", "2.2.6.15", true, true},
	{0x26, "SetReceiveFolder", "2.2.3.3", true, true},
	{0x27, "GetReceiveFolder", "2.2.3.2", true, true},
	{0x29, "RegisterNotification", "2.2.14.1", true, true},
	{0x2A, "Notify", "2.2.14.2", false, true},
	{0x2B, "OpenStream", "2.2.9.1", true, true},
	{0x2C, "ReadStream", "2.2.9.2", true, true},
	{0x2D, "WriteStream", "2.2.9.3", true, true},
	{0x2E, "SeekStream", "2.2.9.8", true, true},
	{0x2F, "SetStreamSize", "2.2.9.7", true, true},
	{0x30, "SetSearchCriteria", "2.2.4.4", true, true},
	{0x31, "GetSearchCriteria", "2.2.4.5", true, true},
	{0x32, "SubmitMessage", "2.2.7.1", true, true},
	{0x33, "MoveCopyMessages", "2.2.4.6", true, true},
	{0x34, "AbortSubmit", "2.2.7.2", true, true},
	{0x35, "MoveFolder", "2.2.4.7", true, true},
	{0x36, "CopyFolder", "2.2.4.8", true, true},
	{0x37, "QueryColumnsAll", "2.2.5.12", true, true},
	{0x38, "Abort", "2.2.5.5", true, true},
	{0x39, "CopyTo", "2.2.8.12", true, true},
	{0x3A, "CopyToStream", "2.2.9.9", true, true},
	{0x3B, "CloneStream", "2.2.9.13", true, true},
	{0x3E, "GetPermissionsTable", "2.2.10.2", true, true},
	{0x3F, "GetRulesTable", "2.2.11.2", true, true},
	{0x40, "ModifyPermissions", "2.2.10.1", true, true},
	{0x41, "ModifyRules", "2.2.11.1", true, true},
	{0x42, "GetOwningServers", "2.2.3.6", true, true},
	{0x43, "LongTermIdFromId", "2.2.3.8", true, true},
	{0x44, "IdFromLongTermId", "2.2.3.9", true, true},
	{0x45, "PublicFolderIsGhosted", "2.2.3.7", true, true},
	{0x46, "OpenEmbeddedMessage", "2.2.6.16", true, true},
	{0x47, "SetSpooler", "2.2.7.4", true, true},
	{0x48, "SpoolerLockMessage", "2.2.7.5", true, true},
	{0x49, "GetAddressTypes", "2.2.7.3", true, true},
	{0x4A, "TransportSend", "2.2.7.6", true, true},
	{0x4B, "FastTransferSourceCopyMessages", "2.2.12.6", true, true},
	{0x4C, "FastTransferSourceCopyFolder", "2.2.12.5", true, true},
	{0x4D, "FastTransferSourceCopyTo", "2.2.12.7", true, true},
	{0x4E, "FastTransferSourceGetBuffer", "2.2.12.4", true, true},
	{0x4F, "FindRow", "2.2.5.13", true, true},
	{0x50, "Progress", "2.2.8.13", true, true},
	{0x51, "TransportNewMail", "2.2.7.7", true, true},
	{0x52, "GetValidAttachments", "2.2.6.18", true, true},
	{0x53, "FastTransferDestinationConfigure", "2.2.12.1", true, true},
	{0x54, "FastTransferDestinationPutBuffer", "2.2.12.2", true, true},
	{0x55, "GetNamesFromPropertyIds", "2.2.8.2", true, true},
	{0x56, "GetPropertyIdsFromNames", "2.2.8.1", true, true},
	{0x57, "UpdateDeferredActionMessages", "2.2.11.3", true, true},
	{0x58, "EmptyFolder", "2.2.4.9", true, true},
	{0x59, "ExpandRow", "2.2.5.16", true, true},
	{0x5A, "CollapseRow", "2.2.5.17", true, true},
	{0x5B, "LockRegionStream", "2.2.9.10", true, true},
	{0x5C, "UnlockRegionStream", "2.2.9.11", true, true},
	{0x5D, "CommitStream", "2.2.9.5", true, true},
	{0x5E, "GetStreamSize", "2.2.9.6", true, true},
	{0x5F, "QueryNamedProperties", "2.2.8.10", true, true},
	{0x60, "GetPerUserLongTermIds", "2.2.3.10", true, true},
	{0x61, "GetPerUserGuid", "2.2.3.11", true, true},
	{0x63, "ReadPerUserInformation", "2.2.3.12", true, true},
	{0x64, "WritePerUserInformation", "2.2.3.13", true, true},
	{0x66, "SetReadFlags", "2.2.6.10", true, true},
	{0x67, "CopyProperties", "2.2.8.11", true, true},
	{0x68, "GetReceiveFolderTable", "2.2.3.4", true, true},
	{0x69, "FastTransferSourceCopyProperties", "2.2.12.8", true, true},
	{0x6B, "GetCollapseState", "2.2.5.18", true, true},
	{0x6C, "SetCollapseState", "2.2.5.19", true, true},
	{0x6D, "GetTransportFolder", "2.2.7.8", true, true},
	{0x6E, "Pending", "2.2.14.3", false, true},
	{0x6F, "OptionsData", "2.2.7.9", true, true},
	{0x70, "SynchronizationConfigure", "2.2.13.1", true, true},
	{0x72, "SynchronizationImportMessageChange", "2.2.13.2", true, true},
	{0x73, "SynchronizationImportHierarchyChange", "2.2.13.4", true, true},
	{0x74, "SynchronizationImportDeletes", "2.2.13.5", true, true},
	{0x75, "SynchronizationUploadStateStreamBegin", "2.2.13.9", true, true},
	{0x76, "SynchronizationUploadStateStreamContinue", "2.2.13.10", true, true},
	{0x77, "SynchronizationUploadStateStreamEnd", "2.2.13.11", true, true},
	{0x78, "SynchronizationImportMessageMove", "2.2.13.6", true, true},
	{0x79, "SetPropertiesNoReplicate", "2.2.8.7", true, true},
	{0x7A, "DeletePropertiesNoReplicate", "2.2.8.9", true, true},
	{0x7B, "GetStoreState", "2.2.3.5", true, true},
	{0x7E, "SynchronizationOpenCollector", "2.2.13.7", true, true},
	{0x7F, "GetLocalReplicaIds", "2.2.13.13", true, true},
	{0x80, "SynchronizationImportReadStateChanges", "2.2.13.3", true, true},
	{0x81, "ResetTable", "2.2.5.15", true, true},
	{0x82, "SynchronizationGetTransferState", "2.2.13.8", true, true},
	{0x83, "SynchronizationOpenAdvisor", "", true, true},
	{0x84, "RegisterSynchronizationNotifications", "", true, true},
	{0x86, "TellVersion", "2.2.12.9", true, true},
	{0x87, "OpenPublicFolderByName", "", true, true},
	{0x88, "SetSynchronizationNotificationGuid", "", true, true},
	{0x89, "FreeBookmark", "2.2.5.14", true, true},
	{0x8A, "DeletePublicFolderByName", "", true, true},
	{0x90, "WriteAndCommitStream", "2.2.9.12", true, true},
	{0x91, "HardDeleteMessages", "2.2.4.12", true, true},
	{0x92, "HardDeleteMessagesAndSubfolders", "2.2.4.10", true, true},
	{0x93, "SetLocalReplicaMidsetDeleted", "2.2.13.12", true, true},
	{0x9D, "FastTransferDestinationPutBufferExtended", "2.2.12.3", true, true},
	{0xA3, "WriteStreamExtended", "2.2.9.4", true, true},
	{0xF9, "Backoff", "2.2.15.2", false, true},
	{0xFE, "Logon", "2.2.3.1", true, true},
	{0xFF, "BufferTooSmall", "2.2.15.1", false, true},
}

func main() {
	out := "zropid.go"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("// Code generated by ropbuf/internal/genrops; DO NOT EDIT.\n\n")
	p("package ropbuf\n\n")
	p("// RopIDs of [MS-OXCROPS] 2.2.2 (and five that earlier versions defined).\nconst (\n")
	for _, r := range rops {
		sec := "[MS-OXCROPS] " + r.section
		if r.section == "" {
			sec = "reserved in current [MS-OXCROPS]; see doc.go"
		}
		p("\tRop%s RopID = 0x%02X // %s\n", r.name, r.id, sec)
	}
	p(")\n\n")
	p("// ropTable is the table of RopIds: name, section and constructors.\nvar ropTable = [256]ropInfo{\n")
	for _, r := range rops {
		p("\t0x%02X: {name: %q, section: %q", r.id, "Rop"+r.name, r.section)
		if r.req {
			p(", newRequest: func() Request { return new(%sRequest) }", r.name)
		}
		if r.resp {
			p(", newResponse: func() Response { return new(%sResponse) }", r.name)
		}
		p("},\n")
	}
	p("}\n\n")
	p("// ropIDs lists every RopID in the table, in numeric order.\nvar ropIDs = [...]RopID{")
	for i, r := range rops {
		if i%6 == 0 {
			p("\n\t")
		} else {
			p(" ")
		}
		p("Rop%s,", r.name)
	}
	p("\n}\n\n")
	for _, r := range rops {
		if r.req {
			p("// RopID returns Rop%s.\nfunc (*%sRequest) RopID() RopID { return Rop%s }\n\n", r.name, r.name, r.name)
			p("// AppendBinary appends the request buffer, RopId first.\nfunc (q *%sRequest) AppendBinary(b []byte) ([]byte, error) { return AppendRequest(b, q) }\n\n", r.name)
		}
		if r.resp {
			p("// RopID returns Rop%s.\nfunc (*%sResponse) RopID() RopID { return Rop%s }\n\n", r.name, r.name, r.name)
			p("// AppendBinary appends the response buffer, RopId first.\nfunc (p *%sResponse) AppendBinary(b []byte) ([]byte, error) { return AppendResponse(b, p) }\n\n", r.name)
		}
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		log.Fatalf("genrops: %v\n%s", err, b.String())
	}
	if err := os.WriteFile(out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}

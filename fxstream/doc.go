// Package fxstream is a codec of FastTransfer streams ([MS-OXCFXICS]
// 2.2.4): the tokenized binary format in which Exchange moves folders,
// messages, recipients and attachments whole (RopFastTransferSource* and
// RopFastTransferDestination* over MAPI, ExportItems and UploadItems over
// EWS, [MS-OXWSBTRF]).
//
// # Layers
//
// The lexical layer (2.2.4.1) is Lexer and AppendMarker/AppendPropValue:
// a stream is a sequence of markers (4-byte tags of 2.2.4.1.4, Marker) and
// propValue elements (a property tag, for named properties the property
// set and the LID or name, then the value). Values are serialized as in
// [MS-OXCDATA] 2.11 with the exceptions of 2.2.4.1.3: PtypBoolean takes
// two bytes, and every variable-size value (PtypString, PtypString8,
// PtypBinary, PtypServerId, PtypObject and each element of a
// multi-valued variable-size property) is preceded by a 32-bit byte
// length; multi-valued properties are preceded by a 32-bit value count.
// Strings are written with their terminating NUL (2.2.4.1.3 <20>);
// readers drop a terminating NUL only when it is there (R995). Code page
// string types (2.2.4.1.1.1, type bit 0x8000) are read: code pages 1200
// and 1201 (UTF-16LE and BE) and the Unicode type 0x94B0 as PtypString,
// any other as PtypString8 bytes without conversion; they are never
// written. A zero time.Time is written as FILETIME 0 (and reads
// back as 1601-01-01 UTC).
//
// The syntactical layer (2.2.4.2) covers the message subset of the
// grammar: messageContent (propList, then messageChildren: recipients
// and attachments, attachments carrying embedded messages recursively)
// and the message element (StartMessage or StartFAIMsg, messageContent,
// EndMessage), the messageList (a sequence of message elements) and the
// attachmentContent, through Message, AppendMessageContent, AppendMessage,
// AppendMessageList, AppendAttachmentContent and the Parse functions of
// the same names. Folder content, hierarchy and
// contents synchronization (folderContent, contentsSync, hierarchySync,
// state) are not built yet; their markers are known to the Lexer.
//
// Named properties travel by name in a stream and by mailbox-local ID
// (0x8000 and up) in a Message: encoders take a Names map from the IDs
// used to their names; decoders assign IDs 0x8000, 0x8001, ... to the
// names in order of first appearance and return that Names map, which
// the caller remaps to its store's IDs.
//
// The meta-properties MetaTagDnPrefix and MetaTagEcWarning are skipped
// where they may appear; MetaTagFXDelProp is accepted (and ignored) where
// messageChildren allows it. Properties of type PtypErrorCode and
// PtypObject are left out of encoded propLists (2.2.4.3.20 R1185; objects
// travel as subobjects).
//
// # Limits
//
// Decoders take a *Limits (nil: DefaultLimits) bounding the stream size,
// the nesting of embedded messages, the properties per object and the
// recipients and attachments per message, and in total the objects in one
// stream. Every count and length read from the wire is checked against the
// bytes that remain before anything is allocated, so memory stays a small
// multiple of the input. Errors are *Error values carrying the offset and
// the element being decoded.
//
// # Place in the design
//
// fxstream is a codec at the module root beside mapi, importing only mapi
// and internal/wire, never store: the MAPI/HTTP FastTransfer contexts and
// EWS ExportItems/UploadItems both need it, and a codec must not depend on
// a server package. (DESIGN.md's package list does not name it yet.)
package fxstream

// Package ropbuf is a symmetric codec of Remote Operations (ROPs): every
// ROP request and response of [MS-OXCROPS] 2.2 (v24.0), the ROP input and
// output buffers that carry them, the RPC_HEADER_EXT extended buffers with
// their LZ77 (DIRECT2) compression and XOR obfuscation, and the auxiliary
// buffers of [MS-OXCRPC] 2.2.2 (v23.0). The same types serve a server
// (decode requests, encode responses), a client (the reverse) and tools
// that dissect captured traffic.
//
// Each ROP has a request struct (XxxRequest) and a response struct
// (XxxResponse) whose doc comment cites its section; RopIDs lists them and
// NewRequest/NewResponse make them from a RopID. A response whose
// ReturnValue is not zero encodes its failure shape: most shrink to the
// handle index and ReturnValue, some keep fields that the spec draws
// unconditionally (RopReadStream's Data, RopDeleteFolder's
// PartialCompletion, ...), and some carry extra fields on particular
// errors (RopLogon's redirect, ecDstNullObject's DestHandleIndex,
// RopFastTransferSourceGetBuffer's BackoffTime, RopGetPropertyIdsFromNames
// with ecWarnWithErrors).
//
// Layouts that depend on state outside the ROP's own bytes take it as an
// explicit parameter, never hidden state: ResponseContext and
// BufferContext (table columns for RopQueryRows, RopFindRow and
// RopExpandRow rows; the request's tags for RopGetPropertiesSpecific) and
// RequestContext (whether a logon is private, for
// RopWritePerUserInformation and RopSetMessageReadFlag; RopLogon requests
// earlier in the same buffer are taken into account). Responses with rows
// carry their column set in a Columns field that is not on the wire, so
// they encode without context.
//
// Decoding a request buffer allocates the RequestBuffer, one codec, the
// ROP structs and what their variable fields need (strings, tag and ID
// slices); byte fields alias the input. Encoding a buffer allocates once.
//
// Decoding never panics and never allocates from a count it has not
// checked against the bytes left. Decoded byte slices alias the input
// buffer (copy them to keep them after reusing the buffer); decoded empty
// slices are nil. Unknown RopIds stop decoding with an *UnknownRopError
// that names the ID and offset, and the ROPs before it are returned.
//
// RopIDs lists 137 ROPs: the 132 of [MS-OXCROPS] 2.2 and the five below;
// 133 have a request (all but RopNotify, RopPending, RopBackoff and
// RopBufferTooSmall) and 136 a response (all but RopRelease).
//
// The LZ77 codec is the "Plain LZ77" of [MS-XCA] 2.3/2.4 that
// [MS-OXCRPC] 3.1.7.2.1 calls LZ77 with DIRECT2 encoding; the encoder
// emits matches of at most 65538 bytes within 8 KiB and reproduces the
// [MS-XCA] 3.1 examples byte for byte.
//
// # Not done, or done with reservations
//
//   - RopIds 0x83, 0x84, 0x87, 0x88 and 0x8A are reserved in the current
//     [MS-OXCROPS]. 0x83, 0x84 and 0x88 follow Exchange's own ROP parser;
//     0x87 follows OpenChange's client and 0x8A is an assumption (no public
//     description exists). Both are flagged in their doc comments.
//   - RecipientRow structures ([MS-OXCDATA] 2.8.3) inside RopOpenMessage,
//     RopReadRecipients, RopModifyRecipients and friends are kept in the
//     ROP structs as the bytes their RecipientRowSize gives (they need the
//     RecipientColumns to interpret); ParseRecipientRow and
//     AppendRecipientRow convert them. NotificationData's TableRowData is
//     kept as bytes likewise.
//   - Property values, restrictions, sort orders, names and rows are
//     encoded by package mapi; ropbuf only frames them.
//   - RopRegisterNotification's Reserved byte is read only with the
//     Extended flag, as [MS-OXCNOTIF] says and [MS-OXCROPS] does not (a
//     QUIRK comment on the type). The failure shapes of the ROPs that
//     [MS-OXCROPS] draws with a single response buffer keep their fields,
//     as drawn.
//   - The fast transfer stream inside RopFastTransferSourceGetBuffer and
//     RopFastTransferDestinationPutBuffer ([MS-OXCFXICS] 2.2.4) is kept as
//     bytes; parsing it is not this package's job.
//
// # Limits
//
// A ROP buffer's RopSize is 16 bits, so a RopsList is at most 65533 bytes
// and every count inside it is bounded by that. Decompression is bounded
// by each header's SizeActual (at most 65535) and, over a chain, by
// ExtOptions.MaxTotal (DefaultMaxExtTotal, 4 MiB); the auxiliary buffer
// parser by the buffer it is given. RopsList entries are decoded one at a
// time, so a buffer cannot make the decoder allocate more than a small
// multiple of its own size.
package ropbuf

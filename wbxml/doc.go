// Package wbxml is the WAP Binary XML codec of Exchange ActiveSync: WBXML
// 1.3 as [MS-ASWBXML] (v16.1) profiles it, with every ActiveSync code page.
//
// # Specifications
//
//   - [MS-ASWBXML] Exchange ActiveSync: WAP Binary XML (WBXML) Algorithm,
//     v16.1: code pages 0-25 (AirSync ... Find) in section 2.1.2.1, global
//     tokens in 1.6, processing rules in 2.1.3. The tables are generated
//     from codepages.txt (go generate) into zcodepages.go.
//   - [WBXML1.2] WAP Binary XML Content Format (W3C Note, 1999) and WBXML
//     1.3: header, multi-byte integers, SWITCH_PAGE, END, STR_I, STR_T,
//     OPAQUE.
//   - [MS-ASDTYPE] 2.7.1: byte-array content is sent as OPAQUE; the elements
//     holding byte arrays are flagged in codepages.txt (Tag.Opaque).
//
// # API levels
//
//   - Tokens: Decoder.Token and Encoder.EncodeToken, like encoding/xml.
//     The decoder allocates nothing per token: token data aliases its
//     buffer (or the input slice) and is valid until the next call.
//   - Trees: Element, Parse, Decoder.Element, Element.AppendBinary.
//   - Structs: Marshal, Append, Unmarshal, UnmarshalOptions, Decoder.Decode
//     with `wbxml` field tags (see Marshal); per-type metadata is computed
//     once and cached.
//   - XML text: Element.WriteXML, ParseXML, XMLToWBXML, WBXMLToXML, for
//     debugging (examples/wbxmldump is a command around them). The XML form
//     is the one Exchange and libwbxml print: namespaces are the code page
//     names with a colon ("AirSync:"), byte-array content is base64.
//
// Tags are Tag values (code page and token); every ActiveSync tag has a
// generated constant named namespace + tag (AirSyncSyncKey,
// Email2ConversationId, FindSearchId). Tag.Opaque reports the elements
// whose content is a byte array; the encoders always write their content as
// OPAQUE, the decoders accept it as OPAQUE or as a string.
//
// # Memory
//
// Strings decoded by Parse and Unmarshal share 64 KiB chunks (one
// allocation for many values), so a retained short string keeps its chunk
// alive. With Options.AliasInput, strings and byte slices share the input
// instead (no copies at all); the input must then not be modified while
// they are in use.
//
// # What is not supported
//
// The WBXML features ActiveSync does not use ([MS-ASWBXML] 2.1.3):
// attributes, ENTITY, EXT_*, PI and LITERAL* are rejected with a
// *SyntaxError wrapping ErrUnsupportedToken, located at the token. Unknown
// code pages (ErrUnknownPage) and unassigned tokens of known pages
// (ErrUnknownTag) are errors too. String tables are read (libwbxml puts the
// public identifier there) and STR_T references are decoded, but the
// encoder never writes a string table. Only the UTF-8 (106) and US-ASCII
// (3) charsets are accepted; text is passed through without validation.
// WBXML 1.0 headers (without charset) are rejected. Protocol versions are
// not enforced: a tag introduced in 16.1 decodes in any document. Code page
// 3 (AirNotify) is known but has no tags left. The schema (which element
// may contain which) is not checked.
//
// # Interoperability
//
// interop/suites/wbxml.sh checks both directions against libwbxml 0.11.8
// over testdata/corpus; libwbxml's deviations (its own spelling of some
// tags, no code page 25, no 16.x MeetingResponse and Provision tokens,
// trimming of text white space) are listed in internal/interopcheck.
//
// # Limits
//
// Options bounds nesting depth (DefaultMaxDepth 64), the length of one
// string, opaque value or string table (DefaultMaxStringLength 32 MiB) and
// the whole document (DefaultMaxDocumentSize 64 MiB). A decoder never
// allocates more than the document it has read, and lengths read from the
// wire are checked against these limits before any buffer grows.
package wbxml

// Package oxcmail converts between Internet mail (RFC 5322 and MIME) and
// MAPI messages as property bags, per [MS-OXCMAIL]: Import for delivery,
// EWS MimeContent, ActiveSync SendMail and MAPI submit; Export for the way
// back.
//
// Import maps the header fields of [MS-OXCMAIL] 2.2.3.2 (subject with
// prefix and normalized subject, From/Sender/Reply-To, To/Cc/Bcc into the
// recipient table with one-off entry IDs, Date and Received times,
// Message-ID/In-Reply-To/References, Importance/Priority/X-Priority,
// Sensitivity, Keywords, read and delivery receipt requests,
// Thread-Topic/Thread-Index, List-*), keeps the whole header block in
// PidTagTransportMessageHeaders and X- fields as PS_INTERNET_HEADERS
// named properties; picks text/plain and text/html bodies out of
// multipart/alternative and multipart/related (inline parts become hidden
// attachments with their Content-ID/Location); turns other parts into
// attachments (RFC 2231 and RFC 2047 file names), message/rfc822 into
// embedded messages, and text/calendar into meeting properties through the
// CalendarConverter hook the ical package implements. S/MIME messages get
// the IPM.Note.SMIME classes with the signed or encrypted entity kept as
// the attachment [MS-OXCMAIL] prescribes.
//
// Charsets: every charset golang.org/x/text knows (through the WHATWG and
// IANA tables) plus UTF-7; RFC 2047 encoded words including the malformed
// forms common mailers produce; undeclared 8-bit text as UTF-8 when valid,
// else windows-1252. Each such departure from the specs carries a QUIRK
// comment.
//
// Export writes the reverse ([MS-OXCMAIL] 2.2.2): header fields, encoded
// display names and subjects, multipart/alternative for text and HTML,
// multipart/related for inline images, multipart/mixed for attachments
// with RFC 2231 file names, message/rfc822 for embedded messages.
// Boundaries are deterministic under Options.Seed.
//
// The MIME structure is parsed by hand over the message bytes (see
// mime.go for why); decoding uses the standard library's mime,
// mime/quotedprintable and net/mail, and golang.org/x/text.
//
// TNEF parts (application/ms-tnef, winmail.dat) are decoded and merged
// into the message (MergeTNEF: TNEF properties win, the MIME addresses and
// transport properties stay); one that does not decode stays an
// application/octet-stream attachment. An RTF-only body is exported as the
// HTML or text it encapsulates.
//
// Compressed RTF ([MS-OXRTFCP]): DecompressRTF reads PidTagRtfCompressed in
// both forms (LZFu and uncompressed "MELA"), checking COMPSIZE, COMPTYPE,
// the spec's CRC and RAWSIZE; CompressRTF and UncompressedRTF write them.
// RAWSIZE above MaxRTFSize (64 MiB) is refused and output never exceeds
// RAWSIZE. The compressor takes the longest dictionary match (ties: lowest
// offset), which reproduces the spec's examples byte for byte.
//
// RTF de-encapsulation ([MS-OXRTFEX]): RTFToHTML extracts \fromhtml1
// HTML (as UTF-8: \'hh by the font's or \ansicpg code page, \uN, \par and
// \tab in \*\htmltag, \htmlrtf regions dropped); RTFToText returns the text
// of \fromtext RTF or renders other RTF as text. Limits: MaxRTFDepth
// nested groups, MaxRTFOutput bytes of output.
//
// TNEF ([MS-OXTNEF]): DecodeTNEF reads a winmail.dat stream into a
// Message — mapped attributes, attMsgProps, attRecipTable, attachments
// (attAttachRendData, attAttachData, attAttachTitle, attAttachment) and
// embedded messages; encapsulated properties override mapped attributes,
// 8-bit strings become Unicode via attOemCodepage. EncodeTNEF writes one
// deterministically. Limits (TNEFOptions): embedded-message depth 8,
// 100,000 properties, 10,000 recipients and 10,000 attachments per stream;
// checksums are verified unless IgnoreChecksums.
//
// Not yet here: HTML→RTF encapsulation; TNEF's attFrom, attOwner,
// attSentFor, attDelegate and attMessageStatus (their properties travel in
// attMsgProps); OLE objects inside TNEF stay PtypBinary; encrypted S/MIME
// content is not decrypted (by design: the client does).
//
// Limits (Options): message size (64 MiB), one header block (1 MiB), MIME
// nesting (32) and part count (10,000), counted across embedded messages;
// at most MaxInternetHeaderProps X- fields become named properties per
// message. Exceeding a limit is an *Error wrapping ErrTooLarge,
// ErrHeaderTooBig, ErrTooDeep or ErrTooManyParts, never a panic.
package oxcmail

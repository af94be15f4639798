// Package vcard converts vCards to and from contact property bags
// ([MS-OXVCARD], [MS-OXOCNTC]).
//
// Versions: vCard 2.1 (including QUOTED-PRINTABLE values with soft line
// breaks that continue at column 0, CHARSET parameters decoded with
// golang.org/x/text, bare "TEL;HOME;VOICE" types, BASE64 photos on
// indented lines ended by a blank line — the shapes Outlook and Android
// export; emersion/go-vcard declines quoted-printable, so the package
// has its own parser), vCard 3.0 (RFC 2426: ENCODING=b, TEXT escapes,
// grouped "item1." properties as Apple writes them) and vCard 4.0
// (RFC 6350: VALUE=uri tel: numbers, data: URI photos, GENDER,
// ANNIVERSARY). Input without CHARSET that is not valid UTF-8 is read
// as Windows-1252 (QUIRK: what Windows tools write).
//
// Mapping ([MS-OXVCARD] 2.1.3): FN → PidTagDisplayName and
// PidLidFileUnder; N → surname, given, middle, prefix, generation;
// NICKNAME; ORG → company and department; TITLE; ROLE → profession; TEL
// by type → the business (two), home (two), mobile, business/home/primary
// fax, pager, car, ISDN, primary, other and TTY numbers, and Outlook's
// X-MS-TEL kinds → assistant, callback, company main and radio; the three
// e-mail slots (PidLidEmail1..3 address, display name, address type,
// original display name; PREF first); ADR home/work/other with
// PidLidPostalAddressId from PREF or X-MS-OL-DEFAULT-POSTAL-ADDRESS; BDAY;
// ANNIVERSARY/X-MS-ANNIVERSARY; NOTE → PidTagBody (CRLF line breaks);
// URL → business/personal home page; CATEGORIES → PidNameKeywords;
// GENDER/X-GENDER → PidTagGender; IMPP/X-MS-IMADDRESS and X-JABBER etc.
// → PidLidInstantMessagingAddress; X-MS-MANAGER, X-MS-ASSISTANT,
// X-MS-SPOUSE, X-MS-CHILD; Apple's X-PHONETIC-FIRST-NAME and
// X-PHONETIC-LAST-NAME → PidLidYomiFirstName, PidLidYomiLastName; CLASS →
// sensitivity; REV → last modification
// time; PHOTO (or X-MS-CARDPICTURE) → a contact photo attachment
// (PidTagAttachmentContactPhoto, [MS-OXOCNTC] 2.2.1.8) and PidLidHasPicture.
// Export writes the same in the chosen version.
//
// Not implemented: PHOTO by URL (not fetched; a warning), LABEL, GEO, TZ,
// KEY, SOUND, AGENT (nested vCards are an error), KIND:group (distribution
// lists), UID (Exchange keeps no contact UID property), more than three
// e-mail addresses or one address per kind (extra ones are dropped with a
// warning), X- properties other than those above.
//
// Named properties travel by name (Contact.Named); the caller maps them to
// the mailbox's IDs.
//
// Limits: see Limits (defaults: 8 MiB per logical line, 64 MiB per input,
// 100000 cards, 5000 properties per card, 64 parameters per line).
package vcard

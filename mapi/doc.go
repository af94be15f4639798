// Package mapi is oxkit's canonical data model: MAPI property types, tags,
// typed values, rows, restrictions, sort orders, entry IDs,
// change-tracking structures and error codes, with their binary codecs.
//
// Every other oxkit package speaks in these types: a message is a bag of
// PropValue, a folder query is a Restriction and a SortOrderSet, an object
// is named by an ID (replica ID + 48-bit global counter) and entry IDs
// built from it, a sync state is an IDSet.
//
// # Specifications
//
//   - [MS-OXCDATA]: property types (2.11.1) and values (2.11.2–2.11.6),
//     rows (2.8), property names (2.6), problems (2.7), tag arrays
//     (2.10), restrictions (2.12), sort orders (2.13), IDs (2.2.1),
//     entry IDs (2.2.4, 2.2.5), flat entry lists (2.3), error codes (2.4).
//   - [MS-OXPROPS]: the property list (KnownTags, KnownNamedProps,
//     LookupTag, NamedPropByName), generated into zprops.go by
//     go generate from the checked-in data in propdata/; error codes into
//     zerrors.go likewise.
//   - [MS-OXCFXICS] 2.2.2: XID, PredecessorChangeList, IDSET and GLOBSET
//     with the full command encoding.
//   - [MS-OXORULE] 2.2.5: rule actions (PtypRuleAction values).
//
// # Count widths
//
// Codecs come in two count widths where the spec has two: the ROP-buffer
// forms count with 16 bits, the MAPI/HTTP, NSPI and extended-rule forms
// with 32. They are distinct functions (ParsePropertyRow16 and
// ParsePropertyRow32, AppendRestriction16 and AppendRestriction32), never a
// mode flag.
//
// # Values
//
// PropValue.Value holds the Go type its tag's type maps to (see PropValue).
// In rows, a flagged "not found" value is Absent{} and a flagged error is
// ErrorValue, distinct from a PtypErrorCode property's ErrorCode, so every
// row round-trips byte for byte. BuildPropertyRow assembles a row from a
// property lookup for servers.
//
// # Restrictions
//
// All twelve restriction kinds as structs; Evaluate (or an Evaluator for a
// table) matches them against an Object, Bag being a simple one. Content
// restrictions fold case with full Unicode case folding and strip
// non-spacing marks after NFD; RELOP_RE uses Go's linear-time regexp;
// RELOP_MEMBER_OF_DL needs Evaluator.MemberOfDL. CompareValues and
// SortOrderSet.Compare give the sort order stores use (missing values
// last; strings case-insensitive, no locale tailoring). MaximumCategory
// columns are left to the table implementation.
//
// # Limits
//
// Nothing allocates from a count before checking it against the bytes
// left. Restrictions nest at most MaxRestrictionDepth (64) deep, and a
// restriction or rule-action value inside a restriction is refused
// (ErrNestedValue), so recursion through values is bounded; RELOP_RE
// patterns are at most MaxRegexLength (1024) bytes; property names at most
// MaxPropertyNameSize (255) bytes; entry-ID strings at most
// MaxEntryIDString (4096) bytes; IDSET/GLOBSET decoding at most
// IDSetOptions.MaxRanges ranges (2^20) per buffer, with a GLOBSET stack of
// at most 6 bytes — ranges are never expanded.
//
// # Not here
//
// The NSPI PropertyValue_r forms, the MAPI/HTTP address-book value
// structures, WrappedEntryId ([MS-OXOCNTC]) and the EntryIDv2/v3 blocks
// newer clients append to store entry IDs (kept as bytes).
package mapi

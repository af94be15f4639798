// Package mapi is oxkit's canonical data model: MAPI property types, tags,
// typed values, restrictions, sort orders, entry IDs, change-tracking
// structures and error codes, with their binary codecs.
//
// Specifications: [MS-OXCDATA] (data structures), [MS-OXPROPS] (the
// property list, generated into zprops.go by go generate from a
// checked-in data file), [MS-OXCFXICS] 2.2.2 (XID,
// PredecessorChangeList, IDSET/GLOBSET).
//
// Every other oxkit package speaks in these types: a message is a bag of
// PropValue, a folder query is a Restriction and a SortOrderSet, an object
// is named by an entry ID built from a FID or MID.
//
// Codecs come in two count widths where the spec has two: the ROP-buffer
// forms count with 16 bits, the MAPI/HTTP, NSPI and extended-rule forms with
// 32. They are distinct functions (for example AppendRow16 and
// AppendRow32), never a mode flag.
package mapi

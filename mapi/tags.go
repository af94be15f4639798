package mapi

// tagName returns the [MS-OXPROPS] name of a known tag, or "".
// The generated table (zprops.go) replaces this lookup.
func tagName(t PropTag) string { return "" }

// errorCodeName returns the spec name of e, or "". Replaced by the table
// of [MS-OXCDATA] 2.4.
func errorCodeName(e ErrorCode) string { return "" }

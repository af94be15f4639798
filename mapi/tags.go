package mapi

// tagName returns the [MS-OXPROPS] name of a known tag, or "".
// The generated table (zprops.go) replaces this lookup.
func tagName(t PropTag) string { return "" }

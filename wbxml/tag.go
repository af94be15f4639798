package wbxml

import (
	"strconv"
	"strings"
)

// Page is a WBXML code page number. ActiveSync assigns one XML namespace
// to each code page ([MS-ASWBXML] 2.1.2.1).
type Page uint8

// Known reports whether p is one of the ActiveSync code pages 0-25.
func (p Page) Known() bool { return int(p) < numPages }

// Namespace returns the namespace name of the code page ("AirSync",
// "Email", ...), or "" for an unknown page.
func (p Page) Namespace() string {
	if !p.Known() {
		return ""
	}
	return pageNames[p]
}

// String returns the namespace name, or "Page(N)" for an unknown page.
func (p Page) String() string {
	if p.Known() {
		return pageNames[p]
	}
	return "Page(" + strconv.Itoa(int(p)) + ")"
}

// Tag identifies an element: its code page in the high byte and its WBXML
// tag token (0x05-0x3F, without the content bit 0x40) in the low byte
// ([MS-ASWBXML] 2.1.2.1). The generated constants name every ActiveSync
// tag, e.g. FolderHierarchyFolderSync or AirSyncBaseBody.
type Tag uint16

// MakeTag returns the tag of token tok (0x05-0x3F) in code page p.
func MakeTag(p Page, tok byte) Tag { return Tag(p)<<8 | Tag(tok&0x3F) }

// Page returns the tag's code page.
func (t Tag) Page() Page { return Page(t >> 8) }

// Token returns the tag's token (0x05-0x3F).
func (t Tag) Token() byte { return byte(t) & 0x3F }

// Known reports whether t is a tag of an ActiveSync code page.
func (t Tag) Known() bool {
	return t.Page().Known() && byte(t) < 64 && tagNames[t.Page()][byte(t)] != ""
}

// Name returns the tag name ("SyncKey"), or "" for an unknown tag.
func (t Tag) Name() string {
	if !t.Known() {
		return ""
	}
	return tagNames[t.Page()][byte(t)]
}

// Namespace returns the namespace of the tag's code page ("AirSync").
func (t Tag) Namespace() string { return t.Page().Namespace() }

// Opaque reports whether the element's content is a byte array that is
// sent as WBXML OPAQUE data ([MS-ASDTYPE] 2.7.1): ConversationId,
// ConversationIndex, composemail:Mime and a few more; see codepages.txt.
func (t Tag) Opaque() bool {
	return t.Page().Known() && byte(t) < 64 && opaqueTags[t.Page()]&(1<<byte(t)) != 0
}

// String returns "Namespace:Name", or "Tag(0xPPTT)" for an unknown tag.
// It never panics.
func (t Tag) String() string {
	if t.Known() {
		return t.Namespace() + ":" + t.Name()
	}
	return "Tag(0x" + strconv.FormatUint(uint64(t)|0x10000, 16)[1:] + ")"
}

// LookupPage returns the code page of an ActiveSync namespace. The
// namespace may be given as in [MS-ASWBXML] ("AirSyncBase") or as an XML
// namespace name with the trailing colon Exchange and libwbxml use
// ("AirSyncBase:"); the comparison ignores case.
func LookupPage(namespace string) (Page, bool) {
	namespace = strings.TrimSuffix(namespace, ":")
	for i, n := range pageNames {
		if strings.EqualFold(n, namespace) {
			return Page(i), true
		}
	}
	return 0, false
}

// LookupTag returns the tag of element name in namespace (see LookupPage
// for the namespace spelling). Tag names are case-sensitive.
func LookupTag(namespace, name string) (Tag, bool) {
	p, ok := LookupPage(namespace)
	if !ok {
		return 0, false
	}
	return p.Lookup(name)
}

// Lookup returns the tag named name in code page p.
func (p Page) Lookup(name string) (Tag, bool) {
	if !p.Known() || name == "" {
		return 0, false
	}
	for tok, n := range tagNames[p] {
		if n == name {
			return MakeTag(p, byte(tok)), true
		}
	}
	return 0, false
}

// XMLNamespace returns the XML namespace name of the code page as Exchange
// and libwbxml write it: the namespace name followed by a colon
// ("AirSync:").
func (p Page) XMLNamespace() string {
	if !p.Known() {
		return ""
	}
	return pageNames[p] + ":"
}

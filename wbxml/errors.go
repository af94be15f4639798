package wbxml

import (
	"errors"
	"fmt"
)

// Errors wrapped by *SyntaxError; test with errors.Is.
var (
	// ErrTruncated: the document ends inside a token, string or element.
	ErrTruncated = errors.New("wbxml: unexpected end of document")
	// ErrUnsupportedToken: a global token ActiveSync does not use
	// (attributes, ENTITY, EXT_*, PI, LITERAL*; [MS-ASWBXML] 2.1.3).
	ErrUnsupportedToken = errors.New("wbxml: token not used by ActiveSync")
	// ErrUnknownPage: SWITCH_PAGE to a code page that is not in
	// [MS-ASWBXML] 2.1.2.1.
	ErrUnknownPage = errors.New("wbxml: unknown code page")
	// ErrUnknownTag: a tag token that its (known) code page does not assign.
	ErrUnknownTag = errors.New("wbxml: unknown tag")
	// ErrSyntax: a malformed document (bad header, END without element,
	// content outside the root element, several root elements, ...).
	ErrSyntax = errors.New("wbxml: malformed document")
	// ErrCharset: a charset other than UTF-8 (or US-ASCII).
	ErrCharset = errors.New("wbxml: unsupported charset")
	// ErrTooDeep: elements nest deeper than Options.MaxDepth.
	ErrTooDeep = errors.New("wbxml: nesting too deep")
	// ErrTooLong: a string or opaque value is longer than
	// Options.MaxStringLength.
	ErrTooLong = errors.New("wbxml: string or opaque data too long")
	// ErrTooLarge: the document is larger than Options.MaxDocumentSize.
	ErrTooLarge = errors.New("wbxml: document too large")
)

// SyntaxError is a decoding error located in the input.
type SyntaxError struct {
	Offset int64 // offset of the offending byte from the start of the document
	Token  byte  // the token byte at Offset (when relevant)
	Page   Page  // the current code page
	Err    error // one of the Err* values, possibly wrapped
}

// Error formats the error with its location.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%v at offset %d (token 0x%02X, page %v)", e.Err, e.Offset, e.Token, e.Page)
}

// Unwrap returns the cause.
func (e *SyntaxError) Unwrap() error { return e.Err }

// EncodeError is an encoding error: what was being encoded and why it
// cannot be.
type EncodeError struct {
	Tag Tag    // the element being encoded (0 if none)
	Msg string // what is wrong
}

// Error formats the error with the element concerned.
func (e *EncodeError) Error() string {
	if e.Tag == 0 {
		return "wbxml: encode: " + e.Msg
	}
	return fmt.Sprintf("wbxml: encode %v: %s", e.Tag, e.Msg)
}

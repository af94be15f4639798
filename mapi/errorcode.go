package mapi

import "fmt"

// ErrorCode is a MAPI error or warning code ([MS-OXCDATA] 2.4).
// It implements error.
type ErrorCode uint32

// Success is the absence of an error.
const Success ErrorCode = 0

// Error returns the code's name and value.
func (e ErrorCode) Error() string { return e.String() }

// String returns the spec name ("ecNotFound"), or "ErrorCode(0x80040102)".
func (e ErrorCode) String() string {
	if n := errorCodeName(e); n != "" {
		return n
	}
	return fmt.Sprintf("ErrorCode(0x%08X)", uint32(e))
}

package mapi

import (
	"fmt"
	"sort"
	"strings"
)

// ErrorCode is a MAPI error or warning code ([MS-OXCDATA] 2.4).
// It implements error. Codes are comparable values, so errors.Is(err,
// EcNotFound) matches any error chain that contains EcNotFound itself.
//
// The constants are generated into zerrors.go: Ec followed by the spec's
// error code name (EcNotFound, EcNullObject, EcGeneralFailure), plus an
// alias for each camel-case ec alternate name the spec lists (EcError =
// EcGeneralFailure, EcJetError = EcIsamError), since the ROP specs name
// codes that way. String reports the spec's error code name.
type ErrorCode uint32

// Success is the absence of an error ([MS-OXCDATA] 2.4; also S_OK,
// SUCCESS_SUCCESS, ecNone).
const Success ErrorCode = 0

// errorEntry is one row of the generated errorTable.
type errorEntry struct {
	code           ErrorCode
	name           string
	section        string
	warning        bool
	alternateNames []string
}

// ErrorCodeInfo describes one code of [MS-OXCDATA] 2.4.
type ErrorCodeInfo struct {
	// Code is the numeric value.
	Code ErrorCode
	// Name is the spec's error code name ("NotFound").
	Name string
	// Section is the [MS-OXCDATA] section that lists the code: "2.4"
	// (error codes), "2.4.1" (additional error codes), "2.4.2" (property
	// error codes) or "2.4.3" (warning codes).
	Section string
	// Warning reports a warning code (the call succeeded overall).
	Warning bool
	// AlternateNames are the other names the spec gives
	// (MAPI_E_NOT_FOUND, ecNotFound, ...).
	AlternateNames []string
}

// Error returns "mapi: " followed by String.
func (e ErrorCode) Error() string { return "mapi: " + e.String() }

// String returns the spec's error code name followed by the value
// ("NotFound (0x8004010F)"), or "ErrorCode(0x80040999)" for codes the
// spec does not list.
func (e ErrorCode) String() string {
	if n := errorCodeName(e); n != "" {
		return fmt.Sprintf("%s (0x%08X)", n, uint32(e))
	}
	return fmt.Sprintf("ErrorCode(0x%08X)", uint32(e))
}

// Name returns the spec's error code name ("NotFound"), or "" if the
// spec does not list e.
func (e ErrorCode) Name() string { return errorCodeName(e) }

// IsWarning reports whether e is a warning code of [MS-OXCDATA] 2.4.3.
func (e ErrorCode) IsWarning() bool {
	if i := errorIndex(e); i >= 0 {
		return errorTable[i].warning
	}
	return false
}

// Failed reports whether e is a failure: any code other than Success and
// the warning codes. Unknown codes count as failures.
func (e ErrorCode) Failed() bool { return e != Success && !e.IsWarning() }

func errorIndex(e ErrorCode) int {
	i := sort.Search(len(errorTable), func(i int) bool { return errorTable[i].code >= e })
	if i < len(errorTable) && errorTable[i].code == e {
		return i
	}
	return -1
}

// errorCodeName returns the spec name of e, or "".
func errorCodeName(e ErrorCode) string {
	if i := errorIndex(e); i >= 0 {
		return errorTable[i].name
	}
	return ""
}

// KnownErrorCodes returns every code of [MS-OXCDATA] 2.4 sorted by value.
// The slice is a fresh copy the caller may modify.
func KnownErrorCodes() []ErrorCodeInfo {
	out := make([]ErrorCodeInfo, len(errorTable))
	for i := range errorTable {
		e := &errorTable[i]
		out[i] = ErrorCodeInfo{Code: e.code, Name: e.name, Section: e.section,
			Warning: e.warning, AlternateNames: cloneStrings(e.alternateNames)}
	}
	return out
}

// LookupErrorCode returns the code with the given spec name ("NotFound")
// or alternate name ("MAPI_E_NOT_FOUND", "ecNotFound"), compared
// ASCII case-insensitively because the spec spells some alternates in
// lower case ("ecaccessdenied").
func LookupErrorCode(name string) (ErrorCode, bool) {
	for i := range errorTable {
		e := &errorTable[i]
		if strings.EqualFold(e.name, name) {
			return e.code, true
		}
	}
	for i := range errorTable {
		e := &errorTable[i]
		for _, a := range e.alternateNames {
			if strings.EqualFold(a, name) {
				return e.code, true
			}
		}
	}
	return 0, false
}

package mapi

import (
	"errors"
	"fmt"
	"testing"
)

// TestErrorCodeSpecValues checks codes against the names and values of
// [MS-OXCDATA] 2.4 as the spec's text and requirement tables give them
// (MS-OXCDATA_R898 to R992, R2055, R2071).
func TestErrorCodeSpecValues(t *testing.T) {
	cases := []struct {
		code ErrorCode
		name string
		want uint32
	}{
		{Success, "Success", 0x00000000},
		{EcGeneralFailure, "GeneralFailure", 0x80004005},
		{EcOutOfMemory, "OutOfMemory", 0x8007000E},
		{EcInvalidParameter, "InvalidParameter", 0x80070057},
		{EcNoInterface, "NoInterface", 0x80004002},
		{EcAccessDenied, "AccessDenied", 0x80070005},
		{EcStorageInvalidFunction, "StorageInvalidFunction", 0x80030001},
		{EcNotSupported, "NotSupported", 0x80040102},
		{EcInvalidObject, "InvalidObject", 0x80040108},
		{EcOutOfResources, "OutOfResources", 0x8004010E},
		{EcNotFound, "NotFound", 0x8004010F},
		{EcLogonFailed, "LogonFailed", 0x80040111},
		{EcTooComplex, "TooComplex", 0x80040117},
		{EcInvalidCodepage, "InvalidCodepage", 0x8004011E},
		{EcInvalidLocale, "InvalidLocale", 0x8004011F},
		{EcTableTooBig, "TableTooBig", 0x80040403},
		{EcInvalidBookmark, "InvalidBookmark", 0x80040405},
		{EcIsamError, "IsamError", 0x000003EA},
		{EcUnknownUser, "UnknownUser", 0x000003EB},
		{EcExiting, "Exiting", 0x000003ED},
		{EcBadConfiguration, "BadConfiguration", 0x000003EE},
		{EcUnknownCodePage, "UnknownCodePage", 0x000003EF},
		{EcServerMemory, "ServerMemory", 0x000003F0},
		{EcLoginPermission, "LoginPermission", 0x000003F2},
		{EcDatabaseRolledBack, "DatabaseRolledBack", 0x000003F3},
		{EcDatabaseCopiedError, "DatabaseCopiedError", 0x000003F4},
		{EcErrorsReturned, "ErrorsReturned", 0x00040380},
		{EcNewerClientChange, "NewerClientChange", 0x00040821},
		{EcBadValue, "BadValue", 0x80040301},
		{EcPropBadValue, "BadValue", 0x80040301},
		// Values quoted by the ROP specs ([MS-OXCROPS], [MS-OXCSTOR],
		// [MS-OXCTABL]) for codes they return.
		{EcNullObject, "NullObject", 0x000004B9},
		{EcBufferTooSmall, "BufferTooSmall", 0x0000047D},
		{EcWrongServer, "WrongServer", 0x00000478},
		{EcMailboxInTransit, "MailboxInTransit", 0x0000050C},
		{EcMailboxDisabled, "MailboxDisabled", 0x0000096C},
		{EcServerPaused, "ServerPaused", 0x0000047F},
		{EcProfileNotConfigured, "ProfileNotConfigured", 0x0000011C},
	}
	for _, c := range cases {
		if uint32(c.code) != c.want || c.code.Name() != c.name {
			t.Errorf("%s = 0x%08X named %q, want 0x%08X", c.name, uint32(c.code), c.code.Name(), c.want)
		}
		if want := fmt.Sprintf("%s (0x%08X)", c.name, c.want); c.code.String() != want {
			t.Errorf("String() = %q, want %q", c.code.String(), want)
		}
	}
}

// TestErrorCodeAliases checks the constants generated from the spec's
// camel-case ec alternate names, which the ROP specs use.
func TestErrorCodeAliases(t *testing.T) {
	cases := []struct {
		alias, canonical ErrorCode
	}{
		{EcJetError, EcIsamError},
		{EcLoginFailure, EcLogonFailed},
		{EcInvalidParam, EcInvalidParameter},
		{EcError, EcGeneralFailure},
		{EcNone, Success},
		{EcServerOOM, EcServerMemory},
		{EcLoginPerm, EcLoginPermission},
		{EcDstNullObject, EcNullDestinationObject},
	}
	for _, c := range cases {
		if c.alias != c.canonical {
			t.Errorf("alias %v != %v", c.alias, c.canonical)
		}
	}
	// ecNotImplemented is an alternate name of NotSupported, but the spec
	// also has NotImplemented (MAPI_E_NOT_IMPLEMENTED): the constant is
	// NotImplemented's own value.
	if EcNotImplemented != 0x80040FFF || EcNotImplemented.Name() != "NotImplemented" {
		t.Errorf("EcNotImplemented = %v", EcNotImplemented)
	}
}

func TestErrorCodeError(t *testing.T) {
	if got := EcNotFound.Error(); got != "mapi: NotFound (0x8004010F)" {
		t.Errorf("Error() = %q", got)
	}
	err := fmt.Errorf("open message: %w", EcNotFound)
	if !errors.Is(err, EcNotFound) || errors.Is(err, EcNullObject) {
		t.Error("errors.Is does not follow the code")
	}
	var ec ErrorCode
	if !errors.As(err, &ec) || ec != EcNotFound {
		t.Errorf("errors.As = %v", ec)
	}
	for _, c := range []ErrorCode{0x80040999, 0xFFFFFFFF, 1} {
		if got, want := c.String(), fmt.Sprintf("ErrorCode(0x%08X)", uint32(c)); got != want || c.Name() != "" {
			t.Errorf("unknown code: String %q, want %q", got, want)
		}
	}
}

func TestErrorCodeWarnings(t *testing.T) {
	for _, c := range []ErrorCode{EcErrorsReturned, EcPositionChanged, EcApproximateCount, EcPartiallyComplete, EcSyncProgress, EcNewerClientChange} {
		if !c.IsWarning() || c.Failed() {
			t.Errorf("%v: IsWarning %v Failed %v", c, c.IsWarning(), c.Failed())
		}
	}
	for _, c := range []ErrorCode{EcNotFound, EcNullObject, 0x80040999} {
		if c.IsWarning() || !c.Failed() {
			t.Errorf("%v: IsWarning %v Failed %v", c, c.IsWarning(), c.Failed())
		}
	}
	if Success.Failed() || Success.IsWarning() {
		t.Error("Success failed")
	}
}

func TestLookupErrorCode(t *testing.T) {
	cases := map[string]ErrorCode{
		"NotFound":                   EcNotFound,
		"MAPI_E_NOT_FOUND":           EcNotFound,
		"ecNotFound":                 EcNotFound,
		"ecPropNotExistent":          EcNotFound,
		"ecaccessdenied":             EcAccessDenied,
		"ecAccessDenied":             EcAccessDenied,
		"E_FAIL":                     EcGeneralFailure,
		"ecError":                    EcGeneralFailure,
		"ecJetError":                 EcIsamError,
		"ecNullObject":               EcNullObject,
		"MAPI_W_ERRORS_RETURNED":     EcErrorsReturned,
		"ecWarnWithErrors":           EcErrorsReturned,
		"S_OK":                       Success,
		"ecNone":                     Success,        // [MS-OXCSTOR] 3.2.5.1.3
		"ecRpcFailed":                EcNetworkError, // [MS-OXCRPC] 0x80040115
		"NotEnoughMemory":            EcOutOfMemory,
		"ecServerBusy":               EcServerBusy,
		"MAPI_E_BUSY":                EcBusy,
		"ServerBusy":                 EcServerBusy, // the spec uses the name twice; the lower value wins
		"SYNC_W_CLIENT_CHANGE_NEWER": EcNewerClientChange,
	}
	for name, want := range cases {
		if got, ok := LookupErrorCode(name); !ok || got != want {
			t.Errorf("LookupErrorCode(%q) = %v, %v; want %v", name, got, ok, want)
		}
	}
	if _, ok := LookupErrorCode("ecNoSuchCode"); ok {
		t.Error("made-up name found")
	}
}

func TestKnownErrorCodes(t *testing.T) {
	all := KnownErrorCodes()
	if len(all) == 0 {
		t.Fatal("empty")
	}
	seen := map[ErrorCode]bool{}
	for i, e := range all {
		if seen[e.Code] || e.Name == "" || (i > 0 && all[i-1].Code >= e.Code) {
			t.Errorf("entry %d %+v: duplicate, unnamed or out of order", i, e)
		}
		seen[e.Code] = true
		if e.Code.Name() != e.Name || e.Warning != e.Code.IsWarning() {
			t.Errorf("%+v: Name %q IsWarning %v", e, e.Code.Name(), e.Code.IsWarning())
		}
		if e.Warning && e.Code&0x80000000 != 0 {
			t.Errorf("%v: warning with the severity bit set", e.Code)
		}
		if e.Section != "2.4" && e.Section != "2.4.1" && e.Section != "2.4.2" && e.Section != "2.4.3" {
			t.Errorf("%v: section %q", e.Code, e.Section)
		}
	}
	for i := range all {
		if len(all[i].AlternateNames) > 0 {
			all[i].AlternateNames[0] = "changed"
			if KnownErrorCodes()[i].AlternateNames[0] == "changed" {
				t.Error("KnownErrorCodes shares memory with the table")
			}
			break
		}
	}
	t.Logf("[MS-OXCDATA] 2.4 codes: %d", len(all))
}

func ExampleErrorCode() {
	err := fmt.Errorf("RopOpenMessage: %w", EcNotFound)
	fmt.Println(err)
	fmt.Println(errors.Is(err, EcNotFound), EcErrorsReturned.IsWarning())
	// Output:
	// RopOpenMessage: mapi: NotFound (0x8004010F)
	// true true
}

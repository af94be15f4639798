package ews

import (
	"context"
	"errors"
	"fmt"

	"github.com/oxkit/oxkit/store"
)

// ResponseCode is an EWS response code ([MS-OXWSCDATA] 2.2.5.24
// ResponseCodeType), the text of m:ResponseCode.
type ResponseCode string

// The response codes this package sends.
const (
	NoError                             ResponseCode = "NoError"
	ErrorAccessDenied                   ResponseCode = "ErrorAccessDenied"
	ErrorCannotDeleteObject             ResponseCode = "ErrorCannotDeleteObject"
	ErrorDeleteDistinguishedFolder      ResponseCode = "ErrorDeleteDistinguishedFolder"
	ErrorFolderExists                   ResponseCode = "ErrorFolderExists"
	ErrorFolderNotFound                 ResponseCode = "ErrorFolderNotFound"
	ErrorIncorrectUpdatePropertyCount   ResponseCode = "ErrorIncorrectUpdatePropertyCount"
	ErrorInternalServerError            ResponseCode = "ErrorInternalServerError"
	ErrorInvalidChangeKey               ResponseCode = "ErrorInvalidChangeKey"
	ErrorInvalidIdMalformed             ResponseCode = "ErrorInvalidIdMalformed"
	ErrorInvalidOperation               ResponseCode = "ErrorInvalidOperation"
	ErrorInvalidPropertySet             ResponseCode = "ErrorInvalidPropertySet"
	ErrorInvalidPropertyRequest         ResponseCode = "ErrorInvalidPropertyRequest"
	ErrorInvalidRequest                 ResponseCode = "ErrorInvalidRequest"
	ErrorInvalidSyncStateData           ResponseCode = "ErrorInvalidSyncStateData"
	ErrorInvalidServerVersion           ResponseCode = "ErrorInvalidServerVersion"
	ErrorIrresolvableConflict           ResponseCode = "ErrorIrresolvableConflict"
	ErrorItemNotFound                   ResponseCode = "ErrorItemNotFound"
	ErrorMoveCopyFailed                 ResponseCode = "ErrorMoveCopyFailed"
	ErrorMoveDistinguishedFolder        ResponseCode = "ErrorMoveDistinguishedFolder"
	ErrorNameResolutionNoResults        ResponseCode = "ErrorNameResolutionNoResults"
	ErrorNameResolutionMultipleResults  ResponseCode = "ErrorNameResolutionMultipleResults"
	ErrorNoPublicFolderReplicaAvailable ResponseCode = "ErrorNoPublicFolderReplicaAvailable"
	ErrorSubscriptionNotFound           ResponseCode = "ErrorSubscriptionNotFound"
	ErrorInvalidSubscription            ResponseCode = "ErrorInvalidSubscription"
	ErrorQuotaExceeded                  ResponseCode = "ErrorQuotaExceeded"
	ErrorSchemaValidation               ResponseCode = "ErrorSchemaValidation"
	ErrorInvalidIdNotAnItemAttachmentId ResponseCode = "ErrorInvalidIdNotAnItemAttachmentId"
	ErrorUnsupportedPathForQuery        ResponseCode = "ErrorUnsupportedPathForQuery"
	ErrorUnsupportedPathForSortGroup    ResponseCode = "ErrorUnsupportedPathForSortGroup"
	ErrorInvalidExtendedPropertyValue   ResponseCode = "ErrorInvalidExtendedPropertyValue"
	ErrorInvalidRecipients              ResponseCode = "ErrorInvalidRecipients"
	ErrorItemSave                       ResponseCode = "ErrorItemSave"
	ErrorInvalidValueForProperty        ResponseCode = "ErrorInvalidValueForProperty"
	ErrorMimeContentConversionFailed    ResponseCode = "ErrorMimeContentConversionFailed"
	ErrorUnsupportedMimeConversion      ResponseCode = "ErrorUnsupportedMimeConversion"
	ErrorInvalidPagingMaxRows           ResponseCode = "ErrorInvalidPagingMaxRows"
)

// Error is a failure that reaches the wire: per response message as
// ResponseClass="Error" with ResponseCode and MessageText, or, when a
// whole request fails, as a SOAP fault.
type Error struct {
	Code    ResponseCode
	Message string
	// Err is the cause (logged, never sent).
	Err error
}

func (e *Error) Error() string {
	s := "ews: " + string(e.Code) + ": " + e.Message
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// errorf returns an *Error with a formatted message.
func errorf(code ResponseCode, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Fault is a request-level failure sent as a SOAP 1.1 fault with
// Exchange's detail element (HTTP 500, as Exchange sends faults).
type Fault struct {
	Code    ResponseCode
	Message string
	Err     error
}

func (f *Fault) Error() string {
	s := "ews: fault " + string(f.Code) + ": " + f.Message
	if f.Err != nil {
		s += ": " + f.Err.Error()
	}
	return s
}

func (f *Fault) Unwrap() error { return f.Err }

// toError is the one place a store or internal error becomes a response
// code. notFound is the code for store.ErrNotFound (ErrorItemNotFound or
// ErrorFolderNotFound, depending on what was looked up).
func toError(err error, notFound ResponseCode) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		if notFound == ErrorFolderNotFound {
			return &Error{Code: notFound, Message: "The specified folder could not be found in the store.", Err: err}
		}
		return &Error{Code: notFound, Message: "The specified object was not found in the store.", Err: err}
	case errors.Is(err, store.ErrExists):
		return &Error{Code: ErrorFolderExists, Message: "A folder with the specified name already exists.", Err: err}
	case errors.Is(err, store.ErrConflict):
		return &Error{Code: ErrorIrresolvableConflict, Message: "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.", Err: err}
	case errors.Is(err, store.ErrAccessDenied):
		return &Error{Code: ErrorAccessDenied, Message: "Access is denied. Check credentials and try again.", Err: err}
	case errors.Is(err, store.ErrQuotaExceeded):
		return &Error{Code: ErrorQuotaExceeded, Message: "The mailbox quota has been exceeded.", Err: err}
	case errors.Is(err, store.ErrNotSupported):
		return &Error{Code: ErrorInvalidOperation, Message: "The operation is not supported by this server.", Err: err}
	case errors.Is(err, store.ErrInvalidArgument):
		return &Error{Code: ErrorInvalidRequest, Message: "The request is invalid.", Err: err}
	case errors.Is(err, store.ErrNotEmpty):
		return &Error{Code: ErrorCannotDeleteObject, Message: "The folder is not empty.", Err: err}
	case errors.Is(err, store.ErrSyncStateExpired):
		return &Error{Code: ErrorInvalidSyncStateData, Message: "Synchronization state data is corrupt or otherwise invalid.", Err: err}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return &Error{Code: ErrorInternalServerError, Message: "The request was cancelled.", Err: err}
	}
	return &Error{Code: ErrorInternalServerError, Message: "An internal server error occurred. The operation failed.", Err: err}
}

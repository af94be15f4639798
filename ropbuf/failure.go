package ropbuf

import (
	"reflect"

	"github.com/oxkit/oxkit/mapi"
)

// handleField returns the name of the first field of a response struct,
// the handle index that follows its RopId ([MS-OXCROPS] 2.2), looking
// through embedded structs.
func handleField(t reflect.Type) string {
	for t.Kind() == reflect.Struct && t.NumField() > 0 {
		f := t.Field(0)
		if !f.Anonymous {
			return f.Name
		}
		t = f.Type
	}
	return ""
}

// FailureResponse returns the response that fails q with ec: the response
// type of q's ROP with ReturnValue ec and its handle index copied from the
// request's field of the same name, every other field zero (so it encodes
// the failure shape). It returns nil for RopRelease, which has no
// response. It is meant for the error path of a server (it uses
// reflection); ec should not be zero.
func FailureResponse(q Request, ec mapi.ErrorCode) Response {
	p := NewResponse(q.RopID())
	if p == nil {
		return nil
	}
	pv := reflect.ValueOf(p).Elem()
	qv := reflect.ValueOf(q).Elem()
	if f := pv.FieldByName("ReturnValue"); f.IsValid() {
		f.SetUint(uint64(ec))
	}
	if name := handleField(pv.Type()); name != "" {
		if src := qv.FieldByName(name); src.IsValid() && src.Kind() == reflect.Uint8 {
			pv.FieldByName(name).SetUint(src.Uint())
		}
	}
	return p
}

// ReturnValue returns the ReturnValue of p, and false for the responses
// that have none (RopNotify, RopPending, RopBackoff, RopBufferTooSmall).
func ReturnValue(p Response) (mapi.ErrorCode, bool) {
	f := reflect.ValueOf(p).Elem().FieldByName("ReturnValue")
	if !f.IsValid() {
		return 0, false
	}
	return mapi.ErrorCode(f.Uint()), true
}

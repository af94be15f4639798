package ropbuf

import (
	"reflect"
	"testing"
)

func TestFailureResponse(t *testing.T) {
	for _, id := range RopIDs() {
		if !id.HasRequest() {
			continue
		}
		q := NewRequest(id)
		(&filler{seed: int(id)}).fill(reflect.ValueOf(q).Elem())
		fixup(q)
		p := FailureResponse(q, 0x80040102)
		if !id.HasResponse() {
			if p != nil {
				t.Errorf("%v: response %T for a ROP without one", id, p)
			}
			continue
		}
		if p == nil || p.RopID() != id {
			t.Fatalf("%v: FailureResponse = %v", id, p)
		}
		if rv, ok := ReturnValue(p); !ok || rv != 0x80040102 {
			t.Errorf("%v: ReturnValue %v, %v", id, rv, ok)
		}
		b, err := p.AppendBinary(nil)
		if err != nil {
			t.Fatalf("%v: %v", id, err)
		}
		// The handle index byte follows the RopId and matches the request's.
		name := handleField(reflect.TypeOf(p).Elem())
		f := reflect.ValueOf(q).Elem().FieldByName(name)
		if !f.IsValid() {
			t.Errorf("%v: request has no %s", id, name)
		} else if uint64(b[1]) != f.Uint() {
			t.Errorf("%v: handle index byte %#x, request's %s %#x", id, b[1], name, f.Uint())
		}
		if !keepsFieldsOnFailure[id] && len(b) != 6 {
			t.Errorf("%v: failure response is %d bytes", id, len(b))
		}
	}
	if _, ok := ReturnValue(&PendingResponse{}); ok {
		t.Error("RopPending has no ReturnValue")
	}
}

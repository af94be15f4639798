package mapi

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/oxkit/oxkit/internal/wire"
)

// TestSpecTaggedPropertyValueArray decodes the PropertyValueCount and
// PropertyValues of the RopSetProperties request of [MS-OXCPRPT] 4.2.1 as
// one array and re-encodes it.
func TestSpecTaggedPropertyValueArray(t *testing.T) {
	full := vtHex(t, `0000: 0A 00 00 24 00 02 00 1F-00 3D 00 00 00 1F 00 1D
0010: 0E 48 00 65 00 6C 00 6C-00 6F 00 20 00 57 00 6F
0020: 00 72 00 6C 00 64 00 00-00`)
	arr := full[5:]
	want := []PropValue{{Tag: 0x003D001F, Value: ""}, {Tag: 0x0E1D001F, Value: "Hello World"}}
	got, n, err := ParseTaggedPropertyValues16(arr)
	if err != nil || n != 0x24 || !reflect.DeepEqual(got, want) {
		t.Fatalf("MS-OXCPRPT 4.2.1: %#v %d %v", got, n, err)
	}
	b, err := AppendTaggedPropertyValues16(nil, want)
	if err != nil || !bytes.Equal(b, arr) {
		t.Fatalf("MS-OXCPRPT 4.2.1: % X %v", b, err)
	}
	b32, err := AppendTaggedPropertyValues32(nil, want)
	if err != nil || len(b32) != len(arr)+2 {
		t.Fatal(err)
	}
	got, _, err = ParseTaggedPropertyValues32(b32)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatal(got, err)
	}
	_, _, err = ParseTaggedPropertyValues16(arr[:20])
	var we *wire.Error
	if !errors.As(err, &we) {
		t.Fatalf("short: %v", err)
	}
	if _, err := AppendTaggedPropertyValues16([]byte{1}, []PropValue{{Tag: 0x0E080003, Value: "x"}}); err == nil {
		t.Fatal("wrong Go type accepted")
	}
}

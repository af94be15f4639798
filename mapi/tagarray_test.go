package mapi

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/oxkit/oxkit/internal/wire"
)

// TestSpecPropertyTagArray decodes and re-encodes the PropertyTagCount and
// PropertyTags of the RopGetPropertiesSpecific request of [MS-OXCPRPT]
// 4.3.1 (a PropertyTagArray, [MS-OXCDATA] 2.10.1).
func TestSpecPropertyTagArray(t *testing.T) {
	req := vtHex(t, `0000: 07 00 00 00 00 01 00 03-00 0B 00 3E 86 03 00 3F
0010: 86 02 01 E2 65`)
	arr := req[7:]
	want := []PropTag{0x863E000B, 0x863F0003, 0x65E20102}
	got, n, err := ParsePropertyTagArray16(arr)
	if err != nil || n != len(arr) || !reflect.DeepEqual(got, want) {
		t.Fatalf("MS-OXCPRPT 4.3.1: %v %d %v", got, n, err)
	}
	b, err := AppendPropertyTagArray16(nil, want)
	if err != nil || !bytes.Equal(b, arr) {
		t.Fatalf("MS-OXCPRPT 4.3.1: % X %v", b, err)
	}
}

func TestPropertyTagArray32(t *testing.T) {
	tags := []PropTag{0x3001001F, 0x39FE001F}
	b, err := AppendPropertyTagArray32(nil, tags)
	want := vtHex(t, "02000000 1F000130 1F00FE39")
	if err != nil || !bytes.Equal(b, want) {
		t.Fatalf("% X %v", b, err)
	}
	got, _, err := ParsePropertyTagArray32(b)
	if err != nil || !reflect.DeepEqual(got, tags) {
		t.Fatal(got, err)
	}
	if _, err := AppendPropertyTagArray16(nil, make([]PropTag, 65536)); err == nil {
		t.Fatal("65536 tags accepted with a 16-bit count")
	}
	_, _, err = ParsePropertyTagArray32(vtHex(t, "FFFFFF7F 01000000"))
	var we *wire.Error
	if !errors.As(err, &we) || we.Offset != 4 {
		t.Fatalf("huge count: %v", err)
	}
	_, _, err = ParsePropertyTagArray16(vtHex(t, "02 00 01000000 0100"))
	if !errors.As(err, &we) || we.Offset != 2 {
		t.Fatalf("short array: %v", err)
	}
}

package mapi

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/internal/wire"
)

// TestSpecPropertyProblemArray decodes the PropertyProblemCount of the
// RopSetProperties response of [MS-OXCPRPT] 4.2.2 (an empty
// PropertyProblemArray, [MS-OXCDATA] 2.7.1) and re-encodes it.
func TestSpecPropertyProblemArray(t *testing.T) {
	resp := vtHex(t, "0000: 0A 00 00 00 00 00 00 00")
	ps, n, err := ParsePropertyProblemArray16(resp[6:])
	if err != nil || n != 2 || len(ps) != 0 {
		t.Fatalf("MS-OXCPRPT 4.2.2: %v %d %v", ps, n, err)
	}
	b, _ := AppendPropertyProblemArray16(nil, ps)
	if !bytes.Equal(b, resp[6:]) {
		t.Fatalf("MS-OXCPRPT 4.2.2: % X", b)
	}
}

func TestPropertyProblemArray(t *testing.T) {
	ps := []PropertyProblem{
		{Index: 1, Tag: 0x0037001F, ErrorCode: 0x80070005},
		{Index: 3, Tag: 0x0E080003, ErrorCode: 0x80040102},
	}
	want := vtHex(t, "0200 0100 1F003700 05000780 0300 0300080E 02010480")
	b, err := AppendPropertyProblemArray16(nil, ps)
	if err != nil || !bytes.Equal(b, want) {
		t.Fatalf("% X %v", b, err)
	}
	got, n, err := ParsePropertyProblemArray16(b)
	if err != nil || n != len(b) || !reflect.DeepEqual(got, ps) {
		t.Fatal(got, err)
	}
	b32, _ := AppendPropertyProblemArray32(nil, ps)
	got, _, err = ParsePropertyProblemArray32(b32)
	if err != nil || len(b32) != len(b)+2 || !reflect.DeepEqual(got, ps) {
		t.Fatal(got, err)
	}
	one, n, err := ParsePropertyProblem(want[2:])
	if err != nil || n != 10 || one != ps[0] {
		t.Fatal(one, err)
	}
	if s := ps[0].String(); !strings.HasPrefix(s, "index 1 ") {
		t.Fatalf("String = %q", s)
	}
	_, _, err = ParsePropertyProblemArray16(want[:15])
	var we *wire.Error
	if !errors.As(err, &we) || we.Offset != 2 {
		t.Fatalf("short: %v", err)
	}
	if _, err := AppendPropertyProblemArray16(nil, make([]PropertyProblem, 65536)); err == nil {
		t.Fatal("65536 problems accepted")
	}
}

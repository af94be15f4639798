package mapi

import (
	"bytes"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"
)

// Structures inside the byte dumps of the Open Specifications' "Protocol
// Examples" (section 4), decoded with this package and re-encoded to the
// same bytes. The dumps are the complete ROP buffers printed by each
// section; the slices taken from them are the bytes the section itself
// assigns to the structure. ropbuf/spec_vectors_test.go checks the whole
// ROPs.

// svHex decodes a spec hex dump ("0000:" offsets, spaces and the dash in
// the middle of a line are ignored).
func svHex(t testing.TB, s string) []byte {
	t.Helper()
	var sb strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if i := strings.Index(line, ":"); i >= 0 {
			line = line[i+1:]
		}
		sb.WriteString(strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(line))
	}
	b, err := hex.DecodeString(sb.String())
	if err != nil {
		t.Fatalf("svHex: %v", err)
	}
	return b
}

// TestSpecVectorTagArray is the PropertyTagCount and PropertyTags of the
// RopSetColumns request of [MS-OXCTABL] 4.2.1 (offset 0x0004 on: a
// PropertyTagArray, [MS-OXCDATA] 2.10.1), with the property names the page
// gives for the six tags.
func TestSpecVectorTagArray(t *testing.T) {
	req := svHex(t, `0000: 12 00 01 00 06 00 14 00-48 67 14 00 4a 67 14 00
		0010: 4d 67 03 00 4e 67 1f 00-37 00 40 00 06 0e`)
	arr := req[4:]
	want := []PropTag{0x67480014, 0x674A0014, 0x674D0014, 0x674E0003, 0x0037001F, 0x0E060040}
	got, n, err := ParsePropertyTagArray16(arr)
	if err != nil || n != len(arr) || !reflect.DeepEqual(got, want) {
		t.Fatalf("MS-OXCTABL 4.2.1: %v %d %v", got, n, err)
	}
	for i, name := range []string{"PidTagFolderId", "PidTagMid", "PidTagInstID", "PidTagInstanceNum", "PidTagSubject", "PidTagMessageDeliveryTime"} {
		if tag, ok := LookupTag(name); !ok || tag != want[i] {
			t.Errorf("MS-OXCTABL 4.2.1: LookupTag(%q) = %v, %v; the page gives 0x%08X", name, tag, ok, uint32(want[i]))
		}
	}
	b, err := AppendPropertyTagArray16(nil, want)
	if err != nil || !bytes.Equal(b, arr) {
		t.Fatalf("MS-OXCTABL 4.2.1: encoded % X (%v), want % X", b, err, arr)
	}
}

// TestSpecVectorTagNames checks the property tags that other examples
// name: the tag's 4 bytes as dumped, and the canonical name the page gives.
func TestSpecVectorTagNames(t *testing.T) {
	for _, c := range []struct {
		section, hex, name string
		tag                PropTag
	}{
		// [MS-OXCPRPT] 4.4.1.1, RopOpenStream's PropertyTag (offset 4).
		{"MS-OXCPRPT 4.4.1.1", "02 01 9A 0E", "PidTagExtendedRuleMessageCondition", 0x0E9A0102},
		// [MS-OXCPERM] 4.1, RopOpenStream's PropertyTag.
		{"MS-OXCPERM 4.1", "1F 00 6A 0E", "PidTagSecurityDescriptorAsXml", 0x0E6A001F},
		// [MS-OXCPRPT] 4.3.1, third tag of RopGetPropertiesSpecific.
		{"MS-OXCPRPT 4.3.1", "02 01 E2 65", "PidTagChangeKey", 0x65E20102},
	} {
		b := svHex(t, c.hex)
		got, n, err := ParsePropertyTagArray16(append([]byte{1, 0}, b...))
		if err != nil || n != 6 || len(got) != 1 || got[0] != c.tag {
			t.Errorf("%s: decoded %v %d %v, want 0x%08X", c.section, got, n, err, uint32(c.tag))
			continue
		}
		if tag, ok := LookupTag(c.name); !ok || tag != c.tag {
			t.Errorf("%s: LookupTag(%q) = %v, %v, want 0x%08X", c.section, c.name, tag, ok, uint32(c.tag))
		}
		if s := c.tag.String(); s != c.name {
			t.Errorf("%s: String() = %q, want %q", c.section, s, c.name)
		}
	}
}

// TestSpecVectorSortTagMVI is the first SortOrder of [MS-OXCTABL] 4.3.1:
// the bytes 1F 30 08 80 are tag 0x8008301F, property ID 0x8008
// (PidTagAddressBookIsMemberOfDistributionList, as the page names it) with
// a multi-valued Unicode string type carrying the multi-value instance
// flag. ([MS-OXPROPS] lists the property as PtypString8, so only the ID is
// compared with the property list.)
func TestSpecVectorSortTagMVI(t *testing.T) {
	req := svHex(t, `0000: 13 00 00 00 02 00 01 00-01 00 1f 30 08 80 00 40
		0010: 00 06 0e 01`)
	set, n, err := ParseSortOrderSet(req[4:])
	if err != nil || n != len(req)-4 || len(set.Orders) != 2 {
		t.Fatalf("MS-OXCTABL 4.3.1: %+v %d %v", set, n, err)
	}
	tag := set.Orders[0].PropTag
	if tag != 0x8008301F || tag.ID() != 0x8008 || tag.Type() != PtypMultipleString|MultiInstanceFlag {
		t.Errorf("MS-OXCTABL 4.3.1: first sort column %v (type %v)", tag, tag.Type())
	}
	if known, ok := LookupTag("PidTagAddressBookIsMemberOfDistributionList"); !ok || known.ID() != tag.ID() {
		t.Errorf("MS-OXCTABL 4.3.1: LookupTag = %v, %v; want ID 0x8008", known, ok)
	}
	if set.Orders[1].PropTag != 0x0E060040 || set.Orders[1].Order != Descending || set.Orders[0].Order != Ascending {
		t.Errorf("MS-OXCTABL 4.3.1: orders %+v", set.Orders)
	}
}

// TestSpecVectorIDs decodes the folder and message IDs of the examples:
// the 8 bytes as dumped, the "replica-counter" form the page prints
// (ReplicaId 0x0001, 48-bit GlobalCounter) and back.
func TestSpecVectorIDs(t *testing.T) {
	for _, c := range []struct {
		section string
		hex     string
		counter uint64 // replica is 0x0001 in every example
		str     string
	}{
		// [MS-OXCFOLD] 4.1.2 RopCreateFolder response, offset 6:
		// FolderId 0001-00000E915212.
		{"MS-OXCFOLD 4.1.2", "01 00 00 00 0E 91 52 12", 0x00000E915212, "1-E915212"},
		// [MS-OXCFOLD] 4.2.1 (and 4.5.1, 4.6.1): FolderId
		// 0001-00000E8EDF36.
		{"MS-OXCFOLD 4.2.1", "01 00 00 00 0E 8E DF 36", 0x00000E8EDF36, "1-E8EDF36"},
		// [MS-OXCFOLD] 4.3.1: the two MIDs of RopDeleteMessages.
		{"MS-OXCFOLD 4.3.1 #1", "01 00 00 00 0E 8E F1 48", 0x00000E8EF148, "1-E8EF148"},
		{"MS-OXCFOLD 4.3.1 #2", "01 00 00 00 0E 8E C3 02", 0x00000E8EC302, "1-E8EC302"},
		// [MS-OXCFOLD] 4.4.1: the MID of RopMoveCopyMessages.
		{"MS-OXCFOLD 4.4.1", "01 00 00 00 0E 8E EC 5D", 0x00000E8EEC5D, "1-E8EEC5D"},
		// [MS-OXOMSG] 4.3.1: RopAbortSubmit's FolderId
		// 0001-0003b479ca47 and MessageId 0001-0003b7e65fa7.
		{"MS-OXOMSG 4.3.1 FolderId", "01 00 00 03 b4 79 ca 47", 0x0003B479CA47, "1-3B479CA47"},
		{"MS-OXOMSG 4.3.1 MessageId", "01 00 00 03 b7 e6 5f a7", 0x0003B7E65FA7, "1-3B7E65FA7"},
	} {
		b := svHex(t, c.hex)
		id, err := ParseID(b)
		if err != nil {
			t.Errorf("%s: %v", c.section, err)
			continue
		}
		if id.ReplicaID() != 0x0001 || id.GlobalCounter() != c.counter {
			t.Errorf("%s: replica %#x counter %#x, want 0x1 and %#x", c.section, id.ReplicaID(), id.GlobalCounter(), c.counter)
		}
		if id != MakeID(1, c.counter) {
			t.Errorf("%s: %v != MakeID(1, %#x)", c.section, id, c.counter)
		}
		if s := id.String(); s != c.str {
			t.Errorf("%s: String() = %q, want %q", c.section, s, c.str)
		}
		enc, err := id.AppendBinary(nil)
		if err != nil || !bytes.Equal(enc, b) {
			t.Errorf("%s: encoded % X (%v), want % X", c.section, enc, err, b)
		}
	}
}

// TestSpecVectorEmptyProblemArray is the PropertyProblemCount of the
// RopSetProperties response of [MS-OXCPRPT] 4.2.2 (offset 6: count 0, no
// PropertyProblem structures).
func TestSpecVectorEmptyProblemArray(t *testing.T) {
	resp := svHex(t, "0000: 0A 00 00 00 00 00 00 00")
	arr := resp[6:]
	got, n, err := ParsePropertyProblemArray16(arr)
	if err != nil || n != 2 || len(got) != 0 {
		t.Fatalf("MS-OXCPRPT 4.2.2: %v %d %v", got, n, err)
	}
	b, err := AppendPropertyProblemArray16(nil, nil)
	if err != nil || !bytes.Equal(b, arr) {
		t.Fatalf("MS-OXCPRPT 4.2.2: encoded % X (%v)", b, err)
	}
}

package oxcmail

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/mapi"
)

// tnefSample31 is the start of the sample message of [MS-OXTNEF] 3.1
// ("Sample Message"): the header and the mapped attributes up to
// attMessageID, laid out per [MS-OXTNEF] 2.1.3.1/2.1.3.2 from the values
// and checksums the section lists (the checksums are the spec's, not
// computed here, so decoding checks the checksum algorithm).
const tnefSample31 = `
	789f3e22 0100
	01 06900800 04000000 00000100 0100
	01 07900600 08000000 e4040000 00000000 e800
	01 08800700 18000000 49504d2e4d6963726f736f6674204d61696c2e4e6f746500 3108
	01 0d800400 02000000 0200 0200
	01 04800100 0f000000 53696d706c65207375626a65637400 7a05
	01 05800300 0e000000 d4070200 11000b00 19002300 0200 3701
	01 20800300 0e000000 d4070200 11000c00 1a000900 0200 1f01
	01 09800100 21000000 3735374242313943444539333641343038374439304242373834433538453342 00 5107`

func TestTNEFSpecSample31(t *testing.T) {
	raw := dehex(t, tnefSample31)
	m, err := DecodeTNEF(raw, nil)
	if err != nil {
		t.Fatalf("DecodeTNEF: %v", err)
	}
	want := []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
		{Tag: mapi.PidTagImportance, Value: int32(1)},
		{Tag: mapi.PidTagSubject, Value: "Simple subject"},
		{Tag: mapi.PidTagClientSubmitTime, Value: time.Date(2004, 2, 17, 11, 25, 35, 0, time.UTC)},
		{Tag: mapi.PidTagLastModificationTime, Value: time.Date(2004, 2, 17, 12, 26, 9, 0, time.UTC)},
		{Tag: mapi.PidTagSearchKey, Value: dehex(t, "757BB19CDE936A4087D90BB784C58E3B")},
	}
	if d := cmp.Diff(want, m.Props); d != "" {
		t.Errorf("props (-want +got):\n%s", d)
	}
	// Encoding direction: each attribute, rebuilt from its data, gives the
	// spec's bytes (level, ID, length, data, checksum).
	type attr struct {
		id   TNEFAttribute
		data []byte
	}
	attrs := []attr{
		{AttTnefVersion, dehex(t, "00000100")},
		{AttOemCodepage, dehex(t, "e4040000 00000000")},
		{AttMessageClass, []byte("IPM.Microsoft Mail.Note\x00")},
		{AttPriority, dehex(t, "0200")},
		{AttSubject, []byte("Simple subject\x00")},
		{AttDateSent, appendDTR(nil, time.Date(2004, 2, 17, 11, 25, 35, 0, time.UTC))},
		{AttDateModified, appendDTR(nil, time.Date(2004, 2, 17, 12, 26, 9, 0, time.UTC))},
		{AttMessageID, []byte("757BB19CDE936A4087D90BB784C58E3B\x00")},
	}
	enc := dehex(t, "789f3e22 0100")
	for _, a := range attrs {
		enc = tnefAttr(enc, tnefLevelMessage, a.id, a.data)
	}
	if !bytes.Equal(enc, raw) {
		t.Errorf("attributes =\n% x\nwant\n% x", enc, raw)
	}
	// EncodeTNEF of the same properties writes the same attributes, in
	// the sample's order, before its attMsgProps.
	full, err := EncodeTNEF(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(full, raw) {
		t.Errorf("EncodeTNEF =\n% x\nwant prefix\n% x", full[:min(len(full), len(raw))], raw)
	}
	if rest := full[len(raw):]; len(rest) < 5 || TNEFAttribute(uint32(rest[1])|uint32(rest[2])<<8|uint32(rest[3])<<16|uint32(rest[4])<<24) != AttMsgProps {
		t.Errorf("attribute after the sample's is not attMsgProps")
	}
}

// richMessage is a message exercising every value type, named properties
// of both kinds, recipients, a file attachment and an embedded message
// with its own attachment.
func richMessage() *Message {
	t0 := time.Date(2024, 5, 6, 7, 8, 9, 100, time.UTC)
	g := mapi.NewGUID(0x01020304, 0x0506, 0x0708, 0x090A, 0x0B0C0D0E0F10)
	inner := &Message{
		Props: []mapi.PropValue{
			{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
			{Tag: mapi.PidTagSubject, Value: "inner"},
		},
		Attachments: []Attachment{{Props: []mapi.PropValue{
			{Tag: mapi.PidTagAttachMethod, Value: int32(1)},
			{Tag: mapi.PidTagRenderingPosition, Value: int32(-1)},
			{Tag: mapi.PidTagAttachDataBinary, Value: []byte("deep")},
		}}},
	}
	return &Message{
		Props: []mapi.PropValue{
			{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
			{Tag: mapi.PidTagSubject, Value: "Grüße — TNEF"},
			{Tag: mapi.PidTagImportance, Value: int32(2)},
			{Tag: mapi.PidTagClientSubmitTime, Value: t0},
			{Tag: mapi.PidTagRtfInSync, Value: true},
			{Tag: mapi.PidTagRtfCompressed, Value: []byte{1, 2, 3, 4, 5}},
			{Tag: mapi.NewPropTag(0x6601, mapi.PtypInteger16), Value: int16(-3)},
			{Tag: mapi.NewPropTag(0x6602, mapi.PtypFloating32), Value: float32(1.5)},
			{Tag: mapi.NewPropTag(0x6603, mapi.PtypFloating64), Value: 2.25},
			{Tag: mapi.NewPropTag(0x6604, mapi.PtypCurrency), Value: mapi.Currency(123456)},
			{Tag: mapi.NewPropTag(0x6605, mapi.PtypFloatingTime), Value: mapi.FloatingTime(45000.5)},
			{Tag: mapi.NewPropTag(0x6606, mapi.PtypErrorCode), Value: mapi.ErrorCode(0x8004010F)},
			{Tag: mapi.NewPropTag(0x6607, mapi.PtypInteger64), Value: int64(-1 << 40)},
			{Tag: mapi.NewPropTag(0x6608, mapi.PtypGuid), Value: g},
			{Tag: mapi.NewPropTag(0x6609, mapi.PtypMultipleInteger16), Value: []int16{1, -2, 3}},
			{Tag: mapi.NewPropTag(0x660A, mapi.PtypMultipleInteger32), Value: []int32{7}},
			{Tag: mapi.NewPropTag(0x660B, mapi.PtypMultipleString), Value: []string{"a", "bc", "déf"}},
			{Tag: mapi.NewPropTag(0x660C, mapi.PtypMultipleBinary), Value: [][]byte{{1}, {2, 3}, {}}},
			{Tag: mapi.NewPropTag(0x660D, mapi.PtypMultipleTime), Value: []time.Time{t0, t0.Add(time.Hour)}},
			{Tag: mapi.NewPropTag(0x660E, mapi.PtypMultipleGuid), Value: []mapi.GUID{g}},
			{Tag: mapi.NewPropTag(0x660F, mapi.PtypMultipleInteger64), Value: []int64{1, 2}},
			{Tag: mapi.NewPropTag(0x6610, mapi.PtypMultipleFloating64), Value: []float64{0.5}},
			{Tag: mapi.NewPropTag(0x6611, mapi.PtypMultipleFloating32), Value: []float32{0.25}},
			{Tag: mapi.NewPropTag(0x6612, mapi.PtypMultipleCurrency), Value: []mapi.Currency{9}},
			{Tag: mapi.NewPropTag(0x6613, mapi.PtypMultipleFloatingTime), Value: []mapi.FloatingTime{1}},
			{Tag: mapi.NewPropTag(0x6614, mapi.PtypNull), Value: nil},
		},
		Named: []NamedValue{
			{Name: mapi.PropertyName{Kind: mapi.NameKindID, GUID: mapi.PSETIDCommon, LID: 0x8580}, Type: mapi.PtypString, Value: "lid"},
			{Name: mapi.PropertyName{Kind: mapi.NameKindString, GUID: mapi.PSInternetHeaders, Name: "x-mailer"}, Type: mapi.PtypString, Value: "oxkit"},
			{Name: mapi.PropertyName{Kind: mapi.NameKindString, GUID: mapi.PSPublicStrings, Name: "Keywords"}, Type: mapi.PtypMultipleString, Value: []string{"red", "blue"}},
		},
		Recipients: []Recipient{
			{Props: []mapi.PropValue{
				{Tag: mapi.NewPropTag(0x3001, mapi.PtypString), Value: "Alice"},
				{Tag: mapi.NewPropTag(0x0C15, mapi.PtypInteger32), Value: int32(1)},
			}},
			{Props: []mapi.PropValue{{Tag: mapi.NewPropTag(0x3001, mapi.PtypString), Value: "Bob"}}},
		},
		Attachments: []Attachment{
			{Props: []mapi.PropValue{
				{Tag: mapi.PidTagAttachMethod, Value: int32(1)},
				{Tag: mapi.PidTagRenderingPosition, Value: int32(-1)},
				{Tag: mapi.PidTagAttachLongFilename, Value: "report.pdf"},
				{Tag: mapi.PidTagAttachDataBinary, Value: []byte("%PDF-1.4 ...")},
			}},
			{Props: []mapi.PropValue{
				{Tag: mapi.PidTagAttachMethod, Value: int32(5)},
				{Tag: mapi.PidTagRenderingPosition, Value: int32(-1)},
			}, Embedded: inner},
		},
	}
}

// normTNEF sorts a message's properties and named properties (a property
// bag is a set) so two decodings can be compared.
func normTNEF(m *Message) *Message {
	if m == nil {
		return nil
	}
	out := &Message{Props: append([]mapi.PropValue(nil), m.Props...), Named: append([]NamedValue(nil), m.Named...)}
	sortProps(out.Props)
	sort.SliceStable(out.Named, func(i, j int) bool {
		return fmt.Sprint(out.Named[i].Name) < fmt.Sprint(out.Named[j].Name)
	})
	for _, r := range m.Recipients {
		p := append([]mapi.PropValue(nil), r.Props...)
		sortProps(p)
		out.Recipients = append(out.Recipients, Recipient{Props: p})
	}
	for _, a := range m.Attachments {
		p := append([]mapi.PropValue(nil), a.Props...)
		sortProps(p)
		n := append([]NamedValue(nil), a.Named...)
		out.Attachments = append(out.Attachments, Attachment{Props: p, Named: n, Embedded: normTNEF(a.Embedded)})
	}
	return out
}

func sortProps(p []mapi.PropValue) {
	sort.SliceStable(p, func(i, j int) bool { return p[i].Tag < p[j].Tag })
}

// cmpTNEF compares floats by bits (NaN payloads survive a round trip) and
// treats nil and empty slices alike.
var cmpTNEF = []cmp.Option{
	cmp.Comparer(func(a, b float64) bool { return a == b || (a != a && b != b) }),
	cmp.Comparer(func(a, b float32) bool { return a == b || (a != a && b != b) }),
	cmp.Comparer(func(a, b mapi.FloatingTime) bool { return a == b || (a != a && b != b) }),
	cmp.Comparer(func(a, b []byte) bool { return bytes.Equal(a, b) }),
}

func TestTNEFRoundTrip(t *testing.T) {
	m := richMessage()
	enc, err := EncodeTNEF(m, nil)
	if err != nil {
		t.Fatalf("EncodeTNEF: %v", err)
	}
	got, err := DecodeTNEF(enc, nil)
	if err != nil {
		t.Fatalf("DecodeTNEF: %v", err)
	}
	if d := cmp.Diff(normTNEF(m), normTNEF(got), cmpTNEF...); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
	// Deterministic output.
	enc2, _ := EncodeTNEF(m, nil)
	if !bytes.Equal(enc, enc2) {
		t.Error("EncodeTNEF is not deterministic")
	}
	// Golden bytes (a regression check of the layout; -update rewrites).
	golden := filepath.Join("testdata", "tnef", "rich.tnef")
	if *update {
		if err := os.WriteFile(golden, enc, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(enc, want) {
		t.Errorf("EncodeTNEF differs from %s (run with -update if intended)", golden)
	}
}

func TestTNEFString8Codepage(t *testing.T) {
	// attOemCodepage 1251 makes the legacy attSubject and PtypString8
	// properties decode as Windows-1251.
	b := dehex(t, "789f3e22 0100")
	b = tnefAttr(b, tnefLevelMessage, AttOemCodepage, dehex(t, "e3040000 00000000"))
	b = tnefAttr(b, tnefLevelMessage, AttSubject, []byte{0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0})
	props := dehex(t, "01000000 1e001a00 01000000 09000000")
	props = append(props, "IPM.Note\x00\x00\x00\x00"...)
	b = tnefAttr(b, tnefLevelMessage, AttMsgProps, props)
	m, err := DecodeTNEF(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []mapi.PropValue{
		{Tag: mapi.PidTagSubject, Value: "Привет"},
		{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
	}
	if d := cmp.Diff(want, m.Props); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestTNEFEncapsulatedOverridesMapped(t *testing.T) {
	// [MS-OXTNEF] 2.1.3: encapsulated property values are used instead of
	// conflicting mapped attribute values.
	b := dehex(t, "789f3e22 0100")
	b = tnefAttr(b, tnefLevelMessage, AttSubject, []byte("legacy\x00"))
	props, err := appendTNEFProps(nil, []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "unicode"}}, nil, nil, 1, 8, 0)
	if err != nil {
		t.Fatal(err)
	}
	b = tnefAttr(b, tnefLevelMessage, AttMsgProps, props)
	m, err := DecodeTNEF(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "unicode"}}, m.Props); d != "" {
		t.Error(d)
	}
}

func TestTNEFErrors(t *testing.T) {
	good, err := EncodeTNEF(richMessage(), nil)
	if err != nil {
		t.Fatal(err)
	}
	badSum := append([]byte(nil), good...)
	badSum[len(badSum)-1] ^= 0xFF
	deep := &Message{}
	for range 12 {
		deep = &Message{Attachments: []Attachment{{Embedded: deep}}}
	}
	deepEnc, err := EncodeTNEF(deep, &TNEFOptions{MaxDepth: 20})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   []byte
		opts *TNEFOptions
		want error
	}{
		{"signature", dehex(t, "78563412 0100"), nil, ErrTNEFSignature},
		{"checksum", badSum, nil, ErrTNEFChecksum},
		{"truncated", good[:len(good)-10], nil, nil},
		{"depth", deepEnc, nil, ErrTNEFTooDeep},
		{"properties", good, &TNEFOptions{MaxProperties: 10}, ErrTNEFTooMany},
		{"recipients", good, &TNEFOptions{MaxRecipients: 1}, ErrTNEFTooMany},
		{"attachments", good, &TNEFOptions{MaxAttachments: 1}, ErrTNEFTooMany},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeTNEF(tc.in, tc.opts)
			var te *TNEFError
			if !errors.As(err, &te) {
				t.Fatalf("err = %v (%T), want *TNEFError", err, err)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if te.Offset < 0 || te.Offset > len(tc.in) {
				t.Fatalf("offset %d outside the %d-byte stream", te.Offset, len(tc.in))
			}
		})
	}
	if _, err := DecodeTNEF(badSum, &TNEFOptions{IgnoreChecksums: true}); err != nil {
		t.Errorf("IgnoreChecksums: %v", err)
	}
	if _, err := DecodeTNEF(deepEnc, &TNEFOptions{MaxDepth: 20}); err != nil {
		t.Errorf("MaxDepth 20: %v", err)
	}
}

func TestEncodeTNEFErrors(t *testing.T) {
	for _, m := range []*Message{
		{Props: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: 3}}},
		{Props: []mapi.PropValue{{Tag: mapi.NewPropTag(0x6600, mapi.PtypRestriction), Value: nil}}},
		{Props: []mapi.PropValue{{Tag: mapi.PidTagClientSubmitTime, Value: time.Time{}}}},
	} {
		if _, err := EncodeTNEF(m, nil); !errors.Is(err, ErrTNEFEncode) {
			t.Errorf("EncodeTNEF(%v) err = %v, want ErrTNEFEncode", m.Props, err)
		}
	}
}

func tnefSeeds(t testing.TB) [][]byte {
	enc, err := EncodeTNEF(richMessage(), nil)
	if err != nil {
		t.Fatal(err)
	}
	seeds := [][]byte{dehex(t, tnefSample31), enc}
	files, _ := filepath.Glob("testdata/tnef/*.tnef")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	return seeds
}

func FuzzTNEF(f *testing.F) {
	for _, s := range tnefSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := DecodeTNEF(b, nil)
		if err != nil {
			return
		}
		enc, err := EncodeTNEF(m, nil)
		if err != nil {
			// Values DecodeTNEF produces must all be encodable.
			t.Fatalf("EncodeTNEF(DecodeTNEF(x)): %v", err)
		}
		m2, err := DecodeTNEF(enc, nil)
		if err != nil {
			t.Fatalf("DecodeTNEF(EncodeTNEF(DecodeTNEF(x))): %v", err)
		}
		if d := cmp.Diff(normTNEF(m), normTNEF(m2), cmpTNEF...); d != "" {
			t.Fatalf("round trip differs (-first +second):\n%s", d)
		}
	})
}

func BenchmarkDecodeTNEF(b *testing.B) {
	m := richMessage()
	m.Attachments[0].Props[3].Value = bytes.Repeat([]byte("0123456789"), 10000)
	enc, err := EncodeTNEF(m, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(enc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeTNEF(enc, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeTNEF(b *testing.B) {
	m := richMessage()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := EncodeTNEF(m, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func TestTNEFBinaryEmbeddedMessage(t *testing.T) {
	inner, err := EncodeTNEF(&Message{Props: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "inner"}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b := dehex(t, "789f3e22 0100")
	b = tnefAttr(b, tnefLevelAttachment, AttAttachRendData, dehex(t, "0100 ffffffff 0000 0000 00000000"))
	props, err := appendTNEFProps(nil, []mapi.PropValue{
		{Tag: mapi.PidTagAttachDataBinary, Value: inner},
		{Tag: mapi.PidTagAttachMethod, Value: int32(5)},
	}, nil, nil, 1, 8, 0)
	if err != nil {
		t.Fatal(err)
	}
	b = tnefAttr(b, tnefLevelAttachment, AttAttachment, props)
	m, err := DecodeTNEF(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := m.Attachments[0]
	if a.Embedded == nil || a.Embedded.Prop(mapi.PidTagSubject) != "inner" {
		t.Fatalf("embedded = %+v", a.Embedded)
	}
	if Get(a.Props, mapi.PidTagAttachDataBinary) != nil {
		t.Error("binary data kept beside the embedded message")
	}
}

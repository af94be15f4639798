package fxstream

import (
	"bytes"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/oxkit/oxkit/internal/wire"
	"github.com/oxkit/oxkit/mapi"
)

func dehex(s string) []byte {
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		panic(err)
	}
	return b
}

var psPublicStrings = mapi.GUID{0x29, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}

// Spec-derived vectors: the byte forms [MS-OXCFXICS] 2.2.4.1 prescribes,
// written out by hand from the text of each section.
func TestSpecVectors(t *testing.T) {
	tests := []struct {
		name string
		tag  mapi.PropTag
		pn   *mapi.PropertyName
		v    any
		want string
	}{
		// 2.2.4.1.3 R3261: Int16 0x1234 is "34 12".
		{"MS-OXCFXICS 2.2.4.1.3 Int16", mapi.NewPropTag(0x1000, mapi.PtypInteger16), nil, int16(0x1234), "02000010 3412"},
		// 2.2.4.1.3 R990/R991: PtypBoolean is 2 bytes, "01 00" TRUE, "00 00" FALSE.
		{"MS-OXCFXICS 2.2.4.1.3 Boolean true", mapi.NewPropTag(0x0057, mapi.PtypBoolean), nil, true, "0B005700 0100"},
		{"MS-OXCFXICS 2.2.4.1.3 Boolean false", mapi.NewPropTag(0x0057, mapi.PtypBoolean), nil, false, "0B005700 0000"},
		// 2.2.4.1 varPropType propInfo length varSizeValue; 2.2.4.1.3 R3259 terminating NUL.
		{"MS-OXCFXICS 2.2.4.1 String", mapi.PidTagSubject, nil, "Hi", "1F003700 06000000 48006900 0000"},
		{"MS-OXCFXICS 2.2.4.1 String8", mapi.NewPropTag(0x0037, mapi.PtypString8), nil, "Hi", "1E003700 03000000 486900"},
		{"MS-OXCFXICS 2.2.4.1 Binary", mapi.NewPropTag(0x0FFF, mapi.PtypBinary), nil, []byte{0xAB, 0xCD}, "0201FF0F 02000000 ABCD"},
		// mvPropType propInfo length *(fixedSizeValue / length varSizeValue)
		{"MS-OXCFXICS 2.2.4.1 MultipleInteger32", mapi.NewPropTag(0x6000, mapi.PtypMultipleInteger32), nil, []int32{1, 2}, "03100060 02000000 01000000 02000000"},
		{"MS-OXCFXICS 2.2.4.1 MultipleString", mapi.NewPropTag(0x6001, mapi.PtypMultipleString), nil, []string{"a", ""}, "1F100160 02000000 04000000 61000000 02000000 0000"},
		// namedPropInfo = propertySet (%x00 dispid / %x01 name)
		{"MS-OXCFXICS 2.2.4.1 named dispid", mapi.NewPropTag(0x8000, mapi.PtypInteger32),
			&mapi.PropertyName{Kind: mapi.NameKindID, GUID: psPublicStrings, LID: 0x8501}, int32(7),
			"03000080 29030200000000 00C0000000000000 46 00 01850000 07000000"},
		{"MS-OXCFXICS 2.2.4.1 named string", mapi.NewPropTag(0x8001, mapi.PtypString),
			&mapi.PropertyName{Kind: mapi.NameKindString, GUID: psPublicStrings, Name: "X"}, "y",
			"1F000180 29030200000000 00C0000000000000 46 01 58000000 04000000 79000000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := dehex(tc.want)
			got, err := AppendPropValue(nil, tc.tag, tc.pn, tc.v)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("encode:\n got %X\nwant %X", got, want)
			}
			lx := NewLexer(want, nil)
			tok, ok := lx.Next()
			if !ok || tok.IsMarker || !lx.Done() {
				t.Fatalf("decode: ok=%v marker=%v done=%v err=%v", ok, tok.IsMarker, lx.Done(), lx.Err())
			}
			if tok.Prop.Tag.Type() != tc.tag.Type() || !reflect.DeepEqual(tok.Prop.Value, tc.v) {
				t.Fatalf("decode: got %v %#v", tok.Prop.Tag, tok.Prop.Value)
			}
			if tc.pn != nil {
				if tok.Prop.Name == nil || *tok.Prop.Name != *tc.pn || tok.Prop.Tag.ID() != 0x8000 {
					t.Fatalf("decode name: %+v tag %v", tok.Prop.Name, tok.Prop.Tag)
				}
			} else if tok.Prop.Tag != tc.tag {
				t.Fatalf("decode tag %v, want %v", tok.Prop.Tag, tc.tag)
			}
		})
	}
}

// MS-OXCFXICS 2.2.4.1.4: markers are their 4-byte values, little-endian.
func TestMarkers(t *testing.T) {
	for m, want := range map[Marker]string{
		StartMessage: "03000C40", EndMessage: "03000D40", StartFAIMsg: "03001040",
		StartRecip: "03000340", EndToRecip: "03000440", NewAttach: "03000040",
		EndAttach: "03000E40", StartEmbed: "03000140", EndEmbed: "03000240",
		IncrSyncProgressMode: "0B007440", IncrSyncGroupInfo: "02017B40",
	} {
		if got := AppendMarker(nil, m); !bytes.Equal(got, dehex(want)) {
			t.Errorf("%v: %X, want %s", m, got, want)
		}
		if !IsMarker(uint32(m)) {
			t.Errorf("IsMarker(%v) false", m)
		}
	}
	if s := Marker(0x12345678).String(); s != "Marker(0x12345678)" {
		t.Errorf("unknown marker String %q", s)
	}
}

// MS-OXCFXICS 2.2.4.1.3 R995: a reader drops the terminator only when it
// is there; code page types 2.2.4.1.1.1 decode to strings.
func TestStringsLenient(t *testing.T) {
	// String without terminator.
	b := dehex("1F003700 04000000 48006900")
	tok, ok := NewLexer(b, nil).Next()
	if !ok || tok.Prop.Value != "Hi" {
		t.Fatalf("unterminated: %#v", tok.Prop.Value)
	}
	// Code page 1252 (0x84E4) and 1200 (0x84B0).
	b = dehex("E4843700 02000000 E900")
	tok, ok = NewLexer(b, nil).Next()
	if !ok || tok.Prop.Tag != mapi.NewPropTag(0x37, mapi.PtypString8) || tok.Prop.Value != "\xe9" {
		t.Fatalf("cp1252: %v %#v", tok.Prop.Tag, tok.Prop.Value)
	}
	b = dehex("B1843700 04000000 00E90000")
	tok, ok = NewLexer(b, nil).Next()
	if !ok || tok.Prop.Tag != mapi.PidTagSubject || tok.Prop.Value != "é" {
		t.Fatalf("cp1201: %v %#v", tok.Prop.Tag, tok.Prop.Value)
	}
	b = dehex("B0943700 04000000 E9000000")
	tok, ok = NewLexer(b, nil).Next()
	if !ok || tok.Prop.Tag != mapi.PidTagSubject || tok.Prop.Value != "é" {
		t.Fatalf("0x94B0: %v %#v", tok.Prop.Tag, tok.Prop.Value)
	}
	b = dehex("B0843700 04000000 E9000000")
	tok, ok = NewLexer(b, nil).Next()
	if !ok || tok.Prop.Tag != mapi.PidTagSubject || tok.Prop.Value != "é" {
		t.Fatalf("cp1200: %v %#v", tok.Prop.Tag, tok.Prop.Value)
	}
}

func sampleMessage() (*Message, Names) {
	ts := time.Date(2024, 3, 31, 1, 30, 0, 0, time.UTC)
	names := Names{
		0x8000: {Kind: mapi.NameKindID, GUID: psPublicStrings, LID: 0x8501},
		0x8001: {Kind: mapi.NameKindString, GUID: psPublicStrings, Name: "Keywords"},
	}
	emb := &Message{
		Props: []mapi.PropValue{
			{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
			{Tag: mapi.PidTagSubject, Value: "inner"},
			{Tag: mapi.NewPropTag(0x8001, mapi.PtypMultipleString), Value: []string{"x", "y"}},
		},
		Recipients: []Recipient{{RowID: 0, Props: []mapi.PropValue{{Tag: mapi.PidTagDisplayName, Value: "Inner Rcpt"}}}},
	}
	m := &Message{
		Props: []mapi.PropValue{
			{Tag: mapi.PidTagMessageClass, Value: "IPM.Note"},
			{Tag: mapi.PidTagSubject, Value: "Grüße 😀"},
			{Tag: mapi.PidTagImportance, Value: int32(2)},
			{Tag: mapi.NewPropTag(0x0057, mapi.PtypBoolean), Value: true},
			{Tag: mapi.NewPropTag(0x0E06, mapi.PtypTime), Value: ts},
			{Tag: mapi.NewPropTag(0x1000, mapi.PtypString8), Value: "8bit"},
			{Tag: mapi.NewPropTag(0x6001, mapi.PtypInteger16), Value: int16(-3)},
			{Tag: mapi.NewPropTag(0x6002, mapi.PtypFloating32), Value: float32(1.5)},
			{Tag: mapi.NewPropTag(0x6003, mapi.PtypFloating64), Value: 2.25},
			{Tag: mapi.NewPropTag(0x6004, mapi.PtypCurrency), Value: mapi.Currency(12345)},
			{Tag: mapi.NewPropTag(0x6005, mapi.PtypFloatingTime), Value: mapi.FloatingTime(5.25)},
			{Tag: mapi.NewPropTag(0x6006, mapi.PtypInteger64), Value: int64(-1 << 40)},
			{Tag: mapi.NewPropTag(0x6007, mapi.PtypGuid), Value: psPublicStrings},
			{Tag: mapi.NewPropTag(0x6008, mapi.PtypServerId), Value: mapi.ServerID{Ours: true, FolderID: 1, MessageID: 2, Instance: 3}},
			{Tag: mapi.NewPropTag(0x6009, mapi.PtypServerId), Value: mapi.ServerID{Raw: []byte{9, 9}}},
			{Tag: mapi.NewPropTag(0x600A, mapi.PtypMultipleInteger16), Value: []int16{1, -1}},
			{Tag: mapi.NewPropTag(0x600B, mapi.PtypMultipleFloating32), Value: []float32{0.5}},
			{Tag: mapi.NewPropTag(0x600C, mapi.PtypMultipleFloating64), Value: []float64{0.25, 4}},
			{Tag: mapi.NewPropTag(0x600D, mapi.PtypMultipleCurrency), Value: []mapi.Currency{7}},
			{Tag: mapi.NewPropTag(0x600E, mapi.PtypMultipleFloatingTime), Value: []mapi.FloatingTime{1.5}},
			{Tag: mapi.NewPropTag(0x600F, mapi.PtypMultipleInteger64), Value: []int64{1 << 50}},
			{Tag: mapi.NewPropTag(0x6010, mapi.PtypMultipleTime), Value: []time.Time{ts, ts.Add(time.Hour)}},
			{Tag: mapi.NewPropTag(0x6011, mapi.PtypMultipleGuid), Value: []mapi.GUID{psPublicStrings}},
			{Tag: mapi.NewPropTag(0x6012, mapi.PtypMultipleString8), Value: []string{"a", "bc"}},
			{Tag: mapi.NewPropTag(0x6013, mapi.PtypMultipleBinary), Value: [][]byte{{1}, {}}},
			{Tag: mapi.NewPropTag(0x6014, mapi.PtypMultipleInteger32), Value: []int32{-5}},
			{Tag: mapi.NewPropTag(0x8000, mapi.PtypInteger32), Value: int32(15)},
			{Tag: mapi.NewPropTag(0x8001, mapi.PtypMultipleString), Value: []string{"red", "blue"}},
			{Tag: mapi.NewPropTag(0x1013, mapi.PtypBinary), Value: []byte("<p>html</p>")},
		},
		Recipients: []Recipient{
			{RowID: 0, Props: []mapi.PropValue{{Tag: mapi.PidTagRecipientType, Value: int32(1)}, {Tag: mapi.PidTagDisplayName, Value: "Ann"}}},
			{RowID: 1, Props: []mapi.PropValue{{Tag: mapi.PidTagRecipientType, Value: int32(2)}, {Tag: mapi.PidTagDisplayName, Value: "Bob"}}},
		},
		Attachments: []Attachment{
			{Num: 0, Props: []mapi.PropValue{{Tag: mapi.PidTagAttachMethod, Value: int32(1)}, {Tag: mapi.NewPropTag(0x3701, mapi.PtypBinary), Value: []byte("file data")}}},
			{Num: 1, Props: []mapi.PropValue{{Tag: mapi.PidTagAttachMethod, Value: int32(5)}}, Embedded: emb},
		},
	}
	return m, names
}

func TestMessageRoundTrip(t *testing.T) {
	m, names := sampleMessage()
	for _, fai := range []bool{false, true} {
		b, err := AppendMessage(nil, m, fai, names)
		if err != nil {
			t.Fatal(err)
		}
		got, gotFAI, gotNames, err := ParseMessage(b, nil)
		if err != nil {
			t.Fatal(err)
		}
		if gotFAI != fai {
			t.Errorf("fai %v, want %v", gotFAI, fai)
		}
		// The decoder numbers names in order of appearance: 0x8000 is met
		// first here, as in names, so IDs coincide.
		if !reflect.DeepEqual(gotNames, names) {
			t.Errorf("names %v, want %v", gotNames, names)
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("round trip differs:\n got %+v\nwant %+v", got, m)
		}
		// Content alone, then re-encode: identical bytes.
		c, err := AppendMessageContent(nil, m, names)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(c, b[4:len(b)-4]) {
			t.Errorf("messageContent is not the message element's middle")
		}
	}
}

func TestEncodeSkipsAndErrors(t *testing.T) {
	m := &Message{Props: []mapi.PropValue{
		{Tag: mapi.NewPropTag(0x0037, mapi.PtypErrorCode), Value: mapi.ErrorCode(0x8004010F)},
		{Tag: mapi.NewPropTag(0x3701, mapi.PtypObject), Value: uint32(0)},
		{Tag: mapi.PidTagSubject, Value: "s"},
	}}
	b, err := AppendMessageContent(nil, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := ParseMessageContent(b, nil)
	if err != nil || len(got.Props) != 1 || got.Props[0].Tag != mapi.PidTagSubject {
		t.Fatalf("got %+v, %v", got, err)
	}
	var fe *Error
	_, err = AppendMessageContent([]byte{1}, &Message{Props: []mapi.PropValue{{Tag: 0x80000003, Value: int32(1)}}}, nil)
	if !errors.As(err, &fe) || !errors.Is(err, ErrMissingName) {
		t.Errorf("missing name: %v", err)
	}
	_, err = AppendMessageContent(nil, &Message{Props: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: 3}}}, nil)
	if !errors.Is(err, ErrValue) {
		t.Errorf("wrong Go type: %v", err)
	}
	_, err = AppendMessageContent(nil, &Message{Props: []mapi.PropValue{{Tag: 0x00370099, Value: 3}}}, nil)
	if !errors.Is(err, ErrType) {
		t.Errorf("unknown type: %v", err)
	}
}

func TestDecodeErrors(t *testing.T) {
	m, names := sampleMessage()
	good, err := AppendMessage(nil, m, false, names)
	if err != nil {
		t.Fatal(err)
	}
	// Every truncation is an *Error with an offset inside the stream.
	for n := 1; n < len(good); n += 7 {
		_, _, _, err := ParseMessage(good[:n], nil)
		var fe *Error
		if !errors.As(err, &fe) {
			t.Fatalf("truncated at %d: %v", n, err)
		}
		if fe.Offset < 0 || fe.Offset > n {
			t.Fatalf("truncated at %d: offset %d", n, fe.Offset)
		}
	}
	cases := []struct {
		name string
		b    []byte
		lim  *Limits
		want error
	}{
		{"trailing", append(append([]byte{}, good...), good...), nil, ErrSyntax},
		{"no start", good[4:], nil, ErrSyntax},
		{"too large", good, &Limits{MaxBytes: 10}, ErrTooLarge},
		{"too many props", good, &Limits{MaxProps: 3}, ErrTooMany},
		{"too many recipients", good, &Limits{MaxRecipients: 1}, ErrTooMany},
		{"too many attachments", good, &Limits{MaxAttachments: 1}, ErrTooMany},
		{"too many objects", good, &Limits{MaxObjects: 3}, ErrTooMany},
		{"too many names", good, &Limits{MaxNames: 1}, ErrTooMany},
		{"too deep", good, &Limits{MaxDepth: 0}, nil}, // 0 means default: passes
		{"unknown type", dehex("03000C40 99003700 00000000 03000D40"), nil, ErrType},
		{"huge count", dehex("03000C40 03100060 FFFFFFFF 03000D40"), nil, wire.ErrShort},
		{"huge length", dehex("03000C40 02010060 FFFFFFF0 03000D40"), nil, wire.ErrShort},
		{"attach without number", dehex("03000C40 03000040 03000E40 03000D40"), nil, ErrSyntax},
		{"recipient unclosed", dehex("03000C40 03000340 03000D40"), nil, ErrSyntax},
		{"bad name kind", dehex("03000C40 03000080 00000000000000000000000000000000 07 03000D40"), nil, ErrValue},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, _, err := ParseMessage(tc.b, tc.lim)
			if tc.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	// Nesting beyond MaxDepth.
	deep := &Message{}
	for range 5 {
		deep = &Message{Attachments: []Attachment{{Embedded: deep}}}
	}
	b, err := AppendMessageContent(nil, deep, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := ParseMessageContent(b, &Limits{MaxDepth: 3}); !errors.Is(err, ErrTooDeep) {
		t.Fatalf("deep: %v", err)
	}
	if _, _, err := ParseMessageContent(b, &Limits{MaxDepth: 5}); err != nil {
		t.Fatalf("depth 5: %v", err)
	}
}

// Meta-properties the grammar allows are skipped: MetaTagDnPrefix before
// messageContent, MetaTagFXDelProp before recipients and attachments
// (2.2.4.3.12).
func TestMetaProperties(t *testing.T) {
	var b []byte
	b = AppendMarker(b, StartMessage)
	b, _ = AppendPropValue(b, MetaTagDnPrefix, nil, "/o=x")
	b, _ = AppendPropValue(b, mapi.PidTagSubject, nil, "s")
	b, _ = AppendPropValue(b, MetaTagFXDelProp, nil, int32(mapi.PidTagMessageRecipients))
	b = AppendMarker(b, StartRecip)
	b, _ = AppendPropValue(b, mapi.PidTagRowid, nil, int32(4))
	b = AppendMarker(b, EndToRecip)
	b, _ = AppendPropValue(b, MetaTagFXDelProp, nil, int32(0x0E13000D))
	b = AppendMarker(b, EndMessage)
	m, _, _, err := ParseMessage(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := &Message{Props: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "s"}}, Recipients: []Recipient{{RowID: 4}}}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("got %+v", m)
	}
}

func FuzzParseMessage(f *testing.F) {
	m, names := sampleMessage()
	b, _ := AppendMessage(nil, m, false, names)
	f.Add(b)
	b, _ = AppendMessage(nil, &Message{Props: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "x"}}}, true, nil)
	f.Add(b)
	if g, err := os.ReadFile(filepath.Join("testdata", "MS-OXCFXICS", "message.bin")); err == nil {
		f.Add(g)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		lim := &Limits{MaxDepth: 8}
		m1, fai, n1, err := ParseMessage(b, lim)
		if err != nil {
			return
		}
		// decode(encode(decode(x))) == decode(x)
		enc, err := AppendMessage(nil, m1, fai, n1)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		m2, fai2, n2, err := ParseMessage(enc, lim)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if fai != fai2 || !equalMessages(m1, m2) || !reflect.DeepEqual(n1, n2) {
			t.Fatalf("round trip differs")
		}
	})
}

// equalMessages compares as reflect.DeepEqual but treats NaN floats as
// equal to themselves (bit patterns survive the round trip).
func equalMessages(a, b *Message) bool {
	ea, _ := AppendMessageContent(nil, a, allNames(a))
	eb, _ := AppendMessageContent(nil, b, allNames(b))
	return bytes.Equal(ea, eb)
}

func allNames(m *Message) Names {
	n := Names{}
	var walk func(m *Message)
	add := func(ps []mapi.PropValue) {
		for _, p := range ps {
			if p.Tag.ID() >= 0x8000 {
				n[p.Tag.ID()] = mapi.PropertyName{Kind: mapi.NameKindID, LID: uint32(p.Tag.ID())}
			}
		}
	}
	walk = func(m *Message) {
		add(m.Props)
		for _, r := range m.Recipients {
			add(r.Props)
		}
		for _, a := range m.Attachments {
			add(a.Props)
			if a.Embedded != nil {
				walk(a.Embedded)
			}
		}
	}
	walk(m)
	return n
}

func BenchmarkAppendMessage(b *testing.B) {
	m, names := sampleMessage()
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if buf, err = AppendMessage(buf[:0], m, false, names); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(buf)))
}

func BenchmarkParseMessage(b *testing.B) {
	m, names := sampleMessage()
	buf, _ := AppendMessage(nil, m, false, names)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, _, err := ParseMessage(buf, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// MS-OXCFXICS 2.2.4.3.17: messageList = *([MetaTagDnPrefix]
// [MetaTagEcWarning] [message]).
func TestMessageList(t *testing.T) {
	m, names := sampleMessage()
	small := &Message{Props: []mapi.PropValue{{Tag: mapi.PidTagSubject, Value: "fai"}}}
	b, err := AppendMessageList(nil, []ListMessage{{Message: m}, {Message: small, FAI: true}}, names)
	if err != nil {
		t.Fatal(err)
	}
	// A warning before the second message is skipped.
	one, _ := AppendMessage(nil, m, false, names)
	var warn []byte
	warn, _ = AppendPropValue(warn, MetaTagEcWarning, nil, int32(0x00040380))
	b2 := append(append(append([]byte{}, one...), warn...), b[len(one):]...)
	for _, in := range [][]byte{b, b2} {
		got, gotNames, err := ParseMessageList(in, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[1].FAI != true || got[0].FAI || !reflect.DeepEqual(got[0].Message, m) || !reflect.DeepEqual(got[1].Message, small) {
			t.Fatalf("got %+v", got)
		}
		if !reflect.DeepEqual(gotNames, names) {
			t.Fatalf("names %v", gotNames)
		}
	}
	if got, _, err := ParseMessageList(nil, nil); err != nil || len(got) != 0 {
		t.Fatalf("empty list: %v %v", got, err)
	}
	if _, _, err := ParseMessageList(b[:len(b)-2], nil); err == nil {
		t.Fatal("truncated list accepted")
	}
	if _, _, err := ParseMessageList(dehex("03000D40"), nil); !errors.Is(err, ErrSyntax) {
		t.Fatalf("stray EndMessage: %v", err)
	}
}

// MS-OXCFXICS 2.2.4.3.1: attachmentContent = [MetaTagDnPrefix] propList
// [embeddedMessage].
func TestAttachmentContent(t *testing.T) {
	m, names := sampleMessage()
	for _, a := range m.Attachments {
		b, err := AppendAttachmentContent(nil, &a, names)
		if err != nil {
			t.Fatal(err)
		}
		got, gotNames, err := ParseAttachmentContent(b, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.Num != 0 || !reflect.DeepEqual(got.Props, a.Props) || (got.Embedded == nil) != (a.Embedded == nil) {
			t.Fatalf("got %+v\nwant %+v", got, a)
		}
		if a.Embedded != nil {
			// The decoder renumbers named properties (0x8001 "Keywords"
			// becomes 0x8000): compare by name.
			e := got.Embedded
			if len(e.Props) != 3 || e.Props[1].Value != "inner" || !reflect.DeepEqual(e.Props[2].Value, []string{"x", "y"}) ||
				gotNames[e.Props[2].Tag.ID()] != names[a.Embedded.Props[2].Tag.ID()] || len(e.Recipients) != 1 {
				t.Fatalf("embedded: %+v names %v", e, gotNames)
			}
		}
		// decode(encode(decode(x))) == decode(x)
		again, err := AppendAttachmentContent(nil, got, gotNames)
		if err != nil {
			t.Fatal(err)
		}
		got2, names2, err := ParseAttachmentContent(again, nil)
		if err != nil || !reflect.DeepEqual(got2, got) || !reflect.DeepEqual(names2, gotNames) {
			t.Fatalf("second round trip: %v", err)
		}
		if _, _, err := ParseAttachmentContent(append(b, AppendMarker(nil, EndAttach)...), nil); !errors.Is(err, ErrSyntax) {
			t.Fatalf("trailing EndAttach: %v", err)
		}
	}
	// Embedded nesting counts against MaxDepth from the attachment.
	deep := &Attachment{Embedded: &Message{Attachments: []Attachment{{Embedded: &Message{}}}}}
	b, _ := AppendAttachmentContent(nil, deep, nil)
	if _, _, err := ParseAttachmentContent(b, &Limits{MaxDepth: 1}); !errors.Is(err, ErrTooDeep) {
		t.Fatalf("deep: %v", err)
	}
	if _, _, err := ParseAttachmentContent(b, &Limits{MaxDepth: 2}); err != nil {
		t.Fatalf("depth 2: %v", err)
	}
}

package wbxml

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
)

func dehex(s string) []byte {
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		panic(err)
	}
	return b
}

func xmlString(t testing.TB, e *Element) string {
	t.Helper()
	var b strings.Builder
	if err := e.WriteXML(&b, " "); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// mustEqual fails unless the trees are equal, printing both as XML.
func mustEqual(t testing.TB, got, want *Element) {
	t.Helper()
	if !got.Equal(want) {
		t.Fatalf("trees differ\ngot:\n%s\nwant:\n%s", xmlString(t, got), xmlString(t, want))
	}
}

// [MS-ASWBXML] section 3: a Sync response adding a contact, byte by byte.
var specSection3 = dehex(`03 01 6A 00 45 5C 4F 50 03 43 6F 6E 74 61 63 74 73 00 01 4B 03 32 00 01 52 03 32 00 01 4E 03
31 00 01 56 47 4D 03 32 3A 31 00 01 5D 00 11 4A 46 03 31 00 01 4C 03 30 00 01 4D 03 31 00 01
01 00 01 5E 03 46 75 6E 6B 2C 20 44 6F 6E 00 01 5F 03 44 6F 6E 00 01 69 03 46 75 6E 6B 00 01
00 11 56 03 31 00 01 01 01 01 01 01 01`)

func specSection3Tree() *Element {
	return NewElement(AirSyncSync,
		NewElement(AirSyncCollections,
			NewElement(AirSyncCollection,
				NewText(AirSyncClass, "Contacts"),
				NewText(AirSyncSyncKey, "2"),
				NewText(AirSyncCollectionId, "2"),
				NewText(AirSyncStatus, "1"),
				NewElement(AirSyncCommands,
					NewElement(AirSyncAdd,
						NewText(AirSyncServerId, "2:1"),
						NewElement(AirSyncApplicationData,
							NewElement(AirSyncBaseBody,
								NewText(AirSyncBaseType, "1"),
								NewText(AirSyncBaseEstimatedDataSize, "0"),
								NewText(AirSyncBaseTruncated, "1")),
							NewText(ContactsFileAs, "Funk, Don"),
							NewText(ContactsFirstName, "Don"),
							NewText(ContactsLastName, "Funk"),
							NewText(AirSyncBaseNativeBodyType, "1")))))))
}

func TestSpecBinaryExamples(t *testing.T) {
	tests := []struct {
		name string
		wbx  []byte
		want *Element
	}{
		{"MS-ASWBXML 3", specSection3, specSection3Tree()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.wbx, nil)
			if err != nil {
				t.Fatal(err)
			}
			mustEqual(t, got, tc.want)
			enc, err := tc.want.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(enc, tc.wbx) {
				t.Fatalf("encoding differs\ngot  % X\nwant % X", enc, tc.wbx)
			}
		})
	}
}

// XML examples of [MS-ASCMD] section 4 and [MS-ASHTTP] section 4, with the
// tree each must parse to; each is also encoded and decoded back.
func TestSpecXMLExamples(t *testing.T) {
	tests := []struct {
		name string
		xml  string
		want *Element
	}{
		{"MS-ASCMD 4.4.1", `<?xml version="1.0" encoding="utf-8"?> <FolderSync xmlns="FolderHierarchy"> <SyncKey>0</SyncKey> </FolderSync>`,
			NewElement(FolderHierarchyFolderSync, NewText(FolderHierarchySyncKey, "0"))},
		{"MS-ASHTTP 4.1", `<?xml version="1.0" encoding="utf-8"?> <FolderSync xmlns="FolderHierarchy:"> <SyncKey>2</SyncKey> </FolderSync>`,
			NewElement(FolderHierarchyFolderSync, NewText(FolderHierarchySyncKey, "2"))},
		{"MS-ASCMD 4.9.1", `<?xml version="1.0" encoding="utf-8"?> <GetItemEstimate xmlns="GetItemEstimate" xmlns:airsync="AirSync"> <Collections> <Collection> <airsync:SyncKey>785971245</airsync:SyncKey> <CollectionId>5</CollectionId> <airsync:Options> <airsync:FilterType>0</airsync:FilterType> <airsync:Class>Email</airsync:Class> </airsync:Options> </Collection> </Collections> </GetItemEstimate>`,
			NewElement(GetItemEstimateGetItemEstimate,
				NewElement(GetItemEstimateCollections,
					NewElement(GetItemEstimateCollection,
						NewText(AirSyncSyncKey, "785971245"),
						NewText(GetItemEstimateCollectionId, "5"),
						NewElement(AirSyncOptions,
							NewText(AirSyncFilterType, "0"),
							NewText(AirSyncClass, "Email")))))},
		{"MS-ASCMD 4.15.2", `<?xml version="1.0" encoding="utf-8"?> <MoveItems xmlns="Move"> <Response> <SrcMsgId>5:1</SrcMsgId> <Status>3</Status> <DstMsgId>14:1</DstMsgId> </Response> </MoveItems>`,
			NewElement(MoveMoveItems,
				NewElement(MoveResponse,
					NewText(MoveSrcMsgId, "5:1"),
					NewText(MoveStatus, "3"),
					NewText(MoveDstMsgId, "14:1")))},
		{"MS-ASWBXML 3 (XML)", `<?xml version="1.0" encoding="utf-8"?>
 <Sync xmlns="AirSync" xmlns:airsyncbase="AirSyncBase" xmlns:contacts="Contacts">
   <Collections>
     <Collection>
       <Class>Contacts</Class>
       <SyncKey>2</SyncKey>
       <CollectionId>2</CollectionId>
       <Status>1</Status>
       <Commands>
         <Add>
           <ServerId>2:1</ServerId>
           <ApplicationData>
             <airsyncbase:Body>
               <airsyncbase:Type>1</airsyncbase:Type>
               <airsyncbase:EstimatedDataSize>0</airsyncbase:EstimatedDataSize>
               <airsyncbase:Truncated>1</airsyncbase:Truncated>
             </airsyncbase:Body>
             <contacts:FileAs>Funk, Don</contacts:FileAs>
             <contacts:FirstName>Don</contacts:FirstName>
             <contacts:LastName>Funk</contacts:LastName>
             <airsyncbase:NativeBodyType>1</airsyncbase:NativeBodyType>
           </ApplicationData>
         </Add>
       </Commands>
     </Collection>
   </Collections>
 </Sync>`, specSection3Tree()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseXML(strings.NewReader(tc.xml))
			if err != nil {
				t.Fatal(err)
			}
			mustEqual(t, got, tc.want)
			b, err := got.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			back, err := Parse(b, nil)
			if err != nil {
				t.Fatal(err)
			}
			mustEqual(t, back, tc.want)
			// and through our own XML writer
			again, err := ParseXML(strings.NewReader(xmlString(t, back)))
			if err != nil {
				t.Fatal(err)
			}
			mustEqual(t, again, tc.want)
		})
	}
	// The binary example's XML encodes to the example's bytes.
	x, _ := ParseXML(strings.NewReader(tests[len(tests)-1].xml))
	if b, _ := x.MarshalBinary(); !bytes.Equal(b, specSection3) {
		t.Fatalf("MS-ASWBXML 3 XML encodes to % X", b)
	}
}

// Requests captured from libwbxml and TbSync ([MS-ASWBXML] canonical
// header 03 01 6A 00; libwbxml's own output puts the public identifier in
// the string table).
func TestCaptures(t *testing.T) {
	dir := filepath.Join("testdata", "captures")
	canonical, err := os.ReadFile(filepath.Join(dir, "canonical.wbxml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ wbx, xml, want string }{
		{"foldersync.wbxml", "foldersync.xml", "canonical.wbxml"},
		{"fs-anon.wbxml", "foldersync.xml", "canonical.wbxml"},
		{"tb-foldersync.wbxml", "foldersync.xml", "canonical.wbxml"},
		{"sync.wbxml", "sync.xml", "sync.wbxml"},
	} {
		t.Run(tc.wbx, func(t *testing.T) {
			b, _ := os.ReadFile(filepath.Join(dir, tc.wbx))
			x, _ := os.ReadFile(filepath.Join(dir, tc.xml))
			want, _ := os.ReadFile(filepath.Join(dir, tc.want))
			got, err := Parse(b, nil)
			if err != nil {
				t.Fatal(err)
			}
			fromXML, err := ParseXML(bytes.NewReader(x))
			if err != nil {
				t.Fatal(err)
			}
			mustEqual(t, got, fromXML)
			enc, err := got.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(enc, want) {
				t.Fatalf("re-encoding is % X, want % X", enc, want)
			}
		})
	}
	d := NewBytesDecoder(mustRead(t, filepath.Join(dir, "foldersync.wbxml")), nil)
	h, err := d.Header()
	if err != nil {
		t.Fatal(err)
	}
	if h.PublicID != 0 || h.PublicIDString() != "-//MICROSOFT//DTD ActiveSync//EN" || h.Charset != CharsetUTF8 {
		t.Fatalf("libwbxml header = %+v (%q)", h, h.PublicIDString())
	}
	if !bytes.Equal(canonical[:4], header13[:]) {
		t.Fatalf("canonical capture header % X", canonical[:4])
	}
}

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Every tag of every code page encodes, decodes, converts to XML and back,
// and is found by name.
func TestEveryCodePageRoundTrip(t *testing.T) {
	n := 0
	for p := Page(0); p.Known(); p++ {
		for tok := byte(5); tok < 64; tok++ {
			tag := MakeTag(p, tok)
			if !tag.Known() {
				if tag.Name() != "" || !strings.HasPrefix(tag.String(), "Tag(0x") {
					t.Fatalf("unknown %#04x: name %q string %q", uint16(tag), tag.Name(), tag.String())
				}
				continue
			}
			n++
			if got, ok := LookupTag(p.XMLNamespace(), tag.Name()); !ok || got != tag {
				t.Fatalf("LookupTag(%q, %q) = %v, %v", p.XMLNamespace(), tag.Name(), got, ok)
			}
			for _, el := range []*Element{
				NewText(tag, "v"),
				NewElement(tag),
				NewOpaque(tag, []byte{0, 1, 0xFF}),
				NewElement(FolderHierarchyFolderSync, NewText(tag, "x"), NewElement(tag, NewElement(tag))),
			} {
				want := el
				if tag.Opaque() && el.Text != "" {
					want = NewOpaque(tag, []byte(el.Text))
				}
				b, err := el.MarshalBinary()
				if err != nil {
					t.Fatalf("%v: %v", tag, err)
				}
				got, err := Parse(b, nil)
				if err != nil {
					t.Fatalf("%v: % X: %v", tag, b, err)
				}
				if el.Tag == FolderHierarchyFolderSync {
					want = got // checked through XML below
				}
				mustEqual(t, got, want)
				x := xmlString(t, got)
				back, err := ParseXML(strings.NewReader(x))
				if err != nil {
					t.Fatalf("%v: %v\n%s", tag, err, x)
				}
				if (tag.Opaque() && len(got.Data) > 0) || got.Data == nil {
					mustEqual(t, back, got)
				}
			}
		}
	}
	if n != 608 {
		t.Fatalf("%d tags, want 608 (codepages.txt)", n)
	}
	if s := Tag(0xFFFF).String(); s != "Tag(0xffff)" {
		t.Fatal(s)
	}
	if s := Page(200).String(); s != "Page(200)" {
		t.Fatal(s)
	}
	if s := Kind(9).String(); s != "Kind(9)" {
		t.Fatal(s)
	}
}

func TestOpaqueElements(t *testing.T) {
	// [MS-ASEMAIL] 2.2.2.20/2.2.2.21: ConversationId and ConversationIndex
	// are byte arrays sent as OPAQUE, also when given as text.
	for _, tag := range []Tag{Email2ConversationId, Email2ConversationIndex, ComposeMailMime, ItemOperationsConversationId, SearchConversationId} {
		if !tag.Opaque() {
			t.Fatalf("%v not opaque", tag)
		}
	}
	if AirSyncSyncKey.Opaque() || AirSyncBaseData.Opaque() {
		t.Fatal("SyncKey or AirSyncBase:Data flagged opaque")
	}
	var buf bytes.Buffer
	en := NewEncoder(&buf)
	for _, tk := range []Token{
		{Kind: StartElement, Tag: ComposeMailSendMail},
		{Kind: StartElement, Tag: ComposeMailMime},
		{Kind: Text, Data: []byte("MIME")},
		{Kind: EndElement},
		{Kind: EndElement},
	} {
		if err := en.EncodeToken(tk); err != nil {
			t.Fatal(err)
		}
	}
	if err := en.Close(); err != nil {
		t.Fatal(err)
	}
	want := dehex("03 01 6A 00 00 15 45 50 C3 04 4D 49 4D 45 01 01")
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("got % X want % X", buf.Bytes(), want)
	}
}

type tokenCopy struct {
	Kind Kind
	Tag  Tag
	Data string
}

func allTokens(d *Decoder) ([]tokenCopy, error) {
	var out []tokenCopy
	for {
		t, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, tokenCopy{t.Kind, t.Tag, string(t.Data)})
	}
}

func TestReaderDecoderMatchesBytes(t *testing.T) {
	docs := [][]byte{specSection3, mustRead(t, "testdata/captures/foldersync.wbxml")}
	big, _ := NewElement(ItemOperationsItemOperations, NewText(ItemOperationsData, strings.Repeat("QUJD", 50000)), NewOpaque(ItemOperationsData, bytes.Repeat([]byte{7}, 70000))).MarshalBinary()
	docs = append(docs, big)
	for i, doc := range docs {
		want, err := allTokens(NewBytesDecoder(doc, nil))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range []io.Reader{bytes.NewReader(doc), iotest.OneByteReader(bytes.NewReader(doc)), iotest.HalfReader(bytes.NewReader(doc))} {
			got, err := allTokens(NewDecoder(r, nil))
			if err != nil {
				t.Fatalf("doc %d: %v", i, err)
			}
			if len(got) != len(want) {
				t.Fatalf("doc %d: %d tokens, want %d", i, len(got), len(want))
			}
			for j := range got {
				if got[j] != want[j] {
					t.Fatalf("doc %d token %d: %+v want %+v", i, j, got[j], want[j])
				}
			}
		}
	}
}

func TestDecoderZeroAllocsPerToken(t *testing.T) {
	d := NewBytesDecoder(specSection3, nil)
	tokens := 0
	allocs := testing.AllocsPerRun(100, func() {
		d.Reset(specSection3)
		tokens = 0
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			tokens++
		}
	})
	if tokens < 40 || allocs != 0 {
		t.Fatalf("%d tokens, %v allocations per document", tokens, allocs)
	}
}

func TestDecodeErrors(t *testing.T) {
	h := "03 01 6A 00 "
	tests := []struct {
		name   string
		in     string
		opts   *Options
		want   error
		offset int64
	}{
		{"empty", "", nil, ErrTruncated, 0},
		{"header only", h, nil, ErrTruncated, 4},
		{"version 1.0", "00 01 6A 00 45 01", nil, ErrSyntax, 0},
		{"charset latin1", "03 01 04 00 45 01", nil, ErrCharset, 2},
		{"unclosed", h + "45 4B", nil, ErrTruncated, 6},
		{"ENTITY", h + "45 02 41 01", nil, ErrUnsupportedToken, 5},
		{"LITERAL", h + "45 04 00 01", nil, ErrUnsupportedToken, 5},
		{"EXT_I_0", h + "45 40 41 00 01", nil, ErrUnsupportedToken, 5},
		{"PI", h + "45 43 01", nil, ErrUnsupportedToken, 5},
		{"LITERAL_C", h + "45 44 00 01", nil, ErrUnsupportedToken, 5},
		{"EXT_T_0", h + "45 80 00 01", nil, ErrUnsupportedToken, 5},
		{"LITERAL_A", h + "45 84 00 01", nil, ErrUnsupportedToken, 5},
		{"EXT_0", h + "45 C0 01", nil, ErrUnsupportedToken, 5},
		{"LITERAL_AC", h + "45 C4 00 01", nil, ErrUnsupportedToken, 5},
		{"attributes", h + "C5 01 01", nil, ErrUnsupportedToken, 4},
		{"attributes no content", h + "85 01", nil, ErrUnsupportedToken, 4},
		{"unknown page", h + "00 1A 45 01", nil, ErrUnknownPage, 5},
		{"unknown tag", h + "51 01", nil, ErrUnknownTag, 4},
		{"AirNotify tag", h + "00 03 45 01", nil, ErrUnknownTag, 6},
		{"END at top", h + "01", nil, ErrSyntax, 4},
		{"text at top", h + "03 41 00", nil, ErrSyntax, 4},
		{"two roots", h + "05 05", nil, ErrSyntax, 5},
		{"unterminated string", h + "45 03 41 42", nil, ErrTruncated, 5},
		{"opaque past end", h + "45 C3 05 41 01", nil, ErrTruncated, 5},
		{"opaque length overflow", h + "45 C3 FF FF FF FF 7F", nil, ErrSyntax, 5},
		{"STR_T out of table", h + "45 83 00 01", nil, ErrSyntax, 5},
		{"too deep", h + "45 45 45 01 01 01", &Options{MaxDepth: 2}, ErrTooDeep, 6},
		{"string too long", h + "45 03 41 42 43 00 01", &Options{MaxStringLength: 2}, ErrTooLong, 5},
		{"opaque too long", h + "45 C3 03 41 42 43 01", &Options{MaxStringLength: 2}, ErrTooLong, 5},
		{"string table too long", "03 01 6A 03 41 42 00 45 01", &Options{MaxStringLength: 2}, ErrTooLong, 3},
		{"document too large", h + "45 03 41 42 43 00 01", &Options{MaxDocumentSize: 8}, ErrTooLarge, 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, mode := range []string{"bytes", "reader"} {
				in := dehex(tc.in)
				var d *Decoder
				if mode == "bytes" {
					d = NewBytesDecoder(in, tc.opts)
				} else {
					d = NewDecoder(iotest.OneByteReader(bytes.NewReader(in)), tc.opts)
				}
				_, err := allTokens(d)
				var se *SyntaxError
				if !errors.As(err, &se) || !errors.Is(err, tc.want) {
					t.Fatalf("%s: err = %v, want %v", mode, err, tc.want)
				}
				if se.Offset != tc.offset {
					t.Fatalf("%s: offset %d, want %d (%v)", mode, se.Offset, tc.offset, err)
				}
				if _, err2 := d.Token(); err2 != err {
					t.Fatalf("%s: error not sticky: %v", mode, err2)
				}
				if _, err := Parse(in, tc.opts); !errors.Is(err, tc.want) {
					t.Fatalf("Parse: %v", err)
				}
			}
		})
	}
}

func TestEncodeErrors(t *testing.T) {
	if _, err := NewElement(MakeTag(0, 0x11)).MarshalBinary(); err == nil {
		t.Fatal("unknown tag encoded")
	}
	if _, err := NewText(AirSyncSyncKey, "a\x00b").MarshalBinary(); err == nil {
		t.Fatal("NUL in text encoded")
	}
	en := NewEncoder(io.Discard)
	if err := en.EncodeToken(Token{Kind: EndElement}); err == nil {
		t.Fatal("END without element")
	}
	en = NewEncoder(io.Discard)
	en.EncodeToken(Token{Kind: StartElement, Tag: PingPing})
	if err := en.Close(); err == nil {
		t.Fatal("incomplete document closed")
	}
	var e *EncodeError
	if _, err := NewElement(MakeTag(0, 0x11)).MarshalBinary(); !errors.As(err, &e) || !strings.HasPrefix(err.Error(), "wbxml: ") {
		t.Fatalf("error %v", err)
	}
}

func TestXMLErrors(t *testing.T) {
	for _, x := range []string{
		`<Sync xmlns="Nope:"/>`,
		`<Sync xmlns="AirSync:"><Bogus/></Sync>`,
		`<Sync xmlns="AirSync:" a="b"/>`,
		`<SendMail xmlns="ComposeMail:"><Mime>not base64!</Mime></SendMail>`,
		`<Sync xmlns="AirSync:">`,
		`<Sync xmlns="AirSync:"/><Sync xmlns="AirSync:"/>`,
		strings.Repeat(`<Add xmlns="AirSync:">`, 100) + strings.Repeat(`</Add>`, 100),
	} {
		if _, err := ParseXML(strings.NewReader(x)); err == nil {
			t.Errorf("ParseXML(%q) succeeded", x)
		}
	}
}

// The interop corpus (testdata/corpus, also checked against libwbxml by
// interop/suites/wbxml.sh) round-trips through our codec and XML form, and
// together covers every code page that has tags.
func TestCorpusRoundTrip(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*.xml"))
	if len(files) < 30 {
		t.Fatalf("only %d corpus documents", len(files))
	}
	var used [numPages]bool
	for _, f := range files {
		e, err := ParseXML(bytes.NewReader(mustRead(t, f)))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		e.pages(&used)
		b, err := e.MarshalBinary()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		back, err := Parse(b, nil)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		mustEqual(t, back, e)
		again, err := ParseXML(strings.NewReader(xmlString(t, back)))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		mustEqual(t, again, e)
	}
	for p, u := range used {
		if !u && Page(p) != PageAirNotify {
			t.Errorf("corpus does not use code page %v", Page(p))
		}
	}
}

func TestAliasInput(t *testing.T) {
	doc := append([]byte(nil), specSection3...)
	opts := &Options{AliasInput: true}
	aliased, err := Parse(doc, opts)
	if err != nil {
		t.Fatal(err)
	}
	copied, err := Parse(doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustEqual(t, aliased, specSection3Tree())
	mustEqual(t, copied, specSection3Tree())
	// The Class text "Contacts" starts at offset 9: changing the input
	// changes the aliased tree only.
	doc[9] = 'X'
	if got := aliased.Path(AirSyncCollections, AirSyncCollection, AirSyncClass).Text; got != "Xontacts" {
		t.Fatalf("aliased text %q", got)
	}
	if got := copied.Path(AirSyncCollections, AirSyncCollection, AirSyncClass).Text; got != "Contacts" {
		t.Fatalf("copied text %q", got)
	}
	type sendMailBody struct {
		WBXMLName struct{} `wbxml:"ComposeMail:SendMail"`
		Mime      []byte   `wbxml:"Mime"`
		ClientID  string   `wbxml:"ClientId"`
	}
	in, _ := NewElement(ComposeMailSendMail, NewText(ComposeMailClientId, "c"), NewOpaque(ComposeMailMime, []byte("MIME body"))).MarshalBinary()
	var a, c sendMailBody
	if err := UnmarshalOptions(in, &a, opts); err != nil {
		t.Fatal(err)
	}
	if err := Unmarshal(in, &c); err != nil {
		t.Fatal(err)
	}
	if string(a.Mime) != "MIME body" || a.ClientID != "c" || string(c.Mime) != "MIME body" {
		t.Fatalf("%+v %+v", a, c)
	}
	i := bytes.Index(in, []byte("MIME"))
	in[i] = 'm'
	if string(a.Mime) != "mIME body" || string(c.Mime) != "MIME body" {
		t.Fatalf("aliasing: %q %q", a.Mime, c.Mime)
	}
	if cap(a.Mime) != len(a.Mime) {
		t.Fatal("aliased slice may be appended over the input")
	}
}

// A reader claiming a huge OPAQUE value does not make the decoder allocate
// it before the bytes arrive.
func TestReaderDoesNotTrustLengths(t *testing.T) {
	in := dehex("03 01 6A 00 45 C3 8F FF FF 7F 41") // OPAQUE of 32 MiB - 1, then EOF
	allocs := testing.AllocsPerRun(1, func() {
		d := NewDecoder(bytes.NewReader(in), nil)
		if _, err := allTokens(d); !errors.Is(err, ErrTruncated) {
			t.Fatal(err)
		}
	})
	var ms1, ms2 runtime.MemStats
	runtime.ReadMemStats(&ms1)
	d := NewDecoder(bytes.NewReader(in), nil)
	allTokens(d)
	runtime.ReadMemStats(&ms2)
	if grew := ms2.TotalAlloc - ms1.TotalAlloc; grew > 1<<20 {
		t.Fatalf("decoder allocated %d bytes for an %d-byte input (%v allocs)", grew, len(in), allocs)
	}
}

// STR_T references into the string table ([WBXML1.2] 5.7, 5.8.4.1) decode
// to text, although ActiveSync itself does not use string tables.
func TestStringTableReferences(t *testing.T) {
	doc := dehex("03 01 6A 05 41 42 00 43 00 45 83 00 83 03 01")
	toks, err := allTokens(NewBytesDecoder(doc, nil))
	if err != nil {
		t.Fatal(err)
	}
	want := []tokenCopy{{StartElement, AirSyncSync, ""}, {Text, 0, "AB"}, {Text, 0, "C"}, {EndElement, AirSyncSync, ""}}
	if !reflect.DeepEqual(toks, want) {
		t.Fatalf("%+v", toks)
	}
	e, err := Parse(doc, nil)
	if err != nil || e.Text != "ABC" {
		t.Fatalf("%v %+v", err, e)
	}
	// re-encoded without string table, as inline strings
	b, _ := e.MarshalBinary()
	if want := dehex("03 01 6A 00 45 03 41 42 43 00 01"); !bytes.Equal(b, want) {
		t.Fatalf("% X", b)
	}
}

package wbxml

import (
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// Struct binding.
//
// Marshal and Unmarshal map Go structs to ActiveSync elements through
// field tags:
//
//	type FolderSyncRequest struct {
//		WBXMLName struct{} `wbxml:"FolderHierarchy:FolderSync"`
//		SyncKey   string   `wbxml:"SyncKey"`
//	}
//
// The root struct names its element with a field called WBXMLName (of any
// type). A field tag is "[Namespace:]Name[,option...]"; without a
// namespace the field's element is in the namespace of the enclosing
// element. Fields without a wbxml tag, and fields tagged "-", are ignored.
// Options:
//
//	omitempty  omit the element when the field is the zero value
//	empty      (bool) true writes an empty element (<MoreAvailable/>), false
//	           omits it; decoding sets true when the element is present
//	opaque     (string) write the content as OPAQUE data
//	any        ([]*Element) collects the child elements no other field
//	           takes, and writes them back after the other fields
//
// Field types: string; []byte (written as OPAQUE, [MS-ASDTYPE] 2.7.1);
// bool (written "1"/"0", the ActiveSync boolean, [MS-ASDTYPE] 2.1);
// signed and unsigned integers (decimal); structs (a child element with
// children); *Element or Element (a raw subtree whose tag is the field's);
// pointers to any of these (nil omits the element); and slices of any of
// these (one element per item). Text of elements whose content is a byte
// array (Tag.Opaque) is always written as OPAQUE.
//
// The metadata derived from a struct type is computed once and cached, so
// encoding and decoding do not re-inspect field tags.

type fieldKind uint8

const (
	kString fieldKind = iota + 1
	kBytes
	kBool
	kInt
	kUint
	kStruct
	kElement    // *Element
	kElementVal // Element
)

type fieldInfo struct {
	index     int
	name      string
	tag       Tag
	kind      fieldKind
	ptr       bool // field (or slice item) is a pointer
	slice     bool
	omitEmpty bool
	empty     bool
	opaque    bool
	elemType  reflect.Type // the struct type for kStruct
	info      *typeInfo    // for kStruct, resolved lazily (recursive types)
	infoOnce  sync.Once
}

type typeInfo struct {
	root    Tag // from WBXMLName, 0 if none
	fields  []*fieldInfo
	anyIdx  int // index of the ,any field or -1
	anyName string
}

type typeKey struct {
	t    reflect.Type
	page Page
}

var typeCache sync.Map // typeKey -> *typeInfo or error

var elementPtrType = reflect.TypeOf((*Element)(nil))
var elementType = reflect.TypeOf(Element{})

func getTypeInfo(t reflect.Type, page Page) (*typeInfo, error) {
	k := typeKey{t, page}
	if v, ok := typeCache.Load(k); ok {
		if err, ok := v.(error); ok {
			return nil, err
		}
		return v.(*typeInfo), nil
	}
	ti, err := buildTypeInfo(t, page)
	if err != nil {
		typeCache.Store(k, err)
		return nil, err
	}
	v, _ := typeCache.LoadOrStore(k, ti)
	return v.(*typeInfo), nil
}

func parseTagName(s string, page Page, what string) (Tag, error) {
	ns, name, ok := strings.Cut(s, ":")
	p := page
	if ok {
		var found bool
		if p, found = LookupPage(ns); !found {
			return 0, fmt.Errorf("wbxml: %s: unknown namespace %q", what, ns)
		}
	} else {
		name = ns
	}
	t, found := p.Lookup(name)
	if !found {
		return 0, fmt.Errorf("wbxml: %s: no tag %q in code page %v", what, name, p)
	}
	return t, nil
}

func buildTypeInfo(t reflect.Type, page Page) (*typeInfo, error) {
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("wbxml: %v is not a struct", t)
	}
	ti := &typeInfo{anyIdx: -1}
	if f, ok := t.FieldByName("WBXMLName"); ok && len(f.Index) == 1 {
		if s := f.Tag.Get("wbxml"); s != "" {
			name, _, _ := strings.Cut(s, ",")
			tag, err := parseTagName(name, page, t.String()+".WBXMLName")
			if err != nil {
				return nil, err
			}
			ti.root = tag
			page = tag.Page()
		}
	}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		s, ok := sf.Tag.Lookup("wbxml")
		if !ok || s == "-" || sf.Name == "WBXMLName" || !sf.IsExported() {
			continue
		}
		what := t.String() + "." + sf.Name
		name, opts, _ := strings.Cut(s, ",")
		fi := &fieldInfo{index: i, name: sf.Name}
		for _, o := range strings.Split(opts, ",") {
			switch o {
			case "":
			case "omitempty":
				fi.omitEmpty = true
			case "empty":
				fi.empty = true
			case "opaque":
				fi.opaque = true
			case "any":
				if sf.Type != reflect.TypeOf([]*Element(nil)) {
					return nil, fmt.Errorf("wbxml: %s: ,any needs type []*wbxml.Element", what)
				}
				if ti.anyIdx >= 0 {
					return nil, fmt.Errorf("wbxml: %s: second ,any field", what)
				}
				ti.anyIdx = i
				ti.anyName = sf.Name
				continue
			default:
				return nil, fmt.Errorf("wbxml: %s: unknown option %q", what, o)
			}
		}
		if ti.anyIdx == i {
			continue
		}
		tag, err := parseTagName(name, page, what)
		if err != nil {
			return nil, err
		}
		fi.tag = tag
		ft := sf.Type
		if ft.Kind() == reflect.Slice && ft.Elem().Kind() != reflect.Uint8 {
			fi.slice = true
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Pointer && ft != elementPtrType {
			fi.ptr = true
			ft = ft.Elem()
		}
		switch {
		case ft == elementPtrType:
			fi.kind = kElement
		case ft == elementType:
			fi.kind = kElementVal
		case ft.Kind() == reflect.String:
			fi.kind = kString
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Uint8:
			fi.kind = kBytes
		case ft.Kind() == reflect.Bool:
			fi.kind = kBool
		case ft.Kind() >= reflect.Int && ft.Kind() <= reflect.Int64:
			fi.kind = kInt
		case ft.Kind() >= reflect.Uint && ft.Kind() <= reflect.Uint64:
			fi.kind = kUint
		case ft.Kind() == reflect.Struct:
			fi.kind = kStruct
			fi.elemType = ft
		default:
			return nil, fmt.Errorf("wbxml: %s: unsupported type %v", what, sf.Type)
		}
		if fi.empty && fi.kind != kBool {
			return nil, fmt.Errorf("wbxml: %s: ,empty needs a bool", what)
		}
		ti.fields = append(ti.fields, fi)
	}
	return ti, nil
}

func (fi *fieldInfo) structInfo() (*typeInfo, error) {
	var err error
	fi.infoOnce.Do(func() {
		fi.info, err = getTypeInfo(fi.elemType, fi.tag.Page())
	})
	if err != nil {
		return nil, err
	}
	if fi.info == nil {
		return getTypeInfo(fi.elemType, fi.tag.Page())
	}
	return fi.info, nil
}

func rootValue(v any) (reflect.Value, *typeInfo, error) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return rv, nil, &EncodeError{Msg: "nil value"}
		}
		rv = rv.Elem()
	}
	if !rv.IsValid() {
		return rv, nil, &EncodeError{Msg: "nil value"}
	}
	if rv.Kind() != reflect.Struct {
		return rv, nil, &EncodeError{Msg: "value of type " + rv.Type().String() + " is not a struct"}
	}
	ti, err := getTypeInfo(rv.Type(), 0)
	if err != nil {
		return rv, nil, err
	}
	if ti.root == 0 {
		return rv, nil, fmt.Errorf("wbxml: %v has no WBXMLName field naming the root element", rv.Type())
	}
	return rv, ti, nil
}

// Marshal returns the WBXML document (header 03 01 6A 00) of v, a struct
// or pointer to a struct with a WBXMLName field.
func Marshal(v any) ([]byte, error) { return Append(nil, v) }

// Append appends the WBXML document of v to b (see Marshal).
func Append(b []byte, v any) ([]byte, error) {
	rv, ti, err := rootValue(v)
	if err != nil {
		return b, err
	}
	var e enc
	e.reset(b)
	e.header()
	if err := e.start(ti.root); err != nil {
		return b, err
	}
	if err := e.structFields(rv, ti); err != nil {
		return b, err
	}
	if err := e.end(); err != nil {
		return b, err
	}
	return e.buf, nil
}

func (e *enc) structFields(rv reflect.Value, ti *typeInfo) error {
	for _, fi := range ti.fields {
		fv := rv.Field(fi.index)
		if fi.slice {
			for i, n := 0, fv.Len(); i < n; i++ {
				if err := e.field(fi, fv.Index(i), true); err != nil {
					return err
				}
			}
			continue
		}
		if err := e.field(fi, fv, false); err != nil {
			return err
		}
	}
	if ti.anyIdx >= 0 {
		for _, c := range rv.Field(ti.anyIdx).Interface().([]*Element) {
			if err := c.encode(e); err != nil {
				return err
			}
		}
	}
	return nil
}

func (e *enc) field(fi *fieldInfo, fv reflect.Value, item bool) error {
	if fi.ptr {
		if fv.IsNil() {
			return nil
		}
		fv = fv.Elem()
	} else if !item && fi.omitEmpty && fv.IsZero() {
		return nil
	}
	var scratch [24]byte
	switch fi.kind {
	case kBool:
		if fi.empty {
			if !fv.Bool() {
				return nil
			}
			if err := e.start(fi.tag); err != nil {
				return err
			}
			return e.end()
		}
		s := scratch[:1]
		s[0] = '0'
		if fv.Bool() {
			s[0] = '1'
		}
		return e.leaf(fi.tag, s, false)
	case kString:
		if err := e.start(fi.tag); err != nil {
			return err
		}
		var err error
		if fi.opaque {
			s := fv.String()
			e.flushPending()
			e.buf = append(e.buf, tokOpaque)
			e.buf = appendMbUint32(e.buf, uint32(len(s)))
			e.buf = append(e.buf, s...)
		} else {
			err = e.textString(fv.String())
		}
		if err != nil {
			return err
		}
		return e.end()
	case kBytes:
		return e.leaf(fi.tag, fv.Bytes(), true)
	case kInt:
		return e.leaf(fi.tag, strconv.AppendInt(scratch[:0], fv.Int(), 10), false)
	case kUint:
		return e.leaf(fi.tag, strconv.AppendUint(scratch[:0], fv.Uint(), 10), false)
	case kStruct:
		ti, err := fi.structInfo()
		if err != nil {
			return err
		}
		if err := e.start(fi.tag); err != nil {
			return err
		}
		if err := e.structFields(fv, ti); err != nil {
			return err
		}
		return e.end()
	case kElement:
		el := fv.Interface().(*Element)
		if el == nil {
			return nil
		}
		return e.elementAs(fi.tag, el)
	case kElementVal:
		el := fv.Interface().(Element) // fv may not be addressable
		return e.elementAs(fi.tag, &el)
	}
	return nil
}

func (e *enc) leaf(t Tag, s []byte, opaque bool) error {
	if err := e.start(t); err != nil {
		return err
	}
	var err error
	if opaque {
		err = e.opaque(s)
	} else {
		err = e.text(s)
	}
	if err != nil {
		return err
	}
	return e.end()
}

func (e *enc) elementAs(t Tag, el *Element) error {
	c := *el
	c.Tag = t
	return c.encode(e)
}

// Unmarshal decodes the WBXML document b into v, a pointer to a struct
// with a WBXMLName field naming the expected root element, using the
// default Options. Elements without a matching field are skipped (or
// collected by an ,any field).
// It fails if anything but the end of the document follows the root
// element.
func Unmarshal(b []byte, v any) error {
	return UnmarshalOptions(b, v, nil)
}

// UnmarshalOptions is Unmarshal with options (limits, AliasInput).
func UnmarshalOptions(b []byte, v any, opts *Options) error {
	d := NewBytesDecoder(b, opts)
	if err := d.Decode(v); err != nil {
		return err
	}
	if _, err := d.Token(); err != io.EOF {
		if err == nil {
			err = d.fail(d.Offset(), 0, ErrSyntax)
		}
		return err
	}
	return nil
}

// Decode reads the next element (at the start of the document: the root
// element) into v, a pointer to a struct (see Unmarshal).
func (d *Decoder) Decode(v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("wbxml: Decode needs a non-nil pointer, not %T", v)
	}
	rv = rv.Elem()
	if rv.Kind() != reflect.Struct {
		return fmt.Errorf("wbxml: Decode needs a pointer to a struct, not %T", v)
	}
	t, err := d.Token()
	if err != nil {
		if err == io.EOF {
			return d.fail(d.Offset(), 0, ErrTruncated)
		}
		return err
	}
	if t.Kind != StartElement {
		return d.fail(d.Offset(), 0, ErrSyntax)
	}
	ti, err := getTypeInfo(rv.Type(), t.Tag.Page())
	if err != nil {
		return err
	}
	if ti.root != 0 && ti.root != t.Tag {
		return fmt.Errorf("wbxml: root element is %v, want %v", t.Tag, ti.root)
	}
	var ds decodeState
	if d.r == nil {
		ds.arena.hint = len(d.buf) - d.pos
	}
	return ds.structFields(d, rv, ti)
}

type decodeState struct {
	scratch []byte
	arena   strArena
}

func (ds *decodeState) structFields(d *Decoder, rv reflect.Value, ti *typeInfo) error {
	for {
		t, err := d.Token()
		if err != nil {
			if err == io.EOF {
				return d.fail(d.Offset(), 0, ErrTruncated)
			}
			return err
		}
		switch t.Kind {
		case EndElement:
			return nil
		case Text, Opaque:
			continue // content of a container: ignored
		}
		var fi *fieldInfo
		for _, f := range ti.fields {
			if f.tag == t.Tag {
				fi = f
				break
			}
		}
		if fi == nil {
			if ti.anyIdx >= 0 {
				el, err := d.Element()
				if err != nil {
					return err
				}
				av := rv.Field(ti.anyIdx)
				av.Set(reflect.Append(av, reflect.ValueOf(el)))
				continue
			}
			if err := d.Skip(); err != nil {
				return err
			}
			continue
		}
		fv := rv.Field(fi.index)
		if fi.slice {
			n := fv.Len()
			if n == fv.Cap() {
				nv := reflect.MakeSlice(fv.Type(), n+1, 2*n+1)
				reflect.Copy(nv, fv)
				fv.Set(nv)
			} else {
				fv.SetLen(n + 1)
			}
			fv = fv.Index(n)
		}
		if fi.ptr {
			if fv.IsNil() {
				fv.Set(reflect.New(fv.Type().Elem()))
			}
			fv = fv.Elem()
		}
		if err := ds.field(d, fi, fv); err != nil {
			return err
		}
	}
}

func (ds *decodeState) field(d *Decoder, fi *fieldInfo, fv reflect.Value) error {
	switch fi.kind {
	case kStruct:
		ti, err := fi.structInfo()
		if err != nil {
			return err
		}
		return ds.structFields(d, fv, ti)
	case kElement, kElementVal:
		el, err := d.Element()
		if err != nil {
			return err
		}
		if fi.kind == kElement {
			fv.Set(reflect.ValueOf(el))
		} else {
			fv.Set(reflect.ValueOf(*el))
		}
		return nil
	}
	off := d.Offset()
	s, inInput, err := ds.content(d)
	if err != nil {
		return err
	}
	alias := inInput && d.alias
	switch fi.kind {
	case kString:
		if alias {
			fv.SetString(aliasString(s))
		} else {
			fv.SetString(ds.arena.str(s))
		}
	case kBytes:
		if alias {
			fv.SetBytes(s[:len(s):len(s)])
		} else {
			fv.SetBytes(ds.arena.bytes(s))
		}
	case kBool:
		if fi.empty {
			fv.SetBool(true)
			return nil
		}
		switch string(s) {
		case "1", "true":
			fv.SetBool(true)
		case "0", "false", "":
			fv.SetBool(false)
		default:
			return fmt.Errorf("wbxml: %v at offset %d: %q is not a boolean", fi.tag, off, s)
		}
	case kInt:
		if len(s) == 0 {
			fv.SetInt(0)
			return nil
		}
		n, err := strconv.ParseInt(string(s), 10, fv.Type().Bits())
		if err != nil {
			return fmt.Errorf("wbxml: %v at offset %d: %w", fi.tag, off, err)
		}
		fv.SetInt(n)
	case kUint:
		if len(s) == 0 {
			fv.SetUint(0)
			return nil
		}
		n, err := strconv.ParseUint(string(s), 10, fv.Type().Bits())
		if err != nil {
			return fmt.Errorf("wbxml: %v at offset %d: %w", fi.tag, off, err)
		}
		fv.SetUint(n)
	}
	return nil
}

// content reads the content of the element just started up to its end and
// returns it (text and opaque parts concatenated; child elements are
// skipped). The result aliases the decoder or ds.scratch and is valid
// until the next read; inInput reports that it is a slice of a byte-slice
// decoder's input.
func (ds *decodeState) content(d *Decoder) (s []byte, inInput bool, err error) {
	var first []byte
	parts := 0
	for {
		t, err := d.Token()
		if err != nil {
			if err == io.EOF {
				return nil, false, d.fail(d.Offset(), 0, ErrTruncated)
			}
			return nil, false, err
		}
		switch t.Kind {
		case EndElement:
			if parts <= 1 {
				return first, parts == 1 && d.r == nil, nil
			}
			return ds.scratch, false, nil
		case StartElement:
			if err := d.Skip(); err != nil {
				return nil, false, err
			}
		case Text, Opaque:
			parts++
			// With a reader, token data does not survive the next Token
			// call, so it is copied at once.
			switch {
			case parts == 1 && d.r == nil:
				first = t.Data
			case parts == 1:
				ds.scratch = append(ds.scratch[:0], t.Data...)
				first = ds.scratch
			case parts == 2 && d.r == nil:
				ds.scratch = append(append(ds.scratch[:0], first...), t.Data...)
			default:
				ds.scratch = append(ds.scratch, t.Data...)
			}
		}
	}
}

package ews

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"
)

// User configuration dictionaries: the typed key/value pairs of
// [MS-OXWSUSRCFG] (t:UserConfigurationDictionaryType, types.xsd) stored
// in PidTagRoamingDictionary as the XML stream of [MS-OXOCFG] 2.2.5.1:
//
//	<UserConfiguration><Info version="Outlook.12"/><Data>
//	  <e k="18-piRemindDefault" v="9-15"/>
//	</Data></UserConfiguration>
//
// where k and v are "<type>-<value>". The type numbers are those of the
// spec's sample (3 Boolean "True"/"False", 9 Integer32, 18 String), which
// are .NET TypeCode values; oxkit writes the other scalar types with
// their TypeCode too (6 Byte, 10 UnsignedInteger32, 11 Integer64, 12
// UnsignedInteger64, 16 DateTime as xs:dateTime in UTC) and a null
// DictionaryValue as 0 (TypeCode Empty).
//
// QUIRK: [MS-OXOCFG] shows no encoding for arrays; oxkit writes
// StringArray as type 1018 with each string base64-encoded, the strings
// separated by spaces, and ByteArray as type 1006 with the bytes
// base64-encoded. Entries of types it does not know (from other writers)
// are skipped on reading.

// dictType is a UserConfigurationDictionaryObjectTypesType value.
type dictType string

const (
	dictDateTime    dictType = "DateTime"
	dictBoolean     dictType = "Boolean"
	dictByte        dictType = "Byte"
	dictString      dictType = "String"
	dictInteger32   dictType = "Integer32"
	dictUInteger32  dictType = "UnsignedInteger32"
	dictInteger64   dictType = "Integer64"
	dictUInteger64  dictType = "UnsignedInteger64"
	dictStringArray dictType = "StringArray"
	dictByteArray   dictType = "ByteArray"
	dictNull        dictType = "" // a nil DictionaryValue
)

var dictCodes = map[dictType]int{
	dictNull: 0, dictBoolean: 3, dictByte: 6, dictInteger32: 9, dictUInteger32: 10,
	dictInteger64: 11, dictUInteger64: 12, dictDateTime: 16, dictString: 18,
	dictStringArray: 1018, dictByteArray: 1006,
}

var dictByCode = func() map[int]dictType {
	m := map[int]dictType{}
	for t, c := range dictCodes {
		m[c] = t
	}
	return m
}()

// dictObject is a typed dictionary key or value in its EWS form: the
// Value strings as they appear in t:Value elements (normalized).
type dictObject struct {
	Type   dictType
	Values []string
}

type dictEntry struct {
	Key, Value dictObject
}

// maxDictEntries bounds the entries of one dictionary.
const maxDictEntries = 4096

var errDict = errors.New("invalid user configuration dictionary")

// normalizeDict checks an EWS dictionary object and normalizes its
// values: booleans "true"/"false", integers in range, DateTime as UTC
// xs:dateTime, base64 checked.
func normalizeDict(o dictObject) (dictObject, error) {
	if o.Type == dictNull {
		return o, nil
	}
	if _, ok := dictCodes[o.Type]; !ok {
		return o, fmt.Errorf("%w: type %q", errDict, o.Type)
	}
	if o.Type != dictStringArray && len(o.Values) != 1 {
		return o, fmt.Errorf("%w: %s takes one Value, not %d", errDict, o.Type, len(o.Values))
	}
	out := dictObject{Type: o.Type}
	for _, v := range o.Values {
		var err error
		switch o.Type {
		case dictBoolean:
			var b bool
			b, err = strconv.ParseBool(strings.TrimSpace(v))
			v = strconv.FormatBool(b)
		case dictByte:
			var n uint64
			n, err = strconv.ParseUint(strings.TrimSpace(v), 10, 8)
			v = strconv.FormatUint(n, 10)
		case dictInteger32, dictInteger64:
			bits := 32
			if o.Type == dictInteger64 {
				bits = 64
			}
			var n int64
			n, err = strconv.ParseInt(strings.TrimSpace(v), 10, bits)
			v = strconv.FormatInt(n, 10)
		case dictUInteger32, dictUInteger64:
			bits := 32
			if o.Type == dictUInteger64 {
				bits = 64
			}
			var n uint64
			n, err = strconv.ParseUint(strings.TrimSpace(v), 10, bits)
			v = strconv.FormatUint(n, 10)
		case dictDateTime:
			var t time.Time
			t, err = parseTime(strings.TrimSpace(v))
			v = t.UTC().Format("2006-01-02T15:04:05.999999999Z")
		case dictByteArray:
			v = strings.TrimSpace(v)
			_, err = base64.StdEncoding.DecodeString(v)
		}
		if err != nil {
			return o, fmt.Errorf("%w: %q is not a %s", errDict, v, o.Type)
		}
		out.Values = append(out.Values, v)
	}
	return out, nil
}

// parseDictionary reads a t:Dictionary element.
func parseDictionary(d *etree.Element) ([]dictEntry, error) {
	var out []dictEntry
	seen := map[string]bool{}
	for _, e := range d.ChildElements() {
		if e.Tag != "DictionaryEntry" {
			return nil, fmt.Errorf("%w: unexpected %s", errDict, e.Tag)
		}
		if len(out) >= maxDictEntries {
			return nil, fmt.Errorf("%w: more than %d entries", errDict, maxDictEntries)
		}
		k, v := child(e, "DictionaryKey"), child(e, "DictionaryValue")
		if k == nil || v == nil {
			return nil, fmt.Errorf("%w: DictionaryEntry needs DictionaryKey and DictionaryValue", errDict)
		}
		key, err := parseDictObject(k)
		if err != nil {
			return nil, err
		}
		if key.Type == dictNull || key.Type == dictStringArray || key.Type == dictByteArray {
			return nil, fmt.Errorf("%w: a key cannot be null or an array", errDict)
		}
		id := string(key.Type) + "\x00" + key.Values[0]
		if seen[id] {
			return nil, fmt.Errorf("%w: duplicate key %q", errDict, key.Values[0])
		}
		seen[id] = true
		val, err := parseDictObject(v)
		if err != nil {
			return nil, err
		}
		out = append(out, dictEntry{Key: key, Value: val})
	}
	return out, nil
}

func parseDictObject(e *etree.Element) (dictObject, error) {
	if n := attr(e, "nil"); n == "true" || n == "1" {
		return dictObject{Type: dictNull}, nil
	}
	o := dictObject{Type: dictType(childText(e, "Type"))}
	if o.Type == dictNull {
		return o, fmt.Errorf("%w: %s without a Type", errDict, e.Tag)
	}
	for _, v := range e.ChildElements() {
		if v.Tag == "Value" {
			o.Values = append(o.Values, v.Text())
		}
	}
	return normalizeDict(o)
}

// writeDictionary writes entries as a t:Dictionary element.
func (c *call) writeDictionary(entries []dictEntry) {
	c.w.raw(`<t:Dictionary>`)
	obj := func(name string, o dictObject) {
		if o.Type == dictNull {
			c.w.raw(`<t:` + name + ` xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>`)
			return
		}
		c.w.raw(`<t:` + name + `>`)
		c.w.elem("t:Type", string(o.Type))
		for _, v := range o.Values {
			c.w.elem("t:Value", v)
		}
		c.w.raw(`</t:` + name + `>`)
	}
	for _, e := range entries {
		c.w.raw(`<t:DictionaryEntry>`)
		obj("DictionaryKey", e.Key)
		obj("DictionaryValue", e.Value)
		c.w.raw(`</t:DictionaryEntry>`)
	}
	c.w.raw(`</t:Dictionary>`)
}

// encodeRoaming encodes one object as the "<type>-<value>" of [MS-OXOCFG]
// 2.2.5.1.
func encodeRoaming(o dictObject) string {
	code := strconv.Itoa(dictCodes[o.Type])
	switch o.Type {
	case dictNull:
		return code + "-"
	case dictBoolean:
		if o.Values[0] == "true" {
			return code + "-True"
		}
		return code + "-False"
	case dictStringArray:
		parts := make([]string, len(o.Values))
		for i, v := range o.Values {
			parts[i] = base64.StdEncoding.EncodeToString([]byte(v))
		}
		return code + "-" + strings.Join(parts, " ")
	}
	return code + "-" + o.Values[0]
}

// decodeRoaming is the inverse of encodeRoaming; ok is false for types
// it does not know and malformed values.
func decodeRoaming(s string) (dictObject, bool) {
	i := strings.IndexByte(s, '-')
	if i <= 0 {
		return dictObject{}, false
	}
	code, err := strconv.Atoi(s[:i])
	if err != nil {
		return dictObject{}, false
	}
	t, ok := dictByCode[code]
	if !ok {
		return dictObject{}, false
	}
	v := s[i+1:]
	o := dictObject{Type: t}
	switch t {
	case dictNull:
		return o, true
	case dictStringArray:
		if v != "" {
			for _, p := range strings.Split(v, " ") {
				b, err := base64.StdEncoding.DecodeString(p)
				if err != nil {
					return o, false
				}
				o.Values = append(o.Values, string(b))
			}
		}
		return o, true
	}
	o.Values = []string{v}
	o, err = normalizeDict(o)
	return o, err == nil
}

// marshalRoamingDictionary encodes entries as a PidTagRoamingDictionary
// stream ([MS-OXOCFG] 2.2.5.1).
func marshalRoamingDictionary(entries []dictEntry) []byte {
	var w xw
	w.raw(`<?xml version="1.0" encoding="utf-8"?><UserConfiguration><Info version="Outlook.12"/><Data>`)
	for _, e := range entries {
		w.raw(`<e k="`)
		w.attr(encodeRoaming(e.Key))
		w.raw(`" v="`)
		w.attr(encodeRoaming(e.Value))
		w.raw(`"/>`)
	}
	w.raw(`</Data></UserConfiguration>`)
	return w.b
}

// unmarshalRoamingDictionary decodes a PidTagRoamingDictionary stream,
// skipping entries it cannot type.
func unmarshalRoamingDictionary(b []byte) ([]dictEntry, error) {
	doc := etree.NewDocument()
	doc.ReadSettings.Permissive = false
	if err := doc.ReadFromBytes(b); err != nil {
		return nil, fmt.Errorf("%w: %v", errDict, err)
	}
	root := doc.Root()
	if root == nil || root.Tag != "UserConfiguration" {
		return nil, fmt.Errorf("%w: root is not UserConfiguration", errDict)
	}
	data := child(root, "Data")
	var out []dictEntry
	if data == nil {
		return out, nil
	}
	for _, e := range data.ChildElements() {
		if e.Tag != "e" || len(out) >= maxDictEntries {
			continue
		}
		k, okK := decodeRoaming(attr(e, "k"))
		v, okV := decodeRoaming(attr(e, "v"))
		if okK && okV && k.Type != dictNull {
			out = append(out, dictEntry{Key: k, Value: v})
		}
	}
	return out, nil
}

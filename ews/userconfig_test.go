package ews

import (
	"context"
	"encoding/base64"
	"reflect"
	"testing"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

func ucName(name string) string {
	return `<t:UserConfigurationName Name="` + name + `">` + dist("inbox") + `</t:UserConfigurationName>`
}

func ucGet(e *env, name, props string) (*etree.Element, respMsg) {
	doc := e.call(`<m:GetUserConfiguration><m:UserConfigurationName Name="` + name + `">` + dist("inbox") + `</m:UserConfigurationName><m:UserConfigurationProperties>` + props + `</m:UserConfigurationProperties></m:GetUserConfiguration>`)
	els, msgs := messages(doc)
	return els[0], msgs[0]
}

// ucDict reads a t:Dictionary back into entries.
func ucDict(t *testing.T, el *etree.Element) []dictEntry {
	t.Helper()
	d := el.FindElement(".//Dictionary")
	if d == nil {
		return nil
	}
	var out []dictEntry
	obj := func(e *etree.Element) dictObject {
		if e.SelectAttrValue("xsi:nil", "") == "true" {
			return dictObject{Type: dictNull}
		}
		o := dictObject{Type: dictType(text(e, "Type"))}
		for _, v := range e.SelectElements("Value") {
			o.Values = append(o.Values, v.Text())
		}
		return o
	}
	for _, de := range d.SelectElements("DictionaryEntry") {
		out = append(out, dictEntry{Key: obj(de.SelectElement("DictionaryKey")), Value: obj(de.SelectElement("DictionaryValue"))})
	}
	return out
}

func ucDictXML(entries ...string) string {
	s := `<t:Dictionary>`
	for _, e := range entries {
		s += e
	}
	return s + `</t:Dictionary>`
}

func ucEntry(kt, kv, vt string, vv ...string) string {
	s := `<t:DictionaryEntry><t:DictionaryKey><t:Type>` + kt + `</t:Type><t:Value>` + kv + `</t:Value></t:DictionaryKey>`
	if vt == "" {
		return s + `<t:DictionaryValue xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/></t:DictionaryEntry>`
	}
	s += `<t:DictionaryValue><t:Type>` + vt + `</t:Type>`
	for _, v := range vv {
		s += `<t:Value>` + v + `</t:Value>`
	}
	return s + `</t:DictionaryValue></t:DictionaryEntry>`
}

// [MS-OXWSUSRCFG] 3.1.4.1-3.1.4.4: create, read, update and delete a
// configuration with every dictionary type, XmlData and BinaryData.
func TestUserConfigurationLifecycle(t *testing.T) { testUserConfigurationLifecycle(t, newEnv(t)) }

func testUserConfigurationLifecycle(t *testing.T, e *env) {
	dict := ucDictXML(
		ucEntry("String", "name", "String", "Ann &amp; Bob"),
		ucEntry("String", "flag", "Boolean", "1"),
		ucEntry("String", "byte", "Byte", "255"),
		ucEntry("String", "i32", "Integer32", "-15"),
		ucEntry("String", "u32", "UnsignedInteger32", "4294967295"),
		ucEntry("String", "i64", "Integer64", "-9223372036854775808"),
		ucEntry("String", "u64", "UnsignedInteger64", "18446744073709551615"),
		ucEntry("String", "when", "DateTime", "2024-03-31T01:30:00+02:00"),
		ucEntry("String", "list", "StringArray", "a b", "", "c"),
		ucEntry("String", "blob", "ByteArray", "AAEC"),
		ucEntry("Integer32", "7", "String", "int key"),
		ucEntry("String", "none", ""),
	)
	doc := e.call(`<m:CreateUserConfiguration><m:UserConfiguration>` + ucName("Test.Cfg") + dict +
		`<t:XmlData>PHgvPg==</t:XmlData><t:BinaryData>AQID</t:BinaryData></m:UserConfiguration></m:CreateUserConfiguration>`)
	mustSuccess(t, doc)

	el, m := ucGet(e, "Test.Cfg", "All")
	if m.Code != "NoError" {
		t.Fatalf("get: %+v", m)
	}
	s := func(v ...string) []string { return v }
	want := []dictEntry{
		{dictObject{dictString, s("name")}, dictObject{dictString, s("Ann & Bob")}},
		{dictObject{dictString, s("flag")}, dictObject{dictBoolean, s("true")}},
		{dictObject{dictString, s("byte")}, dictObject{dictByte, s("255")}},
		{dictObject{dictString, s("i32")}, dictObject{dictInteger32, s("-15")}},
		{dictObject{dictString, s("u32")}, dictObject{dictUInteger32, s("4294967295")}},
		{dictObject{dictString, s("i64")}, dictObject{dictInteger64, s("-9223372036854775808")}},
		{dictObject{dictString, s("u64")}, dictObject{dictUInteger64, s("18446744073709551615")}},
		{dictObject{dictString, s("when")}, dictObject{dictDateTime, s("2024-03-30T23:30:00Z")}},
		{dictObject{dictString, s("list")}, dictObject{dictStringArray, s("a b", "", "c")}},
		{dictObject{dictString, s("blob")}, dictObject{dictByteArray, s("AAEC")}},
		{dictObject{dictInteger32, s("7")}, dictObject{dictString, s("int key")}},
		{dictObject{dictString, s("none")}, dictObject{Type: dictNull}},
	}
	if got := ucDict(t, el); !reflect.DeepEqual(got, want) {
		t.Errorf("dictionary:\n got %+v\nwant %+v", got, want)
	}
	if x, b := text(el, "XmlData"), text(el, "BinaryData"); x != "PHgvPg==" || b != "AQID" {
		t.Errorf("XmlData %q BinaryData %q", x, b)
	}
	id, _ := idOf(el, "ItemId")
	if id == "" {
		t.Error("no ItemId with All")
	}

	// Only what is asked for.
	el, _ = ucGet(e, "Test.Cfg", "XmlData")
	if el.FindElement(".//ItemId") != nil || el.FindElement(".//Dictionary") != nil || text(el, "XmlData") == "" || el.FindElement(".//BinaryData") != nil {
		t.Errorf("XmlData only: %s", dump(e.call(`<m:GetUserConfiguration><m:UserConfigurationName Name="Test.Cfg">`+dist("inbox")+`</m:UserConfigurationName><m:UserConfigurationProperties>XmlData</m:UserConfigurationProperties></m:GetUserConfiguration>`)))
	}
	el, _ = ucGet(e, "Test.Cfg", "Id Dictionary")
	if id2, _ := idOf(el, "ItemId"); id2 != id || len(ucDict(t, el)) != len(want) || el.FindElement(".//XmlData") != nil {
		t.Errorf("Id Dictionary: id %q", id2)
	}

	// The configuration is an FAI message of class IPM.Configuration.Test.Cfg
	// whose PidTagRoamingDictionary is the [MS-OXOCFG] 2.2.5.1 stream.
	oid, _ := ParseObjectID(id)
	mb, _ := e.st.OpenMailbox(context.Background(), user1)
	msg, err := mb.Message(context.Background(), oid.Message, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cls, _ := getString(msg.Props, mapi.PidTagMessageClass); cls != "IPM.Configuration.Test.Cfg" || !msg.Info.Associated {
		t.Errorf("class %q associated %v", cls, msg.Info.Associated)
	}
	if dt, _ := getInt(msg.Props, mapi.PidTagRoamingDatatypes); dt != roamingDictionary|roamingXMLStream|roamingBinary {
		t.Errorf("PidTagRoamingDatatypes 0x%X", dt)
	}
	raw, _ := getBytes(msg.Props, mapi.PidTagRoamingDictionary)
	rd := etree.NewDocument()
	if err := rd.ReadFromBytes(raw); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, x := range rd.FindElements("/UserConfiguration/Data/e") {
		got[x.SelectAttrValue("k", "")] = x.SelectAttrValue("v", "")
	}
	for k, v := range map[string]string{"18-flag": "3-True", "18-i32": "9--15", "18-name": "18-Ann & Bob", "9-7": "18-int key", "18-none": "0-"} {
		if got[k] != v {
			t.Errorf("stream entry %s = %q, want %q", k, got[k], v)
		}
	}

	// Update: the dictionary is replaced, XmlData removed (empty), BinaryData kept.
	doc = e.call(`<m:UpdateUserConfiguration><m:UserConfiguration>` + ucName("Test.Cfg") + ucDictXML(ucEntry("String", "only", "Integer64", "5")) +
		`<t:XmlData></t:XmlData></m:UserConfiguration></m:UpdateUserConfiguration>`)
	mustSuccess(t, doc)
	el, _ = ucGet(e, "Test.Cfg", "All")
	if got := ucDict(t, el); !reflect.DeepEqual(got, []dictEntry{{dictObject{dictString, s("only")}, dictObject{dictInteger64, s("5")}}}) {
		t.Errorf("after update: %+v", got)
	}
	if el.FindElement(".//XmlData") != nil || text(el, "BinaryData") != "AQID" {
		t.Errorf("after update: XmlData %v BinaryData %q", el.FindElement(".//XmlData") != nil, text(el, "BinaryData"))
	}

	// Create again: exists.
	_, msgs := messages(e.call(`<m:CreateUserConfiguration><m:UserConfiguration>` + ucName("Test.Cfg") + `</m:UserConfiguration></m:CreateUserConfiguration>`))
	if msgs[0].Code != "ErrorItemSave" {
		t.Errorf("duplicate create: %+v", msgs)
	}
	// Delete, then everything is ErrorItemNotFound.
	mustSuccess(t, e.call(`<m:DeleteUserConfiguration>`+ucName("Test.Cfg")+`</m:DeleteUserConfiguration>`))
	if _, m := ucGet(e, "Test.Cfg", "All"); m.Code != "ErrorItemNotFound" {
		t.Errorf("get after delete: %+v", m)
	}
	for _, op := range []string{
		`<m:DeleteUserConfiguration>` + ucName("Test.Cfg") + `</m:DeleteUserConfiguration>`,
		`<m:UpdateUserConfiguration><m:UserConfiguration>` + ucName("Test.Cfg") + `<t:XmlData>AA==</t:XmlData></m:UserConfiguration></m:UpdateUserConfiguration>`,
	} {
		if _, msgs := messages(e.call(op)); msgs[0].Code != "ErrorItemNotFound" {
			t.Errorf("%s: %+v", op, msgs)
		}
	}
}

func TestUserConfigurationErrors(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ name, body, want string }{
		{"bad int", ucDictXML(ucEntry("String", "k", "Integer32", "x")), "ErrorInvalidRequest"},
		{"int overflow", ucDictXML(ucEntry("String", "k", "Integer32", "2147483648")), "ErrorInvalidRequest"},
		{"byte overflow", ucDictXML(ucEntry("String", "k", "Byte", "256")), "ErrorInvalidRequest"},
		{"bad type", ucDictXML(ucEntry("String", "k", "Double", "1")), "ErrorInvalidRequest"},
		{"two values", ucDictXML(ucEntry("String", "k", "String", "a", "b")), "ErrorInvalidRequest"},
		{"duplicate key", ucDictXML(ucEntry("String", "k", "String", "a"), ucEntry("String", "k", "String", "b")), "ErrorInvalidRequest"},
		{"array key", ucDictXML(ucEntry("StringArray", "k", "String", "a")), "ErrorInvalidRequest"},
		{"bad base64", `<t:BinaryData>!!</t:BinaryData>`, "ErrorInvalidRequest"},
	} {
		_, msgs := messages(e.call(`<m:CreateUserConfiguration><m:UserConfiguration>` + ucName("Bad") + tc.body + `</m:UserConfiguration></m:CreateUserConfiguration>`))
		if len(msgs) != 1 || msgs[0].Code != tc.want {
			t.Errorf("%s: %+v", tc.name, msgs)
		}
	}
	_, msgs := messages(e.call(`<m:CreateUserConfiguration><m:UserConfiguration>` + ucName("has space") + `</m:UserConfiguration></m:CreateUserConfiguration>`))
	if msgs[0].Code != "ErrorInvalidRequest" {
		t.Errorf("bad name: %+v", msgs)
	}
	for _, body := range []string{
		`<m:GetUserConfiguration>` + ucName("X") + `<m:UserConfigurationProperties>Everything</m:UserConfigurationProperties></m:GetUserConfiguration>`,
		`<m:GetUserConfiguration>` + ucName("X") + `</m:GetUserConfiguration>`,
		`<m:CreateUserConfiguration/>`,
		`<m:DeleteUserConfiguration/>`,
	} {
		if code, doc := e.postAs(user1, envelope(body)); code != 500 || faultCode(doc) != "ErrorSchemaValidation" {
			t.Errorf("%s: HTTP %d %q", body, code, faultCode(doc))
		}
	}
}

// [MS-OXOCFG] 2.2.5.1: the sample dictionary stream of the spec, as
// Outlook writes it, reads back as typed EWS dictionary entries.
func TestUserConfigurationSpecSample(t *testing.T) { testUserConfigurationSpecSample(t, newEnv(t)) }

func testUserConfigurationSpecSample(t *testing.T, e *env) {
	ctx := context.Background()
	mb, _ := e.st.OpenMailbox(ctx, user1)
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	sample := `<?xml version="1.0"?>
<UserConfiguration>
<Info version="Outlook.12"/>
<Data> <e k="18-piAutoProcess" v="3-True"/>
<e k="18-piRemindDefault" v="9-15"/>
<e k="18-piReminderUpgradeTime" v="9-212864507"/>
<e k="18-OLPrefsVersion" v="9-1"/>
<e k="18-unknown" v="77-x"/>
</Data>
</UserConfiguration>`
	if _, err := mb.CreateMessage(ctx, inbox, &store.Message{Associated: true, Props: []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: "IPM.Configuration.Calendar"},
		{Tag: mapi.PidTagRoamingDictionary, Value: []byte(sample)},
	}}); err != nil {
		t.Fatal(err)
	}
	el, m := ucGet(e, "Calendar", "Dictionary")
	if m.Code != "NoError" {
		t.Fatalf("%+v", m)
	}
	s := func(v ...string) []string { return v }
	want := []dictEntry{
		{dictObject{dictString, s("piAutoProcess")}, dictObject{dictBoolean, s("true")}},
		{dictObject{dictString, s("piRemindDefault")}, dictObject{dictInteger32, s("15")}},
		{dictObject{dictString, s("piReminderUpgradeTime")}, dictObject{dictInteger32, s("212864507")}},
		{dictObject{dictString, s("OLPrefsVersion")}, dictObject{dictInteger32, s("1")}},
	}
	if got := ucDict(t, el); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	// Round trip of the codec itself.
	back, err := unmarshalRoamingDictionary(marshalRoamingDictionary(want))
	if err != nil || !reflect.DeepEqual(back, want) {
		t.Errorf("codec round trip: %v %+v", err, back)
	}
	if _, err := unmarshalRoamingDictionary([]byte("<nope/>")); err == nil {
		t.Error("wrong root accepted")
	}
	_ = base64.StdEncoding
}

// userConfigDumps returns requests whose responses TestDumpResponses
// writes for schema validation.
func userConfigDumps(t *testing.T, e *env) map[string]string {
	mustSuccess(t, e.call(`<m:CreateUserConfiguration><m:UserConfiguration>`+ucName("Dump.Cfg")+
		ucDictXML(ucEntry("String", "a", "StringArray", "x", "y"), ucEntry("Integer32", "1", "DateTime", "2024-01-01T00:00:00Z"), ucEntry("String", "n", ""))+
		`<t:XmlData>PHgvPg==</t:XmlData><t:BinaryData>AQID</t:BinaryData></m:UserConfiguration></m:CreateUserConfiguration>`))
	return map[string]string{
		"usercfg-create": `<m:CreateUserConfiguration><m:UserConfiguration>` + ucName("Dump.Other") + ucDictXML(ucEntry("String", "k", "Boolean", "true")) + `</m:UserConfiguration></m:CreateUserConfiguration>`,
		"usercfg-get":    `<m:GetUserConfiguration>` + ucName("Dump.Cfg") + `<m:UserConfigurationProperties>All</m:UserConfigurationProperties></m:GetUserConfiguration>`,
		"usercfg-update": `<m:UpdateUserConfiguration><m:UserConfiguration>` + ucName("Dump.Cfg") + `<t:BinaryData>AQ==</t:BinaryData></m:UserConfiguration></m:UpdateUserConfiguration>`,
		"usercfg-delete": `<m:DeleteUserConfiguration>` + ucName("Dump.Nope") + `</m:DeleteUserConfiguration>`,
	}
}

package ews

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
)

func convert(t *testing.T, e *env, dst, format, id string) (respMsg, string) {
	t.Helper()
	doc := e.call(`<m:ConvertId DestinationFormat="` + dst + `"><m:SourceIds><t:AlternateId Format="` + format + `" Id="` + id + `" Mailbox="` + user1 + `"/></m:SourceIds></m:ConvertId>`)
	els, msgs := messages(doc)
	a := els[0].SelectElement("AlternateId")
	if a == nil {
		return msgs[0], ""
	}
	if a.SelectAttrValue("Format", "") != dst {
		t.Fatalf("format %s", a.SelectAttrValue("Format", ""))
	}
	return msgs[0], a.SelectAttrValue("Id", "")
}

func TestConvertID(t *testing.T) { testConvertID(t, newEnv(t)) }

func testConvertID(t *testing.T, e *env) {
	inbox, _ := idOf(e.call(getFolderOp("IdOnly", dist("inbox"))).Root(), "FolderId")
	msg, _ := createMsg(t, e, `MessageDisposition="SaveOnly"`, dist("inbox"), `<t:Subject>x</t:Subject>`)
	mb, _ := e.st.OpenMailbox(context.Background(), user1)
	fid, _ := mb.SpecialFolder(context.Background(), store.FolderInbox)
	for _, id := range []string{inbox, msg} {
		m, eid := convert(t, e, "EntryId", "EwsId", id)
		if m.Code != "NoError" {
			t.Fatalf("%+v", m)
		}
		raw, _ := base64.StdEncoding.DecodeString(eid)
		if id == inbox {
			if d := cmp.Diff(store.FolderEntryID(mb.Info(), fid), raw); d != "" {
				t.Fatalf("folder entry ID: %s", d)
			}
		} else if _, err := mapi.ParseMessageEntryID(raw); err != nil {
			t.Fatalf("message entry ID: %v", err)
		}
		_, hexID := convert(t, e, "HexEntryId", "EntryId", eid)
		if hexID != strings.ToUpper(hex.EncodeToString(raw)) {
			t.Fatalf("hex %s", hexID)
		}
		_, back := convert(t, e, "EwsId", "HexEntryId", hexID)
		if back != id {
			t.Fatalf("round trip %s != %s", back, id)
		}
	}
	// exchangelib's version probe.
	if m, _ := convert(t, e, "EntryId", "EwsId", "DUMMY"); m.Code != "ErrorInvalidIdMalformed" {
		t.Fatalf("DUMMY: %+v", m)
	}
	// Another mailbox's ID.
	other, _ := idOf(e.callAs(user2, getFolderOp("IdOnly", dist("inbox"))).Root(), "FolderId")
	if m, _ := convert(t, e, "EntryId", "EwsId", other); m.Code != "ErrorItemNotFound" {
		t.Fatalf("foreign: %+v", m)
	}
}

func TestResolveNames(t *testing.T) { testResolveNames(t, newEnv(t)) }

func testResolveNames(t *testing.T, e *env) {
	resolve := func(q string, full bool) (respMsg, []string) {
		f := "false"
		if full {
			f = "true"
		}
		doc := e.call(`<m:ResolveNames ReturnFullContactData="` + f + `" SearchScope="ActiveDirectory"><m:UnresolvedEntry>` + q + `</m:UnresolvedEntry></m:ResolveNames>`)
		els, msgs := messages(doc)
		var out []string
		for _, r := range els[0].FindElements("ResolutionSet/Resolution") {
			s := text(r, "Name") + " <" + text(r, "EmailAddress") + ">"
			if full {
				s += " " + text(r.SelectElement("Contact"), "DisplayName")
			}
			out = append(out, s)
		}
		return msgs[0], out
	}
	m, got := resolve("user2@example.com", true)
	if m.Code != "NoError" || !cmp.Equal(got, []string{"User Two <user2@example.com> User Two"}) {
		t.Fatalf("%+v %v", m, got)
	}
	m, got = resolve("SMTP:user1@example.com", false)
	if m.Code != "NoError" || len(got) != 1 {
		t.Fatalf("%+v %v", m, got)
	}
	m, got = resolve("User", false)
	if m != (respMsg{"Warning", "ErrorNameResolutionMultipleResults"}) || len(got) != 2 {
		t.Fatalf("%+v %v", m, got)
	}
	m, _ = resolve("nobody", false)
	if m != (respMsg{"Error", "ErrorNameResolutionNoResults"}) {
		t.Fatalf("%+v", m)
	}
}

// TestStartupProbes checks Outlook's start-up requests get valid success
// answers, not faults.
func TestStartupProbes(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ op, root string }{
		{`<m:GetAppManifests><m:ApiVersionSupported>1.1</m:ApiVersionSupported><m:SchemaVersionSupported>1.1</m:SchemaVersionSupported></m:GetAppManifests>`, "GetAppManifestsResponse"},
		{`<m:GetAppMarketplaceUrl><m:ApiVersionSupported>1.1</m:ApiVersionSupported><m:SchemaVersionSupported>1.1</m:SchemaVersionSupported></m:GetAppMarketplaceUrl>`, "GetAppMarketplaceUrlResponse"},
		{`<m:GetServiceConfiguration><m:RequestedConfiguration><m:ConfigurationName>MailTips</m:ConfigurationName></m:RequestedConfiguration></m:GetServiceConfiguration>`, "GetServiceConfigurationResponse"},
		{`<m:GetUnifiedGroupsSettings/>`, "GetUnifiedGroupsSettingsResponseMessage"},
	} {
		doc := e.call(tc.op)
		body := doc.FindElement("//Body/*")
		if body.Tag != tc.root {
			t.Errorf("%s: root %s", tc.root, body.Tag)
		}
		mustSuccess(t, doc)
	}
	doc := e.call(`<m:GetServiceConfiguration><m:RequestedConfiguration><m:ConfigurationName>MailTips</m:ConfigurationName></m:RequestedConfiguration></m:GetServiceConfiguration>`)
	if v := text(doc.Root(), "MailTipsEnabled"); v != "true" {
		t.Fatalf("MailTipsEnabled %q", v)
	}
}

func TestGetUserConfiguration(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	mb, _ := e.st.OpenMailbox(ctx, user1)
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	if _, err := mb.CreateMessage(ctx, inbox, &store.Message{Associated: true, Props: []mapi.PropValue{
		{Tag: mapi.PidTagMessageClass, Value: "IPM.Configuration.Test.Config"},
		{Tag: pidTagRoamingXMLStream, Value: []byte("<x/>")},
	}}); err != nil {
		t.Fatal(err)
	}
	get := func(name string) (respMsg, string) {
		doc := e.call(`<m:GetUserConfiguration><m:UserConfigurationName Name="` + name + `">` + dist("inbox") + `</m:UserConfigurationName><m:UserConfigurationProperties>All</m:UserConfigurationProperties></m:GetUserConfiguration>`)
		els, msgs := messages(doc)
		return msgs[0], text(els[0], "XmlData")
	}
	m, x := get("Test.Config")
	if m.Code != "NoError" || x != base64.StdEncoding.EncodeToString([]byte("<x/>")) {
		t.Fatalf("%+v %q", m, x)
	}
	if m, _ := get("OWA.UserOptions"); m.Code != "ErrorItemNotFound" {
		t.Fatalf("missing: %+v", m)
	}
}

func TestObjectID(t *testing.T) {
	id := ObjectID{Kind: KindMessage, Mailbox: mapi.GUID{1, 2, 3}, Folder: store.MakeFID(5), Message: store.MakeMID(77)}
	back, err := ParseObjectID(id.String())
	if err != nil || back != id {
		t.Fatalf("%v %+v", err, back)
	}
	fid := ObjectID{Kind: KindFolder, Mailbox: mapi.GUID{9}, Folder: store.MakeFID(1)}
	if back, err := ParseObjectID(fid.String()); err != nil || back != fid {
		t.Fatalf("%v %+v", err, back)
	}
	att := ObjectID{Kind: KindAttachment, Mailbox: mapi.GUID{7}, Folder: store.MakeFID(2), Message: store.MakeMID(3), Attach: 4, Nested: [MaxNestedAttachments]uint32{5, 6}, NestedLen: 2}
	if back, err := ParseObjectID(att.String()); err != nil || back != att {
		t.Fatalf("nested attachment: %v %+v", err, back)
	}
	deepest := att
	deepest.NestedLen = MaxNestedAttachments
	tooDeep := append(deepest.AppendBinary(nil), 0, 0, 0, 0)
	ragged := append(att.AppendBinary(nil), 1)
	occ := append(ObjectID{Kind: KindOccurrence, Folder: 1, Message: 2, Attach: 3}.AppendBinary(nil), 0, 0, 0, 0)
	if back, err := ParseObjectID(deepest.String()); err != nil || back != deepest {
		t.Fatalf("deepest attachment: %v %+v", err, back)
	}
	for _, bad := range []string{"", "DUMMY", "AAAA", strings.Repeat("A", 600), base64.StdEncoding.EncodeToString(make([]byte, 34)),
		base64.StdEncoding.EncodeToString(tooDeep), base64.StdEncoding.EncodeToString(ragged), base64.StdEncoding.EncodeToString(occ)} {
		_, err := ParseObjectID(bad)
		var e *Error
		if err == nil || !asError(err, &e) || e.Code != ErrorInvalidIdMalformed {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if IDKind(9).String() != "IDKind(9)" || KindFolder.String() != "folder" {
		t.Fatal("String")
	}
}

func asError(err error, e **Error) bool {
	x, ok := err.(*Error)
	*e = x
	return ok
}

func FuzzParseObjectID(f *testing.F) {
	f.Add(ObjectID{Kind: KindMessage, Folder: 1, Message: 2}.String())
	f.Add(ObjectID{Kind: KindAttachment, Folder: 1, Message: 2, Attach: 3, Nested: [MaxNestedAttachments]uint32{4, 5, 6}, NestedLen: 3}.String())
	f.Add("DUMMY")
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseObjectID(s)
		if err != nil {
			return
		}
		back, err := ParseObjectID(id.String())
		if err != nil || back != id {
			t.Fatalf("round trip: %v %+v %+v", err, id, back)
		}
	})
}

func TestFindPeople(t *testing.T) {
	e := newEnv(t)
	find := func(q, view string) ([]string, string) {
		doc := e.call(`<m:FindPeople><m:PersonaShape><t:BaseShape>IdOnly</t:BaseShape></m:PersonaShape>` + view +
			`<m:ParentFolderId><t:DistinguishedFolderId Id="directory"/></m:ParentFolderId><m:QueryString>` + q + `</m:QueryString></m:FindPeople>`)
		els := mustSuccess(t, doc)
		var out []string
		for _, p := range els[0].FindElements("People/Persona") {
			out = append(out, text(p, "DisplayName")+" <"+text(p.SelectElement("EmailAddress"), "EmailAddress")+">")
		}
		return out, text(els[0], "TotalNumberOfPeopleInView")
	}
	all := `<m:IndexedPageItemView MaxEntriesReturned="10" Offset="0" BasePoint="Beginning"/>`
	got, total := find("user", all)
	if d := cmp.Diff([]string{"User One <user1@example.com>", "User Two <user2@example.com>"}, got); d != "" || total != "2" {
		t.Fatalf("%s total %s", d, total)
	}
	got, _ = find("user", `<m:IndexedPageItemView MaxEntriesReturned="1" Offset="1" BasePoint="Beginning"/>`)
	if d := cmp.Diff([]string{"User Two <user2@example.com>"}, got); d != "" {
		t.Fatal(d)
	}
	if got, _ = find("nobody", all); len(got) != 0 {
		t.Fatal(got)
	}
	// A contacts folder as the source: see TestFindPeopleContacts.
	doc := e.call(`<m:FindPeople><m:IndexedPageItemView MaxEntriesReturned="1" Offset="0" BasePoint="Beginning"/><m:ParentFolderId>` + dist("contacts") + `</m:ParentFolderId></m:FindPeople>`)
	if els := mustSuccess(t, doc); text(els[0], "TotalNumberOfPeopleInView") != "0" {
		t.Fatalf("empty contacts folder: %s", dump(doc))
	}
}

func TestUserPhotoAndDelegates(t *testing.T) {
	e := newEnv(t)
	doc := e.call(`<m:GetUserPhoto><m:Email>` + user2 + `</m:Email><m:SizeRequested>HR48x48</m:SizeRequested></m:GetUserPhoto>`)
	_, msgs := messages(doc)
	if len(msgs) != 1 || msgs[0].Code != "ErrorItemNotFound" || text(doc.Root(), "HasChanged") != "false" {
		t.Fatalf("%+v", msgs)
	}
	doc = e.call(`<m:GetDelegate IncludePermissions="true"><m:Mailbox><t:EmailAddress>` + user1 + `</t:EmailAddress></m:Mailbox></m:GetDelegate>`)
	if els := mustSuccess(t, doc); text(els[0], "DeliverMeetingRequests") != "DelegatesAndMe" || els[0].FindElement(".//DelegateUser") != nil {
		t.Fatalf("%s", dump(doc))
	}
	code, doc := e.postAs(user1, envelope(`<m:GetDelegate IncludePermissions="true"><m:Mailbox><t:EmailAddress>`+user2+`</t:EmailAddress></m:Mailbox></m:GetDelegate>`))
	if code != 500 || faultCode(doc) != "ErrorAccessDenied" {
		t.Fatalf("%d %s", code, faultCode(doc))
	}
}

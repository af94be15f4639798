package ews

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beevik/etree"
)

// TestDumpResponsesContacts3 is TestDumpResponses for the responses of
// contacts3.go and photo.go: contacts with every field of contacts3.go
// and a contact photo (GetItem AllProperties in Exchange2016, 2013 and
// 2010_SP1, FindItem, GetAttachment, CreateAttachment) and GetUserPhoto
// with and without a photo, written into $EWS_DUMP (as contacts3-*.xml)
// for the interop suite to validate against the EWS schemas with
// xmllint (interop/suites/ews.sh).
func TestDumpResponsesContacts3(t *testing.T) {
	dir := os.Getenv("EWS_DUMP")
	if dir == "" {
		t.Skip("EWS_DUMP not set: only the interop suite (xmllint schema validation) runs this")
	}
	e := newEnv(t)
	e.h.Photos = photoMap{user2: {Data: testJPEG(t, 100, 100), ContentType: "image/jpeg", Tag: "v1"}}
	cert := base64.StdEncoding.EncodeToString([]byte("cert"))
	photo := base64.StdEncoding.EncodeToString(testJPEG(t, 64, 64))
	id := createContact(t, e, `<t:Body BodyType="Text">notes</t:Body><t:FileAsMapping>LastCommaFirstCompany</t:FileAsMapping>`+
		`<t:DisplayName>Taro Yamada</t:DisplayName><t:GivenName>Taro</t:GivenName><t:CompanyName>Acme</t:CompanyName><t:Surname>Yamada</t:Surname>`+
		`<t:PhoneticFirstName>たろう</t:PhoneticFirstName><t:PhoneticLastName>やまだ</t:PhoneticLastName><t:Alias>tyamada</t:Alias>`+
		`<t:UserSMIMECertificate><t:Base64Binary>`+cert+`</t:Base64Binary></t:UserSMIMECertificate>`+
		`<t:MSExchangeCertificate><t:Base64Binary>`+cert+`</t:Base64Binary></t:MSExchangeCertificate><t:Gender>Female</t:Gender>`)
	create := `<m:CreateAttachment><m:ParentItemId Id="` + id + `"/><m:Attachments><t:FileAttachment><t:Name>ContactPicture.jpg</t:Name>` +
		`<t:ContentType>image/jpeg</t:ContentType><t:IsContactPhoto>true</t:IsContactPhoto><t:Content>` + photo + `</t:Content></t:FileAttachment></m:Attachments></m:CreateAttachment>`
	_, doc := e.postAs(user1, envelope(create))
	if err := doc.WriteToFile(filepath.Join(dir, "contacts3-createattachment.xml")); err != nil {
		t.Fatal(err)
	}
	aid, _ := idOf(mustSuccess(t, doc)[0], "Attachments/FileAttachment/AttachmentId")
	get := `<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds>` + itemID(id) + `</m:ItemIds></m:GetItem>`
	reqs := map[string]string{
		"contacts3-getitem":         envelope(get),
		"contacts3-getitem-2013":    strings.Replace(envelope(get), `Version="Exchange2016"`, `Version="Exchange2013"`, 1),
		"contacts3-getitem-2010sp1": strings.Replace(envelope(get), `Version="Exchange2016"`, `Version="Exchange2010_SP1"`, 1),
		"contacts3-finditem": envelope(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape>` +
			`<m:IndexedPageItemView BasePoint="Beginning" Offset="0"/><m:ParentFolderIds>` + dist("contacts") + `</m:ParentFolderIds></m:FindItem>`),
		"contacts3-getattachment": envelope(`<m:GetAttachment><m:AttachmentIds><t:AttachmentId Id="` + aid + `"/></m:AttachmentIds></m:GetAttachment>`),
		"contacts3-resolvenames":  envelope(`<m:ResolveNames ReturnFullContactData="true"><m:UnresolvedEntry>user</m:UnresolvedEntry></m:ResolveNames>`),
		"contacts3-userphoto":     envelope(`<m:GetUserPhoto><m:Email>` + user2 + `</m:Email><m:SizeRequested>HR48x48</m:SizeRequested></m:GetUserPhoto>`),
		"contacts3-userphoto-none": envelope(`<m:GetUserPhoto><m:Email>` + user1 + `</m:Email><m:SizeRequested>HR48x48</m:SizeRequested>` +
			`<m:TypeRequested>UserPhoto</m:TypeRequested></m:GetUserPhoto>`),
	}
	for k, v := range reqs {
		_, doc := e.postAs(user1, v)
		mustSuccessOrPhotoError(t, k, doc)
		if err := doc.WriteToFile(filepath.Join(dir, k+".xml")); err != nil {
			t.Fatal(err)
		}
	}
}

// mustSuccessOrPhotoError fails unless every response message of doc
// succeeded; the "-none" dump is the no-photo answer, ErrorItemNotFound.
func mustSuccessOrPhotoError(t *testing.T, name string, doc *etree.Document) {
	t.Helper()
	_, msgs := messages(doc)
	want := respMsg{Class: "Success", Code: "NoError"}
	if strings.HasSuffix(name, "-resolvenames") {
		want = respMsg{Class: "Warning", Code: "ErrorNameResolutionMultipleResults"}
	}
	if strings.HasSuffix(name, "-none") {
		want = respMsg{Class: "Error", Code: "ErrorItemNotFound"}
	}
	if len(msgs) == 0 {
		t.Fatalf("%s: no response messages: %s", name, dump(doc))
	}
	for _, m := range msgs {
		if m != want {
			t.Fatalf("%s: %+v, want %+v: %s", name, m, want, dump(doc))
		}
	}
}

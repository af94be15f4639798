package ews

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
)

// contact3View lists the fields of contacts3.go (and FileAs, HasPicture)
// as "name=value" strings in document order.
func contact3View(c *etree.Element) []string {
	var out []string
	for _, ch := range c.ChildElements() {
		switch ch.Tag {
		case "FileAs", "FileAsMapping", "HasPicture", "PhoneticFullName", "PhoneticFirstName", "PhoneticLastName", "Alias",
			"Notes", "Photo", "Gender":
			out = append(out, ch.Tag+"="+ch.Text())
		case "UserSMIMECertificate", "MSExchangeCertificate":
			for _, b := range ch.ChildElements() {
				out = append(out, ch.Tag+"="+b.Text())
			}
		}
	}
	return out
}

func createContact(t *testing.T, e *env, fields string) string {
	t.Helper()
	doc := e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId>` + dist("contacts") + `</m:SavedItemFolderId><m:Items><t:Contact>` +
		fields + `</t:Contact></m:Items></m:CreateItem>`)
	id, _ := idOf(mustSuccess(t, doc)[0], "ItemId")
	return id
}

func setContactField(t *testing.T, e *env, id, uri, field string) {
	t.Helper()
	mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange>`+itemID(id)+`<t:Updates>`+
		`<t:SetItemField><t:FieldURI FieldURI="`+uri+`"/><t:Contact>`+field+`</t:Contact></t:SetItemField>`+
		`</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
}

// TestContactFileAsMapping checks FileAsMapping ([MS-OXWSCONT] 3.1.4.1.2.4
// FileAsMappingType) stored as PidLidFileUnderId with FileAs
// (PidLidFileUnder) formatted as [MS-OXOCNTC] 2.2.1.1.12 says, and kept
// in step when the names change.
func TestContactFileAsMapping(t *testing.T) { testContactFileAsMapping(t, newEnv(t)) }

func testContactFileAsMapping(t *testing.T, e *env) {
	names := `<t:GivenName>Jane</t:GivenName><t:MiddleName>Q</t:MiddleName><t:CompanyName>Acme</t:CompanyName>` +
		`<t:Generation>Jr.</t:Generation><t:Surname>Doe</t:Surname>`
	all := `<t:BaseShape>AllProperties</t:BaseShape>`
	for _, tc := range []struct{ mapping, fileAs string }{
		{"LastCommaFirst", "Doe, Jane Q"},
		{"FirstSpaceLast", "Jane Q Doe Jr."},
		{"Company", "Acme"},
		{"LastCommaFirstCompany", "Doe, Jane Q\r\nAcme"},
		{"CompanyLastFirst", "Acme\r\nDoeJane Q"},
		{"LastFirst", "DoeJane Q"},
		{"LastFirstCompany", "DoeJane Q\r\nAcme"},
		{"CompanyLastCommaFirst", "Acme\r\nDoe, Jane Q"},
		{"LastFirstSuffix", "DoeJane Q Jr."},
		{"LastSpaceFirstCompany", "Doe Jane Q\r\nAcme"},
		{"CompanyLastSpaceFirst", "Acme\r\nDoe Jane Q"},
		{"LastSpaceFirst", "Doe Jane Q"},
		{"DisplayName", "Jane Doe (Acme)"},
		{"FirstName", "Jane"},
		{"LastFirstMiddleSuffix", "Doe Jane Q Jr."},
		{"LastName", "Doe"},
	} {
		id := createContact(t, e, `<t:FileAsMapping>`+tc.mapping+`</t:FileAsMapping><t:DisplayName>Jane Doe (Acme)</t:DisplayName>`+names)
		got := contact3View(getItem(t, e, all, id))
		want := []string{"FileAs=" + tc.fileAs, "FileAsMapping=" + tc.mapping, "HasPicture=false"}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", tc.mapping, d)
		}
	}

	// A missing name drops its separators.
	id := createContact(t, e, `<t:FileAsMapping>LastCommaFirst</t:FileAsMapping><t:Surname>Solo</t:Surname>`)
	if d := cmp.Diff([]string{"FileAs=Solo", "FileAsMapping=LastCommaFirst", "HasPicture=false"}, contact3View(getItem(t, e, all, id))); d != "" {
		t.Errorf("surname only (-want +got):\n%s", d)
	}

	// Changing a name recomputes FileAs; changing the mapping too.
	id = createContact(t, e, `<t:FileAsMapping>LastCommaFirst</t:FileAsMapping>`+names)
	setContactField(t, e, id, "contacts:Surname", `<t:Surname>Smith</t:Surname>`)
	if d := cmp.Diff([]string{"FileAs=Smith, Jane Q", "FileAsMapping=LastCommaFirst", "HasPicture=false"}, contact3View(getItem(t, e, all, id))); d != "" {
		t.Errorf("after Surname (-want +got):\n%s", d)
	}
	setContactField(t, e, id, "contacts:FileAsMapping", `<t:FileAsMapping>Company</t:FileAsMapping>`)
	if d := cmp.Diff([]string{"FileAs=Acme", "FileAsMapping=Company", "HasPicture=false"}, contact3View(getItem(t, e, all, id))); d != "" {
		t.Errorf("after FileAsMapping (-want +got):\n%s", d)
	}
	// Sending the current FileAs back (exchangelib's save) keeps the
	// mapping; a new FileAs makes it user-provided ("None"), and later
	// name changes leave it alone.
	setContactField(t, e, id, "contacts:FileAs", `<t:FileAs>Acme</t:FileAs>`)
	setContactField(t, e, id, "contacts:CompanyName", `<t:CompanyName>Globex</t:CompanyName>`)
	if d := cmp.Diff([]string{"FileAs=Globex", "FileAsMapping=Company", "HasPicture=false"}, contact3View(getItem(t, e, all, id))); d != "" {
		t.Errorf("after FileAs round trip (-want +got):\n%s", d)
	}
	setContactField(t, e, id, "contacts:FileAs", `<t:FileAs>My dentist</t:FileAs>`)
	setContactField(t, e, id, "contacts:CompanyName", `<t:CompanyName>Initech</t:CompanyName>`)
	if d := cmp.Diff([]string{"FileAs=My dentist", "FileAsMapping=None", "HasPicture=false"}, contact3View(getItem(t, e, all, id))); d != "" {
		t.Errorf("after user FileAs (-want +got):\n%s", d)
	}
	// DeleteItemField of FileAsMapping.
	mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange>`+itemID(id)+`<t:Updates>`+
		`<t:DeleteItemField><t:FieldURI FieldURI="contacts:FileAsMapping"/></t:DeleteItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	if d := cmp.Diff([]string{"FileAs=My dentist", "HasPicture=false"}, contact3View(getItem(t, e, all, id))); d != "" {
		t.Errorf("after DeleteItemField (-want +got):\n%s", d)
	}

	// A bad value is a per-item error.
	_, msgs := messages(e.call(`<m:CreateItem><m:Items><t:Contact><t:FileAsMapping>Sideways</t:FileAsMapping></t:Contact></m:Items></m:CreateItem>`))
	if len(msgs) != 1 || msgs[0].Code != "ErrorInvalidValueForProperty" {
		t.Fatalf("bad FileAsMapping: %+v", msgs)
	}
}

// TestContactExchange2010SP2Fields checks the phonetic names
// (PidLidYomiFirstName, PidLidYomiLastName), Alias (PidTagAccount),
// Notes (the text body), the certificates (PidTagUserX509Certificate,
// PidTagAddressBookX509Certificate) and Gender (PidTagGender) of
// [MS-OXWSCONT] 2.2.4.3, their schema order and their absence for older
// RequestServerVersions.
func TestContactExchange2010SP2Fields(t *testing.T) { testContactExchange2010SP2Fields(t, newEnv(t)) }

func testContactExchange2010SP2Fields(t *testing.T, e *env) {
	cert1, cert2 := base64.StdEncoding.EncodeToString([]byte("cert-one")), base64.StdEncoding.EncodeToString([]byte("cert-two"))
	id := createContact(t, e, `<t:Body BodyType="Text">met at the fair</t:Body><t:FileAs>Yamada</t:FileAs><t:GivenName>Taro</t:GivenName><t:Surname>Yamada</t:Surname>`+
		`<t:PhoneticFirstName>たろう</t:PhoneticFirstName><t:PhoneticLastName>やまだ</t:PhoneticLastName><t:Alias>tyamada</t:Alias>`+
		`<t:UserSMIMECertificate><t:Base64Binary>`+cert1+`</t:Base64Binary><t:Base64Binary>`+cert2+`</t:Base64Binary></t:UserSMIMECertificate>`+
		`<t:MSExchangeCertificate><t:Base64Binary>`+cert2+`</t:Base64Binary></t:MSExchangeCertificate><t:Gender>Male</t:Gender>`)
	want := []string{"FileAs=Yamada", "FileAsMapping=None", "HasPicture=false", "PhoneticFullName=たろう やまだ", "PhoneticFirstName=たろう",
		"PhoneticLastName=やまだ", "Alias=tyamada", "Notes=met at the fair", "UserSMIMECertificate=" + cert1, "UserSMIMECertificate=" + cert2,
		"MSExchangeCertificate=" + cert2, "Gender=Male"}
	if d := cmp.Diff(want, contact3View(getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id))); d != "" {
		t.Fatalf("AllProperties (-want +got):\n%s", d)
	}
	// AdditionalProperties, and FindItem (no Photo there).
	c := getItem(t, e, `<t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="contacts:PhoneticLastName"/>`+
		`<t:FieldURI FieldURI="contacts:Gender"/></t:AdditionalProperties>`, id)
	if d := cmp.Diff([]string{"PhoneticLastName=やまだ", "Gender=Male"}, contact3View(c)); d != "" {
		t.Fatalf("IdOnly + fields (-want +got):\n%s", d)
	}

	// Older versions: Exchange2013 has no Gender, Exchange2010_SP1 none
	// of the 2010 SP2 fields.
	for _, tc := range []struct {
		version string
		want    []string
	}{
		{"Exchange2013", want[:len(want)-1]},
		{"Exchange2010_SP1", []string{"FileAs=Yamada", "FileAsMapping=None", "HasPicture=false"}},
		{"Exchange2007_SP1", []string{"FileAs=Yamada", "FileAsMapping=None", "HasPicture=false"}},
	} {
		_, doc := e.postAs(user1, strings.Replace(envelope(`<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds>`+
			itemID(id)+`</m:ItemIds></m:GetItem>`), `Version="Exchange2016"`, `Version="`+tc.version+`"`, 1))
		c := mustSuccess(t, doc)[0].FindElement("Items/*")
		if d := cmp.Diff(tc.want, contact3View(c)); d != "" {
			t.Errorf("%s (-want +got):\n%s", tc.version, d)
		}
	}

	// Updates: SetItemField and DeleteItemField.
	setContactField(t, e, id, "contacts:PhoneticFirstName", `<t:PhoneticFirstName>タロウ</t:PhoneticFirstName>`)
	mustSuccess(t, e.call(`<m:UpdateItem ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange>`+itemID(id)+`<t:Updates>`+
		`<t:DeleteItemField><t:FieldURI FieldURI="contacts:PhoneticLastName"/></t:DeleteItemField>`+
		`<t:DeleteItemField><t:FieldURI FieldURI="contacts:UserSMIMECertificate"/></t:DeleteItemField>`+
		`<t:DeleteItemField><t:FieldURI FieldURI="contacts:Gender"/></t:DeleteItemField>`+
		`<t:SetItemField><t:FieldURI FieldURI="contacts:Alias"/><t:Contact><t:Alias>taro</t:Alias></t:Contact></t:SetItemField>`+
		`</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`))
	want = []string{"FileAs=Yamada", "FileAsMapping=None", "HasPicture=false", "PhoneticFullName=タロウ", "PhoneticFirstName=タロウ",
		"Alias=taro", "Notes=met at the fair", "MSExchangeCertificate=" + cert2}
	if d := cmp.Diff(want, contact3View(getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id))); d != "" {
		t.Fatalf("after UpdateItem (-want +got):\n%s", d)
	}

	// Read-only fields and bad values are per-item errors.
	for bad, code := range map[string]string{
		`<t:Notes>x</t:Notes>`:       "ErrorInvalidPropertyRequest",
		`<t:Photo>AAAA</t:Photo>`:    "ErrorInvalidPropertyRequest",
		`<t:Gender>Other</t:Gender>`: "ErrorInvalidValueForProperty",
		`<t:UserSMIMECertificate><t:Base64Binary>@@@</t:Base64Binary></t:UserSMIMECertificate>`: "ErrorInvalidValueForProperty",
	} {
		_, msgs := messages(e.call(`<m:CreateItem><m:Items><t:Contact>` + bad + `</t:Contact></m:Items></m:CreateItem>`))
		if len(msgs) != 1 || msgs[0].Code != code {
			t.Errorf("%s: %+v, want %s", bad, msgs, code)
		}
	}
}

// TestContactPhotoAttachment checks the contact photo ([MS-OXOCNTC]
// 2.2.1.8): CreateAttachment with IsContactPhoto sets
// PidTagAttachmentContactPhoto and the contact's PidLidHasPicture;
// GetItem shows HasPicture and Photo, GetAttachment IsContactPhoto;
// deleting the photo clears HasPicture.
func TestContactPhotoAttachment(t *testing.T) { testContactPhotoAttachment(t, newEnv(t)) }

func testContactPhotoAttachment(t *testing.T, e *env) {
	id := createContact(t, e, `<t:DisplayName>Pic</t:DisplayName>`)
	jpeg := testJPEG(t, 96, 64)
	content := base64.StdEncoding.EncodeToString(jpeg)
	doc := e.call(`<m:CreateAttachment><m:ParentItemId Id="` + id + `"/><m:Attachments>` +
		`<t:FileAttachment><t:Name>notes.txt</t:Name><t:ContentType>text/plain</t:ContentType><t:Content>aGk=</t:Content></t:FileAttachment>` +
		`<t:FileAttachment><t:Name>ContactPicture.jpg</t:Name><t:ContentType>image/jpeg</t:ContentType><t:IsContactPhoto>true</t:IsContactPhoto>` +
		`<t:Content>` + content + `</t:Content></t:FileAttachment></m:Attachments></m:CreateAttachment>`)
	els := mustSuccess(t, doc)
	photoID, _ := idOf(els[1], "Attachments/FileAttachment/AttachmentId")
	c := getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id)
	if d := cmp.Diff([]string{"HasPicture=true", "Photo=" + content}, contact3View(c)); d != "" {
		t.Fatalf("after CreateAttachment (-want +got):\n%s", d)
	}
	var flags []string
	for _, a := range c.FindElements("Attachments/FileAttachment") {
		flags = append(flags, text(a, "Name")+"="+text(a, "IsContactPhoto"))
	}
	if d := cmp.Diff([]string{"notes.txt=false", "ContactPicture.jpg=true"}, flags); d != "" {
		t.Fatalf("IsContactPhoto (-want +got):\n%s", d)
	}
	// FindItem has HasPicture but no Photo.
	doc = e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>` +
		`<t:FieldURI FieldURI="contacts:HasPicture"/><t:FieldURI FieldURI="contacts:Photo"/></t:AdditionalProperties></m:ItemShape>` +
		`<m:ParentFolderIds>` + dist("contacts") + `</m:ParentFolderIds></m:FindItem>`)
	found := mustSuccess(t, doc)[0].FindElements("RootFolder/Items/Contact")
	if len(found) != 1 || cmp.Diff([]string{"HasPicture=true"}, contact3View(found[0])) != "" {
		t.Fatalf("FindItem: %d contacts, %v", len(found), contact3View(found[0]))
	}
	// Deleting the other attachment keeps the picture; deleting the photo
	// clears it.
	nonPhoto, _ := idOf(els[0], "Attachments/FileAttachment/AttachmentId")
	for i, aid := range []string{nonPhoto, photoID} {
		mustSuccess(t, e.call(`<m:DeleteAttachment><m:AttachmentIds><t:AttachmentId Id="`+aid+`"/></m:AttachmentIds></m:DeleteAttachment>`))
		want := []string{"HasPicture=true", "Photo=" + content}
		if i == 1 {
			want = []string{"HasPicture=false"}
		}
		if d := cmp.Diff(want, contact3View(getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id))); d != "" {
			t.Fatalf("after DeleteAttachment %d (-want +got):\n%s", i, d)
		}
	}
	// A photo attachment given in CreateItem.
	id = createContact(t, e, `<t:Attachments><t:FileAttachment><t:Name>ContactPicture.jpg</t:Name><t:IsContactPhoto>true</t:IsContactPhoto>`+
		`<t:Content>`+content+`</t:Content></t:FileAttachment></t:Attachments><t:DisplayName>Pic2</t:DisplayName>`)
	if d := cmp.Diff([]string{"HasPicture=true", "Photo=" + content}, contact3View(getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id))); d != "" {
		t.Fatalf("CreateItem with photo (-want +got):\n%s", d)
	}
	// HasPicture is read-only: a client's value is ignored.
	id = createContact(t, e, `<t:DisplayName>NoPic</t:DisplayName><t:HasPicture>true</t:HasPicture>`)
	if d := cmp.Diff([]string{"HasPicture=false"}, contact3View(getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape>`, id))); d != "" {
		t.Fatalf("HasPicture write (-want +got):\n%s", d)
	}
}

// TestContactPhotoVCard checks the contact photo through MimeContent
// ([MS-OXVCARD] PHOTO, mimecal.go): a vCard with PHOTO makes a contact
// with HasPicture and Photo, and the contact's vCard carries it back.
func TestContactPhotoVCard(t *testing.T) { testContactPhotoVCard(t, newEnv(t)) }

func testContactPhotoVCard(t *testing.T, e *env) {
	jpeg := testJPEG(t, 32, 32)
	b64jpeg := base64.StdEncoding.EncodeToString(jpeg)
	card := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Vera Card\r\nN:Card;Vera;;;\r\nPHOTO;ENCODING=b;TYPE=JPEG:" + b64jpeg + "\r\nEND:VCARD\r\n"
	id := createContact(t, e, `<t:MimeContent CharacterSet="UTF-8">`+base64.StdEncoding.EncodeToString([]byte(card))+`</t:MimeContent>`)
	c := getItem(t, e, `<t:BaseShape>AllProperties</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent>`, id)
	var got []string
	for _, s := range contact3View(c) {
		if !strings.HasPrefix(s, "FileAs") {
			got = append(got, s)
		}
	}
	if d := cmp.Diff([]string{"HasPicture=true", "Photo=" + b64jpeg}, got); d != "" {
		t.Fatalf("imported vCard (-want +got):\n%s", d)
	}
	raw, err := base64.StdEncoding.DecodeString(text(c, "MimeContent"))
	if err != nil {
		t.Fatal(err)
	}
	// Unfold the vCard and find the PHOTO value.
	unfolded := strings.ReplaceAll(string(raw), "\r\n ", "")
	var photo string
	for _, line := range strings.Split(unfolded, "\r\n") {
		if name, v, ok := strings.Cut(line, ":"); ok && strings.HasPrefix(strings.ToUpper(name), "PHOTO") {
			photo = v
		}
	}
	if photo != b64jpeg {
		t.Fatalf("exported vCard PHOTO %.40q..., want the photo:\n%s", photo, unfolded)
	}
}

// TestContact3Restrictions checks FindItem restrictions on the fields of
// contacts3.go: FileAsMapping and Gender by their names, Alias and the
// phonetic names as strings.
func TestContact3Restrictions(t *testing.T) {
	e := newEnv(t)
	createContact(t, e, `<t:FileAsMapping>Company</t:FileAsMapping><t:DisplayName>A</t:DisplayName><t:CompanyName>Acme</t:CompanyName><t:Alias>aa</t:Alias><t:Gender>Female</t:Gender>`)
	createContact(t, e, `<t:FileAsMapping>LastCommaFirst</t:FileAsMapping><t:DisplayName>B</t:DisplayName><t:Surname>Bee</t:Surname><t:PhoneticLastName>びい</t:PhoneticLastName><t:Gender>Male</t:Gender>`)
	createContact(t, e, `<t:DisplayName>C</t:DisplayName><t:FileAs>Cee</t:FileAs>`)
	find := func(restriction string) []string {
		t.Helper()
		doc := e.call(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="contacts:DisplayName"/></t:AdditionalProperties></m:ItemShape>` +
			`<m:Restriction>` + restriction + `</m:Restriction><m:SortOrder><t:FieldOrder Order="Ascending"><t:FieldURI FieldURI="contacts:DisplayName"/></t:FieldOrder></m:SortOrder>` +
			`<m:ParentFolderIds>` + dist("contacts") + `</m:ParentFolderIds></m:FindItem>`)
		var out []string
		for _, c := range mustSuccess(t, doc)[0].FindElements("RootFolder/Items/Contact") {
			out = append(out, text(c, "DisplayName"))
		}
		return out
	}
	eq := func(uri, v string) string {
		return `<t:IsEqualTo><t:FieldURI FieldURI="` + uri + `"/><t:FieldURIOrConstant><t:Constant Value="` + v + `"/></t:FieldURIOrConstant></t:IsEqualTo>`
	}
	for _, tc := range []struct {
		restriction string
		want        []string
	}{
		{eq("contacts:FileAsMapping", "Company"), []string{"A"}},
		{eq("contacts:FileAsMapping", "None"), []string{"C"}},
		{eq("contacts:Gender", "Male"), []string{"B"}},
		{eq("contacts:Alias", "aa"), []string{"A"}},
		{eq("contacts:PhoneticLastName", "びい"), []string{"B"}},
		{`<t:Exists><t:FieldURI FieldURI="contacts:FileAsMapping"/></t:Exists>`, []string{"A", "B", "C"}},
	} {
		if d := cmp.Diff(tc.want, find(tc.restriction)); d != "" {
			t.Errorf("%s (-want +got):\n%s", tc.restriction, d)
		}
	}
	// A bad constant fails the request, as other restriction errors do.
	code, doc := e.postAs(user1, envelope(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:Restriction>`+
		eq("contacts:FileAsMapping", "Sideways")+`</m:Restriction><m:ParentFolderIds>`+dist("contacts")+`</m:ParentFolderIds></m:FindItem>`))
	if code != 500 || faultCode(doc) != "ErrorInvalidValueForProperty" {
		t.Errorf("bad FileAsMapping constant: %d %s", code, faultCode(doc))
	}
}

// TestResolveNamesContact3 checks the directory contact of ResolveNames
// ReturnFullContactData: Alias and DirectoryId from Exchange2010_SP2 on.
func TestResolveNamesContact3(t *testing.T) {
	e := newEnv(t)
	op := `<m:ResolveNames ReturnFullContactData="true"><m:UnresolvedEntry>` + user2 + `</m:UnresolvedEntry></m:ResolveNames>`
	c := mustSuccess(t, e.call(op))[0].FindElement("ResolutionSet/Resolution/Contact")
	if c == nil || text(c, "Alias") != "user2" || len(text(c, "DirectoryId")) != 36 {
		t.Fatalf("Exchange2016: %s", dump(e.call(op)))
	}
	_, doc := e.postAs(user1, strings.Replace(envelope(op), `Version="Exchange2016"`, `Version="Exchange2010"`, 1))
	c = mustSuccess(t, doc)[0].FindElement("ResolutionSet/Resolution/Contact")
	if c == nil || c.SelectElement("Alias") != nil || c.SelectElement("DirectoryId") != nil {
		t.Fatalf("Exchange2010: %s", dump(doc))
	}
}

package autodiscover

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/httpauth"
)

const (
	testGUID = "416c6368-656d-794a-6f45-57615272456e"
	testDN   = "/o=oxkit/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=user1"
)

func testSettings() *Static {
	return &Static{
		Endpoints: Services{
			Hostname:        "mail.example.com",
			EWS:             "https://mail.example.com/EWS/Exchange.asmx",
			ActiveSync:      "https://mail.example.com/Microsoft-Server-ActiveSync",
			MapiMailStore:   "https://mail.example.com/mapi/emsmdb/",
			MapiAddressBook: "https://mail.example.com/mapi/nspi/",
			Autodiscover:    "https://mail.example.com/autodiscover/autodiscover.xml",
			IMAP:            &MailServer{Host: "mail.example.com", Port: 993, Socket: "SSL"},
			SMTP:            &MailServer{Host: "mail.example.com", Port: 587, Socket: "STARTTLS"},
		},
		Find: func(_ context.Context, email string) (*User, error) {
			switch strings.ToLower(email) {
			case "user1@example.com":
				return &User{DisplayName: "User One", Email: "user1@example.com", LegacyDN: testDN,
					MailboxGUID: testGUID, DeploymentID: "30c3a927-42aa-5de8-91e3-8e5b4655ed00"}, nil
			case "old@example.com":
				return &User{RedirectAddr: "user1@example.com"}, nil
			case "loop@example.com":
				return &User{RedirectAddr: "loop@example.com"}, nil
			}
			return nil, fmt.Errorf("find %q: %w", email, ErrUnknownUser)
		},
	}
}

type pw map[string]string

func (p pw) VerifyPassword(_ context.Context, u, pass string) (string, error) {
	if p[u] == pass && pass != "" {
		return u, nil
	}
	return "", httpauth.ErrBadCredentials
}

func newHandler() *Handler {
	return &Handler{Settings: testSettings()}
}

func do(t *testing.T, h http.Handler, method, path string, body []byte, hdr map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, path, bytes.NewReader(body))
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPOXExchangelib replays the POX request exchangelib 4.9.0 sent
// (shared/captures/exchangelib-pox).
func TestPOXExchangelib(t *testing.T) {
	body := readTestdata(t, "exchangelib-pox.xml")
	for _, mapi := range []bool{false, true} {
		hdr := map[string]string{"Content-Type": "text/xml; charset=utf-8"}
		if mapi {
			hdr["X-MapiHttpCapability"] = "1"
		}
		w := do(t, newHandler(), "POST", "/Autodiscover/Autodiscover.xml", body, hdr)
		if w.Code != 200 {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		resp, _, _, err := parsePOXResponse(w.Body.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if resp.DisplayName != "User One" || resp.LegacyDN != testDN || resp.AutoDiscoverSMTPAddress != "user1@example.com" {
			t.Fatalf("user fields: %+v", resp)
		}
		expr := resp.Protocol("EXPR")
		if expr == nil || expr.EwsUrl != "https://mail.example.com/EWS/Exchange.asmx" || expr.Server != "mail.example.com" {
			t.Fatalf("EXPR: %+v", expr)
		}
		exch := resp.Protocol("EXCH")
		if exch == nil || exch.Server != testGUID+"@example.com" ||
			exch.ServerDN != "/o=oxkit/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn="+testGUID+"@example.com" {
			t.Fatalf("EXCH: %+v", exch)
		}
		m := resp.Protocol("mapiHttp")
		if !mapi {
			if m != nil {
				t.Fatal("mapiHttp announced to a client that did not send X-MapiHttpCapability")
			}
			continue
		}
		want := POXProtocol{Type: "mapiHttp",
			MailStoreInternalURL:   "https://mail.example.com/mapi/emsmdb/?MailboxId=" + testGUID + "@example.com",
			MailStoreExternalURL:   "https://mail.example.com/mapi/emsmdb/?MailboxId=" + testGUID + "@example.com",
			AddressBookInternalURL: "https://mail.example.com/mapi/nspi/?MailboxId=" + testGUID + "@example.com",
			AddressBookExternalURL: "https://mail.example.com/mapi/nspi/?MailboxId=" + testGUID + "@example.com",
		}
		if m == nil {
			t.Fatal("no mapiHttp protocol")
		}
		if d := cmp.Diff(want, *m); d != "" {
			t.Fatalf("mapiHttp (-want +got):\n%s", d)
		}
	}
}

// TestPOXSpecExample44 checks [MS-OXDSCLI] 4.4 "MapiHttp Response" both
// ways: our parser reads the spec's document, and for the same user our
// server writes the same User element and mapiHttp InternalUrls.
func TestPOXSpecExample44(t *testing.T) {
	spec := readTestdata(t, "ms-oxdscli-4.4.xml")
	got, _, _, err := parsePOXResponse(spec)
	if err != nil {
		t.Fatal(err)
	}
	const mb = "416c6368-656d-794a-6f45-57615272456e@Contoso.com"
	want := &POXResponse{
		DisplayName: "User Display Name", LegacyDN: "/o=microsoft/ou=Contoso/cn=Recipients/cn=486021",
		AutoDiscoverSMTPAddress: "user@Contoso.com", DeploymentID: "30c3a927-42aa-5de8-91e3-8e5b4655ed00",
		Protocols: []POXProtocol{
			{Type: "mapiHttp",
				MailStoreInternalURL:   "https://mail.Contoso.com/mapi/emsmdb/?MailboxId=" + mb,
				AddressBookInternalURL: "https://mail.Contoso.com/mapi/nspi/?MailboxId=" + mb},
			{Type: "WEB"},
		},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("parse MS-OXDSCLI 4.4 (-want +got):\n%s", d)
	}

	u := &User{DisplayName: "User Display Name", Email: "user@Contoso.com",
		LegacyDN: "/o=microsoft/ou=Contoso/cn=Recipients/cn=486021", MailboxGUID: "416c6368-656d-794a-6f45-57615272456e",
		DeploymentID: "30c3a927-42aa-5de8-91e3-8e5b4655ed00",
		Services: Services{Hostname: "mail.Contoso.com", MapiMailStore: "https://mail.Contoso.com/mapi/emsmdb/",
			MapiAddressBook: "https://mail.Contoso.com/mapi/nspi/"}}
	ours, err := poxOutlookDoc(u, true).WriteToBytes()
	if err != nil {
		t.Fatal(err)
	}
	specDoc, ourDoc := etree.NewDocument(), etree.NewDocument()
	specDoc.ReadFromBytes(spec)
	ourDoc.ReadFromBytes(ours)
	if d := cmp.Diff(elemTree(specDoc.FindElement("//User")), elemTree(ourDoc.FindElement("//User"))); d != "" {
		t.Errorf("User element (-spec +ours):\n%s", d)
	}
	for _, path := range []string{"MailStore/InternalUrl", "AddressBook/InternalUrl"} {
		s := specDoc.FindElement("//Protocol[@Type='mapiHttp']/" + path)
		o := ourDoc.FindElement("//Protocol[@Type='mapiHttp']/" + path)
		if s == nil || o == nil || s.Text() != o.Text() {
			t.Errorf("%s: spec %q ours %q", path, textOf(s), textOf(o))
		}
	}
}

// elemTree renders an element as a comparable tree: tag, attributes,
// trimmed text, children.
type node struct {
	Tag      string
	Attrs    map[string]string
	Text     string
	Children []node
}

func elemTree(e *etree.Element) node {
	if e == nil {
		return node{}
	}
	n := node{Tag: e.Tag, Text: strings.TrimSpace(e.Text())}
	for _, a := range e.Attr {
		if a.Space == "xmlns" || a.Key == "xmlns" {
			continue
		}
		if n.Attrs == nil {
			n.Attrs = map[string]string{}
		}
		n.Attrs[a.Key] = a.Value
	}
	for _, c := range e.ChildElements() {
		n.Children = append(n.Children, elemTree(c))
	}
	return n
}

func poxBody(email, schema, ns string) []byte {
	return []byte(`<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="` + ns + `"><Request><EMailAddress>` +
		email + `</EMailAddress><AcceptableResponseSchema>` + schema + `</AcceptableResponseSchema></Request></Autodiscover>`)
}

func TestPOXErrors(t *testing.T) {
	h := newHandler()
	tests := []struct {
		name   string
		method string
		body   []byte
		code   int
	}{
		{"malformed", "POST", []byte("<Autodiscover"), POXInvalidRequest},
		{"wrong root", "POST", []byte("<Foo/>"), POXInvalidRequest},
		{"no address", "POST", poxBody("", NSOutlookResponse, NSOutlookRequest), POXInvalidRequest},
		{"unknown user", "POST", poxBody("nobody@example.com", NSOutlookResponse, NSOutlookRequest), POXUnknownAddress},
		{"unknown schema", "POST", poxBody("user1@example.com", "urn:nope", NSOutlookRequest), POXUnsupportedSchema},
		{"GET probe", "GET", nil, POXInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(t, h, tt.method, "/autodiscover/autodiscover.xml", tt.body, nil)
			if w.Code != 200 {
				t.Fatalf("status %d", w.Code)
			}
			_, _, _, err := parsePOXResponse(w.Body.Bytes())
			var pe *POXError
			if !errors.As(err, &pe) || pe.Code != tt.code {
				t.Fatalf("got %v, want POX error %d", err, tt.code)
			}
		})
	}
}

func TestPOXMobileSyncAndHTTPSNamespaces(t *testing.T) {
	h := newHandler()
	// QUIRK test: https:// spellings of the namespaces, as printed in
	// Microsoft's documentation samples.
	body := poxBody("USER1@example.com", strings.Replace(NSMobileSyncResponse, "http:", "https:", 1),
		strings.Replace(NSMobileSyncRequest, "http:", "https:", 1))
	w := do(t, h, "POST", "/AutoDiscover/AutoDiscover.xml", body, nil)
	resp, _, _, err := parsePOXResponse(w.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if resp.MobileSyncURL != "https://mail.example.com/Microsoft-Server-ActiveSync" || resp.AutoDiscoverSMTPAddress != "user1@example.com" {
		t.Fatalf("mobilesync: %+v", resp)
	}
}

func TestPOXRequestRoundTrip(t *testing.T) {
	for _, r := range []POXRequest{
		{EMailAddress: "a@b.example", AcceptableResponseSchema: NSOutlookResponse},
		{EMailAddress: "a&b@x.example", AcceptableResponseSchema: NSMobileSyncResponse},
		{LegacyDN: "/o=x/cn=Recipients/cn=y", AcceptableResponseSchema: NSOutlookResponse},
	} {
		got, err := ParsePOXRequest(r.AppendXML(nil))
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(&r, got); d != "" {
			t.Errorf("round trip (-want +got):\n%s", d)
		}
	}
}

func soapUser(t *testing.T, body []byte) *UserSettingsResponse {
	t.Helper()
	w := do(t, newHandler(), "POST", "/autodiscover/autodiscover.svc", body, nil)
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	resp, code, _, err := parseGetUserSettingsResponse(w.Body.Bytes())
	if err != nil || code != "" {
		t.Fatalf("parse: %v %q\n%s", err, code, w.Body)
	}
	return resp
}

// TestSOAPCaptures replays the GetUserSettings requests of exchangelib and
// ews-javascript-api (shared/captures/exchangelib-soap, ewsjs-autodiscover).
func TestSOAPCaptures(t *testing.T) {
	got := soapUser(t, readTestdata(t, "exchangelib-soap.xml"))
	want := &UserSettingsResponse{
		Settings: map[string]string{
			"UserDN":                  testDN,
			"MailboxDN":               "/o=oxkit/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=" + testGUID + "@example.com/cn=Microsoft Private MDB",
			"UserDisplayName":         "User One",
			"AutoDiscoverSMTPAddress": "user1@example.com",
			"ExternalEwsUrl":          "https://mail.example.com/EWS/Exchange.asmx",
			"EwsSupportedSchemas":     ewsSupportedSchemas,
		},
		Errors: map[string]string{},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("exchangelib (-want +got):\n%s", d)
	}
	got = soapUser(t, readTestdata(t, "ewsjs-soap.xml"))
	want = &UserSettingsResponse{
		Settings: map[string]string{
			"InternalEwsUrl":  "https://mail.example.com/EWS/Exchange.asmx",
			"ExternalEwsUrl":  "https://mail.example.com/EWS/Exchange.asmx",
			"UserDisplayName": "User One",
		},
		Errors: map[string]string{},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("ews-javascript-api (-want +got):\n%s", d)
	}
}

func TestSOAPSettingErrors(t *testing.T) {
	body := buildGetUserSettings("http://x/autodiscover/autodiscover.svc", "user1@example.com",
		[]string{"UserDisplayName", "InternalUMUrl", "NoSuchSetting", "MapiHttpEnabled"})
	got := soapUser(t, body)
	want := &UserSettingsResponse{
		Settings: map[string]string{"UserDisplayName": "User One", "MapiHttpEnabled": "True"},
		Errors:   map[string]string{"InternalUMUrl": "SettingIsNotAvailable", "NoSuchSetting": "InvalidSetting"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}

	body = buildGetUserSettings("http://x/autodiscover/autodiscover.svc", "nobody@example.com", []string{"UserDisplayName"})
	w := do(t, newHandler(), "POST", "/autodiscover/autodiscover.svc", body, nil)
	_, _, _, err := parseGetUserSettingsResponse(w.Body.Bytes())
	var se *SOAPError
	if !errors.As(err, &se) || se.Code != "InvalidUser" {
		t.Fatalf("unknown user: %v", err)
	}
}

func TestSOAPFaults(t *testing.T) {
	for name, body := range map[string]string{
		"not xml":       "<s:Envelope",
		"not soap":      "<Envelope/>",
		"no body":       `<s:Envelope xmlns:s="` + NSSOAP + `"/>`,
		"unknown op":    `<s:Envelope xmlns:s="` + NSSOAP + `"><s:Body><a:GetFederationInformationRequestMessage xmlns:a="` + NSAutodiscover + `"/></s:Body></s:Envelope>`,
		"foreign child": `<s:Envelope xmlns:s="` + NSSOAP + `"><s:Body><x:Foo xmlns:x="urn:x"/></s:Body></s:Envelope>`,
	} {
		t.Run(name, func(t *testing.T) {
			w := do(t, newHandler(), "POST", "/autodiscover/autodiscover.svc", []byte(body), nil)
			if w.Code != 500 {
				t.Fatalf("status %d", w.Code)
			}
			doc := etree.NewDocument()
			if err := doc.ReadFromBytes(w.Body.Bytes()); err != nil {
				t.Fatal(err)
			}
			f := doc.FindElement("//Fault/faultstring")
			if f == nil || f.Text() == "" {
				t.Fatalf("no faultstring:\n%s", w.Body)
			}
		})
	}
}

func TestGetDomainSettings(t *testing.T) {
	body := `<s:Envelope xmlns:s="` + NSSOAP + `" xmlns:a="` + NSAutodiscover + `"><s:Body><a:GetDomainSettingsRequestMessage><a:Request>` +
		`<a:Domains><a:Domain>example.com</a:Domain></a:Domains><a:RequestedSettings><a:Setting>ExternalEwsUrl</a:Setting>` +
		`<a:Setting>ExternalEwsVersion</a:Setting><a:Setting>Bogus</a:Setting></a:RequestedSettings><a:RequestedVersion>Exchange2013</a:RequestedVersion>` +
		`</a:Request></a:GetDomainSettingsRequestMessage></s:Body></s:Envelope>`
	w := do(t, newHandler(), "POST", "/autodiscover/autodiscover.svc", []byte(body), nil)
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(w.Body.Bytes()); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range doc.FindElements("//DomainSetting") {
		got[s.SelectElement("Name").Text()] = s.SelectElement("Value").Text()
	}
	for _, e := range doc.FindElements("//DomainSettingError") {
		got[e.SelectElement("SettingName").Text()] = "error:" + e.SelectElement("ErrorCode").Text()
	}
	want := map[string]string{"ExternalEwsUrl": "https://mail.example.com/EWS/Exchange.asmx",
		"ExternalEwsVersion": "15.01.0000.000", "Bogus": "error:InvalidSetting"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestJSON(t *testing.T) {
	h := newHandler()
	tests := []struct {
		path   string
		status int
		want   any
	}{
		{"/autodiscover/autodiscover.json?Email=user1@example.com&Protocol=ActiveSync&RedirectCount=1", 200,
			JSONResponse{"ActiveSync", "https://mail.example.com/Microsoft-Server-ActiveSync"}},
		{"/autodiscover/autodiscover.json/v1.0/user1@example.com?Protocol=ews", 200,
			JSONResponse{"EWS", "https://mail.example.com/EWS/Exchange.asmx"}},
		{"/Autodiscover/Autodiscover.json/v1.0/user1%40example.com?protocol=AutodiscoverV1", 200,
			JSONResponse{"AutodiscoverV1", "https://mail.example.com/autodiscover/autodiscover.xml"}},
		{"/autodiscover/autodiscover.json?Email=user1@example.com&Protocol=Substrate", 400, JSONError{ErrorCode: "InvalidProtocol"}},
		{"/autodiscover/autodiscover.json?Email=user1@example.com", 400, JSONError{ErrorCode: "MissingProtocol"}},
		{"/autodiscover/autodiscover.json?Email=nobody@example.com&Protocol=EWS", 404, JSONError{ErrorCode: "UserNotFound"}},
	}
	for _, tt := range tests {
		w := do(t, h, "GET", tt.path, nil, nil)
		if w.Code != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, w.Code, tt.status)
			continue
		}
		switch want := tt.want.(type) {
		case JSONResponse:
			var got JSONResponse
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || got != want {
				t.Errorf("%s: got %+v (%v), want %+v", tt.path, got, err, want)
			}
		case JSONError:
			var got JSONError
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || got.ErrorCode != want.ErrorCode || got.ErrorMessage == "" {
				t.Errorf("%s: got %+v (%v), want code %s", tt.path, got, err, want.ErrorCode)
			}
		}
	}
}

func TestAutoconfig(t *testing.T) {
	for _, path := range []string{"/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=user1@example.com", "/mail/config-v1.1.xml?emailaddress=user1%40example.com"} {
		w := do(t, newHandler(), "GET", path, nil, nil)
		doc := etree.NewDocument()
		if err := doc.ReadFromBytes(w.Body.Bytes()); err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, s := range doc.FindElements("//emailProvider/*[@type]") {
			got[s.Tag+"/"+s.SelectAttrValue("type", "")] = s.SelectElement("hostname").Text() + ":" + s.SelectElement("port").Text()
		}
		want := map[string]string{"incomingServer/exchange": "mail.example.com:443", "incomingServer/imap": "mail.example.com:993",
			"outgoingServer/smtp": "mail.example.com:587"}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", path, d)
		}
		if e := doc.FindElement("//ewsURL"); e == nil || e.Text() != "https://mail.example.com/EWS/Exchange.asmx" {
			t.Errorf("ewsURL: %v", e)
		}
		if e := doc.FindElement("//emailProvider/domain"); e == nil || e.Text() != "example.com" {
			t.Errorf("domain: %v", e)
		}
	}
}

func TestAuthAndPaths(t *testing.T) {
	h := newHandler()
	h.Auth = &httpauth.Basic{Verifier: pw{"user1@example.com": "secret"}}
	body := readTestdata(t, "exchangelib-pox.xml")
	w := do(t, h, "POST", "/autodiscover/autodiscover.xml", body, nil)
	if w.Code != 401 || !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Basic ") {
		t.Fatalf("unauthenticated POX: %d %q", w.Code, w.Header().Get("WWW-Authenticate"))
	}
	w = do(t, h, "POST", "/AUTODISCOVER/AUTODISCOVER.SVC", readTestdata(t, "exchangelib-soap.xml"), nil)
	if w.Code != 401 {
		t.Fatalf("unauthenticated SOAP: %d", w.Code)
	}
	auth := map[string]string{"Authorization": "Basic dXNlcjFAZXhhbXBsZS5jb206c2VjcmV0"}
	for _, p := range []string{"/autodiscover/autodiscover.xml", "/Autodiscover/Autodiscover.xml", "/AutoDiscover/AUTODISCOVER.XML"} {
		if w := do(t, h, "POST", p, body, auth); w.Code != 200 || !strings.Contains(w.Header().Get("Content-Type"), "xml") {
			t.Errorf("%s: %d", p, w.Code)
		}
	}
	if w := do(t, h, "GET", "/autodiscover/nope", nil, auth); w.Code != 404 {
		t.Errorf("unknown path: %d", w.Code)
	}
	// JSON stays anonymous.
	if w := do(t, h, "GET", "/autodiscover/autodiscover.json?Email=user1@example.com&Protocol=EWS", nil, nil); w.Code != 200 {
		t.Errorf("anonymous JSON: %d", w.Code)
	}
}

func TestRequestTooLarge(t *testing.T) {
	h := newHandler()
	h.MaxRequestBytes = 100
	w := do(t, h, "POST", "/autodiscover/autodiscover.xml", readTestdata(t, "exchangelib-pox.xml"), nil)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d", w.Code)
	}
}

// TestClient drives the client against the handler over TLS, through an
// HTTP redirect, an Autodiscover redirectAddr, and a redirect loop.
func TestClient(t *testing.T) {
	h := newHandler()
	h.Auth = &httpauth.Basic{Verifier: pw{"user1@example.com": "secret"}}
	mux := http.NewServeMux()
	mux.Handle("/", h)
	mux.HandleFunc("/old/autodiscover.xml", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/autodiscover/autodiscover.xml", http.StatusFound)
	})
	srv := httptest.NewTLSServer(mux)
	defer srv.Close()
	c := &Client{HTTP: srv.Client(), Authorize: func(r *http.Request) { r.SetBasicAuth("user1@example.com", "secret") }}
	ctx := context.Background()

	resp, err := c.POX(ctx, srv.URL+"/old/autodiscover.xml", "old@example.com", NSOutlookResponse, true)
	if err != nil {
		t.Fatal(err)
	}
	if resp.FinalAddress != "user1@example.com" || resp.FinalURL != srv.URL+"/autodiscover/autodiscover.xml" {
		t.Fatalf("final: %q %q", resp.FinalAddress, resp.FinalURL)
	}
	if m := resp.Protocol("mapiHttp"); m == nil || m.AddressBookExternalURL == "" {
		t.Fatalf("mapiHttp: %+v", resp.Protocols)
	}
	if _, err := c.POX(ctx, srv.URL+"/autodiscover/autodiscover.xml", "loop@example.com", NSOutlookResponse, false); !errors.Is(err, ErrTooManyRedirects) {
		t.Fatalf("loop: %v", err)
	}
	_, err = c.POX(ctx, srv.URL+"/autodiscover/autodiscover.xml", "nobody@example.com", NSOutlookResponse, false)
	var pe *POXError
	if !errors.As(err, &pe) || pe.Code != POXUnknownAddress {
		t.Fatalf("unknown: %v", err)
	}
	us, err := c.GetUserSettings(ctx, srv.URL+"/autodiscover/autodiscover.svc", "old@example.com", "UserDisplayName", "ExternalEwsUrl")
	if err != nil {
		t.Fatal(err)
	}
	if us.Settings["UserDisplayName"] != "User One" || us.Settings["ExternalEwsUrl"] == "" {
		t.Fatalf("settings: %+v", us)
	}
	bad := &Client{HTTP: srv.Client()}
	var he *HTTPError
	if _, err := bad.POX(ctx, srv.URL+"/autodiscover/autodiscover.xml", "user1@example.com", NSOutlookResponse, false); !errors.As(err, &he) || he.StatusCode != 401 {
		t.Fatalf("no credentials: %v", err)
	}
}

func TestClientRefusesDowngradeAndHugeBodies(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/big" {
			io.WriteString(w, strings.Repeat("x", 2<<20))
			return
		}
		http.Redirect(w, r, "http://example.invalid/autodiscover/autodiscover.xml", http.StatusFound)
	}))
	defer srv.Close()
	c := &Client{HTTP: srv.Client()}
	if _, err := c.POX(context.Background(), srv.URL+"/x", "a@b.example", NSOutlookResponse, false); err == nil || !strings.Contains(err.Error(), "non-HTTPS") {
		t.Fatalf("downgrade: %v", err)
	}
	if _, err := c.POX(context.Background(), srv.URL+"/big", "a@b.example", NSOutlookResponse, false); err == nil || !strings.Contains(err.Error(), "exceeds") {
		t.Fatalf("big body: %v", err)
	}
}

func FuzzParsePOXRequest(f *testing.F) {
	for _, name := range []string{"exchangelib-pox.xml"} {
		b, _ := os.ReadFile("testdata/" + name)
		f.Add(b)
	}
	f.Add(poxBody("a@b", NSMobileSyncResponse, NSMobileSyncRequest))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParsePOXRequest(data)
		if err != nil {
			var pe *POXError
			if !errors.As(err, &pe) || pe.Code != POXInvalidRequest {
				t.Fatalf("error is not a 600 POXError: %v", err)
			}
			return
		}
		r2, err := ParsePOXRequest(r.AppendXML(nil))
		if err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		if d := cmp.Diff(r, r2); d != "" {
			t.Fatalf("round trip (-first +second):\n%s", d)
		}
	})
}

func FuzzParseSOAPRequest(f *testing.F) {
	for _, name := range []string{"exchangelib-soap.xml", "ewsjs-soap.xml"} {
		b, _ := os.ReadFile("testdata/" + name)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ParseSOAPRequest(data)
		if err != nil {
			var sf *SOAPFault
			if !errors.As(err, &sf) {
				t.Fatalf("error is not a SOAPFault: %v", err)
			}
			return
		}
		if r.Operation != "GetUserSettings" || len(r.Mailboxes) != 1 {
			return
		}
		r2, err := ParseSOAPRequest(buildGetUserSettings(r.To, r.Mailboxes[0], r.Settings))
		if err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		if r2.Mailboxes[0] != r.Mailboxes[0] || !cmp.Equal(r2.Settings, r.Settings) {
			t.Fatalf("round trip: %+v vs %+v", r, r2)
		}
	})
}

func textOf(e *etree.Element) string {
	if e == nil {
		return "<missing>"
	}
	return e.Text()
}

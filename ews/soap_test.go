package ews

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/google/go-cmp/cmp"
	"github.com/oxkit/oxkit/httpauth"
)

func TestParseRequestHeaders(t *testing.T) {
	body := `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">` +
		`<s:Header><t:RequestServerVersion Version="Exchange2013_SP1"/><t:ExchangeImpersonation><t:ConnectingSID><t:PrimarySmtpAddress>boss@example.com</t:PrimarySmtpAddress></t:ConnectingSID></t:ExchangeImpersonation>` +
		`<t:TimeZoneContext><t:TimeZoneDefinition Id="W. Europe Standard Time"/></t:TimeZoneContext><t:DateTimePrecision>Milliseconds</t:DateTimePrecision></s:Header>` +
		`<s:Body><m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape></m:GetFolder></s:Body></s:Envelope>`
	r, err := ParseRequest([]byte(body), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{r.Version, r.Impersonation, r.TimeZone, r.DateTimePrecision, r.Operation}
	want := []string{"Exchange2013_SP1", "boss@example.com", "W. Europe Standard Time", "Milliseconds", "GetFolder"}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
}

func TestParseRequestErrors(t *testing.T) {
	deep := strings.Repeat("<a>", 200) + strings.Repeat("</a>", 200)
	for _, tc := range []struct {
		name, body string
		opts       *ParseOptions
		tooLarge   bool
	}{
		{"not XML", "<s:Envelope", nil, false},
		{"not SOAP", `<Envelope><Body><GetFolder/></Body></Envelope>`, nil, false},
		{"SOAP 1.2", `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><m:GetFolder xmlns:m="` + nsMessages + `"/></s:Body></s:Envelope>`, nil, false},
		{"no body", `<s:Envelope xmlns:s="` + nsSOAP + `"><s:Header/></s:Envelope>`, nil, false},
		{"empty body", `<s:Envelope xmlns:s="` + nsSOAP + `"><s:Body/></s:Envelope>`, nil, false},
		{"doctype", `<!DOCTYPE x [<!ENTITY a "aaaa">]><s:Envelope xmlns:s="` + nsSOAP + `"><s:Body><x/></s:Body></s:Envelope>`, nil, false},
		{"too deep", `<s:Envelope xmlns:s="` + nsSOAP + `"><s:Body>` + deep + `</s:Body></s:Envelope>`, nil, false},
		{"too large", envelope("<m:GetFolder/>"), &ParseOptions{MaxBytes: 100}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRequest([]byte(tc.body), tc.opts)
			if err == nil {
				t.Fatal("no error")
			}
			var pe *ParseError
			if tc.tooLarge != errors.Is(err, ErrTooLarge) || (!tc.tooLarge && !errors.As(err, &pe)) {
				t.Fatalf("error %T %v", err, err)
			}
		})
	}
}

// TestFaults checks that malformed requests and unknown operations get a
// SOAP fault with Exchange's detail element and HTTP 500, never a bare
// 500.
func TestFaults(t *testing.T) {
	e := newEnv(t)
	e.h.MaxRequestBytes = 4096
	for _, tc := range []struct {
		name, body, code string
	}{
		{"malformed", "<s:Envelope", "ErrorSchemaValidation"},
		{"unknown operation", envelope(`<m:FrobnicateItem/>`), "ErrorInvalidRequest"},
		{"not implemented", envelope(`<m:GetSharingMetadata/>`), "ErrorInvalidRequest"},
		{"operation outside messages namespace", envelope(`<t:GetFolder/>`), "ErrorInvalidRequest"},
		{"too large", envelope(`<m:GetFolder>` + strings.Repeat(" ", 5000) + `</m:GetFolder>`), "ErrorInvalidRequest"},
		{"bad base shape", envelope(`<m:GetFolder><m:FolderShape><t:BaseShape>Everything</t:BaseShape></m:FolderShape></m:GetFolder>`), "ErrorSchemaValidation"},
		{"bad delete type", envelope(`<m:DeleteItem DeleteType="Shred"><m:ItemIds/></m:DeleteItem>`), "ErrorSchemaValidation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, doc := e.postAs(user1, tc.body)
			if code != http.StatusInternalServerError {
				t.Fatalf("HTTP %d", code)
			}
			f := doc.FindElement("//Fault")
			if f == nil {
				t.Fatalf("no fault:\n%s", dump(doc))
			}
			got := []string{text(f, "faultcode"), faultCode(doc), f.FindElement("detail/Message").NamespaceURI()}
			want := []string{"a:" + tc.code, tc.code, nsErrors}
			if d := cmp.Diff(want, got); d != "" {
				t.Fatal(d)
			}
			if text(f, "faultstring") == "" {
				t.Fatal("empty faultstring")
			}
			if h := doc.FindElement("//Header/ServerVersionInfo"); h == nil {
				t.Fatal("no ServerVersionInfo header")
			}
		})
	}
}

func TestHTTPMethodsAndAuth(t *testing.T) {
	e := newEnv(t)
	// GET probe (DavMail) answers 200.
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/ews/exchange.asmx", nil)
	req = req.WithContext(httpauth.WithIdentity(req.Context(), httpauth.Identity{User: user1}))
	e.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET: %d", rec.Code)
	}
	// No identity and no authenticator: 401.
	rec = httptest.NewRecorder()
	e.h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/ews/exchange.asmx", strings.NewReader(envelope("<m:GetFolder/>"))))
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("unauthenticated POST: %d", rec.Code)
	}
	// With an authenticator: its challenge.
	e.h.Auth = &httpauth.Basic{Verifier: verifierFunc(func(u, p string) bool { return p == "secret" }), Realm: "test"}
	rec = httptest.NewRecorder()
	e.h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/ews/exchange.asmx", strings.NewReader(envelope("<m:GetFolder/>"))))
	if rec.Code != http.StatusUnauthorized || rec.Header().Get("WWW-Authenticate") == "" {
		t.Fatalf("challenge: %d %q", rec.Code, rec.Header().Get("WWW-Authenticate"))
	}
	rec = httptest.NewRecorder()
	req = httptest.NewRequest(http.MethodPost, "/ews/exchange.asmx", strings.NewReader(envelope(`<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder>`)))
	req.SetBasicAuth(user1, "secret")
	e.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("authenticated: %d %s", rec.Code, rec.Body.String())
	}
}

type verifierFunc func(u, p string) bool

func (f verifierFunc) VerifyPassword(_ context.Context, user, password string) (string, error) {
	if f(user, password) {
		return user, nil
	}
	return "", httpauth.ErrBadCredentials
}

// FuzzParseRequest checks that the parser never panics and that a parsed
// request, re-serialized, parses to the same request.
func FuzzParseRequest(f *testing.F) {
	files, _ := filepath.Glob("testdata/requests/*.xml")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(envelope(`<m:GetFolder/>`)))
	f.Fuzz(func(t *testing.T, b []byte) {
		r1, err := ParseRequest(b, &ParseOptions{MaxBytes: 1 << 20, MaxDepth: 64})
		if err != nil {
			return
		}
		out := r1.AppendXML(nil)
		r2, err := ParseRequest(out, &ParseOptions{MaxBytes: 4 << 20, MaxDepth: 64})
		if err != nil {
			t.Fatalf("re-serialized request does not parse: %v\n%s", err, out)
		}
		if d := cmp.Diff(requestKey(r1), requestKey(r2)); d != "" {
			t.Fatalf("round trip differs:\n%s", d)
		}
	})
}

// requestKey is the comparable content of a request: headers, operation
// and the operation element in canonical form (namespace URIs resolved).
func requestKey(r *Request) []string {
	return []string{r.Version, r.TimeZone, r.DateTimePrecision, r.Impersonation, r.Operation, canonical(r.Body)}
}

func canonical(e *etree.Element) string {
	var b bytes.Buffer
	var walk func(e *etree.Element)
	walk = func(e *etree.Element) {
		b.WriteString("<{" + e.NamespaceURI() + "}" + e.Tag)
		for _, a := range e.Attr {
			if a.Space == "xmlns" || (a.Space == "" && a.Key == "xmlns") {
				continue
			}
			b.WriteString(" " + a.Key + "=" + a.Value)
		}
		b.WriteString(">")
		for _, c := range e.Child {
			switch c := c.(type) {
			case *etree.Element:
				walk(c)
			case *etree.CharData:
				b.WriteString(c.Data)
			}
		}
		b.WriteString("</>")
	}
	walk(e)
	return b.String()
}

package ews

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/oxkit/oxkit/examples/boltstore"
	"github.com/oxkit/oxkit/examples/memstore"
	"github.com/oxkit/oxkit/httpauth"
	"github.com/oxkit/oxkit/store"
)

const (
	user1 = "user1@example.com"
	user2 = "user2@example.com"
)

// testStore is what the tests need of a store.
type testStore interface {
	store.Store
	store.DirectoryAdmin
}

// env is a handler over a store with two users.
type env struct {
	t  testing.TB
	st testStore
	h  *Handler
}

// newEnv returns an env over memstore.
func newEnv(t testing.TB) *env {
	t.Helper()
	return newEnvOn(t, memstore.New(nil))
}

// newBoltEnv returns an env over boltstore in a temporary directory.
func newBoltEnv(t testing.TB) *env {
	t.Helper()
	st, err := boltstore.Open(filepath.Join(t.TempDir(), "oxkit.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return newEnvOn(t, st)
}

func newEnvOn(t testing.TB, st testStore) *env {
	t.Helper()
	ctx := context.Background()
	t.Cleanup(func() { st.Close() })
	for _, u := range []struct{ addr, name string }{{user1, "User One"}, {user2, "User Two"}} {
		if err := st.PutEntry(ctx, store.DirectoryEntry{Kind: store.EntryUser, SMTPAddress: u.addr, DisplayName: u.name, Alias: strings.Split(u.addr, "@")[0]}, "secret"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.CreateMailbox(ctx, u.addr, &store.CreateMailboxOptions{DisplayName: u.name}); err != nil {
			t.Fatal(err)
		}
	}
	return &env{t: t, st: st, h: &Handler{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}}
}

// post sends body as user and returns the status and parsed response.
func (e *env) postAs(user, body string) (int, *etree.Document) {
	e.t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/EWS/Exchange.asmx", strings.NewReader(body))
	req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	req = req.WithContext(httpauth.WithIdentity(req.Context(), httpauth.Identity{User: user}))
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(rec.Body.Bytes()); err != nil {
		e.t.Fatalf("response is not XML (%v):\n%s", err, rec.Body.String())
	}
	if env := doc.Root(); env == nil || env.Tag != "Envelope" || env.NamespaceURI() != nsSOAP {
		e.t.Fatalf("response is not a SOAP envelope:\n%s", rec.Body.String())
	}
	return rec.Code, doc
}

// call wraps an operation body in an envelope and posts it as user1,
// failing unless the answer is HTTP 200.
func (e *env) call(op string) *etree.Document {
	e.t.Helper()
	return e.callAs(user1, op)
}

func (e *env) callAs(user, op string) *etree.Document {
	e.t.Helper()
	code, doc := e.postAs(user, envelope(op))
	if code != http.StatusOK {
		s, _ := doc.WriteToString()
		e.t.Fatalf("HTTP %d:\n%s", code, s)
	}
	return doc
}

func envelope(op string) string {
	return `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" ` +
		`xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">` +
		`<s:Header><t:RequestServerVersion Version="Exchange2016"/></s:Header><s:Body>` + op + `</s:Body></s:Envelope>`
}

// respMsg is the common part of a response message.
type respMsg struct {
	Class, Code string
}

// messages returns the response messages of a response (elements with a
// ResponseClass attribute).
func messages(doc *etree.Document) ([]*etree.Element, []respMsg) {
	var els []*etree.Element
	var out []respMsg
	for _, el := range doc.FindElements("//*[@ResponseClass]") {
		if el.SelectElement("ResponseMessages") != nil {
			continue // a container (GetServiceConfigurationResponse)
		}
		els = append(els, el)
		out = append(out, respMsg{Class: el.SelectAttrValue("ResponseClass", ""), Code: text(el, "ResponseCode")})
	}
	return els, out
}

// text returns the text of the first descendant of e with local name
// name ("" if none).
func text(e *etree.Element, name string) string {
	if e == nil {
		return ""
	}
	if f := e.FindElement(".//" + name); f != nil {
		return f.Text()
	}
	return ""
}

// faultCode returns the detail ResponseCode of a fault, "" for none.
func faultCode(doc *etree.Document) string {
	f := doc.FindElement("//Fault")
	if f == nil {
		return ""
	}
	return text(f.SelectElement("detail"), "ResponseCode")
}

func mustSuccess(t testing.TB, doc *etree.Document) []*etree.Element {
	t.Helper()
	els, msgs := messages(doc)
	if len(els) == 0 {
		s, _ := doc.WriteToString()
		t.Fatalf("no response messages:\n%s", s)
	}
	for i, m := range msgs {
		if m.Class != "Success" {
			s, _ := doc.WriteToString()
			t.Fatalf("message %d: %+v\n%s", i, m, s)
		}
	}
	return els
}

func idOf(e *etree.Element, name string) (id, ck string) {
	f := e.FindElement(".//" + name)
	if f == nil {
		return "", ""
	}
	return f.SelectAttrValue("Id", ""), f.SelectAttrValue("ChangeKey", "")
}

func dump(doc *etree.Document) string {
	var b bytes.Buffer
	doc.Indent(1)
	doc.WriteTo(&b)
	return b.String()
}

var _ = fmt.Sprintf

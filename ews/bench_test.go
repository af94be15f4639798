package ews

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/httpauth"
)

// benchSetup creates n messages in user1's Inbox and returns their IDs.
func benchSetup(b *testing.B, n int) (*env, []string) {
	e := newEnv(b)
	ids := make([]string, n)
	for i := range ids {
		id, _ := createMsg2(b, e, fmt.Sprintf(`<t:Subject>Message %d about something</t:Subject><t:Body BodyType="Text">Body of message %d, a few words long.</t:Body>`+recips, i, i))
		ids[i] = id
	}
	return e, ids
}

func createMsg2(b testing.TB, e *env, inner string) (string, string) {
	doc := e.call(`<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId>` + dist("inbox") + `</m:SavedItemFolderId><m:Items><t:Message>` + inner + `</t:Message></m:Items></m:CreateItem>`)
	els := mustSuccess(b, doc)
	return idOf(els[0], "ItemId")
}

func benchRequest(b *testing.B, h http.Handler, body string) int {
	req := httptest.NewRequest(http.MethodPost, "/EWS/Exchange.asmx", nil)
	req = req.WithContext(httpauth.WithIdentity(req.Context(), httpauth.Identity{User: user1}))
	size := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r := req.Clone(req.Context())
		r.Body = httpNoBody(body)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code != http.StatusOK {
			b.Fatalf("HTTP %d", rec.Code)
		}
		size = rec.Body.Len()
	}
	b.SetBytes(int64(size))
	return size
}

type nopCloser struct{ *strings.Reader }

func (nopCloser) Close() error { return nil }

func httpNoBody(s string) nopCloser { return nopCloser{strings.NewReader(s)} }

// BenchmarkGetItem30 is GetItem with the Default shape for 30 messages,
// the bench/ews scenario, in process.
func BenchmarkGetItem30(b *testing.B) {
	e, ids := benchSetup(b, 30)
	var sb strings.Builder
	for _, id := range ids {
		sb.WriteString(itemID(id))
	}
	benchRequest(b, e.h, envelope(`<m:GetItem><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ItemIds>`+sb.String()+`</m:ItemIds></m:GetItem>`))
}

// BenchmarkFindItem100 is FindItem with the Default shape over 100 rows.
func BenchmarkFindItem100(b *testing.B) {
	e, _ := benchSetup(b, 100)
	benchRequest(b, e.h, envelope(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:IndexedPageItemView MaxEntriesReturned="100" Offset="0" BasePoint="Beginning"/>`+
		`<m:SortOrder><t:FieldOrder Order="Descending"><t:FieldURI FieldURI="item:DateTimeReceived"/></t:FieldOrder></m:SortOrder><m:ParentFolderIds>`+dist("inbox")+`</m:ParentFolderIds></m:FindItem>`))
}

// BenchmarkBareHandler is the baseline: a handler that reads the request
// and writes a static body of the FindItem100 response's size.
func BenchmarkBareHandler(b *testing.B) {
	e, _ := benchSetup(b, 100)
	req := envelope(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds></m:FindItem>`)
	rec := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(req))
	r = r.WithContext(httpauth.WithIdentity(r.Context(), httpauth.Identity{User: user1}))
	e.h.ServeHTTP(rec, r)
	static := rec.Body.Bytes()
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		buf := make([]byte, 4096)
		for {
			if _, err := r.Body.Read(buf); err != nil {
				break
			}
		}
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		w.Write(static)
	})
	benchRequest(b, bare, req)
}

func BenchmarkParseRequest(b *testing.B) {
	body := []byte(envelope(`<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/></t:AdditionalProperties></m:ItemShape><m:IndexedPageItemView MaxEntriesReturned="5" Offset="0" BasePoint="Beginning"/><m:Restriction><t:Contains ContainmentMode="Substring" ContainmentComparison="Exact"><t:FieldURI FieldURI="item:Subject"/><t:Constant Value="x"/></t:Contains></m:Restriction><m:ParentFolderIds>` + dist("inbox") + `</m:ParentFolderIds></m:FindItem>`))
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := ParseRequest(body, nil); err != nil {
			b.Fatal(err)
		}
	}
}

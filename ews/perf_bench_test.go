package ews

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/httpauth"
)

// discardWriter is an http.ResponseWriter that keeps only the status and
// the body size, so the benchmarks measure the handler, not the
// recorder's buffer growth.
type discardWriter struct {
	h      http.Header
	status int
	n      int
}

func (w *discardWriter) Header() http.Header { return w.h }
func (w *discardWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}
func (w *discardWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.n += len(b)
	return len(b), nil
}

// benchHandler runs body through h b.N times, checking the status and
// that every response has the size of the first.
func benchHandler(b *testing.B, h http.Handler, body string) {
	req := httptest.NewRequest(http.MethodPost, "/EWS/Exchange.asmx", nil)
	req = req.WithContext(httpauth.WithIdentity(req.Context(), httpauth.Identity{User: user1}))
	size := -1
	w := &discardWriter{h: http.Header{}}
	rd := new(strings.Reader)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rd.Reset(body)
		r := *req
		r.Body = nopCloser{rd}
		w.status, w.n = 0, 0
		clear(w.h)
		h.ServeHTTP(w, &r)
		if w.status != http.StatusOK {
			b.Fatalf("HTTP %d", w.status)
		}
		if size >= 0 && w.n != size {
			b.Fatalf("response size %d, then %d", size, w.n)
		}
		size = w.n
	}
	b.SetBytes(int64(size))
}

// perfSetup fills user1's Inbox with n messages like the ones bench/ews
// delivers (sender, one recipient, a 1.5 KB text body) and returns their
// IDs.
func perfSetup(b testing.TB, e *env, n int) []string {
	ids := make([]string, n)
	body := strings.Repeat("Body text of a typical short message. ", 40)
	for i := range ids {
		id, _ := createMsg2(b, e, fmt.Sprintf(`<t:Subject>Benchmark message %d</t:Subject><t:Body BodyType="Text">%s</t:Body>`+recips, i, body))
		ids[i] = id
	}
	return ids
}

func getItem30Request(ids []string) string {
	var sb strings.Builder
	for _, id := range ids[:30] {
		sb.WriteString(itemID(id))
	}
	return envelope(`<m:GetItem><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ItemIds>` + sb.String() + `</m:ItemIds></m:GetItem>`)
}

// findItem100Request is bench/ews's FindItem: Default shape, 100 rows,
// no sort order.
var findItem100Request = envelope(findItem100Op)

const findItem100Op = `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:IndexedPageItemView MaxEntriesReturned="100" Offset="0" BasePoint="Beginning"/><m:ParentFolderIds>` + distInbox + `</m:ParentFolderIds></m:FindItem>`

const distInbox = `<t:DistinguishedFolderId Id="inbox"/>`

// BenchmarkPerfGetItem30Mem is bench/ews's GetItem (30 items, Default
// shape) in process over memstore, without the recorder's costs.
func BenchmarkPerfGetItem30Mem(b *testing.B) {
	e := newEnv(b)
	benchHandler(b, e.h, getItem30Request(perfSetup(b, e, 30)))
}

// BenchmarkPerfFindItem100Mem is bench/ews's FindItem over memstore.
func BenchmarkPerfFindItem100Mem(b *testing.B) {
	e := newEnv(b)
	perfSetup(b, e, 100)
	benchHandler(b, e.h, findItem100Request)
}

// BenchmarkPerfGetItem30Bolt is bench/ews's GetItem over boltstore, the
// example server's default store.
func BenchmarkPerfGetItem30Bolt(b *testing.B) {
	e := newBoltEnv(b)
	benchHandler(b, e.h, getItem30Request(perfSetup(b, e, 30)))
}

// BenchmarkPerfFindItem100Bolt is bench/ews's FindItem over boltstore.
func BenchmarkPerfFindItem100Bolt(b *testing.B) {
	e := newBoltEnv(b)
	perfSetup(b, e, 100)
	benchHandler(b, e.h, findItem100Request)
}

// BenchmarkPerfWriteResponse is the static-body baseline of the same
// harness: a handler that reads the request and writes a FindItem100-
// sized body.
func BenchmarkPerfWriteResponse(b *testing.B) {
	static := bytes.Repeat([]byte("x"), 140<<10)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		buf := make([]byte, 4096)
		for {
			if _, err := r.Body.Read(buf); err != nil {
				break
			}
		}
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		w.Write(static)
	})
	benchHandler(b, h, findItem100Request)
}

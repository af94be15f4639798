package ews

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/httpauth"
)

// benchHandlerParallel is benchHandler with requests from 4×GOMAXPROCS
// goroutines at once, as bench/ews's eight connections send them: what
// locks and shared caches cost under concurrency shows here, not in the
// sequential benchmarks.
func benchHandlerParallel(b *testing.B, h http.Handler, body string) {
	req := httptest.NewRequest(http.MethodPost, "/EWS/Exchange.asmx", nil)
	req = req.WithContext(httpauth.WithIdentity(req.Context(), httpauth.Identity{User: user1}))
	b.ReportAllocs()
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		w := &discardWriter{h: http.Header{}}
		rd := new(strings.Reader)
		for pb.Next() {
			rd.Reset(body)
			r := *req
			r.Body = nopCloser{rd}
			w.status, w.n = 0, 0
			clear(w.h)
			h.ServeHTTP(w, &r)
			if w.status != http.StatusOK {
				b.Errorf("HTTP %d", w.status)
				return
			}
		}
	})
}

// BenchmarkPerfGetItem30BoltParallel is BenchmarkPerfGetItem30Bolt from
// concurrent goroutines.
func BenchmarkPerfGetItem30BoltParallel(b *testing.B) {
	e := newBoltEnv(b)
	benchHandlerParallel(b, e.h, getItem30Request(perfSetup(b, e, 30)))
}

// BenchmarkPerfFindItem100BoltParallel is BenchmarkPerfFindItem100Bolt
// from concurrent goroutines.
func BenchmarkPerfFindItem100BoltParallel(b *testing.B) {
	e := newBoltEnv(b)
	perfSetup(b, e, 100)
	benchHandlerParallel(b, e.h, findItem100Request)
}

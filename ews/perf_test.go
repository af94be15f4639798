package ews

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/oxkit/oxkit/httpauth"
)

// TestResponseContentLength checks that answers carry a Content-Length
// equal to the body's size (so net/http does not chunk them).
func TestResponseContentLength(t *testing.T) {
	e := newEnv(t)
	perfSetup(t, e, 3)
	req := httptest.NewRequest(http.MethodPost, "/EWS/Exchange.asmx", strings.NewReader(findItem100Request))
	req = req.WithContext(httpauth.WithIdentity(req.Context(), httpauth.Identity{User: user1}))
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("HTTP %d", rec.Code)
	}
	if got, want := rec.Header().Get("Content-Length"), strconv.Itoa(rec.Body.Len()); got != want {
		t.Errorf("Content-Length %q, body %s bytes", got, want)
	}
	if els := mustSuccess(t, e.call(findItem100Op)); len(els) != 1 {
		t.Errorf("%d response messages", len(els))
	}
}

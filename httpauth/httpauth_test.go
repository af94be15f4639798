package httpauth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

type verifier map[string]string

func (v verifier) VerifyPassword(_ context.Context, user, pass string) (string, error) {
	if p, ok := v[user]; ok && p == pass {
		return user, nil
	}
	return "", fmt.Errorf("verify %q: %w", user, ErrBadCredentials)
}

func TestRequire(t *testing.T) {
	var slept []time.Duration
	b := &Basic{Verifier: verifier{"user1@example.com": "secret"}, Realm: "test",
		sleep: func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }}
	h := Require(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, ok := FromContext(r.Context())
		if !ok {
			t.Fatal("no identity in context")
		}
		fmt.Fprint(w, id.User)
	}))
	do := func(auth string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/", nil)
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	// Captured from exchangelib: user1@example.com / secret.
	const good = "Basic dXNlcjFAZXhhbXBsZS5jb206c2VjcmV0"
	if w := do(""); w.Code != 401 || w.Header().Get("WWW-Authenticate") != `Basic realm="test", charset="UTF-8"` {
		t.Fatalf("no credentials: %d %q", w.Code, w.Header().Get("WWW-Authenticate"))
	}
	if w := do("Bearer xyz"); w.Code != 401 {
		t.Fatalf("other scheme: %d", w.Code)
	}
	if w := do(good); w.Code != 200 || w.Body.String() != "user1@example.com" {
		t.Fatalf("good: %d %q", w.Code, w.Body)
	}
	if w := do("basic dXNlcjFAZXhhbXBsZS5jb206c2VjcmV0"); w.Code != 200 {
		t.Fatalf("lower-case scheme: %d", w.Code)
	}
	bad := "Basic dXNlcjFAZXhhbXBsZS5jb206d3Jvbmc=" // user1@example.com:wrong
	for range 3 {
		if w := do(bad); w.Code != 401 {
			t.Fatalf("bad: %d", w.Code)
		}
	}
	want := []time.Duration{time.Second, 2 * time.Second}
	if fmt.Sprint(slept) != fmt.Sprint(want) {
		t.Fatalf("delays %v, want %v", slept, want)
	}
	slept = nil
	if w := do(good); w.Code != 200 {
		t.Fatalf("good after failures: %d", w.Code)
	}
	if w := do(good); w.Code != 200 || len(slept) != 1 {
		t.Fatalf("success must clear the delay: %d %v", w.Code, slept)
	}
}

type brokenVerifier struct{}

func (brokenVerifier) VerifyPassword(context.Context, string, string) (string, error) {
	return "", errors.New("directory down")
}

func TestRequireVerifierFailure(t *testing.T) {
	h := Require(&Basic{Verifier: brokenVerifier{}}, http.NotFoundHandler())
	r := httptest.NewRequest("GET", "/", nil)
	r.SetBasicAuth("a", "b")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusServiceUnavailable {
		t.Fatalf("got %d", w.Code)
	}
}

func TestFailureTableBounded(t *testing.T) {
	b := &Basic{Verifier: verifier{}, MaxTracked: 3,
		sleep: func(context.Context, time.Duration) error { return nil }}
	for i := range 10 {
		r := httptest.NewRequest("GET", "/", nil)
		r.SetBasicAuth(fmt.Sprintf("u%d", i), "x")
		b.Authenticate(r)
	}
	if n := len(b.failures); n != 3 {
		t.Fatalf("tracked %d pairs, want 3", n)
	}
}

func TestRecorder(t *testing.T) {
	b := &Basic{Verifier: verifier{"u@x": "p"}}
	h := Require(b, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	r := httptest.NewRequest("GET", "/", nil)
	r.SetBasicAuth("u@x", "p")
	ctx, who := WithRecorder(r.Context())
	if _, ok := who(); ok {
		t.Fatal("identity before the request")
	}
	h.ServeHTTP(httptest.NewRecorder(), r.WithContext(ctx))
	if id, ok := who(); !ok || id.User != "u@x" {
		t.Fatalf("recorded %v %v", id, ok)
	}
}

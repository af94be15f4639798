package httpauth

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"
)

// countingVerifier is a verifier that counts its calls.
type countingVerifier struct {
	v     verifier
	calls int
}

func (c *countingVerifier) VerifyPassword(ctx context.Context, user, pass string) (string, error) {
	c.calls++
	return c.v.VerifyPassword(ctx, user, pass)
}

func TestCredentialCache(t *testing.T) {
	cv := &countingVerifier{v: verifier{"u@x": "p"}}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b := &Basic{Verifier: cv, CacheTTL: time.Minute, now: func() time.Time { return now },
		sleep: func(context.Context, time.Duration) error { return nil }}
	auth := func(user, pass string) (Identity, error) {
		r := httptest.NewRequest("POST", "/", nil)
		r.SetBasicAuth(user, pass)
		return b.Authenticate(r)
	}
	for i := range 5 {
		if id, err := auth("u@x", "p"); err != nil || id.User != "u@x" {
			t.Fatalf("request %d: %v %v", i, id, err)
		}
	}
	if cv.calls != 1 {
		t.Fatalf("verifier called %d times for 5 requests, want 1", cv.calls)
	}
	// Wrong passwords are never answered from the cache.
	for range 2 {
		if _, err := auth("u@x", "wrong"); err == nil {
			t.Fatal("wrong password accepted")
		}
	}
	if cv.calls != 3 {
		t.Fatalf("verifier called %d times, want 3", cv.calls)
	}
	// The password changes: the cached header stays good until it expires.
	cv.v["u@x"] = "new"
	now = now.Add(59 * time.Second)
	if _, err := auth("u@x", "p"); err != nil {
		t.Fatalf("within the TTL: %v", err)
	}
	now = now.Add(time.Second)
	if _, err := auth("u@x", "p"); err == nil {
		t.Fatal("old password accepted after the TTL")
	}
	if _, err := auth("u@x", "new"); err != nil {
		t.Fatalf("new password: %v", err)
	}
}

func TestCredentialCacheOff(t *testing.T) {
	cv := &countingVerifier{v: verifier{"u@x": "p"}}
	b := &Basic{Verifier: cv, CacheTTL: -1}
	for range 3 {
		r := httptest.NewRequest("POST", "/", nil)
		r.SetBasicAuth("u@x", "p")
		if _, err := b.Authenticate(r); err != nil {
			t.Fatal(err)
		}
	}
	if cv.calls != 3 || len(b.verified) != 0 {
		t.Fatalf("verifier called %d times, %d cached; want 3 and 0", cv.calls, len(b.verified))
	}
}

func TestCredentialCacheBounded(t *testing.T) {
	v := verifier{}
	for i := range 10 {
		v[fmt.Sprintf("u%d", i)] = "p"
	}
	b := &Basic{Verifier: v, MaxCached: 4}
	for i := range 10 {
		r := httptest.NewRequest("POST", "/", nil)
		r.SetBasicAuth(fmt.Sprintf("u%d", i), "p")
		if _, err := b.Authenticate(r); err != nil {
			t.Fatal(err)
		}
		if n := len(b.verified); n > 4 {
			t.Fatalf("%d cached, limit 4", n)
		}
	}
}

func BenchmarkBasicCached(b *testing.B) {
	ba := &Basic{Verifier: verifier{"u@x": "p"}}
	r := httptest.NewRequest("POST", "/", nil)
	r.SetBasicAuth("u@x", "p")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ba.Authenticate(r); err != nil {
			b.Fatal(err)
		}
	}
}

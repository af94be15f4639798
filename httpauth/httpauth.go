// Package httpauth authenticates HTTP requests for oxkit's protocol
// handlers (Autodiscover, EWS, ActiveSync, MAPI/HTTP).
//
// An Authenticator turns a request into an Identity; Require wraps a
// handler so that a request without valid credentials gets 401 with the
// Authenticator's WWW-Authenticate challenges, and a handler reads the
// caller with FromContext. Basic implements HTTP Basic (RFC 7617) over a
// PasswordVerifier, which store.Directory implementations provide.
//
// This package is not in the design's package list: every server package
// needs the same authentication seam, and putting it in one of them would
// make the others import a sibling server. It imports nothing of oxkit.
//
// Not here yet: NTLM/Negotiate ([MS-NLMP]) and OAuth bearer tokens; an
// embedder can plug either in through Authenticator.
package httpauth

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Identity is an authenticated caller.
type Identity struct {
	// User is the canonical user name, normally the primary SMTP address.
	User string
}

// ErrNoCredentials means the request carried no credentials this
// Authenticator understands; Require answers it with a challenge.
var ErrNoCredentials = errors.New("httpauth: no credentials")

// ErrBadCredentials means the credentials were wrong.
var ErrBadCredentials = errors.New("httpauth: bad credentials")

// Authenticator authenticates requests.
type Authenticator interface {
	// Authenticate returns the caller's identity, ErrNoCredentials when
	// the request has none it understands, or another error (normally
	// wrapping ErrBadCredentials).
	Authenticate(r *http.Request) (Identity, error)
	// Challenges returns the WWW-Authenticate values of a 401 answer.
	Challenges() []string
}

type ctxKey struct{}

// WithIdentity returns a context carrying id.
func WithIdentity(ctx context.Context, id Identity) context.Context {
	return context.WithValue(ctx, ctxKey{}, id)
}

// FromContext returns the identity Require stored in ctx.
func FromContext(ctx context.Context) (Identity, bool) {
	id, ok := ctx.Value(ctxKey{}).(Identity)
	return id, ok
}

// Require returns a handler that authenticates each request with a and
// passes it to next with the identity in its context, or answers 401 with
// a's challenges. Errors other than missing or bad credentials answer 503
// (the verifier failed, not the caller).
func Require(a Authenticator, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := a.Authenticate(r)
		if err != nil {
			if errors.Is(err, ErrNoCredentials) || errors.Is(err, ErrBadCredentials) {
				Unauthorized(w, a)
				return
			}
			http.Error(w, "authentication unavailable", http.StatusServiceUnavailable)
			return
		}
		if rec, ok := r.Context().Value(recorderKey{}).(*recorder); ok {
			rec.mu.Lock()
			rec.id, rec.ok = id, true
			rec.mu.Unlock()
		}
		next.ServeHTTP(w, r.WithContext(WithIdentity(r.Context(), id)))
	})
}

type recorderKey struct{}

type recorder struct {
	mu sync.Mutex
	id Identity
	ok bool
}

// WithRecorder returns a context in which Require records the identity it
// authenticates, and a function that reads it back. An outer middleware
// (a request logger) uses it to learn who the caller was after the inner
// handler returns.
func WithRecorder(ctx context.Context) (context.Context, func() (Identity, bool)) {
	rec := &recorder{}
	return context.WithValue(ctx, recorderKey{}, rec), func() (Identity, bool) {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		return rec.id, rec.ok
	}
}

// Unauthorized writes a 401 answer with a's challenges.
func Unauthorized(w http.ResponseWriter, a Authenticator) {
	for _, c := range a.Challenges() {
		w.Header().Add("WWW-Authenticate", c)
	}
	http.Error(w, "401 Unauthorized", http.StatusUnauthorized)
}

// PasswordVerifier checks a user name and password. It returns the
// canonical user name (for example the primary SMTP address when the
// client logged in with an alias or DOMAIN\user form), or an error
// wrapping ErrBadCredentials when they do not match. Implementations
// compare in constant time and keep only password hashes.
type PasswordVerifier interface {
	VerifyPassword(ctx context.Context, user, password string) (string, error)
}

// Basic is HTTP Basic authentication (RFC 7617) over a PasswordVerifier.
//
// A verified Authorization header is trusted for CacheTTL without asking
// the Verifier again (see CacheTTL).
//
// After a failed attempt for a (user, client address) pair, Basic delays
// its answers to further attempts of that pair, doubling from
// FailureDelay up to MaxFailureDelay, so guessing passwords is slow; a
// success clears the pair.
type Basic struct {
	Verifier PasswordVerifier
	// Realm is the challenge's realm; "" means "oxkit".
	Realm string
	// FailureDelay is the first delay after a failure; 0 means 1s.
	FailureDelay time.Duration
	// MaxFailureDelay caps the delay; 0 means 30s.
	MaxFailureDelay time.Duration
	// MaxTracked bounds how many failing pairs are remembered; 0 means 10,000.
	MaxTracked int
	// CacheTTL is how long a verified Authorization header is trusted
	// without asking the Verifier again; 0 means DefaultCacheTTL, and a
	// negative value turns the cache off. Clients send Basic credentials
	// on every request, and a real PasswordVerifier runs a deliberately
	// slow password hash: without the cache that hash would dominate the
	// cost of every request. The cache holds a SHA-256 of the header
	// value, never the password, and only successes; a changed or
	// removed password keeps working from the cache for at most CacheTTL.
	CacheTTL time.Duration
	// MaxCached bounds the cache's entries; 0 means 10,000.
	MaxCached int

	mu       sync.Mutex
	failures map[failKey]failState
	verified map[[sha256.Size]byte]cached
	// sleep and now are replaced in tests.
	sleep func(ctx context.Context, d time.Duration) error
	now   func() time.Time
}

// DefaultCacheTTL is Basic's default CacheTTL.
const DefaultCacheTTL = time.Minute

// cached is a verified header's identity and when it stops being trusted.
type cached struct {
	user    string
	expires time.Time
}

type failKey struct{ user, addr string }

type failState struct {
	delay time.Duration
	last  time.Time
}

// Challenges implements Authenticator.
func (b *Basic) Challenges() []string {
	realm := b.Realm
	if realm == "" {
		realm = "oxkit"
	}
	return []string{`Basic realm="` + strings.ReplaceAll(realm, `"`, "") + `", charset="UTF-8"`}
}

// Authenticate implements Authenticator.
func (b *Basic) Authenticate(r *http.Request) (Identity, error) {
	user, pass, ok := parseBasic(r.Header.Get("Authorization"))
	if !ok {
		return Identity{}, ErrNoCredentials
	}
	key := failKey{strings.ToLower(user), clientAddr(r)}
	if d := b.pendingDelay(key); d > 0 {
		if err := b.wait(r.Context(), d); err != nil {
			return Identity{}, err
		}
	}
	ttl := b.CacheTTL
	if ttl == 0 {
		ttl = DefaultCacheTTL
	}
	var hk [sha256.Size]byte
	if ttl > 0 {
		hk = sha256.Sum256([]byte(r.Header.Get("Authorization")))
		if canon, ok := b.cachedUser(hk); ok {
			b.clear(key)
			return Identity{User: canon}, nil
		}
	}
	canon, err := b.Verifier.VerifyPassword(r.Context(), user, pass)
	if err != nil {
		if errors.Is(err, ErrBadCredentials) {
			b.recordFailure(key)
		}
		return Identity{}, err
	}
	b.clear(key)
	if ttl > 0 {
		b.remember(hk, canon, ttl)
	}
	return Identity{User: canon}, nil
}

func (b *Basic) clock() time.Time {
	if b.now != nil {
		return b.now()
	}
	return time.Now()
}

// cachedUser returns the identity of a verified header still trusted.
func (b *Basic) cachedUser(hk [sha256.Size]byte) (string, bool) {
	now := b.clock()
	b.mu.Lock()
	defer b.mu.Unlock()
	c, ok := b.verified[hk]
	if !ok {
		return "", false
	}
	if !now.Before(c.expires) {
		delete(b.verified, hk)
		return "", false
	}
	return c.user, true
}

// remember trusts a verified header for ttl, keeping at most MaxCached
// entries: when full, expired entries go first, then arbitrary ones.
func (b *Basic) remember(hk [sha256.Size]byte, user string, ttl time.Duration) {
	maxn := b.MaxCached
	if maxn <= 0 {
		maxn = 10000
	}
	now := b.clock()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.verified == nil {
		b.verified = make(map[[sha256.Size]byte]cached)
	}
	if _, ok := b.verified[hk]; !ok && len(b.verified) >= maxn {
		for k, c := range b.verified {
			if !now.Before(c.expires) {
				delete(b.verified, k)
			}
		}
		for k := range b.verified {
			if len(b.verified) < maxn {
				break
			}
			delete(b.verified, k)
		}
	}
	b.verified[hk] = cached{user: user, expires: now.Add(ttl)}
}

func (b *Basic) wait(ctx context.Context, d time.Duration) error {
	if b.sleep != nil {
		return b.sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (b *Basic) pendingDelay(k failKey) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	st, ok := b.failures[k]
	if !ok {
		return 0
	}
	return st.delay
}

func (b *Basic) recordFailure(k failKey) {
	first, maxd, maxn := b.FailureDelay, b.MaxFailureDelay, b.MaxTracked
	if first <= 0 {
		first = time.Second
	}
	if maxd <= 0 {
		maxd = 30 * time.Second
	}
	if maxn <= 0 {
		maxn = 10000
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.failures == nil {
		b.failures = make(map[failKey]failState)
	}
	st, ok := b.failures[k]
	if !ok && len(b.failures) >= maxn {
		// Forget the stalest pair rather than grow without bound.
		var oldest failKey
		var ot time.Time
		for fk, fs := range b.failures {
			if ot.IsZero() || fs.last.Before(ot) {
				oldest, ot = fk, fs.last
			}
		}
		delete(b.failures, oldest)
	}
	switch {
	case !ok:
		st.delay = first
	case st.delay < maxd:
		st.delay *= 2
	}
	st.delay = min(st.delay, maxd)
	st.last = time.Now()
	b.failures[k] = st
}

func (b *Basic) clear(k failKey) {
	b.mu.Lock()
	if len(b.failures) > 0 {
		delete(b.failures, k)
	}
	b.mu.Unlock()
}

// parseBasic parses an RFC 7617 Authorization value. The scheme is
// matched case-insensitively; the user name may carry a DOMAIN\ prefix
// (left to the verifier).
func parseBasic(h string) (user, pass string, ok bool) {
	scheme, rest, found := strings.Cut(strings.TrimSpace(h), " ")
	if !found || !strings.EqualFold(scheme, "Basic") {
		return "", "", false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(rest))
	if err != nil {
		return "", "", false
	}
	user, pass, ok = strings.Cut(string(raw), ":")
	if !ok || user == "" {
		return "", "", false
	}
	return user, pass, true
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/oxkit/oxkit/autodiscover"
)

func startTest(t *testing.T, args ...string) (*server, string, context.CancelFunc) {
	t.Helper()
	cfg, err := parseFlags(append([]string{"-data", t.TempDir(), "-https", "127.0.0.1:0", "-http", "127.0.0.1:0",
		"-hostname", "localhost", "-store", "memory"}, args...), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	cfg.logger = slog.New(slog.NewTextHandler(&logs, nil))
	ctx, cancel := context.WithCancel(context.Background())
	var out bytes.Buffer
	s, err := start(ctx, cfg, &out)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		if err := s.wait(); err != nil {
			t.Errorf("wait: %v", err)
		}
	})
	return s, out.String(), cancel
}

func TestServerDemoUserAndEndpoints(t *testing.T) {
	s, out, _ := startTest(t)
	m := regexp.MustCompile(`demo user (\S+) with password (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no demo user printed:\n%s", out)
	}
	user, pass := m[1], m[2]
	httpURL := "http://" + s.http.Addr().String()
	resp, err := http.Get(httpURL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "ok\n" {
		t.Fatalf("healthz: %d %q", resp.StatusCode, body)
	}

	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}, Timeout: 10 * time.Second}
	c := &autodiscover.Client{HTTP: hc, Authorize: func(r *http.Request) { r.SetBasicAuth(user, pass) }}
	ad, err := c.POX(context.Background(), "https://"+s.https.Addr().String()+"/Autodiscover/Autodiscover.xml", user, autodiscover.NSOutlookResponse, false)
	if err != nil {
		t.Fatal(err)
	}
	if ad.DisplayName != "Demo User" || ad.AutoDiscoverSMTPAddress != user || ad.LegacyDN == "" {
		t.Fatalf("autodiscover: %+v", ad)
	}
	if exch := ad.Protocol("EXCH"); exch == nil || !strings.HasSuffix(exch.Server, "@localhost") {
		t.Fatalf("EXCH server should be mailboxGUID@domain: %+v", ad.Protocols)
	}
	bad := &autodiscover.Client{HTTP: hc, Authorize: func(r *http.Request) { r.SetBasicAuth(user, "wrong") }}
	if _, err := bad.POX(context.Background(), "https://"+s.https.Addr().String()+"/autodiscover/autodiscover.xml", user, autodiscover.NSOutlookResponse, false); err == nil {
		t.Fatal("wrong password accepted")
	}
}

func TestServerUsersFile(t *testing.T) {
	dir := t.TempDir()
	users := filepath.Join(dir, "users")
	os.WriteFile(users, []byte("# test users\nuser1@example.com secret User One\n\nuser2@example.com pw2 User Two\n"), 0o600)
	s, out, _ := startTest(t, "-users", users)
	if strings.Contains(out, "demo user") {
		t.Fatalf("demo user created although a users file was given:\n%s", out)
	}
	c := &autodiscover.Client{Authorize: func(r *http.Request) { r.SetBasicAuth("user2@example.com", "pw2") }, AllowInsecureRedirects: true}
	us, err := c.GetUserSettings(context.Background(), "http://"+s.http.Addr().String()+"/autodiscover/autodiscover.svc",
		"user1@example.com", "UserDisplayName", "UserDN")
	if err != nil {
		t.Fatal(err)
	}
	if us.Settings["UserDisplayName"] != "User One" || us.Settings["UserDN"] == "" {
		t.Fatalf("settings: %+v", us)
	}
}

func TestParseUsers(t *testing.T) {
	got, err := parseUsers(strings.NewReader("a@x.example p1 Alice A.\n#c\nB@X.example p2\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []userLine{{"a@x.example", "p1", "Alice A."}, {"b@x.example", "p2", "b"}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("got %+v", got)
	}
	if _, err := parseUsers(strings.NewReader("nonsense\n")); err == nil {
		t.Fatal("bad line accepted")
	}
}

func TestCertReused(t *testing.T) {
	dir := t.TempDir()
	c1, created, err := loadOrCreateCert(dir, "localhost")
	if err != nil || !created {
		t.Fatal(err, created)
	}
	c2, created, err := loadOrCreateCert(dir, "localhost")
	if err != nil || created {
		t.Fatal(err, created)
	}
	if !bytes.Equal(c1.Certificate[0], c2.Certificate[0]) {
		t.Fatal("certificate not reused")
	}
}

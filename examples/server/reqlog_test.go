package main

import (
	"bytes"
	"context"
	"log/slog"
	"math/rand/v2"
	"testing"
	"time"
)

// The hand-written request line must be byte for byte the line slog's
// TextHandler writes for the same record.
func TestRequestLineMatchesSlog(t *testing.T) {
	strs := []string{"", "user1@example.com", "ews", "POST", "/EWS/Exchange.asmx", "127.0.0.1:5555",
		"a b", "a=b", `a"b`, `back\slash`, "tab\there", "nl\n", "\x7f", "caf\u00e9", "\u00a0nbsp", "bad\xff", "\u200b", "日本"}
	times := []time.Time{
		time.Date(2026, 11, 29, 4, 5, 6, 999_999_999, time.UTC),
		time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("X", 3600+1800)),
		time.Date(2026, 6, 1, 0, 0, 0, 1_000_000, time.Local),
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		pick := func() string { return strs[rng.IntN(len(strs))] }
		tm := times[i%len(times)]
		user, ep, method, path, remote := pick(), pick(), pick(), pick(), pick()
		status := []int{0, 200, 500}[i%3]
		n := rng.Int64N(1 << 40)
		d := time.Duration(rng.Int64N(int64(10 * time.Second)))

		var want bytes.Buffer
		h := slog.NewTextHandler(&want, nil)
		r := slog.NewRecord(tm, slog.LevelInfo, "request", 0)
		r.AddAttrs(slog.String("user", user), slog.String("endpoint", ep), slog.String("method", method),
			slog.String("path", path), slog.Int("status", status), slog.Int64("bytes", n),
			slog.Duration("duration", d), slog.String("remote", remote))
		if err := h.Handle(context.Background(), r); err != nil {
			t.Fatal(err)
		}
		got := appendRequestLine(nil, tm, user, ep, method, path, status, n, d, remote)
		if string(got) != want.String() {
			t.Fatalf("request line\n got %q\nwant %q", got, want.String())
		}
	}
}

// BenchmarkRequestLine compares the request line through slog's
// TextHandler and through reqLog.
func BenchmarkRequestLine(b *testing.B) {
	tm := time.Now()
	b.Run("slog", func(b *testing.B) {
		l := slog.New(slog.NewTextHandler(discard{}, nil))
		b.ReportAllocs()
		for b.Loop() {
			l.LogAttrs(context.Background(), slog.LevelInfo, "request",
				slog.String("user", "user1@example.com"), slog.String("endpoint", "ews"), slog.String("method", "POST"),
				slog.String("path", "/EWS/Exchange.asmx"), slog.Int("status", 200), slog.Int64("bytes", 99565),
				slog.Duration("duration", time.Since(tm)), slog.String("remote", "127.0.0.1:5555"))
		}
	})
	b.Run("reqLog", func(b *testing.B) {
		l := &reqLog{w: discard{}}
		b.ReportAllocs()
		for b.Loop() {
			l.write(time.Now(), "user1@example.com", "ews", "POST", "/EWS/Exchange.asmx", 200, 99565, time.Since(tm), "127.0.0.1:5555")
		}
	})
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

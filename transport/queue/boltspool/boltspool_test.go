package boltspool

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/oxkit/oxkit/transport/queue"
)

type relay struct {
	mu   sync.Mutex
	down bool
	got  [][]string
}

func (r *relay) Relay(_ context.Context, _ string, rcpts []string, _ []byte) ([]error, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.down {
		return nil, errors.New("connection refused")
	}
	r.got = append(r.got, slices.Clone(rcpts))
	return make([]error, len(rcpts)), nil
}

func (r *relay) delivered() [][]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

func TestSpoolRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "q.db"), &Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e := &queue.Entry{ID: "0001", From: "a@example.com", Queued: time.Unix(1700000000, 0).UTC(), Size: 4,
		Rcpts: []queue.Recipient{{Addr: "b@remote.example"}, {Addr: "c@remote.example", State: queue.Undeliverable, LastError: "550"}}}
	if err := s.Add(ctx, e, []byte("body")); err != nil {
		t.Fatal(err)
	}
	if err := s.Add(ctx, e, []byte("body")); err == nil {
		t.Error("second Add of one ID succeeded")
	}
	e.Attempts = 3
	if err := s.Update(ctx, e); err != nil {
		t.Fatal(err)
	}
	es, err := s.Entries(ctx)
	if err != nil || len(es) != 1 || es[0].Attempts != 3 || !es[0].Queued.Equal(e.Queued) || len(es[0].Rcpts) != 2 || es[0].Rcpts[1] != e.Rcpts[1] {
		t.Fatalf("Entries = %+v, %v", es, err)
	}
	if raw, err := s.Message(ctx, "0001"); err != nil || string(raw) != "body" {
		t.Fatalf("Message = %q, %v", raw, err)
	}
	if err := s.Remove(ctx, "0001"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Message(ctx, "0001"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Message after Remove: %v", err)
	}
	if err := s.Update(ctx, e); err == nil {
		t.Error("Update of a removed entry succeeded")
	}
}

// A message queued while the smarthost is down survives closing the
// queue and the file, and the next queue over the file delivers it.
func TestRestartResumes(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	opts := &queue.Options{InitialDelay: time.Hour, Logger: slog.New(slog.DiscardHandler)}
	s, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := &relay{down: true}
	q, err := queue.New(s, r, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Send(ctx, "a@example.com", []string{"b@remote.example", "c@remote.example"}, []byte("Subject: x\r\n\r\nx\r\n")); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if es := q.Entries(); len(es) == 1 && es[0].Attempts == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no attempt")
		}
	}
	q.Close()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s2, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	r2 := &relay{}
	opts2 := *opts
	opts2.InitialDelay = 5 * time.Millisecond
	q2, err := queue.New(s2, r2, nil, &opts2)
	if err != nil {
		t.Fatal(err)
	}
	defer q2.Close()
	if es := q2.Entries(); len(es) != 1 || es[0].Attempts != 1 || len(es[0].Rcpts) != 2 {
		t.Fatalf("resumed %+v", es)
	}
	q2.RetryNow()
	for deadline := time.Now().Add(5 * time.Second); len(q2.Entries()) != 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("resumed message not delivered")
		}
	}
	if got := r2.delivered(); len(got) != 1 || !slices.Equal(got[0], []string{"b@remote.example", "c@remote.example"}) {
		t.Errorf("delivered %v", got)
	}
	if es, _ := s2.Entries(ctx); len(es) != 0 {
		t.Errorf("file still holds %d entries", len(es))
	}
}

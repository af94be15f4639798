package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeRelay answers each recipient from a script: the n-th attempt at
// recipient r gets script[r][n] (the last entry repeats); "ok" accepts,
// "4xx"/"5xx" refuse, "down" fails the whole attempt.
type fakeRelay struct {
	mu     sync.Mutex
	script map[string][]string
	tries  map[string]int
	calls  [][]string // recipients of each call
	got    map[string][]byte
}

func newFakeRelay(script map[string][]string) *fakeRelay {
	return &fakeRelay{script: script, tries: map[string]int{}, got: map[string][]byte{}}
}

func (f *fakeRelay) Relay(ctx context.Context, from string, rcpts []string, raw []byte) ([]error, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, slices.Clone(rcpts))
	res := make([]error, len(rcpts))
	for i, r := range rcpts {
		s := f.script[r]
		n := f.tries[r]
		f.tries[r]++
		act := "ok"
		if len(s) > 0 {
			act = s[min(n, len(s)-1)]
		}
		switch act {
		case "down":
			return nil, errors.New("dial tcp: connection refused")
		case "4xx":
			res[i] = errors.New("451 4.3.0 try later")
		case "5xx":
			res[i] = Permanent(errors.New("550 5.1.1 no such user"))
		}
	}
	for i, r := range rcpts {
		if res[i] == nil {
			f.got[r] = slices.Clone(raw)
		}
	}
	return res, nil
}

func (f *fakeRelay) snapshot() (calls [][]string, got map[string][]byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	got = map[string][]byte{}
	for k, v := range f.got {
		got[k] = v
	}
	return slices.Clone(f.calls), got
}

type fakeReporter struct {
	mu      sync.Mutex
	reports []Report
	fail    int // fail this many calls first
}

func (f *fakeReporter) Report(_ context.Context, r *Report) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail > 0 {
		f.fail--
		return errors.New("mailbox unavailable")
	}
	f.reports = append(f.reports, *r)
	return nil
}

func (f *fakeReporter) snapshot() []Report {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.reports)
}

func fastOpts() *Options {
	return &Options{InitialDelay: 5 * time.Millisecond, MaxDelay: 20 * time.Millisecond,
		GiveUpAfter: time.Hour, DelayReportAfter: -1, Workers: 2, Logger: slog.New(slog.DiscardHandler)}
}

// eventually polls cond for up to 5 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func newQueue(t *testing.T, sp Spool, r Relayer, rep Reporter, o *Options) *Queue {
	t.Helper()
	q, err := New(sp, r, rep, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	return q
}

var msg = []byte("From: a@example.com\r\nTo: b@remote.example\r\nSubject: hi\r\n\r\nbody\r\n")

func TestDeliveredAndRemoved(t *testing.T) {
	sp := &MemSpool{}
	fr := newFakeRelay(nil)
	q := newQueue(t, sp, fr, &fakeReporter{}, fastOpts())
	if err := q.Send(context.Background(), "a@example.com", []string{"b@remote.example", "B@remote.example", "c@remote.example"}, msg); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the queue to empty", func() bool { return len(q.Entries()) == 0 })
	calls, got := fr.snapshot()
	if len(calls) != 1 || !slices.Equal(calls[0], []string{"b@remote.example", "c@remote.example"}) {
		t.Errorf("relay calls %v, want one with b and c (duplicate dropped)", calls)
	}
	if string(got["c@remote.example"]) != string(msg) {
		t.Errorf("relayed %q", got["c@remote.example"])
	}
	if es, _ := sp.Entries(context.Background()); len(es) != 0 {
		t.Errorf("spool still holds %d entries", len(es))
	}
}

// Send returns only once the spool holds the message: a spool that
// refuses fails the send and leaves nothing queued.
func TestSendFailsWhenSpoolFails(t *testing.T) {
	q := newQueue(t, &failingSpool{}, newFakeRelay(nil), nil, fastOpts())
	if err := q.Send(context.Background(), "a@example.com", []string{"b@remote.example"}, msg); err == nil {
		t.Fatal("Send succeeded over a failing spool")
	}
	if n := len(q.Entries()); n != 0 {
		t.Fatalf("%d entries queued", n)
	}
}

type failingSpool struct{ MemSpool }

func (*failingSpool) Add(context.Context, *Entry, []byte) error { return errors.New("disk full") }
func (*failingSpool) Entries(context.Context) ([]*Entry, error) { return nil, nil }

// One accepted, one refused temporarily then accepted, one refused for
// good: the permanent failure is reported at once, and only the
// temporarily refused recipient is tried again.
func TestPerRecipientStatus(t *testing.T) {
	fr := newFakeRelay(map[string][]string{
		"later@remote.example": {"4xx", "4xx", "ok"},
		"gone@remote.example":  {"5xx"},
	})
	rep := &fakeReporter{}
	q := newQueue(t, &MemSpool{}, fr, rep, fastOpts())
	rcpts := []string{"now@remote.example", "later@remote.example", "gone@remote.example"}
	if err := q.Send(context.Background(), "a@example.com", rcpts, msg); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the queue to empty", func() bool { return len(q.Entries()) == 0 })
	calls, got := fr.snapshot()
	want := [][]string{rcpts, {"later@remote.example"}, {"later@remote.example"}}
	if fmt.Sprint(calls) != fmt.Sprint(want) {
		t.Errorf("relay calls %v, want %v", calls, want)
	}
	if len(got) != 2 || got["now@remote.example"] == nil || got["later@remote.example"] == nil {
		t.Errorf("delivered to %v", got)
	}
	reps := rep.snapshot()
	if len(reps) != 1 || reps[0].Kind != Failed || reps[0].From != "a@example.com" ||
		len(reps[0].Rcpts) != 1 || reps[0].Rcpts[0].Addr != "gone@remote.example" ||
		!strings.Contains(reps[0].Rcpts[0].LastError, "550") || string(reps[0].Message) != string(msg) {
		t.Errorf("reports %+v, want one failure for gone@", reps)
	}
}

// Connection failures retry every recipient, with growing delays.
func TestConnectionFailureRetries(t *testing.T) {
	fr := newFakeRelay(map[string][]string{"b@remote.example": {"down", "down", "down", "ok"}})
	q := newQueue(t, &MemSpool{}, fr, &fakeReporter{}, fastOpts())
	if err := q.Send(context.Background(), "a@example.com", []string{"b@remote.example", "c@remote.example"}, msg); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the queue to empty", func() bool { return len(q.Entries()) == 0 })
	calls, got := fr.snapshot()
	if len(calls) != 4 || len(got) != 2 {
		t.Errorf("calls %v, delivered %d", calls, len(got))
	}
	for _, c := range calls {
		if len(c) != 2 {
			t.Errorf("attempt with %v: both recipients are pending until the connection works", c)
		}
	}
}

// A recipient still refused after GiveUpAfter is failed and reported,
// with the last error.
func TestGiveUp(t *testing.T) {
	fr := newFakeRelay(map[string][]string{"b@remote.example": {"4xx"}})
	rep := &fakeReporter{}
	o := fastOpts()
	o.GiveUpAfter = 60 * time.Millisecond
	q := newQueue(t, &MemSpool{}, fr, rep, o)
	q.Send(context.Background(), "a@example.com", []string{"b@remote.example"}, msg)
	eventually(t, "the queue to empty", func() bool { return len(q.Entries()) == 0 })
	reps := rep.snapshot()
	if len(reps) != 1 || reps[0].Kind != Failed || !strings.Contains(reps[0].Rcpts[0].LastError, "gave up") ||
		!strings.Contains(reps[0].Rcpts[0].LastError, "451") {
		t.Fatalf("reports %+v", reps)
	}
	if calls, _ := fr.snapshot(); len(calls) < 2 {
		t.Errorf("%d attempts before giving up", len(calls))
	}
}

// The delay report goes out once, then the message is delivered.
func TestDelayReport(t *testing.T) {
	fr := newFakeRelay(map[string][]string{"b@remote.example": {"4xx", "4xx", "4xx", "4xx", "4xx", "ok"}})
	rep := &fakeReporter{}
	o := fastOpts()
	o.DelayReportAfter = time.Millisecond
	q := newQueue(t, &MemSpool{}, fr, rep, o)
	q.Send(context.Background(), "a@example.com", []string{"b@remote.example"}, msg)
	eventually(t, "the queue to empty", func() bool { return len(q.Entries()) == 0 })
	reps := rep.snapshot()
	if len(reps) != 1 || reps[0].Kind != Delayed || reps[0].Rcpts[0].Addr != "b@remote.example" {
		t.Fatalf("reports %+v, want one Delayed", reps)
	}
}

// The null reverse-path gets no reports (RFC 5321 4.5.5).
func TestNullSenderNoReport(t *testing.T) {
	fr := newFakeRelay(map[string][]string{"b@remote.example": {"5xx"}})
	rep := &fakeReporter{}
	q := newQueue(t, &MemSpool{}, fr, rep, fastOpts())
	q.Send(context.Background(), "", []string{"b@remote.example"}, msg)
	eventually(t, "the queue to empty", func() bool { return len(q.Entries()) == 0 })
	if reps := rep.snapshot(); len(reps) != 0 {
		t.Fatalf("reports %+v", reps)
	}
}

// A report the Reporter cannot take is tried again; the entry stays
// until it is taken.
func TestReportRetried(t *testing.T) {
	fr := newFakeRelay(map[string][]string{"b@remote.example": {"5xx"}})
	rep := &fakeReporter{fail: 2}
	q := newQueue(t, &MemSpool{}, fr, rep, fastOpts())
	q.Send(context.Background(), "a@example.com", []string{"b@remote.example"}, msg)
	eventually(t, "the queue to empty", func() bool { return len(q.Entries()) == 0 })
	if reps := rep.snapshot(); len(reps) != 1 {
		t.Fatalf("reports %+v", reps)
	}
	if calls, _ := fr.snapshot(); len(calls) != 1 {
		t.Errorf("relayed %d times; a failed recipient is not tried again", len(calls))
	}
}

// A closed queue's entries are resumed by the next queue over the same
// spool.
func TestResume(t *testing.T) {
	sp := &MemSpool{}
	down := newFakeRelay(map[string][]string{"b@remote.example": {"down"}})
	o := fastOpts()
	o.InitialDelay, o.MaxDelay = time.Hour, time.Hour
	q, err := New(sp, down, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	q.Send(context.Background(), "a@example.com", []string{"b@remote.example"}, msg)
	eventually(t, "the first attempt", func() bool { c, _ := down.snapshot(); return len(c) == 1 })
	eventually(t, "the attempt to be saved", func() bool { es, _ := sp.Entries(context.Background()); return len(es) == 1 && es[0].Attempts == 1 })
	q.Close()
	if err := q.Send(context.Background(), "a@example.com", []string{"x@remote.example"}, msg); !errors.Is(err, ErrClosed) {
		t.Errorf("Send after Close: %v", err)
	}
	up := newFakeRelay(nil)
	q2 := newQueue(t, sp, up, nil, fastOpts())
	if es := q2.Entries(); len(es) != 1 || es[0].Attempts != 1 || !strings.Contains(es[0].Rcpts[0].LastError, "refused") {
		t.Fatalf("resumed entries %+v", es)
	}
	q2.RetryNow()
	eventually(t, "the resumed message to leave", func() bool { _, got := up.snapshot(); return got["b@remote.example"] != nil })
	eventually(t, "the queue to empty", func() bool { return len(q2.Entries()) == 0 })
}

func TestFull(t *testing.T) {
	o := fastOpts()
	o.MaxEntries, o.InitialDelay, o.MaxDelay = 1, time.Hour, time.Hour
	q := newQueue(t, &MemSpool{}, newFakeRelay(map[string][]string{"b@remote.example": {"4xx"}}), nil, o)
	if err := q.Send(context.Background(), "a@example.com", []string{"b@remote.example"}, msg); err != nil {
		t.Fatal(err)
	}
	if err := q.Send(context.Background(), "a@example.com", []string{"b@remote.example"}, msg); !errors.Is(err, ErrFull) {
		t.Fatalf("second Send: %v, want ErrFull", err)
	}
	o2 := fastOpts()
	o2.MaxBytes = int64(len(msg)) - 1
	q2 := newQueue(t, &MemSpool{}, newFakeRelay(nil), nil, o2)
	if err := q2.Send(context.Background(), "a@example.com", []string{"b@remote.example"}, msg); !errors.Is(err, ErrFull) {
		t.Fatalf("oversized Send: %v, want ErrFull", err)
	}
}

func TestBackoff(t *testing.T) {
	q := &Queue{opt: (&Options{InitialDelay: time.Minute, MaxDelay: time.Hour}).withDefaults()}
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
	for i, w := range want {
		if got := q.backoff(i + 1); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := q.backoff(1000); got != time.Hour {
		t.Errorf("backoff(1000) = %v", got)
	}
}

func TestReportKindString(t *testing.T) {
	for k, want := range map[ReportKind]string{Failed: "failed", Delayed: "delayed", 7: "ReportKind(7)"} {
		if got := k.String(); got != want {
			t.Errorf("%d: %q", int(k), got)
		}
	}
}

// Many senders at once: every message leaves exactly once.
func TestConcurrentSends(t *testing.T) {
	fr := newFakeRelay(nil)
	q := newQueue(t, &MemSpool{}, fr, nil, fastOpts())
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := q.Send(context.Background(), "a@example.com", []string{fmt.Sprintf("r%d@remote.example", i)}, msg); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	eventually(t, "the queue to empty", func() bool { return len(q.Entries()) == 0 })
	if calls, got := fr.snapshot(); len(calls) != 50 || len(got) != 50 {
		t.Errorf("%d calls, %d delivered", len(calls), len(got))
	}
}

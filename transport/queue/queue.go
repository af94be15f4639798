package queue

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// Defaults of Options.
const (
	DefaultInitialDelay     = time.Minute
	DefaultMaxDelay         = time.Hour
	DefaultGiveUpAfter      = 48 * time.Hour
	DefaultDelayReportAfter = 4 * time.Hour
	DefaultWorkers          = 4
	DefaultAttemptTimeout   = 5 * time.Minute
	DefaultMaxEntries       = 10000
	DefaultMaxBytes         = 1 << 30
)

// Options tune a Queue. The zero value of a field means its default.
type Options struct {
	// InitialDelay is the wait before the second attempt; each further
	// attempt waits twice as long as the one before, up to MaxDelay.
	InitialDelay time.Duration
	// MaxDelay caps the wait between attempts.
	MaxDelay time.Duration
	// GiveUpAfter is how long after queuing a recipient still pending is
	// failed (default 48 hours, Exchange's MessageExpirationTimeout).
	GiveUpAfter time.Duration
	// DelayReportAfter is how long after queuing the Reporter is told,
	// once, that recipients are still pending (default 4 hours,
	// Exchange's DelayNotificationTimeout); negative: never.
	DelayReportAfter time.Duration
	// Workers is the number of concurrent delivery attempts.
	Workers int
	// AttemptTimeout bounds one Relay call.
	AttemptTimeout time.Duration
	// MaxEntries and MaxBytes bound the messages held and their total
	// size; Send fails with ErrFull beyond them.
	MaxEntries int
	MaxBytes   int64
	// Logger receives the queue's events; nil means slog.Default().
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (o *Options) withDefaults() Options {
	var r Options
	if o != nil {
		r = *o
	}
	if r.InitialDelay <= 0 {
		r.InitialDelay = DefaultInitialDelay
	}
	if r.MaxDelay <= 0 {
		r.MaxDelay = DefaultMaxDelay
	}
	if r.MaxDelay < r.InitialDelay {
		r.MaxDelay = r.InitialDelay
	}
	if r.GiveUpAfter <= 0 {
		r.GiveUpAfter = DefaultGiveUpAfter
	}
	if r.DelayReportAfter == 0 {
		r.DelayReportAfter = DefaultDelayReportAfter
	}
	if r.Workers <= 0 {
		r.Workers = DefaultWorkers
	}
	if r.AttemptTimeout <= 0 {
		r.AttemptTimeout = DefaultAttemptTimeout
	}
	if r.MaxEntries <= 0 {
		r.MaxEntries = DefaultMaxEntries
	}
	if r.MaxBytes <= 0 {
		r.MaxBytes = DefaultMaxBytes
	}
	if r.Logger == nil {
		r.Logger = slog.Default()
	}
	if r.Now == nil {
		r.Now = time.Now
	}
	return r
}

// Relayer hands a message to the next hop (a smarthost).
type Relayer interface {
	// Relay offers raw from from (empty: the null reverse-path) to rcpts
	// in one transaction. results has one entry per recipient: nil when
	// the next hop accepted it (and the message), else why not. A
	// non-nil err fails the attempt for every recipient (no connection,
	// MAIL FROM or DATA refused) and results are ignored. Errors marked
	// with Permanent stop the queue trying; all others are retried.
	Relay(ctx context.Context, from string, rcpts []string, raw []byte) (results []error, err error)
}

// ReportKind says what a Report tells.
type ReportKind int

const (
	// Failed: the recipients will not get the message (a non-delivery
	// report, RFC 3464 Action "failed").
	Failed ReportKind = iota
	// Delayed: the recipients have not got the message yet and the queue
	// goes on trying (RFC 3464 Action "delayed").
	Delayed
)

// String returns "failed" or "delayed" (RFC 3464 2.3.3 action values).
func (k ReportKind) String() string {
	switch k {
	case Failed:
		return "failed"
	case Delayed:
		return "delayed"
	}
	return fmt.Sprintf("ReportKind(%d)", int(k))
}

// Report is a delivery status the sender should learn about.
type Report struct {
	Kind ReportKind
	// From is the message's reverse-path (never empty: the null
	// reverse-path gets no reports).
	From string
	// Queued is when the message was queued.
	Queued time.Time
	// Rcpts are the recipients concerned, with their last error.
	Rcpts []Recipient
	// Message is the queued message (nil if the Spool lost it).
	Message []byte
}

// Reporter tells senders about failed and delayed recipients.
type Reporter interface {
	// Report returns nil once the report is durably handed over; an
	// error makes the queue try again at the message's next attempt.
	Report(ctx context.Context, r *Report) error
}

// RcptState is the state of one recipient of a queued message.
type RcptState int

const (
	// Pending recipients are still being tried.
	Pending RcptState = iota
	// Undeliverable recipients failed for good; a Failed report is owed.
	Undeliverable
)

// Recipient is one envelope recipient of a queued message.
type Recipient struct {
	Addr  string    `json:"addr"`
	State RcptState `json:"state,omitempty"`
	// LastError is the text of the last failure ("" before any).
	LastError string `json:"lastError,omitempty"`
}

// Entry is a queued message's envelope and delivery state (the message
// itself is stored beside it in the Spool).
type Entry struct {
	// ID is unique in the queue and sorts in queuing order.
	ID     string    `json:"id"`
	From   string    `json:"from"`
	Queued time.Time `json:"queued"`
	// Size is the message's length in bytes.
	Size int64 `json:"size"`
	// Attempts counts delivery attempts made.
	Attempts int `json:"attempts"`
	// Next is when the next attempt is due.
	Next time.Time `json:"next"`
	// DelayReported is set once a Delayed report went out.
	DelayReported bool        `json:"delayReported,omitempty"`
	Rcpts         []Recipient `json:"rcpts"`
}

// Clone returns a deep copy of e.
func (e *Entry) Clone() *Entry {
	c := *e
	c.Rcpts = append([]Recipient(nil), e.Rcpts...)
	return &c
}

// Spool persists queued messages.
type Spool interface {
	// Add stores a new entry and its message in one step; once it
	// returns nil both survive a restart (for a persistent Spool).
	Add(ctx context.Context, e *Entry, raw []byte) error
	// Update replaces the stored entry of e.ID (not its message).
	Update(ctx context.Context, e *Entry) error
	// Message returns the message of entry id.
	Message(ctx context.Context, id string) ([]byte, error)
	// Remove deletes entry id and its message; removing what is not
	// there is not an error.
	Remove(ctx context.Context, id string) error
	// Entries returns every stored entry.
	Entries(ctx context.Context) ([]*Entry, error)
}

// Errors of Send.
var (
	// ErrFull: the queue holds Options.MaxEntries messages or
	// Options.MaxBytes bytes.
	ErrFull = errors.New("queue: full")
	// ErrClosed: the queue was closed.
	ErrClosed = errors.New("queue: closed")
)

// permanentError marks a permanent failure.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent marks err as a permanent failure (an SMTP 5xx reply): the
// queue stops trying the recipients it applies to. Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

// IsPermanent reports whether err was marked with Permanent.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

// Queue is a durable outbound queue. Its methods are safe for concurrent
// use.
type Queue struct {
	spool Spool
	relay Relayer
	rep   Reporter
	opt   Options
	log   *slog.Logger

	mu      sync.Mutex
	entries map[string]*slot
	bytes   int64
	closed  bool

	wake   chan struct{}
	work   chan *slot
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// slot is a queued entry in memory; busy while a worker has it.
type slot struct {
	e    *Entry
	busy bool
}

// New returns a queue over spool that resumes every entry spool holds
// and starts its workers. rep may be nil (failures are then only
// logged). Close stops it.
func New(spool Spool, relay Relayer, rep Reporter, opts *Options) (*Queue, error) {
	if spool == nil || relay == nil {
		return nil, errors.New("queue: New needs a Spool and a Relayer")
	}
	o := opts.withDefaults()
	q := &Queue{spool: spool, relay: relay, rep: rep, opt: o, log: o.Logger,
		entries: make(map[string]*slot), wake: make(chan struct{}, 1), work: make(chan *slot)}
	es, err := spool.Entries(context.Background())
	if err != nil {
		return nil, fmt.Errorf("queue: loading the spool: %w", err)
	}
	for _, e := range es {
		q.entries[e.ID] = &slot{e: e}
		q.bytes += e.Size
	}
	if len(es) > 0 {
		q.log.Info("queue: resumed", "messages", len(es))
	}
	q.ctx, q.cancel = context.WithCancel(context.Background())
	q.wg.Add(1 + o.Workers)
	go q.schedule()
	for range o.Workers {
		go q.worker()
	}
	return q, nil
}

// Send queues raw from from to rcpts and returns nil once the Spool holds
// it; it has the signature of ews.Sender. Duplicate recipients (compared
// case-insensitively) are queued once. No recipients: nothing is queued.
func (q *Queue) Send(ctx context.Context, from string, rcpts []string, raw []byte) error {
	var rs []Recipient
	seen := make(map[string]bool, len(rcpts))
	for _, r := range rcpts {
		k := strings.ToLower(r)
		if r == "" || seen[k] {
			continue
		}
		seen[k] = true
		rs = append(rs, Recipient{Addr: r})
	}
	if len(rs) == 0 {
		return nil
	}
	now := q.opt.Now()
	var rnd [6]byte
	rand.Read(rnd[:])
	e := &Entry{ID: fmt.Sprintf("%016x%s", now.UnixNano(), hex.EncodeToString(rnd[:])), From: from,
		Queued: now.UTC(), Size: int64(len(raw)), Next: now, Rcpts: rs}
	q.mu.Lock()
	switch {
	case q.closed:
		q.mu.Unlock()
		return ErrClosed
	case len(q.entries) >= q.opt.MaxEntries || q.bytes+e.Size > q.opt.MaxBytes:
		q.mu.Unlock()
		return ErrFull
	}
	// Reserve the room before the (slow) Spool write.
	q.bytes += e.Size
	sl := &slot{e: e, busy: true}
	q.entries[e.ID] = sl
	q.mu.Unlock()
	if err := q.spool.Add(ctx, e.Clone(), raw); err != nil {
		q.mu.Lock()
		delete(q.entries, e.ID)
		q.bytes -= e.Size
		q.mu.Unlock()
		return fmt.Errorf("queue: %w", err)
	}
	q.log.Info("queue: queued", "id", e.ID, "from", from, "rcpts", len(rs), "size", len(raw))
	q.mu.Lock()
	sl.busy = false
	q.mu.Unlock()
	q.poke()
	return nil
}

// Entries returns a snapshot of the queued entries in queuing order.
func (q *Queue) Entries() []*Entry {
	q.mu.Lock()
	out := make([]*Entry, 0, len(q.entries))
	for _, s := range q.entries {
		out = append(out, s.e.Clone())
	}
	q.mu.Unlock()
	sortEntries(out)
	return out
}

// RetryNow makes every queued entry due at once (an administrator's
// "retry queue").
func (q *Queue) RetryNow() {
	now := q.opt.Now()
	q.mu.Lock()
	for _, s := range q.entries {
		if !s.busy {
			s.e.Next = now
		}
	}
	q.mu.Unlock()
	q.poke()
}

// Close stops the workers, letting attempts in progress end (they are
// cancelled and count as temporary failures); the entries stay in the
// Spool for the next Queue. Close does not close the Spool.
func (q *Queue) Close() error {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return nil
	}
	q.closed = true
	q.mu.Unlock()
	q.cancel()
	q.wg.Wait()
	return nil
}

func (q *Queue) poke() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// schedule hands due entries to the workers and sleeps until the next
// one is due or something changes.
func (q *Queue) schedule() {
	defer q.wg.Done()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		now := q.opt.Now()
		var due []*slot
		var next time.Time
		q.mu.Lock()
		for _, s := range q.entries {
			if s.busy {
				continue
			}
			if !s.e.Next.After(now) {
				s.busy = true
				due = append(due, s)
			} else if next.IsZero() || s.e.Next.Before(next) {
				next = s.e.Next
			}
		}
		q.mu.Unlock()
		for i, s := range due {
			select {
			case q.work <- s:
			case <-q.ctx.Done():
				q.mu.Lock()
				for _, s := range due[i:] {
					s.busy = false
				}
				q.mu.Unlock()
				return
			}
		}
		if len(due) > 0 {
			continue // more may have come due meanwhile
		}
		wait := time.Hour
		if !next.IsZero() {
			wait = max(next.Sub(now), time.Millisecond)
		}
		timer.Reset(wait)
		select {
		case <-q.ctx.Done():
			return
		case <-q.wake:
		case <-timer.C:
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
	}
}

func (q *Queue) worker() {
	defer q.wg.Done()
	for {
		select {
		case <-q.ctx.Done():
			return
		case s := <-q.work:
			q.attempt(s)
		}
	}
}

// backoff is the wait after attempt n (n >= 1).
func (q *Queue) backoff(n int) time.Duration {
	d := q.opt.InitialDelay
	for i := 1; i < n && d < q.opt.MaxDelay; i++ {
		d *= 2
	}
	return min(d, q.opt.MaxDelay)
}

// attempt makes one delivery attempt of s's entry, then reports, saves
// and reschedules it. Only the worker holding s (busy) changes s.e.
func (q *Queue) attempt(s *slot) {
	e := s.e.Clone()
	// Spool and Reporter writes must finish even while closing, so that
	// the attempt's outcome is kept.
	bg := context.WithoutCancel(q.ctx)
	raw, rerr := q.spool.Message(bg, e.ID)
	var pending []string
	var idx []int
	for i, r := range e.Rcpts {
		if r.State == Pending {
			pending = append(pending, r.Addr)
			idx = append(idx, i)
		}
	}
	if len(pending) > 0 {
		var results []error
		err := rerr
		if err == nil {
			actx, cancel := context.WithTimeout(q.ctx, q.opt.AttemptTimeout)
			results, err = q.relay.Relay(actx, e.From, pending, raw)
			cancel()
			if err == nil && len(results) != len(pending) {
				err = fmt.Errorf("queue: relayer answered %d results for %d recipients", len(results), len(pending))
			}
		}
		e.Attempts++
		delivered := 0
		done := make([]bool, len(e.Rcpts))
		for k, i := range idx {
			rcErr := err
			if rcErr == nil {
				rcErr = results[k]
			}
			switch {
			case rcErr == nil:
				done[i] = true
				delivered++
			case IsPermanent(rcErr):
				e.Rcpts[i].State, e.Rcpts[i].LastError = Undeliverable, rcErr.Error()
			default:
				e.Rcpts[i].LastError = rcErr.Error()
			}
		}
		var kept []Recipient
		for i, r := range e.Rcpts {
			if !done[i] {
				kept = append(kept, r)
			}
		}
		e.Rcpts = kept
		q.log.Info("queue: attempt", "id", e.ID, "attempt", e.Attempts, "delivered", delivered, "left", len(kept), "err", err)
	}
	now := q.opt.Now()
	age := now.Sub(e.Queued)
	stillPending := 0
	for i := range e.Rcpts {
		if e.Rcpts[i].State != Pending {
			continue
		}
		if age >= q.opt.GiveUpAfter {
			e.Rcpts[i].State = Undeliverable
			e.Rcpts[i].LastError = fmt.Sprintf("gave up after %s: %s", q.opt.GiveUpAfter, e.Rcpts[i].LastError)
			continue
		}
		stillPending++
	}
	if stillPending > 0 && !e.DelayReported && q.opt.DelayReportAfter > 0 && age >= q.opt.DelayReportAfter {
		if e.From == "" || q.rep == nil {
			e.DelayReported = true
		} else if err := q.rep.Report(bg, &Report{Kind: Delayed, From: e.From, Queued: e.Queued, Rcpts: filter(e.Rcpts, Pending), Message: raw}); err != nil {
			q.log.Warn("queue: delay report failed", "id", e.ID, "err", err)
		} else {
			e.DelayReported = true
		}
	}
	if failed := filter(e.Rcpts, Undeliverable); len(failed) > 0 {
		var err error
		switch {
		case e.From == "":
			q.log.Warn("queue: undeliverable, null sender: no report", "id", e.ID, "rcpts", len(failed))
		case q.rep == nil:
			q.log.Warn("queue: undeliverable, no Reporter", "id", e.ID, "from", e.From, "rcpts", len(failed))
		default:
			err = q.rep.Report(bg, &Report{Kind: Failed, From: e.From, Queued: e.Queued, Rcpts: failed, Message: raw})
		}
		if err != nil {
			q.log.Warn("queue: failure report failed; retried at the next attempt", "id", e.ID, "err", err)
		} else {
			e.Rcpts = filter(e.Rcpts, Pending)
		}
	}
	e.Next = now.Add(q.backoff(max(e.Attempts, 1)))
	var serr error
	if len(e.Rcpts) == 0 {
		serr = q.spool.Remove(bg, e.ID)
	} else {
		serr = q.spool.Update(bg, e.Clone())
	}
	if serr != nil {
		q.log.Error("queue: spool", "id", e.ID, "err", serr)
	}
	q.mu.Lock()
	if len(e.Rcpts) == 0 {
		delete(q.entries, e.ID)
		q.bytes -= e.Size
	} else {
		s.e = e
		s.busy = false
	}
	q.mu.Unlock()
	q.poke()
}

// filter returns the recipients of rs in state st.
func filter(rs []Recipient, st RcptState) []Recipient {
	var out []Recipient
	for _, r := range rs {
		if r.State == st {
			out = append(out, r)
		}
	}
	return out
}

package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"net/mail"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
	"github.com/oxkit/oxkit/transport/queue"
)

// waitCaptured waits until s's queue is empty (if it has one), then
// checks the smarthost holds exactly n messages and returns them.
func waitCaptured(t *testing.T, s *server, c *captureSMTP, n int) []captured {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); s.queue != nil && len(s.queue.Entries()) > 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("queue not empty: %+v", s.queue.Entries())
		}
	}
	got := c.messages()
	if len(got) != n {
		t.Fatalf("smarthost got %d messages, want %d: %+v", len(got), n, got)
	}
	return got
}

// inboxReports returns the reports (message class REPORT.*) in owner's
// Inbox as their RFC 3464 per-recipient fields, after waiting for want of
// them.
func inboxReports(t *testing.T, s *server, owner string, want int) []reportSeen {
	t.Helper()
	ctx := context.Background()
	mb, err := s.store.OpenMailbox(ctx, owner)
	if err != nil {
		t.Fatal(err)
	}
	inbox, _ := mb.SpecialFolder(ctx, store.FolderInbox)
	var out []reportSeen
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		res, err := mb.(store.Tables).QueryMessages(ctx, inbox, &store.Query{Columns: []mapi.PropTag{mapi.PidTagMessageClass, mapi.PidTagSubject}})
		if err != nil {
			t.Fatal(err)
		}
		out = out[:0]
		for _, r := range res.Rows {
			cls, _ := r.Props[0].Value.(string)
			if !strings.HasPrefix(cls, "REPORT.") {
				continue
			}
			subj, _ := r.Props[1].Value.(string)
			out = append(out, reportSeen{Class: cls, Subject: subj, Rcpts: dsnFields(t, mb, r.Message)})
		}
		if len(out) >= want || time.Now().After(deadline) {
			break
		}
	}
	if len(out) != want {
		t.Fatalf("%s has %d reports, want %d: %+v", owner, len(out), want, out)
	}
	return out
}

type reportSeen struct {
	Class, Subject string
	// Rcpts maps Final-Recipient to its Action, Status and
	// Diagnostic-Code.
	Rcpts map[string][3]string
}

// dsnFields reads the message/delivery-status part of report mid (an
// attachment after import) as RFC 3464 2.3 per-recipient fields.
func dsnFields(t *testing.T, mb store.Mailbox, mid store.MID) map[string][3]string {
	t.Helper()
	m, err := mb.Message(context.Background(), mid, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][3]string{}
	for _, a := range m.Attachments {
		var mt string
		var data []byte
		for _, p := range a.Props {
			switch p.Tag {
			case mapi.PidTagAttachMimeTag:
				mt, _ = p.Value.(string)
			case mapi.PidTagAttachDataBinary:
				data, _ = p.Value.([]byte)
			}
		}
		if mt != "message/delivery-status" {
			continue
		}
		for _, group := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n\n") {
			h, err := textproto.NewReader(bufio.NewReader(strings.NewReader(group + "\n\n"))).ReadMIMEHeader()
			if err != nil {
				t.Fatalf("delivery-status group %q: %v", group, err)
			}
			if fr := h.Get("Final-Recipient"); fr != "" {
				out[strings.TrimSpace(strings.TrimPrefix(fr, "rfc822;"))] = [3]string{h.Get("Action"), h.Get("Status"), h.Get("Diagnostic-Code")}
			}
		}
	}
	return out
}

// Recipients refused temporarily are retried (only they) until the
// smarthost takes them; a recipient refused for good gets a
// non-delivery report at once; the send itself succeeds as soon as the
// message is queued.
func TestQueueRetriesTemporaryRefusal(t *testing.T) {
	cap := &captureSMTP{rejectRcpt: "gone@remote.example", tempRcpt: map[string]int{"later@remote.example": 2}, drops: 1}
	startCapture(t, cap, nil)
	s, _, _ := startTest(t, "-users", twoUsers(t), "-smarthost", cap.addr, "-queue-retry", "20ms", "-queue-max-retry", "50ms")
	doc := ewsCall(t, s, "user1@example.com", "secret", sendItem("Retry me", []string{"now@remote.example", "later@remote.example", "gone@remote.example"}, nil))
	if cls, code := responseClass(doc, "CreateItem"); cls != "Success" {
		t.Fatalf("CreateItem: %s %s", cls, code)
	}
	got := waitCaptured(t, s, cap, 2)
	if strings.Join(got[0].Rcpts, ",") != "now@remote.example" || strings.Join(got[1].Rcpts, ",") != "later@remote.example" {
		t.Errorf("relayed to %v then %v", got[0].Rcpts, got[1].Rcpts)
	}
	if !bytes.Equal(got[0].Data, got[1].Data) {
		t.Error("the retried copy differs from the first (Message-ID must be stable)")
	}
	reps := inboxReports(t, s, "user1@example.com", 1)
	r := reps[0]
	if r.Class != ndrClass || r.Subject != "Undeliverable: Retry me" {
		t.Errorf("report %s %q", r.Class, r.Subject)
	}
	if want := map[string][3]string{"gone@remote.example": {"failed", "5.1.1", "smtp; 550 5.1.1 No such user"}}; !equalRcpts(r.Rcpts, want) {
		t.Errorf("report recipients %v, want %v", r.Rcpts, want)
	}
}

func equalRcpts(a, b map[string][3]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// A recipient still refused when the message expires is reported failed
// (5.4.7, the last reply as diagnostic), after a delay notice.
func TestQueueExpiresWithNDRAfterDelayNotice(t *testing.T) {
	cap := &captureSMTP{tempRcpt: map[string]int{"slow@remote.example": 1 << 30}}
	startCapture(t, cap, nil)
	s, _, _ := startTest(t, "-users", twoUsers(t), "-smarthost", cap.addr, "-queue-retry", "10ms", "-queue-max-retry", "20ms",
		"-queue-delay-dsn", "1ms", "-queue-expire", "300ms")
	doc := ewsCall(t, s, "user1@example.com", "secret", sendItem("Slow", []string{"slow@remote.example"}, nil))
	if cls, code := responseClass(doc, "CreateItem"); cls != "Success" {
		t.Fatalf("CreateItem: %s %s", cls, code)
	}
	waitCaptured(t, s, cap, 0)
	reps := inboxReports(t, s, "user1@example.com", 2)
	byClass := map[string]reportSeen{}
	for _, r := range reps {
		byClass[r.Class] = r
	}
	d, f := byClass[delayedClass], byClass[ndrClass]
	if d.Subject != "Delivery delayed: Slow" || !equalRcpts(d.Rcpts, map[string][3]string{"slow@remote.example": {"delayed", "4.3.0", "smtp; 451 4.3.0 Try again later"}}) {
		t.Errorf("delay notice %+v", d)
	}
	if f.Subject != "Undeliverable: Slow" || !equalRcpts(f.Rcpts, map[string][3]string{"slow@remote.example": {"failed", "5.4.7", "smtp; 451 4.3.0 Try again later"}}) {
		t.Errorf("non-delivery report %+v", f)
	}
}

// A message queued while the smarthost refuses it survives a restart of
// the server (bolt store: DIR/outqueue.db) and leaves afterwards.
func TestQueueResumesAfterRestart(t *testing.T) {
	cap := &captureSMTP{tempRcpt: map[string]int{"bob@remote.example": 1 << 30}}
	startCapture(t, cap, nil)
	dir, users := t.TempDir(), twoUsers(t)
	run := func(retry string) (*server, context.CancelFunc) {
		cfg, err := parseFlags([]string{"-data", dir, "-https", "", "-http", "127.0.0.1:0", "-hostname", "localhost", "-store", "bolt",
			"-smtp", "", "-users", users, "-smarthost", cap.addr, "-queue-retry", retry}, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		cfg.logger = slog.New(slog.DiscardHandler)
		ctx, cancel := context.WithCancel(context.Background())
		s, err := start(ctx, cfg, io.Discard)
		if err != nil {
			cancel()
			t.Fatal(err)
		}
		return s, cancel
	}
	s, cancel := run("1h")
	doc := ewsCall(t, s, "user1@example.com", "secret", sendItem("Survive", []string{"bob@remote.example"}, nil))
	if cls, code := responseClass(doc, "CreateItem"); cls != "Success" {
		t.Fatalf("CreateItem: %s %s", cls, code)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if es := s.queue.Entries(); len(es) == 1 && es[0].Attempts == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no first attempt: %+v", s.queue.Entries())
		}
	}
	cancel()
	if err := s.wait(); err != nil {
		t.Fatal(err)
	}
	cap.mu.Lock()
	cap.tempRcpt = nil
	cap.mu.Unlock()
	s2, cancel2 := run("10ms")
	defer func() {
		cancel2()
		s2.wait()
	}()
	if es := s2.queue.Entries(); len(es) != 1 || es[0].From != "user1@example.com" {
		t.Fatalf("resumed %+v", es)
	}
	s2.queue.RetryNow()
	got := waitCaptured(t, s2, cap, 1)
	if pm, err := mail.ReadMessage(bytes.NewReader(got[0].Data)); err != nil || pm.Header.Get("Subject") != "Survive" {
		t.Fatalf("relayed %q: %v", got[0].Data, err)
	}
}

// Relay (the queue's Relayer) answers per recipient over STARTTLS with
// AUTH: 250 → nil, 451 → temporary, 550 → permanent; only the accepted
// recipients get the message.
func TestSmarthostRelayPerRecipient(t *testing.T) {
	cert, _, err := loadOrCreateCert(t.TempDir(), "localhost")
	if err != nil {
		t.Fatal(err)
	}
	cap := &captureSMTP{user: "relay", pass: "s3cret", rejectRcpt: "gone@remote.example", tempRcpt: map[string]int{"later@remote.example": 1}}
	startCapture(t, cap, &cert)
	sh := &smarthost{addr: cap.addr, user: "relay", pass: "s3cret", hostname: "oxkit.test",
		tls: &tls.Config{InsecureSkipVerify: true}, log: slog.New(slog.DiscardHandler), now: time.Now}
	raw := []byte("From: user1@example.com\r\nSubject: per rcpt\r\n\r\nbody\r\n")
	res, err := sh.Relay(context.Background(), "user1@example.com", []string{"now@remote.example", "later@remote.example", "gone@remote.example"}, raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 || res[0] != nil || res[1] == nil || queue.IsPermanent(res[1]) || !queue.IsPermanent(res[2]) {
		t.Fatalf("results %v", res)
	}
	if got := res[2].Error(); got != "550 5.1.1 No such user" {
		t.Errorf("permanent error text %q", got)
	}
	got := cap.messages()
	if len(got) != 1 || !got[0].TLS || got[0].User != "relay" || strings.Join(got[0].Rcpts, ",") != "now@remote.example" || !bytes.Equal(got[0].Data, raw) {
		t.Fatalf("captured %+v", got)
	}
	// No recipient accepted: no DATA, no message.
	res, err = sh.Relay(context.Background(), "user1@example.com", []string{"gone@remote.example"}, raw)
	if err != nil || len(res) != 1 || !queue.IsPermanent(res[0]) || len(cap.messages()) != 1 {
		t.Fatalf("all refused: %v %v, %d messages", res, err, len(cap.messages()))
	}
	// Wrong credentials fail the attempt as a whole, temporarily.
	sh.pass = "wrong"
	if _, err := sh.Relay(context.Background(), "user1@example.com", []string{"now@remote.example"}, raw); err == nil || queue.IsPermanent(err) {
		t.Fatalf("bad AUTH: %v", err)
	}
}

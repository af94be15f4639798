package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/oxkit/oxkit/ews"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/oxcmail"
	"github.com/oxkit/oxkit/store"
	"github.com/oxkit/oxkit/transport/queue"
	"github.com/oxkit/oxkit/transport/queue/boltspool"
)

// The smarthost queue (-queue, the default with -smarthost): EWS sends,
// rule forwards and automatic replies to remote recipients are stored in
// DIR/outqueue.db (bolt store; in memory with -store memory) before the
// send is acknowledged, and transport/queue relays them: recipients the
// smarthost refuses temporarily (4xx) or cannot be reached for are
// retried with exponential backoff (-queue-retry doubling up to
// -queue-max-retry), recipients refused for good (5xx) and those still
// pending after -queue-expire get a non-delivery report in the sender's
// Inbox, and after -queue-delay-dsn the sender learns once that delivery
// is delayed (REPORT.IPM.Note.Delayed.DR). A restart resumes the queue.
// -queue=false relays synchronously instead (transport.go).

// queueConfig is the queue's part of config.
type queueConfig struct {
	on                      bool
	retry, maxRetry, expire time.Duration
	// delayDSN 0 means no delay notices.
	delayDSN time.Duration
}

// delayedClass is the message class of a delay notice: gromox's oxcmail
// maps RFC 3464 action "delayed" to it, and Outlook shows it as a
// delivery report.
const delayedClass = "REPORT.IPM.Note.Delayed.DR"

// queuedSender is the ews.Sender in front of the queue: it prepares the
// message once (Message-ID, Date, no Bcc), so every attempt relays the
// same bytes.
type queuedSender struct {
	q        *queue.Queue
	hostname string
	now      func() time.Time
}

var _ ews.Sender = (*queuedSender)(nil)

// Send implements ews.Sender: nil once the message is in the queue.
func (s *queuedSender) Send(ctx context.Context, from string, rcpts []string, raw []byte) error {
	if len(rcpts) == 0 {
		return nil
	}
	return s.q.Send(ctx, from, rcpts, prepareOutbound(raw, s.hostname, s.now()))
}

var _ queue.Relayer = (*smarthost)(nil)

// Relay implements queue.Relayer: one SMTP transaction with a result per
// recipient. 5xx replies are permanent, everything else (4xx, no
// connection, TLS or AUTH trouble) temporary. A failing DATA applies to
// the recipients accepted before it.
func (s *smarthost) Relay(ctx context.Context, from string, rcpts []string, raw []byte) ([]error, error) {
	c, tlsOn, err := s.dial(ctx)
	if err != nil {
		return nil, fmt.Errorf("smarthost %s: %w", s.addr, err)
	}
	defer c.Close()
	if s.user != "" {
		if !tlsOn && !loopbackAddr(s.addr) {
			return nil, fmt.Errorf("smarthost %s: refusing to send credentials without TLS", s.addr)
		}
		if err := c.Auth(sasl.NewPlainClient("", s.user, s.pass)); err != nil {
			return nil, fmt.Errorf("smarthost %s: AUTH: %s", s.addr, smtpText(err)) // a configuration matter: retried
		}
	}
	var mo *smtp.MailOptions
	if !isASCII(from) || !allASCII(rcpts) {
		mo = &smtp.MailOptions{UTF8: true}
	}
	if err := c.Mail(from, mo); err != nil {
		return nil, smtpResult(err)
	}
	res := make([]error, len(rcpts))
	accepted := 0
	for i, r := range rcpts {
		if res[i] = smtpResult(c.Rcpt(r, nil)); res[i] == nil {
			accepted++
		}
	}
	if accepted == 0 {
		c.Quit()
		return res, nil
	}
	dataErr := func(err error) []error {
		for i := range res {
			if res[i] == nil {
				res[i] = smtpResult(err)
			}
		}
		return res
	}
	w, err := c.Data()
	if err != nil {
		return dataErr(err), nil
	}
	if _, err := w.Write(raw); err != nil {
		return dataErr(err), nil
	}
	if err := w.Close(); err != nil {
		return dataErr(err), nil
	}
	s.log.Info("relayed", "smarthost", s.addr, "from", from, "accepted", accepted, "rcpts", len(rcpts), "size", len(raw))
	c.Quit()
	return res, nil
}

// smtpResult turns a client error into the queue's terms: nil stays nil,
// a 5xx reply is permanent, anything else temporary. The text is the
// reply ("550 5.1.1 ...") for the report's Diagnostic-Code.
func smtpResult(err error) error {
	if err == nil {
		return nil
	}
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		e := errors.New(smtpText(err))
		if se.Code/100 == 5 {
			return queue.Permanent(e)
		}
		return e
	}
	return err
}

// smtpText renders an SMTP error as its reply line.
func smtpText(err error) string {
	var se *smtp.SMTPError
	if !errors.As(err, &se) {
		return err.Error()
	}
	s := fmt.Sprintf("%03d", se.Code)
	if c := se.EnhancedCode; c != smtp.NoEnhancedCode && c != smtp.EnhancedCodeNotSet {
		s += fmt.Sprintf(" %d.%d.%d", c[0], c[1], c[2])
	}
	return s + " " + oneLine(se.Message)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func allASCII(ss []string) bool {
	for _, s := range ss {
		if !isASCII(s) {
			return false
		}
	}
	return true
}

// queueReporter delivers the queue's reports to local senders: a
// non-delivery report (REPORT.IPM.Note.NDR) for failed recipients, a
// delay notice for delayed ones. Senders without a mailbox here get
// nothing (logged): reports are not relayed.
type queueReporter struct {
	d *deliverer
	// expire is the queue's give-up age (Will-Retry-Until).
	expire time.Duration
}

var _ queue.Reporter = (*queueReporter)(nil)

// enhancedRE finds an RFC 3463 enhanced status code in a reply.
var enhancedRE = regexp.MustCompile(`\b([245])\.(\d{1,3})\.(\d{1,3})\b`)

// Report implements queue.Reporter.
func (r *queueReporter) Report(ctx context.Context, rep *queue.Report) error {
	owner, err := r.d.lookupLocal(ctx, rep.From)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			r.d.log.Warn("queue: sender not local, no report", "from", rep.From, "kind", rep.Kind, "rcpts", len(rep.Rcpts))
			return nil
		}
		return err
	}
	action, class, want := dsnFailed, ndrClass, "5"
	var until time.Time
	if rep.Kind == queue.Delayed {
		action, class, want = dsnDelayed, delayedClass, "4"
		until = rep.Queued.Add(r.expire)
	}
	rs := make([]dsnRcpt, len(rep.Rcpts))
	for i, rc := range rep.Rcpts {
		rs[i] = dsnRcpt{addr: rc.Addr, text: rc.LastError}
		reply := rc.LastError
		if j := strings.LastIndex(reply, ": "); j >= 0 && strings.HasPrefix(reply, "gave up after ") {
			reply = reply[j+2:]
		}
		if len(reply) >= 3 && strings.Trim(reply[:3], "0123456789") == "" {
			rs[i].diag = reply
		}
		switch m := enhancedRE.FindStringSubmatch(reply); {
		case m != nil && m[1] == want:
			rs[i].status = m[0]
		case rep.Kind == queue.Failed && strings.HasPrefix(rc.LastError, "gave up after "):
			rs[i].status = "5.4.7" // delivery time expired (RFC 3463 3.5)
		case rep.Kind == queue.Failed:
			rs[i].status = "5.0.0"
		default:
			rs[i].status = "4.4.7"
		}
	}
	raw := buildDSN(r.d.hostname, owner, action, rs, until, rep.Message, r.d.now())
	msg, err := oxcmail.Import(raw, &oxcmail.Options{MaxMessageBytes: maxDeliveryBytes})
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	setMsgProp(msg, mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: class})
	setMsgProp(msg, mapi.PropValue{Tag: mapi.PidTagMessageDeliveryTime, Value: r.d.now().UTC().Truncate(time.Second)})
	return r.d.deliverOne(ctx, owner, msg)
}

// startQueue opens the spool and starts the queue relaying through sh.
// The returned closer stops the queue, then closes the spool.
func (s *server) startQueue(sh *smarthost, d *deliverer) (ews.Sender, func() error, error) {
	var sp queue.Spool = &queue.MemSpool{}
	closeSpool := func() error { return nil }
	if s.cfg.storeKind != "memory" {
		bs, err := boltspool.Open(filepath.Join(s.cfg.dataDir, "outqueue.db"), nil)
		if err != nil {
			return nil, nil, err
		}
		sp, closeSpool = bs, bs.Close
	}
	qc := s.cfg.queue
	q, err := queue.New(sp, sh, &queueReporter{d: d, expire: qc.expire}, &queue.Options{
		InitialDelay: qc.retry, MaxDelay: qc.maxRetry, GiveUpAfter: qc.expire, DelayReportAfter: cmp.Or(qc.delayDSN, -1),
		Logger: s.log,
	})
	if err != nil {
		closeSpool()
		return nil, nil, err
	}
	s.queue = q
	closer := func() error {
		q.Close()
		return closeSpool()
	}
	return &queuedSender{q: q, hostname: s.cfg.hostname, now: time.Now}, closer, nil
}

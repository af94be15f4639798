package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"os"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/oxkit/oxkit/ews"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/oxcmail"
)

// Outbound transport of the example server: what ews.Handler.Sender
// receives (messages from local users to recipients without a mailbox in
// the store, rule forwards, meeting messages, automatic replies).
//
// With -smarthost such messages go into the smarthost queue
// (outqueue.go): the send succeeds once the message is stored, and the
// queue relays, retries and reports. With -queue=false every message is
// handed to the smarthost synchronously instead: Send returns nil only
// once the smarthost answered 250 to the DATA, so EWS reports success
// only for mail that left. Without
// -smarthost the server has nowhere to send it and does what Exchange
// does for undeliverable mail: it accepts the submission and puts a
// non-delivery report (REPORT.IPM.Note.NDR, a multipart/report of RFC
// 6522 with a message/delivery-status part of RFC 3464) into the
// sender's Inbox, naming each recipient and the reason.

// smarthostTimeout bounds one hand-off to the smarthost.
const smarthostTimeout = 2 * time.Minute

// smarthost relays through an SMTP server: as the ews.Sender itself
// (Send, synchronous, all or nothing) or as the queue's Relayer (Relay,
// per recipient; outqueue.go).
type smarthost struct {
	// addr is host:port of the smarthost.
	addr string
	// user and pass, if user is non-empty, authenticate with AUTH PLAIN.
	// Credentials are sent only over TLS (STARTTLS) or to a loopback
	// smarthost.
	user, pass string
	// hostname is our EHLO name and the domain of generated Message-IDs.
	hostname string
	// tls is the STARTTLS configuration; nil means the system roots with
	// the smarthost's host name.
	tls *tls.Config
	log *slog.Logger
	now func() time.Time
}

var _ ews.Sender = (*smarthost)(nil)

// Send relays raw from from to rcpts. STARTTLS is used when the
// smarthost offers it. Any refusal (a recipient, the sender, the data)
// fails the whole message, as the caller reports one result per item.
func (s *smarthost) Send(ctx context.Context, from string, rcpts []string, raw []byte) error {
	if len(rcpts) == 0 {
		return nil
	}
	raw = prepareOutbound(raw, s.hostname, s.now())
	ctx, cancel := context.WithTimeout(ctx, smarthostTimeout)
	defer cancel()
	c, tlsOn, err := s.dial(ctx)
	if err != nil {
		return fmt.Errorf("smarthost %s: %w", s.addr, err)
	}
	defer c.Close()
	if s.user != "" {
		if !tlsOn && !loopbackAddr(s.addr) {
			return fmt.Errorf("smarthost %s: refusing to send credentials without TLS", s.addr)
		}
		if err := c.Auth(sasl.NewPlainClient("", s.user, s.pass)); err != nil {
			return fmt.Errorf("smarthost %s: AUTH: %w", s.addr, err)
		}
	}
	if err := c.SendMail(from, rcpts, bytes.NewReader(raw)); err != nil {
		return fmt.Errorf("smarthost %s: %w", s.addr, err)
	}
	s.log.Info("relayed", "smarthost", s.addr, "from", from, "rcpts", len(rcpts), "size", len(raw))
	c.Quit()
	return nil
}

// dial connects to the smarthost and says EHLO, with STARTTLS when the
// smarthost offers it. go-smtp starts TLS only on a fresh client, so an
// offer seen on the first connection is taken up on a second one.
func (s *smarthost) dial(ctx context.Context) (*smtp.Client, bool, error) {
	conn, err := s.connect(ctx)
	if err != nil {
		return nil, false, err
	}
	c := smtp.NewClient(conn)
	if err := c.Hello(s.hostname); err != nil {
		c.Close()
		return nil, false, err
	}
	if ok, _ := c.Extension("STARTTLS"); !ok {
		return c, false, nil
	}
	c.Quit()
	c.Close()
	if conn, err = s.connect(ctx); err != nil {
		return nil, false, err
	}
	cfg := s.tls
	if cfg == nil {
		host, _, _ := net.SplitHostPort(s.addr)
		cfg = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	if c, err = smtp.NewClientStartTLS(conn, cfg); err != nil {
		return nil, false, fmt.Errorf("STARTTLS: %w", err)
	}
	if err := c.Hello(s.hostname); err != nil {
		c.Close()
		return nil, false, err
	}
	return c, true, nil
}

func (s *smarthost) connect(ctx context.Context) (net.Conn, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return nil, err
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	return conn, nil
}

// loopbackAddr reports whether host:port names a loopback host.
func loopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// readSmarthostAuth returns the "user:pass" credentials of -smarthost-auth
// FILE (first line of the file), else of $OXKIT_SMARTHOST_AUTH; empty
// user means none.
func readSmarthostAuth(file string) (user, pass string, err error) {
	v := os.Getenv("OXKIT_SMARTHOST_AUTH")
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", "", fmt.Errorf("smarthost auth: %w", err)
		}
		v, _, _ = strings.Cut(string(b), "\n")
	}
	v = strings.TrimRight(v, "\r\n")
	if v == "" {
		return "", "", nil
	}
	user, pass, ok := strings.Cut(v, ":")
	if !ok || user == "" {
		return "", "", errors.New(`smarthost auth: want "user:password"`)
	}
	return user, pass, nil
}

// prepareOutbound returns raw ready to leave the server: a Bcc field is
// removed from the header (RFC 5322 3.6.3: the recipients must not see
// it), and Message-ID and Date are added when missing (RFC 5322 3.6.1,
// 3.6.4; RFC 6409 8.2-8.3 lets a submission server add both).
func prepareOutbound(raw []byte, hostname string, now time.Time) []byte {
	end := bytes.Index(raw, []byte("\r\n\r\n"))
	sep := 4
	if end < 0 {
		if end = bytes.Index(raw, []byte("\n\n")); end < 0 {
			end, sep = len(raw), 0
		} else {
			sep = 2
		}
	}
	var out bytes.Buffer
	out.Grow(len(raw) + 128)
	hasID, hasDate, skip := false, false, false
	for line := range bytes.SplitSeq(raw[:end], []byte("\n")) {
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 {
			continue // only the input without a header has an empty "line"
		}
		if line[0] == ' ' || line[0] == '\t' {
			if !skip {
				out.Write(line)
				out.WriteString("\r\n")
			}
			continue
		}
		name, _, _ := bytes.Cut(line, []byte(":"))
		name = bytes.TrimSpace(name)
		skip = bytes.EqualFold(name, []byte("Bcc"))
		if skip {
			continue
		}
		hasID = hasID || bytes.EqualFold(name, []byte("Message-ID"))
		hasDate = hasDate || bytes.EqualFold(name, []byte("Date"))
		out.Write(line)
		out.WriteString("\r\n")
	}
	if !hasDate {
		fmt.Fprintf(&out, "Date: %s\r\n", now.Format(time.RFC1123Z))
	}
	if !hasID {
		fmt.Fprintf(&out, "Message-ID: %s\r\n", newMessageID(hostname))
	}
	out.WriteString("\r\n")
	if sep > 0 {
		out.Write(raw[end+sep:])
	}
	return out.Bytes()
}

// newMessageID returns a fresh msg-id (RFC 5322 3.6.4) in domain.
func newMessageID(domain string) string {
	var rnd [12]byte
	rand.Read(rnd[:])
	if domain == "" {
		domain = "localhost"
	}
	return fmt.Sprintf("<%x@%s>", rnd, domain)
}

// ndrSender is the ews.Sender without a smarthost: it delivers a
// non-delivery report to the sender when the sender has a local mailbox,
// and logs the drop otherwise (the NDR of an NDR is never sent).
type ndrSender struct {
	d *deliverer
	// reason is the diagnostic put in the report.
	reason string
}

var _ ews.Sender = (*ndrSender)(nil)

// Send implements ews.Sender. It returns nil once the report is
// committed to the sender's mailbox (the submission is accepted, as
// Exchange accepts it and reports the failure by NDR).
func (n *ndrSender) Send(ctx context.Context, from string, rcpts []string, raw []byte) error {
	if len(rcpts) == 0 {
		return nil
	}
	n.d.log.Warn("no smarthost: remote recipients not reachable", "from", from, "rcpts", rcpts)
	if from == "" {
		return nil // null reverse-path: no report (RFC 5321 4.5.5)
	}
	owner, err := n.d.lookupLocal(ctx, from)
	if err != nil {
		n.d.log.Warn("no smarthost: sender not local, no report", "from", from, "err", err)
		return nil
	}
	report := buildNDR(n.d.hostname, owner, rcpts, n.reason, raw, n.d.now())
	msg, err := oxcmail.Import(report, &oxcmail.Options{MaxMessageBytes: maxDeliveryBytes})
	if err != nil {
		return fmt.Errorf("ndr: %w", err)
	}
	setMsgProp(msg, mapi.PropValue{Tag: mapi.PidTagMessageClass, Value: ndrClass})
	setMsgProp(msg, mapi.PropValue{Tag: mapi.PidTagMessageDeliveryTime, Value: n.d.now().UTC().Truncate(time.Second)})
	return n.d.deliverOne(ctx, owner, msg)
}

// ndrClass is the message class of a non-delivery report ([MS-OXOMSG]
// 2.2.1.1 / [MS-OXCMAIL] 2.2.3.2.10 "REPORT.IPM.Note.NDR").
const ndrClass = "REPORT.IPM.Note.NDR"

func setMsgProp(m *oxcmail.Message, v mapi.PropValue) {
	for i, p := range m.Props {
		if p.Tag.ID() == v.Tag.ID() {
			m.Props[i] = v
			return
		}
	}
	m.Props = append(m.Props, v)
}

// ndrStatus is the enhanced status code of the report: 5.4.4 "Unable
// to route" (RFC 3463), as there is no route off this server.
const ndrStatus = "5.4.4"

// buildNDR returns a delivery status notification (RFC 3464 inside an
// RFC 6522 multipart/report) telling to that rcpts were not reached,
// carrying the original header as text/rfc822-headers.
func buildNDR(hostname, to string, rcpts []string, reason string, orig []byte, now time.Time) []byte {
	rs := make([]dsnRcpt, len(rcpts))
	for i, r := range rcpts {
		rs[i] = dsnRcpt{addr: r, status: ndrStatus, diag: "550 " + ndrStatus + " " + reason, text: reason}
	}
	return buildDSN(hostname, to, dsnFailed, rs, time.Time{}, orig, now)
}

// dsnRcpt is one recipient's part of a delivery status notification.
type dsnRcpt struct {
	addr string
	// status is the RFC 3463 enhanced status code.
	status string
	// diag is the next hop's SMTP reply ("" when there was none).
	diag string
	// text is the reason for the human-readable part.
	text string
}

// dsnFailed and dsnDelayed are RFC 3464 2.3.3 action values.
const (
	dsnFailed  = "failed"
	dsnDelayed = "delayed"
)

// buildDSN returns a delivery status notification (RFC 3464 inside an
// RFC 6522 multipart/report) with action for rcpts, addressed to to and
// carrying the original header as text/rfc822-headers. retryUntil, for
// a delayed notice, is when the server stops trying (RFC 3464 2.3.9).
func buildDSN(hostname, to, action string, rcpts []dsnRcpt, retryUntil time.Time, orig []byte, now time.Time) []byte {
	var bnd [12]byte
	rand.Read(bnd[:])
	boundary := fmt.Sprintf("ndr-%x", bnd)
	origHdr := orig
	if i := bytes.Index(orig, []byte("\r\n\r\n")); i >= 0 {
		origHdr = orig[:i+2]
	} else if i := bytes.Index(orig, []byte("\n\n")); i >= 0 {
		origHdr = orig[:i+1]
	}
	subj := "(no subject)"
	if m, err := oxcmail.Import(append(append([]byte(nil), origHdr...), "\r\n"...), nil); err == nil {
		if s, _ := m.Prop(mapi.PidTagSubject).(string); s != "" {
			subj = s
		}
	}
	prefix, intro := "Undeliverable: ", "Your message couldn't be delivered to these recipients:"
	if action == dsnDelayed {
		prefix = "Delivery delayed: "
		intro = "Delivery of your message to these recipients has been delayed. No action is required on your part; the server will keep trying"
		if !retryUntil.IsZero() {
			intro += " until " + retryUntil.Format(time.RFC1123Z)
		}
		intro += ":"
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: Mail Delivery System <MAILER-DAEMON@%s>\r\n", hostname)
	fmt.Fprintf(&b, "To: <%s>\r\n", to)
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", prefix+subj))
	fmt.Fprintf(&b, "Date: %s\r\n", now.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: %s\r\n", newMessageID(hostname))
	b.WriteString("Auto-Submitted: auto-replied\r\n")
	b.WriteString("MIME-Version: 1.0\r\n")
	fmt.Fprintf(&b, "Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"%s\"\r\n\r\n", boundary)
	fmt.Fprintf(&b, "--%s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n", boundary)
	b.WriteString(intro + "\r\n\r\n")
	same := true
	for _, r := range rcpts {
		same = same && r.text == rcpts[0].text
	}
	for _, r := range rcpts {
		if same {
			fmt.Fprintf(&b, "  %s\r\n", r.addr)
		} else {
			fmt.Fprintf(&b, "  %s: %s\r\n", r.addr, r.text)
		}
	}
	if same && len(rcpts) > 0 {
		fmt.Fprintf(&b, "\r\nReason: %s\r\n", rcpts[0].text)
	}
	b.WriteString("\r\n")
	fmt.Fprintf(&b, "--%s\r\nContent-Type: message/delivery-status\r\n\r\n", boundary)
	fmt.Fprintf(&b, "Reporting-MTA: dns; %s\r\nArrival-Date: %s\r\n", hostname, now.Format(time.RFC1123Z))
	for _, r := range rcpts {
		fmt.Fprintf(&b, "\r\nFinal-Recipient: rfc822; %s\r\nAction: %s\r\nStatus: %s\r\n", r.addr, action, r.status)
		if r.diag != "" {
			fmt.Fprintf(&b, "Diagnostic-Code: smtp; %s\r\n", oneLine(r.diag))
		}
		if action == dsnDelayed && !retryUntil.IsZero() {
			fmt.Fprintf(&b, "Will-Retry-Until: %s\r\n", retryUntil.Format(time.RFC1123Z))
		}
	}
	fmt.Fprintf(&b, "\r\n--%s\r\nContent-Type: text/rfc822-headers\r\n\r\n", boundary)
	b.Write(origHdr)
	fmt.Fprintf(&b, "\r\n--%s--\r\n", boundary)
	return b.Bytes()
}

// oneLine replaces line breaks so that s fits in one header field.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// outboundSender returns the server's ews.Sender: the smarthost queue
// (outqueue.go) when a smarthost is configured, the smarthost itself
// with -queue=false, else the NDR generator.
func (s *server) outboundSender(d *deliverer) (ews.Sender, error) {
	if s.cfg.smarthost == "" {
		return &ndrSender{d: d, reason: "No route to remote domains: this server has no smarthost configured."}, nil
	}
	user, pass, err := readSmarthostAuth(s.cfg.smarthostAuth)
	if err != nil {
		return nil, err
	}
	sh := &smarthost{addr: s.cfg.smarthost, user: user, pass: pass, hostname: s.cfg.hostname, log: s.log, now: time.Now}
	if !s.cfg.queue.on {
		return sh, nil
	}
	sender, closer, err := s.startQueue(sh, d)
	if err != nil {
		return nil, fmt.Errorf("smarthost queue: %w", err)
	}
	s.closers = append(s.closers, closer)
	return sender, nil
}

// initTransport sets up local delivery and the outbound Sender, shared
// by the EWS handler and the SMTP/LMTP listeners.
func (s *server) initTransport() error {
	d := &deliverer{store: s.store, hostname: s.cfg.hostname, log: s.log, now: time.Now}
	sender, err := s.outboundSender(d)
	if err != nil {
		return err
	}
	h := &ews.Handler{Store: s.store, Logger: s.log, Sender: sender}
	d.rules = h.RuleExecutor()
	d.autoReply = h.AutoReply
	d.meetings = h.ProcessMeeting
	s.deliv, s.sender = d, sender
	s.closers = append(s.closers, s.startOofSweep(h, oofSweepInterval))
	return nil
}

package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/oxkit/oxkit/ews"
	"github.com/oxkit/oxkit/ical/mailhook"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/oxcmail"
	"github.com/oxkit/oxkit/store"
	"github.com/oxkit/oxkit/store/rules"
)

// maxDeliveryBytes bounds one delivered message.
const maxDeliveryBytes = 32 << 20

// deliverer stores incoming mail in local mailboxes: it imports the MIME
// with oxcmail once and creates the message in each recipient's receive
// folder. A recipient counts as delivered only once its store has
// committed the message.
type deliverer struct {
	store    store.Store
	hostname string
	log      *slog.Logger
	now      func() time.Time
	// rules runs the Inbox rules after each committed delivery (nil:
	// none); see rules.go.
	rules *rules.Executor
	// meetings runs the calendar assistant on committed meeting
	// messages, before the rules (nil: none); see meetings.go.
	meetings meetingProcessor
	// autoReply sends the Out of Office reply after each committed
	// delivery (nil: none); ews.Handler.AutoReply.
	autoReply func(ctx context.Context, mb store.Mailbox, mid store.MID) (bool, error)
}

// lookupLocal returns the primary address of a local user, or an error
// wrapping store.ErrNotFound.
func (d *deliverer) lookupLocal(ctx context.Context, addr string) (string, error) {
	dir, ok := d.store.(store.Directory)
	if !ok {
		return "", errors.New("store has no directory")
	}
	e, err := dir.LookupUser(ctx, addr)
	if err != nil {
		return "", err
	}
	if e.Kind != store.EntryUser {
		// Distribution lists are expanded by the caller.
		return "", fmt.Errorf("%s is not a mailbox: %w", addr, store.ErrNotFound)
	}
	return e.SMTPAddress, nil
}

// expand returns the mailbox addresses of addr: itself for a user, the
// members for a distribution list.
func (d *deliverer) expand(ctx context.Context, addr string) ([]string, error) {
	dir, ok := d.store.(store.Directory)
	if !ok {
		return nil, errors.New("store has no directory")
	}
	e, err := dir.LookupUser(ctx, addr)
	if err != nil {
		return nil, err
	}
	if e.Kind == store.EntryUser {
		return []string{e.SMTPAddress}, nil
	}
	members, err := dir.Members(ctx, e.SMTPAddress)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range members {
		if m.Kind == store.EntryUser {
			out = append(out, m.SMTPAddress)
		}
	}
	return out, nil
}

// deliver imports raw once and stores it for each mailbox. It returns one
// error per mailbox (nil where the store committed).
func (d *deliverer) deliver(ctx context.Context, raw []byte, mailboxes []string) ([]error, error) {
	msg, err := oxcmail.Import(raw, &oxcmail.Options{MaxMessageBytes: maxDeliveryBytes, Calendar: mailhook.Hook{}})
	if err != nil {
		return nil, err
	}
	now := d.now().UTC()
	if _, ok := msg.Prop(mapi.PidTagMessageDeliveryTime).(time.Time); !ok {
		msg.Props = append(msg.Props, mapi.PropValue{Tag: mapi.PidTagMessageDeliveryTime, Value: now})
	}
	errs := make([]error, len(mailboxes))
	for i, owner := range mailboxes {
		errs[i] = d.deliverOne(ctx, owner, msg)
	}
	return errs, nil
}

func (d *deliverer) deliverOne(ctx context.Context, owner string, msg *oxcmail.Message) error {
	mb, err := d.store.OpenMailbox(ctx, owner)
	if err != nil {
		return err
	}
	sm, err := toStoreMessage(ctx, mb, msg)
	if err != nil {
		return err
	}
	sm.NewMail = true
	ews.MarkReceiptPending(&sm.Props) // a read receipt is owed (ews/readreceipt.go)
	class, _ := msg.Prop(mapi.PidTagMessageClass).(string)
	fid, _, err := mb.ReceiveFolder(ctx, class)
	if err != nil {
		return err
	}
	info, err := mb.CreateMessage(ctx, fid, sm)
	if err != nil {
		return err
	}
	d.log.Info("delivered", "to", owner, "mid", info.ID, "size", info.Size)
	if d.processMeeting(ctx, mb, fid, info.ID, class) {
		d.runRules(ctx, mb, fid, info.ID)
	}
	return nil
}

// toStoreMessage converts an oxcmail message for mb, mapping its named
// properties to the mailbox's IDs.
func toStoreMessage(ctx context.Context, mb store.Mailbox, m *oxcmail.Message) (*store.Message, error) {
	props, err := withNamed(ctx, mb, m.Props, m.Named)
	if err != nil {
		return nil, err
	}
	sm := &store.Message{Props: props}
	for _, r := range m.Recipients {
		sm.Recipients = append(sm.Recipients, store.Recipient{Props: r.Props})
	}
	for _, a := range m.Attachments {
		ap, err := withNamed(ctx, mb, a.Props, a.Named)
		if err != nil {
			return nil, err
		}
		sa := store.Attachment{Props: ap}
		if a.Embedded != nil {
			if sa.Embedded, err = toStoreMessage(ctx, mb, a.Embedded); err != nil {
				return nil, err
			}
		}
		sm.Attachments = append(sm.Attachments, sa)
	}
	return sm, nil
}

func withNamed(ctx context.Context, mb store.Mailbox, props []mapi.PropValue, named []oxcmail.NamedValue) ([]mapi.PropValue, error) {
	if len(named) == 0 {
		return props, nil
	}
	np, ok := mb.(store.NamedProperties)
	if !ok {
		return props, nil // a store without named properties keeps the tagged ones
	}
	names := make([]mapi.PropertyName, len(named))
	for i, n := range named {
		names[i] = n.Name
	}
	ids, err := np.PropIDs(ctx, names, true)
	if err != nil {
		return nil, err
	}
	out := append([]mapi.PropValue(nil), props...)
	for i, n := range named {
		out = append(out, mapi.PropValue{Tag: mapi.NewPropTag(ids[i], n.Type), Value: n.Value})
	}
	return out, nil
}

// smtpBackend is the go-smtp backend of the delivery listener.
type smtpBackend struct {
	d *deliverer
}

func (b *smtpBackend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &smtpSession{d: b.d, conn: c}, nil
}

type smtpSession struct {
	d     *deliverer
	conn  *smtp.Conn
	from  string
	rcpts []string // as given, in order
	boxes [][]string
}

func (s *smtpSession) Reset()        { s.from, s.rcpts, s.boxes = "", nil, nil }
func (s *smtpSession) Logout() error { return nil }

func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}

func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	boxes, err := s.d.expand(context.Background(), to)
	if errors.Is(err, store.ErrNotFound) || (err == nil && len(boxes) == 0) {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here: " + to}
	}
	if err != nil {
		s.d.log.Error("smtp rcpt lookup", "rcpt", to, "err", err)
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Temporary lookup failure"}
	}
	s.rcpts = append(s.rcpts, to)
	s.boxes = append(s.boxes, boxes)
	return nil
}

// read reads the message, prepending our Received field.
func (s *smtpSession) read(r io.Reader) ([]byte, error) {
	var buf bytes.Buffer
	remote := ""
	helo := ""
	if s.conn != nil {
		if a, ok := s.conn.Conn().RemoteAddr().(*net.TCPAddr); ok {
			remote = a.IP.String()
		}
		helo = s.conn.Hostname()
	}
	var id [6]byte
	rand.Read(id[:])
	// RFC 5321 4.4: the final delivery records the reverse-path; an
	// empty one (a bounce) is what automatic replies must not answer.
	fmt.Fprintf(&buf, "Return-Path: <%s>\r\n", sanitizePath(s.from))
	fmt.Fprintf(&buf, "Received: from %s ([%s])\r\n\tby %s (oxkit) with ESMTP id %x;\r\n\t%s\r\n",
		sanitize(helo), remote, s.d.hostname, id, s.d.now().Format(time.RFC1123Z))
	if _, err := io.Copy(&buf, r); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sanitizePath drops what cannot be in a header line from an address.
func sanitizePath(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7F || r == '<' || r == '>' {
			return -1
		}
		return r
	}, s)
}

func sanitize(s string) string {
	s = strings.Map(func(r rune) rune {
		if r <= ' ' || r >= 0x7F || r == '(' || r == ')' || r == '[' || r == ']' {
			return -1
		}
		return r
	}, s)
	if s == "" {
		return "unknown"
	}
	return s
}

// Data delivers to every accepted recipient and answers 250 only when
// every mailbox committed; otherwise 451, so the sender retries (a
// recipient that did commit may then see the message twice — never none).
func (s *smtpSession) Data(r io.Reader) error {
	raw, err := s.read(r)
	if err != nil {
		return err
	}
	var all []string
	for _, b := range s.boxes {
		all = append(all, b...)
	}
	errs, err := s.d.deliver(context.Background(), raw, all)
	if err != nil {
		var oe *oxcmail.Error
		if errors.As(err, &oe) {
			return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "Message rejected: " + oe.Err.Error()}
		}
		return err
	}
	for i, e := range errs {
		if e != nil {
			s.d.log.Error("delivery failed", "to", all[i], "err", e)
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Delivery failed, try again later"}
		}
	}
	return nil
}

// LMTPData is Data with one status per recipient (RFC 2033).
func (s *smtpSession) LMTPData(r io.Reader, status smtp.StatusCollector) error {
	raw, err := s.read(r)
	if err != nil {
		return err
	}
	var all []string
	for _, b := range s.boxes {
		all = append(all, b...)
	}
	errs, err := s.d.deliver(context.Background(), raw, all)
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "Message rejected: " + err.Error()}
	}
	k := 0
	for i, rcpt := range s.rcpts {
		var rerr error
		for range s.boxes[i] {
			if errs[k] != nil {
				rerr = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Delivery failed, try again later"}
			}
			k++
		}
		status.SetStatus(rcpt, rerr)
	}
	return nil
}

var _ smtp.LMTPSession = (*smtpSession)(nil)

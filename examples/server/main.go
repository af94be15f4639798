// Command server is oxkit's example server: Autodiscover (and every other
// endpoint as its package lands) over one HTTPS port, on an embedded store.
//
//	go run ./examples/server
//
// On first start it creates the data directory (./oxkit-data), a
// self-signed TLS certificate (reused on restart) and, when no users file
// is given and the directory is empty, a demo user whose generated
// password is printed once.
//
// Flags:
//
//	-data DIR        data directory (default ./oxkit-data)
//	-https ADDR      HTTPS listen address (default :8443)
//	-http ADDR       plain HTTP listen address, off by default (for loopback tests)
//	-smtp ADDR       SMTP delivery listener (default 127.0.0.1:2525; empty: off)
//	-lmtp ADDR       LMTP delivery listener (off by default)
//	-users FILE      users file: one "email password Display Name" per line
//	-store KIND      bolt or memory
//	-hostname NAME   name used in URLs and DNs (default localhost)
//	-photos DIR      user photos for EWS GetUserPhoto, <address>.jpg or
//	                 <address>.png (default DATA/photos)
//	-smarthost HOST:PORT  relay mail for non-local recipients through this
//	                 SMTP server (STARTTLS when offered); without it such
//	                 mail is answered by a non-delivery report to the sender
//	-smarthost-auth FILE  "user:password" for the smarthost (AUTH PLAIN, only
//	                 over TLS or to loopback); default $OXKIT_SMARTHOST_AUTH
//	-queue BOOL      queue mail for the smarthost in DIR/outqueue.db and retry
//	                 temporary failures (default true); false relays
//	                 synchronously and fails the send on any refusal
//	-queue-retry D   first retry delay, doubling (default 1m)
//	-queue-max-retry D  longest retry delay (default 1h)
//	-queue-expire D  non-delivery report after this long queued (default 48h)
//	-queue-delay-dsn D  tell the sender once that delivery is delayed after
//	                 this long (default 4h; 0: never)
//	-rooms FILE      room lists and rooms for EWS GetRoomLists/GetRooms:
//	                 "list address Name" and "room address list|- Name"
//	                 lines; rooms get mailboxes (free/busy) but no login
//	-gogc PERCENT    garbage-collector target (default 400; -1: off); see below
//	-memlimit SIZE   soft memory limit, e.g. 512MiB or 2GiB (default: none)
//
// The server allocates short-lived buffers per request against a small
// live heap, so the runtime's default GOGC=100 collects far more often
// than memory requires: -gogc 400 lets the heap grow to five times the
// live data between collections (a few tens of MB for the example
// store) and spends less CPU on collection per request; compare with
// bench/ews -gogc. -memlimit bounds the total instead (debug.SetMemoryLimit):
// with it set, the collector runs more often as the heap nears the limit,
// whatever -gogc says. The GOGC and GOMEMLIMIT environment variables
// apply when the flags are not given. With -store memory every message
// is live heap, and the heap may grow to five times the mail held: give
// such a server -memlimit (or -gogc 100).
package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/oxkit/oxkit/autodiscover"
	"github.com/oxkit/oxkit/ews"
	"github.com/oxkit/oxkit/examples/boltstore"
	"github.com/oxkit/oxkit/examples/internal/dirmem"
	"github.com/oxkit/oxkit/examples/memstore"
	"github.com/oxkit/oxkit/httpauth"
	"github.com/oxkit/oxkit/mapi"
	"github.com/oxkit/oxkit/store"
	"github.com/oxkit/oxkit/transport/queue"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		os.Exit(2)
	}
	applyGC(cfg)
	srv, err := start(ctx, cfg, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
	if err := srv.wait(); err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

type config struct {
	dataDir   string
	httpsAddr string
	httpAddr  string
	usersFile string
	smtpAddr  string
	lmtpAddr  string
	storeKind string
	hostname  string
	// photosDir holds user photos, <address>.jpg or .png (-photos;
	// empty: DATA/photos).
	photosDir string
	logger    *slog.Logger
	// smarthost and smarthostAuth: transport.go.
	smarthost     string
	smarthostAuth string
	// queue: outqueue.go.
	queue queueConfig
	// gcPercent and memLimit are -gogc and -memlimit; gcSet and
	// limitSet say whether they were given (else the environment rules).
	gcPercent int
	memLimit  int64
	gcSet     bool
	limitSet  bool
	// sendAsFile and principalSentCopy are -sendas and
	// -principal-sent-copy (sendas.go).
	sendAsFile        string
	principalSentCopy bool
	// roomsFile is -rooms (rooms.go).
	roomsFile string
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := &config{}
	fs.StringVar(&cfg.dataDir, "data", "oxkit-data", "data directory")
	fs.StringVar(&cfg.httpsAddr, "https", ":8443", "HTTPS listen address (empty: off)")
	fs.StringVar(&cfg.httpAddr, "http", "", "plain HTTP listen address, for loopback tests (empty: off)")
	fs.StringVar(&cfg.smtpAddr, "smtp", "127.0.0.1:2525", "SMTP delivery listen address (empty: off)")
	fs.StringVar(&cfg.lmtpAddr, "lmtp", "", "LMTP delivery listen address (empty: off)")
	fs.StringVar(&cfg.usersFile, "users", "", `users file: one "email password Display Name" per line`)
	fs.StringVar(&cfg.storeKind, "store", defaultStore, "store: "+strings.Join(storeKinds(), " or "))
	fs.StringVar(&cfg.hostname, "hostname", "localhost", "host name used in URLs and DNs")
	fs.StringVar(&cfg.photosDir, "photos", "", "directory of user photos for EWS GetUserPhoto, <address>.jpg or <address>.png (empty: DATA/photos)")
	fs.StringVar(&cfg.smarthost, "smarthost", "", "host:port relaying mail to non-local recipients (empty: non-delivery report)")
	fs.StringVar(&cfg.smarthostAuth, "smarthost-auth", "", `file holding "user:password" for the smarthost (default $OXKIT_SMARTHOST_AUTH)`)
	fs.BoolVar(&cfg.queue.on, "queue", true, "queue mail for the smarthost and retry temporary failures (false: relay synchronously, failing the send)")
	fs.DurationVar(&cfg.queue.retry, "queue-retry", queue.DefaultInitialDelay, "first retry delay of the smarthost queue (doubling)")
	fs.DurationVar(&cfg.queue.maxRetry, "queue-max-retry", queue.DefaultMaxDelay, "longest retry delay of the smarthost queue")
	fs.DurationVar(&cfg.queue.expire, "queue-expire", queue.DefaultGiveUpAfter, "give up and send a non-delivery report after this long in the queue")
	fs.DurationVar(&cfg.queue.delayDSN, "queue-delay-dsn", queue.DefaultDelayReportAfter, "tell the sender once that delivery is delayed after this long (0: never)")
	fs.StringVar(&cfg.sendAsFile, "sendas", "", `Send As file: one "caller@domain address@domain" per line (caller may send as address)`)
	fs.StringVar(&cfg.roomsFile, "rooms", "", `rooms file: "list address Name" and "room address list|- Name" lines (EWS GetRoomLists/GetRooms)`)
	fs.BoolVar(&cfg.principalSentCopy, "principal-sent-copy", false, "also save messages sent as or on behalf of a mailbox in that mailbox's Sent Items")
	fs.IntVar(&cfg.gcPercent, "gogc", defaultGCPercent, "garbage-collector target percentage (debug.SetGCPercent; -1: off); without the flag GOGC from the environment, else this default")
	fs.Func("memlimit", "soft memory limit (debug.SetMemoryLimit), bytes or with a KiB/MiB/GiB suffix, e.g. 1GiB; without the flag GOMEMLIMIT from the environment, else none", func(v string) error {
		n, err := parseSize(v)
		cfg.memLimit = n
		return err
	})
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "gogc":
			cfg.gcSet = true
		case "memlimit":
			cfg.limitSet = true
		}
	})
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected arguments: %v\n", fs.Args())
		return nil, errors.New("unexpected arguments")
	}
	return cfg, nil
}

// defaultGCPercent is -gogc's default: see the package comment.
const defaultGCPercent = 400

// applyGC sets the collector's target and memory limit from cfg: a flag
// given wins, then the GOGC / GOMEMLIMIT environment variables (which the
// runtime has already applied), then defaultGCPercent and no limit.
func applyGC(cfg *config) {
	if cfg.gcSet || os.Getenv("GOGC") == "" {
		debug.SetGCPercent(cfg.gcPercent)
	}
	if cfg.limitSet {
		debug.SetMemoryLimit(cfg.memLimit)
	}
}

// parseSize parses a byte count with an optional B, KiB, MiB, GiB or TiB
// suffix (GOMEMLIMIT's units).
func parseSize(v string) (int64, error) {
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"B", 1}} {
		if strings.HasSuffix(v, u.suffix) {
			v, mult = strings.TrimSuffix(v, u.suffix), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n < 0 || n > (1<<63-1)/mult {
		return 0, fmt.Errorf("invalid size %q (want bytes, or a number with KiB, MiB, GiB or TiB)", v)
	}
	return n * mult, nil
}

// defaultStore is the store used without -store.
const defaultStore = "bolt"

// storeKinds are the stores the server can run on.
func storeKinds() []string { return []string{"bolt", "memory"} }

// openStore opens the store of kind: bolt keeps everything in
// DIR/oxkit.db (crash-safe; acknowledged writes survive kill -9), memory
// keeps nothing across restarts.
func openStore(kind, dataDir string) (store.Store, error) {
	switch kind {
	case "bolt":
		return boltstore.Open(filepath.Join(dataDir, "oxkit.db"), nil)
	case "memory":
		return memstore.New(nil), nil
	}
	return nil, fmt.Errorf("unknown store %q (have %s)", kind, strings.Join(storeKinds(), ", "))
}

type server struct {
	closers  []func() error // run after the listeners stop, before the store closes
	cfg      *config
	store    store.Store
	log      *slog.Logger
	https    net.Listener
	http     net.Listener
	servers  []*http.Server
	smtp     []*smtp.Server
	smtpLns  []net.Listener
	errc     chan error
	wg       sync.WaitGroup
	baseURL  string
	shutdown chan struct{}
	// deliv is the local delivery, sender the outbound transport
	// (transport.go); both are set before the listeners start.
	deliv  *deliverer
	sender ews.Sender
	// queue is the smarthost queue (nil without -smarthost or with
	// -queue=false).
	queue *queue.Queue
	// reqLog, if set, writes the request lines of log's default
	// TextHandler without slog (reqlog.go).
	reqLog *reqLog
	// sendAs holds the -sendas grants (sendas.go); nil: none.
	sendAs ews.SendAsFunc
}

// start opens the store, provisions users, and starts the listeners. It
// returns once everything listens; wait blocks until ctx is done and the
// listeners have shut down.
func start(ctx context.Context, cfg *config, stdout io.Writer) (*server, error) {
	log := cfg.logger
	var rl *reqLog
	if log == nil {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
		rl = &reqLog{w: os.Stderr} // reqlog.go
	}
	if err := os.MkdirAll(cfg.dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	st, err := openStore(cfg.storeKind, cfg.dataDir)
	if err != nil {
		return nil, fmt.Errorf("opening %s store: %w", cfg.storeKind, err)
	}
	s := &server{cfg: cfg, store: st, log: log, reqLog: rl, errc: make(chan error, 4), shutdown: make(chan struct{})}
	fail := func(err error) (*server, error) {
		s.closeListeners()
		for _, c := range s.closers {
			c()
		}
		st.Close()
		return nil, err
	}
	if err := s.provisionUsers(ctx, stdout); err != nil {
		return fail(err)
	}
	if err := s.loadSendAs(); err != nil { // sendas.go
		return fail(err)
	}
	if err := s.provisionRooms(ctx); err != nil { // rooms.go
		return fail(err)
	}

	if cfg.httpsAddr != "" {
		cert, created, err := loadOrCreateCert(cfg.dataDir, cfg.hostname)
		if err != nil {
			return fail(fmt.Errorf("TLS certificate: %w", err))
		}
		if created {
			fmt.Fprintf(stdout, "Created a self-signed TLS certificate in %s/cert.pem\n", cfg.dataDir)
		}
		ln, err := net.Listen("tcp", cfg.httpsAddr)
		if err != nil {
			return fail(err)
		}
		s.https = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
		s.baseURL = "https://" + hostPort(cfg.hostname, ln.Addr())
	}
	if cfg.httpAddr != "" {
		ln, err := net.Listen("tcp", cfg.httpAddr)
		if err != nil {
			return fail(err)
		}
		s.http = ln
		if s.baseURL == "" {
			s.baseURL = "http://" + hostPort(cfg.hostname, ln.Addr())
		}
	}
	if s.https == nil && s.http == nil {
		return fail(errors.New("neither -https nor -http is set"))
	}

	if err := s.initTransport(); err != nil {
		return fail(err)
	}
	h := s.handler()
	for _, ln := range []net.Listener{s.https, s.http} {
		if ln == nil {
			continue
		}
		hs := &http.Server{Handler: h, ReadHeaderTimeout: 30 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
		s.servers = append(s.servers, hs)
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				s.errc <- err
			}
		}()
	}
	if err := s.startDelivery(); err != nil {
		for _, hs := range s.servers {
			hs.Close()
		}
		s.wg.Wait()
		for _, c := range s.closers {
			c()
		}
		st.Close()
		return nil, err
	}
	go func() {
		select {
		case <-ctx.Done():
		case <-s.shutdown:
		}
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		for _, hs := range s.servers {
			hs.Shutdown(sctx) // finishes in-flight requests
		}
		for _, ss := range s.smtp {
			ss.Shutdown(sctx) // finishes in-flight deliveries
		}
	}()
	s.printURLs(stdout)
	return s, nil
}

func (s *server) closeListeners() {
	for _, ln := range []net.Listener{s.https, s.http} {
		if ln != nil {
			ln.Close()
		}
	}
}

// wait blocks until the servers have stopped, then closes the store.
func (s *server) wait() error {
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case err = <-s.errc:
		s.stop()
		<-done
	}
	for _, c := range s.closers {
		if cerr := c(); err == nil {
			err = cerr
		}
	}
	if cerr := s.store.Close(); err == nil {
		err = cerr
	}
	return err
}

// stop begins a clean shutdown.
func (s *server) stop() {
	select {
	case <-s.shutdown:
	default:
		close(s.shutdown)
	}
}

func hostPort(hostname string, addr net.Addr) string {
	_, port, _ := net.SplitHostPort(addr.String())
	return net.JoinHostPort(hostname, port)
}

// provisionUsers loads the users file, or creates a demo user when the
// directory is empty.
func (s *server) provisionUsers(ctx context.Context, stdout io.Writer) error {
	if s.cfg.usersFile != "" {
		users, err := loadUsersFile(s.cfg.usersFile)
		if err != nil {
			return err // names the file (users.go)
		}
		return ensureUsers(ctx, s.store, users)
	}
	dir, ok := s.store.(store.Directory)
	if !ok {
		return errors.New("store has no directory")
	}
	if _, total, err := dir.ListEntries(ctx, 0, 1); err != nil {
		return err
	} else if total > 0 {
		return nil
	}
	demo := userLine{Email: "demo@" + s.cfg.hostname, Password: demoPassword(), DisplayName: "Demo User"}
	if err := ensureUsers(ctx, s.store, []userLine{demo}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Created demo user %s with password %s (shown once)\n", demo.Email, demo.Password)
	return nil
}

func (s *server) printURLs(w io.Writer) {
	fmt.Fprintf(w, "oxkit example server (store: %s, data: %s)\n", s.cfg.storeKind, s.cfg.dataDir)
	if s.https != nil {
		fmt.Fprintf(w, "  HTTPS        %s\n", "https://"+hostPort(s.cfg.hostname, s.https.Addr()))
	}
	if s.http != nil {
		fmt.Fprintf(w, "  HTTP         %s\n", "http://"+hostPort(s.cfg.hostname, s.http.Addr()))
	}
	fmt.Fprintf(w, "  Autodiscover %s/autodiscover/autodiscover.xml (POX), %s/autodiscover/autodiscover.svc (SOAP)\n", s.baseURL, s.baseURL)
	fmt.Fprintf(w, "  EWS          %s/EWS/Exchange.asmx\n", s.baseURL)
	fmt.Fprintf(w, "  Health       %s/healthz\n", s.baseURL)
	for i, ss := range s.smtp {
		kind := "SMTP"
		if ss.LMTP {
			kind = "LMTP"
		}
		fmt.Fprintf(w, "  %s         %s\n", kind, s.smtpLns[i].Addr())
	}
}

// handler routes requests to the protocol handlers. Prefixes match
// case-insensitively: clients (DavMail) lower-case paths, and Exchange
// (IIS) does not care.
func (s *server) handler() http.Handler {
	auth := &httpauth.Basic{Verifier: dirVerifier{s.store}, Realm: s.cfg.hostname}
	ad := &autodiscover.Handler{Settings: s.autodiscoverSettings(), Auth: auth, Logger: s.log}
	ewsHandler := &ews.Handler{Store: s.store, Auth: auth, Logger: s.log, Sender: s.sender, Photos: s.photoDir(),
		MaxMessageSize: maxDeliveryBytes} // what SMTP/LMTP delivery accepts (MailTips)
	// -sendas, -principal-sent-copy: sendas.go.
	s.configureSendAs(ewsHandler)
	s.closers = append(s.closers, ewsHandler.Close) // ends notification subscriptions
	mux := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := strings.ToLower(r.URL.Path)
		switch {
		case p == "/healthz":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			io.WriteString(w, "ok\n")
		case strings.HasPrefix(p, "/autodiscover/"), strings.HasPrefix(p, "/.well-known/autoconfig/"), p == "/mail/config-v1.1.xml":
			ad.ServeHTTP(w, r)
		case p == "/ews/exchange.asmx", strings.HasPrefix(p, "/ews/exchange.asmx/"): // .../s/GetUserPhoto (REST)
			ewsHandler.ServeHTTP(w, r)
		default:
			http.NotFound(w, r)
		}
	})
	return s.logRequests(mux)
}

func (s *server) autodiscoverSettings() autodiscover.Settings {
	return &autodiscover.Static{
		Endpoints: autodiscover.Services{
			Hostname:     s.cfg.hostname,
			Autodiscover: s.baseURL + "/autodiscover/autodiscover.xml",
			EWS:          s.baseURL + "/EWS/Exchange.asmx",
		},
		Find: func(ctx context.Context, email string) (*autodiscover.User, error) {
			dir, ok := s.store.(store.Directory)
			if !ok {
				return nil, autodiscover.ErrUnknownUser
			}
			e, err := dir.LookupUser(ctx, email)
			if errors.Is(err, store.ErrNotFound) || (err == nil && e.Kind != store.EntryUser) {
				return nil, fmt.Errorf("%s: %w", email, autodiscover.ErrUnknownUser)
			}
			if err != nil {
				return nil, err
			}
			u := &autodiscover.User{DisplayName: e.DisplayName, Email: e.SMTPAddress, LegacyDN: e.LegacyDN}
			if mb, err := s.store.OpenMailbox(ctx, e.SMTPAddress); err == nil {
				u.MailboxGUID = guidString(mb.Info().MailboxGUID)
			}
			return u, nil
		},
	}
}

// guidString formats a GUID as lower-case 8-4-4-4-12 without braces.
func guidString(g mapi.GUID) string {
	return strings.ToLower(strings.Trim(g.String(), "{}"))
}

// dirVerifier adapts store.Directory to httpauth.PasswordVerifier.
type dirVerifier struct{ s store.Store }

func (v dirVerifier) VerifyPassword(ctx context.Context, user, password string) (string, error) {
	dir, ok := v.s.(store.Directory)
	if !ok {
		return "", errors.New("store has no directory")
	}
	// QUIRK: Windows clients send DOMAIN\user; the mailbox is the part
	// after the backslash, completed with the domain when it has none.
	if i := strings.LastIndexByte(user, '\\'); i >= 0 {
		user = user[i+1:]
	}
	if err := dir.VerifyPassword(ctx, user, password); err != nil {
		if errors.Is(err, store.ErrAccessDenied) || errors.Is(err, store.ErrNotFound) {
			return "", fmt.Errorf("%w: %v", httpauth.ErrBadCredentials, err)
		}
		return "", err
	}
	e, err := dir.LookupUser(ctx, user)
	if err != nil {
		return "", err
	}
	return e.SMTPAddress, nil
}

// statusWriter records the status code for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// logRequests logs one line per request: user, endpoint, method, status,
// duration.
func (s *server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ctx, who := httpauth.WithRecorder(r.Context())
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r.WithContext(ctx))
		user := ""
		if id, ok := who(); ok {
			user = id.User
		}
		if s.reqLog != nil {
			s.reqLog.write(time.Now(), user, endpointOf(r.URL.Path), r.Method, r.URL.Path, sw.status, sw.bytes, time.Since(start), r.RemoteAddr)
			return
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("user", user),
			slog.String("endpoint", endpointOf(r.URL.Path)),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", sw.status),
			slog.Int64("bytes", sw.bytes),
			slog.Duration("duration", time.Since(start)),
			slog.String("remote", r.RemoteAddr))
	})
}

func endpointOf(path string) string {
	p := strings.ToLower(strings.TrimPrefix(path, "/"))
	seg, _, _ := strings.Cut(p, "/")
	return seg
}

// startDelivery starts the SMTP and LMTP listeners.
func (s *server) startDelivery() error {
	d := s.deliv
	for _, l := range []struct {
		addr string
		lmtp bool
	}{{s.cfg.smtpAddr, false}, {s.cfg.lmtpAddr, true}} {
		if l.addr == "" {
			continue
		}
		ln, err := net.Listen("tcp", l.addr)
		if err != nil {
			return fmt.Errorf("delivery listener: %w", err)
		}
		ss := smtp.NewServer(&smtpBackend{d: d})
		ss.Domain = s.cfg.hostname
		ss.LMTP = l.lmtp
		ss.MaxMessageBytes = maxDeliveryBytes
		ss.MaxRecipients = 100
		ss.ReadTimeout = 5 * time.Minute
		ss.WriteTimeout = 5 * time.Minute
		ss.ErrorLog = slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)
		s.smtp = append(s.smtp, ss)
		s.smtpLns = append(s.smtpLns, ln)
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			if err := ss.Serve(ln); err != nil && !errors.Is(err, smtp.ErrServerClosed) {
				s.errc <- err
			}
		}()
	}
	return nil
}

// photoDir is the directory user photos are read from (-photos, else
// DATA/photos; it need not exist).
func (s *server) photoDir() dirmem.PhotoDir {
	if s.cfg.photosDir != "" {
		return dirmem.PhotoDir(s.cfg.photosDir)
	}
	return dirmem.PhotoDir(filepath.Join(s.cfg.dataDir, "photos"))
}

// Command ews-bench measures EWS request rates of the example server on
// loopback next to a bare net/http handler that returns a static body of
// the same size, in the same run (issue: GetItem of 30 items in the
// Default shape, FindItem of 100 rows; goal ≥ 0.5× the bare rate).
//
//	go run ./bench/ews [-c 8] [-d 5s] [-rounds 3] [-store bolt|memory] [-gogc N] [-inproc]
//
// It builds and starts examples/server (bbolt, its default, unless
// -store says otherwise; plain HTTP on a free loopback port), fills
// user1's Inbox with 100 messages over SMTP, then drives both servers
// with the same Go load generator (this process).
//
// The bare handler runs in a process of its own (this binary with
// -serve-static), as the example server does: both servers are then
// alike to the kernel's scheduler and to the load generator, and each
// has its own Go runtime, heap and collector. With -inproc the bare
// handler runs inside this process instead, sharing the load
// generator's runtime, as the first versions of this command did; that
// makes the bare side cheaper (no second process to schedule, one
// collector for both), so its ratios come out lower.
//
// Each operation is measured in -rounds rounds, EWS then bare in each,
// so that a change in the machine's load hits both sides of a round; it
// prints every round and the median of the rounds' ratios. Besides the
// request rates it reports the CPU time (user + system, /proc/PID/stat)
// each server process spent per request: on a machine shared with other
// work the rates move with the load, CPU time per request much less, and
// its ratio (bare / EWS) says what the rate ratio would be if the
// servers, not the load generator sharing their cores, set the rate.
// The goal is the rate ratio.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/smtp"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const soapHead = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><soap:Header><t:RequestServerVersion Version="Exchange2016"/></soap:Header><soap:Body>`
const soapTail = `</soap:Body></soap:Envelope>`

func main() {
	conc := flag.Int("c", 8, "concurrent connections")
	dur := flag.Duration("d", 5*time.Second, "duration of each measurement")
	rounds := flag.Int("rounds", 3, "rounds per operation (EWS then bare in each)")
	storeKind := flag.String("store", "bolt", "example server store: bolt (the server's default) or memory")
	gogc := flag.String("gogc", "", "the server's -gogc (empty: the server's default)")
	inproc := flag.Bool("inproc", false, "run the bare handler inside this process (sharing the load generator's runtime) instead of a process of its own")
	static := flag.String("serve-static", "", "(internal) serve this file's bytes as the bare handler")
	flag.Parse()
	if *static != "" {
		if err := serveStatic(*static); err != nil {
			fmt.Fprintln(os.Stderr, "ews-bench:", err)
			os.Exit(1)
		}
		return
	}
	if *rounds < 1 {
		*rounds = 1
	}
	if err := run(*conc, *dur, *rounds, *storeKind, *gogc, *inproc); err != nil {
		fmt.Fprintln(os.Stderr, "ews-bench:", err)
		os.Exit(1)
	}
}

func run(conc int, dur time.Duration, rounds int, storeKind, gogc string, inproc bool) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "ews-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	bin := filepath.Join(work, "server")
	build := exec.Command("go", "build", "-o", bin, "./examples/server")
	build.Dir, build.Stderr = root, os.Stderr
	if err := build.Run(); err != nil {
		return err
	}
	users := filepath.Join(work, "users")
	os.WriteFile(users, []byte("user1@example.com secret User One\n"), 0o600)
	srv := exec.Command(bin, "-data", filepath.Join(work, "data"), "-store", storeKind, "-https", "",
		"-http", "127.0.0.1:0", "-smtp", "127.0.0.1:0", "-users", users, "-hostname", "localhost")
	if gogc != "" {
		srv.Args = append(srv.Args, "-gogc", gogc)
	}
	var out bytes.Buffer
	// The server logs every request to stderr: into a file, so that its
	// bytes reach the kernel directly rather than through a pipe this
	// process (the load generator, on the same cores) would copy.
	logFile, err := os.Create(filepath.Join(work, "server.log"))
	if err != nil {
		return err
	}
	defer logFile.Close()
	srv.Stdout, srv.Stderr = &out, logFile
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() { srv.Process.Signal(os.Interrupt); srv.Wait() }()
	var httpURL, smtpAddr string
	for i := 0; i < 100 && (httpURL == "" || smtpAddr == ""); i++ {
		time.Sleep(100 * time.Millisecond)
		if m := regexp.MustCompile(`HTTP +(http://\S+)`).FindStringSubmatch(out.String()); m != nil {
			httpURL = strings.Replace(m[1], "localhost", "127.0.0.1", 1)
		}
		if m := regexp.MustCompile(`SMTP +(\S+)`).FindStringSubmatch(out.String()); m != nil {
			smtpAddr = m[1]
		}
	}
	if httpURL == "" || smtpAddr == "" {
		return fmt.Errorf("server did not start:\n%s", out.String())
	}
	ews := httpURL + "/EWS/Exchange.asmx"
	for i := 0; i < 100; i++ {
		msg := fmt.Sprintf("From: Sender %d <s%d@example.org>\r\nTo: User One <user1@example.com>\r\nSubject: Benchmark message %d\r\nMessage-ID: <bench-%d@example.org>\r\nDate: Mon, 16 Nov 2026 10:%02d:00 +0000\r\n\r\n%s\r\n",
			i, i, i, i, i%60, strings.Repeat("Body text of a typical short message. ", 40))
		if err := smtp.SendMail(smtpAddr, nil, "s@example.org", []string{"user1@example.com"}, []byte(msg)); err != nil {
			return fmt.Errorf("delivering: %w", err)
		}
	}
	findItem := soapHead + `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:IndexedPageItemView MaxEntriesReturned="100" Offset="0" BasePoint="Beginning"/><m:ParentFolderIds><t:DistinguishedFolderId Id="inbox"/></m:ParentFolderIds></m:FindItem>` + soapTail
	body, err := post(http.DefaultClient, ews, findItem)
	if err != nil {
		return err
	}
	ids := regexp.MustCompile(`<t:ItemId Id="([^"]+)"`).FindAllStringSubmatch(string(body), -1)
	if len(ids) < 30 {
		return fmt.Errorf("FindItem returned %d items", len(ids))
	}
	var idXML strings.Builder
	for _, id := range ids[:30] {
		idXML.WriteString(`<t:ItemId Id="` + id[1] + `"/>`)
	}
	getItem := soapHead + `<m:GetItem><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ItemIds>` + idXML.String() + `</m:ItemIds></m:GetItem>` + soapTail

	gcNote := ""
	if gogc != "" {
		gcNote = ", server -gogc " + gogc
	}
	where := "bare handler in its own process"
	if inproc {
		where = "bare handler inside the load generator (-inproc)"
	}
	fmt.Printf("loopback, %s store%s, %d connections, %d rounds of %v per side, %s%s\n", storeKind, gcNote, conc, rounds, dur, where, loadAvg())
	defer func() { fmt.Printf("done%s\n", loadAvg()) }()
	for _, c := range []struct{ name, req string }{{"GetItem30", getItem}, {"FindItem100", findItem}} {
		resp, err := post(http.DefaultClient, ews, c.req)
		if err != nil {
			return err
		}
		if err := measure(work, c.name, ews, c.req, resp, conc, dur, rounds, srv.Process.Pid, inproc); err != nil {
			return err
		}
	}
	return nil
}

// loadAvg returns ", load average a b c" from /proc/loadavg, or "" where
// there is none: the rates move with whatever else the machine runs.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return ", load average " + strings.Join(f[:3], " ")
	}
	return ""
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && bytes.Contains(b, []byte("module github.com/oxkit/oxkit\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("run inside the oxkit repository")
		}
		dir = parent
	}
}

func post(c *http.Client, url, body string) ([]byte, error) {
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	req.SetBasicAuth("user1@example.com", "secret")
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != 200 || !bytes.Contains(b, []byte(`ResponseClass="Success"`)) {
		return nil, fmt.Errorf("%s: HTTP %d:\n%.600s", url, resp.StatusCode, b)
	}
	return b, nil
}

// bareServer serves body for every request: the reference rate.
func bareServer(body []byte) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	hs := &http.Server{Handler: staticHandler(body)}
	go hs.Serve(ln)
	return "http://" + ln.Addr().String() + "/", func() { hs.Shutdown(context.Background()) }, nil
}

// loadN posts req from conc workers for dur and returns the number of
// requests served and their rate per second.
func loadN(url, req string, conc int, dur time.Duration, want int) (int64, float64, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	var n atomic.Int64
	var firstErr error
	var once sync.Once
	deadline := time.Now().Add(dur)
	var wg sync.WaitGroup
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				b, err := post(client, url, req)
				if err == nil && len(b) != want && !strings.Contains(url, "EWS") {
					err = fmt.Errorf("bare body size %d, want %d", len(b), want)
				}
				if err != nil {
					once.Do(func() { firstErr = err })
					return
				}
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	return n.Load(), float64(n.Load()) / dur.Seconds(), firstErr
}

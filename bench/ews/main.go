// Command ews-bench measures EWS request rates of the example server on
// loopback next to a bare net/http handler that returns a static body of
// the same size, in the same run (issue: GetItem of 30 items in the
// Default shape, FindItem of 100 rows; goal ≥ 0.5× the bare rate).
//
//	go run ./bench/ews [-c 8] [-d 5s] [-store memory|bolt] [-gogc N] [-cpu]
//
// With -cpu the bare handler runs in a process of its own and the CPU
// time each server spends per request is reported too (cpu.go).
//
// It builds and starts examples/server (memory store unless -store says
// otherwise, plain HTTP on a free loopback port), fills user1's Inbox
// with 100 messages over SMTP, then drives both servers with the same Go
// load generator.
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
	storeKind := flag.String("store", "memory", "example server store: memory or bolt (the server's default)")
	gogc := flag.String("gogc", "", "the server's -gogc (empty: the server's default)")
	cpu := flag.Bool("cpu", false, "run the bare handler in a process of its own and report each server's CPU time per request")
	static := flag.String("serve-static", "", "(internal) serve this file's bytes as the bare handler")
	flag.Parse()
	if *static != "" {
		if err := serveStatic(*static); err != nil {
			fmt.Fprintln(os.Stderr, "ews-bench:", err)
			os.Exit(1)
		}
		return
	}
	cpuMode = *cpu
	if err := run(*conc, *dur, *storeKind, *gogc); err != nil {
		fmt.Fprintln(os.Stderr, "ews-bench:", err)
		os.Exit(1)
	}
}

func run(conc int, dur time.Duration, storeKind, gogc string) error {
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
	fmt.Printf("loopback, %s store%s, %d connections, %v per measurement%s\n", storeKind, gcNote, conc, dur, loadAvg())
	defer func() { fmt.Printf("done%s\n", loadAvg()) }()
	for _, c := range []struct{ name, req string }{{"GetItem30", getItem}, {"FindItem100", findItem}} {
		resp, err := post(http.DefaultClient, ews, c.req)
		if err != nil {
			return err
		}
		if cpuMode {
			if err := measureCPU(work, c.name, ews, c.req, resp, conc, dur, srv.Process.Pid); err != nil {
				return err
			}
			continue
		}
		bare, stop, err := bareServer(resp)
		if err != nil {
			return err
		}
		ewsRate, err := load(ews, c.req, conc, dur, len(resp))
		if err != nil {
			stop()
			return err
		}
		bareRate, err := load(bare, c.req, conc, dur, len(resp))
		stop()
		if err != nil {
			return err
		}
		fmt.Printf("%-12s response %6d B   EWS %8.0f req/s   bare %8.0f req/s   ratio %.2f (goal ≥ 0.50)\n",
			c.name, len(resp), ewsRate, bareRate, ewsRate/bareRate)
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

// load posts req from conc workers for dur and returns requests per second.
func load(url, req string, conc int, dur time.Duration, want int) (float64, error) {
	_, rate, err := loadN(url, req, conc, dur, want)
	return rate, err
}

// loadN is load also returning the number of requests served.
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

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"time"
)

// serveStatic serves the file body for every request on a free loopback
// port, printing "ADDR host:port" on stdout; -serve-static's process.
func serveStatic(file string) error {
	body, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Printf("ADDR %s\n", ln.Addr())
	return http.Serve(ln, staticHandler(body))
}

// staticHandler is the bare handler: it reads the request and writes
// body.
func staticHandler(body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		w.Write(body)
	})
}

// bareProcess starts this binary with -serve-static serving body and
// returns its URL, its PID and a stop function.
func bareProcess(work string, body []byte) (string, int, func(), error) {
	self, err := os.Executable()
	if err != nil {
		return "", 0, nil, err
	}
	f, err := os.CreateTemp(work, "static")
	if err != nil {
		return "", 0, nil, err
	}
	f.Write(body)
	f.Close()
	cmd := exec.Command(self, "-serve-static", f.Name())
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", 0, nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", 0, nil, err
	}
	stop := func() { cmd.Process.Kill(); cmd.Wait() }
	line, err := bufio.NewReader(out).ReadString('\n')
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "ADDR ")
	if err != nil || !ok {
		stop()
		return "", 0, nil, fmt.Errorf("static server did not start: %q %v", line, err)
	}
	return "http://" + addr + "/", cmd.Process.Pid, stop, nil
}

// clockTick is the unit of /proc/PID/stat's times (USER_HZ, 100 on
// Linux).
const clockTick = 100

// cpuSeconds returns the user + system CPU time process pid has used, or
// -1 where /proc does not tell.
func cpuSeconds(pid int) float64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return -1
	}
	// The command name (field 2) may hold spaces: count from its ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return -1
	}
	f := strings.Fields(string(b[i+1:]))
	// After ')': state is field 3, utime field 14, stime field 15.
	if len(f) < 13 {
		return -1
	}
	u, err1 := strconv.ParseFloat(f[11], 64)
	s, err2 := strconv.ParseFloat(f[12], 64)
	if err1 != nil || err2 != nil {
		return -1
	}
	return (u + s) / clockTick
}

// measured is load's result with the serving process's CPU time per
// request (microseconds; negative where unknown).
type measured struct {
	rate, cpuPerReq float64
}

// loadCPU runs load against url and reads the CPU time process pid
// (-1: none of its own) spent meanwhile.
func loadCPU(url, req string, conc int, dur time.Duration, want, pid int) (measured, error) {
	before, after := -1.0, -1.0
	if pid > 0 {
		before = cpuSeconds(pid)
	}
	n, rate, err := loadN(url, req, conc, dur, want)
	if pid > 0 {
		after = cpuSeconds(pid)
	}
	m := measured{rate: rate, cpuPerReq: -1}
	if before >= 0 && after >= 0 && n > 0 {
		m.cpuPerReq = (after - before) / float64(n) * 1e6
	}
	return m, err
}

// measure measures the EWS server (process ewsPID) and a bare handler
// serving resp — a process of its own, or inside this one with inproc —
// in rounds rounds, EWS then bare in each, and prints each round's
// rates, CPU per request and ratios, then the medians of the ratios.
func measure(work, name, ews, req string, resp []byte, conc int, dur time.Duration, rounds, ewsPID int, inproc bool) error {
	var bare string
	barePID := -1
	var stop func()
	var err error
	if inproc {
		bare, stop, err = bareServer(resp)
	} else {
		bare, barePID, stop, err = bareProcess(work, resp)
	}
	if err != nil {
		return err
	}
	defer stop()
	var rateRatios, cpuRatios []float64
	for r := 1; r <= rounds; r++ {
		e, err := loadCPU(ews, req, conc, dur, len(resp), ewsPID)
		if err != nil {
			return err
		}
		b, err := loadCPU(bare, req, conc, dur, len(resp), barePID)
		if err != nil {
			return err
		}
		rr := e.rate / b.rate
		rateRatios = append(rateRatios, rr)
		cpuNote := ""
		if e.cpuPerReq > 0 && b.cpuPerReq > 0 {
			cr := b.cpuPerReq / e.cpuPerReq
			cpuRatios = append(cpuRatios, cr)
			cpuNote = fmt.Sprintf("   CPU ratio %.2f", cr)
		}
		fmt.Printf("%-12s round %d   response %6d B   EWS %6.0f req/s %s   bare %6.0f req/s %s   rate ratio %.2f%s\n",
			name, r, len(resp), e.rate, cpuText(e.cpuPerReq), b.rate, cpuText(b.cpuPerReq), rr, cpuNote)
	}
	line := fmt.Sprintf("%-12s median rate ratio %.2f (goal ≥ 0.50)", name, median(rateRatios))
	if len(cpuRatios) > 0 {
		line += fmt.Sprintf(", median CPU ratio %.2f", median(cpuRatios))
	}
	fmt.Println(line)
	return nil
}

// cpuText formats a CPU time per request, or says it is not known (the
// bare handler inside this process with -inproc, or no /proc).
func cpuText(us float64) string {
	if us < 0 {
		return "     - us CPU/req"
	}
	return fmt.Sprintf("%6.0f us CPU/req", us)
}

// median returns the median of v (the mean of the middle two for an
// even count); v is reordered.
func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	sort.Float64s(v)
	if n := len(v); n%2 == 1 {
		return v[n/2]
	} else {
		return (v[n/2-1] + v[n/2]) / 2
	}
}

// Command loadrun measures a built wecom-mock binary on loopback: start-up to
// first healthy response (and a bare net/http server's, started the same way), idle memory, throughput of gettoken and user/get
// against a bare net/http server answering the same JSON, and the start-up
// time with a generated 100,000-member world. `make bench` runs it.
//
// Every request goes to 127.0.0.1; every phase is bounded in time.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	bin := flag.String("bin", "bin/wecom-mock", "wecom-mock binary to measure")
	conc := flag.Int("c", 16, "concurrent connections")
	dur := flag.Duration("d", 2*time.Second, "duration of each throughput run")
	rounds := flag.Int("rounds", 3, "alternating bare/mock runs per API; the ratio is of their totals")
	members := flag.Int("members", 100000, "members in the generated world for the load-time check (0 skips it)")
	bare := flag.String("serve-bare", "", "internal: serve the bare baseline on this address")
	bodies := flag.String("bodies", "", "internal: directory of the bodies the baseline answers")
	startups := flag.Int("startups", 11, "alternating bare/mock process starts whose medians are compared")
	onlyStartup := flag.Bool("only-startup", false, "measure the start-up only")
	soakFor := flag.Bool("soak", false, "soak instead (make soak): mixed traffic for SOAK_DURATION (10m), failing if memory keeps growing")
	flag.Parse()
	if *soakFor {
		if err := soak(*bin, *conc, soakDuration(10*time.Minute)); err != nil {
			fmt.Fprintln(os.Stderr, "loadrun: soak:", err)
			os.Exit(1)
		}
		return
	}
	if *bare != "" {
		serveBare(*bare, *bodies)
		return
	}
	if err := compareStartups(*bin, *startups); err != nil {
		fmt.Fprintln(os.Stderr, "loadrun:", err)
		os.Exit(1)
	}
	if *onlyStartup {
		return
	}
	if err := run(*bin, *conc, *dur, *rounds, *members); err != nil {
		fmt.Fprintln(os.Stderr, "loadrun:", err)
		os.Exit(1)
	}
}

func run(bin string, conc int, dur time.Duration, rounds, members int) error {
	mock, err := startProcess(bin, "serve", "--addr")
	if err != nil {
		return err
	}
	defer mock.stop()
	fmt.Printf("start-up to first healthy response: %v\n", mock.startup.Round(100*time.Microsecond))
	fmt.Printf("idle memory (VmRSS):                %s\n", rss(mock.cmd.Process.Pid))

	token, err := fetchToken(mock.url)
	if err != nil {
		return err
	}
	phases := []struct{ name, mockPath, barePath string }{
		{"gettoken", "/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret", "/gettoken"},
		{"user/get", "/cgi-bin/user/get?access_token=" + token + "&userid=zhangsan", "/user"},
	}
	// The baseline answers byte for byte what the mock answers.
	bodies, err := os.MkdirTemp("", "loadrun-bodies")
	if err != nil {
		return err
	}
	defer os.RemoveAll(bodies)
	for _, p := range phases {
		if err := saveBody(mock.url+p.mockPath, filepath.Join(bodies, strings.TrimPrefix(p.barePath, "/"))); err != nil {
			return err
		}
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	baseline, err := startProcess(self, "--bodies", bodies, "--serve-bare")
	if err != nil {
		return err
	}
	defer baseline.stop()
	fmt.Printf("bare net/http start-up, same way:   %v (wecom-mock %+v)\n",
		baseline.startup.Round(100*time.Microsecond), (mock.startup - baseline.startup).Round(100*time.Microsecond))

	fmt.Printf("\nthroughput, %d connections, %d alternating runs of %v each (requests/s):\n", conc, rounds, dur)
	fmt.Printf("%-10s %12s %12s %8s\n", "api", "bare", "wecom-mock", "ratio")
	for _, p := range phases {
		// Warm both up, then alternate so that drift in the machine's load
		// hits both sides alike.
		if _, err := load(baseline.url+p.barePath, conc, dur/4); err != nil {
			return err
		}
		if _, err := load(mock.url+p.mockPath, conc, dur/4); err != nil {
			return err
		}
		var bareTotal, mockTotal float64
		for range rounds {
			bareRate, err := load(baseline.url+p.barePath, conc, dur)
			if err != nil {
				return err
			}
			mockRate, err := load(mock.url+p.mockPath, conc, dur)
			if err != nil {
				return err
			}
			bareTotal += bareRate
			mockTotal += mockRate
		}
		n := float64(rounds)
		fmt.Printf("%-10s %12.0f %12.0f %7.1f%%\n", p.name, bareTotal/n, mockTotal/n, 100*mockTotal/bareTotal)
	}
	fmt.Printf("memory after load (VmRSS):          %s\n", rss(mock.cmd.Process.Pid))

	if members > 0 {
		return measureLargeWorld(bin, members)
	}
	return nil
}

// measureLargeWorld generates a world and times a server start with it.
func measureLargeWorld(bin string, members int) error {
	dir, err := os.MkdirTemp("", "loadrun")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "world.json")
	gen := exec.Command(bin, "gen-fixtures", "--corps", "1", "--members", strconv.Itoa(members), "--seed", "1", "--out", file)
	gen.Stderr = os.Stderr
	if err := gen.Run(); err != nil {
		return fmt.Errorf("gen-fixtures: %w", err)
	}
	info, err := os.Stat(file)
	if err != nil {
		return err
	}
	p, err := startProcess(bin, "serve", "--fixtures", file, "--addr")
	if err != nil {
		return err
	}
	defer p.stop()
	fmt.Printf("\n%d-member world (%.1f MB JSON): start-up to healthy %v, VmRSS %s, peak VmHWM %s\n",
		members, float64(info.Size())/1e6, p.startup.Round(time.Millisecond), rss(p.cmd.Process.Pid), procStatus(p.cmd.Process.Pid, "VmHWM"))
	return nil
}

type process struct {
	cmd     *exec.Cmd
	url     string
	startup time.Duration
}

// startProcess runs bin with args plus a free loopback address as the last
// argument, and waits until it answers /_mock/healthz (or /healthz for the
// baseline).
func startProcess(bin string, args ...string) (*process, error) {
	return startProcessLogging(os.Stderr, bin, args...)
}

// startProcessLogging is startProcess with the process's log going to stderr.
func startProcessLogging(stderr io.Writer, bin string, args ...string) (*process, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, append(args, addr)...)
	cmd.Stdout = io.Discard
	cmd.Stderr = stderr
	started := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &process{cmd: cmd, url: "http://" + addr}
	client := &http.Client{Timeout: time.Second}
	deadline := started.Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := client.Get(p.url + "/_mock/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				p.startup = time.Since(started)
				return p, nil
			}
		}
		time.Sleep(200 * time.Microsecond)
	}
	p.stop()
	return nil, fmt.Errorf("%s did not become healthy within 60 s", bin)
}

func (p *process) stop() {
	_ = p.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		<-done
	}
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// load sends GETs to url from conc workers for d and returns requests/s. Any
// non-200 answer or transport error aborts the run.
func load(url string, conc int, d time.Duration) (float64, error) {
	tr := &http.Transport{MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 5 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var done atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				resp, err := client.Get(url)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("%s: HTTP %d", url, resp.StatusCode)
					}
				}
				if err != nil {
					once.Do(func() { firstErr = err; cancel() })
					return
				}
				done.Add(1)
			}
		}()
	}
	start := time.Now()
	wg.Wait()
	if firstErr != nil && !errors.Is(firstErr, context.DeadlineExceeded) {
		return 0, firstErr
	}
	return float64(done.Load()) / time.Since(start).Seconds(), nil
}

func fetchToken(base string) (string, error) {
	resp, err := http.Get(base + "/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret")
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var body struct {
		ErrCode     int    `json:"errcode"`
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.AccessToken == "" {
		return "", fmt.Errorf("gettoken failed (errcode %d): %v", body.ErrCode, err)
	}
	return body.AccessToken, nil
}

// saveBody stores the body url answers in file.
func saveBody(url, file string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	return os.WriteFile(file, body, 0o600)
}

// serveBare is the baseline: net/http with handlers writing the saved bodies
// with the same Content-Type, and nothing else.
func serveBare(addr, dir string) {
	mux := http.NewServeMux()
	mux.HandleFunc("/_mock/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, `{"status":"ok"}`) })
	entries, err := os.ReadDir(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bare:", err)
		os.Exit(1)
	}
	for _, e := range entries {
		body, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			fmt.Fprintln(os.Stderr, "bare:", err)
			os.Exit(1)
		}
		mux.HandleFunc("/"+e.Name(), func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=UTF-8")
			_, _ = w.Write(body)
		})
	}
	srv := &http.Server{Addr: addr, Handler: mux}
	go func() {
		sig := make(chan os.Signal, 1)
		notifyInterrupt(sig)
		<-sig
		_ = srv.Close()
	}()
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(os.Stderr, "bare:", err)
		os.Exit(1)
	}
}

// rss reads the resident set size of pid from /proc (Linux only).
func rss(pid int) string { return procStatus(pid, "VmRSS") }

// procStatus reads one field of /proc/<pid>/status (Linux only): VmRSS the
// resident set size, VmHWM its peak.
func procStatus(pid int, field string) string {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

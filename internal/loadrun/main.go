// Command loadrun measures a built wecom-mock binary on loopback: start-up to
// first healthy response, idle memory, throughput of gettoken and user/get
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
	dur := flag.Duration("d", 3*time.Second, "duration of each throughput phase")
	members := flag.Int("members", 100000, "members in the generated world for the load-time check (0 skips it)")
	bare := flag.String("serve-bare", "", "internal: serve the bare baseline on this address")
	flag.Parse()
	if *bare != "" {
		serveBare(*bare)
		return
	}
	if err := run(*bin, *conc, *dur, *members); err != nil {
		fmt.Fprintln(os.Stderr, "loadrun:", err)
		os.Exit(1)
	}
}

func run(bin string, conc int, dur time.Duration, members int) error {
	mock, err := startProcess(bin, "serve", "--addr")
	if err != nil {
		return err
	}
	defer mock.stop()
	fmt.Printf("start-up to first healthy response: %v\n", mock.startup.Round(100*time.Microsecond))
	fmt.Printf("idle memory (VmRSS):                %s\n", rss(mock.cmd.Process.Pid))

	self, err := os.Executable()
	if err != nil {
		return err
	}
	baseline, err := startProcess(self, "--serve-bare")
	if err != nil {
		return err
	}
	defer baseline.stop()

	token, err := fetchToken(mock.url)
	if err != nil {
		return err
	}
	phases := []struct{ name, mockPath, barePath string }{
		{"gettoken", "/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret", "/gettoken"},
		{"user/get", "/cgi-bin/user/get?access_token=" + token + "&userid=zhangsan", "/user"},
	}
	fmt.Printf("\nthroughput, %d connections, %v per run (requests/s):\n", conc, dur)
	fmt.Printf("%-10s %12s %12s %8s\n", "api", "bare", "wecom-mock", "ratio")
	for _, p := range phases {
		bareRate, err := load(baseline.url+p.barePath, conc, dur)
		if err != nil {
			return err
		}
		mockRate, err := load(mock.url+p.mockPath, conc, dur)
		if err != nil {
			return err
		}
		fmt.Printf("%-10s %12.0f %12.0f %7.1f%%\n", p.name, bareRate, mockRate, 100*mockRate/bareRate)
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
	fmt.Printf("\n%d-member world (%.1f MB JSON): start-up to healthy %v, VmRSS %s\n",
		members, float64(info.Size())/1e6, p.startup.Round(time.Millisecond), rss(p.cmd.Process.Pid))
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
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, append(args, addr)...)
	cmd.Stdout = io.Discard
	cmd.Stderr = os.Stderr
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

// serveBare is the baseline: net/http with handlers writing fixed JSON bodies
// of the same size as the mock's answers.
func serveBare(addr string) {
	token := strings.Repeat("x", 96)
	bodies := map[string][]byte{
		"/gettoken": []byte(`{"errcode":0,"errmsg":"ok","access_token":"` + token + `","expires_in":7200}`),
		"/user":     []byte(`{"errcode":0,"errmsg":"ok","userid":"zhangsan","name":"张三","department":[2],"order":[100],"position":"研发经理","mobile":"13800000001","gender":"1","email":"zhangsan@mock.example.com","biz_mail":"zhangsan@mockcorp.example.com","is_leader_in_dept":[1],"direct_leader":[],"avatar":"https://wework.qpic.cn/wwhead/mock-zhangsan/0","thumb_avatar":"https://wework.qpic.cn/wwhead/mock-zhangsan/100","telephone":"010-88880001","alias":"Zhang San","address":"北京市海淀区模拟路1号","open_userid":"wwopen-zhangsan","main_department":2}`),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/_mock/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, `{"status":"ok"}`) })
	for path, body := range bodies {
		mux.HandleFunc(path, func(w http.ResponseWriter, _ *http.Request) {
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
func rss(pid int) string {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

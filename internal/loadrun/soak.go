package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The soak (make soak): mixed traffic against the binary for a while, its
// resident memory sampled; it fails when memory keeps growing once every
// bounded store (journal, inbox, codes) has had time to fill.

// soakSample is how often the soak reads the process's memory.
const soakSample = 3 * time.Second

// soakStep is one kind of call of the mix; it returns an error for a
// transport failure or a 5xx (a WeCom error answer is fine: the mix sends
// some on purpose).
type soakStep func(c *http.Client, base, tok string, n int64) error

var soakMix = []struct {
	name string
	step soakStep
}{
	{"gettoken", func(c *http.Client, base, _ string, _ int64) error {
		return soakGet(c, base+"/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret")
	}},
	{"user/get", func(c *http.Client, base, tok string, _ int64) error {
		return soakGet(c, base+"/cgi-bin/user/get?access_token="+tok+"&userid=zhangsan")
	}},
	{"message/send", func(c *http.Client, base, tok string, n int64) error {
		body := `{"touser":"zhangsan","msgtype":"text","agentid":1000002,"text":{"content":"soak ` + strconv.FormatInt(n, 10) + `"}}`
		return soakPost(c, base+"/cgi-bin/message/send?access_token="+tok, body)
	}},
	{"code and getuserinfo", func(c *http.Client, base, tok string, _ int64) error {
		resp, err := c.Post(base+"/_mock/codes", "application/json",
			strings.NewReader(`{"kind":"oauth","corpid":"wwmockcorp000001","agentid":1000002,"userid":"lisi"}`))
		if err != nil {
			return err
		}
		var code struct{ Code string }
		err = json.NewDecoder(resp.Body).Decode(&code)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			return fmt.Errorf("POST /_mock/codes: HTTP %d, %v", resp.StatusCode, err)
		}
		return soakGet(c, base+"/cgi-bin/auth/getuserinfo?access_token="+tok+"&code="+code.Code)
	}},
	{"long query", func(c *http.Client, base, tok string, _ int64) error {
		return soakGet(c, base+"/cgi-bin/user/get?access_token="+tok+"&userid=nobody&pad="+strings.Repeat("x", 8<<10))
	}},
	{"journal page", func(c *http.Client, base, _ string, _ int64) error {
		return soakGet(c, base+"/_mock/requests?limit=200")
	}},
	{"inbox page", func(c *http.Client, base, _ string, _ int64) error {
		return soakGet(c, base+"/_mock/messages?limit=200")
	}},
	{"fault", func(c *http.Client, base, tok string, _ int64) error {
		if err := soakPost(c, base+"/_mock/faults", `{"path":"/cgi-bin/department/list","errcode":45009,"times":1}`); err != nil {
			return err
		}
		return soakGet(c, base+"/cgi-bin/department/list?access_token="+tok)
	}},
}

func soakGet(c *http.Client, url string) error {
	resp, err := c.Get(url)
	return soakDone(url, resp, err)
}

func soakPost(c *http.Client, url, body string) error {
	resp, err := c.Post(url, "application/json", strings.NewReader(body))
	return soakDone(url, resp, err)
}

func soakDone(url string, resp *http.Response, err error) error {
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err == nil && resp.StatusCode >= 500 {
		err = fmt.Errorf("%s: HTTP %d", strings.SplitN(url, "?", 2)[0], resp.StatusCode)
	}
	return err
}

// soak runs the mix from conc workers for d against a fresh binary and
// judges its memory.
func soak(bin string, conc int, d time.Duration) error {
	p, err := startProcess(bin, "serve", "--addr")
	if err != nil {
		return err
	}
	defer p.stop()
	tok, err := fetchToken(p.url)
	if err != nil {
		return err
	}
	tr := &http.Transport{MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()

	var calls atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	for w := range conc {
		wg.Go(func() {
			for i := int64(w); ctx.Err() == nil; i++ {
				s := soakMix[i%int64(len(soakMix))]
				if err := s.step(client, p.url, tok, calls.Add(1)); err != nil && ctx.Err() == nil {
					once.Do(func() { firstErr = fmt.Errorf("%s: %w", s.name, err); cancel() })
					return
				}
			}
		})
	}
	fmt.Printf("soak: %v of mixed traffic (%d kinds of call) from %d workers against %s; VmRSS every %v\n",
		d, len(soakMix), conc, bin, soakSample)
	var samples []float64 // MB
	tick := time.NewTicker(soakSample)
	defer tick.Stop()
	start := time.Now()
	for sampling := true; sampling; {
		select {
		case <-ctx.Done():
			sampling = false
		case <-tick.C:
			mb := rssMB(p.cmd.Process.Pid)
			samples = append(samples, mb)
			fmt.Printf("  %6.0fs  %8d calls  VmRSS %6.1f MB\n", time.Since(start).Seconds(), calls.Load(), mb)
		}
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	fmt.Printf("soak: %d calls, %.0f/s; peak VmHWM %s\n", calls.Load(), float64(calls.Load())/time.Since(start).Seconds(),
		procStatus(p.cmd.Process.Pid, "VmHWM"))
	return judgeSoak(samples, soakSample)
}

// judgeSoak fails when memory keeps growing: the last quarter's median more
// than 1.5 times the second quarter's, or the second half's least-squares
// slope adding more than half its median over the second half.
func judgeSoak(mb []float64, every time.Duration) error {
	if len(mb) < 8 {
		return fmt.Errorf("only %d samples: run the soak for at least %v", len(mb), 8*every)
	}
	q := len(mb) / 4
	q2, q4 := medianOf(mb[q:2*q]), medianOf(mb[len(mb)-q:])
	half := mb[len(mb)/2:]
	slope := slopeOf(half)               // MB per sample
	rise := slope * float64(len(half)-1) // MB over the second half
	perMin := slope * float64(time.Minute) / float64(every)
	fmt.Printf("soak: VmRSS median %.1f MB in the second quarter, %.1f MB in the last; second-half slope %+.2f MB/min (%+.1f MB)\n",
		q2, q4, perMin, rise)
	switch {
	case q4 > 1.5*q2:
		return fmt.Errorf("memory keeps growing: last quarter's median %.1f MB > 1.5 × second quarter's %.1f MB", q4, q2)
	case rise > 0.5*medianOf(half):
		return fmt.Errorf("memory keeps growing: %+.1f MB over the second half (%+.2f MB/min)", rise, perMin)
	}
	fmt.Println("soak: PASS, memory is flat")
	return nil
}

func medianOf(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// slopeOf is the least-squares slope of xs against their index.
func slopeOf(xs []float64) float64 {
	n := float64(len(xs))
	var sx, sy, sxy, sxx float64
	for i, y := range xs {
		x := float64(i)
		sx, sy, sxy, sxx = sx+x, sy+y, sxy+x*y, sxx+x*x
	}
	if d := n*sxx - sx*sx; d != 0 {
		return (n*sxy - sx*sy) / d
	}
	return 0
}

// rssMB is pid's resident set size in MB.
func rssMB(pid int) float64 {
	f := strings.Fields(rss(pid)) // "12345 kB"
	if len(f) == 0 {
		return 0
	}
	kb, _ := strconv.ParseFloat(f[0], 64)
	return kb / 1024
}

// soakDuration is SOAK_DURATION (a Go duration), or def.
func soakDuration(def time.Duration) time.Duration {
	if v := os.Getenv("SOAK_DURATION"); v != "" {
		if d, err := time.ParseDuration(v); err == nil && d > 0 {
			return d
		}
		fmt.Fprintf(os.Stderr, "loadrun: SOAK_DURATION=%q is not a duration such as 2m; using %v\n", v, def)
	}
	return def
}

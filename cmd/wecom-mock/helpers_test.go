package main

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"
)

// syncBuffer is an io.Writer that tests can read while run writes to it, and
// wait on until some output appears.
type syncBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func newSyncBuffer() *syncBuffer { return &syncBuffer{changed: make(chan struct{})} }

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.buf.Write(p)
	close(b.changed)
	b.changed = make(chan struct{})
	return n, err
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// await returns re's first match in the output once it appears. It gives up
// when stop is closed (the writer is done) or after timeout.
func (b *syncBuffer) await(re *regexp.Regexp, stop <-chan struct{}, timeout time.Duration) ([]string, bool) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		b.mu.Lock()
		m := re.FindStringSubmatch(b.buf.String())
		changed := b.changed
		b.mu.Unlock()
		if m != nil {
			return m, true
		}
		select {
		case <-changed:
		case <-stop:
			b.mu.Lock()
			m := re.FindStringSubmatch(b.buf.String())
			b.mu.Unlock()
			return m, m != nil
		case <-deadline.C:
			return nil, false
		}
	}
}

func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// serveRun is a `wecom-mock serve` running in-process.
type serveRun struct {
	url    string
	stdout *syncBuffer
	stderr *syncBuffer
	stop   context.CancelFunc // plays SIGTERM
	done   chan struct{}
	code   int // valid once done is closed
}

var listeningRE = regexp.MustCompile(`listening on (http://\S+)`)

// startRun calls run with args in a goroutine and returns once the banner has
// printed the URL and /_mock/healthz answers 200. It fails the test if the
// server exits or does not come up.
func startRun(t testing.TB, args []string, env map[string]string) *serveRun {
	t.Helper()
	r := tryStartRun(args, env)
	if r.url == "" {
		r.stop()
		r.wait(t)
		t.Fatalf("server did not start (exit %d)\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if err := waitHealthy(r.url, 5*time.Second); err != nil {
		t.Fatalf("server at %s never became healthy: %v\nstderr:\n%s", r.url, err, r.stderr)
	}
	t.Cleanup(func() {
		r.stop()
		select {
		case <-r.done:
		case <-time.After(15 * time.Second):
			t.Errorf("run did not return after cancel")
		}
	})
	return r
}

func tryStartRun(args []string, env map[string]string) *serveRun {
	ctx, cancel := context.WithCancel(context.Background())
	r := &serveRun{stdout: newSyncBuffer(), stderr: newSyncBuffer(), stop: cancel, done: make(chan struct{})}
	sig := func(context.Context) (context.Context, context.CancelFunc) { return context.WithCancel(ctx) }
	go func() {
		defer close(r.done)
		r.code = run(args, r.stdout, r.stderr, envMap(env), sig)
	}()
	if m, ok := r.stdout.await(listeningRE, r.done, 10*time.Second); ok {
		r.url = m[1]
	}
	return r
}

// wait stops waiting for the server's exit after a generous bound.
func (r *serveRun) wait(t testing.TB) int {
	t.Helper()
	select {
	case <-r.done:
		return r.code
	case <-time.After(15 * time.Second):
		t.Fatalf("run did not return")
		return -1
	}
}

// waitHealthy polls GET url/_mock/healthz until it answers 200, for at most
// timeout (a bounded loop with a short back-off, never a fixed sleep).
func waitHealthy(url string, timeout time.Duration) error {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(timeout)
	backoff := time.Millisecond
	for {
		resp, err := client.Get(url + "/_mock/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = &statusErr{resp.StatusCode}
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(backoff)
		backoff = min(2*backoff, 50*time.Millisecond)
	}
}

type statusErr struct{ code int }

func (e *statusErr) Error() string { return http.StatusText(e.code) }

// testHTTP bounds the tests' calls, so a stuck server fails a test
// instead of hanging it.
var testHTTP = &http.Client{Timeout: 30 * time.Second}

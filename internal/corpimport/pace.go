package corpimport

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// pacer spaces calls at least interval apart, in the order they ask.
type pacer struct {
	interval time.Duration
	mu       sync.Mutex
	next     time.Time
}

func (p *pacer) wait(ctx context.Context) error {
	if p.interval <= 0 {
		return ctx.Err()
	}
	p.mu.Lock()
	now := time.Now()
	at := now
	if p.next.After(now) {
		at = p.next
	}
	p.next = at.Add(p.interval)
	p.mu.Unlock()
	return sleep(ctx, at.Sub(now))
}

// pacedTransport waits for the pacer before each request: every call the
// client makes, gettoken included, counts against the limit.
type pacedTransport struct {
	base  http.RoundTripper
	pacer *pacer
}

func (t *pacedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := t.pacer.wait(r.Context()); err != nil {
		return nil, err
	}
	return t.base.RoundTrip(r)
}

// paced returns a copy of hc whose requests go through p.
func paced(hc *http.Client, p *pacer) *http.Client {
	c := *hc
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	c.Transport = &pacedTransport{base: base, pacer: p}
	return &c
}

// withBackoff runs call, repeating it after a growing wait while WeCom
// answers 45009 (over the call frequency limit), at most o.Retries times.
func withBackoff(ctx context.Context, o *Options, what string, call func() error) error {
	wait := o.Backoff
	for try := 0; ; try++ {
		err := call()
		if !errors.Is(err, errcode.FreqOutOfLimit) || try >= o.Retries {
			return err
		}
		fmt.Fprintf(o.Progress, "import: %s: 45009 (call frequency limit), waiting %s\n", what, wait)
		if err := sleep(ctx, wait); err != nil {
			return err
		}
		wait = min(2*wait, o.MaxBackoff)
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

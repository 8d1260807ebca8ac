package client

import (
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// DefaultBaseURL is the real WeCom API host.
const DefaultBaseURL = "https://qyapi.weixin.qq.com"

// Option configures a Client.
type Option func(*Client)

// WithBaseURL points the client at another host, e.g. a wecom-mock server's
// URL ("http://127.0.0.1:41234"). Paths ("/cgi-bin/...") are appended to it;
// a trailing slash is ignored.
func WithBaseURL(u string) Option {
	return func(c *Client) { c.baseURL = strings.TrimRight(u, "/") }
}

// WithHTTPClient sets the HTTP client used for every call (transport,
// timeouts, proxies). The default has a 60-second overall timeout; every call
// also honours its context.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.hc = hc
		}
	}
}

// WithClock sets the clock the client uses to decide when a cached access
// token or ticket is due for refresh. The default is time.Now. Tests can pass
// a mock server's virtual clock (srv.Now) so that an Advance on the server is
// seen by the client too.
func WithClock(now func() time.Time) Option {
	return func(c *Client) {
		if now != nil {
			c.now = now
		}
	}
}

// WithLogger sets the logger. Calls are logged at debug level, token and
// ticket refreshes at info, retries and dropped tokens at warn. Secrets and
// tokens are never logged. The default discards everything.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) {
		if l != nil {
			c.log = l
		}
	}
}

// WithRetry sets how calls answered with a retryable errcode (-1 "system
// busy", 45033 "api concurrent out of limit") are retried, and GET calls
// that met a gateway's 502, 503 or 504 or a connection closed before any
// answer (POSTs are not repeated after those: the API may have acted). The
// default is DefaultRetry; RetryPolicy{} (MaxRetries 0) disables retrying.
func WithRetry(p RetryPolicy) Option {
	return func(c *Client) { c.retry = p.normalized() }
}

// RetryPolicy bounds the retries of a call that failed in a way worth
// another try (see WithRetry). The wait before retry n (1-based) is
// BaseDelay·2^(n-1), capped at MaxDelay, with up to half of it taken off at
// random (jitter). Waits honour the call's context.
type RetryPolicy struct {
	// MaxRetries is how many times a call is repeated after the first
	// attempt; the call is made at most MaxRetries+1 times.
	MaxRetries int
	// BaseDelay is the wait before the first retry.
	BaseDelay time.Duration
	// MaxDelay caps every wait.
	MaxDelay time.Duration
}

// DefaultRetry retries twice, waiting about 200 ms and then 400 ms (WeCom
// asks callers to retry "system busy" at most three times).
var DefaultRetry = RetryPolicy{MaxRetries: 2, BaseDelay: 200 * time.Millisecond, MaxDelay: 2 * time.Second}

func (p RetryPolicy) normalized() RetryPolicy {
	if p.MaxRetries < 0 {
		p.MaxRetries = 0
	}
	if p.BaseDelay < 0 {
		p.BaseDelay = 0
	}
	if p.MaxDelay <= 0 || p.MaxDelay < p.BaseDelay {
		p.MaxDelay = p.BaseDelay
	}
	return p
}

// delay is the wait before retry n (1-based), before jitter.
func (p RetryPolicy) delay(n int) time.Duration {
	d := p.BaseDelay
	for i := 1; i < n && d < p.MaxDelay; i++ {
		d *= 2
	}
	return min(d, p.MaxDelay)
}

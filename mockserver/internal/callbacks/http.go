package callbacks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// roundTrip sends one request and reads at most maxCallbackResponse bytes
// of the answer, all within timeout (real time).
func (e *Engine) roundTrip(ctx context.Context, method, target string, body []byte, timeout time.Duration) (status int, resp []byte, latency time.Duration, err error) {
	started := e.realNow() // before the deadline is set: a timeout's latency is at least the limit
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return 0, nil, 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "text/xml")
	}
	res, err := e.client().Do(req)
	if err != nil {
		return 0, nil, e.realNow().Sub(started), describeNetErr(ctx, err, timeout)
	}
	defer res.Body.Close()
	resp, err = io.ReadAll(io.LimitReader(res.Body, maxCallbackResponse))
	latency = e.realNow().Sub(started)
	if err != nil {
		return res.StatusCode, resp, latency, describeNetErr(ctx, err, timeout)
	}
	return res.StatusCode, resp, latency, nil
}

// describeNetErr says "no answer within 5s" for a timeout, as WeCom would
// see it, and keeps other causes.
func describeNetErr(ctx context.Context, err error, timeout time.Duration) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("no answer within %v", timeout)
	}
	if errors.Is(ctx.Err(), context.Canceled) {
		return errors.New("canceled")
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}

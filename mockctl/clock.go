package mockctl

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// Clock is the mock's virtual clock (GET /_mock/clock, and the answer of
// POST /_mock/clock/advance).
type Clock struct {
	// Now is the virtual time, RFC 3339 with second precision.
	Now    string `json:"now"`
	Frozen bool   `json:"frozen"`
}

// Time parses Now.
func (b Clock) Time() (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, b.Now)
	if err != nil {
		return time.Time{}, fmt.Errorf("mockctl: clock: %w", err)
	}
	return t, nil
}

// AdvanceRequest moves the clock (POST /_mock/clock/advance): give Seconds
// or Duration (a Go duration such as "2h" or "301s"), not both.
type AdvanceRequest struct {
	Seconds  *float64 `json:"seconds,omitempty"`
	Duration string   `json:"duration,omitempty"`
}

// Now is the mock's virtual time (second precision).
func (c *Client) Now(ctx context.Context) (time.Time, error) {
	var b Clock
	if err := c.do(ctx, http.MethodGet, "/_mock/clock", nil, &b); err != nil {
		return time.Time{}, err
	}
	return b.Time()
}

// Advance moves the mock's virtual clock forward by d and returns the new
// time: tokens, codes and tickets see the jump at once.
func (c *Client) Advance(ctx context.Context, d time.Duration) (time.Time, error) {
	var b Clock
	if err := c.do(ctx, http.MethodPost, "/_mock/clock/advance", AdvanceRequest{Duration: d.String()}, &b); err != nil {
		return time.Time{}, err
	}
	return b.Time()
}

// Freeze stops the mock's virtual clock where it stands (POST
// /_mock/clock/freeze); only Advance moves it then.
func (c *Client) Freeze(ctx context.Context) (Clock, error) {
	var b Clock
	err := c.do(ctx, http.MethodPost, "/_mock/clock/freeze", nil, &b)
	return b, err
}

// Unfreeze lets the virtual clock tick with real time again (POST
// /_mock/clock/unfreeze).
func (c *Client) Unfreeze(ctx context.Context) (Clock, error) {
	var b Clock
	err := c.do(ctx, http.MethodPost, "/_mock/clock/unfreeze", nil, &b)
	return b, err
}

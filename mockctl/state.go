package mockctl

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Health is the answer of GET /_mock/healthz: {"status": "ok"}.
type Health struct {
	Status string `json:"status"`
}

// ResetResult is the answer of POST /_mock/reset.
type ResetResult struct {
	// Now is the virtual time after the reset (RFC 3339, seconds).
	Now    string `json:"now"`
	Status string `json:"status"` // "reset"
}

// FixturesLoaded is the answer of PUT /_mock/fixtures.
type FixturesLoaded struct {
	Counts fixtures.Counts `json:"counts"`
	Status string          `json:"status"` // "loaded"
}

// State is a snapshot of the mock (GET /_mock/state), for the control API
// and the dashboard.
type State struct {
	Now      time.Time       `json:"now"`
	Frozen   bool            `json:"frozen_clock"`
	Counts   fixtures.Counts `json:"counts"`
	Runtime  RuntimeCounts   `json:"runtime"`
	Faults   int             `json:"faults"`
	Journal  int             `json:"journal"`
	Fixtures *fixtures.World `json:"world"`
}

// RuntimeCounts counts issued tokens, minted codes and the messages in
// the inbox.
type RuntimeCounts struct {
	Tokens         int `json:"tokens"`
	ValidTokens    int `json:"valid_tokens"`
	Codes          int `json:"codes"`
	UnexpiredCodes int `json:"unexpired_codes"`
	Messages       int `json:"messages"`
}

// Healthz reports whether the mock answers.
func (c *Client) Healthz(ctx context.Context) error {
	return c.do(ctx, http.MethodGet, "/_mock/healthz", nil, nil)
}

// Reset returns the mock to its loaded fixtures: tokens, codes, faults,
// journal and inbox cleared, clock rewound.
func (c *Client) Reset(ctx context.Context) error {
	return c.do(ctx, http.MethodPost, "/_mock/reset", nil, nil)
}

// LoadFixtures replaces the mock's world with w.
func (c *Client) LoadFixtures(ctx context.Context, w *fixtures.World) error {
	b, err := json.Marshal(w)
	if err != nil {
		return fmt.Errorf("mockctl: encoding world: %w", err)
	}
	return c.do(ctx, http.MethodPut, "/_mock/fixtures", b, nil)
}

// Fixtures returns the mock's loaded world.
func (c *Client) Fixtures(ctx context.Context) (*fixtures.World, error) {
	var w fixtures.World
	if err := c.do(ctx, http.MethodGet, "/_mock/fixtures", nil, &w); err != nil {
		return nil, err
	}
	return &w, nil
}

// State returns the mock's world with its runtime counts.
func (c *Client) State(ctx context.Context) (State, error) {
	var out State
	err := c.do(ctx, http.MethodGet, "/_mock/state", nil, &out)
	return out, err
}

// CACertPEM is the certificate of the mock's CA (GET /_mock/ca.pem), the one
// a client must trust to reach it as https://qyapi.weixin.qq.com; the mock
// has one only when it intercepts TLS.
func (c *Client) CACertPEM(ctx context.Context) ([]byte, error) {
	return c.raw(ctx, http.MethodGet, "/_mock/ca.pem", nil)
}

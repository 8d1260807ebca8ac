package mockctl

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// SandboxRequest creates a sandbox (POST /_mock/sandboxes): an isolated
// world, clock, journal, inbox, faults and stubs served under its own path
// prefix of the same server.
type SandboxRequest struct {
	// Fixtures is the sandbox's world: a JSON object, or a JSON string
	// holding YAML or JSON text (YAMLFixtures). Empty means the embedded
	// default world.
	Fixtures json.RawMessage `json:"fixtures,omitempty"`
	// TTLSeconds is how long the sandbox may stay unused before it is
	// deleted; 0 means the server's default (30 minutes).
	TTLSeconds int `json:"ttl_seconds,omitempty"`
}

// YAMLFixtures is fixture text (YAML or JSON) as SandboxRequest.Fixtures.
func YAMLFixtures(text []byte) json.RawMessage {
	b, _ := json.Marshal(string(text)) // a string always encodes
	return b
}

// Sandbox is one sandbox: its id and the base URL that serves it — the
// WeCom API (<url>/cgi-bin/...), the control API (<url>/_mock/...) and the
// login pages.
type Sandbox struct {
	ID  string `json:"id"`
	URL string `json:"url"`
	// TTLSeconds is how long it may stay unused; ExpiresAt is when it will
	// be deleted unless used again (real time, RFC 3339).
	TTLSeconds int    `json:"ttl_seconds"`
	CreatedAt  string `json:"created_at"`
	LastUsedAt string `json:"last_used_at"`
	ExpiresAt  string `json:"expires_at"`
}

// Sandboxes is GET /_mock/sandboxes: the live sandboxes, oldest first, and
// how many the server allows at once.
type Sandboxes struct {
	Sandboxes []Sandbox `json:"sandboxes"`
	Max       int       `json:"max"`
}

// CreateSandbox creates a sandbox and returns it; Sandbox(ctx, ...) also
// returns a client for its control API.
func (c *Client) CreateSandbox(ctx context.Context, req SandboxRequest) (Sandbox, error) {
	var sb Sandbox
	err := c.do(ctx, http.MethodPost, "/_mock/sandboxes", req, &sb)
	return sb, err
}

// Sandbox creates a sandbox and returns a client for it: its URL is the
// sandbox's base URL, and every method of the client acts on the sandbox
// alone. Delete it with DeleteSandbox on this (the parent's) client.
func (c *Client) Sandbox(ctx context.Context, req SandboxRequest) (*Client, Sandbox, error) {
	sb, err := c.CreateSandbox(ctx, req)
	if err != nil {
		return nil, Sandbox{}, err
	}
	return &Client{base: c.base + "/sandboxes/" + url.PathEscape(sb.ID), hc: c.hc, token: c.token}, sb, nil
}

// Sandboxes lists the live sandboxes.
func (c *Client) Sandboxes(ctx context.Context) (Sandboxes, error) {
	var out Sandboxes
	err := c.do(ctx, http.MethodGet, "/_mock/sandboxes", nil, &out)
	return out, err
}

// DeleteSandbox deletes sandbox id and everything in it.
func (c *Client) DeleteSandbox(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, "/_mock/sandboxes/"+url.PathEscape(id), nil, nil)
}

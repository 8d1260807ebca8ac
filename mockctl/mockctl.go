package mockctl

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Client talks to one mock's control API. It is safe for concurrent use.
type Client struct {
	base  string
	hc    *http.Client
	token string // WithToken
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sets the HTTP client (default: 10-second timeout).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.hc = hc
		}
	}
}

// EnvControlToken names the variable that holds a mock's control token
// (wecom-mock serve --control-token reads it too).
const EnvControlToken = "WECOM_MOCK_CONTROL_TOKEN"

// WithToken sends the mock's control token (wecom-mock serve
// --control-token) as "Authorization: Bearer <token>" on every call. An
// empty token sends nothing. For the variable, WithToken(os.Getenv(
// mockctl.EnvControlToken)).
func WithToken(token string) Option { return func(c *Client) { c.token = token } }

// New returns a client for the mock at baseURL, e.g. "http://127.0.0.1:8080".
func New(baseURL string, opts ...Option) *Client {
	c := &Client{base: strings.TrimRight(baseURL, "/"), hc: &http.Client{Timeout: 10 * time.Second}}
	for _, o := range opts {
		o(c)
	}
	return c
}

// URL is the mock's base URL: the WeCom API, the login pages and the control
// API all live under it.
func (c *Client) URL() string { return c.base }

// ErrorBody is the body of every control API refusal: {"error": "..."}.
type ErrorBody struct {
	Error string `json:"error"`
}

// Error is a control API answer other than 2xx.
type Error struct {
	Method, Path string
	Status       int
	// Msg is the "error" field of the answer (or its body).
	Msg string
	// body is the whole answer, for the callers that decode more of it
	// (VerifyRequests' near misses).
	body []byte
}

func (e *Error) Error() string {
	return fmt.Sprintf("mockctl: %s %s: HTTP %d: %s", e.Method, e.Path, e.Status, e.Msg)
}

// maxAnswer bounds the control answers the client reads.
const maxAnswer = 64 << 20

// do sends one control request; in (if not nil) is sent as JSON, or as is
// when it is a []byte; out (if not nil) receives the JSON answer.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	data, err := c.raw(ctx, method, path, in)
	if err != nil || out == nil {
		return err
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("mockctl: %s %s: decoding answer: %w", method, path, err)
	}
	return nil
}

// raw sends one control request like do and returns the answer's body.
func (c *Client) raw(ctx context.Context, method, path string, in any) ([]byte, error) {
	var body io.Reader
	if in != nil {
		b, ok := in.([]byte)
		if !ok {
			var err error
			if b, err = json.Marshal(in); err != nil {
				return nil, fmt.Errorf("mockctl: %s %s: encoding request: %w", method, path, err)
			}
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return nil, fmt.Errorf("mockctl: %w", err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("mockctl: %s %s: %w", method, path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, maxAnswer))
	if err != nil {
		return nil, fmt.Errorf("mockctl: %s %s: reading answer: %w", method, path, err)
	}
	if res.StatusCode/100 != 2 {
		var e ErrorBody
		msg := strings.TrimSpace(string(data))
		if json.Unmarshal(data, &e) == nil && e.Error != "" {
			msg = e.Error
		}
		return nil, &Error{Method: method, Path: path, Status: res.StatusCode, Msg: msg, body: data}
	}
	return data, nil
}

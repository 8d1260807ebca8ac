// Package mockctl is a small client for the wecom-mock control API
// (/_mock/...). It speaks only HTTP, so it drives an in-process server
// (srv.URL()), the binary and the container the same way; the step library
// uses it for everything it asks of the mock.
//
//	ctl := mockctl.New("http://127.0.0.1:8080")
//	code, err := ctl.MintCode(ctx, mockctl.CodeRequest{
//		Kind: "miniprogram", CorpID: "wwmockcorp000001", AgentID: 1000002, UserID: "zhangsan",
//	})
//	_, err = ctl.Advance(ctx, 2*time.Hour)
//	calls, err := ctl.Requests(ctx, "/cgi-bin/gettoken")
package mockctl

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Client talks to one mock's control API. It is safe for concurrent use.
type Client struct {
	base string
	hc   *http.Client
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

// Error is a control API answer other than 2xx.
type Error struct {
	Method, Path string
	Status       int
	// Msg is the "error" field of the answer (or its body).
	Msg string
}

func (e *Error) Error() string {
	return fmt.Sprintf("mockctl: %s %s: HTTP %d: %s", e.Method, e.Path, e.Status, e.Msg)
}

// do sends one control request; in (if not nil) is sent as JSON, or as is
// when it is a []byte; out (if not nil) receives the JSON answer.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, ok := in.([]byte)
		if !ok {
			var err error
			if b, err = json.Marshal(in); err != nil {
				return fmt.Errorf("mockctl: %s %s: encoding request: %w", method, path, err)
			}
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return fmt.Errorf("mockctl: %w", err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("mockctl: %s %s: %w", method, path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("mockctl: %s %s: reading answer: %w", method, path, err)
	}
	if res.StatusCode/100 != 2 {
		var e struct {
			Error string `json:"error"`
		}
		msg := strings.TrimSpace(string(data))
		if json.Unmarshal(data, &e) == nil && e.Error != "" {
			msg = e.Error
		}
		return &Error{Method: method, Path: path, Status: res.StatusCode, Msg: msg}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("mockctl: %s %s: decoding answer: %w", method, path, err)
	}
	return nil
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

// CodeRequest asks for a login code as the WeCom client would obtain one
// (POST /_mock/codes).
type CodeRequest struct {
	// Kind is "miniprogram" (wx.qy.login) or "oauth" (the code of the OAuth
	// web login and QR login redirect).
	Kind    string `json:"kind,omitempty"`
	CorpID  string `json:"corpid"`
	AgentID int    `json:"agentid"`
	// UserID is who logs in; an oauth code may leave it empty for a
	// visitor who is not a member.
	UserID      string `json:"userid,omitempty"`
	Scope       string `json:"scope,omitempty"`
	RedirectURI string `json:"redirect_uri,omitempty"`
	OpenID      string `json:"openid,omitempty"`
	DeviceID    string `json:"deviceid,omitempty"`
}

// Code is a minted code.
type Code struct {
	Code      string `json:"code"`
	ExpiresIn int    `json:"expires_in"`
}

// MintCode mints a single-use login code (valid 5 minutes of virtual time).
func (c *Client) MintCode(ctx context.Context, req CodeRequest) (Code, error) {
	var out Code
	err := c.do(ctx, http.MethodPost, "/_mock/codes", req, &out)
	return out, err
}

type clockBody struct {
	Now    string `json:"now"`
	Frozen bool   `json:"frozen"`
}

func (b clockBody) time() (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, b.Now)
	if err != nil {
		return time.Time{}, fmt.Errorf("mockctl: clock: %w", err)
	}
	return t, nil
}

// Now is the mock's virtual time (second precision).
func (c *Client) Now(ctx context.Context) (time.Time, error) {
	var b clockBody
	if err := c.do(ctx, http.MethodGet, "/_mock/clock", nil, &b); err != nil {
		return time.Time{}, err
	}
	return b.time()
}

// Advance moves the mock's virtual clock forward by d and returns the new
// time: tokens, codes and tickets see the jump at once.
func (c *Client) Advance(ctx context.Context, d time.Duration) (time.Time, error) {
	var b clockBody
	in := map[string]string{"duration": d.String()}
	if err := c.do(ctx, http.MethodPost, "/_mock/clock/advance", in, &b); err != nil {
		return time.Time{}, err
	}
	return b.time()
}

// Fault makes the next matching API calls fail (POST /_mock/faults).
type Fault struct {
	ID string `json:"id,omitempty"`
	// Path is the exact API path ("/cgi-bin/user/get"), or "*".
	Path    string `json:"path"`
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg,omitempty"`
	// HTTPStatus answers that status with an empty body instead.
	HTTPStatus int `json:"http_status,omitempty"`
	// Times is how many calls fail; 0 means until removed.
	Times     int    `json:"times"`
	Remaining int    `json:"remaining,omitempty"`
	DelayMS   int    `json:"delay_ms,omitempty"`
	CorpID    string `json:"corpid,omitempty"`
}

// AddFault injects a fault and returns it with its id.
func (c *Client) AddFault(ctx context.Context, f Fault) (Fault, error) {
	var out Fault
	err := c.do(ctx, http.MethodPost, "/_mock/faults", f, &out)
	return out, err
}

// Faults lists the active faults.
func (c *Client) Faults(ctx context.Context) ([]Fault, error) {
	var out struct {
		Faults []Fault `json:"faults"`
	}
	err := c.do(ctx, http.MethodGet, "/_mock/faults", nil, &out)
	return out.Faults, err
}

// ClearFaults removes every fault.
func (c *Client) ClearFaults(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "/_mock/faults", nil, nil)
}

// Request is one journal entry: an API call the mock received.
type Request struct {
	Time       time.Time `json:"time"`
	Method     string    `json:"method"`
	Path       string    `json:"path"`
	Query      string    `json:"query"`
	Status     int       `json:"status"`
	ErrCode    *int      `json:"errcode"`
	DurationMS float64   `json:"duration_ms"`
}

// Requests returns the journal, oldest first; path ("" for all) filters by
// exact API path.
func (c *Client) Requests(ctx context.Context, path string) ([]Request, error) {
	p := "/_mock/requests"
	if path != "" {
		p += "?path=" + url.QueryEscape(path)
	}
	var out struct {
		Requests []Request `json:"requests"`
	}
	err := c.do(ctx, http.MethodGet, p, nil, &out)
	return out.Requests, err
}

// ClearRequests empties the journal.
func (c *Client) ClearRequests(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "/_mock/requests", nil, nil)
}

// Message is a message an app sent through message/send.
type Message struct {
	MsgID      string          `json:"msgid"`
	Time       time.Time       `json:"time"`
	CorpID     string          `json:"corpid"`
	AgentID    int             `json:"agentid"`
	MsgType    string          `json:"msgtype"`
	Content    string          `json:"content"`
	Recipients []string        `json:"recipients"`
	Recalled   bool            `json:"recalled"`
	Body       json.RawMessage `json:"body"`
}

// MessageFilter selects inbox messages; zero fields match everything.
type MessageFilter struct {
	CorpID  string
	AgentID int
	ToUser  string
	MsgType string
}

// Messages returns the messages apps sent, oldest first.
func (c *Client) Messages(ctx context.Context, f MessageFilter) ([]Message, error) {
	q := url.Values{}
	if f.CorpID != "" {
		q.Set("corpid", f.CorpID)
	}
	if f.AgentID != 0 {
		q.Set("agentid", strconv.Itoa(f.AgentID))
	}
	if f.ToUser != "" {
		q.Set("touser", f.ToUser)
	}
	if f.MsgType != "" {
		q.Set("msgtype", f.MsgType)
	}
	p := "/_mock/messages"
	if len(q) > 0 {
		p += "?" + q.Encode()
	}
	var out struct {
		Messages []Message `json:"messages"`
	}
	err := c.do(ctx, http.MethodGet, p, nil, &out)
	return out.Messages, err
}

// ClearMessages empties the inbox.
func (c *Client) ClearMessages(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "/_mock/messages", nil, nil)
}

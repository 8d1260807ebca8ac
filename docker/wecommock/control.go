package wecommock

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

// controlClient talks to the container's control API. It never uses a proxy
// from the environment: the container is local.
var controlClient = &http.Client{Transport: &http.Transport{Proxy: nil}, Timeout: 30 * time.Second}

// CodeRequest asks for a login code, as the WeCom client would obtain one
// (POST /_mock/codes).
type CodeRequest struct {
	// Kind is "miniprogram" (wx.qy.login; the default) or "oauth" (the code
	// of the OAuth2 or QR login redirect, redeemed at auth/getuserinfo).
	Kind    string `json:"kind,omitempty"`
	CorpID  string `json:"corpid"`
	AgentID int    `json:"agentid"`
	// UserID is the member who logs in; an oauth code may leave it empty
	// for a visitor who is not a member.
	UserID string `json:"userid,omitempty"`

	// For oauth codes only.
	Scope       string `json:"scope,omitempty"`        // snsapi_base (default) or snsapi_privateinfo
	RedirectURI string `json:"redirect_uri,omitempty"` // checked against the app's trusted domains
	OpenID      string `json:"openid,omitempty"`       // a visitor's openid
	DeviceID    string `json:"deviceid,omitempty"`
}

// Code is a minted login code.
type Code struct {
	Code      string `json:"code"`
	ExpiresIn int    `json:"expires_in"`
}

// MintCode issues a single-use login code, valid for 5 minutes of the
// mock's virtual time.
func (c *Container) MintCode(ctx context.Context, req CodeRequest) (Code, error) {
	var code Code
	err := c.call(ctx, http.MethodPost, "/_mock/codes", req, &code)
	return code, err
}

// Advance moves the mock's virtual clock forward by d and returns the new
// virtual time: tokens, codes and tickets see the jump at once.
func (c *Container) Advance(ctx context.Context, d time.Duration) (time.Time, error) {
	var clock struct {
		Now time.Time `json:"now"`
	}
	err := c.call(ctx, http.MethodPost, "/_mock/clock/advance", map[string]string{"duration": d.String()}, &clock)
	return clock.Now, err
}

// Reset brings the mock back to its loaded fixtures: tokens, codes, the
// journal and faults cleared, the clock reset.
func (c *Container) Reset(ctx context.Context) error {
	return c.call(ctx, http.MethodPost, "/_mock/reset", nil, nil)
}

// ControlError is a 4xx or 5xx answer of the control API.
type ControlError struct {
	Method, Path string
	Status       int
	Message      string // the answer's "error"
}

func (e *ControlError) Error() string {
	return fmt.Sprintf("wecommock: %s %s: HTTP %d: %s", e.Method, e.Path, e.Status, e.Message)
}

// call sends a JSON control request and decodes the answer into out.
func (c *Container) call(ctx context.Context, method, path string, in, out any) error {
	base, err := c.URL(ctx)
	if err != nil {
		return fmt.Errorf("wecommock: %w", err)
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("wecommock: %w", err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, base+path, body)
	if err != nil {
		return fmt.Errorf("wecommock: %w", err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := controlClient.Do(req)
	if err != nil {
		return fmt.Errorf("wecommock: %s %s: %w", method, path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 16<<20))
	if err != nil {
		return fmt.Errorf("wecommock: %s %s: %w", method, path, err)
	}
	if res.StatusCode >= 400 {
		var e struct {
			Error string `json:"error"`
		}
		msg := strings.TrimSpace(string(data))
		if json.Unmarshal(data, &e) == nil && e.Error != "" {
			msg = e.Error
		}
		return &ControlError{Method: method, Path: path, Status: res.StatusCode, Message: msg}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("wecommock: %s %s: %w in %q", method, path, err, data)
	}
	return nil
}

// get fetches a control path's raw body.
func (c *Container) get(ctx context.Context, path string) ([]byte, error) {
	base, err := c.URL(ctx)
	if err != nil {
		return nil, fmt.Errorf("wecommock: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
	if err != nil {
		return nil, fmt.Errorf("wecommock: %w", err)
	}
	res, err := controlClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("wecommock: GET %s: %w", path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("wecommock: GET %s: %w", path, err)
	}
	if res.StatusCode != http.StatusOK {
		return nil, &ControlError{Method: http.MethodGet, Path: path, Status: res.StatusCode, Message: strings.TrimSpace(string(data))}
	}
	return data, nil
}

package mockctl

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// Stub is a canned answer for calls of one WeCom API path, for whatever the
// mock does not model (or to override what it does). Stubs win over the
// mock's own answers; the newest matching stub answers.
type Stub struct {
	// ID is assigned by the mock.
	ID string `json:"id,omitempty"`
	// Path is the exact API path, e.g. "/cgi-bin/oa/getapprovalinfo".
	Path string `json:"path"`
	// CorpID, if set, limits the stub to calls for that corp (by the
	// corpid parameter or the caller's access token).
	CorpID string `json:"corpid,omitempty"`
	// Match narrows the stub to calls whose query and JSON body contain
	// these values.
	Match StubMatch `json:"match"`
	// Response is a JSON object merged over {"errcode":0,"errmsg":"ok"}.
	// A non-zero errcode without an errmsg gets that code's WeCom errmsg.
	Response json.RawMessage `json:"response,omitempty"`
	// Times is how many calls the stub answers; 0 means until removed.
	Times int `json:"times"`
	// Remaining counts down from Times (read-only).
	Remaining int `json:"remaining,omitempty"`
	// Hits counts the calls the stub answered (read-only).
	Hits int64 `json:"hits"`
}

// StubMatch is what a call must contain for a stub to answer it.
type StubMatch struct {
	// Query parameters that must have exactly these values.
	Query map[string]string `json:"query,omitempty"`
	// Body is a JSON object that must be a subset of the call's JSON body:
	// every field present with an equal value, objects compared the same way
	// recursively, arrays and scalars compared whole.
	Body json.RawMessage `json:"body,omitempty"`
}

// StubList is the answer of GET /_mock/stubs.
type StubList struct {
	Stubs []Stub `json:"stubs"`
}

// AddStub installs a stub and returns it with its id.
func (c *Client) AddStub(ctx context.Context, s Stub) (Stub, error) {
	var out Stub
	err := c.do(ctx, http.MethodPost, "/_mock/stubs", s, &out)
	return out, err
}

// Stubs lists the installed stubs, oldest first.
func (c *Client) Stubs(ctx context.Context) ([]Stub, error) {
	var out StubList
	err := c.do(ctx, http.MethodGet, "/_mock/stubs", nil, &out)
	return out.Stubs, err
}

// DeleteStub removes one stub.
func (c *Client) DeleteStub(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, "/_mock/stubs/"+url.PathEscape(id), nil, nil)
}

// ClearStubs removes every stub.
func (c *Client) ClearStubs(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "/_mock/stubs", nil, nil)
}

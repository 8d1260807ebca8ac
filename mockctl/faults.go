package mockctl

import (
	"context"
	"net/http"
	"net/url"
)

// Fault makes the next matching API calls fail (or slow down) on purpose
// (POST /_mock/faults).
type Fault struct {
	// ID is set by the mock.
	ID string `json:"id"`
	// Path is the exact API path, e.g. "/cgi-bin/user/get"; "*" matches
	// every WeCom API (/cgi-bin/...).
	Path string `json:"path"`
	// Kind is what the call gets instead of its answer: FaultReset,
	// FaultHTTP, FaultMalformed, FaultSlow, or (empty, FaultErrcode or
	// FaultDelay) the errcode, delay or http_status below.
	Kind string `json:"kind,omitempty"`
	// ErrCode is answered instead of the real result, with its exact errmsg
	// (or ErrMsg if set). 0 with a delay only slows the call down.
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg,omitempty"`
	// HTTPStatus, if set, answers that status with an empty body instead of
	// a WeCom error (a broken proxy; see FaultHTTP for WeCom's gateway).
	HTTPStatus int `json:"http_status,omitempty"`
	// Status is FaultHTTP's status: 502, 503 or 504.
	Status int `json:"status,omitempty"`
	// BytesPerSecond is FaultSlow's pace.
	BytesPerSecond int `json:"bytes_per_second,omitempty"`
	// Times is how many calls the fault applies to; 0 means until removed.
	// (The control API takes 1 when the field is left out.)
	Times int `json:"times"`
	// Remaining counts down from Times (read-only).
	Remaining int `json:"remaining"`
	// DelayMS delays the answer by that many real milliseconds.
	DelayMS int `json:"delay_ms,omitempty"`
	// CorpID, if set, limits the fault to calls for that corp (by the
	// corpid parameter or the access token's corp).
	CorpID string `json:"corpid,omitempty"`
	// AgentID, if set, limits the fault to calls of that app (by the
	// access token's app, or gettoken's corpsecret).
	AgentID int `json:"agentid,omitempty"`
	// Match limits the fault to calls with these query values and a JSON
	// body holding these fields, as a stub's Match does.
	Match StubMatch `json:"match,omitzero"`
	// Probability, between 0 and 1, is the chance that a matching call is
	// hit; 0 (left out) means every one. The draws come from Seed: the same
	// seed and the same calls give the same faults.
	Probability float64 `json:"probability,omitempty"`
	Seed        int64   `json:"seed,omitempty"`
}

// The kinds of fault (Fault.Kind).
const (
	// FaultErrcode answers Fault.ErrCode as the endpoint's own error.
	FaultErrcode = "errcode"
	// FaultDelay only delays the real answer by Fault.DelayMS.
	FaultDelay = "delay"
	// FaultReset closes the connection without an answer.
	FaultReset = "reset"
	// FaultHTTP answers Fault.Status (502, 503 or 504) with the HTML page
	// of WeCom's gateway.
	FaultHTTP = "http"
	// FaultMalformed answers HTTP 200 with the real answer cut in half:
	// JSON that does not decode.
	FaultMalformed = "malformed"
	// FaultSlow sends the real answer at Fault.BytesPerSecond.
	FaultSlow = "slow"
)

// FaultList is the answer of GET and DELETE /_mock/faults.
type FaultList struct {
	Faults []Fault `json:"faults"`
}

// FaultRemoved is the answer of DELETE /_mock/faults/{id}.
type FaultRemoved struct {
	Removed string `json:"removed"`
}

// AddFault injects a fault and returns it with its id.
func (c *Client) AddFault(ctx context.Context, f Fault) (Fault, error) {
	var out Fault
	err := c.do(ctx, http.MethodPost, "/_mock/faults", f, &out)
	return out, err
}

// Faults lists the active faults.
func (c *Client) Faults(ctx context.Context) ([]Fault, error) {
	var out FaultList
	err := c.do(ctx, http.MethodGet, "/_mock/faults", nil, &out)
	return out.Faults, err
}

// RemoveFault removes one fault.
func (c *Client) RemoveFault(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, "/_mock/faults/"+url.PathEscape(id), nil, nil)
}

// ClearFaults removes every fault.
func (c *Client) ClearFaults(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "/_mock/faults", nil, nil)
}

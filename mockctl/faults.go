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
	// ErrCode is answered instead of the real result, with its exact errmsg
	// (or ErrMsg if set). 0 with a delay only slows the call down.
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg,omitempty"`
	// HTTPStatus, if set, answers that status with an empty body instead of
	// a WeCom error (for 502s from a proxy, say).
	HTTPStatus int `json:"http_status,omitempty"`
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
}

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

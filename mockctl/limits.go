package mockctl

import (
	"context"
	"net/http"
	"time"
)

// Limits is the answer of GET /_mock/limits: whether WeCom's frequency
// limits are played, and their live counters (those whose windows are not
// over), sorted. See docs/limits.md.
type Limits struct {
	// Enabled reports that the limits are on (serve --limits real,
	// WithRealLimits, or the world's `limits: real`).
	Enabled bool `json:"enabled"`
	// Calls are the API call counters per corp and per IP, each for one
	// API path.
	Calls []LimitCounter `json:"calls"`
	// Members are each app's message counters per member (message/send).
	Members []LimitCounter `json:"members"`
	// Quotas are the apps' daily send quotas, today (China time).
	Quotas []LimitQuota `json:"quotas"`
	// InFlight are the API calls being served now, per corp (or IP) and
	// path.
	InFlight []LimitFlight `json:"in_flight"`
	// Images are each corp's permanent image uploads (media/uploadimg).
	Images []LimitImages `json:"images"`
}

// LimitImages is a corp's permanent image uploads today (China time) and in
// its 30-day month, of 1000 and 3000.
type LimitImages struct {
	CorpID string `json:"corpid"`
	Today  int    `json:"today"`
	Month  int    `json:"month"`
	// BlockedUntil is when uploads reopen; absent while they are open.
	BlockedUntil *time.Time `json:"blocked_until,omitempty"`
}

// LimitCounter is one frequency counter: the events in its current minute
// and hour windows.
type LimitCounter struct {
	// Scope is "corp" or "ip" (API calls) or "member" (an app's messages
	// to one member).
	Scope   string `json:"scope"`
	CorpID  string `json:"corpid,omitempty"`
	IP      string `json:"ip,omitempty"`
	Path    string `json:"path,omitempty"`
	AgentID int    `json:"agentid,omitempty"`
	UserID  string `json:"userid,omitempty"`
	Minute  int    `json:"minute"`
	Hour    int    `json:"hour"`
	// BlockedUntil is when a full window reopens (virtual time); absent
	// when the counter is not blocked.
	BlockedUntil *time.Time `json:"blocked_until,omitempty"`
}

// LimitQuota is an app's daily send quota: the 人次 sent today of
// (members × 200).
type LimitQuota struct {
	CorpID  string `json:"corpid"`
	AgentID int    `json:"agentid"`
	Day     string `json:"day"` // YYYY-MM-DD, China time
	Sent    int    `json:"sent"`
	Quota   int    `json:"quota"`
	// Blocked reports that a send was refused today: every send is, until
	// the next day.
	Blocked bool `json:"blocked"`
}

// LimitFlight is how many calls of one API a corp (or an IP, for calls
// without an access token) has in flight.
type LimitFlight struct {
	CorpID string `json:"corpid,omitempty"`
	IP     string `json:"ip,omitempty"`
	Path   string `json:"path"`
	N      int    `json:"n"`
}

// Limits returns the limits' switch and counters (GET /_mock/limits).
func (c *Client) Limits(ctx context.Context) (Limits, error) {
	var l Limits
	err := c.do(ctx, http.MethodGet, "/_mock/limits", nil, &l)
	return l, err
}

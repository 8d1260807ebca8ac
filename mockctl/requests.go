package mockctl

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// Request is one journal entry: a call the mock received on the WeCom API.
type Request struct {
	Time   time.Time `json:"time"` // virtual time of arrival
	Method string    `json:"method"`
	Path   string    `json:"path"`
	// Query is the raw query with secrets masked.
	Query  string `json:"query"`
	Status int    `json:"status"`
	// ErrCode is the errcode the mock answered, nil when the answer had
	// none (404, raw media, a page).
	ErrCode    *int    `json:"errcode"`
	DurationMS float64 `json:"duration_ms"`
	// CorpID is the corp the call was for, when known: its corpid
	// parameter, or the corp of its access token (looked up when the
	// journal is read, so empty once a reset has dropped the token).
	CorpID string `json:"corpid,omitempty"`
}

// Journal is the answer of GET /_mock/requests.
type Journal struct {
	// Kept is how many entries the journal holds; Total how many calls it
	// has seen (the oldest are dropped past its size).
	Kept     int       `json:"kept"`
	Requests []Request `json:"requests"`
	Total    int64     `json:"total"`
	// NextCursor, on a page, is the cursor of the next one; empty on the
	// last page.
	NextCursor string `json:"next_cursor,omitempty"`
}

// Requests returns the journal, oldest first; path ("" for all) filters by
// exact API path.
func (c *Client) Requests(ctx context.Context, path string) ([]Request, error) {
	p := "/_mock/requests"
	if path != "" {
		p += "?path=" + url.QueryEscape(path)
	}
	var out Journal
	err := c.do(ctx, http.MethodGet, p, nil, &out)
	return out.Requests, err
}

// RequestsPage returns one page of the journal: up to limit entries (500
// when 0, at most 5000) from cursor (a NextCursor of an earlier page, ""
// for the oldest); path ("" for all) filters by exact API path.
func (c *Client) RequestsPage(ctx context.Context, path string, limit int, cursor string) (Journal, error) {
	q := url.Values{}
	if path != "" {
		q.Set("path", path)
	}
	if limit == 0 {
		limit = 500
	}
	setPage(q, limit, cursor)
	var out Journal
	err := c.do(ctx, http.MethodGet, "/_mock/requests?"+q.Encode(), nil, &out)
	return out, err
}

// ClearRequests empties the journal.
func (c *Client) ClearRequests(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "/_mock/requests", nil, nil)
}

package mockctl

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// Request is one journal entry: a call the mock received on the WeCom API.
// Secrets are masked: corpsecret, suite_secret, provider_secret, secret and
// permanent_code in the query and in JSON or form bodies show as "***",
// tokens keep their first 8 characters, Authorization and Cookie headers
// keep only their scheme. Headers and bodies are clipped (a body to 4 KiB,
// marked "…[truncated N bytes]"); a binary body shows as "[binary, N
// bytes]".
type Request struct {
	// Seq is the entry's place among the calls recorded since the journal
	// was last cleared (0 for the first).
	Seq    int64     `json:"seq"`
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
	// AgentID is the app the call was for, when known: the app of its
	// access token, or an agentid in its query or JSON body.
	AgentID int `json:"agentid,omitempty"`

	RequestHeaders  http.Header `json:"request_headers,omitempty"`
	RequestBody     string      `json:"request_body,omitempty"`
	ResponseHeaders http.Header `json:"response_headers,omitempty"`
	ResponseBody    string      `json:"response_body,omitempty"`
	// Trimmed is set when the journal dropped the entry's headers and
	// bodies to stay within its byte budget (the oldest go first).
	Trimmed bool `json:"trimmed,omitempty"`

	// Unmatched is set when no API or page answers the path (an empty 404,
	// as the real host gives); DidYouMean lists the nearest API paths.
	Unmatched  bool     `json:"unmatched,omitempty"`
	DidYouMean []string `json:"did_you_mean,omitempty"`
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

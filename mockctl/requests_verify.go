package mockctl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// RequestPattern selects journal entries: the filters of GET
// /_mock/requests and the body of POST /_mock/requests/count and
// /_mock/requests/verify. Zero fields match everything; Query and Body
// match as a stub's do (StubMatch): each query value equal, Body a subset
// of the call's JSON body.
type RequestPattern struct {
	Path   string `json:"path,omitempty"`   // exact path
	Method string `json:"method,omitempty"` // GET, POST… in any case
	// ErrCode, when set, is the errcode the mock answered.
	ErrCode *int   `json:"errcode,omitempty"`
	CorpID  string `json:"corpid,omitempty"`
	AgentID int    `json:"agentid,omitempty"`
	// Since keeps the calls that arrived at or after this virtual time.
	Since time.Time         `json:"since,omitzero"`
	Query map[string]string `json:"query,omitempty"`
	Body  json.RawMessage   `json:"body,omitempty"`
}

// Values is p as the query parameters of GET /_mock/requests: path,
// method, errcode, corpid, agentid, since (RFC 3339), query (the wanted
// parameters, themselves form-encoded) and body (JSON).
func (p RequestPattern) Values() url.Values {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("path", p.Path)
	set("method", p.Method)
	if p.ErrCode != nil {
		q.Set("errcode", strconv.Itoa(*p.ErrCode))
	}
	set("corpid", p.CorpID)
	if p.AgentID != 0 {
		q.Set("agentid", strconv.Itoa(p.AgentID))
	}
	if !p.Since.IsZero() {
		q.Set("since", p.Since.Format(time.RFC3339Nano))
	}
	if len(p.Query) > 0 {
		sub := url.Values{}
		for k, v := range p.Query {
			sub.Set(k, v)
		}
		q.Set("query", sub.Encode())
	}
	set("body", string(p.Body))
	return q
}

// RequestCount is the answer of POST /_mock/requests/count.
type RequestCount struct {
	Count int `json:"count"`
}

// RequestVerification is the body of POST /_mock/requests/verify: a
// pattern and how many calls should match it.
type RequestVerification struct {
	RequestPattern
	Count int `json:"count"`
}

// NearMiss is a journal entry close to a pattern it does not match, with
// what differs, e.g. `body touser: want "zhangsan", got "lisi"`.
type NearMiss struct {
	Request     Request  `json:"request"`
	Differences []string `json:"differences"`
}

// VerifyError is a failed verification: the 409 answer of POST
// /_mock/requests/verify, and the error of Client.VerifyRequests and of
// mockserver's Server.VerifyRequests.
type VerifyError struct {
	Count    int `json:"count"`
	Expected int `json:"expected"`
	// NearMisses are the closest entries, closest first (at most a few).
	NearMisses []NearMiss `json:"near_misses"`
	// Pattern is what was verified (not part of the answer).
	Pattern RequestPattern `json:"-"`
}

func (e *VerifyError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "expected %d %s, the mock received %d", e.Expected, describePattern(e.Pattern, e.Expected), e.Count)
	if len(e.NearMisses) == 0 {
		return b.String()
	}
	b.WriteString("; near misses:")
	for _, m := range e.NearMisses {
		fmt.Fprintf(&b, "\n  #%d %s %s", m.Request.Seq, m.Request.Method, m.Request.Path)
		if m.Request.Query != "" {
			b.WriteString("?" + m.Request.Query)
		}
		for _, d := range m.Differences {
			b.WriteString("\n    " + d)
		}
	}
	return b.String()
}

// describePattern is p in words for n calls: `calls to /cgi-bin/user/get
// with query {"userid":"zhangsan"}`.
func describePattern(p RequestPattern, n int) string {
	var b strings.Builder
	if n == 1 {
		b.WriteString("call")
	} else {
		b.WriteString("calls")
	}
	if p.Method != "" {
		b.WriteString(" " + strings.ToUpper(p.Method))
	}
	if p.Path != "" {
		b.WriteString(" to " + p.Path)
	}
	var with []string
	if len(p.Query) > 0 {
		q, _ := json.Marshal(p.Query)
		with = append(with, "query "+string(q))
	}
	if len(p.Body) > 0 {
		with = append(with, "body "+string(p.Body))
	}
	if p.ErrCode != nil {
		with = append(with, "errcode "+strconv.Itoa(*p.ErrCode))
	}
	if p.CorpID != "" {
		with = append(with, "corpid "+p.CorpID)
	}
	if p.AgentID != 0 {
		with = append(with, "agentid "+strconv.Itoa(p.AgentID))
	}
	if !p.Since.IsZero() {
		with = append(with, "since "+p.Since.Format(time.RFC3339))
	}
	if len(with) > 0 {
		b.WriteString(" with " + strings.Join(with, ", "))
	}
	return b.String()
}

// FindRequests returns the journal entries p selects, oldest first.
func (c *Client) FindRequests(ctx context.Context, p RequestPattern) ([]Request, error) {
	var out Journal
	err := c.do(ctx, http.MethodGet, "/_mock/requests?"+p.Values().Encode(), nil, &out)
	return out.Requests, err
}

// CountRequests returns how many journal entries p selects.
func (c *Client) CountRequests(ctx context.Context, p RequestPattern) (int, error) {
	var out RequestCount
	err := c.do(ctx, http.MethodPost, "/_mock/requests/count", p, &out)
	return out.Count, err
}

// VerifyRequests checks that exactly n journal entries match p; when not,
// the error is a *VerifyError with the near misses.
func (c *Client) VerifyRequests(ctx context.Context, p RequestPattern, n int) error {
	_, err := c.raw(ctx, http.MethodPost, "/_mock/requests/verify", RequestVerification{RequestPattern: p, Count: n})
	var ce *Error
	if !errors.As(err, &ce) || ce.Status != http.StatusConflict {
		return err
	}
	ve := &VerifyError{Pattern: p}
	if json.Unmarshal(ce.body, ve) != nil {
		return err
	}
	return ve
}

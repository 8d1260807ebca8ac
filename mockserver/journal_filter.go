package mockserver

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/stubs"
)

// RequestPattern is RequestFilter on the wire: GET /_mock/requests'
// parameters and the body of POST /_mock/requests/count and /verify.
type RequestPattern = mockctl.RequestPattern

// VerifyError is VerifyRequests' error: the count, the expected count and
// the nearest misses.
type VerifyError = mockctl.VerifyError

// NearMiss is a journal entry close to a verified pattern, with what
// differs.
type NearMiss = mockctl.NearMiss

// requestMatcher is a RequestFilter ready to test entries against.
type requestMatcher struct {
	f    RequestFilter
	body map[string]any
}

func (s *Server) newRequestMatcher(f RequestFilter) (*requestMatcher, error) {
	body, err := stubs.ParseBody(f.Body)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	return &requestMatcher{f: f, body: body}, nil
}

// matches reports whether e is selected: the cheap fields first, the body
// and the corp (a store lookup) only when those match.
func (s *Server) matches(m *requestMatcher, e *entry) bool {
	f := &m.f
	switch {
	case f.Path != "" && string(e.part(partPath)) != f.Path,
		f.Method != "" && !strings.EqualFold(e.method, f.Method),
		f.ErrCode != nil && (!e.hasErrcode || e.errcode != *f.ErrCode),
		!f.Since.IsZero() && e.time.Before(f.Since):
		return false
	}
	rawQ := string(e.part(partQuery))
	if !stubs.QueryMatches(f.Query, rawQuery(rawQ).Get) {
		return false
	}
	if m.body != nil && !stubs.Contains(entryBody(e), m.body) {
		return false
	}
	if f.CorpID != "" || f.AgentID != 0 {
		corp, agent := s.entryOwner(e, rawQ)
		if f.CorpID != "" && corp != f.CorpID || f.AgentID != 0 && agent != f.AgentID {
			return false
		}
	}
	return true
}

// entryBody is the call's JSON body as an object, or nil: also when the
// journal clipped or trimmed it.
func entryBody(e *entry) map[string]any {
	b := e.part(partReqBody)
	if len(b) == 0 || e.reqBodyLen != int64(len(b)) {
		return nil
	}
	var doc map[string]any
	if json.Unmarshal(b, &doc) != nil {
		return nil
	}
	return doc
}

// findRequests returns up to limit (all when negative) entries m selects
// from sequence number from on, oldest first, revealed; the sequence
// number to go on from; and whether a further entry matches. The journal
// is copied a chunk at a time and matched outside its lock.
func (s *Server) findRequests(m *requestMatcher, from int64, limit int) (out []Request, next int64, more bool) {
	out = []Request{}
	for {
		chunk, after := s.journal.snapshot(from, streamChunk)
		for i := range chunk {
			e := &chunk[i]
			if !s.matches(m, e) {
				continue
			}
			if len(out) == limit {
				return out, e.seq, true
			}
			out = append(out, s.reveal(e))
		}
		if len(chunk) == 0 {
			return out, after, false
		}
		from = after
	}
}

// eachEntry calls fn for every entry, oldest first, a chunk at a time.
func (s *Server) eachEntry(fn func(e *entry)) {
	for from := int64(0); ; {
		chunk, after := s.journal.snapshot(from, streamChunk)
		if len(chunk) == 0 {
			return
		}
		for i := range chunk {
			fn(&chunk[i])
		}
		from = after
	}
}

// filterOfPattern and patternOfFilter convert between the wire and Go
// forms.
func filterOfPattern(p RequestPattern) RequestFilter {
	return RequestFilter{Path: p.Path, Method: p.Method, ErrCode: p.ErrCode, CorpID: p.CorpID,
		AgentID: p.AgentID, Since: p.Since, Query: p.Query, Body: p.Body}
}

func patternOfFilter(f RequestFilter) RequestPattern {
	return RequestPattern{Path: f.Path, Method: f.Method, ErrCode: f.ErrCode, CorpID: f.CorpID,
		AgentID: f.AgentID, Since: f.Since, Query: f.Query, Body: f.Body}
}

// filterOfQuery reads GET /_mock/requests' filter parameters (see
// RequestPattern.Values).
func filterOfQuery(q url.Values) (RequestFilter, error) {
	f := RequestFilter{Path: q.Get("path"), Method: q.Get("method"), CorpID: q.Get("corpid")}
	if v := q.Get("errcode"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return f, badRequest(`"errcode" must be an integer, got %q`, v)
		}
		f.ErrCode = &n
	}
	if v := q.Get("agentid"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return f, badRequest(`"agentid" must be an integer, got %q`, v)
		}
		f.AgentID = n
	}
	if v := q.Get("since"); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return f, badRequest(`"since" must be an RFC 3339 time such as 2026-01-02T15:04:05Z, got %q`, v)
		}
		f.Since = t
	}
	if v := q.Get("query"); v != "" {
		sub, err := url.ParseQuery(v)
		if err != nil {
			return f, badRequest(`"query" must be form-encoded parameters such as userid%%3Dzhangsan: %v`, err)
		}
		f.Query = map[string]string{}
		for k := range sub {
			f.Query[k] = sub.Get(k)
		}
	}
	if v := q.Get("body"); v != "" {
		f.Body = json.RawMessage(v)
	}
	return f, nil
}

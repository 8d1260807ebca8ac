package mockserver

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/catalog"
	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/stubs"
)

// Counting and verifying calls, WireMock's way: how many journal entries a
// pattern selects, and when that is not what was expected, the entries
// that came closest and how they differ.

// maxNearMisses is how many near misses a failed verification lists.
const maxNearMisses = 3

// CountRequests returns how many journal entries f selects (its Limit and
// Cursor are ignored). The error is a bad Body.
func (s *Server) CountRequests(f RequestFilter) (int, error) {
	m, err := s.newRequestMatcher(f)
	if err != nil {
		return 0, err
	}
	n := 0
	s.eachEntry(func(e *entry) {
		if s.matches(m, e) {
			n++
		}
	})
	return n, nil
}

// VerifyRequests checks that exactly n journal entries match f. When not,
// the error is a *VerifyError naming the closest misses: entries of the
// same path whose query or body fields differ, or of a similar path.
//
//	err := srv.VerifyRequests(mockserver.RequestFilter{
//		Path: "/cgi-bin/message/send",
//		Body: json.RawMessage(`{"touser":"zhangsan"}`),
//	}, 1)
func (s *Server) VerifyRequests(f RequestFilter, n int) error {
	if n < 0 {
		return badRequest(`"count" must be 0 or more, got %d`, n)
	}
	m, err := s.newRequestMatcher(f)
	if err != nil {
		return err
	}
	got := 0
	var misses []nearMiss
	s.eachEntry(func(e *entry) {
		if s.matches(m, e) {
			got++
			return
		}
		if nm, ok := s.nearMissOf(m, e); ok {
			// Keep the closest few: the journal may hold a million.
			misses = append(misses, nm)
			slices.SortStableFunc(misses, closer)
			misses = misses[:min(len(misses), maxNearMisses)]
		}
	})
	if got == n {
		return nil
	}
	ve := &VerifyError{Count: got, Expected: n, NearMisses: []NearMiss{}, Pattern: patternOfFilter(f)}
	for _, nm := range misses {
		ve.NearMisses = append(ve.NearMisses, NearMiss{Request: s.reveal(&nm.e), Differences: nm.differences})
	}
	return ve
}

// AssertRequested fails t unless exactly n journal entries match f,
// listing the near misses.
//
//	srv.AssertRequested(t, mockserver.RequestFilter{Path: "/cgi-bin/gettoken"}, 1)
func (s *Server) AssertRequested(t testing.TB, f RequestFilter, n int) {
	t.Helper()
	if err := s.VerifyRequests(f, n); err != nil {
		t.Errorf("mockserver: %v", err)
	}
}

// nearMiss is an entry close to a pattern it does not match.
type nearMiss struct {
	e            entry
	pathDistance int
	differences  []string
}

// closer orders near misses: closest path, then fewest differences, then
// newest.
func closer(a, b nearMiss) int {
	return cmp.Or(cmp.Compare(a.pathDistance, b.pathDistance),
		cmp.Compare(len(a.differences), len(b.differences)), cmp.Compare(b.e.seq, a.e.seq))
}

// nearMissOf tells how e differs from m, if it is close: of the same path
// (or any path when m names none) or of a path a few edits away.
func (s *Server) nearMissOf(m *requestMatcher, e *entry) (nearMiss, bool) {
	f := &m.f
	nm := nearMiss{e: *e}
	path := string(e.part(partPath))
	if f.Path != "" && path != f.Path {
		limit := max(2, len(f.Path)/5)
		if nm.pathDistance = catalog.PathDistance(path, f.Path, limit); nm.pathDistance > limit {
			return nm, false
		}
		nm.differences = append(nm.differences, fmt.Sprintf("path: want %s, got %s", f.Path, path))
	}
	if f.Method != "" && !strings.EqualFold(e.method, f.Method) {
		nm.differences = append(nm.differences, fmt.Sprintf("method: want %s, got %s", strings.ToUpper(f.Method), e.method))
	}
	if f.ErrCode != nil && (!e.hasErrcode || e.errcode != *f.ErrCode) {
		got := "none"
		if e.hasErrcode {
			got = strconv.Itoa(e.errcode)
		}
		nm.differences = append(nm.differences, fmt.Sprintf("errcode: want %d, got %s", *f.ErrCode, got))
	}
	if !f.Since.IsZero() && e.time.Before(f.Since) {
		nm.differences = append(nm.differences, fmt.Sprintf("time: want since %s, got %s", f.Since.Format(timeLayout), e.time.Format(timeLayout)))
	}
	rawQ := string(e.part(partQuery))
	q := rawQuery(rawQ)
	for _, d := range stubs.QueryDifferences(f.Query, q.Get) {
		nm.differences = append(nm.differences, maskDifference(d))
	}
	if m.body != nil {
		if body := entryBody(e); body == nil {
			nm.differences = append(nm.differences, "body: not a JSON object the journal kept whole")
		} else {
			for _, d := range stubs.Differences(body, m.body) {
				nm.differences = append(nm.differences, maskDifference(d))
			}
		}
	}
	if f.CorpID != "" || f.AgentID != 0 {
		corp, agent := s.entryOwner(e, rawQ)
		if f.CorpID != "" && corp != f.CorpID {
			nm.differences = append(nm.differences, fmt.Sprintf("corpid: want %s, got %q", f.CorpID, corp))
		}
		if f.AgentID != 0 && agent != f.AgentID {
			nm.differences = append(nm.differences, fmt.Sprintf("agentid: want %d, got %d", f.AgentID, agent))
		}
	}
	return nm, len(nm.differences) > 0
}

const timeLayout = "2006-01-02T15:04:05.999Z07:00"

// maskDifference hides what a difference shows of a secret or token field
// ("query corpsecret: want …, got …").
func maskDifference(d string) string {
	head, _, _ := strings.Cut(d, ":")
	name := head[strings.LastIndexAny(head, " .")+1:]
	if secretParams[strings.ToLower(name)] || tokenParams[strings.ToLower(name)] {
		return head + ": differs (masked)"
	}
	return d
}

// requestVerification is POST /_mock/requests/verify's body, with count
// required.
type requestVerification struct {
	mockctl.RequestPattern
	Count *int `json:"count"`
}

func (s *Server) journalControlRoutes(handle func(string, controlFunc, ...string)) {
	handle("/requests/count", s.ctlCountRequests, http.MethodPost)
	handle("/requests/verify", s.ctlVerifyRequests, http.MethodPost)
}

// ctlCountRequests is POST /_mock/requests/count: {"count":N}.
func (s *Server) ctlCountRequests(r *http.Request) (any, error) {
	var p RequestPattern
	if err := decodeControl(r, &p); err != nil {
		return nil, err
	}
	n, err := s.CountRequests(filterOfPattern(p))
	if err != nil {
		return nil, err
	}
	return mockctl.RequestCount{Count: n}, nil
}

// ctlVerifyRequests is POST /_mock/requests/verify: 200 {"count":N} when N
// calls match, else 409 with the count, the expected count and the near
// misses.
func (s *Server) ctlVerifyRequests(r *http.Request) (any, error) {
	var v requestVerification
	if err := decodeControl(r, &v); err != nil {
		return nil, err
	}
	if v.Count == nil {
		return nil, badRequest(`"count" is required: how many calls should match`)
	}
	err := s.VerifyRequests(filterOfPattern(v.RequestPattern), *v.Count)
	var ve *VerifyError
	if errors.As(err, &ve) {
		return verifyConflict{ve}, nil
	}
	if err != nil {
		return nil, err
	}
	return mockctl.RequestCount{Count: *v.Count}, nil
}

// verifyConflict writes a failed verification as a 409.
type verifyConflict struct{ *VerifyError }

func (c verifyConflict) writeStream(w http.ResponseWriter) {
	writeControlJSON(w, http.StatusConflict, c.VerifyError)
}

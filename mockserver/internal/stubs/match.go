package stubs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// Pattern is what a call must show to match a stub or a fault, besides its
// path: its corp, its app, query values and a subset of its JSON body. Its
// zero value matches every call.
type Pattern struct {
	corp  string
	agent int
	query map[string]string
	body  map[string]any // the decoded StubMatch.Body
}

// NewPattern makes the pattern of a corp ("" for any), an app (0 for any)
// and m. It fails if m.Body is given and is not a JSON object.
func NewPattern(corpID string, agentID int, m mockctl.StubMatch) (Pattern, error) {
	body, err := ParseBody(m.Body)
	if err != nil {
		return Pattern{}, errors.New("match." + err.Error())
	}
	return Pattern{corp: corpID, agent: agentID, query: m.Query, body: body}, nil
}

// Call is what a pattern may ask of a call. Each function is called only
// when some pattern needs it, and at most once per Seen.
type Call struct {
	Path  string
	Corp  func() string
	Agent func() int // the caller's app, 0 if none
	Query func(name string) string
	// Body returns the call's JSON body as an object, or nil.
	Body func() map[string]any
}

// Seen is one call being matched against many patterns: what a pattern
// asked of it is kept for the next ones.
type Seen struct {
	c                               Call
	corp                            string
	agent                           int
	body                            map[string]any
	corpKnown, agentKnown, bodyRead bool
}

// NewSeen starts matching c.
func NewSeen(c Call) *Seen { return &Seen{c: c} }

// Path is the call's path.
func (s *Seen) Path() string { return s.c.Path }

// Matches reports whether the call shows everything p asks for.
func (p *Pattern) Matches(s *Seen) bool {
	if p.corp != "" {
		if !s.corpKnown {
			s.corp, s.corpKnown = s.c.Corp(), true
		}
		if s.corp != p.corp {
			return false
		}
	}
	if p.agent != 0 {
		if !s.agentKnown {
			s.agentKnown = true
			if s.c.Agent != nil {
				s.agent = s.c.Agent()
			}
		}
		if s.agent != p.agent {
			return false
		}
	}
	if !QueryMatches(p.query, s.c.Query) {
		return false
	}
	if p.body != nil {
		if !s.bodyRead {
			s.body, s.bodyRead = s.c.Body(), true
		}
		if !Contains(s.body, p.body) {
			return false
		}
	}
	return true
}

// What a stub's or a fault's match means — query values equal, the JSON
// body a subset — is also what the request journal's filters, counts and
// verifications mean (mockserver/journal_filter.go), so all use these
// functions.

// ParseBody decodes a body pattern: a JSON object, or nil for an empty
// one.
func ParseBody(raw json.RawMessage) (map[string]any, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, nil
	}
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil || body == nil {
		return nil, errors.New("body must be a JSON object")
	}
	return body, nil
}

// QueryMatches reports whether get answers every name of want with its
// value.
func QueryMatches(want map[string]string, get func(string) string) bool {
	for k, v := range want {
		if get(k) != v {
			return false
		}
	}
	return true
}

// Contains reports whether got holds every field of want with an equal
// value; nested objects are compared the same way, anything else whole.
func Contains(got, want map[string]any) bool {
	return subset(got, want, "", nil)
}

// Differences names the fields of want that got lacks or holds with
// another value, nested ones by their path ("text.content"), sorted:
// what a near miss tells its reader. It is empty when Contains is true.
func Differences(got, want map[string]any) []string {
	var out []string
	subset(got, want, "", func(d string) { out = append(out, d) })
	slices.Sort(out)
	return out
}

// QueryDifferences names the query parameters of want that get answers
// with another value, like Differences.
func QueryDifferences(want map[string]string, get func(string) string) []string {
	var out []string
	for k, v := range want {
		if g := get(k); g != v {
			out = append(out, fmt.Sprintf("query %s: want %q, got %q", k, v, g))
		}
	}
	slices.Sort(out)
	return out
}

// subset is Contains, telling report (when not nil) of every difference
// instead of stopping at the first.
func subset(got, want map[string]any, prefix string, report func(string)) bool {
	ok := true
	for k, wv := range want {
		name := prefix + k
		gv, present := got[k]
		wm, wIsObj := wv.(map[string]any)
		gm, gIsObj := gv.(map[string]any)
		switch {
		case !present:
			ok = false
			if report != nil {
				report(fmt.Sprintf("body %s: want %s, missing", name, compact(wv)))
			}
		case wIsObj && gIsObj:
			if !subset(gm, wm, name+".", report) {
				ok = false
			}
		case !reflect.DeepEqual(gv, wv):
			ok = false
			if report != nil {
				report(fmt.Sprintf("body %s: want %s, got %s", name, compact(wv), compact(gv)))
			}
		}
		if !ok && report == nil {
			return false
		}
	}
	return ok
}

// compact is a JSON value as a short text for a difference.
func compact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	s := string(b)
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return strings.ToValidUTF8(s, "")
}

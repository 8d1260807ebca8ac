package stubs

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"

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
	p := Pattern{corp: corpID, agent: agentID, query: m.Query}
	if len(bytes.TrimSpace(m.Body)) > 0 {
		if err := json.Unmarshal(m.Body, &p.body); err != nil || p.body == nil {
			return Pattern{}, errors.New("match.body must be a JSON object")
		}
	}
	return p, nil
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
	for k, v := range p.query {
		if s.c.Query(k) != v {
			return false
		}
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

// Contains reports whether got holds every field of want with an equal
// value; nested objects are compared the same way, anything else whole.
func Contains(got, want map[string]any) bool {
	for k, wv := range want {
		gv, ok := got[k]
		if !ok {
			return false
		}
		wm, wIsObj := wv.(map[string]any)
		gm, gIsObj := gv.(map[string]any)
		switch {
		case wIsObj && gIsObj:
			if !Contains(gm, wm) {
				return false
			}
		case !reflect.DeepEqual(gv, wv):
			return false
		}
	}
	return true
}

package store

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// The live credentials at a glance, for the control API and the
// dashboard: every secret's current access token, each suite's and
// provider's token, and the unspent login codes, with their expiry on the
// virtual clock. Values are whole here; the server masks them.

// LiveToken is a current access token of a corp secret, or a third-party
// suite's token for a corp it is installed in (SuiteID set).
type LiveToken struct {
	Token
	SuiteID string
}

// Credentials is what LiveCredentials lists.
type Credentials struct {
	Now            time.Time
	Tokens         []LiveToken     // by corpid, kind, agentid
	SuiteTokens    []SuiteToken    // by suite id
	ProviderTokens []ProviderToken // by corpid
	Codes          []Code          // newest first, at most maxCodes
	CodesTotal     int             // unexpired codes, listed or not
}

// LiveCredentials lists what is valid now; codes newest first, at most
// maxCodes of them (CodesTotal counts them all).
func (s *Store) LiveCredentials(maxCodes int) Credentials {
	now := s.Now()
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := Credentials{Now: now, Tokens: []LiveToken{}, SuiteTokens: []SuiteToken{}, ProviderTokens: []ProviderToken{}, Codes: []Code{}}
	for key, st := range s.bySecret {
		if t := st.current; t != nil && now.Before(t.ExpiresAt) {
			lt := LiveToken{Token: *t}
			if id, ok := strings.CutPrefix(key.secret, "\x00suite\x00"); ok {
				lt.SuiteID = id
			}
			out.Tokens = append(out.Tokens, lt)
		}
	}
	slices.SortFunc(out.Tokens, func(a, b LiveToken) int {
		return cmp.Or(strings.Compare(a.CorpID, b.CorpID), cmp.Compare(a.Kind, b.Kind),
			cmp.Compare(a.AgentID, b.AgentID), strings.Compare(a.SuiteID, b.SuiteID))
	})
	for _, su := range s.suites.order {
		if t := su.token; t != nil && now.Before(t.ExpiresAt) {
			out.SuiteTokens = append(out.SuiteTokens, *t)
		}
	}
	for _, p := range s.providers.byCorp {
		if t := p.current; t != nil && now.Before(t.ExpiresAt) {
			out.ProviderTokens = append(out.ProviderTokens, *t)
		}
	}
	slices.SortFunc(out.ProviderTokens, func(a, b ProviderToken) int { return strings.Compare(a.CorpID, b.CorpID) })
	s.codes.each(func(c *Code) {
		if now.Before(c.ExpiresAt) {
			out.Codes = append(out.Codes, *c)
		}
	})
	out.CodesTotal = len(out.Codes)
	slices.SortFunc(out.Codes, func(a, b Code) int {
		return cmp.Or(b.IssuedAt.Compare(a.IssuedAt), strings.Compare(a.Value, b.Value))
	})
	if len(out.Codes) > maxCodes {
		out.Codes = slices.Clip(out.Codes[:maxCodes])
	}
	return out
}

package store

import (
	"slices"
	"strings"
)

// Suite and provider access tokens kept across a restart (a state file):
// each suite's and each provider's current token while it is valid, so an
// app holding one need not fetch a new one after the restart.

// ValidSuiteTokens lists each suite's current suite_access_token still
// valid now, by suite id.
func (s *Store) ValidSuiteTokens() []SuiteToken {
	now := s.Now()
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []SuiteToken
	for _, su := range s.suites.order {
		if t := su.token; t != nil && now.Before(t.ExpiresAt) {
			out = append(out, *t)
		}
	}
	return out
}

// RestoreSuiteTokens makes saved suite tokens current again, skipping
// those expired now, of a suite the world no longer has or that already
// has a valid token, or whose value is taken. It returns how many it
// restored.
func (s *Store) RestoreSuiteTokens(saved []SuiteToken) int {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, t := range saved {
		su := s.suites.byID[t.SuiteID]
		switch {
		case su == nil, t.Value == "", !now.Before(t.ExpiresAt), s.suites.tokens[t.Value] != nil,
			su.token != nil && now.Before(su.token.ExpiresAt):
			continue
		}
		tok := t
		su.token = &tok
		s.suites.tokens[tok.Value] = &tok
		n++
	}
	return n
}

// ValidProviderTokens lists each provider's current provider_access_token
// still valid now, by corpid.
func (s *Store) ValidProviderTokens() []ProviderToken {
	now := s.Now()
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []ProviderToken
	for _, p := range s.providers.byCorp {
		if t := p.current; t != nil && now.Before(t.ExpiresAt) {
			out = append(out, *t)
		}
	}
	slices.SortFunc(out, func(a, b ProviderToken) int { return strings.Compare(a.CorpID, b.CorpID) })
	return out
}

// RestoreProviderTokens makes saved provider tokens current again, with
// the same skips as RestoreSuiteTokens. It returns how many it restored.
func (s *Store) RestoreProviderTokens(saved []ProviderToken) int {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, t := range saved {
		p := s.providers.byCorp[t.CorpID]
		switch {
		case p == nil, t.Value == "", !now.Before(t.ExpiresAt), s.providers.tokens[t.Value] != nil,
			p.current != nil && now.Before(p.current.ExpiresAt):
			continue
		}
		tok := t
		p.current = &tok
		s.providers.tokens[tok.Value] = &tok
		n++
	}
	return n
}

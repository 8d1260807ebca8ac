package store

import (
	"errors"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// ProviderTokenTTL is the lifetime of a provider_access_token.
const ProviderTokenTTL = 7200 * time.Second

// Provider errors.
var (
	ErrProviderNotFound       = errors.New("store: provider corpid unknown")
	ErrProviderSecretMismatch = errors.New("store: provider secret does not match")
	ErrProviderTokenUnknown   = errors.New("store: provider_access_token unknown")
	ErrProviderTokenExpired   = errors.New("store: provider_access_token expired")
)

// ProviderToken is an issued provider_access_token.
type ProviderToken struct {
	Value     string
	CorpID    string // the provider's own corpid
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// providerTable holds the providers of the world and their tokens: per
// provider the current one and a few expired ones, so the table is bounded
// by the number of providers.
type providerTable struct {
	// first is the corpid of the world's first provider, whose suites are
	// those that name none ("" when there is none).
	first  string
	byCorp map[string]*providerState
	tokens map[string]*ProviderToken
	// logins are the pending auth_codes of website logins
	// (provider_login.go).
	logins map[string]*providerLogin
}

type providerState struct {
	fx      fixtures.Provider
	current *ProviderToken
	expired []string
}

func newProviderTable(w *fixtures.World) providerTable {
	t := providerTable{byCorp: map[string]*providerState{}, tokens: map[string]*ProviderToken{}, logins: map[string]*providerLogin{}}
	for _, p := range w.Providers {
		t.byCorp[p.CorpID] = &providerState{fx: p}
	}
	if len(w.Providers) > 0 {
		t.first = w.Providers[0].CorpID
	}
	return t
}

// IssueProviderToken is service/get_provider_token: the provider's current
// token while it is valid, else a new one.
func (s *Store) IssueProviderToken(corpID, secret string) (ProviderToken, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.providers.byCorp[corpID]
	if !ok {
		return ProviderToken{}, ErrProviderNotFound
	}
	if secret != p.fx.Secret {
		return ProviderToken{}, ErrProviderSecretMismatch
	}
	if p.current != nil && now.Before(p.current.ExpiresAt) {
		return *p.current, nil
	}
	if p.current != nil {
		p.expired = append(p.expired, p.current.Value)
		if len(p.expired) > maxRememberedExpired {
			delete(s.providers.tokens, p.expired[0])
			p.expired = p.expired[1:]
		}
	}
	tok := &ProviderToken{Value: s.randomString(64), CorpID: corpID, IssuedAt: now, ExpiresAt: now.Add(ProviderTokenTTL)}
	p.current = tok
	s.providers.tokens[tok.Value] = tok
	return *tok, nil
}

// LookupProviderToken resolves a provider_access_token.
func (s *Store) LookupProviderToken(value string) (ProviderToken, error) {
	now := s.Now()
	s.mu.RLock()
	t, ok := s.providers.tokens[value]
	s.mu.RUnlock()
	if !ok {
		return ProviderToken{}, ErrProviderTokenUnknown
	}
	if !now.Before(t.ExpiresAt) {
		return ProviderToken{}, ErrProviderTokenExpired
	}
	return *t, nil
}

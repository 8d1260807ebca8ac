package mockserver

import (
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Suite and provider tokens in a state file: each suite's current
// suite_access_token and each provider's provider_access_token still
// valid at the write. A restart restores them, so they answer as before
// and get_suite_token / get_provider_token hand them out until they
// expire.

// StateSuiteToken is a suite's current suite_access_token.
type StateSuiteToken struct {
	SuiteID     string    `json:"suite_id"`
	AccessToken string    `json:"suite_access_token"`
	IssuedAt    time.Time `json:"issued_at"`
	ExpiresAt   time.Time `json:"expires_at"`
}

// StateProviderToken is a provider's current provider_access_token.
type StateProviderToken struct {
	CorpID      string    `json:"corpid"`
	AccessToken string    `json:"provider_access_token"`
	IssuedAt    time.Time `json:"issued_at"`
	ExpiresAt   time.Time `json:"expires_at"`
}

// snapshotSuiteTokens fills f's suite and provider tokens.
func (s *Server) snapshotSuiteTokens(f *StateFile) {
	for _, t := range s.store.ValidSuiteTokens() {
		f.SuiteTokens = append(f.SuiteTokens, StateSuiteToken{SuiteID: t.SuiteID, AccessToken: t.Value, IssuedAt: t.IssuedAt.UTC(), ExpiresAt: t.ExpiresAt.UTC()})
	}
	for _, t := range s.store.ValidProviderTokens() {
		f.ProviderTokens = append(f.ProviderTokens, StateProviderToken{CorpID: t.CorpID, AccessToken: t.Value, IssuedAt: t.IssuedAt.UTC(), ExpiresAt: t.ExpiresAt.UTC()})
	}
}

// restoreSuiteTokens brings back f's suite and provider tokens still valid.
func (s *Server) restoreSuiteTokens(f *StateFile) {
	suites := make([]store.SuiteToken, 0, len(f.SuiteTokens))
	for _, t := range f.SuiteTokens {
		suites = append(suites, store.SuiteToken{Value: t.AccessToken, SuiteID: t.SuiteID, IssuedAt: t.IssuedAt, ExpiresAt: t.ExpiresAt})
	}
	s.store.RestoreSuiteTokens(suites)
	providers := make([]store.ProviderToken, 0, len(f.ProviderTokens))
	for _, t := range f.ProviderTokens {
		providers = append(providers, store.ProviderToken{Value: t.AccessToken, CorpID: t.CorpID, IssuedAt: t.IssuedAt, ExpiresAt: t.ExpiresAt})
	}
	s.store.RestoreProviderTokens(providers)
}

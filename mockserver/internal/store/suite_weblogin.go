package store

import "strings"

// What a third-party app's login pages show (the authorize page with
// appid=SuiteID, the QR login with login_type=ServiceApp, the provider's
// website login): the corps that installed the app and their members.

// LoginCorp is a corp a third-party login page offers (one that installed
// the suite, or a suite of the provider), with its members matching a
// search.
type LoginCorp struct {
	CorpID   string
	CorpName string
	// AgentID is the install's agentid in the corp (the first, for a
	// provider with several suites there).
	AgentID int
	Members []LoginCandidate
	// Total is how many members matched in all.
	Total int
}

// SuiteLoginChoices lists, in fixture order, the corps that installed the
// suite and up to limit members of each matching query (the login pages of
// a third-party app). Error: ErrSuiteNotFound.
func (s *Store) SuiteLoginChoices(suiteID, query string, limit int) ([]LoginCorp, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if _, ok := s.suites.byID[suiteID]; !ok {
		return nil, ErrSuiteNotFound
	}
	query = strings.ToLower(strings.TrimSpace(query))
	out := []LoginCorp{}
	for i := range s.fixtures.Corps {
		fc := &s.fixtures.Corps[i]
		c := s.corps[fc.CorpID]
		a, ok := s.suites.auths[authKey{suiteID, fc.CorpID}]
		if c == nil || !ok {
			continue
		}
		lc := LoginCorp{CorpID: fc.CorpID, CorpName: fc.Name, AgentID: a.agentID}
		lc.Members, lc.Total = c.candidatesLocked(fc, c.apps[a.agentID], query, limit)
		out = append(out, lc)
	}
	return out, nil
}

// SuiteInstallAgent is the agentid of the suite's install in corpID.
// Error: ErrNotAuthorized.
func (s *Store) SuiteInstallAgent(suiteID, corpID string) (int, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.suites.auths[authKey{suiteID, corpID}]
	if !ok {
		return 0, ErrNotAuthorized
	}
	return a.agentID, nil
}

package store

import (
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Living authorizations: lookups by permanent code, corp tokens, and the
// cancel, change and reset events of an install.

// authByPermanentLocked finds the authorization of (suite, corp) whose
// permanent code is perm.
func (s *Store) authByPermanentLocked(suiteID, corpID, perm string) (*authorization, error) {
	a, ok := s.suites.perm[perm]
	if !ok || a.suiteID != suiteID || a.corpID != corpID {
		return nil, ErrPermanentCodeInvalid
	}
	return a, nil
}

// SuiteAuthorization is get_auth_info: the authorization of (suite, corp)
// with that permanent code. Error: ErrPermanentCodeInvalid.
func (s *Store) SuiteAuthorization(suiteID, corpID, permanentCode string) (Authorization, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, err := s.authByPermanentLocked(suiteID, corpID, permanentCode)
	if err != nil {
		return Authorization{}, err
	}
	return a.snapshot(s), nil
}

// Authorizations returns the current installs of a suite, by corpid.
// Error: ErrSuiteNotFound.
func (s *Store) Authorizations(suiteID string) ([]Authorization, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if _, ok := s.suites.byID[suiteID]; !ok {
		return nil, ErrSuiteNotFound
	}
	out := []Authorization{}
	for _, a := range s.sortedAuthsLocked(suiteID) {
		out = append(out, a.snapshot(s))
	}
	return out, nil
}

// IssueSuiteCorpToken is get_corp_token for a third-party suite: the
// corp's access token for the installed app, reused while valid like every
// token. Errors: ErrPermanentCodeInvalid, ErrCustomized (a 代开发 template
// gets its token at gettoken instead).
func (s *Store) IssueSuiteCorpToken(suiteID, corpID, permanentCode string) (Token, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.authByPermanentLocked(suiteID, corpID, permanentCode)
	if err != nil {
		return Token{}, err
	}
	if a.customized {
		return Token{}, ErrCustomized
	}
	return s.issueAppTokenLocked(corpTokenKey(a), corpID, a.agentID, now), nil
}

// corpTokenKey keys a third-party authorization's corp token in bySecret;
// the NUL keeps it apart from every real secret.
func corpTokenKey(a *authorization) secretKey {
	return secretKey{a.corpID, "\x00suite\x00" + a.suiteID}
}

// issueAppTokenLocked returns the current token under key while valid, or a
// new app token of (corpID, agentID), as IssueToken does for secrets.
func (s *Store) issueAppTokenLocked(key secretKey, corpID string, agentID int, now time.Time) Token {
	st := s.bySecret[key]
	if st == nil {
		st = &secretTokens{}
		s.bySecret[key] = st
	}
	if st.current != nil && now.Before(st.current.ExpiresAt) {
		return *st.current
	}
	if st.current != nil {
		st.expired = append(st.expired, st.current.Value)
		if len(st.expired) > maxRememberedExpired {
			delete(s.tokens, st.expired[0])
			st.expired = st.expired[1:]
		}
	}
	tok := &Token{
		Value:     s.randomString(96),
		CorpID:    corpID,
		Kind:      AppToken,
		AgentID:   agentID,
		IssuedAt:  now,
		ExpiresAt: now.Add(TokenTTL),
	}
	st.current = tok
	s.tokens[tok.Value] = tok
	return *tok
}

// revokeAppTokensLocked forgets every token of an app, so they answer
// "unknown" (40014), and the secrets' token slots.
func (s *Store) revokeAppTokensLocked(corpID string, agentID int) {
	for v, t := range s.tokens {
		if t.CorpID == corpID && t.Kind == AppToken && t.AgentID == agentID {
			delete(s.tokens, v)
		}
	}
	for k, st := range s.bySecret {
		if k.corpID == corpID && st.current != nil && st.current.Kind == AppToken && st.current.AgentID == agentID {
			delete(s.bySecret, k)
		}
	}
}

// CancelAuthorization uninstalls a suite from a corp (cancel_auth): the
// app leaves the corp, its permanent code stops working and its tokens are
// forgotten. Errors: ErrSuiteNotFound, ErrCorpNotFound, ErrNotAuthorized.
func (s *Store) CancelAuthorization(suiteID, corpID string) (Authorization, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, c, err := s.authLocked(suiteID, corpID)
	if err != nil {
		return Authorization{}, err
	}
	snap := a.snapshot(s)
	delete(s.suites.auths, authKey{suiteID, corpID})
	delete(s.suites.perm, a.permanentCode)
	delete(c.apps, a.agentID)
	if a.customized {
		delete(c.appsBySecret, a.permanentCode)
	}
	s.revokeAppTokensLocked(corpID, a.agentID)
	s.suites.logins.removeIf(func(code *SuiteCode) bool { return code.SuiteID == suiteID && code.CorpID == corpID })
	return snap, nil
}

func (s *Store) authLocked(suiteID, corpID string) (*authorization, *corp, error) {
	if _, ok := s.suites.byID[suiteID]; !ok {
		return nil, nil, ErrSuiteNotFound
	}
	c, ok := s.corps[corpID]
	if !ok {
		return nil, nil, ErrCorpNotFound
	}
	a, ok := s.suites.auths[authKey{suiteID, corpID}]
	if !ok {
		return nil, nil, ErrNotAuthorized
	}
	return a, c, nil
}

// ChangeAuthorization changes an install's visible range (change_auth);
// nil keeps it. Tokens stay valid and see the new range at once. Errors:
// ErrSuiteNotFound, ErrCorpNotFound, ErrNotAuthorized, ErrBadPrivilege.
func (s *Store) ChangeAuthorization(suiteID, corpID string, priv *fixtures.SuitePrivilege) (Authorization, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, c, err := s.authLocked(suiteID, corpID)
	if err != nil {
		return Authorization{}, err
	}
	if priv != nil {
		p, err := checkPrivilegeLocked(c, *priv)
		if err != nil {
			return Authorization{}, err
		}
		a.privilege = p
		s.reinstallAppLocked(a, c)
	}
	return a.snapshot(s), nil
}

// reinstallAppLocked replaces an authorization's app with one built from
// its current privilege and permanent code.
func (s *Store) reinstallAppLocked(a *authorization, c *corp) {
	if old := c.apps[a.agentID]; old != nil && a.customized {
		delete(c.appsBySecret, old.Secret)
	}
	ap := newInstalledApp(s.suites.byID[a.suiteID], a)
	c.apps[a.agentID] = ap
	if a.customized {
		c.appsBySecret[a.permanentCode] = ap
	}
}

// ResetPermanentCode resets a 代开发 authorization's secret
// (reset_permanent_code): a new permanent code replaces the old one at once
// — the old one stops working at gettoken, tokens already issued keep their
// 7200 s — and an auth_code is issued that get_permanent_code exchanges for
// the new one. Errors: ErrSuiteNotFound, ErrCorpNotFound, ErrNotAuthorized,
// ErrNotCustomized.
func (s *Store) ResetPermanentCode(suiteID, corpID string) (Authorization, IssuedAuthCode, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	a, c, err := s.authLocked(suiteID, corpID)
	if err != nil {
		return Authorization{}, IssuedAuthCode{}, err
	}
	if !a.customized {
		return Authorization{}, IssuedAuthCode{}, ErrNotCustomized
	}
	old := a.permanentCode
	delete(s.suites.perm, old)
	delete(s.bySecret, secretKey{corpID, old})
	a.permanentCode = s.randomString(43)
	s.suites.perm[a.permanentCode] = a
	s.reinstallAppLocked(a, c)
	code := s.issueAuthCodeLocked(a, now)
	return a.snapshot(s), code, nil
}

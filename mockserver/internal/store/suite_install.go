package store

import (
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Installing a suite: pre-auth codes, the install itself, single-use auth
// codes and their exchange for the authorization, and the choices the
// install page offers.

// PreAuthCode is an issued pre_auth_code.
type PreAuthCode struct {
	Value     string
	SuiteID   string
	ExpiresAt time.Time
	AuthType  int
}

// IssuePreAuthCode is get_pre_auth_code: a new single-use code valid 1200 s.
// Error: ErrSuiteNotFound.
func (s *Store) IssuePreAuthCode(suiteID string) (PreAuthCode, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.suites.byID[suiteID]; !ok {
		return PreAuthCode{}, ErrSuiteNotFound
	}
	p := &preAuthCode{value: s.randomString(64), suiteID: suiteID, expiresAt: now.Add(PreAuthCodeTTL)}
	s.suites.preAuth.put(now, p.value, suiteID, p.expiresAt, p)
	return PreAuthCode{Value: p.value, SuiteID: suiteID, ExpiresAt: p.expiresAt}, nil
}

// preAuthLocked finds an unused pre_auth_code of suiteID ("" for any suite).
func (s *Store) preAuthLocked(suiteID, value string, now time.Time) (*preAuthCode, error) {
	p, ok := s.suites.preAuth.get(value)
	if !ok || (suiteID != "" && p.suiteID != suiteID) {
		return nil, ErrPreAuthCodeInvalid
	}
	if !now.Before(p.expiresAt) {
		return nil, ErrPreAuthCodeExpired
	}
	return p, nil
}

// SetSessionInfo is set_session_info: it records the authorization type
// (0 formal, 1 test) of an unused pre_auth_code of the suite. Errors:
// ErrPreAuthCodeInvalid, ErrPreAuthCodeExpired.
func (s *Store) SetSessionInfo(suiteID, preAuthCode string, authType int) error {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := s.preAuthLocked(suiteID, preAuthCode, now)
	if err != nil {
		return err
	}
	p.authType = authType
	return nil
}

// LookupPreAuthCode returns an unused, unexpired pre_auth_code (of any
// suite), for the install page. Errors: ErrPreAuthCodeInvalid,
// ErrPreAuthCodeExpired.
func (s *Store) LookupPreAuthCode(value string) (PreAuthCode, error) {
	now := s.Now()
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, err := s.preAuthLocked("", value, now)
	if err != nil {
		return PreAuthCode{}, err
	}
	return PreAuthCode{Value: p.value, SuiteID: p.suiteID, ExpiresAt: p.expiresAt, AuthType: p.authType}, nil
}

// InstallRequest is a corp admin authorizing a suite.
type InstallRequest struct {
	SuiteID string
	CorpID  string
	// UserID is the admin who authorizes; "" for none.
	UserID string
	// PreAuthCode, if set, is the vendor's pre_auth_code the install page
	// was opened with; it is spent, and its session_info applies.
	PreAuthCode string
	State       string
	// Privilege is the visible range granted; nil for the suite's default.
	Privilege *fixtures.SuitePrivilege
}

// IssuedAuthCode is an auth_code to exchange at get_permanent_code.
type IssuedAuthCode struct {
	Value     string
	ExpiresAt time.Time
}

// Install authorizes a suite in a corp and issues the auth_code the vendor
// exchanges for the permanent code. Errors: ErrSuiteNotFound,
// ErrCorpNotFound, ErrMemberNotFound, ErrPreAuthCodeInvalid,
// ErrPreAuthCodeExpired, ErrAlreadyAuthorized, ErrBadPrivilege (wrapped,
// naming what the corp lacks).
func (s *Store) Install(req InstallRequest) (Authorization, IssuedAuthCode, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	su, ok := s.suites.byID[req.SuiteID]
	if !ok {
		return Authorization{}, IssuedAuthCode{}, ErrSuiteNotFound
	}
	c, ok := s.corps[req.CorpID]
	if !ok {
		return Authorization{}, IssuedAuthCode{}, ErrCorpNotFound
	}
	if req.UserID != "" && c.memberLocked(req.UserID) == nil {
		return Authorization{}, IssuedAuthCode{}, ErrMemberNotFound
	}
	var pre *preAuthCode
	if req.PreAuthCode != "" {
		p, err := s.preAuthLocked(req.SuiteID, req.PreAuthCode, now)
		if err != nil {
			return Authorization{}, IssuedAuthCode{}, err
		}
		pre = p
	}
	if _, ok := s.suites.auths[authKey{req.SuiteID, req.CorpID}]; ok {
		return Authorization{}, IssuedAuthCode{}, ErrAlreadyAuthorized
	}
	priv := s.defaultPrivilegeLocked(su, c)
	if req.Privilege != nil {
		p, err := checkPrivilegeLocked(c, *req.Privilege)
		if err != nil {
			return Authorization{}, IssuedAuthCode{}, err
		}
		priv = p
	}
	args := authorizeArgs{authUserID: req.UserID, privilege: priv, state: req.State, at: now}
	if pre != nil {
		args.authType = pre.authType
		s.suites.preAuth.remove(pre.value)
	}
	a := s.authorizeLocked(su, c, args)
	code := s.issueAuthCodeLocked(a, now)
	return a.snapshot(s), code, nil
}

func (s *Store) issueAuthCodeLocked(a *authorization, now time.Time) IssuedAuthCode {
	c := &authCode{
		value:         s.randomString(64),
		key:           authKey{a.suiteID, a.corpID},
		permanentCode: a.permanentCode,
		expiresAt:     now.Add(AuthCodeTTL),
	}
	s.suites.authCodes.put(now, c.value, a.suiteID+"/"+a.corpID, c.expiresAt, c)
	return IssuedAuthCode{Value: c.value, ExpiresAt: c.expiresAt}
}

// ExchangeAuthCode is get_permanent_code: it spends an auth_code of the
// suite and returns the authorization it stands for. A code is refused once
// used, after 10 minutes, when it is another suite's (it stays unspent), or
// when its authorization was cancelled or its permanent code reset since.
// Error: ErrAuthCodeInvalid.
func (s *Store) ExchangeAuthCode(suiteID, value string) (Authorization, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.suites.authCodes.get(value)
	if !ok || c.key.suiteID != suiteID {
		return Authorization{}, ErrAuthCodeInvalid
	}
	s.suites.authCodes.remove(value)
	if !now.Before(c.expiresAt) {
		return Authorization{}, ErrAuthCodeInvalid
	}
	a, ok := s.suites.auths[c.key]
	if !ok || a.permanentCode != c.permanentCode {
		return Authorization{}, ErrAuthCodeInvalid
	}
	return a.snapshot(s), nil
}

// InstallCorp is a corp as the install page offers it.
type InstallCorp struct {
	CorpID    string
	Name      string
	Installed bool // the suite is already installed there
	Members   []InstallMember
	// More counts the members left out past the page's limit.
	More int
}

// InstallMember is a member the install page offers as the authorizing
// admin.
type InstallMember struct {
	UserID string
	Name   string
}

// InstallChoices lists the corps and members the install page of a suite
// offers, in fixture order, at most perCorp members each. Error:
// ErrSuiteNotFound.
func (s *Store) InstallChoices(suiteID string, perCorp int) ([]InstallCorp, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if _, ok := s.suites.byID[suiteID]; !ok {
		return nil, ErrSuiteNotFound
	}
	out := []InstallCorp{}
	for i := range s.fixtures.Corps {
		fc := &s.fixtures.Corps[i]
		c := s.corps[fc.CorpID]
		if c == nil {
			continue
		}
		ic := InstallCorp{CorpID: fc.CorpID, Name: fc.Name}
		_, ic.Installed = s.suites.auths[authKey{suiteID, fc.CorpID}]
		for j := range fc.Members {
			m := c.memberLocked(fc.Members[j].UserID)
			if m == nil {
				continue
			}
			if len(ic.Members) >= perCorp {
				ic.More++
				continue
			}
			ic.Members = append(ic.Members, InstallMember{UserID: m.UserID, Name: m.Name})
		}
		out = append(out, ic)
	}
	return out, nil
}

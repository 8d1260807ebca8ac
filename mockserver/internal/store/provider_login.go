package store

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// The service provider's website login (服务商网站扫码登录,
// https://developer.work.weixin.qq.com/document/path/91124): a member or an
// admin of a corp that installed one of the provider's suites logs in on
// the provider's site; the site trades the auth_code for who it was at
// service/get_login_info
// (https://developer.work.weixin.qq.com/document/path/91125).
//
// The mock knows no corp admins, so it decides: a login of the admin kind
// is an internal system admin (usertype 2) with 管理权限 on every install of
// the provider in that corp and the installs' visible departments writable;
// a member login is usertype 5 with 使用权限 and no contact rights.

// ProviderLoginTTL is the lifetime of a website login's auth_code (5
// minutes, as every login code).
const ProviderLoginTTL = CodeTTL

// The usertype values of get_login_info.
const (
	ProviderUserCreator  = 1
	ProviderUserAdmin    = 2
	ProviderUserExtAdmin = 3
	ProviderUserSubAdmin = 4
	ProviderUserMember   = 5
)

// Errors of the provider's website login.
var (
	ErrProviderLoginInvalid = errors.New("store: auth_code unknown, used or expired")
	ErrProviderLoginOther   = errors.New("store: auth_code of another provider")
	ErrNotProviderCorp      = errors.New("store: the corp has installed none of the provider's suites")
	ErrProviderLoginsFull   = errors.New("store: as many website logins are pending as the mock keeps")
)

// providerLogin is an issued auth_code.
type providerLogin struct {
	provider  string
	corpID    string
	userID    string
	admin     bool
	expiresAt time.Time
}

// ProviderAgent is one install of the provider in the login's corp.
type ProviderAgent struct {
	AgentID int
	// AuthType is 1 for 管理权限, 0 for 使用权限.
	AuthType int
}

// ProviderDepartment is a department the login may read (and write).
type ProviderDepartment struct {
	ID       int
	Writable bool
}

// ProviderLogin is a redeemed auth_code: get_login_info's answer.
type ProviderLogin struct {
	UserType    int
	CorpID      string
	Member      fixtures.Member
	OpenUserID  string
	Agents      []ProviderAgent
	Departments []ProviderDepartment
}

// ProviderLoginDomains are the provider's website-login callback domains.
// Error: ErrProviderNotFound.
func (s *Store) ProviderLoginDomains(provider string) (name string, domains []string, err error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.providers.byCorp[provider]
	if !ok {
		return "", nil, ErrProviderNotFound
	}
	return p.fx.Name, slices.Clone(p.fx.LoginDomains), nil
}

// ProviderSuites are the suite ids of the provider, in fixture order.
func (s *Store) ProviderSuites(provider string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.providerSuitesLocked(provider)
}

func (s *Store) providerSuitesLocked(provider string) []string {
	var out []string
	for _, su := range s.fixtures.Suites {
		if s.suiteProviderLocked(su.SuiteID) == provider {
			out = append(out, su.SuiteID)
		}
	}
	return out
}

// MintProviderLogin issues the auth_code of a website login of provider by
// member userID of corpID, who must have installed one of its suites.
// Errors: ErrProviderNotFound, ErrCorpNotFound, ErrNotProviderCorp,
// ErrMemberNotFound.
func (s *Store) MintProviderLogin(provider, corpID, userID string, admin bool) (string, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.providers.byCorp[provider]; !ok {
		return "", ErrProviderNotFound
	}
	c, ok := s.corps[corpID]
	if !ok {
		return "", ErrCorpNotFound
	}
	if len(s.providerAuthsLocked(provider, corpID)) == 0 {
		return "", ErrNotProviderCorp
	}
	m := c.memberLocked(userID)
	if m == nil {
		return "", ErrMemberNotFound
	}
	t := s.providers.logins
	if len(t) >= maxSuiteCodes {
		for v, l := range t {
			if !now.Before(l.expiresAt) {
				delete(t, v)
			}
		}
		if len(t) >= maxSuiteCodes {
			return "", ErrProviderLoginsFull
		}
	}
	v := s.randomString(43)
	t[v] = &providerLogin{provider: provider, corpID: corpID, userID: m.UserID, admin: admin, expiresAt: now.Add(ProviderLoginTTL)}
	return v, nil
}

// providerAuthsLocked are the installs of the provider's suites in corpID,
// by agentid.
func (s *Store) providerAuthsLocked(provider, corpID string) []*authorization {
	var out []*authorization
	for _, id := range s.providerSuitesLocked(provider) {
		if a, ok := s.suites.auths[authKey{id, corpID}]; ok {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b *authorization) int { return a.agentID - b.agentID })
	return out
}

// RedeemProviderLogin spends an auth_code on behalf of provider. Unknown,
// used and expired codes are ErrProviderLoginInvalid; another provider's
// code is ErrProviderLoginOther and stays unspent.
func (s *Store) RedeemProviderLogin(value, provider string) (ProviderLogin, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.providers.logins[value]
	if !ok {
		return ProviderLogin{}, ErrProviderLoginInvalid
	}
	if !now.Before(l.expiresAt) {
		delete(s.providers.logins, value)
		return ProviderLogin{}, ErrProviderLoginInvalid
	}
	if l.provider != provider {
		return ProviderLogin{}, ErrProviderLoginOther
	}
	delete(s.providers.logins, value)
	c := s.corps[l.corpID]
	if c == nil {
		return ProviderLogin{}, ErrProviderLoginInvalid
	}
	m := c.memberLocked(l.userID)
	if m == nil {
		return ProviderLogin{}, ErrProviderLoginInvalid
	}
	out := ProviderLogin{UserType: ProviderUserMember, CorpID: c.id, Member: *m,
		OpenUserID: s.openUserIDLocked(provider, c.id, m), Agents: []ProviderAgent{}, Departments: []ProviderDepartment{}}
	if l.admin {
		out.UserType = ProviderUserAdmin
	}
	seen := map[int]bool{}
	for _, a := range s.providerAuthsLocked(provider, c.id) {
		pa := ProviderAgent{AgentID: a.agentID}
		if l.admin {
			pa.AuthType = 1
			parties := a.privilege.AllowParty
			if len(parties) == 0 && len(a.privilege.AllowUser) == 0 && len(a.privilege.AllowTag) == 0 {
				parties = []int{1}
			}
			for _, d := range parties {
				if !seen[d] {
					seen[d] = true
					out.Departments = append(out.Departments, ProviderDepartment{ID: d, Writable: true})
				}
			}
		}
		out.Agents = append(out.Agents, pa)
	}
	slices.SortFunc(out.Departments, func(a, b ProviderDepartment) int { return a.ID - b.ID })
	return out, nil
}

// ProviderLoginChoices lists, in fixture order, the corps that installed a
// suite of the provider and up to limit members of each matching query.
func (s *Store) ProviderLoginChoices(provider, query string, limit int) []LoginCorp {
	s.mu.RLock()
	defer s.mu.RUnlock()
	query = strings.ToLower(strings.TrimSpace(query))
	out := []LoginCorp{}
	for i := range s.fixtures.Corps {
		fc := &s.fixtures.Corps[i]
		c := s.corps[fc.CorpID]
		auths := s.providerAuthsLocked(provider, fc.CorpID)
		if c == nil || len(auths) == 0 {
			continue
		}
		lc := LoginCorp{CorpID: fc.CorpID, CorpName: fc.Name, AgentID: auths[0].agentID}
		lc.Members, lc.Total = c.candidatesLocked(fc, c.apps[lc.AgentID], query, limit)
		out = append(out, lc)
	}
	return out
}

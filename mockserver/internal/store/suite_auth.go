package store

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Installs of suites into corps (wecom-api.md §13.2). An authorization is an
// app in the corp — agentid, visible range from the privilege — so the
// corp's token for it (get_corp_token for a third-party suite; gettoken with
// the permanent code as corpsecret for a 代开发 template) sees exactly that
// range through every contacts, message and login API.

const (
	// PreAuthCodeTTL is the lifetime of a pre_auth_code (D:90601).
	PreAuthCodeTTL = 1200 * time.Second
	// AuthCodeTTL is the lifetime of an auth_code, from the install redirect
	// or a create_auth / reset_permanent_code push (D:90642).
	AuthCodeTTL = 10 * time.Minute
	// maxSuiteCodes bounds each code table; past it, expired codes are swept.
	maxSuiteCodes = 4096
	// firstInstalledAgentID is the smallest agentid given to an install.
	firstInstalledAgentID = 1000002
)

type authKey struct{ suiteID, corpID string }

type preAuthCode struct {
	value     string
	suiteID   string
	expiresAt time.Time
	authType  int // session_info.auth_type: 0 formal, 1 test authorization
}

type authCode struct {
	value string
	key   authKey
	// permanentCode is what the exchange hands out: the authorization's
	// permanent code when the code was issued. A cancelled or reset
	// authorization makes the code worthless.
	permanentCode string
	expiresAt     time.Time
}

type authorization struct {
	suiteID       string
	corpID        string
	agentID       int
	customized    bool
	permanentCode string
	privilege     fixtures.SuitePrivilege
	authUserID    string
	state         string
	authType      int
	createdAt     time.Time
}

// Authorization is a corp's install of a suite.
type Authorization struct {
	SuiteID    string
	SuiteName  string
	CorpID     string
	CorpName   string
	AgentID    int
	Customized bool
	// PermanentCode is the authorization's permanent code (for a 代开发
	// template also the app secret).
	PermanentCode string
	Privilege     fixtures.SuitePrivilege
	// AuthUser is the admin who authorized, nil if unknown. Read-only.
	AuthUser *fixtures.Member
	State    string
	AuthType int
	// CreatedAt is when the corp authorized the suite.
	CreatedAt time.Time
}

// snapshot copies a for callers outside the lock, with the names of its
// suite, corp and admin. s.mu must be held.
func (a *authorization) snapshot(s *Store) Authorization {
	out := Authorization{
		SuiteID:       a.suiteID,
		CorpID:        a.corpID,
		AgentID:       a.agentID,
		Customized:    a.customized,
		PermanentCode: a.permanentCode,
		Privilege:     clonePrivilege(a.privilege),
		State:         a.state,
		AuthType:      a.authType,
		CreatedAt:     a.createdAt,
	}
	if su := s.suites.byID[a.suiteID]; su != nil {
		out.SuiteName = su.fx.Name
	}
	if fc := s.fixtureCorpLocked(a.corpID); fc != nil {
		out.CorpName = fc.Name
	}
	if c := s.corps[a.corpID]; c != nil && a.authUserID != "" {
		out.AuthUser = c.memberLocked(a.authUserID)
	}
	return out
}

func clonePrivilege(p fixtures.SuitePrivilege) fixtures.SuitePrivilege {
	return fixtures.SuitePrivilege{
		AllowUser:  slices.Clone(p.AllowUser),
		AllowParty: slices.Clone(p.AllowParty),
		AllowTag:   slices.Clone(p.AllowTag),
	}
}

// sortedAuthsLocked returns a suite's authorizations ordered by corpid.
func (s *Store) sortedAuthsLocked(suiteID string) []*authorization {
	var out []*authorization
	for k, a := range s.suites.auths {
		if k.suiteID == suiteID {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b *authorization) int { return strings.Compare(a.corpID, b.corpID) })
	return out
}

// defaultPrivilegeLocked is the visible range an install into c gets when it
// names none: the suite's default privilege without the ids c lacks, or the
// whole corp.
func (s *Store) defaultPrivilegeLocked(su *suite, c *corp) fixtures.SuitePrivilege {
	if su.fx.Privilege == nil {
		if _, ok := c.depts[1]; ok {
			return fixtures.SuitePrivilege{AllowParty: []int{1}}
		}
		return fixtures.SuitePrivilege{}
	}
	var p fixtures.SuitePrivilege
	for _, u := range su.fx.Privilege.AllowUser {
		if m := c.memberLocked(u); m != nil {
			p.AllowUser = append(p.AllowUser, m.UserID)
		}
	}
	for _, d := range su.fx.Privilege.AllowParty {
		if _, ok := c.depts[d]; ok {
			p.AllowParty = append(p.AllowParty, d)
		}
	}
	for _, t := range su.fx.Privilege.AllowTag {
		if _, ok := c.tags[t]; ok {
			p.AllowTag = append(p.AllowTag, t)
		}
	}
	return p
}

// checkPrivilegeLocked returns p with userids in their canonical case, or
// an error wrapping ErrBadPrivilege that names what c lacks.
func checkPrivilegeLocked(c *corp, p fixtures.SuitePrivilege) (fixtures.SuitePrivilege, error) {
	out := clonePrivilege(p)
	var missing []string
	for i, u := range p.AllowUser {
		if m := c.memberLocked(u); m != nil {
			out.AllowUser[i] = m.UserID
		} else {
			missing = append(missing, fmt.Sprintf("allow_user %q", u))
		}
	}
	for _, d := range p.AllowParty {
		if _, ok := c.depts[d]; !ok {
			missing = append(missing, fmt.Sprintf("allow_party %d", d))
		}
	}
	for _, t := range p.AllowTag {
		if _, ok := c.tags[t]; !ok {
			missing = append(missing, fmt.Sprintf("allow_tag %d", t))
		}
	}
	if len(missing) > 0 {
		return out, fmt.Errorf("%w: corp %s has no %s", ErrBadPrivilege, c.id, strings.Join(missing, ", "))
	}
	return out, nil
}

// newInstalledApp builds the app an authorization puts into its corp.
func newInstalledApp(su *suite, a *authorization) *app {
	fa := fixtures.App{
		AgentID: a.agentID,
		Name:    su.fx.Name,
		Visible: fixtures.Visibility{
			Users:       slices.Clone(a.privilege.AllowUser),
			Departments: slices.Clone(a.privilege.AllowParty),
			Tags:        slices.Clone(a.privilege.AllowTag),
		},
		TrustedDomains:  slices.Clone(su.fx.TrustedDomains),
		MiniProgram:     su.fx.MiniProgram,
		SensitiveFields: su.fx.SensitiveFields,
	}
	if a.customized {
		fa.Secret = a.permanentCode
	}
	out := &app{App: fa, users: map[string]bool{}, depts: map[int]bool{}, tags: map[int]bool{}}
	for _, u := range fa.Visible.Users {
		out.users[strings.ToLower(u)] = true
	}
	for _, d := range fa.Visible.Departments {
		out.depts[d] = true
	}
	for _, t := range fa.Visible.Tags {
		out.tags[t] = true
	}
	return out
}

type authorizeArgs struct {
	agentID       int // 0: the next free one
	permanentCode string
	authUserID    string
	privilege     fixtures.SuitePrivilege
	state         string
	authType      int
	at            time.Time
}

// authorizeLocked installs su into c: the authorization and its app.
func (s *Store) authorizeLocked(su *suite, c *corp, args authorizeArgs) *authorization {
	agentID := args.agentID
	if agentID == 0 {
		agentID = firstInstalledAgentID
		for id := range c.apps {
			agentID = max(agentID, id+1)
		}
	}
	perm := args.permanentCode
	if perm == "" {
		perm = s.randomString(43)
	}
	userID := args.authUserID
	if m := c.memberLocked(userID); m != nil {
		userID = m.UserID
	}
	a := &authorization{
		suiteID:       su.fx.SuiteID,
		corpID:        c.id,
		agentID:       agentID,
		customized:    su.fx.Customized(),
		permanentCode: perm,
		privilege:     args.privilege,
		authUserID:    userID,
		state:         args.state,
		authType:      args.authType,
		createdAt:     args.at,
	}
	s.suites.auths[authKey{a.suiteID, a.corpID}] = a
	s.suites.perm[perm] = a
	ap := newInstalledApp(su, a)
	c.apps[agentID] = ap
	if a.customized {
		c.appsBySecret[perm] = ap
	}
	return a
}

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
	if len(s.suites.preAuth) >= maxSuiteCodes {
		for v, p := range s.suites.preAuth {
			if !now.Before(p.expiresAt) {
				delete(s.suites.preAuth, v)
			}
		}
	}
	p := &preAuthCode{value: s.randomString(64), suiteID: suiteID, expiresAt: now.Add(PreAuthCodeTTL)}
	s.suites.preAuth[p.value] = p
	return PreAuthCode{Value: p.value, SuiteID: suiteID, ExpiresAt: p.expiresAt}, nil
}

// preAuthLocked finds an unused pre_auth_code of suiteID ("" for any suite).
func (s *Store) preAuthLocked(suiteID, value string, now time.Time) (*preAuthCode, error) {
	p, ok := s.suites.preAuth[value]
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
		delete(s.suites.preAuth, pre.value)
	}
	a := s.authorizeLocked(su, c, args)
	code := s.issueAuthCodeLocked(a, now)
	return a.snapshot(s), code, nil
}

func (s *Store) issueAuthCodeLocked(a *authorization, now time.Time) IssuedAuthCode {
	if len(s.suites.authCodes) >= maxSuiteCodes {
		for v, c := range s.suites.authCodes {
			if !now.Before(c.expiresAt) {
				delete(s.suites.authCodes, v)
			}
		}
	}
	c := &authCode{
		value:         s.randomString(64),
		key:           authKey{a.suiteID, a.corpID},
		permanentCode: a.permanentCode,
		expiresAt:     now.Add(AuthCodeTTL),
	}
	s.suites.authCodes[c.value] = c
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
	c, ok := s.suites.authCodes[value]
	if !ok || c.key.suiteID != suiteID {
		return Authorization{}, ErrAuthCodeInvalid
	}
	delete(s.suites.authCodes, value)
	if !now.Before(c.expiresAt) {
		return Authorization{}, ErrAuthCodeInvalid
	}
	a, ok := s.suites.auths[c.key]
	if !ok || a.permanentCode != c.permanentCode {
		return Authorization{}, ErrAuthCodeInvalid
	}
	return a.snapshot(s), nil
}

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
	for v, code := range s.suites.logins {
		if code.SuiteID == suiteID && code.CorpID == corpID {
			delete(s.suites.logins, v)
		}
	}
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

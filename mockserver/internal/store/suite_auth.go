package store

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Installs of suites into corps
// (https://developer.work.weixin.qq.com/document/path/90603). An authorization
// is an app in the corp — agentid, visible range from the privilege — so the
// corp's token for it (get_corp_token for a third-party suite; gettoken with
// the permanent code as corpsecret for a 代开发 template) sees exactly that range
// through every contacts, message and login API.

const (
	// PreAuthCodeTTL is the lifetime of a pre_auth_code (D:90601).
	PreAuthCodeTTL = 1200 * time.Second
	// AuthCodeTTL is the lifetime of an auth_code, from the install redirect
	// or a create_auth / reset_permanent_code push (D:90642).
	AuthCodeTTL = 10 * time.Minute
	// maxSuiteCodes bounds each code table per owner (pre-auth codes per
	// suite; auth codes, login codes and user_tickets per suite and corp):
	// past it the oldest is dropped (codeTable).
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
	// AuthUserOpenID is AuthUser's open_userid as the suite's provider
	// reads it.
	AuthUserOpenID string
	State          string
	AuthType       int
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
		if out.AuthUser != nil {
			out.AuthUserOpenID = s.openUserIDLocked(s.suiteProviderLocked(a.suiteID), c.id, out.AuthUser)
		}
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
		LoginDomains:    slices.Clone(su.fx.LoginDomains),
		MiniProgram:     su.fx.MiniProgram,
		SensitiveFields: su.fx.SensitiveFields,
	}
	if a.customized {
		fa.Secret = a.permanentCode
	}
	out := &app{App: fa, users: map[string]bool{}, depts: map[int]bool{}, tags: map[int]bool{}, suiteID: a.suiteID}
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

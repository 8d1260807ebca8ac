package store

import (
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Logins through a third-party suite: the wx.qy.login codes of its mini
// program (service/miniprogram/jscode2session) and its OAuth codes
// (service/auth/getuserinfo3rd), and the user_tickets of snsapi_privateinfo
// logins (service/auth/getuserdetail3rd). Like the corp codes they are
// single use and expire after 5 minutes.

// SuiteCode is a login code minted for a suite.
type SuiteCode struct {
	Value   string
	Kind    CodeKind // MiniProgramCode or OAuthCode
	SuiteID string
	CorpID  string
	UserID  string // "" for a non-member visitor (OAuth only)
	OpenID  string // the visitor's openid
	Scope   string
	// DeviceID is what the old service/getuserinfo3rd reports as DeviceId.
	DeviceID  string
	ExpiresAt time.Time
}

// SuiteUserTicket is the user_ticket of a snsapi_privateinfo login through a
// suite, valid 1800 s.
type SuiteUserTicket struct {
	Value     string
	SuiteID   string
	CorpID    string
	UserID    string
	ExpiresAt time.Time
}

// ExpiresIn is the ticket's remaining lifetime in whole seconds.
func (t SuiteUserTicket) ExpiresIn(now time.Time) int {
	return int((t.ExpiresAt.Sub(now) + time.Second - 1) / time.Second)
}

// SuiteCodeRequest asks for a login code through a suite.
type SuiteCodeRequest struct {
	SuiteID  string
	Kind     CodeKind
	CorpID   string
	UserID   string
	OpenID   string
	Scope    string
	DeviceID string
}

// MintSuiteCode issues a login code of a suite. The corp need not have
// installed the suite (jscode2session then hides the userid). Errors:
// ErrBadCodeKind, ErrBadScope, ErrSuiteNotFound, ErrCorpNotFound,
// ErrMemberNotFound, ErrOpenIDForMember.
func (s *Store) MintSuiteCode(req SuiteCodeRequest) (SuiteCode, error) {
	switch req.Kind {
	case MiniProgramCode:
		if req.Scope != "" || req.OpenID != "" {
			return SuiteCode{}, ErrBadScope
		}
	case OAuthCode:
		switch req.Scope {
		case "":
			req.Scope = ScopeBase
		case ScopeBase, ScopePrivateInfo:
		default:
			return SuiteCode{}, ErrBadScope
		}
	default:
		return SuiteCode{}, ErrBadCodeKind
	}
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.suites.byID[req.SuiteID]; !ok {
		return SuiteCode{}, ErrSuiteNotFound
	}
	c, ok := s.corps[req.CorpID]
	if !ok {
		return SuiteCode{}, ErrCorpNotFound
	}
	code := SuiteCode{
		Kind:      req.Kind,
		SuiteID:   req.SuiteID,
		CorpID:    req.CorpID,
		Scope:     req.Scope,
		DeviceID:  req.DeviceID,
		ExpiresAt: now.Add(CodeTTL),
	}
	switch {
	case req.UserID != "":
		if req.OpenID != "" {
			return SuiteCode{}, ErrOpenIDForMember
		}
		m := c.memberLocked(req.UserID)
		if m == nil {
			return SuiteCode{}, ErrMemberNotFound
		}
		code.UserID = m.UserID
	case req.Kind == MiniProgramCode:
		return SuiteCode{}, ErrMemberNotFound
	default:
		code.OpenID = req.OpenID
		if code.OpenID == "" {
			code.OpenID = VisitorOpenID(req.CorpID)
		}
	}
	s.addSuiteCodeLocked(now, &code)
	return code, nil
}

// addSuiteCodeLocked gives code its value and keeps it, sweeping expired
// codes from a full table. Callers hold s.mu.
func (s *Store) addSuiteCodeLocked(now time.Time, code *SuiteCode) {
	code.Value = s.randomString(43)
	kept := *code
	s.suites.logins.put(now, code.Value, code.SuiteID+"/"+code.CorpID, code.ExpiresAt, &kept)
}

// SuiteLogin is a redeemed suite code.
type SuiteLogin struct {
	Code SuiteCode
	// Installed reports whether the code's corp has authorized the suite.
	Installed bool
	// Member is the member who logged in (nil for a visitor). Read-only.
	Member *fixtures.Member
	// Ticket is set for a snsapi_privateinfo login of a member inside the
	// visible range of the corp's install.
	Ticket *SuiteUserTicket
	// OpenUserID is the member's open_userid as the suite's provider reads
	// it ("" for a visitor).
	OpenUserID string
}

// RedeemSuiteCode spends a login code of the given kind on behalf of a
// suite. Unknown, used, expired and other-kind codes are ErrCodeInvalid; a
// code of another suite is ErrCodeOtherApp and stays unspent.
func (s *Store) RedeemSuiteCode(value string, kind CodeKind, suiteID string) (SuiteLogin, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	code, ok := s.suites.logins.get(value)
	if !ok || code.Kind != kind {
		return SuiteLogin{}, ErrCodeInvalid
	}
	if !now.Before(code.ExpiresAt) {
		s.suites.logins.remove(value)
		return SuiteLogin{}, ErrCodeInvalid
	}
	if code.SuiteID != suiteID {
		return SuiteLogin{}, ErrCodeOtherApp
	}
	s.suites.logins.remove(value)
	out := SuiteLogin{Code: *code}
	c := s.corps[code.CorpID]
	a, installed := s.suites.auths[authKey{suiteID, code.CorpID}]
	out.Installed = installed
	if c == nil || code.UserID == "" {
		return out, nil
	}
	out.Member = c.memberLocked(code.UserID)
	if out.Member != nil {
		out.OpenUserID = s.openUserIDLocked(s.suiteProviderLocked(suiteID), c.id, out.Member)
	}
	if out.Member == nil || !installed || code.Scope != ScopePrivateInfo {
		return out, nil
	}
	if ap := c.apps[a.agentID]; ap == nil || !c.visibleTo(ap, out.Member) {
		return out, nil
	}
	t := &SuiteUserTicket{
		Value:     s.randomString(64),
		SuiteID:   suiteID,
		CorpID:    code.CorpID,
		UserID:    out.Member.UserID,
		ExpiresAt: now.Add(UserTicketTTL),
	}
	s.suites.tickets.put(now, t.Value, suiteID+"/"+code.CorpID, t.ExpiresAt, t)
	out.Ticket = t
	return out, nil
}

// SuiteUserDetail is getuserdetail3rd: the member a user_ticket of the suite
// stands for. Errors: ErrUserTicketInvalid (unknown, expired, or the member
// is gone), ErrUserTicketOther (another suite's ticket).
func (s *Store) SuiteUserDetail(ticket, suiteID string) (SuiteUserTicket, *fixtures.Member, error) {
	now := s.Now()
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, ok := s.suites.tickets.get(ticket)
	if !ok || !now.Before(t.ExpiresAt) {
		return SuiteUserTicket{}, nil, ErrUserTicketInvalid
	}
	if t.SuiteID != suiteID {
		return SuiteUserTicket{}, nil, ErrUserTicketOther
	}
	c := s.corps[t.CorpID]
	if c == nil {
		return SuiteUserTicket{}, nil, ErrUserTicketInvalid
	}
	m := c.memberLocked(t.UserID)
	if m == nil {
		return SuiteUserTicket{}, nil, ErrUserTicketInvalid
	}
	return *t, m, nil
}

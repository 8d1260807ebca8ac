package store

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// OAuth scopes of the web login
// (https://developer.work.weixin.qq.com/document/path/96441).
const (
	// ScopeBase is the silent login: the userid (or openid) only.
	ScopeBase = "snsapi_base"
	// ScopePrivateInfo is the login with consent: a visible member also gets
	// a user_ticket for auth/getuserdetail.
	ScopePrivateInfo = "snsapi_privateinfo"
)

// UserTicketTTL is the lifetime of an OAuth user_ticket
// (https://developer.work.weixin.qq.com/document/path/96442).
const UserTicketTTL = 1800 * time.Second

// OAuth errors.
var (
	ErrBadScope          = errors.New("store: scope must be snsapi_base or snsapi_privateinfo")
	ErrScopeForQRCode    = errors.New("store: a QR-login code has no snsapi_privateinfo scope")
	ErrBadRedirectURI    = errors.New("store: redirect_uri must be an absolute http(s) URL")
	ErrOpenIDForMember   = errors.New("store: openid is only for non-member visitors")
	ErrRedirectUntrusted = errors.New("store: redirect_uri is not under a trusted domain of the app")
	ErrUserTicketInvalid = errors.New("store: user_ticket unknown or expired")
	ErrUserTicketOther   = errors.New("store: user_ticket was issued to another app")
)

// UserTicket is what a snsapi_privateinfo login of a visible member yields:
// the right to read that member's sensitive fields once or more, for 1800 s,
// through the app that got it.
type UserTicket struct {
	Value     string
	CorpID    string
	AgentID   int
	UserID    string
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// ExpiresIn is the ticket's remaining lifetime at now in seconds, rounded up.
func (t UserTicket) ExpiresIn(now time.Time) int {
	return int((t.ExpiresAt.Sub(now) + time.Second - 1) / time.Second)
}

type oauthTable struct {
	// userTickets are in issue order (codeTable): issuing and reading cost
	// O(1) however many are live.
	userTickets codeTable[*UserTicket]
}

func newOAuthTable() oauthTable {
	return oauthTable{userTickets: newCodeTable[*UserTicket](maxUserTickets)}
}

// maxUserTickets bounds the unexpired user_tickets of one app; past it the
// app's oldest is dropped.
const maxUserTickets = 4096

// mintOAuthCode issues an OAuth code (MintCode with Kind OAuthCode, or
// QRCode for a QR-login code, which is always snsapi_base). A
// member code needs an existing member; a visitor code (UserID empty) gets
// req.OpenID, or a stable openid invented for the corp. RedirectURI, when
// given, must be an absolute http(s) URL; whether its host is trusted is
// decided at the exchange, where real WeCom decides it (50001).
func (s *Store) mintOAuthCode(req MintRequest) (Code, error) {
	switch req.Scope {
	case "":
		req.Scope = ScopeBase
	case ScopeBase, ScopePrivateInfo:
	default:
		return Code{}, ErrBadScope
	}
	if req.Kind == QRCode && req.Scope != ScopeBase {
		return Code{}, ErrScopeForQRCode
	}
	if req.RedirectURI != "" {
		if _, _, _, ok := splitRedirect(req.RedirectURI); !ok {
			return Code{}, ErrBadRedirectURI
		}
	}
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.corps[req.CorpID]
	if !ok {
		return Code{}, ErrCorpNotFound
	}
	if _, ok := c.apps[req.AgentID]; !ok {
		return Code{}, ErrAppNotFound
	}
	code := Code{
		Kind:        req.Kind,
		CorpID:      req.CorpID,
		AgentID:     req.AgentID,
		Scope:       req.Scope,
		RedirectURI: req.RedirectURI,
		DeviceID:    req.DeviceID,
	}
	if req.UserID != "" {
		if req.OpenID != "" {
			return Code{}, ErrOpenIDForMember
		}
		m := c.memberLocked(req.UserID)
		if m == nil {
			return Code{}, ErrMemberNotFound
		}
		code.UserID = m.UserID
	} else {
		code.OpenID = req.OpenID
		if code.OpenID == "" {
			code.OpenID = VisitorOpenID(req.CorpID)
		}
	}
	return s.addCodeLocked(now, code), nil
}

// VisitorOpenID is the openid the mock gives the default non-member visitor
// of a corp: "o" and 27 characters, the same for every login into that corp.
func VisitorOpenID(corpID string) string {
	sum := sha256.Sum256([]byte("wecom-mock visitor\x00" + corpID))
	return "o" + base64.RawURLEncoding.EncodeToString(sum[:])[:27]
}

// OAuthLogin is the identity an OAuth code carried.
type OAuthLogin struct {
	Code Code
	// UserID is the member who logged in, or "" for a visitor (OpenID).
	UserID string
	OpenID string
	// Ticket is set for a snsapi_privateinfo login of a member inside the
	// app's visible range.
	Ticket *UserTicket
}

// RedeemOAuthCode spends an OAuth or QR-login code on behalf of app
// (corpID, agentID).
// Unknown, used, expired or non-OAuth codes are ErrCodeInvalid; a code of
// another app is ErrCodeOtherApp and a code issued for a redirect_uri outside
// the app's trusted domains (login domains for a QR-login code) is
// ErrRedirectUntrusted — both leave the code
// unspent, as the real server refuses them before consuming anything.
func (s *Store) RedeemOAuthCode(value, corpID string, agentID int) (OAuthLogin, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	code, err := s.liveCodeLocked(now, value, OAuthCode, QRCode)
	if err != nil {
		return OAuthLogin{}, err
	}
	if code.CorpID != corpID || code.AgentID != agentID {
		return OAuthLogin{}, ErrCodeOtherApp
	}
	c := s.corps[corpID]
	a := c.apps[agentID]
	if code.RedirectURI != "" && !RedirectTrusted(redirectDomains(a, code.Kind), code.RedirectURI) {
		return OAuthLogin{}, ErrRedirectUntrusted
	}
	s.codes.remove(value)
	login := OAuthLogin{Code: *code, OpenID: code.OpenID}
	if code.UserID == "" {
		return login, nil
	}
	m := c.memberLocked(code.UserID)
	if m == nil {
		return OAuthLogin{}, ErrCodeInvalid
	}
	login.UserID = m.UserID
	if code.Scope == ScopePrivateInfo && c.visibleTo(a, m) {
		login.Ticket = s.issueUserTicketLocked(now, corpID, agentID, m.UserID)
	}
	return login, nil
}

func (s *Store) issueUserTicketLocked(now time.Time, corpID string, agentID int, userID string) *UserTicket {
	ut := &UserTicket{
		Value:     s.randomString(64),
		CorpID:    corpID,
		AgentID:   agentID,
		UserID:    userID,
		IssuedAt:  now,
		ExpiresAt: now.Add(UserTicketTTL),
	}
	s.oauth.userTickets.put(now, ut.Value, corpID+"/"+strconv.Itoa(agentID), ut.ExpiresAt, ut)
	out := *ut
	return &out
}

// UserDetail returns the member a user_ticket was issued for, on behalf of
// app (corpID, agentID): ErrUserTicketInvalid if it is unknown or its 1800 s
// are over, ErrUserTicketOther if another app got it, ErrMemberNotFound if
// the member is gone. A ticket can be used any number of times until it
// expires.
func (s *Store) UserDetail(value, corpID string, agentID int) (fixtures.Member, error) {
	now := s.Now()
	s.mu.RLock()
	defer s.mu.RUnlock()
	ut, ok := s.oauth.userTickets.get(value)
	if !ok || !now.Before(ut.ExpiresAt) {
		return fixtures.Member{}, ErrUserTicketInvalid
	}
	if ut.CorpID != corpID || ut.AgentID != agentID {
		return fixtures.Member{}, ErrUserTicketOther
	}
	m := s.corps[corpID].memberLocked(ut.UserID)
	if m == nil {
		return fixtures.Member{}, ErrMemberNotFound
	}
	return *m, nil
}

// redirectDomains are where codes of this kind may go: a QR-login code to
// the app's 企业微信授权登录 domains, an OAuth code to its 可信域名.
func redirectDomains(a *app, kind CodeKind) []string {
	if kind == QRCode {
		return a.QRLoginDomains()
	}
	return a.TrustedDomains
}

// RedirectTrusted reports whether redirectURI may receive codes of an app
// with these trusted domains (可信域名). WeCom matches the domain exactly,
// port included (https://developer.work.weixin.qq.com/document/path/96442), so
// the mock does:
//
//   - an entry "host:port" matches that host on that port only;
//   - an entry "host" matches that host on the scheme's default port only
//     (80 for http, 443 for https) — "example.com" does not cover
//     "example.com:8443", nor "sub.example.com";
//   - except for loopback hosts: an entry "localhost", "127.0.0.1" or "::1"
//     without a port matches that host on any port, so local development
//     servers (http://localhost:3000/...) work with the default fixtures.
//     This is a deliberate departure for local use; real WeCom has no
//     loopback trusted domains at all.
//
// Hosts compare case-insensitively. A redirect URI that is not an absolute
// http(s) URL is never trusted.
func RedirectTrusted(domains []string, redirectURI string) bool {
	host, port, defaultPort, ok := splitRedirect(redirectURI)
	if !ok {
		return false
	}
	for _, d := range domains {
		dHost, dPort := splitDomain(d)
		if dHost == "" || dHost != host {
			continue
		}
		switch {
		case dPort != "":
			if dPort == port {
				return true
			}
		case isLoopback(dHost):
			return true
		case port == defaultPort:
			return true
		}
	}
	return false
}

// splitRedirect parses an absolute http(s) URL into its lower-cased host,
// its effective port and the scheme's default port.
func splitRedirect(raw string) (host, port, defaultPort string, ok bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "", "", "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "http":
		defaultPort = "80"
	case "https":
		defaultPort = "443"
	default:
		return "", "", "", false
	}
	host = strings.ToLower(u.Hostname())
	if host == "" {
		return "", "", "", false
	}
	port = u.Port()
	if port == "" {
		port = defaultPort
	}
	return host, port, defaultPort, true
}

// splitDomain splits a trusted-domain entry ("host", "host:port",
// "[v6]:port" or a bare IPv6 address) into lower-cased host and port.
func splitDomain(d string) (host, port string) {
	d = strings.ToLower(strings.TrimSpace(d))
	if h, p, err := net.SplitHostPort(d); err == nil {
		return h, p
	}
	return strings.TrimSuffix(strings.TrimPrefix(d, "["), "]"), ""
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

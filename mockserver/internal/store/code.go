package store

import (
	"encoding/base64"
	"slices"
	"strconv"
	"time"
)

// CodeTTL is the lifetime of a login code: wx.qy.login codes and OAuth codes
// both expire 5 minutes after issue
// (https://developer.work.weixin.qq.com/document/path/96442).
const CodeTTL = 5 * time.Minute

// CodeKind is where a login code comes from.
type CodeKind string

// The kinds of code the mock can mint.
const (
	// MiniProgramCode is what wx.qy.login gives a mini program, redeemed at
	// miniprogram/jscode2session.
	MiniProgramCode CodeKind = "miniprogram"
	// OAuthCode is what the OAuth2 web login (网页授权, QR login) appends to
	// the redirect_uri, redeemed at auth/getuserinfo (oauth.go).
	OAuthCode CodeKind = "oauth"
	// QRCode is what a confirmed QR-code login (扫码登录, qrlogin.go) appends
	// to the redirect_uri: an OAuth code without a scope (never a
	// user_ticket), redeemed at auth/getuserinfo like OAuthCode.
	QRCode CodeKind = "qrcode"
)

// Code is a single-use login code bound to one app of one corp, or (a mini
// program code) to one mini program (miniprogram.go).
type Code struct {
	Value  string
	Kind   CodeKind
	CorpID string
	// AgentID is the app the code was minted through; 0 for a mini program
	// code of a corp that has not bound the mini program.
	AgentID int
	UserID  string
	// Mini program codes only (miniprogram.go): the mini program's appid,
	// and on redeem the userid jscode2session answers.
	AppID         string
	SessionUserID string
	IssuedAt      time.Time
	ExpiresAt     time.Time
	// OAuth codes only (oauth.go): the scope, the redirect_uri the code was
	// issued for, a non-member visitor's openid (UserID empty). DeviceID is
	// what the old user/getuserinfo and jscode2session report.
	Scope       string
	RedirectURI string
	OpenID      string
	DeviceID    string
}

// MintRequest says whom a code logs in, through which app.
type MintRequest struct {
	Kind    CodeKind
	CorpID  string
	AgentID int
	UserID  string
	// Mini program codes only: the mini program's appid, instead of or with
	// AgentID (miniprogram.go).
	AppID string
	// OAuth codes only (oauth.go).
	Scope       string
	RedirectURI string
	OpenID      string
	// The device the member logs in from (OAuth and mini program codes).
	DeviceID string
}

// MintCode issues a code. The member must exist in the corp (whether the app
// may see them is decided later, at user/get, as in real WeCom); a mini
// program code is minted as mintMiniProgramCode says.
func (s *Store) MintCode(req MintRequest) (Code, error) {
	switch req.Kind {
	case OAuthCode, QRCode:
		return s.mintOAuthCode(req)
	case MiniProgramCode:
		return s.mintMiniProgramCode(req)
	}
	return Code{}, ErrBadCodeKind
}

// addCodeLocked issues code: a fresh value (real codes are opaque
// [A-Za-z0-9_-] strings of a few dozen characters), valid CodeTTL from now.
// Callers hold s.mu for writing.
func (s *Store) addCodeLocked(now time.Time, code Code) Code {
	code.Value = s.randomString(43)
	code.IssuedAt, code.ExpiresAt = now, now.Add(CodeTTL)
	kept := code
	s.codes.put(now, code.Value, codeOwner(&code), code.ExpiresAt, &kept)
	return code
}

// maxCodesPerApp bounds the unexpired codes of one app (or, for a mini
// program code minted by appid, one mini program); past it the oldest is
// dropped (codeTable).
const maxCodesPerApp = 10_000

// codeOwner is whom a code counts against: its corp, app and mini program.
func codeOwner(c *Code) string {
	return c.CorpID + "/" + strconv.Itoa(c.AgentID) + "/" + c.AppID
}

// RedeemCode spends a code of the given kind on behalf of app (corpID,
// agentID). A code can be spent once, before it expires; a code the app may
// not redeem is refused with ErrCodeOtherApp and stays unspent. An OAuth
// code belongs to the app it was minted through; a mini program code to
// every app, of any corp, bound to its mini program (miniprogram.go).
func (s *Store) RedeemCode(value string, kind CodeKind, corpID string, agentID int) (Code, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	code, err := s.liveCodeLocked(now, value, kind)
	if err != nil {
		return Code{}, err
	}
	if code.Kind == MiniProgramCode {
		return s.redeemMiniProgramCodeLocked(code, corpID, agentID)
	}
	if code.CorpID != corpID || code.AgentID != agentID {
		return Code{}, ErrCodeOtherApp
	}
	s.codes.remove(value)
	return *code, nil
}

// liveCodeLocked finds an unexpired code of one of kinds: ErrCodeInvalid for
// an unknown code, one of another kind, or an expired one (which it drops).
// Callers hold s.mu for writing and decide whether to spend the code.
func (s *Store) liveCodeLocked(now time.Time, value string, kinds ...CodeKind) (*Code, error) {
	code, ok := s.codes.get(value)
	if !ok || !slices.Contains(kinds, code.Kind) {
		return nil, ErrCodeInvalid
	}
	if !now.Before(code.ExpiresAt) {
		s.codes.remove(value)
		return nil, ErrCodeInvalid
	}
	return code, nil
}

// SessionKey returns a fresh session_key: 16 random bytes in standard base64,
// like "kJtdi6RF+Dv67QkbLlPGjw==".
func (s *Store) SessionKey() string {
	var b [16]byte
	s.mu.Lock()
	s.rng.Read(b[:])
	s.mu.Unlock()
	return base64.StdEncoding.EncodeToString(b[:])
}

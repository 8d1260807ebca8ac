package mockctl

import (
	"context"
	"net/http"
)

// The kinds of login code, for CodeRequest.Kind and SuiteCodeRequest.Kind.
const (
	// CodeMiniProgram is what wx.qy.login gives a mini program, redeemed at
	// miniprogram/jscode2session (a suite's at
	// service/miniprogram/jscode2session). The default kind.
	CodeMiniProgram = "miniprogram"
	// CodeOAuth is what the OAuth2 web login appends to redirect_uri,
	// redeemed at auth/getuserinfo (a suite's at
	// service/auth/getuserinfo3rd).
	CodeOAuth = "oauth"
	// CodeQRCode is what a confirmed QR-code login appends: an oauth code
	// that is always snsapi_base. Not for suites.
	CodeQRCode = "qrcode"
)

// The OAuth scopes, for CodeRequest.Scope and SuiteCodeRequest.Scope.
const (
	// ScopeBase gives the userid only (the default).
	ScopeBase = "snsapi_base"
	// ScopePrivateInfo also gives a member inside the app's visible range a
	// user_ticket for auth/getuserdetail.
	ScopePrivateInfo = "snsapi_privateinfo"
)

// CodeRequest asks for a login code, as the WeCom client would obtain one
// (POST /_mock/codes).
type CodeRequest struct {
	// Kind is CodeMiniProgram (wx.qy.login; the default), CodeOAuth (the
	// code the OAuth2 web login appends to redirect_uri, redeemed at
	// auth/getuserinfo) or CodeQRCode (the code a confirmed QR-code login
	// appends: an oauth code that is always snsapi_base); on the wire
	// "miniprogram", "oauth" or "qrcode".
	Kind   string `json:"kind,omitempty"`
	CorpID string `json:"corpid"`
	// AgentID is the app the code is minted through. A miniprogram code may
	// give AppID instead.
	AgentID int `json:"agentid,omitempty"`
	// AppID is a miniprogram code's mini program (miniprogram code only).
	// Without AgentID the code is that of the corp's app bound to it, or,
	// when the corp has none, a code of a member whose corp has not bound
	// the mini program: jscode2session then answers an encrypted userid.
	// With AgentID, that app must be bound to it. Any app of any corp bound
	// to the mini program redeems the code, and the answer names the
	// member's own corp.
	AppID string `json:"appid,omitempty"`
	// UserID is the member who logs in. An oauth or qrcode code may leave
	// it empty for a non-member visitor (auth/getuserinfo answers an openid).
	UserID string `json:"userid,omitempty"`

	// The fields below are for oauth and qrcode codes only.

	// Scope is "snsapi_base" (the default) or "snsapi_privateinfo"; the
	// latter gives a member inside the app's visible range a user_ticket.
	Scope string `json:"scope,omitempty"`
	// RedirectURI, if given, is the absolute http(s) URL the code is issued
	// for. Its host[:port] is checked against the app's trusted_domains
	// (login_domains for a qrcode code, when the fixture sets them) when
	// the code is exchanged, as real WeCom does: an untrusted one answers
	// 50001 there. Matching is exact: an entry "host:port" matches only that
	// port, an entry "host" only the scheme's default port (80/443) and no
	// subdomain — except loopback entries (localhost, 127.0.0.1, ::1), which
	// match any port so local dev servers work with the default fixtures.
	RedirectURI string `json:"redirect_uri,omitempty"`
	// OpenID is a visitor's openid (UserID empty); empty means the mock's
	// stable default visitor of the corp.
	OpenID string `json:"openid,omitempty"`
	// DeviceID is what the old user/getuserinfo reports as DeviceId.
	DeviceID string `json:"deviceid,omitempty"`
}

// Code is a minted login code.
type Code struct {
	Code      string `json:"code"`
	ExpiresIn int    `json:"expires_in"`
}

// MintCode mints a single-use login code (valid 5 minutes of virtual time).
func (c *Client) MintCode(ctx context.Context, req CodeRequest) (Code, error) {
	var out Code
	err := c.do(ctx, http.MethodPost, "/_mock/codes", req, &out)
	return out, err
}

package mockctl

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Callback is a callback URL with its keys, as PUT
// /_mock/suites/{suite_id}/callback takes it.
type Callback = fixtures.Callback

func suitePath(suiteID, rest string) string {
	return "/_mock/suites/" + url.PathEscape(suiteID) + rest
}

// SuiteTicket is a suite_ticket the mock pushed.
type SuiteTicket struct {
	SuiteID   string    `json:"suite_id"`
	Ticket    string    `json:"suite_ticket"`
	IssuedAt  time.Time `json:"issued_at"`
	ExpiresAt time.Time `json:"expires_at"`
	// DeliveryID is the push's id in the deliveries journal; empty when the
	// suite has no callback or the ticket was not pushed by this call.
	DeliveryID string `json:"delivery_id,omitempty"`
}

// SuiteEvent is a suite callback the mock pushed.
type SuiteEvent struct {
	InfoType string `json:"info_type"`
	// Payload is the decrypted XML the suite's callback receives.
	Payload string `json:"payload"`
	// DeliveryID is the push's id in the deliveries journal, empty when the
	// suite has no callback configured.
	DeliveryID string `json:"delivery_id,omitempty"`
}

// InstallRequest is a corp admin installing a suite (POST
// /_mock/suites/{suite_id}/install): from the app market (Market, which
// pushes create_auth) or from the vendor's site (PreAuthCode, RedirectURI
// and State, answered with Install.Redirect).
type InstallRequest struct {
	CorpID string `json:"corpid"`
	// UserID is the admin who authorizes (auth_user_info).
	UserID string `json:"userid,omitempty"`
	// Market installs from the app market: WeCom pushes create_auth with the
	// auth_code instead of redirecting to the vendor
	// (https://developer.work.weixin.qq.com/document/path/90642).
	Market bool `json:"market,omitempty"`
	// PreAuthCode is the vendor's pre_auth_code, as on the install page; it
	// is spent, and its set_session_info auth_type applies. Optional.
	PreAuthCode string `json:"pre_auth_code,omitempty"`
	// RedirectURI, for an install from the vendor's site, is where the page
	// would send the admin; the answer's Redirect carries auth_code,
	// expires_in and state.
	RedirectURI string `json:"redirect_uri,omitempty"`
	State       string `json:"state,omitempty"`
	// Privilege is the visible range granted; nil for the suite's default.
	Privilege *fixtures.SuitePrivilege `json:"privilege,omitempty"`
}

// Install is a suite installed into a corp.
type Install struct {
	SuiteID string `json:"suite_id"`
	CorpID  string `json:"corpid"`
	AgentID int    `json:"agentid"`
	// AuthCode is what get_permanent_code exchanges, single use, valid 600 s.
	AuthCode  string `json:"auth_code"`
	ExpiresIn int    `json:"expires_in"`
	// Redirect is RedirectURI with auth_code, expires_in and state added.
	Redirect string `json:"redirect,omitempty"`
	// CreateAuth is the create_auth push of a market install.
	CreateAuth *SuiteEvent `json:"create_auth,omitempty"`
}

// CorpRequest names a corp: the body of POST
// /_mock/suites/{suite_id}/cancel_auth and …/reset_permanent_code.
type CorpRequest struct {
	CorpID string `json:"corpid"`
}

// ChangeAuthRequest is a corp admin changing an installed suite's visible
// range (POST /_mock/suites/{suite_id}/change_auth).
type ChangeAuthRequest struct {
	CorpID string `json:"corpid"`
	// Privilege is the new visible range; nil keeps it (the event is still
	// pushed, as when an admin changes something the mock does not model).
	Privilege *fixtures.SuitePrivilege `json:"privilege,omitempty"`
	State     string                   `json:"state,omitempty"`
}

// PermanentCodeReset is the outcome of a reset_permanent_code.
type PermanentCodeReset struct {
	SuiteEvent
	// AuthCode is what get_permanent_code exchanges for the new permanent
	// code, single use, valid 600 s.
	AuthCode  string `json:"auth_code"`
	ExpiresIn int    `json:"expires_in"`
}

// SuiteCodeRequest asks for a login code through a third-party suite, as
// the WeCom client would obtain one (POST /_mock/suites/{suite_id}/codes).
type SuiteCodeRequest struct {
	// Kind is "miniprogram" (wx.qy.login in the suite's mini program,
	// redeemed at service/miniprogram/jscode2session; the default) or
	// "oauth" (the suite's OAuth2 web login, redeemed at
	// service/auth/getuserinfo3rd).
	Kind   string `json:"kind,omitempty"`
	CorpID string `json:"corpid"`
	// UserID is the member who logs in; an oauth code may leave it empty
	// for a non-member visitor.
	UserID string `json:"userid,omitempty"`
	// Scope (oauth only): snsapi_base (the default) or snsapi_privateinfo,
	// which gives a member inside the install's visible range a user_ticket.
	Scope string `json:"scope,omitempty"`
	// OpenID is a visitor's openid (oauth only, UserID empty).
	OpenID string `json:"openid,omitempty"`
	// DeviceID is what the old service/getuserinfo3rd reports as DeviceId.
	DeviceID string `json:"deviceid,omitempty"`
}

// SuiteStatus is a suite as the control API shows it: its configuration,
// its newest ticket, and the corps that have installed it.
type SuiteStatus struct {
	SuiteID string `json:"suite_id"`
	Name    string `json:"name"`
	// Type is "third_party" or "customized" (代开发).
	Type        string       `json:"type"`
	CallbackURL string       `json:"callback_url,omitempty"`
	Ticket      *SuiteTicket `json:"ticket"`
	// NextTicketAt is when the schedule pushes the next ticket (virtual
	// time); null before the first push.
	NextTicketAt *time.Time `json:"next_ticket_at"`
	// SuiteAccessTokenExpiresAt is when the current suite_access_token
	// expires; null if none was issued.
	SuiteAccessTokenExpiresAt *time.Time           `json:"suite_access_token_expires_at"`
	Authorizations            []SuiteAuthorization `json:"authorizations"`
}

// SuiteAuthorization is one corp's install of a suite.
type SuiteAuthorization struct {
	CorpID   string `json:"corpid"`
	CorpName string `json:"corp_name"`
	AgentID  int    `json:"agentid"`
	// PermanentCode is the install's permanent code (for a 代开发 template
	// also the app secret at gettoken).
	PermanentCode string    `json:"permanent_code"`
	Privilege     Privilege `json:"privilege"`
	AuthUserID    string    `json:"auth_userid,omitempty"`
	State         string    `json:"state,omitempty"`
	// AuthType is 1 for a test authorization (set_session_info), else 0.
	AuthType  int       `json:"auth_type"`
	CreatedAt time.Time `json:"created_at"`
}

// Privilege is an install's visible range as the control API shows it,
// with every list present.
type Privilege struct {
	AllowUser  []string `json:"allow_user"`
	AllowParty []int    `json:"allow_party"`
	AllowTag   []int    `json:"allow_tag"`
}

// SuiteList is the answer of GET /_mock/suites.
type SuiteList struct {
	Suites []SuiteStatus `json:"suites"`
}

// Suites lists every suite of the world with its runtime state.
func (c *Client) Suites(ctx context.Context) ([]SuiteStatus, error) {
	var out SuiteList
	err := c.do(ctx, http.MethodGet, "/_mock/suites", nil, &out)
	return out.Suites, err
}

// Suite returns a suite's state.
func (c *Client) Suite(ctx context.Context, suiteID string) (SuiteStatus, error) {
	var out SuiteStatus
	err := c.do(ctx, http.MethodGet, suitePath(suiteID, ""), nil, &out)
	return out, err
}

// SetSuiteCallback sets a suite's 指令回调 URL, where suite_ticket,
// create_auth, cancel_auth, reset_permanent_code… are pushed.
func (c *Client) SetSuiteCallback(ctx context.Context, suiteID string, cb Callback) error {
	return c.do(ctx, http.MethodPut, suitePath(suiteID, "/callback"), cb, nil)
}

// RemoveSuiteCallback removes a suite's callback: tickets and events are
// kept but not delivered.
func (c *Client) RemoveSuiteCallback(ctx context.Context, suiteID string) error {
	return c.do(ctx, http.MethodDelete, suitePath(suiteID, "/callback"), nil, nil)
}

// SuiteTicket returns a suite's newest suite_ticket.
func (c *Client) SuiteTicket(ctx context.Context, suiteID string) (SuiteTicket, error) {
	var out SuiteTicket
	err := c.do(ctx, http.MethodGet, suitePath(suiteID, "/ticket"), nil, &out)
	return out, err
}

// PushSuiteTicket pushes a new suite_ticket now, as WeCom does every 10
// minutes.
func (c *Client) PushSuiteTicket(ctx context.Context, suiteID string) (SuiteTicket, error) {
	var out SuiteTicket
	err := c.do(ctx, http.MethodPost, suitePath(suiteID, "/ticket"), struct{}{}, &out)
	return out, err
}

// InstallSuite makes a corp install a suite.
func (c *Client) InstallSuite(ctx context.Context, suiteID string, req InstallRequest) (Install, error) {
	var out Install
	err := c.do(ctx, http.MethodPost, suitePath(suiteID, "/install"), req, &out)
	return out, err
}

// CancelSuiteAuth makes a corp uninstall a suite (cancel_auth).
func (c *Client) CancelSuiteAuth(ctx context.Context, suiteID, corpID string) (SuiteEvent, error) {
	var out SuiteEvent
	err := c.do(ctx, http.MethodPost, suitePath(suiteID, "/cancel_auth"), CorpRequest{CorpID: corpID}, &out)
	return out, err
}

// ChangeSuiteAuth changes an install's visible range (change_auth).
func (c *Client) ChangeSuiteAuth(ctx context.Context, suiteID string, req ChangeAuthRequest) (SuiteEvent, error) {
	var out SuiteEvent
	err := c.do(ctx, http.MethodPost, suitePath(suiteID, "/change_auth"), req, &out)
	return out, err
}

// ResetPermanentCode resets a 代开发 app's secret in a corp
// (reset_permanent_code).
func (c *Client) ResetPermanentCode(ctx context.Context, suiteID, corpID string) (PermanentCodeReset, error) {
	var out PermanentCodeReset
	err := c.do(ctx, http.MethodPost, suitePath(suiteID, "/reset_permanent_code"), CorpRequest{CorpID: corpID}, &out)
	return out, err
}

// MintSuiteCode mints a single-use login code of a suite (valid 5 minutes).
func (c *Client) MintSuiteCode(ctx context.Context, suiteID string, req SuiteCodeRequest) (Code, error) {
	var out Code
	err := c.do(ctx, http.MethodPost, suitePath(suiteID, "/codes"), req, &out)
	return out, err
}

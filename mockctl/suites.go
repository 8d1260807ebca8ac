package mockctl

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// Callback is a callback URL with its keys.
type Callback struct {
	URL            string `json:"url"`
	Token          string `json:"token"`
	EncodingAESKey string `json:"encoding_aes_key"`
}

func suitePath(suiteID, rest string) string {
	return "/_mock/suites/" + url.PathEscape(suiteID) + rest
}

// SetSuiteCallback sets a suite's 指令回调 URL, where suite_ticket,
// create_auth, cancel_auth, reset_permanent_code… are pushed.
func (c *Client) SetSuiteCallback(ctx context.Context, suiteID string, cb Callback) error {
	return c.do(ctx, http.MethodPut, suitePath(suiteID, "/callback"), cb, nil)
}

// SuiteTicket is a pushed suite_ticket.
type SuiteTicket struct {
	SuiteID   string    `json:"suite_id"`
	Ticket    string    `json:"suite_ticket"`
	IssuedAt  time.Time `json:"issued_at"`
	ExpiresAt time.Time `json:"expires_at"`
	// DeliveryID is the callback that carried it ("" without a callback).
	DeliveryID string `json:"delivery_id,omitempty"`
}

// PushSuiteTicket pushes a new suite_ticket now, as WeCom does every 10
// minutes.
func (c *Client) PushSuiteTicket(ctx context.Context, suiteID string) (SuiteTicket, error) {
	var out SuiteTicket
	err := c.do(ctx, http.MethodPost, suitePath(suiteID, "/ticket"), struct{}{}, &out)
	return out, err
}

// InstallRequest is a corp installing a suite: from the app market (Market,
// which pushes create_auth) or from the vendor's site (PreAuthCode,
// RedirectURI and State, answered with Install.Redirect).
type InstallRequest struct {
	CorpID      string `json:"corpid"`
	UserID      string `json:"userid,omitempty"`
	Market      bool   `json:"market,omitempty"`
	PreAuthCode string `json:"pre_auth_code,omitempty"`
	RedirectURI string `json:"redirect_uri,omitempty"`
	State       string `json:"state,omitempty"`
}

// SuiteEvent is a suite callback the mock pushed.
type SuiteEvent struct {
	InfoType   string `json:"info_type"`
	Payload    string `json:"payload"`
	DeliveryID string `json:"delivery_id,omitempty"`
}

// Install is the outcome of an install.
type Install struct {
	SuiteID    string      `json:"suite_id"`
	CorpID     string      `json:"corpid"`
	AgentID    int         `json:"agentid"`
	AuthCode   string      `json:"auth_code"`
	ExpiresIn  int         `json:"expires_in"`
	Redirect   string      `json:"redirect,omitempty"`
	CreateAuth *SuiteEvent `json:"create_auth,omitempty"`
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
	err := c.do(ctx, http.MethodPost, suitePath(suiteID, "/cancel_auth"), map[string]string{"corpid": corpID}, &out)
	return out, err
}

// ResetPermanentCode resets a 代开发 app's secret in a corp
// (reset_permanent_code).
func (c *Client) ResetPermanentCode(ctx context.Context, suiteID, corpID string) (SuiteEvent, error) {
	var out SuiteEvent
	err := c.do(ctx, http.MethodPost, suitePath(suiteID, "/reset_permanent_code"), map[string]string{"corpid": corpID}, &out)
	return out, err
}

// SuiteAuthorization is one corp's install of a suite.
type SuiteAuthorization struct {
	CorpID        string `json:"corpid"`
	AgentID       int    `json:"agentid"`
	PermanentCode string `json:"permanent_code"`
	AuthUserID    string `json:"auth_userid,omitempty"`
}

// SuiteStatus is a suite with its runtime state.
type SuiteStatus struct {
	SuiteID        string               `json:"suite_id"`
	Type           string               `json:"type"`
	CallbackURL    string               `json:"callback_url,omitempty"`
	Ticket         *SuiteTicket         `json:"ticket"`
	Authorizations []SuiteAuthorization `json:"authorizations"`
}

// Suite returns a suite's state.
func (c *Client) Suite(ctx context.Context, suiteID string) (SuiteStatus, error) {
	var out SuiteStatus
	err := c.do(ctx, http.MethodGet, suitePath(suiteID, ""), nil, &out)
	return out, err
}

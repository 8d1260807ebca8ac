package mockctl

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// LoginAs is who logs in on a login page: a corp member (UserID), or a
// visitor who is not a member (Visitor, with OpenID or, if that is empty,
// the corp's stable default visitor openid). Give one or the other.
type LoginAs struct {
	UserID  string `json:"userid,omitempty"`
	Visitor bool   `json:"visitor,omitempty"`
	OpenID  string `json:"openid,omitempty"`
	// CorpID, for NextLogin, limits the entry to login pages of that corp;
	// for ScanQRLogin it must be empty or the QR login's corp.
	CorpID string `json:"corpid,omitempty"`
}

// NextLoginList is the answer of /_mock/login/next: the queued logins,
// first one first.
type NextLoginList struct {
	Next []LoginAs `json:"next"`
}

// NextLogin queues who the next OAuth authorize page or QR-login page logs
// in: the page then redirects to the app at once, as if they had clicked
// through it (POST /_mock/login/next).
func (c *Client) NextLogin(ctx context.Context, who LoginAs) error {
	return c.do(ctx, http.MethodPost, "/_mock/login/next", who, nil)
}

// NextLogins lists the queued logins.
func (c *Client) NextLogins(ctx context.Context) ([]LoginAs, error) {
	var out NextLoginList
	err := c.do(ctx, http.MethodGet, "/_mock/login/next", nil, &out)
	return out.Next, err
}

// ClearNextLogins empties the queue.
func (c *Client) ClearNextLogins(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "/_mock/login/next", nil, nil)
}

// The states of a QR login.
const (
	QRWaiting   = "waiting"   // shown, not scanned yet
	QRScanned   = "scanned"   // the phone picked who logs in
	QRConfirmed = "confirmed" // the phone confirmed; Code is set
	QRCancelled = "cancelled" // the phone cancelled
	QRExpired   = "expired"   // not confirmed within 5 minutes
)

// QRLoginRequest starts a QR login, as the login page does with its query
// (POST /_mock/qrlogins).
type QRLoginRequest struct {
	CorpID  string `json:"corpid"`
	AgentID int    `json:"agentid"`
	// RedirectURI must be under one of the app's login domains
	// (login_domains, or trusted_domains when the fixture sets none).
	RedirectURI string `json:"redirect_uri"`
	State       string `json:"state"`
}

// QRLogin is a QR login as it stands.
type QRLogin struct {
	Key    string `json:"key"`
	Status string `json:"status"`
	// SuiteID is set for a third-party app's login (login_type=ServiceApp);
	// CorpID and AgentID are then the install's whose member scanned.
	SuiteID     string `json:"suite_id,omitempty"`
	CorpID      string `json:"corpid"`
	AgentID     int    `json:"agentid"`
	RedirectURI string `json:"redirect_uri"`
	State       string `json:"state"`
	// UserID (a member) or OpenID (a visitor) is who scanned; Name is how
	// the pages show them.
	UserID string `json:"userid,omitempty"`
	OpenID string `json:"openid,omitempty"`
	Name   string `json:"name,omitempty"`
	// Code and RedirectURL are set once confirmed: the code for
	// auth/getuserinfo, and redirect_uri?code=CODE&state=STATE.
	Code        string    `json:"code,omitempty"`
	RedirectURL string    `json:"redirect_url,omitempty"`
	ExpiresAt   time.Time `json:"expires_at"`
	// ExpiresIn is the seconds left to scan and confirm (0 once over).
	ExpiresIn int `json:"expires_in"`
	// PhoneURL opens the phone page: what the QR code encodes.
	PhoneURL string `json:"phone_url"`
}

// QRLoginList is the answer of GET /_mock/qrlogins.
type QRLoginList struct {
	QRLogins []QRLogin `json:"qrlogins"`
}

// StartQRLogin opens a QR login, as the login page does.
func (c *Client) StartQRLogin(ctx context.Context, req QRLoginRequest) (QRLogin, error) {
	var out QRLogin
	err := c.do(ctx, http.MethodPost, "/_mock/qrlogins", req, &out)
	return out, err
}

// QRLogins lists the QR logins the mock keeps, oldest first.
func (c *Client) QRLogins(ctx context.Context) ([]QRLogin, error) {
	var out QRLoginList
	err := c.do(ctx, http.MethodGet, "/_mock/qrlogins", nil, &out)
	return out.QRLogins, err
}

// QRLogin returns one QR login.
func (c *Client) QRLogin(ctx context.Context, key string) (QRLogin, error) {
	var out QRLogin
	err := c.do(ctx, http.MethodGet, "/_mock/qrlogins/"+url.PathEscape(key), nil, &out)
	return out, err
}

// ScanQRLogin is the phone scanning the QR code as who.
func (c *Client) ScanQRLogin(ctx context.Context, key string, who LoginAs) (QRLogin, error) {
	var out QRLogin
	err := c.do(ctx, http.MethodPost, "/_mock/qrlogins/"+url.PathEscape(key)+"/scan", who, &out)
	return out, err
}

// ConfirmQRLogin is the phone confirming a scanned login.
func (c *Client) ConfirmQRLogin(ctx context.Context, key string) (QRLogin, error) {
	var out QRLogin
	err := c.do(ctx, http.MethodPost, "/_mock/qrlogins/"+url.PathEscape(key)+"/confirm", nil, &out)
	return out, err
}

// CancelQRLogin is the phone cancelling the login.
func (c *Client) CancelQRLogin(ctx context.Context, key string) (QRLogin, error) {
	var out QRLogin
	err := c.do(ctx, http.MethodPost, "/_mock/qrlogins/"+url.PathEscape(key)+"/cancel", nil, &out)
	return out, err
}

package mockctl

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// LoginAs is who logs in on a WeCom login page: a member (UserID), or a
// visitor who is not a member (Visitor, optionally with OpenID).
type LoginAs struct {
	UserID  string `json:"userid,omitempty"`
	Visitor bool   `json:"visitor,omitempty"`
	OpenID  string `json:"openid,omitempty"`
	// CorpID limits a queued login to login pages of that corp.
	CorpID string `json:"corpid,omitempty"`
}

// NextLogin queues who the next OAuth authorize page or QR-login page logs
// in: the page then redirects to the app at once, as if they had clicked
// through it (POST /_mock/login/next).
func (c *Client) NextLogin(ctx context.Context, who LoginAs) error {
	return c.do(ctx, http.MethodPost, "/_mock/login/next", who, nil)
}

// NextLogins lists the queued logins.
func (c *Client) NextLogins(ctx context.Context) ([]LoginAs, error) {
	var out struct {
		Next []LoginAs `json:"next"`
	}
	err := c.do(ctx, http.MethodGet, "/_mock/login/next", nil, &out)
	return out.Next, err
}

// ClearNextLogins empties the queue.
func (c *Client) ClearNextLogins(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "/_mock/login/next", nil, nil)
}

// The states of a QR login.
const (
	QRWaiting   = "waiting"
	QRScanned   = "scanned"
	QRConfirmed = "confirmed"
	QRCancelled = "cancelled"
	QRExpired   = "expired"
)

// QRLogin is a QR-code login as it stands.
type QRLogin struct {
	Key         string    `json:"key"`
	Status      string    `json:"status"`
	CorpID      string    `json:"corpid"`
	AgentID     int       `json:"agentid"`
	RedirectURI string    `json:"redirect_uri"`
	State       string    `json:"state"`
	UserID      string    `json:"userid,omitempty"`
	OpenID      string    `json:"openid,omitempty"`
	Name        string    `json:"name,omitempty"`
	Code        string    `json:"code,omitempty"`
	RedirectURL string    `json:"redirect_url,omitempty"`
	ExpiresAt   time.Time `json:"expires_at"`
	ExpiresIn   int       `json:"expires_in"`
	PhoneURL    string    `json:"phone_url"`
}

// QRLogins lists the QR logins the mock keeps, oldest first.
func (c *Client) QRLogins(ctx context.Context) ([]QRLogin, error) {
	var out struct {
		QRLogins []QRLogin `json:"qrlogins"`
	}
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

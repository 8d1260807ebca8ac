package mockctl

import (
	"context"
	"net/http"
	"time"
)

// Credentials is the answer of GET /_mock/credentials: the access tokens,
// suite and provider tokens and login codes valid now, with their
// remaining lifetime on the virtual clock. Values are masked — a short
// prefix then "***" — since the dashboard showing them may be shared on a
// screen; the whole values stay with whoever fetched them.
type Credentials struct {
	Now            time.Time           `json:"now"`
	AccessTokens   []AccessTokenInfo   `json:"access_tokens"`
	SuiteTokens    []SuiteTokenInfo    `json:"suite_tokens"`
	ProviderTokens []ProviderTokenInfo `json:"provider_tokens"`
	// Codes are the unspent, unexpired login codes, newest first, at most
	// 500; CodesTotal counts them all.
	Codes      []LoginCodeInfo `json:"codes"`
	CodesTotal int             `json:"codes_total"`
}

// AccessTokenInfo is a corp secret's current access_token (gettoken), or a
// third-party suite's token for an install (get_corp_token, SuiteID set).
type AccessTokenInfo struct {
	CorpID string `json:"corpid"`
	// SecretKind is the secret that issued it: "app", "contacts",
	// "externalcontact", "kf", "checkin", "approval" or "msgaudit".
	SecretKind string    `json:"secret_kind"`
	AgentID    int       `json:"agentid,omitempty"`
	SuiteID    string    `json:"suiteid,omitempty"`
	Token      string    `json:"token"` // masked
	IssuedAt   time.Time `json:"issued_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	ExpiresIn  int       `json:"expires_in"` // seconds left, rounded up
}

// SuiteTokenInfo is a suite's current suite_access_token.
type SuiteTokenInfo struct {
	SuiteID   string    `json:"suiteid"`
	Token     string    `json:"token"` // masked
	IssuedAt  time.Time `json:"issued_at"`
	ExpiresAt time.Time `json:"expires_at"`
	ExpiresIn int       `json:"expires_in"`
}

// ProviderTokenInfo is a service provider's current provider_access_token.
type ProviderTokenInfo struct {
	CorpID    string    `json:"corpid"`
	Token     string    `json:"token"` // masked
	IssuedAt  time.Time `json:"issued_at"`
	ExpiresAt time.Time `json:"expires_at"`
	ExpiresIn int       `json:"expires_in"`
}

// LoginCodeInfo is an unspent login code (POST /_mock/codes, the OAuth and
// QR login pages, wx.qy.login).
type LoginCodeInfo struct {
	// Kind is "miniprogram", "oauth" or "qrcode".
	Kind    string `json:"kind"`
	CorpID  string `json:"corpid"`
	AgentID int    `json:"agentid,omitempty"`
	AppID   string `json:"appid,omitempty"`
	// UserID is the member it logs in; OpenID a visitor's.
	UserID    string    `json:"userid,omitempty"`
	OpenID    string    `json:"openid,omitempty"`
	Scope     string    `json:"scope,omitempty"`
	Code      string    `json:"code"` // masked
	IssuedAt  time.Time `json:"issued_at"`
	ExpiresAt time.Time `json:"expires_at"`
	ExpiresIn int       `json:"expires_in"`
}

// Credentials lists the tokens and login codes valid now, masked.
func (c *Client) Credentials(ctx context.Context) (Credentials, error) {
	var out Credentials
	err := c.do(ctx, http.MethodGet, "/_mock/credentials", nil, &out)
	return out, err
}

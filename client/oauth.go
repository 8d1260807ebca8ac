package client

import (
	"context"
	"net/url"
)

// OAuthIdentity is who an OAuth or QR-login code was issued to
// (auth/getuserinfo). A corp member has UserID (and UserTicket for the
// snsapi_privateinfo scope when in the app's visible range); anyone else has
// OpenID, and ExternalUserID if they are a customer of a member the app can
// see.
type OAuthIdentity struct {
	UserID string `json:"userid"`
	// UserTicket is valid for 1800 s; pass it to UserDetail.
	UserTicket     string `json:"user_ticket"`
	OpenID         string `json:"openid"`
	ExternalUserID string `json:"external_userid"`
}

// IsMember reports whether the code belonged to a corp member.
func (id *OAuthIdentity) IsMember() bool { return id.UserID != "" }

// UserInfoFromCode exchanges the code WeCom appended to the OAuth
// redirect_uri (or the web-login redirect) for the visitor's identity
// (GET /cgi-bin/auth/getuserinfo). A code works once, for 5 minutes: reuse
// fails with errcode.InvalidCode (40029); a code issued for another app, or
// for a redirect outside the app's trusted domains, with
// errcode.RedirectDomainMismatch (50001).
func (c *Client) UserInfoFromCode(ctx context.Context, code string) (*OAuthIdentity, error) {
	var out OAuthIdentity
	if err := c.getJSON(ctx, "/cgi-bin/auth/getuserinfo", url.Values{"code": {code}}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UserDetail holds the sensitive fields a member consented to share through
// the snsapi_privateinfo scope (auth/getuserdetail).
type UserDetail struct {
	UserID  string `json:"userid"`
	Gender  Gender `json:"gender"`
	Avatar  string `json:"avatar"`
	QRCode  string `json:"qr_code"`
	Mobile  string `json:"mobile"`
	Email   string `json:"email"`
	BizMail string `json:"biz_mail"`
	Address string `json:"address"`
}

// UserDetail reads a member's sensitive fields with the user_ticket from
// UserInfoFromCode (POST /cgi-bin/auth/getuserdetail).
func (c *Client) UserDetail(ctx context.Context, userTicket string) (*UserDetail, error) {
	in := struct {
		UserTicket string `json:"user_ticket"`
	}{userTicket}
	var out UserDetail
	if err := c.postJSON(ctx, "/cgi-bin/auth/getuserdetail", in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

package login

import (
	"errors"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// missingCode is WeCom's 41008 ("缺少auth code参数") for a code exchange
// without a code.
func missingCode() error { return kernel.Err(errcode.CodeMissing) }

// authUserInfoResponse is auth/getuserinfo's answer
// (https://developer.work.weixin.qq.com/document/path/96442): a member gets
// userid (and user_ticket for a snsapi_privateinfo login inside the app's
// visible range), a non-member visitor gets openid. external_userid is never
// sent: a visitor is never taken for one of the corp's 客户联系 customers.
type authUserInfoResponse struct {
	UserID     string `json:"userid,omitempty"`
	UserTicket string `json:"user_ticket,omitempty"`
	OpenID     string `json:"openid,omitempty"`
}

// oldUserInfoResponse is the old user/getuserinfo's answer with its
// PascalCase keys, which SDKs still read. DeviceId is always present (possibly
// ""), for visitors too, as in the old doc's samples; user_ticket and
// expires_in only when a ticket was issued.
type oldUserInfoResponse struct {
	UserID     string `json:"UserId,omitempty"`
	OpenID     string `json:"OpenId,omitempty"`
	DeviceID   string `json:"DeviceId"`
	UserTicket string `json:"user_ticket,omitempty"`
	ExpiresIn  int    `json:"expires_in,omitempty"`
}

// redeemOAuthCode is the code exchange both getuserinfo endpoints share:
//
//   - no code → 41008 missing code;
//   - a token that is not an app token (the contacts-sync one) → 50001, and
//     the code stays unspent;
//   - an unknown, used, expired or non-OAuth code → 40029 invalid code;
//   - a code minted for another app or corp → 50001, unspent;
//   - a code issued for a redirect_uri outside the app's trusted domains →
//     50001, unspent (store.RedirectTrusted has the matching rules).
func (a *API) redeemOAuthCode(c *kernel.Call) (store.OAuthLogin, error) {
	code := c.Query.Get("code")
	if code == "" {
		return store.OAuthLogin{}, missingCode()
	}
	if c.Token.Kind != store.AppToken {
		return store.OAuthLogin{}, kernel.Err(errcode.RedirectDomainMismatch)
	}
	login, err := a.env.Store.RedeemOAuthCode(code, c.Token.CorpID, c.Token.AgentID)
	switch {
	case errors.Is(err, store.ErrCodeInvalid):
		return store.OAuthLogin{}, kernel.Err(errcode.InvalidCode)
	case errors.Is(err, store.ErrCodeOtherApp), errors.Is(err, store.ErrRedirectUntrusted):
		return store.OAuthLogin{}, kernel.Err(errcode.RedirectDomainMismatch)
	case err != nil:
		return store.OAuthLogin{}, err
	}
	return login, nil
}

// authGetUserInfo is GET /cgi-bin/auth/getuserinfo?access_token&code.
func (a *API) authGetUserInfo(_ *http.Request, c *kernel.Call) (any, error) {
	login, err := a.redeemOAuthCode(c)
	if err != nil {
		return nil, err
	}
	if login.UserID == "" {
		return authUserInfoResponse{OpenID: login.OpenID}, nil
	}
	out := authUserInfoResponse{UserID: login.UserID}
	if login.Ticket != nil {
		out.UserTicket = login.Ticket.Value
	}
	return out, nil
}

// oldGetUserInfo is the old GET /cgi-bin/user/getuserinfo?access_token&code
// that SDKs still call, some with an extra agentid, which is ignored.
func (a *API) oldGetUserInfo(_ *http.Request, c *kernel.Call) (any, error) {
	login, err := a.redeemOAuthCode(c)
	if err != nil {
		return nil, err
	}
	out := oldUserInfoResponse{UserID: login.UserID, DeviceID: login.Code.DeviceID}
	if login.UserID == "" {
		out.OpenID = login.OpenID
	}
	if login.Ticket != nil {
		out.UserTicket = login.Ticket.Value
		out.ExpiresIn = login.Ticket.ExpiresIn(a.env.Store.Now())
	}
	return out, nil
}

// userDetailResponse is auth/getuserdetail's answer
// (https://developer.work.weixin.qq.com/document/path/96443); gender is a
// string.
type userDetailResponse struct {
	UserID  string `json:"userid"`
	Gender  string `json:"gender"`
	Avatar  string `json:"avatar"`
	QRCode  string `json:"qr_code"`
	Mobile  string `json:"mobile"`
	Email   string `json:"email"`
	BizMail string `json:"biz_mail"`
	Address string `json:"address"`
}

// authGetUserDetail is POST /cgi-bin/auth/getuserdetail {"user_ticket":"..."}:
// the sensitive fields the member consented to show (snsapi_privateinfo),
// whatever the app's sensitive_fields setting — that consent is what the
// user_ticket stands for.
//
// WeCom's docs do not give the errors, so these are assumptions:
//   - an empty or absent user_ticket → 40058 (a required parameter empty);
//   - an unknown or expired user_ticket (after 1800 s) → 40029 invalid code,
//     the errcode of the OAuth family whose remedy — log in again — fits;
//   - a user_ticket issued to another app, or any token but an app token →
//     50001, the errcode for "not the app the code was issued for".
func (a *API) authGetUserDetail(r *http.Request, c *kernel.Call) (any, error) {
	var req struct {
		UserTicket string `json:"user_ticket"`
	}
	if err := kernel.DecodeJSON(r, &req); err != nil {
		return nil, err
	}
	if req.UserTicket == "" {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	if c.Token.Kind != store.AppToken {
		return nil, kernel.Err(errcode.RedirectDomainMismatch)
	}
	m, err := a.env.Store.UserDetail(req.UserTicket, c.Token.CorpID, c.Token.AgentID)
	switch {
	case errors.Is(err, store.ErrUserTicketInvalid), errors.Is(err, store.ErrMemberNotFound):
		return nil, kernel.Err(errcode.InvalidCode)
	case errors.Is(err, store.ErrUserTicketOther):
		return nil, kernel.Err(errcode.RedirectDomainMismatch)
	case err != nil:
		return nil, err
	}
	gender := m.Gender
	if gender == "" {
		gender = "0"
	}
	return userDetailResponse{
		UserID:  m.UserID,
		Gender:  gender,
		Avatar:  m.Avatar,
		QRCode:  m.QRCode,
		Mobile:  m.Mobile,
		Email:   m.Email,
		BizMail: m.BizMail,
		Address: m.Address,
	}, nil
}

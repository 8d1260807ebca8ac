package suite

import (
	"errors"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Logins through third-party suites: the suite's mini program
// (https://developer.work.weixin.qq.com/document/path/92423) and its OAuth2
// web login (https://developer.work.weixin.qq.com/document/path/91121).
// Codes are minted with MintSuiteCode (POST /_mock/suites/{id}/codes).

type suiteSessionResponse struct {
	CorpID     string `json:"corpid"`
	UserID     string `json:"userid"`
	SessionKey string `json:"session_key"`
	OpenUserID string `json:"open_userid"`
	DeviceID   string `json:"deviceid"`
}

// suiteJSCode2Session is GET /cgi-bin/service/miniprogram/jscode2session
// ?suite_access_token&js_code&grant_type=authorization_code: the
// third-party variant adds open_userid. When the member's corp has not
// installed the suite, WeCom encrypts the userid; the mock then answers the
// open_userid in its place. As the corp form: 41008 without js_code, 40002
// unless grant_type is authorization_code, deviceid as the corp form's.
// Unknown, used, expired and other suites' codes answer 40029 (another
// suite's code stays unspent).
func (api *API) suiteJSCode2Session(_ *http.Request, c *kernel.Call) (any, error) {
	if err := kernel.CheckGrantType(c); err != nil {
		return nil, err
	}
	login, err := api.env.Store.RedeemSuiteCode(c.Query.Get("js_code"), store.MiniProgramCode, c.Suite.SuiteID)
	if errors.Is(err, store.ErrCodeInvalid) || errors.Is(err, store.ErrCodeOtherApp) {
		return nil, kernel.Err(errcode.InvalidCode)
	}
	if err != nil {
		return nil, err
	}
	if login.Member == nil {
		// The member left the corp since the code was minted.
		return nil, kernel.Err(errcode.InvalidCode)
	}
	return suiteSessionResponse{
		CorpID:     login.Code.CorpID,
		UserID:     userID3rd(login),
		SessionKey: api.env.Store.SessionKey(),
		OpenUserID: login.OpenUserID,
		DeviceID:   login.Code.DeviceID,
	}, nil
}

// redeemSuiteOAuth is the code exchange of both getuserinfo3rd endpoints:
// 41008 without a code, 40029 for an unknown, used, expired or non-OAuth
// code, 50001 for another suite's (unspent), as for corp apps.
func (api *API) redeemSuiteOAuth(c *kernel.Call) (store.SuiteLogin, error) {
	code := c.Query.Get("code")
	if code == "" {
		return store.SuiteLogin{}, missingCode()
	}
	login, err := api.env.Store.RedeemSuiteCode(code, store.OAuthCode, c.Suite.SuiteID)
	switch {
	case errors.Is(err, store.ErrCodeInvalid):
		return store.SuiteLogin{}, kernel.Err(errcode.InvalidCode)
	case errors.Is(err, store.ErrCodeOtherApp):
		return store.SuiteLogin{}, kernel.Err(errcode.RedirectDomainMismatch)
	case err != nil:
		return store.SuiteLogin{}, err
	}
	if login.Code.UserID != "" && login.Member == nil {
		return store.SuiteLogin{}, kernel.Err(errcode.InvalidCode)
	}
	return login, nil
}

// userInfo3rdResponse is service/auth/getuserinfo3rd's answer (D:91121): a
// member gets corpid, userid and open_userid (plus user_ticket and
// expires_in for a snsapi_privateinfo login inside the install's visible
// range), a visitor who is not a member only openid.
type userInfo3rdResponse struct {
	CorpID     string `json:"corpid,omitempty"`
	UserID     string `json:"userid,omitempty"`
	UserTicket string `json:"user_ticket,omitempty"`
	ExpiresIn  int    `json:"expires_in,omitempty"`
	OpenUserID string `json:"open_userid,omitempty"`
	OpenID     string `json:"openid,omitempty"`
}

// userID3rd is the userid a suite's login reports: the member's own in a
// corp that installed the suite, else a cipher of it — "如果该企业与第三方应用
// 没有授权关系时,返回密文UserId" (D:91121). The mock's cipher is the
// open_userid, as at service/miniprogram/jscode2session.
func userID3rd(login store.SuiteLogin) string {
	if !login.Installed {
		return login.OpenUserID
	}
	return login.Member.UserID
}

// suiteGetUserInfo3rd is GET /cgi-bin/service/auth/getuserinfo3rd
// ?suite_access_token&code.
func (api *API) suiteGetUserInfo3rd(_ *http.Request, c *kernel.Call) (any, error) {
	login, err := api.redeemSuiteOAuth(c)
	if err != nil {
		return nil, err
	}
	if login.Member == nil {
		return userInfo3rdResponse{OpenID: login.Code.OpenID}, nil
	}
	out := userInfo3rdResponse{
		CorpID:     login.Code.CorpID,
		UserID:     userID3rd(login),
		OpenUserID: login.OpenUserID,
	}
	if login.Ticket != nil {
		out.UserTicket = login.Ticket.Value
		out.ExpiresIn = login.Ticket.ExpiresIn(api.env.Store.Now())
	}
	return out, nil
}

// oldUserInfo3rdResponse is the old service/getuserinfo3rd's answer, with
// the PascalCase keys SDKs still decode (silenceper's GetUserinfo3rd).
type oldUserInfo3rdResponse struct {
	CorpID     string `json:"CorpId,omitempty"`
	UserID     string `json:"UserId,omitempty"`
	DeviceID   string `json:"DeviceId"`
	UserTicket string `json:"user_ticket,omitempty"`
	ExpiresIn  int    `json:"expires_in,omitempty"`
	OpenUserID string `json:"open_userid,omitempty"`
	OpenID     string `json:"OpenId,omitempty"`
}

// suiteOldGetUserInfo3rd is the old GET /cgi-bin/service/getuserinfo3rd.
func (api *API) suiteOldGetUserInfo3rd(_ *http.Request, c *kernel.Call) (any, error) {
	login, err := api.redeemSuiteOAuth(c)
	if err != nil {
		return nil, err
	}
	out := oldUserInfo3rdResponse{DeviceID: login.Code.DeviceID}
	if login.Member == nil {
		out.OpenID = login.Code.OpenID
		return out, nil
	}
	out.CorpID = login.Code.CorpID
	out.UserID = userID3rd(login)
	out.OpenUserID = login.OpenUserID
	if login.Ticket != nil {
		out.UserTicket = login.Ticket.Value
		out.ExpiresIn = login.Ticket.ExpiresIn(api.env.Store.Now())
	}
	return out, nil
}

// userDetail3rdResponse is getuserdetail3rd's answer
// (https://developer.work.weixin.qq.com/document/path/91122): corpid, userid,
// name, gender, avatar and qr_code only — a third-party app never reads the
// mobile, email, biz_mail or address (they are for self-built and 代开发 apps'
// auth/getuserdetail, path/96443, which says so). name is the userid since
// WeCom stopped returning names to third parties; gender is a string.
type userDetail3rdResponse struct {
	CorpID string `json:"corpid"`
	UserID string `json:"userid"`
	Name   string `json:"name"`
	Gender string `json:"gender"`
	Avatar string `json:"avatar"`
	QRCode string `json:"qr_code"`
}

// suiteGetUserDetail3rd is POST /cgi-bin/service/auth/getuserdetail3rd
// {"user_ticket"}: the member's sensitive fields they consented to show.
// Errors as auth/getuserdetail: empty ticket 40058, unknown or expired
// 40029, another suite's 50001.
func (api *API) suiteGetUserDetail3rd(r *http.Request, c *kernel.Call) (any, error) {
	var req struct {
		UserTicket string `json:"user_ticket"`
	}
	if err := kernel.DecodeJSON(r, &req); err != nil {
		return nil, err
	}
	if req.UserTicket == "" {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	t, m, err := api.env.Store.SuiteUserDetail(req.UserTicket, c.Suite.SuiteID)
	switch {
	case errors.Is(err, store.ErrUserTicketInvalid):
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
	return userDetail3rdResponse{
		CorpID: t.CorpID,
		UserID: m.UserID,
		Name:   m.UserID,
		Gender: gender,
		Avatar: m.Avatar,
		QRCode: m.QRCode,
	}, nil
}

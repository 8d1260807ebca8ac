package suite

import (
	"errors"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// The install flow of suites: pre-auth codes
// (https://developer.work.weixin.qq.com/document/path/90601), session info,
// permanent codes (https://developer.work.weixin.qq.com/document/path/90603),
// authorization info and third-party corp tokens.

type preAuthCodeResponse struct {
	PreAuthCode string `json:"pre_auth_code"`
	ExpiresIn   int    `json:"expires_in"`
}

// getPreAuthCode is GET /cgi-bin/service/get_pre_auth_code?suite_access_token=:
// a new single-use code for the install page, valid 1200 s.
func (api *API) getPreAuthCode(_ *http.Request, c *kernel.Call) (any, error) {
	p, err := api.env.Store.IssuePreAuthCode(c.Suite.SuiteID)
	if err != nil {
		return nil, err
	}
	return preAuthCodeResponse{PreAuthCode: p.Value, ExpiresIn: int(store.PreAuthCodeTTL.Seconds())}, nil
}

// setSessionInfo is POST /cgi-bin/service/set_session_info
// {"pre_auth_code","session_info":{"appid":[…],"auth_type":0|1}}: auth_type 1
// makes the install a test authorization. The appid list (which apps of an
// old multi-app suite to offer) is accepted and ignored: a mock suite is one
// app. An unknown, used or other suite's pre_auth_code answers 40077, an
// expired one 42007, an auth_type other than 0 or 1 40058.
func (api *API) setSessionInfo(r *http.Request, c *kernel.Call) (any, error) {
	var req struct {
		PreAuthCode string `json:"pre_auth_code"`
		SessionInfo struct {
			AppID    []int `json:"appid"`
			AuthType int   `json:"auth_type"`
		} `json:"session_info"`
	}
	if err := kernel.DecodeJSON(r, &req); err != nil {
		return nil, err
	}
	if req.PreAuthCode == "" {
		return nil, kernel.Err(errcode.InvalidPreAuthCode)
	}
	if t := req.SessionInfo.AuthType; t != 0 && t != 1 {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	err := api.env.Store.SetSessionInfo(c.Suite.SuiteID, req.PreAuthCode, req.SessionInfo.AuthType)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return struct{}{}, nil
}

// authCorpInfo is auth_corp_info. The mock's corps are all verified
// enterprises with invented logos, scale and industry.
type authCorpInfo struct {
	CorpID            string      `json:"corpid"`
	CorpName          string      `json:"corp_name"`
	CorpType          string      `json:"corp_type"`
	CorpSquareLogoURL string      `json:"corp_square_logo_url"`
	CorpUserMax       int         `json:"corp_user_max"`
	CorpFullName      string      `json:"corp_full_name"`
	VerifiedEndTime   int64       `json:"verified_end_time"`
	SubjectType       int         `json:"subject_type"`
	CorpWxQRCode      string      `json:"corp_wxqrcode"`
	CorpScale         string      `json:"corp_scale"`
	CorpIndustry      string      `json:"corp_industry"`
	CorpSubIndustry   string      `json:"corp_sub_industry"`
	CorpExName        *corpExName `json:"corp_ex_name,omitempty"`
}

type corpExName struct {
	NameList []string `json:"name_list"`
}

// briefCorpInfo is v2's auth_corp_info.
type briefCorpInfo struct {
	CorpID   string `json:"corpid"`
	CorpName string `json:"corp_name"`
}

type authInfo struct {
	Agent []authAgent `json:"agent"`
}

type authAgent struct {
	AgentID          int            `json:"agentid"`
	Name             string         `json:"name"`
	RoundLogoURL     string         `json:"round_logo_url"`
	SquareLogoURL    string         `json:"square_logo_url"`
	AuthMode         int            `json:"auth_mode"`
	IsCustomizedApp  bool           `json:"is_customized_app"`
	AuthFromThirdapp bool           `json:"auth_from_thirdapp"`
	Privilege        agentPrivilege `json:"privilege"`
}

// agentPrivilege is an install's privilege block. level 1 is 通讯录基本信息只读
// (read-only basic contacts); extra_* (extra contacts the admin shared
// beyond the range) are always empty.
type agentPrivilege struct {
	Level      int      `json:"level"`
	AllowParty []int    `json:"allow_party"`
	AllowUser  []string `json:"allow_user"`
	AllowTag   []int    `json:"allow_tag"`
	ExtraParty []int    `json:"extra_party"`
	ExtraUser  []string `json:"extra_user"`
	ExtraTag   []int    `json:"extra_tag"`
}

type authUserInfo struct {
	UserID     string `json:"userid"`
	OpenUserID string `json:"open_userid"`
	Name       string `json:"name"`
	Avatar     string `json:"avatar"`
}

func (api *API) corpInfo(a store.Authorization) authCorpInfo {
	return authCorpInfo{
		CorpID:            a.CorpID,
		CorpName:          a.CorpName,
		CorpType:          "verified",
		CorpSquareLogoURL: "https://p.qlogo.cn/bizmail/mock-" + a.CorpID + "/0",
		CorpUserMax:       200,
		CorpFullName:      a.CorpName,
		VerifiedEndTime:   api.env.Store.Now().AddDate(1, 0, 0).Unix(),
		SubjectType:       1,
		CorpWxQRCode:      "https://open.work.weixin.qq.com/wwopen/mock/corpqrcode?corpid=" + a.CorpID,
		CorpScale:         "1-50人",
		CorpIndustry:      "IT服务",
		CorpSubIndustry:   "计算机软件/硬件/信息服务",
	}
}

func agentsOf(a store.Authorization) authInfo {
	return authInfo{Agent: []authAgent{{
		AgentID:         a.AgentID,
		Name:            a.SuiteName,
		RoundLogoURL:    "https://p.qlogo.cn/bizmail/mock-" + a.SuiteID + "/0",
		SquareLogoURL:   "https://p.qlogo.cn/bizmail/mock-" + a.SuiteID + "/0",
		IsCustomizedApp: a.Customized,
		Privilege: agentPrivilege{
			Level:      1,
			AllowParty: kernel.NonNil(a.Privilege.AllowParty),
			AllowUser:  kernel.NonNil(a.Privilege.AllowUser),
			AllowTag:   kernel.NonNil(a.Privilege.AllowTag),
			ExtraParty: []int{},
			ExtraUser:  []string{},
			ExtraTag:   []int{},
		},
	}}}
}

func userInfoOf(a store.Authorization) *authUserInfo {
	if a.AuthUser == nil {
		return nil
	}
	return &authUserInfo{
		UserID:     a.AuthUser.UserID,
		OpenUserID: a.AuthUserOpenID,
		Name:       a.AuthUser.Name,
		Avatar:     a.AuthUser.Avatar,
	}
}

type permanentCodeResponse struct {
	// AccessToken and ExpiresIn are the corp token of a third-party
	// install; a 代开发 install gets none (its permanent code is the secret).
	AccessToken   string        `json:"access_token,omitempty"`
	ExpiresIn     int           `json:"expires_in,omitempty"`
	PermanentCode string        `json:"permanent_code"`
	AuthCorpInfo  authCorpInfo  `json:"auth_corp_info"`
	AuthInfo      authInfo      `json:"auth_info"`
	AuthUserInfo  *authUserInfo `json:"auth_user_info,omitempty"`
	State         string        `json:"state"`
}

type permanentCodeV2Response struct {
	PermanentCode string        `json:"permanent_code"`
	AuthCorpInfo  briefCorpInfo `json:"auth_corp_info"`
	AuthUserInfo  *authUserInfo `json:"auth_user_info,omitempty"`
	State         string        `json:"state"`
}

// exchangeAuthCode is what both get_permanent_code versions share: the
// body {"auth_code"} (41008 without one), and the single-use exchange —
// unknown, used, expired, another suite's, or outdated by a cancel or reset
// → 40078.
func (api *API) exchangeAuthCode(r *http.Request, c *kernel.Call) (store.Authorization, error) {
	var req struct {
		AuthCode string `json:"auth_code"`
	}
	if err := kernel.DecodeJSON(r, &req); err != nil {
		return store.Authorization{}, err
	}
	if req.AuthCode == "" {
		return store.Authorization{}, kernel.Err(errcode.CodeMissing)
	}
	a, err := api.env.Store.ExchangeAuthCode(c.Suite.SuiteID, req.AuthCode)
	if errors.Is(err, store.ErrAuthCodeInvalid) {
		return store.Authorization{}, kernel.Err(errcode.InvalidAuthCode)
	}
	return a, err
}

// getPermanentCode is POST /cgi-bin/service/get_permanent_code
// {"auth_code"} (D:90603): the permanent code, the corp, the app's
// privilege and the admin; a third-party install also gets its corp
// access_token, a 代开发 one none (is_customized_app true).
func (api *API) getPermanentCode(r *http.Request, c *kernel.Call) (any, error) {
	a, err := api.exchangeAuthCode(r, c)
	if err != nil {
		return nil, err
	}
	out := permanentCodeResponse{
		PermanentCode: a.PermanentCode,
		AuthCorpInfo:  api.corpInfo(a),
		AuthInfo:      agentsOf(a),
		AuthUserInfo:  userInfoOf(a),
		State:         a.State,
	}
	if !a.Customized {
		tok, err := api.env.Store.IssueSuiteCorpToken(a.SuiteID, a.CorpID, a.PermanentCode)
		if err != nil {
			return nil, err
		}
		out.AccessToken, out.ExpiresIn = tok.Value, api.tokenExpiresIn(tok)
	}
	return out, nil
}

// getPermanentCodeV2 is POST /cgi-bin/service/v2/get_permanent_code
// (D:100776): only permanent_code, auth_corp_info{corpid, corp_name},
// auth_user_info and state.
func (api *API) getPermanentCodeV2(r *http.Request, c *kernel.Call) (any, error) {
	a, err := api.exchangeAuthCode(r, c)
	if err != nil {
		return nil, err
	}
	return permanentCodeV2Response{
		PermanentCode: a.PermanentCode,
		AuthCorpInfo:  briefCorpInfo{CorpID: a.CorpID, CorpName: a.CorpName},
		AuthUserInfo:  userInfoOf(a),
		State:         a.State,
	}, nil
}

// tokenExpiresIn is expires_in for a corp token, as gettoken reports it.
func (api *API) tokenExpiresIn(tok store.Token) int {
	if api.env.FullExpiresIn {
		return int(store.TokenTTL.Seconds())
	}
	return tok.ExpiresIn(api.env.Store.Now())
}

// authCorpRequest is the body of get_corp_token and get_auth_info.
type authCorpRequest struct {
	AuthCorpID    string `json:"auth_corpid"`
	PermanentCode string `json:"permanent_code"`
}

// readAuthCorp decodes and checks {"auth_corpid","permanent_code"}: 41002
// without the corp (WeCom's docs do not say; corpid missing is the
// nearest code), 41025 without the code.
func readAuthCorp(r *http.Request) (authCorpRequest, error) {
	var req authCorpRequest
	if err := kernel.DecodeJSON(r, &req); err != nil {
		return req, err
	}
	switch {
	case req.AuthCorpID == "":
		return req, kernel.Err(errcode.CorpIDMissing)
	case req.PermanentCode == "":
		return req, kernel.Err(errcode.PermanentCodeMissing)
	}
	return req, nil
}

// getCorpToken is POST /cgi-bin/service/get_corp_token
// {"auth_corpid","permanent_code"}: the access token of a third-party
// install, one per install, reused until it expires. A permanent code that
// is unknown, another corp's or suite's, or cancelled answers 40084; a 代开发
// template's suite token answers 48002 (its corp token comes from gettoken
// with the permanent code as corpsecret).
func (api *API) getCorpToken(r *http.Request, c *kernel.Call) (any, error) {
	req, err := readAuthCorp(r)
	if err != nil {
		return nil, err
	}
	tok, err := api.env.Store.IssueSuiteCorpToken(c.Suite.SuiteID, req.AuthCorpID, req.PermanentCode)
	switch {
	case errors.Is(err, store.ErrCustomized):
		return nil, kernel.Err(errcode.APIForbidden)
	case errors.Is(err, store.ErrPermanentCodeInvalid):
		return nil, kernel.Err(errcode.InvalidPermanentCode)
	case err != nil:
		return nil, err
	}
	return tokenResponse{AccessToken: tok.Value, ExpiresIn: api.tokenExpiresIn(tok)}, nil
}

type authInfoResponse struct {
	AuthCorpInfo authCorpInfo `json:"auth_corp_info"`
	AuthInfo     authInfo     `json:"auth_info"`
}

// getAuthInfo is POST /cgi-bin/service/get_auth_info
// {"auth_corpid","permanent_code"}: the corp and the app's privilege as
// they are now (after change_auth). Errors as get_corp_token, except that
// 代开发 templates may call it.
func (api *API) getAuthInfo(r *http.Request, c *kernel.Call) (any, error) {
	return api.authInfo(r, c, false)
}

// getAuthInfoV2 is POST /cgi-bin/service/v2/get_auth_info: the same, with
// auth_corp_info.corp_ex_name (always an empty name_list in the mock).
func (api *API) getAuthInfoV2(r *http.Request, c *kernel.Call) (any, error) {
	return api.authInfo(r, c, true)
}

func (api *API) authInfo(r *http.Request, c *kernel.Call, v2 bool) (any, error) {
	req, err := readAuthCorp(r)
	if err != nil {
		return nil, err
	}
	a, err := api.env.Store.SuiteAuthorization(c.Suite.SuiteID, req.AuthCorpID, req.PermanentCode)
	if errors.Is(err, store.ErrPermanentCodeInvalid) {
		return nil, kernel.Err(errcode.InvalidPermanentCode)
	}
	if err != nil {
		return nil, err
	}
	info := api.corpInfo(a)
	if v2 {
		info.CorpExName = &corpExName{NameList: []string{}}
	}
	return authInfoResponse{AuthCorpInfo: info, AuthInfo: agentsOf(a)}, nil
}

package suite

import (
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// API serves the third-party and 代开发 suite endpoints (service/*) from the
// kernel's store.
type API struct{ env *kernel.Env }

// New returns the family's API on env.
func New(env *kernel.Env) *API { return &API{env: env} }

// Models are the family's endpoints.
func (api *API) Models() map[string]kernel.Model {
	return map[string]kernel.Model{
		"/cgi-bin/service/get_suite_token":            {Handle: api.getSuiteToken},
		"/cgi-bin/service/get_pre_auth_code":          {Handle: api.getPreAuthCode},
		"/cgi-bin/service/set_session_info":           {Handle: api.setSessionInfo},
		"/cgi-bin/service/get_permanent_code":         {Handle: api.getPermanentCode},
		"/cgi-bin/service/v2/get_permanent_code":      {Handle: api.getPermanentCodeV2},
		"/cgi-bin/service/get_auth_info":              {Handle: api.getAuthInfo},
		"/cgi-bin/service/v2/get_auth_info":           {Handle: api.getAuthInfoV2},
		"/cgi-bin/service/get_corp_token":             {Handle: api.getCorpToken},
		"/cgi-bin/service/miniprogram/jscode2session": {Handle: api.suiteJSCode2Session, CheckParams: true},
		"/cgi-bin/service/auth/getuserinfo3rd":        {Handle: api.suiteGetUserInfo3rd},
		"/cgi-bin/service/getuserinfo3rd":             {Handle: api.suiteOldGetUserInfo3rd},
		"/cgi-bin/service/auth/getuserdetail3rd":      {Handle: api.suiteGetUserDetail3rd},
		"/cgi-bin/service/get_login_info":             {Handle: api.getLoginInfo},
		"/cgi-bin/service/corpid_to_opencorpid":       {Handle: api.corpIDToOpenCorpID, CheckParams: true},
	}
}

// tokenResponse is the answer of get_corp_token, as gettoken's.
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
}

// missingCode is WeCom's 41008 for a code exchange without a code.
func missingCode() error { return kernel.Err(errcode.CodeMissing) }

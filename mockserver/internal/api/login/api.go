package login

import "github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"

// API serves the family's endpoints from the kernel's store.
type API struct{ env *kernel.Env }

// New returns the family's API on env.
func New(env *kernel.Env) *API { return &API{env: env} }

// Models are the family's endpoints.
func (a *API) Models() map[string]kernel.Model {
	return map[string]kernel.Model{
		"/cgi-bin/miniprogram/jscode2session": {Handle: a.jsCode2Session, CheckParams: true},
		"/cgi-bin/auth/getuserinfo":           {Handle: a.authGetUserInfo},
		"/cgi-bin/user/getuserinfo":           {Handle: a.oldGetUserInfo},
		"/cgi-bin/auth/getuserdetail":         {Handle: a.authGetUserDetail},
		"/cgi-bin/get_jsapi_ticket":           {Handle: a.getJSAPITicket},
		"/cgi-bin/ticket/get":                 {Handle: a.getAgentTicket},
	}
}

package directory

import (
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// API serves the family's endpoints from the kernel's store.
type API struct{ env *kernel.Env }

// New returns the family's API on env.
func New(env *kernel.Env) *API { return &API{env: env} }

// Models are the family's endpoints. The catalog's checks run first where
// a body or query parameter is required.
func (a *API) Models() map[string]kernel.Model {
	return map[string]kernel.Model{
		"/cgi-bin/user/getuserid":           {Handle: a.userIDByMobile, CheckParams: true},
		"/cgi-bin/user/get_userid_by_email": {Handle: a.userIDByEmail, CheckParams: true},
		"/cgi-bin/user/convert_to_openid":   {Handle: a.convertToOpenID, CheckParams: true},
		"/cgi-bin/user/convert_to_userid":   {Handle: a.convertToUserID, CheckParams: true},
		"/cgi-bin/user/authsucc":            {Handle: a.authSucc, CheckParams: true},
		"/cgi-bin/batch/invite":             {Handle: a.invite, CheckParams: true},
		"/cgi-bin/corp/get_join_qrcode":     {Handle: a.joinQRCode},
		"/cgi-bin/user/get_active_stat":     {Handle: a.activeStat, CheckParams: true},
		"/cgi-bin/getcallbackip":            {Handle: a.callbackIPs, ErrorFields: ipListErrorFields},
		"/cgi-bin/get_api_domain_ip":        {Handle: a.apiDomainIPs, ErrorFields: ipListErrorFields},
	}
}

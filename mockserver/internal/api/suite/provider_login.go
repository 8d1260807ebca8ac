package suite

import (
	"errors"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

type loginInfoUser struct {
	UserID     string `json:"userid"`
	OpenUserID string `json:"open_userid"`
	Name       string `json:"name"`
	Avatar     string `json:"avatar"`
}

type loginInfoAgent struct {
	AgentID  int `json:"agentid"`
	AuthType int `json:"auth_type"`
}

type loginInfoDepartment struct {
	ID       int  `json:"id"`
	Writable bool `json:"writable"`
}

type loginInfoResponse struct {
	UserType int           `json:"usertype"`
	UserInfo loginInfoUser `json:"user_info"`
	CorpInfo struct {
		CorpID string `json:"corpid"`
	} `json:"corp_info"`
	Agent    []loginInfoAgent `json:"agent"`
	AuthInfo struct {
		Department []loginInfoDepartment `json:"department"`
	} `json:"auth_info"`
}

// getLoginInfo is POST /cgi-bin/service/get_login_info?provider_access_token
// {"auth_code"} (https://developer.work.weixin.qq.com/document/path/91125):
// who logged in to the provider's website through 3rd_qrConnect. 41008
// without auth_code; 40029 for an unknown, used or expired one; 50001 for
// another provider's (which stays unspent), as for another app's code.
func (api *API) getLoginInfo(r *http.Request, c *kernel.Call) (any, error) {
	var req struct {
		AuthCode string `json:"auth_code"`
	}
	if err := kernel.DecodeJSON(r, &req); err != nil {
		return nil, err
	}
	if req.AuthCode == "" {
		return nil, missingCode()
	}
	login, err := api.env.Store.RedeemProviderLogin(req.AuthCode, c.Rare.Provider.CorpID)
	switch {
	case errors.Is(err, store.ErrProviderLoginInvalid):
		return nil, kernel.Err(errcode.InvalidCode)
	case errors.Is(err, store.ErrProviderLoginOther):
		return nil, kernel.Err(errcode.RedirectDomainMismatch)
	case err != nil:
		return nil, err
	}
	out := loginInfoResponse{UserType: login.UserType, Agent: []loginInfoAgent{}}
	out.UserInfo = loginInfoUser{UserID: login.Member.UserID, OpenUserID: login.OpenUserID, Name: login.Member.Name, Avatar: login.Member.Avatar}
	out.CorpInfo.CorpID = login.CorpID
	for _, a := range login.Agents {
		out.Agent = append(out.Agent, loginInfoAgent{AgentID: a.AgentID, AuthType: a.AuthType})
	}
	out.AuthInfo.Department = []loginInfoDepartment{}
	for _, d := range login.Departments {
		out.AuthInfo.Department = append(out.AuthInfo.Department, loginInfoDepartment{ID: d.ID, Writable: d.Writable})
	}
	return out, nil
}

package externalcontact

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// externalUserIDInfoJSON is one corp of unionid_to_external_userid_3rd.
type externalUserIDInfoJSON struct {
	CorpID         string `json:"corpid"`
	ExternalUserID string `json:"external_userid"`
}

// unionIDToExternalUserID3rd is POST
// service/externalcontact/unionid_to_external_userid_3rd?suite_access_token
// (https://developer.work.weixin.qq.com/document/path/95878): a suite
// turns the unionid of a WeChat user of its mini program or official
// account into the external_userid in each corp that installed it (or only
// corpid) whose app reaches the customer.
func (a *API) unionIDToExternalUserID3rd(r *http.Request, c *kernel.Call) (any, error) {
	var b unionIDBody3rd
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	infos := a.env.Store.UnionIDToExternalUserID3rd(c.Suite.SuiteID, b.UnionID, b.CorpID)
	out := make([]externalUserIDInfoJSON, len(infos))
	for i, in := range infos {
		out[i] = externalUserIDInfoJSON{CorpID: in.CorpID, ExternalUserID: in.ExternalUserID}
	}
	return struct {
		Info []externalUserIDInfoJSON `json:"external_userid_info"`
	}{out}, nil
}

// unionIDBody3rd is the JSON of unionid_to_external_userid_3rd.
type unionIDBody3rd struct {
	UnionID string `json:"unionid"`
	OpenID  string `json:"openid"`
	CorpID  string `json:"corpid"`
}

package suite

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// corpIDToOpenCorpID is POST
// /cgi-bin/service/corpid_to_opencorpid?provider_access_token {"corpid"}
// (https://developer.work.weixin.qq.com/document/path/95604): the corpid
// the provider's apps read for a corp that installed one of its suites —
// in the mock the plain corpid, as every other answer to a third party
// gives; 40013 for any other corp.
func (api *API) corpIDToOpenCorpID(r *http.Request, c *kernel.Call) (any, error) {
	var req struct {
		CorpID string `json:"corpid"`
	}
	if err := kernel.DecodeJSON(r, &req); err != nil {
		return nil, err
	}
	open, err := api.env.Store.CorpIDToOpenCorpID(c.Rare.Provider.CorpID, req.CorpID)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return struct {
		OpenCorpID string `json:"open_corpid"`
	}{open}, nil
}

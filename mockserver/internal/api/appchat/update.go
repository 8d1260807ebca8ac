package appchat

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// updateRequest is the body of appchat/update
// (https://developer.work.weixin.qq.com/document/path/90246).
type updateRequest struct {
	ChatID      string   `json:"chatid"`
	Name        string   `json:"name"`
	Owner       string   `json:"owner"`
	AddUserList []string `json:"add_user_list"`
	DelUserList []string `json:"del_user_list"`
}

// update is POST /cgi-bin/appchat/update. Checks, in order: the app (48002,
// 60011), the JSON (40058), chatid present (86201), then the store's checks
// (see store.UpdateAppChat), an unknown chat answering 86003.
func (a *API) update(r *http.Request, c *kernel.Call) (any, error) {
	if err := a.env.Store.CheckAppChatApp(c.Token.CorpID, c.Token.AgentID); err != nil {
		return nil, kernel.StoreError(err)
	}
	var req updateRequest
	if err := kernel.DecodeJSON(r, &req); err != nil {
		return nil, err
	}
	if req.ChatID == "" {
		return nil, kernel.Err(errcode.ChatIDMissing)
	}
	_, err := a.env.Store.UpdateAppChat(store.AppChatUpdate{
		CorpID: c.Token.CorpID, AgentID: c.Token.AgentID, ChatID: req.ChatID,
		Name: req.Name, Owner: req.Owner, Add: req.AddUserList, Del: req.DelUserList,
	})
	if err != nil {
		return nil, storeError(err, errcode.ChatIDNotFound)
	}
	return nil, nil
}

package appchat

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// createRequest is the body of appchat/create
// (https://developer.work.weixin.qq.com/document/path/90245).
type createRequest struct {
	Name     string   `json:"name"`
	Owner    string   `json:"owner"`
	UserList []string `json:"userlist"`
	ChatID   string   `json:"chatid"`
}

type createResponse struct {
	ChatID string `json:"chatid"`
}

// create is POST /cgi-bin/appchat/create. Checks, in order: the app (48002
// for one not self-built, 60011 unless its visible range is the root
// department), the JSON (40058), the chatid's form (86001 for a character
// outside 0-9 a-z A-Z, 86205 past 32), then the store's checks (see
// store.CreateAppChat).
func (a *API) create(r *http.Request, c *kernel.Call) (any, error) {
	if err := a.env.Store.CheckAppChatApp(c.Token.CorpID, c.Token.AgentID); err != nil {
		return nil, kernel.StoreError(err)
	}
	var req createRequest
	if err := kernel.DecodeJSON(r, &req); err != nil {
		return nil, err
	}
	if err := checkNewChatID(req.ChatID); err != nil {
		return nil, err
	}
	ch, err := a.env.Store.CreateAppChat(store.AppChatCreate{
		CorpID: c.Token.CorpID, AgentID: c.Token.AgentID, ChatID: req.ChatID,
		Name: req.Name, Owner: req.Owner, UserList: req.UserList,
	})
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return createResponse{ChatID: ch.ChatID}, nil
}

// checkNewChatID checks a chatid the caller chose: letters and digits only
// (86001), at most 32 of them (86205). Empty asks WeCom to generate one.
func checkNewChatID(id string) error {
	for _, r := range id {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			return kernel.Err(errcode.ChatIDInvalid)
		}
	}
	if len(id) > store.AppChatIDMax {
		return kernel.Err(errcode.ChatIDTooLong)
	}
	return nil
}

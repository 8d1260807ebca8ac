package appchat

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// chatInfo is appchat/get's chat_info
// (https://developer.work.weixin.qq.com/document/path/90247). chat_type is
// 0: an app's chats are ordinary internal groups.
type chatInfo struct {
	ChatID   string   `json:"chatid"`
	Name     string   `json:"name"`
	Owner    string   `json:"owner"`
	UserList []string `json:"userlist"`
	ChatType int      `json:"chat_type"`
}

type getResponse struct {
	ChatInfo chatInfo `json:"chat_info"`
}

// get is GET /cgi-bin/appchat/get?chatid=. Checks, in order: the app
// (48002, 60011), chatid present (86201), the chat (86003 unknown, 86008
// another app's).
func (a *API) get(_ *http.Request, c *kernel.Call) (any, error) {
	if err := a.env.Store.CheckAppChatApp(c.Token.CorpID, c.Token.AgentID); err != nil {
		return nil, kernel.StoreError(err)
	}
	id := c.Query.Get("chatid")
	if id == "" {
		return nil, kernel.Err(errcode.ChatIDMissing)
	}
	ch, err := a.env.Store.AppChat(c.Token.CorpID, c.Token.AgentID, id)
	if err != nil {
		return nil, storeError(err, errcode.ChatIDNotFound)
	}
	return getResponse{ChatInfo: chatInfo{
		ChatID: ch.ChatID, Name: ch.Name, Owner: ch.Owner, UserList: kernel.NonNil(ch.Members),
	}}, nil
}

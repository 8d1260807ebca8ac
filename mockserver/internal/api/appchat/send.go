package appchat

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel/msgbody"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// SendTypes are the msgtypes appchat/send takes
// (https://developer.work.weixin.qq.com/document/path/90248): those of
// message/send but miniprogram_notice and template_card.
var SendTypes = map[string]bool{
	"text": true, "image": true, "voice": true, "video": true, "file": true,
	"textcard": true, "news": true, "mpnews": true, "markdown": true,
}

// sendRequest is the body of appchat/send; the inbox keeps the raw body.
type sendRequest struct {
	ChatID  string          `json:"chatid"`
	MsgType string          `json:"msgtype"`
	Safe    kernel.IntField `json:"safe"`
}

// send is POST /cgi-bin/appchat/send. Checks, in order: the app (48002,
// 60011), the JSON (40058), chatid present (86201), msgtype one of SendTypes
// (40008), safe 0 or 1 (40058), the chat (86001 unknown — the answer WeCom
// gives there — 86008 another app's), the message as message/send checks it
// (msgbody.Check). The answer carries no msgid: none is documented.
func (a *API) send(r *http.Request, c *kernel.Call) (any, error) {
	corpID, agentID := c.Token.CorpID, c.Token.AgentID
	if err := a.env.Store.CheckAppChatApp(corpID, agentID); err != nil {
		return nil, kernel.StoreError(err)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, kernel.WrongJSON()
	}
	var req sendRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, kernel.WrongJSON()
	}
	switch {
	case req.ChatID == "":
		return nil, kernel.Err(errcode.ChatIDMissing)
	case !SendTypes[req.MsgType]:
		return nil, kernel.Err(errcode.InvalidMessageType)
	case req.Safe.Set && (!req.Safe.OK || req.Safe.N < 0 || req.Safe.N > 1):
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	if _, err := a.env.Store.AppChat(corpID, agentID, req.ChatID); err != nil {
		return nil, storeError(err, errcode.ChatIDInvalid)
	}
	payload, err := msgbody.Check(req.MsgType, body, func(id string) bool {
		if id == "" {
			return false
		}
		_, err := a.env.Store.Media(corpID, id)
		return err == nil
	})
	if err != nil {
		return nil, err
	}
	_, err = a.env.Store.SendAppChat(store.AppChatSend{
		CorpID: corpID, AgentID: agentID, ChatID: req.ChatID,
		MsgType: req.MsgType, Content: payload.Content, Body: body,
	})
	if err != nil {
		return nil, storeError(err, errcode.ChatIDInvalid)
	}
	return nil, nil
}

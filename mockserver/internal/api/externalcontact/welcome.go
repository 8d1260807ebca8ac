package externalcontact

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// send_welcome_msg (https://developer.work.weixin.qq.com/document/path/92137):
// the welcome code of an add_external_contact event, redeemed once within
// 20 seconds, sends the member's greeting to the new customer.

const welcomePath = "/cgi-bin/externalcontact/send_welcome_msg"

func (a *API) welcomeModels() map[string]kernel.Model {
	return map[string]kernel.Model{
		welcomePath: {Handle: a.sendWelcomeMsg, CheckParams: true},
	}
}

type welcomeBody struct {
	WelcomeCode string `json:"welcome_code"`
	customerMessageBody
}

// sendWelcomeMsg is POST send_welcome_msg: 41050 for a code that is unknown,
// used or expired; the message lands in the inbox addressed to the
// customer.
func (a *API) sendWelcomeMsg(r *http.Request, c *kernel.Call) (any, error) {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, kernel.WrongJSON()
	}
	var b welcomeBody
	if err := json.Unmarshal(raw, &b); err != nil {
		return nil, kernel.WrongJSON()
	}
	msg, err := b.message(welcomePath, raw)
	if err != nil {
		return nil, err
	}
	if _, err := a.env.Store.SendWelcomeMessage(c.Token, b.WelcomeCode, msg); err != nil {
		return nil, kernel.StoreError(err)
	}
	return struct{}{}, nil
}

package webhook

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel/msgbody"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// sendRequest is the part of a webhook/send body every msgtype shares.
type sendRequest struct {
	MsgType string `json:"msgtype"`
}

// checked is what a msgtype's check hands to the store.
type checked struct {
	content          string
	mentionedUsers   []string
	mentionedMobiles []string
}

// checker checks the object named after its msgtype in body, for robot
// key's webhook/send.
type checker func(a *API, key string, body []byte) (checked, error)

// checkers are the msgtypes a robot may send (D:91770).
var checkers = map[string]checker{
	"text":          checkText,
	"markdown":      checkMarkdown("markdown"),
	"markdown_v2":   checkMarkdown("markdown_v2"),
	"image":         checkImage,
	"news":          checkNews,
	"file":          checkMediaRef("file"),
	"voice":         checkMediaRef("voice"),
	"template_card": checkTemplateCard,
}

// send is POST /cgi-bin/webhook/send?key=KEY
// (https://developer.work.weixin.qq.com/document/path/91770). Checks, in
// order: JSON (40058), msgtype (40008), the message of that msgtype (see
// each check), then the robot's frequency limit (45009). An accepted message
// lands in the inbox on the robot channel; a refused one does not count
// towards the limit.
func (a *API) send(r *http.Request, c *kernel.Call) (any, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, kernel.WrongJSON()
	}
	var req sendRequest
	if err := json.Unmarshal(body, &req); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return nil, kernel.Err(errcode.InvalidMessageType)
		}
		return nil, kernel.WrongJSON()
	}
	check, ok := checkers[req.MsgType]
	if !ok {
		return nil, kernel.Err(errcode.InvalidMessageType)
	}
	robot := c.Rare.Robot
	got, err := check(a, robot.Key, body)
	if err != nil {
		return nil, err
	}
	_, err = a.env.Store.SendRobotMessage(store.RobotSend{
		Robot:            robot,
		MsgType:          req.MsgType,
		Content:          robotContent(req.MsgType, got.content, body),
		Body:             body,
		MentionedUsers:   got.mentionedUsers,
		MentionedMobiles: got.mentionedMobiles,
	})
	if errors.Is(err, store.ErrRobotRateLimited) {
		return nil, kernel.Err(errcode.FreqOutOfLimit)
	}
	if err != nil {
		return nil, err
	}
	return struct{}{}, nil
}

// decodeMessage reads body into v: a field of the wrong type is 40058, as
// WeCom answers it.
func decodeMessage(body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return kernel.Err(errcode.InvalidParameter)
	}
	return nil
}

// decodeField reads the object named field of body into v, leaving v alone
// when body has no such field.
func decodeField(body []byte, field string, v any) error {
	var fields map[string]json.RawMessage
	if err := decodeMessage(body, &fields); err != nil {
		return err
	}
	raw, ok := fields[field]
	if !ok {
		return nil
	}
	return decodeMessage(raw, v)
}

// robotContent is what the inbox shows of a robot's message: the checked
// text, or the readable text of a news or card message.
func robotContent(msgtype, checked string, body []byte) string {
	if checked != "" {
		return checked
	}
	var objects map[string]json.RawMessage
	if json.Unmarshal(body, &objects) != nil {
		return ""
	}
	return msgbody.Render(msgtype, objects[msgtype])
}

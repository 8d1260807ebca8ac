package mockctl

import (
	"context"
	"net/http"
)

// A member's side of a mass message (企业群发, POST
// /_mock/externalcontact/groupmsg/send). add_msg_template only gives each
// member a task; the customers or groups receive the message when the
// member confirms it in the WeCom client, which this stands for.

// GroupMsgSend names one member's task of a mass message.
type GroupMsgSend struct {
	CorpID string `json:"corpid"`
	MsgID  string `json:"msgid"`
	UserID string `json:"userid"`
}

// GroupMsgSent is what the member's sending did: the task's status (2,
// sent) and send_time afterwards, how many of their customers or groups
// got the message, and how many customers could not (they no longer
// follow the member: send result status 2).
type GroupMsgSent struct {
	Status   int   `json:"status"`
	SendTime int64 `json:"send_time"`
	Sent     int   `json:"sent"`
	Failed   int   `json:"failed"`
}

// SendGroupMsg has a member send their part of a mass message. A message
// that was cancelled, or a task already sent, is a 409; an unknown msgid
// or a member without a task a 404.
func (c *Client) SendGroupMsg(ctx context.Context, req GroupMsgSend) (GroupMsgSent, error) {
	var out GroupMsgSent
	err := c.do(ctx, http.MethodPost, "/_mock/externalcontact/groupmsg/send", req, &out)
	return out, err
}

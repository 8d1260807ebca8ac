package externalcontact

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// 企业群发: add_msg_template (https://developer.work.weixin.qq.com/document/path/92135),
// get_groupmsg_list_v2, get_groupmsg_task and get_groupmsg_send_result
// (93338), cancel_groupmsg_send (97611) and remind_groupmsg_send (97610).
// The catalog checks the required parameters and the list limits
// (external_userid ≤10000, chat_id_list ≤2000); the store keeps the
// messages, their tasks and results, which members send through the
// control API.

const pathAddMsgTemplate = "/cgi-bin/externalcontact/add_msg_template"

// maxTagsPerGroup bounds each tag_filter.group_list[].tag_list ("每组最多
// 指定100个标签").
const maxTagsPerGroup = 100

func (a *API) groupMsgModels() map[string]kernel.Model {
	return map[string]kernel.Model{
		// Its errors keep an empty fail_list, as observed:
		// {"errcode":40096,"errmsg":"invalid external userid…","fail_list":[]}.
		pathAddMsgTemplate: {Handle: a.addMsgTemplate, CheckParams: true, ErrorFields: addMsgTemplateErrorFields},
		"/cgi-bin/externalcontact/get_groupmsg_list_v2":     {Handle: a.groupMsgList, CheckParams: true},
		"/cgi-bin/externalcontact/get_groupmsg_task":        {Handle: a.groupMsgTasks, CheckParams: true},
		"/cgi-bin/externalcontact/get_groupmsg_send_result": {Handle: a.groupMsgSendResult, CheckParams: true},
		"/cgi-bin/externalcontact/cancel_groupmsg_send":     {Handle: a.groupMsgAction((*store.Store).CancelGroupMsg), CheckParams: true},
		"/cgi-bin/externalcontact/remind_groupmsg_send":     {Handle: a.groupMsgAction((*store.Store).RemindGroupMsg), CheckParams: true},
	}
}

var addMsgTemplateErrorFields = struct {
	FailList []string `json:"fail_list"`
}{[]string{}}

type addMsgTemplateBody struct {
	ChatType       string   `json:"chat_type"`
	ExternalUserID []string `json:"external_userid"`
	ChatIDList     []string `json:"chat_id_list"`
	TagFilter      struct {
		GroupList []struct {
			TagList []string `json:"tag_list"`
		} `json:"group_list"`
	} `json:"tag_filter"`
	Sender      string `json:"sender"`
	AllowSelect bool   `json:"allow_select"`
	customerMessageBody
}

// addMsgTemplate is POST add_msg_template: the message checks of
// message_body.go, chat_type single (the default) or group (else 40058),
// at most 100 tags a tag group (40058); then the store's resolution.
func (a *API) addMsgTemplate(r *http.Request, c *kernel.Call) (any, error) {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, kernel.WrongJSON()
	}
	var b addMsgTemplateBody
	if err := json.Unmarshal(raw, &b); err != nil {
		return nil, kernel.WrongJSON()
	}
	msg, err := b.message(pathAddMsgTemplate, raw)
	if err != nil {
		return nil, err
	}
	if b.ChatType != "" && b.ChatType != store.GroupMsgSingle && b.ChatType != store.GroupMsgGroup {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	req := store.GroupMsgRequest{
		ChatType: b.ChatType, ExternalUserIDs: b.ExternalUserID, ChatIDs: b.ChatIDList,
		Sender: b.Sender, AllowSelect: b.AllowSelect, Message: msg,
	}
	for _, g := range b.TagFilter.GroupList {
		if len(g.TagList) > maxTagsPerGroup {
			return nil, kernel.Err(errcode.InvalidParameter)
		}
		req.TagGroups = append(req.TagGroups, g.TagList)
	}
	if len(b.Attachments) > 0 {
		// The attachments as sent, for get_groupmsg_list_v2.
		var att struct {
			Attachments json.RawMessage `json:"attachments"`
		}
		_ = json.Unmarshal(raw, &att)
		req.Attachments = att.Attachments
	}
	res, err := a.env.Store.AddGroupMsg(c.Token, req)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return struct {
		FailList []string `json:"fail_list"`
		MsgID    string   `json:"msgid"`
	}{kernel.NonNil(res.FailList), res.MsgID}, nil
}

type groupMsgListBody struct {
	ChatType   string          `json:"chat_type"`
	StartTime  int64           `json:"start_time"`
	EndTime    int64           `json:"end_time"`
	Creator    string          `json:"creator"`
	FilterType kernel.IntField `json:"filter_type"`
	Limit      int             `json:"limit"`
	Cursor     string          `json:"cursor"`
}

type groupMsgJSON struct {
	MsgID string `json:"msgid"`
	// Creator is left out for a message created through the API, as
	// documented ("API接口创建的群发消息不返回该字段").
	Creator     string          `json:"creator,omitempty"`
	CreateTime  int64           `json:"create_time"`
	CreateType  int             `json:"create_type"`
	Text        textJSON        `json:"text"`
	Attachments json.RawMessage `json:"attachments"`
}

// groupMsgList is POST get_groupmsg_list_v2: chat_type single or group
// (else 40058), filter_type 0–2 (absent: 2, every creator; else 40058),
// the span of start_time and end_time at most a month (40058); limit above
// 100 or absent is 50.
func (a *API) groupMsgList(r *http.Request, c *kernel.Call) (any, error) {
	var b groupMsgListBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	filter := b.FilterType.Int(store.GroupMsgAnyCreator)
	if b.ChatType != store.GroupMsgSingle && b.ChatType != store.GroupMsgGroup ||
		b.FilterType.Set && !b.FilterType.OK || filter < store.GroupMsgByCorp || filter > store.GroupMsgAnyCreator {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	p, err := a.env.Store.ListGroupMsgs(c.Token, store.GroupMsgFilter{
		ChatType: b.ChatType, Start: b.StartTime, End: b.EndTime, Creator: b.Creator,
		FilterType: int(filter), Limit: b.Limit, Cursor: b.Cursor,
	})
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	out := make([]groupMsgJSON, len(p.Msgs))
	for i, m := range p.Msgs {
		att := json.RawMessage(m.Attachments)
		if len(att) == 0 {
			att = json.RawMessage("[]")
		}
		out[i] = groupMsgJSON{
			MsgID: m.MsgID, Creator: m.Creator, CreateTime: m.CreateTime, CreateType: m.CreateType,
			Text: textJSON{Content: m.Content}, Attachments: att,
		}
	}
	return struct {
		NextCursor   string         `json:"next_cursor"`
		GroupMsgList []groupMsgJSON `json:"group_msg_list"`
	}{p.NextCursor, out}, nil
}

type groupMsgPageBody struct {
	MsgID  string `json:"msgid"`
	UserID string `json:"userid"`
	Limit  int    `json:"limit"`
	Cursor string `json:"cursor"`
}

type groupMsgTaskJSON struct {
	UserID   string `json:"userid"`
	Status   int    `json:"status"`
	SendTime int64  `json:"send_time,omitempty"` // "未发送时不返回"
}

// groupMsgTasks is POST get_groupmsg_task: the members' tasks (status 0
// unsent, 2 sent), limit above 1000 or absent is 500. 41047 unknown msgid.
func (a *API) groupMsgTasks(r *http.Request, c *kernel.Call) (any, error) {
	var b groupMsgPageBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	tasks, next, err := a.env.Store.GroupMsgTasks(c.Token, b.MsgID, b.Cursor, b.Limit)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	out := make([]groupMsgTaskJSON, len(tasks))
	for i, t := range tasks {
		out[i] = groupMsgTaskJSON{UserID: t.UserID, Status: t.Status, SendTime: t.SendTime}
	}
	return struct {
		NextCursor string             `json:"next_cursor"`
		TaskList   []groupMsgTaskJSON `json:"task_list"`
	}{next, out}, nil
}

type groupMsgResultJSON struct {
	ExternalUserID string `json:"external_userid,omitempty"` // not for a group
	ChatID         string `json:"chat_id,omitempty"`         // not for a customer
	UserID         string `json:"userid"`
	Status         int    `json:"status"`
	SendTime       int64  `json:"send_time,omitempty"` // only when sent
}

// groupMsgSendResult is POST get_groupmsg_send_result: one member's
// customers or groups (status 0 unsent, 1 sent, 2 not a customer any
// more), limit above 1000 or absent is 500. 41047 unknown msgid.
func (a *API) groupMsgSendResult(r *http.Request, c *kernel.Call) (any, error) {
	var b groupMsgPageBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	results, next, err := a.env.Store.GroupMsgResults(c.Token, b.MsgID, b.UserID, b.Cursor, b.Limit)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	out := make([]groupMsgResultJSON, len(results))
	for i, res := range results {
		out[i] = groupMsgResultJSON{
			ExternalUserID: res.ExternalUserID, ChatID: res.ChatID, UserID: res.UserID,
			Status: res.Status, SendTime: res.SendTime,
		}
	}
	return struct {
		NextCursor string               `json:"next_cursor"`
		SendList   []groupMsgResultJSON `json:"send_list"`
	}{next, out}, nil
}

// groupMsgAction serves POST cancel_groupmsg_send and remind_groupmsg_send:
// {"msgid"} and an empty answer.
func (a *API) groupMsgAction(act func(*store.Store, store.Token, string) error) kernel.Handler {
	return func(r *http.Request, c *kernel.Call) (any, error) {
		var b struct {
			MsgID string `json:"msgid"`
		}
		if err := kernel.DecodeJSON(r, &b); err != nil {
			return nil, err
		}
		if err := act(a.env.Store, c.Token, b.MsgID); err != nil {
			return nil, kernel.StoreError(err)
		}
		return struct{}{}, nil
	}
}

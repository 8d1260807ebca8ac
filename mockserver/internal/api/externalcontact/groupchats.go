package externalcontact

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Customer groups (客户群): groupchat/list, groupchat/get,
// opengid_to_chatid, and the transfers of groups to a new owner
// (groupchat/transfer, groupchat/onjob_transfer). The statistics are in
// groupchat_stats.go.

func (a *API) groupChatModels() map[string]kernel.Model {
	return map[string]kernel.Model{
		"/cgi-bin/externalcontact/groupchat/list":                   {Handle: a.groupChatList, CheckParams: true},
		"/cgi-bin/externalcontact/groupchat/get":                    {Handle: a.groupChatGet, CheckParams: true},
		"/cgi-bin/externalcontact/opengid_to_chatid":                {Handle: a.openGIDToChatID, CheckParams: true},
		"/cgi-bin/externalcontact/groupchat/transfer":               {Handle: a.groupChatTransfer(true), CheckParams: true},
		"/cgi-bin/externalcontact/groupchat/onjob_transfer":         {Handle: a.groupChatTransfer(false), CheckParams: true},
		"/cgi-bin/externalcontact/groupchat/statistic":              {Handle: a.groupChatStatistic, CheckParams: true},
		"/cgi-bin/externalcontact/groupchat/statistic_group_by_day": {Handle: a.groupChatStatisticByDay, CheckParams: true},
	}
}

// ownerFilter is owner_filter of groupchat/list and the statistics.
type ownerFilter struct {
	UserIDList []string `json:"userid_list"`
}

type groupListBody struct {
	StatusFilter kernel.IntField `json:"status_filter"`
	OwnerFilter  *ownerFilter    `json:"owner_filter"`
	Cursor       string          `json:"cursor"`
	Limit        kernel.IntField `json:"limit"`
}

type groupSummaryJSON struct {
	ChatID string `json:"chat_id"`
	Status int    `json:"status"`
}

// groupChatList is POST groupchat/list
// (https://developer.work.weixin.qq.com/document/path/92120): status_filter
// 0–3, up to 100 owners, limit 1–1000 a page (40058 outside), 81017
// without owner_filter for a caller who sees more than 1000 members.
func (a *API) groupChatList(r *http.Request, c *kernel.Call) (any, error) {
	var b groupListBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	status := b.StatusFilter.Int(0)
	if b.StatusFilter.Set && !b.StatusFilter.OK || status < 0 || status > store.GroupStatusInherited {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	if !b.Limit.OK || b.Limit.N < 1 || b.Limit.N > store.MaxGroupListLimit {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	f := store.GroupChatFilter{Status: int(status), Cursor: b.Cursor, Limit: int(b.Limit.N)}
	if b.OwnerFilter != nil {
		if len(b.OwnerFilter.UserIDList) > store.MaxOwnerFilter {
			return nil, kernel.Err(errcode.InvalidParameter)
		}
		f.Owners = b.OwnerFilter.UserIDList
	}
	p, err := a.env.Store.ListGroupChats(c.Token, f)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	list := make([]groupSummaryJSON, len(p.Chats))
	for i, g := range p.Chats {
		list[i] = groupSummaryJSON{ChatID: g.ChatID, Status: g.Status}
	}
	return struct {
		GroupChatList []groupSummaryJSON `json:"group_chat_list"`
		NextCursor    string             `json:"next_cursor"`
	}{list, p.NextCursor}, nil
}

type groupGetBody struct {
	ChatID   string          `json:"chat_id"`
	NeedName kernel.IntField `json:"need_name"`
}

type userIDJSON struct {
	UserID string `json:"userid"`
}

// groupMemberJSON is one member of groupchat/get: invitor only when a
// member invited them, name only with need_name=1, unionid only for WeChat
// customers.
type groupMemberJSON struct {
	UserID        string      `json:"userid"`
	Type          int         `json:"type"`
	JoinTime      int64       `json:"join_time"`
	JoinScene     int         `json:"join_scene"`
	Invitor       *userIDJSON `json:"invitor,omitempty"`
	GroupNickname string      `json:"group_nickname"`
	Name          string      `json:"name,omitempty"`
	UnionID       string      `json:"unionid,omitempty"`
}

type groupChatJSON struct {
	ChatID        string            `json:"chat_id"`
	Name          string            `json:"name"`
	Owner         string            `json:"owner"`
	CreateTime    int64             `json:"create_time"`
	Notice        string            `json:"notice"`
	MemberList    []groupMemberJSON `json:"member_list"`
	AdminList     []userIDJSON      `json:"admin_list"`
	MemberVersion string            `json:"member_version"`
}

// groupChatGet is POST groupchat/get
// (https://developer.work.weixin.qq.com/document/path/92122): 90501 for a
// chat id that names no customer group (the mock's choice: the docs list
// no errcode for it), 60011 for a group whose owner the app does not see.
func (a *API) groupChatGet(r *http.Request, c *kernel.Call) (any, error) {
	var b groupGetBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	if b.NeedName.Set && !b.NeedName.OK {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	g, err := a.env.Store.GetGroupChat(c.Token, b.ChatID, b.NeedName.Int(0) == 1)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	out := groupChatJSON{
		ChatID: g.ChatID, Name: g.Name, Owner: g.Owner, CreateTime: g.CreateTime, Notice: g.Notice,
		MemberList: make([]groupMemberJSON, len(g.Members)), AdminList: make([]userIDJSON, len(g.Admins)),
		MemberVersion: g.MemberVersion,
	}
	for i, m := range g.Members {
		out.MemberList[i] = groupMemberJSON{
			UserID: m.UserID, Type: m.Type, JoinTime: m.JoinTime, JoinScene: m.JoinScene,
			GroupNickname: m.GroupNickname, Name: m.Name, UnionID: m.UnionID,
		}
		if m.Invitor != "" {
			out.MemberList[i].Invitor = &userIDJSON{m.Invitor}
		}
	}
	for i, u := range g.Admins {
		out.AdminList[i] = userIDJSON{u}
	}
	return struct {
		GroupChat groupChatJSON `json:"group_chat"`
	}{out}, nil
}

// openGIDToChatID is POST opengid_to_chatid
// (https://developer.work.weixin.qq.com/document/path/94822): 90511 for an
// opengid no customer group has.
func (a *API) openGIDToChatID(r *http.Request, c *kernel.Call) (any, error) {
	var b struct {
		OpenGID string `json:"opengid"`
	}
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	id, err := a.env.Store.OpenGIDToChatID(c.Token, b.OpenGID)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return struct {
		ChatID string `json:"chat_id"`
	}{id}, nil
}

type groupTransferBody struct {
	ChatIDList []string `json:"chat_id_list"`
	NewOwner   string   `json:"new_owner"`
}

type failedChatJSON struct {
	ChatID  string `json:"chat_id"`
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// groupChatTransfer is POST groupchat/transfer (resigned: 离职继承,
// https://developer.work.weixin.qq.com/document/path/92127) or
// groupchat/onjob_transfer (在职继承,
// https://developer.work.weixin.qq.com/document/path/95703): 1–100 chat
// ids; the groups that could not move are in failed_chat_list with their
// errcode; each moved group sends change_external_chat update/change_owner.
func (a *API) groupChatTransfer(resigned bool) kernel.Handler {
	return func(r *http.Request, c *kernel.Call) (any, error) {
		var b groupTransferBody
		if err := kernel.DecodeJSON(r, &b); err != nil {
			return nil, err
		}
		if len(b.ChatIDList) == 0 || len(b.ChatIDList) > store.MaxGroupTransfer {
			return nil, kernel.Err(errcode.InvalidParameter)
		}
		if !fixtures.ValidUserID(b.NewOwner) {
			return nil, kernel.Err(errcode.InvalidUserID)
		}
		res, err := a.env.Store.TransferGroupChats(c.Token, b.ChatIDList, b.NewOwner, resigned)
		if err != nil {
			return nil, kernel.StoreError(err)
		}
		for _, ev := range res.Events {
			a.publish(ev)
		}
		failed := make([]failedChatJSON, len(res.Failed))
		for i, f := range res.Failed {
			failed[i] = failedChatJSON{ChatID: f.ChatID, ErrCode: int(f.Code), ErrMsg: f.Code.Text()}
		}
		return struct {
			FailedChatList []failedChatJSON `json:"failed_chat_list"`
		}{failed}, nil
	}
}

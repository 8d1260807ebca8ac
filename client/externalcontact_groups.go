package client

import "context"

// Customer groups (客户群): group chats with customers, owned by members
// configured for 客户联系 (https://developer.work.weixin.qq.com/document/path/92120,
// 92122).

// Customer group statuses (GroupChatStatus.Status and
// GroupChatFilter.StatusFilter).
const (
	GroupChatNormal          = 0 // followed by its owner
	GroupChatOwnerResigned   = 1 // 跟进人离职
	GroupChatInheriting      = 2 // 离职继承中
	GroupChatInheritanceDone = 3 // 离职继承完成
)

// MaxGroupChatPage is the largest page groupchat/list hands out.
const MaxGroupChatPage = 1000

// GroupChatFilter selects and pages groupchat/list.
type GroupChatFilter struct {
	// StatusFilter is one of the statuses (GroupChatNormal lists every
	// group, as WeCom's default does).
	StatusFilter int
	// Owners narrows the list to groups owned by these members (at most
	// 100); a caller who sees more than 1000 members must give it.
	Owners []string
	Cursor string
	// Limit is 1..1000, required by WeCom.
	Limit int
}

// GroupChatStatus is one row of groupchat/list.
type GroupChatStatus struct {
	ChatID string `json:"chat_id"`
	Status int    `json:"status"`
}

// GroupChatPage is one page of groupchat/list.
type GroupChatPage struct {
	Chats []GroupChatStatus `json:"group_chat_list"`
	// NextCursor continues the listing; it is empty on the last page.
	NextCursor string `json:"next_cursor"`
}

// GroupChatList returns one page of the corp's customer groups
// (POST /cgi-bin/externalcontact/groupchat/list). Errors to expect:
// errcode.RequestCountLimit (81017) without Owners for a caller who sees
// more than 1000 members.
func (c *Client) GroupChatList(ctx context.Context, f GroupChatFilter) (*GroupChatPage, error) {
	type owners struct {
		UserIDList []string `json:"userid_list"`
	}
	in := struct {
		StatusFilter int     `json:"status_filter"`
		OwnerFilter  *owners `json:"owner_filter,omitempty"`
		Cursor       string  `json:"cursor,omitempty"`
		Limit        int     `json:"limit"`
	}{StatusFilter: f.StatusFilter, Cursor: f.Cursor, Limit: f.Limit}
	if len(f.Owners) > 0 {
		in.OwnerFilter = &owners{f.Owners}
	}
	var out GroupChatPage
	if err := c.postJSON(ctx, "/cgi-bin/externalcontact/groupchat/list", in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Group member types (GroupChatMember.Type).
const (
	GroupMemberInternal = 1 // a member of the corp
	GroupMemberExternal = 2 // a customer or another outsider
)

// Join scenes (GroupChatMember.JoinScene).
const (
	JoinSceneInvited = 1 // invited directly by a group member
	JoinSceneLink    = 2 // through an invitation link
	JoinSceneQRCode  = 3 // scanned the group's QR code
)

// GroupChatMember is one member of a customer group.
type GroupChatMember struct {
	// UserID is the member's userid (type 1) or the outsider's
	// external_userid (type 2).
	UserID string `json:"userid"`
	// Type is GroupMemberInternal or GroupMemberExternal.
	Type     int   `json:"type"`
	JoinTime int64 `json:"join_time"`
	// JoinScene is JoinSceneInvited, JoinSceneLink or JoinSceneQRCode.
	JoinScene int `json:"join_scene"`
	// Invitor is the member who invited them, if one did.
	Invitor       *GroupChatUser `json:"invitor,omitempty"`
	GroupNickname string         `json:"group_nickname"`
	// Name is set when the call asked for names.
	Name string `json:"name,omitempty"`
	// UnionID is a WeChat customer's unionid.
	UnionID string `json:"unionid,omitempty"`
}

// GroupChatUser names a member of the corp.
type GroupChatUser struct {
	UserID string `json:"userid"`
}

// GroupChat is a customer group as groupchat/get returns it.
type GroupChat struct {
	ChatID     string            `json:"chat_id"`
	Name       string            `json:"name"`
	Owner      string            `json:"owner"`
	CreateTime int64             `json:"create_time"`
	Notice     string            `json:"notice"`
	Members    []GroupChatMember `json:"member_list"`
	Admins     []GroupChatUser   `json:"admin_list"`
	// MemberVersion changes whenever the members change; compare it with
	// the CurMemVer of change_external_chat events.
	MemberVersion string `json:"member_version"`
}

// GroupChatGet reads a customer group
// (POST /cgi-bin/externalcontact/groupchat/get); needName asks for the
// members' names. Errors to expect: errcode.NotCustomerGroup (90501).
func (c *Client) GroupChatGet(ctx context.Context, chatID string, needName bool) (*GroupChat, error) {
	in := struct {
		ChatID   string `json:"chat_id"`
		NeedName int    `json:"need_name"`
	}{chatID, boolInt(needName)}
	var out struct {
		GroupChat GroupChat `json:"group_chat"`
	}
	if err := c.postJSON(ctx, "/cgi-bin/externalcontact/groupchat/get", in, &out); err != nil {
		return nil, err
	}
	return &out.GroupChat, nil
}

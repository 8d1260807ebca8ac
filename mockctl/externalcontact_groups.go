package mockctl

import (
	"context"
	"net/http"
)

// Customer groups (客户群) as they change in the WeCom and WeChat clients
// (POST /_mock/externalcontact/groupchats): each action is answered with the
// change_external_chat event WeCom sends and its deliveries.

// Customer group actions (CustomerGroupChange.Action).
const (
	GroupCreate       = "create"        // a member creates a group
	GroupAddMember    = "add_member"    // people join
	GroupDelMember    = "del_member"    // people leave or are removed
	GroupChangeOwner  = "change_owner"  // the owner hands the group over
	GroupChangeName   = "change_name"   // the group is renamed
	GroupChangeNotice = "change_notice" // the notice changes
	GroupDismiss      = "dismiss"       // the owner dismisses the group
)

// CustomerGroupChange is the body of POST /_mock/externalcontact/groupchats.
// Which fields count depends on Action:
//   - create: Owner (a member configured for 客户联系), Name, Notice,
//     Members (the owner joins first, the others invited by the owner),
//     AdminList; ChatID and OpenGID are generated when empty;
//   - add_member: ChatID, Members, JoinScene (1 invited directly, 2 through
//     a link, 3 scanned the group QR code; default 1), Invitor (a member in
//     the group; default the owner);
//   - del_member: ChatID, UserIDs (never the owner), QuitScene (0 they
//     left, 1 the owner or an admin removed them);
//   - change_owner: ChatID, NewOwner (a member in the group);
//   - change_name: ChatID, Name; change_notice: ChatID, Notice;
//   - dismiss: ChatID.
//
// A group holds at most 500 members, as in the WeCom client.
type CustomerGroupChange struct {
	CorpID    string                `json:"corpid"`
	Action    string                `json:"action"`
	ChatID    string                `json:"chat_id,omitempty"`
	Name      string                `json:"name,omitempty"`
	Owner     string                `json:"owner,omitempty"`
	Notice    string                `json:"notice,omitempty"`
	OpenGID   string                `json:"opengid,omitempty"`
	AdminList []string              `json:"admin_list,omitempty"`
	Members   []CustomerGroupJoiner `json:"member_list,omitempty"`
	JoinScene int                   `json:"join_scene,omitempty"`
	Invitor   string                `json:"invitor,omitempty"`
	UserIDs   []string              `json:"userid_list,omitempty"`
	QuitScene int                   `json:"quit_scene,omitempty"`
	NewOwner  string                `json:"new_owner,omitempty"`
}

// CustomerGroupJoiner is someone joining a group: a member (type 1, their
// userid), a customer (type 2, their external_userid in the corp's form) or
// a WeChat user who is no one's customer (type 2 with a name; the
// external_userid is generated when empty). Type 0 is 1 for a member's
// userid, else 2.
type CustomerGroupJoiner struct {
	UserID        string `json:"userid,omitempty"`
	Type          int    `json:"type,omitempty"`
	Name          string `json:"name,omitempty"`
	UnionID       string `json:"unionid,omitempty"`
	GroupNickname string `json:"group_nickname,omitempty"`
}

// CustomerGroupChanged is what a customer group action did.
type CustomerGroupChanged struct {
	ChatID  string `json:"chat_id"`
	OpenGID string `json:"opengid,omitempty"`
	// MemberVersion is groupchat/get's member_version after the change
	// (empty after dismiss).
	MemberVersion string   `json:"member_version,omitempty"`
	Event         string   `json:"event"`
	ChangeType    string   `json:"change_type"`
	UpdateDetail  string   `json:"update_detail,omitempty"`
	Deliveries    []string `json:"deliveries"`
}

// ChangeCustomerGroup performs req.Action on a customer group.
func (c *Client) ChangeCustomerGroup(ctx context.Context, req CustomerGroupChange) (CustomerGroupChanged, error) {
	var out CustomerGroupChanged
	err := c.do(ctx, http.MethodPost, "/_mock/externalcontact/groupchats", req, &out)
	return out, err
}

// CreateCustomerGroup has member req.Owner create a customer group.
func (c *Client) CreateCustomerGroup(ctx context.Context, req CustomerGroupChange) (CustomerGroupChanged, error) {
	req.Action = GroupCreate
	return c.ChangeCustomerGroup(ctx, req)
}

// DismissCustomerGroup has the owner dismiss group chatID of corpID.
func (c *Client) DismissCustomerGroup(ctx context.Context, corpID, chatID string) (CustomerGroupChanged, error) {
	return c.ChangeCustomerGroup(ctx, CustomerGroupChange{CorpID: corpID, Action: GroupDismiss, ChatID: chatID})
}

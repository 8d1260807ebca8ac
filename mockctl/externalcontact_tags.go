package mockctl

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// The corp's customer tags (企业客户标签) as the admin changes them in the
// admin console (POST /_mock/externalcontact/tags): the rules of
// add_corp_tag, edit_corp_tag and del_corp_tag, and the change_external_tag
// events WeCom sends for the console's changes (changes through the API
// send none).

// Customer tag actions (CorpTagChange.Action).
const (
	CorpTagCreate = "create" // add tags, to a group or a new one
	CorpTagUpdate = "update" // rename or reorder a tag or group
	CorpTagDelete = "delete" // delete tags and groups
)

// CorpTagChange is the body of POST /_mock/externalcontact/tags: CorpID,
// Action and the body of the API it plays:
//   - create (add_corp_tag): GroupID (one id) or GroupName, Order (a new
//     group's), Tags; events: create for the new group, else for each tag;
//   - update (edit_corp_tag): ID, Name, Order; events: update for a new
//     name, shuffle for a new order;
//   - delete (del_corp_tag): TagIDs, GroupID (ids); events: delete for each
//     tag and group (a deleted group's tags get none).
type CorpTagChange struct {
	CorpID    string `json:"corpid"`
	Action    string `json:"action"`
	GroupID   IDs    `json:"group_id,omitempty"`
	GroupName string `json:"group_name,omitempty"`
	// Order is a new group's order (create) or the new order (update).
	Order  *int64       `json:"order,omitempty"`
	Tags   []NewCorpTag `json:"tag,omitempty"`
	ID     string       `json:"id,omitempty"`
	Name   *string      `json:"name,omitempty"`
	TagIDs []string     `json:"tag_id,omitempty"`
}

// NewCorpTag is a tag to create.
type NewCorpTag struct {
	Name  string `json:"name"`
	Order int64  `json:"order,omitempty"`
}

// IDs is a list of ids written as one string when it holds one: group_id
// is a string in add_corp_tag and a list in del_corp_tag, and the control
// body takes either.
type IDs []string

// MarshalJSON writes one id as a string, else a list.
func (ids IDs) MarshalJSON() ([]byte, error) {
	if len(ids) == 1 {
		return json.Marshal(ids[0])
	}
	return json.Marshal([]string(ids))
}

// UnmarshalJSON reads a string or a list of strings.
func (ids *IDs) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*ids = nil
		if one != "" {
			*ids = IDs{one}
		}
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return err
	}
	*ids = list
	return nil
}

// CorpTagsChanged is what a customer tag action did.
type CorpTagsChanged struct {
	// TagGroup is, for create, the group with only the tags added.
	TagGroup *fixtures.CorpTagGroup `json:"tag_group,omitempty"`
	// Events are the change_external_tag events sent, in order.
	Events []ExternalEventResult `json:"events"`
}

// ChangeCorpTags performs req.Action on the corp's customer tags.
func (c *Client) ChangeCorpTags(ctx context.Context, req CorpTagChange) (CorpTagsChanged, error) {
	var out CorpTagsChanged
	err := c.do(ctx, http.MethodPost, "/_mock/externalcontact/tags", req, &out)
	return out, err
}

// CreateCorpTags has the admin add tags (req.Action is set).
func (c *Client) CreateCorpTags(ctx context.Context, req CorpTagChange) (CorpTagsChanged, error) {
	req.Action = CorpTagCreate
	return c.ChangeCorpTags(ctx, req)
}

// UpdateCorpTag has the admin rename or reorder a tag or group.
func (c *Client) UpdateCorpTag(ctx context.Context, req CorpTagChange) (CorpTagsChanged, error) {
	req.Action = CorpTagUpdate
	return c.ChangeCorpTags(ctx, req)
}

// DeleteCorpTags has the admin delete tags and groups.
func (c *Client) DeleteCorpTags(ctx context.Context, req CorpTagChange) (CorpTagsChanged, error) {
	req.Action = CorpTagDelete
	return c.ChangeCorpTags(ctx, req)
}

package client

import "context"

// The corp's customer tags (企业客户标签): groups of tags that members put
// on their customers (https://developer.work.weixin.qq.com/document/path/92117,
// 92118).

// CorpTagGroup is a tag group and its tags.
type CorpTagGroup struct {
	GroupID    string `json:"group_id"`
	GroupName  string `json:"group_name"`
	CreateTime int64  `json:"create_time"`
	// Order sorts groups, larger first; it ranges over [0, 2^32).
	Order int64 `json:"order"`
	// Deleted is set only when the listing asked for tag or group ids.
	Deleted bool      `json:"deleted,omitempty"`
	Tags    []CorpTag `json:"tag"`
}

// CorpTag is one customer tag.
type CorpTag struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	CreateTime int64  `json:"create_time"`
	Order      int64  `json:"order"`
	Deleted    bool   `json:"deleted,omitempty"`
}

// TagFilter narrows get_corp_tag_list: the groups with GroupIDs (and all
// their tags), else the tags with TagIDs; both empty list everything.
type TagFilter struct {
	TagIDs   []string `json:"tag_id,omitempty"`
	GroupIDs []string `json:"group_id,omitempty"`
}

// CorpTagList returns the corp's tag groups with their tags
// (POST /cgi-bin/externalcontact/get_corp_tag_list). When both filters are
// given WeCom uses GroupIDs only.
func (c *Client) CorpTagList(ctx context.Context, f TagFilter) ([]CorpTagGroup, error) {
	var out struct {
		TagGroup []CorpTagGroup `json:"tag_group"`
	}
	if err := c.postJSON(ctx, "/cgi-bin/externalcontact/get_corp_tag_list", f, &out); err != nil {
		return nil, err
	}
	return out.TagGroup, nil
}

// NewCorpTag is a tag to create.
type NewCorpTag struct {
	Name  string `json:"name"`
	Order int64  `json:"order,omitempty"`
}

// NewCorpTags is the body of add_corp_tag: tags added to the group GroupID,
// or to the group named GroupName (created if no group has that name).
type NewCorpTags struct {
	GroupID   string `json:"group_id,omitempty"`
	GroupName string `json:"group_name,omitempty"`
	// Order is the new group's order.
	Order int64        `json:"order,omitempty"`
	Tags  []NewCorpTag `json:"tag"`
	// AgentID is set by third-party and 代开发 apps only.
	AgentID int64 `json:"agentid,omitempty"`
}

// AddCorpTag creates tags (POST /cgi-bin/externalcontact/add_corp_tag) and
// returns their group with the new tags only. Errors to expect:
// errcode.InvalidTagName (40071) for a name already used in the group.
func (c *Client) AddCorpTag(ctx context.Context, in NewCorpTags) (*CorpTagGroup, error) {
	var out struct {
		TagGroup CorpTagGroup `json:"tag_group"`
	}
	if err := c.postJSON(ctx, "/cgi-bin/externalcontact/add_corp_tag", in, &out); err != nil {
		return nil, err
	}
	return &out.TagGroup, nil
}

// TagMarks is the body of mark_tag: the corp tags member UserID adds to and
// removes from customer ExternalUserID.
type TagMarks struct {
	UserID         string   `json:"userid"`
	ExternalUserID string   `json:"external_userid"`
	AddTag         []string `json:"add_tag,omitempty"`
	RemoveTag      []string `json:"remove_tag,omitempty"`
}

// MarkTag tags or untags a customer (POST /cgi-bin/externalcontact/mark_tag).
// Errors to expect: errcode.NotExternalContact (84061) when the member does
// not follow the customer.
func (c *Client) MarkTag(ctx context.Context, m TagMarks) error {
	return c.postJSON(ctx, "/cgi-bin/externalcontact/mark_tag", m, nil)
}

package client

import (
	"context"
	"net/url"
	"strconv"
	"strings"
)

// Directory tags (通讯录标签). An app owns the tags it creates and may
// rename, delete and fill only those; the contacts-sync secret manages every
// tag (https://developer.work.weixin.qq.com/document/path/90210 to 90216).

// Tag is one entry of tag/list.
type Tag struct {
	ID   int    `json:"tagid"`
	Name string `json:"tagname"`
}

// TagMembers is a tag as tag/get returns it to the caller: an app sees only
// the members and departments inside its visible range; third-party apps
// get no member names.
type TagMembers struct {
	Name    string    `json:"tagname"`
	Users   []TagUser `json:"userlist"`
	Parties []int     `json:"partylist"`
}

// TagUser is a member of a tag.
type TagUser struct {
	UserID string `json:"userid"`
	Name   string `json:"name"`
}

// TagChangeResult lists what a tag member change could not apply: unknown
// userids and department ids, and those outside the caller's range.
type TagChangeResult struct {
	InvalidUsers   []string
	InvalidParties []int
}

// CreateTag creates a tag named name (POST /cgi-bin/tag/create) and returns
// its tagid; id 0 lets WeCom pick one. The name is 1–32 characters and
// unique in the corp (40071 when taken).
func (c *Client) CreateTag(ctx context.Context, name string, id int) (int, error) {
	in := struct {
		Name string `json:"tagname"`
		ID   int    `json:"tagid,omitempty"`
	}{name, id}
	var out struct {
		TagID int `json:"tagid"`
	}
	if err := c.postJSON(ctx, "/cgi-bin/tag/create", in, &out); err != nil {
		return 0, err
	}
	return out.TagID, nil
}

// UpdateTagName renames tag id (POST /cgi-bin/tag/update).
func (c *Client) UpdateTagName(ctx context.Context, id int, name string) error {
	in := struct {
		ID   int    `json:"tagid"`
		Name string `json:"tagname"`
	}{id, name}
	return c.postJSON(ctx, "/cgi-bin/tag/update", in, nil)
}

// DeleteTag deletes tag id (GET /cgi-bin/tag/delete).
func (c *Client) DeleteTag(ctx context.Context, id int) error {
	return c.getJSON(ctx, "/cgi-bin/tag/delete", url.Values{"tagid": {strconv.Itoa(id)}}, nil)
}

// GetTag returns tag id's name, members and departments as the token may
// see them (GET /cgi-bin/tag/get).
func (c *Client) GetTag(ctx context.Context, id int) (*TagMembers, error) {
	var out TagMembers
	if err := c.getJSON(ctx, "/cgi-bin/tag/get", url.Values{"tagid": {strconv.Itoa(id)}}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListTags returns the tags the token may list (GET /cgi-bin/tag/list):
// every tag, or a third-party app's own.
func (c *Client) ListTags(ctx context.Context) ([]Tag, error) {
	var out struct {
		TagList []Tag `json:"taglist"`
	}
	if err := c.getJSON(ctx, "/cgi-bin/tag/list", nil, &out); err != nil {
		return nil, err
	}
	return out.TagList, nil
}

// AddTagUsers adds members and departments to tag id
// (POST /cgi-bin/tag/addtagusers); those it could not add are in the result.
func (c *Client) AddTagUsers(ctx context.Context, id int, userIDs []string, partyIDs []int) (*TagChangeResult, error) {
	return c.changeTagUsers(ctx, "/cgi-bin/tag/addtagusers", id, userIDs, partyIDs)
}

// DelTagUsers removes members and departments from tag id
// (POST /cgi-bin/tag/deltagusers).
func (c *Client) DelTagUsers(ctx context.Context, id int, userIDs []string, partyIDs []int) (*TagChangeResult, error) {
	return c.changeTagUsers(ctx, "/cgi-bin/tag/deltagusers", id, userIDs, partyIDs)
}

func (c *Client) changeTagUsers(ctx context.Context, path string, id int, userIDs []string, partyIDs []int) (*TagChangeResult, error) {
	in := struct {
		ID      int      `json:"tagid"`
		Users   []string `json:"userlist,omitempty"`
		Parties []int    `json:"partylist,omitempty"`
	}{id, userIDs, partyIDs}
	var out struct {
		InvalidList  string `json:"invalidlist"`
		InvalidParty []int  `json:"invalidparty"`
	}
	if err := c.postJSON(ctx, path, in, &out); err != nil {
		return nil, err
	}
	res := &TagChangeResult{InvalidParties: out.InvalidParty}
	if out.InvalidList != "" {
		res.InvalidUsers = strings.Split(out.InvalidList, "|")
	}
	return res, nil
}

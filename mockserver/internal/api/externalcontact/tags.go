package externalcontact

import (
	"errors"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// The corp's customer tags: get_corp_tag_list, add_corp_tag, edit_corp_tag,
// del_corp_tag (https://developer.work.weixin.qq.com/document/path/92117)
// and mark_tag (92118). Changes through these APIs send no callbacks, as on
// the real host; the admin console's changes (the control API) do. The
// agentid that old third-party suites send is accepted and ignored.

func (a *API) tagModels() map[string]kernel.Model {
	return map[string]kernel.Model{
		"/cgi-bin/externalcontact/get_corp_tag_list": {Handle: a.corpTagList, CheckParams: true},
		"/cgi-bin/externalcontact/add_corp_tag":      {Handle: a.addCorpTag, CheckParams: true},
		"/cgi-bin/externalcontact/edit_corp_tag":     {Handle: a.editCorpTag, CheckParams: true},
		"/cgi-bin/externalcontact/del_corp_tag":      {Handle: a.delCorpTag, CheckParams: true},
		"/cgi-bin/externalcontact/mark_tag":          {Handle: a.markTag, CheckParams: true},
	}
}

// tagIDsBody is the filter of get_corp_tag_list and the ids of del_corp_tag.
type tagIDsBody struct {
	TagID   []string `json:"tag_id"`
	GroupID []string `json:"group_id"`
}

// corpTagList is POST get_corp_tag_list: group_id wins over tag_id.
func (a *API) corpTagList(r *http.Request, c *kernel.Call) (any, error) {
	var b tagIDsBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	groups, err := a.env.Store.CorpTagList(c.Token, b.TagID, b.GroupID)
	if err != nil {
		return nil, tagError(err)
	}
	out := make([]tagGroupJSON, len(groups))
	for i, g := range groups {
		out[i] = newTagGroupJSON(g, true)
	}
	return struct {
		TagGroup []tagGroupJSON `json:"tag_group"`
	}{out}, nil
}

// addCorpTagBody is the JSON of add_corp_tag.
type addCorpTagBody struct {
	GroupID   string `json:"group_id"`
	GroupName string `json:"group_name"`
	Order     int64  `json:"order"`
	Tag       []struct {
		Name  string `json:"name"`
		Order int64  `json:"order"`
	} `json:"tag"`
}

// addCorpTag is POST add_corp_tag: the group with only the tags added.
func (a *API) addCorpTag(r *http.Request, c *kernel.Call) (any, error) {
	var b addCorpTagBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	req := store.CorpTagAdd{GroupID: b.GroupID, GroupName: b.GroupName, Order: b.Order, Tags: make([]store.NewCorpTag, len(b.Tag))}
	for i, t := range b.Tag {
		req.Tags[i] = store.NewCorpTag{Name: t.Name, Order: t.Order}
	}
	g, err := a.env.Store.AddCorpTags(c.Token, req)
	if err != nil {
		return nil, tagError(err)
	}
	return struct {
		TagGroup tagGroupJSON `json:"tag_group"`
	}{newTagGroupJSON(g, false)}, nil
}

// editCorpTagBody is the JSON of edit_corp_tag.
type editCorpTagBody struct {
	ID    string  `json:"id"`
	Name  *string `json:"name"`
	Order *int64  `json:"order"`
}

// editCorpTag is POST edit_corp_tag: a tag's or group's name and order.
func (a *API) editCorpTag(r *http.Request, c *kernel.Call) (any, error) {
	var b editCorpTagBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	if err := a.env.Store.EditCorpTag(c.Token, store.CorpTagEdit{ID: b.ID, Name: b.Name, Order: b.Order}); err != nil {
		return nil, tagError(err)
	}
	return struct{}{}, nil
}

// delCorpTag is POST del_corp_tag.
func (a *API) delCorpTag(r *http.Request, c *kernel.Call) (any, error) {
	var b tagIDsBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	if err := a.env.Store.DeleteCorpTags(c.Token, b.TagID, b.GroupID); err != nil {
		return nil, tagError(err)
	}
	return struct{}{}, nil
}

// markTagBody is the JSON of mark_tag.
type markTagBody struct {
	UserID         string   `json:"userid"`
	ExternalUserID string   `json:"external_userid"`
	AddTag         []string `json:"add_tag"`
	RemoveTag      []string `json:"remove_tag"`
}

// markTag is POST mark_tag (https://developer.work.weixin.qq.com/document/path/92118).
func (a *API) markTag(r *http.Request, c *kernel.Call) (any, error) {
	var b markTagBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	if !fixtures.ValidUserID(b.UserID) {
		return nil, kernel.Err(errcode.InvalidUserID)
	}
	if err := a.env.Store.MarkTag(c.Token, b.UserID, b.ExternalUserID, b.AddTag, b.RemoveTag); err != nil {
		return nil, tagError(err)
	}
	return struct{}{}, nil
}

// tagError is a store error of the tag APIs: an unknown tag or group is
// 40068 with the errmsg seen on del_corp_tag, "invalid tagid/groupid".
func tagError(err error) error {
	if errors.Is(err, errcode.InvalidTagID) {
		return &kernel.APIError{Code: errcode.InvalidTagID, Text: "invalid tagid/groupid"}
	}
	return kernel.StoreError(err)
}

// tagGroupJSON is a tag group as get_corp_tag_list and add_corp_tag answer
// it; deleted is listed by get_corp_tag_list only.
type tagGroupJSON struct {
	GroupID    string    `json:"group_id"`
	GroupName  string    `json:"group_name"`
	CreateTime int64     `json:"create_time"`
	Order      int64     `json:"order"`
	Deleted    *bool     `json:"deleted,omitempty"`
	Tag        []tagJSON `json:"tag"`
}

type tagJSON struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	CreateTime int64  `json:"create_time"`
	Order      int64  `json:"order"`
	Deleted    *bool  `json:"deleted,omitempty"`
}

func newTagGroupJSON(g fixtures.CorpTagGroup, withDeleted bool) tagGroupJSON {
	flag := func(b bool) *bool {
		if !withDeleted {
			return nil
		}
		return &b
	}
	out := tagGroupJSON{
		GroupID: g.GroupID, GroupName: g.GroupName, CreateTime: g.CreateTime, Order: int64(g.Order),
		Deleted: flag(g.Deleted), Tag: make([]tagJSON, len(g.Tags)),
	}
	for i, t := range g.Tags {
		out.Tag[i] = tagJSON{ID: t.ID, Name: t.Name, CreateTime: t.CreateTime, Order: int64(t.Order), Deleted: flag(t.Deleted)}
	}
	return out
}

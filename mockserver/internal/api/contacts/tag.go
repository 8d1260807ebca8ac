package contacts

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Tag reads: tag/get (https://developer.work.weixin.qq.com/document/path/90213)
// and tag/list (https://developer.work.weixin.qq.com/document/path/90216).
// Who sees which tag is the store's (contacts_tags.go).

// tagGetResponse is the body of tag/get.
type tagGetResponse struct {
	TagName   string        `json:"tagname"`
	UserList  []tagUserJSON `json:"userlist"`
	PartyList []int         `json:"partylist"`
}

// tagUserJSON is one member of userlist; third-party apps get no name.
type tagUserJSON struct {
	UserID string `json:"userid"`
	Name   string `json:"name,omitempty"`
}

// tagListResponse is the body of tag/list.
type tagListResponse struct {
	TagList []tagJSON `json:"taglist"`
}

type tagJSON struct {
	TagID   int    `json:"tagid"`
	TagName string `json:"tagname"`
}

// tagIDParam reads the tagid of the query: absent, not a number or not
// positive is 40068.
func tagIDParam(c *kernel.Call) (int, error) {
	id, err := strconv.ParseUint(c.Query.Get("tagid"), 10, 31)
	if err != nil || id == 0 {
		return 0, kernel.Err(errcode.InvalidTagID)
	}
	return int(id), nil
}

// tagError words a store error of the tag APIs.
func tagError(err error) error {
	switch {
	case errors.Is(err, store.ErrTagNameExists):
		return kernel.Err(errcode.InvalidTagName)
	case errors.Is(err, store.ErrTagIDExists):
		return kernel.Err(errcode.InvalidTagID)
	case errors.Is(err, store.ErrTagLimit):
		return kernel.Err(errcode.CorpTagLimit)
	case errors.Is(err, store.ErrNotTagOwner):
		return kernel.Err(errcode.NotTagCreator)
	}
	return kernel.StoreError(err)
}

// tagGet is GET /cgi-bin/tag/get?tagid=: the tag's name, and its members
// and departments as the caller may see them.
func (a *API) tagGet(_ *http.Request, c *kernel.Call) (any, error) {
	id, err := tagIDParam(c)
	if err != nil {
		return nil, err
	}
	t, err := a.env.Store.TagFor(c.Token, id)
	if err != nil {
		return nil, tagError(err)
	}
	out := tagGetResponse{TagName: t.Name, UserList: make([]tagUserJSON, len(t.Users)), PartyList: t.Parties}
	for i, u := range t.Users {
		out.UserList[i] = tagUserJSON{UserID: u.UserID, Name: u.Name}
	}
	return out, nil
}

// tagList is GET /cgi-bin/tag/list: the tags the caller may list, by tagid.
func (a *API) tagList(_ *http.Request, c *kernel.Call) (any, error) {
	tags, err := a.env.Store.TagsFor(c.Token)
	if err != nil {
		return nil, tagError(err)
	}
	out := tagListResponse{TagList: make([]tagJSON, len(tags))}
	for i, t := range tags {
		out.TagList[i] = tagJSON{TagID: t.ID, TagName: t.Name}
	}
	return out, nil
}

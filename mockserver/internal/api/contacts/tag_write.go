package contacts

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Tag writes: tag/create (https://developer.work.weixin.qq.com/document/path/90210),
// tag/update (90211), tag/delete (90212), and the member writes
// tag/addtagusers (https://developer.work.weixin.qq.com/document/path/90214)
// and tag/deltagusers (https://developer.work.weixin.qq.com/document/path/90215).
// An app changes only the tags it created (81011 otherwise); the
// contacts-sync secret changes every tag. Creating, renaming and deleting a
// tag causes no callback: change_contact has no such event.

// maxTagNameRunes is the longest tagname: 32 characters (汉字或英文字母).
const maxTagNameRunes = 32

// tagBody is the JSON of tag/create and tag/update.
type tagBody struct {
	TagName *string          `json:"tagname"`
	TagID   *kernel.IntField `json:"tagid"`
}

// tagName checks a tagname: absent, empty or longer than 32 characters is
// 40072.
func (b *tagBody) tagName() (string, error) {
	if b.TagName == nil || *b.TagName == "" || utf8.RuneCountInString(*b.TagName) > maxTagNameRunes {
		return "", kernel.Err(errcode.InvalidTagNameLen)
	}
	return *b.TagName, nil
}

// tagID reads tagid: absent (or 0, when optional) is 0; not an integer,
// negative or past 2^31-1 is 40068.
func (b *tagBody) tagID(required bool) (int, error) {
	if b.TagID == nil || !b.TagID.Set {
		if required {
			return 0, kernel.Err(errcode.InvalidTagID)
		}
		return 0, nil
	}
	if !b.TagID.OK || b.TagID.N < 0 || b.TagID.N > store.MaxTagID || (required && b.TagID.N == 0) {
		return 0, kernel.Err(errcode.InvalidTagID)
	}
	return int(b.TagID.N), nil
}

// tagCreateResponse is the body of tag/create.
type tagCreateResponse struct {
	TagID int `json:"tagid"`
}

// tagCreate is POST /cgi-bin/tag/create: errmsg "created" and the tagid.
// A duplicate name is 40071, a taken tagid 40068, the 3000th tag the last.
func (a *API) tagCreate(r *http.Request, c *kernel.Call) (any, error) {
	var b tagBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	name, err := b.tagName()
	if err != nil {
		return nil, err
	}
	id, err := b.tagID(false)
	if err != nil {
		return nil, err
	}
	id, err = a.env.Store.CreateTag(c.Token, name, id)
	if err != nil {
		return nil, tagError(err)
	}
	return kernel.WithMsg{Msg: "created", Body: tagCreateResponse{TagID: id}}, nil
}

// tagUpdate is POST /cgi-bin/tag/update: errmsg "updated".
func (a *API) tagUpdate(r *http.Request, c *kernel.Call) (any, error) {
	var b tagBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	id, err := b.tagID(true)
	if err != nil {
		return nil, err
	}
	name, err := b.tagName()
	if err != nil {
		return nil, err
	}
	if err := a.env.Store.RenameTag(c.Token, id, name); err != nil {
		return nil, tagError(err)
	}
	return kernel.WithMsg{Msg: "updated", Body: struct{}{}}, nil
}

// tagDelete is GET /cgi-bin/tag/delete?tagid=: errmsg "deleted". A tag
// with members may be deleted; its members simply lose it.
func (a *API) tagDelete(_ *http.Request, c *kernel.Call) (any, error) {
	id, err := tagIDParam(c)
	if err != nil {
		return nil, err
	}
	if err := a.env.Store.DeleteTag(c.Token, id); err != nil {
		return nil, tagError(err)
	}
	return kernel.WithMsg{Msg: "deleted", Body: struct{}{}}, nil
}

// tagUsersBody is the JSON of tag/addtagusers and tag/deltagusers.
type tagUsersBody struct {
	TagID     *kernel.IntField `json:"tagid"`
	UserList  []string         `json:"userlist"`
	PartyList intList          `json:"partylist"`
}

// tagUsersResponse is the partial-success body: invalidlist a pipe-joined
// string, invalidparty an int array
// (https://developer.work.weixin.qq.com/document/path/90214).
type tagUsersResponse struct {
	InvalidList  string `json:"invalidlist,omitempty"`
	InvalidParty []int  `json:"invalidparty,omitempty"`
}

// ChangeTagMembers adds (or, add false, removes) members and departments
// of tag tagID with the checks of tag/addtagusers and publishes update_tag.
// Unknown ids are reported in the result; when all are unknown the error is
// 40070 (adding) or 40031 (removing).
func (a *API) ChangeTagMembers(corpID string, tagID int, userIDs []string, partyIDs []int, add bool, origin store.Origin) (store.TagResult, store.ContactChange, []string, error) {
	parties := make(intList, len(partyIDs))
	for i, p := range partyIDs {
		parties[i] = int64(p)
	}
	b := &tagUsersBody{TagID: &kernel.IntField{Set: true, OK: true, N: int64(tagID)}, UserList: userIDs, PartyList: parties}
	return a.changeTagMembers(corpID, b, add, origin)
}

// changeTagMembers validates and applies a tag member change as the admin.
func (a *API) changeTagMembers(corpID string, b *tagUsersBody, add bool, origin store.Origin) (store.TagResult, store.ContactChange, []string, error) {
	return a.applyTagMembers(b, add, func(tagID int, users []string, parties []int) (store.TagResult, store.ContactChange, error) {
		return a.env.Store.ChangeTagMembers(corpID, tagID, add, users, parties, origin)
	})
}

// applyTagMembers validates a tag member change, applies it with change and
// publishes its update_tag event.
func (a *API) applyTagMembers(b *tagUsersBody, add bool, change func(tagID int, users []string, parties []int) (store.TagResult, store.ContactChange, error)) (store.TagResult, store.ContactChange, []string, error) {
	if b.TagID == nil || !b.TagID.OK || b.TagID.N < 0 || b.TagID.N > 1<<31-1 {
		return store.TagResult{}, store.ContactChange{}, nil, kernel.Err(errcode.InvalidTagID)
	}
	if len(b.UserList) > 1000 || len(b.PartyList) > 100 {
		return store.TagResult{}, store.ContactChange{}, nil, kernel.Err(errcode.InvalidParameter)
	}
	allInvalid := errcode.AllListInvalidAdd
	if !add {
		allInvalid = errcode.AllListInvalidDel
	}
	res, ch, err := change(int(b.TagID.N), b.UserList, b.PartyList.ints())
	switch {
	case errors.Is(err, store.ErrAllListInvalid):
		return res, ch, nil, kernel.Err(allInvalid)
	case err != nil:
		return res, ch, nil, tagError(err)
	}
	return res, ch, a.deliver(ch), nil
}

func (a *API) tagUsers(r *http.Request, c *kernel.Call, add bool) (any, error) {
	var b tagUsersBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	tok := c.Token
	res, _, _, err := a.applyTagMembers(&b, add, func(tagID int, users []string, parties []int) (store.TagResult, store.ContactChange, error) {
		return a.env.Store.ChangeTagMembersAs(tok, tagID, add, users, parties)
	})
	if err != nil {
		return nil, err
	}
	msg := "ok"
	if !add {
		msg = "deleted"
	}
	body := tagUsersResponse{InvalidList: strings.Join(res.InvalidUsers, "|"), InvalidParty: res.InvalidParties}
	return kernel.WithMsg{Msg: msg, Body: body}, nil
}

// tagAddUsers is POST /cgi-bin/tag/addtagusers
// (https://developer.work.weixin.qq.com/document/path/90214): ok, with
// invalidlist/invalidparty on partial success; 40070 "all list invalid " when
// nothing is valid.
func (a *API) tagAddUsers(r *http.Request, c *kernel.Call) (any, error) {
	return a.tagUsers(r, c, true)
}

// tagDelUsers is POST /cgi-bin/tag/deltagusers: errmsg "deleted"; 40031
// "all list invalid" when nothing is valid.
func (a *API) tagDelUsers(r *http.Request, c *kernel.Call) (any, error) {
	return a.tagUsers(r, c, false)
}

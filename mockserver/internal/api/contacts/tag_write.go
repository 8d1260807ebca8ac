package contacts

import (
	"errors"
	"net/http"
	"strings"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Tag member writes: tag/addtagusers
// (https://developer.work.weixin.qq.com/document/path/90214) and
// tag/deltagusers (https://developer.work.weixin.qq.com/document/path/90215).

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

// changeTagMembers validates and applies a tag member change.
func (a *API) changeTagMembers(corpID string, b *tagUsersBody, add bool, origin store.Origin) (store.TagResult, store.ContactChange, []string, error) {
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
	res, ch, err := a.env.Store.ChangeTagMembers(corpID, int(b.TagID.N), add, b.UserList, b.PartyList.ints(), origin)
	switch {
	case errors.Is(err, store.ErrAllListInvalid):
		return res, ch, nil, kernel.Err(allInvalid)
	case err != nil:
		return res, ch, nil, kernel.StoreError(err)
	}
	return res, ch, a.deliver(ch), nil
}

func (a *API) tagUsers(r *http.Request, c *kernel.Call, add bool) (any, error) {
	if c.Token.Kind != store.ContactsToken {
		return nil, kernel.Err(errcode.NotTagCreator)
	}
	var b tagUsersBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	res, _, _, err := a.changeTagMembers(c.Token.CorpID, &b, add, store.OriginContactsAPI)
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

package batch

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// user/batchdelete (https://developer.work.weixin.qq.com/document/path/90199):
// deletes up to 200 members (the catalog checks the list: 40058 past 200
// or missing). Every userid is checked before any is deleted: an invalid
// one answers 40003, an unknown one 60111 naming it, and nothing changes.
// Each deletion sends delete_user to the apps that saw the member.

type batchDeleteBody struct {
	UserIDList []string `json:"useridlist"`
}

func (a *API) batchDelete(r *http.Request, c *kernel.Call) (any, error) {
	var b batchDeleteBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	corpID := c.Token.CorpID
	if len(b.UserIDList) == 0 {
		return nil, kernel.Err(errcode.UserIDMissing)
	}
	for _, id := range b.UserIDList {
		if !fixtures.ValidUserID(id) {
			return nil, kernel.Err(errcode.InvalidUserID)
		}
		if _, err := a.env.Store.Member(corpID, id); err != nil {
			return nil, &kernel.APIError{Code: errcode.UserIDNotFound, Text: errcode.UserIDNotFound.Text() + ":" + id}
		}
	}
	for _, id := range b.UserIDList {
		ch, err := a.env.Store.DeleteMember(corpID, id, store.OriginContactsAPI)
		if err != nil {
			continue // listed twice, or deleted meanwhile
		}
		a.publish(ch)
	}
	return kernel.WithMsg{Msg: "deleted"}, nil
}

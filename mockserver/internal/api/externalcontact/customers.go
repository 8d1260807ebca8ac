package externalcontact

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Customers and their follow-users: get_follow_user_list, list, get,
// batch/get_by_user and remark.

func (a *API) customerModels() map[string]kernel.Model {
	return map[string]kernel.Model{
		"/cgi-bin/externalcontact/get_follow_user_list": {Handle: a.followUserList, ErrorFields: followUserListErrorFields},
		"/cgi-bin/externalcontact/list":                 {Handle: a.list, ErrorFields: listErrorFields, CheckParams: true},
		"/cgi-bin/externalcontact/get":                  {Handle: a.get, ErrorFields: getErrorFields, CheckParams: true},
		"/cgi-bin/externalcontact/batch/get_by_user":    {Handle: a.batchGetByUser, CheckParams: true},
		"/cgi-bin/externalcontact/remark":               {Handle: a.remark, CheckParams: true},
	}
}

// The empty lists real error bodies keep: 84061 from list came with
// "external_userid":[], from get with "follow_user":[].
var (
	listErrorFields = struct {
		ExternalUserID []string `json:"external_userid"`
	}{[]string{}}
	getErrorFields = struct {
		FollowUser []any `json:"follow_user"`
	}{[]any{}}
	followUserListErrorFields = struct {
		FollowUser []string `json:"follow_user"`
	}{[]string{}}
)

// followUserList is GET get_follow_user_list
// (https://developer.work.weixin.qq.com/document/path/92571).
func (a *API) followUserList(_ *http.Request, c *kernel.Call) (any, error) {
	users, err := a.env.Store.FollowUserList(c.Token)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return struct {
		FollowUser []string `json:"follow_user"`
	}{users}, nil
}

// list is GET externalcontact/list?userid=
// (https://developer.work.weixin.qq.com/document/path/92113): 40003 for a
// malformed userid, 60111 unknown, 60011 outside the app's range, 84074 not
// configured for 客户联系, 84061 no customers.
func (a *API) list(_ *http.Request, c *kernel.Call) (any, error) {
	userID := c.Query.Get("userid")
	if !fixtures.ValidUserID(userID) {
		return nil, kernel.Err(errcode.InvalidUserID)
	}
	ids, err := a.env.Store.ListCustomers(c.Token, userID)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return struct {
		ExternalUserID []string `json:"external_userid"`
	}{ids}, nil
}

// get is GET externalcontact/get?external_userid=&cursor=
// (https://developer.work.weixin.qq.com/document/path/92114): the customer
// and up to 500 follow-users a page.
func (a *API) get(_ *http.Request, c *kernel.Call) (any, error) {
	p, err := a.env.Store.GetCustomer(c.Token, c.Query.Get("external_userid"), c.Query.Get("cursor"))
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	follows := make([]followUserJSON, len(p.Customer.FollowUsers))
	for i, f := range p.Customer.FollowUsers {
		follows[i] = newFollowUserJSON(f, p.Customer.FollowTags[i])
	}
	return struct {
		ExternalContact externalContactJSON `json:"external_contact"`
		FollowUser      []followUserJSON    `json:"follow_user"`
		NextCursor      string              `json:"next_cursor"`
	}{newExternalContactJSON(p.Customer), follows, p.NextCursor}, nil
}

// batchBody is the JSON of batch/get_by_user.
type batchBody struct {
	UserIDList []string         `json:"userid_list"`
	Cursor     string           `json:"cursor"`
	Limit      *kernel.IntField `json:"limit"`
}

// batchGetByUser is POST batch/get_by_user
// (https://developer.work.weixin.qq.com/document/path/92994): the customers
// of up to 100 members, limit (1–100, default 50) entries a page.
func (a *API) batchGetByUser(r *http.Request, c *kernel.Call) (any, error) {
	var b batchBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	limit := store.DefaultBatchLimit
	if b.Limit != nil && b.Limit.Set {
		if !b.Limit.OK || b.Limit.N < 1 || b.Limit.N > store.MaxBatchLimit {
			return nil, kernel.Err(errcode.InvalidParameter)
		}
		limit = int(b.Limit.N)
	}
	if len(b.UserIDList) == 0 || len(b.UserIDList) > store.MaxBatchUsers {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	p, err := a.env.Store.BatchGetByUser(c.Token, b.UserIDList, b.Cursor, limit)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	list := make([]batchEntryJSON, len(p.Entries))
	for i, e := range p.Entries {
		list[i] = batchEntryJSON{ExternalContact: newExternalContactJSON(e), FollowInfo: newFollowInfoJSON(e.FollowUsers[0])}
	}
	return struct {
		ExternalContactList []batchEntryJSON `json:"external_contact_list"`
		NextCursor          string           `json:"next_cursor"`
	}{list, p.NextCursor}, nil
}

// remarkBody is the JSON of externalcontact/remark.
type remarkBody struct {
	UserID           string    `json:"userid"`
	ExternalUserID   string    `json:"external_userid"`
	Remark           *string   `json:"remark"`
	Description      *string   `json:"description"`
	RemarkCompany    *string   `json:"remark_company"`
	RemarkMobiles    *[]string `json:"remark_mobiles"`
	RemarkPicMediaID string    `json:"remark_pic_mediaid"`
}

// maxRemarkMobiles bounds remark_mobiles.
const maxRemarkMobiles = 5

// remark is POST externalcontact/remark
// (https://developer.work.weixin.qq.com/document/path/92115): lengths are
// checked against the catalog; the member must follow the customer (84061).
func (a *API) remark(r *http.Request, c *kernel.Call) (any, error) {
	var b remarkBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	if !fixtures.ValidUserID(b.UserID) {
		return nil, kernel.Err(errcode.InvalidUserID)
	}
	if b.RemarkMobiles != nil && len(*b.RemarkMobiles) > maxRemarkMobiles {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	err := a.env.Store.SetRemark(c.Token, b.UserID, b.ExternalUserID, store.Remark{
		Remark: b.Remark, Description: b.Description, RemarkCorpName: b.RemarkCompany, RemarkMobiles: b.RemarkMobiles,
	})
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return struct{}{}, nil
}

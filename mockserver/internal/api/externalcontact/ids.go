package externalcontact

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// The id conversions: a WeChat customer's unionid to an external_userid,
// an external_userid to an openid, and between the corp's external_userids
// and those of its third-party and 代开发 apps. The 联系客户统计 is in
// behavior.go. The catalog checks the required parameters first.

func (a *API) idModels() map[string]kernel.Model {
	return map[string]kernel.Model{
		"/cgi-bin/externalcontact/unionid_to_external_userid":   {Handle: a.unionIDToExternalUserID, CheckParams: true},
		"/cgi-bin/idconvert/unionid_to_external_userid":         {Handle: a.unionIDToPendingID, CheckParams: true},
		"/cgi-bin/externalcontact/convert_to_openid":            {Handle: a.convertToOpenID, CheckParams: true},
		"/cgi-bin/externalcontact/get_new_external_userid":      {Handle: a.getNewExternalUserID, CheckParams: true},
		"/cgi-bin/externalcontact/from_service_external_userid": {Handle: a.fromServiceExternalUserID, CheckParams: true},
		"/cgi-bin/externalcontact/get_user_behavior_data":       {Handle: a.userBehaviorData, CheckParams: true},

		"/cgi-bin/service/externalcontact/unionid_to_external_userid_3rd": {Handle: a.unionIDToExternalUserID3rd, CheckParams: true},
	}
}

// unionIDBody is the JSON of both unionid lookups.
type unionIDBody struct {
	UnionID     string          `json:"unionid"`
	OpenID      string          `json:"openid"`
	SubjectType kernel.IntField `json:"subject_type"`
}

// unionIDToExternalUserID is POST externalcontact/unionid_to_external_userid
// (https://developer.work.weixin.qq.com/document/path/93274): a third-party
// or 代开发 app turns the unionid of a customer who logged in to the corp's
// mini program into its external_userid; 84061 for a WeChat user who is not
// a customer the app reaches.
func (a *API) unionIDToExternalUserID(r *http.Request, c *kernel.Call) (any, error) {
	var b unionIDBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	id, err := a.env.Store.UnionIDToExternalUserID(c.Token, b.UnionID)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return struct {
		ExternalUserID string `json:"external_userid"`
	}{id}, nil
}

// unionIDToPendingID is POST idconvert/unionid_to_external_userid
// (https://developer.work.weixin.qq.com/document/path/97108): as above, but
// a WeChat user who is not yet a customer gets a pending_id. subject_type
// is 0 (the corp's mini program or official account) or 1 (the service
// provider's); the mock keeps one unionid per customer, so both find the
// same one.
func (a *API) unionIDToPendingID(r *http.Request, c *kernel.Call) (any, error) {
	var b unionIDBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	if b.SubjectType.Set && (!b.SubjectType.OK || b.SubjectType.N < 0 || b.SubjectType.N > 1) {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	res, err := a.env.Store.UnionIDToPendingID(c.Token, b.UnionID)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return struct {
		ExternalUserID string `json:"external_userid,omitempty"`
		PendingID      string `json:"pending_id,omitempty"`
	}{res.ExternalUserID, res.PendingID}, nil
}

// convertToOpenID is POST externalcontact/convert_to_openid
// (https://developer.work.weixin.qq.com/document/path/92323): a WeChat
// customer's openid, for payments; 41056 for a WeCom user's id.
func (a *API) convertToOpenID(r *http.Request, c *kernel.Call) (any, error) {
	var b struct {
		ExternalUserID string `json:"external_userid"`
	}
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	openID, err := a.env.Store.ConvertToOpenID(c.Token, b.ExternalUserID)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return struct {
		OpenID string `json:"openid"`
	}{openID}, nil
}

// newExternalUserIDJSON is one item of get_new_external_userid.
type newExternalUserIDJSON struct {
	ExternalUserID    string `json:"external_userid"`
	NewExternalUserID string `json:"new_external_userid"`
}

// getNewExternalUserID is POST externalcontact/get_new_external_userid
// (https://developer.work.weixin.qq.com/document/path/97107): up to 1000 of
// the corp's external_userids in the calling third-party or 代开发 app's
// form; its own come back unchanged, ids of no customer it reaches are left
// out.
func (a *API) getNewExternalUserID(r *http.Request, c *kernel.Call) (any, error) {
	var b struct {
		List []string `json:"external_userid_list"`
	}
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	items, err := a.env.Store.GetNewExternalUserIDs(c.Token, b.List)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	out := make([]newExternalUserIDJSON, len(items))
	for i, it := range items {
		out[i] = newExternalUserIDJSON(it)
	}
	return struct {
		Items []newExternalUserIDJSON `json:"items"`
	}{out}, nil
}

// fromServiceExternalUserID is POST externalcontact/from_service_external_userid
// (https://developer.work.weixin.qq.com/document/path/95884): a self-built
// app turns the external_userid that the third-party or 代开发 app
// source_agentid got into the corp's own.
func (a *API) fromServiceExternalUserID(r *http.Request, c *kernel.Call) (any, error) {
	var b struct {
		SourceAgentID  kernel.IntField `json:"source_agentid"`
		ExternalUserID string          `json:"external_userid"`
	}
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	if !b.SourceAgentID.OK {
		return nil, kernel.Err(errcode.InvalidAgentID)
	}
	id, err := a.env.Store.FromServiceExternalUserID(c.Token, int(b.SourceAgentID.N), b.ExternalUserID)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return struct {
		ExternalUserID string `json:"external_userid"`
	}{id}, nil
}

package directory

import (
	"errors"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

type openIDResponse struct {
	OpenID string `json:"openid"`
}

// convertToOpenID is POST /cgi-bin/user/convert_to_openid {userid}: the
// member's openid, the same on every call (store.MemberOpenID). Checks,
// in order: the userid's shape (40003), the member (60111), inside the
// app's range (60011; the docs require it).
func (a *API) convertToOpenID(r *http.Request, c *kernel.Call) (any, error) {
	var body struct {
		UserID string `json:"userid"`
	}
	if err := kernel.DecodeJSON(r, &body); err != nil {
		return nil, err
	}
	if !fixtures.ValidUserID(body.UserID) {
		return nil, kernel.Err(errcode.InvalidUserID)
	}
	view, err := a.env.Store.MemberFor(c.Token, body.UserID)
	if err != nil {
		return nil, memberError(err)
	}
	return openIDResponse{OpenID: store.MemberOpenID(c.Token.CorpID, view.Member.UserID)}, nil
}

// convertToUserID is POST /cgi-bin/user/convert_to_userid {openid}: the
// member convert_to_openid gave the openid. Checks, in order: a member of
// the corp with that openid (40073: another corp's, a visitor's or a
// customer's openid is none), inside the app's range (60011).
func (a *API) convertToUserID(r *http.Request, c *kernel.Call) (any, error) {
	var body struct {
		OpenID string `json:"openid"`
	}
	if err := kernel.DecodeJSON(r, &body); err != nil {
		return nil, err
	}
	id, err := a.env.Store.UserIDByOpenID(c.Token, body.OpenID)
	if errors.Is(err, store.ErrOpenIDNotFound) {
		return nil, kernel.Err(errcode.InvalidOpenID)
	}
	if err != nil {
		return nil, memberError(err)
	}
	return userIDResponse{UserID: id}, nil
}

// memberError is the answer to a member the call names: 60111 unknown,
// 60011 outside the app's range (kernel.StoreError maps both).
func memberError(err error) error {
	return kernel.StoreError(err)
}

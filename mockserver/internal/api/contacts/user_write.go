package contacts

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// User writes: user/create
// (https://developer.work.weixin.qq.com/document/path/90195), user/update,
// user/delete (https://developer.work.weixin.qq.com/document/path/90198).
// The exported methods are the same writes for the server's Go and control
// APIs; they return the change and its callback delivery ids.

// CreateUser adds member m with the checks of user/create and publishes
// create_user. m is the caller's copy: a member without status gets 4.
func (a *API) CreateUser(corpID string, m *fixtures.Member, origin store.Origin) (store.ContactChange, []string, error) {
	if err := checkMember(m, true); err != nil {
		return store.ContactChange{}, nil, err
	}
	if m.Status == 0 {
		m.Status = 4 // created members have not activated WeCom yet
	}
	return a.publish(a.env.Store.CreateMember(corpID, *m, origin))
}

// CreateUserFromBody is CreateUser of a user/create body.
func (a *API) CreateUserFromBody(corpID string, b *UserBody, origin store.Origin) (store.ContactChange, []string, error) {
	if b.UserID == nil || *b.UserID == "" {
		return store.ContactChange{}, nil, kernel.Err(errcode.UserIDMissing)
	}
	m := &fixtures.Member{UserID: *b.UserID}
	if err := a.applyUserBody(corpID, m, b); err != nil {
		return store.ContactChange{}, nil, err
	}
	return a.CreateUser(corpID, m, origin)
}

// UpdateUser changes member userID with update, checks the result as
// user/update does (mobile or email required when needContact says so),
// and publishes update_user.
func (a *API) UpdateUser(corpID, userID string, update func(*fixtures.Member) error, needContact func() bool, origin store.Origin) (store.ContactChange, []string, error) {
	return a.publish(a.env.Store.UpdateMember(corpID, userID, func(m *fixtures.Member) error {
		if err := update(m); err != nil {
			return err
		}
		return checkMember(m, needContact())
	}, origin))
}

// UpdateUserFromBody is UpdateUser of a user/update body: the fields given
// change, the others stay; new_userid renames the member.
func (a *API) UpdateUserFromBody(corpID string, b *UserBody, origin store.Origin) (store.ContactChange, []string, error) {
	switch {
	case b.UserID == nil || *b.UserID == "":
		return store.ContactChange{}, nil, kernel.Err(errcode.UserIDMissing)
	case !fixtures.ValidUserID(*b.UserID):
		return store.ContactChange{}, nil, kernel.Err(errcode.InvalidUserID)
	}
	return a.UpdateUser(corpID, *b.UserID, func(m *fixtures.Member) error {
		if b.NewUserID != nil && *b.NewUserID != "" {
			m.UserID = *b.NewUserID
		}
		return a.applyUserBody(corpID, m, b)
	}, b.touchesContact, origin)
}

// DeleteUser removes member userID and publishes delete_user.
func (a *API) DeleteUser(corpID, userID string, origin store.Origin) (store.ContactChange, []string, error) {
	switch {
	case userID == "":
		return store.ContactChange{}, nil, kernel.Err(errcode.UserIDMissing)
	case !fixtures.ValidUserID(userID):
		return store.ContactChange{}, nil, kernel.Err(errcode.InvalidUserID)
	}
	return a.publish(a.env.Store.DeleteMember(corpID, userID, origin))
}

// userCreate is POST /cgi-bin/user/create
// (https://developer.work.weixin.qq.com/document/path/90195):
// {"errcode":0,"errmsg":"created"}.
func (a *API) userCreate(r *http.Request, c *kernel.Call) (any, error) {
	var b UserBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	if _, _, err := a.CreateUserFromBody(c.Token.CorpID, &b, store.OriginContactsAPI); err != nil {
		return nil, err
	}
	return kernel.WithMsg{Msg: "created"}, nil
}

// userUpdate is POST /cgi-bin/user/update:
// {"errcode":0,"errmsg":"updated"}.
func (a *API) userUpdate(r *http.Request, c *kernel.Call) (any, error) {
	var b UserBody
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	if _, _, err := a.UpdateUserFromBody(c.Token.CorpID, &b, store.OriginContactsAPI); err != nil {
		return nil, err
	}
	return kernel.WithMsg{Msg: "updated"}, nil
}

// userDelete is GET /cgi-bin/user/delete?userid=
// (https://developer.work.weixin.qq.com/document/path/90198):
// {"errcode":0,"errmsg":"deleted"}.
func (a *API) userDelete(_ *http.Request, c *kernel.Call) (any, error) {
	if _, _, err := a.DeleteUser(c.Token.CorpID, c.Query.Get("userid"), store.OriginContactsAPI); err != nil {
		return nil, err
	}
	return kernel.WithMsg{Msg: "deleted"}, nil
}

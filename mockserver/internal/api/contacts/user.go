package contacts

import (
	"errors"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// userResponse is the body of user/get with the types SDKs decode into:
// gender a string, department/order/is_leader_in_dept int arrays
// (https://developer.work.weixin.qq.com/document/path/96255). Sensitive fields
// are omitted for apps that may not see them, as WeCom does for apps created
// after 2022-06-20.
type userResponse struct {
	UserID           string                    `json:"userid"`
	Name             string                    `json:"name"`
	Department       []int                     `json:"department"`
	Order            []int64                   `json:"order"`
	Position         string                    `json:"position"`
	Mobile           *string                   `json:"mobile,omitempty"`
	Gender           *string                   `json:"gender,omitempty"`
	Email            *string                   `json:"email,omitempty"`
	BizMail          *string                   `json:"biz_mail,omitempty"`
	IsLeaderInDept   []int                     `json:"is_leader_in_dept"`
	DirectLeader     []string                  `json:"direct_leader"`
	Avatar           *string                   `json:"avatar,omitempty"`
	ThumbAvatar      string                    `json:"thumb_avatar"`
	Telephone        string                    `json:"telephone"`
	Alias            string                    `json:"alias"`
	Address          *string                   `json:"address,omitempty"`
	OpenUserID       string                    `json:"open_userid,omitempty"`
	MainDepartment   int                       `json:"main_department"`
	ExtAttr          fixtures.ExtAttr          `json:"extattr"`
	Status           int                       `json:"status"`
	QRCode           *string                   `json:"qr_code,omitempty"`
	ExternalPosition string                    `json:"external_position"`
	ExternalProfile  *fixtures.ExternalProfile `json:"external_profile,omitempty"`
	Enable           int                       `json:"enable"`
}

// userErrorFields are the empty arrays real user/get errors still carry.
var userErrorFields = struct {
	Department     []int    `json:"department"`
	Order          []int    `json:"order"`
	IsLeaderInDept []int    `json:"is_leader_in_dept"`
	DirectLeader   []string `json:"direct_leader"`
}{[]int{}, []int{}, []int{}, []string{}}

// getUser is GET /cgi-bin/user/get
// (https://developer.work.weixin.qq.com/document/path/96255): 40003 for a
// malformed userid, 60111 for an unknown one, 60011 for a member outside the
// token's visible range. A contacts-sync token sees everyone.
func (a *API) getUser(_ *http.Request, c *kernel.Call) (any, error) {
	userID := c.Query.Get("userid")
	if !fixtures.ValidUserID(userID) {
		return nil, kernel.Err(errcode.InvalidUserID)
	}
	view, err := a.env.Store.MemberFor(c.Token, userID)
	switch {
	case errors.Is(err, store.ErrMemberNotFound):
		return nil, kernel.Err(errcode.UserIDNotFound)
	case errors.Is(err, store.ErrNotVisible), errors.Is(err, store.ErrAppNotFound):
		return nil, kernel.Err(errcode.NoPrivilege)
	case err != nil:
		return nil, err
	}
	return a.bodies.get(view)
}

func newUserResponse(v store.MemberView) userResponse {
	m := v.Member
	u := userResponse{
		UserID:           m.UserID,
		Name:             m.Name,
		Department:       kernel.NonNil(m.Department),
		Order:            m.Order,
		Position:         m.Position,
		IsLeaderInDept:   m.IsLeaderInDept,
		DirectLeader:     kernel.NonNil(m.DirectLeader),
		ThumbAvatar:      m.ThumbAvatar,
		Telephone:        m.Telephone,
		Alias:            m.Alias,
		OpenUserID:       v.OpenUserID,
		MainDepartment:   m.MainDepartment,
		Status:           m.Status,
		ExternalPosition: m.ExternalPosition,
		ExternalProfile:  m.ExternalProfile,
		Enable:           1,
	}
	if u.Order == nil {
		// order always has one entry per department.
		u.Order = make([]int64, len(u.Department))
	}
	if u.IsLeaderInDept == nil {
		u.IsLeaderInDept = make([]int, len(u.Department))
	}
	if u.MainDepartment == 0 && len(u.Department) > 0 {
		u.MainDepartment = u.Department[0]
	}
	if u.Status == 0 {
		u.Status = 1
	}
	if m.Enable != nil {
		u.Enable = *m.Enable
	}
	if m.ExtAttr != nil {
		u.ExtAttr = *m.ExtAttr
	}
	if u.ExtAttr.Attrs == nil {
		u.ExtAttr.Attrs = []fixtures.Attr{}
	}
	if v.ThirdParty {
		hideFromThirdParty(&u)
		return u
	}
	if v.Sensitive {
		gender := m.Gender
		if gender == "" {
			gender = "0"
		}
		u.Gender = &gender
		u.Mobile, u.Email, u.BizMail = &m.Mobile, &m.Email, &m.BizMail
		u.Avatar, u.Address, u.QRCode = &m.Avatar, &m.Address, &m.QRCode
	}
	return u
}

// hideFromThirdParty blanks what a third-party app's token may not read of a
// member (https://developer.work.weixin.qq.com/document/path/96269, the
// third-party notes of https://developer.work.weixin.qq.com/document/path/96255): the name
// comes back as the userid, gender as "0", and the fields only contacts apps
// get — position, telephone, alias, avatar, extattr, the external profile —
// are empty; mobile, email, biz_mail, address and qr_code are left out as
// for an app without sensitive fields.
func hideFromThirdParty(u *userResponse) {
	gender := "0"
	u.Name = u.UserID
	u.Gender = &gender
	u.Position, u.Telephone, u.Alias, u.ThumbAvatar = "", "", "", ""
	u.ExternalPosition, u.ExternalProfile = "", nil
	u.ExtAttr = fixtures.ExtAttr{Attrs: []fixtures.Attr{}}
}

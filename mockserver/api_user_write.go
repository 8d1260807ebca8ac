package mockserver

import (
	"net/http"
	"regexp"
	"slices"
	"unicode/utf8"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// User writes: user/create
// (https://developer.work.weixin.qq.com/document/path/90195), user/update,
// user/delete (https://developer.work.weixin.qq.com/document/path/90198).

// userWriteBody is the JSON of user/create and user/update: a field that is
// present is set, an absent one left alone.
type userWriteBody struct {
	UserID           *string                   `json:"userid"`
	NewUserID        *string                   `json:"new_userid"`
	Name             *string                   `json:"name"`
	Alias            *string                   `json:"alias"`
	Mobile           *string                   `json:"mobile"`
	Department       *intList                  `json:"department"`
	Order            *intList                  `json:"order"`
	Position         *string                   `json:"position"`
	Gender           *stringOrNumber           `json:"gender"`
	Email            *string                   `json:"email"`
	BizMail          *string                   `json:"biz_mail"`
	IsLeaderInDept   *intList                  `json:"is_leader_in_dept"`
	DirectLeader     *[]string                 `json:"direct_leader"`
	Enable           *kernel.IntField          `json:"enable"`
	AvatarMediaID    *string                   `json:"avatar_mediaid"`
	Telephone        *string                   `json:"telephone"`
	Address          *string                   `json:"address"`
	MainDepartment   *kernel.IntField          `json:"main_department"`
	ExtAttr          *fixtures.ExtAttr         `json:"extattr"`
	ToInvite         *bool                     `json:"to_invite"`
	ExternalPosition *string                   `json:"external_position"`
	ExternalProfile  *fixtures.ExternalProfile `json:"external_profile"`
}

// touchesContact reports whether the body sets mobile or email (the
// "not both empty" rule is checked then, and on create).
func (b *userWriteBody) touchesContact() bool { return b.Mobile != nil || b.Email != nil }

// apply copies the present fields of b onto m. avatar_mediaid must name
// media of the corp (40007 otherwise).
func (s *Server) applyUserBody(corpID string, m *fixtures.Member, b *userWriteBody) error {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&m.Name, b.Name)
	set(&m.Alias, b.Alias)
	set(&m.Mobile, b.Mobile)
	set(&m.Position, b.Position)
	set(&m.Email, b.Email)
	set(&m.BizMail, b.BizMail)
	set(&m.Telephone, b.Telephone)
	set(&m.Address, b.Address)
	set(&m.ExternalPosition, b.ExternalPosition)
	if b.Gender != nil {
		m.Gender = string(*b.Gender)
	}
	if b.Department != nil {
		m.Department = b.Department.ints()
		if b.Order == nil && len(m.Order) != len(m.Department) {
			m.Order = nil
		}
		if b.IsLeaderInDept == nil && len(m.IsLeaderInDept) != len(m.Department) {
			m.IsLeaderInDept = nil
		}
		if b.MainDepartment == nil && m.MainDepartment != 0 && !slices.Contains(m.Department, m.MainDepartment) {
			m.MainDepartment = 0 // the first department, as WeCom does
		}
	}
	if b.Order != nil {
		m.Order = []int64(*b.Order)
	}
	if b.IsLeaderInDept != nil {
		m.IsLeaderInDept = b.IsLeaderInDept.ints()
	}
	if b.DirectLeader != nil {
		m.DirectLeader = slices.Clone(*b.DirectLeader)
	}
	if b.Enable != nil && b.Enable.Set {
		if !b.Enable.OK || (b.Enable.N != 0 && b.Enable.N != 1) {
			return wecomErr(errcode.InvalidParameter)
		}
		v := int(b.Enable.N)
		m.Enable = &v
	}
	if b.MainDepartment != nil && b.MainDepartment.Set {
		if !b.MainDepartment.OK {
			return wecomErr(errcode.InvalidParameter)
		}
		m.MainDepartment = int(b.MainDepartment.N)
	}
	if b.AvatarMediaID != nil && *b.AvatarMediaID != "" {
		if _, err := s.store.Media(corpID, *b.AvatarMediaID); *b.AvatarMediaID == "" || err != nil {
			return wecomErr(errcode.InvalidMediaID)
		}
		m.Avatar = "https://wework.qpic.cn/wwhead/" + *b.AvatarMediaID + "/0"
		m.ThumbAvatar = "https://wework.qpic.cn/wwhead/" + *b.AvatarMediaID + "/100"
	}
	if b.ExtAttr != nil {
		ext := *b.ExtAttr
		m.ExtAttr = &ext
	}
	if b.ExternalProfile != nil {
		p := *b.ExternalProfile
		m.ExternalProfile = &p
	}
	return nil
}

var (
	mobilePattern = regexp.MustCompile(`^\+?[0-9][0-9 ()\-]{3,31}$`)
	emailPattern  = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// checkMember checks a member's own fields, in the order the mock reports
// them: userid, name, department, mobile, email, mobile-or-email, the
// arrays parallel to department, main_department, gender.
func checkMember(m *fixtures.Member, needContact bool) error {
	switch {
	case !fixtures.ValidUserID(m.UserID):
		return wecomErr(errcode.InvalidUserID)
	case m.Name == "" || utf8.RuneCountInString(m.Name) > 64:
		return wecomErr(errcode.InvalidName)
	case len(m.Department) == 0:
		return wecomErr(errcode.MissingDepartment)
	case len(m.Department) > 100:
		return wecomErr(errcode.InvalidParameter)
	case m.Mobile != "" && !mobilePattern.MatchString(m.Mobile):
		return wecomErr(errcode.InvalidMobile)
	case m.Email != "" && (len(m.Email) > 64 || !emailPattern.MatchString(m.Email)),
		m.BizMail != "" && (len(m.BizMail) > 64 || !emailPattern.MatchString(m.BizMail)):
		return wecomErr(errcode.InvalidEmail)
	case needContact && m.Mobile == "" && m.Email == "":
		return wecomErr(errcode.MobileEmailEmpty)
	case len(m.IsLeaderInDept) != 0 && len(m.IsLeaderInDept) != len(m.Department):
		return wecomErr(errcode.LeaderSizeMismatch)
	case len(m.Order) != 0 && len(m.Order) != len(m.Department):
		return wecomErr(errcode.InvalidParameter)
	case m.MainDepartment != 0 && !slices.Contains(m.Department, m.MainDepartment):
		return wecomErr(errcode.InvalidParameter)
	}
	switch m.Gender {
	case "", "0", "1", "2":
	default:
		return wecomErr(errcode.InvalidParameter)
	}
	for _, l := range m.IsLeaderInDept {
		if l != 0 && l != 1 {
			return wecomErr(errcode.InvalidParameter)
		}
	}
	for _, u := range m.DirectLeader {
		if !fixtures.ValidUserID(u) {
			return wecomErr(errcode.InvalidUserID)
		}
	}
	return nil
}

// createUser adds a member and publishes create_user.
func (s *Server) createUser(corpID string, m *fixtures.Member, origin store.Origin) (store.ContactChange, []string, error) {
	if err := checkMember(m, true); err != nil {
		return store.ContactChange{}, nil, err
	}
	if m.Status == 0 {
		m.Status = 4 // created members have not activated WeCom yet
	}
	return s.publishContact(s.store.CreateMember(corpID, *m, origin))
}

// updateUser changes a member with update and publishes update_user.
func (s *Server) updateUser(corpID, userID string, update func(*fixtures.Member) error, needContact func() bool, origin store.Origin) (store.ContactChange, []string, error) {
	return s.publishContact(s.store.UpdateMember(corpID, userID, func(m *fixtures.Member) error {
		if err := update(m); err != nil {
			return err
		}
		return checkMember(m, needContact())
	}, origin))
}

// userCreate is POST /cgi-bin/user/create
// (https://developer.work.weixin.qq.com/document/path/90195):
// {"errcode":0,"errmsg":"created"}.
func (s *Server) userCreate(r *http.Request, c *call) (any, error) {
	if err := contactsWriter(c); err != nil {
		return nil, err
	}
	var b userWriteBody
	if err := decodeJSONBodyInto(r, &b); err != nil {
		return nil, err
	}
	if b.UserID == nil || *b.UserID == "" {
		return nil, wecomErr(errcode.UserIDMissing)
	}
	m := &fixtures.Member{UserID: *b.UserID}
	if err := s.applyUserBody(c.Token.CorpID, m, &b); err != nil {
		return nil, err
	}
	if _, _, err := s.createUser(c.Token.CorpID, m, store.OriginContactsAPI); err != nil {
		return nil, err
	}
	return withMsg{Msg: "created"}, nil
}

// userUpdate is POST /cgi-bin/user/update: the fields
// given change, the others stay; new_userid renames the member.
// {"errcode":0,"errmsg":"updated"}.
func (s *Server) userUpdate(r *http.Request, c *call) (any, error) {
	if err := contactsWriter(c); err != nil {
		return nil, err
	}
	var b userWriteBody
	if err := decodeJSONBodyInto(r, &b); err != nil {
		return nil, err
	}
	if err := s.updateUserFromBody(c.Token.CorpID, &b, store.OriginContactsAPI); err != nil {
		return nil, err
	}
	return withMsg{Msg: "updated"}, nil
}

func (s *Server) updateUserFromBody(corpID string, b *userWriteBody, origin store.Origin) error {
	_, _, err := s.updateUserFromBodyChange(corpID, b, origin)
	return err
}

func (s *Server) updateUserFromBodyChange(corpID string, b *userWriteBody, origin store.Origin) (store.ContactChange, []string, error) {
	switch {
	case b.UserID == nil || *b.UserID == "":
		return store.ContactChange{}, nil, wecomErr(errcode.UserIDMissing)
	case !fixtures.ValidUserID(*b.UserID):
		return store.ContactChange{}, nil, wecomErr(errcode.InvalidUserID)
	}
	return s.updateUser(corpID, *b.UserID, func(m *fixtures.Member) error {
		if b.NewUserID != nil && *b.NewUserID != "" {
			m.UserID = *b.NewUserID
		}
		return s.applyUserBody(corpID, m, b)
	}, b.touchesContact, origin)
}

// userDelete is GET /cgi-bin/user/delete?userid=
// (https://developer.work.weixin.qq.com/document/path/90198):
// {"errcode":0,"errmsg":"deleted"}.
func (s *Server) userDelete(_ *http.Request, c *call) (any, error) {
	if err := contactsWriter(c); err != nil {
		return nil, err
	}
	if _, _, err := s.deleteUser(c.Token.CorpID, c.Query.Get("userid"), store.OriginContactsAPI); err != nil {
		return nil, err
	}
	return withMsg{Msg: "deleted"}, nil
}

func (s *Server) deleteUser(corpID, userID string, origin store.Origin) (store.ContactChange, []string, error) {
	switch {
	case userID == "":
		return store.ContactChange{}, nil, wecomErr(errcode.UserIDMissing)
	case !fixtures.ValidUserID(userID):
		return store.ContactChange{}, nil, wecomErr(errcode.InvalidUserID)
	}
	return s.publishContact(s.store.DeleteMember(corpID, userID, origin))
}

package contacts

import (
	"regexp"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// UserBody is the JSON of user/create and user/update (and of the control
// API's member changes): a field that is present is set, an absent one left
// alone.
type UserBody struct {
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
func (b *UserBody) touchesContact() bool { return b.Mobile != nil || b.Email != nil }

// applyUserBody copies the present fields of b onto m. avatar_mediaid must name
// media of the corp (40007 otherwise).
func (a *API) applyUserBody(corpID string, m *fixtures.Member, b *UserBody) error {
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
			return kernel.Err(errcode.InvalidParameter)
		}
		v := int(b.Enable.N)
		m.Enable = &v
	}
	if b.MainDepartment != nil && b.MainDepartment.Set {
		if !b.MainDepartment.OK {
			return kernel.Err(errcode.InvalidParameter)
		}
		m.MainDepartment = int(b.MainDepartment.N)
	}
	if b.AvatarMediaID != nil && *b.AvatarMediaID != "" {
		if _, err := a.env.Store.Media(corpID, *b.AvatarMediaID); *b.AvatarMediaID == "" || err != nil {
			return kernel.Err(errcode.InvalidMediaID)
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

// The patterns are compiled at their first use: a process that never
// checks a member pays nothing for them at start-up.
var (
	mobilePattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\+?[0-9][0-9 ()\-]{3,31}$`) })
	emailPattern  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`) })
)

// checkMember checks a member's own fields, in the order the mock reports
// them: userid, name, department, mobile, email, mobile-or-email, the
// arrays parallel to department, main_department, gender.
func checkMember(m *fixtures.Member, needContact bool) error {
	switch {
	case !fixtures.ValidUserID(m.UserID):
		return kernel.Err(errcode.InvalidUserID)
	case m.Name == "" || utf8.RuneCountInString(m.Name) > 64:
		return kernel.Err(errcode.InvalidName)
	case len(m.Department) == 0:
		return kernel.Err(errcode.MissingDepartment)
	case len(m.Department) > 100:
		return kernel.Err(errcode.InvalidParameter)
	case m.Mobile != "" && !mobilePattern().MatchString(m.Mobile):
		return kernel.Err(errcode.InvalidMobile)
	case m.Email != "" && (len(m.Email) > 64 || !emailPattern().MatchString(m.Email)),
		m.BizMail != "" && (len(m.BizMail) > 64 || !emailPattern().MatchString(m.BizMail)):
		return kernel.Err(errcode.InvalidEmail)
	case needContact && m.Mobile == "" && m.Email == "":
		return kernel.Err(errcode.MobileEmailEmpty)
	case len(m.IsLeaderInDept) != 0 && len(m.IsLeaderInDept) != len(m.Department):
		return kernel.Err(errcode.LeaderSizeMismatch)
	case len(m.Order) != 0 && len(m.Order) != len(m.Department):
		return kernel.Err(errcode.InvalidParameter)
	case m.MainDepartment != 0 && !slices.Contains(m.Department, m.MainDepartment):
		return kernel.Err(errcode.InvalidParameter)
	}
	switch m.Gender {
	case "", "0", "1", "2":
	default:
		return kernel.Err(errcode.InvalidParameter)
	}
	for _, l := range m.IsLeaderInDept {
		if l != 0 && l != 1 {
			return kernel.Err(errcode.InvalidParameter)
		}
	}
	for _, u := range m.DirectLeader {
		if !fixtures.ValidUserID(u) {
			return kernel.Err(errcode.InvalidUserID)
		}
	}
	return nil
}

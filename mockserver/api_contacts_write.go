package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// The contact write APIs (wecom-api.md §4.2–§4.4, §5, §6): members and
// departments are written with the contacts-sync token only (48002
// otherwise); tag members with the contacts-sync token (an app token gets
// 81011: the fixtures' tags were not created by the app). Every change
// causes change_contact callbacks (callback_contacts.go), except back to the
// contact-sync assistant itself.

// contactStoreErr maps a store error of a contact write to its errcode.
func contactStoreErr(err error) error {
	var holder *store.HolderError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &holder) && errors.Is(err, store.ErrMobileExists):
		return &apiError{code: errcode.MobileExisted, text: "mobile existed:" + holder.UserID}
	case errors.As(err, &holder) && errors.Is(err, store.ErrEmailExists):
		return &apiError{code: errcode.EmailExisted, text: "email existed:" + holder.UserID}
	case errors.Is(err, store.ErrUserIDExists):
		return wecomErr(errcode.UserIDExisted)
	case errors.Is(err, store.ErrMemberNotFound), errors.Is(err, store.ErrLeaderNotFound):
		return wecomErr(errcode.UserIDNotFound)
	case errors.Is(err, store.ErrDepartmentNotFound):
		return wecomErr(errcode.DepartmentNotFound)
	case errors.Is(err, store.ErrParentNotFound):
		return wecomErr(errcode.ParentDeptNotFound)
	case errors.Is(err, store.ErrDepartmentExists):
		return wecomErr(errcode.DeptExisted)
	case errors.Is(err, store.ErrDepartmentHasMembers):
		return wecomErr(errcode.DeptHasMembers)
	case errors.Is(err, store.ErrDepartmentHasChildren):
		return wecomErr(errcode.DeptHasChildren)
	case errors.Is(err, store.ErrRootDepartment):
		return wecomErr(errcode.DeleteRootDept)
	case errors.Is(err, store.ErrDepartmentCycle):
		return wecomErr(errcode.DeptCycle)
	case errors.Is(err, store.ErrDepartmentTooDeep):
		// Deeper than 15 levels; the real errcode is not documented.
		return wecomErr(errcode.InvalidParameter)
	case errors.Is(err, store.ErrTagNotFound):
		return wecomErr(errcode.InvalidTagID)
	case errors.Is(err, store.ErrCorpNotFound):
		return wecomErr(errcode.InvalidCorpID)
	case errors.Is(err, store.ErrConcurrentChange):
		return wecomErr(errcode.SystemBusy)
	}
	return err
}

// contactsWriter is the token check of member and department writes.
func contactsWriter(c *call) error {
	if c.token.Kind != store.ContactsToken {
		return wecomErr(errcode.APIForbidden)
	}
	return nil
}

// intList is a JSON array of numbers (or of strings holding numbers).
type intList []int64

func (l *intList) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := make(intList, len(raw))
	for i, r := range raw {
		n, err := strconv.ParseInt(strings.Trim(strings.TrimSpace(string(r)), `"`), 10, 64)
		if err != nil {
			return &json.UnmarshalTypeError{Value: string(r), Type: reflect.TypeFor[int64]()}
		}
		out[i] = n
	}
	*l = out
	return nil
}

func (l intList) ints() []int {
	out := make([]int, len(l))
	for i, v := range l {
		out[i] = int(v)
	}
	return out
}

// stringOrNumber is a JSON string or number read as a string (gender: SDKs
// send "1" or 1).
type stringOrNumber string

func (f *stringOrNumber) UnmarshalJSON(b []byte) error {
	var id idListField
	if err := id.UnmarshalJSON(b); err != nil {
		return err
	}
	*f = stringOrNumber(id)
	return nil
}

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
	Enable           *intField                 `json:"enable"`
	AvatarMediaID    *string                   `json:"avatar_mediaid"`
	Telephone        *string                   `json:"telephone"`
	Address          *string                   `json:"address"`
	MainDepartment   *intField                 `json:"main_department"`
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
	if b.Enable != nil && b.Enable.set {
		if !b.Enable.ok || (b.Enable.n != 0 && b.Enable.n != 1) {
			return wecomErr(errcode.InvalidParameter)
		}
		v := int(b.Enable.n)
		m.Enable = &v
	}
	if b.MainDepartment != nil && b.MainDepartment.set {
		if !b.MainDepartment.ok {
			return wecomErr(errcode.InvalidParameter)
		}
		m.MainDepartment = int(b.MainDepartment.n)
	}
	if b.AvatarMediaID != nil && *b.AvatarMediaID != "" {
		if !s.mediaExists(corpID, *b.AvatarMediaID) {
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
	ch, err := s.store.CreateMember(corpID, *m, origin)
	if err != nil {
		return ch, nil, contactStoreErr(err)
	}
	return ch, s.publishContactChange(ch), nil
}

// updateUser changes a member with update and publishes update_user.
func (s *Server) updateUser(corpID, userID string, update func(*fixtures.Member) error, needContact func() bool, origin store.Origin) (store.ContactChange, []string, error) {
	ch, err := s.store.UpdateMember(corpID, userID, func(m *fixtures.Member) error {
		if err := update(m); err != nil {
			return err
		}
		return checkMember(m, needContact())
	}, origin)
	if err != nil {
		var ae *apiError
		if errors.As(err, &ae) {
			return ch, nil, err
		}
		return ch, nil, contactStoreErr(err)
	}
	return ch, s.publishContactChange(ch), nil
}

// userCreate is POST /cgi-bin/user/create (wecom-api.md §4.2):
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
	if err := s.applyUserBody(c.token.CorpID, m, &b); err != nil {
		return nil, err
	}
	if _, _, err := s.createUser(c.token.CorpID, m, store.OriginContactsAPI); err != nil {
		return nil, err
	}
	return withMsg{msg: "created"}, nil
}

// userUpdate is POST /cgi-bin/user/update (wecom-api.md §4.3): the fields
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
	if err := s.updateUserFromBody(c.token.CorpID, &b, store.OriginContactsAPI); err != nil {
		return nil, err
	}
	return withMsg{msg: "updated"}, nil
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

// userDelete is GET /cgi-bin/user/delete?userid= (wecom-api.md §4.4):
// {"errcode":0,"errmsg":"deleted"}.
func (s *Server) userDelete(_ *http.Request, c *call) (any, error) {
	if err := contactsWriter(c); err != nil {
		return nil, err
	}
	if _, _, err := s.deleteUser(c.token.CorpID, c.query.Get("userid"), store.OriginContactsAPI); err != nil {
		return nil, err
	}
	return withMsg{msg: "deleted"}, nil
}

func (s *Server) deleteUser(corpID, userID string, origin store.Origin) (store.ContactChange, []string, error) {
	switch {
	case userID == "":
		return store.ContactChange{}, nil, wecomErr(errcode.UserIDMissing)
	case !fixtures.ValidUserID(userID):
		return store.ContactChange{}, nil, wecomErr(errcode.InvalidUserID)
	}
	ch, err := s.store.DeleteMember(corpID, userID, origin)
	if err != nil {
		return ch, nil, contactStoreErr(err)
	}
	return ch, s.publishContactChange(ch), nil
}

// departmentWriteBody is the JSON of department/create and /update.
type departmentWriteBody struct {
	ID       *intField `json:"id"`
	Name     *string   `json:"name"`
	NameEn   *string   `json:"name_en"`
	ParentID *intField `json:"parentid"`
	Order    *intField `json:"order"`
}

// deptName checks a department name: 1–32 characters (60001), none of
// \:*?"<>| (60009).
func deptName(name string) error {
	switch {
	case name == "" || utf8.RuneCountInString(name) > 32:
		return wecomErr(errcode.InvalidDeptName)
	case strings.ContainsAny(name, `\:*?"<>|`):
		return wecomErr(errcode.DeptNameIllegal)
	}
	return nil
}

// applyDepartmentBody copies the present fields of b onto d.
func applyDepartmentBody(d *fixtures.Department, b *departmentWriteBody) error {
	if b.Name != nil {
		if err := deptName(*b.Name); err != nil {
			return err
		}
		d.Name = *b.Name
	}
	if b.NameEn != nil {
		if *b.NameEn != "" {
			if err := deptName(*b.NameEn); err != nil {
				return err
			}
		}
		d.NameEn = *b.NameEn
	}
	if b.ParentID != nil && b.ParentID.set {
		if !b.ParentID.ok || b.ParentID.n < 1 || b.ParentID.n > 1<<31-1 {
			return wecomErr(errcode.ParentDeptNotFound)
		}
		d.ParentID = int(b.ParentID.n)
	}
	if b.Order != nil && b.Order.set {
		if !b.Order.ok || b.Order.n < 0 || b.Order.n >= 1<<32 {
			return wecomErr(errcode.InvalidParameter)
		}
		d.Order = b.Order.n
	}
	return nil
}

// departmentCreate is POST /cgi-bin/department/create (wecom-api.md §5):
// {"errcode":0,"errmsg":"created","id":N}.
func (s *Server) departmentCreate(r *http.Request, c *call) (any, error) {
	if err := contactsWriter(c); err != nil {
		return nil, err
	}
	var b departmentWriteBody
	if err := decodeJSONBodyInto(r, &b); err != nil {
		return nil, err
	}
	ch, _, err := s.createDepartment(c.token.CorpID, &b, store.OriginContactsAPI)
	if err != nil {
		return nil, err
	}
	return withMsg{msg: "created", body: struct {
		ID int `json:"id"`
	}{ch.Department.ID}}, nil
}

func (s *Server) createDepartment(corpID string, b *departmentWriteBody, origin store.Origin) (store.ContactChange, []string, error) {
	var d fixtures.Department
	switch {
	case b.Name == nil:
		return store.ContactChange{}, nil, wecomErr(errcode.InvalidDeptName)
	case b.ParentID == nil || !b.ParentID.set:
		return store.ContactChange{}, nil, wecomErr(errcode.ParentDeptNotFound)
	}
	if b.ID != nil && b.ID.set {
		if !b.ID.ok || b.ID.n < 2 || b.ID.n > 1<<31-1 {
			return store.ContactChange{}, nil, wecomErr(errcode.InvalidDeptID)
		}
		d.ID = int(b.ID.n)
	}
	if err := applyDepartmentBody(&d, b); err != nil {
		return store.ContactChange{}, nil, err
	}
	ch, err := s.store.CreateDepartment(corpID, d, origin)
	if err != nil {
		return ch, nil, contactStoreErr(err)
	}
	return ch, s.publishContactChange(ch), nil
}

// departmentUpdate is POST /cgi-bin/department/update (wecom-api.md §5):
// {"errcode":0,"errmsg":"updated"}.
func (s *Server) departmentUpdate(r *http.Request, c *call) (any, error) {
	if err := contactsWriter(c); err != nil {
		return nil, err
	}
	var b departmentWriteBody
	if err := decodeJSONBodyInto(r, &b); err != nil {
		return nil, err
	}
	if _, _, err := s.updateDepartmentFromBody(c.token.CorpID, &b, store.OriginContactsAPI); err != nil {
		return nil, err
	}
	return withMsg{msg: "updated"}, nil
}

func (s *Server) updateDepartmentFromBody(corpID string, b *departmentWriteBody, origin store.Origin) (store.ContactChange, []string, error) {
	if b.ID == nil || !b.ID.set || !b.ID.ok || b.ID.n < 1 || b.ID.n > 1<<31-1 {
		return store.ContactChange{}, nil, wecomErr(errcode.InvalidDeptID)
	}
	return s.updateDepartment(corpID, int(b.ID.n), func(d *fixtures.Department) error {
		return applyDepartmentBody(d, b)
	}, origin)
}

func (s *Server) updateDepartment(corpID string, id int, update func(*fixtures.Department) error, origin store.Origin) (store.ContactChange, []string, error) {
	ch, err := s.store.UpdateDepartment(corpID, id, update, origin)
	if err != nil {
		var ae *apiError
		if errors.As(err, &ae) {
			return ch, nil, err
		}
		return ch, nil, contactStoreErr(err)
	}
	return ch, s.publishContactChange(ch), nil
}

// departmentDelete is GET /cgi-bin/department/delete?id= (wecom-api.md §5):
// {"errcode":0,"errmsg":"deleted"}; only an empty department can go.
func (s *Server) departmentDelete(_ *http.Request, c *call) (any, error) {
	if err := contactsWriter(c); err != nil {
		return nil, err
	}
	id, err := deptIDParam(c, "id", true)
	if err != nil {
		return nil, err
	}
	if _, _, err := s.deleteDepartment(c.token.CorpID, id, store.OriginContactsAPI); err != nil {
		return nil, err
	}
	return withMsg{msg: "deleted"}, nil
}

func (s *Server) deleteDepartment(corpID string, id int, origin store.Origin) (store.ContactChange, []string, error) {
	ch, err := s.store.DeleteDepartment(corpID, id, origin)
	if err != nil {
		return ch, nil, contactStoreErr(err)
	}
	return ch, s.publishContactChange(ch), nil
}

// tagUsersBody is the JSON of tag/addtagusers and tag/deltagusers.
type tagUsersBody struct {
	TagID     *intField `json:"tagid"`
	UserList  []string  `json:"userlist"`
	PartyList intList   `json:"partylist"`
}

// tagUsersResponse is the partial-success body: invalidlist a pipe-joined
// string, invalidparty an int array (wecom-api.md §6).
type tagUsersResponse struct {
	InvalidList  string `json:"invalidlist,omitempty"`
	InvalidParty []int  `json:"invalidparty,omitempty"`
}

// changeTagMembers validates and applies a tag member change.
func (s *Server) changeTagMembers(corpID string, b *tagUsersBody, add bool, origin store.Origin) (store.TagResult, store.ContactChange, []string, error) {
	if b.TagID == nil || !b.TagID.ok || b.TagID.n < 0 || b.TagID.n > 1<<31-1 {
		return store.TagResult{}, store.ContactChange{}, nil, wecomErr(errcode.InvalidTagID)
	}
	if len(b.UserList) > 1000 || len(b.PartyList) > 100 {
		return store.TagResult{}, store.ContactChange{}, nil, wecomErr(errcode.InvalidParameter)
	}
	allInvalid := errcode.AllListInvalidAdd
	if !add {
		allInvalid = errcode.AllListInvalidDel
	}
	res, ch, err := s.store.ChangeTagMembers(corpID, int(b.TagID.n), add, b.UserList, b.PartyList.ints(), origin)
	switch {
	case errors.Is(err, store.ErrAllListInvalid):
		return res, ch, nil, wecomErr(allInvalid)
	case err != nil:
		return res, ch, nil, contactStoreErr(err)
	}
	return res, ch, s.publishContactChange(ch), nil
}

func (s *Server) tagUsers(r *http.Request, c *call, add bool) (any, error) {
	if c.token.Kind != store.ContactsToken {
		return nil, wecomErr(errcode.NotTagCreator)
	}
	var b tagUsersBody
	if err := decodeJSONBodyInto(r, &b); err != nil {
		return nil, err
	}
	res, _, _, err := s.changeTagMembers(c.token.CorpID, &b, add, store.OriginContactsAPI)
	if err != nil {
		return nil, err
	}
	msg := "ok"
	if !add {
		msg = "deleted"
	}
	body := tagUsersResponse{InvalidList: strings.Join(res.InvalidUsers, "|"), InvalidParty: res.InvalidParties}
	return withMsg{msg: msg, body: body}, nil
}

// tagAddUsers is POST /cgi-bin/tag/addtagusers (wecom-api.md §6): ok, with
// invalidlist/invalidparty on partial success; 40070 "all list invalid "
// when nothing is valid.
func (s *Server) tagAddUsers(r *http.Request, c *call) (any, error) { return s.tagUsers(r, c, true) }

// tagDelUsers is POST /cgi-bin/tag/deltagusers: errmsg "deleted"; 40031
// "all list invalid" when nothing is valid.
func (s *Server) tagDelUsers(r *http.Request, c *call) (any, error) { return s.tagUsers(r, c, false) }

// The Go API of contact changes: what the admin console does. Every change
// reaches the contact-sync assistant's callback too.

// ContactResult is what a contact change through the Go or control API did.
type ContactResult struct {
	ChangeType   string `json:"change_type"`
	UserID       string `json:"userid,omitempty"`
	DepartmentID int    `json:"id,omitempty"`
	TagID        int    `json:"tagid,omitempty"`
	// InvalidUsers and InvalidParties are the ids a tag change skipped.
	InvalidUsers   []string `json:"invalidlist,omitempty"`
	InvalidParties []int    `json:"invalidparty,omitempty"`
	// Deliveries are the change_contact callbacks it caused (WaitDelivery).
	Deliveries []string `json:"deliveries"`
}

// ContactError is a refused contact change, with the errcode and errmsg
// the WeCom API answers for it. errors.Is(err, errcode.UserIDExisted) works.
type ContactError struct {
	Code errcode.Code
	Msg  string
}

func (e *ContactError) Error() string { return fmt.Sprintf("%s (errcode %d)", e.Msg, int(e.Code)) }

// Is matches an errcode.Code target.
func (e *ContactError) Is(target error) bool {
	c, ok := target.(errcode.Code)
	return ok && c == e.Code
}

func (e *ContactError) status() int {
	switch e.Code {
	case errcode.InvalidCorpID, errcode.UserIDNotFound, errcode.DepartmentNotFound, errcode.InvalidTagID, errcode.ParentDeptNotFound:
		return http.StatusNotFound
	case errcode.UserIDExisted, errcode.MobileExisted, errcode.EmailExisted, errcode.DeptExisted, errcode.DeptHasMembers, errcode.DeptHasChildren:
		return http.StatusConflict
	}
	return http.StatusBadRequest
}

func toContactError(err error) error {
	var ae *apiError
	if errors.As(err, &ae) {
		return &ContactError{Code: ae.code, Msg: ae.phrase()}
	}
	return err
}

func contactResult(ch store.ContactChange, ids []string) ContactResult {
	r := ContactResult{ChangeType: ch.ChangeType, TagID: ch.TagID, Deliveries: ids}
	switch {
	case ch.Member != nil:
		r.UserID = ch.Member.UserID
	case ch.OldMember != nil:
		r.UserID = ch.OldMember.UserID
	case ch.Department != nil:
		r.DepartmentID = ch.Department.ID
	case ch.OldDepartment != nil:
		r.DepartmentID = ch.OldDepartment.ID
	}
	if r.Deliveries == nil {
		r.Deliveries = []string{}
	}
	return r
}

func (s *Server) corpOrErr(corpID string) error {
	if !s.store.CorpExists(corpID) {
		return &ContactError{Code: errcode.InvalidCorpID, Msg: fmt.Sprintf("corp %q not found", corpID)}
	}
	return nil
}

// CreateUser adds member m to the corp as the admin console would, with the
// checks of user/create, and delivers create_user. A member without status
// gets 4 (not activated).
func (s *Server) CreateUser(corpID string, m fixtures.Member) (ContactResult, error) {
	if err := s.corpOrErr(corpID); err != nil {
		return ContactResult{}, err
	}
	rec := store.CloneMember(&m)
	ch, ids, err := s.createUser(corpID, rec, store.OriginConsole)
	if err != nil {
		return ContactResult{}, toContactError(err)
	}
	return contactResult(ch, ids), nil
}

// UpdateUser changes member userID: update gets a copy to modify (a new
// UserID renames them) and must not call the server. The result is checked
// like user/update, and update_user is delivered with the fields that
// changed.
func (s *Server) UpdateUser(corpID, userID string, update func(m *fixtures.Member)) (ContactResult, error) {
	if err := s.corpOrErr(corpID); err != nil {
		return ContactResult{}, err
	}
	var before *fixtures.Member
	ch, ids, err := s.updateUser(corpID, userID, func(m *fixtures.Member) error {
		before = store.CloneMember(m)
		update(m)
		return nil
	}, func() bool { return before.Mobile != "" || before.Email != "" }, store.OriginConsole)
	if err != nil {
		return ContactResult{}, toContactError(err)
	}
	return contactResult(ch, ids), nil
}

// DeleteUser removes member userID and delivers delete_user.
func (s *Server) DeleteUser(corpID, userID string) (ContactResult, error) {
	if err := s.corpOrErr(corpID); err != nil {
		return ContactResult{}, err
	}
	ch, ids, err := s.deleteUser(corpID, userID, store.OriginConsole)
	if err != nil {
		return ContactResult{}, toContactError(err)
	}
	return contactResult(ch, ids), nil
}

// CreateDepartment adds department d (ID 0 takes the next free id) and
// delivers create_party; ContactResult.DepartmentID is its id.
func (s *Server) CreateDepartment(corpID string, d fixtures.Department) (ContactResult, error) {
	if err := s.corpOrErr(corpID); err != nil {
		return ContactResult{}, err
	}
	if err := deptName(d.Name); err != nil {
		return ContactResult{}, toContactError(err)
	}
	if d.ID < 0 || d.ID == 1 {
		return ContactResult{}, toContactError(wecomErr(errcode.InvalidDeptID))
	}
	ch, err := s.store.CreateDepartment(corpID, d, store.OriginConsole)
	if err != nil {
		return ContactResult{}, toContactError(contactStoreErr(err))
	}
	return contactResult(ch, s.publishContactChange(ch)), nil
}

// UpdateDepartment changes department id with update (on a copy; the id
// cannot change) and delivers update_party when its name or parent changed.
func (s *Server) UpdateDepartment(corpID string, id int, update func(d *fixtures.Department)) (ContactResult, error) {
	if err := s.corpOrErr(corpID); err != nil {
		return ContactResult{}, err
	}
	ch, ids, err := s.updateDepartment(corpID, id, func(d *fixtures.Department) error {
		update(d)
		return deptName(d.Name)
	}, store.OriginConsole)
	if err != nil {
		return ContactResult{}, toContactError(err)
	}
	return contactResult(ch, ids), nil
}

// DeleteDepartment removes an empty department and delivers delete_party.
func (s *Server) DeleteDepartment(corpID string, id int) (ContactResult, error) {
	if err := s.corpOrErr(corpID); err != nil {
		return ContactResult{}, err
	}
	ch, ids, err := s.deleteDepartment(corpID, id, store.OriginConsole)
	if err != nil {
		return ContactResult{}, toContactError(err)
	}
	return contactResult(ch, ids), nil
}

// AddTagUsers adds members and departments to tag tagID and delivers
// update_tag with what really changed. Unknown ids are reported in the
// result; when all are unknown the error is 40070.
func (s *Server) AddTagUsers(corpID string, tagID int, userIDs []string, partyIDs []int) (ContactResult, error) {
	return s.goTagChange(corpID, tagID, userIDs, partyIDs, true)
}

// DelTagUsers removes members and departments from tag tagID (40031 when
// every id is unknown).
func (s *Server) DelTagUsers(corpID string, tagID int, userIDs []string, partyIDs []int) (ContactResult, error) {
	return s.goTagChange(corpID, tagID, userIDs, partyIDs, false)
}

func (s *Server) goTagChange(corpID string, tagID int, userIDs []string, partyIDs []int, add bool) (ContactResult, error) {
	if err := s.corpOrErr(corpID); err != nil {
		return ContactResult{}, err
	}
	parties := make(intList, len(partyIDs))
	for i, p := range partyIDs {
		parties[i] = int64(p)
	}
	b := &tagUsersBody{TagID: &intField{set: true, ok: true, n: int64(tagID)}, UserList: userIDs, PartyList: parties}
	res, ch, ids, err := s.changeTagMembers(corpID, b, add, store.OriginConsole)
	if err != nil {
		return ContactResult{}, toContactError(err)
	}
	out := contactResult(ch, ids)
	out.ChangeType, out.TagID = store.ChangeUpdateTag, tagID
	out.InvalidUsers, out.InvalidParties = res.InvalidUsers, res.InvalidParties
	return out, nil
}

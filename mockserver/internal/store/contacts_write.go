package store

import (
	"errors"
	"slices"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Contact writes: members, departments and tag members change at runtime
// (through the contact write APIs or the control API) until the world is
// loaded or reset again.
//
// The fixtures are shared and read-only, and user/get bodies are cached per
// *fixtures.Member: a write never modifies a record in place. It builds a
// new record and swaps the pointer in the corp's indexes, so a pointer always
// names one version of a member (or department, or tag).
//
// Every write reports the change_contact event it causes and who receives
// it (see ContactChange.Receivers).

// Errors of contact writes, beyond ErrCorpNotFound, ErrMemberNotFound and
// ErrDepartmentNotFound.
var (
	ErrUserIDExists          = errors.New("store: userid already exists")
	ErrMobileExists          = errors.New("store: mobile used by another member")
	ErrEmailExists           = errors.New("store: email used by another member")
	ErrLeaderNotFound        = errors.New("store: direct_leader is not a member")
	ErrParentNotFound        = errors.New("store: parent department not found")
	ErrDepartmentExists      = errors.New("store: department id, or name under the same parent, already exists")
	ErrDepartmentHasMembers  = errors.New("store: department has members")
	ErrDepartmentHasChildren = errors.New("store: department has sub-departments")
	ErrRootDepartment        = errors.New("store: the root department cannot be deleted or moved")
	ErrDepartmentCycle       = errors.New("store: parentid would make a cycle")
	ErrDepartmentTooDeep     = errors.New("store: department tree deeper than 15 levels")
	ErrTagNotFound           = errors.New("store: tag not found")
	ErrAllListInvalid        = errors.New("store: every user and department is invalid")
	ErrConcurrentChange      = errors.New("store: the record kept changing during the update")
)

// HolderError is ErrMobileExists or ErrEmailExists with the member who
// already has the value (WeCom names them: "mobile existed:zhangsan").
type HolderError struct {
	Err    error
	UserID string
}

func (e *HolderError) Error() string { return e.Err.Error() + ": " + e.UserID }
func (e *HolderError) Unwrap() error { return e.Err }

// Origin says who made a contact change.
type Origin int

const (
	// OriginConsole is the admin console (the control API): every receiver
	// gets the event.
	OriginConsole Origin = iota
	// OriginContactsAPI is an API call with the contacts-sync secret: the
	// contact-sync assistant does not get its own changes back
	// (https://developer.work.weixin.qq.com/document/path/96302); apps do.
	OriginContactsAPI
)

// ChangeType values of change_contact events.
const (
	ChangeCreateUser  = "create_user"
	ChangeUpdateUser  = "update_user"
	ChangeDeleteUser  = "delete_user"
	ChangeCreateParty = "create_party"
	ChangeUpdateParty = "update_party"
	ChangeDeleteParty = "delete_party"
	ChangeUpdateTag   = "update_tag"
)

// ContactChange is one change to the contacts and the change_contact event
// it causes.
type ContactChange struct {
	CorpID     string
	ChangeType string
	// OldMember and Member are the member before and after (nil when
	// created / deleted). Read only.
	OldMember, Member *fixtures.Member
	// OldDepartment and Department likewise for party changes.
	OldDepartment, Department *fixtures.Department
	// Tag changes: the ids that were really added or removed.
	TagID                  int
	AddUsers, DelUsers     []string
	AddParties, DelParties []int
	// Receivers are the callbacks that get the event: the contact-sync
	// assistant (unless it made the change itself) and every app with a
	// callback whose visible range covers the member, department or tag
	// (before or after the change). Empty when nothing changed.
	Receivers []CallbackEntry
}

// TagResult is what a tag member change reports besides the event.
type TagResult struct {
	InvalidUsers   []string
	InvalidParties []int
}

// CloneMember returns a deep copy of m that shares no memory with it.
func CloneMember(m *fixtures.Member) *fixtures.Member {
	c := *m
	c.Department = slices.Clone(m.Department)
	c.Order = slices.Clone(m.Order)
	c.IsLeaderInDept = slices.Clone(m.IsLeaderInDept)
	c.DirectLeader = slices.Clone(m.DirectLeader)
	if m.Enable != nil {
		v := *m.Enable
		c.Enable = &v
	}
	if m.ExtAttr != nil {
		c.ExtAttr = &fixtures.ExtAttr{Attrs: cloneAttrs(m.ExtAttr.Attrs)}
	}
	if m.ExternalProfile != nil {
		p := *m.ExternalProfile
		if p.WechatChannels != nil {
			wc := *p.WechatChannels
			p.WechatChannels = &wc
		}
		p.ExternalAttr = cloneAttrs(p.ExternalAttr)
		c.ExternalProfile = &p
	}
	return &c
}

func cloneAttrs(attrs []fixtures.Attr) []fixtures.Attr {
	if attrs == nil {
		return nil
	}
	out := make([]fixtures.Attr, len(attrs))
	for i, a := range attrs {
		if a.Text != nil {
			t := *a.Text
			a.Text = &t
		}
		if a.Web != nil {
			w := *a.Web
			a.Web = &w
		}
		if a.MiniProgram != nil {
			mp := *a.MiniProgram
			a.MiniProgram = &mp
		}
		out[i] = a
	}
	return out
}

// cloneDepartment returns a copy of d that shares no memory with it.
func cloneDepartment(d *fixtures.Department) *fixtures.Department {
	c := *d
	c.Leaders = slices.Clone(d.Leaders)
	return &c
}

func cloneTag(t *fixtures.Tag) *fixtures.Tag {
	c := *t
	c.Users = slices.Clone(t.Users)
	c.Departments = slices.Clone(t.Departments)
	return &c
}

// Member returns the current record of a member of the corp (read only).
func (s *Store) Member(corpID, userID string) (*fixtures.Member, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[corpID]
	if !ok {
		return nil, ErrCorpNotFound
	}
	m := c.memberLocked(userID)
	if m == nil {
		return nil, ErrMemberNotFound
	}
	return m, nil
}

// DepartmentOf returns the current record of a department (read only).
func (s *Store) DepartmentOf(corpID string, id int) (*fixtures.Department, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[corpID]
	if !ok {
		return nil, ErrCorpNotFound
	}
	d, ok := c.depts[id]
	if !ok {
		return nil, ErrDepartmentNotFound
	}
	return d, nil
}

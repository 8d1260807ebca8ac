package mockserver

import (
	"fmt"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/contacts"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// The Go API of contact changes: what the admin console does. Every change
// reaches the contact-sync assistant's callback too.

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
		return codedErr(errcode.InvalidCorpID, fmt.Sprintf("corp %q not found", corpID))
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
	ch, ids, err := s.contacts.CreateUser(corpID, rec, store.OriginConsole)
	if err != nil {
		return ContactResult{}, errorOf(err)
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
	ch, ids, err := s.contacts.UpdateUser(corpID, userID, func(m *fixtures.Member) error {
		before = store.CloneMember(m)
		update(m)
		return nil
	}, func() bool { return before.Mobile != "" || before.Email != "" }, store.OriginConsole)
	if err != nil {
		return ContactResult{}, errorOf(err)
	}
	return contactResult(ch, ids), nil
}

// DeleteUser removes member userID and delivers delete_user.
func (s *Server) DeleteUser(corpID, userID string) (ContactResult, error) {
	if err := s.corpOrErr(corpID); err != nil {
		return ContactResult{}, err
	}
	ch, ids, err := s.contacts.DeleteUser(corpID, userID, store.OriginConsole)
	if err != nil {
		return ContactResult{}, errorOf(err)
	}
	return contactResult(ch, ids), nil
}

// CreateDepartment adds department d (ID 0 takes the next free id) and
// delivers create_party; ContactResult.DepartmentID is its id.
func (s *Server) CreateDepartment(corpID string, d fixtures.Department) (ContactResult, error) {
	if err := s.corpOrErr(corpID); err != nil {
		return ContactResult{}, err
	}
	ch, ids, err := s.contacts.CreateDepartment(corpID, d, store.OriginConsole)
	if err != nil {
		return ContactResult{}, errorOf(err)
	}
	return contactResult(ch, ids), nil
}

// UpdateDepartment changes department id with update (on a copy; the id
// cannot change) and delivers update_party when its name or parent changed.
func (s *Server) UpdateDepartment(corpID string, id int, update func(d *fixtures.Department)) (ContactResult, error) {
	if err := s.corpOrErr(corpID); err != nil {
		return ContactResult{}, err
	}
	ch, ids, err := s.contacts.UpdateDepartment(corpID, id, func(d *fixtures.Department) error {
		update(d)
		return contacts.CheckDepartmentName(d.Name)
	}, store.OriginConsole)
	if err != nil {
		return ContactResult{}, errorOf(err)
	}
	return contactResult(ch, ids), nil
}

// DeleteDepartment removes an empty department and delivers delete_party.
func (s *Server) DeleteDepartment(corpID string, id int) (ContactResult, error) {
	if err := s.corpOrErr(corpID); err != nil {
		return ContactResult{}, err
	}
	ch, ids, err := s.contacts.DeleteDepartment(corpID, id, store.OriginConsole)
	if err != nil {
		return ContactResult{}, errorOf(err)
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
	res, ch, ids, err := s.contacts.ChangeTagMembers(corpID, tagID, userIDs, partyIDs, add, store.OriginConsole)
	if err != nil {
		return ContactResult{}, errorOf(err)
	}
	out := contactResult(ch, ids)
	out.ChangeType, out.TagID = store.ChangeUpdateTag, tagID
	out.InvalidUsers, out.InvalidParties = res.InvalidUsers, res.InvalidParties
	return out, nil
}

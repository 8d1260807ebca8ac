package store

import (
	"slices"
	"strings"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Member writes: create, update (including renames) and delete.

// checkMemberLocked checks m's references and uniqueness in c; self is the
// record m replaces (nil for a new member).
func (c *corp) checkMemberLocked(m, self *fixtures.Member) error {
	for _, d := range m.Department {
		if _, ok := c.depts[d]; !ok {
			return ErrDepartmentNotFound
		}
	}
	if other := c.memberLocked(m.UserID); other != nil && other != self {
		return ErrUserIDExists
	}
	for _, l := range m.DirectLeader {
		if c.memberLocked(l) == nil && !strings.EqualFold(l, m.UserID) {
			return ErrLeaderNotFound
		}
	}
	for _, other := range c.memberOrder {
		if other == self {
			continue
		}
		if m.Mobile != "" && other.Mobile == m.Mobile {
			return &HolderError{ErrMobileExists, other.UserID}
		}
		if m.Email != "" && strings.EqualFold(other.Email, m.Email) {
			return &HolderError{ErrEmailExists, other.UserID}
		}
	}
	return nil
}

// CreateMember adds m (validated field by field by the caller) to the corp.
func (s *Store) CreateMember(corpID string, m fixtures.Member, origin Origin) (ContactChange, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.corps[corpID]
	if !ok {
		return ContactChange{}, ErrCorpNotFound
	}
	rec := CloneMember(&m)
	if err := c.checkMemberLocked(rec, nil); err != nil {
		return ContactChange{}, err
	}
	c.members[strings.ToLower(rec.UserID)] = rec
	c.memberOrder = append(c.memberOrder, rec)
	ch := ContactChange{CorpID: corpID, ChangeType: ChangeCreateUser, Member: rec}
	ch.Receivers = s.memberReceiversLocked(c, origin, nil, rec)
	return ch, nil
}

// maxUpdateTries bounds the optimistic retries of an update whose record
// keeps being replaced by concurrent writers.
const maxUpdateTries = 16

// UpdateMember replaces member userID with what update makes of a copy of
// it. update runs without the store's lock, so it may be slow, but it must
// not modify anything else; if the member changes meanwhile, update runs
// again on the new version. Renaming (a new UserID) carries the member's
// tags, leaderships and visibility over to the new userid.
func (s *Store) UpdateMember(corpID, userID string, update func(*fixtures.Member) error, origin Origin) (ContactChange, error) {
	for range maxUpdateTries {
		old, err := s.Member(corpID, userID)
		if err != nil {
			return ContactChange{}, err
		}
		next := CloneMember(old)
		if err := update(next); err != nil {
			return ContactChange{}, err
		}
		ch, retry, err := s.replaceMember(corpID, old, next, origin)
		if !retry {
			return ch, err
		}
	}
	return ContactChange{}, ErrConcurrentChange
}

func (s *Store) replaceMember(corpID string, old, next *fixtures.Member, origin Origin) (ch ContactChange, retry bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.corps[corpID]
	if !ok {
		return ContactChange{}, false, ErrCorpNotFound
	}
	if c.memberLocked(old.UserID) != old {
		return ContactChange{}, true, nil
	}
	if err := c.checkMemberLocked(next, old); err != nil {
		return ContactChange{}, false, err
	}
	visibleBefore := s.appsSeeingMemberLocked(c, old)
	oldKey, newKey := strings.ToLower(old.UserID), strings.ToLower(next.UserID)
	delete(c.members, oldKey)
	c.members[newKey] = next
	if i := slices.Index(c.memberOrder, old); i >= 0 {
		c.memberOrder[i] = next
	}
	if old.UserID != next.UserID {
		c.renameMemberLocked(old.UserID, next.UserID)
		next = c.members[newKey] // renamed again if it named itself as a leader
	}
	ch = ContactChange{CorpID: corpID, ChangeType: ChangeUpdateUser, OldMember: old, Member: next}
	ch.Receivers = s.memberReceiversLocked(c, origin, visibleBefore, next)
	return ch, false, nil
}

// DeleteMember removes member userID; they also leave their tags, the
// departments they led and the direct_leader lists of others.
func (s *Store) DeleteMember(corpID, userID string, origin Origin) (ContactChange, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.corps[corpID]
	if !ok {
		return ContactChange{}, ErrCorpNotFound
	}
	old := c.memberLocked(userID)
	if old == nil {
		return ContactChange{}, ErrMemberNotFound
	}
	visibleBefore := s.appsSeeingMemberLocked(c, old)
	delete(c.members, strings.ToLower(old.UserID))
	if i := slices.Index(c.memberOrder, old); i >= 0 {
		c.memberOrder = slices.Delete(c.memberOrder, i, i+1)
	}
	c.renameMemberLocked(old.UserID, "")
	c.customers.memberLeft(old.UserID, s.Now()) // their customers await 离职继承
	ch := ContactChange{CorpID: corpID, ChangeType: ChangeDeleteUser, OldMember: old}
	ch.Receivers = s.memberReceiversLocked(c, origin, visibleBefore, nil)
	return ch, nil
}

// renameMemberLocked replaces userid from with to (or removes it when to is
// empty) in tags, department leaders, other members' direct leaders, the
// apps' visible users and, for a rename, the 客户联系 world, replacing every
// record it touches.
func (c *corp) renameMemberLocked(from, to string) {
	fromKey := strings.ToLower(from)
	rename := func(list []string) ([]string, bool) {
		i := slices.IndexFunc(list, func(u string) bool { return strings.EqualFold(u, from) })
		if i < 0 {
			return list, false
		}
		out := slices.Clone(list)
		if to == "" {
			out = slices.Delete(out, i, i+1)
		} else {
			out[i] = to
		}
		return out, true
	}
	if tags := c.memberTags[fromKey]; tags != nil {
		delete(c.memberTags, fromKey)
		if to != "" {
			c.memberTags[strings.ToLower(to)] = tags
		}
		for _, id := range tags {
			if t := c.tags[id]; t != nil {
				if users, changed := rename(t.Users); changed {
					nt := cloneTag(t)
					nt.Users = users
					c.tags[id] = nt
				}
			}
		}
	}
	for id, d := range c.depts {
		if leaders, changed := rename(d.Leaders); changed {
			nd := cloneDepartment(d)
			nd.Leaders = leaders
			c.depts[id] = nd
		}
	}
	for i, m := range c.memberOrder {
		if leaders, changed := rename(m.DirectLeader); changed {
			nm := CloneMember(m)
			nm.DirectLeader = leaders
			c.memberOrder[i] = nm
			c.members[strings.ToLower(nm.UserID)] = nm
		}
	}
	for _, a := range c.apps {
		if a.users[fromKey] {
			delete(a.users, fromKey)
			if to != "" {
				a.users[strings.ToLower(to)] = true
			}
		}
	}
	if to != "" {
		c.customers.renameMember(from, to) // a member who leaves keeps their customers until transferred
	}
}

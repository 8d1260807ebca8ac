package store

import (
	"slices"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Department writes: create, update (moves included) and delete.

// depthLocked is the depth of department id (the root is 1).
func (c *corp) depthLocked(id int) int {
	depth := 0
	for id != 0 && depth <= maxTreeDepth+1 {
		depth++
		d, ok := c.depts[id]
		if !ok {
			break
		}
		id = d.ParentID
	}
	return depth
}

// maxTreeDepth is WeCom's limit on the department tree
// (https://developer.work.weixin.qq.com/document/path/90205).
const maxTreeDepth = 15

// subtreeHeightLocked is how many levels the subtree of id spans (1 for a
// leaf).
func (c *corp) subtreeHeightLocked(id int) int {
	children := map[int][]int{}
	for _, d := range c.depts {
		children[d.ParentID] = append(children[d.ParentID], d.ID)
	}
	var height func(id, level int) int
	height = func(id, level int) int {
		h := 1
		if level > maxTreeDepth+1 {
			return h
		}
		for _, ch := range children[id] {
			if ch != id {
				h = max(h, 1+height(ch, level+1))
			}
		}
		return h
	}
	return height(id, 0)
}

// nameTakenLocked reports whether another department under parent is
// called name.
func (c *corp) nameTakenLocked(parent int, name string, self int) bool {
	for _, d := range c.depts {
		if d.ParentID == parent && d.ID != self && d.Name == name {
			return true
		}
	}
	return false
}

// CreateDepartment adds d (validated field by field by the caller); a zero
// id takes the next free one. It returns the change with the new record.
func (s *Store) CreateDepartment(corpID string, d fixtures.Department, origin Origin) (ContactChange, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.corps[corpID]
	if !ok {
		return ContactChange{}, ErrCorpNotFound
	}
	if _, ok := c.depts[d.ParentID]; !ok {
		return ContactChange{}, ErrParentNotFound
	}
	if d.ID == 0 {
		for id := range c.depts {
			d.ID = max(d.ID, id)
		}
		d.ID++
	} else if _, taken := c.depts[d.ID]; taken {
		return ContactChange{}, ErrDepartmentExists
	}
	if c.nameTakenLocked(d.ParentID, d.Name, d.ID) {
		return ContactChange{}, ErrDepartmentExists
	}
	if c.depthLocked(d.ParentID)+1 > maxTreeDepth {
		return ContactChange{}, ErrDepartmentTooDeep
	}
	for _, l := range d.Leaders {
		if c.memberLocked(l) == nil {
			return ContactChange{}, ErrLeaderNotFound
		}
	}
	rec := cloneDepartment(&d)
	c.depts[rec.ID] = rec
	ch := ContactChange{CorpID: corpID, ChangeType: ChangeCreateParty, Department: rec}
	ch.Receivers = s.deptReceiversLocked(c, origin, nil, rec.ID)
	return ch, nil
}

// UpdateDepartment replaces department id with what update makes of a copy
// of it (see UpdateMember for how update runs). Its id cannot change; the
// root cannot move.
func (s *Store) UpdateDepartment(corpID string, id int, update func(*fixtures.Department) error, origin Origin) (ContactChange, error) {
	for range maxUpdateTries {
		old, err := s.DepartmentOf(corpID, id)
		if err != nil {
			return ContactChange{}, err
		}
		next := cloneDepartment(old)
		if err := update(next); err != nil {
			return ContactChange{}, err
		}
		next.ID = id
		ch, retry, err := s.replaceDepartment(corpID, old, next, origin)
		if !retry {
			return ch, err
		}
	}
	return ContactChange{}, ErrConcurrentChange
}

func (s *Store) replaceDepartment(corpID string, old, next *fixtures.Department, origin Origin) (ch ContactChange, retry bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.corps[corpID]
	if !ok {
		return ContactChange{}, false, ErrCorpNotFound
	}
	if c.depts[old.ID] != old {
		return ContactChange{}, true, nil
	}
	if next.ParentID != old.ParentID {
		switch {
		case old.ParentID == 0:
			return ContactChange{}, false, ErrRootDepartment
		case c.depts[next.ParentID] == nil:
			return ContactChange{}, false, ErrParentNotFound
		case c.inSubtree(next.ParentID, map[int]bool{old.ID: true}):
			return ContactChange{}, false, ErrDepartmentCycle
		case c.depthLocked(next.ParentID)+c.subtreeHeightLocked(old.ID) > maxTreeDepth:
			return ContactChange{}, false, ErrDepartmentTooDeep
		}
	}
	if (next.Name != old.Name || next.ParentID != old.ParentID) && c.nameTakenLocked(next.ParentID, next.Name, next.ID) {
		return ContactChange{}, false, ErrDepartmentExists
	}
	for _, l := range next.Leaders {
		if c.memberLocked(l) == nil {
			return ContactChange{}, false, ErrLeaderNotFound
		}
	}
	seenBefore := s.appsSeeingDeptLocked(c, old.ID)
	c.depts[next.ID] = next
	ch = ContactChange{CorpID: corpID, ChangeType: ChangeUpdateParty, OldDepartment: old, Department: next}
	ch.Receivers = s.deptReceiversLocked(c, origin, seenBefore, next.ID)
	return ch, false, nil
}

// DeleteDepartment removes department id, which must have neither members
// nor sub-departments; tags and apps that named it forget it.
func (s *Store) DeleteDepartment(corpID string, id int, origin Origin) (ContactChange, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.corps[corpID]
	if !ok {
		return ContactChange{}, ErrCorpNotFound
	}
	old, ok := c.depts[id]
	switch {
	case !ok:
		return ContactChange{}, ErrDepartmentNotFound
	case old.ParentID == 0:
		return ContactChange{}, ErrRootDepartment
	}
	for _, d := range c.depts {
		if d.ParentID == id && d.ID != id {
			return ContactChange{}, ErrDepartmentHasChildren
		}
	}
	for _, m := range c.memberOrder {
		if slices.Contains(m.Department, id) {
			return ContactChange{}, ErrDepartmentHasMembers
		}
	}
	seenBefore := s.appsSeeingDeptLocked(c, id)
	delete(c.depts, id)
	for tagID, t := range c.tags {
		if i := slices.Index(t.Departments, id); i >= 0 {
			nt := cloneTag(t)
			nt.Departments = slices.Delete(nt.Departments, i, i+1)
			c.tags[tagID] = nt
		}
	}
	for _, a := range c.apps {
		delete(a.depts, id)
	}
	ch := ContactChange{CorpID: corpID, ChangeType: ChangeDeleteParty, OldDepartment: old}
	ch.Receivers = s.deptReceiversLocked(c, origin, seenBefore)
	return ch, nil
}

package store

import (
	"errors"
	"slices"
	"strings"

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
	// contact-sync assistant does not get its own changes back (wecom-api.md
	// §14.4); apps do.
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
	ch := ContactChange{CorpID: corpID, ChangeType: ChangeDeleteUser, OldMember: old}
	ch.Receivers = s.memberReceiversLocked(c, origin, visibleBefore, nil)
	return ch, nil
}

// renameMemberLocked replaces userid from with to (or removes it when to is
// empty) in tags, department leaders, other members' direct leaders and the
// apps' visible users, replacing every record it touches.
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
}

// appsSeeingMemberLocked returns the agentids of the apps that see m.
func (s *Store) appsSeeingMemberLocked(c *corp, m *fixtures.Member) map[int]bool {
	out := map[int]bool{}
	for id, a := range c.apps {
		if c.visibleTo(a, m) {
			out[id] = true
		}
	}
	return out
}

// memberReceiversLocked lists the receivers of a member change: the
// contact-sync assistant unless it made the change, and every app with a
// callback that saw the member before (before) or sees them after (after,
// nil when deleted).
func (s *Store) memberReceiversLocked(c *corp, origin Origin, before map[int]bool, after *fixtures.Member) []CallbackEntry {
	return s.receiversLocked(c, origin, func(id int, a *app) bool {
		return before[id] || (after != nil && c.visibleTo(a, after))
	})
}

// receiversLocked lists the contact-sync assistant's callback (unless origin
// is its own API) and the callbacks of the apps for which concerns is true,
// in agentid order.
func (s *Store) receiversLocked(c *corp, origin Origin, concerns func(int, *app) bool) []CallbackEntry {
	var out []CallbackEntry
	if origin != OriginContactsAPI {
		if cb := s.callbackLocked(c, ContactsAgentID); cb != nil {
			out = append(out, CallbackEntry{CorpID: c.id, AgentID: ContactsAgentID, Callback: *cb, Sensitive: true})
		}
	}
	ids := make([]int, 0, len(c.apps))
	for id := range c.apps {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		a := c.apps[id]
		cb := s.callbackLocked(c, id)
		if cb == nil || !concerns(id, a) {
			continue
		}
		out = append(out, CallbackEntry{CorpID: c.id, AgentID: id, Callback: *cb, Sensitive: a.SensitiveFields})
	}
	return out
}

// deptReceiversLocked lists the receivers of a change to department ids
// (as they are at the time of the call).
func (s *Store) deptReceiversLocked(c *corp, origin Origin, seenBefore map[int]bool, ids ...int) []CallbackEntry {
	return s.receiversLocked(c, origin, func(agentID int, a *app) bool {
		if seenBefore[agentID] {
			return true
		}
		roots := c.visibleDeptRoots(a)
		for _, id := range ids {
			if _, ok := c.depts[id]; ok && c.inSubtree(id, roots) {
				return true
			}
		}
		return false
	})
}

// appsSeeingDeptLocked returns the agentids of the apps that see department id.
func (s *Store) appsSeeingDeptLocked(c *corp, id int) map[int]bool {
	out := map[int]bool{}
	for agentID, a := range c.apps {
		if c.inSubtree(id, c.visibleDeptRoots(a)) {
			out[agentID] = true
		}
	}
	return out
}

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

// maxTreeDepth is WeCom's limit on the department tree (wecom-api.md §5).
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

// ChangeTagMembers adds (add) or removes members and departments of tag
// tagID. Unknown userids and department ids are reported as invalid; when
// every one is invalid the error is ErrAllListInvalid (with the TagResult).
// The event lists only what really changed; when nothing did, there are no
// receivers.
func (s *Store) ChangeTagMembers(corpID string, tagID int, add bool, userIDs []string, partyIDs []int, origin Origin) (TagResult, ContactChange, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var res TagResult
	c, ok := s.corps[corpID]
	if !ok {
		return res, ContactChange{}, ErrCorpNotFound
	}
	old, ok := c.tags[tagID]
	if !ok {
		return res, ContactChange{}, ErrTagNotFound
	}
	next := cloneTag(old)
	ch := ContactChange{CorpID: corpID, ChangeType: ChangeUpdateTag, TagID: tagID}
	valid := 0
	for _, u := range userIDs {
		m := c.memberLocked(u)
		if m == nil {
			res.InvalidUsers = append(res.InvalidUsers, u)
			continue
		}
		valid++
		i := slices.IndexFunc(next.Users, func(x string) bool { return strings.EqualFold(x, m.UserID) })
		key := strings.ToLower(m.UserID)
		switch {
		case add && i < 0:
			next.Users = append(next.Users, m.UserID)
			c.memberTags[key] = append(slices.Clone(c.memberTags[key]), tagID)
			ch.AddUsers = append(ch.AddUsers, m.UserID)
		case !add && i >= 0:
			next.Users = slices.Delete(next.Users, i, i+1)
			tags := slices.Clone(c.memberTags[key])
			if j := slices.Index(tags, tagID); j >= 0 {
				tags = slices.Delete(tags, j, j+1)
			}
			if len(tags) == 0 {
				delete(c.memberTags, key)
			} else {
				c.memberTags[key] = tags
			}
			ch.DelUsers = append(ch.DelUsers, m.UserID)
		}
	}
	for _, p := range partyIDs {
		if _, ok := c.depts[p]; !ok {
			res.InvalidParties = append(res.InvalidParties, p)
			continue
		}
		valid++
		i := slices.Index(next.Departments, p)
		switch {
		case add && i < 0:
			next.Departments = append(next.Departments, p)
			ch.AddParties = append(ch.AddParties, p)
		case !add && i >= 0:
			next.Departments = slices.Delete(next.Departments, i, i+1)
			ch.DelParties = append(ch.DelParties, p)
		}
	}
	if valid == 0 {
		return res, ContactChange{}, ErrAllListInvalid
	}
	if len(ch.AddUsers)+len(ch.DelUsers)+len(ch.AddParties)+len(ch.DelParties) == 0 {
		return res, ch, nil
	}
	c.tags[tagID] = next
	ch.Receivers = s.receiversLocked(c, origin, func(_ int, a *app) bool { return a.tags[tagID] })
	return res, ch, nil
}

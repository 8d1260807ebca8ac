package store

import (
	"slices"
	"strings"
)

// Tag member writes.

// ChangeTagMembers adds (add) or removes members and departments of tag
// tagID. Unknown userids and department ids are reported as invalid; when
// every one is invalid the error is ErrAllListInvalid (with the TagResult).
// The event lists only what really changed; when nothing did, there are no
// receivers.
func (s *Store) ChangeTagMembers(corpID string, tagID int, add bool, userIDs []string, partyIDs []int, origin Origin) (TagResult, ContactChange, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.corps[corpID]
	if !ok {
		return TagResult{}, ContactChange{}, ErrCorpNotFound
	}
	return s.changeTagMembersLocked(c, tagID, add, userIDs, partyIDs, origin, nil)
}

// changeTagMembersLocked is ChangeTagMembers; a non-nil scope counts the
// members and departments it leaves out as invalid.
func (s *Store) changeTagMembersLocked(c *corp, tagID int, add bool, userIDs []string, partyIDs []int, origin Origin, scope *tagScope) (TagResult, ContactChange, error) {
	var res TagResult
	old, ok := c.tags[tagID]
	if !ok {
		return res, ContactChange{}, ErrTagNotFound
	}
	next := cloneTag(old)
	ch := ContactChange{CorpID: c.id, ChangeType: ChangeUpdateTag, TagID: tagID}
	valid := 0
	for _, u := range userIDs {
		m := c.memberLocked(u)
		if m == nil || (scope != nil && !scope.member(m)) {
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
		if _, ok := c.depts[p]; !ok || (scope != nil && !scope.dept(p)) {
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

package store

import (
	"slices"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Who receives a change_contact event: the apps that see the member or
// department before or after the change, and the contact-sync assistant
// unless it made the change itself.

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

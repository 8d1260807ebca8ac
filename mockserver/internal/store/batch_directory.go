package store

import "slices"

// What a replace job needs of the directory to remove what its file does
// not hold.

// MemberIDs lists corpID's userids in directory order.
func (s *Store) MemberIDs(corpID string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[corpID]
	if !ok {
		return nil
	}
	ids := make([]string, 0, len(c.memberOrder))
	for _, m := range c.memberOrder {
		ids = append(ids, m.UserID)
	}
	return ids
}

// DepartmentIDsDeepestFirst lists corpID's department ids, the deepest
// first (ties by id), so that deleting them in order meets children first.
func (s *Store) DepartmentIDsDeepestFirst(corpID string) []int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[corpID]
	if !ok {
		return nil
	}
	depth := make(map[int]int, len(c.depts))
	ids := make([]int, 0, len(c.depts))
	for id := range c.depts {
		ids = append(ids, id)
		depth[id] = c.depthLocked(id)
	}
	slices.SortFunc(ids, func(a, b int) int {
		if depth[a] != depth[b] {
			return depth[b] - depth[a]
		}
		return a - b
	})
	return ids
}

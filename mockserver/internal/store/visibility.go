package store

import "sort"

// AppVisibility is one row of a corp's visibility matrix: a member and the
// apps whose visible range holds them. An app outside a member's Apps
// answers 60011 for that member (user/get, message/send, logins).
type AppVisibility struct {
	UserID string
	Name   string
	Apps   []int // agentids, ascending
}

// Visibility is the corp's visibility matrix: its agentids, ascending, and
// for each member, in list order, the apps that see them — decided by the
// same rule as every API call (visibleTo).
func (s *Store) Visibility(corpID string) ([]int, []AppVisibility, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[corpID]
	if !ok {
		return nil, nil, ErrCorpNotFound
	}
	agentIDs := make([]int, 0, len(c.apps))
	for id := range c.apps {
		agentIDs = append(agentIDs, id)
	}
	sort.Ints(agentIDs)
	rows := make([]AppVisibility, 0, len(c.memberOrder))
	for _, m := range c.memberOrder {
		row := AppVisibility{UserID: m.UserID, Name: m.Name, Apps: []int{}}
		for _, id := range agentIDs {
			if c.visibleTo(c.apps[id], m) {
				row.Apps = append(row.Apps, id)
			}
		}
		rows = append(rows, row)
	}
	return agentIDs, rows, nil
}

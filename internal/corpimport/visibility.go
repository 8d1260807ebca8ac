package corpimport

// visibility answers whether a member is inside a visible range: named,
// in a listed department's subtree, or tagged (directly or through a
// tagged department's subtree).
type visibility struct {
	parent map[int]int
	users  map[string]bool
	depts  map[int]bool
}

func newVisibility(s *snapshot, users []string, depts, tags []int) *visibility {
	v := &visibility{parent: map[int]int{}, users: map[string]bool{}, depts: map[int]bool{}}
	for _, d := range s.depts {
		v.parent[d.ID] = d.ParentID
	}
	for _, u := range users {
		v.users[u] = true
	}
	for _, d := range depts {
		v.depts[d] = true
	}
	for _, t := range s.tags {
		for _, id := range tags {
			if t.ID != id {
				continue
			}
			for _, u := range t.Users {
				v.users[u] = true
			}
			for _, d := range t.Parties {
				v.depts[d] = true
			}
		}
	}
	return v
}

func (v *visibility) sees(userID string, depts []int) bool {
	if v.users[userID] {
		return true
	}
	for _, d := range depts {
		for hops := 0; d != 0 && hops < 64; hops++ { // WeCom trees are at most 15 deep
			if v.depts[d] {
				return true
			}
			d = v.parent[d]
		}
	}
	return false
}

package store

import (
	"errors"
	"slices"
	"strings"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// ErrDepartmentNotFound means no department of the corp has the given id.
var ErrDepartmentNotFound = errors.New("store: department not found")

// Contacts reads: department lists and member lists as one token sees them.
//
// Scope of a token:
//   - a contacts-sync token sees the whole corp;
//   - an app token sees the members visibleTo reports, and the departments
//     that are visible roots or below one: the app's visible departments and
//     the departments of its visible tags, each with its whole subtree. The
//     departments of individually visible users (or of users reached through a
//     tag's user list) are NOT visible: such users can be read with user/get
//     but not reached by walking the tree. This keeps department visibility
//     closed under "subtree of", which is how WeCom describes 可见范围.

// deptRootsLocked returns the departments whose subtrees tok may see, or nil
// for a token that sees the whole corp.
func (c *corp) deptRootsLocked(tok Token) (map[int]bool, error) {
	if tok.Kind == ContactsToken {
		return nil, nil
	}
	a, ok := c.apps[tok.AgentID]
	if !ok {
		return nil, ErrAppNotFound
	}
	roots := make(map[int]bool, len(a.depts))
	for d := range a.depts {
		roots[d] = true
	}
	for tagID := range a.tags {
		if tag := c.tags[tagID]; tag != nil {
			for _, d := range tag.Departments {
				roots[d] = true
			}
		}
	}
	return roots, nil
}

// deptVisible reports whether dept is visible with roots (nil: everything).
func (c *corp) deptVisible(dept int, roots map[int]bool) bool {
	return roots == nil || c.inSubtree(dept, roots)
}

// treeOrder returns the corp's departments in pre-order: a parent before its
// children, siblings by descending order (WeCom: "order值大的排序靠前") and
// then ascending id. Departments whose parent is missing count as roots.
func (c *corp) treeOrder() []*fixtures.Department {
	children := make(map[int][]*fixtures.Department, len(c.depts))
	var roots []*fixtures.Department
	for _, d := range c.depts {
		if _, ok := c.depts[d.ParentID]; ok && d.ParentID != d.ID {
			children[d.ParentID] = append(children[d.ParentID], d)
		} else {
			roots = append(roots, d)
		}
	}
	bySiblingOrder := func(a, b *fixtures.Department) int {
		switch {
		case a.Order != b.Order:
			if a.Order > b.Order {
				return -1
			}
			return 1
		default:
			return a.ID - b.ID
		}
	}
	out := make([]*fixtures.Department, 0, len(c.depts))
	var walk func(list []*fixtures.Department, depth int)
	walk = func(list []*fixtures.Department, depth int) {
		slices.SortFunc(list, bySiblingOrder)
		for _, d := range list {
			out = append(out, d)
			if depth < 32 { // the fixtures forbid cycles; this only bounds a bug
				walk(children[d.ID], depth+1)
			}
		}
	}
	walk(roots, 0)
	return out
}

// Departments returns the departments tok sees, in tree pre-order: all of
// them when id is 0, else department id and its subtree. Errors:
// ErrDepartmentNotFound (no such id), ErrNotVisible (outside the app's
// range), ErrAppNotFound, ErrCorpNotFound. The returned departments share
// slices with the world, which the store never mutates in place.
func (s *Store) Departments(tok Token, id int) ([]fixtures.Department, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[tok.CorpID]
	if !ok {
		return nil, ErrCorpNotFound
	}
	roots, err := c.deptRootsLocked(tok)
	if err != nil {
		return nil, err
	}
	var under map[int]bool
	if id != 0 {
		if _, ok := c.depts[id]; !ok {
			return nil, ErrDepartmentNotFound
		}
		if !c.deptVisible(id, roots) {
			return nil, ErrNotVisible
		}
		under = map[int]bool{id: true}
	}
	thirdParty := s.thirdPartyTokenLocked(c, tok)
	out := []fixtures.Department{}
	for _, d := range c.treeOrder() {
		if !c.deptVisible(d.ID, roots) || (under != nil && !c.inSubtree(d.ID, under)) {
			continue
		}
		if thirdParty {
			out = append(out, departmentForThirdParty(*d))
			continue
		}
		out = append(out, *d)
	}
	return out, nil
}

// Department returns one department as tok sees it; errors as Departments.
func (s *Store) Department(tok Token, id int) (fixtures.Department, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[tok.CorpID]
	if !ok {
		return fixtures.Department{}, ErrCorpNotFound
	}
	roots, err := c.deptRootsLocked(tok)
	if err != nil {
		return fixtures.Department{}, err
	}
	d, ok := c.depts[id]
	if !ok {
		return fixtures.Department{}, ErrDepartmentNotFound
	}
	if !c.deptVisible(id, roots) {
		return fixtures.Department{}, ErrNotVisible
	}
	if s.thirdPartyTokenLocked(c, tok) {
		return departmentForThirdParty(*d), nil
	}
	return *d, nil
}

// fixtureCorpLocked returns the fixture of corpID, whose member order is the
// order lists answer in.
func (s *Store) fixtureCorpLocked(corpID string) *fixtures.Corp {
	for i := range s.fixtures.Corps {
		if s.fixtures.Corps[i].CorpID == corpID {
			return &s.fixtures.Corps[i]
		}
	}
	return nil
}

// DepartmentMembers returns the members of department dept as tok sees them,
// in fixture order: those directly in it, or with recursive anywhere in its
// subtree (each member once). The department must be visible to tok (errors
// as Departments); members outside an app's range are left out.
func (s *Store) DepartmentMembers(tok Token, dept int, recursive bool) ([]MemberView, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[tok.CorpID]
	if !ok {
		return nil, ErrCorpNotFound
	}
	roots, err := c.deptRootsLocked(tok)
	if err != nil {
		return nil, err
	}
	if _, ok := c.depts[dept]; !ok {
		return nil, ErrDepartmentNotFound
	}
	if !c.deptVisible(dept, roots) {
		return nil, ErrNotVisible
	}
	var a *app
	sensitive := true
	if tok.Kind != ContactsToken {
		a = c.apps[tok.AgentID]
		sensitive = a.SensitiveFields
	}
	thirdParty := s.thirdPartyTokenLocked(c, tok)
	target := map[int]bool{dept: true}
	in := func(d int) bool {
		if recursive {
			return c.inSubtree(d, target)
		}
		return d == dept
	}
	out := []MemberView{}
	for _, m := range c.memberOrder {
		if !slices.ContainsFunc(m.Department, in) {
			continue
		}
		if a != nil && !c.visibleTo(a, m) {
			continue
		}
		out = append(out, MemberView{Member: m, Sensitive: sensitive, ThirdParty: thirdParty, OpenUserID: s.appOpenUserIDLocked(c, a, m)})
	}
	return out, nil
}

// DeptUser is one row of user/list_id: a member in one of their departments.
type DeptUser struct {
	UserID     string
	Department int
}

// DeptUsers returns rows [offset, offset+limit) of the corp's (member,
// department) pairs — one row per department of each member, members in
// fixture order, departments in the member's order — and the total number of
// rows. The order is stable for a loaded world, so offsets make cursors.
func (s *Store) DeptUsers(corpID string, offset, limit int) ([]DeptUser, int, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.corps[corpID]
	if !ok {
		return nil, 0, ErrCorpNotFound
	}
	out := []DeptUser{}
	total := 0
	for _, m := range c.memberOrder {
		for _, d := range m.Department {
			if total >= offset && len(out) < limit {
				out = append(out, DeptUser{UserID: m.UserID, Department: d})
			}
			total++
		}
	}
	return out, total, nil
}

// memberLocked returns the member userID of corp c, or nil.
func (c *corp) memberLocked(userID string) *fixtures.Member {
	return c.members[strings.ToLower(userID)]
}

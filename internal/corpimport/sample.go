package corpimport

import (
	"slices"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/fixtures"
)

// sample keeps a connected subset of n members: it walks the tree depth
// first from the root and takes members department by department, then
// keeps their departments up to the root, and restricts tags, leaders,
// apps' ranges and customers to what is kept. A member kept inside an
// app's range stays inside it: every department above a kept member is
// kept.
func (s *snapshot) sample(n int) {
	if n <= 0 || n >= len(s.members) {
		return
	}
	parent := map[int]int{}
	children := map[int][]int{}
	var roots []int
	for _, d := range s.depts {
		parent[d.ID] = d.ParentID
		if d.ParentID == 0 {
			roots = append(roots, d.ID)
		} else {
			children[d.ParentID] = append(children[d.ParentID], d.ID)
		}
	}
	in := map[int][]int{} // member indexes by department
	for i, m := range s.members {
		for _, d := range m.Department {
			in[d] = append(in[d], i)
		}
	}
	keep := map[string]bool{}
	var walk func(d int)
	walk = func(d int) {
		for _, i := range in[d] {
			if len(keep) < n {
				keep[s.members[i].UserID] = true
			}
		}
		for _, c := range children[d] {
			if len(keep) < n {
				walk(c)
			}
		}
	}
	for _, r := range roots {
		walk(r)
	}

	depts := map[int]bool{}
	var members []client.User
	for _, m := range s.members {
		if !keep[m.UserID] {
			continue
		}
		for _, d := range m.Department {
			for hops := 0; d != 0 && !depts[d] && hops < 64; hops++ {
				depts[d] = true
				d = parent[d]
			}
		}
		m.DirectLeader = kept(m.DirectLeader, keep)
		members = append(members, m)
	}
	s.members = members
	s.depts = slices.DeleteFunc(s.depts, func(d client.Department) bool { return !depts[d.ID] })
	for i := range s.depts {
		s.depts[i].DepartmentLeader = kept(s.depts[i].DepartmentLeader, keep)
	}
	tags := map[int]bool{}
	s.tags = slices.DeleteFunc(s.tags, func(t tagData) bool {
		users, parties := kept(t.Users, keep), kept(t.Parties, depts)
		if len(users)+len(parties) == 0 {
			return true
		}
		t.Users, t.Parties = users, parties
		tags[t.ID] = true
		return false
	})
	for i, t := range s.tags {
		s.tags[i].Users, s.tags[i].Parties = kept(t.Users, keep), kept(t.Parties, depts)
	}
	for _, a := range s.apps {
		g := a.Agent
		users := g.AllowUsers.User[:0]
		for _, u := range g.AllowUsers.User {
			if keep[u.UserID] {
				users = append(users, u)
			}
		}
		g.AllowUsers.User = users
		g.AllowParties.PartyID = kept(g.AllowParties.PartyID, depts)
		g.AllowTags.TagID = kept(g.AllowTags.TagID, tags)
	}
	if s.ec != nil {
		s.ec.sample(keep)
	}
}

// sample restricts the 客户联系 world to the kept members: their follow
// relations, the customers they still follow, the groups they own.
func (ec *ecData) sample(keep map[string]bool) {
	ec.followUsers = kept(ec.followUsers, keep)
	customers := map[string]bool{}
	ec.customers = slices.DeleteFunc(ec.customers, func(c client.Customer) bool {
		c.FollowUsers = slices.DeleteFunc(c.FollowUsers, func(f client.FollowUser) bool { return !keep[f.UserID] })
		return len(c.FollowUsers) == 0
	})
	for i, c := range ec.customers {
		ec.customers[i].FollowUsers = slices.DeleteFunc(c.FollowUsers, func(f client.FollowUser) bool { return !keep[f.UserID] })
		customers[c.ExternalContact.ExternalUserID] = true
	}
	ec.groups = slices.DeleteFunc(ec.groups, func(g client.GroupChat) bool { return !keep[g.Owner] })
	for i := range ec.groups {
		g := &ec.groups[i]
		g.Members = slices.DeleteFunc(g.Members, func(m client.GroupChatMember) bool {
			return m.Type == fixtures.GroupMemberInternal && !keep[m.UserID]
		})
		for j := range g.Members {
			if inv := g.Members[j].Invitor; inv != nil && !keep[inv.UserID] && !customers[inv.UserID] {
				g.Members[j].Invitor = nil
			}
		}
		g.Admins = slices.DeleteFunc(g.Admins, func(a client.GroupChatUser) bool { return !keep[a.UserID] })
	}
}

// kept is the part of list that is in keep, or nil.
func kept[T comparable](list []T, keep map[T]bool) []T {
	var out []T
	for _, v := range list {
		if keep[v] {
			out = append(out, v)
		}
	}
	return out
}

package store

import (
	"maps"
	"slices"
	"strings"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// World export: the current world — the loaded fixtures with every change
// the APIs and the control API made since — as a fixtures.World that loads
// back into the same world. Runtime things fixtures cannot express (tokens,
// codes, messages, pending transfers, who created a tag) are left out.
//
// Lists keep the fixtures' order for what the fixtures had, then the
// additions, so the export of an unchanged world equals the world. Every
// record is copied: nothing in the answer is shared with the store.

// World returns the current world as fixtures. Every record is a copy.
func (s *Store) World() *fixtures.World {
	s.mu.RLock()
	defer s.mu.RUnlock()
	fw := s.fixtures
	out := &fixtures.World{
		Limits:    fw.Limits,
		Providers: slices.Clone(fw.Providers),
	}
	for i := range fw.Corps {
		fc := &fw.Corps[i]
		c := s.corps[fc.CorpID]
		if c == nil {
			continue
		}
		out.Corps = append(out.Corps, s.exportCorpLocked(fc, c))
	}
	out.Suites = s.exportSuitesLocked()
	return out
}

// exportCorpLocked is one corp: its secrets and robots from the fixtures,
// its contacts, apps and 客户联系 world as they stand.
func (s *Store) exportCorpLocked(fc *fixtures.Corp, c *corp) fixtures.Corp {
	out := fixtures.Corp{
		CorpID:         fc.CorpID,
		Name:           fc.Name,
		ContactsSecret: c.contactsSecret,
		Secrets:        maps.Clone(fc.Secrets),
		Robots:         exportRobots(fc.Robots, c),
	}
	out.Departments = exportDepartments(fc, c)
	for _, m := range c.memberOrder {
		out.Members = append(out.Members, *CloneMember(m))
	}
	out.Tags = exportTags(fc, c)
	out.Apps = s.exportAppsLocked(fc, c)
	if cb := s.callbackLocked(c, ContactsAgentID); cb != nil {
		copied := *cb
		out.ContactsCallback = &copied
	}
	out.ExternalContact = exportExternalContact(fc, c)
	return out
}

// exportDepartments lists the fixtures' departments still there (current
// records), then the created ones by id.
func exportDepartments(fc *fixtures.Corp, c *corp) []fixtures.Department {
	var out []fixtures.Department
	seen := make(map[int]bool, len(c.depts))
	for _, d := range fc.Departments {
		if cur := c.depts[d.ID]; cur != nil && !seen[d.ID] {
			out = append(out, *cloneDepartment(cur))
			seen[d.ID] = true
		}
	}
	for _, id := range slices.Sorted(maps.Keys(c.depts)) {
		if !seen[id] {
			out = append(out, *cloneDepartment(c.depts[id]))
		}
	}
	return out
}

// exportTags is as exportDepartments for tags.
func exportTags(fc *fixtures.Corp, c *corp) []fixtures.Tag {
	var out []fixtures.Tag
	seen := make(map[int]bool, len(c.tags))
	for _, t := range fc.Tags {
		if cur := c.tags[t.TagID]; cur != nil && !seen[t.TagID] {
			out = append(out, *cloneTag(cur))
			seen[t.TagID] = true
		}
	}
	for _, id := range slices.Sorted(maps.Keys(c.tags)) {
		if !seen[id] {
			out = append(out, *cloneTag(c.tags[id]))
		}
	}
	return out
}

// exportAppsLocked lists the corp's self-built apps with their live
// visible range, name and callback; the apps of suite installs are
// exported as the suites' authorizations.
func (s *Store) exportAppsLocked(fc *fixtures.Corp, c *corp) []fixtures.App {
	var out []fixtures.App
	for _, fa := range fc.Apps {
		a := c.apps[fa.AgentID]
		if a == nil || a.suiteID != "" {
			continue
		}
		app := a.App // agent/set changes its name and trusted domains
		app.Visible = exportVisibility(c, a)
		app.TrustedDomains = slices.Clone(a.TrustedDomains)
		app.LoginDomains = slices.Clone(a.LoginDomains)
		if a.MiniProgram != nil {
			mp := *a.MiniProgram
			app.MiniProgram = &mp
		}
		app.Callback = nil
		if cb := s.callbackLocked(c, fa.AgentID); cb != nil {
			copied := *cb
			app.Callback = &copied
		}
		out = append(out, app)
	}
	return out
}

// exportVisibility is an app's visible range as it stands: the listed
// entries still in it in their order, then the ones added, members spelled
// as their records.
func exportVisibility(c *corp, a *app) fixtures.Visibility {
	var v fixtures.Visibility
	users := map[string]bool{}
	for _, u := range a.Visible.Users {
		key := strings.ToLower(u)
		if a.users[key] && !users[key] {
			v.Users = append(v.Users, u)
			users[key] = true
		}
	}
	for _, key := range slices.Sorted(maps.Keys(a.users)) {
		if users[key] {
			continue
		}
		if m := c.members[key]; m != nil {
			v.Users = append(v.Users, m.UserID)
		} else {
			v.Users = append(v.Users, key)
		}
	}
	v.Departments = liveInts(a.Visible.Departments, a.depts)
	v.Tags = liveInts(a.Visible.Tags, a.tags)
	return v
}

// liveInts is listed filtered by set, then the rest of set in order.
func liveInts(listed []int, set map[int]bool) []int {
	var out []int
	seen := map[int]bool{}
	for _, id := range listed {
		if set[id] && !seen[id] {
			out = append(out, id)
			seen[id] = true
		}
	}
	for _, id := range slices.Sorted(maps.Keys(set)) {
		if !seen[id] {
			out = append(out, id)
		}
	}
	return out
}

// exportRobots copies the fixtures' robots; their groups keep the members
// still in the corp.
func exportRobots(in []fixtures.Robot, c *corp) []fixtures.Robot {
	out := slices.Clone(in)
	for i := range out {
		if g := out[i].Group; g != nil {
			members := slices.DeleteFunc(slices.Clone(g.Members), func(u string) bool { return c.members[strings.ToLower(u)] == nil })
			out[i].Group = &fixtures.RobotGroup{Name: g.Name, Members: members}
		}
	}
	return out
}

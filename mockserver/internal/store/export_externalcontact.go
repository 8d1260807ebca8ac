package store

import (
	"slices"
	"strings"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// exportExternalContact is a corp's 客户联系 world as it stands (see
// World). What fixtures cannot say is left out: pending transfers, mass
// messages, welcome codes, temporary chats, a group's inherited status.
// Members who left keep their customers until 离职继承 in the store, but a
// fixture names members only, so the export drops their relationships
// and their places in contact ways and groups; a group whose owner left
// is dropped.
func exportExternalContact(fc *fixtures.Corp, c *corp) *fixtures.ExternalContact {
	w := c.customers
	isMember := func(u string) bool { return c.members[strings.ToLower(u)] != nil }
	out := &fixtures.ExternalContact{}
	for _, u := range w.followOrder {
		if isMember(u) {
			out.FollowUsers = append(out.FollowUsers, u)
		}
	}
	follows := func(u string) bool { _, ok := w.followUsers[strings.ToLower(u)]; return ok && isMember(u) }
	if fc.ExternalContact != nil {
		out.Apps = slices.Clone(fc.ExternalContact.Apps)
	}
	out.TagGroups = exportCorpTags(&w.tags)
	for _, cu := range w.custOrder {
		if w.customers[cu.info.ExternalUserID] != cu {
			continue
		}
		rec := cu.info
		rec.FollowUsers = nil
		for _, f := range cu.follows {
			if !follows(f.UserID) {
				continue
			}
			fu := *cloneFollow(f)
			fu.Tags = slices.DeleteFunc(fu.Tags, func(id string) bool { return w.tags.byTagID[id] == nil })
			rec.FollowUsers = append(rec.FollowUsers, fu)
		}
		out.Customers = append(out.Customers, rec)
	}
	for _, way := range w.ways.order {
		rec := way.ContactWay
		rec.Users = slices.DeleteFunc(slices.Clone(way.Users), func(u string) bool { return !follows(u) })
		rec.Parties = slices.DeleteFunc(slices.Clone(way.Parties), func(d int) bool { return c.depts[d] == nil })
		out.ContactWays = append(out.ContactWays, rec)
	}
	for _, g := range w.groups.order {
		if !isMember(g.Owner) {
			continue
		}
		rec := g.CustomerGroup
		rec.Members = slices.DeleteFunc(slices.Clone(g.Members), func(m fixtures.GroupMember) bool {
			return m.Type == fixtures.GroupMemberInternal && !isMember(m.UserID)
		})
		rec.Admins = slices.DeleteFunc(slices.Clone(g.Admins), func(u string) bool { return !isMember(u) })
		out.CustomerGroups = append(out.CustomerGroups, rec)
	}
	if fc.ExternalContact == nil && len(out.FollowUsers) == 0 && len(out.Apps) == 0 && len(out.Customers) == 0 &&
		len(out.TagGroups) == 0 && len(out.ContactWays) == 0 && len(out.CustomerGroups) == 0 {
		return nil
	}
	return out
}

// exportCorpTags lists the tag groups in creation order with their tags,
// deleted ones marked as such.
func exportCorpTags(t *corpTagTable) []fixtures.CorpTagGroup {
	var out []fixtures.CorpTagGroup
	for _, g := range t.groups {
		rec := g.CorpTagGroup
		rec.Tags = nil
		for _, tag := range g.tags {
			rec.Tags = append(rec.Tags, tag.CorpTag)
		}
		out = append(out, rec)
	}
	return out
}

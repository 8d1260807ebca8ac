package corpimport

import (
	"cmp"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/fixtures/generate"
)

// externalContact fakes the 客户联系 world: customers get new
// external_userids, unionids, names and remarks; tag and group ids are
// replaced; memberships, follow relations, times and ways stay.
func (z *faker) externalContact(ec *ecData) *fixtures.ExternalContact {
	out := &fixtures.ExternalContact{FollowUsers: z.userIDList(ec.followUsers)}
	if out.FollowUsers == nil {
		out.FollowUsers = []string{}
	}
	tagIDs := map[string]string{}
	for _, g := range ec.tagGroups {
		fg := fixtures.CorpTagGroup{
			GroupID:    z.unique("tag-group", "et"+generate.RandString(z.f, alnum, 20)),
			GroupName:  z.unique("tag-group-name", z.f.BuzzWord()),
			CreateTime: g.CreateTime, Order: int(g.Order), Deleted: g.Deleted,
			Tags: []fixtures.CorpTag{},
		}
		for _, t := range g.Tags {
			id := z.unique("customer-tag", "et"+generate.RandString(z.f, alnum, 20))
			tagIDs[t.ID] = id
			fg.Tags = append(fg.Tags, fixtures.CorpTag{
				ID: id, Name: z.unique("customer-tag-name", generate.TagName(z.f)),
				CreateTime: t.CreateTime, Order: int(t.Order), Deleted: t.Deleted,
			})
		}
		out.TagGroups = append(out.TagGroups, fg)
	}
	customerIDs := map[string]string{} // real external_userid → new
	for _, c := range ec.customers {
		customerIDs[c.ExternalContact.ExternalUserID] = z.unique("external_userid", "wm"+generate.RandString(z.f, alnum, 30))
	}
	for _, c := range ec.customers {
		out.Customers = append(out.Customers, z.customer(c, customerIDs, tagIDs))
	}
	for _, g := range ec.groups {
		out.CustomerGroups = append(out.CustomerGroups, z.group(g, customerIDs))
	}
	return out
}

func (z *faker) customer(c client.Customer, ids, tagIDs map[string]string) fixtures.Customer {
	e := c.ExternalContact
	name := ifSet(cmp.Or(e.Name, "?"), func() string { n, _ := generate.PersonName(z.f); return n })
	fc := fixtures.Customer{
		ExternalUserID: ids[e.ExternalUserID],
		Name:           name,
		Avatar:         ifSet(e.Avatar, func() string { return z.avatar() + "/0" }),
		Type:           e.Type,
		Gender:         e.Gender,
		UnionID:        z.unionID(e.UnionID),
		Position:       ifSet(e.Position, func() string { return generate.Position(z.f) }),
		CorpName:       ifSet(e.CorpName, func() string { return generate.CompanyName(z.f) }),
		CorpFullName:   ifSet(e.CorpFullName, func() string { return generate.CompanyName(z.f) }),
		FollowUsers:    []fixtures.FollowUser{},
	}
	if e.Gender != 0 {
		fc.Gender = z.f.Number(1, 2)
	}
	for _, f := range c.FollowUsers {
		ff := fixtures.FollowUser{
			UserID:         z.userID(f.UserID),
			Remark:         ifSet(f.Remark, func() string { return name }),
			Description:    ifSet(f.Description, z.f.BuzzWord),
			CreateTime:     f.CreateTime,
			RemarkCorpName: ifSet(f.RemarkCorpName, func() string { return generate.CompanyName(z.f) }),
			AddWay:         f.AddWay,
			State:          f.State,
		}
		for range f.RemarkMobiles {
			ff.RemarkMobiles = append(ff.RemarkMobiles, z.mobile())
		}
		for _, t := range f.Tags {
			if id, ok := tagIDs[t.TagID]; ok && t.Type == client.TagTypeCorp {
				ff.Tags = append(ff.Tags, id)
			}
		}
		switch {
		case f.OperUserID == "":
		case ids[f.OperUserID] != "":
			ff.OperUserID = ids[f.OperUserID]
		default:
			ff.OperUserID = z.userID(f.OperUserID)
		}
		fc.FollowUsers = append(fc.FollowUsers, ff)
	}
	return fc
}

func (z *faker) group(g client.GroupChat, customers map[string]string) fixtures.CustomerGroup {
	fg := fixtures.CustomerGroup{
		ChatID:     z.unique("chat_id", "wr"+generate.RandString(z.f, alnum, 30)),
		Name:       ifSet(g.Name, func() string { return generate.City(z.f) + generate.TagName(z.f) + "群" }),
		Owner:      z.userID(g.Owner),
		CreateTime: g.CreateTime,
		Notice:     ifSet(g.Notice, func() string { return z.f.Sentence(10) }),
		Members:    []fixtures.GroupMember{},
	}
	for _, a := range g.Admins {
		fg.Admins = append(fg.Admins, z.userID(a.UserID))
	}
	for _, m := range g.Members {
		fm := fixtures.GroupMember{Type: m.Type, JoinTime: m.JoinTime, JoinScene: m.JoinScene}
		switch {
		case m.Type == fixtures.GroupMemberInternal:
			fm.UserID = z.userID(m.UserID)
		case customers[m.UserID] != "":
			fm.UserID = customers[m.UserID]
		default: // a WeChat user who is nobody's customer: named in the group
			fm.UserID = z.unique("external_userid", "wm"+generate.RandString(z.f, alnum, 30))
			fm.Name, _ = generate.PersonName(z.f)
		}
		if m.Type == fixtures.GroupMemberExternal {
			fm.UnionID = z.unionID(m.UnionID)
		}
		if m.Invitor != nil && m.Invitor.UserID != "" {
			fm.Invitor = z.userID(m.Invitor.UserID)
		}
		fm.GroupNickname = ifSet(m.GroupNickname, z.f.Username)
		if fm.Name == "" && m.Name != "" {
			fm.Name, _ = generate.PersonName(z.f)
		}
		fg.Members = append(fg.Members, fm)
	}
	return fg
}

// unionID maps a WeChat user's unionid, the same for the same person in
// customers and groups; "" stays "".
func (z *faker) unionID(real string) string {
	if real == "" {
		return ""
	}
	if id, ok := z.unionIDs[real]; ok {
		return id
	}
	id := z.unique("unionid", "oz"+generate.RandString(z.f, alnum, 26))
	z.unionIDs[real] = id
	return id
}

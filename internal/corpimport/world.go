package corpimport

import (
	"fmt"
	"slices"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/fixtures/generate"
)

// world turns the snapshot into a world of one corp with the same
// structure and fake values.
func (z *faker) world(s *snapshot) *fixtures.World {
	corp := fixtures.Corp{
		CorpID:         "ww" + generate.RandString(z.f, lowerHex, 16),
		Name:           generate.CompanyName(z.f),
		ContactsSecret: z.secret(),
	}
	z.numberDepartments(s.depts)
	// Members draw their identities first, in the corp's order, so a
	// member's fake name does not depend on where else they appear.
	for _, m := range s.members {
		z.realUserIDs[m.UserID] = true
	}
	for _, m := range s.members {
		z.person(m.UserID, m.Name)
		z.userID(m.UserID)
	}
	corp.Departments = z.departments(s.depts, corp.Name)
	for _, m := range s.members {
		corp.Members = append(corp.Members, z.member(m))
	}
	for _, t := range s.tags {
		corp.Tags = append(corp.Tags, fixtures.Tag{
			TagID:   t.ID,
			TagName: z.unique("tag", generate.TagName(z.f)),
			Users:   z.userIDList(t.Users), Departments: z.deptList(t.Parties),
		})
	}
	for _, a := range s.apps {
		corp.Apps = append(corp.Apps, fixtures.App{
			AgentID: a.Agent.AgentID,
			Name:    z.unique("app", generate.AppName(z.f)),
			Secret:  z.secret(),
			Visible: fixtures.Visibility{
				Users:       z.userIDList(a.Agent.VisibleUsers()),
				Departments: z.deptList(a.Agent.AllowParties.PartyID),
				Tags:        slices.Clone(a.Agent.AllowTags.TagID),
			},
			TrustedDomains:  []string{"localhost", "127.0.0.1"},
			SensitiveFields: a.Sensitive,
		})
	}
	if s.ec != nil {
		corp.ExternalContact = z.externalContact(s.ec)
		if s.ec.app != 0 {
			corp.ExternalContact.Apps = []int{s.ec.app}
		} else {
			corp.Secrets = map[string]string{"externalcontact": z.secret()}
		}
	}
	return &fixtures.World{Corps: []fixtures.Corp{corp}}
}

// numberDepartments gives the tree new ids in breadth-first order: the
// root 1, its children next, and so on.
func (z *faker) numberDepartments(depts []client.Department) {
	if z.keepIDs {
		return
	}
	children := map[int][]int{}
	known := map[int]bool{}
	for _, d := range depts {
		known[d.ID] = true
	}
	var queue []int
	for _, d := range depts {
		if d.ParentID == 0 || !known[d.ParentID] {
			queue = append(queue, d.ID)
		} else {
			children[d.ParentID] = append(children[d.ParentID], d.ID)
		}
	}
	next := 1
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		z.deptIDs[id] = next
		next++
		queue = append(queue, children[id]...)
	}
}

func (z *faker) departments(depts []client.Department, corpName string) []fixtures.Department {
	out := make([]fixtures.Department, 0, len(depts))
	root := map[int]bool{}
	for _, d := range depts {
		root[d.ID] = d.ParentID == 0
	}
	for _, d := range depts {
		name := corpName
		if d.ParentID != 0 {
			name = z.unique("department", generate.DepartmentName(z.f, root[d.ParentID]))
		}
		out = append(out, fixtures.Department{
			ID:       z.dept(d.ID),
			Name:     name,
			NameEn:   ifSet(d.NameEn, func() string { return fmt.Sprintf("Department %d", z.dept(d.ID)) }),
			ParentID: z.dept(d.ParentID),
			Order:    d.Order,
			Leaders:  z.userIDList(d.DepartmentLeader),
		})
	}
	slices.SortFunc(out, func(a, b fixtures.Department) int { return a.ID - b.ID })
	return out
}

// member keeps a member's structure — departments, orders, leaderships,
// status — and fakes every personal value that is present.
func (z *faker) member(u client.User) fixtures.Member {
	p := z.person(u.UserID, u.Name)
	id := z.userID(u.UserID)
	m := fixtures.Member{
		UserID:         id,
		Name:           p.name,
		Department:     z.deptList(u.Department),
		Order:          slices.Clone(u.Order),
		Position:       ifSet(u.Position, func() string { return generate.Position(z.f) }),
		Mobile:         ifSet(u.Mobile, z.mobile),
		Gender:         z.gender(string(u.Gender)),
		Email:          ifSet(u.Email, func() string { return p.pinyin + "@" + z.domain }),
		BizMail:        ifSet(u.BizMail, func() string { return p.pinyin + "@biz." + z.domain }),
		IsLeaderInDept: slices.Clone(u.IsLeaderInDept),
		DirectLeader:   z.userIDList(u.DirectLeader),
		Telephone:      ifSet(u.Telephone, z.telephone),
		Alias:          ifSet(u.Alias, z.f.FirstName),
		Address:        ifSet(u.Address, z.address),
		Status:         u.Status,
		QRCode: ifSet(u.QRCode, func() string {
			return "https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=vc" + generate.RandString(z.f, lowerHex, 16)
		}),
		ExternalPosition: ifSet(u.ExternalPosition, func() string { return generate.Position(z.f) }),
	}
	if len(u.Department) > 0 && u.MainDepartment != 0 {
		m.MainDepartment = z.dept(u.MainDepartment)
	}
	if u.Avatar != "" || u.ThumbAvatar != "" {
		head := z.avatar()
		m.Avatar = ifSet(u.Avatar, func() string { return head + "/0" })
		m.ThumbAvatar = ifSet(u.ThumbAvatar, func() string { return head + "/100" })
	}
	if u.Enable == 0 && u.Status == client.StatusDisabled {
		off := 0
		m.Enable = &off
	}
	if len(u.ExtAttr.Attrs) > 0 {
		m.ExtAttr = &fixtures.ExtAttr{Attrs: z.attrs(u.ExtAttr.Attrs)}
	}
	if ep := u.ExternalProfile; ep != nil {
		fp := &fixtures.ExternalProfile{
			ExternalCorpName: ifSet(ep.ExternalCorpName, func() string { return generate.CompanyName(z.f) }),
			ExternalAttr:     z.attrs(ep.ExternalAttr),
		}
		if wc := ep.WechatChannels; wc != nil {
			fp.WechatChannels = &fixtures.WechatChannels{Nickname: ifSet(wc.Nickname, z.f.Username), Status: wc.Status}
		}
		m.ExternalProfile = fp
	}
	return m
}

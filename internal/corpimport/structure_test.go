package corpimport_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// The import keeps the structure exactly: the tree, every member's
// departments, orders, leaderships and status, which fields are present,
// tags, apps' visible ranges, and the 客户联系 relations.
func TestImportKeepsStructure(t *testing.T) {
	t.Parallel()
	real, got := &realWorld.Corps[0], &imported.Corps[0]
	if r, g := realWorld.Count(), imported.Count(); r != g {
		t.Fatalf("counts = %+v, want %+v", g, r)
	}
	for i, d := range real.Departments {
		g := got.Departments[i]
		if g.ID != d.ID || g.ParentID != d.ParentID || g.Order != d.Order || !slices.Equal(g.Leaders, d.Leaders) ||
			(g.NameEn == "") != (d.NameEn == "") {
			t.Errorf("department %d = %+v, want the structure of %+v", d.ID, g, d)
		}
	}
	members := byUserID(got.Members)
	for _, m := range real.Members {
		g, ok := members[m.UserID]
		if !ok {
			t.Errorf("member %s missing", m.UserID)
			continue
		}
		if s, w := memberStructure(g), memberStructure(m); s != w {
			t.Errorf("member %s: %s, want %s", m.UserID, s, w)
		}
	}
	slices.SortFunc(got.Tags, func(a, b fixtures.Tag) int { return a.TagID - b.TagID })
	for i, tag := range real.Tags {
		g := got.Tags[i]
		if g.TagID != tag.TagID || !sameSet(g.Users, tag.Users) || !sameSet(g.Departments, tag.Departments) {
			t.Errorf("tag %d = %+v, want the members of %+v", tag.TagID, g, tag)
		}
	}
	for i, a := range real.Apps {
		g := got.Apps[i]
		if g.AgentID != a.AgentID || g.SensitiveFields != a.SensitiveFields ||
			!sameSet(g.Visible.Users, a.Visible.Users) || !sameSet(g.Visible.Departments, a.Visible.Departments) ||
			!sameSet(g.Visible.Tags, a.Visible.Tags) {
			t.Errorf("app %d = %+v, want the range and flags of %+v", a.AgentID, g, a)
		}
	}
	rec, gec := real.ExternalContact, got.ExternalContact
	if !sameSet(gec.FollowUsers, rec.FollowUsers) || !slices.Equal(gec.Apps, rec.Apps) {
		t.Errorf("follow users or apps differ: %d %v, want %d %v", len(gec.FollowUsers), gec.Apps, len(rec.FollowUsers), rec.Apps)
	}
	if g, w := shapes(gec.Customers, customerShape), shapes(rec.Customers, customerShape); !reflect.DeepEqual(g, w) {
		t.Errorf("customers' shapes differ:\n got %v\nwant %v", g, w)
	}
	if g, w := shapes(gec.CustomerGroups, groupShape), shapes(rec.CustomerGroups, groupShape); !reflect.DeepEqual(g, w) {
		t.Errorf("groups' shapes differ:\n got %v\nwant %v", g, w)
	}
	if g, w := shapes(gec.TagGroups, tagGroupShape), shapes(rec.TagGroups, tagGroupShape); !reflect.DeepEqual(g, w) {
		t.Errorf("customer tag groups differ:\n got %v\nwant %v", g, w)
	}
}

// memberStructure is what of a member the import keeps: ids, memberships,
// status, and which personal fields are present.
func memberStructure(m fixtures.Member) string {
	present := ""
	for _, v := range []string{m.Position, m.Mobile, m.Gender, m.Email, m.BizMail, m.Avatar, m.ThumbAvatar,
		m.Telephone, m.Alias, m.Address, m.QRCode, m.ExternalPosition} {
		present += map[bool]string{true: "1", false: "0"}[v != ""]
	}
	return fmt.Sprintf("dept %v order %v leader %v main %d direct %v status %d enable %v extattr %v profile %v present %s",
		m.Department, m.Order, m.IsLeaderInDept, m.MainDepartment, m.DirectLeader, m.Status, m.Enable != nil,
		m.ExtAttr != nil, m.ExternalProfile != nil, present)
}

func customerShape(c fixtures.Customer) string {
	var follows []string
	for _, f := range c.FollowUsers {
		follows = append(follows, fmt.Sprintf("%s@%d/%d tags %d remark %t", f.UserID, f.CreateTime, f.AddWay, len(f.Tags), f.Remark != ""))
	}
	slices.Sort(follows)
	return fmt.Sprintf("type %d unionid %t corp %t follows %s", c.Type, c.UnionID != "", c.CorpName != "", strings.Join(follows, ","))
}

func groupShape(g fixtures.CustomerGroup) string {
	var internal []string
	external := 0
	for _, m := range g.Members {
		if m.Type == fixtures.GroupMemberInternal {
			internal = append(internal, m.UserID)
		} else {
			external++
		}
	}
	slices.Sort(internal)
	return fmt.Sprintf("owner %s at %d admins %v internal %v external %d", g.Owner, g.CreateTime, g.Admins, internal, external)
}

func tagGroupShape(g fixtures.CorpTagGroup) string {
	return fmt.Sprintf("at %d order %d tags %d", g.CreateTime, g.Order, len(g.Tags))
}

// shapes is the sorted list of each item's shape.
func shapes[T any](items []T, shape func(T) string) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, shape(it))
	}
	slices.Sort(out)
	return out
}

func byUserID(ms []fixtures.Member) map[string]fixtures.Member {
	out := make(map[string]fixtures.Member, len(ms))
	for _, m := range ms {
		out[m.UserID] = m
	}
	return out
}

func sameSet[T interface{ ~int | ~string }](a, b []T) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

package callbacks

import (
	"slices"
	"strings"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// The member fields of create_user and update_user, in WeCom's order.

// memberEventFields is a member as change_contact reports it, each field
// already rendered; the zero values are WeCom's defaults.
type memberEventFields struct {
	name, department, mainDepartment, isLeaderInDept, directLeader, position,
	mobile, gender, email, bizMail, status, avatar, alias, telephone, address string
	extAttr []fixtures.Attr
}

func eventFieldsOf(m *fixtures.Member) memberEventFields {
	main := m.MainDepartment
	if main == 0 && len(m.Department) > 0 {
		main = m.Department[0]
	}
	leaders := m.IsLeaderInDept
	if len(leaders) == 0 {
		leaders = make([]int, len(m.Department))
	}
	gender := m.Gender
	if gender == "" {
		gender = "0"
	}
	status := m.Status
	if status == 0 {
		status = 1
	}
	f := memberEventFields{
		name: m.Name, department: joinInts(m.Department), mainDepartment: itoa(main),
		isLeaderInDept: joinInts(leaders), directLeader: strings.Join(m.DirectLeader, ","),
		position: m.Position, mobile: m.Mobile, gender: gender, email: m.Email, bizMail: m.BizMail,
		status: itoa(status), avatar: m.Avatar, alias: m.Alias, telephone: m.Telephone, address: m.Address,
	}
	if m.ExtAttr != nil {
		f.extAttr = m.ExtAttr.Attrs
	}
	return f
}

// writeMemberFields writes the member fields of create_user (old nil: all
// of them) or update_user (those that differ from old) and reports whether
// it wrote any. Fields the receiver may not see are left out.
func writeMemberFields(x *callbackXML, old, m *fixtures.Member, sensitive bool) bool {
	now := eventFieldsOf(m)
	var before memberEventFields
	if old != nil {
		before = eventFieldsOf(old)
	}
	wrote := false
	str := func(name, was, is string, secret bool) {
		if (old != nil && was == is) || (secret && !sensitive) {
			return
		}
		x.cdata(name, is)
		wrote = true
	}
	numStr := func(name, was, is string, secret bool) {
		if (old != nil && was == is) || (secret && !sensitive) {
			return
		}
		x.buf.WriteString("<" + name + ">" + is + "</" + name + ">")
		wrote = true
	}
	str("Name", before.name, now.name, false)
	deptChanged := old == nil || before.department != now.department || before.isLeaderInDept != now.isLeaderInDept
	if deptChanged {
		x.cdata("Department", now.department)
		wrote = true
	}
	numStr("MainDepartment", before.mainDepartment, now.mainDepartment, false)
	if deptChanged {
		x.cdata("IsLeaderInDept", now.isLeaderInDept)
	}
	str("DirectLeader", before.directLeader, now.directLeader, false)
	str("Position", before.position, now.position, false)
	str("Mobile", before.mobile, now.mobile, true)
	numStr("Gender", before.gender, now.gender, true)
	str("Email", before.email, now.email, true)
	str("BizMail", before.bizMail, now.bizMail, true)
	numStr("Status", before.status, now.status, false)
	str("Avatar", before.avatar, now.avatar, true)
	str("Alias", before.alias, now.alias, false)
	str("Telephone", before.telephone, now.telephone, false)
	str("Address", before.address, now.address, true)
	if old == nil || !slices.EqualFunc(before.extAttr, now.extAttr, attrEqual) {
		x.open("ExtAttr")
		for _, a := range now.extAttr {
			x.open("Item").cdata("Name", a.Name).num("Type", int64(a.Type))
			switch {
			case a.Text != nil:
				x.open("Text").cdata("Value", a.Text.Value).close("Text")
			case a.Web != nil:
				x.open("Web").cdata("Title", a.Web.Title).cdata("Url", a.Web.URL).close("Web")
			}
			x.close("Item")
		}
		x.close("ExtAttr")
		wrote = true
	}
	return wrote
}

func attrEqual(a, b fixtures.Attr) bool {
	if a.Type != b.Type || a.Name != b.Name {
		return false
	}
	switch {
	case (a.Text == nil) != (b.Text == nil), (a.Web == nil) != (b.Web == nil), (a.MiniProgram == nil) != (b.MiniProgram == nil):
		return false
	case a.Text != nil && *a.Text != *b.Text, a.Web != nil && *a.Web != *b.Web,
		a.MiniProgram != nil && *a.MiniProgram != *b.MiniProgram:
		return false
	}
	return true
}

func itoa(n int) string { return joinInts([]int{n}) }

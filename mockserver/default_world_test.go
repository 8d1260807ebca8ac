package mockserver_test

import (
	"reflect"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// Servers built without WithFixtures share one default world: one server's
// contact changes, before and after a Reset, are not another's, and leave
// the shared world as embedded.
func TestDefaultWorldIsSharedReadOnly(t *testing.T) {
	t.Parallel()
	a, b := mockserver.NewTest(t), mockserver.NewTest(t)
	if a.Fixtures() != b.Fixtures() {
		t.Fatal("two default servers hold two copies of the default world")
	}
	steps := []struct {
		name string
		do   func() (mockserver.ContactResult, error)
	}{
		{"create user", func() (mockserver.ContactResult, error) {
			return a.CreateUser(testkit.Corp1, fixtures.Member{UserID: "newcomer", Name: "新人", Department: []int{1}, Mobile: "13800000099"})
		}},
		{"update user", func() (mockserver.ContactResult, error) {
			return a.UpdateUser(testkit.Corp1, "zhangsan", func(m *fixtures.Member) { m.Name, m.Position = "张三丰", "顾问" })
		}},
		{"update department", func() (mockserver.ContactResult, error) {
			return a.UpdateDepartment(testkit.Corp1, 1, func(d *fixtures.Department) { d.Name = "总部" })
		}},
		{"tag users", func() (mockserver.ContactResult, error) {
			return a.AddTagUsers(testkit.Corp1, 1, []string{"zhangsan"}, nil)
		}},
		{"delete user", func() (mockserver.ContactResult, error) { return a.DeleteUser(testkit.Corp1, "lisi") }},
	}
	for _, s := range steps {
		if _, err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
	}
	want := fixtures.Default()
	if !reflect.DeepEqual(a.Fixtures(), want) {
		t.Fatal("contact changes modified the shared default world")
	}
	if _, err := b.UpdateUser(testkit.Corp1, "lisi", func(m *fixtures.Member) { m.Name = "李四" }); err != nil {
		t.Fatalf("lisi, deleted on another server, is gone here too: %v", err)
	}
	a.Reset()
	if _, err := a.UpdateUser(testkit.Corp1, "lisi", func(m *fixtures.Member) { m.Name = "李四" }); err != nil {
		t.Fatalf("lisi is not back after Reset: %v", err)
	}
	if !reflect.DeepEqual(a.Fixtures(), want) {
		t.Fatal("Reset modified the shared default world")
	}
}

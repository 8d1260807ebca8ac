package store

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/fixtures/generate"
)

// ourTestStore returns a store with a frozen clock serving w (the default
// world when nil).
func ourTestStore(t *testing.T, w *fixtures.World) *Store {
	t.Helper()
	if w == nil {
		w = fixtures.Default()
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s := New(NewClock(start, true, time.Now), 1)
	s.Load(w)
	return s
}

func ourToken(t *testing.T, s *Store, corpID, secret string) Token {
	t.Helper()
	tok, err := s.IssueToken(corpID, secret)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func deptIDs(ds []fixtures.Department) []int {
	out := make([]int, len(ds))
	for i, d := range ds {
		out[i] = d.ID
	}
	return out
}

func TestDepartmentsTreeOrderAndScope(t *testing.T) {
	s := ourTestStore(t, nil)
	app := ourToken(t, s, "wwmockcorp000001", "mock-app-secret")
	contacts := ourToken(t, s, "wwmockcorp000001", "mock-contacts-secret")
	tests := []struct {
		name    string
		tok     Token
		id      int
		want    []int
		wantErr error
	}{
		{"contacts all", contacts, 0, []int{1, 2, 4, 3}, nil},
		{"contacts subtree", contacts, 2, []int{2, 4}, nil},
		{"contacts leaf", contacts, 3, []int{3}, nil},
		{"app all", app, 0, []int{2, 4}, nil},
		{"app subtree", app, 2, []int{2, 4}, nil},
		{"app leaf", app, 4, []int{4}, nil},
		{"app root invisible", app, 1, nil, ErrNotVisible},
		{"app sibling invisible", app, 3, nil, ErrNotVisible},
		{"unknown", app, 99, nil, ErrDepartmentNotFound},
		{"unknown contacts", contacts, 99, nil, ErrDepartmentNotFound},
	}
	for _, tt := range tests {
		got, err := s.Departments(tt.tok, tt.id)
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("%s: err %v, want %v", tt.name, err, tt.wantErr)
			continue
		}
		if err == nil && !slices.Equal(deptIDs(got), tt.want) {
			t.Errorf("%s: ids %v, want %v", tt.name, deptIDs(got), tt.want)
		}
	}
}

func TestDepartmentsSiblingOrder(t *testing.T) {
	w := &fixtures.World{Corps: []fixtures.Corp{{
		CorpID: "wwsiblings", Name: "s", ContactsSecret: "cs",
		Departments: []fixtures.Department{
			{ID: 1, Name: "root"},
			{ID: 5, Name: "low", ParentID: 1, Order: 1},
			{ID: 3, Name: "high", ParentID: 1, Order: 9},
			{ID: 4, Name: "tie-b", ParentID: 1, Order: 5},
			{ID: 2, Name: "tie-a", ParentID: 1, Order: 5},
			{ID: 6, Name: "child of high", ParentID: 3},
		},
	}}}
	s := ourTestStore(t, w)
	got, err := s.Departments(ourToken(t, s, "wwsiblings", "cs"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{1, 3, 6, 2, 4, 5}; !slices.Equal(deptIDs(got), want) {
		t.Errorf("order %v, want %v (parents first, siblings by order desc, then id)", deptIDs(got), want)
	}
}

func TestDepartmentsThroughTagDepartments(t *testing.T) {
	w := &fixtures.World{Corps: []fixtures.Corp{{
		CorpID: "wwtagdepts", Name: "t", ContactsSecret: "cs",
		Apps: []fixtures.App{{AgentID: 7, Name: "a", Secret: "as",
			Visible: fixtures.Visibility{Tags: []int{1}, Users: []string{"solo"}}}},
		Departments: []fixtures.Department{
			{ID: 1, Name: "root"},
			{ID: 2, Name: "tagged", ParentID: 1},
			{ID: 3, Name: "under tagged", ParentID: 2},
			{ID: 4, Name: "solo's", ParentID: 1},
		},
		Members: []fixtures.Member{
			{UserID: "a", Name: "A", Department: []int{3}},
			{UserID: "solo", Name: "Solo", Department: []int{4}},
		},
		Tags: []fixtures.Tag{{TagID: 1, TagName: "t", Departments: []int{2}}},
	}}}
	s := ourTestStore(t, w)
	app := ourToken(t, s, "wwtagdepts", "as")
	got, err := s.Departments(app, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Departments of a visible tag count with their subtree; the department
	// of an individually visible user does not.
	if want := []int{2, 3}; !slices.Equal(deptIDs(got), want) {
		t.Errorf("ids %v, want %v", deptIDs(got), want)
	}
	if _, err := s.Department(app, 4); !errors.Is(err, ErrNotVisible) {
		t.Errorf("Department(4) err %v, want ErrNotVisible", err)
	}
	members, err := s.DepartmentMembers(app, 2, true)
	if err != nil || len(members) != 1 || members[0].Member.UserID != "a" {
		t.Errorf("DepartmentMembers(2, recursive) = %v, %v; want [a]", members, err)
	}
}

func TestDepartmentMembers(t *testing.T) {
	s := ourTestStore(t, nil)
	app := ourToken(t, s, "wwmockcorp000001", "mock-app-secret")
	contacts := ourToken(t, s, "wwmockcorp000001", "mock-contacts-secret")
	ids := func(vs []MemberView) []string {
		out := []string{}
		for _, v := range vs {
			out = append(out, v.Member.UserID)
		}
		return out
	}
	tests := []struct {
		tok       Token
		dept      int
		recursive bool
		want      []string
		wantErr   error
	}{
		{app, 2, false, []string{"zhangsan"}, nil},
		{app, 2, true, []string{"zhangsan", "lisi"}, nil},
		{app, 4, false, []string{"lisi"}, nil},
		{app, 3, false, nil, ErrNotVisible},
		{app, 1, true, nil, ErrNotVisible},
		{app, 42, true, nil, ErrDepartmentNotFound},
		{contacts, 1, false, []string{}, nil},
		{contacts, 1, true, []string{"zhangsan", "lisi", "wangwu", "zhouqi"}, nil},
		{contacts, 3, false, []string{"wangwu", "zhouqi"}, nil},
	}
	for _, tt := range tests {
		got, err := s.DepartmentMembers(tt.tok, tt.dept, tt.recursive)
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("%v dept %d: err %v, want %v", tt.tok.Kind, tt.dept, err, tt.wantErr)
			continue
		}
		if err == nil && !slices.Equal(ids(got), tt.want) {
			t.Errorf("%v dept %d recursive=%v: %v, want %v", tt.tok.Kind, tt.dept, tt.recursive, ids(got), tt.want)
		}
		for _, v := range got {
			if v.Sensitive != true { // contacts token, and the default app has sensitive_fields
				t.Errorf("%s: Sensitive false", v.Member.UserID)
			}
		}
	}
}

func TestDeptUsersPaging(t *testing.T) {
	w := generate.World(generate.Options{Corps: 1, Members: 50, Seed: 3})
	s := ourTestStore(t, w)
	corpID := w.Corps[0].CorpID
	var want []DeptUser
	for _, m := range w.Corps[0].Members {
		for _, d := range m.Department {
			want = append(want, DeptUser{m.UserID, d})
		}
	}
	var got []DeptUser
	for off := 0; ; off += 7 {
		page, total, err := s.DeptUsers(corpID, off, 7)
		if err != nil {
			t.Fatal(err)
		}
		if total != len(want) {
			t.Fatalf("total %d, want %d", total, len(want))
		}
		got = append(got, page...)
		if off+7 >= total {
			break
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("paged rows differ from the world's (member, department) pairs")
	}
	if _, _, err := s.DeptUsers("nope", 0, 1); !errors.Is(err, ErrCorpNotFound) {
		t.Errorf("unknown corp: %v", err)
	}
}

package store

import (
	"errors"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

const writeCorp = "wwmockcorp000001"

// Writes replace records instead of mutating them: the fixtures (shared,
// read-only) and every record handed out before stay as they were, and a
// new version has a new address.
func TestContactWritesReplaceRecords(t *testing.T) {
	w := fixtures.Default()
	pristine := fixtures.Default()
	s := ourTestStore(t, w)
	before, err := s.Member(writeCorp, "lisi")
	if err != nil {
		t.Fatal(err)
	}
	snapshot := *CloneMember(before)

	ch, err := s.UpdateMember(writeCorp, "lisi", func(m *fixtures.Member) error {
		m.Position = "架构师"
		m.Department[0] = 2 // mutating the copy's slice must not reach the old record
		m.DirectLeader = append(m.DirectLeader, "wangwu")
		return nil
	}, OriginConsole)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := s.Member(writeCorp, "lisi")
	if after == before || ch.Member != after || ch.OldMember != before {
		t.Fatalf("record not replaced: before %p after %p change %+v", before, after, ch)
	}
	if !reflect.DeepEqual(*before, snapshot) {
		t.Errorf("old record mutated: %+v", before)
	}
	if after.Position != "架构师" || !slices.Equal(after.Department, []int{2}) {
		t.Errorf("new record: %+v", after)
	}
	if _, err := s.CreateMember(writeCorp, fixtures.Member{UserID: "new1", Name: "N", Department: []int{1}, Mobile: "1"}, OriginConsole); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteMember(writeCorp, "zhangsan", OriginConsole); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.ChangeTagMembers(writeCorp, 1, true, []string{"wangwu"}, []int{3}, OriginConsole); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateDepartment(writeCorp, fixtures.Department{Name: "X", ParentID: 1}, OriginConsole); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(w, pristine) {
		t.Error("writes modified the loaded fixtures")
	}
	s.Reset()
	if m, _ := s.Member(writeCorp, "zhangsan"); m == nil || m != &w.Corps[0].Members[0] {
		t.Error("Reset did not bring back the fixtures' records")
	}
}

// Deleting or renaming a member carries through tags, leaders, direct
// leaders and visible ranges.
func TestContactWritesRipple(t *testing.T) {
	s := ourTestStore(t, nil)
	app := ourToken(t, s, writeCorp, "mock-app-secret")
	if _, err := s.UpdateMember(writeCorp, "zhouqi", func(m *fixtures.Member) error { m.UserID = "ZhouQi7"; return nil }, OriginConsole); err != nil {
		t.Fatal(err)
	}
	// zhouqi was visible through tag 1: still, under the new userid.
	if _, err := s.MemberFor(app, "zhouqi7"); err != nil {
		t.Errorf("renamed member lost the tag's visibility: %v", err)
	}
	if _, err := s.MemberFor(app, "zhouqi"); !errors.Is(err, ErrMemberNotFound) {
		t.Errorf("old userid: %v", err)
	}
	s.mu.RLock()
	tagUsers := s.corps[writeCorp].tags[1].Users
	s.mu.RUnlock()
	if !slices.Equal(tagUsers, []string{"ZhouQi7"}) {
		t.Errorf("tag users %v", tagUsers)
	}

	if _, err := s.DeleteMember(writeCorp, "zhangsan", OriginConsole); err != nil {
		t.Fatal(err)
	}
	lisi, _ := s.Member(writeCorp, "lisi")
	d, _ := s.DepartmentOf(writeCorp, 2)
	if len(lisi.DirectLeader) != 0 || len(d.Leaders) != 0 {
		t.Errorf("deleted member still a leader: %v %v", lisi.DirectLeader, d.Leaders)
	}
	rows, total, _ := s.DeptUsers(writeCorp, 0, 100)
	if total != 3 || rows[0].UserID != "lisi" {
		t.Errorf("list_id rows after delete: %v", rows)
	}
}

// Who hears a change: the contact-sync assistant unless it made it, apps
// with a callback that see it.
func TestContactChangeReceivers(t *testing.T) {
	w := fixtures.Default()
	cb := &fixtures.Callback{URL: "http://127.0.0.1:1/cb", Token: "t", EncodingAESKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"}
	w.Corps[0].ContactsCallback = cb
	w.Corps[0].Apps[0].Callback = cb
	s := ourTestStore(t, w)
	agents := func(ch ContactChange) []int {
		var out []int
		for _, r := range ch.Receivers {
			out = append(out, r.AgentID)
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		change func() (ContactChange, error)
		want   []int
	}{
		{"visible member, console", func() (ContactChange, error) {
			return s.UpdateMember(writeCorp, "lisi", func(m *fixtures.Member) error { m.Position = "x"; return nil }, OriginConsole)
		}, []int{0, 1000002}},
		{"visible member, contacts API", func() (ContactChange, error) {
			return s.UpdateMember(writeCorp, "lisi", func(m *fixtures.Member) error { m.Position = "y"; return nil }, OriginContactsAPI)
		}, []int{1000002}},
		{"invisible member", func() (ContactChange, error) {
			return s.UpdateMember(writeCorp, "wangwu", func(m *fixtures.Member) error { m.Position = "x"; return nil }, OriginConsole)
		}, []int{0}},
		{"member leaves the range", func() (ContactChange, error) {
			return s.UpdateMember(writeCorp, "lisi", func(m *fixtures.Member) error { m.Department = []int{3}; m.MainDepartment = 3; return nil }, OriginContactsAPI)
		}, []int{1000002}},
		{"invisible department", func() (ContactChange, error) {
			return s.CreateDepartment(writeCorp, fixtures.Department{ID: 20, Name: "M", ParentID: 3}, OriginConsole)
		}, []int{0}},
		{"department moves into the range", func() (ContactChange, error) {
			return s.UpdateDepartment(writeCorp, 20, func(d *fixtures.Department) error { d.ParentID = 2; return nil }, OriginContactsAPI)
		}, []int{1000002}},
		{"visible tag", func() (ContactChange, error) {
			_, ch, err := s.ChangeTagMembers(writeCorp, 1, true, []string{"wangwu"}, nil, OriginConsole)
			return ch, err
		}, []int{0, 1000002}},
		{"tag unchanged", func() (ContactChange, error) {
			_, ch, err := s.ChangeTagMembers(writeCorp, 1, true, []string{"wangwu"}, nil, OriginConsole)
			return ch, err
		}, nil},
	} {
		ch, err := tc.change()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := agents(ch); !slices.Equal(got, tc.want) {
			t.Errorf("%s: receivers %v, want %v", tc.name, got, tc.want)
		}
	}
}

// Concurrent updates of one member all land (optimistic retries), with
// -race watching.
func TestConcurrentMemberUpdates(t *testing.T) {
	s := ourTestStore(t, nil)
	var (
		wg sync.WaitGroup
		mu sync.Mutex
		ok int
	)
	for range 8 {
		wg.Go(func() {
			for range 20 {
				_, err := s.UpdateMember(writeCorp, "lisi", func(m *fixtures.Member) error {
					m.Telephone += "1"
					return nil
				}, OriginConsole)
				switch {
				case err == nil:
					mu.Lock()
					ok++
					mu.Unlock()
				case !errors.Is(err, ErrConcurrentChange):
					t.Error(err)
				}
			}
		})
	}
	testwait.Group(t, &wg)
	m, _ := s.Member(writeCorp, "lisi")
	if len(m.Telephone) != ok || ok == 0 {
		t.Errorf("telephone has %d digits after %d successful updates: an update was lost", len(m.Telephone), ok)
	}
}

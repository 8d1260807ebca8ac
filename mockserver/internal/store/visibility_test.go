package store

import (
	"errors"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// visWorld exercises every way into an app's visible range.
const visWorld = `
corps:
  - corpid: wwvis
    name: vis
    contacts_secret: contacts
    apps:
      - {agentid: 1, name: by-user, secret: s-user, visible: {users: [Alice]}, sensitive_fields: true}
      - {agentid: 2, name: by-dept, secret: s-dept, visible: {departments: [2]}}
      - {agentid: 3, name: by-tag-users, secret: s-tagu, visible: {tags: [10]}}
      - {agentid: 4, name: by-tag-depts, secret: s-tagd, visible: {tags: [20]}}
      - {agentid: 5, name: nothing, secret: s-none}
    departments:
      - {id: 1, name: root, parentid: 0}
      - {id: 2, name: a, parentid: 1}
      - {id: 3, name: a1, parentid: 2}
      - {id: 4, name: a1x, parentid: 3}
      - {id: 5, name: b, parentid: 1}
      - {id: 6, name: b1, parentid: 5}
    members:
      - {userid: alice, name: Alice, department: [5]}
      - {userid: bob, name: Bob, department: [4]}
      - {userid: carol, name: Carol, department: [1]}
      - {userid: dave, name: Dave, department: [6]}
      - {userid: erin, name: Erin, department: [6, 2]}
    tags:
      - {tagid: 10, tagname: users, users: [CAROL]}
      - {tagid: 20, tagname: depts, departments: [5]}
`

func TestVisibility(t *testing.T) {
	w, err := fixtures.Parse([]byte(visWorld))
	if err != nil {
		t.Fatal(err)
	}
	s := frozenStore(t, w)
	visible := map[string][]string{ // secret → members it sees
		"s-user":   {"alice"},
		"s-dept":   {"bob", "erin"},           // dept 2 and its subtree (4 is two levels down)
		"s-tagu":   {"carol"},                 // tag users, case-insensitive
		"s-tagd":   {"alice", "dave", "erin"}, // tag departments and their subtrees
		"s-none":   {},
		"contacts": {"alice", "bob", "carol", "dave", "erin"},
	}
	all := []string{"alice", "bob", "carol", "dave", "erin"}
	for secret, want := range visible {
		tok := issue(t, s, "wwvis", secret)
		sees := map[string]bool{}
		for _, u := range want {
			sees[u] = true
		}
		for _, u := range all {
			v, err := s.MemberFor(tok, u)
			switch {
			case sees[u] && err != nil:
				t.Errorf("%s should see %s: %v", secret, u, err)
			case sees[u] && v.Member.UserID != u:
				t.Errorf("%s: MemberFor(%s) = %+v", secret, u, v.Member)
			case !sees[u] && !errors.Is(err, ErrNotVisible):
				t.Errorf("%s should not see %s: %v", secret, u, err)
			}
		}
		if _, err := s.MemberFor(tok, "ghost"); !errors.Is(err, ErrMemberNotFound) {
			t.Errorf("%s: unknown member: %v", secret, err)
		}
	}
}

func TestMemberForSensitiveAndCase(t *testing.T) {
	w, err := fixtures.Parse([]byte(visWorld))
	if err != nil {
		t.Fatal(err)
	}
	s := frozenStore(t, w)
	tests := []struct {
		secret, user  string
		wantSensitive bool
	}{
		{"s-user", "ALICE", true},
		{"s-dept", "Bob", false},
		{"contacts", "dave", true},
	}
	for _, tt := range tests {
		v, err := s.MemberFor(issue(t, s, "wwvis", tt.secret), tt.user)
		if err != nil {
			t.Fatalf("%s/%s: %v", tt.secret, tt.user, err)
		}
		if v.Sensitive != tt.wantSensitive {
			t.Errorf("%s/%s: Sensitive %v, want %v", tt.secret, tt.user, v.Sensitive, tt.wantSensitive)
		}
	}
}

func TestMemberForDefaultWorld(t *testing.T) {
	s := frozenStore(t, nil)
	app := issue(t, s, tCorp1, tAppSecret)
	for user, want := range map[string]error{
		"zhangsan": nil,               // department 2
		"lisi":     nil,               // department 4, under 2
		"zhouqi":   nil,               // tag 1
		"wangwu":   ErrNotVisible,     // department 3
		"zhaoliu":  ErrMemberNotFound, // corp 2
	} {
		if _, err := s.MemberFor(app, user); !errors.Is(err, want) {
			t.Errorf("MemberFor(%s) = %v, want %v", user, err, want)
		}
	}
	// A token whose app vanished from the world sees nobody.
	ghost := app
	ghost.AgentID = 42
	if _, err := s.MemberFor(ghost, "zhangsan"); !errors.Is(err, ErrAppNotFound) {
		t.Errorf("token of a missing app: %v", err)
	}
	if !s.HasMember(tCorp1, "ZHANGSAN") || s.HasMember(tCorp1, "zhaoliu") || s.HasMember("wwnope", "zhangsan") {
		t.Error("HasMember is wrong")
	}
	if !s.CorpExists(tCorp2) || s.CorpExists("wwnope") {
		t.Error("CorpExists is wrong")
	}
	if a, err := s.App(tCorp1, tAgent); err != nil || a.Secret != tAppSecret {
		t.Errorf("App = %+v, %v", a, err)
	}
	if _, err := s.App(tCorp1, 1); !errors.Is(err, ErrAppNotFound) {
		t.Errorf("App(unknown agent) = %v", err)
	}
	if _, err := s.App("wwnope", tAgent); !errors.Is(err, ErrCorpNotFound) {
		t.Errorf("App(unknown corp) = %v", err)
	}
}

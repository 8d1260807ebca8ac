package directory_test

import (
	"slices"
	"strconv"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

type inviteAnswer struct {
	ErrCode      int      `json:"errcode"`
	ErrMsg       string   `json:"errmsg"`
	InvalidUser  []string `json:"invaliduser"`
	InvalidParty []int    `json:"invalidparty"`
	InvalidTag   []int    `json:"invalidtag"`
}

func TestInvite(t *testing.T) {
	t.Parallel()
	srv, tok := newServer(t)
	tests := []struct {
		name, tok    string
		body         map[string]any
		users        []string
		parties, tag []int
	}{
		{name: "app, all in range", tok: tok.app,
			body: map[string]any{"user": []string{"zhangsan", "lisi"}, "party": []int{2, 4}, "tag": []int{1}}},
		{name: "app, outside its range", tok: tok.app,
			body:  map[string]any{"user": []string{"zhangsan", "wangwu", "ghost"}, "party": []int{3, 4, 99}, "tag": []int{1, 7}},
			users: []string{"wangwu", "ghost"}, parties: []int{3, 99}, tag: []int{7}},
		{name: "contacts, same targets", tok: tok.contacts,
			body:  map[string]any{"user": []string{"zhangsan", "wangwu", "ghost"}, "party": []int{3, 4, 99}, "tag": []int{1, 7}},
			users: []string{"ghost"}, parties: []int{99}, tag: []int{7}},
		{name: "contacts, users only", tok: tok.contacts, body: map[string]any{"user": []string{"WangWu"}}},
		{name: "app, every target invalid", tok: tok.app,
			body:    map[string]any{"party": []int{1}},
			parties: []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := post(t, srv, tt.tok, "/cgi-bin/batch/invite", tt.body)
			testkit.OK(t, r)
			got := testkit.DecodeStrict[inviteAnswer](t, r.Body)
			if !slices.Equal(got.InvalidUser, tt.users) || !slices.Equal(got.InvalidParty, tt.parties) || !slices.Equal(got.InvalidTag, tt.tag) {
				t.Errorf("invalid %v %v %v, want %v %v %v", got.InvalidUser, got.InvalidParty, got.InvalidTag, tt.users, tt.parties, tt.tag)
			}
		})
	}
}

func TestInviteErrors(t *testing.T) {
	t.Parallel()
	srv, tok := newServer(t)
	users := make([]string, 1001)
	for i := range users {
		users[i] = "u" + strconv.Itoa(i)
	}
	parties := make([]int, 101)
	for i := range parties {
		parties[i] = i + 1
	}
	tests := []struct {
		name string
		body map[string]any
	}{
		{"all three empty", map[string]any{"user": []string{}, "party": []int{}}},
		{"no field", map[string]any{}},
		{"1001 users", map[string]any{"user": users}},
		{"101 parties", map[string]any{"party": parties}},
		{"a party of the wrong type", map[string]any{"party": []string{"研发部"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			testkit.WeComError(t, post(t, srv, tok.contacts, "/cgi-bin/batch/invite", tt.body), errcode.InvalidParameter)
		})
	}
}

// An app invites through the tags it created, as through those of its
// visible range; not through another's.
func TestInviteThroughOwnTag(t *testing.T) {
	t.Parallel()
	srv, tok := newServer(t)
	own := createTag(t, srv, tok.app, "应用自建")
	other := createTag(t, srv, tok.contacts, "通讯录自建")
	r := post(t, srv, tok.app, "/cgi-bin/batch/invite", map[string]any{"tag": []int{own, 1, other}})
	testkit.OK(t, r)
	if got := testkit.DecodeStrict[inviteAnswer](t, r.Body).InvalidTag; !slices.Equal(got, []int{other}) {
		t.Errorf("invalidtag %v, want [%d]", got, other)
	}
}

// createTag creates a tag with tag/create and returns its tagid.
func createTag(t *testing.T, srv *mockserver.Server, tok, name string) int {
	t.Helper()
	r := post(t, srv, tok, "/cgi-bin/tag/create", map[string]any{"tagname": name})
	written(t, r)
	return testkit.Num(t, testkit.DecodeMap(t, r.Body), "tagid")
}

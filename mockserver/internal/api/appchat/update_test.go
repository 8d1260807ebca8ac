package appchat_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

func TestUpdate(t *testing.T) {
	t.Parallel()
	srv, tok := newRootServer(t)
	id := createChat(t, srv, tok, map[string]any{"name": "旧名字", "owner": "zhangsan", "userlist": []string{"zhangsan", "lisi"}})
	steps := []struct {
		name string
		body map[string]any
		want chatInfo
	}{
		{"rename", map[string]any{"name": "新名字"},
			chatInfo{Name: "新名字", Owner: "zhangsan", UserList: []string{"zhangsan", "lisi"}}},
		{"add two, one twice and one already in", map[string]any{"add_user_list": []string{"WangWu", "zhouqi", "wangwu", "lisi"}},
			chatInfo{Name: "新名字", Owner: "zhangsan", UserList: []string{"zhangsan", "lisi", "wangwu", "zhouqi"}}},
		{"new owner and a member out", map[string]any{"owner": "wangwu", "del_user_list": []string{"ZhangSan"}},
			chatInfo{Name: "新名字", Owner: "wangwu", UserList: []string{"lisi", "wangwu", "zhouqi"}}},
		{"empty name and owner change nothing", map[string]any{"name": "", "owner": ""},
			chatInfo{Name: "新名字", Owner: "wangwu", UserList: []string{"lisi", "wangwu", "zhouqi"}}},
		{"long name cut to 50", map[string]any{"name": strings.Repeat("长", 60)},
			chatInfo{Name: strings.Repeat("长", 50), Owner: "wangwu", UserList: []string{"lisi", "wangwu", "zhouqi"}}},
	}
	for _, st := range steps {
		st.body["chatid"] = id
		testkit.OK(t, post(t, srv, tok, "/cgi-bin/appchat/update", st.body))
		got := getChat(t, srv, tok, id)
		if got.ChatID != id || got.Name != st.want.Name || got.Owner != st.want.Owner || !slices.Equal(got.UserList, st.want.UserList) {
			t.Errorf("%s: chat %+v, want %+v", st.name, got, st.want)
		}
	}
}

func TestUpdateErrors(t *testing.T) {
	t.Parallel()
	srv, tok := newRootServer(t)
	id := createChat(t, srv, tok, map[string]any{"owner": "zhangsan", "userlist": []string{"zhangsan", "lisi", "wangwu"}})
	otherTok := testkit.Token(t, srv, testkit.Corp1, otherSecret)
	otherID := createChat(t, srv, otherTok, map[string]any{"userlist": []string{"zhangsan", "lisi"}})
	tests := []struct {
		name string
		body any
		want errcode.Code
	}{
		{"no chatid", map[string]any{"name": "x"}, errcode.ChatIDMissing},
		{"unknown chat", map[string]any{"chatid": "nosuchchat", "name": "x"}, errcode.ChatIDNotFound},
		{"another app's chat", map[string]any{"chatid": otherID, "name": "x"}, errcode.ChatNotCreatedByApp},
		{"list not an array", map[string]any{"chatid": id, "add_user_list": "zhouqi"}, errcode.InvalidParameter},
		{"add an unknown member", map[string]any{"chatid": id, "add_user_list": []string{"zhouqi", "ghost"}}, errcode.InvalidChatMember},
		{"remove a non-member", map[string]any{"chatid": id, "del_user_list": []string{"zhouqi"}}, errcode.InvalidChatMember},
		{"down to one member", map[string]any{"chatid": id, "del_user_list": []string{"lisi", "wangwu"}}, errcode.ChatMemberCountInvalid},
		{"remove the owner", map[string]any{"chatid": id, "del_user_list": []string{"zhangsan"}}, errcode.ChatOwnerNotMember},
		{"owner outside the chat", map[string]any{"chatid": id, "owner": "zhouqi"}, errcode.ChatOwnerNotMember},
		{"unknown owner", map[string]any{"chatid": id, "owner": "ghost"}, errcode.InvalidChatOwner},
		{"name and a bad member", map[string]any{"chatid": id, "name": "不应生效", "add_user_list": []string{"ghost"}}, errcode.InvalidChatMember},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testkit.WeComError(t, post(t, srv, tok, "/cgi-bin/appchat/update", tt.body), tt.want)
		})
	}
	testkit.MsgError(t, post(t, srv, tok, "/cgi-bin/appchat/update", "{"), 40058, "Warning: wrong json format. invalid Request Parameter")
	// Nothing changed: a refused update leaves the chat as it was.
	if got := getChat(t, srv, tok, id); got.Name != "" || got.Owner != "zhangsan" || !slices.Equal(got.UserList, []string{"zhangsan", "lisi", "wangwu"}) {
		t.Errorf("chat after refused updates: %+v", got)
	}
	// Removing the owner works with a new owner named in the same call.
	testkit.OK(t, post(t, srv, tok, "/cgi-bin/appchat/update", map[string]any{"chatid": id, "owner": "lisi", "del_user_list": []string{"zhangsan"}}))
	if got := getChat(t, srv, tok, id); got.Owner != "lisi" || !slices.Equal(got.UserList, []string{"lisi", "wangwu"}) {
		t.Errorf("chat %+v, want lisi owning lisi and wangwu", got)
	}
}

// A chat keeps at most 2000 members.
func TestUpdateMemberLimit(t *testing.T) {
	t.Parallel()
	w := rootWorld()
	c := &w.Corps[0]
	for i := range 2000 {
		c.Members = append(c.Members, fixtureMember(i))
	}
	srv, tok := newRootServerWith(t, w)
	users := make([]string, 2000)
	for i := range users {
		users[i] = fixtureMember(i).UserID
	}
	id := createChat(t, srv, tok, map[string]any{"userlist": users})
	testkit.WeComError(t, post(t, srv, tok, "/cgi-bin/appchat/update",
		map[string]any{"chatid": id, "add_user_list": []string{"zhangsan"}}), errcode.ChatMemberCountInvalid)
	testkit.OK(t, post(t, srv, tok, "/cgi-bin/appchat/update",
		map[string]any{"chatid": id, "add_user_list": []string{"zhangsan"}, "del_user_list": []string{users[0]}}))
	if got := getChat(t, srv, tok, id); len(got.UserList) != 2000 || got.UserList[1999] != "zhangsan" {
		t.Errorf("chat has %d members, last %q", len(got.UserList), got.UserList[len(got.UserList)-1])
	}
}

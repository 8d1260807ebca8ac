package appchat_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

func TestCreateWithChatID(t *testing.T) {
	t.Parallel()
	srv, tok := newRootServer(t)
	id := createChat(t, srv, tok, map[string]any{
		"name": "故障处理群", "owner": "LiSi", "userlist": []string{"zhangsan", "LISI", "wangwu", "zhangsan"}, "chatid": "incident42",
	})
	if id != "incident42" {
		t.Fatalf("chatid %q, want the one asked for", id)
	}
	got := getChat(t, srv, tok, id)
	want := chatInfo{ChatID: "incident42", Name: "故障处理群", Owner: "lisi", UserList: []string{"zhangsan", "lisi", "wangwu"}}
	if got.ChatID != want.ChatID || got.Name != want.Name || got.Owner != want.Owner || !slices.Equal(got.UserList, want.UserList) || got.ChatType != 0 {
		t.Errorf("chat_info %+v, want %+v (ids as in the contacts, duplicates once)", got, want)
	}
}

func TestCreateGeneratesChatIDAndOwner(t *testing.T) {
	t.Parallel()
	srv, tok := newRootServer(t)
	members := []string{"zhangsan", "lisi", "wangwu", "zhouqi"}
	ids := map[string]bool{}
	for range 5 {
		id := createChat(t, srv, tok, map[string]any{"userlist": members})
		if len(id) != 32 || !strings.HasPrefix(id, "wr") || strings.Trim(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != "" {
			t.Errorf("generated chatid %q, want wr and 30 letters or digits", id)
		}
		ids[id] = true
		if got := getChat(t, srv, tok, id); !slices.Contains(members, got.Owner) || got.Name != "" {
			t.Errorf("chat %+v: the owner must be one of the members, the name empty", got)
		}
	}
	if len(ids) != 5 {
		t.Errorf("5 chats got %d distinct chatids", len(ids))
	}
}

func TestCreateTruncatesName(t *testing.T) {
	t.Parallel()
	srv, tok := newRootServer(t)
	long := strings.Repeat("群", 49) + "名字"
	id := createChat(t, srv, tok, map[string]any{"name": long, "userlist": []string{"zhangsan", "lisi"}})
	if got := getChat(t, srv, tok, id).Name; got != strings.Repeat("群", 49)+"名" {
		t.Errorf("name %q, want the first 50 characters", got)
	}
}

func TestCreateErrors(t *testing.T) {
	t.Parallel()
	srv, tok := newRootServer(t)
	createChat(t, srv, tok, map[string]any{"userlist": []string{"zhangsan", "lisi"}, "chatid": "taken1"})
	many := make([]string, 2001)
	for i := range many {
		many[i] = "user" + strconv.Itoa(i)
	}
	pair := []string{"zhangsan", "lisi"}
	tests := []struct {
		name string
		body any
		want errcode.Code
	}{
		{"userlist not an array", map[string]any{"userlist": "zhangsan|lisi"}, errcode.InvalidParameter},
		{"no userlist", map[string]any{"name": "x"}, errcode.ChatMemberCountInvalid},
		{"one member", map[string]any{"userlist": []string{"zhangsan"}}, errcode.ChatMemberCountInvalid},
		{"one member twice", map[string]any{"userlist": []string{"zhangsan", "ZhangSan"}}, errcode.ChatMemberCountInvalid},
		{"2001 members", map[string]any{"userlist": many}, errcode.ChatMemberCountInvalid},
		{"unknown member", map[string]any{"userlist": []string{"zhangsan", "ghost"}}, errcode.InvalidChatMember},
		{"unknown owner", map[string]any{"userlist": pair, "owner": "ghost"}, errcode.InvalidChatOwner},
		{"owner not in the list", map[string]any{"userlist": pair, "owner": "wangwu"}, errcode.ChatOwnerNotMember},
		{"chatid with a dash", map[string]any{"userlist": pair, "chatid": "chat-1"}, errcode.ChatIDInvalid},
		{"chatid not ASCII", map[string]any{"userlist": pair, "chatid": "群1"}, errcode.ChatIDInvalid},
		{"chatid of 33", map[string]any{"userlist": pair, "chatid": strings.Repeat("a", 33)}, errcode.ChatIDTooLong},
		{"chatid taken", map[string]any{"userlist": pair, "chatid": "taken1"}, errcode.ChatIDExisted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testkit.WeComError(t, post(t, srv, tok, "/cgi-bin/appchat/create", tt.body), tt.want)
		})
	}
	testkit.MsgError(t, post(t, srv, tok, "/cgi-bin/appchat/create", "{"), 40058, "Warning: wrong json format. invalid Request Parameter")
	// 32 characters is allowed.
	createChat(t, srv, tok, map[string]any{"userlist": pair, "chatid": strings.Repeat("Z9", 16)})
	if n := len(srv.Messages(mockserver.MessageFilter{})); n != 0 {
		t.Errorf("creating chats sent %d messages", n)
	}
}

// The default world's app sees 研发部 and tag 试点, not the root: every
// appchat API refuses it with 60011 before reading the body.
func TestAppNotSeeingRootGets60011(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	for _, path := range []string{"/cgi-bin/appchat/create", "/cgi-bin/appchat/update", "/cgi-bin/appchat/send"} {
		testkit.WeComError(t, post(t, srv, tok, path, map[string]any{"userlist": []string{"zhangsan", "lisi"}, "chatid": "x"}), errcode.NoPrivilege)
		testkit.WeComError(t, post(t, srv, tok, path, "{"), errcode.NoPrivilege)
	}
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/appchat/get", "access_token", tok, "chatid", "x"), errcode.NoPrivilege)
}

// A 代开发 app counts as self-built: with the root in its range it may
// create chats; the default one's range (部门 2) is refused with 60011.
func TestCustomizedApp(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.Token(t, srv, testkit.Corp1, testkit.DKPermanent)
	testkit.WeComError(t, post(t, srv, tok, "/cgi-bin/appchat/create", map[string]any{"userlist": []string{"zhangsan", "lisi"}}), errcode.NoPrivilege)
}

// A third-party app may not use appchat, even installed on the whole corp.
func TestThirdPartyAppGets48002(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	in := testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp1})
	suiteTok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	pc := testkit.DecodeStrict[testkit.PermanentCodeBody](t, testkit.OKBody(t, testkit.PostSuite(t, srv,
		"/cgi-bin/service/get_permanent_code", suiteTok, map[string]string{"auth_code": in.AuthCode})))
	testkit.WeComError(t, post(t, srv, pc.AccessToken, "/cgi-bin/appchat/create",
		map[string]any{"userlist": []string{"zhangsan", "lisi"}}), errcode.APIForbidden)
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/appchat/get", "access_token", pc.AccessToken, "chatid", "x"), errcode.APIForbidden)
}

// Another credential kind is refused by the catalog before the model.
func TestContactsTokenGets48002(t *testing.T) {
	t.Parallel()
	srv, _ := newRootServer(t)
	tok := testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	testkit.WeComError(t, post(t, srv, tok, "/cgi-bin/appchat/create", map[string]any{"userlist": []string{"zhangsan", "lisi"}}), errcode.APIForbidden)
}

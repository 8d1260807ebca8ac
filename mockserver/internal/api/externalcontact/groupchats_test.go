package externalcontact_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"sync"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

const (
	pathGroupList     = "/cgi-bin/externalcontact/groupchat/list"
	pathGroupGet      = "/cgi-bin/externalcontact/groupchat/get"
	pathOpenGID       = "/cgi-bin/externalcontact/opengid_to_chatid"
	pathGroupTransfer = "/cgi-bin/externalcontact/groupchat/transfer"
	pathGroupOnJob    = "/cgi-bin/externalcontact/groupchat/onjob_transfer"
)

// newGroup has owner create a customer group with the given people.
func newGroup(t *testing.T, srv *mockserver.Server, owner string, people ...string) mockserver.CustomerGroupChanged {
	t.Helper()
	req := mockserver.CustomerGroupChange{CorpID: testkit.Corp1, Owner: owner, Name: owner + "的客户群"}
	for _, p := range people {
		req.Members = append(req.Members, mockserver.CustomerGroupJoiner{UserID: p})
	}
	res, err := srv.CreateCustomerGroup(req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// groupList calls groupchat/list and returns its entries as "chat_id:status".
func groupList(t *testing.T, srv *mockserver.Server, tok string, body map[string]any) ([]string, string) {
	t.Helper()
	m := testkit.OK(t, testkit.ECPost(t, srv, tok, pathGroupList, body))
	var out []string
	for _, e := range testkit.As[[]any](t, m["group_chat_list"]) {
		g := testkit.As[map[string]any](t, e)
		out = append(out, testkit.As[string](t, g["chat_id"])+":"+string(testkit.As[json.Number](t, g["status"])))
	}
	return out, testkit.Str(t, m, "next_cursor")
}

func TestGroupChatList(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec, app := testkit.ECToken(t, srv), testkit.AppToken(t, srv)
	got, next := groupList(t, srv, ec, map[string]any{"limit": 10})
	if want := []string{testkit.CustomerChat1 + ":0"}; !slices.Equal(got, want) || next != "" {
		t.Fatalf("default world: %v next %q, want %v", got, next, want)
	}
	second := newGroup(t, srv, "lisi", testkit.Customer1).ChatID
	third := newGroup(t, srv, "wangwu").ChatID

	// Paging, one a page, in creation order.
	var all []string
	cursor := ""
	for range 4 {
		page, next := groupList(t, srv, ec, map[string]any{"limit": 1, "cursor": cursor})
		all = append(all, page...)
		if cursor = next; cursor == "" {
			break
		}
	}
	if want := []string{testkit.CustomerChat1 + ":0", second + ":0", third + ":0"}; !slices.Equal(all, want) {
		t.Errorf("pages %v, want %v", all, want)
	}
	// The app does not see wangwu, so not his group.
	if got, _ := groupList(t, srv, app, map[string]any{"limit": 100}); !slices.Equal(got, []string{testkit.CustomerChat1 + ":0", second + ":0"}) {
		t.Errorf("app token: %v", got)
	}
	// Owner filter; a userid that is not a member matches nothing.
	got, _ = groupList(t, srv, ec, map[string]any{"limit": 100, "owner_filter": map[string]any{"userid_list": []string{"LISI", "nobody"}}})
	if !slices.Equal(got, []string{second + ":0"}) {
		t.Errorf("lisi's groups: %v", got)
	}
	if got, _ := groupList(t, srv, ec, map[string]any{"limit": 100, "status_filter": 1}); len(got) != 0 {
		t.Errorf("status_filter 1 with every owner in the corp: %v", got)
	}

	for _, tc := range []struct {
		name string
		tok  string
		body map[string]any
		want errcode.Code
	}{
		{"no limit", ec, map[string]any{}, errcode.InvalidParameter},
		{"limit 0", ec, map[string]any{"limit": 0}, errcode.InvalidParameter},
		{"limit 1001", ec, map[string]any{"limit": 1001}, errcode.InvalidParameter},
		{"limit not a number", ec, map[string]any{"limit": "ten"}, errcode.InvalidParameter},
		{"status_filter 4", ec, map[string]any{"limit": 10, "status_filter": 4}, errcode.InvalidParameter},
		{"101 owners", ec, map[string]any{"limit": 10, "owner_filter": map[string]any{"userid_list": slices.Repeat([]string{"zhangsan"}, 101)}}, errcode.InvalidParameter},
		{"only unknown owners", ec, map[string]any{"limit": 10, "owner_filter": map[string]any{"userid_list": []string{"nobody"}}}, errcode.InvalidUserID},
		{"only owners outside the app's range", app, map[string]any{"limit": 10, "owner_filter": map[string]any{"userid_list": []string{"wangwu"}}}, errcode.NoPrivilege},
		{"forged cursor", ec, map[string]any{"limit": 10, "cursor": "forged"}, errcode.InvalidParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, tc.tok, pathGroupList, tc.body), tc.want)
		})
	}
}

// A group whose owner left the corp is 离职待继承 (status 1) until
// groupchat/transfer gives it a new owner (status 3).
func TestGroupChatResignedOwner(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec, app := testkit.ECToken(t, srv), testkit.AppToken(t, srv)
	lisis := newGroup(t, srv, "lisi", testkit.Customer2).ChatID
	if _, err := srv.DeleteUser(testkit.Corp1, "lisi"); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{ec, app} {
		got, _ := groupList(t, srv, tok, map[string]any{"limit": 10, "status_filter": 1})
		if !slices.Equal(got, []string{lisis + ":1"}) {
			t.Errorf("status_filter 1: %v", got)
		}
	}
	// WeCom answers 40003 for the userid of a member who left.
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathGroupList, map[string]any{"limit": 10, "owner_filter": map[string]any{"userid_list": []string{"lisi"}}}), errcode.InvalidUserID)

	m := testkit.OK(t, testkit.ECPost(t, srv, app, pathGroupTransfer, map[string]any{
		"chat_id_list": []string{lisis, testkit.CustomerChat1, "wrnotagroup"}, "new_owner": "zhangsan",
	}))
	failed := testkit.As[[]any](t, m["failed_chat_list"])
	wantFailed := []struct {
		id   string
		code errcode.Code
		msg  string
	}{
		{testkit.CustomerChat1, errcode.ChatOwnerNotResigned, "the owner of this chat is not resigned"},
		{"wrnotagroup", errcode.NotCustomerGroup, "chat is not external group chat"},
	}
	if len(failed) != len(wantFailed) {
		t.Fatalf("failed_chat_list %v", failed)
	}
	for i, w := range wantFailed {
		f := testkit.As[map[string]any](t, failed[i])
		if f["chat_id"] != w.id || f["errcode"] != json.Number(itoa(int(w.code))) || f["errmsg"] != w.msg {
			t.Errorf("failed_chat_list[%d] = %v, want %s %d %q", i, f, w.id, w.code, w.msg)
		}
	}
	g := getGroup(t, srv, ec, lisis, 0)
	if g["owner"] != "zhangsan" || !slices.Contains(memberIDs(t, g), "zhangsan") {
		t.Errorf("after the transfer: owner %v, members %v", g["owner"], memberIDs(t, g))
	}
	got, _ := groupList(t, srv, ec, map[string]any{"limit": 10, "status_filter": 3})
	if !slices.Equal(got, []string{lisis + ":3"}) {
		t.Errorf("status_filter 3: %v", got)
	}
	// Inherited once: 90508 the next time; an on-the-job transfer of a
	// group whose owner left is 90502.
	wantFailure(t, testkit.ECPost(t, srv, ec, pathGroupTransfer, map[string]any{"chat_id_list": []string{lisis}, "new_owner": "wangwu"}), errcode.ChatAlreadyTransferred)
	other := newGroup(t, srv, "wangwu").ChatID
	if _, err := srv.DeleteUser(testkit.Corp1, "wangwu"); err != nil {
		t.Fatal(err)
	}
	wantFailure(t, testkit.ECPost(t, srv, ec, pathGroupOnJob, map[string]any{"chat_id_list": []string{other}, "new_owner": "zhangsan"}), errcode.ChatOwnerResigned)
}

// wantFailure checks a transfer answered 0 with one failed chat of code.
func wantFailure(t *testing.T, r *testkit.Resp, code errcode.Code) {
	t.Helper()
	failed := testkit.As[[]any](t, testkit.OK(t, r)["failed_chat_list"])
	if len(failed) != 1 || testkit.As[map[string]any](t, failed[0])["errcode"] != json.Number(itoa(int(code))) {
		t.Errorf("failed_chat_list %v, want one with %d", failed, code)
	}
}

func getGroup(t *testing.T, srv *mockserver.Server, tok, chatID string, needName int) map[string]any {
	t.Helper()
	return testkit.As[map[string]any](t, testkit.OK(t, testkit.ECPost(t, srv, tok, pathGroupGet, map[string]any{"chat_id": chatID, "need_name": needName}))["group_chat"])
}

func memberIDs(t *testing.T, g map[string]any) []string {
	t.Helper()
	var out []string
	for _, m := range testkit.List(t, g, "member_list") {
		out = append(out, testkit.As[string](t, testkit.As[map[string]any](t, m)["userid"]))
	}
	return out
}

var memberVersionPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

func TestGroupChatGet(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec, app := testkit.ECToken(t, srv), testkit.AppToken(t, srv)
	g := getGroup(t, srv, ec, testkit.CustomerChat1, 1)
	if g["chat_id"] != testkit.CustomerChat1 || g["name"] != "模拟客户交流群" || g["owner"] != "zhangsan" ||
		g["create_time"] != json.Number("1700400000") || g["notice"] != "欢迎加入模拟客户交流群" {
		t.Errorf("group_chat %v", g)
	}
	if v, ok := g["member_version"].(string); !ok || !memberVersionPattern.MatchString(v) {
		t.Errorf("member_version %v, want 32 hex digits", g["member_version"])
	}
	if admins := testkit.As[[]any](t, g["admin_list"]); len(admins) != 1 || testkit.As[map[string]any](t, admins[0])["userid"] != "lisi" {
		t.Errorf("admin_list %v", admins)
	}
	members := testkit.As[[]any](t, g["member_list"])
	if len(members) != 4 {
		t.Fatalf("member_list %v", members)
	}
	want := []map[string]any{
		{"userid": "zhangsan", "type": json.Number("1"), "join_time": json.Number("1700400000"), "join_scene": json.Number("1"), "name": "张三"},
		{"userid": "lisi", "type": json.Number("1"), "join_scene": json.Number("1"), "name": "李四", "invitor": map[string]any{"userid": "zhangsan"}},
		{"userid": testkit.Customer1, "type": json.Number("2"), "join_scene": json.Number("3"), "name": "陈小明", "unionid": "ozmockunion0001", "group_nickname": "小明"},
		{"userid": testkit.Customer2, "type": json.Number("2"), "join_scene": json.Number("2"), "name": "林小红", "unionid": "ozmockunion0002"},
	}
	for i, w := range want {
		m := testkit.As[map[string]any](t, members[i])
		for k, v := range w {
			if k == "invitor" {
				if inv, ok := m[k].(map[string]any); !ok || inv["userid"] != testkit.As[map[string]any](t, v)["userid"] {
					t.Errorf("member %d invitor %v", i, m[k])
				}
				continue
			}
			if m[k] != v {
				t.Errorf("member %d %s = %v, want %v (%v)", i, k, m[k], v, m)
			}
		}
	}
	if _, ok := testkit.As[map[string]any](t, members[0])["invitor"]; ok {
		t.Errorf("the owner was invited by no one: %v", members[0])
	}
	if _, ok := testkit.As[map[string]any](t, members[1])["unionid"]; ok {
		t.Errorf("a member has no unionid: %v", members[1])
	}
	// Without need_name, no names.
	for _, m := range testkit.As[[]any](t, getGroup(t, srv, ec, testkit.CustomerChat1, 0)["member_list"]) {
		if _, ok := testkit.As[map[string]any](t, m)["name"]; ok {
			t.Errorf("name without need_name: %v", m)
		}
	}
	// A 代开发 app sees customers under its own external_userid, without
	// unionid.
	dk := testkit.Token(t, srv, testkit.Corp1, testkit.DKPermanent)
	dkMembers := testkit.As[[]any](t, getGroup(t, srv, dk, testkit.CustomerChat1, 1)["member_list"])
	c1 := testkit.As[map[string]any](t, dkMembers[2])
	if id := testkit.As[string](t, c1["userid"]); id == testkit.Customer1 || len(id) != 32 || c1["name"] != "陈小明" {
		t.Errorf("代开发 view of a customer %v", c1)
	}
	if _, ok := c1["unionid"]; ok {
		t.Errorf("代开发 view has a unionid: %v", c1)
	}

	wangwus := newGroup(t, srv, "wangwu").ChatID
	for _, tc := range []struct {
		name string
		tok  string
		body map[string]any
		want errcode.Code
	}{
		{"unknown chat", ec, map[string]any{"chat_id": "wrnotagroup"}, errcode.NotCustomerGroup},
		{"no chat_id", ec, map[string]any{"need_name": 1}, errcode.InvalidParameter},
		{"need_name not a number", ec, map[string]any{"chat_id": testkit.CustomerChat1, "need_name": "yes"}, errcode.InvalidParameter},
		{"owner outside the app's range", app, map[string]any{"chat_id": wangwus}, errcode.NoPrivilege},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, tc.tok, pathGroupGet, tc.body), tc.want)
		})
	}
	// Dismissed, it is no customer group any more.
	if _, err := srv.DismissCustomerGroup(mockserver.CustomerGroupChange{CorpID: testkit.Corp1, ChatID: wangwus}); err != nil {
		t.Fatal(err)
	}
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathGroupGet, map[string]any{"chat_id": wangwus}), errcode.NotCustomerGroup)
}

func TestOpenGIDToChatID(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec, app := testkit.ECToken(t, srv), testkit.AppToken(t, srv)
	m := testkit.OK(t, testkit.ECPost(t, srv, app, pathOpenGID, map[string]any{"opengid": testkit.OpenGID1}))
	if m["chat_id"] != testkit.CustomerChat1 {
		t.Errorf("chat_id %v", m["chat_id"])
	}
	created := newGroup(t, srv, "wangwu")
	if m := testkit.OK(t, testkit.ECPost(t, srv, ec, pathOpenGID, map[string]any{"opengid": created.OpenGID})); m["chat_id"] != created.ChatID {
		t.Errorf("new group's opengid: %v, want %s", m, created.ChatID)
	}
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathOpenGID, map[string]any{"opengid": "oAAAnotagroup"}), errcode.InvalidOpenGID)
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathOpenGID, map[string]any{}), errcode.InvalidParameter)
	testkit.WeComError(t, testkit.ECPost(t, srv, app, pathOpenGID, map[string]any{"opengid": created.OpenGID}), errcode.NoPrivilege)
}

func TestGroupChatOnJobTransfer(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec, app := testkit.ECToken(t, srv), testkit.AppToken(t, srv)
	rcv := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID)
	before := getGroup(t, srv, ec, testkit.CustomerChat1, 0)
	m := testkit.OK(t, testkit.ECPost(t, srv, app, pathGroupOnJob, map[string]any{"chat_id_list": []string{testkit.CustomerChat1}, "new_owner": "lisi"}))
	if f := testkit.As[[]any](t, m["failed_chat_list"]); len(f) != 0 {
		t.Fatalf("failed_chat_list %v", f)
	}
	ev := rcv.Next(t)
	for k, v := range map[string]string{"Event": "change_external_chat", "ChangeType": "update", "UpdateDetail": "change_owner", "ChatId": testkit.CustomerChat1} {
		if ev[k] != v {
			t.Errorf("%s = %q, want %q (%v)", k, ev[k], v, ev)
		}
	}
	after := getGroup(t, srv, ec, testkit.CustomerChat1, 0)
	// lisi was in the group and an admin: owner now, no longer admin, the
	// members unchanged.
	if after["owner"] != "lisi" || len(testkit.As[[]any](t, after["admin_list"])) != 0 || after["member_version"] != before["member_version"] {
		t.Errorf("after the transfer %v", after)
	}
	if got, _ := groupList(t, srv, ec, map[string]any{"limit": 10}); !slices.Equal(got, []string{testkit.CustomerChat1 + ":0"}) {
		t.Errorf("an on-the-job transfer keeps status 0: %v", got)
	}
	// wangwu was not in the group: he joins it as its owner.
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathGroupOnJob, map[string]any{"chat_id_list": []string{testkit.CustomerChat1}, "new_owner": "wangwu"}))
	g := getGroup(t, srv, ec, testkit.CustomerChat1, 0)
	if g["owner"] != "wangwu" || !slices.Contains(memberIDs(t, g), "wangwu") || g["member_version"] == before["member_version"] {
		t.Errorf("after the transfer to wangwu %v", g)
	}
	rcv.None(t) // the app does not see wangwu: no event for it

	wantFailure(t, testkit.ECPost(t, srv, ec, pathGroupOnJob, map[string]any{"chat_id_list": []string{testkit.CustomerChat1}, "new_owner": "wangwu"}), errcode.ChatOwnerUnchanged)
	wantFailure(t, testkit.ECPost(t, srv, app, pathGroupOnJob, map[string]any{"chat_id_list": []string{testkit.CustomerChat1}, "new_owner": "zhangsan"}), errcode.NoPrivilege)
	for _, tc := range []struct {
		name string
		tok  string
		body map[string]any
		want errcode.Code
	}{
		{"unknown new owner", ec, map[string]any{"chat_id_list": []string{testkit.CustomerChat1}, "new_owner": "nobody"}, errcode.UserIDNotFound},
		{"malformed new owner", ec, map[string]any{"chat_id_list": []string{testkit.CustomerChat1}, "new_owner": "no body"}, errcode.InvalidUserID},
		{"new owner without 客户联系", ec, map[string]any{"chat_id_list": []string{testkit.CustomerChat1}, "new_owner": "zhouqi"}, errcode.NoExternalContactPrivilege},
		{"new owner outside the app's range", app, map[string]any{"chat_id_list": []string{testkit.CustomerChat1}, "new_owner": "wangwu"}, errcode.NoPrivilege},
		{"no chat ids", ec, map[string]any{"chat_id_list": []string{}, "new_owner": "lisi"}, errcode.InvalidParameter},
		{"101 chat ids", ec, map[string]any{"chat_id_list": slices.Repeat([]string{testkit.CustomerChat1}, 101), "new_owner": "lisi"}, errcode.InvalidParameter},
		{"no new owner", ec, map[string]any{"chat_id_list": []string{testkit.CustomerChat1}}, errcode.InvalidParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, tc.tok, pathGroupOnJob, tc.body), tc.want)
			testkit.WeComError(t, testkit.ECPost(t, srv, tc.tok, pathGroupTransfer, tc.body), tc.want)
		})
	}
}

// Without owner_filter, a caller who sees more than 1000 members gets
// 81017; with it, the list answers.
func TestGroupChatListTooManyOwners(t *testing.T) {
	t.Parallel()
	w := fixtures.Default()
	corp := &w.Corps[0]
	for i := range 1000 {
		corp.Members = append(corp.Members, memberIn("many"+itoa(i), 3))
	}
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w))
	ec, app := testkit.ECToken(t, srv), testkit.AppToken(t, srv)
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathGroupList, map[string]any{"limit": 10}), errcode.RequestCountLimit)
	if got, _ := groupList(t, srv, ec, map[string]any{"limit": 10, "owner_filter": map[string]any{"userid_list": []string{"zhangsan"}}}); len(got) != 1 {
		t.Errorf("with owner_filter: %v", got)
	}
	// The app sees 研发部 and zhouqi only: few enough.
	if got, _ := groupList(t, srv, app, map[string]any{"limit": 10}); len(got) != 1 {
		t.Errorf("app token: %v", got)
	}
}

// jsonNum is n as the tests' JSON decoding holds it.
func jsonNum(n int) json.Number { return json.Number(itoa(n)) }

// A resigned owner's group is inherited once: of concurrent transfers, one
// moves it and the others find it inherited (90508).
func TestGroupChatTransferOnce(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	chat := newGroup(t, srv, "wangwu", testkit.Customer1).ChatID
	if _, err := srv.DeleteUser(testkit.Corp1, "wangwu"); err != nil {
		t.Fatal(err)
	}
	const n = 8
	codes := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			m := testkit.OK(t, testkit.ECPost(t, srv, ec, pathGroupTransfer, map[string]any{"chat_id_list": []string{chat}, "new_owner": "lisi"}))
			failed := testkit.As[[]any](t, m["failed_chat_list"])
			if len(failed) == 0 {
				codes <- 0
				return
			}
			code, _ := testkit.As[json.Number](t, testkit.As[map[string]any](t, failed[0])["errcode"]).Int64()
			codes <- int(code)
		})
	}
	testwait.Group(t, &wg)
	close(codes)
	moved := 0
	for c := range codes {
		switch c {
		case 0:
			moved++
		case int(errcode.ChatAlreadyTransferred):
		default:
			t.Errorf("errcode %d, want 0 once and 90508 otherwise", c)
		}
	}
	if moved != 1 {
		t.Errorf("%d transfers moved the group, want 1", moved)
	}
}

// A member renamed in contacts keeps their groups, their places in them and
// the invitations they made under the new userid.
func TestGroupChatRenamedMember(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	if _, err := srv.UpdateUser(testkit.Corp1, "zhangsan", func(m *fixtures.Member) { m.UserID = "zhangsan2" }); err != nil {
		t.Fatal(err)
	}
	ec := testkit.ECToken(t, srv)
	g := getGroup(t, srv, ec, testkit.CustomerChat1, 1)
	members := testkit.As[[]any](t, g["member_list"])
	first, second := testkit.As[map[string]any](t, members[0]), testkit.As[map[string]any](t, members[1])
	if g["owner"] != "zhangsan2" || first["userid"] != "zhangsan2" || first["name"] != "张三" || testkit.As[map[string]any](t, second["invitor"])["userid"] != "zhangsan2" {
		t.Errorf("after the rename: %v", g)
	}
	if got, _ := groupList(t, srv, ec, map[string]any{"limit": 10, "owner_filter": map[string]any{"userid_list": []string{"zhangsan2"}}}); !slices.Equal(got, []string{testkit.CustomerChat1 + ":0"}) {
		t.Errorf("zhangsan2's groups: %v", got)
	}
}

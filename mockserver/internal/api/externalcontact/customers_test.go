package externalcontact_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

const (
	pathFollowUsers = "/cgi-bin/externalcontact/get_follow_user_list"
	pathList        = "/cgi-bin/externalcontact/list"
	pathGet         = "/cgi-bin/externalcontact/get"
	pathBatch       = "/cgi-bin/externalcontact/batch/get_by_user"
	pathRemark      = "/cgi-bin/externalcontact/remark"
)

func strings(t *testing.T, m map[string]any, key string) []string {
	t.Helper()
	raw, ok := m[key].([]any)
	if !ok {
		t.Fatalf("%s is %T, want an array: %v", key, m[key], m)
	}
	out := make([]string, len(raw))
	for i, v := range raw {
		s, ok := v.(string)
		if !ok {
			t.Fatalf("%s[%d] is %T, want a string", key, i, v)
		}
		out[i] = s
	}
	return out
}

func TestFollowUserList(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	got := strings(t, testkit.OK(t, testkit.ECGet(t, srv, testkit.ECToken(t, srv), pathFollowUsers)), "follow_user")
	if want := []string{"zhangsan", "lisi", "wangwu"}; !slices.Equal(got, want) {
		t.Errorf("secret token: follow_user %v, want %v", got, want)
	}
	// The app sees 研发部 (zhangsan, lisi) and the 试点 tag (zhouqi), not wangwu.
	got = strings(t, testkit.OK(t, testkit.ECGet(t, srv, testkit.AppToken(t, srv), pathFollowUsers)), "follow_user")
	if want := []string{"zhangsan", "lisi"}; !slices.Equal(got, want) {
		t.Errorf("app token: follow_user %v, want %v", got, want)
	}
	// The contacts-sync secret may not call 客户联系.
	testkit.WeComError(t, testkit.ECGet(t, srv, testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret), pathFollowUsers), errcode.APIForbidden)
}

func TestList(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec, app := testkit.ECToken(t, srv), testkit.AppToken(t, srv)
	got := strings(t, testkit.OK(t, testkit.ECGet(t, srv, ec, pathList, "userid", "zhangsan")), "external_userid")
	if want := []string{testkit.Customer1, testkit.Customer2, testkit.Customer3}; !slices.Equal(got, want) {
		t.Errorf("zhangsan's customers %v, want %v", got, want)
	}
	got = strings(t, testkit.OK(t, testkit.ECGet(t, srv, app, pathList, "userid", "LiSi")), "external_userid")
	if want := []string{testkit.Customer1}; !slices.Equal(got, want) {
		t.Errorf("lisi's customers %v, want %v", got, want)
	}
	for _, tc := range []struct {
		name, tok, userID string
		want              errcode.Code
	}{
		{"no customers", ec, "wangwu", errcode.NotExternalContact},
		{"not configured for 客户联系", ec, "zhouqi", errcode.NoExternalContactPrivilege},
		{"unknown member", ec, "nobody", errcode.UserIDNotFound},
		{"malformed userid", ec, "no body", errcode.InvalidUserID},
		{"outside the app's range", app, "wangwu", errcode.NoPrivilege},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := testkit.WeComError(t, testkit.ECGet(t, srv, tc.tok, pathList, "userid", tc.userID), tc.want)
			if ids, ok := m["external_userid"].([]any); !ok || len(ids) != 0 {
				t.Errorf(`error body keeps "external_userid":[], got %v`, m["external_userid"])
			}
		})
	}
	testkit.WeComError(t, testkit.ECGet(t, srv, ec, pathList), errcode.InvalidUserID)
	if code := testkit.ErrCode(t, testkit.DecodeMap(t, testkit.ECPost(t, srv, ec, pathBatch, "{").Body)); code != int(errcode.InvalidParameter) {
		t.Errorf("batch/get_by_user with a body that is not JSON: errcode %d, want 40058", code)
	}
}

func TestGet(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	m := testkit.OK(t, testkit.ECGet(t, srv, ec, pathGet, "external_userid", testkit.Customer1))
	contact := testkit.As[map[string]any](t, m["external_contact"])
	if contact["name"] != "陈小明" || contact["type"] != json.Number("1") || contact["gender"] != json.Number("1") || contact["unionid"] != "ozmockunion0001" {
		t.Errorf("external_contact %v", contact)
	}
	if _, ok := contact["corp_name"]; ok {
		t.Errorf("a WeChat customer has no corp_name: %v", contact)
	}
	follows := testkit.As[[]any](t, m["follow_user"])
	if len(follows) != 2 {
		t.Fatalf("follow_user %v, want zhangsan and lisi", follows)
	}
	first := testkit.As[map[string]any](t, follows[0])
	if first["userid"] != "zhangsan" || first["remark"] != "陈先生" || first["state"] != "channel_a" || first["add_way"] != json.Number("1") || first["createtime"] != json.Number("1700000000") {
		t.Errorf("zhangsan's follow %v", first)
	}
	tags := testkit.As[[]any](t, first["tags"])
	if len(tags) != 1 || testkit.As[map[string]any](t, tags[0])["group_name"] != "客户等级" || testkit.As[map[string]any](t, tags[0])["tag_name"] != "重要客户" || testkit.As[map[string]any](t, tags[0])["type"] != json.Number("1") {
		t.Errorf("tags %v", tags)
	}
	if m["next_cursor"] != "" {
		t.Errorf("next_cursor %v, want \"\"", m["next_cursor"])
	}

	corp := testkit.As[map[string]any](t, testkit.OK(t, testkit.ECGet(t, srv, ec, pathGet, "external_userid", testkit.Customer3))["external_contact"])
	if corp["type"] != json.Number("2") || corp["corp_name"] != "合作伙伴" || corp["corp_full_name"] != "合作伙伴科技有限公司" || corp["position"] != "采购总监" {
		t.Errorf("WeCom customer %v", corp)
	}

	m = testkit.WeComError(t, testkit.ECGet(t, srv, ec, pathGet, "external_userid", "wmunknown"), errcode.InvalidExternalUserID)
	if f, ok := m["follow_user"].([]any); !ok || len(f) != 0 {
		t.Errorf(`error body keeps "follow_user":[], got %v`, m["follow_user"])
	}
	testkit.WeComError(t, testkit.ECGet(t, srv, ec, pathGet), errcode.ExternalUserIDMissing)
	testkit.WeComError(t, testkit.ECGet(t, srv, ec, pathGet, "external_userid", testkit.Customer1, "cursor", "forged"), errcode.InvalidParameter)

	// Once the customer deletes both members, nobody follows them: 84061.
	for _, u := range []string{"zhangsan", "lisi"} {
		if _, err := srv.DeleteFollowUser(mockserver.ExternalContactRelation{CorpID: testkit.Corp1, UserID: u, ExternalUserID: testkit.Customer1}); err != nil {
			t.Fatal(err)
		}
	}
	testkit.WeComError(t, testkit.ECGet(t, srv, ec, pathGet, "external_userid", testkit.Customer1), errcode.NotExternalContact)
}

// TestGetPagesFollowUsers gives one customer 501 follow-users: get answers
// 500, then the last one with the cursor.
func TestGetPagesFollowUsers(t *testing.T) {
	t.Parallel()
	w := fixtures.Default()
	corp := &w.Corps[0]
	for i := range 501 {
		id := "member" + itoa(i)
		corp.Members = append(corp.Members, memberIn(id, 2))
		corp.ExternalContact.FollowUsers = append(corp.ExternalContact.FollowUsers, id)
		corp.ExternalContact.Customers[1].FollowUsers = append(corp.ExternalContact.Customers[1].FollowUsers, followOf(id))
	}
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w))
	ec := testkit.ECToken(t, srv)
	first := testkit.OK(t, testkit.ECGet(t, srv, ec, pathGet, "external_userid", testkit.Customer2))
	if n := len(testkit.As[[]any](t, first["follow_user"])); n != 500 {
		t.Fatalf("first page has %d follow-users, want 500", n)
	}
	cursor := testkit.Str(t, first, "next_cursor")
	if cursor == "" {
		t.Fatal("no next_cursor after a full page")
	}
	second := testkit.OK(t, testkit.ECGet(t, srv, ec, pathGet, "external_userid", testkit.Customer2, "cursor", cursor))
	follows := testkit.As[[]any](t, second["follow_user"])
	if len(follows) != 2 || testkit.As[map[string]any](t, follows[1])["userid"] != "member500" || second["next_cursor"] != "" {
		t.Errorf("second page %v", second)
	}
}

func TestBatchGetByUser(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	body := map[string]any{"userid_list": []string{"zhangsan", "lisi"}, "limit": 3}
	m := testkit.OK(t, testkit.ECPost(t, srv, ec, pathBatch, body))
	list := testkit.As[[]any](t, m["external_contact_list"])
	if len(list) != 3 {
		t.Fatalf("first page %d entries, want 3", len(list))
	}
	entry := testkit.As[map[string]any](t, list[0])
	info := testkit.As[map[string]any](t, entry["follow_info"])
	if testkit.As[map[string]any](t, entry["external_contact"])["external_userid"] != testkit.Customer1 || info["userid"] != "zhangsan" {
		t.Errorf("first entry %v", entry)
	}
	if ids := testkit.As[[]any](t, info["tag_id"]); len(ids) != 1 || ids[0] != testkit.TagVIP {
		t.Errorf("tag_id %v", info["tag_id"])
	}
	body["cursor"] = testkit.Str(t, m, "next_cursor")
	m = testkit.OK(t, testkit.ECPost(t, srv, ec, pathBatch, body))
	list = testkit.As[[]any](t, m["external_contact_list"])
	if len(list) != 1 || testkit.As[map[string]any](t, testkit.As[map[string]any](t, list[0])["follow_info"])["userid"] != "lisi" || m["next_cursor"] != "" {
		t.Errorf("second page %v", m)
	}

	for _, tc := range []struct {
		name string
		body any
		want errcode.Code
	}{
		{"no userid_list", map[string]any{}, errcode.InvalidParameter},
		{"limit over 100", map[string]any{"userid_list": []string{"zhangsan"}, "limit": 101}, errcode.InvalidParameter},
		{"101 members", map[string]any{"userid_list": slices.Repeat([]string{"zhangsan"}, 101)}, errcode.InvalidParameter},
		{"only members without 客户联系", map[string]any{"userid_list": []string{"zhouqi"}}, errcode.NoExternalContactPrivilege},
		{"bad cursor", map[string]any{"userid_list": []string{"zhangsan"}, "cursor": "x"}, errcode.InvalidParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathBatch, tc.body), tc.want)
		})
	}
}

func TestRemark(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathRemark, map[string]any{
		"userid": "zhangsan", "external_userid": testkit.Customer3,
		"remark": "王总", "description": "年度大客户", "remark_company": "伙伴集团", "remark_mobiles": []string{"13911112222"},
	}))
	f := testkit.As[map[string]any](t, testkit.As[[]any](t, testkit.OK(t, testkit.ECGet(t, srv, ec, pathGet, "external_userid", testkit.Customer3))["follow_user"])[0])
	if f["remark"] != "王总" || f["description"] != "年度大客户" || f["remark_corp_name"] != "伙伴集团" || testkit.As[[]any](t, f["remark_mobiles"])[0] != "13911112222" {
		t.Errorf("after remark: %v", f)
	}
	for _, tc := range []struct {
		name string
		body map[string]any
		want errcode.Code
	}{
		{"not followed", map[string]any{"userid": "wangwu", "external_userid": testkit.Customer1, "remark": "x"}, errcode.NotExternalContact},
		{"unknown customer", map[string]any{"userid": "zhangsan", "external_userid": "wmnobody", "remark": "x"}, errcode.InvalidExternalUserID},
		{"remark over 20", map[string]any{"userid": "zhangsan", "external_userid": testkit.Customer1, "remark": "一二三四五六七八九十一二三四五六七八九十一"}, errcode.InvalidParameter},
		{"no external_userid", map[string]any{"userid": "zhangsan"}, errcode.ExternalUserIDMissing},
		{"six mobiles", map[string]any{"userid": "zhangsan", "external_userid": testkit.Customer1, "remark_mobiles": slices.Repeat([]string{"1"}, 6)}, errcode.InvalidParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathRemark, tc.body), tc.want)
		})
	}
}

// A member renamed in contacts keeps their customers under the new userid.
func TestRenamedMemberKeepsCustomers(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	if _, err := srv.UpdateUser(testkit.Corp1, "lisi", func(m *fixtures.Member) { m.UserID = "lisi2" }); err != nil {
		t.Fatal(err)
	}
	ec := testkit.ECToken(t, srv)
	got := strings(t, testkit.OK(t, testkit.ECGet(t, srv, ec, pathList, "userid", "lisi2")), "external_userid")
	if !slices.Equal(got, []string{testkit.Customer1}) {
		t.Errorf("lisi2's customers %v", got)
	}
	if users := strings(t, testkit.OK(t, testkit.ECGet(t, srv, ec, pathFollowUsers)), "follow_user"); !slices.Contains(users, "lisi2") || slices.Contains(users, "lisi") {
		t.Errorf("follow_user after the rename: %v", users)
	}
	f := testkit.As[[]any](t, testkit.OK(t, testkit.ECGet(t, srv, ec, pathGet, "external_userid", testkit.Customer1))["follow_user"])
	if testkit.As[map[string]any](t, f[1])["userid"] != "lisi2" {
		t.Errorf("follow_user %v", f)
	}
	testkit.WeComError(t, testkit.ECGet(t, srv, ec, pathList, "userid", "lisi"), errcode.UserIDNotFound)
}

// A self-built app the admin did not list under 可调用应用 gets 48002 from
// every 客户联系 API, modelled or shaped, and a listed one passes the same
// check; media APIs that also take the 客户联系 secret stay open to it.
func TestUnlistedAppRefused(t *testing.T) {
	t.Parallel()
	// Frozen: the test compares times to the second.
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	unlisted := testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2)
	listed := testkit.AppToken(t, srv)
	for _, call := range []struct{ method, path string }{
		{"GET", pathFollowUsers},
		{"POST", "/cgi-bin/externalcontact/get_moment_list"},
		{"POST", "/cgi-bin/externalcontact/customer_strategy/list"},
	} {
		t.Run(call.path, func(t *testing.T) {
			send := func(tok string) *testkit.Resp {
				if call.method == "GET" {
					return testkit.ECGet(t, srv, tok, call.path)
				}
				return testkit.ECPost(t, srv, tok, call.path, map[string]any{"start_time": srv.Now().Unix() - 3600, "end_time": srv.Now().Unix()})
			}
			testkit.WeComError(t, send(unlisted), errcode.APIForbidden)
			testkit.OK(t, send(listed))
		})
	}
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/media/get", "access_token", unlisted, "media_id", "nosuch"), errcode.InvalidMediaID)
}

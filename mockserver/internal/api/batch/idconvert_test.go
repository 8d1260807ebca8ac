package batch_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

const (
	pathToOpen = "/cgi-bin/batch/userid_to_openuserid"
	pathToUser = "/cgi-bin/batch/openuserid_to_userid"
)

type toOpenBody struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
	List    []struct {
		UserID     string `json:"userid"`
		OpenUserID string `json:"open_userid"`
	} `json:"open_userid_list"`
	Invalid []string `json:"invalid_userid_list"`
}

type toUserBody struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
	List    []struct {
		OpenUserID string `json:"open_userid"`
		UserID     string `json:"userid"`
	} `json:"userid_list"`
	Invalid []string `json:"invalid_open_userid_list"`
}

// toOpen converts userids with tok and returns userid → open_userid.
func toOpen(t *testing.T, srv *mockserver.Server, tok string, ids ...string) (map[string]string, []string) {
	t.Helper()
	b := testkit.DecodeStrict[toOpenBody](t, testkit.OKBody(t, post(t, srv, tok, pathToOpen, map[string]any{"userid_list": ids})))
	out := map[string]string{}
	for _, p := range b.List {
		out[p.UserID] = p.OpenUserID
	}
	return out, b.Invalid
}

// toUser converts open_userids that source got with tok and returns
// open_userid → userid.
func toUser(t *testing.T, srv *mockserver.Server, tok string, source int, ids ...string) (map[string]string, []string) {
	t.Helper()
	b := testkit.DecodeStrict[toUserBody](t, testkit.OKBody(t, post(t, srv, tok, pathToUser,
		map[string]any{"open_userid_list": ids, "source_agentid": source})))
	out := map[string]string{}
	for _, p := range b.List {
		out[p.OpenUserID] = p.UserID
	}
	return out, b.Invalid
}

// thirdPartyInstall installs the default third-party suite in corp 1 over
// the whole corp and returns its corp token and agentid.
func thirdPartyInstall(t *testing.T, srv *mockserver.Server) (string, int) {
	t.Helper()
	suiteTok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	in := testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp1, UserID: "zhangsan",
		Privilege: &fixtures.SuitePrivilege{AllowParty: []int{1}}})
	pc := testkit.DecodeStrict[testkit.PermanentCodeBody](t, testkit.OKBody(t, testkit.PostSuite(t, srv,
		"/cgi-bin/service/get_permanent_code", suiteTok, map[string]string{"auth_code": in.AuthCode})))
	return pc.AccessToken, in.AgentID
}

// TestUserIDToOpenUserID: a third-party or 代开发 app turns the userids of
// members in its visible range into its provider's open_userids — the
// values user/get gives it — and lists the others as invalid
// (https://developer.work.weixin.qq.com/document/path/95603).
func TestUserIDToOpenUserID(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	dk := testkit.Token(t, srv, testkit.Corp1, testkit.DKPermanent) // range: department 2

	got, invalid := toOpen(t, srv, dk, "zhangsan", "lisi", "wangwu", "nosuchuser")
	if len(got) != 2 || !slices.Equal(invalid, []string{"wangwu", "nosuchuser"}) {
		t.Fatalf("converted %v, invalid %v; want zhangsan and lisi, invalid wangwu (out of range) and nosuchuser", got, invalid)
	}
	for _, id := range []string{"zhangsan", "lisi"} {
		want := testkit.Str(t, testkit.GetOK(t, testkit.UserGetURL(srv, dk, id)), "open_userid")
		if got[id] != want {
			t.Errorf("%s: open_userid %q, user/get gives %q", id, got[id], want)
		}
	}
	if got["zhangsan"] != "wwopen-zhangsan" {
		t.Errorf("zhangsan: %q, want the fixture's wwopen-zhangsan", got["zhangsan"])
	}

	// A third-party app of the same provider reads the same ids.
	third, _ := thirdPartyInstall(t, srv)
	same, invalid := toOpen(t, srv, third, "zhangsan", "wangwu")
	if len(invalid) != 0 || same["zhangsan"] != got["zhangsan"] {
		t.Errorf("third-party app: %v, invalid %v; want zhangsan as the 代开发 app's %q", same, invalid, got["zhangsan"])
	}
	if want := testkit.Str(t, testkit.GetOK(t, testkit.UserGetURL(srv, third, "wangwu")), "open_userid"); same["wangwu"] != want {
		t.Errorf("wangwu: %q, user/get gives %q", same["wangwu"], want)
	}

	// The list is required: an empty one is 40058.
	testkit.WeComError(t, post(t, srv, dk, pathToOpen, map[string]any{"userid_list": []string{}}), errcode.InvalidParameter)
}

// TestUserIDToOpenUserIDOnlySuiteApps: "仅代开发应用或第三方应用可调用" — a
// self-built app's token and the contacts-sync token get 48002; more than
// 1000 userids are refused.
func TestUserIDToOpenUserIDOnlySuiteApps(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	body := map[string]any{"userid_list": []string{"zhangsan"}}
	for name, tok := range map[string]string{
		"self-built":    testkit.AppToken(t, srv),
		"contacts-sync": testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret),
	} {
		t.Log(name)
		testkit.WeComError(t, post(t, srv, tok, pathToOpen, body), errcode.APIForbidden)
	}
	dk := testkit.Token(t, srv, testkit.Corp1, testkit.DKPermanent)
	many := make([]string, 1001)
	for i := range many {
		many[i] = fmt.Sprintf("user%d", i)
	}
	testkit.WeComError(t, post(t, srv, dk, pathToOpen, map[string]any{"userid_list": many}), errcode.InvalidParameter)
}

// TestOpenUserIDToUserID: a self-built app turns the open_userids a
// third-party or 代开发 app got back into userids, for members both apps
// see; an open_userid of another app's range, an unknown one or a plain
// userid is invalid (https://developer.work.weixin.qq.com/document/path/95884).
func TestOpenUserIDToUserID(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	self := testkit.AppToken(t, srv) // range: department 2 and tag 试点 (zhouqi)
	third, thirdAgent := thirdPartyInstall(t, srv)
	open, _ := toOpen(t, srv, third, "zhangsan", "lisi", "wangwu", "zhouqi")

	got, invalid := toUser(t, srv, self, thirdAgent, open["zhangsan"], open["lisi"], open["zhouqi"], open["wangwu"], "wobogus", "zhangsan")
	want := map[string]string{open["zhangsan"]: "zhangsan", open["lisi"]: "lisi", open["zhouqi"]: "zhouqi"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("converted %v, want %v", got, want)
	}
	// wangwu (市场部) is outside the self-built app's range.
	if !slices.Equal(invalid, []string{open["wangwu"], "wobogus", "zhangsan"}) {
		t.Errorf("invalid %v, want wangwu's, wobogus and the plain userid", invalid)
	}

	// The 代开发 app (department 2) shares the provider: zhangsan converts
	// through it too, zhouqi (department 3) is outside its range.
	got, invalid = toUser(t, srv, self, testkit.DKAgent, open["zhangsan"], open["zhouqi"])
	if got[open["zhangsan"]] != "zhangsan" || !slices.Equal(invalid, []string{open["zhouqi"]}) {
		t.Errorf("through the 代开发 app: %v, invalid %v", got, invalid)
	}
}

// TestOpenUserIDToUserIDErrors: source_agentid must be a third-party or
// 代开发 app of the corp (40056 otherwise); only a self-built app's token
// may call ("需要使用自建应用的access_token", 48002 for others).
func TestOpenUserIDToUserIDErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	self := testkit.AppToken(t, srv)
	for _, c := range []struct {
		name   string
		tok    string
		source any
		want   errcode.Code
	}{
		{"unknown source_agentid", self, 999, errcode.InvalidAgentID},
		{"self-built source", self, testkit.AgentID, errcode.InvalidAgentID},
		{"source_agentid 0", self, 0, errcode.InvalidAgentID},
		{"代开发 caller", testkit.Token(t, srv, testkit.Corp1, testkit.DKPermanent), testkit.DKAgent, errcode.APIForbidden},
	} {
		t.Log(c.name)
		testkit.WeComError(t, post(t, srv, c.tok, pathToUser,
			map[string]any{"open_userid_list": []string{"wwopen-zhangsan"}, "source_agentid": c.source}), c.want)
	}
	if got, _ := toUser(t, srv, self, testkit.DKAgent, "wwopen-zhangsan"); got["wwopen-zhangsan"] != "zhangsan" {
		t.Errorf("the fixture's open_userid does not convert: %v", got)
	}
}

// TestOpenUserIDOfAnotherProvider: an open_userid is its provider's only;
// another provider's app as source_agentid does not convert it, nor does
// the open_userid of a namesake in another corp.
func TestOpenUserIDOfAnotherProvider(t *testing.T) {
	t.Parallel()
	w := testkit.ParseWorld(t, `
corps:
  - corpid: wwcorp
    name: 公司
    apps: [{agentid: 1, name: app, secret: app-secret, visible: {departments: [1]}}]
    departments: [{id: 1, name: 公司, parentid: 0}]
    members: [{userid: alice, name: Alice, department: [1]}]
  - corpid: wwother
    name: 另一家
    apps: [{agentid: 1, name: app, secret: other-secret, visible: {departments: [1]}}]
    departments: [{id: 1, name: 另一家, parentid: 0}]
    members: [{userid: alice, name: Alice, department: [1]}]
suites:
  - suite_id: wwsuitea
    secret: sa
    type: customized
    provider: wwprovidera
    authorizations: [{corpid: wwcorp, agentid: 10, permanent_code: perm-a, privilege: {allow_party: [1]}},
                     {corpid: wwother, agentid: 10, permanent_code: perm-a2, privilege: {allow_party: [1]}}]
  - suite_id: wwsuiteb
    secret: sb
    type: customized
    provider: wwproviderb
    authorizations: [{corpid: wwcorp, agentid: 20, permanent_code: perm-b, privilege: {allow_party: [1]}}]
providers:
  - {corpid: wwprovidera, secret: pa}
  - {corpid: wwproviderb, secret: pb}
`)
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w), mockserver.WithFrozenClock())
	a, _ := toOpen(t, srv, testkit.Token(t, srv, "wwcorp", "perm-a"), "alice")
	b, _ := toOpen(t, srv, testkit.Token(t, srv, "wwcorp", "perm-b"), "alice")
	other, _ := toOpen(t, srv, testkit.Token(t, srv, "wwother", "perm-a2"), "alice")
	if a["alice"] == b["alice"] || a["alice"] == other["alice"] {
		t.Fatalf("open_userids a %q, b %q, other corp %q: want three", a["alice"], b["alice"], other["alice"])
	}
	self := testkit.Token(t, srv, "wwcorp", "app-secret")
	got, invalid := toUser(t, srv, self, 10, a["alice"], b["alice"], other["alice"])
	if len(got) != 1 || got[a["alice"]] != "alice" || !slices.Equal(invalid, []string{b["alice"], other["alice"]}) {
		t.Errorf("through provider a's app: %v, invalid %v", got, invalid)
	}
	got, _ = toUser(t, srv, self, 20, b["alice"])
	if got[b["alice"]] != "alice" {
		t.Errorf("through provider b's app: %v", got)
	}
}

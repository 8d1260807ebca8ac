package suite_test

import (
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// TestOneOpenUserIDPerProvider: a member has one open_userid per service
// provider, the same in every API and every app of that provider — "对于同一个
// 服务商,不同应用获取到企业内同一个成员的open_userid是相同的"
// (https://developer.work.weixin.qq.com/document/path/91121,
// https://developer.work.weixin.qq.com/document/path/96259) — and only
// third-party and 代开发 apps read it; a self-built app's user/get has none.
func TestOneOpenUserIDPerProvider(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	suiteTok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	in := testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp1, UserID: "zhangsan",
		Privilege: &fixtures.SuitePrivilege{AllowParty: []int{1}}})
	pc := testkit.DecodeStrict[testkit.PermanentCodeBody](t, testkit.OKBody(t, testkit.PostSuite(t, srv,
		"/cgi-bin/service/get_permanent_code", suiteTok, map[string]string{"auth_code": in.AuthCode})))
	corpTok := pc.AccessToken

	seen := map[string]string{} // API → open_userid of zhangsan
	seen["get_permanent_code auth_user_info"] = pc.AuthUserInfo.OpenUserID
	user := func(api, tok string) {
		seen[api+" user/get"] = testkit.Str(t, testkit.GetOK(t, testkit.UserGetURL(srv, tok, "zhangsan")), "open_userid")
		for _, list := range []string{"/cgi-bin/user/simplelist", "/cgi-bin/user/list"} {
			rows := testkit.As[[]any](t, testkit.GetOK(t, testkit.URL(srv, list, "access_token", tok, "department_id", "2"))["userlist"])
			for _, r := range rows {
				if row := testkit.As[map[string]any](t, r); row["userid"] == "zhangsan" {
					seen[api+" "+list] = testkit.Str(t, row, "open_userid")
				}
			}
		}
	}
	user("third-party", corpTok)
	user("代开发", testkit.Token(t, srv, testkit.Corp1, testkit.DKPermanent))

	code := testkit.MintSuite(t, srv, testkit.ThirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: testkit.Corp1, UserID: "zhangsan"})
	seen["getuserinfo3rd"] = testkit.Str(t, testkit.GetOK(t, testkit.SuiteURL(srv, "/cgi-bin/service/auth/getuserinfo3rd", suiteTok, "code", code)), "open_userid")
	code = testkit.MintSuite(t, srv, testkit.ThirdSuite, mockserver.SuiteCodeRequest{CorpID: testkit.Corp1, UserID: "zhangsan"})
	seen["service/miniprogram/jscode2session"] = testkit.Str(t, testkit.GetOK(t, testkit.SuiteURL(srv,
		"/cgi-bin/service/miniprogram/jscode2session", suiteTok, "js_code", code, "grant_type", "authorization_code")), "open_userid")

	// The fixture's open_userid is what the world's first provider reads.
	want := ""
	for _, m := range fixtures.Default().Corps[0].Members {
		if m.UserID == "zhangsan" {
			want = m.OpenUserID
		}
	}
	for api, got := range seen {
		if got != want {
			t.Errorf("%s: open_userid %q, want %q as everywhere else", api, got, want)
		}
	}
	if len(seen) != 9 {
		t.Errorf("zhangsan found in %d answers, want 9: %v", len(seen), seen)
	}

	self := testkit.GetOK(t, testkit.UserGetURL(srv, testkit.AppToken(t, srv), "zhangsan"))
	if v, ok := self["open_userid"]; ok {
		t.Errorf("a self-built app reads open_userid %v", v)
	}
}

// TestOpenUserIDDiffersBetweenProviders: two providers read two different
// open_userids for one member; a suite names its provider in the fixtures.
func TestOpenUserIDDiffersBetweenProviders(t *testing.T) {
	t.Parallel()
	w := testkit.ParseWorld(t, `
corps:
  - corpid: wwcorp
    name: 公司
    apps: [{agentid: 1, name: app, secret: app-secret, visible: {departments: [1]}}]
    departments: [{id: 1, name: 公司, parentid: 0}]
    members: [{userid: alice, name: Alice, department: [1]}]
suites:
  - {suite_id: wwsuitea, secret: sa, provider: wwprovidera}
  - {suite_id: wwsuiteb, secret: sb, provider: wwproviderb}
  - {suite_id: wwsuitec, secret: sc}
providers:
  - {corpid: wwprovidera, secret: pa}
  - {corpid: wwproviderb, secret: pb}
`)
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w), mockserver.WithFrozenClock())
	openID := func(suite, secret string) string {
		tok := testkit.SuiteToken(t, srv, suite, secret)
		code := testkit.MintSuite(t, srv, suite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: "wwcorp", UserID: "alice"})
		return testkit.Str(t, testkit.GetOK(t, testkit.SuiteURL(srv, "/cgi-bin/service/auth/getuserinfo3rd", tok, "code", code)), "open_userid")
	}
	a, b, c := openID("wwsuitea", "sa"), openID("wwsuiteb", "sb"), openID("wwsuitec", "sc")
	if a == b {
		t.Errorf("providers a and b both read %q", a)
	}
	if c != a {
		t.Errorf("a suite without a provider belongs to the first: %q, want %q", c, a)
	}
}

// TestUserInfo3rdHidesUseridOutsideInstalls: a member of a corp that has
// not installed the suite gets a cipher for the userid — "如果该企业与第三方
// 应用没有授权关系时,返回密文UserId"
// (https://developer.work.weixin.qq.com/document/path/91121) — with their
// corpid and open_userid; the old endpoint answers the same.
func TestUserInfo3rdHidesUseridOutsideInstalls(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	for _, path := range []string{"/cgi-bin/service/auth/getuserinfo3rd", "/cgi-bin/service/getuserinfo3rd"} {
		code := testkit.MintSuite(t, srv, testkit.ThirdSuite, mockserver.SuiteCodeRequest{Kind: "oauth", CorpID: testkit.Corp2, UserID: "zhaoliu"})
		got := testkit.GetOK(t, testkit.SuiteURL(srv, path, tok, "code", code))
		corp, user := got["corpid"], got["userid"]
		if path == "/cgi-bin/service/getuserinfo3rd" {
			corp, user = got["CorpId"], got["UserId"]
		}
		if corp != testkit.Corp2 || user == "zhaoliu" || user == "" || user != got["open_userid"] {
			t.Errorf("%s: %v", path, got)
		}
		if _, ok := got["user_ticket"]; ok {
			t.Errorf("%s: a user_ticket outside every install: %v", path, got)
		}
	}
}

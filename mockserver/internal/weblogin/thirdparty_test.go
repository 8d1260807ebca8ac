package weblogin_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// Third-party web logins: a suite's authorize page
// (https://developer.work.weixin.qq.com/document/path/91120), its QR login
// (login_type=ServiceApp, https://developer.work.weixin.qq.com/document/path/98171,
// exchanged per https://developer.work.weixin.qq.com/document/path/98179)
// and the provider's website login
// (https://developer.work.weixin.qq.com/document/path/91124, 91125).

const otherProvider = "wwotherprovider01"

// thirdPartyWorld is the default world with the third-party suite trusting
// 127.0.0.1 (login domain localhost) and a second provider.
func thirdPartyWorld(t *testing.T) *fixtures.World {
	t.Helper()
	w := fixtures.Default()
	for i := range w.Suites {
		if w.Suites[i].SuiteID == testkit.ThirdSuite {
			w.Suites[i].TrustedDomains = []string{"127.0.0.1"}
			w.Suites[i].LoginDomains = []string{"127.0.0.1:3000"}
		}
	}
	w.Providers = append(w.Providers, fixtures.Provider{CorpID: otherProvider, Secret: "other-secret", LoginDomains: []string{"127.0.0.1"}})
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	return w
}

func suiteAuthorizeURL(srv *mockserver.Server, kv ...string) string {
	return testkit.AuthorizeURL(srv, append([]string{"appid", testkit.ThirdSuite, "agentid", ""}, kv...)...)
}

func userInfo3rd(t *testing.T, srv *mockserver.Server, tok, code string) *testkit.Resp {
	t.Helper()
	return testkit.Get(t, testkit.SuiteURL(srv, "/cgi-bin/service/auth/getuserinfo3rd", tok, "code", code))
}

func TestSuiteAuthorizeLogin(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFixtures(thirdPartyWorld(t)))
	testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp1})
	tok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	dkTok := testkit.SuiteToken(t, srv, testkit.DKSuite, testkit.DKSecret)

	page := suiteAuthorizeURL(srv)
	body := testkit.WantPage(t, testkit.Get(t, page), http.StatusOK,
		"模拟第三方应用", `data-corpid="`+testkit.Corp1+`" data-userid="zhangsan"`, `action="/wwmock/oauth3rd/choose"`, `data-visitor="1"`)
	if strings.Contains(body, "zhaoliu") {
		t.Error("the page lists a member of a corp that has not installed the suite")
	}
	choose := func(page string, kv ...string) *testkit.Resp {
		return testkit.PostForm(t, srv.URL()+"/wwmock/oauth3rd/choose", testkit.AuthorizeForm(t, page, kv...))
	}
	code, state := testkit.Redirected(t, choose(page, "member", testkit.Corp1+" zhangsan"), testkit.AppCallback+"?code=")
	if state != "abc" {
		t.Errorf("state %q", state)
	}
	// Another suite's token: 50001, the code stays unspent.
	testkit.WeComError(t, userInfo3rd(t, srv, dkTok, code), errcode.RedirectDomainMismatch)
	m := testkit.OK(t, userInfo3rd(t, srv, tok, code))
	if m["corpid"] != testkit.Corp1 || m["userid"] != "zhangsan" || m["open_userid"] == nil || m["user_ticket"] != nil {
		t.Errorf("getuserinfo3rd %v", m)
	}
	testkit.WeComError(t, userInfo3rd(t, srv, tok, code), errcode.InvalidCode) // single use

	// snsapi_privateinfo: consent, then a user_ticket.
	page = suiteAuthorizeURL(srv, "scope", "snsapi_privateinfo")
	testkit.WantPage(t, choose(page, "member", testkit.Corp1+" lisi"), http.StatusOK,
		`action="/wwmock/oauth3rd/consent"`, `name="member" value="`+testkit.Corp1+` lisi"`)
	r := testkit.PostForm(t, srv.URL()+"/wwmock/oauth3rd/consent", testkit.AuthorizeForm(t, page, "member", testkit.Corp1+" lisi", "decision", "allow"))
	code, _ = testkit.Redirected(t, r, testkit.AppCallback)
	if m := testkit.OK(t, userInfo3rd(t, srv, tok, code)); m["userid"] != "lisi" || m["user_ticket"] == nil {
		t.Errorf("privateinfo getuserinfo3rd %v", m)
	}

	// A visitor: an openid only.
	code, _ = testkit.Redirected(t, choose(suiteAuthorizeURL(srv), "visitor", "1"), testkit.AppCallback)
	if m := testkit.OK(t, userInfo3rd(t, srv, tok, code)); m["openid"] == nil || m["userid"] != nil {
		t.Errorf("visitor getuserinfo3rd %v", m)
	}

	// A member of a corp that has not installed the suite is refused.
	testkit.WantPage(t, choose(suiteAuthorizeURL(srv), "member", testkit.Corp2+" zhaoliu"), http.StatusBadRequest, "成员不存在")

	// The queued next login works here too.
	if err := srv.NextLogin(mockserver.LoginAs{UserID: "wangwu"}); err != nil {
		t.Fatal(err)
	}
	code, _ = testkit.Redirected(t, testkit.Get(t, suiteAuthorizeURL(srv)), testkit.AppCallback)
	if m := testkit.OK(t, userInfo3rd(t, srv, tok, code)); m["userid"] != "wangwu" {
		t.Errorf("next login %v", m)
	}
}

func TestSuiteAuthorizeValidation(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFixtures(thirdPartyWorld(t)))
	for _, tt := range map[string]struct {
		kv   []string
		want []string
	}{
		"untrusted host": {[]string{"redirect_uri", "https://evil.example.net/cb"},
			[]string{"redirect_uri需使用应用可信域名", "evil.example.net", "suite_id: " + testkit.ThirdSuite, "trusted_domains"}},
		"no suite trusts anything": {[]string{"appid", testkit.DKSuite}, []string{"redirect_uri需使用应用可信域名", "none"}},
		"bad scope":                {[]string{"scope", "snsapi_userinfo"}, []string{"scope参数错误"}},
	} {
		testkit.WantPage(t, testkit.Get(t, suiteAuthorizeURL(srv, tt.kv...)), http.StatusBadRequest, tt.want...)
	}
}

func TestSuiteQRLogin(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFixtures(thirdPartyWorld(t)))
	testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp1})
	tok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)

	l, _ := testkit.OpenQRPage(t, srv, "login_type", "ServiceApp", "appid", testkit.ThirdSuite, "agentid", "")
	if l.SuiteID != testkit.ThirdSuite || l.Status != mockserver.QRWaiting {
		t.Fatalf("login %+v", l)
	}
	phone := srv.URL() + "/wwmock/qr/" + l.Key + "/phone"
	testkit.WantPage(t, testkit.Get(t, phone), http.StatusOK, `data-corpid="`+testkit.Corp1+`" data-userid="lisi"`)
	for _, form := range []url.Values{
		testkit.FormValues("action", "scan", "member", testkit.Corp1+" lisi"),
		testkit.FormValues("action", "confirm"),
	} {
		if r := testkit.PostForm(t, phone, form); r.Status != http.StatusSeeOther {
			t.Fatalf("phone %v: %s", form, r)
		}
	}
	code, state := testkit.Redirected(t, testkit.Get(t, srv.URL()+"/wwmock/qr/"+l.Key), testkit.AppCallback+"?code=")
	if state != "abc" {
		t.Errorf("state %q", state)
	}
	m := testkit.OK(t, userInfo3rd(t, srv, tok, code))
	if m["corpid"] != testkit.Corp1 || m["userid"] != "lisi" || m["open_userid"] == nil {
		t.Errorf("getuserinfo3rd %v", m)
	}
	testkit.WeComError(t, userInfo3rd(t, srv, tok, code), errcode.InvalidCode)

	// The Go API scans a suite's login by userid alone.
	l, _ = testkit.OpenQRPage(t, srv, "login_type", "ServiceApp", "appid", testkit.ThirdSuite)
	if l, err := srv.ScanQRLogin(l.Key, mockserver.LoginAs{UserID: "zhangsan"}); err != nil || l.CorpID != testkit.Corp1 {
		t.Fatalf("ScanQRLogin = %+v, %v", l, err)
	}

	// The login domain (127.0.0.1:3000) is checked, not the trusted domain.
	testkit.WantPage(t, testkit.Get(t, testkit.QRLoginURL(srv, "login_type", "ServiceApp", "appid", testkit.ThirdSuite, "redirect_uri", "http://127.0.0.1:4000/cb")),
		http.StatusBadRequest, "redirect_uri需使用应用可信域名", "login_domains", "127.0.0.1:4000")
	testkit.WantPage(t, testkit.Get(t, testkit.QRLoginURL(srv, "login_type", "ServiceApp", "appid", "wwnosuch")),
		http.StatusBadRequest, "appid参数错误", testkit.ThirdSuite)
}

// providerLoginURL is the provider's website login URL.
func providerLoginURL(srv *mockserver.Server, kv ...string) string {
	return testkit.PageURL(srv, "/wwopen/sso/3rd_qrConnect", []string{
		"appid", "wwmockprovider0001", "redirect_uri", testkit.AppCallback, "state", "xyz", "usertype", "admin",
	}, kv...)
}

func providerToken(t *testing.T, srv *mockserver.Server, corpID, secret string) string {
	t.Helper()
	m := testkit.OK(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/cgi-bin/service/get_provider_token",
		map[string]string{"corpid": corpID, "provider_secret": secret}))
	return testkit.Str(t, m, "provider_access_token")
}

// providerLogin picks a member on the page and returns the auth_code.
func providerLogin(t *testing.T, srv *mockserver.Server, page, member string) string {
	t.Helper()
	r := testkit.PostForm(t, srv.URL()+"/wwmock/sso3rd/choose", testkit.AuthorizeForm(t, page, "member", member))
	if r.Status != http.StatusFound {
		t.Fatalf("choose: %s", r)
	}
	u, err := url.Parse(r.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(u.String(), testkit.AppCallback+"?auth_code=") || u.Query().Get("state") != "xyz" {
		t.Fatalf("Location %q", r.Header.Get("Location"))
	}
	return u.Query().Get("auth_code")
}

func TestProviderWebsiteLogin(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFixtures(thirdPartyWorld(t)), mockserver.WithFrozenClock())
	tok := providerToken(t, srv, "wwmockprovider0001", "mock-provider-secret")
	other := providerToken(t, srv, otherProvider, "other-secret")
	info := func(tok, code string) *testkit.Resp {
		return testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/service/get_login_info", "provider_access_token", tok),
			map[string]string{"auth_code": code})
	}

	// Corp 1 has the 代开发 template installed (agentid 1000010, department 2).
	page := providerLoginURL(srv)
	body := testkit.WantPage(t, testkit.Get(t, page), http.StatusOK, `data-corpid="`+testkit.Corp1+`" data-userid="zhangsan"`, "管理员登录")
	if strings.Contains(body, "zhaoliu") {
		t.Error("the page lists a corp without an install of the provider")
	}
	code := providerLogin(t, srv, page, testkit.Corp1+" zhangsan")
	testkit.WeComError(t, info(other, code), errcode.RedirectDomainMismatch) // unspent
	m := testkit.OK(t, info(tok, code))
	user, _ := m["user_info"].(map[string]any)
	corp, _ := m["corp_info"].(map[string]any)
	if testkit.Num(t, m, "usertype") != 2 || user["userid"] != "zhangsan" || user["open_userid"] != "wwopen-zhangsan" || user["name"] != "张三" || corp["corpid"] != testkit.Corp1 {
		t.Errorf("get_login_info %v", m)
	}
	if agents, _ := m["agent"].([]any); len(agents) != 1 || fmt.Sprint(agents[0]) != fmt.Sprintf("map[agentid:%d auth_type:1]", testkit.DKAgent) {
		t.Errorf("agent %v", m["agent"])
	}
	auth, _ := m["auth_info"].(map[string]any)
	if depts, _ := auth["department"].([]any); len(depts) != 1 || fmt.Sprint(depts[0]) != "map[id:2 writable:true]" {
		t.Errorf("auth_info %v", m["auth_info"])
	}
	testkit.WeComError(t, info(tok, code), errcode.InvalidCode) // single use

	// A member login: usertype 5, 使用权限, no contact rights.
	code = providerLogin(t, srv, providerLoginURL(srv, "usertype", "member"), testkit.Corp1+" lisi")
	m = testkit.OK(t, info(tok, code))
	if testkit.Num(t, m, "usertype") != 5 || fmt.Sprint(m["agent"]) != fmt.Sprintf("[map[agentid:%d auth_type:0]]", testkit.DKAgent) || fmt.Sprint(m["auth_info"]) != "map[department:[]]" {
		t.Errorf("member get_login_info %v", m)
	}

	// Five minutes on the virtual clock end an auth_code.
	code = providerLogin(t, srv, page, testkit.Corp1+" zhangsan")
	srv.Advance(5 * time.Minute)
	tok = providerToken(t, srv, "wwmockprovider0001", "mock-provider-secret")
	testkit.WeComError(t, info(tok, code), errcode.InvalidCode)
	testkit.WeComError(t, info(tok, "nope"), errcode.InvalidCode)

	// Refusals.
	testkit.WantPage(t, testkit.Get(t, providerLoginURL(srv, "redirect_uri", "https://evil.example.net/cb")), http.StatusBadRequest,
		"redirect_uri需使用应用可信域名", "login_domains", "evil.example.net")
	testkit.WantPage(t, testkit.Get(t, providerLoginURL(srv, "appid", "wwnope")), http.StatusBadRequest, "appid参数错误", "wwmockprovider0001")
	testkit.WantPage(t, testkit.Get(t, providerLoginURL(srv, "usertype", "boss")), http.StatusBadRequest, "usertype参数错误")
	testkit.WantPage(t, testkit.PostForm(t, srv.URL()+"/wwmock/sso3rd/choose", testkit.AuthorizeForm(t, page, "member", testkit.Corp2+" zhaoliu")),
		http.StatusBadRequest, "无法登录")
}

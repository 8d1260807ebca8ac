package weblogin_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

func TestAuthorizePageListsMembers(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	r := testkit.Get(t, testkit.AuthorizeURL(srv))
	body := testkit.WantPage(t, r, http.StatusOK,
		"模拟应用", "模拟科技有限公司", "snsapi_base",
		`data-userid="zhangsan"`, "张三", `data-userid="lisi"`, `data-userid="wangwu"`, `data-userid="zhouqi"`,
		`data-visitor="1"`, "非企业成员",
		`action="/wwmock/oauth/choose"`,
		`<input type="hidden" name="redirect_uri" value="http://127.0.0.1:3000/cb">`,
		`<input type="hidden" name="state" value="abc">`)
	// Only wangwu is outside the app's visible range.
	if n := strings.Count(body, "不在可见范围</span>"); n != 1 {
		t.Errorf("%d members marked outside the visible range, want 1 (wangwu)", n)
	}
	if strings.Contains(body, "zhaoliu") {
		t.Error("the page lists a member of another corp")
	}
	if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
}

func TestAuthorizeValidation(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFixtures(testkit.LoginWorld(t)))
	long := strings.Repeat("a", 129)
	tests := []struct {
		name string
		kv   []string
		want []string
	}{
		{"no appid", []string{"appid", ""}, []string{"appid参数错误", "no appid", testkit.Corp1}},
		{"unknown corp", []string{"appid", "wwnope"}, []string{"appid参数错误", `No corp &#34;wwnope&#34;`, "corpid: wwnope"}},
		{"no redirect_uri", []string{"redirect_uri", ""}, []string{"redirect_uri参数错误", "no redirect_uri"}},
		{"relative redirect_uri", []string{"redirect_uri", "/cb"}, []string{"redirect_uri参数错误", "absolute http or https URL"}},
		{"ftp redirect_uri", []string{"redirect_uri", "ftp://127.0.0.1/cb"}, []string{"redirect_uri参数错误"}},
		{"no response_type", []string{"response_type", ""}, []string{"response_type参数错误", "response_type=code"}},
		{"token response_type", []string{"response_type", "token"}, []string{"response_type参数错误"}},
		{"no scope", []string{"scope", ""}, []string{"scope参数错误"}},
		{"snsapi_userinfo", []string{"scope", "snsapi_userinfo"}, []string{"scope参数错误", "snsapi_userinfo"}},
		{"state of 129 bytes", []string{"state", long}, []string{"state参数错误", "at most 128 bytes", "129 bytes"}},
		{"agentid not a number", []string{"agentid", "abc"}, []string{"无效的agentid参数", "positive number", "1000002 (模拟应用)", "1000003 (Portal)"}},
		{"unknown agentid", []string{"agentid", "999"}, []string{"无效的agentid参数", "no app with agentid 999"}},
		{"untrusted host", []string{"redirect_uri", "https://evil.example.net/cb"},
			[]string{"redirect_uri需使用应用可信域名", "evil.example.net", "localhost, 127.0.0.1", "trusted_domains:\n          - &#34;localhost&#34;\n          - &#34;127.0.0.1&#34;\n          - &#34;evil.example.net&#34;"}},
		{"port not trusted", []string{"agentid", "1000003", "redirect_uri", "https://portal.example.com:8443/cb"},
			[]string{"redirect_uri需使用应用可信域名", "portal.example.com:8443", "port included"}},
		{"subdomain not trusted", []string{"agentid", "1000003", "redirect_uri", "https://sub.portal.example.com/cb"},
			[]string{"redirect_uri需使用应用可信域名", "sub.portal.example.com"}},
		{"default port when the entry names one", []string{"agentid", "1000003", "redirect_uri", "https://example.com/cb"},
			[]string{"redirect_uri需使用应用可信域名"}},
		{"no agentid, no app trusts the host", []string{"agentid", "", "redirect_uri", "https://evil.example.net/cb"},
			[]string{"redirect_uri需使用应用可信域名", "any app of " + testkit.Corp1}},
		{"no agentid, two apps trust the host", []string{"agentid", "", "redirect_uri", "http://localhost:3000/cb"},
			[]string{"无效的agentid参数", "several apps", "1000002, 1000003"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := testkit.WantPage(t, testkit.Get(t, testkit.AuthorizeURL(srv, tt.kv...)), http.StatusBadRequest, tt.want...)
			if !strings.Contains(body, "How to fix") {
				t.Error("the error page does not say how to fix it")
			}
		})
	}

	ok := []struct {
		name, wantApp string
		kv            []string
	}{
		{"empty state", "模拟应用", []string{"state", ""}},
		{"state of 128 bytes", "模拟应用", []string{"state", long[:128]}},
		{"entry with port", "Portal", []string{"agentid", "1000003", "redirect_uri", "https://example.com:8443/cb"}},
		{"https on a trusted host", "Portal", []string{"agentid", "1000003", "redirect_uri", "https://portal.example.com/cb?x=1"}},
		{"no agentid: the one app that trusts the host", "Portal", []string{"agentid", "", "redirect_uri", "https://portal.example.com/cb"}},
	}
	for _, tt := range ok {
		t.Run(tt.name, func(t *testing.T) {
			testkit.WantPage(t, testkit.Get(t, testkit.AuthorizeURL(srv, tt.kv...)), http.StatusOK, "<h1>"+tt.wantApp+"</h1>")
		})
	}
}

func TestAuthorizeLoginAndExchange(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ctx := context.Background()
	app := sdk(srv, testkit.Corp1, testkit.AppSecret)

	page := testkit.AuthorizeURL(srv)
	code, state := testkit.Redirected(t, testkit.Choose(t, srv, page, "userid", "zhangsan"), testkit.AppCallback+"?code=")
	if state != "abc" {
		t.Errorf("state %q", state)
	}
	id, err := app.UserInfoFromCode(ctx, code)
	if err != nil || id.UserID != "zhangsan" || id.UserTicket != "" || id.OpenID != "" {
		t.Fatalf("UserInfoFromCode = %+v, %v", id, err)
	}
	if _, err := app.UserInfoFromCode(ctx, code); !errors.Is(err, errcode.InvalidCode) {
		t.Errorf("second exchange: %v, want 40029", err)
	}

	// The old endpoint answers the same code in PascalCase.
	code, _ = testkit.Redirected(t, testkit.Choose(t, srv, page, "userid", "lisi"), testkit.AppCallback)
	m := testkit.GetOK(t, testkit.OAuthOldInfoURL(srv, testkit.AppToken(t, srv), code))
	if m["UserId"] != "lisi" {
		t.Errorf("user/getuserinfo %v", m)
	}
}

func TestAuthorizeRedirectShape(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tests := []struct {
		redirect, state, wantPrefix, wantSuffix string
	}{
		{testkit.AppCallback, "", testkit.AppCallback + "?code=", "&state="},
		{"http://localhost:3000/cb?from=menu", "s1", "http://localhost:3000/cb?from=menu&code=", "&state=s1"},
		{"http://localhost:3000/#/login", "s2", "http://localhost:3000/?code=", "&state=s2#/login"},
	}
	for _, tt := range tests {
		page := testkit.AuthorizeURL(srv, "redirect_uri", tt.redirect, "state", tt.state)
		r := testkit.Choose(t, srv, page, "userid", "zhangsan")
		testkit.Redirected(t, r, tt.wantPrefix)
		if loc := r.Header.Get("Location"); !strings.HasSuffix(loc, tt.wantSuffix) {
			t.Errorf("Location %q, want it to end with %q", loc, tt.wantSuffix)
		}
	}
}

func TestAuthorizeVisitor(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	code, _ := testkit.Redirected(t, testkit.Choose(t, srv, testkit.AuthorizeURL(srv), "visitor", "1"), testkit.AppCallback)
	id, err := sdk(srv, testkit.Corp1, testkit.AppSecret).UserInfoFromCode(context.Background(), code)
	if err != nil || id.IsMember() || !strings.HasPrefix(id.OpenID, "o") {
		t.Fatalf("visitor = %+v, %v; want an openid and no userid", id, err)
	}
	// The old endpoint: OpenId, no UserId.
	code, _ = testkit.Redirected(t, testkit.Choose(t, srv, testkit.AuthorizeURL(srv), "visitor", "1"), testkit.AppCallback)
	m := testkit.GetOK(t, testkit.OAuthOldInfoURL(srv, testkit.AppToken(t, srv), code))
	if m["OpenId"] != id.OpenID || m["UserId"] != nil {
		t.Errorf("user/getuserinfo for a visitor: %v", m)
	}
}

func TestAuthorizeCodeExpiry(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	app := sdk(srv, testkit.Corp1, testkit.AppSecret)
	ctx := context.Background()
	early, _ := testkit.Redirected(t, testkit.Choose(t, srv, testkit.AuthorizeURL(srv), "userid", "zhangsan"), testkit.AppCallback)
	late, _ := testkit.Redirected(t, testkit.Choose(t, srv, testkit.AuthorizeURL(srv), "userid", "zhangsan"), testkit.AppCallback)
	srv.Advance(testkit.CodeTTL - time.Second)
	if _, err := app.UserInfoFromCode(ctx, early); err != nil {
		t.Errorf("a second before expiry: %v", err)
	}
	srv.Advance(time.Second)
	if _, err := app.UserInfoFromCode(ctx, late); !errors.Is(err, errcode.InvalidCode) {
		t.Errorf("after 5 minutes: %v, want 40029", err)
	}
}

func TestAuthorizeCodeOfAnotherApp(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFixtures(testkit.LoginWorld(t)))
	ctx := context.Background()
	code, _ := testkit.Redirected(t, testkit.Choose(t, srv, testkit.AuthorizeURL(srv), "userid", "zhangsan"), testkit.AppCallback)
	for name, c := range map[string]struct{ corp, secret string }{
		"another corp's app":       {testkit.Corp2, testkit.AppSecret2},
		"another app of the corp":  {testkit.Corp1, "portal-secret"},
		"the corp's contacts sync": {testkit.Corp1, testkit.ContactsSecret},
	} {
		if _, err := sdk(srv, c.corp, c.secret).UserInfoFromCode(ctx, code); !errors.Is(err, errcode.RedirectDomainMismatch) {
			t.Errorf("%s: %v, want 50001", name, err)
		}
	}
	// Refused codes stay unspent: the right app still redeems it.
	if id, err := sdk(srv, testkit.Corp1, testkit.AppSecret).UserInfoFromCode(ctx, code); err != nil || id.UserID != "zhangsan" {
		t.Errorf("the right app: %+v, %v", id, err)
	}
}

func TestAuthorizePrivateInfoConsent(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	ctx := context.Background()
	app := sdk(srv, testkit.Corp1, testkit.AppSecret)
	page := testkit.AuthorizeURL(srv, "scope", "snsapi_privateinfo")
	testkit.WantPage(t, testkit.Get(t, page), http.StatusOK, "snsapi_privateinfo", "consent")

	consent := testkit.WantPage(t, testkit.Choose(t, srv, page, "userid", "zhangsan"), http.StatusOK,
		"张三", "手机 mobile", `action="/wwmock/oauth/consent"`, `name="userid" value="zhangsan"`, `value="allow"`, `value="deny"`)
	if strings.Contains(consent, "no user_ticket") {
		t.Error("zhangsan is inside the visible range, yet the page warns of no user_ticket")
	}
	form := testkit.AuthorizeForm(t, page, "userid", "zhangsan", "decision", "allow")
	code, _ := testkit.Redirected(t, testkit.PostForm(t, srv.URL()+"/wwmock/oauth/consent", form), testkit.AppCallback)
	id, err := app.UserInfoFromCode(ctx, code)
	if err != nil || id.UserID != "zhangsan" || id.UserTicket == "" {
		t.Fatalf("UserInfoFromCode = %+v, %v; want a user_ticket", id, err)
	}
	detail, err := app.UserDetail(ctx, id.UserTicket)
	if err != nil || detail.Mobile != "13800000001" || detail.Email != "zhangsan@mock.example.com" {
		t.Fatalf("UserDetail = %+v, %v", detail, err)
	}
	// user_ticket: 1800 s.
	srv.Advance(30*time.Minute - time.Second)
	if _, err := app.UserDetail(ctx, id.UserTicket); err != nil {
		t.Errorf("a second before the ticket expires: %v", err)
	}
	srv.Advance(time.Second)
	if _, err := app.UserDetail(ctx, id.UserTicket); !errors.Is(err, errcode.InvalidCode) {
		t.Errorf("expired user_ticket: %v, want 40029", err)
	}
}

func TestAuthorizePrivateInfoDeclined(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	page := testkit.AuthorizeURL(srv, "scope", "snsapi_privateinfo")
	r := testkit.PostForm(t, srv.URL()+"/wwmock/oauth/consent", testkit.AuthorizeForm(t, page, "userid", "zhangsan", "decision", "deny"))
	testkit.WantPage(t, r, http.StatusOK, "你已拒绝授权",
		`href="/connect/oauth2/authorize?appid=wwmockcorp000001&amp;redirect_uri=http%3A%2F%2F127.0.0.1%3A3000%2Fcb&amp;response_type=code&amp;scope=snsapi_privateinfo&amp;state=abc&amp;agentid=1000002"`)
	if loc := r.Header.Get("Location"); loc != "" {
		t.Errorf("a refusal redirected to %q", loc)
	}
}

func TestAuthorizePrivateInfoOutsideVisibleRange(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	page := testkit.AuthorizeURL(srv, "scope", "snsapi_privateinfo")
	testkit.WantPage(t, testkit.Choose(t, srv, page, "userid", "wangwu"), http.StatusOK, "王五", "no user_ticket")
	code, _ := testkit.Redirected(t, testkit.PostForm(t, srv.URL()+"/wwmock/oauth/consent",
		testkit.AuthorizeForm(t, page, "userid", "wangwu", "decision", "allow")), testkit.AppCallback)
	id, err := sdk(srv, testkit.Corp1, testkit.AppSecret).UserInfoFromCode(context.Background(), code)
	if err != nil || id.UserID != "wangwu" || id.UserTicket != "" {
		t.Errorf("member outside the range: %+v, %v; want a userid and no ticket", id, err)
	}
}

func TestAuthorizePrivateInfoWithoutAgentIDIsBase(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	page := testkit.AuthorizeURL(srv, "scope", "snsapi_privateinfo", "agentid", "")
	testkit.WantPage(t, testkit.Get(t, page), http.StatusOK, "without agentid counts as snsapi_base")
	// No consent step: straight back to the app, and no user_ticket.
	code, _ := testkit.Redirected(t, testkit.Choose(t, srv, page, "userid", "zhangsan"), testkit.AppCallback)
	id, err := sdk(srv, testkit.Corp1, testkit.AppSecret).UserInfoFromCode(context.Background(), code)
	if err != nil || id.UserID != "zhangsan" || id.UserTicket != "" {
		t.Errorf("downgraded login: %+v, %v", id, err)
	}
}

func TestAuthorizeFormsRevalidate(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	page := testkit.AuthorizeURL(srv)
	testkit.WantPage(t, testkit.Choose(t, srv, page, "redirect_uri", "https://evil.example.net/cb", "userid", "zhangsan"),
		http.StatusBadRequest, "redirect_uri需使用应用可信域名")
	testkit.WantPage(t, testkit.Choose(t, srv, page, "userid", "zhaoliu"), http.StatusBadRequest, "成员不存在", "zhaoliu")
	testkit.WantPage(t, testkit.Choose(t, srv, page), http.StatusBadRequest, "成员不存在")
	testkit.WantPage(t, testkit.PostForm(t, srv.URL()+"/wwmock/oauth/consent", testkit.AuthorizeForm(t, page, "decision", "allow")),
		http.StatusBadRequest, "成员不存在")
	big := testkit.FormValues("x", strings.Repeat("y", 70<<10))
	testkit.WantPage(t, testkit.PostForm(t, srv.URL()+"/wwmock/oauth/choose", big), http.StatusBadRequest, "could not be read")
}

func TestAuthorizeSearch(t *testing.T) {
	t.Parallel()
	w := fixtures.Default()
	for i := range 60 {
		w.Corps[0].Members = append(w.Corps[0].Members, fixtures.Member{
			UserID: fmt.Sprintf("user%02d", i), Name: fmt.Sprintf("成员%02d", i), Department: []int{2},
		})
	}
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w))

	body := testkit.WantPage(t, testkit.Get(t, testkit.AuthorizeURL(srv)), http.StatusOK, "显示 50 / 64")
	if n := strings.Count(body, `name="userid"`); n != 50 {
		t.Errorf("%d members listed, want 50", n)
	}
	body = testkit.WantPage(t, testkit.Get(t, testkit.AuthorizeURL(srv, "q", "李")), http.StatusOK, `data-userid="lisi"`, `value="李"`)
	if n := strings.Count(body, `name="userid"`); n != 1 {
		t.Errorf("search 李 lists %d members", n)
	}
	testkit.WantPage(t, testkit.Get(t, testkit.AuthorizeURL(srv, "q", "user59")), http.StatusOK, `data-userid="user59"`)
	testkit.WantPage(t, testkit.Get(t, testkit.AuthorizeURL(srv, "q", "nobody-matches")), http.StatusOK, "No member matches", `data-visitor="1"`)
}

func TestLoginPagesEscape(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFixtures(testkit.LoginWorld(t)))
	pages := map[string]*testkit.Resp{
		"authorize": testkit.Get(t, testkit.AuthorizeURL(srv)),
		"consent":   testkit.Choose(t, srv, testkit.AuthorizeURL(srv, "scope", "snsapi_privateinfo"), "userid", "xss"),
		"error":     testkit.Get(t, testkit.AuthorizeURL(srv, "redirect_uri", `https://evil.example.net/"><script>alert(1)</script>`)),
		"qr":        testkit.Get(t, testkit.QRLoginURL(srv, "state", `"><script>alert(2)</script>`)),
	}
	for name, r := range pages {
		body := string(r.Body)
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<b>bold") {
			t.Errorf("%s page renders markup from its data:\n%s", name, body)
		}
	}
	testkit.WantPage(t, pages["authorize"], http.StatusOK, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`, `&lt;b&gt;bold&lt;/b&gt;`)
	testkit.WantPage(t, pages["consent"], http.StatusOK, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`)
	testkit.WantPage(t, pages["error"], http.StatusBadRequest, `&lt;script&gt;alert(1)&lt;/script&gt;`)
}

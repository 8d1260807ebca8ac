package suites_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

func TestInstallPageRendersAndEscapes(t *testing.T) {
	t.Parallel()
	w := fixtures.Default()
	w.Suites[0].Name = `<b>Evil</b> Suite`
	w.Suites[0].TrustedDomains = []string{"vendor.example.com"}
	w.Corps[0].Members = append(w.Corps[0].Members, fixtures.Member{UserID: "xss", Name: `<script>alert(1)</script>`, Department: []int{1}})
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w), mockserver.WithFrozenClock())
	tok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	pre := testkit.PreAuthCode(t, srv, tok)
	r := testkit.Get(t, testkit.InstallPageURL(srv, testkit.ThirdSuite, pre, "https://vendor.example.com/cb?a=1&b=2", `"><x`))
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("page: %s", r)
	}
	body := string(r.Body)
	for _, want := range []string{
		"&lt;b&gt;Evil&lt;/b&gt; Suite", "&lt;script&gt;alert(1)&lt;/script&gt;",
		`value="wwmockcorp000001 zhangsan"`, "模拟科技有限公司", "另一家模拟公司", "第三方应用",
		`name="pre_auth_code" value="` + pre + `"`, "&#34;&gt;&lt;x",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, bad := range []string{"<script>alert", "<b>Evil", "http://cdn", "https://cdn", "<script src"} {
		if strings.Contains(body, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	// The login pages' headers: no inline style or script, nothing cached,
	// no referrer.
	if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "style-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
	if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("Referrer-Policy") != "no-referrer" || r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("headers %v", r.Header)
	}
	// The 代开发 template is already installed in corp 1: its page marks it.
	dkTok := testkit.SuiteToken(t, srv, testkit.DKSuite, testkit.DKSecret)
	page := string(testkit.Get(t, testkit.InstallPageURL(srv, testkit.DKSuite, testkit.PreAuthCode(t, srv, dkTok), "", "")).Body)
	if !strings.Contains(page, "已安装") || !strings.Contains(page, "代开发应用") || !strings.Contains(page, `disabled>张三`) {
		t.Errorf("dk page does not mark corp 1 as installed:\n%s", page)
	}
}

func TestInstallPageTestAuthorizationBadge(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	pre := testkit.PreAuthCode(t, srv, tok)
	testkit.OK(t, testkit.PostSuite(t, srv, "/cgi-bin/service/set_session_info", tok,
		map[string]any{"pre_auth_code": pre, "session_info": map[string]any{"auth_type": 1}}))
	if body := string(testkit.Get(t, testkit.InstallPageURL(srv, testkit.ThirdSuite, pre, "", "")).Body); !strings.Contains(body, "测试授权") {
		t.Error("a test authorization is not marked")
	}
}

func TestInstallPageErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	pre := testkit.PreAuthCode(t, srv, tok)
	tests := []struct {
		name   string
		url    string
		status int
		text   string
	}{
		{"no parameters", srv.URL() + "/3rdapp/install", 400, "suite_id and pre_auth_code"},
		{"unknown suite", testkit.InstallPageURL(srv, "nosuch", pre, "", ""), 404, "No suite nosuch"},
		{"unknown code", testkit.InstallPageURL(srv, testkit.ThirdSuite, "nope", "", ""), 400, "unknown, already used"},
		{"another suite's code", testkit.InstallPageURL(srv, testkit.DKSuite, pre, "", ""), 400, "unknown, already used"},
		{"bad redirect", testkit.InstallPageURL(srv, testkit.ThirdSuite, pre, "javascript:alert(1)", ""), 400, "redirect_uri"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testkit.Get(t, tt.url)
			if r.Status != tt.status || !strings.Contains(string(r.Body), tt.text) {
				t.Errorf("%s: want %d with %q", r, tt.status, tt.text)
			}
		})
	}
	t.Run("API host", func(t *testing.T) {
		r := testkit.Do(t, http.MethodGet, testkit.InstallPageURL(srv, testkit.ThirdSuite, pre, "", ""), nil, nil)
		if r.Status != http.StatusOK {
			t.Fatalf("on the mock's host: %s", r)
		}
		req, _ := http.NewRequest(http.MethodGet, testkit.InstallPageURL(srv, testkit.ThirdSuite, pre, "", ""), nil)
		req.Host = "qyapi.weixin.qq.com"
		res, err := testkit.HTTPClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("on qyapi.weixin.qq.com: HTTP %d, want 404", res.StatusCode)
		}
	})
	t.Run("no admin picked", func(t *testing.T) {
		r := testkit.SubmitInstall(t, srv, url.Values{"suite_id": {testkit.ThirdSuite}, "pre_auth_code": {pre}})
		if r.Status != http.StatusBadRequest {
			t.Errorf("%s", r)
		}
	})
	t.Run("unknown member", func(t *testing.T) {
		r := testkit.SubmitInstall(t, srv, url.Values{"suite_id": {testkit.ThirdSuite}, "pre_auth_code": {pre}, "admin": {testkit.Corp1 + " ghost"}})
		if r.Status != http.StatusNotFound || !strings.Contains(string(r.Body), "ghost") {
			t.Errorf("%s", r)
		}
	})
	t.Run("expired code", func(t *testing.T) {
		srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
		pre := testkit.PreAuthCode(t, srv, testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret))
		srv.Advance(1200 * time.Second)
		r := testkit.Get(t, testkit.InstallPageURL(srv, testkit.ThirdSuite, pre, "", ""))
		if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), "expired") {
			t.Errorf("%s", r)
		}
	})
}

func TestInstallPageSubmit(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	pre := testkit.PreAuthCode(t, srv, tok)
	form := url.Values{
		"suite_id": {testkit.ThirdSuite}, "pre_auth_code": {pre}, "state": {"st8"},
		"redirect_uri": {"http://127.0.0.1:9/installed"}, "admin": {testkit.Corp1 + " lisi"}, "scope": {"self"},
	}
	r := testkit.SubmitInstall(t, srv, form)
	if r.Status != http.StatusFound {
		t.Fatalf("submit: %s", r)
	}
	loc, err := url.Parse(r.Header.Get("Location"))
	if err != nil || loc.Host != "127.0.0.1:9" || loc.Path != "/installed" || loc.Query().Get("state") != "st8" ||
		loc.Query().Get("expires_in") != "600" || loc.Query().Get("auth_code") == "" {
		t.Fatalf("Location %q", r.Header.Get("Location"))
	}
	b := testkit.DecodeStrict[testkit.PermanentCodeBody](t, testkit.OKBody(t, testkit.PostSuite(t, srv, "/cgi-bin/service/get_permanent_code", tok,
		map[string]string{"auth_code": loc.Query().Get("auth_code")})))
	p := b.AuthInfo.Agent[0].Privilege
	if b.AuthUserInfo.UserID != "lisi" || len(p.AllowUser) != 1 || p.AllowUser[0] != "lisi" || len(p.AllowParty) != 0 || b.State != "st8" {
		t.Errorf("install from the page: %+v", b)
	}
	// The pre_auth_code is spent.
	if r := testkit.SubmitInstall(t, srv, form); r.Status != http.StatusBadRequest {
		t.Errorf("second submit: %s", r)
	}
	// Without a redirect_uri the page shows the auth_code.
	form = url.Values{"suite_id": {testkit.ThirdSuite}, "pre_auth_code": {testkit.PreAuthCode(t, srv, tok)}, "admin": {testkit.Corp2 + " zhaoliu"}}
	r = testkit.SubmitInstall(t, srv, form)
	if r.Status != http.StatusOK || !strings.Contains(string(r.Body), "auth_code") {
		t.Errorf("without redirect_uri: %s", r)
	}
	// Installing twice into a corp: 409.
	form = url.Values{"suite_id": {testkit.ThirdSuite}, "pre_auth_code": {testkit.PreAuthCode(t, srv, tok)}, "admin": {testkit.Corp2 + " zhaoliu"}}
	if r := testkit.SubmitInstall(t, srv, form); r.Status != http.StatusConflict || !strings.Contains(string(r.Body), "已安装") {
		t.Errorf("second install: %s", r)
	}
}

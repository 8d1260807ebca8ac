package suites_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// TestInstallRedirectHeldToSuiteDomains: the install page sends the
// auth_code only to the suite's own domains (its 授权完成回调域名,
// https://developer.work.weixin.qq.com/document/path/90597), loopback at any
// port for a suite without any; another host gets WeCom's refusal page on
// GET and POST, and nothing is installed.
func TestInstallRedirectHeldToSuiteDomains(t *testing.T) {
	t.Parallel()
	w := fixtures.Default()
	w.Suites[0].TrustedDomains = []string{"vendor.example.com"}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w), mockserver.WithFrozenClock())
	tok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	pre := testkit.PreAuthCode(t, srv, tok)
	for _, bad := range []string{"https://evil.example.com/steal", "https://vendor.example.com.evil.example/cb", "http://localhost:8080/cb"} {
		r := testkit.Get(t, testkit.InstallPageURL(srv, testkit.ThirdSuite, pre, bad, ""))
		if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), "授权完成回调域名") {
			t.Errorf("GET with %s: %s", bad, r)
		}
		r = testkit.SubmitInstall(t, srv, url.Values{
			"suite_id": {testkit.ThirdSuite}, "pre_auth_code": {pre}, "redirect_uri": {bad}, "admin": {testkit.Corp1 + " zhangsan"},
		})
		if r.Status != http.StatusBadRequest || r.Header.Get("Location") != "" || !strings.Contains(string(r.Body), "授权完成回调域名") {
			t.Errorf("POST with %s: %s Location %q", bad, r, r.Header.Get("Location"))
		}
	}
	if r := testkit.Get(t, testkit.InstallPageURL(srv, testkit.ThirdSuite, pre, "https://vendor.example.com/cb", "")); r.Status != http.StatusOK {
		t.Errorf("the suite's domain: %s", r)
	}
	// The refused posts installed nothing: the code still installs.
	r := testkit.SubmitInstall(t, srv, url.Values{
		"suite_id": {testkit.ThirdSuite}, "pre_auth_code": {pre}, "redirect_uri": {"https://vendor.example.com/cb"}, "admin": {testkit.Corp1 + " zhangsan"},
	})
	if loc, _ := url.Parse(r.Header.Get("Location")); r.Status != http.StatusFound || loc.Host != "vendor.example.com" || loc.Query().Get("auth_code") == "" {
		t.Errorf("install to the suite's domain: %s Location %q", r, r.Header.Get("Location"))
	}

	// The default suite has no trusted_domains: loopback only, any port.
	def := mockserver.NewTest(t, mockserver.WithFrozenClock())
	dtok := testkit.SuiteToken(t, def, testkit.ThirdSuite, testkit.ThirdSecret)
	dpre := testkit.PreAuthCode(t, def, dtok)
	if r := testkit.Get(t, testkit.InstallPageURL(def, testkit.ThirdSuite, dpre, "http://127.0.0.1:9/installed", "")); r.Status != http.StatusOK {
		t.Errorf("loopback: %s", r)
	}
	if r := testkit.Get(t, testkit.InstallPageURL(def, testkit.ThirdSuite, dpre, "https://vendor.example.com/cb", "")); r.Status != http.StatusBadRequest {
		t.Errorf("a suite without domains sent the code away: %s", r)
	}
}

package mockserver_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// getWithHost sends GET rawURL with another Host header, as a browser does
// when WeCom's host names are resolved to the mock.
func getWithHost(t *testing.T, rawURL, host string) *testkit.Resp {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	res, err := testkit.HTTPClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return &testkit.Resp{Status: res.StatusCode, Header: res.Header, Body: body}
}

func TestPagesOnWeComHosts(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	authorize := strings.TrimPrefix(testkit.AuthorizeURL(srv), srv.URL())
	qrLogin := strings.TrimPrefix(testkit.QRLoginURL(srv), srv.URL())
	qrConnect := "/wwopen/sso/qrConnect?appid=" + testkit.Corp1 + "&agentid=1000002&redirect_uri=http%3A%2F%2F127.0.0.1%3A3000%2Fcb"
	install := strings.TrimPrefix(testkit.InstallPageURL(srv, testkit.ThirdSuite, testkit.PreAuthCode(t, srv, testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)), "", ""), srv.URL())
	tests := []struct {
		host, path string
		want       int
	}{
		{"open.weixin.qq.com", authorize, http.StatusOK},
		{"open.weixin.qq.com:443", authorize, http.StatusOK},
		{"login.work.weixin.qq.com", qrLogin, http.StatusOK},
		{"open.work.weixin.qq.com", qrConnect, http.StatusOK},
		{"open.work.weixin.qq.com", install, http.StatusOK},
		{"open.work.weixin.qq.com", "/wwmock/static/style.css", http.StatusOK},
		{"open.weixin.qq.com", "/wwmock/static/style.css", http.StatusOK},
		{"login.work.weixin.qq.com", "/wwmock/static/qrlogin.js", http.StatusOK},
		// Each WeCom host serves only its own page.
		{"open.weixin.qq.com", qrLogin, http.StatusNotFound},
		{"login.work.weixin.qq.com", authorize, http.StatusNotFound},
		{"open.work.weixin.qq.com", qrLogin, http.StatusNotFound},
		{"open.weixin.qq.com", install, http.StatusNotFound},
		{"login.work.weixin.qq.com", install, http.StatusNotFound},
		// The API host serves no pages.
		{"qyapi.weixin.qq.com", authorize, http.StatusNotFound},
		{"qyapi.weixin.qq.com", qrLogin, http.StatusNotFound},
		{"qyapi.weixin.qq.com", install, http.StatusNotFound},
		{"qyapi.weixin.qq.com", "/wwmock/static/style.css", http.StatusNotFound},
		// Any other host is the mock's own address: every page.
		{"wecom-mock:8080", authorize, http.StatusOK},
		{"192.168.1.20:8080", qrLogin, http.StatusOK},
		{"wecom-mock:8080", install, http.StatusOK},
	}
	for _, tt := range tests {
		if r := getWithHost(t, srv.URL()+tt.path, tt.host); r.Status != tt.want {
			t.Errorf("%s%s: HTTP %d, want %d", tt.host, tt.path, r.Status, tt.want)
		}
	}
	// The QR code and the phone link follow the host the browser used.
	r := getWithHost(t, srv.URL()+qrLogin, "login.work.weixin.qq.com")
	if !strings.Contains(string(r.Body), `href="http://login.work.weixin.qq.com/wwmock/qr/`) {
		t.Error("the phone link does not use the request's host")
	}
	if strings.Contains(string(r.Body), "--addr 0.0.0.0") {
		t.Error("the loopback hint shows on a non-loopback host")
	}
}

func TestPageStaticAssets(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	for path, ct := range map[string]string{
		"/wwmock/static/style.css":  "text/css; charset=utf-8",
		"/wwmock/static/qrlogin.js": "text/javascript; charset=utf-8",
		"/wwmock/static/icon.svg":   "image/svg+xml",
	} {
		r := testkit.Get(t, srv.URL()+path)
		if r.Status != http.StatusOK || r.Header.Get("Content-Type") != ct || len(r.Body) == 0 {
			t.Errorf("%s: %d %q (%d bytes)", path, r.Status, r.Header.Get("Content-Type"), len(r.Body))
		}
	}
	for _, path := range []string{"/wwmock/static/", "/wwmock/static/nope.css", "/wwmock/static/../templates/layout.html"} {
		if r := testkit.Get(t, srv.URL()+path); r.Status != http.StatusNotFound {
			t.Errorf("%s: %s", path, r)
		}
	}
	if r := testkit.Do(t, http.MethodPost, testkit.AuthorizeURL(srv), nil, nil); r.Status != http.StatusMethodNotAllowed || r.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST to the authorize page: %s Allow %q", r, r.Header.Get("Allow"))
	}
	if r := testkit.Do(t, http.MethodHead, testkit.AuthorizeURL(srv), nil, nil); r.Status != http.StatusOK || len(r.Body) != 0 {
		t.Errorf("HEAD of the authorize page: %s", r)
	}
}

// TestPagesAreSelfContained checks that no page loads or links anything
// outside the mock: every src and href is a path on the mock, or the phone
// page's absolute URL on the mock's own host. The install pages are on the
// login pages' layout and under their CSP too.
func TestPagesAreSelfContained(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	l, qrPage := testkit.OpenQRPage(t, srv)
	tok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	pages := map[string]string{
		"authorize":     string(testkit.Get(t, testkit.AuthorizeURL(srv)).Body),
		"consent":       string(testkit.Choose(t, srv, testkit.AuthorizeURL(srv, "scope", "snsapi_privateinfo"), "userid", "lisi").Body),
		"error":         string(testkit.Get(t, testkit.AuthorizeURL(srv, "redirect_uri", "https://evil.example.net/")).Body),
		"qr":            qrPage,
		"phone":         string(testkit.Get(t, l.PhoneURL).Body),
		"install":       string(testkit.Get(t, testkit.InstallPageURL(srv, testkit.ThirdSuite, testkit.PreAuthCode(t, srv, tok), "https://vendor.example.com/cb", "")).Body),
		"install error": string(testkit.Get(t, testkit.InstallPageURL(srv, testkit.ThirdSuite, "nope", "", "")).Body),
		"install done": string(testkit.SubmitInstall(t, srv, url.Values{"suite_id": {testkit.ThirdSuite},
			"pre_auth_code": {testkit.PreAuthCode(t, srv, tok)}, "admin": {testkit.Corp1 + " zhangsan"}}).Body),
	}
	for name, body := range pages {
		if !strings.Contains(body, `<link rel="stylesheet" href="/wwmock/static/style.css">`) {
			t.Errorf("%s page is not on the shared layout", name)
		}
	}
	attr := regexp.MustCompile(`(?:src|href|action)="([^"]*)"`)
	for name, body := range pages {
		for _, m := range attr.FindAllStringSubmatch(body, -1) {
			u := m[1]
			if !strings.HasPrefix(u, "/") && !strings.HasPrefix(u, srv.URL()+"/") {
				t.Errorf("%s page refers to %q", name, u)
			}
		}
		if strings.Contains(body, "style=") || strings.Contains(body, "<script>") {
			t.Errorf("%s page has inline style or script, which its CSP forbids", name)
		}
	}
}

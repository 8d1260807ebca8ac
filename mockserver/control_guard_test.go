package mockserver_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// guardReq describes one request to the guarded server.
type guardReq struct {
	method, path, host, body string
	header                   map[string]string
}

// sendGuard sends q to srv without following redirects.
func sendGuard(t *testing.T, srv *mockserver.Server, q guardReq) *testkit.Resp {
	t.Helper()
	var body io.Reader
	if q.body != "" {
		body = strings.NewReader(q.body)
	}
	req, err := http.NewRequest(q.method, srv.URL()+q.path, body)
	if err != nil {
		t.Fatal(err)
	}
	if q.host != "" {
		req.Host = q.host
	}
	for k, v := range q.header {
		req.Header.Set(k, v)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return &testkit.Resp{Status: res.StatusCode, Header: res.Header, Body: b}
}

const (
	jsonCT       = "application/json"
	controlToken = "s3cret-control-token"
)

func checkGuard(t *testing.T, srv *mockserver.Server, tests []struct {
	name   string
	req    guardReq
	status int
	inBody string
}) {
	t.Helper()
	for _, tc := range tests {
		r := sendGuard(t, srv, tc.req)
		if r.Status != tc.status || !strings.Contains(string(r.Body), tc.inBody) {
			t.Errorf("%s: %s, want HTTP %d with %q", tc.name, r, tc.status, tc.inBody)
		}
		if r.Status >= 400 && strings.HasPrefix(tc.req.path, "/_mock/") {
			var e struct{ Error string }
			if json.Unmarshal(r.Body, &e) != nil || e.Error == "" {
				t.Errorf("%s: error answer is not the control API's JSON: %s", tc.name, r.Body)
			}
		}
	}
}

// Without a token: the Host rule (DNS rebinding) on /_mock/ only, and
// cross-site writes refused.
func TestControlGuardWithoutToken(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithAllowedHosts("mock.internal", ".svc.test"))
	advance := `{"seconds":1}`
	checkGuard(t, srv, []struct {
		name   string
		req    guardReq
		status int
		inBody string
	}{
		{"loopback address", guardReq{method: "GET", path: "/_mock/clock"}, 200, "now"},
		{"localhost", guardReq{method: "GET", path: "/_mock/clock", host: "localhost:8080"}, 200, "now"},
		{"IPv6 address", guardReq{method: "GET", path: "/_mock/clock", host: "[::1]:8080"}, 200, "now"},
		{"allowed name", guardReq{method: "GET", path: "/_mock/clock", host: "MOCK.internal:8080"}, 200, "now"},
		{"allowed suffix", guardReq{method: "GET", path: "/_mock/clock", host: "wecom.ci.svc.test"}, 200, "now"},
		{"intercepted WeCom host", guardReq{method: "GET", path: "/_mock/clock", host: "qyapi.weixin.qq.com"}, 200, "now"},
		{"rebinding name", guardReq{method: "GET", path: "/_mock/state", host: "attacker.example:8080"}, 403, "--allowed-hosts"},
		{"rebinding name on the dashboard", guardReq{method: "GET", path: "/_mock/clock", host: "x.mock.internal"}, 403, "DNS-rebinding"},
		// The WeCom API answers on any Host, as before.
		{"API on another name", guardReq{method: "GET", path: "/cgi-bin/gettoken?corpid=" + testkit.Corp1 + "&corpsecret=" + testkit.AppSecret,
			host: "attacker.example"}, 200, `"access_token"`},

		{"JSON write", guardReq{method: "POST", path: "/_mock/clock/advance", body: advance, header: map[string]string{"Content-Type": jsonCT + "; charset=utf-8"}}, 200, "now"},
		{"write without a type (curl -X POST)", guardReq{method: "POST", path: "/_mock/reset"}, 200, "reset"},
		{"text/plain write", guardReq{method: "POST", path: "/_mock/clock/advance", body: advance, header: map[string]string{"Content-Type": "text/plain"}}, 403, "cross-site form"},
		{"form write", guardReq{method: "POST", path: "/_mock/reset", body: "a=b", header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}, 403, "application/json"},
		{"multipart delete", guardReq{method: "DELETE", path: "/_mock/faults", body: "x", header: map[string]string{"Content-Type": "multipart/form-data; boundary=x"}}, 403, "Content-Type"},
		{"another site's Origin", guardReq{method: "POST", path: "/_mock/reset", header: map[string]string{"Origin": "http://attacker.example"}}, 403, "cross-site request refused"},
		{"Origin null", guardReq{method: "POST", path: "/_mock/reset", header: map[string]string{"Origin": "null"}}, 403, "cross-site"},
		{"another site's Origin on a read", guardReq{method: "GET", path: "/_mock/state", header: map[string]string{"Origin": "http://attacker.example"}}, 403, "cross-site"},
		{"same-origin page", guardReq{method: "POST", path: "/_mock/reset", host: "127.0.0.1:9", header: map[string]string{"Origin": "http://127.0.0.1:9", "Content-Type": jsonCT}}, 200, "reset"},
	})
}

// With a token every control call needs it (401 JSON otherwise), except
// the health check; the token in the header lifts the cross-site and Host
// rules, which a browser cannot add.
func TestControlGuardToken(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithControlToken(controlToken))
	bearer := "Bearer " + controlToken
	checkGuard(t, srv, []struct {
		name   string
		req    guardReq
		status int
		inBody string
	}{
		{"no token", guardReq{method: "GET", path: "/_mock/state"}, 401, "Authorization: Bearer"},
		{"wrong token", guardReq{method: "GET", path: "/_mock/state", header: map[string]string{"Authorization": "Bearer nope"}}, 401, "token"},
		{"basic auth", guardReq{method: "GET", path: "/_mock/state", header: map[string]string{"Authorization": "Basic " + controlToken}}, 401, "token"},
		{"token", guardReq{method: "GET", path: "/_mock/state", header: map[string]string{"Authorization": bearer}}, 200, "corps"},
		{"lower-case scheme", guardReq{method: "GET", path: "/_mock/clock", header: map[string]string{"Authorization": "bearer " + controlToken}}, 200, "now"},
		{"write without token", guardReq{method: "POST", path: "/_mock/reset", header: map[string]string{"Content-Type": jsonCT}}, 401, "token"},
		{"unknown endpoint without token", guardReq{method: "GET", path: "/_mock/requests/stream"}, 401, "token"},
		{"health check stays open", guardReq{method: "GET", path: "/_mock/healthz"}, 200, "ok"},
		{"text/plain with the token", guardReq{method: "POST", path: "/_mock/reset", body: "{}", header: map[string]string{"Content-Type": "text/plain", "Authorization": bearer}}, 200, "reset"},
		{"Origin with the token", guardReq{method: "POST", path: "/_mock/reset", header: map[string]string{"Origin": "http://tool.example", "Authorization": bearer}}, 200, "reset"},
		{"other Host with the token", guardReq{method: "GET", path: "/_mock/clock", host: "mock.example", header: map[string]string{"Authorization": bearer}}, 200, "now"},
		{"dashboard without token", guardReq{method: "GET", path: "/"}, 401, "/_mock/ui/?token="},
		{"dashboard page without token", guardReq{method: "GET", path: "/_mock/ui/"}, 401, "token"},
		{"dashboard with a wrong token", guardReq{method: "GET", path: "/_mock/ui/?token=nope"}, 401, "wrong control token"},
		{"WeCom API needs no control token", guardReq{method: "GET", path: "/cgi-bin/gettoken?corpid=" + testkit.Corp1 + "&corpsecret=" + testkit.AppSecret}, 200, `"access_token"`},
	})
	if r := sendGuard(t, srv, guardReq{method: "GET", path: "/_mock/state"}); !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("401 without WWW-Authenticate: %v", r.Header)
	}
}

// The dashboard: /_mock/ui/?token=<token> sets an HttpOnly SameSite=Strict
// cookie and redirects to the page without the token; the page and its
// calls to /_mock/ then work with the cookie, still same-site only.
func TestControlGuardDashboardCookie(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithControlToken(controlToken))
	r := sendGuard(t, srv, guardReq{method: "GET", path: "/_mock/ui/?token=" + controlToken})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/_mock/ui/" {
		t.Fatalf("login: %s, Location %q", r, r.Header.Get("Location"))
	}
	res := http.Response{Header: r.Header}
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Value == controlToken {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || cookie.Path != "/" {
		t.Fatalf("cookie %+v in %v", cookie, r.Header["Set-Cookie"])
	}
	withCookie := map[string]string{"Cookie": cookie.Name + "=" + cookie.Value}
	if r := sendGuard(t, srv, guardReq{method: "GET", path: "/_mock/ui/", header: withCookie}); r.Status != 200 || !strings.Contains(string(r.Body), "<html") {
		t.Errorf("dashboard with the cookie: HTTP %d", r.Status)
	}
	if r := sendGuard(t, srv, guardReq{method: "GET", path: "/", header: withCookie}); r.Status != 200 {
		t.Errorf("dashboard at / with the cookie: HTTP %d", r.Status)
	}
	if r := sendGuard(t, srv, guardReq{method: "GET", path: "/_mock/state", header: withCookie}); r.Status != 200 {
		t.Errorf("control API with the cookie: %s", r)
	}
	cross := map[string]string{"Cookie": withCookie["Cookie"], "Origin": "http://attacker.example"}
	if r := sendGuard(t, srv, guardReq{method: "POST", path: "/_mock/reset", header: cross}); r.Status != 403 {
		t.Errorf("cross-site write with the cookie: %s", r)
	}
	wrong := map[string]string{"Cookie": cookie.Name + "=nope"}
	if r := sendGuard(t, srv, guardReq{method: "GET", path: "/_mock/state", header: wrong}); r.Status != 401 {
		t.Errorf("a wrong cookie: %s", r)
	}
}

// The callback-URL verification and the probe report the status and a
// short reason, never the target's body: they would read any address the
// mock reaches.
func TestCallbackChecksDoNotEchoTheTarget(t *testing.T) {
	t.Parallel()
	const secret = "INTERNAL-ADMIN-PAGE-CONTENT"
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, secret)
	}))
	defer target.Close()
	srv := mockserver.NewTest(t)
	r := testkit.SendJSON(t, http.MethodPut, srv.URL()+"/_mock/callbacks/config", map[string]any{
		"corpid": testkit.Corp1, "agentid": testkit.AgentID, "url": target.URL, "token": cbToken, "encoding_aes_key": cbKey,
	})
	if r.Status < 400 || strings.Contains(string(r.Body), secret) || !strings.Contains(string(r.Body), "another body (27 bytes)") {
		t.Errorf("callbacks/config of a URL that does not verify: %s", r)
	}
	r = testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/callbacks/probe", map[string]any{
		"url": target.URL, "token": cbToken, "encoding_aes_key": cbKey, "corpid": testkit.Corp1,
	})
	if r.Status != 200 || strings.Contains(string(r.Body), secret) || !strings.Contains(string(r.Body), "HTTP 200, 27-byte body") {
		t.Errorf("callbacks/probe: %s", r)
	}
}

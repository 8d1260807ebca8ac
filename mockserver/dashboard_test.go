package mockserver_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// wantCSP is the dashboard's policy: its own origin only, no inline script,
// never framed.
const wantCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func TestDashboardShellAndCSP(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	for _, path := range []string{"/", "/_mock/ui/"} {
		r := testkit.Get(t, srv.URL()+path)
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s: %s", path, r)
		}
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("GET %s: Content-Type %q", path, ct)
		}
		if got := r.Header.Get("Content-Security-Policy"); got != wantCSP {
			t.Errorf("GET %s: CSP %q, want %q", path, got, wantCSP)
		}
		if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("GET %s: headers %v", path, r.Header)
		}
		body := string(r.Body)
		if !strings.Contains(body, `<script type="module" src="/_mock/ui/app.js"></script>`) || !strings.Contains(body, ">MOCK<") {
			t.Errorf("GET %s: not the dashboard shell:\n%s", path, body)
		}
		// No inline script: every <script> has a src on our origin.
		for _, tag := range strings.Split(body, "<script")[1:] {
			if !strings.HasPrefix(tag, ` type="module" src="/_mock/ui/`) {
				t.Errorf("GET %s: inline or foreign script <script%s", path, tag[:min(len(tag), 60)])
			}
		}
		if strings.Contains(body, "http://") || strings.Contains(body, "https://") {
			t.Errorf("GET %s: the shell names an absolute URL", path)
		}
	}
}

func TestDashboardAssets(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	for path, ctype := range map[string]string{
		"/_mock/ui/app.js":         "text/javascript",
		"/_mock/ui/pages/world.js": "text/javascript",
		"/_mock/ui/style.css":      "text/css",
		"/_mock/ui/icon.svg":       "image/svg+xml",
	} {
		r := testkit.Get(t, srv.URL()+path)
		if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), ctype) {
			t.Errorf("GET %s: %s (Content-Type %q)", path, r, r.Header.Get("Content-Type"))
		}
		if r.Header.Get("Content-Security-Policy") != wantCSP {
			t.Errorf("GET %s: no CSP", path)
		}
	}
	for _, path := range []string{"/_mock/ui/nope.js", "/_mock/ui/pages/", "/_mock/ui/index.html", "/_mock/ui/../app.js"} {
		if r := testkit.Get(t, srv.URL()+path); r.Status != http.StatusNotFound {
			t.Errorf("GET %s: %s, want 404", path, r)
		}
	}
	// Only GET and HEAD.
	if r := testkit.SendJSON(t, http.MethodPost, srv.URL()+"/", nil); r.Status != http.StatusNotFound || len(r.Body) != 0 {
		t.Errorf("POST /: %s, want an empty 404", r)
	}
}

// The dashboard is the mock's own page: on WeCom's API host "/" stays the
// empty 404 the real qyapi.weixin.qq.com answers; WeCom's page hosts and any
// other address serve it.
func TestDashboardHosts(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	for host, want := range map[string]int{
		"qyapi.weixin.qq.com":      http.StatusNotFound,
		"open.weixin.qq.com":       http.StatusOK,
		"login.work.weixin.qq.com": http.StatusOK,
		"wecom-mock:8080":          http.StatusOK,
	} {
		for _, path := range []string{"/", "/_mock/ui/app.js"} {
			status, body := getOnHost(t, srv.URL()+path, host)
			if want == http.StatusNotFound && path == "/" && len(body) != 0 {
				t.Errorf("%s%s: 404 with a body %q", host, path, body)
			}
			if path == "/_mock/ui/app.js" && want == http.StatusNotFound {
				continue // the control API's JSON 404 there
			}
			if status != want {
				t.Errorf("GET %s on host %s: %d, want %d", path, host, status, want)
			}
		}
	}
}

// getOnHost GETs rawURL as if the browser reached the mock by host.
func getOnHost(t *testing.T, rawURL, host string) (int, []byte) {
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
	return res.StatusCode, body
}

// GET /_mock/visibility tells, per member, which apps see them: the same
// rule as user/get, which answers 60011 for a member outside the app's
// visible range (https://developer.work.weixin.qq.com/document/path/90196).
func TestVisibilityMatrix(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	v := testkit.Control[mockctl.Visibility](t, srv, http.MethodGet, "/_mock/visibility?corpid="+testkit.Corp1, nil)
	if v.CorpID != testkit.Corp1 || len(v.Apps) == 0 || v.Apps[0] != testkit.AgentID {
		t.Fatalf("visibility %+v", v)
	}
	seen := map[string]bool{}
	for _, m := range v.Members {
		for _, id := range m.Visible {
			if id == testkit.AgentID {
				seen[m.UserID] = true
			}
		}
	}
	// 研发部 (2) and its subtree, and the tag 试点 (zhouqi); not 市场部's wangwu.
	want := map[string]bool{"zhangsan": true, "lisi": true, "zhouqi": true, "wangwu": false}
	tok := testkit.AppToken(t, srv)
	for user, visible := range want {
		if seen[user] != visible {
			t.Errorf("%s visible to %d: %v, want %v", user, testkit.AgentID, seen[user], visible)
		}
		r := testkit.Get(t, testkit.URL(srv, "/cgi-bin/user/get", "access_token", tok, "userid", user))
		if visible {
			testkit.OK(t, r)
		} else {
			testkit.WeComError(t, r, errcode.Code(60011))
		}
	}
	testkit.ControlError(t, testkit.Get(t, srv.URL()+"/_mock/visibility?corpid=nope"), http.StatusNotFound, "nope")
	testkit.ControlError(t, testkit.Get(t, srv.URL()+"/_mock/visibility"), http.StatusBadRequest, "corpid")
}

func TestClockFreezeUnfreezeControl(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	c := testkit.Control[mockctl.Clock](t, srv, http.MethodPost, "/_mock/clock/freeze", nil)
	if !c.Frozen {
		t.Fatalf("after freeze: %+v", c)
	}
	at := srv.Now()
	if got := srv.Now(); !got.Equal(at) {
		t.Fatalf("frozen clock moved from %v to %v", at, got)
	}
	c = testkit.Control[mockctl.Clock](t, srv, http.MethodPost, "/_mock/clock/advance", map[string]string{"duration": "2h"})
	if got, _ := c.Time(); !got.Equal(at.Add(2 * time.Hour).Truncate(time.Second)) {
		t.Errorf("advanced frozen clock reads %v, want %v", got, at.Add(2*time.Hour))
	}
	c = testkit.Control[mockctl.Clock](t, srv, http.MethodPost, "/_mock/clock/unfreeze", nil)
	if c.Frozen || srv.Now().Before(at.Add(2*time.Hour)) {
		t.Fatalf("after unfreeze: %+v, now %v", c, srv.Now())
	}
	if st := srv.State(); st.Frozen {
		t.Error("state reports a frozen clock after unfreeze")
	}
	testkit.ControlError(t, testkit.Get(t, srv.URL()+"/_mock/clock/freeze"), http.StatusMethodNotAllowed, "POST")
}

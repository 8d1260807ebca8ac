package browsertest_test

// Browser tests of the login pages: a real headless Chromium, driven with
// chromedp, goes through the flows a developer clicks through — a tiny app
// served by the test starts the login, the browser picks a member on the
// mock's page (or plays the phone in a second tab), lands back on the app,
// and the app exchanges the code with our client.
//
// Without Chromium these tests skip, unless WECOM_MOCK_REQUIRE_BROWSER=1
// (set by CI), which makes a missing browser a failure. WECOM_MOCK_CHROMIUM
// names the browser binary if it is not on PATH. WECOM_MOCK_SCREENSHOTS=DIR
// writes the screenshots of docs/login-pages.md (docs/*.png) into DIR.

import (
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// testApp is a tiny web app that logs in with WeCom: its home page links to
// the mock's login pages, and its callback exchanges the code with our
// client and shows who logged in.
type testApp struct {
	*httptest.Server
	srv *mockserver.Server
}

var appPage = template.Must(template.New("app").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>Test app</title></head><body>
{{if .Home}}
<a id="oauth" href="{{.OAuth}}">Log in with WeCom</a>
<a id="oauth-private" href="{{.OAuthPrivate}}">Log in with WeCom (profile)</a>
<a id="qr" href="{{.QR}}">Log in with a QR code</a>
{{else}}
<p>state <span id="state">{{.State}}</span></p>
{{if .Err}}<p id="error">{{.Err}}</p>{{end}}
{{if .UserID}}<p>Hello <span id="who">{{.UserID}}</span></p>{{end}}
{{if .OpenID}}<p>Hello visitor <span id="openid">{{.OpenID}}</span></p>{{end}}
{{if .Mobile}}<p>mobile <span id="mobile">{{.Mobile}}</span></p>{{end}}
{{end}}
</body></html>`))

func newTestApp(t *testing.T, srv *mockserver.Server) *testApp {
	t.Helper()
	app := &testApp{srv: srv}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		cb := url.QueryEscape(app.URL + "/callback")
		// The URLs as WeCom's docs write them, #wechat_redirect included.
		oauth := func(scope, state string) template.URL {
			return template.URL(srv.URL() + "/connect/oauth2/authorize?appid=" + testkit.Corp1 + "&redirect_uri=" + cb +
				"&response_type=code&scope=" + scope + "&state=" + state + "&agentid=" + strconv.Itoa(testkit.AgentID) + "#wechat_redirect")
		}
		_ = appPage.Execute(w, map[string]any{
			"Home":         true,
			"OAuth":        oauth("snsapi_base", "oauth1"),
			"OAuthPrivate": oauth("snsapi_privateinfo", "oauth2"),
			"QR": template.URL(srv.URL() + "/wwlogin/sso/login?login_type=CorpApp&appid=" + testkit.Corp1 +
				"&agentid=" + strconv.Itoa(testkit.AgentID) + "&redirect_uri=" + cb + "&state=qr1&lang=zh"),
		})
	})
	mux.HandleFunc("/callback", func(w http.ResponseWriter, r *http.Request) {
		data := map[string]any{"State": r.URL.Query().Get("state")}
		c := client.New(testkit.Corp1, testkit.AppSecret, client.WithBaseURL(srv.URL()), client.WithClock(srv.Now),
			client.WithHTTPClient(&http.Client{Timeout: 10 * time.Second}))
		id, err := c.UserInfoFromCode(r.Context(), r.URL.Query().Get("code"))
		if err != nil {
			data["Err"] = err.Error()
		} else {
			data["UserID"], data["OpenID"] = id.UserID, id.OpenID
			if id.UserTicket != "" {
				if d, err := c.UserDetail(r.Context(), id.UserTicket); err == nil {
					data["Mobile"] = d.Mobile
				} else {
					data["Err"] = err.Error()
				}
			}
		}
		_ = appPage.Execute(w, data)
	})
	app.Server = httptest.NewServer(mux)
	t.Cleanup(app.Close)
	return app
}

package mockserver_test

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
	"bytes"
	"context"
	"html/template"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// browserTimeout bounds everything one browser test does.
const browserTimeout = 60 * time.Second

// findChromium returns the browser to drive, or "".
func findChromium() string {
	if p := os.Getenv("WECOM_MOCK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts a headless Chromium for one test and returns the
// context of its first tab. The browser is stopped when the test ends, or
// after browserTimeout.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := findChromium()
	if path == "" {
		if os.Getenv("WECOM_MOCK_REQUIRE_BROWSER") == "1" {
			t.Fatal("WECOM_MOCK_REQUIRE_BROWSER=1 but no Chromium found (install the chromium package, or set WECOM_MOCK_CHROMIUM)")
		}
		t.Skip("no Chromium found: browser tests skipped (install chromium, or set WECOM_MOCK_CHROMIUM; CI sets WECOM_MOCK_REQUIRE_BROWSER=1)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(960, 820),
	)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		bcancel()
		acancel()
		cancel()
	})
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(960, 820)); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return bctx
}

// newTab opens another tab in the browser of ctx.
func newTab(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	return tab
}

// run runs the steps or fails the test, naming what it was doing.
func run(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// text reads the text of the element sel.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// attr reads an attribute of the element sel.
func attr(t *testing.T, ctx context.Context, sel, name string) string {
	t.Helper()
	a, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
	if err != nil || !a.Exists {
		t.Fatalf("attribute %s of %s: %v (exists %v)", name, sel, err, a.Exists)
	}
	return a.Value
}

// visible waits until the element sel is shown.
func visible(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(chromedp.CSS(sel))
}

func click(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)
}

// screenshot captures the tab's viewport as a PNG, checks it decodes, and
// writes it to $WECOM_MOCK_SCREENSHOTS/name when that is set.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(buf))
	if err != nil || cfg.Width == 0 {
		t.Fatalf("screenshot %s is not a PNG: %v", name, err)
	}
	if dir := os.Getenv("WECOM_MOCK_SCREENSHOTS"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

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
		c := sdk(srv, testkit.Corp1, testkit.AppSecret)
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

package browsertest_test

import (
	"html/template"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/browsertest"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// vendorPage is the vendor's page the install redirects to: it shows the
// auth_code and state it was sent.
var vendorPage = template.Must(template.New("vendor").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>Vendor</title></head><body>
<p>auth_code <span id="auth-code">{{.AuthCode}}</span> state <span id="state">{{.State}}</span></p>
</body></html>`))

// TestBrowserSuiteInstall goes through the install page in a real browser:
// the admin picks herself in corp 1, restricts the visible range to
// herself, agrees, and lands on the vendor's page with an auth_code that
// get_permanent_code takes.
func TestBrowserSuiteInstall(t *testing.T) {
	srv := mockserver.NewTest(t)
	vendor := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = vendorPage.Execute(w, map[string]string{"AuthCode": r.URL.Query().Get("auth_code"), "State": r.URL.Query().Get("state")})
	}))
	t.Cleanup(vendor.Close)
	tab := browsertest.NewBrowser(t)
	tok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)

	browsertest.Run(t, tab, "open the install page",
		chromedp.Navigate(testkit.InstallPageURL(srv, testkit.ThirdSuite, testkit.PreAuthCode(t, srv, tok), vendor.URL+"/installed", "inst1")),
		browsertest.Visible("#install"),
	)
	browsertest.Screenshot(t, tab, "suite-install.png")
	browsertest.Run(t, tab, "pick lisi, only herself, and install",
		chromedp.SetValue(chromedp.CSS("#admin"), testkit.Corp1+" lisi"),
		browsertest.Click("#scope-self"),
		browsertest.Click("#install"),
		browsertest.Visible("#auth-code"),
	)
	code, state := browsertest.Text(t, tab, "#auth-code"), browsertest.Text(t, tab, "#state")
	if code == "" || state != "inst1" {
		t.Fatalf("the vendor got auth_code %q, state %q", code, state)
	}
	b := testkit.DecodeStrict[testkit.PermanentCodeBody](t, testkit.OKBody(t, testkit.PostSuite(t, srv, "/cgi-bin/service/get_permanent_code", tok,
		map[string]string{"auth_code": code})))
	if p := b.AuthInfo.Agent[0].Privilege; b.AuthUserInfo.UserID != "lisi" || len(p.AllowUser) != 1 || p.AllowUser[0] != "lisi" {
		t.Errorf("installed by %q with privilege %+v", b.AuthUserInfo.UserID, p)
	}

	// Without a redirect_uri the page itself shows the auth_code; corp 1
	// now has the suite, so its admins are greyed out and corp 2's is picked.
	browsertest.Run(t, tab, "install without a redirect_uri",
		chromedp.Navigate(testkit.InstallPageURL(srv, testkit.ThirdSuite, testkit.PreAuthCode(t, srv, tok), "", "")),
		browsertest.Click("#install"),
		browsertest.Visible("#auth-code"),
	)
	if code := strings.TrimSpace(browsertest.Text(t, tab, "#auth-code")); code == "" {
		t.Error("the install page shows no auth_code")
	}
}

package browsertest_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/browsertest"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

func TestBrowserOAuthLogin(t *testing.T) {
	srv := mockserver.NewTest(t)
	app := newTestApp(t, srv)
	tab := browsertest.NewBrowser(t)

	browsertest.Run(t, tab, "open the app and start the login",
		chromedp.Navigate(app.URL),
		browsertest.Click("#oauth"),
		browsertest.Visible(`button[data-userid="zhangsan"]`),
	)
	browsertest.Screenshot(t, tab, "oauth-login.png")
	browsertest.Run(t, tab, "pick zhangsan", browsertest.Click(`button[data-userid="zhangsan"]`), browsertest.Visible("#who"))
	if who, state := browsertest.Text(t, tab, "#who"), browsertest.Text(t, tab, "#state"); who != "zhangsan" || state != "oauth1" {
		t.Errorf("the app saw userid %q, state %q; want zhangsan, oauth1", who, state)
	}

	// A visitor who is not a member gets an openid.
	browsertest.Run(t, tab, "log in as a visitor",
		chromedp.Navigate(app.URL),
		browsertest.Click("#oauth"),
		browsertest.Click(`button[data-visitor="1"]`),
		browsertest.Visible("#openid"),
	)

	// An app whose callback is not under a trusted domain gets an error
	// page that says how to fix the fixtures.
	browsertest.Run(t, tab, "open an untrusted redirect",
		chromedp.Navigate(testkit.AuthorizeURL(srv, "redirect_uri", "https://app.example.com:8443/wecom/callback")),
		browsertest.Visible(".snippet"),
	)
	if h := browsertest.Text(t, tab, ".error h1"); h != "redirect_uri需使用应用可信域名" {
		t.Errorf("error headline %q", h)
	}
	browsertest.Screenshot(t, tab, "oauth-error.png")
}

func TestBrowserOAuthPrivateInfo(t *testing.T) {
	srv := mockserver.NewTest(t)
	app := newTestApp(t, srv)
	tab := browsertest.NewBrowser(t)

	browsertest.Run(t, tab, "start a snsapi_privateinfo login and pick zhangsan",
		chromedp.Navigate(app.URL),
		browsertest.Click("#oauth-private"),
		browsertest.Click(`button[data-userid="zhangsan"]`),
		browsertest.Visible("#allow"),
	)
	browsertest.Screenshot(t, tab, "oauth-consent.png")
	browsertest.Run(t, tab, "allow", browsertest.Click("#allow"), browsertest.Visible("#mobile"))
	if who, mobile := browsertest.Text(t, tab, "#who"), browsertest.Text(t, tab, "#mobile"); who != "zhangsan" || mobile != "13800000001" {
		t.Errorf("the app saw %q with mobile %q", who, mobile)
	}

	browsertest.Run(t, tab, "deny",
		chromedp.Navigate(app.URL),
		browsertest.Click("#oauth-private"),
		browsertest.Click(`button[data-userid="lisi"]`),
		browsertest.Click("#deny"),
		browsertest.Visible(`a[href^="/connect/oauth2/authorize?"]`),
	)
	browsertest.Run(t, tab, "back to the list", browsertest.Click(`a[href^="/connect/oauth2/authorize?"]`), browsertest.Visible(`button[data-userid="lisi"]`))
}

// TestBrowserPagesShowMarkupAsText checks in a real browser that a member
// whose name and position are markup are shown as text: no element, no
// script of theirs.
func TestBrowserPagesShowMarkupAsText(t *testing.T) {
	srv := mockserver.NewTest(t, mockserver.WithFixtures(testkit.LoginWorld(t)))
	tab := browsertest.NewBrowser(t)
	browsertest.Run(t, tab, "open the authorize page", chromedp.Navigate(testkit.AuthorizeURL(srv)), browsertest.Visible(`button[data-userid="xss"]`))
	if name := browsertest.Text(t, tab, `button[data-userid="xss"] .name`); name != `<script>alert("x")</script>` {
		t.Errorf("the member's name shows as %q", name)
	}
	n, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll("script, b").length`))
	if err != nil || n != 0 {
		t.Errorf("the page has %d script or b elements (%v); the fixtures' markup became HTML", n, err)
	}
}

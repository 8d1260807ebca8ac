package mockserver_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

func TestBrowserOAuthLogin(t *testing.T) {
	srv := mockserver.NewTest(t)
	app := newTestApp(t, srv)
	tab := newBrowser(t)

	run(t, tab, "open the app and start the login",
		chromedp.Navigate(app.URL),
		click("#oauth"),
		visible(`button[data-userid="zhangsan"]`),
	)
	screenshot(t, tab, "oauth-login.png")
	run(t, tab, "pick zhangsan", click(`button[data-userid="zhangsan"]`), visible("#who"))
	if who, state := text(t, tab, "#who"), text(t, tab, "#state"); who != "zhangsan" || state != "oauth1" {
		t.Errorf("the app saw userid %q, state %q; want zhangsan, oauth1", who, state)
	}

	// A visitor who is not a member gets an openid.
	run(t, tab, "log in as a visitor",
		chromedp.Navigate(app.URL),
		click("#oauth"),
		click(`button[data-visitor="1"]`),
		visible("#openid"),
	)

	// An app whose callback is not under a trusted domain gets an error
	// page that says how to fix the fixtures.
	run(t, tab, "open an untrusted redirect",
		chromedp.Navigate(testkit.AuthorizeURL(srv, "redirect_uri", "https://app.example.com:8443/wecom/callback")),
		visible(".snippet"),
	)
	if h := text(t, tab, ".error h1"); h != "redirect_uri需使用应用可信域名" {
		t.Errorf("error headline %q", h)
	}
	screenshot(t, tab, "oauth-error.png")
}

func TestBrowserOAuthPrivateInfo(t *testing.T) {
	srv := mockserver.NewTest(t)
	app := newTestApp(t, srv)
	tab := newBrowser(t)

	run(t, tab, "start a snsapi_privateinfo login and pick zhangsan",
		chromedp.Navigate(app.URL),
		click("#oauth-private"),
		click(`button[data-userid="zhangsan"]`),
		visible("#allow"),
	)
	screenshot(t, tab, "oauth-consent.png")
	run(t, tab, "allow", click("#allow"), visible("#mobile"))
	if who, mobile := text(t, tab, "#who"), text(t, tab, "#mobile"); who != "zhangsan" || mobile != "13800000001" {
		t.Errorf("the app saw %q with mobile %q", who, mobile)
	}

	run(t, tab, "deny",
		chromedp.Navigate(app.URL),
		click("#oauth-private"),
		click(`button[data-userid="lisi"]`),
		click("#deny"),
		visible(`a[href^="/connect/oauth2/authorize?"]`),
	)
	run(t, tab, "back to the list", click(`a[href^="/connect/oauth2/authorize?"]`), visible(`button[data-userid="lisi"]`))
}

// TestBrowserPagesShowMarkupAsText checks in a real browser that a member
// whose name and position are markup are shown as text: no element, no
// script of theirs.
func TestBrowserPagesShowMarkupAsText(t *testing.T) {
	srv := mockserver.NewTest(t, mockserver.WithFixtures(testkit.LoginWorld(t)))
	tab := newBrowser(t)
	run(t, tab, "open the authorize page", chromedp.Navigate(testkit.AuthorizeURL(srv)), visible(`button[data-userid="xss"]`))
	if name := text(t, tab, `button[data-userid="xss"] .name`); name != `<script>alert("x")</script>` {
		t.Errorf("the member's name shows as %q", name)
	}
	n, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll("script, b").length`))
	if err != nil || n != 0 {
		t.Errorf("the page has %d script or b elements (%v); the fixtures' markup became HTML", n, err)
	}
}

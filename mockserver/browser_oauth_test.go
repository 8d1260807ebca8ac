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
	tab := testkit.NewBrowser(t)

	testkit.Run(t, tab, "open the app and start the login",
		chromedp.Navigate(app.URL),
		testkit.Click("#oauth"),
		testkit.Visible(`button[data-userid="zhangsan"]`),
	)
	testkit.Screenshot(t, tab, "oauth-login.png")
	testkit.Run(t, tab, "pick zhangsan", testkit.Click(`button[data-userid="zhangsan"]`), testkit.Visible("#who"))
	if who, state := testkit.Text(t, tab, "#who"), testkit.Text(t, tab, "#state"); who != "zhangsan" || state != "oauth1" {
		t.Errorf("the app saw userid %q, state %q; want zhangsan, oauth1", who, state)
	}

	// A visitor who is not a member gets an openid.
	testkit.Run(t, tab, "log in as a visitor",
		chromedp.Navigate(app.URL),
		testkit.Click("#oauth"),
		testkit.Click(`button[data-visitor="1"]`),
		testkit.Visible("#openid"),
	)

	// An app whose callback is not under a trusted domain gets an error
	// page that says how to fix the fixtures.
	testkit.Run(t, tab, "open an untrusted redirect",
		chromedp.Navigate(testkit.AuthorizeURL(srv, "redirect_uri", "https://app.example.com:8443/wecom/callback")),
		testkit.Visible(".snippet"),
	)
	if h := testkit.Text(t, tab, ".error h1"); h != "redirect_uri需使用应用可信域名" {
		t.Errorf("error headline %q", h)
	}
	testkit.Screenshot(t, tab, "oauth-error.png")
}

func TestBrowserOAuthPrivateInfo(t *testing.T) {
	srv := mockserver.NewTest(t)
	app := newTestApp(t, srv)
	tab := testkit.NewBrowser(t)

	testkit.Run(t, tab, "start a snsapi_privateinfo login and pick zhangsan",
		chromedp.Navigate(app.URL),
		testkit.Click("#oauth-private"),
		testkit.Click(`button[data-userid="zhangsan"]`),
		testkit.Visible("#allow"),
	)
	testkit.Screenshot(t, tab, "oauth-consent.png")
	testkit.Run(t, tab, "allow", testkit.Click("#allow"), testkit.Visible("#mobile"))
	if who, mobile := testkit.Text(t, tab, "#who"), testkit.Text(t, tab, "#mobile"); who != "zhangsan" || mobile != "13800000001" {
		t.Errorf("the app saw %q with mobile %q", who, mobile)
	}

	testkit.Run(t, tab, "deny",
		chromedp.Navigate(app.URL),
		testkit.Click("#oauth-private"),
		testkit.Click(`button[data-userid="lisi"]`),
		testkit.Click("#deny"),
		testkit.Visible(`a[href^="/connect/oauth2/authorize?"]`),
	)
	testkit.Run(t, tab, "back to the list", testkit.Click(`a[href^="/connect/oauth2/authorize?"]`), testkit.Visible(`button[data-userid="lisi"]`))
}

// TestBrowserPagesShowMarkupAsText checks in a real browser that a member
// whose name and position are markup are shown as text: no element, no
// script of theirs.
func TestBrowserPagesShowMarkupAsText(t *testing.T) {
	srv := mockserver.NewTest(t, mockserver.WithFixtures(testkit.LoginWorld(t)))
	tab := testkit.NewBrowser(t)
	testkit.Run(t, tab, "open the authorize page", chromedp.Navigate(testkit.AuthorizeURL(srv)), testkit.Visible(`button[data-userid="xss"]`))
	if name := testkit.Text(t, tab, `button[data-userid="xss"] .name`); name != `<script>alert("x")</script>` {
		t.Errorf("the member's name shows as %q", name)
	}
	n, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll("script, b").length`))
	if err != nil || n != 0 {
		t.Errorf("the page has %d script or b elements (%v); the fixtures' markup became HTML", n, err)
	}
}
